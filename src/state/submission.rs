//! The submit: where it stands, its idempotency key, and the result.

use super::fields;
use crate::i18n::{self, Key, Locale};
use crate::services::submit::Progress;
use crate::step::Step;
use customer_domain::wire::{code, stage, CustomerReceipt, ErrorReply, SubmitReceipt};
use customer_domain::FieldIssue;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SubmitState {
    Idle,
    Sending,
    /// Waiting before the next attempt (same request id): why, and how long.
    Retrying { reason: Key, seconds: u32 },
    /// The browser is offline: the submit continues when it is back.
    Offline,
    Failed(Key),
}

impl SubmitState {
    /// A submit is under way (sending, waiting to retry or for the network).
    pub(crate) fn busy(&self) -> bool {
        matches!(self, SubmitState::Sending | SubmitState::Retrying { .. } | SubmitState::Offline)
    }

    /// What the status line says.
    pub(crate) fn text(&self, locale: Locale) -> String {
        match self {
            SubmitState::Idle => String::new(),
            SubmitState::Sending => i18n::text(locale, Key::Submitting).to_owned(),
            SubmitState::Retrying { reason, seconds } => i18n::fill(i18n::text(locale, *reason), &[("seconds", &seconds.to_string())]),
            SubmitState::Offline => i18n::text(locale, Key::SubmitOffline).to_owned(),
            SubmitState::Failed(key) => i18n::text(locale, *key).to_owned(),
        }
    }
}

impl From<Progress> for SubmitState {
    fn from(progress: Progress) -> Self {
        match progress {
            Progress::Sending => SubmitState::Sending,
            Progress::Offline => SubmitState::Offline,
            Progress::Busy { seconds } => SubmitState::Retrying { reason: Key::SubmitBusy, seconds },
            Progress::Retrying { seconds } => SubmitState::Retrying { reason: Key::SubmitRetrying, seconds },
        }
    }
}

/// The stage that failed after the customer was created (gateway mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailedStage {
    Agreement,
    Order,
}

/// Why that stage failed, as the user is told.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cause {
    /// Partner Center's error, mapped to fields of the draft.
    Fields(Vec<FieldIssue>),
    /// No field to point at: a message.
    Text(Key),
}

/// The customer exists in Partner Center, a later stage failed: what Done
/// shows, and what its Retry resends (the same submit, so the server's saga
/// resumes at the failed stage).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartialFailure {
    pub(crate) customer: CustomerReceipt,
    pub(crate) stage: FailedStage,
    pub(crate) cause: Cause,
    /// Partner Center's own error code, when it answered with one.
    pub(crate) upstream_code: Option<u32>,
}

impl PartialFailure {
    /// The answer (`status`, its envelope) read as a partial failure: `None`
    /// unless it names a created customer and a later stage that failed.
    pub(crate) fn classify(status: u16, reply: ErrorReply) -> Option<Self> {
        let progress = reply.progress?;
        let customer = progress.customer?;
        let stage = match progress.failed_stage.as_str() {
            stage::AGREEMENT => FailedStage::Agreement,
            stage::ORDER => FailedStage::Order,
            _ => return None,
        };
        let cause = match (status, reply.code) {
            (_, code::UPSTREAM_SIGN_IN_FAILED) => Cause::Text(Key::SubmitPartnerCenterSignIn),
            (429 | 500..=599, _) => Cause::Text(Key::PartialUnavailable),
            _ if reply.data.is_empty() => Cause::Text(Key::PartialRefused),
            _ => Cause::Fields(reply.data),
        };
        Some(Self { customer, stage, cause, upstream_code: progress.upstream_code })
    }

    /// "The customer was created, but …".
    pub(crate) fn headline(&self) -> Key {
        match self.stage {
            FailedStage::Agreement => Key::PartialAgreementFailed,
            FailedStage::Order => Key::PartialOrderFailed,
        }
    }

    /// The Retry button, named by what it does.
    pub(crate) fn retry_label(&self) -> Key {
        match self.stage {
            FailedStage::Agreement => Key::RetryAgreement,
            FailedStage::Order => Key::RetryOrder,
        }
    }

    /// Where the user corrects it, when Partner Center's error names a field.
    pub(crate) fn update_step(&self) -> Option<Step> {
        match &self.cause {
            Cause::Fields(issues) => issues.first().map(|i| fields::step_of(&i.field)),
            Cause::Text(_) => None,
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Submission {
    pub(crate) state: RwSignal<SubmitState>,
    /// The `MS-RequestId` of this draft's submit, made before the first
    /// request left and saved with the draft.
    pub(crate) request_id: RwSignal<Option<String>>,
    /// The created customer, shown once on Done.
    pub(crate) created: RwSignal<Option<SubmitReceipt>>,
    /// Gateway mode: the customer was created but a later stage failed.
    pub(crate) partial: RwSignal<Option<PartialFailure>>,
}

impl Submission {
    pub(crate) fn new() -> Self {
        Self {
            state: RwSignal::new(SubmitState::Idle),
            request_id: RwSignal::new(None),
            created: RwSignal::new(None),
            partial: RwSignal::new(None),
        }
    }

    /// No submit, no result: a new or another draft.
    pub(crate) fn reset(&self) {
        self.state.set(SubmitState::Idle);
        self.request_id.set(None);
        self.created.set(None);
        self.partial.set(None);
    }
}
