//! The loader against everything storage can hold: a seeded generator feeds
//! valid, migrated, mutated, truncated, retyped and random envelopes to
//! `parse` (which must never panic), and checks what it makes of them.

use super::*;
use crate::services::seeded::Rng;
use serde_json::Value;

/// What the generator makes here: storage-like text and JSON values.
trait Generate {
    fn text(&mut self, max: usize) -> String;
    fn value(&mut self, depth: u32) -> Value;
}

impl Generate for Rng {
    fn text(&mut self, max: usize) -> String {
        const PIECES: &[&str] = &["a", "Ö", "\"", "\\", "{", "}", "[", "]", ":", ",", "0", "-1e999", "null", "true", "\u{0}", "😀", " ", "\\u12", "version"];
        (0..self.below(max)).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }
    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 3 { 5 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.next().is_multiple_of(2)),
            2 => Value::from(self.next() as i64),
            3 => Value::from(f64::from(self.next() as u32) / 7.0),
            4 => Value::String(self.text(12)),
            5 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object((0..self.below(4)).map(|_| (self.text(6), self.value(depth + 1))).collect()),
        }
    }
}

fn sample() -> Envelope {
    let mut draft = CustomerDraft::default();
    draft.account.company_name = "Contoso Pharmaceuticals Limited".into();
    draft.account.domain_prefix = "contosopharma".into();
    draft.account.address.country = "SE".into();
    draft.account.address.city = "Malmö".into();
    draft.agreement.accepted = true;
    draft.subscriptions.push(customer_domain::draft::SubscriptionDraft { offer_id: "CFQ7TTC0LH18:0001".into(), quantity: "12".into() });
    draft.acknowledged.push("account.companyName".into());
    Envelope {
        version: SCHEMA_VERSION,
        id: "0b7c7d6e-8a3e-4d38-9c1e-2f1d7a6b5c4d".into(),
        saved_at: "2026-11-23T21:00:00.000Z".into(),
        step: Step::Subscriptions,
        draft,
        request_id: Some("5f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c".into()),
        pending: None,
    }
}

/// Every path to a leaf of a JSON value.
fn leaves(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, [path.clone(), vec![k.clone()]].concat(), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, [path.clone(), vec![i.to_string()]].concat(), out)),
        _ => out.push(path),
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, key| match v {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

#[test]
fn a_saved_envelope_reads_back_unchanged() {
    let envelope = sample();
    let text = serde_json::to_string(&envelope).unwrap();
    assert_eq!(parse(&text), Loaded::Draft(Parsed { envelope, migrated: false, repaired: false }));
}

#[test]
fn nothing_secret_is_in_an_envelope() {
    let text = serde_json::to_string(&sample()).unwrap().to_lowercase();
    for word in ["password", "token", "authorization", "credential"] {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

#[test]
fn a_v1_draft_is_migrated_with_every_value_and_its_request_id() {
    let v1 = r#"{"version":1,"savedAt":"2026-05-01T10:00:00.000Z","step":"review","draft":{"account":{"companyName":"Fabrikam Holdings Limited","address":{"city":"Oslo"}},"subscriptions":[{"offerId":"X","quantity":"3"}]},"requestId":"5f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c"}"#;
    let Loaded::Draft(parsed) = parse(v1) else { panic!("v1 not read") };
    assert!(parsed.migrated && !parsed.repaired);
    let e = parsed.envelope;
    assert_eq!((e.version, e.step, e.saved_at.as_str()), (SCHEMA_VERSION, Step::Review, "2026-05-01T10:00:00.000Z"));
    assert_eq!(e.draft.account.company_name, "Fabrikam Holdings Limited");
    assert_eq!(e.draft.account.address.city, "Oslo");
    assert_eq!(e.draft.subscriptions[0].quantity, "3");
    assert_eq!(e.request_id.as_deref(), Some("5f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c"));
}

/// A submit request as the wizard sends it (the golden payloads).
fn submit_request() -> customer_domain::SubmitRequest {
    let part = |text: &str| serde_json::from_str::<Value>(text).unwrap();
    serde_json::from_value(serde_json::json!({
        "customer": part(include_str!("../../../crates/domain/tests/golden/indirect-customer.json")),
        "agreement": part(include_str!("../../../crates/domain/tests/golden/indirect-agreement.json")),
        "order": part(include_str!("../../../crates/domain/tests/golden/indirect-order.json")),
    }))
    .unwrap()
}

#[test]
fn a_pending_submit_is_resent_and_stored_as_the_body_it_was() {
    let request = submit_request();
    let sent = serde_json::to_string(&request).unwrap();
    // As stored by a wizard that kept the pending submit typed (members in
    // the order written), and by this one.
    let without = serde_json::to_string(&sample()).unwrap();
    let stored = format!("{},\"pending\":{sent}}}", without.strip_suffix('}').unwrap());
    let Loaded::Draft(parsed) = parse(&stored) else { panic!("not read") };
    assert!(!parsed.repaired);
    let body = parsed.envelope.pending.clone().expect("the pending body");
    assert_eq!(json::to_string(&body).unwrap(), sent, "the retry sends the same body");
    assert_eq!(json::to_string(&parsed.envelope).unwrap(), stored, "written back as it was read");
    assert_eq!(json::convert::<Json>(&request), Some(body), "a new submit's body is the same JSON");
}

#[test]
fn a_pending_body_that_is_not_an_object_is_dropped_as_a_repair() {
    for pending in [Value::from("x"), Value::from(7), Value::Array(vec![])] {
        let mut stored = serde_json::to_value(sample()).unwrap();
        stored["pending"] = pending;
        let Loaded::Draft(parsed) = parse(&stored.to_string()) else { panic!("not read") };
        assert!(parsed.repaired);
        assert_eq!(parsed.envelope.pending, None);
        assert_eq!(parsed.envelope.request_id, sample().request_id);
    }
    let mut stored = serde_json::to_value(sample()).unwrap();
    stored["pending"] = Value::Null;
    assert_eq!(parse(&stored.to_string()), Loaded::Draft(Parsed { envelope: sample(), migrated: false, repaired: false }));
}

#[test]
fn each_kind_of_bad_text_is_named() {
    let problem = |raw: &str| match parse(raw) {
        Loaded::Unreadable { raw: kept, problem } => {
            assert_eq!(kept, raw, "the raw text is kept as it was");
            Some(problem)
        }
        Loaded::Draft(_) => None,
    };
    assert_eq!(problem("{\"version\":2,\"draft\":"), Some(Problem::NotJson));
    assert_eq!(problem(""), Some(Problem::NotJson));
    assert_eq!(problem("[1,2]"), Some(Problem::WrongShape));
    assert_eq!(problem("{\"version\":\"2\",\"draft\":{}}"), Some(Problem::WrongShape));
    assert_eq!(problem("{\"version\":2,\"draft\":\"x\"}"), Some(Problem::WrongShape));
    assert_eq!(problem("{\"version\":3,\"draft\":{}}"), Some(Problem::UnknownVersion));
    assert_eq!(problem("{\"version\":0}"), Some(Problem::UnknownVersion));
    assert_eq!(problem(&format!("{{\"version\":2,\"x\":\"{}\"}}", "a".repeat(MAX_RAW_LEN))), Some(Problem::TooLarge));
    assert_eq!(problem(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))), Some(Problem::NotJson));
}

#[test]
fn values_of_the_wrong_type_are_left_empty_and_the_rest_kept() {
    let mut value = serde_json::to_value(sample()).unwrap();
    value["draft"]["account"]["companyName"] = Value::from(42);
    value["draft"]["account"]["address"]["city"] = Value::Bool(true);
    value["draft"]["agreement"]["accepted"] = Value::from("yes");
    value["draft"]["subscriptions"][0]["quantity"] = Value::from(7);
    value["step"] = Value::from("nowhere");
    let Loaded::Draft(parsed) = parse(&value.to_string()) else { panic!("not salvaged") };
    assert!(parsed.repaired);
    let d = parsed.envelope.draft;
    assert_eq!(d.account.company_name, "42", "a number where text belongs is the text it was typed as");
    assert_eq!(d.account.address.city, "");
    assert!(!d.agreement.accepted);
    assert_eq!(d.subscriptions[0].quantity, "7");
    assert_eq!(d.account.domain_prefix, "contosopharma");
    assert_eq!(d.account.address.country, "SE");
    assert_eq!(parsed.envelope.step, Step::Account);
}

/// 12,000 envelopes: mutated texts, retyped fields, random JSON, random bytes.
#[test]
fn the_loader_never_panics_on_twelve_thousand_corrupted_envelopes() {
    let mut rng = Rng(0x5EED_D4AF_7C0F_FEE1);
    let good = serde_json::to_value(sample()).unwrap();
    let good_text = good.to_string();
    let mut paths = Vec::new();
    leaves(&good, Vec::new(), &mut paths);
    let (mut drafts, mut unreadable) = (0, 0);
    for case in 0..12_000 {
        let raw = match case % 6 {
            // bytes flipped, inserted or cut
            0 => {
                let mut bytes = good_text.clone().into_bytes();
                for _ in 0..=rng.below(4) {
                    let i = rng.below(bytes.len());
                    match rng.below(3) {
                        0 => bytes[i] = rng.next() as u8,
                        1 => bytes.insert(i, b"{}[]\",:0\\"[rng.below(9)]),
                        _ => {
                            bytes.remove(i);
                        }
                    }
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }
            // truncated anywhere (a write cut short)
            1 => good_text.chars().take(rng.below(good_text.len())).collect(),
            // one to three leaves replaced by random JSON of any type
            2 => {
                let mut v = good.clone();
                for _ in 0..=rng.below(3) {
                    let path = &paths[rng.below(paths.len())];
                    let replacement = rng.value(0);
                    if let Some(slot) = at(&mut v, path) {
                        *slot = replacement;
                    }
                }
                v.to_string()
            }
            // whole sections replaced (draft, account, subscriptions…) or removed
            3 => {
                let mut v = good.clone();
                let section = ["draft", "step", "version", "savedAt", "requestId", "id", "pending"][rng.below(7)];
                if rng.below(2) == 0 {
                    v.as_object_mut().unwrap().remove(section);
                } else {
                    v[section] = rng.value(0);
                }
                if rng.below(2) == 0 {
                    v["version"] = Value::from(rng.below(4) as u64);
                }
                v.to_string()
            }
            // random JSON documents
            4 => rng.value(0).to_string(),
            // random text
            _ => rng.text(200),
        };
        match parse(&raw) {
            Loaded::Draft(parsed) => {
                drafts += 1;
                assert_eq!(parsed.envelope.version, SCHEMA_VERSION);
                // What was read can be written and read again unchanged.
                let again = serde_json::to_string(&parsed.envelope).unwrap();
                assert!(matches!(parse(&again), Loaded::Draft(p) if p.envelope == parsed.envelope && !p.repaired));
            }
            Loaded::Unreadable { raw: kept, .. } => {
                unreadable += 1;
                assert_eq!(kept, raw);
            }
        }
    }
    // Both outcomes were exercised, so the generator is not trivially one-sided.
    assert!(drafts > 1_000 && unreadable > 1_000, "drafts {drafts}, unreadable {unreadable}");
}

// ---- the draft reader against the derive and the former salvage ----

/// A draft as JSON with every member set: each text unique, each flag true,
/// one row in each list (made from the type itself, so a new member is in it).
fn every_member_set() -> Value {
    fn fill(value: &mut Value, n: &mut u32) {
        match value {
            Value::String(s) => {
                *n += 1;
                *s = format!("v{n}");
            }
            Value::Bool(b) => *b = true,
            Value::Array(items) => items.iter_mut().for_each(|v| fill(v, n)),
            Value::Object(members) => members.values_mut().for_each(|v| fill(v, n)),
            _ => {}
        }
    }
    let mut draft = CustomerDraft::default();
    draft.subscriptions.push(Default::default());
    draft.acknowledged.push(String::new());
    let mut value = serde_json::to_value(draft).unwrap();
    fill(&mut value, &mut 0);
    value
}

fn tree(value: &Value) -> Json {
    json::from_str(&value.to_string()).unwrap()
}

/// How the draft was salvaged before it was read by hand: the value cut to
/// the shape of a draft (`fit`), then read by the derive.
fn salvaged_as_before(value: &Value) -> CustomerDraft {
    fn fit(template: &Json, value: &Json) -> Option<Json> {
        match (template, value) {
            (Json::Object(t), Json::Object(_)) => Some(Json::Object(
                t.iter().filter_map(|(key, tv)| value.get(key).and_then(|vv| fit(tv, vv)).map(|x| (key.clone(), x))).collect(),
            )),
            (Json::Array(t), Json::Array(v)) => {
                let item = t.first()?;
                Some(Json::Array(v.iter().filter_map(|x| fit(item, x)).collect()))
            }
            (Json::String(_), Json::String(s)) => Some(Json::String(s.clone())),
            (Json::String(_), Json::Number(n)) => Some(Json::String(json::number_text(*n))),
            (Json::Bool(_), Json::Bool(b)) => Some(Json::Bool(*b)),
            _ => None,
        }
    }
    let template = tree(&every_member_set());
    json::convert(&fit(&template, &tree(value)).unwrap()).unwrap()
}

#[test]
fn every_member_of_a_draft_is_read() {
    let value = every_member_set();
    let (draft, exact) = read_draft(&tree(&value));
    assert!(exact);
    assert_eq!(serde_json::to_value(&draft).unwrap(), value, "a member of the draft is not read");
}

/// Drafts with values replaced by scalars of every type, members removed and
/// renamed: the reader refuses what the derive refuses, reads the same
/// values, and salvages as before.
#[test]
fn a_draft_is_read_as_the_derive_reads_it_and_salvaged_as_before() {
    let mut rng = Rng(0x0D2A_F7ED_5EED_0001);
    let good = every_member_set();
    let mut paths = Vec::new();
    leaves(&good, Vec::new(), &mut paths);
    let (mut exact_count, mut salvaged_count) = (0, 0);
    for round in 0..4_000 {
        let mut value = good.clone();
        for _ in 0..=rng.below(3) {
            let path = &paths[rng.below(paths.len())];
            let depth = 1 + rng.below(path.len());
            let (parent, last) = (&path[..depth - 1], &path[depth - 1]);
            let Some(slot) = at(&mut value, parent) else { continue };
            let scalar = match rng.below(6) {
                0 => Value::Null,
                1 => Value::Bool(rng.below(2) == 0),
                2 => Value::from(rng.below(100) as u64),
                3 => Value::from(rng.below(100) as f64 / 8.0),
                4 => Value::from("text"),
                _ => Value::Object(Default::default()),
            };
            match (slot, rng.below(3)) {
                (Value::Object(members), 0) => {
                    members.remove(last);
                }
                (Value::Object(members), 1) => {
                    let moved = members.remove(last).unwrap_or_default();
                    members.insert(format!("{last}X"), moved);
                }
                (slot, _) => {
                    if let Some(target) = at(slot, std::slice::from_ref(last)) {
                        *target = scalar;
                    }
                }
            }
        }
        let (read, exact) = read_draft(&tree(&value));
        let derived = serde_json::from_value::<CustomerDraft>(value.clone()).ok();
        assert_eq!(exact, derived.is_some(), "round {round}: {value}");
        if let Some(derived) = derived {
            exact_count += 1;
            assert_eq!(read, derived, "round {round}: {value}");
        } else if value.is_object() {
            salvaged_count += 1;
            assert_eq!(read, salvaged_as_before(&value), "round {round}: {value}");
        }
    }
    assert!(exact_count > 300 && salvaged_count > 300, "exact {exact_count}, salvaged {salvaged_count}");
}

#[test]
fn rows_written_as_arrays_read_as_the_browser_reads_them() {
    // The browser's reader finds no named member in an array: an empty object.
    let value = serde_json::json!({ "account": [], "subscriptions": [["x"], { "offerId": "A", "quantity": "2" }] });
    let (draft, exact) = read_draft(&tree(&value));
    assert!(exact);
    assert_eq!(draft.subscriptions.len(), 2);
    assert_eq!(draft.subscriptions[1].offer_id, "A");
    // Salvaged (something else is wrong), only object rows are kept, as before.
    let value = serde_json::json!({ "resellerId": 7, "subscriptions": [["x"], { "offerId": "A", "quantity": "2" }] });
    let (draft, exact) = read_draft(&tree(&value));
    assert!(!exact);
    assert_eq!(draft, salvaged_as_before(&value));
    assert_eq!(draft.reseller_id, "7");
}

// ---- the envelope reader against the derive ----

/// Envelopes with members removed, renamed, added and retyped, in the draft
/// too: read by hand as the derive read them (through JSON text, as the
/// loader did before).
#[test]
fn an_envelope_is_read_as_its_derive_reads_it() {
    let mut rng = Rng(0x5EED_E7E1_0BE0_0003);
    let mut good = serde_json::to_value(sample()).unwrap();
    good["pending"] = serde_json::to_value(submit_request()).unwrap();
    let (mut read, rounds) = (0, 4_000);
    for round in 0..rounds {
        let mut value = good.clone();
        for _ in 0..=rng.below(3) {
            // Half the changes at the envelope's own members (the draft and
            // the pending body hold far more values to change).
            let keys: Vec<String> = value.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
            match (rng.below(2), value.as_object_mut()) {
                (0, Some(members)) if !keys.is_empty() => {
                    let key = &keys[rng.below(keys.len())];
                    let moved = members.remove(key).unwrap();
                    match rng.below(3) {
                        0 => {}
                        1 => drop(members.insert(format!("{key}X"), moved)),
                        _ => drop(members.insert(key.clone(), crate::services::api::read::tests::scalar(&mut rng))),
                    }
                }
                _ => crate::services::api::read::tests::alter(&mut value, &mut rng),
            }
        }
        let value = tree(&value);
        let derived = json::convert::<Envelope>(&value);
        assert_eq!(read_envelope(&value), derived, "round {round}: {value:?}");
        read += usize::from(derived.is_some());
    }
    assert!(read > rounds / 10 && read < rounds * 9 / 10, "{read} of {rounds} read");
}

#[test]
fn a_step_is_read_by_the_name_its_derive_reads() {
    let steps = [Step::Customers, Step::Account, Step::Reseller, Step::Subscriptions, Step::Review, Step::Done];
    let mut texts: Vec<String> = steps.iter().map(|s| serde_json::to_string(s).unwrap()).collect();
    texts.extend(steps.iter().map(|s| format!("{{\"{}\":null}}", s.name())));
    texts.extend(["\"Review\"", "{\"review\":1}", "{\"review\":null,\"done\":null}", "{}", "[null]", "[]", "null", "7", "\"\""].map(String::from));
    for text in texts {
        let derived = serde_json::from_str::<Step>(&text).ok();
        assert_eq!(step(&tree(&serde_json::from_str(&text).unwrap())), derived, "{text}");
    }
    for s in steps {
        assert_eq!(step(&Json::String(s.name().into())), Some(s));
    }
}
