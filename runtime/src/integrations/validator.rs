//! `validator::ValidationErrors` as violations: nested structs and lists become paths
//! (`address.city`, `items[2].sku`), codes become rules with their bounds.

use std::borrow::Cow;

use serde_json::Value;
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::violation::{FieldPath, IntoViolations, Rule, Violation, sort};

/// ```
/// use apifault::{IntoViolations, Rule};
/// use validator::Validate;
///
/// #[derive(Validate)]
/// struct Signup {
///     #[validate(length(min = 3))]
///     name: String,
///     #[validate(email)]
///     email: String,
/// }
///
/// let errors = Signup { name: "ab".into(), email: "nope".into() }.validate().unwrap_err();
/// let violations = errors.into_violations();
/// assert_eq!(violations[0].path().to_string(), "email");
/// assert_eq!(violations[0].rule(), Some(&Rule::Other("email".into())));
/// assert_eq!(violations[1].path().to_string(), "name");
/// assert_eq!(violations[1].rule(), Some(&Rule::MinLength(3)));
/// assert_eq!(violations[1].reason(), "length must be at least 3");
/// ```
impl IntoViolations for &ValidationErrors {
    fn into_violations(self) -> Vec<Violation> {
        let mut violations = Vec::new();
        collect(self, &FieldPath::default(), &mut violations);
        sort(violations)
    }
}

impl IntoViolations for ValidationErrors {
    fn into_violations(self) -> Vec<Violation> {
        (&self).into_violations()
    }
}

fn collect(errors: &ValidationErrors, path: &FieldPath, violations: &mut Vec<Violation>) {
    for (field, kind) in errors.errors() {
        // `__all__` holds errors of the struct as a whole (`#[validate(schema(...))]`).
        let field_path = if field == "__all__" {
            path.clone()
        } else {
            path.clone().key(field.clone())
        };
        match kind {
            ValidationErrorsKind::Field(errors) => {
                violations.extend(
                    errors
                        .iter()
                        .map(|error| violation(field_path.clone(), error)),
                );
            }
            ValidationErrorsKind::Struct(nested) => collect(nested, &field_path, violations),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    collect(nested, &field_path.clone().index(*index), violations);
                }
            }
        }
    }
}

fn violation(path: FieldPath, error: &ValidationError) -> Violation {
    let param = |name: &str| error.params.get(name);
    let (rule, default_reason) = rule(&error.code, &param);
    let reason = error.message.clone().unwrap_or(Cow::Owned(default_reason));
    Violation::new(path, reason).with_rule(rule)
}

/// The rule and a default reason for a validator code and its parameters.
fn rule<'a>(code: &str, param: &impl Fn(&str) -> Option<&'a Value>) -> (Rule, String) {
    let number = |name: &str| param(name).and_then(Value::as_u64);
    match code {
        "length" => {
            let value = param("value");
            let is_list = value.is_some_and(Value::is_array);
            let length = value.and_then(|value| match value {
                Value::String(text) => Some(text.chars().count() as u64),
                Value::Array(items) => Some(items.len() as u64),
                _ => None,
            });
            let (min, max) = match number("equal") {
                Some(equal) => (Some(equal), Some(equal)),
                None => (number("min"), number("max")),
            };
            let too_long = matches!((length, max), (Some(length), Some(max)) if length > max);
            match (min, max, too_long) {
                (Some(min), _, false) if is_list => (
                    Rule::MinItems(min),
                    format!("must have at least {min} items"),
                ),
                (Some(min), _, false) => (
                    Rule::MinLength(min),
                    format!("length must be at least {min}"),
                ),
                (_, Some(max), _) if is_list => (
                    Rule::MaxItems(max),
                    format!("must have at most {max} items"),
                ),
                (_, Some(max), _) => (
                    Rule::MaxLength(max),
                    format!("length must be at most {max}"),
                ),
                _ => (
                    Rule::Other("length".into()),
                    "has an invalid length".to_owned(),
                ),
            }
        }
        "range" => {
            let bound = |name: &str| param(name).and_then(|value| value.as_number().cloned());
            let value = param("value").and_then(Value::as_f64);
            let min = bound("min").or_else(|| bound("exclusive_min"));
            let max = bound("max").or_else(|| bound("exclusive_max"));
            let too_big = matches!((value, &max), (Some(value), Some(max)) if max.as_f64().is_some_and(|max| value > max));
            match (min, max, too_big) {
                (Some(min), _, false) => {
                    let reason = format!("must be at least {min}");
                    (Rule::Min(min), reason)
                }
                (_, Some(max), _) => {
                    let reason = format!("must be at most {max}");
                    (Rule::Max(max), reason)
                }
                _ => (Rule::Other("range".into()), "is out of range".to_owned()),
            }
        }
        "required" => (Rule::Required, "is required".to_owned()),
        "email" => (
            Rule::Other("email".into()),
            "must be a valid email address".to_owned(),
        ),
        "url" => (Rule::Other("url".into()), "must be a valid URL".to_owned()),
        "regex" => (
            Rule::Other("matches_regex".into()),
            "has an invalid format".to_owned(),
        ),
        "must_match" => {
            let other = param("other")
                .and_then(Value::as_str)
                .unwrap_or("the other field");
            (
                Rule::Other("must_match".into()),
                format!("must match {other}"),
            )
        }
        code => (
            Rule::Other(code.to_owned().into()),
            format!("is invalid ({code})"),
        ),
    }
}
