//! The top layer: the wizard as the host page sees it. The mount API
//! (`mount`), the host's configuration (`config`), events to the host
//! (`events`) and the notice that replaces a crashed wizard (`crash`).

mod config;
mod crash;
mod events;
pub(crate) mod first_screen;
pub(crate) mod mount;
#[cfg(feature = "prerender")]
pub(crate) mod prerender;
