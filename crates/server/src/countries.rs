//! Where the server gets country rules from: the domain crate's generated
//! data set (feature `country-data`), the same rules the wizard fetches.

use customer_domain::country::{self, CountryRules};

/// Country rules by ISO 3166-1 alpha-2 code.
pub struct Countries {
    all: &'static [CountryRules],
}

impl Countries {
    pub fn load() -> Self {
        Self { all: country::all() }
    }

    /// Case-insensitive lookup.
    pub fn rules_for(&self, iso2: &str) -> Option<&'static CountryRules> {
        country::rules_for(iso2)
    }

    /// Every supported code, sorted.
    pub fn codes(&self) -> Vec<String> {
        self.all.iter().map(|r| r.iso2_code.clone()).collect()
    }
}
