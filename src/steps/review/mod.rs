//! Review: every answer at a glance, an Update link per section, and Submit.

mod account;
mod card;
mod orders;

use crate::i18n::Key;
use crate::state::{use_form, use_intents, use_settings, use_submission, Intent};
use crate::step::Step;
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::summary::ErrorSummary;
use account::{AccountSection, AgreementSection};
use leptos::prelude::*;
use orders::{ResellerSection, SubscriptionsSection};

#[component]
pub(crate) fn Review() -> impl IntoView {
    let (settings, form, submission, intents) = (use_settings(), use_form(), use_submission(), use_intents());
    let draft = form.draft.get_untracked();
    let submitting = move || submission.state.with(|s| s.busy());
    let submit = move |_| intents.send(Intent::Submit);
    let reseller_id = draft.reseller_id;
    view! {
        <section class="step">
            <BackLink to=Step::Subscriptions />
            <ErrorSummary />
            <StepHeading step=Step::Review />
            <AccountSection account=draft.account />
            <AgreementSection agreement=draft.agreement />
            {settings.indirect().then(move || view! { <ResellerSection reseller_id /> })}
            <SubscriptionsSection subscriptions=draft.subscriptions />
            <div class="actions">
                <button type="button" class="button primary" on:click=submit disabled=submitting aria-disabled=move || submitting().then_some("true")>
                    {move || if submitting() { settings.t(Key::Submitting) } else { settings.t(Key::Submit) }}
                </button>
            </div>
            <div aria-live="polite" class="submit-status">
                {move || submission.state.with(|s| s.text(settings.locale()))}
            </div>
        </section>
    }
}
