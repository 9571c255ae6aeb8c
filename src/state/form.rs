//! What the user has entered, and the live checks that belong to it.

use customer_domain::resources::PostalAddress;
use customer_domain::CustomerDraft;
use leptos::prelude::*;

/// The live availability check of the domain prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum DomainStatus {
    #[default]
    Unknown,
    Checking,
    Available(String),
    /// Taken by an existing tenant: the prefix that was checked.
    Taken(String),
}

/// Address validation when leaving Account info.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum AddressCheck {
    #[default]
    Idle,
    Checking,
    /// The service suggests corrections: the user picks one or keeps theirs.
    Choose(Vec<PostalAddress>),
    /// The user has confirmed this address; it is not asked about again.
    Confirmed(PostalAddress),
}

#[derive(Clone, Copy)]
pub(crate) struct Form {
    pub(crate) draft: RwSignal<CustomerDraft>,
    pub(crate) domain_status: RwSignal<DomainStatus>,
    pub(crate) address_check: RwSignal<AddressCheck>,
    /// The offer search and category, and the reseller search: kept here so
    /// a step rendered afresh (a language switch) keeps what was typed.
    pub(crate) offer_query: RwSignal<String>,
    pub(crate) offer_category: RwSignal<String>,
    pub(crate) reseller_query: RwSignal<String>,
}

impl Form {
    pub(crate) fn new() -> Self {
        Self {
            draft: RwSignal::new(CustomerDraft::default()),
            domain_status: RwSignal::new(DomainStatus::Unknown),
            address_check: RwSignal::new(AddressCheck::Idle),
            offer_query: RwSignal::new(String::new()),
            offer_category: RwSignal::new(String::new()),
            reseller_query: RwSignal::new(String::new()),
        }
    }

    /// A blank form: a new customer.
    pub(crate) fn reset(&self) {
        self.draft.set(CustomerDraft::default());
        self.domain_status.set(DomainStatus::Unknown);
        self.address_check.set(AddressCheck::Idle);
        self.offer_query.set(String::new());
        self.offer_category.set(String::new());
        self.reseller_query.set(String::new());
    }

    /// The address as entered, trimmed, as the address service reads it.
    pub(crate) fn entered_address(&self) -> PostalAddress {
        self.draft.with_untracked(|d| {
            let a = &d.account.address;
            let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
            PostalAddress {
                address_line1: a.address_line1.trim().to_owned(),
                address_line2: opt(&a.address_line2),
                city: a.city.trim().to_owned(),
                state: opt(&a.state),
                postal_code: opt(&a.postal_code),
                country: a.country.trim().to_owned(),
            }
        })
    }
}
