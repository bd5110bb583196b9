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

pub use self::message::{MessageSink, WriteMessage, fmt_message, write_message_json};
pub use crate::catalog::FieldRole::{
    Flatten, Header, Headers, Internal, Member, Skipped, Violations,
};
use crate::catalog::layout::HOT_TEXTS;
pub use crate::catalog::{Catalog, FieldMeta, FieldRole, Transparent, VariantMeta};
use crate::catalog::{Packed, Parts};
pub use crate::error::ApiError;
pub use crate::format::BuiltinFormat;
pub use crate::headers::{HeaderError, ToHeaderValue, WriteHeaders};
pub use crate::json::{JsonObject, RenderError};
pub use crate::locale::{LocaleTable, Localization, Translation};

/// What a derived `WriteLocalized` and the `*_in` methods call.
pub mod l10n;

/// What a derived `WriteMessage` calls: `message::text`, `message::field`, ...
pub mod message;
pub use crate::violation::Violation;

/// Builds the [`Catalog`] returned by a derived `ApiError::catalog`.
#[must_use]
pub const fn catalog(
    type_name: &'static str,
    description: &'static str,
    default_format: BuiltinFormat,
    variants: &'static [VariantMeta],
    transparent: &'static [Transparent],
) -> Catalog {
    Catalog::new(type_name, default_format, variants)
        .with_description(description)
        .with_transparent(transparent)
}

/// One transparent variant of a [`Catalog`].
#[must_use]
pub const fn transparent(name: &'static str, inner: fn() -> Catalog) -> Transparent {
    Transparent::new(name, inner)
}

/// One variant's [`VariantMeta`], as the derive writes it: its status, whether it is exposed,
/// every text in one literal (see `catalog::layout`), which the compiler evaluates far faster
/// than the parts one by one, and the byte offset at which each of the first `HOT_TEXTS` ends.
/// `status` is in `400..=599`, checked by the derive.
#[must_use]
pub const fn variant(
    status: u16,
    exposed: bool,
    texts: &'static str,
    hot_ends: [usize; HOT_TEXTS],
) -> VariantMeta {
    VariantMeta::packed(status, exposed, Packed::new(texts, hot_ends))
}

/// A [`VariantMeta`] whose texts cannot be packed (one holds the separator), every part in one
/// positional call, `""` for what is absent.
#[must_use]
#[expect(
    clippy::too_many_arguments,
    reason = "one call per variant keeps the expansion short"
)]
pub const fn variant_parts(
    name: &'static str,
    code: &'static str,
    status: u16,
    title: &'static str,
    type_uri: &'static str,
    message_template: &'static str,
    description: &'static str,
    resolution: &'static str,
    exposed: bool,
    fields: &'static [FieldMeta],
) -> VariantMeta {
    VariantMeta::from_parts(
        status,
        exposed,
        Parts {
            name,
            code,
            title: non_empty(title),
            type_uri: non_empty(type_uri),
            message_template: non_empty(message_template),
            description,
            resolution: non_empty(resolution),
            fields,
        },
    )
}

/// One field's [`FieldMeta`] for [`variant_parts`]; `""` for no wire name.
#[must_use]
pub const fn field(
    name: &'static str,
    wire_name: &'static str,
    type_name: &'static str,
    description: &'static str,
    role: FieldRole,
) -> FieldMeta {
    FieldMeta {
        name,
        wire_name: non_empty(wire_name),
        type_name,
        description,
        role,
    }
}

const fn non_empty(text: &'static str) -> Option<&'static str> {
    if text.is_empty() { None } else { Some(text) }
}

/// `,"wireName":value`, the prefix escaped when the derive expanded.
///
/// Like the other helpers for the generated `write_members` and `write_headers`, it keeps the
/// first error in `result` and does nothing once there is one: the generated code needs no `?`
/// per field, which kept `cargo check` of large enums cheaper.
pub fn member<T: Serialize + ?Sized>(
    object: &mut JsonObject<'_>,
    prefix: &'static str,
    value: &T,
    result: &mut Result<(), RenderError>,
) {
    if result.is_ok() {
        *result = object.member_with_prefix(prefix, value);
    }
}

/// The members of a `#[api(flatten)]` field.
pub fn flatten<T: Serialize + ?Sized>(
    object: &mut JsonObject<'_>,
    value: &T,
    result: &mut Result<(), RenderError>,
) {
    if result.is_ok() {
        *result = object.flatten(value);
    }
}

/// One `#[api(header = "...")]` field; `name` comes from a `const` block, checked at compile time.
pub fn header<T: ToHeaderValue + ?Sized>(
    headers: &mut HeaderMap,
    name: HeaderName,
    value: &T,
    result: &mut Result<(), HeaderError>,
) {
    if result.is_ok() {
        *result = crate::headers::set_header(headers, name, value);
    }
}

/// One `#[api(headers)]` field.
pub fn headers<T: WriteHeaders + ?Sized>(
    headers: &mut HeaderMap,
    value: &T,
    result: &mut Result<(), HeaderError>,
) {
    if result.is_ok() {
        *result = value.write_headers(headers);
    }
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
pub use crate::__apifault_utoipa_impl as utoipa_impl;

/// What the client impls name.
#[cfg(feature = "client")]
pub mod client {
    pub use crate::client::wire::{NotSent, Wire};
    pub use crate::client::{Decode, FromHeaderValue, FromHeaders};
    pub use serde::de::DeserializeOwned;
}

/// What the axum impls name.
#[cfg(feature = "axum")]
pub mod axum {
    pub use axum::response::{IntoResponse, Response};

    use crate::report::Detail;
    use crate::{ApiError, ErrorResponse};

    /// `IntoResponse::into_response` of a derived type, logged with `detail`.
    pub fn respond<E: ApiError>(response: ErrorResponse<E>, detail: Detail<'_>) -> Response {
        crate::integrations::axum::respond(response, detail)
    }
}

/// What the framework impls name to find an error's detail for the logs.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub mod report {
    pub use crate::report::{Probe, ViaDebug, ViaError, ViaNothing};
}

/// What the actix-web impls name.
#[cfg(feature = "actix-web")]
pub mod actix_web {
    pub use actix_web::http::StatusCode;
    pub use actix_web::{HttpResponse, ResponseError};

    use crate::ApiError;
    use crate::report::Detail;

    /// `ResponseError::status_code` of a derived type.
    pub fn status_code<E: ApiError + ?Sized>(error: &E) -> StatusCode {
        crate::integrations::actix_web::status_code(error)
    }

    /// `ResponseError::error_response` of a derived type, logged with `detail`.
    pub fn error_response<E: ApiError>(error: &E, detail: Detail<'_>) -> HttpResponse {
        crate::integrations::actix_web::error_response(error, detail)
    }
}

/// What the utoipa impls name.
#[cfg(feature = "utoipa")]
pub mod utoipa {
    pub use crate::integrations::utoipa::docs::{
        Documented, Entry, Marker, Probe, TypeProbe, ViaCatalog, ViaDefault, ViaDocumented,
        ViaExample, ViaNoCatalog, ViaNothing, document_own, marker_responses, type_responses,
    };
    pub use utoipa::IntoResponses;

    /// The return type of `IntoResponses::responses`.
    pub type Responses =
        std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>>;
}
