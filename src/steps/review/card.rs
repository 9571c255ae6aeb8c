//! A Review card: a titled list of answers with its Update link.

use crate::i18n::Key;
use crate::state::fields::Field;
use crate::state::{use_flow, use_settings};
use crate::step::Step;
use crate::widgets::actions::UpdateButton;
use leptos::prelude::*;

/// A field's row is labelled as the field is.
impl From<Field> for Key {
    fn from(field: Field) -> Key {
        field.label
    }
}

/// One answer: a field's own label, or another (the contact's name is two fields).
#[component]
pub(super) fn Row(#[prop(into)] label: Key, value: String) -> impl IntoView {
    let settings = use_settings();
    let empty = value.trim().is_empty();
    view! {
        <div class="summary-row">
            <dt>{settings.text(label)}</dt>
            <dd class:not-provided=empty>{if empty { settings.t(Key::NotProvided).to_owned() } else { value }}</dd>
        </div>
    }
}

/// The card, whose Update link goes to `update_to` and comes back to Review.
#[component]
pub(super) fn Section(title: Key, update_to: Step, children: Children) -> impl IntoView {
    let (settings, flow) = (use_settings(), use_flow());
    let update = move || {
        flow.return_to_review.set(true);
        flow.go(update_to);
    };
    view! {
        <div class="summary-card">
            <div class="summary-card-title">
                <h2>{settings.text(title)}</h2>
                <UpdateButton what=title class="link-button" on_press=update />
            </div>
            <dl class="summary-list">{children()}</dl>
        </div>
    }
}
