//! The wizard's state: signals owned by the wizard and shared with every step
//! through context. Steps read and write the draft; nothing else holds state.

use crate::config::HostConfig;
use crate::fields;
use crate::i18n::{self, Key, Locale};
use crate::pattern::JsMatcher;
use customer_domain::catalog::{AgreementTemplate, Offer, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::payload::MCA_TEMPLATE_ID;
use customer_domain::validate::{self, Context};
use customer_domain::{CustomerDraft, FieldIssue, SubmitRequest};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    Customers,
    Account,
    Reseller,
    Subscriptions,
    Review,
    Done,
}

impl Step {
    pub fn title(self) -> Key {
        match self {
            Step::Customers => Key::CustomersTitle,
            Step::Account => Key::StepAccount,
            Step::Reseller => Key::StepReseller,
            Step::Subscriptions => Key::StepSubscriptions,
            Step::Review => Key::StepReview,
            Step::Done => Key::StepDone,
        }
    }
}

/// The live availability check of the domain prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum DomainStatus {
    #[default]
    Unknown,
    Checking,
    Available(String),
    /// Taken by an existing tenant: the prefix that was checked.
    Taken(String),
}

/// Address validation when leaving Account info.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AddressCheck {
    #[default]
    Idle,
    Checking,
    /// The service suggests corrections: the user picks one or keeps theirs.
    Choose(Vec<customer_domain::resources::PostalAddress>),
    /// The user has confirmed this address; it is not asked about again.
    Confirmed(customer_domain::resources::PostalAddress),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubmitState {
    Idle,
    Sending,
    /// Waiting before the next attempt (same request id): why, and how long.
    Retrying { reason: Key, seconds: u32 },
    /// The browser is offline: the submit continues when it is back.
    Offline,
    Failed(Key),
}

impl SubmitState {
    /// A submit is under way (sending, waiting to retry or for the network).
    pub fn busy(&self) -> bool {
        matches!(self, SubmitState::Sending | SubmitState::Retrying { .. } | SubmitState::Offline)
    }
}

#[derive(Clone, Copy)]
pub struct Wizard {
    pub config: RwSignal<HostConfig, LocalStorage>,
    /// The element events are dispatched on (the custom element).
    pub host: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    pub draft: RwSignal<CustomerDraft>,
    pub step: RwSignal<Step>,
    /// Problems shown on the current step.
    pub issues: RwSignal<Vec<FieldIssue>>,
    /// The user pressed continue on this step: changed fields in error are re-checked.
    pub attempted: RwSignal<bool>,
    /// The fields in error when continue was pressed: they stay re-checked while
    /// the partner types, so a value that passes on its way ("T") and fails
    /// again ("Test Company") shows the message again.
    pub watched: StoredValue<Vec<String>>,
    /// Came from Review's Update link: continuing goes back to Review.
    pub return_to_review: RwSignal<bool>,
    /// Move focus to the step heading (only after the user acted, never on load).
    pub focus_heading: RwSignal<bool>,
    /// Bumped to move focus to the error summary after a failed continue.
    pub focus_summary: RwSignal<u32>,
    pub country_rules: RwSignal<Option<CountryRules>>,
    pub offers: RwSignal<Vec<Offer>>,
    pub resellers: RwSignal<Vec<Relationship>>,
    pub template: RwSignal<Option<AgreementTemplate>>,
    pub submit: RwSignal<SubmitState>,
    pub request_id: RwSignal<Option<String>>,
    pub created: RwSignal<Option<crate::api::SubmitResponse>>,
    pub domain_status: RwSignal<DomainStatus>,
    pub address_check: RwSignal<AddressCheck>,
    /// The offer search and category, and the reseller search: kept here so
    /// a step rendered afresh (a language switch) keeps what was typed.
    pub offer_query: RwSignal<String>,
    /// Whether the offers and resellers are loading or failed to load.
    pub offers_listing: Listing,
    pub resellers_listing: Listing,
    pub offer_category: RwSignal<String>,
    pub reseller_query: RwSignal<String>,
    /// Which stored draft this is, storage problems, another tab's changes.
    pub drafts: crate::drafts::DraftState,
}

/// Where a list fetched from the API stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    Idle,
    Busy,
    Failed,
}

/// Numbers requests of one kind, so that only the newest one's answer is
/// used (a quick change of country or language can let an older answer
/// land last).
#[derive(Clone, Copy)]
pub struct Newest(StoredValue<u32>);

impl Newest {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// A new request: every older one is superseded.
    pub fn next(&self) -> u32 {
        self.0.update_value(|n| *n += 1);
        self.0.get_value()
    }

    /// Whether `ticket` is still the newest request (false once the wizard is gone).
    pub fn is(&self, ticket: u32) -> bool {
        self.0.try_get_value() == Some(ticket)
    }
}

impl Default for Newest {
    fn default() -> Self {
        Self::new()
    }
}

/// A list fetched from the API: whether it is loading or failed, the way to
/// ask for it again, and which request is the newest.
#[derive(Clone, Copy)]
pub struct Listing {
    pub state: RwSignal<Loading>,
    /// Bumped by "Try again" where the loader tracks it.
    pub retry: RwSignal<u32>,
    newest: Newest,
}

impl Listing {
    pub fn new() -> Self {
        Self { state: RwSignal::new(Loading::Idle), retry: RwSignal::new(0), newest: Newest::new() }
    }

    pub fn try_again(&self) {
        self.retry.update(|n| *n += 1);
    }

    /// A request begins; its ticket goes to [`finish`](Self::finish).
    pub fn start(&self) -> u32 {
        self.state.set(Loading::Busy);
        self.newest.next()
    }

    /// Nothing to load (no country yet): a request still under way is dropped.
    pub fn stop(&self) {
        self.newest.next();
        self.state.set(Loading::Idle);
    }

    /// The answer to request `ticket`: `Some` to use when it is the newest
    /// and succeeded; a failure of the newest shows as `Failed`.
    pub fn finish<T, E>(&self, ticket: u32, answer: Result<T, E>) -> Option<T> {
        if !self.newest.is(ticket) {
            return None;
        }
        match answer {
            Ok(value) => {
                self.state.set(Loading::Idle);
                Some(value)
            }
            Err(_) => {
                self.state.set(Loading::Failed);
                None
            }
        }
    }
}

impl Default for Listing {
    fn default() -> Self {
        Self::new()
    }
}

impl Wizard {
    pub fn new(config: HostConfig, host: Option<web_sys::HtmlElement>) -> Self {
        Self {
            config: RwSignal::new_local(config),
            host: StoredValue::new_local(host),
            draft: RwSignal::new(CustomerDraft::default()),
            step: RwSignal::new(Step::Customers),
            issues: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            watched: StoredValue::new(Vec::new()),
            return_to_review: RwSignal::new(false),
            focus_heading: RwSignal::new(false),
            focus_summary: RwSignal::new(0),
            country_rules: RwSignal::new(None),
            offers: RwSignal::new(Vec::new()),
            resellers: RwSignal::new(Vec::new()),
            template: RwSignal::new(None),
            submit: RwSignal::new(SubmitState::Idle),
            request_id: RwSignal::new(None),
            created: RwSignal::new(None),
            domain_status: RwSignal::new(DomainStatus::Unknown),
            address_check: RwSignal::new(AddressCheck::Idle),
            offer_query: RwSignal::new(String::new()),
            offers_listing: Listing::new(),
            resellers_listing: Listing::new(),
            offer_category: RwSignal::new(String::new()),
            reseller_query: RwSignal::new(String::new()),
            drafts: crate::drafts::DraftState::new(),
        }
    }

    pub fn locale(&self) -> Locale {
        self.config.with(|c| c.locale)
    }

    /// Text for a catalogue key in the current language (reactive).
    pub fn t(&self, key: Key) -> &'static str {
        i18n::text(self.locale(), key)
    }

    pub fn indirect(&self) -> bool {
        self.config.with(|c| c.indirect)
    }

    /// The steps of this partner's flow, in order (Customers and Done excluded).
    pub fn flow(&self) -> Vec<Step> {
        let mut steps = vec![Step::Account];
        if self.indirect() {
            steps.push(Step::Reseller);
        }
        steps.extend([Step::Subscriptions, Step::Review]);
        steps
    }

    fn next_after(&self, step: Step) -> Step {
        let flow = self.flow();
        let at = flow.iter().position(|s| *s == step).unwrap_or(0);
        flow.get(at + 1).copied().unwrap_or(Step::Review)
    }

    pub fn previous_of(&self, step: Step) -> Step {
        let flow = self.flow();
        match flow.iter().position(|s| *s == step) {
            Some(0) | None => Step::Customers,
            Some(at) => flow[at - 1],
        }
    }

    /// Lends the domain rules' context and the draft to `f`, borrowing the
    /// catalogues in place: the rules run on every keystroke after a failed
    /// continue, and the catalogues can hold 10,000 offers.
    fn with_context<R>(&self, template_id: &str, f: impl FnOnce(&Context, &CustomerDraft) -> R) -> R {
        self.config.with_untracked(|config| {
            self.country_rules.with_untracked(|rules| {
                self.offers.with_untracked(|offers| {
                    self.resellers.with_untracked(|resellers| {
                        let ctx = Context {
                            country: rules.as_ref(),
                            allowed_countries: &config.allowed_countries,
                            offers,
                            resellers: config.indirect.then_some(resellers.as_slice()),
                            today: crate::util::today_utc(),
                            template_id,
                            matcher: &JsMatcher,
                        };
                        self.draft.with_untracked(|draft| f(&ctx, draft))
                    })
                })
            })
        })
    }

    /// Runs the domain rules that belong to `step` against the current draft.
    pub fn check(&self, step: Step) -> Vec<FieldIssue> {
        self.with_context(MCA_TEMPLATE_ID, |ctx, draft| match step {
            Step::Account => {
                let mut issues = validate::account(draft, ctx);
                let prefix = draft.account.domain_prefix.trim().to_lowercase();
                let taken = self.domain_status.with_untracked(|s| matches!(s, DomainStatus::Taken(p) if *p == prefix));
                if taken && !issues.iter().any(|i| i.field == validate::field::DOMAIN_PREFIX) {
                    issues.push(FieldIssue::error(validate::field::DOMAIN_PREFIX, customer_domain::Message::DomainTaken));
                }
                issues.extend(validate::agreement(draft, ctx));
                issues
            }
            Step::Reseller => validate::reseller(draft, ctx),
            Step::Subscriptions => validate::subscriptions(draft, ctx),
            Step::Review => validate::all(draft, ctx),
            Step::Customers | Step::Done => Vec::new(),
        })
    }

    /// The payload, built by the domain crate (the only way to one).
    pub fn payload(&self) -> Result<SubmitRequest, Vec<FieldIssue>> {
        let template = self.template.with_untracked(|t| t.as_ref().map(|t| t.template_id.clone())).unwrap_or_else(|| MCA_TEMPLATE_ID.into());
        self.with_context(&template, |ctx, draft| draft.into_payload(ctx))
    }

    /// Goes to `step` as the result of a user action (focus follows).
    pub fn go(&self, step: Step) {
        self.issues.set(Vec::new());
        self.attempted.set(false);
        self.focus_heading.set(true);
        self.step.set(step);
    }

    /// The continue button of `step`: validate, then advance or show the problems.
    pub fn continue_from(&self, step: Step) {
        let issues = self.check(step);
        if issues.is_empty() {
            let next = if self.return_to_review.get_untracked() { Step::Review } else { self.next_after(step) };
            if next == Step::Review {
                self.return_to_review.set(false);
            }
            self.go(next);
        } else {
            self.watched.set_value(issues.iter().map(|i| i.field.clone()).collect());
            self.issues.set(issues);
            self.attempted.set(true);
            self.focus_summary.update(|n| *n += 1);
        }
    }

    /// After a failed continue, re-check as the user edits: fields that were
    /// in error are re-validated (and cleared when fixed); no new shouting.
    pub fn recheck(&self) {
        if !self.attempted.get_untracked() {
            return;
        }
        let step = self.step.get_untracked();
        let fresh = self.check(step);
        // Only fields that were in error at continue are re-checked; when nothing
        // changed (typing on in a field that is still wrong), nothing is re-rendered.
        let next: Vec<FieldIssue> = self.watched.with_value(|watched| fresh.into_iter().filter(|i| watched.contains(&i.field)).collect());
        self.issues.maybe_update(|current| {
            let changed = next != *current;
            if changed {
                *current = next;
            }
            changed
        });
    }

    /// Sends the user to the step and field a server problem belongs to.
    pub fn show_server_issues(&self, issues: Vec<FieldIssue>) {
        let step = issues.first().map(|i| fields::step_of(&i.field)).unwrap_or(Step::Account);
        self.go(step);
        self.watched.set_value(issues.iter().map(|i| i.field.clone()).collect());
        self.issues.set(issues);
        self.attempted.set(true);
        self.focus_summary.update(|n| *n += 1);
    }
}

pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}
