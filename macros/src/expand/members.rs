//! The body's extra members: `write_members` (member and `flatten` fields) and `violations`.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};

use super::arms::{any_field, covers_all, field_arms, field_local};
use super::json::json_string;
use super::transparent::delegate_arm;
use crate::ast::{Field, Input, Role};
use crate::names::private;

/// `write_members`, when some variant has a member or `flatten` field or is transparent (its
/// inner error may have some).
pub(super) fn write_members(input: &Input) -> Option<TokenStream> {
    let private = private();
    let wanted = |field: &Field| matches!(field.role, Role::Member | Role::Flatten);
    if !input.has_transparent() && !any_field(input, wanted) {
        return None;
    }
    let arms = field_arms(
        input,
        wanted,
        &quote!(write_members),
        &[quote!(__object)],
        member_statement,
    );
    Some(quote! {
        fn write_members(&self, __object: &mut #private::JsonObject<'_>) -> #private::Result<(), #private::RenderError> {
            let mut __result = #private::Ok(());
            match self { #arms }
            __result
        }
    })
}

/// Writes one member (its key escaped now, at expansion) or the members of a `flatten` field.
fn member_statement(field: &Field, local: &Ident) -> TokenStream {
    let private = private();
    let span = field.ty_span;
    if let Some(wire_name) = &field.wire_name {
        let prefix = format!(",{}:", json_string(wire_name));
        quote_spanned!(span=> #private::member(__object, #prefix, #local, &mut __result);)
    } else {
        quote_spanned!(span=> #private::flatten(__object, #local, &mut __result);)
    }
}

/// `violations`, when some variant has a `violations` field or is transparent.
pub(super) fn violations(input: &Input) -> Option<TokenStream> {
    let private = private();
    let wanted = |field: &Field| field.role == Role::Violations;
    if !input.has_transparent() && !any_field(input, wanted) {
        return None;
    }
    let mut arms = TokenStream::new();
    for variant in &input.variants {
        let path = variant.path(input.is_enum);
        if variant.is_transparent() {
            arms.extend(delegate_arm(input, variant, &quote!(violations), &[]));
        } else if let Some(field) = variant.fields.iter().find(|f| wanted(f)) {
            let member = &field.member;
            let local = field_local(field);
            let call = quote_spanned!(field.ty_span=> #private::violations(#local));
            arms.extend(quote!(#path { #member: #local, .. } => #call,));
        }
    }
    if !covers_all(input, wanted) {
        arms.extend(quote!(_ => &[],));
    }
    Some(quote! {
        fn violations(&self) -> &[#private::Violation] {
            match self { #arms }
        }
    })
}
