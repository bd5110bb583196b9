//! `derive`: the derive's expansion (`expand::derive` of `macros/src`) on arbitrary input.
//!
//! The first input byte picks the mode: even, the rest is Rust source (as UTF-8, through
//! `proc_macro2::TokenStream::from_str`); odd, the rest drives a generator of enums and
//! structs whose `#[api(...)]` attributes are assembled from right and wrong keys and values,
//! message templates with arbitrary text, placeholders and format specs, field types and
//! thiserror markers (as the proptest in `expand/properties.rs`, but open-ended).
//!
//! Proves: the derive never panics, never answers with nothing, and answers with the impls
//! (`impl ... ApiError for ...`) or with `compile_error!`s; either way its output parses as
//! Rust items.
//!
//! A proc-macro crate cannot be linked into a program, so the macro's phase modules are
//! compiled into this target directly (they name each other through `crate::`).

#![no_main]

#[path = "../../macros/src/ast.rs"]
mod ast;
#[path = "../../macros/src/attr.rs"]
mod attr;
#[path = "../../macros/src/builtin.rs"]
mod builtin;
#[path = "../../macros/src/layout.rs"]
mod layout;
#[path = "../../macros/src/case.rs"]
mod case;
#[path = "../../macros/src/ctxt.rs"]
mod ctxt;
#[path = "../../macros/src/expand/mod.rs"]
mod expand;
#[path = "../../macros/src/fallback.rs"]
mod fallback;
#[path = "../../macros/src/fmt.rs"]
mod fmt;
#[path = "../../macros/src/generics.rs"]
mod generics;
#[path = "../../macros/src/localize.rs"]
mod localize;
#[path = "../../macros/src/names.rs"]
mod names;
#[path = "../../macros/src/suggest.rs"]
mod suggest;
#[path = "../../macros/src/valid.rs"]
mod valid;

use std::str::FromStr as _;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(source) = std::str::from_utf8(rest) {
            check(source);
        }
    } else if let Ok(source) = item(&mut Unstructured::new(rest)) {
        check(&source);
    }
});

/// Expands `source` (when it is tokens at all) and checks the answer.
fn check(source: &str) {
    let Ok(tokens) = proc_macro2::TokenStream::from_str(source) else {
        return;
    };
    let output = expand::derive(tokens);
    let text = output.to_string();
    assert!(
        text.contains("compile_error") || text.contains("ApiError for"),
        "neither impls nor errors for\n{source}\n=> {text}"
    );
    if let Err(error) = syn2::parse2::<syn2::File>(output) {
        panic!("output is not Rust items ({error}) for\n{source}\n=> {text}");
    }
}

/// Picks one of `choices`.
fn pick<'a>(u: &mut Unstructured<'_>, choices: &[&'a str]) -> Result<&'a str> {
    u.choose(choices).copied()
}

/// Up to `max` items from `one`, joined with `separator`.
fn list(
    u: &mut Unstructured<'_>,
    max: u32,
    separator: &str,
    mut one: impl FnMut(&mut Unstructured<'_>) -> Result<String>,
) -> Result<String> {
    let count = u.int_in_range(0..=max)?;
    let items: Result<Vec<String>> = (0..count).map(|_| one(u)).collect();
    Ok(items?.join(separator))
}

/// A Rust string literal (Debug escaping is valid Rust) of a message template: literal text of
/// any characters, placeholders by name, index or position, format specs, stray braces.
fn template(u: &mut Unstructured<'_>) -> Result<String> {
    let text = list(u, 6, "", |u| {
        Ok(match u.int_in_range(0..=5)? {
            0 => u.arbitrary::<String>()?,
            1 | 2 => format!(
                "{{{}{}}}",
                pick(
                    u,
                    &[
                        "a", "b", "0", "1", "", "source", "r#type", "type", "nope", "é"
                    ]
                )?,
                pick(
                    u,
                    &[
                        "", "", ":?", ":>8", ":.2", ":#?", ":+", ":08.3", ":x", ":1$", ":.*",
                        ":<5", ":^9", ":e", ":>width$", "?", ":", ":#", "::",
                    ]
                )?
            ),
            3 => pick(
                u,
                &[
                    "{{", "}}", "{", "}", "{{}}", "{}", "\\", "\"", "\u{2028}", "\0",
                ],
            )?
            .to_owned(),
            _ => pick(u, &["text ", "Expected: ", " - ", "é", " "])?.to_owned(),
        })
    })?;
    Ok(format!("{text:?}"))
}

/// One `key`, `key = value` or `key(...)` of an `#[api(...)]`.
fn key_value(u: &mut Unstructured<'_>) -> Result<String> {
    let key = if u.ratio(1, 8)? {
        u.arbitrary::<String>()?
    } else {
        // The known keys, then misspelt, unknown, raw, path-shaped and empty ones.
        let keys: Vec<&str> = attr::key_names()
            .chain(["stauts", "crate", "r#type", "a::b", "::status", ""])
            .collect();
        pick(u, &keys)?.to_owned()
    };
    let value = match u.int_in_range(0..=9)? {
        0 => String::new(),
        1 => format!(" = {}", u.arbitrary::<i64>()?),
        2 => format!(" = {}", u.int_in_range(390..=610)?),
        3 | 4 => format!(" = {}", template(u)?),
        5 => format!(
            "({}{})",
            template(u)?,
            list(u, 3, "", |u| Ok(format!(
                ", {}",
                pick(
                    u,
                    &[
                        ".a", ".b + 1", ".0", ".0.1", ".a.len()", "x", ".", "..", "", "1 +"
                    ]
                )?
            )))?
        ),
        6 => format!(
            " = {}",
            pick(
                u,
                &[
                    "CONFLICT",
                    "CONFICT",
                    "OK",
                    "StatusCode::GONE",
                    "http::StatusCode::IM_A_TEAPOT"
                ]
            )?
        ),
        7 => format!(
            " = {:?}",
            pick(
                u,
                &[
                    "errors",
                    "problem",
                    "envelope",
                    "detail",
                    "camelCase",
                    "SCREAMING_SNAKE_CASE",
                    "kebab-case",
                    "Retry-After",
                    "bad header",
                    "https://errors.example.com/",
                    "",
                ]
            )?
        ),
        8 => pick(
            u,
            &[
                " = 1.5",
                " = true",
                " = ",
                "()",
                "(=)",
                " = -1",
                " = b\"x\"",
                " = 'c'",
            ],
        )?
        .to_owned(),
        _ => format!(" = {:?}", u.arbitrary::<String>()?),
    };
    Ok(format!("{key}{value}"))
}

/// The attributes of one node: `#[api(...)]`s (sometimes malformed), doc comments, thiserror's
/// and other derives' attributes.
fn attributes(u: &mut Unstructured<'_>) -> Result<String> {
    list(u, 3, " ", |u| {
        Ok(match u.int_in_range(0..=9)? {
            0..=5 => format!("#[api({})]", list(u, 4, ", ", key_value)?),
            6 => format!("#[doc = {:?}]", u.arbitrary::<String>()?),
            7 => format!("#[error({})]", template(u)?),
            _ => pick(
                u,
                &[
                    "#[api]",
                    "#[api = \"x\"]",
                    "#[api(status = 400, status = 401)]",
                    "#[from]",
                    "#[source]",
                    "#[backtrace]",
                    "#[from(u8)]",
                    "#[serde(rename = \"x\")]",
                    "#[api(message = \"{a}\", expose)]",
                ],
            )?
            .to_owned(),
        })
    })
}

fn field_type(u: &mut Unstructured<'_>) -> Result<&'static str> {
    pick(
        u,
        &[
            "u8",
            "String",
            "T",
            "Vec<T>",
            "Option<u64>",
            "Vec<apifault::Violation>",
            "apifault::RateLimit",
            "std::time::Duration",
            "&'static str",
            "&'a str",
            "Box<E>",
            "Inner",
            "[Violation; 2]",
            "(u8, u8)",
            "std::io::Error",
            "fn() -> u8",
            "impl Sized",
        ],
    )
}

fn fields(u: &mut Unstructured<'_>, named: bool) -> Result<String> {
    list(u, 3, ", ", |u| {
        let attrs = attributes(u)?;
        let ty = field_type(u)?;
        if named {
            let name = pick(
                u,
                &[
                    "a", "b", "source", "r#type", "message", "code", "status", "é", "_0",
                ],
            )?;
            Ok(format!("{attrs} {name}: {ty}"))
        } else {
            Ok(format!("{attrs} {ty}"))
        }
    })
}

/// `{ named: fields }`, `(tuple fields)` or nothing; `end` closes a struct.
fn shape(u: &mut Unstructured<'_>, end: &str) -> Result<String> {
    Ok(match u.int_in_range(0..=2)? {
        0 => end.to_owned(),
        1 => format!("({}){end}", fields(u, false)?),
        _ => format!("{{ {} }}", fields(u, true)?),
    })
}

/// An enum, struct or union with generics and attributes.
fn item(u: &mut Unstructured<'_>) -> Result<String> {
    let attrs = attributes(u)?;
    let generics = pick(
        u,
        &[
            "",
            "",
            "<T>",
            "<'a, T: Clone>",
            "<T, const N: usize>",
            "<T = u8>",
        ],
    )?;
    let where_clause = pick(u, &["", "", " where T: Copy"])?;
    Ok(match u.int_in_range(0..=4)? {
        0 => format!(
            "{attrs} struct S{generics}{where_clause} {}",
            shape(u, ";")?
        ),
        1 => format!("{attrs} union U{generics}{where_clause} {{ a: u8 }}"),
        _ => {
            let variants = list(u, 4, ", ", |u| {
                let attrs = attributes(u)?;
                let name = pick(u, &["A", "B", "C", "r#Type", "Retry"])?;
                let discriminant = pick(u, &["", "", "", " = 1"])?;
                Ok(format!("{attrs} {name}{}{discriminant}", shape(u, "")?))
            })?;
            format!("{attrs} enum E{generics}{where_clause} {{ {variants} }}")
        }
    })
}
