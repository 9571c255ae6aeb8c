//! The buttons that move the wizard on: a step form's Continue, the submit
//! (Review's, and Done's retry of a stage that failed) with its live status,
//! and Update, which leads back to a step.

use crate::i18n::Key;
use crate::state::{use_flow, use_intents, use_settings, use_submission, Intent};
use crate::step::Step;
use leptos::prelude::*;

/// Submits the step's form: "Next: <the following step>", or back to Review
/// when the user came from its Update link.
#[component]
pub(crate) fn ContinueButton(from: Step) -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    let label = move || {
        if flow.return_to_review.get() {
            return settings.t(Key::BackToReview);
        }
        settings.t(match from.next(settings.indirect()) {
            Step::Reseller => Key::NextReseller,
            Step::Subscriptions => Key::NextSubscriptions,
            _ => Key::NextReview,
        })
    };
    view! {
        <div class="actions">
            <button type="submit" class="button primary">{label}</button>
        </div>
    }
}

/// Sends the customer: one press, then disabled and saying "Submitting…"
/// until the answer (a second press would be a second request).
#[component]
pub(crate) fn SubmitButton(label: Key) -> impl IntoView {
    let (settings, submission, intents) = (use_settings(), use_submission(), use_intents());
    let busy = move || submission.state.with(|s| s.busy());
    view! {
        <button type="button" class="button primary" on:click=move |_| intents.send(Intent::Submit)
            disabled=busy aria-disabled=move || busy().then_some("true")>
            {move || settings.t(if busy() { Key::Submitting } else { label })}
        </button>
    }
}

/// Where the submit stands (sending, retrying, why it failed), read out as it changes.
#[component]
pub(crate) fn SubmitStatus() -> impl IntoView {
    let (settings, submission) = (use_settings(), use_submission());
    view! {
        <div aria-live="polite" class="submit-status">
            {move || submission.state.with(|s| s.text(settings.locale()))}
        </div>
    }
}

/// "Update", named for screen readers by what it updates ("Update Company details").
#[component]
pub(crate) fn UpdateButton(what: Key, class: &'static str, on_press: impl Fn() + 'static) -> impl IntoView {
    let settings = use_settings();
    view! {
        <button type="button" class=class on:click=move |_| on_press()>
            {settings.text(Key::Update)}
            <span class="visually-hidden">{move || format!(" {}", settings.t(what))}</span>
        </button>
    }
}
