//! KonPro's envelope: `{"error":{"code":"...","message":"...","details":{...}},"request_id":"..."}`.

use super::{Format, JSON, open_field_reason, write_array, write_members, write_request_id};
use crate::ApiError;
use crate::json::{RenderError, write_str};
use crate::response::ErrorResponse;
use crate::violation::Violation;

/// The `{"error":{...},"request_id":"..."}` envelope, `application/json`.
///
/// - `error` holds `code`, `message`, the variant's extra fields, then `details`.
/// - `details` lists the violations, each `{"field","reason"}` (and `rule` when known): a
///   single violation as an object, as KonPro documents it, several as an array. With
///   [`Envelope::details_always_array`] it is always an array (the shape of Kubeadapt's newer
///   envelope). Without violations, `details` is omitted.
/// - With several errors, the first is `error` and the others follow in an `errors` array of
///   the same objects.
/// - `request_id` comes last, when the response has one.
///
/// ```
/// use apifault::{ApiError, ErrorResponse, Violation};
/// use apifault::format::Envelope;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400, code = "INVALID_REQUEST", message = "The request body is invalid")]
/// struct InvalidRequest {
///     #[api(violations)]
///     details: Vec<Violation>,
/// }
///
/// let error = InvalidRequest { details: vec![Violation::new("avatar_id", "Avatar ID is required")] };
/// let mut body = Vec::new();
/// ErrorResponse::new(error).with_request_id("req-123456").render_as(&Envelope::default(), &mut body).unwrap();
/// assert_eq!(
///     String::from_utf8(body).unwrap(),
///     r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Avatar ID is required"}},"request_id":"req-123456"}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Envelope {
    details_always_array: bool,
}

impl Envelope {
    /// Renders `details` as an array even for a single violation.
    #[must_use]
    pub fn details_always_array() -> Self {
        Envelope {
            details_always_array: true,
        }
    }
}

impl Format for Envelope {
    fn content_type(&self) -> &'static str {
        JSON
    }

    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        out.extend_from_slice(b"{\"error\":");
        self.write_error(response, response.first(), out)?;
        let rest = response.errors().get(1..).unwrap_or_default();
        if !rest.is_empty() {
            out.extend_from_slice(b",\"errors\":");
            write_array(out, rest, |error, out| {
                self.write_error(response, error, out)
            })?;
        }
        write_request_id(response, out);
        out.push(b'}');
        Ok(())
    }
}

impl Envelope {
    fn write_error<E: ApiError>(
        self,
        response: &ErrorResponse<E>,
        error: &E,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        out.extend_from_slice(b"{\"code\":");
        write_str(out, error.code());
        out.extend_from_slice(b",\"message\":");
        response.write_message_json(error, out)?;
        write_members(error, out)?;
        match error.violations() {
            [] => {}
            [single] if !self.details_always_array => {
                out.extend_from_slice(b",\"details\":");
                write_detail(single, out)?;
            }
            violations => {
                out.extend_from_slice(b",\"details\":");
                write_array(out, violations, write_detail)?;
            }
        }
        out.push(b'}');
        Ok(())
    }
}

fn write_detail(violation: &Violation, out: &mut Vec<u8>) -> Result<(), RenderError> {
    open_field_reason(violation, false, out)?;
    out.push(b'}');
    Ok(())
}
