//! Writing JSON into a caller's `Vec<u8>`: the building blocks of every format.
//!
//! Strings are escaped exactly as `serde_json` escapes them (a property test holds the two
//! together), messages are formatted straight into the buffer and escaped on the way, never
//! into a `String`, and users' field values go through their own `Serialize`.
//!
//! The escaping is this module's own because `serde_json` only escapes whole, quoted strings:
//! a message's interpolated fields are pieces of a string that is already open.

use core::fmt;

use serde::Serialize;

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
            // The serializer's own error is the `source()`, not repeated here.
            RenderError::Json(_) => f.write_str("cannot serialize the error body"),
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
            // Transparent: its message is this error's, so its cause is this error's too.
            RenderError::Header(error) => error.source(),
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

/// What each byte becomes in a JSON string: 0 for itself, `u` for `\u00XX`, or the letter
/// after the backslash. The same table as `serde_json`'s, so the bytes are the same.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Appends `text` escaped as the contents of a JSON string (no quotes): runs of bytes that
/// need no escape are copied whole.
pub(crate) fn write_escaped_contents(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(byte)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..index]);
        if escape == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Writes `text` as a JSON string, quoted and escaped.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_escaped_contents(out, text);
    out.push(b'"');
}

/// Escapes what a `Display` implementation writes, chunk by chunk, into an open JSON string.
pub(crate) struct EscapingWriter<'a>(pub(crate) &'a mut Vec<u8>);

impl fmt::Write for EscapingWriter<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        write_escaped_contents(self.0, text);
        Ok(())
    }
}

/// A `Display` implementation returned an error (the writer never does).
pub(crate) fn display_failed() -> RenderError {
    RenderError::Json(serde::ser::Error::custom(
        "a Display implementation returned an error",
    ))
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
    out.push(b'"');
    fmt::write(&mut EscapingWriter(out), format_args!("{value}")).map_err(|_| display_failed())?;
    out.push(b'"');
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

/// Shows how far the body has come, as text.
impl core::fmt::Debug for JsonObject<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JsonObject")
            .field("written", &String::from_utf8_lossy(self.out))
            .finish()
    }
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

#[cfg(test)]
mod tests {
    use super::{write_display, write_str};

    /// Every character escapes as `serde_json` escapes it, alone and between others.
    #[test]
    fn escapes_like_serde_json() {
        let mut out = Vec::new();
        for character in (0..=0x11_0000).filter_map(char::from_u32) {
            for text in [
                character.to_string(),
                format!("a{character}\u{e9}{character}\"z"),
            ] {
                out.clear();
                write_str(&mut out, &text);
                assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
            }
        }
    }

    /// A `Display` value is escaped chunk by chunk as it is formatted.
    #[test]
    fn display_is_escaped_while_formatted() {
        let mut out = Vec::new();
        write_display(
            &mut out,
            &format_args!("{}\n{:>4}|{:?}", "say \"hi\"", 7, "\\"),
        )
        .unwrap();
        assert_eq!(out, br#""say \"hi\"\n   7|\"\\\\\"""#);
    }
}
