//! Who is calling: every `/v1` request carries a bearer token that names a
//! partner (and a user of that partner). Three kinds of token are accepted:
//! static ones from the command line (`--token PARTNER_ID=TOKEN`), short-lived
//! ones the dev sign-in issues for a named partner, and JWTs from the portal's
//! identity provider, verified against its JWKS (see [`crate::jwt`]).
//!
//! Also the token buckets that bound what callers can make the server hold:
//! the per-partner rate limit, the dev sign-in's per-address limit, and the
//! per-address limit on failed authentications.

use crate::jwt::{JwtError, JwtVerifier};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const DEV_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// Most live dev tokens held at once (~200 B each, so at most ~2 MB); when
/// full, the token closest to expiry makes room.
pub const MAX_DEV_TOKENS: usize = 10_000;
/// The partner a dev token is for when the sign-in names none.
pub const DEFAULT_DEV_PARTNER: &str = "demo-partner";

/// The caller of a `/v1` request: the partner whose data it may see, and the
/// user (for the audit record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub partner_id: String,
    pub user_id: String,
}

/// A partner id as the command line and the dev sign-in accept it: what a
/// tenant GUID or a short slug is made of, so it is safe in logs and keys.
pub fn valid_partner_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `PARTNER_ID=TOKEN` → (partner, token).
pub fn parse_static_token(spec: &str) -> Result<(String, String), String> {
    let Some((partner, token)) = spec.split_once('=') else {
        return Err("--token takes PARTNER_ID=TOKEN (the partner the token acts for, then the token)".into());
    };
    let (partner, token) = (partner.trim(), token.trim());
    if !valid_partner_id(partner) {
        return Err(format!("--token: the partner id {partner:?} must be 1-64 letters, digits, '-', '_' or '.'"));
    }
    if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("--token for partner {partner}: the token must be non-empty and have no spaces"));
    }
    Ok((partner.to_owned(), token.to_owned()))
}

/// Why a token was refused; the text goes into `WWW-Authenticate`'s
/// `error_description`, so it never repeats anything from the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    /// No bearer token at all.
    Missing,
    Invalid(&'static str),
}

pub struct Authenticator {
    static_tokens: HashMap<String, Identity>,
    dev_tokens: Mutex<HashMap<String, (Identity, Instant)>>,
    jwt: Option<JwtVerifier>,
}

impl Authenticator {
    pub fn new(static_tokens: Vec<(String, String)>, jwt: Option<JwtVerifier>) -> Self {
        let static_tokens = static_tokens
            .into_iter()
            .map(|(partner, token)| (token, Identity { user_id: format!("static-token:{partner}"), partner_id: partner }))
            .collect();
        Self { static_tokens, dev_tokens: Mutex::new(HashMap::new()), jwt }
    }

    pub async fn authenticate(&self, token: Option<&str>) -> Result<Identity, AuthFailure> {
        let token = token.ok_or(AuthFailure::Missing)?;
        if let Some(identity) = self.static_tokens.get(token) {
            return Ok(identity.clone());
        }
        if let Some(identity) = self.dev_identity(token) {
            return Ok(identity);
        }
        // Three dot-separated parts: a JWT, if a verifier is configured.
        match &self.jwt {
            Some(jwt) if token.split('.').count() == 3 => jwt.verify(token).await.map_err(|e| AuthFailure::Invalid(JwtError::describe(&e))),
            _ => Err(AuthFailure::Invalid("The token is not valid.")),
        }
    }

    fn dev_identity(&self, token: &str) -> Option<Identity> {
        let now = Instant::now();
        let dev = self.dev_tokens.lock().unwrap_or_else(|e| e.into_inner());
        dev.get(token).filter(|(_, expiry)| *expiry > now).map(|(identity, _)| identity.clone())
    }

    /// A new random token for `partner_id`, valid for [`DEV_TOKEN_LIFETIME`].
    pub fn issue_dev_token(&self, partner_id: &str, user_id: &str) -> String {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let mut dev = self.dev_tokens.lock().unwrap_or_else(|e| e.into_inner());
        if dev.len() >= MAX_DEV_TOKENS {
            dev.retain(|_, (_, expiry)| *expiry > now);
        }
        if dev.len() >= MAX_DEV_TOKENS {
            // Still full of live tokens: the oldest one goes (its holder signs in again).
            if let Some(oldest) = dev.iter().min_by_key(|(_, (_, expiry))| *expiry).map(|(t, _)| t.clone()) {
                dev.remove(&oldest);
            }
        }
        let identity = Identity { partner_id: partner_id.to_owned(), user_id: user_id.to_owned() };
        dev.insert(token.clone(), (identity, now + DEV_TOKEN_LIFETIME));
        token
    }

    #[cfg(test)]
    pub fn dev_token_count(&self) -> usize {
        self.dev_tokens.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// `Authorization: Bearer <token>` → the token.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let value = header?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// Token buckets per key: `rate` per second on average, bursts of up to
/// `burst`. Buckets idle long enough to be full again hold nothing a new
/// bucket would not, so they are dropped: the map only holds active keys.
pub struct KeyedLimiter<K> {
    rate: f64,
    burst: f64,
    buckets: Mutex<Buckets<K>>,
}

struct Buckets<K> {
    map: HashMap<K, Bucket>,
    last_sweep: Instant,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// How often the idle buckets are swept (at most; only when a check runs).
const SWEEP_EVERY: Duration = Duration::from_secs(10);

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    pub fn new(rate_per_second: f64, burst: f64) -> Self {
        Self { rate: rate_per_second, burst: burst.max(1.0), buckets: Mutex::new(Buckets { map: HashMap::new(), last_sweep: Instant::now() }) }
    }

    /// A bucket per key holding `rate` requests (at least one): the old `--rate-limit` behaviour.
    pub fn per_second(rate_per_second: f64) -> Self {
        Self::new(rate_per_second, rate_per_second)
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * self.rate).min(self.burst);
        bucket.updated = now;
    }

    fn wait_for_one(&self, bucket: &Bucket) -> u64 {
        ((1.0 - bucket.tokens) / self.rate).ceil().max(1.0) as u64
    }

    fn with_bucket<T>(&self, key: &K, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if now.duration_since(buckets.last_sweep) >= SWEEP_EVERY {
            let full_after = Duration::from_secs_f64(self.burst / self.rate);
            buckets.map.retain(|_, b| now.duration_since(b.updated) < full_after);
            buckets.last_sweep = now;
        }
        let burst = self.burst;
        let bucket = buckets.map.entry(key.clone()).or_insert(Bucket { tokens: burst, updated: now });
        self.refill(bucket, now);
        f(bucket)
    }

    /// Takes one token: `Ok` to go ahead, or `Err(seconds)` to wait before retrying.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.with_bucket(key, |bucket| {
            if bucket.tokens >= 1.0 {
                bucket.tokens -= 1.0;
                Ok(())
            } else {
                Err(self.wait_for_one(bucket))
            }
        })
    }

    /// `Err(seconds)` when the key's bucket is empty, without taking a token.
    pub fn peek(&self, key: &K) -> Result<(), u64> {
        self.with_bucket(key, |bucket| if bucket.tokens >= 1.0 { Ok(()) } else { Err(self.wait_for_one(bucket)) })
    }

    /// Takes one token if there is one (a failure that counts against the key).
    pub fn spend(&self, key: &K) {
        self.with_bucket(key, |bucket| bucket.tokens = (bucket.tokens - 1.0).max(0.0));
    }

    #[cfg(test)]
    pub fn tracked_keys(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).map.len()
    }

    #[cfg(test)]
    fn sweep_now(&self) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets.last_sweep = Instant::now() - SWEEP_EVERY;
    }
}

/// The per-address limits that keep token state and guessing bounded.
pub struct AbuseLimits {
    /// Failed authentications per client address: 30 at once, then one every 2 s.
    pub failed_auth: KeyedLimiter<IpAddr>,
    /// Dev sign-ins per client address: 50 at once, then 10 a second.
    pub dev_sign_in: KeyedLimiter<IpAddr>,
}

impl Default for AbuseLimits {
    fn default() -> Self {
        Self { failed_auth: KeyedLimiter::new(0.5, 30.0), dev_sign_in: KeyedLimiter::new(10.0, 50.0) }
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
    fn static_token_specs() {
        assert_eq!(parse_static_token("contoso=abc"), Ok(("contoso".into(), "abc".into())));
        assert_eq!(parse_static_token("p1=a=b"), Ok(("p1".into(), "a=b".into())));
        assert!(parse_static_token("bare-token").is_err());
        assert!(parse_static_token("=abc").is_err());
        assert!(parse_static_token("bad partner=abc").is_err());
        assert!(parse_static_token("p=").is_err());
    }

    #[test]
    fn bucket_allows_burst_then_limits() {
        let limiter = KeyedLimiter::per_second(3.0);
        assert!((0..3).all(|_| limiter.check(&"t").is_ok()));
        assert_eq!(limiter.check(&"t"), Err(1));
        assert!(limiter.check(&"other").is_ok());
    }

    #[test]
    fn idle_buckets_are_evicted() {
        let limiter = KeyedLimiter::new(1000.0, 1.0);
        for key in 0..5_000 {
            let _ = limiter.check(&key);
        }
        assert_eq!(limiter.tracked_keys(), 5_000);
        std::thread::sleep(Duration::from_millis(5)); // every bucket is full again after 1 ms
        limiter.sweep_now();
        let _ = limiter.check(&-1);
        assert_eq!(limiter.tracked_keys(), 1, "only the bucket just used stays");
    }

    #[test]
    fn peek_and_spend_count_failures_only() {
        let limiter = KeyedLimiter::new(0.001, 2.0);
        assert!(limiter.peek(&1).is_ok() && limiter.peek(&1).is_ok() && limiter.peek(&1).is_ok());
        limiter.spend(&1);
        limiter.spend(&1);
        assert!(limiter.peek(&1).is_err());
        assert!(limiter.peek(&2).is_ok());
    }

    #[tokio::test]
    async fn tokens_name_their_partner() {
        let auth = Authenticator::new(vec![("contoso".into(), "static".into())], None);
        let a = auth.issue_dev_token("fabrikam", "dev-user");
        assert_eq!(auth.authenticate(Some(&a)).await.unwrap().partner_id, "fabrikam");
        assert_eq!(auth.authenticate(Some("static")).await.unwrap().partner_id, "contoso");
        assert_eq!(auth.authenticate(Some("nope")).await, Err(AuthFailure::Invalid("The token is not valid.")));
        assert_eq!(auth.authenticate(None).await, Err(AuthFailure::Missing));
        assert_ne!(a, auth.issue_dev_token("fabrikam", "dev-user"));
    }

    #[test]
    fn dev_token_map_is_capped() {
        let auth = Authenticator::new(Vec::new(), None);
        let first = auth.issue_dev_token("p", "u");
        for _ in 0..MAX_DEV_TOKENS + 500 {
            auth.issue_dev_token("p", "u");
        }
        assert_eq!(auth.dev_token_count(), MAX_DEV_TOKENS);
        assert!(auth.dev_identity(&first).is_none(), "the oldest token made room");
    }
}
