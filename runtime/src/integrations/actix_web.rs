//! actix-web: [`ErrorResponse`] is a `ResponseError`, and so is every derived type that is
//! also `Display` (with thiserror or `#[api(display)]`), so handlers return
//! `Result<T, YourError>` and `?` works.
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

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::{ApiError, ErrorResponse};

/// Renders in the type's default format; a response that cannot be rendered becomes a bare
/// `500` problem, never a broken one.
impl<E: ApiError + fmt::Debug> ResponseError for ErrorResponse<E> {
    fn status_code(&self) -> StatusCode {
        convert_status(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        match self.to_http_response() {
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
    match ErrorResponse::new(error).to_http_response() {
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
