//! Problems found in a draft: a field path, a severity and a message code with
//! parameters. The browser app turns codes into text in the user's language.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    /// Blocks the step until the user acknowledges it (see `CustomerDraft::acknowledged`).
    Warning,
}

/// A message code and its parameters, e.g. `{"code":"too_long","params":{"max":50}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Message {
    Required,
    TooLong { max: u32 },
    InvalidEmail,
    InvalidPhone,
    /// Domain prefix: letters and digits only.
    InvalidDomainPrefix,
    DomainTaken,
    InvalidCountry,
    CountryNotAllowed,
    /// A value that must match the country's pattern; `example` shows a valid one.
    InvalidPostalCode { example: Option<String> },
    InvalidState,
    InvalidOrganizationRegistrationNumber,
    InvalidDate,
    DateInFuture,
    AgreementNotAccepted,
    /// "Do not use test names": test, demo, sample, asdf, …
    TestName,
    /// An email address at a domain reserved for examples and testing
    /// (RFC 2606 / RFC 6761): it can never receive mail.
    ExampleEmailDomain,
    /// "Use the exact legal name, avoid acronyms or short forms" (a warning).
    AcronymOrShortForm,
    InvalidQuantity,
    /// Partner Center refused the number of licenses for the offer (its
    /// errors 2002 and 800017), though it passed the limits the wizard knew.
    QuantityNotAllowed,
    QuantityOutOfRange { min: u32, max: u32 },
    UnknownOffer,
    DuplicateOffer,
    MissingPrerequisite { offer_ids: Vec<String> },
    NoSubscriptions,
    ResellerRequired,
    UnknownReseller,
    /// The reseller has not signed the Microsoft Partner Agreement, so
    /// Partner Center takes no order for it (its error 900123).
    ResellerWithoutPartnerAgreement,
    /// A control character (NUL, line break, …) or a bidi override in a name or address.
    InvalidCharacters,
    /// Not one of the country's cultures (`account.culture`).
    InvalidCulture,
    /// Not one of the country's languages (`account.language`).
    InvalidLanguage,
    /// More line items than one order may hold.
    TooManyLineItems { max: u32 },
    /// The offers have no billing cycle in common, or the order's is not theirs.
    InvalidBillingCycle,
}

/// Read by hand (see [`FieldIssue::from_value`]), written by the derive: the
/// derived reader of a flattened, adjacently tagged enum buffers every issue
/// through serde's generic `Content` and was the largest serde code in the
/// browser's first load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldIssue {
    /// Dotted path into the draft, e.g. `account.address.postalCode`.
    pub field: String,
    pub severity: Severity,
    #[serde(flatten)]
    pub message: Message,
}

impl FieldIssue {
    pub fn error(field: impl Into<String>, message: Message) -> Self {
        Self { field: field.into(), severity: Severity::Error, message }
    }
    pub fn warning(field: impl Into<String>, message: Message) -> Self {
        Self { field: field.into(), severity: Severity::Warning, message }
    }
}

// ---- reading an issue ----
//
// `{"field":…,"severity":…,"code":"too_long","params":{"max":50}}`: the
// code may come after its parameters, so an issue is read once into a small
// tree of what it can hold, then judged. Anything else (a wrong type, an
// unknown code, a missing parameter, parameters on a code that takes none)
// is not an issue: an error for `FieldIssue::deserialize`, a skipped item
// for [`issues_skipping_others`]. The one shape the derive read and this does
// not: a severity written as a one-member object (`{"error":null}`).

/// A value of an issue as read. Containers deeper than an issue goes
/// (issue ▸ params ▸ offer_ids ▸ id) are skipped, not read. Public so that
/// a reader that already holds the document as a tree (the browser app's)
/// judges its items by the same rules ([`FieldIssue::from_value`]).
#[derive(Debug)]
pub enum Value {
    Null,
    Text(String),
    /// A non-negative integer (what a `u32` parameter may be).
    Whole(u64),
    /// Anything an issue never holds (booleans, other numbers, deep containers).
    Other,
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// Reads one [`Value`] at a depth.
#[derive(Clone, Copy)]
struct Read(u8);

/// Issue, params, offer_ids: the containers an issue has; one at this
/// depth (the issue is at 0) is [`Value::Other`].
pub const CONTAINER_DEPTH: u8 = 3;

impl<'de> DeserializeSeed<'de> for Read {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Read {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field issue")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(u64::try_from(n).map_or(Value::Other, Value::Whole))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Whole(n))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Text(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Text(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.0 >= CONTAINER_DEPTH {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Value::Other);
        }
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Read(self.0 + 1))? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.0 >= CONTAINER_DEPTH {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Value::Other);
        }
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value_seed(Read(self.0 + 1))?));
        }
        Ok(Value::Map(members))
    }
}

/// An object's member; `Err` when the key is there twice (as serde's derive).
fn member<'a>(members: &'a [(String, Value)], key: &str) -> Result<Option<&'a Value>, ()> {
    let mut found = members.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
    let first = found.next();
    if found.next().is_some() { Err(()) } else { Ok(first) }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    }
}

fn number(value: Option<&Value>) -> Option<u32> {
    match value {
        Some(Value::Whole(n)) => u32::try_from(*n).ok(),
        _ => None,
    }
}

impl FieldIssue {
    /// The issue a read value is, if it is one.
    pub fn from_value(value: &Value) -> Option<FieldIssue> {
        let Value::Map(members) = value else { return None };
        let get = |key| member(members, key).ok();
        let field = text(get("field")?)?;
        let severity = match text(get("severity")?)?.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => return None,
        };
        let code = text(get("code")?)?;
        let message = Message::from_code(&code, get("params")?)?;
        Some(FieldIssue { field, severity, message })
    }
}

impl Message {
    /// The message `code` names with its `params` (a code without
    /// parameters takes none, or `null`).
    fn from_code(code: &str, params: Option<&Value>) -> Option<Message> {
        let unit = |message| matches!(params, None | Some(Value::Null)).then_some(message);
        let members = match params {
            Some(Value::Map(members)) => &members[..],
            _ => &[],
        };
        let has_params = matches!(params, Some(Value::Map(_)));
        let get = |key| member(members, key).ok();
        let with_params = |message: Option<Message>| if has_params { message } else { None };
        let number_param = |key| number(get(key)?);
        Some(match code {
            "required" => unit(Message::Required)?,
            "too_long" => with_params(number_param("max").map(|max| Message::TooLong { max }))?,
            "invalid_email" => unit(Message::InvalidEmail)?,
            "invalid_phone" => unit(Message::InvalidPhone)?,
            "invalid_domain_prefix" => unit(Message::InvalidDomainPrefix)?,
            "domain_taken" => unit(Message::DomainTaken)?,
            "invalid_country" => unit(Message::InvalidCountry)?,
            "country_not_allowed" => unit(Message::CountryNotAllowed)?,
            "invalid_postal_code" => {
                let example = match get("example")? {
                    None | Some(Value::Null) => None,
                    Some(Value::Text(s)) => Some(s.clone()),
                    Some(_) => return None,
                };
                with_params(Some(Message::InvalidPostalCode { example }))?
            }
            "invalid_state" => unit(Message::InvalidState)?,
            "invalid_organization_registration_number" => unit(Message::InvalidOrganizationRegistrationNumber)?,
            "invalid_date" => unit(Message::InvalidDate)?,
            "date_in_future" => unit(Message::DateInFuture)?,
            "agreement_not_accepted" => unit(Message::AgreementNotAccepted)?,
            "test_name" => unit(Message::TestName)?,
            "example_email_domain" => unit(Message::ExampleEmailDomain)?,
            "acronym_or_short_form" => unit(Message::AcronymOrShortForm)?,
            "invalid_quantity" => unit(Message::InvalidQuantity)?,
            "quantity_not_allowed" => unit(Message::QuantityNotAllowed)?,
            "quantity_out_of_range" => {
                let (min, max) = (number_param("min"), number_param("max"));
                with_params(min.zip(max).map(|(min, max)| Message::QuantityOutOfRange { min, max }))?
            }
            "unknown_offer" => unit(Message::UnknownOffer)?,
            "duplicate_offer" => unit(Message::DuplicateOffer)?,
            "missing_prerequisite" => {
                let Some(Value::List(items)) = get("offer_ids")? else { return None };
                let offer_ids = items.iter().map(|item| text(Some(item))).collect::<Option<Vec<_>>>()?;
                with_params(Some(Message::MissingPrerequisite { offer_ids }))?
            }
            "no_subscriptions" => unit(Message::NoSubscriptions)?,
            "reseller_required" => unit(Message::ResellerRequired)?,
            "unknown_reseller" => unit(Message::UnknownReseller)?,
            "reseller_without_partner_agreement" => unit(Message::ResellerWithoutPartnerAgreement)?,
            "invalid_characters" => unit(Message::InvalidCharacters)?,
            "invalid_culture" => unit(Message::InvalidCulture)?,
            "invalid_language" => unit(Message::InvalidLanguage)?,
            "too_many_line_items" => with_params(number_param("max").map(|max| Message::TooManyLineItems { max }))?,
            "invalid_billing_cycle" => unit(Message::InvalidBillingCycle)?,
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for FieldIssue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Read(0).deserialize(deserializer)?;
        FieldIssue::from_value(&value).ok_or_else(|| de::Error::custom("not a field issue"))
    }
}

/// A list's field issues; items that are not one are skipped (an answer
/// from another version still yields what it can).
pub fn issues_skipping_others<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<FieldIssue>, D::Error> {
    struct Issues;
    impl<'de> Visitor<'de> for Issues {
        type Value = Vec<FieldIssue>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of field issues")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut issues = Vec::new();
            while let Some(item) = seq.next_element_seed(Read(0))? {
                issues.extend(FieldIssue::from_value(&item));
            }
            Ok(issues)
        }
    }
    deserializer.deserialize_seq(Issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derive this reader replaced, kept to compare the two on the same input.
    mod derived {
        use serde::{Deserialize, Serialize};

        #[derive(Debug, Serialize, Deserialize)]
        #[serde(tag = "code", content = "params", rename_all = "snake_case")]
        pub enum Message {
            Required,
            TooLong { max: u32 },
            InvalidEmail,
            InvalidPostalCode { example: Option<String> },
            QuantityOutOfRange { min: u32, max: u32 },
            MissingPrerequisite { offer_ids: Vec<String> },
            TooManyLineItems { max: u32 },
        }

        #[derive(Debug, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct FieldIssue {
            pub field: String,
            pub severity: super::Severity,
            #[serde(flatten)]
            pub message: Message,
        }

        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Item {
            Issue(FieldIssue),
            Other(serde::de::IgnoredAny),
        }

        pub fn list(text: &str) -> Option<Vec<FieldIssue>> {
            let items: Vec<Item> = serde_json::from_str(text).ok()?;
            Some(items.into_iter().filter_map(|i| if let Item::Issue(issue) = i { Some(issue) } else { None }).collect())
        }
    }

    /// Every message, with parameters where it has them.
    fn every_message() -> Vec<Message> {
        use Message::*;
        let all = vec![
            Required,
            TooLong { max: 50 },
            InvalidEmail,
            InvalidPhone,
            InvalidDomainPrefix,
            DomainTaken,
            InvalidCountry,
            CountryNotAllowed,
            InvalidPostalCode { example: Some("123 45".into()) },
            InvalidPostalCode { example: None },
            InvalidState,
            InvalidOrganizationRegistrationNumber,
            InvalidDate,
            DateInFuture,
            AgreementNotAccepted,
            TestName,
            ExampleEmailDomain,
            AcronymOrShortForm,
            InvalidQuantity,
            QuantityNotAllowed,
            QuantityOutOfRange { min: 1, max: 300 },
            UnknownOffer,
            DuplicateOffer,
            MissingPrerequisite { offer_ids: vec!["A".into(), "B".into()] },
            MissingPrerequisite { offer_ids: vec![] },
            NoSubscriptions,
            ResellerRequired,
            UnknownReseller,
            ResellerWithoutPartnerAgreement,
            InvalidCharacters,
            InvalidCulture,
            InvalidLanguage,
            TooManyLineItems { max: 100 },
            InvalidBillingCycle,
        ];
        // A new message fails to compile here until it is listed above (and read in `from_code`).
        for message in &all {
            match message {
                Required | TooLong { .. } | InvalidEmail | InvalidPhone | InvalidDomainPrefix | DomainTaken | InvalidCountry
                | CountryNotAllowed | InvalidPostalCode { .. } | InvalidState | InvalidOrganizationRegistrationNumber | InvalidDate
                | DateInFuture | AgreementNotAccepted | TestName | ExampleEmailDomain | AcronymOrShortForm | InvalidQuantity
                | QuantityNotAllowed | QuantityOutOfRange { .. } | UnknownOffer | DuplicateOffer | MissingPrerequisite { .. }
                | NoSubscriptions | ResellerRequired | UnknownReseller | ResellerWithoutPartnerAgreement | InvalidCharacters
                | InvalidCulture | InvalidLanguage | TooManyLineItems { .. } | InvalidBillingCycle => {}
            }
        }
        all
    }

    #[test]
    fn every_message_reads_back_as_written() {
        for message in every_message() {
            for issue in [FieldIssue::error("account.companyName", message.clone()), FieldIssue::warning("x", message.clone())] {
                let text = serde_json::to_string(&issue).unwrap();
                assert_eq!(serde_json::from_str::<FieldIssue>(&text).unwrap(), issue, "{text}");
                let list = format!("[{text},{text}]");
                let mut list = serde_json::Deserializer::from_str(&list);
                assert_eq!(issues_skipping_others(&mut list).unwrap(), vec![issue.clone(), issue.clone()], "{text}");
            }
        }
    }

    #[test]
    fn the_wire_format_is_unchanged() {
        let issue = FieldIssue::error("account.companyName", Message::TooLong { max: 50 });
        let text = r#"{"field":"account.companyName","severity":"error","code":"too_long","params":{"max":50}}"#;
        assert_eq!(serde_json::to_string(&issue).unwrap(), text);
        let missing = FieldIssue::warning("x", Message::MissingPrerequisite { offer_ids: vec!["A".into()] });
        let text = r#"{"field":"x","severity":"warning","code":"missing_prerequisite","params":{"offer_ids":["A"]}}"#;
        assert_eq!(serde_json::to_string(&missing).unwrap(), text);
        assert_eq!(serde_json::from_str::<FieldIssue>(text).unwrap(), missing);
        let required = r#"{"field":"x","severity":"error","code":"required"}"#;
        assert_eq!(serde_json::to_string(&FieldIssue::error("x", Message::Required)).unwrap(), required);
    }

    /// Items that are, or almost are, issues; each is judged as the derive did.
    const CASES: &[&str] = &[
        r#"{"field":"a","severity":"error","code":"required"}"#,
        r#"{"code":"required","severity":"warning","field":"a"}"#,
        r#"{"field":"a","severity":"error","code":"required","params":null}"#,
        r#"{"field":"a","severity":"error","code":"required","params":{}}"#,
        r#"{"field":"a","severity":"error","code":"required","params":{"max":5}}"#,
        r#"{"field":"a","severity":"error","code":"required","params":7}"#,
        r#"{"field":"a","severity":"error","code":"required","extra":{"deep":[[[[1]]]]}}"#,
        r#"{"field":"a","severity":"error","code":"no_such_code"}"#,
        r#"{"field":"a","severity":"error","code":"Required"}"#,
        r#"{"field":"a","severity":"error","code":0}"#,
        r#"{"field":"a","severity":0,"code":"required"}"#,
        r#"{"field":"a","severity":"error","code":"required","params":[]}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":[50]}"#,
        r#"{"field":"a","severity":"error"}"#,
        r#"{"field":"a","code":"required"}"#,
        r#"{"severity":"error","code":"required"}"#,
        r#"{"field":7,"severity":"error","code":"required"}"#,
        r#"{"field":"a","severity":"fatal","code":"required"}"#,
        r#"{"field":"a","severity":null,"code":"required"}"#,
        r#"{"field":"a","severity":"error","code":null}"#,
        r#"{"field":"a","severity":"error","code":"required","field":"b"}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":50}}"#,
        r#"{"params":{"max":50},"field":"a","severity":"error","code":"too_long"}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":50,"other":"x"}}"#,
        r#"{"field":"a","severity":"error","code":"too_long"}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":null}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":"50"}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":50.5}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":-1}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":4294967296}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":4294967295}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":null}}"#,
        r#"{"field":"a","severity":"error","code":"too_long","params":{"max":1,"max":2}}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code","params":{"example":"123 45"}}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code","params":{"example":null}}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code","params":{}}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code","params":{"example":5}}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code"}"#,
        r#"{"field":"a","severity":"error","code":"invalid_postal_code","params":null}"#,
        r#"{"field":"a","severity":"error","code":"quantity_out_of_range","params":{"min":1,"max":300}}"#,
        r#"{"field":"a","severity":"error","code":"quantity_out_of_range","params":{"max":300}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offer_ids":["A","B"]}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offer_ids":[]}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offer_ids":["A",1]}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offer_ids":"A"}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offerIds":["A"]}}"#,
        r#"{"field":"a","severity":"error","code":"missing_prerequisite","params":{"offer_ids":[["A"]]}}"#,
        r#"{"field":"a","severity":"error","code":"too_many_line_items","params":{"max":100}}"#,
        r#"{}"#,
        r#"[]"#,
        r#"["a","error","required"]"#,
        r#"7"#,
        r#"null"#,
        r#""required""#,
        r#"true"#,
    ];

    /// The derived reader and this one, as JSON (their wire formats are the same).
    fn both(text: &str) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
        let derived = serde_json::from_str::<derived::FieldIssue>(text).ok().map(|i| serde_json::to_value(i).unwrap());
        let hand = serde_json::from_str::<FieldIssue>(text).ok().map(|i| serde_json::to_value(i).unwrap());
        (derived, hand)
    }

    #[test]
    fn issues_are_accepted_and_refused_as_the_derive_did() {
        for text in CASES {
            let (derived, hand) = both(text);
            assert_eq!(hand, derived, "{text}");
        }
    }

    #[test]
    fn a_list_skips_what_the_derive_skipped() {
        let list = format!("[{}]", CASES.join(","));
        let derived: Vec<serde_json::Value> = derived::list(&list).unwrap().into_iter().map(|i| serde_json::to_value(i).unwrap()).collect();
        let mut read = serde_json::Deserializer::from_str(&list);
        let hand: Vec<serde_json::Value> = issues_skipping_others(&mut read).unwrap().into_iter().map(|i| serde_json::to_value(i).unwrap()).collect();
        assert_eq!(hand, derived);
        assert!(hand.len() >= 10, "{hand:?}");
        // Not a list: refused, as before.
        for text in ["null", "{}", "\"x\""] {
            assert!(derived::list(text).is_none());
            assert!(issues_skipping_others(&mut serde_json::Deserializer::from_str(text)).is_err(), "{text}");
        }
    }
}
