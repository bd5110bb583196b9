//! Keeping a committed error reference (say `ERRORS.md`) in step with the code (feature
//! `drift`: tests need it, a production build does not pay for its diff library).

use core::fmt;
use std::path::{Path, PathBuf};

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
    match check(path, generated) {
        Ok(()) => {}
        Err(Drift::Unreadable { path, source }) => {
            panic!(
                "cannot read {}: {source}\nrun the test with {BLESS_VAR}=1 to write it",
                path.display()
            )
        }
        Err(drift @ Drift::OutOfDate { .. }) => panic!("{drift}"),
    }
}

/// Why a committed file is not what the code generates, from [`check`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Drift {
    /// The file cannot be read (it may not exist yet).
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The file differs from what the code generates.
    OutOfDate {
        /// The file.
        path: PathBuf,
        /// A unified diff from the file to what the code generates.
        diff: String,
    },
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Unreadable { path, .. } => write!(
                f,
                "cannot read {}; run the test with {BLESS_VAR}=1 to write it",
                path.display()
            ),
            Drift::OutOfDate { path, diff } => write!(
                f,
                "{} is out of date with the code; rerun with {BLESS_VAR}=1 to update it\n{diff}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for Drift {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Drift::Unreadable { source, .. } => Some(source),
            Drift::OutOfDate { .. } => None,
        }
    }
}

/// Compares the file at `path` with `generated`, without the blessing of
/// [`assert_up_to_date`].
///
/// # Errors
///
/// [`Drift`]: the file cannot be read, or is out of date (with a unified diff).
pub fn check(path: impl AsRef<Path>, generated: &str) -> Result<(), Drift> {
    let path = path.as_ref();
    let committed = std::fs::read_to_string(path).map_err(|source| Drift::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    match diff(&committed, generated, &path.display().to_string()) {
        None => Ok(()),
        Some(diff) => Err(Drift::OutOfDate {
            path: path.to_owned(),
            diff,
        }),
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
