//! Phase 2: the model. Attributes resolved into what each variant and field means: its status,
//! code, message and wire role, with the spans to blame. Borrowed from the `DeriveInput`.

use proc_macro2::Span;
use syn::ext::IdentExt as _;
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Ident, LitStr, Member, Type};

use crate::attr::{self, Attrs, Format, KeyName, Position};
use crate::builtin;
use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::fmt::{self, Message};

pub(crate) struct Input<'a> {
    pub ident: &'a Ident,
    pub vis: &'a syn::Visibility,
    pub generics: &'a Generics,
    pub is_enum: bool,
    pub container: Container,
    pub variants: Vec<Variant<'a>>,
}

/// What the enum-level (or struct-level) keys say.
pub(crate) struct Container {
    /// The default wire format.
    pub format: Format,
    pub display: bool,
    /// `#[api(locales = "...")]` and its companions.
    pub locales: crate::localize::Keys,
    /// The type's doc comment.
    pub doc: String,
}

pub(crate) struct Variant<'a> {
    pub ident: &'a Ident,
    /// The name without `r#`.
    pub name: String,
    pub fields: Vec<Field<'a>>,
    /// Whether the variant speaks for itself or for the inner error it wraps.
    pub kind: VariantKind,
    /// The variant's status, or the enum's default.
    pub status: Option<u16>,
    /// An attribute of the variant or the enum was rejected, so a missing status may be a
    /// consequence rather than a mistake of its own.
    pub attrs_rejected: bool,
    pub code: String,
    /// Where to point about the code: the `code = "..."` literal, else the variant's name.
    pub code_span: Span,
    pub message: Option<Message>,
    pub title: Option<String>,
    pub type_uri: Option<String>,
    pub resolution: Option<String>,
    pub expose: Option<Span>,
    /// Clients never build this variant (`#[api(no_decode)]`).
    pub no_decode: bool,
    pub doc: String,
    /// Every key written on the variant, for "transparent takes no other keys".
    pub keys: Vec<(KeyName, Span)>,
}

pub(crate) struct Field<'a> {
    pub original: &'a syn::Field,
    pub member: Member,
    /// The name without `r#`, or the index of a tuple field.
    pub name: String,
    pub ty: &'a Type,
    /// Where errors about the type are reported: taken once, as `Spanned::span` turns the type
    /// into tokens on every call (called per use, it was 5% of the derive's run on a large enum).
    pub ty_span: Span,
    pub role: Role,
    /// The member name in the error object, for [`Role::Member`].
    pub wire_name: Option<String>,
    /// Where the wire name comes from: the `rename` literal, else the field's name.
    pub wire_name_span: Span,
    pub doc: String,
    /// Every `#[api(...)]` key on the field.
    pub keys: Vec<(KeyName, Span)>,
    /// The error's cause: `#[source]`, `#[from]` or named `source` (what `Error::source`
    /// returns when the derive implements `Error`).
    pub is_source: bool,
    /// `#[api(expose)]` on the field: on a 5xx variant, its value is safe for clients.
    pub expose: Option<Span>,
}

/// What a variant is: an error of its own, or a wrapper that delegates everything to its one
/// field (`#[api(transparent)]`).
#[derive(Clone, Copy)]
pub(crate) enum VariantKind {
    Own,
    /// `span` is the `transparent` key's. `valid` checks that there is exactly one field; the
    /// expansion runs only after it.
    Transparent {
        span: Span,
    },
}

/// What a field becomes on the wire.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Member,
    Skipped,
    /// A thiserror source or backtrace, or a field named `source`.
    Internal,
    /// A member or `flatten` field of a 5xx variant that neither the variant nor the field
    /// marks `expose`: kept out of the body, like an internal field.
    Redacted,
    Header(String),
    Headers,
    Violations,
    Flatten,
}

impl Role {
    pub(crate) fn is_internal(&self) -> bool {
        *self == Role::Internal
    }
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        match &input.data {
            syn::Data::Enum(data) => {
                let attrs = attr::get(cx, Position::Enum, &input.attrs);
                let defaults = Defaults::from_attrs(&attrs);
                let variants = data
                    .variants
                    .iter()
                    .map(|variant| {
                        let attrs = attr::get(cx, Position::Variant, &variant.attrs);
                        Variant::from_syn(cx, &variant.ident, &variant.fields, attrs, &defaults)
                    })
                    .collect();
                Some(Input {
                    ident: &input.ident,
                    vis: &input.vis,
                    generics: &input.generics,
                    is_enum: true,
                    container: Container::from_attrs(&attrs),
                    variants,
                })
            }
            syn::Data::Struct(data) => {
                let attrs = attr::get(cx, Position::Struct, &input.attrs);
                let defaults = Defaults::from_attrs(&attrs);
                let container = Container::from_attrs(&attrs);
                let variant = Variant::from_syn(cx, &input.ident, &data.fields, attrs, &defaults);
                Some(Input {
                    ident: &input.ident,
                    vis: &input.vis,
                    generics: &input.generics,
                    is_enum: false,
                    container,
                    variants: vec![variant],
                })
            }
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(ApiError)] works on enums and structs, not unions; wrap the union in a struct or describe the errors as an enum",
                );
                None
            }
        }
    }
}

impl<'a> Input<'a> {
    /// The variants with a status, code and message of their own, in declaration order: the
    /// order of the catalog and of the metadata static.
    pub(crate) fn own_variants(&self) -> impl Iterator<Item = &Variant<'a>> {
        self.variants.iter().filter(|v| !v.is_transparent())
    }

    /// The transparent variants with their inner error, in declaration order.
    pub(crate) fn transparent_variants(&self) -> impl Iterator<Item = (&Variant<'a>, &Field<'a>)> {
        self.variants
            .iter()
            .filter_map(|variant| Some((variant, variant.inner()?)))
    }

    pub(crate) fn has_transparent(&self) -> bool {
        self.variants.iter().any(Variant::is_transparent)
    }
}

impl Container {
    fn from_attrs(attrs: &Attrs) -> Self {
        Container {
            // problem+json, the RFC's format, when the type names none.
            format: attrs.format.unwrap_or(builtin::PROBLEM),
            display: attrs.display.is_some(),
            locales: attrs.locales.clone(),
            doc: attrs.doc.clone(),
        }
    }
}

/// The enum-level keys that shape each variant.
struct Defaults {
    status: Option<u16>,
    rename_all: Option<RenameRule>,
    code_case: Option<RenameRule>,
    type_base: Option<String>,
    attrs_rejected: bool,
}

impl Defaults {
    fn from_attrs(attrs: &Attrs) -> Self {
        Defaults {
            attrs_rejected: attrs.had_error,
            status: attrs.status,
            rename_all: attrs.rename_all,
            code_case: attrs.code_case,
            type_base: attrs.type_base.as_ref().map(LitStr::value),
        }
    }
}

impl<'a> Variant<'a> {
    fn from_syn(
        cx: &Ctxt,
        ident: &'a Ident,
        fields: &'a syn::Fields,
        attrs: Attrs,
        defaults: &Defaults,
    ) -> Self {
        let name = ident.unraw().to_string();
        let mut fields: Vec<Field> = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::from_syn(cx, index, field, defaults.rename_all))
            .collect();
        let is_tuple = fields
            .first()
            .is_some_and(|field| matches!(field.member, Member::Unnamed(_)));
        let (code, code_span) = match &attrs.code {
            Some((code, span)) => (code.clone(), *span),
            None => (
                defaults
                    .code_case
                    .map_or_else(|| name.clone(), |rule| rule.apply_to_variant(&name)),
                ident.span(),
            ),
        };
        let names: Vec<String> = fields.iter().map(|field| field.name.clone()).collect();
        let message = attrs.message.as_ref().and_then(|message| {
            let scope = fmt::Fields {
                names: &names,
                is_tuple,
                variant: &name,
            };
            fmt::parse(message, &scope)
                .map_err(|error| cx.push(error))
                .ok()
        });
        let status = attrs.status.or(defaults.status);
        if status.is_some_and(is_server_error)
            && attrs.expose.is_none()
            && attrs.transparent.is_none()
        {
            for field in &mut fields {
                field.redact_unless_exposed();
            }
        }
        let type_uri = match (&attrs.type_uri, &defaults.type_base) {
            (Some(uri), _) => Some(uri.value()),
            (None, Some(base)) => Some(format!("{base}{code}")),
            (None, None) => None,
        };
        Variant {
            ident,
            kind: attrs
                .transparent
                .map_or(VariantKind::Own, |span| VariantKind::Transparent { span }),
            status,
            attrs_rejected: attrs.had_error || defaults.attrs_rejected,
            code,
            code_span,
            message,
            title: attrs.title.as_ref().map(LitStr::value),
            type_uri,
            resolution: attrs.resolution.as_ref().map(LitStr::value),
            expose: attrs.expose,
            no_decode: attrs.no_decode.is_some(),
            doc: attrs.doc,
            keys: attrs.keys,
            name,
            fields,
        }
    }

    pub(crate) fn is_transparent(&self) -> bool {
        matches!(self.kind, VariantKind::Transparent { .. })
    }

    /// The inner error of a transparent variant, its one field; `None` for an own variant.
    pub(crate) fn inner(&self) -> Option<&Field<'a>> {
        match self.kind {
            VariantKind::Own => None,
            VariantKind::Transparent { .. } => self.fields.first(),
        }
    }

    /// The path that names this variant in a pattern: `Self::Variant`, or `Self` for a struct.
    pub(crate) fn path(&self, is_enum: bool) -> VariantPath<'a> {
        VariantPath {
            variant: is_enum.then_some(self.ident),
        }
    }
}

/// `Self::Variant` or `Self`, quoted as its tokens: appending them costs nothing, where a
/// quoted `TokenStream` costs the proc-macro bridge a clone and a concatenation per use (four
/// uses per variant).
#[derive(Clone, Copy)]
pub(crate) struct VariantPath<'a> {
    variant: Option<&'a syn::Ident>,
}

impl quote::ToTokens for VariantPath<'_> {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        use proc_macro2::{Ident, Punct, Spacing, Span};
        use quote::TokenStreamExt as _;
        tokens.append(Ident::new("Self", Span::call_site()));
        if let Some(variant) = self.variant {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
            tokens.append(variant.clone());
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(
        cx: &Ctxt,
        index: usize,
        field: &'a syn::Field,
        rename_all: Option<RenameRule>,
    ) -> Self {
        let attrs = attr::get(cx, Position::Field, &field.attrs);
        let (member, name) = match &field.ident {
            Some(ident) => (Member::Named(ident.clone()), ident.unraw().to_string()),
            None => (Member::Unnamed(index.into()), index.to_string()),
        };
        let internal = attrs.thiserror_marker || name == "source";
        let is_source = attrs.source_marker || name == "source";
        let role = role(cx, &attrs, internal);
        let ty_span = field.ty.span();
        let wire_name_span = match (&attrs.rename, &field.ident) {
            (Some(rename), _) => rename.span(),
            (None, Some(ident)) => ident.span(),
            (None, None) => ty_span,
        };
        let wire_name = match (&role, &attrs.rename, &field.ident) {
            (Role::Member, Some(rename), _) => Some(rename.value()),
            (Role::Member, None, Some(_)) => {
                Some(rename_all.map_or_else(|| name.clone(), |rule| rule.apply_to_field(&name)))
            }
            _ => None,
        };
        // A tuple field has no name to send: it stays out of the body unless renamed.
        let role = if role == Role::Member && wire_name.is_none() {
            Role::Skipped
        } else {
            role
        };
        Field {
            original: field,
            member,
            name,
            ty: &field.ty,
            ty_span,
            role,
            wire_name,
            wire_name_span,
            doc: attrs.doc,
            keys: attrs.keys,
            is_source,
            expose: attrs.expose,
        }
    }

    /// On a 5xx variant without `expose`: a field that would be a member of the body stays
    /// out of it unless the field itself says `expose`.
    fn redact_unless_exposed(&mut self) {
        if self.expose.is_none() && matches!(self.role, Role::Member | Role::Flatten) {
            self.role = Role::Redacted;
            self.wire_name = None;
        }
    }
}

/// 5xx responses show no internal detail unless told to (`expose`).
pub(crate) fn is_server_error(status: u16) -> bool {
    status >= 500
}

/// A field's role from its keys, reporting keys that contradict each other.
fn role(cx: &Ctxt, attrs: &Attrs, internal: bool) -> Role {
    let mut roles: Vec<(&'static str, Span, Role)> = Vec::new();
    if let Some(span) = attrs.skip {
        roles.push(("skip", span, Role::Skipped));
    }
    if let Some(header) = &attrs.header {
        roles.push(("header", header.span(), Role::Header(header.value())));
    }
    if let Some(span) = attrs.headers {
        roles.push(("headers", span, Role::Headers));
    }
    if let Some(span) = attrs.violations {
        roles.push(("violations", span, Role::Violations));
    }
    if let Some(span) = attrs.flatten {
        roles.push(("flatten", span, Role::Flatten));
    }
    for (name, span, _) in roles.iter().skip(1) {
        cx.error_at(
            *span,
            format!(
                "`{name}` cannot be combined with `{}` on one field; choose one",
                roles[0].0
            ),
        );
    }
    if internal {
        // `skip` on a source field says what is true anyway; anything that would send it is not.
        for (name, span, _) in roles.iter().filter(|(name, ..)| *name != "skip") {
            cx.error_at(
                *span,
                format!("this field is internal (a thiserror source or backtrace, or named `source`) and never leaves the server; remove `{name}`"),
            );
        }
        for (name, span) in [
            ("rename", attrs.rename.as_ref().map(LitStr::span)),
            ("expose", attrs.expose),
        ] {
            if let Some(span) = span {
                cx.error_at(span, format!("this field is internal (a thiserror source or backtrace, or named `source`) and never leaves the server; remove `{name}`"));
            }
        }
        return Role::Internal;
    }
    let role = roles
        .into_iter()
        .next()
        .map_or(Role::Member, |(_, _, role)| role);
    if let (Some(rename), false) = (&attrs.rename, role == Role::Member) {
        cx.error_at(rename.span(), "`rename` names a member of the error object, but this field is not serialized as one; remove `rename`");
    }
    role
}

impl Field<'_> {
    pub(crate) fn span(&self) -> Span {
        self.original.span()
    }
}
