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
}

/// The location of a field in the input: keys and list indices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath {
    segments: Vec<PathSegment>,
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// A number is below this.
    Min(serde_json::Number),
    /// A number is above this.
    Max(serde_json::Number),
    /// The value is not one of these.
    Enum(Vec<serde_json::Value>),
    /// These other fields must be given together with this one.
    DependentFields(Vec<Cow<'static, str>>),
    /// Any other rule, by the name clients know it by (`is_array`, `int_parsing`, `email`, ...).
    Other(Cow<'static, str>),
}

impl Rule {
    /// The rule's name in Kong Konnect's `invalid_parameters` items.
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
            Rule::Enum(_) => "enum",
            Rule::DependentFields(_) => "dependent_fields",
            Rule::Other(name) => name,
        }
    }

    /// The error type FastAPI (Pydantic) reports for the rule.
    #[must_use]
    pub fn fastapi_type(&self) -> &str {
        match self {
            Rule::Required => "missing",
            Rule::MinLength(_) => "string_too_short",
            Rule::MaxLength(_) => "string_too_long",
            Rule::MinItems(_) => "too_short",
            Rule::MaxItems(_) => "too_long",
            Rule::Min(_) => "greater_than_equal",
            Rule::Max(_) => "less_than_equal",
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
