//! The top of a step: its heading with "Step n of m", and the Back link.

use crate::state::effect;
use crate::i18n::{self, Key};
use crate::state::{use_flow, use_settings};
use crate::step::Step;
use leptos::html;
use leptos::prelude::*;

/// The step's heading (focused when the user arrives) with "Step n of m".
#[component]
pub(crate) fn StepHeading(step: Step) -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    let heading = NodeRef::<html::H1>::new();
    effect(move || {
        if let Some(h) = heading.get() {
            if flow.focus_heading.get_untracked() {
                let _ = h.focus();
            }
        }
    });
    let position = move || {
        let steps = Step::flow(settings.indirect());
        steps.iter().position(|s| *s == step).map(|i| {
            i18n::fill(settings.t(Key::StepOf), &[("n", &(i + 1).to_string()), ("total", &steps.len().to_string())])
        })
    };
    view! {
        <div class="step-heading">
            {move || position().map(|p| view! { <p class="step-indicator">{p}</p> })}
            <h1 tabindex="-1" node_ref=heading>{settings.text(step.title())}</h1>
        </div>
    }
}

#[component]
pub(crate) fn BackLink(to: Step) -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    view! {
        <button type="button" class="back-link" on:click=move |_| flow.go(to)>
            {settings.text(Key::Back)}
        </button>
    }
}

