//! Country patterns run on the browser's own RegExp engine: no regex engine
//! is compiled into the WASM (the `regex` crate alone costs ~85 KB brotli).

use customer_domain::pattern::{anchored, PatternMatcher};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Default, Clone, Copy)]
pub struct JsMatcher;

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
