//! A contract test anyone can reuse: is a response documented by an OpenAPI document, and does
//! it match the documented schema?
//!
//! [`ContractCheck`] takes the document (a utoipa `OpenApi`, or its JSON) and, for each
//! response a test receives, the route it was sent to (a template such as
//! `/v2/control-planes/{id}`, or a concrete path, matched against the templates), the method,
//! the status, the headers and the body. It answers `Ok(())` when the document has an
//! operation for the route and method with a response for the status (exact, `4XX`/`5XX`, or
//! `default`), the response's `Content-Type` is one the document lists, the body validates
//! against that content's schema (`$ref`s resolved in the document, JSON Schema 2020-12 as
//! OpenAPI 3.1 uses), the headers the document requires are there, and a response documented
//! without content has no body. Otherwise a [`Mismatch`] says which of these failed.
//!
//! A request that no path matches, or that a path matches without the method, is checked
//! against the edge's responses `Edge.404` and `Edge.405` (see
//! [`EdgeResponses`](super::EdgeResponses)) when the document has them, or for another
//! status against `Edge.<status>` when that response is marked `x-apifault-unmatched` (see
//! [`EdgeResponses::unmatched`](super::EdgeResponses::unmatched)).
//!
//! The checker is behind its own feature, `contract-test` (it turns on `utoipa`), because it
//! needs the `jsonschema` crate and its dependencies: enable it in `[dev-dependencies]` and a
//! production build never compiles them.
//!
//! ```
//! use apifault::ApiError;
//! use apifault::utoipa::contract::{ContractCheck, MismatchKind};
//! use apifault::utoipa::{ErrorComponents, Errors};
//! use utoipa::OpenApi;
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors")]
//! pub enum BookError {
//!     #[api(status = 404, code = "BookNotFound", message = "Book {id} was not found")]
//!     NotFound { id: u64 },
//!     #[api(status = 409, code = "BookLent")]
//!     Lent,
//! }
//!
//! #[utoipa::path(get, path = "/books/{id}", responses((status = 200, description = "The book"), Errors<book_error::NotFound>))]
//! fn show() {}
//!
//! const COMPONENTS: ErrorComponents<BookError> = ErrorComponents::new();
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(show), modifiers(&COMPONENTS))]
//! struct Api;
//!
//! let check = ContractCheck::new(&Api::openapi());
//! let response = apifault::ErrorResponse::new(BookError::NotFound { id: 7 }).to_http_response().unwrap();
//! check.check_response(&http::Method::GET, "/books/7", &response).unwrap();
//!
//! // This route cannot answer 409: the document says so.
//! let lent = apifault::ErrorResponse::new(BookError::Lent).to_http_response().unwrap();
//! let mismatch = check.check_response(&http::Method::GET, "/books/7", &lent).unwrap_err();
//! assert_eq!(mismatch.kind(), MismatchKind::UndocumentedStatus);
//! ```

use core::fmt;

use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use super::edge_response_name;

/// Checks responses against an OpenAPI document. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct ContractCheck {
    document: Value,
}

/// What was wrong with a response, as [`Mismatch::kind`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MismatchKind {
    /// No path of the document matches the route (and it has no `Edge.404` for it).
    UndocumentedRoute,
    /// The path has no operation for the method (and no `Edge.405` for it).
    UndocumentedMethod,
    /// The operation lists no response for the status.
    UndocumentedStatus,
    /// The response has content but no `Content-Type`.
    MissingContentType,
    /// The response's `Content-Type` is not one the documented response lists.
    UndocumentedContentType,
    /// The documented response has no content, but the body is not empty.
    UndocumentedBody,
    /// The content is JSON, but the body is not.
    InvalidJson,
    /// The body breaks the documented schema.
    SchemaViolation,
    /// A header the document requires is missing.
    MissingHeader,
    /// The document itself cannot be used: a `$ref` that points nowhere, a schema that does
    /// not compile.
    InvalidDocument,
}

/// Why a response is not what the document says. Its `Display` names the operation, the
/// status and what failed (for a schema violation, each error with its JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    kind: MismatchKind,
    message: String,
}

impl Mismatch {
    fn new(kind: MismatchKind, message: impl Into<String>) -> Self {
        Mismatch {
            kind,
            message: message.into(),
        }
    }

    /// What was wrong.
    #[must_use]
    pub fn kind(&self) -> MismatchKind {
        self.kind
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Mismatch {}

impl ContractCheck {
    /// A checker for a utoipa document.
    #[must_use]
    pub fn new(openapi: &utoipa::openapi::OpenApi) -> Self {
        // utoipa's model always serializes.
        ContractCheck::from_json(serde_json::to_value(openapi).unwrap_or(Value::Null))
    }

    /// A checker for a document as JSON (one read from a file, say).
    #[must_use]
    pub fn from_json(document: Value) -> Self {
        ContractCheck { document }
    }

    /// Checks an `http::Response` (what `ErrorResponse::to_http_response` gives, or a test
    /// client's response) sent for `method` on `route`.
    ///
    /// # Errors
    ///
    /// A [`Mismatch`] when the response is not documented or breaks its schema.
    pub fn check_response<B: AsRef<[u8]>>(
        &self,
        method: &Method,
        route: &str,
        response: &http::Response<B>,
    ) -> Result<(), Mismatch> {
        self.check(
            method,
            route,
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// Checks one response sent for `method` on `route` (a template or a concrete path; a
    /// query string is ignored).
    ///
    /// # Errors
    ///
    /// A [`Mismatch`] when the response is not documented or breaks its schema.
    pub fn check(
        &self,
        method: &Method,
        route: &str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), Mismatch> {
        let route = route.split(['?', '#']).next().unwrap_or(route);
        let what = format!("{method} {route} {}", status.as_u16());
        let Some((template, item)) = self.path_item(route) else {
            return self.check_edge(
                404,
                &what,
                MismatchKind::UndocumentedRoute,
                status,
                headers,
                body,
                || format!("{what}: no path of the document matches `{route}`"),
            );
        };
        let method_name = method.as_str().to_ascii_lowercase();
        let Some(operation) = item.get(&method_name).filter(|op| op.is_object()) else {
            return self.check_edge(
                405,
                &what,
                MismatchKind::UndocumentedMethod,
                status,
                headers,
                body,
                || format!("{what}: `{template}` has no `{method_name}` operation"),
            );
        };
        let what = format!("{method} {template} {}", status.as_u16());
        let responses = &operation["responses"];
        let code = status.as_u16().to_string();
        let range = format!("{}XX", status.as_u16() / 100);
        let Some(response) = responses
            .get(&code)
            .or_else(|| {
                responses.as_object().and_then(|all| {
                    all.iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case(&range))
                        .map(|(_, value)| value)
                })
            })
            .or_else(|| responses.get("default"))
        else {
            let documented: Vec<&String> = responses
                .as_object()
                .map(|all| all.keys().collect())
                .unwrap_or_default();
            return Err(Mismatch::new(
                MismatchKind::UndocumentedStatus,
                format!("{what}: the status is not documented (documented: {documented:?})"),
            ));
        };
        self.check_against(&what, response, headers, body)
    }

    /// A request the document's operations do not cover: the edge's response for `status`,
    /// when the response has that status and the document that component.
    #[allow(clippy::too_many_arguments, reason = "private; one call per case")]
    fn check_edge(
        &self,
        edge_status: u16,
        what: &str,
        kind: MismatchKind,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        message: impl FnOnce() -> String,
    ) -> Result<(), Mismatch> {
        let responses = &self.document["components"]["responses"];
        let edge = &responses[edge_response_name(edge_status)];
        if status.as_u16() == edge_status && edge.is_object() {
            return self.check_against(
                &format!("{what} (Edge.{edge_status})"),
                edge,
                headers,
                body,
            );
        }
        // A status the document says an unmatched request can get, besides the 404 or 405.
        let other = &responses[edge_response_name(status.as_u16())];
        if status.as_u16() != 404
            && status.as_u16() != 405
            && other[super::UNMATCHED_EXTENSION] == json!(true)
        {
            return self.check_against(
                &format!("{what} (Edge.{})", status.as_u16()),
                other,
                headers,
                body,
            );
        }
        Err(Mismatch::new(kind, message()))
    }

    /// The path item of a route: the template equal to it, else the one it matches with the
    /// fewest parameters (OpenAPI matches concrete paths before templated ones).
    fn path_item(&self, route: &str) -> Option<(&str, &Value)> {
        let paths = self.document["paths"].as_object()?;
        if let Some((template, item)) = paths.get_key_value(route) {
            return Some((template.as_str(), item));
        }
        let segments: Vec<&str> = route.split('/').collect();
        paths
            .iter()
            .filter_map(|(template, item)| {
                let parts: Vec<&str> = template.split('/').collect();
                if parts.len() != segments.len() {
                    return None;
                }
                let mut parameters = 0;
                for (part, segment) in parts.iter().zip(&segments) {
                    if part.starts_with('{') && part.ends_with('}') {
                        if segment.is_empty() {
                            return None;
                        }
                        parameters += 1;
                    } else if part != segment {
                        return None;
                    }
                }
                Some((parameters, template.as_str(), item))
            })
            .min_by_key(|(parameters, _, _)| *parameters)
            .map(|(_, template, item)| (template, item))
    }

    /// Follows `$ref`s to components (at most a few levels: a cycle is a broken document).
    fn resolve<'a>(&'a self, mut value: &'a Value, what: &str) -> Result<&'a Value, Mismatch> {
        for _ in 0..8 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Ok(value);
            };
            let pointer = reference.strip_prefix('#').unwrap_or(reference);
            value = self.document.pointer(pointer).ok_or_else(|| {
                Mismatch::new(
                    MismatchKind::InvalidDocument,
                    format!("{what}: `{reference}` points nowhere in the document"),
                )
            })?;
        }
        Err(Mismatch::new(
            MismatchKind::InvalidDocument,
            format!("{what}: too many `$ref`s in a row"),
        ))
    }

    fn check_against(
        &self,
        what: &str,
        response: &Value,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), Mismatch> {
        let response = self.resolve(response, what)?;
        if let Some(documented) = response["headers"].as_object() {
            for (name, header) in documented {
                let header = self.resolve(header, what)?;
                if header["required"] == json!(true) && !headers.contains_key(name.as_str()) {
                    return Err(Mismatch::new(
                        MismatchKind::MissingHeader,
                        format!("{what}: the required header `{name}` is missing"),
                    ));
                }
            }
        }
        let content = response["content"].as_object().filter(|c| !c.is_empty());
        let Some(content) = content else {
            if body.is_empty() {
                return Ok(());
            }
            return Err(Mismatch::new(
                MismatchKind::UndocumentedBody,
                format!(
                    "{what}: the response is documented without content, but has a {}-byte body",
                    body.len()
                ),
            ));
        };
        let Some(content_type) = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
        else {
            return Err(Mismatch::new(
                MismatchKind::MissingContentType,
                format!("{what}: no Content-Type (documented: {:?})", content.keys()),
            ));
        };
        let media_type = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let wildcard = format!("{}/*", media_type.split('/').next().unwrap_or_default());
        let Some(media) = content
            .get(&media_type)
            .or_else(|| content.get(&wildcard))
            .or_else(|| content.get("*/*"))
        else {
            return Err(Mismatch::new(
                MismatchKind::UndocumentedContentType,
                format!(
                    "{what}: Content-Type `{content_type}` is not documented (documented: {:?})",
                    content.keys()
                ),
            ));
        };
        let Some(schema) = media.get("schema") else {
            return Ok(());
        };
        let is_json = media_type == "application/json" || media_type.ends_with("+json");
        if !is_json {
            // Only JSON bodies are validated against their schema.
            return Ok(());
        }
        let instance: Value = serde_json::from_slice(body).map_err(|error| {
            Mismatch::new(
                MismatchKind::InvalidJson,
                format!("{what}: the body is not JSON ({error})"),
            )
        })?;
        // The schema with the document's components beside it, so that its `$ref`s resolve.
        let root = json!({
            "allOf": [schema],
            "components": self.document["components"],
        });
        let validator = jsonschema::validator_for(&root).map_err(|error| {
            Mismatch::new(
                MismatchKind::InvalidDocument,
                format!("{what}: the documented schema does not compile: {error}"),
            )
        })?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(8)
            .map(|error| format!("at `{}`: {error}", error.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Mismatch::new(
                MismatchKind::SchemaViolation,
                format!(
                    "{what}: the body breaks the documented schema:\n  {}\nbody: {instance}",
                    errors.join("\n  ")
                ),
            ))
        }
    }
}
