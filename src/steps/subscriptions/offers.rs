//! The list of offers: a row per match, a license count per chosen offer.

use super::search::OfferSearch;
use crate::i18n::{self, Key};
use crate::state::fields;
use crate::state::{use_checks, use_form, use_settings};
use crate::widgets::fields::{issue_text, FieldMessage};
use crate::widgets::lists::{focus_value_next_frame, Numbers, ShowMore};
use customer_domain::catalog::Offer;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::validate::field;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// The matches of the search, a page at a time, with "Show more offers".
#[component]
pub(super) fn OfferList(search: OfferSearch, numbers: Numbers) -> impl IntoView {
    let (form, checks) = (use_form(), use_checks());
    let offers = search.offers;
    let list_issue = issue_text(field::SUBSCRIPTIONS);
    let list_id = fields::dom_id(field::SUBSCRIPTIONS);
    let list = NodeRef::<leptos::html::Div>::new();
    let show_more = move || {
        if let Some(id) = search.show_more().and_then(|i| offers.with_untracked(|offers| offers.get(i).map(|o| o.id.clone()))) {
            focus_value_next_frame(list, id);
        }
    };
    // One handler for every row's checkbox (a search replaces up to 50 rows
    // per keystroke; rows without listeners of their own are cheap to build).
    let toggle = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.type_() != "checkbox" {
            return;
        }
        let (id, on) = (input.value(), input.checked());
        let minimum = search.positions.with_untracked(|p| p.get(&id).copied()).map(|i| offers.with_untracked(|offers| offers[i].minimum_quantity)).unwrap_or(1);
        form.draft.update(|d| {
            d.subscriptions.retain(|s| s.offer_id != id);
            if on {
                d.subscriptions.push(SubscriptionDraft { offer_id: id, quantity: minimum.max(1).to_string() });
            }
        });
        checks.recheck();
    };
    view! {
        <div id=list_id.clone() tabindex="-1" class="offer-list" class:field-invalid=move || list_issue.with(|i| i.is_some())
            node_ref=list on:change=toggle>
            <FieldMessage id=list_id.clone() issue=list_issue />
            <For each=move || search.rows() key=|(id, catalogue, _)| (id.clone(), *catalogue) let((id, _, position))>
                {
                    let text = offers.with_untracked(|offers| search.positions.with_untracked(|positions| row_text(&offers[position], offers, positions, numbers)));
                    view! { <OfferRow id text chosen=search.chosen /> }
                }
            </For>
        </div>
        <ShowMore count=search.more() one=Key::ShowMoreOffersOne many=Key::ShowMoreOffers on_more=show_more />
    }
}

/// What a row says about its offer, worked out once when the row appears.
struct RowText {
    name: String,
    /// " · category · 1–300 licenses"
    details: String,
    /// " · Needs …" for add-ons.
    add_on: Option<String>,
    quantity_label: String,
}

fn row_text(offer: &Offer, offers: &[Offer], positions: &HashMap<String, usize>, numbers: Numbers) -> RowText {
    let settings = use_settings();
    let range = i18n::fill(
        settings.t(Key::LicenseRange),
        &[("min", &numbers.format(offer.minimum_quantity as usize)), ("max", &numbers.format(offer.maximum_quantity as usize))],
    );
    let add_on = (offer.is_add_on && !offer.prerequisite_offers.is_empty()).then(|| {
        let prerequisites: Vec<&str> = offer
            .prerequisite_offers
            .iter()
            .map(|p| positions.get(p).map_or(p.as_str(), |&i| offers[i].name.as_str()))
            .collect();
        format!(" · {}", i18n::fill(settings.t(Key::AddOnNeeds), &[("offers", &prerequisites.join(", "))]))
    });
    RowText {
        name: offer.name.clone(),
        details: format!(" · {} · {}", offer.category.name, range),
        add_on,
        quantity_label: format!("{} – {}", settings.t(Key::Quantity), offer.name),
    }
}

/// One offer: a checkbox, and the license count once chosen. Rows hold no
/// listeners of their own and two reactive bindings (the highlight of a
/// chosen or invalid row is CSS), so a search that brings in fifty new rows
/// stays well inside a frame.
#[component]
fn OfferRow(id: String, text: RowText, chosen: Memo<Vec<String>>) -> impl IntoView {
    let is_chosen = {
        let id = id.clone();
        move || chosen.with(|c| c.contains(&id))
    };
    let value = id.clone();
    let RowText { name, details, add_on, quantity_label } = text;
    let checked = is_chosen.clone();
    let quantity = move || is_chosen().then(|| view! { <QuantityField offer_id=id.clone() label=quantity_label.clone() /> });
    // The checkbox sits inside its label: no ids to build, and the whole text is the click target.
    view! {
        <div class="offer">
            <label class="offer-main checkbox">
                <input type="checkbox" value=value prop:checked=checked />
                <span class="choice-text">
                    <span class="offer-name">{name}</span>
                    <span class="muted">{details}</span>
                    {add_on.map(|a| view! { <span class="muted add-on">{a}</span> })}
                </span>
            </label>
            {quantity}
        </div>
    }
}

/// The license count of a chosen offer, within the offer's limits.
#[component]
fn QuantityField(offer_id: String, label: String) -> impl IntoView {
    let (form, checks) = (use_form(), use_checks());
    let path = field::quantity(&offer_id);
    let input_id = fields::dom_id(&path);
    let issue = issue_text(path);
    let quantity = {
        let id = offer_id.clone();
        move || form.draft.with(|d| d.subscriptions.iter().find(|s| s.offer_id == id).map(|s| s.quantity.clone()).unwrap_or_default())
    };
    let set_quantity = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        form.draft.update(|d| {
            if let Some(s) = d.subscriptions.iter_mut().find(|s| s.offer_id == offer_id) {
                s.quantity = value;
            }
        });
        checks.recheck();
    };
    let error_id = format!("{input_id}-error");
    view! {
        <div class="field offer-quantity">
            <label for=input_id.clone() class="visually-hidden">{label}</label>
            <FieldMessage id=input_id.clone() issue=issue />
            <input id=input_id type="text" inputmode="numeric" class="input-short"
                prop:value=quantity
                aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                aria-describedby=move || issue.with(|i| i.is_some()).then(|| error_id.clone())
                on:input=set_quantity />
        </div>
    }
}
