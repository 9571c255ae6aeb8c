//! The partner's customers, and the way into the wizard.

use crate::api;
use crate::i18n::Key;
use crate::state::{use_wizard, Step};
use crate::components::StepHeading;
use leptos::prelude::*;

#[component]
pub fn Customers() -> impl IntoView {
    let wizard = use_wizard();
    let list = LocalResource::new(move || {
        let config = wizard.config.get();
        async move { api::customers(&config).await }
    });
    let relationship_url = move || wizard.config.with(|c| c.relationship_url.clone());
    view! {
        <section class="step">
            <StepHeading step=Step::Customers />
            <div class="actions actions-top">
                <button type="button" class="button primary" on:click=move |_| crate::persist::new_draft(wizard)>
                    {move || wizard.t(Key::AddCustomer)}
                </button>
            </div>
            <crate::drafts::SavedDrafts />
            <p class="note">
                {move || wizard.t(Key::ExistingCustomerNote)} " "
                <Show when=move || !relationship_url().is_empty()>
                    <a href=relationship_url target="_blank" rel="noopener">{move || wizard.t(Key::RequestRelationship)}</a>
                </Show>
            </p>
            <Suspense fallback=move || view! { <p>{move || wizard.t(Key::Loading)}</p> }>
                {move || list.get().map(|result| match result {
                    Err(_) => view! {
                        <p class="load-error" role="alert">{wizard.t(Key::LoadFailed)} " "
                            <button type="button" class="link-button" on:click=move |_| list.refetch()>{wizard.t(Key::TryAgain)}</button>
                        </p>
                    }.into_any(),
                    Ok(customers) if customers.is_empty() => view! { <p>{wizard.t(Key::NoCustomersYet)}</p> }.into_any(),
                    Ok(customers) => {
                        let locale = wizard.locale().tag();
                        view! {
                            <table class="customers">
                                <thead><tr>
                                    <th scope="col">{wizard.t(Key::CustomerName)}</th>
                                    <th scope="col">{wizard.t(Key::CustomerDomain)}</th>
                                    <th scope="col">{wizard.t(Key::CustomerCountry)}</th>
                                    <th scope="col">{wizard.t(Key::CustomerCreated)}</th>
                                </tr></thead>
                                <tbody>
                                    {customers.into_iter().map(|c| view! {
                                        <tr>
                                            <td>{c.company_name}</td>
                                            <td>{c.domain}</td>
                                            <td>{crate::util::country_name(locale, &c.country)}</td>
                                            <td>{crate::util::format_date(locale, &c.created_at)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
