//! The Tumen web app: Leptos 0.8, client-side rendered, built by Trunk.
//!
//! `state` loads the corpus and owns the derived library; `url_state` keeps the
//! view in the URL; `pages` lay out screens from `components`, which only render.

pub mod components;
pub mod offline;
pub mod pages;
pub mod state;
pub mod url_state;

use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::prelude::*;

use crate::pages::reader::ReaderPage;
use crate::state::{load_bundled, LoadState};

/// Browser entry point.
pub fn start() {
    console_error_panic_hook::set_once();
    install_panic_notice();
    mount_to_body(App);
}

/// The root component: the router (for URL state) around the reader.
#[component]
pub fn App() -> impl IntoView {
    let load_state = RwSignal::new(LoadState::Loading("Starting…"));
    provide_context(load_state);
    leptos::task::spawn_local(load_bundled(load_state));
    offline::register_service_worker();
    view! {
        <Router>
            <ReaderPage/>
        </Router>
    }
}

/// After the standard hook logs a panic, replace the page with a visible
/// message instead of leaving a frozen screen.
fn install_panic_notice() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            // Plain text only: the message may contain article text.
            let note = format!(
                "Something went wrong inside the reader and it had to stop. Reloading the page usually helps. Details: {info}"
            );
            let _ = body.set_attribute("data-crashed", "true");
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(section) = document.create_element("div") {
                    let _ = section.set_attribute("role", "alert");
                    let _ = section.set_attribute("class", "crash");
                    section.set_text_content(Some(&note));
                    let _ = body.prepend_with_node_1(&section);
                }
            }
        }
    }));
}

/// Bytes of wasm linear memory in use (read by `cargo xtask bench`).
#[wasm_bindgen]
pub fn tumen_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map(|b| b.byte_length() as f64).unwrap_or(0.0))
        .unwrap_or(0.0)
}

/// Runs one search (query parsing, ranking, facets) on the loaded library with
/// no rendering, returning the number of matches; -1 before loading. For the benchmark.
#[wasm_bindgen]
pub fn tumen_search_count(text: &str) -> i32 {
    let query = tumen_core::index::Query { text: text.to_string(), ..Default::default() };
    state::with_current(|library| library.run(&query).total as i32).unwrap_or(-1)
}
