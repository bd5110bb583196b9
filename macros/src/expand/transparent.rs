//! Transparent variants: every method of `ApiError` asks the inner error.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens as _, format_ident, quote, quote_spanned};

use super::arms::field_local;
use crate::ast::{Field, Input, Variant};
use crate::names::private;

/// `Self::V { 0: __field_0, .. } => ApiError::method(__field_0, args...),` for a transparent
/// variant; nothing for an own one.
pub(super) fn delegate_arm(
    input: &Input,
    variant: &Variant,
    method: &TokenStream,
    args: &[TokenStream],
) -> TokenStream {
    let Some(inner) = variant.inner() else {
        return TokenStream::new();
    };
    let (pattern, call) = delegate(input, variant, inner, method, args);
    quote!(#pattern => #call,)
}

/// The pattern of a transparent variant and the call of `method` on its inner error.
pub(super) fn delegate(
    input: &Input,
    variant: &Variant,
    inner: &Field,
    method: &TokenStream,
    args: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let private = private();
    let path = variant.path(input.is_enum);
    let member = &inner.member;
    // Located at the field, so a type error about the inner error points there.
    let local = field_local(inner);
    let call = quote_spanned!(inner.ty_span=> #private::ApiError::#method(#local #(, #args)*));
    (quote!(#path { #member: #local, .. }), call)
}

/// The catalog's list of transparent variants, each with its inner error's catalog.
pub(super) fn catalog_entries(input: &Input) -> TokenStream {
    let private = private();
    let entries = input.transparent_variants().map(|(variant, inner)| {
        let name = &variant.name;
        let span = inner.ty_span;
        let inner = inner.ty;
        // Spanned at the field, so "`Inner` is not ApiError" points there.
        quote_spanned!(span=> #private::transparent(#name, <#inner as #private::ApiError>::catalog))
    });
    quote!(#(#entries,)*)
}

/// The body of a method that renders the message (`fmt_message`, `write_message_json`): the
/// inner error's for a transparent variant, else `own`.
pub(super) fn ask_inner_first(
    input: &Input,
    method: &TokenStream,
    destination: &TokenStream,
    own: &TokenStream,
) -> TokenStream {
    if !input.has_transparent() {
        return own.clone();
    }
    let arms = input
        .variants
        .iter()
        .map(|variant| delegate_arm(input, variant, method, std::slice::from_ref(destination)));
    let rest = input
        .own_variants()
        .next()
        .is_some()
        .then(|| quote!(_ => #own,));
    quote!(match self { #(#arms)* #rest })
}

/// With transparent variants, `status`, `code`, `title` and `type_uri` ask the inner error
/// itself, in case its implementation overrides them.
pub(super) fn overrides(input: &Input) -> Option<TokenStream> {
    if !input.has_transparent() {
        return None;
    }
    let private = private();
    let has_own = input.own_variants().next().is_some();
    let methods: [(Ident, TokenStream); 4] = [
        (format_ident!("status"), quote!(#private::StatusCode)),
        (format_ident!("code"), quote!(&'static str)),
        (format_ident!("title"), quote!(&'static str)),
        (
            format_ident!("type_uri"),
            quote!(::core::option::Option<&'static str>),
        ),
    ];
    let overrides = methods.iter().map(|(method, output)| {
        let arms = input
            .variants
            .iter()
            .map(|variant| delegate_arm(input, variant, &method.to_token_stream(), &[]));
        let rest = has_own.then(|| quote!(_ => #private::ApiError::metadata(self).#method(),));
        quote! {
            fn #method(&self) -> #output {
                match self { #(#arms)* #rest }
            }
        }
    });
    Some(quote!(#(#overrides)*))
}
