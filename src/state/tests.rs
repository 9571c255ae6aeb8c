//! The step flow natively: continue and its checks, the re-check as the
//! user corrects, Review's Update links, problems sent back to their step,
//! and each part's reset. Signals run without a browser; the country rules
//! are the domain crate's data and patterns run on its native engine.

use super::*;
use crate::step::Step;
use crate::i18n::Key;
use super::submission::FailedStage;
use customer_domain::catalog::Offer;
use customer_domain::country::CountryRules;
use customer_domain::draft::SubscriptionDraft;
use customer_domain::validate::field;
use customer_domain::{CustomerDraft, FieldIssue, Message};

const COUNTRIES: &str = include_str!("../../crates/domain/data/countries.json");
const OFFER_ID: &str = "CFQ7TTC0LH18:0001";

fn sweden() -> CountryRules {
    let all: Vec<CountryRules> = serde_json::from_str(COUNTRIES).unwrap();
    all.into_iter().find(|c| c.iso2_code == "SE").unwrap()
}

fn offer() -> Offer {
    serde_json::from_value(serde_json::json!({
        "id": OFFER_ID, "name": "Microsoft 365 Business Basic", "description": "", "minimumQuantity": 1, "maximumQuantity": 300,
        "rank": 0, "category": { "id": "Business", "name": "Business", "rank": 0 }, "prerequisiteOffers": [], "isAddOn": false,
        "hasAddOns": false, "isAvailableForPurchase": true, "billing": "license", "supportedBillingCycles": ["monthly"],
        "isAutoRenewable": true, "isTrial": false, "product": null, "unitType": "Licenses", "links": null
    }))
    .unwrap()
}

/// Account info filled in completely and correctly, nothing else.
fn account_filled() -> CustomerDraft {
    let mut d = CustomerDraft::default();
    let a = &mut d.account;
    a.company_name = "Contoso Pharmaceuticals AB".into();
    a.domain_prefix = "contosopharma".into();
    a.address.country = "SE".into();
    a.address.address_line1 = "Storgatan 1".into();
    a.address.city = "Stockholm".into();
    a.address.postal_code = "114 55".into();
    a.address.phone_number = "+46 8 123 456 78".into();
    a.contact.first_name = "Åsa".into();
    a.contact.last_name = "Öberg".into();
    a.contact.email = "asa.oberg@contoso.se".into();
    d.agreement.accepted = true;
    d.agreement.signer.first_name = "José".into();
    d.agreement.signer.last_name = "Ñúñez".into();
    d.agreement.signer.email = "jose.nunez@contoso.se".into();
    d.agreement.date_agreed = "2026-01-20".into();
    d
}

/// A wizard's state on Account info, with Sweden's rules and one offer loaded.
fn wizard(indirect: bool) -> (Owner, WizardState) {
    let owner = Owner::new();
    let state = owner.with(|| {
        let config = HostConfig { indirect, start_with_add_customer: true, ..HostConfig::default() };
        let state = WizardState::new(config);
        state.catalogues.country_rules.set(Some(sweden()));
        state.catalogues.offers.set(vec![offer()]);
        state
    });
    (owner, state)
}

fn fields_in_error(state: &WizardState) -> Vec<String> {
    state.flow.issues.with_untracked(|i| i.iter().map(|i| i.field.clone()).collect())
}

#[test]
fn the_flow_has_the_reseller_step_only_for_indirect_providers() {
    assert_eq!(Step::flow(false), [Step::Account, Step::Subscriptions, Step::Review]);
    assert_eq!(Step::flow(true), [Step::Account, Step::Reseller, Step::Subscriptions, Step::Review]);
    assert_eq!(Step::Account.next(false), Step::Subscriptions);
    assert_eq!(Step::Account.next(true), Step::Reseller);
    assert_eq!(Step::Reseller.next(true), Step::Subscriptions);
    assert_eq!(Step::Subscriptions.next(true), Step::Review);
    assert_eq!(Step::Review.next(false), Step::Review);
}

#[test]
fn continue_with_problems_stays_and_shows_them() {
    let (_owner, state) = wizard(false);
    let checks = state.checks();
    assert_eq!(state.flow.step.get_untracked(), Step::Account);
    checks.continue_from(Step::Account);
    assert_eq!(state.flow.step.get_untracked(), Step::Account, "stays");
    assert!(state.flow.attempted.get_untracked());
    assert_eq!(state.flow.focus_summary.get_untracked(), 1, "the summary takes focus");
    let shown = fields_in_error(&state);
    for path in [field::COMPANY_NAME, field::DOMAIN_PREFIX, field::COUNTRY, field::CONTACT_EMAIL, field::AGREEMENT_ACCEPTED, field::SIGNER_FIRST_NAME] {
        assert!(shown.iter().any(|f| f == path), "{path} in {shown:?}");
    }
}

/// The first screen's controls by DOM id, as wizard.js reads them: Account
/// info filled in as the partner types it, but for the country.
fn first_screen_controls(date_typed: &str, accepted: bool) -> Vec<(String, String)> {
    let filled = account_filled();
    let mut controls: Vec<(String, String)> = fields::ALL
        .iter()
        .filter(|f| f.step == Step::Account && f.lens.is_some() && f.path != field::COUNTRY)
        .map(|f| (f.dom_id(), (f.lens().read)(&filled).clone()))
        .collect();
    controls.retain(|(id, _)| *id != fields::DATE_AGREED.dom_id());
    controls.push((fields::DATE_AGREED.dom_id(), date_typed.to_owned()));
    controls.push((fields::AGREEMENT_ACCEPTED.dom_id(), if accepted { "true" } else { "" }.to_owned()));
    controls
}

fn first_screen_answer(config: HostConfig, controls: &[(String, String)]) -> Option<Vec<String>> {
    let value_of = |f: &fields::Field| controls.iter().find(|(id, _)| *id == f.dom_id()).map(|(_, v)| v.clone());
    checks::first_screen_issues(&config, value_of).map(|issues| issues.iter().map(|i| i.field.clone()).collect())
}

#[test]
fn the_first_screen_is_answered_by_the_same_checks_reading_its_controls_as_the_view_does() {
    let config = || HostConfig { start_with_add_customer: true, ..HostConfig::default() };
    // The date in the language's order and the ticked checkbox are read as their
    // handlers read them: only the country (left empty) is missing.
    assert_eq!(first_screen_answer(config(), &first_screen_controls("1/20/2026", true)), Some(vec![field::COUNTRY.to_owned()]));
    let swedish = HostConfig { locale: crate::i18n::Locale::from_tag("sv-SE"), ..config() };
    assert_eq!(first_screen_answer(swedish, &first_screen_controls("2026-01-20", true)), Some(vec![field::COUNTRY.to_owned()]));
    assert_eq!(
        first_screen_answer(config(), &first_screen_controls("20.01.2026", false)),
        Some(vec![field::COUNTRY.to_owned(), field::AGREEMENT_ACCEPTED.to_owned(), field::DATE_AGREED.to_owned()])
    );
    // Nothing typed: what the app's own continue finds on an empty form.
    let (_owner, state) = wizard(false);
    state.catalogues.country_rules.set(None);
    state.checks().continue_from(Step::Account);
    assert_eq!(first_screen_answer(config(), &[]), Some(fields_in_error(&state)));
}

#[test]
fn a_country_chosen_on_the_first_screen_leaves_continue_to_the_app() {
    let mut controls = first_screen_controls("1/20/2026", true);
    controls.push((fields::COUNTRY.dom_id(), "SE".to_owned()));
    let config = HostConfig { start_with_add_customer: true, ..HostConfig::default() };
    assert_eq!(first_screen_answer(config, &controls), None, "continue waits for the country's rules, which the app loads");
}

#[test]
fn problems_the_first_screen_showed_are_taken_over_without_a_second_alert() {
    let (_owner, state) = wizard(false);
    state.catalogues.country_rules.set(None);
    state.checks().continue_answered(Step::Account, true);
    assert_eq!(first_screen_answer(HostConfig { start_with_add_customer: true, ..HostConfig::default() }, &[]), Some(fields_in_error(&state)));
    assert!(state.flow.attempted.get_untracked(), "edits re-check the fields in error, as after any failed continue");
    assert_eq!(state.flow.focus_summary.get_untracked(), 1, "focus goes to the app's summary");
    assert!(!state.flow.summary_is_alert.get_untracked(), "already announced");
    // The partner's own Continue in the app is announced again.
    state.checks().continue_from(Step::Account);
    assert!(state.flow.summary_is_alert.get_untracked());
    assert_eq!(state.flow.focus_summary.get_untracked(), 2);
}

#[test]
fn problems_taken_over_leave_focus_where_the_partner_took_it() {
    let (_owner, state) = wizard(false);
    state.catalogues.country_rules.set(None);
    state.checks().continue_answered(Step::Account, false);
    assert!(!fields_in_error(&state).is_empty());
    assert_eq!(state.flow.focus_summary.get_untracked(), 0, "focus stays in the field a summary link led to");
}

#[test]
fn continue_when_valid_goes_on_and_moves_focus() {
    for (indirect, next) in [(false, Step::Subscriptions), (true, Step::Reseller)] {
        let (_owner, state) = wizard(indirect);
        state.form.draft.set(account_filled());
        state.checks().continue_from(Step::Account);
        assert_eq!(fields_in_error(&state), Vec::<String>::new());
        assert_eq!(state.flow.step.get_untracked(), next);
        assert!(state.flow.focus_heading.get_untracked(), "the heading takes focus after a user action");
        assert!(!state.flow.attempted.get_untracked());
    }
}

#[test]
fn a_domain_found_taken_stops_continue() {
    let (_owner, state) = wizard(false);
    state.form.draft.set(account_filled());
    state.form.domain_status.set(DomainStatus::Taken("contosopharma".into()));
    state.checks().continue_from(Step::Account);
    assert_eq!(state.flow.step.get_untracked(), Step::Account);
    assert_eq!(state.flow.issues.get_untracked(), vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]);
}

#[test]
fn recheck_clears_fixed_fields_and_adds_no_new_ones() {
    let (_owner, state) = wizard(false);
    let checks = state.checks();
    let mut draft = account_filled();
    draft.account.company_name.clear();
    draft.account.contact.email = "not an email".into();
    state.form.draft.set(draft);
    // Before any continue, typing shouts nothing.
    checks.recheck();
    assert!(fields_in_error(&state).is_empty());
    checks.continue_from(Step::Account);
    assert_eq!(fields_in_error(&state), [field::COMPANY_NAME, field::CONTACT_EMAIL]);
    // Fixing one clears it; breaking another field does not add it.
    checks.set(fields::COMPANY_NAME.lens(), "Contoso Pharmaceuticals AB".into());
    checks.set(fields::CITY.lens(), String::new());
    assert_eq!(fields_in_error(&state), [field::CONTACT_EMAIL]);
    // Still wrong in another way: the message follows, the list stays.
    checks.set(fields::CONTACT_EMAIL.lens(), "still wrong".into());
    assert_eq!(fields_in_error(&state), [field::CONTACT_EMAIL]);
    checks.set(fields::CONTACT_EMAIL.lens(), "asa.oberg@contoso.se".into());
    assert!(fields_in_error(&state).is_empty());
    // The next continue finds the city.
    checks.continue_from(Step::Account);
    assert_eq!(fields_in_error(&state), [field::CITY]);
}

/// Typed key by key, a value passes on its way ("Te") and fails again
/// ("Test"): the field stays re-checked, so its message comes back.
#[test]
fn a_field_in_error_stays_rechecked_while_typed_key_by_key() {
    let (_owner, state) = wizard(false);
    let checks = state.checks();
    let mut draft = account_filled();
    draft.account.company_name = "Test".into();
    state.form.draft.set(draft);
    checks.continue_from(Step::Account);
    assert_eq!(state.flow.issues.get_untracked(), vec![FieldIssue::error(field::COMPANY_NAME, Message::TestName)]);
    let mut typed = String::new();
    for key in "Test Company".chars() {
        typed.push(key);
        checks.set(fields::COMPANY_NAME.lens(), typed.clone());
    }
    assert_eq!(state.flow.issues.get_untracked(), vec![FieldIssue::error(field::COMPANY_NAME, Message::TestName)]);
    // Other fields still join only at the next continue.
    checks.set(fields::CITY.lens(), String::new());
    assert_eq!(fields_in_error(&state), [field::COMPANY_NAME]);
}

#[test]
fn an_update_link_returns_to_review() {
    let (_owner, state) = wizard(false);
    let mut draft = account_filled();
    draft.subscriptions.push(SubscriptionDraft { offer_id: OFFER_ID.into(), quantity: "10".into() });
    state.form.draft.set(draft);
    state.flow.go(Step::Review);
    // Review's Update link for Account info.
    state.flow.return_to_review.set(true);
    state.flow.go(Step::Account);
    state.checks().continue_from(Step::Account);
    assert_eq!(state.flow.step.get_untracked(), Step::Review, "back to Review, not on to Subscriptions");
    assert!(!state.flow.return_to_review.get_untracked());
    // From Review the flow goes on as usual again.
    state.flow.go(Step::Account);
    state.checks().continue_from(Step::Account);
    assert_eq!(state.flow.step.get_untracked(), Step::Subscriptions);
}

#[test]
fn subscriptions_are_checked_against_the_offers_limits() {
    let (_owner, state) = wizard(false);
    let mut draft = account_filled();
    draft.subscriptions.push(SubscriptionDraft { offer_id: OFFER_ID.into(), quantity: "301".into() });
    state.form.draft.set(draft);
    state.flow.go(Step::Subscriptions);
    state.checks().continue_from(Step::Subscriptions);
    assert_eq!(fields_in_error(&state), [field::quantity(OFFER_ID)]);
    state.form.draft.update(|d| d.subscriptions[0].quantity = "300".into());
    state.checks().continue_from(Step::Subscriptions);
    assert_eq!(state.flow.step.get_untracked(), Step::Review);
    assert!(state.checks().payload().is_ok(), "a complete draft makes a payload");
}

#[test]
fn problems_found_later_go_to_their_step() {
    let (_owner, state) = wizard(true);
    state.flow.go(Step::Review);
    state.flow.show_problems(vec![FieldIssue::error(field::RESELLER, Message::ResellerRequired)]);
    assert_eq!(state.flow.step.get_untracked(), Step::Reseller);
    assert_eq!(fields_in_error(&state), [field::RESELLER]);
    assert!(state.flow.attempted.get_untracked());
    let quantity = field::quantity(OFFER_ID);
    state.flow.show_problems(vec![FieldIssue::error(quantity.clone(), Message::Required)]);
    assert_eq!(state.flow.step.get_untracked(), Step::Subscriptions);
    assert_eq!(fields_in_error(&state), [quantity]);
}

#[test]
fn an_incomplete_draft_makes_no_payload() {
    let (_owner, state) = wizard(false);
    state.form.draft.set(account_filled());
    let problems = state.checks().payload().unwrap_err();
    assert!(problems.iter().any(|i| i.field == field::SUBSCRIPTIONS), "{problems:?}");
}

#[test]
fn reset_leaves_a_fresh_wizard() {
    let (_owner, state) = wizard(false);
    state.form.draft.set(account_filled());
    state.form.offer_query.set("365".into());
    state.form.domain_status.set(DomainStatus::Available("contosopharma".into()));
    state.submission.request_id.set(Some("5f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c".into()));
    state.submission.state.set(SubmitState::Failed(crate::i18n::Key::SubmitFailed));
    state.drafts.id.set(Some("draft-1".into()));
    state.flow.go(Step::Review);
    state.checks().continue_from(Step::Review);
    state.reset();
    assert_eq!(state.form.draft.get_untracked(), CustomerDraft::default());
    assert_eq!(state.form.offer_query.get_untracked(), "");
    assert_eq!(state.form.domain_status.get_untracked(), DomainStatus::Unknown);
    assert_eq!(state.submission.request_id.get_untracked(), None);
    assert_eq!(state.submission.state.get_untracked(), SubmitState::Idle);
    assert_eq!(state.drafts.id.get_untracked(), None);
    assert_eq!(state.flow.step.get_untracked(), Step::Account, "the host's first step");
    assert!(state.flow.issues.get_untracked().is_empty() && !state.flow.attempted.get_untracked());
    assert!(!state.flow.focus_heading.get_untracked(), "focus stays with the host page");
}

#[test]
fn disposing_the_owner_disposes_the_state() {
    let (owner, state) = wizard(false);
    state.form.draft.set(account_filled());
    drop(owner);
    assert!(state.form.draft.try_get_untracked().is_none(), "nothing outlives the mount");
    assert!(state.flow.step.try_get_untracked().is_none());
    // Intents sent to a gone wizard go nowhere (no panic).
    state.intents.send(Intent::Submit);
}

/// An answer of the gateway: `code`, `data`, and `progress` at `failed_stage`
/// (with the created customer when `created`).
fn gateway_answer(code: u32, data: Vec<FieldIssue>, failed_stage: &str, created: bool) -> customer_domain::wire::ErrorReply {
    serde_json::from_value(serde_json::json!({
        "code": code,
        "data": data,
        "progress": {
            "customer": created.then(|| serde_json::json!({
                "id": "4f1c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
                "companyProfile": { "domain": "contosopharma.onmicrosoft.com" },
                "billingProfile": { "email": "anna@contoso.se", "culture": "sv-SE", "language": "sv", "companyName": "Contoso Pharmaceuticals AB",
                    "defaultAddress": { "firstName": "Anna", "lastName": "Berg", "addressLine1": "Storgatan 1", "city": "Stockholm", "country": "SE" } },
                "userCredentials": { "userName": "admin", "password": "Once-Shown-1" }
            })),
            "agreementConfirmed": failed_stage == "order",
            "failedStage": failed_stage,
            "upstreamCode": (code > 2000).then_some(code)
        }
    }))
    .unwrap()
}

#[test]
fn an_order_refused_at_a_quantity_is_a_partial_failure_with_an_update_to_subscriptions() {
    let quantity = FieldIssue::error(field::quantity(OFFER_ID), Message::InvalidQuantity);
    let failure = PartialFailure::classify(400, gateway_answer(2002, vec![quantity.clone()], "order", true)).unwrap();
    assert_eq!(failure.stage, FailedStage::Order);
    assert_eq!(failure.customer.id, "4f1c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c");
    assert_eq!(failure.customer.user_credentials.password.as_deref(), Some("Once-Shown-1"));
    assert_eq!(failure.cause, Cause::Fields(vec![quantity]));
    assert_eq!(failure.upstream_code, Some(2002));
    assert_eq!((failure.headline(), failure.retry_label()), (Key::PartialOrderFailed, Key::RetryOrder));
    assert_eq!(failure.update_step(), Some(Step::Subscriptions));
}

#[test]
fn an_agreement_or_reseller_refusal_updates_its_own_step() {
    let agreement = FieldIssue::error(field::AGREEMENT_ACCEPTED, Message::AgreementNotAccepted);
    let failure = PartialFailure::classify(400, gateway_answer(13605, vec![agreement], "agreement", true)).unwrap();
    assert_eq!((failure.stage, failure.headline(), failure.retry_label()), (FailedStage::Agreement, Key::PartialAgreementFailed, Key::RetryAgreement));
    assert_eq!(failure.update_step(), Some(Step::Account));
    let reseller = FieldIssue::error(field::RESELLER, Message::ResellerWithoutPartnerAgreement);
    let failure = PartialFailure::classify(400, gateway_answer(900123, vec![reseller], "order", true)).unwrap();
    assert_eq!(failure.update_step(), Some(Step::Reseller));
}

#[test]
fn a_partial_failure_without_a_field_is_worded_and_offers_no_update() {
    // Partner Center could not be reached after the customer was created.
    let failure = PartialFailure::classify(503, gateway_answer(1503, vec![], "order", true)).unwrap();
    assert_eq!((failure.cause.clone(), failure.upstream_code), (Cause::Text(Key::PartialUnavailable), None));
    assert_eq!(failure.update_step(), None);
    // The sign-in was refused between stages.
    let failure = PartialFailure::classify(502, gateway_answer(1504, vec![], "agreement", true)).unwrap();
    assert_eq!(failure.cause, Cause::Text(Key::SubmitPartnerCenterSignIn));
    // A refusal with a code no field stands for.
    let failure = PartialFailure::classify(400, gateway_answer(800066, vec![], "order", true)).unwrap();
    assert_eq!((failure.cause.clone(), failure.upstream_code), (Cause::Text(Key::PartialRefused), Some(800066)));
    // Field issues in a 5xx are not the cause: the stage was not answered.
    let issue = FieldIssue::error(field::quantity(OFFER_ID), Message::InvalidQuantity);
    assert_eq!(PartialFailure::classify(503, gateway_answer(1503, vec![issue], "order", true)).unwrap().cause, Cause::Text(Key::PartialUnavailable));
}

#[test]
fn no_partial_failure_without_a_created_customer_or_a_later_stage() {
    assert_eq!(PartialFailure::classify(400, gateway_answer(600050, vec![], "customer", false)), None);
    assert_eq!(PartialFailure::classify(400, gateway_answer(2002, vec![], "order", false)), None);
    assert_eq!(PartialFailure::classify(400, gateway_answer(2002, vec![], "payment", true)), None);
    let plain: customer_domain::wire::ErrorReply = serde_json::from_value(serde_json::json!({ "code": 1001, "data": [] })).unwrap();
    assert_eq!(PartialFailure::classify(400, plain), None);
}

#[test]
fn a_fresh_submission_forgets_a_partial_failure() {
    let (_owner, state) = wizard(false);
    let failure = PartialFailure::classify(400, gateway_answer(2002, vec![], "order", true)).unwrap();
    state.submission.partial.set(Some(failure));
    state.reset();
    assert_eq!(state.submission.partial.get_untracked(), None);
}
