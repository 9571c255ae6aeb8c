//! Unicode case mapping for the rules that need it: names, postal codes,
//! domain prefixes, search. Natively it is the standard library's. With the
//! feature `host-case` (the browser app) the host installs its own at start:
//! a JS engine implements the same Unicode default case mapping, and core's
//! case tables (~7 KB brotli with their code) stay out of the WebAssembly.

/// A host's case mapping of whole strings (Unicode default, no locale).
#[derive(Clone, Copy)]
pub struct CaseMapping {
    pub lower: fn(&str) -> String,
    pub upper: fn(&str) -> String,
}

#[cfg(feature = "host-case")]
static HOST: std::sync::OnceLock<CaseMapping> = std::sync::OnceLock::new();

/// Installs the host's mapping (the first one stays). Without the feature
/// the standard library's is used and this does nothing.
pub fn install(mapping: CaseMapping) {
    #[cfg(feature = "host-case")]
    {
        let _ = HOST.set(mapping);
    }
    #[cfg(not(feature = "host-case"))]
    let _ = mapping;
}

/// `str::to_lowercase` (with the final-sigma rule).
pub fn to_lowercase(text: &str) -> String {
    #[cfg(feature = "host-case")]
    {
        // Until a host installs its mapping only ASCII letters change; the
        // browser app installs it when its module starts.
        HOST.get().map_or_else(|| text.to_ascii_lowercase(), |host| (host.lower)(text))
    }
    #[cfg(not(feature = "host-case"))]
    {
        text.to_lowercase()
    }
}

/// `str::to_uppercase`.
pub fn to_uppercase(text: &str) -> String {
    #[cfg(feature = "host-case")]
    {
        HOST.get().map_or_else(|| text.to_ascii_uppercase(), |host| (host.upper)(text))
    }
    #[cfg(not(feature = "host-case"))]
    {
        text.to_uppercase()
    }
}

/// Every char lower-cased on its own (`char::to_lowercase`): no final sigma,
/// so "ΣΣΣ" is "σσσ". The only context-dependent rule of the default
/// lowercase mapping is Final_Sigma, so mapping 'Σ' first and the rest as a
/// string gives the same result.
pub fn to_lowercase_each(text: &str) -> String {
    if text.contains('Σ') {
        to_lowercase(&text.replace('Σ', "σ"))
    } else {
        to_lowercase(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_char_on_its_own_is_char_to_lowercase() {
        for text in ["ΟΔΟΣ", "ΣΣΣ", "Σ", "AΣ B", "İstanbul", "STRASSE", "Ωmega Σ.", "ÅÄÖ ab", "K"] {
            let expected: String = text.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(to_lowercase_each(text), expected, "{text}");
        }
    }

    #[test]
    fn strings_map_as_the_standard_library_does() {
        assert_eq!(to_lowercase("ΟΔΟΣ"), "οδος");
        assert_eq!(to_uppercase("straße"), "STRASSE");
    }
}
