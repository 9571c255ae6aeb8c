//! Subscriptions: pick offers from the country's catalogue and a number of
//! licenses for each, within the offer's limits.

use crate::i18n::{self, Key};
use crate::services::browser;
use crate::state::fields;
use crate::state::{use_catalogues, use_checks, use_flow, use_form, use_settings, Loading};
use crate::step::Step;
use crate::widgets::fields::{issue_text, FieldMessage};
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::lists::{focus_value_next_frame, next_page, ListFailed, ShowMore};
use crate::widgets::summary::ErrorSummary;
use customer_domain::catalog::Offer;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::search::{Matches, SearchIndex, SearchMemory};
use customer_domain::validate::field;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// Rows shown at first, and added by each "Show more offers". A search
/// rebuilds what it shows on every keystroke, so this is what it costs.
const PAGE_ROWS: usize = 25;

/// The search index of a catalogue: each offer's name and id.
pub(crate) fn offer_index(offers: &[Offer]) -> SearchIndex {
    SearchIndex::new(offers.iter().map(|o| [o.name.as_str(), o.id.as_str()]))
}

/// Offers for sale matching `query` (name or id, any case) and `category`;
/// `memory` lets a query typed on search only the last one's matches.
pub(crate) fn filter_offers(offers: &[Offer], index: &SearchIndex, memory: &mut SearchMemory, query: &str, category: &str, limit: usize) -> Matches {
    let for_sale = |i: usize| offers[i].is_available_for_purchase && (category.is_empty() || offers[i].category.id == category);
    index.search_from(memory, query, for_sale, limit)
}

#[component]
pub(crate) fn Subscriptions() -> impl IntoView {
    let (settings, form, flow, checks, catalogues) = (use_settings(), use_form(), use_flow(), use_checks(), use_catalogues());
    let (query, category) = (form.offer_query, form.offer_category);
    let categories = Memo::new(move |_| {
        catalogues.offers.with(|offers| {
            let mut seen: Vec<(String, String)> = Vec::new();
            for o in offers {
                if !seen.iter().any(|(id, _)| *id == o.category.id) {
                    seen.push((o.category.id.clone(), o.category.name.clone()));
                }
            }
            seen
        })
    });
    let index = Memo::new(move |_| catalogues.offers.with(|offers| offer_index(offers)));
    // Each offer's place in the catalogue by id: add-ons name their
    // prerequisites, and the list's one change handler finds the offer.
    let positions = Memo::new(move |_| {
        catalogues.offers.with(|offers| offers.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect::<HashMap<_, _>>())
    });
    let memory = StoredValue::new(SearchMemory::default());
    // How many matches are shown; a new search or category starts at one page.
    let limit = RwSignal::new(PAGE_ROWS);
    let matches = Memo::new(move |_| {
        let q = query.get();
        let c = category.get();
        let limit = limit.get();
        index.with(|index| {
            catalogues.offers.with(|offers| memory.try_update_value(|memory| filter_offers(offers, index, memory, &q, &c, limit)).unwrap_or_default())
        })
    });
    let list = NodeRef::<leptos::html::Div>::new();
    let show_more = move || {
        let first_new = next_page(matches, limit, PAGE_ROWS);
        if let Some(id) = first_new.and_then(|i| catalogues.offers.with_untracked(|offers| offers.get(i).map(|o| o.id.clone()))) {
            focus_value_next_frame(list, id);
        }
    };
    let more = Signal::derive(move || matches.with(|found| found.remaining().min(PAGE_ROWS)));
    // Ids of the chosen offers: what every row's checkbox reads.
    let chosen = Memo::new(move |_| form.draft.with(|d| d.subscriptions.iter().map(|s| s.offer_id.clone()).collect::<Vec<_>>()));
    // The rows shown, keyed by offer id; a row is built only when it appears.
    // Chosen offers the search leaves out come first, so their license counts
    // (and the error summary's links to them) are always on the page.
    // A new catalogue (another language) is new rows, with its own texts.
    let rows = move || {
        let catalogue = index.with(|index| index.id());
        matches.with(|found| {
            chosen.with(|chosen| {
                positions.with(|positions| {
                    let pinned = chosen.iter().filter_map(|id| positions.get(id).copied()).filter(|i| !found.first.contains(i));
                    catalogues.offers.with(|offers| {
                        pinned.chain(found.first.iter().copied()).map(|i| (offers[i].id.clone(), catalogue, i)).collect::<Vec<_>>()
                    })
                })
            })
        })
    };
    // One handler for every row's checkbox (a search replaces up to 50 rows
    // per keystroke; rows without listeners of their own are cheap to build).
    let toggle = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.type_() != "checkbox" {
            return;
        }
        let id = input.value();
        let on = input.checked();
        let minimum = positions.with_untracked(|p| p.get(&id).copied())
            .map(|i| catalogues.offers.with_untracked(|offers| offers[i].minimum_quantity))
            .unwrap_or(1);
        form.draft.update(|d| {
            d.subscriptions.retain(|s| s.offer_id != id);
            if on {
                d.subscriptions.push(SubscriptionDraft { offer_id: id, quantity: minimum.max(1).to_string() });
            }
        });
        checks.recheck();
    };
    let numbers = NumberCache::new(settings.locale().tag());
    let list_issue = issue_text(field::SUBSCRIPTIONS);
    let list_id = fields::dom_id(field::SUBSCRIPTIONS);

    view! {
        <section class="step">
            <BackLink to=if settings.indirect() { Step::Reseller } else { Step::Account } />
            <ErrorSummary />
            <StepHeading step=Step::Subscriptions />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); checks.continue_from(Step::Subscriptions); }>
                <div class="filters">
                    <div class="field">
                        <label for="offer-search">{move || settings.t(Key::SearchOffers)}</label>
                        <input id="offer-search" type="search" class="input-full"
                            prop:value=move || query.get() on:input=move |ev| { limit.set(PAGE_ROWS); query.set(event_target_value(&ev)); } />
                    </div>
                    <div class="field">
                        <label for="offer-category">{move || settings.t(Key::Category)}</label>
                        <select id="offer-category" on:change=move |ev| { limit.set(PAGE_ROWS); category.set(event_target_value(&ev)); }>
                            <option value="" selected=move || category.with(|c| c.is_empty())>{move || settings.t(Key::AllCategories)}</option>
                            <For each=move || categories.get() key=|c| c.clone() let((id, name))>
                                {
                                    let chosen = id.clone();
                                    view! { <option value=id selected=move || category.with(|c| *c == chosen)>{name}</option> }
                                }
                            </For>
                        </select>
                    </div>
                </div>
                <ListFailed listing=catalogues.offers_listing message=Key::OffersFailed retry=move || catalogues.offers_listing.try_again() />
                <p class="muted" aria-live="polite">{move || {
                    if catalogues.offers_listing.state.get() == Loading::Busy && catalogues.offers.with(|o| o.is_empty()) {
                        return settings.t(Key::LoadingOffers).to_owned();
                    }
                    let (total, shown) = matches.with(|found| (found.total, found.first.len()));
                    i18n::fill(i18n::counted(settings.locale(), total, Key::ShowingOfOne, Key::ShowingOf), &[("shown", &numbers.format(shown as u32)), ("total", &numbers.format(total as u32))])
                }}</p>
                <div id=list_id.clone() tabindex="-1" class="offer-list" class:field-invalid=move || list_issue.with(|i| i.is_some())
                    node_ref=list on:change=toggle>
                    <FieldMessage id=list_id.clone() issue=list_issue />
                    <For each=rows key=|(id, catalogue, _)| (id.clone(), *catalogue) let((id, _, position))>
                        {
                            let text = catalogues.offers.with_untracked(|offers| {
                                positions.with_untracked(|positions| row_text(&offers[position], offers, positions, numbers))
                            });
                            view! { <OfferRow id text chosen /> }
                        }
                    </For>
                </div>
                <ShowMore count=more one=Key::ShowMoreOffersOne many=Key::ShowMoreOffers on_more=show_more />
                <SelectedSummary positions />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if flow.return_to_review.get() { settings.t(Key::BackToReview) } else { settings.t(Key::NextReview) }}
                    </button>
                </div>
            </form>
        </section>
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

fn row_text(offer: &Offer, offers: &[Offer], positions: &HashMap<String, usize>, numbers: NumberCache) -> RowText {
    let settings = use_settings();
    let range = i18n::fill(
        settings.t(Key::LicenseRange),
        &[("min", &numbers.format(offer.minimum_quantity)), ("max", &numbers.format(offer.maximum_quantity))],
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

/// Numbers in the user's format, each formatted once: a row's license range
/// repeats the same few limits, and formatting crosses into the browser.
#[derive(Clone, Copy)]
struct NumberCache {
    locale: &'static str,
    formatted: StoredValue<HashMap<u32, String>>,
}

impl NumberCache {
    fn new(locale: &'static str) -> Self {
        Self { locale, formatted: StoredValue::new(HashMap::new()) }
    }

    fn format(self, n: u32) -> String {
        if let Some(text) = self.formatted.with_value(|f| f.get(&n).cloned()) {
            return text;
        }
        let text = browser::format_number(self.locale, f64::from(n));
        self.formatted.update_value(|f| {
            f.insert(n, text.clone());
        });
        text
    }
}

#[component]
fn SelectedSummary(positions: Memo<HashMap<String, usize>>) -> impl IntoView {
    let (settings, form, catalogues) = (use_settings(), use_form(), use_catalogues());
    let rows = move || {
        catalogues.offers.with(|offers| {
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
