//! Two server instances on one PostgreSQL database (runs when
//! `CUSTOMER_SERVER_TEST_POSTGRES` is set, as scripts/test does; SQLite is
//! one process by design): a domain is taken once across both, an answer
//! given by one instance is replayed by the other, and losing an instance
//! mid-load loses or duplicates no customer.

use crate::common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Two instances on one fresh database, or `None` (and a note) without PostgreSQL.
fn two_instances(dir: &std::path::Path) -> Option<(Server, Server)> {
    if postgres_url().is_none() {
        eprintln!("skipped: multi-instance tests need CUSTOMER_SERVER_TEST_POSTGRES (scripts/test sets it)");
        return None;
    }
    let db = database_for(dir);
    let (one, two) = (dir.join("one"), dir.join("two"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&two).unwrap();
    Some((Server::start_on(&one, &db, &[]), Server::start_on(&two, &db, &[])))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_submits_of_one_domain_over_two_instances_create_one_customer() {
    let dir = tempfile::tempdir().unwrap();
    let Some((one, two)) = two_instances(dir.path()) else { return };
    let http = client();
    let submission = valid_submission("contestedacrossinstances");
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..50 {
        let (http, submission) = (http.clone(), submission.clone());
        let url = if n % 2 == 0 { one.url("/v1/submissions") } else { two.url("/v1/submissions") };
        tasks.spawn(async move {
            http.post(url).bearer_auth(TOKEN).header("MS-RequestId", request_id()).json(&submission).send().await.unwrap().status()
        });
    }
    let mut statuses = HashMap::new();
    while let Some(status) = tasks.join_next().await {
        *statuses.entry(status.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(statuses.get(&StatusCode::CREATED), Some(&1), "{statuses:?}");
    assert_eq!(statuses.get(&StatusCode::CONFLICT), Some(&49), "{statuses:?}");
    assert_eq!(customer_count(&http, &one).await, 1);
    assert_eq!(customer_count(&http, &two).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_from_one_instance_is_replayed_by_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let Some((one, two)) = two_instances(dir.path()) else { return };
    let http = client();
    let request = request_id();
    let submission = valid_submission("replayedelsewhere");
    let first = submit(&http, &one, &request, &submission).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = submit(&http, &two, &request, &submission).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first, "the same answer, password included");
    // The same id with another body is refused on either instance.
    let reused = submit(&http, &two, &request, &valid_submission("somethingelse")).await.unwrap();
    assert_eq!(reused.json::<Value>().await.unwrap()["code"], 1410);
    assert_eq!(customer_count(&http, &two).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_mid_load_loses_and_duplicates_nothing() {
    const TOTAL: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let Some((mut one, two)) = two_instances(dir.path()) else { return };
    let http = client();
    let (url_one, url_two) = (one.url("/v1/submissions"), two.url("/v1/submissions"));
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    let mut results = Vec::new();
    for n in 0..TOTAL {
        let (http, counter) = (http.clone(), answered.clone());
        let first = if n % 2 == 0 { url_one.clone() } else { url_two.clone() };
        let fallback = url_two.clone();
        tasks.spawn(async move {
            let request = request_id();
            let submission = valid_submission(&format!("killtest{n}"));
            // What a client does when its instance dies: the same request, same id, to the other one.
            let mut url = first;
            let mut tries = 0;
            loop {
                tries += 1;
                let sent = http.post(&url).bearer_auth(TOKEN).header("MS-RequestId", &request).json(&submission).send().await;
                match sent {
                    Ok(response) if response.status() == StatusCode::CREATED => {
                        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let body: Value = response.json().await.unwrap();
                        return (n, body["customer"]["id"].as_str().unwrap().to_owned(), tries);
                    }
                    Ok(response) if response.status().is_server_error() => {}
                    Ok(response) => panic!("submit {n}: {} {}", response.status(), response.text().await.unwrap_or_default()),
                    Err(_) => {}
                }
                assert!(tries < 20, "submit {n} never answered");
                url = fallback.clone();
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        });
        if tasks.len() >= 16 {
            // Keep 16 in flight; kill instance 1 once a third has been answered.
            results.push(tasks.join_next().await.unwrap().unwrap());
            if answered.load(std::sync::atomic::Ordering::SeqCst) >= TOTAL / 3 && url_one_alive(&one) {
                one.kill_hard();
            }
        }
    }
    while let Some(result) = tasks.join_next().await {
        results.push(result.unwrap());
    }
    assert!(!url_one_alive(&one), "instance 1 was killed mid-load");
    let page: Value = http.get(two.url("/v1/customers?size=1000")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["totalCount"], TOTAL, "every submit made exactly one customer");
    let listed: HashSet<&str> = page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    let domains: HashSet<&str> = page["items"].as_array().unwrap().iter().map(|c| c["domain"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), TOTAL);
    assert_eq!(domains.len(), TOTAL);
    for (n, id, _) in &results {
        assert!(listed.contains(id.as_str()), "submit {n}'s answer names a stored customer");
    }
    let retried = results.iter().filter(|(_, _, tries)| *tries > 1).count();
    assert_eq!(results.len(), TOTAL);
    eprintln!("{retried} of {TOTAL} submits needed a retry on instance 2");
}

fn url_one_alive(server: &Server) -> bool {
    server.is_running()
}
