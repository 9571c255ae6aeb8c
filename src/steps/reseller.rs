//! Indirect reseller (indirect providers only): one required choice from a
//! searchable list that stays fast with thousands of resellers.

use crate::i18n::Key;
use crate::state::fields;
use crate::state::{use_catalogues, use_checks, use_form, use_settings};
use crate::step::Step;
use crate::widgets::actions::ContinueButton;
use crate::widgets::fields::{issue_text, FieldMessage};
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::lists::{focus_value_next_frame, next_page, ListCount, ListFailed, Numbers, SearchBox, ShowMore};
use crate::widgets::summary::ErrorSummary;
use customer_domain::search::{Matches, SearchIndex, SearchMemory};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows shown at first and added by each "Show more resellers".
const PAGE_ROWS: usize = 25;

#[component]
pub(crate) fn Reseller() -> impl IntoView {
    let (settings, form, checks, catalogues) = (use_settings(), use_form(), use_checks(), use_catalogues());
    let query = form.reseller_query;
    let limit = RwSignal::new(PAGE_ROWS);
    let index = Memo::new(move |_| catalogues.resellers.with(|all| SearchIndex::new(all.iter().map(|r| [r.name.as_str(), r.mpn_id.as_str()]))));
    let memory = StoredValue::new(SearchMemory::default());
    let matches = Memo::new(move |_| {
        let (q, limit) = (query.get(), limit.get());
        index.with(|index| memory.try_update_value(|memory| index.search_from(memory, &q, |_| true, limit)).unwrap_or_default())
    });
    let listing = catalogues.resellers_listing;
    view! {
        <section class="step">
            <BackLink to=Step::Account />
            <ErrorSummary />
            <StepHeading step=Step::Reseller />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); checks.continue_from(Step::Reseller); }>
                <SearchBox id="reseller-search" label=Key::SearchResellers query restart=move || limit.set(PAGE_ROWS) />
                <ListFailed listing message=Key::ResellersFailed retry=move || listing.try_again() />
                <ListCount listing empty=Signal::derive(move || catalogues.resellers.with(Vec::is_empty)) loading=Key::LoadingResellers
                    counts=Signal::derive(move || matches.with(|found| (found.first.len(), found.total)))
                    one=Key::ShowingResellersOne many=Key::ShowingResellers numbers=Numbers::new(settings.locale().tag()) />
                <ResellerChoice matches limit />
                <ContinueButton from=Step::Reseller />
            </form>
        </section>
    }
}

/// The matches as one radio group, a page at a time, with "Show more resellers".
#[component]
fn ResellerChoice(matches: Memo<Matches>, limit: RwSignal<usize>) -> impl IntoView {
    let (settings, form, checks, catalogues) = (use_settings(), use_form(), use_checks(), use_catalogues());
    let issue = issue_text(fields::RESELLER.path);
    let id = fields::RESELLER.dom_id();
    let error_id = format!("{id}-error");
    let chosen_id = Memo::new(move |_| form.draft.with(|d| d.reseller_id.clone()));
    let chosen = Memo::new(move |_| chosen_id.with(|id| catalogues.resellers.with(|all| all.iter().position(|r| r.id == *id))));
    // The chosen reseller stays in view whatever the search: listed first when
    // the search leaves it out (never moved while it is focused and listed).
    let pinned = Memo::new(move |_| chosen.get().filter(|i| matches.with(|found| !found.first.contains(i))));
    let rows = move || {
        let pinned = pinned.get();
        matches.with(|found| {
            catalogues.resellers.with(|all| pinned.into_iter().chain(found.first.iter().copied()).map(|i| (all[i].id.clone(), i)).collect::<Vec<_>>())
        })
    };
    // One handler for every radio: rows have no listeners of their own.
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.type_() == "radio" && input.checked() {
            let value = input.value();
            form.draft.update(|d| d.reseller_id = value);
            checks.recheck();
        }
    };
    let list = NodeRef::<leptos::html::Div>::new();
    let show_more = move || {
        if let Some(i) = next_page(matches, limit, PAGE_ROWS) {
            focus_value_next_frame(list, catalogues.resellers.with_untracked(|all| all[i].id.clone()));
        }
    };
    let more = Signal::derive(move || matches.with(|found| found.remaining().min(PAGE_ROWS)));
    view! {
        <fieldset id=id.clone() tabindex="-1" class:field-invalid=move || issue.with(|i| i.is_some())
            aria-describedby=move || issue.with(|i| i.is_some()).then(|| error_id.clone())>
            <legend>{settings.text(fields::RESELLER.label)}</legend>
            <FieldMessage id=id.clone() issue=issue />
            <div class="choice-list" node_ref=list on:change=choose>
                <For each=rows key=|(id, _)| id.clone() let((id, position))>
                    <ResellerRow id position chosen_id />
                </For>
            </div>
        </fieldset>
        <ShowMore count=more one=Key::ShowMoreResellersOne many=Key::ShowMoreResellers on_more=show_more />
    }
}

/// One reseller: its radio, name, MPN id and location.
#[component]
fn ResellerRow(id: String, position: usize, chosen_id: Memo<String>) -> impl IntoView {
    let catalogues = use_catalogues();
    let (name, details) = catalogues.resellers.with_untracked(|all| {
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
