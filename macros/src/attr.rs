//! Phase 1: parse `#[api(...)]`, doc comments and thiserror's field markers on one node.
//!
//! Parsers never return early: every problem goes into the [`Ctxt`] and parsing carries on with
//! the next key, so one build reports every bad attribute.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::ParseStream;
use syn::spanned::Spanned as _;
use syn::{Attribute, LitStr, Token};

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

/// Every key, the positions that accept it, and how its value is written.
struct Key {
    name: &'static str,
    kind: Kind,
    places: Places,
}

/// The positions a key is accepted at.
#[derive(Clone, Copy)]
struct Places {
    container: bool,
    variant: bool,
    field: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `key = "..."`
    Str,
    /// `key` alone
    Flag,
    /// `status = 409` or `status = CONFLICT`
    Status,
    /// `message = "..."` or `message("...", args)`
    Message,
}

const fn key(name: &'static str, kind: Kind, places: Places) -> Key {
    Key { name, kind, places }
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

const KEYS: &[Key] = &[
    key("format", Kind::Str, CONTAINER),
    key("rename_all", Kind::Str, CONTAINER),
    key("code_case", Kind::Str, CONTAINER),
    key("type_base", Kind::Str, CONTAINER),
    key("display", Kind::Flag, CONTAINER),
    key("status", Kind::Status, CONTAINER_AND_VARIANT),
    key("code", Kind::Str, VARIANT),
    key("message", Kind::Message, VARIANT),
    key("title", Kind::Str, VARIANT),
    key("type", Kind::Str, VARIANT),
    key("resolution", Kind::Str, VARIANT),
    key("transparent", Kind::Flag, VARIANT),
    key("expose", Kind::Flag, VARIANT_AND_FIELD),
    key("no_decode", Kind::Flag, VARIANT),
    key("skip", Kind::Flag, FIELD),
    key("rename", Kind::Str, FIELD),
    key("header", Kind::Str, FIELD),
    key("headers", Kind::Flag, FIELD),
    key("violations", Kind::Flag, FIELD),
    key("flatten", Kind::Flag, FIELD),
];

/// Every key `#[api(...)]` knows: the generated inputs of the macro's property test and of
/// `fuzz/`'s `derive` target start from it, so a new key is fuzzed without being listed twice.
#[cfg_attr(not(test), allow(dead_code, reason = "read by the tests and by fuzz/"))]
pub(crate) fn key_names() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|key| key.name)
}

/// A built-in wire format that `format = "..."` may name: its name, its `BuiltinFormat`
/// variant in the runtime, and the members it writes itself, which an extra field may not
/// repeat. The one list of them in the macro.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Format {
    pub name: &'static str,
    /// The runtime's `BuiltinFormat` variant.
    pub variant: &'static str,
    /// The members it writes into an error object (problem+json: the top-level object).
    pub members: &'static [&'static str],
    /// The members it also writes into the object of a violation, when the variant has some.
    pub violation_members: &'static [&'static str],
}

pub(crate) const FORMATS: &[Format] = &[
    Format {
        name: "errors",
        variant: "Errors",
        members: &["code", "message"],
        violation_members: &["field"],
    },
    Format {
        name: "problem",
        variant: "Problem",
        members: &[
            "type",
            "title",
            "status",
            "detail",
            "instance",
            "request_id",
            "invalid_parameters",
            "errors",
        ],
        violation_members: &[],
    },
    Format {
        name: "envelope",
        variant: "Envelope",
        members: &["code", "message", "details"],
        violation_members: &[],
    },
    Format {
        name: "detail",
        variant: "Detail",
        members: &[],
        violation_members: &[],
    },
];

/// The format without `format = "..."`.
pub(crate) const DEFAULT_FORMAT: Format = FORMATS[1];

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
    pub status: Option<u16>,
    pub code: Option<LitStr>,
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
    pub keys: Vec<(&'static str, Span)>,
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
                doc_lines.push(line.value());
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
        let name = meta.path.get_ident().map_or_else(
            || meta.path.to_token_stream().to_string().replace(' ', ""),
            ToString::to_string,
        );
        let span = meta.path.span();
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
        if parsed.keys.iter().any(|(seen, _)| *seen == key.name) {
            cx.error_at(span, format!("duplicate key `{name}`; give it once"));
            return skip_value(meta.input);
        }
        parsed.keys.push((key.name, span));
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
            format!("`{}` needs a value: {}", key.name, example(key)),
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
            format!("`{}` needs a value: {}", key.name, example(key)),
        ));
    }
    Ok(tokens)
}

fn example(key: &Key) -> String {
    match key.kind {
        Kind::Status => "`status = 409` or `status = CONFLICT`".to_owned(),
        Kind::Message => "`message = \"...{field}...\"`".to_owned(),
        Kind::Flag => format!("`{}`", key.name),
        Kind::Str => match key.name {
            "format" => "`format = \"problem\"`".to_owned(),
            "rename_all" | "code_case" => format!("`{} = \"camelCase\"`", key.name),
            "header" => "`header = \"Retry-After\"`".to_owned(),
            "type_base" => "`type_base = \"https://errors.example.com/\"`".to_owned(),
            name => format!("`{name} = \"...\"`"),
        },
    }
}

fn parse_value(key: &Key, span: Span, input: ParseStream, parsed: &mut Attrs) -> syn::Result<()> {
    match key.kind {
        Kind::Flag => {
            let slot = match key.name {
                "display" => &mut parsed.display,
                "transparent" => &mut parsed.transparent,
                "expose" => &mut parsed.expose,
                "no_decode" => &mut parsed.no_decode,
                "skip" => &mut parsed.skip,
                "headers" => &mut parsed.headers,
                "violations" => &mut parsed.violations,
                "flatten" => &mut parsed.flatten,
                _ => unreachable!("flag keys are listed above"),
            };
            // Set even when a value follows, so that the intent counts and no error cascades.
            *slot = Some(span);
            if !input.is_empty() && !input.peek(Token![,]) {
                let rest: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    rest,
                    format!("`{0}` takes no value; write `{0}` alone", key.name),
                ));
            }
        }
        Kind::Status => parsed.status = Some(parse_status(&value_tokens(key, span, input)?)?),
        Kind::Message => parsed.message = Some(parse_message(key, span, input)?),
        Kind::Str => {
            let lit = parse_str(key, &value_tokens(key, span, input)?)?;
            match key.name {
                "format" => parsed.format = Some(parse_format(&lit)?),
                "rename_all" => parsed.rename_all = Some(parse_rule(&lit)?),
                "code_case" => parsed.code_case = Some(parse_rule(&lit)?),
                "type_base" => parsed.type_base = Some(non_empty(key, lit)?),
                "code" => parsed.code = Some(check_code(lit)?),
                "title" => parsed.title = Some(non_empty(key, lit)?),
                "type" => parsed.type_uri = Some(non_empty(key, lit)?),
                "resolution" => parsed.resolution = Some(non_empty(key, lit)?),
                "rename" => parsed.rename = Some(non_empty(key, lit)?),
                "header" => parsed.header = Some(check_header_name(lit)?),
                _ => unreachable!("string keys are listed above"),
            }
        }
    }
    Ok(())
}

fn parse_str(key: &Key, tokens: &TokenStream) -> syn::Result<LitStr> {
    // Through syn, so a literal passed in by a `macro_rules!` (wrapped in an invisible group)
    // is accepted too.
    match syn::parse2::<LitStr>(tokens.clone()) {
        Ok(lit) if lit.suffix().is_empty() => Ok(lit),
        _ => Err(syn::Error::new_spanned(
            tokens,
            format!("expected a string literal: {}", example(key)),
        )),
    }
}

fn non_empty(key: &Key, lit: LitStr) -> syn::Result<LitStr> {
    if lit.value().trim().is_empty() {
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
    if let Some(format) = FORMATS.iter().find(|format| format.name == name) {
        return Ok(*format);
    }
    let names: Vec<String> = FORMATS
        .iter()
        .map(|format| format!("`{}`", format.name))
        .collect();
    let (last, rest) = names.split_last().expect("FORMATS is not empty");
    Err(syn::Error::new(
        lit.span(),
        format!(
            "unknown format `{name}`{}",
            hint(
                &name,
                FORMATS.iter().map(|format| format.name),
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
fn check_code(lit: LitStr) -> syn::Result<LitStr> {
    let code = lit.value();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(syn::Error::new(
            lit.span(),
            "a code must be non-empty visible ASCII without spaces, such as `code = \"ResourceNotFound\"`",
        ));
    }
    Ok(lit)
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
        return match lit.base10_parse::<u16>() {
            Ok(code) if lit.suffix().is_empty() => check_status_range(code, span),
            _ => Err(syn::Error::new(
                span,
                "status must be a plain integer in 400..=599, such as `status = 409`",
            )),
        };
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
