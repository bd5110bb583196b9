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

fn reference(name: &str, catalog: &Catalog) {
    assert_up_to_date(page(&format!("{name}.md")), &catalog.to_markdown());
    assert_up_to_date(page(&format!("{name}.json")), &json(catalog));
}

#[test]
fn connect_reference() {
    reference(
        "connect",
        &apifault_examples::connect::ConnectError::catalog(),
    );
}

#[test]
fn konnect_reference() {
    reference(
        "konnect",
        &apifault_examples::konnect::KonnectError::catalog(),
    );
}

#[test]
fn konpro_reference() {
    use apifault_examples::konpro::KonProError;
    reference("konpro", &KonProError::catalog());
    // The German reference, and the JSON catalog with both locales.
    let localization = KonProError::localization();
    assert_up_to_date(
        page("konpro.de.md"),
        &KonProError::catalog().to_markdown_in(localization, "de"),
    );
    assert_up_to_date(
        page("konpro.locales.json"),
        &(serde_json::to_string_pretty(&KonProError::catalog().to_json_with_locales(localization))
            .unwrap()
            + "\n"),
    );
}

#[test]
fn kubeadapt_reference() {
    reference(
        "kubeadapt",
        &apifault_examples::kubeadapt::KubeadaptError::catalog(),
    );
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
    // `check` is `assert_up_to_date` without the blessing, so this test holds under
    // APIFAULT_BLESS=1 too.
    let drift = apifault::catalog::check(&path, "# new\n").unwrap_err();
    let message = drift.to_string();
    assert!(
        message.contains("is out of date with the code"),
        "{message}"
    );
    assert!(message.contains("-# old\n+# new"), "{message}");
    assert!(matches!(drift, apifault::catalog::Drift::OutOfDate { .. }));
    assert!(apifault::catalog::check(&path, "# old\n").is_ok());
    let missing = apifault::catalog::check(dir.join("missing.md"), "").unwrap_err();
    assert!(
        missing.to_string().contains("APIFAULT_BLESS=1"),
        "{missing}"
    );
    // The I/O error is the cause, not repeated in the message.
    let cause = std::error::Error::source(&missing).unwrap();
    assert!(
        !missing.to_string().contains(&cause.to_string()),
        "{missing}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `examples/README.md` is the example binaries' own docs, gathered: it cannot drift from them.
#[test]
fn examples_readme() {
    let examples = format!("{}/../examples", env!("CARGO_MANIFEST_DIR"));
    let mut readme = String::from(
        "# Examples\n\n\
         Generated from the doc comments of the example binaries by `tests/catalog.rs`\n\
         (`APIFAULT_BLESS=1 cargo test -p apifault-tests --test catalog` rewrites it).\n\
         Each server keeps its state in memory, takes `--addr HOST:PORT` (default\n\
         `127.0.0.1:3000`) and prints `listening on http://HOST:PORT` once bound. The error\n\
         references generated from the servers' enums are in `errors/`.\n",
    );
    for name in [
        "tour",
        "catalog",
        "openapi",
        "client",
        "connect",
        "konnect",
        "konpro",
        "kubeadapt",
    ] {
        let source = std::fs::read_to_string(format!("{examples}/{name}.rs")).unwrap();
        readme.push_str("\n## `");
        readme.push_str(name);
        readme.push_str("`\n\n");
        for line in source.lines().take_while(|line| line.starts_with("//!")) {
            let text = line
                .trim_start_matches("//!")
                .strip_prefix(' ')
                .unwrap_or(line.trim_start_matches("//!"));
            readme.push_str(text);
            readme.push('\n');
        }
    }
    assert_up_to_date(format!("{examples}/README.md"), &readme);
}
