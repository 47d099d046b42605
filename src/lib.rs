//! The Tumen web app: Leptos 0.8, client-side rendered, built by Trunk.
//!
//! Two programs share this crate. The page (`main.rs`) renders: `client` keeps
//! the state the worker sends, `url_state` keeps the view in the URL, `pages`
//! lay out screens from `components`, which only render `view_model` data.
//! The worker (`worker_main.rs`, module `worker`) opens the compiled bundle,
//! fetches what each request needs, searches and builds the view models; they
//! talk in `protocol` messages. Every word on screen comes from the `i18n`
//! catalogues (English, Korean). `storage`, `timing` and `offline` are the
//! page's small services.

pub mod client;
pub mod components;
pub mod download;
pub mod i18n;
pub mod offline;
pub mod pages;
pub mod protocol;
pub mod storage;
pub mod timing;
pub mod url_state;
pub mod view_model;
pub mod worker;

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::client::{expose_bench, Client, LoadState, WorkerTransport};
use crate::pages::reader::ReaderPage;
use crate::protocol::LoadError;

/// The bundle folder, relative to the page (any sub-path works).
pub const BUNDLE_BASE: &str = "corpus/";

/// Browser entry point of the page.
pub fn start() {
    console_error_panic_hook::set_once();
    install_panic_notice();
    mount_to_body(App);
}

/// The build id `cargo xtask build` stamps into the page (`<meta name="tumen-build">`).
fn build_id() -> Option<String> {
    let meta = document().query_selector("meta[name=\"tumen-build\"]").ok().flatten()?;
    meta.get_attribute("content").filter(|c| !c.is_empty())
}

/// The root component: starts the worker, opens the corpus, and lays out the
/// reader inside the router (for URL state).
#[component]
pub fn App() -> impl IntoView {
    let client = Client::new();
    provide_context(client);
    match WorkerTransport::start(client, build_id().as_deref()) {
        Ok((transport, opening)) => {
            client.connect(transport);
            // support.js usually started the worker and asked it to open the corpus already.
            if !opening {
                client.open(BUNDLE_BASE, storage::remembered_files());
            }
        }
        Err(message) => client.load.set(LoadState::Failed(LoadError::Corrupt { file: "worker-boot.js".into(), message }, Vec::new())),
    }
    expose_bench(client);
    offline::register_service_worker();
    // A reader who keeps everything offline gets an update's new files too.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let ready = client.load.with(|l| *l == LoadState::Ready);
        if ready && storage::keep_offline() {
            client.keep_offline(true);
        }
        ready
    });
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
            let note = (i18n::current().strings().crash)(&info.to_string());
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
