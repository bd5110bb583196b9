//! Turn an application's error enum into its HTTP API's error contract.
//!
//! `#[derive(ApiError)]` reads `#[api(...)]` attributes on an enum's variants (or on a struct)
//! and gives every variant an HTTP status, a stable machine-readable code, a client-facing
//! message interpolated from its fields, and static metadata for documentation.
//!
//! ```
//! use apifault::ApiError;
//! use http::StatusCode;
//!
//! /// Errors of the Connect API.
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors", rename_all = "camelCase")]
//! pub enum ConnectError {
//!     /// Returned when an invalid JSON input has been sent.
//!     #[api(status = 400, code = "InvalidJsonInput",
//!           message = "Request body does not contain valid JSON.")]
//!     InvalidJsonInput { detailed_error_message: String },
//!
//!     #[api(status = CONFLICT, code = "ConcurrentModification",
//!           message = "Object id={resource_id} or key={resource_key} has a different version \
//!                      than expected. Expected: {expected_version} - Actual: {current_version})")]
//!     ConcurrentModification {
//!         #[api(skip)] resource_id: String,
//!         #[api(skip)] resource_key: String,
//!         expected_version: i64,
//!         current_version: i64,
//!     },
//!
//!     #[api(status = 500, code = "General", no_decode)] // says "Internal Server Error"
//!     Database(#[api(skip)] std::io::Error),
//! }
//!
//! let err = ConnectError::ConcurrentModification {
//!     resource_id: "abc".into(),
//!     resource_key: "k1".into(),
//!     expected_version: 3,
//!     current_version: 4,
//! };
//! assert_eq!(err.status(), StatusCode::CONFLICT);
//! assert_eq!(err.code(), "ConcurrentModification");
//! assert_eq!(
//!     err.message().to_string(),
//!     "Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)",
//! );
//!
//! let err = ConnectError::Database(std::io::Error::other("connection refused to 10.0.0.7"));
//! assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
//! assert_eq!(err.message().to_string(), "Internal Server Error");
//! ```
//!
//! # Attributes
//!
//! | on | key | meaning |
//! |---|---|---|
//! | enum | `format = "errors"` | default wire format: `errors`, `problem` (default), `envelope`, `detail` |
//! | enum | `rename_all = "camelCase"` | wire names of extra fields, with serde's case names |
//! | enum | `code_case = "SCREAMING_SNAKE_CASE"` | codes derived from variant names when `code` is absent (default: the name as written) |
//! | enum | `status = 400` | default status of variants that give none |
//! | enum | `type_base = "https://errors.example.com/"` | problem `type` is this base followed by the code |
//! | enum | `display` | also implement `Display` and `std::error::Error` from the messages |
//! | enum | `locales = "locales"` | a directory of Fluent files, one per locale, relative to `CARGO_MANIFEST_DIR` (see [Localized messages](#localized-messages)) |
//! | enum | `default_locale = "en"` | the locale of the `message` attributes; needed with `locales` |
//! | enum | `locales_complete` | every locale translates every code, or the type does not compile |
//! | variant | `status = 409` or `status = CONFLICT` | 400..=599; a `StatusCode` constant name is accepted |
//! | variant | `code = "..."` | stable machine code, unique across the enum |
//! | variant | `message = "...{field}..."` or `message("...{}", expr)` | client message, a format string checked at compile time |
//! | variant | `title = "..."` | problem title (default: the status's reason phrase) |
//! | variant | `type = "..."` | problem type URI |
//! | variant | `resolution = "..."` | documentation: what the client should do |
//! | variant | `transparent` | one field that itself implements `ApiError`; everything delegates to it |
//! | variant | `expose` | a 5xx variant's fields are sent, and its message may interpolate them (see [Redaction](#redaction)) |
//! | variant | `no_decode` | clients (feature `client`) never build this variant |
//! | field | `skip` | usable in the message, not serialized |
//! | field | `rename = "..."` | wire name |
//! | field | `header = "Retry-After"` | written as that response header, not in the body |
//! | field | `headers` | the field's type contributes several headers |
//! | field | `violations` | a list of field-level problems |
//! | field | `flatten` | the field's own members are merged into the error object |
//! | field | `expose` | on a 5xx variant: this one field is sent, and the message may interpolate it |
//!
//! On a struct, the enum keys and the variant keys go into one `#[api(...)]`: the struct is a
//! single error.
//!
//! # Messages
//!
//! `message` takes a format string as `format!` does, checked by the compiler: `{field}` and
//! `{field:?}` name fields, `{0}` the fields of a tuple variant, and width, precision, alignment
//! and `{{`/`}}` work as usual. Further arguments go into a list form, where `.field` stands
//! for a field of the variant:
//!
//! ```
//! use apifault::ApiError;
//!
//! #[derive(Debug, ApiError)]
//! #[api(status = 400)]
//! enum UploadError {
//!     #[api(message("file is {} bytes over the limit of {max}", .size - .max))]
//!     TooLarge { size: u64, max: u64 },
//!     #[api(message = "unsupported media type {0:?}")]
//!     MediaType(String),
//!     #[api(message = "{name:>8}|{ratio:.2}", no_decode)]
//!     Aligned { name: &'static str, ratio: f64 },
//! }
//!
//! assert_eq!(UploadError::TooLarge { size: 15, max: 10 }.message().to_string(),
//!            "file is 5 bytes over the limit of 10");
//! assert_eq!(UploadError::MediaType("text/x".into()).message().to_string(),
//!            "unsupported media type \"text/x\"");
//! assert_eq!(UploadError::Aligned { name: "disk", ratio: 0.5 }.message().to_string(),
//!            "    disk|0.50");
//! ```
//!
//! A variant without `message` says its title, by default the status's reason phrase.
//!
//! # Responses
//!
//! [`ErrorResponse`] carries one error or several of one type, with an optional request id,
//! problem `instance` and extra headers, and renders them in a wire [`format`](mod@format): the enum's
//! `#[api(format = "...")]`, or any other chosen at run time. Rendering writes into a
//! caller's `Vec<u8>` and allocates nothing else; [`ErrorResponse::to_http_response`] builds
//! the whole `http::Response` with status, `Content-Type` and headers.
//!
//! ```
//! use apifault::{ApiError, BuiltinFormat, ErrorResponse, RateLimit, Violation};
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "detail")]
//! enum ClusterError {
//!     #[api(status = 422)]
//!     Validation(#[api(violations)] Vec<Violation>),
//!     #[api(status = 429, message = "Rate limit exceeded")]
//!     RateLimited(#[api(headers)] RateLimit),
//! }
//!
//! let error = ClusterError::RateLimited(RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42));
//! let response = ErrorResponse::new(error).to_http_response().unwrap();
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["retry-after"], "42");
//! assert_eq!(response.headers()["x-ratelimit-reset"], "1741910460");
//! assert_eq!(response.body(), br#"{"detail":"Rate limit exceeded"}"#);
//!
//! let invalid = ClusterError::Validation(vec![Violation::new("name", "cannot be blank")]);
//! let mut body = Vec::new();
//! ErrorResponse::new(invalid).render_as(&BuiltinFormat::Problem, &mut body).unwrap();
//! assert_eq!(
//!     body,
//!     br#"{"title":"Unprocessable Entity","status":422,"detail":"Unprocessable Entity","invalid_parameters":[{"field":"name","reason":"cannot be blank"}]}"#
//! );
//! ```
//!
//! # Documentation and integrations
//!
//! [`ApiError::catalog`] describes every variant without a value; [`Catalog::to_markdown`]
//! and [`Catalog::to_json`] render it as an error reference, and
//! `catalog::assert_up_to_date` (feature `drift`) keeps a committed copy in step with the code. Behind cargo
//! features: `axum` (the `axum` module: `IntoResponse`, the edge, request ids, extractors that
//! report every problem at once), `actix-web` (the `actix_web` module: `ResponseError`, the
//! same edge and extractors; both give the [`extract::Rejection`] one `From` turns into the
//! API's error), `validator` and `garde` (their reports as
//! violations through [`IntoViolations`]), `utoipa` (OpenAPI, below), `contract-test` (the
//! `utoipa::contract` checker, for tests), and `client`/`reqwest` (the `client` module:
//! responses decoded back into the enum).
//!
//! # OpenAPI (feature `utoipa`)
//!
//! Each derived enum without generic parameters gets a hidden module named after it in snake
//! case (`book_error` for `BookError`) holding a marker type per variant. An operation lists
//! the variants it can return, checked by the compiler, where utoipa users write responses:
//! `#[utoipa::path(get, path = "/books/{id}", responses((status = 200, body = Book),
//! apifault::utoipa::Errors<(book_error::NotFound, book_error::Gone)>))]`. Variants sharing a
//! status are one response with a named example each; each body schema is a `$ref` to a
//! component (`BookError.NotFound`), registered by the `apifault::utoipa::ErrorComponents`
//! modifier; each example is what `ErrorResponse` renders for a value built from example
//! field values (`apifault::utoipa::Example`, else `Default`; else the message template). The
//! `apifault::utoipa::EdgeResponses` modifier documents the edge (404, 405, 413, 415, 500) in
//! the enum's format, and `apifault::utoipa::contract::ContractCheck` (feature
//! `contract-test`) checks a response against the document in a test. With the feature on,
//! a sibling module with the snake-case name of a derived enum is a name clash.
//!
//! # Redaction
//!
//! A 5xx response must not leak internal detail, by any path:
//!
//! - **Fields of a 5xx variant are internal by default.** No named, renamed or `flatten`ed
//!   field of a variant whose status is 5xx is a member of the error object, in any format,
//!   built-in or custom (the derive's [`ApiError::write_members`] never writes them, so a
//!   custom [`Format`] cannot reach them). The catalog lists them as
//!   [`FieldRole::Internal`], OpenAPI schemas and example bodies leave them out, and the
//!   client decoder gives them their `Default`.
//! - **A 5xx message shows no field**: a message that interpolates one does not compile.
//! - **`expose` opens them deliberately**, in two ways. On the variant, `#[api(expose)]` sends
//!   every field and lets the message interpolate any of them. On a field, `#[api(expose)]`
//!   sends just that field (and lets the message interpolate it), such as a 503's
//!   `retryAfterSeconds`. `expose` on a 4xx variant or on one of its fields is a compile error:
//!   their fields are sent anyway.
//! - `header` and `headers` fields of a 5xx still become headers: they say so explicitly.
//! - Fields carrying thiserror's `#[source]`, `#[from]` or `#[backtrace]`, or named `source`,
//!   are internal in every variant: never sent, and not interpolated unless the variant is
//!   `expose`.
//! - A `transparent` variant keeps the rules of the type it wraps.
//!
//! ```
//! use apifault::{ApiError, BuiltinFormat, ErrorResponse};
//!
//! #[derive(Debug, serde::Serialize, Default)]
//! struct Connection { host: String, password: String }
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors", rename_all = "camelCase")]
//! enum StoreError {
//!     #[api(status = 500, code = "General")]
//!     Database { query: String, #[api(flatten)] connection: Connection },
//!     #[api(status = 503, code = "Unavailable", message = "Retry in {retry_after_seconds}s")]
//!     Unavailable {
//!         #[api(expose)] retry_after_seconds: u32,
//!         upstream: String,
//!     },
//! }
//!
//! let error = StoreError::Database {
//!     query: "SELECT password FROM users".into(),
//!     connection: Connection { host: "10.0.0.7".into(), password: "hunter2".into() },
//! };
//! let body = ErrorResponse::new(error).to_http_response().unwrap().into_body();
//! assert_eq!(
//!     String::from_utf8(body).unwrap(),
//!     r#"{"statusCode":500,"message":"Internal Server Error","errors":[{"code":"General","message":"Internal Server Error"}]}"#,
//! );
//!
//! let error = StoreError::Unavailable { retry_after_seconds: 30, upstream: "db-2".into() };
//! let mut body = Vec::new();
//! ErrorResponse::new(error).render_as(&BuiltinFormat::Problem, &mut body).unwrap();
//! assert_eq!(
//!     String::from_utf8(body).unwrap(),
//!     r#"{"title":"Service Unavailable","status":503,"detail":"Retry in 30s","retryAfterSeconds":30}"#,
//! );
//! ```
//!
//! # Every response in the contract
//!
//! A server also answers requests that never reach a handler: an unknown route, a wrong
//! method, a body too large, a panic. One line puts all of them into the API's format, as the
//! built-in [`edge::EdgeError`] of their status (the table in [`edge`] lists the codes):
//!
//! | framework | setup |
//! |---|---|
//! | axum | `router.layer(apifault::axum::Contract::<MyError>::new())` |
//! | actix-web | `App::new().wrap(from_fn(apifault::actix_web::contract::<MyError, _>))`, with the extractor configs below |
//!
//! | failure | status | default code |
//! |---|---|---|
//! | unknown route | 404 | `NotFound` |
//! | wrong method | 405, with `Allow` | `MethodNotAllowed` |
//! | body too large | 413 | `PayloadTooLarge` |
//! | missing or wrong `Content-Type` | 415 | `UnsupportedMediaType` |
//! | malformed body, query or path | 400, or what `From<Rejection>` decides | `BadRequest` |
//! | request timeout (tower-http `TimeoutLayer` inside the contract) | 408, or the 503/504 it is given | `RequestTimeout` |
//! | handler panic (the server keeps serving) | 500 | `InternalServerError` |
//! | a body that cannot be rendered | 500, in the enum's own format | `InternalServerError` |
//!
//! The application decides what each becomes: `Contract::map` (axum) or an
//! `actix_web::EdgeMap` (actix-web) answers any of them with its own variant, and a
//! `#[api(transparent)] Edge(EdgeError)` variant puts the built-in ones into its catalog,
//! OpenAPI responses and client ([`edge::EdgeError::catalog_as`] documents them without one).
//! A client's `x-request-id` is used only when it is a safe token; problem+json's `instance`
//! is always a URI reference; a request that sent none gets an id when something needs one (an
//! error response, its log event), and `Contract::ids_on_every_response` gives one to every
//! response (BENCHMARKS.md has the cost of both). With the `tracing` feature every error response is one event
//! (a 5xx at `error` level with the error's `Debug` and `source()` chain, which the body never
//! shows); `Contract::on_error` (axum) or an `actix_web::OnError` (actix-web) hands each one,
//! as an [`ErrorReport`], to the application's own reporting.
//!
//! | actix-web setup | |
//! |---|---|
//! | `JsonConfig::default().error_handler(apifault::actix_web::json_error::<MyError>)` | 413 and 415 where actix-web says 400 |
//! | `PathConfig::default().error_handler(apifault::actix_web::path_error::<MyError>)` | 400 where actix-web says 404 |
//! | `QueryConfig::default().error_handler(apifault::actix_web::query_error::<MyError>)` | 400 in the format |
//! | `.app_data(apifault::actix_web::RequestTimeout(duration))` | 408 for a request that takes longer |
//! | `.default_service(apifault::actix_web::method_not_allowed(&[Method::GET]))` on a resource | 405 with `Allow` (actix-web does not say which methods a route takes; the contract keeps the header) |
//!
//! # Every problem of a request at once
//!
//! serde stops at the first problem; a client should learn all of them in one response. The
//! `Json`, `Query`, `Path` and `Form` extractors of [`axum`] and [`actix_web`] read a valid
//! input with the same serde call as the framework's own, and replay a rejected one through
//! [`collect`], which lists every missing field, wrong type and unknown field (of a
//! `deny_unknown_fields` type) with its path, a rule and the input as FastAPI echoes it, on
//! plain serde types. `Valid<…>` (validator) and `Garde<…>` (garde) add the type's rules to
//! the same list. Each format words the problems its way: FastAPI's bytes in `detail`
//! (tested against FastAPI's own), Konnect's `invalid_parameters` in `problem`, `details` in
//! the envelope, one error per problem in `errors`. The list is bounded on hostile input
//! ([`collect::MAX_PROBLEMS`] items, then one saying how many more).
//!
//! ```
//! use apifault::{BuiltinFormat, ErrorResponse, Source, Violation, ApiError};
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "detail")]
//! enum Fault {
//!     #[api(status = 422)]
//!     Validation(#[api(violations)] Vec<Violation>),
//! }
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Cluster { name: String, node_count: u32 }
//!
//! // What `Json<Cluster, Fault>` finds in the body `{}`, without a server:
//! let problems = apifault::collect::from_value::<Cluster>(&serde_json::json!({}), Source::Body)
//!     .unwrap_err();
//! let mut body = Vec::new();
//! ErrorResponse::new(Fault::Validation(problems)).render_as(&BuiltinFormat::Detail, &mut body).unwrap();
//! assert_eq!(
//!     String::from_utf8(body).unwrap(),
//!     concat!(
//!         r#"{"detail":[{"type":"missing","loc":["body","name"],"msg":"Field required","input":{}},"#,
//!         r#"{"type":"missing","loc":["body","node_count"],"msg":"Field required","input":{}}]}"#,
//!     )
//! );
//! ```
//!
//! The extractors give one [`extract::Rejection`] in both frameworks (with its kind, so that
//! a 413 or a 415 stays one), which a `From<Rejection>` turns into the API's own error.
//!
//! # Localized messages
//!
//! `#[api(locales = "locales", default_locale = "en")]` on the type reads one
//! [Fluent](https://projectfluent.org) file per locale from the directory `locales` (relative to
//! the crate's `CARGO_MANIFEST_DIR`): `locales/de.ftl`, or every `.ftl` file of `locales/de/`,
//! named after the locale's BCP 47 tag. Each message's id is a code of the type, its value the
//! message in that locale, with `{ $field }` where the `message` attribute has `{field}`, and its
//! `.title` attribute the problem+json title. The `message` attributes stay the default
//! locale's text; a code a locale does not translate says the default message (with
//! `locales_complete`, that is a compile error instead). A Fluent select on an integer field
//! chooses by number (`[0]`) or CLDR plural category (`[one]`, `[few]`, ...).
//!
//! ```text
//! # locales/de.ftl
//! BookNotFound = Buch { $isbn } nicht gefunden
//!     .title = Buch nicht gefunden
//! OutOfStock = { $copies ->
//!     [0] Kein Exemplar mehr auf Lager
//!     [one] Nur noch ein Exemplar auf Lager
//!    *[other] Nur noch { $copies } Exemplare auf Lager
//! }
//! ```
//!
//! ```
//! use apifault::{ApiError, BuiltinFormat, ErrorResponse};
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors", locales = "locales", default_locale = "en")]
//! enum BookError {
//!     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
//!     NotFound { isbn: String },
//!     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
//!     OutOfStock { copies: u32 },
//! }
//!
//! let error = BookError::OutOfStock { copies: 1 };
//! assert_eq!(error.message().to_string(), "Only 1 copies left");
//! assert_eq!(error.message_in("de").to_string(), "Nur noch ein Exemplar auf Lager");
//!
//! // What a request with `Accept-Language: fr, de;q=0.8` gets:
//! let response = ErrorResponse::new(BookError::NotFound { isbn: "978-3".into() })
//!     .with_accept_language("fr, de;q=0.8");
//! let http = response.to_http_response().unwrap();
//! assert_eq!(http.headers()["content-language"], "de");
//! assert_eq!(http.headers()["vary"], "accept-language");
//! assert_eq!(
//!     String::from_utf8(http.into_body()).unwrap(),
//!     r#"{"statusCode":404,"message":"Buch 978-3 nicht gefunden","errors":[{"code":"BookNotFound","message":"Buch 978-3 nicht gefunden","isbn":"978-3"}]}"#
//! );
//! ```
//!
//! Everything is checked when the crate compiles, each error naming the file and line: a
//! placeholder that names no field of the variant, a translation of a code the type does not
//! have, a file or directory name that is not a BCP 47 tag (`de_DE.ftl`), a 5xx translation
//! that shows a field the variant does not expose (the [redaction](#redaction) rules hold
//! in every locale), a plural category the language does not have, and Fluent syntax. Each
//! translation is compiled into code like the default messages, so rendering one interprets
//! nothing and allocates nothing (BENCHMARKS.md has the figures); editing a file rebuilds the
//! crate.
//!
//! Per request: inside axum's `Contract` and actix-web's `contract` (for a `Contract` type
//! with locales), every error response is in the locale the request's `Accept-Language` asks
//! for (q-values, RFC 4647 lookup, else the default locale) and says `Content-Language` and
//! `Vary: Accept-Language`; [`ErrorResponse::with_locale`] chooses one explicitly, and
//! [`ErrorResponse::with_accept_language`] negotiates outside a contract. Codes, field names
//! and the wire shapes are never translated, so a client decodes a localized response by its
//! code as before. [`Catalog::to_markdown_in`] writes the error reference in a locale and
//! [`Catalog::to_json_with_locales`] the JSON catalog with every locale; [`locale`] has the
//! negotiation on its own.
//!
//! # Side by side with thiserror
//!
//! ```
//! use apifault::ApiError;
//!
//! #[derive(Debug, thiserror::Error, ApiError)]
//! enum StoreError {
//!     #[error("database failed")]
//!     #[api(status = 503, code = "Unavailable", message = "Try again later", no_decode)]
//!     Database(#[from] std::io::Error),
//! }
//!
//! let err = StoreError::from(std::io::Error::other("disk full"));
//! assert_eq!(err.to_string(), "database failed"); // for the logs
//! assert_eq!(err.message().to_string(), "Try again later"); // for the client
//! ```
//!
//! Without thiserror, `#[api(display)]` implements `Display` (as the client message) and
//! `std::error::Error`.

#![forbid(unsafe_code)]

// The derive names `::apifault::__private`; this lets the runtime derive its own `EdgeError`.
#[cfg(feature = "derive")]
extern crate self as apifault;

pub mod catalog;
#[cfg(feature = "client")]
pub mod client;
pub mod collect;
#[cfg(feature = "derive")]
pub mod edge;
mod error;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub mod extract;
pub mod format;
pub mod headers;
mod integrations;
pub mod json;
pub mod locale;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod report;
mod response;
mod violation;

pub use crate::catalog::{Catalog, FieldMeta, FieldRole, Fields, Transparent, VariantMeta};
pub use crate::error::{ApiError, Message};
pub use crate::format::{BuiltinFormat, Format};
pub use crate::headers::RateLimit;
pub use crate::json::RenderError;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use crate::report::ErrorReport;
#[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
pub use crate::report::set_client_error_level;
pub use crate::response::{ErrorResponse, WriteError};
pub use crate::violation::{FieldPath, IntoViolations, PathSegment, Rule, Source, Violation};

/// Derives [`ApiError`](trait@ApiError) from `#[api(...)]` attributes; see the
/// [crate docs](crate).
#[cfg(feature = "derive")]
pub use apifault_derive::ApiError;

#[cfg(feature = "actix-web")]
pub use crate::integrations::actix_web;
#[cfg(feature = "axum")]
pub use crate::integrations::axum;
#[cfg(feature = "utoipa")]
pub use crate::integrations::utoipa;

#[doc(hidden)]
pub mod __private;
