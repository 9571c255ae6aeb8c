//! Regular expressions come from country data and run on whichever engine the
//! platform already has: the browser's RegExp in WASM (no size cost), the
//! `regex` crate natively. Patterns are kept to the syntax both engines read
//! the same way (ASCII classes, no look-around, no back-references).

/// Answers whether `text` matches `pattern` as a whole.
pub trait PatternMatcher {
    fn is_full_match(&self, pattern: &str, text: &str) -> bool;
}

/// Wraps a pattern so that it must match the whole text on both engines.
pub fn anchored(pattern: &str) -> String {
    let p = pattern.strip_prefix('^').unwrap_or(pattern);
    let p = p.strip_suffix('$').unwrap_or(p);
    format!("^(?:{p})$")
}

#[cfg(feature = "native-regex")]
mod native {
    use super::{anchored, PatternMatcher};
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    /// The server's matcher: compiled patterns are cached (a country has few).
    #[derive(Default)]
    pub struct NativeMatcher;

    fn cache() -> &'static Mutex<HashMap<String, Option<regex::Regex>>> {
        static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
        CACHE.get_or_init(Default::default)
    }

    impl PatternMatcher for NativeMatcher {
        fn is_full_match(&self, pattern: &str, text: &str) -> bool {
            let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
            let compiled = cache
                .entry(pattern.to_owned())
                .or_insert_with(|| regex::Regex::new(&anchored(pattern)).ok());
            // A pattern that does not compile rejects nothing: bad data must not block a partner.
            compiled.as_ref().is_none_or(|re| re.is_match(text))
        }
    }
}

#[cfg(feature = "native-regex")]
pub use native::NativeMatcher;
