//! The SPA and demo hosting: compression, MIME types, caching, CSP, CORS.

use crate::common;

use common::*;
use reqwest::StatusCode;
use std::io::Read;

fn site_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    let index = "<!doctype html><html><head><title>Add customer</title><script type=\"module\" src=\"/app-0123456789abcdef.js\"></script></head><body></body></html>\n".repeat(4);
    std::fs::write(dist.join("index.html"), index).unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "export function start() { console.log('wizard'); }\n".repeat(40)).unwrap();
    // Not a real module, but the bytes and the name are what matter here.
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(100)).unwrap();
    std::fs::write(dist.join("assets/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>").unwrap();
    let demo = dir.path().join("demo");
    std::fs::create_dir_all(&demo).unwrap();
    std::fs::write(demo.join("index.html"), "<!doctype html><title>Contoso portal</title>").unwrap();
    dir
}

#[tokio::test]
async fn index_has_strict_csp_etag_and_fallback() {
    let dir = site_dir();
    let server = Server::start(dir.path(), &["--cors-origin", "https://portal.contoso.com"]);
    let http = reqwest::Client::builder().build().unwrap();
    let index = http.get(server.url("/")).send().await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    let headers = index.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.contains_key("referrer-policy"));
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' https://portal.contoso.com; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'self' https://portal.contoso.com; object-src 'none'"
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(index.text().await.unwrap().contains("Add customer"));

    let cached = http.get(server.url("/")).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);

    // Client-side routes get index.html; missing files are 404; API paths are never the SPA.
    let route = http.get(server.url("/customers/new")).send().await.unwrap();
    assert_eq!(route.status(), StatusCode::OK);
    assert!(route.headers().contains_key("content-security-policy"));
    assert_eq!(http.get(server.url("/missing.js")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(http.get(server.url("/v1/nothing")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(http.get(server.url("/_faults")).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    let demo = http.get(server.url("/demo/")).send().await.unwrap();
    assert_eq!(demo.status(), StatusCode::OK);
    assert!(demo.headers().contains_key("content-security-policy"));
    assert!(demo.text().await.unwrap().contains("Contoso portal"));
}

#[tokio::test]
async fn a_folder_serves_its_page_whose_inline_elements_alone_the_csp_allows_by_hash() {
    let dir = site_dir();
    let page = dir.path().join("dist/add-customer");
    std::fs::create_dir_all(&page).unwrap();
    std::fs::write(page.join("index.html"), "<!doctype html><title>Account info</title><style>p { color: red; }</style><script>x();</script>").unwrap();
    let server = Server::start(dir.path(), &[]);
    let http = reqwest::Client::builder().build().unwrap();
    use base64::Engine as _;
    use sha2::Digest as _;
    let sha = |s: &str| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s)));
    for path in ["/add-customer/", "/add-customer"] {
        let response = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {};", sha("x();"))), "{csp}");
        assert!(csp.contains(&format!("style-src 'self' {};", sha("p { color: red; }"))), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
        assert!(response.text().await.unwrap().contains("Account info"), "{path}");
    }
    // Pages without inline elements keep the policy as it is.
    let index = http.get(server.url("/")).send().await.unwrap();
    assert!(!index.headers()["content-security-policy"].to_str().unwrap().contains("sha256"));
}

#[tokio::test]
async fn assets_are_served_compressed_with_the_right_types() {
    let dir = site_dir();
    let server = Server::start(dir.path(), &[]);
    // No automatic decompression in this client: the test reads the raw encoding.
    let http = reqwest::Client::builder().build().unwrap();
    let original = std::fs::read(dir.path().join("dist/app-0123456789abcdef.js")).unwrap();

    let br = http.get(server.url("/app-0123456789abcdef.js")).header("Accept-Encoding", "gzip, deflate, br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    assert_eq!(br.headers()["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(!br.headers().contains_key("content-security-policy"));
    let compressed = br.bytes().await.unwrap();
    assert!(compressed.len() < original.len());
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&compressed[..], 4096).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, original);

    let gz = http.get(server.url("/app-0123456789abcdef.js")).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..]).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, original);

    let plain = http.get(server.url("/app-0123456789abcdef.js")).send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(plain.bytes().await.unwrap(), original);

    let wasm = http.get(server.url("/app-0123456789abcdef_bg.wasm")).header("Accept-Encoding", "br").send().await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.headers()["content-encoding"], "br");
    let svg = http.get(server.url("/assets/logo.svg")).send().await.unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
}

#[tokio::test]
async fn precompressed_siblings_are_preferred() {
    let dir = site_dir();
    // A sibling the server could not have produced itself proves which one is served.
    std::fs::write(dir.path().join("dist/app-0123456789abcdef.js.br"), b"precompressed-by-the-build").unwrap();
    let server = Server::start(dir.path(), &[]);
    let http = reqwest::Client::builder().build().unwrap();
    let response = http.get(server.url("/app-0123456789abcdef.js")).header("Accept-Encoding", "br").send().await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(&response.bytes().await.unwrap()[..], b"precompressed-by-the-build");
    let direct = http.get(server.url("/app-0123456789abcdef.js.br")).send().await.unwrap();
    assert_eq!(direct.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let dir = site_dir();
    let server = Server::start(dir.path(), &["--cors-origin", "https://portal.contoso.com"]);
    let http = client();
    let preflight = http
        .request(reqwest::Method::OPTIONS, server.url("/v1/submissions"))
        .header("Origin", "https://portal.contoso.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type, ms-requestid, ms-correlationid, x-locale")
        .send().await.unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://portal.contoso.com");
    let allowed = preflight.headers()["access-control-allow-headers"].to_str().unwrap().to_lowercase();
    for h in ["authorization", "ms-requestid", "ms-correlationid", "x-locale"] {
        assert!(allowed.contains(h), "{h} in {allowed}");
    }

    let actual = http.get(server.url("/v1/countries")).header("Origin", "https://portal.contoso.com").bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(actual.headers()["access-control-allow-origin"], "https://portal.contoso.com");
    assert!(actual.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase().contains("retry-after"));
    // A 401 must be readable by the embedding page too (so it can refresh its token).
    let unauthorized = http.get(server.url("/v1/countries")).header("Origin", "https://portal.contoso.com").send().await.unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unauthorized.headers()["access-control-allow-origin"], "https://portal.contoso.com");

    let foreign = http.get(server.url("/v1/countries")).header("Origin", "https://evil.example").bearer_auth(TOKEN).send().await.unwrap();
    assert!(!foreign.headers().contains_key("access-control-allow-origin"));
}
