//! The company's legal name and its domain.

use super::checks::DomainAvailability;
use crate::i18n::Key;
use crate::state::fields;
use crate::state::{use_checks, use_flow, use_form, use_settings};
use crate::widgets::fields::TextField;
use customer_domain::payload::DOMAIN_SUFFIX;
use customer_domain::validate::field;
use customer_domain::Severity;
use leptos::prelude::*;

#[component]
pub(super) fn CompanyFields() -> impl IntoView {
    let settings = use_settings();
    let hint = move |key| Signal::derive(move || settings.t(key).to_owned());
    view! {
        <TextField field=fields::COMPANY_NAME hint=hint(Key::CompanyLegalNameHint) autocomplete="organization" />
        <AcronymAcknowledgement />
        <TextField field=fields::DOMAIN_PREFIX hint=hint(Key::DomainPrefixHint) suffix=DOMAIN_SUFFIX width="input-domain" />
        <DomainAvailability />
    }
}

/// Shown while the legal name looks like an acronym: the user confirms it.
#[component]
fn AcronymAcknowledgement() -> impl IntoView {
    let (settings, form, flow, checks) = (use_settings(), use_form(), use_flow(), use_checks());
    let warned = move || {
        flow.issues.with(|i| i.iter().any(|i| i.field == field::COMPANY_NAME && i.severity == Severity::Warning))
            || form.draft.with(|d| d.is_acknowledged(field::COMPANY_NAME))
    };
    let checked = move || form.draft.with(|d| d.is_acknowledged(field::COMPANY_NAME));
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        form.draft.update(|d| {
            d.acknowledged.retain(|f| f != field::COMPANY_NAME);
            if on {
                d.acknowledged.push(field::COMPANY_NAME.to_owned());
            }
        });
        checks.recheck();
    };
    view! {
        <Show when=warned>
            <div class="field checkbox">
                <input type="checkbox" id="f-ack-company-name" prop:checked=checked on:change=toggle />
                <label for="f-ack-company-name">{settings.text(Key::AcknowledgeName)}</label>
            </div>
        </Show>
    }
}
