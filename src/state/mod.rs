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
pub(crate) mod checks;
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

    /// The state as one context; a view asks for the part it uses (`use_form`,
    /// …) and gets only that. One context type, not eight: the lookup and its
    /// panic message are compiled once (less WebAssembly).
    pub(crate) fn provide(&self) {
        provide_context(*self);
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
    use_wizard_state().settings
}
pub(crate) fn use_flow() -> Flow {
    use_wizard_state().flow
}
pub(crate) fn use_form() -> Form {
    use_wizard_state().form
}
pub(crate) fn use_catalogues() -> Catalogues {
    use_wizard_state().catalogues
}
pub(crate) fn use_submission() -> Submission {
    use_wizard_state().submission
}
pub(crate) fn use_drafts() -> Drafts {
    use_wizard_state().drafts
}
pub(crate) fn use_intents() -> Intents {
    use_wizard_state().intents
}
pub(crate) fn use_checks() -> Checks {
    use_wizard_state().checks()
}
fn use_wizard_state() -> WizardState {
    expect_context()
}

#[cfg(test)]
mod tests;
