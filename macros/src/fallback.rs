//! After an attribute error: the errors, plus stub impls so the rest of the user's crate still
//! type-checks and only our messages show (thiserror's fallback).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn expand(input: &DeriveInput, display: bool, errors: &syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let ty = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let predicates = where_clause.map(|clause| {
        let predicates = clause.predicates.iter();
        quote!(#(#predicates,)*)
    });
    let private = quote!(::apifault::__private);
    let display_impls = display.then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::Display for #ty #ty_generics #where_clause {
                fn fmt(&self, _: &mut #private::Formatter<'_>) -> #private::FmtResult {
                    ::core::unreachable!()
                }
            }
            #[automatically_derived]
            impl #impl_generics #private::Error for #ty #ty_generics #where_clause {}
        }
    });
    quote! {
        #errors
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics #private::ApiError for #ty #ty_generics #where_clause {
            fn metadata(&self) -> &'static #private::VariantMeta {
                ::core::unreachable!()
            }
            fn fmt_message(&self, _: &mut #private::Formatter<'_>) -> #private::FmtResult {
                ::core::unreachable!()
            }
            fn catalog() -> #private::Catalog {
                ::core::unreachable!()
            }
        }
        #display_impls
        #private::utoipa_impl! {
            #[automatically_derived]
            impl #impl_generics #private::utoipa::Documented for #ty #ty_generics #where_clause {
                fn example(_: usize) -> #private::Option<Self> {
                    ::core::unreachable!()
                }
                fn document_transparent(
                    _: usize,
                    _: #private::BuiltinFormat,
                    _: &mut #private::Vec<#private::utoipa::Entry>,
                ) {
                    ::core::unreachable!()
                }
            }
        }
        #private::integrations! {
            impl [#impl_generics] for [#ty #ty_generics] where [#predicates]
        }
    }
}
