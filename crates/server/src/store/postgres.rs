//! PostgreSQL storage, for several server instances on one database: a pool
//! of connections (deadpool-postgres over tokio-postgres), one transaction per
//! submit. What keeps instances consistent lives in the database: the unique
//! index on `lower(domain)` (two instances racing for one domain: the second
//! insert waits for the first commit, then inserts nothing) and the primary key on
//! (partner_id, request_id) (two instances racing on one request id: the
//! loser's transaction fails and is retried, and then finds the winner's
//! answer to replay).

use super::{AuditRecord, NewSubmission, StoreError, StoredResponse, SubmitOutcome, Swept};
use customer_domain::resources::CustomerSummary;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::NoTls;

/// Embedded migrations, the same changes as the SQLite ones; `schema_migrations` counts how many have run.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/postgres/0001_initial.sql"), include_str!("../../migrations/postgres/0002_partners.sql")];

/// Connections per instance: enough to keep a 2-core database busy, few enough
/// that several instances stay well under PostgreSQL's default 100.
const POOL_SIZE: usize = 16;

/// Any number, the same in every instance: the advisory lock that makes one
/// instance migrate while the others wait.
const MIGRATION_LOCK: i64 = 0x0acc_5e2e;

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // The server's message, never the statement's parameters.
        match e.as_db_error() {
            Some(db) => StoreError(format!("PostgreSQL {}: {}", db.code().code(), db.message())),
            None => StoreError(e.to_string()),
        }
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        StoreError(format!("database pool: {e}"))
    }
}

pub struct PgStore {
    pool: Pool,
}

fn is_unique_violation(e: &tokio_postgres::Error, constraint: &str) -> bool {
    e.as_db_error().is_some_and(|db| db.code() == &SqlState::UNIQUE_VIOLATION && db.constraint() == Some(constraint))
}

impl PgStore {
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url.parse().map_err(|e| StoreError(format!("not a PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|e| StoreError(e.to_string()))?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY)").await?;
        let applied: i64 = tx.query_one("SELECT count(*) FROM schema_migrations", &[]).await?.get(0);
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            tx.batch_execute(sql).await?;
            tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[&(index as i32 + 1)]).await?;
            tracing::info!(migration = index + 1, "applied database migration");
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn submit(&self, submission: NewSubmission) -> Result<SubmitOutcome, StoreError> {
        // A concurrent attempt with the same (partner, request id) may commit
        // first; the retry then replays its answer.
        let mut client = self.pool.get().await?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match try_submit(&mut client, &submission).await {
                Err(e) if attempt < 3 && is_unique_violation(&e, "idempotency_records_v2_pkey") => continue,
                other => return other.map_err(StoreError::from),
            }
        }
    }

}

async fn try_submit(client: &mut deadpool_postgres::Client, s: &NewSubmission) -> Result<SubmitOutcome, tokio_postgres::Error> {
        let tx = client.transaction().await?;
        // Pipelined: a record past its retention no longer counts, then the lookup.
        let expiry_params: [&(dyn ToSql + Sync); 3] = [&s.partner_id, &s.request_id, &s.now];
        // Cached per connection: after the first submit on it, no round trip.
        let (expire, insert_customer) = tokio::try_join!(
            tx.prepare_cached("DELETE FROM idempotency_records WHERE partner_id = $1 AND request_id = $2 AND expires_at <= $3"),
            tx.prepare_cached(
                "INSERT INTO customers (id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING seq"
            ),
        )?;
        let (expired, previous) = tokio::join!(
            tx.execute(&expire, &expiry_params),
            stored_response(&tx, &s.partner_id, &s.request_id, s.now)
        );
        expired?;
        if let Some(previous) = previous? {
            tx.commit().await?;
            return Ok(if previous.request_hash == s.request_hash {
                SubmitOutcome::Replayed { status: previous.status, body: previous.body }
            } else {
                SubmitOutcome::RequestIdReused
            });
        }
        let remember = "INSERT INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        // ON CONFLICT DO NOTHING: a customer with this domain (committed, or
        // committed by a concurrent transaction this one waited for) means no
        // row, and the transaction goes on to store the 409 instead.
        let inserted = tx
            .query_opt(
                &insert_customer,
                &[
                    &s.customer_id, &s.commerce_id, &s.domain, &s.company_name, &s.country,
                    &s.relationship_to_partner, &s.associated_partner_id, &s.created_at, &s.customer_json, &s.partner_id,
                ],
            )
            .await?;
        if inserted.is_none() {
            let status = 409i32;
            tx.execute(remember, &[&s.partner_id, &s.request_id, &s.request_hash, &status, &s.domain_taken_body, &None::<String>, &s.secret_expires_at, &s.expires_at, &s.created_at])
                .await?;
            tx.commit().await?;
            return Ok(SubmitOutcome::DomainTaken(s.domain_taken_body.clone()));
        }
        // The rest in one round trip: the statements are pipelined.
        let numbers: Vec<i32> = s.line_items.iter().map(|l| l.line_item_number as i32).collect();
        let offers: Vec<&str> = s.line_items.iter().map(|l| l.offer_id.as_str()).collect();
        let names: Vec<Option<&str>> = s.line_items.iter().map(|l| l.friendly_name.as_deref()).collect();
        let quantities: Vec<i32> = s.line_items.iter().map(|l| l.quantity as i32).collect();
        let mpn_ids: Vec<Option<&str>> = s.line_items.iter().map(|l| l.partner_id_on_record.as_deref()).collect();
        let status = 201i32;
        let secret_body = Some(&s.created_body);
        let agreement_params: [&(dyn ToSql + Sync); 5] = [&s.customer_id, &s.agreement_template_id, &s.agreement_type, &s.agreement_date, &s.primary_contact_json];
        let order_params: [&(dyn ToSql + Sync); 5] = [&s.order_id, &s.customer_id, &s.billing_cycle, &s.order_status, &s.created_at];
        let line_params: [&(dyn ToSql + Sync); 6] = [&s.order_id, &numbers, &offers, &names, &quantities, &mpn_ids];
        let audit_params: [&(dyn ToSql + Sync); 6] = [&s.customer_id, &s.partner_id, &s.user_id, &s.request_id, &s.correlation_id, &s.created_at];
        let record_params: [&(dyn ToSql + Sync); 9] = [
            &s.partner_id, &s.request_id, &s.request_hash, &status, &s.created_body_without_secret, &secret_body, &s.secret_expires_at, &s.expires_at, &s.created_at,
        ];
        // Prepared (and cached) first: executing a prepared statement sends it
        // at once, so the pipeline keeps this order (the line items after
        // their order); executing SQL text would prepare each first, and the
        // inserts could reach the server in any order.
        let (agreement, order, lines, audit, record) = tokio::try_join!(
            tx.prepare_cached("INSERT INTO agreements (customer_id, template_id, agreement_type, date_agreed, primary_contact_json) VALUES ($1, $2, $3, $4, $5)"),
            tx.prepare_cached("INSERT INTO orders (id, customer_id, billing_cycle, status, creation_date) VALUES ($1, $2, $3, $4, $5)"),
            tx.prepare_cached(
                "INSERT INTO order_line_items (order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record)
                 SELECT $1, * FROM unnest($2::int4[], $3::text[], $4::text[], $5::int4[], $6::text[])"
            ),
            tx.prepare_cached("INSERT INTO customer_audit (customer_id, partner_id, user_id, request_id, correlation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)"),
            tx.prepare_cached(remember),
        )?;
        let agreement = tx.execute(&agreement, &agreement_params);
        let order = tx.execute(&order, &order_params);
        let lines = tx.execute(&lines, &line_params);
        let audit = tx.execute(&audit, &audit_params);
        let record = tx.execute(&record, &record_params);
        let (a, o, l, au, r) = tokio::join!(agreement, order, lines, audit, record);
        // After the first failure the rest report only "transaction aborted": return the cause.
        let results = [a, o, l, au, r];
        if let Some(cause) = results.iter().find_map(|r| r.as_ref().err().filter(|e| e.code() != Some(&SqlState::IN_FAILED_SQL_TRANSACTION))) {
            tracing::debug!(error = %cause, "submit failed");
        }
        for result in results {
            if let Err(e) = result {
                if e.code() != Some(&SqlState::IN_FAILED_SQL_TRANSACTION) {
                    return Err(e);
                }
            }
        }
        tx.commit().await?;
        Ok(SubmitOutcome::Created(s.created_body.clone()))
}

impl PgStore {
    pub async fn stored_response(&self, partner_id: &str, request_id: &str, now: i64) -> Result<Option<StoredResponse>, StoreError> {
        let client = self.pool.get().await?;
        Ok(stored_response(&client, partner_id, request_id, now).await?)
    }

    pub async fn domain_taken(&self, domain: &str) -> Result<bool, StoreError> {
        let client = self.pool.get().await?;
        let statement = client.prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE lower(domain) = lower($1))").await?;
        Ok(client.query_one(&statement, &[&domain]).await?.get(0))
    }

    pub async fn customer_json(&self, partner_id: &str, id: &str) -> Result<Option<String>, StoreError> {
        let client = self.pool.get().await?;
        let statement = client.prepare_cached("SELECT customer_json FROM customers WHERE id = $1 AND partner_id = $2").await?;
        Ok(client.query_opt(&statement, &[&id, &partner_id]).await?.map(|row| row.get(0)))
    }

    pub async fn customers_page(&self, partner_id: &str, offset: u32, size: u32) -> Result<(u32, Vec<CustomerSummary>), StoreError> {
        let client = self.pool.get().await?;
        let count = client.prepare_cached("SELECT count(*) FROM customers WHERE partner_id = $1").await?;
        let page = client
            .prepare_cached(
                "SELECT id, company_name, domain, country, created_at, relationship_to_partner, associated_partner_id
                 FROM customers WHERE partner_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3",
            )
            .await?;
        let total: i64 = client.query_one(&count, &[&partner_id]).await?.get(0);
        let rows = client.query(&page, &[&partner_id, &(size as i64), &(offset as i64)]).await?;
        let items = rows
            .iter()
            .map(|row| CustomerSummary {
                id: row.get(0),
                company_name: row.get(1),
                domain: row.get(2),
                country: row.get(3),
                created_at: row.get(4),
                relationship_to_partner: row.get(5),
                associated_partner_id: row.get(6),
            })
            .collect();
        Ok((total as u32, items))
    }

    pub async fn audit(&self, partner_id: &str, customer_id: &str) -> Result<Option<AuditRecord>, StoreError> {
        let client = self.pool.get().await?;
        let statement = client
            .prepare_cached(
                "SELECT customer_id, partner_id, user_id, request_id, correlation_id, created_at FROM customer_audit WHERE customer_id = $1 AND partner_id = $2",
            )
            .await?;
        Ok(client.query_opt(&statement, &[&customer_id, &partner_id]).await?.map(|row| AuditRecord {
            customer_id: row.get(0),
            partner_id: row.get(1),
            user_id: row.get(2),
            request_id: row.get(3),
            correlation_id: row.get(4),
            created_at: row.get(5),
        }))
    }

    pub async fn sweep(&self, now: i64) -> Result<Swept, StoreError> {
        let client = self.pool.get().await?;
        let secrets_cleared = client
            .execute("UPDATE idempotency_records SET secret_body = NULL WHERE secret_body IS NOT NULL AND secret_expires_at <= $1", &[&now])
            .await?;
        let records_deleted = client.execute("DELETE FROM idempotency_records WHERE expires_at <= $1", &[&now]).await?;
        Ok(Swept { secrets_cleared, records_deleted })
    }

    pub fn close(&self) {
        self.pool.close();
    }
}

async fn stored_response<C: GenericClient>(client: &C, partner_id: &str, request_id: &str, now: i64) -> Result<Option<StoredResponse>, tokio_postgres::Error> {
    let statement = client
        .prepare_cached(
            "SELECT request_hash, status,
                    CASE WHEN secret_body IS NOT NULL AND secret_expires_at > $3 THEN secret_body ELSE response_body END
             FROM idempotency_records WHERE partner_id = $1 AND request_id = $2 AND expires_at > $3",
        )
        .await?;
    Ok(client.query_opt(&statement, &[&partner_id, &request_id, &now]).await?.map(|row| StoredResponse {
        request_hash: row.get(0),
        status: row.get::<_, i32>(1) as u16,
        body: row.get(2),
    }))
}
