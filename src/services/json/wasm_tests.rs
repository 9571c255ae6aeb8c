//! The app's JSON reader (`parsed`) against serde-wasm-bindgen's, in a real
//! browser: on valid documents of every shape the app reads and on thousands
//! of seeded mutations of them (retyped, removed, added and renamed members,
//! random values), both accept the same documents and read the same values.
//! The hand-written readers of the API's answers (`api/read.rs`) are held
//! to their derives the same way, both reading what `JSON.parse` returned.

use super::parsed::Parsed;
use super::Json;
use crate::services::api::read::tests::{agree, samples, Parse};
use crate::services::seeded::Rng;
use crate::services::storage::Envelope;
use crate::step::Step;
use customer_domain::catalog::{Offer, Page, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::issue::{FieldIssue, Message};
use customer_domain::wire::{ErrorReply, SubmitReceipt};
use customer_domain::{CustomerDraft, SubmitRequest};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt::Debug;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the generator makes here: JSON values of the shapes the app reads,
/// and one change inside a value.
trait Generate {
    fn value(&mut self, depth: u32) -> Value;
    fn mutate(&mut self, value: &mut Value, depth: u32);
}

impl Generate for Rng {
    fn value(&mut self, depth: u32) -> Value {
        const TEXTS: &[&str] = &["", "a", "error", "warning", "too_long", "required", "code", "params", "max", "Ö😀", "null", "7", "review"];
        match self.below(if depth > 2 { 9 } else { 11 }) {
            0 => Value::Null,
            1 => Value::Bool(self.next().is_multiple_of(2)),
            2 => json!(self.below(5)),
            3 => json!(-(self.below(3) as i64)),
            4 => json!(4_294_967_296u64 + self.below(2) as u64),
            5 => json!(9_007_199_254_740_993.0),
            6 => json!(f64::from(self.below(100) as u32) / 8.0),
            7 | 8 => Value::String(TEXTS[self.below(TEXTS.len())].to_owned()),
            9 => Value::Array((0..self.below(3)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object((0..self.below(3)).map(|_| (TEXTS[self.below(TEXTS.len())].to_owned(), self.value(depth + 1))).collect()),
        }
    }
    /// `value` with one random change somewhere inside.
    fn mutate(&mut self, value: &mut Value, depth: u32) {
        let descend = self.below(3) != 0;
        match value {
            Value::Object(members) if descend && !members.is_empty() => {
                let keys: Vec<String> = members.keys().cloned().collect();
                let key = &keys[self.below(keys.len())];
                match self.below(6) {
                    0 => {
                        members.remove(key);
                    }
                    1 => {
                        let moved = members.remove(key).unwrap_or_default();
                        members.insert(format!("{key}X"), moved);
                    }
                    2 => {
                        members.insert(["code", "params", "field", "severity", "extra"][self.below(5)].to_owned(), self.value(depth));
                    }
                    _ => self.mutate(members.get_mut(key).expect("a key of the object"), depth + 1),
                }
            }
            Value::Array(items) if descend && !items.is_empty() => {
                let i = self.below(items.len());
                self.mutate(&mut items[i], depth + 1);
            }
            _ => *value = self.value(depth),
        }
    }
}

fn parse(text: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(text).expect("serde_json wrote JSON")
}

/// Both readers on `doc`: the same verdict and the same value.
fn same<T: DeserializeOwned + PartialEq + Debug>(doc: &Value) -> bool {
    let text = doc.to_string();
    let theirs = serde_wasm_bindgen::from_value::<T>(parse(&text)).ok();
    let ours = T::deserialize(Parsed(parse(&text))).ok();
    assert_eq!(ours, theirs, "{text}");
    ours.is_some()
}

/// Both readers on `sample` and its mutations; returns how many mutations read.
fn compare<T: DeserializeOwned + PartialEq + Debug>(name: &str, sample: Value, rng: &mut Rng) -> usize {
    assert!(same::<T>(&sample), "{name}: the sample reads");
    let mut read = 0;
    for _ in 0..ROUNDS {
        let mut doc = sample.clone();
        for _ in 0..=rng.below(3) {
            rng.mutate(&mut doc, 0);
        }
        read += usize::from(same::<T>(&doc));
    }
    read
}

const ROUNDS: usize = 400;

/// Both outcomes exercised: some mutations still read, some do not.
fn check<T: DeserializeOwned + PartialEq + Debug>(name: &str, sample: Value, rng: &mut Rng) {
    let read = compare::<T>(name, sample, rng);
    assert!(read > 0 && read < ROUNDS, "{name}: {read} of {ROUNDS} mutations read");
}

fn golden(name: &str) -> Value {
    let text = match name {
        "customer" => include_str!("../../../crates/domain/tests/golden/indirect-customer.json"),
        "agreement" => include_str!("../../../crates/domain/tests/golden/indirect-agreement.json"),
        _ => include_str!("../../../crates/domain/tests/golden/indirect-order.json"),
    };
    serde_json::from_str(text).unwrap()
}

#[wasm_bindgen_test]
fn the_app_reads_json_as_serde_wasm_bindgen_does() {
    let mut rng = Rng(0x5EED_1234_ABCD_0042);
    let mut draft = CustomerDraft::default();
    draft.account.company_name = "Contoso Pharmaceuticals AB".into();
    draft.account.address.country = "SE".into();
    draft.agreement.accepted = true;
    draft.subscriptions.push(customer_domain::draft::SubscriptionDraft { offer_id: "CFQ7TTC0LH18:0001".into(), quantity: "12".into() });
    draft.acknowledged.push("account.companyName".into());
    let request = json!({ "customer": golden("customer"), "agreement": golden("agreement"), "order": golden("order") });
    let issues = json!([
        { "field": "account.companyName", "severity": "error", "code": "too_long", "params": { "max": 50 } },
        { "field": "account.address.postalCode", "severity": "warning", "code": "invalid_postal_code", "params": { "example": "114 55" } },
        { "field": "subscriptions", "severity": "error", "code": "quantity_out_of_range", "params": { "min": 1, "max": 300 } },
        { "params": null, "code": "required", "severity": "error", "field": "account.contact.email" },
        { "field": "x", "severity": "error", "code": "missing_prerequisite", "params": { "offer_ids": ["a", "b"] } },
        "not an issue",
    ]);
    let envelope = json!({
        "version": 2, "id": "0b7c7d6e", "savedAt": "2026-11-23T21:00:00.000Z", "step": "review",
        "draft": serde_json::to_value(&draft).unwrap(), "requestId": "5f0c2b1a", "pending": request.clone(),
    });
    check::<CustomerDraft>("draft", serde_json::to_value(&draft).unwrap(), &mut rng);
    check::<SubmitRequest>("submit request", request, &mut rng);
    check::<ErrorReply>("error reply", json!({ "code": 400, "description": "Invalid", "data": issues.clone(), "progress": null }), &mut rng);
    check::<Vec<FieldIssue>>("issues", json!(issues.as_array().unwrap()[..5]), &mut rng);
    check::<Message>("message", json!({ "code": "too_long", "params": { "max": 50 } }), &mut rng);
    check::<Envelope>("stored draft", envelope.clone(), &mut rng);
    // Any JSON is a tree.
    assert_eq!(compare::<Json>("tree", envelope, &mut rng), ROUNDS);
    check::<Step>("step", json!("subscriptions"), &mut rng);
    check::<CountryRules>(
        "country rules",
        json!({ "iso2Code": "SE", "defaultCulture": "sv-SE", "isStateRequired": false, "postalCodeRegex": "^\\d{3} ?\\d{2}$",
                "postalCodeExamples": ["114 55"], "isPostalCodeRequired": true, "supportedCultures": ["sv-SE", "en-US"] }),
        &mut rng,
    );
    let offer = json!({ "id": "CFQ7TTC0LH18:0001", "name": "Microsoft 365 E3", "minimumQuantity": 1, "maximumQuantity": 300,
                        "category": { "id": "enterprise", "name": "Enterprise" }, "prerequisiteOffers": ["a"], "isTrial": true,
                        "product": { "id": "p", "name": "M365", "unit": "licenses" }, "links": { "learnMore": { "uri": "https://x" } } });
    check::<Page<Offer>>("offers", json!({ "totalCount": 2, "items": [offer.clone(), offer] }), &mut rng);
    check::<Vec<Relationship>>("resellers", json!([{ "id": "f3b4c3a1", "name": "Fabrikam Reseller", "relationshipType": "IsIndirectCloudSolutionProviderOf", "state": "active", "mpnId": "123" }]), &mut rng);
    let customer = golden("customer");
    let receipt = json!({ "customer": { "id": "c1", "companyProfile": customer["companyProfile"], "billingProfile": customer["billingProfile"],
                                        "userCredentials": { "userName": "admin", "password": "x" } } });
    check::<SubmitReceipt>("receipt", receipt, &mut rng);
}

/// The stored draft is read by hand from its tree (services/storage.rs):
/// on a full draft and its mutations it accepts what the derive accepts,
/// as the browser's reader gives it, and reads the same values.
#[wasm_bindgen_test]
fn a_stored_draft_is_read_as_its_derive_reads_it() {
    let mut rng = Rng(0x5EED_D2AF_0000_0007);
    let mut draft = CustomerDraft::default();
    draft.account.company_name = "Contoso Pharmaceuticals AB".into();
    draft.account.address.city = "Malmö".into();
    draft.account.contact.email = "a@contoso.se".into();
    draft.agreement.accepted = true;
    draft.agreement.signer.first_name = "Åsa".into();
    draft.reseller_id = "f3b4c3a1".into();
    draft.subscriptions.push(customer_domain::draft::SubscriptionDraft { offer_id: "CFQ7TTC0LH18:0001".into(), quantity: "12".into() });
    draft.acknowledged.push("account.companyName".into());
    let sample = serde_json::to_value(&draft).unwrap();
    let read = |doc: &Value| {
        let envelope = json!({ "version": 2, "id": "x", "savedAt": "", "step": "review", "draft": doc });
        let ours = Envelope::deserialize(Parsed(parse(&envelope.to_string()))).ok().map(|e| e.draft);
        let derived = CustomerDraft::deserialize(Parsed(parse(&doc.to_string()))).ok();
        assert_eq!(ours, derived, "{doc}");
        ours.is_some()
    };
    assert!(read(&sample));
    let mut accepted = 0;
    for _ in 0..ROUNDS * 5 {
        let mut doc = sample.clone();
        for _ in 0..=rng.below(3) {
            rng.mutate(&mut doc, 0);
        }
        accepted += usize::from(read(&doc));
    }
    assert!(accepted > 0 && accepted < ROUNDS * 5, "{accepted} of {} mutations read", ROUNDS * 5);
}

/// The app's reader of `JSON.parse`'s result: the tree the hand-written
/// readers read, and the typed value the derive read before.
struct Browser;

impl Parse for Browser {
    fn tree(text: &str) -> Option<Json> {
        Json::deserialize(Parsed(parse(text))).ok()
    }
    fn derived<T: DeserializeOwned>(text: &str) -> Option<T> {
        T::deserialize(Parsed(parse(text))).ok()
    }
}

/// Every answer the app reads (services/api/read.rs): on a sample with
/// every member set and its mutations, the hand-written reader accepts what
/// the derive accepts and reads the same value.
#[wasm_bindgen_test]
fn the_api_answers_are_read_as_their_derives_read_them() {
    let mut rng = Rng(0x5EED_AB1E_0000_0B0B);
    for (name, sample) in samples() {
        assert!(agree::<Browser>(name, &sample.to_string()), "{name}: the sample reads");
        let mut read = 0;
        for _ in 0..ROUNDS * 2 {
            let mut doc = sample.clone();
            for _ in 0..=rng.below(3) {
                rng.mutate(&mut doc, 0);
            }
            read += usize::from(agree::<Browser>(name, &doc.to_string()));
        }
        assert!(read > 0 && read < ROUNDS * 2, "{name}: {read} of {} mutations read", ROUNDS * 2);
    }
    // What only the browser's reader makes of a document: whole numbers
    // written as floats, arrays where a struct or an enum belongs.
    let offer = samples().into_iter().find(|(name, _)| *name == "offers").unwrap().1["items"][0].clone();
    for (name, text) in [
        ("countries", r#"{"totalCount":2.0,"items":["SE"]}"#.to_owned()),
        ("offers", format!(r#"{{"totalCount":1,"items":[{offer}],"x":[[[1.5]]]}}"#)),
        ("country rules", "[]".to_owned()),
        ("country rules", r#"["SE",true]"#.to_owned()),
        ("address validation", r#"{"originalAddress":[],"status":[null]}"#.to_owned()),
        ("address validation", r#"{"originalAddress":{},"status":{"Verified":null}}"#.to_owned()),
        ("error reply", r#"{"code":1001.0,"data":[{"field":"a","severity":"error","code":"too_long","params":{"max":5.0}}]}"#.to_owned()),
    ] {
        agree::<Browser>(name, &text);
    }
}

/// The stored envelope is read by hand from its tree (services/storage.rs):
/// on a full envelope and its mutations it reads what the derive read, as
/// the browser's reader gave it to the derive before.
#[wasm_bindgen_test]
fn a_stored_envelope_is_read_as_its_derive_reads_it() {
    let mut rng = Rng(0x5EED_E7E1_0BE0_0B0B);
    let mut draft = CustomerDraft::default();
    draft.account.company_name = "Contoso Pharmaceuticals AB".into();
    draft.agreement.accepted = true;
    draft.subscriptions.push(customer_domain::draft::SubscriptionDraft { offer_id: "CFQ7TTC0LH18:0001".into(), quantity: "12".into() });
    let sample = json!({
        "version": 2, "id": "0b7c7d6e", "savedAt": "2026-11-23T21:00:00.000Z", "step": "review",
        "draft": serde_json::to_value(&draft).unwrap(), "requestId": "5f0c2b1a", "pending": { "customer": golden("customer") },
    });
    let read = |doc: &Value| {
        let text = doc.to_string();
        let derived = Envelope::deserialize(Parsed(parse(&text))).ok();
        let ours = Json::deserialize(Parsed(parse(&text))).ok().and_then(|tree| crate::services::storage::read_envelope(&tree));
        assert_eq!(ours, derived, "{text}");
        ours.is_some()
    };
    assert!(read(&sample));
    let mut accepted = 0;
    for _ in 0..ROUNDS * 5 {
        let mut doc = sample.clone();
        for _ in 0..=rng.below(3) {
            if rng.below(2) == 0 && doc.is_object() {
                // The envelope's own members: the step by another name or shape, a member gone.
                let key = ["version", "id", "savedAt", "step", "draft", "requestId", "pending"][rng.below(7)];
                match rng.below(4) {
                    0 => drop(doc.as_object_mut().map(|m| m.remove(key))),
                    1 => doc[key] = json!(["review", "done", "Review", "nowhere"][rng.below(4)]),
                    2 => doc[key] = json!({ "review": null }),
                    _ => doc[key] = rng.value(1),
                }
            } else {
                rng.mutate(&mut doc, 0);
            }
        }
        accepted += usize::from(read(&doc));
    }
    assert!(accepted > 0 && accepted < ROUNDS * 5, "{accepted} of {} mutations read", ROUNDS * 5);
}
