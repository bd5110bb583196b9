//! Localized messages: `#[api(locales = "locales", default_locale = "en")]` on the type.
//!
//! The derive reads one Fluent file per locale when it expands (`locales/de.ftl`, or every
//! `.ftl` file of `locales/de/`), from the directory named relative to the crate's
//! `CARGO_MANIFEST_DIR`. Each message's id is a code of the type, its value the message in that
//! locale, and its `.title` attribute the problem+json title. Everything is checked here, each
//! error spanned on the `locales` literal and naming the file and line: a placeholder that
//! names no field, a code the type does not have, a tag that is not BCP 47, a 5xx translation
//! that shows a field the variant does not expose, and with `locales_complete` a code a locale
//! does not translate. The translations are then written as code, like the default messages
//! (`expand.rs`): a `match` on the locale, then on the variant, with the literal text escaped
//! for JSON now and the fields written when they render. Nothing is interpreted at run time.
//!
//! The files are parsed with `fluent-syntax`, Fluent's reference parser: only its syntax tree is
//! used, here, so nothing of it reaches the generated code or the runtime. Each file is also
//! named by an `include_bytes!` in the expansion, so that editing one rebuilds the crate.
//! (A file added to the directory is seen at the next rebuild of the crate.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::LitStr;
use syn::ext::IdentExt as _;

use crate::ast::{Input, Variant, is_server_error};
use crate::expand::message::{self, Imports};

/// The type-level keys of localization, as `attr.rs` parses them.
#[derive(Clone, Default)]
pub(crate) struct Keys {
    /// `locales = "locales"`: the directory, relative to `CARGO_MANIFEST_DIR`.
    pub dir: Option<LitStr>,
    /// `default_locale = "en"`: the language of the `message` attributes.
    pub default_locale: Option<LitStr>,
    /// `locales_complete`: a code that a locale does not translate is an error.
    pub complete: Option<Span>,
}

/// The methods of the `ApiError` impl (inside it) and the impls beside it, or errors.
///
/// A type without locales gets only the delegation of its `transparent` variants, so that an
/// inner type with locales still renders the locale it is given.
pub(crate) fn expand(input: &Input, where_clause: &TokenStream) -> (TokenStream, TokenStream) {
    let keys = &input.container.locales;
    let Some(dir) = &keys.dir else {
        if let Some(default) = &keys.default_locale {
            return (
                error(
                    default.span(),
                    "`default_locale` names the language of the `message` attributes, for `locales`; add `locales = \"locales\"` (a directory of `.ftl` files), or remove `default_locale`",
                ),
                TokenStream::new(),
            );
        }
        if let Some(span) = keys.complete {
            return (
                error(
                    span,
                    "`locales_complete` needs `locales = \"...\"`; add it, or remove `locales_complete`",
                ),
                TokenStream::new(),
            );
        }
        return (delegations(input), TokenStream::new());
    };
    match load(input, dir, keys) {
        Ok(locales) => generate(input, where_clause, &locales),
        Err(errors) => (errors, TokenStream::new()),
    }
}

fn error(span: Span, message: impl std::fmt::Display) -> TokenStream {
    syn::Error::new(span, message).into_compile_error()
}

/// One locale as read from its files.
struct Locale {
    tag: String,
    files: Vec<PathBuf>,
    /// Per variant index (own variants only), its translation.
    translations: Vec<(usize, Translation)>,
}

struct Translation {
    /// The message, if the file gives a value.
    message: Option<Vec<Piece>>,
    title: Option<String>,
}

/// A piece of a translated message.
enum Piece {
    Text(String),
    /// The field of the variant at this index.
    Field(usize),
    Select {
        field: usize,
        /// `[0]`, `[1]`: exact values, tried first.
        exact: Vec<(u128, Vec<Piece>)>,
        /// `[one]`, `[few]`: CLDR categories.
        categories: Vec<(&'static str, Vec<Piece>)>,
        /// The `*[...]` variant.
        default: Vec<Piece>,
        rules: &'static str,
    },
}

/// The problems of one expansion, all reported together.
struct Problems {
    span: Span,
    errors: Vec<String>,
}

impl Problems {
    fn push(&mut self, message: String) {
        self.errors.push(message);
    }

    fn into_tokens(self) -> TokenStream {
        self.errors
            .into_iter()
            .map(|message| error(self.span, message))
            .collect()
    }
}

/// Reads and checks every locale.
fn load(input: &Input, dir: &LitStr, keys: &Keys) -> Result<Vec<Locale>, TokenStream> {
    let span = dir.span();
    let mut problems = Problems {
        span,
        errors: Vec::new(),
    };
    let Some(default_lit) = &keys.default_locale else {
        return Err(error(
            span,
            "`locales` needs the language of the `message` attributes: add `default_locale = \"en\"` (or the tag they are written in)",
        ));
    };
    let default = match canonical_tag(&default_lit.value()) {
        Ok(tag) => tag,
        Err(why) => {
            return Err(error(
                default_lit.span(),
                format!(
                    "`{}` is not a BCP 47 language tag ({why}); write one such as `en` or `en-US`",
                    default_lit.value()
                ),
            ));
        }
    };
    let (root, shown) = match find_dir(&dir.value(), span) {
        Ok(found) => found,
        Err(message) => return Err(error(span, message)),
    };
    let mut locales = discover(&root, &shown, &default, &mut problems);
    for locale in &mut locales {
        read_locale(input, locale, &root, &shown, &mut problems);
    }
    if keys.complete.is_some() {
        for locale in &locales {
            for (index, variant) in own_variants(input) {
                if !locale.translations.iter().any(|(i, _)| *i == index) {
                    let file = locale
                        .files
                        .first()
                        .map(|file| shown_path(&root, &shown, file))
                        .unwrap_or_default();
                    problems.push(format!(
                        "{file}: no translation of `{}` in `{}`, and `locales_complete` asks for every code in every locale; add `{} = ...`",
                        variant.code, locale.tag, variant.code
                    ));
                }
            }
        }
    }
    if problems.errors.is_empty() {
        Ok(locales)
    } else {
        Err(problems.into_tokens())
    }
}

/// The variants with a message of their own (not `transparent`), with their indices.
fn own_variants<'i, 'a>(input: &'i Input<'a>) -> impl Iterator<Item = (usize, &'i Variant<'a>)> {
    input
        .variants
        .iter()
        .enumerate()
        .filter(|(_, variant)| !variant.is_transparent())
}

/// The directory: relative to `CARGO_MANIFEST_DIR`, or, when it is not there (a trybuild
/// crate, whose manifest is generated elsewhere), relative to the manifest directory of the
/// source file that derives. Also the path as written, for messages.
fn find_dir(relative: &str, span: Span) -> Result<(PathBuf, String), String> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let mut tried = Vec::new();
    if let Some(manifest_dir) = &manifest_dir {
        let candidate = manifest_dir.join(relative);
        if candidate.is_dir() {
            return Ok((candidate, relative.to_owned()));
        }
        tried.push(manifest_dir.clone());
    }
    if let Some(source_root) = source_manifest_dir(span) {
        let candidate = source_root.join(relative);
        if candidate.is_dir() {
            return Ok((candidate, relative.to_owned()));
        }
    }
    let base = tried.first().map_or_else(
        || "the crate".to_owned(),
        |dir| format!("`{}`", dir.display()),
    );
    Err(format!(
        "no directory `{relative}` in {base} (`locales` is relative to CARGO_MANIFEST_DIR); create it with one `<tag>.ftl` file per locale, such as `{relative}/de.ftl`"
    ))
}

/// The nearest directory above the deriving source file that holds a `Cargo.toml`.
fn source_manifest_dir(span: Span) -> Option<PathBuf> {
    let file = span.local_file()?;
    let mut dir = file.parent()?;
    loop {
        if dir.join("Cargo.toml").is_file() {
            return Some(dir.to_path_buf());
        }
        dir = dir.parent()?;
    }
}

/// `root/de.ftl` as `locales/de.ftl`.
fn shown_path(root: &Path, shown: &str, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let mut path = shown.trim_end_matches('/').to_owned();
    for part in relative.components() {
        path.push('/');
        path.push_str(&part.as_os_str().to_string_lossy());
    }
    path
}

/// The locales of the directory: `<tag>.ftl` files and `<tag>/` directories of `.ftl` files,
/// in the order of their tags.
fn discover(root: &Path, shown: &str, default: &str, problems: &mut Problems) -> Vec<Locale> {
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(format!("{shown}: cannot be read: {err}"));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut locales: Vec<Locale> = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (raw_tag, files) = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .map(|entries| {
                    entries
                        .filter_map(|entry| entry.ok().map(|e| e.path()))
                        .filter(|file| file.extension().is_some_and(|ext| ext == "ftl"))
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            (name.clone(), files)
        } else if let Some(stem) = name.strip_suffix(".ftl") {
            (stem.to_owned(), vec![path.clone()])
        } else {
            continue;
        };
        let where_ = shown_path(root, shown, &path);
        let tag = match canonical_tag(&raw_tag) {
            Ok(tag) => tag,
            Err(why) => {
                let fix = raw_tag.replace('_', "-");
                let fix = match canonical_tag(&fix) {
                    Ok(tag) => format!("; name it `{tag}` instead"),
                    Err(_) => "; name it after a tag such as `de` or `pt-BR`".to_owned(),
                };
                problems.push(format!(
                    "{where_}: `{raw_tag}` is not a BCP 47 language tag ({why}){fix}"
                ));
                continue;
            }
        };
        if tag.eq_ignore_ascii_case(default) {
            problems.push(format!(
                "{where_}: `{tag}` is the default locale, whose messages are the `message` attributes; remove the file, or change `default_locale`"
            ));
            continue;
        }
        if locales.iter().any(|locale| locale.tag == tag) {
            problems.push(format!(
                "{where_}: a second set of files for `{tag}`; keep either `{tag}.ftl` or `{tag}/`"
            ));
            continue;
        }
        locales.push(Locale {
            tag,
            files,
            translations: Vec::new(),
        });
    }
    locales.sort_by(|a, b| a.tag.cmp(&b.tag));
    locales
}

/// Reads a locale's files into translations, checking each message.
fn read_locale(
    input: &Input,
    locale: &mut Locale,
    root: &Path,
    shown: &str,
    problems: &mut Problems,
) {
    for file in locale.files.clone() {
        let where_ = shown_path(root, shown, &file);
        let source = match std::fs::read_to_string(&file) {
            Ok(source) => source,
            Err(err) => {
                problems.push(format!("{where_}: cannot be read: {err}"));
                continue;
            }
        };
        let lines = Lines::of(&source);
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(resource) => resource,
            Err((_, errors)) => {
                for err in errors {
                    let line = lines.line_of(err.pos.start);
                    problems.push(format!("{where_}:{line}: not valid Fluent: {}", err.kind));
                }
                continue;
            }
        };
        let file = FileCx {
            source: &source,
            lines,
            path: &where_,
            tag: &locale.tag,
        };
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    if let Some(translation) = read_message(input, &file, message, problems) {
                        let (index, translation) = translation;
                        if locale.translations.iter().any(|(i, _)| *i == index) {
                            let line = file.line(message.id.name);
                            problems.push(format!(
                                "{}:{line}: a second translation of `{}` in `{}`",
                                file.path, message.id.name, locale.tag
                            ));
                        } else {
                            locale.translations.push((index, translation));
                        }
                    }
                }
                ast::Entry::Term(term) => {
                    let line = file.line(term.id.name);
                    problems.push(format!(
                        "{}:{line}: terms (`-{}`) are not supported; write the text into each message",
                        file.path, term.id.name
                    ));
                }
                _ => {}
            }
        }
    }
    locale.translations.sort_by_key(|(index, _)| *index);
}

/// Where a message is: its file's text, path and locale.
struct FileCx<'f> {
    source: &'f str,
    lines: Lines,
    path: &'f str,
    tag: &'f str,
}

impl FileCx<'_> {
    /// The line of a slice of the source (the parser hands out slices of it).
    fn line(&self, slice: &str) -> usize {
        let start = self.source.as_ptr().addr();
        let at = slice.as_ptr().addr().wrapping_sub(start);
        self.lines.line_of(at)
    }
}

/// Where a file's lines start, found once: every message and placeholder asks for its line (for
/// the errors that name `file:line`), and counting the newlines before each from the start of
/// the file made reading 200 translations quadratic (450 M instructions for two files in the
/// unoptimized derive).
struct Lines {
    /// The offset of every `\n`, in order.
    newlines: Vec<usize>,
}

impl Lines {
    fn of(source: &str) -> Self {
        Lines {
            newlines: source.match_indices('\n').map(|(at, _)| at).collect(),
        }
    }

    /// The 1-based line of a byte offset: one more than the newlines before it.
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&newline| newline < offset) + 1
    }
}

fn read_message(
    input: &Input,
    file: &FileCx<'_>,
    message: &ast::Message<&str>,
    problems: &mut Problems,
) -> Option<(usize, Translation)> {
    let code = message.id.name;
    let line = file.line(code);
    let Some((index, variant)) = input
        .variants
        .iter()
        .enumerate()
        .find(|(_, variant)| variant.code == code)
    else {
        let codes: Vec<&str> = own_variants(input).map(|(_, v)| v.code.as_str()).collect();
        let hint = crate::suggest::hint(
            code,
            codes.iter().copied(),
            &format!(
                "its codes are {}",
                codes
                    .iter()
                    .map(|code| format!("`{code}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        problems.push(format!(
            "{}:{line}: `{code}` is not a code of `{}`, so nothing uses this translation{hint}",
            file.path, input.ident
        ));
        return None;
    };
    if variant.is_transparent() {
        problems.push(format!(
            "{}:{line}: `{code}` is the code of the transparent variant `{}`, whose messages are its inner error's; translate them there",
            file.path, variant.name
        ));
        return None;
    }
    let mut title = None;
    for attribute in &message.attributes {
        let attr_line = file.line(attribute.id.name);
        if attribute.id.name != "title" {
            problems.push(format!(
                "{}:{attr_line}: unknown attribute `.{}` of `{code}`; the one attribute is `.title`, the problem+json title",
                file.path, attribute.id.name
            ));
            continue;
        }
        let mut pieces = Vec::new();
        let before = problems.errors.len();
        read_pattern(file, variant, &attribute.value, &mut pieces, problems, 0);
        if problems.errors.len() > before {
            continue;
        }
        match pieces.as_slice() {
            [] => {}
            [Piece::Text(text)] => title = Some(text.clone()),
            _ => problems.push(format!(
                "{}:{attr_line}: the `.title` of `{code}` interpolates a value; a title is fixed text (it names the problem type, not the occurrence)",
                file.path
            )),
        }
    }
    let message_pieces = message.value.as_ref().map(|value| {
        let mut pieces = Vec::new();
        read_pattern(file, variant, value, &mut pieces, problems, 0);
        merge_text(pieces)
    });
    Some((
        index,
        Translation {
            message: message_pieces,
            title,
        },
    ))
}

/// Adjacent text pieces as one.
fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if let (Piece::Text(text), Some(Piece::Text(last))) = (&piece, merged.last_mut()) {
            last.push_str(text);
            continue;
        }
        merged.push(piece);
    }
    merged
}

/// The pieces of a pattern, checking every placeable against the variant.
fn read_pattern(
    file: &FileCx<'_>,
    variant: &Variant,
    pattern: &ast::Pattern<&str>,
    out: &mut Vec<Piece>,
    problems: &mut Problems,
    depth: usize,
) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => {
                out.push(Piece::Text((*value).to_owned()));
            }
            ast::PatternElement::Placeable { expression } => {
                read_expression(file, variant, expression, out, problems, depth);
            }
        }
    }
}

fn read_expression(
    file: &FileCx<'_>,
    variant: &Variant,
    expression: &ast::Expression<&str>,
    out: &mut Vec<Piece>,
    problems: &mut Problems,
    depth: usize,
) {
    // Nested selects and placeables are rare; a bound keeps a hostile file from the stack.
    if depth > 16 {
        problems.push(format!("{}: placeables nested too deep", file.path));
        return;
    }
    match expression {
        ast::Expression::Inline(inline) => read_inline(file, variant, inline, out, problems, depth),
        ast::Expression::Select { selector, variants } => {
            let ast::InlineExpression::VariableReference { id } = selector else {
                problems.push(format!(
                    "{}:{}: a select chooses by a field (`{{ $count -> ... }}`), not by this expression",
                    file.path,
                    first_line(file, variants)
                ));
                return;
            };
            let line = file.line(id.name);
            let Some(field) = field_index(file, variant, id.name, line, problems) else {
                return;
            };
            let rules = plural_rules(file.tag);
            let mut exact = Vec::new();
            let mut categories = Vec::new();
            let mut default = Vec::new();
            for arm in variants {
                let mut pieces = Vec::new();
                read_pattern(file, variant, &arm.value, &mut pieces, problems, depth + 1);
                let pieces = merge_text(pieces);
                match &arm.key {
                    ast::VariantKey::NumberLiteral { value } => match value.parse::<u128>() {
                        Ok(number) if !arm.default => exact.push((number, pieces)),
                        Ok(_) => default = pieces,
                        Err(_) => problems.push(format!(
                            "{}:{}: `[{value}]`: a key of a select on a field is a whole number (`[0]`) or a CLDR plural category (`[one]`)",
                            file.path,
                            file.line(value)
                        )),
                    },
                    ast::VariantKey::Identifier { name } => {
                        let key_line = file.line(name);
                        let Some(category) = CATEGORIES.iter().find(|c| **c == *name) else {
                            problems.push(format!(
                                "{}:{key_line}: `[{name}]` is not a CLDR plural category; a select on `${}` takes `zero`, `one`, `two`, `few`, `many`, `other` or a number",
                                file.path, id.name
                            ));
                            continue;
                        };
                        if arm.default {
                            default = pieces;
                            continue;
                        }
                        if *category == "other" {
                            // Only ever the default's category, here: reachable as `*[other]`.
                            problems.push(format!(
                                "{}:{key_line}: `[other]` that is not the default (`*[other]`) is never chosen",
                                file.path
                            ));
                            continue;
                        }
                        match rules {
                            None => problems.push(format!(
                                "{}:{key_line}: apifault has no CLDR plural rules for `{}`; use whole numbers as keys (`[1]`, `*[other]`), or a language it knows ({})",
                                file.path, file.tag, KNOWN_LANGUAGES
                            )),
                            Some((_, produced)) if !produced.contains(category) => {
                                problems.push(format!(
                                    "{}:{key_line}: `{}` has no plural category `{name}` for whole numbers, so `[{name}]` is never chosen; its categories are {}",
                                    file.path,
                                    file.tag,
                                    produced.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                                ));
                            }
                            Some(_) => categories.push((*category, pieces)),
                        }
                    }
                }
            }
            out.push(Piece::Select {
                field,
                exact,
                categories,
                default,
                rules: rules.map_or("Other", |(rules, _)| rules),
            });
        }
    }
}

fn first_line(file: &FileCx<'_>, variants: &[ast::Variant<&str>]) -> usize {
    variants.first().map_or(0, |arm| match &arm.key {
        ast::VariantKey::Identifier { name } => file.line(name),
        ast::VariantKey::NumberLiteral { value } => file.line(value),
    })
}

fn read_inline(
    file: &FileCx<'_>,
    variant: &Variant,
    inline: &ast::InlineExpression<&str>,
    out: &mut Vec<Piece>,
    problems: &mut Problems,
    depth: usize,
) {
    match inline {
        ast::InlineExpression::StringLiteral { value } => match unescape(value) {
            Some(text) => out.push(Piece::Text(text)),
            None => problems.push(format!(
                "{}:{}: a string literal with an escape that is not `\\\"`, `\\\\`, `\\uXXXX` or `\\UXXXXXX`",
                file.path,
                file.line(value)
            )),
        },
        ast::InlineExpression::NumberLiteral { value } => out.push(Piece::Text((*value).to_owned())),
        ast::InlineExpression::VariableReference { id } => {
            let line = file.line(id.name);
            if let Some(field) = field_index(file, variant, id.name, line, problems) {
                out.push(Piece::Field(field));
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            read_expression(file, variant, expression, out, problems, depth + 1);
        }
        ast::InlineExpression::FunctionReference { id, .. } => problems.push(format!(
            "{}:{}: `{}()`: Fluent functions are not supported; interpolate the field (`{{ $field }}`), which is written as its `Display` writes it",
            file.path,
            file.line(id.name),
            id.name
        )),
        ast::InlineExpression::MessageReference { id, .. } => problems.push(format!(
            "{}:{}: `{{ {} }}` refers to another message; a translation interpolates only the variant's fields (`{{ $field }}`)",
            file.path,
            file.line(id.name),
            id.name
        )),
        ast::InlineExpression::TermReference { id, .. } => problems.push(format!(
            "{}:{}: terms (`-{}`) are not supported; write the text into each message",
            file.path,
            file.line(id.name),
            id.name
        )),
    }
}

/// The index of the field `$name` names, after the checks: it exists, and a 5xx variant shows
/// it only if it is exposed.
fn field_index(
    file: &FileCx<'_>,
    variant: &Variant,
    name: &str,
    line: usize,
    problems: &mut Problems,
) -> Option<usize> {
    let Some(index) = variant
        .fields
        .iter()
        .position(|field| matches!(field.member, syn::Member::Named(_)) && field.name == name)
    else {
        let names: Vec<&str> = variant
            .fields
            .iter()
            .filter(|field| matches!(field.member, syn::Member::Named(_)))
            .map(|field| field.name.as_str())
            .collect();
        let otherwise = if names.is_empty() && !variant.fields.is_empty() {
            "the fields of a tuple variant have no names for a placeholder; give them names"
                .to_owned()
        } else if names.is_empty() {
            "it has no fields".to_owned()
        } else {
            format!(
                "its fields are {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let hint = crate::suggest::hint(name, names.iter().copied(), &otherwise);
        problems.push(format!(
            "{}:{line}: `${name}` names no field of `{}`{hint}",
            file.path, variant.name
        ));
        return None;
    };
    let field = &variant.fields[index];
    let status = variant.status.unwrap_or(0);
    if is_server_error(status) && variant.expose.is_none() && field.expose.is_none() {
        problems.push(format!(
            "{}:{line}: a {status} response must not show internal detail, but this translation of `{}` interpolates `{name}`; write a fixed message, or add `expose` to the variant's #[api(...)] (or to the field's) if the value is safe for clients",
            file.path, variant.code
        ));
        return None;
    }
    Some(index)
}

/// A Fluent string literal's escapes resolved.
fn unescape(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            kind @ ('u' | 'U') => {
                let len = if kind == 'u' { 4 } else { 6 };
                let hex: String = chars.by_ref().take(len).collect();
                let code = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(code)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

const KNOWN_LANGUAGES: &str = "ar, be, bg, ca, cs, da, de, el, en, es, et, fi, fr, hu, id, it, ja, ko, ms, nb, nl, nn, no, pl, pt, ru, sk, sv, th, tr, uk, vi, zh";

/// The runtime's rule set (`apifault::locale::plural::Rules`) of a tag's language, and the
/// categories it gives whole numbers.
fn plural_rules(tag: &str) -> Option<(&'static str, &'static [&'static str])> {
    let language = tag.split('-').next().unwrap_or(tag);
    Some(match language {
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" => ("Other", &[]),
        "en" | "de" | "nl" | "sv" | "da" | "nb" | "nn" | "no" | "fi" | "et" | "el" | "hu"
        | "tr" | "bg" => ("OneIsOne", &["one"]),
        "pt" if tag.eq_ignore_ascii_case("pt-PT") => ("OneMillions", &["one", "many"]),
        "fr" | "pt" => ("ZeroOneMillions", &["one", "many"]),
        "es" | "it" | "ca" => ("OneMillions", &["one", "many"]),
        "ru" | "uk" | "be" => ("EastSlavic", &["one", "few", "many"]),
        "pl" => ("Polish", &["one", "few", "many"]),
        "cs" | "sk" => ("CzechSlovak", &["one", "few"]),
        "ar" => ("Arabic", &["zero", "one", "two", "few", "many"]),
        _ => return None,
    })
}

/// A well-formed BCP 47 tag (RFC 5646 section 2.1, without the grandfathered ones) in its
/// canonical case (`de`, `pt-BR`, `zh-Hant-TW`), or why not.
fn canonical_tag(tag: &str) -> Result<String, &'static str> {
    if tag.is_empty() {
        return Err("it is empty");
    }
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err("subtags are 1 to 8 letters or digits, joined by `-`");
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut out: Vec<String> = Vec::with_capacity(subtags.len());
    let mut rest = subtags.as_slice();
    let language = rest[0];
    if language.eq_ignore_ascii_case("x") {
        return Err("a private-use tag names no language");
    }
    if !(alpha(language) && (2..=8).contains(&language.len())) {
        return Err("it starts with a language: 2 to 8 letters, such as `de`");
    }
    out.push(language.to_ascii_lowercase());
    rest = &rest[1..];
    // extlang: up to three 3-letter subtags after a 2-3 letter language.
    let mut extlangs = 0;
    while language.len() <= 3
        && extlangs < 3
        && rest.first().is_some_and(|s| s.len() == 3 && alpha(s))
    {
        out.push(rest[0].to_ascii_lowercase());
        rest = &rest[1..];
        extlangs += 1;
    }
    if let Some(script) = rest.first().filter(|s| s.len() == 4 && alpha(s)) {
        let mut script = script.to_ascii_lowercase();
        script[..1].make_ascii_uppercase();
        out.push(script);
        rest = &rest[1..];
    }
    if let Some(region) = rest
        .first()
        .filter(|s| (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)))
    {
        out.push(region.to_ascii_uppercase());
        rest = &rest[1..];
    }
    while let Some(variant) = rest.first().filter(|s| {
        (5..=8).contains(&s.len()) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit())
    }) {
        out.push(variant.to_ascii_lowercase());
        rest = &rest[1..];
    }
    while let Some(singleton) = rest.first().filter(|s| s.len() == 1) {
        let private = singleton.eq_ignore_ascii_case("x");
        out.push(singleton.to_ascii_lowercase());
        rest = &rest[1..];
        let min = if private { 1 } else { 2 };
        let taken = rest
            .iter()
            .take_while(|s| s.len() >= min && (private || s.len() > 1))
            .count();
        if taken == 0 {
            return Err("a singleton (`u`, `x`) needs a subtag after it");
        }
        out.extend(rest[..taken].iter().map(|s| s.to_ascii_lowercase()));
        rest = &rest[taken..];
        if private {
            break;
        }
    }
    if !rest.is_empty() {
        return Err(
            "after the language come a script (4 letters), a region (2 letters or 3 digits), variants and extensions, in that order",
        );
    }
    Ok(out.join("-"))
}

/// The runtime's hidden module, by its full path: these tokens may stand outside the `const _`
/// block that aliases it.
fn private() -> TokenStream {
    quote!(::apifault::__private)
}

/// The local a translation binds a field to.
fn local(variant: &Variant, index: usize) -> syn::Ident {
    let field = &variant.fields[index];
    let name = match &field.member {
        syn::Member::Named(ident) => ident.unraw().to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    };
    format_ident!("__l10n_{}", name)
}

/// `Self::V { a: __l10n_a, .. }` binding the fields the pieces use.
fn pattern(input: &Input, variant: &Variant, pieces: &[Piece]) -> TokenStream {
    let mut used = std::collections::BTreeSet::new();
    collect_fields(pieces, &mut used);
    let path = variant.path(input.is_enum);
    // Tokens, not a stream per binding (see `expand::message`).
    let members = used.iter().map(|&index| &variant.fields[index].member);
    let locals = used.iter().map(|&index| local(variant, index));
    quote!(#path { #(#members: #locals,)* .. })
}

fn collect_fields(pieces: &[Piece], used: &mut std::collections::BTreeSet<usize>) {
    for piece in pieces {
        match piece {
            Piece::Text(_) => {}
            Piece::Field(index) => {
                used.insert(*index);
            }
            Piece::Select {
                field,
                exact,
                categories,
                default,
                ..
            } => {
                used.insert(*field);
                for (_, arm) in exact {
                    collect_fields(arm, used);
                }
                for (_, arm) in categories {
                    collect_fields(arm, used);
                }
                collect_fields(default, used);
            }
        }
    }
}

/// The statements that write `pieces` into `__sink`, as the default messages' are written
/// (`expand::message`, whose short names `imports` records).
fn statements(variant: &Variant, pieces: &[Piece], imports: &mut Imports) -> TokenStream {
    let private = private();
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => message::text_call(text, imports),
            Piece::Field(index) => {
                message::piece_call(&local(variant, *index), Span::call_site(), imports)
            }
            Piece::Select {
                field,
                exact,
                categories,
                default,
                rules,
            } => {
                let local = local(variant, *field);
                let default = statements(variant, default, imports);
                let by_category = if categories.is_empty() {
                    quote!({ #default })
                } else {
                    let rules = format_ident!("{}", rules);
                    let arms: Vec<TokenStream> = categories
                        .iter()
                        .map(|(category, arm)| {
                            let category = format_ident!("{}", capitalized(category));
                            let arm = statements(variant, arm, imports);
                            quote!(#private::l10n::Category::#category => { #arm })
                        })
                        .collect();
                    quote! {
                        match #private::l10n::category(#private::l10n::Rules::#rules, __n) {
                            #(#arms)*
                            _ => { #default }
                        }
                    }
                };
                let exact_arms: Vec<TokenStream> = exact
                    .iter()
                    .map(|(number, arm)| {
                        let number = proc_macro2::Literal::u128_unsuffixed(*number);
                        let arm = statements(variant, arm, imports);
                        quote!(#number => { #arm })
                    })
                    .collect();
                quote! {
                    {
                        let __n = #private::l10n::Operand::operand(#local);
                        #[allow(unreachable_patterns, reason = "a key may repeat a category")]
                        match __n {
                            #(#exact_arms)*
                            _ => #by_category
                        }
                    }
                }
            }
        })
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut out = word.to_owned();
    out[..1].make_ascii_uppercase();
    out
}

/// The message as documentation: text, with `{field}` for a field and a select's default.
fn doc_template(variant: &Variant, pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field(index) => {
                let _ = write!(out, "{{{}}}", variant.fields[*index].name);
            }
            Piece::Select { default, .. } => out.push_str(&doc_template(variant, default)),
        }
    }
    out
}

/// The match arms of `write_message_in` for one locale.
fn message_arms(input: &Input, locale: &Locale, imports: &mut Imports) -> TokenStream {
    let mut arms = Vec::new();
    for (index, translation) in &locale.translations {
        let variant = &input.variants[*index];
        let title_only;
        let pieces: &[Piece] = match (&translation.message, &translation.title, &variant.message) {
            (Some(pieces), _, _) => pieces,
            // A variant without `message` says its title: the translated one.
            (None, Some(title), None) => {
                title_only = [Piece::Text(title.clone())];
                &title_only
            }
            _ => continue,
        };
        let pattern = pattern(input, variant, pieces);
        let statements = statements(variant, pieces, imports);
        arms.push(quote!(#pattern => { #statements }));
    }
    // Concatenated at once (see `expand::message`).
    arms.into_iter().collect()
}

/// The arms that hand a transparent variant's call to its inner error.
fn transparent_arms(input: &Input, method: &TokenStream, args: &TokenStream) -> Vec<TokenStream> {
    let private = private();
    input
        .variants
        .iter()
        .filter(|variant| variant.is_transparent())
        .filter_map(|variant| {
            let field = variant.fields.first()?;
            let member = &field.member;
            let path = variant.path(input.is_enum);
            Some(quote! {
                #path { #member: __inner, .. } => #private::ApiError::#method(__inner, #args),
            })
        })
        .collect()
}

/// For a type without locales: the `*_in` methods of its transparent variants, if any.
fn delegations(input: &Input) -> TokenStream {
    let private = private();
    let write_arms = transparent_arms(
        input,
        &quote!(write_message_json_in),
        &quote!(__locale, __out),
    );
    if write_arms.is_empty() {
        return TokenStream::new();
    }
    let fmt_arms = transparent_arms(
        input,
        &quote!(fmt_message_in),
        &quote!(__locale, __formatter),
    );
    let title_arms = transparent_arms(input, &quote!(title_in), &quote!(__locale));
    quote! {
        fn fmt_message_in(&self, __locale: &str, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#fmt_arms)*
                _ => #private::ApiError::fmt_message(self, __formatter),
            }
        }

        fn write_message_json_in(&self, __locale: &str, __out: &mut #private::Vec<u8>) -> #private::Result<(), #private::RenderError> {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#write_arms)*
                _ => #private::ApiError::write_message_json(self, __out),
            }
        }

        fn title_in(&self, __locale: &str) -> &'static str {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#title_arms)*
                _ => #private::ApiError::title(self),
            }
        }
    }
}

fn generate(
    input: &Input,
    where_clause: &TokenStream,
    locales: &[Locale],
) -> (TokenStream, TokenStream) {
    let private = private();
    let ty = input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let localization = localization_static(input, locales);
    let write_arms = transparent_arms(
        input,
        &quote!(write_message_json_in),
        &quote!(__locale, __out),
    );
    let fmt_arms = transparent_arms(
        input,
        &quote!(fmt_message_in),
        &quote!(__locale, __formatter),
    );
    let title_in = title_in(input, locales);
    let methods = quote! {
        fn localization() -> &'static #private::Localization {
            #localization
        }

        fn fmt_message_in(&self, __locale: &str, __formatter: &mut #private::Formatter<'_>) -> #private::FmtResult {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#fmt_arms)*
                _ => #private::l10n::fmt_in(self, __locale, __formatter),
            }
        }

        fn write_message_json_in(&self, __locale: &str, __out: &mut #private::Vec<u8>) -> #private::Result<(), #private::RenderError> {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#write_arms)*
                _ => #private::l10n::write_json_in(self, __locale, __out),
            }
        }

        #title_in
    };
    let mut imports = Imports::default();
    let locale_arms: TokenStream = locales
        .iter()
        .map(|locale| {
            let tag = &locale.tag;
            let arms = message_arms(input, locale, &mut imports);
            quote! {
                #tag => {
                    #[allow(unreachable_patterns, reason = "a locale may translate every variant")]
                    match self {
                        #arms
                        _ => #private::WriteMessage::write_message(self, __sink),
                    }
                }
            }
        })
        .collect();
    let imports = imports.declarations();
    let impls = quote! {
        #[automatically_derived]
        #[allow(unused_qualifications, deprecated, clippy::match_same_arms)]
        impl #impl_generics #private::l10n::WriteLocalized for #ty #ty_generics #where_clause {
            fn write_message_in(&self, __locale: &str, __sink: &mut #private::MessageSink<'_, '_>) {
                #imports
                match __locale {
                    #locale_arms
                    _ => #private::WriteMessage::write_message(self, __sink),
                }
            }
        }
    };
    (methods, impls)
}

/// The body of `localization()`: an `include_bytes!` per file, so that editing one rebuilds
/// the crate, and the `static` of every locale's translations.
fn localization_static(input: &Input, locales: &[Locale]) -> TokenStream {
    let private = private();
    let default = canonical_tag(
        &input
            .container
            .locales
            .default_locale
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let includes = locales.iter().flat_map(|locale| &locale.files).map(|file| {
        let path = file.to_string_lossy().into_owned();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    let tables = locales.iter().map(|locale| {
        let tag = &locale.tag;
        let entries = locale.translations.iter().map(|(index, translation)| {
            let variant = &input.variants[*index];
            let code = &variant.code;
            let message = translation
                .message
                .as_ref()
                .map(|pieces| doc_template(variant, pieces))
                .or_else(|| {
                    // A variant without `message` says its (translated) title.
                    variant
                        .message
                        .is_none()
                        .then(|| translation.title.clone())
                        .flatten()
                })
                .unwrap_or_default();
            let title = translation.title.clone().unwrap_or_default();
            quote!(#private::Translation::new(#code, #message, #title))
        });
        quote!(#private::LocaleTable::new(#tag, &[#(#entries,)*]))
    });
    quote! {
        #(#includes)*
        static __LOCALIZATION: #private::Localization =
            #private::Localization::new(#default, &[#(#tables,)*]);
        &__LOCALIZATION
    }
}

/// `title_in`, where a transparent variant or a translated title needs one.
fn title_in(input: &Input, locales: &[Locale]) -> Option<TokenStream> {
    let private = private();
    let title_arms = transparent_arms(input, &quote!(title_in), &quote!(__locale));
    let title_locales: Vec<TokenStream> = locales
        .iter()
        .filter_map(|locale| {
            let arms: Vec<TokenStream> = locale
                .translations
                .iter()
                .filter_map(|(index, translation)| {
                    let title = translation.title.as_ref()?;
                    let path = input.variants[*index].path(input.is_enum);
                    Some(quote!(#path { .. } => #title,))
                })
                .collect();
            if arms.is_empty() {
                return None;
            }
            let tag = &locale.tag;
            Some(quote! {
                #tag => match self {
                    #(#arms)*
                    _ => #private::ApiError::title(self),
                },
            })
        })
        .collect();
    if title_arms.is_empty() && title_locales.is_empty() {
        return None;
    }
    Some(quote! {
        fn title_in(&self, __locale: &str) -> &'static str {
            #[allow(unreachable_patterns, reason = "a transparent variant is matched first")]
            match self {
                #(#title_arms)*
                _ => match __locale {
                    #(#title_locales)*
                    _ => #private::ApiError::title(self),
                },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Lines, canonical_tag, unescape};

    #[test]
    fn a_line_is_one_more_than_the_newlines_before_it() {
        for source in [
            "",
            "one line",
            "a = 1\nb = 2\n",
            "\n\nafter two empty lines\r\nc = 3",
            "é\n日本\n",
        ] {
            let lines = Lines::of(source);
            for offset in 0..=source.len() + 2 {
                // What the derive counted before, from the start of the file every time.
                let counted = source.as_bytes()[..offset.min(source.len())]
                    .split(|&byte| byte == b'\n')
                    .count();
                assert_eq!(lines.line_of(offset), counted, "{source:?} at {offset}");
            }
        }
    }

    #[test]
    fn bcp47_tags() {
        for (tag, canonical) in [
            ("de", "de"),
            ("pt-br", "pt-BR"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("de-CH-1996", "de-CH-1996"),
            ("sl-rozaj-biske", "sl-rozaj-biske"),
            ("en-US-u-ca-gregory", "en-US-u-ca-gregory"),
            ("de-x-formal", "de-x-formal"),
            ("zh-yue", "zh-yue"),
        ] {
            assert_eq!(canonical_tag(tag).as_deref(), Ok(canonical), "{tag}");
        }
        for tag in [
            "",
            "xx_YY",
            "d",
            "de-",
            "de--at",
            "toolonglanguage",
            "x-private",
            "de-u",
            "de-AT-CH",
            "1de",
            "de-CH-u",
        ] {
            assert!(canonical_tag(tag).is_err(), "{tag}");
        }
    }

    #[test]
    fn string_literal_escapes() {
        assert_eq!(
            unescape(r#"a\"b\\c\u00e9\U01F600"#).as_deref(),
            Some("a\"b\\cé😀")
        );
        assert_eq!(unescape(r"\n"), None);
        assert_eq!(unescape(r"\uZZZZ"), None);
    }
}
