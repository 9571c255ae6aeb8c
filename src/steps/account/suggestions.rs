//! The address service's corrections: when it suggests one as the partner
//! continues, a panel offers each suggestion and the address as typed.
//!
//! Few partners see it (only when the service corrects an address), so its
//! code is a WebAssembly chunk of its own, out of the first load: fetched
//! when the browser is idle after the start (see `shell::later_steps`), or
//! as soon as an address check starts (see `widgets::chunk`).

use crate::i18n::{self, Key};
use crate::services::split::now;
use crate::state::effect;
use crate::state::{use_checks, use_form, use_settings, AddressCheck};
use crate::widgets::chunk::{from_chunk, split_view};
use crate::step::Step;
use customer_domain::resources::PostalAddress;
use leptos::html;
use leptos::prelude::*;

// The panel, from its chunk (`suggestions_panel`), and `fetch_suggestions_code`.
split_view!(pub(crate) suggestions_panel, fetch_suggestions_code, SuggestionsPanel);

/// The panel while the partner chooses (its code fetched as the check
/// starts: by the time the service answers, it is usually here), and the
/// "Checking the address" status while the service is asked.
#[component]
pub(super) fn AddressSuggestions() -> impl IntoView {
    let (settings, form) = (use_settings(), use_form());
    let asking = move || form.address_check.with(|c| matches!(c, AddressCheck::Checking | AddressCheck::Choose(_)));
    let choosing = move || form.address_check.with(|c| matches!(c, AddressCheck::Choose(_)));
    view! {
        {from_chunk(asking, choosing, fetch_suggestions_code, || now(suggestions_panel()))}
        <p class="muted" aria-live="polite">
            {move || form.address_check.with(|c| matches!(c, AddressCheck::Checking)).then(|| settings.t(Key::CheckingAddress))}
        </p>
    }
}

/// Suggestions from the address service: pick one or keep the address as typed.
#[component]
fn SuggestionsPanel() -> impl IntoView {
    let (settings, form, checks) = (use_settings(), use_form(), use_checks());
    let choice = RwSignal::new(0usize);
    let panel = NodeRef::<html::Div>::new();
    effect(move || {
        if form.address_check.with(|c| matches!(c, AddressCheck::Choose(_))) {
            if let Some(p) = panel.get() {
                let _ = p.focus();
            }
        }
    });
    let suggestions = move || match form.address_check.get() {
        AddressCheck::Choose(list) => list,
        _ => Vec::new(),
    };
    let apply = move |_| {
        let list = suggestions();
        let picked = choice.get_untracked();
        let address = match list.get(picked) {
            Some(suggestion) => {
                let s = suggestion.clone();
                form.draft.update(|d| {
                    let a = &mut d.account.address;
                    a.address_line1 = s.address_line1.clone();
                    a.address_line2 = s.address_line2.clone().unwrap_or_default();
                    a.city = s.city.clone();
                    a.state = s.state.clone().unwrap_or_default();
                    a.postal_code = s.postal_code.clone().unwrap_or_default();
                });
                form.entered_address()
            }
            None => form.entered_address(),
        };
        form.address_check.set(AddressCheck::Confirmed(address));
        checks.continue_from(Step::Account);
    };
    view! {
        <div class="panel address-suggestions" tabindex="-1" node_ref=panel role="region" aria-labelledby="address-check-title">
            <h2 id="address-check-title">{settings.text(Key::CheckAddress)}</h2>
            <fieldset>
                <legend>{settings.text(Key::CheckAddressHint)}</legend>
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
                            <label for="address-keep">{i18n::fill(settings.t(Key::KeepAddress), &[("address", &one_line(&form.entered_address()))])}</label>
                        </div>
                    }
                }}
            </fieldset>
            <button type="button" class="button primary" on:click=apply>{settings.text(Key::UseAddress)}</button>
        </div>
    }
}

fn one_line(a: &PostalAddress) -> String {
    [Some(a.address_line1.clone()), a.address_line2.clone(), Some(a.city.clone()), a.state.clone(), a.postal_code.clone(), Some(a.country.clone())]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
