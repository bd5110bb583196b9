//! `examples/konpro.rs`: KonPro's `{"error":{...},"request_id"}` envelope.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::common::{Answer, Checked, spawn_checked};
use apifault_examples::konpro::{app, openapi};

/// Serves `app`, every response checked against the server's OpenAPI document.
async fn spawn(app: axum::Router) -> Checked {
    spawn_checked(app, &openapi()).await
}

/// The request id every error test sends, as in KonPro's documented example.
const REQUEST_ID: &str = "req-123456";

async fn send(request: reqwest::RequestBuilder) -> Answer {
    Answer::from(request.send().await.unwrap()).await
}

/// `POST /v1/avatars` with a JSON body, as `key`, with the fixed request id.
async fn post(client: &reqwest::Client, base: &str, key: &str, body: &'static str) -> Answer {
    send(
        client
            .post(format!("{base}/v1/avatars"))
            .header("x-api-key", key)
            .header("x-request-id", REQUEST_ID)
            .header("content-type", "application/json")
            .body(body),
    )
    .await
}

/// `GET` of `path`, as `key`, with the fixed request id.
async fn get(client: &reqwest::Client, base: &str, key: &str, path: &str) -> Answer {
    send(
        client
            .get(format!("{base}{path}"))
            .header("x-api-key", key)
            .header("x-request-id", REQUEST_ID),
    )
    .await
}

fn assert_error(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.header("x-request-id"), REQUEST_ID);
    assert_eq!(answer.body, body);
}

/// The golden envelope of DESIGN section 4, byte for byte.
#[tokio::test]
async fn missing_avatar_id_is_the_golden_envelope() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let answer = post(&client, &base, "demo-key", r#"{"name":"Anna"}"#).await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Avatar ID is required"}},"request_id":"req-123456"}"#,
    );
}

#[tokio::test]
async fn api_key_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = send(
        client
            .get(format!("{base}/v1/avatars"))
            .header("x-request-id", REQUEST_ID),
    )
    .await;
    assert_error(
        &answer,
        401,
        r#"{"error":{"code":"INVALID_API_KEY","message":"The API key is missing or invalid"},"request_id":"req-123456"}"#,
    );

    let answer = get(&client, &base, "wrong", "/v1/avatars").await;
    assert_error(
        &answer,
        401,
        r#"{"error":{"code":"INVALID_API_KEY","message":"The API key is missing or invalid"},"request_id":"req-123456"}"#,
    );

    // The key is checked before the route: an unknown path without a key is a 401 too.
    let answer = send(
        client
            .get(format!("{base}/v2/avatars"))
            .header("x-request-id", REQUEST_ID),
    )
    .await;
    assert_error(
        &answer,
        401,
        r#"{"error":{"code":"INVALID_API_KEY","message":"The API key is missing or invalid"},"request_id":"req-123456"}"#,
    );

    // The scope is checked before the body is read.
    let answer = post(&client, &base, "read-only-key", r#"{"avatar_id":"#).await;
    assert_error(
        &answer,
        403,
        r#"{"error":{"code":"INSUFFICIENT_PERMISSIONS","message":"The API key lacks the required scope avatars:write"},"request_id":"req-123456"}"#,
    );
}

#[tokio::test]
async fn invalid_request_bodies() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    // Several problems: `details` is an array.
    let answer = post(&client, &base, "demo-key", "{}").await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":[{"field":"avatar_id","reason":"Avatar ID is required"},{"field":"name","reason":"Name is required"}]},"request_id":"req-123456"}"#,
    );

    let answer = post(
        &client,
        &base,
        "demo-key",
        r#"{"avatar_id":"","name":"Anna"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Avatar ID is required"}},"request_id":"req-123456"}"#,
    );

    // Malformed JSON, through the `Json` extractor's rejection.
    let answer = post(&client, &base, "demo-key", r#"{"avatar_id":"#).await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"body","reason":"JSON decode error","rule":"json_invalid"}},"request_id":"req-123456"}"#,
    );

    let answer = post(
        &client,
        &base,
        "demo-key",
        r#"{"avatar_id":5,"name":"Anna"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Input should be a valid string","rule":"string_type"}},"request_id":"req-123456"}"#,
    );

    let answer = send(
        client
            .post(format!("{base}/v1/avatars"))
            .header("x-api-key", "demo-key")
            .header("x-request-id", REQUEST_ID)
            .body(r#"{"avatar_id":"av-1","name":"Anna"}"#),
    )
    .await;
    assert_error(
        &answer,
        415,
        r#"{"error":{"code":"UNSUPPORTED_MEDIA_TYPE","message":"Request body must be sent as application/json"},"request_id":"req-123456"}"#,
    );
}

#[tokio::test]
async fn create_show_and_validation_errors() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let created = post(
        &client,
        &base,
        "demo-key",
        r#"{"avatar_id":"av-1","name":"Anna"}"#,
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("content-type"), "application/json");
    assert_eq!(created.header("x-request-id"), REQUEST_ID);
    assert_eq!(created.body, r#"{"avatar_id":"av-1","name":"Anna"}"#);

    let shown = get(&client, &base, "read-only-key", "/v1/avatars/av-1").await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert_eq!(shown.body, r#"{"avatar_id":"av-1","name":"Anna"}"#);

    let listed = get(&client, &base, "read-only-key", "/v1/avatars").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(
        listed.body,
        r#"{"avatars":[{"avatar_id":"av-1","name":"Anna"}]}"#
    );

    let answer = post(
        &client,
        &base,
        "demo-key",
        r#"{"avatar_id":"av-1","name":"Bo"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"VALIDATION_ERROR","message":"The request failed validation","details":{"field":"avatar_id","reason":"Avatar ID av-1 already exists"}},"request_id":"req-123456"}"#,
    );

    let answer = post(
        &client,
        &base,
        "demo-key",
        r#"{"avatar_id":"av-1","name":"An avatar name that goes on and on for more than sixty-four characters"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"VALIDATION_ERROR","message":"The request failed validation","details":[{"field":"avatar_id","reason":"Avatar ID av-1 already exists"},{"field":"name","reason":"Name must be at most 64 characters","rule":"max_length"}]},"request_id":"req-123456"}"#,
    );
}

#[tokio::test]
async fn not_found_and_wrong_method() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = get(&client, &base, "demo-key", "/v1/avatars/nope").await;
    assert_error(
        &answer,
        404,
        r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar nope was not found"},"request_id":"req-123456"}"#,
    );

    // An ID that is not UTF-8 once percent-decoded: the path extractor's rejection.
    let answer = get(&client, &base, "demo-key", "/v1/avatars/%FF").await;
    assert_error(
        &answer,
        400,
        r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Input should be valid UTF-8","rule":"string_unicode"}},"request_id":"req-123456"}"#,
    );

    let answer = get(&client, &base, "demo-key", "/v2/avatars").await;
    assert_error(
        &answer,
        404,
        r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Route /v2/avatars was not found"},"request_id":"req-123456"}"#,
    );

    let answer = send(
        client
            .delete(format!("{base}/v1/avatars"))
            .header("x-api-key", "demo-key")
            .header("x-request-id", REQUEST_ID),
    )
    .await;
    assert_error(
        &answer,
        405,
        r#"{"error":{"code":"METHOD_NOT_ALLOWED","message":"Method DELETE is not allowed on /v1/avatars"},"request_id":"req-123456"}"#,
    );
    assert_eq!(answer.header("allow"), "GET,HEAD,POST");
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Ten requests a minute per key; the eleventh is a 429 with the rate-limit headers, and
/// another key is not affected.
#[tokio::test]
async fn rate_limit_per_key() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let before = unix_now();
    for _ in 0..10 {
        let answer = get(&client, &base, "read-only-key", "/v1/avatars").await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let answer = get(&client, &base, "read-only-key", "/v1/avatars").await;
    let after = unix_now();
    assert_error(
        &answer,
        429,
        r#"{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded: at most 10 requests per minute"},"request_id":"req-123456"}"#,
    );
    assert_eq!(answer.header("x-ratelimit-limit"), "10");
    assert_eq!(answer.header("x-ratelimit-remaining"), "0");
    assert_eq!(answer.header("ratelimit-policy"), r#""per-key";q=10;w=60"#);
    let retry_after: u64 = answer.header("retry-after").parse().unwrap();
    let reset: u64 = answer.header("x-ratelimit-reset").parse().unwrap();
    assert!((1..=60).contains(&retry_after), "retry-after {retry_after}");
    // The window began with the first request: it resets 60 s after it.
    assert!(
        (before + 60..=after + 60).contains(&reset),
        "reset {reset} not within 60 s of {before}..={after}"
    );
    assert!(
        (before..=after).contains(&(reset - retry_after)),
        "retry-after {retry_after} does not lead to reset {reset}"
    );
    assert_eq!(
        answer.header("ratelimit"),
        format!(r#""per-key";r=0;t={retry_after}"#)
    );

    let other = get(&client, &base, "demo-key", "/v1/avatars").await;
    assert_eq!(other.status, 200, "{}", other.body);
    assert_eq!(other.body, r#"{"avatars":[]}"#);
}

/// Without `x-request-id`, the server makes one up: the same in the body and the header.
#[tokio::test]
async fn generated_request_id() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let answer = send(
        client
            .get(format!("{base}/v1/avatars/nope"))
            .header("x-api-key", "demo-key"),
    )
    .await;
    assert_eq!(answer.status, 404, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    let id = answer.header("x-request-id").to_owned();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(
        answer.body,
        format!(
            r#"{{"error":{{"code":"RESOURCE_NOT_FOUND","message":"Avatar nope was not found"}},"request_id":"{id}"}}"#
        )
    );

    // Each request gets its own.
    let again = send(
        client
            .get(format!("{base}/v1/avatars/nope"))
            .header("x-api-key", "demo-key"),
    )
    .await;
    assert_ne!(again.header("x-request-id"), id);

    // A success carries one too, in the header only.
    let listed = send(
        client
            .get(format!("{base}/v1/avatars"))
            .header("x-api-key", "demo-key"),
    )
    .await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("x-request-id").len(), 32);
}

/// The rate limit's memory: nothing for missing or made-up keys, one window per known key.
#[tokio::test]
async fn rate_limit_state_is_bounded() {
    use apifault_examples::konpro::{MAX_TRACKED_KEYS, app_with_probe};

    let (router, probe) = app_with_probe();
    let base = spawn(router).await;
    let client = reqwest::Client::new();
    for i in 0..500 {
        let answer = get(&client, &base, &format!("made-up-{i}"), "/v1/avatars").await;
        assert_eq!(answer.status, 401, "{}", answer.body);
    }
    let missing = send(client.get(format!("{base}/v1/avatars"))).await;
    assert_eq!(missing.status, 401);
    assert_eq!(probe.tracked_keys(), 0, "refused keys left state");

    for key in ["demo-key", "read-only-key", "demo-key"] {
        assert_eq!(get(&client, &base, key, "/v1/avatars").await.status, 200);
    }
    assert_eq!(probe.tracked_keys(), 2);
    assert_eq!(MAX_TRACKED_KEYS, 2);
}

/// `GET` of `path`, as `key`, asking for `accept_language`.
async fn get_in(client: &reqwest::Client, base: &str, path: &str, accept_language: &str) -> Answer {
    send(
        client
            .get(format!("{base}{path}"))
            .header("x-api-key", "demo-key")
            .header("x-request-id", REQUEST_ID)
            .header("accept-language", accept_language),
    )
    .await
}

/// The README's `Accept-Language` lines: German where the client prefers it, English for a
/// language the server does not have; the code and the envelope never change.
#[tokio::test]
async fn messages_in_german_or_english() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    for accept_language in ["de", "fr, de;q=0.5", "de-CH"] {
        let answer = get_in(&client, &base, "/v1/avatars/nope", accept_language).await;
        assert_error(
            &answer,
            404,
            r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar nope wurde nicht gefunden"},"request_id":"req-123456"}"#,
        );
        assert_eq!(answer.header("content-language"), "de", "{accept_language}");
        assert_eq!(answer.header("vary"), "accept-language");
    }
    for accept_language in ["ja", "en;q=0.9, de;q=0.1, fr", "de;q=0"] {
        let answer = get_in(&client, &base, "/v1/avatars/nope", accept_language).await;
        assert_error(
            &answer,
            404,
            r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar nope was not found"},"request_id":"req-123456"}"#,
        );
        assert_eq!(answer.header("content-language"), "en", "{accept_language}");
    }
    let unauthorized = send(
        client
            .get(format!("{base}/v1/avatars"))
            .header("x-request-id", REQUEST_ID)
            .header("accept-language", "de"),
    )
    .await;
    assert_error(
        &unauthorized,
        401,
        r#"{"error":{"code":"INVALID_API_KEY","message":"Der API-Schlüssel fehlt oder ist ungültig"},"request_id":"req-123456"}"#,
    );
}
