//! The axum integration over real HTTP: derived types and `ErrorResponse` as responses, the
//! request-id layer, and axum's rejections mapped into each API's own error format.

use apifault::axum::{Json, Path, Query, Rejection, RequestId, RequestIdLayer};
use apifault::{ApiError, ErrorResponse, Source, Violation};
use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;

async fn spawn(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("<none>", |value| value.to_str().unwrap())
    }
}

#[derive(Debug, Deserialize)]
struct Item {
    #[allow(dead_code, reason = "read by serde only")]
    name: String,
    #[allow(dead_code, reason = "read by serde only")]
    price: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    #[allow(dead_code, reason = "read by serde only")]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[allow(dead_code, reason = "read by serde only")]
    timeframe: u32,
}

/// FastAPI's shape: every rejection is a 422 list.
mod fastapi {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(format = "detail")]
    pub(crate) enum Fault {
        #[api(status = 422)]
        Validation(#[api(violations)] Vec<Violation>),
        #[api(status = 404, message = "Item not found")]
        NotFound,
    }

    impl From<Rejection> for Fault {
        fn from(rejection: Rejection) -> Self {
            Fault::Validation(rejection.into_violations())
        }
    }

    async fn create(Json(_item, ..): Json<Item, Fault>) -> &'static str {
        "created"
    }

    async fn strict(Json(_item, ..): Json<Strict, Fault>) -> &'static str {
        "created"
    }

    async fn list(Query(_page, ..): Query<Page, Fault>) -> &'static str {
        "listed"
    }

    async fn show(Path(id, ..): Path<u32, Fault>) -> Result<String, Fault> {
        if id == 1 {
            Ok("one".into())
        } else {
            Err(Fault::NotFound)
        }
    }

    fn app() -> Router {
        Router::new()
            .route("/items", post(create).get(list))
            .route("/items/{id}", get(show))
            .route("/strict", post(strict))
    }

    #[tokio::test]
    async fn body_query_and_path_rejections() {
        let base = spawn(app()).await;
        let client = reqwest::Client::new();
        let json = |body: &'static str| {
            client
                .post(format!("{base}/items"))
                .header("content-type", "application/json")
                .body(body)
        };

        let cases = [
            (
                send(json(r#"{"name":"Foo","price":"twenty"}"#)).await,
                r#"{"detail":[{"type":"float_parsing","loc":["body","price"],"msg":"Input should be a valid number, unable to parse string as a number","input":"twenty"}]}"#,
            ),
            (
                send(json(r#"{"name":"Foo"}"#)).await,
                r#"{"detail":[{"type":"missing","loc":["body","price"],"msg":"Field required","input":{"name":"Foo"}}]}"#,
            ),
            (
                send(json(r#"{"name":"Foo","price":true}"#)).await,
                r#"{"detail":[{"type":"float_type","loc":["body","price"],"msg":"Input should be a valid number","input":true}]}"#,
            ),
            (
                send(json(r#"{"name": }"#)).await,
                r#"{"detail":[{"type":"json_invalid","loc":["body"],"msg":"JSON decode error"}]}"#,
            ),
            (
                send(client.post(format!("{base}/items")).body("{}")).await,
                r#"{"detail":[{"type":"content_type","loc":["body"],"msg":"Expected request with `Content-Type: application/json`"}]}"#,
            ),
            (
                send(client.get(format!("{base}/items?timeframe=abc"))).await,
                r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#,
            ),
            (
                send(client.get(format!("{base}/items"))).await,
                r#"{"detail":[{"type":"missing","loc":["query","timeframe"],"msg":"Field required","input":null}]}"#,
            ),
            (
                send(
                    client
                        .post(format!("{base}/strict"))
                        .header("content-type", "application/json")
                        .body(r#"{"name":"a","id":"x"}"#),
                )
                .await,
                r#"{"detail":[{"type":"extra_forbidden","loc":["body","id"],"msg":"Extra inputs are not permitted","input":"x"}]}"#,
            ),
            (
                send(client.get(format!("{base}/items/seven"))).await,
                r#"{"detail":[{"type":"int_parsing","loc":["path","id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"seven"}]}"#,
            ),
        ];
        for (answer, body) in cases {
            assert_eq!(answer.status, 422, "{}", answer.body);
            assert_eq!(answer.header("content-type"), "application/json");
            assert_eq!(answer.body, body);
        }

        let found = send(client.get(format!("{base}/items/1"))).await;
        assert_eq!((found.status, found.body.as_str()), (200, "one"));
        let missing = send(client.get(format!("{base}/items/2"))).await;
        assert_eq!(
            (missing.status, missing.body.as_str()),
            (404, r#"{"detail":"Item not found"}"#)
        );
    }
}

/// Konnect's shape: rejections are 400 problems with `invalid_parameters`.
mod konnect {
    use super::*;

    #[derive(Debug, ApiError)]
    pub(crate) enum Fault {
        #[api(status = 400, message = "Invalid request")]
        BadRequest(#[api(violations)] Vec<Violation>),
    }

    impl From<Rejection> for Fault {
        fn from(rejection: Rejection) -> Self {
            Fault::BadRequest(rejection.into_violations())
        }
    }

    async fn create(Json(_item, ..): Json<Item, Fault>) -> &'static str {
        "created"
    }

    #[tokio::test]
    async fn invalid_parameters_with_trace_instance() {
        let app = Router::new()
            .route("/items", post(create))
            .layer(RequestIdLayer::new().with_instance_prefix("kong:trace:"));
        let base = spawn(app).await;
        let answer = send(
            reqwest::Client::new()
                .post(format!("{base}/items"))
                .header("content-type", "application/json")
                .header("x-request-id", "6644808935508571943")
                .body(r#"{"price":1}"#),
        )
        .await;
        assert_eq!(answer.status, 400);
        assert_eq!(answer.header("content-type"), "application/problem+json");
        assert_eq!(answer.header("x-request-id"), "6644808935508571943");
        assert_eq!(
            answer.body,
            r#"{"title":"Bad Request","status":400,"detail":"Invalid request","instance":"kong:trace:6644808935508571943","invalid_parameters":[{"field":"name","reason":"Field required","rule":"required","source":"body"}]}"#
        );
    }
}

/// commercetools' shape: a bad body is `InvalidJsonInput` with axum's explanation.
mod connect {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(format = "errors", rename_all = "camelCase")]
    pub(crate) enum Fault {
        #[api(
            status = 400,
            code = "InvalidJsonInput",
            message = "Request body does not contain valid JSON."
        )]
        InvalidJsonInput { detailed_error_message: String },
    }

    impl From<Rejection> for Fault {
        fn from(rejection: Rejection) -> Self {
            assert_eq!(rejection.source(), Source::Body);
            assert_eq!(rejection.status(), 400);
            Fault::InvalidJsonInput {
                detailed_error_message: rejection.message().to_owned(),
            }
        }
    }

    async fn create(Json(_item, ..): Json<Item, Fault>) -> &'static str {
        "created"
    }

    #[tokio::test]
    async fn detailed_error_message() {
        let base = spawn(Router::new().route("/items", post(create))).await;
        let answer = send(
            reqwest::Client::new()
                .post(format!("{base}/items"))
                .header("content-type", "application/json")
                .body("not json"),
        )
        .await;
        assert_eq!(answer.status, 400);
        assert_eq!(
            answer.body,
            r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"Failed to parse the request body as JSON: expected ident at line 1 column 2"}]}"#
        );
    }
}

/// The envelope: every error carries the request id, taken from the client or generated.
mod request_ids {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(format = "envelope", code_case = "SCREAMING_SNAKE_CASE")]
    pub(crate) enum Fault {
        #[api(status = 404, message = "Avatar not found")]
        ResourceNotFound,
    }

    async fn missing() -> Fault {
        Fault::ResourceNotFound
    }

    async fn echo(id: RequestId) -> String {
        id.to_string()
    }

    async fn many() -> ErrorResponse<Fault> {
        ErrorResponse::from_errors([Fault::ResourceNotFound, Fault::ResourceNotFound])
            .unwrap()
            .with_request_id("explicit")
    }

    fn app() -> Router {
        Router::new()
            .route("/missing", get(missing))
            .route("/echo", get(echo))
            .route("/many", get(many))
            .layer(RequestIdLayer::new())
    }

    #[tokio::test]
    async fn from_the_client() {
        let base = spawn(app()).await;
        let answer = send(
            reqwest::Client::new()
                .get(format!("{base}/missing"))
                .header("x-request-id", "req-123456"),
        )
        .await;
        assert_eq!(answer.status, 404);
        assert_eq!(answer.header("x-request-id"), "req-123456");
        assert_eq!(
            answer.body,
            r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar not found"},"request_id":"req-123456"}"#
        );
        let echoed = send(
            reqwest::Client::new()
                .get(format!("{base}/echo"))
                .header("x-request-id", "req-9"),
        )
        .await;
        assert_eq!(echoed.body, "req-9");
    }

    #[tokio::test]
    async fn generated_when_absent_or_unacceptable() {
        let base = spawn(app()).await;
        for sent in [None, Some("has space"), Some(&*"x".repeat(129))] {
            let mut request = reqwest::Client::new().get(format!("{base}/missing"));
            if let Some(sent) = sent {
                request = request.header("x-request-id", sent);
            }
            let answer = send(request).await;
            let id = answer.header("x-request-id").to_owned();
            assert_eq!(id.len(), 32, "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(
                answer.body,
                format!(
                    r#"{{"error":{{"code":"RESOURCE_NOT_FOUND","message":"Avatar not found"}},"request_id":"{id}"}}"#
                )
            );
        }
        let first = send(reqwest::Client::new().get(format!("{base}/echo"))).await;
        let second = send(reqwest::Client::new().get(format!("{base}/echo"))).await;
        assert_ne!(first.body, second.body, "fresh ids differ");
    }

    #[tokio::test]
    async fn an_explicit_request_id_wins() {
        let base = spawn(app()).await;
        let answer = send(
            reqwest::Client::new()
                .get(format!("{base}/many"))
                .header("x-request-id", "from-layer"),
        )
        .await;
        assert_eq!(answer.header("x-request-id"), "from-layer");
        assert_eq!(
            answer.body,
            r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar not found"},"errors":[{"code":"RESOURCE_NOT_FOUND","message":"Avatar not found"}],"request_id":"explicit"}"#
        );
    }
}

/// A response that cannot be rendered is a bare 500, never a broken or injected response.
mod failures {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(status = 429)]
    pub(crate) struct Limited {
        #[api(header = "X-Hint")]
        hint: String,
    }

    async fn injected() -> Limited {
        Limited {
            hint: "a\r\nSet-Cookie: stolen=1".into(),
        }
    }

    #[tokio::test]
    async fn header_injection_becomes_a_500() {
        let base = spawn(Router::new().route("/", get(injected))).await;
        let answer = send(reqwest::Client::new().get(&base)).await;
        assert_eq!(answer.status, 500);
        assert_eq!(answer.header("content-type"), "application/problem+json");
        assert_eq!(answer.header("set-cookie"), "<none>");
        assert_eq!(answer.header("x-hint"), "<none>");
        assert_eq!(
            answer.body,
            r#"{"title":"Internal Server Error","status":500,"detail":"Internal Server Error"}"#
        );
    }
}
