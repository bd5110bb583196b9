//! Field-level problems: which input was wrong, by which rule, and why.
//!
//! A variant holds them in an `#[api(violations)]` field; each format renders them in its own
//! shape (Konnect's `invalid_parameters`, FastAPI's `detail` items, the envelope's `details`,
//! one error object each in `errors`).

use std::borrow::Cow;
use std::fmt;

/// One field-level problem.
///
/// # Examples
///
/// ```
/// use apifault::{Rule, Source, Violation};
///
/// let violation = Violation::new("name", "cannot be blank")
///     .with_rule(Rule::Required)
///     .with_source(Source::Body);
/// assert_eq!(violation.path().to_string(), "name");
/// assert_eq!(violation.reason(), "cannot be blank");
///
/// let nested = Violation::new("items[2].sku", "is too short").with_rule(Rule::MinLength(8));
/// assert_eq!(nested.path().segments().len(), 3);
/// assert_eq!(nested.path().to_string(), "items[2].sku");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    path: FieldPath,
    reason: Cow<'static, str>,
    rule: Option<Rule>,
    source: Option<Source>,
    input: Option<serde_json::Value>,
}

impl Violation {
    /// A problem with the input at `path` (`"name"`, `"items[2].sku"`, or segments), explained
    /// by `reason`.
    pub fn new(path: impl Into<FieldPath>, reason: impl Into<Cow<'static, str>>) -> Self {
        Violation {
            path: path.into(),
            reason: reason.into(),
            rule: None,
            source: None,
            input: None,
        }
    }

    /// The rule that failed.
    #[must_use]
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }

    /// Where in the request the input was.
    #[must_use]
    pub fn with_source(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    /// The offending input, echoed back to the client. Only set it when the value is safe to
    /// show (never a password or a token).
    #[must_use]
    pub fn with_input(mut self, input: impl Into<serde_json::Value>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// Where the problem is.
    #[must_use]
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// Why the input is wrong, for people.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The rule that failed, if known.
    #[must_use]
    pub fn rule(&self) -> Option<&Rule> {
        self.rule.as_ref()
    }

    /// Where in the request the input was, if known.
    #[must_use]
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    /// The offending input, if it is to be echoed.
    #[must_use]
    pub fn input(&self) -> Option<&serde_json::Value> {
        self.input.as_ref()
    }

    /// The error type FastAPI (Pydantic) reports: [`Rule::fastapi_type`], but for an exact
    /// length, which is `string_too_short` or `string_too_long` (`too_short`, `too_long` for
    /// a list) as the echoed input is shorter or longer; `value_error` without a rule.
    ///
    /// ```
    /// use apifault::{Rule, Violation};
    ///
    /// let short = Violation::new("isbn", "too short").with_rule(Rule::ExactLength(13)).with_input("12");
    /// assert_eq!(short.fastapi_type(), "string_too_short");
    /// ```
    #[must_use]
    pub fn fastapi_type(&self) -> &str {
        let shorter = |bound: u64| match &self.input {
            Some(serde_json::Value::String(text)) => (text.chars().count() as u64) < bound,
            Some(serde_json::Value::Array(items)) => (items.len() as u64) < bound,
            _ => false,
        };
        match &self.rule {
            Some(Rule::ExactLength(n)) if shorter(*n) => "string_too_short",
            Some(Rule::ExactItems(n)) if shorter(*n) => "too_short",
            Some(rule) => rule.fastapi_type(),
            None => "value_error",
        }
    }
}

/// The location of a field in the input: keys and list indices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath {
    segments: Vec<PathSegment>,
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// A member name.
    Key(Cow<'static, str>),
    /// A position in a list.
    Index(usize),
}

impl FieldPath {
    /// The steps, outermost first.
    #[must_use]
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Appends a member name.
    #[must_use]
    pub fn key(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.segments.push(PathSegment::Key(key.into()));
        self
    }

    /// Appends a list index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.segments.push(PathSegment::Index(index));
        self
    }

    /// Parses `a.b[2].c`: dots separate keys, `[n]` is an index.
    fn parse(path: &str) -> Self {
        let mut segments = Vec::new();
        for part in path.split('.') {
            let (key, mut rest) = part
                .split_once('[')
                .map_or((part, ""), |(key, rest)| (key, rest));
            if !key.is_empty() {
                segments.push(PathSegment::Key(Cow::Owned(key.to_owned())));
            }
            while let Some((index, after)) = rest.split_once(']') {
                match index.parse() {
                    Ok(index) => segments.push(PathSegment::Index(index)),
                    Err(_) => segments.push(PathSegment::Key(Cow::Owned(format!("[{index}]")))),
                }
                rest = after.strip_prefix('[').unwrap_or(after);
            }
        }
        FieldPath { segments }
    }
}

/// Dotted keys, bracketed indices: `items[2].sku`.
impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for FieldPath {
    fn from(path: &str) -> Self {
        FieldPath::parse(path)
    }
}

impl From<String> for FieldPath {
    fn from(path: String) -> Self {
        FieldPath::parse(&path)
    }
}

impl From<Vec<PathSegment>> for FieldPath {
    fn from(segments: Vec<PathSegment>) -> Self {
        FieldPath { segments }
    }
}

impl<const N: usize> From<[PathSegment; N]> for FieldPath {
    fn from(segments: [PathSegment; N]) -> Self {
        FieldPath {
            segments: segments.into(),
        }
    }
}

impl From<&'static str> for PathSegment {
    fn from(key: &'static str) -> Self {
        PathSegment::Key(Cow::Borrowed(key))
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        PathSegment::Index(index)
    }
}

/// Where in the request an input was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The request body.
    Body,
    /// The query string.
    Query,
    /// A path parameter.
    Path,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl Source {
    /// The lowercase name used on the wire: `body`, `query`, `path`, `header`, `cookie`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Body => "body",
            Source::Query => "query",
            Source::Path => "path",
            Source::Header => "header",
            Source::Cookie => "cookie",
        }
    }
}

/// The validation rule that failed, with its bound where it has one.
///
/// Each format names rules its own way: [`Rule::konnect_name`] gives Konnect's
/// (`min_length`, ...), [`Rule::fastapi_type`] Pydantic's (`string_too_short`, ...).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// A value is missing.
    Required,
    /// A string is shorter than this.
    MinLength(u64),
    /// A string is longer than this.
    MaxLength(u64),
    /// A list has fewer items than this.
    MinItems(u64),
    /// A list has more items than this.
    MaxItems(u64),
    /// A number is below this (the bound itself is allowed).
    Min(serde_json::Number),
    /// A number is above this (the bound itself is allowed).
    Max(serde_json::Number),
    /// A number is not greater than this (an exclusive lower bound: validator's
    /// `exclusive_min`).
    GreaterThan(serde_json::Number),
    /// A number is not less than this (an exclusive upper bound: validator's
    /// `exclusive_max`).
    LessThan(serde_json::Number),
    /// A string does not have exactly this many characters (validator's `length(equal)`;
    /// garde reports its `length(equal)` with the messages of `min` and `max`, so it comes out
    /// as [`Rule::MinLength`] or [`Rule::MaxLength`]).
    ExactLength(u64),
    /// A list does not have exactly this many items (validator's `length(equal)` on a list).
    ExactItems(u64),
    /// The value is not one of these.
    Enum(Vec<serde_json::Value>),
    /// These other fields must be given together with this one.
    DependentFields(Vec<Cow<'static, str>>),
    /// Any other rule, by the name clients know it by: Pydantic's type names for type
    /// problems (`int_parsing`, `string_type`, `extra_forbidden`, ...), and for the rules of
    /// validator and garde that have no bound:
    ///
    /// | name | validator | garde |
    /// |---|---|---|
    /// | `email` | `email` | `email` |
    /// | `url` | `url` | `url` |
    /// | `matches_regex` (Konnect's) | `regex` | `pattern` |
    /// | `must_match` | `must_match` | `matches` |
    /// | `contains` | `contains` | `contains` |
    /// | `does_not_contain` | `does_not_contain` | |
    /// | `prefix` | | `prefix` |
    /// | `suffix` | | `suffix` |
    /// | `credit_card` | `credit_card` | `credit_card` |
    /// | `phone_number` | | `phone_number` |
    /// | `ip` | `ip` (v4 or v6) | `ip`, `ipv4`, `ipv6` |
    /// | `ascii` | | `ascii` |
    /// | `alphanumeric` | | `alphanumeric` |
    /// | `non_control_character` | `non_control_character` | |
    /// | the error's code | `custom`, `schema` (a function's code) | |
    /// | `custom` | | `custom` (any message no built-in rule writes) |
    ///
    /// The rules with a bound are their own variants (validator's `length`, `range`, garde's
    /// `length`, `range`), `required` is [`Rule::Required`] (both), and validator's `nested`
    /// and garde's `dive` and `inner` are no rule of their own: they give the inner rules
    /// their paths (`address.city`, `lines[2].sku`).
    Other(Cow<'static, str>),
}

impl Rule {
    /// The rule's name in Kong Konnect's `invalid_parameters` items: one of Konnect's
    /// `InvalidRules` where it has one. Pydantic's type names under [`Rule::Other`] become
    /// Konnect's (`int_parsing` is `is_integer`, `extra_forbidden` is `unknown_property`),
    /// exclusive bounds and exact lengths are `invalid` (Konnect has no rule for them; the
    /// reason says which), any other name is kept.
    ///
    /// ```
    /// use apifault::Rule;
    ///
    /// assert_eq!(Rule::MinLength(3).konnect_name(), "min_length");
    /// assert_eq!(Rule::Other("int_parsing".into()).konnect_name(), "is_integer");
    /// assert_eq!(Rule::Other("email".into()).konnect_name(), "email");
    /// ```
    #[must_use]
    pub fn konnect_name(&self) -> &str {
        match self {
            Rule::Required => "required",
            Rule::MinLength(_) => "min_length",
            Rule::MaxLength(_) => "max_length",
            Rule::MinItems(_) => "min_items",
            Rule::MaxItems(_) => "max_items",
            Rule::Min(_) => "min",
            Rule::Max(_) => "max",
            Rule::GreaterThan(_)
            | Rule::LessThan(_)
            | Rule::ExactLength(_)
            | Rule::ExactItems(_) => "invalid",
            Rule::Enum(_) => "enum",
            Rule::DependentFields(_) => "dependent_fields",
            Rule::Other(name) => match name.as_ref() {
                "missing" => "required",
                "string_type" => "is_string",
                "int_type" | "int_parsing" | "int_from_float" => "is_integer",
                "float_type" | "float_parsing" => "is_number",
                "bool_type" | "bool_parsing" => "is_boolean",
                "list_type" | "tuple_type" => "is_array",
                "dict_type" | "model_type" | "model_attributes_type" => "is_object",
                "none_required" => "is_null",
                "extra_forbidden" => "unknown_property",
                "json_invalid" | "value_error" | "too_many_errors" => "invalid",
                other => other,
            },
        }
    }

    /// The rule's own name: Konnect's for the rules Konnect has (`min_length`, `required`),
    /// `greater_than`, `less_than`, `exact_length` and `exact_items` for the others, and the
    /// name given to [`Rule::Other`] as it is.
    ///
    /// ```
    /// use apifault::Rule;
    ///
    /// assert_eq!(Rule::GreaterThan(0.into()).name(), "greater_than");
    /// assert_eq!(Rule::Other("int_parsing".into()).name(), "int_parsing");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Rule::GreaterThan(_) => "greater_than",
            Rule::LessThan(_) => "less_than",
            Rule::ExactLength(_) => "exact_length",
            Rule::ExactItems(_) => "exact_items",
            Rule::Other(name) => name,
            other => other.konnect_name(),
        }
    }

    /// The error type FastAPI (Pydantic) reports for the rule.
    #[must_use]
    pub fn fastapi_type(&self) -> &str {
        match self {
            Rule::Required => "missing",
            Rule::MinLength(_) => "string_too_short",
            // Pydantic has no exact length: `min_length == max_length` fails one or the other,
            // which [`Violation::fastapi_type`] tells from the input.
            Rule::MaxLength(_) | Rule::ExactLength(_) => "string_too_long",
            Rule::MinItems(_) => "too_short",
            Rule::MaxItems(_) | Rule::ExactItems(_) => "too_long",
            Rule::Min(_) => "greater_than_equal",
            Rule::Max(_) => "less_than_equal",
            Rule::GreaterThan(_) => "greater_than",
            Rule::LessThan(_) => "less_than",
            Rule::Enum(_) => "enum",
            Rule::DependentFields(_) => "dependent_fields",
            Rule::Other(name) => name,
        }
    }
}

/// Field-level problems reported by a validation library (or a framework's rejection), as
/// violations: paths, rules and bounds mapped to [`Rule`]s.
///
/// Implemented for `validator::ValidationErrors` (feature `validator`) and `garde::Report`
/// (feature `garde`), by value and by reference. The violations come sorted by path, so the
/// same input always gives the same body.
pub trait IntoViolations {
    /// The violations, sorted by path.
    fn into_violations(self) -> Vec<Violation>;
}

/// Sorts by path (as written), then by reason: validation libraries report in hash order.
#[cfg(any(feature = "validator", feature = "garde"))]
pub(crate) fn sort(mut violations: Vec<Violation>) -> Vec<Violation> {
    violations.sort_by(|a, b| {
        (a.path.to_string(), a.reason.as_ref()).cmp(&(b.path.to_string(), b.reason.as_ref()))
    });
    violations
}
