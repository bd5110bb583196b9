//! A tour of apifault: one error enum, what each variant says about itself, and the response
//! it becomes in every wire format.
//!
//! Run it with `cargo run -p apifault-examples --example tour`.

use apifault::{ApiError, BuiltinFormat, ErrorResponse, RateLimit, Rule, Source, Violation};

/// Authentication errors, shared by several APIs.
#[derive(Debug, ApiError)]
#[api(status = 401)]
pub enum AuthError {
    /// The bearer token is missing, malformed or expired.
    #[api(code = "invalid_token", message = "invalid_token")]
    InvalidToken,
}

/// Errors of the Connect API.
#[derive(Debug, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
pub enum ConnectError {
    /// Returned when an invalid JSON input has been sent.
    #[api(
        status = 400,
        code = "InvalidJsonInput",
        message = "Request body does not contain valid JSON.",
        resolution = "Send a body that parses as JSON."
    )]
    InvalidJsonInput {
        /// What the JSON parser reported.
        detailed_error_message: String,
    },

    /// The object was changed by someone else since it was read.
    #[api(
        status = CONFLICT,
        code = "ConcurrentModification",
        message = "Object id={resource_id} or key={resource_key} has a different version \
                   than expected. Expected: {expected_version} - Actual: {current_version})",
        resolution = "Read the object again and retry with `currentVersion`."
    )]
    ConcurrentModification {
        /// The object's id; in the message only.
        #[api(skip)]
        resource_id: String,
        /// The object's key; in the message only.
        #[api(skip)]
        resource_key: String,
        /// The version the request expected.
        expected_version: i64,
        /// The object's current version: retry with it.
        current_version: i64,
    },

    /// Some fields of the request are invalid.
    #[api(
        status = 400,
        code = "InvalidField",
        message = "The request has invalid fields."
    )]
    InvalidFields {
        /// One entry per invalid field.
        #[api(violations)]
        violations: Vec<Violation>,
    },

    /// Too many requests in the current window.
    #[api(
        status = 429,
        code = "RATE_LIMIT_EXCEEDED",
        message = "Too many requests"
    )]
    RateLimited {
        /// The limit, written as `Retry-After` and `X-RateLimit-*` headers.
        #[api(headers)]
        limit: RateLimit,
    },

    /// Something failed on our side; the details stay in our logs.
    #[api(status = 500, code = "General", no_decode)]
    Database(#[api(skip)] std::io::Error),

    /// Authentication failed.
    #[api(transparent)]
    Auth(AuthError),
}

fn describe(error: ConnectError) {
    println!("{error:?}");
    println!("  status   {}", error.status());
    println!("  code     {}", error.code());
    println!("  message  {}", error.message());
    println!("  title    {}", error.title());
    println!("  type     {}", error.type_uri().unwrap_or("about:blank"));
    let response = ErrorResponse::new(error).with_request_id("req-123456");
    match response.headers() {
        Ok(headers) => {
            for (name, value) in &headers {
                println!(
                    "  header   {name}: {}",
                    value.to_str().unwrap_or("<not text>")
                );
            }
        }
        Err(error) => println!("  headers  cannot be sent: {error}"),
    }
    for format in BuiltinFormat::ALL {
        let mut body = Vec::new();
        match response.render_as(&format, &mut body) {
            Ok(()) => println!("  {:<9}{}", format.name(), String::from_utf8_lossy(&body)),
            Err(error) => println!("  {:<9}cannot render: {error}", format.name()),
        }
    }
    println!();
}

fn main() {
    let examples = [
        ConnectError::InvalidJsonInput {
            detailed_error_message: "expected value at line 1 column 1".into(),
        },
        ConnectError::ConcurrentModification {
            resource_id: "abc".into(),
            resource_key: "k1".into(),
            expected_version: 3,
            current_version: 4,
        },
        ConnectError::InvalidFields {
            violations: vec![
                Violation::new("name", "cannot be blank")
                    .with_rule(Rule::Required)
                    .with_source(Source::Body),
                Violation::new("key", "is too short")
                    .with_rule(Rule::MinLength(2))
                    .with_source(Source::Body)
                    .with_input("k"),
            ],
        },
        ConnectError::RateLimited {
            limit: RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42),
        },
        ConnectError::Database(std::io::Error::other("connection to 10.0.0.7:5432 refused")),
        ConnectError::Auth(AuthError::InvalidToken),
    ];
    for error in examples {
        describe(error);
    }

    let catalog = ConnectError::catalog();
    println!(
        "Catalog of {} (default format: {}):",
        catalog.type_name(),
        catalog.default_format()
    );
    for variant in catalog.variants() {
        println!(
            "  {} {:<24} {}",
            variant.status().as_u16(),
            variant.code(),
            variant.message_template().unwrap_or(variant.title())
        );
        for field in variant.fields() {
            println!(
                "      {:<24} {:<8} {:?}",
                field.name(),
                field.type_name(),
                field.role()
            );
        }
    }
}
