//! Catalogue resources as Partner Center returns them: offers, indirect
//! resellers (relationships) and the agreement template.

use serde::{Deserialize, Serialize};

/// A page of a collection: `{totalCount, items}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub total_count: u32,
    pub items: Vec<T>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub minimum_quantity: u32,
    pub maximum_quantity: u32,
    #[serde(default)]
    pub rank: u32,
    pub category: OfferCategory,
    #[serde(default)]
    pub prerequisite_offers: Vec<String>,
    #[serde(default)]
    pub is_add_on: bool,
    #[serde(default)]
    pub has_add_ons: bool,
    #[serde(default = "yes")]
    pub is_available_for_purchase: bool,
    /// `none`, `usage` or `license`.
    #[serde(default)]
    pub billing: String,
    #[serde(default)]
    pub supported_billing_cycles: Vec<String>,
    #[serde(default)]
    pub is_auto_renewable: bool,
    #[serde(default)]
    pub is_trial: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<OfferProduct>,
    #[serde(default)]
    pub unit_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<OfferLinks>,
}

fn yes() -> bool {
    true
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferCategory {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub rank: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferProduct {
    pub id: String,
    pub name: String,
    pub unit: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferLinks {
    pub learn_more: Link,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub uri: String,
}

/// An indirect reseller the provider works with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    /// The reseller's tenant id (goes to `associatedPartnerId`).
    pub id: String,
    pub name: String,
    pub relationship_type: String,
    pub state: String,
    /// Goes to each line item's `partnerIdOnRecord`.
    pub mpn_id: String,
    #[serde(default)]
    pub location: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTemplate {
    pub template_id: String,
    pub agreement_type: String,
    pub agreement_link: String,
    pub version_rank: u32,
}
