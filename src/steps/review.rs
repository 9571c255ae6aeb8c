//! Review: every answer at a glance, an Update link per section, and Submit.

use crate::i18n::Key;
use crate::services::browser;
use crate::state::fields::{self, Field};
use crate::state::{use_catalogues, use_flow, use_form, use_intents, use_settings, use_submission, Intent};
use crate::step::Step;
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::summary::ErrorSummary;
use leptos::prelude::*;

#[component]
fn Row(#[prop(optional)] field: Option<Field>, #[prop(optional)] key: Option<Key>, value: String) -> impl IntoView {
    // A field's own label, or another (the contact's name is two fields).
    let key = field.map(|f| f.label).or(key).expect("a label");
    let settings = use_settings();
    let empty = value.trim().is_empty();
    view! {
        <div class="summary-row">
            <dt>{move || settings.t(key)}</dt>
            <dd class:not-provided=empty>{if empty { settings.t(Key::NotProvided).to_owned() } else { value }}</dd>
        </div>
    }
}

#[component]
fn Section(title: Key, update_to: Step, children: Children) -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    let update = move |_| {
        flow.return_to_review.set(true);
        flow.go(update_to);
    };
    view! {
        <div class="summary-card">
            <div class="summary-card-title">
                <h2>{move || settings.t(title)}</h2>
                <button type="button" class="link-button" on:click=update>
                    {move || settings.t(Key::Update)}
                    <span class="visually-hidden">{move || format!(" {}", settings.t(title))}</span>
                </button>
            </div>
            <dl class="summary-list">{children()}</dl>
        </div>
    }
}

#[component]
pub(crate) fn Review() -> impl IntoView {
    let (settings, form, catalogues, submission, intents) = (use_settings(), use_form(), use_catalogues(), use_submission(), use_intents());
    let d = form.draft.get_untracked();
    let locale = settings.locale().tag();
    let a = d.account.clone();
    let country = if a.address.country.is_empty() { String::new() } else { browser::country_name(locale, &a.address.country) };
    let yes_no = move |b: bool| settings.t(if b { Key::Yes } else { Key::No }).to_owned();
    // The catalogues may still be on their way (a draft resumed straight onto
    // Review): names, state names and the registration row follow them.
    let reseller_id = d.reseller_id.clone();
    let reseller = move || {
        catalogues.resellers.with(|all| all.iter().find(|r| r.id == reseller_id).map(|r| format!("{} (MPN {})", r.name, r.mpn_id)).unwrap_or_default())
    };
    let subscriptions = d.subscriptions.clone();
    let lines = move || {
        catalogues.offers.with(|offers| {
            subscriptions
                .iter()
                .map(|s| (offers.iter().find(|o| o.id == s.offer_id).map(|o| o.name.clone()).unwrap_or_else(|| s.offer_id.clone()), s.quantity.clone()))
                .collect::<Vec<_>>()
        })
    };
    // States by name where the country lists them; the registration number only where asked for.
    let address = a.clone();
    let state_and_org_number = move || {
        let a = &address;
        catalogues.country_rules.with(|rules| match rules {
            Some(r) => (
                r.supported_states_list
                    .iter()
                    .position(|c| *c == a.address.state)
                    .and_then(|i| r.supported_state_names.get(i).cloned())
                    .unwrap_or_else(|| a.address.state.clone()),
                r.is_organization_registration_number_required,
            ),
            None => (a.address.state.clone(), !a.organization_registration_number.is_empty()),
        })
    };
    let submitting = move || submission.state.with(|s| s.busy());
    let submit = move |_| intents.send(Intent::Submit);
    let date = if d.agreement.date_agreed.is_empty() { String::new() } else { browser::format_date(locale, &d.agreement.date_agreed) };

    view! {
        <section class="step">
            <BackLink to=Step::Subscriptions />
            <ErrorSummary />
            <StepHeading step=Step::Review />
            <Section title=Key::ReviewAccount update_to=Step::Account>
                <Row field=fields::COMPANY_NAME value=a.company_name.clone() />
                <Row field=fields::DOMAIN_PREFIX value=if a.domain_prefix.is_empty() { String::new() } else { format!("{}{}", a.domain_prefix.to_lowercase(), customer_domain::payload::DOMAIN_SUFFIX) } />
                <Row field=fields::COUNTRY value=country />
                <Row field=fields::ADDRESS_LINE1 value=a.address.address_line1.clone() />
                <Row field=fields::ADDRESS_LINE2 value=a.address.address_line2.clone() />
                <Row field=fields::CITY value=a.address.city.clone() />
                {let org_number = a.organization_registration_number.clone();
                let postal_code = a.address.postal_code.clone();
                move || {
                    let (state, needs_org_number) = state_and_org_number();
                    view! {
                        <Row field=fields::STATE value=state />
                        <Row field=fields::POSTAL_CODE value=postal_code.clone() />
                        {needs_org_number.then(|| view! { <Row field=fields::ORG_REGISTRATION value=org_number.clone() /> })}
                    }
                }}
                <Row field=fields::PHONE value=a.address.phone_number.clone() />
                <Row key=Key::PrimaryContact value=format!("{} {}", a.contact.first_name, a.contact.last_name).trim().to_owned() />
                <Row field=fields::CONTACT_EMAIL value=a.contact.email.clone() />
            </Section>
            <Section title=Key::ReviewAgreement update_to=Step::Account>
                <Row field=fields::AGREEMENT_ACCEPTED value=yes_no(d.agreement.accepted) />
                <Row field=fields::SIGNER_FIRST_NAME value=d.agreement.signer.first_name.clone() />
                <Row field=fields::SIGNER_LAST_NAME value=d.agreement.signer.last_name.clone() />
                <Row field=fields::SIGNER_EMAIL value=d.agreement.signer.email.clone() />
                <Row field=fields::SIGNER_PHONE value=d.agreement.signer.phone_number.clone() />
                <Row field=fields::DATE_AGREED value=date />
            </Section>
            {settings.indirect().then(move || view! {
                <Section title=Key::StepReseller update_to=Step::Reseller>
                    {move || view! { <Row field=fields::RESELLER value=reseller() /> }}
                </Section>
            })}
            <Section title=Key::ReviewSubscriptions update_to=Step::Subscriptions>
                {move || lines().into_iter().map(|(name, q)| view! {
                    <div class="summary-row"><dt>{name}</dt><dd>{format!("{q} × {}", settings.t(Key::Quantity).to_lowercase())}</dd></div>
                }).collect_view()}
            </Section>
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
