//! The [`ApiError`] trait: what every error of an HTTP API can say about itself.

use core::fmt;

use http::{HeaderMap, StatusCode};

use crate::catalog::{Catalog, VariantMeta};
use crate::headers::HeaderError;
use crate::json::{JsonObject, RenderError};
use crate::locale::{Localization, MessageIn};
use crate::violation::Violation;

/// An error that is part of an HTTP API's contract.
///
/// Normally derived with `#[derive(ApiError)]` (see the [crate docs](crate)). Every value has a
/// status, a stable machine-readable code and a client-facing message; its [`metadata`] gives
/// the static description of its variant, and [`catalog`] lists every variant of the type
/// without needing a value.
///
/// The provided methods read [`metadata`]; a hand-written implementation only needs the three
/// required methods, with its metadata built by [`VariantMeta::new`] in a `static` and its
/// catalog by [`Catalog::new`]. The trait is not sealed: a hand-written error renders in every
/// format, lists in the catalog and nests in a derived `transparent` variant as a derived one
/// does (the `hand_written` test shows one).
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

    /// Writes the variant's extra fields as members of the error object a format is writing
    /// (`,"expectedVersion":3,...`): every field that is not skipped, internal, a header or
    /// the violations, under its wire name, and the members of `flatten` fields.
    ///
    /// # Errors
    ///
    /// When a field's `Serialize` fails, or a `flatten` field is not a map or struct.
    fn write_members(&self, object: &mut JsonObject<'_>) -> Result<(), RenderError> {
        let _ = object;
        Ok(())
    }

    /// Writes the client-facing message as a JSON string (quoted and escaped) into `out`.
    ///
    /// The derive writes the literal pieces of the message escaped once, when it expands, and
    /// formats and escapes only the interpolated fields; this default formats and escapes the
    /// whole message.
    ///
    /// # Errors
    ///
    /// When a field's `Display` fails.
    fn write_message_json(&self, out: &mut Vec<u8>) -> Result<(), RenderError> {
        crate::json::write_display(out, &Message::new(self))
    }

    /// The variant's field-level problems (its `#[api(violations)]` field); empty if none.
    fn violations(&self) -> &[Violation] {
        &[]
    }

    /// Adds the variant's response headers (`#[api(header = "...")]` and `#[api(headers)]`
    /// fields). A header already in `headers` is kept.
    ///
    /// # Errors
    ///
    /// When a value cannot be sent as a header (a control character, say).
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
        let _ = headers;
        Ok(())
    }

    /// The type's locales and translations (`#[api(locales = "...")]`); [`Localization::NONE`]
    /// for a type without them. See [Localized messages](crate#localized-messages).
    #[must_use]
    fn localization() -> &'static Localization
    where
        Self: Sized,
    {
        &Localization::NONE
    }

    /// Writes the message in `locale` (one of the type's tags, as
    /// [`Localization::negotiate`] gives it) into `f`; the default message for the default
    /// locale, a locale the type does not have, or a code the locale does not translate.
    ///
    /// # Errors
    ///
    /// As [`fmt_message`](ApiError::fmt_message).
    fn fmt_message_in(&self, locale: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let _ = locale;
        self.fmt_message(f)
    }

    /// Writes the message in `locale` as a JSON string into `out`, as
    /// [`write_message_json`](ApiError::write_message_json) does for the default one.
    ///
    /// # Errors
    ///
    /// When a field's `Display` fails.
    fn write_message_json_in(&self, locale: &str, out: &mut Vec<u8>) -> Result<(), RenderError> {
        let _ = locale;
        self.write_message_json(out)
    }

    /// The problem+json title in `locale`: the translation's `.title` where it gives one, else
    /// [`title`](ApiError::title).
    fn title_in(&self, locale: &str) -> &'static str {
        let _ = locale;
        self.title()
    }

    /// The message in `locale`, as a value that implements [`Display`](fmt::Display).
    fn message_in<'a>(&'a self, locale: &'a str) -> MessageIn<'a, Self>
    where
        Self: Sized,
    {
        MessageIn::new(self, locale)
    }

    /// The client-facing message as a value that implements [`Display`](fmt::Display).
    ///
    /// Formatting it writes straight into the destination; `to_string()` gives a `String`.
    /// For a `dyn ApiError`, which this method cannot serve, use [`Message::new`].
    fn message(&self) -> Message<'_, Self>
    where
        Self: Sized,
    {
        Message { error: self }
    }
}

/// The client-facing message of an [`ApiError`], returned by [`ApiError::message`].
///
/// Formats through [`ApiError::fmt_message`], so displaying it allocates nothing.
pub struct Message<'a, E: ?Sized> {
    error: &'a E,
}

impl<'a, E: ApiError + ?Sized> Message<'a, E> {
    /// The message of `error`; the same as `error.message()`, and usable on a `dyn ApiError`.
    ///
    /// ```
    /// use apifault::{ApiError, Message};
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(status = 400, message = "bad input")]
    /// struct BadInput;
    ///
    /// let error: &dyn ApiError = &BadInput;
    /// assert_eq!(Message::new(error).to_string(), "bad input");
    /// ```
    pub fn new(error: &'a E) -> Self {
        Message { error }
    }
}

impl<E: ApiError + ?Sized> fmt::Display for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt_message(f)
    }
}

impl<E: ApiError + ?Sized> fmt::Debug for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Message")
            .field(&format_args!("{self}"))
            .finish()
    }
}

impl<E: ApiError + ?Sized> Clone for Message<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ApiError + ?Sized> Copy for Message<'_, E> {}

/// Forwards every method, so a `transparent` variant can hold a reference or a box.
macro_rules! forward_api_error {
    ($($pointer:ty),*) => {$(
        impl<E: ApiError> ApiError for $pointer {
            fn metadata(&self) -> &'static VariantMeta {
                (**self).metadata()
            }
            fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (**self).fmt_message(f)
            }
            fn catalog() -> Catalog {
                E::catalog()
            }
            fn status(&self) -> StatusCode {
                (**self).status()
            }
            fn code(&self) -> &'static str {
                (**self).code()
            }
            fn title(&self) -> &'static str {
                (**self).title()
            }
            fn type_uri(&self) -> Option<&'static str> {
                (**self).type_uri()
            }
            fn write_members(&self, object: &mut JsonObject<'_>) -> Result<(), RenderError> {
                (**self).write_members(object)
            }
            fn write_message_json(&self, out: &mut Vec<u8>) -> Result<(), RenderError> {
                (**self).write_message_json(out)
            }
            fn violations(&self) -> &[Violation] {
                (**self).violations()
            }
            fn localization() -> &'static Localization {
                E::localization()
            }
            fn fmt_message_in(&self, locale: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (**self).fmt_message_in(locale, f)
            }
            fn write_message_json_in(&self, locale: &str, out: &mut Vec<u8>) -> Result<(), RenderError> {
                (**self).write_message_json_in(locale, out)
            }
            fn title_in(&self, locale: &str) -> &'static str {
                (**self).title_in(locale)
            }
            fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
                (**self).write_headers(headers)
            }
        }
    )*};
}

forward_api_error!(&E, Box<E>);
