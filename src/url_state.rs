//! The view lives in the URL: filters, query, sort, page and the open article
//! are query parameters, so a view can be bookmarked, shared, reloaded and
//! walked with Back and Forward. Unknown or malformed parameters are ignored.
//! Every link made while the interface is in Korean carries `lang=ko`, so a
//! shared view opens in Korean too; English links carry no language.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use tumen_core::index::Query;

use crate::i18n::{use_lang, Lang};

/// Results per page in the list: a card is tall (title, meta, first lines, chips), 25 fill
/// several screens, and each page fetches the first lines of its cards.
pub const PAGE_SIZE: usize = 25;

/// The query and page a URL's search part (`?q=…&page=2`) describes, as the router reads it.
pub fn parse_search(search: &str) -> (Query, usize) {
    let mut query = Query::from_query_string(search);
    query.article = None;
    let page = page_number(search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("page=")));
    (query, page)
}

/// The page a `page=` value names: 1 to 100,000 (a link cannot ask for more), else 1.
/// One rule for the worker's first list and the router's view, so that the two agree.
fn page_number(value: Option<&str>) -> usize {
    value.and_then(|p| p.parse::<usize>().ok()).filter(|p| (1..=100_000).contains(p)).unwrap_or(1)
}

/// The view described by the current URL, and the search text being typed.
#[derive(Clone, Copy)]
pub struct UrlView {
    pub query: Memo<Query>,
    /// The query without the open article: what the result list depends on.
    pub search: Memo<Query>,
    pub page: Memo<usize>,
    /// Search text typed and not yet written to the URL (the search box writes it once
    /// typing pauses): the view is the URL's with this text, on page 1, no article open.
    /// Writing the URL per letter cost each keystroke a few milliseconds of history
    /// update before its query could leave for the worker.
    pub typed: RwSignal<Option<String>>,
}

pub fn provide_url_view() -> UrlView {
    let params = use_query_map();
    let typed = RwSignal::new(None::<String>);
    let query = Memo::new(move |_| {
        let mut query = params.with(|map| {
            let pairs: Vec<(String, String)> = map.clone().into_iter().map(|(k, v)| (k.into_owned(), v)).collect();
            Query::from_params(&pairs)
        });
        if let Some(text) = typed.get() {
            query.text = text;
            query.article = None;
        }
        query
    });
    // Any change of the URL settles the typed text: the search box wrote it, or the reader
    // went Back, followed a link or changed a filter (whose link already carries the text).
    Effect::new(move |first: Option<()>| {
        params.track();
        if first.is_some() && typed.with_untracked(Option::is_some) {
            typed.set(None);
        }
    });
    let search = Memo::new(move |_| {
        let mut q = query.get();
        q.article = None;
        q
    });
    let page = Memo::new(move |_| {
        if typed.with(Option::is_some) {
            return 1;
        }
        params.with(|map| page_number(map.get_str("page")))
    });
    let view = UrlView { query, search, page, typed };
    provide_context(view);
    view
}

pub fn use_url_view() -> UrlView {
    expect_context::<UrlView>()
}

/// `?a=b&c=d` for a query and page (page 1 is left out), in a language
/// (`lang=ko` last; English is the default and left out).
pub fn href(query: &Query, page: usize, lang: Lang) -> String {
    let mut pairs = query.to_params();
    if page > 1 {
        pairs.push(("page".to_string(), page.to_string()));
    }
    if lang != Lang::En {
        pairs.push(("lang".to_string(), lang.code().to_string()));
    }
    if pairs.is_empty() {
        return "?".to_string();
    }
    let encoded: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    format!("?{}", encoded.join("&"))
}

#[cfg(target_arch = "wasm32")]
fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// encodeURIComponent's rule, for the native tests.
#[cfg(not(target_arch = "wasm32"))]
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A navigation function that can be called from event handlers (captured at setup);
/// the link is in the language on screen when it is called.
pub fn navigator() -> impl Fn(&Query, usize, bool) + Clone + 'static {
    let lang = use_lang();
    let go = navigator_in();
    move |query: &Query, page: usize, replace: bool| go(query, page, replace, lang.get_untracked())
}

/// Like [`navigator`], with the language given (the language control's switch).
pub fn navigator_in() -> impl Fn(&Query, usize, bool, Lang) + Clone + 'static {
    let navigate = use_navigate();
    let ahead = use_context::<crate::client::Client>().zip(use_context::<UrlView>());
    move |query: &Query, page: usize, replace: bool, lang: Lang| {
        let to = address(query, page, lang);
        if let Some((client, view)) = ahead {
            // Read back from the address, as the views will read it: the list asked for now
            // is then the one the URL-driven effect asks for, and it is not sent twice.
            let (search, page) = parse_search(to.find('?').map_or("", |at| &to[at..]));
            send_ahead(client, view, search, page);
        }
        navigate(&to, NavigateOptions { resolve: false, replace, scroll: false, ..Default::default() });
    }
}

/// Asks the worker for the list a change is about to show, if it is not the one shown:
/// the worker searches while the router and the views catch up (see
/// [`crate::client::Client::query_ahead`]).
pub fn send_ahead(client: crate::client::Client, view: UrlView, search: Query, page: usize) {
    let shown = view.search.try_with_untracked(|s| *s == search).unwrap_or(true) && view.page.try_get_untracked() == Some(page);
    if !shown {
        client.query_ahead(search, page);
    }
}

/// The address (this page's path and the query's search part) a navigation goes to.
pub fn address(query: &Query, page: usize, lang: Lang) -> String {
    let path = window().location().pathname().unwrap_or_else(|_| "/".to_string());
    format!("{path}{}", href(query, page, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_list_is_read_from_the_url_as_the_router_reads_it() {
        let (q, page) = parse_search("?q=rice+prices&province=ryanggang&page=3&article=a1");
        assert_eq!(q.text, "rice prices");
        assert_eq!(q.provinces, vec!["ryanggang".to_string()]);
        assert_eq!(q.article, None, "the list does not depend on the open article");
        assert_eq!(page, 3);
        assert_eq!(parse_search(""), (Query::default(), 1));
        assert_eq!(parse_search("?page=0").1, 1);
        assert_eq!(parse_search("?page=lots").1, 1);
        assert_eq!(parse_search("?page=100001").1, 1, "no page past what a link may ask for");
        assert_eq!((page_number(Some("100000")), page_number(None)), (100_000, 1));
        assert_eq!(parse_search("?q=rice&lang=ko"), parse_search("?q=rice"), "the language is not part of the view's query");
    }

    #[test]
    fn korean_links_carry_the_language_and_english_ones_none() {
        let q = Query { text: "rice prices".into(), ..Query::default() };
        assert_eq!(href(&q, 1, Lang::En), "?q=rice%20prices");
        assert_eq!(href(&q, 2, Lang::Ko), "?q=rice%20prices&page=2&lang=ko");
        assert_eq!(href(&Query::default(), 1, Lang::En), "?");
        assert_eq!(href(&Query::default(), 1, Lang::Ko), "?lang=ko");
        let (back, page) = parse_search(&href(&q, 2, Lang::Ko));
        assert_eq!((back.text.as_str(), page), ("rice prices", 2));
    }
}
