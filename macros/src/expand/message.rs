//! The message: `WriteMessage::write_message`, one arm per variant, which serves both
//! `fmt_message` (`Display`) and `write_message_json` (the body) through
//! `__private::MessageSink`.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::arms::rest;
use super::json::json_contents;
use crate::ast::{Input, Variant};
use crate::fmt::{Message, Segment};
use crate::names::{self, private};

/// One arm of `WriteMessage::write_message`, which serves both `fmt_message` and
/// `write_message_json` (see `__private::MessageSink`): literal text is passed as written and
/// escaped for JSON now, at expansion; each field is passed to be formatted when it renders.
///
/// Records in `imports` the short names its statements call, which `write_message` declares.
fn message_arm(input: &Input, variant: &Variant, imports: &mut Imports) -> TokenStream {
    let private = private();
    let path = variant.path(input.is_enum);
    if variant.is_transparent() {
        // `fmt_message` and `write_message_json` ask the inner error before they get here.
        return quote!(#path { .. } => {});
    }
    let Some(message) = &variant.message else {
        return quote!(#path { .. } => #private::message::title(__sink, self),);
    };
    if let Some(plain) = &message.plain {
        let text = text_call(plain, imports);
        return quote!(#path { .. } => { #text });
    }
    let bindings = message
        .uses
        .iter()
        .map(|used| used.field)
        .collect::<std::collections::BTreeSet<_>>();
    let rest = rest(variant, bindings.len());
    // Tokens, not a stream per binding: interpolating a stream costs the bridge a clone and a
    // flush, and arms are the bulk of a large enum's expansion.
    let members = bindings.iter().map(|&index| &variant.fields[index].member);
    let locals: Vec<Ident> = bindings
        .iter()
        .map(|&index| {
            names::field_resolved_at(&variant.fields[index].name, message.template.span())
        })
        .collect();
    let Some(segments) = &message.segments else {
        // Extra arguments or a width taken from a field: `core::fmt` writes it all.
        let format = syn::LitStr::new(&message.format, message.template.span());
        let args = &message.args;
        return quote! {
            #path { #(#members: #locals,)* #rest } => #private::message::formatted(__sink, ::core::format_args!(#format, #args)),
        };
    };
    // Concatenated at once, in one call to the bridge (`#(#statements)*` would clone and
    // flush each).
    let statements: TokenStream = segments
        .iter()
        .map(|segment| statement(variant, message, segment, imports))
        .collect();
    let body = Group::new(Delimiter::Brace, statements);
    quote!(#path { #(#members: #locals,)* #rest } => #body)
}

/// The statement that writes one segment of a message: its text, or a field.
fn statement(
    variant: &Variant,
    message: &Message,
    segment: &Segment,
    imports: &mut Imports,
) -> TokenStream {
    let private = private();
    let (field, spec) = match segment {
        Segment::Text(text) => return text_call(text, imports),
        Segment::Field { field, spec } => (&variant.fields[*field], spec),
    };
    let span = message.template.span();
    let local = names::field_in_template(&field.name, span);
    if spec.is_empty() && spelled_as_standard_text(field.ty) {
        // The method name at the template, so a same-named type that is not `Display` is
        // reported on the message.
        piece_call(&local, span, imports)
    } else if spec.is_empty() {
        // Spanned at the template, so "not `Display`" points at the message.
        let write_field = quote_spanned!(span=> #private::message::field);
        quote!(#write_field(__sink, #local);)
    } else {
        let format = syn::LitStr::new(&format!("{{:{spec}}}"), span);
        quote!(#private::message::formatted(__sink, ::core::format_args!(#format, #local));)
    }
}

/// The short names that the arms of `write_message` (and of the localized `write_message_in`,
/// see `localize`) call, declared once for the whole method:
/// a statement per piece of text or field is the bulk of a large enum's expansion, and
/// `__text(..)` is five tokens fewer than `__apifault::message::text(..)` for the derive to
/// build and rustc to parse and resolve (a `use` per arm would be an item per arm, which costs
/// `cargo check` more). Only the names some arm calls, so none is an unused import.
#[derive(Default)]
pub(crate) struct Imports {
    /// `__text`: `__private::message::text`.
    text: bool,
    /// `__Piece`: `__private::message::Piece`, with `DisplayPiece`, the method of the types
    /// that are not standard.
    piece: bool,
}

impl Imports {
    pub(crate) fn declarations(&self) -> TokenStream {
        let private = private();
        let text = self
            .text
            .then(|| quote!(use #private::message::text as __text;));
        let piece = self
            .piece
            .then(|| quote!(use #private::message::{DisplayPiece as _, Piece as __Piece};));
        quote!(#text #piece)
    }
}

/// The statement that writes a message's literal text: once when JSON needs no escape in it
/// (the common case, and a shorter expansion), else as written and as escaped.
pub(crate) fn text_call(text: &str, imports: &mut Imports) -> TokenStream {
    let private = private();
    let json = json_contents(text);
    if json == text {
        imports.text = true;
        quote!(__text(__sink, #text);)
    } else {
        quote!(#private::message::escaped_text(__sink, #text, #json);)
    }
}

/// The statement that writes a field through `__private::message::Piece` (see
/// [`spelled_as_standard_text`]), its method name at `write_span`.
pub(crate) fn piece_call(local: &Ident, write_span: Span, imports: &mut Imports) -> TokenStream {
    imports.piece = true;
    let write = Ident::new("write", write_span);
    quote!(__Piece(#local).#write(__sink);)
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

/// `WriteMessage`, which writes every variant's message for both `fmt_message` and
/// `write_message_json`.
pub(super) fn impl_write_message(
    input: &Input,
    where_clause: &TokenStream,
    scrutinee: &TokenStream,
) -> TokenStream {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let mut imports = Imports::default();
    // One stream for every arm, concatenated at once (see `message_arm`).
    let message_arms: TokenStream = input
        .variants
        .iter()
        .map(|variant| message_arm(input, variant, &mut imports))
        .collect();
    let imports = imports.declarations();
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications, deprecated)]
        impl #impl_generics #private::WriteMessage for #ty #ty_generics #where_clause {
            fn write_message(&self, __sink: &mut #private::MessageSink<'_, '_>) {
                #imports
                match #scrutinee { #message_arms }
            }
        }
    }
}
