//! Every problem of an input at once, for plain serde types.
//!
//! serde stops at the first error (serde-rs/json#173); FastAPI lists every missing field,
//! every wrong type and every unknown field of a request. [`from_value`] gets the same list
//! for any `T: Deserialize`, with no derive of its own:
//!
//! 1. `T` is deserialized from a `serde_json::Value` through a deserializer that tracks the
//!    path (as `serde_path_to_error` does) and checks each value against the type the
//!    visitor asks for (`deserialize_u8` on `-1`, `deserialize_str` on `5`). A wrong type is
//!    recorded and answered with a *wildcard* (a plausible value of the asked type), so one
//!    pass finds every wrong type.
//! 2. A problem only the visitor sees (a missing field, an unknown field of a
//!    `deny_unknown_fields` type, a custom `Deserialize` that refused) ends the pass. It is
//!    recorded at the deserializer's path and *patched*: a wildcard is inserted for a missing
//!    field, an unknown field is skipped, a refused value becomes a wildcard. The next pass
//!    starts over with every patch, until `T` deserializes or [`MAX_PASSES`] passes have run.
//! 3. The problems are sorted as Pydantic orders them: by the declaration order of each
//!    struct's fields (the `fields` that `deserialize_struct` receives), list items by index,
//!    unknown fields after the declared ones in input order.
//!
//! The list is bounded: at most [`MAX_PROBLEMS`] items, then one item
//! (rule `too_many_errors`) saying how many more were found; echoed inputs are bounded too
//! ([`MAX_ECHOED_NODES`] JSON nodes over all items; past that, `input` is left out).
//! `serde_json` refuses nesting deeper than 128 before any of this runs, and the passes recurse
//! no deeper than the value, so hostile input cannot overflow the stack.
//!
//! A valid input never comes here: the extractors deserialize with `serde_json` (or
//! `serde_urlencoded`) first, exactly as axum's do, and only a body they reject is parsed into a
//! `Value` and replayed. That is why a valid body costs what `axum::Json` costs (see
//! BENCHMARKS.md), and why a type is accepted exactly when serde accepts it. The alternatives,
//! measured side by side in BENCHMARKS.md ("The candidates"), were `eserde` (its own derive on
//! every type; ten times faster on a bad body, but it reported 8 of 20 problems) and validating
//! against a JSON Schema of the type (`schemars` with `jsonschema`: every valid body costs 3.2x
//! more, missing and unknown fields are located at their object, and the schema is a second
//! source of truth for what serde accepts).
//!
//! Where serde's own English messages must still be read (a custom `Deserialize` that fails
//! with `invalid value: ...`), [`classify`] is the one function that reads them.
//!
//! An echoed object keeps the client's member order, as FastAPI's does, only with the
//! `preserve-order` feature (`serde_json/preserve_order`); without it its members are sorted.
//! The feature is opt-in because it switches every `serde_json::Map` of the build to
//! insertion order.
//!
//! ```
//! use apifault::collect::from_value;
//! use apifault::Source;
//!
//! #[derive(Debug, serde::Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Book { title: String, isbn: String, pages: u16 }
//!
//! let body = serde_json::json!({"title": 5, "isbn": true, "extra": 1});
//! let violations = from_value::<Book>(&body, Source::Body).unwrap_err();
//! let found: Vec<(String, &str)> = violations
//!     .iter()
//!     .map(|v| (v.path().to_string(), v.rule().unwrap().fastapi_type()))
//!     .collect();
//! assert_eq!(found, [
//!     ("title".to_owned(), "string_type"),
//!     ("isbn".to_owned(), "string_type"),
//!     ("pages".to_owned(), "missing"),
//!     ("extra".to_owned(), "extra_forbidden"),
//! ]);
//! assert_eq!(violations[2].input(), Some(&serde_json::json!({"title": 5, "isbn": true, "extra": 1})));
//! ```

#![allow(
    clippy::single_match_else,
    clippy::similar_names,
    clippy::struct_field_names,
    clippy::needless_lifetimes,
    reason = "a deserializer reads best as one match per value kind, with serde's own names"
)]

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::{Map, Value};

use crate::format::detail::pydantic_message;
use crate::violation::{FieldPath, PathSegment, Rule, Source, Violation};

/// The most problems listed for one input; past it, one more item says how many more there
/// were.
pub const MAX_PROBLEMS: usize = 50;

/// The most deserialization passes over one input. A pass finds every wrong type, but only
/// one problem that serde's visitors report (a missing or unknown field), so an input with
/// more of those than this lists the first ones and says that it stopped.
pub const MAX_PASSES: usize = 64;

/// The most JSON nodes echoed as `input` over all the items of one response (an object a
/// field is missing from is echoed whole, as FastAPI does); past it, `input` is left out.
pub const MAX_ECHOED_NODES: usize = 100_000;

/// How the input's values are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// JSON: a number is a number, a string a string.
    Json,
    /// A query string, form or path: every value is a string, parsed as the type asks.
    Text,
}

/// `T` from `value` (a JSON body), or every problem with it as violations with `source`.
///
/// # Errors
///
/// The violations, in Pydantic's order, when `value` is not a `T`.
pub fn from_value<T: DeserializeOwned>(value: &Value, source: Source) -> Result<T, Vec<Violation>> {
    let outcome = collect::<T>(value, Mode::Json, source);
    match outcome.value {
        Some(value) if outcome.violations.is_empty() => Ok(value),
        _ => Err(outcome.violations),
    }
}

/// `T` from `name=value` pairs (a query string, a form, path parameters: every value a string
/// that is parsed as the type asks, as `serde_urlencoded` does), or every problem with it.
/// A name given twice keeps its first value.
///
/// # Errors
///
/// The violations, in Pydantic's order, when the pairs are not a `T`.
///
/// ```
/// use apifault::collect::from_pairs;
/// use apifault::Source;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Search { q: String, limit: u8 }
///
/// let violations = from_pairs::<Search>([("limit", "300")], Source::Query).unwrap_err();
/// assert_eq!(violations[0].path().to_string(), "q");
/// assert_eq!(violations[0].input(), Some(&serde_json::Value::Null));
/// assert_eq!(violations[1].reason(), "Input should be less than or equal to 255");
/// assert_eq!(violations[1].input(), Some(&serde_json::json!("300")));
/// ```
pub fn from_pairs<'p, T: DeserializeOwned>(
    pairs: impl IntoIterator<Item = (&'p str, &'p str)>,
    source: Source,
) -> Result<T, Vec<Violation>> {
    let value = pairs_value(pairs);
    let outcome = collect::<T>(&value, Mode::Text, source);
    match outcome.value {
        Some(value) if outcome.violations.is_empty() => Ok(value),
        _ => Err(outcome.violations),
    }
}

/// The pairs as an object of strings, the first of a repeated name kept.
pub(crate) fn pairs_value<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> Value {
    let mut map = Map::new();
    for (name, value) in pairs {
        map.entry(name.to_owned())
            .or_insert_with(|| Value::String(value.to_owned()));
    }
    Value::Object(map)
}

/// What a replay found.
#[cfg_attr(
    not(any(feature = "axum", feature = "actix-web")),
    allow(dead_code, reason = "read by the extractors")
)]
pub(crate) struct Outcome<T> {
    /// `T`, possibly built with wildcards where `violations` point.
    pub(crate) value: Option<T>,
    /// The problems, sorted and bounded.
    pub(crate) violations: Vec<Violation>,
    /// The paths answered with wildcards: whatever `value` holds there is made up.
    pub(crate) patched: Vec<FieldPath>,
    /// The declaration order of the structs met, for sorting other violations alike.
    pub(crate) shapes: Shapes,
    /// Problems found past [`MAX_PROBLEMS`] (counted in the last item of `violations`).
    pub(crate) more: usize,
    /// Whether the passes ran out (said in the last item of `violations`).
    pub(crate) stopped: bool,
    /// More than [`MAX_PATCHED`] wildcards: `patched` is incomplete.
    pub(crate) overflow: bool,
}

/// The most wildcard paths kept for a validating extractor; an input with more wrong values
/// gets its type problems only (no rule can be shown sound without every path).
const MAX_PATCHED: usize = 10_000;

/// Deserializes `T` from `value`, collecting every problem.
pub(crate) fn collect<T: DeserializeOwned>(
    value: &Value,
    mode: Mode,
    source: Source,
) -> Outcome<T> {
    let mut trie = Node::default();
    let mut state = State {
        facts: Vec::new(),
        more: 0,
        pending: Vec::new(),
        echo_left: MAX_ECHOED_NODES,
        shapes: Shapes::default(),
        stopped: false,
    };
    let mut result = None;
    let mut ended = false;
    for _ in 0..MAX_PASSES {
        let cx = Cx {
            state: RefCell::new(state),
            mode,
        };
        let outcome = T::deserialize(Tracker {
            value,
            chain: &Chain::Root,
            node: Some(&trie),
            cx: &cx,
        });
        state = cx.state.into_inner();
        match outcome {
            Ok(value) => {
                result = Some(value);
                break;
            }
            Err(Error::Recorded) if !state.pending.is_empty() => {
                let mut progressed = false;
                for (path, patch) in state.pending.drain(..) {
                    progressed |= trie.insert(&path, patch);
                }
                if !progressed {
                    ended = true;
                    break;
                }
            }
            Err(Error::Recorded | Error::Stop) => {
                ended = true;
                break;
            }
            Err(error) => {
                // Not located by any tracker (cannot happen: the root tracker locates all).
                let (rule, reason) = error.rule_and_reason();
                state.record(Vec::new(), rule, reason, None);
                ended = true;
                break;
            }
        }
    }
    // Every pass found more: there may be problems no pass reached.
    state.stopped = result.is_none() && !ended;
    // The wildcards of the last pass are patched too: wrong types it answered on the spot.
    let mut patched = trie.paths();
    let mut overflow = false;
    for (path, patch) in &state.pending {
        if patched.len() >= MAX_PATCHED {
            overflow = true;
            break;
        }
        if *patch == Patch::Wildcard {
            patched.push(field_path(path));
        }
    }
    let shapes = state.shapes.clone();
    let (more, stopped) = (state.more, state.stopped);
    let violations = state.violations(source);
    Outcome {
        value: result,
        violations,
        patched,
        shapes,
        more,
        stopped,
        overflow,
    }
}

/// The type problems of `outcome` and the rule violations `rules` found on its value, as one
/// list: every item with `source`, in Pydantic's order (declaration order of each struct's
/// fields, list items by index; a type problem before a rule violation of the same field),
/// each rule violation echoing the client's value at its path (as FastAPI does: `0` where the
/// Rust value is `0.0`), bounded as [`from_value`]'s list is.
///
/// `outcome.value` may hold wildcards where a type problem was (so that the rest of the input
/// could still be validated); a rule violation that a wildcard could have caused or hidden is
/// dropped: one at a patched path, inside one, or around one (a list's length while one of
/// its items was a wildcard, a struct-level rule of a struct with a wildcard field), and when
/// anything was patched, the rules that compare a field with another (`must_match`), whose
/// other field may be the wildcard. What remains are rules on values the client sent.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn merge<T>(
    input: &Value,
    outcome: Outcome<T>,
    rules: Vec<Violation>,
    source: Source,
) -> Vec<Violation> {
    let Outcome {
        mut violations,
        patched,
        shapes,
        mut more,
        stopped,
        overflow,
        ..
    } = outcome;
    let rules = if overflow { Vec::new() } else { rules };
    if more > 0 || stopped {
        violations.pop();
    }
    let types = violations.len();
    let mut echo_left = violations
        .iter()
        .filter_map(Violation::input)
        .map(|value| count_nodes(value, usize::MAX).unwrap_or(0))
        .fold(MAX_ECHOED_NODES, usize::saturating_sub);
    // Every patched path and every path around one, for lookups by path.
    let mut around: std::collections::HashSet<&[PathSegment]> = std::collections::HashSet::new();
    let mut exact: std::collections::HashSet<&[PathSegment]> = std::collections::HashSet::new();
    for at in &patched {
        let at = at.segments();
        exact.insert(at);
        for end in 0..=at.len() {
            around.insert(&at[..end]);
        }
    }
    let sound = |violation: &Violation| {
        let path = violation.path().segments();
        let near_wildcard =
            around.contains(path) || (0..=path.len()).any(|end| exact.contains(&path[..end]));
        let cross_field = !patched.is_empty()
            && matches!(violation.rule(), Some(Rule::Other(name)) if name == "must_match");
        !near_wildcard && !cross_field
    };
    violations.extend(rules.into_iter().filter(sound));
    let mut keyed: Vec<(Vec<usize>, usize, Violation)> = violations
        .into_iter()
        .enumerate()
        .map(|(at, violation)| (shapes.order(violation.path()), at, violation))
        .collect();
    keyed.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    if keyed.len() > MAX_PROBLEMS {
        more += keyed.len() - MAX_PROBLEMS;
        keyed.truncate(MAX_PROBLEMS);
    }
    let mut merged: Vec<Violation> = keyed
        .into_iter()
        .map(|(_, at, violation)| {
            if at < types {
                return violation;
            }
            let violation = violation.with_source(source);
            let echo = value_at(input, violation.path()).and_then(|value| {
                let nodes = count_nodes(value, echo_left)?;
                echo_left -= nodes;
                Some(value.clone())
            });
            match echo {
                Some(value) => as_list_rule(violation, &value).with_input(value),
                None => violation,
            }
        })
        .collect();
    if more > 0 || stopped {
        merged.push(too_many(more, stopped, source));
    }
    merged
}

/// A string length rule on a list (garde words both alike) as the list's rule, reworded if
/// it had the string's wording.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn as_list_rule(violation: Violation, input: &Value) -> Violation {
    let Value::Array(items) = input else {
        return violation;
    };
    let list_rule = match violation.rule() {
        Some(Rule::MinLength(n)) => Rule::MinItems(*n),
        Some(Rule::MaxLength(n)) => Rule::MaxItems(*n),
        Some(Rule::ExactLength(n)) => Rule::ExactItems(*n),
        _ => return violation,
    };
    let worded = violation
        .rule()
        .and_then(|rule| pydantic_message(rule, None))
        .is_some_and(|default| default == violation.reason());
    let reason: Cow<'static, str> = if worded {
        pydantic_message(&list_rule, Some(items.len() as u64))
            .unwrap_or_default()
            .into()
    } else {
        violation.reason().to_owned().into()
    };
    let mut moved = Violation::new(violation.path().clone(), reason).with_rule(list_rule);
    if let Some(source) = violation.source() {
        moved = moved.with_source(source);
    }
    moved
}

/// The value at `path` in `input`, if there is one.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn value_at<'v>(input: &'v Value, path: &FieldPath) -> Option<&'v Value> {
    path.segments()
        .iter()
        .try_fold(input, |value, segment| match (segment, value) {
            (PathSegment::Key(key), Value::Object(members)) => members.get(key.as_ref()),
            (PathSegment::Index(index), Value::Array(items)) => items.get(*index),
            _ => None,
        })
}

/// A step of a path as recorded: owned keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

/// What a pass does differently at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Patch {
    /// Answer with a wildcard.
    Wildcard,
    /// Leave out this member (an unknown field the type denies).
    Skip,
    /// Add this member, as a wildcard (a missing field).
    Insert,
}

/// The patches, as a tree of paths.
#[derive(Debug, Default)]
struct Node {
    patch: Option<Patch>,
    /// In insertion order: missing members are inserted in the order they were found.
    children: Vec<(Seg, Node)>,
    /// Where each child is in `children`: a 2 MB list of wrong values patches hundreds of
    /// thousands of items of one node, and a scan per lookup made that quadratic (minutes of
    /// CPU for one request).
    index: HashMap<Seg, usize>,
}

impl Node {
    fn child(&self, seg: &Seg) -> Option<&Node> {
        self.index.get(seg).map(|&at| &self.children[at].1)
    }

    fn key(&self, key: &str) -> Option<&Node> {
        self.child(&Seg::Key(key.to_owned()))
    }

    /// Adds `patch` at `path`; false if it was there already (no progress).
    fn insert(&mut self, path: &[Seg], patch: Patch) -> bool {
        let Some((first, rest)) = path.split_first() else {
            let fresh = self.patch != Some(patch);
            self.patch = Some(patch);
            return fresh;
        };
        let at = *self.index.entry(first.clone()).or_insert_with(|| {
            self.children.push((first.clone(), Node::default()));
            self.children.len() - 1
        });
        self.children[at].1.insert(rest, patch)
    }

    fn paths(&self) -> Vec<FieldPath> {
        let mut out = Vec::new();
        self.walk(&mut Vec::new(), &mut out);
        out
    }

    fn walk(&self, at: &mut Vec<Seg>, out: &mut Vec<FieldPath>) {
        if matches!(self.patch, Some(Patch::Wildcard | Patch::Insert)) {
            out.push(field_path(at));
        }
        for (seg, node) in &self.children {
            at.push(seg.clone());
            node.walk(at, out);
            at.pop();
        }
    }
}

fn field_path(segs: &[Seg]) -> FieldPath {
    FieldPath::from(
        segs.iter()
            .map(|seg| match seg {
                Seg::Key(key) => PathSegment::Key(Cow::Owned(key.clone())),
                Seg::Index(index) => PathSegment::Index(*index),
            })
            .collect::<Vec<_>>(),
    )
}

/// The declaration order of the fields of each struct met, by path (list indices erased, so
/// one entry serves every item of a list). Bounded: at most [`MAX_SHAPES`] paths.
#[derive(Debug, Default, Clone)]
pub(crate) struct Shapes(HashMap<Vec<Option<String>>, &'static [&'static str]>);

/// The most struct paths whose field order is kept.
const MAX_SHAPES: usize = 1024;

impl Shapes {
    fn add(&mut self, chain: &Chain<'_>, fields: &'static [&'static str]) {
        if self.0.len() < MAX_SHAPES {
            let mut key = Vec::new();
            chain.pattern(&mut key);
            self.0.entry(key).or_insert(fields);
        }
    }

    /// The sort key of a path: at each struct, the field's declaration index (unknown ones
    /// after all declared), at each list the index.
    pub(crate) fn order(&self, path: &FieldPath) -> Vec<usize> {
        let mut pattern: Vec<Option<String>> = Vec::new();
        let mut order = Vec::with_capacity(path.segments().len());
        for segment in path.segments() {
            match segment {
                PathSegment::Key(key) => {
                    let rank = self
                        .0
                        .get(&pattern)
                        .and_then(|fields| fields.iter().position(|field| field == key))
                        .unwrap_or(usize::MAX);
                    order.push(rank);
                    pattern.push(Some(key.to_string()));
                }
                PathSegment::Index(index) => {
                    order.push(*index);
                    pattern.push(None);
                }
            }
        }
        order
    }
}

/// The path of the value being deserialized, without allocating.
#[derive(Debug)]
enum Chain<'c> {
    Root,
    Key(&'c Chain<'c>, &'c str),
    Index(&'c Chain<'c>, usize),
}

impl Chain<'_> {
    fn segs(&self) -> Vec<Seg> {
        let mut segs = Vec::new();
        self.push(&mut segs);
        segs
    }

    fn push(&self, segs: &mut Vec<Seg>) {
        match self {
            Chain::Root => {}
            Chain::Key(parent, key) => {
                parent.push(segs);
                segs.push(Seg::Key((*key).to_owned()));
            }
            Chain::Index(parent, index) => {
                parent.push(segs);
                segs.push(Seg::Index(*index));
            }
        }
    }

    fn pattern(&self, out: &mut Vec<Option<String>>) {
        match self {
            Chain::Root => {}
            Chain::Key(parent, key) => {
                parent.pattern(out);
                out.push(Some((*key).to_owned()));
            }
            Chain::Index(parent, _) => {
                parent.pattern(out);
                out.push(None);
            }
        }
    }
}

/// One recorded problem.
#[derive(Debug)]
struct Fact {
    path: Vec<Seg>,
    rule: Rule,
    reason: Cow<'static, str>,
    input: Option<Value>,
}

#[derive(Debug)]
struct State {
    facts: Vec<Fact>,
    /// Problems found past [`MAX_PROBLEMS`].
    more: usize,
    /// Patches found in this pass, for the next.
    pending: Vec<(Vec<Seg>, Patch)>,
    echo_left: usize,
    shapes: Shapes,
    /// Every pass found more problems, and the passes ran out.
    stopped: bool,
}

impl State {
    fn record(
        &mut self,
        path: Vec<Seg>,
        rule: Rule,
        reason: Cow<'static, str>,
        input: Option<&Value>,
    ) {
        if self.facts.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        let input = input.and_then(|input| self.echo(input));
        self.facts.push(Fact {
            path,
            rule,
            reason,
            input,
        });
    }

    /// `value` to echo, within the budget.
    fn echo(&mut self, value: &Value) -> Option<Value> {
        let nodes = count_nodes(value, self.echo_left)?;
        self.echo_left -= nodes;
        Some(value.clone())
    }

    fn violations(mut self, source: Source) -> Vec<Violation> {
        let mut keyed: Vec<(Vec<usize>, Violation)> = self
            .facts
            .drain(..)
            .map(|fact| {
                let path = field_path(&fact.path);
                let order = self.shapes.order(&path);
                let mut violation = Violation::new(path, fact.reason)
                    .with_rule(fact.rule)
                    .with_source(source);
                if let Some(input) = fact.input {
                    violation = violation.with_input(input);
                }
                (order, violation)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut violations: Vec<Violation> = keyed.into_iter().map(|(_, v)| v).collect();
        if self.more > 0 || self.stopped {
            violations.push(too_many(self.more, self.stopped, source));
        }
        violations
    }
}

/// The item that ends a list cut at [`MAX_PROBLEMS`].
fn too_many(more: usize, stopped: bool, source: Source) -> Violation {
    let reason = match (more, stopped) {
        (0, _) => "There may be more problems; the input was not examined further".to_owned(),
        (n, false) => format!("{n} more problems were not listed"),
        (n, true) => format!("{n} more problems were not listed, and there may be others"),
    };
    Violation::new(FieldPath::default(), reason)
        .with_rule(Rule::Other("too_many_errors".into()))
        .with_source(source)
}

/// The JSON nodes of `value`, if at most `limit`.
fn count_nodes(value: &Value, limit: usize) -> Option<usize> {
    let mut count = 0usize;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        count += 1;
        if count > limit {
            return None;
        }
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    Some(count)
}

/// What one pass shares.
struct Cx {
    state: RefCell<State>,
    mode: Mode,
}

/// The deserializer's error: a problem not yet located, or the signal that it was.
#[derive(Debug)]
pub(crate) enum Error {
    /// Recorded with its path; the pass ends.
    Recorded,
    /// A wildcard was refused: no further pass can help.
    Stop,
    /// `missing_field`.
    Missing(&'static str),
    /// `unknown_field`.
    Unknown(String),
    /// `unknown_variant`.
    Variant(&'static [&'static str]),
    /// Any other message.
    Custom(String),
}

impl Error {
    fn rule_and_reason(&self) -> (Rule, Cow<'static, str>) {
        match self {
            Error::Missing(_) => (Rule::Required, "Field required".into()),
            Error::Unknown(_) => (
                Rule::Other("extra_forbidden".into()),
                "Extra inputs are not permitted".into(),
            ),
            Error::Variant(variants) => enum_rule(variants),
            Error::Custom(message) => classify(message),
            Error::Recorded | Error::Stop => (Rule::Other("value_error".into()), "".into()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Recorded => f.write_str("recorded"),
            Error::Stop => f.write_str("stopped"),
            Error::Missing(field) => write!(f, "missing field `{field}`"),
            Error::Unknown(field) => write!(f, "unknown field `{field}`"),
            Error::Variant(_) => f.write_str("unknown variant"),
            Error::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Error::Custom(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Error::Missing(field)
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Error::Unknown(field.to_owned())
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Error::Variant(expected)
    }
}

/// Pydantic's `enum` item for a value that is none of `variants`.
fn enum_rule(variants: &[&str]) -> (Rule, Cow<'static, str>) {
    let choices: Vec<Value> = variants
        .iter()
        .map(|v| Value::String((*v).to_owned()))
        .collect();
    let reason = format!(
        "Input should be {}",
        crate::format::detail::expected(&choices)
    );
    (Rule::Enum(choices), reason.into())
}

/// A serde error message (`invalid type: ...`, `invalid value: ...`, `invalid length ...`,
/// `unknown variant ...`) as Pydantic's rule and message; any other message is a
/// `value_error` that keeps its text. serde's `Display` for its errors is the only input; this
/// is the one place that reads it.
///
/// ```
/// use apifault::collect::classify;
/// use apifault::Rule;
///
/// let (rule, reason) = classify("invalid type: string \"x\", expected u32");
/// assert_eq!(rule, Rule::Other("int_parsing".into()));
/// assert_eq!(reason, "Input should be a valid integer, unable to parse string as an integer");
/// let (rule, _) = classify("invalid length 3, expected a tuple of size 2");
/// assert_eq!(rule, Rule::Other("value_error".into()));
/// ```
#[must_use]
pub fn classify(message: &str) -> (Rule, Cow<'static, str>) {
    let message = strip_position(message);
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let kind = if unexpected.starts_with("string") {
            Got::Text
        } else if unexpected.starts_with("floating point") {
            Got::Fraction
        } else if unexpected.starts_with("integer") {
            Got::Number
        } else {
            Got::Other
        };
        let (rule, reason) = type_rule(expected_kind(expected), kind);
        return (Rule::Other(rule.into()), reason.into());
    }
    if let Some(field) = between(message, "missing field `", "`") {
        let _ = field;
        return (Rule::Required, "Field required".into());
    }
    if message.starts_with("unknown field `") {
        return (
            Rule::Other("extra_forbidden".into()),
            "Extra inputs are not permitted".into(),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let choices = rest
            .split_once("expected ")
            .map(|(_, list)| list)
            .unwrap_or_default();
        let choices: Vec<&str> = choices.split('`').skip(1).step_by(2).collect();
        if !choices.is_empty() {
            return enum_rule(&choices);
        }
    }
    // serde_urlencoded and axum's path deserializer word parse failures their own way.
    if message.contains("invalid digit")
        || message.contains("number too large")
        || message.contains("number too small")
        || message.contains("cannot parse integer")
    {
        let (rule, reason) = type_rule(Kind::Int, Got::Text);
        return (Rule::Other(rule.into()), reason.into());
    }
    if message.contains("invalid float literal") {
        let (rule, reason) = type_rule(Kind::Float, Got::Text);
        return (Rule::Other(rule.into()), reason.into());
    }
    if message.contains("provided string was not `true` or `false`") {
        let (rule, reason) = type_rule(Kind::Bool, Got::Text);
        return (Rule::Other(rule.into()), reason.into());
    }
    (
        Rule::Other("value_error".into()),
        Cow::Owned(message.to_owned()),
    )
}

/// The field a serde `missing field` or `unknown field` message names (read here, beside
/// [`classify`], so that serde's wording is read in one place).
#[cfg(feature = "axum")]
pub(crate) fn named_field(message: &str) -> Option<&str> {
    between(message, "missing field `", "`").or_else(|| between(message, "unknown field `", "`"))
}

/// Pydantic's rule and message for a string that did not parse as `expected`, a Rust type
/// name such as `u32` (as axum's path deserializer names it).
#[cfg(feature = "axum")]
pub(crate) fn unparsable(expected: &str) -> (Rule, Cow<'static, str>) {
    let (rule, reason) = type_rule(expected_kind(expected), Got::Text);
    (Rule::Other(rule.into()), reason.into())
}

/// `serde_json` appends ` at line 1 column 15` to its messages.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

/// The text between `start` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// serde's `Expected` text as the kind of value asked for.
fn expected_kind(expected: &str) -> Kind {
    let expected = expected.trim_start_matches("a ").trim_start_matches("an ");
    match expected {
        "f32" | "f64" | "number" | "float" => Kind::Float,
        "bool" | "boolean" => Kind::Bool,
        "str" | "string" | "char" | "borrowed string" => Kind::Str,
        e if e.starts_with("sequence") || e.starts_with("tuple") => Kind::List,
        e if e.starts_with("struct") => Kind::Struct,
        e if e.starts_with("map") => Kind::Map,
        e if (e.starts_with('i') || e.starts_with('u')) && e[1..].parse::<u8>().is_ok() => {
            Kind::Int
        }
        "integer" => Kind::Int,
        _ => Kind::Other,
    }
}

/// What a visitor asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    Str,
    List,
    Tuple,
    Map,
    Struct,
    Other,
}

/// What the input held, as far as Pydantic's wording cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Got {
    /// A string (Pydantic tried to parse it).
    Text,
    /// A number with a fractional part, where an integer was asked.
    Fraction,
    /// A number (or a bool as a number) where a bool was asked.
    Number,
    Other,
}

/// Pydantic's error type and message for a value of the wrong type.
fn type_rule(kind: Kind, got: Got) -> (&'static str, &'static str) {
    match (kind, got) {
        (Kind::Int, Got::Text) => (
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (Kind::Int, Got::Fraction) => (
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ),
        (Kind::Int, _) => ("int_type", "Input should be a valid integer"),
        (Kind::Float, Got::Text) => (
            "float_parsing",
            "Input should be a valid number, unable to parse string as a number",
        ),
        (Kind::Float, _) => ("float_type", "Input should be a valid number"),
        (Kind::Bool, Got::Text | Got::Number | Got::Fraction) => (
            "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
        ),
        (Kind::Bool, Got::Other) => ("bool_type", "Input should be a valid boolean"),
        (Kind::Str, _) => ("string_type", "Input should be a valid string"),
        (Kind::List, _) => ("list_type", "Input should be a valid list"),
        (Kind::Tuple, _) => ("tuple_type", "Input should be a valid tuple"),
        (Kind::Map, _) => ("dict_type", "Input should be a valid dictionary"),
        (Kind::Struct, _) => (
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        ),
        (Kind::Other, _) => ("value_error", "Value error, invalid input"),
    }
}

/// How `value` counts for Pydantic's wording when `kind` was asked.
fn got(value: &Value, kind: Kind) -> Got {
    match value {
        Value::String(_) => Got::Text,
        Value::Number(n) if kind == Kind::Int && n.as_f64().is_some_and(|f| f.fract() != 0.0) => {
            Got::Fraction
        }
        Value::Number(_) => Got::Number,
        _ => Got::Other,
    }
}

/// The deserializer over one value at one path.
struct Tracker<'a, 'c, 's> {
    value: &'a Value,
    chain: &'c Chain<'c>,
    node: Option<&'s Node>,
    cx: &'s Cx,
}

impl<'a> Tracker<'a, '_, '_> {
    fn wildcard(&self) -> bool {
        self.node
            .is_some_and(|node| node.patch == Some(Patch::Wildcard))
    }

    fn text(&self) -> bool {
        self.cx.mode == Mode::Text
    }

    /// Records that the value is not of `kind`, for a wildcard to answer.
    fn wrong(&self, kind: Kind) {
        let (rule, reason) = type_rule(kind, got(self.value, kind));
        self.fact(Rule::Other(rule.into()), reason.into());
    }

    fn fact(&self, rule: Rule, reason: Cow<'static, str>) {
        let path = self.chain.segs();
        let mut state = self.cx.state.borrow_mut();
        state.record(path.clone(), rule, reason, Some(self.value));
        state.pending.push((path, Patch::Wildcard));
    }

    /// Locates an error that left a visitor at this path.
    fn locate<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        let error = match result {
            Ok(value) => return Ok(value),
            Err(error @ (Error::Recorded | Error::Stop)) => return Err(error),
            Err(error) => error,
        };
        let mut state = self.cx.state.borrow_mut();
        let mut path = self.chain.segs();
        match error {
            Error::Missing(field) => {
                path.push(Seg::Key(field.to_owned()));
                let input = match self.cx.mode {
                    Mode::Json => self.value,
                    Mode::Text => &Value::Null,
                };
                state.record(
                    path.clone(),
                    Rule::Required,
                    "Field required".into(),
                    Some(input),
                );
                state.pending.push((path, Patch::Insert));
            }
            other => {
                let (rule, reason) = other.rule_and_reason();
                state.record(path.clone(), rule, reason, Some(self.value));
                state.pending.push((path, Patch::Wildcard));
            }
        }
        Err(Error::Recorded)
    }

    fn integer<'de, V: Visitor<'de>>(
        self,
        visitor: V,
        min: i128,
        max: i128,
    ) -> Result<V::Value, Error>
    where
        'a: 'de,
    {
        let parsed: Option<i128> = match self.value {
            Value::Number(n) => n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from)),
            Value::String(text) if self.text() => text.parse().ok(),
            _ => None,
        };
        let Some(number) = parsed else {
            self.wrong(Kind::Int);
            return Wild::integer(visitor, min);
        };
        let broken = if number < min {
            Some(Rule::Min(bound(min)))
        } else if number > max {
            Some(Rule::Max(bound(max)))
        } else {
            None
        };
        if let Some(rule) = broken {
            let reason = pydantic_message(&rule, None).unwrap_or_default();
            self.fact(rule, reason.into());
            return Wild::integer(visitor, min);
        }
        let result = match (u64::try_from(number), i64::try_from(number)) {
            (Ok(n), _) => visitor.visit_u64(n),
            (_, Ok(n)) => visitor.visit_i64(n),
            _ => visitor.visit_i128(number),
        };
        self.locate(result)
    }

    fn object<'de, V: Visitor<'de>>(
        self,
        members: &'a Map<String, Value>,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value, Error>
    where
        'a: 'de,
    {
        if let Some(fields) = fields {
            self.cx.state.borrow_mut().shapes.add(self.chain, fields);
        }
        let access = Members {
            iter: members.iter(),
            inserts: self.node.map_or(&[][..], |node| &node.children[..]).iter(),
            chain: self.chain,
            node: self.node,
            cx: self.cx,
            current: None,
        };
        let result = visitor.visit_map(access);
        self.locate(result)
    }
}

fn bound(n: i128) -> serde_json::Number {
    match (u64::try_from(n), i64::try_from(n)) {
        (Ok(n), _) => n.into(),
        (_, Ok(n)) => n.into(),
        #[allow(
            clippy::cast_precision_loss,
            reason = "an i128 bound past i64 is approximate"
        )]
        _ => serde_json::Number::from_f64(n as f64).unwrap_or_else(|| 0.into()),
    }
}

macro_rules! wildcard_first {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {
        if $self.wildcard() {
            return Wild.$method($($arg),*).map_err(|_| Error::Stop);
        }
    };
}

macro_rules! ints {
    ($($method:ident => $ty:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            wildcard_first!(self, $method(visitor));
            #[allow(clippy::cast_lossless, reason = "every integer type fits i128 but u128")]
            self.integer(visitor, <$ty>::MIN as i128, <$ty>::MAX as i128)
        }
    )*};
}

impl<'de, 'a: 'de> de::Deserializer<'de> for Tracker<'a, '_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_any(visitor));
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(n), _, _) => visitor.visit_u64(n),
                (_, Some(n), _) => visitor.visit_i64(n),
                (_, _, Some(n)) => visitor.visit_f64(n),
                _ => visitor.visit_unit(),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => return self.seq(items, visitor),
            Value::Object(members) => return self.object(members, None, visitor),
        };
        self.locate(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_bool(visitor));
        let parsed = match self.value {
            Value::Bool(b) => Some(*b),
            Value::String(text) if self.text() => text.parse().ok(),
            _ => None,
        };
        match parsed {
            Some(b) => self.locate(visitor.visit_bool(b)),
            None => {
                self.wrong(Kind::Bool);
                Wild.deserialize_bool(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    ints! {
        deserialize_i8 => i8,
        deserialize_i16 => i16,
        deserialize_i32 => i32,
        deserialize_i64 => i64,
        deserialize_i128 => i128,
        deserialize_u8 => u8,
        deserialize_u16 => u16,
        deserialize_u32 => u32,
        deserialize_u64 => u64,
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_u128(visitor));
        self.integer(visitor, 0, i128::MAX)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_f64(visitor));
        let parsed = match self.value {
            Value::Number(n) => n.as_f64(),
            Value::String(text) if self.text() => text.parse().ok(),
            _ => None,
        };
        match parsed {
            Some(n) => self.locate(visitor.visit_f64(n)),
            None => {
                self.wrong(Kind::Float);
                Wild.deserialize_f64(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_str(visitor));
        match self.value {
            Value::String(text) => self.locate(visitor.visit_borrowed_str(text)),
            _ => {
                self.wrong(Kind::Str);
                Wild.deserialize_str(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_option(visitor));
        match self.value {
            Value::Null if !self.text() => self.locate(visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_unit(visitor));
        match self.value {
            Value::Null => self.locate(visitor.visit_unit()),
            _ => {
                self.fact(
                    Rule::Other("none_required".into()),
                    "Input should be None".into(),
                );
                Wild.deserialize_unit(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_newtype_struct("", visitor));
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_seq(visitor));
        match self.value {
            Value::Array(items) => self.seq(items, visitor),
            _ => {
                self.wrong(Kind::List);
                Wild.deserialize_seq(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_tuple(len, visitor));
        match self.value {
            Value::Array(items) => self.seq(items, visitor),
            _ => {
                self.wrong(Kind::Tuple);
                Wild.deserialize_tuple(len, visitor)
                    .map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_map(visitor));
        match self.value {
            Value::Object(members) => self.object(members, None, visitor),
            _ => {
                self.wrong(Kind::Map);
                Wild.deserialize_map(visitor).map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_struct(name, fields, visitor));
        match self.value {
            Value::Object(members) => self.object(members, Some(fields), visitor),
            _ => {
                self.wrong(Kind::Struct);
                Wild.deserialize_struct(name, fields, visitor)
                    .map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        wildcard_first!(self, deserialize_enum(name, variants, visitor));
        let known = |name: &str| variants.contains(&name);
        match self.value {
            Value::String(variant) if known(variant) => {
                let result = visitor.visit_enum(Variant {
                    name: variant,
                    content: None,
                });
                self.locate(result)
            }
            Value::Object(members) if members.len() == 1 => {
                let (variant, content) = members.iter().next().expect("one member");
                if known(variant) {
                    let chain = Chain::Key(self.chain, variant);
                    let content = Tracker {
                        value: content,
                        chain: &chain,
                        node: self.node.and_then(|node| node.key(variant)),
                        cx: self.cx,
                    };
                    let result = visitor.visit_enum(Variant {
                        name: variant,
                        content: Some(content),
                    });
                    return self.locate(result);
                }
                let (rule, reason) = enum_rule(variants);
                self.fact(rule, reason);
                Wild.deserialize_enum(name, variants, visitor)
                    .map_err(|_| Error::Stop)
            }
            _ => {
                let (rule, reason) = enum_rule(variants);
                self.fact(rule, reason);
                Wild.deserialize_enum(name, variants, visitor)
                    .map_err(|_| Error::Stop)
            }
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'a> Tracker<'a, '_, '_> {
    fn seq<'de, V: Visitor<'de>>(self, items: &'a [Value], visitor: V) -> Result<V::Value, Error>
    where
        'a: 'de,
    {
        let access = Items {
            items: items.iter().enumerate(),
            chain: self.chain,
            node: self.node,
            cx: self.cx,
        };
        let result = visitor.visit_seq(access);
        self.locate(result)
    }
}

/// The items of an array.
struct Items<'a, 'c, 's> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    chain: &'c Chain<'c>,
    node: Option<&'s Node>,
    cx: &'s Cx,
}

impl<'de, 'a: 'de> de::SeqAccess<'de> for Items<'a, '_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        let chain = Chain::Index(self.chain, index);
        let node = self.node.and_then(|node| node.child(&Seg::Index(index)));
        seed.deserialize(Tracker {
            value,
            chain: &chain,
            node,
            cx: self.cx,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object, less skipped ones, then inserted wildcards.
struct Members<'a, 'c, 's> {
    iter: serde_json::map::Iter<'a>,
    inserts: std::slice::Iter<'s, (Seg, Node)>,
    chain: &'c Chain<'c>,
    node: Option<&'s Node>,
    cx: &'s Cx,
    /// The member whose key was given last: `None` value for an inserted one.
    current: Option<(&'a str, Option<&'a Value>, Option<&'s Node>)>,
}

impl<'de, 'a: 'de> de::MapAccess<'de> for Members<'a, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (key, value) in self.iter.by_ref() {
            let node = self.node.and_then(|node| node.key(key));
            if node.is_some_and(|node| node.patch == Some(Patch::Skip)) {
                continue;
            }
            self.current = Some((key, Some(value), node));
            let chain = Chain::Key(self.chain, key);
            return seed
                .deserialize(Key {
                    key,
                    value,
                    chain: &chain,
                    cx: self.cx,
                })
                .map(Some);
        }
        for (seg, node) in self.inserts.by_ref() {
            if let (Seg::Key(key), Some(Patch::Insert)) = (seg, node.patch) {
                self.current = Some(("", None, Some(node)));
                return seed
                    .deserialize(de::value::StrDeserializer::<Error>::new(key))
                    .map(Some)
                    .map_err(|_| Error::Stop);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.current.take() {
            Some((key, Some(value), node)) => {
                let chain = Chain::Key(self.chain, key);
                seed.deserialize(Tracker {
                    value,
                    chain: &chain,
                    node,
                    cx: self.cx,
                })
            }
            _ => seed.deserialize(Wild).map_err(|_| Error::Stop),
        }
    }
}

/// A member's name, locating an `unknown_field` at the member.
struct Key<'a, 'c, 's> {
    key: &'a str,
    value: &'a Value,
    chain: &'c Chain<'c>,
    cx: &'s Cx,
}

impl Key<'_, '_, '_> {
    fn locate<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        match result {
            Err(Error::Unknown(_)) => {
                let path = self.chain.segs();
                let mut state = self.cx.state.borrow_mut();
                state.record(
                    path.clone(),
                    Rule::Other("extra_forbidden".into()),
                    "Extra inputs are not permitted".into(),
                    Some(self.value),
                );
                state.pending.push((path, Patch::Skip));
                Err(Error::Recorded)
            }
            other => other,
        }
    }
}

macro_rules! key_ints {
    ($($method:ident => $ty:ident $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.key.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => {
                    let path = self.chain.segs();
                    let (rule, reason) = type_rule(Kind::Int, Got::Text);
                    let key = Value::String(self.key.to_owned());
                    let mut state = self.cx.state.borrow_mut();
                    state.record(path.clone(), Rule::Other(rule.into()), reason.into(), Some(&key));
                    state.pending.push((path, Patch::Skip));
                    Err(Error::Recorded)
                }
            }
        }
    )*};
}

impl<'de, 'a: 'de> de::Deserializer<'de> for Key<'a, '_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = visitor.visit_borrowed_str(self.key);
        self.locate(result)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    // Keys that are numbers (a `HashMap<u32, _>`) are parsed from the key, as serde_json does.
    key_ints! {
        deserialize_i8 => i8 visit_i8,
        deserialize_i16 => i16 visit_i16,
        deserialize_i32 => i32 visit_i32,
        deserialize_i64 => i64 visit_i64,
        deserialize_u8 => u8 visit_u8,
        deserialize_u16 => u16 visit_u16,
        deserialize_u32 => u32 visit_u32,
        deserialize_u64 => u64 visit_u64,
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// An enum's variant, and the content of a non-unit one.
struct Variant<'a, 'c, 's> {
    name: &'a str,
    content: Option<Tracker<'a, 'c, 's>>,
}

impl<'de, 'a: 'de, 'c, 's> de::EnumAccess<'de> for Variant<'a, 'c, 's> {
    type Error = Error;
    type Variant = Content<'a, 'c, 's>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let variant =
            seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(self.name))?;
        Ok((variant, Content(self.content)))
    }
}

/// The content of an enum variant.
struct Content<'a, 'c, 's>(Option<Tracker<'a, 'c, 's>>);

impl<'de, 'a: 'de> de::VariantAccess<'de> for Content<'a, '_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None => Ok(()),
            Some(content) => de::Deserialize::deserialize(content),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(content) => seed.deserialize(content),
            None => Err(de::Error::custom("expected a newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(content) => de::Deserializer::deserialize_tuple(content, len, visitor),
            None => Err(de::Error::custom("expected a tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(content) => de::Deserializer::deserialize_struct(content, "", fields, visitor),
            None => Err(de::Error::custom("expected a struct variant")),
        }
    }
}

/// A plausible value of whatever type is asked: answers where the input was wrong, so that
/// deserialization goes on and finds the other problems.
struct Wild;

impl Wild {
    fn integer<'de, V: Visitor<'de>>(visitor: V, min: i128) -> Result<V::Value, Error> {
        // 1 satisfies `NonZero*` too; a type whose minimum is above 1 gets its minimum.
        let n = min.max(1);
        match u64::try_from(n) {
            Ok(n) => visitor.visit_u64::<Error>(n).map_err(|_| Error::Stop),
            Err(_) => visitor.visit_i128::<Error>(n).map_err(|_| Error::Stop),
        }
    }
}

impl<'de> de::Deserializer<'de> for Wild {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bool(false)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i8(1)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i16(1)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(1)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(1)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u8(1)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u16(1)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(1)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(1)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(1.0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(1.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_char('a')
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(b"")
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_bytes(b"")
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_none()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(WildItems(0))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(WildItems(len))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_seq(WildItems(len))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(WildFields(&[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(WildFields(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(WildVariant(variants.first().copied().unwrap_or("")))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// `n` wildcard items.
struct WildItems(usize);

impl<'de> de::SeqAccess<'de> for WildItems {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.0 == 0 {
            return Ok(None);
        }
        self.0 -= 1;
        seed.deserialize(Wild).map(Some)
    }
}

/// A wildcard for each field.
struct WildFields(&'static [&'static str]);

impl<'de> de::MapAccess<'de> for WildFields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((first, rest)) = self.0.split_first() else {
            return Ok(None);
        };
        self.0 = rest;
        seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(first))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Wild)
    }
}

/// The first variant, with wildcard content.
struct WildVariant(&'static str);

impl<'de> de::EnumAccess<'de> for WildVariant {
    type Error = Error;
    type Variant = Wild;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Wild), Error> {
        let variant = seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(self.0))?;
        Ok((variant, Wild))
    }
}

impl<'de> de::VariantAccess<'de> for Wild {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(Wild)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(WildItems(len))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(WildFields(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_serde_messages() {
        let rule = |message: &str| classify(message).0;
        let other = |name: &'static str| Rule::Other(name.into());
        assert_eq!(
            rule("invalid type: string \"x\", expected f64"),
            other("float_parsing")
        );
        assert_eq!(
            rule("invalid type: string \"x\", expected u32 at line 1 column 4"),
            other("int_parsing")
        );
        assert_eq!(
            rule("invalid type: floating point `2.5`, expected i64"),
            other("int_from_float")
        );
        assert_eq!(rule("invalid type: map, expected i64"), other("int_type"));
        assert_eq!(
            rule("invalid type: integer `5`, expected a string"),
            other("string_type")
        );
        assert_eq!(
            rule("invalid type: integer `5`, expected a boolean"),
            other("bool_parsing")
        );
        assert_eq!(
            rule("invalid type: map, expected a boolean"),
            other("bool_type")
        );
        assert_eq!(
            rule("invalid type: map, expected a sequence"),
            other("list_type")
        );
        assert_eq!(
            rule("invalid type: integer `1`, expected struct Order"),
            other("model_attributes_type")
        );
        assert_eq!(
            rule("invalid type: integer `1`, expected a map"),
            other("dict_type")
        );
        assert_eq!(rule("missing field `price`"), Rule::Required);
        assert_eq!(
            rule("unknown field `id`, expected `name`"),
            other("extra_forbidden")
        );
        assert_eq!(
            rule("unknown variant `blue`, expected `red` or `green`"),
            Rule::Enum(vec!["red".into(), "green".into()])
        );
        assert_eq!(rule("invalid digit found in string"), other("int_parsing"));
        assert_eq!(rule("invalid float literal"), other("float_parsing"));
        assert_eq!(
            rule("provided string was not `true` or `false`"),
            other("bool_parsing")
        );
        let (rule, reason) = classify("must be a prime");
        assert_eq!(
            (rule, reason.as_ref()),
            (other("value_error"), "must be a prime")
        );
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Line {
        sku: String,
        count: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    struct Order {
        id: u32,
        lines: Vec<Line>,
        note: Option<String>,
    }

    fn summary(violations: &[Violation]) -> Vec<(String, String)> {
        violations
            .iter()
            .map(|v| {
                (
                    v.path().to_string(),
                    v.rule().unwrap().fastapi_type().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn every_problem_in_field_order() {
        let body = serde_json::json!({
            "zzz": 1,
            "lines": [{"sku": 1, "count": 300}, {"count": "x"}, {"sku": "ok", "count": 2}],
            "note": 5,
        });
        let violations = from_value::<Order>(&body, Source::Body).unwrap_err();
        let pairs: Vec<(String, String)> = [
            ("id", "missing"),
            ("lines[0].sku", "string_type"),
            ("lines[0].count", "less_than_equal"),
            ("lines[1].sku", "missing"),
            ("lines[1].count", "int_parsing"),
            ("note", "string_type"),
            ("zzz", "extra_forbidden"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
        assert_eq!(summary(&violations), pairs);
        assert_eq!(
            violations[3].input(),
            Some(&serde_json::json!({"count": "x"}))
        );
        assert!(violations.iter().all(|v| v.source() == Some(Source::Body)));
    }

    #[test]
    fn valid_values_come_back() {
        let body = serde_json::json!({"id": 7, "lines": [{"sku": "a", "count": 1}], "note": null});
        let order = from_value::<Order>(&body, Source::Body).unwrap();
        assert_eq!(
            order.lines,
            [Line {
                sku: "a".into(),
                count: 1
            }]
        );
    }

    #[test]
    fn bounded_on_many_problems() {
        let items: Vec<Value> = (0..100_000).map(|_| Value::Bool(true)).collect();
        let body = serde_json::json!({"id": 1, "lines": items, "note": null});
        let violations = from_value::<Order>(&body, Source::Body).unwrap_err();
        assert_eq!(violations.len(), MAX_PROBLEMS + 1);
        let last = violations.last().unwrap();
        assert_eq!(last.rule(), Some(&Rule::Other("too_many_errors".into())));
        assert_eq!(last.reason(), "99950 more problems were not listed");
    }
}
