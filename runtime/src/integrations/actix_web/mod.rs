//! actix-web: [`ErrorResponse`] is a `ResponseError`, and so is every derived type that is
//! also `Display` (with thiserror or `#[api(display)]`), so handlers return
//! `Result<T, YourError>` and `?` works. The [`request_id`] middleware gives every request an
//! id, as axum's `RequestIdLayer` does: error bodies carry it (`request_id` in the envelope,
//! `instance` in problem+json, prefixed by an [`InstancePrefix`] in the app data) and the
//! `x-request-id` response header repeats it.
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//! use apifault::ApiError;
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors", display)]
//! enum ConnectError {
//!     #[api(status = 404, code = "ResourceNotFound", message = "The Resource with key '{0}' was not found.")]
//!     NotFound(String),
//! }
//!
//! async fn show(key: web::Path<String>) -> Result<HttpResponse, ConnectError> {
//!     Err(ConnectError::NotFound(key.into_inner()))
//! }
//!
//! let app = App::new().route("/resources/{key}", web::get().to(show));
//! # drop(app);
//! ```

use core::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use actix_web::HttpMessage as _;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use futures_util::FutureExt as _;
use futures_util::future::Either;

mod extract;

pub use self::extract::{Form, Json, Path, Query};
use super::language::{self, Header, with_current_language};
pub use super::request_id::RequestId;
use super::request_id::{Current, Prefix, REQUEST_ID, report, with_current_request_id};
use crate::edge::{self, EdgeError, EdgeRequest, MapEdge, Mapping, Rendered};
#[cfg(feature = "garde")]
pub use crate::extract::Garde;
#[cfg(feature = "validator")]
pub use crate::extract::Valid;
pub use crate::extract::{Rejection, RejectionKind};
use crate::report::{Detail, ErrorReport, Hook};
use crate::{ApiError, ErrorResponse};

/// The prefix of problem+json's `instance` (such as `kong:trace:`), given as app data:
/// `App::new().app_data(InstancePrefix("kong:trace:"))`. Characters a URI reference cannot
/// hold are percent-encoded.
#[derive(Debug, Clone, Copy)]
pub struct InstancePrefix(pub &'static str);

/// Middleware: `App::new().wrap(actix_web::middleware::from_fn(apifault::actix_web::request_id))`.
///
/// Takes the client's `x-request-id` when it is a safe token (see [`RequestId`]) or makes
/// one, stores it in the request's extensions as a [`RequestId`], puts it into the error
/// bodies rendered while the request is served, and sets the `x-request-id` response header.
/// [`contract`] does this too.
///
/// # Errors
///
/// Those of the services it wraps.
pub async fn request_id<B: MessageBody>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let (id, current) = identify(&request);
    let mut response = current.scope(next.call(request)).await?;
    set_request_id_header(response.headers_mut(), &id);
    Ok(response)
}

/// The request's id and what error bodies say about it.
fn identify(request: &ServiceRequest) -> (RequestId, Current) {
    let id = RequestId::from_client(
        request
            .headers()
            .get(REQUEST_ID)
            .and_then(|value| value.to_str().ok()),
    );
    let prefix = request
        .app_data::<InstancePrefix>()
        .map_or("", |prefix| prefix.0);
    let prefix = Prefix::Static(prefix);
    request.extensions_mut().insert(id.clone());
    let hook = request
        .app_data::<OnError>()
        .map(|hook| Arc::clone(&hook.0));
    let current = Current::new(Some(id.clone()), prefix, hook, false);
    (id, current)
}

fn set_request_id_header(headers: &mut actix_web::http::header::HeaderMap, id: &RequestId) {
    // The id is a safe token (checked or generated), so it is a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        headers.insert(HeaderName::from_static(REQUEST_ID), value);
    }
}

/// The application's own reporting of error responses, given as app data:
/// `App::new().app_data(OnError::new(|report| ...))`: every error response rendered while
/// [`contract`] or [`request_id`] serves a request is handed to it, with the error's internal
/// detail (see `axum::Contract::on_error`).
#[derive(Clone)]
pub struct OnError(Arc<Hook>);

impl OnError {
    /// Hands every error response to `hook`.
    pub fn new(hook: impl Fn(&ErrorReport<'_>) + Send + Sync + 'static) -> Self {
        OnError(Arc::new(hook))
    }
}

impl fmt::Debug for OnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnError").finish_non_exhaustive()
    }
}

/// How long [`contract`] lets a request take before it answers 408 `RequestTimeout` (in the
/// API's format, or what an [`EdgeMap<E>`] maps it to), given as app data:
/// `App::new().app_data(RequestTimeout(Duration::from_secs(30)))`. (actix-web's own
/// `client_request_timeout` answers before the app sees the request, outside the contract.)
#[derive(Debug, Clone, Copy)]
pub struct RequestTimeout(pub std::time::Duration);

/// The application's own error for an edge failure, given as app data:
/// `App::new().app_data(EdgeMap::<MyError>::new(|edge| ...))`. Without it, [`contract`]
/// answers every edge failure with the built-in [`EdgeError`].
pub struct EdgeMap<E>(Arc<MapEdge<E>>);

impl<E> EdgeMap<E> {
    /// Answers an edge failure with `map`'s error where it gives one; `map` sees the request's
    /// method and URI too.
    pub fn new(
        map: impl Fn(&EdgeError, &EdgeRequest) -> Option<E> + Send + Sync + 'static,
    ) -> Self {
        EdgeMap(Arc::new(map))
    }
}

impl<E> Clone for EdgeMap<E> {
    fn clone(&self) -> Self {
        EdgeMap(Arc::clone(&self.0))
    }
}

impl<E> fmt::Debug for EdgeMap<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdgeMap").finish_non_exhaustive()
    }
}

/// Middleware that puts a whole actix-web application into the contract of the error type
/// `E`, in one line: `App::new().wrap(from_fn(apifault::actix_web::contract::<MyError, _>))`.
///
/// - Every error response that apifault did not render (actix-web's empty 404 for an unknown
///   route and 405 for a wrong method (actix-web does not say which methods a route takes: a
///   resource's `default_service` of [`method_not_allowed`] names them in `Allow`, which is
///   kept, as every header of the framework's response is), the 400, 413 and 415 of `JsonConfig`, `QueryConfig`,
///   `PathConfig` and `PayloadConfig`, a middleware's 401, ...) becomes the [`EdgeError`] of
///   its status, rendered in `E`'s format; its headers are kept.
/// - A handler that panics gets a 500 `InternalServerError` in `E`'s format, and the worker
///   keeps serving; with a [`RequestTimeout`] in the app data, a request that takes longer
///   gets a 408.
/// - Request ids as [`request_id`] gives them.
/// - An [`EdgeMap<E>`] in the app data maps edge failures to the application's own errors.
/// - Where `E` has locales (`#[api(locales = "...")]`), every error response rendered while
///   the request is served is in the locale its `Accept-Language` asks for, with
///   `Content-Language` and `Vary: Accept-Language` (see [`crate::locale`]); an
///   `ErrorResponse::with_locale` keeps its own.
///
/// ```
/// use actix_web::{App, middleware::from_fn, web};
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail", display)]
/// enum ClusterError {
///     #[api(status = 404, message = "Cluster not found")]
///     NotFound,
/// }
///
/// let app = App::new()
///     .route("/clusters", web::get().to(|| async { "[]" }))
///     .wrap(from_fn(apifault::actix_web::contract::<ClusterError, _>));
/// # drop(app);
/// ```
///
/// # Errors
///
/// An error of the services it wraps, or a panic, comes out as an `actix_web::Error` whose
/// response is the one in the contract (the request is gone by then, so no `ServiceResponse`
/// can carry it).
pub async fn contract<E: ApiError + 'static, B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let (id, current) = identify(&request);
    let map = request.app_data::<EdgeMap<E>>().cloned();
    let edge_request = map.as_ref().map(|_| edge_request(request.request()));
    let limit = request.app_data::<RequestTimeout>().map(|limit| limit.0);
    // Kept only where `E` has locales: an application without them pays nothing.
    let language = E::localization()
        .is_localized()
        .then(|| Header::from_actix(request.headers()));
    let served = AssertUnwindSafe(next.call(request)).catch_unwind();
    let served = match language.clone() {
        Some(header) => Either::Left(language::scope(header, served)),
        None => Either::Right(served),
    };
    let answer = current.clone().scope(served);
    let outcome = match limit {
        None => Some(answer.await),
        // A request that outlives its limit is dropped (its handler with it) and answered 408.
        Some(limit) => tokio::time::timeout(limit, answer).await.ok(),
    };
    // Rendered inside the request's scope, so edge bodies carry its id (and an error that
    // travels as one is rendered in the request's language).
    let rendered = async move {
        let mapping = map
            .as_ref()
            .zip(edge_request.as_ref())
            .map(|(map, request)| Mapping {
                map: &*map.0,
                request,
            });
        let Some(outcome) = outcome else {
            let response = edge_response::<E>(EdgeError::RequestTimeout, mapping);
            return Err(answered(response, &id));
        };
        match outcome {
            Ok(Ok(mut response)) => {
                set_request_id_header(response.headers_mut(), &id);
                Ok(conform::<E, B>(response, mapping))
            }
            // Without the request (the inner services kept it), the answer travels as an
            // error whose response is the one in the contract.
            Ok(Err(error)) => {
                let response = conform_response::<E>(error.error_response(), mapping);
                Err(answered(response, &id))
            }
            Err(_panic) => {
                let response = edge_response::<E>(EdgeError::InternalServerError, mapping);
                Err(answered(response, &id))
            }
        }
    };
    match language {
        Some(header) => current.scope(language::scope(header, rendered)).await,
        None => current.scope(rendered).await,
    }
}

/// A resource's `default_service` that answers a method none of its routes takes with 405 and
/// `Allow: <methods>`: `web::resource("/items/{id}").route(web::get().to(show))
/// .default_service(apifault::actix_web::method_not_allowed(&[Method::GET]))`. [`contract`]
/// renders it as the 405 [`EdgeError`] (or what an [`EdgeMap<E>`] maps it to) in the API's
/// format and keeps the header. (actix-web does not say which methods a resource's routes
/// take, so the contract cannot write `Allow` by itself, as axum's does; this names them once
/// per resource.)
///
/// ```
/// use actix_web::http::Method;
/// use actix_web::{App, HttpResponse, test, web};
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().service(
///     web::resource("/items/{id}")
///         .route(web::get().to(HttpResponse::Ok))
///         .route(web::head().to(HttpResponse::Ok))
///         .default_service(apifault::actix_web::method_not_allowed(&[Method::GET, Method::HEAD])),
/// ))
/// .await;
/// let request = test::TestRequest::delete().uri("/items/1").to_request();
/// let response = test::call_service(&app, request).await;
/// assert_eq!(response.status(), 405);
/// assert_eq!(response.headers().get("allow").unwrap(), "GET, HEAD");
/// # });
/// ```
#[must_use]
pub fn method_not_allowed(methods: &[actix_web::http::Method]) -> actix_web::Route {
    let allow = methods
        .iter()
        .map(actix_web::http::Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    actix_web::web::to(move || {
        let allow = allow.clone();
        async move {
            HttpResponse::MethodNotAllowed()
                .insert_header((actix_web::http::header::ALLOW, allow))
                .finish()
        }
    })
}

/// An error whose response is `response`, with the request id.
fn answered(mut response: HttpResponse, id: &RequestId) -> actix_web::Error {
    set_request_id_header(response.headers_mut(), id);
    actix_web::error::InternalError::from_response("answered by apifault's contract", response)
        .into()
}

/// `JsonConfig`'s error handler that gives each failure its status, where actix-web answers
/// most with 400: `web::JsonConfig::default().error_handler(json_error::<MyError>)`. A missing
/// or wrong `Content-Type` is a 415, a body over the limit a 413, anything else a 400; each is
/// an [`EdgeError`] (or what an [`EdgeMap<E>`] maps it to) in `E`'s format.
#[must_use]
pub fn json_error<E: ApiError + 'static>(
    error: actix_web::error::JsonPayloadError,
    request: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError;
    let edge = match error {
        JsonPayloadError::ContentType => EdgeError::UnsupportedMediaType,
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            EdgeError::PayloadTooLarge
        }
        _ => EdgeError::BadRequest,
    };
    answer_with::<E>(edge, error, request)
}

/// `QueryConfig`'s error handler: a query string that does not fit is a 400 [`EdgeError`] (or
/// what an [`EdgeMap<E>`] maps it to) in `E`'s format.
#[must_use]
pub fn query_error<E: ApiError + 'static>(
    error: actix_web::error::QueryPayloadError,
    request: &actix_web::HttpRequest,
) -> actix_web::Error {
    answer_with::<E>(EdgeError::BadRequest, error, request)
}

/// `PathConfig`'s error handler: path parameters that do not fit are a 400 [`EdgeError`] (or
/// what an [`EdgeMap<E>`] maps it to) in `E`'s format, where actix-web answers 404.
#[must_use]
pub fn path_error<E: ApiError + 'static>(
    error: actix_web::error::PathError,
    request: &actix_web::HttpRequest,
) -> actix_web::Error {
    answer_with::<E>(EdgeError::BadRequest, error, request)
}

/// The error whose response is `edge` in `E`'s format (mapped by the app's [`EdgeMap<E>`]).
fn answer_with<E: ApiError + 'static>(
    edge: EdgeError,
    cause: impl fmt::Debug + fmt::Display + 'static,
    request: &actix_web::HttpRequest,
) -> actix_web::Error {
    let map = request.app_data::<EdgeMap<E>>();
    let edge_request = map.map(|_| edge_request(request));
    let mapping = map
        .zip(edge_request.as_ref())
        .map(|(map, request)| Mapping {
            map: &*map.0,
            request,
        });
    let response = edge_response::<E>(edge, mapping);
    actix_web::error::InternalError::from_response(cause, response).into()
}

/// The method and URI of an actix-web request (which speaks `http` 0.2) for a mapping.
fn edge_request(request: &actix_web::HttpRequest) -> EdgeRequest {
    let method =
        http::Method::from_bytes(request.method().as_str().as_bytes()).unwrap_or(http::Method::GET);
    let uri = request.uri().to_string().parse().unwrap_or_default();
    EdgeRequest::new(method, uri)
}

/// `response` if it is in the contract; else the edge error of its status, keeping its headers
/// but for those of the body.
fn conform<E: ApiError, B>(
    response: ServiceResponse<B>,
    mapping: Option<Mapping<'_, E>>,
) -> ServiceResponse<EitherBody<B>> {
    if in_contract(response.response()) {
        return response.map_into_left_body();
    }
    let answer = edge_answer::<E, B>(response.response(), mapping);
    response.into_response(answer).map_into_right_body()
}

/// [`conform`] for a response without its request.
fn conform_response<E: ApiError>(
    response: HttpResponse,
    mapping: Option<Mapping<'_, E>>,
) -> HttpResponse {
    if in_contract(&response) {
        return response;
    }
    edge_answer::<E, BoxBody>(&response, mapping)
}

/// Whether a response needs no answer of the edge: a success, or rendered by apifault.
fn in_contract<B>(response: &HttpResponse<B>) -> bool {
    let status = response.status();
    !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<Rendered>().is_some()
}

/// The edge error answering a response outside the contract, with its headers but for those of
/// the body.
fn edge_answer<E: ApiError, B>(
    response: &HttpResponse<B>,
    mapping: Option<Mapping<'_, E>>,
) -> HttpResponse {
    let allow = response
        .headers()
        .get("allow")
        .and_then(|value| value.to_str().ok());
    let status = http::StatusCode::from_u16(response.status().as_u16())
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut answer = edge_response::<E>(EdgeError::from_status(status, allow), mapping);
    for (name, value) in response.headers() {
        let of_the_body = [CONTENT_TYPE, CONTENT_LENGTH];
        if !of_the_body.contains(name) && !answer.headers().contains_key(name) {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

/// The response for an edge failure: the application's own error where the map gives one,
/// else the built-in [`EdgeError`] in `E`'s format.
fn edge_response<E: ApiError>(edge: EdgeError, mapping: Option<Mapping<'_, E>>) -> HttpResponse {
    if let Some(error) = mapping.and_then(|mapping| mapping.apply(&edge)) {
        return error_response(&error, Detail::default());
    }
    let format = E::catalog().default_format();
    let response = with_current_request_id(ErrorResponse::new(edge), format);
    let first = response.first();
    report(first.status(), first.code(), Detail::default());
    rendered(into_actix(edge::http_response(&response, format)))
}

/// Renders in the type's default format; a response that cannot be rendered becomes a 500
/// [`EdgeError`] in the same format, never a broken response.
impl<E: ApiError + fmt::Debug> ResponseError for ErrorResponse<E> {
    fn status_code(&self) -> StatusCode {
        convert_status(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        respond(self, Detail::default())
    }
}

/// `ResponseError::status_code` of a derived type.
pub(crate) fn status_code<E: ApiError + ?Sized>(error: &E) -> StatusCode {
    convert_status(error.status())
}

/// `ResponseError::error_response` of a derived type: a one-error response, logged with
/// `detail` (feature `tracing`).
pub(crate) fn error_response<E: ApiError>(error: &E, detail: Detail<'_>) -> HttpResponse {
    respond(&ErrorResponse::new(error), detail)
}

fn respond<E: ApiError>(response: &ErrorResponse<E>, detail: Detail<'_>) -> HttpResponse {
    let format = E::catalog().default_format();
    let response = with_current_language(with_current_request_id(response.by_ref(), format));
    match response.to_http_response_as(&format) {
        Ok(http) => {
            let first = response.first();
            report(first.status(), first.code(), detail);
            rendered(into_actix(http))
        }
        Err(error) => {
            let failure = Detail {
                debug: detail.debug,
                error: Some(&error),
            };
            let internal = EdgeError::InternalServerError;
            report(internal.status(), internal.code(), failure);
            let edge = with_current_request_id(ErrorResponse::new(internal), format);
            rendered(into_actix(edge::http_response(&edge, format)))
        }
    }
}

/// Marks a response as in the contract, for [`contract`].
fn rendered(mut response: HttpResponse) -> HttpResponse {
    response.extensions_mut().insert(Rendered);
    response
}

/// actix-web 4 speaks `http` 0.2: statuses and headers cross by value.
fn convert_status(status: http::StatusCode) -> StatusCode {
    StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn into_actix(response: http::Response<Vec<u8>>) -> HttpResponse {
    let (parts, body) = response.into_parts();
    let mut builder = HttpResponse::build(convert_status(parts.status));
    for (name, value) in &parts.headers {
        let converted = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        );
        if let (Ok(name), Ok(value)) = converted {
            builder.append_header((name, value));
        }
    }
    builder.body(body)
}
