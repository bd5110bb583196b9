//! Message templates: `"...{field}...{0:?}...{{"` plus extra arguments, checked against the
//! variant's fields and rewritten so the generated `write!` reads fields through bindings.
//!
//! `{name}` and `{0}` (tuple variants) become `{__field_name}` / `{__field_0}`, locals that the
//! generated `match` binds; `.field` in extra arguments becomes the same local. Everything else
//! (format specs, escapes, the arguments' types) is left to rustc, which checks the rewritten
//! string at the template's span.

use std::fmt::Write as _;

use proc_macro2::{Group, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::LitStr;

use crate::attr::MessageAttr;
use crate::names;
use crate::suggest::did_you_mean;

/// A checked, rewritten message.
pub(crate) struct Message {
    /// The template as written; its span gets rustc's errors.
    pub template: LitStr,
    /// The template's text, for the catalog: read once (`LitStr::value` unescapes it anew on
    /// every call).
    pub text: String,
    /// The rewritten format string, for `format_args!` at the template's span.
    pub format: String,
    /// The rewritten extra arguments, each followed by a comma.
    pub args: TokenStream,
    /// Fields the message reads, by index into the variant's fields, without repeats.
    pub uses: Vec<FieldUse>,
    /// The text itself when there is nothing to interpolate: written with `write_str`.
    pub plain: Option<String>,
    /// Text and field placeholders in order, when the message has no extra arguments and no
    /// width or precision taken from a field: the derive can then write the text pre-escaped
    /// and format only the fields.
    pub segments: Option<Vec<Segment>>,
}

/// A piece of a message the derive writes into JSON on its own.
pub(crate) enum Segment {
    Text(String),
    /// A field, by index into the variant's fields, and the format spec it is written with
    /// (`>8.2`, `?`, or empty).
    Field {
        field: usize,
        spec: String,
    },
}

/// A field the message reads, and the formatting trait a placeholder needs from it.
pub(crate) struct FieldUse {
    pub field: usize,
    /// `None` for a field used only inside an extra argument (no bound can be inferred).
    pub bound: Option<FmtTrait>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FmtTrait {
    Display,
    Debug,
    LowerHex,
    UpperHex,
    Octal,
    Binary,
    LowerExp,
    UpperExp,
    Pointer,
}

impl FmtTrait {
    pub(crate) fn name(self) -> &'static str {
        match self {
            FmtTrait::Display => "Display",
            FmtTrait::Debug => "Debug",
            FmtTrait::LowerHex => "LowerHex",
            FmtTrait::UpperHex => "UpperHex",
            FmtTrait::Octal => "Octal",
            FmtTrait::Binary => "Binary",
            FmtTrait::LowerExp => "LowerExp",
            FmtTrait::UpperExp => "UpperExp",
            FmtTrait::Pointer => "Pointer",
        }
    }

    /// The trait a format spec such as `>8.2x?` asks for: read from its last characters.
    fn from_spec(spec: &str) -> Self {
        if spec.ends_with('?') {
            return FmtTrait::Debug;
        }
        match spec.chars().last() {
            Some('x') => FmtTrait::LowerHex,
            Some('X') => FmtTrait::UpperHex,
            Some('o') => FmtTrait::Octal,
            Some('b') => FmtTrait::Binary,
            Some('e') => FmtTrait::LowerExp,
            Some('E') => FmtTrait::UpperExp,
            Some('p') => FmtTrait::Pointer,
            _ => FmtTrait::Display,
        }
    }
}

/// The fields a template may name.
pub(crate) struct Fields<'a> {
    /// Field names without `r#` (`"0"`, `"1"`, ... for tuple fields).
    pub names: &'a [String],
    pub is_tuple: bool,
    /// The variant's name, for messages.
    pub variant: &'a str,
}

/// What shorthand rewriting needs: the fields, and the template whose hygiene bindings take.
struct Scope<'a> {
    fields: &'a Fields<'a>,
    template: &'a LitStr,
}

enum Piece {
    Text(String),
    Placeholder { arg: Arg, spec: String },
}

enum Arg {
    /// `{}`: the next positional argument.
    Next,
    Index(usize),
    Name(String),
}

pub(crate) fn parse(attr: &MessageAttr, fields: &Fields) -> syn::Result<Message> {
    let template = attr.template.clone();
    let text = crate::attr::string_value(&template);
    let pieces = scan(&text).map_err(|msg| syn::Error::new(template.span(), msg))?;
    let mut uses = Vec::new();
    let extra = rewrite_args(
        attr.args.clone(),
        &Scope {
            fields,
            template: &template,
        },
        &mut uses,
    )?;

    let mut format = String::new();
    let mut implicit = 0;
    let mut has_placeholder = false;
    let mut segments = extra.tokens.is_empty().then(Vec::new);
    for piece in &pieces {
        match piece {
            Piece::Text(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                if let Some(segments) = &mut segments {
                    segments.push(Segment::Text(text.clone()));
                }
            }
            Piece::Placeholder { arg, spec } => {
                has_placeholder = true;
                if spec.contains(".*") {
                    // `{:.*}` takes its precision from the next positional argument.
                    implicit += 1;
                }
                let (arg, field) = resolve(arg, spec, fields, &extra, &mut implicit, &mut uses)
                    .map_err(|msg| syn::Error::new(template.span(), msg))?;
                let spec = rewrite_spec(spec, fields, &mut uses);
                match (field, &mut segments) {
                    (Some(field), Some(segments)) if !spec.contains('$') => {
                        segments.push(Segment::Field {
                            field,
                            spec: spec.clone(),
                        });
                    }
                    // A width from a field, or an extra argument: `core::fmt` writes it all.
                    _ => segments = None,
                }
                if spec.is_empty() {
                    let _ = write!(format, "{{{arg}}}");
                } else {
                    let _ = write!(format, "{{{arg}:{spec}}}");
                }
            }
        }
    }
    let plain = (!has_placeholder && extra.tokens.is_empty()).then(|| {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.as_str(),
                Piece::Placeholder { .. } => "",
            })
            .collect()
    });
    Ok(Message {
        format,
        template,
        text,
        args: extra.tokens,
        uses,
        plain,
        segments,
    })
}

/// Splits a format string into text and placeholders, or says what is malformed.
fn scan(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '}' => return Err("unmatched `}` in message; write `}}` for a literal `}`".to_owned()),
            '{' => {
                let mut inside = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err("unclosed `{` in message; close the placeholder with `}`, or write `{{` for a literal `{`".to_owned());
                        }
                        Some(c) => inside.push(c),
                    }
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(placeholder(&inside)?);
            }
            _ => text.push(ch),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

fn placeholder(inside: &str) -> Result<Piece, String> {
    let (arg, spec) = inside.split_once(':').unwrap_or((inside, ""));
    let arg = arg.trim();
    let arg = if arg.is_empty() {
        Arg::Next
    } else if arg.bytes().all(|b| b.is_ascii_digit()) {
        Arg::Index(
            arg.parse()
                .map_err(|_| format!("`{{{arg}}}` is not a valid index"))?,
        )
    } else if is_identifier(arg) {
        Arg::Name(arg.strip_prefix("r#").unwrap_or(arg).to_owned())
    } else {
        return Err(format!(
            "invalid placeholder `{{{inside}}}`; name a field as `{{field}}`, `{{field:?}}` or `{{0}}`, and compute other values in `message(\"...{{}}\", expr)`"
        ));
    };
    Ok(Piece::Placeholder {
        arg,
        spec: spec.to_owned(),
    })
}

fn is_identifier(text: &str) -> bool {
    let text = text.strip_prefix("r#").unwrap_or(text);
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// Rewrites a placeholder's argument, recording the field it reads.
fn resolve(
    arg: &Arg,
    spec: &str,
    fields: &Fields,
    extra: &ExtraArgs,
    implicit: &mut usize,
    uses: &mut Vec<FieldUse>,
) -> Result<(String, Option<usize>), String> {
    let variant = fields.variant;
    let bound = Some(FmtTrait::from_spec(spec));
    match arg {
        Arg::Next => {
            if *implicit >= extra.positional {
                return Err(format!(
                    "the message has more `{{}}` placeholders than arguments; name a field as `{{field}}`{}, or pass a value: `message(\"...{{}}\", expr)`",
                    if fields.is_tuple { " or `{0}`" } else { "" }
                ));
            }
            *implicit += 1;
            Ok((String::new(), None))
        }
        Arg::Index(index) if fields.is_tuple => {
            if extra.positional > 0 {
                return Err(format!(
                    "`{{{index}}}` is ambiguous: in a tuple variant it names field {index}, but the message also has positional arguments; name those arguments (`message(\"...{{n}}\", n = expr)`)"
                ));
            }
            if *index >= fields.names.len() {
                return Err(format!(
                    "positional index out of range: `{variant}` has {} field{}, so `{{0}}` to `{{{}}}` are valid",
                    fields.names.len(),
                    if fields.names.len() == 1 { "" } else { "s" },
                    fields.names.len().saturating_sub(1),
                ));
            }
            record(uses, *index, bound);
            Ok((names::field(&index.to_string()).to_string(), Some(*index)))
        }
        Arg::Index(index) => {
            if *index >= extra.positional {
                return Err(if fields.names.is_empty() {
                    format!(
                        "positional index out of range: `{variant}` has no fields and the message no argument {index}"
                    )
                } else {
                    format!(
                        "positional index out of range: the message has no argument {index}; name a field as `{{{}}}`",
                        fields.names[0]
                    )
                });
            }
            Ok((index.to_string(), None))
        }
        Arg::Name(name) => {
            if let Some(index) = fields
                .names
                .iter()
                .position(|field| field == name)
                .filter(|_| !fields.is_tuple)
            {
                record(uses, index, bound);
                return Ok((names::field(name).to_string(), Some(index)));
            }
            if extra.named.contains(name) {
                return Ok((name.clone(), None));
            }
            Err(unknown_field(name, fields))
        }
    }
}

fn unknown_field(name: &str, fields: &Fields) -> String {
    let variant = fields.variant;
    if fields.names.is_empty() {
        return format!("`{variant}` has no field `{name}`: it has no fields at all");
    }
    if fields.is_tuple {
        return format!(
            "`{variant}` has no field `{name}`; its fields are unnamed: write `{{0}}`{}",
            if fields.names.len() > 1 {
                " or `{1}`, ..."
            } else {
                ""
            }
        );
    }
    let hint = did_you_mean(name, fields.names.iter().map(String::as_str));
    if hint.is_empty() {
        let list: Vec<String> = fields.names.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "`{variant}` has no field `{name}`; its fields are {}",
            list.join(", ")
        )
    } else {
        format!("`{variant}` has no field `{name}`{hint}")
    }
}

fn record(uses: &mut Vec<FieldUse>, field: usize, bound: Option<FmtTrait>) {
    let duplicate = uses.iter().any(|u| u.field == field && u.bound == bound);
    if !duplicate {
        uses.push(FieldUse { field, bound });
    }
}

/// Rewrites `name$` (a width or precision taken from a field) inside a format spec.
fn rewrite_spec(spec: &str, fields: &Fields, uses: &mut Vec<FieldUse>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for ch in spec.chars() {
        if ch == '_' || ch.is_alphanumeric() {
            word.push(ch);
            continue;
        }
        if ch == '$' {
            let index = fields.names.iter().position(|name| *name == word);
            if let Some(index) =
                index.filter(|_| !fields.is_tuple || word.bytes().all(|b| b.is_ascii_digit()))
            {
                record(uses, index, None);
                word = names::field(&word).to_string();
            }
        }
        out.push_str(&word);
        word.clear();
        out.push(ch);
    }
    out.push_str(&word);
    out
}

/// Extra arguments after the template, with `.field` rewritten.
struct ExtraArgs {
    tokens: TokenStream,
    positional: usize,
    named: Vec<String>,
}

fn rewrite_args(
    args: TokenStream,
    scope: &Scope,
    uses: &mut Vec<FieldUse>,
) -> syn::Result<ExtraArgs> {
    let mut extra = ExtraArgs {
        tokens: TokenStream::new(),
        positional: 0,
        named: Vec::new(),
    };
    for arg in split_commas(args) {
        if arg.is_empty() {
            continue;
        }
        match (&arg[0], arg.get(1)) {
            (TokenTree::Ident(name), Some(TokenTree::Punct(eq)))
                if eq.as_char() == '=' && eq.spacing() == Spacing::Alone =>
            {
                extra.named.push(name.to_string());
            }
            _ => {
                if !extra.named.is_empty() {
                    return Err(syn::Error::new(
                        arg[0].span(),
                        "positional arguments must come before named ones: `message(\"{} {n}\", expr, n = expr)`",
                    ));
                }
                extra.positional += 1;
            }
        }
        extra.tokens.extend(rewrite_shorthand(arg, scope, uses)?);
        extra
            .tokens
            .extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    }
    Ok(extra)
}

fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut args = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => args.push(Vec::new()),
            _ => args.last_mut().expect("never empty").push(token),
        }
    }
    args
}

/// Rewrites `.field` / `.0` (a dot that does not follow an operand) into the field's binding.
fn rewrite_shorthand(
    tokens: Vec<TokenTree>,
    scope: &Scope,
    uses: &mut Vec<FieldUse>,
) -> syn::Result<TokenStream> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        let follows_operand = match out.last() {
            Some(TokenTree::Ident(_) | TokenTree::Literal(_) | TokenTree::Group(_)) => true,
            // The second dot of `..` is not a shorthand.
            Some(TokenTree::Punct(p)) => p.as_char() == '.',
            None => false,
        };
        match token {
            TokenTree::Punct(dot)
                if dot.as_char() == '.' && dot.spacing() == Spacing::Alone && !follows_operand =>
            {
                match iter.peek() {
                    Some(TokenTree::Ident(ident)) => {
                        let name = ident.to_string();
                        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                        let span = ident.span();
                        iter.next();
                        out.push(field_ref(&name, span, dot.span(), scope, uses)?);
                    }
                    Some(TokenTree::Literal(literal)) => {
                        // `.0`, or `.0.1` which lexes as the float `0.1`.
                        let text = literal.to_string();
                        let (first, rest) = text.split_once('.').unwrap_or((&text, ""));
                        if !first.bytes().all(|b| b.is_ascii_digit())
                            || !rest.bytes().all(|b| b.is_ascii_digit())
                        {
                            out.push(TokenTree::Punct(dot));
                            continue;
                        }
                        let span = literal.span();
                        let first = first.to_owned();
                        let rest = rest.to_owned();
                        iter.next();
                        out.push(field_ref(&first, span, dot.span(), scope, uses)?);
                        if !rest.is_empty() {
                            out.push(TokenTree::Punct(Punct::new('.', Spacing::Alone)));
                            let mut index = Literal::usize_unsuffixed(rest.parse().unwrap_or(0));
                            index.set_span(span);
                            out.push(TokenTree::Literal(index));
                        }
                    }
                    _ => out.push(TokenTree::Punct(dot)),
                }
            }
            TokenTree::Group(group) => {
                let inner = rewrite_shorthand(group.stream().into_iter().collect(), scope, uses)?;
                let mut rewritten = Group::new(group.delimiter(), inner);
                rewritten.set_span(group.span());
                out.push(TokenTree::Group(rewritten));
            }
            other => out.push(other),
        }
    }
    Ok(out.into_iter().collect())
}

fn field_ref(
    name: &str,
    span: Span,
    dot: Span,
    scope: &Scope,
    uses: &mut Vec<FieldUse>,
) -> syn::Result<TokenTree> {
    let span = dot.join(span).unwrap_or(span);
    let Some(index) = scope.fields.names.iter().position(|field| field == name) else {
        return Err(syn::Error::new(
            span,
            format!("`.{name}`: {}", unknown_field(name, scope.fields)),
        ));
    };
    record(uses, index, None);
    // Resolved like the pattern that binds it, but pointing at the user's `.field` for errors.
    let mut ident = names::field_resolved_at(name, scope.template.span());
    ident.set_span(ident.span().located_at(span));
    Ok(TokenTree::Ident(ident))
}

#[cfg(test)]
mod tests {
    use super::{Fields, MessageAttr, parse};
    use proc_macro2::TokenStream;
    use quote::quote;

    fn check(
        template: &str,
        args: TokenStream,
        names: &[&str],
        is_tuple: bool,
    ) -> Result<(String, String), String> {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let fields = Fields {
            names: &names,
            is_tuple,
            variant: "V",
        };
        let attr = MessageAttr {
            template: syn::LitStr::new(template, proc_macro2::Span::call_site()),
            args,
        };
        parse(&attr, &fields)
            .map(|m| (m.format.clone(), m.args.to_string()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn rewrites_fields_and_keeps_specs() {
        let (format, _) = check("{a} {b:?} {a:>8.2} {{x}}", quote!(), &["a", "b"], false).unwrap();
        assert_eq!(format, "{__field_a} {__field_b:?} {__field_a:>8.2} {{x}}");
        let (format, _) = check("{0}-{1:#x}", quote!(), &["0", "1"], true).unwrap();
        assert_eq!(format, "{__field_0}-{__field_1:#x}");
        let (format, _) = check("{a:>w$}", quote!(), &["a", "w"], false).unwrap();
        assert_eq!(format, "{__field_a:>__field_w$}");
    }

    #[test]
    fn rewrites_shorthand_in_arguments() {
        let (format, args) =
            check("{} {n}", quote!(.a.len(), n = .b + 1), &["a", "b"], false).unwrap();
        assert_eq!(format, "{} {n}");
        assert_eq!(args, "__field_a . len () , n = __field_b + 1 ,");
        let (_, args) = check("{}", quote!(x..y), &["x"], false).unwrap();
        assert_eq!(args, "x .. y ,");
    }

    #[test]
    fn reports_mistakes() {
        assert!(
            check("{nope}", quote!(), &["a"], false)
                .unwrap_err()
                .contains("has no field `nope`")
        );
        assert!(
            check("{2}", quote!(), &["0"], true)
                .unwrap_err()
                .contains("positional index out of range")
        );
        assert!(
            check("{", quote!(), &[], false)
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(
            check("}", quote!(), &[], false)
                .unwrap_err()
                .contains("unmatched")
        );
        assert!(
            check("{}", quote!(), &["a"], false)
                .unwrap_err()
                .contains("more `{}` placeholders")
        );
        assert!(
            check("{a.b}", quote!(), &["a"], false)
                .unwrap_err()
                .contains("invalid placeholder")
        );
        assert!(
            check("{0}", quote!(1), &["0"], true)
                .unwrap_err()
                .contains("ambiguous")
        );
        assert!(
            check("{}", quote!(.zz), &["a"], false)
                .unwrap_err()
                .contains("no field `zz`")
        );
    }
}
