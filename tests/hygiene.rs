//! The generated code is hygienic: it compiles without the prelude, next to user items that
//! shadow every name it could use, through `macro_rules!`, and without a single warning under
//! `deny(warnings)` and clippy's pedantic group.

#![deny(
    warnings,
    unused_qualifications,
    unused_results,
    deprecated,
    clippy::pedantic,
    clippy::allow_attributes_without_reason
)]

/// Every name generated code might reach for is taken by a user item, and there is no prelude.
mod shadowed {
    #![no_implicit_prelude]
    #![allow(
        dead_code,
        unused_macros,
        non_camel_case_types,
        clippy::upper_case_acronyms,
        reason = "the decoys exist only to be shadowed"
    )]

    pub(crate) struct Result;
    pub(crate) struct Option;
    pub(crate) struct Some;
    pub(crate) struct None;
    pub(crate) struct Ok;
    pub(crate) struct Err;
    pub(crate) struct String;
    pub(crate) struct Vec;
    pub(crate) struct Box;
    pub(crate) struct StatusCode;
    pub(crate) struct Formatter;
    pub(crate) struct VariantMeta;
    pub(crate) struct Catalog;
    pub(crate) trait ApiError {}
    pub(crate) trait Display {}
    pub(crate) trait Debug {}
    pub(crate) trait Error {}
    pub(crate) mod http {}
    pub(crate) mod serde {}
    pub(crate) mod core {}
    pub(crate) mod std {}
    pub(crate) mod apifault {}
    pub(crate) mod __private {}
    pub(crate) mod __apifault {}
    pub(crate) const __API_VARIANTS: () = ();
    pub(crate) fn write_title() {}

    impl ::core::fmt::Debug for String {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str("String")
        }
    }

    impl ::core::fmt::Display for String {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str("the user's \"String\"")
        }
    }
    macro_rules! write {
        ($($tt:tt)*) => {
            compile_error!("the user's write! was called")
        };
    }

    /// An enum using every variant key and field form.
    #[derive(::core::fmt::Debug, ::apifault::ApiError)]
    #[api(
        format = "errors",
        rename_all = "camelCase",
        code_case = "SCREAMING_SNAKE_CASE"
    )]
    #[api(type_base = "https://errors.example.com/", status = 400, display)]
    pub(crate) enum Everything<T> {
        /// Documented.
        #[api(
            code = "Named",
            message = "{a} {b:?} {a:>4}",
            title = "T",
            resolution = "R",
            no_decode
        )]
        Named { a: u8, b: &'static str },
        #[api(status = CONFLICT, message = "{0}-{1:x}")]
        Tuple(u8, u32),
        #[api(message("{} {n}", .count + 1, n = .count))]
        Args { count: u32 },
        #[api(status = 500, no_decode)]
        Internal { source: ::std::io::Error },
        #[api(status = 503, expose, message = "retry in {0}")]
        Exposed(u32),
        #[api(message = "plain")]
        Plain,
        /// `String` is spelled like the standard type the derive writes without `core::fmt`,
        /// but is the decoy below: it must go through its own `Display`.
        #[api(message = "{text}", no_decode)]
        Spelled {
            #[api(skip)]
            text: String,
        },
        #[api(type = "https://example.com/t")]
        Typed(#[api(rename = "x")] T),
        #[api(transparent)]
        Inner(Inner),
        #[deprecated = "still usable by generated code"]
        Old,
        Fields {
            #[api(skip)]
            skipped: u8,
            #[api(header = "Retry-After")]
            retry_after: u64,
            #[api(headers)]
            limits: ::apifault::RateLimit,
            #[api(violations)]
            violations: ::std::vec::Vec<::apifault::Violation>,
            #[api(flatten)]
            extra: (),
        },
    }

    /// Localized messages (`locales/books/de.ftl`): a placeholder (of the decoy `String`,
    /// through its own `Display`), a plural select, a title, a generic parameter and a
    /// transparent variant.
    #[derive(::core::fmt::Debug, ::apifault::ApiError)]
    #[api(format = "problem", locales = "locales/books", default_locale = "en")]
    pub(crate) enum Localized<T> {
        #[api(
            status = 404,
            code = "BookNotFound",
            message = "Book {isbn} not found",
            no_decode
        )]
        NotFound {
            #[api(skip)]
            isbn: String,
        },
        #[api(
            status = 409,
            code = "OutOfStock",
            message = "Only {copies} copies left"
        )]
        OutOfStock { copies: u32 },
        #[api(status = 400, message = "typed")]
        Typed(#[api(rename = "x")] T),
        #[api(transparent)]
        Inner(Inner),
    }

    #[derive(::core::fmt::Debug, ::apifault::ApiError)]
    #[api(status = 404, message = "inner {0}")]
    pub(crate) struct Inner(pub(crate) u8);

    #[derive(::core::fmt::Debug, ::apifault::ApiError)]
    #[api(transparent)]
    pub(crate) struct Wrapper<'a, E: ::apifault::ApiError>(pub(crate) &'a E);

    #[derive(::core::fmt::Debug, ::apifault::ApiError)]
    pub(crate) enum Empty {}
}

/// The derive used from inside a declarative macro, as crates that generate error types do.
macro_rules! define_error {
    ($name:ident, $status:literal, $code:literal, $message:literal) => {
        #[derive(Debug, apifault::ApiError)]
        #[api(status = $status, code = $code, message = $message)]
        pub(crate) struct $name {
            pub(crate) field: u32,
        }
    };
}

define_error!(FromMacro, 418, "teapot", "brewed {field}");

use apifault::ApiError;
use shadowed::{Everything, Inner, Wrapper};

#[test]
fn localized_code_is_hygienic_too() {
    type L = shadowed::Localized<u8>;
    let not_found = L::NotFound {
        isbn: shadowed::String,
    };
    assert_eq!(
        not_found.message_in("de").to_string(),
        "Buch the user's \"String\" nicht gefunden"
    );
    assert_eq!(not_found.title_in("de"), "Buch nicht gefunden");
    assert_eq!(
        L::OutOfStock { copies: 2 }.message_in("de").to_string(),
        "Nur noch 2 Exemplare auf Lager"
    );
    assert_eq!(L::Typed(1).message_in("de").to_string(), "typed");
    assert_eq!(L::Inner(Inner(7)).message_in("de").to_string(), "inner 7");
}

#[test]
fn shadowed_names_do_not_capture_generated_paths() {
    type E = Everything<u8>;
    assert_eq!(
        E::Named { a: 1, b: "x" }.message().to_string(),
        "1 \"x\"    1"
    );
    assert_eq!(E::Named { a: 1, b: "x" }.code(), "Named");
    assert_eq!(E::Tuple(1, 255).message().to_string(), "1-ff");
    assert_eq!(E::Tuple(1, 255).code(), "TUPLE");
    assert_eq!(E::Args { count: 2 }.message().to_string(), "3 2");
    assert_eq!(
        E::Internal {
            source: std::io::Error::other("secret")
        }
        .message()
        .to_string(),
        "Internal Server Error"
    );
    assert_eq!(E::Exposed(5).to_string(), "retry in 5");
    assert_eq!(
        E::Plain.type_uri(),
        Some("https://errors.example.com/PLAIN")
    );
    assert_eq!(E::Typed(1).type_uri(), Some("https://example.com/t"));
    assert_eq!(E::Inner(Inner(7)).message().to_string(), "inner 7");
    let spelled = E::Spelled {
        text: shadowed::String,
    };
    assert_eq!(spelled.message().to_string(), "the user's \"String\"");
    let mut json = Vec::new();
    spelled.write_message_json(&mut json).unwrap();
    assert_eq!(json, br#""the user's \"String\"""#);
    #[allow(
        deprecated,
        reason = "the deprecated variant is part of what is tested"
    )]
    let old = E::Old;
    assert_eq!(old.code(), "OLD");
    assert_eq!(Wrapper(&Inner(2)).message().to_string(), "inner 2");
    assert_eq!(shadowed::Empty::catalog().variants().count(), 0);
}

#[test]
fn through_macro_rules() {
    let error = FromMacro { field: 3 };
    assert_eq!(error.status().as_u16(), 418);
    assert_eq!(error.code(), "teapot");
    assert_eq!(error.message().to_string(), "brewed 3");
}
