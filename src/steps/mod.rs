//! One module per step of the flow.

pub mod account;
pub mod account_checks;
pub mod customers;
pub mod done;
pub mod reseller;
pub mod review;
pub mod subscriptions;
