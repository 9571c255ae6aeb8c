//! Building blocks the steps are made of. A widget knows the state it shows
//! but no step: what it edits comes in as a field definition or a signal.

pub(crate) mod actions;
pub(crate) mod chunk;
pub(crate) mod draft_notices;
pub(crate) mod fields;
pub(crate) mod heading;
pub(crate) mod lists;
pub(crate) mod summary;
