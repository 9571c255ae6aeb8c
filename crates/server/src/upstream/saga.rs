//! One submit as a saga of Partner Center calls:
//!
//! ```text
//! customer ──201──▶ agreement ──201/600061──▶ order ──201──▶ done
//!    │4xx              │4xx                    │4xx
//!    ▼                 ▼                       ▼
//!  nothing created   customer exists,        customer and agreement exist,
//!  (field errors)    agreement failed        order failed
//! ```
//!
//! The saga is keyed by (partner, domain): a domain names one tenant, so a
//! second submit of the same customer (a retry with the same MS-RequestId, or
//! the wizard's corrected submit with a new one) resumes where the first one
//! stopped instead of creating the customer again.
//!
//! Every stage's MS-RequestId is derived from the saga's id, the stage and the
//! stage's attempt, and the row holding those is committed before the first
//! call: so each stage's id is fixed in the store before its call, without a
//! write per stage on the way (a happy submit writes twice: the row before the
//! first call, the answer at the end). After a crash the saga starts again
//! from the last stored stage and repeats the calls with the same ids, which
//! Partner Center answers with the results of the first calls (its documented
//! idempotency). After an answer with a business error the stage's attempt
//! grows (stored), so its next call gets a new id.
//!
//! Orders go to `POST /v1/customers/{id}/orders`, not cart + checkout: the
//! wizard's offers are the catalogue of `GET /v1/offers` (offer ids, min/max
//! quantities), which is what the orders endpoint takes, and one call keeps
//! the stage one idempotent step; a cart needs the newer catalogue's item ids
//! and two calls (create, then checkout), each a stage of its own.

use super::client::{Call, PartnerCenter};
use super::codes;
use super::UpstreamError;
use crate::error::{code, ApiError};
use crate::store::{Answer, Earlier, SagaRecord, Store, StoreError};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use customer_domain::issue::{FieldIssue, Message};
use customer_domain::payload::SubmitRequest;
use customer_domain::validate::field;
use customer_domain::wire::{stage, CreatedCustomer, CustomerResource, OrderResource, SubmitProgress, SubmitResponse, UserCredentials};
use serde_json::Value;
use std::collections::HashMap;
use crate::timing;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DONE: &str = "done";

pub struct Gateway {
    pub partner_center: PartnerCenter,
    /// Cached reads (country rules, offers, the agreement template).
    pub(super) reads: super::reads::ReadCache,
    /// One submit at a time per (partner, domain) in this process.
    locks: Mutex<HashMap<(String, String), Arc<tokio::sync::Mutex<()>>>>,
}

/// What the request handler hands over, already validated.
pub struct SubmitContext {
    pub partner_id: String,
    pub request_id: String,
    pub request_hash: String,
    pub request: SubmitRequest,
    pub password_window: Duration,
    pub retention: Duration,
}

impl Gateway {
    pub fn new(partner_center: PartnerCenter, read_cache_ttl: Duration) -> Self {
        Self { partner_center, reads: super::reads::ReadCache::new(read_cache_ttl), locks: Mutex::new(HashMap::new()) }
    }

    fn lock_for(&self, partner_id: &str, domain: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        locks.entry((partner_id.to_owned(), domain.to_owned())).or_default().clone()
    }

    /// Runs (or resumes) the saga of this submit and answers it.
    pub async fn submit(&self, store: &Store, context: SubmitContext) -> Result<Response, ApiError> {
        let domain = context.request.customer.company_profile.domain.trim().to_ascii_lowercase();
        let lock = self.lock_for(&context.partner_id, &domain);
        let _one_at_a_time = timing::timed("saga.lock", lock.lock()).await;
        let now = crate::store::unix_now();
        // An answer given meanwhile to this request id (the caller checked before waiting), else the saga.
        let earlier = timing::timed("saga.read", store.answer_or_saga(&context.partner_id, &context.request_id, &domain, now)).await?;
        let saga = match earlier {
            Earlier::Answer(previous) => return Ok(crate::api::replay_or_conflict(previous, &context.request_hash)),
            Earlier::Saga(saga) => saga,
        };
        let (mut saga, fresh) = match saga {
            Some(done) if done.stage == DONE => {
                // This partner already created this customer through the gateway.
                return Err(ApiError::new(StatusCode::CONFLICT, code::DOMAIN_TAKEN, "DomainTaken", "The domain belongs to another customer; choose another.")
                    .with_data(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]));
            }
            Some(open) => {
                tracing::info!(stage = %open.stage, request_id = %context.request_id, "resuming a submit");
                (open, false)
            }
            None => (
                SagaRecord {
                    partner_id: context.partner_id.clone(),
                    domain: domain.clone(),
                    request_id: String::new(),
                    request_hash: String::new(),
                    stage: stage::CUSTOMER.into(),
                    saga_id: uuid::Uuid::new_v4().to_string(),
                    attempt: 0,
                    customer_id: None,
                    customer_json: None,
                    customer_secret: None,
                    secret_expires_at: now + context.password_window.as_secs() as i64,
                    order_json: None,
                    updated_at: now,
                },
                true,
            ),
        };
        saga.request_id = context.request_id.clone();
        saga.request_hash = context.request_hash.clone();
        if fresh {
            // Fixes every stage's MS-RequestId before the first call goes out.
            timing::timed("saga.store_before_calls", store.save_saga(saga.clone())).await?;
        }
        let request = &context.request;
        loop {
            let request_id = stage_request_id(&saga);
            match saga.stage.as_str() {
                stage::CUSTOMER => {
                    let body = timing::timed_sync("saga.encode_body", || serde_json::to_value(&request.customer).expect("serializable"));
                    match timing::timed("saga.call.customer", self.call(Method::POST, "/v1/customers", &request_id, &body)).await {
                        Ok(created) => {
                            let Some(id) = created.get("id").and_then(Value::as_str).map(str::to_owned) else {
                                // Nothing to go on: the same id again replays Partner Center's answer.
                                return Err(self.unavailable(store, &mut saga, request, UpstreamError::Unavailable("the created customer has no id".into())).await);
                            };
                            let (resource, password) = split_credentials(created);
                            saga.customer_id = Some(id);
                            saga.customer_json = Some(resource.to_string());
                            saga.customer_secret = password;
                            advance(&mut saga, stage::AGREEMENT);
                        }
                        Err(UpstreamError::Rejected { status, error }) => {
                            // Nothing was created: the saga ends, and this answer is final for the request id.
                            store.delete_saga(&saga.partner_id, &saga.domain).await?;
                            let refusal = rejected(&saga, request, status, &error);
                            let body = serde_json::to_string(&refusal.envelope).expect("serializable");
                            store.remember_answer(answer(&context, refusal.status.as_u16(), body, None)).await?;
                            return Err(refusal);
                        }
                        Err(other) => return Err(self.unavailable(store, &mut saga, request, other).await),
                    }
                }
                stage::AGREEMENT => {
                    let path = format!("/v1/customers/{}/agreements", path_segment(saga.customer_id.as_deref().unwrap_or_default()));
                    let body = timing::timed_sync("saga.encode_body", || serde_json::to_value(&request.agreement).expect("serializable"));
                    match timing::timed("saga.call.agreement", self.call(Method::POST, &path, &request_id, &body)).await {
                        Ok(_) => advance(&mut saga, stage::ORDER),
                        // Confirmed by an earlier attempt whose answer was lost.
                        Err(UpstreamError::Rejected { error, .. }) if error.code == codes::AGREEMENT_ALREADY_CONFIRMED => advance(&mut saga, stage::ORDER),
                        Err(UpstreamError::Rejected { status, error }) => return Err(self.failed_later(store, &mut saga, request, status, &error).await?),
                        Err(other) => return Err(self.unavailable(store, &mut saga, request, other).await),
                    }
                }
                stage::ORDER => {
                    let customer_id = saga.customer_id.clone().unwrap_or_default();
                    let mut order = request.order.clone();
                    order.reference_customer_id = Some(customer_id.clone());
                    let body = timing::timed_sync("saga.encode_body", || serde_json::to_value(&order).expect("serializable"));
                    let path = format!("/v1/customers/{}/orders", path_segment(&customer_id));
                    match timing::timed("saga.call.order", self.call(Method::POST, &path, &request_id, &body)).await {
                        Ok(placed) => {
                            saga.order_json = Some(placed.to_string());
                            return self.finish(store, saga, &context).await;
                        }
                        Err(UpstreamError::Rejected { status, error }) => return Err(self.failed_later(store, &mut saga, request, status, &error).await?),
                        Err(other) => return Err(self.unavailable(store, &mut saga, request, other).await),
                    }
                }
                other => return Err(ApiError::internal(format!("unknown saga stage {other:?}"))),
            }
        }
    }

    async fn call(&self, method: Method, path: &str, request_id: &str, body: &Value) -> Result<Value, UpstreamError> {
        self.partner_center.call(Call { method, path, request_id, locale: None, correlation_id: None, if_none_match: None, body: Some(body) }).await
    }

    /// No answer to act on: how far it got is stored (so a retry need not
    /// replay the stages done), the stage's id unchanged.
    async fn unavailable(&self, store: &Store, saga: &mut SagaRecord, request: &SubmitRequest, error: UpstreamError) -> ApiError {
        if saga.customer_id.is_some() {
            saga.updated_at = crate::store::unix_now();
            if let Err(e) = store.save_saga(saga.clone()).await {
                // Still safe: the stored row replays the earlier stages with their ids.
                tracing::warn!(error = %e, "could not store the submit's progress");
            }
        }
        unavailable(saga, request, error)
    }

    /// A business error after the customer exists: the next attempt of this
    /// stage gets a new MS-RequestId (an answer arrived), stored now.
    async fn failed_later(
        &self,
        store: &Store,
        saga: &mut SagaRecord,
        request: &SubmitRequest,
        status: u16,
        error: &super::PartnerCenterError,
    ) -> Result<ApiError, StoreError> {
        let refusal = rejected(saga, request, status, error);
        saga.attempt += 1;
        saga.updated_at = crate::store::unix_now();
        store.save_saga(saga.clone()).await?;
        Ok(refusal)
    }

    /// Every stage done: the 201 (kept for replays, the password only within
    /// its window) and the saga closed.
    async fn finish(&self, store: &Store, mut saga: SagaRecord, context: &SubmitContext) -> Result<Response, ApiError> {
        let encoding = Instant::now();
        let request = &context.request;
        let customer_id = saga.customer_id.clone().unwrap_or_default();
        let placed: Value = saga.order_json.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or(Value::Null);
        let order = serde_json::from_value::<OrderResource>(placed.clone()).unwrap_or_else(|_| OrderResource {
            id: placed.get("id").and_then(Value::as_str).unwrap_or_default().to_owned(),
            reference_customer_id: customer_id.clone(),
            billing_cycle: request.order.billing_cycle.clone(),
            line_items: request.order.line_items.clone(),
            status: placed.get("status").and_then(Value::as_str).unwrap_or("pending").to_owned(),
            creation_date: placed.get("creationDate").and_then(Value::as_str).unwrap_or_default().to_owned(),
        });
        let mut response = SubmitResponse {
            customer: created_customer(&saga, request).expect("the customer exists at the order stage"),
            agreement: request.agreement.clone(),
            order,
        };
        let with_secret = serde_json::to_string(&response).expect("serializable");
        response.customer.user_credentials.password = None;
        response.customer.user_credentials.password_already_shown = true;
        let without_secret = serde_json::to_string(&response).expect("serializable");
        saga.stage = DONE.into();
        saga.customer_secret = None;
        saga.updated_at = crate::store::unix_now();
        let answer = answer(context, 201, without_secret, Some(with_secret.clone()));
        timing::since("saga.encode_answer", encoding);
        timing::timed("saga.store_after_calls", store.finish_saga(saga, answer)).await?;
        Ok((StatusCode::CREATED, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], with_secret).into_response())
    }
}

/// The MS-RequestId of the saga's current stage and attempt: a GUID from a
/// hash of the three, so the stored row fixes it.
fn stage_request_id(saga: &SagaRecord) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{}:{}:{}", saga.saga_id, saga.stage, saga.attempt));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

fn advance(saga: &mut SagaRecord, next: &str) {
    saga.stage = next.into();
    saga.attempt = 0;
}

/// A tenant id as one path segment (they are GUIDs; anything else is escaped).
fn path_segment(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

/// The created customer without `userCredentials`, and its one-time password.
fn split_credentials(mut created: Value) -> (Value, Option<String>) {
    let password = created
        .as_object_mut()
        .and_then(|o| o.remove("userCredentials"))
        .and_then(|c| c.get("password").and_then(Value::as_str).map(str::to_owned));
    (created, password)
}

/// The customer as Partner Center created it; fields it left out come from the request.
fn created_customer(saga: &SagaRecord, request: &SubmitRequest) -> Option<CreatedCustomer> {
    let id = saga.customer_id.clone()?;
    let stored: Value = saga.customer_json.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or(Value::Null);
    let resource = serde_json::from_value::<CustomerResource>(stored.clone()).unwrap_or_else(|_| CustomerResource {
        id: id.clone(),
        commerce_id: stored.get("commerceId").and_then(Value::as_str).unwrap_or_default().to_owned(),
        company_profile: request.customer.company_profile.clone(),
        billing_profile: request.customer.billing_profile.clone(),
        associated_partner_id: request.customer.associated_partner_id.clone(),
        relationship_to_partner: stored.get("relationshipToPartner").and_then(Value::as_str).unwrap_or("reseller").to_owned(),
    });
    let password = saga.customer_secret.clone();
    Some(CreatedCustomer {
        resource,
        user_credentials: UserCredentials { user_name: "admin".into(), password_already_shown: password.is_none(), password },
    })
}

fn progress(saga: &SagaRecord, request: &SubmitRequest, upstream_code: Option<u32>) -> SubmitProgress {
    let agreement_confirmed = saga.stage == stage::ORDER || saga.stage == DONE;
    SubmitProgress {
        customer: created_customer(saga, request),
        agreement_confirmed,
        failed_stage: saga.stage.clone(),
        upstream_code,
    }
}

/// Partner Center's business error, its code kept, its fields mapped.
fn rejected(saga: &SagaRecord, request: &SubmitRequest, status: u16, error: &super::PartnerCenterError) -> ApiError {
    let status = StatusCode::from_u16(status).ok().filter(|s| s.is_client_error()).unwrap_or(StatusCode::BAD_REQUEST);
    let issues = codes::field_issues(error, request);
    let (code, name) = if error.code == 0 { (code::UPSTREAM_REJECTED, "UpstreamRejected") } else { (error.code, "") };
    let name = if error.error_name.is_empty() { name } else { error.error_name.as_str() };
    let name = if name.is_empty() { "UpstreamRejected" } else { name };
    let description = match saga.stage.as_str() {
        stage::CUSTOMER => format!("Partner Center did not create the customer: {}", error.description),
        stage::AGREEMENT => format!("The customer was created, but Partner Center did not confirm the agreement: {}", error.description),
        _ => format!("The customer was created and the agreement confirmed, but Partner Center did not place the order: {}", error.description),
    };
    let mut refusal = ApiError::new(status, code, name, description).with_data(issues);
    refusal.envelope.progress = Some(progress(saga, request, Some(error.code).filter(|c| *c != 0)));
    refusal
}

/// No answer to act on: 503 (or 502 for a refused sign-in) with how far the
/// submit got; the same submit again resumes the stage in flight.
fn unavailable(saga: &SagaRecord, request: &SubmitRequest, error: UpstreamError) -> ApiError {
    tracing::warn!(stage = %saga.stage, error = %error, "submit stopped; a retry resumes it");
    let mut answer = super::unavailable_error(&error);
    if saga.customer_id.is_some() {
        answer.envelope.description.push_str(" The customer was created; retrying finishes the rest.");
    }
    // The password is not repeated here: a retry's success (or a later failure) shows it.
    let mut progress = progress(saga, request, None);
    if let Some(customer) = progress.customer.as_mut() {
        customer.user_credentials.password = None;
    }
    answer.envelope.progress = Some(progress);
    answer
}

fn answer(context: &SubmitContext, status: u16, public_body: String, secret_body: Option<String>) -> Answer {
    let now = crate::store::unix_now();
    Answer {
        partner_id: context.partner_id.clone(),
        request_id: context.request_id.clone(),
        request_hash: context.request_hash.clone(),
        status,
        public_body,
        secret_body,
        secret_expires_at: now + context.password_window.as_secs() as i64,
        expires_at: now + context.retention.as_secs() as i64,
        created_at: crate::api::now_rfc3339(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_request_ids_are_fixed_by_the_row_and_differ_by_stage_and_attempt() {
        let mut saga = SagaRecord {
            partner_id: "p".into(),
            domain: "d".into(),
            request_id: String::new(),
            request_hash: String::new(),
            stage: stage::CUSTOMER.into(),
            saga_id: "0b5b8a4e-3f0e-4a51-9a64-1f1c2d3e4f50".into(),
            attempt: 0,
            customer_id: None,
            customer_json: None,
            customer_secret: None,
            secret_expires_at: 0,
            order_json: None,
            updated_at: 0,
        };
        let first = stage_request_id(&saga);
        assert_eq!(first, stage_request_id(&saga.clone()));
        assert!(uuid::Uuid::parse_str(&first).is_ok_and(|u| u.get_version_num() == 4));
        let mut seen = std::collections::HashSet::from([first]);
        advance(&mut saga, stage::AGREEMENT);
        assert!(seen.insert(stage_request_id(&saga)));
        saga.attempt += 1;
        assert!(seen.insert(stage_request_id(&saga)));
        advance(&mut saga, stage::ORDER);
        assert!(seen.insert(stage_request_id(&saga)));
    }
}
