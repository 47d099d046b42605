//! The page's side of the worker: starts it, sends it requests, and turns its
//! answers into the signals components read. Answers to a question the page
//! no longer asks (an older query, another article) are dropped.
//!
//! The transport is a trait so the browser tests can run the worker's engine
//! in the page; the app uses a real Web Worker.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::bundle::library::Summary;
use tumen_core::index::Query;
use tumen_core::Problem;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use tumen_core::desk::{MarkChange, Marks};

use crate::protocol::{AddedFile, DeskState, ExportFormat, ImportProgress, ImportReport, LoadError, OfflineStatus, Request, Response, Stage, StoreTrouble, Trouble};
use crate::view_model::{ArticleView, EntityOthers, ResultsView};

/// Where requests go.
pub trait Transport {
    fn send(&self, request: &Request);
    /// A request with the reader's files beside it (`File` objects, read by the worker).
    fn send_files(&self, request: &Request, files: &js_sys::Array) {
        let _ = files;
        self.send(request);
    }
}

/// What became of the last backup restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreOutcome {
    Restored { collections: usize, marks: usize, searches: usize },
    /// What is wrong with the file.
    Refused(tumen_core::desk::BackupError),
}

/// Where loading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading(Stage),
    Ready,
    Failed(LoadError, Vec<Problem>),
}

/// The open article.
#[derive(Clone, Debug, PartialEq)]
pub enum ArticleState {
    None,
    Loading(String),
    Ready(Arc<ArticleView>),
    NotFound(String),
    /// The article asked for, and why it cannot be shown.
    Failed(String, Trouble),
}

struct Inner {
    transport: Option<Rc<dyn Transport>>,
    next_id: Cell<u64>,
    latest_query: Cell<u64>,
    latest_article: Cell<u64>,
    latest_entity: Cell<u64>,
    latest_added: Cell<u64>,
    /// A list already on its way that the reader's effect is about to ask for: the one the
    /// worker answers unasked when it opens (query id 0, [`Client::expect_first`]) or one a
    /// navigation or a keystroke sent ahead ([`Client::query_ahead`]). The next query takes
    /// it, and is not sent if it asks for the same list.
    on_its_way: RefCell<Option<(Query, usize)>>,
    /// Benchmark promises waiting for a `Count` answer.
    counts: RefCell<HashMap<u64, js_sys::Function>>,
    /// Mark changes shown before the worker stored them: the article and its marks before.
    pending_marks: RefCell<HashMap<u64, (String, Marks)>>,
}

/// The reactive state fed by the worker. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Client {
    pub load: RwSignal<LoadState>,
    /// Why the published corpus is not shown, when the reader shows only the articles
    /// added in this browser.
    pub corpus_trouble: RwSignal<Option<LoadError>>,
    pub summary: RwSignal<Summary>,
    pub results: RwSignal<Option<Arc<ResultsView>>>,
    /// Why the last query could not be answered.
    pub results_error: RwSignal<Option<Trouble>>,
    pub article: RwSignal<ArticleState>,
    pub entity: RwSignal<Option<EntityOthers>>,
    pub offline: RwSignal<OfflineStatus>,
    /// Reading added files.
    pub adding: RwSignal<bool>,
    /// A file the reader needs was replaced on the server: a reload is due.
    pub outdated: RwSignal<bool>,
    /// The reader's collections, saved searches, and whether the archive works.
    pub desk: RwSignal<DeskState>,
    /// Every article's marks, by article id; `None` until the worker first sends the desk:
    /// until then an article's marks and note are unknown, not empty.
    pub marks: RwSignal<Option<Arc<HashMap<String, Marks>>>>,
    /// Where the import under way stands.
    pub importing: RwSignal<Option<ImportProgress>>,
    /// What the last import did.
    pub imported: RwSignal<Option<ImportReport>>,
    /// Mark changes sent and not yet stored.
    pub marks_pending: RwSignal<usize>,
    /// The last change to the desk that could not be stored.
    pub not_stored: RwSignal<Option<StoreTrouble>>,
    /// Preparing a download (an export or a backup).
    pub exporting: RwSignal<bool>,
    /// The last download: (file name, articles or records in it).
    pub exported: RwSignal<Option<(String, usize)>>,
    pub restored: RwSignal<Option<RestoreOutcome>>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl Client {
    /// A client with no transport yet (see [`Client::connect`]).
    pub fn new() -> Client {
        Client {
            load: RwSignal::new(LoadState::Loading(Stage::Starting)),
            corpus_trouble: RwSignal::new(None),
            summary: RwSignal::new(Summary::default()),
            results: RwSignal::new(None),
            results_error: RwSignal::new(None),
            article: RwSignal::new(ArticleState::None),
            entity: RwSignal::new(None),
            offline: RwSignal::new(OfflineStatus::default()),
            adding: RwSignal::new(false),
            outdated: RwSignal::new(false),
            desk: RwSignal::new(DeskState::default()),
            marks: RwSignal::new(None),
            importing: RwSignal::new(None),
            imported: RwSignal::new(None),
            not_stored: RwSignal::new(None),
            marks_pending: RwSignal::new(0),
            exporting: RwSignal::new(false),
            exported: RwSignal::new(None),
            restored: RwSignal::new(None),
            inner: StoredValue::new_local(Inner {
                transport: None,
                next_id: Cell::new(1),
                latest_query: Cell::new(0),
                latest_article: Cell::new(0),
                latest_entity: Cell::new(0),
                latest_added: Cell::new(0),
                on_its_way: RefCell::new(None),
                counts: RefCell::new(HashMap::new()),
                pending_marks: RefCell::new(HashMap::new()),
            }),
        }
    }

    pub fn connect(&self, transport: Rc<dyn Transport>) {
        self.inner.update_value(|i| i.transport = Some(transport));
    }

    fn send(&self, request: Request) {
        let transport = self.inner.with_value(|i| i.transport.clone());
        if let Some(t) = transport {
            t.send(&request);
        }
    }

    fn next_id(&self) -> u64 {
        self.inner.with_value(|i| {
            let id = i.next_id.get();
            i.next_id.set(id + 1);
            id
        })
    }

    pub fn open(&self, base: &str, added: Vec<AddedFile>) {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        self.expect_first(&search);
        self.send(Request::Open { base: base.to_string(), added, first: Some(search) });
    }

    /// The worker was opened with `first` (the page's URL search): it will answer that
    /// list as query 0.
    pub fn expect_first(&self, search: &str) {
        let first = crate::url_state::parse_search(search);
        self.inner.with_value(|i| *i.on_its_way.borrow_mut() = Some(first));
    }

    pub fn query(&self, query: Query, page: usize, page_size: usize) {
        let on_its_way = self.inner.with_value(|i| i.on_its_way.borrow_mut().take());
        if on_its_way.is_some_and(|w| w == (query.clone(), page)) && page_size == crate::url_state::PAGE_SIZE {
            return;
        }
        self.send_query(query, page, page_size);
    }

    fn send_query(&self, query: Query, page: usize, page_size: usize) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_query.set(id));
        crate::timing::mark("tumen:query-sent");
        self.send(Request::Query { id, query, page, page_size });
    }

    /// Sends the list the view is about to show, before the view changes: a filter's
    /// navigation or a keystroke first runs the router and every view that follows the URL,
    /// and only then the reader's effect that asks the worker. Sent here, the worker
    /// searches while the page re-renders. The effect, which runs later in the same task,
    /// finds it sent; a timer drops it in case no effect came (it must never stand in for
    /// a later query, after articles were added, say).
    pub fn query_ahead(&self, query: Query, page: usize) {
        let sent = (query.clone(), page);
        self.send_query(query, page, crate::url_state::PAGE_SIZE);
        self.inner.with_value(|i| *i.on_its_way.borrow_mut() = Some(sent.clone()));
        let inner = self.inner;
        let forget = Closure::once_into_js(move || {
            let _ = inner.try_with_value(|i| {
                let mut slot = i.on_its_way.borrow_mut();
                if slot.as_ref() == Some(&sent) {
                    *slot = None;
                }
            });
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(forget.unchecked_ref());
        }
    }

    pub fn open_article(&self, article: String, terms: Vec<String>) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_article.set(id));
        self.article.set(ArticleState::Loading(article.clone()));
        self.send(Request::Article { id, article, terms });
    }

    pub fn close_article(&self) {
        self.inner.with_value(|i| i.latest_article.set(0));
        if self.article.with_untracked(|a| *a != ArticleState::None) {
            self.article.set(ArticleState::None);
        }
    }

    pub fn show_entity(&self, entity: String, exclude: Option<String>) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_entity.set(id));
        self.entity.set(None);
        self.send(Request::Entity { id, entity, exclude });
    }

    fn send_files(&self, request: Request, files: &js_sys::Array) {
        let transport = self.inner.with_value(|i| i.transport.clone());
        if let Some(t) = transport {
            t.send_files(&request, files);
        }
    }

    /// Reads `files` (browser `File`s) into a new collection called `name`.
    pub fn import(&self, files: &js_sys::Array, name: String) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_added.set(id));
        self.adding.set(true);
        self.imported.set(None);
        self.importing.set(Some(ImportProgress::Reading { done: 0, total: files.length() as usize }));
        self.send_files(Request::Import { id, name }, files);
    }

    pub fn update_collection(&self, collection: String, name: Option<String>, enabled: Option<bool>) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_added.set(id));
        self.adding.set(enabled.is_some());
        self.send(Request::UpdateCollection { id, collection, name, enabled });
    }

    /// Deletes collections (every one with `None`).
    pub fn delete_collections(&self, collections: Option<Vec<String>>) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_added.set(id));
        self.adding.set(true);
        self.imported.set(None);
        self.send(Request::DeleteCollections { id, collections });
    }

    /// Changes an article's marks: shown at once, and put back as they were if the
    /// worker cannot store the change (which it then says).
    pub fn mark(&self, article: String, change: MarkChange) {
        let id = self.next_id();
        let before = self.marks_of(&article);
        let mut after = before.clone();
        after.apply(&change, 0);
        self.set_marks(article.clone(), after);
        let pending = self.inner.with_value(|i| {
            let mut p = i.pending_marks.borrow_mut();
            p.insert(id, (article.clone(), before));
            p.len()
        });
        self.marks_pending.set(pending);
        self.send(Request::Mark { id, article, change });
    }

    /// Only over known marks: before the desk arrives there is nothing to change (and the
    /// buttons that would change it are disabled).
    fn set_marks(&self, article: String, marks: Marks) {
        self.marks.update(|all| {
            let Some(all) = all.as_mut().map(Arc::make_mut) else { return };
            if marks.is_empty() {
                all.remove(&article);
            } else {
                all.insert(article, marks);
            }
        });
    }

    pub fn marks_of(&self, article: &str) -> Marks {
        self.marks.with(|m| m.as_ref().and_then(|m| m.get(article)).cloned().unwrap_or_default())
    }

    /// Whether the worker has sent the desk (tracked).
    pub fn desk_known(&self) -> bool {
        self.marks.with(Option::is_some)
    }

    pub fn save_search(&self, name: String, query: String) {
        let id = self.next_id();
        self.send(Request::SaveSearch { id, name, query });
    }

    pub fn delete_search(&self, search: String) {
        let id = self.next_id();
        self.send(Request::DeleteSearch { id, search });
    }

    pub fn seen_search(&self, search: String) {
        self.send(Request::SeenSearch { search });
    }

    pub fn export(&self, query: Query, format: ExportFormat) {
        let id = self.next_id();
        self.exporting.set(true);
        self.exported.set(None);
        let permalink_base = web_sys::window()
            .and_then(|w| Some(format!("{}{}", w.location().origin().ok()?, w.location().pathname().ok()?)))
            .unwrap_or_default();
        self.send(Request::Export { id, query, format, permalink_base });
    }

    pub fn backup(&self) {
        let id = self.next_id();
        self.exporting.set(true);
        self.exported.set(None);
        self.send(Request::Backup { id });
    }

    pub fn restore(&self, files: &js_sys::Array) {
        let id = self.next_id();
        self.inner.with_value(|i| i.latest_added.set(id));
        self.restored.set(None);
        self.adding.set(true);
        self.send_files(Request::Restore { id }, files);
    }

    pub fn keep_offline(&self, keep: bool) {
        self.send(Request::KeepOffline { keep });
    }

    /// Tells the worker the first list is on screen.
    pub fn idle(&self) {
        self.send(Request::Idle);
    }

    pub fn offline_status(&self) {
        self.send(Request::OfflineStatus);
    }

    /// A search timed in the worker; `resolve` gets `{total, ms}`.
    pub fn count(&self, text: String, resolve: js_sys::Function) {
        let id = self.next_id();
        self.inner.with_value(|i| i.counts.borrow_mut().insert(id, resolve));
        self.send(Request::Count { id, text });
    }

    /// Applies one answer from the worker.
    pub fn receive(&self, response: Response) {
        let is = |get: fn(&Inner) -> u64, id: u64| self.inner.with_value(|i| get(i) == id);
        match response {
            Response::Progress { stage } => self.load.set(LoadState::Loading(stage)),
            Response::Opened { summary, corpus_trouble } => {
                self.summary.set(summary);
                self.corpus_trouble.set(corpus_trouble);
                crate::timing::mark("tumen:opened");
                // When the first list is already on its way (query 0), the reader appears
                // with it, in one render; else (or if it is late) now.
                let first_coming = self.inner.with_value(|i| i.on_its_way.borrow().is_some() && i.latest_query.get() == 0);
                if first_coming {
                    let client = *self;
                    let late = Closure::once_into_js(move || {
                        if client.load.get_untracked() != LoadState::Ready {
                            client.load.set(LoadState::Ready);
                        }
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), 1500);
                    }
                } else {
                    self.load.set(LoadState::Ready);
                }
            }
            Response::Failed { error, problems } => {
                // The worker will not answer the first list now: once articles are added
                // from the error page, the reader asks for its list itself.
                self.inner.with_value(|i| i.on_its_way.borrow_mut().take());
                self.load.set(LoadState::Failed(error, problems));
            }
            Response::Results { id, view } => {
                if is(|i| i.latest_query.get(), id) {
                    // Only answers that are shown: the benchmark times an interaction to the
                    // end of the task that renders its answer (a stale answer is dropped).
                    crate::timing::mark("tumen:results");
                    self.results_error.set(None);
                    self.results.set(Some(Arc::new(view)));
                    if matches!(self.load.get_untracked(), LoadState::Loading(_)) && self.summary.with_untracked(|s| s.articles > 0) {
                        self.load.set(LoadState::Ready);
                    }
                }
            }
            Response::Article { id, view } => {
                if is(|i| i.latest_article.get(), id) {
                    let wanted = match self.article.get_untracked() {
                        ArticleState::Loading(a) => a,
                        _ => String::new(),
                    };
                    self.article.set(match view {
                        Some(v) => ArticleState::Ready(Arc::new(v)),
                        None => ArticleState::NotFound(wanted),
                    });
                }
            }
            Response::Entity { id, view } => {
                if is(|i| i.latest_entity.get(), id) {
                    self.entity.set(Some(view));
                }
            }
            Response::Importing { id, progress } => {
                if is(|i| i.latest_added.get(), id) {
                    self.importing.set(Some(progress));
                }
            }
            Response::Imported { id, report, summary } => {
                if is(|i| i.latest_added.get(), id) {
                    self.adding.set(false);
                    self.importing.set(None);
                    if report.files > 0 || !report.collection.is_empty() {
                        self.imported.set(Some(report));
                    }
                }
                // Articles added from the error page: the reader opens on them, and keeps
                // saying why the published corpus is not there.
                let shown = summary.articles > 0;
                self.summary.set(summary);
                if shown {
                    if let LoadState::Failed(error, _) = self.load.get_untracked() {
                        self.corpus_trouble.set(Some(error));
                        self.load.set(LoadState::Ready);
                    }
                }
            }
            Response::Desk { desk } => {
                let marks: HashMap<String, Marks> = desk.marks.iter().cloned().collect();
                self.marks.set(Some(Arc::new(marks)));
                self.desk.set(desk);
            }
            Response::Marked { id, article, marks } => {
                self.not_stored.set(None);
                let (newest, left) = self.inner.with_value(|i| {
                    let mut pending = i.pending_marks.borrow_mut();
                    pending.remove(&id);
                    // A later change to the same article is on its way: it decides what shows.
                    (!pending.values().any(|(a, _)| *a == article), pending.len())
                });
                self.marks_pending.set(left);
                if newest {
                    self.set_marks(article, marks);
                }
            }
            Response::NotStored { id, trouble } => {
                let (undo, left) = self.inner.with_value(|i| {
                    let mut pending = i.pending_marks.borrow_mut();
                    (pending.remove(&id), pending.len())
                });
                self.marks_pending.set(left);
                if let Some((article, before)) = undo {
                    self.set_marks(article, before);
                }
                if is(|i| i.latest_added.get(), id) {
                    self.adding.set(false);
                    self.importing.set(None);
                }
                self.not_stored.set(Some(trouble));
            }
            Response::Download { name, mime, text, count, .. } => {
                self.exporting.set(false);
                crate::download::save(&name, &mime, &text);
                self.exported.set(Some((name, count)));
            }
            Response::Restored { collections, marks, searches, .. } => {
                self.restored.set(Some(RestoreOutcome::Restored { collections, marks, searches }));
            }
            Response::RestoreFailed { id, error } => {
                if is(|i| i.latest_added.get(), id) {
                    self.adding.set(false);
                }
                self.restored.set(Some(RestoreOutcome::Refused(error)));
            }
            Response::Migrated => crate::storage::forget_files(),
            Response::Offline { status } => self.offline.set(status),
            Response::Count { id, total, ms } => {
                let resolve = self.inner.with_value(|i| i.counts.borrow_mut().remove(&id));
                if let Some(f) = resolve {
                    let result = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&result, &"total".into(), &(total as f64).into());
                    let _ = js_sys::Reflect::set(&result, &"ms".into(), &ms.into());
                    let _ = f.call1(&JsValue::NULL, &result);
                }
            }
            Response::Error { id, message, trouble } => {
                let trouble = trouble.unwrap_or(Trouble::Other { message });
                if id == 0 {
                    // Before anything is on screen: worded once, in the language of the moment.
                    let message = (crate::i18n::current().strings().trouble)(&trouble);
                    self.load.set(LoadState::Failed(LoadError::Corrupt { file: "(worker)".into(), message }, Vec::new()));
                } else if is(|i| i.latest_query.get(), id) {
                    self.results_error.set(Some(trouble));
                } else if is(|i| i.latest_article.get(), id) {
                    let wanted = match self.article.get_untracked() {
                        ArticleState::Loading(a) => a,
                        _ => String::new(),
                    };
                    self.article.set(ArticleState::Failed(wanted, trouble));
                } else if is(|i| i.latest_added.get(), id) {
                    self.adding.set(false);
                    self.importing.set(None);
                } else {
                    // An export that could not be prepared.
                    self.exporting.set(false);
                }
            }
            Response::Outdated => self.outdated.set(true),
        }
    }
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// The real transport: a Web Worker running `tumen-worker`.
pub struct WorkerTransport {
    worker: web_sys::Worker,
}

impl Transport for WorkerTransport {
    fn send(&self, request: &Request) {
        let _ = self.worker.post_message(&JsValue::from_str(&request.to_json()));
    }

    fn send_files(&self, request: &Request, files: &js_sys::Array) {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"json".into(), &JsValue::from_str(&request.to_json()));
        let _ = js_sys::Reflect::set(&message, &"files".into(), files);
        let _ = self.worker.post_message(&message);
    }
}

impl WorkerTransport {
    /// Adopts the worker `support.js` started before the page's wasm arrived
    /// (it has already asked it to open the corpus), or starts one
    /// (`worker-boot.js`, which loads the worker's wasm). Routes its answers to
    /// `client`; returns whether the corpus is already being opened. `build`
    /// keeps caches of one build apart.
    pub fn start(client: Client, build: Option<&str>) -> Result<(Rc<WorkerTransport>, bool), String> {
        let started = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"__tumenWorker".into()).ok()).filter(|v| v.is_object());
        let (worker, early) = match started {
            Some(s) => {
                let worker: web_sys::Worker = js_sys::Reflect::get(&s, &"worker".into()).map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|e| format!("{e:?}"))?;
                let early = js_sys::Reflect::get(&s, &"early".into()).ok().map(|v| js_sys::Array::from(&v));
                if let Some(w) = web_sys::window() {
                    let _ = js_sys::Reflect::delete_property(&w, &"__tumenWorker".into());
                }
                (worker, early)
            }
            None => {
                let url = match build {
                    Some(b) if !b.is_empty() => format!("worker-boot.js?v={}", String::from(js_sys::encode_uri_component(b))),
                    _ => "worker-boot.js".to_string(),
                };
                (web_sys::Worker::new(&url).map_err(|e| format!("{e:?}"))?, None)
            }
        };
        let adopted = early.is_some();
        if adopted {
            // support.js opened the corpus with the URL the page was loaded with.
            let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
            client.expect_first(&search);
        }
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(text) = event.data().as_string() else { return };
            match serde_json::from_str::<Response>(&text) {
                Ok(response) => client.receive(response),
                Err(e) => leptos::logging::warn!("Tumen: an answer from the worker it cannot read ({e})"),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            let message = (crate::i18n::current().strings().worker_could_not_start)(&event.message());
            client.receive(Response::Failed { error: LoadError::Corrupt { file: "worker-boot.js".into(), message }, problems: Vec::new() });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        // Answers that arrived before the page was listening, in order.
        for message in early.iter().flat_map(|a| a.iter()) {
            if let Some(response) = message.as_string().and_then(|t: String| serde_json::from_str::<Response>(&t).ok()) {
                client.receive(response);
            }
        }
        Ok((Rc::new(WorkerTransport { worker }), adopted))
    }
}

/// Benchmark hooks on `window.__tumenBench`: `count(text)` resolves to
/// `{total, ms}`, a search timed inside the worker.
pub fn expose_bench(client: Client) {
    let Some(window) = web_sys::window() else { return };
    let bench = js_sys::Object::new();
    let count = Closure::<dyn Fn(String) -> js_sys::Promise>::new(move |text: String| {
        js_sys::Promise::new(&mut |resolve, _reject| client.count(text.clone(), resolve))
    });
    let _ = js_sys::Reflect::set(&bench, &"count".into(), count.as_ref());
    count.forget();
    let _ = js_sys::Reflect::set(&window, &"__tumenBench".into(), &bench);
}
