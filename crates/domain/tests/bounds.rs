//! Input bounds before work: how many line items, how long and of what form
//! each field of a payload may be, and what "required" and "plain text" mean.
//! The same rules run in the browser (drafts) and on the server (payloads).
#![cfg(feature = "native-regex")]

mod common;

use common::*;
use customer_domain::catalog::Offer;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::payload::{LineItem, SubmitRequest};
use customer_domain::pattern::NativeMatcher;
use customer_domain::validate::{self, field, payload_field, PayloadContext, MAX_LINE_ITEMS};
use customer_domain::{CustomerDraft, FieldIssue, Message};
use std::time::Instant;

/// A valid Swedish payload and what the server checks it against.
fn valid_payload(offers: &[Offer]) -> SubmitRequest {
    let se = country("SE");
    swedish_draft().into_payload(&context(&se, offers, None, &NativeMatcher)).expect("valid draft")
}

fn payload_issues(request: &SubmitRequest, offers: &[Offer]) -> Vec<FieldIssue> {
    let se = country("SE");
    let resellers = resellers();
    let ctx = PayloadContext { country: Some(&se), offers, resellers: &resellers, today: today(), matcher: &NativeMatcher };
    validate::payload(request, &ctx)
}

fn draft_issues(draft: &CustomerDraft) -> Vec<FieldIssue> {
    let se = country("SE");
    let offers = offers();
    validate::all(draft, &context(&se, &offers, None, &NativeMatcher))
}

#[test]
fn thirty_nine_thousand_line_items_are_refused_before_any_other_work() {
    let offers = offers();
    let mut request = valid_payload(&offers);
    let line = request.order.line_items[0].clone();
    request.order.line_items = (0..39_000u32).map(|n| LineItem { line_item_number: n, ..line.clone() }).collect();
    let se = country("SE");
    let resellers = resellers();
    let server = PayloadContext { country: Some(&se), offers: &offers, resellers: &resellers, today: today(), matcher: &NativeMatcher };
    let started = Instant::now();
    let issues = validate::payload(&request, &server);
    let took = started.elapsed();
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("39,000 line items refused in {took:?} (validate::payload, {build} build)");
    assert_eq!(issues, vec![FieldIssue::error(field::SUBSCRIPTIONS, Message::TooManyLineItems { max: MAX_LINE_ITEMS as u32 })]);

    // The same bound in the browser's draft rules.
    let mut draft = swedish_draft();
    draft.subscriptions = (0..=MAX_LINE_ITEMS).map(|n| SubscriptionDraft { offer_id: format!("OFFER{n}:0001"), quantity: "1".into() }).collect();
    let ctx = context(&se, &offers, None, &NativeMatcher);
    let started = Instant::now();
    let issues = validate::subscriptions(&draft, &ctx);
    println!("{} draft lines refused in {:?} ({build} build)", MAX_LINE_ITEMS + 1, started.elapsed());
    assert_eq!(issues, vec![FieldIssue::error(field::SUBSCRIPTIONS, Message::TooManyLineItems { max: MAX_LINE_ITEMS as u32 })]);
}

#[test]
fn the_most_line_items_allowed_are_checked_in_linear_time() {
    // A catalogue of MAX_LINE_ITEMS offers, every one ordered, plus duplicates
    // of each beyond the limit would be refused; at the limit, each is looked at once.
    let mut offers = offers();
    let template = offers[0].clone();
    offers.extend((0..MAX_LINE_ITEMS).map(|n| Offer { id: format!("GEN{n:04}:0001"), name: format!("Generated {n}"), ..template.clone() }));
    let mut draft = swedish_draft();
    draft.subscriptions = (0..MAX_LINE_ITEMS).map(|n| SubscriptionDraft { offer_id: format!("GEN{n:04}:0001"), quantity: "1".into() }).collect();
    let se = country("SE");
    let ctx = context(&se, &offers, None, &NativeMatcher);
    assert_eq!(validate::subscriptions(&draft, &ctx), vec![]);
    let started = Instant::now();
    let payload = draft.into_payload(&ctx).expect("valid at the limit");
    println!("{MAX_LINE_ITEMS} valid lines to a payload in {:?}", started.elapsed());
    assert_eq!(payload.order.line_items.len(), MAX_LINE_ITEMS);
    // Duplicates are still found, each after its first.
    draft.subscriptions[MAX_LINE_ITEMS - 1].offer_id = "GEN0000:0001".into();
    assert_eq!(validate::subscriptions(&draft, &ctx), vec![FieldIssue::error(field::quantity("GEN0000:0001"), Message::DuplicateOffer)]);
}

#[test]
fn every_payload_field_has_a_length_or_form_bound() {
    let offers = offers();
    let good = valid_payload(&offers);
    assert_eq!(payload_issues(&good, &offers), vec![]);
    let huge = "x".repeat(1_500_000);
    type Edit = fn(&mut SubmitRequest, &str);
    let cases: &[(&str, Edit)] = &[
        (field::COMPANY_NAME, |r, v| r.customer.billing_profile.company_name = v.into()),
        (field::DOMAIN_PREFIX, |r, v| r.customer.company_profile.domain = format!("{v}.onmicrosoft.com")),
        (field::ORG_REGISTRATION, |r, v| r.customer.company_profile.organization_registration_number = Some(v.into())),
        (field::CULTURE, |r, v| r.customer.billing_profile.culture = v.into()),
        (field::LANGUAGE, |r, v| r.customer.billing_profile.language = v.into()),
        ("account.contact.email", |r, v| r.customer.billing_profile.email = v.into()),
        ("account.contact.firstName", |r, v| r.customer.billing_profile.default_address.first_name = v.into()),
        ("account.contact.lastName", |r, v| r.customer.billing_profile.default_address.last_name = v.into()),
        (field::ADDRESS_LINE1, |r, v| r.customer.billing_profile.default_address.address_line1 = v.into()),
        (field::ADDRESS_LINE2, |r, v| r.customer.billing_profile.default_address.address_line2 = Some(v.into())),
        (field::CITY, |r, v| r.customer.billing_profile.default_address.city = v.into()),
        (field::STATE, |r, v| r.customer.billing_profile.default_address.state = Some(v.into())),
        (field::POSTAL_CODE, |r, v| r.customer.billing_profile.default_address.postal_code = Some(v.into())),
        (field::COUNTRY, |r, v| r.customer.billing_profile.default_address.country = v.into()),
        (field::PHONE, |r, v| r.customer.billing_profile.default_address.phone_number = Some(format!("+46 8 123 456 78{v}"))),
        ("agreement.signer.firstName", |r, v| r.agreement.primary_contact.first_name = v.into()),
        ("agreement.signer.lastName", |r, v| r.agreement.primary_contact.last_name = v.into()),
        ("agreement.signer.email", |r, v| r.agreement.primary_contact.email = v.into()),
        ("agreement.signer.phoneNumber", |r, v| r.agreement.primary_contact.phone_number = Some(v.into())),
        (payload_field::TEMPLATE_ID, |r, v| r.agreement.template_id = v.into()),
        (payload_field::AGREEMENT_TYPE, |r, v| r.agreement.agreement_type = v.into()),
        (field::DATE_AGREED, |r, v| r.agreement.date_agreed = format!("2024-05-01T00:00:00.{v}Z")),
        (payload_field::BILLING_CYCLE, |r, v| r.order.billing_cycle = v.into()),
        (field::RESELLER, |r, v| r.customer.associated_partner_id = Some(v.into())),
        (field::RESELLER, |r, v| r.order.line_items[0].partner_id_on_record = Some(v.into())),
    ];
    for (path, edit) in cases {
        let mut request = good.clone();
        edit(&mut request, &huge);
        let issues = payload_issues(&request, &offers);
        assert!(issues.iter().any(|i| i.field == *path), "1.5 MB in {path} was not refused: {issues:?}");
    }
    // Spaces pad a phone number past its shape rules, but not past its length.
    let mut padded = good.clone();
    padded.customer.billing_profile.default_address.phone_number = Some(format!("+46 8 123 456 78{}", " ".repeat(100)));
    padded.agreement.primary_contact.phone_number = Some(format!("+46{}70 123 45 67", " ".repeat(100)));
    let fields: Vec<String> = payload_issues(&padded, &offers).into_iter().map(|i| i.field).collect();
    assert_eq!(fields, ["agreement.signer.phoneNumber"], "trailing spaces are trimmed; inner ones count");
    // An offer id nobody sells is refused, whatever its length.
    let mut unknown = good.clone();
    unknown.order.line_items[0].offer_id = huge.clone();
    assert!(payload_issues(&unknown, &offers).iter().any(|i| i.message == Message::UnknownOffer));
}

#[test]
fn culture_and_language_come_from_the_countrys_lists() {
    let offers = offers();
    let mut request = valid_payload(&offers);
    assert_eq!((request.customer.billing_profile.culture.as_str(), request.customer.billing_profile.language.as_str()), ("sv-SE", "sv"));
    request.customer.billing_profile.culture = "en-US".into();
    request.customer.billing_profile.language = "xx".into();
    let issues = payload_issues(&request, &offers);
    assert_eq!(issues, vec![FieldIssue::error(field::CULTURE, Message::InvalidCulture), FieldIssue::error(field::LANGUAGE, Message::InvalidLanguage)]);
    request.customer.billing_profile.culture = String::new();
    request.customer.billing_profile.language = "SV".into();
    assert_eq!(payload_issues(&request, &offers), vec![FieldIssue::error(field::CULTURE, Message::Required)]);
    // In a draft, empty means "the country's default".
    let mut draft = swedish_draft();
    draft.account.culture = "de-DE".into();
    assert_eq!(draft_issues(&draft), vec![FieldIssue::error(field::CULTURE, Message::InvalidCulture)]);
}

#[test]
fn the_billing_cycle_is_one_every_offer_supports() {
    let mut offers = offers();
    let mut request = valid_payload(&offers);
    assert_eq!(request.order.billing_cycle, "monthly");
    request.order.billing_cycle = "annual".into();
    assert_eq!(payload_issues(&request, &offers), vec![FieldIssue::error(payload_field::BILLING_CYCLE, Message::InvalidBillingCycle)]);
    // Annual-only offers make an annual order; a trial (billed on no cycle) goes with anything.
    for offer in offers.iter_mut() {
        offer.supported_billing_cycles = vec!["annual".into(), "triennial".into()];
    }
    offers[1].supported_billing_cycles = vec!["none".into()];
    let annual = valid_payload(&offers);
    assert_eq!(annual.order.billing_cycle, "annual");
    assert_eq!(payload_issues(&annual, &offers), vec![]);
    // Offers with no cycle in common cannot be one order.
    offers[0].supported_billing_cycles = vec!["monthly".into()];
    offers[2].supported_billing_cycles = vec!["annual".into()];
    let mut draft = swedish_draft();
    draft.subscriptions.push(SubscriptionDraft { offer_id: OTHER_OFFER.into(), quantity: "5".into() });
    let issues = validate::subscriptions(&draft, &context(&country("SE"), &offers, None, &NativeMatcher));
    assert_eq!(issues, vec![FieldIssue::error(field::SUBSCRIPTIONS, Message::InvalidBillingCycle)]);
}

#[test]
fn friendly_names_come_from_the_catalogue() {
    let offers = offers();
    let payload = valid_payload(&offers);
    for line in &payload.order.line_items {
        let offer = offers.iter().find(|o| o.id == line.offer_id).unwrap();
        assert_eq!(line.friendly_name.as_deref(), Some(offer.name.as_str()));
    }
}

#[test]
fn required_values_need_a_visible_character() {
    for invisible in ["\u{200B}\u{200B}", "\u{0000}", " \u{FEFF} ", "\u{3164}", "\u{2060}\u{00AD}", "\u{202E}"] {
        let mut draft = swedish_draft();
        draft.account.company_name = invisible.into();
        draft.account.address.city = invisible.into();
        draft.account.contact.first_name = invisible.into();
        draft.agreement.signer.last_name = invisible.into();
        let issues = draft_issues(&draft);
        for path in [field::COMPANY_NAME, field::CITY, "account.contact.firstName", "agreement.signer.lastName"] {
            assert!(issues.contains(&FieldIssue::error(path, Message::Required)), "{invisible:?} in {path}: {issues:?}");
        }
    }
}

#[test]
fn control_characters_and_bidi_overrides_are_refused_in_names_and_addresses() {
    for (label, bad) in [("NUL", "Testa\u{0000}Foods"), ("RLO", "\u{202E}sdooF atseT"), ("LRI", "Testa \u{2066}Foods\u{2069}"), ("newline", "Testa\nFoods"), ("tab", "Storgatan\t1"), ("DEL", "Testa\u{7F}")] {
        let mut draft = swedish_draft();
        draft.account.company_name = bad.into();
        draft.account.address.address_line1 = bad.into();
        draft.account.address.address_line2 = bad.into();
        draft.account.address.city = bad.into();
        draft.account.contact.last_name = bad.into();
        draft.agreement.signer.first_name = bad.into();
        let issues = draft_issues(&draft);
        for path in [field::COMPANY_NAME, field::ADDRESS_LINE1, field::ADDRESS_LINE2, field::CITY, "account.contact.lastName", "agreement.signer.firstName"] {
            assert!(issues.contains(&FieldIssue::error(path, Message::InvalidCharacters)), "{label} in {path}: {issues:?}");
        }
    }
    // Right-to-left names with their marks, and joiners inside words, stay allowed.
    let mut draft = swedish_draft();
    draft.account.contact.first_name = "נועה\u{200F}".into();
    draft.agreement.signer.last_name = "क्ष\u{200D}त्र".into();
    assert_eq!(draft_issues(&draft), vec![]);
}

#[test]
fn the_largest_payload_within_the_bounds_fits_well_inside_the_body_limit() {
    use customer_domain::rules::*;
    let offers = offers();
    let mut r = valid_payload(&offers);
    // Every text at its limit in 4-byte UTF-8 characters (JSON leaves them unescaped).
    let text = |max: u32| "𝔸".repeat(max as usize);
    let profile = &mut r.customer.billing_profile;
    profile.company_name = text(MAX_COMPANY_NAME);
    profile.email = format!("{}@{}.se", "a".repeat(64), "b".repeat(180));
    profile.culture = "zh-Hant-TW".into();
    let address = &mut profile.default_address;
    (address.first_name, address.last_name) = (text(MAX_NAME), text(MAX_NAME));
    (address.address_line1, address.address_line2) = (text(MAX_ADDRESS_LINE), Some(text(MAX_ADDRESS_LINE)));
    (address.city, address.state, address.postal_code) = (text(MAX_CITY), Some(text(MAX_STATE)), Some(text(MAX_POSTAL_CODE)));
    address.phone_number = Some("1".repeat(MAX_PHONE as usize));
    r.customer.company_profile.domain = format!("{}.onmicrosoft.com", "a".repeat(MAX_DOMAIN_PREFIX as usize));
    r.customer.company_profile.organization_registration_number = Some(text(MAX_ORG_REGISTRATION));
    r.customer.associated_partner_id = Some(RESELLER_ID.into());
    let contact = &mut r.agreement.primary_contact;
    (contact.first_name, contact.last_name, contact.email) = (text(MAX_NAME), text(MAX_NAME), profile.email.clone());
    contact.phone_number = Some("1".repeat(MAX_PHONE as usize));
    // The longest offer ids and names in the large catalogue are about 20 and 70 characters.
    let line = LineItem {
        line_item_number: 99,
        offer_id: "DZH318ABCDEF:GHIJ".into(),
        friendly_name: Some("x".repeat(100)),
        quantity: 10_000,
        partner_id_on_record: Some(RESELLER_MPN.into()),
    };
    r.order.line_items = vec![line; MAX_LINE_ITEMS];
    let bytes = serde_json::to_vec(&r).unwrap().len();
    println!("largest payload within the bounds: {bytes} bytes");
    assert!(bytes < 48 * 1024, "{bytes} bytes: the server's 64 KiB body limit would be too tight");
}
