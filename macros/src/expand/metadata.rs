//! The metadata: one `VariantMeta` per own variant in a `static`, and `ApiError::metadata`,
//! which picks a variant's entry (or asks a transparent variant's inner error).

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};

use super::transparent::delegate_arm;
use crate::ast::{Field, Input, Role, Variant};
use crate::names::private;

/// The `static` with every own variant's metadata, in declaration order.
pub(super) fn variants_static(input: &Input) -> TokenStream {
    let private = private();
    let count = input.own_variants().count();
    let metas = input.own_variants().map(variant_meta);
    quote!(static __API_VARIANTS: [#private::VariantMeta; #count] = [#(#metas,)*];)
}

/// The arms of `ApiError::metadata`: an own variant's entry of the static, by position.
pub(super) fn metadata_arms(input: &Input) -> TokenStream {
    let mut own_index = 0usize;
    let arms = input.variants.iter().map(|variant| {
        if variant.is_transparent() {
            return delegate_arm(input, variant, &quote!(metadata), &[]);
        }
        let index = own_index;
        own_index += 1;
        let path = variant.path(input.is_enum);
        quote!(#path { .. } => &__API_VARIANTS[#index],)
    });
    quote!(#(#arms)*)
}

/// One variant's `VariantMeta`, built in the static's initializer.
fn variant_meta(variant: &Variant) -> TokenStream {
    let private = private();
    let name = &variant.name;
    let code = &variant.code;
    // `check_status` has rejected a variant without one; 0 is never emitted.
    let status = variant.status.unwrap_or(0);
    let title = variant.title.as_deref().unwrap_or_default();
    let type_uri = variant.type_uri.as_deref().unwrap_or_default();
    let message = variant
        .message
        .as_ref()
        .map(|m| m.template.value())
        .unwrap_or_default();
    let description = &variant.doc;
    let resolution = variant.resolution.as_deref().unwrap_or_default();
    let expose = variant.expose.is_some();
    let fields = variant.fields.iter().map(field_meta);
    // One positional call of a hidden `const fn` (`""` for what is absent): few tokens, and
    // the fields of `VariantMeta` stay private.
    quote! {
        #private::variant(
            #name, #code, #status, #title, #type_uri, #message, #description, #resolution, #expose,
            &[#(#fields,)*],
        )
    }
}

fn field_meta(field: &Field) -> TokenStream {
    let private = private();
    let name = &field.name;
    let wire_name = field.wire_name.as_deref().unwrap_or_default();
    let ty = type_name(field.ty);
    let description = &field.doc;
    let role = match &field.role {
        Role::Member => quote!(Member),
        Role::Skipped => quote!(Skipped),
        // The catalog, OpenAPI and the client know no difference: neither is ever sent.
        Role::Internal | Role::Redacted => quote!(Internal),
        Role::Header(header) => quote!(Header(#header)),
        Role::Headers => quote!(Headers),
        Role::Violations => quote!(Violations),
        Role::Flatten => quote!(Flatten),
    };
    quote! {
        #private::field(#name, #wire_name, #ty, #description, #private::#role)
    }
}

/// A type as a person writes it: `Vec<String>`, not `Vec < String >`.
fn type_name(ty: &syn::Type) -> String {
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
