//! The error reference pages of the example servers are generated from their enums and
//! committed (`examples/errors/`); these tests fail with a diff when code and pages drift.
//! Regenerate with `APIFAULT_BLESS=1 cargo test -p apifault-tests --test catalog`.

use apifault::catalog::assert_up_to_date;
use apifault::{ApiError, Catalog, RateLimit};

fn page(name: &str) -> String {
    format!("{}/../examples/errors/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn json(catalog: &Catalog) -> String {
    serde_json::to_string_pretty(&catalog.to_json()).unwrap() + "\n"
}

#[test]
fn connect_reference() {
    let catalog = apifault_examples::connect::ConnectError::catalog();
    assert_up_to_date(page("connect.md"), &catalog.to_markdown());
    assert_up_to_date(page("connect.json"), &json(&catalog));
}

/// Transparent variants, headers, violations and a problem type URI, in one page.
mod shapes {
    use super::*;
    use apifault::Violation;

    /// Authentication errors.
    #[derive(Debug, ApiError)]
    #[allow(dead_code, reason = "only its catalog is read")]
    #[api(status = 401)]
    pub(crate) enum AuthError {
        /// The token is missing or expired.
        #[api(code = "invalid_token", message = "invalid_token")]
        InvalidToken,
    }

    /// Errors of a small API.
    #[derive(Debug, ApiError)]
    #[allow(dead_code, reason = "only its catalog is read")]
    #[api(type_base = "https://errors.example.com/")]
    pub(crate) enum SmallError {
        /// Some fields are invalid.
        #[api(
            status = 400,
            code = "invalid-request",
            message = "Invalid {{request}}: {0:?}"
        )]
        Invalid(#[api(skip)] String, #[api(violations)] Vec<Violation>),
        /// Too many requests.
        #[api(
            status = 429,
            code = "rate-limited",
            title = "Slow | down",
            resolution = "Wait for `Retry-After` seconds."
        )]
        RateLimited {
            /// The current limits.
            #[api(headers)]
            limit: RateLimit,
            /// Seconds to wait.
            #[api(header = "Retry-After")]
            retry_after: Option<u64>,
            /// Items still allowed.
            left: Vec<u32>,
        },
        #[api(transparent)]
        Auth(AuthError),
    }

    #[test]
    fn markdown() {
        let expected = r#"# `SmallError` errors

Errors of a small API.

Every error is sent in the `problem` format, with `Content-Type: application/problem+json`.

## 400 Bad Request

### `invalid-request`

Some fields are invalid.

- Message: `Invalid {request}: {0}`
- Type: <https://errors.example.com/invalid-request>

```json
{"type":"https://errors.example.com/invalid-request","title":"Bad Request","status":400,"detail":"Invalid {request}: {0}","invalid_parameters":[{"field":"field","reason":"why the value is not valid"}]}
```

## 401 Unauthorized

### `invalid_token`

The token is missing or expired.

- Message: `invalid_token`

```json
{"title":"Unauthorized","status":401,"detail":"invalid_token"}
```

## 429 Too Many Requests

### `rate-limited`

Too many requests.

- Message: `Slow | down`
- Title: `Slow | down`
- Type: <https://errors.example.com/rate-limited>
- Resolution: Wait for `Retry-After` seconds.

| Field | Type | Description |
|---|---|---|
| `left` | `Vec<u32>` | Items still allowed. |

| Header | Type | Description |
|---|---|---|
| from `RateLimit` | `RateLimit` | The current limits. |
| `Retry-After` | `Option<u64>` | Seconds to wait. |

```json
{"type":"https://errors.example.com/rate-limited","title":"Slow | down","status":429,"detail":"Slow | down","left":[]}
```
"#;
        let page = SmallError::catalog().to_markdown();
        assert_eq!(
            page,
            expected,
            "\n{}",
            apifault::catalog::diff(expected, &page, "page").unwrap_or_default()
        );
    }

    #[test]
    fn json_shape() {
        let json = SmallError::catalog().to_json();
        assert_eq!(json["type"], "SmallError");
        assert_eq!(json["description"], "Errors of a small API.");
        assert_eq!(json["format"], "problem");
        assert_eq!(json["content_type"], "application/problem+json");
        let codes: Vec<&str> = json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["invalid-request", "rate-limited", "invalid_token"],
            "own variants, then transparent ones"
        );
        let limited = &json["errors"][1];
        assert_eq!(limited["status"], 429);
        assert_eq!(limited["title"], "Slow | down");
        assert_eq!(limited["type"], "https://errors.example.com/rate-limited");
        assert_eq!(limited["resolution"], "Wait for `Retry-After` seconds.");
        assert_eq!(limited["variant"], "RateLimited");
        assert_eq!(
            limited["fields"],
            serde_json::json!([
                {"name": "limit", "wire_name": null, "type": "RateLimit", "role": "headers", "header": null, "description": "The current limits."},
                {"name": "retry_after", "wire_name": null, "type": "Option<u64>", "role": "header", "header": "Retry-After", "description": "Seconds to wait."},
                {"name": "left", "wire_name": "left", "type": "Vec<u32>", "role": "member", "header": null, "description": "Items still allowed."},
            ])
        );
        assert_eq!(json["errors"][0]["message"], "Invalid {request}: {0}");
        assert_eq!(
            json["errors"][2]["example"],
            serde_json::json!({"title": "Unauthorized", "status": 401, "detail": "invalid_token"})
        );
    }
}

#[test]
fn drift_is_reported_with_a_diff() {
    let dir = std::env::temp_dir().join(format!("apifault-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ERRORS.md");
    std::fs::write(&path, "# old\n").unwrap();
    let failure = std::panic::catch_unwind(|| assert_up_to_date(&path, "# new\n")).unwrap_err();
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("is out of date with the code"),
        "{message}"
    );
    assert!(message.contains("-# old\n+# new"), "{message}");
    std::fs::remove_dir_all(&dir).unwrap();
}
