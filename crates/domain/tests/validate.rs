//! Every rule of every step, through the public `validate` functions, and
//! every message code's wire form.
#![cfg(feature = "native-regex")]

mod common;

use common::*;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::pattern::NativeMatcher;
use customer_domain::validate::{self, field, Context};
use customer_domain::{CustomerDraft, FieldIssue, Message, Severity};

/// Issues of `all` for a draft in the given country, direct provider.
fn issues_in(draft: &CustomerDraft, iso2: &str) -> Vec<FieldIssue> {
    let country = country(iso2);
    let offers = offers();
    validate::all(draft, &context(&country, &offers, None, &NativeMatcher))
}

fn messages_for(issues: &[FieldIssue], path: &str) -> Vec<Message> {
    issues.iter().filter(|i| i.field == path).map(|i| i.message.clone()).collect()
}

fn assert_only(issues: Vec<FieldIssue>, path: &str, message: Message) {
    assert_eq!(issues, vec![FieldIssue::error(path, message)]);
}

#[test]
fn known_good_drafts_have_no_issues() {
    assert_eq!(issues_in(&swedish_draft(), "SE"), vec![]);
    assert_eq!(issues_in(&brazilian_draft(), "BR"), vec![]);
}

#[test]
fn required_fields_are_reported_each_on_its_own_path() {
    let issues = issues_in(&CustomerDraft::default(), "SE");
    for path in [
        field::COMPANY_NAME, field::DOMAIN_PREFIX, field::COUNTRY, field::ADDRESS_LINE1, field::CITY,
        field::POSTAL_CODE, "account.contact.firstName", "account.contact.lastName", "account.contact.email",
        "agreement.signer.firstName", "agreement.signer.email", field::DATE_AGREED,
    ] {
        assert_eq!(messages_for(&issues, path), vec![Message::Required], "{path}");
    }
    assert_eq!(messages_for(&issues, field::AGREEMENT_ACCEPTED), vec![Message::AgreementNotAccepted]);
    assert_eq!(messages_for(&issues, field::SUBSCRIPTIONS), vec![Message::NoSubscriptions]);
    // Optional here: no state in Sweden, no organization number, no phone.
    for path in [field::STATE, field::ORG_REGISTRATION, field::PHONE, field::ADDRESS_LINE2] {
        assert!(messages_for(&issues, path).is_empty(), "{path}");
    }
}

#[test]
fn lengths_are_limited() {
    let mut d = swedish_draft();
    d.account.address.address_line1 = "a".repeat(200);
    d.account.address.address_line2 = "b".repeat(200);
    d.account.contact.first_name = "Å".repeat(50);
    assert_eq!(issues_in(&d, "SE"), vec![]);
    d.account.address.address_line1 = "a".repeat(201);
    assert_only(issues_in(&d, "SE"), field::ADDRESS_LINE1, Message::TooLong { max: 200 });
    let mut d = swedish_draft();
    d.account.address.address_line2 = "b".repeat(201);
    assert_only(issues_in(&d, "SE"), field::ADDRESS_LINE2, Message::TooLong { max: 200 });
    let mut d = swedish_draft();
    d.agreement.signer.last_name = "Ö".repeat(51);
    assert_only(issues_in(&d, "SE"), "agreement.signer.lastName", Message::TooLong { max: 50 });
}

#[test]
fn domain_prefix_is_letters_and_digits_and_not_a_test_name() {
    let mut d = swedish_draft();
    d.account.domain_prefix = "testa-foods".into();
    assert_only(issues_in(&d, "SE"), field::DOMAIN_PREFIX, Message::InvalidDomainPrefix);
    d.account.domain_prefix = "a".repeat(28);
    assert_only(issues_in(&d, "SE"), field::DOMAIN_PREFIX, Message::TooLong { max: 27 });
    d.account.domain_prefix = "demo2024".into();
    assert_only(issues_in(&d, "SE"), field::DOMAIN_PREFIX, Message::TestName);
    // Judged as sent (lower-cased), as the server judges it: not two initials.
    d.account.domain_prefix = "xX".into();
    assert_only(issues_in(&d, "SE"), field::DOMAIN_PREFIX, Message::TestName);
}

#[test]
fn emails_are_checked_for_shape_and_test_addresses() {
    let mut d = swedish_draft();
    d.account.contact.email = "asa.oberg@testafoods".into();
    assert_only(issues_in(&d, "SE"), "account.contact.email", Message::InvalidEmail);
    d.account.contact.email = "test@testafoods.se".into();
    assert_only(issues_in(&d, "SE"), "account.contact.email", Message::TestName);
    let mut d = swedish_draft();
    d.agreement.signer.email = "jose@example.com".into();
    assert_only(issues_in(&d, "SE"), "agreement.signer.email", Message::ExampleEmailDomain);
    let mut d = swedish_draft();
    d.account.contact.email = "ada@northwind.example".into();
    assert_only(issues_in(&d, "SE"), "account.contact.email", Message::ExampleEmailDomain);
}

#[test]
fn phones_are_checked_when_given_and_required_where_the_country_says() {
    let mut d = swedish_draft();
    d.account.address.phone_number = "call me".into();
    assert_only(issues_in(&d, "SE"), field::PHONE, Message::InvalidPhone);
    d.account.address.phone_number = String::new();
    assert_eq!(issues_in(&d, "SE"), vec![], "optional in Sweden");
    let mut d = brazilian_draft();
    d.account.address.phone_number = String::new();
    assert_only(issues_in(&d, "BR"), field::PHONE, Message::Required);
    let mut d = swedish_draft();
    d.agreement.signer.phone_number = "12345".into();
    assert_only(issues_in(&d, "SE"), "agreement.signer.phoneNumber", Message::InvalidPhone);
}

#[test]
fn country_must_be_an_allowed_iso_code() {
    let mut d = swedish_draft();
    d.account.address.country = "UK".into();
    let gb = country("GB");
    let offers = offers();
    let mut ctx = Context { country: None, ..context(&gb, &offers, None, &NativeMatcher) };
    assert_eq!(messages_for(&validate::account(&d, &ctx), field::COUNTRY), vec![Message::InvalidCountry]);
    d.account.address.country = "se".into();
    assert_eq!(messages_for(&validate::account(&d, &ctx), field::COUNTRY), vec![Message::InvalidCountry]);
    d.account.address.country = "SE".into();
    let allowed = vec!["NO".to_string(), "DK".to_string()];
    ctx.allowed_countries = &allowed;
    assert_eq!(messages_for(&validate::account(&d, &ctx), field::COUNTRY), vec![Message::CountryNotAllowed]);
    // Rules for another country than the draft's are a mismatch, not a pass.
    assert_eq!(messages_for(&issues_in(&d, "NO"), field::COUNTRY), vec![Message::InvalidCountry]);
}

#[test]
fn postal_code_state_and_city_follow_the_country() {
    let mut d = swedish_draft();
    d.account.address.postal_code = "1145".into();
    assert_only(issues_in(&d, "SE"), field::POSTAL_CODE, Message::InvalidPostalCode { example: Some("11455".into()) });
    let mut d = brazilian_draft();
    d.account.address.state = String::new();
    assert_only(issues_in(&d, "BR"), field::STATE, Message::Required);
    d.account.address.state = "São Paulo".into();
    assert_only(issues_in(&d, "BR"), field::STATE, Message::InvalidState);
    // Hong Kong has no postal codes and needs no city.
    let mut d = swedish_draft();
    d.account.address.country = "HK".into();
    d.account.address.postal_code = String::new();
    d.account.address.city = String::new();
    d.account.address.state = "Kowloon".into();
    assert_eq!(issues_in(&d, "HK"), vec![]);
}

#[test]
fn organization_registration_number_where_required() {
    let mut d = brazilian_draft();
    d.account.organization_registration_number = String::new();
    assert_only(issues_in(&d, "BR"), field::ORG_REGISTRATION, Message::Required);
    d.account.organization_registration_number = "123.456.789-09".into();
    assert_only(issues_in(&d, "BR"), field::ORG_REGISTRATION, Message::InvalidOrganizationRegistrationNumber);
    d.account.organization_registration_number = "9".repeat(51);
    assert_only(issues_in(&d, "BR"), field::ORG_REGISTRATION, Message::TooLong { max: 50 });
    // Sweden does not ask for one, so whatever is typed is neither checked nor sent.
    let mut d = swedish_draft();
    d.account.organization_registration_number = "556677-8899".into();
    assert_eq!(issues_in(&d, "SE"), vec![]);
}

#[test]
fn test_names_are_errors_and_acronyms_warnings_until_acknowledged() {
    let mut d = swedish_draft();
    d.account.company_name = "Demo Company AB".into();
    assert_only(issues_in(&d, "SE"), field::COMPANY_NAME, Message::TestName);
    let mut d = swedish_draft();
    d.account.contact.last_name = "Test".into();
    assert_only(issues_in(&d, "SE"), "account.contact.lastName", Message::TestName);
    let mut d = swedish_draft();
    d.agreement.signer.first_name = "Foo".into();
    d.agreement.signer.last_name = "Bar".into();
    let issues = issues_in(&d, "SE");
    assert_eq!(messages_for(&issues, "agreement.signer.firstName"), vec![Message::TestName]);
    assert_eq!(messages_for(&issues, "agreement.signer.lastName"), vec![Message::TestName]);

    let mut d = swedish_draft();
    d.account.company_name = "IBM Corp".into();
    assert_eq!(issues_in(&d, "SE"), vec![FieldIssue::warning(field::COMPANY_NAME, Message::AcronymOrShortForm)]);
    d.acknowledged.push(field::COMPANY_NAME.into());
    assert_eq!(issues_in(&d, "SE"), vec![]);
}

#[test]
fn agreement_date_must_be_a_real_date_not_in_the_future_utc() {
    let mut d = swedish_draft();
    d.agreement.date_agreed = "2026-11-23".into(); // today, UTC
    assert_eq!(issues_in(&d, "SE"), vec![]);
    d.agreement.date_agreed = "2026-11-24".into();
    assert_only(issues_in(&d, "SE"), field::DATE_AGREED, Message::DateInFuture);
    d.agreement.date_agreed = "2026-02-30".into();
    assert_only(issues_in(&d, "SE"), field::DATE_AGREED, Message::InvalidDate);
    d.agreement.accepted = false;
    d.agreement.date_agreed = "2026-11-01".into();
    assert_only(issues_in(&d, "SE"), field::AGREEMENT_ACCEPTED, Message::AgreementNotAccepted);
}

#[test]
fn subscriptions_respect_catalogue_limits_and_prerequisites() {
    let base = field::quantity(BASE_OFFER);
    let add_on = field::quantity(ADD_ON_OFFER);
    let line = |id: &str, q: &str| SubscriptionDraft { offer_id: id.into(), quantity: q.into() };
    let with = |lines: Vec<SubscriptionDraft>| CustomerDraft { subscriptions: lines, ..swedish_draft() };

    assert_only(issues_in(&with(vec![line(BASE_OFFER, "301")]), "SE"), &base, Message::QuantityOutOfRange { min: 1, max: 300 });
    assert_only(issues_in(&with(vec![line(BASE_OFFER, "0")]), "SE"), &base, Message::QuantityOutOfRange { min: 1, max: 300 });
    assert_only(issues_in(&with(vec![line(BASE_OFFER, "2.5")]), "SE"), &base, Message::InvalidQuantity);
    assert_only(issues_in(&with(vec![line(BASE_OFFER, "")]), "SE"), &base, Message::Required);
    assert_only(issues_in(&with(vec![line(OTHER_OFFER, "4")]), "SE"), &field::quantity(OTHER_OFFER), Message::QuantityOutOfRange { min: 5, max: 10_000 });
    assert_only(issues_in(&with(vec![line("nope", "1")]), "SE"), &field::quantity("nope"), Message::UnknownOffer);
    assert_only(issues_in(&with(vec![line(BASE_OFFER, "1"), line(BASE_OFFER, "2")]), "SE"), &base, Message::DuplicateOffer);
    assert_only(
        issues_in(&with(vec![line(OTHER_OFFER, "5"), line(ADD_ON_OFFER, "5")]), "SE"),
        &add_on,
        Message::MissingPrerequisite { offer_ids: vec![BASE_OFFER.into()] },
    );
}

#[test]
fn indirect_providers_must_pick_a_known_reseller() {
    let se = country("SE");
    let offers = offers();
    let resellers = resellers();
    let ctx = context(&se, &offers, Some(&resellers), &NativeMatcher);
    let mut d = swedish_draft();
    assert_eq!(validate::reseller(&d, &ctx), vec![FieldIssue::error(field::RESELLER, Message::ResellerRequired)]);
    d.reseller_id = "someone-else".into();
    assert_eq!(validate::reseller(&d, &ctx), vec![FieldIssue::error(field::RESELLER, Message::UnknownReseller)]);
    d.reseller_id = RESELLER_ID.into();
    assert_eq!(validate::reseller(&d, &ctx), vec![]);
    // A direct provider has no reseller step at all.
    assert_eq!(validate::reseller(&CustomerDraft::default(), &context(&se, &offers, None, &NativeMatcher)), vec![]);
}

#[test]
fn into_payload_returns_every_issue_at_once() {
    let se = country("SE");
    let offers = offers();
    let issues = CustomerDraft::default().into_payload(&context(&se, &offers, None, &NativeMatcher)).unwrap_err();
    assert!(issues.len() >= 12, "{issues:?}");
    assert!(issues.iter().all(|i| i.severity == Severity::Error));
}

/// Every message's wire form. The match has no wildcard, so a new variant
/// fails to compile here until its code is pinned down too.
#[test]
fn every_message_serializes_as_code_and_params() {
    let all = [
        Message::Required, Message::TooLong { max: 50 }, Message::InvalidEmail, Message::InvalidPhone,
        Message::InvalidDomainPrefix, Message::DomainTaken, Message::InvalidCountry, Message::CountryNotAllowed,
        Message::InvalidPostalCode { example: Some("11455".into()) }, Message::InvalidState,
        Message::InvalidOrganizationRegistrationNumber, Message::InvalidDate, Message::DateInFuture,
        Message::AgreementNotAccepted, Message::TestName, Message::ExampleEmailDomain, Message::AcronymOrShortForm, Message::InvalidQuantity, Message::QuantityNotAllowed,
        Message::QuantityOutOfRange { min: 1, max: 300 }, Message::UnknownOffer, Message::DuplicateOffer,
        Message::MissingPrerequisite { offer_ids: vec!["A".into()] }, Message::NoSubscriptions,
        Message::ResellerRequired, Message::UnknownReseller, Message::ResellerWithoutPartnerAgreement, Message::InvalidCharacters, Message::InvalidCulture,
        Message::InvalidLanguage, Message::TooManyLineItems { max: 100 }, Message::InvalidBillingCycle,
    ];
    for message in all {
        let expected = match &message {
            Message::Required => r#"{"code":"required"}"#,
            Message::TooLong { .. } => r#"{"code":"too_long","params":{"max":50}}"#,
            Message::InvalidEmail => r#"{"code":"invalid_email"}"#,
            Message::InvalidPhone => r#"{"code":"invalid_phone"}"#,
            Message::InvalidDomainPrefix => r#"{"code":"invalid_domain_prefix"}"#,
            Message::DomainTaken => r#"{"code":"domain_taken"}"#,
            Message::InvalidCountry => r#"{"code":"invalid_country"}"#,
            Message::CountryNotAllowed => r#"{"code":"country_not_allowed"}"#,
            Message::InvalidPostalCode { .. } => r#"{"code":"invalid_postal_code","params":{"example":"11455"}}"#,
            Message::InvalidState => r#"{"code":"invalid_state"}"#,
            Message::InvalidOrganizationRegistrationNumber => r#"{"code":"invalid_organization_registration_number"}"#,
            Message::InvalidDate => r#"{"code":"invalid_date"}"#,
            Message::DateInFuture => r#"{"code":"date_in_future"}"#,
            Message::AgreementNotAccepted => r#"{"code":"agreement_not_accepted"}"#,
            Message::TestName => r#"{"code":"test_name"}"#,
            Message::ExampleEmailDomain => r#"{"code":"example_email_domain"}"#,
            Message::AcronymOrShortForm => r#"{"code":"acronym_or_short_form"}"#,
            Message::InvalidQuantity => r#"{"code":"invalid_quantity"}"#,
            Message::QuantityNotAllowed => r#"{"code":"quantity_not_allowed"}"#,
            Message::QuantityOutOfRange { .. } => r#"{"code":"quantity_out_of_range","params":{"min":1,"max":300}}"#,
            Message::UnknownOffer => r#"{"code":"unknown_offer"}"#,
            Message::DuplicateOffer => r#"{"code":"duplicate_offer"}"#,
            Message::MissingPrerequisite { .. } => r#"{"code":"missing_prerequisite","params":{"offer_ids":["A"]}}"#,
            Message::NoSubscriptions => r#"{"code":"no_subscriptions"}"#,
            Message::ResellerRequired => r#"{"code":"reseller_required"}"#,
            Message::UnknownReseller => r#"{"code":"unknown_reseller"}"#,
            Message::ResellerWithoutPartnerAgreement => r#"{"code":"reseller_without_partner_agreement"}"#,
            Message::InvalidCharacters => r#"{"code":"invalid_characters"}"#,
            Message::InvalidCulture => r#"{"code":"invalid_culture"}"#,
            Message::InvalidLanguage => r#"{"code":"invalid_language"}"#,
            Message::TooManyLineItems { .. } => r#"{"code":"too_many_line_items","params":{"max":100}}"#,
            Message::InvalidBillingCycle => r#"{"code":"invalid_billing_cycle"}"#,
        };
        assert_eq!(serde_json::to_string(&message).unwrap(), expected);
        assert_eq!(serde_json::from_str::<Message>(expected).unwrap(), message);
    }
    let issue = FieldIssue::warning(field::COMPANY_NAME, Message::AcronymOrShortForm);
    assert_eq!(
        serde_json::to_string(&issue).unwrap(),
        r#"{"field":"account.companyName","severity":"warning","code":"acronym_or_short_form"}"#
    );
}
