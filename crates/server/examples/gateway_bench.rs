//! Benchmark of gateway mode for `scripts/bench-gateway`: what the gateway adds
//! to a submit over Partner Center's own time, against the Partner Center
//! double with no added delay. Both phases offer a fixed rate (open loop;
//! latency counts from each submit's scheduled time):
//!
//! 1. baseline: the three calls of a submit (create customer, confirm the
//!    agreement, place the order) sent straight to the double, one after the
//!    other, as the gateway sends them;
//! 2. gateway: the same submits through the server's `POST /v1/submissions`.
//!
//! 3. cached reads: `GET /v1/offers?country=US` through the server once its
//!    answer is cached (all of that latency is the gateway's).
//!
//! It prints p50/p95/p99 of each and the difference; it never asserts.
//! Then, from the server's own per-stage timings (`--stage-timings`), where
//! the time of the gateway phase and of the cached reads went inside it.
//!
//! cargo run --release -p customer-server --example gateway_bench -- --server target/release/customer-server [--count 4000] [--rate 200]

use customer_server::timing::StageSummary;
use partner_center_double::{Config, Double, OFFERS};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "bench-token";

fn submission(run: &str, n: usize) -> Value {
    json!({
        "customer": {
            "companyProfile": {"domain": format!("bench{run}z{n}.onmicrosoft.com")},
            "billingProfile": {
                "email": "anna.lindqvist@fabrikam.com", "culture": "en-US", "language": "en", "companyName": "Fabrikam Consulting Inc.",
                "defaultAddress": {"firstName": "Anna", "lastName": "Lindqvist", "addressLine1": "1 Microsoft Way", "addressLine2": null,
                    "city": "Redmond", "state": "WA", "postalCode": "98052", "country": "US", "phoneNumber": "+1 425 555 0100"}
            }
        },
        "agreement": {
            "primaryContact": {"firstName": "Anna", "lastName": "Lindqvist", "email": "anna.lindqvist@fabrikam.com"},
            "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9", "dateAgreed": "2024-05-01T00:00:00.000Z", "type": "MicrosoftCustomerAgreement"
        },
        "order": {"billingCycle": "monthly", "lineItems": [{"lineItemNumber": 0, "offerId": OFFERS[0].id, "quantity": 10}]}
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

/// Sorted latencies of one phase, counted two ways.
struct Latencies {
    /// From each request's scheduled time (includes the timer's lateness).
    scheduled: Vec<Duration>,
    /// From the moment the request actually left: tokio's timer has 1 ms
    /// granularity and wakes up to a millisecond (more on a busy machine)
    /// after the scheduled time, which is the load generator's, not the server's.
    sent: Vec<Duration>,
    /// How late the timer woke each request.
    late: Vec<Duration>,
}

/// Runs `count` submits at `rate`/s, each by `one(n)`.
async fn open_loop<F, Fut>(count: usize, rate: f64, one: F) -> Latencies
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let one = Arc::new(one);
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = Vec::with_capacity(count);
    for n in 0..count {
        let scheduled = start + Duration::from_secs_f64(n as f64 / rate);
        let one = one.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(scheduled.into()).await;
            let sent = Instant::now();
            let ok = one(n).await;
            (ok, scheduled.elapsed(), sent.elapsed(), sent - scheduled)
        }));
    }
    let mut latencies = Latencies { scheduled: Vec::with_capacity(count), sent: Vec::with_capacity(count), late: Vec::with_capacity(count) };
    let mut failures = 0;
    for task in tasks {
        let (ok, from_scheduled, from_sent, late) = task.await.expect("task");
        if !ok {
            failures += 1;
        }
        latencies.scheduled.push(from_scheduled);
        latencies.sent.push(from_sent);
        latencies.late.push(late);
    }
    assert_eq!(failures, 0, "{failures} submits failed");
    latencies.scheduled.sort();
    latencies.sent.sort();
    latencies.late.sort();
    latencies
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut server_bin, mut count, mut rate) = (String::new(), 4000usize, 200f64);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => server_bin = value,
            "--count" => count = value.parse().expect("--count is a number"),
            "--rate" => rate = value.parse().expect("--rate is a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!server_bin.is_empty(), "--server <path of customer-server> is required");
    // One thread for the load; the double has one of its own (see `start_double`).
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(run(server_bin, count, rate));
}

/// Where the double answers.
struct DoubleAt {
    base: String,
    token_url: String,
}

impl DoubleAt {
    fn token_url(&self) -> String {
        self.token_url.clone()
    }
}

/// The double on a thread and runtime of its own, as Partner Center is
/// another machine: it answers both phases alike, and the load generator's
/// work (sending, timing, parsing answers) never delays its answers. On the
/// load's thread, a submit through the gateway waited for that thread three
/// times more than the direct calls did, which counted against the gateway.
fn start_double(config: Config) -> DoubleAt {
    let (started, at) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("double".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async move {
                let double = Double::start(config).await;
                started.send(DoubleAt { base: double.base.clone(), token_url: double.token_url() }).expect("report the address");
                std::future::pending::<()>().await;
            });
        })
        .expect("the double's thread");
    at.recv().expect("the double started")
}

async fn run(server_bin: String, count: usize, rate: f64) {
    let config = Config {
        app_id: "bench-app".into(),
        app_secret: "bench-secret".into(),
        refresh_token: "bench-refresh".into(),
        access_token_lifetime: 3600,
        rotate_refresh_tokens: false,
    };
    let double = start_double(config.clone());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = Command::new(&server_bin)
        .args(["--addr", "127.0.0.1:0", "--token", &format!("bench-partner={TOKEN}"), "--db"])
        .arg(dir.path().join("bench.sqlite"))
        .arg("--dist")
        .arg(dir.path().join("none"))
        .args(["--upstream", "partner-center", "--upstream-url", &double.base, "--upstream-token-url", &double.token_url(), "--upstream-app-id", "bench-app"])
        .arg("--stage-timings")
        .env("PARTNER_CENTER_APP_SECRET", &config.app_secret)
        .env("PARTNER_CENTER_REFRESH_TOKEN", &config.refresh_token)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start customer-server");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).expect("Listening line");
    let base = line.trim().strip_prefix("Listening on ").expect("Listening on …").trim_end_matches('/').to_owned();

    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();
    let grant: Value = http
        .post(double.token_url())
        .body(format!("grant_type=refresh_token&client_id=bench-app&client_secret=bench-secret&refresh_token=bench-refresh&scope=x"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access_token = grant["access_token"].as_str().unwrap().to_owned();

    // Warm-up: connections, the server's token cache, SQLite's first pages.
    for n in 0..50 {
        let ok = http.post(format!("{base}/v1/submissions")).bearer_auth(TOKEN).header("MS-RequestId", uuid::Uuid::new_v4().to_string())
            .json(&submission("warm", n)).send().await.unwrap().status().as_u16() == 201;
        assert!(ok, "warm-up submit failed");
    }

    let direct = {
        let (http, root, token) = (http.clone(), double.base.clone(), access_token.clone());
        open_loop(count, rate, move |n| {
            let (http, root, token) = (http.clone(), root.clone(), token.clone());
            async move {
                let body = submission("direct", n);
                let send = |path: String, body: Value| {
                    http.post(format!("{root}{path}")).bearer_auth(&token).header("MS-RequestId", uuid::Uuid::new_v4().to_string())
                        .header("MS-CorrelationId", uuid::Uuid::new_v4().to_string()).json(&body).send()
                };
                let Ok(created) = send("/v1/customers".into(), body["customer"].clone()).await else { return false };
                let Ok(created) = created.json::<Value>().await else { return false };
                let id = created["id"].as_str().unwrap_or_default().to_owned();
                let agreed = send(format!("/v1/customers/{id}/agreements"), body["agreement"].clone()).await.is_ok_and(|r| r.status() == 201);
                let mut order = body["order"].clone();
                order["referenceCustomerId"] = json!(id);
                agreed && send(format!("/v1/customers/{id}/orders"), order).await.is_ok_and(|r| r.status() == 201)
            }
        })
        .await
    };
    let stage_timings = || {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let answer = http.get(format!("{base}/_stage-timings")).bearer_auth(TOKEN).send().await.expect("stage timings");
            assert_eq!(answer.status(), 200, "GET /_stage-timings");
            answer.json::<Vec<StageSummary>>().await.expect("stage timings JSON")
        }
    };
    // Forget the warm-up's and the baseline's stages (the checkpointer's among them).
    stage_timings().await;
    let through = {
        let (http, base) = (http.clone(), base.clone());
        open_loop(count, rate, move |n| {
            let (http, base) = (http.clone(), base.clone());
            async move {
                http.post(format!("{base}/v1/submissions")).bearer_auth(TOKEN).header("MS-RequestId", uuid::Uuid::new_v4().to_string())
                    .json(&submission("gateway", n)).send().await.is_ok_and(|r| r.status() == 201)
            }
        })
        .await
    };
    let submit_stages = stage_timings().await;
    let cached = {
        let (http, base) = (http.clone(), base.clone());
        let warm = http.get(format!("{base}/v1/offers?country=US")).bearer_auth(TOKEN).header("X-Locale", "en-US").send().await.unwrap();
        assert_eq!(warm.status(), 200, "offers read failed");
        open_loop(count, rate, move |_| {
            let (http, base) = (http.clone(), base.clone());
            async move {
                http.get(format!("{base}/v1/offers?country=US")).bearer_auth(TOKEN).header("X-Locale", "en-US").send().await
                    .is_ok_and(|r| r.status() == 200 && r.headers().get("x-cache").is_some_and(|v| v == "hit"))
            }
        })
        .await
    };
    let read_stages = stage_timings().await;
    let _ = server.kill();
    let _ = server.wait();

    println!("{count} submits at {rate}/s (open loop), against the Partner Center double with no added delay");
    let row = |name: &str, l: &[Duration]| println!("{name:<34} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms", percentile(l, 0.5), percentile(l, 0.95), percentile(l, 0.99));
    let table = |pick: fn(&Latencies) -> &Vec<Duration>| {
        let (direct, through, cached) = (pick(&direct), pick(&through), pick(&cached));
        row("three calls straight to the double", direct);
        row("one submit through the gateway", through);
        println!(
            "{:<34} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms   (budget: p99 <= 5 ms)",
            "added by the gateway",
            percentile(through, 0.5) - percentile(direct, 0.5),
            percentile(through, 0.95) - percentile(direct, 0.95),
            percentile(through, 0.99) - percentile(direct, 0.99)
        );
        row("cached read through the gateway", cached);
        println!("(budget for a cached read: p99 <= 2 ms)");
    };
    println!("-- counted from each request's scheduled time (the timer's lateness included)");
    table(|l| &l.scheduled);
    println!("-- counted from the moment each request left (the timer's lateness left out)");
    table(|l| &l.sent);
    row("timer lateness, direct phase", &direct.late);
    row("timer lateness, gateway phase", &through.late);
    row("timer lateness, cached-read phase", &cached.late);
    print_stages("inside the server, gateway phase (per sample; a submit makes three upstream.* samples)", &submit_stages);
    print_stages("inside the server, cached-read phase", &read_stages);
}

fn print_stages(title: &str, stages: &[StageSummary]) {
    println!("{title}");
    println!("  {:<28} {:>7} {:>9} {:>9} {:>9} {:>9}", "stage", "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
    for s in stages {
        let ms = |us: u32| f64::from(us) / 1000.0;
        println!("  {:<28} {:>7} {:>9.3} {:>9.3} {:>9.3} {:>9.3}", s.stage, s.count, ms(s.p50_us), ms(s.p95_us), ms(s.p99_us), ms(s.max_us));
    }
}
