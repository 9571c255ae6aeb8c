//! The result: the new customer's id, domain and admin credentials, shown once.
//! In gateway mode a submit can stop after the customer was created (the
//! agreement or the order failed): Done says so, and retries only that stage.

use crate::i18n::{self, Key};
use crate::state::{effect, fields, use_drafts, use_flow, use_settings, use_submission, Cause, PartialFailure};
use crate::step::Step;
use crate::widgets::actions::{SubmitButton, SubmitStatus, UpdateButton};
use crate::widgets::fields::worded;
use crate::widgets::heading::StepHeading;
use customer_domain::wire::CustomerReceipt;
use leptos::html;
use leptos::prelude::*;

#[component]
pub(crate) fn Done() -> impl IntoView {
    let (settings, flow, submission) = (use_settings(), use_flow(), use_submission());
    let created = move || submission.created.get();
    let add_another = move |_| {
        // The credentials leave memory with the page they were shown on.
        submission.created.set(None);
        flow.go(Step::Account);
    };
    view! {
        <section class="step">
            <StepHeading step=Step::Done />
            // Built anew in the current language (the parts are components,
            // which do not follow it on their own).
            {move || match (settings.locale(), submission.partial.get()).1 {
                Some(failure) => view! { <PartlyDone failure /> }.into_any(),
                None => created().map(|c| view! {
                    <div class="panel success" role="status">
                        <h2>{settings.t(Key::CustomerAdded)}</h2>
                        <p>{c.customer.billing_profile.company_name.clone()}</p>
                    </div>
                    <Credentials customer=c.customer />
                }).into_any(),
            }}
            <Show when=move || submission.partial.with(Option::is_none)>
                <div class="actions">
                    <button type="button" class="button primary" on:click=add_another>{settings.text(Key::AddAnother)}</button>
                </div>
            </Show>
        </section>
    }
}

/// The customer's id, domain, admin user and one-time password.
#[component]
fn Credentials(customer: CustomerReceipt, #[prop(optional)] password_later: bool) -> impl IntoView {
    let settings = use_settings();
    let copied = RwSignal::new(false);
    let password = customer.user_credentials.password.clone();
    let copy = {
        let password = password.clone();
        move |_| {
            if let (Some(password), Some(w)) = (&password, web_sys::window()) {
                let _ = w.navigator().clipboard().write_text(password);
                copied.set(true);
            }
        }
    };
    let domain = customer.company_profile.domain.clone();
    let password_row = match password.clone() {
        Some(password) => view! { <dd class="mono">{password}</dd> }.into_any(),
        None if password_later => view! { <dd>{settings.t(Key::PartialPasswordLater)}</dd> }.into_any(),
        None => view! { <dd>{settings.t(Key::PasswordAlreadyShown)}</dd> }.into_any(),
    };
    view! {
        <dl class="summary-list">
            <div><dt>{settings.t(Key::CustomerId)}</dt><dd class="mono">{customer.id.clone()}</dd></div>
            <div><dt>{settings.t(Key::CustomerDomain)}</dt><dd>{domain.clone()}</dd></div>
            <div><dt>{settings.t(Key::AdminUser)}</dt>
                <dd class="mono">{format!("{}@{}", customer.user_credentials.user_name, domain)}</dd></div>
            <div><dt>{settings.t(Key::AdminPassword)}</dt>{password_row}</div>
        </dl>
        {password.is_some().then(|| view! {
            <p class="warning-text"><strong>{settings.t(Key::PasswordOnce)}</strong></p>
            <button type="button" class="button" on:click=copy>
                {move || if copied.get() { settings.t(Key::Copied) } else { settings.t(Key::CopyPassword) }}
            </button>
        })}
    }
}

/// The customer exists, a later stage failed: which, why (at its fields where
/// Partner Center's error names them), Retry for that stage alone, and Update
/// to the step to correct.
#[component]
fn PartlyDone(failure: PartialFailure) -> impl IntoView {
    let (settings, flow, submission, drafts) = (use_settings(), use_flow(), use_submission(), use_drafts());
    let locale = settings.locale();
    // The outcome is what the user needs first: focus on its heading (each
    // failed Retry builds this anew, so focus lands here again).
    let heading = NodeRef::<html::H2>::new();
    effect(move || {
        if let Some(h) = heading.get() {
            if flow.focus_heading.get_untracked() {
                let _ = h.focus();
            }
        }
    });
    let update_step = failure.update_step();
    let issues = match &failure.cause {
        Cause::Fields(issues) => issues.clone(),
        Cause::Text(_) => Vec::new(),
    };
    let update = {
        let issues = issues.clone();
        move || {
            // The draft changes, so its next submit is a new request; the
            // server still resumes this customer's stages (by its domain).
            submission.request_id.set(None);
            drafts.pending.set(None);
            submission.partial.set(None);
            flow.return_to_review.set(true);
            flow.show_problems(issues.clone());
        }
    };
    let reason = match &failure.cause {
        Cause::Fields(issues) => view! {
            <ul>
                {issues.iter().map(|issue| view! {
                    <li>{format!("{}: {}", i18n::text(locale, fields::find(&issue.field).label), worded(locale, issue))}</li>
                }).collect_view()}
            </ul>
        }.into_any(),
        Cause::Text(key) => view! { <p>{i18n::text(locale, *key)}</p> }.into_any(),
    };
    let password_later = failure.customer.user_credentials.password.is_none();
    view! {
        <div class="panel warning">
            <h2 tabindex="-1" node_ref=heading>{settings.t(failure.headline())}</h2>
            {reason}
            <p>{settings.t(Key::PartialRetryNote)}</p>
            <div class="actions">
                // The same submit (same request id and body): the server resumes at the failed stage.
                <SubmitButton label=failure.retry_label() />
                {update_step.map(move |step| view! { <UpdateButton what=step.title() class="button" on_press=update /> })}
            </div>
            <SubmitStatus />
        </div>
        {failure.upstream_code.map(|code| view! {
            <dl class="summary-list">
                <div><dt>{settings.t(Key::PartnerCenterCode)}</dt><dd class="mono">{code}</dd></div>
            </dl>
        })}
        <Credentials customer=failure.customer.clone() password_later />
    }
}
