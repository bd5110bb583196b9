//! `render`: responses of one to four errors of a derived enum, built from arbitrary field
//! values (strings with quotes, backslashes, control characters and any Unicode; integers at
//! their extremes; optional and nested values; violations; request ids and instances),
//! rendered in all four built-in formats.
//!
//! The enum's messages interpolate fields plainly, with `Debug`, with width, precision and
//! sign, with computed arguments and around literal text that needs escaping; it has extra
//! fields (renamed, optional, lists, a `flatten`ed struct), `header`/`headers` fields,
//! violations, a skipped field, a title-only variant and a `transparent` one.
//!
//! Proves: every body is JSON (serde_json parses it, and no object repeats a member) with
//! exactly the format's members; every message reads back equal to the same template
//! formatted by `format!` (and to `ApiError::message`), every extra field to its value as
//! serde writes it, every violation's reason to its reason; the HTTP response carries the
//! same body, the first error's status, and no header value with a byte outside tab and
//! visible ASCII.

#![no_main]

use std::collections::BTreeSet;

use apifault::{
    ApiError, BuiltinFormat, ErrorResponse, FieldPath, PathSegment, RateLimit, RenderError, Rule,
    Source, Violation,
};
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", type_base = "https://errors.example.com/")]
#[allow(dead_code, reason = "a skipped field is never read")]
enum FuzzError {
    #[api(
        status = 400,
        code = "Interpolated",
        message = "text={text} debug={text:?} n={number} u={unsigned:>6} c={letter} {{literal}} \"quoted\" \\ \u{e9} \u{2028} \t|{big}"
    )]
    Interpolated {
        text: String,
        number: i64,
        unsigned: u32,
        letter: char,
        #[api(skip)]
        big: u128,
        #[api(rename = "opt")]
        optional: Option<String>,
        list: Vec<String>,
        flag: bool,
    },
    #[api(
        status = 409,
        code = "Tuple",
        message = "{0} and {1:?} and {0:.3} and {1:+}"
    )]
    Tuple(String, i32),
    #[api(status = 422, code = "Invalid", message = "{count} problems: {note}")]
    Invalid {
        count: u8,
        note: String,
        #[api(violations)]
        violations: Vec<Violation>,
    },
    #[api(status = 429, code = "Limited", message = "slow down, {who:>4}")]
    Limited {
        who: String,
        #[api(header = "X-Hint")]
        hint: String,
        #[api(header = "Retry-After")]
        retry: Option<u64>,
        #[api(headers)]
        limit: Option<RateLimit>,
    },
    #[api(status = 503, code = "Down", message = "down: {region}", expose)]
    Down {
        region: String,
        #[api(skip)]
        secret: String,
    },
    #[api(
        status = 400,
        code = "Computed",
        message("{} chars, {}, {text}", .text.chars().count(), .text)
    )]
    Computed { text: String },
    #[api(status = 404, code = "Flattened", message = "{id} not found")]
    Flattened {
        id: u64,
        #[api(flatten)]
        extra: Extra,
    },
    #[api(status = 401, code = "Unit")]
    Unit,
    #[api(transparent)]
    Inner(InnerError),
}

#[derive(Debug, ApiError)]
#[api(status = 403)]
enum InnerError {
    #[api(code = "InnerCode", message = "inner {0}")]
    Denied(String),
}

/// The `flatten`ed field (also `Deserialize`: the `client` feature is on in this package).
#[derive(Debug, Serialize, Deserialize)]
struct Extra {
    #[serde(rename = "extraText")]
    text: String,
    #[serde(rename = "extraNumber", skip_serializing_if = "Option::is_none")]
    number: Option<i64>,
}

/// What the fuzzer chooses: the errors, then the response's decorations.
#[derive(Debug, Arbitrary)]
struct Input {
    first: Choice,
    rest: Vec<Choice>,
    request_id: Option<String>,
    instance: Option<String>,
}

#[derive(Debug, Arbitrary)]
enum Choice {
    Interpolated {
        text: String,
        number: i64,
        unsigned: u32,
        letter: char,
        big: u128,
        optional: Option<String>,
        list: Vec<String>,
        flag: bool,
    },
    Tuple(String, i32),
    Invalid {
        count: u8,
        note: String,
        violations: Vec<ViolationInput>,
    },
    Limited {
        who: String,
        hint: String,
        retry: Option<u64>,
        limit: Option<LimitInput>,
    },
    Down {
        region: String,
        secret: String,
    },
    Computed(String),
    Flattened {
        id: u64,
        text: String,
        number: Option<i64>,
    },
    Unit,
    Inner(String),
}

/// A rate limit: limit, remaining, reset, retry-after, IETF policy name and window.
type LimitInput = (u64, u64, u64, Option<u64>, Option<(String, u64)>);

#[derive(Debug, Arbitrary)]
struct ViolationInput {
    path: Vec<Segment>,
    dotted: Option<String>,
    reason: String,
    rule: Option<RuleInput>,
    source: Option<u8>,
    input: Option<InputValue>,
}

#[derive(Debug, Arbitrary)]
enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Debug, Arbitrary)]
enum RuleInput {
    Required,
    MinLength(u64),
    MaxLength(u64),
    MinItems(u64),
    MaxItems(u64),
    Min(i64),
    Max(f64),
    Enum(Vec<InputValue>),
    DependentFields(Vec<String>),
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum InputValue {
    Null,
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
}

impl InputValue {
    fn into_value(self) -> Value {
        match self {
            InputValue::Null => Value::Null,
            InputValue::Bool(b) => Value::Bool(b),
            InputValue::Int(n) => Value::from(n),
            InputValue::Text(text) => Value::String(text),
            InputValue::List(items) => Value::from(items),
        }
    }
}

impl ViolationInput {
    fn build(self) -> Violation {
        let path: FieldPath = match self.dotted {
            Some(dotted) => dotted.into(),
            None => self
                .path
                .into_iter()
                .map(|segment| match segment {
                    Segment::Key(key) => PathSegment::Key(key.into()),
                    Segment::Index(index) => PathSegment::Index(index),
                })
                .collect::<Vec<_>>()
                .into(),
        };
        let mut violation = Violation::new(path, self.reason);
        if let Some(rule) = self.rule {
            violation = violation.with_rule(match rule {
                RuleInput::Required => Rule::Required,
                RuleInput::MinLength(n) => Rule::MinLength(n),
                RuleInput::MaxLength(n) => Rule::MaxLength(n),
                RuleInput::MinItems(n) => Rule::MinItems(n),
                RuleInput::MaxItems(n) => Rule::MaxItems(n),
                RuleInput::Min(n) => Rule::Min(n.into()),
                RuleInput::Max(x) => {
                    Rule::Max(serde_json::Number::from_f64(x).unwrap_or_else(|| 0.into()))
                }
                RuleInput::Enum(choices) => {
                    Rule::Enum(choices.into_iter().map(InputValue::into_value).collect())
                }
                RuleInput::DependentFields(names) => {
                    Rule::DependentFields(names.into_iter().map(Into::into).collect())
                }
                RuleInput::Other(name) => Rule::Other(name.into()),
            });
        }
        if let Some(source) = self.source {
            let sources = [
                Source::Body,
                Source::Query,
                Source::Path,
                Source::Header,
                Source::Cookie,
            ];
            violation = violation.with_source(sources[usize::from(source) % sources.len()]);
        }
        if let Some(input) = self.input {
            violation = violation.with_input(input.into_value());
        }
        violation
    }
}

/// What an error must read back as.
struct Expected {
    message: String,
    members: Map<String, Value>,
}

/// The error the fuzzer chose, what it must read back as, and the text of its header fields
/// (which may be refused), each with whether quotes and backslashes are refused too.
fn case(choice: Choice) -> (FuzzError, Expected, Vec<(String, bool)>) {
    let mut header_text = Vec::new();
    let (message, members, error) = match choice {
        Choice::Interpolated {
            text,
            number,
            unsigned,
            letter,
            big,
            optional,
            list,
            flag,
        } => (
            format!(
                "text={text} debug={text:?} n={number} u={unsigned:>6} c={letter} {{literal}} \"quoted\" \\ \u{e9} \u{2028} \t|{big}"
            ),
            json!({
                "text": text, "number": number, "unsigned": unsigned, "letter": letter,
                "opt": optional, "list": list, "flag": flag,
            }),
            FuzzError::Interpolated {
                text,
                number,
                unsigned,
                letter,
                big,
                optional,
                list,
                flag,
            },
        ),
        Choice::Tuple(text, number) => (
            format!("{text} and {number:?} and {text:.3} and {number:+}"),
            json!({}),
            FuzzError::Tuple(text, number),
        ),
        Choice::Invalid {
            count,
            note,
            violations,
        } => (
            format!("{count} problems: {note}"),
            json!({"count": count, "note": note}),
            FuzzError::Invalid {
                count,
                note,
                violations: violations.into_iter().map(ViolationInput::build).collect(),
            },
        ),
        Choice::Limited {
            who,
            hint,
            retry,
            limit,
        } => {
            header_text.push((hint.clone(), false));
            let limit = limit.map(|(limit, remaining, reset, retry_after, policy)| {
                let mut rate = RateLimit::new(limit, remaining, reset);
                if let Some(seconds) = retry_after {
                    rate = rate.with_retry_after(seconds);
                }
                if let Some((name, window)) = policy {
                    header_text.push((name.clone(), true));
                    rate = rate.with_ietf_policy(name, window);
                }
                rate
            });
            (
                format!("slow down, {who:>4}"),
                json!({"who": who}),
                FuzzError::Limited {
                    who,
                    hint,
                    retry,
                    limit,
                },
            )
        }
        Choice::Down { region, secret } => (
            format!("down: {region}"),
            json!({"region": region}),
            FuzzError::Down { region, secret },
        ),
        Choice::Computed(text) => (
            format!("{} chars, {}, {text}", text.chars().count(), text),
            json!({"text": text}),
            FuzzError::Computed { text },
        ),
        Choice::Flattened { id, text, number } => {
            let mut members = json!({"id": id, "extraText": text});
            if let Some(number) = number {
                members["extraNumber"] = number.into();
            }
            (
                format!("{id} not found"),
                members,
                FuzzError::Flattened {
                    id,
                    extra: Extra { text, number },
                },
            )
        }
        Choice::Unit => ("Unauthorized".to_owned(), json!({}), FuzzError::Unit),
        Choice::Inner(text) => (
            format!("inner {text}"),
            json!({}),
            FuzzError::Inner(InnerError::Denied(text)),
        ),
    };
    let Value::Object(members) = members else {
        unreachable!("members are an object")
    };
    assert_eq!(
        error.message().to_string(),
        message,
        "ApiError::message of {error:?}"
    );
    (error, Expected { message, members }, header_text)
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut errors = Vec::new();
    let mut expected = Vec::new();
    let mut header_text = Vec::new();
    for choice in std::iter::once(input.first).chain(input.rest.into_iter().take(3)) {
        let (error, expect, texts) = case(choice);
        errors.push(error);
        expected.push(expect);
        header_text.extend(texts);
    }
    let mut response = ErrorResponse::from_errors(errors).expect("at least one error");
    if let Some(request_id) = &input.request_id {
        response = response.with_request_id(request_id.clone());
    }
    if let Some(instance) = &input.instance {
        response = response.with_instance(instance.clone());
    }
    let shape = Shape {
        errors: response.errors().iter().zip(&expected).collect(),
        request_id: input.request_id.as_deref(),
        instance: input.instance.as_deref(),
    };
    for format in BuiltinFormat::ALL {
        let mut body = Vec::new();
        response
            .render_as(&format, &mut body)
            .unwrap_or_else(|error| panic!("{format}: {error}"));
        let text = std::str::from_utf8(&body).expect("a body is UTF-8");
        let json = parse_strict(text).unwrap_or_else(|error| panic!("{format}: {error}: {text}"));
        shape.check(format, &json, text);

        match response.to_http_response_as(&format) {
            Ok(http) => {
                assert_eq!(http.body(), &body, "{format}: the same body");
                assert_eq!(http.status(), response.status());
                for (name, value) in http.headers() {
                    assert!(
                        value.as_bytes().iter().all(|&b| visible(b)),
                        "{name}: {value:?}"
                    );
                }
            }
            Err(RenderError::Header(error)) => assert!(
                header_text
                    .iter()
                    .any(|(text, no_quotes)| !text.bytes().all(visible)
                        || (*no_quotes && text.contains(['"', '\\']))),
                "{error}: refused though every header text was visible ASCII: {header_text:?}"
            ),
            Err(error) => panic!("{format}: {error}"),
        }
    }
});

/// A byte a header value may hold: a tab or visible ASCII (or a space).
fn visible(byte: u8) -> bool {
    byte == b'\t' || (b' '..=b'~').contains(&byte)
}

/// Parses `text`, refusing an object that repeats a member (serde_json's `Value` would keep
/// the last silently).
fn parse_strict(text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Strict = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(value)
}

/// Any JSON, refusing repeated members.
struct Strict;

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_str<E>(self, _: &str) -> Result<Strict, E> {
        Ok(Strict)
    }
    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        while seq.next_element::<Strict>()?.is_some() {}
        Ok(Strict)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("repeated member {key:?}")));
            }
            map.next_value::<Strict>()?;
        }
        Ok(Strict)
    }
}

/// The member names of `object`.
fn keys(object: &Value) -> BTreeSet<&str> {
    object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Checks that `object` has exactly the members `fixed` and the error's extra fields, and the
/// extra fields' values.
fn check_members(object: &Value, fixed: &[&str], members: &Map<String, Value>, text: &str) {
    let mut want: BTreeSet<&str> = fixed.iter().copied().collect();
    want.extend(members.keys().map(String::as_str));
    assert_eq!(keys(object), want, "{text}");
    for (name, value) in members {
        assert_eq!(&object[name], value, "member {name} in {text}");
    }
}

/// The `field` of a violation as the formats write it.
fn field(violation: &Violation) -> String {
    match (violation.path().segments(), violation.source()) {
        ([], Some(source)) => source.as_str().to_owned(),
        _ => violation.path().to_string(),
    }
}

/// Checks a `{"field","reason","rule"?...}` item (problem and envelope formats).
fn check_field_reason(item: &Value, violation: &Violation, text: &str) {
    assert_eq!(
        item["field"].as_str(),
        Some(field(violation).as_str()),
        "{text}"
    );
    assert_eq!(item["reason"].as_str(), Some(violation.reason()), "{text}");
    assert_eq!(
        item["rule"].as_str(),
        violation.rule().map(Rule::konnect_name),
        "{text}"
    );
}

/// What a body must say: the errors in order with what each must read back as, and the
/// response's request id and instance.
struct Shape<'a> {
    errors: Vec<(&'a FuzzError, &'a Expected)>,
    request_id: Option<&'a str>,
    instance: Option<&'a str>,
}

impl Shape<'_> {
    /// `fixed` and, when the response has one, `request_id`.
    fn top_level(&self, fixed: &[&'static str]) -> BTreeSet<&'static str> {
        let mut keys: BTreeSet<&str> = fixed.iter().copied().collect();
        if self.request_id.is_some() {
            keys.insert("request_id");
        }
        keys
    }

    fn check(&self, format: BuiltinFormat, json: &Value, text: &str) {
        assert_eq!(json["request_id"].as_str(), self.request_id, "{text}");
        match format {
            BuiltinFormat::Errors => self.check_errors(json, text),
            BuiltinFormat::Problem => self.check_problem(json, text),
            BuiltinFormat::Envelope => self.check_envelope(json, text),
            BuiltinFormat::Detail => self.check_detail(json, text),
            other => panic!("no checks for the `{other}` format yet"),
        }
    }

    fn check_errors(&self, json: &Value, text: &str) {
        let (first, first_expected) = self.errors[0];
        assert_eq!(
            keys(json),
            self.top_level(&["statusCode", "message", "errors"]),
            "{text}"
        );
        assert_eq!(json["statusCode"], first.status().as_u16(), "{text}");
        let top = first
            .violations()
            .first()
            .map_or(first_expected.message.as_str(), Violation::reason);
        assert_eq!(json["message"].as_str(), Some(top), "{text}");
        let mut items = json["errors"].as_array().expect("errors").iter();
        for &(error, expected) in &self.errors {
            if error.violations().is_empty() {
                let item = items.next().expect("an item per error");
                check_members(item, &["code", "message"], &expected.members, text);
                assert_eq!(item["code"].as_str(), Some(error.code()), "{text}");
                assert_eq!(
                    item["message"].as_str(),
                    Some(expected.message.as_str()),
                    "{text}"
                );
            }
            for violation in error.violations() {
                let item = items.next().expect("an item per violation");
                check_members(item, &["code", "message", "field"], &expected.members, text);
                assert_eq!(item["code"].as_str(), Some(error.code()), "{text}");
                assert_eq!(item["message"].as_str(), Some(violation.reason()), "{text}");
                assert_eq!(
                    item["field"].as_str(),
                    Some(field(violation).as_str()),
                    "{text}"
                );
            }
        }
        assert!(items.next().is_none(), "{text}");
    }

    fn check_problem(&self, json: &Value, text: &str) {
        let check = |object: &Value, error: &FuzzError, expected: &Expected, top: bool| {
            let mut fixed = vec!["title", "status", "detail"];
            if error.type_uri().is_some() {
                fixed.push("type");
            }
            if !error.violations().is_empty() {
                fixed.push("invalid_parameters");
            }
            if top {
                fixed.extend(self.top_level(&[]));
                if self.instance.is_some() {
                    fixed.push("instance");
                }
                if self.errors.len() > 1 {
                    fixed.push("errors");
                }
            }
            check_members(object, &fixed, &expected.members, text);
            assert_eq!(object["type"].as_str(), error.type_uri(), "{text}");
            assert_eq!(object["title"].as_str(), Some(error.title()), "{text}");
            assert_eq!(object["status"], error.status().as_u16(), "{text}");
            assert_eq!(
                object["detail"].as_str(),
                Some(expected.message.as_str()),
                "{text}"
            );
            let violations = error.violations();
            if !violations.is_empty() {
                let items = object["invalid_parameters"].as_array().expect("a list");
                assert_eq!(items.len(), violations.len(), "{text}");
                for (item, violation) in items.iter().zip(violations) {
                    check_field_reason(item, violation, text);
                }
            }
        };
        let (first, first_expected) = self.errors[0];
        check(json, first, first_expected, true);
        assert_eq!(json["instance"].as_str(), self.instance, "{text}");
        if self.errors.len() > 1 {
            let rest = json["errors"].as_array().expect("errors");
            assert_eq!(rest.len(), self.errors.len() - 1, "{text}");
            for (object, &(error, expected)) in rest.iter().zip(&self.errors[1..]) {
                check(object, error, expected, false);
            }
        }
    }

    fn check_envelope(&self, json: &Value, text: &str) {
        let mut fixed = vec!["error"];
        if self.errors.len() > 1 {
            fixed.push("errors");
        }
        assert_eq!(keys(json), self.top_level(&fixed), "{text}");
        let rest = json
            .get("errors")
            .map_or(&[][..], |rest| rest.as_array().expect("errors").as_slice());
        assert_eq!(rest.len() + 1, self.errors.len(), "{text}");
        let objects = std::iter::once(&json["error"]).chain(rest);
        for (object, &(error, expected)) in objects.zip(&self.errors) {
            let violations = error.violations();
            let fixed: &[&str] = if violations.is_empty() {
                &["code", "message"]
            } else {
                &["code", "message", "details"]
            };
            check_members(object, fixed, &expected.members, text);
            assert_eq!(object["code"].as_str(), Some(error.code()), "{text}");
            assert_eq!(
                object["message"].as_str(),
                Some(expected.message.as_str()),
                "{text}"
            );
            match (violations, &object["details"]) {
                ([], _) => {}
                ([single], item) => check_field_reason(item, single, text),
                (many, Value::Array(items)) => {
                    assert_eq!(items.len(), many.len(), "{text}");
                    for (item, violation) in items.iter().zip(many) {
                        check_field_reason(item, violation, text);
                    }
                }
                (_, other) => panic!("details {other} in {text}"),
            }
        }
    }

    fn check_detail(&self, json: &Value, text: &str) {
        assert_eq!(keys(json), self.top_level(&["detail"]), "{text}");
        if let [(single, expected)] = self.errors[..]
            && single.violations().is_empty()
        {
            assert_eq!(
                json["detail"].as_str(),
                Some(expected.message.as_str()),
                "{text}"
            );
            return;
        }
        let mut items = json["detail"].as_array().expect("a list").iter();
        for &(error, expected) in &self.errors {
            if error.violations().is_empty() {
                let item = items.next().expect("an item per error");
                assert_eq!(keys(item), BTreeSet::from(["type", "loc", "msg"]), "{text}");
                assert_eq!(item["type"].as_str(), Some(error.code()), "{text}");
                assert_eq!(item["loc"], json!([]), "{text}");
                assert_eq!(
                    item["msg"].as_str(),
                    Some(expected.message.as_str()),
                    "{text}"
                );
            }
            for violation in error.violations() {
                let item = items.next().expect("an item per violation");
                assert_eq!(item["msg"].as_str(), Some(violation.reason()), "{text}");
                assert_eq!(item.get("input"), violation.input(), "{text}");
                let loc = item["loc"].as_array().expect("a list");
                let path = violation.path().segments();
                assert_eq!(
                    loc.len(),
                    path.len() + usize::from(violation.source().is_some()),
                    "{text}"
                );
                for (at, segment) in loc.iter().rev().zip(path.iter().rev()) {
                    match segment {
                        PathSegment::Key(key) => assert_eq!(at.as_str(), Some(&**key), "{text}"),
                        PathSegment::Index(index) => {
                            assert_eq!(at.as_u64(), u64::try_from(*index).ok(), "{text}");
                        }
                    }
                }
            }
        }
        assert!(items.next().is_none(), "{text}");
    }
}
