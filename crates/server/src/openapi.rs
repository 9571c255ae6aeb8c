//! The OpenAPI document, generated from the handlers' annotations.
//!
//! The wire types' schemas are derived from the domain crate's own types
//! (its `openapi` feature, which only the server turns on, so the browser
//! build gains nothing). `FieldIssue` is described by a mirror: its message
//! is an adjacently tagged enum flattened into the issue, a shape the
//! derive cannot describe; a test keeps the mirror and the real value alike.

#![allow(dead_code)] // the mirror structs exist only for their schemas

use crate::{address, api, error, faults, submit};
use customer_domain::catalog::{AgreementTemplate, Link, Offer, OfferCategory, OfferLinks, OfferProduct, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::payload::{Address, Agreement, BillingProfile, CompanyProfile, Customer, LineItem, Order, PrimaryContact, SubmitRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

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
    items: Vec<Offer>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipsPage {
    total_count: u32,
    items: Vec<Relationship>,
}

#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTemplatesPage {
    total_count: u32,
    items: Vec<AgreementTemplate>,
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
        api::relationships, api::offers, api::submit, api::list_customers, api::get_customer, api::get_customer_audit,
        api::dev_token, api::fault_settings, api::configure_faults,
    ),
    components(schemas(
        CountryRules, Offer, OfferCategory, OfferProduct, OfferLinks, Link, Relationship,
        AgreementTemplate, SubmitRequest, Customer, CompanyProfile, BillingProfile, Address,
        Agreement, PrimaryContact, Order, LineItem, FieldIssueDoc, CountryCodesPage, OffersPage,
        RelationshipsPage, AgreementTemplatesPage, error::ErrorEnvelope, submit::SubmitResponse,
        submit::CreatedCustomer, submit::CustomerResource, submit::UserCredentials, submit::OrderResource,
        customer_domain::resources::CustomerSummary, api::CustomersPage, api::DevToken, api::DevSignIn, crate::store::AuditRecord, address::PostalAddress,
        address::AddressValidation, address::AddressStatus, faults::FaultSettings,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

/// The document for the routes that are on: `/v1/dev/token` only with
/// `--dev-sign-in`, `/_faults` only with `--fault-injection`.
pub fn document_json(dev_sign_in: bool, fault_injection: bool) -> String {
    let mut doc = ApiDoc::openapi();
    let mut off = Vec::new();
    if !dev_sign_in {
        doc.paths.paths.remove("/v1/dev/token");
        off.push("DevToken");
    }
    if !fault_injection {
        doc.paths.paths.remove("/_faults");
        off.push("FaultSettings");
    }
    if let Some(components) = doc.components.as_mut() {
        for schema in off {
            components.schemas.remove(schema);
        }
    }
    if !(dev_sign_in || fault_injection) {
        if let Some(tags) = doc.tags.as_mut() {
            tags.retain(|t| t.name != "dev");
        }
    }
    doc.to_pretty_json().expect("the document serializes")
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
    fn field_issue_mirror_matches_the_wire_shape() {
        let issue = customer_domain::FieldIssue::error("account.companyName", customer_domain::Message::TooLong { max: 50 });
        let mut wire = keys(serde_json::to_value(&issue).unwrap());
        wire.insert("params".into()); // present where the code has parameters, as here
        assert_eq!(properties::<FieldIssueDoc>(), wire);
    }

    #[test]
    fn wire_types_are_described_with_their_serialized_names() {
        let doc: serde_json::Value = serde_json::from_str(&document_json(true, true)).unwrap();
        let schema = |name: &str| keys(doc["components"]["schemas"][name]["properties"].clone());
        let offer = Catalog::build(CatalogSize::Default).offers()[0].clone();
        assert_eq!(schema("Offer"), keys(serde_json::to_value(&offer).unwrap()));
        let countries = Countries::load();
        assert_eq!(schema("CountryRules"), keys(serde_json::to_value(countries.rules_for("US").unwrap()).unwrap()));
        assert_eq!(schema("Relationship"), keys(serde_json::to_value(&resellers(1)[0]).unwrap()));
        assert!(schema("Agreement").contains("type"), "serde renames are honoured");
    }

    #[test]
    fn document_lists_only_the_routes_that_are_on() {
        let doc: serde_json::Value = serde_json::from_str(&document_json(false, false)).unwrap();
        assert!(doc["paths"].get("/v1/submissions").is_some());
        assert!(doc["paths"].get("/v1/dev/token").is_none());
        assert!(doc["paths"].get("/_faults").is_none());
        assert!(doc["components"]["schemas"].get("FaultSettings").is_none());
        let dev: serde_json::Value = serde_json::from_str(&document_json(true, false)).unwrap();
        assert!(dev["paths"].get("/v1/dev/token").is_some() && dev["paths"].get("/_faults").is_none());
    }

    #[test]
    fn document_lists_every_endpoint() {
        let doc: serde_json::Value = serde_json::from_str(&document_json(true, true)).unwrap();
        for path in ["/v1/submissions", "/v1/offers", "/v1/customers/{id}", "/v1/domains/{domain}", "/v1/countryvalidationrules/{iso2}"] {
            assert!(doc["paths"].get(path).is_some(), "{path}");
        }
    }
}
