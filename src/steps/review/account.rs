//! The customer's account and the agreement, as typed on Account info.

use super::card::{Row, Section};
use crate::i18n::Key;
use crate::services::browser;
use crate::state::fields;
use crate::state::{use_catalogues, use_settings};
use crate::step::Step;
use customer_domain::draft::{AccountDraft, AgreementDraft};
use leptos::prelude::*;

#[component]
pub(super) fn AccountSection(account: AccountDraft) -> impl IntoView {
    let settings = use_settings();
    let a = account;
    let country = if a.address.country.is_empty() { String::new() } else { browser::country_name(settings.locale().tag(), &a.address.country) };
    let domain = if a.domain_prefix.is_empty() { String::new() } else { format!("{}{}", customer_domain::text::to_lowercase(&a.domain_prefix), customer_domain::payload::DOMAIN_SUFFIX) };
    view! {
        <Section title=Key::ReviewAccount update_to=Step::Account>
            <Row label=fields::COMPANY_NAME value=a.company_name.clone() />
            <Row label=fields::DOMAIN_PREFIX value=domain />
            <Row label=fields::COUNTRY value=country />
            <Row label=fields::ADDRESS_LINE1 value=a.address.address_line1.clone() />
            <Row label=fields::ADDRESS_LINE2 value=a.address.address_line2.clone() />
            <Row label=fields::CITY value=a.address.city.clone() />
            <RegionRows account=a.clone() />
            <Row label=fields::PHONE value=a.address.phone_number.clone() />
            <Row label=Key::PrimaryContact value=format!("{} {}", a.contact.first_name, a.contact.last_name).trim().to_owned() />
            <Row label=fields::CONTACT_EMAIL value=a.contact.email.clone() />
        </Section>
    }
}

/// State (by name where the country lists them), postal code, and the
/// registration number only where the country asks for it. The country's
/// rules may still be on their way (a draft resumed straight onto Review).
#[component]
fn RegionRows(account: AccountDraft) -> impl IntoView {
    let catalogues = use_catalogues();
    move || {
        let a = &account;
        let (state, needs_org_number) = catalogues.country_rules.with(|rules| match rules {
            Some(r) => (
                r.supported_states_list
                    .iter()
                    .position(|c| *c == a.address.state)
                    .and_then(|i| r.supported_state_names.get(i).cloned())
                    .unwrap_or_else(|| a.address.state.clone()),
                r.is_organization_registration_number_required,
            ),
            None => (a.address.state.clone(), !a.organization_registration_number.is_empty()),
        });
        view! {
            <Row label=fields::STATE value=state />
            <Row label=fields::POSTAL_CODE value=a.address.postal_code.clone() />
            {needs_org_number.then(|| view! { <Row label=fields::ORG_REGISTRATION value=a.organization_registration_number.clone() /> })}
        }
    }
}

#[component]
pub(super) fn AgreementSection(agreement: AgreementDraft) -> impl IntoView {
    let settings = use_settings();
    let accepted = settings.t(if agreement.accepted { Key::Yes } else { Key::No }).to_owned();
    let date = if agreement.date_agreed.is_empty() { String::new() } else { browser::format_date(settings.locale().tag(), &agreement.date_agreed) };
    let signer = agreement.signer;
    view! {
        <Section title=Key::ReviewAgreement update_to=Step::Account>
            <Row label=fields::AGREEMENT_ACCEPTED value=accepted />
            <Row label=fields::SIGNER_FIRST_NAME value=signer.first_name />
            <Row label=fields::SIGNER_LAST_NAME value=signer.last_name />
            <Row label=fields::SIGNER_EMAIL value=signer.email />
            <Row label=fields::SIGNER_PHONE value=signer.phone_number />
            <Row label=fields::DATE_AGREED value=date />
        </Section>
    }
}
