//! The API's answers, shared by the server that writes them and the browser
//! app that reads them: the submit's 201 body, the error envelope with its
//! codes, and the relationship type the reseller list is asked for. One
//! definition, so the two sides cannot drift apart.

use crate::issue::FieldIssue;
use crate::payload::{Agreement, BillingProfile, CompanyProfile, LineItem};
use serde::{Deserialize, Serialize};

/// `relationship_type` of an indirect reseller (`GET /v1/relationships`).
pub const INDIRECT_RESELLER_RELATIONSHIP: &str = "IsIndirectCloudSolutionProviderOf";

/// Error codes of the envelope (documented in the server's README).
pub mod code {
    pub const INVALID_REQUEST: u32 = 1000;
    pub const VALIDATION_FAILED: u32 = 1001;
    pub const MISSING_REQUEST_ID: u32 = 1002;
    pub const MISSING_LOCALE: u32 = 1003;
    pub const INVALID_RELATIONSHIP_TYPE: u32 = 1004;
    /// Partner Center's "partner not onboarded to sell in that country".
    pub const COUNTRY_NOT_SUPPORTED: u32 = 2030;
    pub const UNAUTHORIZED: u32 = 1401;
    pub const NOT_FOUND: u32 = 1404;
    pub const DOMAIN_TAKEN: u32 = 1409;
    /// The `MS-RequestId` was already used for a different body.
    pub const REQUEST_ID_REUSED: u32 = 1410;
    pub const PAYLOAD_TOO_LARGE: u32 = 1413;
    pub const TOO_MANY_REQUESTS: u32 = 1429;
    pub const INTERNAL: u32 = 1500;
    pub const FAULT_INJECTED: u32 = 1501;
    /// Gateway mode: Partner Center could not be reached (retries spent, or
    /// the breaker is open). Retry the same submit; nothing is done twice.
    pub const UPSTREAM_UNAVAILABLE: u32 = 1503;
    /// Gateway mode: Partner Center refused the server's sign-in.
    pub const UPSTREAM_SIGN_IN_FAILED: u32 = 1504;
    /// Gateway mode: Partner Center answered with an error that maps to no field.
    pub const UPSTREAM_REJECTED: u32 = 1505;
}

/// The stages of a submit in gateway mode, in order.
pub mod stage {
    pub const CUSTOMER: &str = "customer";
    pub const AGREEMENT: &str = "agreement";
    pub const ORDER: &str = "order";
}

/// How far a submit got before it failed (gateway mode): what already exists
/// in Partner Center, and which stage failed. Submitting the same customer
/// again (the same domain) resumes at `failedStage`, never creating the
/// customer twice.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitProgress {
    /// The customer, when it was created (with its one-time credentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CreatedCustomer>,
    pub agreement_confirmed: bool,
    /// `customer`, `agreement` or `order` (see [`stage`]).
    pub failed_stage: String,
    /// Partner Center's own error code, when it answered with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_code: Option<u32>,
}

/// Partner Center's error body: `{code, description, data, source,
/// errorName, isRetryable}`; `data` lists field issues for validation errors.
/// Read leniently: a missing member takes its default and an item of `data`
/// that is not a field issue is skipped, so an answer from another version
/// still yields what it can.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorEnvelope {
    pub code: u32,
    pub description: String,
    /// Field issues (`{field, severity, code, params?}`), empty when not about fields.
    #[serde(deserialize_with = "crate::issue::issues_skipping_others")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<FieldIssueDoc>))]
    pub data: Vec<FieldIssue>,
    pub source: String,
    pub error_name: String,
    /// True when repeating the same request (same MS-RequestId) may succeed.
    pub is_retryable: bool,
    /// Gateway mode: what a failed submit already created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<SubmitProgress>,
}

/// What the browser app acts on in an [`ErrorEnvelope`]: its code, field
/// issues and how far a gateway submit got, read from the same JSON as
/// leniently (the other members are skipped). A browser bundle pays for
/// every member it can read: `progress` reads its customer as the lean
/// [`CustomerReceipt`] the 201 is read as, not the flattened resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ErrorReply {
    pub code: u32,
    #[serde(deserialize_with = "crate::issue::issues_skipping_others")]
    pub data: Vec<FieldIssue>,
    pub progress: Option<ProgressReceipt>,
}

/// What a client shows of a [`SubmitProgress`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgressReceipt {
    pub customer: Option<CustomerReceipt>,
    pub agreement_confirmed: bool,
    pub failed_stage: String,
    pub upstream_code: Option<u32>,
}

impl From<ErrorEnvelope> for ErrorReply {
    fn from(envelope: ErrorEnvelope) -> Self {
        let progress = envelope.progress.map(|p| ProgressReceipt {
            customer: p.customer.map(CustomerReceipt::from),
            agreement_confirmed: p.agreement_confirmed,
            failed_stage: p.failed_stage,
            upstream_code: p.upstream_code,
        });
        ErrorReply { code: envelope.code, data: envelope.data, progress }
    }
}

/// `{field, severity, code, params?}`: how a [`FieldIssue`] looks on the
/// wire, for the OpenAPI document (its message is an adjacently tagged enum
/// flattened into the issue, a shape the derive cannot describe; the
/// server's tests keep this mirror and the real value alike).
#[cfg(feature = "openapi")]
#[allow(dead_code)] // exists for its schema
#[derive(utoipa::ToSchema)]
#[schema(as = FieldIssue)]
pub struct FieldIssueDoc {
    /// e.g. `account.address.postalCode`.
    field: String,
    /// `error` or `warning`.
    severity: String,
    /// e.g. `required`, `too_long`, `invalid_postal_code`, `domain_taken`.
    code: String,
    /// Parameters of the code, e.g. `{"max":50}`.
    #[schema(value_type = Option<Object>)]
    params: Option<()>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerResource {
    /// Tenant id (GUID).
    pub id: String,
    pub commerce_id: String,
    pub company_profile: CompanyProfile,
    pub billing_profile: BillingProfile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_partner_id: Option<String>,
    pub relationship_to_partner: String,
}

/// The created customer: the resource plus the admin credentials.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCustomer {
    #[serde(flatten)]
    pub resource: CustomerResource,
    pub user_credentials: UserCredentials,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResource {
    pub id: String,
    pub reference_customer_id: String,
    pub billing_cycle: String,
    pub line_items: Vec<LineItem>,
    /// Always `pending` when created.
    pub status: String,
    pub creation_date: String,
}

/// The 201 body of `POST /v1/submissions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitResponse {
    pub customer: CreatedCustomer,
    pub agreement: Agreement,
    pub order: OrderResource,
}

/// What a client shows of a [`SubmitResponse`]: the new customer's id,
/// domain, company name and admin credentials, read from the same JSON (the
/// agreement, the order and the other customer fields are skipped). A browser bundle pays for
/// every field it can read: reading the whole answer, with its flattened
/// customer, cost the wizard ~9 KB of WebAssembly for fields it never shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitReceipt {
    pub customer: CustomerReceipt,
}

/// The created customer as a client shows it: its id, domain, company name
/// and admin credentials. The answer holds the whole resource; the rest of
/// its profiles (address, contact, culture) is skipped, for the same reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerReceipt {
    pub id: String,
    pub company_profile: CompanyReceipt,
    pub billing_profile: BillingReceipt,
    pub user_credentials: UserCredentials,
}

/// What a client shows of a [`CompanyProfile`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyReceipt {
    pub domain: String,
}

/// What a client shows of a [`BillingProfile`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingReceipt {
    pub company_name: String,
}

impl From<SubmitResponse> for SubmitReceipt {
    fn from(answer: SubmitResponse) -> Self {
        SubmitReceipt { customer: answer.customer.into() }
    }
}

impl From<CreatedCustomer> for CustomerReceipt {
    fn from(created: CreatedCustomer) -> Self {
        let CreatedCustomer { resource, user_credentials } = created;
        CustomerReceipt {
            id: resource.id,
            company_profile: CompanyReceipt { domain: resource.company_profile.domain },
            billing_profile: BillingReceipt { company_name: resource.billing_profile.company_name },
            user_credentials,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::Message;

    #[test]
    fn an_envelope_reads_back_as_written() {
        let envelope = ErrorEnvelope {
            code: code::VALIDATION_FAILED,
            description: "The submission has invalid fields; see data.".into(),
            data: vec![FieldIssue::error("account.companyName", Message::TooLong { max: 50 })],
            source: "customer-server".into(),
            error_name: "ValidationFailed".into(),
            is_retryable: false,
            progress: None,
        };
        let text = serde_json::to_string(&envelope).unwrap();
        assert_eq!(serde_json::from_str::<ErrorReply>(&text).unwrap(), ErrorReply::from(envelope.clone()));
        assert_eq!(serde_json::from_str::<ErrorEnvelope>(&text).unwrap(), envelope);
    }

    #[test]
    fn an_envelope_is_read_leniently() {
        let read: ErrorEnvelope = serde_json::from_str(
            r#"{"code":1409,"data":[{"field":"account.domainPrefix","severity":"error","code":"domain_taken"},{"unexpected":true},7]}"#,
        )
        .unwrap();
        assert_eq!(read.code, code::DOMAIN_TAKEN);
        assert_eq!(read.data, vec![FieldIssue::error("account.domainPrefix", Message::DomainTaken)]);
        assert!(read.description.is_empty() && !read.is_retryable);
        let reply: ErrorReply = serde_json::from_str(
            r#"{"code":1409,"description":"taken","data":[{"field":"account.domainPrefix","severity":"error","code":"domain_taken"},{"unexpected":true},7]}"#,
        )
        .unwrap();
        assert_eq!(reply, ErrorReply::from(read));
    }

    #[test]
    fn a_partial_failure_reads_back_with_the_customer_created() {
        let customer: CreatedCustomer = serde_json::from_value(serde_json::json!({
            "id": "4f1c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c", "commerceId": "c1", "relationshipToPartner": "reseller",
            "companyProfile": { "domain": "contoso.onmicrosoft.com" },
            "billingProfile": { "email": "a@contoso.se", "culture": "sv-SE", "language": "sv", "companyName": "Contoso AB",
                "defaultAddress": { "firstName": "A", "lastName": "B", "addressLine1": "Storgatan 1", "city": "Stockholm", "country": "SE" } },
            "userCredentials": { "userName": "admin", "password": "once" }
        }))
        .unwrap();
        let envelope = ErrorEnvelope {
            code: 2002,
            data: vec![FieldIssue::error("subscriptions.A.quantity", Message::InvalidQuantity)],
            progress: Some(SubmitProgress { customer: Some(customer), agreement_confirmed: true, failed_stage: stage::ORDER.into(), upstream_code: Some(2002) }),
            ..Default::default()
        };
        let reply: ErrorReply = serde_json::from_str(&serde_json::to_string(&envelope).unwrap()).unwrap();
        assert_eq!(reply, ErrorReply::from(envelope));
        let progress = reply.progress.unwrap();
        assert_eq!(progress.customer.unwrap().user_credentials.password.as_deref(), Some("once"));
        assert!(progress.agreement_confirmed);
        assert_eq!((progress.failed_stage.as_str(), progress.upstream_code), (stage::ORDER, Some(2002)));
    }
}
