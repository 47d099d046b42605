//! "Your archive": the reader's collections (switch on or off, rename, delete),
//! whether the browser keeps them for good, and a backup of everything to save
//! or restore. It renders the desk the worker reports; every change goes back
//! through the worker, which stores it first.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{use_client, RestoreOutcome};
use crate::components::import::RemoveAll;
use crate::i18n::{text, use_strings};
use crate::protocol::CollectionInfo;

/// Whether the browser promised to keep the site's storage, and how much is used.
#[derive(Clone, Debug, PartialEq)]
struct Persistence {
    persisted: bool,
    usage: Option<(f64, f64)>,
}

fn megabytes(bytes: f64) -> String {
    tumen_core::limits::megabytes(bytes.max(0.0) as u64)
}

/// Asks for persistent storage (once the reader keeps something) and reads the estimate.
async fn persistence(ask: bool) -> Option<Persistence> {
    let storage = web_sys::window()?.navigator().storage();
    let call = |p: Result<js_sys::Promise, wasm_bindgen::JsValue>| async move { wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok() };
    let mut persisted = call(storage.persisted()).await.and_then(|v| v.as_bool()).unwrap_or(false);
    if !persisted && ask {
        persisted = call(storage.persist()).await.and_then(|v| v.as_bool()).unwrap_or(false);
    }
    let usage = call(storage.estimate()).await.and_then(|e| {
        let get = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_f64());
        Some((get("usage")?, get("quota")?))
    });
    Some(Persistence { persisted, usage })
}

#[component]
pub fn ArchivePanel() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let desk = client.desk;
    let persist = RwSignal::new(None::<Persistence>);
    // Asked for when there is something to keep (browsers grant it more readily then).
    let has_collections = Memo::new(move |_| desk.with(|d| !d.collections.is_empty()));
    Effect::new(move |_| {
        let ask = has_collections.get() || client.marks.with(|m| m.as_ref().is_some_and(|m| !m.is_empty()));
        client.desk.track();
        leptos::task::spawn_local(async move {
            if let Some(p) = persistence(ask).await {
                persist.set(Some(p));
            }
        });
    });
    let summary = Memo::new(move |_| desk.with(|d| (d.collections.len(), d.collections.iter().filter(|c| c.enabled).map(|c| c.articles).sum::<usize>())));
    let on_restore = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        client.restore(&js_sys::Array::of1(&file));
    };
    view! {
        <details class="archive">
            <summary>
                <span class="archive-title">{text(t, |t| t.your_archive)}</span>
                " "<span class="archive-summary">{move || { let (c, a) = summary.get(); (t.get().archive_summary)(c, a) }}</span>
            </summary>
            <div class="archive-body">
                {move || desk.with(|d| d.trouble.clone()).map(|trouble| view! {
                    <p class="notice" role="alert">{move || (t.get().desk_unavailable)(&(t.get().store_trouble)(&trouble))}</p>
                })}
                {move || client.not_stored.get().map(|trouble| view! {
                    <p class="notice" role="alert">{move || (t.get().not_stored)(&(t.get().store_trouble)(&trouble))}</p>
                })}
                {move || {
                    let list = desk.with(|d| d.collections.clone());
                    if list.is_empty() {
                        view! { <p class="archive-empty">{text(t, |t| t.archive_empty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="collections">
                                {list.into_iter().map(|c| view! { <CollectionRow collection=c/> }).collect_view()}
                            </ul>
                            <RemoveAll/>
                        }.into_any()
                    }
                }}
                <p class="archive-storage">
                    {move || persist.get().map(|p| {
                        let t = t.get();
                        let mut line = if p.persisted { t.storage_persisted.to_string() } else { t.storage_not_persisted.to_string() };
                        if let Some((used, quota)) = p.usage {
                            line.push(' ');
                            line.push_str(&(t.storage_used)(&megabytes(used), &megabytes(quota)));
                        }
                        line
                    })}
                </p>
                <div class="archive-backup">
                    <p class="hint">{text(t, |t| t.backup_hint)}</p>
                    <button type="button" class="button button-quiet" on:click=move |_| client.backup()>{text(t, |t| t.backup)}</button>
                    <label class="button button-quiet">
                        {text(t, |t| t.restore)}
                        <input type="file" accept=".json,application/json" class="visually-hidden" on:change=on_restore/>
                    </label>
                    <p role="status" class="archive-status">
                        {move || client.restored.get().map(|r| match r {
                            RestoreOutcome::Restored { collections, marks, searches } => (t.get().restored)(collections, marks, searches),
                            RestoreOutcome::Refused(why) => (t.get().restore_refused)(&why),
                        })}
                    </p>
                </div>
            </div>
        </details>
    }
}

#[component]
fn CollectionRow(collection: CollectionInfo) -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let CollectionInfo { id, name, enabled, files, articles, .. } = collection;
    let renaming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let draft = RwSignal::new(name.clone());
    let name = StoredValue::new(name);
    let id = StoredValue::new(id);
    let toggle = move |ev: leptos::ev::Event| {
        let on = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
        client.update_collection(id.get_value(), None, Some(on));
    };
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        renaming.set(false);
        client.update_collection(id.get_value(), Some(draft.get_untracked()), None);
    };
    view! {
        <li class="collection" class:off=!enabled>
            {move || if renaming.get() {
                view! {
                    <form class="rename" on:submit=save_name>
                        <label>
                            <span class="visually-hidden">{text(t, |t| t.collection_name)}</span>
                            <input type="text" maxlength="200" prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))/>
                        </label>
                        <button type="submit" class="button">{text(t, |t| t.save_name)}</button>
                        <button type="button" class="button button-quiet" on:click=move |_| renaming.set(false)>{text(t, |t| t.cancel)}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <label class="collection-toggle">
                        <input type="checkbox" prop:checked=enabled on:change=toggle
                            aria-label=move || (t.get().show_collection)(&name.get_value())/>
                        <bdi class="collection-name">{name.get_value()}</bdi>
                    </label>
                    <span class="collection-size">{move || (t.get().collection_size)(articles, files)}</span>
                    <span class="collection-actions">
                        <button type="button" class="link-button" aria-label=move || (t.get().rename_collection)(&name.get_value())
                            on:click=move |_| { draft.set(name.get_value()); renaming.set(true); }>{text(t, |t| t.rename)}</button>
                        <button type="button" class="link-button" aria-label=move || (t.get().delete_collection)(&name.get_value())
                            on:click=move |_| deleting.set(true)>{text(t, |t| t.delete)}</button>
                    </span>
                }.into_any()
            }}
            {move || deleting.get().then(|| view! {
                <div class="confirm" role="group" aria-label=move || (t.get().delete_collection)(&name.get_value())>
                    <p>{move || (t.get().confirm_delete)(&name.get_value())}</p>
                    <button type="button" class="button button-danger" on:click=move |_| {
                        deleting.set(false);
                        client.delete_collections(Some(vec![id.get_value()]));
                    }>{text(t, |t| t.delete)}</button>
                    <button type="button" class="button button-quiet" on:click=move |_| deleting.set(false)>{text(t, |t| t.cancel)}</button>
                </div>
            })}
        </li>
    }
}
