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

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};

pub use super::request_id::RequestId;
use super::request_id::{Current, with_current_request_id};
use crate::{ApiError, ErrorResponse};

/// The prefix of problem+json's `instance` (such as `kong:trace:`), given as app data:
/// `App::new().app_data(InstancePrefix("kong:trace:"))`.
#[derive(Debug, Clone, Copy)]
pub struct InstancePrefix(pub &'static str);

/// Middleware: `App::new().wrap(actix_web::middleware::from_fn(apifault::actix_web::request_id))`.
///
/// Takes the client's `x-request-id` when it is acceptable (visible ASCII, at most 128 bytes)
/// or makes one, stores it in the request's extensions as a [`RequestId`], puts it into the
/// error bodies rendered while the request is served, and sets the `x-request-id` response
/// header.
///
/// # Errors
///
/// Those of the services it wraps.
pub async fn request_id<B: MessageBody>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .and_then(RequestId::accept)
        .unwrap_or_else(RequestId::generate);
    let prefix = request
        .app_data::<InstancePrefix>()
        .map_or("", |prefix| prefix.0);
    request.extensions_mut().insert(id.clone());
    let mut response = Current::new(id.clone(), prefix)
        .scope(next.call(request))
        .await?;
    // The id is visible ASCII (checked or generated), so it is a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

/// Renders in the type's default format; a response that cannot be rendered becomes a bare
/// `500` problem, never a broken one.
impl<E: ApiError + fmt::Debug> ResponseError for ErrorResponse<E> {
    fn status_code(&self) -> StatusCode {
        convert_status(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        let format = E::catalog().default_format();
        match with_current_request_id(self.by_ref(), format).to_http_response_as(&format) {
            Ok(response) => into_actix(response),
            Err(_) => render_failure(),
        }
    }
}

/// `ResponseError::status_code` of a derived type.
pub fn status_code<E: ApiError + ?Sized>(error: &E) -> StatusCode {
    convert_status(error.status())
}

/// `ResponseError::error_response` of a derived type: a one-error response.
pub fn error_response<E: ApiError>(error: &E) -> HttpResponse {
    let format = E::catalog().default_format();
    match with_current_request_id(ErrorResponse::new(error), format).to_http_response_as(&format) {
        Ok(response) => into_actix(response),
        Err(_) => render_failure(),
    }
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

fn render_failure() -> HttpResponse {
    HttpResponse::InternalServerError()
        .content_type(crate::format::PROBLEM_JSON)
        .body(r#"{"title":"Internal Server Error","status":500,"detail":"Internal Server Error"}"#)
}
