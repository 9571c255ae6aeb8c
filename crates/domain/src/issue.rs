//! Problems found in a draft: a field path, a severity and a message code with
//! parameters. The browser app turns codes into text in the user's language.

use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
