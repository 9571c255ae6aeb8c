//! Form building blocks: labelled controls whose problems are linked to them
//! (aria-describedby, aria-invalid), the error summary and the step heading.

use crate::fields;
use crate::i18n::{self, Key};
use crate::state::{use_wizard, Step};
use customer_domain::{CustomerDraft, FieldIssue, Severity};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Reads and writes one string of the draft.
#[derive(Clone, Copy)]
pub struct Lens {
    pub read: fn(&CustomerDraft) -> &String,
    pub write: fn(&mut CustomerDraft) -> &mut String,
}

/// `lens!(account.address.city)`
#[macro_export]
macro_rules! lens {
    ($($path:ident).+) => {
        $crate::components::Lens {
            read: |d: &customer_domain::CustomerDraft| &d.$($path).+,
            write: |d: &mut customer_domain::CustomerDraft| &mut d.$($path).+,
        }
    };
}

/// The first problem for `path`, worded in the user's language.
pub fn issue_text(path: impl Into<String>) -> Memo<Option<(String, Severity)>> {
    let wizard = use_wizard();
    let path: String = path.into();
    Memo::new(move |_| {
        let locale = wizard.locale();
        wizard.issues.with(|issues| {
            issues.iter().find(|i| i.field == path).map(|i| (worded(locale, i), i.severity))
        })
    })
}

pub fn worded(locale: i18n::Locale, issue: &FieldIssue) -> String {
    let info = fields::info(&issue.field);
    i18n::message(locale, &issue.message, i18n::text(locale, info.label), info.is_choice)
}

/// Writes a value into the draft and re-checks fields in error.
pub fn set_value(lens: Lens, value: String) {
    let wizard = use_wizard();
    wizard.draft.update(|d| *(lens.write)(d) = value);
    wizard.recheck();
}

fn described_by(hint: bool, id: &str, error: bool) -> Option<String> {
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
pub fn FieldMessage(id: String, issue: Memo<Option<(String, Severity)>>) -> impl IntoView {
    let wizard = use_wizard();
    view! {
        <Show when=move || issue.with(|i| i.is_some())>
            <p id=format!("{id}-error") class=move || match issue.get().map(|i| i.1) {
                Some(Severity::Warning) => "field-message warning",
                _ => "field-message error",
            }>
                <span class="visually-hidden">{move || wizard.t(Key::ErrorTitlePrefix)}</span>
                {move || issue.get().map(|i| i.0).unwrap_or_default()}
            </p>
        </Show>
    }
}

/// A control's label, with "(optional)" where the answer may be left empty.
#[component]
fn FieldLabel(for_id: String, label: Key, optional: bool) -> impl IntoView {
    let wizard = use_wizard();
    view! {
        <label for=for_id>
            {move || wizard.t(label)}
            {optional.then(|| view! { " " <span class="optional">{move || wizard.t(Key::Optional)}</span> })}
        </label>
    }
}

#[component]
pub fn TextField(
    label: Key,
    path: &'static str,
    lens: Lens,
    #[prop(optional)] optional: bool,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] suffix: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
) -> impl IntoView {
    let wizard = use_wizard();
    let id = fields::dom_id(path);
    let value = Memo::new(move |_| wizard.draft.with(|d| (lens.read)(d).clone()));
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
                    on:input=move |ev| set_value(lens, event_target_value(&ev))
                />
                {suffix.map(|s| view! { <span class="input-suffix" aria-hidden="true">{s}</span> })}
            </div>
        </div>
    }
}

#[component]
pub fn SelectField(
    label: Key,
    path: &'static str,
    lens: Lens,
    /// (value, text) pairs.
    options: Signal<Vec<(String, String)>>,
    placeholder: Key,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let wizard = use_wizard();
    let id = fields::dom_id(path);
    let value = Memo::new(move |_| wizard.draft.with(|d| (lens.read)(d).clone()));
    let issue = issue_text(path);
    let describedby = {
        let id = id.clone();
        move || described_by(false, &id, issue.with(|i| i.is_some()))
    };
    view! {
        <div class="field" class:field-invalid=move || issue.with(|i| i.is_some())>
            <FieldLabel for_id=id.clone() label=label optional=optional />
            <FieldMessage id=id.clone() issue=issue />
            <select
                id=id.clone()
                name=path
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=describedby
                on:change=move |ev| set_value(lens, event_target_value(&ev))
            >
                <option value="" selected=move || value.with(|v| v.is_empty())>{move || wizard.t(placeholder)}</option>
                <For each=move || options.get() key=|(v, t)| (v.clone(), t.clone()) let((v, t))>
                    {
                        let selected_value = v.clone();
                        view! { <option value=v selected=move || value.with(|cur| *cur == selected_value)>{t}</option> }
                    }
                </For>
            </select>
        </div>
    }
}

/// "There is a problem": one link per problem, focused after a failed continue.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let wizard = use_wizard();
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |previous: Option<u32>| {
        let bump = wizard.focus_summary.get();
        if previous.is_some_and(|p| p != bump) || (previous.is_none() && bump > 0) {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
        bump
    });
    let focus_field = move |path: String| {
        let target = summary.get().and_then(|el| {
            let root = el.get_root_node();
            let id = fields::dom_id(&path);
            root.dyn_ref::<web_sys::ShadowRoot>()
                .and_then(|r| r.get_element_by_id(&id))
                .or_else(|| root.dyn_ref::<web_sys::Document>().and_then(|d| d.get_element_by_id(&id)))
        });
        if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
            el.scroll_into_view();
        }
    };
    view! {
        <Show when=move || wizard.issues.with(|i| !i.is_empty())>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{move || wizard.t(Key::ThereIsAProblem)}</h2>
                <ul>
                    // Keyed by field and wording: a keystroke that changes one
                    // problem replaces one link, not the whole list.
                    <For
                        each=move || {
                            let locale = wizard.locale();
                            wizard.issues.with(|issues| issues.iter().map(|issue| (issue.field.clone(), worded(locale, issue))).collect::<Vec<_>>())
                        }
                        key=|link| link.clone()
                        let((path, text))
                    >
                        <li>
                            <a href=format!("#{}", fields::dom_id(&path)) on:click=move |ev| { ev.prevent_default(); focus_field(path.clone()); }>{text}</a>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// The step's heading (focused when the user arrives) with "Step n of m".
#[component]
pub fn StepHeading(step: Step) -> impl IntoView {
    let wizard = use_wizard();
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            if wizard.focus_heading.get_untracked() {
                let _ = h.focus();
            }
        }
    });
    let position = move || {
        let flow = wizard.flow();
        flow.iter().position(|s| *s == step).map(|i| {
            i18n::fill(wizard.t(Key::StepOf), &[("n", &(i + 1).to_string()), ("total", &flow.len().to_string())])
        })
    };
    view! {
        <div class="step-heading">
            {move || position().map(|p| view! { <p class="step-indicator">{p}</p> })}
            <h1 tabindex="-1" node_ref=heading>{move || wizard.t(step.title())}</h1>
        </div>
    }
}

#[component]
pub fn BackLink(to: Step) -> impl IntoView {
    let wizard = use_wizard();
    view! {
        <button type="button" class="back-link" on:click=move |_| wizard.go(to)>
            {move || wizard.t(Key::Back)}
        </button>
    }
}

/// After "Show more": once the new rows are in the DOM (next frame), focus
/// the control in `list` whose value is `value`, so a keyboard user carries
/// on from the first row added instead of from the button.
pub fn focus_value_next_frame(list: NodeRef<html::Div>, value: String) {
    request_animation_frame(move || {
        let Some(list) = list.get_untracked() else { return };
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        let control = list.query_selector(&format!("input[value=\"{quoted}\"]")).ok().flatten();
        if let Some(control) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = control.focus();
        }
    });
}

/// A list that could not be fetched: says so, with "Try again" (`retry`).
#[component]
pub fn ListFailed(listing: crate::state::Listing, message: Key, retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let wizard = use_wizard();
    view! {
        <Show when=move || listing.state.get() == crate::state::Loading::Failed>
            <p class="load-error" role="alert">{move || wizard.t(message)} " "
                <button type="button" class="link-button" on:click=move |_| retry()>{move || wizard.t(Key::TryAgain)}</button>
            </p>
        </Show>
    }
}

/// "Show N more …" under a list that shows a page at a time; not there when
/// nothing is left. `one`/`many` word the count.
#[component]
pub fn ShowMore(count: Signal<usize>, one: Key, many: Key, on_more: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let wizard = use_wizard();
    let text = move || {
        let n = count.get();
        let number = crate::util::format_number(wizard.locale().tag(), n as f64);
        i18n::fill(i18n::counted(wizard.locale(), n, one, many), &[("count", &number)])
    };
    view! {
        <Show when=move || { count.get() > 0 }>
            <p>
                <button type="button" class="button" on:click=move |_| on_more()>{text}</button>
            </p>
        </Show>
    }
}

/// Shows `page` more of a search's matches (by raising `limit`); the position
/// of the first match added, for focus to move to.
pub fn next_page(matches: Memo<customer_domain::search::Matches>, limit: RwSignal<usize>, page: usize) -> Option<usize> {
    let shown = matches.with_untracked(|found| found.first.len());
    limit.set(shown + page);
    matches.with_untracked(|found| found.first.get(shown).copied())
}
