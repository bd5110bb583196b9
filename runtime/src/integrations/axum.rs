//! axum: every `ApiError` type and [`ErrorResponse`] is `IntoResponse`; [`Contract`] puts the
//! whole application into the contract (unknown routes, wrong methods, bodies too large,
//! timeouts and panics answered in the API's format, request ids); the [`Json`], [`Query`] and
//! [`Path`] extractors turn axum's rejections into the API's own error.
//!
//! ```
//! use apifault::axum::{Contract, Json, Rejection};
//! use apifault::edge::EdgeError;
//! use apifault::{ApiError, Violation};
//! use axum::{Router, routing::post};
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "detail")]
//! enum ApiFault {
//!     #[api(status = 422)]
//!     Validation(#[api(violations)] Vec<Violation>),
//!     /// Failures of the transport (413, 415), documented and decoded with the API's errors.
//!     #[api(transparent)]
//!     Edge(EdgeError),
//! }
//!
//! impl From<Rejection> for ApiFault {
//!     fn from(rejection: Rejection) -> Self {
//!         // A body too large stays a 413: only problems with the input become a 422.
//!         match rejection.edge() {
//!             Some(edge) => ApiFault::Edge(edge),
//!             None => ApiFault::Validation(rejection.into_violations()),
//!         }
//!     }
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Item { price: f64 }
//!
//! async fn create(Json(item, ..): Json<Item, ApiFault>) -> Result<String, ApiFault> {
//!     Ok(item.price.to_string())
//! }
//!
//! let app: Router = Router::new()
//!     .route("/items", post(create))
//!     .layer(Contract::<ApiFault>::new());
//! ```

use std::borrow::Cow;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::rejection::{
    JsonRejection, MissingJsonContentType, PathRejection, QueryRejection,
};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use http::StatusCode;
use http::header::HeaderValue;
use http::request::Parts;
use serde::de::DeserializeOwned;

use crate::collect::{Mode, pairs_value};
use crate::edge::{self, EdgeError, EdgeRequest, MapEdge, Mapping, Rendered};
use crate::report::{Detail, ErrorReport, Hook};
use crate::violation::{FieldPath, PathSegment, Rule, Source, Violation};
use crate::{ApiError, ErrorResponse};

use super::request_id::{Current, Prefix, current_id, report, used_id, with_current_request_id};
pub use super::request_id::{REQUEST_ID_HEADER, RequestId};

impl<E: ApiError> IntoResponse for ErrorResponse<E> {
    /// Status, `Content-Type`, headers and body in the type's default format. Inside
    /// [`Contract`] (or [`RequestIdLayer`]), the request id goes into the body: as
    /// `request_id` (envelope) or as `instance` (problem), unless the response has its own.
    ///
    /// A body that cannot be rendered (a field's `Serialize` failed, a header value had a
    /// control character) becomes a 500 [`EdgeError`] in the same format: the broken response
    /// is never sent.
    fn into_response(self) -> Response {
        respond(self, Detail::default())
    }
}

/// The response for `response`, logged with `detail` (feature `tracing`); what every
/// `IntoResponse` of the crate comes down to.
#[doc(hidden)]
pub fn respond<E: ApiError>(response: ErrorResponse<E>, detail: Detail<'_>) -> Response {
    let format = E::catalog().default_format();
    let response = with_current_request_id(response, format);
    let mut http = match response.to_http_response_as(&format) {
        Ok(http) => {
            let first = response.first();
            report(response.status(), first.code(), detail);
            http.map(Body::from)
        }
        Err(error) => {
            let failure = Detail {
                debug: detail.debug,
                error: Some(&error),
            };
            let internal = EdgeError::InternalServerError;
            report(internal.status(), internal.code(), failure);
            let edge = with_current_request_id(ErrorResponse::new(internal), format);
            edge::http_response(&edge, format).map(Body::from)
        }
    };
    http.extensions_mut().insert(Rendered);
    http
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // The request's own id where `Contract` or `RequestIdLayer` serves it (kept in their
        // task-local, not in the request's extensions: an insert there costs every request).
        Ok(current_id()
            .or_else(|| parts.extensions.get::<RequestId>().cloned())
            .unwrap_or_else(RequestId::generate))
    }
}

/// A tower layer that gives every request a [`RequestId`]: it sets the `x-request-id`
/// response header, and error bodies rendered while the request is served carry it
/// (`request_id` in the envelope format, `instance` in problem+json).
///
/// ```
/// use apifault::axum::RequestIdLayer;
///
/// // Konnect writes trace ids as `kong:trace:<id>`.
/// let layer = RequestIdLayer::new().with_instance_prefix("kong:trace:");
/// # let _: axum::Router = axum::Router::new().layer(layer);
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestIdLayer {
    instance_prefix: Prefix,
}

impl RequestIdLayer {
    /// Ids taken from `x-request-id` or generated; `instance` is the id itself.
    #[must_use]
    pub fn new() -> Self {
        RequestIdLayer::default()
    }

    /// Writes problem+json's `instance` as this prefix followed by the id.
    #[must_use]
    pub fn with_instance_prefix(mut self, prefix: impl Into<Cow<'static, str>>) -> Self {
        self.instance_prefix = Prefix::from_cow(prefix.into());
        self
    }
}

impl<S> tower_layer::Layer<S> for RequestIdLayer {
    type Service = RequestIdService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestIdService {
            inner,
            instance_prefix: self.instance_prefix.clone(),
        }
    }
}

/// The service [`RequestIdLayer`] wraps around an inner service.
#[derive(Debug, Clone)]
pub struct RequestIdService<S> {
    inner: S,
    instance_prefix: Prefix,
}

impl<S> tower_service::Service<Request> for RequestIdService<S>
where
    S: tower_service::Service<Request, Response = Response>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let id = RequestId::from_header(request.headers().get(REQUEST_ID_HEADER))
            .unwrap_or_else(RequestId::generate);
        let current = Current::new(Some(id), self.instance_prefix.clone(), None);
        let response = self.inner.call(request);
        Box::pin(current.scope(async move {
            let mut response = response.await?;
            set_request_id_header(&mut response);
            Ok(response)
        }))
    }
}

/// Puts a whole axum application into the contract of the error type `E`, in one line:
/// `router.layer(Contract::<MyError>::new())`.
///
/// - Every error response that apifault did not render (axum's empty 404 for an unknown route
///   and 405 for a wrong method, `DefaultBodyLimit`'s 413, a middleware's 401 or 429, the 408
///   of tower-http's `TimeoutLayer` placed inside this layer, ...) becomes the [`EdgeError`] of
///   its status, rendered in `E`'s format; its headers (`Allow`, `Retry-After`,
///   `WWW-Authenticate`) are kept.
/// - A handler that panics gets a 500 `InternalServerError` in `E`'s format, and the server
///   keeps serving. (tower-http's `CatchPanic` does the catching too, but boxes every
///   response body; the edge benchmark in BENCHMARKS.md measured that on every request, so
///   this layer catches with `futures`' `catch_unwind` on the response it already handles.)
/// - Each request gets a [`RequestId`], as with [`RequestIdLayer`]: the client's
///   `x-request-id` when it is a safe token, else a fresh one (made only when needed for a
///   request that sent none); bodies carry it and the `x-request-id` response header repeats
///   it.
/// - [`map`](Self::map) lets the application answer any edge failure with its own variant.
///
/// A timeout is answered by tower-http's `TimeoutLayer` (408 by default, or the 503/504 of
/// `TimeoutLayer::with_status_code`), which belongs inside this layer:
/// `router.layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, d)).layer(Contract::<E>::new())`.
///
/// ```
/// use apifault::axum::Contract;
/// use apifault::edge::EdgeError;
/// use apifault::ApiError;
/// use axum::{Router, routing::get};
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "errors")]
/// enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound", message = "The Resource was not found.")]
///     NotFound,
/// }
///
/// let app: Router = Router::new()
///     .route("/deployments", get(|| async { "[]" }))
///     // Unknown routes answer as the API's own `ResourceNotFound`; the rest as edge errors.
///     .layer(Contract::<ConnectError>::new().map(|edge, _request| match edge {
///         EdgeError::NotFound => Some(ConnectError::NotFound),
///         _ => None,
///     }));
/// ```
pub struct Contract<E> {
    map: Option<Arc<MapEdge<E>>>,
    instance_prefix: Prefix,
    hook: Option<Arc<Hook>>,
    /// Ids only for the requests that need one (`ids_when_needed`).
    lazy_ids: bool,
}

impl<E> Clone for Contract<E> {
    fn clone(&self) -> Self {
        Contract {
            map: self.map.clone(),
            instance_prefix: self.instance_prefix.clone(),
            hook: self.hook.clone(),
            lazy_ids: self.lazy_ids,
        }
    }
}

impl<E> Default for Contract<E> {
    fn default() -> Self {
        Contract {
            map: None,
            instance_prefix: Prefix::Static(""),
            hook: None,
            lazy_ids: false,
        }
    }
}

impl<E> std::fmt::Debug for Contract<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract")
            .field("mapped", &self.map.is_some())
            .field("instance_prefix", &self.instance_prefix)
            .field("hooked", &self.hook.is_some())
            .field("lazy_ids", &self.lazy_ids)
            .finish()
    }
}

impl<E: ApiError> Contract<E> {
    /// Every edge failure as the built-in [`EdgeError`], in `E`'s format.
    #[must_use]
    pub fn new() -> Self {
        Contract::default()
    }

    /// Answers an edge failure with the application's own error where `map` gives one, and
    /// with the built-in [`EdgeError`] where it gives `None`; `map` sees the request's method
    /// and URI too.
    #[must_use]
    pub fn map(
        mut self,
        map: impl Fn(&EdgeError, &EdgeRequest) -> Option<E> + Send + Sync + 'static,
    ) -> Self {
        self.map = Some(Arc::new(map));
        self
    }

    /// Writes problem+json's `instance` as this prefix followed by the request id (Konnect
    /// writes `kong:trace:<id>`). Characters a URI reference cannot hold are percent-encoded.
    #[must_use]
    pub fn with_instance_prefix(mut self, prefix: impl Into<Cow<'static, str>>) -> Self {
        self.instance_prefix = Prefix::from_cow(prefix.into());
        self
    }

    /// Makes an id only for a request that needs one: one that sent `x-request-id` (its id, or
    /// the one replacing a refused one), an error response, a handler that extracts
    /// [`RequestId`]. A request that succeeds without one then gets no `x-request-id` header
    /// and costs nothing for ids; by default every response carries one. BENCHMARKS.md ("Over
    /// HTTP") has the difference.
    #[must_use]
    pub fn ids_when_needed(mut self) -> Self {
        self.lazy_ids = true;
        self
    }

    /// Hands every error response rendered while a request is served to `hook`, with the
    /// error's internal detail, for the application's own reporting (an error tracker, a
    /// metric), besides the `tracing` event. The derived `IntoResponse` stays; no impl of your
    /// own is needed, so none conflicts with it.
    ///
    /// ```
    /// use apifault::axum::Contract;
    /// use apifault::ApiError;
    ///
    /// #[derive(Debug, ApiError)]
    /// enum AppError {
    ///     #[api(status = 503)]
    ///     Unavailable,
    /// }
    ///
    /// let contract = Contract::<AppError>::new().on_error(|report| {
    ///     if report.status.is_server_error() {
    ///         eprintln!("{} {:?} ({:?})", report.code, report.debug, report.request_id);
    ///     }
    /// });
    /// # let _: axum::Router = axum::Router::new().layer(contract);
    /// ```
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&ErrorReport<'_>) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }
}

impl<S, E> tower_layer::Layer<S> for Contract<E> {
    type Service = ContractService<S, E>;

    fn layer(&self, inner: S) -> Self::Service {
        ContractService {
            inner,
            map: self.map.clone(),
            instance_prefix: self.instance_prefix.clone(),
            hook: self.hook.clone(),
            lazy_ids: self.lazy_ids,
        }
    }
}

/// The service [`Contract`] wraps around an inner service.
pub struct ContractService<S, E> {
    inner: S,
    map: Option<Arc<MapEdge<E>>>,
    instance_prefix: Prefix,
    hook: Option<Arc<Hook>>,
    lazy_ids: bool,
}

impl<S: Clone, E> Clone for ContractService<S, E> {
    fn clone(&self) -> Self {
        ContractService {
            inner: self.inner.clone(),
            map: self.map.clone(),
            instance_prefix: self.instance_prefix.clone(),
            hook: self.hook.clone(),
            lazy_ids: self.lazy_ids,
        }
    }
}

impl<S, E> std::fmt::Debug for ContractService<S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContractService")
            .field("mapped", &self.map.is_some())
            .field("instance_prefix", &self.instance_prefix)
            .field("hooked", &self.hook.is_some())
            .field("lazy_ids", &self.lazy_ids)
            .finish_non_exhaustive()
    }
}

impl<S, E> tower_service::Service<Request> for ContractService<S, E>
where
    S: tower_service::Service<Request, Response = Response>,
    S::Future: Send + 'static,
    E: ApiError + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let mut id = RequestId::from_header(request.headers().get(REQUEST_ID_HEADER));
        if !self.lazy_ids {
            id.get_or_insert_with(RequestId::generate);
        }
        let current = Current::new(id, self.instance_prefix.clone(), self.hook.clone());
        let map = self.map.clone();
        // Kept only for a mapping, which may word its error with them.
        let edge_request = map
            .is_some()
            .then(|| EdgeRequest::new(request.method().clone(), request.uri().clone()));
        // A panic in `call` itself, or in the future it returns, is answered alike.
        let response = std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(request)));
        Box::pin(current.scope(async move {
            let outcome = match response {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            let response = match outcome {
                Ok(response) => response?,
                // An unrendered 500, answered as the edge's `InternalServerError` below.
                Err(_panic) => {
                    let mut response = Response::new(Body::empty());
                    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                    response
                }
            };
            let mapping = map
                .as_deref()
                .zip(edge_request.as_ref())
                .map(|(map, request)| Mapping { map, request });
            let mut response = conform::<E>(response, mapping);
            set_request_id_header(&mut response);
            Ok(response)
        }))
    }
}

/// `response` if it is in the contract; else the edge error of its status, keeping the headers
/// that describe the failure.
fn conform<E: ApiError>(response: Response, mapping: Option<Mapping<'_, E>>) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if response.extensions().get::<Rendered>().is_some() {
        // An extractor's edge failure, rendered without the map: answer it with the map.
        let own = mapping.zip(response.extensions().get::<EdgeError>());
        return match own.and_then(|(mapping, edge)| mapping.apply(edge)) {
            Some(error) => keep_headers(
                &response,
                respond(ErrorResponse::new(error), Detail::default()),
            ),
            None => response,
        };
    }
    let allow = response
        .headers()
        .get(http::header::ALLOW)
        .and_then(|value| value.to_str().ok());
    let edge = EdgeError::from_status(status, allow);
    let answer = match mapping.and_then(|mapping| mapping.apply(&edge)) {
        Some(error) => respond(ErrorResponse::new(error), Detail::default()),
        None => edge_response::<E>(edge),
    };
    keep_headers(&response, answer)
}

/// `answer` with the headers of `original` that it lacks, but for those of the body.
fn keep_headers(original: &Response, mut answer: Response) -> Response {
    for name in original.headers().keys() {
        let of_the_body = [http::header::CONTENT_TYPE, http::header::CONTENT_LENGTH];
        if of_the_body.contains(name) || answer.headers().contains_key(name) {
            continue;
        }
        for value in original.headers().get_all(name) {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

/// The built-in edge error in `E`'s format, carrying the [`EdgeError`] itself so that a
/// [`Contract`] further out can map it.
fn edge_response<E: ApiError>(edge: EdgeError) -> Response {
    let format = E::catalog().default_format();
    let response = with_current_request_id(ErrorResponse::new(edge.clone()), format);
    report(edge.status(), edge.code(), Detail::default());
    let mut http = edge::http_response(&response, format).map(Body::from);
    http.extensions_mut().insert(Rendered);
    http.extensions_mut().insert(edge);
    http
}

/// Repeats the request's id in the `x-request-id` response header: always on an error
/// response, on a success only if the request has one (see [`RequestId`]).
fn set_request_id_header(response: &mut Response) {
    let status = response.status();
    let id = if status.is_client_error() || status.is_server_error() {
        current_id()
    } else {
        used_id()
    };
    let Some(id) = id else { return };
    // The id is a safe token (checked or generated), so it is a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
}

/// An axum rejection (bad JSON, query string or path parameters) as field-level violations,
/// for the API to answer in its own format through `From<Rejection> for YourError`.
#[derive(Debug, Clone)]
pub struct Rejection {
    kind: RejectionKind,
    source: Source,
    status: StatusCode,
    message: String,
    violations: Vec<Violation>,
}

/// What was wrong with a request an extractor rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// The body is larger than the limit (`DefaultBodyLimit`): a 413.
    BodyTooLarge,
    /// The `Content-Type` is missing or not JSON: a 415.
    MediaType,
    /// The body could not be read for another reason.
    Body,
    /// The body is not valid JSON.
    Syntax,
    /// A required field is missing.
    MissingField,
    /// A field the type denies is present.
    UnknownField,
    /// The JSON does not fit the type (a wrong type or value).
    Data,
    /// A path parameter does not fit its type.
    Path,
    /// The query string does not fit its type.
    Query,
    /// The input fits its type but breaks its validation rules (the [`Valid`] and [`Garde`]
    /// extractors); type problems found with rule violations keep the kinds above.
    Rules,
}

impl Rejection {
    /// What was wrong.
    #[must_use]
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// A failure of the transport (a body too large, a missing `Content-Type`, a body that
    /// could not be read) as the [`EdgeError`] of its status; `None` for a problem with the
    /// input itself. A `From<Rejection>` that sends this through a `#[api(transparent)]`
    /// variant keeps the 413 or 415 instead of answering every rejection with one status.
    #[must_use]
    pub fn edge(&self) -> Option<EdgeError> {
        match self.kind {
            RejectionKind::BodyTooLarge => Some(EdgeError::PayloadTooLarge),
            RejectionKind::MediaType => Some(EdgeError::UnsupportedMediaType),
            RejectionKind::Body => Some(EdgeError::from_status(self.status, None)),
            _ => None,
        }
    }

    /// Where the rejected input was: [`Source::Body`], [`Source::Query`] or [`Source::Path`].
    #[must_use]
    pub fn source(&self) -> Source {
        self.source
    }

    /// The status axum would have answered with (400, 415, 422, ...).
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// axum's own explanation, such as `Failed to parse the request body as JSON: expected
    /// value at line 1 column 1` (commercetools' `detailedErrorMessage`).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The problems, each with its location, rule and reason in FastAPI's words.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The problems, by value.
    #[must_use]
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl From<JsonRejection> for Rejection {
    fn from(rejection: JsonRejection) -> Self {
        let violation = match &rejection {
            JsonRejection::JsonDataError(error) => {
                match path_to_error::<serde_json::Error>(error) {
                    Some(error) => data_violation(
                        error.path(),
                        &strip_position(&error.inner().to_string()),
                        Source::Body,
                    ),
                    None => Violation::new(FieldPath::default(), error.body_text()),
                }
            }
            // The whole body is at fault: its path is empty (written as the source, `body`,
            // where a format needs a field name). FastAPI adds a character position to `loc`;
            // as a path segment it would read like a list index, so it is left out.
            JsonRejection::JsonSyntaxError(_) => {
                Violation::new(FieldPath::default(), "JSON decode error")
                    .with_rule(Rule::Other("json_invalid".into()))
            }
            JsonRejection::MissingJsonContentType(_) => Violation::new(
                FieldPath::default(),
                "Expected request with `Content-Type: application/json`",
            )
            .with_rule(Rule::Other("content_type".into())),
            other => Violation::new(FieldPath::default(), other.body_text()),
        };
        let kind = match &rejection {
            JsonRejection::JsonDataError(_) => match violation.rule() {
                Some(Rule::Required) => RejectionKind::MissingField,
                Some(Rule::Other(rule)) if rule == "extra_forbidden" => RejectionKind::UnknownField,
                _ => RejectionKind::Data,
            },
            JsonRejection::JsonSyntaxError(_) => RejectionKind::Syntax,
            JsonRejection::MissingJsonContentType(_) => RejectionKind::MediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => RejectionKind::BodyTooLarge,
            _ => RejectionKind::Body,
        };
        Rejection {
            kind,
            source: Source::Body,
            status: rejection.status(),
            message: rejection.body_text(),
            violations: vec![violation.with_source(Source::Body)],
        }
    }
}

impl Rejection {
    /// A query-string rejection, with the offending values echoed from the raw `query`.
    fn from_query(rejection: &QueryRejection, query: Option<&str>) -> Self {
        let violation = match path_to_error::<serde::de::value::Error>(rejection) {
            Some(error) => {
                let mut violation =
                    data_violation(error.path(), &error.inner().to_string(), Source::Query);
                let key = error.path().to_string();
                let value = query.and_then(|query| {
                    form_urlencoded::parse(query.as_bytes())
                        .find(|(name, _)| *name == key)
                        .map(|(_, value)| value.into_owned())
                });
                if let (Some(value), false) = (value, violation.input().is_some()) {
                    violation = violation.with_input(value);
                }
                violation
            }
            None => Violation::new(FieldPath::default(), rejection.body_text())
                .with_source(Source::Query),
        };
        Rejection {
            kind: RejectionKind::Query,
            source: Source::Query,
            status: rejection.status(),
            message: rejection.body_text(),
            violations: vec![violation],
        }
    }
}

impl From<PathRejection> for Rejection {
    fn from(rejection: PathRejection) -> Self {
        use axum::extract::path::ErrorKind;
        let violation = match &rejection {
            PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
                ErrorKind::ParseErrorAtKey {
                    key,
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default().key(key.clone()), value, expected_type),
                ErrorKind::ParseErrorAtIndex {
                    index,
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default().index(*index), value, expected_type),
                ErrorKind::ParseError {
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default(), value, expected_type),
                ErrorKind::DeserializeError {
                    key,
                    value,
                    message,
                } => Violation::new(FieldPath::default().key(key.clone()), message.clone())
                    .with_rule(Rule::Other("value_error".into()))
                    .with_input(value.clone()),
                ErrorKind::InvalidUtf8InPathParam { key } => Violation::new(
                    FieldPath::default().key(key.clone()),
                    "Input should be valid UTF-8",
                )
                .with_rule(Rule::Other("string_unicode".into())),
                _ => Violation::new(FieldPath::default(), error.body_text()),
            },
            other => Violation::new(FieldPath::default(), other.body_text()),
        };
        Rejection {
            kind: RejectionKind::Path,
            source: Source::Path,
            status: rejection.status(),
            message: rejection.body_text(),
            violations: vec![violation.with_source(Source::Path)],
        }
    }
}

/// The `serde_path_to_error` error inside an axum rejection, if it has one.
fn path_to_error<'a, E: std::error::Error + 'static>(
    rejection: &'a (dyn std::error::Error + 'static),
) -> Option<&'a serde_path_to_error::Error<E>> {
    let mut source = rejection.source();
    while let Some(error) = source {
        if let Some(found) = error.downcast_ref::<serde_path_to_error::Error<E>>() {
            return Some(found);
        }
        source = error.source();
    }
    None
}

/// `serde_json` appends ` at line 1 column 15` to its messages.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment;
    let segments = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(PathSegment::Index(*index)),
            Segment::Map { key } => Some(PathSegment::Key(key.clone().into())),
            Segment::Enum { variant } => Some(PathSegment::Key(variant.clone().into())),
            Segment::Unknown => None,
        })
        .collect::<Vec<_>>();
    FieldPath::from(segments)
}

/// A serde data error (`missing field`, `invalid type`, ...) in FastAPI's terms.
fn data_violation(path: &serde_path_to_error::Path, message: &str, source: Source) -> Violation {
    let path = field_path(path);
    if let Some(field) = between(message, "missing field `", "`") {
        return Violation::new(path.key(field.to_owned()), "Field required")
            .with_rule(Rule::Required)
            .with_source(source);
    }
    if let Some(field) = between(message, "unknown field `", "`") {
        // serde_path_to_error's path already ends at the unknown key.
        let ends_at_field =
            matches!(path.segments().last(), Some(PathSegment::Key(key)) if key == field);
        let path = if ends_at_field {
            path
        } else {
            path.key(field.to_owned())
        };
        return Violation::new(path, "Extra inputs are not permitted")
            .with_rule(Rule::Other("extra_forbidden".into()))
            .with_source(source);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let input = between(unexpected, "string \"", "\"").filter(|text| !text.contains('\\'));
        let (rule, reason) = type_rule(
            expected,
            input.is_some(),
            unexpected.starts_with("floating point"),
        );
        let violation = Violation::new(path, reason)
            .with_rule(Rule::Other(rule.into()))
            .with_source(source);
        return match input {
            Some(input) => violation.with_input(input.to_owned()),
            None => violation,
        };
    }
    // serde_urlencoded reports unparsable numbers by the parser's own message.
    if message.contains("invalid digit")
        || message.contains("number too large")
        || message.contains("cannot parse integer")
    {
        let (rule, reason) = type_rule("i64", true, false);
        return Violation::new(path, reason)
            .with_rule(Rule::Other(rule.into()))
            .with_source(source);
    }
    if message.contains("invalid float literal") {
        let (rule, reason) = type_rule("f64", true, false);
        return Violation::new(path, reason)
            .with_rule(Rule::Other(rule.into()))
            .with_source(source);
    }
    Violation::new(path, message.to_owned())
        .with_rule(Rule::Other("value_error".into()))
        .with_source(source)
}

/// A path parameter that did not parse as `expected_type`.
fn parse_violation(path: FieldPath, value: &str, expected_type: &str) -> Violation {
    let (rule, reason) = type_rule(expected_type, true, false);
    Violation::new(path, reason)
        .with_rule(Rule::Other(rule.into()))
        .with_input(value.to_owned())
}

/// Pydantic's error type and message for a value that is not of the expected type.
fn type_rule(expected: &str, from_string: bool, from_float: bool) -> (&'static str, &'static str) {
    let expected = expected.trim_start_matches("a ").trim_start_matches("an ");
    let is_float = matches!(expected, "f32" | "f64" | "number");
    let is_integer = expected.starts_with('i')
        || expected.starts_with('u') && expected != "unit"
        || expected == "integer";
    match () {
        () if is_float && from_string => (
            "float_parsing",
            "Input should be a valid number, unable to parse string as a number",
        ),
        () if is_float => ("float_type", "Input should be a valid number"),
        () if is_integer && from_string => (
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        () if is_integer && from_float => (
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ),
        () if is_integer => ("int_type", "Input should be a valid integer"),
        () if expected == "boolean" || expected == "bool" => {
            ("bool_parsing", "Input should be a valid boolean")
        }
        () if expected.contains("string") || expected == "str" || expected == "char" => {
            ("string_type", "Input should be a valid string")
        }
        () if expected.starts_with("sequence") => ("list_type", "Input should be a valid list"),
        () if expected.starts_with("struct") || expected.starts_with("map") => {
            ("dict_type", "Input should be a valid dictionary")
        }
        () => ("value_error", "Input is not valid"),
    }
}

/// The text between `start` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

impl Rejection {
    /// Every problem the collecting deserializer found, or `fallback` if it found none (it
    /// accepts exactly what serde accepts, so that only happens for a type whose
    /// `Deserialize` reads a `Value` differently from the raw input).
    fn collected(
        source: Source,
        status: StatusCode,
        message: String,
        violations: Vec<Violation>,
        fallback: impl FnOnce() -> Rejection,
    ) -> Rejection {
        if violations.is_empty() {
            return fallback();
        }
        let kind = match (source, violations.first().and_then(Violation::rule)) {
            (Source::Query, _) => RejectionKind::Query,
            (Source::Path, _) => RejectionKind::Path,
            (_, Some(Rule::Required)) => RejectionKind::MissingField,
            (_, Some(Rule::Other(rule))) if rule == "extra_forbidden" => {
                RejectionKind::UnknownField
            }
            _ => RejectionKind::Data,
        };
        Rejection {
            kind,
            source,
            status,
            message,
            violations,
        }
    }
}

/// Whether `content_type` is JSON (`application/json` or `application/*+json`), as axum's
/// `Json` decides.
fn is_json(headers: &http::HeaderMap) -> bool {
    media_type(headers).is_some_and(|(kind, subtype)| {
        kind.eq_ignore_ascii_case("application")
            && (subtype.eq_ignore_ascii_case("json")
                || subtype
                    .rsplit_once('+')
                    .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json")))
    })
}

/// The `type` and `subtype` of the request's `Content-Type`.
fn media_type(headers: &http::HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim();
    let (kind, subtype) = essence.split_once('/')?;
    (!kind.is_empty() && !subtype.is_empty()).then_some((kind, subtype))
}

/// axum's `Json` extractor, reporting every problem of a body at once.
///
/// A valid body is read exactly as `axum::Json` reads it (the same `serde_json` call, so it
/// costs the same: BENCHMARKS.md). A body that does not fit `T` is replayed through
/// [`apifault::collect`](crate::collect), which lists every missing field, wrong type and
/// unknown field (of a `deny_unknown_fields` type) with its path, rule and FastAPI's echo of
/// the input; a body that is not JSON at all is one `json_invalid` problem. Destructure as
/// `Json(value, ..)`; name it once per API: `type Json<T> = apifault::axum::Json<T, MyError>;`.
///
/// ```
/// use apifault::axum::{Json, Rejection};
/// use apifault::{ApiError, Violation};
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
/// #[derive(serde::Deserialize)]
/// struct Book { title: String, pages: u16 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use axum::extract::FromRequest;
/// let request = http::Request::post("/books")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"title":5}"#))
///     .unwrap();
/// let Err(Fault::Validation(violations)) = Json::<Book, Fault>::from_request(request, &()).await else {
///     panic!("rejected");
/// };
/// assert_eq!(violations.len(), 2);
/// assert_eq!(violations[0].path().to_string(), "title");
/// assert_eq!(violations[1].path().to_string(), "pages");
/// # });
/// ```
#[derive(Debug)]
pub struct Json<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for Json<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, E> {
        match read_json::<T, S>(request, state, None).await {
            Ok(value) => Ok(Json(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// A validation library's check of a deserialized value: its rule violations (none when the
/// value is valid), with paths and rules but no source or input yet.
type Check<T> = fn(&T) -> Vec<Violation>;

/// A JSON body as `T` (then checked by `check`), or every problem with it.
async fn read_json<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    if !is_json(request.headers()) {
        return Err(Rejection::from(JsonRejection::from(
            MissingJsonContentType::default(),
        )));
    }
    let bytes = match Bytes::from_request(request, state).await {
        Ok(bytes) => bytes,
        Err(rejection) => return Err(Rejection::from(JsonRejection::from(rejection))),
    };
    match axum::Json::<T>::from_bytes(&bytes) {
        Ok(axum::Json(value)) => match check {
            Some(check) => {
                let rules = check(&value);
                if rules.is_empty() {
                    return Ok(value);
                }
                // Only a body that breaks a rule is parsed again, for the inputs to echo.
                let input = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
                Err(checked::<T>(
                    &input,
                    Mode::Json,
                    Source::Body,
                    check,
                    "Failed to validate the request body",
                ))
            }
            None => Ok(value),
        },
        // serde_json calls some wrong types (a number for an enum) syntax errors: a body
        // that parses as JSON is replayed either way.
        Err(rejection @ (JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_))) => {
            Err(json_problems::<T>(&bytes, rejection, check))
        }
        Err(rejection) => Err(Rejection::from(rejection)),
    }
}

/// Every problem of a JSON body that `T` rejected (and, with `check`, every rule violation
/// of the rest of it).
fn json_problems<T: DeserializeOwned>(
    bytes: &[u8],
    rejection: JsonRejection,
    check: Option<Check<T>>,
) -> Rejection {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Rejection::from(rejection);
    };
    let outcome = crate::collect::collect::<T>(&value, Mode::Json, Source::Body);
    let violations = with_rules(&value, outcome, check, Source::Body);
    Rejection::collected(
        Source::Body,
        StatusCode::UNPROCESSABLE_ENTITY,
        rejection.body_text(),
        violations,
        || Rejection::from(rejection),
    )
}

/// The type problems of `outcome`, and with `check` the rule violations of its value (sound
/// ones only: [`crate::collect::merge`]).
fn with_rules<T>(
    input: &serde_json::Value,
    outcome: crate::collect::Outcome<T>,
    check: Option<Check<T>>,
    source: Source,
) -> Vec<Violation> {
    match (check, &outcome.value) {
        (Some(check), Some(value)) => {
            let rules = check(value);
            crate::collect::merge(input, outcome, rules, source)
        }
        _ => outcome.violations,
    }
}

/// The rejection of an input that fits `T` but breaks its rules: every rule violation, in
/// field order, with the client's values echoed.
fn checked<T: DeserializeOwned>(
    input: &serde_json::Value,
    mode: Mode,
    source: Source,
    check: Check<T>,
    message: &str,
) -> Rejection {
    // The replay gives the field order (and the value, as serde reads it).
    let outcome = crate::collect::collect::<T>(input, mode, source);
    let has_type_problems = !outcome.violations.is_empty();
    let violations = with_rules(input, outcome, Some(check), source);
    let kind = if has_type_problems {
        // serde accepted what the replay did not (a type whose `Deserialize` reads a
        // `Value` differently): reported as a data problem.
        RejectionKind::Data
    } else {
        RejectionKind::Rules
    };
    Rejection {
        kind,
        source,
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: message.to_owned(),
        violations,
    }
}

/// axum's `Query` extractor, reporting every problem of a query string at once; the
/// rejected values are echoed as strings, as FastAPI does (`"input":"abc"`), and a missing
/// parameter's `input` is `null`.
#[derive(Debug)]
pub struct Query<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequestParts<S> for Query<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        match read_query::<T, S>(parts, state, None).await {
            Ok(value) => Ok(Query(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// The query string as `T` (then checked by `check`), or every problem with it.
async fn read_query<T: DeserializeOwned, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    let query_value = |query: Option<&str>| {
        let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> =
            form_urlencoded::parse(query.unwrap_or_default().as_bytes()).collect();
        pairs_value(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
    };
    match axum::extract::Query::<T>::from_request_parts(parts, state).await {
        Ok(axum::extract::Query(value)) => match check {
            Some(check) if !check(&value).is_empty() => Err(checked::<T>(
                &query_value(parts.uri.query()),
                Mode::Text,
                Source::Query,
                check,
                "Failed to validate the query string",
            )),
            _ => Ok(value),
        },
        Err(rejection) => {
            let query = parts.uri.query();
            let value = query_value(query);
            let outcome = crate::collect::collect::<T>(&value, Mode::Text, Source::Query);
            let violations = with_rules(&value, outcome, check, Source::Query);
            Err(Rejection::collected(
                Source::Query,
                rejection.status(),
                rejection.body_text(),
                violations,
                || Rejection::from_query(&rejection, query),
            ))
        }
    }
}

/// axum's `Path` extractor, reporting every problem of the path parameters at once, each at
/// its parameter's name (`["path","item_id"]`, as FastAPI), the value echoed as a string.
#[derive(Debug)]
pub struct Path<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequestParts<S> for Path<T, E>
where
    T: DeserializeOwned + Send,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        let rejection = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => return Ok(Path(value, PhantomData)),
            Err(rejection) => rejection,
        };
        let violations = match (
            &rejection,
            RawPathParams::from_request_parts(parts, state).await,
        ) {
            (PathRejection::FailedToDeserializePathParams(_), Ok(params)) => {
                let params: Vec<(&str, &str)> = params.iter().collect();
                path_problems::<T>(&params)
            }
            _ => Vec::new(),
        };
        Err(E::from(Rejection::collected(
            Source::Path,
            rejection.status(),
            rejection.body_text(),
            violations,
            || Rejection::from(rejection),
        )))
    }
}

/// The problems of path parameters as a `T`: a struct or map of them by name, a tuple of them
/// in order, or the one parameter itself.
fn path_problems<T: DeserializeOwned>(params: &[(&str, &str)]) -> Vec<Violation> {
    use crate::collect::collect;
    let by_name = pairs_value(params.iter().copied());
    let violations = collect::<T>(&by_name, Mode::Text, Source::Path).violations;
    let at_root = violations.iter().any(|v| v.path().segments().is_empty());
    if !at_root {
        return violations;
    }
    // Not a struct: the parameters in order, each named as FastAPI names it.
    let name = |index: usize| params.get(index).map_or("", |(name, _)| name);
    let (value, single) = match params {
        [(_, one)] => (serde_json::Value::String((*one).to_owned()), true),
        _ => (
            serde_json::Value::Array(
                params
                    .iter()
                    .map(|(_, v)| serde_json::Value::String((*v).to_owned()))
                    .collect(),
            ),
            false,
        ),
    };
    collect::<T>(&value, Mode::Text, Source::Path)
        .violations
        .into_iter()
        .map(|violation| {
            let segments = violation.path().segments();
            let mut path = FieldPath::default();
            let rest = match (single, segments.first()) {
                (true, _) => {
                    path = path.key(name(0).to_owned());
                    segments
                }
                (false, Some(PathSegment::Index(index))) => {
                    path = path.key(name(*index).to_owned());
                    &segments[1..]
                }
                _ => segments,
            };
            let path = rest.iter().fold(path, |path, segment| match segment {
                PathSegment::Key(key) => path.key(key.clone()),
                PathSegment::Index(index) => path.index(*index),
            });
            rebase(&violation, path)
        })
        .collect()
}

/// `violation` at `path`.
fn rebase(violation: &Violation, path: FieldPath) -> Violation {
    let mut moved = Violation::new(path, violation.reason().to_owned());
    if let Some(rule) = violation.rule() {
        moved = moved.with_rule(rule.clone());
    }
    if let Some(source) = violation.source() {
        moved = moved.with_source(source);
    }
    if let Some(input) = violation.input() {
        moved = moved.with_input(input.clone());
    }
    moved
}

/// A form body (`application/x-www-form-urlencoded`) as `T`, reporting every problem at once
/// (source `body`, as FastAPI reports form fields; a missing field's `input` is `null`).
///
/// Every value is a string, parsed as the type asks (`u32`, `bool` from `true`/`false`, ...),
/// as `serde_urlencoded` does; a name given twice keeps its first value. A body without
/// that `Content-Type` is the edge's 415.
///
/// ```
/// use apifault::axum::{Form, Rejection};
/// use apifault::{ApiError, Violation};
/// use axum::extract::FromRequest;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// enum Fault {
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
///     #[api(transparent)]
///     Edge(apifault::edge::EdgeError),
/// }
///
/// impl From<Rejection> for Fault {
///     fn from(rejection: Rejection) -> Self {
///         match rejection.edge() {
///             Some(edge) => Fault::Edge(edge),
///             None => Fault::Validation(rejection.into_violations()),
///         }
///     }
/// }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Login { username: String, age: u8 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = http::Request::post("/login")
///     .header("content-type", "application/x-www-form-urlencoded")
///     .body(axum::body::Body::from("username=ann&age=30"))
///     .unwrap();
/// let Ok(Form(login, ..)) = Form::<Login, Fault>::from_request(request, &()).await else {
///     panic!("accepted");
/// };
/// assert_eq!((login.username.as_str(), login.age), ("ann", 30));
/// # });
/// ```
#[derive(Debug)]
pub struct Form<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for Form<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, E> {
        match read_form::<T, S>(request, state, None).await {
            Ok(value) => Ok(Form(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// A form body as `T` (then checked by `check`), or every problem with it.
async fn read_form<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    {
        let is_form = media_type(request.headers()).is_some_and(|(kind, subtype)| {
            kind.eq_ignore_ascii_case("application")
                && subtype.eq_ignore_ascii_case("x-www-form-urlencoded")
        });
        if !is_form {
            return Err(Rejection {
                kind: RejectionKind::MediaType,
                source: Source::Body,
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message:
                    "Form requests must have `Content-Type: application/x-www-form-urlencoded`"
                        .to_owned(),
                violations: vec![
                    Violation::new(
                        FieldPath::default(),
                        "Expected request with `Content-Type: application/x-www-form-urlencoded`",
                    )
                    .with_rule(Rule::Other("content_type".into()))
                    .with_source(Source::Body),
                ],
            });
        }
        let bytes = match Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) => return Err(Rejection::from(JsonRejection::from(rejection))),
        };
        let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = form_urlencoded::parse(&bytes).collect();
        let value = pairs_value(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
        let outcome = crate::collect::collect::<T>(&value, Mode::Text, Source::Body);
        if outcome.violations.is_empty() {
            if let Some(form) = outcome.value {
                return match check {
                    Some(check) if !check(&form).is_empty() => Err(checked::<T>(
                        &value,
                        Mode::Text,
                        Source::Body,
                        check,
                        "Failed to validate the form body",
                    )),
                    _ => Ok(form),
                };
            }
        }
        let violations = with_rules(&value, outcome, check, Source::Body);
        Err(Rejection::collected(
            Source::Body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Failed to deserialize form body".to_owned(),
            violations,
            || Rejection {
                kind: RejectionKind::Data,
                source: Source::Body,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: "Failed to deserialize form body".to_owned(),
                violations: vec![
                    Violation::new(FieldPath::default(), "Input is not valid")
                        .with_rule(Rule::Other("value_error".into()))
                        .with_source(Source::Body),
                ],
            },
        ))
    }
}

/// The rule violations validator finds in `value`.
#[cfg(feature = "validator")]
fn validator_check<T: validator::Validate>(value: &T) -> Vec<Violation> {
    use crate::violation::IntoViolations as _;
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.into_violations(),
    }
}

/// The rule violations garde finds in `value`, with the default context.
#[cfg(feature = "garde")]
fn garde_check<T>(value: &T) -> Vec<Violation>
where
    T: garde::Validate,
    T::Context: Default,
{
    use crate::violation::IntoViolations as _;
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(report) => report.into_violations(),
    }
}

/// Implements the extractors of a validating wrapper for [`Json`], [`Query`] and [`Form`].
#[cfg(any(feature = "validator", feature = "garde"))]
macro_rules! validating {
    ($wrapper:ident, $check:ident, $($bound:tt)+) => {
        impl<T, E, S> FromRequest<S> for $wrapper<Json<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request(request: Request, state: &S) -> Result<Self, E> {
                match read_json::<T, S>(request, state, Some($check::<T>)).await {
                    Ok(value) => Ok($wrapper(Json(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }

        impl<T, E, S> FromRequest<S> for $wrapper<Form<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request(request: Request, state: &S) -> Result<Self, E> {
                match read_form::<T, S>(request, state, Some($check::<T>)).await {
                    Ok(value) => Ok($wrapper(Form(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }

        impl<T, E, S> FromRequestParts<S> for $wrapper<Query<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
                match read_query::<T, S>(parts, state, Some($check::<T>)).await {
                    Ok(value) => Ok($wrapper(Query(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }
    };
}

/// [`Json`], [`Query`] or [`Form`], then validator's rules: `Valid<Json<T, E>>` answers type
/// problems and rule violations in one response.
///
/// The input is deserialized as the inner extractor does (a valid one by the same `serde`
/// call as axum's, so a valid request costs what it costs there: BENCHMARKS.md), then
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

#[cfg(feature = "validator")]
validating!(Valid, validator_check, validator::Validate);

/// [`Json`], [`Query`] or [`Form`], then garde's rules (with the default context):
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

#[cfg(feature = "garde")]
validating!(Garde, garde_check, garde::Validate<Context: Default>);
