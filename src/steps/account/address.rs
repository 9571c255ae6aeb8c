//! The company's address and phone, as the chosen country asks for them.

use crate::state::effect;
use crate::i18n::{self, Key};
use crate::services::browser::{self, Debounce};
use crate::state::fields;
use crate::state::{use_catalogues, use_form, use_settings};
use crate::widgets::fields::{SelectField, TextField};
use crate::widgets::lists::ListFailed;
use customer_domain::country::CountryRules;
use leptos::prelude::*;

#[component]
pub(super) fn AddressFields() -> impl IntoView {
    view! {
        <CountrySelect />
        <TextField field=fields::ADDRESS_LINE1 autocomplete="address-line1" />
        <TextField field=fields::ADDRESS_LINE2 optional=true autocomplete="address-line2" />
        <TextField field=fields::CITY autocomplete="address-level2" width="input-medium" />
        <StateField />
        <PostalCodeField />
        <OrganizationNumberField />
        <CultureSelect />
        <CompanyPhoneField />
    }
}

/// A rule of the chosen country; `None` until its rules have arrived.
fn country_rule<T: 'static>(read: impl Fn(&CountryRules) -> T + 'static) -> impl Fn() -> Option<T> {
    let catalogues = use_catalogues();
    move || catalogues.country_rules.with(|r| r.as_ref().map(&read))
}

/// How long after Account info is shown its country list is named anyway.
const NAME_COUNTRIES_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// The countries the partner sells in, named in the user's language.
#[component]
fn CountrySelect() -> impl IntoView {
    let (settings, form, catalogues) = (use_settings(), use_form(), use_catalogues());
    // Naming costs ~60 ms at 4× CPU (the browser loads its region names), so
    // the first render offers codes, named once the list is used (focus or a
    // press, both before it opens), a country is chosen (by the first
    // screen's hand-over, or a draft), or the browser is idle after the
    // start (so a list filled in by autofill is named too), and from then on.
    let used = RwSignal::new(false);
    let when_idle = Debounce::new(NAME_COUNTRIES_AFTER, move || browser::when_idle(move || {
        let _ = used.try_set(true);
    }));
    when_idle.schedule();
    StoredValue::new_local(when_idle); // its timer goes with the step
    let chosen = Memo::new(move |_| form.draft.with(|d| !d.account.address.country.is_empty()));
    let named = Memo::new(move |before: Option<&bool>| before == Some(&true) || used.get() || chosen.get());
    // A memo: 246 names in the user's language, sorted, are worth computing once.
    let options = Memo::new(move |_| {
        let allowed = settings.config.with(|c| c.allowed_countries.clone());
        let offered = catalogues.countries.get().into_iter().filter(|c| allowed.is_empty() || allowed.contains(c));
        if named.get() {
            browser::regions_by_name(settings.locale().tag(), offered)
        } else {
            offered.map(|code| (code.clone(), code)).collect()
        }
    });
    let listing = catalogues.countries_listing;
    view! {
        <ListFailed listing message=Key::CountriesFailed retry=move || listing.try_again() />
        <div on:focusin=move |_| used.set(true) on:pointerdown=move |_| used.set(true)>
            <SelectField field=fields::COUNTRY options=options.into() placeholder=Key::SelectCountry width="input-medium" />
        </div>
    }
}

/// A list of the country's states, a text field where a state is required
/// but not listed, or nothing.
#[component]
fn StateField() -> impl IntoView {
    let catalogues = use_catalogues();
    let options = Memo::new(move |_| {
        catalogues.country_rules.with(|r| {
            r.as_ref()
                .map(|r| r.supported_states_list.iter().enumerate().map(|(i, code)| (code.clone(), r.supported_state_names.get(i).cloned().unwrap_or_else(|| code.clone()))).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let required = country_rule(|r| r.is_state_required);
    move || {
        if options.with(|s| !s.is_empty()) {
            let optional = required() == Some(false);
            view! { <SelectField field=fields::STATE options=options.into() placeholder=Key::SelectState optional /> }.into_any()
        } else if required() == Some(true) {
            view! { <TextField field=fields::STATE autocomplete="address-level1" width="input-medium" /> }.into_any()
        } else {
            ().into_any()
        }
    }
}

/// The postal code, with one of the country's examples as its hint.
#[component]
fn PostalCodeField() -> impl IntoView {
    let settings = use_settings();
    let required = country_rule(|r| r.is_postal_code_required);
    let example = country_rule(|r| r.postal_code_examples.first().cloned());
    let hint = Signal::derive(move || {
        example().flatten().map(|ex| i18n::fill(settings.t(Key::PostalCodeExample), &[("example", &ex)])).unwrap_or_default()
    });
    move || view! { <TextField field=fields::POSTAL_CODE optional={required() == Some(false)} hint autocomplete="postal-code" width="input-short" /> }
}

#[component]
fn OrganizationNumberField() -> impl IntoView {
    let required = country_rule(|r| r.is_organization_registration_number_required);
    view! {
        <Show when=move || required() == Some(true)>
            <TextField field=fields::ORG_REGISTRATION width="input-medium" />
        </Show>
    }
}

/// The language for communication, among the country's (only when there is
/// a choice). Partner Center's `language` follows it: the culture's language part.
#[component]
fn CultureSelect() -> impl IntoView {
    let (settings, form, catalogues) = (use_settings(), use_form(), use_catalogues());
    let options = Memo::new(move |_| {
        catalogues.country_rules.with(|r| {
            let cultures = r.as_ref().map(|r| r.supported_cultures_list.as_slice()).unwrap_or_default();
            // Only a choice is shown, and naming costs ~60 ms at 4× CPU (the
            // browser loads its language names): none for no choice, as on
            // the first render, before a country is picked.
            if cultures.len() < 2 {
                return Vec::new();
            }
            let names = browser::DisplayNames::languages(settings.locale().tag());
            cultures.iter().map(|c| (c.clone(), names.of(c))).collect::<Vec<_>>()
        })
    });
    effect(move || {
        let culture = form.draft.with(|d| d.account.culture.clone());
        let language = culture.split('-').next().unwrap_or_default().to_owned();
        if form.draft.with_untracked(|d| d.account.language != language) {
            form.draft.update(|d| d.account.language = language);
        }
    });
    view! {
        <Show when=move || options.with(|c| c.len() > 1)>
            <SelectField field=fields::CULTURE options=options.into() placeholder=Key::SelectCulture />
        </Show>
    }
}

#[component]
fn CompanyPhoneField() -> impl IntoView {
    let required = country_rule(|r| r.is_phone_number_required);
    move || view! { <TextField field=fields::PHONE optional={required() != Some(true)} input_type="tel" autocomplete="tel" width="input-medium" /> }
}
