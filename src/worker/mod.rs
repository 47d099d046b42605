//! The worker: everything that takes time happens here, off the page's main
//! thread. It opens the library (the compiled bundle, or a plain corpus file),
//! fetches the files each request needs, answers queries with one page of
//! cards, builds article views, reads the reader's own files, and keeps the
//! bundle offline on request. The page only sends [`Request`]s and renders
//! the [`Response`]s.
//!
//! [`Engine`] is plain Rust over a `post` callback, so the browser tests run
//! it in the page; [`start`] wires it to a Web Worker's messages.

mod archive;
mod desk;
pub mod fetch;
mod offline;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::future::{join_all, LocalBoxFuture};
use tumen_core::bundle::library::{Encoding, Library, Need};
use tumen_core::bundle::{BundleError, FileKind, Manifest, MANIFEST};
use tumen_core::index::{Query, Sort};
use tumen_core::{CorpusError, Problem};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::protocol::{AddedFile, LoadError, Request, Response, Stage, Trouble};
use crate::view_model::{article_view, card_view, entity_info, near_on_page, page_of, results_view, EntityOthers};
use fetch::{FetchError, Fetcher};

/// Loaded postings, positions, ledes and text files kept in memory at most;
/// beyond it the least recently used are dropped (and fetched again, from
/// the data cache, when needed).
const FILE_BUDGET_BYTES: u64 = 40 * 1024 * 1024;

/// Work on the reader's collections is stored this long after it was done, when the list
/// it held up has been drawn.
const KEEP_WORK_DELAY_MS: i32 = 1_500;

/// The stamp of kept work (`tumen_core::bundle::work::stamp`), worked out once.
fn work_stamp() -> &'static str {
    static STAMP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STAMP.get_or_init(tumen_core::bundle::work::stamp)
}

/// Whether a cache of `bytes` leaves the reader's own files room: kept work is written only
/// while the origin's storage stays under half its quota (`navigator.storage.estimate`),
/// never taking the space a later import or note needs. Unknown (no estimate): kept.
async fn room_to_keep(bytes: usize) -> bool {
    let get = |v: &JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).ok().filter(|v| !v.is_undefined());
    let Some(storage) = get(&js_sys::global(), "navigator").and_then(|n| get(&n, "storage")) else { return true };
    let Some(estimate) = get(&storage, "estimate").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return true };
    let Some(promise) = estimate.call0(&storage).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else { return true };
    let Ok(found) = wasm_bindgen_futures::JsFuture::from(promise).await else { return true };
    match (get(&found, "usage").and_then(|u| u.as_f64()), get(&found, "quota").and_then(|q| q.as_f64())) {
        (Some(usage), Some(quota)) => usage + bytes as f64 <= quota / 2.0,
        _ => true,
    }
}

/// The cards' first lines wait this long after a list is answered, in case the reader types on.
const LEDES_DELAY_MS: i32 = 150;
/// Cards whose first lines are fetched before the rest of the page's.
const LEDES_FIRST: usize = 12;

/// A reader's archive up to this size is read into the library before the first list.
const ARCHIVE_BEFORE_FIRST_LIST_BYTES: u64 = 2 * 1024 * 1024;

/// Files downloaded at once in the background.
const BACKGROUND_PARALLEL: usize = 4;

/// Why a request could not be answered.
enum Fail {
    Fetch(FetchError),
    Bundle(BundleError),
    NotOpen,
}

impl Fail {
    fn response(&self, id: u64) -> Response {
        let trouble = match self {
            // A hashed file gone from the server: a new build replaced it.
            Fail::Fetch(FetchError::NotFound { .. }) => return Response::Outdated,
            Fail::Fetch(FetchError::Network { .. }) => Trouble::NotSaved,
            Fail::Fetch(e) => Trouble::Fetch(e.clone()),
            Fail::Bundle(e) => {
                let (file, message) = damaged_file(e);
                Trouble::Bundle { file, message }
            }
            Fail::NotOpen => Trouble::NotOpen,
        };
        error(id, trouble)
    }
}

/// An error answer: what happened, and the same in English words for logs.
fn error(id: u64, trouble: Trouble) -> Response {
    Response::Error { id, message: crate::i18n::en::trouble(&trouble), trouble: Some(trouble) }
}

struct State {
    library: Option<Library>,
    fetcher: Fetcher,
    /// The newest query asked: older ones still running are not answered.
    latest_query: u64,
    /// The reader's desk: collections, their files, marks, saved searches.
    desk: desk::Desk,
    /// Loaded evictable files, oldest first, with their sizes.
    loaded: VecDeque<(Need, u64)>,
    loaded_bytes: u64,
    offline: offline::Offline,
    /// The background downloads start once the first list or article is answered.
    background_started: bool,
    /// The reader's archive is still to join the library (a large one joins after the first list).
    added_pending: bool,
}

/// The worker's state and its answers to requests.
pub struct Engine {
    post: Box<dyn Fn(&Response)>,
    state: RefCell<State>,
}

impl Engine {
    pub fn new(post: impl Fn(&Response) + 'static) -> Rc<Engine> {
        Rc::new(Engine {
            post: Box::new(post),
            state: RefCell::new(State {
                library: None,
                fetcher: Fetcher::new(""),
                latest_query: 0,
                desk: desk::Desk::default(),
                loaded: VecDeque::new(),
                loaded_bytes: 0,
                offline: offline::Offline::default(),
                background_started: false,
                added_pending: false,
            }),
        })
    }

    fn post(&self, response: Response) {
        (self.post)(&response);
    }

    /// Opens a library built elsewhere (the browser tests' in-memory corpora).
    pub fn open_library(&self, library: Library) {
        let summary = library.summary();
        self.state.borrow_mut().library = Some(library);
        self.post(Response::Opened { summary, corpus_trouble: None });
    }

    /// Handles one request (asynchronously: it may fetch files first).
    pub fn handle(self: &Rc<Self>, request: Request) {
        self.handle_with_files(request, Vec::new());
    }

    /// Handles a request that came with files (an import, a backup to restore).
    pub fn handle_with_files(self: &Rc<Self>, request: Request, files: Vec<web_sys::File>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(this.dispatch(request, files));
    }

    /// Each request's work as a future of its own. One `async` match over every request
    /// was one 84 kB function, which the browser compiled whole before the first request
    /// (about 20 ms of the first list); boxed, each kind is compiled when first used.
    fn dispatch(self: Rc<Self>, request: Request, files: Vec<web_sys::File>) -> LocalBoxFuture<'static, ()> {
        match request {
            Request::Open { base, added, first } => Box::pin(async move { self.open(base, added, first).await }),
            Request::Query { id, query, page, page_size } => Box::pin(async move { self.query(id, query, page, page_size).await }),
            Request::Article { id, article, terms } => Box::pin(async move { self.article(id, &article, &terms).await }),
            Request::Entity { id, entity, exclude } => Box::pin(async move { self.entity(id, entity, exclude).await }),
            Request::Import { id, name } => Box::pin(async move { self.import(id, name, files).await }),
            Request::UpdateCollection { id, collection, name, enabled } => Box::pin(async move { self.update_collection(id, collection, name, enabled).await }),
            Request::DeleteCollections { id, collections } => Box::pin(async move { self.delete_collections(id, collections).await }),
            Request::Mark { id, article, change } => Box::pin(async move { self.mark(id, article, change).await }),
            Request::SaveSearch { id, name, query } => Box::pin(async move { self.save_search(id, name, query).await }),
            Request::DeleteSearch { id, search } => Box::pin(async move { self.delete_search(id, search).await }),
            Request::SeenSearch { search } => Box::pin(async move { self.seen_search(search).await }),
            Request::Export { id, query, format, permalink_base } => Box::pin(async move { self.export(id, query, format, permalink_base).await }),
            Request::Backup { id } => Box::pin(async move { self.backup(id).await }),
            Request::Restore { id } => Box::pin(async move { self.restore(id, files).await }),
            Request::KeepOffline { keep } => Box::pin(async move { offline::keep(&self, keep).await }),
            Request::OfflineStatus => Box::pin(async move { offline::report(&self).await }),
            Request::Count { id, text } => Box::pin(async move { self.count(id, text).await }),
            Request::Idle => Box::pin(async move { self.start_background() }),
        }
    }

    /// Fetches `needs` and gives them to the library; keeps memory within budget.
    async fn load(&self, needs: Vec<Need>) -> Result<(), Fail> {
        if needs.is_empty() {
            return Ok(());
        }
        let (jobs, fetcher) = {
            let s = self.state.borrow();
            let lib = s.library.as_ref().ok_or(Fail::NotOpen)?;
            let jobs: Vec<(Need, String)> = needs.into_iter().filter_map(|n| lib.path(n).map(|p| (n, p))).collect();
            (jobs, s.fetcher.clone())
        };
        let downloads = join_all(jobs.iter().map(|(need, p)| fetch_for_library(&fetcher, need.kind, p))).await;
        let mut s = self.state.borrow_mut();
        for ((need, _), result) in jobs.into_iter().zip(downloads) {
            let (bytes, encoding) = result.map_err(Fail::Fetch)?;
            let lib = s.library.as_mut().ok_or(Fail::NotOpen)?;
            lib.insert_with(need, &bytes, encoding).map_err(Fail::Bundle)?;
            if matches!(need.kind, FileKind::Postings | FileKind::Positions | FileKind::Ledes | FileKind::Text) {
                s.loaded.push_back((need, bytes.len() as u64));
                s.loaded_bytes += bytes.len() as u64;
            }
        }
        // Drop the oldest until within budget (never what this call just loaded:
        // its caller uses it before anything else can run).
        let keep_last = s.loaded.len().min(64);
        while s.loaded_bytes > FILE_BUDGET_BYTES && s.loaded.len() > keep_last {
            if let Some((need, size)) = s.loaded.pop_front() {
                s.loaded_bytes -= size;
                if let Some(lib) = s.library.as_mut() {
                    lib.evict(need);
                }
            }
        }
        Ok(())
    }

    async fn open(self: Rc<Self>, base: String, added: Vec<AddedFile>, first: Option<String>) {
        mark("worker:open");
        self.post(Response::Progress { stage: Stage::Manifest });
        let fetcher = Fetcher::new(&base);
        self.state.borrow_mut().fetcher = fetcher.clone();
        // The reader's archive is read while the corpus downloads.
        let (library, stored) = futures::join!(self.open_bundle(&fetcher), desk::Stored::read());
        // A corpus that cannot be shown does not lock the reader out of its own archive:
        // the library starts empty, the archive joins it, and the page says what is wrong.
        let (library, corpus_trouble) = match library {
            Ok(l) if !l.is_empty() => (l, None),
            Ok(l) => {
                let summary = l.summary();
                (l, Some((LoadError::Empty { rejected: summary.rejected }, summary.problems)))
            }
            Err(Response::Failed { error, problems }) => (Library::from_articles(Vec::new(), Vec::new()), Some((error, problems))),
            Err(response) => return self.post(response),
        };
        self.state.borrow_mut().library = Some(library);
        self.state.borrow_mut().desk.adopt(stored);
        // Files an earlier version kept in localStorage move into the archive, once.
        if !added.is_empty() {
            self.migrate(added).await;
        }
        // A small archive joins the library before the first list; a large one (tagging it
        // takes seconds) right after, so the corpus is on screen at once. Without a corpus
        // the archive is all there is to show: it joins first, whatever its size.
        let archive_bytes = self.state.borrow().desk.enabled_bytes();
        let later = archive_bytes > ARCHIVE_BEFORE_FIRST_LIST_BYTES && corpus_trouble.is_none();
        if archive_bytes > 0 && !later {
            self.apply_added();
        }
        self.state.borrow_mut().added_pending = later;
        let summary = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
        if let Some((error, problems)) = corpus_trouble.clone().filter(|_| summary.articles == 0) {
            // Nothing to show; the library stays open (empty) so that articles added from
            // the error page are read, stored and shown.
            self.post(Response::Failed { error, problems });
            self.post_desk(false).await;
            return;
        }
        mark("worker:opened");
        self.post(Response::Opened { summary, corpus_trouble: corpus_trouble.map(|(error, _)| error) });
        // The list the page's URL asks for, before the page asks (it may still be starting).
        if let Some(search) = first {
            let (query, page) = crate::url_state::parse_search(&search);
            self.query(0, query, page, crate::url_state::PAGE_SIZE).await;
        }
        if later {
            self.apply_archive_late().await;
        }
        // The desk without its saved searches' counts (they may need index files the first list did not).
        self.post_desk(false).await;
        // The first list goes first: the background starts when the page says it is drawn
        // (Request::Idle), or after a while anyway.
        sleep_ms(4_000).await;
        self.start_background();
    }

    /// The bundle in `fetcher`'s folder, or a plain corpus file beside the page; the
    /// answer to post when neither opens.
    async fn open_bundle(&self, fetcher: &Fetcher) -> Result<Library, Response> {
        let fetcher = fetcher.clone();
        let library = match fetcher.fresh(MANIFEST).await {
            Ok(bytes) => match Manifest::parse(&fetcher.url(MANIFEST), &bytes) {
                Ok(manifest) => {
                    mark("worker:manifest");
                    self.post(Response::Progress { stage: Stage::Table });
                    let needs = Library::opening_needs(&manifest);
                    let paths: Vec<String> = needs.iter().filter_map(|n| manifest.segments.get(n.segment)?.path(n.kind, n.number)).collect();
                    // The first list's titles and ledes come with the tables, not after them.
                    let first_list = Library::first_list_needs(&manifest);
                    let first_paths: Vec<String> = first_list.iter().filter_map(|n| manifest.segments.get(n.segment)?.path(n.kind, n.number)).collect();
                    let (docs, first_files) = futures::join!(
                        join_all(paths.iter().map(|p| fetch_for_library(&fetcher, FileKind::Docs, p))),
                        join_all(first_paths.iter().map(|p| fetcher.immutable(p)))
                    );
                    let mut bytes = Vec::new();
                    let mut encoding = Encoding::Inflated;
                    for d in docs {
                        match d {
                            Ok((b, e)) => {
                                if e == Encoding::Stored {
                                    encoding = Encoding::Stored;
                                }
                                bytes.push(b);
                            }
                            Err(e) => return Err(Response::Failed { error: fetch_error(&e), problems: Vec::new() }),
                        }
                    }
                    // All or none inflated natively (the same browser): re-deflating is never needed.
                    mark("worker:docs");
                    match Library::open_with(manifest, bytes, encoding) {
                        Ok(mut lib) => {
                            for (need, file) in first_list.into_iter().zip(first_files) {
                                // A file that failed is simply fetched again when needed.
                                if let Ok(bytes) = file {
                                    let _ = lib.insert(need, &bytes);
                                }
                            }
                            lib
                        }
                        Err(e) => return Err(Response::Failed { error: bundle_error(e), problems: Vec::new() }),
                    }
                }
                Err(e) => return Err(Response::Failed { error: bundle_error(e), problems: Vec::new() }),
            },
            // No bundle here: a plain corpus file beside the page still works.
            Err(FetchError::NotFound { url }) => match self.open_plain(&url).await {
                Ok(lib) => lib,
                Err((error, problems)) => return Err(Response::Failed { error, problems }),
            },
            Err(e) => return Err(Response::Failed { error: fetch_error(&e), problems: Vec::new() }),
        };
        Ok(library)
    }

    /// Starts the background downloads (once).
    fn start_background(self: &Rc<Self>) {
        let start = {
            let mut s = self.state.borrow_mut();
            let start = !s.background_started && s.library.is_some();
            s.background_started |= start;
            start
        };
        if start {
            let this = self.clone();
            wasm_bindgen_futures::spawn_local(async move { this.background().await });
        }
    }

    /// A plain `corpus.json` beside the page: read, tagged and indexed here.
    async fn open_plain(&self, manifest_url: &str) -> Result<Library, (LoadError, Vec<Problem>)> {
        const PLAIN: &str = "corpus.json";
        let page = Fetcher::new("");
        let bytes = match page.fresh(PLAIN).await {
            Ok(b) => b,
            Err(FetchError::NotFound { .. }) => return Err((LoadError::Missing { url: manifest_url.to_string() }, Vec::new())),
            Err(e) => return Err((fetch_error(&e), Vec::new())),
        };
        self.post(Response::Progress { stage: Stage::Reading });
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let message = format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to());
                return Err((LoadError::Corrupt { file: PLAIN.into(), message }, Vec::new()));
            }
        };
        let loaded = match tumen_core::parse_corpus(PLAIN, text.strip_prefix('\u{feff}').unwrap_or(&text)) {
            Ok(l) => l,
            Err(CorpusError::InvalidJson { file, line, column, message }) => return Err((LoadError::InvalidJson { file, line, column, message }, Vec::new())),
            Err(CorpusError::UnsupportedVersion { found, expected, .. }) => {
                return Err((LoadError::Version { found: found.parse().unwrap_or(0), supported: expected }, Vec::new()))
            }
            Err(CorpusError::NotACorpus { file } | CorpusError::ArticlesNotAList { file }) => return Err((LoadError::NotACorpus { file }, Vec::new())),
            Err(CorpusError::EmptyFile { .. }) => return Err((LoadError::Empty { rejected: 0 }, Vec::new())),
            Err(e) => return Err((LoadError::Corrupt { file: PLAIN.into(), message: e.to_string() }, Vec::new())),
        };
        drop(text);
        if loaded.articles.is_empty() {
            let rejected = tumen_core::bundle::write::rejected_articles(&loaded.problems);
            return Err((LoadError::Empty { rejected }, loaded.problems));
        }
        self.post(Response::Progress { stage: Stage::Tagging });
        Ok(Library::from_articles(loaded.articles, loaded.problems))
    }

    /// After the first list: dictionaries (for searching), then every titles
    /// file (for finding articles by id), newest first; then tidy the cache.
    async fn background(self: &Rc<Self>) {
        // What the first search needs that the list did not.
        if let Some(lib) = self.state.borrow().library.as_ref() {
            lib.index().prepare_search();
        }
        let dicts = self.state.borrow().library.as_ref().map(Library::missing_dictionaries).unwrap_or_default();
        if self.load(dicts).await.is_err() {
            return;
        }
        let mut loaded_titles = false;
        loop {
            let next: Vec<Need> = self.state.borrow().library.as_ref().map(|l| l.missing_titles().into_iter().take(BACKGROUND_PARALLEL).collect()).unwrap_or_default();
            if next.is_empty() || self.load(next).await.is_err() {
                break;
            }
            loaded_titles = true;
        }
        // Now every id is known: added articles the corpus already has are left out.
        let applied = self.state.borrow().desk.has_enabled_files();
        if applied {
            self.apply_added();
        }
        // The list on screen was answered before every id was known: without the counts of
        // the reader's marks ("Saved 1"), and perhaps with added copies of corpus articles.
        // The page runs its query again when told the library changed, as after an import.
        let (complete, pending, marks) = {
            let s = self.state.borrow();
            (s.library.as_ref().is_some_and(|l| l.missing_titles().is_empty()), s.added_pending, s.desk.has_marks())
        };
        if loaded_titles && complete && !pending && (applied || marks) {
            let summary = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
            let report = crate::protocol::ImportReport { collection: String::new(), files: 0, articles: 0, errors: 0, warnings: 0, duplicates: 0, not_kept: None };
            self.post(Response::Imported { id: 0, report, summary });
        }
        self.post_desk(true).await;
        offline::tidy(self).await;
    }

    /// Puts the articles of the reader's enabled collections into the library (replacing
    /// those added before; a collection unchanged since keeps its index segment).
    ///
    /// Work kept from an earlier visit spares tagging the articles it covers; the work of
    /// collections tagged now is kept for the next visit, a little later.
    fn apply_added(self: &Rc<Self>) {
        let reworked = {
            let mut s = self.state.borrow_mut();
            let (groups, problems) = s.desk.enabled_groups();
            let switched_off = s.desk.switched_off();
            let Some(mut lib) = s.library.take() else { return };
            let kept = s.desk.take_kept_work();
            for (key, bytes) in &kept {
                // Work of another build or damaged is refused, and simply redone.
                let _ = lib.keep_work(key, bytes, work_stamp());
            }
            let lib = lib.with_added_groups(groups, problems, &switched_off);
            let reworked = lib.reworked().to_vec();
            s.library = Some(lib);
            reworked
        };
        if !reworked.is_empty() {
            wasm_bindgen_futures::spawn_local(self.clone().keep_work(reworked));
        }
    }

    /// Stores what tagging found in these collections, once the list has been drawn (the
    /// encoding costs a few hundred milliseconds for 10,000 articles). A collection deleted
    /// meanwhile has no work to keep; a refusal (a full disk) only means tagging next time.
    async fn keep_work(self: Rc<Self>, keys: Vec<String>) {
        sleep_ms(KEEP_WORK_DELAY_MS).await;
        for key in keys {
            let (bytes, archive) = {
                let s = self.state.borrow();
                (s.library.as_ref().and_then(|l| l.work_of(&key, work_stamp())), s.desk.archive())
            };
            if let (Some(bytes), Some(archive)) = (bytes, archive) {
                if room_to_keep(bytes.len()).await {
                    let _ = archive.put_work(&key, &bytes).await;
                }
            }
            sleep_ms(0).await;
        }
    }

    /// The reader's archive, after the first list: the page says so while it is read.
    async fn apply_archive_late(self: &Rc<Self>) {
        let articles = self.state.borrow_mut().desk.enabled_article_estimate();
        self.post(Response::Importing { id: 0, progress: crate::protocol::ImportProgress::Indexing { articles } });
        sleep_ms(0).await;
        self.apply_added();
        self.state.borrow_mut().added_pending = false;
        let summary = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
        let report = crate::protocol::ImportReport { collection: String::new(), files: 0, articles: 0, errors: 0, warnings: 0, duplicates: 0, not_kept: None };
        self.post(Response::Imported { id: 0, report, summary });
    }

    /// Loads every titles file: then every article id is known (to leave out added
    /// articles the corpus has, to find marked articles).
    async fn load_all_titles(&self) -> Result<(), Fail> {
        loop {
            let needs = match self.state.borrow().library.as_ref() {
                Some(l) => l.missing_titles(),
                None => return Err(Fail::NotOpen),
            };
            if needs.is_empty() {
                return Ok(());
            }
            self.load(needs).await?;
        }
    }

    /// Loads what `q` needs; false if it was superseded or failed (then answered).
    async fn prepare(&self, id: u64, q: &Query) -> bool {
        loop {
            let needs = match self.state.borrow().library.as_ref() {
                Some(l) => l.missing_for_query(q),
                None => {
                    self.post(Fail::NotOpen.response(id));
                    return false;
                }
            };
            if needs.is_empty() {
                return true;
            }
            if let Err(f) = self.load(needs).await {
                self.post(f.response(id));
                return false;
            }
            if self.state.borrow().latest_query > id {
                return false;
            }
        }
    }

    async fn query(self: &Rc<Self>, id: u64, query: Query, page: usize, page_size: usize) {
        {
            let mut s = self.state.borrow_mut();
            s.latest_query = s.latest_query.max(id);
        }
        mark("worker:query");
        if !self.prepare(id, &query).await {
            return;
        }
        // Marks need every article id (the reader's marks are by id); so do their counts.
        let titles_complete = self.state.borrow().library.as_ref().is_some_and(|l| l.missing_titles().is_empty());
        if !query.marks.is_empty() && !titles_complete {
            if let Err(f) = self.load_all_titles().await {
                return self.post(f.response(id));
            }
            if self.state.borrow().latest_query > id {
                return;
            }
        }
        let counted = titles_complete || !query.marks.is_empty() || !self.state.borrow().desk.has_marks();
        let (results, page, page_count, docs, marks) = {
            let mut s = self.state.borrow_mut();
            let s = &mut *s;
            let Some(lib) = s.library.as_ref() else { return };
            let within = (!query.marks.is_empty()).then(|| s.desk.docs_with(&query.marks, lib));
            let results = lib.run_within(&query, within.as_deref());
            let marks = counted.then(|| {
                if query.marks.is_empty() {
                    s.desk.counts(&results.docs, lib)
                } else {
                    let unmarked = Query { marks: Vec::new(), ..query.clone() };
                    s.desk.counts(&lib.run(&unmarked).docs, lib)
                }
            });
            let (page, page_count, mut docs) = page_of(&results, page, page_size);
            // The near matches follow the results on the last page (there are some only when few).
            docs.extend_from_slice(near_on_page(&results, page, page_size));
            (results, page, page_count, docs, marks)
        };
        mark("worker:ran");
        let titles = self.state.borrow().library.as_ref().map(|l| l.missing_titles_for(&docs)).unwrap_or_default();
        if let Err(f) = self.load(titles).await {
            return self.post(f.response(id));
        }
        if self.state.borrow().latest_query > id {
            return;
        }
        // The page's titles may have been the last ones missing (a small corpus in two
        // segments, as after an update): then the marks can be counted now, not on the next list.
        let marks = marks.or_else(|| {
            let mut s = self.state.borrow_mut();
            let s = &mut *s;
            let lib = s.library.as_ref()?;
            lib.missing_titles().is_empty().then(|| s.desk.counts(&results.docs, lib))
        });
        let view = |s: &State| {
            let lib = s.library.as_ref()?;
            let cards = docs.iter().filter_map(|&d| lib.card(d)).map(|c| card_view(&c, &results.matched_terms)).collect();
            let mut view = results_view(&query, &results, page, page_count, page_size, cards);
            view.near = near_on_page(&results, page, page_size).len().min(view.cards.len());
            view.marks = marks;
            Some(view)
        };
        let first = view(&self.state.borrow());
        let Some(first) = first else { return };
        let ledes_missing = first.cards.iter().any(|c| c.lede.is_none());
        mark("worker:results");
        self.post(Response::Results { id, view: first });
        // The cards' first lines: not while the reader is still typing (a newer query
        // supersedes this one), and the cards at the top first, so their downloads never
        // hold up the index files the next letter needs.
        if ledes_missing {
            sleep_ms(LEDES_DELAY_MS).await;
            for batch in [&docs[..docs.len().min(LEDES_FIRST)], &docs[docs.len().min(LEDES_FIRST)..]] {
                if self.state.borrow().latest_query != id {
                    return;
                }
                let ledes = self.state.borrow().library.as_ref().map(|l| l.missing_ledes_for(batch)).unwrap_or_default();
                if ledes.is_empty() {
                    continue;
                }
                if self.load(ledes).await.is_err() || self.state.borrow().latest_query != id {
                    return;
                }
                if let Some(v) = view(&self.state.borrow()) {
                    self.post(Response::Results { id, view: v });
                }
            }
        }
    }

    /// Finds an article by id, loading titles files until it is known.
    async fn find(&self, id: u64, article: &str) -> Option<Option<u32>> {
        loop {
            let found = self.state.borrow().library.as_ref().map(|l| l.find(article));
            match found {
                None => {
                    self.post(Fail::NotOpen.response(id));
                    return None;
                }
                Some(Ok(doc)) => return Some(doc),
                Some(Err(needs)) => {
                    if let Err(f) = self.load(needs).await {
                        self.post(f.response(id));
                        return None;
                    }
                }
            }
        }
    }

    async fn article(self: &Rc<Self>, id: u64, article: &str, terms: &[String]) {
        let Some(mut found) = self.find(id, article).await else { return };
        // An article of the reader's archive may be asked for before the archive has joined.
        let mut waited = 0;
        while found.is_none() && self.state.borrow().added_pending && waited < 600 {
            sleep_ms(100).await;
            waited += 1;
            if !self.state.borrow().added_pending {
                let Some(again) = self.find(id, article).await else { return };
                found = again;
            }
        }
        let Some(doc) = found else { return self.post(Response::Article { id, view: None }) };
        let needs = self.state.borrow().library.as_ref().map(|l| l.missing_for_article(doc)).unwrap_or_default();
        if let Err(f) = self.load(needs).await {
            return self.post(f.response(id));
        }
        let view = self.state.borrow().library.as_ref().and_then(|l| l.article(doc)).map(|data| article_view(&data, terms));
        self.post(Response::Article { id, view });
    }

    async fn entity(&self, id: u64, entity: String, exclude: Option<String>) {
        const SHOWN: usize = 12;
        let q = Query { entities: vec![entity.clone()], sort: Sort::Newest, ..Query::default() };
        let excluded = match exclude {
            Some(a) => match self.find(id, &a).await {
                Some(doc) => doc,
                None => return,
            },
            None => None,
        };
        let docs: Vec<u32> = {
            let s = self.state.borrow();
            let Some(lib) = s.library.as_ref() else { return };
            lib.run(&q).docs.into_iter().filter(|&d| Some(d) != excluded).collect()
        };
        let shown: Vec<u32> = docs.iter().take(SHOWN).copied().collect();
        let needs = self.state.borrow().library.as_ref().map(|l| l.missing_titles_for(&shown)).unwrap_or_default();
        if let Err(f) = self.load(needs).await {
            return self.post(f.response(id));
        }
        let articles = {
            let s = self.state.borrow();
            let Some(lib) = s.library.as_ref() else { return };
            shown.iter().filter_map(|&d| lib.card(d)).map(|c| (c.id, c.title)).collect()
        };
        let info = entity_info(&entity);
        self.post(Response::Entity { id, view: EntityOthers { id: entity, entity: info, total: docs.len(), articles } });
    }

    async fn count(&self, id: u64, text: String) {
        let q = Query { text, ..Query::default() };
        {
            let mut s = self.state.borrow_mut();
            s.latest_query = s.latest_query.max(id);
        }
        if !self.prepare(id, &q).await {
            return;
        }
        let s = self.state.borrow();
        let Some(lib) = s.library.as_ref() else { return };
        let t0 = now_ms();
        let total = lib.run(&q).total;
        let ms = now_ms() - t0;
        drop(s);
        self.post(Response::Count { id, total, ms });
    }
}

/// Waits `ms` milliseconds (setTimeout of the window or the worker).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(set_timeout) = js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = set_timeout.call2(&js_sys::global(), &resolve, &ms.into());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A bundle file for the library: binary files inflated by the browser where it can.
async fn fetch_for_library(fetcher: &Fetcher, kind: FileKind, path: &str) -> Result<(Vec<u8>, Encoding), FetchError> {
    let stored = fetcher.immutable(path).await?;
    if matches!(kind, FileKind::Docs | FileKind::Dict | FileKind::Postings | FileKind::Positions) {
        if let Some(inflated) = fetch::inflate_natively(&stored).await {
            return Ok((inflated, Encoding::Inflated));
        }
    }
    Ok((stored.to_vec(), Encoding::Stored))
}

/// A performance mark in the worker's timeline (read by the benchmark).
pub(crate) fn mark(name: &str) {
    if let Some(p) = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok().and_then(|p| p.dyn_into::<web_sys::Performance>().ok()) {
        let _ = p.mark(name);
    }
}

pub(crate) fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

fn fetch_error(e: &FetchError) -> LoadError {
    match e {
        FetchError::Network { url, message } => LoadError::Network { url: url.clone(), message: message.clone() },
        FetchError::NotFound { url } => LoadError::Missing { url: url.clone() },
        FetchError::Http { url, status } => LoadError::Http { url: url.clone(), status: *status },
    }
}

fn bundle_error(e: BundleError) -> LoadError {
    match e {
        BundleError::UnsupportedVersion { found, supported } => LoadError::Version { found, supported },
        other => {
            let (file, message) = damaged_file(&other);
            LoadError::Corrupt { file, message }
        }
    }
}

/// The file a bundle error names and the reader's technical detail about it (the manifest and
/// the whole sentence when the error names no file).
fn damaged_file(e: &BundleError) -> (String, String) {
    match e {
        BundleError::NotABundle { file, message } | BundleError::Corrupt { file, message } | BundleError::Io { file, message } => (file.clone(), message.clone()),
        other => (MANIFEST.to_string(), other.to_string()),
    }
}

/// The worker's entry point: answers the page's messages.
pub fn start() {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
    let out = scope.clone();
    let engine = Engine::new(move |response: &Response| {
        let _ = out.post_message(&JsValue::from_str(&response.to_json()));
    });
    let panic_scope = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        let response = error(0, Trouble::WorkerStopped { message: info.to_string() });
        if let Response::Error { message, .. } = &response {
            web_sys::console::error_1(&message.clone().into());
        }
        let _ = panic_scope.post_message(&JsValue::from_str(&response.to_json()));
    }));
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        // A request is a JSON string, or `{json, files}` when it brings the reader's files.
        let data = event.data();
        let (text, files) = match data.as_string() {
            Some(text) => (text, Vec::new()),
            None => {
                let json = js_sys::Reflect::get(&data, &"json".into()).ok().and_then(|j| j.as_string()).unwrap_or_default();
                let files = js_sys::Reflect::get(&data, &"files".into()).map(|f| desk::files_of(&f)).unwrap_or_default();
                (json, files)
            }
        };
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => engine.handle_with_files(request, files),
            Err(e) => web_sys::console::warn_1(&format!("Tumen worker: a message it cannot read ({e})").into()),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}
