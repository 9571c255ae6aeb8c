//! Load generator for `scripts/bench-server`: submits N distinct valid
//! customers with C concurrent connections and prints throughput and latency
//! percentiles. Runs on a single-threaded runtime so it takes one core and
//! leaves the rest to the server on the same machine.
//!
//! With `--rate R` it offers a fixed R submits/s instead of as many as the
//! server takes (open loop): latency then counts from each submit's scheduled
//! time, so a stall also counts for the submits it held back.
//!
//! cargo run --release -p customer-server --example load -- --base http://127.0.0.1:8080 --token T [--count 10000] [--concurrency 32] [--rate 2000] [--run ID]
//!
//! `--base` may list several comma-separated servers (instances on one
//! database): submit n goes to server n mod their number.
//!
//! Domains are `<company><run>z<n>`: runs against one database need distinct
//! `--run` ids (letters and digits; by default one is drawn from the clock).

use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Options {
    bases: Vec<String>,
    token: String,
    count: usize,
    concurrency: usize,
    /// Submits per second to offer; `None` = as fast as the server answers.
    rate: Option<f64>,
    /// Part of every domain, so runs against one database do not collide.
    run: String,
}

fn options() -> Options {
    let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let mut options = Options { bases: Vec::new(), token: String::new(), count: 10_000, concurrency: 32, rate: None, run: format!("{:05x}", clock % 0x10_0000) };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--base" => options.bases = value.split(',').map(|b| b.trim().trim_end_matches('/').to_owned()).filter(|b| !b.is_empty()).collect(),
            "--token" => options.token = value,
            "--count" => {
                options.count = value.parse().expect("--count is a number");
                assert!(options.count <= 100_000, "--count is at most 100000 (five digits in the domain)");
            }
            "--concurrency" => options.concurrency = value.parse().expect("--concurrency is a number"),
            "--rate" => options.rate = Some(value.parse().expect("--rate is a number")),
            "--run" => {
                assert!(!value.is_empty() && value.len() <= 5 && value.chars().all(|c| c.is_ascii_alphanumeric() && c != 'z'), "--run is 1-5 letters or digits, not z");
                options.run = value.to_ascii_lowercase();
            }
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!options.bases.is_empty() && !options.token.is_empty(), "--base and --token are required");
    options
}

const COMPANIES: &[&str] = &["Fabrikam", "Northwind Traders", "Adventure Works", "Woodgrove", "Litware", "Proseware", "Wingtip", "Relecloud"];
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Redmond", "WA", "98052", "1 Microsoft Way"),
    ("Seattle", "WA", "98101", "1600 7th Ave"),
    ("Austin", "TX", "78701", "500 Congress Ave"),
    ("Boston", "MA", "02110", "100 Summer St"),
];

/// A distinct, valid submission for customer number `n` of run `run`
/// (`z` never occurs in a run id, so `<run>z<n>` is unique: at most 16 + 5 + 1 + 5
/// characters, within the 27 a domain prefix may have).
fn submission(run: &str, n: usize) -> Vec<u8> {
    let company = COMPANIES[n % COMPANIES.len()];
    let (city, state, postal, street) = CITIES[n % CITIES.len()];
    let prefix: String = company.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    serde_json::to_vec(&json!({
        "customer": {
            "companyProfile": {"domain": format!("{prefix}{run}z{n}.onmicrosoft.com")},
            "billingProfile": {
                "email": "it.admin@fabrikam.com", "culture": "en-US", "language": "en",
                "companyName": format!("{company} Holdings Inc."),
                "defaultAddress": {"firstName": "Morgan", "lastName": "Lee", "addressLine1": street, "addressLine2": null,
                    "city": city, "state": state, "postalCode": postal, "country": "US", "phoneNumber": "+1 425 555 0100"}
            }
        },
        "agreement": {
            "primaryContact": {"firstName": "Morgan", "lastName": "Lee", "email": "it.admin@fabrikam.com"},
            "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9",
            "dateAgreed": "2024-05-01T00:00:00.000Z",
            "type": "MicrosoftCustomerAgreement"
        },
        "order": {"billingCycle": "monthly", "lineItems": [
            {"lineItemNumber": 0, "offerId": "CFQ7TTC0LCHC:0001", "quantity": 1 + n % 250},
            {"lineItemNumber": 1, "offerId": "CFQ7TTC0MM8R:0001", "quantity": 1 + n % 20}
        ]}
    }))
    .expect("serializable")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = options();
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new((0..options.count).map(|n| submission(&options.run, n)).collect());
    let client = reqwest::Client::builder().pool_max_idle_per_host(options.concurrency).build().expect("client");
    let urls: Arc<Vec<String>> = Arc::new(options.bases.iter().map(|base| format!("{base}/v1/submissions")).collect());
    let next = Arc::new(AtomicUsize::new(0));

    let started = Instant::now();
    let workers: Vec<_> = (0..options.concurrency)
        .map(|_| {
            let (client, urls, token, bodies, next) = (client.clone(), urls.clone(), options.token.clone(), bodies.clone(), next.clone());
            let rate = options.rate;
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failures = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= bodies.len() {
                        break;
                    }
                    let sent = match rate {
                        Some(rate) => {
                            let due = started + Duration::from_secs_f64(n as f64 / rate);
                            tokio::time::sleep_until(due.into()).await;
                            due
                        }
                        None => Instant::now(),
                    };
                    let response = client
                        .post(&urls[n % urls.len()])
                        .bearer_auth(&token)
                        .header("MS-RequestId", uuid::Uuid::new_v4().to_string())
                        .header("content-type", "application/json")
                        .body(bodies[n].clone())
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                            let _ = r.bytes().await;
                            latencies.push(sent.elapsed());
                        }
                        Ok(r) => failures.push(format!("{}: {}", r.status(), r.text().await.unwrap_or_default())),
                        Err(e) => failures.push(e.to_string()),
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(options.count);
    let mut failures = Vec::new();
    for worker in workers {
        let (l, f) = worker.await.expect("worker");
        latencies.extend(l);
        failures.extend(f);
    }
    let elapsed = started.elapsed();
    latencies.sort();

    let listed: serde_json::Value = client
        .get(format!("{}/v1/customers?size=1", options.bases[0]))
        .bearer_auth(&options.token)
        .send().await.expect("list").json().await.expect("json");
    println!("submits:      {} created, {} failed, {} customers in the database", latencies.len(), failures.len(), listed["totalCount"]);
    match options.rate {
        Some(rate) => println!("mode:         open loop, {rate:.0} submits/s offered, up to {} connections", options.concurrency),
        None => println!("mode:         closed loop, {} connections, as fast as answered", options.concurrency),
    }
    if urls.len() > 1 {
        println!("instances:    {} (submits spread evenly)", urls.len());
    }
    println!("elapsed:      {:.2} s", elapsed.as_secs_f64());
    println!("throughput:   {:.0} submits/s", latencies.len() as f64 / elapsed.as_secs_f64());
    if !latencies.is_empty() {
        println!(
            "latency (ms): p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
            ms(percentile(&latencies, 0.50)), ms(percentile(&latencies, 0.95)), ms(percentile(&latencies, 0.99)), ms(*latencies.last().unwrap())
        );
    }
    for failure in failures.iter().take(5) {
        eprintln!("failure: {failure}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
