//! The Connect API's errors as the tests, the benchmarks and the edge benchmark share them:
//! three variants of commercetools' `errors` shape, declared once here (the example server's
//! own enum, in [`connect`](crate::connect), has more variants and its own attributes).
//!
//! ```
//! use apifault::ErrorResponse;
//! use apifault_examples::fixture::{self, ConnectError};
//!
//! let mut body = Vec::new();
//! ErrorResponse::new(fixture::concurrent_modification(0)).render(&mut body).unwrap();
//! assert!(body.starts_with(br#"{"statusCode":409,"message":"Object id=abc or key=k1"#));
//! # let _ = ConnectError::ResourceNotFound(String::new());
//! ```

use apifault::ApiError;

/// Errors of the Connect API.
#[derive(Debug, Clone, PartialEq, ApiError)]
#[api(format = "errors", rename_all = "camelCase")]
pub enum ConnectError {
    /// Returned when an invalid JSON input has been sent.
    #[api(status = 400, code = "InvalidJsonInput", message = "{message}")]
    InvalidJsonInput {
        /// What the parser said, the message.
        #[api(skip)]
        message: String,
        /// Where the parser stopped.
        detailed_error_message: String,
    },
    #[api(status = CONFLICT, code = "ConcurrentModification",
          message = "Object id={resource_id} or key={resource_key} has a different version \
                     than expected. Expected: {expected_version} - Actual: {current_version})")]
    /// Returned when the version in an update is not the resource's current version.
    ConcurrentModification {
        /// The resource's id.
        #[api(skip)]
        resource_id: String,
        /// The resource's key.
        #[api(skip)]
        resource_key: String,
        /// The version the update was made against.
        expected_version: i64,
        /// The resource's version now.
        current_version: i64,
    },
    /// Returned when no resource has the key (its only field).
    #[api(
        status = 404,
        code = "ResourceNotFound",
        message = "The Resource with key '{0}' was not found."
    )]
    ResourceNotFound(String),
}

/// The `index`th of a run of `ConcurrentModification` errors: the first is the golden body's
/// (`id=abc`, `key=k1`, versions 3 and 4), the others differ in ids and versions.
#[must_use]
pub fn concurrent_modification(index: usize) -> ConnectError {
    let (resource_id, resource_key) = if index == 0 {
        ("abc".to_owned(), "k1".to_owned())
    } else {
        (format!("abc{index}"), format!("k{}", index + 1))
    };
    let offset = i64::try_from(index).unwrap_or(0) * 7;
    ConnectError::ConcurrentModification {
        resource_id,
        resource_key,
        expected_version: 3 + offset,
        current_version: 4 + offset,
    }
}
