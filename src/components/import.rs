//! "Add articles": the reader's own files (.json corpus, .jsonl, raw .txt) are
//! read in the browser, merged with the corpus and kept on this device, so a
//! reload never loses them. Bad files end up in the corpus report, not a blank page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{add_files, forget_added_files, remember_added_files, set_current, LoadState, Shared};

#[component]
pub fn ImportButton() -> impl IntoView {
    let load_state = expect_context::<RwSignal<LoadState>>();
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let mut read = Vec::new();
            for file in files {
                let name = file.name();
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => read.push((name, text.as_string().unwrap_or_default())),
                    Err(_) => read.push((name, String::new())),
                }
            }
            let LoadState::Ready(current) = load_state.get_untracked() else {
                busy.set(false);
                return;
            };
            let before = current.articles.len();
            let kept = remember_added_files(&read);
            let library = std::sync::Arc::new(add_files(&current, read));
            let gained = library.articles.len().saturating_sub(before);
            set_current(&library);
            message.set(Some(format!(
                "Added {gained} article{}. {}",
                if gained == 1 { "" } else { "s" },
                match (library.problems.len() > current.problems.len(), kept) {
                    (true, _) => "Some records could not be read: see the corpus report.",
                    (false, true) => "They are kept on this device.",
                    (false, false) => "This browser's storage is full, so they will not be here after a reload.",
                }
            )));
            load_state.set(LoadState::Ready(Shared(library)));
            busy.set(false);
        });
    };
    let has_added = Memo::new(move |_| matches!(load_state.get(), LoadState::Ready(l) if l.added > 0));
    view! {
        <div class="import">
            {move || has_added.get().then(|| view! {
                <button type="button" class="link-button" on:click=move |_| {
                    forget_added_files();
                    let _ = window().location().reload();
                }>"Remove added articles"</button>
            })}
            <label class="button button-quiet">
                {move || if busy.get() { "Reading files…" } else { "Add articles" }}
                <input type="file" multiple accept=".json,.jsonl,.ndjson,.txt" class="visually-hidden" on:change=on_change/>
            </label>
            <span role="status" class="import-status">{move || message.get()}</span>
        </div>
    }
}
