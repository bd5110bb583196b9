//! Prints the OpenAPI document of the Konnect-style API (`examples/konnect.rs`): every route
//! with the errors it can answer with, one response per status, each listing its variants
//! with a named example body, generated from `KonnectError` with the `utoipa` feature.
//!
//! ```text
//! cargo run -p apifault-examples --example openapi
//! ```

fn main() {
    match apifault_examples::konnect::openapi().to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(error) => {
            eprintln!("cannot print the OpenAPI document: {error}");
            std::process::exit(1);
        }
    }
}
