//! The first screen as markup, rendered natively at build time from the same
//! components the app mounts (`src/bin/prerender.rs` writes it into
//! `web/first-screen.js`; `wizard.js` shows it until the app takes over).

use crate::i18n::Locale;
use crate::shell;
use crate::state::{HostConfig, WizardState};
use crate::widgets::fields::{worded, FieldMessage};
use crate::widgets::summary::ErrorSummary;
use customer_domain::validate::field;
use customer_domain::{FieldIssue, Message, Severity};
use leptos::prelude::*;

/// The markup of the screen a fresh wizard opens on, for the host options
/// that decide it: the language, `indirect`, and `start="add-customer"`.
pub fn first_screen(locale_tag: &str, indirect: bool, start_with_add_customer: bool) -> String {
    // A server's context: Leptos then knows there is no browser (no window
    // listeners, no effects).
    let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
    owner.with(|| {
        let config = HostConfig { locale: Locale::from_tag(locale_tag), indirect, start_with_add_customer, ..HostConfig::default() };
        let state = WizardState::new(config);
        view! { <shell::App state /> }.into_any().to_html()
    })
}

/// The error summary and a field's message as the app renders them after a
/// failed Continue, in the language of `locale_tag`: wizard.js shows the
/// problems of a Continue pressed on the first screen with them, before the
/// app's view exists. `{id}` stands for a problem's control id and
/// `{message}` for its wording; the summary has one problem's link, which
/// wizard.js repeats for each.
pub fn problem_markup(locale_tag: &str) -> (String, String) {
    let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
    owner.with(|| {
        let locale = Locale::from_tag(locale_tag);
        let state = WizardState::new(HostConfig { locale, start_with_add_customer: true, ..HostConfig::default() });
        state.provide();
        let issue = FieldIssue::error(field::COMPANY_NAME, Message::Required);
        let (wording, control) = (worded(locale, &issue), format!("#{}", crate::state::fields::dom_id(field::COMPANY_NAME)));
        state.flow.fail(vec![issue]);
        let summary = view! { <ErrorSummary /> }.into_any().to_html();
        assert_eq!((summary.matches(&wording).count(), summary.matches(&control).count()), (1, 1), "the summary's one link: {summary}");
        let summary = summary.replace(&wording, "{message}").replace(&control, "#{id}");
        let issue = Memo::new(|_| Some(("{message}".to_owned(), Severity::Error)));
        let message = view! { <FieldMessage id="{id}".to_owned() issue /> }.into_any().to_html();
        (summary, message)
    })
}

/// The Swedish texts file wizard.js fetches for a wizard in Swedish (the
/// browser build leaves those texts out of its WebAssembly).
pub fn swedish_texts_file() -> String {
    crate::i18n::swedish_texts_file()
}
