//! A reqwest client of the Connect-style server that matches on typed errors: it starts the
//! server on a free loopback port, provokes its errors, decodes each response back into
//! `ConnectError` (feature `client`), and retries a stale update with `currentVersion`, as
//! commercetools' SDKs do.
//!
//! ```text
//! cargo run -p apifault-examples --example client
//! ```

use apifault::ApiError;
use apifault::client::{Decoder, Received, decode_reqwest};
use apifault_examples::connect::{ConnectError, app};

async fn send(request: reqwest::RequestBuilder) -> Result<reqwest::Response, String> {
    request
        .send()
        .await
        .map_err(|error| format!("request failed: {error}"))
}

/// The typed errors of a failed response, or `None` for a success.
async fn errors(
    response: reqwest::Response,
) -> Result<Option<Vec<Received<ConnectError>>>, String> {
    if response.status().is_success() {
        return Ok(None);
    }
    let decoded = decode_reqwest::<ConnectError>(&Decoder::new(), response)
        .await
        .map_err(|error| error.to_string())?;
    Ok(Some(decoded.errors))
}

async fn run() -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let base = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(async move { axum::serve(listener, app()).await });
    let client = reqwest::Client::new();
    let post = |path: &str, body: String| {
        client
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body)
    };

    send(post(
        "/deployments",
        r#"{"key":"shop","region":"europe-west1"}"#.into(),
    ))
    .await?;
    for (what, request) in [
        ("a broken body", post("/deployments", r#"{"key":"#.into())),
        (
            "the same key again",
            post("/deployments", r#"{"key":"shop","region":"x"}"#.into()),
        ),
        (
            "a bad limit",
            client.get(format!("{base}/deployments?limit=many")),
        ),
        (
            "an unknown key",
            client.get(format!("{base}/deployments/nope")),
        ),
    ] {
        for error in errors(send(request).await?).await?.unwrap_or_default() {
            match error {
                Received::Known {
                    error:
                        ConnectError::InvalidJsonInput {
                            detailed_error_message,
                        },
                    ..
                } => {
                    println!("{what}: invalid JSON ({detailed_error_message})");
                }
                Received::Known {
                    error:
                        ConnectError::DuplicateField {
                            field,
                            duplicate_value,
                        },
                    ..
                } => {
                    println!("{what}: {field} {duplicate_value} is taken");
                }
                Received::Known {
                    error:
                        ConnectError::InvalidQueryParam {
                            detailed_error_message,
                        },
                    ..
                } => {
                    println!("{what}: bad query ({detailed_error_message})");
                }
                Received::Known { error, message } => {
                    println!("{what}: {} ({message})", error.code());
                }
                Received::Unknown(unknown) => println!("{what}: unknown error {:?}", unknown.code),
            }
        }
    }

    // A stale version: read `currentVersion` from the typed 409 and retry with it.
    let mut version = 7;
    loop {
        let response = send(post(
            "/deployments/shop",
            format!(r#"{{"version":{version},"region":"us-east1"}}"#),
        ))
        .await?;
        let Some(errors) = errors(response).await? else {
            println!("updated with version {version}");
            return Ok(());
        };
        match errors.into_iter().next().and_then(Received::into_known) {
            Some(ConnectError::ConcurrentModification {
                current_version, ..
            }) if current_version != version => {
                println!("version {version} is stale; retrying with {current_version}");
                version = current_version;
            }
            other => return Err(format!("unexpected answer: {other:?}")),
        }
    }
}

#[tokio::main]
async fn main() {
    if let Err(message) = run().await {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
