//! Static metadata of every variant: the error contract as data.
//!
//! The derive writes one [`VariantMeta`] per variant into a `static`: its status, and its texts
//! and its fields' packed into one string literal (`layout`), which the compiler evaluates
//! about forty times faster than the same data as structs; reading a text walks that short
//! string. [`Catalog`] lists a type's variants, following `transparent` variants into the
//! types they wrap, and renders them as a Markdown error reference
//! ([`Catalog::to_markdown`]) or JSON ([`Catalog::to_json`]); `assert_up_to_date` (feature
//! `drift`) keeps a committed copy in step with the code.

#[cfg(feature = "drift")]
mod drift;
mod example;
mod export;
pub(crate) mod layout;
mod localized;
mod markdown;
mod packed;

#[cfg(feature = "drift")]
pub use self::drift::{BLESS_VAR, Drift, assert_up_to_date, check, diff};
pub use self::example::{example_body, template_for_docs};

use core::fmt;

use http::StatusCode;

use crate::format::BuiltinFormat;

pub(crate) use self::packed::Packed;

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
/// let max = meta.fields().next().unwrap();
/// assert_eq!(max.wire_name(), Some("max"));
/// assert_eq!(max.description(), "The largest number of items a cart can hold.");
/// ```
///
/// A hand-written [`ApiError`](crate::ApiError) builds its metadata with the `const`
/// constructor and `with_*` methods, in a `static`:
///
/// ```
/// use apifault::{FieldMeta, FieldRole, VariantMeta};
/// use http::StatusCode;
///
/// static QUOTA: VariantMeta = VariantMeta::new("QuotaExceeded", "QUOTA_EXCEEDED", StatusCode::TOO_MANY_REQUESTS)
///     .with_message_template("Quota of {limit} requests exceeded")
///     .with_fields(&[FieldMeta::new("limit", "u32", FieldRole::Member).with_wire_name("limit")]);
///
/// assert_eq!(QUOTA.status(), StatusCode::TOO_MANY_REQUESTS);
/// assert_eq!(QUOTA.title(), "Too Many Requests");
/// assert_eq!(QUOTA.fields().next().unwrap().wire_name(), Some("limit"));
/// ```
pub struct VariantMeta {
    /// In `400..=599`, checked by the derive and by [`VariantMeta::new`].
    status: u16,
    exposed: bool,
    texts: Texts,
}

/// A variant's texts: packed by the derive (see `layout`), or one by one.
#[derive(Clone, Copy)]
enum Texts {
    Packed(Packed),
    Parts(Parts),
}

/// The texts one by one: built by hand, or by the derive when a text holds `layout::END`.
#[derive(Clone, Copy)]
pub(crate) struct Parts {
    pub(crate) name: &'static str,
    pub(crate) code: &'static str,
    pub(crate) title: Option<&'static str>,
    pub(crate) type_uri: Option<&'static str>,
    pub(crate) message_template: Option<&'static str>,
    pub(crate) description: &'static str,
    pub(crate) resolution: Option<&'static str>,
    pub(crate) fields: &'static [FieldMeta],
}

impl VariantMeta {
    /// The metadata of a variant with this Rust `name`, `code` and `status`, and nothing else:
    /// no title (the status's reason phrase), no type URI, no message template (the message is
    /// the title), no description, no resolution, not exposed, no fields.
    ///
    /// # Panics
    ///
    /// When `status` is not an error status (`400..=599`); in a `static`, at compile time.
    #[must_use]
    pub const fn new(name: &'static str, code: &'static str, status: StatusCode) -> Self {
        let status = status.as_u16();
        assert!(
            400 <= status && status <= 599,
            "an API error's status is in 400..=599"
        );
        VariantMeta {
            status,
            exposed: false,
            texts: Texts::Parts(Parts {
                name,
                code,
                title: None,
                type_uri: None,
                message_template: None,
                description: "",
                resolution: None,
                fields: &[],
            }),
        }
    }

    /// What the derive writes: its texts in the packed form of `layout`.
    pub(crate) const fn packed(status: u16, exposed: bool, texts: Packed) -> Self {
        VariantMeta {
            status,
            exposed,
            texts: Texts::Packed(texts),
        }
    }

    /// What the derive writes for a variant whose texts cannot be packed.
    pub(crate) const fn from_parts(status: u16, exposed: bool, parts: Parts) -> Self {
        VariantMeta {
            status,
            exposed,
            texts: Texts::Parts(parts),
        }
    }

    /// With the problem title (`title = "..."`).
    #[must_use]
    pub const fn with_title(mut self, title: &'static str) -> Self {
        self.parts_mut().title = Some(title);
        self
    }

    /// With the problem type URI (`type = "..."`).
    #[must_use]
    pub const fn with_type_uri(mut self, type_uri: &'static str) -> Self {
        self.parts_mut().type_uri = Some(type_uri);
        self
    }

    /// With the message template as the catalog and the client show it (`message = "..."`).
    #[must_use]
    pub const fn with_message_template(mut self, template: &'static str) -> Self {
        self.parts_mut().message_template = Some(template);
        self
    }

    /// With the variant's description (its doc comment).
    #[must_use]
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.parts_mut().description = description;
        self
    }

    /// With what the client should do about the error (`resolution = "..."`).
    #[must_use]
    pub const fn with_resolution(mut self, resolution: &'static str) -> Self {
        self.parts_mut().resolution = Some(resolution);
        self
    }

    /// Marked `expose`: a 5xx whose message may show field values and whose fields are sent.
    #[must_use]
    pub const fn with_exposed(mut self, exposed: bool) -> Self {
        self.exposed = exposed;
        self
    }

    /// With the variant's fields, in declaration order.
    #[must_use]
    pub const fn with_fields(mut self, fields: &'static [FieldMeta]) -> Self {
        self.parts_mut().fields = fields;
        self
    }

    /// The parts the `with_*` methods set: only [`VariantMeta::new`] hands out a value to
    /// build on, and it is never packed.
    const fn parts_mut(&mut self) -> &mut Parts {
        match &mut self.texts {
            Texts::Parts(parts) => parts,
            Texts::Packed(_) => panic!("a derived `VariantMeta` is not built on"),
        }
    }

    /// The Rust name of the variant (of the struct, for a struct).
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self.texts {
            Texts::Packed(texts) => texts.text(layout::NAME),
            Texts::Parts(parts) => parts.name,
        }
    }

    /// The stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self.texts {
            Texts::Packed(texts) => texts.text(layout::CODE),
            Texts::Parts(parts) => parts.code,
        }
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        // Only statuses in 400..=599 are stored, which always convert.
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem title: the `title` key, or else the status's canonical reason phrase.
    #[must_use]
    pub fn title(&self) -> &'static str {
        let title = match self.texts {
            Texts::Packed(texts) => texts.optional(layout::TITLE),
            Texts::Parts(parts) => parts.title,
        };
        match title {
            Some(title) => title,
            None => reason_phrase(self.status()),
        }
    }

    /// The problem type URI (`type`, or `type_base` followed by the code); `None` means
    /// `about:blank`.
    #[must_use]
    pub fn type_uri(&self) -> Option<&'static str> {
        match self.texts {
            Texts::Packed(texts) => texts.optional(layout::TYPE_URI),
            Texts::Parts(parts) => parts.type_uri,
        }
    }

    /// The message template as written in `message = "..."`, placeholders included; `None`
    /// when the variant has no `message` and says its title.
    #[must_use]
    pub fn message_template(&self) -> Option<&'static str> {
        match self.texts {
            Texts::Packed(texts) => texts.optional(layout::MESSAGE_TEMPLATE),
            Texts::Parts(parts) => parts.message_template,
        }
    }

    /// The variant's doc comment, trimmed, lines joined with `\n`; empty when there is none.
    #[must_use]
    pub fn description(&self) -> &'static str {
        match self.texts {
            Texts::Packed(texts) => texts.text(layout::DESCRIPTION),
            Texts::Parts(parts) => parts.description,
        }
    }

    /// What the client should do about the error (`resolution = "..."`).
    #[must_use]
    pub fn resolution(&self) -> Option<&'static str> {
        match self.texts {
            Texts::Packed(texts) => texts.optional(layout::RESOLUTION),
            Texts::Parts(parts) => parts.resolution,
        }
    }

    /// Whether the variant is marked `expose`: a 5xx whose message may show field values and
    /// whose fields are sent.
    #[must_use]
    pub fn is_exposed(&self) -> bool {
        self.exposed
    }

    /// The variant's fields, in declaration order.
    ///
    /// ```
    /// use apifault::{ApiError, FieldRole};
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(status = 429, message = "Retry in {seconds} s")]
    /// struct SlowDown {
    ///     #[api(header = "Retry-After")]
    ///     seconds: u64,
    ///     #[api(skip)]
    ///     bucket: String,
    /// }
    ///
    /// let roles: Vec<_> = SlowDown::catalog().own_variants()[0].fields().map(|f| f.role()).collect();
    /// assert_eq!(roles, [FieldRole::Header("Retry-After"), FieldRole::Skipped]);
    /// ```
    #[must_use]
    pub fn fields(&self) -> Fields {
        Fields(match self.texts {
            Texts::Packed(texts) => FieldsIter::Packed(texts.fields()),
            Texts::Parts(parts) => FieldsIter::Parts(parts.fields.iter()),
        })
    }
}

#[expect(
    clippy::missing_fields_in_debug,
    reason = "`texts` is shown decoded, text by text"
)]
impl fmt::Debug for VariantMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VariantMeta")
            .field("name", &self.name())
            .field("code", &self.code())
            .field("status", &self.status)
            .field("title", &self.title())
            .field("type_uri", &self.type_uri())
            .field("message_template", &self.message_template())
            .field("description", &self.description())
            .field("resolution", &self.resolution())
            .field("exposed", &self.exposed)
            .field("fields", &self.fields())
            .finish()
    }
}

/// The fields of a variant, in declaration order: [`VariantMeta::fields`].
#[derive(Clone)]
pub struct Fields(FieldsIter);

#[derive(Clone)]
enum FieldsIter {
    /// The fields' part of the packed texts.
    Packed(&'static str),
    Parts(core::slice::Iter<'static, FieldMeta>),
}

impl Iterator for Fields {
    type Item = FieldMeta;

    fn next(&mut self) -> Option<FieldMeta> {
        match &mut self.0 {
            FieldsIter::Packed(rest) => packed::next_field(rest),
            FieldsIter::Parts(fields) => fields.next().copied(),
        }
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
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

/// The static description of one field of a variant; built by the derive, or by hand with
/// [`FieldMeta::new`] (see [`VariantMeta`]).
#[derive(Debug, Clone, Copy)]
pub struct FieldMeta {
    pub(crate) name: &'static str,
    pub(crate) wire_name: Option<&'static str>,
    pub(crate) type_name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) role: FieldRole,
}

impl FieldMeta {
    /// A field of this Rust `name` (its index, `"0"`, for a tuple field) and type, as written
    /// in the source, with no wire name and no description.
    #[must_use]
    pub const fn new(name: &'static str, type_name: &'static str, role: FieldRole) -> Self {
        FieldMeta {
            name,
            wire_name: None,
            type_name,
            description: "",
            role,
        }
    }

    /// With the member name in the error object, for a [`FieldRole::Member`].
    #[must_use]
    pub const fn with_wire_name(mut self, wire_name: &'static str) -> Self {
        self.wire_name = Some(wire_name);
        self
    }

    /// With the field's description (its doc comment).
    #[must_use]
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// The Rust name of the field; its index (`"0"`, `"1"`, ...) for a tuple field.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The member name in the error object, for a field serialized into the body.
    #[must_use]
    pub fn wire_name(&self) -> Option<&'static str> {
        self.wire_name
    }

    /// The field's Rust type as written in the source.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The field's doc comment, trimmed; empty when there is none.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// What the field becomes on the wire.
    #[must_use]
    pub fn role(&self) -> FieldRole {
        self.role
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
    /// A transparent variant named `name` wrapping the type whose catalog `inner` returns
    /// (`<Inner as ApiError>::catalog`).
    #[must_use]
    pub const fn new(name: &'static str, inner: fn() -> Catalog) -> Self {
        Transparent { name, inner }
    }

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
    /// The catalog of a hand-written [`ApiError`](crate::ApiError) type: its name, its default
    /// format and its own variants, with no description and no transparent variants.
    ///
    /// ```
    /// use apifault::{BuiltinFormat, Catalog, VariantMeta};
    /// use http::StatusCode;
    ///
    /// static VARIANTS: [VariantMeta; 1] = [VariantMeta::new("Gone", "GONE", StatusCode::GONE)];
    ///
    /// let catalog = Catalog::new("LegacyError", BuiltinFormat::Errors, &VARIANTS)
    ///     .with_description("Errors of the legacy API.");
    /// assert_eq!(catalog.find("GONE").map(|variant| variant.name()), Some("Gone"));
    /// ```
    #[must_use]
    pub const fn new(
        type_name: &'static str,
        default_format: BuiltinFormat,
        variants: &'static [VariantMeta],
    ) -> Self {
        Catalog {
            type_name,
            description: "",
            default_format,
            variants,
            transparent: &[],
        }
    }

    /// With the type's description (its doc comment).
    #[must_use]
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// With the type's transparent variants, in declaration order.
    #[must_use]
    pub const fn with_transparent(mut self, transparent: &'static [Transparent]) -> Self {
        self.transparent = transparent;
        self
    }

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
