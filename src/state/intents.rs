//! What the user asks for that reaches beyond the form (storage, the
//! submit, the host): the steps say it, the shell carries it out.

use crate::services::storage::Envelope;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Intent {
    /// Add customer: a blank draft on Account info.
    StartNewCustomer,
    /// Carry on with a stored draft where it was left.
    ResumeDraft(Box<Envelope>),
    /// Drop the stored draft with this id and start a blank one.
    StartOver { id: String },
    /// Drop the stored draft with this id.
    DiscardDraft { id: String },
    /// Drop an unreadable entry of storage (by its key).
    RemoveUnreadable { key: String },
    /// Another tab changed this draft: keep this tab's version (and save it).
    KeepMine,
    /// Send the draft.
    Submit,
    /// Leave the wizard (the host hears it; the draft stays saved).
    Cancel,
}

/// The way intents travel up: the shell installs the handler.
#[derive(Clone, Copy)]
pub(crate) struct Intents(StoredValue<Option<Rc<dyn Fn(Intent)>>, LocalStorage>);

impl Intents {
    pub(crate) fn new() -> Self {
        Self(StoredValue::new_local(None))
    }

    pub(crate) fn handle_with(&self, handler: impl Fn(Intent) + 'static) {
        self.0.set_value(Some(Rc::new(handler)));
    }

    pub(crate) fn send(&self, intent: Intent) {
        // Cloned out first: the handler may send intents of its own.
        if let Some(handler) = self.0.try_with_value(|h| h.clone()).flatten() {
            handler(intent);
        }
    }
}
