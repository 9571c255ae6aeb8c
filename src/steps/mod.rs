//! One module per step of the flow (Account info's API checks beside it,
//! the saved drafts with the customer list). Steps edit the form through
//! the state and send intents for the rest; they never touch storage.

pub(crate) mod account;
mod account_checks;
pub(crate) mod customers;
pub(crate) mod done;
pub(crate) mod reseller;
pub(crate) mod review;
mod saved_drafts;
pub(crate) mod subscriptions;
