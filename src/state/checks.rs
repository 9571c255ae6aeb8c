//! The domain rules applied to the form: a step's checks, continue, the
//! re-check as the user corrects, and the payload for Submit.

use super::{fields, Catalogues, DomainStatus, Flow, Form, HostConfig, Settings};
use crate::services::browser::today_utc;
use crate::services::pattern::MATCHER;
use crate::step::Step;
use customer_domain::catalog::{Offer, Relationship};
use customer_domain::country::CountryRules;
use customer_domain::payload::MCA_TEMPLATE_ID;
use customer_domain::validate::{self, field, Context};
use customer_domain::{CustomerDraft, FieldIssue, Message, SubmitRequest};
use leptos::prelude::*;

/// What the rules read: the form, the catalogues, the configuration, and
/// the flow they report to.
#[derive(Clone, Copy)]
pub(crate) struct Checks {
    pub(crate) settings: Settings,
    pub(crate) flow: Flow,
    pub(crate) form: Form,
    pub(crate) catalogues: Catalogues,
}

impl Checks {
    /// Lends the domain rules' context and the draft to `f`, borrowing the
    /// catalogues in place: the rules run on every keystroke after a failed
    /// continue, and the catalogues can hold 10,000 offers.
    fn with_context<R>(&self, template_id: &str, f: impl FnOnce(&Context, &CustomerDraft) -> R) -> R {
        let catalogues = self.catalogues;
        self.settings.config.with_untracked(|config| {
            catalogues.country_rules.with_untracked(|rules| {
                catalogues.offers.with_untracked(|offers| {
                    catalogues.resellers.with_untracked(|resellers| {
                        let ctx = rules_context(config, rules.as_ref(), offers, resellers, template_id);
                        self.form.draft.with_untracked(|draft| f(&ctx, draft))
                    })
                })
            })
        })
    }

    /// Runs the domain rules that belong to `step` against the current draft.
    pub(crate) fn check(&self, step: Step) -> Vec<FieldIssue> {
        self.with_context(MCA_TEMPLATE_ID, |ctx, draft| match step {
            Step::Account => {
                let prefix = customer_domain::text::to_lowercase(draft.account.domain_prefix.trim());
                let taken = self.form.domain_status.with_untracked(|s| matches!(s, DomainStatus::Taken(p) if *p == prefix));
                account_issues(draft, ctx, taken)
            }
            Step::Reseller => validate::reseller(draft, ctx),
            Step::Subscriptions => validate::subscriptions(draft, ctx),
            Step::Review => validate::all(draft, ctx),
            Step::Customers | Step::Done => Vec::new(),
        })
    }

    /// The payload, built by the domain crate (the only way to one).
    pub(crate) fn payload(&self) -> Result<SubmitRequest, Vec<FieldIssue>> {
        let template = self.catalogues.template.with_untracked(|t| t.as_ref().map(|t| t.template_id.clone())).unwrap_or_else(|| MCA_TEMPLATE_ID.into());
        self.with_context(&template, |ctx, draft| draft.into_payload(ctx))
    }

    /// The continue button of `step`: validate, then advance or show the problems.
    pub(crate) fn continue_from(&self, step: Step) {
        let issues = self.check(step);
        if issues.is_empty() {
            self.flow.advance(step, self.settings.config.with_untracked(|c| c.indirect));
        } else {
            self.flow.fail(issues);
        }
    }

    /// Takes over the answer the first screen gave to a Continue pressed
    /// before the app was there ([`first_screen_issues`]): the problems this
    /// step's checks find now, shown as they were, without a second alert.
    /// The hand-over has already written the first screen's values; focus
    /// goes to the summary when the first screen's had it.
    pub(crate) fn continue_answered(&self, step: Step, focus_summary: bool) {
        let issues = self.check(step);
        if !issues.is_empty() {
            self.flow.fail_as_shown(issues, focus_summary);
        }
    }

    /// After a failed continue, re-check as the user edits: fields that were
    /// in error then are re-validated (cleared when fixed, shown again when
    /// broken again); no new shouting.
    pub(crate) fn recheck(&self) {
        if !self.flow.attempted.get_untracked() {
            return;
        }
        let fresh = self.check(self.flow.step.get_untracked());
        // Only fields that were in error at continue are re-checked; when
        // nothing changed (typing on in a field that is still wrong), nothing
        // is re-rendered.
        let next: Vec<FieldIssue> = self.flow.rechecked.with_value(|fields| fresh.into_iter().filter(|i| fields.contains(&i.field)).collect());
        if self.flow.issues.with_untracked(|current| next != *current) {
            self.flow.set_issues(next);
        }
    }

    /// Writes a value into the draft through `lens` and re-checks.
    pub(crate) fn set(&self, lens: super::fields::Lens, value: String) {
        self.form.draft.update(|d| *(lens.write)(d) = value);
        self.recheck();
    }
}

/// The domain rules' context for the host's configuration and what has
/// loaded: the country's rules, the offers and the resellers (those only
/// for an indirect provider).
fn rules_context<'a>(
    config: &'a HostConfig,
    country: Option<&'a CountryRules>,
    offers: &'a [Offer],
    resellers: &'a [Relationship],
    template_id: &'a str,
) -> Context<'a> {
    Context {
        country,
        allowed_countries: &config.allowed_countries,
        offers,
        resellers: config.indirect.then_some(resellers),
        today: today_utc(),
        template_id,
        matcher: MATCHER,
    }
}

/// Account info's rules: the company, address and contact, the domain
/// (`domain_taken`: the live check found it taken), and the agreement.
fn account_issues(draft: &CustomerDraft, ctx: &Context, domain_taken: bool) -> Vec<FieldIssue> {
    let mut issues = validate::account(draft, ctx);
    if domain_taken && !issues.iter().any(|i| i.field == field::DOMAIN_PREFIX) {
        issues.push(FieldIssue::error(field::DOMAIN_PREFIX, Message::DomainTaken));
    }
    issues.extend(validate::agreement(draft, ctx));
    issues
}

/// What Continue on Account info finds for the values of the first screen's
/// controls (`value_of` a field: what its control holds), before the app's
/// view exists: Account info's rules ([`Checks::check`]'s), in the context
/// the app's state has before anything has loaded (no country rules, no
/// catalogues, no domain check), without a state of its own: this runs on
/// the way to the first screen's answer, where a state's signals are not
/// needed. Nor in the app's state: the hand-over fills that draft as typing
/// would, so that saving and the live checks see the values arrive. `None` once a
/// country is chosen: Continue then waits for that country's rules (state,
/// postal code), which only the app loads.
pub(crate) fn first_screen_issues(config: &HostConfig, value_of: impl Fn(&fields::Field) -> Option<String>) -> Option<Vec<FieldIssue>> {
    if value_of(&fields::COUNTRY).is_some_and(|country| !country.trim().is_empty()) {
        return None;
    }
    let mut draft = CustomerDraft::default();
    for field in fields::ALL.iter().filter(|f| f.step == Step::Account) {
        if let Some(value) = value_of(field) {
            fields::write_control(&mut draft, field, value, config.locale);
        }
    }
    let ctx = rules_context(config, None, &[], &[], MCA_TEMPLATE_ID);
    Some(account_issues(&draft, &ctx, false))
}
