//! The add-customer model and its rules, with no browser or server dependency.
//!
//! * [`draft`]: what the partner is typing (strings, possibly incomplete).
//! * [`payload`]: the Partner Center resources that leave the wizard.
//! * [`validate`]: the only way from a draft to a payload; every problem at
//!   once, each tied to a field path such as `account.address.postalCode`.
//! * [`issue`]: problems are codes with parameters, never English text.
//! * [`wire`]: the API's answers (submit response, error envelope and codes),
//!   written by the server and read by the browser app.

pub mod catalog;
pub mod country;
pub mod date;
pub mod draft;
pub mod issue;
pub mod link;
pub mod pattern;
pub mod payload;
pub mod resources;
pub mod rules;
pub mod search;
pub mod text;
pub mod validate;
pub mod wire;

pub use draft::CustomerDraft;
pub use issue::{FieldIssue, Message, Severity};
pub use payload::SubmitRequest;
