//! Phase 4: the impls, one concern per file. Every path goes through `::core` or
//! `::apifault::__private`, every impl is `#[automatically_derived]`, and the per-variant
//! metadata is one `static`, so the amount of code emitted stays small.
//!
//! - `mod.rs`: the driver and the `ApiError` impl that the other files fill in;
//! - `metadata`: the `VariantMeta` static and `ApiError::metadata`;
//! - `message`: `WriteMessage`, the message of every variant for `Display` and the body;
//! - `members`, `headers`: the body's extra members and violations, the response's headers;
//! - `arms`: the match arms these share; `transparent`: delegation to an inner error;
//! - `display`: `Display` and `Error` (`#[api(display)]`); `decode`: the client's `Decode`;
//! - `documented`: what the `utoipa` integration reads; `bounds`: bounds for generic fields;
//! - `json`: JSON escaping done at expansion; `source`: parts written as source text.

mod arms;
mod bounds;
mod decode;
mod display;
mod documented;
mod headers;
pub(crate) mod json;
mod members;
pub(crate) mod message;
mod metadata;
mod source;
mod transparent;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::ast::{self, Input};
use crate::ctxt::Ctxt;
use crate::names::private;
use crate::{fallback, valid};

/// The whole derive, as a function over token streams so it can be unit-tested and fuzzed.
pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let cx = Ctxt::new();
    let model = ast::Input::from_syn(&cx, &input);
    if let Some(model) = &model {
        valid::check(&cx, model);
    }
    let display = model.as_ref().is_some_and(|model| model.container.display);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => impl_api_error(&model),
        (Err(errors), _) => fallback::expand(&input, display, &errors),
        // `from_syn` gives no model only after reporting why.
        (Ok(()), None) => TokenStream::new(),
    }
}

fn impl_api_error(input: &Input) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let bounds = bounds::infer_bounds(input);
    let where_clause = bounds.where_clause(input.generics);
    let predicates = bounds.predicates(input.generics);

    let metadata_static = metadata::variants_static(input);
    let metadata_arms = metadata::metadata_arms(input);
    let fmt_message = transparent::ask_inner_first(
        input,
        &quote!(fmt_message),
        &quote!(__formatter),
        &quote!(#private::fmt_message(self, __formatter)),
    );
    let write_message_json = transparent::ask_inner_first(
        input,
        &quote!(write_message_json),
        &quote!(__out),
        &quote!(#private::write_message_json(self, __out)),
    );
    let transparent_overrides = transparent::overrides(input);
    let transparent_entries = transparent::catalog_entries(input);
    // `match self {}` does not compile for an empty enum: a reference is never uninhabited.
    let scrutinee = if input.variants.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    let type_name = ty.to_string();
    let type_doc = &input.container.doc;
    let format = format_ident!("{}", input.container.format.variant);
    let write_members = members::write_members(input);
    let violations = members::violations(input);
    let write_headers = headers::write_headers(input);
    let display = input
        .container
        .display
        .then(|| display::impl_display(input, &where_clause));
    let decode = cfg!(feature = "client").then(|| decode::impl_decode(input));
    let write_message = message::impl_write_message(input, &where_clause, &scrutinee);
    // Only with `apifault/utoipa`: otherwise `utoipa_impl!` would throw it away, after the
    // derive had built it and rustc had parsed it (a sixth of the expansion's cost).
    let (markers, documented) = if cfg!(feature = "utoipa") {
        documented::impl_documented(input, &where_clause)
    } else {
        (None, TokenStream::new())
    };
    let (localized_methods, localized_impls) = crate::localize::expand(input, &where_clause);

    quote! {
        #markers

        const _: () = {
            use ::apifault::__private as #private;

            #metadata_static

            #[automatically_derived]
            #[allow(unused_qualifications, deprecated)]
            impl #impl_generics #private::ApiError for #ty #ty_generics #where_clause {
                fn metadata(&self) -> &'static #private::VariantMeta {
                    match #scrutinee { #metadata_arms }
                }

                fn fmt_message(&self, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
                    #fmt_message
                }

                fn write_message_json(&self, __out: &mut #private::Vec<u8>) -> #private::Result<(), #private::RenderError> {
                    #write_message_json
                }

                fn catalog() -> #private::Catalog {
                    // An inline const makes the list `'static` even when it names generic types.
                    #private::catalog(
                        #type_name,
                        #type_doc,
                        #private::BuiltinFormat::#format,
                        &__API_VARIANTS,
                        const { &[#transparent_entries] },
                    )
                }

                #transparent_overrides
                #write_members
                #violations
                #write_headers
                #localized_methods
            }

            #write_message
            #localized_impls

            #display

            #private::integrations! {
                impl [#impl_generics] for [#ty #ty_generics] where [#predicates]
            }

            #decode

            #documented
        };
    }
}
