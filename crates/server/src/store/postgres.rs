//! PostgreSQL storage, for several server instances on one database: a pool
//! of connections (deadpool-postgres over tokio-postgres). Submits are
//! committed in batches, as in the SQLite store: a few writer tasks each take
//! the submissions waiting and commit them in one transaction, so one durable
//! commit (one WAL flush) covers many submits. A batch is written set-based
//! (one lookup, one statement for every new submission); only what that
//! cannot settle takes a savepoint per submission, so one submission's
//! failure rolls back only its savepoint. What keeps instances consistent
//! lives in the database: the unique index on `lower(domain)` (two instances
//! racing for one domain: the second insert waits for the first commit, then
//! inserts nothing) and the primary key on (partner_id, request_id) (two
//! instances racing on one request id: the loser's write fails, its
//! submission is retried in a savepoint and then finds the winner's answer to
//! replay).

use super::{Answer, AuditRecord, NewSubmission, SagaRecord, StoreError, StoredResponse, SubmitOutcome, Swept};
use customer_domain::resources::CustomerSummary;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use tokio_postgres::{NoTls, Statement};

/// Embedded migrations, the same changes as the SQLite ones; `schema_migrations` counts how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_initial.sql"),
    include_str!("../../migrations/postgres/0002_partners.sql"),
    include_str!("../../migrations/postgres/0003_gateway.sql"),
];

/// Connections per instance: the writers' plus some for reads; few enough
/// that several instances stay well under PostgreSQL's default 100.
const POOL_SIZE: usize = 16;

/// Writers committing batches at the same time: while one waits for its
/// commit to be flushed, another fills its transaction. Two: more writers
/// make smaller batches, and a batch's cost is mostly per batch (measured on
/// 2 cores: 0.31-0.38 ms of CPU per submit with 2 writers, 0.37-0.44 with 4,
/// 0.51-0.57 with 8; `CUSTOMER_SERVER_PG_WRITERS` overrides it).
const WRITERS: usize = 2;

/// Most submissions in one transaction (`CUSTOMER_SERVER_PG_BATCH` lowers
/// it). Each savepoint that wrote is a subtransaction; more than 64 in one
/// transaction overflow the backend's subtransaction cache and slow every
/// other session's snapshots (only the savepoint path takes them).
const MAX_BATCH: usize = 64;

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
    /// Submissions for the writers; taken (dropped) by `close`.
    writer: Mutex<Option<mpsc::UnboundedSender<Job>>>,
}

fn is_unique_violation(e: &tokio_postgres::Error, constraint: &str) -> bool {
    e.as_db_error().is_some_and(|db| db.code() == &SqlState::UNIQUE_VIOLATION && db.constraint() == Some(constraint))
}

impl PgStore {
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url.parse().map_err(|e| StoreError(format!("not a PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|e| StoreError(e.to_string()))?;
        let (writer, jobs) = mpsc::unbounded_channel();
        let store = Self { pool, writer: Mutex::new(Some(writer)) };
        store.migrate().await?;
        let jobs = Arc::new(tokio::sync::Mutex::new(jobs));
        let (writers, max_batch) = (tuning("CUSTOMER_SERVER_PG_WRITERS", WRITERS, POOL_SIZE - 1), tuning("CUSTOMER_SERVER_PG_BATCH", MAX_BATCH, 64));
        for _ in 0..writers {
            tokio::spawn(writer_loop(store.pool.clone(), jobs.clone(), max_batch));
        }
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
        let (reply, outcome) = oneshot::channel();
        let sender = self.writer.lock().unwrap_or_else(|e| e.into_inner()).clone();
        sender
            .ok_or_else(|| StoreError("the writers have stopped".into()))?
            .send((Box::new(submission), reply))
            .map_err(|_| StoreError("the writers have stopped".into()))?;
        outcome.await.map_err(|_| StoreError("the writer dropped the submission".into()))?
    }
}

/// A number from the environment, for measuring other values (see the
/// README), between 1 and `max`; otherwise the default.
fn tuning(name: &str, default: usize, max: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| (1..=max).contains(&n)).unwrap_or(default)
}

type Reply = oneshot::Sender<Result<SubmitOutcome, StoreError>>;
type Job = (Box<NewSubmission>, Reply);

/// Takes every submission waiting (up to MAX_BATCH) and commits them in one
/// transaction. While one writer waits for its commit, submissions queue up
/// for the next one, so the batches grow with the load.
async fn writer_loop(pool: Pool, jobs: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>>, max_batch: usize) {
    loop {
        let batch = {
            let mut jobs = jobs.lock().await;
            let Some(first) = jobs.recv().await else { break };
            let mut batch = vec![first];
            while batch.len() < max_batch {
                match jobs.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        commit_batch(&pool, batch).await;
    }
}

/// Commits a batch and answers each submission; returns how many of them
/// needed the savepoint path.
pub(super) async fn commit_batch(pool: &Pool, batch: Vec<Job>) -> usize {
    let submissions: Vec<&NewSubmission> = batch.iter().map(|(s, _)| s.as_ref()).collect();
    let result = match pool.get().await {
        Ok(client) => run_batch(&client, &submissions).await.map_err(StoreError::from),
        Err(e) => Err(StoreError::from(e)),
    };
    match result {
        Ok((outcomes, by_savepoint)) => {
            for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
            by_savepoint
        }
        Err(e) => {
            tracing::error!(error = %e, "batch commit failed; every submission in the batch gets an error");
            for (_, reply) in batch {
                let _ = reply.send(Err(StoreError(e.0.clone())));
            }
            0
        }
    }
}

/// The submit statements, prepared once per connection (cached): executing a
/// prepared statement sends it at once, so pipelined statements reach the
/// server in the order they are written (SQL text would be prepared first,
/// and could arrive in any order).
struct Statements {
    lookup_many: Statement,
    write_many: Statement,
    expire: Statement,
    lookup: Statement,
    insert_customer: Statement,
    agreement: Statement,
    order: Statement,
    lines: Statement,
    audit: Statement,
    remember: Statement,
}

/// The set-based pass's lookup: the stored answers of the batch's
/// (partner, request id) pairs, by position, with their expiry. The lateral
/// subquery with LIMIT (at most one row anyway: the primary key) keeps the
/// plan an index lookup per pair even when the plan was cached while the table
/// was empty; a plain join's cached plan would then scan the whole table.
const LOOKUP_MANY: &str = "SELECT k.position, r.request_hash, r.status,
        CASE WHEN r.secret_body IS NOT NULL AND r.secret_expires_at > k.now THEN r.secret_body ELSE r.response_body END,
        r.expires_at > k.now
    FROM unnest($1::text[], $2::text[], $3::int8[]) WITH ORDINALITY AS k(partner_id, request_id, now, position)
    CROSS JOIN LATERAL (
        SELECT * FROM idempotency_records r WHERE r.partner_id = k.partner_id AND r.request_id = k.request_id LIMIT 1
    ) r";

/// The set-based pass's writes, one statement for every new submission of a
/// batch: the customers (ON CONFLICT DO NOTHING: a domain already taken,
/// whatever its case, inserts no row, and a concurrent transaction's
/// uncommitted row makes this wait for its outcome), then for each customer
/// that went in its agreement, order, line items and audit record, and for
/// every submission its stored answer: the 201 for those inserted, the 409
/// for the others. Returns the ids of the customers inserted. The foreign
/// keys are checked at the end of the statement, when every row is in.
const WRITE_MANY: &str = "WITH input AS (
        SELECT * FROM unnest(
            $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
            $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[],
            $21::text[], $22::text[], $23::text[], $24::text[], $25::int8[], $26::int8[]
        ) AS k(customer_id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id,
               template_id, agreement_type, date_agreed, primary_contact_json, order_id, billing_cycle, order_status, user_id, request_id, correlation_id,
               request_hash, created_body, created_body_without_secret, domain_taken_body, secret_expires_at, expires_at)
    ),
    customer AS (
        INSERT INTO customers (id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id)
        SELECT customer_id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id FROM input
        ON CONFLICT DO NOTHING RETURNING id
    ),
    agreement AS (
        INSERT INTO agreements (customer_id, template_id, agreement_type, date_agreed, primary_contact_json)
        SELECT i.customer_id, i.template_id, i.agreement_type, i.date_agreed, i.primary_contact_json FROM input i JOIN customer c ON c.id = i.customer_id
    ),
    customer_order AS (
        INSERT INTO orders (id, customer_id, billing_cycle, status, creation_date)
        SELECT i.order_id, i.customer_id, i.billing_cycle, i.order_status, i.created_at FROM input i JOIN customer c ON c.id = i.customer_id
    ),
    line AS (
        INSERT INTO order_line_items (order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record)
        SELECT l.order_id, l.line_item_number, l.offer_id, l.friendly_name, l.quantity, l.partner_id_on_record
        FROM unnest($27::text[], $28::text[], $29::int4[], $30::text[], $31::text[], $32::int4[], $33::text[])
            AS l(customer_id, order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record)
        JOIN customer c ON c.id = l.customer_id
    ),
    audit AS (
        INSERT INTO customer_audit (customer_id, partner_id, user_id, request_id, correlation_id, created_at)
        SELECT i.customer_id, i.partner_id, i.user_id, i.request_id, i.correlation_id, i.created_at FROM input i JOIN customer c ON c.id = i.customer_id
    ),
    answer AS (
        INSERT INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
        SELECT i.partner_id, i.request_id, i.request_hash,
            CASE WHEN c.id IS NULL THEN 409 ELSE 201 END,
            CASE WHEN c.id IS NULL THEN i.domain_taken_body ELSE i.created_body_without_secret END,
            CASE WHEN c.id IS NULL THEN NULL ELSE i.created_body END,
            i.secret_expires_at, i.expires_at, i.created_at
        FROM input i LEFT JOIN customer c ON c.id = i.customer_id
    )
    SELECT id FROM customer";

impl Statements {
    async fn prepare(client: &deadpool_postgres::Client) -> Result<Self, tokio_postgres::Error> {
        let (lookup_many, write_many, expire, lookup, insert_customer, agreement, order, lines, audit, remember) = tokio::try_join!(
            client.prepare_cached(LOOKUP_MANY),
            client.prepare_cached(WRITE_MANY),
            client.prepare_cached("DELETE FROM idempotency_records WHERE partner_id = $1 AND request_id = $2 AND expires_at <= $3"),
            client.prepare_cached(STORED_RESPONSE),
            // Only when no live answer is stored for this request (a replay
            // inserts nothing), and ON CONFLICT DO NOTHING: a customer with this
            // domain (committed, earlier in this batch, or committed by a
            // concurrent transaction this one waited for) means no row, and the
            // 409 is stored instead.
            client.prepare_cached(
                "INSERT INTO customers (id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
                 WHERE NOT EXISTS (SELECT 1 FROM idempotency_records WHERE partner_id = $10 AND request_id = $11 AND expires_at > $12)
                 ON CONFLICT DO NOTHING RETURNING seq"
            ),
            client.prepare_cached("INSERT INTO agreements (customer_id, template_id, agreement_type, date_agreed, primary_contact_json) VALUES ($1, $2, $3, $4, $5)"),
            client.prepare_cached("INSERT INTO orders (id, customer_id, billing_cycle, status, creation_date) VALUES ($1, $2, $3, $4, $5)"),
            client.prepare_cached(
                "INSERT INTO order_line_items (order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record)
                 SELECT $1, * FROM unnest($2::int4[], $3::text[], $4::text[], $5::int4[], $6::text[])"
            ),
            client.prepare_cached("INSERT INTO customer_audit (customer_id, partner_id, user_id, request_id, correlation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)"),
            client.prepare_cached(
                "INSERT INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
        )?;
        Ok(Self { lookup_many, write_many, expire, lookup, insert_customer, agreement, order, lines, audit, remember })
    }
}

type Outcomes = Vec<Result<SubmitOutcome, StoreError>>;

/// One transaction for the whole batch. A connection left inside a failed
/// transaction is rolled back before it goes back to the pool.
async fn run_batch(client: &deadpool_postgres::Client, batch: &[&NewSubmission]) -> Result<(Outcomes, usize), tokio_postgres::Error> {
    let statements = Statements::prepare(client).await?;
    let result = batch_transaction(client, &statements, batch).await;
    if result.is_err() {
        // Harmless if the transaction is already over (a failed COMMIT ends it).
        let _ = client.batch_execute("ROLLBACK").await;
    }
    result
}

/// First the set-based pass: one lookup for the whole batch, then one
/// statement writing every new submission (about two round trips and a
/// COMMIT for the batch, whatever its size). Left for the savepoint path,
/// one submission at a time in batch order: a submission whose request id or
/// domain came earlier in the batch (its answer depends on the earlier one's),
/// and, if the set-based write fails (a broken submission, a deadlock, another
/// instance storing one of these request ids first), every submission it
/// would have written, in a fresh transaction.
async fn batch_transaction(client: &tokio_postgres::Client, st: &Statements, batch: &[&NewSubmission]) -> Result<(Outcomes, usize), tokio_postgres::Error> {
    let mut outcomes: Vec<Option<Result<SubmitOutcome, StoreError>>> = batch.iter().map(|_| None).collect();

    // Whether a submission's request id came earlier in the batch.
    let mut requests = std::collections::HashSet::new();
    let mut repeated: Vec<bool> = batch.iter().map(|s| !requests.insert((s.partner_id.as_str(), s.request_id.as_str()))).collect();

    let partners: Vec<&str> = batch.iter().map(|s| s.partner_id.as_str()).collect();
    let request_ids: Vec<&str> = batch.iter().map(|s| s.request_id.as_str()).collect();
    let nows: Vec<i64> = batch.iter().map(|s| s.now).collect();
    let lookup_params: [&(dyn ToSql + Sync); 3] = [&partners, &request_ids, &nows];
    let (begun, stored) = tokio::join!(client.batch_execute("BEGIN"), client.query(&st.lookup_many, &lookup_params));
    begun?;
    let mut expired = Vec::new();
    for row in stored? {
        let index = row.get::<_, i64>(0) as usize - 1;
        if repeated[index] {
            continue; // the savepoint path looks it up again, after the earlier submission
        }
        if !row.get::<_, bool>(4) {
            // Past its retention: the request id is free again once the record is gone.
            expired.push(index);
            continue;
        }
        let request_hash: &str = row.get(1);
        outcomes[index] = Some(Ok(if request_hash == batch[index].request_hash {
            SubmitOutcome::Replayed { status: row.get::<_, i32>(2) as u16, body: row.get(3) }
        } else {
            SubmitOutcome::RequestIdReused
        }));
    }
    for &i in &expired {
        let s = batch[i];
        client.execute(&st.expire, &[&s.partner_id, &s.request_id, &s.now]).await?;
    }
    // Also left for later: a submission whose lower-cased domain an earlier
    // unsettled one (one that may write it) has.
    let mut domains = std::collections::HashSet::new();
    for (i, s) in batch.iter().enumerate() {
        if outcomes[i].is_none() && !domains.insert(s.domain.to_lowercase()) {
            repeated[i] = true;
        }
    }

    // The new submissions, in order of their lower-cased domain: two batches
    // taking some of the same domains wait for each other in one order, not
    // in a deadlock.
    let mut new: Vec<usize> = (0..batch.len()).filter(|&i| !repeated[i] && outcomes[i].is_none()).collect();
    new.sort_by_cached_key(|&i| batch[i].domain.to_lowercase());
    let any_repeated = repeated.contains(&true);
    let mut fresh_transaction = false;
    if !new.is_empty() {
        let rows = if any_repeated {
            client.query(&st.write_many, &WriteMany::new(batch, &new).params()).await
        } else {
            // Nothing left for later: COMMIT goes in the same round trip (after
            // a failed statement, PostgreSQL answers it with a rollback).
            let write = WriteMany::new(batch, &new);
            let params = write.params();
            let (rows, committed) = tokio::join!(client.query(&st.write_many, &params), client.batch_execute("COMMIT"));
            if rows.is_ok() {
                committed?;
            }
            rows
        };
        match rows {
            Ok(rows) => {
                let inserted: std::collections::HashSet<&str> = rows.iter().map(|row| row.get::<_, &str>(0)).collect();
                for &i in &new {
                    let s = batch[i];
                    outcomes[i] = Some(Ok(if inserted.contains(s.customer_id.as_str()) {
                        SubmitOutcome::Created(s.created_body.clone())
                    } else {
                        SubmitOutcome::DomainTaken(s.domain_taken_body.clone())
                    }));
                }
                if !any_repeated {
                    return Ok((outcomes.into_iter().map(|o| o.expect("every submission settled")).collect(), 0));
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, "set-based batch write failed; its submissions go one at a time");
                if any_repeated {
                    client.batch_execute("ROLLBACK").await?;
                }
                fresh_transaction = true;
            }
        }
    }
    if fresh_transaction {
        client.batch_execute("BEGIN").await?;
    }

    let mut by_savepoint = 0;
    for (i, submission) in batch.iter().enumerate() {
        if outcomes[i].is_some() {
            continue;
        }
        by_savepoint += 1;
        outcomes[i] = Some(apply_in_savepoint(client, st, submission).await?);
    }
    client.batch_execute("COMMIT").await?;
    Ok((outcomes.into_iter().map(|o| o.expect("every submission settled")).collect(), by_savepoint))
}

/// The set-based write's parameters: one array per column, the new
/// submissions in the order given, their line items flattened.
struct WriteMany<'a> {
    text: [Vec<&'a str>; 22],
    optional: [Vec<Option<&'a str>>; 2],
    times: [Vec<i64>; 2],
    line_text: [Vec<&'a str>; 3],
    line_optional: [Vec<Option<&'a str>>; 2],
    line_numbers: [Vec<i32>; 2],
}

impl<'a> WriteMany<'a> {
    fn new(batch: &[&'a NewSubmission], new: &[usize]) -> Self {
        let mut w = WriteMany {
            text: Default::default(),
            optional: Default::default(),
            times: Default::default(),
            line_text: Default::default(),
            line_optional: Default::default(),
            line_numbers: Default::default(),
        };
        for &i in new {
            let s: &'a NewSubmission = batch[i];
            let texts = [
                &s.customer_id, &s.commerce_id, &s.domain, &s.company_name, &s.country, &s.relationship_to_partner, &s.created_at, &s.customer_json,
                &s.partner_id, &s.agreement_template_id, &s.agreement_type, &s.agreement_date, &s.primary_contact_json, &s.order_id, &s.billing_cycle,
                &s.order_status, &s.user_id, &s.request_id, &s.request_hash, &s.created_body, &s.created_body_without_secret, &s.domain_taken_body,
            ];
            for (column, value) in w.text.iter_mut().zip(texts) {
                column.push(value.as_str());
            }
            w.optional[0].push(s.associated_partner_id.as_deref());
            w.optional[1].push(s.correlation_id.as_deref());
            w.times[0].push(s.secret_expires_at);
            w.times[1].push(s.expires_at);
            for line in &s.line_items {
                w.line_text[0].push(s.customer_id.as_str());
                w.line_text[1].push(s.order_id.as_str());
                w.line_text[2].push(line.offer_id.as_str());
                w.line_optional[0].push(line.friendly_name.as_deref());
                w.line_optional[1].push(line.partner_id_on_record.as_deref());
                w.line_numbers[0].push(line.line_item_number as i32);
                w.line_numbers[1].push(line.quantity as i32);
            }
        }
        w
    }

    /// In WRITE_MANY's parameter order.
    fn params(&self) -> [&(dyn ToSql + Sync); 33] {
        let [customer_id, commerce_id, domain, company_name, country, relationship, created_at, customer_json, partner_id, template_id, agreement_type,
            date_agreed, contact, order_id, billing_cycle, order_status, user_id, request_id, request_hash, created_body, public_body, taken_body] =
            &self.text;
        let [associated_partner_id, correlation_id] = &self.optional;
        let [secret_expires_at, expires_at] = &self.times;
        let [line_customer_id, line_order_id, offer_id] = &self.line_text;
        let [friendly_name, partner_id_on_record] = &self.line_optional;
        let [line_item_number, quantity] = &self.line_numbers;
        [
            customer_id, commerce_id, domain, company_name, country, relationship, associated_partner_id, created_at, customer_json, partner_id,
            template_id, agreement_type, date_agreed, contact, order_id, billing_cycle, order_status, user_id, request_id, correlation_id,
            request_hash, created_body, public_body, taken_body, secret_expires_at, expires_at,
            line_customer_id, line_order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record,
        ]
    }
}

/// The savepoint path: one submission in its own savepoint, retried when
/// another transaction got in the way; its failure rolls back only its savepoint.
async fn apply_in_savepoint(client: &tokio_postgres::Client, st: &Statements, submission: &NewSubmission) -> Result<Result<SubmitOutcome, StoreError>, tokio_postgres::Error> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match apply(client, st, submission).await {
            Ok(outcome) => return Ok(Ok(outcome)),
            Err(e) => {
                client.batch_execute("ROLLBACK TO SAVEPOINT submission; RELEASE SAVEPOINT submission").await?;
                // Another instance committed this (partner, request id)
                // first: the retry finds its answer and replays it. A
                // deadlock (two batches taking the same domains in
                // opposite orders) is over once this savepoint rolled back.
                let retry = is_unique_violation(&e, "idempotency_records_v2_pkey") || e.code() == Some(&SqlState::T_R_DEADLOCK_DETECTED);
                if retry && attempt < 3 {
                    continue;
                }
                tracing::debug!(error = %e, "submission failed");
                return Ok(Err(StoreError::from(e)));
            }
        }
    }
}

/// Results in pipeline order: the first error is the cause (the later ones
/// only say "transaction aborted").
fn first_cause<const N: usize>(results: [Result<(), tokio_postgres::Error>; N]) -> Result<(), tokio_postgres::Error> {
    results.into_iter().collect()
}

/// One submission inside the batch's transaction, in its own savepoint, in two
/// round trips: (savepoint, expiry, lookup, guarded customer insert), then
/// (the rest, release).
async fn apply(tx: &tokio_postgres::Client, st: &Statements, s: &NewSubmission) -> Result<SubmitOutcome, tokio_postgres::Error> {
    let customer_params: [&(dyn ToSql + Sync); 12] = [
        &s.customer_id, &s.commerce_id, &s.domain, &s.company_name, &s.country, &s.relationship_to_partner,
        &s.associated_partner_id, &s.created_at, &s.customer_json, &s.partner_id, &s.request_id, &s.now,
    ];
    // A record past its retention no longer counts, then the lookup.
    let request_params: [&(dyn ToSql + Sync); 3] = [&s.partner_id, &s.request_id, &s.now];
    let (savepoint, expired, previous, inserted) = tokio::join!(
        tx.batch_execute("SAVEPOINT submission"),
        tx.execute(&st.expire, &request_params),
        tx.query_opt(&st.lookup, &request_params),
        tx.query_opt(&st.insert_customer, &customer_params),
    );
    // In pipeline order: the first error is the cause, the later ones only "transaction aborted".
    savepoint?;
    expired?;
    let (previous, inserted) = (previous?, inserted?);
    let release = "RELEASE SAVEPOINT submission";
    if let Some(previous) = previous {
        if inserted.is_none() {
            tx.batch_execute(release).await?;
            let request_hash: String = previous.get(0);
            return Ok(if request_hash == s.request_hash {
                SubmitOutcome::Replayed { status: previous.get::<_, i32>(1) as u16, body: previous.get(2) }
            } else {
                SubmitOutcome::RequestIdReused
            });
        }
    }
    if inserted.is_none() {
        let status = 409i32;
        let record_params: [&(dyn ToSql + Sync); 9] =
            [&s.partner_id, &s.request_id, &s.request_hash, &status, &s.domain_taken_body, &None::<String>, &s.secret_expires_at, &s.expires_at, &s.created_at];
        let (remembered, released) = tokio::join!(
            tx.execute(&st.remember, &record_params),
            tx.batch_execute(release),
        );
        first_cause([remembered.map(drop), released])?;
        return Ok(SubmitOutcome::DomainTaken(s.domain_taken_body.clone()));
    }
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
    let (a, o, l, au, r, released) = tokio::join!(
        tx.execute(&st.agreement, &agreement_params),
        tx.execute(&st.order, &order_params),
        tx.execute(&st.lines, &line_params),
        tx.execute(&st.audit, &audit_params),
        tx.execute(&st.remember, &record_params),
        tx.batch_execute(release),
    );
    first_cause([a.map(drop), o.map(drop), l.map(drop), au.map(drop), r.map(drop), released])?;
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
        let secrets_cleared = secrets_cleared
            + client
                .execute("UPDATE gateway_sagas SET customer_secret = NULL WHERE customer_secret IS NOT NULL AND secret_expires_at <= $1", &[&now])
                .await?;
        Ok(Swept { secrets_cleared, records_deleted })
    }

    pub async fn saga(&self, partner_id: &str, domain: &str) -> Result<Option<SagaRecord>, StoreError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT partner_id, domain, request_id, request_hash, stage, saga_id, attempt, customer_id, customer_json, customer_secret,
                        secret_expires_at, order_json, updated_at FROM gateway_sagas WHERE partner_id = $1 AND domain = $2",
                &[&partner_id, &domain],
            )
            .await?;
        Ok(row.map(|row| SagaRecord {
            partner_id: row.get(0),
            domain: row.get(1),
            request_id: row.get(2),
            request_hash: row.get(3),
            stage: row.get(4),
            saga_id: row.get(5),
            attempt: row.get(6),
            customer_id: row.get(7),
            customer_json: row.get(8),
            customer_secret: row.get(9),
            secret_expires_at: row.get(10),
            order_json: row.get(11),
            updated_at: row.get(12),
        }))
    }

    pub async fn save_saga(&self, r: &SagaRecord) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        upsert_saga(&client, r).await
    }

    pub async fn finish_saga(&self, r: &SagaRecord, a: &Answer) -> Result<(), StoreError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        upsert_saga(&tx, r).await?;
        upsert_answer(&tx, a).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_saga(&self, partner_id: &str, domain: &str) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        client.execute("DELETE FROM gateway_sagas WHERE partner_id = $1 AND domain = $2", &[&partner_id, &domain]).await?;
        Ok(())
    }

    pub async fn remember_answer(&self, a: &Answer) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        upsert_answer(&client, a).await
    }

    /// Commits these submissions as one batch; also says how many took the savepoint path.
    #[cfg(test)]
    pub(super) async fn submit_batch_counted(&self, batch: Vec<NewSubmission>) -> (Vec<Result<SubmitOutcome, StoreError>>, usize) {
        let (jobs, outcomes): (Vec<_>, Vec<_>) = batch.into_iter().map(|s| { let (reply, outcome) = oneshot::channel(); ((Box::new(s), reply), outcome) }).unzip();
        let by_savepoint = commit_batch(&self.pool, jobs).await;
        let mut results = Vec::new();
        for outcome in outcomes {
            results.push(outcome.await.unwrap());
        }
        (results, by_savepoint)
    }

    pub fn close(&self) {
        self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.pool.close();
    }
}

/// A live stored answer, with the password only inside its window.
const STORED_RESPONSE: &str = "SELECT request_hash, status,
        CASE WHEN secret_body IS NOT NULL AND secret_expires_at > $3 THEN secret_body ELSE response_body END
    FROM idempotency_records WHERE partner_id = $1 AND request_id = $2 AND expires_at > $3";

async fn stored_response<C: GenericClient>(client: &C, partner_id: &str, request_id: &str, now: i64) -> Result<Option<StoredResponse>, tokio_postgres::Error> {
    let statement = client.prepare_cached(STORED_RESPONSE).await?;
    Ok(client.query_opt(&statement, &[&partner_id, &request_id, &now]).await?.map(|row| StoredResponse {
        request_hash: row.get(0),
        status: row.get::<_, i32>(1) as u16,
        body: row.get(2),
    }))
}

async fn upsert_saga(client: &impl GenericClient, r: &SagaRecord) -> Result<(), StoreError> {
    client
        .execute(
            "INSERT INTO gateway_sagas (partner_id, domain, request_id, request_hash, stage, saga_id, attempt, customer_id, customer_json,
                                        customer_secret, secret_expires_at, order_json, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (partner_id, domain) DO UPDATE SET request_id = $3, request_hash = $4, stage = $5, saga_id = $6, attempt = $7,
                 customer_id = $8, customer_json = $9, customer_secret = $10, secret_expires_at = $11, order_json = $12, updated_at = $13",
            &[
                &r.partner_id, &r.domain, &r.request_id, &r.request_hash, &r.stage, &r.saga_id, &r.attempt, &r.customer_id,
                &r.customer_json, &r.customer_secret, &r.secret_expires_at, &r.order_json, &r.updated_at,
            ],
        )
        .await?;
    Ok(())
}

async fn upsert_answer(client: &impl GenericClient, a: &Answer) -> Result<(), StoreError> {
    let status = i32::from(a.status);
    client
        .execute(
            "INSERT INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (partner_id, request_id) DO UPDATE SET request_hash = $3, status = $4, response_body = $5, secret_body = $6,
                 secret_expires_at = $7, expires_at = $8, created_at = $9",
            &[&a.partner_id, &a.request_id, &a.request_hash, &status, &a.public_body, &a.secret_body, &a.secret_expires_at, &a.expires_at, &a.created_at],
        )
        .await?;
    Ok(())
}
