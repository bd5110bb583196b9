//! Localized rendering (issue 18): a message in German next to the same message in the
//! default locale, in the `errors` and `problem` formats (the latter with a translated
//! title), and a plural select. The target is at most 1.1x the default message's time, with no
//! allocation but the output buffer (a reused buffer: none at all).
//!
//! ```sh
//! cargo bench -p apifault --bench localized
//! ```
//!
//! Divan's allocation profiler is the global allocator: each row shows the allocations per
//! iteration (0 everywhere). BENCHMARKS.md has the figures.

use apifault::{ApiError, BuiltinFormat, ErrorResponse};
use divan::{AllocProfiler, Bencher};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// The render benchmarks' `ConcurrentModification`, with German beside it
/// (`benches/locales/de.ftl`).
#[derive(Debug, ApiError)]
#[api(
    format = "errors",
    rename_all = "camelCase",
    locales = "benches/locales",
    default_locale = "en"
)]
enum ConnectError {
    #[api(
        status = 409,
        code = "ConcurrentModification",
        message = "Object id={resource_id} or key={resource_key} has a different version \
                   than expected. Expected: {expected_version} - Actual: {current_version})"
    )]
    ConcurrentModification {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        expected_version: i64,
        current_version: i64,
    },
    #[api(
        status = 409,
        code = "OutOfStock",
        message = "Only {copies} copies left"
    )]
    OutOfStock { copies: u32 },
}

fn modification() -> ConnectError {
    ConnectError::ConcurrentModification {
        resource_id: "abc".into(),
        resource_key: "k1".into(),
        expected_version: 3,
        current_version: 4,
    }
}

/// The locale of a row: the default (no locale chosen) or German.
const LOCALES: [&str; 2] = ["default", "de"];

fn response(error: ConnectError, locale: &str) -> ErrorResponse<ConnectError> {
    let response = ErrorResponse::new(error);
    if locale == "default" {
        response
    } else {
        response.with_locale(locale)
    }
}

fn bench(bencher: Bencher<'_, '_>, response: &ErrorResponse<ConnectError>, format: BuiltinFormat) {
    let mut buf = Vec::new();
    response.render_as(&format, &mut buf).unwrap();
    bencher.bench_local(|| {
        buf.clear();
        divan::black_box(response)
            .render_as(&format, &mut buf)
            .unwrap();
        divan::black_box(buf.as_slice());
    });
}

#[divan::bench(args = LOCALES)]
fn errors(bencher: Bencher<'_, '_>, locale: &str) {
    bench(
        bencher,
        &response(modification(), locale),
        BuiltinFormat::Errors,
    );
}

#[divan::bench(args = LOCALES)]
fn problem(bencher: Bencher<'_, '_>, locale: &str) {
    bench(
        bencher,
        &response(modification(), locale),
        BuiltinFormat::Problem,
    );
}

#[divan::bench(args = LOCALES)]
fn plural(bencher: Bencher<'_, '_>, locale: &str) {
    bench(
        bencher,
        &response(ConnectError::OutOfStock { copies: 7 }, locale),
        BuiltinFormat::Detail,
    );
}
