//! A stand-in for Partner Center, for the server's gateway tests: the REST
//! calls a submit makes and the identity platform's token endpoint, over real
//! HTTP on a loopback port. It follows the documentation only; each handler
//! names the page its request, answer and error codes come from (Partner
//! Center REST reference, learn.microsoft.com/partner-center/developer/…).
//!
//! Faults are queued per operation ([`Op`]) and taken by the next calls:
//! 5xx, 429 with `Retry-After`, delays (timeouts), an answer lost after the
//! change was made, a call held until the test releases it (to kill the
//! caller mid-stage), documented business errors. The token endpoint can
//! rotate refresh tokens and revoke the old ones.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::extract::Query;
use axum::routing::{get, head, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// The documented MCA template id ("Get agreement metadata for Microsoft Customer Agreement").
pub const MCA_TEMPLATE_ID: &str = "117a77b0-9360-443b-8795-c6dedc750cf9";

/// Countries that require an organization registration number and a phone
/// number ("Create a customer": organizationRegistrationNumber).
const REGISTRATION_COUNTRIES: &[&str] =
    &["AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "IN", "BR", "ZA", "PL", "AE", "SA", "TR", "TH", "VN", "MM", "IQ", "SS", "VE"];

/// An offer of the double's catalogue ("Get a list of offers for a market").
#[derive(Debug, Clone)]
pub struct Offer {
    pub id: &'static str,
    pub name: &'static str,
    pub minimum_quantity: u32,
    pub maximum_quantity: u32,
}

pub const OFFERS: &[Offer] = &[
    Offer { id: "031C9E47-4802-4248-838E-778FB1D2CC05", name: "Office 365 Business Essentials", minimum_quantity: 1, maximum_quantity: 300 },
    Offer { id: "91FD106F-4B2C-4938-95AC-F54F74E9A239", name: "Office 365 E3", minimum_quantity: 1, maximum_quantity: 10000 },
    Offer { id: "A3DA9B6E-6C48-4B7F-8D0E-7D8F6A0E2B11", name: "Microsoft 365 Business Premium", minimum_quantity: 5, maximum_quantity: 300 },
];

/// An indirect reseller ("Retrieve a list of indirect resellers"); `mpa_signed`
/// as "Get the agreement status of an indirect reseller" would say.
#[derive(Debug, Clone)]
pub struct Reseller {
    pub tenant_id: &'static str,
    pub mpn_id: &'static str,
    pub mpa_signed: bool,
}

pub const RESELLERS: &[Reseller] = &[
    Reseller { tenant_id: "5f3b2a9c-1d4e-4f60-8a7b-9c0d1e2f3a4b", mpn_id: "4847383", mpa_signed: true },
    Reseller { tenant_id: "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968", mpn_id: "5123456", mpa_signed: false },
];

/// The operations faults are queued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Token,
    CreateCustomer,
    ConfirmAgreement,
    PlaceOrder,
    /// Any of the reads (country rules, offers, agreements, resellers, domains, addresses).
    Read,
}

/// What the next call of an operation does instead of (or besides) its work.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers this status (5xx) before doing anything.
    Status(u16),
    /// Answers 429 with `Retry-After: seconds`, doing nothing.
    Throttle(u64),
    /// Waits this long, then does the work and answers (a timeout if longer than the caller waits).
    Delay(Duration),
    /// Does the work, then waits this long before answering: the answer is
    /// lost to a caller that gives up sooner.
    LoseAnswer(Duration),
    /// Signals [`Double::held`] and waits for [`Double::release`]. With
    /// `commit` the work is done before the signal (the change is made and
    /// the answer held); without, nothing is done and the call ends in 503
    /// once released (as if it never arrived), for killing the caller mid-call.
    Hold { commit: bool },
    /// A documented business error: status, code, description.
    Reject(u16, u32, &'static str),
}

/// How the token endpoint signs the server in.
#[derive(Debug, Clone)]
pub struct Config {
    pub app_id: String,
    pub app_secret: String,
    pub refresh_token: String,
    /// `expires_in` of the access tokens it issues.
    pub access_token_lifetime: u64,
    /// Every grant returns a new refresh token and revokes the one used.
    pub rotate_refresh_tokens: bool,
}

/// What the double has done, for the tests' assertions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub customers: usize,
    pub agreements: usize,
    pub orders: usize,
    pub token_grants: usize,
}

/// One call as the double saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub op: Op,
    /// Path and query as received.
    pub path: String,
    pub locale: String,
    pub if_none_match: String,
    pub request_id: String,
    pub correlation_id: String,
}

#[derive(Default)]
struct Data {
    /// id → customer resource
    customers: HashMap<String, Value>,
    /// The customers' domains (lower case): a domain check takes the same
    /// time however many customers earlier calls created, as it should for a
    /// benchmark that compares two phases run one after the other.
    domains: HashSet<String>,
    /// customer id → agreement
    agreements: HashMap<String, Value>,
    orders: Vec<Value>,
    /// (op, MS-RequestId) → the answer given (documented idempotency).
    answers: HashMap<(Op, String), (u16, Value)>,
    faults: HashMap<Op, VecDeque<Fault>>,
    refresh_tokens: HashSet<String>,
    access_tokens: HashSet<String>,
    token_grants: usize,
    seen: Vec<Seen>,
    /// Every form the token endpoint received, for the tests' secret checks.
    token_forms: Vec<String>,
    /// Every access and refresh token ever issued.
    issued: Vec<String>,
}

struct Shared {
    config: Config,
    data: Mutex<Data>,
    held: Notify,
    release: Notify,
}

pub struct Double {
    /// `http://127.0.0.1:port`: the API root to give the server.
    pub base: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Double {
    /// Listens on a free loopback port; call inside a tokio runtime.
    pub async fn start(config: Config) -> Double {
        let mut data = Data::default();
        data.refresh_tokens.insert(config.refresh_token.clone());
        let shared = Arc::new(Shared { config, data: Mutex::new(data), held: Notify::new(), release: Notify::new() });
        let app = Router::new()
            .route("/{tenant}/oauth2/v2.0/token", post(token))
            .route("/v1/customers", post(create_customer))
            .route("/v1/customers/{id}/agreements", post(confirm_agreement))
            .route("/v1/customers/{id}/orders", post(place_order))
            .route("/v1/domains/{domain}", head(domain_exists))
            .route("/v1/countryvalidationrules/{iso2}", get(country_rules))
            .route("/v1/offers", get(offers))
            .route("/v1/agreements", get(agreements))
            .route("/v1/relationships", get(relationships))
            .route("/v1/validations/address", post(validate_address))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the double");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Double { base, shared, server }
    }

    /// The token endpoint, as `--upstream-token-url`.
    pub fn token_url(&self) -> String {
        format!("{}/partner-tenant/oauth2/v2.0/token", self.base)
    }

    /// Queues `fault` for the next call of `op`.
    pub fn fault(&self, op: Op, fault: Fault) {
        self.data().faults.entry(op).or_default().push_back(fault);
    }

    pub fn counts(&self) -> Counts {
        let data = self.data();
        Counts { customers: data.customers.len(), agreements: data.agreements.len(), orders: data.orders.len(), token_grants: data.token_grants }
    }

    /// What exists for the customer with this domain (`<prefix>.onmicrosoft.com`):
    /// customers, agreements and orders, and the orders themselves.
    pub fn for_domain(&self, domain: &str) -> (Counts, Vec<Value>) {
        let data = self.data();
        let domain = domain.to_ascii_lowercase();
        let ids: Vec<&String> = data.customers.iter().filter(|(_, c)| c["companyProfile"]["domain"].as_str() == Some(domain.as_str())).map(|(id, _)| id).collect();
        let orders: Vec<Value> = data.orders.iter().filter(|o| ids.iter().any(|id| o["referenceCustomerId"].as_str() == Some(id.as_str()))).cloned().collect();
        let counts = Counts {
            customers: ids.len(),
            agreements: ids.iter().filter(|id| data.agreements.contains_key(id.as_str())).count(),
            orders: orders.len(),
            token_grants: data.token_grants,
        };
        (counts, orders)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.data().seen.clone()
    }

    pub fn token_forms(&self) -> Vec<String> {
        self.data().token_forms.clone()
    }

    /// Every access and refresh token the endpoint ever issued.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.data().issued.clone()
    }

    /// The refresh tokens the endpoint accepts now.
    pub fn live_refresh_tokens(&self) -> Vec<String> {
        self.data().refresh_tokens.iter().cloned().collect()
    }

    /// Revokes every access token issued so far (as an expiry would).
    pub fn expire_access_tokens(&self) {
        self.data().access_tokens.clear();
    }

    pub fn orders(&self) -> Vec<Value> {
        self.data().orders.clone()
    }

    /// Waits until a call is held by [`Fault::Hold`].
    pub async fn held(&self) {
        self.shared.held.notified().await;
    }

    /// Lets a held call go on.
    pub fn release(&self) {
        self.shared.release.notify_one();
    }

    fn data(&self) -> std::sync::MutexGuard<'_, Data> {
        self.shared.data.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Double {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Data> {
    shared.data.lock().unwrap_or_else(|e| e.into_inner())
}

/// Partner Center's error body ("Partner Center REST error codes"): `{code, description, data, source}`.
fn error(status: u16, code: u32, description: &str) -> (u16, Value) {
    (status, json!({"code": code, "description": description, "data": [], "source": "PartnerFD"}))
}

fn answer((status, body): (u16, Value)) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if body.is_null() {
        status.into_response()
    } else {
        (status, Json(body)).into_response()
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

// ---------- the token endpoint ----------

/// The identity platform's token endpoint, `grant_type=refresh_token`
/// ("Secure application model framework": refresh token → access token for
/// Partner Center). Errors as OAuth 2.0: `{error, error_description}`.
async fn token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let take_fault = { lock(&shared).faults.get_mut(&Op::Token).and_then(VecDeque::pop_front) };
    match take_fault {
        Some(Fault::Status(status)) => answer((status, json!({"error": "temporarily_unavailable"}))),
        Some(Fault::Throttle(seconds)) => ([("retry-after", seconds.to_string())], StatusCode::TOO_MANY_REQUESTS).into_response(),
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            grant(&shared, &body)
        }
        // The grant is made (a rotated refresh token revokes the one
        // presented), and its answer comes late or is held: lost to a caller
        // that stops waiting.
        Some(Fault::LoseAnswer(d)) => {
            let granted = grant(&shared, &body);
            tokio::time::sleep(d).await;
            granted
        }
        Some(Fault::Hold { commit: true }) => {
            let granted = grant(&shared, &body);
            shared.held.notify_one();
            shared.release.notified().await;
            granted
        }
        Some(Fault::Hold { commit: false }) => {
            shared.held.notify_one();
            shared.release.notified().await;
            answer((503, json!({"error": "temporarily_unavailable"})))
        }
        Some(Fault::Reject(status, _, description)) => answer((status, json!({"error": "invalid_request", "error_description": description}))),
        None => grant(&shared, &body),
    }
}

/// A `refresh_token` grant: checks the client and the refresh token, issues
/// an access token and, when rotating, a new refresh token in place of the
/// one presented.
fn grant(shared: &Shared, body: &[u8]) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let mut data = lock(shared);
    data.token_forms.push(String::from_utf8_lossy(body).into_owned());
    let oauth_error = |status: u16, error: &str, description: &str| answer((status, json!({"error": error, "error_description": description})));
    if form.get("grant_type").map(String::as_str) != Some("refresh_token") {
        return oauth_error(400, "unsupported_grant_type", "AADSTS70003: The grant type is not supported.");
    }
    if form.get("client_id") != Some(&shared.config.app_id) || form.get("client_secret") != Some(&shared.config.app_secret) {
        return oauth_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    let presented = form.get("refresh_token").cloned().unwrap_or_default();
    if !data.refresh_tokens.contains(&presented) {
        return oauth_error(400, "invalid_grant", "AADSTS70000: The provided grant has expired or been revoked.");
    }
    data.token_grants += 1;
    let access_token = format!("at-{}", uuid::Uuid::new_v4());
    data.access_tokens.insert(access_token.clone());
    data.issued.push(access_token.clone());
    let refresh_token = if shared.config.rotate_refresh_tokens {
        data.refresh_tokens.remove(&presented);
        let rotated = format!("rt-{}", uuid::Uuid::new_v4());
        data.refresh_tokens.insert(rotated.clone());
        data.issued.push(rotated.clone());
        rotated
    } else {
        presented
    };
    answer((
        200,
        json!({"token_type": "Bearer", "scope": form.get("scope").cloned().unwrap_or_default(), "expires_in": shared.config.access_token_lifetime,
               "access_token": access_token, "refresh_token": refresh_token}),
    ))
}

// ---------- the REST calls ----------

/// Checks the headers every call carries ("Partner Center REST and response
/// headers"), takes the operation's next fault, answers a repeated
/// MS-RequestId with its first answer, else does `work` and keeps its answer.
async fn call(shared: Arc<Shared>, op: Op, headers: &HeaderMap, work: impl FnOnce(&mut Data) -> (u16, Value) + Send) -> Response {
    let token = header(headers, "authorization");
    let token = token.strip_prefix("Bearer ").unwrap_or_default();
    let request_id = header(headers, "ms-requestid");
    {
        let mut data = lock(&shared);
        if !data.access_tokens.contains(token) {
            return answer(error(401, 0, "The access token is missing, invalid or expired."));
        }
        if uuid::Uuid::parse_str(&request_id).is_err() {
            return answer(error(400, 0, "MS-RequestId must be a GUID."));
        }
        data.seen.push(Seen {
            op,
            path: String::new(),
            locale: header(headers, "x-locale"),
            if_none_match: header(headers, "if-none-match"),
            request_id: request_id.clone(),
            correlation_id: header(headers, "ms-correlationid"),
        });
    }
    let fault = lock(&shared).faults.get_mut(&op).and_then(VecDeque::pop_front);
    let mut lose_answer = None;
    let mut commit_first = None;
    match fault {
        Some(Fault::Status(status)) => return answer(error(status, 0, "The service is temporarily unavailable.")),
        Some(Fault::Throttle(seconds)) => {
            return ([("retry-after", seconds.to_string())], answer(error(429, 0, "Too many requests."))).into_response();
        }
        Some(Fault::Reject(status, code, description)) => return answer(error(status, code, description)),
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::LoseAnswer(d)) => lose_answer = Some(d),
        Some(Fault::Hold { commit }) => commit_first = Some(commit),
        None => {}
    }
    let run = |work: Box<dyn FnOnce(&mut Data) -> (u16, Value) + Send + '_>| {
        let mut data = lock(&shared);
        if let Some(previous) = data.answers.get(&(op, request_id.clone())) {
            return previous.clone();
        }
        let result = work(&mut data);
        data.answers.insert((op, request_id.clone()), result.clone());
        result
    };
    let result = match commit_first {
        Some(true) => {
            let result = run(Box::new(work));
            shared.held.notify_one();
            shared.release.notified().await;
            result
        }
        Some(false) => {
            drop(work);
            shared.held.notify_one();
            shared.release.notified().await;
            error(503, 0, "The service is temporarily unavailable.")
        }
        None => run(Box::new(work)),
    };
    if let Some(d) = lose_answer {
        tokio::time::sleep(d).await;
    }
    answer(result)
}

/// "Create a customer": POST /v1/customers → 201 with `id`, `commerceId`,
/// `relationshipToPartner` and `userCredentials` (shown once).
async fn create_customer(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let customer: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    call(shared, Op::CreateCustomer, &headers, move |data| {
        let text = |v: &Value| v.as_str().map(str::trim).unwrap_or_default().to_owned();
        let billing = &customer["billingProfile"];
        let address = &billing["defaultAddress"];
        let domain = text(&customer["companyProfile"]["domain"]).to_ascii_lowercase();
        let required = [&billing["email"], &billing["culture"], &billing["language"], &billing["companyName"]];
        if domain.is_empty() || required.iter().any(|v| text(v).is_empty()) || !address.is_object() {
            return error(400, 0, "Required fields are missing: billingProfile.email, culture, language, companyName, defaultAddress, companyProfile.domain.");
        }
        let country = text(&address["country"]).to_ascii_uppercase();
        // "Create a customer": organizationRegistrationNumber and phone required in these countries.
        if REGISTRATION_COUNTRIES.contains(&country.as_str()) {
            if text(&customer["companyProfile"]["organizationRegistrationNumber"]).is_empty() {
                return error(400, 600049, "Organization registration ID is required for this country.");
            }
            if text(&address["phoneNumber"]).is_empty() {
                return error(400, 600051, "Phone number is required for this country.");
            }
        }
        if data.domains.contains(&domain) {
            return error(409, 0, "The domain is already in use.");
        }
        let id = uuid::Uuid::new_v4().to_string();
        let mut resource = customer.clone();
        resource["id"] = json!(id);
        resource["commerceId"] = json!(uuid::Uuid::new_v4().to_string());
        resource["companyProfile"]["tenantId"] = json!(id);
        resource["companyProfile"]["domain"] = json!(domain);
        resource["relationshipToPartner"] = json!("reseller");
        data.customers.insert(id.clone(), resource.clone());
        data.domains.insert(domain);
        resource["userCredentials"] = json!({"userName": "admin", "password": format!("Pw-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])});
        (201, resource)
    })
    .await
}

/// "Confirm customer acceptance of Microsoft Customer Agreement":
/// POST /v1/customers/{id}/agreements → 201; 600061 once already confirmed.
async fn confirm_agreement(State(shared): State<Arc<Shared>>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let agreement: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    call(shared, Op::ConfirmAgreement, &headers, move |data| {
        if !data.customers.contains_key(&id) {
            return error(404, 0, "Customer not found.");
        }
        if agreement["templateId"].as_str() != Some(MCA_TEMPLATE_ID) || agreement["type"].as_str() != Some("MicrosoftCustomerAgreement") {
            return error(400, 0, "templateId and type must name the Microsoft Customer Agreement.");
        }
        let contact = &agreement["primaryContact"];
        if ["firstName", "lastName", "email"].iter().any(|k| contact[*k].as_str().is_none_or(|v| v.trim().is_empty())) {
            return error(400, 0, "primaryContact needs firstName, lastName and email.");
        }
        if data.agreements.contains_key(&id) {
            return error(409, 600061, "The agreement has already been confirmed for this customer.");
        }
        data.agreements.insert(id, agreement.clone());
        (201, agreement)
    })
    .await
}

/// "Create an order for a customer": POST /v1/customers/{id}/orders → 201
/// with status `pending`; 13605 without a confirmed MCA, 800004 unknown
/// offer, 2002 quantity outside the offer's limits, 900123 a reseller
/// without the Microsoft Partner Agreement.
async fn place_order(State(shared): State<Arc<Shared>>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let order: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    call(shared, Op::PlaceOrder, &headers, move |data| {
        if !data.customers.contains_key(&id) {
            return error(404, 0, "Customer not found.");
        }
        if !data.agreements.contains_key(&id) {
            return error(400, 13605, "The customer has not accepted the Microsoft Customer Agreement.");
        }
        let lines = order["lineItems"].as_array().cloned().unwrap_or_default();
        if lines.is_empty() {
            return error(400, 0, "lineItems is required.");
        }
        for line in &lines {
            let offer_id = line["offerId"].as_str().unwrap_or_default();
            let Some(offer) = OFFERS.iter().find(|o| o.id.eq_ignore_ascii_case(offer_id)) else {
                return error(400, 800004, "The offer id is invalid.");
            };
            let quantity = line["quantity"].as_u64().unwrap_or(0);
            if quantity < u64::from(offer.minimum_quantity) || quantity > u64::from(offer.maximum_quantity) {
                return error(400, 2002, "The quantity is not within the allowed range for the offer.");
            }
            if let Some(mpn) = line["partnerIdOnRecord"].as_str() {
                if RESELLERS.iter().any(|r| r.mpn_id == mpn && !r.mpa_signed) {
                    return error(400, 900123, "The indirect reseller has not signed the Microsoft Partner Agreement.");
                }
            }
        }
        let placed = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "referenceCustomerId": id,
            "billingCycle": order["billingCycle"],
            "lineItems": lines,
            "status": "pending",
            "creationDate": "2026-01-01T00:00:00.000Z",
        });
        data.orders.push(placed.clone());
        (201, placed)
    })
    .await
}

/// Checks a read's token, records it and takes its fault; `Err` is the answer instead.
fn read_call(shared: &Shared, headers: &HeaderMap, uri: &axum::http::Uri) -> Result<(), Response> {
    let token = header(headers, "authorization");
    let mut data = lock(shared);
    if !data.access_tokens.contains(token.strip_prefix("Bearer ").unwrap_or_default()) {
        return Err(answer(error(401, 0, "The access token is missing, invalid or expired.")));
    }
    data.seen.push(Seen {
        op: Op::Read,
        path: uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        locale: header(headers, "x-locale"),
        if_none_match: header(headers, "if-none-match"),
        request_id: header(headers, "ms-requestid"),
        correlation_id: header(headers, "ms-correlationid"),
    });
    match data.faults.get_mut(&Op::Read).and_then(VecDeque::pop_front) {
        Some(Fault::Status(status)) => Err(answer(error(status, 0, "The service is temporarily unavailable."))),
        Some(Fault::Throttle(seconds)) => Err(([("retry-after", seconds.to_string())], answer(error(429, 0, "Too many requests."))).into_response()),
        Some(Fault::Reject(status, code, description)) => Err(answer(error(status, code, description))),
        _ => Ok(()),
    }
}

/// A cacheable answer with a strong ETag of its content; 304 when the caller has it.
fn with_etag(headers: &HeaderMap, body: Value) -> Response {
    use std::hash::{Hash, Hasher};
    let text = body.to_string();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    if header(headers, "if-none-match") == etag {
        return (StatusCode::NOT_MODIFIED, [("etag", etag)]).into_response();
    }
    (StatusCode::OK, [("etag", etag), ("content-type", "application/json".to_owned())], text).into_response()
}

/// "Get address formatting rules by market" (country validation rules):
/// GET /v1/countryvalidationrules/{iso2}.
async fn country_rules(State(shared): State<Arc<Shared>>, Path(iso2): Path<String>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    let rules = match iso2.as_str() {
        "US" => json!({"iso2Code": "US", "defaultCulture": "en-US", "isStateRequired": true, "supportedStatesList": ["WA", "NY", "CA"],
            "supportedLanguagesList": ["en"], "supportedCulturesList": ["en-US"], "isPostalCodeRequired": true, "postalCodeRegex": "^\\d{5}(-\\d{4})?$",
            "isCityRequired": true, "isVatIdSupported": false, "isTaxIdSupported": false, "isTaxIdOptional": true, "countryCallingCodesList": ["1"]}),
        "SE" => json!({"iso2Code": "SE", "defaultCulture": "sv-SE", "isStateRequired": false, "supportedStatesList": [],
            "supportedLanguagesList": ["sv", "en"], "supportedCulturesList": ["sv-SE", "en-US"], "isPostalCodeRequired": true, "postalCodeRegex": "^\\d{3} ?\\d{2}$",
            "isCityRequired": true, "isVatIdSupported": true, "isTaxIdSupported": false, "isTaxIdOptional": true, "countryCallingCodesList": ["46"]}),
        _ => return answer(error(404, 0, "The country is not supported.")),
    };
    with_etag(&headers, rules)
}

/// "Get a list of offers for a market": GET /v1/offers?country=…, X-Locale required.
async fn offers(State(shared): State<Arc<Shared>>, uri: axum::http::Uri, Query(query): Query<HashMap<String, String>>, headers: HeaderMap) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    let locale = header(&headers, "x-locale");
    if locale.is_empty() {
        return answer(error(400, 0, "X-Locale is required."));
    }
    if query.get("country").is_none_or(|c| c.len() != 2) {
        return answer(error(400, 0, "country is required."));
    }
    let items: Vec<Value> = OFFERS
        .iter()
        .map(|o| json!({"id": o.id, "name": o.name, "description": format!("{} ({locale})", o.name), "minimumQuantity": o.minimum_quantity,
            "maximumQuantity": o.maximum_quantity, "rank": 0, "category": {"id": "Business", "name": "Business", "rank": 0, "locale": locale},
            "isAvailableForPurchase": true, "billing": "license", "supportedBillingCycles": ["monthly", "annual"]}))
        .collect();
    with_etag(&headers, json!({"totalCount": items.len(), "items": items}))
}

/// "Get agreement metadata": GET /v1/agreements?agreementType=MicrosoftCustomerAgreement.
async fn agreements(State(shared): State<Arc<Shared>>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    with_etag(&headers, json!({"totalCount": 1, "items": [{"templateId": MCA_TEMPLATE_ID, "agreementType": "MicrosoftCustomerAgreement",
        "agreementLink": "https://aka.ms/customeragreement", "versionRank": 0}]}))
}

/// "Retrieve a list of indirect resellers": GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf.
async fn relationships(State(shared): State<Arc<Shared>>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    let items: Vec<Value> = RESELLERS
        .iter()
        .enumerate()
        .map(|(n, r)| json!({"id": r.tenant_id, "name": format!("Reseller {n}"), "relationshipType": "IsIndirectCloudSolutionProviderOf", "state": "Active", "mpnId": r.mpn_id, "location": "US"}))
        .collect();
    answer((200, json!({"totalCount": items.len(), "items": items})))
}

/// "Validate an address": POST /v1/validations/address.
async fn validate_address(State(shared): State<Arc<Shared>>, uri: axum::http::Uri, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    let address: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    answer((200, json!({"originalAddress": address, "suggestedAddresses": [], "status": "Verified"})))
}

/// "Verify domain availability": HEAD /v1/domains/{domain} → 200 taken, 404 free.
async fn domain_exists(State(shared): State<Arc<Shared>>, Path(domain): Path<String>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    if let Err(answered) = read_call(&shared, &headers, &uri) {
        return answered;
    }
    let domain = domain.to_ascii_lowercase();
    let taken = lock(&shared).domains.contains(&domain);
    if taken { StatusCode::OK } else { StatusCode::NOT_FOUND }.into_response()
}
