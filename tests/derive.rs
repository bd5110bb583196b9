//! Behaviour of `#[derive(ApiError)]`: exact status, code, message and metadata for every key.

use apifault::{ApiError, FieldRole};
use http::StatusCode;

fn message(error: &impl ApiError) -> String {
    error.message().to_string()
}

mod status {
    use super::*;

    #[test]
    fn number_and_constant_forms() {
        #[derive(Debug, ApiError)]
        enum E {
            #[api(status = 409)]
            Number,
            #[api(status = CONFLICT)]
            Constant,
            #[api(status = StatusCode::GONE)]
            Path,
            #[api(status = 599)]
            Unregistered,
        }
        assert_eq!(E::Number.status(), StatusCode::CONFLICT);
        assert_eq!(E::Constant.status(), StatusCode::CONFLICT);
        assert_eq!(E::Path.status(), StatusCode::GONE);
        assert_eq!(E::Unregistered.status().as_u16(), 599);
        assert_eq!(E::Unregistered.title(), "Server Error");
    }

    #[test]
    fn enum_default_applies_where_a_variant_gives_none() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            Defaulted,
            #[api(status = 404)]
            Own,
        }
        assert_eq!(E::Defaulted.status(), StatusCode::BAD_REQUEST);
        assert_eq!(E::Own.status(), StatusCode::NOT_FOUND);
    }

    /// Every `StatusCode` constant in 400..=599 is accepted by name and means that status.
    #[test]
    fn every_error_constant() {
        macro_rules! check {
            ($($name:ident)*) => {{
                #[derive(Debug, ApiError)]
                #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
                enum AllStatuses { $(#[api(status = $name)] $name,)* }
                $(assert_eq!(AllStatuses::$name.status(), StatusCode::$name, stringify!($name));)*
            }};
        }
        check!(BAD_REQUEST UNAUTHORIZED PAYMENT_REQUIRED FORBIDDEN NOT_FOUND METHOD_NOT_ALLOWED
            NOT_ACCEPTABLE PROXY_AUTHENTICATION_REQUIRED REQUEST_TIMEOUT CONFLICT GONE
            LENGTH_REQUIRED PRECONDITION_FAILED PAYLOAD_TOO_LARGE URI_TOO_LONG
            UNSUPPORTED_MEDIA_TYPE RANGE_NOT_SATISFIABLE EXPECTATION_FAILED IM_A_TEAPOT
            MISDIRECTED_REQUEST UNPROCESSABLE_ENTITY LOCKED FAILED_DEPENDENCY TOO_EARLY
            UPGRADE_REQUIRED PRECONDITION_REQUIRED TOO_MANY_REQUESTS
            REQUEST_HEADER_FIELDS_TOO_LARGE UNAVAILABLE_FOR_LEGAL_REASONS INTERNAL_SERVER_ERROR
            NOT_IMPLEMENTED BAD_GATEWAY SERVICE_UNAVAILABLE GATEWAY_TIMEOUT
            HTTP_VERSION_NOT_SUPPORTED VARIANT_ALSO_NEGOTIATES INSUFFICIENT_STORAGE LOOP_DETECTED
            NOT_EXTENDED NETWORK_AUTHENTICATION_REQUIRED);
    }
}

mod code {
    use super::*;

    #[test]
    fn explicit_code_and_variant_name() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            #[api(code = "invalid_token")]
            Explicit,
            InvalidJsonInput,
            r#Type,
        }
        assert_eq!(E::Explicit.code(), "invalid_token");
        assert_eq!(E::InvalidJsonInput.code(), "InvalidJsonInput");
        assert_eq!(E::r#Type.code(), "Type");
    }

    #[test]
    fn code_case_converts_variant_names() {
        macro_rules! case {
            ($case:literal, $expected:literal) => {{
                #[derive(Debug, ApiError)]
                #[api(status = 429, code_case = $case)]
                enum E {
                    RateLimitExceeded,
                    #[api(code = "kept")]
                    Explicit,
                }
                assert_eq!(E::RateLimitExceeded.code(), $expected, $case);
                assert_eq!(E::Explicit.code(), "kept");
            }};
        }
        case!("SCREAMING_SNAKE_CASE", "RATE_LIMIT_EXCEEDED");
        case!("snake_case", "rate_limit_exceeded");
        case!("kebab-case", "rate-limit-exceeded");
        case!("SCREAMING-KEBAB-CASE", "RATE-LIMIT-EXCEEDED");
        case!("camelCase", "rateLimitExceeded");
        case!("PascalCase", "RateLimitExceeded");
        case!("lowercase", "ratelimitexceeded");
        case!("UPPERCASE", "RATELIMITEXCEEDED");
    }
}

mod messages {
    use super::*;

    #[test]
    fn named_fields_and_the_commercetools_template() {
        #[derive(Debug, ApiError)]
        enum E {
            #[api(
                status = 409,
                code = "ConcurrentModification",
                message = "Object id={resource_id} or key={resource_key} has a different version \
                             than expected. Expected: {expected_version} - Actual: {current_version})"
            )]
            ConcurrentModification {
                #[api(skip)]
                resource_id: String,
                #[api(skip)]
                resource_key: String,
                expected_version: i64,
                current_version: i64,
            },
        }
        let error = E::ConcurrentModification {
            resource_id: "abc".into(),
            resource_key: "k1".into(),
            expected_version: 3,
            current_version: 4,
        };
        assert_eq!(
            message(&error),
            "Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)"
        );
    }

    #[test]
    fn tuple_fields_and_debug() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            #[api(message = "{0} and {1:?}, {0} again")]
            Pair(u8, String),
            #[api(message = "only {0}")]
            One(&'static str),
        }
        assert_eq!(
            message(&E::Pair(7, "x\"y".into())),
            "7 and \"x\\\"y\", 7 again"
        );
        assert_eq!(message(&E::One("this")), "only this");
    }

    #[test]
    fn unit_variant_plain_text_and_escaped_braces() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            #[api(message = "Request body does not contain valid JSON.")]
            Plain,
            #[api(message = "use {{braces}} like {{this}}")]
            Braces,
            #[api(message = "{{{value}}}")]
            BracedValue { value: u8 },
        }
        assert_eq!(
            message(&E::Plain),
            "Request body does not contain valid JSON."
        );
        assert_eq!(message(&E::Braces), "use {braces} like {this}");
        assert_eq!(message(&E::BracedValue { value: 5 }), "{5}");
    }

    #[test]
    fn width_precision_alignment_and_radix() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            #[api(
                message = "[{name:>6}] [{name:<6}] [{name:^6}] [{ratio:.3}] [{ratio:08.2}] [{n:#x}] [{n:b}] [{n:+}]"
            )]
            #[api(no_decode)]
            Specs {
                name: &'static str,
                ratio: f64,
                n: i32,
            },
            #[api(message = "[{value:>width$}] [{value:.prec$}]")]
            FromFields {
                value: f64,
                width: usize,
                prec: usize,
            },
            #[api(message = "[{0:*^7}]")]
            Fill(&'static str),
        }
        assert_eq!(
            message(&E::Specs {
                name: "ab",
                ratio: 1.5,
                n: 10
            }),
            "[    ab] [ab    ] [  ab  ] [1.500] [00001.50] [0xa] [1010] [+10]"
        );
        assert_eq!(
            message(&E::FromFields {
                value: 2.25,
                width: 6,
                prec: 1
            }),
            "[  2.25] [2.2]"
        );
        assert_eq!(message(&E::Fill("mid")), "[**mid**]");
    }

    #[test]
    fn extra_arguments_computed_from_fields() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            #[api(message("{} bytes over {max}", .size - .max))]
            TooLarge { size: u64, max: u64 },
            #[api(message("{} items: {first}", .items.len(), first = .items[0]), no_decode)]
            Items { items: Vec<&'static str> },
            #[api(message("{0} has {n} chars", n = .0.len()))]
            Tuple(String),
            #[api(message("range {:?}", 1..3))]
            Range,
            #[api(message("{}", (.a, .b).0 + .b))]
            Nested { a: u8, b: u8 },
        }
        assert_eq!(
            message(&E::TooLarge { size: 15, max: 10 }),
            "5 bytes over 10"
        );
        assert_eq!(
            message(&E::Items {
                items: vec!["x", "y"]
            }),
            "2 items: x"
        );
        assert_eq!(message(&E::Tuple("four".into())), "four has 4 chars");
        assert_eq!(message(&E::Range), "range 1..3");
        assert_eq!(message(&E::Nested { a: 2, b: 3 }), "5");
    }

    #[test]
    fn variants_without_message_say_their_title() {
        #[derive(Debug, ApiError)]
        enum E {
            #[api(status = 500, code = "General")]
            General,
            #[api(status = 503, title = "Maintenance")]
            Maintenance,
            #[api(status = 404)]
            NotFound,
        }
        assert_eq!(message(&E::General), "Internal Server Error");
        assert_eq!(E::General.metadata().message_template(), None);
        assert_eq!(message(&E::Maintenance), "Maintenance");
        assert_eq!(message(&E::NotFound), "Not Found");
    }

    #[test]
    fn message_is_display_without_allocation_and_debug() {
        #[derive(Debug, ApiError)]
        #[api(status = 400, message = "bad {what}", no_decode)]
        struct Bad {
            what: &'static str,
        }
        let error = Bad { what: "input" };
        let mut out = String::new();
        std::fmt::write(&mut out, format_args!("<{}>", error.message())).unwrap();
        assert_eq!(out, "<bad input>");
        assert_eq!(format!("{:?}", error.message()), "Message(bad input)");
    }

    #[test]
    fn exposed_server_error_interpolates() {
        #[derive(Debug, ApiError)]
        enum E {
            #[api(status = 503, expose, message = "retry in {seconds}s")]
            Unavailable { seconds: u32 },
        }
        let error = E::Unavailable { seconds: 30 };
        assert_eq!(message(&error), "retry in 30s");
        assert!(error.metadata().is_exposed());
    }

    /// A field's `Display` that fails makes the message fail, in both destinations, and
    /// rendering report it: nothing panics and no half-written body is returned as a success.
    #[test]
    fn failing_display_is_an_error() {
        #[derive(Debug)]
        struct Broken;
        impl std::fmt::Display for Broken {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("half")?;
                Err(std::fmt::Error)
            }
        }
        #[derive(Debug, ApiError)]
        #[api(status = 400, message = "a {broken} b {n}", no_decode)]
        struct E {
            #[api(skip)]
            broken: Broken,
            #[api(skip)]
            n: u8,
        }
        let error = E {
            broken: Broken,
            n: 1,
        };
        let mut text = String::new();
        assert!(
            std::fmt::Write::write_fmt(&mut text, format_args!("{}", error.message())).is_err()
        );
        let mut json = Vec::new();
        assert!(matches!(
            error.write_message_json(&mut json),
            Err(apifault::RenderError::Json(_))
        ));
        let mut body = Vec::new();
        let rendered = apifault::ErrorResponse::new(error)
            .render_as(&apifault::BuiltinFormat::Problem, &mut body);
        assert!(rendered.is_err());
    }
}

mod problem_members {
    use super::*;

    #[test]
    fn title_type_and_type_base() {
        #[derive(Debug, ApiError)]
        #[api(type_base = "https://errors.example.com/")]
        enum E {
            #[api(
                status = 403,
                code = "out-of-credit",
                title = "You do not have enough credit."
            )]
            OutOfCredit,
            #[api(status = 404, type = "https://example.net/not-found")]
            NotFound,
        }
        assert_eq!(E::OutOfCredit.title(), "You do not have enough credit.");
        assert_eq!(
            E::OutOfCredit.type_uri(),
            Some("https://errors.example.com/out-of-credit")
        );
        assert_eq!(E::NotFound.title(), "Not Found");
        assert_eq!(
            E::NotFound.type_uri(),
            Some("https://example.net/not-found")
        );
    }

    #[test]
    fn no_type_means_about_blank() {
        #[derive(Debug, ApiError)]
        #[api(status = 429)]
        struct RateLimited;
        assert_eq!(RateLimited.type_uri(), None);
        assert_eq!(RateLimited.title(), "Too Many Requests");
    }
}

mod structs {
    use super::*;

    #[test]
    fn named_tuple_and_unit_structs() {
        #[derive(Debug, ApiError)]
        #[api(
            status = 404,
            code = "ResourceNotFound",
            message = "The Resource with key '{key}' was not found."
        )]
        struct NotFound {
            key: String,
        }
        #[derive(Debug, ApiError)]
        #[api(status = 400, message = "bad id {0}")]
        struct BadId(u32);
        #[derive(Debug, ApiError)]
        #[api(status = 401, code_case = "SCREAMING_SNAKE_CASE")]
        struct InvalidApiKey;

        let error = NotFound {
            key: "resource-key".into(),
        };
        assert_eq!(error.status(), StatusCode::NOT_FOUND);
        assert_eq!(error.code(), "ResourceNotFound");
        assert_eq!(
            message(&error),
            "The Resource with key 'resource-key' was not found."
        );
        assert_eq!(BadId(7).code(), "BadId");
        assert_eq!(message(&BadId(7)), "bad id 7");
        assert_eq!(InvalidApiKey.code(), "INVALID_API_KEY");
        assert_eq!(message(&InvalidApiKey), "Unauthorized");
        assert_eq!(NotFound::catalog().own_variants().len(), 1);
    }
}

mod transparent {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(status = 401)]
    enum AuthError {
        #[api(
            code = "invalid_token",
            message = "token {0} expired",
            type = "https://auth/expired"
        )]
        Expired(u32),
    }

    /// A hand-written implementation whose status does not come from its metadata.
    #[derive(Debug)]
    struct Dynamic(u16);

    impl ApiError for Dynamic {
        fn metadata(&self) -> &'static apifault::VariantMeta {
            AuthError::Expired(0).metadata()
        }
        fn fmt_message(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "dynamic {}", self.0)
        }
        fn catalog() -> apifault::Catalog {
            AuthError::catalog()
        }
        fn status(&self) -> StatusCode {
            StatusCode::from_u16(self.0).unwrap()
        }
    }

    #[derive(Debug, ApiError)]
    enum Wrapper {
        #[api(transparent)]
        Auth(AuthError),
        // A hand-written error cannot be decoded by clients.
        #[api(transparent, no_decode)]
        Named { inner: Dynamic },
        #[api(status = 404)]
        Missing,
    }

    #[test]
    fn delegates_everything() {
        let error = Wrapper::Auth(AuthError::Expired(9));
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error.code(), "invalid_token");
        assert_eq!(error.title(), "Unauthorized");
        assert_eq!(error.type_uri(), Some("https://auth/expired"));
        assert_eq!(message(&error), "token 9 expired");
        assert_eq!(error.metadata().name(), "Expired");
        assert_eq!(Wrapper::Missing.code(), "Missing");
        assert_eq!(Wrapper::Missing.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn delegates_to_overridden_methods() {
        let error = Wrapper::Named {
            inner: Dynamic(418),
        };
        assert_eq!(error.status(), StatusCode::IM_A_TEAPOT);
        assert_eq!(message(&error), "dynamic 418");
    }

    #[test]
    fn transparent_struct() {
        #[derive(Debug, ApiError)]
        #[api(transparent)]
        struct Boxed(AuthError);
        let error = Boxed(AuthError::Expired(1));
        assert_eq!(error.code(), "invalid_token");
        assert_eq!(message(&error), "token 1 expired");
        let codes: Vec<_> = Boxed::catalog()
            .variants()
            .map(apifault::VariantMeta::code)
            .collect();
        assert_eq!(codes, ["invalid_token"]);
    }

    #[test]
    fn catalog_follows_transparent_variants() {
        let catalog = Wrapper::catalog();
        let codes: Vec<_> = catalog
            .variants()
            .map(apifault::VariantMeta::code)
            .collect();
        assert_eq!(codes, ["Missing", "invalid_token", "invalid_token"]);
        let names: Vec<_> = catalog
            .transparent()
            .iter()
            .map(apifault::Transparent::name)
            .collect();
        assert_eq!(names, ["Auth", "Named"]);
        assert_eq!(
            catalog
                .find("invalid_token")
                .map(apifault::VariantMeta::name),
            Some("Expired")
        );
        assert!(catalog.find("nope").is_none());
    }
}

mod generics {
    use super::*;
    use std::fmt::{Debug, Display};

    #[derive(Debug, ApiError)]
    #[api(status = 400)]
    enum Generic<T, U, L> {
        #[api(message = "value {0}")]
        Shown(T),
        #[api(message = "debug {0:?}")]
        Debugged(U),
        #[api(message = "unused in message")]
        Silent(L),
        #[api(transparent)]
        Inner(Box<Inner>),
    }

    #[derive(Debug, ApiError)]
    #[api(status = 422, message = "inner")]
    struct Inner;

    /// Neither `Display` nor `Debug`: the parameter no message formats needs neither.
    struct Opaque;

    type Concrete = Generic<u8, &'static str, Opaque>;

    #[test]
    fn bounds_only_where_needed() {
        assert_eq!(message(&Concrete::Shown(5)), "value 5");
        assert_eq!(message(&Concrete::Debugged("q")), "debug \"q\"");
        assert_eq!(message(&Concrete::Silent(Opaque)), "unused in message");
        assert_eq!(
            Concrete::Inner(Box::new(Inner)).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[test]
    fn transparent_generic_with_lifetime_and_where_clause() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum Outer<'a, E>
        where
            E: Debug,
        {
            #[api(transparent)]
            Wrapped(E),
            #[api(message = "borrowed {0}")]
            Borrowed(&'a str),
        }
        let wrapped: Outer<'_, Inner> = Outer::Wrapped(Inner);
        assert_eq!(wrapped.code(), "Inner");
        assert_eq!(message(&Outer::<Inner>::Borrowed("text")), "borrowed text");
        assert_eq!(Outer::<Inner>::catalog().variants().count(), 2);
    }

    #[test]
    fn display_bound_on_generic_struct() {
        #[derive(Debug, ApiError)]
        #[api(status = 409, message = "{value} is taken")]
        struct Taken<V: Display> {
            value: V,
        }
        assert_eq!(message(&Taken { value: "name" }), "name is taken");
    }
}

mod metadata {
    use super::*;

    /// Errors of the Connect API.
    #[derive(Debug, ApiError)]
    #[api(format = "errors", rename_all = "camelCase")]
    #[allow(dead_code)] // built for its metadata only
    enum ConnectError {
        /// Returned when an invalid JSON input has been sent.
        ///
        /// Check the request body.
        #[api(
            status = 400,
            code = "InvalidJsonInput",
            message = "Request body does not contain valid JSON.",
            resolution = "Send valid JSON."
        )]
        InvalidJsonInput {
            /// What the JSON parser said.
            detailed_error_message: String,
        },
        #[api(status = 400, no_decode)]
        Fields {
            #[api(rename = "X")]
            renamed: u8,
            #[api(skip)]
            skipped: u8,
            #[api(header = "Retry-After")]
            retry_after: u64,
            #[api(headers)]
            limits: Option<apifault::RateLimit>,
            #[api(violations)]
            violations: Vec<apifault::Violation>,
            #[api(flatten)]
            extra: (),
            source: std::io::Error,
        },
        #[api(status = 400)]
        Tuple(u8, #[api(rename = "named")] u8),
    }

    #[test]
    fn variant_metadata() {
        let meta = ConnectError::InvalidJsonInput {
            detailed_error_message: String::new(),
        }
        .metadata();
        assert_eq!(meta.name(), "InvalidJsonInput");
        assert_eq!(meta.code(), "InvalidJsonInput");
        assert_eq!(meta.status(), StatusCode::BAD_REQUEST);
        assert_eq!(meta.title(), "Bad Request");
        assert_eq!(
            meta.message_template(),
            Some("Request body does not contain valid JSON.")
        );
        assert_eq!(
            meta.description(),
            "Returned when an invalid JSON input has been sent.\n\nCheck the request body."
        );
        assert_eq!(meta.resolution(), Some("Send valid JSON."));
        assert!(!meta.is_exposed());
        let field = &meta.fields().next().unwrap();
        assert_eq!(field.name(), "detailed_error_message");
        assert_eq!(field.wire_name(), Some("detailedErrorMessage"));
        assert_eq!(field.type_name(), "String");
        assert_eq!(field.description(), "What the JSON parser said.");
        assert_eq!(field.role(), FieldRole::Member);
    }

    #[test]
    fn field_roles() {
        let catalog = ConnectError::catalog();
        assert_eq!(catalog.type_name(), "ConnectError");
        assert_eq!(catalog.default_format(), apifault::BuiltinFormat::Errors);
        let fields: Vec<_> = catalog.find("Fields").unwrap().fields().collect();
        let roles: Vec<_> = fields
            .iter()
            .map(|f| (f.name(), f.wire_name(), f.role()))
            .collect();
        assert_eq!(
            roles,
            [
                ("renamed", Some("X"), FieldRole::Member),
                ("skipped", None, FieldRole::Skipped),
                ("retry_after", None, FieldRole::Header("Retry-After")),
                ("limits", None, FieldRole::Headers),
                ("violations", None, FieldRole::Violations),
                ("extra", None, FieldRole::Flatten),
                ("source", None, FieldRole::Internal),
            ]
        );
        assert_eq!(fields[4].type_name(), "Vec<apifault::Violation>");
        assert_eq!(fields[6].type_name(), "std::io::Error");
        let tuple: Vec<_> = catalog.find("Tuple").unwrap().fields().collect();
        assert_eq!(
            (tuple[0].name(), tuple[0].wire_name(), tuple[0].role()),
            ("0", None, FieldRole::Skipped)
        );
        assert_eq!(
            (tuple[1].name(), tuple[1].wire_name(), tuple[1].role()),
            ("1", Some("named"), FieldRole::Member)
        );
    }

    /// The code, title and type URI come first in the packed literal and are read by the byte
    /// offsets the derive writes beside it: multi-byte text, an absent title or type, and the
    /// texts after them read as written.
    #[test]
    fn hot_texts_read_by_their_offsets() {
        #[derive(Debug, ApiError)]
        enum E {
            /// Ünïcödé everywhere.
            #[api(
                status = 409,
                code = "Codes-are-ASCII_9",
                title = "Tîtlé — ✓",
                type = "https://e.example/ü/✓",
                message = "Mëssage {value}"
            )]
            Both { value: u32 },
            #[api(status = 404, code = "NoTitle", type = "https://e.example/🦀")]
            NoTitle,
            #[api(status = 429, code = "NoType", title = "Slöw dôwn")]
            NoType,
            #[api(status = 400, code = "Neither")]
            Neither,
        }
        let texts = |code: &str| {
            let meta = E::catalog().find(code).unwrap();
            (
                meta.code(),
                meta.title(),
                meta.type_uri(),
                meta.name(),
                meta.message_template(),
                meta.description(),
            )
        };
        assert_eq!(
            texts("Codes-are-ASCII_9"),
            (
                "Codes-are-ASCII_9",
                "Tîtlé — ✓",
                Some("https://e.example/ü/✓"),
                "Both",
                Some("Mëssage {value}"),
                "Ünïcödé everywhere.",
            )
        );
        assert_eq!(
            texts("NoTitle"),
            (
                "NoTitle",
                "Not Found",
                Some("https://e.example/🦀"),
                "NoTitle",
                None,
                ""
            )
        );
        assert_eq!(
            texts("NoType"),
            ("NoType", "Slöw dôwn", None, "NoType", None, "")
        );
        assert_eq!(
            texts("Neither"),
            ("Neither", "Bad Request", None, "Neither", None, "")
        );
    }

    /// The derive packs a variant's texts into one literal with NUL between them (a far
    /// cheaper `static` to compile); a text holding a NUL is written part by part instead, and
    /// reads the same.
    #[test]
    #[expect(
        clippy::too_many_lines,
        reason = "every text of both forms, side by side"
    )]
    fn texts_holding_nul_read_as_written() {
        #[derive(Debug, ApiError)]
        enum E {
            /// Packed.
            #[api(
                status = 409,
                code = "PACKED",
                title = "T",
                type = "https://e/p",
                message = "m {value}",
                resolution = "r"
            )]
            Packed {
                /// The value.
                #[api(rename = "v")]
                value: u32,
                #[api(header = "Retry-After")]
                retry: u64,
            },
            #[doc = "Not\0packed."]
            #[api(
                status = 409,
                code = "NOT_PACKED",
                title = "T\0",
                type = "https://e/\0",
                message = "m\0 {value}",
                resolution = "r\0"
            )]
            NotPacked {
                #[doc = "The\0value."]
                #[api(rename = "v\0")]
                value: u32,
                #[api(header = "Retry-After")]
                retry: u64,
            },
        }
        let catalog = E::catalog();
        let [packed, not_packed] = catalog.own_variants() else {
            panic!("two variants");
        };
        let texts = |meta: &apifault::VariantMeta| {
            let field = |f: apifault::FieldMeta| {
                (
                    f.name(),
                    f.wire_name(),
                    f.type_name(),
                    f.description(),
                    f.role(),
                )
            };
            (
                meta.name(),
                meta.code(),
                meta.status(),
                meta.title(),
                meta.type_uri(),
                meta.message_template(),
                meta.description(),
                meta.resolution(),
                meta.is_exposed(),
                meta.fields().map(field).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            texts(packed),
            (
                "Packed",
                "PACKED",
                http::StatusCode::CONFLICT,
                "T",
                Some("https://e/p"),
                Some("m {value}"),
                "Packed.",
                Some("r"),
                false,
                vec![
                    ("value", Some("v"), "u32", "The value.", FieldRole::Member),
                    ("retry", None, "u64", "", FieldRole::Header("Retry-After")),
                ],
            )
        );
        assert_eq!(
            texts(not_packed),
            (
                "NotPacked",
                "NOT_PACKED",
                http::StatusCode::CONFLICT,
                "T\0",
                Some("https://e/\0"),
                Some("m\0 {value}"),
                "Not\0packed.",
                Some("r\0"),
                false,
                vec![
                    (
                        "value",
                        Some("v\0"),
                        "u32",
                        "The\0value.",
                        FieldRole::Member
                    ),
                    ("retry", None, "u64", "", FieldRole::Header("Retry-After")),
                ],
            )
        );
        let error = E::NotPacked { value: 7, retry: 1 };
        assert_eq!(error.metadata().code(), "NOT_PACKED");
        assert_eq!(error.message().to_string(), "m\0 7");
    }

    #[test]
    fn default_format_is_problem() {
        #[derive(Debug, ApiError)]
        #[api(status = 400)]
        enum E {
            A,
        }
        assert_eq!(
            E::catalog().default_format(),
            apifault::BuiltinFormat::Problem
        );
        assert_eq!(E::A.metadata().description(), "");
    }

    #[test]
    fn empty_enum() {
        #[derive(Debug, ApiError)]
        enum Never {}
        assert_eq!(Never::catalog().variants().count(), 0);
    }

    #[test]
    fn dyn_compatible() {
        #[derive(Debug, ApiError)]
        #[api(status = 400, message = "dyn")]
        struct A;
        let error: &dyn ApiError = &A;
        assert_eq!(error.code(), "A");
        assert_eq!(apifault::Message::new(error).to_string(), "dyn");
    }
}

mod side_by_side {
    use super::*;

    #[derive(Debug, thiserror::Error, ApiError)]
    enum StoreError {
        #[error("database failed: {0}")]
        #[api(
            status = 503,
            code = "Unavailable",
            message = "Try again later",
            no_decode
        )]
        Database(#[from] std::io::Error),
        #[error("record {id} missing")]
        #[api(status = 404, code = "NotFound", message = "Record {id} was not found")]
        Missing {
            id: u32,
            #[source]
            cause: std::fmt::Error,
        },
        #[error("other")]
        #[api(status = 500)]
        Other { source: std::fmt::Error },
    }

    #[test]
    fn thiserror_display_is_for_logs_and_ours_for_clients() {
        let error = StoreError::from(std::io::Error::other("disk full at /var/db"));
        assert_eq!(error.to_string(), "database failed: disk full at /var/db");
        assert_eq!(message(&error), "Try again later");
        assert!(std::error::Error::source(&error).is_some());
        let missing = StoreError::Missing {
            id: 4,
            cause: std::fmt::Error,
        };
        assert_eq!(message(&missing), "Record 4 was not found");
        assert_eq!(
            message(&StoreError::Other {
                source: std::fmt::Error
            }),
            "Internal Server Error"
        );
    }

    #[test]
    fn thiserror_markers_make_fields_internal() {
        let catalog = StoreError::catalog();
        for code in ["Unavailable", "NotFound", "Other"] {
            let fields: Vec<_> = catalog.find(code).unwrap().fields().collect();
            let internal: Vec<_> = fields
                .iter()
                .filter(|f| f.role() == FieldRole::Internal)
                .map(apifault::FieldMeta::name)
                .collect();
            assert_eq!(internal.len(), 1, "{code}");
            assert!(
                fields
                    .iter()
                    .all(|f| f.role() != FieldRole::Member || f.name() == "id")
            );
        }
    }
}

mod display {
    use super::*;

    #[derive(Debug, ApiError)]
    #[api(display, status = 400)]
    enum E {
        #[api(message = "bad {0}")]
        Bad(u8),
        #[api(status = 500)]
        Internal,
    }

    #[test]
    fn display_and_error_from_messages() {
        assert_eq!(E::Bad(3).to_string(), "bad 3");
        assert_eq!(E::Internal.to_string(), "Internal Server Error");
        let boxed: Box<dyn std::error::Error> = Box::new(E::Bad(1));
        assert_eq!(boxed.to_string(), "bad 1");
        assert!(boxed.source().is_none());
    }

    #[test]
    fn source_field_is_the_error_source() {
        #[derive(Debug, ApiError)]
        #[api(display)]
        enum WithSource {
            #[api(status = 503, no_decode)]
            Database { source: std::io::Error },
            #[api(status = 400)]
            Plain,
        }
        let error = WithSource::Database {
            source: std::io::Error::other("disk full"),
        };
        assert_eq!(error.to_string(), "Service Unavailable");
        let source = std::error::Error::source(&error).expect("the `source` field");
        assert_eq!(source.to_string(), "disk full");
        assert!(std::error::Error::source(&WithSource::Plain).is_none());
    }
}
