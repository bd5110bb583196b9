//! FastAPI's own 422 bodies, byte for byte: `goldens/fastapi.json` was written by
//! `scripts/fastapi_goldens.py` (pinned FastAPI 0.165.0, Pydantic 2.14.3, run through its
//! `TestClient`) for the model below; this test sends each request to an axum app and to an
//! actix-web app with the same model in Rust and compares the bodies. The same problems in the
//! other three formats must validate against their JSON Schemas.
//!
//! The Pydantic model (in the script) and its Rust twin:
//!
//! | field | Pydantic | Rust |
//! |---|---|---|
//! | `name` | `str = Field(min_length=1, max_length=8)` | `String`, `length(min = 1, max = 8)` |
//! | `quantity` | `int` | `i64` |
//! | `price` | `float = Field(gt=0.0, le=1000.0)` | `f64`, `range(exclusive_min = 0.0, max = 1000.0)` |
//! | `active` | `bool` | `bool` |
//! | `tags` | `list[str] = Field(min_length=1, max_length=3)` | `Vec<String>`, `length(min = 1, max = 3)` |
//! | `address` | `Address` (`city: str`, `zip: str`, extra forbidden) | `Address`, `deny_unknown_fields` |
//! | `note` | `Optional[str] = None` | `Option<String>` |
//! | `color` | `Color` (`str` enum `red`, `green`) | `enum Color { Red, Green }`, lowercase |
//! | `level` | `int = Field(ge=0, le=255)` | `u8` |

use std::sync::{Arc, Mutex};

use apifault::axum::{Form, Json, Path, Query, Rejection, Valid};
use apifault::{ApiError, BuiltinFormat, ErrorResponse, Violation};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;
use validator::Validate;

#[derive(Debug, Clone, ApiError)]
#[api(format = "detail", display)]
enum Fault {
    #[api(status = 422)]
    Validation(#[api(violations)] Vec<Violation>),
    #[api(transparent)]
    Edge(apifault::edge::EdgeError),
}

impl From<Rejection> for Fault {
    fn from(rejection: Rejection) -> Self {
        match rejection.edge() {
            Some(edge) => Fault::Edge(edge),
            None => Fault::Validation(rejection.into_violations()),
        }
    }
}

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read by serde and validator only")]
struct Order {
    #[validate(length(min = 1, max = 8))]
    name: String,
    quantity: i64,
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    price: f64,
    active: bool,
    #[validate(length(min = 1, max = 3))]
    tags: Vec<String>,
    #[validate(nested)]
    address: Address,
    note: Option<String>,
    color: Color,
    level: u8,
}

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read by serde only")]
struct Address {
    city: String,
    zip: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(Debug, Deserialize, Validate)]
#[allow(dead_code, reason = "read by serde and validator only")]
struct Search {
    q: String,
    #[validate(range(min = 1, max = 100))]
    limit: i64,
    #[serde(default)]
    page: u32,
    exact: Option<bool>,
}

#[derive(Debug, Deserialize, Validate)]
#[allow(dead_code, reason = "read by serde only")]
struct Login {
    username: String,
    age: u8,
}

/// The violations each rejected request had, for rendering in the other formats.
type Seen = Arc<Mutex<Vec<Vec<Violation>>>>;

fn keep<T>(seen: &Seen, result: Result<T, Fault>) -> Result<&'static str, Fault> {
    match result {
        Ok(_) => Ok(r#"{"ok":true}"#),
        Err(fault) => {
            if let Fault::Validation(violations) = &fault {
                seen.lock().unwrap().push(violations.clone());
            }
            Err(fault)
        }
    }
}

fn app(seen: Seen) -> Router {
    Router::new()
        .route(
            "/orders",
            post(
                |State(seen): State<Seen>, order: Result<Json<Order, Fault>, Fault>| async move {
                    keep(&seen, order)
                },
            ),
        )
        .route(
            "/search",
            get(
                |State(seen): State<Seen>, query: Result<Query<Search, Fault>, Fault>| async move {
                    keep(&seen, query)
                },
            ),
        )
        .route(
            "/items/{item_id}",
            get(
                |State(seen): State<Seen>, id: Result<Path<i64, Fault>, Fault>| async move {
                    keep(&seen, id)
                },
            ),
        )
        .route(
            "/login",
            post(
                |State(seen): State<Seen>, form: Result<Form<Login, Fault>, Fault>| async move {
                    keep(&seen, form)
                },
            ),
        )
        .with_state(seen)
}

/// The same routes through the validating extractors: type problems and rule violations.
fn validating_app(seen: Seen) -> Router {
    Router::new()
        .route(
            "/orders",
            post(
                |State(seen): State<Seen>,
                 order: Result<Valid<Json<Order, Fault>>, Fault>| async move {
                    keep(&seen, order)
                },
            ),
        )
        .route(
            "/search",
            get(
                |State(seen): State<Seen>,
                 query: Result<Valid<Query<Search, Fault>>, Fault>| async move {
                    keep(&seen, query)
                },
            ),
        )
        .route(
            "/items/{item_id}",
            get(
                |State(seen): State<Seen>, id: Result<Path<i64, Fault>, Fault>| async move {
                    keep(&seen, id)
                },
            ),
        )
        .route(
            "/login",
            post(
                |State(seen): State<Seen>,
                 form: Result<Valid<Form<Login, Fault>>, Fault>| async move {
                    keep(&seen, form)
                },
            ),
        )
        .with_state(seen)
}

/// Cases whose problems serde alone finds (types, missing and unknown fields).
const TYPE_CASES: &[&str] = &[
    "valid",
    "empty_object",
    "wrong_types_in_input_order",
    "nested_missing_and_extra",
    "list_items",
    "extra_fields",
    "int_from_float",
    "int_from_object",
    "float_from_list",
    "bool_from_int",
    "bool_from_string",
    "bool_from_object",
    "string_from_list",
    "string_from_object",
    "string_from_bool",
    "null_fields",
    "list_from_object",
    "nested_from_list",
    "enum_unknown",
    "enum_not_a_string",
    "level_below_u8",
    "level_above_u8",
    "missing_some",
    "body_is_a_list",
    "body_is_a_string",
    "body_is_null",
    "query_valid",
    "query_missing",
    "query_wrong",
    "query_float_for_int",
    "path_valid",
    "path_wrong",
    "path_float",
    "form_valid",
    "form_missing",
    "form_wrong",
    "form_bounds",
];

/// Cases with rule violations (bounds), which need the validating extractor.
const RULE_CASES: &[&str] = &[
    "every_field_wrong",
    "name_too_short",
    "name_too_long",
    "price_not_greater_than",
    "price_above_max",
    "tags_too_few",
    "tags_too_many",
    "every_rule",
    "rules_and_types",
    "query_bounds",
    "query_bounds_high",
];

/// FastAPI accepts these (Pydantic's lax mode takes `true` as the integer 1 and the number
/// 1.0); serde, and so these extractors, reject them. Checked as such below.
const LAX_IN_PYDANTIC: &[&str] = &["int_from_bool", "float_from_bool"];

#[derive(Debug, Deserialize)]
struct Golden {
    name: String,
    method: String,
    url: String,
    content_type: Option<String>,
    body: Option<String>,
    status: u16,
    response: String,
}

fn goldens() -> Vec<Golden> {
    let file: Value = serde_json::from_str(include_str!("goldens/fastapi.json")).unwrap();
    assert_eq!(file["versions"]["fastapi"], "0.165.0");
    assert_eq!(file["versions"]["pydantic"], "2.14.3");
    serde_json::from_value(file["cases"].clone()).unwrap()
}

async fn spawn(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn send(client: &reqwest::Client, base: &str, case: &Golden) -> (u16, String) {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).unwrap();
    let mut request = client.request(method, format!("{base}{}", case.url));
    if let Some(content_type) = &case.content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(body) = &case.body {
        request = request.body(body.clone());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[test]
fn every_golden_case_is_accounted_for() {
    let mut names: Vec<&str> = [TYPE_CASES, RULE_CASES, LAX_IN_PYDANTIC].concat();
    names.sort_unstable();
    let goldens = goldens();
    // The `kubeadapt_` cases are the example server's, checked in tests/servers/kubeadapt.rs.
    let mut golden_names: Vec<&str> = goldens
        .iter()
        .map(|case| case.name.as_str())
        .filter(|name| !name.starts_with("kubeadapt_"))
        .collect();
    golden_names.sort_unstable();
    assert_eq!(names, golden_names);
}

#[tokio::test]
async fn plain_extractors_answer_as_fastapi_does() {
    let seen = Seen::default();
    let base = spawn(app(seen.clone())).await;
    let client = reqwest::Client::new();
    let goldens = goldens();
    let mut compared = 0;
    for case in goldens
        .iter()
        .filter(|case| TYPE_CASES.contains(&case.name.as_str()))
    {
        let (status, body) = send(&client, &base, case).await;
        assert_eq!(
            (status, body.as_str()),
            (case.status, case.response.as_str()),
            "case {}",
            case.name
        );
        compared += 1;
    }
    assert_eq!(compared, TYPE_CASES.len());

    // Pydantic is laxer here; serde is not, and says why.
    for case in goldens
        .iter()
        .filter(|case| LAX_IN_PYDANTIC.contains(&case.name.as_str()))
    {
        assert_eq!(case.status, 200, "{}", case.name);
        let (status, body) = send(&client, &base, case).await;
        assert_eq!(status, 422, "{}: {body}", case.name);
    }

    // The same problems in the other formats, each valid against its schema.
    let seen = seen.lock().unwrap();
    assert!(seen.len() > 30, "{}", seen.len());
    for format in [
        BuiltinFormat::Problem,
        BuiltinFormat::Envelope,
        BuiltinFormat::Errors,
    ] {
        let validator = jsonschema::validator_for(&schema(format)).unwrap();
        for violations in seen.iter() {
            let mut body = Vec::new();
            ErrorResponse::new(Fault::Validation(violations.clone()))
                .render_as(&format, &mut body)
                .unwrap();
            let body: Value = serde_json::from_slice(&body).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{format}: {body}\n{errors:#?}");
        }
    }
}

fn schema(format: BuiltinFormat) -> Value {
    let text = match format {
        BuiltinFormat::Errors => include_str!("schemas/errors.schema.json"),
        BuiltinFormat::Problem => include_str!("schemas/problem.schema.json"),
        BuiltinFormat::Envelope => include_str!("schemas/envelope.schema.json"),
        BuiltinFormat::Detail => include_str!("schemas/detail.schema.json"),
        other => panic!("no schema for the `{other}` format"),
    };
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn validating_extractors_answer_as_fastapi_does() {
    let seen = Seen::default();
    let base = spawn(validating_app(seen.clone())).await;
    let client = reqwest::Client::new();
    let goldens = goldens();
    let mut compared = 0;
    // Every case, type problems and rule violations: the validating extractors answer the
    // type cases as the plain ones do, and the rule cases as FastAPI does.
    for case in goldens.iter().filter(|case| {
        TYPE_CASES.contains(&case.name.as_str()) || RULE_CASES.contains(&case.name.as_str())
    }) {
        let (status, body) = send(&client, &base, case).await;
        assert_eq!(
            (status, body.as_str()),
            (case.status, case.response.as_str()),
            "case {}",
            case.name
        );
        compared += 1;
    }
    assert_eq!(compared, TYPE_CASES.len() + RULE_CASES.len());

    // Every item of one answer has one source.
    let seen = seen.lock().unwrap();
    for violations in seen.iter() {
        let first = violations[0].source();
        assert!(first.is_some());
        assert!(
            violations.iter().all(|v| v.source() == first),
            "{violations:?}"
        );
    }
    // The rule cases in the other formats, each valid against its schema.
    for format in [
        BuiltinFormat::Problem,
        BuiltinFormat::Envelope,
        BuiltinFormat::Errors,
    ] {
        let validator = jsonschema::validator_for(&schema(format)).unwrap();
        for violations in seen.iter() {
            let mut body = Vec::new();
            ErrorResponse::new(Fault::Validation(violations.clone()))
                .render_as(&format, &mut body)
                .unwrap();
            let body: Value = serde_json::from_slice(&body).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{format}: {body}\n{errors:#?}");
        }
    }
}

/// The same routes in actix-web, through `apifault::actix_web`'s extractors (plain, or the
/// validating ones).
mod actix {
    use actix_web::{App, HttpServer, web};
    use apifault::actix_web::{Form, Json, Path, Query, Valid};

    use super::{Fault, Login, Order, Search, goldens, send};

    fn spawn(validating: bool) -> String {
        let server = HttpServer::new(move || {
            let app = App::new().route(
                "/items/{item_id}",
                web::get().to(|id: Result<Path<i64, Fault>, Fault>| async move { answer(id) }),
            );
            if validating {
                app.route(
                    "/orders",
                    web::post().to(|order: Result<Valid<Json<Order, Fault>>, Fault>| async move {
                        answer(order)
                    }),
                )
                .route(
                    "/search",
                    web::get().to(|query: Result<Valid<Query<Search, Fault>>, Fault>| async move {
                        answer(query)
                    }),
                )
                .route(
                    "/login",
                    web::post().to(|form: Result<Valid<Form<Login, Fault>>, Fault>| async move {
                        answer(form)
                    }),
                )
            } else {
                app.route(
                    "/orders",
                    web::post().to(|order: Result<Json<Order, Fault>, Fault>| async move {
                        answer(order)
                    }),
                )
                .route(
                    "/search",
                    web::get().to(|query: Result<Query<Search, Fault>, Fault>| async move {
                        answer(query)
                    }),
                )
                .route(
                    "/login",
                    web::post()
                        .to(|form: Result<Form<Login, Fault>, Fault>| async move { answer(form) }),
                )
            }
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let base = format!("http://{}", server.addrs()[0]);
        // On a thread and a `System` of its own, as in `tests/edge.rs`: spawned on the test's
        // runtime, an actix server raced its client.
        let server = server.run();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(server));
        base
    }

    fn answer<T>(result: Result<T, Fault>) -> Result<&'static str, Fault> {
        result.map(|_| r#"{"ok":true}"#)
    }

    /// Every case the axum apps answer as FastAPI does, actix-web answers alike.
    async fn compare(validating: bool, cases: &[&str]) {
        let base = spawn(validating);
        let client = reqwest::Client::new();
        let goldens = goldens();
        let mut compared = 0;
        for case in goldens
            .iter()
            .filter(|case| cases.contains(&case.name.as_str()))
        {
            let (status, body) = send(&client, &base, case).await;
            assert_eq!(
                (status, body.as_str()),
                (case.status, case.response.as_str()),
                "case {} (actix-web)",
                case.name
            );
            compared += 1;
        }
        assert_eq!(compared, cases.len());
    }

    #[tokio::test]
    async fn plain_extractors_answer_as_fastapi_does() {
        compare(false, super::TYPE_CASES).await;
    }

    #[tokio::test]
    async fn validating_extractors_answer_as_fastapi_does() {
        compare(true, &[super::TYPE_CASES, super::RULE_CASES].concat()).await;
    }
}
