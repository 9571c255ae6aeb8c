//! The OpenAPI document, generated from the handlers' annotations.
//!
//! The domain crate's types do not derive `utoipa::ToSchema` (that would add a
//! dependency to the browser build), so their wire shapes are described here by
//! mirror structs named like the domain types. A test below serializes real
//! domain values and checks each mirror lists exactly the same properties, so
//! the two cannot drift apart silently.
//!
//! `customer_domain::resources` (address validation, the customer list)
//! derives its schemas itself through the domain crate's `openapi` feature,
//! which only the server turns on; the remaining mirrors can move the same way.

#![allow(dead_code)] // the mirror structs exist only for their schemas

use crate::{address, api, error, faults, submit};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

#[derive(ToSchema)]
#[schema(as = CountryRules)]
#[serde(rename_all = "camelCase")]
pub struct CountryRulesDoc {
    iso2_code: String,
    default_culture: String,
    is_state_required: bool,
    supported_states_list: Vec<String>,
    supported_languages_list: Vec<String>,
    supported_cultures_list: Vec<String>,
    is_postal_code_required: bool,
    postal_code_regex: Option<String>,
    is_city_required: bool,
    is_vat_id_supported: bool,
    tax_id_format: Option<String>,
    vat_id_regex: Option<String>,
    phone_number_regex: Option<String>,
    is_tax_id_supported: bool,
    is_tax_id_optional: bool,
    country_calling_codes_list: Vec<String>,
    /// Display names for supportedStatesList, same order (extension).
    supported_state_names: Vec<String>,
    postal_code_examples: Vec<String>,
    is_organization_registration_number_required: bool,
    organization_registration_number_regex: Option<String>,
    is_phone_number_required: bool,
}

#[derive(ToSchema)]
#[schema(as = OfferCategory)]
#[serde(rename_all = "camelCase")]
pub struct OfferCategoryDoc {
    id: String,
    name: String,
    rank: u32,
}

#[derive(ToSchema)]
#[schema(as = OfferProduct)]
#[serde(rename_all = "camelCase")]
pub struct OfferProductDoc {
    id: String,
    name: String,
    unit: String,
}

#[derive(ToSchema)]
#[schema(as = Link)]
pub struct LinkDoc {
    uri: String,
}

#[derive(ToSchema)]
#[schema(as = OfferLinks)]
#[serde(rename_all = "camelCase")]
pub struct OfferLinksDoc {
    learn_more: LinkDoc,
}

#[derive(ToSchema)]
#[schema(as = Offer)]
#[serde(rename_all = "camelCase")]
pub struct OfferDoc {
    id: String,
    name: String,
    description: String,
    minimum_quantity: u32,
    maximum_quantity: u32,
    rank: u32,
    category: OfferCategoryDoc,
    prerequisite_offers: Vec<String>,
    is_add_on: bool,
    has_add_ons: bool,
    is_available_for_purchase: bool,
    /// `none`, `usage` or `license`.
    billing: String,
    supported_billing_cycles: Vec<String>,
    is_auto_renewable: bool,
    is_trial: bool,
    product: Option<OfferProductDoc>,
    unit_type: String,
    links: Option<OfferLinksDoc>,
}

#[derive(ToSchema)]
#[schema(as = Relationship)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipDoc {
    /// The reseller's tenant id (goes to associatedPartnerId).
    id: String,
    name: String,
    relationship_type: String,
    state: String,
    /// Goes to each line item's partnerIdOnRecord.
    mpn_id: String,
    location: String,
}

#[derive(ToSchema)]
#[schema(as = AgreementTemplate)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTemplateDoc {
    template_id: String,
    agreement_type: String,
    agreement_link: String,
    version_rank: u32,
}

#[derive(ToSchema)]
#[schema(as = CompanyProfile)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfileDoc {
    /// `prefix.onmicrosoft.com`.
    domain: String,
    organization_registration_number: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Address)]
#[serde(rename_all = "camelCase")]
pub struct AddressDoc {
    first_name: String,
    last_name: String,
    address_line1: String,
    address_line2: Option<String>,
    city: String,
    state: Option<String>,
    postal_code: Option<String>,
    country: String,
    phone_number: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = BillingProfile)]
#[serde(rename_all = "camelCase")]
pub struct BillingProfileDoc {
    email: String,
    culture: String,
    language: String,
    company_name: String,
    default_address: AddressDoc,
}

#[derive(ToSchema)]
#[schema(as = Customer)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDoc {
    company_profile: CompanyProfileDoc,
    billing_profile: BillingProfileDoc,
    /// The indirect reseller's tenant id; absent for a direct customer.
    associated_partner_id: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = PrimaryContact)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryContactDoc {
    first_name: String,
    last_name: String,
    email: String,
    phone_number: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Agreement)]
#[serde(rename_all = "camelCase")]
pub struct AgreementDoc {
    primary_contact: PrimaryContactDoc,
    template_id: String,
    /// ISO 8601 UTC; never in the future.
    date_agreed: String,
    #[serde(rename = "type")]
    agreement_type: String,
}

#[derive(ToSchema)]
#[schema(as = LineItem)]
#[serde(rename_all = "camelCase")]
pub struct LineItemDoc {
    line_item_number: u32,
    offer_id: String,
    friendly_name: Option<String>,
    quantity: u32,
    /// The indirect reseller's MPN id.
    partner_id_on_record: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Order)]
#[serde(rename_all = "camelCase")]
pub struct OrderDoc {
    reference_customer_id: Option<String>,
    billing_cycle: String,
    line_items: Vec<LineItemDoc>,
}

#[derive(ToSchema)]
#[schema(as = SubmitRequest)]
pub struct SubmitRequestDoc {
    customer: CustomerDoc,
    agreement: AgreementDoc,
    order: OrderDoc,
}

/// `{field, severity, code, params?}`: a draft field path and a message code.
#[derive(ToSchema)]
#[schema(as = FieldIssue)]
pub struct FieldIssueDoc {
    /// e.g. `account.address.postalCode`.
    field: String,
    /// `error` or `warning`.
    severity: String,
    /// e.g. `required`, `too_long`, `invalid_postal_code`, `domain_taken`.
    code: String,
    /// Parameters of the code, e.g. `{"max":50}`.
    params: Option<serde_json::Value>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CountryCodesPage {
    total_count: u32,
    items: Vec<String>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OffersPage {
    total_count: u32,
    items: Vec<OfferDoc>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipsPage {
    total_count: u32,
    items: Vec<RelationshipDoc>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTemplatesPage {
    total_count: u32,
    items: Vec<AgreementTemplateDoc>,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Add-customer reference API", description = "Partner Center-shaped API for the add-customer wizard."),
    paths(
        api::country_rules, api::countries, api::domain_check, api::validate_address, api::agreements,
        api::relationships, api::offers, api::submit, api::list_customers, api::get_customer,
        api::dev_token, api::fault_settings, api::configure_faults,
    ),
    components(schemas(
        CountryRulesDoc, OfferDoc, OfferCategoryDoc, OfferProductDoc, OfferLinksDoc, LinkDoc, RelationshipDoc,
        AgreementTemplateDoc, SubmitRequestDoc, CustomerDoc, CompanyProfileDoc, BillingProfileDoc, AddressDoc,
        AgreementDoc, PrimaryContactDoc, OrderDoc, LineItemDoc, FieldIssueDoc, CountryCodesPage, OffersPage,
        RelationshipsPage, AgreementTemplatesPage, error::ErrorEnvelope, submit::SubmitResponse,
        submit::CreatedCustomer, submit::CustomerResource, submit::UserCredentials, submit::OrderResource,
        customer_domain::resources::CustomerSummary, api::CustomersPage, api::DevToken, address::PostalAddress,
        address::AddressValidation, address::AddressStatus, faults::FaultSettings,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

pub fn document_json() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the document serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{resellers, Catalog, CatalogSize};
    use crate::countries::Countries;
    use std::collections::BTreeSet;
    use utoipa::openapi::{RefOr, Schema};

    fn properties<T: ToSchema>() -> BTreeSet<String> {
        match T::schema() {
            RefOr::T(Schema::Object(object)) => object.properties.keys().cloned().collect(),
            _ => panic!("not an object schema"),
        }
    }

    fn keys(value: serde_json::Value) -> BTreeSet<String> {
        value.as_object().expect("an object").keys().cloned().collect()
    }

    #[test]
    fn mirrors_match_the_domain_wire_shapes() {
        let offer = Catalog::build(CatalogSize::Default).offers()[0].clone();
        assert_eq!(properties::<OfferDoc>(), keys(serde_json::to_value(&offer).unwrap()));
        assert_eq!(properties::<OfferCategoryDoc>(), keys(serde_json::to_value(&offer.category).unwrap()));
        assert_eq!(properties::<OfferProductDoc>(), keys(serde_json::to_value(offer.product.as_ref().unwrap()).unwrap()));
        assert_eq!(properties::<OfferLinksDoc>(), keys(serde_json::to_value(offer.links.as_ref().unwrap()).unwrap()));
        let countries = Countries::load();
        assert_eq!(properties::<CountryRulesDoc>(), keys(serde_json::to_value(countries.rules_for("US").unwrap()).unwrap()));
        assert_eq!(properties::<RelationshipDoc>(), keys(serde_json::to_value(&resellers(1)[0]).unwrap()));

        let request: customer_domain::SubmitRequest = serde_json::from_value(serde_json::json!({
            "customer": {"companyProfile": {"domain": "x.onmicrosoft.com", "organizationRegistrationNumber": "1"},
                "billingProfile": {"email": "a@b.se", "culture": "sv-SE", "language": "sv", "companyName": "X",
                    "defaultAddress": {"firstName": "A", "lastName": "B", "addressLine1": "C", "addressLine2": "D",
                        "city": "E", "state": "F", "postalCode": "G", "country": "SE", "phoneNumber": "1"}},
                "associatedPartnerId": "p"},
            "agreement": {"primaryContact": {"firstName": "A", "lastName": "B", "email": "a@b.se", "phoneNumber": "1"},
                "templateId": "t", "dateAgreed": "d", "type": "MicrosoftCustomerAgreement"},
            "order": {"referenceCustomerId": "r", "billingCycle": "monthly",
                "lineItems": [{"lineItemNumber": 0, "offerId": "o", "friendlyName": "f", "quantity": 1, "partnerIdOnRecord": "m"}]}
        }))
        .unwrap();
        let value = serde_json::to_value(&request).unwrap();
        assert_eq!(properties::<SubmitRequestDoc>(), keys(value.clone()));
        assert_eq!(properties::<CustomerDoc>(), keys(value["customer"].clone()));
        assert_eq!(properties::<CompanyProfileDoc>(), keys(value["customer"]["companyProfile"].clone()));
        assert_eq!(properties::<BillingProfileDoc>(), keys(value["customer"]["billingProfile"].clone()));
        assert_eq!(properties::<AddressDoc>(), keys(value["customer"]["billingProfile"]["defaultAddress"].clone()));
        assert_eq!(properties::<AgreementDoc>(), keys(value["agreement"].clone()));
        assert_eq!(properties::<PrimaryContactDoc>(), keys(value["agreement"]["primaryContact"].clone()));
        assert_eq!(properties::<OrderDoc>(), keys(value["order"].clone()));
        assert_eq!(properties::<LineItemDoc>(), keys(value["order"]["lineItems"][0].clone()));
    }

    #[test]
    fn document_lists_every_endpoint() {
        let doc: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        for path in ["/v1/submissions", "/v1/offers", "/v1/customers/{id}", "/v1/domains/{domain}", "/v1/countryvalidationrules/{iso2}"] {
            assert!(doc["paths"].get(path).is_some(), "{path}");
        }
    }
}
