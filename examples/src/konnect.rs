//! A Konnect-style API (Kong Konnect's control planes, `/v2/control-planes`): control planes
//! kept in memory, errors as RFC 9457 problem details in Konnect's profile
//! (`{"title","status","detail","instance","invalid_parameters"}`),
//! `application/problem+json`.
//!
//! Every route needs `Authorization: Bearer <token>`. Any token made of visible ASCII is
//! accepted; the token `read-only` may read but not create. Each token may send
//! [`CREATES_PER_MINUTE`] create requests in any 60 seconds (every `POST` that gets past the
//! token checks counts, whatever its outcome; a refused one does not). Control plane ids are
//! UUIDs, handed out in sequence.
//!
//! The rate limit's memory is bounded: a token is tracked only once one of its create
//! requests is counted (never for a refused request, nor for a `GET`), a token whose last
//! counted request is a minute old is forgotten, and at most [`MAX_TRACKED_TOKENS`] tokens are
//! tracked, the one counted longest ago going first when a new one comes.
//!
//! Every response carries the request id in `x-request-id` (the client's, or a generated one),
//! and every error repeats it as `instance`, written `kong:trace:<request id>`.
//!
//! Routes and the error each can answer with are listed in `examples/konnect.rs`, and in the
//! server's OpenAPI document, [`openapi`]: built by utoipa-axum's `OpenApiRouter` from the
//! `#[utoipa::path]` of each handler (its request body, parameters, security, success response
//! and compiler-checked error list), from the same router [`app`] serves, so that the two
//! cannot differ.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use apifault::axum::{Contract, Json, Path, Rejection};
use apifault::edge::{EdgeError, EdgeRequest};
use apifault::utoipa::Errors;
use apifault::{ApiError, FieldPath, PathSegment, Rule, Source, Violation};
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Errors of the Konnect control planes API, with the titles and details of its reference.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(format = "problem", code_case = "kebab-case")]
pub enum KonnectError {
    /// Returned when the body is not JSON of the documented shape: not JSON at all, not an
    /// object, or a member of the wrong type. `invalid_parameters` says where.
    #[api(
        status = 400,
        message = "Invalid request format",
        resolution = "Send a JSON object such as `{\"name\": \"prod\", \"cluster_type\": \
                      \"CLUSTER_TYPE_CONTROL_PLANE\"}`."
    )]
    InvalidRequestFormat {
        /// What is wrong with the body.
        #[api(violations)]
        invalid_parameters: Vec<Violation>,
    },

    /// Returned when the body has a member the request schema does not define.
    #[api(
        status = 400,
        message = "Request contains unknown property",
        resolution = "Remove the members named in `invalid_parameters`."
    )]
    UnknownProperty {
        /// The members that should not be there.
        #[api(violations)]
        invalid_parameters: Vec<Violation>,
    },

    /// Returned when a value breaks a rule: a blank or too long `name`, a `cluster_type` that
    /// is not one of the listed choices. Every broken rule is listed, with its bound.
    #[api(
        status = 400,
        message = "Invalid request",
        resolution = "Change the values named in `invalid_parameters`."
    )]
    InvalidParameters {
        /// Which values were rejected, and by which rule.
        #[api(violations)]
        invalid_parameters: Vec<Violation>,
    },

    /// Returned when a control plane id in the path is not a UUID.
    #[api(
        status = 400,
        message = "Request contains invalid ID format",
        resolution = "Use the `id` returned when the control plane was created."
    )]
    InvalidIdFormat {
        /// The rejected path parameter.
        #[api(violations)]
        invalid_parameters: Vec<Violation>,
    },

    /// Returned when the `Authorization` header is missing or is not `Bearer <token>`.
    #[api(
        status = 401,
        message = "A valid token is required",
        resolution = "Send a personal access token as `Authorization: Bearer <token>`."
    )]
    Unauthorized {
        /// The authentication scheme the API expects, sent as `WWW-Authenticate`.
        #[api(header = "WWW-Authenticate")]
        challenge: String,
    },

    /// Returned when the token may read control planes but not create them.
    #[api(
        status = 403,
        title = "Permission denied",
        message = "Insufficient role-set to create control planes.",
        resolution = "Use a token whose role allows creating control planes."
    )]
    PermissionDenied,

    /// Returned when no control plane has the requested id.
    #[api(status = 404, message = "The requested control plane was not found.")]
    ControlPlaneNotFound,

    /// Returned when the path is not one of the API's routes.
    #[api(status = 404, message = "Not Found")]
    RouteNotFound,

    /// Returned when the route exists but not with this method; `Allow` lists the methods.
    #[api(status = 405, message = "Method Not Allowed")]
    MethodNotAllowed,

    /// Returned when a control plane with the requested name already exists.
    #[api(
        status = 409,
        message = "Control Plane with provided name already exists.",
        resolution = "Choose another name, or fetch the existing control plane."
    )]
    Conflict,

    /// Returned when a body is sent without `Content-Type: application/json`.
    #[api(
        status = 415,
        message = "Request body must be sent as [application/json]",
        resolution = "Send the header `Content-Type: application/json`."
    )]
    UnsupportedMediaType,

    /// Returned when the token has sent more create requests than its limit allows;
    /// `Retry-After` says how many seconds to wait.
    #[api(
        status = 429,
        title = "Rate Limited",
        message = "Too many requests",
        resolution = "Wait the number of seconds in `Retry-After`, then retry."
    )]
    RateLimited {
        /// How long until the token may create again, sent as `Retry-After` (seconds,
        /// rounded up).
        #[api(header = "Retry-After")]
        retry_after: Duration,
    },
    /// Returned for what no handler answers: a body too large (413), a request that timed
    /// out, a handler that failed (500), and the other failures of the framework's edge, each
    /// with the code of `apifault::edge::EdgeError`.
    #[api(transparent)]
    Edge(EdgeError),
}

impl KonnectError {
    /// The 401, challenging for a bearer token.
    fn unauthorized() -> Self {
        KonnectError::Unauthorized {
            challenge: "Bearer".to_owned(),
        }
    }
}

/// A rejected body becomes the 400 Konnect answers with (`UnknownProperty` for a member the
/// schema lacks, else `InvalidRequestFormat`), a body without a JSON `Content-Type` a 415. The
/// violations keep their paths and reasons; their rules get Konnect's names (`is_string`,
/// `unknown_property`, ...), and a problem with the body as a whole is reported on `body`.
impl From<Rejection> for KonnectError {
    fn from(rejection: Rejection) -> Self {
        if rejection.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            return KonnectError::UnsupportedMediaType;
        }
        if let Some(edge) = rejection.edge() {
            return KonnectError::Edge(edge);
        }
        let invalid_parameters: Vec<Violation> = rejection
            .into_violations()
            .iter()
            .map(konnect_violation)
            .collect();
        let unknown = !invalid_parameters.is_empty()
            && invalid_parameters.iter().all(|violation| {
                matches!(violation.rule(), Some(Rule::Other(name)) if name == "unknown_property")
            });
        if unknown {
            KonnectError::UnknownProperty { invalid_parameters }
        } else {
            KonnectError::InvalidRequestFormat { invalid_parameters }
        }
    }
}

/// A violation from axum's rejection in Konnect's words.
fn konnect_violation(violation: &Violation) -> Violation {
    let source = violation.source().unwrap_or(Source::Body);
    let rule = violation.rule().map(|rule| match rule {
        Rule::Other(name) => Rule::Other(konnect_rule(name).into()),
        other => other.clone(),
    });
    let rule_name = rule.as_ref().map(Rule::konnect_name);
    let segments = violation.path().segments();
    let (path, reason) = match (rule_name, segments.first(), segments.last()) {
        // The request schema is flat, so an unknown member is a top-level one: its own
        // name. (apifault's rejection writes the name twice, as `id.id`.)
        (Some("unknown_property"), _, Some(PathSegment::Key(key))) => (
            FieldPath::default().key(key.clone()),
            format!("property {key} should not exist"),
        ),
        // A syntax error (its path is the column) is about the body as a whole.
        (Some("invalid"), None | Some(PathSegment::Index(_)), _) => (
            FieldPath::from("body"),
            "request format is invalid".to_owned(),
        ),
        (_, None | Some(PathSegment::Index(_)), _) => {
            (FieldPath::from("body"), violation.reason().to_owned())
        }
        _ => (violation.path().clone(), violation.reason().to_owned()),
    };
    let converted = Violation::new(path, reason).with_source(source);
    match rule {
        Some(rule) => converted.with_rule(rule),
        None => converted,
    }
}

/// Konnect's `InvalidRules` name for the rule names axum's rejections use (Pydantic's).
fn konnect_rule(name: &str) -> &'static str {
    match name {
        "string_type" => "is_string",
        "int_type" | "int_parsing" | "int_from_float" => "is_integer",
        "float_type" | "float_parsing" => "is_number",
        "bool_parsing" => "is_boolean",
        "list_type" => "is_array",
        "dict_type" | "model_attributes_type" => "is_object",
        "extra_forbidden" => "unknown_property",
        _ => "invalid",
    }
}

/// How many create requests one token may send in any 60 seconds.
pub const CREATES_PER_MINUTE: usize = 5;

/// The window [`CREATES_PER_MINUTE`] counts over.
const WINDOW: Duration = Duration::from_secs(60);

/// The most tokens the rate limit tracks at once; beyond it, the token counted longest ago
/// is forgotten (it may then create again as if new). A token costs about 100 bytes, so the
/// limit's memory stays under a megabyte whatever tokens clients make up.
pub const MAX_TRACKED_TOKENS: usize = 4096;

/// The cluster types a control plane can have; the first is the default.
pub const CLUSTER_TYPES: [&str; 5] = [
    "CLUSTER_TYPE_CONTROL_PLANE",
    "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER",
    "CLUSTER_TYPE_CONTROL_PLANE_GROUP",
    "CLUSTER_TYPE_SERVERLESS",
    "CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY",
];

/// The longest `name` accepted, in characters.
pub const MAX_NAME_LENGTH: usize = 100;

/// The token that may read but not create.
const READ_ONLY_TOKEN: &str = "read-only";

/// A control plane.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControlPlane {
    /// Its id: a UUID, handed out in sequence.
    #[schema(example = "00000000-0000-4000-8000-000000000001")]
    id: String,
    /// Its name, unique among the control planes.
    #[schema(example = "prod")]
    name: String,
    /// Its description, when it was created with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    description: Option<String>,
    config: Config,
}

/// A control plane's `config`.
#[derive(Debug, Clone, Serialize, ToSchema)]
struct Config {
    /// One of [`CLUSTER_TYPES`].
    #[schema(example = "CLUSTER_TYPE_CONTROL_PLANE")]
    cluster_type: String,
}

/// The body of `POST /v2/control-planes`; `name` is checked by hand so that a missing one
/// and a blank one get the same answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CreateControlPlaneRequest {
    /// The new control plane's name: required, not blank, at most 100 characters, and not
    /// the name of another control plane.
    #[serde(default)]
    #[schema(value_type = String, required = true, min_length = 1, max_length = 100, example = "prod")]
    name: Option<String>,
    /// A description.
    #[serde(default)]
    description: Option<String>,
    /// One of `CLUSTER_TYPE_CONTROL_PLANE` (the default), `CLUSTER_TYPE_K8S_INGRESS_CONTROLLER`,
    /// `CLUSTER_TYPE_CONTROL_PLANE_GROUP`, `CLUSTER_TYPE_SERVERLESS`,
    /// `CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY`.
    #[serde(default)]
    #[schema(example = "CLUSTER_TYPE_CONTROL_PLANE")]
    cluster_type: Option<String>,
}

/// Everything the server keeps.
#[derive(Debug, Default)]
struct Store {
    /// By id.
    control_planes: HashMap<String, ControlPlane>,
    /// The create requests counted per token.
    creates: CreateCounts,
    /// How many control planes were ever created.
    created: u64,
}

/// Per token, when its counted create requests of the last [`WINDOW`] were made; at most
/// [`MAX_TRACKED_TOKENS`] tokens, each dropped once its window has ended.
#[derive(Debug, Default)]
struct CreateCounts {
    /// Each tracked token's counted requests, oldest first, and its key in `by_last_count`.
    by_token: HashMap<String, (VecDeque<Instant>, Recency)>,
    /// Every tracked token by when its last request was counted, longest ago first: the
    /// order in which tokens are forgotten.
    by_last_count: BTreeMap<Recency, String>,
    /// Makes every `Recency` unique, so that two tokens counted in one instant both stay.
    counted: u64,
}

/// When a token's last request was counted, and the count's sequence number.
type Recency = (Instant, u64);

impl CreateCounts {
    /// Counts a create request of `token` at `now`, or refuses it (changing nothing) when the
    /// token has had [`CREATES_PER_MINUTE`] in the last [`WINDOW`].
    fn count(&mut self, token: &str, now: Instant) -> Result<(), KonnectError> {
        self.forget_ended(now);
        if let Some((times, _)) = self.by_token.get_mut(token) {
            while times
                .front()
                .is_some_and(|&at| now.duration_since(at) >= WINDOW)
            {
                times.pop_front();
            }
            if let (true, Some(&oldest)) = (times.len() >= CREATES_PER_MINUTE, times.front()) {
                return Err(KonnectError::RateLimited {
                    retry_after: WINDOW.saturating_sub(now.duration_since(oldest)),
                });
            }
        } else if self.by_token.len() >= MAX_TRACKED_TOKENS {
            if let Some((_, forgotten)) = self.by_last_count.pop_first() {
                self.by_token.remove(&forgotten);
            }
        }
        self.counted += 1;
        let recency = (now, self.counted);
        let (times, last) = self
            .by_token
            .entry(token.to_owned())
            .or_insert_with(|| (VecDeque::new(), recency));
        times.push_back(now);
        self.by_last_count.remove(last);
        *last = recency;
        self.by_last_count.insert(recency, token.to_owned());
        Ok(())
    }

    /// Drops every token whose last counted request is [`WINDOW`] old: all its requests are.
    fn forget_ended(&mut self, now: Instant) {
        while let Some(entry) = self.by_last_count.first_entry() {
            if now.duration_since(entry.key().0) < WINDOW {
                break;
            }
            let token = entry.remove();
            self.by_token.remove(&token);
        }
    }

    /// How many tokens are tracked.
    fn len(&self) -> usize {
        self.by_token.len()
    }
}

type Shared = Arc<Mutex<Store>>;

use konnect_error as e;

/// The server: `POST /v2/control-planes`, `GET /v2/control-planes/{id}`, inside a
/// [`Contract`] that writes `instance` as `kong:trace:<request id>` and answers unknown routes,
/// wrong methods and the rest of the edge as Konnect does.
pub fn app() -> Router {
    app_with_probe().0
}

/// A look at a running server's memory, for tests of its bounds.
#[derive(Debug, Clone)]
pub struct Probe(Shared);

impl Probe {
    /// How many tokens the rate limit tracks now (at most [`MAX_TRACKED_TOKENS`]).
    #[must_use]
    pub fn tracked_tokens(&self) -> usize {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .creates
            .len()
    }
}

/// [`app`], and a [`Probe`] into its memory.
pub fn app_with_probe() -> (Router, Probe) {
    let store = Shared::default();
    let (router, _) = routes().split_for_parts();
    let router = router.with_state(store.clone()).layer(
        Contract::<KonnectError>::new()
            .with_instance_prefix("kong:trace:")
            .map(konnect_edge),
    );
    (router, Probe(store))
}

/// The routes [`app`] serves, each with its `#[utoipa::path]` documentation.
fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::default()
        .routes(routes!(create))
        .routes(routes!(show))
}

/// The name of the bearer security scheme in the document.
const BEARER: &str = "bearer";

/// The server's OpenAPI 3.1 document: the routes of [`app`] from their `#[utoipa::path]`
/// annotations (request body, parameters, the bearer token, the success response and the
/// errors the route can answer with, as a compiler-checked list of [`KonnectError`]'s
/// variants), every variant's schema a `$ref` component, and the edge as the server answers it
/// (its own `RouteNotFound`, `MethodNotAllowed` and `UnsupportedMediaType`, the edge's 413 and
/// 500).
#[must_use]
pub fn openapi() -> OpenApi {
    let mut openapi = routes().into_openapi();
    openapi.info = utoipa::openapi::InfoBuilder::new()
        .title("Konnect-style control planes")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Kong Konnect's control planes API, errors as RFC 9457 problem details in \
             Konnect's profile.",
        ))
        .build();
    apifault::utoipa::ErrorComponents::<KonnectError>::new().modify(&mut openapi);
    apifault::utoipa::EdgeResponses::<KonnectError>::new()
        .map(edge_variant)
        .modify(&mut openapi);
    let scheme = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .description(Some(
            "A personal access token; `read-only` may read but not create.",
        ))
        .build();
    openapi
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    openapi
}

/// Konnect's own words for the edge failures it documents; the rest are edge errors.
fn konnect_edge(edge: &EdgeError, _: &EdgeRequest) -> Option<KonnectError> {
    edge_variant(edge)
}

/// What [`konnect_edge`] answers, for the server and its document alike.
fn edge_variant(edge: &EdgeError) -> Option<KonnectError> {
    match edge {
        EdgeError::NotFound => Some(KonnectError::RouteNotFound),
        EdgeError::MethodNotAllowed { .. } => Some(KonnectError::MethodNotAllowed),
        EdgeError::UnsupportedMediaType => Some(KonnectError::UnsupportedMediaType),
        _ => None,
    }
}

/// The bearer token of the request; a missing or malformed `Authorization` header is a 401.
struct Token(String);

impl<S: Send + Sync> FromRequestParts<S> for Token {
    type Rejection = KonnectError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, KonnectError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(KonnectError::unauthorized)?;
        let (scheme, token) = header
            .split_once(' ')
            .ok_or_else(KonnectError::unauthorized)?;
        let token = token.trim_start_matches(' ');
        let well_formed = scheme.eq_ignore_ascii_case("bearer")
            && !token.is_empty()
            && token.bytes().all(|byte| byte.is_ascii_graphic());
        if well_formed {
            Ok(Token(token.to_owned()))
        } else {
            Err(KonnectError::unauthorized())
        }
    }
}

/// The rules a create request's values must follow, all checked at once.
fn validate(name: Option<&str>, cluster_type: Option<&str>) -> Vec<Violation> {
    let mut violations = Vec::new();
    let name = name.unwrap_or_default();
    if name.trim().is_empty() {
        violations.push(
            Violation::new("name", "cannot be blank")
                .with_rule(Rule::Required)
                .with_source(Source::Body),
        );
    } else if name.chars().count() > MAX_NAME_LENGTH {
        violations.push(
            Violation::new(
                "name",
                format!("must not have more than {MAX_NAME_LENGTH} characters"),
            )
            .with_rule(Rule::MaxLength(MAX_NAME_LENGTH as u64))
            .with_source(Source::Body),
        );
    }
    if let Some(cluster_type) = cluster_type {
        if !CLUSTER_TYPES.contains(&cluster_type) {
            violations.push(
                Violation::new("cluster_type", "must be one of the listed choices")
                    .with_rule(Rule::Enum(
                        CLUSTER_TYPES.iter().map(|&choice| choice.into()).collect(),
                    ))
                    .with_source(Source::Body),
            );
        }
    }
    violations
}

/// Creates a control plane.
///
/// Every create request that gets past the token checks counts against the token's limit of
/// [`CREATES_PER_MINUTE`] in any 60 seconds, whatever its outcome.
#[utoipa::path(
    post,
    path = "/v2/control-planes",
    request_body = CreateControlPlaneRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The control plane, created", body = ControlPlane),
        Errors<(
            e::InvalidRequestFormat,
            e::UnknownProperty,
            e::InvalidParameters,
            e::Unauthorized,
            e::PermissionDenied,
            e::Conflict,
            e::UnsupportedMediaType,
            e::RateLimited,
        )>,
    )
)]
async fn create(
    State(store): State<Shared>,
    Token(token): Token,
    body: Result<Json<CreateControlPlaneRequest, KonnectError>, KonnectError>,
) -> Result<(StatusCode, axum::Json<ControlPlane>), KonnectError> {
    if token == READ_ONLY_TOKEN {
        return Err(KonnectError::PermissionDenied);
    }
    let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
    store.creates.count(&token, Instant::now())?;
    let Json(request, ..) = body?;
    let invalid_parameters = validate(request.name.as_deref(), request.cluster_type.as_deref());
    if !invalid_parameters.is_empty() {
        return Err(KonnectError::InvalidParameters { invalid_parameters });
    }
    let name = request.name.unwrap_or_default();
    if store.control_planes.values().any(|cp| cp.name == name) {
        return Err(KonnectError::Conflict);
    }
    store.created += 1;
    let control_plane = ControlPlane {
        id: format!("00000000-0000-4000-8000-{:012x}", store.created),
        name,
        description: request.description,
        config: Config {
            cluster_type: request
                .cluster_type
                .unwrap_or_else(|| CLUSTER_TYPES[0].to_owned()),
        },
    };
    store
        .control_planes
        .insert(control_plane.id.clone(), control_plane.clone());
    Ok((StatusCode::CREATED, axum::Json(control_plane)))
}

/// Whether `id` is a UUID in its hyphenated form (`8-4-4-4-12` hexadecimal digits).
fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Shows a control plane.
///
/// An id that is not valid UTF-8 once percent-decoded is an `InvalidRequestFormat`, one that
/// is not a UUID an `InvalidIdFormat`.
#[utoipa::path(
    get,
    path = "/v2/control-planes/{id}",
    params(("id" = String, Path, description = "The control plane's id, a UUID")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The control plane", body = ControlPlane),
        Errors<(
            e::InvalidRequestFormat,
            e::InvalidIdFormat,
            e::Unauthorized,
            e::ControlPlaneNotFound,
        )>,
    )
)]
async fn show(
    State(store): State<Shared>,
    Token(_): Token,
    Path(id, ..): Path<String, KonnectError>,
) -> Result<axum::Json<ControlPlane>, KonnectError> {
    if !is_uuid(&id) {
        return Err(KonnectError::InvalidIdFormat {
            invalid_parameters: vec![
                Violation::new("id", "invalid ID format")
                    .with_rule(Rule::Other("is_uuid".into()))
                    .with_source(Source::Path),
            ],
        });
    }
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    store
        .control_planes
        .get(&id.to_ascii_lowercase())
        .cloned()
        .map(axum::Json)
        .ok_or(KonnectError::ControlPlaneNotFound)
}

#[cfg(test)]
mod tests {
    use super::{CREATES_PER_MINUTE, CreateCounts, KonnectError, MAX_TRACKED_TOKENS, WINDOW};
    use std::time::{Duration, Instant};

    #[test]
    fn ended_windows_are_dropped() {
        let mut counts = CreateCounts::default();
        let start = Instant::now();
        for _ in 0..CREATES_PER_MINUTE {
            counts.count("a", start).unwrap();
        }
        counts.count("b", start + Duration::from_secs(30)).unwrap();
        assert!(matches!(
            counts.count("a", start + Duration::from_secs(59)),
            Err(KonnectError::RateLimited { retry_after }) if retry_after == Duration::from_secs(1)
        ));
        assert_eq!(counts.len(), 2);
        // `a`'s window has ended; `b`'s has not.
        counts.forget_ended(start + WINDOW);
        assert_eq!(counts.len(), 1);
        assert_eq!(counts.by_last_count.len(), 1);
        // Any count drops ended windows first, and `a` starts afresh.
        counts
            .count("a", start + WINDOW + Duration::from_secs(30))
            .unwrap();
        assert_eq!(counts.len(), 1, "b's window has ended too");
        assert_eq!(counts.by_token["a"].0.len(), 1);
    }

    #[test]
    fn the_token_counted_longest_ago_goes_first() {
        let mut counts = CreateCounts::default();
        let now = Instant::now();
        for i in 0..MAX_TRACKED_TOKENS {
            counts.count(&format!("t{i}"), now).unwrap();
        }
        // t0 is counted again, so t1 is now the one counted longest ago.
        counts.count("t0", now).unwrap();
        counts.count("new", now).unwrap();
        assert_eq!(counts.len(), MAX_TRACKED_TOKENS);
        assert_eq!(counts.by_last_count.len(), MAX_TRACKED_TOKENS);
        assert!(counts.by_token.contains_key("t0"));
        assert!(!counts.by_token.contains_key("t1"));
        assert!(counts.by_token.contains_key("new"));
    }
}
