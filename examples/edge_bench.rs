//! The cost of apifault over HTTP, measured side by side in one run (BENCHMARKS.md, "Over
//! HTTP"): `cargo run --release -p apifault-examples --example edge_bench -- [ROUNDS]`.
//!
//! Axum servers on loopback, driven by the same keep-alive client:
//! - the error path: a handler returning a derived error (commercetools'
//!   `ConcurrentModification`, 409, `errors` format), alone and inside `Contract`, against a
//!   handler returning the same bytes by hand with `axum::Json` of a serde struct;
//! - the success path: a handler answering `200 ok` inside `Contract`, against the same router
//!   without it (the setup's overhead on requests that succeed).
//!
//! Each round measures every server once, in an order that alternates, so drift in the
//! machine's load falls on both sides; the ratio is taken per round and the median reported.
//! `-- --only NAME REQUESTS` runs one server alone, single-threaded, for instruction counts
//! under callgrind (BENCHMARKS.md shows how).

use std::time::{Duration, Instant};

use apifault::axum::Contract;
// The Connect API's errors, as the render benchmarks and the golden tests have them.
use apifault_examples::fixture::ConnectError;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use serde::Serialize;

async fn derived() -> ConnectError {
    ConnectError::ConcurrentModification {
        resource_id: "abc".into(),
        resource_key: "k1".into(),
        expected_version: 3,
        current_version: 4,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    status_code: u16,
    message: String,
    errors: Vec<Item>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    code: &'static str,
    message: String,
    expected_version: i64,
    current_version: i64,
}

async fn by_hand() -> (StatusCode, axum::Json<Body>) {
    let (id, key, expected, current) = ("abc", "k1", 3, 4);
    let message = format!(
        "Object id={id} or key={key} has a different version than expected. Expected: {expected} - Actual: {current})"
    );
    let body = Body {
        status_code: 409,
        message: message.clone(),
        errors: vec![Item {
            code: "ConcurrentModification",
            message,
            expected_version: expected,
            current_version: current,
        }],
    };
    (StatusCode::CONFLICT, axum::Json(body))
}

async fn ok_static_id() -> impl axum::response::IntoResponse {
    ([("x-request-id", "0123456789abcdef0123456789abcdef")], "ok")
}

async fn ok() -> &'static str {
    "ok"
}

async fn spawn(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

/// Requests per second of `url` over `CONNECTIONS` keep-alive connections.
async fn rate(client: &reqwest::Client, url: &str) -> f64 {
    const CONNECTIONS: u32 = 8;
    const PER_CONNECTION: u32 = 400;
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let client = client.clone();
            let url = url.to_owned();
            tokio::spawn(async move {
                for _ in 0..PER_CONNECTION {
                    let response = client.get(&url).send().await.unwrap();
                    response.bytes().await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    f64::from(CONNECTIONS * PER_CONNECTION) / start.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The servers, by the name `--only` takes.
fn router(name: &str) -> Router {
    let contract = || Contract::<ConnectError>::new();
    match name {
        "derived" => Router::new().route("/", get(derived)),
        "derived_contract" => Router::new().route("/", get(derived)).layer(contract()),
        "by_hand" => Router::new().route("/", get(by_hand)),
        "ok_contract" => Router::new().route("/", get(ok)).layer(contract()),
        "ok_contract_every_id" => Router::new()
            .route("/", get(ok))
            .layer(contract().ids_on_every_response()),
        "ok_plain" => Router::new().route("/", get(ok)),
        // What sending a 32-digit `x-request-id` costs by itself (server and client), with no
        // id made: the share of the header's transport in the figures above.
        "ok_plain_static_id" => Router::new().route("/", get(ok_static_id)),
        // What the request id alone costs (its header is written and read on every response).
        "ok_request_id" => Router::new()
            .route("/", get(ok))
            .layer(apifault::axum::RequestIdLayer::new()),
        other => panic!("no server `{other}`"),
    }
}

/// `--only NAME REQUESTS`: one server, that many requests on one connection, nothing else;
/// run under `valgrind --tool=callgrind` at two request counts, the difference of the
/// instruction totals divided by the difference of the counts is the cost of one request
/// (client and server), which the machine's load does not change.
async fn only(name: &str, requests: u32) {
    let url = spawn(router(name)).await;
    let client = reqwest::Client::new();
    for _ in 0..requests {
        let response = client.get(&url).send().await.unwrap();
        response.bytes().await.unwrap();
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--only") {
        let requests = args
            .get(2)
            .map_or(1000, |n| n.parse().expect("REQUESTS is a number"));
        return only(&args[1], requests).await;
    }
    let rounds: usize = args
        .first()
        .map_or(9, |rounds| rounds.parse().expect("ROUNDS is a number"));
    let contract = || Contract::<ConnectError>::new();
    let derived_url = spawn(Router::new().route("/", get(derived))).await;
    let derived_contract_url =
        spawn(Router::new().route("/", get(derived)).layer(contract())).await;
    let by_hand_url = spawn(Router::new().route("/", get(by_hand))).await;
    let ok_contract_url = spawn(Router::new().route("/", get(ok)).layer(contract())).await;
    let ok_plain_url = spawn(Router::new().route("/", get(ok))).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // The two error servers send the same bytes.
    let derived_body = client
        .get(&derived_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let by_hand_body = client
        .get(&by_hand_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(derived_body, by_hand_body);
    let in_contract = client.get(&derived_contract_url).send().await.unwrap();
    assert_eq!(in_contract.text().await.unwrap(), by_hand_body);

    // Warm up every server and connection.
    for url in [
        &derived_url,
        &derived_contract_url,
        &by_hand_url,
        &ok_contract_url,
        &ok_plain_url,
    ] {
        rate(&client, url).await;
    }
    let mut error_ratios = Vec::new();
    let mut contract_error_ratios = Vec::new();
    let mut success_ratios = Vec::new();
    for round in 0..rounds {
        // Alternating order: a round measures by hand first, the next one last.
        let mut by_hand = 0.0;
        if round % 2 == 0 {
            by_hand = rate(&client, &by_hand_url).await;
        }
        let derived = rate(&client, &derived_url).await;
        let derived_contract = rate(&client, &derived_contract_url).await;
        if round % 2 == 1 {
            by_hand = rate(&client, &by_hand_url).await;
        }
        let (with_contract, without) = if round % 2 == 0 {
            let a = rate(&client, &ok_contract_url).await;
            (a, rate(&client, &ok_plain_url).await)
        } else {
            let b = rate(&client, &ok_plain_url).await;
            (rate(&client, &ok_contract_url).await, b)
        };
        println!(
            "round {round}: error path by hand {by_hand:.0}, derived {derived:.0} ({:.3}), derived in Contract {derived_contract:.0} ({:.3}) req/s; success {with_contract:.0} vs {without:.0} req/s ({:.3})",
            derived / by_hand,
            derived_contract / by_hand,
            with_contract / without
        );
        error_ratios.push(derived / by_hand);
        contract_error_ratios.push(derived_contract / by_hand);
        success_ratios.push(with_contract / without);
    }
    println!(
        "median over {rounds} rounds (req/s ratios): error path derived / axum::Json by hand = {:.3}, derived inside Contract / by hand = {:.3}; success path with Contract / without = {:.3}",
        median(error_ratios),
        median(contract_error_ratios),
        median(success_ratios)
    );
}
