//! Errors in Partner Center's envelope: `{code, description, data, source,
//! errorName, isRetryable}`. `data` lists field issues for validation errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use customer_domain::issue::FieldIssue;
use serde::{Deserialize, Serialize};

/// Error codes, documented in the README.
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
    pub const REQUEST_ID_REUSED: u32 = 1410;
    pub const PAYLOAD_TOO_LARGE: u32 = 1413;
    pub const TOO_MANY_REQUESTS: u32 = 1429;
    pub const INTERNAL: u32 = 1500;
    pub const FAULT_INJECTED: u32 = 1501;
}

pub const SOURCE: &str = "customer-server";

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    pub code: u32,
    pub description: String,
    /// Field issues (`{field, severity, code, params?}`), empty when not about fields.
    #[schema(value_type = Vec<crate::openapi::FieldIssueDoc>)]
    pub data: Vec<FieldIssue>,
    pub source: String,
    pub error_name: String,
    /// True when repeating the same request (same MS-RequestId) may succeed.
    pub is_retryable: bool,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub envelope: ErrorEnvelope,
    pub retry_after_seconds: Option<u64>,
    /// `WWW-Authenticate` of a 401.
    pub challenge: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: u32, error_name: &str, description: impl Into<String>) -> Self {
        let is_retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        Self {
            status,
            envelope: ErrorEnvelope {
                code,
                description: description.into(),
                data: Vec::new(),
                source: SOURCE.into(),
                error_name: error_name.into(),
                is_retryable,
            },
            retry_after_seconds: None,
            challenge: None,
        }
    }

    pub fn with_data(mut self, data: Vec<FieldIssue>) -> Self {
        self.envelope.data = data;
        self
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code::INVALID_REQUEST, "InvalidRequest", description)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, code::NOT_FOUND, "NotFound", format!("{what} was not found."))
    }

    /// 401 with an RFC 6750 challenge: `error="invalid_token"` and why, when a token was sent.
    pub fn unauthorized(failure: &crate::auth::AuthFailure) -> Self {
        let mut error = Self::new(StatusCode::UNAUTHORIZED, code::UNAUTHORIZED, "Unauthorized", "A valid bearer token is required.");
        error.challenge = Some(match failure {
            crate::auth::AuthFailure::Missing => r#"Bearer realm="customer-server""#.to_owned(),
            crate::auth::AuthFailure::Invalid(why) => {
                error.envelope.description = format!("A valid bearer token is required. {why}");
                format!(r#"Bearer realm="customer-server", error="invalid_token", error_description="{why}""#)
            }
        });
        error
    }

    pub fn internal(description: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL, "InternalError", description)
    }

    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            code::TOO_MANY_REQUESTS,
            "TooManyRequests",
            format!("Rate limit exceeded; retry after {retry_after_seconds} s."),
        );
        error.retry_after_seconds = Some(retry_after_seconds);
        error
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "storage error");
        ApiError::internal("The request could not be stored; retry with the same MS-RequestId.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.envelope)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            // The rest of the body is not read, so this connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            let challenge = self.challenge.as_deref().and_then(|c| HeaderValue::from_str(c).ok());
            response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge.unwrap_or(HeaderValue::from_static("Bearer")));
        }
        response
    }
}
