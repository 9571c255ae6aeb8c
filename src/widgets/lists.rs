//! Long lists: paging ("Show more"), focus after it, and a list that
//! failed to load with "Try again".

use crate::i18n::{self, Key};
use crate::services::browser;
use crate::state::{use_settings, Listing, Loading};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// After "Show more": once the new rows are in the DOM (next frame), focus
/// the control in `list` whose value is `value`, so a keyboard user carries
/// on from the first row added instead of from the button.
pub(crate) fn focus_value_next_frame(list: NodeRef<html::Div>, value: String) {
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
pub(crate) fn ListFailed(listing: Listing, message: Key, retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let settings = use_settings();
    view! {
        <Show when=move || listing.state.get() == Loading::Failed>
            <p class="load-error" role="alert">{settings.text(message)} " "
                <button type="button" class="link-button" on:click=move |_| retry()>{settings.text(Key::TryAgain)}</button>
            </p>
        </Show>
    }
}

/// "Show N more …" under a list that shows a page at a time; not there when
/// nothing is left. `one`/`many` word the count.
#[component]
pub(crate) fn ShowMore(count: Signal<usize>, one: Key, many: Key, on_more: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let settings = use_settings();
    let text = move || {
        let n = count.get();
        let number = browser::format_number(settings.locale().tag(), n);
        i18n::fill(i18n::counted(settings.locale(), n, one, many), &[("count", &number)])
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
pub(crate) fn next_page(matches: Memo<customer_domain::search::Matches>, limit: RwSignal<usize>, page: usize) -> Option<usize> {
    let shown = matches.with_untracked(|found| found.first.len());
    limit.set(shown + page);
    matches.with_untracked(|found| found.first.get(shown).copied())
}

/// A list's search box. Typing shows the first page of the new matches
/// (`restart`) and sets `query`.
#[component]
pub(crate) fn SearchBox(id: &'static str, label: Key, query: RwSignal<String>, restart: impl Fn() + 'static) -> impl IntoView {
    let settings = use_settings();
    view! {
        <div class="field">
            <label for=id>{settings.text(label)}</label>
            <input id=id type="search" class="input-full"
                prop:value=move || query.get() on:input=move |ev| { restart(); query.set(event_target_value(&ev)); } />
        </div>
    }
}

/// "Showing 25 of 1,200 …" under a searched list (`counts` = shown, total),
/// or `loading` while the list's first answer is on its way.
#[component]
pub(crate) fn ListCount(listing: Listing, empty: Signal<bool>, loading: Key, counts: Signal<(usize, usize)>, one: Key, many: Key, numbers: Numbers) -> impl IntoView {
    let settings = use_settings();
    let text = move || {
        if listing.state.get() == Loading::Busy && empty.get() {
            return settings.t(loading).to_owned();
        }
        let (shown, total) = counts.get();
        let wording = i18n::counted(settings.locale(), total, one, many);
        i18n::fill(wording, &[("shown", &numbers.format(shown)), ("total", &numbers.format(total))])
    };
    view! { <p class="muted" aria-live="polite">{text}</p> }
}

/// Numbers in the user's format, each formatted once: counts and limits
/// repeat as the user types, and formatting crosses into the browser.
#[derive(Clone, Copy)]
pub(crate) struct Numbers {
    locale: &'static str,
    formatted: StoredValue<std::collections::HashMap<usize, String>>,
}

impl Numbers {
    pub(crate) fn new(locale: &'static str) -> Self {
        Self { locale, formatted: StoredValue::new(Default::default()) }
    }

    pub(crate) fn format(self, n: usize) -> String {
        if let Some(text) = self.formatted.with_value(|f| f.get(&n).cloned()) {
            return text;
        }
        let text = browser::format_number(self.locale, n);
        self.formatted.update_value(|f| {
            f.insert(n, text.clone());
        });
        text
    }
}
