//! Prints the OpenAPI 3.1 document of an example server, the one its `openapi()` function
//! returns: built by utoipa-axum's `OpenApiRouter` from the `#[utoipa::path]` annotation of
//! each handler the server routes, so that the document and the routes cannot differ. Each
//! operation has its request body, parameters, security scheme and success response, and the
//! errors it can answer with as a compiler-checked list of the server's variants
//! (`Errors<(konnect_error::Unauthorized, ...)>`: a variant that does not exist does not
//! compile); every variant's body schema is a `$ref` component, every example is the body the
//! server sends, and the edge (unknown routes, wrong methods, 413, 415, 500) is documented as
//! the server answers it. The committed copies are `examples/openapi/<server>.json`.
//!
//! ```text
//! cargo run -p apifault-examples --example openapi               # the Konnect-style server
//! cargo run -p apifault-examples --example openapi -- connect    # or konpro, kubeadapt
//! ```

fn main() {
    let server = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "konnect".to_owned());
    let Some(document) = apifault_examples::openapi(&server) else {
        eprintln!(
            "unknown server `{server}`; one of: {}",
            apifault_examples::DOCUMENTED.join(", ")
        );
        std::process::exit(2);
    };
    print!("{}", apifault_examples::document_json(&document));
}
