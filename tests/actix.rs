//! The actix-web integration over real HTTP: `ResponseError` for derived types (that are
//! `Display`) and for `ErrorResponse`, with the same status, headers and bodies as axum.

use actix_web::{App, HttpResponse, HttpServer, web};
use apifault::{ApiError, ErrorResponse, RateLimit, Violation};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
enum ConnectError {
    #[error("deployment {0} not found")]
    #[api(
        status = 404,
        code = "ResourceNotFound",
        message = "The Resource with key '{0}' was not found."
    )]
    NotFound(String),
    #[error("invalid fields")]
    #[api(status = 400, code = "InvalidField", message = "invalid")]
    InvalidFields(#[api(violations)] Vec<Violation>),
}

#[derive(Debug, ApiError)]
#[api(format = "detail", display)]
enum ClusterError {
    #[api(status = 429, message = "Rate limit exceeded")]
    RateLimited(#[api(headers)] RateLimit),
    #[api(status = 500, no_decode)]
    Internal { source: std::io::Error },
}

async fn not_found(key: web::Path<String>) -> Result<HttpResponse, ConnectError> {
    Err(ConnectError::NotFound(key.into_inner()))
}

async fn invalid() -> Result<HttpResponse, ErrorResponse<ConnectError>> {
    let errors = [
        ConnectError::InvalidFields(vec![Violation::new("name", "cannot be blank")]),
        ConnectError::NotFound("x".into()),
    ];
    Err(ErrorResponse::from_errors(errors)
        .unwrap()
        .with_request_id("req-1"))
}

async fn limited() -> Result<HttpResponse, ClusterError> {
    Err(ClusterError::RateLimited(
        RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42),
    ))
}

async fn internal() -> Result<HttpResponse, ClusterError> {
    Err(ClusterError::Internal {
        source: std::io::Error::other("password=hunter2"),
    })
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    async fn get(url: String) -> Self {
        let response = reqwest::get(url).await.unwrap();
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("<none>", |value| value.to_str().unwrap())
    }
}

/// Serves the app `factory` builds on a thread of its own, with its own actix `System` (as
/// `tests/edge.rs` does), and gives its base URL: a server spawned on the test's own runtime
/// raced the client there, and once never accepted its connection.
macro_rules! serve {
    ($factory:expr) => {{
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = HttpServer::new($factory)
            .workers(1)
            .listen(listener)
            .unwrap()
            .run();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(server));
        format!("http://{addr}")
    }};
}

#[tokio::test]
async fn responses_over_http() {
    let base = serve!(|| {
        App::new()
            .route("/deployments/{key}", web::get().to(not_found))
            .route("/invalid", web::get().to(invalid))
            .route("/limited", web::get().to(limited))
            .route("/internal", web::get().to(internal))
    });

    let answer = Answer::get(format!("{base}/deployments/resource-key")).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(
        answer.body,
        r#"{"statusCode":404,"message":"The Resource with key 'resource-key' was not found.","errors":[{"code":"ResourceNotFound","message":"The Resource with key 'resource-key' was not found."}]}"#
    );

    let answer = Answer::get(format!("{base}/invalid")).await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.body,
        r#"{"statusCode":400,"message":"cannot be blank","errors":[{"code":"InvalidField","message":"cannot be blank","field":"name"},{"code":"ResourceNotFound","message":"The Resource with key 'x' was not found."}],"request_id":"req-1"}"#
    );

    let answer = Answer::get(format!("{base}/limited")).await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.header("retry-after"), "42");
    assert_eq!(answer.header("x-ratelimit-limit"), "100");
    assert_eq!(answer.header("x-ratelimit-remaining"), "0");
    assert_eq!(answer.header("x-ratelimit-reset"), "1741910460");
    assert_eq!(answer.body, r#"{"detail":"Rate limit exceeded"}"#);

    let answer = Answer::get(format!("{base}/internal")).await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.body, r#"{"detail":"Internal Server Error"}"#);
}

/// The derived impl only exists for `Display` types; a type without it still derives fine.
#[test]
fn response_error_needs_display() {
    #[derive(Debug, ApiError)]
    #[api(status = 400)]
    struct NoDisplay;
    fn is_response_error<T: actix_web::ResponseError>() {}
    is_response_error::<ConnectError>();
    is_response_error::<ErrorResponse<NoDisplay>>();
    assert_eq!(NoDisplay.code(), "NoDisplay");
}

#[derive(Debug, ApiError)]
#[api(format = "envelope", code_case = "SCREAMING_SNAKE_CASE", display)]
enum KonProError {
    #[api(status = 404, message = "Avatar not found")]
    ResourceNotFound,
}

#[derive(Debug, ApiError)]
#[api(display)]
enum KonnectError {
    #[api(status = 404, message = "The requested control plane was not found.")]
    NotFound,
}

async fn avatar() -> Result<HttpResponse, KonProError> {
    Err(KonProError::ResourceNotFound)
}

async fn control_plane() -> Result<HttpResponse, ErrorResponse<KonnectError>> {
    Err(ErrorResponse::new(KonnectError::NotFound))
}

/// The request-id middleware: the same ids in bodies and headers as with axum.
#[tokio::test]
async fn request_ids() {
    use actix_web::middleware::from_fn;
    use apifault::actix_web::{InstancePrefix, request_id};

    let base = serve!(|| {
        App::new()
            .app_data(InstancePrefix("kong:trace:"))
            .wrap(from_fn(request_id))
            .route("/avatars/x", web::get().to(avatar))
            .route("/control-planes/x", web::get().to(control_plane))
    });
    let client = reqwest::Client::new();

    let response = client
        .get(format!("{base}/avatars/x"))
        .header("x-request-id", "req-123456")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "req-123456");
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar not found"},"request_id":"req-123456"}"#
    );

    let response = client
        .get(format!("{base}/control-planes/x"))
        .header("x-request-id", "42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"title":"Not Found","status":404,"detail":"The requested control plane was not found.","instance":"kong:trace:42"}"#
    );

    let response = client
        .get(format!("{base}/avatars/x"))
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 32);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .ends_with(&format!(r#""request_id":"{id}"}}"#))
    );
}

/// `apifault::actix_web`'s extractors keep the transport's facts: a body over
/// `PayloadConfig`'s limit is a 413, a body of another media type a 415, and a body that is not
/// JSON one `json_invalid` problem, each a `Rejection` of that kind.
#[actix_web::test]
async fn extractors_keep_the_transport_statuses() {
    use actix_web::FromRequest as _;
    use apifault::actix_web::{Form, Json, Rejection, RejectionKind};
    use apifault::edge::EdgeError;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "read by serde")]
    struct Item {
        name: String,
    }

    #[derive(Debug)]
    struct Seen(Rejection);
    impl From<Rejection> for Seen {
        fn from(rejection: Rejection) -> Self {
            Seen(rejection)
        }
    }
    impl std::fmt::Display for Seen {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0.message())
        }
    }
    impl actix_web::ResponseError for Seen {}

    async fn json(content_type: Option<&str>, body: Vec<u8>) -> Rejection {
        let mut request = actix_web::test::TestRequest::post().set_payload(body);
        if let Some(content_type) = content_type {
            request = request.insert_header(("content-type", content_type));
        }
        let (request, mut payload) = request.to_http_parts();
        match Json::<Item, Seen>::from_request(&request, &mut payload).await {
            Ok(item) => panic!("accepted {item:?}"),
            Err(Seen(rejection)) => rejection,
        }
    }

    let too_large = json(Some("application/json"), vec![b' '; 300 * 1024]).await;
    assert_eq!(too_large.kind(), RejectionKind::BodyTooLarge);
    assert_eq!(too_large.status(), 413);
    assert_eq!(too_large.edge(), Some(EdgeError::PayloadTooLarge));

    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let rejection = json(content_type, br#"{"name":"x"}"#.to_vec()).await;
        assert_eq!(
            rejection.kind(),
            RejectionKind::MediaType,
            "{content_type:?}"
        );
        assert_eq!(rejection.edge(), Some(EdgeError::UnsupportedMediaType));
    }
    // `application/*+json` is JSON, as for axum's `Json`.
    let rejection = json(Some("application/merge-patch+json"), b"{}".to_vec()).await;
    assert_eq!(rejection.kind(), RejectionKind::MissingField);

    for broken in [&b"{\"name\":"[..], b"{\"name\":\"\xff\"}", b"not json"] {
        let rejection = json(Some("application/json"), broken.to_vec()).await;
        assert_eq!(rejection.kind(), RejectionKind::Syntax, "{broken:?}");
        assert_eq!(rejection.edge(), None);
        let rules: Vec<_> = rejection
            .violations()
            .iter()
            .map(|v| v.rule().cloned())
            .collect();
        assert_eq!(rules, [Some(apifault::Rule::Other("json_invalid".into()))]);
    }

    let (request, mut payload) = actix_web::test::TestRequest::post()
        .insert_header(("content-type", "application/json"))
        .set_payload("name=x")
        .to_http_parts();
    let Err(Seen(rejection)) = Form::<Item, Seen>::from_request(&request, &mut payload).await
    else {
        panic!("a JSON content type is not a form");
    };
    assert_eq!(rejection.edge(), Some(EdgeError::UnsupportedMediaType));
}
