//! OpenAPI from the same enum: the documents utoipa builds parse back with an OpenAPI 3.1
//! model (oas3), each status has one response listing its variants with a named example per
//! code, and every example validates against its own variant's schema.

use apifault::ApiError;
use serde_json::Value;
use utoipa::IntoResponses;

/// The responses of a document, as JSON: (path, method, status, response).
fn responses(document: &Value) -> Vec<(String, String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                found.push((
                    path.clone(),
                    method.clone(),
                    status.clone(),
                    response.clone(),
                ));
            }
        }
    }
    found
}

/// Checks one error response: the schema lists one alternative per example, and each named
/// example validates against the alternative titled with its code. An alternative that is a
/// `$ref` is looked up in `components` (`components.schemas`).
fn check_response(
    response: &Value,
    content_type: &str,
    combinator: &str,
    components: &Value,
) -> Vec<String> {
    let content = &response["content"][content_type];
    let examples = content["examples"].as_object().expect("named examples");
    let schema = &content["schema"];
    let resolve = |schema: &'_ Value| -> Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .expect("a schema component");
                components[name].clone()
            }
            None => schema.clone(),
        }
    };
    let alternatives: Vec<Value> = match schema.get(combinator) {
        Some(Value::Array(items)) => items.iter().map(resolve).collect(),
        _ => vec![resolve(schema)],
    };
    assert_eq!(
        alternatives.len(),
        examples.len(),
        "one schema per variant: {schema}"
    );
    for (code, example) in examples {
        let value = &example["value"];
        let own = alternatives
            .iter()
            .find(|alternative| {
                alternative["title"]
                    .as_str()
                    .is_some_and(|title| title.starts_with(&format!("{code} (")))
            })
            .unwrap_or_else(|| panic!("no schema titled {code}"));
        let validator = jsonschema::validator_for(own).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{code}: {value}\n{errors:#?}");
        assert!(
            example["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{code} has a summary"
        );
    }
    examples.keys().cloned().collect()
}

#[test]
fn the_konnect_server_documents_every_error_it_can_return() {
    let document = apifault_examples::konnect::openapi();
    let json = document.to_json().unwrap();
    let parsed = oas3::from_json(&json).expect("a valid OpenAPI 3.1 document");
    assert_eq!(parsed.openapi, "3.1.0");
    let document: Value = serde_json::from_str(&json).unwrap();

    let mut documented = Vec::new();
    for (path, method, status, response) in responses(&document) {
        if status.starts_with('2') {
            continue;
        }
        // Konnect's problems have no type URIs, so variants sharing a status are told apart
        // only by their examples: `anyOf`, not `oneOf`.
        let codes = check_response(&response, "application/problem+json", "anyOf", &Value::Null);
        for code in &codes {
            let variant = apifault_examples::konnect::KonnectError::catalog()
                .find(code)
                .unwrap();
            assert_eq!(variant.status().as_str(), status, "{method} {path} {code}");
        }
        documented.extend(codes);
    }
    // Every code a route can answer with is documented on that route, and nothing else.
    let expected: usize = apifault_examples::konnect::ROUTE_ERRORS
        .iter()
        .map(|(_, _, codes)| codes.len())
        .sum();
    assert_eq!(documented.len(), expected);
    for (_, _, codes) in apifault_examples::konnect::ROUTE_ERRORS {
        for code in codes {
            assert!(documented.iter().any(|c| c == code), "{code} is documented");
        }
    }
    let post_400 = &document["paths"]["/v2/control-planes"]["post"]["responses"]["400"];
    let codes: Vec<&String> = post_400["content"]["application/problem+json"]["examples"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-parameters",
            "invalid-request-format",
            "unknown-property"
        ],
        "three 400s, not one"
    );
}

/// With codes in the body, the alternatives exclude each other: `oneOf`, and each example
/// matches exactly one of them.
#[test]
fn variants_sharing_a_status_are_one_of() {
    #[derive(Debug, ApiError)]
    #[api(format = "errors", rename_all = "camelCase")]
    #[allow(dead_code, reason = "only its responses are read")]
    enum ConnectError {
        /// Returned when an invalid JSON input has been sent.
        #[api(
            status = 400,
            code = "InvalidJsonInput",
            message = "Request body does not contain valid JSON."
        )]
        InvalidJsonInput { detailed_error_message: String },
        /// Returned when a query parameter is not valid.
        #[api(
            status = 400,
            code = "InvalidQueryParam",
            message = "Request query param is not valid"
        )]
        InvalidQueryParam { detailed_error_message: String },
        /// Returned when the versions differ.
        #[api(
            status = 409,
            code = "ConcurrentModification",
            message = "Expected: {expected_version}"
        )]
        ConcurrentModification {
            expected_version: i64,
            current_version: Option<i64>,
        },
    }

    // The derived responses reference their schemas as components.
    let responses = serde_json::to_value(ConnectError::responses()).unwrap();
    let components: serde_json::Map<String, Value> =
        apifault::utoipa::schemas(&ConnectError::catalog())
            .into_iter()
            .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap()))
            .collect();
    let components = Value::Object(components);
    assert_eq!(
        responses.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["400", "409"]
    );
    let bad_request = &responses["400"];
    let codes = check_response(bad_request, "application/json", "oneOf", &components);
    assert_eq!(codes, ["InvalidJsonInput", "InvalidQueryParam"]);
    let schema = &bad_request["content"]["application/json"]["schema"];
    assert_eq!(
        schema["oneOf"][0]["$ref"],
        "#/components/schemas/ConnectError.InvalidJsonInput"
    );
    // The whole `oneOf`, its references resolved against the components.
    let mut with_components = schema.clone();
    with_components["components"] = serde_json::json!({ "schemas": components });
    let one_of = jsonschema::validator_for(&with_components).unwrap();
    for (code, example) in bad_request["content"]["application/json"]["examples"]
        .as_object()
        .unwrap()
    {
        assert!(
            one_of.is_valid(&example["value"]),
            "{code} matches exactly one alternative"
        );
    }
    assert_eq!(
        bad_request["description"],
        "`InvalidJsonInput`: Returned when an invalid JSON input has been sent.\n\n`InvalidQueryParam`: Returned when a query parameter is not valid."
    );

    let conflict = &responses["409"]["content"]["application/json"];
    assert_eq!(
        conflict["schema"]["$ref"],
        "#/components/schemas/ConnectError.ConcurrentModification"
    );
    let item = &components["ConnectError.ConcurrentModification"]["properties"]["errors"]["items"];
    assert_eq!(
        item["properties"]["code"]["enum"],
        serde_json::json!(["ConcurrentModification"])
    );
    assert_eq!(item["properties"]["expectedVersion"]["type"], "integer");
    assert_eq!(
        item["required"],
        serde_json::json!(["code", "message", "expectedVersion", "currentVersion"])
    );
    // A real body: the message interpolated from example values.
    assert_eq!(
        conflict["examples"]["ConcurrentModification"]["value"]["errors"][0]["message"],
        "Expected: 1"
    );
    check_response(&responses["409"], "application/json", "oneOf", &components);
}

/// The general schema of each format accepts what the format writes.
#[test]
fn format_schemas_accept_real_bodies() {
    #[derive(Debug, ApiError)]
    #[api(status = 422)]
    struct Invalid(#[api(violations)] Vec<apifault::Violation>);

    for format in apifault::BuiltinFormat::ALL {
        let schema = serde_json::to_value(apifault::utoipa::format_schema(format)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let mut body = Vec::new();
        apifault::ErrorResponse::new(Invalid(vec![apifault::Violation::new(
            "name",
            "cannot be blank",
        )]))
        .render_as(&format, &mut body)
        .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert!(validator.is_valid(&body), "{format}: {body}");
        assert!(
            !validator.is_valid(&serde_json::json!({"unrelated": true})),
            "{format} requires its members"
        );
    }
}

/// utoipa's model carries every keyword of the variant schemas unchanged, for every format
/// and every kind of field type.
#[test]
fn variant_schemas_survive_utoipa() {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;

    #[derive(Debug, ApiError)]
    #[api(type_base = "https://errors.example.com/")]
    #[allow(dead_code, reason = "only its catalog is read")]
    enum E {
        #[api(status = 400)]
        Many {
            text: String,
            count: u32,
            ratio: f64,
            flag: bool,
            list: Vec<i32>,
            maybe: Option<String>,
            other: std::collections::BTreeMap<String, u8>,
            #[api(violations)]
            violations: Vec<apifault::Violation>,
        },
    }
    let variant = E::catalog().find("Many").unwrap();
    for format in apifault::BuiltinFormat::ALL {
        let schema = apifault::utoipa::variant_schema(format, variant);
        let parsed: RefOr<Schema> = serde_json::from_value(schema.clone()).unwrap();
        assert_eq!(serde_json::to_value(parsed).unwrap(), schema, "{format}");
    }
}
