//! Keeping a committed error reference (say `ERRORS.md`) in step with the code.

use std::path::Path;

/// The environment variable that makes [`assert_up_to_date`] write the file instead of
/// comparing: `APIFAULT_BLESS=1 cargo test`.
pub const BLESS_VAR: &str = "APIFAULT_BLESS";

/// Fails (panics, for use in a test) with a unified diff when the file at `path` differs from
/// `generated`; with `APIFAULT_BLESS=1` in the environment it writes `generated` there instead.
///
/// # Panics
///
/// When the file is missing or differs, or cannot be written while blessing.
///
/// ```no_run
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400)]
/// enum ShopError { OutOfStock }
///
/// // In a test:
/// apifault::catalog::assert_up_to_date("ERRORS.md", &ShopError::catalog().to_markdown());
/// ```
#[track_caller]
pub fn assert_up_to_date(path: impl AsRef<Path>, generated: &str) {
    let path = path.as_ref();
    if std::env::var_os(BLESS_VAR).is_some_and(|value| !value.is_empty() && value != "0") {
        if let Err(error) = std::fs::write(path, generated) {
            panic!("cannot write {}: {error}", path.display());
        }
        return;
    }
    if let Err(message) = check(path, generated) {
        panic!("{message}");
    }
}

/// Compares the file at `path` with `generated`, without the blessing of
/// [`assert_up_to_date`].
///
/// # Errors
///
/// A message saying why the file is missing, or that it is out of date, with a unified diff.
pub fn check(path: impl AsRef<Path>, generated: &str) -> Result<(), String> {
    let path = path.as_ref();
    let committed = std::fs::read_to_string(path).map_err(|error| {
        format!(
            "cannot read {}: {error}\nrun the test with {BLESS_VAR}=1 to write it",
            path.display()
        )
    })?;
    match diff(&committed, generated, &path.display().to_string()) {
        None => Ok(()),
        Some(diff) => Err(format!(
            "{} is out of date with the code; rerun with {BLESS_VAR}=1 to update it\n{diff}",
            path.display()
        )),
    }
}

/// A unified diff from `committed` to `generated`, or `None` when they are equal.
#[must_use]
pub fn diff(committed: &str, generated: &str, name: &str) -> Option<String> {
    if committed == generated {
        return None;
    }
    let diff = similar::TextDiff::from_lines(committed, generated);
    Some(
        diff.unified_diff()
            .context_radius(3)
            .header(
                &format!("{name} (committed)"),
                &format!("{name} (generated)"),
            )
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(diff("a\nb\n", "a\nb\n", "x"), None);
    }

    #[test]
    fn a_changed_line_is_shown() {
        let diff = diff("a\nb\nc\n", "a\nB\nc\n", "ERRORS.md").unwrap();
        assert!(diff.contains("--- ERRORS.md (committed)"), "{diff}");
        assert!(diff.contains("-b\n+B\n"), "{diff}");
    }
}
