//! Phase 1: parse `#[api(...)]`, doc comments and thiserror's field markers on one node.
//!
//! Parsers never return early: every problem goes into the [`Ctxt`] and parsing carries on with
//! the next key, so one build reports every bad attribute.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::ParseStream;
use syn::spanned::Spanned as _;
use syn::{Attribute, LitStr, Token};

use crate::builtin;
use crate::case::{RULE_NAMES, RenameRule};
use crate::ctxt::Ctxt;
use crate::suggest::{did_you_mean, hint};

/// Where an attribute sits; decides which keys it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Enum,
    Struct,
    Variant,
    Field,
}

/// Declares [`KeyName`] and [`KEYS`] from one list: each key's variant, its spelling, where it
/// is accepted and how it is written (the example an error about its value shows). How its value
/// is parsed is `parse_value`'s exhaustive `match`.
macro_rules! keys {
    ($($id:ident = $name:literal at $places:ident, e.g. $example:literal;)*) => {
        /// A key of `#[api(...)]`.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(crate) enum KeyName {
            $($id,)*
        }

        const KEYS: &[Key] = &[
            $(Key {
                id: KeyName::$id,
                name: $name,
                places: $places,
                example: $example,
            },)*
        ];
    };
}

keys! {
    Format = "format" at CONTAINER, e.g. "`format = \"problem\"`";
    RenameAll = "rename_all" at CONTAINER, e.g. "`rename_all = \"camelCase\"`";
    CodeCase = "code_case" at CONTAINER, e.g. "`code_case = \"camelCase\"`";
    TypeBase = "type_base" at CONTAINER, e.g. "`type_base = \"https://errors.example.com/\"`";
    Display = "display" at CONTAINER, e.g. "`display`";
    Locales = "locales" at CONTAINER, e.g. "`locales = \"locales\"`";
    DefaultLocale = "default_locale" at CONTAINER, e.g. "`default_locale = \"en\"`";
    LocalesComplete = "locales_complete" at CONTAINER, e.g. "`locales_complete`";
    Status = "status" at CONTAINER_AND_VARIANT, e.g. "`status = 409` or `status = CONFLICT`";
    Code = "code" at VARIANT, e.g. "`code = \"...\"`";
    Message = "message" at VARIANT, e.g. "`message = \"...{field}...\"`";
    Title = "title" at VARIANT, e.g. "`title = \"...\"`";
    Type = "type" at VARIANT, e.g. "`type = \"...\"`";
    Resolution = "resolution" at VARIANT, e.g. "`resolution = \"...\"`";
    Transparent = "transparent" at VARIANT, e.g. "`transparent`";
    Expose = "expose" at VARIANT_AND_FIELD, e.g. "`expose`";
    NoDecode = "no_decode" at VARIANT, e.g. "`no_decode`";
    Skip = "skip" at FIELD, e.g. "`skip`";
    Rename = "rename" at FIELD, e.g. "`rename = \"...\"`";
    Header = "header" at FIELD, e.g. "`header = \"Retry-After\"`";
    Headers = "headers" at FIELD, e.g. "`headers`";
    Violations = "violations" at FIELD, e.g. "`violations`";
    Flatten = "flatten" at FIELD, e.g. "`flatten`";
}

/// A key: its name, the positions that accept it, how it is written.
struct Key {
    id: KeyName,
    name: &'static str,
    places: Places,
    /// How to write it, for errors about its value.
    example: &'static str,
}

impl KeyName {
    /// The key as written in `#[api(...)]`.
    pub(crate) fn as_str(self) -> &'static str {
        KEYS.iter()
            .find(|key| key.id == self)
            .map_or("", |key| key.name)
    }
}

impl std::fmt::Display for KeyName {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// The positions a key is accepted at.
#[derive(Clone, Copy)]
struct Places {
    container: bool,
    variant: bool,
    field: bool,
}

const CONTAINER: Places = Places {
    container: true,
    variant: false,
    field: false,
};
const CONTAINER_AND_VARIANT: Places = Places {
    container: true,
    variant: true,
    field: false,
};
const VARIANT: Places = Places {
    container: false,
    variant: true,
    field: false,
};
const VARIANT_AND_FIELD: Places = Places {
    container: false,
    variant: true,
    field: true,
};
const FIELD: Places = Places {
    container: false,
    variant: false,
    field: true,
};

/// Every key `#[api(...)]` knows: the generated inputs of the macro's property test and of
/// `fuzz/`'s `derive` target start from it, so a new key is fuzzed without being listed twice.
#[cfg_attr(not(test), allow(dead_code, reason = "read by the tests and by fuzz/"))]
pub(crate) fn key_names() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|key| key.name)
}

/// A built-in wire format that `format = "..."` may name, described once for the derive and
/// the runtime (see `builtin`).
pub(crate) use crate::builtin::Description as Format;

impl Key {
    fn allowed_at(&self, position: Position) -> bool {
        match position {
            Position::Enum => self.places.container,
            // A struct is a single error: it takes container and variant keys in one place.
            Position::Struct => self.places.container || self.places.variant,
            Position::Variant => self.places.variant,
            Position::Field => self.places.field,
        }
    }
}

/// `message = "..."` or `message("...", args...)` as written.
pub(crate) struct MessageAttr {
    pub template: LitStr,
    /// The tokens after the template's comma, if any: extra format arguments.
    pub args: TokenStream,
}

/// What the attributes of one node say. Every key remembers its span for later diagnostics.
#[derive(Default)]
pub(crate) struct Attrs {
    pub format: Option<Format>,
    pub rename_all: Option<RenameRule>,
    pub code_case: Option<RenameRule>,
    pub type_base: Option<LitStr>,
    pub display: Option<Span>,
    /// `locales`, `default_locale` and `locales_complete` (see `localize.rs`).
    pub locales: crate::localize::Keys,
    pub status: Option<u16>,
    /// The code's text, read once, and where it was written.
    pub code: Option<(String, Span)>,
    pub message: Option<MessageAttr>,
    pub title: Option<LitStr>,
    pub type_uri: Option<LitStr>,
    pub resolution: Option<LitStr>,
    pub transparent: Option<Span>,
    pub expose: Option<Span>,
    pub no_decode: Option<Span>,
    pub skip: Option<Span>,
    pub rename: Option<LitStr>,
    pub header: Option<LitStr>,
    pub headers: Option<Span>,
    pub violations: Option<Span>,
    pub flatten: Option<Span>,
    /// Every accepted key with the span of its name, in source order.
    pub keys: Vec<(KeyName, Span)>,
    /// The doc comment, trimmed.
    pub doc: String,
    /// The field carries thiserror's `#[source]`, `#[from]` or `#[backtrace]`.
    pub thiserror_marker: bool,
    /// The field carries thiserror's `#[source]` or `#[from]`: it is the error's cause.
    pub source_marker: bool,
    /// Some `#[api(...)]` here was rejected: what it meant is unknown, so rules that depend on
    /// it (such as "has a status") stay quiet rather than pile up errors.
    pub had_error: bool,
}

pub(crate) fn get(cx: &Ctxt, position: Position, attrs: &[Attribute]) -> Attrs {
    let mut parsed = Attrs::default();
    let mut doc_lines = Vec::new();
    for attr in attrs {
        let path = attr.path();
        if path.is_ident("doc") {
            if let syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(line),
                        ..
                    }),
                ..
            }) = &attr.meta
            {
                doc_lines.push(string_value(line));
            }
        } else if path.is_ident("api") {
            parse_api_attr(cx, position, attr, &mut parsed);
        } else if position == Position::Field
            && (path.is_ident("source") || path.is_ident("from") || path.is_ident("backtrace"))
            && matches!(attr.meta, syn::Meta::Path(_))
        {
            // thiserror's markers. A list form such as `#[from(...)]` belongs to another
            // derive (derive_more), as thiserror itself reasons, and is left alone.
            parsed.thiserror_marker = true;
            parsed.source_marker |= !path.is_ident("backtrace");
        }
    }
    parsed.doc = join_doc(&doc_lines);
    parsed
}

/// Trims the one space rustdoc puts after `///`, drops leading and trailing blank lines.
fn join_doc(lines: &[String]) -> String {
    let lines: Vec<&str> = lines
        .iter()
        .flat_map(|line| line.split('\n'))
        .map(|line| line.strip_prefix(' ').unwrap_or(line).trim_end())
        .collect();
    lines.join("\n").trim().to_owned()
}

fn parse_api_attr(cx: &Ctxt, position: Position, attr: &Attribute, parsed: &mut Attrs) {
    if !matches!(attr.meta, syn::Meta::List(_)) {
        parsed.had_error = true;
        cx.error_spanned_by(
            attr,
            "expected a list of keys: #[api(status = 400, code = \"...\")]",
        );
        return;
    }
    let errors_before = cx.error_count();
    let result = attr.parse_nested_meta(|meta| {
        // A key is one ident; `Spanned::span` of a path would turn it into tokens first.
        let (name, span) = match meta.path.get_ident() {
            Some(ident) => (ident.to_string(), ident.span()),
            None => (
                meta.path.to_token_stream().to_string().replace(' ', ""),
                meta.path.span(),
            ),
        };
        let Some(key) = KEYS.iter().find(|key| key.name == name) else {
            let hint = did_you_mean(
                &name,
                KEYS.iter()
                    .filter(|k| k.allowed_at(position))
                    .map(|k| k.name),
            );
            let hint = if hint.is_empty() {
                did_you_mean(&name, KEYS.iter().map(|k| k.name))
            } else {
                hint
            };
            cx.error_at(span, format!("unknown key `{name}` in #[api(...)]{hint}"));
            return skip_value(meta.input);
        };
        if !key.allowed_at(position) {
            cx.error_at(span, misplaced(key, position));
            return skip_value(meta.input);
        }
        if parsed.keys.iter().any(|(seen, _)| *seen == key.id) {
            cx.error_at(span, format!("duplicate key `{name}`; give it once"));
            return skip_value(meta.input);
        }
        parsed.keys.push((key.id, span));
        if let Err(error) = parse_value(key, span, meta.input, parsed) {
            cx.push(error);
            return skip_value(meta.input);
        }
        Ok(())
    });
    if let Err(error) = result {
        cx.push(error);
    }
    parsed.had_error |= cx.error_count() > errors_before;
}

fn misplaced(key: &Key, position: Position) -> String {
    let name = key.name;
    let here = match position {
        Position::Enum => "an enum",
        Position::Struct => "a struct",
        Position::Variant => "a variant",
        Position::Field => "a field",
    };
    if key.places.field && !key.places.variant {
        format!(
            "`{name}` is a field key, not expected on {here}; put #[api({name})] on the field it describes"
        )
    } else if key.places.variant {
        let fix = match position {
            Position::Enum => "put it in the #[api(...)] of each variant it applies to",
            _ => "put it in the #[api(...)] of the variant",
        };
        format!("`{name}` describes one variant, not expected on {here}; {fix}")
    } else {
        format!(
            "`{name}` applies to the whole type, not expected on {here}; put it in the #[api(...)] above the enum or struct"
        )
    }
}

/// Skips the rest of a key's value (up to the next top-level comma) so parsing can go on.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The tokens of `= value` up to the next top-level comma.
fn value_tokens(key: &Key, key_span: Span, input: ParseStream) -> syn::Result<TokenStream> {
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            key_span,
            format!("`{}` needs a value: {}", key.name, key.example),
        ));
    }
    let eq: Token![=] = input.parse()?;
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    if tokens.is_empty() {
        return Err(syn::Error::new(
            eq.span,
            format!("`{}` needs a value: {}", key.name, key.example),
        ));
    }
    Ok(tokens)
}

fn parse_value(key: &Key, span: Span, input: ParseStream, parsed: &mut Attrs) -> syn::Result<()> {
    let flag = |slot: &mut Option<Span>| {
        // Set even when a value follows, so that the intent counts and no error cascades.
        *slot = Some(span);
        flag_alone(key, input)
    };
    let string = || match single_literal(input, as_plain_str) {
        Some(lit) => Ok(lit),
        None => parse_str(key, &value_tokens(key, span, input)?),
    };
    match key.id {
        KeyName::Display => flag(&mut parsed.display)?,
        KeyName::LocalesComplete => flag(&mut parsed.locales.complete)?,
        KeyName::Locales => parsed.locales.dir = Some(non_empty(key, string()?)?),
        KeyName::DefaultLocale => {
            parsed.locales.default_locale = Some(non_empty(key, string()?)?);
        }
        KeyName::Transparent => flag(&mut parsed.transparent)?,
        KeyName::Expose => flag(&mut parsed.expose)?,
        KeyName::NoDecode => flag(&mut parsed.no_decode)?,
        KeyName::Skip => flag(&mut parsed.skip)?,
        KeyName::Headers => flag(&mut parsed.headers)?,
        KeyName::Violations => flag(&mut parsed.violations)?,
        KeyName::Flatten => flag(&mut parsed.flatten)?,
        KeyName::Status => {
            let status = match single_literal(input, |lit| match lit {
                syn::Lit::Int(int) if int.suffix().is_empty() => Some(int),
                _ => None,
            }) {
                Some(int) => status_of(&int, int.span())?,
                None => parse_status(&value_tokens(key, span, input)?)?,
            };
            parsed.status = Some(status);
        }
        KeyName::Message => parsed.message = Some(parse_message(key, span, input)?),
        KeyName::Format => parsed.format = Some(parse_format(&string()?)?),
        KeyName::RenameAll => parsed.rename_all = Some(parse_rule(&string()?)?),
        KeyName::CodeCase => parsed.code_case = Some(parse_rule(&string()?)?),
        KeyName::TypeBase => parsed.type_base = Some(non_empty(key, string()?)?),
        KeyName::Code => parsed.code = Some(check_code(&string()?)?),
        KeyName::Title => parsed.title = Some(non_empty(key, string()?)?),
        KeyName::Type => parsed.type_uri = Some(non_empty(key, string()?)?),
        KeyName::Resolution => parsed.resolution = Some(non_empty(key, string()?)?),
        KeyName::Rename => parsed.rename = Some(non_empty(key, string()?)?),
        KeyName::Header => parsed.header = Some(check_header_name(string()?)?),
    }
    Ok(())
}

/// A flag takes no value: `transparent`, not `transparent = true`.
fn flag_alone(key: &Key, input: ParseStream) -> syn::Result<()> {
    if !input.is_empty() && !input.peek(Token![,]) {
        let rest: TokenStream = input.parse()?;
        return Err(syn::Error::new_spanned(
            rest,
            format!("`{0}` takes no value; write `{0}` alone", key.name),
        ));
    }
    Ok(())
}

/// `= <literal>` when that literal is the whole value and `pick` takes it, read straight from
/// the attribute: the common case, which then skips collecting the value's tokens into a stream
/// and parsing them again (a tenth of the derive's run on a large enum, at `opt-level = 0`).
/// Anything else is left in `input` for the general path, which reports what is wrong.
fn single_literal<T>(input: ParseStream, pick: impl Fn(syn::Lit) -> Option<T>) -> Option<T> {
    input
        .step(|cursor| {
            let not_single = || cursor.error("not a single literal");
            let (eq, rest) = cursor.punct().ok_or_else(not_single)?;
            if eq.as_char() != '=' {
                return Err(not_single());
            }
            let (literal, rest) = rest.literal().ok_or_else(not_single)?;
            let ends = rest.eof()
                || rest
                    .punct()
                    .is_some_and(|(punct, _)| punct.as_char() == ',');
            match pick(syn::Lit::new(literal)) {
                Some(value) if ends => Ok((value, rest)),
                _ => Err(not_single()),
            }
        })
        .ok()
}

/// A string literal without a suffix, as [`parse_str`] accepts.
fn as_plain_str(lit: syn::Lit) -> Option<LitStr> {
    match lit {
        syn::Lit::Str(lit) if lit.suffix().is_empty() => Some(lit),
        _ => None,
    }
}

fn parse_str(key: &Key, tokens: &TokenStream) -> syn::Result<LitStr> {
    // Through syn, so a literal passed in by a `macro_rules!` (wrapped in an invisible group)
    // is accepted too.
    match syn::parse2::<LitStr>(tokens.clone()) {
        Ok(lit) if lit.suffix().is_empty() => Ok(lit),
        _ => Err(syn::Error::new_spanned(
            tokens,
            format!("expected a string literal: {}", key.example),
        )),
    }
}

fn non_empty(key: &Key, lit: LitStr) -> syn::Result<LitStr> {
    if string_value(&lit).trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`{}` must not be empty; leave the key out instead",
                key.name
            ),
        ));
    }
    Ok(lit)
}

fn parse_format(lit: &LitStr) -> syn::Result<Format> {
    let name = lit.value();
    if let Some(format) = builtin::ALL.iter().find(|format| format.name == name) {
        return Ok(*format);
    }
    let names: Vec<String> = builtin::ALL
        .iter()
        .map(|format| format!("`{}`", format.name))
        .collect();
    let (last, rest) = names.split_last().expect("builtin::ALL is not empty");
    Err(syn::Error::new(
        lit.span(),
        format!(
            "unknown format `{name}`{}",
            hint(
                &name,
                builtin::ALL.iter().map(|format| format.name),
                &format!("the built-in formats are {} and {last}", rest.join(", "))
            )
        ),
    ))
}

fn parse_rule(lit: &LitStr) -> syn::Result<RenameRule> {
    let name = lit.value();
    if let Some(rule) = RenameRule::from_name(&name) {
        return Ok(rule);
    }
    let names: Vec<String> = RULE_NAMES
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect();
    Err(syn::Error::new(
        lit.span(),
        format!(
            "unknown case `{name}`{}",
            hint(
                &name,
                RULE_NAMES.iter().map(|(name, _)| *name),
                &format!("expected one of {}", names.join(", "))
            )
        ),
    ))
}

/// Codes are machine-readable: visible ASCII without spaces.
fn check_code(lit: &LitStr) -> syn::Result<(String, Span)> {
    let code = string_value(lit);
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(syn::Error::new(
            lit.span(),
            "a code must be non-empty visible ASCII without spaces, such as `code = \"ResourceNotFound\"`",
        ));
    }
    Ok((code, lit.span()))
}

/// `lit.value()`, without the unescaping when the literal has no escape to undo (the common
/// case): syn unescapes `char` by `char`, which is slow in the derive as `cargo check` builds
/// it (without optimizations), and every variant has a code and a template.
pub(crate) fn string_value(lit: &LitStr) -> String {
    let repr = lit.token().to_string();
    match repr
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(text) if !text.contains('\\') && !text.contains('\r') => text.to_owned(),
        _ => lit.value(),
    }
}

/// A header name is an RFC 9110 token.
fn check_header_name(lit: LitStr) -> syn::Result<LitStr> {
    let name = lit.value();
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`{name}` is not a valid HTTP header name; use letters, digits and `-`, such as `header = \"Retry-After\"`"
            ),
        ));
    }
    Ok(lit)
}

fn parse_message(key: &Key, span: Span, input: ParseStream) -> syn::Result<MessageAttr> {
    if input.peek(syn::token::Paren) {
        // message("...", args...)
        let content;
        syn::parenthesized!(content in input);
        let template = parse_template(&content, span)?;
        let args = if content.is_empty() {
            TokenStream::new()
        } else {
            content.parse::<Token![,]>()?;
            content.parse()?
        };
        return Ok(MessageAttr { template, args });
    }
    if let Some(template) = single_literal(input, as_plain_str) {
        return Ok(MessageAttr {
            template,
            args: TokenStream::new(),
        });
    }
    let tokens = value_tokens(key, span, input)?;
    let template = syn::parse2::<LitStr>(tokens.clone())
        .ok()
        .filter(|lit| lit.suffix().is_empty())
        .ok_or_else(|| {
            syn::Error::new_spanned(
                &tokens,
                "expected a string literal: `message = \"...{field}...\"`, or `message(\"...{}\", expr)` with arguments",
            )
        })?;
    Ok(MessageAttr {
        template,
        args: TokenStream::new(),
    })
}

fn parse_template(content: ParseStream, span: Span) -> syn::Result<LitStr> {
    if content.is_empty() {
        return Err(syn::Error::new(
            span,
            "`message(...)` needs a format string first: `message(\"...{}\", expr)`",
        ));
    }
    match content.parse::<LitStr>() {
        Ok(lit) if lit.suffix().is_empty() => Ok(lit),
        _ => Err(content.error("expected the format string first: `message(\"...{}\", expr)`")),
    }
}

/// `status = 409`, `status = CONFLICT` or `status = StatusCode::CONFLICT`.
fn parse_status(tokens: &TokenStream) -> syn::Result<u16> {
    let span = tokens_span(tokens);
    if let Ok(lit) = syn::parse2::<syn::LitInt>(tokens.clone()) {
        return status_of(&lit, span);
    }
    if let Ok(path) = syn::parse2::<syn::Path>(tokens.clone()) {
        let name = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        return match STATUS_CONSTANTS
            .iter()
            .find(|(_, constant)| *constant == name)
        {
            Some(&(code, _)) => check_status_range(code, span),
            None => Err(syn::Error::new(
                span,
                format!(
                    "unknown status constant `{name}`{}",
                    hint(
                        &name,
                        STATUS_CONSTANTS
                            .iter()
                            .filter(|(c, _)| (400..=599).contains(c))
                            .map(|(_, n)| *n),
                        "use a `http::StatusCode` constant name or a number, such as `status = 409`"
                    )
                ),
            )),
        };
    }
    if syn::parse2::<LitStr>(tokens.clone()).is_ok() {
        return Err(syn::Error::new(
            span,
            "status is a number, not a string: write `status = 409` without quotes",
        ));
    }
    Err(syn::Error::new(
        span,
        "expected a status: `status = 409` or `status = CONFLICT`",
    ))
}

/// The status an integer literal gives, reported at `span`.
fn status_of(lit: &syn::LitInt, span: Span) -> syn::Result<u16> {
    match lit.base10_parse::<u16>() {
        Ok(code) if lit.suffix().is_empty() => check_status_range(code, span),
        _ => Err(syn::Error::new(
            span,
            "status must be a plain integer in 400..=599, such as `status = 409`",
        )),
    }
}

fn check_status_range(code: u16, span: Span) -> syn::Result<u16> {
    if (400..=599).contains(&code) {
        Ok(code)
    } else {
        Err(syn::Error::new(
            span,
            format!(
                "status {code} is not an error status; use a status in 400..=599 (4xx for client errors, 5xx for server errors)"
            ),
        ))
    }
}

fn tokens_span(tokens: &TokenStream) -> Span {
    let mut iter = tokens.clone().into_iter();
    let first = iter.next().map_or_else(Span::call_site, |t| t.span());
    let last = iter.last().map_or(first, |t| t.span());
    first.join(last).unwrap_or(first)
}

/// `http::StatusCode`'s constants.
const STATUS_CONSTANTS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (103, "EARLY_HINTS"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
    (400, "BAD_REQUEST"),
    (401, "UNAUTHORIZED"),
    (402, "PAYMENT_REQUIRED"),
    (403, "FORBIDDEN"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (406, "NOT_ACCEPTABLE"),
    (407, "PROXY_AUTHENTICATION_REQUIRED"),
    (408, "REQUEST_TIMEOUT"),
    (409, "CONFLICT"),
    (410, "GONE"),
    (411, "LENGTH_REQUIRED"),
    (412, "PRECONDITION_FAILED"),
    (413, "PAYLOAD_TOO_LARGE"),
    (414, "URI_TOO_LONG"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (416, "RANGE_NOT_SATISFIABLE"),
    (417, "EXPECTATION_FAILED"),
    (418, "IM_A_TEAPOT"),
    (421, "MISDIRECTED_REQUEST"),
    (422, "UNPROCESSABLE_ENTITY"),
    (423, "LOCKED"),
    (424, "FAILED_DEPENDENCY"),
    (425, "TOO_EARLY"),
    (426, "UPGRADE_REQUIRED"),
    (428, "PRECONDITION_REQUIRED"),
    (429, "TOO_MANY_REQUESTS"),
    (431, "REQUEST_HEADER_FIELDS_TOO_LARGE"),
    (451, "UNAVAILABLE_FOR_LEGAL_REASONS"),
    (500, "INTERNAL_SERVER_ERROR"),
    (501, "NOT_IMPLEMENTED"),
    (502, "BAD_GATEWAY"),
    (503, "SERVICE_UNAVAILABLE"),
    (504, "GATEWAY_TIMEOUT"),
    (505, "HTTP_VERSION_NOT_SUPPORTED"),
    (506, "VARIANT_ALSO_NEGOTIATES"),
    (507, "INSUFFICIENT_STORAGE"),
    (508, "LOOP_DETECTED"),
    (510, "NOT_EXTENDED"),
    (511, "NETWORK_AUTHENTICATION_REQUIRED"),
];

#[cfg(test)]
mod tests {
    use super::string_value;
    use proptest::prelude::*;
    use syn::LitStr;

    #[test]
    fn string_value_is_what_syn_reads() {
        for source in [
            r#""""#,
            r#""plain {field} text""#,
            r#""escapes \" \\ \n \t \0 \u{1F980}""#,
            r#""a line \
                continued""#,
            r#"r"raw \n stays""#,
            r##"r#"raw "quoted" text"#"##,
            r#""é, 日本語, 🦀""#,
        ] {
            let lit: LitStr = syn::parse_str(source).expect(source);
            assert_eq!(string_value(&lit), lit.value(), "{source}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn string_value_of_any_literal_is_what_syn_reads(text in any::<String>()) {
            let lit = LitStr::new(&text, proc_macro2::Span::call_site());
            prop_assert_eq!(string_value(&lit), lit.value());
            prop_assert_eq!(string_value(&lit), text);
        }
    }
}
