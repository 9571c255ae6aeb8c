//! The steps after Account info: Indirect reseller, Subscriptions, Review and
//! Done. Built with the `split` feature (scripts/build-wasm runs the split
//! tool), each is a WebAssembly chunk of its own, fetched when the partner
//! first reaches it or, earlier, when the browser is idle after the app has
//! started: the first load carries only the customer list and Account info.
//! Without the feature (the tests, any build that does not run the split
//! tool) they are ordinary functions in the one module.
//!
//! Account info stays in the main part on purpose. As a chunk of its own
//! (fetched beside the main part, in one file) it took 36.6 KB brotli out of
//! the main .wasm but cost 57.0 KB as a chunk: split code calls through the
//! table, is not optimised across modules and compresses apart. A wizard
//! opening on Account info then received 23 KB more before it was ready, and
//! was ready later (first-load benchmark: +42 ms on loopback, +166 ms at 4×
//! CPU, +139 ms on Fast 3G). (The rare panels are chunks too: see
//! `widgets::chunk`.)

use crate::i18n::Key;
use crate::state::use_settings;
use crate::step::Step;
use crate::widgets::heading::StepHeading;
use crate::steps::{done::Done, reseller::Reseller, review::Review, subscriptions::Subscriptions};
use leptos::prelude::*;
use crate::services::browser::{self, Debounce};
use crate::services::split::{now, Unavailable};
use crate::widgets::chunk::{self, split_view, Arrival};
use leptos::task::spawn_local;

split_view!(reseller_step, fetch_reseller_step, Reseller);
split_view!(subscriptions_step, fetch_subscriptions_step, Subscriptions);
split_view!(review_step, fetch_review_step, Review);
split_view!(done_step, fetch_done_step, Done);

/// The step rendered now when its code is here (always, without `split`).
fn render_now(step: Step) -> Option<Result<AnyView, Unavailable>> {
    match step {
        Step::Reseller => now(reseller_step()),
        Step::Subscriptions => now(subscriptions_step()),
        Step::Review => now(review_step()),
        Step::Done => now(done_step()),
        Step::Customers | Step::Account => None,
    }
}

/// Waits until the step's code is here (fetching it when needed).
async fn fetch(step: Step) -> Result<(), Unavailable> {
    match step {
        Step::Reseller => fetch_reseller_step().await?,
        Step::Subscriptions => fetch_subscriptions_step().await?,
        Step::Review => fetch_review_step().await?,
        Step::Done => fetch_done_step().await?,
        Step::Customers | Step::Account => {}
    }
    Ok(())
}

/// A later step: rendered at once when its code is here, otherwise
/// "Loading…" while it is fetched (and a message with "Try again" when that
/// fails).
pub(crate) fn step_view(step: Step) -> AnyView {
    if let Some(Ok(view)) = render_now(step) {
        return view;
    }
    let settings = use_settings();
    let (arrival, bring) = chunk::arrival(move || fetch(step));
    bring();
    (move || match arrival.get() {
        Arrival::Here => match render_now(step) {
            Some(Ok(view)) => view,
            _ => failed(step, bring),
        },
        Arrival::Waiting => view! {
            <section class="step" aria-busy="true">
                <StepHeading step=step />
                <p class="muted">{settings.text(Key::Loading)}</p>
            </section>
        }
        .into_any(),
        Arrival::Failed => failed(step, bring),
    })
    .into_any()
}

/// The step's heading (so the partner knows where they are, and focus lands as
/// on any step) with why it is not there and a way to try again.
fn failed(step: Step, again: impl Fn() + Send + Sync + 'static) -> AnyView {
    view! {
        <section class="step">
            <StepHeading step=step />
            {chunk::unavailable(Key::StepUnavailable, again)}
        </section>
    }
    .into_any()
}

/// Fetches the later steps' code (and the rare panels') when the browser is idle, a while after the
/// start (the first screen's work and the API's answers come first, and a
/// page that is left or reloaded at once fetches nothing it would drop), the
/// next step first, one chunk at a time, the submit's code before Done's.
/// Unmounting the app cancels the wait.
pub(crate) fn fetch_when_idle(indirect: bool) {
    const AFTER_START: std::time::Duration = std::time::Duration::from_secs(2);
    if !cfg!(feature = "split") {
        return;
    }
    let wait = Debounce::new(AFTER_START, move || {
        browser::when_idle(move || {
            spawn_local(async move {
                // A failure here is retried when the partner reaches the step
                // (or submits, or a panel is to be shown). The address
                // suggestions come first (Account info's Continue may need
                // them), then the draft notices, and the submit's code
                // before Done's.
                let _ = crate::steps::account::fetch_suggestions_code().await;
                let _ = crate::widgets::draft_notices::fetch_notices_code().await;
                for step in Step::flow(indirect).into_iter().skip(1) {
                    let _ = fetch(step).await;
                }
                super::submit::fetch_code().await;
                let _ = fetch(Step::Done).await;
            });
        })
    });
    wait.schedule();
    // Owned by the app: dropped, and its timer cleared, when the app unmounts.
    StoredValue::new_local(wait);
}
