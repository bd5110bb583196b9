//! `garde::Report` as violations. garde reports messages, not codes, so rules are read back
//! from its messages (`length is lower than 3` is [`Rule::MinLength`]`(3)`); a message that
//! names no known rule keeps its text under [`Rule::Other`]`("invalid")`.

use garde::Report;

use crate::violation::{FieldPath, IntoViolations, Rule, Violation, sort};

/// ```
/// use apifault::{IntoViolations, Rule};
/// use garde::Validate;
///
/// #[derive(Validate)]
/// struct Signup {
///     #[garde(length(min = 3))]
///     name: String,
///     #[garde(range(max = 150))]
///     age: u8,
/// }
///
/// let report = Signup { name: "ab".into(), age: 200 }.validate().unwrap_err();
/// let violations = report.into_violations();
/// assert_eq!(violations[0].path().to_string(), "age");
/// assert_eq!(violations[0].rule(), Some(&Rule::Max(150.into())));
/// assert_eq!(violations[1].path().to_string(), "name");
/// assert_eq!(violations[1].rule(), Some(&Rule::MinLength(3)));
/// assert_eq!(violations[1].reason(), "length is lower than 3");
/// ```
impl IntoViolations for &Report {
    fn into_violations(self) -> Vec<Violation> {
        let violations = self
            .iter()
            .map(|(path, error)| {
                let message = error.message();
                Violation::new(FieldPath::from(path.to_string()), message.to_owned())
                    .with_rule(rule(message))
            })
            .collect();
        sort(violations)
    }
}

impl IntoViolations for Report {
    fn into_violations(self) -> Vec<Violation> {
        (&self).into_violations()
    }
}

/// The rule a garde message states.
fn rule(message: &str) -> Rule {
    let number = |text: &str| text.trim().parse::<serde_json::Number>().ok();
    if let Some(bound) = message
        .strip_prefix("length is lower than ")
        .and_then(|n| n.trim().parse().ok())
    {
        return Rule::MinLength(bound);
    }
    if let Some(bound) = message
        .strip_prefix("length is greater than ")
        .and_then(|n| n.trim().parse().ok())
    {
        return Rule::MaxLength(bound);
    }
    if let Some(bound) = message.strip_prefix("lower than ").and_then(number) {
        return Rule::Min(bound);
    }
    if let Some(bound) = message.strip_prefix("greater than ").and_then(number) {
        return Rule::Max(bound);
    }
    let name = match message {
        "not set" => return Rule::Required,
        m if m.starts_with("not a valid email") => "email",
        m if m.starts_with("not a valid url") => "url",
        m if m.starts_with("does not match pattern") => "matches_regex",
        m if m.starts_with("does not match") => "must_match",
        m if m.starts_with("not a valid") && m.ends_with("address") => "ip",
        m if m.starts_with("not a valid phone number") => "phone_number",
        m if m.starts_with("not a valid credit card") => "credit_card",
        "not alphanumeric" => "alphanumeric",
        "not ascii" => "ascii",
        m if m.starts_with("does not contain") => "contains",
        m if m.starts_with("value does not begin with") => "prefix",
        m if m.starts_with("does not end with") => "suffix",
        _ => "invalid",
    };
    Rule::Other(name.into())
}
