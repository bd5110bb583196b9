//! A Connect-style API (commercetools Connect): deployments kept in memory, errors in the
//! `errors` shape (`{"statusCode","message","errors":[...]}`), `application/json`.
//!
//! Routes and the error each can answer with are listed in `examples/connect.rs` and in
//! `examples/README.md`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use apifault::ApiError;
use apifault::Source;
use apifault::axum::{Json, Path, Query, Rejection};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde::{Deserialize, Serialize};

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
}

/// A rejected body becomes `InvalidJsonInput`, a rejected query string `InvalidQueryParam`,
/// both with axum's explanation as `detailedErrorMessage`.
impl From<Rejection> for ConnectError {
    fn from(rejection: Rejection) -> Self {
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
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    id: String,
    key: String,
    version: i64,
    region: String,
}

/// The body of `POST /deployments`.
#[derive(Debug, Deserialize)]
struct DeploymentDraft {
    key: String,
    region: String,
}

/// The body of `POST /deployments/{key}`.
#[derive(Debug, Deserialize)]
struct DeploymentUpdate {
    version: i64,
    region: String,
}

/// `?limit=&offset=` of `GET /deployments`.
#[derive(Debug, Deserialize)]
struct Page {
    limit: Option<u32>,
    offset: Option<u32>,
}

/// The largest page `GET /deployments` serves.
const MAX_LIMIT: u32 = 500;

type Deployments = Arc<Mutex<HashMap<String, Deployment>>>;

/// The server: `GET`/`POST /deployments`, `GET`/`POST`/`DELETE /deployments/{key}`.
pub fn app() -> Router {
    Router::new()
        .route("/deployments", get(list).post(create))
        .route("/deployments/{key}", get(show).post(update).delete(delete))
        .with_state(Deployments::default())
}

fn not_found(key: &str) -> ConnectError {
    ConnectError::ResourceNotFound {
        resource_id: String::new(),
        resource_key: key.to_owned(),
    }
}

/// A page of `GET /deployments`.
#[derive(Debug, Serialize)]
struct PagedResults {
    count: usize,
    results: Vec<Deployment>,
}

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

async fn show(
    State(deployments): State<Deployments>,
    Path(key, ..): Path<String, ConnectError>,
) -> Result<axum::Json<Deployment>, ConnectError> {
    let deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    deployments
        .get(&key)
        .cloned()
        .map(axum::Json)
        .ok_or_else(|| not_found(&key))
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

async fn update(
    State(deployments): State<Deployments>,
    Path(key, ..): Path<String, ConnectError>,
    Json(update, ..): Json<DeploymentUpdate, ConnectError>,
) -> Result<axum::Json<Deployment>, ConnectError> {
    let mut deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    let deployment = deployments.get_mut(&key).ok_or_else(|| not_found(&key))?;
    check_version(deployment, update.version)?;
    deployment.region = update.region;
    deployment.version += 1;
    Ok(axum::Json(deployment.clone()))
}

/// `?version=` of `DELETE /deployments/{key}`.
#[derive(Debug, Deserialize)]
struct Version {
    version: i64,
}

async fn delete(
    State(deployments): State<Deployments>,
    Path(key, ..): Path<String, ConnectError>,
    Query(version, ..): Query<Version, ConnectError>,
) -> Result<axum::Json<Deployment>, ConnectError> {
    let mut deployments = deployments.lock().unwrap_or_else(PoisonError::into_inner);
    let deployment = deployments.get(&key).ok_or_else(|| not_found(&key))?;
    check_version(deployment, version.version)?;
    let deployment = deployments.remove(&key).ok_or_else(|| not_found(&key))?;
    Ok(axum::Json(deployment))
}
