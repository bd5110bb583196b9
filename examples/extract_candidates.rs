//! The candidates for reporting every problem of a body at once (issue 14), measured side by
//! side on the model and the two bodies of the extraction benchmarks (BENCHMARKS.md, "Every
//! problem at once"): `cargo run --release -p apifault-examples --example extract_candidates
//! -- [ROUNDS]`.
//!
//! - `apifault::collect`: what the extractors do: `serde_json::from_slice` first, and only for
//!   a rejected body a `serde_json::Value` replayed through the collecting deserializer; plain
//!   serde types.
//! - `eserde`: its own derive on every type; `eserde::json::from_slice` runs serde first, then
//!   its second pass for the errors.
//! - JSON Schema: a `schemars` schema of the type, checked by `jsonschema` (the crate the
//!   contract checker uses) on the parsed body, then `serde_json::from_value` for a valid one:
//!   the schema you document would be the one you enforce.
//!
//! For each it prints what it found in the 20-problem body (how many problems, and how many
//! of them it locates at their field) and the median time per body over the rounds, each round
//! timing every candidate once in turn, the ratio taken per round.

use std::hint::black_box;
use std::time::Instant;

/// The model with plain serde derives (what apifault reads).
mod plain {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Order {
        name: String,
        quantity: i64,
        price: f64,
        active: bool,
        tags: Vec<String>,
        address: Address,
        note: Option<String>,
        color: Color,
        level: u8,
        lines: Vec<Line>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Address {
        city: String,
        zip: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Line {
        sku: String,
        quantity: u32,
        unit_price: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub(crate) enum Color {
        Red,
        Green,
    }
}

/// The same model with eserde's derive.
mod with_eserde {
    #[derive(Debug, eserde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by eserde only")]
    pub(crate) struct Order {
        name: String,
        quantity: i64,
        price: f64,
        active: bool,
        tags: Vec<String>,
        address: Address,
        note: Option<String>,
        color: Color,
        level: u8,
        lines: Vec<Line>,
    }

    #[derive(Debug, eserde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by eserde only")]
    pub(crate) struct Address {
        city: String,
        zip: String,
    }

    #[derive(Debug, eserde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by eserde only")]
    pub(crate) struct Line {
        sku: String,
        quantity: u32,
        unit_price: f64,
    }

    #[derive(Debug, eserde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub(crate) enum Color {
        Red,
        Green,
    }
}

/// The same model with a schemars schema.
mod with_schema {
    use schemars::JsonSchema;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Order {
        name: String,
        quantity: i64,
        price: f64,
        active: bool,
        tags: Vec<String>,
        address: Address,
        note: Option<String>,
        color: Color,
        level: u8,
        lines: Vec<Line>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Address {
        city: String,
        zip: String,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde only")]
    pub(crate) struct Line {
        sku: String,
        quantity: u32,
        unit_price: f64,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(rename_all = "lowercase")]
    pub(crate) enum Color {
        Red,
        Green,
    }
}

/// The valid order of the extraction benchmarks (`runtime/benches/extract_support`).
const VALID: &str = concat!(
    r#"{"name":"Spring restock","quantity":12,"price":249.5,"active":true,"#,
    r#""tags":["garden","tools","priority"],"#,
    r#""address":{"city":"Rotterdam","zip":"3011AA"},"#,
    r#""note":"Deliver to the loading dock, not the front desk.","color":"green","level":3,"#,
    r#""lines":[{"sku":"RAKE-01","quantity":4,"unit_price":12.95},"#,
    r#"{"sku":"SPADE-22","quantity":2,"unit_price":24.5},"#,
    r#"{"sku":"HOSE-15M","quantity":1,"unit_price":39.0},"#,
    r#"{"sku":"GLOVES-L","quantity":10,"unit_price":4.25},"#,
    r#"{"sku":"SEED-MIX","quantity":25,"unit_price":1.99}]}"#,
);

/// Its 20-problem twin, with the problems' paths (as FastAPI's `loc` after `body`).
const PROBLEMS_20: &str = concat!(
    r#"{"name":5,"quantity":"twelve","active":"maybe","#,
    r#""tags":["garden",2,true],"#,
    r#""address":{"city":1,"country":"NL"},"#,
    r#""note":5,"color":"blue","level":300,"#,
    r#""lines":[{"sku":1,"quantity":-1,"unit_price":"cheap"},"#,
    r#"{"sku":"SPADE-22","quantity":"2","unit_price":24.5},"#,
    r#"{"quantity":1.5,"unit_price":39.0,"discount":0.1}],"#,
    r#""coupon":"SPRING"}"#,
);

const PATHS_20: [&str; 20] = [
    "name",
    "quantity",
    "price",
    "active",
    "tags[1]",
    "tags[2]",
    "address.city",
    "address.zip",
    "address.country",
    "note",
    "color",
    "level",
    "lines[0].sku",
    "lines[0].quantity",
    "lines[0].unit_price",
    "lines[1].quantity",
    "lines[2].sku",
    "lines[2].quantity",
    "lines[2].discount",
    "coupon",
];

/// What a candidate reports for a body: the paths of its problems (empty when it accepts it).
type Candidate<'a> = (&'static str, Box<dyn Fn(&[u8]) -> Vec<String> + 'a>);

fn candidates(schema: &jsonschema::Validator) -> Vec<Candidate<'_>> {
    vec![
        (
            "apifault::collect (plain serde types)",
            Box::new(|body: &[u8]| {
                if let Ok(order) = serde_json::from_slice::<plain::Order>(body) {
                    black_box(order);
                    return Vec::new();
                }
                let value: serde_json::Value = serde_json::from_slice(body).unwrap();
                let violations =
                    apifault::collect::from_value::<plain::Order>(&value, apifault::Source::Body)
                        .unwrap_err();
                violations.iter().map(|v| v.path().to_string()).collect()
            }),
        ),
        (
            "eserde (its own derive)",
            Box::new(
                |body: &[u8]| match eserde::json::from_slice::<with_eserde::Order>(body) {
                    Ok(order) => {
                        black_box(order);
                        Vec::new()
                    }
                    Err(errors) => errors
                        .iter()
                        .map(|e| e.path().map(ToString::to_string).unwrap_or_default())
                        .collect(),
                },
            ),
        ),
        (
            "schemars + jsonschema, then serde",
            Box::new(move |body: &[u8]| {
                let value: serde_json::Value = serde_json::from_slice(body).unwrap();
                let problems: Vec<String> = schema
                    .iter_errors(&value)
                    .map(|e| e.instance_path().to_string())
                    .collect();
                if problems.is_empty() {
                    black_box(serde_json::from_value::<with_schema::Order>(value).unwrap());
                }
                problems
            }),
        ),
    ]
}

/// A JSON Pointer (`/lines/0/sku`) as apifault writes a path (`lines[0].sku`); other paths as
/// they are.
fn as_path(found: &str) -> String {
    let Some(pointer) = found.strip_prefix('/') else {
        return found.to_owned();
    };
    let mut path = String::new();
    for segment in pointer.split('/') {
        if segment.parse::<usize>().is_ok() {
            path.push('[');
            path.push_str(segment);
            path.push(']');
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(segment);
        }
    }
    path
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Nanoseconds per call of `candidate` on `body`, over `iterations` calls.
fn time(candidate: &dyn Fn(&[u8]) -> Vec<String>, body: &[u8], iterations: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(candidate(black_box(body)));
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(iterations)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map_or(21, |rounds| rounds.parse().expect("ROUNDS is a number"));
    let schema = serde_json::to_value(schemars::schema_for!(with_schema::Order)).unwrap();
    let schema = jsonschema::validator_for(&schema).unwrap();
    let candidates = candidates(&schema);

    println!("What each finds in the 20-problem body (paths as apifault writes them):");
    for (name, candidate) in &candidates {
        assert!(
            candidate(VALID.as_bytes()).is_empty(),
            "{name} accepts the valid body"
        );
        let found = candidate(PROBLEMS_20.as_bytes());
        let located = PATHS_20
            .iter()
            .filter(|path| found.iter().any(|f| as_path(f) == **path))
            .count();
        println!(
            "- {name}: {} problems, {located} of the 20 at their field",
            found.len()
        );
        println!(
            "    {}",
            found
                .iter()
                .map(|f| as_path(f))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    println!("\nMedian ns per body over {rounds} rounds (ratio to apifault per round):");
    for (label, body, iterations) in [
        ("valid", VALID.as_bytes(), 20_000),
        ("20 problems", PROBLEMS_20.as_bytes(), 2_000),
    ] {
        let mut times = vec![Vec::new(); candidates.len()];
        let mut ratios = vec![Vec::new(); candidates.len()];
        for round in 0..rounds {
            let mut this_round = vec![0.0; candidates.len()];
            // Alternate the order, so that drift in the machine's load falls on every side.
            let order: Vec<usize> = if round % 2 == 0 {
                (0..candidates.len()).collect()
            } else {
                (0..candidates.len()).rev().collect()
            };
            for index in order {
                this_round[index] = time(&*candidates[index].1, body, iterations);
            }
            for (index, ns) in this_round.iter().enumerate() {
                times[index].push(*ns);
                ratios[index].push(ns / this_round[0]);
            }
        }
        for (index, (name, _)) in candidates.iter().enumerate() {
            println!(
                "| {label} | {name} | {:.0} ns | {:.2}x |",
                median(times[index].clone()),
                median(ratios[index].clone())
            );
        }
    }
}
