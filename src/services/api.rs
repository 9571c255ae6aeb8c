//! The API the wizard speaks (Partner Center paths and shapes). The host's
//! token is asked for before every request and never stored.

use super::json::{self, read::Read, Json};
use crate::i18n::Locale;
use customer_domain::catalog::{AgreementTemplate, Offer, Page, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::resources::{AddressValidation, CustomerSummary, PostalAddress};
use customer_domain::wire::{ErrorReply, SubmitReceipt, INDIRECT_RESELLER_RELATIONSHIP};
use gloo_net::http::{Request, RequestBuilder, Response};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub(crate) mod read;

/// Where and as whom the wizard calls the API: the host's base URL, the
/// user's language and the host's token provider.
#[derive(Clone)]
pub(crate) struct Api {
    /// e.g. `/v1` or `https://api.example.com/v1`, without a trailing slash.
    pub(crate) base: String,
    pub(crate) locale: Locale,
    /// `(options) => Promise<string>`: the host's bearer token.
    pub(crate) token_provider: Option<js_sys::Function>,
}

#[derive(Debug, Clone)]
pub(crate) enum ApiError {
    /// No response arrived (offline, dropped connection, CORS, timeout).
    Network,
    /// The server answered with an error status.
    Status { status: u16, envelope: Option<ErrorReply>, retry_after: Option<u32> },
    /// The response did not have the expected shape.
    Decode,
}

async fn token(api: &Api, refresh: bool) -> Option<String> {
    let provider = api.token_provider.as_ref()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"refresh".into(), &refresh.into()).ok()?;
    let result = provider.call1(&JsValue::NULL, &options).ok()?;
    let value = JsFuture::from(js_sys::Promise::resolve(&result)).await.ok()?;
    value.as_string().filter(|t| !t.is_empty())
}

fn correlation_id() -> String {
    super::browser::random_uuid()
}

/// Sends a request built by `build`, with the host's token; after a 401 asks
/// the host for a fresh token and tries once more. `build` is a trait object
/// so that this future is compiled once, not once per request kind.
async fn send(api: &Api, build: &dyn Fn(String) -> Result<Request, ApiError>) -> Result<Response, ApiError> {
    let mut refresh = false;
    loop {
        let url = api.base.clone();
        let request = build(url)?;
        let headers = request.headers();
        if let Some(token) = token(api, refresh).await {
            headers.set("Authorization", &format!("Bearer {token}"));
        }
        headers.set("MS-CorrelationId", &correlation_id());
        headers.set("X-Locale", api.locale.tag());
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        if response.status() == 401 && !refresh && api.token_provider.is_some() {
            refresh = true;
            continue;
        }
        return Ok(response);
    }
}

async fn error_of(response: Response) -> ApiError {
    let retry_after = response.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
    let status = response.status();
    let envelope = response.text().await.ok().and_then(|text| read::error_reply(&json::from_str(&text)?));
    ApiError::Status { status, envelope, retry_after }
}

/// The body of a successful GET of `path`. Not generic, so the request's
/// future exists once; [`get_json`] only adds the parse.
async fn get_text(api: &Api, path: &str) -> Result<String, ApiError> {
    let response = send(api, &|base| {
        RequestBuilder::new(&format!("{base}{path}")).header("Accept", "application/json").build().map_err(|_| ApiError::Network)
    })
    .await?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    response.text().await.map_err(|_| ApiError::Network)
}

async fn get_json<T>(api: &Api, path: &str, read: Read<T>) -> Result<T, ApiError> {
    let text = get_text(api, path).await?;
    parse(&text, read)
}

/// An answer's text read by `read` (after the browser's `JSON.parse`).
fn parse<T>(text: &str, read: Read<T>) -> Result<T, ApiError> {
    json::from_str(text).as_ref().and_then(read).ok_or(ApiError::Decode)
}

fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

pub(crate) async fn country_rules(api: &Api, iso2: &str) -> Result<CountryRules, ApiError> {
    get_json(api, &format!("/countryvalidationrules/{}", encode(iso2)), read::country_rules).await
}

pub(crate) async fn countries(api: &Api) -> Result<Vec<String>, ApiError> {
    get_json(api, "/countries", |v| read::page(v, json::read::text)).await.map(|p| p.items)
}

/// The page size the API allows at most.
const PAGE_SIZE: usize = 1000;

/// Every item of a paged collection (`{totalCount, items}`), page by page.
async fn all_pages<T>(api: &Api, path: &str, item: Read<T>) -> Result<Vec<T>, ApiError> {
    let mut items = Vec::new();
    read_pages(api, path, &mut |text| {
        let page = read::page(&json::from_str(text)?, item)?;
        let received = page.items.len();
        items.extend(page.items);
        Some(PageRead { received, held: items.len(), total: page.total_count as usize })
    })
    .await?;
    Ok(items)
}

/// What one page added: its items, all items so far, and the collection's total.
struct PageRead {
    received: usize,
    held: usize,
    total: usize,
}

/// The page loop of [`all_pages`], not generic, so its future exists once:
/// `read` parses a page's text and keeps its items.
async fn read_pages(api: &Api, path: &str, read: &mut dyn FnMut(&str) -> Option<PageRead>) -> Result<(), ApiError> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut offset = 0;
    loop {
        let text = get_text(api, &format!("{path}{separator}offset={offset}&size={PAGE_SIZE}")).await?;
        let page = read(&text).ok_or(ApiError::Decode)?;
        offset = page.held;
        if page.received == 0 || page.held >= page.total {
            return Ok(());
        }
    }
}

pub(crate) async fn offers(api: &Api, country: &str) -> Result<Vec<Offer>, ApiError> {
    all_pages(api, &format!("/offers?country={}", encode(country)), read::offer).await
}

pub(crate) async fn resellers(api: &Api) -> Result<Vec<Relationship>, ApiError> {
    all_pages(api, &format!("/relationships?relationship_type={INDIRECT_RESELLER_RELATIONSHIP}"), read::relationship).await
}

pub(crate) async fn agreement_template(api: &Api) -> Result<AgreementTemplate, ApiError> {
    let page = get_json(api, "/agreements?agreementType=MicrosoftCustomerAgreement", |v| read::page(v, read::agreement_template)).await?;
    let mut template = page.items.into_iter().max_by_key(|t| t.version_rank).ok_or(ApiError::Decode)?;
    // Only an http(s) link is shown; otherwise the step links the agreement's public page.
    template.agreement_link = super::browser::link("agreementLink", &template.agreement_link);
    Ok(template)
}

/// One page of the partner's customers, newest first, with the total count.
pub(crate) async fn customers(api: &Api, offset: usize, size: usize) -> Result<Page<CustomerSummary>, ApiError> {
    get_json(api, &format!("/customers?offset={offset}&size={size}"), |v| read::page(v, read::customer_summary)).await
}

/// `HEAD /domains/{domain}`: 200 taken, 404 free. `abort` cancels a stale check.
pub(crate) async fn domain_taken(api: &Api, domain: &str, abort: Option<&web_sys::AbortSignal>) -> Result<bool, ApiError> {
    let response = send(api, &|base| {
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

/// A submit of `body` (a submit request as JSON) given up after `timeout_ms` without an answer (an
/// [`ApiError::Network`]: the caller retries with the same `request_id`).
pub(crate) async fn submit_within(api: &Api, body: &Json, request_id: &str, timeout_ms: u32) -> Result<SubmitReceipt, ApiError> {
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
    let result = submit_with(api, body, request_id, signal.as_ref()).await;
    if let Some((window, id)) = timer {
        window.clear_timeout_with_handle(id);
    }
    result
}

async fn submit_with(api: &Api, body: &Json, request_id: &str, abort: Option<&web_sys::AbortSignal>) -> Result<SubmitReceipt, ApiError> {
    let body = json::to_string(body).ok_or(ApiError::Decode)?;
    let response = send(api, &|base| {
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
    parse(&text, read::submit_receipt)
}

pub(crate) async fn validate_address(api: &Api, address: &PostalAddress) -> Result<AddressValidation, ApiError> {
    let body = json::to_string(address).ok_or(ApiError::Decode)?;
    let response = send(api, &|base| {
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
    parse(&text, read::address_validation)
}
