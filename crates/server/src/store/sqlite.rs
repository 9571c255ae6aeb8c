//! SQLite storage: one writer thread that owns the only write connection and
//! commits submissions in small groups (one transaction, one savepoint per
//! submission), plus a pool of reader connections. WAL mode lets readers run
//! while the writer commits.

use super::{Answer, AuditRecord, NewSubmission, SagaRecord, StoreError, StoredResponse, SubmitOutcome, Swept};
use customer_domain::resources::CustomerSummary;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// Embedded migrations; `PRAGMA user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_initial.sql"),
    include_str!("../../migrations/sqlite/0002_partners.sql"),
    include_str!("../../migrations/sqlite/0003_gateway.sql"),
];

/// Most submissions committed in one transaction. Bigger groups amortize the
/// commit; smaller ones keep the wait of the first submission in a group short.
const MAX_GROUP: usize = 64;
/// How long the writer waits for more submissions to join a group: a little
/// latency for far fewer commits under load.
const GROUP_WINDOW: std::time::Duration = std::time::Duration::from_micros(500);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

enum WriteJob {
    Submit(Box<NewSubmission>, oneshot::Sender<Result<SubmitOutcome, StoreError>>),
    Sweep(i64, oneshot::Sender<Result<Swept, StoreError>>),
    /// A small write of its own (gateway sagas), committed on the writer thread.
    Run(Box<dyn FnOnce(&mut Connection) -> Result<(), StoreError> + Send>, oneshot::Sender<Result<(), StoreError>>),
    Shutdown,
}

pub struct SqliteStore {
    path: PathBuf,
    writer: mpsc::Sender<WriteJob>,
    writer_thread: Mutex<Option<JoinHandle<()>>>,
    /// Dropping the sender stops the checkpointer.
    checkpointer: Mutex<Option<(mpsc::Sender<()>, JoinHandle<()>)>>,
    readers: Mutex<Vec<Connection>>,
}

/// How often the background thread checkpoints: short rounds keep each
/// checkpoint's share of work (and a RESTART's remainder) small.
const CHECKPOINT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(50);
/// A WAL this long (about 16 MB of 4 KB pages) after a PASSIVE round has not
/// been started over by the writer: a blocking RESTART is worth its wait.
const RESTART_AFTER_WAL_FRAMES: i64 = 4_096;
/// WAL pages after which the writer checkpoints itself: only a safety net for
/// when the background checkpointer cannot keep up (about 200 MB of WAL).
const WRITER_AUTOCHECKPOINT_PAGES: u32 = 50_000;

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    // Waiting for a lock (the writer behind a checkpoint, the checkpoint behind
    // a commit): retry every 200 µs for up to 5 s. SQLite's own busy timeout
    // sleeps in growing steps (1, 2, 5, 10 ms…) and oversleeps short waits.
    conn.busy_handler(Some(retry_soon))?;
    // WAL: readers never block the writer. NORMAL: a commit is durable once the
    // WAL is synced at checkpoint; a power cut may lose the last commits, never
    // corrupt the database — the usual trade-off for a WAL server database.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

fn retry_soon(attempt: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_micros(200));
    attempt < 25_000
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
        tracing::info!(migration = index + 1, "applied database migration");
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating the directory and file if needed) and migrates the database.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut writer_conn = open_connection(path)?;
        migrate(&mut writer_conn)?;
        // Checkpoints (copying the WAL into the database and syncing it) are the
        // slow part of writing; done inline they stall every submit queued
        // behind them, so a separate connection does them in the background.
        writer_conn.pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT_PAGES)?;
        // The indexes on random GUIDs touch pages all over the file: keep them cached.
        writer_conn.pragma_update(None, "cache_size", -65_536)?;
        let checkpoint_conn = open_connection(path)?;
        let (stop_checkpoints, stopped) = mpsc::channel::<()>();
        let checkpointer = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(checkpoint_conn, stopped))
            .map_err(|e| StoreError(e.to_string()))?;
        let (writer, jobs) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(writer_conn, jobs))
            .map_err(|e| StoreError(e.to_string()))?;
        Ok(Self {
            path: path.to_owned(),
            writer,
            writer_thread: Mutex::new(Some(thread)),
            checkpointer: Mutex::new(Some((stop_checkpoints, checkpointer))),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Stores a submission atomically, or tells why not.
    pub async fn submit(&self, submission: NewSubmission) -> Result<SubmitOutcome, StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.writer
            .send(WriteJob::Submit(Box::new(submission), reply))
            .map_err(|_| StoreError("the writer has stopped".into()))?;
        outcome.await.map_err(|_| StoreError("the writer dropped the submission".into()))?
    }

    /// Clears expired one-time passwords and deletes expired records, on the writer thread.
    pub async fn sweep(&self, now: i64) -> Result<Swept, StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.writer.send(WriteJob::Sweep(now, reply)).map_err(|_| StoreError("the writer has stopped".into()))?;
        outcome.await.map_err(|_| StoreError("the writer dropped the sweep".into()))?
    }

    /// Runs a write on the writer thread (the only write connection).
    pub async fn write<F>(&self, write: F) -> Result<(), StoreError>
    where
        F: FnOnce(&Connection) -> rusqlite::Result<()> + Send + 'static,
    {
        let (reply, outcome) = oneshot::channel();
        let queued = std::time::Instant::now();
        let job = Box::new(move |conn: &mut Connection| -> Result<(), StoreError> {
            crate::timing::since("sqlite.write_queue", queued);
            let committing = std::time::Instant::now();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            write(&tx)?;
            tx.commit()?;
            crate::timing::since("sqlite.write_commit", committing);
            Ok(())
        });
        self.writer.send(WriteJob::Run(job, reply)).map_err(|_| StoreError("the writer has stopped".into()))?;
        outcome.await.map_err(|_| StoreError("the writer dropped the write".into()))?
    }

    /// Runs a read on a pooled reader connection off the async threads.
    pub async fn read<T, F>(self: &std::sync::Arc<Self>, query: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let store = self.clone();
        let queued = std::time::Instant::now();
        tokio::task::spawn_blocking(move || {
            crate::timing::since("sqlite.read_queue", queued);
            let pooled = store.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let conn = match pooled {
                Some(conn) => conn,
                None => open_connection(&store.path)?,
            };
            let result = query(&conn);
            store.readers.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
            Ok(result?)
        })
        .await
        .map_err(|e| StoreError(format!("read task failed: {e}")))?
    }

    /// Commits these submissions as one group, on a connection of their own.
    #[cfg(test)]
    pub(super) async fn submit_batch(&self, batch: Vec<NewSubmission>) -> Vec<Result<SubmitOutcome, StoreError>> {
        let path = self.path.clone();
        let (group, outcomes): (Vec<_>, Vec<_>) = batch.into_iter().map(|s| { let (reply, outcome) = oneshot::channel(); ((Box::new(s), reply), outcome) }).unzip();
        tokio::task::spawn_blocking(move || commit_group(&mut open_connection(&path).unwrap(), group)).await.unwrap();
        let mut results = Vec::new();
        for outcome in outcomes {
            results.push(outcome.await.unwrap());
        }
        results
    }

    /// Stops the writer after the jobs already queued, and checkpoints the WAL.
    pub fn close(&self) {
        if let Some((stop, thread)) = self.checkpointer.lock().unwrap_or_else(|e| e.into_inner()).take() {
            drop(stop);
            let _ = thread.join();
        }
        let _ = self.writer.send(WriteJob::Shutdown);
        if let Some(thread) = self.writer_thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = thread.join();
        }
    }
}

/// The answer as it may be replayed at `now`: with the password only inside its window.
pub fn stored_response(conn: &Connection, partner_id: &str, request_id: &str, now: i64) -> rusqlite::Result<Option<StoredResponse>> {
    conn.prepare_cached(
        "SELECT request_hash, status,
                CASE WHEN secret_body IS NOT NULL AND secret_expires_at > ?3 THEN secret_body ELSE response_body END
         FROM idempotency_records WHERE partner_id = ?1 AND request_id = ?2 AND expires_at > ?3",
    )?
    .query_row(params![partner_id, request_id, now], |row| Ok(StoredResponse { request_hash: row.get(0)?, status: row.get(1)?, body: row.get(2)? }))
    .optional()
}

pub fn domain_taken(conn: &Connection, domain: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM customers WHERE lower(domain) = lower(?1))")?
        .query_row([domain], |row| row.get(0))
}

pub fn customer_json(conn: &Connection, partner_id: &str, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT customer_json FROM customers WHERE id = ?1 AND partner_id = ?2")?
        .query_row([id, partner_id], |row| row.get(0))
        .optional()
}

pub fn audit(conn: &Connection, partner_id: &str, customer_id: &str) -> rusqlite::Result<Option<AuditRecord>> {
    conn.prepare_cached(
        "SELECT customer_id, partner_id, user_id, request_id, correlation_id, created_at FROM customer_audit WHERE customer_id = ?1 AND partner_id = ?2",
    )?
    .query_row([customer_id, partner_id], |row| {
        Ok(AuditRecord {
            customer_id: row.get(0)?,
            partner_id: row.get(1)?,
            user_id: row.get(2)?,
            request_id: row.get(3)?,
            correlation_id: row.get(4)?,
            created_at: row.get(5)?,
        })
    })
    .optional()
}

/// A page of the partner's customers, newest first, and their count.
pub fn customers_page(conn: &Connection, partner_id: &str, offset: u32, size: u32) -> rusqlite::Result<(u32, Vec<CustomerSummary>)> {
    let total: u32 = conn.prepare_cached("SELECT count(*) FROM customers WHERE partner_id = ?1")?.query_row([partner_id], |row| row.get(0))?;
    let mut statement = conn.prepare_cached(
        "SELECT id, company_name, domain, country, created_at, relationship_to_partner, associated_partner_id
         FROM customers WHERE partner_id = ?1 ORDER BY seq DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = statement
        .query_map(params![partner_id, size, offset], |row| {
            Ok(CustomerSummary {
                id: row.get(0)?,
                company_name: row.get(1)?,
                domain: row.get(2)?,
                country: row.get(3)?,
                created_at: row.get(4)?,
                relationship_to_partner: row.get(5)?,
                associated_partner_id: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((total, rows))
}

fn sweep(conn: &mut Connection, now: i64) -> rusqlite::Result<Swept> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let secrets_cleared = tx.execute("UPDATE idempotency_records SET secret_body = NULL WHERE secret_body IS NOT NULL AND secret_expires_at <= ?1", [now])? as u64;
    let records_deleted = tx.execute("DELETE FROM idempotency_records WHERE expires_at <= ?1", [now])? as u64;
    let secrets_cleared = secrets_cleared
        + tx.execute("UPDATE gateway_sagas SET customer_secret = NULL WHERE customer_secret IS NOT NULL AND secret_expires_at <= ?1", [now])? as u64;
    tx.commit()?;
    Ok(Swept { secrets_cleared, records_deleted })
}

/// Copies the WAL back into the database file off the writer thread. A
/// PASSIVE pass every round copies the bulk without blocking anyone; once a
/// pass has copied every frame, the next commit starts the WAL over by itself.
/// Under steady heavy load new frames arrive during every pass, so that never
/// happens and the WAL would grow until a huge inline checkpoint stalled every
/// submit: past [`RESTART_AFTER_WAL_FRAMES`] a RESTART pass copies the small
/// remainder and makes the next commit start over. RESTART holds the writer
/// for that remainder and two syncs (WAL and database file); doing it every
/// round (20 times a second) made every gateway saga write arriving meanwhile
/// wait for those syncs: the gateway's submit tail (see the server README).
fn checkpoint_loop(conn: Connection, stopped: mpsc::Receiver<()>) {
    let pass = |mode: &str| {
        conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| row.get::<_, i64>(1))
            .inspect_err(|e| tracing::warn!(error = %e, mode, "background WAL checkpoint failed"))
    };
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_INTERVAL) {
        let passive = crate::timing::timed_sync("sqlite.checkpoint_passive", || pass("PASSIVE"));
        if passive.is_ok_and(|wal_frames| wal_frames > RESTART_AFTER_WAL_FRAMES) {
            let _ = crate::timing::timed_sync("sqlite.checkpoint_restart", || pass("RESTART"));
        }
    }
}

fn writer_loop(mut conn: Connection, jobs: mpsc::Receiver<WriteJob>) {
    let mut shutting_down = false;
    while !shutting_down {
        let Ok(first) = jobs.recv() else { break };
        let mut group = Vec::new();
        let mut sweeps = Vec::new();
        let mut runs = Vec::new();
        let mut push = |job: WriteJob, group: &mut Vec<_>| match job {
            WriteJob::Submit(s, reply) => group.push((s, reply)),
            WriteJob::Sweep(now, reply) => sweeps.push((now, reply)),
            WriteJob::Run(write, reply) => runs.push((write, reply)),
            WriteJob::Shutdown => shutting_down = true,
        };
        push(first, &mut group);
        // A small write of its own (a saga step) is waited for by a request
        // that then calls Partner Center: it does not wait for company.
        let window = if group.is_empty() { std::time::Duration::ZERO } else { GROUP_WINDOW };
        // Take what else is waiting or arrives within a short window: one
        // commit for all of it. Each commit rewrites the touched index pages
        // into the WAL, so fewer, larger commits write (and checkpoint) far less.
        let window_ends = std::time::Instant::now() + window;
        while group.len() < MAX_GROUP {
            let job = match jobs.try_recv() {
                Ok(job) => job,
                Err(mpsc::TryRecvError::Disconnected) => break,
                Err(mpsc::TryRecvError::Empty) => match jobs.recv_timeout(window_ends.saturating_duration_since(std::time::Instant::now())) {
                    Ok(job) => job,
                    Err(_) => break,
                },
            };
            push(job, &mut group);
        }
        if !group.is_empty() {
            commit_group(&mut conn, group);
        }
        for (now, reply) in sweeps {
            let _ = reply.send(sweep(&mut conn, now).map_err(StoreError::from));
        }
        for (write, reply) in runs {
            let _ = reply.send(write(&mut conn));
        }
    }
    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())) {
        tracing::warn!(error = %e, "WAL checkpoint at shutdown failed");
    }
    tracing::info!("database writer stopped");
}

type Reply = oneshot::Sender<Result<SubmitOutcome, StoreError>>;

fn commit_group(conn: &mut Connection, group: Vec<(Box<NewSubmission>, Reply)>) {
    let outcome = (|| -> rusqlite::Result<Vec<Result<SubmitOutcome, StoreError>>> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(group.len());
        for (submission, _) in &group {
            // A savepoint per submission: one failing never undoes the others.
            let savepoint = tx.savepoint()?;
            match apply(&savepoint, submission) {
                Ok(outcome) => {
                    savepoint.commit()?;
                    outcomes.push(Ok(outcome));
                }
                Err(e) => outcomes.push(Err(StoreError::from(e))), // savepoint rolls back on drop
            }
        }
        tx.commit()?;
        Ok(outcomes)
    })();
    match outcome {
        Ok(outcomes) => {
            for ((_, reply), outcome) in group.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "commit failed; every submission in the group gets an error");
            for (_, reply) in group {
                let _ = reply.send(Err(StoreError(e.to_string())));
            }
        }
    }
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation
        && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

fn apply(conn: &Connection, s: &NewSubmission) -> rusqlite::Result<SubmitOutcome> {
    // A record past its retention no longer counts, even before the sweeper removes it.
    conn.prepare_cached("DELETE FROM idempotency_records WHERE partner_id = ?1 AND request_id = ?2 AND expires_at <= ?3")?
        .execute(params![s.partner_id, s.request_id, s.now])?;
    if let Some(previous) = stored_response(conn, &s.partner_id, &s.request_id, s.now)? {
        return Ok(if previous.request_hash == s.request_hash {
            SubmitOutcome::Replayed { status: previous.status, body: previous.body }
        } else {
            SubmitOutcome::RequestIdReused
        });
    }
    let remember = |status: u16, public_body: &str, secret_body: Option<&str>| {
        conn.prepare_cached(
            "INSERT INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![s.partner_id, s.request_id, s.request_hash, status, public_body, secret_body, s.secret_expires_at, s.expires_at, s.created_at])
    };
    let inserted = conn
        .prepare_cached(
            "INSERT INTO customers (id, commerce_id, domain, company_name, country, relationship_to_partner, associated_partner_id, created_at, customer_json, partner_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            s.customer_id, s.commerce_id, s.domain, s.company_name, s.country,
            s.relationship_to_partner, s.associated_partner_id, s.created_at, s.customer_json, s.partner_id
        ]);
    match inserted {
        Err(e) if is_unique_violation(&e) && domain_taken(conn, &s.domain)? => {
            remember(409, &s.domain_taken_body, None)?;
            return Ok(SubmitOutcome::DomainTaken(s.domain_taken_body.clone()));
        }
        other => other?,
    };
    conn.prepare_cached(
        "INSERT INTO agreements (customer_id, template_id, agreement_type, date_agreed, primary_contact_json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![s.customer_id, s.agreement_template_id, s.agreement_type, s.agreement_date, s.primary_contact_json])?;
    conn.prepare_cached("INSERT INTO orders (id, customer_id, billing_cycle, status, creation_date) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![s.order_id, s.customer_id, s.billing_cycle, s.order_status, s.created_at])?;
    let mut line_statement = conn.prepare_cached(
        "INSERT INTO order_line_items (order_id, line_item_number, offer_id, friendly_name, quantity, partner_id_on_record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for line in &s.line_items {
        line_statement.execute(params![s.order_id, line.line_item_number, line.offer_id, line.friendly_name, line.quantity, line.partner_id_on_record])?;
    }
    conn.prepare_cached(
        "INSERT INTO customer_audit (customer_id, partner_id, user_id, request_id, correlation_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![s.customer_id, s.partner_id, s.user_id, s.request_id, s.correlation_id, s.created_at])?;
    remember(201, &s.created_body_without_secret, Some(&s.created_body))?;
    Ok(SubmitOutcome::Created(s.created_body.clone()))
}

const SAGA_COLUMNS: &str = "partner_id, domain, request_id, request_hash, stage, saga_id, attempt, customer_id, customer_json, customer_secret, secret_expires_at, order_json, updated_at";

pub fn saga(conn: &Connection, partner_id: &str, domain: &str) -> rusqlite::Result<Option<SagaRecord>> {
    conn.prepare_cached(&format!("SELECT {SAGA_COLUMNS} FROM gateway_sagas WHERE partner_id = ?1 AND domain = ?2"))?
        .query_row([partner_id, domain], |row| {
            Ok(SagaRecord {
                partner_id: row.get(0)?,
                domain: row.get(1)?,
                request_id: row.get(2)?,
                request_hash: row.get(3)?,
                stage: row.get(4)?,
                saga_id: row.get(5)?,
                attempt: row.get(6)?,
                customer_id: row.get(7)?,
                customer_json: row.get(8)?,
                customer_secret: row.get(9)?,
                secret_expires_at: row.get(10)?,
                order_json: row.get(11)?,
                updated_at: row.get(12)?,
            })
        })
        .optional()
}

pub fn save_saga(conn: &Connection, r: &SagaRecord) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("INSERT OR REPLACE INTO gateway_sagas ({SAGA_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"))?
        .execute(params![
            r.partner_id, r.domain, r.request_id, r.request_hash, r.stage, r.saga_id, r.attempt,
            r.customer_id, r.customer_json, r.customer_secret, r.secret_expires_at, r.order_json, r.updated_at
        ])?;
    Ok(())
}

pub fn delete_saga(conn: &Connection, partner_id: &str, domain: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM gateway_sagas WHERE partner_id = ?1 AND domain = ?2")?.execute([partner_id, domain])?;
    Ok(())
}

pub fn remember_answer(conn: &Connection, a: &Answer) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency_records (partner_id, request_id, request_hash, status, response_body, secret_body, secret_expires_at, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![a.partner_id, a.request_id, a.request_hash, a.status, a.public_body, a.secret_body, a.secret_expires_at, a.expires_at, a.created_at])?;
    Ok(())
}
