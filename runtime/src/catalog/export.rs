//! The catalog as JSON, for tools: one stable, documented shape.

use serde_json::{Value, json};

use super::example::{example_body, template_for_docs};
use super::{Catalog, FieldMeta, FieldRole, VariantMeta};
use crate::format::Format;

impl Catalog {
    /// The catalog as a JSON document (object keys sorted):
    ///
    /// ```text
    /// {
    ///   "type": "ConnectError",              // the Rust type
    ///   "description": "...",                // its doc comment ("" if none)
    ///   "format": "errors",                  // the wire format
    ///   "content_type": "application/json",
    ///   "errors": [{                         // every variant, transparent ones followed
    ///     "code": "ConcurrentModification",
    ///     "status": 409,
    ///     "title": "Conflict",
    ///     "type": null,                      // problem type URI, or null for about:blank
    ///     "message": "... {expected_version} ...",   // the template as documented
    ///     "description": "...",              // the doc comment ("" if none)
    ///     "resolution": null,
    ///     "variant": "ConcurrentModification",
    ///     "fields": [{"name", "wire_name", "type", "role", "header", "description"}],
    ///     "example": { ... }                 // an example body in the format
    ///   }]
    /// }
    /// ```
    ///
    /// `role` is one of `member`, `skipped`, `internal`, `header`, `headers`, `violations`,
    /// `flatten`; `header` is the header's name for a `header` field, else null.
    ///
    /// ```
    /// use apifault::ApiError;
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(status = 429)]
    /// enum E {
    ///     #[api(code = "RATE_LIMITED")]
    ///     Limited { #[api(header = "Retry-After")] retry_after: u64 },
    /// }
    ///
    /// let json = E::catalog().to_json();
    /// assert_eq!(json["errors"][0]["code"], "RATE_LIMITED");
    /// assert_eq!(json["errors"][0]["fields"][0]["role"], "header");
    /// assert_eq!(json["errors"][0]["fields"][0]["header"], "Retry-After");
    /// assert_eq!(json["errors"][0]["example"]["status"], 429);
    /// ```
    #[must_use]
    pub fn to_json(&self) -> Value {
        let format = self.default_format();
        let errors: Vec<Value> = self
            .variants()
            .map(|variant| variant_json(variant, format))
            .collect();
        json!({
            "type": self.type_name(),
            "description": self.description(),
            "format": format.name(),
            "content_type": format.content_type(),
            "errors": errors,
        })
    }
}

fn variant_json(variant: &'static VariantMeta, format: crate::BuiltinFormat) -> Value {
    let example: Value =
        serde_json::from_str(&example_body(variant, format)).unwrap_or(Value::Null);
    json!({
        "code": variant.code(),
        "status": variant.status().as_u16(),
        "title": variant.title(),
        "type": variant.type_uri(),
        "message": variant.message_template().map_or_else(|| variant.title().to_owned(), template_for_docs),
        "description": variant.description(),
        "resolution": variant.resolution(),
        "variant": variant.name(),
        "fields": variant.fields().map(|field| field_json(&field)).collect::<Vec<_>>(),
        "example": example,
    })
}

fn field_json(field: &FieldMeta) -> Value {
    let (role, header) = match field.role() {
        FieldRole::Member => ("member", None),
        FieldRole::Skipped => ("skipped", None),
        FieldRole::Internal => ("internal", None),
        FieldRole::Header(name) => ("header", Some(name)),
        FieldRole::Headers => ("headers", None),
        FieldRole::Violations => ("violations", None),
        FieldRole::Flatten => ("flatten", None),
    };
    json!({
        "name": field.name(),
        "wire_name": field.wire_name(),
        "type": field.type_name(),
        "role": role,
        "header": header,
        "description": field.description(),
    })
}
