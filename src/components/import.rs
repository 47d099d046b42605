//! "Add articles": the reader's own files (.json corpus, .jsonl, raw .txt) are
//! read in the browser, tagged and indexed by the worker with the corpus, and
//! kept on this device, so a reload never loses them. Bad files end up in the
//! corpus report, not a blank page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::use_client;
use crate::protocol::AddedFile;
use crate::storage::{forget_files, remember_files};
use crate::view_model::plural;
use tumen_core::limits::import_refusal;

#[component]
pub fn ImportButton() -> impl IntoView {
    let client = use_client();
    let reading = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let refused = RwSignal::new(Vec::<String>::new());
    // When the worker has read the files, say what changed.
    let before = StoredValue::new((0usize, 0usize, true));
    Effect::new(move |was_adding: Option<bool>| {
        let adding = client.adding.get();
        if was_adding == Some(true) && !adding {
            let (articles, problems, kept) = before.get_value();
            let summary = client.summary.get_untracked();
            let gained = summary.articles.saturating_sub(articles);
            message.set(Some(format!(
                "Added {gained} article{}. {}",
                plural(gained),
                match (summary.problems_total > problems, kept) {
                    (true, _) => "Some records could not be read: see the corpus report.",
                    (false, true) => "They are kept on this device.",
                    (false, false) => "This browser's storage is full, so they will not be here after a reload.",
                }
            )));
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
            match import_refusal(&file.name(), bytes, total) {
                Some(why) => refusals.push(why),
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
                }>"Remove added articles"</button>
            })}
            <label class="button button-quiet">
                {move || if busy.get() { "Reading files…" } else { "Add articles" }}
                <input type="file" multiple accept=".json,.jsonl,.ndjson,.txt" class="visually-hidden" on:change=on_change/>
            </label>
            <span role="status" class="import-status">
                {move || message.get()}
                {move || refused.get().into_iter().map(|why| view! { <span class="import-refused">{why}</span> }).collect_view()}
            </span>
        </div>
    }
}
