//! The extraction benchmarks' model, bodies and variants, shared by `benches/extract.rs`
//! (divan) and `examples/extract_report.rs` (ratios and callgrind instructions); BENCHMARKS.md,
//! "Every problem at once", has the numbers.
//!
//! The model is that of the FastAPI goldens (`tests/fastapi_goldens.rs`: required, typed,
//! bounded, list, nested and optional fields, an enum, `deny_unknown_fields`) with a list of
//! nested order lines added, and both validator's and garde's rules on it. Each variant takes
//! an `axum::extract::Request` (a `POST` with `content-type: application/json` and the body),
//! runs one extractor's `FromRequest::from_request` on it to completion (a body in memory is
//! read without ever waiting: one poll) and drops what it got; it returns the number of
//! problems reported (0 for an accepted body), which the callers check.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use apifault::axum::{Garde, Json, Rejection, Valid};
use apifault::{ApiError, Violation};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use serde::Deserialize;
// validator's derive calls `.validate()` on nested fields.
use validator::Validate as _;

/// The error type of the API: every problem as one 422 in FastAPI's `detail` format.
#[derive(Debug, ApiError)]
#[api(format = "detail")]
pub(crate) enum Fault {
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

impl Fault {
    fn problems(&self) -> usize {
        match self {
            Fault::Validation(violations) => violations.len(),
            Fault::Edge(_) => usize::MAX,
        }
    }
}

#[derive(Debug, Deserialize, validator::Validate, garde::Validate)]
#[serde(deny_unknown_fields)]
#[garde(allow_unvalidated)]
#[allow(dead_code, reason = "read by serde and the validators only")]
pub(crate) struct Order {
    #[validate(length(min = 1, max = 32))]
    #[garde(length(min = 1, max = 32))]
    name: String,
    quantity: i64,
    #[validate(range(exclusive_min = 0.0, max = 1000.0))]
    #[garde(range(min = 0.01, max = 1000.0))]
    price: f64,
    active: bool,
    #[validate(length(min = 1, max = 5))]
    #[garde(length(min = 1, max = 5))]
    tags: Vec<String>,
    #[validate(nested)]
    #[garde(dive)]
    address: Address,
    note: Option<String>,
    color: Color,
    level: u8,
    #[validate(nested)]
    #[garde(dive)]
    lines: Vec<Line>,
}

#[derive(Debug, Deserialize, validator::Validate, garde::Validate)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read by serde and the validators only")]
pub(crate) struct Address {
    #[validate(length(min = 1, max = 64))]
    #[garde(length(min = 1, max = 64))]
    city: String,
    #[validate(length(min = 3, max = 10))]
    #[garde(length(min = 3, max = 10))]
    zip: String,
}

#[derive(Debug, Deserialize, validator::Validate, garde::Validate)]
#[serde(deny_unknown_fields)]
#[garde(allow_unvalidated)]
#[allow(dead_code, reason = "read by serde and the validators only")]
pub(crate) struct Line {
    #[validate(length(min = 1, max = 16))]
    #[garde(length(min = 1, max = 16))]
    sku: String,
    #[validate(range(min = 1, max = 1000))]
    #[garde(range(min = 1, max = 1000))]
    quantity: u32,
    unit_price: f64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Color {
    Red,
    Green,
}

/// A valid order (496 bytes): every field, five lines; breaks no rule.
pub(crate) const VALID: &str = concat!(
    r#"{"name":"Spring restock","quantity":12,"price":249.5,"active":true,"#,
    r#""tags":["garden","tools","priority"],"#,
    r#""address":{"city":"Rotterdam","zip":"3011AA"},"#,
    r#""note":"Deliver to the loading dock, not the front desk.","color":"green","level":3,"#,
    r#""lines":[{"sku":"RAKE-01","quantity":4,"unit_price":12.95},"#,
    r#"{"sku":"SPADE-22","quantity":2,"unit_price":24.5},"#,
    r#"{"sku":"HOSE-15M","quantity":1,"unit_price":39.0},"#,
    r#"{"sku":"GLOVES-L","quantity":10,"unit_price":4.25},"#,
    r#"{"sku":"SEED-MIX","quantity":25,"unit_price":1.99}]}"#,
);

/// The same order with 20 type problems, in the model's field order: a wrong type in every
/// scalar field, a missing `price`, two wrong list items, a nested object with a wrong type,
/// a missing and an unknown field, three broken lines and an unknown top-level field.
pub(crate) const PROBLEMS_20: &str = concat!(
    r#"{"name":5,"quantity":"twelve","active":"maybe","#,
    r#""tags":["garden",2,true],"#,
    r#""address":{"city":1,"country":"NL"},"#,
    r#""note":5,"color":"blue","level":300,"#,
    r#""lines":[{"sku":1,"quantity":-1,"unit_price":"cheap"},"#,
    r#"{"sku":"SPADE-22","quantity":"2","unit_price":24.5},"#,
    r#"{"quantity":1.5,"unit_price":39.0,"discount":0.1}],"#,
    r#""coupon":"SPRING"}"#,
);

/// The problems in [`PROBLEMS_20`] (checked by the callers, once, before measuring).
pub(crate) const PROBLEM_COUNT: usize = 20;

/// The request an extractor gets: `POST /orders` with `content-type: application/json`.
pub(crate) fn request(body: &'static str) -> Request {
    http::Request::post("/orders")
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Body::from(Bytes::from_static(body.as_bytes())))
        .expect("a request")
}

/// Runs a future that never waits (a body in memory) to completion.
fn now<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("an extractor waited on a body in memory"),
    }
}

/// One way of reading the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// `axum::Json<Order>` (the baseline).
    AxumJson,
    /// `apifault::axum::Json<Order, Fault>`.
    Json,
    /// `axum::Json<Order>`, then `validator::Validate::validate` by hand (the baseline of
    /// `Valid`).
    AxumJsonValidate,
    /// `apifault::axum::Valid<Json<Order, Fault>>`.
    Valid,
    /// `axum::Json<Order>`, then `garde::Validate::validate` by hand (the baseline of `Garde`).
    AxumJsonGarde,
    /// `apifault::axum::Garde<Json<Order, Fault>>`.
    Garde,
    /// `Json<Order, Fault>`, then the 422 body rendered (`detail`) into a reused buffer.
    JsonRender,
    /// Only builds the request and drops it: what every other variant also pays.
    RequestOnly,
}

impl Variant {
    pub(crate) const ALL: [Variant; 8] = [
        Variant::AxumJson,
        Variant::Json,
        Variant::AxumJsonValidate,
        Variant::Valid,
        Variant::AxumJsonGarde,
        Variant::Garde,
        Variant::JsonRender,
        Variant::RequestOnly,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Variant::AxumJson => "axum_json",
            Variant::Json => "json",
            Variant::AxumJsonValidate => "axum_json_validate",
            Variant::Valid => "valid",
            Variant::AxumJsonGarde => "axum_json_garde",
            Variant::Garde => "garde",
            Variant::JsonRender => "json_render",
            Variant::RequestOnly => "request_only",
        }
    }

    /// The baseline this variant is compared with.
    pub(crate) fn baseline(self) -> Variant {
        match self {
            Variant::Json | Variant::JsonRender | Variant::RequestOnly | Variant::AxumJson => {
                Variant::AxumJson
            }
            Variant::Valid | Variant::AxumJsonValidate => Variant::AxumJsonValidate,
            Variant::Garde | Variant::AxumJsonGarde => Variant::AxumJsonGarde,
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    Valid,
    Problems20,
}

impl Input {
    pub(crate) const ALL: [Input; 2] = [Input::Valid, Input::Problems20];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Input::Valid => "valid",
            Input::Problems20 => "problems_20",
        }
    }

    pub(crate) fn body(self) -> &'static str {
        match self {
            Input::Valid => VALID,
            Input::Problems20 => PROBLEMS_20,
        }
    }

    /// The problems `variant` must report for this body (axum's `Json` reports one).
    pub(crate) fn expected(self, variant: Variant) -> usize {
        match (self, variant) {
            (Input::Valid, _) | (_, Variant::RequestOnly) => 0,
            (
                Input::Problems20,
                Variant::AxumJson | Variant::AxumJsonValidate | Variant::AxumJsonGarde,
            ) => 1,
            (Input::Problems20, _) => PROBLEM_COUNT,
        }
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads `request` the `variant` way and drops the result; the number of problems found.
/// `buf` is the reused output buffer of [`Variant::JsonRender`].
pub(crate) fn extract(variant: Variant, request: Request, buf: &mut Vec<u8>) -> usize {
    let problems = match variant {
        Variant::AxumJson => match now(axum::Json::<Order>::from_request(request, &())) {
            Ok(axum::Json(order)) => {
                black_box(&order);
                0
            }
            Err(_) => 1,
        },
        Variant::Json => match now(Json::<Order, Fault>::from_request(request, &())) {
            Ok(Json(order, ..)) => {
                black_box(&order);
                0
            }
            Err(fault) => fault.problems(),
        },
        Variant::AxumJsonValidate => match now(axum::Json::<Order>::from_request(request, &())) {
            Ok(axum::Json(order)) => match validator::Validate::validate(&order) {
                Ok(()) => {
                    black_box(&order);
                    0
                }
                Err(errors) => errors.errors().len(),
            },
            Err(_) => 1,
        },
        Variant::Valid => match now(Valid::<Json<Order, Fault>>::from_request(request, &())) {
            Ok(Valid(Json(order, ..))) => {
                black_box(&order);
                0
            }
            Err(fault) => fault.problems(),
        },
        Variant::AxumJsonGarde => match now(axum::Json::<Order>::from_request(request, &())) {
            Ok(axum::Json(order)) => match garde::Validate::validate(&order) {
                Ok(()) => {
                    black_box(&order);
                    0
                }
                Err(report) => report.iter().count(),
            },
            Err(_) => 1,
        },
        Variant::Garde => match now(Garde::<Json<Order, Fault>>::from_request(request, &())) {
            Ok(Garde(Json(order, ..))) => {
                black_box(&order);
                0
            }
            Err(fault) => fault.problems(),
        },
        Variant::JsonRender => match now(Json::<Order, Fault>::from_request(request, &())) {
            Ok(Json(order, ..)) => {
                black_box(&order);
                0
            }
            Err(fault) => {
                buf.clear();
                let response = apifault::ErrorResponse::new(fault);
                response.render(buf).expect("a 422 body");
                black_box(buf.as_slice());
                response.errors().first().map_or(0, Fault::problems)
            }
        },
        Variant::RequestOnly => {
            black_box(&request);
            drop(request);
            0
        }
    };
    black_box(problems)
}

/// Checks that `variant` reports what it must for `input`.
pub(crate) fn check(variant: Variant, input: Input) {
    let mut buf = Vec::new();
    let found = extract(variant, request(input.body()), &mut buf);
    assert_eq!(
        found,
        input.expected(variant),
        "{variant} on {input}: problems found"
    );
}
