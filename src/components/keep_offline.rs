//! "Keep all articles offline": downloads every file of the corpus into this
//! browser, with a progress bar (bytes and percent) and a way to stop. The
//! choice is remembered, so after an update the files that changed are
//! downloaded too. The worker does the downloading; this only shows it.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::client::use_client;
use crate::i18n::{text, use_strings};
use crate::storage::{keep_offline, set_keep_offline};
use crate::view_model::format_bytes;

#[component]
pub fn KeepOffline() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
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
        let t = t.get();
        if s.running {
            (t.saving_offline)(percent.get())
        } else if complete.get() {
            t.all_kept.to_string()
        } else {
            t.keep_all.to_string()
        }
    };
    view! {
        <div class="keep-offline">
            <button type="button" class="button button-quiet" aria-expanded=move || open.get().to_string() aria-controls="keep-offline-panel"
                on:click=move |_| { open.update(|o| *o = !*o); client.offline_status(); }>
                {label}
            </button>
            <div id="keep-offline-panel" class="keep-offline-panel" role="region" aria-label=text(t, |t| t.offline_copy) hidden=move || !open.get()>
                {move || {
                    let s = status.get();
                    let t = t.get();
                    if !s.supported && s.files_total > 0 {
                        return view! { <p>{t.cannot_keep_https}</p> }.into_any();
                    }
                    view! {
                        <p>{(t.kept_summary)(&format_bytes(s.bytes_kept), &format_bytes(s.bytes_total), s.files_kept, s.files_total)}</p>
                        <progress max="100" value=format!("{:.1}", percent.get()) aria-label=t.saved_progress>
                            {format!("{:.0}%", percent.get())}
                        </progress>
                        <p class="keep-offline-percent" aria-live="polite">{format!("{:.0}%", percent.get())}</p>
                        {s.error.clone().map(|e| view! { <p class="notice" role="alert">{(t.trouble)(&e)}</p> })}
                        {if s.running {
                            view! { <button type="button" class="button" on:click=stop>{t.stop}</button> }.into_any()
                        } else if complete.get() {
                            view! { <p>{t.every_article_offline}</p> }.into_any()
                        } else {
                            view! { <button type="button" class="button" on:click=start>{(t.download_rest)(&format_bytes(s.bytes_total.saturating_sub(s.bytes_kept)))}</button> }.into_any()
                        }}
                        {move || persisted.get().map(|p| view! {
                            <p class="hint">{if p { t.browser_keeps } else { t.browser_may_remove }}</p>
                        })}
                        {(keep_offline() && !s.running && !complete.get()).then(|| view! {
                            <button type="button" class="link-button" on:click=stop>{t.stop_keeping}</button>
                        })}
                    }.into_any()
                }}
            </div>
        </div>
    }
}
