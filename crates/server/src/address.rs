//! A deterministic address validator with Partner Center's response shape.
//! It cannot know real streets; what it checks is what the country rules
//! define: required fields, the state list and the postal-code pattern. It
//! corrects what it safely can (spacing, letter case, a state written out in
//! full, a postal code typed with stray spaces) and offers those corrections as
//! suggestions, the way Partner Center's validator offers its candidates.

use crate::countries::Countries;
use customer_domain::pattern::{NativeMatcher, PatternMatcher};
pub use customer_domain::resources::{AddressStatus, AddressValidation, PostalAddress};

const MAX_SUGGESTIONS: usize = 3;

pub fn validate(countries: &Countries, original: PostalAddress) -> AddressValidation {
    let answer = |status, suggested_addresses, message: Option<String>| AddressValidation {
        original_address: original.clone(),
        suggested_addresses,
        status,
        validation_message: message,
    };
    let country_code = collapse_spaces(&original.country).to_ascii_uppercase();
    let Some(rules) = countries.rules_for(&country_code) else {
        return answer(AddressStatus::NotValidated, Vec::new(), Some(format!("Addresses in '{country_code}' cannot be validated.")));
    };

    let optional = |value: &Option<String>| value.as_deref().map(collapse_spaces).filter(|v| !v.is_empty());
    let mut normalized = PostalAddress {
        address_line1: proper_case(&collapse_spaces(&original.address_line1)),
        address_line2: optional(&original.address_line2).map(|v| proper_case(&v)),
        city: proper_case(&collapse_spaces(&original.city)),
        state: optional(&original.state),
        postal_code: optional(&original.postal_code),
        country: country_code.clone(),
    };

    let mut missing = Vec::new();
    if normalized.address_line1.is_empty() {
        missing.push("addressLine1");
    }
    if rules.is_city_required && normalized.city.is_empty() {
        missing.push("city");
    }
    if rules.is_state_required && normalized.state.is_none() {
        missing.push("state");
    }
    if rules.is_postal_code_required && normalized.postal_code.is_none() {
        missing.push("postalCode");
    }
    if !missing.is_empty() {
        return answer(AddressStatus::InteractionRequired, Vec::new(), Some(format!("Required for {country_code}: {}.", missing.join(", "))));
    }

    if let (Some(pattern), Some(postal)) = (&rules.postal_code_regex, normalized.postal_code.clone()) {
        match postal_candidates(&postal).into_iter().find(|candidate| NativeMatcher.is_full_match(pattern, candidate)) {
            Some(fixed) => normalized.postal_code = Some(fixed),
            None => {
                let example = rules.postal_code_examples.first().map(|e| format!(" (for example {e})")).unwrap_or_default();
                return answer(AddressStatus::None, Vec::new(), Some(format!("The postal code is not valid for {country_code}{example}.")));
            }
        }
    }

    // States: a code from the list, a full name, or the start of one or more names.
    let mut state_options = Vec::new();
    if let (false, Some(state)) = (rules.supported_states_list.is_empty(), normalized.state.clone()) {
        let key = letters_only(&state);
        let names = rules.supported_state_names.iter().map(|n| letters_only(n)).collect::<Vec<_>>();
        if let Some(code) = rules.supported_states_list.iter().find(|c| c.eq_ignore_ascii_case(&state)) {
            state_options.push(code.clone());
        } else if let Some(i) = names.iter().position(|n| *n == key) {
            state_options.push(rules.supported_states_list[i].clone());
        } else {
            state_options = names
                .iter()
                .enumerate()
                .filter(|(_, n)| !key.is_empty() && n.starts_with(&key))
                .map(|(i, _)| rules.supported_states_list[i].clone())
                .take(MAX_SUGGESTIONS)
                .collect();
            if state_options.is_empty() {
                return answer(AddressStatus::None, Vec::new(), Some(format!("'{state}' is not a state or province of {country_code}.")));
            }
        }
    }

    let suggestions: Vec<PostalAddress> = if state_options.is_empty() {
        vec![normalized]
    } else {
        state_options.into_iter().map(|code| PostalAddress { state: Some(code), ..normalized.clone() }).collect()
    };
    if suggestions.len() > 1 {
        return answer(AddressStatus::Multiple, suggestions, Some("Several addresses match; pick one.".into()));
    }
    let as_typed = PostalAddress {
        address_line2: original.address_line2.clone().filter(|v| !v.trim().is_empty()),
        state: original.state.clone().filter(|v| !v.trim().is_empty()),
        postal_code: original.postal_code.clone().filter(|v| !v.trim().is_empty()),
        ..original.clone()
    };
    if suggestions[0] == as_typed {
        answer(AddressStatus::Verified, Vec::new(), None)
    } else {
        answer(AddressStatus::StreetPartial, suggestions, Some("The address was corrected; check the suggestion.".into()))
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn letters_only(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Text typed all in lower case (or all in upper case) gets each word
/// capitalized; mixed case is the user's choice and stays.
fn proper_case(text: &str) -> String {
    let has_lower = text.chars().any(char::is_lowercase);
    let has_upper = text.chars().any(char::is_uppercase);
    if has_lower && has_upper {
        return text.to_owned();
    }
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) if first.is_alphabetic() => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                // "1st", "36th", "12b": keep the suffix lower-case.
                Some(first) => std::iter::once(first).chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The postal code upper-cased: with one space where formats put one (before
/// the last 3 characters or after the first 3 or 4), without spaces, as typed.
fn postal_candidates(postal: &str) -> Vec<String> {
    let upper = postal.to_uppercase();
    let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
    // Spaced forms first: where a format has a space, that is its canonical form.
    let mut candidates: Vec<String> = [compact.len().saturating_sub(3), 3, 4]
        .into_iter()
        .filter(|&split| split > 0 && split < compact.len() && compact.is_char_boundary(split))
        .map(|split| format!("{} {}", &compact[..split], &compact[split..]))
        .collect();
    candidates.push(compact);
    candidates.push(upper);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(line1: &str, city: &str, state: &str, postal: &str) -> PostalAddress {
        PostalAddress {
            address_line1: line1.into(),
            address_line2: None,
            city: city.into(),
            state: Some(state.into()),
            postal_code: Some(postal.into()),
            country: "US".into(),
        }
    }

    #[test]
    fn clean_address_is_verified() {
        let result = validate(&Countries::load(), us("1 Microsoft Way", "Redmond", "WA", "98052"));
        assert_eq!(result.status, AddressStatus::Verified);
        assert!(result.suggested_addresses.is_empty());
    }

    #[test]
    fn state_name_spacing_and_case_are_corrected() {
        let result = validate(&Countries::load(), us("1  microsoft way", "redmond", "Washington", "9805 2"));
        assert_eq!(result.status, AddressStatus::StreetPartial);
        assert_eq!(result.suggested_addresses, vec![us("1 Microsoft Way", "Redmond", "WA", "98052")]);
    }

    #[test]
    fn ambiguous_state_gives_up_to_three_suggestions() {
        let result = validate(&Countries::load(), us("1 Main St", "Springfield", "New", "12345"));
        assert_eq!(result.status, AddressStatus::Multiple);
        assert_eq!(result.suggested_addresses.len(), 3);
    }

    #[test]
    fn invalid_postal_code_and_missing_fields_are_reported() {
        assert_eq!(validate(&Countries::load(), us("1 Main St", "Seattle", "WA", "ABCDE")).status, AddressStatus::None);
        assert_eq!(validate(&Countries::load(), us("1 Main St", "", "WA", "98052")).status, AddressStatus::InteractionRequired);
        let gb = PostalAddress { state: None, postal_code: Some("sw1a1aa".into()), country: "GB".into(), ..us("10 Downing St", "London", "", "") };
        assert_eq!(validate(&Countries::load(), gb).suggested_addresses[0].postal_code.as_deref(), Some("SW1A 1AA"));
    }
}
