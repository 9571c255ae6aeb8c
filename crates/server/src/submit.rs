//! What a successful submit stores and returns. The payload itself is
//! checked by the domain crate (`customer_domain::validate::payload`).

use customer_domain::payload::{Agreement, BillingProfile, CompanyProfile, LineItem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCredentials {
    pub user_name: String,
    /// Generated; shown once. A replay of the submit repeats it only within
    /// the password window (default 24 h); after that it is absent and
    /// `passwordAlreadyShown` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_already_shown: bool,
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
}
