//! Subscriptions: pick offers from the country's catalogue and a number of
//! licenses for each, within the offer's limits.

use crate::components::{BackLink, ErrorSummary, FieldMessage, StepHeading, issue_text};
use crate::i18n::{self, Key};
use crate::state::{use_wizard, Step};
use customer_domain::catalog::Offer;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::validate::field;
use leptos::prelude::*;

/// Rows rendered at once; search and category narrow the rest.
const VISIBLE_ROWS: usize = 50;

/// Lower-cased "name id" of each offer, built once per catalogue so a
/// keystroke's filter allocates nothing per offer.
pub fn search_keys(offers: &[Offer]) -> Vec<String> {
    offers.iter().map(|o| format!("{} {}", o.name, o.id).to_lowercase()).collect()
}

/// Positions of the offers matching `query` (name or id, case-insensitive)
/// and `category`: how many match, and the first `limit` of them.
pub fn filter_offers(offers: &[Offer], keys: &[String], query: &str, category: &str, limit: usize) -> (usize, Vec<usize>) {
    let query = query.trim().to_lowercase();
    let mut shown = Vec::with_capacity(limit);
    let mut total = 0;
    for (i, (offer, key)) in offers.iter().zip(keys).enumerate() {
        if offer.is_available_for_purchase
            && (category.is_empty() || offer.category.id == category)
            && (query.is_empty() || key.contains(&query))
        {
            total += 1;
            if shown.len() < limit {
                shown.push(i);
            }
        }
    }
    (total, shown)
}

#[component]
pub fn Subscriptions() -> impl IntoView {
    let wizard = use_wizard();
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let categories = Memo::new(move |_| {
        wizard.offers.with(|offers| {
            let mut seen: Vec<(String, String)> = Vec::new();
            for o in offers {
                if !seen.iter().any(|(id, _)| *id == o.category.id) {
                    seen.push((o.category.id.clone(), o.category.name.clone()));
                }
            }
            seen
        })
    });
    let keys = Memo::new(move |_| wizard.offers.with(|offers| search_keys(offers)));
    // Offer names by id, for add-ons naming their prerequisites.
    let names = StoredValue::new(std::collections::HashMap::<String, String>::new());
    Effect::new(move |_| {
        let map = wizard.offers.with(|offers| offers.iter().map(|o| (o.id.clone(), o.name.clone())).collect());
        names.set_value(map);
    });
    let matches = Memo::new(move |_| {
        let q = query.get();
        let c = category.get();
        keys.with(|keys| wizard.offers.with(|offers| filter_offers(offers, keys, &q, &c, VISIBLE_ROWS)))
    });
    // The rows shown, keyed by offer id; a row is built only when it appears.
    let rows = move || {
        matches.with(|(_, shown)| wizard.offers.with(|offers| shown.iter().map(|&i| (offers[i].id.clone(), i)).collect::<Vec<_>>()))
    };
    let list_issue = issue_text(field::SUBSCRIPTIONS);
    let list_id = crate::fields::dom_id(field::SUBSCRIPTIONS);

    view! {
        <section class="step">
            <BackLink to=if wizard.indirect() { Step::Reseller } else { Step::Account } />
            <ErrorSummary />
            <StepHeading step=Step::Subscriptions />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); wizard.continue_from(Step::Subscriptions); }>
                <div class="filters">
                    <div class="field">
                        <label for="offer-search">{move || wizard.t(Key::SearchOffers)}</label>
                        <input id="offer-search" type="search" class="input-full"
                            prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="offer-category">{move || wizard.t(Key::Category)}</label>
                        <select id="offer-category" on:change=move |ev| category.set(event_target_value(&ev))>
                            <option value="">{move || wizard.t(Key::AllCategories)}</option>
                            <For each=move || categories.get() key=|c| c.0.clone() let((id, name))>
                                <option value=id>{name}</option>
                            </For>
                        </select>
                    </div>
                </div>
                <p class="muted" aria-live="polite">{move || {
                    let (total, shown) = matches.with(|(t, rows)| (*t, rows.len()));
                    let number = |n: usize| crate::util::format_number(wizard.locale().tag(), n as f64);
                    i18n::fill(wizard.t(Key::ShowingOf), &[("shown", &number(shown)), ("total", &number(total))])
                }}</p>
                <div id=list_id.clone() tabindex="-1" class="offer-list" class:field-invalid=move || list_issue.with(|i| i.is_some())>
                    <FieldMessage id=list_id.clone() issue=list_issue />
                    <For each=rows key=|(id, _)| id.clone() let((_, index))>
                        <OfferRow offer=wizard.offers.with_untracked(|offers| offers[index].clone()) names=names />
                    </For>
                </div>
                <SelectedSummary />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if wizard.return_to_review.get() { wizard.t(Key::BackToReview) } else { wizard.t(Key::NextReview) }}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn OfferRow(offer: Offer, names: StoredValue<std::collections::HashMap<String, String>>) -> impl IntoView {
    let wizard = use_wizard();
    let id = offer.id.clone();
    let selected = {
        let id = id.clone();
        Memo::new(move |_| wizard.draft.with(|d| d.subscriptions.iter().any(|s| s.offer_id == id)))
    };
    let quantity = {
        let id = id.clone();
        Memo::new(move |_| wizard.draft.with(|d| d.subscriptions.iter().find(|s| s.offer_id == id).map(|s| s.quantity.clone()).unwrap_or_default()))
    };
    let path = field::quantity(&offer.id);
    let quantity_id = crate::fields::dom_id(&path);
    let issue = issue_text(path);
    let check_id = format!("offer-{}", offer.id);
    let minimum = offer.minimum_quantity;
    let toggle = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            let id = id.clone();
            wizard.draft.update(|d| {
                d.subscriptions.retain(|s| s.offer_id != id);
                if on {
                    d.subscriptions.push(SubscriptionDraft { offer_id: id, quantity: minimum.max(1).to_string() });
                }
            });
            wizard.recheck();
        }
    };
    let set_quantity = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            wizard.draft.update(|d| {
                if let Some(s) = d.subscriptions.iter_mut().find(|s| s.offer_id == id) {
                    s.quantity = value;
                }
            });
            wizard.recheck();
        }
    };
    let number = |n| crate::util::format_number(wizard.locale().tag(), n as f64);
    let range = i18n::fill(wizard.t(Key::LicenseRange), &[("min", &number(offer.minimum_quantity)), ("max", &number(offer.maximum_quantity))]);
    let add_on = (offer.is_add_on && !offer.prerequisite_offers.is_empty()).then(|| {
        let prerequisites: Vec<String> = names.with_value(|names| {
            offer.prerequisite_offers.iter().map(|p| names.get(p).cloned().unwrap_or_else(|| p.clone())).collect()
        });
        i18n::fill(wizard.t(Key::AddOnNeeds), &[("offers", &prerequisites.join(", "))])
    });
    let quantity_label = format!("{} – {}", wizard.t(Key::Quantity), offer.name);
    view! {
        <div class="offer" class:offer-selected=move || selected.get() class:field-invalid=move || issue.with(|i| i.is_some())>
            <div class="offer-main checkbox">
                <input type="checkbox" id=check_id.clone() prop:checked=move || selected.get() on:change=toggle />
                <label for=check_id>
                    <span class="offer-name">{offer.name.clone()}</span>
                    <span class="muted">{format!(" · {} · {}", offer.category.name, range)}</span>
                    {add_on.map(|a| view! { <span class="muted add-on">{format!(" · {a}")}</span> })}
                </label>
            </div>
            <Show when=move || selected.get()>
                <div class="field offer-quantity">
                    <label for=quantity_id.clone() class="visually-hidden">{quantity_label.clone()}</label>
                    <FieldMessage id=quantity_id.clone() issue=issue />
                    <input id=quantity_id.clone() type="text" inputmode="numeric" class="input-short"
                        prop:value=move || quantity.get()
                        aria-invalid=move || issue.with(|i| i.is_some()).then_some("true")
                        aria-describedby={ let q = quantity_id.clone(); move || issue.with(|i| i.is_some()).then(|| format!("{q}-error")) }
                        on:input=set_quantity.clone() />
                </div>
            </Show>
        </div>
    }
}

#[component]
fn SelectedSummary() -> impl IntoView {
    let wizard = use_wizard();
    let rows = move || {
        let offers = wizard.offers.get();
        wizard.draft.with(|d| {
            d.subscriptions
                .iter()
                .map(|s| {
                    let name = offers.iter().find(|o| o.id == s.offer_id).map(|o| o.name.clone()).unwrap_or_else(|| s.offer_id.clone());
                    (name, s.quantity.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <aside class="selected-summary" aria-live="polite">
            <h2>{move || format!("{} ({})", wizard.t(Key::Selected), wizard.draft.with(|d| d.subscriptions.len()))}</h2>
            <ul>
                {move || rows().into_iter().map(|(name, q)| view! { <li>{format!("{name} × {q}")}</li> }).collect_view()}
            </ul>
        </aside>
    }
}
