//! Account info: company, domain, address and primary contact, and the
//! customer's acceptance of the Microsoft Customer Agreement.

use crate::components::{BackLink, ErrorSummary, FieldMessage, SelectField, StepHeading, TextField, issue_text};
use crate::i18n::{self, Key};
use crate::lens;
use crate::state::{use_wizard, Step};
use customer_domain::date::{Date, DateOrder};
use customer_domain::payload::DOMAIN_SUFFIX;
use customer_domain::validate::field;
use leptos::prelude::*;
use super::account_checks::{continue_from_account, AddressSuggestions, DomainAvailability};

#[component]
pub fn Account(countries: Signal<Vec<String>>) -> impl IntoView {
    let wizard = use_wizard();
    // Memos: 246 names in the user's language, sorted, are worth computing once.
    let country_options = Memo::new(move |_| {
        let locale = wizard.locale().tag();
        let allowed = wizard.config.with(|c| c.allowed_countries.clone());
        let names = crate::util::DisplayNames::regions(locale);
        let mut options: Vec<(String, String)> = countries
            .get()
            .into_iter()
            .filter(|c| allowed.is_empty() || allowed.contains(c))
            .map(|c| {
                let name = names.of(&c);
                (c, name)
            })
            .collect();
        crate::util::sort_by_text(locale, &mut options);
        options
    });
    let state_options = Memo::new(move |_| {
        wizard.country_rules.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.supported_states_list
                        .iter()
                        .enumerate()
                        .map(|(i, code)| (code.clone(), r.supported_state_names.get(i).cloned().unwrap_or_else(|| code.clone())))
                        .collect::<Vec<(String, String)>>()
                })
                .unwrap_or_default()
        })
    });
    let culture_options = Memo::new(move |_| {
        let names = crate::util::DisplayNames::languages(wizard.locale().tag());
        wizard.country_rules.with(|r| {
            r.as_ref()
                .map(|r| r.supported_cultures_list.iter().map(|c| (c.clone(), names.of(c))).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Partner Center's `language` is the culture's language part.
    Effect::new(move |_| {
        let culture = wizard.draft.with(|d| d.account.culture.clone());
        let language = culture.split('-').next().unwrap_or_default().to_owned();
        if wizard.draft.with_untracked(|d| d.account.language != language) {
            wizard.draft.update(|d| d.account.language = language);
        }
    });
    let has_states = move || state_options.with(|s| !s.is_empty());
    let state_optional = move || wizard.country_rules.with(|r| r.as_ref().is_some_and(|r| !r.is_state_required));
    let postal_optional = move || wizard.country_rules.with(|r| r.as_ref().is_some_and(|r| !r.is_postal_code_required));
    let needs_org_number = move || wizard.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_organization_registration_number_required));
    let phone_optional = move || !wizard.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_phone_number_required));
    let postal_hint = Signal::derive(move || {
        wizard.country_rules.with(|r| {
            r.as_ref()
                .and_then(|r| r.postal_code_examples.first().cloned())
                .map(|ex| i18n::fill(wizard.t(Key::PostalCodeExample), &[("example", &ex)]))
                .unwrap_or_default()
        })
    });
    let t = move |k| Signal::derive(move || wizard.t(k).to_owned());

    view! {
        <section class="step">
            <BackLink to=Step::Customers />
            <ErrorSummary />
            <StepHeading step=Step::Account />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); continue_from_account(wizard); }>
                <fieldset>
                    <legend><h2>{move || wizard.t(Key::CompanyDetails)}</h2></legend>
                    <TextField label=Key::CompanyLegalName path=field::COMPANY_NAME lens=lens!(account.company_name)
                        hint=t(Key::CompanyLegalNameHint) autocomplete="organization" />
                    <AcronymAcknowledgement />
                    <TextField label=Key::DomainPrefix path=field::DOMAIN_PREFIX lens=lens!(account.domain_prefix)
                        hint=t(Key::DomainPrefixHint) suffix=DOMAIN_SUFFIX width="input-domain" />
                    <DomainAvailability />
                    <SelectField label=Key::Country path=field::COUNTRY lens=lens!(account.address.country)
                        options=country_options.into() placeholder=Key::SelectCountry />
                    <TextField label=Key::AddressLine1 path=field::ADDRESS_LINE1 lens=lens!(account.address.address_line1) autocomplete="address-line1" />
                    <TextField label=Key::AddressLine2 path=field::ADDRESS_LINE2 lens=lens!(account.address.address_line2) optional=true autocomplete="address-line2" />
                    <TextField label=Key::City path=field::CITY lens=lens!(account.address.city) autocomplete="address-level2" width="input-medium" />
                    {move || if has_states() {
                        view! { <SelectField label=Key::State path=field::STATE lens=lens!(account.address.state)
                            options=state_options.into() placeholder=Key::SelectState optional=state_optional() /> }.into_any()
                    } else if wizard.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_state_required)) {
                        view! { <TextField label=Key::State path=field::STATE lens=lens!(account.address.state) autocomplete="address-level1" width="input-medium" /> }.into_any()
                    } else {
                        ().into_any()
                    }}
                    {move || view! {
                        <TextField label=Key::PostalCode path=field::POSTAL_CODE lens=lens!(account.address.postal_code)
                            optional=postal_optional() hint=postal_hint autocomplete="postal-code" width="input-short" />
                    }}
                    <Show when=needs_org_number>
                        <TextField label=Key::OrgRegistrationNumber path=field::ORG_REGISTRATION
                            lens=lens!(account.organization_registration_number) width="input-medium" />
                    </Show>
                    <Show when=move || culture_options.with(|c| c.len() > 1)>
                        <SelectField label=Key::Culture path=field::CULTURE lens=lens!(account.culture)
                            options=culture_options.into() placeholder=Key::SelectCulture />
                    </Show>
                    {move || view! {
                        <TextField label=Key::CompanyPhone path=field::PHONE lens=lens!(account.address.phone_number)
                            optional=phone_optional() input_type="tel" autocomplete="tel" width="input-medium" />
                    }}
                </fieldset>
                <fieldset>
                    <legend><h2>{move || wizard.t(Key::PrimaryContact)}</h2></legend>
                    <TextField label=Key::FirstName path="account.contact.firstName" lens=lens!(account.contact.first_name) autocomplete="given-name" width="input-medium" />
                    <TextField label=Key::LastName path="account.contact.lastName" lens=lens!(account.contact.last_name) autocomplete="family-name" width="input-medium" />
                    <TextField label=Key::Email path="account.contact.email" lens=lens!(account.contact.email) input_type="email" autocomplete="email" />
                    <TextField label=Key::ContactPhone path="account.contact.phoneNumber" lens=lens!(account.contact.phone_number) optional=true input_type="tel" autocomplete="tel" width="input-medium" />
                </fieldset>
                <AgreementSection />
                <AddressSuggestions />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if wizard.return_to_review.get() { wizard.t(Key::BackToReview) }
                                 else if wizard.indirect() { wizard.t(Key::NextReseller) }
                                 else { wizard.t(Key::NextSubscriptions) }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Shown while the legal name looks like an acronym: the user confirms it.
#[component]
fn AcronymAcknowledgement() -> impl IntoView {
    let wizard = use_wizard();
    let warned = move || {
        wizard.issues.with(|i| i.iter().any(|i| i.field == field::COMPANY_NAME && i.severity == customer_domain::Severity::Warning))
            || wizard.draft.with(|d| d.is_acknowledged(field::COMPANY_NAME))
    };
    let checked = move || wizard.draft.with(|d| d.is_acknowledged(field::COMPANY_NAME));
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        wizard.draft.update(|d| {
            d.acknowledged.retain(|f| f != field::COMPANY_NAME);
            if on {
                d.acknowledged.push(field::COMPANY_NAME.to_owned());
            }
        });
        wizard.recheck();
    };
    view! {
        <Show when=warned>
            <div class="field checkbox">
                <input type="checkbox" id="f-ack-company-name" prop:checked=checked on:change=toggle />
                <label for="f-ack-company-name">{move || wizard.t(Key::AcknowledgeName)}</label>
            </div>
        </Show>
    }
}

#[component]
fn AgreementSection() -> impl IntoView {
    let wizard = use_wizard();
    let accepted_id = crate::fields::dom_id(field::AGREEMENT_ACCEPTED);
    let accepted_issue = issue_text(field::AGREEMENT_ACCEPTED);
    let accepted = move || wizard.draft.with(|d| d.agreement.accepted);
    let link = move || {
        wizard.template.with(|t| t.as_ref().map(|t| t.agreement_link.clone())).filter(|l| !l.is_empty()).unwrap_or_else(|| "https://aka.ms/customeragreement".into())
    };
    view! {
        <fieldset>
            <legend><h2>{move || wizard.t(Key::AgreementSection)}</h2></legend>
            <p><a href=link target="_blank" rel="noopener">{move || wizard.t(Key::AgreementLink)}</a></p>
            <div class="field checkbox" class:field-invalid=move || accepted_issue.with(|i| i.is_some())>
                <FieldMessage id=accepted_id.clone() issue=accepted_issue />
                <input type="checkbox" id=accepted_id.clone()
                    aria-invalid=move || accepted_issue.with(|i| i.is_some()).then_some("true")
                    aria-describedby=move || accepted_issue.with(|i| i.is_some()).then(|| format!("{}-error", crate::fields::dom_id(field::AGREEMENT_ACCEPTED)))
                    prop:checked=accepted
                    on:change=move |ev| { let on = event_target_checked(&ev); wizard.draft.update(|d| d.agreement.accepted = on); wizard.recheck(); } />
                <label for=accepted_id.clone()>{move || wizard.t(Key::AgreementAccepted)}</label>
            </div>
            <TextField label=Key::SignerFirstName path="agreement.signer.firstName" lens=lens!(agreement.signer.first_name) width="input-medium" />
            <TextField label=Key::SignerLastName path="agreement.signer.lastName" lens=lens!(agreement.signer.last_name) width="input-medium" />
            <TextField label=Key::SignerEmail path="agreement.signer.email" lens=lens!(agreement.signer.email) input_type="email" />
            <TextField label=Key::SignerPhone path="agreement.signer.phoneNumber" lens=lens!(agreement.signer.phone_number) optional=true input_type="tel" width="input-medium" />
            <DateField />
        </fieldset>
    }
}

/// The acceptance date in the wizard's language, not the browser's: a text
/// field that takes and shows the language's order (6/14/2026, 2026-06-14),
/// with the format in its hint. The draft keeps `YYYY-MM-DD`; text that is not
/// (yet) a date is kept as typed, and validation says so.
#[component]
fn DateField() -> impl IntoView {
    let wizard = use_wizard();
    let path = field::DATE_AGREED;
    let id = crate::fields::dom_id(path);
    let issue = issue_text(path);
    let order = move || match wizard.locale() {
        i18n::Locale::EnUs => DateOrder::MonthDayYear,
        i18n::Locale::SvSe => DateOrder::YearMonthDay,
    };
    // While the partner types, the field shows what was typed: rewriting it as
    // soon as a prefix parses ("2026-11-2") would garble the rest of the date.
    let typing = RwSignal::new(None::<String>);
    // Another language shows the stored date in its own format at once.
    Effect::new(move |_| {
        wizard.locale();
        typing.set(None);
    });
    let shown = Memo::new(move |_| {
        typing.get().unwrap_or_else(|| {
            let stored = wizard.draft.with(|d| d.agreement.date_agreed.clone());
            Date::parse(&stored).map_or(stored, |date| date.format_in(order()))
        })
    });
    let store = move |typed: String| {
        let value = Date::parse_in(&typed, order()).map_or(typed, Date::to_iso);
        crate::components::set_value(lens!(agreement.date_agreed), value);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        typing.set(Some(typed.clone()));
        store(typed);
    };
    // Leaving the field shows the date in the language's format.
    let on_change = move |ev: leptos::ev::Event| {
        store(event_target_value(&ev));
        typing.set(None);
    };
    let hint_id = format!("{id}-hint");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = format!("{id}-error");
        move || if issue.with(|i| i.is_some()) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <label for=id.clone()>{move || wizard.t(Key::DateAgreed)}</label>
            <p class="hint" id=hint_id>{move || wizard.t(Key::DateAgreedHint)}</p>
            <FieldMessage id=id.clone() issue=issue />
            <input type="text" inputmode="numeric" autocomplete="off" spellcheck="false" id=id.clone() name=path class="input-short"
                prop:value=move || shown.get()
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=described_by
                on:input=on_input
                on:change=on_change />
        </div>
    }
}
