//! Starts the real server binary on a free loopback port against a SQLite file
//! in a temporary directory, and stops it when the guard is dropped.

#![allow(dead_code)] // each test file uses a different part

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const TOKEN: &str = "test-token-7c1f";

pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub dir: PathBuf,
}

impl Server {
    /// The server with `--token TOKEN`, its DB and dist under `dir`, plus `extra` flags.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let db = dir.join("db/customers.sqlite");
        let dist = dir.join("dist");
        let demo = dir.join("demo");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_customer-server"))
            .args(["--addr", "127.0.0.1:0", "--token", TOKEN])
            .arg("--db")
            .arg(&db)
            .arg("--dist")
            .arg(&dist)
            .arg("--demo")
            .arg(&demo)
            .args(extra)
            .env_remove("RUST_LOG")
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
    client
        .post(server.url("/v1/submissions"))
        .bearer_auth(TOKEN)
        .header("MS-RequestId", request_id)
        .header("MS-CorrelationId", uuid_v4())
        .json(body)
        .send()
        .await
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
