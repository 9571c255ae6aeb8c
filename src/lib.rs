//! The add-customer wizard: a Leptos app mounted into an element the host
//! page gives (see `web/wizard.js` for the `<add-customer-wizard>` element).

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod drafts;
pub mod events;
pub mod fields;
pub mod i18n;
pub mod json;
pub mod pattern;
pub mod persist;
pub mod state;
pub mod steps;
pub mod storage;
pub mod submit;
pub mod util;

use config::HostConfig;
use leptos::prelude::*;
use state::Wizard;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// Every mounted wizard's container and language, for the crash notice.
    static MOUNTED: RefCell<Vec<(web_sys::HtmlElement, i18n::Locale)>> = const { RefCell::new(Vec::new()) };
}

/// A panic must never leave a frozen page: every mounted wizard is replaced
/// by a notice in its user's language (the draft is already in storage).
fn install_panic_notice() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("add-customer-wizard: {info}").into());
            MOUNTED.with(|mounted| {
                if let Ok(mounted) = mounted.try_borrow() {
                    for (container, locale) in mounted.iter() {
                        container.set_text_content(None);
                        if let Some(doc) = container.owner_document() {
                            if let Ok(notice) = doc.create_element("p") {
                                notice.set_class_name("crash-notice");
                                let _ = notice.set_attribute("role", "alert");
                                notice.set_text_content(Some(i18n::text(*locale, i18n::Key::Crashed)));
                                let _ = container.append_child(&notice);
                            }
                        }
                    }
                }
            });
        }));
    });
}

/// What `mount` returns to the host: update the configuration or unmount.
#[wasm_bindgen]
pub struct MountHandle {
    wizard: Wizard,
    container: web_sys::HtmlElement,
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Applies a new configuration (attributes changed); entered values stay.
    /// A different storage key or kind means another partner's drafts: the
    /// current draft is saved where it belongs and the other one is loaded.
    pub fn update(&self, config: JsValue) {
        if self.handle.is_none() {
            return;
        }
        let config = HostConfig::from_js(&config);
        let locale = config.locale;
        let old = self.wizard.config.get_untracked();
        let other_drafts = old.storage_key != config.storage_key || old.storage != config.storage;
        if other_drafts {
            persist::save_now(self.wizard);
        }
        self.wizard.config.set(config);
        if other_drafts {
            reset(self.wizard);
            persist::restore(self.wizard);
        }
        MOUNTED.with(|m| {
            for entry in m.borrow_mut().iter_mut() {
                if entry.0 == self.container {
                    entry.1 = locale;
                }
            }
        });
    }

    /// Removes the wizard and everything it registered: the view with its
    /// effects, timers and listeners (their cleanups run: a pending save is
    /// written, a pending check is aborted).
    pub fn unmount(&mut self) {
        self.handle.take();
        self.container.set_text_content(None);
        MOUNTED.with(|m| m.borrow_mut().retain(|(c, _)| *c != self.container));
    }
}

/// Back to a fresh wizard (what another partner's empty storage looks like).
fn reset(wizard: Wizard) {
    wizard.draft.set(Default::default());
    wizard.step.set(first_step(wizard));
    wizard.issues.set(Vec::new());
    wizard.attempted.set(false);
    wizard.return_to_review.set(false);
    wizard.focus_heading.set(false);
    wizard.submit.set(state::SubmitState::Idle);
    wizard.request_id.set(None);
    wizard.created.set(None);
    wizard.domain_status.set(state::DomainStatus::Unknown);
    wizard.address_check.set(state::AddressCheck::Idle);
    wizard.offer_query.set(String::new());
    wizard.offer_category.set(String::new());
    wizard.reseller_query.set(String::new());
}

/// Where a fresh wizard opens: the customer list, or Account info when the
/// host lists customers itself. Focus stays where the host page has it.
fn first_step(wizard: Wizard) -> state::Step {
    if wizard.config.with_untracked(|c| c.start_with_add_customer) { state::Step::Account } else { state::Step::Customers }
}

/// Mounts a wizard into `container`; events are dispatched on `host`.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, host: web_sys::HtmlElement, config: JsValue) -> MountHandle {
    install_panic_notice();
    let config = HostConfig::from_js(&config);
    MOUNTED.with(|m| m.borrow_mut().push((container.clone(), config.locale)));
    container.set_text_content(None);
    let owner = Owner::new();
    let (wizard, handle) = owner.with(|| {
        let wizard = Wizard::new(config, Some(host));
        wizard.step.set(first_step(wizard));
        let handle = leptos::mount::mount_to(container.clone(), move || view! { <app::App wizard=wizard /> }.into_any());
        (wizard, handle)
    });
    // The wizard's state (a few signals) outlives the view on purpose: an
    // answer that arrives after unmount (a submit in flight) finds it there
    // instead of a disposed signal. Everything that acts (effects, timers,
    // listeners) belongs to the view and goes with it.
    std::mem::forget(owner);
    MountHandle { wizard, container, handle: Some(handle) }
}
