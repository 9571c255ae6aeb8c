//! Both engines commit submissions in batches (one transaction, a savepoint
//! each): one submission's conflict or failure never fails the others.

use super::*;
use customer_domain::payload::LineItem;

fn submission(name: &str, domain: &str, request_id: &str, request_hash: &str) -> NewSubmission {
    let line = |number| LineItem { line_item_number: number, offer_id: "offer-1".into(), friendly_name: None, quantity: 5, partner_id_on_record: None };
    NewSubmission {
        partner_id: "partner-a".into(),
        user_id: "user-1".into(),
        request_id: request_id.into(),
        correlation_id: None,
        request_hash: request_hash.into(),
        customer_id: format!("customer-{name}-{}", uuid_like()),
        commerce_id: format!("commerce-{name}-{}", uuid_like()),
        domain: domain.into(),
        company_name: format!("Company {name}"),
        country: "US".into(),
        relationship_to_partner: "none".into(),
        associated_partner_id: None,
        created_at: "2026-11-29T08:00:00Z".into(),
        customer_json: format!("{{\"name\":\"{name}\"}}"),
        agreement_template_id: "template".into(),
        agreement_type: "MicrosoftCustomerAgreement".into(),
        agreement_date: "2026-11-28".into(),
        primary_contact_json: "{}".into(),
        order_id: format!("order-{name}-{}", uuid_like()),
        billing_cycle: "monthly".into(),
        order_status: "completed".into(),
        line_items: vec![line(0), line(1)],
        created_body: format!("created {name} with password"),
        created_body_without_secret: format!("created {name}"),
        domain_taken_body: format!("domain taken for {name}"),
        now: 1_000,
        secret_expires_at: 2_000,
        expires_at: 3_000,
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Runs one batch and checks each submission's outcome and what was stored.
async fn one_batch_where_some_conflict(store: &Store, submit_batch: impl AsyncFn(Vec<NewSubmission>) -> Vec<Result<SubmitOutcome, StoreError>>) {
    let first = submission("first", "batch-first.onmicrosoft.com", "request-first", "hash-first");
    let replay_of_first = submission("first-again", "batch-first.onmicrosoft.com", "request-first", "hash-first");
    let same_domain_other_case = submission("second", "BATCH-First.onmicrosoft.com", "request-second", "hash-second");
    let mut broken = submission("broken", "batch-broken.onmicrosoft.com", "request-broken", "hash-broken");
    broken.line_items[1].line_item_number = 0; // the line items' primary key fails after the customer row went in
    let third = submission("third", "batch-third.onmicrosoft.com", "request-third", "hash-third");
    let third_id_other_body = submission("third-other", "batch-other.onmicrosoft.com", "request-third", "hash-other");

    let outcomes = submit_batch(vec![first, same_domain_other_case, broken, third, replay_of_first, third_id_other_body]).await;
    assert_eq!(outcomes.len(), 6);
    assert_eq!(outcomes[0].as_ref().unwrap(), &SubmitOutcome::Created("created first with password".into()));
    assert_eq!(outcomes[1].as_ref().unwrap(), &SubmitOutcome::DomainTaken("domain taken for second".into()));
    assert!(outcomes[2].is_err(), "the broken submission fails: {:?}", outcomes[2]);
    assert_eq!(outcomes[3].as_ref().unwrap(), &SubmitOutcome::Created("created third with password".into()));
    assert_eq!(outcomes[4].as_ref().unwrap(), &SubmitOutcome::Replayed { status: 201, body: "created first with password".into() });
    assert_eq!(outcomes[5].as_ref().unwrap(), &SubmitOutcome::RequestIdReused);

    // Committed: the created customers and the stored answers, nothing of the broken one.
    assert!(store.domain_taken("batch-first.onmicrosoft.com").await.unwrap());
    assert!(store.domain_taken("batch-third.onmicrosoft.com").await.unwrap());
    assert!(!store.domain_taken("batch-broken.onmicrosoft.com").await.unwrap(), "the failed submission left its customer row");
    assert!(!store.domain_taken("batch-other.onmicrosoft.com").await.unwrap());
    let second = store.stored_response("partner-a", "request-second", 1_000).await.unwrap().expect("the 409 is stored");
    assert_eq!((second.status, second.body.as_str()), (409, "domain taken for second"));
    assert!(store.stored_response("partner-a", "request-broken", 1_000).await.unwrap().is_none());

    // The failed submission can be sent again and succeeds.
    let retried = submit_batch(vec![submission("broken-fixed", "batch-broken.onmicrosoft.com", "request-broken", "hash-broken")]).await;
    assert_eq!(retried[0].as_ref().unwrap(), &SubmitOutcome::Created("created broken-fixed with password".into()));

    // A failure in a batch where no submission repeats another's request id or domain.
    let mut broken = submission("broken-again", "batch-broken-again.onmicrosoft.com", "request-broken-again", "hash-broken-again");
    broken.line_items[1].line_item_number = 0;
    let fourth = submission("fourth", "batch-fourth.onmicrosoft.com", "request-fourth", "hash-fourth");
    let outcomes = submit_batch(vec![broken, fourth]).await;
    assert!(outcomes[0].is_err(), "the broken submission fails: {:?}", outcomes[0]);
    assert_eq!(outcomes[1].as_ref().unwrap(), &SubmitOutcome::Created("created fourth with password".into()));
    assert!(!store.domain_taken("batch-broken-again.onmicrosoft.com").await.unwrap());
    assert!(store.stored_response("partner-a", "request-broken-again", 1_000).await.unwrap().is_none());
    assert_eq!(store.stored_response("partner-a", "request-fourth", 1_000).await.unwrap().map(|r| r.status), Some(201));
}

/// A batch without failures: on PostgreSQL the set-based pass settles every
/// submission but those repeating an earlier one's request id or domain
/// (three here), which take the savepoint path after it.
async fn one_batch_without_failures(store: &Store, submit_batch: impl AsyncFn(Vec<NewSubmission>) -> Vec<Result<SubmitOutcome, StoreError>>) {
    let (count_before, _) = store.customers_page("partner-a", 0, 1).await.unwrap();
    let committed = submission("committed", "set-committed.onmicrosoft.com", "set-committed", "hash-committed");
    let expiring = submission("expiring", "set-expiring.onmicrosoft.com", "set-expiring", "hash-expiring");
    let earlier = submit_batch(vec![committed, expiring]).await;
    assert!(earlier.iter().all(|o| matches!(o, Ok(SubmitOutcome::Created(_)))), "{earlier:?}");

    let a = submission("a", "set-a.onmicrosoft.com", "set-a", "hash-a");
    let a_customer_id = a.customer_id.clone();
    let replay_of_committed = submission("committed-again", "set-committed.onmicrosoft.com", "set-committed", "hash-committed");
    let committed_id_other_body = submission("committed-other", "set-other.onmicrosoft.com", "set-committed", "hash-other");
    let committed_domain_other_case = submission("taken", "SET-Committed.onmicrosoft.com", "set-taken", "hash-taken");
    let b = submission("b", "set-b.onmicrosoft.com", "set-b", "hash-b");
    let a_domain_other_case = submission("a-domain", "Set-A.onmicrosoft.com", "set-a-domain", "hash-a-domain");
    let replay_of_b = submission("b-again", "set-b.onmicrosoft.com", "set-b", "hash-b");
    // The expiring request's record is past its retention at this submission's time: the id is free again.
    let mut expired_id_reused = submission("reused", "set-reused.onmicrosoft.com", "set-expiring", "hash-reused");
    expired_id_reused.now = 3_000;
    let outcomes = submit_batch(vec![
        a, replay_of_committed, committed_id_other_body, committed_domain_other_case, b, a_domain_other_case, replay_of_b, expired_id_reused,
    ])
    .await;
    let outcomes: Vec<SubmitOutcome> = outcomes.into_iter().map(|o| o.expect("no submission fails")).collect();
    assert_eq!(
        outcomes,
        [
            SubmitOutcome::Created("created a with password".into()),
            SubmitOutcome::Replayed { status: 201, body: "created committed with password".into() },
            SubmitOutcome::RequestIdReused,
            SubmitOutcome::DomainTaken("domain taken for taken".into()),
            SubmitOutcome::Created("created b with password".into()),
            SubmitOutcome::DomainTaken("domain taken for a-domain".into()),
            SubmitOutcome::Replayed { status: 201, body: "created b with password".into() },
            SubmitOutcome::Created("created reused with password".into()),
        ]
    );

    // What was stored: each customer with its audit record, each answer.
    for domain in ["set-a.onmicrosoft.com", "set-b.onmicrosoft.com", "set-reused.onmicrosoft.com"] {
        assert!(store.domain_taken(domain).await.unwrap(), "{domain}");
    }
    assert!(!store.domain_taken("set-other.onmicrosoft.com").await.unwrap());
    assert_eq!(store.customer_json("partner-a", &a_customer_id).await.unwrap().as_deref(), Some("{\"name\":\"a\"}"));
    assert_eq!(store.customer_json("partner-b", &a_customer_id).await.unwrap(), None);
    let audit = store.audit("partner-a", &a_customer_id).await.unwrap().expect("an audit record");
    assert_eq!((audit.request_id.as_str(), audit.user_id.as_str()), ("set-a", "user-1"));
    let (count, _) = store.customers_page("partner-a", 0, 1).await.unwrap();
    assert_eq!(count - count_before, 5);
    let answer = |request_id: &'static str, now: i64| async move {
        let stored = store.stored_response("partner-a", request_id, now).await.unwrap().expect("a stored answer");
        (stored.status, stored.body)
    };
    assert_eq!(answer("set-a", 1_000).await, (201, "created a with password".into()));
    assert_eq!(answer("set-a", 2_500).await, (201, "created a".into()), "the password leaves the answer after its window");
    assert_eq!(answer("set-taken", 1_000).await, (409, "domain taken for taken".into()));
    assert_eq!(answer("set-a-domain", 1_000).await, (409, "domain taken for a-domain".into()));
    assert_eq!(answer("set-expiring", 1_000).await, (201, "created reused with password".into()));
}

#[tokio::test]
async fn sqlite_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.sqlite");
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    let Store::Sqlite(sqlite) = &store else { unreachable!() };
    let sqlite = sqlite.clone();
    one_batch_where_some_conflict(&store, async |batch| sqlite.submit_batch(batch).await).await;
    one_batch_without_failures(&store, async |batch| sqlite.submit_batch(batch).await).await;
    store.close();
}

#[tokio::test]
async fn postgres_batches() {
    let Some(url) = std::env::var("CUSTOMER_SERVER_TEST_POSTGRES").ok().filter(|u| !u.trim().is_empty()) else {
        eprintln!("skipped: needs CUSTOMER_SERVER_TEST_POSTGRES (scripts/test sets it)");
        return;
    };
    let name = format!("batch_{}_{}", std::process::id(), unix_now());
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    let store = Store::open(&format!("{base}/{name}")).await.unwrap();
    let Store::Postgres(pg) = &store else { unreachable!() };
    // The broken submission fails the set-based write: the whole batch takes the savepoint path.
    let by_savepoint = std::sync::Mutex::new(Vec::new());
    let counted = async |batch| {
        let (outcomes, count) = pg.submit_batch_counted(batch).await;
        by_savepoint.lock().unwrap().push(count);
        outcomes
    };
    one_batch_where_some_conflict(&store, &counted).await;
    assert_eq!(by_savepoint.lock().unwrap().as_slice(), [6, 0, 2]);
    by_savepoint.lock().unwrap().clear();
    one_batch_without_failures(&store, &counted).await;
    assert_eq!(by_savepoint.lock().unwrap().as_slice(), [0, 3]);
    store.close();
}
