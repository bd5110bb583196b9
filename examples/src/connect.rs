//! A Connect-style API (commercetools Connect): deployments kept in memory, errors in the
//! `errors` shape (`{"statusCode","message","errors":[...]}`), `application/json`.
//!
//! Updates are commercetools updates, so that commercetools' own clients work against it:
//! `POST /deployments/key={key}` with `{"version": <int>, "actions": [{"action": ...}, ...]}`
//! applies the actions in order, all or none; `DELETE /deployments/key={key}?version=<int>`
//! deletes. A stale `version` is a 409 `ConcurrentModification` whose `currentVersion` is what
//! a client retries with (the TypeScript client's concurrent-modification middleware does so
//! by itself). `/deployments/{key}` is an alias of `/deployments/key={key}`.
//!
//! Routes and the error each can answer with are listed in `examples/connect.rs` and in
//! `examples/README.md`, and in the server's OpenAPI document, [`openapi`]: built by
//! utoipa-axum's `OpenApiRouter` from the `#[utoipa::path]` of each handler, from the same
//! router [`app`] serves. The API checks no credentials, so the document has no security
//! scheme.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use apifault::Source;
use apifault::axum::{Contract, Json, Path, Query, Rejection};
use apifault::edge::EdgeError;
use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
use apifault::{ApiError, ErrorResponse};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi;
use utoipa::{IntoParams, Modify as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use connect_error as e;

/// Errors of the Connect API, as its reference documents them.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
pub enum ConnectError {
    /// Returned when an invalid JSON input has been sent.
    #[api(
        status = 400,
        code = "InvalidJsonInput",
        message = "Request body does not contain valid JSON.",
        resolution = "Send a JSON body of the documented shape."
    )]
    InvalidJsonInput {
        /// What was wrong with the body.
        detailed_error_message: String,
    },

    /// Returned when a query parameter is not valid.
    #[api(
        status = 400,
        code = "InvalidQueryParam",
        message = "Request query param is not valid"
    )]
    InvalidQueryParam {
        /// Which parameter, and what was wrong with it.
        detailed_error_message: String,
    },

    /// Returned when the requested deployment does not exist.
    #[api(
        status = 404,
        code = "ResourceNotFound",
        message = "Deployment with id={resource_id} or key={resource_key} does not exist"
    )]
    ResourceNotFound {
        /// The id looked for, if any.
        #[api(skip)]
        resource_id: String,
        /// The key looked for.
        #[api(skip)]
        resource_key: String,
    },

    /// Returned when the request's `version` is not the deployment's current version.
    #[api(
        status = 409,
        code = "ConcurrentModification",
        message = "Object id={resource_id} or key={resource_key} has a different version than \
                   expected. Expected: {expected_version} - Actual: {current_version})",
        resolution = "Read the deployment again and retry with `currentVersion`."
    )]
    ConcurrentModification {
        /// The deployment's id.
        #[api(skip)]
        resource_id: String,
        /// The deployment's key.
        #[api(skip)]
        resource_key: String,
        /// The version the request expected.
        expected_version: i64,
        /// The deployment's current version.
        current_version: i64,
    },

    /// Returned when an update names an action the API does not have (commercetools' platform
    /// code for an operation that cannot be carried out; the Connect reference lists none for
    /// it). One error per unknown action; none of the request's actions is applied.
    #[api(
        status = 400,
        code = "InvalidOperation",
        message = "Unknown update action '{action}'.",
        resolution = "Use one of the documented update actions, such as `setRegion`."
    )]
    InvalidOperation {
        /// The action's name as sent.
        #[api(skip)]
        action: String,
    },

    /// Returned when a field value conflicts with an existing value.
    #[api(
        status = 400,
        code = "DuplicateField",
        message = "A duplicate value {duplicate_value} exists for field {field}."
    )]
    DuplicateField {
        /// The field holding the duplicate.
        field: String,
        /// The value that already exists.
        duplicate_value: serde_json::Value,
    },
    /// Returned for what no handler answers: a body too large (413), a request that timed
    /// out, a handler that failed (500), and the other failures of the framework's edge, each
    /// with the code of `apifault::edge::EdgeError`.
    #[api(transparent)]
    Edge(EdgeError),
}

/// A rejected body becomes `InvalidJsonInput`, a rejected query string `InvalidQueryParam`,
/// both with axum's explanation as `detailedErrorMessage`; a body too large or without a JSON
/// `Content-Type` is the edge's 413 or 415.
impl From<Rejection> for ConnectError {
    fn from(rejection: Rejection) -> Self {
        // A body too large or not JSON at all is the edge's 413 or 415, not an input problem.
        if let Some(edge) = rejection.edge() {
            return ConnectError::Edge(edge);
        }
        let detailed_error_message = rejection.message().to_owned();
        match rejection.source() {
            Source::Query => ConnectError::InvalidQueryParam {
                detailed_error_message,
            },
            _ => ConnectError::InvalidJsonInput {
                detailed_error_message,
            },
        }
    }
}

/// A deployment of a connector.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    /// Its id, given by the server.
    #[schema(example = "dep-1")]
    id: String,
    /// Its key, chosen by the client.
    #[schema(example = "shop")]
    key: String,
    /// Its version: 1 when created, one more with each update that changes it.
    #[schema(example = 1)]
    version: i64,
    /// The region it runs in.
    #[schema(example = "europe-west1")]
    region: String,
}

/// The body of `POST /deployments`.
#[derive(Debug, Deserialize, ToSchema)]
struct DeploymentDraft {
    /// The key, unique among the deployments.
    #[schema(example = "shop")]
    key: String,
    /// The region to run in.
    #[schema(example = "europe-west1")]
    region: String,
}

/// The body of `POST /deployments/key={key}`: commercetools' update shape.
#[derive(Debug, Deserialize, ToSchema)]
struct DeploymentUpdate {
    /// The version the update expects the deployment to have.
    #[schema(example = 1)]
    version: i64,
    /// Each action as sent; read by [`UpdateAction::read`], so that an unknown action is an
    /// `InvalidOperation` rather than a body that does not parse.
    actions: Vec<RawAction>,
}

/// One update action: `{"action": "setRegion", "region": "<region>"}`, the one action the API
/// has. An action of another name is an `InvalidOperation`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"action": "setRegion", "region": "us-central1"}))]
struct RawAction {
    /// The action's name.
    #[schema(example = "setRegion")]
    action: String,
    /// The action's other members (`region` for `setRegion`).
    #[serde(flatten)]
    #[schema(value_type = Object)]
    members: serde_json::Map<String, serde_json::Value>,
}

/// The update actions the API has.
#[derive(Debug, PartialEq)]
enum UpdateAction {
    /// `{"action": "setRegion", "region": "<region>"}`
    SetRegion { region: String },
}

/// `setRegion`'s members.
#[derive(Debug, Deserialize)]
struct SetRegion {
    region: String,
}

impl UpdateAction {
    /// The action `raw` (the `index`th of the request) names, `InvalidOperation` when the API
    /// has no such action, or `InvalidJsonInput` when its members do not fit it.
    fn read(index: usize, raw: RawAction) -> Result<Self, ConnectError> {
        match raw.action.as_str() {
            "setRegion" => {
                let SetRegion { region } = serde_json::from_value(serde_json::Value::Object(
                    raw.members,
                ))
                .map_err(|error| ConnectError::InvalidJsonInput {
                    detailed_error_message: format!("actions[{index}]: {error}"),
                })?;
                Ok(UpdateAction::SetRegion { region })
            }
            _ => Err(ConnectError::InvalidOperation { action: raw.action }),
        }
    }

    fn apply(self, deployment: &mut Deployment) {
        match self {
            UpdateAction::SetRegion { region } => deployment.region = region,
        }
    }
}

/// Every action of an update, checked before any is applied; all the unknown ones are
/// reported at once. (The response is boxed: it is large beside the actions.)
fn read_actions(
    raw: Vec<RawAction>,
) -> Result<Vec<UpdateAction>, Box<ErrorResponse<ConnectError>>> {
    let mut actions = Vec::with_capacity(raw.len());
    let mut unknown = Vec::new();
    for (index, raw) in raw.into_iter().enumerate() {
        match UpdateAction::read(index, raw) {
            Ok(action) => actions.push(action),
            Err(error @ ConnectError::InvalidOperation { .. }) => unknown.push(error),
            // A malformed known action is a broken body: that alone is the answer.
            Err(error) => return Err(Box::new(ErrorResponse::new(error))),
        }
    }
    match ErrorResponse::from_errors(unknown) {
        Some(errors) => Err(Box::new(errors)),
        None => Ok(actions),
    }
}

/// The key a path segment names: `key=shop` (commercetools' form) or `shop` (the alias).
fn key_of(segment: &str) -> &str {
    segment.strip_prefix("key=").unwrap_or(segment)
}

/// `?limit=&offset=` of `GET /deployments`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Page {
    /// How many deployments to list, at most 500; 20 by default.
    #[param(maximum = 500)]
    limit: Option<u32>,
    /// How many to skip first, in the order of their keys; 0 by default.
    offset: Option<u32>,
}

/// The largest page `GET /deployments` serves.
const MAX_LIMIT: u32 = 500;

type Deployments = Arc<Mutex<HashMap<String, Deployment>>>;

/// The server: `GET`/`POST /deployments`, `GET`/`POST`/`DELETE /deployments/key={key}` (and
/// the same at `/deployments/{key}`).
pub fn app() -> Router {
    let (router, _) = routes().split_for_parts();
    router
        .with_state(Deployments::default())
        // Unknown routes, wrong methods, bodies too large, panics: in the `errors` format.
        .layer(Contract::<ConnectError>::new())
}

/// The routes [`app`] serves, each with its `#[utoipa::path]` documentation.
fn routes() -> OpenApiRouter<Deployments> {
    OpenApiRouter::default()
        .routes(routes!(list, create))
        // One route serves both `key={key}` and the bare-key alias: `key_of` tells them apart
        // (a commercetools key is `[A-Za-z0-9_-]+`, so it never starts with `key=`).
        .routes(routes!(show, update, delete))
}

/// The server's OpenAPI 3.1 document: the routes of [`app`] from their `#[utoipa::path]`
/// annotations (request body, parameters, the success response and the errors the route can
/// answer with, as a compiler-checked list of [`ConnectError`]'s variants), every variant's
/// schema a `$ref` component, and the edge (unknown routes, wrong methods, 413, 415, 500) in
/// the `errors` format, as `apifault::edge::EdgeError`'s codes.
#[must_use]
pub fn openapi() -> OpenApi {
    let mut openapi = routes().into_openapi();
    openapi.info = utoipa::openapi::InfoBuilder::new()
        .title("Connect-style deployments")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "commercetools Connect's deployments, errors in commercetools' `errors` shape; \
             updates are commercetools update actions.",
        ))
        .build();
    ErrorComponents::<ConnectError>::new().modify(&mut openapi);
    EdgeResponses::<ConnectError>::new().modify(&mut openapi);
    openapi
}

fn not_found(key: &str) -> ConnectError {
    ConnectError::ResourceNotFound {
        resource_id: String::new(),
        resource_key: key.to_owned(),
    }
}

/// A page of `GET /deployments`.
#[derive(Debug, Serialize, ToSchema)]
struct PagedResults {
    /// How many deployments the page has.
    count: usize,
    /// The page's deployments, by key.
    results: Vec<Deployment>,
}

/// Lists the deployments, by key, a page at a time.
#[utoipa::path(
    get,
    path = "/deployments",
    params(Page),
    responses(
        (status = 200, description = "A page of deployments", body = PagedResults),
        Errors<e::InvalidQueryParam>,
    )
)]
async fn list(
    State(deployments): State<Deployments>,
    Query(page, ..): Query<Page, ConnectError>,
) -> Result<axum::Json<PagedResults>, ConnectError> {
    let limit = page.limit.unwrap_or(20);
    if limit > MAX_LIMIT {
        return Err(ConnectError::InvalidQueryParam {
            detailed_error_message: format!("limit: must be at most {MAX_LIMIT}"),
        });
    }
    let deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    let mut results: Vec<&Deployment> = deployments.values().collect();
    results.sort_by(|a, b| a.key.cmp(&b.key));
    let offset = page.offset.unwrap_or(0) as usize;
    let results: Vec<Deployment> = results
        .into_iter()
        .skip(offset)
        .take(limit as usize)
        .cloned()
        .collect();
    Ok(axum::Json(PagedResults {
        count: results.len(),
        results,
    }))
}

/// Creates a deployment.
#[utoipa::path(
    post,
    path = "/deployments",
    request_body = DeploymentDraft,
    responses(
        (status = 201, description = "The deployment, created", body = Deployment),
        Errors<(e::InvalidJsonInput, e::DuplicateField)>,
    )
)]
async fn create(
    State(deployments): State<Deployments>,
    Json(draft, ..): Json<DeploymentDraft, ConnectError>,
) -> Result<(StatusCode, axum::Json<Deployment>), ConnectError> {
    let mut deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    if deployments.contains_key(&draft.key) {
        return Err(ConnectError::DuplicateField {
            field: "key".to_owned(),
            duplicate_value: serde_json::Value::String(draft.key),
        });
    }
    let deployment = Deployment {
        id: format!("dep-{}", deployments.len() + 1),
        key: draft.key.clone(),
        version: 1,
        region: draft.region,
    };
    deployments.insert(draft.key, deployment.clone());
    Ok((StatusCode::CREATED, axum::Json(deployment)))
}

/// Shows a deployment. (A key that is not valid UTF-8 once percent-decoded is an
/// `InvalidJsonInput`.)
#[utoipa::path(
    get,
    path = "/deployments/{key}",
    params(("key" = String, Path, description = "`key=<key>`, or the bare key")),
    responses(
        (status = 200, description = "The deployment", body = Deployment),
        Errors<(e::InvalidJsonInput, e::ResourceNotFound)>,
    )
)]
async fn show(
    State(deployments): State<Deployments>,
    Path(segment, ..): Path<String, ConnectError>,
) -> Result<axum::Json<Deployment>, ConnectError> {
    let key = key_of(&segment);
    let deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    deployments
        .get(key)
        .cloned()
        .map(axum::Json)
        .ok_or_else(|| not_found(key))
}

/// Checks the version a request expects against the stored one.
fn check_version(deployment: &Deployment, expected_version: i64) -> Result<(), ConnectError> {
    if deployment.version == expected_version {
        Ok(())
    } else {
        Err(ConnectError::ConcurrentModification {
            resource_id: deployment.id.clone(),
            resource_key: deployment.key.clone(),
            expected_version,
            current_version: deployment.version,
        })
    }
}

/// Applies an update's actions in order, all or none, and counts one new version when there
/// was any (an empty list changes nothing, so the version stays). The checks come in the
/// order that spares a client a useless retry: the actions (400), then the key (404), then
/// the version (409).
#[utoipa::path(
    post,
    path = "/deployments/{key}",
    params(("key" = String, Path, description = "`key=<key>`, or the bare key")),
    request_body = DeploymentUpdate,
    responses(
        (status = 200, description = "The deployment, updated", body = Deployment),
        Errors<(
            e::InvalidJsonInput,
            e::InvalidOperation,
            e::ResourceNotFound,
            e::ConcurrentModification,
        )>,
    )
)]
async fn update(
    State(deployments): State<Deployments>,
    Path(segment, ..): Path<String, ConnectError>,
    Json(update, ..): Json<DeploymentUpdate, ConnectError>,
) -> Result<axum::Json<Deployment>, ErrorResponse<ConnectError>> {
    let key = key_of(&segment);
    let actions = read_actions(update.actions).map_err(|errors| *errors)?;
    let mut deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    let deployment = deployments.get_mut(key).ok_or_else(|| not_found(key))?;
    check_version(deployment, update.version)?;
    if !actions.is_empty() {
        for action in actions {
            action.apply(deployment);
        }
        deployment.version += 1;
    }
    Ok(axum::Json(deployment.clone()))
}

/// `?version=` of `DELETE /deployments/key={key}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Version {
    /// The version the deletion expects the deployment to have.
    version: i64,
}

/// Deletes a deployment. (A key that is not valid UTF-8 once percent-decoded is an
/// `InvalidJsonInput`.)
#[utoipa::path(
    delete,
    path = "/deployments/{key}",
    params(("key" = String, Path, description = "`key=<key>`, or the bare key"), Version),
    responses(
        (status = 200, description = "The deployment, deleted", body = Deployment),
        Errors<(
            e::InvalidJsonInput,
            e::InvalidQueryParam,
            e::ResourceNotFound,
            e::ConcurrentModification,
        )>,
    )
)]
async fn delete(
    State(deployments): State<Deployments>,
    Path(segment, ..): Path<String, ConnectError>,
    Query(version, ..): Query<Version, ConnectError>,
) -> Result<axum::Json<Deployment>, ConnectError> {
    let key = key_of(&segment);
    let mut deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    let deployment = deployments.get(key).ok_or_else(|| not_found(key))?;
    check_version(deployment, version.version)?;
    let deployment = deployments.remove(key).ok_or_else(|| not_found(key))?;
    Ok(axum::Json(deployment))
}
