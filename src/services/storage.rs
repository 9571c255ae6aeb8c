//! Drafts in browser storage, each in a versioned envelope under its own key,
//! namespaced by the host's storage key:
//!
//! - `add-customer-wizard:{storageKey}:draft:{id}`: one draft (schema v2).
//! - `add-customer-wizard:{storageKey}:draft`: the single draft of schema v1;
//!   read, moved to a key of its own and removed (see [`list`]).
//!
//! One key per draft (no index to keep in step) means two tabs editing two
//! drafts never write over each other, and one damaged draft never hides the
//! others. Nothing secret is ever written: no tokens, no passwords (the submit
//! payload holds none; the one-time password only ever comes in the answer).
//!
//! [`parse`] is pure and total: whatever the text, it returns, never panics.

use super::json::{self, Json};
use crate::step::Step;
use customer_domain::CustomerDraft;
use serde::{Deserialize, Serialize};

/// Which storage the host chose for drafts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StorageKind {
    Local,
    Session,
}

/// Where one host's drafts live: the storage and the key prefix that keeps
/// two partners on one browser apart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Namespace {
    pub(crate) key: String,
    pub(crate) kind: StorageKind,
}

pub(crate) const SCHEMA_VERSION: u32 = 2;

/// A real draft is a few kilobytes; anything past this is not parsed (it
/// would cost the page its responsiveness) but kept for the user.
pub(crate) const MAX_RAW_LEN: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Envelope {
    pub(crate) version: u32,
    /// The draft's id (the last part of its key).
    #[serde(default)]
    pub(crate) id: String,
    /// ISO 8601, when this was written.
    pub(crate) saved_at: String,
    pub(crate) step: Step,
    pub(crate) draft: CustomerDraft,
    /// The idempotency key of this draft's submit, made before the first
    /// request left; every retry (also after a reload) sends it again.
    #[serde(default)]
    pub(crate) request_id: Option<String>,
    /// The exact body of a submit whose answer has not arrived yet: after a
    /// reload the submit is resumed with it (and `request_id`). Kept as the
    /// JSON it is, only ever sent again: reading it as a typed request cost
    /// the first load that type's whole reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pending: Option<Json>,
}

/// Why a stored draft could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not JSON at all (truncated, hand-edited, another app's data).
    NotJson,
    /// JSON, but not a draft envelope.
    WrongShape,
    /// Written by a newer version of the wizard (or an unknown one).
    UnknownVersion,
    /// Far larger than any draft.
    TooLarge,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub(crate) envelope: Envelope,
    /// Written by an older schema and brought up to date.
    pub(crate) migrated: bool,
    /// Some values had the wrong type and were left empty.
    pub(crate) repaired: bool,
}

/// What reading one stored draft found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loaded {
    Draft(Parsed),
    /// Present but unusable; the raw text is kept for the user.
    Unreadable { raw: String, problem: Problem },
}

/// Parses stored text; never panics, whatever the text.
pub(crate) fn parse(raw: &str) -> Loaded {
    let unreadable = |problem| Loaded::Unreadable { raw: raw.to_owned(), problem };
    if raw.len() > MAX_RAW_LEN {
        return unreadable(Problem::TooLarge);
    }
    // Deep nesting is refused with an error, not a stack overflow (see json::Json).
    let Some(mut value) = json::from_str::<Json>(raw) else { return unreadable(Problem::NotJson) };
    if !value.is_object() {
        return unreadable(Problem::WrongShape);
    }
    let version = match value.get("version").map(Json::as_u64) {
        Some(Some(v)) => v,
        Some(None) => return unreadable(Problem::WrongShape),
        None => return unreadable(Problem::WrongShape),
    };
    let migrated = match version {
        1 => {
            migrate_v1(&mut value);
            true
        }
        2 => false,
        _ => return unreadable(Problem::UnknownVersion),
    };
    // A pending body that is not an object could never be a submit: it goes, as a repair.
    if let Some(envelope) = json::convert::<Envelope>(&value).filter(|e| e.pending.as_ref().is_none_or(Json::is_object)) {
        return Loaded::Draft(Parsed { envelope, migrated, repaired: false });
    }
    match salvage(&value) {
        Some(envelope) => Loaded::Draft(Parsed { envelope, migrated, repaired: true }),
        None => unreadable(Problem::WrongShape),
    }
}

/// v1 → v2: v1 had no id (one draft per storage key) and no pending body;
/// its `requestId` is kept, so a submit begun under v1 is retried with it.
fn migrate_v1(envelope: &mut Json) {
    envelope.set("version", Json::Number(f64::from(SCHEMA_VERSION)));
    if envelope.get("id").is_none() {
        envelope.set("id", Json::String(String::new()));
    }
}

/// Keeps every value of the right type and leaves the others at their
/// defaults. `None` when there is no draft object to salvage from.
fn salvage(value: &Json) -> Option<Envelope> {
    let draft = value.get("draft").filter(|d| d.is_object())?;
    let fitted = fit(&draft_template()?, draft)?;
    let draft: CustomerDraft = json::convert(&fitted)?;
    let text = |key: &str| value.get(key).and_then(Json::as_str).map(str::to_owned);
    Some(Envelope {
        version: SCHEMA_VERSION,
        id: text("id").unwrap_or_default(),
        saved_at: text("savedAt").unwrap_or_default(),
        step: value.get("step").and_then(json::convert::<Step>).unwrap_or(Step::Account),
        draft,
        request_id: text("requestId").filter(|id| looks_like_guid(id)),
        pending: value.get("pending").filter(|p| p.is_object()).cloned(),
    })
}

/// The shape of a draft as JSON, with one element in each list to give the
/// shape of list items.
fn draft_template() -> Option<Json> {
    let mut sample = CustomerDraft::default();
    sample.subscriptions.push(Default::default());
    sample.acknowledged.push(String::new());
    json::convert(&sample)
}

/// `value` cut to `template`'s shape: matching types are kept, numbers
/// become the text they were typed as, anything else is dropped.
fn fit(template: &Json, value: &Json) -> Option<Json> {
    match (template, value) {
        (Json::Object(t), Json::Object(_)) => Some(Json::Object(
            t.iter().filter_map(|(key, tv)| value.get(key).and_then(|vv| fit(tv, vv)).map(|x| (key.clone(), x))).collect(),
        )),
        (Json::Array(t), Json::Array(v)) => {
            let item = t.first()?;
            Some(Json::Array(v.iter().filter_map(|x| fit(item, x)).collect()))
        }
        (Json::String(_), Json::String(s)) => Some(Json::String(s.clone())),
        (Json::String(_), Json::Number(n)) => Some(Json::String(json::number_text(*n))),
        (Json::Bool(_), Json::Bool(b)) => Some(Json::Bool(*b)),
        _ => None,
    }
}

pub(crate) fn looks_like_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() })
}

// ---- the browser's storage ----

/// Why a write or read of storage failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoreError {
    /// Storage is turned off or not allowed (privacy settings, sandboxed frame).
    Unavailable,
    /// The browser's storage for this site is full.
    Full,
}

pub(crate) fn storage(space: &Namespace) -> Result<web_sys::Storage, StoreError> {
    if !cfg!(target_arch = "wasm32") {
        // Natively (the build-time render of the first screen) there is no
        // browser: `window()` would panic.
        return Err(StoreError::Unavailable);
    }
    let window = web_sys::window().ok_or(StoreError::Unavailable)?;
    // Reading `localStorage` itself throws when storage is disabled.
    let storage = match space.kind {
        StorageKind::Local => window.local_storage(),
        StorageKind::Session => window.session_storage(),
    };
    storage.ok().flatten().ok_or(StoreError::Unavailable)
}

/// Where v1 kept its single draft.
pub(crate) fn legacy_key(space: &Namespace) -> String {
    format!("add-customer-wizard:{}:draft", space.key)
}

fn prefix(space: &Namespace) -> String {
    format!("add-customer-wizard:{}:draft:", space.key)
}

pub(crate) fn key(space: &Namespace, id: &str) -> String {
    format!("{}{id}", prefix(space))
}

/// The draft id a storage key belongs to, for this host's namespace
/// (`Some("")` for the v1 key).
pub(crate) fn id_of_key(space: &Namespace, key: &str) -> Option<String> {
    if key == legacy_key(space) {
        return Some(String::new());
    }
    key.strip_prefix(&prefix(space)).filter(|id| !id.is_empty() && !id.contains(':')).map(str::to_owned)
}

/// One stored draft, readable or not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stored {
    pub(crate) key: String,
    /// The text as stored (what the user may download when it was repaired).
    pub(crate) raw: String,
    pub(crate) loaded: Loaded,
}

impl Stored {
    pub(crate) fn envelope(&self) -> Option<&Envelope> {
        match &self.loaded {
            Loaded::Draft(p) => Some(&p.envelope),
            Loaded::Unreadable { .. } => None,
        }
    }
}

/// Every draft of this host's namespace, newest first (unreadable ones
/// last). A v1 draft is moved to a key of its own on the way.
pub(crate) fn list(space: &Namespace) -> Result<Vec<Stored>, StoreError> {
    if !cfg!(target_arch = "wasm32") {
        // The first screen rendered at build time is a fresh browser's: no
        // drafts yet (the app offers stored ones when it takes over).
        return Ok(Vec::new());
    }
    let storage = storage(space)?;
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect();
    let mut found = Vec::new();
    for key in keys {
        let Some(id) = id_of_key(space, &key) else { continue };
        let Some(raw) = storage.get_item(&key).ok().flatten() else { continue };
        let mut loaded = parse(&raw);
        let mut key = key;
        if let Loaded::Draft(parsed) = &mut loaded {
            if parsed.envelope.id != id || id.is_empty() {
                // v1, or a draft copied under another key: it gets an id of its own.
                let new_id = if id.is_empty() { super::browser::random_uuid() } else { id.clone() };
                parsed.envelope.id = new_id;
                if let Some(text) = json::to_string(&parsed.envelope) {
                    let new_key = self::key(space, &parsed.envelope.id);
                    if new_key == key || storage.set_item(&new_key, &text).is_ok() {
                        if new_key != key {
                            let _ = storage.remove_item(&key);
                        }
                        key = new_key;
                    }
                }
            }
        }
        found.push(Stored { key, raw, loaded });
    }
    super::order::sort_by(&mut found, |a, b| match (a.envelope(), b.envelope()) {
        (Some(x), Some(y)) => y.saved_at.cmp(&x.saved_at),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.key.cmp(&b.key),
    });
    Ok(found)
}

/// Writes the envelope under its id and returns the text written.
pub(crate) fn save(space: &Namespace, envelope: &Envelope) -> Result<String, StoreError> {
    let storage = storage(space)?;
    let text = json::to_string(envelope).ok_or(StoreError::Unavailable)?;
    match storage.set_item(&key(space, &envelope.id), &text) {
        Ok(()) => Ok(text),
        Err(error) => {
            let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
            Err(if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" { StoreError::Full } else { StoreError::Unavailable })
        }
    }
}

pub(crate) fn remove_key(space: &Namespace, key: &str) {
    if let Ok(storage) = storage(space) {
        let _ = storage.remove_item(key);
    }
}

pub(crate) fn remove(space: &Namespace, id: &str) {
    remove_key(space, &key(space, id));
}

#[cfg(test)]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;
