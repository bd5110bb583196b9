//! `decoder`: the client decoder (`apifault::client::Decoder`) on arbitrary bytes, read as each
//! of the four formats, under several statuses, with its default limits (1 MiB, 32 levels), low
//! ones (256 bytes, 4 levels) and limits exactly at and just under the body's own size and
//! depth.
//!
//! The input is the body. An input starting with `!` first carries response headers, one
//! `name: value` a line up to an empty line (so `Retry-After`, `X-RateLimit-*` and
//! `RateLimit-Policy` values are fuzzed too). Seeds: `fuzz/seeds/decoder/`.
//!
//! Proves: the decoder never panics; a body longer than the size limit is refused as
//! `TooLarge` and one at the limit is not; a body nested deeper than the depth limit is
//! refused as `TooDeep` (before parsing) and one at the limit is not; a body is `NotJson`
//! exactly when serde_json refuses it; nothing decoded (unknown errors' members, violations'
//! inputs and choices) nests deeper than the limit.

#![no_main]

use apifault::client::{DecodeError, Decoder, Received};
use apifault::{ApiError, BuiltinFormat, RateLimit, Rule, Violation};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Every kind of field a client reads back, in several variants that share statuses, so
/// that every way of finding a variant is taken.
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
#[allow(
    dead_code,
    reason = "built by the decoder only; some fields are never read"
)]
enum Shop {
    #[api(
        status = 409,
        code = "ConcurrentModification",
        message = "Expected: {expected_version} - Actual: {current_version:?})"
    )]
    ConcurrentModification {
        #[api(skip)]
        resource_id: String,
        expected_version: i64,
        current_version: Option<i64>,
    },
    #[api(
        status = 400,
        code = "InvalidInput",
        message = "The request is invalid"
    )]
    InvalidInput {
        #[api(violations)]
        violations: Vec<Violation>,
    },
    #[api(status = 400, code = "BadValue", message = "Bad {value}")]
    BadValue { value: String },
    #[api(status = 429, code = "RateLimited", message = "Too many requests")]
    RateLimited {
        #[api(headers)]
        limit: RateLimit,
    },
    #[api(status = 503, code = "Unavailable", message = "Try again later")]
    Unavailable {
        #[api(header = "Retry-After")]
        retry_after: Option<u64>,
        #[api(header = "Date")]
        date: Option<std::time::SystemTime>,
        region: String,
    },
    #[api(status = 404, code = "NotFound", message = "No item {0}")]
    NotFound(#[api(rename = "sku")] String),
    #[api(
        status = 404,
        type = "https://errors.example.com/gone",
        title = "Gone for good"
    )]
    Gone {
        #[api(flatten)]
        extra: std::collections::BTreeMap<String, Value>,
    },
    #[api(status = 500, no_decode)]
    Internal { source: std::io::Error },
    #[api(transparent)]
    Auth(Auth),
}

#[derive(Debug, ApiError)]
#[api(status = 401)]
enum Auth {
    #[api(code = "invalid_token", message = "invalid_token")]
    InvalidToken,
    #[api(code = "expired", message = "expired {at}")]
    Expired { at: u64 },
}

const STATUSES: [u16; 7] = [400, 401, 404, 409, 429, 500, 503];

/// How deeply a decoded `value` nests arrays and objects (a scalar is 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The deepest value the decoded errors hold.
fn decoded_depth(errors: &[Received<Shop>]) -> usize {
    let violations = |violations: &[Violation]| {
        violations
            .iter()
            .map(|violation| {
                let choices = match violation.rule() {
                    Some(Rule::Enum(choices)) => choices.iter().map(depth).max().unwrap_or(0),
                    _ => 0,
                };
                violation.input().map_or(0, depth).max(choices)
            })
            .max()
            .unwrap_or(0)
    };
    errors
        .iter()
        .map(|received| match received {
            Received::Unknown(unknown) => {
                // The members were one object of the body, inside the body's top level.
                let members = unknown.members.values().map(depth).max().unwrap_or(0);
                members.max(violations(&unknown.violations))
            }
            Received::Known { error, .. } => match error {
                Shop::Gone { extra } => extra.values().map(depth).max().unwrap_or(0),
                other => violations(other.violations()),
            },
        })
        .max()
        .unwrap_or(0)
}

/// Splits the `!name: value` header lines off the body.
fn split(data: &[u8]) -> (HeaderMap, &[u8]) {
    let mut headers = HeaderMap::new();
    let Some(mut rest) = data.strip_prefix(b"!") else {
        return (headers, data);
    };
    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
        let (line, after) = (&rest[..end], &rest[end + 1..]);
        rest = after;
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let value = line[colon + 1..].trim_ascii();
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(line[..colon].trim_ascii()),
            HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    (headers, rest)
}

/// How deeply a JSON text nests arrays and objects, counting members that a `Value` would
/// drop for a repeated key (serde_json keeps the last one).
struct TextDepth(usize);

impl<'de> serde::Deserialize<'de> for TextDepth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextDepthVisitor)
    }
}

struct TextDepthVisitor;

impl<'de> serde::de::Visitor<'de> for TextDepthVisitor {
    type Value = TextDepth;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_i64<E>(self, _: i64) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_u64<E>(self, _: u64) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_f64<E>(self, _: f64) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_str<E>(self, _: &str) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_unit<E>(self) -> Result<TextDepth, E> {
        Ok(TextDepth(0))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TextDepth, A::Error> {
        let mut deepest = 0;
        while let Some(TextDepth(item)) = seq.next_element()? {
            deepest = deepest.max(item);
        }
        Ok(TextDepth(deepest + 1))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TextDepth, A::Error> {
        let mut deepest = 0;
        while let Some((serde::de::IgnoredAny, TextDepth(value))) = map.next_entry()? {
            deepest = deepest.max(value);
        }
        Ok(TextDepth(deepest + 1))
    }
}

fuzz_target!(|data: &[u8]| {
    let (headers, body) = split(data);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let body_depth = serde_json::from_slice(body)
        .ok()
        .map(|TextDepth(depth)| depth);
    assert_eq!(parsed.is_some(), body_depth.is_some());

    let mut decoders = vec![
        (Decoder::new(), 1024 * 1024, 32),
        (Decoder::new().with_max_body_size(256).with_max_depth(4), 256, 4),
    ];
    // At the body's own size and depth, and just under them.
    let (size, deep) = (body.len(), body_depth.unwrap_or(4));
    for (size, deep) in [
        (size, deep),
        (size.saturating_sub(1), deep),
        (size, deep.saturating_sub(1)),
    ] {
        decoders.push((
            Decoder::new().with_max_body_size(size).with_max_depth(deep),
            size,
            deep,
        ));
    }

    for (decoder, max_size, max_depth) in decoders {
        for format in BuiltinFormat::ALL {
            for status in STATUSES {
                let status = StatusCode::from_u16(status).expect("a status");
                let result = decoder.decode_as::<Shop>(format, status, &headers, body);
                match &result {
                    Err(DecodeError::TooLarge { limit }) => {
                        assert_eq!(*limit, max_size);
                        assert!(body.len() > max_size, "{} bytes refused", body.len());
                        continue;
                    }
                    _ => assert!(body.len() <= max_size, "{} bytes accepted", body.len()),
                }
                match (&result, body_depth) {
                    (Err(DecodeError::TooDeep { limit }), Some(found)) => {
                        assert_eq!(*limit, max_depth);
                        assert!(found > max_depth, "depth {found} refused at {max_depth}");
                        continue;
                    }
                    // A body that is not JSON may be refused for its brackets first.
                    (Err(DecodeError::TooDeep { limit }), None) => {
                        assert_eq!(*limit, max_depth);
                        continue;
                    }
                    (_, Some(found)) => {
                        assert!(found <= max_depth, "depth {found} passed {max_depth}");
                    }
                    (_, None) => {}
                }
                match result {
                    Err(DecodeError::NotJson(error)) => {
                        assert!(parsed.is_none(), "{format}: JSON refused: {error}");
                    }
                    Err(DecodeError::Shape { format: said }) => {
                        assert_eq!(said, format);
                        assert!(parsed.is_some(), "{format}: not JSON, yet read");
                    }
                    Err(other) => panic!("{other}"),
                    Ok(decoded) => {
                        assert!(parsed.is_some(), "{format}: not JSON, yet decoded");
                        assert_eq!(decoded.status, status);
                        let found = decoded_depth(&decoded.errors);
                        assert!(found <= max_depth, "{format}: depth {found} decoded");
                        for received in &decoded.errors {
                            if let Received::Known { error, .. } = received {
                                assert_ne!(error.code(), "Internal", "no_decode is never built");
                                // A decoded value's message can be formatted.
                                let _ = error.message().to_string();
                            }
                        }
                    }
                }
            }
        }
    }
});
