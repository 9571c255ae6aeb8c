//! The wizard's reads in gateway mode, answered from Partner Center: the
//! wizard's paths are Partner Center's own (`/v1/countryvalidationrules/US`,
//! `/v1/offers?country=US`, …), so a read is forwarded as it came, with the
//! caller's `X-Locale` and `MS-CorrelationId`. Slow-changing answers (country
//! rules, offers, the agreement template) are cached per path, query and
//! locale for a TTL, then revalidated with `If-None-Match` when Partner Center
//! gave an ETag; domain checks, address validation and the reseller list are
//! never cached.

use super::client::{Call, Raw};
use super::saga::Gateway;
use super::{PartnerCenterError, UpstreamError};
use crate::error::{code, ApiError};
use axum::body::Bytes;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most cached answers; past it the oldest go (a catalogue per country and locale fits easily).
const MAX_ENTRIES: usize = 2_000;

/// How a read is forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    Cached,
    Live,
}

/// The Partner Center path (and query) of one of the wizard's reads, rebuilt
/// from checked parts only, so no caller's text can reach another of Partner
/// Center's endpoints under the partner's token; `None`: not a forwarded
/// read, or parts that fail the check (the server's own handler answers).
pub fn upstream_path(method: &Method, path: &str, query: Option<&str>) -> Option<(String, ReadKind)> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect();
    let keep = |allowed: &[(&str, fn(&str) -> bool)]| -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, check) in allowed {
            if let Some((_, value)) = pairs.iter().find(|(k, v)| k == name && check(v)) {
                query.append_pair(name, value);
            }
        }
        let query = query.finish();
        if query.is_empty() { query } else { format!("?{query}") }
    };
    let letters = |v: &str| !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphabetic());
    let digits = |v: &str| !v.is_empty() && v.len() <= 9 && v.chars().all(|c| c.is_ascii_digit());
    let iso2 = |v: &str| v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic());
    match (method.as_str(), path) {
        ("GET", p) => {
            if let Some(country) = p.strip_prefix("/v1/countryvalidationrules/") {
                return iso2(country).then(|| (format!("/v1/countryvalidationrules/{}", country.to_ascii_uppercase()), ReadKind::Cached));
            }
            match p {
                "/v1/offers" => Some((format!("/v1/offers{}", keep(&[("country", iso2), ("offset", digits), ("size", digits)])), ReadKind::Cached)),
                "/v1/agreements" => Some((format!("/v1/agreements{}", keep(&[("agreementType", letters)])), ReadKind::Cached)),
                "/v1/relationships" => Some((
                    format!("/v1/relationships{}", keep(&[("relationship_type", letters), ("offset", digits), ("size", digits)])),
                    ReadKind::Live,
                )),
                _ => None,
            }
        }
        ("POST", "/v1/validations/address") => Some(("/v1/validations/address".into(), ReadKind::Live)),
        ("HEAD", p) => {
            let domain = p.strip_prefix("/v1/domains/")?.to_ascii_lowercase();
            let valid = !domain.is_empty() && domain.len() <= 64 && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') && !domain.contains("..");
            valid.then(|| (format!("/v1/domains/{domain}"), ReadKind::Live))
        }
        _ => None,
    }
}

struct Entry {
    status: u16,
    etag: Option<String>,
    body: Bytes,
    fresh_until: Instant,
    stored_at: Instant,
}

pub struct ReadCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

impl ReadCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One forwarded read.
pub struct Read<'a> {
    pub method: Method,
    /// From [`upstream_path`].
    pub path_and_query: &'a str,
    pub locale: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    pub body: Option<serde_json::Value>,
    pub kind: ReadKind,
}

impl Gateway {
    pub async fn forward_read(&self, read: Read<'_>) -> Response {
        let key = format!("{} {}|{}", read.method, read.path_and_query, read.locale.unwrap_or(""));
        let mut stale_etag = None;
        if read.kind == ReadKind::Cached {
            let looking = Instant::now();
            let entries = self.reads.lock();
            if let Some(entry) = entries.get(&key) {
                if Instant::now() < entry.fresh_until {
                    let hit = answer(entry.status, entry.body.clone(), true);
                    crate::timing::since("read.cache_hit", looking);
                    return hit;
                }
                stale_etag = entry.etag.clone();
            }
        }
        let request_id = uuid::Uuid::new_v4().to_string();
        let call = Call {
            method: read.method.clone(),
            path: read.path_and_query,
            request_id: &request_id,
            locale: read.locale,
            correlation_id: read.correlation_id,
            if_none_match: stale_etag.as_deref(),
            body: read.body.as_ref(),
        };
        match self.partner_center.send(call).await {
            Ok(Raw { status: 304, etag, .. }) if read.kind == ReadKind::Cached => {
                let mut entries = self.reads.lock();
                match entries.get_mut(&key) {
                    Some(entry) => {
                        entry.fresh_until = Instant::now() + self.reads.ttl;
                        entry.etag = etag.or(entry.etag.take());
                        answer(entry.status, entry.body.clone(), true)
                    }
                    None => unavailable(UpstreamError::Unavailable("a 304 for an answer no longer cached".into())),
                }
            }
            Ok(Raw { status, etag, body }) => {
                // Only successes are kept: an error may be passing.
                if read.kind == ReadKind::Cached && (200..300).contains(&status) {
                    let mut entries = self.reads.lock();
                    if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
                        if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.stored_at).map(|(k, _)| k.clone()) {
                            entries.remove(&oldest);
                        }
                    }
                    let now = Instant::now();
                    entries.insert(key, Entry { status, etag, body: body.clone(), fresh_until: now + self.reads.ttl, stored_at: now });
                }
                if status >= 400 && !body.is_empty() {
                    // Partner Center's error in this server's envelope, its code kept.
                    let error = PartnerCenterError::read(&body);
                    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
                    let code = if error.code == 0 { if status == StatusCode::NOT_FOUND { code::NOT_FOUND } else { code::UPSTREAM_REJECTED } } else { error.code };
                    return ApiError::new(status, code, "UpstreamRejected", error.description).into_response();
                }
                answer(status, body, false)
            }
            Err(e) => unavailable(e),
        }
    }
}

fn answer(status: u16, body: Bytes, from_cache: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = if body.is_empty() {
        status.into_response()
    } else {
        (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
    };
    response.headers_mut().insert("x-cache", HeaderValue::from_static(if from_cache { "hit" } else { "miss" }));
    response
}

fn unavailable(error: UpstreamError) -> Response {
    tracing::warn!(error = %error, "a forwarded read failed");
    super::unavailable_error(&error).into_response()
}
