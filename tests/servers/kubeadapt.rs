//! `examples/kubeadapt.rs`: FastAPI's `detail` shape.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::common::{Answer, Checked, spawn_checked};
use apifault_examples::kubeadapt::{app, openapi};

/// Serves `app`, every response checked against the server's OpenAPI document.
async fn spawn(app: axum::Router) -> Checked {
    spawn_checked(app, &openapi()).await
}

const DEMO_KEY: &str = "Bearer demo-key";
const NO_RECS_KEY: &str = "Bearer no-recs-key";

/// `GET url`, with the `authorization` header when given.
async fn get(client: &reqwest::Client, url: String, authorization: Option<&str>) -> Answer {
    let mut request = client.get(url);
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    Answer::from(request.send().await.unwrap()).await
}

/// `POST url` with a JSON body.
async fn post(
    client: &reqwest::Client,
    url: String,
    authorization: &str,
    body: &'static str,
) -> Answer {
    let response = client
        .post(url)
        .header("authorization", authorization)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

/// Sends a body larger than the server takes. The server answers before it has read the body
/// and closes the connection, and the kernel may then reset it while the client is still
/// writing, losing the answer (a race of TCP, not of the server; see `tests/edge.rs`). So a
/// transport error is tried again, a few times; the answer that arrives is the one checked.
async fn send_huge(request: reqwest::RequestBuilder) -> Answer {
    for _ in 0..5 {
        let attempt = request
            .try_clone()
            .expect("a body in memory can be sent again");
        match attempt.send().await {
            Ok(response) => return Answer::from(response).await,
            Err(error) if error.is_request() || error.is_body() || error.is_connect() => {}
            Err(error) => panic!("{error}"),
        }
    }
    panic!("no answer to a huge body in five tries")
}

fn assert_error(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.body, body);
    assert!(
        answer.headers.get("retry-after").is_none(),
        "{:?}",
        answer.headers
    );
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn authentication_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let required = r#"{"detail":"API key required. Use 'Authorization: Bearer <api_key>'"}"#;

    let answer = get(&client, format!("{base}/v1/clusters"), None).await;
    assert_error(&answer, 401, required);

    // Not a bearer token: the same advice.
    let answer = get(
        &client,
        format!("{base}/v1/clusters"),
        Some("Basic demo-key"),
    )
    .await;
    assert_error(&answer, 401, required);
    let answer = get(&client, format!("{base}/v1/clusters"), Some("Bearer ")).await;
    assert_error(&answer, 401, required);

    let answer = get(&client, format!("{base}/v1/clusters"), Some("Bearer nope")).await;
    assert_error(&answer, 401, r#"{"detail":"Invalid API key"}"#);

    // Authentication comes before everything else, on every route.
    let answer = get(
        &client,
        format!("{base}/v1/clusters/not-an-id/recommendations?timeframe=abc"),
        Some("Bearer nope"),
    )
    .await;
    assert_error(&answer, 401, r#"{"detail":"Invalid API key"}"#);
    let answer = client
        .post(format!("{base}/v1/clusters"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_error(&Answer::from(answer).await, 401, required);
}

#[tokio::test]
async fn cluster_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    for malformed in [
        "cluster-1",
        "c-1A2B3C4D",
        "c-1a2b3c4",
        "c-1a2b3c4d5",
        "c-1a2b3c4g",
    ] {
        let answer = get(
            &client,
            format!("{base}/v1/clusters/{malformed}"),
            Some(DEMO_KEY),
        )
        .await;
        assert_error(&answer, 400, r#"{"detail":"Invalid cluster ID format"}"#);
    }

    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-0badf00d"),
        Some(DEMO_KEY),
    )
    .await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Access to this cluster is not allowed"}"#,
    );

    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-00000099"),
        Some(DEMO_KEY),
    )
    .await;
    assert_error(&answer, 404, r#"{"detail":"Cluster not found"}"#);

    // The same checks guard the recommendations of a cluster.
    let answer = get(
        &client,
        format!("{base}/v1/clusters/cluster-1/recommendations"),
        Some(DEMO_KEY),
    )
    .await;
    assert_error(&answer, 400, r#"{"detail":"Invalid cluster ID format"}"#);
    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-0badf00d/recommendations"),
        Some(DEMO_KEY),
    )
    .await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Access to this cluster is not allowed"}"#,
    );
    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-00000099/recommendations"),
        Some(DEMO_KEY),
    )
    .await;
    assert_error(&answer, 404, r#"{"detail":"Cluster not found"}"#);
}

#[tokio::test]
async fn recommendation_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let url = |query: &str| format!("{base}/v1/clusters/c-1a2b3c4d/recommendations{query}");

    let answer = get(&client, url(""), Some(NO_RECS_KEY)).await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Missing required permission: recommendations:read"}"#,
    );
    // The permission is checked before the query, as a FastAPI dependency is.
    let answer = get(&client, url("?timeframe=abc"), Some(NO_RECS_KEY)).await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Missing required permission: recommendations:read"}"#,
    );

    // DESIGN.md's golden body, and FastAPI's for the same request.
    let answer = get(&client, url("?timeframe=abc"), Some(DEMO_KEY)).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#,
    );
    let answer = get(&client, url("?timeframe=7.5"), Some(DEMO_KEY)).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"7.5"}]}"#,
    );

    let answer = get(&client, url("?timeframe=0"), Some(DEMO_KEY)).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"greater_than_equal","loc":["query","timeframe"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}"#,
    );
    let answer = get(&client, url("?timeframe=91"), Some(DEMO_KEY)).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"less_than_equal","loc":["query","timeframe"],"msg":"Input should be less than or equal to 90","input":"91","ctx":{"le":90}}]}"#,
    );

    // A valid query is checked before the cluster id, as FastAPI validates before the handler.
    let answer = get(
        &client,
        format!("{base}/v1/clusters/cluster-1/recommendations?timeframe=0"),
        Some(DEMO_KEY),
    )
    .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
}

#[tokio::test]
async fn create_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let url = || format!("{base}/v1/clusters");

    let answer = post(
        &client,
        url(),
        NO_RECS_KEY,
        r#"{"name":"a","node_count":1}"#,
    )
    .await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Missing required permission: clusters:write"}"#,
    );
    // The permission is checked before the body.
    let answer = post(&client, url(), NO_RECS_KEY, "{").await;
    assert_error(
        &answer,
        403,
        r#"{"detail":"Missing required permission: clusters:write"}"#,
    );

    let answer = post(
        &client,
        url(),
        DEMO_KEY,
        r#"{"name":"a","node_count":"three"}"#,
    )
    .await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"int_parsing","loc":["body","node_count"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"three"}]}"#,
    );

    // FastAPI echoes the object the field is missing from (tests/goldens/fastapi.json).
    let answer = post(&client, url(), DEMO_KEY, r#"{"name":"a"}"#).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"missing","loc":["body","node_count"],"msg":"Field required","input":{"name":"a"}}]}"#,
    );

    // The position is Python's `JSONDecodeError.pos` (char 8); FastAPI would add
    // `"input":{},"ctx":{"error":"Expecting ':' delimiter"}`.
    let answer = post(&client, url(), DEMO_KEY, r#"{"name" "a"}"#).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"json_invalid","loc":["body"],"msg":"JSON decode error"}]}"#,
    );

    // Every problem of the body in one list, in field order.
    let answer = post(&client, url(), DEMO_KEY, r#"{"name":"","node_count":0}"#).await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},{"type":"greater_than_equal","loc":["body","node_count"],"msg":"Input should be greater than or equal to 1","input":0,"ctx":{"ge":1}}]}"#,
    );
    let answer = post(
        &client,
        url(),
        DEMO_KEY,
        r#"{"name":"a","node_count":5001}"#,
    )
    .await;
    assert_error(
        &answer,
        422,
        r#"{"detail":[{"type":"less_than_equal","loc":["body","node_count"],"msg":"Input should be less than or equal to 5000","input":5001,"ctx":{"le":5000}}]}"#,
    );

    // Nothing was created.
    let answer = get(&client, url(), Some(DEMO_KEY)).await;
    assert_eq!(
        answer.body,
        r#"{"clusters":[{"id":"c-1a2b3c4d","name":"prod-eu","node_count":12},{"id":"c-5e6f7a8b","name":"staging-us","node_count":3}]}"#
    );
}

#[tokio::test]
async fn unknown_route_and_method() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = get(&client, format!("{base}/v1/nope"), Some(DEMO_KEY)).await;
    assert_error(&answer, 404, r#"{"detail":"Not Found"}"#);

    let answer = client
        .delete(format!("{base}/v1/clusters"))
        .header("authorization", DEMO_KEY)
        .send()
        .await
        .unwrap();
    let answer = Answer::from(answer).await;
    assert_error(&answer, 405, r#"{"detail":"Method Not Allowed"}"#);
    assert_eq!(answer.header("allow"), "GET,HEAD,POST");
}

/// The 101st request of a key within a minute is a 429 with `Retry-After` and the
/// `X-RateLimit-*` headers; the limit is per key, and authentication comes first.
#[tokio::test]
async fn rate_limit_after_100_requests_per_key() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let url = || format!("{base}/v1/clusters");

    let before = unix_now();
    for n in 1..=100 {
        let answer = get(&client, url(), Some(DEMO_KEY)).await;
        assert_eq!(answer.status, 200, "request {n}: {}", answer.body);
    }
    let answer = get(&client, url(), Some(DEMO_KEY)).await;
    let after = unix_now();
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.body, r#"{"detail":"Rate limit exceeded"}"#);
    assert_eq!(answer.header("x-ratelimit-limit"), "100");
    assert_eq!(answer.header("x-ratelimit-remaining"), "0");
    let retry_after: u64 = answer.header("retry-after").parse().unwrap();
    assert!(
        (1..=60).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    let reset: u64 = answer.header("x-ratelimit-reset").parse().unwrap();
    assert!(
        (before + 60..=after + 61).contains(&reset),
        "X-RateLimit-Reset: {reset}, now {after}"
    );
    assert!(
        reset.abs_diff(after + retry_after) <= 2,
        "X-RateLimit-Reset {reset} and Retry-After {retry_after} disagree at {after}"
    );

    // Still limited, on every route.
    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-1a2b3c4d"),
        Some(DEMO_KEY),
    )
    .await;
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert_eq!(answer.body, r#"{"detail":"Rate limit exceeded"}"#);

    // Another key has its own count; requests without a valid key are not counted as its.
    let answer = get(&client, url(), Some(NO_RECS_KEY)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = get(&client, url(), Some("Bearer nope")).await;
    assert_error(&answer, 401, r#"{"detail":"Invalid API key"}"#);
}

#[tokio::test]
async fn success_paths() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-1a2b3c4d"),
        Some(NO_RECS_KEY),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(
        answer.body,
        r#"{"id":"c-1a2b3c4d","name":"prod-eu","node_count":12}"#
    );

    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-1a2b3c4d/recommendations?timeframe=7"),
        Some(DEMO_KEY),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body,
        r#"{"cluster_id":"c-1a2b3c4d","timeframe":7,"recommendations":[{"workload":"checkout","resource":"cpu","current":"2000m","recommended":"750m"},{"workload":"checkout","resource":"memory","current":"4Gi","recommended":"1536Mi"}]}"#
    );

    let answer = post(
        &client,
        format!("{base}/v1/clusters"),
        DEMO_KEY,
        r#"{"name":"dev","node_count":2}"#,
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(
        answer.body,
        r#"{"id":"c-00000001","name":"dev","node_count":2}"#
    );

    // A new cluster has no usage data yet; `timeframe` defaults to 30 days.
    let answer = get(
        &client,
        format!("{base}/v1/clusters/c-00000001/recommendations"),
        Some(DEMO_KEY),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body,
        r#"{"cluster_id":"c-00000001","timeframe":30,"recommendations":[]}"#
    );
}

/// The bounds `Valid` checks are inclusive, as Pydantic's `ge`/`le`: 1 and 5000 nodes, 1 and
/// 90 days are accepted.
#[tokio::test]
async fn bounds_are_inclusive() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    for (body, created) in [
        (
            r#"{"name":"a","node_count":1}"#,
            r#"{"id":"c-00000001","name":"a","node_count":1}"#,
        ),
        (
            r#"{"name":"b","node_count":5000}"#,
            r#"{"id":"c-00000002","name":"b","node_count":5000}"#,
        ),
    ] {
        let answer = post(&client, format!("{base}/v1/clusters"), DEMO_KEY, body).await;
        assert_eq!((answer.status, answer.body.as_str()), (201, created));
    }
    for days in [1, 90] {
        let answer = get(
            &client,
            format!("{base}/v1/clusters/c-00000001/recommendations?timeframe={days}"),
            Some(DEMO_KEY),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(
            answer.body,
            format!(r#"{{"cluster_id":"c-00000001","timeframe":{days},"recommendations":[]}}"#)
        );
    }
}

/// The rate limit's memory: nothing for missing or made-up keys, one window per known key.
#[tokio::test]
async fn rate_limit_state_is_bounded() {
    use apifault_examples::kubeadapt::{MAX_TRACKED_KEYS, app_with_probe};

    let (router, probe) = app_with_probe();
    let base = spawn(router).await;
    let client = reqwest::Client::new();
    for i in 0..500 {
        let answer = get(
            &client,
            format!("{base}/v1/clusters"),
            Some(&format!("Bearer made-up-{i}")),
        )
        .await;
        assert_eq!(answer.status, 401, "{}", answer.body);
    }
    let missing = get(&client, format!("{base}/v1/clusters"), None).await;
    assert_eq!(missing.status, 401);
    assert_eq!(probe.tracked_keys(), 0, "refused keys left state");

    for key in ["demo-key", "no-recs-key", "demo-key"] {
        let answer = get(
            &client,
            format!("{base}/v1/clusters"),
            Some(&format!("Bearer {key}")),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    assert_eq!(probe.tracked_keys(), 2);
    assert_eq!(MAX_TRACKED_KEYS, 2);
}

/// Every `kubeadapt_` case of `tests/goldens/fastapi.json` (written by
/// `scripts/fastapi_goldens.py` with FastAPI itself, for this server's models): the server's
/// 422 bodies are FastAPI's bytes, the bodies that mix type problems and rule violations
/// (`kubeadapt_name_*`, `kubeadapt_node_count_float_name_empty`) included, and a negative
/// node count (a rule violation, `ge=1`, not a type problem).
#[tokio::test]
async fn validation_bodies_are_fastapis() {
    #[derive(serde::Deserialize)]
    struct Golden {
        name: String,
        method: String,
        url: String,
        body: Option<String>,
        status: u16,
        response: String,
    }
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../goldens/fastapi.json")).unwrap();
    let cases: Vec<Golden> = serde_json::from_value(file["cases"].clone()).unwrap();
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let mut compared = 0;
    for case in cases
        .iter()
        .filter(|case| case.name.starts_with("kubeadapt_"))
    {
        let answer = match (case.method.as_str(), &case.body) {
            ("POST", Some(body)) => {
                let body: &'static str = Box::leak(body.clone().into_boxed_str());
                post(&client, format!("{base}{}", case.url), DEMO_KEY, body).await
            }
            _ => get(&client, format!("{base}{}", case.url), Some(DEMO_KEY)).await,
        };
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (case.status, case.response.as_str()),
            "{}",
            case.name
        );
        compared += 1;
    }
    assert_eq!(compared, 14);
}

/// What the extractors reject besides a body or query of the wrong shape: a cluster id that is
/// not UTF-8 once percent-decoded, a body not sent as JSON (both FastAPI's 422, not a 400 or
/// a 415) and a body too large (the edge's 413).
#[tokio::test]
async fn path_media_type_and_size_rejections() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    for url in [
        format!("{base}/v1/clusters/%FF"),
        format!("{base}/v1/clusters/%FF/recommendations"),
    ] {
        let answer = get(&client, url, Some(DEMO_KEY)).await;
        assert_error(
            &answer,
            422,
            r#"{"detail":[{"type":"string_unicode","loc":["path","cluster_id"],"msg":"Input should be valid UTF-8"}]}"#,
        );
    }

    let not_json = r#"{"detail":[{"type":"content_type","loc":["body"],"msg":"Expected request with `Content-Type: application/json`"}]}"#;
    let answer = client
        .post(format!("{base}/v1/clusters"))
        .header("authorization", DEMO_KEY)
        .header("content-type", "text/plain")
        .body(r#"{"name":"a","node_count":1}"#)
        .send()
        .await
        .unwrap();
    assert_error(&Answer::from(answer).await, 422, not_json);
    let answer = client
        .post(format!("{base}/v1/clusters"))
        .header("authorization", DEMO_KEY)
        .body(r#"{"name":"a","node_count":1}"#)
        .send()
        .await
        .unwrap();
    assert_error(&Answer::from(answer).await, 422, not_json);

    let huge = client
        .post(format!("{base}/v1/clusters"))
        .header("authorization", DEMO_KEY)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"name":"{}","node_count":1}}"#,
            "a".repeat(3 << 20)
        ));
    assert_error(
        &send_huge(huge).await,
        413,
        r#"{"detail":"The request body is too large."}"#,
    );
}
