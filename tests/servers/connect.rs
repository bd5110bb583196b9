//! `examples/connect.rs`: the commercetools `errors` shape.

use crate::common::{Answer, Checked, spawn_checked};
use apifault_examples::connect::{app, openapi};

/// Serves `app`, every response checked against the server's OpenAPI document.
async fn spawn(app: axum::Router) -> Checked {
    spawn_checked(app, &openapi()).await
}

async fn post(client: &reqwest::Client, url: String, body: &'static str) -> Answer {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

async fn get(client: &reqwest::Client, url: String) -> Answer {
    Answer::from(client.get(url).send().await.unwrap()).await
}

fn assert_error(answer: &Answer, status: u16, body: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.body, body);
}

#[tokio::test]
async fn every_documented_error() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();

    let created = post(
        &client,
        format!("{base}/deployments"),
        r#"{"key":"shop","region":"europe-west1"}"#,
    )
    .await;
    assert_eq!(created.status, 201);
    assert_eq!(
        created.body,
        r#"{"id":"dep-1","key":"shop","version":1,"region":"europe-west1"}"#
    );

    let answer = post(&client, format!("{base}/deployments"), r#"{"key":"#).await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"Failed to parse the request body as JSON: key: EOF while parsing a value at line 1 column 7"}]}"#,
    );

    let answer = post(&client, format!("{base}/deployments"), r#"{"key":"shop"}"#).await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"Failed to deserialize the JSON body into the target type: missing field `region` at line 1 column 14"}]}"#,
    );

    let answer = post(
        &client,
        format!("{base}/deployments"),
        r#"{"key":"shop","region":"x"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"A duplicate value \"shop\" exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value \"shop\" exists for field key.","field":"key","duplicateValue":"shop"}]}"#,
    );

    let answer = get(&client, format!("{base}/deployments?limit=many")).await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request query param is not valid","errors":[{"code":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"Failed to deserialize query string: limit: invalid digit found in string"}]}"#,
    );

    let answer = get(&client, format!("{base}/deployments?limit=501")).await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request query param is not valid","errors":[{"code":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"limit: must be at most 500"}]}"#,
    );

    let answer = get(&client, format!("{base}/deployments/nope")).await;
    assert_error(
        &answer,
        404,
        r#"{"statusCode":404,"message":"Deployment with id= or key=nope does not exist","errors":[{"code":"ResourceNotFound","message":"Deployment with id= or key=nope does not exist"}]}"#,
    );

    // A key that is not UTF-8 once percent-decoded: the path extractor's rejection, which
    // the API words as it words every rejected input but the query string's.
    let answer = get(&client, format!("{base}/deployments/%FF")).await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"Invalid URL: Invalid UTF-8 in `key`"}]}"#,
    );

    let answer = client
        .delete(format!("{base}/deployments/key=shop?version=one"))
        .send()
        .await
        .unwrap();
    let answer = Answer::from(answer).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.contains(r#""code":"InvalidQueryParam""#),
        "{}",
        answer.body
    );
}

/// The errors of `POST /deployments/key={key}` and `DELETE /deployments/key={key}`.
#[tokio::test]
async fn every_documented_update_error() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let created = post(
        &client,
        format!("{base}/deployments"),
        r#"{"key":"shop","region":"europe-west1"}"#,
    )
    .await;
    assert_eq!(created.status, 201);

    let answer = post(
        &client,
        format!("{base}/deployments/key=shop"),
        r#"{"version":7,"actions":[{"action":"setRegion","region":"x"}]}"#,
    )
    .await;
    assert_error(
        &answer,
        409,
        r#"{"statusCode":409,"message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","errors":[{"code":"ConcurrentModification","message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","expectedVersion":7,"currentVersion":1}]}"#,
    );

    let answer = post(
        &client,
        format!("{base}/deployments/key=shop"),
        r#"{"version":1,"actions":[{"action":"setRegion","region":"x"},{"action":"rename"},{"action":"setKey","key":"k"}]}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Unknown update action 'rename'.","errors":[{"code":"InvalidOperation","message":"Unknown update action 'rename'."},{"code":"InvalidOperation","message":"Unknown update action 'setKey'."}]}"#,
    );

    let answer = post(
        &client,
        format!("{base}/deployments/key=shop"),
        r#"{"version":1,"actions":[{"action":"setRegion"}]}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"actions[0]: missing field `region`"}]}"#,
    );

    // The body the server took before it spoke commercetools' update shape is refused.
    let answer = post(
        &client,
        format!("{base}/deployments/key=shop"),
        r#"{"version":1,"region":"x"}"#,
    )
    .await;
    assert_error(
        &answer,
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"Failed to deserialize the JSON body into the target type: missing field `actions` at line 1 column 26"}]}"#,
    );

    let answer = client
        .delete(format!("{base}/deployments/key=shop?version=7"))
        .send()
        .await
        .unwrap();
    assert_error(
        &Answer::from(answer).await,
        409,
        r#"{"statusCode":409,"message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","errors":[{"code":"ConcurrentModification","message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","expectedVersion":7,"currentVersion":1}]}"#,
    );
}

/// A client that follows commercetools' retry rule (retry a 409 with `errors[0].currentVersion`)
/// recovers from a stale version.
#[tokio::test]
async fn retry_with_current_version() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    post(
        &client,
        format!("{base}/deployments"),
        r#"{"key":"k","region":"a"}"#,
    )
    .await;
    post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":1,"actions":[{"action":"setRegion","region":"b"}]}"#,
    )
    .await;

    let stale = post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":1,"actions":[{"action":"setRegion","region":"c"}]}"#,
    )
    .await;
    assert_eq!(stale.status, 409);
    let body: serde_json::Value = serde_json::from_str(&stale.body).unwrap();
    let current = body["errors"][0]["currentVersion"].as_i64().unwrap();
    assert_eq!(current, 2);
    let retried = client
        .post(format!("{base}/deployments/key=k"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"version":{current},"actions":[{{"action":"setRegion","region":"c"}}]}}"#
        ))
        .send()
        .await
        .unwrap();
    let retried = Answer::from(retried).await;
    assert_eq!(retried.status, 200);
    assert_eq!(
        retried.body,
        r#"{"id":"dep-1","key":"k","version":3,"region":"c"}"#
    );

    let listed = get(&client, format!("{base}/deployments?limit=1")).await;
    assert_eq!(
        listed.body,
        r#"{"count":1,"results":[{"id":"dep-1","key":"k","version":3,"region":"c"}]}"#
    );
}

/// An update applies its actions in order and counts one version; an empty list is valid and
/// changes nothing; the bare-key path is an alias; a delete with the current version succeeds.
#[tokio::test]
async fn updates_as_commercetools_does_them() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    post(
        &client,
        format!("{base}/deployments"),
        r#"{"key":"k","region":"a"}"#,
    )
    .await;

    let updated = post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":1,"actions":[{"action":"setRegion","region":"b"},{"action":"setRegion","region":"c"}]}"#,
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(
        updated.body,
        r#"{"id":"dep-1","key":"k","version":2,"region":"c"}"#
    );

    let unchanged = post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":2,"actions":[]}"#,
    )
    .await;
    assert_eq!(unchanged.status, 200, "{}", unchanged.body);
    assert_eq!(
        unchanged.body,
        r#"{"id":"dep-1","key":"k","version":2,"region":"c"}"#
    );

    // An empty list still checks the version.
    let stale = post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":1,"actions":[]}"#,
    )
    .await;
    assert_eq!(stale.status, 409, "{}", stale.body);

    // The alias, for every method.
    let alias = post(
        &client,
        format!("{base}/deployments/k"),
        r#"{"version":2,"actions":[{"action":"setRegion","region":"d"}]}"#,
    )
    .await;
    assert_eq!(
        alias.body,
        r#"{"id":"dep-1","key":"k","version":3,"region":"d"}"#
    );
    let shown = get(&client, format!("{base}/deployments/key=k")).await;
    assert_eq!(shown.body, alias.body);
    assert_eq!(
        get(&client, format!("{base}/deployments/k")).await.body,
        alias.body
    );

    // A rejected update applies none of its actions, not even the valid ones before it.
    let refused = post(
        &client,
        format!("{base}/deployments/key=k"),
        r#"{"version":3,"actions":[{"action":"setRegion","region":"e"},{"action":"nope"}]}"#,
    )
    .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(
        get(&client, format!("{base}/deployments/key=k")).await.body,
        alias.body
    );

    let deleted = client
        .delete(format!("{base}/deployments/key=k?version=3"))
        .send()
        .await
        .unwrap();
    let deleted = Answer::from(deleted).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body, alias.body);
    assert_eq!(
        get(&client, format!("{base}/deployments/key=k"))
            .await
            .status,
        404
    );
}

/// One `curl` line of the server's docs: method, path and query, body, and the status and
/// code its comment promises (none for the first line, the create).
struct CurlLine {
    method: reqwest::Method,
    target: String,
    body: Option<String>,
    expected: Option<(u16, String)>,
}

/// Reads the `curl -s ...` lines of `examples/connect.rs` (what `examples/README.md` shows).
fn documented_curl_lines() -> Vec<CurlLine> {
    let source = include_str!("../../examples/connect.rs");
    let quoted = |rest: &str| -> (String, usize) {
        let end = rest[1..].find('\'').unwrap() + 1;
        (rest[1..end].to_owned(), end + 1)
    };
    source
        .lines()
        .filter_map(|line| line.strip_prefix("//! curl -s "))
        .map(|line| {
            let (command, comment) = line
                .split_once("  #")
                .map_or((line, None), |(c, m)| (c, Some(m)));
            let mut rest = command.trim();
            let mut method = reqwest::Method::GET;
            if let Some(after) = rest.strip_prefix("-X ") {
                let (name, after) = after.split_once(' ').unwrap();
                method = name.parse().unwrap();
                rest = after.trim_start();
            }
            let target = if rest.starts_with('\'') {
                let (url, used) = quoted(rest);
                rest = &rest[used..];
                url
            } else {
                let (url, after) = rest.split_once(' ').unwrap_or((rest, ""));
                rest = after;
                url.to_owned()
            };
            let body = rest
                .find(" -d ")
                .map(|at| quoted(rest[at + 4..].trim_start()).0);
            if body.is_some() && method == reqwest::Method::GET {
                method = reqwest::Method::POST;
            }
            let expected = comment.map(|comment| {
                let mut words = comment.split_whitespace();
                let status = words.next().unwrap().parse().unwrap();
                (status, words.next().unwrap().to_owned())
            });
            CurlLine {
                method,
                target: target.strip_prefix("localhost:3000").unwrap().to_owned(),
                body,
                expected,
            }
        })
        .collect()
}

/// The README's curl lines, sent in order, get the status and code their comments say.
#[tokio::test]
async fn documented_curl_lines_work() {
    let base = spawn(app()).await;
    let client = reqwest::Client::new();
    let lines = documented_curl_lines();
    assert!(lines.len() >= 8, "the docs lost their curl lines");
    for line in lines {
        let mut request = client.request(line.method.clone(), format!("{base}{}", line.target));
        if let Some(body) = &line.body {
            request = request
                .header("content-type", "application/json")
                .body(body.clone());
        }
        let answer = Answer::from(request.send().await.unwrap()).await;
        match &line.expected {
            None => assert!(
                (200..300).contains(&answer.status),
                "{} {}: {}",
                line.method,
                line.target,
                answer.body
            ),
            Some((status, code)) => {
                assert_eq!(
                    answer.status, *status,
                    "{} {}: {}",
                    line.method, line.target, answer.body
                );
                let body: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
                assert_eq!(body["errors"][0]["code"], code.as_str(), "{}", answer.body);
            }
        }
    }
}
