//! The extraction benchmarks (issue 14) as ratios to their baselines, in time and in
//! instructions.
//!
//! ```sh
//! cargo run --release -p apifault --features axum,validator,garde --example extract_report
//! cargo run --release -p apifault --features axum,validator,garde --example extract_report -- --help
//! ```
//!
//! The variants of `benches/extract_support` (apifault's `Json`, `Valid<Json>` and
//! `Garde<Json>`, each next to `axum::Json` alone or followed by the validation library by
//! hand), a valid order and one with 20 problems:
//!
//! - **time**: rounds in which every variant extracts a batch (about `--batch-ms`) of requests
//!   built before the clock starts, the order rotating by one each round; for each variant, the
//!   median over the rounds of its time divided by its baseline's time *in the same round*,
//!   and its median time;
//! - **instructions** (the stable figure): each variant runs in a child process under
//!   `valgrind --tool=callgrind` (`--only VARIANT INPUT ITERS`: build a request, extract it,
//!   ITERS times), once with 100 iterations and once with `100 + --iters`; the difference
//!   divided by `--iters` is one iteration, start-up cancelled out. The same difference gives
//!   the calls to `malloc`/`calloc` (and `realloc`). Building the request (`request_only`) is
//!   part of every iteration; the ratios are given with it and without it.
//!
//! `--profile VARIANT INPUT` prints where one variant's instructions go (`callgrind_annotate`,
//! exclusive cost by function). Nothing here runs in `cargo test`.

#[allow(dead_code)] // the divan benchmark's own helpers
#[path = "../benches/extract_support/mod.rs"]
mod extract_support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::extract_support::{Input, Variant};

const USAGE: &str = "\
usage: extract_report [OPTIONS]

  --rounds N          timing rounds (default 101)
  --batch-ms N        time of one variant's batch in a round, in ms (default 2)
  --iters N           extra iterations (N) of the callgrind difference (default 1000)
  --no-time           skip the timing rounds
  --no-callgrind      skip the instruction counts
  --profile VARIANT INPUT
                      print callgrind_annotate's functions for one variant, e.g.
                      --profile json valid
  --only VARIANT INPUT ITERS
                      build and extract ITERS requests and exit; what callgrind runs

VARIANT: axum_json json axum_json_validate valid axum_json_garde garde json_render request_only
INPUT: valid problems_20";

/// One measured (input, variant).
type Case = (Input, Variant);

fn cases() -> Vec<Case> {
    Input::ALL
        .into_iter()
        .flat_map(|input| Variant::ALL.map(|variant| (input, variant)))
        .collect()
}

fn parse_case(variant: &str, input: &str) -> Result<Case, String> {
    let variant = *Variant::ALL
        .iter()
        .find(|v| v.name() == variant)
        .ok_or_else(|| format!("unknown variant `{variant}`"))?;
    let input = *Input::ALL
        .iter()
        .find(|i| i.name() == input)
        .ok_or_else(|| format!("unknown input `{input}`"))?;
    Ok((input, variant))
}

struct Options {
    rounds: usize,
    batch: Duration,
    iters: u64,
    time: bool,
    callgrind: bool,
}

enum Mode {
    Report(Options),
    Profile(Case),
    Only(Case, u64),
    Help,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Mode, String> {
    let mut options = Options {
        rounds: 101,
        batch: Duration::from_millis(2),
        iters: 1000,
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
            "--no-time" => options.time = false,
            "--no-callgrind" => options.callgrind = false,
            "--profile" => {
                let (variant, input) = (next("--profile")?, next("INPUT")?);
                return Ok(Mode::Profile(parse_case(&variant, &input)?));
            }
            "--only" => {
                let (variant, input) = (next("--only")?, next("INPUT")?);
                let case = parse_case(&variant, &input)?;
                return Ok(Mode::Only(case, number(next("ITERS")?)?));
            }
            "-h" | "--help" => return Ok(Mode::Help),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
}

fn main() -> ExitCode {
    let result = match parse_args(std::env::args().skip(1)) {
        Ok(Mode::Only((input, variant), iters)) => {
            let mut buf = Vec::with_capacity(4096);
            for _ in 0..iters {
                let request = extract_support::request(input.body());
                extract_support::extract(variant, request, &mut buf);
            }
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
            eprintln!("extract_report: {error}");
            ExitCode::FAILURE
        }
    }
}

fn report(options: &Options) -> Result<(), String> {
    if cfg!(debug_assertions) {
        eprintln!("extract_report: a debug build; run with --release for meaningful times");
    }
    let cases = cases();
    for &(input, variant) in &cases {
        extract_support::check(variant, input);
    }
    println!(
        "apifault extraction report: an order, valid and with {} problems, {} cases\n",
        extract_support::PROBLEM_COUNT,
        cases.len()
    );
    if options.time {
        let times = time_rounds(&cases, options);
        print!("{}", time_table(&cases, &times, options.rounds));
    }
    if options.callgrind {
        let counts = cases
            .iter()
            .map(|&case| count_case(case, options.iters))
            .collect::<Result<Vec<_>, _>>()?;
        print!("{}", callgrind_table(&cases, &counts, options.iters));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Time

/// A case ready to time, with its batch size.
struct Timed {
    case: Case,
    buf: Vec<u8>,
    iters: usize,
}

impl Timed {
    fn new(case: Case, batch: Duration) -> Timed {
        let mut timed = Timed {
            case,
            buf: Vec::with_capacity(4096),
            iters: 1,
        };
        // Warm up and find the batch size: double until a batch takes a quarter of `batch`.
        while timed.run() < batch / 4 && timed.iters < 1 << 20 {
            timed.iters *= 2;
        }
        let elapsed = timed.run().as_nanos().max(1);
        let wanted = batch.as_nanos() * timed.iters as u128 / elapsed;
        timed.iters = usize::try_from(wanted.clamp(1, 1 << 20)).unwrap_or(1);
        timed
    }

    /// Builds a batch of requests, then times their extraction.
    fn run(&mut self) -> Duration {
        let (input, variant) = self.case;
        let requests: Vec<_> = (0..self.iters)
            .map(|_| extract_support::request(input.body()))
            .collect();
        let start = Instant::now();
        for request in requests {
            extract_support::extract(variant, request, &mut self.buf);
        }
        start.elapsed()
    }
}

/// Nanoseconds per extraction, by case and round.
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
            nanos[i].push(elapsed.as_secs_f64() * 1e9 / to_f64(timed[i].iters as u64));
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
        .expect("every baseline is a case")
}

fn time_table(cases: &[Case], times: &[Vec<f64>], rounds: usize) -> String {
    let mut out = format!(
        "## Time: median of {rounds} per-round ratios to the baseline (median ns per \
         extraction; the request is built before the clock starts)\n\n\
         | input | variant | baseline | ratio | ns |\n|---|---|---|---:|---:|\n"
    );
    for &(input, variant) in cases {
        let own = &times[index_of(cases, (input, variant))];
        let base = &times[index_of(cases, (input, variant.baseline()))];
        let ratios = own.iter().zip(base).map(|(t, b)| t / b).collect();
        let _ = writeln!(
            out,
            "| {input} | {variant} | {} | {:.3}x | {:.0} |",
            variant.baseline(),
            median(ratios),
            median(own.clone())
        );
    }
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

/// Per iteration: the difference of two runs divided by the extra iterations.
#[derive(Debug, Clone, Copy)]
struct PerIter {
    instructions: f64,
    allocs: f64,
    reallocs: f64,
}

/// Iterations done by both runs of the difference: start-up, first growth, lazy statics.
const BASE_ITERS: u64 = 100;

fn scratch_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("apifault-extract-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    Ok(dir)
}

/// Runs `case` `iters` times under callgrind, writing `out_file`.
fn run_callgrind((input, variant): Case, iters: u64, out_file: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|error| error.to_string())?;
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(&exe)
        .args(["--only", variant.name(), input.name(), &iters.to_string()])
        .output()
        .map_err(|error| {
            format!("cannot run valgrind ({error}); install it or pass --no-callgrind")
        })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "callgrind failed for {variant} {input}: {}",
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

fn count_case(case: Case, iters: u64) -> Result<PerIter, String> {
    let dir = scratch_dir()?;
    let mut runs = [Counted::default(); 2];
    for (run, total) in runs.iter_mut().zip([BASE_ITERS, BASE_ITERS + iters]) {
        let file = dir.join(format!("{}-{}-{total}.out", case.1, case.0));
        run_callgrind(case, total, &file)?;
        let text = std::fs::read_to_string(&file).map_err(|error| error.to_string())?;
        *run = parse_callgrind(&text);
        let _ = std::fs::remove_file(&file);
    }
    let _ = std::fs::remove_dir(&dir);
    let per = |long: u64, short: u64| to_f64(long.saturating_sub(short)) / to_f64(iters);
    Ok(PerIter {
        instructions: per(runs[1].instructions, runs[0].instructions),
        allocs: per(runs[1].allocs, runs[0].allocs),
        reallocs: per(runs[1].reallocs, runs[0].reallocs),
    })
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn to_f64(n: u64) -> f64 {
    n as f64
}

fn callgrind_table(cases: &[Case], counts: &[PerIter], iters: u64) -> String {
    let mut out = format!(
        "## Instructions per iteration (callgrind, difference of {BASE_ITERS} and {} \
         iterations): with the request built, the ratio to the baseline, then without it \
         (request_only subtracted from both); allocations: malloc + calloc (realloc)\n\n\
         | input | variant | baseline | instructions | ratio | extraction only | ratio | allocations |\n\
         |---|---|---|---:|---:|---:|---:|---:|\n",
        BASE_ITERS + iters
    );
    for &(input, variant) in cases {
        let own = counts[index_of(cases, (input, variant))];
        let base = counts[index_of(cases, (input, variant.baseline()))];
        let request = counts[index_of(cases, (input, Variant::RequestOnly))];
        let _ = writeln!(
            out,
            "| {input} | {variant} | {} | {:.0} | {:.3}x | {:.0} | {:.3}x | {} ({}) |",
            variant.baseline(),
            own.instructions,
            own.instructions / base.instructions,
            own.instructions - request.instructions,
            (own.instructions - request.instructions) / (base.instructions - request.instructions),
            round(own.allocs),
            round(own.reallocs),
        );
    }
    out.push('\n');
    out
}

/// A per-iteration count: whole when it is.
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
    let dir = scratch_dir()?;
    let file = dir.join("profile.out");
    let iters = 2_000;
    run_callgrind(case, iters, &file)?;
    let output = Command::new("callgrind_annotate")
        .arg("--threshold=99")
        .arg("--auto=no")
        .arg(&file)
        .output()
        .map_err(|error| format!("cannot run callgrind_annotate: {error}"))?;
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir(&dir);
    println!(
        "{iters} iterations of {} on {} (plus start-up), exclusive instructions by function:\n",
        case.1, case.0
    );
    print!("{}", String::from_utf8_lossy(&output.stdout));
    Ok(())
}
