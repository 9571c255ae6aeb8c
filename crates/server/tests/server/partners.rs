//! Partners are kept apart, over real HTTP against the real binary (on SQLite,
//! or PostgreSQL when `CUSTOMER_SERVER_TEST_POSTGRES` is set): for each
//! endpoint, partner B cannot read, list, replay or infer partner A's data.
//! Also: the audit record, one-time passwords that leave stored answers, and
//! bounded token state (dev sign-in, failed authentications).

use crate::common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

async fn body(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn partner_b_cannot_read_list_replay_or_infer_partner_a_data() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    eprintln!("engine: {}", engine());

    // A creates a customer.
    let request_id = common::request_id();
    let submission = valid_submission("isolationa");
    let (status, created) = body(submit(&http, &server, &request_id, &submission).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED);
    let customer_id = created["customer"]["id"].as_str().unwrap().to_owned();
    let password = created["customer"]["userCredentials"]["password"].as_str().unwrap().to_owned();

    // List: A sees it, B sees nothing (and a count of 0).
    let list = |token: &'static str| http.get(server.url("/v1/customers")).bearer_auth(token).send();
    let (_, a_list) = body(list(TOKEN).await.unwrap()).await;
    assert_eq!(a_list["totalCount"], 1);
    assert_eq!(a_list["items"][0]["id"], customer_id.as_str());
    let (status, b_list) = body(list(TOKEN_B).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(b_list, json!({"totalCount": 0, "items": []}));

    // Read and audit: B gets the same 404 as for an id that exists nowhere.
    for path in [format!("/v1/customers/{customer_id}"), format!("/v1/customers/{customer_id}/audit")] {
        let (a_status, _) = body(http.get(server.url(&path)).bearer_auth(TOKEN).send().await.unwrap()).await;
        assert_eq!(a_status, StatusCode::OK, "A reads {path}");
        let (b_status, b_body) = body(http.get(server.url(&path)).bearer_auth(TOKEN_B).send().await.unwrap()).await;
        let nowhere = path.replace(&customer_id, &uuid_v4());
        let (n_status, n_body) = body(http.get(server.url(&nowhere)).bearer_auth(TOKEN_B).send().await.unwrap()).await;
        assert_eq!((b_status, &b_body), (StatusCode::NOT_FOUND, &n_body), "B reads {path}");
        assert_eq!(n_status, StatusCode::NOT_FOUND);
    }

    // Replay: B presenting A's MS-RequestId and body is B's own new request —
    // the domain is taken, so a 409 that names nothing of A's.
    let replay = submit_as(&http, &server, TOKEN_B, &request_id, &submission).await.unwrap();
    assert!(replay.headers().get("idempotent-replayed").is_none());
    let (status, replayed) = body(replay).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(replayed["code"], 1409);
    let text = replayed.to_string();
    for secret in [customer_id.as_str(), password.as_str(), "Fabrikam", "anna"] {
        assert!(!text.contains(secret), "B's 409 reveals {secret}: {text}");
    }
    // The same 409 B gets for any request with that domain: nothing to tell them apart.
    let (_, fresh) = body(submit_as(&http, &server, TOKEN_B, &common::request_id(), &submission).await.unwrap()).await;
    assert_eq!(fresh, replayed);
    // And A's replay still gets A's answer, password included.
    let a_replay = submit(&http, &server, &request_id, &submission).await.unwrap();
    assert_eq!(a_replay.headers()["idempotent-replayed"], "true");
    assert_eq!(body(a_replay).await.1, created);

    // B using an id A used (and B never did) for another body is B's own new
    // request, not "reused": request ids are per partner.
    let second_id = common::request_id();
    assert_eq!(submit(&http, &server, &second_id, &valid_submission("isolationa2")).await.unwrap().status(), StatusCode::CREATED);
    let (status, b_created) = body(submit_as(&http, &server, TOKEN_B, &second_id, &valid_submission("isolationb")).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{b_created}");
    let (_, a_list) = body(list(TOKEN).await.unwrap()).await;
    assert_eq!(a_list["totalCount"], 2, "A's list does not show B's customer");
    let (_, b_list) = body(list(TOKEN_B).await.unwrap()).await;
    assert_eq!(b_list["totalCount"], 1);
    assert_eq!(b_list["items"][0]["id"], b_created["customer"]["id"]);

    // The domain check is global (a domain is taken for everyone) and says only that.
    for token in [TOKEN, TOKEN_B] {
        let head = http.head(server.url("/v1/domains/isolationa.onmicrosoft.com")).bearer_auth(token).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK);
        assert!(head.headers().get("content-length").is_none_or(|l| l == "0"));
    }
}

#[tokio::test]
async fn every_created_customer_has_an_audit_record() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--dev-sign-in"]);
    let http = client();
    let token = dev_token(&http, &server, "contoso-audit").await;
    let (request, correlation) = (request_id(), uuid_v4());
    let response = http
        .post(server.url("/v1/submissions"))
        .bearer_auth(&token)
        .header("MS-RequestId", &request)
        .header("MS-CorrelationId", &correlation)
        .json(&valid_submission("audited"))
        .send()
        .await
        .unwrap();
    let (status, created) = body(response).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["customer"]["id"].as_str().unwrap();
    let (status, audit) = body(http.get(server.url(&format!("/v1/customers/{id}/audit"))).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(audit["customerId"], id);
    assert_eq!(audit["partnerId"], "contoso-audit");
    assert_eq!(audit["userId"], "dev-user@contoso-audit");
    assert_eq!(audit["requestId"], request.as_str());
    assert_eq!(audit["correlationId"], correlation.as_str());
    assert_eq!(audit["createdAt"], created["order"]["creationDate"]);
}

#[tokio::test]
async fn dev_sign_in_names_the_partner() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--dev-sign-in"]);
    let http = client();
    let fabrikam = dev_token(&http, &server, "fabrikam").await;
    let northwind = dev_token(&http, &server, "northwind").await;
    let (status, _) = body(submit_as(&http, &server, &fabrikam, &request_id(), &valid_submission("devpartner")).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED);
    let count = |token: String| {
        let http = http.clone();
        let url = server.url("/v1/customers");
        async move { http.get(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap()["totalCount"].clone() }
    };
    assert_eq!(count(fabrikam.clone()).await, 1);
    assert_eq!(count(northwind).await, 0);
    // A second token of the same partner sees the same customers.
    assert_eq!(count(dev_token(&http, &server, "fabrikam").await).await, 1);
    // Without a body: the demo partner.
    let demo: Value = http.post(server.url("/v1/dev/token")).send().await.unwrap().json().await.unwrap();
    assert_eq!(count(demo["accessToken"].as_str().unwrap().to_owned()).await, 0);
    let bad = http.post(server.url("/v1/dev/token")).json(&json!({"partnerId": "no spaces allowed"})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rate_limit_is_per_partner_not_per_token() {
    let dir = temp();
    // One request per 2 s: the test never waits that long between its requests.
    let server = Server::start(dir.path(), &["--rate-limit", "0.5", "--dev-sign-in"]);
    let http = client();
    // Partner A's static token and a dev token for partner A share one budget.
    let a_dev = dev_token(&http, &server, PARTNER).await;
    let first = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let other_token = http.get(server.url("/v1/countries")).bearer_auth(&a_dev).send().await.unwrap();
    assert_eq!(other_token.status(), StatusCode::TOO_MANY_REQUESTS, "a new token of the same partner does not walk around the limit");
    assert!(other_token.headers().contains_key("retry-after"));
    // Partner B is not slowed by A.
    let b = http.get(server.url("/v1/countries")).bearer_auth(TOKEN_B).send().await.unwrap();
    assert_eq!(b.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_replay_after_the_password_window_says_it_was_shown() {
    let dir = temp();
    // Expiry is kept in whole seconds, so a submit late in a second can expire up to a
    // second early: every wait below leaves more than a second of margin either way.
    let server = Server::start(dir.path(), &["--password-window", "2", "--idempotency-retention", "8", "--sweep-interval", "1"]);
    let http = client();
    let request = request_id();
    let submission = valid_submission("onetime");
    let (status, created) = body(submit(&http, &server, &request, &submission).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED);
    let password = created["customer"]["userCredentials"]["password"].as_str().unwrap().to_owned();
    // Within the window: the same answer, password included.
    assert_eq!(body(submit(&http, &server, &request, &submission).await.unwrap()).await.1, created);

    tokio::time::sleep(Duration::from_millis(3100)).await;
    let replay = submit(&http, &server, &request, &submission).await.unwrap();
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let later: Value = replay.json().await.unwrap();
    assert_eq!(later["customer"]["id"], created["customer"]["id"]);
    assert_eq!(later["customer"]["userCredentials"], json!({"userName": "admin", "passwordAlreadyShown": true}));
    assert!(!later.to_string().contains(&password));
    assert_eq!(later["order"], created["order"]);

    // After the retention the record is gone: the same request is new, and the domain is taken.
    tokio::time::sleep(Duration::from_millis(6500)).await;
    let (status, gone) = body(submit(&http, &server, &request, &submission).await.unwrap()).await;
    assert_eq!((status, gone["code"].clone()), (StatusCode::CONFLICT, json!(1409)));
    assert!(server.log().contains("expired idempotency data removed"), "the sweeper ran:\n{}", server.log());
    assert!(!server.log().contains(&password), "the password is never logged");
    if engine() == "sqlite" {
        // Not on disk either: the sweeper cleared it from the stored answer.
        let db = rusqlite::Connection::open(dir.path().join("db/customers.sqlite")).unwrap();
        let holding: i64 = db.query_row("SELECT count(*) FROM idempotency_records WHERE secret_body IS NOT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(holding, 0);
    }
}

#[tokio::test]
async fn five_thousand_dev_sign_ins_are_bounded() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--dev-sign-in"]);
    let http = client();
    let started = Instant::now();
    let mut issued = 0;
    let mut limited = 0;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..5_000 {
        let (http, url) = (http.clone(), server.url("/v1/dev/token"));
        tasks.spawn(async move {
            let response = http.post(url).send().await.unwrap();
            (response.status(), response.headers().get("retry-after").cloned())
        });
        if tasks.len() >= 32 {
            let (status, retry_after) = tasks.join_next().await.unwrap().unwrap();
            match status {
                StatusCode::OK => issued += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    assert!(retry_after.is_some(), "429 carries Retry-After");
                    limited += 1
                }
                other => panic!("unexpected {other}"),
            }
        }
    }
    while let Some(result) = tasks.join_next().await {
        match result.unwrap().0 {
            StatusCode::OK => issued += 1,
            _ => limited += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let bound = 50 + (10.0 * seconds).ceil() as usize + 1; // a burst of 50, then 10 a second
    eprintln!("{issued} tokens issued, {limited} refused in {seconds:.2} s (bound {bound})");
    assert!(issued <= bound, "{issued} tokens issued in {seconds:.2} s");
    assert_eq!(issued + limited, 5_000);
}

#[tokio::test]
async fn failed_authentications_are_limited_per_address() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let mut unauthorized = 0;
    let mut limited = 0;
    for n in 0..2_000 {
        let response = http.get(server.url("/v1/countries")).bearer_auth(format!("guess-{n}")).send().await.unwrap();
        match response.status() {
            StatusCode::UNAUTHORIZED => unauthorized += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=2).contains(&retry_after));
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    eprintln!("{unauthorized} answered 401, {limited} answered 429");
    assert!(unauthorized <= 40, "{unauthorized} guesses were checked");
    assert!(limited >= 1_960);
    // While limited, the address gets no answer about any token, right or wrong.
    let right = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    // Unauthenticated endpoints are unaffected.
    assert_eq!(http.get(server.url("/openapi.json")).send().await.unwrap().status(), StatusCode::OK);
    // And the limit lifts: one more attempt every 2 s.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let later = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(later.status(), StatusCode::OK);
}
