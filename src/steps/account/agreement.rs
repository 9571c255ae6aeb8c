//! The customer's acceptance of the Microsoft Customer Agreement: accepted,
//! who signed, and when.

use crate::state::effect;
use crate::i18n::Key;
use crate::state::fields;
use crate::state::{use_catalogues, use_checks, use_form, use_settings};
use crate::widgets::fields::{described_by, issue_text, FieldLabel, FieldMessage, TextField};
use customer_domain::date::Date;
use leptos::prelude::*;

#[component]
pub(super) fn AgreementSection() -> impl IntoView {
    let (settings, catalogues) = (use_settings(), use_catalogues());
    let link = move || {
        catalogues.template.with(|t| t.as_ref().map(|t| t.agreement_link.clone())).filter(|l| !l.is_empty()).unwrap_or_else(|| "https://aka.ms/customeragreement".into())
    };
    view! {
        <fieldset>
            <legend><h2>{settings.text(Key::AgreementSection)}</h2></legend>
            <p><a href=link target="_blank" rel="noopener">{settings.text(Key::AgreementLink)}</a></p>
            <AcceptedCheckbox />
            <TextField field=fields::SIGNER_FIRST_NAME width="input-medium" />
            <TextField field=fields::SIGNER_LAST_NAME width="input-medium" />
            <TextField field=fields::SIGNER_EMAIL input_type="email" />
            <TextField field=fields::SIGNER_PHONE optional=true input_type="tel" width="input-medium" />
            <DateField />
        </fieldset>
    }
}

/// "The customer has accepted the agreement".
#[component]
fn AcceptedCheckbox() -> impl IntoView {
    let (settings, form, checks) = (use_settings(), use_form(), use_checks());
    let field = fields::AGREEMENT_ACCEPTED;
    let id = field.dom_id();
    let issue = issue_text(field.path);
    let error_id = format!("{id}-error");
    let accept = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        form.draft.update(|d| d.agreement.accepted = on);
        checks.recheck();
    };
    view! {
        <div class="field checkbox" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldMessage id=id.clone() issue=issue />
            <input type="checkbox" id=id.clone()
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=move || issue.with(|i| i.is_some()).then(|| error_id.clone())
                prop:checked=move || form.draft.with(|d| d.agreement.accepted)
                on:change=accept />
            <label for=id>{settings.text(field.label)}</label>
        </div>
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
    effect(move || {
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
        checks.set(lens, fields::typed_date(typed, settings.locale()));
    };
    let describedby = {
        let id = id.clone();
        move || described_by(true, &id, issue.with(|i| i.is_some()))
    };
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldLabel for_id=id.clone() label=field.label />
            <p class="hint" id=format!("{id}-hint")>{settings.text(Key::DateAgreedHint)}</p>
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
