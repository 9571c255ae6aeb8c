//! The app around the steps: shows the current step, keeps the title and the
//! host informed, and carries out what the steps ask for ([`Intent`]s) with
//! the services: drafts in storage (`persist`), the submit (`submit`) and
//! the lists the steps choose from (`loaders`).

mod later_steps;
mod loaders;
mod persist;
mod submit;

use crate::state::effect;
use crate::i18n::{self, Key};
use crate::state::{HostConfig, HostEvent, Intent, WizardState};
use crate::step::Step;
use crate::steps::{account::Account, customers::Customers};
use crate::widgets::draft_notices::DraftNotices;
use leptos::prelude::*;

#[component]
pub(crate) fn App(state: WizardState) -> impl IntoView {
    state.provide();
    state.intents.handle_with(move |intent| carry_out(state, intent));
    if persist::start(state) {
        submit::resume(state);
    }
    persist::autosave(state);
    persist::watch_other_tabs(state);
    persist::list_drafts(state);
    loaders::load_reference_data(state);
    keep_title_and_host_informed(state);
    later_steps::fetch_when_idle(untrack(|| state.settings.indirect()));

    let WizardState { settings, flow, .. } = state;
    // The host may switch the language or the indirect mode at any time. Every
    // step's texts follow the language reactively; Review and Subscriptions
    // build some of theirs once (dates, country names, license ranges), so
    // they are rendered afresh. Everything entered lives in the draft and stays.
    let locale = Memo::new(move |_| settings.locale());
    let indirect = Memo::new(move |_| settings.indirect());
    effect(move || {
        if !indirect.get() && flow.step.get_untracked() == Step::Reseller {
            flow.step.set(Step::Subscriptions);
        }
    });
    let in_flow = move || flow.step.get().in_flow();

    view! {
        <div class="wizard" lang=move || locale.get().tag()>
            <DraftNotices />
            {move || {
                let step = flow.step.get();
                if matches!(step, Step::Review | Step::Subscriptions) {
                    locale.track();
                    indirect.track();
                }
                match step {
                    Step::Customers => view! { <Customers /> }.into_any(),
                    Step::Account => view! { <Account /> }.into_any(),
                    Step::Reseller | Step::Subscriptions | Step::Review | Step::Done => later_steps::step_view(step),
                }
            }}
            <Show when=in_flow>
                <div class="actions cancel-row">
                    <button type="button" class="button" on:click=move |_| state.intents.send(Intent::Cancel)>
                        {settings.text(Key::Cancel)}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// What the steps ask for, done.
fn carry_out(state: WizardState, intent: Intent) {
    match intent {
        Intent::StartNewCustomer => persist::new_draft(state),
        Intent::ResumeDraft(envelope) => persist::open(state, *envelope, true),
        Intent::StartOver { id } => {
            persist::discard(state, &id);
            persist::new_draft(state);
        }
        Intent::DiscardDraft { id } => persist::discard(state, &id),
        Intent::RemoveUnreadable { key } => persist::remove_unreadable(state, &key),
        Intent::KeepMine => {
            state.drafts.conflict.set(None);
            persist::save_now(state);
        }
        Intent::Submit => submit::submit(state),
        // The host hears it (a portal usually closes the wizard); the draft
        // stays saved and the wizard shows the customer list.
        Intent::Cancel => {
            let step = state.flow.step.get_untracked();
            persist::save_now(state);
            state.settings.tell_host(HostEvent::Cancel(step));
            state.flow.go(Step::Customers);
        }
    }
}

/// A new configuration from the host. Another storage key or kind means
/// another partner's drafts: the current draft is saved where it belongs,
/// and the wizard continues with the other partner's newest draft.
pub(crate) fn configure(state: WizardState, config: HostConfig) {
    let other_drafts = state.settings.config.with_untracked(|old| old.other_drafts_than(&config));
    if other_drafts {
        persist::save_now(state);
    }
    state.settings.config.set(config);
    if other_drafts {
        state.reset();
        persist::restore(state);
    }
}

fn keep_title_and_host_informed(state: WizardState) {
    let WizardState { settings, flow, .. } = state;
    let mut previous = None;
    effect(move || {
        let step = flow.step.get();
        if previous.replace(step).is_some_and(|p| p != step) {
            settings.tell_host(HostEvent::StepChange(step));
        }
    });
    // The title says whether there are problems, not which: a keystroke that
    // changes one problem leaves it alone.
    let has_errors = Memo::new(move |_| flow.issues.with(|i| !i.is_empty()));
    effect(move || {
        if !settings.config.with(|c| c.manage_title) {
            return;
        }
        let step = flow.step.get();
        let has_errors = has_errors.get();
        let steps = Step::flow(settings.indirect());
        let mut title = String::new();
        if has_errors {
            title.push_str(settings.t(Key::ErrorTitlePrefix));
        }
        if let Some(i) = steps.iter().position(|s| *s == step) {
            title.push_str(&i18n::fill(settings.t(Key::StepOf), &[("n", &(i + 1).to_string()), ("total", &steps.len().to_string())]));
            title.push_str(": ");
        }
        title.push_str(settings.t(step.title()));
        if step != Step::Customers {
            title.push_str(" – ");
            title.push_str(settings.t(Key::AddCustomer));
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}
