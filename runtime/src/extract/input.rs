//! Reading each kind of input, every problem at once: what the axum and the actix-web
//! extractors share once they have the bytes, the query string or the path parameters.

use std::borrow::Cow;

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::{Rejection, RejectionKind};
use crate::collect::{Mode, pairs_value};
use crate::violation::{FieldPath, PathSegment, Rule, Source, Violation};

/// A validation library's check of a deserialized value: its rule violations (none when the
/// value is valid), with paths and rules but no source or input yet.
pub(crate) type Check<T> = fn(&T) -> Vec<Violation>;

/// Whether a `Content-Type` is JSON (`application/json` or `application/*+json`), as axum's
/// `Json` decides.
pub(crate) fn is_json(content_type: Option<&str>) -> bool {
    media_type(content_type).is_some_and(|(kind, subtype)| {
        kind.eq_ignore_ascii_case("application")
            && (subtype.eq_ignore_ascii_case("json")
                || subtype
                    .rsplit_once('+')
                    .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json")))
    })
}

/// Whether a `Content-Type` is a form (`application/x-www-form-urlencoded`).
pub(crate) fn is_form(content_type: Option<&str>) -> bool {
    media_type(content_type).is_some_and(|(kind, subtype)| {
        kind.eq_ignore_ascii_case("application")
            && subtype.eq_ignore_ascii_case("x-www-form-urlencoded")
    })
}

/// The `type` and `subtype` of a `Content-Type`.
fn media_type(content_type: Option<&str>) -> Option<(&str, &str)> {
    let essence = content_type?.split(';').next()?.trim();
    let (kind, subtype) = essence.split_once('/')?;
    (!kind.is_empty() && !subtype.is_empty()).then_some((kind, subtype))
}

/// A JSON body `T` accepted, then checked by `check`: `value`, or every rule violation (the
/// body parsed again, only then, for the inputs to echo).
pub(crate) fn json_rules<T: DeserializeOwned>(
    value: T,
    bytes: &[u8],
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    match check {
        Some(check) if !check(&value).is_empty() => {
            let input = serde_json::from_slice(bytes).unwrap_or(serde_json::Value::Null);
            Err(checked::<T>(
                &input,
                Mode::Json,
                Source::Body,
                check,
                "Failed to validate the request body",
            ))
        }
        _ => Ok(value),
    }
}

/// Every problem of a JSON body that `T` rejected (and, with `check`, every rule violation
/// of the rest of it); `fallback` where the body is not JSON or the replay finds nothing.
pub(crate) fn json_problems<T: DeserializeOwned>(
    bytes: &[u8],
    check: Option<Check<T>>,
    message: String,
    fallback: impl FnOnce() -> Rejection,
) -> Rejection {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return fallback();
    };
    let outcome = crate::collect::collect::<T>(&value, Mode::Json, Source::Body);
    let violations = with_rules(&value, outcome, check, Source::Body);
    Rejection::collected(
        Source::Body,
        StatusCode::UNPROCESSABLE_ENTITY,
        message,
        violations,
        fallback,
    )
}

/// A query string as an object of strings (the first of a repeated name kept).
pub(crate) fn query_value(query: Option<&str>) -> serde_json::Value {
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes()).collect();
    pairs_value(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
}

/// A query string `T` accepted, then checked by `check`: `value`, or every rule violation.
pub(crate) fn query_rules<T: DeserializeOwned>(
    value: T,
    query: Option<&str>,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    match check {
        Some(check) if !check(&value).is_empty() => Err(checked::<T>(
            &query_value(query),
            Mode::Text,
            Source::Query,
            check,
            "Failed to validate the query string",
        )),
        _ => Ok(value),
    }
}

/// Every problem of a query string that `T` rejected (and, with `check`, every rule
/// violation of the rest of it); `fallback` where the replay finds nothing.
pub(crate) fn query_problems<T: DeserializeOwned>(
    query: Option<&str>,
    check: Option<Check<T>>,
    status: StatusCode,
    message: String,
    fallback: impl FnOnce() -> Rejection,
) -> Rejection {
    let value = query_value(query);
    let outcome = crate::collect::collect::<T>(&value, Mode::Text, Source::Query);
    let violations = with_rules(&value, outcome, check, Source::Query);
    Rejection::collected(Source::Query, status, message, violations, fallback)
}

/// Every problem of path parameters that `T` rejected; `fallback` where the replay finds
/// nothing.
pub(crate) fn path_rejection<T: DeserializeOwned>(
    params: Option<&[(&str, &str)]>,
    status: StatusCode,
    message: String,
    fallback: impl FnOnce() -> Rejection,
) -> Rejection {
    let violations = params.map(path_problems::<T>).unwrap_or_default();
    Rejection::collected(Source::Path, status, message, violations, fallback)
}

/// The type problems of `outcome`, and with `check` the rule violations of its value (sound
/// ones only: [`crate::collect::merge`]).
pub(crate) fn with_rules<T>(
    input: &serde_json::Value,
    outcome: crate::collect::Outcome<T>,
    check: Option<Check<T>>,
    source: Source,
) -> Vec<Violation> {
    match (check, &outcome.value) {
        (Some(check), Some(value)) => {
            let rules = check(value);
            crate::collect::merge(input, outcome, rules, source)
        }
        _ => outcome.violations,
    }
}

/// The rejection of an input that fits `T` but breaks its rules: every rule violation, in
/// field order, with the client's values echoed.
pub(crate) fn checked<T: DeserializeOwned>(
    input: &serde_json::Value,
    mode: Mode,
    source: Source,
    check: Check<T>,
    message: &str,
) -> Rejection {
    // The replay gives the field order (and the value, as serde reads it).
    let outcome = crate::collect::collect::<T>(input, mode, source);
    let has_type_problems = !outcome.violations.is_empty();
    let violations = with_rules(input, outcome, Some(check), source);
    let kind = if has_type_problems {
        // serde accepted what the replay did not (a type whose `Deserialize` reads a
        // `Value` differently): reported as a data problem.
        RejectionKind::Data
    } else {
        RejectionKind::Rules
    };
    Rejection {
        kind,
        source,
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: message.to_owned(),
        violations,
    }
}
/// The problems of path parameters as a `T`: a struct or map of them by name, a tuple of them
/// in order, or the one parameter itself.
fn path_problems<T: DeserializeOwned>(params: &[(&str, &str)]) -> Vec<Violation> {
    use crate::collect::collect;
    let by_name = pairs_value(params.iter().copied());
    let violations = collect::<T>(&by_name, Mode::Text, Source::Path).violations;
    let at_root = violations.iter().any(|v| v.path().segments().is_empty());
    if !at_root {
        return violations;
    }
    // Not a struct: the parameters in order, each named as FastAPI names it.
    let name = |index: usize| params.get(index).map_or("", |(name, _)| name);
    let (value, single) = match params {
        [(_, one)] => (serde_json::Value::String((*one).to_owned()), true),
        _ => (
            serde_json::Value::Array(
                params
                    .iter()
                    .map(|(_, v)| serde_json::Value::String((*v).to_owned()))
                    .collect(),
            ),
            false,
        ),
    };
    collect::<T>(&value, Mode::Text, Source::Path)
        .violations
        .into_iter()
        .map(|violation| {
            let segments = violation.path().segments();
            let mut path = FieldPath::default();
            let rest = match (single, segments.first()) {
                (true, _) => {
                    path = path.key(name(0).to_owned());
                    segments
                }
                (false, Some(PathSegment::Index(index))) => {
                    path = path.key(name(*index).to_owned());
                    &segments[1..]
                }
                _ => segments,
            };
            let path = rest.iter().fold(path, |path, segment| match segment {
                PathSegment::Key(key) => path.key(key.clone()),
                PathSegment::Index(index) => path.index(*index),
            });
            rebase(&violation, path)
        })
        .collect()
}

/// `violation` at `path`.
fn rebase(violation: &Violation, path: FieldPath) -> Violation {
    let mut moved = Violation::new(path, violation.reason().to_owned());
    if let Some(rule) = violation.rule() {
        moved = moved.with_rule(rule.clone());
    }
    if let Some(source) = violation.source() {
        moved = moved.with_source(source);
    }
    if let Some(input) = violation.input() {
        moved = moved.with_input(input.clone());
    }
    moved
}

/// The rule violations validator finds in `value`.
#[cfg(feature = "validator")]
pub(crate) fn validator_check<T: validator::Validate>(value: &T) -> Vec<Violation> {
    use crate::violation::IntoViolations as _;
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.into_violations(),
    }
}

/// The rule violations garde finds in `value`, with the default context.
#[cfg(feature = "garde")]
pub(crate) fn garde_check<T>(value: &T) -> Vec<Violation>
where
    T: garde::Validate,
    T::Context: Default,
{
    use crate::violation::IntoViolations as _;
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(report) => report.into_violations(),
    }
}

/// A form body (`application/x-www-form-urlencoded`) as `T` (then checked by `check`), or
/// every problem with it. Every value is a string, parsed as the type asks, as
/// `serde_urlencoded` does; a name given twice keeps its first value.
pub(crate) fn form_body<T: DeserializeOwned>(
    bytes: &[u8],
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = form_urlencoded::parse(bytes).collect();
    let value = pairs_value(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    let outcome = crate::collect::collect::<T>(&value, Mode::Text, Source::Body);
    if outcome.violations.is_empty() {
        if let Some(form) = outcome.value {
            return match check {
                Some(check) if !check(&form).is_empty() => Err(checked::<T>(
                    &value,
                    Mode::Text,
                    Source::Body,
                    check,
                    "Failed to validate the form body",
                )),
                _ => Ok(form),
            };
        }
    }
    let violations = with_rules(&value, outcome, check, Source::Body);
    let message = "Failed to deserialize form body";
    Err(Rejection::collected(
        Source::Body,
        StatusCode::UNPROCESSABLE_ENTITY,
        message.to_owned(),
        violations,
        || Rejection {
            kind: RejectionKind::Data,
            source: Source::Body,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.to_owned(),
            violations: vec![
                Violation::new(FieldPath::default(), "Input is not valid")
                    .with_rule(Rule::Other("value_error".into()))
                    .with_source(Source::Body),
            ],
        },
    ))
}

/// The 415 of a form extractor given another `Content-Type`.
pub(crate) fn not_a_form() -> Rejection {
    Rejection::media_type(
        "Form requests must have `Content-Type: application/x-www-form-urlencoded`".to_owned(),
        "application/x-www-form-urlencoded",
    )
}
