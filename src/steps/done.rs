//! The result: the new customer's id, domain and admin credentials, shown once.

use crate::i18n::Key;
use crate::state::{use_wizard, Step};
use crate::components::StepHeading;
use leptos::prelude::*;

#[component]
pub fn Done() -> impl IntoView {
    let wizard = use_wizard();
    let copied = RwSignal::new(false);
    let created = move || wizard.created.get();
    let copy = move |_| {
        if let (Some(password), Some(w)) = (created().and_then(|c| c.customer.user_credentials.password), web_sys::window()) {
            let _ = w.navigator().clipboard().write_text(&password);
            copied.set(true);
        }
    };
    let add_another = move |_| {
        // The credentials leave memory with the page they were shown on.
        wizard.created.set(None);
        wizard.go(Step::Account);
    };
    view! {
        <section class="step">
            <StepHeading step=Step::Done />
            {move || created().map(|c| view! {
                <div class="panel success" role="status">
                    <h2>{wizard.t(Key::CustomerAdded)}</h2>
                    <p>{c.customer.billing_profile.company_name.clone()}</p>
                </div>
                <dl class="summary-list">
                    <div><dt>{wizard.t(Key::CustomerId)}</dt><dd class="mono">{c.customer.id.clone()}</dd></div>
                    <div><dt>{wizard.t(Key::CustomerDomain)}</dt><dd>{c.customer.company_profile.domain.clone()}</dd></div>
                    <div><dt>{wizard.t(Key::AdminUser)}</dt>
                        <dd class="mono">{format!("{}@{}", c.customer.user_credentials.user_name, c.customer.company_profile.domain)}</dd></div>
                    {match c.customer.user_credentials.password.clone() {
                        Some(password) => view! { <div><dt>{wizard.t(Key::AdminPassword)}</dt><dd class="mono">{password}</dd></div> }.into_any(),
                        None => view! { <div><dt>{wizard.t(Key::AdminPassword)}</dt><dd>{wizard.t(Key::PasswordAlreadyShown)}</dd></div> }.into_any(),
                    }}
                </dl>
                {c.customer.user_credentials.password.is_some().then(|| view! {
                    <p class="warning-text"><strong>{wizard.t(Key::PasswordOnce)}</strong></p>
                    <button type="button" class="button" on:click=copy>
                        {move || if copied.get() { wizard.t(Key::Copied) } else { wizard.t(Key::CopyPassword) }}
                    </button>
                })}
            })}
            <div class="actions">
                <button type="button" class="button primary" on:click=add_another>{move || wizard.t(Key::AddAnother)}</button>
            </div>
        </section>
    }
}
