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

use std::net::SocketAddr;

use axum::Router;

pub mod connect;
pub mod konnect;
pub mod konpro;
pub mod kubeadapt;

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
