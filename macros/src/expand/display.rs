//! `Display` and `Error` for `#[api(display)]`: the message, and each variant's cause.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::arms::field_local;
use crate::ast::Input;
use crate::names::private;

pub(super) fn impl_display(input: &Input, where_clause: &TokenStream) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let error_where = if where_clause.is_empty() {
        quote!(where Self: #private::Debug)
    } else {
        quote!(#where_clause Self: #private::Debug)
    };
    let source = impl_source(input);
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Display for #ty #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
                #private::ApiError::fmt_message(self, __formatter)
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::Error for #ty #ty_generics #error_where {
            #source
        }
    }
}

/// `Error::source` returning each variant's cause, when any variant has one.
fn impl_source(input: &Input) -> Option<TokenStream> {
    let private = private();
    let mut arms = TokenStream::new();
    let mut all_covered = true;
    for variant in &input.variants {
        let Some(field) = variant
            .fields
            .iter()
            .find(|f| f.is_source && !variant.is_transparent())
        else {
            all_covered = false;
            continue;
        };
        let path = variant.path(input.is_enum);
        let member = &field.member;
        let local = field_local(field);
        let cause =
            quote_spanned!(field.ty_span=> #private::Option::Some(#private::as_dyn_error(#local)));
        arms.extend(quote!(#path { #member: #local, .. } => #cause,));
    }
    if arms.is_empty() {
        return None;
    }
    if !all_covered {
        arms.extend(quote!(_ => #private::Option::None,));
    }
    Some(quote! {
        fn source(&self) -> #private::Option<&(dyn #private::Error + 'static)> {
            match self { #arms }
        }
    })
}
