//! Continue pressed on the build-time first screen before the app's view
//! exists: the app's own checks answer it as soon as its WebAssembly is
//! instantiated, and wizard.js shows the problems in the first screen with
//! the error markup the build rendered from the app's components. The view
//! then mounts and takes them over as shown (`MountHandle::continueAnswered`).

use super::config;
use crate::state::{checks, fields};
use crate::widgets::fields::worded;
use customer_domain::Severity;
use wasm_bindgen::prelude::*;

/// The problems Continue finds on Account info for `values` (the first
/// screen's controls by DOM id: their text, "true" for a ticked checkbox),
/// as `[control id, message]` pairs in the order the app lists them; `null`
/// when only the app can answer: a country is chosen (Continue waits for its
/// rules), or a problem needs a control only the app shows (the confirmation
/// that a legal name which looks like an acronym is right).
#[wasm_bindgen(js_name = firstScreenProblems)]
pub fn first_screen_problems(values: &js_sys::Object, config: &JsValue) -> Option<js_sys::Array> {
    let config = config::from_js(config);
    let locale = config.locale;
    let value_of = |field: &fields::Field| js_sys::Reflect::get(values, &JsValue::from_str(&field.dom_id())).ok().and_then(|v| v.as_string());
    let issues = checks::first_screen_issues(&config, value_of)?;
    if issues.iter().any(|issue| issue.severity != Severity::Error) {
        return None;
    }
    let pairs = js_sys::Array::new();
    for issue in &issues {
        pairs.push(&js_sys::Array::of2(&fields::dom_id(&issue.field).into(), &worded(locale, issue).into()));
    }
    Some(pairs)
}
