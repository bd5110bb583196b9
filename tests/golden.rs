//! The golden bodies of the real APIs each format comes from, reproduced byte for byte from
//! derived enums that model those APIs, with status, `Content-Type` and headers.

use apifault::format::{Envelope, Errors, Problem};
use apifault::{ApiError, ErrorResponse, RateLimit, Rule, Source, Violation};
use http::Response;

fn body(response: &Response<Vec<u8>>) -> &str {
    std::str::from_utf8(response.body()).unwrap()
}

fn header<'a>(response: &'a Response<Vec<u8>>, name: &str) -> &'a str {
    response.headers()[name].to_str().unwrap()
}

/// The commercetools Connect API.
mod connect {
    use super::*;

    // The Connect API's errors, shared with the benchmarks and the client tests.
    use apifault_examples::fixture::ConnectError;

    #[test]
    fn concurrent_modification() {
        let error = ConnectError::ConcurrentModification {
            resource_id: "abc".into(),
            resource_key: "k1".into(),
            expected_version: 3,
            current_version: 4,
        };
        let response = ErrorResponse::new(error).to_http_response().unwrap();
        assert_eq!(response.status(), 409);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(response.headers().len(), 1);
        assert_eq!(
            body(&response),
            r#"{"statusCode":409,"message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","errors":[{"code":"ConcurrentModification","message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","expectedVersion":3,"currentVersion":4}]}"#
        );
    }

    #[test]
    fn two_invalid_json_inputs() {
        let errors = ["First error message.", "Second error message."].map(|message| {
            ConnectError::InvalidJsonInput {
                message: message.into(),
                detailed_error_message: String::new(),
            }
        });
        let response = ErrorResponse::from_errors(errors)
            .unwrap()
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body(&response),
            r#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"InvalidJsonInput","message":"Second error message.","detailedErrorMessage":""}]}"#
        );
    }

    #[test]
    fn resource_not_found() {
        let response = ErrorResponse::new(ConnectError::ResourceNotFound("resource-key".into()))
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 404);
        assert_eq!(
            body(&response),
            r#"{"statusCode":404,"message":"The Resource with key 'resource-key' was not found.","errors":[{"code":"ResourceNotFound","message":"The Resource with key 'resource-key' was not found."}]}"#
        );
    }
}

/// Kong Konnect's problem+json.
mod konnect {
    use super::*;

    #[derive(Debug, ApiError)]
    pub(crate) enum KonnectError {
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
        #[api(
            status = 409,
            type = "https://httpstatuses.com/409",
            message = "Control Plane with provided name already exists."
        )]
        Conflict,
    }

    #[test]
    fn bad_request_with_invalid_parameters() {
        let error = KonnectError::BadRequest {
            invalid_parameters: vec![Violation::new("name", "cannot be blank")],
        };
        let response = ErrorResponse::new(error)
            .with_instance("konnect:trace:6644808935508571943")
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(
            header(&response, "content-type"),
            "application/problem+json"
        );
        assert_eq!(
            body(&response),
            r#"{"title":"Bad Request","status":400,"detail":"Request cannot be empty","instance":"konnect:trace:6644808935508571943","invalid_parameters":[{"field":"name","reason":"cannot be blank"}]}"#
        );
    }

    #[test]
    fn rate_limited_with_retry_after() {
        let response = ErrorResponse::new(KonnectError::RateLimited { retry_after: 42 })
            .with_instance("kong:trace:42")
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(
            header(&response, "content-type"),
            "application/problem+json"
        );
        assert_eq!(header(&response, "retry-after"), "42");
        assert_eq!(
            body(&response),
            r#"{"title":"Too Many Requests","status":429,"detail":"Too many requests","instance":"kong:trace:42"}"#
        );
    }

    #[test]
    fn rules_with_bounds() {
        let error = KonnectError::BadRequest {
            invalid_parameters: vec![
                Violation::new("new_password", "is too short (minimum length: 8)")
                    .with_rule(Rule::MinLength(8)),
                Violation::new("labels", "too many labels")
                    .with_rule(Rule::MaxItems(50))
                    .with_source(Source::Body),
                Violation::new("region", "is not supported")
                    .with_rule(Rule::Enum(vec!["us".into(), "eu".into()])),
                Violation::new("cidr", "requires a gateway")
                    .with_rule(Rule::DependentFields(vec!["gateway".into()])),
                Violation::new("name", "is required").with_rule(Rule::Required),
            ],
        };
        let response = ErrorResponse::new(error).to_http_response().unwrap();
        assert_eq!(
            body(&response),
            concat!(
                r#"{"title":"Bad Request","status":400,"detail":"Request cannot be empty","invalid_parameters":["#,
                r#"{"field":"new_password","reason":"is too short (minimum length: 8)","rule":"min_length","minimum":8},"#,
                r#"{"field":"labels","reason":"too many labels","rule":"max_items","maximum":50,"source":"body"},"#,
                r#"{"field":"region","reason":"is not supported","rule":"enum","choices":["us","eu"]},"#,
                r#"{"field":"cidr","reason":"requires a gateway","rule":"dependent_fields","dependents":["gateway"]},"#,
                r#"{"field":"name","reason":"is required","rule":"required"}]}"#
            )
        );
    }

    #[test]
    fn type_uri_and_several_problems() {
        let errors = [
            KonnectError::Conflict,
            KonnectError::RateLimited { retry_after: 1 },
        ];
        let response = ErrorResponse::from_errors(errors)
            .unwrap()
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 409, "the first error decides the status");
        assert_eq!(
            header(&response, "retry-after"),
            "1",
            "headers of every error are sent"
        );
        assert_eq!(
            body(&response),
            concat!(
                r#"{"type":"https://httpstatuses.com/409","title":"Conflict","status":409,"#,
                r#""detail":"Control Plane with provided name already exists.","#,
                r#""errors":[{"title":"Too Many Requests","status":429,"detail":"Too many requests"}]}"#
            )
        );
    }
}

/// KonPro's envelope.
mod konpro {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(format = "envelope", code_case = "SCREAMING_SNAKE_CASE")]
    pub(crate) enum KonProError {
        #[api(status = 400, message = "The request body is invalid")]
        InvalidRequest {
            #[api(violations)]
            details: Vec<Violation>,
        },
        #[api(status = 401, message = "API key is invalid or expired")]
        InvalidApiKey,
        #[api(status = 404, message = "Avatar {avatar_id} not found")]
        ResourceNotFound { avatar_id: String },
    }

    #[test]
    fn invalid_request_with_details_and_request_id() {
        let error = KonProError::InvalidRequest {
            details: vec![Violation::new("avatar_id", "Avatar ID is required")],
        };
        let response = ErrorResponse::new(error)
            .with_request_id("req-123456")
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body(&response),
            r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":{"field":"avatar_id","reason":"Avatar ID is required"}},"request_id":"req-123456"}"#
        );
    }

    #[test]
    fn details_omitted_and_members_in_the_error_object() {
        let response = ErrorResponse::new(KonProError::InvalidApiKey)
            .with_request_id("req-1")
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(
            body(&response),
            r#"{"error":{"code":"INVALID_API_KEY","message":"API key is invalid or expired"},"request_id":"req-1"}"#
        );
        let response = ErrorResponse::new(KonProError::ResourceNotFound {
            avatar_id: "av_1".into(),
        })
        .to_http_response()
        .unwrap();
        assert_eq!(
            body(&response),
            r#"{"error":{"code":"RESOURCE_NOT_FOUND","message":"Avatar av_1 not found","avatar_id":"av_1"}}"#
        );
    }

    #[test]
    fn several_details_and_several_errors() {
        let error = KonProError::InvalidRequest {
            details: vec![
                Violation::new("a", "x"),
                Violation::new("b", "y").with_rule(Rule::Required),
            ],
        };
        let response = ErrorResponse::from_errors([error, KonProError::InvalidApiKey]).unwrap();
        let mut out = Vec::new();
        response.render(&mut out).unwrap();
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            concat!(
                r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":[{"field":"a","reason":"x"},{"field":"b","reason":"y","rule":"required"}]},"#,
                r#""errors":[{"code":"INVALID_API_KEY","message":"API key is invalid or expired"}]}"#
            )
        );
        let single = KonProError::InvalidRequest {
            details: vec![Violation::new("a", "x")],
        };
        out.clear();
        ErrorResponse::new(single)
            .render_as(&Envelope::details_always_array(), &mut out)
            .unwrap();
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"{"error":{"code":"INVALID_REQUEST","message":"The request body is invalid","details":[{"field":"a","reason":"x"}]}}"#
        );
    }
}

/// FastAPI, as Kubeadapt's API answers.
mod kubeadapt {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(format = "detail")]
    pub(crate) enum KubeadaptError {
        #[api(status = 400, message = "Invalid cluster ID format")]
        InvalidClusterId,
        #[api(status = 422)]
        Validation(#[api(violations)] Vec<Violation>),
        #[api(status = 429, message = "Rate limit exceeded")]
        RateLimited(#[api(headers)] RateLimit),
    }

    #[test]
    fn string_detail() {
        let response = ErrorResponse::new(KubeadaptError::InvalidClusterId)
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(body(&response), r#"{"detail":"Invalid cluster ID format"}"#);
    }

    #[test]
    fn validation_list() {
        let violation = Violation::new(
            "timeframe",
            "Input should be a valid integer, unable to parse string as an integer",
        )
        .with_rule(Rule::Other("int_parsing".into()))
        .with_source(Source::Query)
        .with_input("abc");
        let response = ErrorResponse::new(KubeadaptError::Validation(vec![violation]))
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 422);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body(&response),
            r#"{"detail":[{"type":"int_parsing","loc":["query","timeframe"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}"#
        );
    }

    #[test]
    fn validation_items_with_index_and_context() {
        let violations = vec![
            Violation::new(
                vec!["items".into(), 1.into(), "name".into()],
                "String should have at least 3 characters",
            )
            .with_rule(Rule::MinLength(3))
            .with_source(Source::Body)
            .with_input("ab"),
            Violation::new("price", "Field required")
                .with_rule(Rule::Required)
                .with_source(Source::Body),
            Violation::new("color", "Input should be 'red' or 'blue'")
                .with_rule(Rule::Enum(vec!["red".into(), "blue".into()]))
                .with_source(Source::Body),
        ];
        let response = ErrorResponse::new(KubeadaptError::Validation(violations))
            .to_http_response()
            .unwrap();
        assert_eq!(
            body(&response),
            concat!(
                r#"{"detail":[{"type":"string_too_short","loc":["body","items",1,"name"],"msg":"String should have at least 3 characters","input":"ab","ctx":{"min_length":3}},"#,
                r#"{"type":"missing","loc":["body","price"],"msg":"Field required"},"#,
                r#"{"type":"enum","loc":["body","color"],"msg":"Input should be 'red' or 'blue'","ctx":{"expected":"'red' or 'blue'"}}]}"#
            )
        );
    }

    #[test]
    fn rate_limited_with_the_four_headers() {
        let limit = RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42);
        let response = ErrorResponse::new(KubeadaptError::RateLimited(limit))
            .to_http_response()
            .unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(body(&response), r#"{"detail":"Rate limit exceeded"}"#);
        assert_eq!(header(&response, "retry-after"), "42");
        assert_eq!(header(&response, "x-ratelimit-limit"), "100");
        assert_eq!(header(&response, "x-ratelimit-remaining"), "0");
        assert_eq!(header(&response, "x-ratelimit-reset"), "1741910460");
        assert_eq!(
            response.headers().len(),
            5,
            "the four rate-limit headers and Content-Type"
        );
    }

    #[test]
    fn several_errors_become_a_list() {
        let response = ErrorResponse::from_errors([
            KubeadaptError::InvalidClusterId,
            KubeadaptError::InvalidClusterId,
        ])
        .unwrap()
        .with_request_id("r-9")
        .to_http_response()
        .unwrap();
        assert_eq!(
            body(&response),
            r#"{"detail":[{"type":"InvalidClusterId","loc":[],"msg":"Invalid cluster ID format"},{"type":"InvalidClusterId","loc":[],"msg":"Invalid cluster ID format"}],"request_id":"r-9"}"#
        );
    }
}

/// One value, every format: the same error in each shape, chosen at run time.
mod run_time_choice {
    use super::*;
    use apifault::BuiltinFormat;

    #[derive(Debug, ApiError)]
    #[api(rename_all = "camelCase", type_base = "https://errors.example.com/")]
    pub(crate) enum ShopError {
        #[api(
            status = 409,
            code = "OutOfStock",
            message = "Item {sku} is no longer available",
            no_decode
        )]
        OutOfStock {
            sku: String,
            #[api(rename = "left")]
            quantity_left: u32,
            #[api(flatten)]
            context: Context,
            #[api(skip)]
            warehouse: String,
            #[api(header = "X-Retry-Hint")]
            retry_hint: Option<&'static str>,
        },
    }

    #[derive(Debug, serde::Serialize)]
    pub(crate) struct Context {
        cart_id: u32,
    }

    fn error() -> ShopError {
        ShopError::OutOfStock {
            sku: "B00027Y5QG".into(),
            quantity_left: 0,
            context: Context { cart_id: 7 },
            warehouse: "north-3".into(),
            retry_hint: Some("tomorrow"),
        }
    }

    #[test]
    fn every_format() {
        let response = ErrorResponse::new(error())
            .with_request_id("req-1")
            .with_instance("urn:occurrence:1");
        let expected = [
            (
                BuiltinFormat::Errors,
                "application/json",
                r#"{"statusCode":409,"message":"Item B00027Y5QG is no longer available","errors":[{"code":"OutOfStock","message":"Item B00027Y5QG is no longer available","sku":"B00027Y5QG","left":0,"cart_id":7}],"request_id":"req-1"}"#,
            ),
            (
                BuiltinFormat::Problem,
                "application/problem+json",
                r#"{"type":"https://errors.example.com/OutOfStock","title":"Conflict","status":409,"detail":"Item B00027Y5QG is no longer available","instance":"urn:occurrence:1","request_id":"req-1","sku":"B00027Y5QG","left":0,"cart_id":7}"#,
            ),
            (
                BuiltinFormat::Envelope,
                "application/json",
                r#"{"error":{"code":"OutOfStock","message":"Item B00027Y5QG is no longer available","sku":"B00027Y5QG","left":0,"cart_id":7},"request_id":"req-1"}"#,
            ),
            (
                BuiltinFormat::Detail,
                "application/json",
                r#"{"detail":"Item B00027Y5QG is no longer available","request_id":"req-1"}"#,
            ),
        ];
        for (format, content_type, golden) in expected {
            let http = response.to_http_response_as(&format).unwrap();
            assert_eq!(http.status(), 409, "{format}");
            assert_eq!(header(&http, "content-type"), content_type, "{format}");
            assert_eq!(header(&http, "x-retry-hint"), "tomorrow", "{format}");
            assert_eq!(body(&http), golden, "{format}");
        }
        // The format values and the built-in enum agree.
        let mut by_value = Vec::new();
        response.render_as(&Errors, &mut by_value).unwrap();
        let mut by_name = Vec::new();
        response
            .render_as(&BuiltinFormat::Errors, &mut by_name)
            .unwrap();
        assert_eq!(by_value, by_name);
    }

    #[test]
    fn default_format_is_problem_and_write_to_any_writer() {
        let response = ErrorResponse::new(error());
        let mut rendered = Vec::new();
        response.render(&mut rendered).unwrap();
        let mut written = Vec::new();
        response
            .write_to(&Problem, std::io::Cursor::new(&mut written))
            .unwrap();
        assert_eq!(rendered, written);
        assert!(rendered.starts_with(br#"{"type":"https://errors.example.com/OutOfStock""#));
    }

    #[test]
    fn extra_headers_replace_those_of_the_errors() {
        let response = ErrorResponse::new(error())
            .with_header(
                http::header::HeaderName::from_static("x-retry-hint"),
                http::HeaderValue::from_static("now"),
            )
            .to_http_response()
            .unwrap();
        assert_eq!(header(&response, "x-retry-hint"), "now");
    }

    #[test]
    fn no_header_for_none() {
        let ShopError::OutOfStock {
            sku,
            quantity_left,
            context,
            warehouse,
            ..
        } = error();
        let error = ShopError::OutOfStock {
            sku,
            quantity_left,
            context,
            warehouse,
            retry_hint: None,
        };
        let response = ErrorResponse::new(error).to_http_response().unwrap();
        assert!(response.headers().get("x-retry-hint").is_none());
    }

    #[test]
    fn errors_format_with_violations_gives_one_object_each() {
        #[derive(Debug, ApiError)]
        #[api(format = "errors")]
        enum E {
            #[api(status = 400, code = "InvalidField")]
            InvalidFields(#[api(violations)] Vec<Violation>),
        }
        let error = E::InvalidFields(vec![
            Violation::new("name", "The value '' is not valid for field 'name'."),
            Violation::new(
                "addresses[0].country",
                "The value 'XX' is not valid for field 'country'.",
            ),
        ]);
        let response = ErrorResponse::new(error).to_http_response().unwrap();
        assert_eq!(
            body(&response),
            concat!(
                r#"{"statusCode":400,"message":"The value '' is not valid for field 'name'.","errors":["#,
                r#"{"code":"InvalidField","message":"The value '' is not valid for field 'name'.","field":"name"},"#,
                r#"{"code":"InvalidField","message":"The value 'XX' is not valid for field 'country'.","field":"addresses[0].country"}]}"#
            )
        );
    }
}

/// A user-defined format: Google AIP-193's `{"error":{"code","message","status","details"}}`.
mod custom_format {
    use super::*;
    use apifault::Format;
    use apifault::json::{JsonObject, RenderError, write_display, write_str};

    struct Aip193;

    impl Format for Aip193 {
        fn content_type(&self) -> &'static str {
            apifault::format::JSON
        }

        fn render<E: ApiError>(
            &self,
            response: &ErrorResponse<E>,
            out: &mut Vec<u8>,
        ) -> Result<(), RenderError> {
            let error = response.first();
            out.extend_from_slice(b"{\"error\":{\"code\":");
            out.extend_from_slice(error.status().as_str().as_bytes());
            out.extend_from_slice(b",\"message\":");
            error.write_message_json(out)?;
            out.extend_from_slice(b",\"status\":");
            write_str(out, error.code());
            error.write_members(&mut JsonObject::continuing(out))?;
            out.extend_from_slice(b",\"details\":[");
            for (i, violation) in error.violations().iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"@type\":\"type.googleapis.com/google.rpc.BadRequest.FieldViolation\",\"field\":");
                write_display(out, violation.path())?;
                out.extend_from_slice(b",\"description\":");
                write_str(out, violation.reason());
                out.push(b'}');
            }
            out.extend_from_slice(b"]}}");
            Ok(())
        }
    }

    #[derive(Debug, ApiError)]
    #[api(code_case = "SCREAMING_SNAKE_CASE")]
    enum LibraryError {
        #[api(status = 400, message = "Request contains an invalid argument.")]
        InvalidArgument {
            #[api(violations)]
            violations: Vec<Violation>,
        },
        #[api(status = 409, message = "Shelf {shelf} already exists.")]
        AlreadyExists { shelf: String },
    }

    #[test]
    fn aip_193() {
        let error = LibraryError::InvalidArgument {
            violations: vec![Violation::new("shelf.theme", "must not be empty")],
        };
        let response = ErrorResponse::new(error)
            .to_http_response_as(&Aip193)
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body(&response),
            r#"{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest.FieldViolation","field":"shelf.theme","description":"must not be empty"}]}}"#
        );
        let response = ErrorResponse::new(LibraryError::AlreadyExists { shelf: "s1".into() })
            .to_http_response_as(&Aip193)
            .unwrap();
        assert_eq!(
            body(&response),
            r#"{"error":{"code":409,"message":"Shelf s1 already exists.","status":"ALREADY_EXISTS","shelf":"s1","details":[]}}"#
        );
    }
}
