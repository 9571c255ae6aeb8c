//! Account info: company, domain, address and primary contact, and the
//! customer's acceptance of the Microsoft Customer Agreement.

mod address;
mod agreement;
mod checks;
mod company;
mod suggestions;

use crate::i18n::Key;
use crate::state::fields;
use crate::state::{use_checks, use_settings};
use crate::step::Step;
use crate::widgets::actions::ContinueButton;
use crate::widgets::fields::TextField;
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::summary::ErrorSummary;
use address::AddressFields;
use agreement::AgreementSection;
use checks::continue_from_account;
use company::CompanyFields;
pub(crate) use suggestions::fetch_suggestions_code;
use suggestions::AddressSuggestions;
use leptos::prelude::*;

#[component]
pub(crate) fn Account() -> impl IntoView {
    let (settings, checks) = (use_settings(), use_checks());
    view! {
        <section class="step">
            <BackLink to=Step::Customers />
            <ErrorSummary />
            <StepHeading step=Step::Account />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); continue_from_account(checks); }>
                <fieldset>
                    <legend><h2>{settings.text(Key::CompanyDetails)}</h2></legend>
                    <CompanyFields />
                    <AddressFields />
                </fieldset>
                <PrimaryContact />
                <AgreementSection />
                <AddressSuggestions />
                <ContinueButton from=Step::Account />
            </form>
        </section>
    }
}

#[component]
fn PrimaryContact() -> impl IntoView {
    let settings = use_settings();
    view! {
        <fieldset>
            <legend><h2>{settings.text(Key::PrimaryContact)}</h2></legend>
            <TextField field=fields::CONTACT_FIRST_NAME autocomplete="given-name" width="input-medium" />
            <TextField field=fields::CONTACT_LAST_NAME autocomplete="family-name" width="input-medium" />
            <TextField field=fields::CONTACT_EMAIL input_type="email" autocomplete="email" />
            <TextField field=fields::CONTACT_PHONE optional=true input_type="tel" autocomplete="tel" width="input-medium" />
        </fieldset>
    }
}
