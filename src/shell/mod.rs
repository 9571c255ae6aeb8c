//! The wizard's root: owns the state, loads what the steps need from the API,
//! saves the draft, and shows the current step.

use crate::api;
use crate::events;
use crate::i18n::Key;
use crate::persist;
use crate::state::{Newest, Step, Wizard};
use crate::steps::{account::Account, customers::Customers, done::Done, reseller::Reseller, review::Review, subscriptions::Subscriptions};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App(wizard: Wizard) -> impl IntoView {
    provide_context(wizard);
    persist::start(wizard);
    persist::autosave(wizard);
    load_reference_data(wizard);
    keep_title_and_host_informed(wizard);

    let countries = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        let config = wizard.config.get();
        spawn_local(async move {
            if let Ok(list) = api::countries(&config).await {
                countries.set(list);
            }
        });
    });

    // The host may switch the language or the indirect mode at any time. Every
    // step's texts follow the language reactively; Review and Subscriptions
    // build some of theirs once (dates, country names, license ranges), so
    // they are rendered afresh. Everything entered lives in the draft and stays.
    let locale = Memo::new(move |_| wizard.locale());
    let indirect = Memo::new(move |_| wizard.indirect());
    Effect::new(move |_| {
        if !indirect.get() && wizard.step.get_untracked() == Step::Reseller {
            wizard.step.set(Step::Subscriptions);
        }
    });
    let in_flow = move || matches!(wizard.step.get(), Step::Account | Step::Reseller | Step::Subscriptions | Step::Review);

    view! {
        <div class="wizard" lang=move || locale.get().tag()>
            <crate::drafts::DraftNotices />
            {move || {
                let step = wizard.step.get();
                if matches!(step, Step::Review | Step::Subscriptions) {
                    locale.track();
                    indirect.track();
                }
                match step {
                    Step::Customers => view! { <Customers /> }.into_any(),
                    Step::Account => view! { <Account countries=countries.into() /> }.into_any(),
                    Step::Reseller => view! { <Reseller /> }.into_any(),
                    Step::Subscriptions => view! { <Subscriptions /> }.into_any(),
                    Step::Review => view! { <Review /> }.into_any(),
                    Step::Done => view! { <Done /> }.into_any(),
                }
            }}
            <Show when=in_flow>
                <div class="actions cancel-row">
                    <button type="button" class="button" on:click=move |_| cancel(wizard)>
                        {move || wizard.t(Key::Cancel)}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// Cancel: the host hears it (a portal usually closes the wizard); the draft
/// stays saved and the wizard shows the customer list.
fn cancel(wizard: Wizard) {
    let step = wizard.step.get_untracked();
    crate::persist::save_now(wizard);
    events::cancel(wizard, step_name(step));
    wizard.go(Step::Customers);
}

/// Country rules follow the chosen country; offers follow the country and
/// language; resellers and the agreement template follow the host's
/// configuration. Only the newest request of each kind is applied, and a
/// failed list can be asked for again (`retry` on its `Listing`).
fn load_reference_data(wizard: Wizard) {
    let country = Memo::new(move |_| wizard.draft.with(|d| d.account.address.country.trim().to_owned()));
    let newest_rules = Newest::new();
    Effect::new(move |_| {
        let iso2 = country.get();
        let config = wizard.config.get();
        let ticket = newest_rules.next();
        if iso2.is_empty() {
            wizard.country_rules.set(None);
            return;
        }
        spawn_local(async move {
            let rules = api::country_rules(&config, &iso2).await.ok();
            if !newest_rules.is(ticket) {
                return;
            }
            let culture = rules.as_ref().map(|r| r.default_culture.clone()).unwrap_or_default();
            wizard.country_rules.set(rules);
            wizard.draft.update(|d| {
                if d.account.culture.is_empty() || !d.account.culture.ends_with(&iso2) {
                    d.account.language = culture.split('-').next().unwrap_or_default().to_owned();
                    d.account.culture = culture;
                }
            });
            wizard.recheck();
        });
    });
    let offers = wizard.offers_listing;
    Effect::new(move |_| {
        let iso2 = country.get();
        let config = wizard.config.get();
        offers.retry.track();
        if iso2.is_empty() {
            return offers.stop();
        }
        let ticket = offers.start();
        spawn_local(async move {
            if let Some(list) = offers.finish(ticket, api::offers(&config, &iso2).await) {
                wizard.offers.set(list);
            }
        });
    });
    let resellers = wizard.resellers_listing;
    Effect::new(move |_| {
        let config = wizard.config.get();
        resellers.retry.track();
        let ticket = if config.indirect { Some(resellers.start()) } else { resellers.stop(); None };
        spawn_local(async move {
            if let Ok(t) = api::agreement_template(&config).await {
                wizard.template.set(Some(t));
            }
            if let Some(ticket) = ticket {
                if let Some(list) = resellers.finish(ticket, api::resellers(&config).await) {
                    wizard.resellers.set(list);
                }
            }
        });
    });
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Customers => "customers",
        Step::Account => "account",
        Step::Reseller => "reseller",
        Step::Subscriptions => "subscriptions",
        Step::Review => "review",
        Step::Done => "done",
    }
}

fn keep_title_and_host_informed(wizard: Wizard) {
    Effect::new(move |previous: Option<Step>| {
        let step = wizard.step.get();
        if previous.is_some_and(|p| p != step) {
            events::step_change(wizard, step_name(step));
        }
        step
    });
    Effect::new(move |_| {
        if !wizard.config.with(|c| c.manage_title) {
            return;
        }
        let step = wizard.step.get();
        let has_errors = wizard.issues.with(|i| !i.is_empty());
        let flow = wizard.flow();
        let mut title = String::new();
        if has_errors {
            title.push_str(wizard.t(Key::ErrorTitlePrefix));
        }
        if let Some(i) = flow.iter().position(|s| *s == step) {
            title.push_str(&crate::i18n::fill(wizard.t(Key::StepOf), &[("n", &(i + 1).to_string()), ("total", &flow.len().to_string())]));
            title.push_str(": ");
        }
        title.push_str(wizard.t(step.title()));
        if step != Step::Customers {
            title.push_str(" – ");
            title.push_str(wizard.t(Key::AddCustomer));
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}
