//! The server's own sign-in to Partner Center (the secure application model):
//! the app's id and secret and the partner's refresh token buy access tokens
//! at the identity platform's token endpoint (a `refresh_token` grant). An
//! access token is reused until shortly before it expires. When the endpoint
//! answers with a new refresh token (rotation), that one is used from then on
//! and written to the refresh-token file (mode 0600, replaced atomically), so
//! a restart does not fall back to a token the endpoint may have revoked.
//!
//! No secret ever reaches a log line, an error or a response: [`Secret`]
//! prints as `[redacted]`, and errors name only the endpoint's error code.

use super::UpstreamError;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A secret string; `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// What the server signs in with.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub app_id: String,
    pub app_secret: Secret,
    /// The partner's refresh token as configured (environment or file).
    pub refresh_token: Secret,
    /// Where rotated refresh tokens are kept; `None`: in memory only (a
    /// restart starts again from the configured one).
    pub refresh_token_file: Option<PathBuf>,
}

/// An access token is renewed this long before it expires, so a call never
/// leaves with a token that runs out on the way.
pub const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

struct Cached {
    access_token: Secret,
    renew_at: Instant,
}

pub struct TokenProvider {
    inner: std::sync::Arc<Endpoint>,
}

/// The token endpoint, what the server signs in with, and what it holds.
struct Endpoint {
    http: reqwest::Client,
    token_url: String,
    scope: String,
    app_id: String,
    app_secret: Secret,
    refresh_token_file: Option<PathBuf>,
    /// The current refresh token and the cached access token; one lock so only
    /// one caller renews at a time and the others wait for its result.
    state: tokio::sync::Mutex<(Secret, Option<Cached>)>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct TokenError {
    #[serde(default)]
    error: String,
}

impl TokenProvider {
    /// The refresh token is the file's when the file exists and holds one (a
    /// rotated token from an earlier run), else the configured one.
    pub fn new(http: reqwest::Client, token_url: String, scope: String, credentials: Credentials) -> Result<Self, String> {
        let mut refresh_token = credentials.refresh_token;
        if let Some(path) = &credentials.refresh_token_file {
            match std::fs::read_to_string(path) {
                Ok(text) if !text.trim().is_empty() => refresh_token = Secret::new(text.trim()),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("refresh-token file {}: {}", path.display(), e.kind())),
            }
        }
        if refresh_token.expose().is_empty() {
            return Err("no Partner Center refresh token: set PARTNER_CENTER_REFRESH_TOKEN or --upstream-refresh-token-file".into());
        }
        Ok(Self { inner: std::sync::Arc::new(Endpoint {
            http,
            token_url,
            scope,
            app_id: credentials.app_id,
            app_secret: credentials.app_secret,
            refresh_token_file: credentials.refresh_token_file,
            state: tokio::sync::Mutex::new((refresh_token, None)),
        }) })
    }

    /// A valid access token: the cached one, or a new one from the endpoint.
    pub async fn access_token(&self) -> Result<Secret, UpstreamError> {
        if let Some(cached) = self.inner.state.lock().await.1.as_ref().filter(|c| Instant::now() < c.renew_at) {
            return Ok(cached.access_token.clone());
        }
        // Renewing spends the refresh token: the endpoint may answer with a
        // new one and revoke the old. So the renewal runs on a task of its
        // own, to its end, even when the caller stops waiting (the browser
        // behind it went away): cut short after the endpoint's answer, it
        // would lose the new refresh token and leave the server signed out.
        let endpoint = self.inner.clone();
        tokio::spawn(async move { endpoint.renew().await })
            .await
            .unwrap_or_else(|stopped| Err(UpstreamError::Unavailable(format!("the token renewal stopped: {stopped}"))))
    }

    /// Forgets the cached access token (Partner Center answered 401 to it).
    pub async fn invalidate(&self) {
        self.inner.state.lock().await.1 = None;
    }
}

impl Endpoint {
    /// A new access token, unless another caller's renewal brought one
    /// while this one waited for the lock.
    async fn renew(&self) -> Result<Secret, UpstreamError> {
        let mut state = self.state.lock().await;
        if let Some(cached) = state.1.as_ref().filter(|c| Instant::now() < c.renew_at) {
            return Ok(cached.access_token.clone());
        }
        let answer = self.redeem(&state.0).await?;
        let lifetime = answer
            .expires_in
            .as_ref()
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .unwrap_or(3600);
        let renew_in = Duration::from_secs(lifetime).saturating_sub(RENEW_BEFORE_EXPIRY).max(Duration::from_secs(lifetime / 2));
        if let Some(rotated) = answer.refresh_token.filter(|t| !t.is_empty() && t != state.0.expose()) {
            state.0 = Secret::new(rotated);
            self.keep_refresh_token(&state.0);
        }
        let access_token = Secret::new(answer.access_token);
        state.1 = Some(Cached { access_token: access_token.clone(), renew_at: Instant::now() + renew_in });
        Ok(access_token)
    }

    async fn redeem(&self, refresh_token: &Secret) -> Result<TokenAnswer, UpstreamError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.app_id.as_str()),
            ("client_secret", self.app_secret.expose()),
            ("refresh_token", refresh_token.expose()),
            ("scope", self.scope.as_str()),
        ];
        let response = self
            .http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            // reqwest's message names the URL and the kind of failure, never the form.
            .map_err(|e| UpstreamError::Unavailable(format!("token endpoint unreachable: {}", without_url(e))))?;
        let status = response.status();
        if status.is_success() {
            return response.json::<TokenAnswer>().await.map_err(|_| UpstreamError::SignIn("the token endpoint's answer is not a token".into()));
        }
        // Only the OAuth error code is repeated: the description may quote the request.
        let code = response.json::<TokenError>().await.map(|e| e.error).unwrap_or_default();
        let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect();
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            Err(UpstreamError::Unavailable(format!("token endpoint answered {status}")))
        } else {
            Err(UpstreamError::SignIn(format!("token endpoint refused the refresh token ({status}, {code})")))
        }
    }

    /// Writes the rotated refresh token to its file: a new file with mode
    /// 0600 beside it, synced, then renamed over the old one.
    fn keep_refresh_token(&self, token: &Secret) {
        let Some(path) = &self.refresh_token_file else {
            tracing::warn!("Partner Center rotated the refresh token; without --upstream-refresh-token-file it is kept in memory only");
            return;
        };
        if let Err(e) = write_private(path, token.expose()) {
            tracing::error!(file = %path.display(), error = %e.kind(), "could not store the rotated refresh token");
        } else {
            tracing::info!(file = %path.display(), "stored the rotated Partner Center refresh token");
        }
    }
}

/// Writes `text` to `path` readable by the owner only, atomically.
pub fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let temporary = dir.join(format!(".{}.{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("token"), std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// reqwest's error text without the URL (which could carry a query).
pub fn without_url(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        e.without_url().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("s3cr3t-value");
        assert_eq!(format!("{secret} {secret:?}"), "[redacted] [redacted]");
        let credentials = Credentials {
            app_id: "app".into(),
            app_secret: Secret::new("app-secret-value"),
            refresh_token: Secret::new("refresh-value"),
            refresh_token_file: None,
        };
        let printed = format!("{credentials:?}");
        assert!(!printed.contains("app-secret-value") && !printed.contains("refresh-value"), "{printed}");
    }

    #[cfg(unix)]
    #[test]
    fn the_refresh_token_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("refresh-token");
        write_private(&path, "first").unwrap();
        write_private(&path, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }
}
