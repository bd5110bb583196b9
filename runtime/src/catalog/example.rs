//! Example bodies from metadata alone: a stand-in error whose message is the template (with
//! `{field}` placeholders) and whose members are sample values of their Rust types, rendered
//! by the real format so the example has exactly the format's shape.

use core::fmt;

use http::HeaderMap;
use serde::ser::{Serialize, Serializer};

use super::{Catalog, FieldRole, VariantMeta};
use crate::format::BuiltinFormat;
use crate::headers::HeaderError;
use crate::json::{JsonObject, RenderError};
use crate::locale::Translation;
use crate::violation::Violation;
use crate::{ApiError, ErrorResponse};

/// The body a variant's response has, in `format`, with placeholders for its values.
///
/// # Examples
///
/// ```
/// use apifault::{ApiError, BuiltinFormat};
/// use apifault::catalog::example_body;
///
/// #[derive(Debug, ApiError)]
/// #[api(rename_all = "camelCase")]
/// enum ConnectError {
///     #[api(status = 409, code = "ConcurrentModification", message = "Expected: {expected_version:?}")]
///     ConcurrentModification { expected_version: i64 },
/// }
///
/// let meta = ConnectError::catalog().find("ConcurrentModification").unwrap();
/// assert_eq!(
///     example_body(meta, BuiltinFormat::Errors),
///     r#"{"statusCode":409,"message":"Expected: {expected_version}","errors":[{"code":"ConcurrentModification","message":"Expected: {expected_version}","expectedVersion":0}]}"#
/// );
/// ```
#[must_use]
pub fn example_body(meta: &'static VariantMeta, format: BuiltinFormat) -> String {
    example_body_in(meta, format, None)
}

/// The example body with the message and title of `translation`, where it gives them.
pub(crate) fn example_body_in(
    meta: &'static VariantMeta,
    format: BuiltinFormat,
    translation: Option<&'static Translation>,
) -> String {
    let has_violations = meta
        .fields()
        .any(|field| field.role() == FieldRole::Violations);
    let example = Example {
        meta,
        translation,
        violations: if has_violations {
            vec![Violation::new("field", "why the value is not valid")]
        } else {
            Vec::new()
        },
    };
    let mut body = Vec::new();
    match ErrorResponse::new(example).render_as(&format, &mut body) {
        // Samples are plain JSON values and the template is plain text: rendering cannot fail.
        Ok(()) => String::from_utf8(body).unwrap_or_default(),
        Err(error) => format!("(cannot render an example: {error})"),
    }
}

/// A message template as clients read it in documentation: `{{` as `{`, and each placeholder
/// as `{name}` without its format spec.
///
/// ```
/// use apifault::catalog::template_for_docs;
///
/// assert_eq!(template_for_docs("id {0:?}, {{literal}} {name:>8}"), "id {0}, {literal} {name}");
/// ```
#[must_use]
pub fn template_for_docs(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                out.push('{');
                let mut in_spec = false;
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                    in_spec |= inner == ':';
                    if !in_spec {
                        out.push(inner);
                    }
                }
                out.push('}');
            }
            other => out.push(other),
        }
    }
    out
}

/// The stand-in error.
struct Example {
    meta: &'static VariantMeta,
    /// The locale's message and title, for a reference in another language.
    translation: Option<&'static Translation>,
    violations: Vec<Violation>,
}

impl ApiError for Example {
    fn metadata(&self) -> &'static VariantMeta {
        self.meta
    }

    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(message) = self.translation.and_then(Translation::message) {
            return f.write_str(message);
        }
        match self.meta.message_template() {
            Some(template) => f.write_str(&template_for_docs(template)),
            None => f.write_str(self.meta.title()),
        }
    }

    fn title(&self) -> &'static str {
        self.translation
            .and_then(Translation::title)
            .unwrap_or_else(|| self.meta.title())
    }

    fn catalog() -> Catalog {
        Catalog {
            type_name: "Example",
            description: "",
            default_format: BuiltinFormat::Problem,
            variants: &[],
            transparent: &[],
        }
    }

    fn write_members(&self, object: &mut JsonObject<'_>) -> Result<(), RenderError> {
        for field in self.meta.fields() {
            if let (FieldRole::Member, Some(wire_name)) = (field.role(), field.wire_name()) {
                object.member(wire_name, &Sample(field.type_name()))?;
            }
        }
        Ok(())
    }

    fn violations(&self) -> &[Violation] {
        &self.violations
    }

    fn write_headers(&self, _: &mut HeaderMap) -> Result<(), HeaderError> {
        Ok(())
    }
}

/// A sample JSON value for a Rust type, by its name: `0` for integers, `"string"` for
/// strings, the inner type's sample for `Option` and `Box`, `[]` for lists, `{}` otherwise.
struct Sample<'a>(&'a str);

impl Serialize for Sample<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = self
            .0
            .trim()
            .trim_start_matches('&')
            .trim_start_matches("'static ")
            .trim();
        let last = name.rsplit("::").next().unwrap_or(name);
        let (outer, inner) = match last.split_once('<') {
            Some((outer, rest)) => (outer, rest.strip_suffix('>').unwrap_or(rest)),
            None => (last, ""),
        };
        match outer {
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
            | "u128" | "usize" => serializer.serialize_u8(0),
            "f32" | "f64" => serializer.serialize_f64(0.0),
            "bool" => serializer.serialize_bool(false),
            "str" | "String" | "char" | "Cow" => serializer.serialize_str("string"),
            "Option" | "Box" | "Arc" | "Rc" => Sample(inner).serialize(serializer),
            "Vec" | "VecDeque" | "BTreeSet" | "HashSet" => {
                serializer.collect_seq(core::iter::empty::<()>())
            }
            "Value" => serializer.serialize_unit(),
            _ if name.starts_with('[') => serializer.collect_seq(core::iter::empty::<()>()),
            _ => serializer.collect_map(core::iter::empty::<((), ())>()),
        }
    }
}
