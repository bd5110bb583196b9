//! Parts of the expansion written as Rust source text and lexed by the compiler in one call.
//!
//! `quote!` sends every token through the proc-macro bridge on its own, which makes a large
//! enum's literal-only parts (the metadata `static`) a large share of the derive's run. Text
//! suits only what needs no span of the user's: every token lexed here has the call site's.

// Declared, although a proc-macro crate has `proc_macro` in its extern prelude: `fuzz/` compiles
// these modules into a plain binary, which has not (there `is_available` is false).
extern crate proc_macro;

use proc_macro2::TokenStream;

/// Lexes `source`, which the derive wrote. A lexing error would be the derive's bug, never the
/// user's input (every text from it goes through [`string_literal`]): it is reported as a
/// compile error rather than a panic.
pub(super) fn tokens(source: &str) -> TokenStream {
    // The compiler's own lexer when the derive runs inside it: proc-macro2's `parse` first
    // lexes the whole text again with its own lexer, to check it, which cost more than the
    // tokens saved (this text is the derive's, so it needs no such check).
    let lexed = if proc_macro::is_available() {
        source
            .parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|error| error.to_string())
    } else {
        source
            .parse()
            .map_err(|error: proc_macro2::LexError| error.to_string())
    };
    lexed.unwrap_or_else(|error| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("apifault bug: the derive wrote source that does not lex ({error}); please report it"),
        )
        .into_compile_error()
    })
}

/// Appends `text` as a Rust string literal, escaped as `str::escape_debug` escapes: a form
/// the lexer reads back as the same text (the tests check every kind of `char`), with every
/// control and bidirectional character as an escape (rustc rejects a bare carriage return and
/// lints on bidirectional overrides in literals). The loop is the standard library's, compiled
/// with optimizations, where the derive's own code is not in a debug build.
pub(super) fn string_literal(out: &mut String, text: &str) {
    use std::fmt::Write as _;
    let _ = write!(out, "\"{}\"", text.escape_debug());
}

#[cfg(test)]
mod tests {
    use super::{string_literal, tokens};
    use proptest::prelude::*;

    fn round_trip(text: &str) -> String {
        let mut source = String::new();
        string_literal(&mut source, text);
        syn::parse2::<syn::LitStr>(tokens(&source))
            .expect("one string literal")
            .value()
    }

    #[test]
    fn every_kind_of_char_reads_back_as_written() {
        for text in [
            "",
            "plain text",
            "\0",
            "a\0b\0",
            "\x001 is not an octal escape",
            "quote \" and backslash \\ and \\\"",
            "\r\n\t\u{7f}\u{1b}",
            "bidi \u{202e}override\u{202c} \u{2066}isolate\u{2069}",
            "é, 日本語, emoji 🦀, combining e\u{301}",
            "\u{feff}\u{200b}\u{10ffff}",
            "{braces} and {{doubled}}",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn control_and_bidirectional_chars_are_escaped() {
        let controls = (0..0x20).chain([0x7f]).filter_map(char::from_u32);
        let bidi = (0x202a..=0x202e)
            .chain(0x2066..=0x2069)
            .filter_map(char::from_u32);
        for ch in controls.chain(bidi) {
            let mut source = String::new();
            string_literal(&mut source, &ch.to_string());
            assert!(!source.contains(ch), "{ch:?} written bare: {source}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_text_reads_back_as_written(text in any::<String>()) {
            prop_assert_eq!(round_trip(&text), text);
        }
    }
}
