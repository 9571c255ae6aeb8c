//! The wizard's side of stored drafts: which one is being edited, the drafts
//! stored, what went wrong with storage (shown to the user with the raw text
//! recoverable), and another tab's newer copy of the same draft. Reading and
//! writing storage is the shell's business (`shell::persist`).

use crate::i18n::{self, Key, Locale};
use crate::services::json::Json;
use crate::services::storage::{Envelope, Problem};
use customer_domain::CustomerDraft;
use leptos::prelude::*;

/// A storage problem the user is told about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Notice {
    /// A stored draft could not be read: its key and text.
    Unreadable { key: String, raw: String, problem: Problem },
    /// A draft was read, but values of the wrong type were left empty: the original text.
    Repaired { raw: String },
    /// Storage is turned off: nothing can be saved.
    Unavailable,
    /// Storage is full: the draft that could not be written, as text.
    Full { text: String },
}

/// Another tab saved or removed the draft this tab is editing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Conflict {
    Newer(Box<Envelope>),
    Removed,
}

#[derive(Clone, Copy)]
pub(crate) struct Drafts {
    /// The id of the stored draft being edited; `None` until first saved.
    pub(crate) id: RwSignal<Option<String>>,
    /// `savedAt` of what this tab last wrote or loaded.
    pub(crate) saved_at: RwSignal<Option<String>>,
    /// The exact body of a submit whose answer has not arrived (a JSON object).
    pub(crate) pending: RwSignal<Option<Json>>,
    /// Bumped when stored drafts changed (here or in another tab).
    pub(crate) changed: RwSignal<u32>,
    pub(crate) notices: RwSignal<Vec<Notice>>,
    pub(crate) conflict: RwSignal<Option<Conflict>>,
    /// The drafts stored for this host, newest first (readable ones).
    pub(crate) listed: RwSignal<Vec<Envelope>>,
}

impl Drafts {
    pub(crate) fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            saved_at: RwSignal::new(None),
            pending: RwSignal::new(None),
            changed: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
            listed: RwSignal::new(Vec::new()),
        }
    }

    /// Forgets which draft this was (a new draft, or another partner's storage).
    pub(crate) fn reset(&self) {
        self.id.set(None);
        self.saved_at.set(None);
        self.pending.set(None);
        self.conflict.set(None);
    }

    pub(crate) fn notify(&self, notice: Notice) {
        self.notices.update(|all| {
            // One of each kind for the current draft; every unreadable draft has its own.
            all.retain(|n| !matches!((n, &notice), (Notice::Full { .. }, Notice::Full { .. }) | (Notice::Unavailable, Notice::Unavailable)));
            if !all.contains(&notice) {
                all.push(notice);
            }
        });
    }

    pub(crate) fn dismiss(&self, notice: &Notice) {
        self.notices.update(|all| all.retain(|n| n != notice));
    }

    /// The stored drafts changed (here or in another tab): lists follow.
    pub(crate) fn note_changed(&self) {
        self.changed.update(|n| *n += 1);
    }
}

/// What a draft is called in lists: the company, else the domain, else "Untitled draft".
pub(crate) fn draft_name(locale: Locale, draft: &CustomerDraft) -> String {
    let company = draft.account.company_name.trim();
    let domain = draft.account.domain_prefix.trim();
    if !company.is_empty() {
        company.to_owned()
    } else if !domain.is_empty() {
        format!("{}{}", customer_domain::text::to_lowercase(domain), customer_domain::payload::DOMAIN_SUFFIX)
    } else {
        i18n::text(locale, Key::UntitledDraft).to_owned()
    }
}
