//! The router driven in-process (no socket, no child process): the same
//! `api::router` the binary serves, with real SQLite in a temporary
//! directory. The answers are read back as the domain crate's wire types,
//! the ones the browser app reads.

use crate::common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use customer_domain::wire::{code, ErrorEnvelope, SubmitReceipt, SubmitResponse, INDIRECT_RESELLER_RELATIONSHIP};
use customer_server::{api, auth, catalog, countries, faults, openapi, store};
use std::sync::Arc;
use tower::ServiceExt;

async fn router(dir: &std::path::Path) -> axum::Router {
    let db = dir.join("customers.sqlite");
    let state = Arc::new(api::AppState {
        store: Arc::new(store::Store::open(db.to_str().expect("a UTF-8 path")).await.expect("database")),
        password_window: std::time::Duration::from_secs(24 * 60 * 60),
        idempotency_retention: std::time::Duration::from_secs(48 * 60 * 60),
        countries: countries::Countries::load(),
        catalog: catalog::Catalog::build(catalog::CatalogSize::Default),
        resellers: catalog::resellers(20),
        auth: auth::Authenticator::new(vec![(common::PARTNER.into(), common::TOKEN.into())], None),
        rate_limiter: None,
        abuse: auth::AbuseLimits::default(),
        faults: None,
        dev_sign_in: false,
        site: None,
        demo: None,
        content_security_policy: "default-src 'self'".into(),
        openapi_json: openapi::document_json(false, false),
        gateway: None,
    });
    api::router(state, &[], api::RequestLimits { timeout: std::time::Duration::from_secs(30), max_body_bytes: 1 << 20 })
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let mut request = request;
    request.extensions_mut().insert(ConnectInfo(faults::ClientConnection { peer: ([127, 0, 0, 1], 40000).into(), switch: faults::KillSwitch::default() }));
    let response = router.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("a body");
    (status, body.to_vec())
}

fn submission(request_id: &str, body: &serde_json::Value) -> Request<Body> {
    Request::post("/v1/submissions")
        .header(header::AUTHORIZATION, format!("Bearer {}", common::TOKEN))
        .header(header::CONTENT_TYPE, "application/json")
        .header("MS-RequestId", request_id)
        .header("X-Locale", "en-US")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_submit_answers_with_the_shared_wire_types() {
    let dir = tempfile::tempdir().unwrap();
    let router = router(dir.path()).await;
    let id = common::request_id();
    let body = common::valid_submission("inprocess");
    let (status, bytes) = send(&router, submission(&id, &body)).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&bytes));
    let created: SubmitResponse = serde_json::from_slice(&bytes).expect("a SubmitResponse");
    assert_eq!(created.customer.resource.company_profile.domain, "inprocess.onmicrosoft.com");
    assert_eq!(created.customer.user_credentials.password.as_deref().map(str::len), Some(16));
    // What the wizard reads of the same answer.
    let receipt: SubmitReceipt = serde_json::from_slice(&bytes).expect("a SubmitReceipt");
    assert_eq!(receipt, SubmitReceipt::from(created.clone()));

    // The same id again: the first answer, not a second customer.
    let (status, replay) = send(&router, submission(&id, &body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(serde_json::from_slice::<SubmitResponse>(&replay).unwrap(), created);

    // The same id with another body: the code the app tells apart from a taken domain.
    let (status, bytes) = send(&router, submission(&id, &common::valid_submission("another"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(serde_json::from_slice::<ErrorEnvelope>(&bytes).unwrap().code, code::REQUEST_ID_REUSED);

    // A new id for the taken domain.
    let (status, bytes) = send(&router, submission(&common::request_id(), &body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let envelope: ErrorEnvelope = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(envelope.code, code::DOMAIN_TAKEN);
    assert_eq!(envelope.data.len(), 1, "the field the problem belongs to");
}

#[tokio::test]
async fn resellers_are_asked_for_by_the_shared_relationship_type() {
    let dir = tempfile::tempdir().unwrap();
    let router = router(dir.path()).await;
    let get = |query: &str| {
        Request::get(format!("/v1/relationships?relationship_type={query}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", common::TOKEN))
            .body(Body::empty())
            .unwrap()
    };
    let (status, bytes) = send(&router, get(INDIRECT_RESELLER_RELATIONSHIP)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    let page: customer_domain::catalog::Page<customer_domain::catalog::Relationship> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(page.total_count, 20);
    assert!(page.items.iter().all(|r| r.relationship_type == INDIRECT_RESELLER_RELATIONSHIP));
    let (status, bytes) = send(&router, get("Other")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_slice::<ErrorEnvelope>(&bytes).unwrap().code, code::INVALID_RELATIONSHIP_TYPE);
}

#[tokio::test]
async fn without_a_token_the_envelope_says_unauthorized() {
    let dir = tempfile::tempdir().unwrap();
    let router = router(dir.path()).await;
    let (status, bytes) = send(&router, Request::get("/v1/customers").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(serde_json::from_slice::<ErrorEnvelope>(&bytes).unwrap().code, code::UNAUTHORIZED);
}
