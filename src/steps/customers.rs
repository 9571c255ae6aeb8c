//! The partner's customers, and the way into the wizard.

use crate::state::effect;
use super::saved_drafts::SavedDrafts;
use crate::i18n::{self, Key};
use crate::services::{api, browser};
use crate::state::{use_intents, use_settings, Intent, Listing, Loading};
use crate::step::Step;
use crate::widgets::heading::StepHeading;
use crate::widgets::lists::{ListFailed, ShowMore};
use customer_domain::resources::CustomerSummary;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Customers fetched per page; "Show more" fetches the next.
const PAGE_SIZE: usize = 50;

/// What the list has loaded so far.
#[derive(Clone, Default)]
struct Loaded {
    customers: Vec<CustomerSummary>,
    total: usize,
}

#[component]
pub(crate) fn Customers() -> impl IntoView {
    let (settings, intents) = (use_settings(), use_intents());
    let loaded = RwSignal::new(None::<Loaded>);
    let listing = Listing::new();
    // Fetches the page after what is shown; a newer request (another host
    // configuration) supersedes an older one still under way.
    let fetch_more = move || {
        let api = settings.api();
        let offset = loaded.with_untracked(|l| l.as_ref().map_or(0, |l| l.customers.len()));
        let ticket = listing.start();
        spawn_local(async move {
            if let Some(page) = listing.finish(ticket, api::customers(&api, offset, PAGE_SIZE).await) {
                loaded.update(|l| {
                    let l = l.get_or_insert_with(Loaded::default);
                    l.customers.extend(page.items);
                    l.total = page.total_count as usize;
                });
            }
        });
    };
    effect(move || {
        settings.config.track();
        loaded.set(None);
        fetch_more();
    });
    let relationship_url = move || settings.config.with(|c| c.relationship_url.clone());
    let number = move |n: usize| browser::format_number(settings.locale().tag(), n);
    // Offered only once the page before has arrived.
    let more = Signal::derive(move || {
        let idle = listing.state.get() == Loading::Idle;
        loaded.with(|l| l.as_ref().filter(|_| idle).map_or(0, |l| l.total.saturating_sub(l.customers.len()).min(PAGE_SIZE)))
    });
    view! {
        <section class="step">
            <StepHeading step=Step::Customers />
            <div class="actions actions-top">
                <button type="button" class="button primary" on:click=move |_| intents.send(Intent::StartNewCustomer)>
                    {settings.text(Key::AddCustomer)}
                </button>
            </div>
            <SavedDrafts />
            <p class="muted">{move || i18n::fill(settings.t(Key::DraftsKept), &[("days", &settings.config.with(|c| c.draft_days).to_string())])}</p>
            <p class="note">
                {settings.text(Key::ExistingCustomerNote)} " "
                <Show when=move || !relationship_url().is_empty()>
                    <a href=relationship_url target="_blank" rel="noopener">{settings.text(Key::RequestRelationship)}</a>
                </Show>
            </p>
            {move || match (loaded.with(|l| l.as_ref().map(|l| (l.customers.is_empty(), l.total))), listing.state.get()) {
                (None, Loading::Failed) => ().into_any(), // said just below
                (None, _) => view! { <p>{settings.text(Key::Loading)}</p> }.into_any(),
                (Some((true, _)), _) => view! { <p>{settings.text(Key::NoCustomersYet)}</p> }.into_any(),
                (Some(_), _) => view! { <CustomerTable loaded /> }.into_any(),
            }}
            <p class="muted" aria-live="polite">{move || loaded.with(|l| {
                l.as_ref().filter(|l| l.total > l.customers.len()).map(|l| {
                    i18n::fill(settings.t(Key::ShowingCustomers), &[("shown", &number(l.customers.len())), ("total", &number(l.total))])
                })
            })}</p>
            <ListFailed listing message=Key::LoadFailed retry=fetch_more />
            <ShowMore count=more one=Key::ShowMoreCustomersOne many=Key::ShowMoreCustomers on_more=fetch_more />
        </section>
    }
}

#[component]
fn CustomerTable(loaded: RwSignal<Option<Loaded>>) -> impl IntoView {
    let settings = use_settings();
    let locale = settings.locale().tag();
    let rows = move || loaded.with(|l| l.as_ref().map(|l| l.customers.clone()).unwrap_or_default());
    view! {
        <table class="customers">
            <thead><tr>
                <th scope="col">{settings.t(Key::CustomerName)}</th>
                <th scope="col">{settings.t(Key::CustomerDomain)}</th>
                <th scope="col">{settings.t(Key::CustomerCountry)}</th>
                <th scope="col">{settings.t(Key::CustomerCreated)}</th>
            </tr></thead>
            <tbody>
                <For each=rows key=|c| c.id.clone() let(c)>
                    <tr>
                        <td>{c.company_name}</td>
                        <td>{c.domain}</td>
                        <td>{browser::country_name(locale, &c.country)}</td>
                        <td>{browser::format_date(locale, &c.created_at)}</td>
                    </tr>
                </For>
            </tbody>
        </table>
    }
}
