//! The Customers page's saved drafts: the newest offered first ("Resume
//! draft" or "Start over"), the others each resumable or discardable.

use crate::i18n::{self, Key};
use crate::services::browser;
use crate::state::{draft_name, use_drafts, use_intents, use_settings, Envelope, Intent};
use leptos::prelude::*;

#[component]
pub(crate) fn SavedDrafts() -> impl IntoView {
    let (settings, drafts, intents) = (use_settings(), use_drafts(), use_intents());
    move || {
        let all = drafts.listed.get();
        let (newest, others) = all.split_first()?;
        let locale = settings.locale().tag();
        let name = move |draft: &customer_domain::CustomerDraft| draft_name(settings.locale(), draft);
        let summary = |e: &Envelope| {
            i18n::fill(
                settings.t(Key::DraftSummary),
                &[("name", &name(&e.draft)), ("step", settings.t(e.step.title())), ("time", &browser::format_date_time(locale, &e.saved_at))],
            )
        };
        let newest_summary = i18n::fill(settings.t(Key::LatestDraft), &[("summary", &summary(newest))]);
        let resume_label = i18n::fill(settings.t(Key::ResumeDraft), &[("time", &browser::format_date_time(locale, &newest.saved_at))]);
        let (resume, start_over) = (newest.clone(), newest.id.clone());
        let others = others.to_vec();
        Some(view! {
            <section class="saved-drafts" aria-labelledby="acw-saved-drafts">
                <h2 id="acw-saved-drafts">{settings.t(Key::SavedDrafts)}</h2>
                <p>{newest_summary}</p>
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| intents.send(Intent::ResumeDraft(Box::new(resume.clone())))>{resume_label}</button>
                    <button type="button" class="button" on:click=move |_| intents.send(Intent::StartOver { id: start_over.clone() })>{settings.t(Key::StartOver)}</button>
                </div>
                {(!others.is_empty()).then(|| view! {
                    <h3>{settings.t(Key::OtherDrafts)}</h3>
                    <ul class="draft-list">
                        {others.into_iter().map(|envelope| {
                            let label = name(&envelope.draft);
                            let text = summary(&envelope);
                            let id = envelope.id.clone();
                            let discard_label = label.clone();
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <button type="button" class="link-button" on:click=move |_| intents.send(Intent::ResumeDraft(Box::new(envelope.clone())))>
                                        {settings.t(Key::ResumeNamed)}<span class="visually-hidden">{format!(" {label}")}</span>
                                    </button>
                                    <button type="button" class="link-button" on:click=move |_| intents.send(Intent::DiscardDraft { id: id.clone() })>
                                        {settings.t(Key::DiscardDraft)}<span class="visually-hidden">{format!(" {discard_label}")}</span>
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
