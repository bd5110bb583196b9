//! What the request extractors of every framework share: the [`Rejection`] they give, and the
//! [`Valid`] and [`Garde`] wrappers that add a validation library's rules.
//!
//! `apifault::axum` and `apifault::actix_web` each have `Json`, `Query`, `Path` and `Form`
//! extractors that report every problem of an input at once (see
//! [`apifault::collect`](crate::collect)); the same input gives the same [`Rejection`] in
//! both, so one `From<Rejection> for YourError` serves both frameworks.

pub(crate) mod input;
mod rejection;

pub use rejection::{Rejection, RejectionKind};

/// A `Json`, `Query` or `Form` extractor (of [`axum`](crate::axum) or
/// [`actix_web`](crate::actix_web)), then validator's rules: `Valid<Json<T, E>>` answers type
/// problems and rule violations in one response.
///
/// The input is deserialized as the inner extractor does (a valid one by the same `serde`
/// call as the framework's, so a valid request costs what it costs there: BENCHMARKS.md), then
/// `T::validate` runs. Every item of the answer has the same `source` (`body` for JSON and
/// forms, `query` for a query string) and echoes the client's value at its path; type problems
/// and rule violations come in one list in field order, as Pydantic lists them.
///
/// When some fields have the wrong type, the rest of the input is still validated: the
/// replay that found the type problems (see [`apifault::collect`](crate::collect)) builds
/// the value with made-up values (wildcards) in their place, and of the rule violations of
/// that value only those that no wildcard could have caused or hidden are reported (none at,
/// inside or around a wildcard, no `must_match` when anything was made up). No rule is
/// reported about a value the client did not send.
///
/// `Valid` is for validator; [`Garde`] is the same for garde (one wrapper cannot be both:
/// a type may implement both traits, and Rust has no way to prefer one). The rules' paths are
/// the Rust field names validator reports, so a field renamed for serde is echoed only when
/// the names agree.
///
/// ```
/// use apifault::axum::{Json, Rejection, Valid};
/// use apifault::{ApiError, Violation};
/// use axum::extract::FromRequest;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// enum Fault {
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
/// }
///
/// impl From<Rejection> for Fault {
///     fn from(rejection: Rejection) -> Self {
///         Fault::Validation(rejection.into_violations())
///     }
/// }
///
/// #[derive(serde::Deserialize, validator::Validate)]
/// struct Book {
///     #[validate(length(min = 1))]
///     title: String,
///     pages: u16,
///     #[validate(range(exclusive_min = 0.0))]
///     price: f64,
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = http::Request::post("/books")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"title":"","pages":"many","price":0}"#))
///     .unwrap();
/// let Err(fault) = Valid::<Json<Book, Fault>>::from_request(request, &()).await else {
///     panic!("rejected");
/// };
/// let body = apifault::ErrorResponse::new(fault).to_http_response().unwrap().into_body();
/// assert_eq!(
///     String::from_utf8(body).unwrap(),
///     concat!(
///         r#"{"detail":[{"type":"string_too_short","loc":["body","title"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},"#,
///         r#"{"type":"int_parsing","loc":["body","pages"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"many"},"#,
///         r#"{"type":"greater_than","loc":["body","price"],"msg":"Input should be greater than 0","input":0,"ctx":{"gt":0.0}}]}"#,
///     )
/// );
/// # });
/// ```
#[cfg(feature = "validator")]
#[derive(Debug)]
pub struct Valid<X>(pub X);

/// A `Json`, `Query` or `Form` extractor, then garde's rules (with the default context):
/// `Garde<Json<T, E>>` is to garde what [`Valid`] is to validator, with the same answer.
///
/// ```
/// use apifault::axum::{Garde, Query, Rejection};
/// use apifault::{ApiError, Rule, Source, Violation};
/// use axum::extract::FromRequestParts;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// enum Fault {
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
/// }
///
/// impl From<Rejection> for Fault {
///     fn from(rejection: Rejection) -> Self {
///         Fault::Validation(rejection.into_violations())
///     }
/// }
///
/// #[derive(serde::Deserialize, garde::Validate)]
/// struct Search {
///     #[garde(length(min = 2))]
///     q: String,
///     #[garde(range(min = 1, max = 100))]
///     limit: u32,
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let (mut parts, ()) = http::Request::get("/search?q=a&limit=0").body(()).unwrap().into_parts();
/// let Err(Fault::Validation(violations)) = Garde::<Query<Search, Fault>>::from_request_parts(&mut parts, &()).await else {
///     panic!("rejected");
/// };
/// assert_eq!(violations[0].rule(), Some(&Rule::MinLength(2)));
/// assert_eq!(violations[1].rule(), Some(&Rule::Min(1.into())));
/// assert_eq!(violations[1].input(), Some(&serde_json::json!("0")));
/// assert!(violations.iter().all(|v| v.source() == Some(Source::Query)));
/// # });
/// ```
#[cfg(feature = "garde")]
#[derive(Debug)]
pub struct Garde<X>(pub X);
