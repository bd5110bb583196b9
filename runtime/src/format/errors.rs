//! commercetools' error response:
//! `{"statusCode":409,"message":"...","errors":[{"code":"...","message":"...",...}]}`.

use super::{Format, JSON, Separator, write_field, write_members, write_request_id, write_status};
use crate::ApiError;
use crate::json::{RenderError, write_str};
use crate::response::ErrorResponse;

/// The commercetools (Connect API) shape, `application/json`.
///
/// - `statusCode` is the HTTP status; `message` is the first error object's message.
/// - Each error is one object in `errors`: `code`, `message`, then its extra fields.
/// - A variant with violations gives one object per violation instead: the variant's `code`,
///   the violation's reason as `message`, its path as `field`, then the extra fields.
/// - A `request_id` follows `errors`.
///
/// ```
/// use apifault::{ApiError, ErrorResponse};
/// use apifault::format::Errors;
///
/// #[derive(Debug, ApiError)]
/// #[api(rename_all = "camelCase")]
/// enum ConnectError {
///     #[api(status = 400, code = "InvalidJsonInput", message = "{message}")]
///     InvalidJsonInput { #[api(skip)] message: String, detailed_error_message: String },
/// }
///
/// let errors = ["First error message.", "Second error message."].map(|message| {
///     ConnectError::InvalidJsonInput { message: message.into(), detailed_error_message: String::new() }
/// });
/// let mut body = Vec::new();
/// ErrorResponse::from_errors(errors).unwrap().render_as(&Errors, &mut body).unwrap();
/// assert_eq!(
///     String::from_utf8(body).unwrap(),
///     r#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"InvalidJsonInput","message":"Second error message.","detailedErrorMessage":""}]}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Errors;

impl Format for Errors {
    fn content_type(&self) -> &'static str {
        JSON
    }

    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        let first = response.first();
        out.extend_from_slice(b"{\"statusCode\":");
        write_status(out, response.status());
        out.extend_from_slice(b",\"message\":");
        // The top-level message is the first error object's: it is formatted and escaped once,
        // and its bytes copied into that object.
        let first_message = out.len();
        match first.violations().first() {
            Some(violation) => write_str(out, violation.reason()),
            None => response.write_message_json(first, out)?,
        }
        let first_message = first_message..out.len();
        out.extend_from_slice(b",\"errors\":[");
        let mut separator = Separator::new();
        for (index, error) in response.errors().iter().enumerate() {
            let violations = error.violations();
            if violations.is_empty() {
                separator.next(out);
                out.extend_from_slice(b"{\"code\":");
                write_str(out, error.code());
                out.extend_from_slice(b",\"message\":");
                if index == 0 {
                    out.extend_from_within(first_message.clone());
                } else {
                    response.write_message_json(error, out)?;
                }
                write_members(error, out)?;
                out.push(b'}');
            }
            for violation in violations {
                separator.next(out);
                out.extend_from_slice(b"{\"code\":");
                write_str(out, error.code());
                out.extend_from_slice(b",\"message\":");
                write_str(out, violation.reason());
                out.extend_from_slice(b",\"field\":");
                write_field(violation, out)?;
                write_members(error, out)?;
                out.push(b'}');
            }
        }
        out.push(b']');
        write_request_id(response, out);
        out.push(b'}');
        Ok(())
    }
}
