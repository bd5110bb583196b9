//! The render benchmarks as ratios to the serde limit (issue 7, DESIGN section 8).
//!
//! ```sh
//! cargo run --release -p apifault --example bench_report            # time, then callgrind
//! cargo run --release -p apifault --example bench_report -- --help  # the options
//! ```
//!
//! Two measurements of the variants of `benches/support` (the derived rendering, the serde
//! limit, `to_string()` then derive, `serde_json::Value`, and `http-api-problem` for
//! problem+json), one and ten errors, each format:
//!
//! - **time**: rounds in which every variant renders a batch (about `--batch-ms`) into its own
//!   reused buffer, the order rotating by one each round; for each variant, the median over the
//!   rounds of its time divided by the serde limit's time *in the same round* (so a slow
//!   round, a frequency change or a noisy neighbour cancels out), and its median time;
//! - **instructions** (the stable figure): each variant runs in a child process under
//!   `valgrind --tool=callgrind`, once with `B` renders and once with `B + N`; the difference
//!   divided by `N` is the instructions of one render, with start-up and the first render's
//!   buffer growth cancelled out. The calls to `malloc`/`calloc`/`posix_memalign` and to
//!   `realloc` in the same difference are the allocations and reallocations of one render.
//!
//! `--profile FORMAT COUNT VARIANT` prints where one variant's instructions go
//! (`callgrind_annotate`, exclusive cost by function). Nothing here runs in `cargo test`.

#[path = "../benches/support/mod.rs"]
mod support;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::support::{COUNTS, Variant, Wire};

const USAGE: &str = "\
usage: bench_report [OPTIONS]

  --rounds N          timing rounds (default 101)
  --batch-ms N        time of one variant's batch in a round, in ms (default 2)
  --iters N           extra renders (N) of the callgrind difference (default 1000)
  --jobs N            callgrind processes at once (default 2)
  --no-time           skip the timing rounds
  --no-callgrind      skip the instruction counts
  --profile FORMAT COUNT VARIANT
                      print callgrind_annotate's functions for one variant, e.g.
                      --profile problem 1 derived
  --child FORMAT COUNT VARIANT ITERS
                      (internal) render ITERS times and exit; what callgrind runs

FORMAT: errors problem envelope detail; COUNT: 1 10;
VARIANT: derived serde_limit to_string_derive json_value http_api_problem";

/// One measured (format, number of errors, variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case {
    wire: Wire,
    count: usize,
    variant: Variant,
}

impl Case {
    fn all() -> Vec<Case> {
        let mut cases = Vec::new();
        for wire in Wire::ALL {
            for count in COUNTS {
                for &variant in wire.variants() {
                    cases.push(Case {
                        wire,
                        count,
                        variant,
                    });
                }
            }
        }
        cases
    }

    fn limit(self) -> Case {
        Case {
            variant: Variant::SerdeLimit,
            ..self
        }
    }

    fn parse(wire: &str, count: &str, variant: &str) -> Result<Case, String> {
        let case = Case {
            wire: *Wire::ALL
                .iter()
                .find(|w| w.name() == wire)
                .ok_or_else(|| format!("unknown format `{wire}`"))?,
            count: count
                .parse()
                .map_err(|_| format!("not a number of errors: `{count}`"))?,
            variant: *Variant::ALL
                .iter()
                .find(|v| v.name() == variant)
                .ok_or_else(|| format!("unknown variant `{variant}`"))?,
        };
        if case.count == 0 || support::renderer(case.wire, case.variant).is_none() {
            return Err(format!("no such case: {wire} {count} {variant}"));
        }
        Ok(case)
    }

    fn args(self) -> [String; 3] {
        [
            self.wire.name().to_owned(),
            self.count.to_string(),
            self.variant.name().to_owned(),
        ]
    }
}

/// Renders `case` `iters` times into one reused buffer.
fn render_loop(case: Case, iters: u64) {
    let response = support::fixture(case.count);
    let render = support::renderer(case.wire, case.variant).expect("a valid case");
    let mut buf = Vec::new();
    for _ in 0..iters {
        buf.clear();
        render(black_box(&response), &mut buf);
        black_box(buf.as_slice());
    }
}

struct Options {
    rounds: usize,
    batch: Duration,
    iters: u64,
    jobs: usize,
    time: bool,
    callgrind: bool,
}

enum Mode {
    Report(Options),
    Profile(Case),
    Child(Case, u64),
    Help,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Mode, String> {
    let mut options = Options {
        rounds: 101,
        batch: Duration::from_millis(2),
        iters: 1000,
        jobs: 2,
        time: true,
        callgrind: true,
    };
    let mut next = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
    let number = |text: String| {
        text.parse::<u64>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("not a positive number: `{text}`"))
    };
    loop {
        let Ok(arg) = next("") else {
            return Ok(Mode::Report(options));
        };
        match arg.as_str() {
            "--rounds" => options.rounds = usize::try_from(number(next("--rounds")?)?).unwrap_or(1),
            "--batch-ms" => options.batch = Duration::from_millis(number(next("--batch-ms")?)?),
            "--iters" => options.iters = number(next("--iters")?)?,
            "--jobs" => options.jobs = usize::try_from(number(next("--jobs")?)?).unwrap_or(1),
            "--no-time" => options.time = false,
            "--no-callgrind" => options.callgrind = false,
            "--profile" => {
                let (wire, count, variant) = (next("--profile")?, next("COUNT")?, next("VARIANT")?);
                return Ok(Mode::Profile(Case::parse(&wire, &count, &variant)?));
            }
            "--child" => {
                let (wire, count, variant) = (next("--child")?, next("COUNT")?, next("VARIANT")?);
                let case = Case::parse(&wire, &count, &variant)?;
                return Ok(Mode::Child(case, number(next("ITERS")?)?));
            }
            "-h" | "--help" => return Ok(Mode::Help),
            // `cargo bench` passes `--bench` to every target it runs.
            "--bench" => {}
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
}

fn main() -> ExitCode {
    let result = match parse_args(std::env::args().skip(1)) {
        Ok(Mode::Child(case, iters)) => {
            render_loop(case, iters);
            Ok(())
        }
        Ok(Mode::Help) => {
            println!("{USAGE}");
            Ok(())
        }
        Ok(Mode::Profile(case)) => profile(case),
        Ok(Mode::Report(options)) => report(&options),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench_report: {error}");
            ExitCode::FAILURE
        }
    }
}

fn report(options: &Options) -> Result<(), String> {
    if cfg!(debug_assertions) {
        eprintln!("bench_report: a debug build; run with --release for meaningful times");
    }
    let cases = Case::all();
    println!(
        "apifault render report: `ConcurrentModification` errors, {} variants\n",
        cases.len()
    );
    if options.time {
        let times = time_rounds(&cases, options);
        print!("{}", time_table(&cases, &times, options.rounds));
    }
    if options.callgrind {
        let counts = callgrind_all(&cases, options)?;
        print!("{}", callgrind_table(&cases, &counts, options.iters));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Time

/// A case ready to time: its response, renderer, buffer and batch size.
struct Timed {
    response: apifault::ErrorResponse<support::ConnectError>,
    render: support::Render,
    buf: Vec<u8>,
    iters: u32,
}

impl Timed {
    fn new(case: Case, batch: Duration) -> Timed {
        let mut timed = Timed {
            response: support::fixture(case.count),
            render: support::renderer(case.wire, case.variant).expect("a valid case"),
            buf: Vec::new(),
            iters: 1,
        };
        // Warm up and find the batch size: double until a batch takes a quarter of `batch`.
        while timed.run() < batch / 4 && timed.iters < 1 << 24 {
            timed.iters *= 2;
        }
        let elapsed = timed.run().as_nanos().max(1);
        let wanted = batch.as_nanos() * u128::from(timed.iters) / elapsed;
        timed.iters = u32::try_from(wanted.clamp(1, 1 << 24)).unwrap_or(1);
        timed
    }

    /// Times one batch.
    fn run(&mut self) -> Duration {
        let start = Instant::now();
        for _ in 0..self.iters {
            self.buf.clear();
            (self.render)(black_box(&self.response), &mut self.buf);
            black_box(self.buf.as_slice());
        }
        start.elapsed()
    }
}

/// Nanoseconds per render, by case and round.
fn time_rounds(cases: &[Case], options: &Options) -> Vec<Vec<f64>> {
    let mut timed: Vec<Timed> = cases
        .iter()
        .map(|&case| Timed::new(case, options.batch))
        .collect();
    let mut nanos = vec![Vec::with_capacity(options.rounds); cases.len()];
    for round in 0..options.rounds {
        for k in 0..cases.len() {
            let i = (round + k) % cases.len();
            let elapsed = timed[i].run();
            nanos[i].push(elapsed.as_secs_f64() * 1e9 / f64::from(timed[i].iters));
        }
    }
    nanos
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        f64::midpoint(values[mid - 1], values[mid])
    }
}

fn index_of(cases: &[Case], case: Case) -> usize {
    cases
        .iter()
        .position(|&c| c == case)
        .expect("every case has a serde limit")
}

/// One table row per (format, count), one column per variant.
fn table(cases: &[Case], mut cell: impl FnMut(Case) -> String) -> String {
    let mut out = String::from("| format | errors |");
    for variant in Variant::ALL {
        let _ = write!(out, " {variant} |");
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(Variant::ALL.len()));
    out.push('\n');
    for wire in Wire::ALL {
        for count in COUNTS {
            let _ = write!(out, "| {wire} | {count} |");
            for variant in Variant::ALL {
                let case = Case {
                    wire,
                    count,
                    variant,
                };
                if cases.contains(&case) {
                    let _ = write!(out, " {} |", cell(case));
                } else {
                    out.push_str(" |");
                }
            }
            out.push('\n');
        }
    }
    out
}

fn time_table(cases: &[Case], times: &[Vec<f64>], rounds: usize) -> String {
    let mut out = format!(
        "## Time: median of {rounds} per-round ratios to serde_limit (median ns per render)\n\n"
    );
    out.push_str(&table(cases, |case| {
        let own = &times[index_of(cases, case)];
        let limit = &times[index_of(cases, case.limit())];
        let ratios = own.iter().zip(limit).map(|(t, l)| t / l).collect();
        format!("{:.2}x ({:.0} ns)", median(ratios), median(own.clone()))
    }));
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// Instructions

/// What callgrind counted in one run.
#[derive(Debug, Clone, Copy, Default)]
struct Counted {
    instructions: u64,
    allocs: u64,
    reallocs: u64,
}

/// Per render: the difference of two runs divided by the extra renders.
#[derive(Debug, Clone, Copy)]
struct PerRender {
    instructions: f64,
    allocs: f64,
    reallocs: f64,
}

/// Renders done by both runs of the difference: start-up, first growth, lazy statics.
const BASE_ITERS: u64 = 100;

fn valgrind_version() -> Result<String, String> {
    let output = Command::new("valgrind")
        .arg("--version")
        .output()
        .map_err(|error| {
            format!("cannot run valgrind ({error}); install it or pass --no-callgrind")
        })?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn scratch_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("apifault-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    Ok(dir)
}

/// Runs `case` `iters` times under callgrind, writing `out_file`.
fn run_callgrind(case: Case, iters: u64, out_file: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|error| error.to_string())?;
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(&exe)
        .arg("--child")
        .args(case.args())
        .arg(iters.to_string())
        .output()
        .map_err(|error| format!("cannot run valgrind: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "callgrind failed for {case:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Total instructions and calls to the allocator in a callgrind output file.
fn parse_callgrind(text: &str) -> Counted {
    let mut counted = Counted::default();
    let mut names: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut callee = "";
    for line in text.lines() {
        if let Some(total) = line
            .strip_prefix("totals:")
            .or_else(|| line.strip_prefix("summary:"))
        {
            counted.instructions = total.trim().parse().unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("cfn=") {
            // `cfn=(id) name` the first time, `cfn=(id)` after.
            let (id, name) = rest.split_once(' ').unwrap_or((rest, ""));
            if !name.is_empty() {
                names.insert(id, name);
            }
            callee = names.get(id).copied().unwrap_or(name);
        } else if let Some(rest) = line.strip_prefix("fn=") {
            if let Some((id, name)) = rest.split_once(' ') {
                names.insert(id, name);
            }
        } else if let Some(rest) = line.strip_prefix("calls=") {
            let calls: u64 = rest
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            match callee {
                "malloc" | "calloc" | "posix_memalign" | "aligned_alloc" | "memalign" => {
                    counted.allocs += calls;
                }
                "realloc" => counted.reallocs += calls,
                _ => {}
            }
        }
    }
    counted
}

fn count_case(case: Case, iters: u64, dir: &Path) -> Result<PerRender, String> {
    let mut runs = [Counted::default(); 2];
    for (run, total) in runs.iter_mut().zip([BASE_ITERS, BASE_ITERS + iters]) {
        let [wire, count, variant] = case.args();
        let file = dir.join(format!("{wire}-{count}-{variant}-{total}.out"));
        run_callgrind(case, total, &file)?;
        let text = std::fs::read_to_string(&file).map_err(|error| error.to_string())?;
        *run = parse_callgrind(&text);
        let _ = std::fs::remove_file(&file);
    }
    let per = |long: u64, short: u64| to_f64(long.saturating_sub(short)) / to_f64(iters);
    Ok(PerRender {
        instructions: per(runs[1].instructions, runs[0].instructions),
        allocs: per(runs[1].allocs, runs[0].allocs),
        reallocs: per(runs[1].reallocs, runs[0].reallocs),
    })
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn to_f64(n: u64) -> f64 {
    n as f64
}

fn callgrind_all(cases: &[Case], options: &Options) -> Result<Vec<PerRender>, String> {
    let version = valgrind_version()?;
    let dir = scratch_dir()?;
    eprintln!(
        "bench_report: {} variants under {version}, {} processes at once...",
        cases.len(),
        options.jobs
    );
    let next = Mutex::new(0usize);
    let results = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|scope| {
        for _ in 0..options.jobs {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut next = next.lock().expect("lock");
                        let i = *next;
                        *next += 1;
                        i
                    };
                    let Some(&case) = cases.get(i) else { break };
                    let counted = count_case(case, options.iters, &dir);
                    results.lock().expect("lock")[i] = Some(counted);
                }
            });
        }
    });
    let _ = std::fs::remove_dir(&dir);
    results
        .into_inner()
        .expect("lock")
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err("not run".to_owned())))
        .collect()
}

fn callgrind_table(cases: &[Case], counts: &[PerRender], iters: u64) -> String {
    let limit = |case: Case| counts[index_of(cases, case.limit())].instructions;
    let mut out = format!(
        "## Instructions: ratio to serde_limit (instructions per render; callgrind, \
         difference of {BASE_ITERS} and {} renders)\n\n",
        BASE_ITERS + iters
    );
    out.push_str(&table(cases, |case| {
        let own = counts[index_of(cases, case)].instructions;
        format!("{:.2}x ({own:.0})", own / limit(case))
    }));
    out.push_str("\n## Allocations per render: malloc + calloc (realloc), callgrind\n\n");
    out.push_str(&table(cases, |case| {
        let own = counts[index_of(cases, case)];
        format!("{} ({})", round(own.allocs), round(own.reallocs))
    }));
    out.push('\n');
    out
}

/// A per-render count: whole when it is.
fn round(count: f64) -> String {
    if (count - count.round()).abs() < 0.005 {
        format!("{count:.0}")
    } else {
        format!("{count:.2}")
    }
}

// ---------------------------------------------------------------------------------------------
// Profile

fn profile(case: Case) -> Result<(), String> {
    valgrind_version()?;
    let dir = scratch_dir()?;
    let file = dir.join("profile.out");
    let iters = 20_000;
    run_callgrind(case, iters, &file)?;
    let output = Command::new("callgrind_annotate")
        .arg("--threshold=99")
        .arg("--auto=no")
        .arg(&file)
        .output()
        .map_err(|error| format!("cannot run callgrind_annotate: {error}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    println!(
        "{iters} renders of {} {} {} (plus start-up), exclusive instructions by function:\n",
        case.wire, case.count, case.variant
    );
    for line in text
        .lines()
        .skip_while(|line| !line.contains("file:function"))
        .take(45)
    {
        println!("{line}");
    }
    println!("\n(callgrind output kept in {})", file.display());
    Ok(())
}
