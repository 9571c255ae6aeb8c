//! Review: every answer at a glance, an Update link per section, and Submit.

use crate::components::{BackLink, ErrorSummary, StepHeading};
use crate::i18n::Key;
use crate::state::{use_wizard, Step};
use leptos::prelude::*;

#[component]
fn Row(key: Key, value: String) -> impl IntoView {
    let wizard = use_wizard();
    let empty = value.trim().is_empty();
    view! {
        <div class="summary-row">
            <dt>{move || wizard.t(key)}</dt>
            <dd class:not-provided=empty>{if empty { wizard.t(Key::NotProvided).to_owned() } else { value }}</dd>
        </div>
    }
}

#[component]
fn Section(title: Key, update_to: Step, children: Children) -> impl IntoView {
    let wizard = use_wizard();
    let update = move |_| {
        wizard.return_to_review.set(true);
        wizard.go(update_to);
    };
    view! {
        <div class="summary-card">
            <div class="summary-card-title">
                <h2>{move || wizard.t(title)}</h2>
                <button type="button" class="link-button" on:click=update>
                    {move || wizard.t(Key::Update)}
                    <span class="visually-hidden">{move || format!(" {}", wizard.t(title))}</span>
                </button>
            </div>
            <dl class="summary-list">{children()}</dl>
        </div>
    }
}

#[component]
pub fn Review() -> impl IntoView {
    let wizard = use_wizard();
    let d = wizard.draft.get_untracked();
    let locale = wizard.locale().tag();
    let a = d.account.clone();
    let country = if a.address.country.is_empty() { String::new() } else { crate::util::country_name(locale, &a.address.country) };
    let yes_no = move |b: bool| wizard.t(if b { Key::Yes } else { Key::No }).to_owned();
    let reseller = wizard.resellers.with_untracked(|all| {
        all.iter().find(|r| r.id == d.reseller_id).map(|r| format!("{} (MPN {})", r.name, r.mpn_id)).unwrap_or_default()
    });
    let lines: Vec<(String, String)> = wizard.offers.with_untracked(|offers| {
        d.subscriptions
            .iter()
            .map(|s| (offers.iter().find(|o| o.id == s.offer_id).map(|o| o.name.clone()).unwrap_or_else(|| s.offer_id.clone()), s.quantity.clone()))
            .collect()
    });
    // States by name where the country lists them; the registration number only where asked for.
    let (state, needs_org_number) = wizard.country_rules.with_untracked(|rules| match rules {
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
    let submitting = move || wizard.submit.with(|s| s.busy());
    let submit = move |_| crate::submit::submit(wizard);
    let date = if d.agreement.date_agreed.is_empty() { String::new() } else { crate::util::format_date(locale, &d.agreement.date_agreed) };

    view! {
        <section class="step">
            <BackLink to=Step::Subscriptions />
            <ErrorSummary />
            <StepHeading step=Step::Review />
            <Section title=Key::ReviewAccount update_to=Step::Account>
                <Row key=Key::CompanyLegalName value=a.company_name.clone() />
                <Row key=Key::DomainPrefix value=if a.domain_prefix.is_empty() { String::new() } else { format!("{}{}", a.domain_prefix.to_lowercase(), customer_domain::payload::DOMAIN_SUFFIX) } />
                <Row key=Key::Country value=country />
                <Row key=Key::AddressLine1 value=a.address.address_line1.clone() />
                <Row key=Key::AddressLine2 value=a.address.address_line2.clone() />
                <Row key=Key::City value=a.address.city.clone() />
                <Row key=Key::State value=state />
                <Row key=Key::PostalCode value=a.address.postal_code.clone() />
                {needs_org_number.then(|| view! { <Row key=Key::OrgRegistrationNumber value=a.organization_registration_number.clone() /> })}
                <Row key=Key::CompanyPhone value=a.address.phone_number.clone() />
                <Row key=Key::PrimaryContact value=format!("{} {}", a.contact.first_name, a.contact.last_name).trim().to_owned() />
                <Row key=Key::Email value=a.contact.email.clone() />
            </Section>
            <Section title=Key::ReviewAgreement update_to=Step::Account>
                <Row key=Key::AgreementAccepted value=yes_no(d.agreement.accepted) />
                <Row key=Key::SignerFirstName value=d.agreement.signer.first_name.clone() />
                <Row key=Key::SignerLastName value=d.agreement.signer.last_name.clone() />
                <Row key=Key::SignerEmail value=d.agreement.signer.email.clone() />
                <Row key=Key::SignerPhone value=d.agreement.signer.phone_number.clone() />
                <Row key=Key::DateAgreed value=date />
            </Section>
            {wizard.indirect().then(|| view! {
                <Section title=Key::StepReseller update_to=Step::Reseller>
                    <Row key=Key::StepReseller value=reseller.clone() />
                </Section>
            })}
            <Section title=Key::ReviewSubscriptions update_to=Step::Subscriptions>
                {lines.into_iter().map(|(name, q)| view! {
                    <div class="summary-row"><dt>{name}</dt><dd>{format!("{q} × {}", wizard.t(Key::Quantity).to_lowercase())}</dd></div>
                }).collect_view()}
            </Section>
            <div class="actions">
                <button type="button" class="button primary" on:click=submit disabled=submitting aria-disabled=move || submitting().then_some("true")>
                    {move || if submitting() { wizard.t(Key::Submitting) } else { wizard.t(Key::Submit) }}
                </button>
            </div>
            <div aria-live="polite" class="submit-status">
                {move || crate::submit::status_text(wizard, &wizard.submit.get())}
            </div>
        </section>
    }
}
