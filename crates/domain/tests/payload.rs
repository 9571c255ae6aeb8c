//! Draft -> payload: golden files for a direct and an indirect customer, and a
//! property test that any valid draft yields exactly Partner Center's shape.
#![cfg(feature = "native-regex")]

mod common;

use common::*;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::pattern::NativeMatcher;
use customer_domain::rules;
use customer_domain::validate::{self, payload_field, PayloadContext};
use customer_domain::CustomerDraft;
use proptest::prelude::*;
use serde_json::Value;

fn payload_json(draft: &CustomerDraft, iso2: &str, indirect: bool) -> Value {
    let country = country(iso2);
    let offers = offers();
    let resellers = resellers();
    let ctx = context(&country, &offers, indirect.then_some(resellers.as_slice()), &NativeMatcher);
    serde_json::to_value(draft.into_payload(&ctx).expect("valid draft")).unwrap()
}

/// Compares with `tests/golden/<name>.json`; `UPDATE_GOLDEN=1` rewrites it.
fn assert_golden(name: &str, actual: &Value) {
    let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(actual).unwrap() + "\n").unwrap();
    }
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("golden file")).unwrap();
    assert_eq!(actual, &expected, "{name} differs from its golden file");
}

#[test]
fn direct_customer_matches_golden_files() {
    let json = payload_json(&swedish_draft(), "SE", false);
    assert_golden("direct-customer", &json["customer"]);
    assert_golden("direct-agreement", &json["agreement"]);
    assert_golden("direct-order", &json["order"]);
}

#[test]
fn indirect_customer_matches_golden_files() {
    let draft = CustomerDraft { reseller_id: RESELLER_ID.into(), ..brazilian_draft() };
    let json = payload_json(&draft, "BR", true);
    assert_golden("indirect-customer", &json["customer"]);
    assert_golden("indirect-agreement", &json["agreement"]);
    assert_golden("indirect-order", &json["order"]);
}

// ---- the documented shape (partner-center.md), checked key by key ----

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
    k.sort();
    k
}

fn is_str(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty() && s.trim() == s)
}

fn str_or_null(v: &Value) -> bool {
    v.is_null() || is_str(v)
}

fn check_shape(json: &Value, indirect: bool, line_count: usize) -> Result<(), String> {
    let ensure = |ok: bool, what: &str| if ok { Ok(()) } else { Err(format!("{what}: {json:#}")) };
    ensure(keys(json) == ["agreement", "customer", "order"], "top level")?;

    let customer = &json["customer"];
    let mut expected = vec!["billingProfile", "companyProfile"];
    if indirect {
        expected.insert(0, "associatedPartnerId");
    }
    ensure(keys(customer) == expected, "customer keys")?;
    ensure(!indirect || customer["associatedPartnerId"] == RESELLER_ID, "associatedPartnerId")?;
    let company = &customer["companyProfile"];
    let domain = company["domain"].as_str().unwrap_or_default();
    let prefix = domain.strip_suffix(".onmicrosoft.com").unwrap_or_default();
    ensure((1..=27).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "domain")?;
    ensure(keys(company).iter().all(|k| ["domain", "organizationRegistrationNumber"].contains(k)), "companyProfile keys")?;
    let billing = &customer["billingProfile"];
    ensure(keys(billing) == ["companyName", "culture", "defaultAddress", "email", "language"], "billingProfile keys")?;
    ensure(["companyName", "culture", "email", "language"].iter().all(|k| is_str(&billing[k])), "billingProfile values")?;
    let address = &billing["defaultAddress"];
    ensure(
        keys(address)
            == ["addressLine1", "addressLine2", "city", "country", "firstName", "lastName", "phoneNumber", "postalCode", "state"],
        "defaultAddress keys",
    )?;
    ensure(["addressLine1", "firstName", "lastName"].iter().all(|k| is_str(&address[k])), "address required values")?;
    ensure(["addressLine2", "state", "postalCode", "phoneNumber", "city"].iter().all(|k| str_or_null(&address[k]) || address[k] == ""), "address optional values")?;
    ensure(address["country"].as_str().is_some_and(|c| c.len() == 2), "country")?;

    let agreement = &json["agreement"];
    ensure(keys(agreement) == ["dateAgreed", "primaryContact", "templateId", "type"], "agreement keys")?;
    ensure(agreement["type"] == "MicrosoftCustomerAgreement" && agreement["templateId"] == TEMPLATE_ID, "agreement type")?;
    let date = agreement["dateAgreed"].as_str().unwrap_or_default();
    ensure(date.len() == 24 && date.ends_with("T00:00:00.000Z") && date[..10] <= *"2026-11-23", "dateAgreed")?;
    let contact = &agreement["primaryContact"];
    ensure(keys(contact).iter().all(|k| ["email", "firstName", "lastName", "phoneNumber"].contains(k)), "primaryContact keys")?;
    ensure(["email", "firstName", "lastName"].iter().all(|k| is_str(&contact[k])), "primaryContact values")?;

    let order = &json["order"];
    ensure(keys(order) == ["billingCycle", "lineItems"], "order keys")?;
    let lines = order["lineItems"].as_array().cloned().unwrap_or_default();
    ensure(lines.len() == line_count, "line count")?;
    for (i, line) in lines.iter().enumerate() {
        let mut expected = vec!["friendlyName", "lineItemNumber", "offerId"];
        if indirect {
            expected.push("partnerIdOnRecord");
        }
        expected.push("quantity");
        ensure(keys(line) == expected, "line item keys")?;
        ensure(line["lineItemNumber"] == i as u64, "lineItemNumber runs 0..n-1")?;
        ensure(!indirect || line["partnerIdOnRecord"] == RESELLER_MPN, "partnerIdOnRecord is the reseller's MPN id")?;
        let offer = offers().into_iter().find(|o| line["offerId"] == o.id.as_str()).ok_or("unknown offer")?;
        let q = line["quantity"].as_u64().unwrap_or(0) as u32;
        ensure((offer.minimum_quantity..=offer.maximum_quantity).contains(&q), "quantity in range")?;
    }
    Ok(())
}

#[test]
fn golden_files_have_the_documented_shape() {
    let direct = payload_json(&swedish_draft(), "SE", false);
    check_shape(&direct, false, 2).unwrap();
    let indirect = payload_json(&CustomerDraft { reseller_id: RESELLER_ID.into(), ..brazilian_draft() }, "BR", true);
    check_shape(&indirect, true, 2).unwrap();
    // The checker itself rejects what Partner Center would reject.
    let mut broken = direct.clone();
    broken["order"]["lineItems"][1]["lineItemNumber"] = 5.into();
    assert!(check_shape(&broken, false, 2).is_err());
    let mut broken = direct;
    broken["customer"]["billingProfile"]["defaultAddress"]["region"] = "x".into();
    assert!(check_shape(&broken, false, 2).is_err());
}

#[test]
fn a_payload_is_checked_for_what_only_a_payload_can_get_wrong() {
    let country = country("BR");
    let offers = offers();
    let resellers = resellers();
    let ctx = context(&country, &offers, Some(resellers.as_slice()), &NativeMatcher);
    let draft = CustomerDraft { reseller_id: RESELLER_ID.into(), ..brazilian_draft() };
    let good = draft.into_payload(&ctx).expect("valid draft");
    let server = PayloadContext { country: Some(&country), offers: &offers, resellers: &resellers, today: today(), matcher: &NativeMatcher };
    assert_eq!(validate::payload(&good, &server), vec![]);
    let fields = |payload: &customer_domain::SubmitRequest, server: &PayloadContext| {
        validate::payload(payload, server).into_iter().map(|i| i.field).collect::<Vec<_>>()
    };

    let mut bad = good.clone();
    bad.customer.company_profile.domain = "contoso.example.com".into();
    bad.agreement.template_id = "another-template".into();
    bad.agreement.date_agreed = "01/05/2024".into();
    bad.order.line_items[0].partner_id_on_record = Some("999".into());
    // Each field once; a wrong template also means the agreement was not accepted.
    assert_eq!(
        fields(&bad, &server),
        [
            validate::field::DOMAIN_PREFIX,
            payload_field::TEMPLATE_ID,
            validate::field::DATE_AGREED,
            validate::field::AGREEMENT_ACCEPTED,
            validate::field::RESELLER,
        ]
    );

    // A country the partner cannot sell in, and a reseller's MPN id on a direct customer.
    let mut direct = good;
    direct.customer.associated_partner_id = None;
    assert_eq!(fields(&direct, &PayloadContext { country: None, ..server }), [validate::field::COUNTRY, validate::field::RESELLER]);
}

// ---- generated valid drafts ----

/// Real names from the corpus that pass every rule (no acronym warnings).
fn real_names(kind: &str) -> Vec<(String, String)> {
    let cases: Vec<Value> = serde_json::from_str(include_str!("corpus/names.json")).unwrap();
    cases
        .iter()
        .filter(|c| c["kind"] == kind && c["expected"] == "ok")
        .map(|c| match kind {
            "person" => (c["first"].as_str().unwrap().to_owned(), c["last"].as_str().unwrap().to_owned()),
            _ => (c["value"].as_str().unwrap().to_owned(), String::new()),
        })
        .filter(|(a, b)| a.chars().count() <= 50 && b.chars().count() <= 50)
        .collect()
}

/// A known-valid organization number per country with a format (from the pattern corpus).
fn org_number_for(iso2: &str) -> String {
    let cases: Vec<Value> = serde_json::from_str(include_str!("corpus/patterns.json")).unwrap();
    cases
        .iter()
        .find(|c| c["country"] == iso2 && c["field"] == "organizationRegistrationNumber" && c["valid"] == true)
        .map(|c| c["input"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| "123456789".into())
}

prop_compose! {
    fn valid_draft()(
        country_index in any::<prop::sample::Index>(),
        company in prop::sample::select(real_names("company")),
        contact in prop::sample::select(real_names("person")),
        signer in prop::sample::select(real_names("person")),
        // Random prefixes can look like test names ("Cc", "test1"), which the rules rightly refuse.
        prefix in "[A-Za-z][A-Za-z0-9]{0,26}".prop_filter("a real-looking prefix", |p| rules::not_test_name(&p.to_lowercase()).is_ok()),
        state_index in any::<prop::sample::Index>(),
        example_index in any::<prop::sample::Index>(),
        line2 in prop::option::of("[A-Za-zÅÄÖåäö0-9 ]{1,40}"),
        phone in "\\+[1-9][0-9]{7,11}",
        (year, month, day) in (2018u16..=2026, 1u8..=12, 1u8..=28),
        base_quantity in 1u32..=300,
        add_on in any::<bool>(),
        other_quantity in prop::option::of(5u32..=10_000),
        indirect in any::<bool>(),
    ) -> (CustomerDraft, String, bool, usize) {
        let countries = countries();
        let rules = country_index.get(&countries);
        let mut d = swedish_draft();
        d.account.company_name = company.0;
        d.account.domain_prefix = prefix;
        d.account.address.country = rules.iso2_code.clone();
        d.account.address.state = if rules.supported_states_list.is_empty() {
            if rules.is_state_required { "Central".into() } else { String::new() }
        } else {
            state_index.get(&rules.supported_states_list).clone()
        };
        d.account.address.postal_code = if rules.postal_code_examples.is_empty() { String::new() }
            else { example_index.get(&rules.postal_code_examples).clone() };
        d.account.address.address_line2 = line2.map(|l| l.trim().to_owned()).unwrap_or_default();
        d.account.address.phone_number = phone;
        d.account.organization_registration_number = org_number_for(&rules.iso2_code);
        d.account.contact.first_name = contact.0;
        d.account.contact.last_name = contact.1;
        d.agreement.signer.first_name = signer.0;
        d.agreement.signer.last_name = signer.1;
        let date = format!("{year:04}-{month:02}-{day:02}");
        d.agreement.date_agreed = if date.as_str() > "2026-11-23" { "2026-11-23".into() } else { date };
        d.subscriptions = vec![SubscriptionDraft { offer_id: BASE_OFFER.into(), quantity: base_quantity.to_string() }];
        if add_on {
            d.subscriptions.push(SubscriptionDraft { offer_id: ADD_ON_OFFER.into(), quantity: "1".into() });
        }
        if let Some(q) = other_quantity {
            d.subscriptions.insert(0, SubscriptionDraft { offer_id: OTHER_OFFER.into(), quantity: q.to_string() });
        }
        if indirect {
            d.reseller_id = RESELLER_ID.into();
        }
        let lines = d.subscriptions.len();
        (d, rules.iso2_code.clone(), indirect, lines)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_valid_draft_converts_to_the_documented_shape((draft, iso2, indirect, lines) in valid_draft()) {
        let country = country(&iso2);
        let offers = offers();
        let resellers = resellers();
        let ctx = context(&country, &offers, indirect.then_some(resellers.as_slice()), &NativeMatcher);
        let payload = draft.into_payload(&ctx);
        prop_assert!(payload.is_ok(), "{iso2}: {:?}", payload.err());
        let payload = payload.unwrap();
        // The server's check of what the wizard sends agrees with the wizard's.
        let server = PayloadContext { country: Some(&country), offers: &offers, resellers: &resellers, today: today(), matcher: &NativeMatcher };
        let issues = validate::payload(&payload, &server);
        prop_assert!(issues.is_empty(), "{iso2}: {issues:?}");
        let json = serde_json::to_value(payload).unwrap();
        if let Err(e) = check_shape(&json, indirect, lines) { prop_assert!(false, "{}", e); }
        let org = &json["customer"]["companyProfile"]["organizationRegistrationNumber"];
        prop_assert_eq!(org.is_string(), country.is_organization_registration_number_required);
    }
}
