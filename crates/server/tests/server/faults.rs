//! Fault injection and the retries it exists for: a lost response after
//! commit, injected 500s, delays; and that none of it exists without the flag.

use crate::common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn retry_after_drop_after_commit_returns_the_first_201() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--fault-injection"]);
    let http = client();
    let id = request_id();
    let body = valid_submission("fourthcoffee");
    let dropped = http
        .post(server.url("/v1/submissions"))
        .bearer_auth(TOKEN)
        .header("MS-RequestId", &id)
        .header("X-Fault", "drop-after-commit")
        .json(&body)
        .send()
        .await;
    assert!(dropped.is_err(), "the connection closes without a response: {dropped:?}");
    // It was committed nonetheless.
    assert_eq!(customer_count(&http, &server).await, 1);

    let retry = submit(&http, &server, &id, &body).await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let first: Value = retry.json().await.unwrap();
    assert_eq!(first["customer"]["companyProfile"]["domain"], "fourthcoffee.onmicrosoft.com");
    assert_eq!(first["customer"]["userCredentials"]["userName"], "admin");
    let again: Value = submit(&http, &server, &id, &body).await.unwrap().json().await.unwrap();
    assert_eq!(again, first, "every retry gets the same first answer, password included");
    assert_eq!(customer_count(&http, &server).await, 1);
}

#[tokio::test]
async fn injected_500_does_nothing_and_a_retry_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--fault-injection"]);
    let http = client();
    let id = request_id();
    let body = valid_submission("cohowinery");
    let failed = http
        .post(server.url("/v1/submissions"))
        .bearer_auth(TOKEN)
        .header("MS-RequestId", &id)
        .header("X-Fault", "fail-500")
        .json(&body)
        .send().await.unwrap();
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let envelope: Value = failed.json().await.unwrap();
    assert_eq!(envelope["isRetryable"], true);
    assert_eq!(envelope["code"], 1501);
    assert_eq!(customer_count(&http, &server).await, 0);
    let retry = submit(&http, &server, &id, &body).await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert!(!retry.headers().contains_key("idempotent-replayed"));

    let delayed = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).header("X-Fault", "delay=300").send().await.unwrap();
    assert_eq!(delayed.status(), StatusCode::OK);
}

#[tokio::test]
async fn fault_counters_drive_randomized_runs() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--fault-injection"]);
    let http = client();
    let settings = json!({"fail500EveryNth": 3, "delayMs": 5, "dropAfterCommitEveryNth": 2});
    let set = http.post(server.url("/_faults")).bearer_auth(TOKEN).json(&settings).send().await.unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let current: Value = http.get(server.url("/_faults")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(current, settings);

    // A client that retries with the same MS-RequestId until it gets an answer.
    let mut created = 0;
    for n in 0..10 {
        let id = request_id();
        let body = valid_submission(&format!("humongousinsurance{n}"));
        let mut attempts = 0;
        loop {
            attempts += 1;
            assert!(attempts < 20, "no answer after 20 attempts");
            match submit(&http, &server, &id, &body).await {
                Ok(r) if r.status() == StatusCode::CREATED => {
                    created += 1;
                    break;
                }
                Ok(r) if r.status().is_server_error() => continue,
                Ok(r) => panic!("unexpected {}", r.status()),
                Err(_) => continue, // dropped after commit
            }
        }
    }
    assert_eq!(created, 10);
    http.post(server.url("/_faults")).bearer_auth(TOKEN).json(&json!({})).send().await.unwrap();
    assert_eq!(customer_count(&http, &server).await, 10, "no duplicates, none lost");
}

#[tokio::test]
async fn faults_are_ignored_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let response = http
        .post(server.url("/v1/submissions"))
        .bearer_auth(TOKEN)
        .header("MS-RequestId", request_id())
        .header("X-Fault", "fail-500, drop-after-commit")
        .json(&valid_submission("graphicdesign"))
        .send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let admin = http.post(server.url("/_faults")).bearer_auth(TOKEN).json(&json!({"fail500EveryNth": 1})).send().await.unwrap();
    assert_eq!(admin.status(), StatusCode::NOT_FOUND);
}
