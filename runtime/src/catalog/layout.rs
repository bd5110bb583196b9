//! The packed form of a derived variant's texts, written by the derive and read by the
//! runtime. This one file is both crates' description of it: the derive links it as
//! `macros/src/layout.rs`, as it links `format/builtin.rs`.
//!
//! Every text of a variant, then every text of each of its fields, each followed by
//! [`END`], in one string literal. The compiler evaluates a `static` of one such literal per
//! variant about forty times faster than one of structs with an `Option` per text and a slice
//! of field structs (measured: BENCHMARKS.md, "Compile time"), and that evaluation was a fifth
//! of `cargo check` for a large enum. An empty text is an absent one (`None`); a text holding
//! `END` cannot be packed, and the derive writes that variant's parts one by one instead.

/// Ends every text.
pub(crate) const END: char = '\0';

/// Its stable code.
pub(crate) const CODE: usize = 0;
/// `title = "..."`, empty for the status's reason phrase.
pub(crate) const TITLE: usize = 1;
/// The problem type URI, empty for `about:blank`.
pub(crate) const TYPE_URI: usize = 2;
/// How many texts come first because every render reads them: the derive also writes where
/// each of them ends, so that reading one is a slice rather than a walk of the string (the
/// walk doubled the instructions of a problem+json render).
pub(crate) const HOT_TEXTS: usize = 3;
/// The variant's Rust name.
pub(crate) const NAME: usize = 3;
/// `message = "..."` as written, empty without one.
pub(crate) const MESSAGE_TEMPLATE: usize = 4;
/// The doc comment, empty without one.
pub(crate) const DESCRIPTION: usize = 5;
/// `resolution = "..."`, empty without one.
pub(crate) const RESOLUTION: usize = 6;
/// How many texts a variant has before its fields'.
pub(crate) const VARIANT_TEXTS: usize = 7;

/// A field's Rust name (its index for a tuple field), first of its texts.
pub(crate) const FIELD_NAME: usize = 0;
/// Its member name, empty without one.
pub(crate) const FIELD_WIRE_NAME: usize = 1;
/// Its type as written.
pub(crate) const FIELD_TYPE_NAME: usize = 2;
/// Its doc comment, empty without one.
pub(crate) const FIELD_DESCRIPTION: usize = 3;
/// Its role: one of the letters below, a header's name after [`role::HEADER`].
pub(crate) const FIELD_ROLE: usize = 4;
/// How many texts a field has.
pub(crate) const FIELD_TEXTS: usize = 5;

/// The first letter of a field's role text, one per `FieldRole`.
pub(crate) mod role {
    pub(crate) const MEMBER: char = 'm';
    pub(crate) const SKIPPED: char = 's';
    pub(crate) const INTERNAL: char = 'i';
    /// Followed by the header's name.
    pub(crate) const HEADER: char = 'h';
    pub(crate) const HEADERS: char = 'H';
    pub(crate) const VIOLATIONS: char = 'v';
    pub(crate) const FLATTEN: char = 'f';
}
