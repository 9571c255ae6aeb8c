//! The built SPA (and the demo host page), loaded into memory at startup and
//! compressed once: brotli and gzip variants are taken from `.br`/`.gz`
//! siblings when the build produced them, otherwise made here.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

pub struct StaticSite {
    files: HashMap<String, StaticFile>,
}

struct StaticFile {
    content_type: &'static str,
    identity: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    etag: String,
    /// Trunk puts a content hash in asset names: those can be cached for good.
    immutable: bool,
    /// An HTML page's own inline `<style>` and `<script>` elements, by hash:
    /// the page's CSP allows exactly these (no 'unsafe-inline').
    inline: InlineHashes,
}

#[derive(Default)]
struct InlineHashes {
    styles: Vec<String>,
    scripts: Vec<String>,
}

impl InlineHashes {
    /// The hash sources (`'sha256-…'`) of every `<style>` and `<script>`
    /// element written without attributes in `html` (the standalone pages'
    /// inlined first screen; a script with `src` has attributes).
    fn of(html: &str) -> Self {
        let hashes = |tag: &str| {
            let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
            let mut found = Vec::new();
            let mut rest = html;
            while let Some(start) = rest.find(&open) {
                let body = &rest[start + open.len()..];
                let Some(end) = body.find(&close) else { break };
                found.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&body[..end]))));
                rest = &body[end..];
            }
            found
        };
        Self { styles: hashes("style"), scripts: hashes("script") }
    }

    /// `csp` with these hashes added to its style-src and script-src.
    fn applied_to(&self, csp: &str) -> String {
        csp.split(';')
            .map(|directive| {
                let name = directive.split_whitespace().next().unwrap_or("");
                let hashes = match name {
                    "style-src" => &self.styles,
                    "script-src" => &self.scripts,
                    _ => return directive.to_owned(),
                };
                hashes.iter().fold(directive.trim_end().to_owned(), |d, h| format!("{d} {h}"))
            })
            .collect::<Vec<_>>()
            .join(";")
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || ["application/wasm", "application/json", "application/manifest+json", "image/svg+xml", "application/xml"].contains(&content_type)
}

fn looks_hashed(path: &str) -> bool {
    // e.g. add-customer-wizard-1f2e3d4c5b6a7988_bg.wasm, split_review_step-91e64d031eb5b9dd.wasm
    path.rsplit('/').next().unwrap_or(path).split(['-', '_', '.']).any(|part| part.len() >= 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

fn brotli(data: &[u8]) -> Vec<u8> {
    // Quality 11 is slow on megabyte-sized wasm; 9 is close in size and quick at startup.
    let quality = if data.len() < 256 * 1024 { 11 } else { 9 };
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        writer.write_all(data).expect("writing to memory");
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

impl StaticSite {
    /// Loads every file under `dir`; `None` when the directory does not exist.
    pub fn load(dir: &Path) -> std::io::Result<Option<Self>> {
        if !dir.is_dir() {
            return Ok(None);
        }
        let mut raw: HashMap<String, Vec<u8>> = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(dir).expect("under dir").to_string_lossy().replace('\\', "/");
                    raw.insert(relative, std::fs::read(&path)?);
                }
            }
        }
        let mut files = HashMap::new();
        for (name, identity) in &raw {
            if (name.ends_with(".br") || name.ends_with(".gz")) && raw.contains_key(&name[..name.len() - 3]) {
                continue; // a precompressed sibling, served as its original's encoding
            }
            let content_type = content_type(name);
            let smaller = |v: Vec<u8>| (v.len() < identity.len()).then_some(v);
            let worth_compressing = compressible(content_type) && identity.len() >= 256;
            let brotli = raw.get(&format!("{name}.br")).cloned().or_else(|| worth_compressing.then(|| brotli(identity)).and_then(smaller));
            let gzip = raw.get(&format!("{name}.gz")).cloned().or_else(|| worth_compressing.then(|| gzip(identity)).and_then(smaller));
            let digest = Sha256::digest(identity);
            let etag = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
            let inline = if content_type.starts_with("text/html") {
                InlineHashes::of(&String::from_utf8_lossy(identity))
            } else {
                InlineHashes::default()
            };
            files.insert(
                name.clone(),
                StaticFile { content_type, identity: identity.clone(), brotli, gzip, etag, immutable: looks_hashed(name), inline },
            );
        }
        Ok(Some(Self { files }))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The response for a path inside the site (without its mount prefix).
    /// A folder's path gives its `index.html` (with or without the final `/`);
    /// other paths without a file extension fall back to `index.html`
    /// (client-side routes).
    pub fn respond(&self, relative: &str, request: &HeaderMap, csp: &str) -> Response {
        let relative = relative.trim_start_matches('/');
        let key = if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_owned() };
        let file = match self.files.get(&key) {
            Some(file) => file,
            None if self.files.contains_key(&format!("{key}/index.html")) => &self.files[&format!("{key}/index.html")],
            None if !key.rsplit('/').next().unwrap_or("").contains('.') => match self.files.get("index.html") {
                Some(index) => index,
                None => return StatusCode::NOT_FOUND.into_response(),
            },
            None => return StatusCode::NOT_FOUND.into_response(),
        };
        let encoding = negotiate(request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or(""));
        let (body, encoding_name) = match encoding {
            Encoding::Brotli if file.brotli.is_some() => (file.brotli.as_ref().expect("checked"), Some("br")),
            Encoding::Brotli | Encoding::Gzip if file.gzip.is_some() && accepts(request, "gzip") => (file.gzip.as_ref().expect("checked"), Some("gzip")),
            _ => (&file.identity, None),
        };
        let etag = format!("\"{}{}\"", file.etag, encoding_name.map(|e| format!("-{e}")).unwrap_or_default());

        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("ASCII"));
        let cache = if file.immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if let Some(name) = encoding_name {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        if file.content_type.starts_with("text/html") {
            let csp = file.inline.applied_to(csp);
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).expect("ASCII policy"));
        }
        let not_modified = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
        if not_modified {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        (StatusCode::OK, headers, body.clone()).into_response()
    }
}

#[derive(Debug, PartialEq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// Accept-Encoding with q-values: `br` when accepted, else `gzip`.
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    let header = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    header.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let q = parts.find_map(|p| p.strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
        (name.eq_ignore_ascii_case(coding) || name == "*") && q > 0.0
    })
}

fn negotiate(accept_encoding: &str) -> Encoding {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(accept_encoding) {
        headers.insert(header::ACCEPT_ENCODING, value);
    }
    if accepts(&headers, "br") {
        Encoding::Brotli
    } else if accepts(&headers, "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_q_values() {
        assert_eq!(negotiate("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(negotiate("gzip, br;q=0"), Encoding::Gzip);
        assert_eq!(negotiate("identity"), Encoding::Identity);
        assert_eq!(negotiate(""), Encoding::Identity);
    }

    #[test]
    fn inline_elements_are_allowed_by_their_hashes_alone() {
        let html = "<style>p{}</style><script src=\"a.js\"></script><script>x()</script><style media=\"print\">q{}</style>";
        let hashes = InlineHashes::of(html);
        let sha = |s: &str| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s)));
        assert_eq!(hashes.styles, [sha("p{}")]);
        assert_eq!(hashes.scripts, [sha("x()")]);
        assert_eq!(
            hashes.applied_to("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:"),
            format!("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' {}; img-src 'self' data:", sha("x()"), sha("p{}"))
        );
        assert_eq!(InlineHashes::default().applied_to("style-src 'self'; img-src data:"), "style-src 'self'; img-src data:");
    }

    #[test]
    fn hashed_names_are_detected() {
        assert!(looks_hashed("add-customer-wizard-1f2e3d4c5b6a7988_bg.wasm"));
        // The later steps' chunks (scripts/build-wasm names them by content hash).
        assert!(looks_hashed("split_review_step-91e64d031eb5b9dd.wasm"));
        assert!(looks_hashed("chunk_8-70907efe2b817b72.wasm"));
        assert!(!looks_hashed("index.html"));
        assert!(!looks_hashed("add-customer-wizard_bg.wasm"));
        assert!(!looks_hashed("__wasm_split.js"));
    }
}
