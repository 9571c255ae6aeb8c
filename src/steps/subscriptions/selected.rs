//! Beside the list: the chosen offers and their license counts.

use super::search::OfferSearch;
use crate::i18n::Key;
use crate::state::{use_form, use_settings};
use leptos::prelude::*;

#[component]
pub(super) fn SelectedSummary(search: OfferSearch) -> impl IntoView {
    let (settings, form) = (use_settings(), use_form());
    let (offers, positions) = (search.offers, search.positions);
    let rows = move || {
        offers.with(|offers| {
            positions.with(|positions| {
                form.draft.with(|d| {
                    d.subscriptions
                        .iter()
                        .map(|s| {
                            let name = positions.get(&s.offer_id).map_or_else(|| s.offer_id.clone(), |&i| offers[i].name.clone());
                            (name, s.quantity.clone())
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    view! {
        <aside class="selected-summary" aria-live="polite">
            <h2>{move || format!("{} ({})", settings.t(Key::Selected), form.draft.with(|d| d.subscriptions.len()))}</h2>
            <ul>
                {move || rows().into_iter().map(|(name, q)| view! { <li>{format!("{name} × {q}")}</li> }).collect_view()}
            </ul>
        </aside>
    }
}
