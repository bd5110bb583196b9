//! The promises apifault makes about hostile input, each stated and proved, most of them over
//! generated inputs (proptest, bounded case counts).

use apifault::client::{DecodeError, Decoder};
use apifault::{ApiError, BuiltinFormat, ErrorResponse, RenderError};
use http::{HeaderMap, StatusCode};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
#[allow(dead_code, reason = "the secret fields exist to be kept out of bodies")]
enum Hostile {
    #[api(status = 500, no_decode)]
    Internal {
        source: std::io::Error,
        attempt: u32,
    },
    #[api(status = 503, message = "Upstream failed", no_decode)]
    Upstream(#[api(skip)] String),
    #[api(status = 400, message = "bad {value}")]
    Bad {
        value: String,
        #[api(rename = "other")]
        echoed: String,
    },
    #[api(status = 429, message = "slow down")]
    Limited {
        #[api(header = "X-Hint")]
        hint: String,
    },
}

fn render_all(response: &ErrorResponse<Hostile>) -> Vec<(BuiltinFormat, String)> {
    BuiltinFormat::ALL
        .into_iter()
        .map(|format| {
            let mut body = Vec::new();
            response.render_as(&format, &mut body).unwrap();
            (format, String::from_utf8(body).unwrap())
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Promise: a 5xx body never contains text of a source error or of a skipped field.
    #[test]
    fn no_source_text_in_a_5xx_body(secret in "SECRET-[a-z0-9]{12}") {
        for error in [
            Hostile::Internal { source: std::io::Error::other(secret.clone()), attempt: 1 },
            Hostile::Upstream(secret.clone()),
        ] {
            let response = ErrorResponse::new(error);
            prop_assert!(response.status().is_server_error());
            for (format, body) in render_all(&response) {
                prop_assert!(!body.contains(&secret), "{format}: {body}");
            }
        }
    }

    /// Promise: a header value with CR, LF or another control character is never written;
    /// the response is refused instead.
    #[test]
    fn no_header_injection(hint in "\\PC{0,20}[\r\n\t\u{0}-\u{1f}\u{7f}]?\\PC{0,20}") {
        let response = ErrorResponse::new(Hostile::Limited { hint: hint.clone() });
        match response.to_http_response() {
            Ok(http) => {
                let value = http.headers()["x-hint"].as_bytes();
                prop_assert!(value.iter().all(|&b| b == b'\t' || (b' '..=b'~').contains(&b)), "{value:?}");
                prop_assert_eq!(value, hint.as_bytes());
            }
            Err(RenderError::Header(error)) => {
                prop_assert_eq!(error.name().as_str(), "x-hint");
                prop_assert!(hint.bytes().any(|b| !(b == b'\t' || (b' '..=b'~').contains(&b))));
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
    }

    /// Promise: no JSON injection through messages or field values: every body parses, has
    /// only the format's members, and gives back the exact strings.
    #[test]
    fn no_json_injection(value in "\\PC{0,40}|[\"\\\\{}\\[\\],:\u{0}-\u{1f}\u{2028}\u{2029}]{0,20}", echoed in "\\PC{0,20}") {
        let response = ErrorResponse::new(Hostile::Bad { value: value.clone(), echoed: echoed.clone() })
            .with_request_id(value.clone())
            .with_instance(echoed.clone());
        let message = format!("bad {value}");
        for (format, body) in render_all(&response) {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            let object = json.as_object().unwrap();
            let (keys, error) = match format {
                BuiltinFormat::Errors => (vec!["errors", "message", "request_id", "statusCode"], &json["errors"][0]),
                BuiltinFormat::Problem => (vec!["detail", "instance", "other", "request_id", "status", "title", "value"], &json),
                BuiltinFormat::Envelope => (vec!["error", "request_id"], &json["error"]),
                BuiltinFormat::Detail => (vec!["detail", "request_id"], &json),
                other => panic!("no members listed for the `{other}` format yet"),
            };
            let mut found: Vec<&str> = object.keys().map(String::as_str).collect();
            found.sort_unstable();
            prop_assert_eq!(found, keys, "{}", format);
            prop_assert_eq!(json["request_id"].as_str(), Some(value.as_str()));
            match format {
                BuiltinFormat::Detail => prop_assert_eq!(json["detail"].as_str(), Some(message.as_str())),
                BuiltinFormat::Problem => {
                    prop_assert_eq!(json["detail"].as_str(), Some(message.as_str()));
                    prop_assert_eq!(json["instance"].as_str(), Some(echoed.as_str()));
                }
                _ => {
                    prop_assert_eq!(error["message"].as_str(), Some(message.as_str()));
                }
            }
            if format != BuiltinFormat::Detail {
                prop_assert_eq!(error["value"].as_str(), Some(value.as_str()));
                prop_assert_eq!(error["other"].as_str(), Some(echoed.as_str()));
            }
        }
    }

    /// Promise: the decoder never panics on any bytes, and stays within its limits.
    #[test]
    fn decoder_never_panics(body in prop::collection::vec(any::<u8>(), 0..512), status in 400u16..600) {
        let decoder = Decoder::new().with_max_body_size(256).with_max_depth(4);
        let status = StatusCode::from_u16(status).unwrap();
        for format in BuiltinFormat::ALL {
            match decoder.decode_as::<Hostile>(format, status, &HeaderMap::new(), &body) {
                Err(DecodeError::TooLarge { limit }) => prop_assert!(body.len() > limit),
                Ok(_) | Err(_) => prop_assert!(body.len() <= 256),
            }
        }
    }

    /// Promise: nesting deeper than the limit is refused before parsing, however it is built.
    #[test]
    fn deep_bodies_are_refused(depth in 5usize..200, open in prop::sample::select(vec!['[', '{'])) {
        let body: String = match open {
            '[' => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            _ => format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
        };
        let result = Decoder::new().with_max_depth(4).decode::<Hostile>(StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes());
        prop_assert!(matches!(result, Err(DecodeError::TooDeep { limit: 4 })), "{result:?}");
    }
}

/// Every kind of field a message can interpolate: those written without `core::fmt` (strings,
/// integers, `bool`, `char`, through references and smart pointers), a format spec, and a type
/// that is only `Display`.
#[derive(Debug, ApiError)]
#[api(
    status = 400,
    no_decode,
    message = "{text}|{borrowed}|{cow}|{boxed}|{shared}|{letter}|{flag}|{small}|{big}|{huge}|{signed}|{size}|{padded:>6}|{debug:?}|{custom}"
)]
struct EveryPiece {
    text: String,
    borrowed: &'static str,
    cow: std::borrow::Cow<'static, str>,
    boxed: Box<str>,
    #[api(skip)]
    shared: std::sync::Arc<String>,
    letter: char,
    flag: bool,
    small: i8,
    big: u128,
    huge: i128,
    signed: isize,
    size: usize,
    padded: u16,
    debug: String,
    #[api(skip)]
    custom: Shouting,
}

/// A field type with nothing but `Display`.
#[derive(Debug)]
struct Shouting(String);

impl std::fmt::Display for Shouting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!", self.0.to_uppercase())
    }
}

proptest! {
    #![proptest_config(config())]

    /// Promise: the message in a body is byte for byte serde_json's escaping of the message's
    /// `Display` text, whichever way each field is written.
    #[test]
    fn message_bytes_are_serde_jsons(
        text in "\\PC{0,12}|[\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}]{0,8}",
        letter in any::<char>(),
        numbers in (any::<i8>(), any::<u128>(), any::<i128>(), any::<isize>(), any::<usize>(), any::<u16>()),
        flag in any::<bool>(),
    ) {
        let (small, big, huge, signed, size, padded) = numbers;
        let error = EveryPiece {
            text: text.clone(),
            borrowed: "quo\"te\\",
            cow: text.clone().into(),
            boxed: text.as_str().into(),
            shared: std::sync::Arc::new(text.clone()),
            letter,
            flag,
            small,
            big,
            huge,
            signed,
            size,
            padded,
            debug: text.clone(),
            custom: Shouting(text.clone()),
        };
        let mut body = Vec::new();
        error.write_message_json(&mut body).unwrap();
        let expected = serde_json::to_vec(&error.message().to_string()).unwrap();
        prop_assert_eq!(String::from_utf8(body).unwrap(), String::from_utf8(expected).unwrap());
    }
}

/// Promise: a huge body is refused, whatever it holds.
#[test]
fn huge_bodies_are_refused() {
    let body = vec![b' '; 2 * 1024 * 1024];
    let result =
        Decoder::new().decode::<Hostile>(StatusCode::BAD_REQUEST, &HeaderMap::new(), &body);
    assert!(matches!(
        result,
        Err(DecodeError::TooLarge { limit: 1_048_576 })
    ));
}

/// Promise: no `unsafe` in the runtime or the macro: both forbid it, and neither source tree
/// contains the keyword outside comments.
#[test]
fn no_unsafe() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for (crate_dir, lib) in [("runtime", "lib.rs"), ("macros", "lib.rs")] {
        let lints = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
        assert!(
            lints.contains("unsafe_code = \"forbid\""),
            "the workspace forbids unsafe code"
        );
        let crate_manifest =
            std::fs::read_to_string(format!("{root}/{crate_dir}/Cargo.toml")).unwrap();
        assert!(
            crate_manifest.contains("[lints]\nworkspace = true"),
            "{crate_dir} uses the workspace lints"
        );
        let mut stack = vec![std::path::PathBuf::from(format!("{root}/{crate_dir}/src"))];
        let mut files = 0;
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .unwrap()
                        .map(|entry| entry.unwrap().path()),
                );
                continue;
            }
            files += 1;
            let source = std::fs::read_to_string(&path).unwrap();
            for (number, line) in source.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let mentions = code
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|word| word == "unsafe");
                assert!(
                    !mentions || code.contains("\"unsafe"),
                    "{}:{}: {line}",
                    path.display(),
                    number + 1
                );
            }
        }
        assert!(
            files > 3,
            "{crate_dir}/src has {files} files; {lib} among them"
        );
    }
}

/// Found by the `headers` fuzz target (fuzz/README.md): a `SystemTime` that an HTTP-date
/// cannot express, before 1970 or in the year 10000 or later, panicked inside `httpdate`
/// when it was written as a header. It is refused like any other value that cannot be sent.
#[test]
fn header_times_an_http_date_cannot_express_are_refused() {
    use apifault::headers::ToHeaderValue;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    #[derive(Debug, ApiError)]
    enum Expiring {
        #[api(status = 410, message = "gone")]
        Gone {
            #[api(header = "Expires")]
            at: SystemTime,
        },
    }

    let before_1970 = UNIX_EPOCH - Duration::from_secs(1);
    let year_10000 = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
    for time in [before_1970, year_10000, UNIX_EPOCH + Duration::MAX / 2] {
        assert!(time.to_header_value().is_err(), "{time:?}");
        let response = ErrorResponse::new(Expiring::Gone { at: time }).to_http_response();
        assert!(
            matches!(&response, Err(RenderError::Header(error)) if error.name() == "expires"),
            "{response:?}"
        );
    }
    // The first and the last second an HTTP-date can say are written.
    let first = UNIX_EPOCH.to_header_value().unwrap().unwrap();
    assert_eq!(first, "Thu, 01 Jan 1970 00:00:00 GMT");
    let last = (year_10000 - Duration::from_nanos(1))
        .to_header_value()
        .unwrap()
        .unwrap();
    assert_eq!(last, "Fri, 31 Dec 9999 23:59:59 GMT");
}

/// Found by the `headers` fuzz target: a `Duration` of `u64::MAX` seconds and a fraction
/// overflowed when rounded up to delay-seconds: a panic with overflow checks on, and without
/// them `Retry-After: 0`, "retry at once", the opposite of what was meant. It saturates.
#[test]
fn the_longest_durations_round_up_without_overflow() {
    use apifault::headers::ToHeaderValue;
    use std::time::Duration;

    #[derive(Debug, ApiError)]
    enum Closed {
        #[api(status = 503, message = "closed")]
        ForGood {
            #[api(header = "Retry-After")]
            retry_after: Duration,
        },
    }

    let longest = u64::MAX.to_string();
    for duration in [Duration::MAX, Duration::new(u64::MAX, 1)] {
        let value = duration.to_header_value().unwrap().unwrap();
        assert_eq!(value, longest.as_str(), "{duration:?}");
        let response = ErrorResponse::new(Closed::ForGood {
            retry_after: duration,
        })
        .to_http_response()
        .unwrap();
        assert_eq!(response.headers()["retry-after"], longest.as_str());
    }
    let rounded = Duration::new(u64::MAX - 1, 1).to_header_value().unwrap();
    assert_eq!(rounded.unwrap(), longest.as_str());
}
