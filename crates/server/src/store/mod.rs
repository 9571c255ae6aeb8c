//! Storage: SQLite embedded (the default) or PostgreSQL (`--db postgres://…`,
//! for several instances on one database). Both keep the same schema (their
//! migrations mirror each other), commit a submit in one transaction, take a
//! domain once whatever its case, and key idempotency records by (partner,
//! MS-RequestId). Everything a partner reads is filtered by its partner id.

pub mod postgres;
pub mod sqlite;

#[cfg(test)]
mod batch_tests;

use customer_domain::payload::LineItem;
use customer_domain::resources::CustomerSummary;
use serde::Serialize;

#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything one successful submit writes, prepared by the request handler
/// (ids, password, response bodies) so the store only does SQL.
pub struct NewSubmission {
    pub partner_id: String,
    pub user_id: String,
    pub request_id: String,
    pub correlation_id: Option<String>,
    pub request_hash: String,
    pub customer_id: String,
    pub commerce_id: String,
    pub domain: String,
    pub company_name: String,
    pub country: String,
    pub relationship_to_partner: String,
    pub associated_partner_id: Option<String>,
    pub created_at: String,
    /// The public customer resource (no credentials).
    pub customer_json: String,
    pub agreement_template_id: String,
    pub agreement_type: String,
    pub agreement_date: String,
    pub primary_contact_json: String,
    pub order_id: String,
    pub billing_cycle: String,
    pub order_status: String,
    pub line_items: Vec<LineItem>,
    /// The 201 body with the one-time password, replayed only until `secret_expires_at`.
    pub created_body: String,
    /// The 201 body saying the password was already shown, replayed after that.
    pub created_body_without_secret: String,
    /// The 409 body if the domain turns out to be taken, stored for replays too.
    pub domain_taken_body: String,
    /// Unix seconds: now, when the password leaves the stored answer, and when the record goes.
    pub now: i64,
    pub secret_expires_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// Committed; the 201 body.
    Created(String),
    /// The domain belongs to another customer; the 409 body (also committed as the request's answer).
    DomainTaken(String),
    /// The request id was seen before from this partner with the same body: its first answer.
    Replayed { status: u16, body: String },
    /// The request id was seen before from this partner with a different body.
    RequestIdReused,
}

/// A stored answer to an earlier request.
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// Who created a customer, through which request, and when.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub customer_id: String,
    pub partner_id: String,
    pub user_id: String,
    pub request_id: String,
    pub correlation_id: Option<String>,
    pub created_at: String,
}

/// What a sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Stored answers whose one-time password was removed.
    pub secrets_cleared: u64,
    /// Idempotency records removed.
    pub records_deleted: u64,
}

/// Where the creation of one customer in Partner Center stands (gateway
/// mode), keyed by (partner, domain); see migrations/*/0003_gateway.sql.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SagaRecord {
    pub partner_id: String,
    pub domain: String,
    /// The submit (MS-RequestId and body hash) that last worked on it.
    pub request_id: String,
    pub request_hash: String,
    /// `customer`, `agreement`, `order` or `done`.
    pub stage: String,
    /// What every stage's MS-RequestId is derived from (with the stage and its attempt).
    pub saga_id: String,
    /// Attempt of `stage`: grows after each answered failure, so the next call gets a new id.
    pub attempt: i64,
    pub customer_id: Option<String>,
    /// Partner Center's customer resource, without credentials.
    pub customer_json: Option<String>,
    /// The one-time admin password, until `secret_expires_at`.
    pub customer_secret: Option<String>,
    pub secret_expires_at: i64,
    pub order_json: Option<String>,
    pub updated_at: i64,
}

/// What [`Store::answer_or_saga`] found.
pub enum Earlier {
    /// The answer already given to this request id.
    Answer(StoredResponse),
    /// No answer yet: the customer's saga, if one was started.
    Saga(Option<SagaRecord>),
}

/// A final answer to an MS-RequestId, kept for replays (as a submit's own).
pub struct Answer {
    pub partner_id: String,
    pub request_id: String,
    pub request_hash: String,
    pub status: u16,
    pub public_body: String,
    pub secret_body: Option<String>,
    pub secret_expires_at: i64,
    pub expires_at: i64,
    pub created_at: String,
}

pub enum Store {
    Sqlite(std::sync::Arc<sqlite::SqliteStore>),
    Postgres(postgres::PgStore),
}

impl Store {
    /// `postgres://…` (or `postgresql://…`) opens PostgreSQL; anything else is a SQLite file path.
    pub async fn open(location: &str) -> Result<Self, StoreError> {
        if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            Ok(Store::Postgres(postgres::PgStore::open(location).await?))
        } else {
            Ok(Store::Sqlite(std::sync::Arc::new(sqlite::SqliteStore::open(std::path::Path::new(location))?)))
        }
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Stores a submission atomically, or tells why not.
    pub async fn submit(&self, submission: NewSubmission) -> Result<SubmitOutcome, StoreError> {
        match self {
            Store::Sqlite(s) => s.submit(submission).await,
            Store::Postgres(s) => s.submit(submission).await,
        }
    }

    /// This partner's stored answer for `request_id`, as it may be replayed at `now`.
    pub async fn stored_response(&self, partner_id: &str, request_id: &str, now: i64) -> Result<Option<StoredResponse>, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let (partner, id) = (partner_id.to_owned(), request_id.to_owned());
                s.read(move |conn| sqlite::stored_response(conn, &partner, &id, now)).await
            }
            Store::Postgres(s) => s.stored_response(partner_id, request_id, now).await,
        }
    }

    /// Whether any partner's customer has this (lower-cased) domain.
    pub async fn domain_taken(&self, domain: &str) -> Result<bool, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let domain = domain.to_owned();
                s.read(move |conn| sqlite::domain_taken(conn, &domain)).await
            }
            Store::Postgres(s) => s.domain_taken(domain).await,
        }
    }

    /// The customer resource, if it exists and belongs to this partner.
    pub async fn customer_json(&self, partner_id: &str, id: &str) -> Result<Option<String>, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let (partner, id) = (partner_id.to_owned(), id.to_owned());
                s.read(move |conn| sqlite::customer_json(conn, &partner, &id)).await
            }
            Store::Postgres(s) => s.customer_json(partner_id, id).await,
        }
    }

    /// A page of this partner's customers, newest first, and their count.
    pub async fn customers_page(&self, partner_id: &str, offset: u32, size: u32) -> Result<(u32, Vec<CustomerSummary>), StoreError> {
        match self {
            Store::Sqlite(s) => {
                let partner = partner_id.to_owned();
                s.read(move |conn| sqlite::customers_page(conn, &partner, offset, size)).await
            }
            Store::Postgres(s) => s.customers_page(partner_id, offset, size).await,
        }
    }

    /// The audit record of this partner's customer.
    pub async fn audit(&self, partner_id: &str, customer_id: &str) -> Result<Option<AuditRecord>, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let (partner, id) = (partner_id.to_owned(), customer_id.to_owned());
                s.read(move |conn| sqlite::audit(conn, &partner, &id)).await
            }
            Store::Postgres(s) => s.audit(partner_id, customer_id).await,
        }
    }

    /// What a gateway submit looks up first: the stored answer to this request
    /// id, else the saga of this partner's domain. One read on SQLite (one
    /// hop to a reader thread instead of two, each a wake-up that waits for a
    /// core on a busy machine).
    pub async fn answer_or_saga(&self, partner_id: &str, request_id: &str, domain: &str, now: i64) -> Result<Earlier, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let (partner, id, domain) = (partner_id.to_owned(), request_id.to_owned(), domain.to_owned());
                s.read(move |conn| {
                    Ok(match sqlite::stored_response(conn, &partner, &id, now)? {
                        Some(answer) => Earlier::Answer(answer),
                        None => Earlier::Saga(sqlite::saga(conn, &partner, &domain)?),
                    })
                })
                .await
            }
            Store::Postgres(s) => Ok(match s.stored_response(partner_id, request_id, now).await? {
                Some(answer) => Earlier::Answer(answer),
                None => Earlier::Saga(s.saga(partner_id, domain).await?),
            }),
        }
    }

    /// Writes (inserts or replaces) a saga's state; committed when this returns.
    pub async fn save_saga(&self, record: SagaRecord) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.write(move |conn| sqlite::save_saga(conn, &record)).await,
            Store::Postgres(s) => s.save_saga(&record).await,
        }
    }

    pub async fn delete_saga(&self, partner_id: &str, domain: &str) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => {
                let (partner, domain) = (partner_id.to_owned(), domain.to_owned());
                s.write(move |conn| sqlite::delete_saga(conn, &partner, &domain)).await
            }
            Store::Postgres(s) => s.delete_saga(partner_id, domain).await,
        }
    }

    /// Closes a saga and keeps its answer, in one transaction.
    pub async fn finish_saga(&self, record: SagaRecord, answer: Answer) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.write(move |conn| sqlite::save_saga(conn, &record).and_then(|_| sqlite::remember_answer(conn, &answer))).await,
            Store::Postgres(s) => s.finish_saga(&record, &answer).await,
        }
    }

    /// Keeps the final answer to a request id (replacing an expired one).
    pub async fn remember_answer(&self, answer: Answer) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.write(move |conn| sqlite::remember_answer(conn, &answer)).await,
            Store::Postgres(s) => s.remember_answer(&answer).await,
        }
    }

    /// Clears one-time passwords past their window and deletes expired idempotency records.
    pub async fn sweep(&self, now: i64) -> Result<Swept, StoreError> {
        match self {
            Store::Sqlite(s) => s.sweep(now).await,
            Store::Postgres(s) => s.sweep(now).await,
        }
    }

    /// Finishes queued writes and releases the database.
    pub fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close(),
            Store::Postgres(s) => s.close(),
        }
    }
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
