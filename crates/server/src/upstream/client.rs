//! Calls to Partner Center's REST API as its documentation asks: a bearer
//! token from the server's sign-in, `MS-RequestId` (the idempotency key: the
//! SAME value on every retry of one call) and a new `MS-CorrelationId` on
//! every attempt. 429 waits its `Retry-After`; 5xx, timeouts and lost
//! connections are retried with back-off; a 401 renews the access token
//! once. A breaker stops calling after repeated failures and fails fast until
//! its cool-down has passed, then lets one trial call through.

use super::token::{without_url, TokenProvider};
use super::{PartnerCenterError, UpstreamError};
use axum::http::Method;
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts of one call in all (the first included).
    pub attempts: u32,
    /// One attempt, connect to last byte.
    pub timeout: Duration,
    /// First back-off after a 5xx or a timeout; doubled each time.
    pub backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the caller gets 503 with it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { attempts: 4, timeout: Duration::from_secs(30), backoff: Duration::from_millis(200), max_retry_after: Duration::from_secs(10) }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct BreakerPolicy {
    /// Consecutive failed attempts (5xx, timeouts, no connection) that open it.
    pub failures: u32,
    /// How long it stays open before one trial call.
    pub cool_down: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        Self { failures: 5, cool_down: Duration::from_secs(30) }
    }
}

enum BreakerState {
    Closed { failures: u32 },
    Open { until: Instant },
    /// One trial call is out; the others fail fast until it returns.
    HalfOpen,
}

pub struct Breaker {
    policy: BreakerPolicy,
    state: Mutex<BreakerState>,
}

impl Breaker {
    pub fn new(policy: BreakerPolicy) -> Self {
        Self { policy, state: Mutex::new(BreakerState::Closed { failures: 0 }) }
    }

    /// An attempt it lets through, or `Err(seconds)` while open: how long
    /// until a trial is allowed.
    pub fn allow(&self) -> Result<Attempt<'_>, u64> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match *state {
            BreakerState::Closed { .. } => Ok(Attempt { breaker: self, trial: false, settled: false }),
            BreakerState::Open { until } if Instant::now() >= until => {
                *state = BreakerState::HalfOpen;
                Ok(Attempt { breaker: self, trial: true, settled: false })
            }
            BreakerState::Open { until } => Err(until.saturating_duration_since(Instant::now()).as_secs().max(1)),
            BreakerState::HalfOpen => Err(1),
        }
    }

    fn succeeded(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = BreakerState::Closed { failures: 0 };
    }

    /// A trial that ended without a verdict gives its place to the next call.
    fn trial_abandoned(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(*state, BreakerState::HalfOpen) {
            *state = BreakerState::Open { until: Instant::now() };
        }
    }

    fn failed(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let failures = match *state {
            BreakerState::Closed { failures } => failures + 1,
            _ => self.policy.failures,
        };
        *state = if failures >= self.policy.failures {
            tracing::warn!(cool_down_s = self.policy.cool_down.as_secs(), "Partner Center is failing; calls fail fast for a while");
            BreakerState::Open { until: Instant::now() + self.policy.cool_down }
        } else {
            BreakerState::Closed { failures }
        };
    }
}

/// One attempt the breaker let through, told how it went. Dropped without a
/// verdict (its caller went away mid-call, or the answer was 429, which says
/// nothing of Partner Center's health), a trial gives its place to the next
/// call: the breaker would otherwise wait for a verdict that never comes and
/// fail every call from then on.
#[must_use]
pub struct Attempt<'a> {
    breaker: &'a Breaker,
    trial: bool,
    settled: bool,
}

impl Attempt<'_> {
    pub fn succeeded(mut self) {
        self.settled = true;
        self.breaker.succeeded();
    }

    pub fn failed(mut self) {
        self.settled = true;
        self.breaker.failed();
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if self.trial && !self.settled {
            self.breaker.trial_abandoned();
        }
    }
}

/// One call: what, where, under which request id.
pub struct Call<'a> {
    pub method: Method,
    /// Path and query under the API root, e.g. `/v1/customers`.
    pub path: &'a str,
    pub request_id: &'a str,
    pub locale: Option<&'a str>,
    /// The caller's MS-CorrelationId to pass on (reads); else a new one per attempt.
    pub correlation_id: Option<&'a str>,
    /// A stored ETag to revalidate (a 304 then comes back as the answer).
    pub if_none_match: Option<&'a str>,
    pub body: Option<&'a Value>,
}

/// An answer that is final for the call: 2xx, 304 or a business error.
pub struct Raw {
    pub status: u16,
    pub etag: Option<String>,
    pub body: axum::body::Bytes,
}

pub struct PartnerCenter {
    http: reqwest::Client,
    root: String,
    tokens: TokenProvider,
    policy: RetryPolicy,
    breaker: Breaker,
}

impl PartnerCenter {
    pub fn new(http: reqwest::Client, root: &str, tokens: TokenProvider, policy: RetryPolicy, breaker: BreakerPolicy) -> Self {
        Self { http, root: root.trim_end_matches('/').to_owned(), tokens, policy, breaker: Breaker::new(breaker) }
    }

    /// The answer's JSON (`Null` for an empty body), or why there is none; a
    /// business error (4xx) is [`UpstreamError::Rejected`].
    pub async fn call(&self, call: Call<'_>) -> Result<Value, UpstreamError> {
        let raw = self.send(call).await?;
        if raw.status >= 400 {
            return Err(UpstreamError::Rejected { status: raw.status, error: PartnerCenterError::read(&raw.body) });
        }
        Ok(crate::timing::timed_sync("upstream.decode", || if raw.body.is_empty() { Value::Null } else { serde_json::from_slice(&raw.body).unwrap_or(Value::Null) }))
    }

    /// Sends with retries until an answer that is final for the call.
    pub async fn send(&self, call: Call<'_>) -> Result<Raw, UpstreamError> {
        let mut renewed_token = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let verdict = crate::timing::timed_sync("upstream.breaker", || self.breaker.allow()).map_err(UpstreamError::BreakerOpen)?;
            let token = match crate::timing::timed("upstream.token", self.tokens.access_token()).await {
                Ok(token) => token,
                Err(e) => {
                    if matches!(e, UpstreamError::Unavailable(_)) {
                        verdict.failed();
                    } else {
                        // The endpoint answered: it is up, the trial (if any) is over.
                        verdict.succeeded();
                    }
                    return Err(e);
                }
            };
            let building = Instant::now();
            let correlation_id = call.correlation_id.map(str::to_owned).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let mut request = self
                .http
                .request(call.method.clone(), format!("{}{}", self.root, call.path))
                .timeout(self.policy.timeout)
                .bearer_auth(token.expose())
                .header("Accept", "application/json")
                .header("MS-RequestId", call.request_id)
                .header("MS-CorrelationId", &correlation_id);
            if let Some(locale) = call.locale {
                request = request.header("X-Locale", locale);
            }
            if let Some(etag) = call.if_none_match {
                request = request.header("If-None-Match", etag);
            }
            if let Some(body) = call.body {
                request = request.json(body);
            }
            crate::timing::since("upstream.build_request", building);
            let sending = Instant::now();
            let retry_in = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
                    let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    let body = match response.bytes().await {
                        Ok(body) => {
                            crate::timing::since("upstream.http", sending);
                            body
                        }
                        Err(e) if status.is_success() => {
                            // Made, but the answer was cut off: the same id again gets it.
                            verdict.failed();
                            if attempt >= self.policy.attempts {
                                return Err(UpstreamError::Unavailable(without_url(e)));
                            }
                            tokio::time::sleep(self.backoff(attempt)).await;
                            continue;
                        }
                        Err(_) => Default::default(),
                    };
                    if status.is_success() || status == reqwest::StatusCode::NOT_MODIFIED {
                        verdict.succeeded();
                        return Ok(Raw { status: status.as_u16(), etag, body });
                    }
                    tracing::info!(status = status.as_u16(), path = call.path, attempt, request_id = call.request_id, correlation_id, "Partner Center answered an error");
                    if status == reqwest::StatusCode::UNAUTHORIZED && !renewed_token {
                        verdict.succeeded();
                        renewed_token = true;
                        self.tokens.invalidate().await;
                        attempt -= 1;
                        continue;
                    }
                    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                        // Throttled is not down: the breaker is not told.
                        let wait = Duration::from_secs(retry_after.unwrap_or(1));
                        if wait > self.policy.max_retry_after || attempt >= self.policy.attempts {
                            return Err(UpstreamError::Throttled(wait.as_secs().max(1)));
                        }
                        wait
                    } else if status.is_server_error() {
                        verdict.failed();
                        if attempt >= self.policy.attempts {
                            return Err(UpstreamError::Unavailable(format!("Partner Center answered {status}")));
                        }
                        self.backoff(attempt)
                    } else {
                        verdict.succeeded();
                        return Ok(Raw { status: status.as_u16(), etag, body });
                    }
                }
                Err(e) => {
                    verdict.failed();
                    let why = without_url(e);
                    tracing::info!(path = call.path, attempt, request_id = call.request_id, error = %why, "Partner Center did not answer");
                    if attempt >= self.policy.attempts {
                        return Err(UpstreamError::Unavailable(format!("Partner Center did not answer: {why}")));
                    }
                    self.backoff(attempt)
                }
            };
            tokio::time::sleep(retry_in).await;
        }
    }

    /// Doubling back-off with up to 50 % jitter, so retries from many requests spread out.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.policy.backoff.saturating_mul(1 << (attempt - 1).min(6));
        base + base.mul_f64(rand::random::<f64>() * 0.5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breaker_opens_after_repeated_failures_and_lets_one_trial_through() {
        let breaker = Breaker::new(BreakerPolicy { failures: 3, cool_down: Duration::from_millis(50) });
        for _ in 0..2 {
            breaker.allow().unwrap().failed();
            assert!(breaker.allow().is_ok());
        }
        breaker.allow().unwrap().failed();
        assert!(breaker.allow().is_err(), "open after three failures");
        std::thread::sleep(Duration::from_millis(60));
        let trial = breaker.allow().expect("a trial after the cool-down");
        assert!(breaker.allow().is_err(), "only one trial at a time");
        trial.failed();
        assert!(breaker.allow().is_err(), "a failed trial opens it again");
        std::thread::sleep(Duration::from_millis(60));
        breaker.allow().unwrap().succeeded();
        assert!(breaker.allow().is_ok() && breaker.allow().is_ok(), "closed after a good trial");
    }

    /// A caller that goes away during the trial (a browser reloading) leaves
    /// no verdict: the next call is the trial, rather than every call failing
    /// fast from then on.
    #[test]
    fn a_trial_without_a_verdict_lets_the_next_call_try() {
        let breaker = Breaker::new(BreakerPolicy { failures: 1, cool_down: Duration::from_millis(50) });
        breaker.allow().unwrap().failed();
        assert!(breaker.allow().is_err(), "open");
        std::thread::sleep(Duration::from_millis(60));
        let trial = breaker.allow().expect("a trial after the cool-down");
        assert!(breaker.allow().is_err(), "only one trial at a time");
        drop(trial);
        let next = breaker.allow().expect("the next call is the trial");
        assert!(breaker.allow().is_err(), "still one trial at a time");
        next.succeeded();
        assert!(breaker.allow().is_ok() && breaker.allow().is_ok(), "closed after a good trial");
        // Outside a trial, an attempt without a verdict changes nothing.
        drop(breaker.allow().unwrap());
        assert!(breaker.allow().is_ok());
    }
}
