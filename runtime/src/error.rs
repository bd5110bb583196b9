//! The [`ApiError`] trait: what every error of an HTTP API can say about itself.

use core::fmt;

use http::StatusCode;

use crate::catalog::{Catalog, VariantMeta};

/// An error that is part of an HTTP API's contract.
///
/// Normally derived with `#[derive(ApiError)]` (see the [crate docs](crate)). Every value has a
/// status, a stable machine-readable code and a client-facing message; its [`metadata`] gives
/// the static description of its variant, and [`catalog`] lists every variant of the type
/// without needing a value.
///
/// The provided methods read [`metadata`]; a hand-written implementation only needs the three
/// required methods.
///
/// [`metadata`]: ApiError::metadata
/// [`catalog`]: ApiError::catalog
///
/// # Examples
///
/// ```
/// use apifault::ApiError;
/// use http::StatusCode;
///
/// #[derive(Debug, ApiError)]
/// enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound",
///           message = "The Resource with key '{key}' was not found.")]
///     NotFound { key: String },
/// }
///
/// let err = ConnectError::NotFound { key: "resource-key".into() };
/// assert_eq!(err.status(), StatusCode::NOT_FOUND);
/// assert_eq!(err.code(), "ResourceNotFound");
/// assert_eq!(err.message().to_string(), "The Resource with key 'resource-key' was not found.");
/// assert_eq!(err.title(), "Not Found");
/// ```
pub trait ApiError {
    /// The static description of the variant `self` is.
    fn metadata(&self) -> &'static VariantMeta;

    /// Writes the client-facing message into `f`, without allocating.
    ///
    /// # Errors
    ///
    /// Returns an error only if `f` does (or if a field's `Display` fails).
    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// Every variant of this type, without needing a value.
    fn catalog() -> Catalog
    where
        Self: Sized;

    /// The HTTP status of the response that carries this error.
    fn status(&self) -> StatusCode {
        self.metadata().status()
    }

    /// The stable, machine-readable code, such as `"ConcurrentModification"`.
    fn code(&self) -> &'static str {
        self.metadata().code()
    }

    /// The short summary of the problem type (problem+json `title`): the variant's `title`, or
    /// the status's canonical reason phrase.
    fn title(&self) -> &'static str {
        self.metadata().title()
    }

    /// The problem type URI (problem+json `type`), or `None` for `about:blank`.
    fn type_uri(&self) -> Option<&'static str> {
        self.metadata().type_uri()
    }

    /// The client-facing message as a value that implements [`Display`](fmt::Display).
    ///
    /// Formatting it writes straight into the destination; `to_string()` gives a `String`.
    fn message(&self) -> Message<'_, Self> {
        Message { error: self }
    }
}

/// The client-facing message of an [`ApiError`], returned by [`ApiError::message`].
///
/// Formats through [`ApiError::fmt_message`], so displaying it allocates nothing.
pub struct Message<'a, E: ?Sized> {
    error: &'a E,
}

impl<E: ApiError + ?Sized> fmt::Display for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt_message(f)
    }
}

impl<E: ApiError + ?Sized> fmt::Debug for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Message").field(&format_args!("{self}")).finish()
    }
}

impl<E: ApiError + ?Sized> Clone for Message<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ApiError + ?Sized> Copy for Message<'_, E> {}
