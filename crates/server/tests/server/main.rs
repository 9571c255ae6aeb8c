//! The server's integration tests, one module per concern, linked as one test
//! binary: nine binaries each linked every dependency again, which cost a fresh
//! machine's build about a gigabyte of disk and a minute of linking.

mod common;

mod api;
mod faults;
mod gateway;
mod hardening;
mod instances;
mod jwt;
mod partners;
mod router;
mod site;
