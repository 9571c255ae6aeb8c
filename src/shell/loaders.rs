//! The lists the steps choose from, loaded from the API: countries and the
//! agreement template follow the host's configuration, country rules follow
//! the chosen country, offers the country and language, resellers the
//! configuration (indirect providers only). Each goes through its
//! [`Listing`](crate::state::Listing): only the newest request's answer is
//! used, and a failed list can be asked for again.

use crate::state::effect;
use crate::services::api;
use crate::services::browser::when_idle;
use crate::state::{Listing, WizardState};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub(crate) fn load_reference_data(state: WizardState) {
    let WizardState { settings, form, catalogues, .. } = state;
    let checks = state.checks();
    let country = Memo::new(move |_| form.draft.with(|d| d.account.address.country.trim().to_owned()));

    let countries = catalogues.countries_listing;
    let mut first = true;
    effect(move || {
        let api = settings.config.with(|c| c.api());
        countries.retry.track();
        let load = move || {
            let ticket = countries.start();
            spawn_local(async move {
                if let Some(list) = countries.finish(ticket, api::countries(&api).await) {
                    // Usually the list the wizard started from: naming and sorting it again would be wasted.
                    if catalogues.countries.with_untracked(|known| *known != list) {
                        catalogues.countries.set(list);
                    }
                }
            });
        };
        // The wizard starts from every market the domain knows, the list the
        // API usually serves: the first request waits until the browser is idle.
        first_when_idle(&mut first, countries, load);
    });

    let rules = catalogues.rules_listing;
    effect(move || {
        let iso2 = country.get();
        let api = settings.config.with(|c| c.api());
        if iso2.is_empty() {
            rules.stop();
            catalogues.country_rules.set(None);
            return;
        }
        let ticket = rules.start();
        spawn_local(async move {
            let answer = api::country_rules(&api, &iso2).await;
            if !rules.is_newest(ticket) {
                return;
            }
            // Without an answer the rules are none, rather than another country's.
            let found = rules.finish(ticket, answer);
            let culture = found.as_ref().map(|r| r.default_culture.clone()).unwrap_or_default();
            catalogues.country_rules.set(found);
            form.draft.update(|d| {
                if d.account.culture.is_empty() || !d.account.culture.ends_with(&iso2) {
                    d.account.language = culture.split('-').next().unwrap_or_default().to_owned();
                    d.account.culture = culture;
                }
            });
            checks.recheck();
        });
    });

    let offers = catalogues.offers_listing;
    effect(move || {
        let iso2 = country.get();
        let api = settings.config.with(|c| c.api());
        offers.retry.track();
        if iso2.is_empty() {
            return offers.stop();
        }
        let ticket = offers.start();
        spawn_local(async move {
            if let Some(list) = offers.finish(ticket, api::offers(&api, &iso2).await) {
                catalogues.offers.set(list);
            }
        });
    });

    let resellers = catalogues.resellers_listing;
    effect(move || {
        let (api, indirect) = settings.config.with(|c| (c.api(), c.indirect));
        resellers.retry.track();
        if !indirect {
            return resellers.stop();
        }
        let ticket = resellers.start();
        spawn_local(async move {
            if let Some(list) = resellers.finish(ticket, api::resellers(&api).await) {
                catalogues.resellers.set(list);
            }
        });
    });

    // The agreement's link and template id are needed on submit; until the
    // answer, the step links the agreement's public page. Like the
    // countries, the first request waits until the browser is idle.
    let mut first = true;
    effect(move || {
        let api = settings.config.with(|c| c.api());
        let load = move || {
            spawn_local(async move {
                if let Ok(template) = api::agreement_template(&api).await {
                    catalogues.template.try_set(Some(template));
                }
            });
        };
        first_when_idle(&mut first, countries, load);
    });
}

/// Runs `load` at once, or, the first time (`first`), once the browser is
/// idle: out of the take-over's way (reading the answers then cost it
/// ~30-50 ms at 4× CPU). Later loads (another API, "Try again") go at once.
/// An idle callback that comes after the wizard `listing` belongs to is gone
/// does nothing.
fn first_when_idle(first: &mut bool, listing: Listing, load: impl FnOnce() + 'static) {
    if !std::mem::take(first) {
        return load();
    }
    when_idle(move || {
        if listing.retry.try_get_untracked().is_some() {
            load();
        }
    });
}
