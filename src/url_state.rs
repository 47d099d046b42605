//! The view lives in the URL: filters, query, sort, page and the open article
//! are query parameters, so a view can be bookmarked, shared, reloaded and
//! walked with Back and Forward. Unknown or malformed parameters are ignored.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use tumen_core::index::Query;

/// Results per page in the list.
pub const PAGE_SIZE: usize = 50;

/// The view described by the current URL.
#[derive(Clone, Copy)]
pub struct UrlView {
    pub query: Memo<Query>,
    /// The query without the open article: what the result list depends on.
    pub search: Memo<Query>,
    pub page: Memo<usize>,
}

pub fn provide_url_view() -> UrlView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|map| {
            let pairs: Vec<(String, String)> = map.clone().into_iter().map(|(k, v)| (k.into_owned(), v)).collect();
            Query::from_params(&pairs)
        })
    });
    let search = Memo::new(move |_| {
        let mut q = query.get();
        q.article = None;
        q
    });
    let page = Memo::new(move |_| {
        params.with(|map| map.get_str("page").and_then(|p| p.parse::<usize>().ok()).filter(|p| (1..=100_000).contains(p)).unwrap_or(1))
    });
    let view = UrlView { query, search, page };
    provide_context(view);
    view
}

pub fn use_url_view() -> UrlView {
    expect_context::<UrlView>()
}

/// `?a=b&c=d` for a query and page (page 1 is left out).
pub fn href(query: &Query, page: usize) -> String {
    let mut pairs = query.to_params();
    if page > 1 {
        pairs.push(("page".to_string(), page.to_string()));
    }
    if pairs.is_empty() {
        return "?".to_string();
    }
    let encoded: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    format!("?{}", encoded.join("&"))
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// A navigation function that can be called from event handlers (captured at setup).
pub fn navigator() -> impl Fn(&Query, usize, bool) + Clone + 'static {
    let navigate = use_navigate();
    move |query: &Query, page: usize, replace: bool| {
        let path = window().location().pathname().unwrap_or_else(|_| "/".to_string());
        let target = format!("{path}{}", href(query, page));
        navigate(&target, NavigateOptions { resolve: false, replace, scroll: false, ..Default::default() });
    }
}
