//! `examples/konnect.rs`: RFC 9457 problem+json in Kong Konnect's profile.

use std::time::Instant;

use crate::common::{Answer, Checked, spawn_checked};
use apifault_examples::konnect::{app, openapi};

/// Serves `app`, every response checked against the server's OpenAPI document.
async fn spawn(app: axum::Router) -> Checked {
    spawn_checked(app, &openapi()).await
}

/// The request id every request sends, so that `instance` is known.
const REQUEST_ID: &str = "req-42";

/// The id the first control plane gets.
const FIRST_ID: &str = "00000000-0000-4000-8000-000000000001";

/// Sends `request` with `x-request-id: req-42`.
async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request
        .header("x-request-id", REQUEST_ID)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

/// `POST /v2/control-planes` with a bearer token and a JSON body.
async fn create(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    body: impl Into<reqwest::Body>,
) -> Answer {
    send(
        client
            .post(format!("{base}/v2/control-planes"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(body),
    )
    .await
}

/// `GET` of `path` with a bearer token.
async fn get(client: &reqwest::Client, base: &str, path: &str, token: &str) -> Answer {
    send(
        client
            .get(format!("{base}{path}"))
            .header("authorization", format!("Bearer {token}")),
    )
    .await
}

/// A problem+json answer with this status and exactly this body, echoing the request id.
fn assert_problem(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/problem+json");
    assert_eq!(answer.header("x-request-id"), REQUEST_ID);
    assert_eq!(answer.body, body);
}

#[tokio::test]
async fn creates_and_shows_a_control_plane() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let created = create(
        &client,
        &base,
        "kpat_demo",
        r#"{"name":"prod","cluster_type":"CLUSTER_TYPE_K8S_INGRESS_CONTROLLER"}"#,
    )
    .await;
    let prod = r#"{"id":"00000000-0000-4000-8000-000000000001","name":"prod","config":{"cluster_type":"CLUSTER_TYPE_K8S_INGRESS_CONTROLLER"}}"#;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("content-type"), "application/json");
    assert_eq!(created.header("x-request-id"), REQUEST_ID);
    assert_eq!(created.body, prod);

    // A read-only token may read.
    let shown = get(
        &client,
        &base,
        &format!("/v2/control-planes/{FIRST_ID}"),
        "read-only",
    )
    .await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert_eq!(shown.header("x-request-id"), REQUEST_ID);
    assert_eq!(shown.body, prod);

    // `cluster_type` defaults to a plain control plane; `description` is kept.
    let created = create(
        &client,
        &base,
        "kpat_demo",
        r#"{"name":"dev","description":"for testing"}"#,
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        created.body,
        r#"{"id":"00000000-0000-4000-8000-000000000002","name":"dev","description":"for testing","config":{"cluster_type":"CLUSTER_TYPE_CONTROL_PLANE"}}"#
    );
}

#[tokio::test]
async fn missing_or_malformed_token_is_401() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let unauthorized = r#"{"title":"Unauthorized","status":401,"detail":"A valid token is required","instance":"kong:trace:req-42"}"#;

    let no_header = send(
        client
            .post(format!("{base}/v2/control-planes"))
            .header("content-type", "application/json")
            .body(r#"{"name":"dev"}"#),
    )
    .await;
    assert_problem(&no_header, 401, unauthorized);
    assert_eq!(no_header.header("www-authenticate"), "Bearer");

    for authorization in ["Basic a3BhdDpzZWNyZXQ=", "Bearer", "Bearer ", "kpat_demo"] {
        let answer = send(
            client
                .get(format!("{base}/v2/control-planes/{FIRST_ID}"))
                .header("authorization", authorization),
        )
        .await;
        assert_problem(&answer, 401, unauthorized);
        assert_eq!(answer.header("www-authenticate"), "Bearer");
    }

    // The token is checked before the body is read.
    let answer = send(
        client
            .post(format!("{base}/v2/control-planes"))
            .header("content-type", "application/json")
            .body(r#"{"name":"#),
    )
    .await;
    assert_problem(&answer, 401, unauthorized);
}

#[tokio::test]
async fn read_only_token_cannot_create() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = create(&client, &base, "read-only", r#"{"name":"dev"}"#).await;
    assert_problem(
        &answer,
        403,
        r#"{"title":"Permission denied","status":403,"detail":"Insufficient role-set to create control planes.","instance":"kong:trace:req-42"}"#,
    );
}

#[tokio::test]
async fn malformed_bodies_are_400_with_invalid_parameters() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let cases = [
        // Not JSON.
        (
            r#"{"name":"#,
            r#"{"title":"Bad Request","status":400,"detail":"Invalid request format","instance":"kong:trace:req-42","invalid_parameters":[{"field":"body","reason":"request format is invalid","rule":"invalid","source":"body"}]}"#,
        ),
        // JSON, but not an object.
        (
            r#""prod""#,
            r#"{"title":"Bad Request","status":400,"detail":"Invalid request format","instance":"kong:trace:req-42","invalid_parameters":[{"field":"body","reason":"Input should be a valid dictionary or object to extract fields from","rule":"is_object","source":"body"}]}"#,
        ),
        // A member of the wrong type.
        (
            r#"{"name":"prod","cluster_type":3}"#,
            r#"{"title":"Bad Request","status":400,"detail":"Invalid request format","instance":"kong:trace:req-42","invalid_parameters":[{"field":"cluster_type","reason":"Input should be a valid string","rule":"is_string","source":"body"}]}"#,
        ),
        // A member the schema does not have.
        (
            r#"{"name":"prod","id":"x"}"#,
            r#"{"title":"Bad Request","status":400,"detail":"Request contains unknown property","instance":"kong:trace:req-42","invalid_parameters":[{"field":"id","reason":"property id should not exist","rule":"unknown_property","source":"body"}]}"#,
        ),
    ];
    // One token per request, so that the rate limit stays out of the way.
    for (i, (body, expected)) in cases.into_iter().enumerate() {
        let answer = create(&client, &base, &format!("kpat_{i}"), body).await;
        assert_problem(&answer, 400, expected);
    }

    let answer = send(
        client
            .post(format!("{base}/v2/control-planes"))
            .header("authorization", "Bearer kpat_form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(r#"{"name":"dev"}"#),
    )
    .await;
    assert_problem(
        &answer,
        415,
        r#"{"title":"Unsupported Media Type","status":415,"detail":"Request body must be sent as [application/json]","instance":"kong:trace:req-42"}"#,
    );
}

#[tokio::test]
async fn broken_rules_are_400_with_their_bounds() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let blank = r#"{"field":"name","reason":"cannot be blank","rule":"required","source":"body"}"#;
    let choices = r#"{"field":"cluster_type","reason":"must be one of the listed choices","rule":"enum","choices":["CLUSTER_TYPE_CONTROL_PLANE","CLUSTER_TYPE_K8S_INGRESS_CONTROLLER","CLUSTER_TYPE_CONTROL_PLANE_GROUP","CLUSTER_TYPE_SERVERLESS","CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY"],"source":"body"}"#;
    let too_long = r#"{"field":"name","reason":"must not have more than 100 characters","rule":"max_length","maximum":100,"source":"body"}"#;
    let problem = |items: &str| {
        format!(
            r#"{{"title":"Bad Request","status":400,"detail":"Invalid request","instance":"kong:trace:req-42","invalid_parameters":[{items}]}}"#
        )
    };

    let cases = [
        (r#"{"name":"   "}"#.to_owned(), problem(blank)),
        ("{}".to_owned(), problem(blank)),
        (
            r#"{"name":" ","cluster_type":"CLUSTER_TYPE_HYBRID"}"#.to_owned(),
            problem(&format!("{blank},{choices}")),
        ),
        (
            format!(r#"{{"name":"{}"}}"#, "é".repeat(101)),
            problem(too_long),
        ),
    ];
    for (i, (body, expected)) in cases.into_iter().enumerate() {
        let answer = create(&client, &base, &format!("kpat_{i}"), body).await;
        assert_problem(&answer, 400, &expected);
    }

    // 100 characters (200 bytes) is the longest name accepted.
    let answer = create(
        &client,
        &base,
        "kpat_long",
        format!(r#"{{"name":"{}"}}"#, "é".repeat(100)),
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = get(&client, &base, "/v2/control-planes/nope", "kpat_demo").await;
    assert_problem(
        &answer,
        400,
        r#"{"title":"Bad Request","status":400,"detail":"Request contains invalid ID format","instance":"kong:trace:req-42","invalid_parameters":[{"field":"id","reason":"invalid ID format","rule":"is_uuid","source":"path"}]}"#,
    );

    // An id that is not UTF-8 once percent-decoded: the path extractor's rejection.
    let answer = get(&client, &base, "/v2/control-planes/%FF", "kpat_demo").await;
    assert_problem(
        &answer,
        400,
        r#"{"title":"Bad Request","status":400,"detail":"Invalid request format","instance":"kong:trace:req-42","invalid_parameters":[{"field":"id","reason":"Input should be valid UTF-8","rule":"invalid","source":"path"}]}"#,
    );

    let not_found = r#"{"title":"Not Found","status":404,"detail":"The requested control plane was not found.","instance":"kong:trace:req-42"}"#;
    let answer = get(
        &client,
        &base,
        &format!("/v2/control-planes/{FIRST_ID}"),
        "kpat_demo",
    )
    .await;
    assert_problem(&answer, 404, not_found);
    let answer = get(
        &client,
        &base,
        "/v2/control-planes/00000000-0000-4000-8000-0000000000ff",
        "kpat_demo",
    )
    .await;
    assert_problem(&answer, 404, not_found);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = get(&client, &base, "/v2/gateways", "kpat_demo").await;
    assert_problem(
        &answer,
        404,
        r#"{"title":"Not Found","status":404,"detail":"Not Found","instance":"kong:trace:req-42"}"#,
    );

    let method_not_allowed = r#"{"title":"Method Not Allowed","status":405,"detail":"Method Not Allowed","instance":"kong:trace:req-42"}"#;
    let answer = send(client.delete(format!("{base}/v2/control-planes"))).await;
    assert_problem(&answer, 405, method_not_allowed);
    assert_eq!(answer.header("allow"), "POST");
    let answer = send(client.post(format!("{base}/v2/control-planes/{FIRST_ID}"))).await;
    assert_problem(&answer, 405, method_not_allowed);
    assert_eq!(answer.header("allow"), "GET,HEAD");
}

#[tokio::test]
async fn duplicate_name_is_409() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let created = create(&client, &base, "kpat_demo", r#"{"name":"prod"}"#).await;
    assert_eq!(created.status, 201, "{}", created.body);

    let answer = create(
        &client,
        &base,
        "kpat_other",
        r#"{"name":"prod","cluster_type":"CLUSTER_TYPE_SERVERLESS"}"#,
    )
    .await;
    assert_problem(
        &answer,
        409,
        r#"{"title":"Conflict","status":409,"detail":"Control Plane with provided name already exists.","instance":"kong:trace:req-42"}"#,
    );

    // Names are compared exactly.
    let created = create(&client, &base, "kpat_demo", r#"{"name":"Prod"}"#).await;
    assert_eq!(created.status, 201, "{}", created.body);
}

#[tokio::test]
async fn sixth_create_in_a_minute_is_429() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let started = Instant::now();
    // Every create request counts, the failed ones too.
    for i in 0..5 {
        let body = if i == 2 {
            r#"{"name":""}"#.to_owned()
        } else {
            format!(r#"{{"name":"cp-{i}"}}"#)
        };
        let answer = create(&client, &base, "kpat_burst", body).await;
        assert_ne!(answer.status, 429, "request {i}: {}", answer.body);
    }
    let limited = r#"{"title":"Rate Limited","status":429,"detail":"Too many requests","instance":"kong:trace:req-42"}"#;
    let answer = create(&client, &base, "kpat_burst", r#"{"name":"cp-5"}"#).await;
    let elapsed = started.elapsed();
    assert_problem(&answer, 429, limited);
    // Seconds until the oldest counted request is a minute old, rounded up.
    let retry_after: u64 = answer.header("retry-after").parse().unwrap();
    let earliest = 59 - elapsed.as_secs();
    assert!(
        (earliest..=60).contains(&retry_after),
        "Retry-After {retry_after} after {elapsed:?}"
    );

    // A refused request is not counted against the token again, the limit is per token, and
    // reads are not limited.
    let answer = create(&client, &base, "kpat_burst", r#"{"name":"cp-6"}"#).await;
    assert_problem(&answer, 429, limited);
    let answer = create(&client, &base, "kpat_other", r#"{"name":"cp-6"}"#).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let answer = get(
        &client,
        &base,
        &format!("/v2/control-planes/{FIRST_ID}"),
        "kpat_burst",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn generated_request_id_is_the_instance() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = client
        .get(format!("{base}/v2/control-planes/{FIRST_ID}"))
        .header("authorization", "Bearer kpat_demo")
        .send()
        .await
        .unwrap();
    let answer = Answer::from(answer).await;
    let id = answer.header("x-request-id");
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(
        answer.body,
        format!(
            r#"{{"title":"Not Found","status":404,"detail":"The requested control plane was not found.","instance":"kong:trace:{id}"}}"#
        )
    );
}

/// The rate limit's memory: nothing for refused requests or for reads, the cap reached but not
/// passed however many tokens are made up, and the token counted longest ago forgotten first.
#[tokio::test]
async fn rate_limit_state_is_bounded() {
    use apifault_examples::konnect::{CREATES_PER_MINUTE, MAX_TRACKED_TOKENS, app_with_probe};

    let (router, probe) = app_with_probe();
    let base = spawn(router).await;
    let client = reqwest::Client::new();

    for i in 0..200 {
        let refused = send(
            client
                .post(format!("{base}/v2/control-planes"))
                .header("authorization", format!("Token made-up-{i}"))
                .body("{}"),
        )
        .await;
        assert_eq!(refused.status, 401, "{}", refused.body);
        let read = send(
            client
                .get(format!("{base}/v2/control-planes/{FIRST_ID}"))
                .header("authorization", format!("Bearer reader-{i}")),
        )
        .await;
        assert_eq!(read.status, 404, "{}", read.body);
    }
    for _ in 0..20 {
        assert_eq!(create(&client, &base, "read-only", "{}").await.status, 403);
    }
    assert_eq!(
        probe.tracked_tokens(),
        0,
        "refused requests and reads left state"
    );

    // `first` is limited; a refused create adds nothing.
    for _ in 0..CREATES_PER_MINUTE {
        assert_eq!(create(&client, &base, "first", "{}").await.status, 400);
    }
    assert_eq!(create(&client, &base, "first", "{}").await.status, 429);
    assert_eq!(probe.tracked_tokens(), 1);

    // Made-up tokens up to the cap, each counted once (an invalid body counts too).
    for i in 1..MAX_TRACKED_TOKENS {
        let answer = create(&client, &base, &format!("made-up-{i}"), "{}").await;
        assert_eq!(answer.status, 400, "{}", answer.body);
    }
    assert_eq!(probe.tracked_tokens(), MAX_TRACKED_TOKENS);

    // One more token: `first`, counted longest ago, is forgotten, and may create again; the
    // newest token is still tracked and limited.
    for _ in 0..CREATES_PER_MINUTE {
        assert_eq!(create(&client, &base, "late", "{}").await.status, 400);
    }
    assert_eq!(probe.tracked_tokens(), MAX_TRACKED_TOKENS);
    assert_eq!(create(&client, &base, "late", "{}").await.status, 429);
    assert_eq!(create(&client, &base, "first", "{}").await.status, 400);
    assert_eq!(probe.tracked_tokens(), MAX_TRACKED_TOKENS);
}
