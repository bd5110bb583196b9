//! The client's `Decode` impl (feature `client`): a response read back into the enum.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use crate::ast::{Field, Input, Role};
use crate::generics::{InferredBounds, ParamsInScope};
use crate::names::private;

/// The client's `Decode` impl, kept by `client_impl!` only with the `client` feature: each
/// variant built from the wire, fields that do not travel from `Default`.
pub(super) fn impl_decode(input: &Input) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = infer_decode_bounds(input).where_clause(input.generics);
    let own_arms = input
        .own_variants()
        .enumerate()
        .filter(|(_, v)| !v.no_decode)
        .map(|(index, variant)| {
            let path = variant.path(input.is_enum);
            let fields = variant.fields.iter().map(|field| {
                let member = &field.member;
                let value = decode_field(field);
                quote!(#member: #value)
            });
            quote! {
                if __wire.is(&__API_VARIANTS[#index]) {
                    return (|| #private::Option::Some(#path { #(#fields,)* }))();
                }
            }
        });
    let transparent_arms = input.transparent_variants().filter(|(v, _)| !v.no_decode).map(|(variant, field)| {
        let path = variant.path(input.is_enum);
        let member = &field.member;
        let inner = field.ty;
        let call = quote_spanned!(field.ty_span=> <#inner as #private::client::Decode>::from_wire(__wire));
        quote! {
            if let #private::Option::Some(__inner) = #call {
                return #private::Option::Some(#path { #member: __inner });
            }
        }
    });
    quote! {
        #private::client_impl! {
            #[automatically_derived]
            #[allow(unused_qualifications, deprecated, clippy::redundant_closure_call)]
            impl #impl_generics #private::client::Decode for #ty #ty_generics #where_clause {
                fn from_wire(__wire: &#private::client::Wire<'_>) -> #private::Option<Self> {
                    #(#own_arms)*
                    #(#transparent_arms)*
                    #private::Option::None
                }
            }
        }
    }
}

/// How one field comes back from the wire.
fn decode_field(field: &Field) -> TokenStream {
    let private = private();
    let ty = field.ty;
    let span = field.ty_span;
    match &field.role {
        Role::Member => {
            let wire_name = field.wire_name.as_deref().unwrap_or_default();
            quote_spanned!(span=> __wire.member(#wire_name)?)
        }
        Role::Flatten => quote_spanned!(span=> __wire.flatten()?),
        Role::Header(name) => {
            let name = name.to_ascii_lowercase();
            quote_spanned!(span=> __wire.header(#name)?)
        }
        Role::Headers => quote_spanned!(span=> __wire.headers()?),
        Role::Violations => quote_spanned!(span=> __wire.violations()),
        Role::Skipped | Role::Internal | Role::Redacted => {
            quote_spanned!(span=> <#ty as #private::client::NotSent>::not_sent())
        }
    }
}

/// The bounds of `Decode`: those of `ApiError`, and what decoding each generic field needs.
fn infer_decode_bounds(input: &Input) -> InferredBounds {
    let private = private();
    let params = ParamsInScope::new(input.generics);
    let mut bounds = super::bounds::infer_bounds(input);
    for variant in &input.variants {
        for field in variant
            .fields
            .iter()
            .filter(|field| params.intersects(field.ty))
        {
            let bound = if variant.no_decode {
                continue;
            } else if variant.is_transparent() {
                quote!(#private::client::Decode)
            } else {
                match field.role {
                    Role::Member | Role::Flatten => quote!(#private::client::DeserializeOwned),
                    Role::Header(_) => quote!(#private::client::FromHeaderValue),
                    Role::Headers => quote!(#private::client::FromHeaders),
                    Role::Violations => {
                        quote!(::core::convert::From<::std::vec::Vec<#private::Violation>>)
                    }
                    Role::Skipped | Role::Internal | Role::Redacted => {
                        quote!(#private::client::NotSent)
                    }
                }
            };
            bounds.insert(field.ty, &bound);
        }
    }
    bounds
}
