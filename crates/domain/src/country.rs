//! Per-country address rules, shaped like Partner Center's
//! `countryvalidationrules` resource (with a few documented extensions).
//! The data itself is generated (see `crates/domain/data/`) and served by the
//! server; the browser fetches only the country it needs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CountryRules {
    pub iso2_code: String,
    pub default_culture: String,
    pub is_state_required: bool,
    /// State codes (what goes into `defaultAddress.state`).
    pub supported_states_list: Vec<String>,
    pub supported_languages_list: Vec<String>,
    pub supported_cultures_list: Vec<String>,
    pub is_postal_code_required: bool,
    pub postal_code_regex: Option<String>,
    pub is_city_required: bool,
    pub is_vat_id_supported: bool,
    pub tax_id_format: Option<String>,
    pub vat_id_regex: Option<String>,
    pub phone_number_regex: Option<String>,
    pub is_tax_id_supported: bool,
    pub is_tax_id_optional: bool,
    pub country_calling_codes_list: Vec<String>,
    // Extensions beyond Partner Center's shape, used by the wizard:
    /// Display names for `supported_states_list`, same order.
    pub supported_state_names: Vec<String>,
    /// Example postal codes to show as a hint.
    pub postal_code_examples: Vec<String>,
    pub is_organization_registration_number_required: bool,
    pub organization_registration_number_regex: Option<String>,
    pub is_phone_number_required: bool,
}

/// Countries where Partner Center requires an organization registration
/// number (and then a phone number too).
pub const ORG_REGISTRATION_REQUIRED: &[&str] = &[
    "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "IN", "BR", "ZA", "PL", "AE",
    "SA", "TR", "TH", "VN", "MM", "IQ", "SS", "VE",
];
