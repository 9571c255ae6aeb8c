//! What the host page tells the wizard (attributes of `<add-customer-wizard>`
//! or the object given to `mount`).

use crate::i18n::Locale;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Debug, PartialEq)]
pub enum StorageKind {
    Local,
    Session,
}

#[derive(Clone)]
pub struct HostConfig {
    /// Base URL of the API, e.g. `/v1` or `https://api.example.com/v1`.
    pub api_base: String,
    pub locale: Locale,
    /// The signed-in partner is an indirect provider: ask for the reseller.
    pub indirect: bool,
    /// ISO codes of the partner's region; empty means every country.
    pub allowed_countries: Vec<String>,
    /// Namespaces saved drafts so two partners on one browser never meet.
    pub storage_key: String,
    pub storage: StorageKind,
    /// Where "request a relationship" leads for existing customers; only an
    /// `http:`/`https:` URL, anything else is dropped (see [`link`]).
    pub relationship_url: String,
    /// Drafts not saved for this many days are removed when the wizard starts.
    pub draft_days: u32,
    /// The wizard owns the page, so it may set `document.title`.
    pub manage_title: bool,
    /// `(options) => Promise<string>`: the host's bearer token.
    pub token_provider: Option<js_sys::Function>,
    /// Open on Account info with a new customer instead of the customer list
    /// (a portal that lists customers itself).
    pub start_with_add_customer: bool,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            api_base: "/v1".into(),
            locale: Locale::EnUs,
            indirect: false,
            allowed_countries: Vec::new(),
            storage_key: "default".into(),
            storage: StorageKind::Local,
            relationship_url: String::new(),
            draft_days: customer_domain::draft::DEFAULT_DRAFT_DAYS,
            manage_title: false,
            token_provider: None,
            start_with_add_customer: false,
        }
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl HostConfig {
    /// Reads a plain JS object; anything missing or of the wrong type keeps its default.
    pub fn from_js(obj: &JsValue) -> Self {
        let d = Self::default();
        let string = |key: &str, default: String| get(obj, key).as_string().unwrap_or(default);
        let flag = |key: &str| get(obj, key).as_bool().unwrap_or(false);
        let allowed = get(obj, "allowedCountries");
        let allowed_countries = if js_sys::Array::is_array(&allowed) {
            js_sys::Array::from(&allowed).iter().filter_map(|v| v.as_string()).map(|c| c.to_uppercase()).collect()
        } else {
            Vec::new()
        };
        Self {
            api_base: string("apiBase", d.api_base).trim_end_matches('/').to_owned(),
            locale: Locale::from_tag(&string("locale", "en-US".into())),
            indirect: flag("indirect"),
            allowed_countries,
            storage_key: string("storageKey", d.storage_key),
            storage: if string("storage", String::new()) == "session" { StorageKind::Session } else { StorageKind::Local },
            relationship_url: link("relationship-url", &string("relationshipUrl", d.relationship_url)),
            draft_days: draft_days(&get(obj, "draftDays"), d.draft_days),
            manage_title: flag("manageTitle"),
            token_provider: get(obj, "tokenProvider").dyn_into::<js_sys::Function>().ok(),
            start_with_add_customer: string("start", String::new()) == "add-customer",
        }
    }
}

/// A URL from outside as a link target: only `http:`/`https:`, else nothing,
/// with a warning for the host's developer.
pub fn link(what: &str, url: &str) -> String {
    match customer_domain::link::safe_link(url) {
        Some(safe) => safe.to_owned(),
        None => {
            if !url.trim().is_empty() {
                web_sys::console::warn_1(&format!("add-customer-wizard: {what} is not an http: or https: URL; no link is shown").into());
            }
            String::new()
        }
    }
}

/// `draft-days`: a whole number of days from 1 to 3650; anything else keeps
/// the default, with a warning.
fn draft_days(value: &JsValue, default: u32) -> u32 {
    let text = value.as_string().unwrap_or_else(|| value.as_f64().map(|n| n.to_string()).unwrap_or_default());
    if text.trim().is_empty() {
        return default;
    }
    match text.trim().parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => days,
        _ => {
            web_sys::console::warn_1(&format!("add-customer-wizard: draft-days {text:?} is not a number of days from 1 to 3650; keeping {default}").into());
            default
        }
    }
}
