//! Prints an OpenAPI document of the Konnect-style API (`examples/konnect.rs`): each route
//! lists the errors it can answer with as a compiler-checked list of `KonnectError`'s
//! variants (`Errors<(konnect_error::Unauthorized, ...)>`: a variant that does not exist does
//! not compile), every variant's body schema is a `$ref` component, every example is the body
//! the server sends, and the edge (unknown routes, wrong methods, 413, 415, 500) is
//! documented as the server answers it.
//!
//! ```text
//! cargo run -p apifault-examples --example openapi
//! ```

use apifault::edge::EdgeError;
use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
use apifault_examples::konnect::KonnectError;
use apifault_examples::konnect::konnect_error as e;
use utoipa::OpenApi;

/// Creates a control plane.
#[utoipa::path(
    post,
    path = "/v2/control-planes",
    responses(
        (status = 201, description = "Created"),
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
#[allow(dead_code, reason = "only its documentation is used")]
fn create() {}

/// Shows a control plane.
#[utoipa::path(
    get,
    path = "/v2/control-planes/{id}",
    params(("id" = String, Path, description = "The control plane's id, a UUID")),
    responses(
        (status = 200, description = "The control plane"),
        Errors<(e::InvalidIdFormat, e::Unauthorized, e::ControlPlaneNotFound)>,
    )
)]
#[allow(dead_code, reason = "only its documentation is used")]
fn show() {}

/// What the server's `Contract` maps the edge to (`konnect_edge` in `examples/src/konnect.rs`).
fn konnect_edge(edge: &EdgeError) -> Option<KonnectError> {
    match edge {
        EdgeError::NotFound => Some(KonnectError::RouteNotFound),
        EdgeError::MethodNotAllowed { .. } => Some(KonnectError::MethodNotAllowed),
        EdgeError::UnsupportedMediaType => Some(KonnectError::UnsupportedMediaType),
        _ => None,
    }
}

const COMPONENTS: ErrorComponents<KonnectError> = ErrorComponents::new();
const EDGE: EdgeResponses<KonnectError> = EdgeResponses::new().map(konnect_edge);

#[derive(OpenApi)]
#[openapi(
    info(title = "Konnect-style control planes"),
    paths(create, show),
    modifiers(&COMPONENTS, &EDGE)
)]
struct Api;

/// The document.
pub(crate) fn document() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

#[allow(
    dead_code,
    reason = "tests/openapi_contract.rs includes this file without calling it"
)]
fn main() {
    match document().to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(error) => {
            eprintln!("cannot print the OpenAPI document: {error}");
            std::process::exit(1);
        }
    }
}
