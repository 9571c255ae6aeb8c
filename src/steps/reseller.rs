//! Indirect reseller (indirect providers only): one required choice from a
//! searchable list that stays fast with thousands of resellers.

use crate::components::{focus_value_next_frame, issue_text, next_page, BackLink, ErrorSummary, FieldMessage, ListFailed, ShowMore, StepHeading};
use crate::i18n::{self, Key};
use crate::state::{use_wizard, Loading, Step};
use customer_domain::search::{SearchIndex, SearchMemory};
use customer_domain::validate::field;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows shown at first and added by each "Show more resellers".
const PAGE_ROWS: usize = 25;

#[component]
pub fn Reseller() -> impl IntoView {
    let wizard = use_wizard();
    let query = wizard.reseller_query;
    let limit = RwSignal::new(PAGE_ROWS);
    let issue = issue_text(field::RESELLER);
    let id = crate::fields::dom_id(field::RESELLER);
    let index = Memo::new(move |_| wizard.resellers.with(|all| SearchIndex::new(all.iter().map(|r| [r.name.as_str(), r.mpn_id.as_str()]))));
    let memory = StoredValue::new(SearchMemory::default());
    let chosen_id = Memo::new(move |_| wizard.draft.with(|d| d.reseller_id.clone()));
    let chosen = Memo::new(move |_| chosen_id.with(|id| wizard.resellers.with(|all| all.iter().position(|r| r.id == *id))));
    let matches = Memo::new(move |_| {
        let q = query.get();
        let limit = limit.get();
        index.with(|index| memory.try_update_value(|memory| index.search_from(memory, &q, |_| true, limit)).unwrap_or_default())
    });
    // The chosen reseller stays in view whatever the search: listed first when
    // the search leaves it out (never moved while it is focused and listed).
    let pinned = Memo::new(move |_| chosen.get().filter(|i| matches.with(|found| !found.first.contains(i))));
    let rows = move || {
        let pinned = pinned.get();
        matches.with(|found| {
            wizard.resellers.with(|all| pinned.into_iter().chain(found.first.iter().copied()).map(|i| (all[i].id.clone(), i)).collect::<Vec<_>>())
        })
    };
    // One handler for every radio: rows have no listeners of their own.
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.type_() == "radio" && input.checked() {
            let value = input.value();
            wizard.draft.update(|d| d.reseller_id = value);
            wizard.recheck();
        }
    };
    let list = NodeRef::<leptos::html::Div>::new();
    let show_more = move || {
        if let Some(i) = next_page(matches, limit, PAGE_ROWS) {
            focus_value_next_frame(list, wizard.resellers.with_untracked(|all| all[i].id.clone()));
        }
    };
    let more = Signal::derive(move || matches.with(|found| found.remaining().min(PAGE_ROWS)));
    let number = move |n: usize| crate::util::format_number(wizard.locale().tag(), n as f64);
    view! {
        <section class="step">
            <BackLink to=Step::Account />
            <ErrorSummary />
            <StepHeading step=Step::Reseller />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); wizard.continue_from(Step::Reseller); }>
                <div class="field">
                    <label for="reseller-search">{move || wizard.t(Key::SearchResellers)}</label>
                    <input id="reseller-search" type="search" class="input-full"
                        prop:value=move || query.get() on:input=move |ev| { limit.set(PAGE_ROWS); query.set(event_target_value(&ev)); } />
                </div>
                <ListFailed listing=wizard.resellers_listing message=Key::ResellersFailed retry=move || wizard.resellers_listing.try_again() />
                <p class="muted" aria-live="polite">{move || {
                    if wizard.resellers_listing.state.get() == Loading::Busy && wizard.resellers.with(|r| r.is_empty()) {
                        return wizard.t(Key::LoadingResellers).to_owned();
                    }
                    let (total, shown) = matches.with(|found| (found.total, found.first.len()));
                    i18n::fill(i18n::counted(wizard.locale(), total, Key::ShowingResellersOne, Key::ShowingResellers), &[("shown", &number(shown)), ("total", &number(total))])
                }}</p>
                <fieldset id=id.clone() tabindex="-1" class:field-invalid=move || issue.with(|i| i.is_some())
                    aria-describedby=move || issue.with(|i| i.is_some()).then(|| format!("{}-error", crate::fields::dom_id(field::RESELLER)))>
                    <legend>{move || wizard.t(Key::StepReseller)}</legend>
                    <FieldMessage id=id.clone() issue=issue />
                    <div class="choice-list" node_ref=list on:change=choose>
                        <For each=rows key=|(id, _)| id.clone() let((id, position))>
                            {
                                let (name, details) = wizard.resellers.with_untracked(|all| {
                                    let r = &all[position];
                                    (r.name.clone(), format!(" · MPN {} · {}", r.mpn_id, r.location))
                                });
                                let value = id.clone();
                                view! {
                                    <label class="radio">
                                        <input type="radio" name="reseller" value=value prop:checked=move || chosen_id.with(|c| *c == id) />
                                        <span class="choice-text">{name} <span class="muted">{details}</span></span>
                                    </label>
                                }
                            }
                        </For>
                    </div>
                </fieldset>
                <ShowMore count=more one=Key::ShowMoreResellersOne many=Key::ShowMoreResellers on_more=show_more />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if wizard.return_to_review.get() { wizard.t(Key::BackToReview) } else { wizard.t(Key::NextSubscriptions) }}
                    </button>
                </div>
            </form>
        </section>
    }
}
