//! The reader's marks on articles: Save and Read toggles on each card and in the
//! article view, the note beside an open article (saved as it is typed), and the
//! "Your marks" filter. Opening an article marks it read, with an undo at hand.

use leptos::prelude::*;
use tumen_core::desk::MarkChange;
use tumen_core::index::{MarkFilter, Query};

use crate::client::use_client;
use crate::i18n::{count, text, use_strings};
use crate::url_state::{navigator, use_url_view};

/// Save and Read toggles for one article. `title` names the card's buttons for screen
/// readers (a list has many "Save" buttons); the article view passes `None`.
#[component]
pub fn MarkButtons(article: String, #[prop(optional)] title: Option<String>) -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let article = StoredValue::new(article);
    let title = StoredValue::new(title);
    let marks = Memo::new(move |_| client.marks.with(|m| m.as_ref().and_then(|m| m.get(&article.get_value())).map(|m| (m.saved, m.read, m.has_note())).unwrap_or_default()));
    // Until the desk arrives the marks are unknown: a toggle would act on a guess.
    let unknown = Memo::new(move |_| !client.desk_known());
    let name = move |label: fn(&crate::i18n::Strings) -> &'static str, named: fn(&crate::i18n::Strings) -> fn(&str) -> String| {
        let t = t.get();
        match title.get_value() {
            Some(title) => named(t)(&title),
            None => label(t).to_string(),
        }
    };
    view! {
        <span class="mark-buttons">
            <button type="button" class="mark mark-save" data-key-action="save" disabled=move || unknown.get()
                aria-pressed=move || marks.get().0.to_string()
                aria-label=move || name(|t| t.mark_save, |t| t.save_article)
                on:click=move |_| {
                    let saved = !marks.get_untracked().0;
                    client.mark(article.get_value(), MarkChange { saved: Some(saved), ..Default::default() });
                }>
                <span class="mark-icon" aria-hidden="true">{move || if marks.get().0 { "\u{2605}" } else { "\u{2606}" }}</span>
                {text(t, |t| t.mark_save)}
            </button>
            <button type="button" class="mark mark-read" data-key-action="read" disabled=move || unknown.get()
                aria-pressed=move || marks.get().1.to_string()
                aria-label=move || name(|t| t.mark_read, |t| t.read_article)
                on:click=move |_| {
                    let read = !marks.get_untracked().1;
                    client.mark(article.get_value(), MarkChange { read: Some(read), ..Default::default() });
                }>
                <span class="mark-icon" aria-hidden="true">{move || if marks.get().1 { "\u{2713}" } else { "\u{25cb}" }}</span>
                {text(t, |t| t.mark_read)}
            </button>
            {move || (title.get_value().is_some() && marks.get().2).then(|| view! {
                <span class="mark-note-flag">{text(t, |t| t.has_note)}</span>
            })}
        </span>
    }
}

/// Marks and the note for the open article: marks it read when it opens (once per
/// opening, with an undo), and keeps the note as it is typed.
#[component]
pub fn ArticleDesk(article: String) -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let id = StoredValue::new(article.clone());
    let auto_read = RwSignal::new(false);
    let note_open = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    // An article opened from a link can arrive before the desk: its marks and note are then
    // unknown, not empty. Until they are known the note cannot be typed into (an empty box
    // saved over a note would lose it); once known, the article is marked read and its note shown.
    let known = Memo::new(move |_| client.desk_known());
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !known.get() || started.get_value() {
            return;
        }
        started.set_value(true);
        let marks = client.marks_of(&id.get_value());
        if !marks.read {
            client.mark(id.get_value(), MarkChange { read: Some(true), ..Default::default() });
            auto_read.set(true);
        }
        if !marks.note.trim().is_empty() {
            draft.set(marks.note);
            note_open.set(true);
        }
    });
    // Written this long after the last keystroke, and when the field is left.
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let state = RwSignal::new(None::<bool>); // Some(false) saving, Some(true) saved
    let save_now = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
            pending.set_value(None);
        }
        let note = draft.get_untracked();
        if client.marks_of(&id.get_value()).note != note {
            state.set(Some(false));
            client.mark(id.get_value(), MarkChange { note: Some(note), ..Default::default() });
        }
    };
    // The note is saved when the worker says it stored every change sent.
    Effect::new(move |_| {
        let stored = client.marks.with(|m| m.as_ref().and_then(|m| m.get(&id.get_value())).map(|m| m.note.clone()).unwrap_or_default());
        let pending = client.marks_pending.get();
        if state.get_untracked() == Some(false) && pending == 0 && stored == draft.get_untracked() {
            state.set(Some(true));
        }
    });
    // Not stored: say so where the note is typed (the archive panel says it too).
    Effect::new(move |_| {
        if client.not_stored.with(Option::is_some) && state.get_untracked() == Some(false) {
            state.set(None);
        }
    });
    on_cleanup(move || {
        // Leaving the article with a note not yet written: write it now.
        if pending.try_get_value().flatten().is_some() {
            save_now();
        }
    });
    let note_ref = NodeRef::<leptos::html::Textarea>::new();
    view! {
        <div class="article-desk">
            <MarkButtons article=article.clone()/>
            <button type="button" class="mark mark-note" data-key-action="note" aria-expanded=move || note_open.get().to_string()
                on:click=move |_| {
                    note_open.set(true);
                    request_animation_frame(move || {
                        if let Some(el) = note_ref.get_untracked() {
                            let _ = el.focus();
                        }
                    });
                }>
                <span class="mark-icon" aria-hidden="true">"\u{270e}"</span>
                {text(t, |t| t.note)}
            </button>
            {move || auto_read.get().then(|| view! {
                <span class="auto-read" role="status">
                    {text(t, |t| t.marked_read)}" "
                    <button type="button" class="link-button" on:click=move |_| {
                        auto_read.set(false);
                        client.mark(id.get_value(), MarkChange { read: Some(false), ..Default::default() });
                    }>{text(t, |t| t.mark_unread)}</button>
                </span>
            })}
            <div class="note" class:hidden=move || !note_open.get()>
                <label for="article-note">{text(t, |t| t.note_label)}</label>
                <textarea id="article-note" node_ref=note_ref rows="4" maxlength="20000"
                    disabled=move || !known.get()
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        state.set(None);
                        if let Some(h) = pending.get_value() {
                            h.clear();
                        }
                        let handle = set_timeout_with_handle(save_now, std::time::Duration::from_millis(700)).ok();
                        pending.set_value(handle);
                    }
                    on:blur=move |_| save_now()></textarea>
                <p class="hint" role="status">
                    {move || match (client.not_stored.get(), state.get()) {
                        (Some(trouble), _) => (t.get().not_stored)(&(t.get().store_trouble)(&trouble)),
                        (None, Some(false)) => t.get().note_saving.to_string(),
                        (None, Some(true)) => t.get().note_saved.to_string(),
                        (None, None) => t.get().note_hint.to_string(),
                    }}
                </p>
            </div>
        </div>
    }
}

/// "Your marks": Unread, Saved, With a note, each with its count among the results.
#[component]
pub fn MarkFacet() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let counts = Memo::new(move |_| client.results.with(|r| r.as_ref().and_then(|r| r.marks)));
    let toggle = move |mark: MarkFilter| {
        let mut query: Query = view_state.query.get_untracked();
        query.article = None;
        if let Some(i) = query.marks.iter().position(|&m| m == mark) {
            query.marks.remove(i);
        } else {
            query.marks.push(mark);
        }
        navigate(&query, 1, false);
    };
    view! {
        <fieldset class="facet">
            <legend>{text(t, |t| t.your_marks)}</legend>
            <ul class="facet-values">
                {MarkFilter::ALL.into_iter().map(|mark| {
                    let toggle = toggle.clone();
                    let checked = Memo::new(move |_| view_state.search.with(|q| q.marks.contains(&mark)));
                    let n = move || counts.get().map(|(unread, saved, noted)| match mark {
                        MarkFilter::Unread => unread,
                        MarkFilter::Saved => saved,
                        MarkFilter::Noted => noted,
                    });
                    view! {
                        <li class="facet-value" class:zero=move || n() == Some(0) && !checked.get()>
                            <label>
                                <input type="checkbox" prop:checked=move || checked.get() on:change=move |_| toggle(mark)/>
                                <span class="facet-label">{move || mark_label(t.get(), mark)}</span>
                                " "<span class="count">{move || n().map(|n| count(n as u64))}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
}

pub fn mark_label(t: &crate::i18n::Strings, mark: MarkFilter) -> &'static str {
    match mark {
        MarkFilter::Unread => t.facet_unread,
        MarkFilter::Saved => t.facet_saved,
        MarkFilter::Noted => t.facet_noted,
    }
}
