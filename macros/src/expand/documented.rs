//! What the `utoipa` integration reads: examples of each variant and the marker types of
//! per-operation error lists.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ast::Input;
use crate::names::private;

/// What the `utoipa` integration needs, kept by `utoipa_impl!` only with that feature:
/// `Documented` (a value of each variant from example values of its fields, and the
/// transparent variants' inner types), and for a type without generic parameters a module
/// named after it with a marker type per variant, for per-operation error lists
/// (`Errors<(book_error::NotFound, book_error::Conflict)>`).
pub(super) fn impl_documented(
    input: &Input,
    where_clause: &TokenStream,
) -> (Option<TokenStream>, TokenStream) {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let example_arms = input.own_variants().enumerate().map(|(index, variant)| {
        let path = variant.path(input.is_enum);
        let fields = variant.fields.iter().map(|field| {
            let member = &field.member;
            let field_ty = field.ty;
            quote!(#member: (&&&#private::utoipa::Probe::<#field_ty>::NEW).example()?)
        });
        quote!(#index => #private::Option::Some(#path { #(#fields,)* }),)
    });
    let transparent_arms = input
        .transparent_variants()
        .enumerate()
        .map(|(index, (_, inner))| {
            let inner = inner.ty;
            quote!(#index => (&&&#private::utoipa::TypeProbe::<#inner>::NEW).document(__format, __out),)
        });
    let documented = quote! {
        #private::utoipa_impl! {
            #[automatically_derived]
            #[allow(unused_qualifications, deprecated, clippy::match_single_binding)]
            impl #impl_generics #private::utoipa::Documented for #ty #ty_generics #where_clause {
                fn example(__index: usize) -> #private::Option<Self> {
                    #[allow(unused_imports)]
                    use #private::utoipa::{ViaDefault as _, ViaExample as _, ViaNothing as _};
                    match __index {
                        #(#example_arms)*
                        _ => #private::Option::None,
                    }
                }

                fn document_transparent(
                    __index: usize,
                    __format: #private::BuiltinFormat,
                    __out: &mut #private::Vec<#private::utoipa::Entry>,
                ) {
                    #[allow(unused_imports)]
                    use #private::utoipa::{ViaCatalog as _, ViaDocumented as _, ViaNoCatalog as _};
                    match __index {
                        #(#transparent_arms)*
                        _ => {}
                    }
                }
            }
        }
    };
    if !input.is_enum || !input.generics.params.is_empty() {
        return (None, documented);
    }
    let (module, impls) = markers(input);
    let documented = quote! {
        #documented
        #impls
    };
    (Some(module), documented)
}

/// The marker module of an enum without generic parameters, and the impls of its markers
/// (written inside the derive's `const _`, where the enum can be named even when it is local
/// to a function, which a module's `super::` cannot reach).
fn markers(input: &Input) -> (TokenStream, TokenStream) {
    let private = private();
    let ty = input.ident;
    let module = module_name(ty);
    let vis = input.vis;
    let marker_vis = if let syn::Visibility::Public(_) = vis {
        quote!(pub)
    } else {
        quote!(pub(crate))
    };
    let markers = input.variants.iter().map(|variant| {
        let ident = variant.ident;
        let doc = format!(
            "The `{}::{}` variant, for a per-operation error list: `apifault::utoipa::Errors<{module}::{}>`.",
            ty, variant.name, variant.name
        );
        quote!(#[doc = #doc] #marker_vis enum #ident {})
    });
    let module_doc = format!(
        "The variants of `{ty}` as types, for per-operation error lists in `#[utoipa::path(responses(...))]`."
    );
    let marker_module = quote! {
        ::apifault::__private::utoipa_impl! {
            #[doc = #module_doc]
            #[doc(hidden)]
            #[allow(dead_code, non_camel_case_types)]
            #vis mod #module {
                #(#markers)*
            }
        }
    };
    let mut transparent_index = 0usize;
    let mut own_index = 0usize;
    let marker_impls = input.variants.iter().map(|variant| {
        let ident = variant.ident;
        let document = if variant.is_transparent() {
            transparent_index += 1;
            let index = transparent_index - 1;
            quote!(<#ty as #private::utoipa::Documented>::document_transparent(#index, __format, __out))
        } else {
            own_index += 1;
            let index = own_index - 1;
            quote!(#private::utoipa::document_own::<#ty>(#index, __format, __out))
        };
        quote! {
            #[automatically_derived]
            impl #private::utoipa::Marker for #module::#ident {
                fn document(__out: &mut #private::Vec<#private::utoipa::Entry>) {
                    let __format = <#ty as #private::ApiError>::catalog().default_format();
                    #document;
                }
            }

            #[automatically_derived]
            impl #private::utoipa::IntoResponses for #module::#ident {
                fn responses() -> #private::utoipa::Responses {
                    #private::utoipa::marker_responses::<Self>()
                }
            }
        }
    });
    let impls = quote! {
        #private::utoipa_impl! {
            #(#marker_impls)*
        }
    };
    (marker_module, impls)
}

/// The marker module's name: the type's name in snake case, a run of capitals one word
/// (`HTTPError` is `http_error`); `_` is appended to a keyword or to a name already in snake
/// case, which would be the type's own.
fn module_name(ty: &Ident) -> Ident {
    let name = ty.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let chars: Vec<char> = name.chars().collect();
    let mut snake = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        if ch.is_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            if previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_is_lower)
            {
                snake.push('_');
            }
        }
        snake.extend(ch.to_lowercase());
    }
    if snake == name || syn::parse_str::<Ident>(&snake).is_err() {
        snake.push('_');
    }
    // Checked rather than `Ident::new`, which panics on what is not an identifier.
    let mut ident = syn::parse_str::<Ident>(&snake).unwrap_or_else(|_| format_ident!("__variants"));
    ident.set_span(ty.span());
    ident
}
