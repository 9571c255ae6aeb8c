//! Submitting the draft, idempotently end to end: the `MS-RequestId` is made
//! at the first submit and saved with the draft (and the exact body) before
//! the request leaves; every retry — after a timeout, a 5xx, a dropped
//! connection, a second click, a reload or a new mount — sends the same id
//! and body, so the server answers with the first result instead of adding
//! a second customer. The draft is removed only once the server confirmed
//! the customer.
//!
//! A submit in flight when the wizard is unmounted stops with its state (the
//! mount's owner is disposed) and is resumed by the next mount from the
//! saved request id and body ([`resume`], called when drafts are read).
//!
//! Sending and reading the answer (retries, the receipt, the error replies)
//! is, with the `split` feature, a WebAssembly chunk of its own: fetched when
//! the browser is idle (after the later steps) or at the first submit, it
//! keeps its code out of the first load.

use super::persist;
use crate::i18n::Key;
use crate::services::browser;
use crate::services::json::{self, Json};
use crate::services::split::Unavailable;
use crate::services::storage;
use crate::services::submit::{self, Outcome};
use crate::state::{HostEvent, PartialFailure, SubmitState, WizardState};
use crate::step::Step;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The Submit button.
pub(crate) fn submit(state: WizardState) {
    if state.submission.state.with_untracked(|s| s.busy()) {
        return; // a second click while a submit is under way changes nothing
    }
    let payload = match state.checks().payload() {
        Ok(p) => p,
        Err(issues) => return state.flow.show_problems(issues),
    };
    // The body as the JSON it is sent and stored as: a retry resends it as it is.
    let Some(body) = json::convert::<Json>(&payload) else {
        return state.submission.state.set(SubmitState::Failed(Key::SubmitFailed));
    };
    let request_id = state.submission.request_id.get_untracked().unwrap_or_else(browser::random_uuid);
    state.submission.request_id.set(Some(request_id.clone()));
    state.drafts.pending.set(Some(body.clone()));
    // Saved before the request leaves: a reload from here on resumes this submit.
    persist::save_now(state);
    run(state, body, request_id);
}

/// After a reload or a new mount: the stored submit goes on with its saved id and body.
pub(crate) fn resume(state: WizardState) {
    let (Some(body), Some(request_id)) = (state.drafts.pending.get_untracked(), state.submission.request_id.get_untracked()) else {
        return;
    };
    run(state, body, request_id);
}

fn run(state: WizardState, body: Json, request_id: String) {
    let submission = state.submission;
    submission.state.set(SubmitState::Sending);
    spawn_local(async move {
        loop {
            #[cfg(feature = "split")]
            let sending = sending(state, body.clone(), request_id.clone()).await;
            #[cfg(not(feature = "split"))]
            let sending = sending(state, body.clone(), request_id.clone());
            match sending {
                Ok(sending) => return sending.await,
                // Offline before the submit's code came: it is fetched when
                // the connection is back, and the submit goes on, as a
                // submit made offline does.
                Err(Unavailable) if !submit::online() => {
                    submission.state.try_set(SubmitState::Offline);
                    submit::back_online().await;
                    if submission.state.try_set(SubmitState::Sending).is_some() {
                        return; // the wizard was removed meanwhile
                    }
                }
                // As when the server cannot be reached: the id and body stay
                // saved for the next try.
                Err(Unavailable) => {
                    submission.state.try_set(SubmitState::Failed(Key::SubmitUnreachable));
                    return;
                }
            }
        }
    });
}

type Sending = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// The submit under way, from the chunk (its code fetched first when needed).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(submit_code, wasm_split_path = ::leptos::wasm_split, preload(fetch_submit_code), fallible)
)]
fn sending(state: WizardState, body: Json, request_id: String) -> Result<Sending, Unavailable> {
    Ok(Box::pin(send_and_report(state, body, request_id)))
}

/// Brings the submit's code in without sending (always here without
/// `split`). A failure is retried at the submit.
pub(super) async fn fetch_code() {
    #[cfg(feature = "split")]
    let _ = fetch_submit_code().await;
}

async fn send_and_report(state: WizardState, body: Json, request_id: String) {
    let submission = state.submission;
    let draft_id = state.drafts.id.get_untracked();
    let api = state.settings.api();
    let space = state.settings.drafts();
    // Only the signals it reports to: gone once the wizard is unmounted.
    let progress = move |p| {
        submission.state.try_set(SubmitState::from(p));
    };
    let alive = move || submission.state.try_get_untracked().is_some();
    let Some(outcome) = submit::send(&api, &body, &request_id, progress, alive).await else { return };
    if outcome.spends_request_id() {
        submission.request_id.set(None);
        state.drafts.pending.set(None);
        submission.state.set(SubmitState::Idle);
    }
    match outcome {
        Outcome::Created(created) => {
            // Confirmed by the server: only now does the draft go.
            if let Some(id) = &draft_id {
                storage::remove(&space, id);
            }
            let customer = &created.customer;
            state.settings.tell_host(HostEvent::CustomerCreated {
                id: customer.id.clone(),
                domain: customer.company_profile.domain.clone(),
                company_name: customer.billing_profile.company_name.clone(),
            });
            if state.drafts.id.get_untracked() == draft_id {
                state.drafts.reset();
                state.form.reset();
                state.submission.reset();
                state.submission.created.set(Some(*created));
                state.flow.go(Step::Done);
            }
            state.drafts.note_changed();
            return;
        }
        Outcome::PartlyDone { status, reply } => match PartialFailure::classify(status, *reply) {
            // The id and body stay: Done's Retry resends them, and the
            // server's saga resumes at the failed stage.
            Some(failure) if state.drafts.id.get_untracked() == draft_id => {
                submission.state.set(SubmitState::Idle);
                submission.partial.set(Some(failure));
                state.flow.go(Step::Done);
            }
            Some(_) => submission.state.set(SubmitState::Idle),
            None => submission.state.set(SubmitState::Failed(Key::SubmitFailed)),
        },
        Outcome::PartnerCenterUnavailable => submission.state.set(SubmitState::Failed(Key::SubmitPartnerCenterUnavailable)),
        Outcome::PartnerCenterSignInRefused => submission.state.set(SubmitState::Failed(Key::SubmitPartnerCenterSignIn)),
        Outcome::Invalid(issues) => state.flow.show_problems(issues),
        Outcome::Refused | Outcome::Failed => submission.state.set(SubmitState::Failed(Key::SubmitFailed)),
        Outcome::ChangedAfterUnknown => submission.state.set(SubmitState::Failed(Key::SubmitChangedAfterUnknown)),
        Outcome::Unreachable => submission.state.set(SubmitState::Failed(Key::SubmitUnreachable)),
    }
    persist::save_now(state);
}
