//! Each reader against the derive it replaced, on the same text: a sample
//! answer with every member set, and thousands of seeded alterations of it
//! (members removed, renamed, added, values retyped). Natively the derive
//! reads through serde_json, in the browser (`json/wasm_tests.rs`) through
//! the app's reader of `JSON.parse`'s result, which is what the app used.

use super::*;
use crate::services::seeded::Rng;
use customer_domain::catalog::{AgreementTemplate, Offer, Page, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::issue::Message;
use customer_domain::resources::{AddressValidation, CustomerSummary};
use customer_domain::wire::{ErrorReply, SubmitReceipt};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt::Debug;

/// A JSON text as a tree, and as a typed value by the derive.
pub(crate) trait Parse {
    fn tree(text: &str) -> Option<Json>;
    fn derived<T: DeserializeOwned>(text: &str) -> Option<T>;
}

/// serde_json, natively.
struct Native;

impl Parse for Native {
    fn tree(text: &str) -> Option<Json> {
        crate::services::json::from_str(text)
    }
    fn derived<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }
}

/// Reader and derive on `text`: the same verdict and value; whether it read.
fn one<P: Parse, T: DeserializeOwned + PartialEq + Debug>(text: &str, read: Read<T>) -> bool {
    let derived = P::derived::<T>(text);
    let hand = P::tree(text).as_ref().and_then(read);
    assert_eq!(hand, derived, "{text}");
    derived.is_some()
}

/// The reader of the answer named `name` against its derive, on `text`.
pub(crate) fn agree<P: Parse>(name: &str, text: &str) -> bool {
    match name {
        "country rules" => one::<P, CountryRules>(text, country_rules),
        "countries" => one::<P, Page<String>>(text, |v| page(v, crate::services::json::read::text)),
        "offers" => one::<P, Page<Offer>>(text, |v| page(v, offer)),
        "resellers" => one::<P, Page<Relationship>>(text, |v| page(v, relationship)),
        "agreement templates" => one::<P, Page<AgreementTemplate>>(text, |v| page(v, agreement_template)),
        "customers" => one::<P, Page<CustomerSummary>>(text, |v| page(v, customer_summary)),
        "address validation" => one::<P, AddressValidation>(text, address_validation),
        "receipt" => one::<P, SubmitReceipt>(text, submit_receipt),
        "error reply" => one::<P, ErrorReply>(text, error_reply),
        _ => panic!("no reader named {name}"),
    }
}

fn receipt_customer() -> Value {
    json!({ "id": "c1", "commerceId": "k", "relationshipToPartner": "reseller",
            "companyProfile": { "domain": "contoso.onmicrosoft.com", "organizationRegistrationNumber": "5566" },
            "billingProfile": { "email": "a@contoso.se", "culture": "sv-SE", "language": "sv", "companyName": "Contoso AB",
                                "defaultAddress": { "firstName": "A", "lastName": "B", "addressLine1": "Storgatan 1", "city": "Malmö", "country": "SE" } },
            "userCredentials": { "userName": "admin", "password": "once", "passwordAlreadyShown": true } })
}

/// Every answer the app reads, each with every member the app reads set
/// (to a value that is not its default).
pub(crate) fn samples() -> Vec<(&'static str, Value)> {
    let rules = CountryRules {
        iso2_code: "SE".into(),
        default_culture: "sv-SE".into(),
        is_state_required: true,
        supported_states_list: vec!["AB".into(), "C".into()],
        supported_languages_list: vec!["sv".into()],
        supported_cultures_list: vec!["sv-SE".into(), "en-US".into()],
        is_postal_code_required: true,
        postal_code_regex: Some("^\\d{3} ?\\d{2}$".into()),
        is_city_required: true,
        is_vat_id_supported: true,
        tax_id_format: Some("SE999999999901".into()),
        vat_id_regex: Some("^SE\\d{12}$".into()),
        phone_number_regex: Some("^\\+?\\d+$".into()),
        is_tax_id_supported: true,
        is_tax_id_optional: true,
        country_calling_codes_list: vec!["46".into()],
        supported_state_names: vec!["Stockholm".into(), "Uppsala".into()],
        postal_code_examples: vec!["114 55".into()],
        is_organization_registration_number_required: true,
        organization_registration_number_regex: Some("^\\d{10}$".into()),
        is_phone_number_required: true,
    };
    let offer = Offer {
        id: "CFQ7TTC0LH18:0001".into(),
        name: "Microsoft 365 E3".into(),
        description: "Office and more".into(),
        minimum_quantity: 1,
        maximum_quantity: 300,
        rank: 4,
        category: customer_domain::catalog::OfferCategory { id: "enterprise".into(), name: "Enterprise".into(), rank: 2 },
        prerequisite_offers: vec!["A".into(), "B".into()],
        is_add_on: true,
        has_add_ons: true,
        is_available_for_purchase: false,
        billing: "license".into(),
        supported_billing_cycles: vec!["monthly".into(), "annual".into()],
        is_auto_renewable: true,
        is_trial: true,
        product: Some(customer_domain::catalog::OfferProduct { id: "p".into(), name: "M365".into(), unit: "licenses".into() }),
        unit_type: "Licenses".into(),
        links: Some(customer_domain::catalog::OfferLinks { learn_more: customer_domain::catalog::Link { uri: "https://learn.example/m365".into() } }),
    };
    let reseller = Relationship {
        id: "f3b4c3a1".into(),
        name: "Fabrikam Reseller".into(),
        relationship_type: "IsIndirectCloudSolutionProviderOf".into(),
        state: "active".into(),
        mpn_id: "123".into(),
        location: "SE".into(),
    };
    let template = AgreementTemplate { template_id: "t1".into(), agreement_type: "MicrosoftCustomerAgreement".into(), agreement_link: "https://x/mca".into(), version_rank: 3 };
    let customer = CustomerSummary {
        id: "c1".into(),
        company_name: "Contoso".into(),
        domain: "contoso.onmicrosoft.com".into(),
        country: "SE".into(),
        created_at: "2026-11-23T21:00:00Z".into(),
        relationship_to_partner: "reseller".into(),
        associated_partner_id: Some("f3b4c3a1".into()),
    };
    let address = customer_domain::resources::PostalAddress {
        address_line1: "Storgatan 1".into(),
        address_line2: Some("Plan 2".into()),
        city: "Malmö".into(),
        state: Some("M".into()),
        postal_code: Some("211 22".into()),
        country: "SE".into(),
    };
    let validation = AddressValidation {
        original_address: address.clone(),
        suggested_addresses: vec![address.clone(), Default::default()],
        status: customer_domain::resources::AddressStatus::InteractionRequired,
        validation_message: Some("Check the street".into()),
    };
    let page = |items: Vec<Value>| json!({ "totalCount": 1234, "items": items });
    let issues = json!([
        { "field": "account.companyName", "severity": "error", "code": "too_long", "params": { "max": 50 } },
        { "field": "account.address.postalCode", "severity": "warning", "code": "invalid_postal_code", "params": { "example": "114 55" } },
        "not an issue",
        { "field": "subscriptions", "severity": "error", "code": "quantity_out_of_range", "params": { "min": 1, "max": 300 } },
        { "field": "x", "severity": "error", "code": "missing_prerequisite", "params": { "offer_ids": ["a", "b"] } },
        { "field": "account.contact.email", "severity": "error", "code": "required", "params": null },
    ]);
    vec![
        ("country rules", to(&rules)),
        ("countries", page(vec![json!("SE"), json!("NO")])),
        ("offers", page(vec![to(&offer), to(&offer)])),
        ("resellers", page(vec![to(&reseller)])),
        ("agreement templates", page(vec![to(&template), to(&template)])),
        ("customers", page(vec![to(&customer)])),
        ("address validation", to(&validation)),
        ("receipt", json!({ "customer": receipt_customer(), "agreement": { "templateId": "t1" }, "order": { "id": "o1" } })),
        (
            "error reply",
            json!({ "code": 2002, "description": "Refused", "data": issues, "source": "s", "errorName": "E", "isRetryable": true,
                    "progress": { "customer": receipt_customer(), "agreementConfirmed": true, "failedStage": "order", "upstreamCode": 2002 } }),
        ),
    ]
}

fn to<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Every path to a value inside `value` (the root too).
fn paths(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| paths(v, [path.clone(), vec![k.clone()]].concat(), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| paths(v, [path.clone(), vec![i.to_string()]].concat(), out)),
        _ => {}
    }
    out.push(path);
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, key| match v {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// A value for anywhere: every JSON type, numbers in and out of a `u32`'s
/// range. Natively no whole number is written as a float (`1.0`) and no
/// array but an empty one is made: serde_json reads those unlike the
/// browser's `JSON.parse` (a float is never a `u32`, an array may be a
/// struct), and the browser test covers them.
pub(crate) fn scalar(rng: &mut Rng) -> Value {
    const TEXTS: &[&str] = &["", "SE", "error", "too_long", "Verified", "VerifiedShippable", "NotValidated", "required", "x", "review"];
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.below(400)),
        3 => json!(-(rng.below(3) as i64) - 1),
        4 => json!(4_294_967_295u64 + rng.below(2) as u64),
        5 => json!(rng.below(100) as f64 + 0.5),
        6 | 7 => json!(TEXTS[rng.below(TEXTS.len())]),
        8 => json!({}),
        _ => json!([]),
    }
}

/// One alteration somewhere in `doc`.
pub(crate) fn alter(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(doc, Vec::new(), &mut all);
    let path = &all[rng.below(all.len())];
    let Some(target) = at(doc, path) else { return };
    match (target, rng.below(5)) {
        (Value::Object(members), 0 | 1) if !members.is_empty() => {
            let keys: Vec<String> = members.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            let moved = members.remove(key).unwrap_or_default();
            if rng.below(2) == 0 {
                members.insert(format!("{key}X"), moved);
            }
        }
        (Value::Object(members), 2) => {
            members.insert(["code", "status", "extra", "items", "Verified"][rng.below(5)].to_owned(), scalar(rng));
        }
        (target, _) => *target = scalar(rng),
    }
}

const ROUNDS: usize = 1500;

#[test]
fn every_reader_reads_as_its_derive_on_altered_answers() {
    let mut rng = Rng(0x5EED_AB1E_0000_0011);
    for (name, sample) in samples() {
        assert!(agree::<Native>(name, &sample.to_string()), "{name}: the sample reads");
        let mut read = 0;
        for _ in 0..ROUNDS {
            let mut doc = sample.clone();
            for _ in 0..=rng.below(3) {
                alter(&mut doc, &mut rng);
            }
            read += usize::from(agree::<Native>(name, &doc.to_string()));
        }
        assert!(read > ROUNDS / 20 && read < ROUNDS * 19 / 20, "{name}: {read} of {ROUNDS} altered answers read");
    }
}

#[test]
fn an_error_reply_keeps_its_issues_and_skips_other_items() {
    let (_, sample) = samples().into_iter().find(|(name, _)| *name == "error reply").unwrap();
    let reply = error_reply(&Native::tree(&sample.to_string()).unwrap()).unwrap();
    assert_eq!(reply.code, 2002);
    assert_eq!(reply.data.len(), 5);
    assert_eq!(reply.data[0], FieldIssue::error("account.companyName", Message::TooLong { max: 50 }));
    let progress = reply.progress.unwrap();
    assert_eq!(progress.customer.unwrap().user_credentials.password.as_deref(), Some("once"));
    assert_eq!((progress.failed_stage.as_str(), progress.upstream_code), ("order", Some(2002)));
    // Not an error reply: no envelope, as before.
    for text in [r#"{"code":"x"}"#, r#"{"data":null}"#, r#"{"data":{}}"#, "7", "null"] {
        assert_eq!(agree::<Native>("error reply", text), false, "{text}");
    }
    assert!(agree::<Native>("error reply", "{}"));
}

#[test]
fn an_address_verdict_reads_by_name_and_an_unknown_one_as_unrecognised() {
    let read = |status: Value| {
        let text = json!({ "originalAddress": { "country": "SE" }, "status": status }).to_string();
        agree::<Native>("address validation", &text);
        address_validation(&Native::tree(&text).unwrap()).map(|v| v.status)
    };
    use customer_domain::resources::AddressStatus;
    assert_eq!(read(json!("VerifiedShippable")), Some(AddressStatus::VerifiedShippable));
    assert_eq!(read(json!("SomethingNew")), Some(AddressStatus::Unrecognised));
    assert_eq!(read(json!({ "Verified": null })), Some(AddressStatus::Verified));
    assert_eq!(read(json!({ "Verified": 1 })), None);
    assert_eq!(read(json!({ "Verified": null, "None": null })), None);
    assert_eq!(read(json!(7)), None);
}
