//! The names generated code gives its locals, in one place.
//!
//! A field is bound in `match` patterns as `__field_{name}` (`__field_0` for a tuple field):
//! the `__` keeps it apart from the user's own names, and a format string can name it. Its
//! span decides two things, and each use sets them on purpose:
//!
//! - where rustc *reports* an error about it: at the field's type for the wire methods (so "`T`
//!   is not `Serialize`" points at the field), at the message template for messages (so "not
//!   `Display`" points at the `message` the user wrote);
//! - where it *resolves*: a format string's `{__field_x}` is looked up with the string's
//!   hygiene, which differs from the derive's when a `macro_rules!` passes the template in, so
//!   a message's pattern binding resolves at the template.

use proc_macro2::{Ident, Span};
use quote::format_ident;

/// `__field_{name}` at the derive's call site, as a format string names it.
pub(crate) fn field(name: &str) -> Ident {
    format_ident!("__field_{}", name)
}

/// The local of a wire method (members, headers, violations, source, delegation): reported at
/// `at`, the field's type.
pub(crate) fn field_located_at(name: &str, at: Span) -> Ident {
    let mut ident = field(name);
    ident.set_span(ident.span().located_at(at));
    ident
}

/// The pattern binding a message reads: resolved where the template was written.
pub(crate) fn field_resolved_at(name: &str, template: Span) -> Ident {
    let mut ident = field(name);
    ident.set_span(ident.span().resolved_at(template));
    ident
}

/// A message's use of that binding: resolved and reported at the template, so an error about
/// the field points where the format string's would and is reported once.
pub(crate) fn field_in_template(name: &str, template: Span) -> Ident {
    format_ident!("__field_{}", name, span = template)
}

/// The alias of `::apifault::__private` that the derive declares once inside its `const _`
/// (shorter code to check than the full path at every use). An `Ident`, not a `TokenStream`:
/// quoting an ident appends one token, where quoting a stream costs the proc-macro bridge a
/// clone and a concatenation, which added up to a quarter of the derive's run on large enums.
pub(crate) fn private() -> Ident {
    Ident::new(PRIVATE, Span::call_site())
}

/// That alias's name, for the parts written as source text (see `expand::source`).
pub(crate) const PRIVATE: &str = "__apifault";
