//! "Add articles": the reader's own files (.txt, .json, .jsonl, or a .zip of
//! them), picked or dropped anywhere on the page, go to the worker, which reads
//! them into a new collection of the archive. Progress and what became of them
//! are announced; bad files end up in the corpus report, not a blank page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::use_client;
use crate::i18n::{import_refusal, use_strings};
use crate::protocol::ImportProgress;

/// Files over the size limits are not sent at all (reading 2 GB would end the tab);
/// the others are. Returns the refusals, worded when shown.
fn send(client: crate::client::Client, files: Vec<web_sys::File>, refused: RwSignal<Vec<(String, u64, u64)>>) {
    let t = crate::i18n::current().strings();
    let mut total = 0u64;
    let accepted = js_sys::Array::new();
    let mut refusals = Vec::new();
    let mut names = Vec::new();
    for file in files {
        let bytes = file.size().max(0.0) as u64;
        match import_refusal(t, &file.name(), bytes, total) {
            Some(_) => refusals.push((file.name(), bytes, total)),
            None => {
                total += bytes;
                names.push(file.name());
                accepted.push(&file);
            }
        }
    }
    refused.set(refusals);
    if accepted.length() == 0 {
        return;
    }
    // One file names its collection (without its extension); several are counted.
    let name = match names.as_slice() {
        [one] => one.rsplit_once('.').map_or(one.as_str(), |(stem, _)| stem).to_string(),
        many => (t.files_collection)(many.len()),
    };
    client.import(&accepted, name);
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

#[component]
pub fn ImportButton() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    // Files refused before reading: (name, size, size of the files before it).
    let refused = RwSignal::new(Vec::<(String, u64, u64)>::new());
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = files_of(input.files());
        input.set_value("");
        if !files.is_empty() {
            send(client, files, refused);
        }
    };
    // Dropped anywhere on the page.
    let dragging = RwSignal::new(false);
    let has_files = |ev: &web_sys::DragEvent| ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")));
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window (no element under the pointer), not moving between elements.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        if has_files(&ev) {
            ev.prevent_default();
            let files = files_of(ev.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                send(client, files, refused);
            }
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
    let busy = Memo::new(move |_| client.adding.get());
    view! {
        <div class="import">
            <label class="button button-quiet">
                {move || if busy.get() { t.get().reading_files } else { t.get().add_articles }}
                <input type="file" multiple accept=".json,.jsonl,.ndjson,.txt,.zip" class="visually-hidden" on:change=on_change/>
            </label>
            <span role="status" class="import-status">
                {move || {
                    let t = t.get();
                    match client.importing.get() {
                        Some(ImportProgress::Reading { done, total }) => return Some((t.reading_progress)(done, total)),
                        Some(ImportProgress::Storing { articles }) => return Some((t.storing_progress)(articles)),
                        Some(ImportProgress::Indexing { articles }) => return Some((t.indexing_progress)(articles)),
                        None => {}
                    }
                    client.imported.get().map(|r| {
                        let mut line = (t.added_to)(r.articles, &r.collection);
                        if r.duplicates > 0 {
                            line.push_str(&(t.duplicates_merged)(r.duplicates));
                        }
                        // Errors lost something; warnings only say what was guessed or skipped.
                        if r.errors > 0 {
                            line.push_str(t.added_problems);
                            line.push(' ');
                        } else if r.warnings > 0 {
                            line.push_str(&(t.added_warnings)(r.warnings));
                        }
                        match &r.not_kept {
                            Some(trouble) => line.push_str(&(t.added_not_kept_why)(&(t.store_trouble)(trouble))),
                            None => line.push_str(t.added_kept),
                        }
                        line
                    })
                }}
                {move || refused.get().into_iter().filter_map(|(name, bytes, before)| import_refusal(t.get(), &name, bytes, before)).map(|why| {
                    view! { <span class="import-refused">{why}</span> }
                }).collect_view()}
            </span>
            {move || dragging.get().then(|| view! {
                <div class="drop-overlay" aria-hidden="true"><p>{t.get().drop_files}</p></div>
            })}
        </div>
    }
}

/// Removing every collection, with a confirmation first (nothing is undone).
#[component]
pub fn RemoveAll() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let asking = RwSignal::new(false);
    view! {
        {move || if asking.get() {
            view! {
                <div class="confirm" role="group" aria-label=move || t.get().remove_added>
                    <p>{move || t.get().confirm_remove_all}</p>
                    <button type="button" class="button button-danger" on:click=move |_| {
                        asking.set(false);
                        forget_legacy();
                        client.delete_collections(None);
                    }>{move || t.get().remove}</button>
                    <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>{move || t.get().cancel}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <button type="button" class="link-button" on:click=move |_| asking.set(true)>{move || t.get().remove_added}</button>
            }.into_any()
        }}
    }
}

fn forget_legacy() {
    crate::storage::forget_files();
}
