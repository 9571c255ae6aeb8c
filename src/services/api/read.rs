//! The API's answers read from their JSON trees by hand (see
//! [`json::read`](crate::services::json::read) for the rules), one reader per
//! type, member by member as the type's derive reads it. The derives stay
//! (the server and the tests use them); the tests hold each reader to its
//! derive on many altered answers, natively and in the browser.

use crate::services::json::read::{flag, list, members, text, texts, whole, Read};
use crate::services::json::Json;
use customer_domain::catalog::{AgreementTemplate, Link, Offer, OfferCategory, OfferLinks, OfferProduct, Page, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::issue::{self, FieldIssue};
use customer_domain::resources::{AddressStatus, AddressValidation, CustomerSummary, PostalAddress};
use customer_domain::wire::{BillingReceipt, CompanyReceipt, CustomerReceipt, ErrorReply, ProgressReceipt, SubmitReceipt, UserCredentials};

/// `{totalCount, items}`.
pub(crate) fn page<T>(value: &Json, item: Read<T>) -> Option<Page<T>> {
    let m = members(value)?;
    Some(Page { total_count: m.required("totalCount", whole)?, items: list(m.get("items")?, item)? })
}

pub(crate) fn country_rules(value: &Json) -> Option<CountryRules> {
    let m = members(value)?;
    Some(CountryRules {
        iso2_code: m.or_default("iso2Code", text)?,
        default_culture: m.or_default("defaultCulture", text)?,
        is_state_required: m.or_default("isStateRequired", flag)?,
        supported_states_list: m.or_default("supportedStatesList", texts)?,
        supported_languages_list: m.or_default("supportedLanguagesList", texts)?,
        supported_cultures_list: m.or_default("supportedCulturesList", texts)?,
        is_postal_code_required: m.or_default("isPostalCodeRequired", flag)?,
        postal_code_regex: m.optional("postalCodeRegex", text)?,
        is_city_required: m.or_default("isCityRequired", flag)?,
        is_vat_id_supported: m.or_default("isVatIdSupported", flag)?,
        tax_id_format: m.optional("taxIdFormat", text)?,
        vat_id_regex: m.optional("vatIdRegex", text)?,
        phone_number_regex: m.optional("phoneNumberRegex", text)?,
        is_tax_id_supported: m.or_default("isTaxIdSupported", flag)?,
        is_tax_id_optional: m.or_default("isTaxIdOptional", flag)?,
        country_calling_codes_list: m.or_default("countryCallingCodesList", texts)?,
        supported_state_names: m.or_default("supportedStateNames", texts)?,
        postal_code_examples: m.or_default("postalCodeExamples", texts)?,
        is_organization_registration_number_required: m.or_default("isOrganizationRegistrationNumberRequired", flag)?,
        organization_registration_number_regex: m.optional("organizationRegistrationNumberRegex", text)?,
        is_phone_number_required: m.or_default("isPhoneNumberRequired", flag)?,
    })
}

pub(crate) fn offer(value: &Json) -> Option<Offer> {
    let m = members(value)?;
    Some(Offer {
        id: m.required("id", text)?,
        name: m.required("name", text)?,
        description: m.or_default("description", text)?,
        minimum_quantity: m.required("minimumQuantity", whole)?,
        maximum_quantity: m.required("maximumQuantity", whole)?,
        rank: m.or_default("rank", whole)?,
        category: m.required("category", offer_category)?,
        prerequisite_offers: m.or_default("prerequisiteOffers", texts)?,
        is_add_on: m.or_default("isAddOn", flag)?,
        has_add_ons: m.or_default("hasAddOns", flag)?,
        is_available_for_purchase: m.or("isAvailableForPurchase", flag, true)?,
        billing: m.or_default("billing", text)?,
        supported_billing_cycles: m.or_default("supportedBillingCycles", texts)?,
        is_auto_renewable: m.or_default("isAutoRenewable", flag)?,
        is_trial: m.or_default("isTrial", flag)?,
        product: m.optional("product", offer_product)?,
        unit_type: m.or_default("unitType", text)?,
        links: m.optional("links", offer_links)?,
    })
}

fn offer_category(value: &Json) -> Option<OfferCategory> {
    let m = members(value)?;
    Some(OfferCategory { id: m.required("id", text)?, name: m.required("name", text)?, rank: m.or_default("rank", whole)? })
}

fn offer_product(value: &Json) -> Option<OfferProduct> {
    let m = members(value)?;
    Some(OfferProduct { id: m.required("id", text)?, name: m.required("name", text)?, unit: m.required("unit", text)? })
}

fn offer_links(value: &Json) -> Option<OfferLinks> {
    let learn_more = members(members(value)?.get("learnMore")?)?;
    Some(OfferLinks { learn_more: Link { uri: learn_more.required("uri", text)? } })
}

pub(crate) fn relationship(value: &Json) -> Option<Relationship> {
    let m = members(value)?;
    Some(Relationship {
        id: m.required("id", text)?,
        name: m.required("name", text)?,
        relationship_type: m.required("relationshipType", text)?,
        state: m.required("state", text)?,
        mpn_id: m.required("mpnId", text)?,
        location: m.or_default("location", text)?,
    })
}

pub(crate) fn agreement_template(value: &Json) -> Option<AgreementTemplate> {
    let m = members(value)?;
    Some(AgreementTemplate {
        template_id: m.required("templateId", text)?,
        agreement_type: m.required("agreementType", text)?,
        agreement_link: m.required("agreementLink", text)?,
        version_rank: m.required("versionRank", whole)?,
    })
}

pub(crate) fn customer_summary(value: &Json) -> Option<CustomerSummary> {
    let m = members(value)?;
    Some(CustomerSummary {
        id: m.required("id", text)?,
        company_name: m.required("companyName", text)?,
        domain: m.required("domain", text)?,
        country: m.required("country", text)?,
        created_at: m.required("createdAt", text)?,
        relationship_to_partner: m.or_default("relationshipToPartner", text)?,
        associated_partner_id: m.optional("associatedPartnerId", text)?,
    })
}

pub(crate) fn address_validation(value: &Json) -> Option<AddressValidation> {
    let m = members(value)?;
    Some(AddressValidation {
        original_address: m.required("originalAddress", postal_address)?,
        suggested_addresses: m.or_default("suggestedAddresses", |v| list(v, postal_address))?,
        status: m.required("status", address_status)?,
        validation_message: m.optional("validationMessage", text)?,
    })
}

fn postal_address(value: &Json) -> Option<PostalAddress> {
    let m = members(value)?;
    Some(PostalAddress {
        address_line1: m.or_default("addressLine1", text)?,
        address_line2: m.optional("addressLine2", text)?,
        city: m.or_default("city", text)?,
        state: m.optional("state", text)?,
        postal_code: m.optional("postalCode", text)?,
        country: m.or_default("country", text)?,
    })
}

/// A verdict by name, or as an object of one member (`{"Verified":null}`)
/// as serde reads any enum; a name this code does not know is `Unrecognised`.
fn address_status(value: &Json) -> Option<AddressStatus> {
    let name = match value {
        Json::String(name) => name.as_str(),
        Json::Object(members) => match &members[..] {
            [(name, Json::Null)] => name.as_str(),
            _ => return None,
        },
        // An array's one entry is named by its index: no verdict's name.
        Json::Array(items) => match &items[..] {
            [Json::Null] => "0",
            _ => return None,
        },
        _ => return None,
    };
    Some(match name {
        "VerifiedShippable" => AddressStatus::VerifiedShippable,
        "Verified" => AddressStatus::Verified,
        "InteractionRequired" => AddressStatus::InteractionRequired,
        "StreetPartial" => AddressStatus::StreetPartial,
        "PremisesPartial" => AddressStatus::PremisesPartial,
        "Multiple" => AddressStatus::Multiple,
        "None" => AddressStatus::None,
        "NotValidated" => AddressStatus::NotValidated,
        _ => AddressStatus::Unrecognised,
    })
}

pub(crate) fn submit_receipt(value: &Json) -> Option<SubmitReceipt> {
    Some(SubmitReceipt { customer: members(value)?.required("customer", customer_receipt)? })
}

fn customer_receipt(value: &Json) -> Option<CustomerReceipt> {
    let m = members(value)?;
    let company = members(m.get("companyProfile")?)?;
    let billing = members(m.get("billingProfile")?)?;
    Some(CustomerReceipt {
        id: m.required("id", text)?,
        company_profile: CompanyReceipt { domain: company.required("domain", text)? },
        billing_profile: BillingReceipt { company_name: billing.required("companyName", text)? },
        user_credentials: m.required("userCredentials", user_credentials)?,
    })
}

fn user_credentials(value: &Json) -> Option<UserCredentials> {
    let m = members(value)?;
    Some(UserCredentials {
        user_name: m.required("userName", text)?,
        password: m.optional("password", text)?,
        password_already_shown: m.or_default("passwordAlreadyShown", flag)?,
    })
}

/// An error answer, read leniently as its derive does: a missing member
/// takes its default, an item of `data` that is not a field issue is skipped.
pub(crate) fn error_reply(value: &Json) -> Option<ErrorReply> {
    let m = members(value)?;
    Some(ErrorReply { code: m.or_default("code", whole)?, data: m.or_default("data", issues)?, progress: m.optional("progress", progress)? })
}

fn progress(value: &Json) -> Option<ProgressReceipt> {
    let m = members(value)?;
    Some(ProgressReceipt {
        customer: m.optional("customer", customer_receipt)?,
        agreement_confirmed: m.or_default("agreementConfirmed", flag)?,
        failed_stage: m.or_default("failedStage", text)?,
        upstream_code: m.optional("upstreamCode", whole)?,
    })
}

/// A list's field issues, judged by the domain's rules; other items are skipped.
fn issues(value: &Json) -> Option<Vec<FieldIssue>> {
    let Json::Array(items) = value else { return None };
    Some(items.iter().filter_map(|item| FieldIssue::from_value(&issue_value(item, 0))).collect())
}

/// A value of an issue as the domain's reader sees it: only whole,
/// non-negative numbers and texts are told apart, and containers past an
/// issue's depth are not looked into.
fn issue_value(value: &Json, depth: u8) -> issue::Value {
    match value {
        Json::Null => issue::Value::Null,
        Json::String(s) => issue::Value::Text(s.clone()),
        Json::Number(_) => value.as_u64().map_or(issue::Value::Other, issue::Value::Whole),
        Json::Bool(_) => issue::Value::Other,
        Json::Array(_) | Json::Object(_) if depth >= issue::CONTAINER_DEPTH => issue::Value::Other,
        Json::Array(items) => issue::Value::List(items.iter().map(|item| issue_value(item, depth + 1)).collect()),
        Json::Object(members) => issue::Value::Map(members.iter().map(|(k, v)| (k.clone(), issue_value(v, depth + 1))).collect()),
    }
}

#[cfg(test)]
pub(crate) mod tests;
