//! Review: every answer at a glance, an Update link per section, and Submit.

mod account;
mod card;
mod orders;

use crate::i18n::Key;
use crate::state::{use_form, use_settings};
use crate::step::Step;
use crate::widgets::actions::{SubmitButton, SubmitStatus};
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::summary::ErrorSummary;
use account::{AccountSection, AgreementSection};
use leptos::prelude::*;
use orders::{ResellerSection, SubscriptionsSection};

#[component]
pub(crate) fn Review() -> impl IntoView {
    let (settings, form) = (use_settings(), use_form());
    let draft = form.draft.get_untracked();
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
                <SubmitButton label=Key::Submit />
            </div>
            <SubmitStatus />
        </section>
    }
}
