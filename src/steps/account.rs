//! Account info: company, domain, address and primary contact, and the
//! customer's acceptance of the Microsoft Customer Agreement.

use super::account_checks::{continue_from_account, AddressSuggestions, DomainAvailability};
use crate::i18n::{self, Key};
use crate::services::browser;
use crate::state::fields;
use crate::state::{use_catalogues, use_checks, use_flow, use_form, use_settings};
use crate::step::Step;
use crate::widgets::fields::{described_by, issue_text, FieldLabel, FieldMessage, SelectField, TextField};
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::lists::ListFailed;
use crate::widgets::summary::ErrorSummary;
use customer_domain::date::Date;
use customer_domain::payload::DOMAIN_SUFFIX;
use customer_domain::validate::field;
use leptos::prelude::*;

#[component]
pub(crate) fn Account() -> impl IntoView {
    let (settings, form, flow, catalogues) = (use_settings(), use_form(), use_flow(), use_catalogues());
    let checks = use_checks();
    // Memos: 246 names in the user's language, sorted, are worth computing once.
    let country_options = Memo::new(move |_| {
        let locale = settings.locale().tag();
        let allowed = settings.config.with(|c| c.allowed_countries.clone());
        let names = browser::DisplayNames::regions(locale);
        let mut options: Vec<(String, String)> = catalogues
            .countries
            .get()
            .into_iter()
            .filter(|c| allowed.is_empty() || allowed.contains(c))
            .map(|c| {
                let name = names.of(&c);
                (c, name)
            })
            .collect();
        browser::sort_by_text(locale, &mut options);
        options
    });
    let state_options = Memo::new(move |_| {
        catalogues.country_rules.with(|r| {
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
        let names = browser::DisplayNames::languages(settings.locale().tag());
        catalogues.country_rules.with(|r| {
            r.as_ref()
                .map(|r| r.supported_cultures_list.iter().map(|c| (c.clone(), names.of(c))).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Partner Center's `language` is the culture's language part.
    Effect::new(move |_| {
        let culture = form.draft.with(|d| d.account.culture.clone());
        let language = culture.split('-').next().unwrap_or_default().to_owned();
        if form.draft.with_untracked(|d| d.account.language != language) {
            form.draft.update(|d| d.account.language = language);
        }
    });
    let has_states = move || state_options.with(|s| !s.is_empty());
    let state_optional = move || catalogues.country_rules.with(|r| r.as_ref().is_some_and(|r| !r.is_state_required));
    let postal_optional = move || catalogues.country_rules.with(|r| r.as_ref().is_some_and(|r| !r.is_postal_code_required));
    let needs_org_number = move || catalogues.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_organization_registration_number_required));
    let phone_optional = move || !catalogues.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_phone_number_required));
    let postal_hint = Signal::derive(move || {
        catalogues.country_rules.with(|r| {
            r.as_ref()
                .and_then(|r| r.postal_code_examples.first().cloned())
                .map(|ex| i18n::fill(settings.t(Key::PostalCodeExample), &[("example", &ex)]))
                .unwrap_or_default()
        })
    });
    let t = move |k| Signal::derive(move || settings.t(k).to_owned());

    view! {
        <section class="step">
            <BackLink to=Step::Customers />
            <ErrorSummary />
            <StepHeading step=Step::Account />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); continue_from_account(checks); }>
                <fieldset>
                    <legend><h2>{move || settings.t(Key::CompanyDetails)}</h2></legend>
                    <TextField field=fields::COMPANY_NAME
                        hint=t(Key::CompanyLegalNameHint) autocomplete="organization" />
                    <AcronymAcknowledgement />
                    <TextField field=fields::DOMAIN_PREFIX
                        hint=t(Key::DomainPrefixHint) suffix=DOMAIN_SUFFIX width="input-domain" />
                    <DomainAvailability />
                    <ListFailed listing=catalogues.countries_listing message=Key::CountriesFailed retry=move || catalogues.countries_listing.try_again() />
                    <SelectField field=fields::COUNTRY
                        options=country_options.into() placeholder=Key::SelectCountry />
                    <TextField field=fields::ADDRESS_LINE1 autocomplete="address-line1" />
                    <TextField field=fields::ADDRESS_LINE2 optional=true autocomplete="address-line2" />
                    <TextField field=fields::CITY autocomplete="address-level2" width="input-medium" />
                    {move || if has_states() {
                        view! { <SelectField field=fields::STATE
                            options=state_options.into() placeholder=Key::SelectState optional=state_optional() /> }.into_any()
                    } else if catalogues.country_rules.with(|r| r.as_ref().is_some_and(|r| r.is_state_required)) {
                        view! { <TextField field=fields::STATE autocomplete="address-level1" width="input-medium" /> }.into_any()
                    } else {
                        ().into_any()
                    }}
                    {move || view! {
                        <TextField field=fields::POSTAL_CODE
                            optional=postal_optional() hint=postal_hint autocomplete="postal-code" width="input-short" />
                    }}
                    <Show when=needs_org_number>
                        <TextField field=fields::ORG_REGISTRATION width="input-medium" />
                    </Show>
                    <Show when=move || culture_options.with(|c| c.len() > 1)>
                        <SelectField field=fields::CULTURE
                            options=culture_options.into() placeholder=Key::SelectCulture />
                    </Show>
                    {move || view! {
                        <TextField field=fields::PHONE
                            optional=phone_optional() input_type="tel" autocomplete="tel" width="input-medium" />
                    }}
                </fieldset>
                <fieldset>
                    <legend><h2>{move || settings.t(Key::PrimaryContact)}</h2></legend>
                    <TextField field=fields::CONTACT_FIRST_NAME autocomplete="given-name" width="input-medium" />
                    <TextField field=fields::CONTACT_LAST_NAME autocomplete="family-name" width="input-medium" />
                    <TextField field=fields::CONTACT_EMAIL input_type="email" autocomplete="email" />
                    <TextField field=fields::CONTACT_PHONE optional=true input_type="tel" autocomplete="tel" width="input-medium" />
                </fieldset>
                <AgreementSection />
                <AddressSuggestions />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if flow.return_to_review.get() { settings.t(Key::BackToReview) }
                                 else if settings.indirect() { settings.t(Key::NextReseller) }
                                 else { settings.t(Key::NextSubscriptions) }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Shown while the legal name looks like an acronym: the user confirms it.
#[component]
fn AcronymAcknowledgement() -> impl IntoView {
    let (settings, form, flow, checks) = (use_settings(), use_form(), use_flow(), use_checks());
    let warned = move || {
        flow.issues.with(|i| i.iter().any(|i| i.field == field::COMPANY_NAME && i.severity == customer_domain::Severity::Warning))
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
                <label for="f-ack-company-name">{move || settings.t(Key::AcknowledgeName)}</label>
            </div>
        </Show>
    }
}

#[component]
fn AgreementSection() -> impl IntoView {
    let (settings, form, checks, catalogues) = (use_settings(), use_form(), use_checks(), use_catalogues());
    let accepted_id = fields::AGREEMENT_ACCEPTED.dom_id();
    let accepted_issue = issue_text(fields::AGREEMENT_ACCEPTED.path);
    let accepted = move || form.draft.with(|d| d.agreement.accepted);
    let link = move || {
        catalogues.template.with(|t| t.as_ref().map(|t| t.agreement_link.clone())).filter(|l| !l.is_empty()).unwrap_or_else(|| "https://aka.ms/customeragreement".into())
    };
    view! {
        <fieldset>
            <legend><h2>{move || settings.t(Key::AgreementSection)}</h2></legend>
            <p><a href=link target="_blank" rel="noopener">{move || settings.t(Key::AgreementLink)}</a></p>
            <div class="field checkbox" class:field-invalid=move || accepted_issue.with(|i| i.is_some())>
                <FieldMessage id=accepted_id.clone() issue=accepted_issue />
                <input type="checkbox" id=accepted_id.clone()
                    aria-invalid=move || accepted_issue.with(|i| i.is_some()).then_some("true")
                    aria-describedby=move || accepted_issue.with(|i| i.is_some()).then(|| format!("{}-error", fields::AGREEMENT_ACCEPTED.dom_id()))
                    prop:checked=accepted
                    on:change=move |ev| { let on = event_target_checked(&ev); form.draft.update(|d| d.agreement.accepted = on); checks.recheck(); } />
                <label for=accepted_id.clone()>{move || settings.t(fields::AGREEMENT_ACCEPTED.label)}</label>
            </div>
            <TextField field=fields::SIGNER_FIRST_NAME width="input-medium" />
            <TextField field=fields::SIGNER_LAST_NAME width="input-medium" />
            <TextField field=fields::SIGNER_EMAIL input_type="email" />
            <TextField field=fields::SIGNER_PHONE optional=true input_type="tel" width="input-medium" />
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
    let (settings, form, checks) = (use_settings(), use_form(), use_checks());
    let field = fields::DATE_AGREED;
    let (path, lens) = (field.path, field.lens());
    let id = field.dom_id();
    let issue = issue_text(path);
    // While the partner types, the field shows what was typed: rewriting it as
    // soon as a prefix parses ("2026-11-2") would garble the rest of the date.
    let typing = RwSignal::new(None::<String>);
    // Another language shows the stored date in its own format at once.
    Effect::new(move |_| {
        settings.locale();
        typing.set(None);
    });
    let shown = Memo::new(move |_| {
        typing.get().unwrap_or_else(|| {
            let stored = form.draft.with(|d| (lens.read)(d).clone());
            Date::parse(&stored).map_or(stored, |date| date.format_in(settings.locale().date_order()))
        })
    });
    let store = move |typed: String| {
        let value = Date::parse_in(&typed, settings.locale().date_order()).map_or(typed, Date::to_iso);
        checks.set(lens, value);
    };
    let describedby = {
        let id = id.clone();
        move || described_by(true, &id, issue.with(|i| i.is_some()))
    };
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldLabel for_id=id.clone() label=field.label />
            <p class="hint" id=format!("{id}-hint")>{move || settings.t(Key::DateAgreedHint)}</p>
            <FieldMessage id=id.clone() issue=issue />
            <input type="text" inputmode="numeric" autocomplete="off" spellcheck="false" id=id.clone() name=path class="input-short"
                prop:value=move || shown.get()
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=describedby
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    typing.set(Some(typed.clone()));
                    store(typed);
                }
                // Leaving the field shows the date in the language's format.
                on:change=move |ev| {
                    store(event_target_value(&ev));
                    typing.set(None);
                } />
        </div>
    }
}
