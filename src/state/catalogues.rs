//! What the API lists for the steps to choose from: countries and their
//! rules, offers, resellers and the agreement template. Each list says
//! whether it is loading or failed ([`Listing`]).

use customer_domain::catalog::{AgreementTemplate, Offer, Relationship};
use customer_domain::country::CountryRules;
use leptos::prelude::*;

/// Where a list fetched from the API stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loading {
    Idle,
    Busy,
    Failed,
}

/// A list fetched from the API: whether it is loading or failed, the way to
/// ask for it again, and which request is the newest (a quick change of
/// country or language can let an older answer land last; only the newest
/// one's answer is used).
#[derive(Clone, Copy)]
pub(crate) struct Listing {
    pub(crate) state: RwSignal<Loading>,
    /// Bumped by "Try again" where the loader tracks it.
    pub(crate) retry: RwSignal<u32>,
    newest: StoredValue<u32>,
}

impl Listing {
    pub(crate) fn new() -> Self {
        Self { state: RwSignal::new(Loading::Idle), retry: RwSignal::new(0), newest: StoredValue::new(0) }
    }

    pub(crate) fn try_again(&self) {
        self.retry.update(|n| *n += 1);
    }

    /// A request begins; its ticket goes to [`finish`](Self::finish).
    pub(crate) fn start(&self) -> u32 {
        self.state.set(Loading::Busy);
        self.newest.update_value(|n| *n += 1);
        self.newest.get_value()
    }

    /// Nothing to load (no country yet): a request still under way is dropped.
    pub(crate) fn stop(&self) {
        self.newest.update_value(|n| *n += 1);
        self.state.set(Loading::Idle);
    }

    /// Whether `ticket` is still the newest request (false once the wizard is gone).
    pub(crate) fn is_newest(&self, ticket: u32) -> bool {
        self.newest.try_get_value() == Some(ticket)
    }

    /// The answer to request `ticket`: `Some` to use when it is the newest
    /// and succeeded; a failure of the newest shows as `Failed`. `None` also
    /// once the wizard is gone.
    pub(crate) fn finish<T, E>(&self, ticket: u32, answer: Result<T, E>) -> Option<T> {
        if !self.is_newest(ticket) {
            return None;
        }
        match answer {
            Ok(value) => {
                self.state.set(Loading::Idle);
                Some(value)
            }
            Err(_) => {
                self.state.set(Loading::Failed);
                None
            }
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Catalogues {
    /// ISO codes of the countries the API serves; until it has answered,
    /// every market the domain knows, so a country can be chosen (on the
    /// build-time first screen too) before anything has loaded.
    pub(crate) countries: RwSignal<Vec<String>>,
    pub(crate) countries_listing: Listing,
    /// The rules of the chosen country.
    pub(crate) country_rules: RwSignal<Option<CountryRules>>,
    pub(crate) rules_listing: Listing,
    pub(crate) offers: RwSignal<Vec<Offer>>,
    pub(crate) offers_listing: Listing,
    pub(crate) resellers: RwSignal<Vec<Relationship>>,
    pub(crate) resellers_listing: Listing,
    pub(crate) template: RwSignal<Option<AgreementTemplate>>,
}

impl Catalogues {
    pub(crate) fn new() -> Self {
        Self {
            countries: RwSignal::new(customer_domain::country::markets().map(str::to_owned).collect()),
            countries_listing: Listing::new(),
            country_rules: RwSignal::new(None),
            rules_listing: Listing::new(),
            offers: RwSignal::new(Vec::new()),
            offers_listing: Listing::new(),
            resellers: RwSignal::new(Vec::new()),
            resellers_listing: Listing::new(),
            template: RwSignal::new(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_answer_is_used() {
        let owner = Owner::new();
        owner.with(|| {
            let listing = Listing::new();
            let older = listing.start();
            let newer = listing.start();
            assert_eq!(listing.state.get_untracked(), Loading::Busy);
            assert_eq!(listing.finish(older, Ok::<_, ()>(1)), None, "superseded");
            assert_eq!(listing.state.get_untracked(), Loading::Busy, "the newer one is still under way");
            assert_eq!(listing.finish(newer, Ok::<_, ()>(2)), Some(2));
            assert_eq!(listing.state.get_untracked(), Loading::Idle);
            let failing = listing.start();
            assert_eq!(listing.finish(failing, Err::<u32, _>(())), None);
            assert_eq!(listing.state.get_untracked(), Loading::Failed);
            let dropped = listing.start();
            listing.stop();
            assert_eq!(listing.finish(dropped, Ok::<_, ()>(3)), None, "stopped: nothing to load");
            assert_eq!(listing.state.get_untracked(), Loading::Idle);
        });
        let ticket = owner.with(|| {
            let listing = Listing::new();
            (listing, listing.start())
        });
        owner.cleanup();
        assert_eq!(ticket.0.finish(ticket.1, Ok::<_, ()>(4)), None, "the wizard is gone");
    }
}
