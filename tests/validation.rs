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
