//! A reqwest client of the Connect-style server that matches on typed errors: it starts the
//! server on a free loopback port, provokes its errors, decodes each response back into
//! `ConnectError` (feature `client`), and retries a stale update the way the commercetools
//! TypeScript client's concurrent-modification middleware does: once, with the same body and
//! `version` set to the 409's `currentVersion`.
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

/// A stale update, recovered. commercetools' TypeScript client (`@commercetools/ts-client`,
/// `withConcurrentModificationMiddleware()`) answers a 409 by re-sending the same update,
/// once, with `version` replaced by `errors[0].currentVersion`; here the typed 409 gives it.
async fn update_as_the_typescript_client_does(
    post: &impl Fn(&str, String) -> reqwest::RequestBuilder,
) -> Result<(), String> {
    let mut update = serde_json::json!({
        "version": 7,
        "actions": [{"action": "setRegion", "region": "us-east1"}],
    });
    let mut retried = false;
    loop {
        let response = send(post("/deployments/key=shop", update.to_string())).await?;
        let Some(errors) = errors(response).await? else {
            println!("updated with version {}", update["version"]);
            return Ok(());
        };
        match errors.into_iter().next().and_then(Received::into_known) {
            Some(ConnectError::ConcurrentModification {
                current_version, ..
            }) if !retried => {
                println!(
                    "version {} is stale; retrying with {current_version}",
                    update["version"]
                );
                update["version"] = current_version.into();
                retried = true;
            }
            other => return Err(format!("unexpected answer: {other:?}")),
        }
    }
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
            client.get(format!("{base}/deployments/key=nope")),
        ),
        (
            "an unknown update action",
            post(
                "/deployments/key=shop",
                r#"{"version":1,"actions":[{"action":"rename"}]}"#.into(),
            ),
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
                Received::Known {
                    error: ConnectError::InvalidOperation { .. },
                    message,
                } => {
                    println!("{what}: refused ({message})");
                }
                Received::Known { error, message } => {
                    println!("{what}: {} ({message})", error.code());
                }
                Received::Unknown(unknown) => println!("{what}: unknown error {:?}", unknown.code),
            }
        }
    }

    update_as_the_typescript_client_does(&post).await
}

#[tokio::main]
async fn main() {
    if let Err(message) = run().await {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
