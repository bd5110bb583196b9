//! Decoding error responses back into the typed enum, on the client side (feature `client`).
//!
//! The same enum that a server renders is what its clients match on. [`Decoder::decode`] reads
//! status, headers and body, finds each error's variant (by `code` in the errors and envelope
//! formats, by `type` or by `title` and status in problem+json (each item of an `errors`
//! extension by its own `status`), by status and the body's
//! shape in FastAPI's `detail`), and builds it from the wire:
//!
//! - members come back through `Deserialize`, `header` fields from their header
//!   ([`FromHeaderValue`]), `headers` fields from the response headers ([`FromHeaders`]),
//!   violations from the format's items;
//! - fields that never travel (`skip`, sources, tuple fields without `rename`) take their
//!   `Default`. A variant with such a field whose type has no default does not compile with
//!   the `client` feature until it is marked `#[api(no_decode)]`; such a variant always comes
//!   back as an [`UnknownError`];
//! - an error whose code the enum does not know, or whose members cannot build its variant
//!   (missing, or of the wrong type: RFC 9457 section 3.1 says to ignore such members), comes
//!   back as an [`UnknownError`] with everything it carried, so an older client keeps working.
//!
//! A decoded value's message is recomputed from its fields; the message as received is kept
//! beside it in [`Received::Known`].
//!
//! ```
//! use apifault::client::{Decoder, Received};
//! use apifault::ApiError;
//!
//! #[derive(Debug, PartialEq, ApiError)]
//! #[api(format = "errors", rename_all = "camelCase")]
//! enum ConnectError {
//!     #[api(status = 409, code = "ConcurrentModification",
//!           message = "Expected: {expected_version} - Actual: {current_version})")]
//!     ConcurrentModification { expected_version: i64, current_version: i64 },
//! }
//!
//! let body = br#"{"statusCode":409,"message":"Expected: 3 - Actual: 4)","errors":[{"code":"ConcurrentModification","message":"Expected: 3 - Actual: 4)","expectedVersion":3,"currentVersion":4}]}"#;
//! let decoded = Decoder::new()
//!     .decode::<ConnectError>(http::StatusCode::CONFLICT, &http::HeaderMap::new(), body)
//!     .unwrap();
//! match &decoded.errors[0] {
//!     Received::Known { error: ConnectError::ConcurrentModification { current_version, .. }, .. } => {
//!         assert_eq!(*current_version, 4); // retry with it
//!     }
//!     other => panic!("{other:?}"),
//! }
//! ```

mod headers;
mod parse;
#[cfg(feature = "reqwest")]
mod reqwest;
pub(crate) mod wire;

use core::fmt;

use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

pub use self::headers::{FromHeaderValue, FromHeaders};
#[cfg(feature = "reqwest")]
pub use self::reqwest::{ReqwestError, decode_reqwest};
use self::wire::Wire;
use crate::violation::Violation;
use crate::{ApiError, BuiltinFormat};

/// A type that [`Decoder::decode`] can build from an error response: implemented by
/// `#[derive(ApiError)]` when the `client` feature is on, for every variant without
/// `no_decode` (and for `Box<E>`). Not meant to be implemented by hand: its method reads the
/// derive's view of the wire, which is not public API.
pub trait Decode: ApiError + Sized {
    /// The value, if `wire` is one of this type's variants and carries what it needs.
    #[doc(hidden)]
    fn from_wire(wire: &Wire<'_>) -> Option<Self>;
}

/// A boxed error decodes as its content (a `transparent` variant may hold a `Box`).
impl<E: Decode> Decode for Box<E> {
    fn from_wire(wire: &Wire<'_>) -> Option<Self> {
        E::from_wire(wire).map(Box::new)
    }
}

/// Reads error responses, within limits.
#[derive(Debug, Clone, Copy)]
pub struct Decoder {
    max_body_size: usize,
    max_depth: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            max_body_size: 1024 * 1024,
            max_depth: 32,
        }
    }
}

impl Decoder {
    /// A decoder for bodies of at most 1 MiB nested at most 32 levels deep.
    #[must_use]
    pub fn new() -> Self {
        Decoder::default()
    }

    /// Refuses bodies longer than `bytes`.
    #[must_use]
    pub fn with_max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Refuses bodies nested deeper than `levels` arrays and objects.
    #[must_use]
    pub fn with_max_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels;
        self
    }

    /// Decodes a response in `E`'s default format.
    ///
    /// # Errors
    ///
    /// When the body is too large or too deep, is not JSON, or does not have the format's
    /// shape. Errors the enum does not know are not failures: they are
    /// [`Received::Unknown`].
    pub fn decode<E: Decode>(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Decoded<E>, DecodeError> {
        self.decode_as(E::catalog().default_format(), status, headers, body)
    }

    /// Decodes a response in `format`.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode).
    pub fn decode_as<E: Decode>(
        &self,
        format: BuiltinFormat,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Decoded<E>, DecodeError> {
        if body.len() > self.max_body_size {
            return Err(DecodeError::TooLarge {
                limit: self.max_body_size,
            });
        }
        if nesting_depth(body) > self.max_depth {
            return Err(DecodeError::TooDeep {
                limit: self.max_depth,
            });
        }
        let value: Value = serde_json::from_slice(body).map_err(DecodeError::NotJson)?;
        let catalog = E::catalog();
        let body = parse::body(&catalog, format, &value).ok_or(DecodeError::Shape { format })?;
        let errors = body
            .errors
            .into_iter()
            .map(|raw| {
                // An error's own status, where the format gives one, else the response's.
                let status = raw.status.unwrap_or(status);
                let meta = parse::resolve(&catalog, E::localization(), format, status, &raw);
                let built = meta.and_then(|meta| {
                    let wire = Wire {
                        meta,
                        members: &raw.members,
                        violations: &raw.violations,
                        headers,
                    };
                    E::from_wire(&wire)
                });
                match built {
                    Some(error) => Received::Known {
                        error,
                        message: raw.message.unwrap_or_default(),
                    },
                    None => Received::Unknown(UnknownError {
                        status,
                        code: raw.code,
                        message: raw.message,
                        members: raw.members,
                        violations: raw.violations,
                    }),
                }
            })
            .collect();
        Ok(Decoded {
            status,
            errors,
            request_id: body.request_id,
            instance: body.instance,
        })
    }
}

/// The deepest nesting of arrays and objects in `body`, outside strings. Counted before
/// parsing, so a hostile body cannot exhaust the stack or memory.
fn nesting_depth(body: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &byte in body {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// A decoded response.
#[derive(Debug)]
#[non_exhaustive]
pub struct Decoded<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// Every error of the body, in order.
    pub errors: Vec<Received<E>>,
    /// The body's `request_id`, if it had one.
    pub request_id: Option<String>,
    /// The problem's `instance`, if it had one.
    pub instance: Option<String>,
}

/// One error of a response.
#[derive(Debug)]
pub enum Received<E> {
    /// A variant of the enum.
    Known {
        /// The value, built from the wire.
        error: E,
        /// The message as received.
        message: String,
    },
    /// An error the enum does not know, or could not build.
    Unknown(UnknownError),
}

impl<E> Received<E> {
    /// The value, if the error was known, by value.
    #[must_use]
    pub fn into_known(self) -> Option<E> {
        match self {
            Received::Known { error, .. } => Some(error),
            Received::Unknown(_) => None,
        }
    }

    /// The value, if the error was known.
    #[must_use]
    pub fn known(&self) -> Option<&E> {
        match self {
            Received::Known { error, .. } => Some(error),
            Received::Unknown(_) => None,
        }
    }
}

/// An error a client could not type: everything the response said about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Its code (errors and envelope formats), or its type URI (problem+json), if any.
    pub code: Option<String>,
    /// Its message (`message`, `detail`, `msg`), if any.
    pub message: Option<String>,
    /// Its other members, as received.
    pub members: Map<String, Value>,
    /// Its field-level problems, if it had any.
    pub violations: Vec<Violation>,
}

/// Why a response could not be decoded at all.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is longer than the decoder allows.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body nests deeper than the decoder allows.
    TooDeep {
        /// The limit, in levels.
        limit: usize,
    },
    /// The body is not JSON.
    NotJson(serde_json::Error),
    /// The body is JSON, but not of the format's shape.
    Shape {
        /// The format the body was read as.
        format: BuiltinFormat,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { limit } => {
                write!(f, "the error body is larger than {limit} bytes")
            }
            DecodeError::TooDeep { limit } => {
                write!(f, "the error body nests deeper than {limit} levels")
            }
            // The parser's own error is the `source()`, not repeated here.
            DecodeError::NotJson(_) => f.write_str("the error body is not JSON"),
            DecodeError::Shape { format } => write!(
                f,
                "the error body does not have the `{format}` format's shape"
            ),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::NotJson(error) => Some(error),
            _ => None,
        }
    }
}
