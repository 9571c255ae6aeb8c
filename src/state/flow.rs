//! Where the user is: the current step, the problems shown on it, and where
//! focus goes after an action.

use super::fields;
use crate::step::Step;
use customer_domain::FieldIssue;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct Flow {
    pub(crate) step: RwSignal<Step>,
    /// Problems shown on the current step (written through [`Flow::set_issues`]).
    pub(crate) issues: RwSignal<Vec<FieldIssue>>,
    /// One trigger per field that shows its problem, fired when that field's
    /// first problem changes: a keystroke that changes one field's problem
    /// wakes that field alone, not every field of the step. A list, not a
    /// map: a form has a few dozen fields, and a hash map of its own would
    /// cost the bundle its hashing and table code.
    by_field: StoredValue<Vec<(String, ArcTrigger)>>,
    /// The user pressed continue on this step: changed fields in error are re-checked.
    pub(crate) attempted: RwSignal<bool>,
    /// The fields in error when continue failed: they stay re-checked while
    /// the user types, so a value that passes on its way ("Te") and fails
    /// again ("Test Company") shows its message again.
    pub(crate) rechecked: StoredValue<Vec<String>>,
    /// Came from Review's Update link: continuing goes back to Review.
    pub(crate) return_to_review: RwSignal<bool>,
    /// Move focus to the step heading (only after the user acted, never on load).
    pub(crate) focus_heading: RwSignal<bool>,
    /// Bumped to move focus to the error summary after a failed continue.
    pub(crate) focus_summary: RwSignal<u32>,
    /// The summary is an alert (announced as it appears); not for problems
    /// the first screen has already shown and announced ([`Flow::fail_as_shown`]).
    pub(crate) summary_is_alert: RwSignal<bool>,
}

impl Flow {
    pub(crate) fn new(first: Step) -> Self {
        Self {
            step: RwSignal::new(first),
            issues: RwSignal::new(Vec::new()),
            by_field: StoredValue::new(Vec::new()),
            attempted: RwSignal::new(false),
            rechecked: StoredValue::new(Vec::new()),
            return_to_review: RwSignal::new(false),
            focus_heading: RwSignal::new(false),
            focus_summary: RwSignal::new(0),
            summary_is_alert: RwSignal::new(true),
        }
    }

    /// The first problem of the field at `path`; reactive on that field's
    /// problem alone.
    pub(crate) fn first_issue<R>(&self, path: &str, read: impl FnOnce(Option<&FieldIssue>) -> R) -> R {
        match self.by_field.with_value(|all| all.iter().find(|(field, _)| field == path).map(|(_, trigger)| trigger.clone())) {
            Some(changed) => changed.track(),
            None => {
                let changed = ArcTrigger::new();
                changed.track();
                self.by_field.update_value(|all| {
                    all.push((path.to_owned(), changed));
                });
            }
        }
        self.issues.with_untracked(|issues| read(first(issues, path)))
    }

    /// Shows `issues`; only the fields whose first problem changed are told.
    pub(crate) fn set_issues(&self, issues: Vec<FieldIssue>) {
        let changed: Vec<ArcTrigger> = self.issues.with_untracked(|shown| {
            self.by_field.with_value(|all| {
                all.iter().filter(|(path, _)| first(shown, path) != first(&issues, path)).map(|(_, trigger)| trigger.clone()).collect()
            })
        });
        self.issues.set(issues);
        for trigger in changed {
            trigger.notify();
        }
    }

    /// Back to `first` as a fresh wizard opens: nothing shown, focus left
    /// where the host page has it.
    pub(crate) fn reset(&self, first: Step) {
        self.set_issues(Vec::new());
        self.attempted.set(false);
        self.return_to_review.set(false);
        self.focus_heading.set(false);
        self.step.set(first);
    }

    /// Goes to `step` as the result of a user action (focus follows).
    pub(crate) fn go(&self, step: Step) {
        self.set_issues(Vec::new());
        self.attempted.set(false);
        self.focus_heading.set(true);
        self.step.set(step);
    }

    /// Shows `step` without taking focus (a draft opened on load).
    pub(crate) fn show(&self, step: Step) {
        self.set_issues(Vec::new());
        self.step.set(step);
    }

    /// Continue from `from` passed its checks: on to the next step, or back
    /// to Review when the user came from there.
    pub(crate) fn advance(&self, from: Step, indirect: bool) {
        let next = if self.return_to_review.get_untracked() { Step::Review } else { from.next(indirect) };
        if next == Step::Review {
            self.return_to_review.set(false);
        }
        self.go(next);
    }

    /// Continue found problems: they are shown, the summary takes focus, and
    /// from now on edits re-check the fields in error.
    pub(crate) fn fail(&self, issues: Vec<FieldIssue>) {
        self.summary_is_alert.set(true);
        self.show_failed(issues, true);
    }

    /// The same problems the first screen showed for a Continue pressed
    /// before the app took over (and announced, with its summary as the
    /// alert): shown as [`Flow::fail`] shows them, but not announced a second
    /// time; focus goes to the summary when the first screen's had it (the
    /// partner may have followed one of its links to a field meanwhile).
    pub(crate) fn fail_as_shown(&self, issues: Vec<FieldIssue>, focus_summary: bool) {
        self.summary_is_alert.set(false);
        self.show_failed(issues, focus_summary);
    }

    fn show_failed(&self, issues: Vec<FieldIssue>, focus_summary: bool) {
        self.rechecked.set_value(issues.iter().map(|i| i.field.clone()).collect());
        self.set_issues(issues);
        self.attempted.set(true);
        if focus_summary {
            self.focus_summary.update(|n| *n += 1);
        }
    }

    /// Sends the user to the step and field a problem found later (by the
    /// server, or at Submit) belongs to.
    pub(crate) fn show_problems(&self, issues: Vec<FieldIssue>) {
        let step = issues.first().map(|i| fields::step_of(&i.field)).unwrap_or(Step::Account);
        self.go(step);
        self.fail(issues);
    }
}

fn first<'a>(issues: &'a [FieldIssue], path: &str) -> Option<&'a FieldIssue> {
    issues.iter().find(|i| i.field == path)
}
