//! What the partner is typing. Every value is a string as typed (or a flag), so
//! nothing is ever lost to parsing; `validate` turns a draft into a payload.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerDraft {
    pub account: AccountDraft,
    pub agreement: AgreementDraft,
    /// The indirect reseller's relationship id (indirect providers only).
    pub reseller_id: String,
    pub subscriptions: Vec<SubscriptionDraft>,
    /// Field paths whose warnings the user has explicitly acknowledged.
    pub acknowledged: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountDraft {
    pub company_name: String,
    /// Without `.onmicrosoft.com`.
    pub domain_prefix: String,
    pub organization_registration_number: String,
    pub culture: String,
    pub language: String,
    pub address: AddressDraft,
    pub contact: ContactDraft,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AddressDraft {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactDraft {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgreementDraft {
    /// The customer accepted and signed the latest Microsoft Customer Agreement.
    pub accepted: bool,
    pub signer: ContactDraft,
    /// `YYYY-MM-DD`.
    pub date_agreed: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionDraft {
    pub offer_id: String,
    /// As typed; parsed when validated.
    pub quantity: String,
}

impl CustomerDraft {
    pub fn is_acknowledged(&self, field: &str) -> bool {
        self.acknowledged.iter().any(|f| f == field)
    }
}
