//! The error summary: "There is a problem", one link per problem.

use super::fields::worded;
use crate::i18n::Key;
use crate::state::fields;
use crate::state::{effect, use_flow, use_settings};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// "There is a problem": one link per problem, focused after a failed continue.
#[component]
pub(crate) fn ErrorSummary() -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    let summary = NodeRef::<html::Div>::new();
    let mut previous = None;
    effect(move || {
        let bump = flow.focus_summary.get();
        let previous = previous.replace(bump);
        if previous.is_some_and(|p| p != bump) || (previous.is_none() && bump > 0) {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    // One handler for every link (a link is replaced whenever its problem's
    // wording changes, and links without listeners are cheap to build): the
    // link's fragment is the id of its field.
    let focus_field = move |ev: leptos::ev::MouseEvent| {
        let Some(link) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("a").ok().flatten()) else { return };
        ev.prevent_default();
        let id = link.get_attribute("href").unwrap_or_default().trim_start_matches('#').to_owned();
        let root = link.get_root_node();
        let target = root.dyn_ref::<web_sys::ShadowRoot>()
            .and_then(|r| r.get_element_by_id(&id))
            .or_else(|| root.dyn_ref::<web_sys::Document>().and_then(|d| d.get_element_by_id(&id)));
        if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
            el.scroll_into_view();
        }
    };
    view! {
        <Show when=move || flow.issues.with(|i| !i.is_empty())>
            <div class="error-summary" role=move || flow.summary_is_alert.get().then_some("alert") tabindex="-1" node_ref=summary aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{settings.text(Key::ThereIsAProblem)}</h2>
                <ul on:click=focus_field>
                    // Keyed by field and wording: a keystroke that changes one
                    // problem replaces one link, not the whole list.
                    <For
                        each=move || {
                            let locale = settings.locale();
                            flow.issues.with(|issues| issues.iter().map(|issue| (issue.field.clone(), worded(locale, issue))).collect::<Vec<_>>())
                        }
                        key=|link| link.clone()
                        let((path, text))
                    >
                        <li><a href=format!("#{}", fields::dom_id(&path))>{text}</a></li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

