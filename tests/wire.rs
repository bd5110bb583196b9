//! Properties of every format's output: it validates against a JSON Schema written from the
//! real API's specification, hostile strings survive the round trip intact, header values
//! cannot inject, and a 5xx body never carries internal detail.

use std::time::{Duration, UNIX_EPOCH};

use apifault::headers::{ToHeaderValue, WriteHeaders};
use apifault::{
    ApiError, BuiltinFormat, ErrorResponse, RateLimit, RenderError, Rule, Source, Violation,
};
use serde_json::{Value, json};

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", display)]
enum ShopError {
    #[api(status = 409, code = "OutOfStock", message = "Item {sku} is gone")]
    OutOfStock { sku: String, quantity_left: u32 },
    #[api(
        status = 400,
        code = "InvalidInput",
        message = "The request is invalid"
    )]
    InvalidInput {
        #[api(violations)]
        violations: Vec<Violation>,
    },
    #[api(status = 429, code = "RateLimited", message = "Slow down")]
    RateLimited(#[api(headers)] RateLimit),
    #[api(status = 503, code = "Unavailable", no_decode)]
    Unavailable { source: std::io::Error },
    #[api(status = 400, code = "Hinted", message = "{0}")]
    Hinted(String, #[api(header = "X-Hint")] String),
}

fn violations() -> Vec<Violation> {
    vec![
        Violation::new("name", "cannot be blank")
            .with_rule(Rule::Required)
            .with_source(Source::Body),
        Violation::new("password", "is too short").with_rule(Rule::MinLength(8)),
        Violation::new("tags", "too many").with_rule(Rule::MaxItems(5)),
        Violation::new("region", "unknown region")
            .with_rule(Rule::Enum(vec![json!("us"), json!("eu")])),
        Violation::new("cidr", "needs a gateway")
            .with_rule(Rule::DependentFields(vec!["gateway".into()])),
        Violation::new(vec!["items".into(), 0.into()], "bad item").with_input(json!({"sku": 1})),
    ]
}

/// Responses covering one and many errors, members, violations, request ids and instances.
fn responses() -> Vec<ErrorResponse<ShopError>> {
    let out_of_stock = || ShopError::OutOfStock {
        sku: "B00027Y5QG".into(),
        quantity_left: 0,
    };
    vec![
        ErrorResponse::new(out_of_stock()),
        ErrorResponse::new(out_of_stock())
            .with_request_id("req-1")
            .with_instance("kong:trace:1"),
        ErrorResponse::new(ShopError::InvalidInput {
            violations: violations(),
        }),
        ErrorResponse::new(ShopError::InvalidInput {
            violations: violations()[..1].to_vec(),
        })
        .with_request_id("r"),
        ErrorResponse::from_errors([out_of_stock(), out_of_stock()]).unwrap(),
        ErrorResponse::from_errors([
            ShopError::InvalidInput {
                violations: violations(),
            },
            out_of_stock(),
        ])
        .unwrap(),
        ErrorResponse::new(ShopError::RateLimited(
            RateLimit::new(10, 0, 1).with_retry_after(3),
        )),
    ]
}

fn schema(format: BuiltinFormat) -> Value {
    let text = match format {
        BuiltinFormat::Errors => include_str!("schemas/errors.schema.json"),
        BuiltinFormat::Problem => include_str!("schemas/problem.schema.json"),
        BuiltinFormat::Envelope => include_str!("schemas/envelope.schema.json"),
        BuiltinFormat::Detail => include_str!("schemas/detail.schema.json"),
        other => panic!("no schema for the `{other}` format yet"),
    };
    serde_json::from_str(text).unwrap()
}

fn render(response: &ErrorResponse<ShopError>, format: BuiltinFormat) -> Vec<u8> {
    let mut out = Vec::new();
    response.render_as(&format, &mut out).unwrap();
    out
}

mod schemas {
    use super::*;

    #[test]
    fn every_format_validates_against_its_schema() {
        for format in BuiltinFormat::ALL {
            let validator = jsonschema::validator_for(&schema(format)).unwrap();
            for response in responses() {
                let body: Value = serde_json::from_slice(&render(&response, format)).unwrap();
                let errors: Vec<String> = validator
                    .iter_errors(&body)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{format}: {body}\n{errors:#?}");
            }
        }
    }

    /// The schemas are not vacuous: each rejects what its format must never write.
    #[test]
    fn schemas_reject_malformed_bodies() {
        let rejected = [
            (
                BuiltinFormat::Errors,
                json!({"statusCode": "409", "message": "m"}),
            ),
            (
                BuiltinFormat::Errors,
                json!({"statusCode": 409, "message": "m", "errors": [{"message": "no code"}]}),
            ),
            (
                BuiltinFormat::Problem,
                json!({"title": "T", "status": 400, "detail": "d", "invalid_parameters": []}),
            ),
            (
                BuiltinFormat::Problem,
                json!({"title": "T", "status": 400, "detail": "d", "invalid_parameters": [{"field": "f", "reason": "r", "choices": []}]}),
            ),
            (
                BuiltinFormat::Problem,
                json!({"title": "T", "status": 400, "detail": "d", "invalid_parameters": [{"field": "f", "reason": "r", "rule": "min_length"}]}),
            ),
            (BuiltinFormat::Envelope, json!({"error": {"code": "X"}})),
            (
                BuiltinFormat::Envelope,
                json!({"error": {"code": "X", "message": "m", "details": {"field": "f"}}}),
            ),
            (
                BuiltinFormat::Detail,
                json!({"detail": [{"loc": ["body"], "msg": "m"}]}),
            ),
            (BuiltinFormat::Detail, json!({"detail": 5})),
        ];
        for (format, body) in rejected {
            let validator = jsonschema::validator_for(&schema(format)).unwrap();
            assert!(!validator.is_valid(&body), "{format} accepted {body}");
        }
    }
}

mod hostile_strings {
    use super::*;

    fn hostile() -> Vec<String> {
        let controls: String = (0u8..0x20).map(char::from).collect();
        vec![
            "\"quoted\" and 'single'".into(),
            r"back\slash \\ \u0000 \n".into(),
            controls,
            "line\u{2028}separator\u{2029}paragraph".into(),
            "</script><script>alert(1)</script>".into(),
            "\",\"statusCode\":200,\"x\":\"".into(),
            "emoji 🦀 and é and \u{10FFFF}".into(),
            "x".repeat(100_000),
            "{braces} {{ }}".into(),
        ]
    }

    #[test]
    fn messages_and_members_parse_back_to_the_same_text() {
        for text in hostile() {
            let response = ErrorResponse::new(ShopError::OutOfStock {
                sku: text.clone(),
                quantity_left: 1,
            });
            let message = format!("Item {text} is gone");
            for format in BuiltinFormat::ALL {
                let body: Value = serde_json::from_slice(&render(&response, format)).unwrap();
                let (got_message, got_sku) = match format {
                    BuiltinFormat::Errors => {
                        (&body["errors"][0]["message"], &body["errors"][0]["sku"])
                    }
                    BuiltinFormat::Problem => (&body["detail"], &body["sku"]),
                    BuiltinFormat::Envelope => (&body["error"]["message"], &body["error"]["sku"]),
                    BuiltinFormat::Detail => (&body["detail"], &Value::String(text.clone())),
                    other => panic!("no members known for the `{other}` format yet"),
                };
                assert_eq!(got_message.as_str(), Some(message.as_str()), "{format}");
                assert_eq!(got_sku.as_str(), Some(text.as_str()), "{format}");
                // Injected JSON stays inside its string: the status is still the real one.
                let status = body.get("statusCode").or_else(|| body.get("status"));
                if let Some(status) = status {
                    assert_eq!(status, 409, "{format}");
                }
            }
        }
    }

    #[test]
    fn violations_parse_back() {
        for text in hostile() {
            let violation = Violation::new(text.as_str(), text.clone())
                .with_input(text.clone())
                .with_rule(Rule::Other(text.clone().into()));
            let response = ErrorResponse::new(ShopError::InvalidInput {
                violations: vec![violation],
            })
            .with_request_id(text.clone())
            .with_instance(text.clone());
            for format in BuiltinFormat::ALL {
                let body: Value = serde_json::from_slice(&render(&response, format)).unwrap();
                assert_eq!(body["request_id"].as_str(), Some(text.as_str()), "{format}");
                let reason = match format {
                    BuiltinFormat::Errors => &body["errors"][0]["message"],
                    BuiltinFormat::Problem => &body["invalid_parameters"][0]["reason"],
                    BuiltinFormat::Envelope => &body["error"]["details"]["reason"],
                    BuiltinFormat::Detail => &body["detail"][0]["msg"],
                    other => panic!("no members known for the `{other}` format yet"),
                };
                assert_eq!(reason.as_str(), Some(text.as_str()), "{format}");
            }
        }
    }
}

mod headers {
    use super::*;

    #[test]
    fn a_control_character_is_an_error_not_a_header() {
        for bad in [
            "a\r\nSet-Cookie: session=stolen",
            "line\nfeed",
            "nul\0",
            "del\u{7f}",
            "caf\u{e9}",
        ] {
            let response = ErrorResponse::new(ShopError::Hinted("m".into(), bad.into()));
            let error = response.to_http_response().unwrap_err();
            let RenderError::Header(error) = error else {
                panic!("{bad:?}: {error}")
            };
            assert_eq!(error.name(), "x-hint");
            assert!(
                error.to_string().contains("is not visible ASCII"),
                "{error}"
            );
            assert!(response.headers().is_err());
        }
        let ok = ErrorResponse::new(ShopError::Hinted("m".into(), "try\tagain later".into()));
        assert_eq!(
            ok.to_http_response().unwrap().headers()["x-hint"],
            "try\tagain later"
        );
    }

    #[test]
    fn header_values_out_of_the_box() {
        let value = |v: &dyn ToHeaderValue| v.to_header_value().unwrap().unwrap();
        assert_eq!(value(&42u64), "42");
        assert_eq!(value(&-1i32), "-1");
        assert_eq!(value(&7u8), "7");
        assert_eq!(value(&Duration::from_secs(30)), "30");
        assert_eq!(
            value(&Duration::from_millis(1500)),
            "2",
            "delay-seconds round up"
        );
        assert_eq!(
            value(&(UNIX_EPOCH + Duration::from_secs(784_111_777))),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(value(&"text"), "text");
        assert!(None::<u64>.to_header_value().unwrap().is_none());
    }

    #[test]
    fn rate_limit_headers() {
        let mut headers = http::HeaderMap::new();
        RateLimit::new(100, 7, 1_741_910_460)
            .write_headers(&mut headers)
            .unwrap();
        assert!(headers.get("retry-after").is_none());
        assert_eq!(headers["x-ratelimit-remaining"], "7");
        let mut headers = http::HeaderMap::new();
        let bad_policy = RateLimit::new(1, 0, 0)
            .with_retry_after(1)
            .with_ietf_policy("a\"b", 60);
        assert_eq!(
            bad_policy.write_headers(&mut headers).unwrap_err().name(),
            "ratelimit-policy"
        );
    }
}

mod redaction {
    use super::*;

    const SECRET: &str = "password=hunter2 host=10.0.0.7";

    #[derive(Debug, thiserror::Error, ApiError)]
    enum AppError {
        #[error("database: {0}")]
        #[api(status = 500, code = "Internal", no_decode)]
        Database(#[from] std::io::Error),
        #[error("upstream")]
        #[api(
            status = 502,
            code = "Upstream",
            message = "The upstream service failed",
            no_decode
        )]
        Upstream {
            #[source]
            cause: std::io::Error,
            attempt: u32,
        },
    }

    #[test]
    fn no_source_text_in_any_5xx_body() {
        let errors = [
            ErrorResponse::new(AppError::Database(std::io::Error::other(SECRET))),
            ErrorResponse::new(AppError::Upstream {
                cause: std::io::Error::other(SECRET),
                attempt: 2,
            }),
        ];
        for response in &errors {
            assert!(response.status().is_server_error());
            for format in BuiltinFormat::ALL {
                let mut body = Vec::new();
                response.render_as(&format, &mut body).unwrap();
                let body = String::from_utf8(body).unwrap();
                assert!(
                    !body.contains("hunter2") && !body.contains("10.0.0.7"),
                    "{format}: {body}"
                );
                assert!(
                    !body.contains("database:"),
                    "thiserror's Display is for logs: {body}"
                );
            }
        }
        let response = ErrorResponse::new(ShopError::Unavailable {
            source: std::io::Error::other(SECRET),
        });
        let http = response.to_http_response().unwrap();
        let body = String::from_utf8(http.into_body()).unwrap();
        assert_eq!(
            body,
            r#"{"title":"Service Unavailable","status":503,"detail":"Service Unavailable"}"#
        );
    }

    /// Besides the source, a 5xx's other fields stay out too (tests/redaction.rs has the rest).
    #[test]
    fn other_fields_of_a_5xx_are_not_members() {
        let response = ErrorResponse::new(AppError::Upstream {
            cause: std::io::Error::other(SECRET),
            attempt: 2,
        });
        let mut body = Vec::new();
        response.render(&mut body).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"title":"Bad Gateway","status":502,"detail":"The upstream service failed"}"#
        );
    }
}

mod extra_fields {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Pagination {
        page: u32,
        #[serde(rename = "perPage")]
        per_page: u32,
    }

    #[derive(Debug, ApiError)]
    #[api(status = 400, format = "errors")]
    enum E {
        Flattened {
            #[api(flatten)]
            page: Pagination,
            #[api(flatten)]
            labels: BTreeMap<String, String>,
            #[api(flatten)]
            nothing: Option<Pagination>,
            after: bool,
        },
        NotAnObject {
            #[api(flatten)]
            number: u32,
        },
    }

    #[test]
    fn flatten_merges_members_in_place() {
        let labels = BTreeMap::from([("env".to_owned(), "prod".to_owned())]);
        let response = ErrorResponse::new(E::Flattened {
            page: Pagination {
                page: 2,
                per_page: 50,
            },
            labels,
            nothing: None,
            after: true,
        });
        let mut body = Vec::new();
        response.render(&mut body).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"statusCode":400,"message":"Bad Request","errors":[{"code":"Flattened","message":"Bad Request","page":2,"perPage":50,"env":"prod","after":true}]}"#
        );
    }

    #[test]
    fn flatten_of_a_non_object_is_an_error() {
        let mut body = Vec::new();
        let error = ErrorResponse::new(E::NotAnObject { number: 5 })
            .render(&mut body)
            .unwrap_err();
        assert!(
            matches!(error, RenderError::Flatten { type_name: "u32" }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("must serialize as a map or a struct")
        );
    }

    #[test]
    fn generic_member_gets_a_serialize_bound() {
        #[derive(Debug, ApiError)]
        #[api(status = 422, format = "envelope")]
        struct Invalid<T> {
            value: T,
        }
        let mut body = Vec::new();
        ErrorResponse::new(Invalid { value: [1, 2] })
            .render(&mut body)
            .unwrap();
        assert_eq!(
            body,
            br#"{"error":{"code":"Invalid","message":"Unprocessable Entity","value":[1,2]}}"#
        );
    }
}
