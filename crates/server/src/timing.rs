//! Per-stage timings for `scripts/bench-gateway`: where a gateway submit or
//! read spends its time inside the server (store reads and writes, the
//! token cache, the breaker, each Partner Center call, JSON work). Off unless
//! the server runs with `--stage-timings`; then `GET /_stage-timings` (an
//! authenticated route) answers each stage's count and percentiles since the
//! last such request, and starts over.
//!
//! Off, a stage costs one relaxed atomic load. On, each sample is a push under
//! a mutex held for nanoseconds (a few thousand samples a second at most).

use serde::Serialize;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
/// Stage → samples in microseconds, since the last [`take`].
static SAMPLES: LazyLock<Mutex<HashMap<&'static str, Vec<u32>>>> = LazyLock::new(Default::default);
/// Samples kept per stage at most between two reads (about 4 MB per stage).
const MAX_SAMPLES: usize = 1_000_000;

pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

pub fn record(stage: &'static str, elapsed: Duration) {
    if !enabled() {
        return;
    }
    let micros = u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX);
    let mut samples = SAMPLES.lock().unwrap_or_else(|e| e.into_inner());
    let stage_samples = samples.entry(stage).or_default();
    if stage_samples.len() < MAX_SAMPLES {
        stage_samples.push(micros);
    }
}

/// The time since `started`, recorded for `stage`.
pub fn since(stage: &'static str, started: Instant) {
    if enabled() {
        record(stage, started.elapsed());
    }
}

/// Awaits `work`, recording how long it took as `stage`.
pub async fn timed<T>(stage: &'static str, work: impl Future<Output = T>) -> T {
    let started = Instant::now();
    let out = work.await;
    since(stage, started);
    out
}

/// Runs `work`, recording how long it took as `stage`.
pub fn timed_sync<T>(stage: &'static str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = work();
    since(stage, started);
    out
}

#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct StageSummary {
    pub stage: String,
    pub count: usize,
    pub p50_us: u32,
    pub p95_us: u32,
    pub p99_us: u32,
    pub max_us: u32,
    /// Sum of all samples: how much of the total this stage owns.
    pub total_us: u64,
}

/// Every stage's summary since the last call, sorted by name; starts over.
pub fn take() -> Vec<StageSummary> {
    let taken = std::mem::take(&mut *SAMPLES.lock().unwrap_or_else(|e| e.into_inner()));
    let mut summaries: Vec<StageSummary> = taken
        .into_iter()
        .filter(|(_, samples)| !samples.is_empty())
        .map(|(stage, mut samples)| {
            samples.sort_unstable();
            let at = |p: f64| samples[((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1];
            StageSummary {
                stage: stage.to_owned(),
                count: samples.len(),
                p50_us: at(0.50),
                p95_us: at(0.95),
                p99_us: at(0.99),
                max_us: *samples.last().expect("not empty"),
                total_us: samples.iter().map(|&s| u64::from(s)).sum(),
            }
        })
        .collect();
    summaries.sort_by(|a, b| a.stage.cmp(&b.stage));
    summaries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_samples_and_a_take_starts_over() {
        enable();
        for micros in 1..=100u64 {
            record("test.stage", Duration::from_micros(micros));
        }
        let summary = take().into_iter().find(|s| s.stage == "test.stage").expect("recorded");
        assert_eq!((summary.count, summary.p50_us, summary.p95_us, summary.p99_us, summary.max_us), (100, 50, 95, 99, 100));
        assert_eq!(summary.total_us, 5050);
        assert!(take().iter().all(|s| s.stage != "test.stage"), "a take starts over");
    }
}
