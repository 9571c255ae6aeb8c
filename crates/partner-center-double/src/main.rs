//! The Partner Center double as a process, for the browser end-to-end tests.
//!
//! ```text
//! partner-center-double --app-id ID --app-secret-file FILE --refresh-token TOKEN
//! ```
//!
//! Prints one line, `Partner Center double: api <url> token <url> control <url>`,
//! then serves until killed. The control port (loopback, no sign-in: a test
//! tool) takes:
//! - `POST /faults` `{"op": "customer"|"agreement"|"order"|"token"|"read", "times": n,
//!   and one of "status": 503 | "throttle": seconds | "delayMs": ms |
//!   "reject": {"status": 400, "code": 2002, "description": "…"}}`: queued for the
//!   operation's next calls (a documented business error, or Partner Center being down);
//! - `GET /domains/{domain}`: `{customers, agreements, orders, lineItems}` that exist for
//!   the customer with that domain.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use partner_center_double::{Config, Double, Fault, Op};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultRequest {
    op: String,
    #[serde(default = "one")]
    times: u32,
    status: Option<u16>,
    throttle: Option<u64>,
    delay_ms: Option<u64>,
    reject: Option<Rejection>,
}

#[derive(Deserialize)]
struct Rejection {
    status: u16,
    code: u32,
    description: String,
}

fn one() -> u32 {
    1
}

fn argument(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let app_secret = match argument(&args, "--app-secret-file") {
        Some(path) => std::fs::read_to_string(path).expect("read --app-secret-file").trim().to_owned(),
        None => String::new(),
    };
    let config = Config {
        app_id: argument(&args, "--app-id").unwrap_or_else(|| "partner-center-double-app".into()),
        app_secret,
        refresh_token: argument(&args, "--refresh-token").unwrap_or_else(|| "refresh-token".into()),
        access_token_lifetime: 3600,
        rotate_refresh_tokens: true,
    };
    let double = Arc::new(Double::start(config).await);
    let control = Router::new().route("/faults", post(queue_fault)).route("/domains/{domain}", get(domain)).with_state(double.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the control port");
    let control_url = format!("http://{}", listener.local_addr().expect("address"));
    println!("Partner Center double: api {} token {} control {control_url}", double.base, double.token_url());
    axum::serve(listener, control).await.expect("serve the control port");
}

async fn queue_fault(State(double): State<Arc<Double>>, Json(request): Json<FaultRequest>) -> Result<StatusCode, (StatusCode, String)> {
    let bad = |why: &str| (StatusCode::BAD_REQUEST, why.to_owned());
    let op = match request.op.as_str() {
        "customer" => Op::CreateCustomer,
        "agreement" => Op::ConfirmAgreement,
        "order" => Op::PlaceOrder,
        "token" => Op::Token,
        "read" => Op::Read,
        _ => return Err(bad("op: customer, agreement, order, token or read")),
    };
    let fault = match (request.status, request.throttle, request.delay_ms, request.reject) {
        (Some(status), None, None, None) if (500..600).contains(&status) => Fault::Status(status),
        (None, Some(seconds), None, None) => Fault::Throttle(seconds),
        (None, None, Some(ms), None) => Fault::Delay(Duration::from_millis(ms)),
        // A test process queues a handful: the description lives as long as the double.
        (None, None, None, Some(r)) => Fault::Reject(r.status, r.code, Box::leak(r.description.into_boxed_str())),
        _ => return Err(bad("one of status (5xx), throttle, delayMs or reject")),
    };
    for _ in 0..request.times.min(100) {
        double.fault(op, fault.clone());
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn domain(State(double): State<Arc<Double>>, Path(domain): Path<String>) -> Json<Value> {
    let (counts, orders) = double.for_domain(&domain);
    let line_items: Vec<Value> = orders.iter().flat_map(|o| o["lineItems"].as_array().cloned().unwrap_or_default()).collect();
    Json(json!({"customers": counts.customers, "agreements": counts.agreements, "orders": counts.orders, "lineItems": line_items}))
}
