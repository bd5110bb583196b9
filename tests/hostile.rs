//! Hostile input through the HTTP extractors of axum and of actix-web: nesting past
//! `serde_json`'s recursion limit, a 2 MB array of wrong types, 100,000 members. Each gets one
//! bounded answer, the same from both frameworks, no stack overflow and no panic.

use apifault::axum::{Json, Rejection, Valid};
use apifault::collect::MAX_PROBLEMS;
use apifault::{ApiError, Rule, Violation};
use axum::extract::FromRequest;

#[derive(Debug, ApiError)]
#[api(format = "detail", display)]
enum Fault {
    #[api(status = 422)]
    Validation(#[api(violations)] Vec<Violation>),
}

impl From<Rejection> for Fault {
    fn from(rejection: Rejection) -> Self {
        Fault::Validation(rejection.into_violations())
    }
}

#[derive(Debug, serde::Deserialize, validator::Validate)]
#[allow(dead_code, reason = "read by serde and validator")]
struct Doc {
    #[validate(length(max = 10))]
    items: Vec<u32>,
    nested: Option<serde_json::Value>,
}

fn request(body: Vec<u8>) -> axum::extract::Request {
    http::Request::post("/")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap()
}

async fn problems(body: Vec<u8>) -> Vec<Violation> {
    let body_copy = body.clone();
    let plain = Json::<Doc, Fault>::from_request(request(body.clone()), &()).await;
    let valid = Valid::<Json<Doc, Fault>>::from_request(request(body), &()).await;
    let (Err(Fault::Validation(plain)), Err(Fault::Validation(valid))) = (plain, valid) else {
        panic!("both reject");
    };
    assert_eq!(plain, valid);
    assert_eq!(
        actix_problems(body_copy).await,
        valid,
        "actix-web answers alike"
    );
    valid
}

/// The problems `apifault::actix_web`'s `Json` and `Valid<Json>` find (with a body limit that
/// lets every hostile body through to them).
async fn actix_problems(body: Vec<u8>) -> Vec<Violation> {
    use actix_web::FromRequest as _;
    use apifault::actix_web::{Json, Valid};
    let parts = || {
        actix_web::test::TestRequest::post()
            .insert_header(("content-type", "application/json"))
            .app_data(actix_web::web::PayloadConfig::new(8 << 20))
            .set_payload(body.clone())
            .to_http_parts()
    };
    let (request, mut payload) = parts();
    let plain = Json::<Doc, Fault>::from_request(&request, &mut payload).await;
    let (request, mut payload) = parts();
    let valid = Valid::<Json<Doc, Fault>>::from_request(&request, &mut payload).await;
    let (Err(Fault::Validation(plain)), Err(Fault::Validation(valid))) = (plain, valid) else {
        panic!("both reject");
    };
    assert_eq!(plain, valid);
    valid
}

/// Run on a thread with the stack of a tokio worker (2 MiB), which deep recursion would
/// overflow.
fn small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(test)
        .unwrap()
        .join()
        .unwrap();
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn deep_nesting_is_one_json_invalid() {
    small_stack(|| {
        let depth = 100_000;
        let mut body = b"{\"items\":[],\"nested\":".to_vec();
        body.extend(std::iter::repeat_n(b'[', depth));
        body.extend(std::iter::repeat_n(b']', depth));
        body.push(b'}');
        let violations = block_on(problems(body));
        assert_eq!(violations.len(), 1);
        assert_eq!(
            violations[0].rule(),
            Some(&Rule::Other("json_invalid".into()))
        );
    });
}

#[test]
fn nesting_within_the_limit_is_accepted() {
    small_stack(|| {
        // `serde_json` allows 128 levels; the replay recurses no deeper than the value.
        let depth = 120;
        let mut body = b"{\"items\":[\"x\"],\"nested\":".to_vec();
        body.extend(std::iter::repeat_n(b'[', depth));
        body.extend(std::iter::repeat_n(b']', depth));
        body.push(b'}');
        let violations = block_on(problems(body));
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].path().to_string(), "items[0]");
    });
}

#[test]
fn two_megabytes_of_wrong_types_are_bounded() {
    // `"x",` is 4 bytes: 500,000 wrong items, 2 MB (under axum's default limit of 2 MiB).
    let count = 2_000_000 / 4;
    let mut body = b"{\"items\":[".to_vec();
    for i in 0..count {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(b"\"x\"");
    }
    body.extend_from_slice(b"]}");
    assert!(body.len() >= 2_000_000 && body.len() < 2 * 1024 * 1024);
    let violations = block_on(problems(body));
    assert_eq!(violations.len(), MAX_PROBLEMS + 1);
    assert!(
        violations[..MAX_PROBLEMS]
            .iter()
            .enumerate()
            .all(|(i, v)| v.path().to_string() == format!("items[{i}]"))
    );
    let last = violations.last().unwrap();
    assert_eq!(last.rule(), Some(&Rule::Other("too_many_errors".into())));
    assert_eq!(
        last.reason(),
        format!("{} more problems were not listed", count - MAX_PROBLEMS)
    );
}

/// The same 2 MB of wrong items beside a missing field: the missing field ends a pass, and the
/// next pass replays all 500,000 wildcard patches. Each is found by its path in the patch tree
/// at once (a linear scan per item made this request cost minutes of CPU).
#[test]
fn two_megabytes_of_wrong_items_beside_a_missing_field_are_bounded() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "read by serde")]
    struct Listed {
        items: Vec<u32>,
        name: String,
    }
    let count = 2_000_000 / 4;
    let items = vec![serde_json::Value::from("x"); count];
    let body = serde_json::json!({ "items": items });
    let violations =
        apifault::collect::from_value::<Listed>(&body, apifault::Source::Body).unwrap_err();
    assert_eq!(violations.len(), MAX_PROBLEMS + 1);
    assert_eq!(violations[0].path().to_string(), "items[0]");
    let last = violations.last().unwrap();
    assert_eq!(last.rule(), Some(&Rule::Other("too_many_errors".into())));
    // Every wrong item and the missing `name`, past the first 50.
    assert_eq!(
        last.reason(),
        format!("{} more problems were not listed", count + 1 - MAX_PROBLEMS)
    );
}

#[test]
fn a_hundred_thousand_members_are_bounded() {
    #[derive(Debug, serde::Deserialize, validator::Validate)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by serde")]
    struct Strict {
        id: u32,
    }
    let mut body = b"{\"id\":1".to_vec();
    for i in 0..100_000 {
        body.extend_from_slice(format!(",\"m{i}\":{i}").as_bytes());
    }
    body.push(b'}');
    let rejected = block_on(Valid::<Json<Strict, Fault>>::from_request(
        request(body),
        &(),
    ));
    let Err(Fault::Validation(violations)) = rejected else {
        panic!("rejected");
    };
    // An unknown member ends a pass, and passes are bounded: the first ones are listed, then
    // one item saying the input was not examined further.
    assert!(violations.len() <= MAX_PROBLEMS + 1, "{}", violations.len());
    assert_eq!(
        violations[0].rule(),
        Some(&Rule::Other("extra_forbidden".into()))
    );
    let last = violations.last().unwrap();
    assert_eq!(last.rule(), Some(&Rule::Other("too_many_errors".into())));
}
