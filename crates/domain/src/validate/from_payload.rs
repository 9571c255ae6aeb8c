//! Checking a submitted payload with the draft rules.
//!
//! The rules validate drafts, so a payload is turned back into the draft it
//! came from and checked with the very same rules; errors therefore carry the
//! draft paths the wizard shows them on (`account.address.postalCode`, …).
//! What only a payload can get wrong (the domain suffix, the agreement's
//! template and type, the date's form, `partnerIdOnRecord`) is checked here.

use super::{all, billing_cycle_fits, field, offers_by_id, Context, MAX_LINE_ITEMS};
use crate::catalog::{Offer, Relationship};
use crate::country::CountryRules;
use crate::date::Date;
use crate::draft::{AccountDraft, AddressDraft, AgreementDraft, ContactDraft, CustomerDraft, SubscriptionDraft};
use crate::issue::{FieldIssue, Message, Severity};
use crate::pattern::PatternMatcher;
use crate::rules;
use crate::payload::{SubmitRequest, DOMAIN_SUFFIX, MCA_AGREEMENT_TYPE, MCA_TEMPLATE_ID};

/// Paths of payload fields that have no counterpart in the draft.
pub mod payload_field {
    pub const TEMPLATE_ID: &str = "agreement.templateId";
    pub const AGREEMENT_TYPE: &str = "agreement.type";
    pub const BILLING_CYCLE: &str = "order.billingCycle";
}

/// What a payload is checked against.
pub struct PayloadContext<'a> {
    /// Rules of the payload's country; `None` when it is not a country the
    /// partner can sell in (reported as such).
    pub country: Option<&'a CountryRules>,
    pub offers: &'a [Offer],
    /// Every reseller the provider works with.
    pub resellers: &'a [Relationship],
    /// Today in UTC.
    pub today: Date,
    pub matcher: &'a dyn PatternMatcher,
}

/// Every error in a submitted payload. Warnings (e.g. "looks like an
/// acronym") are left out: the wizard has the user acknowledge them before it
/// submits, and a payload carries no acknowledgements.
pub fn payload(request: &SubmitRequest, context: &PayloadContext) -> Vec<FieldIssue> {
    // Before any other work: nothing below should run over an absurd order.
    let lines = request.order.line_items.len();
    if lines > MAX_LINE_ITEMS {
        return vec![FieldIssue::error(field::SUBSCRIPTIONS, Message::TooManyLineItems { max: MAX_LINE_ITEMS as u32 })];
    }
    let (draft, mut issues) = payload_to_draft(request);
    let indirect = request.customer.associated_partner_id.is_some();
    let rules = Context {
        country: context.country,
        allowed_countries: &[],
        offers: context.offers,
        resellers: indirect.then_some(context.resellers),
        today: context.today,
        template_id: MCA_TEMPLATE_ID,
        matcher: context.matcher,
    };
    // One problem per field: an unusable domain is not also "required".
    let from_rules: Vec<FieldIssue> = all(&draft, &rules)
        .into_iter()
        .filter(|i| i.severity == Severity::Error && !issues.iter().any(|seen| seen.field == i.field))
        .collect();
    issues.extend(from_rules);
    let country_code = draft.account.address.country.trim();
    if context.country.is_none() && !country_code.is_empty() && !issues.iter().any(|i| i.field == field::COUNTRY) {
        // A well-formed code the partner cannot sell in (Partner Center's error 2030).
        issues.push(FieldIssue::error(field::COUNTRY, Message::CountryNotAllowed));
    }

    // The billing profile names both; the draft may leave them to the country's default.
    let profile = &request.customer.billing_profile;
    for (path, value) in [(field::CULTURE, &profile.culture), (field::LANGUAGE, &profile.language)] {
        if value.trim().is_empty() && !issues.iter().any(|i| i.field == path) {
            issues.push(FieldIssue::error(path, Message::Required));
        }
    }
    // Sent only where the country asks for it, but bounded wherever it is sent.
    if let Some(number) = &request.customer.company_profile.organization_registration_number {
        let bounded = rules::plain_text(number).and_then(|_| rules::max_len(number, rules::MAX_ORG_REGISTRATION));
        if let (Err(message), false) = (bounded, issues.iter().any(|i| i.field == field::ORG_REGISTRATION)) {
            issues.push(FieldIssue::error(field::ORG_REGISTRATION, message));
        }
    }
    // The order's billing cycle must be one every offer in it supports.
    let catalogue = offers_by_id(context.offers);
    let ordered: Vec<&Offer> = request.order.line_items.iter().filter_map(|l| catalogue.get(l.offer_id.as_str()).copied()).collect();
    if !billing_cycle_fits(&request.order.billing_cycle, &ordered) {
        issues.push(FieldIssue::error(payload_field::BILLING_CYCLE, Message::InvalidBillingCycle));
    }

    // partnerIdOnRecord must be the chosen reseller's MPN id, and only for indirect customers.
    let reseller = request
        .customer
        .associated_partner_id
        .as_deref()
        .and_then(|id| context.resellers.iter().find(|r| r.id == id.trim()));
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

/// Strict ISO 8601: `YYYY-MM-DD`, or that date at a UTC time,
/// `THH:MM:SS` with an optional fraction of 1 to 9 digits and `Z` or `+00:00`
/// (`2024-05-01T00:00:00.000Z`). The time is checked, then dropped: the
/// agreement is dated by its day.
fn agreed_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() > 40 || !text.is_ascii() {
        return None;
    }
    let (date, time) = text.split_at(text.len().min(10));
    let time_ok = time.is_empty() || utc_time(time);
    Date::parse(date).filter(|_| time_ok)
}

/// `THH:MM:SS[.f{1,9}](Z|+00:00)` with real hours, minutes and seconds.
fn utc_time(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('T') else { return false };
    let Some(rest) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix("+00:00")) else { return false };
    let (clock, fraction) = match rest.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (rest, None),
    };
    let b = clock.as_bytes();
    let two = |i: usize| -> Option<u8> { (b[i].is_ascii_digit() && b[i + 1].is_ascii_digit()).then(|| (b[i] - b'0') * 10 + (b[i + 1] - b'0')) };
    let clock_ok = b.len() == 8 && b[2] == b':' && b[5] == b':' && two(0).is_some_and(|h| h < 24) && two(3).is_some_and(|m| m < 60) && two(6).is_some_and(|s| s < 60);
    let fraction_ok = fraction.is_none_or(|f| (1..=9).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()));
    clock_ok && fraction_ok
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let split = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(split) && text[split..].eq_ignore_ascii_case(suffix)).then(|| &text[..split])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreed_date_accepts_date_and_utc_midnight() {
        assert_eq!(agreed_date("2024-05-01"), Date::new(2024, 5, 1));
        assert_eq!(agreed_date("2024-05-01T00:00:00.000Z"), Date::new(2024, 5, 1));
        assert_eq!(agreed_date("2024-05-01 garbage"), None);
        assert_eq!(agreed_date("2024-05-01T13:45:07Z"), Date::new(2024, 5, 1));
        assert_eq!(agreed_date("2024-05-01T23:59:59.123456789+00:00"), Date::new(2024, 5, 1));
        for bad in [
            "2024-05-01T", "2024-05-01TZ", "2024-05-01T00:00:00", "2024-05-01T24:00:00Z", "2024-05-01T00:60:00Z",
            "2024-05-01T00:00:60Z", "2024-05-01T0:00:00Z", "2024-05-01T00:00:00.Z", "2024-05-01T00:00:00.1234567890Z",
            "2024-05-01T00:00:00+02:00", "2024-05-01T::::::::Z", "2024-05-01T00:00:00.000Z\u{0}",
        ] {
            assert_eq!(agreed_date(bad), None, "{bad}");
        }
        assert_eq!(agreed_date(&format!("2024-05-01T{}Z", "0".repeat(1_500_000))), None);
        assert_eq!(strip_suffix_ignore_case("Contoso.OnMicrosoft.com", DOMAIN_SUFFIX), Some("Contoso"));
        assert_eq!(strip_suffix_ignore_case("é", DOMAIN_SUFFIX), None);
    }
}
