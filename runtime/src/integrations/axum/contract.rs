//! [`Contract`] and [`RequestIdLayer`]: the layers that put an axum application into the
//! contract (the edge) and give every request an id.

use std::borrow::Cow;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::response::Response;
use futures_util::FutureExt as _;
use http::StatusCode;
use http::request::Parts;

use super::super::language::{self, Header};
use super::super::request_id::{
    Current, Prefix, current_id, report, response_header, with_current_request_id,
};
use super::respond;
use super::{REQUEST_ID_HEADER, RequestId};
use crate::ApiError;
use crate::ErrorResponse;
use crate::edge::{self, EdgeError, EdgeRequest, MapEdge, Mapping, Rendered};
use crate::report::{Detail, ErrorReport, Hook};

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
        let current = Current::new(Some(id), self.instance_prefix.clone(), None, false);
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
/// - Request ids: a request that sent `x-request-id` keeps it when it is a safe token (else it
///   gets a fresh one), and every response repeats it; a request that sent none gets one when
///   something needs it (an error response, its log event, a handler extracting
///   [`RequestId`]), and the response repeats it then. A success that needed none carries none
///   (see [`ids_on_every_response`](Self::ids_on_every_response)).
/// - [`map`](Self::map) lets the application answer any edge failure with its own variant.
/// - Where `E` has locales (`#[api(locales = "...")]`), every error response rendered while
///   the request is served is in the locale its `Accept-Language` asks for, with
///   `Content-Language` and `Vary: Accept-Language` (see [`crate::locale`]); an
///   `ErrorResponse::with_locale` keeps its own. A type without locales reads nothing.
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
    /// An id for every request, and its header on every response (`ids_on_every_response`).
    every_id: bool,
}

impl<E> Clone for Contract<E> {
    fn clone(&self) -> Self {
        Contract {
            map: self.map.clone(),
            instance_prefix: self.instance_prefix.clone(),
            hook: self.hook.clone(),
            every_id: self.every_id,
        }
    }
}

impl<E> Default for Contract<E> {
    fn default() -> Self {
        Contract {
            map: None,
            instance_prefix: Prefix::Static(""),
            hook: None,
            every_id: false,
        }
    }
}

impl<E> std::fmt::Debug for Contract<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract")
            .field("mapped", &self.map.is_some())
            .field("instance_prefix", &self.instance_prefix)
            .field("hooked", &self.hook.is_some())
            .field("every_id", &self.every_id)
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

    /// Gives every request an id, and every response an `x-request-id` header, as
    /// [`RequestIdLayer`] does (by default a request that sent none gets one only when something
    /// needs it). The header costs what sending it costs: 3.1% of a bare `200 ok` round trip in
    /// BENCHMARKS.md ("Over HTTP"), on top of the 2.9% of the layer itself.
    #[must_use]
    pub fn ids_on_every_response(mut self) -> Self {
        self.every_id = true;
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
            every_id: self.every_id,
        }
    }
}

/// The service [`Contract`] wraps around an inner service.
pub struct ContractService<S, E> {
    inner: S,
    map: Option<Arc<MapEdge<E>>>,
    instance_prefix: Prefix,
    hook: Option<Arc<Hook>>,
    every_id: bool,
}

impl<S: Clone, E> Clone for ContractService<S, E> {
    fn clone(&self) -> Self {
        ContractService {
            inner: self.inner.clone(),
            map: self.map.clone(),
            instance_prefix: self.instance_prefix.clone(),
            hook: self.hook.clone(),
            every_id: self.every_id,
        }
    }
}

impl<S, E> std::fmt::Debug for ContractService<S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContractService")
            .field("mapped", &self.map.is_some())
            .field("instance_prefix", &self.instance_prefix)
            .field("hooked", &self.hook.is_some())
            .field("every_id", &self.every_id)
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
        // A request without an id gets one when first needed (with `ids_on_every_response`, at
        // the latest for the response's header).
        let id = RequestId::from_header(request.headers().get(REQUEST_ID_HEADER));
        let current = Current::new(
            id,
            self.instance_prefix.clone(),
            self.hook.clone(),
            !self.every_id,
        );
        let map = self.map.clone();
        // Kept only for a mapping, which may word its error with them.
        let edge_request = map
            .is_some()
            .then(|| EdgeRequest::new(request.method().clone(), request.uri().clone()));
        // A panic in `call` itself, or in the future it returns, is answered alike.
        // Kept only where `E` has locales: an application without them pays nothing.
        let language = E::localization()
            .is_localized()
            .then(|| Header::from_http(request.headers()));
        let response = std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(request)));
        let served = current.scope(async move {
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
        });
        match language {
            Some(header) => Box::pin(language::scope(header, served)),
            None => Box::pin(served),
        }
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
/// response, on a success as [`response_header`] decides.
fn set_request_id_header(response: &mut Response) {
    let status = response.status();
    let error = status.is_client_error() || status.is_server_error();
    if let Some(value) = response_header(error) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
}
