//! The reference API server as a library: Partner Center-shaped endpoints
//! over SQLite, and the host of the built SPA. `main.rs` is only its command
//! line; tests build the same router (`api::router`) and drive it in-process
//! as well as over HTTP. The wire types come from `customer_domain::wire`.

pub mod address;
pub mod api;
pub mod auth;
pub mod catalog;
pub mod countries;
pub mod error;
pub mod faults;
pub mod jwt;
pub mod openapi;
pub mod origin;
pub mod serve;
pub mod site;
pub mod store;
pub mod submit;
pub mod timing;
pub mod upstream;
