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

/// Mounts the reader at `url` with an engine in the page; `open` gives it its library.
fn mount(url: &str, open: impl FnOnce(&Rc<Engine>, Client) + 'static) -> web_sys::HtmlElement {
    window().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)).unwrap();
    let container = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), move || {
        let client = Client::new();
        provide_context(client);
        let engine = Engine::new(move |r: &Response| client.receive(r.clone()));
        client.connect(Rc::new(InPage(engine.clone())));
        open(&engine, client);
        view! { <Router><ReaderPage/></Router> }
    });
    handle.forget();
    container
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
