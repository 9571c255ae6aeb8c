//! The submit: where it stands, its idempotency key, and the result.

use crate::i18n::{self, Key, Locale};
use crate::services::submit::Progress;
use customer_domain::wire::SubmitReceipt;
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

#[derive(Clone, Copy)]
pub(crate) struct Submission {
    pub(crate) state: RwSignal<SubmitState>,
    /// The `MS-RequestId` of this draft's submit, made before the first
    /// request left and saved with the draft.
    pub(crate) request_id: RwSignal<Option<String>>,
    /// The created customer, shown once on Done.
    pub(crate) created: RwSignal<Option<SubmitReceipt>>,
}

impl Submission {
    pub(crate) fn new() -> Self {
        Self { state: RwSignal::new(SubmitState::Idle), request_id: RwSignal::new(None), created: RwSignal::new(None) }
    }

    /// No submit, no result: a new or another draft.
    pub(crate) fn reset(&self) {
        self.state.set(SubmitState::Idle);
        self.request_id.set(None);
        self.created.set(None);
    }
}
