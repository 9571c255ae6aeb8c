//! Submitting the draft: one idempotency key per draft, saved before the
//! request leaves, reused by every retry, dropped only after success.

use crate::api::{self, ApiError};
use crate::events;
use crate::i18n::Key;
use crate::state::{Step, SubmitState, Wizard};
use crate::storage;
use customer_domain::validate::field;
use customer_domain::{FieldIssue, Message};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Retries after a network failure or a 5xx before telling the user.
const MAX_ATTEMPTS: u32 = 4;

pub fn submit(wizard: Wizard) {
    if wizard.submit.with_untracked(|s| *s == SubmitState::Sending) {
        return; // a second click while sending changes nothing
    }
    let payload = match wizard.payload() {
        Ok(p) => p,
        Err(issues) => return wizard.show_server_issues(issues),
    };
    let request_id = wizard.request_id.get_untracked().unwrap_or_else(crate::util::random_uuid);
    wizard.request_id.set(Some(request_id.clone()));
    crate::persist::save_now(wizard);
    wizard.submit.set(SubmitState::Sending);

    spawn_local(async move {
        let config = wizard.config.get_untracked();
        let mut attempt = 0;
        let outcome = loop {
            attempt += 1;
            match api::submit(&config, &payload, &request_id).await {
                Err(ApiError::Status { status: 429, retry_after, .. }) if attempt < MAX_ATTEMPTS => {
                    crate::util::sleep(retry_after.unwrap_or(1).min(60) * 1000).await;
                }
                Err(ApiError::Network | ApiError::Status { status: 500..=599, .. }) if attempt < MAX_ATTEMPTS => {
                    crate::util::sleep(500 * 2u32.pow(attempt - 1)).await;
                }
                other => break other,
            }
        };
        match outcome {
            Ok(created) => {
                events::customer_created(wizard, &created);
                storage::clear(&config);
                wizard.request_id.set(None);
                wizard.draft.set(Default::default());
                wizard.submit.set(SubmitState::Idle);
                wizard.created.set(Some(created));
                wizard.go(Step::Done);
            }
            Err(ApiError::Status { status: 400, envelope, .. }) => {
                // A business error is an answer: the next attempt is a new request.
                wizard.request_id.set(None);
                wizard.submit.set(SubmitState::Idle);
                let issues = envelope.map(|e| e.field_issues()).unwrap_or_default();
                if issues.is_empty() {
                    wizard.submit.set(SubmitState::Failed(Key::SubmitFailed));
                } else {
                    wizard.show_server_issues(issues);
                }
            }
            Err(ApiError::Status { status: 409, .. }) => {
                wizard.request_id.set(None);
                wizard.submit.set(SubmitState::Idle);
                wizard.show_server_issues(vec![FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken)]);
            }
            Err(_) => wizard.submit.set(SubmitState::Failed(Key::SubmitFailed)),
        }
        crate::persist::save_now(wizard);
    });
}
