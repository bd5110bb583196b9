//! A Kubeadapt-style API (the clusters API as Kubeadapt's older docs describe it): clusters
//! kept in memory, errors in FastAPI's shape (`{"detail":"..."}`, or a list of
//! `{"type","loc","msg","input"}` items for a 422), `application/json`.
//!
//! Every route needs `Authorization: Bearer <api_key>`. The demo keys:
//!
//! | key | tenant | permissions |
//! |---|---|---|
//! | `demo-key` | `acme` | `clusters:read`, `clusters:write`, `recommendations:read` |
//! | `no-recs-key` | `acme` | `clusters:read` |
//!
//! Each key may make [`RATE_LIMIT`] requests per [`RATE_WINDOW_SECONDS`] seconds; the window
//! starts with the key's first request. The rate limit's memory is bounded: a window is kept
//! only for a key the server knows (an unknown or missing key is refused before anything is
//! counted), so at most one per demo key, [`MAX_TRACKED_KEYS`]; a window that has ended is
//! dropped at the next request. A cluster id is `c-` followed by 8 lowercase hex
//! digits. Tenant `acme` owns `c-1a2b3c4d` (`prod-eu`) and `c-5e6f7a8b` (`staging-us`);
//! `c-0badf00d` belongs to another tenant.
//!
//! The request types mirror the FastAPI app this server imitates; its 422 bodies are that
//! app's, byte for byte (`tests/goldens/fastapi.json`, written by `scripts/fastapi_goldens.py`
//! with FastAPI itself):
//!
//! ```python
//! class ClusterDraft(BaseModel):
//!     name: str = Field(min_length=1)
//!     node_count: int = Field(ge=1, le=5000)
//!
//! @app.post("/v1/clusters", status_code=201)
//! def create(draft: ClusterDraft): ...
//!
//! @app.get("/v1/clusters/{cluster_id}/recommendations")
//! def recommendations(cluster_id: str, timeframe: Annotated[int, Query(ge=1, le=90)] = 30): ...
//! ```
//!
//! The Rust twins are `ClusterDraft` and `Timeframe`, their bounds validator rules
//! (`#[validate(length(min = 1))]`, `#[validate(range(min = 1, max = 5000))]`), read by
//! `Valid<Json<ClusterDraft, _>>` and `Valid<Query<Timeframe, _>>`: they deserialize, then
//! validate, and answer the type problems and rule violations of one request in one 422
//! list, in field order, worded as Pydantic words them (a `{"name":"","node_count":"three"}`
//! body gets `string_too_short` and `int_parsing` at once, as from FastAPI). No handler
//! checks a bound by hand.
//!
//! Routes and the error each can answer with are listed in `examples/kubeadapt.rs`, and in the
//! server's OpenAPI document, [`openapi`]: built by utoipa-axum's `OpenApiRouter` from the
//! `#[utoipa::path]` of each handler (its request body, parameters, the bearer key, success
//! response and compiler-checked error list), from the same router [`app`] serves, so that
//! the two cannot differ.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apifault::axum::{Contract, Json, Path, Query, Rejection, RejectionKind, Valid};
use apifault::edge::{EdgeError, EdgeRequest};
use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
use apifault::{ApiError, RateLimit, Violation};
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use kubeadapt_error as e;

/// Errors of the Kubeadapt API, as its error reference documents them.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(format = "detail", code_case = "snake_case")]
pub enum KubeadaptError {
    /// Returned when the request has no `Authorization: Bearer <api_key>` header.
    #[api(
        status = 401,
        message = "API key required. Use 'Authorization: Bearer <api_key>'",
        resolution = "Send the API key as `Authorization: Bearer <api_key>`."
    )]
    ApiKeyRequired,

    /// Returned when the bearer token is not a known API key.
    #[api(
        status = 401,
        message = "Invalid API key",
        resolution = "Check the key, or create a new one in the dashboard."
    )]
    InvalidApiKey,

    /// Returned when a cluster id is not `c-` followed by 8 lowercase hexadecimal digits.
    #[api(
        status = 400,
        message = "Invalid cluster ID format",
        resolution = "Use the `id` of a cluster as `GET /v1/clusters` lists it, such as `c-1a2b3c4d`."
    )]
    InvalidClusterId,

    /// Returned when the API key lacks the permission the route needs.
    #[api(
        status = 403,
        message = "Missing required permission: {permission}",
        resolution = "Use a key that has the permission."
    )]
    MissingPermission {
        /// The permission the route needs, such as `recommendations:read`.
        #[api(skip)]
        permission: &'static str,
    },

    /// Returned when the cluster exists but belongs to another tenant than the key's.
    #[api(status = 403, message = "Access to this cluster is not allowed")]
    ClusterAccessDenied,

    /// Returned when no cluster has the (well-formed) id.
    #[api(status = 404, message = "Cluster not found")]
    ClusterNotFound,

    /// Returned for a path that is not a route of the API (FastAPI's default 404).
    #[api(status = 404)]
    RouteNotFound,

    /// Returned when the route exists but not with the request's method (FastAPI's default 405).
    #[api(status = 405)]
    MethodNotAllowed,

    /// Returned when a query parameter or the JSON body is not valid: one item per problem,
    /// with its location (`["query","timeframe"]`, `["body","node_count"]`), Pydantic's error
    /// type and message, and the rejected input.
    #[api(
        status = 422,
        resolution = "Correct the inputs each item's `loc` points at."
    )]
    Validation(#[api(violations)] Vec<Violation>),

    /// Returned when the API key has made more than 100 requests in the current minute; the
    /// `Retry-After`, `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
    /// headers say when to come back.
    #[api(
        status = 429,
        message = "Rate limit exceeded",
        resolution = "Wait `Retry-After` seconds (or until `X-RateLimit-Reset`) before retrying."
    )]
    RateLimited(#[api(headers)] RateLimit),
    /// Returned for what no handler answers: a body too large (413), a request that timed
    /// out, a handler that failed (500), and the other failures of the framework's edge, each
    /// with the code of `apifault::edge::EdgeError`.
    #[api(transparent)]
    Edge(EdgeError),
}

/// A rejected query string or body is a 422 with FastAPI's validation items; a body too
/// large stays a 413.
impl From<Rejection> for KubeadaptError {
    fn from(rejection: Rejection) -> Self {
        match rejection.kind() {
            RejectionKind::BodyTooLarge => KubeadaptError::Edge(EdgeError::PayloadTooLarge),
            _ => KubeadaptError::Validation(rejection.into_violations()),
        }
    }
}

/// Requests each API key may make per window.
pub const RATE_LIMIT: u64 = 100;
/// The length of a rate-limit window, in seconds.
pub const RATE_WINDOW_SECONDS: u64 = 60;

/// The most keys the rate limit tracks at once: one window per demo key, since only a known
/// key gets one (`windows` is keyed by the `&'static str` of an entry of `API_KEYS`).
pub const MAX_TRACKED_KEYS: usize = API_KEYS.len();

/// The permission `GET /v1/clusters` and `GET /v1/clusters/{cluster_id}` need.
const CLUSTERS_READ: &str = "clusters:read";
/// The permission `POST /v1/clusters` needs.
const CLUSTERS_WRITE: &str = "clusters:write";
/// The permission `GET /v1/clusters/{cluster_id}/recommendations` needs.
const RECOMMENDATIONS_READ: &str = "recommendations:read";

/// An API key and what it may do.
#[derive(Debug)]
struct ApiKey {
    key: &'static str,
    tenant: &'static str,
    permissions: &'static [&'static str],
}

/// The demo keys.
const API_KEYS: &[ApiKey] = &[
    ApiKey {
        key: "demo-key",
        tenant: "acme",
        permissions: &[CLUSTERS_READ, CLUSTERS_WRITE, RECOMMENDATIONS_READ],
    },
    ApiKey {
        key: "no-recs-key",
        tenant: "acme",
        permissions: &[CLUSTERS_READ],
    },
];

/// A Kubernetes cluster connected to Kubeadapt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Cluster {
    /// Its id: `c-` followed by 8 lowercase hexadecimal digits.
    #[schema(example = "c-1a2b3c4d")]
    id: String,
    /// Its name.
    #[schema(example = "prod-eu")]
    name: String,
    /// How many nodes it has.
    #[schema(example = 12)]
    node_count: u32,
    #[serde(skip)]
    tenant: &'static str,
    /// Whether the cluster has sent enough usage data for recommendations.
    #[serde(skip)]
    has_usage: bool,
}

// Pydantic's `name: str = Field(min_length=1)`, `node_count: int = Field(ge=1, le=5000)`.
// `node_count` is an `i64`, as Pydantic's `int` takes any integer: `-5` breaks the rule
// `ge=1` (`greater_than_equal`), where a `u32` would make it a type problem. The schema's
// bounds are utoipa's literals; `draft_bounds_are_documented` checks they are the rules'.
// (The doc comment is the schema's description in the OpenAPI document.)
/// The body of `POST /v1/clusters`.
#[derive(Debug, Deserialize, ToSchema, Validate)]
struct ClusterDraft {
    /// The new cluster's name: at least 1 character.
    #[schema(min_length = 1, example = "dev")]
    #[validate(length(min = 1))]
    name: String,
    /// How many nodes it has: 1 to 5000.
    #[schema(minimum = 1, maximum = 5000, example = 2)]
    #[validate(range(min = MIN_NODES, max = MAX_NODES))]
    node_count: i64,
}

/// The fewest nodes a cluster may declare.
const MIN_NODES: i64 = 1;
/// The most nodes a cluster may declare.
const MAX_NODES: i64 = 5000;

// FastAPI's `timeframe: Annotated[int, Query(ge=1, le=90)] = 30`.
/// `?timeframe=` of `GET /v1/clusters/{cluster_id}/recommendations`.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
struct Timeframe {
    /// The days of usage the recommendations look at: 1 to 90, 30 by default.
    #[param(minimum = 1, maximum = 90, default = 30, example = 7)]
    #[validate(range(min = MIN_TIMEFRAME, max = MAX_TIMEFRAME))]
    timeframe: Option<i64>,
}

/// The days of usage recommendations look at when `timeframe` is absent.
const DEFAULT_TIMEFRAME: i64 = 30;
/// The shortest `timeframe`, in days.
const MIN_TIMEFRAME: i64 = 1;
/// The longest `timeframe`, in days.
const MAX_TIMEFRAME: i64 = 90;

/// One rightsizing recommendation.
#[derive(Debug, Clone, Serialize, ToSchema)]
struct Recommendation {
    /// The workload it is for.
    #[schema(example = "checkout")]
    workload: &'static str,
    /// The resource: `cpu` or `memory`.
    #[schema(example = "cpu")]
    resource: &'static str,
    /// The workload's current request, in Kubernetes' quantity notation.
    #[schema(example = "2000m")]
    current: &'static str,
    /// The request recommended instead.
    #[schema(example = "750m")]
    recommended: &'static str,
}

/// The answer of `GET /v1/clusters/{cluster_id}/recommendations`.
#[derive(Debug, Serialize, ToSchema)]
struct RecommendationReport {
    /// The cluster's id.
    #[schema(example = "c-1a2b3c4d")]
    cluster_id: String,
    /// The days of usage looked at.
    #[schema(example = 30)]
    timeframe: i64,
    /// The recommendations; none for a cluster without usage data yet.
    recommendations: Vec<Recommendation>,
}

/// One key's current rate-limit window.
#[derive(Debug)]
struct Window {
    started: Instant,
    /// When the window ends, in Unix seconds (rounded up).
    reset: u64,
    count: u64,
}

/// The clusters by id, and how many were created through the API.
#[derive(Debug)]
struct Clusters {
    by_id: HashMap<String, Cluster>,
    created: u32,
}

/// The server's state: the clusters, and each key's rate-limit window.
#[derive(Debug, Clone)]
struct AppState {
    clusters: Arc<Mutex<Clusters>>,
    windows: Arc<Mutex<HashMap<&'static str, Window>>>,
}

impl AppState {
    fn seeded() -> Self {
        let by_id = [
            ("c-1a2b3c4d", "prod-eu", 12, "acme"),
            ("c-5e6f7a8b", "staging-us", 3, "acme"),
            ("c-0badf00d", "payments", 40, "globex"),
        ]
        .into_iter()
        .map(|(id, name, node_count, tenant)| {
            let cluster = Cluster {
                id: id.to_owned(),
                name: name.to_owned(),
                node_count,
                tenant,
                has_usage: true,
            };
            (id.to_owned(), cluster)
        })
        .collect();
        AppState {
            clusters: Arc::new(Mutex::new(Clusters { by_id, created: 0 })),
            windows: Arc::default(),
        }
    }
}

/// The server: `GET`/`POST /v1/clusters`, `GET /v1/clusters/{cluster_id}`,
/// `GET /v1/clusters/{cluster_id}/recommendations`.
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
    let state = AppState::seeded();
    let (router, _) = routes().split_for_parts();
    let router = router
        .with_state(state.clone())
        .layer(Contract::<KubeadaptError>::new().map(kubeadapt_edge));
    (router, Probe(state))
}

/// The routes [`app`] serves, each with its `#[utoipa::path]` documentation.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(list, create))
        .routes(routes!(show))
        .routes(routes!(recommendations))
}

/// The name of the bearer security scheme in the document.
const BEARER: &str = "bearer";

/// The server's OpenAPI 3.1 document: the routes of [`app`] from their `#[utoipa::path]`
/// annotations (request body, parameters, the bearer key, the success response and the
/// errors the route can answer with, as a compiler-checked list of [`KubeadaptError`]'s
/// variants), every variant's schema a `$ref` component, and the edge as the server answers
/// it: FastAPI's default `Not Found` and `Method Not Allowed` for unknown routes and methods,
/// the edge's 413 and 500.
///
/// No operation documents a 415: a `Content-Type` that is not JSON is a 422 here, as in
/// FastAPI (the body's rejection is a `Validation`, see `From<Rejection>`), so the edge's
/// `Edge.415`, which `EdgeResponses` puts on every operation with a body, is taken out again.
#[must_use]
pub fn openapi() -> OpenApi {
    const EDGE: EdgeResponses<KubeadaptError> = EdgeResponses::new().map(edge_variant);
    let mut openapi = routes().into_openapi();
    openapi.info = utoipa::openapi::InfoBuilder::new()
        .title("Kubeadapt-style clusters")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The clusters API of Kubeadapt's older docs, errors in FastAPI's `detail` shape \
             (a list of Pydantic's validation items for a 422).",
        ))
        .build();
    ErrorComponents::<KubeadaptError>::new().modify(&mut openapi);
    EDGE.modify(&mut openapi);
    without_edge_415(&mut openapi);
    let scheme = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .description(Some(
            "An API key, as `Authorization: Bearer <api_key>`: `demo-key` may do everything, \
             `no-recs-key` only read clusters; 100 requests a minute each.",
        ))
        .build();
    openapi
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    openapi
}

/// Takes the edge's 415 out of `openapi`: the `$ref`s to `Edge.415` on the operations, and the
/// response itself. (The server never sends a 415; see [`openapi`].)
fn without_edge_415(openapi: &mut OpenApi) {
    const EDGE_415: &str = "#/components/responses/Edge.415";
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            let responses = &mut operation.responses.responses;
            if matches!(
                responses.get("415"),
                Some(utoipa::openapi::RefOr::Ref(reference)) if reference.ref_location == EDGE_415
            ) {
                responses.remove("415");
            }
        }
    }
    if let Some(components) = openapi.components.as_mut() {
        components.responses.remove("Edge.415");
    }
}

/// FastAPI's default 404 and 405 for the edge failures it has; the rest are edge errors.
fn kubeadapt_edge(edge: &EdgeError, _: &EdgeRequest) -> Option<KubeadaptError> {
    edge_variant(edge)
}

/// What [`kubeadapt_edge`] answers, for the server and its document alike.
fn edge_variant(edge: &EdgeError) -> Option<KubeadaptError> {
    match edge {
        EdgeError::NotFound => Some(KubeadaptError::RouteNotFound),
        EdgeError::MethodNotAllowed { .. } => Some(KubeadaptError::MethodNotAllowed),
        _ => None,
    }
}

/// The caller, authenticated by its API key and counted against its rate limit.
#[derive(Debug)]
struct Caller(&'static ApiKey);

impl Caller {
    /// Fails unless the caller's key has `permission`.
    fn require(&self, permission: &'static str) -> Result<(), KubeadaptError> {
        if self.0.permissions.contains(&permission) {
            Ok(())
        } else {
            Err(KubeadaptError::MissingPermission { permission })
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = KubeadaptError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, KubeadaptError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(KubeadaptError::ApiKeyRequired)?;
        let key = API_KEYS
            .iter()
            .find(|key| key.key == token)
            .ok_or(KubeadaptError::InvalidApiKey)?;
        let mut windows = state.windows.lock().unwrap_or_else(PoisonError::into_inner);
        count_request(&mut windows, key.key, Instant::now())?;
        Ok(Caller(key))
    }
}

/// Counts one request of `key` at `now`; past [`RATE_LIMIT`] in the window, a 429 that says
/// when the window resets.
fn count_request(
    windows: &mut HashMap<&'static str, Window>,
    key: &'static str,
    now: Instant,
) -> Result<(), KubeadaptError> {
    let length = Duration::from_secs(RATE_WINDOW_SECONDS);
    // Ended windows go first, this key's included: it then starts a new one.
    windows.retain(|_, window| now.duration_since(window.started) < length);
    let window = windows.entry(key).or_insert_with(|| new_window(now));
    window.count = window.count.saturating_add(1);
    if window.count <= RATE_LIMIT {
        return Ok(());
    }
    let left = length.saturating_sub(now.duration_since(window.started));
    let retry_after = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    Err(KubeadaptError::RateLimited(
        RateLimit::new(RATE_LIMIT, 0, window.reset).with_retry_after(retry_after.max(1)),
    ))
}

fn new_window(now: Instant) -> Window {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let unix_now = since_epoch.as_secs() + u64::from(since_epoch.subsec_nanos() > 0);
    Window {
        started: now,
        reset: unix_now + RATE_WINDOW_SECONDS,
        count: 0,
    }
}

/// `c-` followed by 8 lowercase hexadecimal digits.
fn is_cluster_id(id: &str) -> bool {
    id.strip_prefix("c-").is_some_and(|hex| {
        hex.len() == 8 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// The cluster `id`, if it is well-formed, exists and belongs to the caller's tenant.
fn find_cluster(state: &AppState, caller: &Caller, id: &str) -> Result<Cluster, KubeadaptError> {
    if !is_cluster_id(id) {
        return Err(KubeadaptError::InvalidClusterId);
    }
    let clusters = state
        .clusters
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let cluster = clusters
        .by_id
        .get(id)
        .ok_or(KubeadaptError::ClusterNotFound)?;
    if cluster.tenant != caller.0.tenant {
        return Err(KubeadaptError::ClusterAccessDenied);
    }
    Ok(cluster.clone())
}

/// The list of `GET /v1/clusters`.
#[derive(Debug, Serialize, ToSchema)]
struct ClusterList {
    /// The tenant's clusters, by id.
    clusters: Vec<Cluster>,
}

/// Lists the clusters of the key's tenant, by id.
///
/// Every key may read clusters (`clusters:read`), so this route never answers
/// `MissingPermission`.
#[utoipa::path(
    get,
    path = "/v1/clusters",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tenant's clusters", body = ClusterList),
        Errors<(e::ApiKeyRequired, e::InvalidApiKey, e::RateLimited)>,
    )
)]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<ClusterList>, KubeadaptError> {
    caller.require(CLUSTERS_READ)?;
    let clusters = state
        .clusters
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let mut clusters: Vec<Cluster> = clusters
        .by_id
        .values()
        .filter(|cluster| cluster.tenant == caller.0.tenant)
        .cloned()
        .collect();
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(axum::Json(ClusterList { clusters }))
}

/// Creates a cluster; the key needs `clusters:write`, checked before the body is.
///
/// A body that is not JSON of the documented shape, or not sent as JSON, and a value out of
/// its bounds are a 422 with one item per problem (wrong types and values out of bounds in one
/// list), as FastAPI answers.
#[utoipa::path(
    post,
    path = "/v1/clusters",
    request_body = ClusterDraft,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The cluster, created", body = Cluster),
        Errors<(
            e::ApiKeyRequired,
            e::InvalidApiKey,
            e::RateLimited,
            e::MissingPermission,
            e::Validation,
        )>,
    )
)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    draft: Result<Valid<Json<ClusterDraft, KubeadaptError>>, KubeadaptError>,
) -> Result<(StatusCode, axum::Json<Cluster>), KubeadaptError> {
    // As a FastAPI dependency, the permission is checked before the body is validated.
    caller.require(CLUSTERS_WRITE)?;
    let Valid(Json(draft, ..)) = draft?;
    // `Valid` has checked `node_count` is in 1..=5000.
    let node_count = u32::try_from(draft.node_count).expect("a validated node count fits a u32");
    let mut clusters = state
        .clusters
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    clusters.created += 1;
    let id = format!("c-{:08x}", clusters.created);
    let cluster = Cluster {
        id: id.clone(),
        name: draft.name,
        node_count,
        tenant: caller.0.tenant,
        has_usage: false,
    };
    clusters.by_id.insert(id, cluster.clone());
    Ok((StatusCode::CREATED, axum::Json(cluster)))
}

/// Shows a cluster of the key's tenant.
///
/// Every key may read clusters, so this route never answers `MissingPermission`. An id that
/// is not valid UTF-8 once percent-decoded is a 422 (`Validation`), a malformed one an
/// `InvalidClusterId`.
#[utoipa::path(
    get,
    path = "/v1/clusters/{cluster_id}",
    params(("cluster_id" = String, Path, description = "The cluster's id: `c-` followed by 8 lowercase hexadecimal digits", example = "c-1a2b3c4d")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cluster", body = Cluster),
        Errors<(
            e::ApiKeyRequired,
            e::InvalidApiKey,
            e::RateLimited,
            e::Validation,
            e::InvalidClusterId,
            e::ClusterAccessDenied,
            e::ClusterNotFound,
        )>,
    )
)]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(cluster_id, ..): Path<String, KubeadaptError>,
) -> Result<axum::Json<Cluster>, KubeadaptError> {
    caller.require(CLUSTERS_READ)?;
    find_cluster(&state, &caller, &cluster_id).map(axum::Json)
}

/// The recommendations of every cluster with usage data (the seeded ones; a cluster created
/// through the API has none yet).
const RECOMMENDATIONS: [Recommendation; 2] = [
    Recommendation {
        workload: "checkout",
        resource: "cpu",
        current: "2000m",
        recommended: "750m",
    },
    Recommendation {
        workload: "checkout",
        resource: "memory",
        current: "4Gi",
        recommended: "1536Mi",
    },
];

/// The rightsizing recommendations of a cluster of the key's tenant, over the last
/// `timeframe` days of usage; the key needs `recommendations:read`, checked before the query
/// is, and the query is checked before the cluster id.
#[utoipa::path(
    get,
    path = "/v1/clusters/{cluster_id}/recommendations",
    params(
        ("cluster_id" = String, Path, description = "The cluster's id: `c-` followed by 8 lowercase hexadecimal digits", example = "c-1a2b3c4d"),
        Timeframe,
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cluster's recommendations", body = RecommendationReport),
        Errors<(
            e::ApiKeyRequired,
            e::InvalidApiKey,
            e::RateLimited,
            e::MissingPermission,
            e::Validation,
            e::InvalidClusterId,
            e::ClusterAccessDenied,
            e::ClusterNotFound,
        )>,
    )
)]
async fn recommendations(
    State(state): State<AppState>,
    caller: Caller,
    Path(cluster_id, ..): Path<String, KubeadaptError>,
    query: Result<Valid<Query<Timeframe, KubeadaptError>>, KubeadaptError>,
) -> Result<axum::Json<RecommendationReport>, KubeadaptError> {
    // As a FastAPI dependency, the permission is checked before the query is validated.
    caller.require(RECOMMENDATIONS_READ)?;
    let Valid(Query(query, ..)) = query?;
    let timeframe = query.timeframe.unwrap_or(DEFAULT_TIMEFRAME);
    let cluster = find_cluster(&state, &caller, &cluster_id)?;
    let recommendations = if cluster.has_usage {
        RECOMMENDATIONS.to_vec()
    } else {
        Vec::new()
    };
    Ok(axum::Json(RecommendationReport {
        cluster_id: cluster.id,
        timeframe,
        recommendations,
    }))
}

#[cfg(test)]
mod tests {
    use super::{
        API_KEYS, CLUSTERS_READ, DEFAULT_TIMEFRAME, MAX_NODES, MAX_TIMEFRAME, MIN_NODES,
        MIN_TIMEFRAME, openapi,
    };

    /// The document's bounds (utoipa's literals) are the validator rules' constants.
    #[test]
    fn draft_bounds_are_documented() {
        let document = serde_json::to_value(openapi()).unwrap();
        let draft = &document["components"]["schemas"]["ClusterDraft"]["properties"];
        assert_eq!(draft["name"]["minLength"], 1);
        assert_eq!(draft["node_count"]["minimum"], MIN_NODES);
        assert_eq!(draft["node_count"]["maximum"], MAX_NODES);
        let parameters =
            &document["paths"]["/v1/clusters/{cluster_id}/recommendations"]["get"]["parameters"];
        let timeframe = parameters
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == "timeframe")
            .unwrap();
        assert_eq!(timeframe["schema"]["minimum"], MIN_TIMEFRAME);
        assert_eq!(timeframe["schema"]["maximum"], MAX_TIMEFRAME);
        assert_eq!(timeframe["schema"]["default"], DEFAULT_TIMEFRAME);
    }

    /// The document says `GET /v1/clusters` and `GET /v1/clusters/{cluster_id}` never answer
    /// `MissingPermission`: true while every key may read clusters.
    #[test]
    fn every_key_may_read_clusters() {
        for key in API_KEYS {
            assert!(key.permissions.contains(&CLUSTERS_READ), "{}", key.key);
        }
    }
}
