//! One module per step of the flow (a folder where a step has parts: Account
//! info's sections and API checks, the offer search; the saved drafts with
//! the customer list). Steps edit the form through
//! the state and send intents for the rest; they never touch storage.

pub(crate) mod account;
pub(crate) mod customers;
pub(crate) mod done;
pub(crate) mod reseller;
pub(crate) mod review;
mod saved_drafts;
pub(crate) mod subscriptions;
