//! A KonPro-style API (the KonPro avatars API): avatars kept in memory, errors in KonPro's
//! envelope (`{"error":{"code","message","details"},"request_id"}`), `application/json`.
//!
//! Every request needs an API key in `x-api-key`: `demo-key` may read and write,
//! `read-only-key` may only read. Each key may make [`REQUESTS_PER_MINUTE`] requests per
//! minute. Every response carries the request id in `x-request-id` (the client's, or a
//! generated one), and every error repeats it as `request_id`.
//!
//! The rate limit's memory is bounded: a window is kept only for a key the server knows (an
//! unknown or missing key is refused before anything is counted), so at most one per demo
//! key, [`MAX_TRACKED_KEYS`]; a window that has ended is dropped at the next request.
//!
//! Routes and the error each can answer with are listed in `examples/konpro.rs`, and in the
//! server's OpenAPI document, [`openapi`]: built by utoipa-axum's `OpenApiRouter` from the
//! `#[utoipa::path]` of each handler, from the same router [`app`] serves.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use apifault::axum::{Contract, Json, Path, Rejection};
use apifault::edge::EdgeError;
use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
use apifault::{ApiError, RateLimit, Rule, Violation};
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{ApiKey as ApiKeyScheme, ApiKeyValue, SecurityScheme};
use utoipa::{Modify as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use kon_pro_error as e;

/// Errors of the KonPro API, with the codes its error reference lists. The messages are in
/// English and, for a request with `Accept-Language: de`, in German (`locales/konpro/de.ftl`).
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(
    format = "envelope",
    code_case = "SCREAMING_SNAKE_CASE",
    locales = "locales/konpro",
    default_locale = "en"
)]
pub enum KonProError {
    /// Returned when the request body is not JSON of the documented shape, or lacks a
    /// required field; `details` names each field (an array when there are several).
    #[api(
        status = 400,
        message = "The request body is invalid",
        resolution = "Send a JSON object with the fields listed in `details`."
    )]
    InvalidRequest {
        /// What is wrong, field by field.
        #[api(violations)]
        details: Vec<Violation>,
    },

    /// Returned when the body is well-formed but a value is not acceptable, such as an
    /// avatar ID that is already taken or a name that is too long.
    #[api(
        status = 400,
        message = "The request failed validation",
        resolution = "Change the values named in `details`."
    )]
    ValidationError {
        /// Which values were rejected, and why.
        #[api(violations)]
        details: Vec<Violation>,
    },

    /// Returned when the `x-api-key` header is missing, or the key is invalid or expired.
    #[api(
        status = 401,
        message = "The API key is missing or invalid",
        resolution = "Send a valid API key in the `x-api-key` header."
    )]
    InvalidApiKey,

    /// Returned when the API key lacks the scope the operation requires.
    #[api(
        status = 403,
        message = "The API key lacks the required scope {scope}",
        resolution = "Use a key that has the scope, or ask for it to be granted."
    )]
    InsufficientPermissions {
        /// The scope the operation requires, such as `avatars:write`.
        #[api(skip)]
        scope: &'static str,
    },

    /// Returned when the requested avatar (or route) does not exist.
    #[api(status = 404, message = "{resource} {id} was not found")]
    ResourceNotFound {
        /// What was looked for: `Avatar` or `Route`.
        #[api(skip)]
        resource: &'static str,
        /// The avatar ID or path looked for.
        #[api(skip)]
        id: String,
    },

    /// Returned when the route exists but not with this method (not in KonPro's list; this
    /// server's own addition, so that every error is an envelope).
    #[api(status = 405, message = "Method {method} is not allowed on {path}")]
    MethodNotAllowed {
        /// The request's method.
        #[api(skip)]
        method: Method,
        /// The request's path.
        #[api(skip)]
        path: String,
    },

    /// Returned when a body is sent without `Content-Type: application/json` (this server's
    /// own addition, like `METHOD_NOT_ALLOWED`).
    #[api(
        status = 415,
        message = "Request body must be sent as application/json",
        resolution = "Send the header `Content-Type: application/json`."
    )]
    UnsupportedMediaType,

    /// Returned when the API key has made more requests this minute than its limit.
    #[api(
        status = 429,
        message("Rate limit exceeded: at most {} requests per minute", .limit.limit()),
        resolution = "Wait the seconds given in `Retry-After`, then retry."
    )]
    RateLimitExceeded {
        /// The key's limit, sent as `Retry-After`, `X-RateLimit-*` and `RateLimit` headers.
        #[api(headers)]
        limit: RateLimit,
    },
    /// Returned for what no handler answers: a body too large (413), a request that timed
    /// out, a handler that failed (500), and the other failures of the framework's edge, each
    /// with the code of `apifault::edge::EdgeError`.
    #[api(transparent)]
    Edge(EdgeError),
}

/// A rejected body (not JSON, not an object, a field of the wrong type) is `INVALID_REQUEST`,
/// with the problems as `details`; one without a JSON `Content-Type` is
/// `UNSUPPORTED_MEDIA_TYPE`, and one too large the edge's `PayloadTooLarge` (413).
impl From<Rejection> for KonProError {
    fn from(rejection: Rejection) -> Self {
        match rejection.edge() {
            Some(EdgeError::UnsupportedMediaType) => KonProError::UnsupportedMediaType,
            Some(edge) => KonProError::Edge(edge),
            None => KonProError::InvalidRequest {
                details: rejection.into_violations(),
            },
        }
    }
}

/// How many requests each API key may make per minute.
pub const REQUESTS_PER_MINUTE: u64 = 10;

/// The length of a rate-limit window, in seconds.
const WINDOW_SECONDS: u64 = 60;

/// The most keys the rate limit tracks at once: one window per demo key, since only a known
/// key gets one (`windows` is keyed by the `&'static str` of an entry of `API_KEYS`).
pub const MAX_TRACKED_KEYS: usize = API_KEYS.len();

/// The longest avatar name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// The scope reading avatars needs.
const READ: &str = "avatars:read";
/// The scope creating avatars needs.
const WRITE: &str = "avatars:write";

/// An API key the server accepts, and what it may do.
#[derive(Debug)]
struct ApiKey {
    key: &'static str,
    scopes: &'static [&'static str],
}

/// The demo keys: `demo-key` reads and writes, `read-only-key` only reads.
const API_KEYS: [ApiKey; 2] = [
    ApiKey {
        key: "demo-key",
        scopes: &[READ, WRITE],
    },
    ApiKey {
        key: "read-only-key",
        scopes: &[READ],
    },
];

/// An avatar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Avatar {
    /// Its ID, chosen by the client that created it.
    #[schema(example = "av-1")]
    avatar_id: String,
    /// Its name, at most 64 characters.
    #[schema(example = "Anna")]
    name: String,
}

/// The body of `POST /v1/avatars`. Both fields are checked by hand, so that a missing one is
/// reported in KonPro's words.
#[derive(Debug, Deserialize, ToSchema)]
struct AvatarDraft {
    /// The new avatar's ID: required, not empty, not the ID of another avatar.
    #[schema(value_type = String, required = true, min_length = 1, example = "av-1")]
    avatar_id: Option<String>,
    /// Its name: required, not empty, at most 64 characters.
    #[schema(value_type = String, required = true, min_length = 1, max_length = 64, example = "Anna")]
    name: Option<String>,
}

/// One key's requests in the current window.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// When the window began, in Unix seconds.
    start: u64,
    /// Requests made in it so far.
    count: u64,
}

/// The server's memory: avatars by ID, and each key's rate-limit window.
#[derive(Debug, Clone, Default)]
struct AppState {
    avatars: Arc<Mutex<BTreeMap<String, Avatar>>>,
    windows: Arc<Mutex<HashMap<&'static str, Window>>>,
}

impl AppState {
    /// Counts a request of `key` at `now` (Unix seconds) against its limit.
    fn count(&self, key: &'static str, now: u64) -> Result<(), KonProError> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        // Ended windows go first, this key's included: it then starts a new one.
        windows.retain(|_, window| now < window.start + WINDOW_SECONDS);
        let window = windows.entry(key).or_insert(Window {
            start: now,
            count: 0,
        });
        window.count += 1;
        if window.count <= REQUESTS_PER_MINUTE {
            return Ok(());
        }
        let reset = window.start + WINDOW_SECONDS;
        Err(KonProError::RateLimitExceeded {
            limit: RateLimit::new(REQUESTS_PER_MINUTE, 0, reset)
                .with_retry_after(reset - now)
                .with_ietf_policy("per-key", WINDOW_SECONDS),
        })
    }
}

/// The current time in Unix seconds.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// The caller of a request: a known API key, within its rate limit.
#[derive(Debug)]
struct Caller(&'static ApiKey);

impl Caller {
    /// Checks that the key has `scope`.
    fn require(&self, scope: &'static str) -> Result<(), KonProError> {
        if self.0.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(KonProError::InsufficientPermissions { scope })
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = KonProError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, KonProError> {
        let sent = parts
            .headers
            .get("x-api-key")
            .and_then(|value| value.to_str().ok());
        let key = API_KEYS
            .iter()
            .find(|key| Some(key.key) == sent)
            .ok_or(KonProError::InvalidApiKey)?;
        state.count(key.key, unix_now())?;
        Ok(Caller(key))
    }
}

/// A caller that may read avatars.
#[derive(Debug)]
struct Reader;

impl FromRequestParts<AppState> for Reader {
    type Rejection = KonProError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, KonProError> {
        Caller::from_request_parts(parts, state)
            .await?
            .require(READ)?;
        Ok(Reader)
    }
}

/// A caller that may create avatars; checked before the body is read.
#[derive(Debug)]
struct Writer;

impl FromRequestParts<AppState> for Writer {
    type Rejection = KonProError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, KonProError> {
        Caller::from_request_parts(parts, state)
            .await?
            .require(WRITE)?;
        Ok(Writer)
    }
}

/// The server: `GET`/`POST /v1/avatars`, `GET /v1/avatars/{avatar_id}`; every error, also for
/// an unknown route or method, is an envelope with the request id.
pub fn app() -> Router {
    app_with_probe().0
}

/// A look at a running server's memory, for tests of its bounds.
#[derive(Debug, Clone)]
pub struct Probe(AppState);

impl Probe {
    /// How many keys the rate limit tracks now (at most [`MAX_TRACKED_KEYS`]).
    #[must_use]
    pub fn tracked_keys(&self) -> usize {
        self.0
            .windows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// [`app`], and a [`Probe`] into its memory.
pub fn app_with_probe() -> (Router, Probe) {
    let state = AppState::default();
    let (router, _) = routes().split_for_parts();
    let router = router
        // Its own 404 and 405, after the key is checked as KonPro does; the rest of the edge
        // (bodies too large, panics, ...) in the envelope too.
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .with_state(state.clone())
        // KonPro answers every request with an `x-request-id`, a success too.
        .layer(Contract::<KonProError>::new().ids_on_every_response());
    (router, Probe(state))
}

/// The routes [`app`] serves, each with its `#[utoipa::path]` documentation.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(list, create))
        .routes(routes!(show))
}

/// The name of the API key security scheme in the document.
const API_KEY: &str = "api_key";

/// The server's OpenAPI 3.1 document: the routes of [`app`] from their `#[utoipa::path]`
/// annotations (request body, parameters, the `x-api-key` header, the success response and
/// the errors the route can answer with, as a compiler-checked list of [`KonProError`]'s
/// variants), every variant's schema a `$ref` component, and the edge as the server answers
/// it: its own `RESOURCE_NOT_FOUND` and `METHOD_NOT_ALLOWED` for unknown routes and methods,
/// after the key is checked (so `INVALID_API_KEY` and `RATE_LIMIT_EXCEEDED` too), the edge's
/// 413 and 500, and its own 415.
#[must_use]
pub fn openapi() -> OpenApi {
    const EDGE: EdgeResponses<KonProError> = EdgeResponses::new()
        .map(edge_variant)
        .unmatched::<(e::InvalidApiKey, e::RateLimitExceeded)>();
    let mut openapi = routes().into_openapi();
    openapi.info = utoipa::openapi::InfoBuilder::new()
        .title("KonPro-style avatars")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The KonPro avatars API, errors in KonPro's envelope with the request id.",
        ))
        .build();
    ErrorComponents::<KonProError>::new().modify(&mut openapi);
    EDGE.modify(&mut openapi);
    let mut scheme = ApiKeyValue::new("x-api-key");
    scheme.description = Some(
        "`demo-key` may read and write, `read-only-key` only read; 10 requests a minute each."
            .to_owned(),
    );
    openapi
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            API_KEY,
            SecurityScheme::ApiKey(ApiKeyScheme::Header(scheme)),
        );
    openapi
}

/// What the fallbacks answer, once the key is checked, as the edge documentation sees it: an
/// unknown route is `RESOURCE_NOT_FOUND`, an unknown method `METHOD_NOT_ALLOWED`, a body that
/// is not JSON `UNSUPPORTED_MEDIA_TYPE` (the `Json` extractor's rejection); the rest is the
/// edge's own.
fn edge_variant(edge: &EdgeError) -> Option<KonProError> {
    match edge {
        EdgeError::NotFound => Some(KonProError::ResourceNotFound {
            resource: "Route",
            id: "/v2/avatars".to_owned(),
        }),
        EdgeError::MethodNotAllowed { .. } => Some(KonProError::MethodNotAllowed {
            method: Method::DELETE,
            path: "/v1/avatars".to_owned(),
        }),
        EdgeError::UnsupportedMediaType => Some(KonProError::UnsupportedMediaType),
        _ => None,
    }
}

/// The avatars of `GET /v1/avatars`.
#[derive(Debug, Serialize, ToSchema)]
struct AvatarList {
    /// Every avatar, by ID.
    avatars: Vec<Avatar>,
}

/// Lists the avatars, by ID.
#[utoipa::path(
    get,
    path = "/v1/avatars",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Every avatar", body = AvatarList),
        Errors<(e::InvalidApiKey, e::RateLimitExceeded)>,
    )
)]
async fn list(_: Reader, State(state): State<AppState>) -> axum::Json<AvatarList> {
    let avatars = state.avatars.lock().unwrap_or_else(PoisonError::into_inner);
    axum::Json(AvatarList {
        avatars: avatars.values().cloned().collect(),
    })
}

/// A draft's required fields, or `INVALID_REQUEST` naming each one missing.
fn required(draft: AvatarDraft) -> Result<(String, String), KonProError> {
    let avatar_id = draft.avatar_id.filter(|id| !id.is_empty());
    let name = draft.name.filter(|name| !name.is_empty());
    match (avatar_id, name) {
        (Some(avatar_id), Some(name)) => Ok((avatar_id, name)),
        (avatar_id, name) => {
            let mut details = Vec::new();
            if avatar_id.is_none() {
                details.push(Violation::new("avatar_id", "Avatar ID is required"));
            }
            if name.is_none() {
                details.push(Violation::new("name", "Name is required"));
            }
            Err(KonProError::InvalidRequest { details })
        }
    }
}

/// Creates an avatar; the key needs the `avatars:write` scope.
#[utoipa::path(
    post,
    path = "/v1/avatars",
    request_body = AvatarDraft,
    security(("api_key" = [])),
    responses(
        (status = 201, description = "The avatar, created", body = Avatar),
        Errors<(
            e::InvalidRequest,
            e::ValidationError,
            e::InvalidApiKey,
            e::InsufficientPermissions,
            e::UnsupportedMediaType,
            e::RateLimitExceeded,
        )>,
    )
)]
async fn create(
    _: Writer,
    State(state): State<AppState>,
    Json(draft, ..): Json<AvatarDraft, KonProError>,
) -> Result<(StatusCode, axum::Json<Avatar>), KonProError> {
    let (avatar_id, name) = required(draft)?;
    let mut details = Vec::new();
    let mut avatars = state.avatars.lock().unwrap_or_else(PoisonError::into_inner);
    if avatars.contains_key(&avatar_id) {
        details.push(Violation::new(
            "avatar_id",
            format!("Avatar ID {avatar_id} already exists"),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        details.push(
            Violation::new(
                "name",
                format!("Name must be at most {MAX_NAME_CHARS} characters"),
            )
            .with_rule(Rule::MaxLength(MAX_NAME_CHARS as u64)),
        );
    }
    if !details.is_empty() {
        return Err(KonProError::ValidationError { details });
    }
    let avatar = Avatar {
        avatar_id: avatar_id.clone(),
        name,
    };
    avatars.insert(avatar_id, avatar.clone());
    Ok((StatusCode::CREATED, axum::Json(avatar)))
}

/// Shows an avatar. (An ID that is not valid UTF-8 once percent-decoded is an
/// `INVALID_REQUEST`.)
#[utoipa::path(
    get,
    path = "/v1/avatars/{avatar_id}",
    params(("avatar_id" = String, Path, description = "The avatar's ID")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The avatar", body = Avatar),
        Errors<(
            e::InvalidRequest,
            e::InvalidApiKey,
            e::ResourceNotFound,
            e::RateLimitExceeded,
        )>,
    )
)]
async fn show(
    _: Reader,
    State(state): State<AppState>,
    Path(avatar_id, ..): Path<String, KonProError>,
) -> Result<axum::Json<Avatar>, KonProError> {
    let avatars = state.avatars.lock().unwrap_or_else(PoisonError::into_inner);
    avatars
        .get(&avatar_id)
        .cloned()
        .map(axum::Json)
        .ok_or(KonProError::ResourceNotFound {
            resource: "Avatar",
            id: avatar_id,
        })
}

/// Any other path: `RESOURCE_NOT_FOUND`, once the key is checked.
async fn no_route(_: Caller, uri: Uri) -> KonProError {
    KonProError::ResourceNotFound {
        resource: "Route",
        id: uri.path().to_owned(),
    }
}

/// A known path with another method: `METHOD_NOT_ALLOWED`, once the key is checked.
async fn wrong_method(_: Caller, method: Method, uri: Uri) -> KonProError {
    KonProError::MethodNotAllowed {
        method,
        path: uri.path().to_owned(),
    }
}
