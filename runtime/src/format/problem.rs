//! RFC 9457 problem details, as Kong Konnect profiles them:
//! `{"type","title","status","detail","instance", extensions..., "invalid_parameters":[...]}`.

use serde_json::Value;

use super::{
    Format, PROBLEM_JSON, open_field_reason, write_array, write_members, write_request_id,
    write_status,
};
use crate::ApiError;
use crate::json::{RenderError, write_str, write_value};
use crate::response::ErrorResponse;
use crate::violation::{Rule, Violation};

/// RFC 9457 `application/problem+json`.
///
/// - Members in the order `type`, `title`, `status`, `detail`, `instance`, then `request_id`
///   (when given), the variant's extra fields, and `invalid_parameters`. `type` is omitted for
///   `about:blank` (no `type` key and no `type_base`), and then `title` is the reason phrase.
/// - Violations become Konnect's `invalid_parameters` items: `field`, `reason`, then `rule`
///   with its bound (`minimum`, `maximum`, `choices` or `dependents`) and `source`.
/// - With several errors, the first is the problem and the others follow in an `errors`
///   extension array (RFC 9457 section 3), each with `type`, `title`, `status`, `detail`, its
///   extra fields and `invalid_parameters`.
///
/// ```
/// use apifault::{ApiError, ErrorResponse, Rule, Source, Violation};
/// use apifault::format::Problem;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400, message = "Request cannot be empty")]
/// struct BadRequest {
///     #[api(violations)]
///     invalid_parameters: Vec<Violation>,
/// }
///
/// let error = BadRequest { invalid_parameters: vec![Violation::new("name", "cannot be blank")] };
/// let mut body = Vec::new();
/// ErrorResponse::new(error)
///     .with_instance("konnect:trace:6644808935508571943")
///     .render_as(&Problem, &mut body)
///     .unwrap();
/// assert_eq!(
///     String::from_utf8(body).unwrap(),
///     r#"{"title":"Bad Request","status":400,"detail":"Request cannot be empty","instance":"konnect:trace:6644808935508571943","invalid_parameters":[{"field":"name","reason":"cannot be blank"}]}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Problem;

impl Format for Problem {
    fn content_type(&self) -> &'static str {
        PROBLEM_JSON
    }

    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        let first = response.first();
        write_problem_head(response, first, out)?;
        if let Some(instance) = response.instance() {
            out.extend_from_slice(b",\"instance\":");
            write_str(out, instance);
        }
        write_request_id(response, out);
        write_problem_tail(first, out)?;
        if let [_, rest @ ..] = response.errors() {
            if !rest.is_empty() {
                out.extend_from_slice(b",\"errors\":");
                write_array(out, rest, |error, out| {
                    write_problem_head(response, error, out)?;
                    write_problem_tail(error, out)?;
                    out.push(b'}');
                    Ok(())
                })?;
            }
        }
        out.push(b'}');
        Ok(())
    }
}

/// `{"type":...,"title":...,"status":...,"detail":...`
fn write_problem_head<E: ApiError>(
    response: &ErrorResponse<E>,
    error: &E,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    out.push(b'{');
    if let Some(type_uri) = error.type_uri() {
        out.extend_from_slice(b"\"type\":");
        write_str(out, type_uri);
        out.push(b',');
    }
    out.extend_from_slice(b"\"title\":");
    write_str(out, response.title(error));
    out.extend_from_slice(b",\"status\":");
    write_status(out, error.status());
    out.extend_from_slice(b",\"detail\":");
    response.write_message_json(error, out)
}

/// The extra fields and `invalid_parameters`.
fn write_problem_tail<E: ApiError>(error: &E, out: &mut Vec<u8>) -> Result<(), RenderError> {
    write_members(error, out)?;
    let violations = error.violations();
    if !violations.is_empty() {
        out.extend_from_slice(b",\"invalid_parameters\":");
        write_array(out, violations, write_invalid_parameter)?;
    }
    Ok(())
}

/// One Konnect `invalid_parameters` item.
fn write_invalid_parameter(violation: &Violation, out: &mut Vec<u8>) -> Result<(), RenderError> {
    open_field_reason(violation, true, out)?;
    if let Some(rule) = violation.rule() {
        match rule {
            Rule::MinLength(bound) | Rule::MinItems(bound) => {
                out.extend_from_slice(b",\"minimum\":");
                write_value(out, bound)?;
            }
            Rule::MaxLength(bound) | Rule::MaxItems(bound) => {
                out.extend_from_slice(b",\"maximum\":");
                write_value(out, bound)?;
            }
            Rule::Min(number) => {
                out.extend_from_slice(b",\"minimum\":");
                write_value(out, number)?;
            }
            Rule::Max(number) => {
                out.extend_from_slice(b",\"maximum\":");
                write_value(out, number)?;
            }
            Rule::Enum(choices) => {
                out.extend_from_slice(b",\"choices\":");
                write_value::<[Value]>(out, choices)?;
            }
            Rule::DependentFields(dependents) => {
                out.extend_from_slice(b",\"dependents\":");
                write_value(out, dependents)?;
            }
            _ => {}
        }
    }
    if let Some(source) = violation.source() {
        out.extend_from_slice(b",\"source\":");
        write_str(out, source.as_str());
    }
    out.push(b'}');
    Ok(())
}
