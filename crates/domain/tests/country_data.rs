//! The generated country data: complete, consistent, and portable patterns.

mod common;

use customer_domain::country::{self, CountryRules, ORG_REGISTRATION_REQUIRED};

fn all() -> Vec<CountryRules> {
    common::countries()
}

#[test]
fn covers_about_240_markets_sorted_once_each() {
    let all = all();
    assert!((230..=260).contains(&all.len()), "{} countries", all.len());
    let codes: Vec<&str> = all.iter().map(|c| c.iso2_code.as_str()).collect();
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    assert!(codes.iter().all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase())));
    for needed in ["US", "GB", "SE", "BR", "IN", "AU", "CA", "MX", "CN", "JP", "DE", "ZA", "AE", "SS"] {
        assert!(codes.contains(&needed), "{needed}");
    }
    assert!(!codes.contains(&"UK") && !codes.contains(&"ZZ"));
}

#[test]
fn the_compiled_in_market_list_is_the_data_sets() {
    let codes: Vec<String> = all().into_iter().map(|c| c.iso2_code).collect();
    assert_eq!(country::markets().collect::<Vec<_>>(), codes, "regenerate country::MARKET_CODES from data/countries.json");
}

#[test]
fn every_pattern_compiles_in_rust_and_avoids_engine_differences() {
    for c in all() {
        for pattern in [&c.postal_code_regex, &c.organization_registration_number_regex].into_iter().flatten() {
            regex::Regex::new(&customer_domain::pattern::anchored(pattern))
                .unwrap_or_else(|e| panic!("{}: {pattern}: {e}", c.iso2_code));
            // \d, \w, \s, \b are Unicode-aware in Rust but ASCII in JavaScript.
            for escape in ["\\d", "\\w", "\\s", "\\b", "(?=", "(?!", "(?<"] {
                assert!(!pattern.contains(escape), "{}: {pattern} uses {escape}", c.iso2_code);
            }
        }
    }
}

#[test]
fn published_examples_match_their_pattern() {
    for c in all() {
        let Some(pattern) = &c.postal_code_regex else { continue };
        let re = regex::Regex::new(&customer_domain::pattern::anchored(pattern)).unwrap();
        for example in &c.postal_code_examples {
            assert!(re.is_match(example), "{} example {example} vs {pattern}", c.iso2_code);
        }
    }
}

#[test]
fn organization_number_and_phone_required_exactly_where_partner_center_requires_them() {
    for c in all() {
        let listed = ORG_REGISTRATION_REQUIRED.contains(&c.iso2_code.as_str());
        assert_eq!(c.is_organization_registration_number_required, listed, "{}", c.iso2_code);
        assert_eq!(c.is_phone_number_required, listed, "{}", c.iso2_code);
    }
    let present = all().iter().filter(|c| c.is_organization_registration_number_required).count();
    assert_eq!(present, ORG_REGISTRATION_REQUIRED.len(), "every listed country is in the data");
}

#[test]
fn languages_cultures_and_states_are_consistent() {
    for c in all() {
        assert!(!c.supported_languages_list.is_empty(), "{}", c.iso2_code);
        assert_eq!(c.supported_cultures_list.first(), Some(&c.default_culture), "{}", c.iso2_code);
        for (lang, culture) in c.supported_languages_list.iter().zip(&c.supported_cultures_list) {
            assert_eq!(culture, &format!("{lang}-{}", c.iso2_code));
        }
        assert_eq!(c.supported_states_list.len(), c.supported_state_names.len(), "{}", c.iso2_code);
        assert!(!c.country_calling_codes_list.is_empty() || ["AQ", "BV", "GS", "HM", "PN", "TF", "UM"].contains(&c.iso2_code.as_str()), "{}", c.iso2_code);
    }
}

#[test]
fn known_markets_have_the_documented_rules() {
    let us = common::country("US");
    assert!(us.is_state_required && us.is_postal_code_required && us.is_city_required);
    assert!(us.supported_states_list.iter().any(|s| s == "WA"));
    assert_eq!(us.postal_code_regex.as_deref(), Some("^(?:[0-9]{5}(?:-[0-9]{4})?)$"));
    assert_eq!(us.country_calling_codes_list, ["1"]);
    assert!(common::country("CA").supported_states_list.iter().any(|s| s == "BC"));
    assert!(common::country("AU").supported_states_list.iter().any(|s| s == "NSW"));
    let se = common::country("SE");
    assert_eq!(se.default_culture, "sv-SE");
    assert!(!se.is_state_required && se.supported_states_list.is_empty());
    let br = common::country("BR");
    assert!(br.is_state_required && br.is_organization_registration_number_required);
    assert!(br.organization_registration_number_regex.is_some());
    assert_eq!(common::country("PT").postal_code_regex.as_deref(), Some("^(?:[0-9]{4}(?:-[0-9]{3})?)$"));
    // Google's data requires no state in GB or DE: neither do we.
    assert!(!common::country("GB").is_state_required && !common::country("DE").is_state_required);
}

#[cfg(feature = "country-data")]
#[test]
fn embedded_data_matches_the_file_and_looks_up_any_case() {
    use customer_domain::country;
    assert_eq!(country::all(), all().as_slice());
    assert_eq!(country::rules_for("se").map(|c| c.iso2_code.as_str()), Some("SE"));
    assert_eq!(country::rules_for(" BR ").map(|c| c.default_culture.as_str()), Some("pt-BR"));
    assert!(country::rules_for("UK").is_none());
    assert!(country::rules_for("").is_none());
}
