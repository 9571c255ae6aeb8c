//! Submitting the draft, idempotently end to end: the `MS-RequestId` is made
//! at the first submit and saved with the draft (and the exact body) before
//! the request leaves; every retry — after a timeout, a 5xx, a dropped
//! connection, a second click or a reload — sends the same id and body, so the
//! server answers with the first result instead of adding a second customer.
//! The draft is removed only once the server confirmed the customer.

use crate::api::{self, ApiError};
use crate::events;
use crate::i18n::Key;
use crate::state::{Step, SubmitState, Wizard};
use crate::storage;
use customer_domain::validate::field;
use customer_domain::{FieldIssue, Message, SubmitRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Attempts after a lost answer (timeout, dropped connection, 5xx) before
/// the user is asked to press Submit again (which reuses the id).
const MAX_ATTEMPTS: u32 = 6;
/// 429s honoured (each waits its Retry-After) before giving up.
const MAX_BUSY: u32 = 20;
/// No answer within this time counts as a lost answer.
const TIMEOUT_MS: u32 = 30_000;
/// Back-off after the first lost answer, doubled each time up to the cap.
const BACKOFF_MS: u32 = 500;
const BACKOFF_CAP_MS: u32 = 30_000;

/// The Submit button.
pub fn submit(wizard: Wizard) {
    if wizard.submit.with_untracked(|s| s.busy()) {
        return; // a second click while a submit is under way changes nothing
    }
    let payload = match wizard.payload() {
        Ok(p) => p,
        Err(issues) => return wizard.show_server_issues(issues),
    };
    let request_id = match wizard.request_id.get_untracked() {
        Some(id) => id,
        None => crate::util::random_uuid(),
    };
    wizard.request_id.set(Some(request_id.clone()));
    wizard.drafts.pending.set(Some(payload.clone()));
    // Saved before the request leaves: a reload from here on resumes this submit.
    crate::persist::save_now(wizard);
    run(wizard, payload, request_id);
}

/// After a reload: the stored submit goes on with its saved id and body.
pub fn resume(wizard: Wizard) {
    let (Some(payload), Some(request_id)) = (wizard.drafts.pending.get_untracked(), wizard.request_id.get_untracked()) else {
        return;
    };
    run(wizard, payload, request_id);
}

/// What the status line says for a submit state.
pub fn status_text(wizard: Wizard, state: &SubmitState) -> String {
    match state {
        SubmitState::Idle => String::new(),
        SubmitState::Sending => wizard.t(Key::Submitting).to_owned(),
        SubmitState::Retrying { reason, seconds } => crate::i18n::fill(wizard.t(*reason), &[("seconds", &seconds.to_string())]),
        SubmitState::Offline => wizard.t(Key::SubmitOffline).to_owned(),
        SubmitState::Failed(key) => wizard.t(*key).to_owned(),
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Resolves at the browser's next `online` event.
async fn back_online() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else { return };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"once".into(), &true.into());
        if let Ok(add) = js_sys::Reflect::get(&window, &"addEventListener".into()) {
            let add: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(add);
            let _ = add.call3(&window, &"online".into(), &resolve, &options);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds to wait after the `failures`-th lost answer: doubling, capped, with jitter.
fn backoff_ms(failures: u32) -> u32 {
    let base = BACKOFF_MS.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(BACKOFF_CAP_MS);
    (f64::from(base) * (0.75 + 0.5 * js_sys::Math::random())) as u32
}

/// The wizard may be unmounted while a submit waits: its signals are gone then.
fn alive(wizard: Wizard) -> bool {
    wizard.submit.try_get_untracked().is_some()
}

fn set(wizard: Wizard, state: SubmitState) {
    let _ = wizard.submit.try_set(state);
}

fn run(wizard: Wizard, payload: SubmitRequest, request_id: String) {
    set(wizard, SubmitState::Sending);
    let draft_id = wizard.drafts.id.get_untracked();
    let config = wizard.config.get_untracked();
    spawn_local(async move {
        let (mut lost, mut busy) = (0, 0);
        let outcome = loop {
            if !online() {
                set(wizard, SubmitState::Offline);
                back_online().await;
                if !alive(wizard) {
                    return; // the stored draft keeps the submit; the next start resumes it
                }
            }
            set(wizard, SubmitState::Sending);
            let result = api::submit_within(&config, &payload, &request_id, TIMEOUT_MS).await;
            if !alive(wizard) {
                return;
            }
            match result {
                Err(ApiError::Status { status: 429, retry_after, .. }) if busy < MAX_BUSY => {
                    busy += 1;
                    let seconds = retry_after.unwrap_or(5).clamp(1, 300);
                    set(wizard, SubmitState::Retrying { reason: Key::SubmitBusy, seconds });
                    crate::util::sleep(seconds * 1000).await;
                }
                Err(ApiError::Network | ApiError::Status { status: 500..=599, .. }) if lost + 1 < MAX_ATTEMPTS => {
                    lost += 1;
                    if online() {
                        let ms = backoff_ms(lost);
                        set(wizard, SubmitState::Retrying { reason: Key::SubmitRetrying, seconds: ms.div_ceil(1000) });
                        crate::util::sleep(ms).await;
                    }
                }
                other => break other,
            }
            if !alive(wizard) {
                return;
            }
        };
        match outcome {
            Ok(created) => {
                // Confirmed by the server: only now does the draft go.
                if let Some(id) = &draft_id {
                    storage::remove(&config, id);
                }
                events::customer_created(wizard, &created);
                if wizard.drafts.id.get_untracked() == draft_id {
                    wizard.drafts.detach();
                    wizard.request_id.set(None);
                    wizard.draft.set(Default::default());
                    wizard.submit.set(SubmitState::Idle);
                    wizard.created.set(Some(created));
                    wizard.go(Step::Done);
                }
                wizard.drafts.changed.update(|n| *n += 1);
                return;
            }
            Err(ApiError::Status { status: 400, envelope, .. }) => {
                // An answer: the next attempt is a new request.
                answered(wizard);
                let issues = envelope.map(|e| e.field_issues()).unwrap_or_default();
                if issues.is_empty() {
                    wizard.submit.set(SubmitState::Failed(Key::SubmitFailed));
                } else {
                    wizard.show_server_issues(issues);
                }
            }
            Err(ApiError::Status { status: 409, envelope, .. }) if envelope.as_ref().is_some_and(|e| e.code.as_u64() == Some(1410)) => {
                // The id was used for another body: the draft changed after a
                // submit whose answer was lost, and that one may have succeeded.
                answered(wizard);
                wizard.submit.set(SubmitState::Failed(Key::SubmitChangedAfterUnknown));
            }
            Err(ApiError::Status { status: 409, .. }) => {
                answered(wizard);
                wizard.show_server_issues(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]);
            }
            // No answer we can act on: id and body stay, Submit (or the next start) retries them.
            Err(ApiError::Network | ApiError::Status { status: 429 | 500..=599, .. }) => {
                wizard.submit.set(SubmitState::Failed(Key::SubmitUnreachable))
            }
            Err(_) => wizard.submit.set(SubmitState::Failed(Key::SubmitFailed)),
        }
        crate::persist::save_now(wizard);
    });
}

/// The server answered: this request id is spent.
fn answered(wizard: Wizard) {
    wizard.request_id.set(None);
    wizard.drafts.pending.set(None);
    wizard.submit.set(SubmitState::Idle);
}
