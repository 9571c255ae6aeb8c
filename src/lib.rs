//! The add-customer wizard: a Leptos app mounted into an element the host
//! page gives (see `web/wizard.js` for the `<add-customer-wizard>` element).
//! `mount` and its handle are the only public items.
//!
//! Layers, each a folder, top to bottom; a module imports only from its own
//! layer or the layers below (checked by `architecture`, in the native tests):
//!
//! * `host/`: the mount API, the host's configuration, events, crash notice.
//! * `shell/`: the app around the steps: routing, title, and carrying out
//!   intents (drafts in storage, the submit, the lists the API gives).
//! * `steps/`: one module per step; they speak intents, never to storage.
//! * `widgets/`: form building blocks; they know no step.
//! * `state/`: the wizard's state by concern; no storage, no HTTP.
//! * `services/`: API client, submit, draft storage, JSON, browser helpers.
//! * `step.rs`, `i18n.rs`: the steps and the texts, which every layer names.

#![recursion_limit = "256"]

mod host;
mod i18n;
mod services;
mod shell;
mod state;
mod step;
mod steps;
mod widgets;

#[cfg(test)]
mod architecture;

// Talc instead of the standard library's dlmalloc: 0.3 KB less brotli in the
// main .wasm, and no slower (the benchmark's keystroke and offer-search figures).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use host::mount::{mount, MountHandle};
#[cfg(feature = "prerender")]
pub use host::prerender::{first_screen, problem_markup, swedish_texts_file};
