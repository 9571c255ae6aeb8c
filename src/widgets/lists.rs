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
            <p class="load-error" role="alert">{move || settings.t(message)} " "
                <button type="button" class="link-button" on:click=move |_| retry()>{move || settings.t(Key::TryAgain)}</button>
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
        let number = browser::format_number(settings.locale().tag(), n as f64);
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
