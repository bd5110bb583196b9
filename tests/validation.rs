//! validator's and garde's reports as violations: paths through nested structs and lists,
//! rules with their bounds, rendered by the formats.

use apifault::{ApiError, ErrorResponse, IntoViolations, Rule, Violation};

#[derive(Debug, ApiError)]
#[api(status = 422, format = "detail")]
struct Invalid {
    #[api(violations)]
    violations: Vec<Violation>,
}

mod with_validator {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Order {
        #[validate(length(min = 1, max = 3))]
        lines: Vec<Line>,
        #[validate(nested)]
        address: Address,
        #[validate(range(min = 1, max = 10))]
        priority: u8,
        #[validate(length(max = 5))]
        note: String,
        #[validate(required)]
        customer: Option<String>,
        #[validate(url)]
        callback: String,
    }

    #[derive(Validate)]
    struct Address {
        #[validate(length(min = 2, message = "city is too short"))]
        city: String,
    }

    #[derive(Validate, serde::Serialize)]
    struct Line {
        #[validate(range(min = 1))]
        quantity: u32,
    }

    #[derive(Validate)]
    struct Cart {
        #[validate(nested)]
        lines: Vec<Line>,
    }

    #[test]
    fn fields_nested_structs_and_bounds() {
        let order = Order {
            lines: vec![],
            address: Address { city: "A".into() },
            priority: 11,
            note: "far too long".into(),
            customer: None,
            callback: "not a url".into(),
        };
        let violations = order.validate().unwrap_err().into_violations();
        let summary: Vec<(String, Option<&Rule>, &str)> = violations
            .iter()
            .map(|v| (v.path().to_string(), v.rule(), v.reason()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "address.city".to_owned(),
                    Some(&Rule::MinLength(2)),
                    "city is too short"
                ),
                (
                    "callback".to_owned(),
                    Some(&Rule::Other("url".into())),
                    "Input should be a valid URL"
                ),
                (
                    "customer".to_owned(),
                    Some(&Rule::Required),
                    "Field required"
                ),
                (
                    "lines".to_owned(),
                    Some(&Rule::MinItems(1)),
                    "List should have at least 1 item after validation, not 0"
                ),
                (
                    "note".to_owned(),
                    Some(&Rule::MaxLength(5)),
                    "String should have at most 5 characters"
                ),
                (
                    "priority".to_owned(),
                    Some(&Rule::Max(10.into())),
                    "Input should be less than or equal to 10"
                ),
            ]
        );
    }

    #[test]
    fn list_items_get_indices() {
        let cart = Cart {
            lines: vec![Line { quantity: 1 }, Line { quantity: 0 }],
        };
        let violations = cart.validate().unwrap_err().into_violations();
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].path().to_string(), "lines[1].quantity");
        assert_eq!(violations[0].rule(), Some(&Rule::Min(1.into())));

        let mut body = Vec::new();
        ErrorResponse::new(Invalid { violations })
            .render(&mut body)
            .unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"detail":[{"type":"greater_than_equal","loc":["lines",1,"quantity"],"msg":"Input should be greater than or equal to 1","ctx":{"ge":1}}]}"#
        );
    }
}

mod with_garde {
    use super::*;
    use garde::Validate;

    #[derive(Validate)]
    struct Signup {
        #[garde(length(min = 3, max = 20))]
        name: String,
        #[garde(range(min = 18))]
        age: u8,
        #[garde(dive)]
        pets: Vec<Pet>,
        #[garde(required)]
        referrer: Option<String>,
    }

    #[derive(Validate)]
    struct Pet {
        #[garde(length(max = 4))]
        name: String,
    }

    #[test]
    fn messages_become_rules() {
        let signup = Signup {
            name: "ab".into(),
            age: 12,
            pets: vec![
                Pet { name: "Rex".into() },
                Pet {
                    name: "Fluffy".into(),
                },
            ],
            referrer: None,
        };
        let violations = signup.validate().unwrap_err().into_violations();
        let summary: Vec<(String, Option<&Rule>)> = violations
            .iter()
            .map(|v| (v.path().to_string(), v.rule()))
            .collect();
        assert_eq!(
            summary,
            [
                ("age".to_owned(), Some(&Rule::Min(18.into()))),
                ("name".to_owned(), Some(&Rule::MinLength(3))),
                ("pets[1].name".to_owned(), Some(&Rule::MaxLength(4))),
                ("referrer".to_owned(), Some(&Rule::Required)),
            ]
        );
        let mut body = Vec::new();
        ErrorResponse::new(Invalid { violations })
            .render_as(&apifault::format::Problem, &mut body)
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body["invalid_parameters"][2],
            serde_json::json!({"field": "pets[1].name", "reason": "String should have at most 4 characters", "rule": "max_length", "maximum": 4})
        );
    }
}

/// `(path, rule, reason)` of each violation.
fn summary(violations: &[Violation]) -> Vec<(String, Option<Rule>, String)> {
    violations
        .iter()
        .map(|v| {
            (
                v.path().to_string(),
                v.rule().cloned(),
                v.reason().to_owned(),
            )
        })
        .collect()
}

fn row(path: &str, rule: Rule, reason: &str) -> (String, Option<Rule>, String) {
    (path.to_owned(), Some(rule), reason.to_owned())
}

fn float(n: f64) -> serde_json::Number {
    serde_json::Number::from_f64(n).unwrap()
}

fn other(name: &'static str) -> Rule {
    Rule::Other(name.into())
}

/// Every rule kind of validator, from its code and params.
mod every_validator_rule {
    use super::*;
    use validator::{Validate, ValidationError, ValidationErrors};

    fn odd(n: u32) -> Result<(), ValidationError> {
        if n % 2 == 1 {
            Ok(())
        } else {
            Err(ValidationError::new("odd"))
        }
    }

    fn whole(form: &Whole) -> Result<(), ValidationError> {
        if form.from > form.to {
            Err(ValidationError::new("whole_form"))
        } else {
            Ok(())
        }
    }

    /// validator runs a struct-level `schema` rule only when every field passed.
    #[derive(Validate)]
    #[validate(schema(function = "whole"))]
    struct Whole {
        from: u8,
        to: u8,
    }

    #[test]
    fn struct_level_rule_at_the_struct() {
        let violations = Whole { from: 2, to: 1 }
            .validate()
            .unwrap_err()
            .into_violations();
        assert_eq!(
            summary(&violations),
            [row("", other("whole_form"), "Value error, whole_form")]
        );
    }

    #[derive(Validate)]
    struct Form {
        #[validate(length(equal = 13))]
        a_isbn: String,
        #[validate(length(equal = 13))]
        b_isbn: String,
        #[validate(length(equal = 2))]
        c_pair: Vec<u8>,
        #[validate(length(min = 2, max = 4))]
        d_word: String,
        #[validate(range(exclusive_min = 0.0))]
        e_price: f64,
        #[validate(range(exclusive_max = 10))]
        f_small: i32,
        #[validate(range(min = 1, max = 5))]
        g_stars: u8,
        #[validate(email)]
        h_email: String,
        #[validate(url)]
        i_url: String,
        #[validate(contains(pattern = "@"))]
        j_handle: String,
        #[validate(does_not_contain(pattern = "admin"))]
        k_user: String,
        #[validate(must_match(other = "l_password"))]
        l_confirm: String,
        l_password: String,
        #[validate(custom(function = "odd"))]
        m_odd: u32,
        #[validate(required)]
        n_ref: Option<String>,
        #[validate(ip)]
        o_ip: String,
        #[validate(nested)]
        p_inner: Inner,
        #[validate(length(min = 1, message = "say something"))]
        q_note: String,
    }

    #[derive(Validate)]
    struct Inner {
        #[validate(range(max = 3))]
        depth: u8,
    }

    #[test]
    #[allow(clippy::too_many_lines, reason = "one row per rule kind")]
    fn each_code_and_bound() {
        let form = Form {
            a_isbn: String::new(),
            b_isbn: "12345678901234".into(),
            c_pair: vec![1, 2, 3],
            d_word: "toolong".into(),
            e_price: 0.0,
            f_small: 10,
            g_stars: 0,
            h_email: "nope".into(),
            i_url: "nope".into(),
            j_handle: "ann".into(),
            k_user: "the admin".into(),
            l_confirm: "a".into(),
            l_password: "b".into(),
            m_odd: 2,
            n_ref: None,
            o_ip: "300.1.1.1".into(),
            p_inner: Inner { depth: 4 },
            q_note: String::new(),
        };
        let violations = form.validate().unwrap_err().into_violations();
        assert_eq!(
            summary(&violations),
            [
                row(
                    "a_isbn",
                    Rule::ExactLength(13),
                    "String should have at least 13 characters"
                ),
                row(
                    "b_isbn",
                    Rule::ExactLength(13),
                    "String should have at most 13 characters"
                ),
                row(
                    "c_pair",
                    Rule::ExactItems(2),
                    "List should have at most 2 items after validation, not 3"
                ),
                row(
                    "d_word",
                    Rule::MaxLength(4),
                    "String should have at most 4 characters"
                ),
                row(
                    "e_price",
                    Rule::GreaterThan(float(0.0)),
                    "Input should be greater than 0"
                ),
                row(
                    "f_small",
                    Rule::LessThan(10.into()),
                    "Input should be less than 10"
                ),
                row(
                    "g_stars",
                    Rule::Min(1.into()),
                    "Input should be greater than or equal to 1"
                ),
                row(
                    "h_email",
                    other("email"),
                    "Input should be a valid email address"
                ),
                row("i_url", other("url"), "Input should be a valid URL"),
                row("j_handle", other("contains"), "String should contain \"@\""),
                row(
                    "k_user",
                    other("does_not_contain"),
                    "String should not contain \"admin\""
                ),
                row(
                    "l_confirm",
                    other("must_match"),
                    "Input should match the other field"
                ),
                row("m_odd", other("odd"), "Value error, odd"),
                row("n_ref", Rule::Required, "Field required"),
                row("o_ip", other("ip"), "Input should be a valid IP address"),
                row(
                    "p_inner.depth",
                    Rule::Max(3.into()),
                    "Input should be less than or equal to 3"
                ),
                row("q_note", Rule::MinLength(1), "say something"),
            ]
        );

        // `equal` and exclusive bounds in FastAPI's words, with their bounds in `ctx`.
        let pick = |path: &str| {
            violations
                .iter()
                .find(|v| v.path().to_string() == path)
                .unwrap()
                .clone()
        };
        let detail = |violation: Violation| {
            let mut body = Vec::new();
            ErrorResponse::new(Invalid {
                violations: vec![violation],
            })
            .render(&mut body)
            .unwrap();
            String::from_utf8(body).unwrap()
        };
        assert_eq!(
            detail(pick("a_isbn").with_input("")),
            r#"{"detail":[{"type":"string_too_short","loc":["a_isbn"],"msg":"String should have at least 13 characters","input":"","ctx":{"min_length":13}}]}"#
        );
        assert_eq!(
            detail(pick("b_isbn").with_input("12345678901234")),
            r#"{"detail":[{"type":"string_too_long","loc":["b_isbn"],"msg":"String should have at most 13 characters","input":"12345678901234","ctx":{"max_length":13}}]}"#
        );
        assert_eq!(
            detail(pick("e_price").with_input(0)),
            r#"{"detail":[{"type":"greater_than","loc":["e_price"],"msg":"Input should be greater than 0","input":0,"ctx":{"gt":0.0}}]}"#
        );
        assert_eq!(
            detail(pick("f_small")),
            r#"{"detail":[{"type":"less_than","loc":["f_small"],"msg":"Input should be less than 10","ctx":{"lt":10}}]}"#
        );
    }

    /// The rules behind validator features this workspace does not enable (`card`, `unic`)
    /// and `regex` (which needs a `Regex`), as the derive reports them: the code and the
    /// `value` parameter.
    #[test]
    fn codes_of_featured_rules() {
        for (code, rule, reason) in [
            (
                "regex",
                other("matches_regex"),
                "String should match the required pattern",
            ),
            (
                "credit_card",
                other("credit_card"),
                "Input should be a valid credit card number",
            ),
            (
                "non_control_character",
                other("non_control_character"),
                "String should not contain control characters",
            ),
        ] {
            let mut error = ValidationError::new(code);
            error.add_param("value".into(), &"x");
            let mut errors = ValidationErrors::new();
            errors.add("field", error);
            assert_eq!(
                summary(&errors.into_violations()),
                [row("field", rule, reason)],
                "{code}"
            );
        }
    }

    #[derive(Validate)]
    struct Bounds {
        #[validate(length(min = 2, max = 4))]
        short: String,
        #[validate(length(min = 2, max = 4))]
        few: Vec<u8>,
        #[validate(range(min = 1.5, max = 2.5))]
        high: f64,
        #[validate(range(exclusive_min = 0, exclusive_max = 10))]
        low: i64,
    }

    #[test]
    fn the_broken_bound_of_two() {
        let violations = Bounds {
            short: "a".into(),
            few: vec![1, 2, 3, 4, 5],
            high: 3.0,
            low: 0,
        }
        .validate()
        .unwrap_err()
        .into_violations();
        assert_eq!(
            summary(&violations),
            [
                row(
                    "few",
                    Rule::MaxItems(4),
                    "List should have at most 4 items after validation, not 5"
                ),
                row(
                    "high",
                    Rule::Max(float(2.5)),
                    "Input should be less than or equal to 2.5"
                ),
                row(
                    "low",
                    Rule::GreaterThan(0.into()),
                    "Input should be greater than 0"
                ),
                row(
                    "short",
                    Rule::MinLength(2),
                    "String should have at least 2 characters"
                ),
            ]
        );
    }
}

/// Every rule kind of garde (those its default features build), through its messages.
mod every_garde_rule {
    use super::*;
    use garde::Validate;

    /// A pattern without the `regex` feature: digits only.
    struct Digits;

    impl garde::rules::AsStr for Digits {
        fn as_str(&self) -> &'static str {
            "^[0-9]+$"
        }
    }

    impl garde::rules::pattern::Matcher for Digits {
        fn is_match(&self, haystack: &str) -> bool {
            !haystack.is_empty() && haystack.bytes().all(|b| b.is_ascii_digit())
        }
    }

    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "garde passes a custom rule references"
    )]
    fn prime(value: &u32, _: &()) -> garde::Result {
        if [2, 3, 5, 7].contains(value) {
            Ok(())
        } else {
            Err(garde::Error::new("must be a prime"))
        }
    }

    #[derive(Validate)]
    struct Form {
        #[garde(length(min = 2))]
        a: String,
        #[garde(length(max = 2))]
        b: String,
        #[garde(length(equal = 3))]
        c: String,
        #[garde(range(min = 1))]
        d: i32,
        #[garde(range(max = 1.5))]
        e: f64,
        #[garde(required)]
        f: Option<u8>,
        #[garde(ascii)]
        g: String,
        #[garde(alphanumeric)]
        h: String,
        #[garde(contains("@"))]
        i: String,
        #[garde(prefix("sk_"))]
        j: String,
        #[garde(suffix(".com"))]
        k: String,
        #[garde(pattern(Digits))]
        l: String,
        #[garde(matches(l))]
        m: String,
        #[garde(custom(prime))]
        n: u32,
        #[garde(inner(length(max = 1)))]
        o: Vec<String>,
        #[garde(dive)]
        p: Vec<Pet>,
        #[garde(ip)]
        q: String,
    }

    #[derive(Validate)]
    struct Pet {
        #[garde(range(max = 20))]
        age: u8,
    }

    #[test]
    fn each_message() {
        let form = Form {
            a: "x".into(),
            b: "xyz".into(),
            c: "x".into(),
            d: 0,
            e: 2.0,
            f: None,
            g: "é".into(),
            h: "a-b".into(),
            i: "ann".into(),
            j: "pk_1".into(),
            k: "x.org".into(),
            l: "12a".into(),
            m: "999".into(),
            n: 4,
            o: vec!["ok".into()],
            p: vec![Pet { age: 1 }, Pet { age: 30 }],
            q: "::zz".into(),
        };
        let violations = form.validate().unwrap_err().into_violations();
        assert_eq!(
            summary(&violations),
            [
                row(
                    "a",
                    Rule::MinLength(2),
                    "String should have at least 2 characters"
                ),
                row(
                    "b",
                    Rule::MaxLength(2),
                    "String should have at most 2 characters"
                ),
                // garde words `equal` as `min`: no ExactLength from garde.
                row(
                    "c",
                    Rule::MinLength(3),
                    "String should have at least 3 characters"
                ),
                row(
                    "d",
                    Rule::Min(1.into()),
                    "Input should be greater than or equal to 1"
                ),
                row(
                    "e",
                    Rule::Max(float(1.5)),
                    "Input should be less than or equal to 1.5"
                ),
                row("f", Rule::Required, "Field required"),
                row("g", other("ascii"), "not ascii"),
                row("h", other("alphanumeric"), "not alphanumeric"),
                row("i", other("contains"), "does not contain \"@\""),
                row("j", other("prefix"), "value does not begin with \"sk_\""),
                row("k", other("suffix"), "does not end with \".com\""),
                row(
                    "l",
                    other("matches_regex"),
                    "does not match pattern /^[0-9]+$/"
                ),
                row("m", other("must_match"), "does not match l field"),
                row("n", other("custom"), "must be a prime"),
                row(
                    "o[0]",
                    Rule::MaxLength(1),
                    "String should have at most 1 character"
                ),
                row(
                    "p[1].age",
                    Rule::Max(20.into()),
                    "Input should be less than or equal to 20"
                ),
                row("q", other("ip"), "not a valid IP address"),
            ]
        );
    }
}

/// The validating extractors: what they report about a body with type problems, and what
/// they must not (a rule on a made-up value).
mod validating_extractors {
    use super::*;
    use apifault::Source;
    use apifault::axum::{Form, Garde, Json, Rejection, Valid};
    use axum::extract::FromRequest;

    #[derive(Debug, ApiError)]
    #[api(format = "detail")]
    enum Fault {
        #[api(status = 422)]
        Validation(#[api(violations)] Vec<Violation>),
    }

    impl From<Rejection> for Fault {
        fn from(rejection: Rejection) -> Self {
            Fault::Validation(rejection.into_violations())
        }
    }

    #[derive(Debug, serde::Deserialize, validator::Validate, garde::Validate)]
    #[allow(dead_code, reason = "read by serde and the validators")]
    struct Signup {
        #[validate(length(min = 3))]
        #[garde(length(min = 3))]
        name: String,
        #[validate(length(min = 2))]
        #[garde(length(min = 2), inner(length(min = 1)))]
        tags: Vec<String>,
        #[validate(range(min = 18))]
        #[garde(range(min = 18))]
        age: u8,
        #[garde(skip)]
        password: String,
        #[validate(must_match(other = "password"))]
        #[garde(matches(password))]
        confirm: String,
    }

    fn request(content_type: &str, body: &str) -> axum::extract::Request {
        http::Request::post("/")
            .header("content-type", content_type)
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap()
    }

    async fn valid(body: &str) -> Vec<Violation> {
        match Valid::<Json<Signup, Fault>>::from_request(request("application/json", body), &())
            .await
        {
            Ok(_) => Vec::new(),
            Err(Fault::Validation(violations)) => violations,
        }
    }

    async fn garde(body: &str) -> Vec<Violation> {
        match Garde::<Json<Signup, Fault>>::from_request(request("application/json", body), &())
            .await
        {
            Ok(_) => Vec::new(),
            Err(Fault::Validation(violations)) => violations,
        }
    }

    fn types(violations: &[Violation]) -> Vec<(String, String)> {
        violations
            .iter()
            .map(|v| (v.path().to_string(), v.fastapi_type().to_owned()))
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[tokio::test]
    async fn rules_and_types_together_in_field_order() {
        let body = r#"{"name":"al","tags":["a"],"age":"old","password":"x","confirm":"x"}"#;
        for violations in [valid(body).await, garde(body).await] {
            assert_eq!(
                types(&violations),
                pairs(&[
                    ("name", "string_too_short"),
                    ("tags", "too_short"),
                    ("age", "int_parsing")
                ])
            );
            assert!(violations.iter().all(|v| v.source() == Some(Source::Body)));
            assert_eq!(violations[0].input(), Some(&serde_json::json!("al")));
            assert_eq!(violations[1].input(), Some(&serde_json::json!(["a"])));
        }
    }

    #[tokio::test]
    async fn no_rule_on_a_wildcard() {
        // `name` is not a string: its wildcard ("") must not be reported as too short.
        // `tags[0]` is not a string: neither the list's length nor the item's rule is
        // reported, as the wildcard took the item's place. `age` is missing: its wildcard is
        // below 18, which is not reported either.
        let body = r#"{"name":5,"tags":[1,"b","c"],"password":"x","confirm":"x"}"#;
        for violations in [valid(body).await, garde(body).await] {
            assert_eq!(
                types(&violations),
                pairs(&[
                    ("name", "string_type"),
                    ("tags[0]", "string_type"),
                    ("age", "missing")
                ])
            );
        }
    }

    #[tokio::test]
    async fn cross_field_rules_only_without_wildcards() {
        let mismatch = r#"{"name":"alice","tags":["a","b"],"age":20,"password":"x","confirm":"y"}"#;
        for violations in [valid(mismatch).await, garde(mismatch).await] {
            assert_eq!(types(&violations), pairs(&[("confirm", "must_match")]));
        }
        // The same mismatch with `password` the wrong type: its wildcard ("") is not what
        // the client sent, so whether `confirm` matches it says nothing.
        let body = r#"{"name":"alice","tags":["a","b"],"age":20,"password":7,"confirm":"y"}"#;
        for violations in [valid(body).await, garde(body).await] {
            assert_eq!(types(&violations), pairs(&[("password", "string_type")]));
        }
    }

    #[tokio::test]
    async fn a_valid_body_passes() {
        let body = r#"{"name":"alice","tags":["a","b"],"age":20,"password":"x","confirm":"x"}"#;
        assert!(valid(body).await.is_empty());
        assert!(garde(body).await.is_empty());
    }

    #[tokio::test]
    async fn forms_too() {
        #[derive(Debug, serde::Deserialize, validator::Validate)]
        #[allow(dead_code, reason = "read by serde and validator")]
        struct Login {
            #[validate(length(min = 3))]
            username: String,
            age: u8,
        }
        let request = request("application/x-www-form-urlencoded", "username=al&age=old");
        let Err(Fault::Validation(violations)) =
            Valid::<Form<Login, Fault>>::from_request(request, &()).await
        else {
            panic!("rejected");
        };
        assert_eq!(
            types(&violations),
            pairs(&[("username", "string_too_short"), ("age", "int_parsing")])
        );
        assert_eq!(violations[0].input(), Some(&serde_json::json!("al")));
        assert!(violations.iter().all(|v| v.source() == Some(Source::Body)));
    }
}
