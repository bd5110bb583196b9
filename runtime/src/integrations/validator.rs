//! `validator::ValidationErrors` as violations: nested structs and lists become paths
//! (`address.city`, `items[2].sku`), each error's `code` and `params` become a [`Rule`] with
//! its bound (read from the parameters validator records, never from a message).
//!
//! | validator | [`Rule`] |
//! |---|---|
//! | `length(min)`, `length(max)` on a string | [`Rule::MinLength`], [`Rule::MaxLength`] |
//! | `length(min)`, `length(max)` on a list (or map) | [`Rule::MinItems`], [`Rule::MaxItems`] |
//! | `length(equal)` | [`Rule::ExactLength`], [`Rule::ExactItems`] |
//! | `range(min)`, `range(max)` | [`Rule::Min`], [`Rule::Max`] |
//! | `range(exclusive_min)`, `range(exclusive_max)` | [`Rule::GreaterThan`], [`Rule::LessThan`] |
//! | `required` | [`Rule::Required`] |
//! | `nested` | no rule: the inner errors' paths |
//! | `email`, `url`, `regex`, `must_match`, `contains`, `does_not_contain`, `credit_card`, `non_control_character`, `ip` | [`Rule::Other`], named as its docs list |
//! | `custom`, `schema` (and any code a function chose) | [`Rule::Other`] with the code |
//!
//! When `length` or `range` has two bounds, the one the value breaks is the rule (validator
//! records the value as the `value` parameter). The reason is the error's `message` when the
//! model gives one, otherwise Pydantic's wording (`String should have at least 3 characters`),
//! as FastAPI words the same rule.

use std::borrow::Cow;

use serde_json::{Number, Value};
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::format::detail::pydantic_message;
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
///     #[validate(range(exclusive_min = 0.0))]
///     balance: f64,
/// }
///
/// let errors = Signup { name: "ab".into(), email: "nope".into(), balance: 0.0 }.validate().unwrap_err();
/// let violations = errors.into_violations();
/// assert_eq!(violations[0].path().to_string(), "balance");
/// assert_eq!(violations[0].rule(), Some(&Rule::GreaterThan(serde_json::Number::from_f64(0.0).unwrap())));
/// assert_eq!(violations[0].reason(), "Input should be greater than 0");
/// assert_eq!(violations[1].path().to_string(), "email");
/// assert_eq!(violations[1].rule(), Some(&Rule::Other("email".into())));
/// assert_eq!(violations[2].path().to_string(), "name");
/// assert_eq!(violations[2].rule(), Some(&Rule::MinLength(3)));
/// assert_eq!(violations[2].reason(), "String should have at least 3 characters");
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
    let (rule, default_reason) = rule(&error.code, &|name| error.params.get(name));
    let reason = error.message.clone().unwrap_or(Cow::Owned(default_reason));
    Violation::new(path, reason).with_rule(rule)
}

/// The length of a `value` parameter: characters of a string, items of a list or map.
fn length_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => Some(text.chars().count() as u64),
        Value::Array(items) => Some(items.len() as u64),
        Value::Object(members) => Some(members.len() as u64),
        _ => None,
    }
}

/// The rule and its default reason for a validator `code` and its parameters.
fn rule<'a>(code: &str, param: &dyn Fn(&str) -> Option<&'a Value>) -> (Rule, String) {
    let named = |name: &'static str, reason: &str| (Rule::Other(name.into()), reason.to_owned());
    match code {
        "length" => length_rule(param),
        "range" => range_rule(param),
        "required" => (Rule::Required, "Field required".to_owned()),
        "email" => named("email", "Input should be a valid email address"),
        "url" => named("url", "Input should be a valid URL"),
        "regex" => named("matches_regex", "String should match the required pattern"),
        // `other` is the other field's value (perhaps a password): never in the reason.
        "must_match" => named("must_match", "Input should match the other field"),
        "contains" => match param("needle").and_then(Value::as_str) {
            Some(needle) => (
                Rule::Other("contains".into()),
                format!("String should contain {needle:?}"),
            ),
            None => named("contains", "String should contain the required text"),
        },
        "does_not_contain" => match param("needle").and_then(Value::as_str) {
            Some(needle) => (
                Rule::Other("does_not_contain".into()),
                format!("String should not contain {needle:?}"),
            ),
            None => named("does_not_contain", "String should not contain the text"),
        },
        "credit_card" => named("credit_card", "Input should be a valid credit card number"),
        "non_control_character" => named(
            "non_control_character",
            "String should not contain control characters",
        ),
        "ip" => named("ip", "Input should be a valid IP address"),
        code => (
            Rule::Other(code.to_owned().into()),
            format!("Value error, {code}"),
        ),
    }
}

fn length_rule<'a>(param: &dyn Fn(&str) -> Option<&'a Value>) -> (Rule, String) {
    let number = |name: &str| param(name).and_then(Value::as_u64);
    let value = param("value");
    let is_list = value.is_some_and(|value| value.is_array() || value.is_object());
    let length = value.and_then(length_of);
    let rule = if let Some(equal) = number("equal") {
        if is_list {
            Rule::ExactItems(equal)
        } else {
            Rule::ExactLength(equal)
        }
    } else {
        let (min, max) = (number("min"), number("max"));
        let too_long = matches!((length, max), (Some(length), Some(max)) if length > max);
        match (min, max, is_list) {
            (_, Some(max), true) if too_long || min.is_none() => Rule::MaxItems(max),
            (Some(min), _, true) => Rule::MinItems(min),
            (_, Some(max), false) if too_long || min.is_none() => Rule::MaxLength(max),
            (Some(min), _, false) => Rule::MinLength(min),
            _ => {
                return (
                    Rule::Other("length".into()),
                    "Value error, length".to_owned(),
                );
            }
        }
    };
    let reason = pydantic_message(&rule, length).unwrap_or_default();
    (rule, reason)
}

/// A `range` parameter, the test a value fails it by, and its rule.
type RangeBound = (&'static str, fn(f64, f64) -> bool, fn(Number) -> Rule);

fn range_rule<'a>(param: &dyn Fn(&str) -> Option<&'a Value>) -> (Rule, String) {
    let bound = |name: &str| param(name).and_then(Value::as_number).cloned();
    let value = param("value").and_then(Value::as_f64);
    // Each bound with the test the value failed, lower bounds first (validator checks them
    // in this order too).
    let checks: [RangeBound; 4] = [
        ("min", |v, b| v < b, Rule::Min),
        ("exclusive_min", |v, b| v <= b, Rule::GreaterThan),
        ("max", |v, b| v > b, Rule::Max),
        ("exclusive_max", |v, b| v >= b, Rule::LessThan),
    ];
    let broken = checks.iter().find_map(|(name, fails, make)| {
        let bound = bound(name)?;
        let limit = bound.as_f64()?;
        value
            .is_some_and(|value| fails(value, limit))
            .then(|| make(bound))
    });
    // Without a readable value, the first bound given.
    let rule = broken.or_else(|| {
        checks
            .iter()
            .find_map(|(name, _, make)| bound(name).map(make))
    });
    match rule {
        Some(rule) => {
            let reason = pydantic_message(&rule, None).unwrap_or_default();
            (rule, reason)
        }
        None => (Rule::Other("range".into()), "Value error, range".to_owned()),
    }
}
