//! `--cors-origin` values, checked strictly at start: each one goes into the
//! CORS allow-list and into every HTML response's Content-Security-Policy, so
//! a `;`, a space or a control character would split or break that header.

/// `scheme://host[:port]` with an `http` or `https` scheme and nothing else
/// (one trailing `/` is tolerated) → the origin as browsers send it
/// (lower-case host, default port dropped); otherwise a message saying why.
pub fn parse(text: &str) -> Result<String, String> {
    let fail = |why: &str| Err(format!("--cors-origin {text:?} is not an origin like https://portal.example.com:8443 ({why})"));
    // The URL parser quietly drops tabs and newlines and trims spaces; an
    // origin never has them, so refuse them before parsing.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return fail("only visible ASCII characters, no spaces");
    }
    let Ok(url) = url::Url::parse(text) else { return fail("not a URL") };
    if !matches!(url.scheme(), "http" | "https") {
        return fail("the scheme must be http or https");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return fail("no user name or password");
    }
    if url.path() != "/" || text.ends_with("//") || url.query().is_some() || url.fragment().is_some() {
        return fail("no path, query or fragment");
    }
    match url.host() {
        Some(url::Host::Domain(domain)) if !is_hostname(domain) => return fail("the host must be a DNS name or an IP address"),
        Some(_) => {}
        None => return fail("a host is required"),
    }
    Ok(url.origin().ascii_serialization())
}

/// Letters, digits and inner hyphens in dot-separated labels of 1–63 characters.
fn is_hostname(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_origins_and_normalizes_them() {
        assert_eq!(parse("https://portal.example.com").unwrap(), "https://portal.example.com");
        assert_eq!(parse("https://portal.example.com/").unwrap(), "https://portal.example.com");
        assert_eq!(parse("http://127.0.0.1:8081").unwrap(), "http://127.0.0.1:8081");
        assert_eq!(parse("https://Portal.Example.COM:443").unwrap(), "https://portal.example.com");
        assert_eq!(parse("http://[::1]:3000").unwrap(), "http://[::1]:3000");
        assert_eq!(parse("http://localhost:5173").unwrap(), "http://localhost:5173");
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "",
            "portal.example.com",
            "ftp://portal.example.com",
            "javascript:alert(1)",
            "https://portal.example.com; script-src *",
            "https://a;b.example.com",
            "https://portal.example.com/path",
            "https://portal.example.com?x=1",
            "https://portal.example.com#top",
            "https://user:pw@portal.example.com",
            "https://portal.example.com\u{7}",
            "https://portal.exa\nmple.com",
            " https://portal.example.com",
            "https://portal.example.com:99999",
            "https://",
            "https://*.example.com",
            "https://portal.example.com//",
        ] {
            let error = parse(bad).expect_err(bad);
            assert!(error.starts_with("--cors-origin"), "{error}");
        }
    }
}
