//! Extraction benchmarks (issue 14): a JSON body through apifault's extractors side by side
//! with `axum::Json<T>` (and, for `Valid` and `Garde`, `axum::Json<T>` then the validation
//! library by hand), for a valid order and for one with 20 problems.
//!
//! ```sh
//! cargo bench -p apifault --features axum,validator,garde --bench extract
//! cargo bench -p apifault --features axum,validator,garde --bench extract -- valid  # a filter
//! ```
//!
//! Divan's allocation profiler is the global allocator: each row also shows the allocations
//! (`alloc`), growth (`grow`) and frees (`dealloc`) per iteration. The request (built outside
//! the measurement) is consumed by the extractor; what it got is dropped inside it. The model,
//! the bodies and the variants are in `extract_support`; `examples/extract_report.rs` prints
//! the same variants as ratios, with callgrind instruction counts; BENCHMARKS.md, "Every
//! problem at once", has the numbers.

#[allow(dead_code)] // the ratio report uses the baselines
mod extract_support;

use divan::{AllocProfiler, Bencher};

use crate::extract_support::{Input, Variant};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    for input in Input::ALL {
        for variant in Variant::ALL {
            extract_support::check(variant, input);
        }
    }
    divan::main();
}

/// Extracts `input` the `variant` way from a fresh request each iteration.
fn bench(bencher: Bencher<'_, '_>, input: Input, variant: Variant) {
    let mut buf = Vec::with_capacity(4096);
    bencher
        .with_inputs(|| extract_support::request(input.body()))
        .bench_local_values(|request| extract_support::extract(variant, request, &mut buf));
}

/// A valid order (496 bytes, five lines), through every variant.
#[divan::bench(args = Variant::ALL)]
fn valid(bencher: Bencher<'_, '_>, variant: Variant) {
    bench(bencher, Input::Valid, variant);
}

/// The order with 20 problems: apifault's extractors report all 20, axum's `Json` the first.
#[divan::bench(args = Variant::ALL)]
fn problems_20(bencher: Bencher<'_, '_>, variant: Variant) {
    bench(bencher, Input::Problems20, variant);
}
