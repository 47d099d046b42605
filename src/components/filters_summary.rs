//! The active filters as removable chips, with "Clear all", plus the result
//! count (announced in a status region) and the sort order.

use leptos::prelude::*;
use tumen_core::index::{Query, Sort};

use crate::client::use_client;
use crate::i18n::{text, use_strings};
use crate::url_state::{navigator, use_url_view};
use crate::view_model::active_filters;

#[component]
pub fn FiltersSummary() -> impl IntoView {
    let client = use_client();
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let chips = Memo::new(move |_| view_state.search.with(|q| client.results.with(|r| active_filters(t.get(), q, r.as_deref()))));
    let clear_all = {
        let navigate = navigate.clone();
        move |_| {
            let query = Query { sort: view_state.query.get_untracked().sort, ..Query::default() };
            navigate(&query, 1, false);
        }
    };
    view! {
        {move || {
            let list = chips.get();
            (!list.is_empty()).then(|| {
                let navigate = navigate.clone();
                view! {
                    <div class="active-filters" aria-label=text(t, |t| t.active_filters) role="region">
                        <ul>
                            {list.into_iter().map(|chip| {
                                let navigate = navigate.clone();
                                let label = (t.get_untracked().remove_filter)(chip.facet, &chip.label);
                                view! {
                                    <li>
                                        <button type="button" class="chip" aria-label=label on:click=move |_| {
                                            let mut query = view_state.query.get_untracked();
                                            query.article = None;
                                            (chip.remove)(&mut query);
                                            navigate(&query, 1, false);
                                        }>
                                            <span class="chip-facet">{chip.facet}": "</span>{chip.label.clone()}
                                            <span aria-hidden="true" class="chip-x">"×"</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <button type="button" class="link-button" on:click=clear_all.clone()>{text(t, |t| t.clear_all)}</button>
                    </div>
                }
            })
        }}
    }
}

/// Sort order control; relevance is offered only when there is a query.
#[component]
pub fn SortSelect() -> impl IntoView {
    let view_state = use_url_view();
    let navigate = navigator();
    let t = use_strings();
    let has_text = Memo::new(move |_| view_state.search.with(|q| !q.text.trim().is_empty()));
    let current = Memo::new(move |_| {
        let q = view_state.search.get();
        match q.sort {
            Sort::Relevance if q.text.trim().is_empty() => "newest",
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    });
    view! {
        <label class="sort">
            <span>{text(t, |t| t.sort)}</span>
            <select prop:value=move || current.get() on:change=move |ev| {
                let mut query = view_state.query.get_untracked();
                query.sort = match event_target_value(&ev).as_str() {
                    "oldest" => Sort::Oldest,
                    "relevance" => Sort::Relevance,
                    _ => Sort::Newest,
                };
                navigate(&query, 1, false);
            }>
                {move || has_text.get().then(|| view! { <option value="relevance">{text(t, |t| t.most_relevant)}</option> })}
                <option value="newest">{text(t, |t| t.newest_first)}</option>
                <option value="oldest">{text(t, |t| t.oldest_first)}</option>
            </select>
        </label>
    }
}
