//! "Export": the current results, every page of them, as a corpus file, a
//! spreadsheet or a citation list. The worker writes the file; the page offers it.

use leptos::prelude::*;

use crate::client::use_client;
use crate::i18n::{text, use_strings};
use crate::protocol::ExportFormat;
use crate::url_state::use_url_view;

#[component]
pub fn ExportMenu() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let formats: [(ExportFormat, fn(&crate::i18n::Strings) -> &'static str); 3] =
        [(ExportFormat::Csv, |t| t.export_csv), (ExportFormat::Citations, |t| t.export_citations), (ExportFormat::Corpus, |t| t.export_corpus)];
    view! {
        <details class="export-menu">
            <summary class="button button-quiet">{text(t, |t| t.export)}</summary>
            <ul class="export-formats">
                {formats.into_iter().map(|(format, label)| view! {
                    <li>
                        <button type="button" class="link-button" disabled=move || client.exporting.get()
                            on:click=move |_| client.export(view_state.search.get_untracked(), format)>
                            {move || label(t.get())}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <p role="status" class="export-status">
                {move || if client.exporting.get() {
                    Some(t.get().exporting.to_string())
                } else {
                    client.exported.get().map(|(name, n)| (t.get().downloaded)(&name, n))
                }}
            </p>
        </details>
    }
}
