//! Rendering allocates nothing but the growth of the output buffer: with room reserved, or a
//! buffer reused from an earlier response, it allocates nothing at all. A correctness
//! property, counted with a counting global allocator, not a timing.

use apifault::format::{Detail, Envelope, Errors, Problem};
use apifault::{ApiError, BuiltinFormat, ErrorResponse, Format, Rule, Source, Violation};

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", display)]
enum ConnectError {
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
    #[api(status = 400, code = "InvalidInput", message = "{0} problems: {1:?}")]
    Invalid(usize, &'static str, #[api(violations)] Vec<Violation>),
    #[api(status = 500, no_decode)]
    Internal { source: std::io::Error },
}

fn responses() -> Vec<ErrorResponse<ConnectError>> {
    let modification = || ConnectError::ConcurrentModification {
        resource_id: "abc".into(),
        resource_key: "k1".into(),
        expected_version: 3,
        current_version: 4,
    };
    let violations = vec![
        Violation::new("name", "cannot be \"blank\"")
            .with_rule(Rule::Required)
            .with_source(Source::Body),
        Violation::new("items[3].sku", "too short")
            .with_rule(Rule::MinLength(8))
            .with_input("ab"),
        Violation::new("color", "unknown").with_rule(Rule::Enum(vec!["red".into(), "blue".into()])),
    ];
    vec![
        ErrorResponse::new(modification()),
        ErrorResponse::from_errors((0..10).map(|_| modification()))
            .unwrap()
            .with_request_id("req-1"),
        ErrorResponse::new(ConnectError::Invalid(3, "a\tb", violations))
            .with_instance("kong:trace:1"),
        ErrorResponse::new(ConnectError::Internal {
            source: std::io::Error::other("secret"),
        }),
    ]
}

fn assert_no_allocation(format: &impl Format, name: &str) {
    for response in responses() {
        let mut out = Vec::with_capacity(64 * 1024);
        let info = allocation_counter::measure(|| response.render_as(format, &mut out).unwrap());
        assert_eq!(info.count_total, 0, "{name}: {info:?}");
        assert!(!out.is_empty());

        // A reused buffer: the second response costs nothing either.
        out.clear();
        let info = allocation_counter::measure(|| response.render_as(format, &mut out).unwrap());
        assert_eq!(info.count_total, 0, "{name} (reused buffer): {info:?}");
    }
}

#[test]
fn errors_format() {
    assert_no_allocation(&Errors, "errors");
}

#[test]
fn problem_format() {
    assert_no_allocation(&Problem, "problem");
}

#[test]
fn envelope_format() {
    assert_no_allocation(&Envelope::default(), "envelope");
}

#[test]
fn detail_format() {
    assert_no_allocation(&Detail, "detail");
}

#[test]
fn default_format_through_the_catalog() {
    assert_no_allocation(&BuiltinFormat::Problem, "builtin");
    let response = &responses()[0];
    let mut out = Vec::with_capacity(4096);
    let info = allocation_counter::measure(|| response.render(&mut out).unwrap());
    assert_eq!(info.count_total, 0, "{info:?}");
}

/// The counter does count: formatting into a `String` allocates.
#[test]
fn the_counter_sees_allocations() {
    let response = &responses()[0];
    let info = allocation_counter::measure(|| {
        let message = response.first().message().to_string();
        assert!(!message.is_empty());
    });
    assert!(info.count_total > 0);
}

/// The shop of `tests/l10n.rs`, with its German and French files.
#[derive(Debug, ApiError)]
#[api(format = "problem", locales = "locales/shop", default_locale = "en")]
enum ShopError {
    #[api(
        status = 404,
        code = "ItemNotFound",
        message = "Item {sku} was not found"
    )]
    NotFound { sku: String },
    #[api(
        status = 409,
        code = "CartFull",
        message = "Your cart holds {count} items"
    )]
    CartFull { count: u32 },
    #[api(
        status = 503,
        code = "Unavailable",
        message = "Retry in {retry_after_seconds}s"
    )]
    Unavailable {
        #[api(expose)]
        retry_after_seconds: u64,
    },
    #[api(status = 401, code = "Unauthorized")]
    Unauthorized,
}

/// A localized message (a translated title, a plural select, a title as the message) renders
/// with no allocation but the buffer's, in every format, as the default one does.
#[test]
fn localized_rendering_allocates_nothing() {
    let errors = || {
        [
            ShopError::NotFound { sku: "A-1".into() },
            ShopError::CartFull { count: 7 },
            ShopError::Unavailable {
                retry_after_seconds: 30,
            },
            ShopError::Unauthorized,
        ]
    };
    for locale in ["de", "fr", "en"] {
        for format in BuiltinFormat::ALL {
            for error in errors() {
                let response = ErrorResponse::new(error).with_locale(locale);
                let mut out = Vec::with_capacity(4096);
                let info =
                    allocation_counter::measure(|| response.render_as(&format, &mut out).unwrap());
                assert_eq!(info.count_total, 0, "{locale} {format}: {info:?}");
                assert!(!out.is_empty());
            }
        }
    }
    // What chose the locale allocates nothing either.
    let info = allocation_counter::measure(|| {
        let response = ErrorResponse::new(ShopError::Unauthorized)
            .with_accept_language("fr-CH, de;q=0.9, *;q=0.1");
        assert_eq!(response.locale(), Some("fr"));
    });
    assert_eq!(info.count_total, 0, "{info:?}");
}
