//! Every key, in every form it accepts, on one enum.

use apifault::ApiError;

/// Documented enum.
#[derive(Debug, ApiError)]
#[api(format = "errors", rename_all = "camelCase", code_case = "SCREAMING_SNAKE_CASE")]
#[api(status = 400, type_base = "https://errors.example.com/", display)]
pub enum Every {
    /// Documented variant.
    #[api(status = 409, code = "Conflict", message = "version {expected} != {actual}",
          title = "Conflict", type = "https://example.com/conflict", resolution = "Retry")]
    Conflict { expected: i64, actual: i64 },
    #[api(status = CONFLICT)]
    ConstantStatus,
    #[api(status = StatusCode::GONE)]
    PathStatus,
    #[api(status = http::StatusCode::LOCKED)]
    FullPathStatus,
    #[api(message("{} and {n}", .0 + 1, n = .1))]
    ListMessage(u8, u8),
    #[api(status = 500, expose, message = "exposed {0}")]
    Exposed(u8),
    #[api(status = 503, message = "retry in {retry_after_seconds}s")]
    FieldExposed {
        #[api(expose)]
        retry_after_seconds: u32,
        internal: u8,
    },
    #[api(transparent)]
    Transparent(Inner),
    Defaulted,
    Fields {
        #[api(skip)]
        skipped: u8,
        #[api(rename = "renamed")]
        original: u8,
        #[api(header = "Retry-After")]
        retry_after: u64,
        #[api(headers)]
        limits: apifault::RateLimit,
        #[api(violations)]
        violations: Vec<apifault::Violation>,
        #[api(flatten)]
        flattened: (),
        #[api()]
        empty_attribute: (),
    },
}

#[derive(Debug, ApiError)]
#[api(status = 404, code = "NotFound", message = "missing {0}")]
pub struct Inner(pub u32);

fn main() {
    assert_eq!(Every::ListMessage(1, 7).to_string(), "2 and 7");
    assert_eq!(Every::Defaulted.code(), "DEFAULTED");
    assert_eq!(Every::Transparent(Inner(3)).code(), "NotFound");
}
