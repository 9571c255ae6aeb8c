//! Country patterns run on the browser's own RegExp engine: no regex engine
//! is compiled into the WASM (the `regex` crate alone costs ~85 KB brotli).

use customer_domain::pattern::{anchored, PatternMatcher};

#[derive(Default, Clone, Copy)]
pub struct JsMatcher;

impl PatternMatcher for JsMatcher {
    fn is_full_match(&self, pattern: &str, text: &str) -> bool {
        // `u` flag: match by code point, as the native engine does.
        let re = js_sys::RegExp::new(&anchored(pattern), "u");
        re.test(text)
    }
}
