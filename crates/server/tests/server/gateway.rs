//! Gateway mode (`--upstream partner-center`): the real server binary against
//! the Partner Center double over real HTTP. Submits run as a saga (customer →
//! agreement → order), survive faults and crashes without a second customer,
//! and map Partner Center's errors to the wizard's fields; the server's own
//! sign-in rotates refresh tokens and never shows a secret.

use crate::common;

use common::{client, request_id, submit, Server};
use partner_center_double::{Config, Double, Fault, Op, OFFERS, RESELLERS};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const APP_ID: &str = "3c5e8f1a-gateway-app";
const APP_SECRET: &str = "app-secret-Zq8vX2mN7pL4";
const INITIAL_REFRESH_TOKEN: &str = "rt-initial-Kd93jfWq0aB";

fn double_config() -> Config {
    Config {
        app_id: APP_ID.into(),
        app_secret: APP_SECRET.into(),
        refresh_token: INITIAL_REFRESH_TOKEN.into(),
        access_token_lifetime: 3600,
        rotate_refresh_tokens: true,
    }
}

/// The server in gateway mode against `double`, with short timeouts so faults resolve quickly.
fn start_gateway(dir: &Path, double: &Double, extra: &[&str]) -> Server {
    start_gateway_with(dir, double, extra, &[])
}

fn start_gateway_with(dir: &Path, double: &Double, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let refresh_file = dir.join("secrets/refresh-token");
    std::fs::create_dir_all(refresh_file.parent().unwrap()).unwrap();
    let token_url = double.token_url();
    let mut args = vec![
        "--upstream", "partner-center",
        "--upstream-url", &double.base,
        "--upstream-token-url", &token_url,
        "--upstream-app-id", APP_ID,
        "--upstream-refresh-token-file", refresh_file.to_str().unwrap(),
        "--upstream-timeout", "1",
        "--upstream-backoff", "0.05",
        "--upstream-attempts", "3",
        "--upstream-breaker-cool-down", "1",
    ];
    args.extend_from_slice(extra);
    let mut all_env = vec![("PARTNER_CENTER_APP_SECRET", APP_SECRET), ("PARTNER_CENTER_REFRESH_TOKEN", INITIAL_REFRESH_TOKEN)];
    all_env.extend_from_slice(env);
    Server::start_with_env(dir, &common::database_for(dir), &args, &all_env)
}

/// A valid direct customer in the US ordering the double's offers.
fn submission(prefix: &str) -> Value {
    let mut body = common::valid_submission(prefix);
    body["order"]["lineItems"] = json!([
        {"lineItemNumber": 0, "offerId": OFFERS[0].id, "quantity": 10},
        {"lineItemNumber": 1, "offerId": OFFERS[1].id, "quantity": 5}
    ]);
    body
}

async fn post(server: &Server, id: &str, body: &Value) -> (u16, Value, reqwest::header::HeaderMap) {
    let response = submit(&client(), server, id, body).await.expect("submit");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, body, headers)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_and_indirect_customers_are_created_in_partner_center() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &[]);

    let id = request_id();
    let (status, created, _) = post(&server, &id, &submission("fabrikamdirect")).await;
    assert_eq!(status, 201, "{created}");
    let customer_id = created["customer"]["id"].as_str().expect("customer id").to_owned();
    assert!(created["customer"]["userCredentials"]["password"].as_str().is_some_and(|p| !p.is_empty()), "{created}");
    assert_eq!(created["order"]["referenceCustomerId"], json!(customer_id));
    assert_eq!(created["order"]["status"], "pending");
    assert_eq!(double.counts().customers, 1);

    // The same request again: the stored answer, no call to Partner Center.
    let calls = double.seen().len();
    let (status, replayed, headers) = post(&server, &id, &submission("fabrikamdirect")).await;
    assert_eq!(status, 201);
    assert_eq!(headers.get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));
    assert_eq!(replayed["customer"]["id"], json!(customer_id));
    assert_eq!(double.seen().len(), calls);

    // An indirect customer: the reseller's tenant and its MPN id on each line.
    let mut indirect = submission("fabrikamindirect");
    indirect["customer"]["associatedPartnerId"] = json!(RESELLERS[0].tenant_id);
    for line in indirect["order"]["lineItems"].as_array_mut().unwrap() {
        line["partnerIdOnRecord"] = json!(RESELLERS[0].mpn_id);
    }
    let (status, created, _) = post(&server, &request_id(), &indirect).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["customer"]["associatedPartnerId"], json!(RESELLERS[0].tenant_id));

    let counts = double.counts();
    assert_eq!((counts.customers, counts.agreements, counts.orders), (2, 2, 2));
    assert_eq!(counts.token_grants, 1, "the access token is cached between calls");
    // Every call has its own MS-RequestId and MS-CorrelationId.
    let seen = double.seen();
    let ids: std::collections::HashSet<_> = seen.iter().map(|s| &s.request_id).collect();
    let correlations: std::collections::HashSet<_> = seen.iter().map(|s| &s.correlation_id).collect();
    assert_eq!((ids.len(), correlations.len()), (6, 6), "{seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partner_center_errors_land_on_fields_and_a_failed_order_is_retried_alone() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &[]);

    // 600050: the registration number's format (Partner Center's own check).
    double.fault(Op::CreateCustomer, Fault::Reject(400, 600050, "The organization registration ID is not in the expected format."));
    let (status, refused, _) = post(&server, &request_id(), &submission("contosoregistration")).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["code"], 600050);
    assert_eq!(refused["data"], json!([{"field": "account.organizationRegistrationNumber", "severity": "error", "code": "invalid_organization_registration_number"}]));
    assert_eq!(refused["progress"]["failedStage"], "customer");
    assert!(refused["progress"].get("customer").is_none());
    assert_eq!(double.counts().customers, 0);

    // 2002 from the order stage: the customer exists, the quantity is marked.
    let mut too_many = submission("contosoquantity");
    too_many["order"]["lineItems"] = json!([{"lineItemNumber": 0, "offerId": OFFERS[0].id, "quantity": 500}]);
    let (status, partial, _) = post(&server, &request_id(), &too_many).await;
    assert_eq!(status, 400, "{partial}");
    assert_eq!(partial["code"], 2002);
    let quantity_field = format!("subscriptions.{}.quantity", OFFERS[0].id);
    assert_eq!(partial["data"], json!([{"field": quantity_field, "severity": "error", "code": "quantity_not_allowed"}]));
    assert_eq!(partial["progress"]["failedStage"], "order");
    assert_eq!(partial["progress"]["agreementConfirmed"], true);
    let customer_id = partial["progress"]["customer"]["id"].as_str().expect("the created customer").to_owned();
    assert!(partial["progress"]["customer"]["userCredentials"]["password"].as_str().is_some(), "the one-time password is shown");

    // The corrected submit (a new MS-RequestId, as the wizard sends) places only the order.
    too_many["order"]["lineItems"][0]["quantity"] = json!(20);
    let (status, created, _) = post(&server, &request_id(), &too_many).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["customer"]["id"], json!(customer_id));
    let counts = double.counts();
    assert_eq!((counts.customers, counts.agreements, counts.orders), (1, 1, 1));
    assert_eq!(double.orders()[0]["lineItems"][0]["quantity"], 20);

    // 900123 (a reseller without the MPA) lands on the reseller field.
    let mut indirect = submission("contosoreseller");
    indirect["customer"]["associatedPartnerId"] = json!(RESELLERS[1].tenant_id);
    indirect["order"]["lineItems"] = json!([{"lineItemNumber": 0, "offerId": OFFERS[0].id, "quantity": 3, "partnerIdOnRecord": RESELLERS[1].mpn_id}]);
    let (status, partial, _) = post(&server, &request_id(), &indirect).await;
    assert_eq!((status, partial["code"].as_u64()), (400, Some(900123)), "{partial}");
    assert_eq!(partial["data"][0]["field"], "resellerId");
    assert_eq!(partial["data"][0]["code"], "reseller_without_partner_agreement");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_5xx_and_lost_answers_are_retried_with_the_same_request_id() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &[]);

    double.fault(Op::CreateCustomer, Fault::Throttle(1));
    double.fault(Op::ConfirmAgreement, Fault::Status(503));
    // Made, but answered after the gateway's 1 s timeout.
    double.fault(Op::PlaceOrder, Fault::LoseAnswer(Duration::from_millis(2500)));
    let started = Instant::now();
    let (status, created, _) = post(&server, &request_id(), &submission("northwindretries")).await;
    assert_eq!(status, 201, "{created}");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After was honoured");
    let counts = double.counts();
    assert_eq!((counts.customers, counts.agreements, counts.orders), (1, 1, 1));

    let seen = double.seen();
    for op in [Op::CreateCustomer, Op::ConfirmAgreement, Op::PlaceOrder] {
        let calls: Vec<_> = seen.iter().filter(|s| s.op == op).collect();
        assert_eq!(calls.len(), 2, "{op:?} called twice: {seen:?}");
        assert_eq!(calls[0].request_id, calls[1].request_id, "{op:?} retried with the same MS-RequestId");
        assert_ne!(calls[0].correlation_id, calls[1].correlation_id, "{op:?}: a new MS-CorrelationId per attempt");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breaker_fails_fast_while_partner_center_is_down_then_recovers() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &["--upstream-breaker-failures", "3"]);
    for _ in 0..3 {
        double.fault(Op::CreateCustomer, Fault::Status(500));
    }
    let id = request_id();
    let body = submission("adventureworksdown");
    let (status, down, headers) = post(&server, &id, &body).await;
    assert_eq!((status, down["code"].as_u64()), (503, Some(1503)), "{down}");
    assert_eq!(down["isRetryable"], true);
    assert!(headers.contains_key("retry-after"));

    // Open: the next submit fails at once without calling Partner Center.
    let calls = double.seen().len();
    let started = Instant::now();
    let (status, fast, _) = post(&server, &id, &body).await;
    assert_eq!((status, fast["code"].as_u64()), (503, Some(1503)), "{fast}");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(double.seen().len(), calls);

    // After the cool-down a trial goes through, and the same submit completes.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, created, _) = post(&server, &id, &body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(double.counts().customers, 1);
    // The three failed attempts and the trial carried one MS-RequestId.
    let customer_ids: std::collections::HashSet<_> = double.seen().iter().filter(|s| s.op == Op::CreateCustomer).map(|s| s.request_id.clone()).collect();
    assert_eq!(customer_ids.len(), 1);
}

/// Kills the server while a stage's call is in flight (before and after
/// Partner Center made the change), restarts it and retries: every round
/// ends with exactly one more customer, agreement and order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_at_each_stage_boundary_then_a_retry_creates_everything_once() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let mut server = start_gateway(dir.path(), &double, &[]);
    let mut round = 0;
    for op in [Op::CreateCustomer, Op::ConfirmAgreement, Op::PlaceOrder] {
        for commit in [false, true] {
            round += 1;
            let id = request_id();
            let body = submission(&format!("crashround{round}"));
            double.fault(op, Fault::Hold { commit });
            let in_flight = {
                let (url, id, body) = (server.url("/v1/submissions"), id.clone(), body.clone());
                tokio::spawn(async move {
                    let _ = client().post(url).bearer_auth(common::TOKEN).header("MS-RequestId", id).json(&body).send().await;
                })
            };
            tokio::time::timeout(Duration::from_secs(20), double.held()).await.expect("the call reaches the double");
            server.kill_hard();
            double.release();
            let _ = in_flight.await;
            server = start_gateway(dir.path(), &double, &[]);
            let (status, created, _) = post(&server, &id, &body).await;
            assert_eq!(status, 201, "round {round} ({op:?}, commit {commit}): {created}");
            let counts = double.counts();
            println!("after a crash in {op:?} (change made: {commit}): customers {}, agreements {}, orders {}", counts.customers, counts.agreements, counts.orders);
            assert_eq!((counts.customers, counts.agreements, counts.orders), (round, round, round), "round {round} ({op:?}, commit {commit})");
        }
    }
    // Each restart read the rotated refresh token from its file (the double revokes used ones).
    let stored = std::fs::read_to_string(dir.path().join("secrets/refresh-token")).expect("refresh-token file");
    assert_eq!(double.live_refresh_tokens(), vec![stored]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_rotates_refresh_tokens_privately_and_no_secret_is_ever_shown() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    // The most verbose logs the server can write.
    let mut server = start_gateway_with(dir.path(), &double, &[], &[("RUST_LOG", "trace")]);
    let mut answers = String::new();
    let (status, created, _) = post(&server, &request_id(), &submission("litwaresignin")).await;
    assert_eq!(status, 201, "{created}");
    answers.push_str(&created.to_string());

    // An expired access token (401 from Partner Center) is renewed once, transparently.
    double.expire_access_tokens();
    let (status, created, _) = post(&server, &request_id(), &submission("litwarerenewed")).await;
    assert_eq!(status, 201, "{created}");
    answers.push_str(&created.to_string());
    assert_eq!(double.counts().token_grants, 2);

    let refresh_file = dir.path().join("secrets/refresh-token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&refresh_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(double.live_refresh_tokens(), vec![std::fs::read_to_string(&refresh_file).unwrap()]);

    // A refused sign-in: 502 naming the OAuth error only.
    server.kill_hard();
    std::fs::write(&refresh_file, "rt-revoked-by-the-partner").unwrap();
    let server = start_gateway_with(dir.path(), &double, &[], &[("RUST_LOG", "trace")]);
    let (status, refused, _) = post(&server, &request_id(), &submission("litwarerefused")).await;
    assert_eq!((status, refused["code"].as_u64()), (502, Some(1504)), "{refused}");
    assert!(refused["description"].as_str().unwrap().contains("invalid_grant"), "{refused}");
    answers.push_str(&refused.to_string());

    let log = server.log();
    assert!(log.contains("stored the rotated Partner Center refresh token"), "the log is verbose enough to matter");
    let mut secrets = vec![APP_SECRET.to_owned(), INITIAL_REFRESH_TOKEN.to_owned(), "rt-revoked-by-the-partner".to_owned()];
    secrets.extend(double.issued_tokens());
    assert!(secrets.len() >= 6, "{secrets:?}");
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "a secret in the server's log: {secret}");
        assert!(!answers.contains(secret.as_str()), "a secret in an answer: {secret}");
    }
    // The secret did reach the token endpoint (and only there).
    assert!(double.token_forms().iter().all(|f| f.contains("client_secret=app-secret-Zq8vX2mN7pL4")));
}

/// Redeeming a refresh token spends it: Partner Center's identity platform
/// may answer with a new one and revoke the one presented. A browser that
/// leaves (a reload, a closed tab) while the server waits for that answer
/// must not leave the new token unkept, or every later call is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_leaving_during_sign_in_does_not_lose_the_rotated_refresh_token() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &[]);
    let http = client();
    let offers = || http.get(server.url("/v1/offers?country=US&size=100")).bearer_auth(common::TOKEN).header("X-Locale", "en-US").send();

    // The grant is made (the initial refresh token revoked), its answer held.
    double.fault(Op::Token, Fault::Hold { commit: true });
    let leaving = tokio::spawn(offers());
    double.held().await;
    // The caller goes away: its connection closes with the request unanswered.
    leaving.abort();
    assert!(leaving.await.unwrap_err().is_cancelled());
    tokio::time::sleep(Duration::from_millis(100)).await;
    double.release();

    // The server kept the grant's answer: the next caller is served, with no
    // second grant, and the refresh token it stored is the one the endpoint accepts.
    let refresh_file = dir.path().join("secrets/refresh-token");
    let stored = async {
        while !std::fs::read_to_string(&refresh_file).is_ok_and(|t| double.live_refresh_tokens() == vec![t]) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), stored).await.expect("the rotated refresh token is stored");
    let next = offers().await.unwrap();
    assert_eq!(next.status(), 200, "{}", next.text().await.unwrap_or_default());
    assert_eq!(double.counts().token_grants, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_are_forwarded_with_locale_and_correlation_and_slow_changing_ones_cached() {
    let double = Double::start(double_config()).await;
    let dir = temp();
    let server = start_gateway(dir.path(), &double, &["--upstream-cache-ttl", "0.5"]);
    let http = client();
    let get = |path: &str, locale: &str| {
        http.get(server.url(path)).bearer_auth(common::TOKEN).header("X-Locale", locale).header("MS-CorrelationId", "0b5b8a4e-3f0e-4a51-9a64-1f1c2d3e4f50").send()
    };
    let reads_of = |path: &str| double.seen().into_iter().filter(|s| s.op == Op::Read && s.path == path).collect::<Vec<_>>();

    // Offers: forwarded with the caller's locale and correlation id, then answered from the cache.
    let first = get("/v1/offers?country=US&size=100", "sv-SE").await.unwrap();
    assert_eq!(first.headers()["x-cache"], "miss");
    let offers: Value = first.json().await.unwrap();
    assert_eq!(offers["items"][0]["id"], OFFERS[0].id);
    assert!(offers["items"][0]["description"].as_str().unwrap().ends_with("(sv-SE)"), "{offers}");
    let second = get("/v1/offers?country=US&size=100", "sv-SE").await.unwrap();
    assert_eq!(second.headers()["x-cache"], "hit");
    assert_eq!(second.json::<Value>().await.unwrap(), offers);
    let seen = reads_of("/v1/offers?country=US&size=100");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].locale.as_str(), seen[0].correlation_id.as_str()), ("sv-SE", "0b5b8a4e-3f0e-4a51-9a64-1f1c2d3e4f50"));
    // Another locale is another answer.
    assert_eq!(get("/v1/offers?country=US&size=100", "en-US").await.unwrap().headers()["x-cache"], "miss");
    assert_eq!(get("/v1/offers?country=US", "en-US").await.unwrap().status(), 200);
    assert_eq!(http.get(server.url("/v1/offers?country=US")).bearer_auth(common::TOKEN).send().await.unwrap().status(), 400, "X-Locale required");

    // Country rules: cached, then revalidated with the ETag after the TTL (304, same answer).
    let rules: Value = get("/v1/countryvalidationrules/SE", "en-US").await.unwrap().json().await.unwrap();
    assert_eq!(rules["defaultCulture"], "sv-SE");
    assert_eq!(get("/v1/countryvalidationrules/SE", "en-US").await.unwrap().headers()["x-cache"], "hit");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let revalidated = get("/v1/countryvalidationrules/SE", "en-US").await.unwrap();
    assert_eq!(revalidated.json::<Value>().await.unwrap(), rules);
    let seen = reads_of("/v1/countryvalidationrules/SE");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].if_none_match.is_empty() && !seen[1].if_none_match.is_empty(), "{seen:?}");
    assert_eq!(get("/v1/countryvalidationrules/ZZ", "en-US").await.unwrap().status(), 404);

    // Domain checks are never cached: free, then taken once the customer exists.
    let head = |domain: &str| http.head(server.url(&format!("/v1/domains/{domain}"))).bearer_auth(common::TOKEN).send();
    assert_eq!(head("wingtipreads.onmicrosoft.com").await.unwrap().status(), 404);
    let (status, _, _) = post(&server, &request_id(), &submission("wingtipreads")).await;
    assert_eq!(status, 201);
    assert_eq!(head("wingtipreads.onmicrosoft.com").await.unwrap().status(), 200);
    // A path that is not a domain is never passed on under the partner's token.
    let reads_before = double.seen().iter().filter(|s| s.op == Op::Read).count();
    let _ = head("..%2F..%2Fcustomers").await.unwrap();
    assert_eq!(double.seen().iter().filter(|s| s.op == Op::Read).count(), reads_before);

    // Resellers and the agreement template come from Partner Center too.
    let resellers: Value = get("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf", "en-US").await.unwrap().json().await.unwrap();
    assert_eq!(resellers["items"][0]["mpnId"], RESELLERS[0].mpn_id);
    let templates: Value = get("/v1/agreements?agreementType=MicrosoftCustomerAgreement", "en-US").await.unwrap().json().await.unwrap();
    assert_eq!(templates["items"][0]["templateId"], "117a77b0-9360-443b-8795-c6dedc750cf9");

    // Partner Center down: 503 in the envelope, retryable.
    for _ in 0..3 {
        double.fault(Op::Read, Fault::Status(503));
    }
    let down = get("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf", "en-US").await.unwrap();
    assert_eq!(down.status(), 503);
    assert_eq!(down.json::<Value>().await.unwrap()["code"], 1503);
}
