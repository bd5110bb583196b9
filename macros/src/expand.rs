//! Phase 4: the impls. Every path goes through `::core` or `::apifault::__private`, every impl
//! is `#[automatically_derived]`, and the per-variant metadata is one `static`, so the amount of
//! code emitted stays small.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::DeriveInput;

use crate::ast::{Field, Input, Role, Variant};
use crate::ctxt::Ctxt;
use crate::fmt::binding;
use crate::generics::{InferredBounds, ParamsInScope};
use crate::{ast, fallback, valid};

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

fn private() -> TokenStream {
    quote!(::apifault::__private)
}

fn impl_api_error(input: &Input) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let bounds = infer_bounds(input);
    let where_clause = bounds.augment_where_clause(input.generics);

    let own: Vec<&Variant> = input.variants.iter().filter(|v| v.transparent.is_none()).collect();
    let transparent: Vec<&Variant> = input.variants.iter().filter(|v| v.transparent.is_some()).collect();
    let count = own.len();
    let metas = own.iter().map(|variant| variant_meta(variant));

    let metadata_arms = input.variants.iter().map(|variant| {
        let index = own.iter().position(|own| std::ptr::eq(*own, variant));
        match index {
            Some(index) => {
                let path = variant.path(input.is_enum);
                quote!(#path { .. } => &__API_VARIANTS[#index],)
            }
            None => delegate_arm(input, variant, &quote!(metadata), &[]),
        }
    });
    let message_arms = input.variants.iter().map(|variant| message_arm(input, variant));
    let transparent_overrides = transparent_overrides(input, !own.is_empty());
    let transparent_entries = transparent.iter().map(|variant| {
        let name = &variant.name;
        let inner = &variant.fields[0].ty;
        quote!(#private::transparent(#name, <#inner as #private::ApiError>::catalog))
    });
    let type_name = ty.to_string();
    let format = &input.container.format;
    let display = input.container.display.then(|| impl_display(input, &where_clause));

    quote! {
        const _: () = {
            static __API_VARIANTS: [#private::VariantMeta; #count] = [#(#metas,)*];

            #[automatically_derived]
            #[allow(unused_qualifications, deprecated)]
            impl #impl_generics #private::ApiError for #ty #ty_generics #where_clause {
                fn metadata(&self) -> &'static #private::VariantMeta {
                    match self { #(#metadata_arms)* }
                }

                fn fmt_message(&self, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
                    match self { #(#message_arms)* }
                }

                fn catalog() -> #private::Catalog {
                    // An inline const makes the list `'static` even when it names generic types.
                    #private::catalog(#type_name, #format, &__API_VARIANTS, const { &[#(#transparent_entries,)*] })
                }

                #transparent_overrides
            }

            #display
        };
    }
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
    let message = variant.message.as_ref().map(|m| m.template.value()).unwrap_or_default();
    let description = &variant.doc;
    let resolution = variant.resolution.as_deref().unwrap_or_default();
    let expose = variant.expose.is_some();
    let fields = variant.fields.iter().map(field_meta);
    quote! {
        #private::variant(#private::VariantSpec {
            name: #name,
            code: #code,
            status: #status,
            title: #title,
            type_uri: #type_uri,
            message: #message,
            description: #description,
            resolution: #resolution,
            expose: #expose,
            fields: &[#(#fields,)*],
        })
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
        Role::Internal => quote!(Internal),
        Role::Header(header) => quote!(Header(#header)),
        Role::Headers => quote!(Headers),
        Role::Violations => quote!(Violations),
        Role::Flatten => quote!(Flatten),
    };
    quote!(#private::field(#name, #wire_name, #ty, #description, #private::FieldRole::#role))
}

/// A type as a person writes it: `Vec<String>`, not `Vec < String >`.
fn type_name(ty: &syn::Type) -> String {
    let mut text = ty.to_token_stream().to_string();
    for (spaced, tight) in [(" :: ", "::"), (":: ", "::"), (" <", "<"), ("< ", "<"), (" >", ">"), (" ,", ","), ("& ", "&"), ("( ", "("), (" )", ")"), ("[ ", "["), (" ]", "]"), (" ;", ";")] {
        text = text.replace(spaced, tight);
    }
    text
}

/// `Self::V { 0: __field_0, .. } => ApiError::method(__field_0, args...),` for a transparent
/// variant.
fn delegate_arm(input: &Input, variant: &Variant, method: &TokenStream, args: &[TokenStream]) -> TokenStream {
    let private = private();
    let path = variant.path(input.is_enum);
    let field = &variant.fields[0];
    let member = &field.member;
    let inner = binding(&field.name);
    quote!(#path { #member: #inner, .. } => #private::ApiError::#method(#inner #(, #args)*),)
}

fn message_arm(input: &Input, variant: &Variant) -> TokenStream {
    let private = private();
    if variant.transparent.is_some() {
        return delegate_arm(input, variant, &quote!(fmt_message), &[quote!(__formatter)]);
    }
    let path = variant.path(input.is_enum);
    let Some(message) = &variant.message else {
        return quote!(#path { .. } => #private::write_title(self, __formatter),);
    };
    if let Some(plain) = &message.plain {
        return quote!(#path { .. } => __formatter.write_str(#plain),);
    }
    let bindings = message.uses.iter().map(|used| used.field).collect::<std::collections::BTreeSet<_>>();
    let bindings = bindings.iter().map(|&index| {
        let field = &variant.fields[index];
        let member = &field.member;
        let local = binding(&field.name);
        quote!(#member: #local)
    });
    let format = &message.format;
    let args = &message.args;
    quote!(#path { #(#bindings,)* .. } => ::core::write!(__formatter, #format, #args),)
}

/// With transparent variants, `status`, `code`, `title` and `type_uri` ask the inner error
/// itself, in case its implementation overrides them.
fn transparent_overrides(input: &Input, has_own: bool) -> Option<TokenStream> {
    if input.variants.iter().all(|v| v.transparent.is_none()) {
        return None;
    }
    let private = private();
    let methods: [(Ident, TokenStream); 4] = [
        (format_ident!("status"), quote!(#private::StatusCode)),
        (format_ident!("code"), quote!(&'static str)),
        (format_ident!("title"), quote!(&'static str)),
        (format_ident!("type_uri"), quote!(::core::option::Option<&'static str>)),
    ];
    let overrides = methods.iter().map(|(method, output)| {
        let arms = input
            .variants
            .iter()
            .filter(|v| v.transparent.is_some())
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

fn impl_display(input: &Input, where_clause: &TokenStream) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let error_where = if where_clause.is_empty() {
        quote!(where Self: #private::Debug)
    } else {
        quote!(#where_clause Self: #private::Debug)
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Display for #ty #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
                #private::ApiError::fmt_message(self, __formatter)
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::Error for #ty #ty_generics #error_where {}
    }
}

/// Bounds for generic fields: the formatting trait of each placeholder, `ApiError` for the
/// field of a transparent variant.
fn infer_bounds(input: &Input) -> InferredBounds {
    let private = private();
    let params = ParamsInScope::new(input.generics);
    let mut bounds = InferredBounds::default();
    for variant in &input.variants {
        if variant.transparent.is_some() {
            let ty = variant.fields[0].ty;
            if params.intersects(ty) {
                bounds.insert(ty, &quote!(#private::ApiError));
            }
            continue;
        }
        for used in variant.message.iter().flat_map(|m| &m.uses) {
            let ty = variant.fields[used.field].ty;
            if let (Some(bound), true) = (used.bound, params.intersects(ty)) {
                let bound = format_ident!("{}", bound.name());
                bounds.insert(ty, &quote!(::core::fmt::#bound));
            }
        }
    }
    bounds
}
