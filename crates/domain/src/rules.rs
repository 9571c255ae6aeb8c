//! Single-field rules. Each returns `Err(Message)` with a code, never text.

use crate::country::CountryRules;
use crate::issue::Message;
use crate::pattern::PatternMatcher;
use crate::text;

pub const MAX_NAME: u32 = 50;
pub const MAX_ADDRESS_LINE: u32 = 200;
pub const MAX_COMPANY_NAME: u32 = 200;
pub const MAX_CITY: u32 = 100;
pub const MAX_EMAIL: u32 = 254;
pub const MAX_DOMAIN_PREFIX: u32 = 27;
pub const MAX_ORG_REGISTRATION: u32 = 50;
/// Longer than any state or province name in the country data.
pub const MAX_STATE: u32 = 100;
/// Real postal codes have at most 10 characters; room for spacing.
pub const MAX_POSTAL_CODE: u32 = 20;
/// 15 digits (E.164) with room for spacing, dots, hyphens and parentheses.
pub const MAX_PHONE: u32 = 30;

/// Characters that show nothing: white space, controls, format characters
/// (zero-width space and joiners, bidi marks, the BOM, soft hyphen, tags) and
/// the blank "filler" letters. A value of only these is empty to the reader.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// Characters a name or an address line must not hold: control characters
/// (NUL, line breaks, tabs, DEL, C1) and the bidi embeddings, overrides and
/// isolates that make text display in another order than it is stored
/// ("Trojan Source"). The left-to-right and right-to-left marks stay allowed:
/// right-to-left names need them.
pub fn is_forbidden_in_text(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// "Required" means at least one visible character.
pub fn required(value: &str) -> Result<(), Message> {
    if value.chars().all(is_invisible) { Err(Message::Required) } else { Ok(()) }
}

/// No control characters or bidi overrides (see [`is_forbidden_in_text`]).
pub fn plain_text(value: &str) -> Result<(), Message> {
    if value.chars().any(is_forbidden_in_text) { Err(Message::InvalidCharacters) } else { Ok(()) }
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
    max_len(v, MAX_PHONE)?;
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

/// Words that mark a made-up value wherever they stand as a whole word
/// ("Test Company", "demo2024", "Teste Ltda"), in several languages.
const TEST_WORDS: &[&str] = &[
    "test", "teste", "testes", "demo", "dummy", "asdf", "asdfgh", "asdfghjkl", "qwerty", "qwertz",
    "azerty", "foobar", "lorem", "ipsum", "placeholder", "prueba", "mustermann", "testtest",
];

/// Words real names contain ("Sushi Bar AB", "Chee Meng Foo", "ABC Supply")
/// but that are a placeholder when a name is made of nothing else ("Foo Bar",
/// "Sample Inc", "Company Name", "N/A").
const PLACEHOLDER_WORDS: &[&str] = &[
    "foo", "bar", "baz", "qux", "sample", "example", "exemplo", "ejemplo", "exemple", "beispiel",
    "temp", "fake", "none", "null", "na", "tbd", "abc", "xyz", "xx", "company", "customer", "name",
    "firstname", "lastname", "user", "admin", "tests", "testing", "tester", "my", "your", "new",
    "john", "jane", "doe",
];

/// Typed without spaces these are test values too: "T E S T", "LoremIpsum", "asdfjkl".
const TEST_FRAGMENTS: &[&str] = &["loremipsum", "asdf", "qwert", "testtest"];

/// Whole values that are placeholders once spacing and punctuation go: "N/A",
/// "First Name". Not every placeholder word: "A.B.C." is initials, not "abc".
const SQUASHED_PLACEHOLDERS: &[&str] = &["na", "none", "null", "tbd", "firstname", "lastname", "companyname", "yourname", "yourcompany"];

/// Lower-cased words of a name: split on anything but letters and digits and
/// at camel-case humps ("TestCompany"), trailing digits dropped ("test123").
fn name_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if (!c.is_alphanumeric() || (c.is_uppercase() && prev_lower)) && !current.is_empty() {
            words.push(text::to_lowercase_each(&std::mem::take(&mut current)));
        }
        if c.is_alphanumeric() {
            current.push(c);
        }
        prev_lower = c.is_lowercase();
    }
    if !current.is_empty() {
        words.push(text::to_lowercase_each(&current));
    }
    words
        .into_iter()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// "aaa", "zzzz": one letter repeated.
fn is_letter_run(word: &str, min: usize) -> bool {
    let mut chars = word.chars();
    let first = chars.next();
    word.chars().count() >= min && first.is_some_and(|f| f.is_alphabetic() && chars.all(|c| c == f))
}

fn is_test_word(word: &str) -> bool {
    TEST_WORDS.contains(&word) || (word.starts_with('x') && is_letter_run(word, 3))
}

fn is_placeholder_word(word: &str) -> bool {
    PLACEHOLDER_WORDS.contains(&word) || is_letter_run(word, 2)
}

/// True when the value is a test or placeholder name: a test word anywhere, a
/// test fragment with spacing removed, or nothing but placeholder words.
fn is_test_value(value: &str) -> bool {
    let words = name_words(value);
    let squashed: String = words.concat();
    if words.iter().any(|w| is_test_word(w))
        || TEST_FRAGMENTS.iter().any(|f| squashed.contains(f))
        || is_test_word(&squashed)
        || SQUASHED_PLACEHOLDERS.contains(&squashed.as_str())
    {
        return true;
    }
    // Legal forms and single letters ("Foo Inc", "N/A") don't make a name real.
    let neutral = |w: &str| w.chars().count() == 1 || LEGAL_SUFFIXES.contains(&w);
    words.iter().any(|w| is_placeholder_word(w)) && words.iter().all(|w| is_placeholder_word(w) || neutral(w))
}

/// "Do not use test names." Whole words only, so "Testa Foods AB" and
/// "Demos Consulting" pass; case- and spacing-insensitive, so "T E S T" doesn't.
pub fn not_test_name(value: &str) -> Result<(), Message> {
    if is_test_value(value) { Err(Message::TestName) } else { Ok(()) }
}

/// A person's name is judged whole: "Bar" and "Foo" are real given and family
/// names, so only a full name made of placeholders ("Foo Bar", "John Doe") or
/// containing a test word fails. Returns which of (first, last) to flag.
pub fn test_person_name(first: &str, last: &str) -> (bool, bool) {
    let full = format!("{first} {last}");
    if !is_test_value(&full) {
        return (false, false);
    }
    let (in_first, in_last) = (is_test_value(first) || name_words(first).iter().any(|w| is_test_word(w)),
                               is_test_value(last) || name_words(last).iter().any(|w| is_test_word(w)));
    if in_first || in_last { (in_first, in_last) } else { (true, true) }
}

/// Test addresses: a domain reserved for examples and testing (RFC 2606 /
/// RFC 6761), which can never receive mail, or a test local part
/// (`test@…`, `demo.user@…`). The domain is judged first: it is the reason
/// the address cannot work, whatever the local part.
pub fn not_test_email(value: &str) -> Result<(), Message> {
    let v = value.trim().trim_end_matches('.').to_ascii_lowercase();
    let Some((local, domain)) = v.rsplit_once('@') else { return Ok(()) };
    if is_reserved_domain(domain) { Err(Message::ExampleEmailDomain) } else { not_test_name(local) }
}

/// `example.com`/`.net`/`.org` and their subdomains (RFC 2606 §3), and the
/// reserved top-level names `.example`, `.test`, `.invalid`, `.localhost`
/// (RFC 2606 §2, RFC 6761 §6), the bare names included.
fn is_reserved_domain(domain: &str) -> bool {
    const SECOND_LEVEL: &[&str] = &["example.com", "example.net", "example.org"];
    const TOP_LEVEL: &[&str] = &["example", "test", "invalid", "localhost"];
    let under = |name: &str| domain == name || domain.ends_with(&format!(".{name}"));
    SECOND_LEVEL.iter().any(|d| under(d)) || TOP_LEVEL.iter().any(|d| under(d))
}

/// "Use the exact legal name; avoid acronyms or short forms." A heuristic, so
/// it is a warning the user can acknowledge: names made only of initials
/// ("ACME", "A.B.C.", "SAP SE"), an acronym plus one word ("IBM Corp"), or
/// abbreviations such as "Corp" and "Intl".
pub fn looks_like_acronym(value: &str) -> bool {
    const SHORT_FORMS: &[&str] = &["corp", "intl", "mfg", "assn", "bros", "dept", "svcs", "mgmt", "natl", "hldgs", "grp", "assoc"];
    let words: Vec<&str> = value.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).collect::<Vec<char>>();
    let normalized = |w: &str| text::to_lowercase_each(&letters(w).into_iter().collect::<String>());
    if words.iter().any(|w| SHORT_FORMS.contains(&normalized(w).as_str())) {
        return true;
    }
    // All capitals with a long word is caps lock, not an acronym: "VOLVO CAR CORPORATION".
    let caps_lock = !value.chars().any(char::is_lowercase) && words.iter().any(|w| letters(w).len() >= 6);
    if caps_lock {
        return false;
    }
    let is_initials = |w: &str| {
        let l = letters(w);
        !l.is_empty() && l.len() <= 5 && l.iter().all(|c| c.is_uppercase())
    };
    // Legal forms belong to the exact legal name: "AB Volvo" is not an acronym.
    let core: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !letters(w).is_empty() && !LEGAL_SUFFIXES.contains(&normalized(w).as_str()))
        .collect();
    let Some(first) = core.first() else { return false };
    let only_initials = core.iter().all(|w| is_initials(w));
    let acronym_plus_one = core.len() == 2 && is_initials(first) && letters(first).len() >= 2;
    only_initials || acronym_plus_one
}

/// Legal-form words (letters only, lower-case) that are part of an exact legal
/// name, not short forms: "AB", "GmbH", "Sp. z o.o." ("sp", "z", "oo"), …
const LEGAL_SUFFIXES: &[&str] = &[
    "ab", "ag", "as", "asa", "aps", "bv", "gmbh", "inc", "llc", "llp", "lp", "ltd", "nv", "oy", "oyj",
    "plc", "sa", "sas", "sarl", "spa", "srl", "co", "kg", "kgaa", "kft", "sp", "z", "oo", "pty",
    "ltda", "oao", "ooo", "pvt", "se", "sro", "bhd", "sdn", "kk", "pte", "ug", "ev", "sl", "ao",
    "jsc", "pjsc", "tov", "ptyltd", "eirl", "sae", "zrt", "nyrt", "bt", "doo", "ad", "ead", "hf",
    "ehf", "ou", "uab", "sia", "scs", "snc", "cv", "sc", "spzoo", "spk",
    // Cyrillic forms: ООО Ромашка, ТОВ Нова Пошта.
    "ооо", "оао", "зао", "пао", "ао", "тов", "ип", "ту",
];

/// Postal code against the country's pattern, as Partner Center checks it
/// (upper-cased: "sw1a 1aa" is the same code as "SW1A 1AA").
pub fn postal_code(country: &CountryRules, value: &str, matcher: &dyn PatternMatcher) -> Result<(), Message> {
    let v = value.trim();
    if v.is_empty() {
        return if country.is_postal_code_required { Err(Message::Required) } else { Ok(()) };
    }
    plain_text(v)?;
    max_len(v, MAX_POSTAL_CODE)?;
    match &country.postal_code_regex {
        Some(pattern) if !matcher.is_full_match(pattern, &text::to_uppercase(v)) => {
            Err(Message::InvalidPostalCode { example: country.postal_code_examples.first().cloned() })
        }
        _ => Ok(()),
    }
}

/// Organization registration number where the country requires one: present,
/// not too long, and in the country's format where we know it (upper-cased).
pub fn organization_registration_number(
    country: &CountryRules,
    value: &str,
    matcher: &dyn PatternMatcher,
) -> Result<(), Message> {
    if !country.is_organization_registration_number_required {
        return Ok(());
    }
    let v = value.trim();
    required(v)?;
    plain_text(v)?;
    max_len(v, MAX_ORG_REGISTRATION)?;
    match &country.organization_registration_number_regex {
        Some(pattern) if !matcher.is_full_match(pattern, &text::to_uppercase(v)) => {
            Err(Message::InvalidOrganizationRegistrationNumber)
        }
        _ => Ok(()),
    }
}

/// Culture (`sv-SE`) and language (`sv`) of the billing profile: empty (the
/// country's default is sent) or one of the country's supported values.
pub fn culture(country: &CountryRules, value: &str) -> Result<(), Message> {
    one_of(&country.supported_cultures_list, value, Message::InvalidCulture)
}

pub fn language(country: &CountryRules, value: &str) -> Result<(), Message> {
    one_of(&country.supported_languages_list, value, Message::InvalidLanguage)
}

fn one_of(list: &[String], value: &str, message: Message) -> Result<(), Message> {
    let v = value.trim();
    if v.is_empty() || list.is_empty() || list.iter().any(|item| item.eq_ignore_ascii_case(v)) { Ok(()) } else { Err(message) }
}

/// State where the country has one: required if the country says so, and one
/// of its codes where it has a list.
pub fn state(country: &CountryRules, value: &str) -> Result<(), Message> {
    let v = value.trim();
    if v.is_empty() {
        return if country.is_state_required { Err(Message::Required) } else { Ok(()) };
    }
    plain_text(v)?;
    max_len(v, MAX_STATE)?;
    if !country.supported_states_list.is_empty() && !country.supported_states_list.iter().any(|s| s == v) {
        return Err(Message::InvalidState);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_means_a_visible_character() {
        for empty in ["", "   ", "\u{200B}\u{200B}", "\u{0000}", "\t\n", "\u{FEFF}", "\u{3164}", "\u{202E}\u{2066}", "\u{00A0}\u{2003}"] {
            assert_eq!(required(empty), Err(Message::Required), "{empty:?}");
        }
        for visible in ["a", " Å ", "\u{200B}x", "李", "🙂", "-"] {
            assert!(required(visible).is_ok(), "{visible:?}");
        }
    }

    #[test]
    fn controls_and_bidi_overrides_are_refused_in_text() {
        for bad in ["Con\u{0000}toso", "Line\nbreak", "Tab\there", "\u{202E}osotnoC", "a\u{2066}b\u{2069}", "del\u{7F}", "c1\u{85}"] {
            assert_eq!(plain_text(bad), Err(Message::InvalidCharacters), "{bad:?}");
        }
        for good in ["Contoso Ltd", "O'Brien-Smith", "שלום\u{200F} Ltd", "Zoë & Co.", "क्ष\u{200D}"] {
            assert!(plain_text(good).is_ok(), "{good:?}");
        }
    }

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
    fn reserved_email_domains_have_their_own_message() {
        for reserved in [
            "ada@northwind.example", "ada@example.com", "ADA@Example.COM", "ada@mail.example.org", "ada@example.net",
            "ada@contoso.test", "ada@contoso.invalid", "ada@localhost", "ada@intranet.localhost", "ada@example.com.",
            "test@example.com",
        ] {
            assert_eq!(not_test_email(reserved), Err(Message::ExampleEmailDomain), "{reserved}");
        }
        for real in ["ada@northwind.com", "ada@myexample.com", "ada@example.com.au", "ada@testfoods.se", "ada@contoso.tests"] {
            assert!(not_test_email(real).is_ok(), "{real}");
        }
        assert_eq!(not_test_email("test@northwind.com"), Err(Message::TestName));
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
