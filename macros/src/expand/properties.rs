use super::derive;
use proptest::prelude::*;

/// Pieces an `#[api(...)]` is made of, right and wrong.
fn key_value() -> impl Strategy<Value = String> {
    // The known keys, a misspelling, an unknown key and an empty one.
    let keys = prop::sample::select(
        crate::attr::key_names()
            .chain(["stauts", "crate", ""])
            .collect::<Vec<_>>(),
    );
    let values = prop::sample::select(vec![
        "",
        " = 400",
        " = 599",
        " = 200",
        " = CONFLICT",
        " = StatusCode::GONE",
        " = \"x\"",
        " = \"{a}\"",
        " = \"{0:?}\"",
        " = \"{\"",
        " = \"}\"",
        " = \"{{}}\"",
        " = \"{nope}\"",
        " = \"errors\"",
        " = \"camelCase\"",
        " = \"Retry-After\"",
        " = \"bad header\"",
        " = 1.5",
        " = -1",
        " = true",
        "(\"{} {a}\", .a + 1)",
        "(\"{}\", .zz)",
        "()",
        "(\"x\",)",
        " = ",
    ]);
    (keys, values).prop_map(|(key, value)| format!("{key}{value}"))
}

fn attribute() -> impl Strategy<Value = String> {
    prop::collection::vec(key_value(), 0..4)
        .prop_map(|pairs| format!("#[api({})]", pairs.join(", ")))
}

fn input() -> impl Strategy<Value = String> {
    let field = (
        attribute(),
        prop::sample::select(vec!["a", "b", "source", "r#type"]),
        prop::sample::select(vec!["u8", "String", "T", "Vec<T>"]),
    )
        .prop_map(|(attr, name, ty)| format!("{attr} {name}: {ty}"));
    let variant = (
        attribute(),
        prop::sample::select(vec!["A", "B", "C"]),
        prop::collection::vec(field, 0..3),
        any::<bool>(),
    )
        .prop_map(|(attr, name, fields, tuple)| {
            if tuple {
                let types: Vec<String> = fields
                    .iter()
                    .map(|f| f.rsplit(':').next().unwrap_or("u8").to_owned())
                    .collect();
                format!("{attr} {name}({})", types.join(", "))
            } else {
                format!("{attr} {name} {{ {} }}", fields.join(", "))
            }
        });
    (
        attribute(),
        prop::collection::vec(variant, 0..4),
        any::<bool>(),
    )
        .prop_map(|(attr, variants, generic)| {
            let generics = if generic { "<T>" } else { "" };
            format!("{attr} enum E{generics} {{ {} }}", variants.join(", "))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The derive never panics: it answers with code, or with spanned errors and a stub.
    #[test]
    fn never_panics(source in input()) {
        let Ok(tokens) = source.parse::<proc_macro2::TokenStream>() else {
            return Ok(());
        };
        let output = derive(tokens).to_string();
        prop_assert!(output.contains("compile_error") || output.contains("ApiError for E"), "{source}\n{output}");
    }
}
