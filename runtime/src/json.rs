//! Writing JSON into a caller's `Vec<u8>`: the building blocks of every format.
//!
//! Strings go through `serde_json`'s escaping, messages through its `collect_str` (the message
//! is formatted straight into the buffer, escaped on the way, never into a `String`), and users'
//! field values through their own `Serialize`. Nothing is spliced in by hand.

use core::fmt;

use serde::Serialize;
use serde::ser::Serializer as _;

use crate::headers::HeaderError;

/// Why a response could not be rendered.
#[derive(Debug)]
#[non_exhaustive]
pub enum RenderError {
    /// A field's `Serialize` implementation failed, or a message's `Display` did.
    Json(serde_json::Error),
    /// A `#[api(flatten)]` field did not serialize as a map or struct (or as nothing).
    Flatten {
        /// The Rust type of the field.
        type_name: &'static str,
    },
    /// A header value was rejected (see [`HeaderError`]).
    Header(HeaderError),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Json(error) => write!(f, "cannot serialize the error body: {error}"),
            RenderError::Flatten { type_name } => write!(
                f,
                "a #[api(flatten)] field of type `{type_name}` must serialize as a map or a struct"
            ),
            RenderError::Header(error) => error.fmt(f),
        }
    }
}

impl core::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            RenderError::Json(error) => Some(error),
            RenderError::Header(error) => Some(error),
            RenderError::Flatten { .. } => None,
        }
    }
}

impl From<serde_json::Error> for RenderError {
    fn from(error: serde_json::Error) -> Self {
        RenderError::Json(error)
    }
}

impl From<HeaderError> for RenderError {
    fn from(error: HeaderError) -> Self {
        RenderError::Header(error)
    }
}

fn serializer(out: &mut Vec<u8>) -> serde_json::Serializer<&mut Vec<u8>> {
    serde_json::Serializer::new(out)
}

/// Writes `text` as a JSON string, quoted and escaped.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    // Writing a `str` into a `Vec` cannot fail: the only errors are the writer's.
    let _ = serializer(out).serialize_str(text);
}

/// Writes a `Display` value as a JSON string, escaped while it is formatted.
///
/// # Errors
///
/// If the value's `Display` implementation fails.
pub fn write_display(
    out: &mut Vec<u8>,
    value: &(impl fmt::Display + ?Sized),
) -> Result<(), RenderError> {
    serializer(out).collect_str(value)?;
    Ok(())
}

/// Writes any `Serialize` value as JSON.
///
/// # Errors
///
/// If the value's `Serialize` implementation fails.
pub fn write_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), RenderError> {
    value.serialize(&mut serializer(out))?;
    Ok(())
}

/// The members of a JSON object being written, after its opening brace and first member:
/// each new member is written with a leading comma.
///
/// A format hands one to [`ApiError::write_members`](crate::ApiError::write_members) so that
/// a variant's extra fields land inside the format's error object.
///
/// # Examples
///
/// ```
/// use apifault::json::{write_str, JsonObject};
///
/// let mut out = Vec::new();
/// out.extend_from_slice(b"{\"code\":");
/// write_str(&mut out, "E1");
/// let mut object = JsonObject::continuing(&mut out);
/// object.member("attempts", &3).unwrap();
/// object.member("say \"hi\"", "ok").unwrap();
/// out.push(b'}');
/// assert_eq!(out, br#"{"code":"E1","attempts":3,"say \"hi\"":"ok"}"#);
/// ```
pub struct JsonObject<'a> {
    pub(crate) out: &'a mut Vec<u8>,
}

impl<'a> JsonObject<'a> {
    /// Continues an object whose opening brace and at least one member `out` already holds.
    pub fn continuing(out: &'a mut Vec<u8>) -> Self {
        JsonObject { out }
    }

    /// Writes `,"key":value`.
    ///
    /// # Errors
    ///
    /// If the value's `Serialize` implementation fails.
    pub fn member<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), RenderError> {
        self.out.push(b',');
        write_str(self.out, key);
        self.out.push(b':');
        write_value(self.out, value)
    }

    /// Writes `prefix` (a comma, an escaped quoted key and a colon, escaped when the derive
    /// expanded) and then the value.
    pub(crate) fn member_with_prefix<T: Serialize + ?Sized>(
        &mut self,
        prefix: &'static str,
        value: &T,
    ) -> Result<(), RenderError> {
        self.out.extend_from_slice(prefix.as_bytes());
        write_value(self.out, value)
    }

    /// Merges the members of `value`, which must serialize as a map or struct (or as `null` or
    /// an empty object, which add nothing).
    ///
    /// # Errors
    ///
    /// [`RenderError::Flatten`] if `value` serializes as anything else; what was written is
    /// removed again.
    pub fn flatten<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), RenderError> {
        let start = self.out.len();
        let written = write_value(self.out, value);
        // The value is written in place and its braces are turned into this object's
        // separators: no intermediate buffer, no `serde_json::Value`.
        let body = &self.out[start..];
        let outcome = match (written, body) {
            (Err(error), _) => Err(error),
            (Ok(()), b"null" | b"{}") => {
                self.out.truncate(start);
                return Ok(());
            }
            (Ok(()), [b'{', .., b'}']) => Ok(()),
            (Ok(()), _) => Err(RenderError::Flatten {
                type_name: core::any::type_name::<T>(),
            }),
        };
        if let Err(error) = outcome {
            self.out.truncate(start);
            return Err(error);
        }
        self.out[start] = b',';
        self.out.pop();
        Ok(())
    }
}
