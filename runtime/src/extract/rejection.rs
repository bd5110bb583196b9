//! [`Rejection`]: what an extractor found wrong with a request, framework-neutral.

use http::StatusCode;

use crate::edge::EdgeError;
use crate::violation::{FieldPath, Rule, Source, Violation};

/// A request an extractor rejected (a body, query string or path parameters that do not fit,
/// a body too large or of the wrong media type), with every problem as field-level
/// violations, for the API to answer in its own format through `From<Rejection> for YourError`.
/// The axum and the actix-web extractors give the same `Rejection` for the same input, so one
/// `From` serves both.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub(crate) kind: RejectionKind,
    pub(crate) source: Source,
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) violations: Vec<Violation>,
}

/// What was wrong with a request an extractor rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// The body is larger than the limit (axum's `DefaultBodyLimit`, actix-web's
    /// `PayloadConfig`): a 413.
    BodyTooLarge,
    /// The `Content-Type` is missing or not the one the extractor reads: a 415.
    MediaType,
    /// The body could not be read for another reason.
    Body,
    /// The body is not valid JSON.
    Syntax,
    /// A required field is missing.
    MissingField,
    /// A field the type denies is present.
    UnknownField,
    /// The JSON does not fit the type (a wrong type or value).
    Data,
    /// A path parameter does not fit its type.
    Path,
    /// The query string does not fit its type.
    Query,
    /// The input fits its type but breaks its validation rules (the `Valid` and `Garde`
    /// extractors); type problems found with rule violations keep the kinds above.
    Rules,
}

impl Rejection {
    /// What was wrong.
    #[must_use]
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// A failure of the transport (a body too large, a missing `Content-Type`, a body that
    /// could not be read) as the [`EdgeError`] of its status; `None` for a problem with the
    /// input itself. A `From<Rejection>` that sends this through a `#[api(transparent)]`
    /// variant keeps the 413 or 415 instead of answering every rejection with one status.
    #[must_use]
    pub fn edge(&self) -> Option<EdgeError> {
        match self.kind {
            RejectionKind::BodyTooLarge => Some(EdgeError::PayloadTooLarge),
            RejectionKind::MediaType => Some(EdgeError::UnsupportedMediaType),
            RejectionKind::Body => Some(EdgeError::from_status(self.status, None)),
            _ => None,
        }
    }

    /// Where the rejected input was: [`Source::Body`], [`Source::Query`] or [`Source::Path`].
    #[must_use]
    pub fn source(&self) -> Source {
        self.source
    }

    /// The status of the rejection (400, 413, 415, 422, ...): axum's own where axum rejected.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The framework's own explanation, such as `Failed to parse the request body as JSON:
    /// expected value at line 1 column 1` (commercetools' `detailedErrorMessage`).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The problems, each with its location, rule and reason in FastAPI's words.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The problems, by value.
    #[must_use]
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl Rejection {
    /// A JSON body that is not JSON at all: one `json_invalid` problem at the body, as FastAPI
    /// reports it (`message` is the framework's own explanation).
    pub(crate) fn json_syntax(status: StatusCode, message: String) -> Rejection {
        Rejection {
            kind: RejectionKind::Syntax,
            source: Source::Body,
            status,
            message,
            // The whole body is at fault: its path is empty (written as the source, `body`,
            // where a format needs a field name). FastAPI adds a character position to `loc`;
            // as a path segment it would read like a list index, so it is left out.
            violations: vec![
                Violation::new(FieldPath::default(), "JSON decode error")
                    .with_rule(Rule::Other("json_invalid".into()))
                    .with_source(Source::Body),
            ],
        }
    }

    /// A body without the `Content-Type` the extractor reads (`expected`): a 415.
    pub(crate) fn media_type(message: String, expected: &str) -> Rejection {
        Rejection {
            kind: RejectionKind::MediaType,
            source: Source::Body,
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message,
            violations: vec![
                Violation::new(
                    FieldPath::default(),
                    format!("Expected request with `Content-Type: {expected}`"),
                )
                .with_rule(Rule::Other("content_type".into()))
                .with_source(Source::Body),
            ],
        }
    }

    /// A body that could not be read (too large, cut off): [`edge`](Self::edge) gives the
    /// [`EdgeError`] of `status`.
    pub(crate) fn unreadable(status: StatusCode, message: String) -> Rejection {
        let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
            RejectionKind::BodyTooLarge
        } else {
            RejectionKind::Body
        };
        Rejection {
            kind,
            source: Source::Body,
            status,
            violations: vec![
                Violation::new(FieldPath::default(), message.clone()).with_source(Source::Body),
            ],
            message,
        }
    }

    /// An input `T` rejected although the replay found nothing wrong (a type whose
    /// `Deserialize` reads a `Value` differently from the raw input): serde's error, read by
    /// [`classify`](crate::collect::classify), at the input's root.
    #[cfg(feature = "actix-web")]
    pub(crate) fn unexplained(
        source: Source,
        status: StatusCode,
        error: &str,
        message: String,
    ) -> Rejection {
        let (rule, reason) = crate::collect::classify(error);
        let kind = match source {
            Source::Query => RejectionKind::Query,
            Source::Path => RejectionKind::Path,
            _ => RejectionKind::Data,
        };
        Rejection {
            kind,
            source,
            status,
            message,
            violations: vec![
                Violation::new(FieldPath::default(), reason)
                    .with_rule(rule)
                    .with_source(source),
            ],
        }
    }

    /// Every problem the collecting deserializer found, or `fallback` if it found none (it
    /// accepts exactly what serde accepts, so that only happens for a type whose
    /// `Deserialize` reads a `Value` differently from the raw input).
    pub(crate) fn collected(
        source: Source,
        status: StatusCode,
        message: String,
        violations: Vec<Violation>,
        fallback: impl FnOnce() -> Rejection,
    ) -> Rejection {
        if violations.is_empty() {
            return fallback();
        }
        let kind = match (source, violations.first().and_then(Violation::rule)) {
            (Source::Query, _) => RejectionKind::Query,
            (Source::Path, _) => RejectionKind::Path,
            (_, Some(Rule::Required)) => RejectionKind::MissingField,
            (_, Some(Rule::Other(rule))) if rule == "extra_forbidden" => {
                RejectionKind::UnknownField
            }
            _ => RejectionKind::Data,
        };
        Rejection {
            kind,
            source,
            status,
            message,
            violations,
        }
    }
}
