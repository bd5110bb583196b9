//! Compile-time diagnostics: one misuse per file in `ui/`, its expected compiler output beside
//! it; and every valid form in `pass/`.
//!
//! The `.stderr` snapshots are rustc 1.95's output (the toolchain this project builds with).
//! Regenerate them with `TRYBUILD=overwrite cargo test -p apifault-tests --test ui` and review
//! the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
    cases.pass("pass/*.rs");
}
