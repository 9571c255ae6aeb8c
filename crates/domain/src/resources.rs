//! The reference API's other resources, as the server sends them and the
//! browser reads them: address validation and the customer list. One
//! definition keeps the two sides of the contract from drifting apart.

use serde::{Deserialize, Serialize};

/// An address as `POST /validations/address` takes it and suggests it back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PostalAddress {
    pub address_line1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country: String,
}

/// Partner Center's address validation verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AddressStatus {
    VerifiedShippable,
    Verified,
    InteractionRequired,
    StreetPartial,
    PremisesPartial,
    Multiple,
    None,
    NotValidated,
    /// A verdict newer than this code; treated as unverified.
    #[serde(other)]
    Unrecognised,
}

impl AddressStatus {
    pub fn is_verified(self) -> bool {
        matches!(self, Self::Verified | Self::VerifiedShippable)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AddressValidation {
    pub original_address: PostalAddress,
    /// At most 3.
    #[serde(default)]
    pub suggested_addresses: Vec<PostalAddress>,
    pub status: AddressStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_message: Option<String>,
}

/// One row of `GET /customers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    pub id: String,
    pub company_name: String,
    pub domain: String,
    pub country: String,
    pub created_at: String,
    #[serde(default)]
    pub relationship_to_partner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_partner_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_verdict_reads_as_unverified() {
        let v: AddressValidation = serde_json::from_str(r#"{"originalAddress":{"country":"US"},"status":"SomethingNew"}"#).unwrap();
        assert_eq!(v.status, AddressStatus::Unrecognised);
        assert!(!v.status.is_verified());
        assert!(AddressStatus::VerifiedShippable.is_verified());
    }

    #[test]
    fn empty_optional_address_parts_are_left_out() {
        let json = serde_json::to_value(PostalAddress { address_line1: "1 Main St".into(), city: "Austin".into(), country: "US".into(), ..Default::default() }).unwrap();
        assert_eq!(json, serde_json::json!({"addressLine1": "1 Main St", "city": "Austin", "country": "US"}));
    }
}
