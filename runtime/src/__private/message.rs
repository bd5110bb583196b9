//! Where a derived message is written: one generated `match` serves both `fmt_message` (a
//! `Formatter`) and `write_message_json` (JSON string contents in a `Vec<u8>`).
//!
//! The derive emits, for each variant, calls to `text` with the literal text (or to
//! `escaped_text` with it as written and as escaped for JSON when the macro expanded, if the
//! two differ) and to `field` for each interpolated field, into a `MessageSink`. A formatter
//! sink writes the text as written; a JSON sink copies the pre-escaped text and escapes only
//! what the fields' `Display` writes.
//!
//! A field whose type is spelled as a standard string, integer, `bool` or `char` type is
//! written through `Piece` instead, without `core::fmt` (`itoa` for integers, one escape
//! call for strings).
//!
//! The calls return nothing: the sink keeps the first failure and skips what follows, so the
//! generated code needs no `?` per piece. Both choices keep `cargo check` of a large enum cheap:
//! a `?`, or a method call that has to search through traits, per field costs measurably more
//! than a call of a generic function.

use core::fmt::{self, Display, Formatter};

use crate::error::ApiError;
use crate::json::{EscapingWriter, RenderError, display_failed};

/// The destination of a derived message, and whether writing has failed.
pub struct MessageSink<'a, 'f> {
    target: Target<'a, 'f>,
    failed: bool,
}

enum Target<'a, 'f> {
    Formatter(&'a mut Formatter<'f>),
    /// Inside a JSON string that the caller has opened and will close.
    Json(&'a mut Vec<u8>),
}

/// Implemented by the derive: writes the variant's message into a sink.
pub trait WriteMessage {
    fn write_message(&self, sink: &mut MessageSink<'_, '_>);
}

impl MessageSink<'_, '_> {
    /// Writes `Display` output, escaped for JSON on the way.
    fn write_fmt(&mut self, arguments: fmt::Arguments<'_>) {
        if self.failed {
            return;
        }
        let result = match &mut self.target {
            Target::Formatter(formatter) => formatter.write_fmt(arguments),
            Target::Json(out) => fmt::write(&mut EscapingWriter(out), arguments),
        };
        self.failed = result.is_err();
    }
}

/// `ApiError::fmt_message` of a derived type.
///
/// # Errors
///
/// When `f` or a field's `Display` fails.
pub fn fmt_message<M: WriteMessage + ?Sized>(message: &M, f: &mut Formatter<'_>) -> fmt::Result {
    let mut sink = MessageSink {
        target: Target::Formatter(f),
        failed: false,
    };
    message.write_message(&mut sink);
    if sink.failed { Err(fmt::Error) } else { Ok(()) }
}

/// `ApiError::write_message_json` of a derived type: the message as a quoted JSON string.
///
/// # Errors
///
/// When a field's `Display` fails.
pub fn write_message_json<M: WriteMessage + ?Sized>(
    message: &M,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    out.push(b'"');
    let mut sink = MessageSink {
        target: Target::Json(out),
        failed: false,
    };
    message.write_message(&mut sink);
    if sink.failed {
        return Err(display_failed());
    }
    out.push(b'"');
    Ok(())
}

/// Literal text of a message that JSON needs no escape for: the same bytes either way.
#[inline]
pub fn text(sink: &mut MessageSink<'_, '_>, text: &'static str) {
    escaped_text(sink, text, text);
}

/// Literal text of a message: `raw` as the template has it, `json` the same escaped for a JSON
/// string when the derive expanded.
#[inline]
pub fn escaped_text(sink: &mut MessageSink<'_, '_>, raw: &'static str, json: &'static str) {
    if sink.failed {
        return;
    }
    match &mut sink.target {
        Target::Formatter(formatter) => sink.failed = formatter.write_str(raw).is_err(),
        Target::Json(out) => out.extend_from_slice(json.as_bytes()),
    }
}

/// A field interpolated with a bare `{field}`.
///
/// The `Display` bound is where a field that cannot be displayed is reported, on the message.
#[inline]
pub fn field<T: Display + ?Sized>(sink: &mut MessageSink<'_, '_>, value: &T) {
    sink.write_fmt(format_args!("{value}"));
}

/// A field whose type the derive saw spelled as `String`, `str`, `&str`, an integer type,
/// `bool` or `char`: `Piece(field).write(sink)`.
///
/// For the standard types, an inherent `write` (below) writes the field directly; inherent
/// methods come before trait methods, so any other type that is spelled the same (a user's own
/// `String`) falls through to [`DisplayPiece::write`] and its `Display`. The derive imports
/// `DisplayPiece` once per `write_message`.
pub struct Piece<'a, T: ?Sized>(pub &'a T);

/// The way a [`Piece`] that is not a standard type is written: through its `Display`.
pub trait DisplayPiece {
    fn write(&self, sink: &mut MessageSink<'_, '_>);
}

impl<T: Display + ?Sized> DisplayPiece for Piece<'_, T> {
    #[inline]
    fn write(&self, sink: &mut MessageSink<'_, '_>) {
        field(sink, self.0);
    }
}

/// A standard type whose `Display` text can be written without `core::fmt`.
trait Text {
    /// Calls `write` with the text `Display` would write.
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R;
}

impl Text for str {
    #[inline]
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        write(self)
    }
}

impl Text for String {
    #[inline]
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        write(self)
    }
}

impl<T: Text + ?Sized> Text for &T {
    #[inline]
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        (**self).with_text(write)
    }
}

impl Text for bool {
    #[inline]
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        write(if *self { "true" } else { "false" })
    }
}

impl Text for char {
    #[inline]
    fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        write(self.encode_utf8(&mut [0; 4]))
    }
}

/// Integers: `itoa` writes the digits `Display` would.
macro_rules! integer_text {
    ($($ty:ty),*) => {$(
        impl Text for $ty {
            #[inline]
            fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
                write(itoa::Buffer::new().format(*self))
            }
        }
    )*};
}

integer_text!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// The inherent `write` of each standard type a [`Piece`] can hold.
macro_rules! direct_pieces {
    ($($ty:ty),*) => {$(
        impl Piece<'_, $ty> {
            #[inline]
            pub fn write(&self, sink: &mut MessageSink<'_, '_>) {
                write_text(sink, self.0);
            }
        }
    )*};
}

direct_pieces!(
    str, &str, String, &String, bool, char, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64,
    i128, isize
);

#[inline]
fn write_text<T: Text + ?Sized>(sink: &mut MessageSink<'_, '_>, value: &T) {
    if sink.failed {
        return;
    }
    match &mut sink.target {
        Target::Formatter(formatter) => {
            sink.failed = value.with_text(|text| formatter.write_str(text)).is_err();
        }
        Target::Json(out) => value.with_text(|text| crate::json::write_escaped_contents(out, text)),
    }
}

/// A field with a format spec (`{field:>8}`, `{field:?}`), or a message with extra arguments.
#[inline]
pub fn formatted(sink: &mut MessageSink<'_, '_>, arguments: fmt::Arguments<'_>) {
    sink.write_fmt(arguments);
}

/// The message of a variant without `message`: its title.
#[inline]
pub fn title<E: ApiError + ?Sized>(sink: &mut MessageSink<'_, '_>, error: &E) {
    let title = error.title();
    if sink.failed {
        return;
    }
    match &mut sink.target {
        Target::Formatter(formatter) => sink.failed = formatter.write_str(title).is_err(),
        Target::Json(out) => crate::json::write_escaped_contents(out, title),
    }
}
