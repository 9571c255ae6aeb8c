//! Partner Center's error codes turned into the wizard's field paths and
//! message codes (the wizard words them in the user's language). The codes
//! are the documented ones (see "Field rules" and "Error envelope and codes"
//! in Partner Center's REST reference); a code not listed here reaches the
//! caller as itself, without a field.

use super::PartnerCenterError;
use customer_domain::issue::{FieldIssue, Message};
use customer_domain::payload::SubmitRequest;
use customer_domain::validate::field;

pub const REGISTRATION_NUMBER_MISSING: u32 = 600049;
pub const REGISTRATION_NUMBER_INVALID: u32 = 600050;
pub const PHONE_MISSING: u32 = 600051;
pub const REGISTRATION_NUMBER_NOT_SUPPORTED: u32 = 600002;
pub const AGREEMENT_ALREADY_CONFIRMED: u32 = 600061;
pub const QUANTITY_OUT_OF_RANGE: u32 = 2002;
pub const COUNTRY_NOT_ONBOARDED: u32 = 2030;
pub const INVALID_OFFER: u32 = 800004;
pub const QUANTITY_NOT_AVAILABLE: u32 = 800017;
pub const AGREEMENT_NOT_CONFIRMED: u32 = 13605;
pub const RESELLER_WITHOUT_MPA: u32 = 900123;
pub const STATE_INVALID: u32 = 27002;

/// The fields an error points at, as far as it tells.
pub fn field_issues(error: &PartnerCenterError, request: &SubmitRequest) -> Vec<FieldIssue> {
    let one = |path: &str, message: Message| vec![FieldIssue::error(path, message)];
    match error.code {
        REGISTRATION_NUMBER_MISSING => one(field::ORG_REGISTRATION, Message::Required),
        REGISTRATION_NUMBER_INVALID | REGISTRATION_NUMBER_NOT_SUPPORTED => one(field::ORG_REGISTRATION, Message::InvalidOrganizationRegistrationNumber),
        PHONE_MISSING => one(field::PHONE, Message::Required),
        STATE_INVALID => one(field::STATE, Message::InvalidState),
        COUNTRY_NOT_ONBOARDED => one(field::COUNTRY, Message::CountryNotAllowed),
        AGREEMENT_NOT_CONFIRMED => one(field::AGREEMENT_ACCEPTED, Message::AgreementNotAccepted),
        RESELLER_WITHOUT_MPA => one(field::RESELLER, Message::ResellerWithoutPartnerAgreement),
        QUANTITY_OUT_OF_RANGE | QUANTITY_NOT_AVAILABLE => line_items(error, request, Message::QuantityNotAllowed, field::quantity),
        INVALID_OFFER => line_items(error, request, Message::UnknownOffer, field::quantity),
        _ => Vec::new(),
    }
}

/// The line items an order error is about: the one its parameters name
/// (`offerId` or `lineItemNumber`), else the only one; an error about one of
/// several unnamed items points at the subscriptions step as a whole.
fn line_items(error: &PartnerCenterError, request: &SubmitRequest, message: Message, path: impl Fn(&str) -> String) -> Vec<FieldIssue> {
    let lines = &request.order.line_items;
    let named = error
        .parameter("offerId")
        .and_then(|offer| lines.iter().find(|l| l.offer_id.eq_ignore_ascii_case(&offer)))
        .or_else(|| error.parameter("lineItemNumber").and_then(|n| lines.iter().find(|l| l.line_item_number.to_string() == n)));
    match (named, lines.as_slice()) {
        (Some(line), _) | (None, [line]) => vec![FieldIssue::error(path(&line.offer_id), message)],
        _ => vec![FieldIssue::error(field::SUBSCRIPTIONS, message)],
    }
}
