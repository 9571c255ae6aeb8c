//! The cheap attacks a server on an open network must survive, over real TCP
//! against the real binary: slow and silent clients, too many connections, a
//! shutdown held up by a slow client, oversized bodies, caching of secrets,
//! bad start-up configuration, and what is exposed when a feature is off.

use crate::common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn address(server: &Server) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection (or resets it); returns what
/// it sent and how long that took. Gives up after `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("the server kept the connection open for {limit:?}"),
        }
    }
    (String::from_utf8_lossy(&received).into_owned(), started.elapsed())
}

/// Sends `bytes` one at a time, `gap` apart, until the server stops taking them.
fn trickle(mut writer: tokio::net::tcp::OwnedWriteHalf, bytes: Vec<u8>, gap: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for byte in bytes {
            if writer.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(gap).await;
        }
    })
}

/// A valid submission whose head is sent at once and whose body then
/// trickles a byte per `gap`; returns the reading half and the sender.
async fn slow_submission(server: &Server, domain: &str, gap: Duration) -> (tokio::net::tcp::OwnedReadHalf, tokio::task::JoinHandle<()>) {
    let body = serde_json::to_vec(&valid_submission(domain)).unwrap();
    let stream = TcpStream::connect(address(server)).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /v1/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nMS-RequestId: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        request_id(),
        body.len()
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    (reader, trickle(writer, body, gap))
}

async fn normal_request_is_served(server: &Server) {
    let http = client();
    let ok = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).send().await.expect("a normal client is served");
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn slow_header_client_is_cut_while_a_normal_client_is_served() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--header-read-timeout", "1"]);
    let stream = TcpStream::connect(address(&server)).await.unwrap();
    let (mut reader, writer) = stream.into_split();
    // The request line and headers at 5 bytes a second: about 20 s in all.
    let headers = format!("GET /v1/countries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nX-Padding: {}\r\n\r\n", "p".repeat(40));
    let sender = trickle(writer, headers.into_bytes(), Duration::from_millis(200));
    normal_request_is_served(&server).await;
    let started = Instant::now();
    let mut sink = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), reader.read_to_end(&mut sink)).await;
    assert!(closed.is_ok(), "the slow client was still connected after 5 s");
    assert!(!String::from_utf8_lossy(&sink).contains("200 OK"), "it never got an answer");
    println!("slow-header client cut after {:?} (header-read timeout 1 s)", started.elapsed());
    sender.abort();
    normal_request_is_served(&server).await;
}

#[tokio::test]
async fn silent_and_idle_keep_alive_connections_are_closed() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--header-read-timeout", "1"]);
    // Connects and says nothing.
    let mut silent = TcpStream::connect(address(&server)).await.unwrap();
    // Makes one request, then keeps the connection open and says nothing more.
    let mut idle = TcpStream::connect(address(&server)).await.unwrap();
    idle.write_all(format!("GET /v1/countries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n").as_bytes()).await.unwrap();
    normal_request_is_served(&server).await;
    let (silent_got, silent_after) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    let (idle_got, idle_after) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(silent_got.is_empty(), "{silent_got}");
    assert!(idle_got.starts_with("HTTP/1.1 200 OK"), "the idle client got its answer first: {idle_got}");
    println!("silent connection closed after {silent_after:?}, idle keep-alive after {idle_after:?} more");
    normal_request_is_served(&server).await;
}

#[tokio::test]
async fn slow_body_client_gets_408_within_the_request_timeout() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--request-timeout", "1"]);
    let (mut reader, sender) = slow_submission(&server, "slowbody", Duration::from_millis(200)).await;
    normal_request_is_served(&server).await;
    let started = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), reader.read_to_end(&mut received)).await;
    sender.abort();
    let answer = String::from_utf8_lossy(&received);
    assert!(read.is_ok() || answer.starts_with("HTTP/1.1 408"), "no answer within 5 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    println!("slow-body client got 408 after {:?} (request timeout 1 s)", started.elapsed());
    assert_eq!(customer_count(&client(), &server).await, 0, "nothing was stored");
}

#[tokio::test]
async fn connections_over_the_cap_wait_until_one_closes() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--max-connections", "2", "--header-read-timeout", "1"]);
    // Two silent connections take the two places.
    let _first = TcpStream::connect(address(&server)).await.unwrap();
    let _second = TcpStream::connect(address(&server)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A third is not served while they hold them: it waits in the backlog
    // until the header-read timeout frees a place, then gets its answer.
    let started = Instant::now();
    normal_request_is_served(&server).await;
    let waited = started.elapsed();
    println!("third connection answered after {waited:?}");
    assert!(waited >= Duration::from_millis(500), "served at once ({waited:?}): the cap did not hold");
}

#[tokio::test]
async fn shutdown_is_not_held_by_a_slow_client() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--request-timeout", "60", "--shutdown-timeout", "1"]);
    let (_reader, sender) = slow_submission(&server, "slowshutdown", Duration::from_millis(500)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let status = tokio::task::spawn_blocking(move || server.stop()).await.unwrap();
    let took = started.elapsed();
    sender.abort();
    assert!(status.success(), "{status:?}");
    println!("SIGTERM to exit with a slow client connected: {took:?} (shutdown timeout 1 s)");
    assert!(took < Duration::from_secs(5), "shutdown took {took:?}");
}

/// Sends only the head of a POST that declares `length` bytes of JSON, and
/// returns the answer (status line to body): the server must answer without
/// waiting for a body it will not take. (Sending the body too races the
/// early answer: the client may see a broken pipe instead of the 413.)
async fn post_declaring(server: &Server, path: &str, length: usize) -> (String, Value) {
    let mut stream = TcpStream::connect(address(server)).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nMS-RequestId: {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n",
        request_id()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Reads one answer (it has a Content-Length); the connection may stay open.
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let declared = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()));
            if declared.is_some_and(|n| body.len() >= n) {
                return (head.lines().next().unwrap().to_owned(), serde_json::from_str(body).unwrap_or(Value::Null));
            }
        }
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => received.extend_from_slice(&buffer[..n]),
            other => panic!("no complete answer: {other:?}, got {text:?}"),
        }
    }
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_in_the_error_envelope() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    // 39,000 line items are about 2 MB: refused on the declared length, unread.
    let mut body = valid_submission("hugeorder");
    body["order"]["lineItems"] = (0..39_000).map(|n| json!({"lineItemNumber": n, "offerId": "CFQ7TTC0LH18:0001", "quantity": 1})).collect();
    let length = serde_json::to_vec(&body).unwrap().len();
    let started = Instant::now();
    let (status, envelope) = post_declaring(&server, "/v1/submissions", length).await;
    println!("{length}-byte submission refused in {:?} (loopback, round trip)", started.elapsed());
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(envelope["code"], 1413);
    assert_eq!(envelope["errorName"], "PayloadTooLarge");
    // The address check takes JSON too.
    let (status, envelope) = post_declaring(&server, "/v1/validations/address", 70_000).await;
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(envelope["code"], 1413);
    // Just over the limit with the body sent in full (small enough to be read).
    let http = client();
    let padded = json!({"addressLine1": "x".repeat(65_536), "country": "US"});
    match http.post(server.url("/v1/validations/address")).bearer_auth(TOKEN).json(&padded).send().await {
        Ok(response) => assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request(), "refused while sending: {e}"),
    }
    // A valid submission is well under the limit.
    assert_eq!(submit(&http, &server, &request_id(), &valid_submission("normalsize")).await.unwrap().status(), StatusCode::CREATED);
}

#[tokio::test]
async fn every_v1_answer_is_no_store() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--fault-injection"]);
    let http = client();
    let created = submit(&http, &server, &request_id(), &valid_submission("nostore")).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["cache-control"], "no-store", "the 201 carries the admin password");
    let id = created.json::<Value>().await.unwrap()["customer"]["id"].as_str().unwrap().to_owned();
    for path in ["/v1/countries", "/v1/customers", &format!("/v1/customers/{id}"), "/v1/customers/missing", "/v1/nothing-here", "/_faults"] {
        let response = http.get(server.url(path)).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(response.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{path}: {}", response.status());
    }
    let unauthorized = http.get(server.url("/v1/customers")).send().await.unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unauthorized.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn faults_are_injected_only_after_authentication() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--fault-injection"]);
    let http = client();
    let anonymous = http.get(server.url("/v1/countries")).header("X-Fault", "fail-500").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let signed_in = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).header("X-Fault", "fail-500").send().await.unwrap();
    assert_eq!(signed_in.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn openapi_lists_only_the_routes_that_are_on() {
    let paths = |doc: &Value| doc["paths"].as_object().unwrap().keys().cloned().collect::<Vec<String>>();
    let dir = temp();
    let plain = Server::start(dir.path(), &[]);
    let doc: Value = client().get(plain.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    let listed = paths(&doc);
    assert!(listed.iter().any(|p| p == "/v1/submissions"));
    assert!(!listed.iter().any(|p| p == "/v1/dev/token" || p == "/_faults"), "{listed:?}");
    drop(plain);

    let dir = temp();
    let all = Server::start(dir.path(), &["--dev-sign-in", "--fault-injection"]);
    let doc: Value = client().get(all.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    let listed = paths(&doc);
    assert!(listed.iter().any(|p| p == "/v1/dev/token") && listed.iter().any(|p| p == "/_faults"), "{listed:?}");
}

#[test]
fn a_bad_cors_origin_stops_the_server_at_start() {
    let dir = temp();
    for bad in ["https://portal.example.com; script-src *", "https://portal.example.com\u{1}", "https://portal.example.com/app", "portal.example.com"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_customer-server"))
            .args(["--addr", "127.0.0.1:0", "--token", TOKEN, "--cors-origin", bad])
            .arg("--db")
            .arg(dir.path().join("db.sqlite"))
            .env_remove("RUST_LOG")
            .output()
            .expect("run customer-server");
        assert!(!output.status.success(), "{bad:?} was accepted");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stdout.contains("Listening on"), "{bad:?}: {stdout}");
        assert!(stderr.contains("--cors-origin") && stderr.contains("is not an origin"), "{bad:?}: {stderr}");
    }
}

#[tokio::test]
async fn a_good_cors_origin_is_normalized_into_the_allow_list() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--cors-origin", "https://Portal.Example.com:443/"]);
    let preflight = client()
        .request(reqwest::Method::OPTIONS, server.url("/v1/countries"))
        .header("Origin", "https://portal.example.com")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://portal.example.com");
}

#[tokio::test]
async fn the_server_applies_the_domain_bounds_and_names_offers_itself() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    // Bidi override and NUL in names, invisible-only city, a culture from elsewhere.
    let mut bad = valid_submission("boundscheck");
    bad["customer"]["billingProfile"]["companyName"] = "\u{202E}moc.osotnoC".into();
    bad["customer"]["billingProfile"]["defaultAddress"]["firstName"] = "An\u{0000}na".into();
    bad["customer"]["billingProfile"]["defaultAddress"]["city"] = "\u{200B}\u{200B}".into();
    bad["customer"]["billingProfile"]["culture"] = "sv-SE".into();
    bad["order"]["billingCycle"] = "x".repeat(1000).into();
    let refused = submit(&http, &server, &request_id(), &bad).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let envelope: Value = refused.json().await.unwrap();
    let codes: Vec<(String, String)> =
        envelope["data"].as_array().unwrap().iter().map(|i| (i["field"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned())).collect();
    for expected in [
        ("account.companyName", "invalid_characters"),
        ("account.contact.firstName", "invalid_characters"),
        ("account.address.city", "required"),
        ("account.culture", "invalid_culture"),
        ("order.billingCycle", "invalid_billing_cycle"),
    ] {
        assert!(codes.iter().any(|(f, c)| f == expected.0 && c == expected.1), "{expected:?} missing from {codes:?}");
    }
    // friendlyName is the catalogue's, whatever was sent.
    let mut named = valid_submission("catalognames");
    named["order"]["lineItems"][0]["friendlyName"] = "Free licenses, call 555-0100".into();
    let created: Value = submit(&http, &server, &request_id(), &named).await.unwrap().json().await.unwrap();
    assert_eq!(created["order"]["lineItems"][0]["friendlyName"], "Microsoft 365 Business Basic");
}
