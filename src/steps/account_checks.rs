//! Account info's checks against the API: the domain's availability, live as
//! the user types, and the address when the user continues.

use crate::api;
use customer_domain::resources::PostalAddress;
use crate::i18n::{self, Key};
use crate::state::{use_wizard, AddressCheck, DomainStatus, Step, Wizard};
use customer_domain::payload::DOMAIN_SUFFIX;
use customer_domain::rules;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Quiet time after the last keystroke before the domain is checked.
const DOMAIN_CHECK_DELAY_MS: i32 = 400;

/// Checks the domain prefix while the user types: debounced, and a newer
/// keystroke cancels the older request. The result is announced politely.
#[component]
pub fn DomainAvailability() -> impl IntoView {
    let wizard = use_wizard();
    let prefix = Memo::new(move |_| wizard.draft.with(|d| d.account.domain_prefix.trim().to_lowercase()));
    let timer: Rc<RefCell<Option<i32>>> = Rc::default();
    let in_flight: Rc<RefCell<Option<web_sys::AbortController>>> = Rc::default();
    let run: Rc<RefCell<Option<Closure<dyn FnMut()>>>> = Rc::default();

    let cancel = {
        let (timer, in_flight) = (timer.clone(), in_flight.clone());
        move || {
            if let (Some(id), Some(w)) = (timer.borrow_mut().take(), web_sys::window()) {
                w.clear_timeout_with_handle(id);
            }
            if let Some(controller) = in_flight.borrow_mut().take() {
                controller.abort();
            }
        }
    };

    Effect::new({
        let cancel = cancel.clone();
        let (timer, in_flight, run) = (timer.clone(), in_flight.clone(), run.clone());
        move |_| {
            let value = prefix.get();
            cancel();
            if rules::domain_prefix(&value).is_err() {
                wizard.domain_status.set(DomainStatus::Unknown);
                return;
            }
            if wizard.domain_status.with_untracked(|s| matches!(s, DomainStatus::Available(p) | DomainStatus::Taken(p) if *p == value)) {
                return; // already known (e.g. after a reload)
            }
            wizard.domain_status.set(DomainStatus::Checking);
            let in_flight = in_flight.clone();
            let callback = Closure::<dyn FnMut()>::new(move || {
                let controller = web_sys::AbortController::new().ok();
                let signal = controller.as_ref().map(|c| c.signal());
                *in_flight.borrow_mut() = controller;
                let config = wizard.config.get_untracked();
                let value = value.clone();
                spawn_local(async move {
                    let result = api::domain_taken(&config, &format!("{value}{DOMAIN_SUFFIX}"), signal.as_ref()).await;
                    if prefix.try_get_untracked().as_ref() != Some(&value) {
                        return; // the user typed on (or the wizard was removed); a newer check owns the status
                    }
                    wizard.domain_status.set(match result {
                        Ok(true) => DomainStatus::Taken(value),
                        Ok(false) => DomainStatus::Available(value),
                        Err(_) => DomainStatus::Unknown,
                    });
                    wizard.recheck();
                });
            });
            if let Some(w) = web_sys::window() {
                use wasm_bindgen::JsCast;
                *timer.borrow_mut() = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), DOMAIN_CHECK_DELAY_MS)
                    .ok();
            }
            *run.borrow_mut() = Some(callback);
        }
    });
    on_cleanup({
        let cancel = send_wrapper::SendWrapper::new(cancel);
        move || cancel()
    });

    let relationship_url = move || wizard.config.with(|c| c.relationship_url.clone());
    view! {
        <p class="domain-status" aria-live="polite" id="domain-status">
            {move || {
                let domain = |p: &str| format!("{p}{DOMAIN_SUFFIX}");
                match wizard.domain_status.get() {
                    DomainStatus::Unknown => None,
                    DomainStatus::Checking => Some(view! {
                        <span class="muted">{i18n::fill(wizard.t(Key::DomainChecking), &[("domain", &domain(&prefix.get_untracked()))])}</span>
                    }.into_any()),
                    DomainStatus::Available(p) => Some(view! {
                        <span class="status-ok">{i18n::fill(wizard.t(Key::DomainAvailable), &[("domain", &domain(&p))])}</span>
                    }.into_any()),
                    DomainStatus::Taken(p) => Some(view! {
                        <span class="status-taken">
                            {i18n::fill(wizard.t(Key::DomainTakenStatus), &[("domain", &domain(&p))])} " "
                            {wizard.t(Key::ExistingCustomerNote)} " "
                            {(!relationship_url().is_empty()).then(|| view! {
                                <a href=relationship_url() target="_blank" rel="noopener">{wizard.t(Key::RequestRelationship)}</a>
                            })}
                        </span>
                    }.into_any()),
                }
            }}
        </p>
    }
}

fn entered_address(wizard: Wizard) -> PostalAddress {
    wizard.draft.with_untracked(|d| {
        let a = &d.account.address;
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        PostalAddress {
            address_line1: a.address_line1.trim().to_owned(),
            address_line2: opt(&a.address_line2),
            city: a.city.trim().to_owned(),
            state: opt(&a.state),
            postal_code: opt(&a.postal_code),
            country: a.country.trim().to_owned(),
        }
    })
}

pub fn one_line(a: &PostalAddress) -> String {
    [Some(a.address_line1.clone()), a.address_line2.clone(), Some(a.city.clone()), a.state.clone(), a.postal_code.clone(), Some(a.country.clone())]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Account info's continue: the rules first, then the address service.
pub fn continue_from_account(wizard: Wizard) {
    // The country's rules (state, postal code, registration number) load when
    // the country is picked; a quick continue waits for them rather than
    // judging the address without them.
    let country = wizard.draft.with_untracked(|d| d.account.address.country.trim().to_owned());
    let rules_ready = country.is_empty() || wizard.country_rules.with_untracked(|r| r.as_ref().is_some_and(|r| r.iso2_code == country));
    if !rules_ready {
        wizard.address_check.set(AddressCheck::Checking);
        let config = wizard.config.get_untracked();
        spawn_local(async move {
            let rules = api::country_rules(&config, &country).await.ok();
            let still_current = wizard.draft.with_untracked(|d| d.account.address.country.trim() == country);
            if still_current && rules.is_some() {
                wizard.country_rules.set(rules);
            }
            wizard.address_check.set(AddressCheck::Idle);
            check_and_continue(wizard);
        });
        return;
    }
    check_and_continue(wizard);
}

fn check_and_continue(wizard: Wizard) {
    if !wizard.check(Step::Account).is_empty() {
        return wizard.continue_from(Step::Account);
    }
    let address = entered_address(wizard);
    if wizard.address_check.with_untracked(|c| matches!(c, AddressCheck::Confirmed(a) if *a == address)) {
        return wizard.continue_from(Step::Account);
    }
    wizard.address_check.set(AddressCheck::Checking);
    let config = wizard.config.get_untracked();
    spawn_local(async move {
        match api::validate_address(&config, &address).await {
            Ok(v) if !v.suggested_addresses.is_empty() && !v.status.is_verified() => {
                wizard.address_check.set(AddressCheck::Choose(v.suggested_addresses));
            }
            // Verified, or no better answer: the rules already passed, and the
            // server checks again on submit; a validator outage must not block.
            _ => {
                wizard.address_check.set(AddressCheck::Confirmed(address));
                wizard.continue_from(Step::Account);
            }
        }
    });
}

/// Suggestions from the address service: pick one or keep the address as typed.
#[component]
pub fn AddressSuggestions() -> impl IntoView {
    let wizard = use_wizard();
    let choice = RwSignal::new(0usize);
    let panel = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if wizard.address_check.with(|c| matches!(c, AddressCheck::Choose(_))) {
            if let Some(p) = panel.get() {
                let _ = p.focus();
            }
        }
    });
    let suggestions = move || match wizard.address_check.get() {
        AddressCheck::Choose(list) => list,
        _ => Vec::new(),
    };
    let apply = move |_| {
        let list = suggestions();
        let picked = choice.get_untracked();
        let address = match list.get(picked) {
            Some(suggestion) => {
                let s = suggestion.clone();
                wizard.draft.update(|d| {
                    let a = &mut d.account.address;
                    a.address_line1 = s.address_line1.clone();
                    a.address_line2 = s.address_line2.clone().unwrap_or_default();
                    a.city = s.city.clone();
                    a.state = s.state.clone().unwrap_or_default();
                    a.postal_code = s.postal_code.clone().unwrap_or_default();
                });
                entered_address(wizard)
            }
            None => entered_address(wizard),
        };
        wizard.address_check.set(AddressCheck::Confirmed(address));
        wizard.continue_from(Step::Account);
    };
    view! {
        <Show when=move || wizard.address_check.with(|c| matches!(c, AddressCheck::Choose(_)))>
            <div class="panel address-suggestions" tabindex="-1" node_ref=panel role="region" aria-labelledby="address-check-title">
                <h2 id="address-check-title">{move || wizard.t(Key::CheckAddress)}</h2>
                <fieldset>
                    <legend>{move || wizard.t(Key::CheckAddressHint)}</legend>
                    {move || suggestions().into_iter().enumerate().map(|(i, s)| {
                        let id = format!("address-suggestion-{i}");
                        view! {
                            <div class="radio">
                                <input type="radio" name="address-suggestion" id=id.clone() prop:checked=move || choice.get() == i on:change=move |_| choice.set(i) />
                                <label for=id>{one_line(&s)}</label>
                            </div>
                        }
                    }).collect_view()}
                    {move || {
                        let keep = suggestions().len();
                        view! {
                            <div class="radio">
                                <input type="radio" name="address-suggestion" id="address-keep" prop:checked=move || choice.get() == keep on:change=move |_| choice.set(keep) />
                                <label for="address-keep">{i18n::fill(wizard.t(Key::KeepAddress), &[("address", &one_line(&entered_address(wizard)))])}</label>
                            </div>
                        }
                    }}
                </fieldset>
                <button type="button" class="button primary" on:click=apply>{move || wizard.t(Key::UseAddress)}</button>
            </div>
        </Show>
        <p class="muted" aria-live="polite">
            {move || wizard.address_check.with(|c| matches!(c, AddressCheck::Checking)).then(|| wizard.t(Key::CheckingAddress))}
        </p>
    }
}
