//! Example servers, one per real-world error shape, each modelling the public API its shape
//! comes from. Every module exposes `app()`, the whole server as an axum `Router` with its
//! state in memory; the `examples/*.rs` binaries serve it, and the integration tests drive it
//! over real HTTP.
//!
//! | module | shape | binary |
//! |---|---|---|
//! | [`connect`] | commercetools `errors` | `cargo run -p apifault-examples --example connect` |
//! | [`konnect`] | problem+json, Konnect's profile | `cargo run -p apifault-examples --example konnect` |
//! | [`konpro`] | KonPro's envelope | `cargo run -p apifault-examples --example konpro` |
//! | [`kubeadapt`] | FastAPI's `detail` | `cargo run -p apifault-examples --example kubeadapt` |
//!
//! The servers named in [`DOCUMENTED`] also have `openapi()`, their OpenAPI 3.1 document, from
//! the same utoipa-axum router as `app()`; `cargo run -p apifault-examples --example openapi --
//! <server>` prints it, as committed in `examples/openapi/<server>.json`.
//!
//! utoipa-axum's `OpenApiRouter` (with `routes!`) is how the servers are routed because it
//! registers a handler and its `#[utoipa::path]` documentation in one call: a route cannot be
//! served without being documented, nor documented at a path or method it is not served at.
//! Its 0.2 release is the one for utoipa 5 and axum 0.8, which the workspace uses.

use std::net::SocketAddr;

use axum::Router;

pub mod connect;
pub mod fixture;
pub mod konnect;
pub mod konpro;
pub mod kubeadapt;

/// The servers whose OpenAPI document [`openapi`] gives, by module name.
pub const DOCUMENTED: [&str; 4] = ["connect", "konnect", "konpro", "kubeadapt"];

/// The OpenAPI document of the server named `server` (one of [`DOCUMENTED`]).
///
/// ```
/// let document = apifault_examples::openapi("konnect").unwrap();
/// assert!(document.paths.paths.contains_key("/v2/control-planes/{id}"));
/// assert!(apifault_examples::openapi("nowhere").is_none());
/// ```
#[must_use]
pub fn openapi(server: &str) -> Option<utoipa::openapi::OpenApi> {
    match server {
        "connect" => Some(connect::openapi()),
        "konnect" => Some(konnect::openapi()),
        "konpro" => Some(konpro::openapi()),
        "kubeadapt" => Some(kubeadapt::openapi()),
        _ => None,
    }
}

/// A document as pretty-printed JSON, every object's members sorted by name, ending in a
/// newline: the form of the committed copies, whatever order `serde_json` keeps members in.
#[must_use]
pub fn document_json(document: &utoipa::openapi::OpenApi) -> String {
    fn sorted(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(object) => {
                let mut members: Vec<(String, serde_json::Value)> = object.into_iter().collect();
                members.sort_by(|a, b| a.0.cmp(&b.0));
                serde_json::Value::Object(
                    members
                        .into_iter()
                        .map(|(name, value)| (name, sorted(value)))
                        .collect(),
                )
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(sorted).collect())
            }
            other => other,
        }
    }
    // utoipa's model always serializes.
    let value = serde_json::to_value(document).unwrap_or_default();
    let mut json = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    json.push('\n');
    json
}

/// The address to listen on: `--addr HOST:PORT` (or `--addr=HOST:PORT`), else
/// `127.0.0.1:3000`.
///
/// # Errors
///
/// When `--addr` has no value, the value is not an address, or an argument is unknown.
///
/// ```
/// use apifault_examples::addr_from_args;
///
/// assert_eq!(addr_from_args(Vec::<String>::new()).unwrap().to_string(), "127.0.0.1:3000");
/// assert_eq!(addr_from_args(["--addr", "0.0.0.0:8080"]).unwrap().to_string(), "0.0.0.0:8080");
/// assert_eq!(addr_from_args(["--addr=127.0.0.1:0"]).unwrap().port(), 0);
/// assert!(addr_from_args(["--addr"]).is_err());
/// assert!(addr_from_args(["--port", "1"]).is_err());
/// ```
pub fn addr_from_args<I, S>(args: I) -> Result<SocketAddr, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut addr = "127.0.0.1:3000".to_owned();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.as_ref();
        if let Some(value) = arg.strip_prefix("--addr=") {
            value.clone_into(&mut addr);
        } else if arg == "--addr" {
            let value = args
                .next()
                .ok_or("--addr needs a value: --addr HOST:PORT")?;
            value.as_ref().clone_into(&mut addr);
        } else {
            return Err(format!("unknown argument `{arg}`; usage: --addr HOST:PORT"));
        }
    }
    addr.parse()
        .map_err(|error| format!("`{addr}` is not HOST:PORT: {error}"))
}

/// Runs `app` on the address from the command line, printing `listening on http://ADDR` once
/// bound. Exits with a message on bad arguments or when the address is taken.
pub async fn serve(app: Router) {
    let addr = match addr_from_args(std::env::args().skip(1)) {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {addr}: {error}");
            std::process::exit(1);
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    println!("listening on http://{bound}");
    if let Err(error) = axum::serve(listener, app).await {
        eprintln!("server failed: {error}");
        std::process::exit(1);
    }
}
