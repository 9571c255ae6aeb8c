//! Labelled controls whose problems are linked to them (aria-describedby,
//! aria-invalid), each built from the field's one definition.

use crate::i18n::{self, Key};
use crate::state::fields::{self, Field};
use crate::state::{use_checks, use_flow, use_form, use_settings};
use customer_domain::{FieldIssue, Severity};
use leptos::prelude::*;

/// The first problem for `path`, worded in the user's language. It follows
/// that field's problem alone: another field's change does not wake it.
pub(crate) fn issue_text(path: impl Into<String>) -> Memo<Option<(String, Severity)>> {
    let (settings, flow) = (use_settings(), use_flow());
    let path: String = path.into();
    Memo::new(move |_| {
        let locale = settings.locale();
        flow.first_issue(&path, |issue| issue.map(|i| (worded(locale, i), i.severity)))
    })
}

/// A problem in the user's language, naming its field.
pub(crate) fn worded(locale: i18n::Locale, issue: &FieldIssue) -> String {
    let field = fields::find(&issue.field);
    i18n::message(locale, &issue.message, i18n::text(locale, field.label), field.is_choice)
}

pub(crate) fn described_by(hint: bool, id: &str, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub(crate) fn FieldMessage(id: String, issue: Memo<Option<(String, Severity)>>) -> impl IntoView {
    let settings = use_settings();
    view! {
        <Show when=move || issue.with(|i| i.is_some())>
            <p id=format!("{id}-error") class=move || match issue.get().map(|i| i.1) {
                Some(Severity::Warning) => "field-message warning",
                _ => "field-message error",
            }>
                <span class="visually-hidden">{settings.text(Key::ErrorTitlePrefix)}</span>
                {move || issue.get().map(|i| i.0).unwrap_or_default()}
            </p>
        </Show>
    }
}

/// A control's label, with "(optional)" where the answer may be left empty.
#[component]
pub(crate) fn FieldLabel(for_id: String, label: Key, #[prop(optional)] optional: bool) -> impl IntoView {
    let settings = use_settings();
    view! {
        <label for=for_id>
            {settings.text(label)}
            {optional.then(|| view! { " " <span class="optional">{settings.text(Key::Optional)}</span> })}
        </label>
    }
}

#[component]
pub(crate) fn TextField(
    field: Field,
    #[prop(optional)] optional: bool,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] suffix: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
) -> impl IntoView {
    let (form, checks) = (use_form(), use_checks());
    let (path, lens, label) = (field.path, field.lens(), field.label);
    let id = field.dom_id();
    let value = Memo::new(move |_| form.draft.with(|d| (lens.read)(d).clone()));
    let issue = issue_text(path);
    let has_hint = hint.is_some();
    let describedby = {
        let id = id.clone();
        move || described_by(has_hint, &id, issue.with(|i| i.is_some()))
    };
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldLabel for_id=id.clone() label=label optional=optional />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldMessage id=id.clone() issue=issue />
            <div class="input-row">
                <input
                    id=id.clone()
                    name=path
                    type=input_type
                    class=width.unwrap_or("input-full")
                    autocomplete=autocomplete
                    spellcheck="false"
                    prop:value=move || value.get()
                    aria-invalid=move || issue.with(|i| i.as_ref().is_some_and(|i| i.1 == Severity::Error)).then_some("true")
                    aria-describedby=describedby
                    on:input=move |ev| checks.set(lens, event_target_value(&ev))
                />
                {suffix.map(|s| view! { <span class="input-suffix" aria-hidden="true">{s}</span> })}
            </div>
        </div>
    }
}

#[component]
pub(crate) fn SelectField(
    field: Field,
    /// (value, text) pairs.
    options: Signal<Vec<(String, String)>>,
    placeholder: Key,
    #[prop(optional)] optional: bool,
    /// A fixed width (a CSS class): otherwise the longest option's, which
    /// changes as a list arrives.
    #[prop(optional)] width: Option<&'static str>,
) -> impl IntoView {
    let (settings, form, checks) = (use_settings(), use_form(), use_checks());
    let (path, lens, label) = (field.path, field.lens(), field.label);
    let id = field.dom_id();
    let value = Memo::new(move |_| form.draft.with(|d| (lens.read)(d).clone()));
    let issue = issue_text(path);
    let describedby = {
        let id = id.clone();
        move || described_by(false, &id, issue.with(|i| i.is_some()))
    };
    let select = NodeRef::<leptos::html::Select>::new();
    fill_options(select, options, value);
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldLabel for_id=id.clone() label=label optional=optional />
            <FieldMessage id=id.clone() issue=issue />
            <select
                node_ref=select
                id=id.clone()
                class=width
                name=path
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=describedby
                on:change=move |ev| checks.set(lens, event_target_value(&ev))
            >
                <option value="" selected=move || value.with(|v| v.is_empty())>{settings.text(placeholder)}</option>
                {static_options(options)}
            </select>
        </div>
    }
}

/// In the browser the options are the browser's own, put in whole when the
/// list changes (see `browser::set_options`), and the value chosen follows
/// the draft.
#[cfg(target_arch = "wasm32")]
fn fill_options(select: NodeRef<leptos::html::Select>, options: Signal<Vec<(String, String)>>, value: Memo<String>) {
    use crate::services::browser;
    Effect::new(move |_| {
        let Some(select) = select.get() else { return };
        options.with(|list| browser::set_options(&select, list, &value.get_untracked()));
    });
    Effect::new(move |_| {
        let chosen = value.get();
        if let Some(select) = select.get_untracked() {
            select.set_value(&chosen);
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn fill_options(_: NodeRef<leptos::html::Select>, _: Signal<Vec<(String, String)>>, _: Memo<String>) {}

/// The build-time render (no effects run there) writes the options into the
/// first screen's markup.
#[cfg(not(target_arch = "wasm32"))]
fn static_options(options: Signal<Vec<(String, String)>>) -> impl IntoView {
    options.get_untracked().into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()
}

#[cfg(target_arch = "wasm32")]
fn static_options(_: Signal<Vec<(String, String)>>) -> impl IntoView {}

