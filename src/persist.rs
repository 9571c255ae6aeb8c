//! Keeps the stored drafts in step with the wizard: on start the drafts are
//! offered (and a submit cut short by a reload is resumed), every change is
//! saved (debounced), and at once before a submit leaves.

use crate::drafts::{in_flow, Notice};
use crate::events;
use crate::state::{Step, SubmitState, Wizard};
use crate::storage::{self, Envelope, Loaded, StoreError, SCHEMA_VERSION};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Quiet time after the last keystroke before the draft is written.
const SAVE_DELAY_MS: i32 = 300;

/// Opening the wizard: every stored draft is read (problems become notices
/// with the raw text kept); the Customers page offers the drafts. A draft
/// whose submit had not been answered is opened and its submit resumed.
pub fn start(wizard: Wizard) {
    wizard.drafts.detach();
    wizard.drafts.notices.set(Vec::new());
    let Some(stored) = read_all(wizard) else { return };
    let pending = stored.into_iter().find(|e| e.pending.is_some() && e.request_id.is_some());
    if let Some(envelope) = pending {
        open_at(wizard, envelope, false);
        wizard.step.set(Step::Review);
        crate::submit::resume(wizard);
    }
}

/// Another partner's storage (the host changed the storage key or kind):
/// continue with that partner's newest draft, as they left it.
pub fn restore(wizard: Wizard) {
    wizard.drafts.detach();
    wizard.drafts.notices.set(Vec::new());
    if let Some(newest) = read_all(wizard).and_then(|all| all.into_iter().next()) {
        open_at(wizard, newest, false);
    }
}

/// Reads every draft; notices for what could not be read. `None` when storage is off.
fn read_all(wizard: Wizard) -> Option<Vec<Envelope>> {
    let config = wizard.config.get_untracked();
    let stored = match storage::list(&config) {
        Ok(stored) => stored,
        Err(_) => {
            wizard.drafts.notify(Notice::Unavailable);
            return None;
        }
    };
    let mut drafts = Vec::new();
    let now = js_sys::Date::now();
    let mut expired = 0;
    for s in stored {
        // Drafts hold personal data: one not saved for `draft-days` days goes.
        if s.envelope().is_some_and(|e| customer_domain::draft::is_expired(&e.saved_at, now, config.draft_days)) {
            storage::remove_key(&config, &s.key);
            expired += 1;
            continue;
        }
        match s.loaded {
            Loaded::Unreadable { raw, problem } => wizard.drafts.notify(Notice::Unreadable { key: s.key, raw, problem }),
            Loaded::Draft(parsed) => {
                if parsed.repaired {
                    wizard.drafts.notify(Notice::Repaired { raw: s.raw });
                }
                drafts.push(parsed.envelope);
            }
        }
    }
    if expired > 0 {
        wizard.drafts.changed.update(|n| *n += 1);
    }
    Some(drafts)
}

/// Opens a stored draft on the step where the user left it (the user chose it).
pub fn open(wizard: Wizard, envelope: Envelope) {
    open_at(wizard, envelope, true);
}

fn open_at(wizard: Wizard, envelope: Envelope, user_action: bool) {
    let indirect = wizard.config.with_untracked(|c| c.indirect);
    let step = if envelope.step == Step::Reseller && !indirect { Step::Account } else { envelope.step };
    let step = if in_flow(step) { step } else { Step::Account };
    wizard.drafts.id.set(Some(envelope.id));
    wizard.drafts.saved_at.set(Some(envelope.saved_at));
    wizard.drafts.pending.set(envelope.pending);
    wizard.drafts.conflict.set(None);
    wizard.draft.set(envelope.draft);
    wizard.request_id.set(envelope.request_id);
    wizard.submit.set(SubmitState::Idle);
    wizard.created.set(None);
    if user_action {
        wizard.go(step);
    } else {
        wizard.issues.set(Vec::new());
        wizard.step.set(step);
    }
}

/// A blank draft (Add customer, Start over); stored drafts stay as they are.
pub fn new_draft(wizard: Wizard) {
    wizard.drafts.detach();
    wizard.draft.set(Default::default());
    wizard.request_id.set(None);
    wizard.submit.set(SubmitState::Idle);
    wizard.created.set(None);
    wizard.offer_query.set(String::new());
    wizard.offer_category.set(String::new());
    wizard.reseller_query.set(String::new());
    wizard.drafts.changed.update(|n| *n += 1);
    wizard.go(Step::Account);
}

/// Writes the draft now. `false` when it could not be written (the user is told).
pub fn save_now(wizard: Wizard) -> bool {
    let Some(step) = wizard.step.try_get_untracked() else { return false };
    if !in_flow(step) || wizard.drafts.conflict.with_untracked(|c| c.is_some()) {
        return false; // nothing to save, or another tab's newer copy must not be overwritten
    }
    let draft = wizard.draft.get_untracked();
    let request_id = wizard.request_id.get_untracked();
    let id = match wizard.drafts.id.get_untracked() {
        Some(id) => id,
        None if draft == Default::default() && request_id.is_none() => return false, // nothing typed yet
        None => {
            let id = crate::util::random_uuid();
            wizard.drafts.id.set(Some(id.clone()));
            id
        }
    };
    let saved_at = crate::util::now_iso();
    let envelope = Envelope {
        version: SCHEMA_VERSION,
        id,
        saved_at: saved_at.clone(),
        step,
        draft,
        request_id,
        pending: wizard.drafts.pending.get_untracked(),
    };
    let config = wizard.config.get_untracked();
    match storage::save(&config, &envelope) {
        Ok(_) => {
            wizard.drafts.saved_at.set(Some(saved_at.clone()));
            wizard.drafts.notices.update(|all| all.retain(|n| !matches!(n, Notice::Full { .. })));
            events::draft_saved(wizard, &saved_at);
            true
        }
        Err(StoreError::Full) => {
            let text = crate::json::to_string(&envelope).unwrap_or_default();
            wizard.drafts.notify(Notice::Full { text });
            false
        }
        Err(StoreError::Unavailable) => {
            wizard.drafts.notify(Notice::Unavailable);
            false
        }
    }
}

/// Saves after each change, once typing pauses.
pub fn autosave(wizard: Wizard) {
    let pending: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new({
        let pending = pending.clone();
        move || {
            pending.set(None);
            save_now(wizard);
        }
    });
    let window = web_sys::window();
    // Unmounted with a save pending: write it now and leave no timer behind.
    on_cleanup({
        let (pending, window) = (pending.clone(), window.clone());
        let flush = send_wrapper::SendWrapper::new(move || {
            if let (Some(id), Some(w)) = (pending.take(), &window) {
                w.clear_timeout_with_handle(id);
                save_now(wizard);
            }
        });
        move || flush()
    });
    crate::drafts::watch_other_tabs(wizard);
    Effect::new(move |first: Option<()>| {
        wizard.draft.track();
        wizard.step.track();
        if first.is_none() {
            return; // nothing changed yet
        }
        if let Some(w) = &window {
            use wasm_bindgen::JsCast;
            if let Some(id) = pending.take() {
                w.clear_timeout_with_handle(id);
            }
            let id = w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), SAVE_DELAY_MS).ok();
            pending.set(id);
        }
    });
}
