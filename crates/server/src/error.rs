//! Errors in Partner Center's envelope (`customer_domain::wire::ErrorEnvelope`,
//! shared with the browser app) with their status and headers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use customer_domain::issue::FieldIssue;

pub use customer_domain::wire::{code, ErrorEnvelope};

pub const SOURCE: &str = "customer-server";

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
                progress: None,
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
