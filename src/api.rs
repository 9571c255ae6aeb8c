//! The API the wizard speaks (Partner Center paths and shapes). The host's
//! token is asked for before every request and never stored.

use crate::config::HostConfig;
use crate::json::{self, Json};
use customer_domain::catalog::{AgreementTemplate, Offer, Page, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::resources::{AddressValidation, CustomerSummary, PostalAddress};
use customer_domain::{FieldIssue, SubmitRequest};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone)]
pub enum ApiError {
    /// No response arrived (offline, dropped connection, CORS, timeout).
    Network,
    /// The server answered with an error status.
    Status { status: u16, envelope: Option<ErrorEnvelope>, retry_after: Option<u32> },
    /// The response did not have the expected shape.
    Decode,
}

/// Partner Center's error body: `{code, description, data, source}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorEnvelope {
    pub code: Json,
    pub description: String,
    pub data: Vec<Json>,
}

impl ErrorEnvelope {
    /// The per-field problems carried in `data`, where there are any.
    pub fn field_issues(&self) -> Vec<FieldIssue> {
        self.data.iter().filter_map(json::convert).collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitResponse {
    pub customer: CreatedCustomer,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCustomer {
    pub id: String,
    pub company_profile: customer_domain::payload::CompanyProfile,
    pub billing_profile: customer_domain::payload::BillingProfile,
    pub user_credentials: UserCredentials,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserCredentials {
    pub user_name: String,
    /// Absent when the answer is a replay after the server's password window:
    /// the password was shown with the first answer and is not kept.
    #[serde(default)]
    pub password: Option<String>,
}

async fn token(config: &HostConfig, refresh: bool) -> Option<String> {
    let provider = config.token_provider.as_ref()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"refresh".into(), &refresh.into()).ok()?;
    let result = provider.call1(&JsValue::NULL, &options).ok()?;
    let value = JsFuture::from(js_sys::Promise::resolve(&result)).await.ok()?;
    value.as_string().filter(|t| !t.is_empty())
}

fn correlation_id() -> String {
    crate::util::random_uuid()
}

/// Sends a request built by `build`, with the host's token; after a 401 asks
/// the host for a fresh token and tries once more.
async fn send(config: &HostConfig, build: impl Fn(String) -> Result<Request, ApiError>) -> Result<Response, ApiError> {
    let mut refresh = false;
    loop {
        let url = config.api_base.clone();
        let request = build(url)?;
        let headers = request.headers();
        if let Some(token) = token(config, refresh).await {
            headers.set("Authorization", &format!("Bearer {token}"));
        }
        headers.set("MS-CorrelationId", &correlation_id());
        headers.set("X-Locale", config.locale.tag());
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        if response.status() == 401 && !refresh && config.token_provider.is_some() {
            refresh = true;
            continue;
        }
        return Ok(response);
    }
}

async fn error_of(response: Response) -> ApiError {
    let retry_after = response.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
    let status = response.status();
    let envelope = response.text().await.ok().and_then(|text| json::from_str::<ErrorEnvelope>(&text));
    ApiError::Status { status, envelope, retry_after }
}

async fn get_json<T: DeserializeOwned>(config: &HostConfig, path: &str) -> Result<T, ApiError> {
    let response = send(config, |base| {
        RequestBuilder::new(&format!("{base}{path}")).header("Accept", "application/json").build().map_err(|_| ApiError::Network)
    })
    .await?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    json::from_str::<T>(&text).ok_or(ApiError::Decode)
}

fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

pub async fn country_rules(config: &HostConfig, iso2: &str) -> Result<CountryRules, ApiError> {
    get_json(config, &format!("/countryvalidationrules/{}", encode(iso2))).await
}

pub async fn countries(config: &HostConfig) -> Result<Vec<String>, ApiError> {
    get_json::<Page<String>>(config, "/countries").await.map(|p| p.items)
}

/// The page size the API allows at most.
const PAGE_SIZE: usize = 1000;

/// Every item of a paged collection (`{totalCount, items}`), page by page.
async fn all_pages<T: DeserializeOwned>(config: &HostConfig, path: &str) -> Result<Vec<T>, ApiError> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    loop {
        let page = get_json::<Page<T>>(config, &format!("{path}{separator}offset={}&size={PAGE_SIZE}", items.len())).await?;
        let received = page.items.len();
        items.extend(page.items);
        if received == 0 || items.len() >= page.total_count as usize {
            return Ok(items);
        }
    }
}

pub async fn offers(config: &HostConfig, country: &str) -> Result<Vec<Offer>, ApiError> {
    all_pages(config, &format!("/offers?country={}", encode(country))).await
}

pub async fn resellers(config: &HostConfig) -> Result<Vec<Relationship>, ApiError> {
    all_pages(config, "/relationships?relationship_type=IsIndirectCloudSolutionProviderOf").await
}

pub async fn agreement_template(config: &HostConfig) -> Result<AgreementTemplate, ApiError> {
    let page = get_json::<Page<AgreementTemplate>>(config, "/agreements?agreementType=MicrosoftCustomerAgreement").await?;
    let mut template = page.items.into_iter().max_by_key(|t| t.version_rank).ok_or(ApiError::Decode)?;
    // Only an http(s) link is shown; otherwise the step links the agreement's public page.
    template.agreement_link = crate::config::link("agreementLink", &template.agreement_link);
    Ok(template)
}

/// One page of the partner's customers, newest first, with the total count.
pub async fn customers(config: &HostConfig, offset: usize, size: usize) -> Result<Page<CustomerSummary>, ApiError> {
    get_json::<Page<CustomerSummary>>(config, &format!("/customers?offset={offset}&size={size}")).await
}

/// `HEAD /domains/{domain}`: 200 taken, 404 free. `abort` cancels a stale check.
pub async fn domain_taken(config: &HostConfig, domain: &str, abort: Option<&web_sys::AbortSignal>) -> Result<bool, ApiError> {
    let response = send(config, |base| {
        RequestBuilder::new(&format!("{base}/domains/{}", encode(domain)))
            .method(gloo_net::http::Method::HEAD)
            .abort_signal(abort)
            .build()
            .map_err(|_| ApiError::Network)
    })
    .await?;
    match response.status() {
        200 => Ok(true),
        404 => Ok(false),
        _ => Err(error_of(response).await),
    }
}

/// The one submit: the same `request_id` on every retry of the same draft.
pub async fn submit(config: &HostConfig, payload: &SubmitRequest, request_id: &str) -> Result<SubmitResponse, ApiError> {
    submit_with(config, payload, request_id, None).await
}

/// A submit given up after `timeout_ms` without an answer (an
/// [`ApiError::Network`]: the caller retries with the same `request_id`).
pub async fn submit_within(config: &HostConfig, payload: &SubmitRequest, request_id: &str, timeout_ms: u32) -> Result<SubmitResponse, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let timer = match (&controller, web_sys::window()) {
        (Some(controller), Some(window)) => {
            let controller = controller.clone();
            let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
            use wasm_bindgen::JsCast;
            window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), timeout_ms as i32).ok().map(|id| (window, id))
        }
        _ => None,
    };
    let signal = controller.as_ref().map(|c| c.signal());
    let result = submit_with(config, payload, request_id, signal.as_ref()).await;
    if let Some((window, id)) = timer {
        window.clear_timeout_with_handle(id);
    }
    result
}

async fn submit_with(config: &HostConfig, payload: &SubmitRequest, request_id: &str, abort: Option<&web_sys::AbortSignal>) -> Result<SubmitResponse, ApiError> {
    let body = json::to_string(payload).ok_or(ApiError::Decode)?;
    let response = send(config, |base| {
        RequestBuilder::new(&format!("{base}/submissions"))
            .method(gloo_net::http::Method::POST)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("MS-RequestId", request_id)
            .abort_signal(abort)
            .body(body.clone())
            .map_err(|_| ApiError::Network)
    })
    .await?;
    if response.status() != 201 && response.status() != 200 {
        return Err(error_of(response).await);
    }
    // A body cut off on the way is a lost answer like any other: retry with the same id.
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    json::from_str::<SubmitResponse>(&text).ok_or(ApiError::Decode)
}

pub async fn validate_address(config: &HostConfig, address: &PostalAddress) -> Result<AddressValidation, ApiError> {
    let body = json::to_string(address).ok_or(ApiError::Decode)?;
    let response = send(config, |base| {
        RequestBuilder::new(&format!("{base}/validations/address"))
            .method(gloo_net::http::Method::POST)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(body.clone())
            .map_err(|_| ApiError::Network)
    })
    .await?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    json::from_str(&text).ok_or(ApiError::Decode)
}
