//! `headers`: response headers from arbitrary values through the runtime's header machinery:
//! `ToHeaderValue` for integers, strings (`str`, `String`, `Cow`), `HeaderValue`s, `Duration`s,
//! `SystemTime`s (before and after the epoch), `Option`s, references and boxes, written with
//! `set_header` under arbitrary names; `WriteHeaders` for `HeaderMap`s, `RateLimit`s (with
//! IETF policies of any name) and `Option`s; and a derived error's `header`/`headers` fields
//! through `ErrorResponse::headers` and `to_http_response` with extra headers.
//!
//! Proves: nothing panics; no emitted header value holds a byte other than a tab or visible
//! ASCII (so never a CR, LF or NUL); a text value is written unchanged exactly when it is
//! all such bytes and is refused otherwise; an integer is written in decimal, a `Duration` as
//! its seconds rounded up, a `SystemTime` as its HTTP-date (refused exactly when it has none:
//! before 1970 or after 9999); the first value written under a name is kept.

#![no_main]

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apifault::headers::{WriteHeaders, set_header};
use apifault::{ApiError, ErrorResponse, RateLimit};
use arbitrary::{Arbitrary, Unstructured};
use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, ApiError)]
enum Limited {
    #[api(status = 429, message = "slow down")]
    Slow {
        #[api(header = "X-Hint")]
        hint: String,
        #[api(header = "Retry-After")]
        retry: Option<Duration>,
        #[api(header = "Expires")]
        until: Option<SystemTime>,
        #[api(headers)]
        limit: Option<RateLimit>,
        #[api(headers)]
        more: HeaderMap,
    },
}

#[derive(Debug, Arbitrary)]
enum Value {
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    Usize(usize),
    I16(i16),
    I32(i32),
    I64(i64),
    Isize(isize),
    Str(String),
    Owned(String),
    Cow(String),
    Bytes(Vec<u8>),
    Duration(u64, u32),
    Time { after: bool, secs: u64, nanos: u32 },
    Option(Option<Box<Value>>),
    Boxed(Box<Value>),
}

#[derive(Debug, Arbitrary)]
enum Step {
    /// `set_header` of one value under a name.
    Set { name: String, value: Value },
    /// `WriteHeaders` of a map of arbitrary pairs.
    Map(Vec<(String, Vec<u8>)>),
    /// `WriteHeaders` of a rate limit, perhaps inside an `Option`.
    RateLimit {
        limit: u64,
        remaining: u64,
        reset: u64,
        retry_after: Option<u64>,
        policy: Option<(String, u64)>,
        optional: bool,
    },
    /// A derived error's header fields, through a response with extra headers.
    Response {
        hint: String,
        retry: Option<(u64, u32)>,
        until: Option<(bool, u64, u32)>,
        limit: Option<(u64, u64, u64)>,
        more: Vec<(String, Vec<u8>)>,
        extra: Vec<(String, Vec<u8>)>,
    },
}

/// A byte a header value may hold: a tab or visible ASCII (or a space).
fn visible(byte: u8) -> bool {
    byte == b'\t' || (b' '..=b'~').contains(&byte)
}

/// Whether every value in `headers` is a tab or visible ASCII.
fn clean(headers: &HeaderMap) -> bool {
    headers
        .values()
        .all(|value| value.as_bytes().iter().all(|&b| visible(b)))
}

fn assert_clean(headers: &HeaderMap) {
    for (name, value) in headers {
        assert!(
            value.as_bytes().iter().all(|&b| visible(b)),
            "{name}: {value:?}"
        );
    }
}

/// No value in `headers` holds a CR, LF or NUL, and those not from `extra` (the caller's own
/// `HeaderValue`s, which `http` checked and which may hold bytes 0x80..=0xff) are all tabs and
/// visible ASCII.
fn assert_clean_but(headers: &HeaderMap, extra: &HeaderMap) {
    for (name, value) in headers {
        let bytes = value.as_bytes();
        assert!(
            !bytes.iter().any(|b| b"\r\n\0".contains(b)),
            "{name}: {value:?}"
        );
        if !extra.contains_key(name) {
            assert!(bytes.iter().all(|&b| visible(b)), "{name}: {value:?}");
        }
    }
}

fn name(text: &str) -> HeaderName {
    HeaderName::from_bytes(text.as_bytes()).unwrap_or(HeaderName::from_static("x-fuzz"))
}

fn time(after: bool, secs: u64, nanos: u32) -> SystemTime {
    let offset = Duration::new(secs, nanos % 1_000_000_000);
    let time = if after {
        UNIX_EPOCH.checked_add(offset)
    } else {
        UNIX_EPOCH.checked_sub(offset)
    };
    time.unwrap_or(UNIX_EPOCH)
}

/// The HTTP-date of `time`, if it has one: from 1970 to 9999, to the second.
fn http_date(time: SystemTime) -> Option<HeaderValue> {
    let since = time.duration_since(UNIX_EPOCH).ok()?;
    if since.as_secs() >= 253_402_300_800 {
        return None;
    }
    let date = httpdate::fmt_http_date(time);
    assert_eq!(
        httpdate::parse_http_date(&date).ok(),
        UNIX_EPOCH.checked_add(Duration::from_secs(since.as_secs()))
    );
    HeaderValue::from_str(&date).ok()
}

/// Pairs made into a map; pairs that `http` itself refuses are left out.
fn map(pairs: &[(String, Vec<u8>)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    headers
}

/// Writes `value` under `name` with `set_header` and checks what was written.
fn check_value(value: &Value, headers: &mut HeaderMap, name: HeaderName) {
    let before = headers.get(&name).cloned();
    let written = match value {
        Value::U8(n) => set_header(headers, name.clone(), n),
        Value::U16(n) => set_header(headers, name.clone(), n),
        Value::U32(n) => set_header(headers, name.clone(), n),
        Value::U64(n) => set_header(headers, name.clone(), n),
        Value::Usize(n) => set_header(headers, name.clone(), n),
        Value::I16(n) => set_header(headers, name.clone(), n),
        Value::I32(n) => set_header(headers, name.clone(), n),
        Value::I64(n) => set_header(headers, name.clone(), n),
        Value::Isize(n) => set_header(headers, name.clone(), n),
        Value::Str(text) => set_header(headers, name.clone(), text.as_str()),
        Value::Owned(text) => set_header(headers, name.clone(), text),
        Value::Cow(text) => set_header(headers, name.clone(), &Cow::Borrowed(text.as_str())),
        Value::Bytes(bytes) => match HeaderValue::from_bytes(bytes) {
            Ok(value) => set_header(headers, name.clone(), &value),
            Err(_) => return,
        },
        Value::Duration(secs, nanos) => set_header(
            headers,
            name.clone(),
            &Duration::new(*secs, nanos % 1_000_000_000),
        ),
        Value::Time { after, secs, nanos } => {
            set_header(headers, name.clone(), &time(*after, *secs, *nanos))
        }
        Value::Option(None) => set_header(headers, name.clone(), &None::<u8>),
        Value::Option(Some(inner)) | Value::Boxed(inner) => {
            return check_value(inner, headers, name);
        }
    };
    let now = headers.get(&name);
    if before.is_some() {
        // The first value written under a name is kept, whatever came after.
        assert_eq!(now, before.as_ref(), "{name} was replaced");
        return;
    }
    let text = match value {
        Value::Str(text) | Value::Owned(text) | Value::Cow(text) => Some(text.as_bytes()),
        Value::Bytes(bytes) => Some(bytes.as_slice()),
        _ => None,
    };
    match (written, text) {
        (Ok(()), Some(text)) => {
            assert!(text.iter().all(|&b| visible(b)), "{text:?} was written");
            assert_eq!(now.map(HeaderValue::as_bytes), Some(text));
        }
        (Err(error), Some(text)) => {
            assert_eq!(error.name(), &name);
            assert!(
                !text.iter().all(|&b| visible(b)),
                "{text:?} refused: {error}"
            );
        }
        (Ok(()), None) => {
            let expected = match value {
                Value::U8(n) => Some(n.to_string()),
                Value::U16(n) => Some(n.to_string()),
                Value::U32(n) => Some(n.to_string()),
                Value::U64(n) => Some(n.to_string()),
                Value::Usize(n) => Some(n.to_string()),
                Value::I16(n) => Some(n.to_string()),
                Value::I32(n) => Some(n.to_string()),
                Value::I64(n) => Some(n.to_string()),
                Value::Isize(n) => Some(n.to_string()),
                Value::Duration(secs, nanos) => Some(
                    (u128::from(*secs) + u128::from(nanos % 1_000_000_000 > 0))
                        .min(u128::from(u64::MAX))
                        .to_string(),
                ),
                _ => None,
            };
            if let Some(expected) = expected {
                assert_eq!(now.map(HeaderValue::as_bytes), Some(expected.as_bytes()));
            }
        }
        // Besides text, only a time an HTTP-date cannot express is refused.
        (Err(error), None) => {
            let Value::Time { after, secs, nanos } = value else {
                panic!("{value:?} refused: {error}");
            };
            assert!(
                http_date(time(*after, *secs, *nanos)).is_none(),
                "{value:?} refused: {error}"
            );
        }
    }
    if let (Value::Time { after, secs, nanos }, Some(now)) = (value, now) {
        assert_eq!(Some(now), http_date(time(*after, *secs, *nanos)).as_ref());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(steps) = Vec::<Step>::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut headers = HeaderMap::new();
    for step in steps.iter().take(16) {
        match step {
            Step::Set { name: text, value } => check_value(value, &mut headers, name(text)),
            Step::Map(pairs) => {
                let pairs = map(pairs);
                let mut fresh = HeaderMap::new();
                let result = pairs.write_headers(&mut fresh);
                // `http` lets bytes 0x80..=0xff through; apifault does not.
                assert_eq!(result.is_ok(), clean(&pairs), "{result:?}");
                assert_clean(&fresh);
                let _ = pairs.write_headers(&mut headers);
            }
            Step::RateLimit {
                limit,
                remaining,
                reset,
                retry_after,
                policy,
                optional,
            } => {
                let mut rate = RateLimit::new(*limit, *remaining, *reset);
                if let Some(seconds) = retry_after {
                    rate = rate.with_retry_after(*seconds);
                }
                if let Some((name, window)) = policy {
                    rate = rate.with_ietf_policy(name.clone(), *window);
                }
                let mut fresh = HeaderMap::new();
                let result = if *optional {
                    Some(rate).write_headers(&mut fresh)
                } else {
                    rate.write_headers(&mut fresh)
                };
                match (result, policy) {
                    (Ok(()), _) => {
                        assert_eq!(fresh["x-ratelimit-limit"], limit.to_string().as_str());
                        assert_eq!(
                            fresh["x-ratelimit-remaining"],
                            remaining.to_string().as_str()
                        );
                        assert_eq!(fresh["x-ratelimit-reset"], reset.to_string().as_str());
                    }
                    (Err(error), Some((name, _))) => assert!(
                        !name.bytes().all(visible) || name.contains(['"', '\\']),
                        "policy {name:?} refused: {error}"
                    ),
                    (Err(error), None) => panic!("{error}"),
                }
                assert_clean(&fresh);
            }
            Step::Response {
                hint,
                retry,
                until,
                limit,
                more,
                extra,
            } => {
                let more = map(more);
                let more_clean = clean(&more);
                let extra = map(extra);
                let error = Limited::Slow {
                    hint: hint.clone(),
                    retry: retry.map(|(secs, nanos)| Duration::new(secs, nanos % 1_000_000_000)),
                    until: until.map(|(after, secs, nanos)| time(after, secs, nanos)),
                    limit: limit.map(|(l, r, reset)| RateLimit::new(l, r, reset)),
                    more,
                };
                assert_eq!(error.status(), 429);
                let mut response = ErrorResponse::new(error);
                for (name, value) in &extra {
                    response = response.with_header(name.clone(), value.clone());
                }
                match response.to_http_response() {
                    Ok(http) => {
                        assert_clean_but(http.headers(), &extra);
                        let hint_value = http.headers().get("x-hint").map(HeaderValue::as_bytes);
                        let expected = extra
                            .get("x-hint")
                            .map_or(hint.as_bytes(), HeaderValue::as_bytes);
                        assert_eq!(hint_value, Some(expected));
                    }
                    Err(error) => assert!(
                        !hint.bytes().all(visible)
                            || until.is_some_and(|(a, s, n)| http_date(time(a, s, n)).is_none())
                            || !more_clean,
                        "refused: {error}"
                    ),
                }
                if let Ok(headers) = response.headers() {
                    assert_clean_but(&headers, &extra);
                }
            }
        }
        assert_clean(&headers);
    }
});
