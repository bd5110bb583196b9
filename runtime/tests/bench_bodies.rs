//! The render benchmarks compare like with like: every variant of `benches/support` writes the
//! same body as the derived rendering. Byte for byte for the serde limit and the
//! `to_string()`-then-derive baseline; for the `serde_json::Value` baseline (whose objects sort
//! their members here) byte for byte with the derived body's members sorted; for
//! `http-api-problem` (its own member order) as equal JSON values.

#[path = "../benches/support/mod.rs"]
mod support;

use apifault::ErrorResponse;
use serde_json::Value;

use crate::support::{COUNTS, ConnectError, Variant, Wire};

fn render(wire: Wire, variant: Variant, response: &ErrorResponse<ConnectError>) -> Vec<u8> {
    let render = support::renderer(wire, variant).expect("a variant of this format");
    let mut buf = Vec::new();
    render(response, &mut buf);
    // A reused buffer holds the same body again.
    buf.clear();
    render(response, &mut buf);
    buf
}

fn text(body: &[u8]) -> &str {
    std::str::from_utf8(body).expect("UTF-8")
}

fn assert_same_bodies(name: &str, response: &ErrorResponse<ConnectError>) {
    for wire in Wire::ALL {
        let derived = render(wire, Variant::Derived, response);
        let parsed: Value = serde_json::from_slice(&derived).expect("the derived body is JSON");
        let sorted = serde_json::to_vec(&parsed).expect("serialize");
        for &variant in wire.variants() {
            let body = render(wire, variant, response);
            let what = format!("{name}, {wire}, {variant}");
            match variant {
                Variant::Derived | Variant::SerdeLimit | Variant::ToStringDerive => {
                    assert_eq!(text(&body), text(&derived), "{what}");
                }
                Variant::JsonValue => {
                    assert_eq!(text(&body), text(&sorted), "{what}");
                    assert_eq!(body.len(), derived.len(), "{what}");
                }
                Variant::HttpApiProblem => {
                    let body: Value = serde_json::from_slice(&body).expect("JSON");
                    assert_eq!(body, parsed, "{what}");
                }
            }
        }
    }
}

/// The benchmarked bodies: one and ten `ConcurrentModification` errors.
#[test]
fn every_variant_writes_the_derived_body() {
    for count in COUNTS {
        assert_same_bodies(&format!("{count} errors"), &support::fixture(count));
    }
}

/// The first benchmarked body is the golden test's.
#[test]
fn the_fixture_is_the_golden_body() {
    let body = render(Wire::Errors, Variant::Derived, &support::fixture(1));
    assert_eq!(
        text(&body),
        r#"{"statusCode":409,"message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","errors":[{"code":"ConcurrentModification","message":"Object id=abc or key=k1 has a different version than expected. Expected: 3 - Actual: 4)","expectedVersion":3,"currentVersion":4}]}"#
    );
    let ten = render(Wire::Problem, Variant::Derived, &support::fixture(10));
    let ten: Value = serde_json::from_slice(&ten).expect("JSON");
    assert_eq!(ten["errors"].as_array().map(Vec::len), Some(9));
}

/// The baselines are whole implementations: the other variants, with escaping, agree too.
#[test]
fn the_baselines_agree_on_every_variant() {
    let invalid = |message: &str| ConnectError::InvalidJsonInput {
        message: message.into(),
        detailed_error_message: "line 1 \"column\" 2\n\u{1}".into(),
    };
    let mixed = vec![
        ConnectError::ResourceNotFound("key \"with\" quotes\\ and \u{7f} é".into()),
        invalid("First error message."),
        invalid("tab\there"),
        ConnectError::ConcurrentModification {
            resource_id: "a\"b".into(),
            resource_key: "<k>".into(),
            expected_version: -1,
            current_version: i64::MAX,
        },
    ];
    for (i, error) in mixed.iter().enumerate() {
        let single = match error {
            ConnectError::InvalidJsonInput {
                message,
                detailed_error_message,
            } => ConnectError::InvalidJsonInput {
                message: message.clone(),
                detailed_error_message: detailed_error_message.clone(),
            },
            ConnectError::ConcurrentModification {
                resource_id,
                resource_key,
                expected_version,
                current_version,
            } => ConnectError::ConcurrentModification {
                resource_id: resource_id.clone(),
                resource_key: resource_key.clone(),
                expected_version: *expected_version,
                current_version: *current_version,
            },
            ConnectError::ResourceNotFound(key) => ConnectError::ResourceNotFound(key.clone()),
        };
        assert_same_bodies(&format!("variant {i}"), &ErrorResponse::new(single));
    }
    let response = ErrorResponse::from_errors(mixed).expect("errors");
    assert_same_bodies("mixed", &response);
}
