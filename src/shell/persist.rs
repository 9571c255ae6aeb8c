//! Keeps the stored drafts in step with the wizard: on start the drafts are
//! read (a submit cut short by a reload or an unmount is found for resuming),
//! every change is saved (debounced), other tabs' changes are heard, and the
//! list of drafts follows what is stored.

use crate::state::effect;
use crate::services::browser::{self, Debounce};
use crate::services::json;
use crate::services::storage::{self, Envelope, Loaded, StoreError, SCHEMA_VERSION};
use crate::state::{Conflict, HostEvent, Notice, WizardState};
use crate::step::Step;
use leptos::prelude::*;
use std::time::Duration;

/// Quiet time after the last keystroke before the draft is written.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Opening the wizard: every stored draft is read (problems become notices
/// with the raw text kept); the Customers page offers the drafts. A draft
/// whose submit had not been answered is opened on Review: `true` then, and
/// its submit is for the caller to resume.
pub(crate) fn start(state: WizardState) -> bool {
    state.drafts.reset();
    state.drafts.notices.set(Vec::new());
    let Some(stored) = read_all(state) else { return false };
    let pending = stored.into_iter().find(|e| e.pending.is_some() && e.request_id.is_some());
    let Some(envelope) = pending else { return false };
    open(state, envelope, false);
    state.flow.show(Step::Review);
    true
}

/// Another partner's storage (the host changed the storage key or kind):
/// continue with that partner's newest draft, as they left it.
pub(crate) fn restore(state: WizardState) {
    state.drafts.notices.set(Vec::new());
    if let Some(newest) = read_all(state).and_then(|all| all.into_iter().next()) {
        open(state, newest, false);
    }
}

/// Reads every draft; notices for what could not be read. `None` when storage is off.
fn read_all(state: WizardState) -> Option<Vec<Envelope>> {
    let drafts = state.drafts;
    let stored = match storage::list(&state.settings.drafts()) {
        Ok(stored) => stored,
        Err(_) => {
            drafts.notify(Notice::Unavailable);
            return None;
        }
    };
    let space = state.settings.drafts();
    let draft_days = state.settings.config.with_untracked(|c| c.draft_days);
    let now = browser::now_ms();
    let mut expired = 0;
    let mut found = Vec::new();
    for s in stored {
        // Drafts hold personal data: one not saved for `draft-days` days goes.
        if s.envelope().is_some_and(|e| customer_domain::draft::is_expired(&e.saved_at, now, draft_days)) {
            storage::remove_key(&space, &s.key);
            expired += 1;
            continue;
        }
        match s.loaded {
            Loaded::Unreadable { raw, problem } => drafts.notify(Notice::Unreadable { key: s.key, raw, problem }),
            Loaded::Draft(parsed) => {
                if parsed.repaired {
                    drafts.notify(Notice::Repaired { raw: s.raw });
                }
                found.push(parsed.envelope);
            }
        }
    }
    if expired > 0 {
        drafts.note_changed();
    }
    Some(found)
}

/// Opens a stored draft on the step where it was left; focus follows when
/// the user chose it.
pub(crate) fn open(state: WizardState, envelope: Envelope, user_action: bool) {
    let indirect = state.settings.config.with_untracked(|c| c.indirect);
    let step = if envelope.step == Step::Reseller && !indirect { Step::Account } else { envelope.step };
    let step = if step.in_flow() { step } else { Step::Account };
    state.drafts.id.set(Some(envelope.id));
    state.drafts.saved_at.set(Some(envelope.saved_at));
    state.drafts.pending.set(envelope.pending);
    state.drafts.conflict.set(None);
    state.form.draft.set(envelope.draft);
    state.submission.reset();
    state.submission.request_id.set(envelope.request_id);
    if user_action {
        state.flow.go(step);
    } else {
        state.flow.show(step);
    }
}

/// A blank draft (Add customer, Start over); stored drafts stay as they are.
pub(crate) fn new_draft(state: WizardState) {
    state.drafts.reset();
    state.form.reset();
    state.submission.reset();
    state.drafts.note_changed();
    state.flow.go(Step::Account);
}

/// Writes the draft now. `false` when it could not be written (the user is told).
pub(crate) fn save_now(state: WizardState) -> bool {
    let WizardState { settings, flow, form, submission, drafts, .. } = state;
    let Some(step) = flow.step.try_get_untracked() else { return false };
    if !step.in_flow() || drafts.conflict.with_untracked(|c| c.is_some()) {
        return false; // nothing to save, or another tab's newer copy must not be overwritten
    }
    let draft = form.draft.get_untracked();
    let request_id = submission.request_id.get_untracked();
    let id = match drafts.id.get_untracked() {
        Some(id) => id,
        None if draft == Default::default() && request_id.is_none() => return false, // nothing typed yet
        None => {
            let id = browser::random_uuid();
            drafts.id.set(Some(id.clone()));
            id
        }
    };
    let saved_at = browser::now_iso();
    let envelope = Envelope { version: SCHEMA_VERSION, id, saved_at: saved_at.clone(), step, draft, request_id, pending: drafts.pending.get_untracked() };
    match storage::save(&settings.drafts(), &envelope) {
        Ok(_) => {
            drafts.saved_at.set(Some(saved_at.clone()));
            drafts.notices.update(|all| all.retain(|n| !matches!(n, Notice::Full { .. })));
            settings.tell_host(HostEvent::DraftSaved { saved_at });
            true
        }
        Err(StoreError::Full) => {
            let text = json::to_string(&envelope).unwrap_or_default();
            drafts.notify(Notice::Full { text });
            false
        }
        Err(StoreError::Unavailable) => {
            drafts.notify(Notice::Unavailable);
            false
        }
    }
}

/// Saves after each change, once typing pauses. A save still pending is
/// written at once when the page goes away (reload, navigation, a closed or
/// hidden tab, which a phone may discard) or the wizard is unmounted, and no
/// timer is left behind: what was typed or chosen just before is not lost.
pub(crate) fn autosave(state: WizardState) {
    let waiting = StoredValue::new_local(Debounce::new(SAVE_DELAY, move || {
        save_now(state);
    }));
    let flush = move || {
        if waiting.try_with_value(Debounce::cancel) == Some(true) {
            save_now(state);
        }
    };
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden()) {
            flush();
        }
    });
    on_cleanup(move || {
        leaving.remove();
        hidden.remove();
        flush();
    });
    let mut first = true;
    effect(move || {
        state.form.draft.track();
        state.flow.step.track();
        if !std::mem::take(&mut first) {
            waiting.with_value(Debounce::schedule);
        }
    });
}

/// The Customers page lists the stored drafts: read again while it is shown,
/// whenever they changed (here or in another tab) or the host's storage did.
pub(crate) fn list_drafts(state: WizardState) {
    effect(move || {
        if state.flow.step.get() != Step::Customers {
            return;
        }
        state.drafts.changed.track();
        let space = state.settings.config.with(|c| c.drafts());
        let listed = storage::list(&space).unwrap_or_default().into_iter().filter_map(|s| s.envelope().cloned()).collect();
        state.drafts.listed.set(listed);
    });
}

/// Listens for other tabs' writes: the draft list follows them, and a newer
/// copy of the draft being edited stops this tab's saves until the user chooses.
pub(crate) fn watch_other_tabs(state: WizardState) {
    let drafts = state.drafts;
    let handle = window_event_listener(leptos::ev::storage, move |event: web_sys::StorageEvent| {
        let Some(space) = state.settings.config.try_with_untracked(|c| c.drafts()) else { return };
        let Some(key) = event.key() else {
            drafts.note_changed(); // storage.clear()
            return;
        };
        let Some(id) = storage::id_of_key(&space, &key) else { return };
        drafts.note_changed();
        if !state.flow.step.get_untracked().in_flow() || drafts.id.get_untracked().as_deref() != Some(id.as_str()) {
            return;
        }
        match event.new_value() {
            None => drafts.conflict.set(Some(Conflict::Removed)),
            Some(raw) => {
                if let Loaded::Draft(parsed) = storage::parse(&raw) {
                    if drafts.saved_at.get_untracked().as_deref() != Some(parsed.envelope.saved_at.as_str()) {
                        drafts.conflict.set(Some(Conflict::Newer(Box::new(parsed.envelope))));
                    }
                }
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// Drops a stored draft.
pub(crate) fn discard(state: WizardState, id: &str) {
    storage::remove(&state.settings.drafts(), id);
    state.drafts.note_changed();
}

/// Drops an unreadable entry of storage, and its notice.
pub(crate) fn remove_unreadable(state: WizardState, key: &str) {
    storage::remove_key(&state.settings.drafts(), key);
    state.drafts.notices.update(|all| all.retain(|n| !matches!(n, Notice::Unreadable { key: k, .. } if k == key)));
}
