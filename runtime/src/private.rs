//! What generated code names. Not public API: nothing here follows semver.
//!
//! The derive spells every path as `::apifault::__private::...` so that user items named
//! `http`, `StatusCode` or `ApiError` cannot capture it, and users need no direct dependency on
//! `http`.

pub use core::error::Error;
pub use core::fmt::{Debug, Display, Formatter, Result as FmtResult};

pub use core::option::Option;
pub use core::result::Result::{self, Err, Ok};
pub use std::vec::Vec;

pub use http::StatusCode;
pub use http::header::{HeaderMap, HeaderName};
pub use serde::Serialize;

pub use crate::catalog::{Catalog, FieldMeta, FieldRole, Transparent, VariantMeta};
pub use crate::error::ApiError;
pub use crate::format::BuiltinFormat;
pub use crate::headers::{HeaderError, ToHeaderValue, WriteHeaders};
pub use crate::json::{JsonObject, RenderError};
pub use crate::violation::Violation;

/// A status code from a number the macro has already checked to be in `400..=599`.
#[must_use]
pub const fn status(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        // Unreachable: the derive only emits codes in 400..=599. In a `static` initializer
        // this would be a compile error, never a run-time panic.
        Err(_) => panic!("apifault: invalid status code"),
    }
}

/// `""` stands for "absent" in generated metadata: it keeps the expansion short.
const fn non_empty(text: &'static str) -> Option<&'static str> {
    if text.is_empty() { None } else { Some(text) }
}

/// The generated description of a variant; empty strings mean "absent".
#[derive(Clone, Copy)]
pub struct VariantSpec {
    pub name: &'static str,
    pub code: &'static str,
    pub status: u16,
    pub title: &'static str,
    pub type_uri: &'static str,
    pub message: &'static str,
    pub description: &'static str,
    pub resolution: &'static str,
    pub expose: bool,
    pub fields: &'static [FieldMeta],
}

/// Builds a [`VariantMeta`] in a `static` initializer.
#[must_use]
pub const fn variant(spec: VariantSpec) -> VariantMeta {
    VariantMeta {
        name: spec.name,
        code: spec.code,
        status: status(spec.status),
        title: non_empty(spec.title),
        type_uri: non_empty(spec.type_uri),
        message: non_empty(spec.message),
        description: spec.description,
        resolution: non_empty(spec.resolution),
        expose: spec.expose,
        fields: spec.fields,
    }
}

/// Builds a [`FieldMeta`]; an empty `wire_name` means "not a member of the error object".
#[must_use]
pub const fn field(
    name: &'static str,
    wire_name: &'static str,
    ty: &'static str,
    description: &'static str,
    role: FieldRole,
) -> FieldMeta {
    FieldMeta {
        name,
        wire_name: non_empty(wire_name),
        ty,
        description,
        role,
    }
}

/// Builds the [`Catalog`] returned by a derived `ApiError::catalog`.
#[must_use]
pub const fn catalog(
    type_name: &'static str,
    description: &'static str,
    default_format: BuiltinFormat,
    variants: &'static [VariantMeta],
    transparent: &'static [Transparent],
) -> Catalog {
    Catalog {
        type_name,
        description,
        default_format,
        variants,
        transparent,
    }
}

/// One transparent variant of a [`Catalog`].
#[must_use]
pub const fn transparent(name: &'static str, inner: fn() -> Catalog) -> Transparent {
    Transparent { name, inner }
}

/// The message of a variant without `message = "..."`: its title.
///
/// # Errors
///
/// Returns an error only if `f` does.
pub fn write_title<E: ApiError + ?Sized>(error: &E, f: &mut Formatter<'_>) -> FmtResult {
    f.write_str(error.title())
}

/// `,"wireName":value`, the prefix escaped when the derive expanded.
///
/// # Errors
///
/// When the value's `Serialize` fails.
pub fn member<T: Serialize + ?Sized>(
    object: &mut JsonObject<'_>,
    prefix: &'static str,
    value: &T,
) -> Result<(), RenderError> {
    object.member_with_prefix(prefix, value)
}

/// The members of a `#[api(flatten)]` field.
///
/// # Errors
///
/// When the value's `Serialize` fails or it is not a map or struct.
pub fn flatten<T: Serialize + ?Sized>(
    object: &mut JsonObject<'_>,
    value: &T,
) -> Result<(), RenderError> {
    object.flatten(value)
}

/// One `#[api(header = "...")]` field; `name` comes from a `const` block, checked at compile time.
///
/// # Errors
///
/// When the value cannot be a header value.
pub fn header<T: ToHeaderValue + ?Sized>(
    headers: &mut HeaderMap,
    name: HeaderName,
    value: &T,
) -> Result<(), HeaderError> {
    crate::headers::set_header(headers, name, value)
}

/// One `#[api(headers)]` field.
///
/// # Errors
///
/// When a value cannot be a header value.
pub fn headers<T: WriteHeaders + ?Sized>(
    headers: &mut HeaderMap,
    value: &T,
) -> Result<(), HeaderError> {
    value.write_headers(headers)
}

/// What a `#[api(violations)]` field can be: anything that is a slice of violations.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of `apifault::Violation`",
    label = "not a list of violations",
    note = "#[api(violations)] takes `Vec<apifault::Violation>`, or a slice or an array of them"
)]
pub trait ViolationList {
    fn as_violations(&self) -> &[Violation];
}

impl<T: AsRef<[Violation]> + ?Sized> ViolationList for T {
    fn as_violations(&self) -> &[Violation] {
        self.as_ref()
    }
}

/// One `#[api(violations)]` field as a slice.
pub fn violations<T: ViolationList + ?Sized>(value: &T) -> &[Violation] {
    value.as_violations()
}

/// A cause as the `&dyn Error` that `Error::source` returns.
pub fn as_dyn_error<E: Error + 'static>(error: &E) -> &(dyn Error + 'static) {
    error
}

pub use crate::__apifault_client as client_impl;
pub use crate::__apifault_integrations as integrations;

/// What the client impls name.
#[cfg(feature = "client")]
pub mod client {
    pub use crate::client::{Decode, FromHeaderValue, FromHeaders, NotSent, Wire};
    pub use serde::de::DeserializeOwned;
}

/// What the axum impls name.
#[cfg(feature = "axum")]
pub mod axum {
    pub use axum::response::{IntoResponse, Response};
}

/// What the actix-web impls name.
#[cfg(feature = "actix-web")]
pub mod actix_web {
    pub use crate::integrations::actix_web::{error_response, status_code};
    pub use actix_web::http::StatusCode;
    pub use actix_web::{HttpResponse, ResponseError};
}

/// What the utoipa impls name.
#[cfg(feature = "utoipa")]
pub mod utoipa {
    pub use crate::integrations::utoipa::responses;
    pub use utoipa::IntoResponses;

    /// The return type of `IntoResponses::responses`.
    pub type Responses =
        std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>>;
}

/// A field interpolated into a message with a bare `{field}`, on its way into an open JSON
/// string.
///
/// The derive writes `(&Piece(field)).select().write(out, format_args!("{}", field))`. Method
/// resolution picks [`SelectDirect`] when the field's type is [`JsonText`] (strings, integers,
/// `bool`, `char`): it is written without `core::fmt`. Any other type takes one more
/// auto-reference to reach [`SelectFormatted`] and is written through its `Display`. The
/// `format_args!` is what reports a field that is not `Display`, on the message; the direct
/// path never reads it.
pub struct Piece<'a, T: ?Sized>(pub &'a T);

/// The selection for a field that writes itself: see [`Piece`].
pub trait SelectDirect<'a, T: ?Sized> {
    fn select(&self) -> Direct<'a, T>;
}

impl<'a, T: JsonText + ?Sized> SelectDirect<'a, T> for Piece<'a, T> {
    #[inline]
    fn select(&self) -> Direct<'a, T> {
        Direct(self.0)
    }
}

/// The selection for any other field: see [`Piece`].
pub trait SelectFormatted {
    fn select(&self) -> Formatted;
}

impl<T: ?Sized> SelectFormatted for &Piece<'_, T> {
    #[inline]
    fn select(&self) -> Formatted {
        Formatted
    }
}

/// A field written by its [`JsonText`] implementation.
pub struct Direct<'a, T: ?Sized>(&'a T);

impl<T: JsonText + ?Sized> Direct<'_, T> {
    /// # Errors
    ///
    /// Never.
    #[inline]
    pub fn write(self, out: &mut Vec<u8>, _: core::fmt::Arguments<'_>) -> Result<(), RenderError> {
        self.0.write_json_text(out);
        Ok(())
    }
}

/// A field written by its `Display` implementation.
pub struct Formatted;

impl Formatted {
    /// # Errors
    ///
    /// When the field's `Display` fails.
    #[inline]
    pub fn write(
        self,
        out: &mut Vec<u8>,
        piece: core::fmt::Arguments<'_>,
    ) -> Result<(), RenderError> {
        core::fmt::write(&mut crate::json::EscapingWriter(out), piece)
            .map_err(|_| crate::json::display_failed())
    }
}

/// A type whose `Display` text can be written straight into an open JSON string, escaped,
/// without `core::fmt`: the bytes are exactly those of its `Display`.
pub trait JsonText {
    fn write_json_text(&self, out: &mut Vec<u8>);
}

impl JsonText for str {
    #[inline]
    fn write_json_text(&self, out: &mut Vec<u8>) {
        crate::json::write_escaped_contents(out, self);
    }
}

impl JsonText for char {
    #[inline]
    fn write_json_text(&self, out: &mut Vec<u8>) {
        crate::json::write_escaped_contents(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl JsonText for bool {
    #[inline]
    fn write_json_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

/// Strings by another name: their text is the `str` they hold.
macro_rules! json_text_as_str {
    ($($ty:ty),*) => {$(
        impl JsonText for $ty {
            #[inline]
            fn write_json_text(&self, out: &mut Vec<u8>) {
                crate::json::write_escaped_contents(out, self);
            }
        }
    )*};
}

json_text_as_str!(std::string::String, std::borrow::Cow<'_, str>);

/// Integers: `itoa` writes the digits `Display` would, without `core::fmt`.
macro_rules! json_text_integer {
    ($($ty:ty),*) => {$(
        impl JsonText for $ty {
            #[inline]
            fn write_json_text(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}

json_text_integer!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// Pointers display what they point to.
macro_rules! json_text_through {
    ($($ty:ty),*) => {$(
        impl<T: JsonText + ?Sized> JsonText for $ty {
            #[inline]
            fn write_json_text(&self, out: &mut Vec<u8>) {
                (**self).write_json_text(out);
            }
        }
    )*};
}

json_text_through!(
    &T,
    &mut T,
    std::boxed::Box<T>,
    std::rc::Rc<T>,
    std::sync::Arc<T>
);

/// The message of a variant without `message`: its title, as a JSON string.
///
/// # Errors
///
/// Never: a title is a `str`.
pub fn write_title_json<E: ApiError + ?Sized>(
    error: &E,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    crate::json::write_str(out, error.title());
    Ok(())
}

/// The message of a variant whose message the derive cannot split (it has extra arguments).
///
/// # Errors
///
/// When a field's `Display` fails.
pub fn write_message_whole<E: ApiError + ?Sized>(
    error: &E,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    crate::json::write_display(out, &crate::Message::new(error))
}
