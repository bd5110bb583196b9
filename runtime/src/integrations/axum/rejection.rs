//! axum's own rejections as [`Rejection`]s, for handlers that use axum's extractors (the
//! extractors of this crate give every problem at once instead: `super::extract`).

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};

use crate::extract::{Rejection, RejectionKind};
use crate::violation::{FieldPath, PathSegment, Rule, Source, Violation};

impl From<JsonRejection> for Rejection {
    fn from(rejection: JsonRejection) -> Self {
        let (status, message) = (rejection.status(), rejection.body_text());
        match &rejection {
            JsonRejection::JsonDataError(error) => {
                let violation = match path_to_error::<serde_json::Error>(error) {
                    Some(error) => {
                        data_violation(error.path(), &error.inner().to_string(), Source::Body)
                    }
                    None => Violation::new(FieldPath::default(), error.body_text())
                        .with_source(Source::Body),
                };
                let kind = match violation.rule() {
                    Some(Rule::Required) => RejectionKind::MissingField,
                    Some(Rule::Other(rule)) if rule == "extra_forbidden" => {
                        RejectionKind::UnknownField
                    }
                    _ => RejectionKind::Data,
                };
                Rejection {
                    kind,
                    source: Source::Body,
                    status,
                    message,
                    violations: vec![violation],
                }
            }
            JsonRejection::JsonSyntaxError(_) => Rejection::json_syntax(status, message),
            JsonRejection::MissingJsonContentType(_) => {
                Rejection::media_type(message, "application/json")
            }
            _ => Rejection::unreadable(status, message),
        }
    }
}

impl Rejection {
    /// A query-string rejection, with the offending values echoed from the raw `query`.
    pub(super) fn from_query(rejection: &QueryRejection, query: Option<&str>) -> Self {
        let violation = match path_to_error::<serde::de::value::Error>(rejection) {
            Some(error) => {
                let mut violation =
                    data_violation(error.path(), &error.inner().to_string(), Source::Query);
                let key = error.path().to_string();
                let value = query.and_then(|query| {
                    form_urlencoded::parse(query.as_bytes())
                        .find(|(name, _)| *name == key)
                        .map(|(_, value)| value.into_owned())
                });
                if let (Some(value), false) = (value, violation.input().is_some()) {
                    violation = violation.with_input(value);
                }
                violation
            }
            None => Violation::new(FieldPath::default(), rejection.body_text())
                .with_source(Source::Query),
        };
        Rejection {
            kind: RejectionKind::Query,
            source: Source::Query,
            status: rejection.status(),
            message: rejection.body_text(),
            violations: vec![violation],
        }
    }
}

impl From<PathRejection> for Rejection {
    fn from(rejection: PathRejection) -> Self {
        use axum::extract::path::ErrorKind;
        let violation = match &rejection {
            PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
                ErrorKind::ParseErrorAtKey {
                    key,
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default().key(key.clone()), value, expected_type),
                ErrorKind::ParseErrorAtIndex {
                    index,
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default().index(*index), value, expected_type),
                ErrorKind::ParseError {
                    value,
                    expected_type,
                } => parse_violation(FieldPath::default(), value, expected_type),
                ErrorKind::DeserializeError {
                    key,
                    value,
                    message,
                } => Violation::new(FieldPath::default().key(key.clone()), message.clone())
                    .with_rule(Rule::Other("value_error".into()))
                    .with_input(value.clone()),
                ErrorKind::InvalidUtf8InPathParam { key } => Violation::new(
                    FieldPath::default().key(key.clone()),
                    "Input should be valid UTF-8",
                )
                .with_rule(Rule::Other("string_unicode".into())),
                _ => Violation::new(FieldPath::default(), error.body_text()),
            },
            other => Violation::new(FieldPath::default(), other.body_text()),
        };
        Rejection {
            kind: RejectionKind::Path,
            source: Source::Path,
            status: rejection.status(),
            message: rejection.body_text(),
            violations: vec![violation.with_source(Source::Path)],
        }
    }
}

/// The `serde_path_to_error` error inside an axum rejection, if it has one.
fn path_to_error<'a, E: std::error::Error + 'static>(
    rejection: &'a (dyn std::error::Error + 'static),
) -> Option<&'a serde_path_to_error::Error<E>> {
    let mut source = rejection.source();
    while let Some(error) = source {
        if let Some(found) = error.downcast_ref::<serde_path_to_error::Error<E>>() {
            return Some(found);
        }
        source = error.source();
    }
    None
}

fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment;
    let segments = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(PathSegment::Index(*index)),
            Segment::Map { key } => Some(PathSegment::Key(key.clone().into())),
            Segment::Enum { variant } => Some(PathSegment::Key(variant.clone().into())),
            Segment::Unknown => None,
        })
        .collect::<Vec<_>>();
    FieldPath::from(segments)
}

/// A serde data error (`missing field`, `invalid type`, ...) at `path`, in FastAPI's terms
/// (serde's words are read by [`classify`](crate::collect::classify), in one place).
fn data_violation(path: &serde_path_to_error::Path, message: &str, source: Source) -> Violation {
    let mut path = field_path(path);
    let (rule, reason) = crate::collect::classify(message);
    if let Some(field) = crate::collect::named_field(message) {
        // serde_path_to_error's path ends at an unknown key, not at a missing one.
        let ends_at_field =
            matches!(path.segments().last(), Some(PathSegment::Key(key)) if key == field);
        if !ends_at_field {
            path = path.key(field.to_owned());
        }
    }
    Violation::new(path, reason)
        .with_rule(rule)
        .with_source(source)
}

/// A path parameter that did not parse as `expected_type`.
fn parse_violation(path: FieldPath, value: &str, expected_type: &str) -> Violation {
    let (rule, reason) = crate::collect::unparsable(expected_type);
    Violation::new(path, reason)
        .with_rule(rule)
        .with_input(value.to_owned())
}
