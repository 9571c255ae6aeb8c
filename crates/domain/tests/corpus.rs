//! The false-positive name corpus and the pattern corpus, run natively. The
//! root package's `tests/wasm_corpus.rs` runs the same files in Chromium.
#![cfg(feature = "native-regex")]

mod common;

use customer_domain::pattern::NativeMatcher;
use customer_domain::issue::Message;
use customer_domain::rules;
use serde_json::Value;

fn str_of<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key} missing in {case}"))
}

fn name_verdict(case: &Value) -> &'static str {
    match str_of(case, "kind") {
        "company" => {
            let value = str_of(case, "value");
            if rules::not_test_name(value).is_err() {
                "test_name"
            } else if rules::looks_like_acronym(value) {
                "acronym"
            } else {
                "ok"
            }
        }
        "person" => match rules::test_person_name(str_of(case, "first"), str_of(case, "last")) {
            (false, false) => "ok",
            _ => "test_name",
        },
        "email" => {
            let value = str_of(case, "value");
            assert!(rules::email(value).is_ok(), "corpus emails are well-formed: {value}");
            match rules::not_test_email(value) {
                Ok(()) => "ok",
                Err(Message::ExampleEmailDomain) => "example_domain",
                Err(_) => "test_name",
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn name_corpus_gets_the_expected_verdicts() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("corpus/names.json")).unwrap();
    let must_pass = cases.iter().filter(|c| c["expected"] == "ok").count();
    assert!(must_pass >= 150, "the corpus holds {must_pass} real names; keep at least 150");
    let wrong: Vec<String> = cases
        .iter()
        .filter(|c| name_verdict(c) != str_of(c, "expected"))
        .map(|c| format!("{c} -> {}", name_verdict(c)))
        .collect();
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn pattern_corpus_gets_the_expected_verdicts_natively() {
    let countries = common::countries();
    let cases: Vec<Value> = serde_json::from_str(include_str!("corpus/patterns.json")).unwrap();
    assert!(cases.len() > 300);
    let mut wrong = Vec::new();
    for case in &cases {
        let rules_for = countries.iter().find(|c| c.iso2_code == str_of(case, "country")).expect("corpus country in data");
        let input = str_of(case, "input");
        let verdict = match str_of(case, "field") {
            "postalCode" => rules::postal_code(rules_for, input, &NativeMatcher).is_ok(),
            "organizationRegistrationNumber" => {
                rules::organization_registration_number(rules_for, input, &NativeMatcher).is_ok()
            }
            other => panic!("unknown field {other}"),
        };
        if Some(verdict) != case["valid"].as_bool() {
            wrong.push(format!("{case} -> {verdict}"));
        }
    }
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
}
