//! Gateway mode (`--upstream partner-center`): the submit creates the
//! customer in Partner Center itself instead of in the server's own tables.
//!
//! - `token`: the server's sign-in (secure application model), access-token
//!   cache and refresh-token rotation;
//! - `client`: calls with the same `MS-RequestId` on every retry, 429/5xx/
//!   timeout handling and a breaker;
//! - `saga`: create customer → confirm agreement → place order, each stage's
//!   request id stored before its call, resumable after a crash;
//! - `codes`: Partner Center's error codes → the wizard's fields and messages.
//!
//! The reads the wizard makes (countries, offers, resellers, the template,
//! domain and address checks) are still answered by the server itself in this
//! mode; see the server README.

pub mod client;
pub mod codes;
pub mod reads;
pub mod saga;
pub mod token;

use serde::Deserialize;
use serde_json::Value;

/// Partner Center's documented API root (the paths below it start with `/v1`).
pub const DEFAULT_API_ROOT: &str = "https://api.partnercenter.microsoft.com";
/// The scope an access token for Partner Center is asked for.
pub const DEFAULT_SCOPE: &str = "https://api.partnercenter.microsoft.com/.default";

/// The identity platform's token endpoint for a partner's tenant.
pub fn default_token_url(tenant: &str) -> String {
    format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
}

/// Partner Center's error body: `{code, description, data[], source}`, newer
/// answers also `errorName`, `isRetryable`, `parameters`. Read leniently: a
/// code may come as a number or a string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnerCenterError {
    pub code: u32,
    pub description: String,
    pub error_name: String,
    pub parameters: serde_json::Map<String, Value>,
}

impl PartnerCenterError {
    pub fn read(body: &[u8]) -> Self {
        #[derive(Deserialize, Default)]
        #[serde(rename_all = "camelCase", default)]
        struct Wire {
            code: Value,
            description: String,
            message: String,
            error_name: String,
            parameters: Value,
        }
        let wire: Wire = serde_json::from_slice(body).unwrap_or_default();
        let code = wire.code.as_u64().or_else(|| wire.code.as_str().and_then(|c| c.trim().parse().ok())).unwrap_or(0);
        Self {
            code: u32::try_from(code).unwrap_or(0),
            description: if wire.description.is_empty() { wire.message } else { wire.description },
            error_name: wire.error_name,
            parameters: match wire.parameters {
                Value::Object(map) => map,
                _ => Default::default(),
            },
        }
    }

    /// A parameter as text (numbers included).
    pub fn parameter(&self, name: &str) -> Option<String> {
        self.parameters.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }
}

/// Why a call to Partner Center gave no usable answer. None of these carries
/// a secret: sign-in failures name only the OAuth error code.
#[derive(Debug)]
pub enum UpstreamError {
    /// Partner Center answered with a business error (a 4xx other than 401/429).
    Rejected { status: u16, error: PartnerCenterError },
    /// Still throttled after the waits allowed: retry after this many seconds.
    Throttled(u64),
    /// 5xx, timeouts or no connection, after every retry.
    Unavailable(String),
    /// The breaker is open: retry after this many seconds.
    BreakerOpen(u64),
    /// The token endpoint refused the server's credentials.
    SignIn(String),
}

impl std::fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpstreamError::Rejected { status, error } => write!(f, "Partner Center refused the request ({status}, code {})", error.code),
            UpstreamError::Throttled(s) => write!(f, "Partner Center is throttling; retry after {s} s"),
            UpstreamError::Unavailable(why) => write!(f, "Partner Center is unavailable: {why}"),
            UpstreamError::BreakerOpen(s) => write!(f, "Partner Center has been failing; calls resume in {s} s"),
            UpstreamError::SignIn(why) => write!(f, "signing in to Partner Center failed: {why}"),
        }
    }
}

/// The answer when Partner Center gave none to act on: 503 with `Retry-After`
/// (502 when the sign-in was refused), retryable.
pub fn unavailable_error(error: &UpstreamError) -> crate::error::ApiError {
    use crate::error::{code, ApiError};
    use axum::http::StatusCode;
    let (status, code, name, retry_after) = match error {
        UpstreamError::SignIn(_) => (StatusCode::BAD_GATEWAY, code::UPSTREAM_SIGN_IN_FAILED, "UpstreamSignInFailed", None),
        UpstreamError::Throttled(s) | UpstreamError::BreakerOpen(s) => (StatusCode::SERVICE_UNAVAILABLE, code::UPSTREAM_UNAVAILABLE, "UpstreamUnavailable", Some(*s)),
        _ => (StatusCode::SERVICE_UNAVAILABLE, code::UPSTREAM_UNAVAILABLE, "UpstreamUnavailable", Some(5)),
    };
    let mut answer = ApiError::new(status, code, name, format!("{error}."));
    answer.envelope.is_retryable = status == StatusCode::SERVICE_UNAVAILABLE;
    answer.retry_after_seconds = retry_after;
    answer
}
