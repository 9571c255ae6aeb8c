//! The draft loader in a real browser, where it reads JSON with the
//! browser's own parser (services/json.rs): the same verdicts as the native
//! tests in tests.rs beside this file, and no crash on what a hostile or broken
//! storage can hold.

use super::{parse, Envelope, Loaded, Problem, SCHEMA_VERSION};
use crate::services::json::{self, Json};
use crate::step::Step;
use customer_domain::CustomerDraft;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sample() -> Value {
    let mut draft = CustomerDraft::default();
    draft.account.company_name = "Contoso Pharmaceuticals AB".into();
    draft.account.address.country = "SE".into();
    draft.agreement.accepted = true;
    draft.subscriptions.push(customer_domain::draft::SubscriptionDraft { offer_id: "CFQ7TTC0LH18:0001".into(), quantity: "12".into() });
    serde_json::to_value(Envelope {
        version: SCHEMA_VERSION,
        id: "0b7c7d6e-8a3e-4d38-9c1e-2f1d7a6b5c4d".into(),
        saved_at: "2026-11-23T21:00:00.000Z".into(),
        step: Step::Subscriptions,
        draft,
        request_id: None,
        pending: None,
    })
    .unwrap()
}

fn problem(raw: &str) -> Option<Problem> {
    match parse(raw) {
        Loaded::Unreadable { problem, raw: kept } => {
            assert_eq!(kept, raw, "the raw text is kept for the user");
            Some(problem)
        }
        Loaded::Draft(_) => None,
    }
}

#[wasm_bindgen_test]
fn a_saved_draft_reads_back_unchanged() {
    let text = sample().to_string();
    let Loaded::Draft(parsed) = parse(&text) else { panic!("not read") };
    assert!(!parsed.repaired && !parsed.migrated);
    assert_eq!(parsed.envelope.draft.subscriptions[0].quantity, "12");
    let again = json::to_string(&parsed.envelope).unwrap();
    assert!(matches!(parse(&again), Loaded::Draft(p) if p.envelope == parsed.envelope));
}

#[wasm_bindgen_test]
fn unusable_text_is_named_and_kept_never_a_crash() {
    assert_eq!(problem("{not json"), Some(Problem::NotJson));
    assert_eq!(problem("[1,2]"), Some(Problem::WrongShape));
    assert_eq!(problem("{\"version\":9}"), Some(Problem::UnknownVersion));
    // Nesting far past any draft: refused, not recursed into.
    assert_eq!(problem(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))), Some(Problem::NotJson));
    let deep_object = format!("{{\"version\":2,\"draft\":{}1{}}}", "{\"a\":".repeat(200), "}".repeat(200));
    assert!(problem(&deep_object).is_some());
}

#[wasm_bindgen_test]
fn values_of_the_wrong_type_are_left_empty_and_the_rest_kept() {
    let mut value = sample();
    value["draft"]["account"]["companyName"] = json!(42);
    value["draft"]["agreement"]["accepted"] = json!("yes");
    value["draft"]["subscriptions"][0]["quantity"] = json!(7);
    value["step"] = json!("nowhere");
    let Loaded::Draft(parsed) = parse(&value.to_string()) else { panic!("not salvaged") };
    assert!(parsed.repaired);
    let d = parsed.envelope.draft;
    assert_eq!(d.account.company_name, "42", "a number where text belongs is the text it was typed as");
    assert!(!d.agreement.accepted);
    assert_eq!(d.subscriptions[0].quantity, "7");
    assert_eq!(d.account.address.country, "SE");
    assert_eq!(parsed.envelope.step, Step::Account);
}

#[wasm_bindgen_test]
fn a_version_1_draft_is_brought_up_to_date() {
    let mut value = sample();
    value["version"] = json!(1);
    value.as_object_mut().unwrap().remove("id");
    let Loaded::Draft(parsed) = parse(&value.to_string()) else { panic!("not migrated") };
    assert!(parsed.migrated);
    assert_eq!(parsed.envelope.version, SCHEMA_VERSION);
}

#[wasm_bindgen_test]
fn the_browser_json_keeps_numbers_and_text_as_written() {
    let tree: Json = json::from_str(r#"{"n":[1,2.5,-3],"s":"Malmö \"x\""}"#).unwrap();
    assert_eq!(json::to_string(&tree).unwrap(), r#"{"n":[1,2.5,-3],"s":"Malmö \"x\""}"#);
    assert_eq!(json::number_text(7.0), "7");
    assert_eq!(json::number_text(0.5), "0.5");
}
