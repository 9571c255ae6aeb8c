//! The wizard's state, split by concern; each part is a context of its own
//! (a few signals, `Copy`), created by the mount and shared with the views.
//! Nothing here reads storage or speaks HTTP: that is the shell's, through
//! the services, when a step sends an [`Intent`].
//!
//! * [`Settings`]: the host's configuration, and events back to the host.
//! * [`Flow`]: the current step, its problems, focus.
//! * [`Form`]: the draft being entered and its live checks.
//! * [`Catalogues`]: what the API lists (countries, rules, offers, resellers).
//! * [`Submission`]: the submit and its result.
//! * [`Drafts`]: the stored drafts and storage's problems.
//! * [`Checks`]: the domain rules over the form; [`fields`]: every field, once.

mod catalogues;
mod checks;
mod drafts;
pub(crate) mod fields;
mod flow;
mod form;
mod intents;
mod settings;
mod submission;

pub(crate) use catalogues::{Catalogues, Listing, Loading};
pub(crate) use checks::Checks;
pub(crate) use drafts::{draft_name, Conflict, Drafts, Notice};
pub(crate) use flow::Flow;
pub(crate) use form::{AddressCheck, DomainStatus, Form};
pub(crate) use intents::{Intent, Intents};
pub(crate) use settings::{ConfigSource, HostConfig, HostEvent, Settings};
pub(crate) use submission::{Cause, PartialFailure, SubmitState, Submission};
/// A stored draft and why one could not be read, as the views name them
/// (views never reach storage itself).
pub(crate) use crate::services::storage::{Envelope, Problem};

use leptos::prelude::*;

/// Every part of one wizard's state (what a mount creates and provides).
#[derive(Clone, Copy)]
pub(crate) struct WizardState {
    pub(crate) settings: Settings,
    pub(crate) flow: Flow,
    pub(crate) form: Form,
    pub(crate) catalogues: Catalogues,
    pub(crate) submission: Submission,
    pub(crate) drafts: Drafts,
    pub(crate) intents: Intents,
}

impl WizardState {
    /// Fresh state under the current reactive owner (it goes with the owner).
    pub(crate) fn new(config: HostConfig) -> Self {
        let first = config.first_step();
        Self {
            settings: Settings::new(config),
            flow: Flow::new(first),
            form: Form::new(),
            catalogues: Catalogues::new(),
            submission: Submission::new(),
            drafts: Drafts::new(),
            intents: Intents::new(),
        }
    }

    pub(crate) fn checks(&self) -> Checks {
        Checks { settings: self.settings, flow: self.flow, form: self.form, catalogues: self.catalogues }
    }

    /// Each part as a context of its own: a view asks for what it uses.
    pub(crate) fn provide(&self) {
        provide_context(self.settings);
        provide_context(self.flow);
        provide_context(self.form);
        provide_context(self.catalogues);
        provide_context(self.submission);
        provide_context(self.drafts);
        provide_context(self.intents);
        provide_context(self.checks());
    }

    /// Back to a fresh wizard for the current configuration (what another
    /// partner's empty storage looks like).
    pub(crate) fn reset(&self) {
        self.form.reset();
        self.submission.reset();
        self.drafts.reset();
        self.flow.reset(self.settings.config.with_untracked(HostConfig::first_step));
    }
}

/// An effect. `Effect::new` compiles its driver (an async loop) once per
/// closure type; boxed, every effect shares one driver in the bundle. What
/// an effect needs from its last run, it keeps in its closure.
pub(crate) fn effect(run: impl FnMut() + 'static) {
    let mut run: Box<dyn FnMut()> = Box::new(run);
    Effect::new(move |_: Option<()>| run());
}

pub(crate) fn use_settings() -> Settings {
    expect_context()
}
pub(crate) fn use_flow() -> Flow {
    expect_context()
}
pub(crate) fn use_form() -> Form {
    expect_context()
}
pub(crate) fn use_catalogues() -> Catalogues {
    expect_context()
}
pub(crate) fn use_submission() -> Submission {
    expect_context()
}
pub(crate) fn use_drafts() -> Drafts {
    expect_context()
}
pub(crate) fn use_intents() -> Intents {
    expect_context()
}
pub(crate) fn use_checks() -> Checks {
    expect_context()
}

#[cfg(test)]
mod tests;
