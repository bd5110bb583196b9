//! OpenAPI from the same enum: the documents utoipa builds parse back with an OpenAPI 3.1
//! model (oas3), each status has one response listing its variants with a named example per
//! code, and every example validates against its own variant's schema.

use apifault::ApiError;
use serde_json::Value;
use utoipa::IntoResponses;

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

/// The example servers' own documents (what their `openapi()` returns), as JSON.
fn server_documents() -> Vec<(&'static str, Value)> {
    apifault_examples::DOCUMENTED
        .iter()
        .map(|&name| {
            let document = apifault_examples::openapi(name).unwrap();
            (name, serde_json::to_value(document).unwrap())
        })
        .collect()
}

/// A response, or the component its `$ref` points at.
fn resolved<'a>(document: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(reference) => document
            .pointer(reference.strip_prefix('#').unwrap())
            .unwrap_or_else(|| panic!("{reference} points nowhere")),
        None => response,
    }
}

/// The documents validate against the OpenAPI 3.1 JSON Schema (the OpenAPI Initiative's
/// `schemas/v3.1/schema.json`, iteration 2022-10-07, Apache-2.0, committed in
/// `tests/schemas/`) and parse with an OpenAPI 3.1 model (oas3); every path parameter of a
/// template is declared, which a document assembled by hand did not do.
#[test]
fn the_servers_documents_are_valid_openapi_3_1() {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/openapi-3.1.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The schema refuses what is not a document.
    assert!(!validator.is_valid(&serde_json::json!({ "openapi": "3.1.0" })));
    assert!(!validator.is_valid(&serde_json::json!({
        "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": {} } } } },
    })));
    for (name, document) in server_documents() {
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|error| format!("at `{}`: {error}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
        let parsed =
            oas3::from_json(document.to_string()).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(parsed.openapi, "3.1.0", "{name}");

        let mut operation_ids = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            let templated: Vec<&str> = path
                .split('/')
                .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            for (method, operation) in item.as_object().unwrap() {
                let parameters = operation["parameters"].as_array();
                for parameter in &templated {
                    let declared = parameters.into_iter().flatten().any(|p| {
                        p["name"] == *parameter && p["in"] == "path" && p["required"] == true
                    });
                    assert!(declared, "{name}: {method} {path} declares `{parameter}`");
                }
                operation_ids.push(operation["operationId"].as_str().unwrap().to_owned());
                assert!(
                    operation["responses"]
                        .as_object()
                        .unwrap()
                        .keys()
                        .any(|status| status.starts_with('2')),
                    "{name}: {method} {path} documents its success"
                );
            }
        }
        let count = operation_ids.len();
        operation_ids.sort();
        operation_ids.dedup();
        assert_eq!(
            operation_ids.len(),
            count,
            "{name}: operation ids are unique"
        );
    }
}

/// The committed copies of the documents, `examples/openapi/<server>.json`, are the
/// documents the servers build (`APIFAULT_BLESS=1` rewrites them).
#[test]
fn the_committed_documents_are_up_to_date() {
    for name in apifault_examples::DOCUMENTED {
        let document = apifault_examples::openapi(name).unwrap();
        apifault::catalog::assert_up_to_date(
            format!(
                "{}/../examples/openapi/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            ),
            &apifault_examples::document_json(&document),
        );
    }
}

/// Each operation of each server, with every status it documents and the codes each status
/// can carry (edge responses included): exactly what the route can send, read off its
/// handler and the extractors and edge in front of it.
#[test]
fn each_route_lists_exactly_what_it_can_send() {
    let expected = expected_operations();
    let documents = server_documents();
    let mut seen = 0;
    for (name, document) in &documents {
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let mut found: Vec<(String, Vec<String>)> = Vec::new();
                for (status, response) in operation["responses"].as_object().unwrap() {
                    let response = resolved(document, response);
                    let mut codes: Vec<String> = response["content"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .flat_map(|(_, media)| media["examples"].as_object().into_iter().flatten())
                        .map(|(code, _)| code.clone())
                        .collect();
                    codes.sort();
                    found.push((status.clone(), codes));
                }
                let (.., want) = expected
                    .iter()
                    .find(|(n, m, p, _)| n == name && m == method && p == path)
                    .unwrap_or_else(|| panic!("{name}: {method} {path} is not expected"));
                let want: Vec<(String, Vec<String>)> = want
                    .iter()
                    .map(|(status, codes)| {
                        let codes = codes.iter().map(|&code| code.to_owned()).collect();
                        ((*status).to_owned(), codes)
                    })
                    .collect();
                assert_eq!(found, want, "{name}: {method} {path}");
                seen += 1;
            }
        }
    }
    assert_eq!(
        seen,
        expected.len(),
        "every expected operation is documented"
    );
}

/// What each operation can send: (server, method, path, [(status, codes)]).
type Operations = &'static [(
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static [&'static str])],
)];

/// What [`each_route_lists_exactly_what_it_can_send`] expects.
#[allow(clippy::too_many_lines, reason = "one table")]
fn expected_operations() -> Operations {
    const EDGE_500: (&str, &[&str]) = ("500", &["InternalServerError"]);
    &[
        (
            "connect",
            "get",
            "/deployments",
            &[("200", &[]), ("400", &["InvalidQueryParam"]), EDGE_500],
        ),
        (
            "connect",
            "post",
            "/deployments",
            &[
                ("201", &[]),
                ("400", &["DuplicateField", "InvalidJsonInput"]),
                ("413", &["PayloadTooLarge"]),
                ("415", &["UnsupportedMediaType"]),
                EDGE_500,
            ],
        ),
        (
            "connect",
            "get",
            "/deployments/{key}",
            &[
                ("200", &[]),
                ("400", &["InvalidJsonInput"]),
                ("404", &["ResourceNotFound"]),
                EDGE_500,
            ],
        ),
        (
            "connect",
            "post",
            "/deployments/{key}",
            &[
                ("200", &[]),
                ("400", &["InvalidJsonInput", "InvalidOperation"]),
                ("404", &["ResourceNotFound"]),
                ("409", &["ConcurrentModification"]),
                ("413", &["PayloadTooLarge"]),
                ("415", &["UnsupportedMediaType"]),
                EDGE_500,
            ],
        ),
        (
            "connect",
            "delete",
            "/deployments/{key}",
            &[
                ("200", &[]),
                ("400", &["InvalidJsonInput", "InvalidQueryParam"]),
                ("404", &["ResourceNotFound"]),
                ("409", &["ConcurrentModification"]),
                EDGE_500,
            ],
        ),
        (
            "konnect",
            "post",
            "/v2/control-planes",
            &[
                ("201", &[]),
                (
                    "400",
                    &[
                        "invalid-parameters",
                        "invalid-request-format",
                        "unknown-property",
                    ],
                ),
                ("401", &["unauthorized"]),
                ("403", &["permission-denied"]),
                ("409", &["conflict"]),
                ("413", &["PayloadTooLarge"]),
                ("415", &["unsupported-media-type"]),
                ("429", &["rate-limited"]),
                EDGE_500,
            ],
        ),
        (
            "konnect",
            "get",
            "/v2/control-planes/{id}",
            &[
                ("200", &[]),
                ("400", &["invalid-id-format", "invalid-request-format"]),
                ("401", &["unauthorized"]),
                ("404", &["control-plane-not-found"]),
                EDGE_500,
            ],
        ),
        (
            "konpro",
            "get",
            "/v1/avatars",
            &[
                ("200", &[]),
                ("401", &["INVALID_API_KEY"]),
                ("429", &["RATE_LIMIT_EXCEEDED"]),
                EDGE_500,
            ],
        ),
        (
            "konpro",
            "post",
            "/v1/avatars",
            &[
                ("201", &[]),
                ("400", &["INVALID_REQUEST", "VALIDATION_ERROR"]),
                ("401", &["INVALID_API_KEY"]),
                ("403", &["INSUFFICIENT_PERMISSIONS"]),
                ("413", &["PayloadTooLarge"]),
                ("415", &["UNSUPPORTED_MEDIA_TYPE"]),
                ("429", &["RATE_LIMIT_EXCEEDED"]),
                EDGE_500,
            ],
        ),
        (
            "konpro",
            "get",
            "/v1/avatars/{avatar_id}",
            &[
                ("200", &[]),
                ("400", &["INVALID_REQUEST"]),
                ("401", &["INVALID_API_KEY"]),
                ("404", &["RESOURCE_NOT_FOUND"]),
                ("429", &["RATE_LIMIT_EXCEEDED"]),
                EDGE_500,
            ],
        ),
        // Every Kubeadapt route authenticates and counts the key (401, 429); a body or query
        // that is not valid, and a path segment that is not UTF-8, are FastAPI's 422; no 415.
        (
            "kubeadapt",
            "get",
            "/v1/clusters",
            &[
                ("200", &[]),
                ("401", &["api_key_required", "invalid_api_key"]),
                ("429", &["rate_limited"]),
                EDGE_500,
            ],
        ),
        (
            "kubeadapt",
            "post",
            "/v1/clusters",
            &[
                ("201", &[]),
                ("401", &["api_key_required", "invalid_api_key"]),
                ("403", &["missing_permission"]),
                ("413", &["PayloadTooLarge"]),
                ("422", &["validation"]),
                ("429", &["rate_limited"]),
                EDGE_500,
            ],
        ),
        (
            "kubeadapt",
            "get",
            "/v1/clusters/{cluster_id}",
            &[
                ("200", &[]),
                ("400", &["invalid_cluster_id"]),
                ("401", &["api_key_required", "invalid_api_key"]),
                ("403", &["cluster_access_denied"]),
                ("404", &["cluster_not_found"]),
                ("422", &["validation"]),
                ("429", &["rate_limited"]),
                EDGE_500,
            ],
        ),
        (
            "kubeadapt",
            "get",
            "/v1/clusters/{cluster_id}/recommendations",
            &[
                ("200", &[]),
                ("400", &["invalid_cluster_id"]),
                ("401", &["api_key_required", "invalid_api_key"]),
                ("403", &["cluster_access_denied", "missing_permission"]),
                ("404", &["cluster_not_found"]),
                ("422", &["validation"]),
                ("429", &["rate_limited"]),
                EDGE_500,
            ],
        ),
    ]
}

/// How each server authenticates, as its document says: the scheme (its members other than
/// the description) and that every operation requires it; Connect checks no credentials.
#[test]
fn each_operation_requires_its_servers_credentials() {
    let expected = [
        ("connect", None),
        (
            "konnect",
            Some((
                "bearer",
                serde_json::json!({ "type": "http", "scheme": "bearer" }),
            )),
        ),
        (
            "konpro",
            Some((
                "api_key",
                serde_json::json!({ "type": "apiKey", "in": "header", "name": "x-api-key" }),
            )),
        ),
        (
            "kubeadapt",
            Some((
                "bearer",
                serde_json::json!({ "type": "http", "scheme": "bearer" }),
            )),
        ),
    ];
    let documents = server_documents();
    assert_eq!(documents.len(), expected.len());
    for ((name, document), (expected_name, scheme)) in documents.iter().zip(expected) {
        assert_eq!(*name, expected_name);
        let schemes = document["components"].get("securitySchemes");
        let Some((scheme_name, want)) = scheme else {
            assert!(schemes.is_none(), "{name}: {schemes:?}");
            for item in document["paths"].as_object().unwrap().values() {
                for (method, operation) in item.as_object().unwrap() {
                    assert!(operation.get("security").is_none(), "{name}: {method}");
                }
            }
            continue;
        };
        let schemes = schemes.and_then(Value::as_object).unwrap();
        assert_eq!(
            schemes.keys().collect::<Vec<_>>(),
            [scheme_name],
            "{name}: one scheme"
        );
        let mut found = schemes[scheme_name].clone();
        let description = found.as_object_mut().unwrap().remove("description");
        assert!(
            description
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty()),
            "{name}: the scheme says which credentials work"
        );
        assert_eq!(found, want, "{name}");
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                assert_eq!(
                    operation["security"],
                    serde_json::json!([{ scheme_name: [] }]),
                    "{name}: {method} {path}"
                );
            }
        }
    }
}

/// Kubeadapt answers a body not sent as JSON with FastAPI's 422, never a 415: its document
/// has no 415, on an operation or among the edge's responses.
#[test]
fn kubeadapt_documents_no_415() {
    let document = serde_json::to_value(apifault_examples::kubeadapt::openapi()).unwrap();
    let responses = document["components"]["responses"].as_object().unwrap();
    assert!(responses.contains_key("Edge.413"), "{responses:?}");
    assert!(!responses.contains_key("Edge.415"), "{responses:?}");
    let text = document.to_string();
    assert!(!text.contains("Edge.415"));
    for item in document["paths"].as_object().unwrap().values() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(operation["responses"].get("415").is_none(), "{method}");
        }
    }
    // The other servers do answer 415 on a route with a body.
    let konnect = serde_json::to_value(apifault_examples::konnect::openapi()).unwrap();
    assert!(konnect["paths"]["/v2/control-planes"]["post"]["responses"]["415"].is_object());
}

/// What no operation matches gets the responses each server's fallbacks and edge send,
/// marked for the contract check.
#[test]
fn unmatched_requests_are_documented_as_each_server_answers_them() {
    let documents = server_documents();
    let unmatched: &[(&str, &[(&str, &str)])] = &[
        (
            "connect",
            &[("Edge.404", "NotFound"), ("Edge.405", "MethodNotAllowed")],
        ),
        (
            "konnect",
            &[
                ("Edge.404", "route-not-found"),
                ("Edge.405", "method-not-allowed"),
            ],
        ),
        (
            "konpro",
            &[
                ("Edge.401", "INVALID_API_KEY"),
                ("Edge.404", "RESOURCE_NOT_FOUND"),
                ("Edge.405", "METHOD_NOT_ALLOWED"),
                ("Edge.429", "RATE_LIMIT_EXCEEDED"),
            ],
        ),
        (
            "kubeadapt",
            &[
                ("Edge.404", "route_not_found"),
                ("Edge.405", "method_not_allowed"),
            ],
        ),
    ];
    for (name, document) in &documents {
        let (_, want) = unmatched.iter().find(|(n, _)| n == name).unwrap();
        let responses = document["components"]["responses"].as_object().unwrap();
        let marked: Vec<(&str, Vec<&str>)> = responses
            .iter()
            .filter(|(_, response)| response["x-apifault-unmatched"] == true)
            .map(|(key, response)| {
                let codes = response["content"]
                    .as_object()
                    .unwrap()
                    .values()
                    .flat_map(|media| media["examples"].as_object().unwrap().keys())
                    .map(String::as_str)
                    .collect();
                (key.as_str(), codes)
            })
            .collect();
        let want: Vec<(&str, Vec<&str>)> =
            want.iter().map(|&(key, code)| (key, vec![code])).collect();
        assert_eq!(marked, want, "{name}");
    }
}

/// Every error response of every server: one alternative per named example, each example
/// validating against its own variant's component; the success responses have a body schema.
#[test]
fn the_servers_examples_validate_against_their_components() {
    for (name, document) in server_documents() {
        let components = &document["components"]["schemas"];
        let mut checked = 0;
        let mut all: Vec<&Value> = Vec::new();
        for item in document["paths"].as_object().unwrap().values() {
            for operation in item.as_object().unwrap().values() {
                for (status, response) in operation["responses"].as_object().unwrap() {
                    if status.starts_with('2') {
                        let media = &response["content"]["application/json"];
                        assert!(media["schema"]["$ref"].is_string(), "{name}: {response}");
                    } else if response.get("$ref").is_none() {
                        all.push(response);
                    }
                }
            }
        }
        all.extend(
            document["components"]["responses"]
                .as_object()
                .unwrap()
                .values(),
        );
        for response in all {
            for (content_type, media) in response["content"].as_object().unwrap() {
                let combinator = if media["schema"].get("oneOf").is_some() {
                    "oneOf"
                } else {
                    "anyOf"
                };
                checked += check_response(response, content_type, combinator, components).len();
            }
        }
        assert!(checked > 10, "{name}: {checked} examples");
    }
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
