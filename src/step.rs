//! The steps of the wizard: the vocabulary every layer speaks (the stored
//! draft remembers its step, the shell routes by it, the steps name it).

use crate::i18n::Key;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Step {
    Customers,
    Account,
    Reseller,
    Subscriptions,
    Review,
    Done,
}

impl Step {
    pub(crate) fn title(self) -> Key {
        match self {
            Step::Customers => Key::CustomersTitle,
            Step::Account => Key::StepAccount,
            Step::Reseller => Key::StepReseller,
            Step::Subscriptions => Key::StepSubscriptions,
            Step::Review => Key::StepReview,
            Step::Done => Key::StepDone,
        }
    }

    /// The name the host hears in `step-change` and `cancel` events.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Step::Customers => "customers",
            Step::Account => "account",
            Step::Reseller => "reseller",
            Step::Subscriptions => "subscriptions",
            Step::Review => "review",
            Step::Done => "done",
        }
    }

    /// A step of the form itself (what a draft is saved on).
    pub(crate) fn in_flow(self) -> bool {
        matches!(self, Step::Account | Step::Reseller | Step::Subscriptions | Step::Review)
    }

    /// The steps of a partner's flow, in order (Customers and Done excluded):
    /// an indirect provider also picks the reseller.
    pub(crate) fn flow(indirect: bool) -> Vec<Step> {
        let mut steps = vec![Step::Account];
        if indirect {
            steps.push(Step::Reseller);
        }
        steps.extend([Step::Subscriptions, Step::Review]);
        steps
    }

    /// Where continuing from `self` leads (Review after the last step).
    pub(crate) fn next(self, indirect: bool) -> Step {
        let flow = Step::flow(indirect);
        let at = flow.iter().position(|s| *s == self).unwrap_or(0);
        flow.get(at + 1).copied().unwrap_or(Step::Review)
    }
}
