//! Wire formats: how an [`ErrorResponse`] becomes bytes.
//!
//! Four built-in formats reproduce real APIs byte for byte: [`Errors`] (commercetools),
//! [`Problem`] (RFC 9457 problem+json, Kong Konnect's profile), [`Envelope`] (KonPro's
//! `{"error":{...},"request_id"}`) and [`Detail`] (FastAPI). A custom format is any type that
//! implements [`Format`]; the helpers in [`json`](crate::json) and the per-error methods of
//! [`ApiError`] (`write_members`, `violations`) are its building blocks.
//!
//! Rules shared by the built-in formats:
//! - compact JSON, members in the documented order, absent members omitted;
//! - the HTTP status, and `statusCode`/`status` in the body, is the first error's;
//! - a `request_id` given to the response is written (as `request_id`, last at the top level,
//!   or where the format has a place for it); `instance` is a problem+json member only.

pub(crate) mod builtin;
pub(crate) mod detail;
mod envelope;
mod errors;
mod problem;

use core::fmt;
use core::str::FromStr;

pub use self::detail::Detail;
pub use self::envelope::Envelope;
pub use self::errors::Errors;
pub use self::problem::Problem;

use crate::ApiError;
use crate::json::{JsonObject, RenderError, write_display, write_str};
use crate::response::ErrorResponse;
use crate::violation::Violation;

/// `application/json`.
pub const JSON: &str = builtin::JSON;
/// `application/problem+json` (RFC 9457).
pub const PROBLEM_JSON: &str = builtin::PROBLEM_JSON;

/// A wire format: renders a response's errors as one body.
///
/// # Examples
///
/// A Google AIP-193 style format, `{"error":{"code","message","status"}}`:
///
/// ```
/// use apifault::format::{Format, JSON};
/// use apifault::json::{write_str, JsonObject, RenderError};
/// use apifault::{ApiError, ErrorResponse};
///
/// struct Aip193;
///
/// impl Format for Aip193 {
///     fn content_type(&self) -> &'static str {
///         JSON
///     }
///
///     fn render<E: ApiError>(&self, response: &ErrorResponse<E>, out: &mut Vec<u8>) -> Result<(), RenderError> {
///         let error = response.first();
///         out.extend_from_slice(b"{\"error\":{\"code\":");
///         out.extend_from_slice(error.status().as_str().as_bytes());
///         out.extend_from_slice(b",\"message\":");
///         response.write_message_json(error, out)?; // the message, in the response's locale
///         out.extend_from_slice(b",\"status\":");
///         write_str(out, error.code());
///         error.write_members(&mut JsonObject::continuing(out))?;
///         out.extend_from_slice(b"}}");
///         Ok(())
///     }
/// }
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 409, code = "ALREADY_EXISTS", message = "Resource already exists")]
/// struct AlreadyExists;
///
/// let mut body = Vec::new();
/// ErrorResponse::new(AlreadyExists).render_as(&Aip193, &mut body).unwrap();
/// assert_eq!(body, br#"{"error":{"code":409,"message":"Resource already exists","status":"ALREADY_EXISTS"}}"#);
/// ```
pub trait Format {
    /// The `Content-Type` of the bodies this format writes.
    fn content_type(&self) -> &'static str;

    /// Appends the body for `response` to `out`.
    ///
    /// # Errors
    ///
    /// When a field's `Serialize` or a message's `Display` fails.
    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError>;
}

/// One of the built-in formats, chosen by name (`#[api(format = "...")]`, configuration) or at
/// run time.
///
/// ```
/// use apifault::format::BuiltinFormat;
///
/// let format: BuiltinFormat = "problem".parse().unwrap();
/// assert_eq!(format, BuiltinFormat::Problem);
/// assert_eq!(format.name(), "problem");
/// let unknown = "xml".parse::<BuiltinFormat>().unwrap_err();
/// assert_eq!(unknown.name(), "xml");
/// assert_eq!(
///     unknown.to_string(),
///     "unknown format `xml`; the built-in formats are errors, problem, envelope and detail"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuiltinFormat {
    /// [`Errors`]
    Errors,
    /// [`Problem`]
    Problem,
    /// [`Envelope`] with its default settings
    Envelope,
    /// [`Detail`]
    Detail,
}

impl BuiltinFormat {
    /// Every built-in format.
    pub const ALL: [BuiltinFormat; 4] = [
        BuiltinFormat::Errors,
        BuiltinFormat::Problem,
        BuiltinFormat::Envelope,
        BuiltinFormat::Detail,
    ];

    /// The name used in `#[api(format = "...")]`.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.description().name
    }

    /// What the format is, from the one description the derive reads too.
    pub(crate) fn description(self) -> &'static builtin::Description {
        &builtin::ALL[self as usize]
    }
}

impl fmt::Display for BuiltinFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not one of `errors`, `problem`, `envelope`, `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat {
    name: String,
}

impl UnknownFormat {
    /// The name that was given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format `{}`; the built-in formats are ",
            self.name
        )?;
        for (at, format) in BuiltinFormat::ALL.iter().enumerate() {
            let separator = match at {
                0 => "",
                _ if at + 1 == BuiltinFormat::ALL.len() => " and ",
                _ => ", ",
            };
            write!(f, "{separator}{}", format.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for BuiltinFormat {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        BuiltinFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| UnknownFormat {
                name: name.to_owned(),
            })
    }
}

impl Format for BuiltinFormat {
    fn content_type(&self) -> &'static str {
        self.description().content_type
    }

    fn render<E: ApiError>(
        &self,
        response: &ErrorResponse<E>,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        match self {
            BuiltinFormat::Errors => Errors.render(response, out),
            BuiltinFormat::Problem => Problem.render(response, out),
            BuiltinFormat::Envelope => Envelope::default().render(response, out),
            BuiltinFormat::Detail => Detail.render(response, out),
        }
    }
}

/// `,"request_id":"..."` when the response has one.
fn write_request_id<E>(response: &ErrorResponse<E>, out: &mut Vec<u8>) {
    if let Some(request_id) = response.request_id() {
        out.extend_from_slice(b",\"request_id\":");
        write_str(out, request_id);
    }
}

/// The error's extra fields as members of the object being written.
fn write_members<E: ApiError>(error: &E, out: &mut Vec<u8>) -> Result<(), RenderError> {
    error.write_members(&mut JsonObject::continuing(out))
}

/// The status as a JSON number.
fn write_status(out: &mut Vec<u8>, status: http::StatusCode) {
    out.extend_from_slice(status.as_str().as_bytes());
}

/// Writes `,` before every item but the first.
struct Separator(bool);

impl Separator {
    fn new() -> Self {
        Separator(false)
    }

    fn next(&mut self, out: &mut Vec<u8>) {
        if self.0 {
            out.push(b',');
        }
        self.0 = true;
    }
}

/// `[item,item,...]`, each item written by `write`.
fn write_array<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(T, &mut Vec<u8>) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    out.push(b'[');
    let mut separator = Separator::new();
    for item in items {
        separator.next(out);
        write(item, out)?;
    }
    out.push(b']');
    Ok(())
}

/// A violation's path as a field name: its source (`body`, `query`, ...) when the path is
/// empty, since a problem with the whole body or query has no field of its own.
fn write_field(violation: &Violation, out: &mut Vec<u8>) -> Result<(), RenderError> {
    match (violation.path().segments(), violation.source()) {
        ([], Some(source)) => {
            write_str(out, source.as_str());
            Ok(())
        }
        _ => write_display(out, violation.path()),
    }
}

/// `{"field":...,"reason":...` and `,"rule":...` when known: the start of a violation item in
/// Konnect's and KonPro's shapes; the caller adds what else it has and the closing brace.
fn open_field_reason(
    violation: &Violation,
    konnect: bool,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    out.extend_from_slice(b"{\"field\":");
    write_field(violation, out)?;
    out.extend_from_slice(b",\"reason\":");
    write_str(out, violation.reason());
    if let Some(rule) = violation.rule() {
        out.extend_from_slice(b",\"rule\":");
        // problem+json speaks Konnect's `InvalidRules`; the others keep the rule's own name.
        write_str(
            out,
            if konnect {
                rule.konnect_name()
            } else {
                rule.name()
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Map, Value};

    use super::{BuiltinFormat, Format as _, builtin};
    use crate::{ApiError, ErrorResponse, Violation};

    #[derive(Debug, ApiError)]
    #[api(status = 400, type_base = "https://errors.example.com/")]
    enum Probe {
        #[api(code = "Plain", message = "plain {extra}")]
        Plain { extra: u8 },
        #[api(code = "Invalid", message = "invalid")]
        Invalid {
            extra: u8,
            #[api(violations)]
            violations: Vec<Violation>,
        },
    }

    #[test]
    fn descriptions_follow_the_enum() {
        assert_eq!(builtin::ALL.len(), BuiltinFormat::ALL.len());
        for format in BuiltinFormat::ALL {
            let description = format.description();
            assert_eq!(description.variant, format!("{format:?}"));
            assert_eq!(format.content_type(), description.content_type);
            assert_eq!(format.name().parse::<BuiltinFormat>(), Ok(format));
        }
    }

    /// The error objects of a body: where a format writes each error's own members.
    fn error_objects(format: BuiltinFormat, body: &Value) -> Vec<&Map<String, Value>> {
        let top = body.as_object().expect("an object");
        let items = |key: &str| {
            top.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
        };
        match format {
            BuiltinFormat::Errors => items("errors").collect(),
            BuiltinFormat::Problem => std::iter::once(top).chain(items("errors")).collect(),
            BuiltinFormat::Envelope => vec![top["error"].as_object().expect("an object")],
            BuiltinFormat::Detail => Vec::new(),
        }
    }

    /// Every member a format writes into an error object is declared in its description (so
    /// the derive rejects an extra field of that name and the client does not take it for
    /// one), and every declared member is written by some body.
    #[test]
    fn every_member_a_format_writes_is_declared() {
        let invalid = || Probe::Invalid {
            extra: 2,
            violations: vec![Violation::new("name", "is missing")],
        };
        // Each error first once: a single-error format (the envelope) writes only the first.
        let responses = || {
            [
                [Probe::Plain { extra: 1 }, invalid()],
                [invalid(), Probe::Plain { extra: 1 }],
            ]
            .map(|errors| {
                ErrorResponse::from_errors(errors)
                    .expect("two errors")
                    .with_request_id("req-1")
                    .with_instance("/books/1")
            })
        };
        for format in BuiltinFormat::ALL {
            let description = format.description();
            let mut written = BTreeSet::new();
            for response in responses() {
                let mut body = Vec::new();
                response.render_as(&format, &mut body).expect("it renders");
                let body: Value = serde_json::from_slice(&body).expect("JSON");
                for object in error_objects(format, &body) {
                    written.extend(object.keys().cloned());
                }
            }
            let declared: BTreeSet<String> = description
                .members
                .iter()
                .chain(description.violation_members)
                .chain(&["extra"])
                .map(|member| (*member).to_owned())
                .collect();
            assert!(
                written.is_subset(&declared),
                "{format}: writes {written:?}, declares {declared:?}"
            );
            let undeclared_but_unwritten: Vec<_> = declared.difference(&written).collect();
            assert!(
                undeclared_but_unwritten.is_empty() || format == BuiltinFormat::Detail,
                "{format}: declares {undeclared_but_unwritten:?} but never writes them"
            );
        }
    }
}
