//! Prints the error reference of the Connect-style API (`examples/connect.rs`) as Markdown,
//! generated from its error enum: the same text as the committed `examples/errors/connect.md`.
//!
//! ```text
//! cargo run -p apifault-examples --example catalog            # Markdown
//! cargo run -p apifault-examples --example catalog -- --json  # the JSON catalog
//! ```

use apifault::ApiError;
use apifault_examples::connect::ConnectError;

fn main() {
    let catalog = ConnectError::catalog();
    match std::env::args().nth(1).as_deref() {
        None => print!("{}", catalog.to_markdown()),
        Some("--json") => match serde_json::to_string_pretty(&catalog.to_json()) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("cannot print the catalog: {error}");
                std::process::exit(1);
            }
        },
        Some(other) => {
            eprintln!("unknown argument `{other}`; usage: catalog [--json]");
            std::process::exit(2);
        }
    }
}
