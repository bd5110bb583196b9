//! What the render benchmarks measure, shared by the divan suite (`benches/render.rs`), the
//! test that every variant writes the same body (`tests/bench_bodies.rs`) and the ratio report
//! (`examples/bench_report.rs`).
//!
//! The input is the commercetools `ConcurrentModification` error of the golden tests, alone
//! and ten at once, rendered in each of the four wire formats by:
//!
//! - `derived`: `ErrorResponse::render_as(&format, &mut buf)`, the code under test;
//! - `serde_limit`: a hand-written `Serialize` for the same body, the message through
//!   `collect_str`, written by `serde_json::to_writer`: the best serde can do;
//! - `to_string_derive`: each message built with `to_string()`, then a
//!   `#[derive(Serialize)]` struct;
//! - `json_value`: a `serde_json::Value` built with `json!`, then `to_writer`;
//! - `http_api_problem` (problem+json only): the `http-api-problem` crate.
//!
//! Every variant appends to a caller's `Vec<u8>`; the callers reuse one cleared buffer.
//! The baselines do not call the derived code: status, code, title and message are written
//! out by hand, as a program without the derive would have them.

use core::fmt;

use apifault::ErrorResponse;
use http_api_problem::HttpApiProblem;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The Connect API's errors, the file the golden tests (`tests/golden.rs`, module `connect`)
/// and the edge benchmark use through `apifault_examples::fixture`. Compiled here rather than
/// linked from that crate: as a dev-dependency it would turn on the `preserve-order` feature it
/// needs (features unify), and the `json_value` baseline would measure `IndexMap` objects
/// instead of the default `BTreeMap`s. Only `ConcurrentModification` is benchmarked; the other
/// variants keep the derived and the hand-written matches as wide as a real enum's, and the
/// equality test renders them too.
#[path = "../../../examples/src/fixture.rs"]
#[expect(
    unreachable_pub,
    reason = "public in the examples crate, whose file this is"
)]
mod fixture;

pub(crate) use fixture::ConnectError;

/// The numbers of errors per response that are measured.
pub(crate) const COUNTS: [usize; 2] = [1, 10];

/// The benchmarked response: `count` `ConcurrentModification` errors. The first is the golden
/// test's (`id=abc`, `key=k1`, versions 3 and 4); the others differ in ids and versions.
pub(crate) fn fixture(count: usize) -> ErrorResponse<ConnectError> {
    let errors = (0..count).map(fixture::concurrent_modification);
    ErrorResponse::from_errors(errors).expect("at least one error")
}

/// A wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wire {
    Errors,
    Problem,
    Envelope,
    Detail,
}

impl Wire {
    pub(crate) const ALL: [Wire; 4] = [Wire::Errors, Wire::Problem, Wire::Envelope, Wire::Detail];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Wire::Errors => "errors",
            Wire::Problem => "problem",
            Wire::Envelope => "envelope",
            Wire::Detail => "detail",
        }
    }

    /// The variants measured for this format: `http_api_problem` only for problem+json.
    pub(crate) fn variants(self) -> &'static [Variant] {
        match self {
            Wire::Problem => &Variant::ALL,
            Wire::Errors | Wire::Envelope | Wire::Detail => &Variant::ALL[..4],
        }
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A way of producing the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    Derived,
    SerdeLimit,
    ToStringDerive,
    JsonValue,
    HttpApiProblem,
}

impl Variant {
    pub(crate) const ALL: [Variant; 5] = [
        Variant::Derived,
        Variant::SerdeLimit,
        Variant::ToStringDerive,
        Variant::JsonValue,
        Variant::HttpApiProblem,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Variant::Derived => "derived",
            Variant::SerdeLimit => "serde_limit",
            Variant::ToStringDerive => "to_string_derive",
            Variant::JsonValue => "json_value",
            Variant::HttpApiProblem => "http_api_problem",
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Appends one body to the buffer; panics if rendering fails (it never does here).
pub(crate) type Render = fn(&ErrorResponse<ConnectError>, &mut Vec<u8>);

/// The function that renders `wire` the `variant` way; `None` for `http_api_problem` outside
/// problem+json.
pub(crate) fn renderer(wire: Wire, variant: Variant) -> Option<Render> {
    Some(match (variant, wire) {
        (Variant::Derived, Wire::Errors) => render::derived_errors,
        (Variant::Derived, Wire::Problem) => render::derived_problem,
        (Variant::Derived, Wire::Envelope) => render::derived_envelope,
        (Variant::Derived, Wire::Detail) => render::derived_detail,
        (Variant::SerdeLimit, Wire::Errors) => render::limit_errors,
        (Variant::SerdeLimit, Wire::Problem) => render::limit_problem,
        (Variant::SerdeLimit, Wire::Envelope) => render::limit_envelope,
        (Variant::SerdeLimit, Wire::Detail) => render::limit_detail,
        (Variant::ToStringDerive, Wire::Errors) => render::owned_errors,
        (Variant::ToStringDerive, Wire::Problem) => render::owned_problem,
        (Variant::ToStringDerive, Wire::Envelope) => render::owned_envelope,
        (Variant::ToStringDerive, Wire::Detail) => render::owned_detail,
        (Variant::JsonValue, Wire::Errors) => render::value_errors,
        (Variant::JsonValue, Wire::Problem) => render::value_problem,
        (Variant::JsonValue, Wire::Envelope) => render::value_envelope,
        (Variant::JsonValue, Wire::Detail) => render::value_detail,
        (Variant::HttpApiProblem, Wire::Problem) => render::http_api_problem,
        (Variant::HttpApiProblem, Wire::Errors | Wire::Envelope | Wire::Detail) => return None,
    })
}

/// One function per measured (variant, format), each a [`Render`].
mod render {
    use apifault::ErrorResponse;
    use apifault::format::{Detail, Envelope, Errors, Problem};

    use super::{ConnectError, http_api, limit, owned, value, write};

    type Response = ErrorResponse<ConnectError>;

    pub(super) fn derived_errors(response: &Response, out: &mut Vec<u8>) {
        response.render_as(&Errors, out).expect("render");
    }

    pub(super) fn derived_problem(response: &Response, out: &mut Vec<u8>) {
        response.render_as(&Problem, out).expect("render");
    }

    pub(super) fn derived_envelope(response: &Response, out: &mut Vec<u8>) {
        response
            .render_as(&Envelope::default(), out)
            .expect("render");
    }

    pub(super) fn derived_detail(response: &Response, out: &mut Vec<u8>) {
        response.render_as(&Detail, out).expect("render");
    }

    pub(super) fn limit_errors(response: &Response, out: &mut Vec<u8>) {
        write(out, &limit::ErrorsBody(response.errors()));
    }

    pub(super) fn limit_problem(response: &Response, out: &mut Vec<u8>) {
        write(out, &limit::ProblemBody(response.errors()));
    }

    pub(super) fn limit_envelope(response: &Response, out: &mut Vec<u8>) {
        write(out, &limit::EnvelopeBody(response.errors()));
    }

    pub(super) fn limit_detail(response: &Response, out: &mut Vec<u8>) {
        write(out, &limit::DetailBody(response.errors()));
    }

    pub(super) fn owned_errors(response: &Response, out: &mut Vec<u8>) {
        owned::errors(response.errors(), out);
    }

    pub(super) fn owned_problem(response: &Response, out: &mut Vec<u8>) {
        owned::problem(response.errors(), out);
    }

    pub(super) fn owned_envelope(response: &Response, out: &mut Vec<u8>) {
        owned::envelope(response.errors(), out);
    }

    pub(super) fn owned_detail(response: &Response, out: &mut Vec<u8>) {
        owned::detail(response.errors(), out);
    }

    pub(super) fn value_errors(response: &Response, out: &mut Vec<u8>) {
        write(out, &value::errors(response.errors()));
    }

    pub(super) fn value_problem(response: &Response, out: &mut Vec<u8>) {
        write(out, &value::problem(response.errors()));
    }

    pub(super) fn value_envelope(response: &Response, out: &mut Vec<u8>) {
        write(out, &value::envelope(response.errors()));
    }

    pub(super) fn value_detail(response: &Response, out: &mut Vec<u8>) {
        write(out, &value::detail(response.errors()));
    }

    pub(super) fn http_api_problem(response: &Response, out: &mut Vec<u8>) {
        write(out, &http_api::problem(response.errors()));
    }
}

/// `serde_json::to_writer` into the caller's buffer.
fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("serialize");
}

/// What a program without the derive writes by hand: status, code, title, message.
mod hand {
    use core::fmt;

    use super::ConnectError;

    pub(super) fn status(error: &ConnectError) -> u16 {
        match error {
            ConnectError::InvalidJsonInput { .. } => 400,
            ConnectError::ConcurrentModification { .. } => 409,
            ConnectError::ResourceNotFound(_) => 404,
        }
    }

    pub(super) fn code(error: &ConnectError) -> &'static str {
        match error {
            ConnectError::InvalidJsonInput { .. } => "InvalidJsonInput",
            ConnectError::ConcurrentModification { .. } => "ConcurrentModification",
            ConnectError::ResourceNotFound(_) => "ResourceNotFound",
        }
    }

    pub(super) fn title(error: &ConnectError) -> &'static str {
        match error {
            ConnectError::InvalidJsonInput { .. } => "Bad Request",
            ConnectError::ConcurrentModification { .. } => "Conflict",
            ConnectError::ResourceNotFound(_) => "Not Found",
        }
    }

    /// The client message, formatted where it is displayed.
    pub(super) struct Msg<'a>(pub(super) &'a ConnectError);

    impl fmt::Display for Msg<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                ConnectError::InvalidJsonInput { message, .. } => f.write_str(message),
                ConnectError::ConcurrentModification {
                    resource_id,
                    resource_key,
                    expected_version,
                    current_version,
                } => write!(
                    f,
                    "Object id={resource_id} or key={resource_key} has a different version \
                     than expected. Expected: {expected_version} - Actual: {current_version})"
                ),
                ConnectError::ResourceNotFound(key) => {
                    write!(f, "The Resource with key '{key}' was not found.")
                }
            }
        }
    }
}

/// The serde limit: hand-written `Serialize` implementations, messages through `collect_str`.
mod limit {
    use core::fmt;

    use serde::ser::{SerializeStruct, Serializer};
    use serde::{Serialize, ser};

    use super::ConnectError;
    use super::hand::{Msg, code, status, title};

    /// A `Display` value serialized through `collect_str`: formatted straight into the output.
    struct Collect<T>(T);

    impl<T: fmt::Display> Serialize for Collect<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&self.0)
        }
    }

    /// A sequence of errors, each serialized as `item` makes it.
    struct Seq<'a, T> {
        errors: &'a [ConnectError],
        item: fn(&'a ConnectError) -> T,
    }

    impl<T: Serialize> Serialize for Seq<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.errors.iter().map(self.item))
        }
    }

    /// The variant's extra fields.
    fn extras<S: SerializeStruct>(error: &ConnectError, object: &mut S) -> Result<(), S::Error> {
        match error {
            ConnectError::InvalidJsonInput {
                detailed_error_message,
                ..
            } => object.serialize_field("detailedErrorMessage", detailed_error_message),
            ConnectError::ConcurrentModification {
                expected_version,
                current_version,
                ..
            } => {
                object.serialize_field("expectedVersion", expected_version)?;
                object.serialize_field("currentVersion", current_version)
            }
            ConnectError::ResourceNotFound(_) => Ok(()),
        }
    }

    fn rest(errors: &[ConnectError]) -> &[ConnectError] {
        errors.get(1..).unwrap_or_default()
    }

    fn first<E: ser::Error>(errors: &[ConnectError]) -> Result<&ConnectError, E> {
        errors.first().ok_or_else(|| E::custom("no errors"))
    }

    /// `{"statusCode","message","errors":[{"code","message",...}]}`
    pub(crate) struct ErrorsBody<'a>(pub(crate) &'a [ConnectError]);

    impl Serialize for ErrorsBody<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let first = first(self.0)?;
            let mut body = serializer.serialize_struct("ErrorsBody", 3)?;
            body.serialize_field("statusCode", &status(first))?;
            body.serialize_field("message", &Collect(Msg(first)))?;
            body.serialize_field(
                "errors",
                &Seq {
                    errors: self.0,
                    item: ErrorsItem,
                },
            )?;
            body.end()
        }
    }

    struct ErrorsItem<'a>(&'a ConnectError);

    impl Serialize for ErrorsItem<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut item = serializer.serialize_struct("ErrorsItem", 4)?;
            item.serialize_field("code", code(self.0))?;
            item.serialize_field("message", &Collect(Msg(self.0)))?;
            extras(self.0, &mut item)?;
            item.end()
        }
    }

    /// `{"title","status","detail",...,"errors":[...]}`
    pub(crate) struct ProblemBody<'a>(pub(crate) &'a [ConnectError]);

    fn problem_members<S: SerializeStruct>(
        error: &ConnectError,
        object: &mut S,
    ) -> Result<(), S::Error> {
        object.serialize_field("title", title(error))?;
        object.serialize_field("status", &status(error))?;
        object.serialize_field("detail", &Collect(Msg(error)))?;
        extras(error, object)
    }

    impl Serialize for ProblemBody<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut body = serializer.serialize_struct("ProblemBody", 6)?;
            problem_members(first(self.0)?, &mut body)?;
            let rest = rest(self.0);
            if !rest.is_empty() {
                body.serialize_field(
                    "errors",
                    &Seq {
                        errors: rest,
                        item: ProblemItem,
                    },
                )?;
            }
            body.end()
        }
    }

    struct ProblemItem<'a>(&'a ConnectError);

    impl Serialize for ProblemItem<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut item = serializer.serialize_struct("ProblemItem", 5)?;
            problem_members(self.0, &mut item)?;
            item.end()
        }
    }

    /// `{"error":{"code","message",...},"errors":[...]}`
    pub(crate) struct EnvelopeBody<'a>(pub(crate) &'a [ConnectError]);

    impl Serialize for EnvelopeBody<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut body = serializer.serialize_struct("EnvelopeBody", 2)?;
            body.serialize_field("error", &EnvelopeItem(first(self.0)?))?;
            let rest = rest(self.0);
            if !rest.is_empty() {
                body.serialize_field(
                    "errors",
                    &Seq {
                        errors: rest,
                        item: EnvelopeItem,
                    },
                )?;
            }
            body.end()
        }
    }

    struct EnvelopeItem<'a>(&'a ConnectError);

    impl Serialize for EnvelopeItem<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut item = serializer.serialize_struct("EnvelopeItem", 4)?;
            item.serialize_field("code", code(self.0))?;
            item.serialize_field("message", &Collect(Msg(self.0)))?;
            extras(self.0, &mut item)?;
            item.end()
        }
    }

    /// `{"detail":"message"}`, or `{"detail":[{"type","loc","msg"},...]}`
    pub(crate) struct DetailBody<'a>(pub(crate) &'a [ConnectError]);

    impl Serialize for DetailBody<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut body = serializer.serialize_struct("DetailBody", 1)?;
            match self.0 {
                [single] => body.serialize_field("detail", &Collect(Msg(single)))?,
                errors => body.serialize_field(
                    "detail",
                    &Seq {
                        errors,
                        item: DetailItem,
                    },
                )?,
            }
            body.end()
        }
    }

    struct DetailItem<'a>(&'a ConnectError);

    impl Serialize for DetailItem<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut item = serializer.serialize_struct("DetailItem", 3)?;
            item.serialize_field("type", code(self.0))?;
            item.serialize_field("loc", &[(); 0])?;
            item.serialize_field("msg", &Collect(Msg(self.0)))?;
            item.end()
        }
    }
}

/// Messages built with `to_string()` first, then `#[derive(Serialize)]` structs.
mod owned {
    use serde::Serialize;

    use super::ConnectError;
    use super::hand::{Msg, code, status, title};

    /// The variant's extra fields, flattened into the error object.
    #[derive(Serialize)]
    #[serde(untagged, rename_all_fields = "camelCase")]
    enum Extras<'a> {
        InvalidJsonInput {
            detailed_error_message: &'a str,
        },
        ConcurrentModification {
            expected_version: i64,
            current_version: i64,
        },
        None {},
    }

    fn extras(error: &ConnectError) -> Extras<'_> {
        match error {
            ConnectError::InvalidJsonInput {
                detailed_error_message,
                ..
            } => Extras::InvalidJsonInput {
                detailed_error_message,
            },
            ConnectError::ConcurrentModification {
                expected_version,
                current_version,
                ..
            } => Extras::ConcurrentModification {
                expected_version: *expected_version,
                current_version: *current_version,
            },
            ConnectError::ResourceNotFound(_) => Extras::None {},
        }
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ErrorsBody<'a> {
        status_code: u16,
        message: &'a str,
        errors: &'a [Item<'a>],
    }

    /// An item of `errors`, and the envelope's `error`.
    #[derive(Serialize)]
    struct Item<'a> {
        code: &'static str,
        message: String,
        #[serde(flatten)]
        extras: Extras<'a>,
    }

    fn item(error: &ConnectError) -> Item<'_> {
        Item {
            code: code(error),
            message: Msg(error).to_string(),
            extras: extras(error),
        }
    }

    pub(crate) fn errors(errors: &[ConnectError], out: &mut Vec<u8>) {
        let items: Vec<Item<'_>> = errors.iter().map(item).collect();
        let body = ErrorsBody {
            status_code: status(&errors[0]),
            message: &items[0].message,
            errors: &items,
        };
        super::write(out, &body);
    }

    #[derive(Serialize)]
    struct ProblemBody<'a> {
        title: &'static str,
        status: u16,
        detail: String,
        #[serde(flatten)]
        extras: Extras<'a>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        errors: Vec<ProblemBody<'a>>,
    }

    fn problem_item(error: &ConnectError) -> ProblemBody<'_> {
        ProblemBody {
            title: title(error),
            status: status(error),
            detail: Msg(error).to_string(),
            extras: extras(error),
            errors: Vec::new(),
        }
    }

    pub(crate) fn problem(errors: &[ConnectError], out: &mut Vec<u8>) {
        let mut body = problem_item(&errors[0]);
        body.errors = errors[1..].iter().map(problem_item).collect();
        super::write(out, &body);
    }

    #[derive(Serialize)]
    struct EnvelopeBody<'a> {
        error: Item<'a>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        errors: Vec<Item<'a>>,
    }

    pub(crate) fn envelope(errors: &[ConnectError], out: &mut Vec<u8>) {
        let body = EnvelopeBody {
            error: item(&errors[0]),
            errors: errors[1..].iter().map(item).collect(),
        };
        super::write(out, &body);
    }

    #[derive(Serialize)]
    struct DetailBody {
        detail: DetailValue,
    }

    #[derive(Serialize)]
    #[serde(untagged)]
    enum DetailValue {
        Message(String),
        Items(Vec<DetailItem>),
    }

    #[derive(Serialize)]
    struct DetailItem {
        #[serde(rename = "type")]
        kind: &'static str,
        loc: [(); 0],
        msg: String,
    }

    pub(crate) fn detail(errors: &[ConnectError], out: &mut Vec<u8>) {
        let detail = match errors {
            [single] => DetailValue::Message(Msg(single).to_string()),
            errors => DetailValue::Items(
                errors
                    .iter()
                    .map(|error| DetailItem {
                        kind: code(error),
                        loc: [],
                        msg: Msg(error).to_string(),
                    })
                    .collect(),
            ),
        };
        super::write(out, &DetailBody { detail });
    }
}

/// A `serde_json::Value` built with `json!`. Its objects are `BTreeMap`s here (`serde_json`'s
/// `preserve_order` is off in this workspace), so members come out sorted by name: the same
/// members and bytes as the other variants, in another order.
mod value {
    use super::hand::{Msg, code, status, title};
    use super::{ConnectError, Map, Value, json};

    fn extras(error: &ConnectError, object: &mut Value) {
        let Value::Object(object) = object else {
            return;
        };
        let object: &mut Map<String, Value> = object;
        match error {
            ConnectError::InvalidJsonInput {
                detailed_error_message,
                ..
            } => {
                object.insert(
                    "detailedErrorMessage".to_owned(),
                    json!(detailed_error_message),
                );
            }
            ConnectError::ConcurrentModification {
                expected_version,
                current_version,
                ..
            } => {
                object.insert("expectedVersion".to_owned(), json!(expected_version));
                object.insert("currentVersion".to_owned(), json!(current_version));
            }
            ConnectError::ResourceNotFound(_) => {}
        }
    }

    fn item(error: &ConnectError) -> Value {
        let mut item = json!({
            "code": code(error),
            "message": Msg(error).to_string(),
        });
        extras(error, &mut item);
        item
    }

    pub(crate) fn errors(errors: &[ConnectError]) -> Value {
        let items: Vec<Value> = errors.iter().map(item).collect();
        json!({
            "statusCode": status(&errors[0]),
            "message": Msg(&errors[0]).to_string(),
            "errors": items,
        })
    }

    fn problem_item(error: &ConnectError) -> Value {
        let mut problem = json!({
            "title": title(error),
            "status": status(error),
            "detail": Msg(error).to_string(),
        });
        extras(error, &mut problem);
        problem
    }

    pub(crate) fn problem(errors: &[ConnectError]) -> Value {
        let mut problem = problem_item(&errors[0]);
        if errors.len() > 1 {
            problem["errors"] = errors[1..].iter().map(problem_item).collect();
        }
        problem
    }

    pub(crate) fn envelope(errors: &[ConnectError]) -> Value {
        let mut body = json!({ "error": item(&errors[0]) });
        if errors.len() > 1 {
            body["errors"] = errors[1..].iter().map(item).collect();
        }
        body
    }

    pub(crate) fn detail(errors: &[ConnectError]) -> Value {
        match errors {
            [single] => json!({ "detail": Msg(single).to_string() }),
            errors => {
                let items: Vec<Value> = errors
                    .iter()
                    .map(|error| {
                        json!({
                            "type": code(error),
                            "loc": [],
                            "msg": Msg(error).to_string(),
                        })
                    })
                    .collect();
                json!({ "detail": items })
            }
        }
    }
}

/// The `http-api-problem` crate building the problem+json body; the rest of several errors go
/// into an `errors` extension member, as apifault writes them. Its members come out in its own
/// order (`status` before `title`, extensions from a `HashMap`).
mod http_api {
    use http::StatusCode;

    use super::ConnectError;
    use super::HttpApiProblem;
    use super::hand::{Msg, status};

    fn problem_of(error: &ConnectError) -> HttpApiProblem {
        let status = StatusCode::from_u16(status(error)).expect("a valid status");
        let mut problem = HttpApiProblem::with_title(status).detail(Msg(error).to_string());
        match error {
            ConnectError::InvalidJsonInput {
                detailed_error_message,
                ..
            } => problem.set_value("detailedErrorMessage", detailed_error_message),
            ConnectError::ConcurrentModification {
                expected_version,
                current_version,
                ..
            } => {
                problem.set_value("expectedVersion", expected_version);
                problem.set_value("currentVersion", current_version);
            }
            ConnectError::ResourceNotFound(_) => {}
        }
        problem
    }

    pub(crate) fn problem(errors: &[ConnectError]) -> HttpApiProblem {
        let mut problem = problem_of(&errors[0]);
        if errors.len() > 1 {
            let rest: Vec<HttpApiProblem> = errors[1..].iter().map(problem_of).collect();
            problem.set_value("errors", &rest);
        }
        problem
    }
}
