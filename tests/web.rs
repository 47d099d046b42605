//! Browser tests (wasm-bindgen-test in headless Chromium): the reader mounts,
//! asks the worker's engine (run in the page here) for lists and articles,
//! renders them, and shows errors instead of a blank page.

#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::Router;
use tumen::client::{Client, Transport};
use tumen::pages::reader::ReaderPage;
use tumen::protocol::{Request, Response};
use tumen::worker::Engine;
use tumen_core::bundle::library::Library;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CORPUS: &str = r#"{"version": 1, "articles": [
  {"id": "hyesan-1", "title": "Hyesan guards tighten watch on the Yalu", "date": "2024-05-02", "source": "Daily NK",
   "url": "https://example.org/1", "source_tags": ["border"],
   "body": ["Border guard units in Hyesan, Ryanggang Province, were ordered to stop smuggling.", {"heading": "Prices"}, "Rice prices rose in the market."]},
  {"id": "xss", "title": "<script>window.__pwned = 1</script>Title with tags", "date": null, "source": "Test",
   "url": "javascript:alert(1)", "source_tags": [], "summary": "<img src=x onerror=\"window.__pwned = 2\"> in Sinuiju"},
  {"id": "", "title": "No id", "source": "Test", "summary": "x"}
]}"#;

/// The worker's engine, run in the page instead of a Web Worker.
struct InPage(Rc<Engine>);

impl Transport for InPage {
    fn send(&self, request: &Request) {
        self.0.handle(request.clone());
    }
}

fn library() -> Library {
    let loaded = tumen_core::parse_corpus("corpus.json", CORPUS).expect("test corpus parses");
    Library::from_articles(loaded.articles, loaded.problems)
}

/// Every query the page sends, with the address bar's search part at that moment.
type SentQueries = Rc<std::cell::RefCell<Vec<(tumen_core::index::Query, usize, String)>>>;

/// The engine in the page, keeping a note of each query on its way.
struct Recording(Rc<Engine>, SentQueries);

impl Transport for Recording {
    fn send(&self, request: &Request) {
        if let Request::Query { query, page, .. } = request {
            self.1.borrow_mut().push((query.clone(), *page, window().location().search().unwrap_or_default()));
        }
        self.0.handle(request.clone());
    }
}

/// Mounts the reader at `url` with an engine in the page; `open` gives it its library.
fn mount(url: &str, open: impl FnOnce(&Rc<Engine>, Client) + 'static) -> web_sys::HtmlElement {
    mount_via(url, open, None)
}

/// The same, noting each query the page sends in `sent`.
fn mount_via(url: &str, open: impl FnOnce(&Rc<Engine>, Client) + 'static, sent: Option<SentQueries>) -> web_sys::HtmlElement {
    window().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)).unwrap();
    let container = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), move || {
        let client = Client::new();
        provide_context(client);
        let engine = Engine::new(move |r: &Response| client.receive(r.clone()));
        match sent {
            Some(sent) => client.connect(Rc::new(Recording(engine.clone(), sent))),
            None => client.connect(Rc::new(InPage(engine.clone()))),
        }
        open(&engine, client);
        view! { <Router><ReaderPage/></Router> }
    });
    handle.forget();
    container
}

/// Mounts the reader noting each query it sends; gives the container, the notes and its client.
fn mount_recording(url: &str, open: impl FnOnce(&Rc<Engine>, Client) + 'static) -> (web_sys::HtmlElement, SentQueries, Client) {
    let sent = SentQueries::default();
    let slot: Rc<std::cell::Cell<Option<Client>>> = Rc::default();
    let keep = slot.clone();
    let container = mount_via(url, move |engine, client| {
        keep.set(Some(client));
        open(engine, client);
    }, Some(sent.clone()));
    let client = slot.get().expect("the reader is mounted at once");
    (container, sent, client)
}

fn mount_reader(url: &str) -> web_sys::HtmlElement {
    mount(url, |engine, _| engine.open_library(library()))
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (bounded, 3 s) until the container's text contains `needle`.
async fn wait_for_text(container: &web_sys::HtmlElement, needle: &str) -> bool {
    for _ in 0..150 {
        if container.text_content().unwrap_or_default().contains(needle) {
            return true;
        }
        tick().await;
    }
    false
}

#[wasm_bindgen_test]
async fn list_shows_valid_articles_and_the_corpus_report() {
    let container = mount_reader("/?");
    assert!(wait_for_text(&container, "2 articles").await, "{}", container.text_content().unwrap_or_default());
    let link = container.query_selector("a[href*='article=hyesan-1']").unwrap().expect("a link to the article");
    assert_eq!(link.text_content().unwrap(), "Hyesan guards tighten watch on the Yalu");
    let text = container.text_content().unwrap();
    assert!(text.contains("Corpus report: 1 article rejected"), "{text}");
    container.remove();
}

#[wasm_bindgen_test]
async fn a_search_narrows_the_list_and_facets_follow() {
    let container = mount_reader("/?q=rice");
    assert!(wait_for_text(&container, "1 of 2 articles match").await, "{}", container.text_content().unwrap_or_default());
    assert!(container.query_selector("a[href*='article=xss']").unwrap().is_none());
    let mark = container.query_selector(".result mark.match").unwrap();
    assert!(mark.is_none() || mark.unwrap().text_content().unwrap().eq_ignore_ascii_case("rice"));
    container.remove();
}

#[wasm_bindgen_test]
async fn a_filter_or_a_keystroke_asks_the_worker_once_before_the_views_follow() {
    let sent = SentQueries::default();
    let container = mount_via("/?", |engine, _| engine.open_library(library()), Some(sent.clone()));
    assert!(wait_for_text(&container, "2 articles").await, "{}", container.text_content().unwrap_or_default());
    tick().await;
    let before = sent.borrow().len();

    // A province ticked: one query, sent before the address (and what follows it) changed.
    let ryanggang = container.query_selector_all(".facet-value label").unwrap();
    let label = (0..ryanggang.length())
        .filter_map(|i| ryanggang.item(i))
        .find(|l| l.text_content().unwrap_or_default().contains("Ryanggang"))
        .expect("a Ryanggang checkbox");
    label.unchecked_ref::<web_sys::HtmlElement>().query_selector("input").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    assert!(wait_for_text(&container, "1 of 2 articles match").await, "{}", container.text_content().unwrap_or_default());
    tick().await;
    {
        let sent = sent.borrow();
        let new: Vec<_> = sent[before..].iter().collect();
        assert_eq!(new.len(), 1, "one query per click: {new:?}");
        assert_eq!(new[0].0.provinces, vec!["ryanggang".to_string()], "{new:?}");
        assert!(!new[0].2.contains("province="), "sent before the address changed: {new:?}");
    }
    assert!(window().location().search().unwrap().contains("province=ryanggang"));

    // A letter typed: one query, with the text.
    let before = sent.borrow().len();
    let input = container.query_selector("input[type=search]").unwrap().unwrap().unchecked_into::<web_sys::HtmlInputElement>();
    input.set_value("sinuiju");
    // A bubbling input event, as typing makes (Leptos listens for it at the document).
    let event_type = js_sys::Reflect::get(&window(), &"Event".into()).unwrap().unchecked_into::<js_sys::Function>();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let event = js_sys::Reflect::construct(&event_type, &js_sys::Array::of2(&"input".into(), &init)).unwrap();
    input.dispatch_event(event.unchecked_ref()).unwrap();
    assert!(wait_for_text(&container, "Nothing matches this view").await, "{}", container.text_content().unwrap_or_default());
    tick().await;
    {
        let sent = sent.borrow();
        let new: Vec<_> = sent[before..].iter().collect();
        assert_eq!(new.len(), 1, "one query per keystroke: {new:?}");
        assert_eq!(new[0].0.text, "sinuiju", "{new:?}");
        assert_eq!(new[0].0.provinces, vec!["ryanggang".to_string()], "{new:?}");
    }
    container.remove();
}

#[wasm_bindgen_test]
async fn a_query_sent_ahead_never_stands_in_for_a_later_one() {
    let (container, sent, client) = mount_recording("/?", |engine, _| engine.open_library(library()));
    assert!(wait_for_text(&container, "2 articles").await, "{}", container.text_content().unwrap_or_default());
    let query = tumen_core::index::Query::text("rice");
    // Sent ahead, and no view change followed (as when a navigation changed nothing).
    client.query_ahead(query.clone(), 1);
    tick().await;
    let before = sent.borrow().len();
    // Later (say, after an import) the reader asks for the same list: it must go out.
    client.query(query, 1, tumen::url_state::PAGE_SIZE);
    assert_eq!(sent.borrow().len(), before + 1, "the later query was swallowed");
    container.remove();
}

#[wasm_bindgen_test]
async fn the_first_list_answered_unasked_is_not_asked_for_again() {
    // As when the reader opens: the worker was told the page's address and answers that
    // list as query 0 before the page asks; the reader's effect then asks for the same list.
    let (container, sent, client) = mount_recording("/?q=rice", |engine, client| {
        client.expect_first("?q=rice");
        engine.open_library(library());
        let (query, page) = tumen::url_state::parse_search("?q=rice");
        engine.handle(Request::Query { id: 0, query, page, page_size: tumen::url_state::PAGE_SIZE });
    });
    assert!(wait_for_text(&container, "1 of 2 articles match").await, "{}", container.text_content().unwrap_or_default());
    for _ in 0..5 {
        tick().await;
    }
    assert_eq!(sent.borrow().len(), 0, "the page asked again for the list on its way: {:?}", sent.borrow());
    // Only that one: the next list, even the same one, is asked for.
    client.query(tumen_core::index::Query::text("rice"), 1, tumen::url_state::PAGE_SIZE);
    assert_eq!(sent.borrow().len(), 1, "a later query was swallowed");
    container.remove();
}

#[wasm_bindgen_test]
async fn html_in_articles_renders_as_text() {
    let container = mount_reader("/?");
    assert!(wait_for_text(&container, "Title with tags").await);
    assert!(container.query_selector("script").unwrap().is_none(), "no script element may be created");
    assert!(container.query_selector("img").unwrap().is_none(), "no img element may be created");
    assert!(container.text_content().unwrap().contains("<script>window.__pwned = 1</script>Title with tags"));
    tick().await;
    let pwned = js_sys::Reflect::get(&window(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
    container.remove();
}

#[wasm_bindgen_test]
async fn article_view_highlights_entities_from_text_nodes() {
    let container = mount_reader("/?article=hyesan-1");
    assert!(wait_for_text(&container, "Read the original").await, "{}", container.text_content().unwrap_or_default());
    let h1 = container.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "Hyesan guards tighten watch on the Yalu");
    let hyesan = container.query_selector("button.ent-place[data-entity='hyesan']").unwrap().expect("Hyesan is highlighted as a place");
    assert_eq!(hyesan.text_content().unwrap(), "Hyesan");
    assert!(hyesan.get_attribute("title").unwrap().contains("Ryanggang"));
    assert!(container.query_selector("button.ent-province").unwrap().is_some());
    // The sub-heading stays a heading.
    assert!(container.query_selector(".article-body h2").unwrap().is_some());
    // Clicking an entity opens the panel of other reports.
    hyesan.unchecked_ref::<web_sys::HtmlElement>().click();
    assert!(wait_for_text(&container, "No other report in this corpus names it.").await);
    container.remove();
}

#[wasm_bindgen_test]
async fn unsafe_links_are_dropped_and_originals_open_safely() {
    let container = mount_reader("/?article=xss");
    assert!(wait_for_text(&container, "Back to results").await);
    assert!(wait_for_text(&container, "Title with tags").await);
    assert!(container.query_selector("a[href^='javascript']").unwrap().is_none());
    container.remove();
    let container = mount_reader("/?article=hyesan-1");
    assert!(wait_for_text(&container, "Read the original").await);
    let link = container.query_selector("a.original-link").unwrap().unwrap();
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    container.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_article_id_explains_itself() {
    let container = mount_reader("/?article=nope");
    assert!(wait_for_text(&container, "No article with the id “nope”").await);
    container.remove();
}

#[wasm_bindgen_test]
async fn a_missing_corpus_is_explained_in_plain_words() {
    // The test runner serves neither corpus/manifest.json nor corpus.json: the real
    // loading path (fetch, then the plain-corpus fallback) must end in the error view.
    let container = mount("/?", |engine, _| engine.handle(Request::Open { base: "corpus/".into(), added: vec![], first: None }));
    assert!(wait_for_text(&container, "The corpus is missing").await, "{}", container.text_content().unwrap_or_default());
    assert!(container.text_content().unwrap().contains("404"));
    container.remove();
}

#[wasm_bindgen_test]
async fn a_link_with_lang_ko_opens_the_reader_in_korean() {
    let container = mount_reader("/?lang=ko");
    assert!(wait_for_text(&container, "기사 2건").await, "{}", container.text_content().unwrap_or_default());
    let text = container.text_content().unwrap();
    assert!(text.contains("기사 모음 점검: 기사 1건 거부"), "{text}");
    assert!(!text.contains("Corpus report"), "{text}");
    assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some("ko"));
    // Links made in Korean stay in Korean.
    let link = container.query_selector("a[href*='article=hyesan-1']").unwrap().expect("a link to the article");
    assert!(link.get_attribute("href").unwrap().ends_with("&lang=ko"), "{:?}", link.get_attribute("href"));
    let input = container.query_selector("#search-input").unwrap().unwrap();
    assert!(input.get_attribute("placeholder").unwrap().starts_with("검색"));
    container.remove();
    // An article: its words and its highlighted names' titles.
    let container = mount_reader("/?article=hyesan-1&lang=ko");
    assert!(wait_for_text(&container, "원문 보기").await, "{}", container.text_content().unwrap_or_default());
    let hyesan = container.query_selector("button.ent-place[data-entity='hyesan']").unwrap().expect("Hyesan is highlighted");
    assert_eq!(hyesan.text_content().unwrap(), "Hyesan", "the article's own text is never translated");
    assert_eq!(hyesan.get_attribute("title").as_deref(), Some("혜산시 — 량강도 시"));
    assert!(container.text_content().unwrap().contains("2024년 5월 2일"));
    container.remove();
}
