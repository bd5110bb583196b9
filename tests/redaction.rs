//! A 5xx response carries no field of its variant unless the variant or the field says
//! `expose`, by every path a value can take to a client: the members of every built-in format
//! and of a custom one (named, renamed, `rename_all`-renamed and flattened fields), the message,
//! the headers, `transparent` delegation, the catalog (Markdown and JSON), OpenAPI schemas and
//! examples, and the client decoder. The property test over generated enums is in
//! `redaction_properties.rs`.

use apifault::client::Decoder;
use apifault::format::JSON;
use apifault::json::{JsonObject, RenderError, write_str};
use apifault::{ApiError, BuiltinFormat, ErrorResponse, FieldRole, Format};
use serde::{Deserialize, Serialize};

/// Every value of an unexposed field contains it; no response may.
const SECRET: &str = "S3CRET";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Connection {
    host: String,
    password: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Region {
    region: String,
}

#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
enum StoreError {
    #[api(status = 500, code = "General")]
    Database {
        query: String,
        #[api(rename = "dbUser")]
        user: String,
        connection_pool: String,
        #[api(flatten)]
        connection: Connection,
    },
    #[api(
        status = 502,
        code = "BadUpstream",
        message = "The upstream service failed"
    )]
    Upstream {
        upstream_url: String,
        #[api(flatten)]
        connection: Connection,
    },
    #[api(status = 503, code = "Unavailable", message = "Try again later")]
    Unavailable {
        #[api(rename = "node")]
        replica: String,
        #[api(header = "Retry-After")]
        retry_after: u64,
    },
    #[api(
        status = 503,
        code = "Maintenance",
        expose,
        message = "Down for maintenance until {until}"
    )]
    Maintenance {
        until: String,
        #[api(rename = "window")]
        window_name: String,
        #[api(flatten)]
        region: Region,
    },
    #[api(
        status = 503,
        code = "Overloaded",
        message = "Retry in {retry_after_seconds}s"
    )]
    Overloaded {
        #[api(expose)]
        retry_after_seconds: u32,
        #[api(expose, flatten)]
        region: Region,
        shard: String,
        #[api(flatten)]
        connection: Connection,
    },
    #[api(status = 409, code = "Conflict", message = "Conflict on {key}")]
    Conflict {
        key: String,
        #[api(rename = "ver")]
        current_version: u32,
        #[api(flatten)]
        region: Region,
    },
}

fn secret(what: &str) -> String {
    format!("{SECRET}-{what}")
}

fn connection() -> Connection {
    Connection {
        host: secret("host"),
        password: secret("password"),
    }
}

fn region() -> Region {
    Region {
        region: "eu-west".into(),
    }
}

fn database() -> StoreError {
    StoreError::Database {
        query: secret("query"),
        user: secret("user"),
        connection_pool: secret("pool"),
        connection: connection(),
    }
}

fn upstream() -> StoreError {
    StoreError::Upstream {
        upstream_url: secret("url"),
        connection: connection(),
    }
}

fn unavailable() -> StoreError {
    StoreError::Unavailable {
        replica: secret("replica"),
        retry_after: 30,
    }
}

fn maintenance() -> StoreError {
    StoreError::Maintenance {
        until: "2027-01-01".into(),
        window_name: "nightly".into(),
        region: region(),
    }
}

fn overloaded() -> StoreError {
    StoreError::Overloaded {
        retry_after_seconds: 30,
        region: region(),
        shard: secret("shard"),
        connection: connection(),
    }
}

fn conflict() -> StoreError {
    StoreError::Conflict {
        key: "k1".into(),
        current_version: 4,
        region: region(),
    }
}

/// Google AIP-193, a custom format that writes whatever `write_members` gives it.
struct Aip193;

impl Format for Aip193 {
    fn content_type(&self) -> &'static str {
        JSON
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
        out.extend_from_slice(b"}}");
        Ok(())
    }
}

/// A response's body in `format`.
fn render<E: ApiError>(error: E, format: &impl Format) -> String {
    let mut body = Vec::new();
    ErrorResponse::new(error)
        .render_as(format, &mut body)
        .unwrap();
    String::from_utf8(body).unwrap()
}

/// The golden bodies of one error: `errors`, `problem`, `envelope`, `detail`, AIP-193.
fn assert_bodies<E: ApiError + Clone>(error: &E, expected: [&str; 5]) {
    let actual = [
        render(error.clone(), &BuiltinFormat::Errors),
        render(error.clone(), &BuiltinFormat::Problem),
        render(error.clone(), &BuiltinFormat::Envelope),
        render(error.clone(), &BuiltinFormat::Detail),
        render(error.clone(), &Aip193),
    ];
    assert_eq!(actual, expected.map(str::to_owned));
    for body in actual {
        assert!(!body.contains(SECRET), "{body}");
    }
}

mod bodies {
    use super::*;

    #[test]
    fn a_500_sends_no_named_renamed_or_flattened_field() {
        assert_bodies(
            &database(),
            [
                r#"{"statusCode":500,"message":"Internal Server Error","errors":[{"code":"General","message":"Internal Server Error"}]}"#,
                r#"{"title":"Internal Server Error","status":500,"detail":"Internal Server Error"}"#,
                r#"{"error":{"code":"General","message":"Internal Server Error"}}"#,
                r#"{"detail":"Internal Server Error"}"#,
                r#"{"error":{"code":500,"message":"Internal Server Error","status":"General"}}"#,
            ],
        );
    }

    #[test]
    fn a_502_sends_no_field() {
        assert_bodies(
            &upstream(),
            [
                r#"{"statusCode":502,"message":"The upstream service failed","errors":[{"code":"BadUpstream","message":"The upstream service failed"}]}"#,
                r#"{"title":"Bad Gateway","status":502,"detail":"The upstream service failed"}"#,
                r#"{"error":{"code":"BadUpstream","message":"The upstream service failed"}}"#,
                r#"{"detail":"The upstream service failed"}"#,
                r#"{"error":{"code":502,"message":"The upstream service failed","status":"BadUpstream"}}"#,
            ],
        );
    }

    #[test]
    fn a_503_sends_its_headers_but_no_member() {
        assert_bodies(
            &unavailable(),
            [
                r#"{"statusCode":503,"message":"Try again later","errors":[{"code":"Unavailable","message":"Try again later"}]}"#,
                r#"{"title":"Service Unavailable","status":503,"detail":"Try again later"}"#,
                r#"{"error":{"code":"Unavailable","message":"Try again later"}}"#,
                r#"{"detail":"Try again later"}"#,
                r#"{"error":{"code":503,"message":"Try again later","status":"Unavailable"}}"#,
            ],
        );
        let response = ErrorResponse::new(unavailable())
            .to_http_response()
            .unwrap();
        assert_eq!(response.headers()["retry-after"], "30");
        for value in response.headers().values() {
            assert!(!value.to_str().unwrap().contains(SECRET), "{value:?}");
        }
    }

    #[test]
    fn expose_on_the_variant_sends_every_field() {
        assert_bodies(
            &maintenance(),
            [
                r#"{"statusCode":503,"message":"Down for maintenance until 2027-01-01","errors":[{"code":"Maintenance","message":"Down for maintenance until 2027-01-01","until":"2027-01-01","window":"nightly","region":"eu-west"}]}"#,
                r#"{"title":"Service Unavailable","status":503,"detail":"Down for maintenance until 2027-01-01","until":"2027-01-01","window":"nightly","region":"eu-west"}"#,
                r#"{"error":{"code":"Maintenance","message":"Down for maintenance until 2027-01-01","until":"2027-01-01","window":"nightly","region":"eu-west"}}"#,
                r#"{"detail":"Down for maintenance until 2027-01-01"}"#,
                r#"{"error":{"code":503,"message":"Down for maintenance until 2027-01-01","status":"Maintenance","until":"2027-01-01","window":"nightly","region":"eu-west"}}"#,
            ],
        );
    }

    #[test]
    fn expose_on_a_field_sends_exactly_that_field() {
        assert_bodies(
            &overloaded(),
            [
                r#"{"statusCode":503,"message":"Retry in 30s","errors":[{"code":"Overloaded","message":"Retry in 30s","retryAfterSeconds":30,"region":"eu-west"}]}"#,
                r#"{"title":"Service Unavailable","status":503,"detail":"Retry in 30s","retryAfterSeconds":30,"region":"eu-west"}"#,
                r#"{"error":{"code":"Overloaded","message":"Retry in 30s","retryAfterSeconds":30,"region":"eu-west"}}"#,
                r#"{"detail":"Retry in 30s"}"#,
                r#"{"error":{"code":503,"message":"Retry in 30s","status":"Overloaded","retryAfterSeconds":30,"region":"eu-west"}}"#,
            ],
        );
    }

    #[test]
    fn a_4xx_still_sends_every_field() {
        assert_bodies(
            &conflict(),
            [
                r#"{"statusCode":409,"message":"Conflict on k1","errors":[{"code":"Conflict","message":"Conflict on k1","key":"k1","ver":4,"region":"eu-west"}]}"#,
                r#"{"title":"Conflict","status":409,"detail":"Conflict on k1","key":"k1","ver":4,"region":"eu-west"}"#,
                r#"{"error":{"code":"Conflict","message":"Conflict on k1","key":"k1","ver":4,"region":"eu-west"}}"#,
                r#"{"detail":"Conflict on k1"}"#,
                r#"{"error":{"code":409,"message":"Conflict on k1","status":"Conflict","key":"k1","ver":4,"region":"eu-west"}}"#,
            ],
        );
    }

    /// Several errors in one response: each keeps its own rule.
    #[test]
    fn many_errors_in_one_response() {
        let response = ErrorResponse::from_errors([database(), overloaded(), upstream()]).unwrap();
        let mut body = Vec::new();
        response.render(&mut body).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"statusCode":500,"message":"Internal Server Error","errors":[{"code":"General","message":"Internal Server Error"},{"code":"Overloaded","message":"Retry in 30s","retryAfterSeconds":30,"region":"eu-west"},{"code":"BadUpstream","message":"The upstream service failed"}]}"#
        );
    }
}

/// `transparent` keeps the inner type's rules: what it exposes stays exposed, what it keeps
/// internal stays internal.
mod transparent {
    use super::*;

    #[derive(Debug, Clone, ApiError)]
    #[allow(dead_code, reason = "`trace` exists to be kept out of the body")]
    enum AppError {
        #[api(transparent)]
        Store(StoreError),
        #[api(status = 500, code = "Own")]
        Own { trace: String },
    }

    #[test]
    fn delegation_keeps_the_inner_rules() {
        assert_eq!(
            render(AppError::Store(overloaded()), &BuiltinFormat::Problem),
            r#"{"title":"Service Unavailable","status":503,"detail":"Retry in 30s","retryAfterSeconds":30,"region":"eu-west"}"#
        );
        assert_eq!(
            render(AppError::Store(database()), &BuiltinFormat::Problem),
            r#"{"title":"Internal Server Error","status":500,"detail":"Internal Server Error"}"#
        );
        assert_eq!(
            render(
                AppError::Own {
                    trace: secret("trace")
                },
                &BuiltinFormat::Problem
            ),
            r#"{"title":"Internal Server Error","status":500,"detail":"Internal Server Error"}"#
        );
        let catalog = AppError::catalog();
        let overloaded = catalog.find("Overloaded").unwrap();
        assert_eq!(
            overloaded.fields().next().unwrap().role(),
            FieldRole::Member
        );
        assert_eq!(
            overloaded.fields().nth(2).unwrap().role(),
            FieldRole::Internal
        );
    }
}

/// The catalog, OpenAPI and the client say what the server does.
mod contract {
    use super::*;

    /// Wire names that unexposed fields would have had.
    const HIDDEN: [&str; 7] = [
        "query",
        "dbUser",
        "connectionPool",
        "upstreamUrl",
        "node",
        "shard",
        "password",
    ];

    fn roles(code: &str) -> Vec<(&'static str, Option<&'static str>, FieldRole)> {
        StoreError::catalog()
            .find(code)
            .unwrap()
            .fields()
            .map(|field| (field.name(), field.wire_name(), field.role()))
            .collect()
    }

    #[test]
    fn the_catalog_lists_unexposed_fields_as_internal() {
        assert_eq!(
            roles("General"),
            [
                ("query", None, FieldRole::Internal),
                ("user", None, FieldRole::Internal),
                ("connection_pool", None, FieldRole::Internal),
                ("connection", None, FieldRole::Internal),
            ]
        );
        assert_eq!(
            roles("Unavailable"),
            [
                ("replica", None, FieldRole::Internal),
                ("retry_after", None, FieldRole::Header("Retry-After")),
            ]
        );
        assert_eq!(
            roles("Maintenance"),
            [
                ("until", Some("until"), FieldRole::Member),
                ("window_name", Some("window"), FieldRole::Member),
                ("region", None, FieldRole::Flatten),
            ]
        );
        assert_eq!(
            roles("Overloaded"),
            [
                (
                    "retry_after_seconds",
                    Some("retryAfterSeconds"),
                    FieldRole::Member
                ),
                ("region", None, FieldRole::Flatten),
                ("shard", None, FieldRole::Internal),
                ("connection", None, FieldRole::Internal),
            ]
        );
    }

    #[test]
    fn the_markdown_and_json_references_show_no_unexposed_member() {
        let catalog = StoreError::catalog();
        let markdown = catalog.to_markdown();
        let json = catalog.to_json();
        for variant in json["errors"].as_array().unwrap() {
            let example = variant["example"].to_string();
            for hidden in HIDDEN {
                assert!(!example.contains(hidden), "{hidden} in {example}");
            }
            for field in variant["fields"].as_array().unwrap() {
                let is_hidden = field["wire_name"].is_null()
                    && !matches!(field["role"].as_str(), Some("header" | "flatten"));
                if is_hidden {
                    assert_eq!(field["role"], "internal", "{field}");
                }
            }
        }
        assert!(json.to_string().contains(r#""retryAfterSeconds""#));
        for hidden in ["dbUser", "connectionPool", "upstreamUrl", "shard"] {
            assert!(!markdown.contains(hidden), "{hidden} in {markdown}");
        }
        assert!(markdown.contains("retryAfterSeconds"), "{markdown}");
    }

    #[test]
    fn openapi_schemas_and_examples_list_no_unexposed_member() {
        use utoipa::IntoResponses as _;
        let document = serde_json::to_string(&StoreError::responses()).unwrap();
        for hidden in HIDDEN {
            assert!(
                !document.contains(&format!("\"{hidden}\"")),
                "{hidden} in {document}"
            );
        }
        assert!(!document.contains(SECRET));
        for exposed in ["retryAfterSeconds", "until", "window", "ver"] {
            assert!(
                document.contains(&format!("\"{exposed}\"")),
                "{exposed} missing from {document}"
            );
        }
    }

    #[test]
    fn the_client_gives_unexposed_fields_their_default() {
        for (error, expected) in [
            (
                database(),
                StoreError::Database {
                    query: String::new(),
                    user: String::new(),
                    connection_pool: String::new(),
                    connection: Connection::default(),
                },
            ),
            (
                overloaded(),
                StoreError::Overloaded {
                    retry_after_seconds: 30,
                    region: region(),
                    shard: String::new(),
                    connection: Connection::default(),
                },
            ),
            (maintenance(), maintenance()),
        ] {
            let response = ErrorResponse::new(error).to_http_response().unwrap();
            let decoded = Decoder::new()
                .decode::<StoreError>(response.status(), response.headers(), response.body())
                .unwrap();
            assert_eq!(decoded.errors[0].known(), Some(&expected));
        }
    }
}
