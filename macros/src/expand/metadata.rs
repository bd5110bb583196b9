//! The metadata: one `VariantMeta` per own variant in a `static`, and `ApiError::metadata`,
//! which picks a variant's entry (or asks a transparent variant's inner error).

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};

use super::source;
use super::transparent::delegate_arm;
use crate::ast::{Field, Input, Role, Variant};
use crate::layout;
use crate::names::PRIVATE;

/// The `static` with every own variant's metadata, in declaration order.
///
/// Written as source text that the compiler lexes in one call, not built token by token: it
/// holds only literals and paths into `__private`, so no token needs a span of the user's, and
/// its 17 tokens per variant, each sent through the proc-macro bridge, were a tenth of the
/// derive's run on a 200-variant enum.
pub(super) fn variants_static(input: &Input) -> TokenStream {
    let count = input.own_variants().count();
    let mut source = format!("static __API_VARIANTS: [{PRIVATE}::VariantMeta; {count}] = [");
    for variant in input.own_variants() {
        variant_meta(&mut source, variant);
        source.push(',');
    }
    source.push_str("];");
    source::tokens(&source)
}

/// The arms of `ApiError::metadata`: an own variant's entry of the static, by position.
pub(super) fn metadata_arms(input: &Input) -> TokenStream {
    let mut own_index = 0usize;
    // Concatenated at once: `#(#arms)*` would clone and flush each arm's stream.
    input
        .variants
        .iter()
        .map(|variant| {
            if variant.is_transparent() {
                return delegate_arm(input, variant, &quote!(metadata), &[]);
            }
            let index = own_index;
            own_index += 1;
            let path = variant.path(input.is_enum);
            quote!(#path { .. } => &__API_VARIANTS[#index],)
        })
        .collect()
}

/// One variant's `VariantMeta`, built in the static's initializer: its texts packed into one
/// literal (see `layout`), or, when one holds the separator, one by one.
fn variant_meta(out: &mut String, variant: &Variant) {
    // `check_status` has rejected a variant without one; 0 is never emitted.
    let status = variant.status.unwrap_or(0);
    let expose = variant.expose.is_some();
    let mut texts = [""; layout::VARIANT_TEXTS];
    texts[layout::NAME] = &variant.name;
    texts[layout::CODE] = &variant.code;
    texts[layout::TITLE] = variant.title.as_deref().unwrap_or_default();
    texts[layout::TYPE_URI] = variant.type_uri.as_deref().unwrap_or_default();
    texts[layout::MESSAGE_TEMPLATE] = variant.message.as_ref().map_or("", |message| &message.text);
    texts[layout::DESCRIPTION] = &variant.doc;
    texts[layout::RESOLUTION] = variant.resolution.as_deref().unwrap_or_default();
    let fields: Vec<FieldTexts> = variant.fields.iter().map(FieldTexts::of).collect();

    let all = texts.iter().copied().chain(
        fields
            .iter()
            .flat_map(|field| field.texts.iter().map(String::as_str)),
    );
    let mut packed = String::new();
    let mut hot_ends = [0usize; layout::HOT_TEXTS];
    for (index, text) in all.enumerate() {
        if text.contains(layout::END) {
            return variant_parts(out, &texts, status, expose, &fields);
        }
        packed.push_str(text);
        if let Some(end) = hot_ends.get_mut(index) {
            *end = packed.len();
        }
        packed.push(layout::END);
    }
    let _ = write!(out, "{PRIVATE}::variant({status},{expose},");
    source::string_literal(out, &packed);
    let [code, title, type_uri] = hot_ends;
    let _ = write!(out, ",[{code},{title},{type_uri}])");
}

/// A variant whose texts cannot be packed, part by part.
fn variant_parts(
    out: &mut String,
    texts: &[&str; layout::VARIANT_TEXTS],
    status: u16,
    expose: bool,
    fields: &[FieldTexts],
) {
    let _ = write!(out, "{PRIVATE}::variant_parts(");
    for index in [layout::NAME, layout::CODE] {
        source::string_literal(out, texts[index]);
        out.push(',');
    }
    let _ = write!(out, "{status},");
    for index in [
        layout::TITLE,
        layout::TYPE_URI,
        layout::MESSAGE_TEMPLATE,
        layout::DESCRIPTION,
        layout::RESOLUTION,
    ] {
        source::string_literal(out, texts[index]);
        out.push(',');
    }
    let _ = write!(out, "{expose},&[");
    for field in fields {
        let _ = write!(out, "{PRIVATE}::field(");
        for index in [
            layout::FIELD_NAME,
            layout::FIELD_WIRE_NAME,
            layout::FIELD_TYPE_NAME,
            layout::FIELD_DESCRIPTION,
        ] {
            source::string_literal(out, &field.texts[index]);
            out.push(',');
        }
        let _ = write!(out, "{PRIVATE}::");
        match &field.role {
            FieldRole::Named(name) => out.push_str(name),
            FieldRole::Header(header) => {
                out.push_str("Header(");
                source::string_literal(out, header);
                out.push(')');
            }
        }
        out.push_str("),");
    }
    out.push_str("])");
}

/// A field's texts in the order of `layout`, and its role as a `FieldRole`.
struct FieldTexts {
    texts: [String; layout::FIELD_TEXTS],
    role: FieldRole,
}

/// A `__private::FieldRole`: a unit variant's name, or a header's.
enum FieldRole {
    Named(&'static str),
    Header(String),
}

impl FieldTexts {
    fn of(field: &Field) -> Self {
        let (letter, role) = match &field.role {
            Role::Member => (layout::role::MEMBER.to_string(), FieldRole::Named("Member")),
            Role::Skipped => (
                layout::role::SKIPPED.to_string(),
                FieldRole::Named("Skipped"),
            ),
            // The catalog, OpenAPI and the client know no difference: neither is ever sent.
            Role::Internal | Role::Redacted => (
                layout::role::INTERNAL.to_string(),
                FieldRole::Named("Internal"),
            ),
            Role::Header(header) => (
                format!("{}{header}", layout::role::HEADER),
                FieldRole::Header(header.clone()),
            ),
            Role::Headers => (
                layout::role::HEADERS.to_string(),
                FieldRole::Named("Headers"),
            ),
            Role::Violations => (
                layout::role::VIOLATIONS.to_string(),
                FieldRole::Named("Violations"),
            ),
            Role::Flatten => (
                layout::role::FLATTEN.to_string(),
                FieldRole::Named("Flatten"),
            ),
        };
        let mut texts: [String; layout::FIELD_TEXTS] = Default::default();
        texts[layout::FIELD_NAME].clone_from(&field.name);
        texts[layout::FIELD_WIRE_NAME] = field.wire_name.clone().unwrap_or_default();
        texts[layout::FIELD_TYPE_NAME] = type_name(field.ty);
        texts[layout::FIELD_DESCRIPTION].clone_from(&field.doc);
        texts[layout::FIELD_ROLE] = letter;
        FieldTexts { texts, role }
    }
}

/// A type as a person writes it: `Vec<String>`, not `Vec < String >`.
fn type_name(ty: &syn::Type) -> String {
    // Most fields are one bare name (`String`, `u64`), which needs none of the rewriting.
    if let syn::Type::Path(syn::TypePath {
        qself: None, path, ..
    }) = ty
    {
        if let Some(ident) = path.get_ident() {
            return ident.to_string();
        }
    }
    let mut text = ty.to_token_stream().to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
    ] {
        text = text.replace(spaced, tight);
    }
    text
}
