//! The offer search: what is typed and picked, and the matches it finds.

use crate::state::{use_catalogues, use_form};
use crate::widgets::lists::next_page;
use customer_domain::catalog::Offer;
use customer_domain::search::{Matches, SearchIndex, SearchMemory};
use leptos::prelude::*;
use std::collections::HashMap;

/// Rows shown at first, and added by each "Show more offers". A search
/// rebuilds what it shows on every keystroke, so this is what it costs.
pub(super) const PAGE_ROWS: usize = 25;

/// The search index of a catalogue: each offer's name and id.
fn offer_index(offers: &[Offer]) -> SearchIndex {
    SearchIndex::new(offers.iter().map(|o| [o.name.as_str(), o.id.as_str()]))
}

/// Offers for sale matching `query` (name or id, any case) and `category`;
/// `memory` lets a query typed on search only the last one's matches.
fn filter_offers(offers: &[Offer], index: &SearchIndex, memory: &mut SearchMemory, query: &str, category: &str, limit: usize) -> Matches {
    let for_sale = |i: usize| offers[i].is_available_for_purchase && (category.is_empty() || offers[i].category.id == category);
    index.search_from(memory, query, for_sale, limit)
}

/// What the filters, the count and the list share.
#[derive(Clone, Copy)]
pub(super) struct OfferSearch {
    /// The country's catalogue.
    pub(super) offers: RwSignal<Vec<Offer>>,
    pub(super) query: RwSignal<String>,
    pub(super) category: RwSignal<String>,
    /// How many matches are shown; a new search or category starts at one page.
    pub(super) limit: RwSignal<usize>,
    pub(super) index: Memo<SearchIndex>,
    /// Each offer's place in the catalogue by id: add-ons name their
    /// prerequisites, and the list's one change handler finds the offer.
    pub(super) positions: Memo<HashMap<String, usize>>,
    pub(super) matches: Memo<Matches>,
    /// Ids of the chosen offers: what every row's checkbox reads.
    pub(super) chosen: Memo<Vec<String>>,
}

impl OfferSearch {
    pub(super) fn new() -> Self {
        let (form, catalogues) = (use_form(), use_catalogues());
        let (query, category) = (form.offer_query, form.offer_category);
        let index = Memo::new(move |_| catalogues.offers.with(|offers| offer_index(offers)));
        let positions = Memo::new(move |_| {
            catalogues.offers.with(|offers| offers.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect::<HashMap<_, _>>())
        });
        let memory = StoredValue::new(SearchMemory::default());
        let limit = RwSignal::new(PAGE_ROWS);
        let matches = Memo::new(move |_| {
            let (q, c, limit) = (query.get(), category.get(), limit.get());
            index.with(|index| {
                catalogues.offers.with(|offers| memory.try_update_value(|memory| filter_offers(offers, index, memory, &q, &c, limit)).unwrap_or_default())
            })
        });
        let chosen = Memo::new(move |_| form.draft.with(|d| d.subscriptions.iter().map(|s| s.offer_id.clone()).collect::<Vec<_>>()));
        Self { offers: catalogues.offers, query, category, limit, index, positions, matches, chosen }
    }

    /// A new search or category shows one page again.
    pub(super) fn restart(&self) {
        self.limit.set(PAGE_ROWS);
    }

    /// "Show more": one page more; the position of the first offer added.
    pub(super) fn show_more(&self) -> Option<usize> {
        next_page(self.matches, self.limit, PAGE_ROWS)
    }

    /// Matches not yet shown, up to a page: what "Show more" would add.
    pub(super) fn more(&self) -> Signal<usize> {
        let matches = self.matches;
        Signal::derive(move || matches.with(|found| found.remaining().min(PAGE_ROWS)))
    }

    /// (shown, total) for the count above the list.
    pub(super) fn counts(&self) -> Signal<(usize, usize)> {
        let matches = self.matches;
        Signal::derive(move || matches.with(|found| (found.first.len(), found.total)))
    }

    /// The rows to show, keyed by offer id: chosen offers the search leaves
    /// out come first, so their license counts (and the error summary's
    /// links to them) are always on the page. A new catalogue (another
    /// language) is new rows, with its own texts.
    pub(super) fn rows(&self) -> Vec<(String, u64, usize)> {
        let catalogue = self.index.with(|index| index.id());
        self.matches.with(|found| {
            self.chosen.with(|chosen| {
                self.positions.with(|positions| {
                    let pinned = chosen.iter().filter_map(|id| positions.get(id).copied()).filter(|i| !found.first.contains(i));
                    self.offers.with(|offers| {
                        pinned.chain(found.first.iter().copied()).map(|i| (offers[i].id.clone(), catalogue, i)).collect::<Vec<_>>()
                    })
                })
            })
        })
    }
}
