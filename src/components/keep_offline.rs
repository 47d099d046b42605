//! "Keep all articles offline": downloads every file of the corpus into this
//! browser, with a progress bar (bytes and percent) and a way to stop. The
//! choice is remembered, so after an update the files that changed are
//! downloaded too. The worker does the downloading; this only shows it.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::client::use_client;
use crate::storage::{keep_offline, set_keep_offline};
use crate::view_model::format_bytes;

#[component]
pub fn KeepOffline() -> impl IntoView {
    let client = use_client();
    let open = RwSignal::new(false);
    let persisted = RwSignal::new(None::<bool>);
    let status = client.offline;
    let percent = Memo::new(move |_| {
        status.with(|s| if s.bytes_total == 0 { 0.0 } else { (s.bytes_kept as f64 / s.bytes_total as f64 * 100.0).min(100.0) })
    });
    let complete = Memo::new(move |_| status.with(|s| s.files_total > 0 && s.files_kept >= s.files_total));
    let start = move |_| {
        set_keep_offline(true);
        client.keep_offline(true);
        // Ask the browser not to evict what is kept (it may say no; we show its answer).
        leptos::task::spawn_local(async move {
            let storage = window().navigator().storage();
            if let Ok(promise) = storage.persist() {
                if let Ok(granted) = JsFuture::from(promise).await {
                    persisted.set(granted.as_bool());
                }
            }
        });
    };
    let stop = move |_| {
        set_keep_offline(false);
        client.keep_offline(false);
    };
    let label = move || {
        let s = status.get();
        if s.running {
            format!("Saving for offline… {:.0}%", percent.get())
        } else if complete.get() {
            "All articles kept offline".to_string()
        } else {
            "Keep all articles offline".to_string()
        }
    };
    view! {
        <div class="keep-offline">
            <button type="button" class="button button-quiet" aria-expanded=move || open.get().to_string() aria-controls="keep-offline-panel"
                on:click=move |_| { open.update(|o| *o = !*o); client.offline_status(); }>
                {label}
            </button>
            <div id="keep-offline-panel" class="keep-offline-panel" role="region" aria-label="Offline copy" hidden=move || !open.get()>
                {move || {
                    let s = status.get();
                    if !s.supported && s.files_total > 0 {
                        return view! { <p>"This browser cannot keep the corpus: the reader needs a secure connection (https) for that."</p> }.into_any();
                    }
                    view! {
                        <p>{format!(
                            "{} of {} kept on this device ({} of {} files).",
                            format_bytes(s.bytes_kept), format_bytes(s.bytes_total), s.files_kept, s.files_total
                        )}</p>
                        <progress max="100" value=format!("{:.1}", percent.get()) aria-label="Saved for offline reading">
                            {format!("{:.0}%", percent.get())}
                        </progress>
                        <p class="keep-offline-percent" aria-live="polite">{format!("{:.0}%", percent.get())}</p>
                        {s.error.clone().map(|e| view! { <p class="notice" role="alert">{e}</p> })}
                        {if s.running {
                            view! { <button type="button" class="button" on:click=stop>"Stop"</button> }.into_any()
                        } else if complete.get() {
                            view! { <p>"Every article opens without a connection. New ones are saved when the corpus is updated."</p> }.into_any()
                        } else {
                            view! { <button type="button" class="button" on:click=start>{format!("Download the rest ({})", format_bytes(s.bytes_total.saturating_sub(s.bytes_kept)))}</button> }.into_any()
                        }}
                        {move || persisted.get().map(|p| view! {
                            <p class="hint">{if p { "The browser will keep these files." } else { "The browser may remove these files if the disk runs short." }}</p>
                        })}
                        {(keep_offline() && !s.running && !complete.get()).then(|| view! {
                            <button type="button" class="link-button" on:click=stop>"Stop keeping new articles offline"</button>
                        })}
                    }.into_any()
                }}
            </div>
        </div>
    }
}
