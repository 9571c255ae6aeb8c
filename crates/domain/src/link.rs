//! Which URLs may become links. A host attribute (`relationship-url`) or an
//! API answer (`agreementLink`) is text from outside; as an `href`, a
//! `javascript:` or `data:` URL would run script in the page the wizard lives
//! in, held back only by the host's Content-Security-Policy.

/// The URL, trimmed, when it is an absolute `http:` or `https:` URL with
/// something after `//`; `None` for anything else (other schemes, relative
/// URLs, and any white space or control character inside, which browsers
/// would silently drop: `java\tscript:` is `javascript:` to them).
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let rest = strip_prefix_ignore_case(url, "https://").or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    (!rest.is_empty() && !rest.starts_with('/')).then_some(url)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::safe_link;

    #[test]
    fn http_and_https_urls_are_links() {
        for ok in ["https://partner.microsoft.com/dashboard", "http://portal.example.com:8080/x?y=1#z", "HTTPS://Example.com", "  https://aka.ms/customeragreement "] {
            assert_eq!(safe_link(ok), Some(ok.trim()), "{ok}");
        }
    }

    #[test]
    fn everything_else_is_not() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example.com",
            "/relative/path",
            "https:evil.example.com",
            "https:///evil",
            "https://",
            "https://exa mple.com",
            "https://example.com/\npath",
            "",
            "ftp://example.com",
            "héllo",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
    }
}
