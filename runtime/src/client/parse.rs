//! Reading each format's body into errors, and finding each error's variant. Tolerant as RFC
//! 9457 section 3.1 asks: a member of the wrong type is ignored, an unknown one kept aside.

use http::StatusCode;
use serde_json::{Map, Number, Value};

use crate::BuiltinFormat;
use crate::catalog::{Catalog, FieldRole, VariantMeta, template_for_docs};
use crate::format::builtin;
use crate::locale::{Localization, Translation};
use crate::violation::{FieldPath, PathSegment, Rule, Source, Violation};

/// A body's errors and what surrounds them.
pub(super) struct Body {
    pub errors: Vec<RawError>,
    pub request_id: Option<String>,
    pub instance: Option<String>,
}

/// One error as the body has it, before its variant is known.
#[derive(Default)]
pub(super) struct RawError {
    /// The code (errors, envelope, FastAPI items) or the problem type URI.
    pub code: Option<String>,
    pub title: Option<String>,
    /// The error's own status, where the format gives each error one (the items of a
    /// problem's `errors` extension); otherwise the response's applies.
    pub status: Option<StatusCode>,
    pub message: Option<String>,
    pub members: Map<String, Value>,
    pub violations: Vec<Violation>,
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The members of `object` but the format's own (`known`, from its description): the error's
/// extra fields.
fn rest(object: &Map<String, Value>, known: &[&[&str]]) -> Map<String, Value> {
    object
        .iter()
        .filter(|(key, _)| !known.iter().any(|known| known.contains(&key.as_str())))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

pub(super) fn body(catalog: &Catalog, format: BuiltinFormat, value: &Value) -> Option<Body> {
    let top = value.as_object()?;
    let errors = match format {
        BuiltinFormat::Errors => errors_format(catalog, top),
        BuiltinFormat::Problem => problem_format(top),
        BuiltinFormat::Envelope => envelope_format(top)?,
        BuiltinFormat::Detail => detail_format(top)?,
    };
    Some(Body {
        errors,
        request_id: string(top, "request_id"),
        instance: (format == BuiltinFormat::Problem)
            .then(|| string(top, "instance"))
            .flatten(),
    })
}

/// commercetools: one object per error in `errors`; consecutive objects of a code whose
/// variant has violations, each with a `field`, are the violations of one error (that is how
/// they were written). Elsewhere `field` is an ordinary member (`DuplicateField` has one).
fn errors_format(catalog: &Catalog, top: &Map<String, Value>) -> Vec<RawError> {
    let carries_violations = |code: Option<&str>| {
        code.and_then(|code| catalog.find(code))
            .is_some_and(has_violations)
    };
    let Some(items) = top.get("errors").and_then(Value::as_array) else {
        // `errors` is optional in commercetools' schema: the top-level message is all there is.
        return vec![RawError {
            message: string(top, "message"),
            ..RawError::default()
        }];
    };
    let mut errors: Vec<RawError> = Vec::new();
    let mut grouping = false;
    for item in items.iter().filter_map(Value::as_object) {
        let code = string(item, "code");
        let field = string(item, "field").filter(|_| carries_violations(code.as_deref()));
        let Some(field) = field else {
            grouping = false;
            errors.push(RawError {
                code,
                message: string(item, "message"),
                members: rest(item, &[builtin::ERRORS.members]),
                ..RawError::default()
            });
            continue;
        };
        let violation = located(&field, None, string(item, "message").unwrap_or_default());
        match errors.last_mut() {
            Some(last) if grouping && last.code == code => last.violations.push(violation),
            _ => {
                grouping = true;
                errors.push(RawError {
                    code,
                    members: rest(
                        item,
                        &[builtin::ERRORS.members, builtin::ERRORS.violation_members],
                    ),
                    violations: vec![violation],
                    ..RawError::default()
                });
            }
        }
    }
    errors
}

/// RFC 9457: the problem, then the ones in its `errors` extension. The problem's status is
/// the response's; each item of the extension has its own (a 404 item may follow a 403).
fn problem_format(top: &Map<String, Value>) -> Vec<RawError> {
    let mut errors = vec![problem(top)];
    if let Some(more) = top.get("errors").and_then(Value::as_array) {
        errors.extend(more.iter().filter_map(Value::as_object).map(|item| {
            RawError {
                status: item
                    .get("status")
                    .and_then(Value::as_u64)
                    .and_then(|status| u16::try_from(status).ok())
                    .and_then(|status| StatusCode::from_u16(status).ok()),
                ..problem(item)
            }
        }));
    }
    errors
}

fn problem(object: &Map<String, Value>) -> RawError {
    let violations = object
        .get("invalid_parameters")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_object)
                .map(konnect_violation)
                .collect()
        })
        .unwrap_or_default();
    RawError {
        code: string(object, "type"),
        title: string(object, "title"),
        message: string(object, "detail"),
        members: rest(object, &[builtin::PROBLEM.members]),
        violations,
        status: None,
    }
}

/// A violation at `field` as the formats that name a field write it: a violation with an
/// empty path is written as its source's name (`body`), so that name reads back as an empty
/// path with that source. `source` is the item's own `source` member, where the format has
/// one; then only a field equal to it is the source's name.
fn located(field: &str, source_member: Option<Source>, reason: String) -> Violation {
    let named_source = source(field).filter(|named| source_member.is_none_or(|s| s == *named));
    match named_source {
        Some(named) => Violation::new(FieldPath::default(), reason).with_source(named),
        None => Violation::new(field, reason),
    }
}

/// One Kong Konnect `invalid_parameters` item.
fn konnect_violation(item: &Map<String, Value>) -> Violation {
    let source_member = string(item, "source").and_then(|name| source(&name));
    let field = string(item, "field").unwrap_or_default();
    let reason = string(item, "reason").unwrap_or_default();
    // Without a `source` member, a field named like a source is an ordinary field here.
    let mut violation = match source_member {
        Some(_) => located(&field, source_member, reason),
        None => Violation::new(field, reason),
    };
    let number = |key: &str| item.get(key).and_then(Value::as_number).cloned();
    let unsigned = |key: &str| item.get(key).and_then(Value::as_u64);
    let list = |key: &str| {
        item.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let rule = match string(item, "rule").as_deref() {
        None => None,
        Some("required") => Some(Rule::Required),
        Some("min_length") => unsigned("minimum").map(Rule::MinLength),
        Some("max_length") => unsigned("maximum").map(Rule::MaxLength),
        Some("min_items") => unsigned("minimum").map(Rule::MinItems),
        Some("max_items") => unsigned("maximum").map(Rule::MaxItems),
        Some("min") => number("minimum").map(Rule::Min),
        Some("max") => number("maximum").map(Rule::Max),
        Some("enum") => Some(Rule::Enum(list("choices"))),
        Some("dependent_fields") => Some(Rule::DependentFields(
            list("dependents")
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.to_owned().into())
                .collect(),
        )),
        Some(other) => Some(Rule::Other(other.to_owned().into())),
    };
    if let Some(rule) = rule {
        violation = violation.with_rule(rule);
    }
    if let Some(source) = source_member {
        violation = violation.with_source(source);
    }
    violation
}

fn source(name: &str) -> Option<Source> {
    Some(match name {
        "body" => Source::Body,
        "query" => Source::Query,
        "path" => Source::Path,
        "header" => Source::Header,
        "cookie" => Source::Cookie,
        _ => return None,
    })
}

/// The envelope: `error`, then any in `errors`.
fn envelope_format(top: &Map<String, Value>) -> Option<Vec<RawError>> {
    let mut errors = vec![envelope_error(top.get("error")?.as_object()?)];
    if let Some(more) = top.get("errors").and_then(Value::as_array) {
        errors.extend(more.iter().filter_map(Value::as_object).map(envelope_error));
    }
    Some(errors)
}

fn envelope_error(object: &Map<String, Value>) -> RawError {
    let detail = |item: &Map<String, Value>| {
        let violation = located(
            &string(item, "field").unwrap_or_default(),
            None,
            string(item, "reason").unwrap_or_default(),
        );
        match string(item, "rule") {
            Some(rule) => violation.with_rule(konnect_rule_name(&rule)),
            None => violation,
        }
    };
    let violations = match object.get("details") {
        Some(Value::Object(single)) => vec![detail(single)],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(detail)
            .collect(),
        _ => Vec::new(),
    };
    RawError {
        code: string(object, "code"),
        message: string(object, "message"),
        members: rest(object, &[builtin::ENVELOPE.members]),
        violations,
        ..RawError::default()
    }
}

/// A rule known only by its Konnect name (the envelope writes no bounds).
fn konnect_rule_name(name: &str) -> Rule {
    match name {
        "required" => Rule::Required,
        other => Rule::Other(other.to_owned().into()),
    }
}

/// FastAPI: a string is one error; a list holds violations, and errors without any as
/// `{"type":"<code>","loc":[],"msg":"..."}`.
fn detail_format(top: &Map<String, Value>) -> Option<Vec<RawError>> {
    match top.get("detail")? {
        Value::String(message) => Some(vec![RawError {
            message: Some(message.clone()),
            ..RawError::default()
        }]),
        Value::Array(items) => {
            let mut errors: Vec<RawError> = Vec::new();
            let mut grouping = false;
            for item in items.iter().filter_map(Value::as_object) {
                let loc = item.get("loc").and_then(Value::as_array);
                let is_error = loc.is_some_and(Vec::is_empty)
                    && !item.contains_key("input")
                    && !item.contains_key("ctx");
                if is_error {
                    grouping = false;
                    errors.push(RawError {
                        code: string(item, "type"),
                        message: string(item, "msg"),
                        ..RawError::default()
                    });
                    continue;
                }
                let violation = fastapi_violation(item);
                match errors.last_mut() {
                    Some(last) if grouping => last.violations.push(violation),
                    _ => {
                        grouping = true;
                        errors.push(RawError {
                            violations: vec![violation],
                            ..RawError::default()
                        });
                    }
                }
            }
            Some(errors)
        }
        _ => None,
    }
}

/// One FastAPI validation item.
fn fastapi_violation(item: &Map<String, Value>) -> Violation {
    let mut segments = item
        .get("loc")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .peekable();
    let source = segments.peek().and_then(Value::as_str).and_then(source);
    if source.is_some() {
        segments.next();
    }
    let path: Vec<PathSegment> = segments
        .filter_map(|segment| match segment {
            Value::String(key) => Some(PathSegment::Key(key.into())),
            Value::Number(index) => index
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .map(PathSegment::Index),
            _ => None,
        })
        .collect();
    let mut violation = Violation::new(
        FieldPath::from(path),
        string(item, "msg").unwrap_or_default(),
    );
    let ctx = item.get("ctx").and_then(Value::as_object);
    let bound = |key: &str| ctx.and_then(|ctx| ctx.get(key)).and_then(Value::as_u64);
    let number = |key: &str| {
        ctx.and_then(|ctx| ctx.get(key))
            .and_then(Value::as_number)
            .cloned()
    };
    let rule = match string(item, "type").as_deref() {
        None | Some("value_error") => None,
        Some("missing") => Some(Rule::Required),
        Some("string_too_short") => bound("min_length").map(Rule::MinLength),
        Some("string_too_long") => bound("max_length").map(Rule::MaxLength),
        Some("too_short") => bound("min_length").map(Rule::MinItems),
        Some("too_long") => bound("max_length").map(Rule::MaxItems),
        Some("greater_than_equal") => number("ge").map(Rule::Min),
        Some("less_than_equal") => number("le").map(Rule::Max),
        Some("enum") => ctx
            .and_then(|ctx| ctx.get("expected"))
            .and_then(Value::as_str)
            .map(|expected| Rule::Enum(expected_choices(expected))),
        Some("dependent_fields") => Some(Rule::DependentFields(Vec::new())),
        Some(other) => Some(Rule::Other(other.to_owned().into())),
    };
    if let Some(rule) = rule {
        violation = violation.with_rule(rule);
    }
    if let Some(source) = source {
        violation = violation.with_source(source);
    }
    if let Some(input) = item.get("input") {
        violation = violation.with_input(input.clone());
    }
    violation
}

/// Pydantic's `'a', 'b' or 'c'` back into values: quoted ones are strings, the rest numbers
/// (or, failing that, strings).
fn expected_choices(expected: &str) -> Vec<Value> {
    let (head, last) = expected.rsplit_once(" or ").unwrap_or(("", expected));
    head.split(", ")
        .filter(|part| !part.is_empty())
        .chain(std::iter::once(last))
        .map(
            |part| match part.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')) {
                Some(text) => Value::String(text.to_owned()),
                None => part
                    .parse::<Number>()
                    .map_or_else(|_| Value::String(part.to_owned()), Value::Number),
            },
        )
        .collect()
}

/// The variant an error is, by the means its format gives.
pub(super) fn resolve(
    catalog: &Catalog,
    localization: &Localization,
    format: BuiltinFormat,
    status: StatusCode,
    raw: &RawError,
) -> Option<&'static VariantMeta> {
    match format {
        BuiltinFormat::Errors | BuiltinFormat::Envelope => catalog.find(raw.code.as_deref()?),
        BuiltinFormat::Problem => match &raw.code {
            Some(type_uri) => catalog.variants().find(|v| v.type_uri() == Some(type_uri)),
            None => best_candidate(
                catalog.variants().filter(|v| {
                    v.type_uri().is_none()
                        && v.status() == status
                        && raw.title.as_deref().is_some_and(|title| {
                            // A localized response carries a translated title.
                            title == v.title()
                                || localization.tables().iter().any(|table| {
                                    localization
                                        .translation(table.tag(), v.code())
                                        .and_then(Translation::title)
                                        == Some(title)
                                })
                        })
                }),
                raw,
                localization,
            ),
        },
        BuiltinFormat::Detail => match &raw.code {
            Some(code) => catalog.find(code),
            // FastAPI's items say no status: validation items that follow an error of
            // another status are the one variant with violations, if the enum has one.
            None if !raw.violations.is_empty()
                && !catalog
                    .variants()
                    .any(|v| v.status() == status && has_violations(v)) =>
            {
                let mut with_violations = catalog.variants().filter(|v| has_violations(v));
                match (with_violations.next(), with_violations.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }
            None => best_candidate(
                catalog.variants().filter(|v| v.status() == status),
                raw,
                localization,
            ),
        },
    }
}

/// Among variants the body cannot tell apart by name, the one whose shape fits best: a
/// message its template can produce first, then the same kind (with violations or not; a
/// variant with an empty list writes none), then the most members; declaration order breaks
/// ties.
fn best_candidate(
    candidates: impl Iterator<Item = &'static VariantMeta>,
    raw: &RawError,
    localization: &Localization,
) -> Option<&'static VariantMeta> {
    candidates
        .map(|variant| (fit(variant, raw, localization), variant))
        .fold(
            None,
            |best: Option<(usize, &'static VariantMeta)>, (score, variant)| match best {
                Some((best_score, _)) if best_score >= score => best,
                _ => Some((score, variant)),
            },
        )
        .map(|(_, variant)| variant)
}

fn has_violations(variant: &VariantMeta) -> bool {
    variant
        .fields()
        .any(|field| field.role() == FieldRole::Violations)
}

/// How well a variant explains an error: its message, its kind, its members.
fn fit(variant: &VariantMeta, raw: &RawError, localization: &Localization) -> usize {
    let message_fits = raw.message.as_deref().is_some_and(|message| {
        let template = variant
            .message_template()
            .map_or_else(|| variant.title().to_owned(), template_for_docs);
        // A localized response's message is one of the translations.
        template_matches(&template, message)
            || localization.tables().iter().any(|table| {
                localization
                    .translation(table.tag(), variant.code())
                    .and_then(Translation::message)
                    .is_some_and(|translated| template_matches(translated, message))
            })
    });
    let members = variant
        .fields()
        .filter_map(|field| field.wire_name())
        .filter(|name| raw.members.contains_key(*name))
        .count();
    let same_kind = has_violations(variant) != raw.violations.is_empty();
    usize::from(message_fits) * 1000 + usize::from(same_kind) * 100 + members
}

/// Whether `message` could come from `template` (`{...}` matching any text).
fn template_matches(template: &str, message: &str) -> bool {
    let mut pieces = template.split('{').enumerate().map(|(i, piece)| {
        if i == 0 {
            piece
        } else {
            piece.split_once('}').map_or(piece, |(_, text)| text)
        }
    });
    let Some(first) = pieces.next() else {
        return true;
    };
    let Some(mut rest) = message.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::{expected_choices, template_matches};
    use serde_json::json;

    #[test]
    fn templates() {
        assert!(template_matches("Invalid API key", "Invalid API key"));
        assert!(!template_matches("Invalid API key", "API key required"));
        assert!(template_matches("Item {sku} is gone", "Item B0 is gone"));
        assert!(!template_matches("Item {sku} is gone", "Item B0 is here"));
        assert!(template_matches("{a}-{b}", "1-2"));
        assert!(template_matches("{a}", "anything"));
    }

    #[test]
    fn choices() {
        assert_eq!(
            expected_choices("'red' or 'blue'"),
            [json!("red"), json!("blue")]
        );
        assert_eq!(
            expected_choices("'a', 'b' or 'c'"),
            [json!("a"), json!("b"), json!("c")]
        );
        assert_eq!(expected_choices("1 or 2"), [json!(1), json!(2)]);
        assert_eq!(expected_choices("'only'"), [json!("only")]);
    }
}
