//! A part of a view whose code is a WebAssembly chunk of its own (see
//! `services::split`): panels that few partners ever see, kept out of the
//! first load.

use crate::i18n::Key;
use crate::services::split::Unavailable;
use crate::state::effect;
use crate::state::use_settings;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// A view whose code is a chunk of its own: `$build()` renders `$component`
/// (an async function under `split`, which fetches the chunk first when
/// needed), `$fetch()` brings the chunk in without rendering. Without
/// `split` both are ordinary functions, and the view is always here.
/// (`wasm_split` is used directly for its `fallible` option: a chunk that
/// does not arrive is an `Err`, where Leptos's `#[lazy]` would panic, and
/// with `panic = "abort"` a panic stops every wizard on the page.)
macro_rules! split_view {
    ($vis:vis $build:ident, $fetch:ident, $component:ident) => {
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($build, wasm_split_path = ::leptos::wasm_split, preload($fetch), fallible)
        )]
        $vis fn $build() -> Result<AnyView, $crate::services::split::Unavailable> {
            Ok(view! { <$component /> }.into_any())
        }
        #[cfg(not(feature = "split"))]
        $vis async fn $fetch() -> Result<(), $crate::services::split::Unavailable> {
            Ok(())
        }
    };
}
pub(crate) use split_view;

/// Whether a chunk's code has arrived.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Arrival {
    Waiting,
    Failed,
    Here,
}

/// A chunk's arrival, and `bring()`, which fetches it (`fetch`, one fetch at
/// a time) and sets the arrival by how that went.
pub(crate) fn arrival<E, Fetched: Future<Output = Result<(), E>> + 'static>(
    fetch: impl Fn() -> Fetched + Copy + Send + Sync + 'static,
) -> (RwSignal<Arrival>, impl Fn() + Copy + Send + Sync + 'static) {
    let arrival = RwSignal::new(Arrival::Waiting);
    // (`fetching`: one fetch at a time.)
    let fetching = StoredValue::new(false);
    let bring = move || {
        if fetching.get_value() {
            return;
        }
        fetching.set_value(true);
        arrival.set(Arrival::Waiting);
        spawn_local(async move {
            let arrived = fetch().await.is_ok();
            // (The wizard may be gone by then.)
            if fetching.try_set_value(false).is_none() {
                let _ = arrival.try_set(if arrived { Arrival::Here } else { Arrival::Failed });
            }
        });
    };
    (arrival, bring)
}

/// What `render` gives (the split function's value when its chunk is here,
/// see `split::now`) while `show()` holds. The chunk is fetched (`fetch`)
/// once `fetch_when()` holds, unless it is here or on its way (the shell
/// also fetches it when the browser is idle). Until it arrives the place says
/// "Loading…", and if it cannot be fetched, says so with "Try again" (what
/// was typed stays: it lives in the draft).
pub(crate) fn from_chunk<E, Fetched: Future<Output = Result<(), E>> + 'static>(
    fetch_when: impl Fn() -> bool + Send + Sync + 'static,
    show: impl Fn() -> bool + Send + Sync + 'static,
    fetch: impl Fn() -> Fetched + Copy + Send + Sync + 'static,
    render: fn() -> Option<Result<AnyView, Unavailable>>,
) -> impl IntoView {
    let settings = use_settings();
    let (arrival, bring) = arrival(fetch);
    // Asked again after a failure, too, the next time it is wanted.
    effect(move || {
        if fetch_when() && arrival.get_untracked() != Arrival::Here {
            bring();
        }
    });
    let failed = move || unavailable(Key::PartUnavailable, bring).into_any();
    // Memoized: the part is built again only when it is shown or hidden, not
    // whenever what `show` reads changes (that would lose its own state).
    let show = Memo::new(move |_| show());
    move || {
        show.get().then(|| match arrival.get() {
            Arrival::Here => match render() {
                Some(Ok(view)) => view,
                _ => failed(),
            },
            Arrival::Waiting => view! { <p class="muted">{settings.text(Key::Loading)}</p> }.into_any(),
            Arrival::Failed => failed(),
        })
    }
}

/// Why a part whose code is a chunk is not there (`message`), and "Try again"
/// (`again`), as a later step and a rare panel both say it.
pub(crate) fn unavailable(message: Key, again: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let settings = use_settings();
    view! {
        <p class="load-error" role="alert">{settings.text(message)} " "
            <button type="button" class="link-button" on:click=move |_| again()>{settings.text(Key::TryAgain)}</button>
        </p>
    }
}
