//! JWT bearer tokens against a JWKS served over HTTPS on loopback (a CA and a
//! certificate generated here, trusted through --jwks-ca-file) and from a
//! file: the claims that name the partner and user, and the negative suite —
//! every refused token a 401 with `WWW-Authenticate: Bearer … invalid_token`.

use crate::common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ISSUER_TEMPLATE: &str = "https://login.microsoftonline.com/{tid}/v2.0";
const AUDIENCE: &str = "api://customer-wizard";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

struct Keys {
    rsa: rsa::RsaPrivateKey,
    ec: p256::SecretKey,
    ec_rotated: p256::SecretKey,
    ec_stranger: p256::SecretKey,
}

fn keys() -> Keys {
    use rsa::rand_core::OsRng;
    Keys {
        rsa: rsa::RsaPrivateKey::new(&mut OsRng, 2048).expect("RSA key"),
        ec: p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng),
        ec_rotated: p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng),
        ec_stranger: p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng),
    }
}

fn rsa_jwk(key: &rsa::RsaPrivateKey, kid: &str) -> Value {
    use rsa::traits::PublicKeyParts;
    json!({"kty": "RSA", "use": "sig", "kid": kid, "n": B64.encode(key.n().to_bytes_be()), "e": B64.encode(key.e().to_bytes_be())})
}

fn ec_jwk(key: &p256::SecretKey, kid: &str) -> Value {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let point = key.public_key().to_encoded_point(false);
    json!({"kty": "EC", "use": "sig", "crv": "P-256", "kid": kid, "x": B64.encode(point.x().unwrap()), "y": B64.encode(point.y().unwrap())})
}

fn rsa_signer(key: &rsa::RsaPrivateKey) -> EncodingKey {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    EncodingKey::from_rsa_der(key.to_pkcs1_der().unwrap().as_bytes())
}

fn ec_signer(key: &p256::SecretKey) -> EncodingKey {
    use p256::pkcs8::EncodePrivateKey;
    EncodingKey::from_ec_der(key.to_pkcs8_der().unwrap().as_bytes())
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn claims() -> Value {
    json!({
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "aud": AUDIENCE,
        "tid": TENANT,
        "oid": "0f6a1f3e-5b2c-4c1e-9f2a-3d4b5c6d7e8f",
        "sub": "subject-of-the-user",
        "iat": now(),
        "nbf": now() - 10,
        "exp": now() + 600,
    })
}

fn with(mut claims: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

fn sign(alg: Algorithm, kid: &str, claims: &Value, key: &EncodingKey) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.into());
    jsonwebtoken::encode(&header, claims, key).expect("sign")
}

/// A JWKS over HTTPS on loopback, counting its fetches.
struct JwksServer {
    url: String,
    ca_pem: String,
    body: Arc<Mutex<String>>,
    fetches: Arc<AtomicUsize>,
}

async fn serve_jwks_https(body: String) -> JwksServer {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap().signed_by(&leaf_key, &ca, &ca_key).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = Arc::new(Mutex::new(body));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (served, counted) = (body.clone(), fetches.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, served, counted) = (acceptor.clone(), served.clone(), counted.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let body = served.lock().unwrap().clone();
                let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    JwksServer { url: format!("https://127.0.0.1:{port}/discovery/v2.0/keys"), ca_pem: ca.pem(), body, fetches }
}

async fn status_and_challenge(http: &reqwest::Client, server: &Server, token: &str) -> (StatusCode, String) {
    let response = http.get(server.url("/v1/customers")).bearer_auth(token).send().await.unwrap();
    let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status(), challenge)
}

// Multi-threaded: the JWKS server must answer while the test blocks on the server's start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwt_from_an_https_jwks_names_partner_and_user_and_bad_tokens_get_401() {
    let keys = keys();
    let jwks = json!({"keys": [rsa_jwk(&keys.rsa, "rsa-1"), ec_jwk(&keys.ec, "ec-1")]});
    let provider = serve_jwks_https(jwks.to_string()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &provider.ca_pem).unwrap();
    let server = Server::start(
        dir.path(),
        &["--jwks", &provider.url, "--jwks-ca-file", ca_file.to_str().unwrap(), "--jwt-issuer", ISSUER_TEMPLATE, "--jwt-audience", AUDIENCE],
    );
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 1, "keys loaded at start over HTTPS");
    let http = client();
    let rsa = rsa_signer(&keys.rsa);
    let ec = ec_signer(&keys.ec);

    // RS256 with oid: the partner is the tenant, the user the object id.
    let token = sign(Algorithm::RS256, "rsa-1", &claims(), &rsa);
    let (status, created) = {
        let r = submit_as(&http, &server, &token, &request_id(), &valid_submission("jwtcustomer")).await.unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["customer"]["id"].as_str().unwrap();
    let audit: Value = http.get(server.url(&format!("/v1/customers/{id}/audit"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(audit["partnerId"], TENANT);
    assert_eq!(audit["userId"], "0f6a1f3e-5b2c-4c1e-9f2a-3d4b5c6d7e8f");
    // A static token of another partner does not see the tenant's customer.
    let other: Value = http.get(server.url("/v1/customers")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(other["totalCount"], 0);

    // ES256 with only sub; and an exp 30 s ago is within the clock skew.
    let es = sign(Algorithm::ES256, "ec-1", &with(claims(), json!({"oid": null, "exp": now() - 30})), &ec);
    let page: Value = http.get(server.url("/v1/customers")).bearer_auth(&es).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["totalCount"], 1, "same tenant, same customers");

    let public_pem = {
        use rsa::pkcs8::EncodePublicKey;
        keys.rsa.to_public_key().to_public_key_pem(rsa::pkcs8::LineEnding::LF).unwrap()
    };
    let valid = sign(Algorithm::RS256, "rsa-1", &claims(), &rsa);
    let (head, _) = valid.rsplit_once('.').unwrap();
    let tampered = {
        let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
        parts[1] = B64.encode(with(claims(), json!({"tid": "11111111-2222-3333-4444-555555555555"})).to_string());
        parts.join(".")
    };
    let none = format!("{}.{}.", B64.encode(r#"{"alg":"none","typ":"JWT","kid":"rsa-1"}"#), B64.encode(claims().to_string()));
    let cases: Vec<(&str, String)> = vec![
        ("expired", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"exp": now() - 300})), &rsa)),
        ("not yet valid", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"nbf": now() + 300})), &rsa)),
        ("wrong audience", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"aud": "api://someone-else"})), &rsa)),
        ("wrong issuer", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"iss": "https://evil.example.com/v2.0"})), &rsa)),
        ("issuer of another tenant", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"iss": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"})), &rsa)),
        ("bad signature (payload changed)", tampered),
        ("bad signature (another key, same kid)", sign(Algorithm::ES256, "ec-1", &claims(), &ec_signer(&keys.ec_stranger))),
        ("no signature", format!("{head}.")),
        ("alg none", none),
        ("HS256 keyed with the RSA public key", sign(Algorithm::HS256, "rsa-1", &claims(), &EncodingKey::from_secret(public_pem.as_bytes()))),
        ("RS256 header on the EC key", sign(Algorithm::RS256, "ec-1", &claims(), &rsa)),
        ("unknown kid", sign(Algorithm::RS256, "rsa-9", &claims(), &rsa)),
        ("no tenant", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"tid": null})), &rsa)),
        ("no exp", sign(Algorithm::RS256, "rsa-1", &with(claims(), json!({"exp": null})), &rsa)),
        ("not a JWT", "a.b.c".to_owned()),
    ];
    for (name, token) in &cases {
        let (status, challenge) = status_and_challenge(&http, &server, token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
        assert!(challenge.starts_with(r#"Bearer realm="customer-server", error="invalid_token", error_description=""#), "{name}: {challenge}");
        eprintln!("{name}: 401, {challenge}");
    }
}

#[tokio::test]
async fn rotated_keys_are_picked_up_and_refreshes_are_rate_limited() {
    let keys = keys();
    let dir = tempfile::tempdir().unwrap();
    let jwks_file = dir.path().join("jwks.json");
    std::fs::write(&jwks_file, json!({"keys": [ec_jwk(&keys.ec, "ec-1")]}).to_string()).unwrap();
    let server = Server::start(
        dir.path(),
        &["--jwks", jwks_file.to_str().unwrap(), "--jwt-issuer", ISSUER_TEMPLATE, "--jwt-audience", AUDIENCE, "--jwks-min-refresh", "6"],
    );
    let http = client();
    let rotated = sign(Algorithm::ES256, "ec-2", &claims(), &ec_signer(&keys.ec_rotated));
    assert_eq!(status_and_challenge(&http, &server, &rotated).await.0, StatusCode::UNAUTHORIZED, "not published yet");

    // The provider publishes the new key (and retires the old one).
    std::fs::write(&jwks_file, json!({"keys": [ec_jwk(&keys.ec_rotated, "ec-2")]}).to_string()).unwrap();
    // Within --jwks-min-refresh of the last fetch the key is not fetched again.
    assert_eq!(status_and_challenge(&http, &server, &rotated).await.0, StatusCode::UNAUTHORIZED, "refresh rate-limited");
    // (6 s: wide enough that a slow machine still makes both attempts above within it.)
    tokio::time::sleep(Duration::from_millis(6100)).await;
    assert_eq!(status_and_challenge(&http, &server, &rotated).await.0, StatusCode::OK, "rotation picked up");
    let retired = sign(Algorithm::ES256, "ec-1", &claims(), &ec_signer(&keys.ec));
    assert_eq!(status_and_challenge(&http, &server, &retired).await.0, StatusCode::UNAUTHORIZED, "retired key refused");
    let fetched = server.log().matches("JWKS fetched").count();
    assert_eq!(fetched, 1, "after the load at start, one refresh, for the unknown kid:\n{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_unknown_kids_fetches_the_jwks_at_most_once() {
    let keys = keys();
    let provider = serve_jwks_https(json!({"keys": [ec_jwk(&keys.ec, "ec-1")]}).to_string()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &provider.ca_pem).unwrap();
    let server = Server::start(
        dir.path(),
        &["--jwks", &provider.url, "--jwks-ca-file", ca_file.to_str().unwrap(), "--jwt-issuer", ISSUER_TEMPLATE, "--jwt-audience", AUDIENCE, "--jwks-min-refresh", "600"],
    );
    let http = client();
    let signer = ec_signer(&keys.ec);
    for n in 0..25 {
        let token = sign(Algorithm::ES256, &format!("made-up-{n}"), &claims(), &signer);
        assert_eq!(status_and_challenge(&http, &server, &token).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 1, "only the fetch at start");
    provider.body.lock().unwrap().clear();
    // Known keys keep working from the cache.
    let good = sign(Algorithm::ES256, "ec-1", &claims(), &signer);
    assert_eq!(status_and_challenge(&http, &server, &good).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_plain_http_jwks_off_loopback_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_customer-server"))
        .args(["--addr", "127.0.0.1:0", "--db", dir.path().join("x.sqlite").to_str().unwrap()])
        .args(["--jwks", "http://login.example.com/keys", "--jwt-issuer", "x", "--jwt-audience", "y"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("https://"));
}
