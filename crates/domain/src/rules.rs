//! Single-field rules. Each returns `Err(Message)` with a code, never text.

use crate::issue::Message;

pub const MAX_NAME: u32 = 50;
pub const MAX_ADDRESS_LINE: u32 = 200;
pub const MAX_COMPANY_NAME: u32 = 200;
pub const MAX_CITY: u32 = 100;
pub const MAX_EMAIL: u32 = 254;
pub const MAX_DOMAIN_PREFIX: u32 = 27;
pub const MAX_ORG_REGISTRATION: u32 = 50;

pub fn required(value: &str) -> Result<(), Message> {
    if value.trim().is_empty() { Err(Message::Required) } else { Ok(()) }
}

pub fn max_len(value: &str, max: u32) -> Result<(), Message> {
    if value.trim().chars().count() > max as usize { Err(Message::TooLong { max }) } else { Ok(()) }
}

/// Letters (a–z) and digits only, at most 27 characters. Stored lower-case.
pub fn domain_prefix(value: &str) -> Result<(), Message> {
    let v = value.trim();
    required(v)?;
    if !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Message::InvalidDomainPrefix);
    }
    max_len(v, MAX_DOMAIN_PREFIX)
}

/// The WHATWG "valid e-mail address" grammar (what `<input type=email>` checks),
/// plus a dot in the domain: small, and the same verdict in every browser.
pub fn email(value: &str) -> Result<(), Message> {
    let v = value.trim();
    required(v)?;
    max_len(v, MAX_EMAIL)?;
    let (local, domain) = v.rsplit_once('@').ok_or(Message::InvalidEmail)?;
    let local_ok = !local.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels_ok = domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if local_ok && labels_ok { Ok(()) } else { Err(Message::InvalidEmail) }
}

/// International phone numbers as people type them: an optional leading `+`,
/// digits, spaces, dots, hyphens and parentheses; 6 to 15 digits (E.164).
pub fn phone(value: &str) -> Result<(), Message> {
    let v = value.trim();
    required(v)?;
    let body = v.strip_prefix('+').unwrap_or(v);
    let shape_ok = body.chars().all(|c| c.is_ascii_digit() || " .-()".contains(c));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if shape_ok && (6..=15).contains(&digits) { Ok(()) } else { Err(Message::InvalidPhone) }
}

/// A whole, positive number of licenses.
pub fn quantity(value: &str) -> Result<u32, Message> {
    let v = value.trim();
    required(v)?;
    if !v.chars().all(|c| c.is_ascii_digit()) {
        return Err(Message::InvalidQuantity);
    }
    v.parse::<u32>().map_err(|_| Message::InvalidQuantity)
}

/// "Do not use test names." Whole words only, so "Testa Foods AB" passes.
pub fn not_test_name(value: &str) -> Result<(), Message> {
    const TEST_WORDS: &[&str] = &[
        "test", "tests", "testing", "tester", "demo", "sample", "dummy", "fake", "asdf", "qwerty",
        "foo", "bar", "foobar", "baz", "xxx", "xx", "lorem", "ipsum", "example", "placeholder", "abc",
        "aaa", "zzz", "tbd", "n/a", "none", "null", "temp",
    ];
    let lower = value.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let squashed: String = words.concat();
    let is_test_word = |w: &str| TEST_WORDS.contains(&w) || w.chars().all(|c| c == 'x') && w.len() >= 2;
    if words.iter().any(|w| is_test_word(w))
        || ["loremipsum", "asdf", "qwerty", "testtest"].iter().any(|t| squashed.contains(t))
    {
        Err(Message::TestName)
    } else {
        Ok(())
    }
}

/// "Use the exact legal name; avoid acronyms or short forms." A heuristic, so
/// it is a warning the user can acknowledge: all-caps short words, names made
/// only of initials, or abbreviations like "Corp" and "Intl".
pub fn looks_like_acronym(value: &str) -> bool {
    const SHORT_FORMS: &[&str] = &["corp", "intl", "mfg", "assn", "bros", "dept", "svcs", "tech"];
    let words: Vec<&str> = value.split_whitespace().collect();
    if words.is_empty() {
        return false;
    }
    let is_initials = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.len() <= 5 && letters.iter().all(|c| c.is_uppercase())
    };
    let has_cased_letters = value.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let only_initials = has_cased_letters && words.iter().all(|w| is_initials(w) || LEGAL_SUFFIXES.contains(&w.trim_end_matches('.').to_lowercase().as_str()));
    let short_form = words.iter().any(|w| SHORT_FORMS.contains(&w.trim_end_matches('.').to_lowercase().as_str()));
    let first_is_acronym = words.len() <= 2 && is_initials(words[0]) && words[0].chars().filter(|c| c.is_alphabetic()).count() >= 2;
    only_initials || short_form || first_is_acronym
}

/// Legal-form suffixes that are part of an exact legal name, not short forms.
const LEGAL_SUFFIXES: &[&str] = &["ab", "ag", "as", "bv", "gmbh", "inc", "llc", "ltd", "nv", "oy", "plc", "sa", "sarl", "spa", "srl", "co", "kg", "kft", "sp", "z", "o.o", "pty", "ltda", "oao", "ooo", "pvt"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_prefix_rules() {
        assert!(domain_prefix("contoso2024").is_ok());
        assert_eq!(domain_prefix(""), Err(Message::Required));
        assert_eq!(domain_prefix("con-toso"), Err(Message::InvalidDomainPrefix));
        assert_eq!(domain_prefix("contosö"), Err(Message::InvalidDomainPrefix));
        assert_eq!(domain_prefix(&"a".repeat(28)), Err(Message::TooLong { max: 27 }));
        assert!(domain_prefix(&"a".repeat(27)).is_ok());
    }

    #[test]
    fn email_rules() {
        for ok in ["anna@contoso.com", "a.b+c@sub.contoso.co.uk", "o'brien@example.ie"] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in ["", "anna", "anna@", "@contoso.com", "anna@contoso", "an na@contoso.com", "anna@-contoso.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_rules() {
        assert!(phone("+46 8 123 456 78").is_ok());
        assert!(phone("(425) 555-0100").is_ok());
        assert_eq!(phone("12345"), Err(Message::InvalidPhone));
        assert_eq!(phone("call me"), Err(Message::InvalidPhone));
    }

    #[test]
    fn test_names_are_errors_and_real_names_pass() {
        for bad in ["Test", "TEST Company", "Demo Ltd", "asdf", "Qwerty AB", "Lorem Ipsum", "xxx", "Foo Bar", "Sample Inc"] {
            assert_eq!(not_test_name(bad), Err(Message::TestName), "{bad}");
        }
        for good in ["Testa Foods AB", "Demos Consulting", "Åsa Öberg", "O'Brien-Smith", "李雷", "José Ñúñez", "Contoso Ltd"] {
            assert!(not_test_name(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn acronym_heuristic() {
        for warn in ["ACME", "IBM Corp", "A.B.C.", "HP"] {
            assert!(looks_like_acronym(warn), "{warn}");
        }
        for fine in ["Contoso Ltd", "Testa Foods AB", "Fabrikam, Inc.", "李雷科技有限公司", "Åsa Öberg Konsult AB"] {
            assert!(!looks_like_acronym(fine), "{fine}");
        }
    }
}
