//! The add-customer wizard: a Leptos app mounted into an element the host gives.

pub mod pattern;
