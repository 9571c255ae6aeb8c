//! The bottom layer: what talks to the world outside the app. The API client
//! (`api`), the submit with its retries (`submit`), the drafts in browser
//! storage (`storage`), JSON (`json`), code that comes in a chunk of its own
//! (`split`), the browser's RegExp (`pattern`), its
//! other small services (`browser`) and the one stable sort (`order`). Nothing
//! here knows a signal or a view.

pub(crate) mod api;
pub(crate) mod browser;
pub(crate) mod json;
pub(crate) mod order;
pub(crate) mod pattern;
#[cfg(test)]
pub(crate) mod seeded;
pub(crate) mod split;
pub(crate) mod storage;
pub(crate) mod submit;
