//! The domain crate's corpora in a real browser: country patterns on the
//! browser's RegExp (`JsMatcher`) and the name rules compiled to WASM must give
//! the verdicts the native tests assert (crates/domain/tests/corpus.rs).

use super::JsMatcher;
use crate::services::browser::install_case_mapping;
use customer_domain::country::CountryRules;
use customer_domain::issue::Message;
use customer_domain::rules;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const COUNTRIES: &str = include_str!("../../../crates/domain/data/countries.json");
const PATTERNS: &str = include_str!("../../../crates/domain/tests/corpus/patterns.json");
const NAMES: &str = include_str!("../../../crates/domain/tests/corpus/names.json");

fn str_of<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key} missing in {case}"))
}

#[wasm_bindgen_test]
fn pattern_corpus_gets_the_native_verdicts_on_browser_regexp() {
    install_case_mapping();
    let countries: Vec<CountryRules> = serde_json::from_str(COUNTRIES).unwrap();
    let cases: Vec<Value> = serde_json::from_str(PATTERNS).unwrap();
    assert!(cases.len() > 300);
    let mut wrong = Vec::new();
    for case in &cases {
        let country = countries.iter().find(|c| c.iso2_code == str_of(case, "country")).unwrap();
        let input = str_of(case, "input");
        let verdict = match str_of(case, "field") {
            "postalCode" => rules::postal_code(country, input, &JsMatcher).is_ok(),
            _ => rules::organization_registration_number(country, input, &JsMatcher).is_ok(),
        };
        if Some(verdict) != case["valid"].as_bool() {
            wrong.push(format!("{case} -> {verdict}"));
        }
    }
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
}

#[wasm_bindgen_test]
fn every_country_pattern_compiles_in_browser_regexp_with_u_flag() {
    // js_sys::RegExp::new would throw (and abort the call) on a bad pattern,
    // so check with the JS constructor guarded by Reflect.construct.
    let countries: Vec<CountryRules> = serde_json::from_str(COUNTRIES).unwrap();
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into()).unwrap();
    let ctor: js_sys::Function = ctor.into();
    for c in &countries {
        for pattern in [&c.postal_code_regex, &c.organization_registration_number_regex].into_iter().flatten() {
            let args = js_sys::Array::of2(&customer_domain::pattern::anchored(pattern).into(), &"u".into());
            assert!(js_sys::Reflect::construct(&ctor, &args).is_ok(), "{}: {pattern}", c.iso2_code);
        }
    }
}

#[wasm_bindgen_test]
fn name_corpus_gets_the_native_verdicts_in_wasm() {
    install_case_mapping();
    let cases: Vec<Value> = serde_json::from_str(NAMES).unwrap();
    let mut wrong = Vec::new();
    for case in &cases {
        let verdict = match str_of(case, "kind") {
            "company" if rules::not_test_name(str_of(case, "value")).is_err() => "test_name",
            "company" if rules::looks_like_acronym(str_of(case, "value")) => "acronym",
            "company" => "ok",
            "person" => match rules::test_person_name(str_of(case, "first"), str_of(case, "last")) {
                (false, false) => "ok",
                _ => "test_name",
            },
            _ => match rules::not_test_email(str_of(case, "value")) {
                Ok(()) => "ok",
                Err(Message::ExampleEmailDomain) => "example_domain",
                Err(_) => "test_name",
            },
        };
        if verdict != str_of(case, "expected") {
            wrong.push(format!("{case} -> {verdict}"));
        }
    }
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
}

/// The browser's case mapping, which the app installs for the domain's rules,
/// maps every corpus input and the known hard cases (final sigma, ß, İ,
/// titlecase digraphs, ligatures) as the standard library does natively.
#[wasm_bindgen_test]
fn browser_case_mapping_is_the_standard_librarys() {
    use customer_domain::text;
    install_case_mapping();
    let names: Vec<Value> = serde_json::from_str(NAMES).unwrap();
    let patterns: Vec<Value> = serde_json::from_str(PATTERNS).unwrap();
    let corpus = names.iter().chain(&patterns).flat_map(|case| ["value", "first", "last", "input"].map(|k| case[k].as_str()));
    let hard = ["ΟΔΟΣ", "ΣΑΣ ΣΑΣ", "Σ", "ΑΣ.", "straße", "İstanbul", "ǅemal ǈ", "ﬁne ﬂow", "Åsa Öberg", "ΐ", "K Å", "ŉ"];
    let mut wrong = Vec::new();
    for sample in corpus.flatten().chain(hard) {
        let each: String = sample.chars().flat_map(char::to_lowercase).collect();
        if text::to_lowercase(sample) != sample.to_lowercase() || text::to_uppercase(sample) != sample.to_uppercase() || text::to_lowercase_each(sample) != each {
            wrong.push(format!("{sample:?}: {} {} {}", text::to_lowercase(sample), text::to_uppercase(sample), text::to_lowercase_each(sample)));
        }
    }
    assert!(wrong.is_empty(), "mapped otherwise than natively:\n{}", wrong.join("\n"));
}
