//! axum: every `ApiError` type and [`ErrorResponse`] is `IntoResponse`; [`Contract`] puts the
//! whole application into the contract (unknown routes, wrong methods, bodies too large,
//! timeouts and panics answered in the API's format, request ids); the [`Json`], [`Query`],
//! [`Path`] and [`Form`] extractors report every problem of an input at once, as a
//! [`Rejection`] the API turns into its own error.
//!
//! ```
//! use apifault::axum::{Contract, Json, Rejection};
//! use apifault::edge::EdgeError;
//! use apifault::{ApiError, Violation};
//! use axum::{Router, routing::post};
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "detail")]
//! enum ApiFault {
//!     #[api(status = 422)]
//!     Validation(#[api(violations)] Vec<Violation>),
//!     /// Failures of the transport (413, 415), documented and decoded with the API's errors.
//!     #[api(transparent)]
//!     Edge(EdgeError),
//! }
//!
//! impl From<Rejection> for ApiFault {
//!     fn from(rejection: Rejection) -> Self {
//!         // A body too large stays a 413: only problems with the input become a 422.
//!         match rejection.edge() {
//!             Some(edge) => ApiFault::Edge(edge),
//!             None => ApiFault::Validation(rejection.into_violations()),
//!         }
//!     }
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Item { price: f64 }
//!
//! async fn create(Json(item, ..): Json<Item, ApiFault>) -> Result<String, ApiFault> {
//!     Ok(item.price.to_string())
//! }
//!
//! let app: Router = Router::new()
//!     .route("/items", post(create))
//!     .layer(Contract::<ApiFault>::new());
//! ```

mod contract;
mod extract;
mod rejection;

use axum::body::Body;
use axum::response::{IntoResponse, Response};

pub use self::contract::{Contract, ContractService, RequestIdLayer, RequestIdService};
pub use self::extract::{Form, Json, Path, Query};
use super::language::with_current_language;
pub use super::request_id::{REQUEST_ID_HEADER, RequestId};
use super::request_id::{report, with_current_request_id};
use crate::edge::{self, EdgeError, Rendered};
#[cfg(feature = "garde")]
pub use crate::extract::Garde;
#[cfg(feature = "validator")]
pub use crate::extract::Valid;
pub use crate::extract::{Rejection, RejectionKind};
use crate::report::Detail;
use crate::{ApiError, ErrorResponse};

impl<E: ApiError> IntoResponse for ErrorResponse<E> {
    /// Status, `Content-Type`, headers and body in the type's default format. Inside
    /// [`Contract`] (or [`RequestIdLayer`]), the request id goes into the body: as
    /// `request_id` (envelope) or as `instance` (problem), unless the response has its own.
    ///
    /// A body that cannot be rendered (a field's `Serialize` failed, a header value had a
    /// control character) becomes a 500 [`EdgeError`] in the same format: the broken response
    /// is never sent.
    fn into_response(self) -> Response {
        respond(self, Detail::default())
    }
}

/// The response for `response`, logged with `detail` (feature `tracing`); what every
/// `IntoResponse` of the crate comes down to.
pub(crate) fn respond<E: ApiError>(response: ErrorResponse<E>, detail: Detail<'_>) -> Response {
    let format = E::catalog().default_format();
    let response = with_current_language(with_current_request_id(response, format));
    let mut http = match response.to_http_response_as(&format) {
        Ok(http) => {
            let first = response.first();
            report(response.status(), first.code(), detail);
            http.map(Body::from)
        }
        Err(error) => {
            let failure = Detail {
                debug: detail.debug,
                error: Some(&error),
            };
            let internal = EdgeError::InternalServerError;
            report(internal.status(), internal.code(), failure);
            let edge = with_current_request_id(ErrorResponse::new(internal), format);
            edge::http_response(&edge, format).map(Body::from)
        }
    };
    http.extensions_mut().insert(Rendered);
    http
}
