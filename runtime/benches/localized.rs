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

fn response(error: ConnectError, locale: Option<&str>) -> ErrorResponse<ConnectError> {
    let response = ErrorResponse::new(error);
    match locale {
        Some(locale) => response.with_locale(locale),
        None => response,
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

/// One module per case, a function per locale (`default`: none chosen), so that a filter
/// such as `errors::de` names one row (for callgrind, see BENCHMARKS.md).
macro_rules! cases {
    ($($case:ident => $format:expr, $error:expr;)*) => {$(
        mod $case {
            use divan::Bencher;

            use super::*;

            #[divan::bench]
            fn default(bencher: Bencher<'_, '_>) {
                bench(bencher, &response($error, None), $format);
            }

            #[divan::bench]
            fn de(bencher: Bencher<'_, '_>) {
                bench(bencher, &response($error, Some("de")), $format);
            }
        }
    )*};
}

cases! {
    errors => BuiltinFormat::Errors, modification();
    problem => BuiltinFormat::Problem, modification();
    plural => BuiltinFormat::Detail, ConnectError::OutOfStock { copies: 7 };
}
