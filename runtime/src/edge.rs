//! The edge: the failures a framework produces around the handlers (unknown route, wrong
//! method, body too large, unsupported media type, timeout, panic, a body that cannot be
//! rendered), as built-in errors in the API's own format.
//!
//! [`EdgeError`] is an ordinary derived error type: it has a status, a code and a message per
//! variant, a catalog and (with the features) OpenAPI responses and a client decoder. The
//! framework integrations (`apifault::axum::Contract`, `apifault::actix_web::contract`) answer
//! every such failure with it, rendered in the format of the application's error type; the
//! application can map any of them to its own variants instead.
//!
//! | failure | status | code |
//! |---|---|---|
//! | malformed request (a framework rejection without details) | 400 | `BadRequest` |
//! | missing or refused credentials (from a middleware) | 401 | `Unauthorized` |
//! | forbidden (from a middleware) | 403 | `Forbidden` |
//! | unknown route | 404 | `NotFound` |
//! | wrong method, with `Allow` | 405 | `MethodNotAllowed` |
//! | no acceptable representation | 406 | `NotAcceptable` |
//! | request timeout (tower-http's `TimeoutLayer`, default) | 408 | `RequestTimeout` |
//! | a body without a length where one is needed | 411 | `LengthRequired` |
//! | body too large | 413 | `PayloadTooLarge` |
//! | URI too long | 414 | `UriTooLong` |
//! | missing or wrong `Content-Type` | 415 | `UnsupportedMediaType` |
//! | too many requests (from a middleware), `Retry-After` kept | 429 | `TooManyRequests` |
//! | request headers too large | 431 | `HeaderFieldsTooLarge` |
//! | handler panic, a body that cannot be rendered, any other 5xx | 500 | `InternalServerError` |
//! | not implemented | 501 | `NotImplemented` |
//! | bad gateway | 502 | `BadGateway` |
//! | service unavailable (a `TimeoutLayer` with 503, load shedding) | 503 | `ServiceUnavailable` |
//! | gateway timeout (a `TimeoutLayer` with 504) | 504 | `GatewayTimeout` |
//! | any other 4xx | 400 | `BadRequest` |
//!
//! ```
//! use apifault::edge::EdgeError;
//! use apifault::{ApiError, BuiltinFormat, ErrorResponse};
//!
//! let error = EdgeError::from_status(http::StatusCode::METHOD_NOT_ALLOWED, Some("GET, HEAD"));
//! assert_eq!(error.code(), "MethodNotAllowed");
//!
//! let response = ErrorResponse::new(error).to_http_response_as(&BuiltinFormat::Errors).unwrap();
//! assert_eq!(response.status(), 405);
//! assert_eq!(response.headers()["allow"], "GET, HEAD");
//! assert_eq!(
//!     String::from_utf8(response.into_body()).unwrap(),
//!     r#"{"statusCode":405,"message":"The method is not allowed on this route.","errors":[{"code":"MethodNotAllowed","message":"The method is not allowed on this route."}]}"#
//! );
//! ```

use http::StatusCode;

use crate::ApiError;
use crate::catalog::Catalog;
use crate::format::BuiltinFormat;
#[cfg(test)]
use crate::format::Format as _;
#[cfg(any(feature = "axum", feature = "actix-web", test))]
use crate::response::ErrorResponse;

/// A failure produced by the framework or a middleware rather than by a handler. See the
/// [module docs](self) for when each is used.
#[derive(Debug, Clone, PartialEq, Eq, ApiError)]
#[api(display)]
#[non_exhaustive]
pub enum EdgeError {
    /// The request is malformed in a way the framework found before any handler ran.
    #[api(status = 400, message = "The request is malformed.")]
    BadRequest,
    /// A middleware refused the request's credentials, or found none.
    #[api(status = 401, message = "The request lacks valid credentials.")]
    Unauthorized,
    /// A middleware refused the request.
    #[api(status = 403, message = "The request is not allowed.")]
    Forbidden,
    /// No route matches the request's path.
    #[api(status = 404, message = "No route matches the request's path.")]
    NotFound,
    /// The route exists, but not for the request's method.
    #[api(status = 405, message = "The method is not allowed on this route.")]
    MethodNotAllowed {
        /// The methods the route takes (the `Allow` header); absent when unknown.
        #[api(header = "Allow")]
        allow: Option<String>,
    },
    /// No representation the client accepts can be produced.
    #[api(
        status = 406,
        message = "No acceptable representation can be produced."
    )]
    NotAcceptable,
    /// The request was not completed in time.
    #[api(status = 408, message = "The request took too long.")]
    RequestTimeout,
    /// The request needs a `Content-Length`.
    #[api(status = 411, message = "The request needs a Content-Length.")]
    LengthRequired,
    /// The request body is larger than the server accepts.
    #[api(status = 413, message = "The request body is too large.")]
    PayloadTooLarge,
    /// The request URI is longer than the server accepts.
    #[api(status = 414, message = "The request URI is too long.")]
    UriTooLong,
    /// The request's `Content-Type` is missing or not one the route accepts.
    #[api(
        status = 415,
        message = "The request's Content-Type is missing or not supported."
    )]
    UnsupportedMediaType,
    /// A middleware limits the request rate.
    #[api(status = 429, message = "Too many requests.")]
    TooManyRequests,
    /// The request's headers are larger than the server accepts.
    #[api(status = 431, message = "The request's headers are too large.")]
    HeaderFieldsTooLarge,
    /// A handler panicked, a response could not be rendered, or another server failure.
    #[api(status = 500)]
    InternalServerError,
    /// The server does not implement what the request asks for.
    #[api(status = 501)]
    NotImplemented,
    /// An upstream service failed.
    #[api(status = 502)]
    BadGateway,
    /// The server cannot serve the request now (a `TimeoutLayer` answering 503, say).
    #[api(status = 503)]
    ServiceUnavailable,
    /// An upstream service did not answer in time (a `TimeoutLayer` answering 504, say).
    #[api(status = 504)]
    GatewayTimeout,
}

impl EdgeError {
    /// The built-in error for a response that the framework or a middleware produced with
    /// `status`, outside the API's contract; `allow` is the `Allow` header of a 405.
    #[must_use]
    pub fn from_status(status: StatusCode, allow: Option<&str>) -> Self {
        match status.as_u16() {
            401 => EdgeError::Unauthorized,
            403 => EdgeError::Forbidden,
            404 => EdgeError::NotFound,
            405 => EdgeError::MethodNotAllowed {
                allow: allow.map(str::to_owned),
            },
            406 => EdgeError::NotAcceptable,
            408 => EdgeError::RequestTimeout,
            411 => EdgeError::LengthRequired,
            413 => EdgeError::PayloadTooLarge,
            414 => EdgeError::UriTooLong,
            415 => EdgeError::UnsupportedMediaType,
            429 => EdgeError::TooManyRequests,
            431 => EdgeError::HeaderFieldsTooLarge,
            501 => EdgeError::NotImplemented,
            502 => EdgeError::BadGateway,
            503 => EdgeError::ServiceUnavailable,
            504 => EdgeError::GatewayTimeout,
            500..=599 => EdgeError::InternalServerError,
            _ => EdgeError::BadRequest,
        }
    }

    /// The catalog of the edge's errors as an API of `format` sends them: for its error
    /// reference and OpenAPI document, beside the application's own catalog.
    ///
    /// ```
    /// use apifault::edge::EdgeError;
    /// use apifault::BuiltinFormat;
    ///
    /// let catalog = EdgeError::catalog_as(BuiltinFormat::Detail);
    /// assert_eq!(catalog.default_format(), BuiltinFormat::Detail);
    /// assert!(catalog.find("PayloadTooLarge").is_some());
    /// ```
    #[must_use]
    pub fn catalog_as(format: BuiltinFormat) -> Catalog {
        Catalog {
            default_format: format,
            ..EdgeError::catalog()
        }
    }
}

/// The request an edge failure answers: what an application's mapping may word its own
/// error with (KonPro says "Method DELETE is not allowed on /v1/widgets", say).
#[derive(Debug, Clone)]
pub struct EdgeRequest {
    method: http::Method,
    uri: http::Uri,
}

impl EdgeRequest {
    /// The request of this method and URI.
    #[must_use]
    pub fn new(method: http::Method, uri: http::Uri) -> Self {
        EdgeRequest { method, uri }
    }

    /// The request's method.
    #[must_use]
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The request's URI as it was sent.
    #[must_use]
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The request's path.
    #[must_use]
    pub fn path(&self) -> &str {
        self.uri.path()
    }
}

/// The application's choice of its own error for an edge failure (`None`: the built-in one).
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) type MapEdge<E> = dyn Fn(&EdgeError, &EdgeRequest) -> Option<E> + Send + Sync;

/// An application's mapping with the request it applies to.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) struct Mapping<'a, E> {
    pub(crate) map: &'a MapEdge<E>,
    pub(crate) request: &'a EdgeRequest,
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl<E> Mapping<'_, E> {
    /// The application's own error for `edge`, if it has one.
    pub(crate) fn apply(&self, edge: &EdgeError) -> Option<E> {
        (self.map)(edge, self.request)
    }
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl<E> Clone for Mapping<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl<E> Copy for Mapping<'_, E> {}

/// Marks a response rendered by apifault (in the API's format), which the edge passes on as
/// it is; a response without it is the framework's, and the edge answers it instead.
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rendered;

/// An edge error's whole HTTP response in `format`. Only a header value can make it fail (an
/// `Allow` with a control character, which no framework sends); then it is a 500 edge error,
/// which has nothing that can fail.
#[cfg(any(feature = "axum", feature = "actix-web", test))]
pub(crate) fn http_response(
    response: &ErrorResponse<EdgeError>,
    format: BuiltinFormat,
) -> http::Response<Vec<u8>> {
    response.to_http_response_as(&format).unwrap_or_else(|_| {
        ErrorResponse::new(EdgeError::InternalServerError)
            .to_http_response_as(&format)
            .unwrap_or_else(|_| {
                let mut fallback = http::Response::new(Vec::new());
                *fallback.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                fallback
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every status maps to an edge error of that status, or of its class's generic one.
    #[test]
    fn every_error_status_has_an_edge_error() {
        for code in 400..=599u16 {
            let status = StatusCode::from_u16(code).unwrap();
            let error = EdgeError::from_status(status, None);
            let expected = if error.status() == status {
                status
            } else if status.is_server_error() {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::BAD_REQUEST
            };
            assert_eq!(error.status(), expected, "{code}");
        }
    }

    #[test]
    fn renders_in_every_format() {
        for format in BuiltinFormat::ALL {
            for error in [
                EdgeError::InternalServerError,
                EdgeError::MethodNotAllowed {
                    allow: Some("GET\r\nX: y".into()),
                },
            ] {
                let response = http_response(&ErrorResponse::new(error), format);
                assert!(response.status().is_client_error() || response.status().is_server_error());
                assert_eq!(response.headers()["content-type"], format.content_type());
                let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
                assert!(body.is_object(), "{format}: {body}");
            }
        }
    }
}
