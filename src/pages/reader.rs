//! The reader screen: masthead, filters, search, results or the open article.

use leptos::prelude::*;

use crate::components::article_view::ArticleView;
use crate::components::corpus_report::CorpusReport;
use crate::components::facets::FacetPanel;
use crate::components::filters_summary::FiltersSummary;
use crate::components::import::ImportButton;
use crate::components::load_views::{LoadFailed, Loading};
use crate::components::results::ResultList;
use crate::components::search_box::SearchBox;
use crate::components::timeline::DateFilter;
use crate::offline::{OfflineIndicator, UpdateBanner};
use crate::state::{LoadState, Shared};
use crate::url_state::provide_url_view;

#[component]
pub fn ReaderPage() -> impl IntoView {
    let load_state = expect_context::<RwSignal<LoadState>>();
    provide_url_view();
    let ready = Memo::new(move |_| matches!(load_state.get(), LoadState::Ready(_)));
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="masthead">
            <div class="masthead-inner">
                <a class="brand" href="?">
                    <span class="brand-mark" aria-hidden="true">"T"</span>
                    <span class="brand-name">"Tumen"</span>
                </a>
                <p class="tagline">"Field reporting on North Korea, searchable offline"</p>
                <div class="masthead-tools">
                    <OfflineIndicator/>
                    {move || ready.get().then(|| view! { <ImportButton/> })}
                </div>
            </div>
        </header>
        <UpdateBanner/>
        {move || match load_state.get() {
            LoadState::Loading(stage) => view! { <Loading stage=stage/> }.into_any(),
            LoadState::Failed(error, problems) => view! { <LoadFailed error=error problems=problems/> }.into_any(),
            LoadState::Ready(library) => view! { <Reader library=library/> }.into_any(),
        }}
        <footer class="site-footer">
            <p>
                "Tumen runs entirely in your browser; nothing you search or open leaves this device. "
                "Place data draws on the North Korea Administrative Divisions Dataset (Open Admin Data, CC BY 4.0)."
            </p>
        </footer>
    }
}

#[component]
fn Reader(library: Shared<crate::state::Library>) -> impl IntoView {
    let library = StoredValue::new(library);
    let view_state = crate::url_state::use_url_view();
    let results = Memo::new(move |_| {
        let query = view_state.search.get();
        Shared(std::sync::Arc::new(library.with_value(|l| l.run(&query))))
    });
    let article = Memo::new(move |_| {
        view_state.query.with(|q| q.article.clone()).and_then(|id| library.with_value(|l| l.doc(&id)).map(|doc| (id, doc)))
    });
    let filters_open = RwSignal::new(false);
    let active_count = Memo::new(move |_| view_state.search.with(|q| crate::state::active_filters(q).len()));
    // One mark when the first list is on screen, for the benchmark and dev tools.
    Effect::new(move |_| crate::state::mark("tumen:rendered"));
    let missing_article = Memo::new(move |_| view_state.query.with(|q| q.article.clone()).filter(|_| article.with(|a| a.is_none())));
    view! {
        <div class="layout">
            <aside id="filters" class="sidebar" class:open=move || filters_open.get() aria-label="Filters">
                <FacetPanel results=results/>
                <DateFilter results=results/>
            </aside>
            <main id="main" class="content" tabindex="-1">
                <SearchBox/>
                <button type="button" class="button button-quiet filters-toggle" aria-controls="filters"
                    aria-expanded=move || filters_open.get().to_string()
                    on:click=move |_| filters_open.update(|o| *o = !*o)>
                    {move || match active_count.get() {
                        0 => "Show filters".to_string(),
                        n => format!("Filters ({n} active)"),
                    }}
                </button>
                <FiltersSummary/>
                <CorpusReport library=library/>
                {move || match article.get() {
                    Some((_, doc)) => view! { <ArticleView library=library doc=doc results=results/> }.into_any(),
                    None => view! {
                        {move || missing_article.get().map(|id| view! {
                            <p class="notice" role="alert">"No article with the id “" {id} "” is in this corpus. Showing the list instead."</p>
                        })}
                        <ResultList library=library results=results/>
                    }.into_any(),
                }}
            </main>
        </div>
    }
}
