//! "Add articles": the reader's own files (.json corpus, .jsonl, raw .txt) are
//! read in the browser, tagged and indexed by the worker with the corpus, and
//! kept on this device, so a reload never loses them. Bad files end up in the
//! corpus report, not a blank page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::use_client;
use crate::i18n::{import_refusal, text, use_strings};
use crate::protocol::AddedFile;
use crate::storage::{forget_files, remember_files};

/// What became of the last files added: articles gained, and whether some records could
/// not be read or the files could not be kept (worded when shown, in the language on screen).
#[derive(Clone, Copy, PartialEq)]
struct Added {
    gained: usize,
    problems: bool,
    kept: bool,
}

#[component]
pub fn ImportButton() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let reading = RwSignal::new(false);
    let message = RwSignal::new(None::<Added>);
    // Files refused before reading: (name, size, size of the files before it).
    let refused = RwSignal::new(Vec::<(String, u64, u64)>::new());
    // When the worker has read the files, say what changed.
    let before = StoredValue::new((0usize, 0usize, true));
    Effect::new(move |was_adding: Option<bool>| {
        let adding = client.adding.get();
        if was_adding == Some(true) && !adding {
            let (articles, problems, kept) = before.get_value();
            let summary = client.summary.get_untracked();
            let gained = summary.articles.saturating_sub(articles);
            message.set(Some(Added { gained, problems: summary.problems_total > problems, kept }));
        }
        adding
    });
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        // Files over the size limits are not read at all (reading 2 GB would end the tab);
        // the others are, and the reader is told which were left out and why.
        let mut total = 0u64;
        let mut accepted = Vec::new();
        let mut refusals = Vec::new();
        for file in files {
            let bytes = file.size().max(0.0) as u64;
            match import_refusal(t.get_untracked(), &file.name(), bytes, total) {
                Some(_) => refusals.push((file.name(), bytes, total)),
                None => {
                    total += bytes;
                    accepted.push(file);
                }
            }
        }
        refused.set(refusals);
        message.set(None);
        if accepted.is_empty() {
            return;
        }
        reading.set(true);
        leptos::task::spawn_local(async move {
            let mut read = Vec::new();
            for file in accepted {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
                read.push(AddedFile { name, text });
            }
            let (all, kept) = remember_files(read);
            let summary = client.summary.get_untracked();
            before.set_value((summary.articles, summary.problems_total, kept));
            reading.set(false);
            client.set_added(all);
        });
    };
    let has_added = Memo::new(move |_| client.summary.with(|s| s.added > 0));
    let busy = Memo::new(move |_| reading.get() || client.adding.get());
    view! {
        <div class="import">
            {move || has_added.get().then(|| view! {
                <button type="button" class="link-button" on:click=move |_| {
                    forget_files();
                    message.set(None);
                    refused.set(Vec::new());
                    client.set_added(Vec::new());
                }>{text(t, |t| t.remove_added)}</button>
            })}
            <label class="button button-quiet">
                {move || if busy.get() { t.get().reading_files } else { t.get().add_articles }}
                <input type="file" multiple accept=".json,.jsonl,.ndjson,.txt" class="visually-hidden" on:change=on_change/>
            </label>
            <span role="status" class="import-status">
                {move || message.get().map(|m| {
                    let t = t.get();
                    let after = match (m.problems, m.kept) {
                        (true, _) => t.added_problems,
                        (false, true) => t.added_kept,
                        (false, false) => t.added_not_kept,
                    };
                    format!("{}{after}", (t.added)(m.gained))
                })}
                {move || refused.get().into_iter().filter_map(|(name, bytes, before)| import_refusal(t.get(), &name, bytes, before)).map(|why| {
                    view! { <span class="import-refused">{why}</span> }
                }).collect_view()}
            </span>
        </div>
    }
}
