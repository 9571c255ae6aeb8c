//! Sending a submit, idempotently end to end: every retry — after a timeout,
//! a 5xx, a dropped connection or the browser coming back online — sends the
//! same `MS-RequestId` and body, so the server answers with the first result
//! instead of adding a second customer. What the answer means for the user is
//! [`Outcome`]; the caller keeps the id and body saved until there is one.

use super::api::{self, Api, ApiError};
use super::browser;
use customer_domain::validate::field;
use customer_domain::wire::{code, stage, ErrorReply, SubmitReceipt};
use super::json::Json;
use customer_domain::{FieldIssue, Message};

/// Attempts after a lost answer (timeout, dropped connection, 5xx) before
/// the user is asked to press Submit again (which reuses the id).
const MAX_ATTEMPTS: u32 = 6;
/// 429s honoured (each waits its Retry-After) before giving up.
const MAX_BUSY: u32 = 20;
/// No answer within this time counts as a lost answer.
const TIMEOUT_MS: u32 = 30_000;
/// Back-off after the first lost answer, doubled each time up to the cap.
const BACKOFF_MS: u32 = 500;
const BACKOFF_CAP_MS: u32 = 30_000;

/// Where a submit under way stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Progress {
    Sending,
    /// The browser is offline: the submit continues when it is back.
    Offline,
    /// The server is busy (429): waiting `seconds` as it asked.
    Busy { seconds: u32 },
    /// The answer was lost: waiting `seconds` before the same request again.
    Retrying { seconds: u32 },
}

/// What the server's answer (or its absence) means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Created (or the replay of the first answer to this request id).
    Created(Box<SubmitReceipt>),
    /// Refused with problems at fields: the request id is spent.
    Invalid(Vec<FieldIssue>),
    /// Refused without a field to point at: the request id is spent.
    Refused,
    /// The id was used for another body: the draft changed after a submit
    /// whose answer was lost, and that one may have succeeded.
    ChangedAfterUnknown,
    /// Gateway mode: the customer was created in Partner Center, but a later
    /// stage (agreement or order) failed. The id and body stay: the same
    /// submit again resumes at that stage, never creating a second customer.
    PartlyDone { status: u16, reply: Box<ErrorReply> },
    /// Gateway mode: Partner Center could not be reached (server code 1503).
    /// The id and body stay for the next try.
    PartnerCenterUnavailable,
    /// Gateway mode: Partner Center refused the server's sign-in (server code
    /// 1504): an administrator has to mend the server's credentials. The id
    /// and body stay for the try after that.
    PartnerCenterSignInRefused,
    /// No answer we can act on: the id and body stay for the next try.
    Unreachable,
    /// An answer we cannot read: the id and body stay for the next try.
    Failed,
}

impl Outcome {
    /// The server answered: this request id may not be sent again.
    pub(crate) fn spends_request_id(&self) -> bool {
        matches!(self, Outcome::Invalid(_) | Outcome::Refused | Outcome::ChangedAfterUnknown)
    }
}

/// What the last attempt's result means, once no retry is left to make.
pub(crate) fn classify(result: Result<SubmitReceipt, ApiError>) -> Outcome {
    match result {
        Ok(created) => Outcome::Created(Box::new(created)),
        Err(ApiError::Status { status, envelope: Some(reply), .. }) if customer_exists(&reply) => Outcome::PartlyDone { status, reply: Box::new(reply) },
        Err(ApiError::Status { envelope: Some(e), .. }) if e.code == code::UPSTREAM_SIGN_IN_FAILED => Outcome::PartnerCenterSignInRefused,
        Err(ApiError::Status { status: 503, envelope: Some(e), .. }) if e.code == code::UPSTREAM_UNAVAILABLE => Outcome::PartnerCenterUnavailable,
        Err(ApiError::Status { status: 400, envelope, .. }) => {
            let issues = envelope.map(|e| e.data).unwrap_or_default();
            if issues.is_empty() { Outcome::Refused } else { Outcome::Invalid(issues) }
        }
        Err(ApiError::Status { status: 409, envelope: Some(e), .. }) if e.code == code::REQUEST_ID_REUSED => Outcome::ChangedAfterUnknown,
        Err(ApiError::Status { status: 409, .. }) => Outcome::Invalid(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]),
        Err(ApiError::Network | ApiError::Status { status: 429 | 500..=599, .. }) => Outcome::Unreachable,
        Err(_) => Outcome::Failed,
    }
}

/// The answer says a stage after the customer's failed (gateway mode).
fn customer_exists(reply: &ErrorReply) -> bool {
    reply.progress.as_ref().is_some_and(|p| p.customer.is_some() && p.failed_stage != stage::CUSTOMER)
}

/// Gateway mode: the server already retried Partner Center (with back-off
/// and a breaker) before answering 1503, and a refused sign-in (1504) waits
/// for an administrator: the wizard tells the user at once instead of
/// multiplying the calls to a Partner Center that is down.
fn partner_center_gave_up(result: &Result<SubmitReceipt, ApiError>) -> bool {
    matches!(result, Err(ApiError::Status { envelope: Some(e), .. }) if e.code == code::UPSTREAM_SIGN_IN_FAILED || e.code == code::UPSTREAM_UNAVAILABLE)
}

/// Sends `body` (a submit request as JSON) under `request_id` until there is an answer to act on,
/// retrying what may be retried; `progress` hears each wait. `None` when
/// `alive` turns false meanwhile (the wizard was removed): the saved id and
/// body let the next mount resume the submit.
pub(crate) async fn send(api: &Api, body: &Json, request_id: &str, progress: impl Fn(Progress), alive: impl Fn() -> bool) -> Option<Outcome> {
    let (mut lost, mut busy) = (0, 0);
    loop {
        if !online() {
            progress(Progress::Offline);
            back_online().await;
            if !alive() {
                return None;
            }
        }
        progress(Progress::Sending);
        let result = api::submit_within(api, body, request_id, TIMEOUT_MS).await;
        if !alive() {
            return None;
        }
        match result {
            Err(ApiError::Status { status: 429, retry_after, .. }) if busy < MAX_BUSY => {
                busy += 1;
                let seconds = retry_after.unwrap_or(5).clamp(1, 300);
                progress(Progress::Busy { seconds });
                browser::sleep(seconds * 1000).await;
            }
            Err(ApiError::Network | ApiError::Status { status: 500..=599, .. }) if lost + 1 < MAX_ATTEMPTS && !partner_center_gave_up(&result) => {
                lost += 1;
                if online() {
                    let ms = backoff_ms(lost);
                    progress(Progress::Retrying { seconds: ms.div_ceil(1000) });
                    browser::sleep(ms).await;
                }
            }
            other => return Some(classify(other)),
        }
        if !alive() {
            return None;
        }
    }
}

pub(crate) fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Resolves at the browser's next `online` event.
pub(crate) async fn back_online() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else { return };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"once".into(), &true.into());
        if let Ok(add) = js_sys::Reflect::get(&window, &"addEventListener".into()) {
            let add: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(add);
            let _ = add.call3(&window, &"online".into(), &resolve, &options);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds to wait after the `failures`-th lost answer: doubling, capped, with jitter.
fn backoff_ms(failures: u32) -> u32 {
    let base = BACKOFF_MS.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(BACKOFF_CAP_MS);
    (f64::from(base) * (0.75 + 0.5 * js_sys::Math::random())) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use customer_domain::wire::ErrorReply;

    fn status(status: u16, envelope: Option<ErrorReply>) -> Result<SubmitReceipt, ApiError> {
        Err(ApiError::Status { status, envelope, retry_after: None })
    }

    fn envelope(code: u32, data: Vec<FieldIssue>) -> Option<ErrorReply> {
        Some(ErrorReply { code, data, progress: None })
    }

    fn progress(failed_stage: &str, with_customer: bool) -> customer_domain::wire::ProgressReceipt {
        let customer = with_customer.then(|| {
            serde_json::from_value(serde_json::json!({
                "id": "4f1c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
                "companyProfile": { "domain": "contoso.onmicrosoft.com" },
                "billingProfile": { "email": "a@contoso.se", "culture": "sv-SE", "language": "sv", "companyName": "Contoso AB",
                    "defaultAddress": { "firstName": "A", "lastName": "B", "addressLine1": "Storgatan 1", "city": "Stockholm", "country": "SE" } },
                "userCredentials": { "userName": "admin", "password": "once" }
            }))
            .unwrap()
        });
        customer_domain::wire::ProgressReceipt { customer, agreement_confirmed: failed_stage == stage::ORDER, failed_stage: failed_stage.into(), upstream_code: Some(2002) }
    }

    #[test]
    fn a_stage_failed_after_the_customer_was_created_keeps_the_request_id() {
        let issue = FieldIssue::error(field::quantity("A"), Message::InvalidQuantity);
        let reply = ErrorReply { code: 2002, data: vec![issue], progress: Some(progress(stage::ORDER, true)) };
        let outcome = classify(status(400, Some(reply.clone())));
        assert_eq!(outcome, Outcome::PartlyDone { status: 400, reply: Box::new(reply.clone()) });
        assert!(!outcome.spends_request_id());
        // Partner Center unreachable after the customer was created: the same.
        let unavailable = ErrorReply { code: code::UPSTREAM_UNAVAILABLE, data: vec![], ..reply.clone() };
        assert!(matches!(classify(status(503, Some(unavailable))), Outcome::PartlyDone { status: 503, .. }));
        // Nothing created yet: the usual answers.
        let at_customer = ErrorReply { progress: Some(progress(stage::CUSTOMER, false)), ..reply.clone() };
        assert!(matches!(classify(status(400, Some(at_customer))), Outcome::Invalid(_)));
        let without_customer = ErrorReply { progress: Some(progress(stage::ORDER, false)), ..reply };
        assert!(matches!(classify(status(400, Some(without_customer))), Outcome::Invalid(_)));
    }

    #[test]
    fn partner_center_unreachable_or_refusing_sign_in_is_said_so_and_keeps_the_id() {
        let unavailable = classify(status(503, envelope(code::UPSTREAM_UNAVAILABLE, vec![])));
        assert_eq!(unavailable, Outcome::PartnerCenterUnavailable);
        assert!(!unavailable.spends_request_id());
        let sign_in = status(502, envelope(code::UPSTREAM_SIGN_IN_FAILED, vec![]));
        assert!(partner_center_gave_up(&sign_in));
        assert_eq!(classify(sign_in), Outcome::PartnerCenterSignInRefused);
        assert!(!Outcome::PartnerCenterSignInRefused.spends_request_id());
        // The server retried Partner Center already; other 5xx are the wizard's to retry.
        assert!(partner_center_gave_up(&status(503, envelope(code::UPSTREAM_UNAVAILABLE, vec![]))));
        assert!(!partner_center_gave_up(&status(502, None)));
        assert!(!partner_center_gave_up(&status(503, envelope(code::FAULT_INJECTED, vec![]))));
    }

    #[test]
    fn field_problems_go_back_to_their_fields() {
        let issue = FieldIssue::error(field::COMPANY_NAME, Message::Required);
        let outcome = classify(status(400, envelope(code::VALIDATION_FAILED, vec![issue.clone()])));
        assert_eq!(outcome, Outcome::Invalid(vec![issue]));
        assert!(outcome.spends_request_id());
    }

    #[test]
    fn a_refusal_without_fields_is_a_plain_failure() {
        assert_eq!(classify(status(400, envelope(code::INVALID_REQUEST, vec![]))), Outcome::Refused);
        assert_eq!(classify(status(400, None)), Outcome::Refused);
        assert!(Outcome::Refused.spends_request_id());
    }

    #[test]
    fn a_reused_request_id_is_told_apart_from_a_taken_domain() {
        let reused = classify(status(409, envelope(code::REQUEST_ID_REUSED, vec![])));
        assert_eq!(reused, Outcome::ChangedAfterUnknown);
        assert!(reused.spends_request_id());
        let taken = classify(status(409, envelope(code::DOMAIN_TAKEN, vec![])));
        assert_eq!(taken, Outcome::Invalid(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]));
        // A 409 whose body was lost is still about the domain.
        assert_eq!(classify(status(409, None)), taken);
    }

    #[test]
    fn lost_answers_keep_the_request_id() {
        for result in [Err(ApiError::Network), status(429, None), status(500, None), status(503, None), status(599, None)] {
            let outcome = classify(result);
            assert_eq!(outcome, Outcome::Unreachable);
            assert!(!outcome.spends_request_id());
        }
        for result in [Err(ApiError::Decode), status(401, None), status(404, None)] {
            let outcome = classify(result);
            assert_eq!(outcome, Outcome::Failed);
            assert!(!outcome.spends_request_id());
        }
    }
}
