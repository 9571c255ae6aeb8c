//! Bearer tokens (static ones from the command line, and short-lived ones the
//! dev sign-in issues) and a per-token rate limit.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const DEV_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

pub struct Tokens {
    static_tokens: HashSet<String>,
    dev_tokens: Mutex<HashMap<String, Instant>>,
}

impl Tokens {
    pub fn new(static_tokens: &[String]) -> Self {
        Self { static_tokens: static_tokens.iter().cloned().collect(), dev_tokens: Mutex::new(HashMap::new()) }
    }

    pub fn is_valid(&self, token: &str) -> bool {
        if self.static_tokens.contains(token) {
            return true;
        }
        let now = Instant::now();
        let dev = self.dev_tokens.lock().unwrap_or_else(|e| e.into_inner());
        dev.get(token).is_some_and(|expiry| *expiry > now)
    }

    /// A new random token, valid for [`DEV_TOKEN_LIFETIME`].
    pub fn issue_dev_token(&self) -> String {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let mut dev = self.dev_tokens.lock().unwrap_or_else(|e| e.into_inner());
        dev.retain(|_, expiry| *expiry > now); // forget expired ones so the map stays small
        dev.insert(token.clone(), now + DEV_TOKEN_LIFETIME);
        token
    }
}

/// `Authorization: Bearer <token>` → the token.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let value = header?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// A token bucket per token: `rate` requests per second on average, bursts of
/// up to `rate` requests.
pub struct RateLimiter {
    rate: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub fn new(rate_per_second: f64) -> Self {
        Self { rate: rate_per_second, buckets: Mutex::new(HashMap::new()) }
    }

    /// `Ok` to go ahead, or `Err(seconds)` to wait before retrying.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let capacity = self.rate.max(1.0);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: capacity, updated: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * self.rate).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.rate;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(None), None);
    }

    #[test]
    fn bucket_allows_burst_then_limits() {
        let limiter = RateLimiter::new(3.0);
        assert!((0..3).all(|_| limiter.check("t").is_ok()));
        assert_eq!(limiter.check("t"), Err(1));
        assert!(limiter.check("other").is_ok());
    }

    #[test]
    fn dev_tokens_are_valid_and_distinct() {
        let tokens = Tokens::new(&["static".into()]);
        let a = tokens.issue_dev_token();
        assert!(tokens.is_valid(&a) && tokens.is_valid("static") && !tokens.is_valid("nope"));
        assert_ne!(a, tokens.issue_dev_token());
    }
}
