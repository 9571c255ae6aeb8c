//! The draft in browser storage, in a versioned envelope namespaced by the
//! host's storage key. Nothing secret is ever written: no tokens, no passwords.

use crate::config::{HostConfig, StorageKind};
use crate::state::Step;
use customer_domain::CustomerDraft;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub version: u32,
    /// ISO 8601, when this was written.
    pub saved_at: String,
    pub step: Step,
    pub draft: CustomerDraft,
    /// The idempotency key of a submit in flight: a retry after a reload reuses it.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// What reading the stored draft found.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Nothing,
    Draft(Envelope),
    /// Present but unusable; the raw text is kept for the user.
    Unreadable { raw: String },
}

fn storage(config: &HostConfig) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    // Accessing storage can throw (disabled cookies, sandboxed frames).
    match config.storage {
        StorageKind::Local => window.local_storage().ok().flatten(),
        StorageKind::Session => window.session_storage().ok().flatten(),
    }
}

pub fn key(config: &HostConfig) -> String {
    format!("add-customer-wizard:{}:draft", config.storage_key)
}

/// Parses stored text; never panics, whatever the text.
pub fn parse(raw: &str) -> Loaded {
    match serde_json::from_str::<Envelope>(raw) {
        Ok(envelope) if envelope.version == SCHEMA_VERSION => Loaded::Draft(envelope),
        _ => Loaded::Unreadable { raw: raw.to_owned() },
    }
}

pub fn load(config: &HostConfig) -> Loaded {
    match storage(config).and_then(|s| s.get_item(&key(config)).ok().flatten()) {
        None => Loaded::Nothing,
        Some(raw) => parse(&raw),
    }
}

/// Writes the envelope; `false` when storage is unavailable or full.
pub fn save(config: &HostConfig, envelope: &Envelope) -> bool {
    let Ok(text) = serde_json::to_string(envelope) else { return false };
    storage(config).is_some_and(|s| s.set_item(&key(config), &text).is_ok())
}

pub fn clear(config: &HostConfig) {
    if let Some(s) = storage(config) {
        let _ = s.remove_item(&key(config));
    }
}
