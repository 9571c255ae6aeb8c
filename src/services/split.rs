//! Code that comes in a WebAssembly chunk of its own (the `split` feature:
//! scripts/build-wasm runs the split tool). Without the feature (the tests,
//! any build that does not run the split tool) that code is in the one
//! module, and everything here is at once.

/// A chunk of code that could not be fetched (the connection dropped). Its
/// caller says so where the code was wanted, with a way to try again: with
/// `panic = "abort"`, a panic would stop every wizard on the page.
pub(crate) struct Unavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unavailable
    }
}

/// What a split function gives when its chunk is here already (a split
/// function is async: it fetches its chunk first when needed); `None` while
/// the chunk has not arrived.
#[cfg(feature = "split")]
pub(crate) fn now<T>(future: impl std::future::Future<Output = T>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    match std::pin::pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Without `split` a split function is an ordinary one: its value is here.
#[cfg(not(feature = "split"))]
pub(crate) fn now<T>(value: T) -> Option<T> {
    Some(value)
}
