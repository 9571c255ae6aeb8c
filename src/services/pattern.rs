//! Country patterns run on the browser's own RegExp engine: no regex engine
//! is compiled into the WASM (the `regex` crate alone costs ~85 KB brotli).
//! Natively (the tests of the step flow) the domain crate's engine judges.

use customer_domain::pattern::{anchored, PatternMatcher};
use wasm_bindgen::{JsCast, JsValue};

/// The engine the rules run on here.
#[cfg(target_arch = "wasm32")]
pub(crate) const MATCHER: &dyn PatternMatcher = &JsMatcher;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const MATCHER: &dyn PatternMatcher = &customer_domain::pattern::NativeMatcher;

#[derive(Default, Clone, Copy)]
pub(crate) struct JsMatcher;

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl PatternMatcher for JsMatcher {
    fn is_full_match(&self, pattern: &str, text: &str) -> bool {
        // `u` flag: match by code point, as the native engine does. A pattern
        // the engine refuses rejects nothing (as natively): bad data must not
        // block a partner, and a thrown exception must not abort the app.
        let args = js_sys::Array::of2(&JsValue::from_str(&anchored(pattern)), &JsValue::from_str("u"));
        match js_sys::Reflect::construct(&js_sys::RegExp::new("", "").constructor(), &args) {
            Ok(re) => re.unchecked_into::<js_sys::RegExp>().test(text),
            Err(_) => true,
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;
