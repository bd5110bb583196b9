//! The edge over real HTTP, for axum and actix-web: every response a server sends is in the
//! API's format, including the ones the framework produces (unknown route, wrong method, body
//! too large, media type, malformed input, timeout, panic, a body that cannot be rendered),
//! each with the right status, a body valid against the format's JSON Schema and a safe
//! request id; and what the logs say (feature `tracing`).

use std::time::Duration;

use apifault::format::Format as _;
use apifault::{ApiError, BuiltinFormat, Violation};
use serde::Deserialize;
use serde_json::Value;

/// What a server answered.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("<none>", |value| value.to_str().unwrap())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    /// In `format`'s contract: its content type, a body valid against its schema, a request id.
    fn assert_in_contract(&self, format: BuiltinFormat, status: u16) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(
            self.header("content-type"),
            format.content_type(),
            "{}",
            self.body
        );
        let validator = jsonschema::validator_for(&schema(format)).unwrap();
        let body = self.json();
        assert!(validator.is_valid(&body), "{format}: {body}");
        let id = self.header("x-request-id");
        assert!(RequestIdShape::is_safe(id), "request id {id:?}");
    }

    /// The first error's code, in the `errors` format.
    fn code(&self) -> String {
        self.json()["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

struct RequestIdShape;

impl RequestIdShape {
    fn is_safe(id: &str) -> bool {
        !id.is_empty()
            && id.len() <= 128
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~:".contains(&b))
    }
}

fn schema(format: BuiltinFormat) -> Value {
    let text = match format {
        BuiltinFormat::Errors => include_str!("schemas/errors.schema.json"),
        BuiltinFormat::Problem => include_str!("schemas/problem.schema.json"),
        BuiltinFormat::Envelope => include_str!("schemas/envelope.schema.json"),
        BuiltinFormat::Detail => include_str!("schemas/detail.schema.json"),
        other => panic!("no schema for the `{other}` format yet"),
    };
    serde_json::from_str(text).unwrap()
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    answer(request.send().await.unwrap()).await
}

async fn answer(response: reqwest::Response) -> Answer {
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

/// Sends a body larger than the server takes. The server answers before it has read the body
/// and closes the connection; the kernel then resets it while the client is still writing,
/// and the answer can be lost on the way (a race of TCP, not of the server). So a transport
/// error is tried again, a few times; every answer that does arrive is the one checked.
async fn send_huge(request: reqwest::RequestBuilder) -> Answer {
    for _ in 0..5 {
        let attempt = request
            .try_clone()
            .expect("a body in memory can be sent again");
        match attempt.send().await {
            Ok(response) => return answer(response).await,
            Err(error) if error.is_request() || error.is_body() || error.is_connect() => {}
            Err(error) => panic!("{error}"),
        }
    }
    panic!("no answer to a huge body in five tries")
}

/// The API both servers answer for: commercetools' `errors` format.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
enum AppError {
    #[error("not found")]
    #[api(
        status = 404,
        code = "ResourceNotFound",
        message = "The Resource was not found."
    )]
    NotFound,
    #[error("invalid input")]
    #[api(status = 400, code = "InvalidInput", message = "Invalid input.")]
    Invalid {
        #[api(violations)]
        violations: Vec<Violation>,
    },
    #[error("database failed")]
    #[api(status = 500, code = "General", no_decode)]
    Database {
        #[source]
        source: std::io::Error,
    },
    #[error("unrenderable")]
    #[api(status = 400, code = "Unrenderable")]
    Unrenderable {
        #[api(header = "X-Hint")]
        hint: String,
    },
    #[error("wrong method")]
    #[api(
        status = 405,
        code = "WrongMethod",
        message = "Method {method} is not allowed on {path}"
    )]
    WrongMethod {
        #[api(skip)]
        method: String,
        #[api(skip)]
        path: String,
    },
    #[error(transparent)]
    #[api(transparent)]
    Edge(#[from] apifault::edge::EdgeError),
}

/// The application's own errors for two edge failures, one worded with the request.
fn own_error(
    edge: &apifault::edge::EdgeError,
    request: &apifault::edge::EdgeRequest,
) -> Option<AppError> {
    match edge {
        apifault::edge::EdgeError::NotFound => Some(AppError::NotFound),
        apifault::edge::EdgeError::MethodNotAllowed { .. } => Some(AppError::WrongMethod {
            method: request.method().to_string(),
            path: request.path().to_owned(),
        }),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
struct Item {
    #[allow(dead_code, reason = "read by serde only")]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[allow(dead_code, reason = "read by serde only")]
    limit: u32,
}

/// Request ids a client may send that must never be echoed.
fn hostile_ids() -> Vec<String> {
    vec![
        "a\"b\\c</x>".into(),
        "with space".into(),
        "<script>alert(1)</script>".into(),
        "ünïcode".into(),
        "x".repeat(10 * 1024),
    ]
}

mod axum_edge {
    use super::*;
    use apifault::axum::{Contract, Json, Path, Query, Rejection};
    use axum::Router;
    use axum::extract::DefaultBodyLimit;
    use axum::routing::get;
    use tower_http::timeout::TimeoutLayer;

    impl From<Rejection> for AppError {
        fn from(rejection: Rejection) -> Self {
            match rejection.edge() {
                Some(edge) => AppError::Edge(edge),
                None => AppError::Invalid {
                    violations: rejection.into_violations(),
                },
            }
        }
    }

    async fn show(Path(_id, ..): Path<u32, AppError>) -> &'static str {
        "item"
    }

    async fn create(Json(_item, ..): Json<Item, AppError>) -> &'static str {
        "created"
    }

    async fn search(Query(_page, ..): Query<Page, AppError>) -> &'static str {
        "[]"
    }

    async fn panics() -> &'static str {
        panic!("the handler's own bug")
    }

    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    }

    async fn unrenderable() -> AppError {
        AppError::Unrenderable {
            hint: "a\r\nSet-Cookie: x=1".into(),
        }
    }

    async fn database() -> AppError {
        AppError::Database {
            source: std::io::Error::other("password=hunter2"),
        }
    }

    fn routes() -> Router {
        Router::new()
            .route("/items", get(search).post(create))
            .route("/items/{id}", get(show))
            .route("/panic", get(panics))
            .route("/slow", get(slow))
            .route("/unrenderable", get(unrenderable))
            .route("/database", get(database))
            .layer(DefaultBodyLimit::max(1024 * 1024))
            .layer(TimeoutLayer::with_status_code(
                http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_millis(200),
            ))
    }

    async fn spawn(app: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    async fn server() -> String {
        spawn(routes().layer(Contract::<AppError>::new())).await
    }

    const ERRORS: BuiltinFormat = BuiltinFormat::Errors;

    #[tokio::test]
    async fn unknown_route_and_wrong_method() {
        let base = server().await;
        let client = reqwest::Client::new();
        let answer = send(client.get(format!("{base}/nowhere"))).await;
        answer.assert_in_contract(ERRORS, 404);
        assert_eq!(answer.code(), "NotFound");

        let answer = send(client.delete(format!("{base}/items/1"))).await;
        answer.assert_in_contract(ERRORS, 405);
        assert_eq!(answer.code(), "MethodNotAllowed");
        assert_eq!(answer.header("allow"), "GET,HEAD");
    }

    #[tokio::test]
    async fn every_method_on_every_route_is_answered_in_the_contract() {
        let base = server().await;
        let client = reqwest::Client::new();
        for path in ["/items", "/items/1", "/items/x", "/panic", "/nowhere", "/"] {
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] {
                let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let answer = send(client.request(method.clone(), format!("{base}{path}"))).await;
                if answer.status >= 400 {
                    answer.assert_in_contract(ERRORS, answer.status);
                }
            }
        }
    }

    #[tokio::test]
    async fn bodies_too_large_of_the_wrong_type_or_malformed() {
        let base = server().await;
        let client = reqwest::Client::new();
        let url = format!("{base}/items");
        let json = |body: Vec<u8>| {
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(body)
        };

        let answer = send_huge(json(vec![b' '; 3 * 1024 * 1024])).await;
        answer.assert_in_contract(ERRORS, 413);
        assert_eq!(answer.code(), "PayloadTooLarge");

        let answer = send(client.post(&url).body(r#"{"name":"a"}"#)).await;
        answer.assert_in_contract(ERRORS, 415);
        assert_eq!(answer.code(), "UnsupportedMediaType");
        let answer = send(
            client
                .post(&url)
                .header("content-type", "text/plain")
                .body(r#"{"name":"a"}"#),
        )
        .await;
        answer.assert_in_contract(ERRORS, 415);

        for body in [
            br#"{"name":"#.to_vec(),
            b"{\"name\":\"\xff\"}".to_vec(),
            br#"{"name":5}"#.to_vec(),
        ] {
            let answer = send(json(body)).await;
            answer.assert_in_contract(ERRORS, 400);
            assert_eq!(answer.code(), "InvalidInput");
        }
    }

    #[tokio::test]
    async fn malformed_path_and_query() {
        let base = server().await;
        let client = reqwest::Client::new();
        for url in [format!("{base}/items/x"), format!("{base}/items?limit=-1")] {
            let answer = send(client.get(url)).await;
            answer.assert_in_contract(ERRORS, 400);
            assert_eq!(answer.code(), "InvalidInput");
        }
    }

    #[tokio::test]
    async fn a_timeout_a_panic_and_a_render_failure() {
        let base = server().await;
        let client = reqwest::Client::new();
        let answer = send(client.get(format!("{base}/slow"))).await;
        answer.assert_in_contract(ERRORS, 408);
        assert_eq!(answer.code(), "RequestTimeout");

        let answer = send(client.get(format!("{base}/panic"))).await;
        answer.assert_in_contract(ERRORS, 500);
        assert_eq!(answer.code(), "InternalServerError");
        assert!(!answer.body.contains("bug"), "{}", answer.body);
        // The server keeps serving.
        let answer = send(client.get(format!("{base}/items/1"))).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, "item");

        let answer = send(client.get(format!("{base}/unrenderable"))).await;
        answer.assert_in_contract(ERRORS, 500);
        assert_eq!(answer.code(), "InternalServerError");
        assert_eq!(answer.header("set-cookie"), "<none>");

        let answer = send(client.get(format!("{base}/database"))).await;
        answer.assert_in_contract(ERRORS, 500);
        assert!(!answer.body.contains("hunter2"), "{}", answer.body);
    }

    #[tokio::test]
    async fn the_application_maps_edge_failures_to_its_own_variants() {
        let base = spawn(routes().layer(Contract::<AppError>::new().map(own_error))).await;
        let client = reqwest::Client::new();
        let answer = send(client.get(format!("{base}/nowhere"))).await;
        answer.assert_in_contract(ERRORS, 404);
        assert_eq!(answer.code(), "ResourceNotFound");
        let answer = send(client.delete(format!("{base}/items/1"))).await;
        answer.assert_in_contract(ERRORS, 405);
        assert_eq!(answer.code(), "WrongMethod");
        assert_eq!(
            answer.json()["message"],
            "Method DELETE is not allowed on /items/1"
        );
        // The framework's headers stay.
        assert_eq!(answer.header("allow"), "GET,HEAD");
        // What the map leaves alone stays built in.
        let answer = send(client.get(format!("{base}/slow"))).await;
        assert_eq!(answer.code(), "RequestTimeout");
    }

    /// By default a success without an id costs nothing for ids: no id is made, no header
    /// sent; an id the client sent, or the one that replaces a refused one, is repeated; an
    /// error always has one. With `ids_on_every_response` a success carries one too.
    #[tokio::test]
    async fn request_ids_are_made_when_needed() {
        let base = spawn(routes().layer(Contract::<AppError>::new())).await;
        let client = reqwest::Client::new();
        let ok = format!("{base}/items/1");
        let answer = send(client.get(&ok)).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("x-request-id"), "<none>");
        let answer = send(client.get(&ok).header("x-request-id", "req-7")).await;
        assert_eq!(answer.header("x-request-id"), "req-7");
        let answer = send(client.get(&ok).header("x-request-id", "a b")).await;
        assert_eq!(answer.header("x-request-id").len(), 32);
        let answer = send(client.get(format!("{base}/nowhere"))).await;
        assert_eq!(answer.header("x-request-id").len(), 32);
        let eager =
            spawn(routes().layer(Contract::<AppError>::new().ids_on_every_response())).await;
        let answer = send(client.get(format!("{eager}/items/1"))).await;
        assert_eq!(answer.header("x-request-id").len(), 32);
    }

    #[tokio::test]
    async fn request_ids_are_safe_tokens() {
        let base = server().await;
        let client = reqwest::Client::new();
        let url = format!("{base}/nowhere");
        let answer = send(client.get(&url).header("x-request-id", "req-123456")).await;
        assert_eq!(answer.header("x-request-id"), "req-123456");
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let answer = send(client.get(&url).header("x-request-id", traceparent)).await;
        assert_eq!(answer.header("x-request-id"), traceparent);
        for id in hostile_ids() {
            let Ok(value) = reqwest::header::HeaderValue::from_bytes(id.as_bytes()) else {
                continue;
            };
            let answer = send(client.get(&url).header("x-request-id", value)).await;
            answer.assert_in_contract(ERRORS, 404);
            let echoed = answer.header("x-request-id");
            assert_ne!(echoed, id);
            assert_eq!(echoed.len(), 32, "a fresh id: {echoed}");
        }
    }

    #[tokio::test]
    async fn the_application_hooks_its_own_reporting() {
        use std::sync::{Arc, Mutex};
        /// Status, code, request id, and the causes and `Debug` as text.
        type Seen = (u16, String, String, String);
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let hook = {
            let seen = Arc::clone(&seen);
            move |report: &apifault::ErrorReport<'_>| {
                let causes = report
                    .error
                    .and_then(std::error::Error::source)
                    .map(ToString::to_string)
                    .unwrap_or_default();
                seen.lock().unwrap().push((
                    report.status.as_u16(),
                    report.code.to_owned(),
                    report.request_id.unwrap_or_default().to_owned(),
                    format!("{causes} / {:?}", report.debug),
                ));
            }
        };
        let base = spawn(routes().layer(Contract::<AppError>::new().on_error(hook))).await;
        let client = reqwest::Client::new();
        let answer = send(
            client
                .get(format!("{base}/database"))
                .header("x-request-id", "r-1"),
        )
        .await;
        assert!(!answer.body.contains("hunter2"));
        send(
            client
                .get(format!("{base}/panic"))
                .header("x-request-id", "r-2"),
        )
        .await;
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(
            (seen[0].0, seen[0].1.as_str(), seen[0].2.as_str()),
            (500, "General", "r-1")
        );
        assert!(
            seen[0].3.contains("password=hunter2"),
            "the cause reaches the hook: {seen:?}"
        );
        assert_eq!(
            (seen[1].0, seen[1].1.as_str(), seen[1].2.as_str()),
            (500, "InternalServerError", "r-2")
        );
    }

    #[derive(Debug, ApiError)]
    enum ProblemError {
        #[api(status = 409, message = "conflict")]
        Conflict,
    }

    #[tokio::test]
    async fn instance_is_a_uri_reference_whatever_the_prefix() {
        let contract = Contract::<ProblemError>::new().with_instance_prefix("kong trace\"<x>:");
        let base = spawn(Router::new().layer(contract)).await;
        let answer = send(
            reqwest::Client::new()
                .get(format!("{base}/nowhere"))
                .header("x-request-id", "abc"),
        )
        .await;
        answer.assert_in_contract(BuiltinFormat::Problem, 404);
        assert_eq!(answer.json()["instance"], "kong%20trace%22%3Cx%3E:abc");
    }
}

mod actix_edge {
    use super::*;
    use actix_web::http::Method;
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, HttpServer, web};
    use apifault::actix_web::{
        EdgeMap, OnError, RequestTimeout, contract, json_error, method_not_allowed, path_error,
        query_error,
    };

    async fn create(_item: web::Json<Item>) -> HttpResponse {
        HttpResponse::Ok().body("created")
    }

    async fn show(_id: web::Path<u32>) -> HttpResponse {
        HttpResponse::Ok().body("item")
    }

    async fn search(_page: web::Query<Page>) -> HttpResponse {
        HttpResponse::Ok().body("[]")
    }

    async fn panics() -> HttpResponse {
        panic!("the handler's own bug")
    }

    async fn slow() -> HttpResponse {
        actix_web::rt::time::sleep(Duration::from_secs(5)).await;
        HttpResponse::Ok().body("late")
    }

    async fn unrenderable() -> Result<HttpResponse, AppError> {
        Err(AppError::Unrenderable {
            hint: "a\r\nSet-Cookie: x=1".into(),
        })
    }

    fn spawn(mapped: bool) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = HttpServer::new(move || {
            let app = App::new()
                .app_data(
                    web::JsonConfig::default()
                        .limit(1024 * 1024)
                        .error_handler(json_error::<AppError>),
                )
                .app_data(web::PathConfig::default().error_handler(path_error::<AppError>))
                .app_data(web::QueryConfig::default().error_handler(query_error::<AppError>))
                .app_data(OnError::new(|report| {
                    assert!(report.request_id.is_some(), "{report:?}");
                }))
                .route("/search", web::get().to(search))
                .service(web::resource("/items").route(web::post().to(create)))
                .service(
                    web::resource("/items/{id}")
                        .route(web::get().to(show))
                        .default_service(method_not_allowed(&[Method::GET])),
                )
                .app_data(RequestTimeout(Duration::from_millis(200)))
                .route("/slow", web::get().to(slow))
                .route("/panic", web::get().to(panics))
                .route("/unrenderable", web::get().to(unrenderable));
            let app = if mapped {
                app.app_data(EdgeMap::<AppError>::new(own_error))
            } else {
                app
            };
            app.wrap(from_fn(contract::<AppError, _>))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(server));
        format!("http://{addr}")
    }

    const ERRORS: BuiltinFormat = BuiltinFormat::Errors;

    #[tokio::test]
    async fn every_framework_failure_is_in_the_contract() {
        let base = spawn(false);
        // A connection per request: actix-web closes a connection after some errors (the 413,
        // answered before the body is read), and a request sent on a pooled connection as it
        // closes is lost in transport (hyper's IncompleteMessage, seen now and then here), not
        // answered wrongly.
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let answer = send(client.get(format!("{base}/nowhere"))).await;
        answer.assert_in_contract(ERRORS, 404);
        assert_eq!(answer.code(), "NotFound");

        let answer = send(client.delete(format!("{base}/items/1"))).await;
        answer.assert_in_contract(ERRORS, 405);
        assert_eq!(answer.code(), "MethodNotAllowed");
        // The resource's own 405 names its methods; the contract keeps the header.
        assert_eq!(answer.header("allow"), "GET");

        let answer = send(client.get(format!("{base}/slow"))).await;
        answer.assert_in_contract(ERRORS, 408);
        assert_eq!(answer.code(), "RequestTimeout");

        let url = format!("{base}/items");
        let answer = send_huge(
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(vec![b' '; 3 * 1024 * 1024]),
        )
        .await;
        answer.assert_in_contract(ERRORS, 413);

        let answer = send(
            client
                .post(&url)
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
        answer.assert_in_contract(ERRORS, 415);

        for body in [br#"{"name":"#.to_vec(), b"{\"name\":\"\xff\"}".to_vec()] {
            let answer = send(
                client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body),
            )
            .await;
            answer.assert_in_contract(ERRORS, 400);
        }

        // Path and query parameters that do not fit: 400, where actix-web answers 404 and 400.
        let answer = send(client.get(format!("{base}/items/x"))).await;
        answer.assert_in_contract(ERRORS, 400);
        assert_eq!(answer.code(), "BadRequest");
        let answer = send(client.get(format!("{base}/search?limit=-1"))).await;
        answer.assert_in_contract(ERRORS, 400);
    }

    #[tokio::test]
    async fn every_method_on_every_route_is_answered_in_the_contract() {
        let base = spawn(false);
        let client = reqwest::Client::new();
        for path in ["/items", "/items/1", "/items/x", "/panic", "/nowhere", "/"] {
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] {
                let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let answer = send(client.request(method.clone(), format!("{base}{path}"))).await;
                if answer.status >= 400 {
                    answer.assert_in_contract(ERRORS, answer.status);
                }
            }
        }
    }

    #[tokio::test]
    async fn a_panic_and_a_render_failure() {
        let base = spawn(false);
        let client = reqwest::Client::new();
        let answer = send(client.get(format!("{base}/panic"))).await;
        answer.assert_in_contract(ERRORS, 500);
        assert_eq!(answer.code(), "InternalServerError");
        let answer = send(client.get(format!("{base}/items/1"))).await;
        assert_eq!(answer.status, 200);

        let answer = send(client.get(format!("{base}/unrenderable"))).await;
        answer.assert_in_contract(ERRORS, 500);
        assert_eq!(answer.header("set-cookie"), "<none>");
    }

    #[tokio::test]
    async fn mapping_and_request_ids() {
        let base = spawn(true);
        let client = reqwest::Client::new();
        let url = format!("{base}/nowhere");
        let answer = send(client.get(&url).header("x-request-id", "req-1")).await;
        answer.assert_in_contract(ERRORS, 404);
        assert_eq!(answer.code(), "ResourceNotFound");
        assert_eq!(answer.header("x-request-id"), "req-1");
        let answer = send(client.delete(format!("{base}/items/1"))).await;
        answer.assert_in_contract(ERRORS, 405);
        assert_eq!(
            answer.json()["message"],
            "Method DELETE is not allowed on /items/1"
        );
        for id in hostile_ids() {
            let Ok(value) = reqwest::header::HeaderValue::from_bytes(id.as_bytes()) else {
                continue;
            };
            let answer = send(client.get(&url).header("x-request-id", value)).await;
            answer.assert_in_contract(ERRORS, 404);
            assert_eq!(answer.header("x-request-id").len(), 32);
        }
    }
}

/// The four example servers: no request, however malformed, gets a response outside their
/// format.
mod example_servers {
    use super::*;
    use apifault_examples::{connect, konnect, konpro, kubeadapt};
    use axum::Router;

    async fn spawn(app: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    /// A server, its format, routes to try and the headers that authenticate a request.
    type Server = (
        Router,
        BuiltinFormat,
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
    );

    fn servers() -> Vec<Server> {
        vec![
            (
                connect::app(),
                BuiltinFormat::Errors,
                &["/deployments", "/deployments/key=k1", "/deployments/k1"],
                &[],
            ),
            (
                konnect::app(),
                BuiltinFormat::Problem,
                &["/v2/control-planes", "/v2/control-planes/x"],
                &[("authorization", "Bearer kpat_demo")],
            ),
            (
                konpro::app(),
                BuiltinFormat::Envelope,
                &["/v1/avatars", "/v1/avatars/av-1"],
                &[("x-api-key", "demo-key")],
            ),
            (
                kubeadapt::app(),
                BuiltinFormat::Detail,
                &[
                    "/v1/clusters",
                    "/v1/clusters/c-1",
                    "/v1/clusters/c-1/recommendations",
                ],
                &[("x-api-key", "demo-key")],
            ),
        ]
    }

    #[tokio::test]
    async fn every_method_on_every_route_unknown_routes_and_huge_bodies() {
        let client = reqwest::Client::new();
        for (app, format, routes, auth) in servers() {
            let base = spawn(app).await;
            let with_auth = |mut request: reqwest::RequestBuilder| {
                for (name, value) in auth {
                    request = request.header(*name, *value);
                }
                request
            };
            let paths = routes.iter().copied().chain(["/", "/nowhere", "/v9/x/y"]);
            for path in paths {
                for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
                    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                    let url = format!("{base}{path}");
                    let huge = with_auth(client.request(method.clone(), &url))
                        .header("content-type", "application/json")
                        .body(vec![b' '; 3 * 1024 * 1024]);
                    let answers = [
                        send(client.request(method.clone(), &url)).await,
                        send(with_auth(client.request(method.clone(), &url))).await,
                        send_huge(huge).await,
                        send(
                            with_auth(client.request(method.clone(), &url))
                                .header("content-type", "application/json")
                                .body(b"{\"name\":\"\xff".to_vec()),
                        )
                        .await,
                    ];
                    for answer in answers {
                        if answer.status >= 400 {
                            assert_eq!(
                                answer.header("content-type"),
                                format.content_type(),
                                "{method} {path}: {}",
                                answer.body
                            );
                            let validator = jsonschema::validator_for(&schema(format)).unwrap();
                            assert!(
                                validator.is_valid(&answer.json()),
                                "{format} {method} {path}: {}",
                                answer.body
                            );
                        }
                    }
                }
            }
        }
    }

    #[tokio::test]
    async fn the_connect_server_answers_the_edge_in_its_format() {
        let base = spawn(connect::app()).await;
        let client = reqwest::Client::new();
        let answer = send(client.get(format!("{base}/nowhere"))).await;
        answer.assert_in_contract(BuiltinFormat::Errors, 404);
        assert_eq!(answer.code(), "NotFound");
        let answer = send(client.put(format!("{base}/deployments"))).await;
        answer.assert_in_contract(BuiltinFormat::Errors, 405);
        assert_eq!(answer.code(), "MethodNotAllowed");
        let answer = send_huge(
            client
                .post(format!("{base}/deployments"))
                .header("content-type", "application/json")
                .body(vec![b' '; 3 * 1024 * 1024]),
        )
        .await;
        answer.assert_in_contract(BuiltinFormat::Errors, 413);
        assert_eq!(answer.code(), "PayloadTooLarge");
    }
}
