//! Field paths (from the domain crate) → the label the user sees and the step
//! the field lives on, so any problem can be worded and located.

use crate::i18n::Key;
use crate::state::Step;
use customer_domain::validate::field;

pub struct FieldInfo {
    pub label: Key,
    /// Picked from a list: "Select …" rather than "Enter …".
    pub is_choice: bool,
}

pub fn info(path: &str) -> FieldInfo {
    let (label, is_choice) = match path {
        field::COMPANY_NAME => (Key::CompanyLegalName, false),
        field::DOMAIN_PREFIX => (Key::DomainPrefix, false),
        field::ORG_REGISTRATION => (Key::OrgRegistrationNumber, false),
        field::COUNTRY => (Key::Country, true),
        field::CULTURE => (Key::Culture, true),
        field::ADDRESS_LINE1 => (Key::AddressLine1, false),
        field::ADDRESS_LINE2 => (Key::AddressLine2, false),
        field::CITY => (Key::City, false),
        field::STATE => (Key::State, true),
        field::POSTAL_CODE => (Key::PostalCode, false),
        field::PHONE => (Key::CompanyPhone, false),
        "account.contact.firstName" => (Key::FirstName, false),
        "account.contact.lastName" => (Key::LastName, false),
        "account.contact.email" => (Key::Email, false),
        "account.contact.phoneNumber" => (Key::ContactPhone, false),
        field::AGREEMENT_ACCEPTED => (Key::AgreementAccepted, true),
        "agreement.signer.firstName" => (Key::SignerFirstName, false),
        "agreement.signer.lastName" => (Key::SignerLastName, false),
        "agreement.signer.email" => (Key::SignerEmail, false),
        "agreement.signer.phoneNumber" => (Key::SignerPhone, false),
        field::DATE_AGREED => (Key::DateAgreed, false),
        field::RESELLER => (Key::StepReseller, true),
        _ if path.starts_with(field::SUBSCRIPTIONS) => (Key::Quantity, false),
        _ => (Key::StepAccount, false),
    };
    FieldInfo { label, is_choice }
}

pub fn step_of(path: &str) -> Step {
    if path.starts_with("account.") || path.starts_with("agreement.") {
        Step::Account
    } else if path == field::RESELLER {
        Step::Reseller
    } else {
        Step::Subscriptions
    }
}

/// The DOM id of a field's control.
pub fn dom_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', ' '], "-"))
}
