//! `garde::Report` as violations.
//!
//! garde's `Error` holds only a message (`garde::Error::message`; no code, no parameters), so
//! the rule is read back from the messages garde's built-in rules write, in one function
//! (`rule`, tested against every rule's message):
//!
//! | garde | message | [`Rule`] |
//! |---|---|---|
//! | `length(min)` | `length is lower than 3` | [`Rule::MinLength`] |
//! | `length(max)` | `length is greater than 8` | [`Rule::MaxLength`] |
//! | `range(min)` | `lower than 18` | [`Rule::Min`] |
//! | `range(max)` | `greater than 150` | [`Rule::Max`] |
//! | `required` | `not set` | [`Rule::Required`] |
//! | `email`, `url`, `pattern`, `matches`, `ip`/`ipv4`/`ipv6`, `phone_number`, `credit_card`, `ascii`, `alphanumeric`, `contains`, `prefix`, `suffix` | `not a valid email: ...`, ... | [`Rule::Other`], named as its docs list |
//! | `custom`, or any other message | the function's message | `Rule::Other("custom")` |
//! | `dive`, `inner` | the inner rules' messages | the inner rules, at the inner paths |
//!
//! What garde's messages cannot say: `length(equal = n)` writes the messages of `min` and
//! `max` (so it is [`Rule::MinLength`] or [`Rule::MaxLength`], never [`Rule::ExactLength`]),
//! a list's length reads like a string's (so a list is [`Rule::MinLength`] here; the
//! validating extractors, which see the input, make it [`Rule::MinItems`]), and garde's
//! `range` has no exclusive bounds. The reason of a built-in
//! rule is Pydantic's wording, as for validator; a custom rule keeps its message.

use garde::Report;

use crate::format::detail::pydantic_message;
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
/// assert_eq!(violations[0].reason(), "Input should be less than or equal to 150");
/// assert_eq!(violations[1].path().to_string(), "name");
/// assert_eq!(violations[1].rule(), Some(&Rule::MinLength(3)));
/// assert_eq!(violations[1].reason(), "String should have at least 3 characters");
/// ```
impl IntoViolations for &Report {
    fn into_violations(self) -> Vec<Violation> {
        let violations = self
            .iter()
            .map(|(path, error)| {
                let message = error.message();
                let (rule, reason) = rule(message);
                Violation::new(FieldPath::from(path.to_string()), reason).with_rule(rule)
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

/// The rule a garde message states, and the reason to give: Pydantic's wording for a rule
/// with a bound, the message itself otherwise. The one place garde's English is read.
pub(crate) fn rule(message: &str) -> (Rule, String) {
    let number = |text: &str| text.trim().parse::<serde_json::Number>().ok();
    let count = |text: &str| text.trim().parse::<u64>().ok();
    let bounded = if let Some(n) = message
        .strip_prefix("length is lower than ")
        .and_then(count)
    {
        Some(Rule::MinLength(n))
    } else if let Some(n) = message
        .strip_prefix("length is greater than ")
        .and_then(count)
    {
        Some(Rule::MaxLength(n))
    } else if let Some(n) = message.strip_prefix("lower than ").and_then(number) {
        Some(Rule::Min(n))
    } else if let Some(n) = message.strip_prefix("greater than ").and_then(number) {
        Some(Rule::Max(n))
    } else if message == "not set" {
        Some(Rule::Required)
    } else {
        None
    };
    if let Some(rule) = bounded {
        let reason = pydantic_message(&rule, None).unwrap_or_else(|| message.to_owned());
        return (rule, reason);
    }
    let name = match message {
        m if m.starts_with("not a valid email") => "email",
        m if m.starts_with("not a valid url") => "url",
        m if m.starts_with("does not match pattern /") => "matches_regex",
        m if m.starts_with("does not match ") && m.ends_with(" field") => "must_match",
        m if m.starts_with("not a valid phone number") => "phone_number",
        m if m.starts_with("not a valid credit card") => "credit_card",
        m if m.starts_with("not a valid ") && m.ends_with(" address") => "ip",
        "not alphanumeric" => "alphanumeric",
        "not ascii" => "ascii",
        m if m.starts_with("does not contain \"") => "contains",
        m if m.starts_with("value does not begin with \"") => "prefix",
        m if m.starts_with("does not end with \"") => "suffix",
        _ => "custom",
    };
    (Rule::Other(name.into()), message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::rule;
    use crate::violation::Rule;

    /// Every message garde 0.22's built-in rules write (`garde/src/rules/*.rs`).
    #[test]
    fn every_builtin_message() {
        let name = |message: &str| rule(message).0;
        let other = |name: &'static str| Rule::Other(name.into());
        assert_eq!(name("length is lower than 3"), Rule::MinLength(3));
        assert_eq!(name("length is greater than 8"), Rule::MaxLength(8));
        assert_eq!(name("lower than 18"), Rule::Min(18.into()));
        assert_eq!(
            name("greater than 1.5"),
            Rule::Max(serde_json::Number::from_f64(1.5).unwrap())
        );
        assert_eq!(name("not set"), Rule::Required);
        assert_eq!(
            name("not a valid email: value is missing `@`"),
            other("email")
        );
        assert_eq!(
            name("not a valid url: relative URL without a base"),
            other("url")
        );
        assert_eq!(
            name("does not match pattern /^[a-z]+$/"),
            other("matches_regex")
        );
        assert_eq!(name("does not match password field"), other("must_match"));
        assert_eq!(name("not a valid IPv4 address"), other("ip"));
        assert_eq!(name("not a valid IP address"), other("ip"));
        assert_eq!(name("not a valid phone number"), other("phone_number"));
        assert_eq!(
            name("not a valid credit card number: invalid format"),
            other("credit_card")
        );
        assert_eq!(name("not ascii"), other("ascii"));
        assert_eq!(name("not alphanumeric"), other("alphanumeric"));
        assert_eq!(name("does not contain \"@\""), other("contains"));
        assert_eq!(name("value does not begin with \"sk_\""), other("prefix"));
        assert_eq!(name("does not end with \".com\""), other("suffix"));
        assert_eq!(name("must be a prime"), other("custom"));
        // A custom message that happens to start like a bound is still a bound only if the
        // rest is a number.
        assert_eq!(name("greater than the limit"), other("custom"));
        assert_eq!(
            rule("length is lower than 1").1,
            "String should have at least 1 character"
        );
        assert_eq!(rule("must be a prime").1, "must be a prime");
    }
}
