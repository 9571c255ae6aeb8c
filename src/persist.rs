//! Keeps the stored draft in step with the wizard: restore on start, save
//! (debounced) on every change, and at once before a submit leaves.

use crate::events;
use crate::state::{Step, Wizard};
use crate::storage::{self, Envelope, Loaded, SCHEMA_VERSION};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Quiet time after the last keystroke before the draft is written.
const SAVE_DELAY_MS: i32 = 300;

fn in_flow(step: Step) -> bool {
    matches!(step, Step::Account | Step::Reseller | Step::Subscriptions | Step::Review)
}

/// Puts a stored draft back where the user left it.
pub fn restore(wizard: Wizard) {
    let config = wizard.config.get_untracked();
    if let Loaded::Draft(envelope) = storage::load(&config) {
        wizard.draft.set(envelope.draft);
        wizard.request_id.set(envelope.request_id);
        let step = if envelope.step == Step::Reseller && !config.indirect { Step::Account } else { envelope.step };
        wizard.step.set(if in_flow(step) { step } else { Step::Account });
    }
}

pub fn save_now(wizard: Wizard) {
    let step = wizard.step.get_untracked();
    let config = wizard.config.get_untracked();
    if !in_flow(step) {
        return;
    }
    let saved_at = crate::util::now_iso();
    let envelope = Envelope {
        version: SCHEMA_VERSION,
        saved_at: saved_at.clone(),
        step,
        draft: wizard.draft.get_untracked(),
        request_id: wizard.request_id.get_untracked(),
    };
    if storage::save(&config, &envelope) {
        events::draft_saved(wizard, &saved_at);
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
