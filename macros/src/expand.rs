//! Phase 4: the impls. Every path goes through `::core` or `::apifault::__private`, every impl
//! is `#[automatically_derived]`, and the per-variant metadata is one `static`, so the amount of
//! code emitted stays small.

use std::fmt::Write as _;

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned as _;

use crate::ast::{Field, Input, Role, Variant};
use crate::ctxt::Ctxt;
use crate::fmt::{Segment, binding, message_binding};
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

/// The runtime's hidden module, as generated code inside `const _: () = { ... }` names it: an
/// alias that `impl_api_error` declares there once (shorter code to check than the full path
/// at every use).
fn private() -> TokenStream {
    quote!(__apifault)
}

fn impl_api_error(input: &Input) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let bounds = infer_bounds(input);
    let where_clause = bounds.where_clause(input.generics);
    let predicates = bounds.predicates(input.generics);

    let own: Vec<&Variant> = input
        .variants
        .iter()
        .filter(|v| v.transparent.is_none())
        .collect();
    let transparent: Vec<&Variant> = input
        .variants
        .iter()
        .filter(|v| v.transparent.is_some())
        .collect();
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
    let fmt_message = ask_transparent_first(
        input,
        &quote!(fmt_message),
        &quote!(__formatter),
        !own.is_empty(),
    );
    let write_message_json = ask_transparent_first(
        input,
        &quote!(write_message_json),
        &quote!(__out),
        !own.is_empty(),
    );
    let transparent_overrides = transparent_overrides(input, !own.is_empty());
    let transparent_entries = transparent.iter().map(|variant| {
        let name = &variant.name;
        let inner = &variant.fields[0].ty;
        // Spanned at the field, so "`Inner` is not ApiError" points there.
        quote_spanned!(inner.span()=> #private::transparent(#name, <#inner as #private::ApiError>::catalog))
    });
    // `match self {}` does not compile for an empty enum: a reference is never uninhabited.
    let scrutinee = if input.variants.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    let type_name = ty.to_string();
    let type_doc = &input.container.doc;
    let format = format_ident!("{}", input.container.format.variant);
    let wire_methods = wire_methods(input);
    let display = input
        .container
        .display
        .then(|| impl_display(input, &where_clause));
    let decode = cfg!(feature = "client").then(|| impl_decode(input, &own));
    let write_message = impl_write_message(input, &where_clause, &scrutinee);
    let (markers, documented) = impl_documented(input, &own, &where_clause);

    quote! {
        #markers

        const _: () = {
            use ::apifault::__private as __apifault;

            static __API_VARIANTS: [#private::VariantMeta; #count] = [#(#metas,)*];

            #[automatically_derived]
            #[allow(unused_qualifications, deprecated)]
            impl #impl_generics #private::ApiError for #ty #ty_generics #where_clause {
                fn metadata(&self) -> &'static #private::VariantMeta {
                    match #scrutinee { #(#metadata_arms)* }
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
                        const { &[#(#transparent_entries,)*] },
                    )
                }

                #transparent_overrides
                #wire_methods
            }

            #write_message

            #display

            #private::integrations! {
                impl [#impl_generics] for [#ty #ty_generics] where [#predicates]
            }

            #decode

            #documented
        };
    }
}

/// What the `utoipa` integration needs, kept by `utoipa_impl!` only with that feature:
/// `Documented` (a value of each variant from example values of its fields, and the
/// transparent variants' inner types), and for a type without generic parameters a module
/// named after it with a marker type per variant, for per-operation error lists
/// (`Errors<(book_error::NotFound, book_error::Conflict)>`).
fn impl_documented(
    input: &Input,
    own: &[&Variant],
    where_clause: &TokenStream,
) -> (Option<TokenStream>, TokenStream) {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let example_arms = own.iter().enumerate().map(|(index, variant)| {
        let path = variant.path(input.is_enum);
        let fields = variant.fields.iter().map(|field| {
            let member = &field.member;
            let field_ty = field.ty;
            quote!(#member: (&&&#private::utoipa::Probe::<#field_ty>::NEW).example()?)
        });
        quote!(#index => #private::Option::Some(#path { #(#fields,)* }),)
    });
    let transparent_arms = input
        .variants
        .iter()
        .filter(|v| v.transparent.is_some())
        .enumerate()
        .map(|(index, variant)| {
            let inner = variant.fields[0].ty;
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
        let document = if variant.transparent.is_some() {
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

/// The client's `Decode` impl, kept by `client_impl!` only with the `client` feature: each
/// variant built from the wire, fields that do not travel from `Default`.
fn impl_decode(input: &Input, own: &[&Variant]) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = infer_decode_bounds(input).where_clause(input.generics);
    let own_arms = own
        .iter()
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
    let transparent_arms = input.variants.iter().filter(|v| v.transparent.is_some() && !v.no_decode).map(|variant| {
        let path = variant.path(input.is_enum);
        let field = &variant.fields[0];
        let member = &field.member;
        let inner = field.ty;
        let call = quote_spanned!(inner.span()=> <#inner as #private::client::Decode>::from_wire(__wire));
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
    match &field.role {
        Role::Member => {
            let wire_name = field.wire_name.as_deref().unwrap_or_default();
            quote_spanned!(ty.span()=> __wire.member(#wire_name)?)
        }
        Role::Flatten => quote_spanned!(ty.span()=> __wire.flatten()?),
        Role::Header(name) => {
            let name = name.to_ascii_lowercase();
            quote_spanned!(ty.span()=> __wire.header(#name)?)
        }
        Role::Headers => quote_spanned!(ty.span()=> __wire.headers()?),
        Role::Violations => quote_spanned!(ty.span()=> __wire.violations()),
        Role::Skipped | Role::Internal | Role::Redacted => {
            quote_spanned!(ty.span()=> <#ty as #private::client::NotSent>::not_sent())
        }
    }
}

/// The bounds of `Decode`: those of `ApiError`, and what decoding each generic field needs.
fn infer_decode_bounds(input: &Input) -> InferredBounds {
    let private = private();
    let params = ParamsInScope::new(input.generics);
    let mut bounds = infer_bounds(input);
    for variant in &input.variants {
        for field in variant
            .fields
            .iter()
            .filter(|field| params.intersects(field.ty))
        {
            let bound = if variant.no_decode {
                continue;
            } else if variant.transparent.is_some() {
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

/// `write_members`, `violations` and `write_headers`, each only if some variant needs it (a
/// transparent variant always does: its inner error may).
fn wire_methods(input: &Input) -> TokenStream {
    let private = private();
    let has_transparent = input.variants.iter().any(|v| v.transparent.is_some());
    let mut methods = TokenStream::new();

    let members = |field: &Field| matches!(field.role, Role::Member | Role::Flatten);
    if has_transparent || any_field(input, members) {
        let arms = field_arms(
            input,
            members,
            &quote!(write_members),
            &[quote!(__object)],
            member_statement,
        );
        methods.extend(quote! {
            fn write_members(&self, __object: &mut #private::JsonObject<'_>) -> #private::Result<(), #private::RenderError> {
                let mut __result = #private::Ok(());
                match self { #arms }
                __result
            }
        });
    }

    let violations = |field: &Field| field.role == Role::Violations;
    if has_transparent || any_field(input, violations) {
        let mut arms = TokenStream::new();
        for variant in &input.variants {
            let path = variant.path(input.is_enum);
            if variant.transparent.is_some() {
                arms.extend(delegate_arm(input, variant, &quote!(violations), &[]));
            } else if let Some(field) = variant.fields.iter().find(|f| violations(f)) {
                let member = &field.member;
                let local = field_binding(field);
                let call = quote_spanned!(field.ty.span()=> #private::violations(#local));
                arms.extend(quote!(#path { #member: #local, .. } => #call,));
            }
        }
        if !covers_all(input, violations) {
            arms.extend(quote!(_ => &[],));
        }
        methods.extend(quote! {
            fn violations(&self) -> &[#private::Violation] {
                match self { #arms }
            }
        });
    }

    let headers = |field: &Field| matches!(field.role, Role::Header(_) | Role::Headers);
    if has_transparent || any_field(input, headers) {
        let arms = field_arms(
            input,
            headers,
            &quote!(write_headers),
            &[quote!(__headers)],
            header_statement,
        );
        methods.extend(quote! {
            fn write_headers(&self, __headers: &mut #private::HeaderMap) -> #private::Result<(), #private::HeaderError> {
                let mut __result = #private::Ok(());
                match self { #arms }
                __result
            }
        });
    }
    methods
}

/// Writes one member (its key escaped now, at expansion) or the members of a `flatten` field.
fn member_statement(field: &Field, local: &Ident) -> TokenStream {
    let private = private();
    let ty = field.ty;
    if let Some(wire_name) = &field.wire_name {
        let prefix = format!(",{}:", json_string(wire_name));
        quote_spanned!(ty.span()=> #private::member(__object, #prefix, #local, &mut __result);)
    } else {
        quote_spanned!(ty.span()=> #private::flatten(__object, #local, &mut __result);)
    }
}

/// Sets one `header = "..."` field (its name checked in a `const` block) or the headers of a
/// `headers` field.
fn header_statement(field: &Field, local: &Ident) -> TokenStream {
    let private = private();
    let ty = field.ty;
    if let Role::Header(name) = &field.role {
        let name = name.to_ascii_lowercase();
        quote_spanned!(ty.span()=>
            #private::header(__headers, const { #private::HeaderName::from_static(#name) }, #local, &mut __result);
        )
    } else {
        quote_spanned!(ty.span()=> #private::headers(__headers, #local, &mut __result);)
    }
}

fn any_field(input: &Input, wanted: impl Fn(&Field) -> bool) -> bool {
    input
        .variants
        .iter()
        .any(|v| v.transparent.is_none() && v.fields.iter().any(&wanted))
}

/// Whether every variant is transparent or has a field of the kind, so no `_` arm is needed
/// (it would be unreachable).
fn covers_all(input: &Input, wanted: impl Fn(&Field) -> bool) -> bool {
    input
        .variants
        .iter()
        .all(|v| v.transparent.is_some() || v.fields.iter().any(&wanted))
}

/// Match arms for a method that goes through some fields of each variant and keeps the first
/// error in its local `__result`: one statement per wanted field, delegation for transparent
/// variants.
fn field_arms(
    input: &Input,
    wanted: impl Fn(&Field) -> bool,
    method: &TokenStream,
    args: &[TokenStream],
    statement: impl Fn(&Field, &Ident) -> TokenStream,
) -> TokenStream {
    let mut arms = TokenStream::new();
    for variant in &input.variants {
        if variant.transparent.is_some() {
            let (pattern, call) = delegate(input, variant, method, args);
            arms.extend(quote!(#pattern => __result = #call,));
            continue;
        }
        let fields: Vec<&Field> = variant.fields.iter().filter(|f| wanted(f)).collect();
        if fields.is_empty() {
            continue;
        }
        let path = variant.path(input.is_enum);
        let bindings = fields.iter().map(|field| {
            let member = &field.member;
            let local = field_binding(field);
            quote!(#member: #local)
        });
        let statements = fields
            .iter()
            .map(|field| statement(field, &field_binding(field)));
        arms.extend(quote! {
            #path { #(#bindings,)* .. } => {
                #(#statements)*
            }
        });
    }
    if !covers_all(input, wanted) {
        arms.extend(quote!(_ => {}));
    }
    arms
}

/// A field's local in generated code, located at the field so type errors point there.
fn field_binding(field: &Field) -> Ident {
    let mut local = binding(&field.name);
    local.set_span(local.span().located_at(field.ty.span()));
    local
}

/// `text` as a JSON string literal, quotes included, escaped as `serde_json` escapes.
fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    json.push('"');
    for ch in text.chars() {
        match ch {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            '\u{8}' => json.push_str("\\b"),
            '\u{c}' => json.push_str("\\f"),
            ch if u32::from(ch) < 0x20 => {
                let _ = write!(json, "\\u{:04x}", u32::from(ch));
            }
            ch => json.push(ch),
        }
    }
    json.push('"');
    json
}

/// `text` escaped as the contents of a JSON string, without the quotes.
fn json_contents(text: &str) -> String {
    let quoted = json_string(text);
    quoted[1..quoted.len() - 1].to_owned()
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
    // A positional literal, not a `const fn` call: nothing for the compiler to evaluate per
    // variant, and few tokens. The order is that of `VariantMeta`'s fields.
    quote! {
        #private::VariantMeta(
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
        #private::FieldMeta(#name, #wire_name, #ty, #description, #private::#role)
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

/// `Self::V { 0: __field_0, .. } => ApiError::method(__field_0, args...),` for a transparent
/// variant.
fn delegate_arm(
    input: &Input,
    variant: &Variant,
    method: &TokenStream,
    args: &[TokenStream],
) -> TokenStream {
    let (pattern, call) = delegate(input, variant, method, args);
    quote!(#pattern => #call,)
}

/// The pattern of a transparent variant and the call of `method` on its inner error.
fn delegate(
    input: &Input,
    variant: &Variant,
    method: &TokenStream,
    args: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let private = private();
    let path = variant.path(input.is_enum);
    let field = &variant.fields[0];
    let member = &field.member;
    // Located at the field, so a type error about the inner error points there.
    let inner = field_binding(field);
    let call = quote_spanned!(field.ty.span()=> #private::ApiError::#method(#inner #(, #args)*));
    (quote!(#path { #member: #inner, .. }), call)
}

/// One arm of `WriteMessage::write_message`, which serves both `fmt_message` and
/// `write_message_json` (see `__private::MessageSink`): literal text is passed as written and
/// escaped for JSON now, at expansion; each field is passed to be formatted when it renders.
///
/// Sets `writes_pieces` when the arm writes a field through `__private::message::Piece`.
fn message_arm(input: &Input, variant: &Variant, writes_pieces: &mut bool) -> TokenStream {
    let private = private();
    let path = variant.path(input.is_enum);
    if variant.transparent.is_some() {
        // `fmt_message` and `write_message_json` ask the inner error before they get here.
        return quote!(#path { .. } => {});
    }
    let Some(message) = &variant.message else {
        return quote!(#path { .. } => #private::message::title(__sink, self),);
    };
    if let Some(plain) = &message.plain {
        let text = text_call(plain);
        return quote!(#path { .. } => #text,);
    }
    let bindings = message
        .uses
        .iter()
        .map(|used| used.field)
        .collect::<std::collections::BTreeSet<_>>();
    let patterns = bindings.iter().map(|&index| {
        let field = &variant.fields[index];
        let member = &field.member;
        let local = message_binding(&field.name, &message.template);
        quote!(#member: #local)
    });
    let Some(segments) = &message.segments else {
        // Extra arguments or a width taken from a field: `core::fmt` writes it all.
        let format = &message.format;
        let args = &message.args;
        return quote! {
            #path { #(#patterns,)* .. } => #private::message::formatted(__sink, ::core::format_args!(#format, #args)),
        };
    };
    let mut statements = Vec::new();
    for segment in segments {
        statements.push(match segment {
        Segment::Text(text) => {
            let text = text_call(text);
            quote!(#text;)
        }
        Segment::Field { local, spec } => {
            let ty = variant
                .fields
                .iter()
                // Compared as text: making an `Ident` per comparison costs a call into the
                // compiler each time.
                .find(|field| local.strip_prefix("__field_") == Some(field.name.as_str()))
                .map(|field| field.ty);
            let local = message_binding_from_local(local, &message.template);
            let span = message.template.span();
            if spec.is_empty() && ty.is_some_and(spelled_as_standard_text) {
                *writes_pieces = true;
                // The method name at the template, so a same-named type that is not
                // `Display` is reported on the message.
                let write = Ident::new("write", span);
                quote!(#private::message::Piece(#local).#write(__sink);)
            } else if spec.is_empty() {
                // Spanned at the template, so "not `Display`" points at the message.
                let write_field = quote_spanned!(span=> #private::message::field);
                quote!(#write_field(__sink, #local);)
            } else {
                let format = syn::LitStr::new(&format!("{{:{spec}}}"), span);
                quote!(#private::message::formatted(__sink, ::core::format_args!(#format, #local));)
            }
        }
        });
    }
    quote! {
        #path { #(#patterns,)* .. } => {
            #(#statements)*
        }
    }
}

/// Writes a message's literal text: once when JSON needs no escape in it (the common case,
/// and a shorter expansion), else as written and as escaped.
fn text_call(text: &str) -> TokenStream {
    let private = private();
    let json = json_contents(text);
    if json == text {
        quote!(#private::message::text(__sink, #text))
    } else {
        quote!(#private::message::escaped_text(__sink, #text, #json))
    }
}

/// Whether a field's type is spelled as one that `__private::message::Piece` writes without
/// `core::fmt`: `String`, `str`, a reference to either, an integer type, `bool` or `char`. Only a
/// guess from the spelling: a user's own type of such a name is still written through its
/// `Display` (see `Piece`).
fn spelled_as_standard_text(ty: &syn::Type) -> bool {
    const NAMES: [&str; 16] = [
        "String", "str", "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
        "i32", "i64", "i128", "isize",
    ];
    match ty {
        syn::Type::Group(group) => spelled_as_standard_text(&group.elem),
        syn::Type::Paren(paren) => spelled_as_standard_text(&paren.elem),
        syn::Type::Reference(reference) => matches!(
            &*reference.elem,
            syn::Type::Path(path)
                if path.qself.is_none() && (path.path.is_ident("str") || path.path.is_ident("String"))
        ),
        syn::Type::Path(path) => {
            path.qself.is_none()
                && path.path.segments.last().is_some_and(|segment| {
                    segment.arguments.is_none() && NAMES.iter().any(|name| segment.ident == name)
                })
        }
        _ => false,
    }
}

/// The local a message segment names, as the `match` pattern binds it.
fn message_binding_from_local(local: &str, template: &syn::LitStr) -> Ident {
    // Resolved like the pattern's binding, and located at the template, so an error about
    // the field (not `Display`, say) points where `fmt_message`'s does and is reported once.
    format_ident!("{}", local, span = template.span())
}

/// `WriteMessage`, which writes every variant's message for both `fmt_message` and
/// `write_message_json`.
fn impl_write_message(
    input: &Input,
    where_clause: &TokenStream,
    scrutinee: &TokenStream,
) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let mut writes_pieces = false;
    let message_arms: Vec<TokenStream> = input
        .variants
        .iter()
        .map(|variant| message_arm(input, variant, &mut writes_pieces))
        .collect();
    // Imported once for the whole method, only if a `Piece` needs it: a `use` per arm would be
    // an item per arm, which costs `cargo check` more.
    let display_piece = writes_pieces.then(|| quote!(use #private::message::DisplayPiece as _;));
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications, deprecated)]
        impl #impl_generics #private::WriteMessage for #ty #ty_generics #where_clause {
            fn write_message(&self, __sink: &mut #private::MessageSink<'_, '_>) {
                #display_piece
                match #scrutinee { #(#message_arms)* }
            }
        }
    }
}

/// The body of `fmt_message` or `write_message_json`: the inner error's for a transparent
/// variant, else the generated `WriteMessage` into a formatter or JSON.
fn ask_transparent_first(
    input: &Input,
    method: &TokenStream,
    destination: &TokenStream,
    has_own: bool,
) -> TokenStream {
    let private = private();
    let own = quote!(#private::#method(self, #destination));
    if input.variants.iter().all(|v| v.transparent.is_none()) {
        return own;
    }
    let arms = input
        .variants
        .iter()
        .filter(|v| v.transparent.is_some())
        .map(|variant| delegate_arm(input, variant, method, std::slice::from_ref(destination)));
    let rest = has_own.then(|| quote!(_ => #own,));
    quote!(match self { #(#arms)* #rest })
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
        (
            format_ident!("type_uri"),
            quote!(::core::option::Option<&'static str>),
        ),
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
            .find(|f| f.is_source && variant.transparent.is_none())
        else {
            all_covered = false;
            continue;
        };
        let path = variant.path(input.is_enum);
        let member = &field.member;
        let local = field_binding(field);
        let cause = quote_spanned!(field.ty.span()=> #private::Option::Some(#private::as_dyn_error(#local)));
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

/// Bounds for generic fields: what each wire role needs (`Serialize` for members, ...), the
/// formatting trait of each placeholder, `ApiError` for the field of a transparent variant.
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
        for field in &variant.fields {
            if !params.intersects(field.ty) {
                continue;
            }
            let bound = match field.role {
                Role::Member | Role::Flatten => quote!(#private::Serialize),
                Role::Header(_) => quote!(#private::ToHeaderValue),
                Role::Headers => quote!(#private::WriteHeaders),
                Role::Violations => quote!(#private::ViolationList),
                Role::Skipped | Role::Internal | Role::Redacted => continue,
            };
            bounds.insert(field.ty, &bound);
        }
        if input.container.display {
            for field in variant
                .fields
                .iter()
                .filter(|f| f.is_source && params.intersects(f.ty))
            {
                bounds.insert(field.ty, &quote!(#private::Error + 'static));
            }
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

#[cfg(test)]
mod tests {
    use super::derive;
    use proc_macro2::TokenStream;
    use quote::quote;

    fn expand(input: TokenStream) -> String {
        derive(input).to_string()
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for input in [
            quote!(),
            quote!(
                fn f() {}
            ),
            quote!(enum),
            quote!(
                #[api(status = )]
                enum E {
                    A,
                }
            ),
            quote!(
                #[api(status = 400 400)]
                enum E {
                    A,
                }
            ),
            quote!(
                #[api(message())]
                struct S;
            ),
            quote!(
                #[api(message("x" "y"))]
                struct S;
            ),
            quote!(
                #[api(message("{}", ,))]
                struct S;
            ),
            quote!(
                #[api(status = 400, message = "{:.*}")]
                struct S;
            ),
            quote!(
                #[api(status = 400, message = "{0:>1$}")]
                struct S(u8, usize);
            ),
            quote!(
                #[api(status = 400, message("{}", .))]
                struct S;
            ),
            quote!(
                #[api(status = 400, message("{}", .0.1.2))]
                struct S((u8, (u8, u8)));
            ),
            quote!(
                #[api(status = 400, message = "{été}")]
                struct S {
                    été: u8,
                }
            ),
            quote!(
                #[api(::status = 400)]
                struct S;
            ),
            quote!(
                #[api(a::b)]
                struct S;
            ),
            quote!(
                #[api(status = 65536)]
                struct S;
            ),
            quote!(
                #[api(status = -1)]
                struct S;
            ),
            quote!(
                #[api(status = 400, type_base = "")]
                struct S;
            ),
            quote!(#[api(status = 400)] union U { a: u8 }),
        ] {
            let output = expand(input.clone());
            assert!(!output.is_empty() || input.is_empty(), "{input}");
        }
    }

    /// thiserror's `#[backtrace]` only compiles on nightly, so its detection is checked here.
    #[test]
    fn thiserror_markers_make_a_field_internal() {
        for marker in [quote!(#[backtrace]), quote!(#[source]), quote!(#[from])] {
            let output = expand(quote! {
                #[api(status = 500)]
                enum E { A { #marker trace: Trace } }
            });
            assert!(
                output.contains("__apifault :: Internal"),
                "{marker}: {output}"
            );
        }
        // A list form belongs to another derive (derive_more's `#[from(...)]`).
        let output = expand(quote!(
            #[api(status = 400)]
            enum E {
                A {
                    #[from(u8)]
                    value: u8,
                },
            }
        ));
        assert!(output.contains("__apifault :: Member"), "{output}");
    }

    #[test]
    fn errors_come_with_a_stub_impl() {
        let output = expand(quote!(
            #[api(status = 200)]
            enum E {
                A,
            }
        ));
        assert!(output.contains("compile_error"));
        assert!(output.contains("impl :: apifault :: __private :: ApiError for E"));
    }

    #[test]
    fn emits_every_path_through_core_or_private() {
        let output = expand(quote! {
            #[api(status = 400, display)]
            enum E<T> {
                #[api(message = "{0}")]
                A(T),
                #[api(transparent)]
                B(Inner),
            }
        });
        assert!(!output.contains("compile_error"), "{output}");
        assert!(output.contains("# [automatically_derived]"));
        // Every path is absolute: `::core` or `::apifault::__private`.
        for token in [
            "Option",
            "Result",
            "Some",
            "None",
            "StatusCode",
            "ApiError",
            "Formatter",
        ] {
            for (at, _) in output.match_indices(&format!(" {token} ")) {
                let before = &output[..at];
                assert!(
                    before.ends_with(" ::") || before.ends_with("::"),
                    "relative `{token}` in {output}"
                );
            }
        }
        assert!(output.contains("T : :: core :: fmt :: Display"), "{output}");
    }
}

#[cfg(test)]
mod properties {
    use super::derive;
    use proptest::prelude::*;

    /// Pieces an `#[api(...)]` is made of, right and wrong.
    fn key_value() -> impl Strategy<Value = String> {
        // The known keys, a misspelling, an unknown key and an empty one.
        let keys = prop::sample::select(
            crate::attr::key_names()
                .chain(["stauts", "crate", ""])
                .collect::<Vec<_>>(),
        );
        let values = prop::sample::select(vec![
            "",
            " = 400",
            " = 599",
            " = 200",
            " = CONFLICT",
            " = StatusCode::GONE",
            " = \"x\"",
            " = \"{a}\"",
            " = \"{0:?}\"",
            " = \"{\"",
            " = \"}\"",
            " = \"{{}}\"",
            " = \"{nope}\"",
            " = \"errors\"",
            " = \"camelCase\"",
            " = \"Retry-After\"",
            " = \"bad header\"",
            " = 1.5",
            " = -1",
            " = true",
            "(\"{} {a}\", .a + 1)",
            "(\"{}\", .zz)",
            "()",
            "(\"x\",)",
            " = ",
        ]);
        (keys, values).prop_map(|(key, value)| format!("{key}{value}"))
    }

    fn attribute() -> impl Strategy<Value = String> {
        prop::collection::vec(key_value(), 0..4)
            .prop_map(|pairs| format!("#[api({})]", pairs.join(", ")))
    }

    fn input() -> impl Strategy<Value = String> {
        let field = (
            attribute(),
            prop::sample::select(vec!["a", "b", "source", "r#type"]),
            prop::sample::select(vec!["u8", "String", "T", "Vec<T>"]),
        )
            .prop_map(|(attr, name, ty)| format!("{attr} {name}: {ty}"));
        let variant = (
            attribute(),
            prop::sample::select(vec!["A", "B", "C"]),
            prop::collection::vec(field, 0..3),
            any::<bool>(),
        )
            .prop_map(|(attr, name, fields, tuple)| {
                if tuple {
                    let types: Vec<String> = fields
                        .iter()
                        .map(|f| f.rsplit(':').next().unwrap_or("u8").to_owned())
                        .collect();
                    format!("{attr} {name}({})", types.join(", "))
                } else {
                    format!("{attr} {name} {{ {} }}", fields.join(", "))
                }
            });
        (
            attribute(),
            prop::collection::vec(variant, 0..4),
            any::<bool>(),
        )
            .prop_map(|(attr, variants, generic)| {
                let generics = if generic { "<T>" } else { "" };
                format!("{attr} enum E{generics} {{ {} }}", variants.join(", "))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// The derive never panics: it answers with code, or with spanned errors and a stub.
        #[test]
        fn never_panics(source in input()) {
            let Ok(tokens) = source.parse::<proc_macro2::TokenStream>() else {
                return Ok(());
            };
            let output = derive(tokens).to_string();
            prop_assert!(output.contains("compile_error") || output.contains("ApiError for E"), "{source}\n{output}");
        }
    }
}
