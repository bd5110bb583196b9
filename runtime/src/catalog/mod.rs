//! Static metadata of every variant: the error contract as data.
//!
//! The derive writes one [`VariantMeta`] per variant into a `static`, so reading it costs a
//! pointer. [`Catalog`] lists a type's variants, following `transparent` variants into the
//! types they wrap, and renders them as a Markdown error reference
//! ([`Catalog::to_markdown`]) or JSON ([`Catalog::to_json`]); `assert_up_to_date` (feature
//! `drift`) keeps a committed copy in step with the code.

#[cfg(feature = "drift")]
mod drift;
mod example;
mod export;
mod markdown;

#[cfg(feature = "drift")]
pub use self::drift::{BLESS_VAR, Drift, assert_up_to_date, check, diff};
pub use self::example::{example_body, template_for_docs};

use core::fmt;

use http::StatusCode;

use crate::format::BuiltinFormat;

/// The static description of one error variant (or of a struct deriving `ApiError`).
///
/// Reached from a value with [`ApiError::metadata`](crate::ApiError::metadata), or for every
/// variant of a type with [`ApiError::catalog`](crate::ApiError::catalog).
///
/// # Examples
///
/// ```
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// enum ShopError {
///     /// The cart holds more items than allowed.
///     #[api(status = 422, code = "CART_FULL", message = "At most {max} items",
///           resolution = "Remove items, then retry.")]
///     CartFull {
///         /// The largest number of items a cart can hold.
///         max: u32,
///     },
/// }
///
/// let meta = ShopError::CartFull { max: 50 }.metadata();
/// assert_eq!(meta.name(), "CartFull");
/// assert_eq!(meta.code(), "CART_FULL");
/// assert_eq!(meta.status().as_u16(), 422);
/// assert_eq!(meta.title(), "Unprocessable Entity");
/// assert_eq!(meta.message_template(), Some("At most {max} items"));
/// assert_eq!(meta.description(), "The cart holds more items than allowed.");
/// assert_eq!(meta.resolution(), Some("Remove items, then retry."));
/// assert_eq!(meta.fields()[0].wire_name(), Some("max"));
/// assert_eq!(meta.fields()[0].description(), "The largest number of items a cart can hold.");
/// ```
///
/// The fields are what the derive writes into a `static`, as a plain positional literal (no
/// `const fn` for the compiler to evaluate per variant, and a short expansion); empty strings
/// stand for "absent". They are not public API: use the methods.
#[derive(Debug)]
pub struct VariantMeta(
    /// `name`
    #[doc(hidden)]
    pub &'static str,
    /// `code`
    #[doc(hidden)]
    pub &'static str,
    /// `status`, checked by the derive to be in `400..=599`
    #[doc(hidden)]
    pub u16,
    /// `title`
    #[doc(hidden)]
    pub &'static str,
    /// `type_uri`
    #[doc(hidden)]
    pub &'static str,
    /// `message` (the template)
    #[doc(hidden)]
    pub &'static str,
    /// `description`
    #[doc(hidden)]
    pub &'static str,
    /// `resolution`
    #[doc(hidden)]
    pub &'static str,
    /// `expose`
    #[doc(hidden)]
    pub bool,
    /// `fields`
    #[doc(hidden)]
    pub &'static [FieldMeta],
);

/// `""` stands for "absent" in generated metadata: it keeps the expansion short.
fn non_empty(text: &'static str) -> Option<&'static str> {
    if text.is_empty() { None } else { Some(text) }
}

impl VariantMeta {
    /// The Rust name of the variant (of the struct, for a struct).
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.0
    }

    /// The stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.1
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        // The derive only writes statuses in 400..=599, which always convert.
        StatusCode::from_u16(self.2).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem title: the `title` key, or else the status's canonical reason phrase.
    #[must_use]
    pub fn title(&self) -> &'static str {
        match non_empty(self.3) {
            Some(title) => title,
            None => reason_phrase(self.status()),
        }
    }

    /// The problem type URI (`type`, or `type_base` followed by the code); `None` means
    /// `about:blank`.
    #[must_use]
    pub fn type_uri(&self) -> Option<&'static str> {
        non_empty(self.4)
    }

    /// The message template as written in `message = "..."`, placeholders included; `None`
    /// when the variant has no `message` and says its title.
    #[must_use]
    pub fn message_template(&self) -> Option<&'static str> {
        non_empty(self.5)
    }

    /// The variant's doc comment, trimmed, lines joined with `\n`; empty when there is none.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.6
    }

    /// What the client should do about the error (`resolution = "..."`).
    #[must_use]
    pub fn resolution(&self) -> Option<&'static str> {
        non_empty(self.7)
    }

    /// Whether the variant is marked `expose`: a 5xx whose message may show field values and
    /// whose fields are sent.
    #[must_use]
    pub fn is_exposed(&self) -> bool {
        self.8
    }

    /// The variant's fields, in declaration order.
    #[must_use]
    pub fn fields(&self) -> &'static [FieldMeta] {
        self.9
    }
}

/// The canonical reason phrase of a status; a generic one for unregistered codes.
pub(crate) fn reason_phrase(status: StatusCode) -> &'static str {
    match status.canonical_reason() {
        Some(reason) => reason,
        None if status.is_server_error() => "Server Error",
        None => "Client Error",
    }
}

/// The static description of one field of a variant.
///
/// The fields are what the derive writes, positional like [`VariantMeta`]'s; an empty wire name
/// means "not a member of the error object". They are not public API: use the methods.
#[derive(Debug)]
pub struct FieldMeta(
    /// `name`
    #[doc(hidden)]
    pub &'static str,
    /// `wire_name`
    #[doc(hidden)]
    pub &'static str,
    /// `type_name`
    #[doc(hidden)]
    pub &'static str,
    /// `description`
    #[doc(hidden)]
    pub &'static str,
    /// `role`
    #[doc(hidden)]
    pub FieldRole,
);

impl FieldMeta {
    /// The Rust name of the field; its index (`"0"`, `"1"`, ...) for a tuple field.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.0
    }

    /// The member name in the error object, for a field serialized into the body.
    #[must_use]
    pub fn wire_name(&self) -> Option<&'static str> {
        non_empty(self.1)
    }

    /// The field's Rust type as written in the source.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.2
    }

    /// The field's doc comment, trimmed; empty when there is none.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.3
    }

    /// What the field becomes on the wire.
    #[must_use]
    pub fn role(&self) -> FieldRole {
        self.4
    }
}

/// What a field becomes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldRole {
    /// A member of the error object, under [`FieldMeta::wire_name`].
    Member,
    /// Not sent: `#[api(skip)]`, or a tuple field without `rename` (it has no name to send).
    Skipped,
    /// Internal to the server and never sent or shown to clients: a field with thiserror's
    /// `#[source]`, `#[from]` or `#[backtrace]`, or named `source`; and any field of a 5xx
    /// variant that would be a member of the body, unless the variant or the field is marked
    /// `expose`.
    Internal,
    /// Sent as the response header of this name (`#[api(header = "Retry-After")]`).
    Header(&'static str),
    /// Contributes several response headers (`#[api(headers)]`).
    Headers,
    /// A list of field-level violations (`#[api(violations)]`).
    Violations,
    /// Its own members are merged into the error object (`#[api(flatten)]`).
    Flatten,
}

/// Every variant of an error type, reached without a value through
/// [`ApiError::catalog`](crate::ApiError::catalog).
///
/// # Examples
///
/// ```
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 401)]
/// enum AuthError {
///     #[api(code = "invalid_token")]
///     InvalidToken,
/// }
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "errors")]
/// enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound")]
///     NotFound,
///     #[api(transparent)]
///     Auth(AuthError),
/// }
///
/// let catalog = ConnectError::catalog();
/// assert_eq!(catalog.type_name(), "ConnectError");
/// assert_eq!(catalog.default_format().name(), "errors");
/// let codes: Vec<_> = catalog.variants().map(|v| v.code()).collect();
/// assert_eq!(codes, ["ResourceNotFound", "invalid_token"]);
/// ```
#[derive(Clone, Copy)]
pub struct Catalog {
    pub(crate) type_name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) default_format: BuiltinFormat,
    pub(crate) variants: &'static [VariantMeta],
    pub(crate) transparent: &'static [Transparent],
}

/// A `transparent` variant: its metadata is that of the type it wraps.
#[derive(Clone, Copy)]
pub struct Transparent {
    pub(crate) name: &'static str,
    pub(crate) inner: fn() -> Catalog,
}

impl Transparent {
    /// The Rust name of the transparent variant.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The catalog of the wrapped type.
    #[must_use]
    pub fn inner(&self) -> Catalog {
        (self.inner)()
    }
}

impl fmt::Debug for Transparent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transparent")
            .field("name", &self.name)
            .field("inner", &self.inner().type_name)
            .finish()
    }
}

impl Catalog {
    /// The name of the Rust type.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The type's doc comment, trimmed; empty when there is none.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// The wire format chosen with `#[api(format = "...")]` ([`BuiltinFormat::Problem`] if
    /// none).
    #[must_use]
    pub fn default_format(&self) -> BuiltinFormat {
        self.default_format
    }

    /// The type's own variants, in declaration order, without the transparent ones.
    #[must_use]
    pub fn own_variants(&self) -> &'static [VariantMeta] {
        self.variants
    }

    /// The type's transparent variants, in declaration order.
    #[must_use]
    pub fn transparent(&self) -> &'static [Transparent] {
        self.transparent
    }

    /// Every variant a value of this type can be: its own, then those of the types its
    /// transparent variants wrap, recursively.
    pub fn variants(&self) -> impl Iterator<Item = &'static VariantMeta> + use<> {
        Variants {
            current: self.variants.iter(),
            pending: self
                .transparent
                .iter()
                .rev()
                .map(Transparent::inner)
                .collect(),
        }
    }

    /// The variant with this code, if any (transparent variants included).
    #[must_use]
    pub fn find(&self, code: &str) -> Option<&'static VariantMeta> {
        self.variants().find(|variant| variant.code() == code)
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("type_name", &self.type_name)
            .field("description", &self.description)
            .field("default_format", &self.default_format)
            .field("variants", &self.variants)
            .field("transparent", &self.transparent)
            .finish()
    }
}

/// Depth-first walk over a catalog and the catalogs its transparent variants wrap.
struct Variants {
    current: core::slice::Iter<'static, VariantMeta>,
    /// Catalogs still to visit, the next one last.
    pending: Vec<Catalog>,
}

impl Iterator for Variants {
    type Item = &'static VariantMeta;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(variant) = self.current.next() {
                return Some(variant);
            }
            let catalog = self.pending.pop()?;
            self.current = catalog.variants.iter();
            self.pending
                .extend(catalog.transparent.iter().rev().map(Transparent::inner));
        }
    }
}
