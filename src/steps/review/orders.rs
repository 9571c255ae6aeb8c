//! What the customer gets: the indirect reseller and the subscriptions. Names
//! follow the catalogues, which may still be on their way (a draft resumed
//! straight onto Review).

use super::card::{Row, Section};
use crate::i18n::Key;
use crate::state::fields;
use crate::state::{use_catalogues, use_settings};
use crate::step::Step;
use customer_domain::draft::SubscriptionDraft;
use leptos::prelude::*;

#[component]
pub(super) fn ResellerSection(reseller_id: String) -> impl IntoView {
    let catalogues = use_catalogues();
    let reseller = move || {
        catalogues.resellers.with(|all| all.iter().find(|r| r.id == reseller_id).map(|r| format!("{} (MPN {})", r.name, r.mpn_id)).unwrap_or_default())
    };
    view! {
        <Section title=Key::StepReseller update_to=Step::Reseller>
            {move || view! { <Row label=fields::RESELLER value=reseller() /> }}
        </Section>
    }
}

#[component]
pub(super) fn SubscriptionsSection(subscriptions: Vec<SubscriptionDraft>) -> impl IntoView {
    let (settings, catalogues) = (use_settings(), use_catalogues());
    let lines = move || {
        catalogues.offers.with(|offers| {
            subscriptions
                .iter()
                .map(|s| (offers.iter().find(|o| o.id == s.offer_id).map(|o| o.name.clone()).unwrap_or_else(|| s.offer_id.clone()), s.quantity.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Section title=Key::ReviewSubscriptions update_to=Step::Subscriptions>
            {move || lines().into_iter().map(|(name, q)| view! {
                <div class="summary-row"><dt>{name}</dt><dd>{format!("{q} × {}", customer_domain::text::to_lowercase(settings.t(Key::Quantity)))}</dd></div>
            }).collect_view()}
        </Section>
    }
}
