//! Fixtures shared by the integration tests: the generated country data (read
//! straight from the JSON, so the tests need no feature), a small offer
//! catalogue, resellers and a known-good draft.
#![allow(dead_code)]

use customer_domain::catalog::{Offer, OfferCategory, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::date::Date;
use customer_domain::draft::*;
use customer_domain::pattern::PatternMatcher;
use customer_domain::validate::Context;

pub const COUNTRIES_JSON: &str = include_str!("../../data/countries.json");

pub fn countries() -> Vec<CountryRules> {
    serde_json::from_str(COUNTRIES_JSON).expect("countries.json parses as CountryRules")
}

pub fn country(iso2: &str) -> CountryRules {
    countries().into_iter().find(|c| c.iso2_code == iso2).expect("country in data")
}

pub const BASE_OFFER: &str = "CFQ7TTC0LH18:0001";
pub const ADD_ON_OFFER: &str = "CFQ7TTC0LHSF:0001";
pub const OTHER_OFFER: &str = "CFQ7TTC0LF8R:0001";

fn offer(id: &str, name: &str, min: u32, max: u32, prerequisites: &[&str]) -> Offer {
    Offer {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        minimum_quantity: min,
        maximum_quantity: max,
        rank: 0,
        category: OfferCategory { id: "Business".into(), name: "Business".into(), rank: 0 },
        prerequisite_offers: prerequisites.iter().map(|p| p.to_string()).collect(),
        is_add_on: !prerequisites.is_empty(),
        has_add_ons: false,
        is_available_for_purchase: true,
        billing: "license".into(),
        supported_billing_cycles: vec!["monthly".into()],
        is_auto_renewable: true,
        is_trial: false,
        product: None,
        unit_type: "Licenses".into(),
        links: None,
    }
}

pub fn offers() -> Vec<Offer> {
    vec![
        offer(BASE_OFFER, "Microsoft 365 Business Basic", 1, 300, &[]),
        offer(ADD_ON_OFFER, "Microsoft Defender for Office 365 (Plan 1)", 1, 300, &[BASE_OFFER]),
        offer(OTHER_OFFER, "Exchange Online (Plan 1)", 5, 10_000, &[]),
    ]
}

pub const RESELLER_ID: &str = "f3b4c3a1-7d2e-4c55-9b1e-2a7c9d0e6f11";
pub const RESELLER_MPN: &str = "4847383";

pub fn resellers() -> Vec<Relationship> {
    vec![Relationship {
        id: RESELLER_ID.into(),
        name: "Wingtip Reseller AB".into(),
        relationship_type: "IsIndirectCloudSolutionProviderOf".into(),
        state: "Active".into(),
        mpn_id: RESELLER_MPN.into(),
        location: "SE".into(),
    }]
}

pub fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

pub const TEMPLATE_ID: &str = "117a77b0-9360-443b-8795-c6dedc750cf9";

pub fn context<'a>(
    country: &'a CountryRules,
    offers: &'a [Offer],
    resellers: Option<&'a [Relationship]>,
    matcher: &'a dyn PatternMatcher,
) -> Context<'a> {
    Context { country: Some(country), allowed_countries: &[], offers, resellers, today: today(), template_id: TEMPLATE_ID, matcher }
}

/// A complete, valid Swedish draft.
pub fn swedish_draft() -> CustomerDraft {
    CustomerDraft {
        account: AccountDraft {
            company_name: "Testa Foods AB".into(),
            domain_prefix: "TestaFoods".into(),
            organization_registration_number: String::new(),
            culture: String::new(),
            language: String::new(),
            address: AddressDraft {
                country: "SE".into(),
                address_line1: "Storgatan 1".into(),
                address_line2: String::new(),
                city: "Stockholm".into(),
                state: String::new(),
                postal_code: "114 55".into(),
                phone_number: "+46 8 123 456 78".into(),
            },
            contact: ContactDraft {
                first_name: "Åsa".into(),
                last_name: "Öberg".into(),
                email: "asa.oberg@testafoods.se".into(),
                phone_number: String::new(),
            },
        },
        agreement: AgreementDraft {
            accepted: true,
            signer: ContactDraft {
                first_name: "José".into(),
                last_name: "Ñúñez".into(),
                email: "jose.nunez@testafoods.se".into(),
                phone_number: "+46 70 123 45 67".into(),
            },
            date_agreed: "2026-11-20".into(),
        },
        reseller_id: String::new(),
        subscriptions: vec![
            SubscriptionDraft { offer_id: BASE_OFFER.into(), quantity: "10".into() },
            SubscriptionDraft { offer_id: ADD_ON_OFFER.into(), quantity: "10".into() },
        ],
        acknowledged: Vec::new(),
    }
}

/// A complete, valid Brazilian draft (state, organization number and phone required).
pub fn brazilian_draft() -> CustomerDraft {
    let mut d = swedish_draft();
    d.account.company_name = "Natura Cosméticos S.A.".into();
    d.account.domain_prefix = "naturacosmeticos".into();
    d.account.organization_registration_number = "71.673.990/0001-77".into();
    d.account.address = AddressDraft {
        country: "BR".into(),
        address_line1: "Avenida Alexandre Colares, 1188".into(),
        address_line2: "Parque Anhanguera".into(),
        city: "São Paulo".into(),
        state: "SP".into(),
        postal_code: "05106-000".into(),
        phone_number: "+55 11 4389-7881".into(),
    };
    d.account.contact.email = "asa.oberg@natura.net".into();
    d.agreement.signer.email = "jose.nunez@natura.net".into();
    d
}
