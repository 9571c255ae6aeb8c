//! Account info's checks against the API: the domain's availability, live as
//! the user types, and the address when the user continues.

use crate::state::effect;
use crate::i18n::{self, Key};
use crate::services::api;
use crate::services::browser::Debounce;
use crate::state::{use_checks, use_form, use_settings, AddressCheck, Checks, DomainStatus};
use crate::step::Step;
use customer_domain::payload::DOMAIN_SUFFIX;
use customer_domain::rules;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Quiet time after the last keystroke before the domain is checked.
const DOMAIN_CHECK_DELAY: Duration = Duration::from_millis(400);

/// Checks the domain prefix while the user types: debounced, and a newer
/// keystroke cancels the older request. The result is announced politely.
#[component]
pub(super) fn DomainAvailability() -> impl IntoView {
    let (settings, form, checks) = (use_settings(), use_form(), use_checks());
    let prefix = Memo::new(move |_| form.draft.with(|d| customer_domain::text::to_lowercase(d.account.domain_prefix.trim())));
    // The check under way, and the one waiting for typing to pause.
    let in_flight = StoredValue::new_local(None::<web_sys::AbortController>);
    let check = move || {
        let value = prefix.get_untracked();
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        in_flight.set_value(controller);
        let api = settings.api();
        spawn_local(async move {
            let result = api::domain_taken(&api, &format!("{value}{DOMAIN_SUFFIX}"), signal.as_ref()).await;
            if prefix.try_get_untracked().as_ref() != Some(&value) {
                return; // the user typed on (or the wizard was removed); a newer check owns the status
            }
            form.domain_status.set(match result {
                Ok(true) => DomainStatus::Taken(value),
                Ok(false) => DomainStatus::Available(value),
                Err(_) => DomainStatus::Unknown,
            });
            checks.recheck();
        });
    };
    let waiting = StoredValue::new_local(Debounce::new(DOMAIN_CHECK_DELAY, check));
    let cancel = move || {
        waiting.try_with_value(Debounce::cancel);
        if let Some(Some(controller)) = in_flight.try_update_value(Option::take) {
            controller.abort();
        }
    };

    effect(move || {
        let value = prefix.get();
        cancel();
        if rules::domain_prefix(&value).is_err() {
            form.domain_status.set(DomainStatus::Unknown);
            return;
        }
        if form.domain_status.with_untracked(|s| matches!(s, DomainStatus::Available(p) | DomainStatus::Taken(p) if *p == value)) {
            return; // already known (e.g. after a reload)
        }
        form.domain_status.set(DomainStatus::Checking);
        waiting.with_value(Debounce::schedule);
    });
    on_cleanup(cancel);

    let relationship_url = move || settings.config.with(|c| c.relationship_url.clone());
    view! {
        <p class="domain-status" aria-live="polite" id="domain-status">
            {move || {
                let domain = |p: &str| format!("{p}{DOMAIN_SUFFIX}");
                match form.domain_status.get() {
                    DomainStatus::Unknown => None,
                    DomainStatus::Checking => Some(view! {
                        <span class="muted">{i18n::fill(settings.t(Key::DomainChecking), &[("domain", &domain(&prefix.get_untracked()))])}</span>
                    }.into_any()),
                    DomainStatus::Available(p) => Some(view! {
                        <span class="status-ok">{i18n::fill(settings.t(Key::DomainAvailable), &[("domain", &domain(&p))])}</span>
                    }.into_any()),
                    DomainStatus::Taken(p) => Some(view! {
                        <span class="status-taken">
                            {i18n::fill(settings.t(Key::DomainTakenStatus), &[("domain", &domain(&p))])} " "
                            {settings.t(Key::ExistingCustomerNote)} " "
                            {(!relationship_url().is_empty()).then(|| view! {
                                <a href=relationship_url() target="_blank" rel="noopener">{settings.t(Key::RequestRelationship)}</a>
                            })}
                        </span>
                    }.into_any()),
                }
            }}
        </p>
    }
}

/// Account info's continue: the rules first, then the address service.
pub(super) fn continue_from_account(checks: Checks) {
    let Checks { settings, form, catalogues, .. } = checks;
    // The country's rules (state, postal code, registration number) load when
    // the country is picked; a quick continue waits for them rather than
    // judging the address without them.
    let country = form.draft.with_untracked(|d| d.account.address.country.trim().to_owned());
    let rules_ready = country.is_empty() || catalogues.country_rules.with_untracked(|r| r.as_ref().is_some_and(|r| r.iso2_code == country));
    if !rules_ready {
        form.address_check.set(AddressCheck::Checking);
        let api = settings.api();
        spawn_local(async move {
            let rules = api::country_rules(&api, &country).await.ok();
            let still_current = form.draft.with_untracked(|d| d.account.address.country.trim() == country);
            if still_current && rules.is_some() {
                catalogues.country_rules.set(rules);
            }
            form.address_check.set(AddressCheck::Idle);
            check_and_continue(checks);
        });
        return;
    }
    check_and_continue(checks);
}

fn check_and_continue(checks: Checks) {
    let Checks { settings, form, .. } = checks;
    if !checks.check(Step::Account).is_empty() {
        return checks.continue_from(Step::Account);
    }
    let address = form.entered_address();
    if form.address_check.with_untracked(|c| matches!(c, AddressCheck::Confirmed(a) if *a == address)) {
        return checks.continue_from(Step::Account);
    }
    form.address_check.set(AddressCheck::Checking);
    let api = settings.api();
    spawn_local(async move {
        match api::validate_address(&api, &address).await {
            Ok(v) if !v.suggested_addresses.is_empty() && !v.status.is_verified() => {
                form.address_check.set(AddressCheck::Choose(v.suggested_addresses));
            }
            // Verified, or no better answer: the rules already passed, and the
            // server checks again on submit; a validator outage must not block.
            _ => {
                form.address_check.set(AddressCheck::Confirmed(address));
                checks.continue_from(Step::Account);
            }
        }
    });
}
