//! Starts the real server binary on a free loopback port against a SQLite file
//! in a temporary directory, and stops it when the guard is dropped.
//!
//! With `CUSTOMER_SERVER_TEST_POSTGRES` set to a PostgreSQL URL (scripts/test
//! starts a throwaway cluster and sets it), every server uses PostgreSQL
//! instead: a fresh database per test directory, created through that URL.

#![allow(dead_code)] // each test file uses a different part

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const TOKEN: &str = "test-token-7c1f";
/// The partner `TOKEN` acts for.
pub const PARTNER: &str = "partner-a";
/// A second partner's static token, for the isolation tests.
pub const TOKEN_B: &str = "test-token-b-93d2";
pub const PARTNER_B: &str = "partner-b";

pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub dir: PathBuf,
}

impl Server {
    /// The server with `--token TOKEN`, its DB and dist under `dir`, plus `extra` flags.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        Self::start_on(dir, &database_for(dir), extra)
    }

    /// The same, on the database `db` (a SQLite path or a PostgreSQL URL).
    pub fn start_on(dir: &Path, db: &str, extra: &[&str]) -> Server {
        Self::start_with_env(dir, db, extra, &[])
    }

    /// The same, with these environment variables set.
    pub fn start_with_env(dir: &Path, db: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let dist = dir.join("dist");
        let demo = dir.join("demo");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_customer-server"))
            .args(["--addr", "127.0.0.1:0", "--token", &format!("{PARTNER}={TOKEN}"), "--token", &format!("{PARTNER_B}={TOKEN_B}")])
            .arg("--db")
            .arg(&db)
            .arg("--dist")
            .arg(&dist)
            .arg("--demo")
            .arg(&demo)
            .args(extra)
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start customer-server");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Listening on ") {
                    let _ = sender.send(rest.trim_end_matches('/').to_owned());
                }
            }
        });
        let mut server = Server { child: Some(child), base: String::new(), dir: dir.to_owned() };
        match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => server.base = base,
            Err(_) => panic!("server did not print its Listening line; log:\n{}", server.log()),
        }
        server
    }

    /// The process id, to kill it hard.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// SIGKILL: no graceful anything.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// SIGTERM, then wait for a clean exit (graceful shutdown).
    pub fn stop(mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        for _ in 0..200 {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        panic!("server did not stop within 10 s after SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client")
}

pub fn request_id() -> String {
    uuid_v4()
}

pub fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A valid direct-customer submission in the US for `domain_prefix`.
pub fn valid_submission(domain_prefix: &str) -> Value {
    json!({
        "customer": {
            "companyProfile": {"domain": format!("{domain_prefix}.onmicrosoft.com")},
            "billingProfile": {
                "email": "anna.lindqvist@fabrikam.com",
                "culture": "en-US",
                "language": "en",
                "companyName": "Fabrikam Consulting Inc.",
                "defaultAddress": {
                    "firstName": "Anna", "lastName": "Lindqvist",
                    "addressLine1": "1 Microsoft Way", "addressLine2": null,
                    "city": "Redmond", "state": "WA", "postalCode": "98052", "country": "US",
                    "phoneNumber": "+1 425 555 0100"
                }
            }
        },
        "agreement": {
            "primaryContact": {"firstName": "Anna", "lastName": "Lindqvist", "email": "anna.lindqvist@fabrikam.com"},
            "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9",
            "dateAgreed": "2024-05-01T00:00:00.000Z",
            "type": "MicrosoftCustomerAgreement"
        },
        "order": {
            "billingCycle": "monthly",
            "lineItems": [
                {"lineItemNumber": 0, "offerId": "CFQ7TTC0LH18:0001", "quantity": 10},
                {"lineItemNumber": 1, "offerId": "CFQ7TTC0MM8R:0001", "quantity": 5}
            ]
        }
    })
}

pub async fn submit(client: &reqwest::Client, server: &Server, request_id: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
    submit_as(client, server, TOKEN, request_id, body).await
}

pub async fn customer_count(client: &reqwest::Client, server: &Server) -> u64 {
    let page: Value = client
        .get(server.url("/v1/customers?size=1"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("list customers")
        .json()
        .await
        .expect("json");
    page["totalCount"].as_u64().expect("totalCount")
}

/// The PostgreSQL server the tests run against, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("CUSTOMER_SERVER_TEST_POSTGRES").ok().filter(|u| !u.trim().is_empty())
}

/// The storage engine the tests run against.
pub fn engine() -> &'static str {
    if postgres_url().is_some() { "postgres" } else { "sqlite" }
}

/// The database of the server(s) started in `dir`: a SQLite file in it, or a
/// PostgreSQL database named after it (created on first use, so a restart in
/// the same directory finds its data again).
pub fn database_for(dir: &Path) -> String {
    let Some(url) = postgres_url() else {
        return dir.join("db/customers.sqlite").to_string_lossy().into_owned();
    };
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    let name = format!("t_{:016x}", hasher.finish());
    let marker = dir.join(".postgres-db");
    if !marker.exists() {
        let status = Command::new("psql")
            .args([url.as_str(), "-v", "ON_ERROR_STOP=1", "-q", "-c", &format!("CREATE DATABASE {name}")])
            .stdout(Stdio::null())
            .status()
            .expect("run psql");
        assert!(status.success(), "CREATE DATABASE {name} failed");
        std::fs::write(&marker, &name).expect("marker");
    }
    // Same server, same credentials, the new database.
    let (base, _) = url.rsplit_once('/').expect("URL with a database name");
    let query = url.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    format!("{base}/{name}{query}")
}

/// A token for `partner` from the dev sign-in (the server needs `--dev-sign-in`).
pub async fn dev_token(client: &reqwest::Client, server: &Server, partner: &str) -> String {
    let answer: Value = client
        .post(server.url("/v1/dev/token"))
        .json(&json!({"partnerId": partner}))
        .send()
        .await
        .expect("dev sign-in")
        .json()
        .await
        .expect("json");
    answer["accessToken"].as_str().expect("accessToken").to_owned()
}

pub async fn submit_as(client: &reqwest::Client, server: &Server, token: &str, request_id: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
    client
        .post(server.url("/v1/submissions"))
        .bearer_auth(token)
        .header("MS-RequestId", request_id)
        .header("MS-CorrelationId", uuid_v4())
        .json(body)
        .send()
        .await
}
