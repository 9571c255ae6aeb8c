//! Storage problems and another tab's changes, at the top of every step,
//! each with what the user can do about it (the raw text kept, downloadable).
//!
//! Few partners ever see one, so their code is a WebAssembly chunk of its
//! own, out of the first load: fetched when there is a notice to show, or
//! earlier, when the browser is idle after the start (see
//! `shell::later_steps`).

use super::chunk::{from_chunk, split_view};
use crate::i18n::{self, Key};
use crate::services::browser;
use crate::services::split::now;
use crate::state::{use_drafts, use_flow, use_intents, use_settings, Conflict, Intent, Notice, Problem};
use leptos::prelude::*;

/// Storage problems and another tab's changes, at the top of every step.
#[component]
pub(crate) fn DraftNotices() -> impl IntoView {
    let (flow, drafts) = (use_flow(), use_drafts());
    let any = move || drafts.notices.with(|n| !n.is_empty()) || (flow.step.get().in_flow() && drafts.conflict.with(Option::is_some));
    view! { <div class="draft-notices">{from_chunk(any, any, fetch_notices_code, || now(notices_view()))}</div> }
}

// The notices, from their chunk (`notices_view`), and `fetch_notices_code`.
split_view!(pub(crate) notices_view, fetch_notices_code, Notices);

/// A link that downloads `text` as a JSON file (a Blob URL, revoked when the link goes).
#[component]
fn DownloadLink(text: String, label: Key) -> impl IntoView {
    let settings = use_settings();
    let url = browser::json_blob_url(&text);
    if let Some(url) = url.clone() {
        let url = send_wrapper::SendWrapper::new(url);
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
    }
    url.map(|href| {
        view! {
            <a class="button" href=href download="add-customer-draft.json">{settings.text(label)}</a>
        }
    })
}

/// The raw text, copyable, when it is small enough for a text box.
#[component]
fn RawText(raw: String) -> impl IntoView {
    let settings = use_settings();
    let id = format!("acw-raw-{}", browser::random_uuid());
    (raw.len() <= 64 * 1024).then(|| {
        view! {
            <label for=id.clone()>{settings.text(Key::SavedDraftText)}</label>
            <textarea id=id readonly rows="4" class="raw-draft" prop:value=raw></textarea>
        }
    })
}

#[component]
fn Notices() -> impl IntoView {
    let (settings, drafts) = (use_settings(), use_drafts());
    let notices = move || {
        drafts.notices.get().into_iter().map(|notice| {
            let this = notice.clone();
            match notice {
                Notice::Unreadable { key, raw, problem } => view! { <UnreadableDraft key raw problem /> }.into_any(),
                Notice::Repaired { raw } => view! {
                    <div class="panel warning storage-notice" role="alert">
                        <p>{settings.text(Key::StorageRepaired)}</p>
                        <div class="actions">
                            <DownloadLink text=raw label=Key::DownloadDraft />
                            <button type="button" class="button" on:click=move |_| drafts.dismiss(&this)>{settings.text(Key::Dismiss)}</button>
                        </div>
                    </div>
                }.into_any(),
                Notice::Unavailable => view! {
                    <div class="panel warning storage-notice" role="alert"><p>{settings.text(Key::StorageUnavailable)}</p></div>
                }.into_any(),
                Notice::Full { text } => view! {
                    <div class="panel warning storage-notice" role="alert">
                        <p>{settings.text(Key::StorageFull)}</p>
                        <div class="actions"><DownloadLink text=text label=Key::DownloadCurrentDraft /></div>
                    </div>
                }.into_any(),
            }
        }).collect_view()
    };
    view! { {notices} <ConflictNotice /> }
}

/// A stored draft that could not be read: why, its text, and a way to remove it.
#[component]
fn UnreadableDraft(key: String, raw: String, problem: Problem) -> impl IntoView {
    let (settings, intents) = (use_settings(), use_intents());
    let message = match problem {
        Problem::NotJson => Key::StorageNotJson,
        Problem::WrongShape => Key::StorageWrongShape,
        Problem::UnknownVersion => Key::StorageNewerVersion,
        Problem::TooLarge => Key::StorageTooLarge,
    };
    let remove = move |_| intents.send(Intent::RemoveUnreadable { key: key.clone() });
    view! {
        <div class="panel warning storage-notice" role="alert">
            <p><strong>{settings.text(message)}</strong> " " {settings.text(Key::StorageKeptText)}</p>
            <RawText raw=raw.clone() />
            <div class="actions">
                <DownloadLink text=raw label=Key::DownloadDraft />
                <button type="button" class="button" on:click=remove>{settings.text(Key::RemoveUnreadable)}</button>
            </div>
        </div>
    }
}

/// Another tab changed or removed this draft (while a customer is being added):
/// load the newer version, or keep this one.
#[component]
fn ConflictNotice() -> impl IntoView {
    let (settings, flow, drafts, intents) = (use_settings(), use_flow(), use_drafts(), use_intents());
    move || {
        let step = flow.step.get();
        drafts.conflict.get().filter(|_| step.in_flow()).map(|conflict| {
            let locale = settings.locale().tag();
            let (text, newer) = match conflict {
                Conflict::Newer(envelope) => (
                    i18n::fill(settings.t(Key::ChangedElsewhere), &[("time", &browser::format_date_time(locale, &envelope.saved_at))]),
                    Some(*envelope),
                ),
                Conflict::Removed => (settings.t(Key::RemovedElsewhere).to_owned(), None),
            };
            let keep = move |_| intents.send(Intent::KeepMine);
            view! {
                <div class="panel warning storage-notice" role="alert">
                    <p>{text}</p>
                    <div class="actions">
                        {newer.map(|envelope| view! {
                            <button type="button" class="button primary" on:click=move |_| intents.send(Intent::ResumeDraft(Box::new(envelope.clone())))>
                                {settings.text(Key::LoadNewer)}
                            </button>
                        })}
                        <button type="button" class="button" on:click=keep>{settings.text(Key::KeepMine)}</button>
                    </div>
                </div>
            }
        })
    }
}
