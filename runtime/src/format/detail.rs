//! FastAPI's `{"detail": "..."}` and `{"detail": [{"type","loc","msg","input"}]}`.

use core::fmt;

use serde_json::Value;

use super::{Format, JSON, Separator, write_request_id};
use crate::ApiError;
use crate::json::{RenderError, write_display, write_str, write_value};
use crate::response::ErrorResponse;
use crate::violation::{PathSegment, Rule, Violation};

/// FastAPI's shape, `application/json`.
///
/// - One error without violations: `{"detail":"<message>"}`, as `HTTPException` renders.
/// - Otherwise `detail` is a list, as for FastAPI's 422: each violation becomes
///   `{"type","loc","msg","input","ctx"}` (`type` from [`Rule::fastapi_type`], `loc` the
///   source then the path, `input` when echoed, `ctx` with the rule's bound); an error without
///   violations becomes `{"type":"<code>","loc":[],"msg":"<message>"}`.
/// - FastAPI's shape has no place for extra fields: they are not written (send them as
///   headers). A `request_id` follows `detail`.
///
/// ```
/// use apifault::{ApiError, ErrorResponse, Rule, Source, Violation};
/// use apifault::format::Detail;
///
/// #[derive(Debug, ApiError)]
/// enum ClusterError {
///     #[api(status = 400, message = "Invalid cluster ID format")]
///     InvalidId,
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
/// }
///
/// let mut body = Vec::new();
/// ErrorResponse::new(ClusterError::InvalidId).render_as(&Detail, &mut body).unwrap();
/// assert_eq!(body, br#"{"detail":"Invalid cluster ID format"}"#);
///
/// let violation = Violation::new("timeframe", "Input should be a valid integer, unable to parse string as an integer")
///     .with_rule(Rule::Other("int_parsing".into()))
///     .with_source(Source::Query)
///     .with_input("abc");
/// body.clear();
/// ErrorResponse::new(ClusterError::Validation(vec![violation])).render_as(&Detail, &mut body).unwrap();
/// assert_eq!(
///     String::from_utf8(body).unwrap(),
///     r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Detail;

impl Format for Detail {
    fn content_type(&self) -> &'static str {
        JSON
    }

    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        out.extend_from_slice(b"{\"detail\":");
        match response.errors() {
            [single] if single.violations().is_empty() => {
                response.write_message_json(single, out)?;
            }
            errors => {
                out.push(b'[');
                let mut separator = Separator::new();
                for error in errors {
                    let violations = error.violations();
                    if violations.is_empty() {
                        separator.next(out);
                        out.extend_from_slice(b"{\"type\":");
                        write_str(out, error.code());
                        out.extend_from_slice(b",\"loc\":[],\"msg\":");
                        response.write_message_json(error, out)?;
                        out.push(b'}');
                    }
                    for violation in violations {
                        separator.next(out);
                        write_item(violation, out)?;
                    }
                }
                out.push(b']');
            }
        }
        write_request_id(response, out);
        out.push(b'}');
        Ok(())
    }
}

/// One validation item, members in FastAPI's order.
fn write_item(violation: &Violation, out: &mut Vec<u8>) -> Result<(), RenderError> {
    out.extend_from_slice(b"{\"type\":");
    write_str(out, violation.fastapi_type());
    out.extend_from_slice(b",\"loc\":[");
    let mut separator = Separator::new();
    if let Some(source) = violation.source() {
        separator.next(out);
        write_str(out, source.as_str());
    }
    for segment in violation.path().segments() {
        separator.next(out);
        match segment {
            PathSegment::Key(key) => write_str(out, key),
            PathSegment::Index(index) => write_value(out, index)?,
        }
    }
    out.extend_from_slice(b"],\"msg\":");
    write_str(out, violation.reason());
    if let Some(input) = violation.input() {
        out.extend_from_slice(b",\"input\":");
        write_value(out, input)?;
    }
    write_ctx(violation, out)?;
    out.push(b'}');
    Ok(())
}

/// Pydantic's `ctx` for rules with a bound: `{"ge":1}`, `{"min_length":1}`, for lists
/// `{"field_type":"List","min_length":1,"actual_length":0}` (the length from the echoed input).
fn write_ctx(violation: &Violation, out: &mut Vec<u8>) -> Result<(), RenderError> {
    let Some(rule) = violation.rule() else {
        return Ok(());
    };
    let list_length = match violation.input() {
        Some(Value::Array(items)) => Some(items.len()),
        _ => None,
    };
    let shorter = violation.fastapi_type().ends_with("too_short");
    let (key, value): (&[u8], Bound) = match rule {
        Rule::MinLength(n) => (b"min_length", Bound::Unsigned(*n)),
        Rule::ExactLength(n) if shorter => (b"min_length", Bound::Unsigned(*n)),
        Rule::MaxLength(n) | Rule::ExactLength(n) => (b"max_length", Bound::Unsigned(*n)),
        Rule::MinItems(n) => (b"min_length", Bound::Items(*n, list_length)),
        Rule::ExactItems(n) if shorter => (b"min_length", Bound::Items(*n, list_length)),
        Rule::MaxItems(n) | Rule::ExactItems(n) => (b"max_length", Bound::Items(*n, list_length)),
        Rule::Min(n) => (b"ge", Bound::Number(n)),
        Rule::Max(n) => (b"le", Bound::Number(n)),
        Rule::GreaterThan(n) => (b"gt", Bound::Number(n)),
        Rule::LessThan(n) => (b"lt", Bound::Number(n)),
        Rule::Enum(choices) => (b"expected", Bound::Expected(choices)),
        _ => return Ok(()),
    };
    out.extend_from_slice(b",\"ctx\":{");
    if let Bound::Items(..) = value {
        out.extend_from_slice(b"\"field_type\":\"List\",");
    }
    out.push(b'"');
    out.extend_from_slice(key);
    out.extend_from_slice(b"\":");
    match value {
        Bound::Unsigned(n) => write_value(out, &n)?,
        Bound::Items(n, actual) => {
            write_value(out, &n)?;
            if let Some(actual) = actual {
                out.extend_from_slice(b",\"actual_length\":");
                write_value(out, &actual)?;
            }
        }
        Bound::Number(n) => write_value(out, n)?,
        Bound::Expected(choices) => write_display(out, &Expected(choices))?,
    }
    out.push(b'}');
    Ok(())
}

enum Bound<'a> {
    Unsigned(u64),
    /// A list's bound, and its actual length when the input was echoed.
    Items(u64, Option<usize>),
    Number(&'a serde_json::Number),
    Expected(&'a [Value]),
}

/// Pydantic's list of choices, `'a', 'b' or 'c'`.
pub(crate) fn expected(choices: &[Value]) -> String {
    Expected(choices).to_string()
}

/// Pydantic's list of expected values: `'a', 'b' or 'c'`.
struct Expected<'a>(&'a [Value]);

impl fmt::Display for Expected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.0.len().saturating_sub(1);
        for (i, choice) in self.0.iter().enumerate() {
            match i {
                0 => {}
                i if i == last => f.write_str(" or ")?,
                _ => f.write_str(", ")?,
            }
            match choice {
                Value::String(text) => write!(f, "'{text}'")?,
                other => write!(f, "{other}")?,
            }
        }
        Ok(())
    }
}

/// Pydantic's message for a rule Pydantic has (`String should have at least 1 character`,
/// `Input should be greater than 0`, `List should have at most 3 items after validation, not
/// 4`), given the length of the offending value where the wording needs it; `None` for a rule
/// Pydantic has no message for. The one place rules are worded; the extractors (type problems)
/// and the validator and garde mappings (rule violations) use it, so that every item of one
/// response reads alike and the `detail` format is FastAPI's byte for byte.
pub(crate) fn pydantic_message(rule: &Rule, length: Option<u64>) -> Option<String> {
    let plural = |n: u64, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let list = |side: &str, n: u64| match length {
        Some(actual) => format!(
            "List should have {side} {} after validation, not {actual}",
            plural(n, "item")
        ),
        None => format!(
            "List should have {side} {} after validation",
            plural(n, "item")
        ),
    };
    let shorter = |n: u64| length.is_some_and(|actual| actual < n);
    Some(match rule {
        Rule::Required => "Field required".to_owned(),
        Rule::MinLength(n) => format!("String should have at least {}", plural(*n, "character")),
        Rule::ExactLength(n) if shorter(*n) => {
            format!("String should have at least {}", plural(*n, "character"))
        }
        Rule::MaxLength(n) | Rule::ExactLength(n) => {
            format!("String should have at most {}", plural(*n, "character"))
        }
        Rule::MinItems(n) => list("at least", *n),
        Rule::ExactItems(n) if shorter(*n) => list("at least", *n),
        Rule::MaxItems(n) | Rule::ExactItems(n) => list("at most", *n),
        Rule::Min(n) => format!("Input should be greater than or equal to {}", Number(n)),
        Rule::Max(n) => format!("Input should be less than or equal to {}", Number(n)),
        Rule::GreaterThan(n) => format!("Input should be greater than {}", Number(n)),
        Rule::LessThan(n) => format!("Input should be less than {}", Number(n)),
        Rule::Enum(choices) => format!("Input should be {}", Expected(choices)),
        _ => return None,
    })
}

/// A bound as Pydantic writes it in a message: integers as they are, floats as Rust writes an
/// `f64` (pydantic-core is Rust): `0.0` is `0`, `1000.0` is `1000`, `0.5` is `0.5`. (`ctx`
/// keeps the number as JSON has it: `0.0`.)
struct Number<'a>(&'a serde_json::Number);

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_f64() {
            match self.0.as_f64() {
                Some(float) => write!(f, "{float}"),
                None => write!(f, "{}", self.0),
            }
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pydantic_wording_of_rules() {
        let message = |rule: Rule, length: Option<u64>| pydantic_message(&rule, length).unwrap();
        assert_eq!(
            message(Rule::MinLength(1), None),
            "String should have at least 1 character"
        );
        assert_eq!(
            message(Rule::MaxLength(8), None),
            "String should have at most 8 characters"
        );
        assert_eq!(
            message(Rule::ExactLength(13), Some(12)),
            "String should have at least 13 characters"
        );
        assert_eq!(
            message(Rule::ExactLength(13), Some(14)),
            "String should have at most 13 characters"
        );
        assert_eq!(
            message(Rule::MinItems(1), Some(0)),
            "List should have at least 1 item after validation, not 0"
        );
        assert_eq!(
            message(Rule::MaxItems(3), Some(4)),
            "List should have at most 3 items after validation, not 4"
        );
        assert_eq!(
            message(Rule::ExactItems(2), Some(1)),
            "List should have at least 2 items after validation, not 1"
        );
        assert_eq!(
            message(
                Rule::GreaterThan(serde_json::Number::from_f64(0.0).unwrap()),
                None
            ),
            "Input should be greater than 0"
        );
        assert_eq!(
            message(
                Rule::LessThan(serde_json::Number::from_f64(0.5).unwrap()),
                None
            ),
            "Input should be less than 0.5"
        );
        assert_eq!(
            message(
                Rule::Max(serde_json::Number::from_f64(1000.0).unwrap()),
                None
            ),
            "Input should be less than or equal to 1000"
        );
        assert_eq!(
            message(Rule::Min(1.into()), None),
            "Input should be greater than or equal to 1"
        );
        assert_eq!(message(Rule::Required, None), "Field required");
        assert_eq!(pydantic_message(&Rule::Other("email".into()), None), None);
    }
}
