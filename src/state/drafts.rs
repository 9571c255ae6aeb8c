//! The wizard's side of stored drafts: which one is being edited, what went
//! wrong with storage (shown to the user with the raw text recoverable), and
//! another tab's newer copy of the same draft.

use crate::i18n::Key;
use crate::state::{Step, Wizard};
use crate::storage::{self, Envelope, Loaded, Problem};
use customer_domain::{CustomerDraft, SubmitRequest};
use leptos::prelude::*;

/// A storage problem the user is told about.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
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
pub enum Conflict {
    Newer(Box<Envelope>),
    Removed,
}

#[derive(Clone, Copy)]
pub struct DraftState {
    /// The id of the stored draft being edited; `None` until first saved.
    pub id: RwSignal<Option<String>>,
    /// `savedAt` of what this tab last wrote or loaded.
    pub saved_at: RwSignal<Option<String>>,
    /// The exact body of a submit whose answer has not arrived.
    pub pending: RwSignal<Option<SubmitRequest>>,
    /// Bumped when stored drafts changed (here or in another tab).
    pub changed: RwSignal<u32>,
    pub notices: RwSignal<Vec<Notice>>,
    pub conflict: RwSignal<Option<Conflict>>,
}

impl DraftState {
    pub fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            saved_at: RwSignal::new(None),
            pending: RwSignal::new(None),
            changed: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
        }
    }

    /// Forgets which draft this was (a new draft, or another partner's storage).
    pub fn detach(&self) {
        self.id.set(None);
        self.saved_at.set(None);
        self.pending.set(None);
        self.conflict.set(None);
    }

    pub fn notify(&self, notice: Notice) {
        self.notices.update(|all| {
            // One of each kind for the current draft; every unreadable draft has its own.
            all.retain(|n| !matches!((n, &notice), (Notice::Full { .. }, Notice::Full { .. }) | (Notice::Unavailable, Notice::Unavailable)));
            if !all.contains(&notice) {
                all.push(notice);
            }
        });
    }
}

impl Default for DraftState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn in_flow(step: Step) -> bool {
    matches!(step, Step::Account | Step::Reseller | Step::Subscriptions | Step::Review)
}

/// What a draft is called in lists: the company, else the domain, else "Untitled draft".
pub fn name(wizard: Wizard, draft: &CustomerDraft) -> String {
    let company = draft.account.company_name.trim();
    let domain = draft.account.domain_prefix.trim();
    if !company.is_empty() {
        company.to_owned()
    } else if !domain.is_empty() {
        format!("{}{}", domain.to_lowercase(), customer_domain::payload::DOMAIN_SUFFIX)
    } else {
        wizard.t(Key::UntitledDraft).to_owned()
    }
}

/// A saved-at time as date and time in the user's language.
pub fn saved_time(locale: &str, iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(locale, &options))
}

/// Listens for other tabs' writes: the draft list follows them, and a newer
/// copy of the draft being edited stops this tab's saves until the user chooses.
pub fn watch_other_tabs(wizard: Wizard) {
    let handle = window_event_listener(leptos::ev::storage, move |event: web_sys::StorageEvent| {
        let Some(config) = wizard.config.try_get_untracked() else { return };
        let Some(key) = event.key() else {
            wizard.drafts.changed.update(|n| *n += 1); // storage.clear()
            return;
        };
        let Some(id) = storage::id_of_key(&config, &key) else { return };
        wizard.drafts.changed.update(|n| *n += 1);
        if !in_flow(wizard.step.get_untracked()) || wizard.drafts.id.get_untracked().as_deref() != Some(id.as_str()) {
            return;
        }
        match event.new_value() {
            None => wizard.drafts.conflict.set(Some(Conflict::Removed)),
            Some(raw) => {
                if let Loaded::Draft(parsed) = storage::parse(&raw) {
                    if wizard.drafts.saved_at.get_untracked().as_deref() != Some(parsed.envelope.saved_at.as_str()) {
                        wizard.drafts.conflict.set(Some(Conflict::Newer(Box::new(parsed.envelope))));
                    }
                }
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// A link that downloads `text` as a JSON file (a Blob URL, revoked when the link goes).
#[component]
fn DownloadLink(text: String, label: Key) -> impl IntoView {
    let wizard = crate::state::use_wizard();
    let url = blob_url(&text);
    if let Some(url) = url.clone() {
        let url = send_wrapper::SendWrapper::new(url);
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
    }
    url.map(|href| {
        view! {
            <a class="button" href=href download="add-customer-draft.json">{move || wizard.t(label)}</a>
        }
    })
}

fn blob_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The raw text, copyable, when it is small enough for a text box.
#[component]
fn RawText(raw: String) -> impl IntoView {
    let wizard = crate::state::use_wizard();
    let id = format!("acw-raw-{}", crate::util::random_uuid());
    (raw.len() <= 64 * 1024).then(|| {
        view! {
            <label for=id.clone()>{move || wizard.t(Key::SavedDraftText)}</label>
            <textarea id=id readonly rows="4" class="raw-draft" prop:value=raw></textarea>
        }
    })
}

/// Storage problems and another tab's changes, at the top of every step.
#[component]
pub fn DraftNotices() -> impl IntoView {
    let wizard = crate::state::use_wizard();
    let dismiss = move |notice: Notice| wizard.drafts.notices.update(|all| all.retain(|n| *n != notice));
    let notices = move || {
        wizard.drafts.notices.get().into_iter().map(|notice| {
            let this = notice.clone();
            match notice {
                Notice::Unreadable { key, raw, problem } => {
                    let message = match problem {
                        Problem::NotJson => Key::StorageNotJson,
                        Problem::WrongShape => Key::StorageWrongShape,
                        Problem::UnknownVersion => Key::StorageNewerVersion,
                        Problem::TooLarge => Key::StorageTooLarge,
                    };
                    let remove = move |_| {
                        storage::remove_key(&wizard.config.get_untracked(), &key);
                        dismiss(this.clone());
                    };
                    view! {
                        <div class="panel warning storage-notice" role="alert">
                            <p><strong>{move || wizard.t(message)}</strong> " " {move || wizard.t(Key::StorageKeptText)}</p>
                            <RawText raw=raw.clone() />
                            <div class="actions">
                                <DownloadLink text=raw label=Key::DownloadDraft />
                                <button type="button" class="button" on:click=remove>{move || wizard.t(Key::RemoveUnreadable)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
                Notice::Repaired { raw } => view! {
                    <div class="panel warning storage-notice" role="alert">
                        <p>{move || wizard.t(Key::StorageRepaired)}</p>
                        <div class="actions">
                            <DownloadLink text=raw label=Key::DownloadDraft />
                            <button type="button" class="button" on:click=move |_| dismiss(this.clone())>{move || wizard.t(Key::Dismiss)}</button>
                        </div>
                    </div>
                }.into_any(),
                Notice::Unavailable => view! {
                    <div class="panel warning storage-notice" role="alert"><p>{move || wizard.t(Key::StorageUnavailable)}</p></div>
                }.into_any(),
                Notice::Full { text } => view! {
                    <div class="panel warning storage-notice" role="alert">
                        <p>{move || wizard.t(Key::StorageFull)}</p>
                        <div class="actions"><DownloadLink text=text label=Key::DownloadCurrentDraft /></div>
                    </div>
                }.into_any(),
            }
        }).collect_view()
    };
    let conflict = move || {
        let step = wizard.step.get();
        wizard.drafts.conflict.get().filter(|_| in_flow(step)).map(|conflict| {
            let locale = wizard.locale().tag();
            let (text, newer) = match conflict {
                Conflict::Newer(envelope) => (
                    crate::i18n::fill(wizard.t(Key::ChangedElsewhere), &[("time", &saved_time(locale, &envelope.saved_at))]),
                    Some(*envelope),
                ),
                Conflict::Removed => (wizard.t(Key::RemovedElsewhere).to_owned(), None),
            };
            let keep = move |_| {
                wizard.drafts.conflict.set(None);
                crate::persist::save_now(wizard);
            };
            view! {
                <div class="panel warning storage-notice" role="alert">
                    <p>{text}</p>
                    <div class="actions">
                        {newer.map(|envelope| view! {
                            <button type="button" class="button primary" on:click=move |_| crate::persist::open(wizard, envelope.clone())>
                                {move || wizard.t(Key::LoadNewer)}
                            </button>
                        })}
                        <button type="button" class="button" on:click=keep>{move || wizard.t(Key::KeepMine)}</button>
                    </div>
                </div>
            }
        })
    };
    view! { <div class="draft-notices">{notices} {conflict}</div> }
}

/// The Customers page's saved drafts: the newest offered first ("Resume
/// draft" or "Start over"), the others each resumable or discardable.
#[component]
pub fn SavedDrafts() -> impl IntoView {
    let wizard = crate::state::use_wizard();
    let drafts = Memo::new(move |_| {
        wizard.drafts.changed.track();
        let config = wizard.config.get();
        storage::list(&config)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| s.envelope().cloned())
            .collect::<Vec<_>>()
    });
    move || {
        let all = drafts.get();
        let (newest, others) = all.split_first()?;
        let locale = wizard.locale().tag();
        let summary = |e: &Envelope| {
            crate::i18n::fill(
                wizard.t(Key::DraftSummary),
                &[("name", &name(wizard, &e.draft)), ("step", wizard.t(e.step.title())), ("time", &saved_time(locale, &e.saved_at))],
            )
        };
        let newest_summary = crate::i18n::fill(wizard.t(Key::LatestDraft), &[("summary", &summary(newest))]);
        let resume_label = crate::i18n::fill(wizard.t(Key::ResumeDraft), &[("time", &saved_time(locale, &newest.saved_at))]);
        let (resume, start_over) = (newest.clone(), newest.id.clone());
        let others = others.to_vec();
        Some(view! {
            <section class="saved-drafts" aria-labelledby="acw-saved-drafts">
                <h2 id="acw-saved-drafts">{wizard.t(Key::SavedDrafts)}</h2>
                <p>{newest_summary}</p>
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| crate::persist::open(wizard, resume.clone())>{resume_label}</button>
                    <button type="button" class="button" on:click=move |_| {
                        storage::remove(&wizard.config.get_untracked(), &start_over);
                        crate::persist::new_draft(wizard);
                    }>{wizard.t(Key::StartOver)}</button>
                </div>
                {(!others.is_empty()).then(|| view! {
                    <h3>{wizard.t(Key::OtherDrafts)}</h3>
                    <ul class="draft-list">
                        {others.into_iter().map(|envelope| {
                            let label = name(wizard, &envelope.draft);
                            let text = summary(&envelope);
                            let id = envelope.id.clone();
                            let discard_label = label.clone();
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <button type="button" class="link-button" on:click=move |_| crate::persist::open(wizard, envelope.clone())>
                                        {wizard.t(Key::ResumeNamed)}<span class="visually-hidden">{format!(" {label}")}</span>
                                    </button>
                                    <button type="button" class="link-button" on:click=move |_| {
                                        storage::remove(&wizard.config.get_untracked(), &id);
                                        wizard.drafts.changed.update(|n| *n += 1);
                                    }>
                                        {wizard.t(Key::DiscardDraft)}<span class="visually-hidden">{format!(" {discard_label}")}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </section>
        })
    }
}
