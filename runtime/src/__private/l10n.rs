//! What the derived localization names: `WriteLocalized` and the `*_in` helpers, and the
//! CLDR plural rules of a select (see `crate::locale`).

use core::fmt::{self, Formatter};

use crate::__private::{MessageSink, WriteMessage, fmt_message, write_message_json};
use crate::json::RenderError;

/// Implemented by the derive for a type with locales: writes the variant's message in
/// `locale` (a `match` on the tag, then on the variant, as `WriteMessage` does for the
/// default locale), or the default message where the locale has no translation.
pub trait WriteLocalized {
    fn write_message_in(&self, locale: &str, sink: &mut MessageSink<'_, '_>);
}

/// A message in one locale, as a `WriteMessage`.
struct In<'a, M: ?Sized>(&'a M, &'a str);

impl<M: WriteLocalized + ?Sized> WriteMessage for In<'_, M> {
    #[inline]
    fn write_message(&self, sink: &mut MessageSink<'_, '_>) {
        self.0.write_message_in(self.1, sink);
    }
}

/// A derived `write_message_json_in`: the message in `locale` as a quoted JSON string.
///
/// # Errors
///
/// When a field's `Display` fails.
#[inline]
pub fn write_json_in<M: WriteLocalized + ?Sized>(
    message: &M,
    locale: &str,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    write_message_json(&In(message, locale), out)
}

/// A derived `fmt_message_in`.
///
/// # Errors
///
/// When `f` or a field's `Display` fails.
#[inline]
pub fn fmt_in<M: WriteLocalized + ?Sized>(
    message: &M,
    locale: &str,
    f: &mut Formatter<'_>,
) -> fmt::Result {
    fmt_message(&In(message, locale), f)
}

/// The CLDR plural category of an integer, for a Fluent select on a numeric field.
pub use crate::locale::plural::{Category, Operand, Rules, category};
