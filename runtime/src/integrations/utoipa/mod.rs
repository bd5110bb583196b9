//! utoipa: OpenAPI documentation of the errors, from the same enum.
//!
//! Every derived type implements `utoipa::IntoResponses`: one response per status, whose
//! schema lists the variants sharing that status (one schema each, with the variant's code,
//! status and fields) and whose examples are each variant's example body, by code, under the
//! format's content type. Variants sharing a status no longer collapse into one.
//!
//! ```
//! use apifault::ApiError;
//! use utoipa::IntoResponses;
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = "errors")]
//! enum ConnectError {
//!     #[api(status = 400, code = "InvalidJsonInput")]
//!     InvalidJsonInput,
//!     #[api(status = 400, code = "InvalidQueryParam")]
//!     InvalidQueryParam,
//!     #[api(status = 404, code = "ResourceNotFound")]
//!     NotFound,
//! }
//!
//! let responses = ConnectError::responses();
//! assert_eq!(responses.keys().collect::<Vec<_>>(), ["400", "404"]);
//! let json = serde_json::to_value(&responses["400"]).unwrap();
//! let content = &json["content"]["application/json"];
//! assert_eq!(content["schema"]["oneOf"].as_array().unwrap().len(), 2);
//! assert!(content["examples"]["InvalidQueryParam"]["value"].is_object());
//! ```

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{RefOr, Response};

use crate::catalog::{Catalog, FieldRole, VariantMeta, example_body, template_for_docs};
use crate::format::{BuiltinFormat, Format};

#[cfg(feature = "contract-test")]
pub mod contract;
pub(crate) mod docs;
#[cfg(feature = "contract-test")]
use docs::UNMATCHED_EXTENSION;
pub use docs::{
    EdgeResponses, ErrorComponents, Errors, Example, Variants, edge_response_name, schemas,
};

/// Whether the bodies of one status exclude each other, so `oneOf` is true: they do when each
/// names its code (errors, envelope) or, in problem+json, its problem type (`type_uris`);
/// otherwise (FastAPI's bodies, problems without type URIs) only `anyOf` is.
pub(crate) fn distinct<'a>(
    format: BuiltinFormat,
    mut type_uris: impl Iterator<Item = Option<&'a str>>,
) -> bool {
    format.description().names_code
        || (format == BuiltinFormat::Problem && type_uris.all(|uri| uri.is_some()))
}

/// The responses of a catalog's type: what the derived `IntoResponses::responses` returns.
#[must_use]
pub fn responses(catalog: &Catalog) -> BTreeMap<String, RefOr<Response>> {
    responses_for(catalog, |_| true)
}

/// The responses of the variants an operation can answer with, for one route's docs.
///
/// ```
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// enum KonnectError {
///     #[api(status = 404, code = "not-found")]
///     NotFound,
///     #[api(status = 409, code = "conflict")]
///     Conflict,
/// }
///
/// let catalog = KonnectError::catalog();
/// let show = apifault::utoipa::responses_for(&catalog, |v| v.code() == "not-found");
/// assert_eq!(show.keys().collect::<Vec<_>>(), ["404"]);
/// ```
#[must_use]
pub fn responses_for(
    catalog: &Catalog,
    wanted: impl Fn(&VariantMeta) -> bool,
) -> BTreeMap<String, RefOr<Response>> {
    let format = catalog.default_format();
    let mut by_status: BTreeMap<u16, Vec<&'static VariantMeta>> = BTreeMap::new();
    for variant in catalog.variants().filter(|variant| wanted(variant)) {
        by_status
            .entry(variant.status().as_u16())
            .or_default()
            .push(variant);
    }
    by_status
        .into_iter()
        .map(|(status, variants)| (status.to_string(), RefOr::T(response(format, &variants))))
        .collect()
}

fn response(format: BuiltinFormat, variants: &[&'static VariantMeta]) -> Response {
    let schemas: Vec<Value> = variants
        .iter()
        .map(|variant| variant_schema(format, variant))
        .collect();
    let distinct = distinct(format, variants.iter().map(|v| v.type_uri()));
    let schema = match schemas.as_slice() {
        [single] => single.clone(),
        _ if distinct => json!({ "oneOf": schemas }),
        _ => json!({ "anyOf": schemas }),
    };
    let examples: Map<String, Value> = variants
        .iter()
        .map(|variant| {
            let body = example_body(variant, format);
            let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
            let example = json!({ "summary": summary(variant), "value": value });
            (variant.code().to_owned(), example)
        })
        .collect();
    let description = variants
        .iter()
        .map(|variant| format!("`{}`: {}", variant.code(), summary(variant)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let response = json!({
        "description": description,
        "content": {
            format.content_type(): { "schema": schema, "examples": examples },
        },
    });
    // Every piece above is a valid OpenAPI object, so this conversion cannot fail; an empty
    // response is the honest fallback if utoipa's model ever disagrees.
    serde_json::from_value(response).unwrap_or_default()
}

/// A variant's summary: its description's first paragraph on one line, or its message.
fn summary(variant: &VariantMeta) -> String {
    let paragraph: Vec<&str> = variant
        .description()
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    if paragraph.is_empty() {
        variant
            .message_template()
            .map_or_else(|| variant.title().to_owned(), template_for_docs)
    } else {
        paragraph.join(" ")
    }
}

/// The JSON Schema of one variant's body in `format`. (utoipa's schema model has no `const`,
/// so a one-value `enum` pins the code, status and type.)
#[must_use]
pub fn variant_schema(format: BuiltinFormat, variant: &VariantMeta) -> Value {
    let shape = Shape::of(variant);
    let mut schema = match format {
        BuiltinFormat::Errors => errors_schema(variant, shape),
        BuiltinFormat::Problem => problem_schema(variant, shape),
        BuiltinFormat::Envelope => envelope_schema(variant, shape),
        BuiltinFormat::Detail => detail_schema(shape.has_violations),
    };
    if let Value::Object(object) = &mut schema {
        let title = format!("{} ({})", variant.code(), variant.name());
        object.insert("title".into(), title.into());
    }
    schema
}

/// What every format's schema needs to know of a variant.
struct Shape {
    status: u16,
    has_violations: bool,
    member_properties: Value,
    member_required: Vec<Value>,
}

impl Shape {
    fn of(variant: &VariantMeta) -> Self {
        let (member_properties, member_required) = members(variant);
        Shape {
            status: variant.status().as_u16(),
            has_violations: variant
                .fields()
                .any(|field| field.role() == FieldRole::Violations),
            member_properties,
            member_required,
        }
    }
}

fn errors_schema(variant: &VariantMeta, shape: Shape) -> Value {
    let mut properties = json!({
        "code": { "type": "string", "enum": [variant.code()] },
        "message": { "type": "string" },
    });
    extend(&mut properties, &shape.member_properties);
    if shape.has_violations {
        extend(&mut properties, &json!({ "field": { "type": "string" } }));
    }
    let mut required = vec![json!("code"), json!("message")];
    required.extend(shape.member_required);
    json!({
        "type": "object",
        "required": ["statusCode", "message", "errors"],
        "properties": {
            "statusCode": { "type": "integer", "enum": [shape.status] },
            "message": { "type": "string" },
            "errors": {
                "type": "array",
                "minItems": 1,
                "items": { "type": "object", "required": required, "properties": properties },
            },
            "request_id": { "type": "string" },
        },
    })
}

fn problem_schema(variant: &VariantMeta, shape: Shape) -> Value {
    let mut properties = json!({
        "title": { "type": "string" },
        "status": { "type": "integer", "enum": [shape.status] },
        "detail": { "type": "string" },
        "instance": { "type": "string" },
        "request_id": { "type": "string" },
    });
    let mut required = vec![json!("title"), json!("status"), json!("detail")];
    if let Some(type_uri) = variant.type_uri() {
        extend(
            &mut properties,
            &json!({ "type": { "type": "string", "enum": [type_uri] } }),
        );
        required.push(json!("type"));
    }
    extend(&mut properties, &shape.member_properties);
    if shape.has_violations {
        extend(
            &mut properties,
            &json!({ "invalid_parameters": invalid_parameters_schema() }),
        );
    }
    required.extend(shape.member_required);
    json!({ "type": "object", "required": required, "properties": properties })
}

fn envelope_schema(variant: &VariantMeta, shape: Shape) -> Value {
    let mut properties = json!({
        "code": { "type": "string", "enum": [variant.code()] },
        "message": { "type": "string" },
    });
    extend(&mut properties, &shape.member_properties);
    if shape.has_violations {
        let detail = json!({
            "type": "object",
            "required": ["field", "reason"],
            "properties": {
                "field": { "type": "string" },
                "reason": { "type": "string" },
                "rule": { "type": "string" },
            },
        });
        let details =
            json!({ "details": { "oneOf": [detail, { "type": "array", "items": detail }] } });
        extend(&mut properties, &details);
    }
    let mut required = vec![json!("code"), json!("message")];
    required.extend(shape.member_required);
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": { "type": "object", "required": required, "properties": properties },
            "request_id": { "type": "string" },
        },
    })
}

/// FastAPI's shape has no place for extra fields, so only violations change it.
fn detail_schema(has_violations: bool) -> Value {
    let detail = if has_violations {
        json!({ "type": "array", "items": validation_error_schema() })
    } else {
        json!({ "type": "string" })
    };
    json!({
        "type": "object",
        "required": ["detail"],
        "properties": { "detail": detail, "request_id": { "type": "string" } },
    })
}

/// The properties and required names of a variant's members.
fn members(variant: &VariantMeta) -> (Value, Vec<Value>) {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in variant.fields() {
        if let (FieldRole::Member, Some(wire_name)) = (field.role(), field.wire_name()) {
            let mut schema = type_schema(field.type_name());
            if !field.description().is_empty() {
                if let Value::Object(object) = &mut schema {
                    object.insert("description".into(), field.description().into());
                }
            }
            properties.insert(wire_name.to_owned(), schema);
            required.push(json!(wire_name));
        }
    }
    (Value::Object(properties), required)
}

fn extend(target: &mut Value, more: &Value) {
    if let (Value::Object(target), Value::Object(more)) = (target, more) {
        target.extend(more.iter().map(|(key, value)| (key.clone(), value.clone())));
    }
}

/// Any JSON value. (utoipa's model cannot read back `{}`, so the types are spelled out.)
fn any_value() -> Value {
    json!({ "type": ["string", "number", "boolean", "array", "object", "null"] })
}

/// The JSON Schema of a Rust type, by its name as written; any value when unknown.
fn type_schema(type_name: &str) -> Value {
    let name = type_name
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
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" => {
            json!({ "type": "integer" })
        }
        "f32" | "f64" => json!({ "type": "number" }),
        "bool" => json!({ "type": "boolean" }),
        "str" | "String" | "char" | "Cow" => json!({ "type": "string" }),
        "Box" | "Arc" | "Rc" => type_schema(inner),
        "Option" => json!({ "anyOf": [type_schema(inner), { "type": "null" }] }),
        "Vec" | "VecDeque" | "BTreeSet" | "HashSet" => {
            json!({ "type": "array", "items": type_schema(inner) })
        }
        _ => any_value(),
    }
}

/// Kong Konnect's `invalid_parameters` items.
fn invalid_parameters_schema() -> Value {
    json!({
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["field", "reason"],
            "properties": {
                "field": { "type": "string" },
                "reason": { "type": "string" },
                "rule": { "type": "string" },
                "source": { "type": "string" },
                "minimum": { "type": "number" },
                "maximum": { "type": "number" },
                "choices": { "type": "array" },
                "dependents": { "type": "array" },
            },
        },
    })
}

/// FastAPI's `ValidationError`.
fn validation_error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "loc", "msg"],
        "properties": {
            "type": { "type": "string" },
            "loc": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } },
            "msg": { "type": "string" },
            "input": any_value(),
            "ctx": { "type": "object" },
        },
    })
}

/// The general schema of a format's bodies (any variant), for `components.schemas`.
///
/// ```
/// use apifault::BuiltinFormat;
///
/// let schema = apifault::utoipa::format_schema(BuiltinFormat::Problem);
/// let json = serde_json::to_value(&schema).unwrap();
/// assert_eq!(json["required"], serde_json::json!(["title", "status", "detail"]));
/// ```
#[must_use]
pub fn format_schema(format: BuiltinFormat) -> RefOr<Schema> {
    serde_json::from_value(format_schema_json(format))
        .unwrap_or_else(|_| RefOr::T(Schema::default()))
}

fn format_schema_json(format: BuiltinFormat) -> Value {
    match format {
        BuiltinFormat::Errors => json!({
            "type": "object",
            "required": ["statusCode", "message", "errors"],
            "properties": {
                "statusCode": { "type": "integer" },
                "message": { "type": "string" },
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": { "code": { "type": "string" }, "message": { "type": "string" } },
                    },
                },
                "request_id": { "type": "string" },
            },
        }),
        BuiltinFormat::Problem => json!({
            "type": "object",
            "required": ["title", "status", "detail"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": "string" },
                "instance": { "type": "string" },
                "invalid_parameters": invalid_parameters_schema(),
            },
        }),
        BuiltinFormat::Envelope => json!({
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string" },
                        "message": { "type": "string" },
                        "details": any_value(),
                    },
                },
                "request_id": { "type": "string" },
            },
        }),
        BuiltinFormat::Detail => json!({
            "type": "object",
            "required": ["detail"],
            "properties": {
                "detail": { "anyOf": [{ "type": "string" }, { "type": "array", "items": validation_error_schema() }] },
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;

    /// utoipa's model must carry every keyword these schemas use, unchanged.
    fn round_trip(schema: &Value) -> Value {
        let parsed: RefOr<Schema> = serde_json::from_value(schema.clone()).unwrap();
        serde_json::to_value(parsed).unwrap()
    }

    #[test]
    fn schemas_survive_utoipa() {
        for schema in [
            json!({ "type": "object", "required": ["a"], "properties": { "a": { "type": "string", "enum": ["x"] } } }),
            json!({ "type": "array", "minItems": 1, "items": { "type": "integer" } }),
            json!({ "anyOf": [{ "type": "string" }, { "type": "null" }] }),
            json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }] }),
            super::any_value(),
            json!({ "type": "object", "properties": { "any": super::any_value() } }),
        ] {
            assert_eq!(round_trip(&schema), schema);
        }
    }

    #[test]
    fn every_format_schema_survives_utoipa() {
        for format in crate::BuiltinFormat::ALL {
            let schema = super::format_schema_json(format);
            assert_eq!(round_trip(&schema), schema, "{format}");
        }
    }
}
