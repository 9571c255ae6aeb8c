//! The mount API, the crate's only public items: `mount` puts a wizard into
//! an element and returns a [`MountHandle`] to update or unmount it;
//! `useTexts` takes a language's texts before a wizard shows that language.
//!
//! Everything a mount creates belongs to one reactive [`Owner`]: the state's
//! signals, the view with its effects, timers and listeners. Unmounting
//! disposes that owner, so nothing outlives the wizard. A submit still in
//! flight then stops listening (its signals are gone); its request id and
//! exact body are already saved with the draft, and the next mount resumes
//! it with the same id, so the server answers with the first result.

use super::{config, crash, events};
use crate::shell;
use crate::state::WizardState;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// What `mount` returns to the host: update the configuration or unmount.
#[wasm_bindgen]
pub struct MountHandle {
    mounted: Option<Mounted>,
}

struct Mounted {
    owner: Owner,
    state: WizardState,
    container: web_sys::HtmlElement,
    view: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Applies a new configuration (attributes changed); entered values stay.
    /// A different storage key or kind means another partner's drafts: the
    /// current draft is saved where it belongs and the other one is loaded.
    pub fn update(&self, config: JsValue) {
        let Some(mounted) = &self.mounted else { return };
        let config = config::from_js(&config);
        crash::relabel(&mounted.container, config.locale);
        mounted.owner.with(|| shell::configure(mounted.state, config));
    }

    /// The first screen answered a Continue pressed before the app took over
    /// (`firstScreenProblems`), and the hand-over has written its values:
    /// the app shows those problems as they are shown, without announcing
    /// them again, and moves focus to its summary when `focus_summary` (the
    /// first screen's summary had it).
    #[wasm_bindgen(js_name = continueAnswered)]
    pub fn continue_answered(&self, focus_summary: bool) {
        let Some(mounted) = &self.mounted else { return };
        mounted.owner.with(|| mounted.state.checks().continue_answered(crate::step::Step::Account, focus_summary));
    }

    /// Removes the wizard and everything it created: the view with its
    /// effects, timers and listeners (their cleanups run: a pending save is
    /// written, a pending check is aborted), then the state itself.
    pub fn unmount(&mut self) {
        let Some(Mounted { owner, state: _, container, view }) = self.mounted.take() else { return };
        drop(view);
        owner.cleanup();
        drop(owner);
        container.set_text_content(None);
        crash::forget(&container);
    }
}

impl Drop for MountHandle {
    /// Freed without `unmount` (the host dropped the handle): the same.
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Mounts a wizard into `container`; events are dispatched on `host`.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, host: web_sys::HtmlElement, config: JsValue) -> MountHandle {
    crash::install_notice();
    crate::services::browser::install_case_mapping();
    let config = config::from_js(&config);
    crash::watch(&container, config.locale);
    container.set_text_content(None);
    let owner = Owner::new();
    let (state, view) = owner.with(|| {
        let state = WizardState::new(config);
        state.settings.on_host_event(move |event| events::dispatch(&host, event));
        let view = leptos::mount::mount_to(container.clone(), move || view! { <shell::App state /> }.into_any());
        (state, view)
    });
    MountHandle { mounted: Some(Mounted { owner, state, container, view }) }
}

/// Takes the Swedish texts file wizard.js fetched (`texts/sv-SE.txt`), which
/// it hands over before a wizard mounts in Swedish or switches to it; `false`
/// when the file belongs to another build of the app.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = useTexts)]
pub fn use_texts(file: String) -> bool {
    crate::i18n::use_texts(file)
}
