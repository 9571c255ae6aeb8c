//! Indirect reseller (indirect providers only): one required choice from a
//! searchable list that stays fast with thousands of resellers.

use crate::components::{BackLink, ErrorSummary, FieldMessage, StepHeading, issue_text};
use crate::i18n::Key;
use crate::state::{use_wizard, Step};
use customer_domain::search::SearchIndex;
use customer_domain::validate::field;
use leptos::prelude::*;

/// Rows rendered at once; the search narrows the rest.
const VISIBLE_ROWS: usize = 50;

#[component]
pub fn Reseller() -> impl IntoView {
    let wizard = use_wizard();
    let query = RwSignal::new(String::new());
    let issue = issue_text(field::RESELLER);
    let id = crate::fields::dom_id(field::RESELLER);
    let index = Memo::new(move |_| wizard.resellers.with(|all| SearchIndex::new(all.iter().map(|r| [r.name.as_str(), r.mpn_id.as_str()]))));
    // The chosen reseller stays first whatever the search, so the choice is always visible.
    let matches = Memo::new(move |_| {
        let q = query.get();
        let selected = wizard.draft.with(|d| d.reseller_id.clone());
        wizard.resellers.with(|all| {
            index.with(|index| {
                let chosen = all.iter().position(|r| r.id == selected);
                let found = index.search(&q, |i| Some(i) != chosen, VISIBLE_ROWS - usize::from(chosen.is_some()));
                chosen.into_iter().chain(found.first).map(|i| all[i].clone()).collect::<Vec<_>>()
            })
        })
    });
    view! {
        <section class="step">
            <BackLink to=Step::Account />
            <ErrorSummary />
            <StepHeading step=Step::Reseller />
            <form novalidate on:submit=move |ev| { ev.prevent_default(); wizard.continue_from(Step::Reseller); }>
                <div class="field">
                    <label for="reseller-search">{move || wizard.t(Key::SearchResellers)}</label>
                    <input id="reseller-search" type="search" class="input-full"
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                </div>
                <fieldset id=id.clone() tabindex="-1" class:field-invalid=move || issue.with(|i| i.is_some())
                    aria-describedby=move || issue.with(|i| i.is_some()).then(|| format!("{}-error", crate::fields::dom_id(field::RESELLER)))>
                    <legend>{move || wizard.t(Key::StepReseller)}</legend>
                    <FieldMessage id=id.clone() issue=issue />
                    <For each=move || matches.get() key=|r| r.id.clone() let(r)>
                        {
                            let rid = r.id.clone();
                            let checked_id = r.id.clone();
                            let input_id = format!("reseller-{}", r.id);
                            view! {
                                <div class="radio">
                                    <input type="radio" name="reseller" id=input_id.clone() value=r.id.clone()
                                        prop:checked=move || wizard.draft.with(|d| d.reseller_id == checked_id)
                                        on:change=move |_| { let v = rid.clone(); wizard.draft.update(|d| d.reseller_id = v); wizard.recheck(); } />
                                    <label for=input_id>{r.name.clone()} <span class="muted">{format!(" · MPN {} · {}", r.mpn_id, r.location)}</span></label>
                                </div>
                            }
                        }
                    </For>
                </fieldset>
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || if wizard.return_to_review.get() { wizard.t(Key::BackToReview) } else { wizard.t(Key::NextSubscriptions) }}
                    </button>
                </div>
            </form>
        </section>
    }
}
