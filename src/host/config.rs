//! The host's configuration as the element (or `mountWizard`) gives it: a
//! plain JS object, read into a [`HostConfig`].

use crate::services::json;
use crate::state::{ConfigSource, HostConfig};
use wasm_bindgen::{JsCast, JsValue};

struct JsObject<'a>(&'a JsValue);

impl JsObject<'_> {
    fn get(&self, key: &str) -> JsValue {
        js_sys::Reflect::get(self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }
}

impl ConfigSource for JsObject<'_> {
    fn string(&self, key: &str) -> Option<String> {
        self.get(key).as_string()
    }
    fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).as_bool()
    }
    fn text(&self, key: &str) -> Option<String> {
        let value = self.get(key);
        value.as_string().or_else(|| value.as_f64().map(number_text))
    }
    fn list(&self, key: &str) -> Option<Vec<String>> {
        let value = self.get(key);
        js_sys::Array::is_array(&value).then(|| js_sys::Array::from(&value).iter().filter_map(|v| v.as_string()).collect())
    }
}

/// Reads a plain JS object; anything missing or of the wrong type keeps its default.
pub(crate) fn from_js(obj: &JsValue) -> HostConfig {
    let source = JsObject(obj);
    let token_provider = source.get("tokenProvider").dyn_into::<js_sys::Function>().ok();
    HostConfig { token_provider, ..HostConfig::read(&source) }
}

/// A number property as text: whole numbers as `f64::to_string` writes them
/// ("7", "-0"), others by the browser's printer, which keeps Rust's float
/// formatting out of the WebAssembly.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        if n == 0.0 && n.is_sign_negative() { "-0".to_owned() } else { (n as i64).to_string() }
    } else {
        json::number_text(n)
    }
}
