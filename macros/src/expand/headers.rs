//! `write_headers`: the `header = "..."` and `headers` fields.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};

use super::arms::{any_field, field_arms};
use crate::ast::{Field, Input, Role};
use crate::names::private;

/// `write_headers`, when some variant has a header field or is transparent.
pub(super) fn write_headers(input: &Input) -> Option<TokenStream> {
    let private = private();
    let wanted = |field: &Field| matches!(field.role, Role::Header(_) | Role::Headers);
    if !input.has_transparent() && !any_field(input, wanted) {
        return None;
    }
    let arms = field_arms(
        input,
        wanted,
        &quote!(write_headers),
        &[quote!(__headers)],
        header_statement,
    );
    Some(quote! {
        fn write_headers(&self, __headers: &mut #private::HeaderMap) -> #private::Result<(), #private::HeaderError> {
            let mut __result = #private::Ok(());
            match self { #arms }
            __result
        }
    })
}

/// Sets one `header = "..."` field (its name checked in a `const` block) or the headers of a
/// `headers` field.
fn header_statement(field: &Field, local: &Ident) -> TokenStream {
    let private = private();
    let span = field.ty_span;
    if let Role::Header(name) = &field.role {
        let name = name.to_ascii_lowercase();
        quote_spanned!(span=>
            #private::header(__headers, const { #private::HeaderName::from_static(#name) }, #local, &mut __result);
        )
    } else {
        quote_spanned!(span=> #private::headers(__headers, #local, &mut __result);)
    }
}
