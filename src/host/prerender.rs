//! The first screen as markup, rendered natively at build time from the same
//! components the app mounts (`src/bin/prerender.rs` writes it into
//! `web/first-screen.js`; `wizard.js` shows it until the app takes over).

use crate::i18n::Locale;
use crate::shell;
use crate::state::{HostConfig, WizardState};
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

/// The Swedish texts file wizard.js fetches for a wizard in Swedish (the
/// browser build leaves those texts out of its WebAssembly).
pub fn swedish_texts_file() -> String {
    crate::i18n::swedish_texts_file()
}
