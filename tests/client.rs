//! Client-side decoding: the golden bodies of the real APIs decode into typed values; unknown
//! codes, wrong-typed and missing members come back as preserved unknown errors; hostile
//! bodies are refused within limits; and render-then-decode gives back the same value in all
//! four formats, one error or many (property-based).

use apifault::client::{DecodeError, Decoded, Decoder, Received};
use apifault::{ApiError, BuiltinFormat, ErrorResponse, RateLimit, Rule, Source, Violation};
use http::{HeaderMap, StatusCode};
use proptest::prelude::*;

/// An API exercising every kind of field a client reads back.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(rename_all = "camelCase", type_base = "https://errors.example.com/")]
enum ShopError {
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
    #[api(status = 429, code = "RateLimited", message = "Too many requests")]
    RateLimited {
        #[api(headers)]
        limit: RateLimit,
    },
    #[api(status = 503, code = "Unavailable", message = "Try again later")]
    Unavailable {
        #[api(header = "Retry-After")]
        retry_after: u64,
        #[api(expose)]
        region: String,
    },
    #[api(status = 404, code = "NotFound", message = "No item {0}")]
    NotFound(#[api(rename = "sku")] String),
    #[api(transparent)]
    Auth(AuthError),
}

#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(status = 401)]
enum AuthError {
    #[api(code = "invalid_token", message = "invalid_token")]
    InvalidToken,
}

fn decode<E: apifault::client::Decode>(
    format: BuiltinFormat,
    response: &http::Response<Vec<u8>>,
) -> Decoded<E> {
    Decoder::new()
        .decode_as(
            format,
            response.status(),
            response.headers(),
            response.body(),
        )
        .unwrap()
}

fn known<E: Clone + std::fmt::Debug>(decoded: &Decoded<E>) -> Vec<E> {
    decoded
        .errors
        .iter()
        .map(|received| {
            received
                .known()
                .cloned()
                .unwrap_or_else(|| panic!("not decoded: {received:?}"))
        })
        .collect()
}

mod golden {
    use super::*;

    fn decode_body<E: apifault::client::Decode>(
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Decoded<E> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        Decoder::new()
            .decode(StatusCode::from_u16(status).unwrap(), &map, body.as_bytes())
            .unwrap()
    }

    use apifault_examples::fixture::ConnectError;

    #[test]
    fn commercetools() {
        let decoded = decode_body::<ConnectError>(
            409,
            &[],
            r#"{"statusCode":409,"message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","errors":[{"code":"ConcurrentModification","message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","expectedVersion":3,"currentVersion":4}]}"#,
        );
        let Received::Known { error, message } = &decoded.errors[0] else {
            panic!("{decoded:?}")
        };
        assert_eq!(
            *error,
            ConnectError::ConcurrentModification {
                resource_id: String::new(),
                resource_key: String::new(),
                expected_version: 3,
                current_version: 4
            }
        );
        assert!(
            message.starts_with("Object id=abc or key=k1"),
            "the message as received is kept"
        );

        let decoded = decode_body::<ConnectError>(
            400,
            &[],
            r#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"InvalidJsonInput","message":"Second error message.","detailedErrorMessage":""}]}"#,
        );
        assert_eq!(decoded.errors.len(), 2);
        let messages: Vec<&str> = decoded
            .errors
            .iter()
            .map(|received| match received {
                Received::Known { message, .. } => message.as_str(),
                Received::Unknown(unknown) => panic!("{unknown:?}"),
            })
            .collect();
        assert_eq!(messages, ["First error message.", "Second error message."]);
    }

    #[derive(Debug, Clone, PartialEq, ApiError)]
    enum KonnectError {
        #[api(status = 400, message = "Request cannot be empty")]
        BadRequest {
            #[api(violations)]
            invalid_parameters: Vec<Violation>,
        },
        #[api(status = 429, message = "Too many requests")]
        RateLimited {
            #[api(header = "Retry-After")]
            retry_after: u64,
        },
    }

    #[test]
    fn konnect() {
        let decoded = decode_body::<KonnectError>(
            400,
            &[],
            r#"{"title":"Bad Request","status":400,"detail":"Request cannot be empty","instance":"konnect:trace:6644808935508571943","invalid_parameters":[{"field":"name","reason":"cannot be blank"},{"field":"new_password","reason":"is too short (minimum length: 8)","rule":"min_length","minimum":8}]}"#,
        );
        assert_eq!(
            decoded.instance.as_deref(),
            Some("konnect:trace:6644808935508571943")
        );
        assert_eq!(
            known(&decoded),
            [KonnectError::BadRequest {
                invalid_parameters: vec![
                    Violation::new("name", "cannot be blank"),
                    Violation::new("new_password", "is too short (minimum length: 8)")
                        .with_rule(Rule::MinLength(8)),
                ]
            }]
        );
        let decoded = decode_body::<KonnectError>(
            429,
            &[("retry-after", "42")],
            r#"{"title":"Too Many Requests","status":429,"detail":"Too many requests","instance":"kong:trace:42"}"#,
        );
        assert_eq!(
            known(&decoded),
            [KonnectError::RateLimited { retry_after: 42 }]
        );
    }

    #[derive(Debug, Clone, PartialEq, ApiError)]
    #[api(format = "envelope", code_case = "SCREAMING_SNAKE_CASE")]
    enum KonProError {
        #[api(status = 400, message = "The request body is invalid")]
        InvalidRequest {
            #[api(violations)]
            details: Vec<Violation>,
        },
    }

    #[test]
    fn konpro() {
        let decoded = decode_body::<KonProError>(
            400,
            &[],
            r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Avatar ID is required"}},"request_id":"req-123456"}"#,
        );
        assert_eq!(decoded.request_id.as_deref(), Some("req-123456"));
        assert_eq!(
            known(&decoded),
            [KonProError::InvalidRequest {
                details: vec![Violation::new("avatar_id", "Avatar ID is required")]
            }]
        );
    }

    #[derive(Debug, Clone, PartialEq, ApiError)]
    #[api(format = "detail")]
    enum KubeadaptError {
        #[api(status = 400, message = "Invalid cluster ID format")]
        InvalidClusterId,
        #[api(
            status = 401,
            message = "API key required. Use 'Authorization: Bearer <api_key>'"
        )]
        ApiKeyRequired,
        #[api(status = 401, message = "Invalid API key")]
        InvalidApiKey,
        #[api(status = 422)]
        Validation(#[api(violations)] Vec<Violation>),
        #[api(status = 429, message = "Rate limit exceeded")]
        RateLimited(#[api(headers)] RateLimit),
    }

    #[test]
    fn kubeadapt() {
        let decoded =
            decode_body::<KubeadaptError>(400, &[], r#"{"detail":"Invalid cluster ID format"}"#);
        assert_eq!(known(&decoded), [KubeadaptError::InvalidClusterId]);
        // Two 401s share a status: the message tells them apart.
        let decoded = decode_body::<KubeadaptError>(401, &[], r#"{"detail":"Invalid API key"}"#);
        assert_eq!(known(&decoded), [KubeadaptError::InvalidApiKey]);
        let decoded = decode_body::<KubeadaptError>(
            422,
            &[],
            r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#,
        );
        assert_eq!(
            known(&decoded),
            [KubeadaptError::Validation(vec![
                Violation::new(
                    "timeframe",
                    "Input should be a valid integer, unable to parse string as an integer"
                )
                .with_rule(Rule::Other("int_parsing".into()))
                .with_source(Source::Query)
                .with_input("abc")
            ])]
        );
        let decoded = decode_body::<KubeadaptError>(
            429,
            &[
                ("retry-after", "42"),
                ("x-ratelimit-limit", "100"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1741910460"),
            ],
            r#"{"detail":"Rate limit exceeded"}"#,
        );
        assert_eq!(
            known(&decoded),
            [KubeadaptError::RateLimited(
                RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42)
            )]
        );
    }
}

mod tolerance {
    use super::*;

    fn decode_errors(body: &str) -> Decoded<ShopError> {
        Decoder::new()
            .decode_as(
                BuiltinFormat::Errors,
                StatusCode::CONFLICT,
                &HeaderMap::new(),
                body.as_bytes(),
            )
            .unwrap()
    }

    #[test]
    fn unknown_codes_are_preserved() {
        let decoded = decode_errors(
            r#"{"statusCode":409,"message":"m","errors":[{"code":"DeploymentInvalidType","message":"Only 'preview' types are allowed.","region":"eu"}]}"#,
        );
        let Received::Unknown(unknown) = &decoded.errors[0] else {
            panic!("{decoded:?}")
        };
        assert_eq!(unknown.status, 409);
        assert_eq!(unknown.code.as_deref(), Some("DeploymentInvalidType"));
        assert_eq!(
            unknown.message.as_deref(),
            Some("Only 'preview' types are allowed.")
        );
        assert_eq!(unknown.members["region"], "eu");
    }

    #[test]
    fn wrong_typed_and_missing_members() {
        // `expectedVersion` of the wrong type: the member is ignored, so the variant cannot
        // be built, and the error comes back unknown with what it carried.
        let decoded = decode_errors(
            r#"{"statusCode":409,"message":"m","errors":[{"code":"ConcurrentModification","message":"m","expectedVersion":"three"}]}"#,
        );
        let Received::Unknown(unknown) = &decoded.errors[0] else {
            panic!("{decoded:?}")
        };
        assert_eq!(unknown.members["expectedVersion"], "three");
        // An optional member may be missing; members of the wrong type elsewhere are ignored.
        let decoded = decode_errors(
            r#"{"statusCode":"409","message":5,"errors":[{"code":"ConcurrentModification","message":7,"expectedVersion":3,"extra":{"x":[1]}}],"request_id":9}"#,
        );
        assert_eq!(
            known(&decoded),
            [ShopError::ConcurrentModification {
                resource_id: String::new(),
                expected_version: 3,
                current_version: None
            }]
        );
        assert_eq!(decoded.request_id, None);
        // Items that are not objects, and a missing `errors`, do not fail.
        let decoded = decode_errors(r#"{"statusCode":409,"message":"m","errors":[1,"x",null]}"#);
        assert!(decoded.errors.is_empty());
        let decoded = decode_errors(r#"{"statusCode":409,"message":"only this"}"#);
        let Received::Unknown(unknown) = &decoded.errors[0] else {
            panic!()
        };
        assert_eq!(unknown.message.as_deref(), Some("only this"));
    }

    #[test]
    fn bodies_of_the_wrong_shape() {
        for (format, body) in [
            (BuiltinFormat::Errors, "[1,2]"),
            (BuiltinFormat::Envelope, r#"{"error":"text"}"#),
            (BuiltinFormat::Detail, r#"{"detail":5}"#),
            (BuiltinFormat::Problem, "\"just a string\""),
        ] {
            let error = Decoder::new()
                .decode_as::<ShopError>(
                    format,
                    StatusCode::BAD_REQUEST,
                    &HeaderMap::new(),
                    body.as_bytes(),
                )
                .unwrap_err();
            assert!(
                matches!(error, DecodeError::Shape { .. }),
                "{format}: {error}"
            );
        }
    }

    #[test]
    fn truncated_oversized_and_deep_bodies() {
        let decoder = Decoder::new().with_max_body_size(1024).with_max_depth(8);
        let headers = HeaderMap::new();
        let status = StatusCode::BAD_REQUEST;
        let truncated = br#"{"statusCode":400,"message":"m","errors":[{"code":"Inva"#;
        assert!(matches!(
            decoder.decode::<ShopError>(status, &headers, truncated),
            Err(DecodeError::NotJson(_))
        ));
        let huge = format!(r#"{{"detail":"{}"}}"#, "x".repeat(2000));
        assert!(matches!(
            decoder.decode::<ShopError>(status, &headers, huge.as_bytes()),
            Err(DecodeError::TooLarge { limit: 1024 })
        ));
        let deep = format!("{}{}", "[".repeat(9), "]".repeat(9));
        assert!(matches!(
            decoder.decode::<ShopError>(status, &headers, deep.as_bytes()),
            Err(DecodeError::TooDeep { limit: 8 })
        ));
        // Brackets inside strings are not nesting.
        let strings = format!(
            r#"{{"title":"{}","status":400,"detail":"d"}}"#,
            "[{".repeat(20)
        );
        assert!(
            decoder
                .decode::<ShopError>(status, &headers, strings.as_bytes())
                .is_ok()
        );
        // 100 000 levels would overflow a naive parser's stack; the depth check refuses it first.
        let abyss = "[".repeat(100_000);
        assert!(matches!(
            Decoder::new().decode::<ShopError>(status, &headers, abyss.as_bytes()),
            Err(DecodeError::TooDeep { .. })
        ));
    }
}

/// Values whose skipped fields hold their defaults: those never travel, so a client gets the
/// default back (the documented rule).
fn shop_error() -> impl Strategy<Value = ShopError> {
    let text = "[a-zA-Z0-9 '\"\\\\{}\u{e9}\u{2028}]{0,12}";
    let violation = (
        text,
        text,
        prop::option::of(prop_oneof![
            Just(Rule::Required),
            (0u64..100).prop_map(Rule::MinLength),
            (0u64..100).prop_map(Rule::MaxItems),
        ]),
    )
        .prop_map(|(field, reason, rule)| {
            let violation = located(field.len(), reason);
            match rule {
                Some(rule) => violation.with_rule(rule),
                None => violation,
            }
        });
    prop_oneof![
        (any::<i64>(), prop::option::of(any::<i64>())).prop_map(
            |(expected_version, current_version)| {
                ShopError::ConcurrentModification {
                    resource_id: String::new(),
                    expected_version,
                    current_version,
                }
            }
        ),
        prop::collection::vec(violation, 0..4)
            .prop_map(|violations| ShopError::InvalidInput { violations }),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            prop::option::of(any::<u32>())
        )
            .prop_map(|(limit, remaining, reset, retry)| {
                let limit = RateLimit::new(limit.into(), remaining.into(), reset.into());
                ShopError::RateLimited {
                    limit: match retry {
                        Some(seconds) => limit.with_retry_after(seconds.into()),
                        None => limit,
                    },
                }
            }),
        (any::<u32>(), text).prop_map(|(retry_after, region)| ShopError::Unavailable {
            retry_after: retry_after.into(),
            region
        }),
        text.prop_map(ShopError::NotFound),
        Just(ShopError::Auth(AuthError::InvalidToken)),
    ]
}

/// A violation drawn from `n`: at a field `f<n>` (from the body, or of no stated source), or,
/// every third one, at an empty path, which a whole-body or whole-query problem has (always
/// with its source: FastAPI's `loc: []` would read as an error of its own).
fn located(n: usize, reason: String) -> Violation {
    match n % 6 {
        0 => Violation::new(apifault::FieldPath::default(), reason).with_source(Source::Body),
        3 => Violation::new(apifault::FieldPath::default(), reason).with_source(Source::Query),
        1 | 4 => Violation::new(format!("f{n}"), reason).with_source(Source::Body),
        _ => Violation::new(format!("f{n}"), reason),
    }
}

/// What a format carries of a violation: commercetools' objects have only the field and the
/// message; the envelope adds the rule's name; Konnect's items all but the input; FastAPI's
/// items everything.
fn as_carried(format: BuiltinFormat, violation: &Violation) -> Violation {
    let plain = Violation::new(violation.path().clone(), violation.reason().to_owned());
    // A violation with an empty path is written at its source's name (`"field":"body"`),
    // so every format carries the source of such a one.
    let plain = match violation.source() {
        Some(source) if violation.path().segments().is_empty() => plain.with_source(source),
        _ => plain,
    };
    let with_rule = |plain: Violation, rule: Option<Rule>| match rule {
        Some(rule) => plain.with_rule(rule),
        None => plain,
    };
    match format {
        BuiltinFormat::Errors => plain,
        BuiltinFormat::Envelope => with_rule(
            plain,
            violation.rule().map(|rule| match rule {
                Rule::Required => Rule::Required,
                other => Rule::Other(other.konnect_name().to_owned().into()),
            }),
        ),
        BuiltinFormat::Problem => {
            let plain = with_rule(plain, violation.rule().cloned());
            match violation.source() {
                Some(source) => plain.with_source(source),
                None => plain,
            }
        }
        BuiltinFormat::Detail => violation.clone(),
        other => panic!("no wording known for the `{other}` format yet"),
    }
}

/// The value as a format carries it.
fn as_carried_error(format: BuiltinFormat, error: &ShopError) -> ShopError {
    match error {
        ShopError::InvalidInput { violations } => ShopError::InvalidInput {
            violations: violations.iter().map(|v| as_carried(format, v)).collect(),
        },
        other => other.clone(),
    }
}

/// Whether a format carries a value at all: the detail format has no place for members.
fn carried(format: BuiltinFormat, error: &ShopError) -> bool {
    match (format, error) {
        (
            BuiltinFormat::Detail,
            ShopError::ConcurrentModification { .. }
            | ShopError::Unavailable { .. }
            | ShopError::NotFound(_),
        ) => false,
        // A violations-error without violations looks, in `detail`, like no error at all.
        (BuiltinFormat::Detail, ShopError::InvalidInput { violations }) => !violations.is_empty(),
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn one_error_round_trips_in_every_format(error in shop_error()) {
        for format in BuiltinFormat::ALL {
            let response = ErrorResponse::new(error.clone()).to_http_response_as(&format).unwrap();
            let decoded = decode::<ShopError>(format, &response);
            prop_assert_eq!(decoded.status, error.status());
            if carried(format, &error) {
                prop_assert_eq!(known(&decoded), vec![as_carried_error(format, &error)], "{}", format);
            } else {
                prop_assert!(decoded.errors.iter().all(|e| e.known().is_none_or(|known| known.code() == error.code())), "{format}");
            }
        }
    }

    #[test]
    fn many_errors_round_trip(errors in prop::collection::vec(shop_error(), 1..5)) {
        // One response carries errors of one status (the first one's) and one set of headers
        // (the first error to set a header decides it), so the errors that travel together
        // are those of one status that set no headers of their own.
        let status = errors[0].status();
        let sets_headers = |e: &ShopError| matches!(e, ShopError::RateLimited { .. } | ShopError::Unavailable { .. });
        let errors: Vec<ShopError> = errors.into_iter().filter(|e| e.status() == status && !sets_headers(e)).collect();
        prop_assume!(!errors.is_empty());
        for format in [BuiltinFormat::Problem, BuiltinFormat::Envelope] {
            let response = ErrorResponse::from_errors(errors.clone()).unwrap().to_http_response_as(&format).unwrap();
            let expected: Vec<ShopError> = errors.iter().map(|e| as_carried_error(format, e)).collect();
            prop_assert_eq!(known(&decode::<ShopError>(format, &response)), expected, "{}", format);
        }
        // The errors format writes a violation-carrying error as one object per violation:
        // two such errors in a row read back as one, so the property holds for the others.
        let adjacent_violations = errors.windows(2).any(|pair| matches!(pair, [ShopError::InvalidInput { .. }, ShopError::InvalidInput { .. }]));
        let empty_violations = errors.iter().any(|e| matches!(e, ShopError::InvalidInput { violations } if violations.is_empty()));
        if !adjacent_violations && !empty_violations {
            let response = ErrorResponse::from_errors(errors.clone()).unwrap().to_http_response_as(&BuiltinFormat::Errors).unwrap();
            let expected: Vec<ShopError> = errors.iter().map(|e| as_carried_error(BuiltinFormat::Errors, e)).collect();
            prop_assert_eq!(known(&decode::<ShopError>(BuiltinFormat::Errors, &response)), expected);
        }
    }
}

/// Each item of a problem's `errors` extension is read with its own `status`: a 404 after a
/// 403 is the 404 variant, and an unknown item keeps its own status too.
#[test]
fn problem_items_have_their_own_status() {
    use apifault_examples::konnect::KonnectError;
    let body = br#"{"title":"Permission denied","status":403,"detail":"Insufficient role-set to create control planes.","errors":[{"title":"Not Found","status":404,"detail":"The requested control plane was not found."},{"title":"Gone","status":410,"detail":"gone"}]}"#;
    let decoded: Decoded<KonnectError> = Decoder::new()
        .decode(StatusCode::FORBIDDEN, &HeaderMap::new(), body)
        .unwrap();
    assert_eq!(decoded.errors.len(), 3);
    assert_eq!(
        decoded.errors[0].known(),
        Some(&KonnectError::PermissionDenied)
    );
    assert_eq!(
        decoded.errors[1].known(),
        Some(&KonnectError::ControlPlaneNotFound)
    );
    match &decoded.errors[2] {
        Received::Unknown(unknown) => assert_eq!(unknown.status, StatusCode::GONE),
        other @ Received::Known { .. } => panic!("{other:?}"),
    }
}

/// A violation at an empty path decodes at an empty path, with the source its field names,
/// in every format; a field that only looks like a source stays a field where the format
/// says the source apart.
#[test]
fn an_empty_path_stays_empty() {
    let whole_body =
        Violation::new(apifault::FieldPath::default(), "invalid JSON").with_source(Source::Body);
    let error = ShopError::InvalidInput {
        violations: vec![whole_body.clone()],
    };
    for format in BuiltinFormat::ALL {
        let response = ErrorResponse::new(error.clone())
            .to_http_response_as(&format)
            .unwrap();
        let decoded = known(&decode::<ShopError>(format, &response));
        let ShopError::InvalidInput { violations } = &decoded[0] else {
            panic!("{decoded:?}");
        };
        assert!(
            violations[0].path().segments().is_empty(),
            "{format}: {violations:?}"
        );
        assert_eq!(violations[0].source(), Some(Source::Body), "{format}");
    }
    // Konnect's items name the source apart: a field called `body` of the query is a field.
    let body = br#"{"type":"https://errors.example.com/InvalidInput","title":"Bad Request","status":400,"detail":"The request is invalid","invalid_parameters":[{"field":"body","reason":"r","source":"query"},{"field":"","reason":"s"}]}"#;
    let decoded: Decoded<ShopError> = Decoder::new()
        .decode_as(
            BuiltinFormat::Problem,
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            body,
        )
        .unwrap();
    assert_eq!(
        known(&decoded),
        vec![ShopError::InvalidInput {
            violations: vec![
                Violation::new("body", "r").with_source(Source::Query),
                Violation::new(apifault::FieldPath::default(), "s"),
            ]
        }]
    );
}

/// The example servers' enums decode what their servers render.
#[test]
fn example_enums_round_trip() {
    use apifault_examples::connect::ConnectError;
    let errors = [
        ConnectError::InvalidJsonInput {
            detailed_error_message: "EOF".into(),
        },
        ConnectError::DuplicateField {
            field: "key".into(),
            duplicate_value: serde_json::json!("shop"),
        },
        ConnectError::ConcurrentModification {
            resource_id: String::new(),
            resource_key: String::new(),
            expected_version: 7,
            current_version: 1,
        },
    ];
    for error in errors {
        let response = ErrorResponse::new(error).to_http_response().unwrap();
        let decoded: Decoded<ConnectError> = Decoder::new()
            .decode(response.status(), response.headers(), response.body())
            .unwrap();
        let rendered_again = ErrorResponse::new(
            decoded
                .errors
                .into_iter()
                .next()
                .unwrap()
                .into_known()
                .unwrap(),
        )
        .to_http_response()
        .unwrap();
        assert_eq!(rendered_again.body(), response.body());
    }
}

/// Render-then-decode for every variant of the four example servers' enums, in all four
/// formats (where the format carries the value), and many errors at once in each enum's own
/// format. Fields that never travel are generated at their defaults (the documented rule).
mod example_enums {
    use super::as_carried;
    use apifault::client::{Decode, Decoder};
    use apifault::{ApiError, BuiltinFormat, ErrorResponse, RateLimit, Rule, Violation};
    use apifault_examples::connect::ConnectError;
    use apifault_examples::konnect::KonnectError;
    use apifault_examples::konpro::KonProError;
    use apifault_examples::kubeadapt::KubeadaptError;
    use proptest::prelude::*;
    use std::time::Duration;

    fn text() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 _'\"\\\\{}\u{e9}-]{0,10}"
    }

    fn violations() -> impl Strategy<Value = Vec<Violation>> {
        let violation = (
            text(),
            text(),
            prop::option::of(prop_oneof![
                Just(Rule::Required),
                (1u64..64).prop_map(Rule::MaxLength),
                Just(Rule::Enum(vec!["A".into(), "B".into()])),
            ]),
        )
            .prop_map(|(field, reason, rule)| {
                let violation = super::located(field.len(), reason);
                match rule {
                    Some(rule) => violation.with_rule(rule),
                    None => violation,
                }
            });
        prop::collection::vec(violation, 0..3)
    }

    fn rate_limit() -> impl Strategy<Value = RateLimit> {
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(l, r, reset, retry)| {
            RateLimit::new(l.into(), r.into(), reset.into()).with_retry_after(retry.into())
        })
    }

    fn connect() -> impl Strategy<Value = ConnectError> {
        prop_oneof![
            text().prop_map(|detailed_error_message| ConnectError::InvalidJsonInput {
                detailed_error_message
            }),
            text().prop_map(|detailed_error_message| ConnectError::InvalidQueryParam {
                detailed_error_message
            }),
            Just(ConnectError::ResourceNotFound {
                resource_id: String::new(),
                resource_key: String::new()
            }),
            (any::<i64>(), any::<i64>()).prop_map(|(expected_version, current_version)| {
                ConnectError::ConcurrentModification {
                    resource_id: String::new(),
                    resource_key: String::new(),
                    expected_version,
                    current_version,
                }
            }),
            (text(), text()).prop_map(|(field, value)| ConnectError::DuplicateField {
                field,
                duplicate_value: value.into()
            }),
        ]
    }

    fn konnect() -> impl Strategy<Value = KonnectError> {
        prop_oneof![
            violations().prop_map(|invalid_parameters| KonnectError::InvalidRequestFormat {
                invalid_parameters
            }),
            violations().prop_map(|invalid_parameters| KonnectError::UnknownProperty {
                invalid_parameters
            }),
            violations().prop_map(|invalid_parameters| KonnectError::InvalidParameters {
                invalid_parameters
            }),
            violations().prop_map(|invalid_parameters| KonnectError::InvalidIdFormat {
                invalid_parameters
            }),
            "[A-Za-z]{1,8}".prop_map(|challenge| KonnectError::Unauthorized { challenge }),
            Just(KonnectError::PermissionDenied),
            Just(KonnectError::ControlPlaneNotFound),
            Just(KonnectError::RouteNotFound),
            Just(KonnectError::MethodNotAllowed),
            Just(KonnectError::Conflict),
            Just(KonnectError::UnsupportedMediaType),
            (0u64..100_000).prop_map(|seconds| KonnectError::RateLimited {
                retry_after: Duration::from_secs(seconds)
            }),
        ]
    }

    fn konpro() -> impl Strategy<Value = KonProError> {
        prop_oneof![
            violations().prop_map(|details| KonProError::InvalidRequest { details }),
            violations().prop_map(|details| KonProError::ValidationError { details }),
            Just(KonProError::InvalidApiKey),
            Just(KonProError::InsufficientPermissions { scope: "" }),
            Just(KonProError::ResourceNotFound {
                resource: "",
                id: String::new()
            }),
            Just(KonProError::MethodNotAllowed {
                method: http::Method::default(),
                path: String::new()
            }),
            rate_limit().prop_map(|limit| KonProError::RateLimitExceeded { limit }),
        ]
    }

    fn kubeadapt() -> impl Strategy<Value = KubeadaptError> {
        prop_oneof![
            Just(KubeadaptError::ApiKeyRequired),
            Just(KubeadaptError::InvalidApiKey),
            Just(KubeadaptError::InvalidClusterId),
            Just(KubeadaptError::MissingPermission { permission: "" }),
            Just(KubeadaptError::ClusterAccessDenied),
            Just(KubeadaptError::ClusterNotFound),
            Just(KubeadaptError::RouteNotFound),
            Just(KubeadaptError::MethodNotAllowed),
            violations().prop_map(KubeadaptError::Validation),
            rate_limit().prop_map(KubeadaptError::RateLimited),
        ]
    }

    /// The value a format carries back, or `None` where it cannot: FastAPI's shape has no
    /// place for members, and its validation lists do not say which of several
    /// violation-carrying variants of one status they came from.
    fn expect<E: ApiError + Clone + PartialEq + std::fmt::Debug + Decode>(
        format: BuiltinFormat,
        error: &E,
        map_violations: impl Fn(&E, &dyn Fn(&Violation) -> Violation) -> E,
    ) -> Option<E> {
        let fields = error.metadata().fields();
        let has_members = fields
            .clone()
            .any(|f| f.role() == apifault::FieldRole::Member);
        let has_violations = fields
            .clone()
            .any(|f| f.role() == apifault::FieldRole::Violations);
        if format == BuiltinFormat::Detail
            && (has_members
                || (has_violations
                    && (error.violations().is_empty() || shares_violation_status::<E>(error))))
        {
            return None;
        }
        Some(map_violations(error, &|violation| {
            as_carried(format, violation)
        }))
    }

    fn shares_violation_status<E: ApiError>(error: &E) -> bool {
        E::catalog()
            .variants()
            .filter(|v| {
                v.status() == error.status()
                    && v.fields()
                        .any(|f| f.role() == apifault::FieldRole::Violations)
            })
            .count()
            > 1
    }

    fn round_trip<E: ApiError + Clone + PartialEq + std::fmt::Debug + Decode>(
        error: &E,
        map_violations: impl Fn(&E, &dyn Fn(&Violation) -> Violation) -> E,
    ) -> Result<(), TestCaseError> {
        for format in BuiltinFormat::ALL {
            let Some(expected) = expect(format, error, &map_violations) else {
                continue;
            };
            let response = ErrorResponse::new(error.clone())
                .to_http_response_as(&format)
                .unwrap();
            let decoded = Decoder::new()
                .decode_as::<E>(
                    format,
                    response.status(),
                    response.headers(),
                    response.body(),
                )
                .unwrap();
            let values: Vec<E> = decoded
                .errors
                .into_iter()
                .filter_map(apifault::client::Received::into_known)
                .collect();
            prop_assert_eq!(values, vec![expected], "{}", format);
        }
        Ok(())
    }

    /// Many errors of one status that set no headers, in the enum's own format.
    fn many_round_trip<E: ApiError + Clone + PartialEq + std::fmt::Debug + Decode>(
        errors: Vec<E>,
        map_violations: impl Fn(&E, &dyn Fn(&Violation) -> Violation) -> E,
    ) -> Result<(), TestCaseError> {
        let status = errors[0].status();
        let format = E::catalog().default_format();
        let sets_headers = |e: &E| {
            e.metadata().fields().any(|f| {
                matches!(
                    f.role(),
                    apifault::FieldRole::Header(_) | apifault::FieldRole::Headers
                )
            })
        };
        let errors: Vec<E> = errors
            .into_iter()
            .filter(|e| e.status() == status && !sets_headers(e))
            .collect();
        let expected: Option<Vec<E>> = errors
            .iter()
            .map(|e| expect(format, e, &map_violations))
            .collect();
        let (Some(expected), false) = (expected, errors.is_empty()) else {
            return Ok(());
        };
        if format == BuiltinFormat::Errors || format == BuiltinFormat::Detail {
            // One object or item per violation: neighbouring violation-carrying errors merge.
            return Ok(());
        }
        let response = ErrorResponse::from_errors(errors)
            .unwrap()
            .to_http_response()
            .unwrap();
        let decoded = Decoder::new()
            .decode::<E>(response.status(), response.headers(), response.body())
            .unwrap();
        let values: Vec<E> = decoded
            .errors
            .into_iter()
            .filter_map(apifault::client::Received::into_known)
            .collect();
        prop_assert_eq!(values, expected, "{}", format);
        Ok(())
    }

    /// Whether the variant has a `violations` field.
    fn carries_violations<E: ApiError>(error: &E) -> bool {
        error
            .metadata()
            .fields()
            .any(|f| f.role() == apifault::FieldRole::Violations)
    }

    /// Several errors of different statuses in one response, in every format: each comes
    /// back as its own variant (found by its own status where the format gives each error
    /// one, by its code elsewhere). Left out: errors that set headers (a response has one set),
    /// what a format cannot carry (`expect`), and in the formats that write one object per
    /// violation, errors without any and neighbours that would merge.
    fn mixed_statuses_round_trip<E: ApiError + Clone + PartialEq + std::fmt::Debug + Decode>(
        errors: &[E],
        map_violations: impl Fn(&E, &dyn Fn(&Violation) -> Violation) -> E,
    ) -> Result<(), TestCaseError> {
        let sets_headers = |e: &E| {
            e.metadata().fields().any(|f| {
                matches!(
                    f.role(),
                    apifault::FieldRole::Header(_) | apifault::FieldRole::Headers
                )
            })
        };
        for format in BuiltinFormat::ALL {
            let mut pairs: Vec<(E, E)> = errors
                .iter()
                .filter(|e| !sets_headers(e))
                .filter_map(|e| expect(format, e, &map_violations).map(|x| (e.clone(), x)))
                .collect();
            if matches!(format, BuiltinFormat::Errors | BuiltinFormat::Detail) {
                pairs.retain(|(e, _)| !(carries_violations(e) && e.violations().is_empty()));
                let merge = pairs.windows(2).any(|pair| {
                    carries_violations(&pair[0].0)
                        && carries_violations(&pair[1].0)
                        && (format == BuiltinFormat::Detail || pair[0].0.code() == pair[1].0.code())
                });
                if merge {
                    continue;
                }
            }
            if pairs.is_empty() {
                continue;
            }
            let (sent, expected): (Vec<E>, Vec<E>) = pairs.into_iter().unzip();
            let response = ErrorResponse::from_errors(sent)
                .unwrap()
                .to_http_response_as(&format)
                .unwrap();
            let decoded = Decoder::new()
                .decode_as::<E>(
                    format,
                    response.status(),
                    response.headers(),
                    response.body(),
                )
                .unwrap();
            let values: Vec<E> = decoded
                .errors
                .into_iter()
                .map(|received| match received {
                    apifault::client::Received::Known { error, .. } => Ok(error),
                    apifault::client::Received::Unknown(unknown) => Err(Box::new(unknown)),
                })
                .collect::<Result<_, _>>()
                .map_err(|unknown| {
                    TestCaseError::fail(format!("{format}: not decoded: {unknown:?}"))
                })?;
            prop_assert_eq!(values, expected, "{}", format);
        }
        Ok(())
    }

    fn konnect_violations(
        error: &KonnectError,
        map: &dyn Fn(&Violation) -> Violation,
    ) -> KonnectError {
        let map_all = |list: &Vec<Violation>| list.iter().map(map).collect();
        match error {
            KonnectError::InvalidRequestFormat { invalid_parameters } => {
                KonnectError::InvalidRequestFormat {
                    invalid_parameters: map_all(invalid_parameters),
                }
            }
            KonnectError::UnknownProperty { invalid_parameters } => KonnectError::UnknownProperty {
                invalid_parameters: map_all(invalid_parameters),
            },
            KonnectError::InvalidParameters { invalid_parameters } => {
                KonnectError::InvalidParameters {
                    invalid_parameters: map_all(invalid_parameters),
                }
            }
            KonnectError::InvalidIdFormat { invalid_parameters } => KonnectError::InvalidIdFormat {
                invalid_parameters: map_all(invalid_parameters),
            },
            other => other.clone(),
        }
    }

    fn konpro_violations(
        error: &KonProError,
        map: &dyn Fn(&Violation) -> Violation,
    ) -> KonProError {
        match error {
            KonProError::InvalidRequest { details } => KonProError::InvalidRequest {
                details: details.iter().map(map).collect(),
            },
            KonProError::ValidationError { details } => KonProError::ValidationError {
                details: details.iter().map(map).collect(),
            },
            other => other.clone(),
        }
    }

    fn kubeadapt_violations(
        error: &KubeadaptError,
        map: &dyn Fn(&Violation) -> Violation,
    ) -> KubeadaptError {
        match error {
            KubeadaptError::Validation(list) => {
                KubeadaptError::Validation(list.iter().map(map).collect())
            }
            other => other.clone(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn connect_round_trips(error in connect(), many in prop::collection::vec(connect(), 1..4)) {
            round_trip(&error, |e, _| e.clone())?;
            many_round_trip(many, |e, _| e.clone())?;
        }

        #[test]
        fn konnect_round_trips(error in konnect(), many in prop::collection::vec(konnect(), 1..4)) {
            round_trip(&error, konnect_violations)?;
            many_round_trip(many, konnect_violations)?;
        }

        #[test]
        fn konpro_round_trips(error in konpro(), many in prop::collection::vec(konpro(), 1..4)) {
            round_trip(&error, konpro_violations)?;
            many_round_trip(many, konpro_violations)?;
        }

        #[test]
        fn connect_mixed_statuses(errors in prop::collection::vec(connect(), 2..6)) {
            mixed_statuses_round_trip(&errors, |e, _| e.clone())?;
        }

        #[test]
        fn konnect_mixed_statuses(errors in prop::collection::vec(konnect(), 2..6)) {
            mixed_statuses_round_trip(&errors, konnect_violations)?;
        }

        #[test]
        fn konpro_mixed_statuses(errors in prop::collection::vec(konpro(), 2..6)) {
            mixed_statuses_round_trip(&errors, konpro_violations)?;
        }

        #[test]
        fn kubeadapt_mixed_statuses(errors in prop::collection::vec(kubeadapt(), 2..6)) {
            mixed_statuses_round_trip(&errors, kubeadapt_violations)?;
        }

        #[test]
        fn kubeadapt_round_trips(error in kubeadapt(), many in prop::collection::vec(kubeadapt(), 1..4)) {
            round_trip(&error, kubeadapt_violations)?;
            many_round_trip(many, kubeadapt_violations)?;
        }
    }
}
