//! Saved searches: the reader names the current view and finds it again in one
//! click, with how many articles are new since it was last opened.

use leptos::prelude::*;

use crate::client::use_client;
use crate::i18n::{text, use_lang, use_strings};
use crate::url_state::{href, use_url_view};
use crate::view_model::active_filters;

/// The list of saved searches (in the filters column).
#[component]
pub fn SavedSearches() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let lang = use_lang();
    let searches = Memo::new(move |_| client.desk.with(|d| d.searches.clone()));
    view! {
        <section class="saved-searches" aria-labelledby="saved-searches-heading">
            <h2 id="saved-searches-heading" class="facet-heading">{text(t, |t| t.saved_searches)}</h2>
            {move || {
                let list = searches.get();
                if list.is_empty() {
                    return view! { <p class="facet-empty">{text(t, |t| t.no_saved_searches)}</p> }.into_any();
                }
                view! {
                    <ul class="saved-list">
                        {list.into_iter().map(|s| {
                            let link = {
                                let query = tumen_core::index::Query::from_query_string(&s.query);
                                href(&query, 1, lang.get_untracked())
                            };
                            let id = StoredValue::new(s.id.clone());
                            let name = StoredValue::new(s.name.clone());
                            view! {
                                <li>
                                    <a href=link on:click=move |_| client.seen_search(id.get_value())><bdi>{s.name.clone()}</bdi></a>
                                    " "<span class="count">{move || (t.get().search_matches)(s.total)}</span>
                                    {(s.new > 0).then(|| view! { " "<span class="new-badge">{move || (t.get().new_matches)(s.new)}</span> })}
                                    " "<button type="button" class="link-button remove" aria-label=move || (t.get().delete_search)(&name.get_value())
                                        on:click=move |_| client.delete_search(id.get_value())>"\u{00d7}"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// "Save this search": names the current view (a name is suggested from it).
#[component]
pub fn SaveSearchButton() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let t = use_strings();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let suggest = move || {
        let t = t.get_untracked();
        view_state.search.with_untracked(|q| {
            let chips = active_filters(t, q, client.results.get_untracked().as_deref());
            let words: Vec<String> = chips.into_iter().map(|c| c.label).collect();
            if words.is_empty() { t.save_search.to_string() } else { words.join(", ") }
        })
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    view! {
        {move || if open.get() {
            view! {
                <form class="save-search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let query = view_state.search.with_untracked(|q| q.to_query_string());
                    client.save_search(name.get_untracked(), query);
                    open.set(false);
                }>
                    <label>
                        <span>{text(t, |t| t.search_name)}</span>
                        <input type="text" node_ref=input_ref maxlength="200" required prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="button">{text(t, |t| t.save_name)}</button>
                    <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>{text(t, |t| t.cancel)}</button>
                </form>
            }.into_any()
        } else {
            view! {
                <button type="button" class="button button-quiet" on:click=move |_| {
                    name.set(suggest());
                    open.set(true);
                    request_animation_frame(move || {
                        if let Some(el) = input_ref.get_untracked() {
                            let _ = el.focus();
                            el.select();
                        }
                    });
                }>{text(t, |t| t.save_search)}</button>
            }.into_any()
        }}
    }
}
