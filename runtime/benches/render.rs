//! Rendering benchmarks (issue 7, DESIGN section 8): the derived rendering side by side with
//! the serde limit (a hand-written `Serialize`, messages through `collect_str`), a
//! `to_string()`-then-derive baseline, a `serde_json::Value` baseline and, for problem+json,
//! the `http-api-problem` crate; one and ten `ConcurrentModification` errors in each format.
//!
//! ```sh
//! cargo bench -p apifault --bench render                  # everything
//! cargo bench -p apifault --bench render -- problem::ten  # a filter
//! ```
//!
//! Divan's allocation profiler is the global allocator: each row also shows the allocations
//! (`alloc`), buffer growth (`grow`) and frees (`dealloc`) per iteration. Every iteration
//! clears and reuses one buffer, grown once before measuring. The ratio report
//! (`examples/bench_report.rs`) prints the same variants as ratios to the serde limit, with
//! instruction counts; BENCHMARKS.md has the numbers.

#[allow(dead_code)] // the benchmarks name their formats and counts themselves
mod support;

use divan::{AllocProfiler, Bencher};

use crate::support::{Variant, Wire};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// Renders `count` errors in `wire` the `variant` way into one reused, cleared buffer.
fn bench(bencher: Bencher<'_, '_>, wire: Wire, count: usize, variant: Variant) {
    let response = support::fixture(count);
    let render = support::renderer(wire, variant).expect("a variant of this format");
    let mut buf = Vec::new();
    render(&response, &mut buf);
    bencher.bench_local(|| {
        buf.clear();
        render(divan::black_box(&response), &mut buf);
        divan::black_box(buf.as_slice());
    });
}

/// One module per format, `one` and `ten` errors, one row per variant.
macro_rules! formats {
    ($($module:ident => $wire:expr,)*) => {$(
        mod $module {
            use divan::Bencher;

            use crate::support::{Variant, Wire};

            const WIRE: Wire = $wire;

            #[divan::bench(args = WIRE.variants())]
            fn one(bencher: Bencher<'_, '_>, variant: Variant) {
                super::bench(bencher, WIRE, 1, variant);
            }

            #[divan::bench(args = WIRE.variants())]
            fn ten(bencher: Bencher<'_, '_>, variant: Variant) {
                super::bench(bencher, WIRE, 10, variant);
            }
        }
    )*};
}

formats! {
    errors => Wire::Errors,
    problem => Wire::Problem,
    envelope => Wire::Envelope,
    detail => Wire::Detail,
}
