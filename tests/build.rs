//! Generates the enum of `redaction_properties.rs`: variants for every status in 400..=599,
//! each with a pseudo-random choice of field kinds (named, renamed, `rename_all`-renamed,
//! flattened, optional, list, skipped, header) and, for 5xx statuses, each way of exposing them
//! (none, the variant, some fields). Beside each variant it writes what the server must do
//! with each field, worked out here from the rules and not from the derive, so the test holds
//! the derive to an independent oracle.

use std::fmt::Write as _;
use std::path::Path;

/// A field kind: its declaration (`{name}` and `{attrs}` filled in) and how a value is built.
struct Kind {
    name: &'static str,
    ty: &'static str,
    /// The `#[api(...)]` keys the kind needs, besides `expose`.
    keys: &'static [&'static str],
    /// Builds the field from a `String`, which stands where `{v}` is.
    build: &'static str,
    /// A member of the error object (when its variant sends members).
    member: bool,
    /// Can be interpolated into a message.
    text: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "named",
        ty: "String",
        keys: &[],
        build: "{v}",
        member: true,
        text: true,
    },
    Kind {
        name: "renamed",
        ty: "String",
        keys: &["rename = \"wireName\""],
        build: "{v}",
        member: true,
        text: true,
    },
    Kind {
        name: "snake_case_name",
        ty: "String",
        keys: &[],
        build: "{v}",
        member: true,
        text: true,
    },
    Kind {
        name: "flattened",
        ty: "Flat",
        keys: &["flatten"],
        build: "Flat { inner: {v} }",
        member: true,
        text: false,
    },
    Kind {
        name: "optional",
        ty: "Option<String>",
        keys: &[],
        build: "Some({v})",
        member: true,
        text: false,
    },
    Kind {
        name: "list",
        ty: "Vec<String>",
        keys: &[],
        build: "vec![{v}]",
        member: true,
        text: false,
    },
    Kind {
        name: "skipped",
        ty: "String",
        keys: &["skip"],
        build: "{v}",
        member: false,
        text: true,
    },
    Kind {
        name: "header",
        ty: "String",
        keys: &["header = \"X-Generated\""],
        build: "{v}",
        member: false,
        // Kept out of messages, so that each value has one fate.
        text: false,
    },
];

/// How a 5xx variant opens its fields.
#[derive(Clone, Copy, PartialEq)]
enum Exposure {
    None,
    Variant,
    Fields,
}

/// A small deterministic generator: the same enum on every build.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap() % n
    }
}

fn main() {
    let mut rng = Lcg(0x5eed);
    let mut variants = String::new();
    let mut cases = String::new();
    for status in 400..=599u16 {
        let exposures: &[Exposure] = if status >= 500 {
            &[Exposure::None, Exposure::Variant, Exposure::Fields]
        } else {
            &[Exposure::None]
        };
        for &exposure in exposures {
            let name = format!("S{status}{}", ["", "Variant", "Fields"][exposure as usize]);
            variant(&mut rng, status, exposure, &name, &mut variants, &mut cases);
        }
    }
    let source = format!(
        "/// Every status, field kind and exposure.\n\
         #[derive(apifault::ApiError)]\n\
         #[api(rename_all = \"camelCase\")]\n\
         #[allow(dead_code, reason = \"hidden fields are never read\")]\n\
         enum Generated {{\n{variants}}}\n\n\
         /// One variant per entry, in declaration order.\n\
         static CASES: &[Case] = &[\n{cases}];\n"
    );
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("generated_enum.rs");
    std::fs::write(out, source).unwrap();
    println!("cargo::rerun-if-changed=build.rs");
}

fn variant(
    rng: &mut Lcg,
    status: u16,
    exposure: Exposure,
    name: &str,
    variants: &mut String,
    cases: &mut String,
) {
    // One to five distinct kinds, in the order of KINDS.
    let count = 1 + rng.below(5);
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count {
        let kind = rng.below(KINDS.len());
        if !chosen.contains(&kind) {
            chosen.push(kind);
        }
    }
    chosen.sort_unstable();
    let is_5xx = status >= 500;
    let exposed_fields: Vec<bool> = chosen
        .iter()
        .map(|_| exposure == Exposure::Fields && rng.below(2) == 0)
        .collect();
    // What may be interpolated: any text field where nothing is redacted, an exposed one
    // where fields are.
    let candidates: Vec<usize> = (0..chosen.len())
        .filter(|&i| {
            KINDS[chosen[i]].text && (!is_5xx || exposure == Exposure::Variant || exposed_fields[i])
        })
        .collect();
    let interpolated = (!candidates.is_empty() && rng.below(2) == 0)
        .then(|| candidates[rng.below(candidates.len())]);

    let mut keys = vec![format!("status = {status}")];
    if exposure == Exposure::Variant {
        keys.push("expose".to_owned());
    }
    match interpolated {
        Some(i) => keys.push(format!("message = \"m {{{}}}\"", KINDS[chosen[i]].name)),
        None => keys.push("message = \"fixed\"".to_owned()),
    }
    let _ = writeln!(variants, "    #[api({})]\n    {name} {{", keys.join(", "));
    let mut fates = Vec::new();
    let mut builds = Vec::new();
    for (i, &kind) in chosen.iter().enumerate() {
        let kind = &KINDS[kind];
        let mut keys: Vec<&str> = kind.keys.to_vec();
        if exposed_fields[i] {
            keys.push("expose");
        }
        if !keys.is_empty() {
            let _ = writeln!(variants, "        #[api({})]", keys.join(", "));
        }
        let _ = writeln!(variants, "        {}: {},", kind.name, kind.ty);
        let sent = kind.member && (!is_5xx || exposure == Exposure::Variant || exposed_fields[i]);
        let fate = if interpolated == Some(i) {
            "InMessage"
        } else if kind.keys.iter().any(|key| key.starts_with("header")) {
            "Header"
        } else if sent {
            "Member"
        } else {
            "Hidden"
        };
        fates.push(format!("Fate::{fate}"));
        let value = format!("values[{i}].clone()");
        builds.push(format!(
            "{}: {}",
            kind.name,
            kind.build.replace("{v}", &value)
        ));
    }
    variants.push_str("    },\n");
    let _ = writeln!(
        cases,
        "    Case {{ status: {status}, fates: &[{}], make: |values| Generated::{name} {{ {} }} }},",
        fates.join(", "),
        builds.join(", ")
    );
}
