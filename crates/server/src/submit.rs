//! Validating a submitted payload with the domain crate's rules, and building
//! what a successful submit stores and returns.
//!
//! The domain crate validates drafts (`validate::all`), not payloads, so the
//! payload is turned back into the draft it came from and checked with the
//! very same rules; the field paths in errors are therefore the draft paths
//! the wizard already shows errors on (`account.address.postalCode`, …).
//! `payload_to_draft` and `validate_payload` could move into the domain crate
//! as `validate::payload(&SubmitRequest, &Context)`.

use crate::countries::Countries;
use customer_domain::catalog::{Offer, Relationship};
use customer_domain::date::Date;
use customer_domain::draft::{AccountDraft, AddressDraft, AgreementDraft, ContactDraft, CustomerDraft, SubscriptionDraft};
use customer_domain::issue::{FieldIssue, Message, Severity};
use customer_domain::pattern::NativeMatcher;
use customer_domain::payload::{Agreement, BillingProfile, CompanyProfile, LineItem, SubmitRequest, DOMAIN_SUFFIX, MCA_AGREEMENT_TYPE, MCA_TEMPLATE_ID};
use customer_domain::validate::{self, field, Context};
use serde::{Deserialize, Serialize};

/// Paths of payload fields that have no counterpart in the draft.
pub mod payload_field {
    pub const TEMPLATE_ID: &str = "agreement.templateId";
    pub const AGREEMENT_TYPE: &str = "agreement.type";
}

/// The draft a payload was built from (as far as the payload tells), and the
/// problems only visible in the payload itself.
pub fn payload_to_draft(request: &SubmitRequest) -> (CustomerDraft, Vec<FieldIssue>) {
    let mut issues = Vec::new();
    let customer = &request.customer;
    let address = &customer.billing_profile.default_address;
    let domain = customer.company_profile.domain.trim();
    let domain_prefix = match strip_suffix_ignore_case(domain, DOMAIN_SUFFIX) {
        Some(prefix) => prefix.to_owned(),
        None => {
            issues.push(FieldIssue::error(field::DOMAIN_PREFIX, Message::InvalidDomainPrefix));
            String::new()
        }
    };

    let template_ok = request.agreement.template_id == MCA_TEMPLATE_ID;
    let type_ok = request.agreement.agreement_type == MCA_AGREEMENT_TYPE;
    if !template_ok {
        issues.push(FieldIssue::error(payload_field::TEMPLATE_ID, Message::AgreementNotAccepted));
    }
    if !type_ok {
        issues.push(FieldIssue::error(payload_field::AGREEMENT_TYPE, Message::AgreementNotAccepted));
    }
    let date_agreed = match agreed_date(&request.agreement.date_agreed) {
        Some(date) => date.to_iso(),
        None if request.agreement.date_agreed.trim().is_empty() => String::new(),
        None => {
            issues.push(FieldIssue::error(field::DATE_AGREED, Message::InvalidDate));
            // Already reported; keep the rules from adding a second issue.
            "1900-01-01".to_owned()
        }
    };

    let contact = &request.agreement.primary_contact;
    let draft = CustomerDraft {
        account: AccountDraft {
            company_name: customer.billing_profile.company_name.clone(),
            domain_prefix,
            organization_registration_number: customer.company_profile.organization_registration_number.clone().unwrap_or_default(),
            culture: customer.billing_profile.culture.clone(),
            language: customer.billing_profile.language.clone(),
            address: AddressDraft {
                country: address.country.clone(),
                address_line1: address.address_line1.clone(),
                address_line2: address.address_line2.clone().unwrap_or_default(),
                city: address.city.clone(),
                state: address.state.clone().unwrap_or_default(),
                postal_code: address.postal_code.clone().unwrap_or_default(),
                phone_number: address.phone_number.clone().unwrap_or_default(),
            },
            contact: ContactDraft {
                first_name: address.first_name.clone(),
                last_name: address.last_name.clone(),
                email: customer.billing_profile.email.clone(),
                phone_number: String::new(),
            },
        },
        agreement: AgreementDraft {
            // Sending the MCA resource is the acceptance; a wrong template is reported above.
            accepted: template_ok && type_ok,
            signer: ContactDraft {
                first_name: contact.first_name.clone(),
                last_name: contact.last_name.clone(),
                email: contact.email.clone(),
                phone_number: contact.phone_number.clone().unwrap_or_default(),
            },
            date_agreed,
        },
        reseller_id: customer.associated_partner_id.clone().unwrap_or_default(),
        subscriptions: request
            .order
            .line_items
            .iter()
            .map(|line| SubscriptionDraft { offer_id: line.offer_id.clone(), quantity: line.quantity.to_string() })
            .collect(),
        acknowledged: Vec::new(),
    };
    (draft, issues)
}

/// `YYYY-MM-DD`, optionally followed by a UTC time (`T00:00:00.000Z`).
fn agreed_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let (date, time) = text.split_at(text.len().min(10));
    let time_ok = time.is_empty()
        || (time.starts_with('T') && time.ends_with('Z') && time[1..time.len() - 1].chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.'));
    Date::parse(date).filter(|_| time_ok)
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let split = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(split) && text[split..].eq_ignore_ascii_case(suffix)).then(|| &text[..split])
}

/// The data the rules need besides the payload.
pub struct Reference<'a> {
    pub countries: &'a Countries,
    pub offers: &'a [Offer],
    pub resellers: &'a [Relationship],
    pub today: Date,
}

/// Every error in the payload. Warnings (e.g. "looks like an acronym") are
/// not returned: the wizard makes the user acknowledge them before it submits,
/// and the payload carries no acknowledgements.
pub fn validate_payload(request: &SubmitRequest, reference: &Reference) -> Vec<FieldIssue> {
    let (draft, mut issues) = payload_to_draft(request);
    let country = reference.countries.rules_for(draft.account.address.country.trim());
    let known_country = country.is_some();
    let indirect = request.customer.associated_partner_id.is_some();
    let context = Context {
        country,
        allowed_countries: &[],
        offers: reference.offers,
        resellers: indirect.then_some(reference.resellers),
        today: reference.today,
        template_id: MCA_TEMPLATE_ID,
        matcher: &NativeMatcher,
    };
    issues.extend(validate::all(&draft, &context).into_iter().filter(|i| i.severity == Severity::Error));
    let country_code = draft.account.address.country.trim();
    if !known_country && !country_code.is_empty() && !issues.iter().any(|i| i.field == field::COUNTRY) {
        // A well-formed code the partner cannot sell in (Partner Center's error 2030).
        issues.push(FieldIssue::error(field::COUNTRY, Message::CountryNotAllowed));
    }

    // partnerIdOnRecord must be the chosen reseller's MPN id, and only for indirect customers.
    let reseller = request
        .customer
        .associated_partner_id
        .as_deref()
        .and_then(|id| reference.resellers.iter().find(|r| r.id == id.trim()));
    let record_ok = request.order.line_items.iter().all(|line| match (&line.partner_id_on_record, reseller, indirect) {
        (None, _, _) => true,
        (Some(mpn), Some(r), _) => *mpn == r.mpn_id,
        (Some(_), None, true) => true, // the unknown reseller is reported already
        (Some(_), None, false) => false,
    });
    if !record_ok && !issues.iter().any(|i| i.field == field::RESELLER) {
        let message = if indirect { Message::UnknownReseller } else { Message::ResellerRequired };
        issues.push(FieldIssue::error(field::RESELLER, message));
    }
    issues
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCredentials {
    pub user_name: String,
    /// Generated; shown once (stored only with the idempotency record).
    pub password: String,
}

/// The customer resource as `GET /v1/customers/{id}` returns it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerResource {
    /// Tenant id (GUID).
    pub id: String,
    pub commerce_id: String,
    #[schema(value_type = customer_domain::payload::CompanyProfile)]
    pub company_profile: CompanyProfile,
    #[schema(value_type = customer_domain::payload::BillingProfile)]
    pub billing_profile: BillingProfile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_partner_id: Option<String>,
    pub relationship_to_partner: String,
}

/// The created customer: the resource plus the admin credentials.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCustomer {
    #[serde(flatten)]
    pub resource: CustomerResource,
    pub user_credentials: UserCredentials,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderResource {
    pub id: String,
    pub reference_customer_id: String,
    pub billing_cycle: String,
    #[schema(value_type = Vec<customer_domain::payload::LineItem>)]
    pub line_items: Vec<LineItem>,
    /// Always `pending` when created.
    pub status: String,
    pub creation_date: String,
}

/// The 201 body of `POST /v1/submissions`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmitResponse {
    pub customer: CreatedCustomer,
    #[schema(value_type = customer_domain::payload::Agreement)]
    pub agreement: Agreement,
    pub order: OrderResource,
}

/// A strong admin password: 16 characters from an unambiguous alphabet, with
/// at least one of each class, from the operating system's CSPRNG.
pub fn generate_password() -> String {
    use rand::seq::{IndexedRandom, SliceRandom};
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGITS: &[u8] = b"23456789";
    const SYMBOLS: &[u8] = b"!#$%&*+-=?@^_";
    let mut rng = rand::rng();
    let all: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].concat();
    let mut chars: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].iter().map(|set| *set.choose(&mut rng).expect("non-empty")).collect();
    while chars.len() < 16 {
        chars.push(*all.choose(&mut rng).expect("non-empty"));
    }
    chars.shuffle(&mut rng);
    String::from_utf8(chars).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_strong_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 16);
        assert!(a.chars().any(|c| c.is_ascii_uppercase()) && a.chars().any(|c| c.is_ascii_lowercase()));
        assert!(a.chars().any(|c| c.is_ascii_digit()) && a.chars().any(|c| !c.is_ascii_alphanumeric()));
        assert_ne!(a, generate_password());
    }

    #[test]
    fn agreed_date_accepts_date_and_utc_midnight() {
        assert_eq!(agreed_date("2024-05-01"), Date::new(2024, 5, 1));
        assert_eq!(agreed_date("2024-05-01T00:00:00.000Z"), Date::new(2024, 5, 1));
        assert_eq!(agreed_date("2024-05-01 garbage"), None);
        assert_eq!(strip_suffix_ignore_case("Contoso.OnMicrosoft.com", DOMAIN_SUFFIX), Some("Contoso"));
    }
}
