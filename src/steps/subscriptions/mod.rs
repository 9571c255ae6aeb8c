//! Subscriptions: pick offers from the country's catalogue and a number of
//! licenses for each, within the offer's limits.

mod filters;
mod offers;
mod search;
mod selected;

use crate::i18n::Key;
use crate::state::{use_catalogues, use_checks, use_settings};
use crate::step::Step;
use crate::widgets::actions::ContinueButton;
use crate::widgets::heading::{BackLink, StepHeading};
use crate::widgets::lists::{ListCount, ListFailed, Numbers};
use crate::widgets::summary::ErrorSummary;
use filters::OfferFilters;
use leptos::prelude::*;
use offers::OfferList;
use search::OfferSearch;
use selected::SelectedSummary;

#[component]
pub(crate) fn Subscriptions() -> impl IntoView {
    let (settings, checks, catalogues) = (use_settings(), use_checks(), use_catalogues());
    let search = OfferSearch::new();
    let numbers = Numbers::new(settings.locale().tag());
    let listing = catalogues.offers_listing;
    view! {
        <section class="step">
            <BackLink to=if settings.indirect() { Step::Reseller } else { Step::Account } />
            <ErrorSummary />
            <StepHeading step=Step::Subscriptions />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); checks.continue_from(Step::Subscriptions); }>
                <OfferFilters search />
                <ListFailed listing message=Key::OffersFailed retry=move || listing.try_again() />
                <ListCount listing empty=Signal::derive(move || catalogues.offers.with(Vec::is_empty)) loading=Key::LoadingOffers
                    counts=search.counts() one=Key::ShowingOfOne many=Key::ShowingOf numbers />
                <OfferList search numbers />
                <SelectedSummary search />
                <ContinueButton from=Step::Subscriptions />
            </form>
        </section>
    }
}
