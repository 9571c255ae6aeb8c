//! The HTTP surface: routes, middleware (auth, rate limit, faults, logs,
//! security headers) and the `/v1` handlers.

use customer_domain::wire::INDIRECT_RESELLER_RELATIONSHIP;
use crate::address::{self, AddressValidation, PostalAddress};
use crate::auth::{bearer, AbuseLimits, Authenticator, Identity, KeyedLimiter, DEFAULT_DEV_PARTNER, DEV_TOKEN_LIFETIME};
use crate::catalog::Catalog;
use crate::countries::Countries;
use crate::error::{code, ApiError, ErrorEnvelope};
use crate::faults::{ClientConnection, FaultInjector, FaultSettings, RequestFaults};
use crate::site::StaticSite;
use crate::store::{self, AuditRecord, NewSubmission, Store, SubmitOutcome};
use crate::submit::{self, CreatedCustomer, CustomerResource, OrderResource, SubmitResponse, UserCredentials};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, MatchedPath, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, head, post};
use axum::{Extension, Json, Router};
use customer_domain::catalog::{AgreementTemplate, Page, Relationship};
use customer_domain::date::Date;
use customer_domain::issue::{FieldIssue, Message};
use customer_domain::payload::{SubmitRequest, DOMAIN_SUFFIX, MCA_AGREEMENT_TYPE, MCA_TEMPLATE_ID};
use customer_domain::resources::CustomerSummary;
use customer_domain::pattern::NativeMatcher;
use customer_domain::validate::{self, field, PayloadContext};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::timeout::TimeoutLayer;

pub const MS_REQUEST_ID: HeaderName = HeaderName::from_static("ms-requestid");
pub const MS_CORRELATION_ID: HeaderName = HeaderName::from_static("ms-correlationid");
pub const X_LOCALE: HeaderName = HeaderName::from_static("x-locale");
pub const X_FAULT: HeaderName = HeaderName::from_static("x-fault");
/// Set on a response that repeats the stored answer to an earlier attempt.
pub const IDEMPOTENT_REPLAY: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The largest submission the domain rules accept (every text at its maximum
/// length in 4-byte characters, `validate::MAX_LINE_ITEMS` line items with
/// long offer ids and names) is 27 KB of JSON, under 40 KB with every
/// character `\u`-escaped (measured in the domain crate's tests/bounds.rs).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// Per-request limits (command-line flags; see README).
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// A whole request, body included; then 408.
    pub timeout: Duration,
    /// Larger bodies get 413 before they are read.
    pub max_body_bytes: usize,
}

const DEFAULT_PAGE_SIZE: u32 = 100;
const MAX_PAGE_SIZE: u32 = 1000;

pub struct AppState {
    pub store: Arc<Store>,
    /// How long a replay of a submit still carries the one-time password.
    pub password_window: Duration,
    /// How long an idempotency record is kept.
    pub idempotency_retention: Duration,
    pub countries: Countries,
    pub catalog: Catalog,
    pub resellers: Vec<Relationship>,
    pub auth: Authenticator,
    /// `--rate-limit`: requests per second per partner.
    pub rate_limiter: Option<KeyedLimiter<String>>,
    pub abuse: AbuseLimits,
    /// `Some` only with `--fault-injection`.
    pub faults: Option<FaultInjector>,
    pub dev_sign_in: bool,
    pub site: Option<StaticSite>,
    pub demo: Option<StaticSite>,
    pub content_security_policy: String,
    pub openapi_json: String,
    /// `--upstream partner-center`: submits create the customer in Partner Center.
    pub gateway: Option<crate::upstream::saga::Gateway>,
}

type AppStateRef = Arc<AppState>;

pub fn router(state: AppStateRef, cors_origins: &[String], limits: RequestLimits) -> Router {
    let mut api = Router::new()
        .route("/v1/countryvalidationrules/{iso2}", get(country_rules))
        .route("/v1/countries", get(countries))
        .route("/v1/domains/{domain}", head(domain_check))
        .route("/v1/validations/address", post(validate_address))
        .route("/v1/agreements", get(agreements))
        .route("/v1/relationships", get(relationships))
        .route("/v1/offers", get(offers))
        .route("/v1/submissions", post(submit))
        .route("/v1/customers", get(list_customers))
        .route("/v1/customers/{id}", get(get_customer))
        .route("/v1/customers/{id}/audit", get(get_customer_audit));
    if state.faults.is_some() {
        api = api.route("/_faults", get(fault_settings).post(configure_faults));
    }
    if crate::timing::enabled() {
        api = api.route("/_stage-timings", get(|| async { Json(crate::timing::take()) }));
    }
    // Innermost first: [gateway reads ←] handler ← faults ← rate limit ← auth.
    // Faults come after authentication so a caller without a token cannot trigger them.
    if state.gateway.is_some() {
        api = api.route_layer(middleware::from_fn_with_state(state.clone(), forward_reads));
    }
    if state.faults.is_some() {
        api = api.route_layer(middleware::from_fn_with_state(state.clone(), inject_faults));
    }
    api = api
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    if state.dev_sign_in {
        api = api.route("/v1/dev/token", post(dev_token));
    }
    let mut app = api
        .route("/openapi.json", get(openapi))
        .route("/demo", get(|| async { Redirect::permanent("/demo/") }))
        .fallback(static_files)
        .route_layer(middleware::from_fn(remember_route))
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(middleware::from_fn_with_state(limits.max_body_bytes, refuse_declared_oversize))
        .layer(middleware::from_fn(security_headers));
    if !cors_origins.is_empty() {
        app = app.layer(cors(cors_origins));
    }
    app.layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.timeout))
        .layer(middleware::from_fn(log_request))
}

fn cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    // Checked at start (`origin::parse`): visible ASCII, so always a header value.
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT, MS_REQUEST_ID, MS_CORRELATION_ID, X_LOCALE])
        .expose_headers([header::RETRY_AFTER, MS_REQUEST_ID, MS_CORRELATION_ID])
        .max_age(Duration::from_secs(600))
}

// ---------- middleware ----------

/// The route template that matched, handed to the logger through the response.
#[derive(Clone)]
struct RouteTemplate(String);

async fn remember_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let template = matched.map(|m| m.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(t) = template {
        response.extensions_mut().insert(RouteTemplate(t));
    }
    response
}

/// One line per request: method, route template (never the raw path, which
/// can hold a customer's domain), status, latency and the caller's request ids.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // Only well-formed GUIDs are logged: the headers are caller-controlled text.
    let request_id = header_guid(request.headers(), &MS_REQUEST_ID).unwrap_or_default();
    let correlation_id = header_guid(request.headers(), &MS_CORRELATION_ID).unwrap_or_default();
    let response = next.run(request).await;
    let route = response.extensions().get::<RouteTemplate>().map_or("<static>", |r| r.0.as_str()).to_owned();
    match route.as_str() {
        "/v1/submissions" => crate::timing::since("server.submit", started),
        "/v1/offers" => crate::timing::since("server.offers", started),
        _ => {}
    }
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        latency_us = started.elapsed().as_micros() as u64,
        request_id = %request_id,
        correlation_id = %correlation_id,
        "request"
    );
    response
}

/// Every response: no sniffing, no referrer. API answers (`/v1`, `/_faults`)
/// also `no-store`: they carry one-time passwords and customers' data, which
/// no browser or proxy cache may keep.
async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/v1" || path.starts_with("/v1/") || path.starts_with("/_faults");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A body declared larger than the limit is refused at once, unread; one
/// without a length (chunked) is cut off by `DefaultBodyLimit` as it arrives.
async fn refuse_declared_oversize(State(max_body_bytes): State<usize>, request: Request, next: Next) -> Response {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body_bytes as u64) {
        return payload_too_large().into_response();
    }
    next.run(request).await
}

fn payload_too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, code::PAYLOAD_TOO_LARGE, "PayloadTooLarge", "The request body is larger than this server accepts.")
}

/// Every `/v1` request names its partner: the bearer token is checked and the
/// caller's [`Identity`] put into the request. An address that keeps sending
/// bad tokens is answered 429 for a while, before its token is even looked at,
/// so guessing gets nowhere.
async fn authenticate(
    State(state): State<AppStateRef>,
    ConnectInfo(connection): ConnectInfo<ClientConnection>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = connection.peer.ip();
    if let Err(seconds) = state.abuse.failed_auth.peek(&address) {
        return ApiError::too_many_requests(seconds).into_response();
    }
    let token = bearer(request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()));
    match state.auth.authenticate(token).await {
        Ok(identity) => {
            request.extensions_mut().insert(identity);
            next.run(request).await
        }
        Err(failure) => {
            state.abuse.failed_auth.spend(&address);
            ApiError::unauthorized(&failure).into_response()
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, ApiError> {
        parts.extensions.get::<Identity>().cloned().ok_or_else(|| ApiError::unauthorized(&crate::auth::AuthFailure::Missing))
    }
}

/// `--rate-limit` per partner: a partner's many tokens (or users) share one budget.
async fn rate_limit(State(state): State<AppStateRef>, request: Request, next: Next) -> Response {
    if let (Some(limiter), Some(identity)) = (&state.rate_limiter, request.extensions().get::<Identity>()) {
        if let Err(seconds) = limiter.check(&identity.partner_id) {
            return ApiError::too_many_requests(seconds).into_response();
        }
    }
    next.run(request).await
}

/// Gateway mode: the wizard's reads are answered by Partner Center (see `upstream::reads`).
async fn forward_reads(State(state): State<AppStateRef>, request: Request, next: Next) -> Response {
    let Some(gateway) = &state.gateway else { return next.run(request).await };
    let Some((path_and_query, kind)) = crate::upstream::reads::upstream_path(request.method(), request.uri().path(), request.uri().query()) else {
        return next.run(request).await;
    };
    let headers = request.headers();
    // A locale is letters, digits and '-' (en-US, sv-SE); anything else is not passed on.
    let locale = headers
        .get(&X_LOCALE)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.len() <= 20 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned);
    if path_and_query.starts_with("/v1/offers") && locale.is_none() {
        return ApiError::new(StatusCode::BAD_REQUEST, code::MISSING_LOCALE, "MissingLocale", "The X-Locale header is required.").into_response();
    }
    let correlation_id = header_guid(headers, &MS_CORRELATION_ID);
    let method = request.method().clone();
    let body = if method == Method::POST {
        let ApiJson::<serde_json::Value>(body) = match ApiJson::from_request(request, &()).await {
            Ok(body) => body,
            Err(e) => return e.into_response(),
        };
        Some(body)
    } else {
        None
    };
    gateway
        .forward_read(crate::upstream::reads::Read {
            method,
            path_and_query: &path_and_query,
            locale: locale.as_deref(),
            correlation_id: correlation_id.as_deref(),
            body,
            kind,
        })
        .await
}

async fn inject_faults(State(state): State<AppStateRef>, mut request: Request, next: Next) -> Response {
    let Some(injector) = &state.faults else { return next.run(request).await };
    let faults = injector.for_request(request.headers().get(&X_FAULT).and_then(|v| v.to_str().ok()));
    if faults.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.delay_ms)).await;
    }
    if faults.fail_500 {
        return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, code::FAULT_INJECTED, "FaultInjected", "Injected failure; nothing was done.")
            .into_response();
    }
    request.extensions_mut().insert(faults);
    next.run(request).await
}

// ---------- extractors that answer in the error envelope ----------

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(request, state).await.map(|Json(v)| ApiJson(v)).map_err(|e| body_error(e.status(), e.body_text()))
    }
}

/// The raw body, within the body limit; rejections in the error envelope.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;
    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state).await.map(ApiBytes).map_err(|e| body_error(e.status(), e.body_text()))
    }
}

fn body_error(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        payload_too_large()
    } else {
        ApiError::bad_request(text)
    }
}

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items to skip (default 0).
    pub offset: Option<u32>,
    /// Page size (default 100, at most 1000).
    pub size: Option<u32>,
}

impl Paging {
    fn window(&self) -> (usize, usize) {
        (self.offset.unwrap_or(0) as usize, self.size.unwrap_or(DEFAULT_PAGE_SIZE).min(MAX_PAGE_SIZE) as usize)
    }
}

fn page_of<T: Clone>(items: &[T], paging: &Paging) -> Page<T> {
    let (offset, size) = paging.window();
    Page { total_count: items.len() as u32, items: items.iter().skip(offset).take(size).cloned().collect() }
}

// ---------- handlers ----------

#[utoipa::path(get, path = "/v1/countryvalidationrules/{iso2}", tag = "countries",
    params(("iso2" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    responses((status = 200, body = customer_domain::country::CountryRules), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn country_rules(State(state): State<AppStateRef>, Path(iso2): Path<String>) -> Result<Response, ApiError> {
    let rules = state.countries.rules_for(&iso2).ok_or_else(|| ApiError::not_found("The country"))?;
    Ok(Json(rules).into_response())
}

#[utoipa::path(get, path = "/v1/countries", tag = "countries",
    responses((status = 200, description = "ISO codes of the countries the partner can sell in", body = crate::openapi::CountryCodesPage)),
    security(("bearer" = [])))]
pub async fn countries(State(state): State<AppStateRef>) -> Json<Page<String>> {
    let codes = state.countries.codes();
    Json(Page { total_count: codes.len() as u32, items: codes })
}

fn full_domain(domain: &str) -> String {
    let domain = domain.trim().to_ascii_lowercase();
    if domain.ends_with(DOMAIN_SUFFIX) { domain } else { format!("{domain}{DOMAIN_SUFFIX}") }
}

#[utoipa::path(head, path = "/v1/domains/{domain}", tag = "customers",
    params(("domain" = String, Path, description = "`prefix.onmicrosoft.com` (case-insensitive)")),
    responses((status = 200, description = "Taken"), (status = 404, description = "Free")),
    security(("bearer" = [])))]
pub async fn domain_check(State(state): State<AppStateRef>, Path(domain): Path<String>) -> Result<StatusCode, ApiError> {
    let taken = state.store.domain_taken(&full_domain(&domain)).await?;
    Ok(if taken { StatusCode::OK } else { StatusCode::NOT_FOUND })
}

#[utoipa::path(post, path = "/v1/validations/address", tag = "countries",
    request_body = PostalAddress,
    responses((status = 200, body = AddressValidation), (status = 400, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn validate_address(State(state): State<AppStateRef>, ApiJson(address): ApiJson<PostalAddress>) -> Json<AddressValidation> {
    Json(address::validate(&state.countries, address))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    /// `MicrosoftCustomerAgreement`; other types have no templates here.
    pub agreement_type: Option<String>,
}

#[utoipa::path(get, path = "/v1/agreements", tag = "agreements", params(AgreementQuery),
    responses((status = 200, body = crate::openapi::AgreementTemplatesPage)),
    security(("bearer" = [])))]
pub async fn agreements(ApiQuery(query): ApiQuery<AgreementQuery>) -> Json<Page<AgreementTemplate>> {
    let mca = AgreementTemplate {
        template_id: MCA_TEMPLATE_ID.into(),
        agreement_type: MCA_AGREEMENT_TYPE.into(),
        agreement_link: "https://aka.ms/customeragreement".into(),
        version_rank: 0,
    };
    let items = match query.agreement_type.as_deref() {
        None => vec![mca],
        Some(t) if t.eq_ignore_ascii_case(MCA_AGREEMENT_TYPE) => vec![mca],
        Some(_) => Vec::new(),
    };
    Json(Page { total_count: items.len() as u32, items })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelationshipQuery {
    /// Must be `IsIndirectCloudSolutionProviderOf`.
    pub relationship_type: Option<String>,
    /// Case-insensitive part of the reseller's name.
    pub name: Option<String>,
    pub offset: Option<u32>,
    pub size: Option<u32>,
}

#[utoipa::path(get, path = "/v1/relationships", tag = "resellers", params(RelationshipQuery),
    responses((status = 200, body = crate::openapi::RelationshipsPage), (status = 400, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn relationships(State(state): State<AppStateRef>, ApiQuery(query): ApiQuery<RelationshipQuery>) -> Result<Json<Page<Relationship>>, ApiError> {
    if query.relationship_type.as_deref() != Some(INDIRECT_RESELLER_RELATIONSHIP) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            code::INVALID_RELATIONSHIP_TYPE,
            "InvalidRelationshipType",
            format!("relationship_type must be {INDIRECT_RESELLER_RELATIONSHIP}."),
        ));
    }
    let paging = Paging { offset: query.offset, size: query.size };
    let needle = query.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_lowercase);
    Ok(Json(match needle {
        None => page_of(&state.resellers, &paging),
        Some(needle) => {
            let matching: Vec<Relationship> = state.resellers.iter().filter(|r| r.name.to_lowercase().contains(&needle)).cloned().collect();
            page_of(&matching, &paging)
        }
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferQuery {
    /// ISO code of the customer's country (required).
    pub country: Option<String>,
    pub offset: Option<u32>,
    pub size: Option<u32>,
}

#[utoipa::path(get, path = "/v1/offers", tag = "offers", params(OfferQuery,
        ("X-Locale" = String, Header, description = "e.g. en-US or sv-SE; localizes descriptions and categories")),
    responses((status = 200, body = crate::openapi::OffersPage), (status = 400, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn offers(State(state): State<AppStateRef>, headers: HeaderMap, ApiQuery(query): ApiQuery<OfferQuery>) -> Result<Response, ApiError> {
    let locale = headers.get(&X_LOCALE).and_then(|v| v.to_str().ok()).map(str::trim).filter(|l| !l.is_empty());
    let Some(locale) = locale else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, code::MISSING_LOCALE, "MissingLocale", "The X-Locale header is required."));
    };
    let country = query.country.as_deref().map(str::trim).unwrap_or("");
    if state.countries.rules_for(country).is_none() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            code::COUNTRY_NOT_SUPPORTED,
            "CountryNotSupported",
            "The partner is not onboarded to sell in that country (query parameter `country`).",
        ));
    }
    let paging = Paging { offset: query.offset, size: query.size };
    Ok(Json(page_of(state.catalog.for_locale(locale), &paging)).into_response())
}

fn header_guid(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| uuid::Uuid::parse_str(v.trim()).ok()).map(|u| u.to_string())
}

fn today_utc() -> Date {
    let now = time::OffsetDateTime::now_utc();
    Date::new(now.year() as u16, now.month() as u8, now.day()).expect("a real date")
}

pub(crate) fn now_rfc3339() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::now_utc().format(&format).expect("formattable")
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// The stored answer to an earlier attempt with this request id, if any.
pub(crate) fn replay_or_conflict(previous: store::StoredResponse, request_hash: &str) -> Response {
    if previous.request_hash == request_hash {
        let status = StatusCode::from_u16(previous.status).unwrap_or(StatusCode::OK);
        let mut response = json_response(status, previous.body);
        response.headers_mut().insert(IDEMPOTENT_REPLAY, HeaderValue::from_static("true"));
        response
    } else {
        request_id_reused().into_response()
    }
}

fn request_id_reused() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        code::REQUEST_ID_REUSED,
        "RequestIdReused",
        "This MS-RequestId was already used for a different request; use a new MS-RequestId for a new request.",
    )
}

#[utoipa::path(post, path = "/v1/submissions", tag = "customers",
    request_body = customer_domain::payload::SubmitRequest,
    params(
        ("MS-RequestId" = String, Header, description = "GUID; the idempotency key. Retry with the same value after a timeout or 5xx."),
        ("MS-CorrelationId" = Option<String>, Header, description = "GUID for tracing")),
    responses(
        (status = 201, description = "Customer, agreement and order created (or the replay of that answer)", body = SubmitResponse),
        (status = 400, description = "Validation failed; `data` lists each field", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 409, description = "Domain taken (1409) or MS-RequestId reused for another body (1410)", body = ErrorEnvelope),
        (status = 429, body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn submit(
    State(state): State<AppStateRef>,
    identity: Identity,
    ConnectInfo(connection): ConnectInfo<ClientConnection>,
    faults: Option<Extension<RequestFaults>>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Response, ApiError> {
    let decoding = Instant::now();
    let request_id = header_guid(&headers, &MS_REQUEST_ID).ok_or_else(|| {
        ApiError::new(StatusCode::BAD_REQUEST, code::MISSING_REQUEST_ID, "MissingRequestId", "The MS-RequestId header must be a GUID.")
    })?;
    let request: SubmitRequest = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("The body is not a valid submission: {e}")))?;
    // Hash the parsed request, so a retry that formats the JSON differently is still the same request.
    let request_hash: String = Sha256::digest(serde_json::to_vec(&request).expect("serializable")).iter().map(|b| format!("{b:02x}")).collect();

    // In a block: the context borrows a matcher that must not live across an await.
    let issues = {
        let gateway = state.gateway.is_some();
        let context = PayloadContext {
            country: state.countries.rules_for(request.customer.billing_profile.default_address.country.trim()),
            // In gateway mode offers and resellers are Partner Center's: it checks them (800004, 2002, 900123).
            offers: if gateway { &[] } else { state.catalog.offers() },
            resellers: if gateway { &[] } else { &state.resellers },
            today: today_utc(),
            matcher: &NativeMatcher,
        };
        let mut issues = validate::payload(&request, &context);
        if gateway {
            issues.retain(|i| !matches!(i.message, Message::UnknownOffer | Message::UnknownReseller));
        }
        issues
    };
    if !issues.is_empty() {
        // An earlier attempt with this id may have succeeded (and the payload
        // only now fails, e.g. a catalogue change): its answer wins.
        if let Some(previous) = state.store.stored_response(&identity.partner_id, &request_id, store::unix_now()).await? {
            return Ok(replay_or_conflict(previous, &request_hash));
        }
        return Err(ApiError::new(StatusCode::BAD_REQUEST, code::VALIDATION_FAILED, "ValidationFailed", "The submission has invalid fields; see data.")
            .with_data(issues));
    }

    crate::timing::since("submit.decode_and_validate", decoding);
    if let Some(gateway) = &state.gateway {
        // The gateway looks for an earlier answer itself, under its lock for the customer.
        let context = crate::upstream::saga::SubmitContext {
            partner_id: identity.partner_id,
            request_id,
            request_hash,
            request,
            password_window: state.password_window,
            retention: state.idempotency_retention,
        };
        return gateway.submit(&state.store, context).await;
    }

    let correlation_id = header_guid(&headers, &MS_CORRELATION_ID);
    let submission = prepare(&state, identity, request, request_id, correlation_id, request_hash);
    let outcome = state.store.submit(submission).await?;
    let drop_connection = |state: &AppState| {
        if let Some(injector) = &state.faults {
            if injector.drop_this_commit(faults.as_ref().is_some_and(|f| f.drop_after_commit)) {
                tracing::warn!("fault injection: dropping the connection after commit");
                connection.switch.kill();
            }
        }
    };
    Ok(match outcome {
        SubmitOutcome::Created(body) => {
            drop_connection(&state);
            json_response(StatusCode::CREATED, body)
        }
        SubmitOutcome::DomainTaken(body) => {
            drop_connection(&state);
            json_response(StatusCode::CONFLICT, body)
        }
        SubmitOutcome::Replayed { status, body } => {
            let mut response = json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
            response.headers_mut().insert(IDEMPOTENT_REPLAY, HeaderValue::from_static("true"));
            response
        }
        SubmitOutcome::RequestIdReused => request_id_reused().into_response(),
    })
}

/// Ids, password, timestamps and both possible answers, made before the write.
fn prepare(state: &AppState, identity: Identity, request: SubmitRequest, request_id: String, correlation_id: Option<String>, request_hash: String) -> NewSubmission {
    let SubmitRequest { mut customer, agreement, mut order } = request;
    customer.company_profile.domain = customer.company_profile.domain.trim().to_ascii_lowercase();
    if let Some(partner) = customer.associated_partner_id.as_mut() {
        *partner = partner.trim().to_owned();
    }
    // Time-ordered GUIDs (v7): the id indexes then grow at their right edge
    // instead of touching a random page per insert, which halves the WAL written.
    let customer_id = uuid::Uuid::now_v7().to_string();
    let created_at = now_rfc3339();
    // The catalogue's name, never the caller's text (validated: every offer is in it).
    for line in &mut order.line_items {
        line.friendly_name = state.catalog.offers().iter().find(|o| o.id == line.offer_id).map(|o| o.name.clone());
    }
    let resource = CustomerResource {
        id: customer_id.clone(),
        commerce_id: uuid::Uuid::new_v4().to_string(),
        company_profile: customer.company_profile,
        billing_profile: customer.billing_profile,
        associated_partner_id: customer.associated_partner_id,
        relationship_to_partner: "reseller".into(),
    };
    let order = OrderResource {
        id: uuid::Uuid::now_v7().to_string(),
        reference_customer_id: customer_id.clone(),
        billing_cycle: order.billing_cycle,
        line_items: order.line_items,
        status: "pending".into(),
        creation_date: created_at.clone(),
    };
    let mut response = SubmitResponse {
        customer: CreatedCustomer {
            resource: resource.clone(),
            user_credentials: UserCredentials { user_name: "admin".into(), password: None, password_already_shown: true },
        },
        agreement,
        order,
    };
    let created_body_without_secret = serde_json::to_string(&response).expect("serializable");
    response.customer.user_credentials = UserCredentials { user_name: "admin".into(), password: Some(submit::generate_password()), password_already_shown: false };
    let now = store::unix_now();
    let domain_taken = ApiError::new(StatusCode::CONFLICT, code::DOMAIN_TAKEN, "DomainTaken", "The domain belongs to another customer; choose another.")
        .with_data(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)])
        .envelope;
    NewSubmission {
        partner_id: identity.partner_id,
        user_id: identity.user_id,
        request_id,
        correlation_id,
        request_hash,
        customer_id,
        commerce_id: resource.commerce_id.clone(),
        domain: resource.company_profile.domain.clone(),
        company_name: resource.billing_profile.company_name.trim().to_owned(),
        country: resource.billing_profile.default_address.country.trim().to_owned(),
        relationship_to_partner: resource.relationship_to_partner.clone(),
        associated_partner_id: resource.associated_partner_id.clone(),
        created_at,
        customer_json: serde_json::to_string(&resource).expect("serializable"),
        agreement_template_id: response.agreement.template_id.clone(),
        agreement_type: response.agreement.agreement_type.clone(),
        agreement_date: response.agreement.date_agreed.clone(),
        primary_contact_json: serde_json::to_string(&response.agreement.primary_contact).expect("serializable"),
        order_id: response.order.id.clone(),
        billing_cycle: response.order.billing_cycle.clone(),
        order_status: response.order.status.clone(),
        line_items: response.order.line_items.clone(),
        created_body: serde_json::to_string(&response).expect("serializable"),
        created_body_without_secret,
        domain_taken_body: serde_json::to_string(&domain_taken).expect("serializable"),
        now,
        secret_expires_at: now + state.password_window.as_secs() as i64,
        expires_at: now + state.idempotency_retention.as_secs() as i64,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomersPage {
    pub total_count: u32,
    pub items: Vec<CustomerSummary>,
}

#[utoipa::path(get, path = "/v1/customers", tag = "customers", params(Paging),
    responses((status = 200, description = "Newest first", body = CustomersPage)),
    security(("bearer" = [])))]
pub async fn list_customers(State(state): State<AppStateRef>, identity: Identity, ApiQuery(paging): ApiQuery<Paging>) -> Result<Json<CustomersPage>, ApiError> {
    let (offset, size) = paging.window();
    let (total_count, items) = state.store.customers_page(&identity.partner_id, offset as u32, size as u32).await?;
    Ok(Json(CustomersPage { total_count, items }))
}

#[utoipa::path(get, path = "/v1/customers/{id}", tag = "customers",
    params(("id" = String, Path, description = "Tenant id")),
    responses((status = 200, description = "Never includes credentials", body = CustomerResource),
        (status = 404, description = "No such customer of this partner", body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn get_customer(State(state): State<AppStateRef>, identity: Identity, Path(id): Path<String>) -> Result<Response, ApiError> {
    let json = state.store.customer_json(&identity.partner_id, &id).await?;
    json.map(|body| json_response(StatusCode::OK, body)).ok_or_else(|| ApiError::not_found("The customer"))
}

#[utoipa::path(get, path = "/v1/customers/{id}/audit", tag = "customers",
    params(("id" = String, Path, description = "Tenant id")),
    responses((status = 200, description = "Who created the customer, through which request, when", body = AuditRecord),
        (status = 404, description = "No such customer of this partner", body = ErrorEnvelope)),
    security(("bearer" = [])))]
pub async fn get_customer_audit(State(state): State<AppStateRef>, identity: Identity, Path(id): Path<String>) -> Result<Json<AuditRecord>, ApiError> {
    state.store.audit(&identity.partner_id, &id).await?.map(Json).ok_or_else(|| ApiError::not_found("The customer"))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DevToken {
    pub access_token: String,
    /// Seconds.
    pub expires_in: u64,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DevSignIn {
    /// The partner to act for (letters, digits, `-`, `_`, `.`; default `demo-partner`).
    pub partner_id: Option<String>,
}

#[utoipa::path(post, path = "/v1/dev/token", tag = "dev", request_body(content = Option<DevSignIn>),
    responses((status = 200, description = "Only with --dev-sign-in", body = DevToken), (status = 400, body = ErrorEnvelope),
        (status = 404), (status = 429, body = ErrorEnvelope)))]
pub async fn dev_token(State(state): State<AppStateRef>, ConnectInfo(connection): ConnectInfo<ClientConnection>, body: Bytes) -> Result<Json<DevToken>, ApiError> {
    state.abuse.dev_sign_in.check(&connection.peer.ip()).map_err(ApiError::too_many_requests)?;
    let sign_in: DevSignIn = if body.iter().all(u8::is_ascii_whitespace) {
        DevSignIn::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("The body is not a dev sign-in: {e}")))?
    };
    let partner = sign_in.partner_id.as_deref().map(str::trim).unwrap_or(DEFAULT_DEV_PARTNER);
    if !crate::auth::valid_partner_id(partner) {
        return Err(ApiError::bad_request("partnerId must be 1-64 letters, digits, '-', '_' or '.'."));
    }
    let access_token = state.auth.issue_dev_token(partner, &format!("dev-user@{partner}"));
    Ok(Json(DevToken { access_token, expires_in: DEV_TOKEN_LIFETIME.as_secs() }))
}

#[utoipa::path(get, path = "/_faults", tag = "dev",
    responses((status = 200, description = "Only with --fault-injection", body = FaultSettings)),
    security(("bearer" = [])))]
pub async fn fault_settings(State(state): State<AppStateRef>) -> Json<FaultSettings> {
    Json(state.faults.as_ref().map(FaultInjector::settings).unwrap_or_default())
}

#[utoipa::path(post, path = "/_faults", tag = "dev", request_body = FaultSettings,
    responses((status = 200, description = "Only with --fault-injection; counters restart", body = FaultSettings)),
    security(("bearer" = [])))]
pub async fn configure_faults(State(state): State<AppStateRef>, ApiJson(settings): ApiJson<FaultSettings>) -> Json<FaultSettings> {
    if let Some(injector) = &state.faults {
        injector.configure(settings);
    }
    Json(settings)
}

pub async fn openapi(State(state): State<AppStateRef>) -> Response {
    json_response(StatusCode::OK, state.openapi_json.clone())
}

async fn static_files(State(state): State<AppStateRef>, method: Method, request_headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let reserved = path.starts_with("/v1/") || path == "/v1" || path.starts_with("/_") || path.starts_with("/openapi");
    if reserved || !(method == Method::GET || method == Method::HEAD) {
        return ApiError::not_found("The resource").into_response();
    }
    let site = match path.strip_prefix("/demo/") {
        Some(rest) => state.demo.as_ref().map(|demo| (demo, rest)),
        None => state.site.as_ref().map(|site| (site, path)),
    };
    match site {
        Some((site, relative)) => site.respond(relative, &request_headers, &state.content_security_policy),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
