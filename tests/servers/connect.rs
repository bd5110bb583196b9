//! `examples/connect.rs`: the commercetools `errors` shape.

use crate::common::{Answer, spawn};
use apifault_examples::connect::app;

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

    let answer = post(
        &client,
        format!("{base}/deployments/shop"),
        r#"{"version":7,"region":"x"}"#,
    )
    .await;
    assert_error(
        &answer,
        409,
        r#"{"statusCode":409,"message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","errors":[{"code":"ConcurrentModification","message":"Object id=dep-1 or key=shop has a different version than expected. Expected: 7 - Actual: 1)","expectedVersion":7,"currentVersion":1}]}"#,
    );

    let answer = client
        .delete(format!("{base}/deployments/shop?version=one"))
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
        format!("{base}/deployments/k"),
        r#"{"version":1,"region":"b"}"#,
    )
    .await;

    let stale = post(
        &client,
        format!("{base}/deployments/k"),
        r#"{"version":1,"region":"c"}"#,
    )
    .await;
    assert_eq!(stale.status, 409);
    let body: serde_json::Value = serde_json::from_str(&stale.body).unwrap();
    let current = body["errors"][0]["currentVersion"].as_i64().unwrap();
    assert_eq!(current, 2);
    let retried = client
        .post(format!("{base}/deployments/k"))
        .header("content-type", "application/json")
        .body(format!(r#"{{"version":{current},"region":"c"}}"#))
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
