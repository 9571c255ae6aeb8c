//! The result: the new customer's id, domain and admin credentials, shown once.

use crate::i18n::Key;
use crate::state::{use_flow, use_settings, use_submission};
use crate::step::Step;
use crate::widgets::heading::StepHeading;
use leptos::prelude::*;

#[component]
pub(crate) fn Done() -> impl IntoView {
    let (settings, flow, submission) = (use_settings(), use_flow(), use_submission());
    let copied = RwSignal::new(false);
    let created = move || submission.created.get();
    let copy = move |_| {
        if let (Some(password), Some(w)) = (created().and_then(|c| c.customer.user_credentials.password), web_sys::window()) {
            let _ = w.navigator().clipboard().write_text(&password);
            copied.set(true);
        }
    };
    let add_another = move |_| {
        // The credentials leave memory with the page they were shown on.
        submission.created.set(None);
        flow.go(Step::Account);
    };
    view! {
        <section class="step">
            <StepHeading step=Step::Done />
            {move || created().map(|c| view! {
                <div class="panel success" role="status">
                    <h2>{settings.t(Key::CustomerAdded)}</h2>
                    <p>{c.customer.billing_profile.company_name.clone()}</p>
                </div>
                <dl class="summary-list">
                    <div><dt>{settings.t(Key::CustomerId)}</dt><dd class="mono">{c.customer.id.clone()}</dd></div>
                    <div><dt>{settings.t(Key::CustomerDomain)}</dt><dd>{c.customer.company_profile.domain.clone()}</dd></div>
                    <div><dt>{settings.t(Key::AdminUser)}</dt>
                        <dd class="mono">{format!("{}@{}", c.customer.user_credentials.user_name, c.customer.company_profile.domain)}</dd></div>
                    {match c.customer.user_credentials.password.clone() {
                        Some(password) => view! { <div><dt>{settings.t(Key::AdminPassword)}</dt><dd class="mono">{password}</dd></div> }.into_any(),
                        None => view! { <div><dt>{settings.t(Key::AdminPassword)}</dt><dd>{settings.t(Key::PasswordAlreadyShown)}</dd></div> }.into_any(),
                    }}
                </dl>
                {c.customer.user_credentials.password.is_some().then(|| view! {
                    <p class="warning-text"><strong>{settings.t(Key::PasswordOnce)}</strong></p>
                    <button type="button" class="button" on:click=copy>
                        {move || if copied.get() { settings.t(Key::Copied) } else { settings.t(Key::CopyPassword) }}
                    </button>
                })}
            })}
            <div class="actions">
                <button type="button" class="button primary" on:click=add_another>{move || settings.t(Key::AddAnother)}</button>
            </div>
        </section>
    }
}
