//! The foot of a step's form: its one submit button.

use crate::i18n::Key;
use crate::state::{use_flow, use_settings};
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
