//! Match arms shared by the methods that walk some fields of every variant.

use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::quote;

use super::transparent::delegate;
use crate::ast::{Field, Input, Variant};
use crate::names;

/// Whether some own variant has a field of the kind.
pub(super) fn any_field(input: &Input, wanted: impl Fn(&Field) -> bool) -> bool {
    input
        .variants
        .iter()
        .any(|v| !v.is_transparent() && v.fields.iter().any(&wanted))
}

/// Whether every variant is transparent or has a field of the kind, so no `_` arm is needed
/// (it would be unreachable).
pub(super) fn covers_all(input: &Input, wanted: impl Fn(&Field) -> bool) -> bool {
    input
        .variants
        .iter()
        .all(|v| v.is_transparent() || v.fields.iter().any(&wanted))
}

/// Match arms for a method that goes through some fields of each variant and keeps the first
/// error in its local `__result`: one statement per wanted field, delegation for transparent
/// variants.
pub(super) fn field_arms(
    input: &Input,
    wanted: impl Fn(&Field) -> bool,
    method: &TokenStream,
    args: &[TokenStream],
    statement: impl Fn(&Field, &Ident) -> TokenStream,
) -> TokenStream {
    // Concatenated at once at the end: extending a stream arm by arm costs the bridge a flush
    // and a concatenation each.
    let mut arms = Vec::new();
    for variant in &input.variants {
        if let Some(inner) = variant.inner() {
            let (pattern, call) = delegate(input, variant, inner, method, args);
            arms.push(quote!(#pattern => __result = #call,));
            continue;
        }
        let fields: Vec<&Field> = variant.fields.iter().filter(|f| wanted(f)).collect();
        if fields.is_empty() {
            continue;
        }
        let path = variant.path(input.is_enum);
        // The bindings as tokens and the statements concatenated at once: a stream interpolated
        // per binding or statement costs the bridge a clone and a flush each (see `message`).
        let members = fields.iter().map(|field| &field.member);
        let locals: Vec<Ident> = fields.iter().map(|field| field_local(field)).collect();
        let statements = fields
            .iter()
            .zip(&locals)
            .map(|(field, local)| statement(field, local))
            .collect();
        let body = Group::new(Delimiter::Brace, statements);
        let rest = rest(variant, fields.len());
        arms.push(quote!(#path { #(#members: #locals,)* #rest } => #body));
    }
    if !covers_all(input, wanted) {
        arms.push(quote!(_ => {}));
    }
    arms.into_iter().collect()
}

/// A field's local in a wire method, reported at the field's type (see [`names`]).
pub(super) fn field_local(field: &Field) -> Ident {
    names::field_located_at(&field.name, field.ty_span)
}

/// The `..` of a pattern that binds `bound` of the variant's fields, unless it binds them all
/// (two tokens fewer per arm, which add up on large enums).
pub(super) fn rest(variant: &Variant, bound: usize) -> Option<syn::token::DotDot> {
    (bound < variant.fields.len()).then(syn::token::DotDot::default)
}
