//! `ApiError` implemented by hand, with the public `const` constructors of its metadata: the
//! trait is not derive-only, and what a hand-written error says reaches every format, the
//! catalog, a derived wrapper and the client as a derived error's would.

use std::fmt;

use apifault::format::{Errors, Problem};
use apifault::json::JsonObject;
use apifault::{
    ApiError, BuiltinFormat, Catalog, ErrorResponse, FieldMeta, FieldRole, RenderError, VariantMeta,
};
use http::StatusCode;

/// Errors of a legacy service, described without the derive.
#[derive(Debug)]
enum LegacyError {
    Gone,
    Quota { limit: u32 },
}

static VARIANTS: [VariantMeta; 2] = [
    VariantMeta::new("Gone", "GONE", StatusCode::GONE).with_description("The resource is gone."),
    VariantMeta::new("Quota", "QUOTA_EXCEEDED", StatusCode::TOO_MANY_REQUESTS)
        .with_title("Quota exceeded")
        .with_type_uri("https://errors.example.com/quota")
        .with_message_template("Quota of {limit} requests exceeded")
        .with_resolution("Wait, then retry.")
        .with_fields(&[FieldMeta::new("limit", "u32", FieldRole::Member)
            .with_wire_name("limit")
            .with_description("Requests allowed per minute.")]),
];

impl ApiError for LegacyError {
    fn metadata(&self) -> &'static VariantMeta {
        match self {
            LegacyError::Gone => &VARIANTS[0],
            LegacyError::Quota { .. } => &VARIANTS[1],
        }
    }

    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegacyError::Gone => f.write_str("Gone"),
            LegacyError::Quota { limit } => write!(f, "Quota of {limit} requests exceeded"),
        }
    }

    fn catalog() -> Catalog {
        Catalog::new("LegacyError", BuiltinFormat::Errors, &VARIANTS)
            .with_description("Errors of the legacy service.")
    }

    fn write_members(&self, object: &mut JsonObject<'_>) -> Result<(), RenderError> {
        match self {
            LegacyError::Gone => Ok(()),
            LegacyError::Quota { limit } => object.member("limit", limit),
        }
    }
}

fn body<F: apifault::Format>(format: &F, error: LegacyError) -> String {
    let mut out = Vec::new();
    ErrorResponse::new(error)
        .render_as(format, &mut out)
        .expect("it renders");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn renders_in_every_format_like_a_derived_error() {
    assert_eq!(
        body(&Errors, LegacyError::Quota { limit: 60 }),
        r#"{"statusCode":429,"message":"Quota of 60 requests exceeded","errors":[{"code":"QUOTA_EXCEEDED","message":"Quota of 60 requests exceeded","limit":60}]}"#
    );
    assert_eq!(
        body(&Problem, LegacyError::Quota { limit: 60 }),
        r#"{"type":"https://errors.example.com/quota","title":"Quota exceeded","status":429,"detail":"Quota of 60 requests exceeded","limit":60}"#
    );
    assert_eq!(
        body(&Problem, LegacyError::Gone),
        r#"{"title":"Gone","status":410,"detail":"Gone"}"#
    );
    let error = LegacyError::Quota { limit: 1 };
    assert_eq!(error.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error.code(), "QUOTA_EXCEEDED");
    assert_eq!(error.title(), "Quota exceeded");
    assert_eq!(LegacyError::Gone.title(), "Gone");
}

#[test]
fn its_catalog_is_a_catalog() {
    let catalog = LegacyError::catalog();
    assert_eq!(catalog.type_name(), "LegacyError");
    assert_eq!(catalog.description(), "Errors of the legacy service.");
    assert_eq!(catalog.default_format(), BuiltinFormat::Errors);
    let quota = catalog.find("QUOTA_EXCEEDED").expect("listed");
    assert_eq!(quota.resolution(), Some("Wait, then retry."));
    assert_eq!(quota.fields().next().unwrap().role(), FieldRole::Member);
    let markdown = catalog.to_markdown();
    assert!(markdown.contains("QUOTA_EXCEEDED"), "{markdown}");
    assert!(
        markdown.contains("Requests allowed per minute."),
        "{markdown}"
    );
}

#[derive(Debug, ApiError)]
#[api(format = "errors")]
enum ServiceError {
    #[api(transparent, no_decode)]
    Legacy(LegacyError),
    #[api(status = 404, code = "NOT_FOUND")]
    NotFound,
}

#[test]
fn a_derived_wrapper_delegates_to_it() {
    let error = ServiceError::Legacy(LegacyError::Quota { limit: 5 });
    assert_eq!(error.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error.message().to_string(), "Quota of 5 requests exceeded");
    let codes: Vec<&str> = ServiceError::catalog()
        .variants()
        .map(VariantMeta::code)
        .collect();
    assert_eq!(codes, ["NOT_FOUND", "GONE", "QUOTA_EXCEEDED"]);
}

#[test]
#[should_panic(expected = "an API error's status is in 400..=599")]
fn a_success_status_is_refused() {
    let _ = VariantMeta::new("Fine", "FINE", StatusCode::OK);
}
