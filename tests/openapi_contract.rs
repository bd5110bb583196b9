//! OpenAPI that tells the truth: per-operation error lists checked by the compiler, schemas as
//! `$ref` components, examples that are the bodies the server sends, the edge documented, and
//! the contract check run against a real server's responses.

use apifault::utoipa::contract::{ContractCheck, MismatchKind};
use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
use apifault::{ApiError, BuiltinFormat, ErrorResponse};
use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};
use utoipa::OpenApi;

/// Every response of a document with its operation: (path, method, status, response), `$ref`
/// responses resolved.
fn responses(document: &Value) -> Vec<(String, String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                let response = match response["$ref"].as_str() {
                    Some(reference) => document
                        .pointer(reference.strip_prefix('#').unwrap())
                        .unwrap_or_else(|| panic!("{reference} points nowhere"))
                        .clone(),
                    None => response.clone(),
                };
                found.push((path.clone(), method.clone(), status.clone(), response));
            }
        }
    }
    found
}

/// Every named example of a document validates against its own variant's component (the
/// alternative whose title starts with its code), and against the whole response schema;
/// gives the number of examples checked.
fn check_examples(document: &Value) -> usize {
    let mut checked = 0;
    // The error responses: a success's content is its body's schema, with no named examples.
    let mut all: Vec<Value> = responses(document)
        .into_iter()
        .filter(|(_, _, status, _)| !status.starts_with('2'))
        .map(|r| r.3)
        .collect();
    if let Some(edge) = document["components"]["responses"].as_object() {
        all.extend(edge.values().cloned());
    }
    for response in all {
        let Some(content) = response["content"].as_object() else {
            continue;
        };
        for media in content.values() {
            let schema = &media["schema"];
            let alternatives: Vec<&Value> = match schema.get("oneOf").or(schema.get("anyOf")) {
                Some(Value::Array(items)) => items.iter().collect(),
                _ => vec![schema],
            };
            for (key, example) in media["examples"].as_object().unwrap() {
                let code = key.rsplit('.').next().unwrap();
                let own = alternatives
                    .iter()
                    .find(|alternative| {
                        let name = alternative["$ref"]
                            .as_str()
                            .unwrap()
                            .strip_prefix("#/components/schemas/")
                            .unwrap();
                        document["components"]["schemas"][name]["title"]
                            .as_str()
                            .is_some_and(|title| title.starts_with(&format!("{code} (")))
                    })
                    .unwrap_or_else(|| panic!("no schema for {code} in {schema}"));
                for schema in [*own, schema] {
                    let root = json!({ "allOf": [schema], "components": document["components"] });
                    let validator = jsonschema::validator_for(&root).unwrap();
                    let errors: Vec<String> = validator
                        .iter_errors(&example["value"])
                        .map(|e| e.to_string())
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "{code}: {}\n{errors:#?}",
                        example["value"]
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}

/// The codes documented on each operation, edge responses left out.
fn codes_by_operation(document: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut operations: Vec<(String, String, Vec<String>)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut codes = Vec::new();
            for response in operation["responses"].as_object().unwrap().values() {
                for media in response["content"].as_object().into_iter().flatten() {
                    let examples = media.1["examples"].as_object().into_iter().flatten();
                    codes.extend(examples.map(|(code, _)| code.clone()));
                }
            }
            codes.sort();
            operations.push((method.clone(), path.clone(), codes));
        }
    }
    operations
}

/// The Konnect-style server's document: its compiler-checked lists are what each route can
/// send, no more.
#[test]
fn the_konnect_document_lists_exactly_what_each_route_can_send() {
    let document = apifault_examples::konnect::openapi();
    let json = document.to_json().unwrap();
    oas3::from_json(&json).expect("a valid OpenAPI 3.1 document");
    let document: Value = serde_json::from_str(&json).unwrap();
    let mut expected = vec![
        (
            "get".to_owned(),
            "/v2/control-planes/{id}".to_owned(),
            vec![
                "control-plane-not-found",
                "invalid-id-format",
                "invalid-request-format",
                "unauthorized",
            ],
        ),
        (
            "post".to_owned(),
            "/v2/control-planes".to_owned(),
            vec![
                "conflict",
                "invalid-parameters",
                "invalid-request-format",
                "permission-denied",
                "rate-limited",
                "unauthorized",
                "unknown-property",
                "unsupported-media-type",
            ],
        ),
    ];
    expected.sort();
    // The codes of the operations' own responses (the edge's `$ref`s left out).
    let mut operations: Vec<(String, String, Vec<&str>)> = Vec::new();
    let found = codes_by_operation(&document);
    for (method, path, codes) in &found {
        let codes = codes.iter().map(String::as_str).collect();
        operations.push((method.clone(), path.clone(), codes));
    }
    operations.sort();
    assert_eq!(operations, expected);
    // Statuses a route cannot send are not on it: GET has no 409, 413 or 415.
    let show = &document["paths"]["/v2/control-planes/{id}"]["get"]["responses"];
    let statuses: Vec<&String> = show.as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401", "404", "500"]);
    // Three 400s share one response.
    let create_400 = &document["paths"]["/v2/control-planes"]["post"]["responses"]["400"];
    let alternatives = create_400["content"]["application/problem+json"]["schema"]["anyOf"]
        .as_array()
        .unwrap();
    assert_eq!(alternatives.len(), 3);
    assert!(check_examples(&document) >= 14);
}

#[test]
fn examples_are_the_bodies_the_server_sends() {
    /// Errors of a book API.
    #[derive(Debug, ApiError)]
    #[api(format = "detail")]
    #[allow(dead_code, reason = "only the documentation is read")]
    enum BookError {
        /// No such book.
        #[api(status = 404, message = "Book {id} was not found")]
        NotFound { id: u64 },
    }

    #[utoipa::path(get, path = "/books/{id}", responses(Errors<book_error::NotFound>))]
    #[allow(dead_code, reason = "only its documentation is used")]
    fn show() {}

    const COMPONENTS: ErrorComponents<BookError> = ErrorComponents::new();

    #[derive(OpenApi)]
    #[openapi(paths(show), modifiers(&COMPONENTS))]
    struct Api;

    let document = serde_json::to_value(Api::openapi()).unwrap();
    let example = &document["paths"]["/books/{id}"]["get"]["responses"]["404"]["content"]["application/json"]
        ["examples"]["NotFound"]["value"];
    // Not `"Book {id} was not found"` with `"id": 0`: the message interpolated.
    assert_eq!(example, &json!({ "detail": "Book 1 was not found" }));
    let mut rendered = Vec::new();
    ErrorResponse::new(BookError::NotFound { id: 1 })
        .render(&mut rendered)
        .unwrap();
    assert_eq!(
        example,
        &serde_json::from_slice::<Value>(&rendered).unwrap()
    );
}

/// One variant of every field kind in each format: its example is exactly what
/// `ErrorResponse` renders for the example values, and validates against its schema.
#[test]
fn examples_match_rendering_in_every_format() {
    macro_rules! check_format {
        ($format:literal, $module:ident, $name:ident, $builtin:expr) => {{
            #[derive(Debug, ApiError)]
            #[api(format = $format, rename_all = "camelCase")]
            enum $name {
                #[api(status = 409, message = "{name} is at version {version}, not {expected:?}")]
                Conflict {
                    name: String,
                    version: i64,
                    expected: Option<u32>,
                    ratio: f64,
                    tags: Vec<String>,
                    #[api(header = "Retry-After")]
                    retry: std::time::Duration,
                },
                #[api(status = 422)]
                Invalid(#[api(violations)] Vec<apifault::Violation>),
                #[api(status = 500, no_decode)]
                #[allow(dead_code, reason = "only the documentation is read")]
                Database(#[api(skip)] std::io::Error),
            }

            #[utoipa::path(get, path = "/x", responses(Errors<($module::Conflict, $module::Invalid, $module::Database)>))]
            #[allow(dead_code, reason = "only its documentation is used")]
            fn route() {}

            const COMPONENTS: ErrorComponents<$name> = ErrorComponents::new();
            #[derive(OpenApi)]
            #[openapi(paths(route), modifiers(&COMPONENTS))]
            struct Api;

            let document = serde_json::to_value(Api::openapi()).unwrap();
            assert_eq!(check_examples(&document), 3, $format);
            let format: BuiltinFormat = $builtin;
            let content_type = apifault::Format::content_type(&format);
            let example = &document["paths"]["/x"]["get"]["responses"]["409"]["content"]
                [content_type]["examples"]["Conflict"]["value"];
            let value = $name::Conflict {
                name: "example".into(),
                version: 1,
                expected: Some(1),
                ratio: 1.5,
                tags: vec!["example".into()],
                retry: std::time::Duration::from_secs(30),
            };
            let mut rendered = Vec::new();
            ErrorResponse::new(value).render_as(&format, &mut rendered).unwrap();
            assert_eq!(example, &serde_json::from_slice::<Value>(&rendered).unwrap(), $format);
            assert!(example.to_string().contains("example is at version 1, not Some(1)"), "{example}");
        }};
    }
    check_format!("errors", errors_error, ErrorsError, BuiltinFormat::Errors);
    check_format!(
        "problem",
        problem_error,
        ProblemError,
        BuiltinFormat::Problem
    );
    check_format!(
        "envelope",
        envelope_error,
        EnvelopeError,
        BuiltinFormat::Envelope
    );
    check_format!("detail", detail_error, DetailError, BuiltinFormat::Detail);
}

/// Thirty routes listing the same variants: each schema is in the document once.
#[test]
fn a_document_for_many_routes_stays_small() {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};

    #[derive(Debug, ApiError)]
    #[api(format = "errors")]
    #[allow(dead_code, reason = "only the documentation is read")]
    enum ShopError {
        #[api(status = 404, code = "ResourceNotFound", message = "{0} was not found")]
        NotFound(String),
        #[api(status = 409, code = "ConcurrentModification")]
        Conflict { current_version: i64 },
    }

    let document = |routes: usize| {
        let mut paths = utoipa::openapi::PathsBuilder::new();
        for route in 0..routes {
            let responses = utoipa::openapi::ResponsesBuilder::new()
                .responses_from_into_responses::<Errors<(shop_error::NotFound, shop_error::Conflict)>>()
                .build();
            paths = paths.path(
                format!("/r{route}"),
                PathItem::new(
                    HttpMethod::Get,
                    OperationBuilder::new().responses(responses),
                ),
            );
        }
        let mut openapi = utoipa::openapi::OpenApiBuilder::new()
            .paths(paths.build())
            .build();
        utoipa::Modify::modify(&ErrorComponents::<ShopError>::new(), &mut openapi);
        serde_json::to_string(&openapi).unwrap()
    };
    let one = document(1);
    let thirty = document(30);
    assert_eq!(
        thirty
            .matches(r#""enum":["ConcurrentModification"]"#)
            .count(),
        1
    );
    assert_eq!(
        thirty
            .matches(r##""$ref":"#/components/schemas/ShopError.Conflict""##)
            .count(),
        30
    );
    let per_route = (thirty.len() - one.len()) / 29;
    assert!(per_route < 1200, "{per_route} bytes per route");
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = request.send().await.unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    let mut headers = HeaderMap::new();
    for (name, value) in response.headers() {
        headers.append(
            http::HeaderName::from_bytes(name.as_str().as_bytes()).unwrap(),
            http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The Konnect-style server's responses, edge included, are each documented by the example
/// document and match their schemas; a response the document does not allow is refused.
#[tokio::test]
async fn the_konnect_server_answers_within_its_document() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, apifault_examples::konnect::app())
            .await
            .unwrap();
    });
    let check = ContractCheck::new(&apifault_examples::konnect::openapi());
    let client = reqwest::Client::new();
    let planes = format!("{base}/v2/control-planes");
    let cases = [
        (
            Method::GET,
            "/v2/control-planes/{id}",
            client.get(format!("{planes}/not-a-uuid")).bearer_auth("t"),
            400,
        ),
        (
            Method::GET,
            "/v2/control-planes/{id}",
            client
                .get(format!("{planes}/00000000-0000-0000-0000-000000000000"))
                .bearer_auth("t"),
            404,
        ),
        (
            Method::GET,
            "/v2/control-planes/{id}",
            client.get(format!("{planes}/x")),
            401,
        ),
        (
            Method::POST,
            "/v2/control-planes",
            client
                .post(&planes)
                .bearer_auth("t")
                .header("content-type", "text/plain")
                .body("x"),
            415,
        ),
        (
            Method::POST,
            "/v2/control-planes",
            client
                .post(&planes)
                .bearer_auth("t")
                .header("content-type", "application/json")
                .body("{"),
            400,
        ),
        (
            Method::POST,
            "/v2/control-planes",
            client
                .post(&planes)
                .bearer_auth("t")
                .header("content-type", "application/json")
                .body(vec![b' '; 3 << 20]),
            413,
        ),
        (
            Method::GET,
            "/nowhere",
            client.get(format!("{base}/nowhere")),
            404,
        ),
        (
            Method::DELETE,
            "/v2/control-planes",
            client.delete(&planes),
            405,
        ),
    ];
    for (method, route, request, expected) in cases {
        let (status, headers, body) = send(request).await;
        assert_eq!(
            status.as_u16(),
            expected,
            "{method} {route}: {}",
            String::from_utf8_lossy(&body)
        );
        check
            .check(&method, route, status, &headers, &body)
            .unwrap_or_else(|mismatch| panic!("{mismatch}"));
    }

    check_refusals(&check, &client, &planes).await;
}

/// What the document does not allow is refused, each for its reason.
async fn check_refusals(check: &ContractCheck, client: &reqwest::Client, planes: &str) {
    let (status, headers, body) = send(client.get(format!("{planes}/x"))).await;
    let mut json_headers = HeaderMap::new();
    json_headers.insert(
        http::header::CONTENT_TYPE,
        "application/json".parse().unwrap(),
    );
    let conflict = ErrorResponse::new(apifault_examples::konnect::KonnectError::Conflict)
        .to_http_response()
        .unwrap();
    let refused = [
        (
            check.check_response(&Method::GET, "/v2/control-planes/x", &conflict),
            MismatchKind::UndocumentedStatus,
        ),
        (
            check.check(
                &Method::GET,
                "/v2/control-planes/x",
                status,
                &HeaderMap::new(),
                &body,
            ),
            MismatchKind::MissingContentType,
        ),
        (
            check.check(
                &Method::GET,
                "/v2/control-planes/x",
                status,
                &headers,
                br#"{"title":"Unauthorized","status":401}"#,
            ),
            MismatchKind::SchemaViolation,
        ),
        (
            check.check(
                &Method::GET,
                "/v2/control-planes/x",
                status,
                &headers,
                b"not json",
            ),
            MismatchKind::InvalidJson,
        ),
        // The success is documented as a JSON control plane: not a problem, and not any JSON.
        (
            check.check(
                &Method::GET,
                "/v2/control-planes/x",
                StatusCode::OK,
                &headers,
                &body,
            ),
            MismatchKind::UndocumentedContentType,
        ),
        (
            check.check(
                &Method::GET,
                "/v2/control-planes/x",
                StatusCode::OK,
                &json_headers,
                br#"{"id":"00000000-0000-4000-8000-000000000001","name":"prod"}"#,
            ),
            MismatchKind::SchemaViolation,
        ),
        // A response documented without content has no body.
        (
            ContractCheck::from_json(json!({
                "openapi": "3.1.0",
                "paths": { "/x": { "delete": { "responses": { "204": { "description": "Gone" } } } } },
            }))
            .check(&Method::DELETE, "/x", StatusCode::NO_CONTENT, &json_headers, b"{}"),
            MismatchKind::UndocumentedBody,
        ),
        (
            check.check(&Method::GET, "/v3/other", status, &headers, &body),
            MismatchKind::UndocumentedRoute,
        ),
        (
            check.check(&Method::PUT, "/v2/control-planes", status, &headers, &body),
            MismatchKind::UndocumentedMethod,
        ),
    ];
    for (result, kind) in refused {
        assert_eq!(result.map_err(|m| m.kind()), Err(kind));
    }
    let mut wrong_type = headers.clone();
    wrong_type.insert(http::header::CONTENT_TYPE, "text/html".parse().unwrap());
    let mismatch = check
        .check(
            &Method::GET,
            "/v2/control-planes/x",
            status,
            &wrong_type,
            &body,
        )
        .unwrap_err();
    assert_eq!(mismatch.kind(), MismatchKind::UndocumentedContentType);
}

/// The edge is documented in the application's format, with the codes its server sends:
/// the built-in edge errors where nothing maps them.
#[test]
fn the_edge_is_documented_in_the_application_format() {
    #[derive(Debug, ApiError)]
    #[api(format = "envelope")]
    #[allow(dead_code, reason = "only the documentation is read")]
    enum AppError {
        #[api(status = 500, code = "INTERNAL")]
        Internal,
    }

    #[utoipa::path(get, path = "/a", responses(Errors<app_error::Internal>))]
    #[allow(dead_code, reason = "only its documentation is used")]
    fn get_a() {}

    const COMPONENTS: ErrorComponents<AppError> = ErrorComponents::new();
    const EDGE: EdgeResponses<AppError> = EdgeResponses::new();
    #[derive(OpenApi)]
    #[openapi(paths(get_a), modifiers(&COMPONENTS, &EDGE))]
    struct Api;

    let document = serde_json::to_value(Api::openapi()).unwrap();
    let edge = &document["components"]["responses"];
    for (status, code) in [
        ("404", "NotFound"),
        ("405", "MethodNotAllowed"),
        ("413", "PayloadTooLarge"),
        ("415", "UnsupportedMediaType"),
        ("500", "InternalServerError"),
    ] {
        let example = &edge[format!("Edge.{status}")]["content"]["application/json"]["examples"]
            [code]["value"];
        assert_eq!(example["error"]["code"], code, "{status}: {example}");
        let error = apifault::edge::EdgeError::catalog().find(code).unwrap();
        assert_eq!(error.status().as_str(), status);
    }
    // The route's own 500 and the edge's are one response with both examples.
    let own = &document["paths"]["/a"]["get"]["responses"]["500"]["content"]["application/json"];
    let examples: Vec<&String> = own["examples"].as_object().unwrap().keys().collect();
    assert_eq!(examples, ["INTERNAL", "InternalServerError"]);
    assert!(
        document["paths"]["/a"]["get"]["responses"]
            .get("413")
            .is_none(),
        "GET takes no body"
    );
    // The route's two 500s and the five edge responses.
    assert_eq!(check_examples(&document), 7);
}
