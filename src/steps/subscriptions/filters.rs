//! Above the list: the search box and the category.

use super::search::OfferSearch;
use crate::i18n::Key;
use crate::state::use_settings;
use crate::widgets::lists::SearchBox;
use leptos::prelude::*;

#[component]
pub(super) fn OfferFilters(search: OfferSearch) -> impl IntoView {
    view! {
        <div class="filters">
            <SearchBox id="offer-search" label=Key::SearchOffers query=search.query restart=move || search.restart() />
            <CategorySelect search />
        </div>
    }
}

/// The catalogue's categories, in the order they first appear.
#[component]
fn CategorySelect(search: OfferSearch) -> impl IntoView {
    let settings = use_settings();
    let (offers, category) = (search.offers, search.category);
    let categories = Memo::new(move |_| {
        offers.with(|offers| {
            let mut seen: Vec<(String, String)> = Vec::new();
            for o in offers {
                if !seen.iter().any(|(id, _)| *id == o.category.id) {
                    seen.push((o.category.id.clone(), o.category.name.clone()));
                }
            }
            seen
        })
    });
    view! {
        <div class="field">
            <label for="offer-category">{settings.text(Key::Category)}</label>
            <select id="offer-category" on:change=move |ev| { search.restart(); category.set(event_target_value(&ev)); }>
                <option value="" selected=move || category.with(|c| c.is_empty())>{settings.text(Key::AllCategories)}</option>
                <For each=move || categories.get() key=|c| c.clone() let((id, name))>
                    {
                        let chosen = id.clone();
                        view! { <option value=id selected=move || category.with(|c| *c == chosen)>{name}</option> }
                    }
                </For>
            </select>
        </div>
    }
}
