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

use super::json::{self, read, Json};
use crate::step::Step;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::CustomerDraft;
use serde::{Deserialize, Deserializer, Serialize};

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

/// Read by [`read_envelope`]; the derived reader stays for the tests, which
/// hold the two alike.
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
    #[serde(deserialize_with = "draft_exactly")]
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
    if let Some(envelope) = read_envelope(&value).filter(|e| e.pending.as_ref().is_none_or(Json::is_object)) {
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
    let (draft, _) = read_draft(draft);
    let text = |key: &str| value.get(key).and_then(Json::as_str).map(str::to_owned);
    Some(Envelope {
        version: SCHEMA_VERSION,
        id: text("id").unwrap_or_default(),
        saved_at: text("savedAt").unwrap_or_default(),
        step: value.get("step").and_then(step).unwrap_or(Step::Account),
        draft,
        request_id: text("requestId").filter(|id| looks_like_guid(id)),
        pending: value.get("pending").filter(|p| p.is_object()).cloned(),
    })
}

/// The envelope `value` holds, read by hand as its derive reads it (the
/// derive, kept for the tests, cost the first load its code and a round
/// trip through JSON text); `None` when a member has the wrong type or a
/// required one is missing.
pub(crate) fn read_envelope(value: &Json) -> Option<Envelope> {
    let m = read::members(value)?;
    let (draft, exact) = read_draft(m.get("draft")?);
    Some(Envelope {
        version: m.required("version", read::whole)?,
        id: m.or_default("id", read::text)?,
        saved_at: m.required("savedAt", read::text)?,
        step: m.required("step", step)?,
        draft: exact.then_some(draft)?,
        request_id: m.optional("requestId", read::text)?,
        pending: m.optional("pending", |p| Some(p.clone()))?,
    })
}

/// A step by its stored name, as its derive reads it: the name, or an
/// object of one member named so, with no value (`{"review":null}`).
fn step(value: &Json) -> Option<Step> {
    let name = match value {
        Json::String(name) => name,
        Json::Object(members) => match &members[..] {
            [(name, Json::Null)] => name,
            _ => return None,
        },
        _ => return None,
    };
    [Step::Customers, Step::Account, Step::Reseller, Step::Subscriptions, Step::Review, Step::Done].into_iter().find(|s| s.name() == name)
}

// ---- reading a stored draft ----
//
// A draft is read from its JSON tree by the table below rather than by its
// derived reader, which was among the largest serde code in the first load.
// The rules are the derive's as the browser's reader applies them: a missing
// member is empty, a member of the wrong type makes the draft unreadable as
// it is (then it is salvaged), and an object written as an array is read as
// one without members. Salvaging keeps every value of the right type, takes
// a number where text belongs as the text it was typed as, and leaves the
// rest empty. The tests hold both to the derive and to a draft with every
// member set, so a member missing here fails them.

/// Where each text of a draft outside its lists is stored (member path) and goes.
const TEXTS: &[(&[&str], fn(&mut CustomerDraft) -> &mut String)] = &[
    (&["account", "companyName"], |d| &mut d.account.company_name),
    (&["account", "domainPrefix"], |d| &mut d.account.domain_prefix),
    (&["account", "organizationRegistrationNumber"], |d| &mut d.account.organization_registration_number),
    (&["account", "culture"], |d| &mut d.account.culture),
    (&["account", "language"], |d| &mut d.account.language),
    (&["account", "address", "country"], |d| &mut d.account.address.country),
    (&["account", "address", "addressLine1"], |d| &mut d.account.address.address_line1),
    (&["account", "address", "addressLine2"], |d| &mut d.account.address.address_line2),
    (&["account", "address", "city"], |d| &mut d.account.address.city),
    (&["account", "address", "state"], |d| &mut d.account.address.state),
    (&["account", "address", "postalCode"], |d| &mut d.account.address.postal_code),
    (&["account", "address", "phoneNumber"], |d| &mut d.account.address.phone_number),
    (&["account", "contact", "firstName"], |d| &mut d.account.contact.first_name),
    (&["account", "contact", "lastName"], |d| &mut d.account.contact.last_name),
    (&["account", "contact", "email"], |d| &mut d.account.contact.email),
    (&["account", "contact", "phoneNumber"], |d| &mut d.account.contact.phone_number),
    (&["agreement", "signer", "firstName"], |d| &mut d.agreement.signer.first_name),
    (&["agreement", "signer", "lastName"], |d| &mut d.agreement.signer.last_name),
    (&["agreement", "signer", "email"], |d| &mut d.agreement.signer.email),
    (&["agreement", "signer", "phoneNumber"], |d| &mut d.agreement.signer.phone_number),
    (&["agreement", "dateAgreed"], |d| &mut d.agreement.date_agreed),
    (&["resellerId"], |d| &mut d.reseller_id),
];

/// A draft as stored, read as its derive reads it; an error when a member
/// has the wrong type (the envelope is then salvaged).
fn draft_exactly<'de, D: Deserializer<'de>>(deserializer: D) -> Result<CustomerDraft, D::Error> {
    match read_draft(&Json::deserialize(deserializer)?) {
        (draft, true) => Ok(draft),
        (_, false) => Err(serde::de::Error::custom("a member of the draft has the wrong type")),
    }
}

/// The draft `value` holds, salvaged, and whether it was exactly right
/// (nothing had to be left out or converted).
fn read_draft(value: &Json) -> (CustomerDraft, bool) {
    let mut exact = true;
    let mut draft = CustomerDraft::default();
    for (path, place) in TEXTS {
        let found = path.iter().try_fold(value, |parent, key| member(parent, key, &mut exact));
        if let Some(text) = found.and_then(|v| text(v, &mut exact)) {
            *place(&mut draft) = text;
        }
    }
    let agreement = member(value, "agreement", &mut exact);
    match agreement.and_then(|a| member(a, "accepted", &mut exact)) {
        Some(Json::Bool(accepted)) => draft.agreement.accepted = *accepted,
        Some(_) => exact = false,
        None => {}
    }
    let mut rows = Vec::new();
    for item in items(value, "subscriptions", &mut exact) {
        if !matches!(item, Json::Object(_) | Json::Array(_)) {
            exact = false;
            continue;
        }
        let mut text_of = |key| member(item, key, &mut exact).and_then(|v| text(v, &mut exact)).unwrap_or_default();
        let row = SubscriptionDraft { offer_id: text_of("offerId"), quantity: text_of("quantity") };
        rows.push((row, item.is_object()));
    }
    for item in items(value, "acknowledged", &mut exact) {
        draft.acknowledged.extend(text(item, &mut exact));
    }
    // A row written as an array reads as an empty row, but salvaging keeps only objects.
    draft.subscriptions = rows.into_iter().filter(|(_, object)| exact || *object).map(|(row, _)| row).collect();
    (draft, exact)
}

/// A member of an object; an array has none (as the browser's reader
/// finds no named member in one); any other value is not an object.
fn member<'a>(parent: &'a Json, key: &str, exact: &mut bool) -> Option<&'a Json> {
    match parent {
        Json::Object(_) => parent.get(key),
        Json::Array(_) => None,
        _ => {
            *exact = false;
            None
        }
    }
}

/// Text where text belongs; a number is the text it was typed as.
fn text(value: &Json, exact: &mut bool) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => {
            *exact = false;
            Some(json::number_text(*n))
        }
        _ => {
            *exact = false;
            None
        }
    }
}

/// The items of the list at `key` (none when it is missing or not a list).
fn items<'a>(draft: &'a Json, key: &str, exact: &mut bool) -> &'a [Json] {
    match member(draft, key, exact) {
        Some(Json::Array(items)) => items,
        Some(_) => {
            *exact = false;
            &[]
        }
        None => &[],
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
