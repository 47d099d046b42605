//! The reader screen: masthead, filters, search, results or the open article.
//! It asks the worker for what the URL describes (a page of results, an
//! article) and lays out the components that render the answers.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{use_client, ArticleState, LoadState};
use crate::components::article_view::ArticleView;
use crate::components::archive_panel::ArchivePanel;
use crate::components::corpus_report::{CorpusReport, CorpusTrouble};
use crate::components::facets::FacetPanel;
use crate::components::filters_summary::FiltersSummary;
use crate::components::import::ImportButton;
use crate::components::keep_offline::KeepOffline;
use crate::components::language::LanguageSelect;
use crate::components::load_views::{LoadFailed, Loading};
use crate::components::overview::Overview;
use crate::components::results::ResultList;
use crate::components::saved_searches::SavedSearches;
use crate::components::search_box::SearchBox;
use crate::i18n::{provide_i18n, text, use_strings};
use crate::offline::{OfflineIndicator, OutdatedBanner, UpdateBanner};
use crate::url_state::{href, provide_url_view, PAGE_SIZE};

#[component]
pub fn ReaderPage() -> impl IntoView {
    let client = use_client();
    provide_url_view();
    let lang = provide_i18n().lang;
    let t = use_strings();
    let ready = Memo::new(move |_| client.load.with(|l| *l == LoadState::Ready));
    // Articles can be added from the error page too: a broken corpus does not stop a
    // reader from reading their own files.
    let can_add = Memo::new(move |_| client.load.with(|l| matches!(l, LoadState::Ready | LoadState::Failed(..))));
    let corpus_shown = Memo::new(move |_| ready.get() && client.corpus_trouble.with(Option::is_none));
    view! {
        <a class="skip-link" href="#main">{text(t, |t| t.skip_to_content)}</a>
        <header class="masthead">
            <div class="masthead-inner">
                <a class="brand" href=move || href(&Default::default(), 1, lang.get())>
                    <span class="brand-mark" aria-hidden="true">"T"</span>
                    <span class="brand-name">"Tumen"</span>
                </a>
                <p class="tagline">{text(t, |t| t.tagline)}</p>
                <div class="masthead-tools">
                    <LanguageSelect/>
                    <OfflineIndicator/>
                    {move || corpus_shown.get().then(|| view! { <KeepOffline/> })}
                    {move || can_add.get().then(|| view! { <ImportButton/> })}
                </div>
            </div>
        </header>
        <UpdateBanner/>
        <OutdatedBanner/>
        {move || match client.load.get() {
            LoadState::Loading(stage) => view! { <Loading stage=stage/> }.into_any(),
            LoadState::Failed(error, problems) => view! { <LoadFailed error=error problems=problems/> }.into_any(),
            LoadState::Ready => view! { <Reader/> }.into_any(),
        }}
        <footer class="site-footer">
            <p>
                {text(t, |t| t.footer_privacy)}
                {text(t, |t| t.footer_places)}
                {text(t, |t| t.footer_map_credit)}
            </p>
            <crate::components::keyboard::KeyboardShortcuts/>
        </footer>
    }
}

#[component]
fn Reader() -> impl IntoView {
    let client = use_client();
    let t = use_strings();
    let view_state = crate::url_state::use_url_view();
    // Ask the worker for the page of results the URL describes.
    Effect::new(move |_| {
        let query = view_state.search.get();
        let page = view_state.page.get();
        // Added articles change the results of the same query.
        client.summary.track();
        client.query(query, page, PAGE_SIZE);
    });
    // And for the open article, with the current search's words highlighted.
    let article_id = Memo::new(move |_| view_state.query.with(|q| q.article.clone()));
    Effect::new(move |_| match article_id.get() {
        Some(id) => {
            let terms = client.results.with_untracked(|r| r.as_ref().map(|r| r.matched_terms.clone()).unwrap_or_default());
            client.open_article(id, terms);
        }
        None => client.close_article(),
    });
    // One mark when the first list is on screen, for the benchmark and dev tools.
    once_when(move || client.results.with(Option::is_some), move || {
        crate::timing::mark("tumen:rendered");
        // Once it is painted, the worker may start its background downloads.
        let idle = wasm_bindgen::closure::Closure::once_into_js(move || client.idle());
        let _ = window().request_animation_frame(idle.unchecked_ref());
    });
    // The first answer draws the list, the counts over it, the date chart and the map in
    // one task; the sidebar's facets follow in the next. Drawn together they were one
    // task of about 100 ms at 10,000 articles, much of it the browser compiling the views'
    // code on first use; the sidebar's share (about 25 ms) is now a task of its own.
    // Beside the list, the sidebar moves nothing when it arrives.
    let sidebar_shown = RwSignal::new(false);
    once_when(
        move || client.results.with(Option::is_some) || client.results_error.with(Option::is_some),
        move || {
            let show = wasm_bindgen::closure::Closure::once_into_js(move || sidebar_shown.set(true));
            let _ = window().set_timeout_with_callback(show.unchecked_ref());
        },
    );
    let filters_open = RwSignal::new(false);
    let active_count = Memo::new(move |_| {
        view_state.search.with(|q| client.results.with(|r| crate::view_model::active_filters(&crate::i18n::EN, q, r.as_deref()).len()))
    });
    let showing_article = Memo::new(move |_| client.article.with(|a| matches!(a, ArticleState::Ready(_) | ArticleState::Loading(_) | ArticleState::Failed(..))));
    let missing_article = Memo::new(move |_| client.article.with(|a| if let ArticleState::NotFound(id) = a { Some(id.clone()) } else { None }));
    view! {
        <div class="layout">
            <aside id="filters" class="sidebar" class:open=move || filters_open.get() aria-label=text(t, |t| t.filters)>
                {move || sidebar_shown.get().then(|| view! {
                    <SavedSearches/>
                    <FacetPanel/>
                })}
            </aside>
            <main id="main" class="content" tabindex="-1">
                <SearchBox/>
                <button type="button" class="button button-quiet filters-toggle" aria-controls="filters"
                    aria-expanded=move || filters_open.get().to_string()
                    on:click=move |_| filters_open.update(|o| *o = !*o)>
                    {move || match active_count.get() {
                        0 => t.get().show_filters.to_string(),
                        n => (t.get().filters_active)(n),
                    }}
                </button>
                <FiltersSummary/>
                <CorpusTrouble/>
                <CorpusReport/>
                <ArchivePanel/>
                {move || if showing_article.get() {
                    view! { <ArticleView/> }.into_any()
                } else {
                    view! {
                        {move || missing_article.get().map(|id| view! {
                            <p class="notice" role="alert">{move || (t.get().no_such_article)(&id)}</p>
                        })}
                        // Where and when, in sight with the results they describe.
                        <Overview/>
                        <ResultList/>
                    }.into_any()
                }}
            </main>
        </div>
    }
}

/// Runs `then` once, the first time `ready` (which reads signals) is true. After that the
/// effect reads nothing, so nothing wakes it again.
fn once_when(ready: impl Fn() -> bool + 'static, then: impl FnOnce() + 'static) {
    let mut then = Some(then);
    Effect::new(move |_| {
        if then.is_some() && ready() {
            if let Some(then) = then.take() {
                then();
            }
        }
    });
}
