//! JWT bearer tokens from the portal's identity provider (e.g. Microsoft
//! Entra ID): signature checked with the `jsonwebtoken` crate against the
//! provider's JWKS (a file or an HTTPS URL), then issuer, audience, `exp` and
//! `nbf`. Only RS256 and ES256 are accepted, each only with a key of its own
//! type, so `alg: none` and HMAC signed with a public key never verify.
//!
//! Keys are cached; a token with an unknown `kid` makes the verifier fetch
//! the JWKS again (the provider rotated its keys), at most once per
//! `min_refresh` so a flood of made-up `kid`s cannot make it hammer the
//! provider. The cache is also refreshed when older than [`MAX_KEY_AGE`].

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

use crate::auth::{valid_partner_id, Identity};

/// Keys older than this are fetched again on the next token.
pub const MAX_KEY_AGE: Duration = Duration::from_secs(3600);
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 60;

#[derive(Debug, Clone)]
pub enum JwksSource {
    File(std::path::PathBuf),
    Url(String),
}

impl JwksSource {
    /// A path, an `https://` URL, or an `http://` URL on a loopback host (for
    /// a local test provider only: keys must not travel in clear text).
    pub fn parse(value: &str) -> Result<Self, String> {
        if !value.contains("://") {
            return Ok(Self::File(value.into()));
        }
        let url = reqwest::Url::parse(value).map_err(|e| format!("--jwks: {e}"))?;
        let loopback = match url.host() {
            Some(url::Host::Domain(host)) => host == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => return Err("--jwks: the URL has no host".into()),
        };
        match url.scheme() {
            "https" => Ok(Self::Url(value.to_owned())),
            "http" if loopback => Ok(Self::Url(value.to_owned())),
            _ => Err("--jwks: a URL must be https:// (http:// only on a loopback address)".into()),
        }
    }
}

pub struct JwtConfig {
    pub jwks: JwksSource,
    /// Accepted `iss` values; `{tid}` stands for the token's own tenant id
    /// (Entra's multi-tenant issuer `https://login.microsoftonline.com/{tid}/v2.0`).
    pub issuers: Vec<String>,
    pub audiences: Vec<String>,
    /// Least time between two fetches of the JWKS.
    pub min_refresh: Duration,
    /// Extra trusted root certificate (PEM) for an HTTPS JWKS behind a private CA.
    pub ca_pem: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    Malformed,
    Algorithm,
    UnknownKey,
    KeysUnavailable,
    Signature,
    Expired,
    NotYetValid,
    Audience,
    Issuer,
    MissingClaims,
}

impl JwtError {
    /// For `WWW-Authenticate`'s `error_description`: says what, never echoes the token.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Malformed => "The token is malformed.",
            Self::Algorithm => "The token's algorithm is not accepted (RS256 or ES256).",
            Self::UnknownKey => "The token was signed with an unknown key.",
            Self::KeysUnavailable => "The signing keys could not be loaded.",
            Self::Signature => "The token's signature is invalid.",
            Self::Expired => "The token has expired.",
            Self::NotYetValid => "The token is not valid yet.",
            Self::Audience => "The token is for another audience.",
            Self::Issuer => "The token is from an issuer this server does not trust.",
            Self::MissingClaims => "The token lacks a required claim (tid, and oid or sub).",
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    tid: Option<String>,
    oid: Option<String>,
    sub: Option<String>,
}

struct KeyCache {
    keys: HashMap<String, (Algorithm, DecodingKey)>,
    fetched: Option<Instant>,
}

pub struct JwtVerifier {
    config: JwtConfig,
    client: reqwest::Client,
    cache: Mutex<KeyCache>,
}

/// The algorithm a JWK may verify, or `None` for keys this server does not use.
fn key_algorithm(jwk: &Jwk) -> Option<Algorithm> {
    match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Some(Algorithm::RS256),
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Some(Algorithm::ES256),
        _ => None,
    }
}

/// Parses a JWKS, keeping the RSA and P-256 keys that have a `kid`; other
/// keys (encryption keys, other curves) are skipped rather than failing the set.
pub fn parse_jwks(text: &str) -> Result<HashMap<String, (Algorithm, DecodingKey)>, String> {
    #[derive(Deserialize)]
    struct RawSet {
        keys: Vec<serde_json::Value>,
    }
    let raw: RawSet = serde_json::from_str(text).map_err(|e| format!("not a JWKS: {e}"))?;
    let mut keys = HashMap::new();
    for value in raw.keys {
        let Ok(jwk) = serde_json::from_value::<Jwk>(value) else { continue };
        if matches!(jwk.common.public_key_use, Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)) {
            continue;
        }
        let (Some(kid), Some(algorithm)) = (jwk.common.key_id.clone(), key_algorithm(&jwk)) else { continue };
        if let Ok(key) = DecodingKey::from_jwk(&jwk) {
            keys.insert(kid, (algorithm, key));
        }
    }
    Ok(keys)
}

impl JwtVerifier {
    pub fn new(config: JwtConfig) -> Result<Self, String> {
        if config.issuers.is_empty() || config.audiences.is_empty() {
            return Err("--jwks needs at least one --jwt-issuer and one --jwt-audience".into());
        }
        let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(10)).redirect(reqwest::redirect::Policy::none());
        if let Some(pem) = &config.ca_pem {
            let certificate = reqwest::Certificate::from_pem(pem).map_err(|e| format!("--jwks-ca-file: {e}"))?;
            builder = builder.add_root_certificate(certificate);
        }
        let client = builder.build().map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Self { config, client, cache: Mutex::new(KeyCache { keys: HashMap::new(), fetched: None }) })
    }

    async fn fetch(&self) -> Result<HashMap<String, (Algorithm, DecodingKey)>, String> {
        let text = match &self.config.jwks {
            JwksSource::File(path) => tokio::fs::read_to_string(path).await.map_err(|e| format!("{}: {e}", path.display()))?,
            JwksSource::Url(url) => {
                let response = self.client.get(url).send().await.map_err(|e| format!("fetching the JWKS: {e}"))?;
                if !response.status().is_success() {
                    return Err(format!("fetching the JWKS: HTTP {}", response.status()));
                }
                response.text().await.map_err(|e| format!("reading the JWKS: {e}"))?
            }
        };
        parse_jwks(&text)
    }

    /// Loads the keys once at start, so a wrong `--jwks` is reported at once.
    pub async fn preload(&self) -> Result<usize, String> {
        let keys = self.fetch().await?;
        let count = keys.len();
        let mut cache = self.cache.lock().await;
        cache.keys = keys;
        cache.fetched = Some(Instant::now());
        Ok(count)
    }

    /// The key for `kid`, fetching the JWKS again if it is unknown (or the
    /// cache is old) and the last fetch was long enough ago.
    async fn key(&self, kid: &str) -> Result<(Algorithm, DecodingKey), JwtError> {
        let mut cache = self.cache.lock().await;
        let stale = cache.fetched.is_none_or(|at| at.elapsed() >= MAX_KEY_AGE);
        if !stale {
            if let Some(found) = cache.keys.get(kid) {
                return Ok(found.clone());
            }
        }
        let may_fetch = cache.fetched.is_none_or(|at| at.elapsed() >= self.config.min_refresh);
        if may_fetch {
            match self.fetch().await {
                Ok(keys) => {
                    tracing::info!(keys = keys.len(), "JWKS fetched");
                    cache.keys = keys;
                    cache.fetched = Some(Instant::now());
                }
                Err(e) => {
                    tracing::warn!(error = %e, "JWKS fetch failed; keeping the cached keys");
                    if cache.keys.is_empty() {
                        return Err(JwtError::KeysUnavailable);
                    }
                }
            }
        }
        cache.keys.get(kid).cloned().ok_or(JwtError::UnknownKey)
    }

    pub async fn verify(&self, token: &str) -> Result<Identity, JwtError> {
        // `alg: none` and unknown algorithms do not even parse as a header.
        let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Malformed)?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(JwtError::Algorithm);
        }
        let kid = header.kid.ok_or(JwtError::UnknownKey)?;
        let (key_algorithm, key) = self.key(&kid).await?;
        if key_algorithm != header.alg {
            return Err(JwtError::Algorithm);
        }
        let mut validation = Validation::new(key_algorithm);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_audience(&self.config.audiences);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => JwtError::Expired,
                ErrorKind::ImmatureSignature => JwtError::NotYetValid,
                ErrorKind::InvalidAudience => JwtError::Audience,
                ErrorKind::InvalidSignature => JwtError::Signature,
                ErrorKind::InvalidAlgorithm => JwtError::Algorithm,
                ErrorKind::MissingRequiredClaim(_) => JwtError::MissingClaims,
                _ => JwtError::Malformed,
            }
        })?;
        let claims = data.claims;
        let tid = claims.tid.filter(|t| valid_partner_id(t)).ok_or(JwtError::MissingClaims)?;
        let issuer_ok = self.config.issuers.iter().any(|accepted| accepted.replace("{tid}", &tid) == claims.iss);
        if !issuer_ok {
            return Err(JwtError::Issuer);
        }
        let user = claims.oid.or(claims.sub).filter(|u| !u.is_empty() && u.len() <= 128).ok_or(JwtError::MissingClaims)?;
        Ok(Identity { partner_id: tid, user_id: user })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwks_sources() {
        assert!(matches!(JwksSource::parse("https://login.example.com/keys"), Ok(JwksSource::Url(_))));
        assert!(matches!(JwksSource::parse("http://127.0.0.1:9000/keys"), Ok(JwksSource::Url(_))));
        assert!(matches!(JwksSource::parse("http://localhost:9000/keys"), Ok(JwksSource::Url(_))));
        assert!(matches!(JwksSource::parse("http://[::1]:9000/keys"), Ok(JwksSource::Url(_))));
        assert!(JwksSource::parse("http://keys.example.com/keys").is_err());
        assert!(JwksSource::parse("ftp://x/keys").is_err());
        assert!(matches!(JwksSource::parse("/etc/jwks.json"), Ok(JwksSource::File(_))));
    }

    #[test]
    fn unusable_keys_are_skipped() {
        let text = r#"{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"},{"kty":"OKP","kid":"e","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},{"kty":"weird"}]}"#;
        assert!(parse_jwks(text).unwrap().is_empty());
        assert!(parse_jwks("[]").is_err());
    }
}
