//! The worker's side of the analyst's desk: the reader's collections (imported
//! files, kept as corpus JSON in the archive), marks, saved searches, exports and
//! backups. Every change is written to the archive first and applied after, so
//! what the page shows is what is stored, or the page is told why not.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tumen_core::bundle::library::{AddedGroup, Library};
use tumen_core::desk::{clean_name, to_citations, to_csv, ArticleCounts, Backup, BackupError, Collection, ExportRow, MarkChange, Marks, SavedSearch, StoredFile};
use tumen_core::index::{MarkFilter, Query};
use tumen_core::ingest::merge_groups;
use tumen_core::{Article, Corpus, Issue, Loaded, Problem};
use wasm_bindgen::JsCast;

use super::archive::Archive;
use super::Engine;
use crate::protocol::{AddedFile, CollectionInfo, DeskState, ExportFormat, ImportProgress, ImportReport, Response, SearchInfo, StoreTrouble};
use crate::view_model::card_view;

/// How long opening waits for the archive before giving it up for this visit.
const ARCHIVE_PATIENCE_MS: i32 = 8_000;

/// Exports stop here: a bigger set is a corpus, which `tumen build` handles better.
const MAX_EXPORT: usize = 20_000;

/// What the archive held when the worker started.
pub struct Stored {
    archive: Result<Archive, StoreTrouble>,
    collections: Vec<Collection>,
    files: Vec<StoredFile>,
    marks: HashMap<String, Marks>,
    searches: Vec<SavedSearch>,
    /// What tagging found in each collection on an earlier visit (see `Archive::work`).
    work: HashMap<String, Vec<u8>>,
}

impl Stored {
    /// Reads the whole archive (a failure leaves an empty desk that says why). A browser
    /// whose IndexedDB never answers (blocked by another tab, a broken profile) must not
    /// keep the corpus from opening: after a few seconds the desk is given up for this visit.
    pub async fn read() -> Stored {
        let read = std::pin::pin!(Stored::read_all());
        let late = std::pin::pin!(super::sleep_ms(ARCHIVE_PATIENCE_MS));
        match futures::future::select(read, late).await {
            futures::future::Either::Left((stored, _)) => stored,
            futures::future::Either::Right(_) => Stored {
                archive: Err(StoreTrouble::Unavailable { message: "the browser's storage did not answer".into() }),
                collections: Vec::new(),
                files: Vec::new(),
                marks: HashMap::new(),
                searches: Vec::new(),
                work: HashMap::new(),
            },
        }
    }

    async fn read_all() -> Stored {
        let archive = Archive::open().await;
        let mut stored = Stored {
            archive: Err(StoreTrouble::Unavailable { message: String::new() }),
            collections: Vec::new(),
            files: Vec::new(),
            marks: HashMap::new(),
            searches: Vec::new(),
            work: HashMap::new(),
        };
        match archive {
            Ok(a) => {
                let read = async {
                    Ok::<_, StoreTrouble>((a.collections().await?, a.files().await?, a.marks().await?, a.searches().await?))
                };
                match read.await {
                    Ok((collections, files, marks, searches)) => {
                        stored.collections = collections;
                        stored.files = files;
                        stored.marks = marks;
                        stored.searches = searches;
                        stored.work = a.work().await;
                        stored.archive = Ok(a);
                    }
                    Err(t) => stored.archive = Err(t),
                }
            }
            Err(t) => stored.archive = Err(t),
        }
        stored
    }
}

/// The desk in memory (the archive's copy, plus what could not be stored).
#[derive(Default)]
pub struct Desk {
    archive: Option<Rc<Archive>>,
    /// Why the archive cannot be used, if it cannot.
    trouble: Option<StoreTrouble>,
    collections: Vec<Collection>,
    files: Vec<StoredFile>,
    /// Problems found when the files were imported (this session only: what is stored
    /// is the articles that were read).
    import_problems: Vec<Problem>,
    marks: HashMap<String, Marks>,
    searches: Vec<SavedSearch>,
    /// Article id → document number, once every titles file is loaded.
    id_docs: Option<HashMap<String, u32>>,
    /// Articles in each stored file (by collection and file name), counted when read.
    article_counts: ArticleCounts,
    /// Work kept from an earlier visit, by collection, until the library takes it.
    kept_work: HashMap<String, Vec<u8>>,
}

impl Desk {
    pub fn adopt(&mut self, stored: Stored) {
        match stored.archive {
            Ok(a) => self.archive = Some(Rc::new(a)),
            Err(t) => self.trouble = Some(t),
        }
        self.collections = stored.collections;
        self.files = stored.files;
        self.marks = stored.marks;
        self.searches = stored.searches;
        self.kept_work = stored.work;
    }

    /// The work kept from an earlier visit, for the library (once).
    pub fn take_kept_work(&mut self) -> HashMap<String, Vec<u8>> {
        std::mem::take(&mut self.kept_work)
    }

    /// Bytes of the enabled collections' files.
    pub fn enabled_bytes(&self) -> u64 {
        self.files.iter().filter(|f| self.enabled(&f.collection)).map(|f| f.text.len() as u64).sum()
    }

    /// Articles in the enabled collections (counted without building them, where not known yet).
    pub fn enabled_article_estimate(&mut self) -> usize {
        self.article_counts.count_missing(&self.files);
        self.files.iter().filter(|f| self.enabled(&f.collection)).map(|f| self.article_counts.of(f)).sum()
    }

    pub fn has_enabled_files(&self) -> bool {
        self.files.iter().any(|f| self.enabled(&f.collection))
    }

    fn enabled(&self, collection: &str) -> bool {
        self.collections.iter().any(|c| c.id == collection && c.enabled)
    }

    /// The articles of every enabled collection, one group each (an id repeated in a
    /// later collection, or later in the same one, reported).
    pub fn enabled_groups(&mut self) -> (Vec<AddedGroup>, Vec<Problem>) {
        self.id_docs = None;
        let mut groups: Vec<(String, Vec<Loaded>)> = Vec::new();
        for c in self.collections.iter().filter(|c| c.enabled) {
            let mut parts: Vec<Loaded> = Vec::new();
            for f in self.files.iter().filter(|f| f.collection == c.id) {
                let part = match tumen_core::parse_corpus(&f.name, &f.text) {
                    Ok(loaded) => loaded,
                    Err(e) => file_failed(&f.name, Issue::from(&e)),
                };
                self.article_counts.record(&c.id, &f.name, part.articles.len());
                parts.push(part);
            }
            groups.push((c.id.clone(), parts));
        }
        let (groups, mut problems) = merge_groups(groups);
        problems.extend(self.import_problems.iter().cloned());
        (groups.into_iter().map(|(key, articles)| AddedGroup { key, articles }).collect(), problems)
    }

    /// The collections switched off: the library keeps their work for when they come back.
    pub fn switched_off(&self) -> Vec<String> {
        self.collections.iter().filter(|c| !c.enabled).map(|c| c.id.clone()).collect()
    }

    pub(super) fn archive(&self) -> Option<Rc<Archive>> {
        self.archive.clone()
    }

    pub fn has_marks(&self) -> bool {
        !self.marks.is_empty()
    }

    pub fn marks_of(&self, article: &str) -> Marks {
        self.marks.get(article).cloned().unwrap_or_default()
    }

    /// Document numbers for the marked articles (needs every titles file loaded).
    fn ensure_id_docs(&mut self, lib: &Library) {
        if self.id_docs.is_none() {
            // The id alone: building every card (facets, copies) for this cost seconds on a large corpus.
            let map = (0..lib.len() as u32).filter_map(|d| lib.id_of(d).map(|id| (id.to_string(), d))).collect();
            self.id_docs = Some(map);
        }
    }

    /// The documents that have every mark in `marks`.
    pub fn docs_with(&mut self, marks: &[MarkFilter], lib: &Library) -> Vec<u32> {
        self.ensure_id_docs(lib);
        let Some(ids) = self.id_docs.as_ref() else { return Vec::new() };
        let has = |m: &Marks, f: MarkFilter| match f {
            MarkFilter::Unread => !m.read,
            MarkFilter::Saved => m.saved,
            MarkFilter::Noted => m.has_note(),
        };
        if marks.contains(&MarkFilter::Unread) {
            let read: HashSet<u32> = self.marks.iter().filter(|(_, m)| m.read).filter_map(|(id, _)| ids.get(id).copied()).collect();
            let others: Vec<MarkFilter> = marks.iter().copied().filter(|&f| f != MarkFilter::Unread).collect();
            if others.is_empty() {
                return (0..lib.len() as u32).filter(|d| !read.contains(d)).collect();
            }
            return self.marks.iter().filter(|(_, m)| others.iter().all(|&f| has(m, f)) && !m.read).filter_map(|(id, _)| ids.get(id).copied()).collect();
        }
        self.marks.iter().filter(|(_, m)| marks.iter().all(|&f| has(m, f))).filter_map(|(id, _)| ids.get(id).copied()).collect()
    }

    /// `(unread, saved, noted)` among `docs`, when every id is known.
    pub fn counts(&mut self, docs: &[u32], lib: &Library) -> (usize, usize, usize) {
        if self.marks.is_empty() {
            return (docs.len(), 0, 0);
        }
        self.ensure_id_docs(lib);
        let Some(ids) = self.id_docs.as_ref() else { return (docs.len(), 0, 0) };
        let in_results: HashSet<u32> = docs.iter().copied().collect();
        let (mut read, mut saved, mut noted) = (0, 0, 0);
        for (id, m) in &self.marks {
            if let Some(d) = ids.get(id) {
                if in_results.contains(d) {
                    read += m.read as usize;
                    saved += m.saved as usize;
                    noted += m.has_note() as usize;
                }
            }
        }
        (docs.len().saturating_sub(read), saved, noted)
    }
}

fn file_failed(name: &str, issue: Issue) -> Loaded {
    tumen_core::ingest::unreadable(name, issue, tumen_core::Severity::Error)
}

/// What one dropped file holds: the articles of each file in it (a zip holds several).
fn read_file(name: &str, bytes: &[u8]) -> Vec<Loaded> {
    tumen_core::ingest::ingest_bytes(name, bytes)
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// A fresh id for a collection or saved search.
fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}-{:06x}", now(), (js_sys::Math::random() * 16_777_216.0) as u32)
}

/// A file's bytes, read in the worker.
async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

impl Engine {
    /// Reads dropped files into a new collection, stores it, and adds its articles.
    pub(super) async fn import(self: &Rc<Self>, id: u64, name: String, files: Vec<web_sys::File>) {
        let total = files.len();
        let mut parts: Vec<Loaded> = Vec::new();
        for (done, file) in files.iter().enumerate() {
            self.post(Response::Importing { id, progress: ImportProgress::Reading { done, total } });
            match file_bytes(file).await {
                Ok(bytes) => parts.extend(read_file(&file.name(), &bytes)),
                Err(detail) => parts.push(file_failed(&file.name(), Issue::Unreadable { detail })),
            }
        }
        self.post(Response::Importing { id, progress: ImportProgress::Reading { done: total, total } });
        let name = clean_name(&name).unwrap_or_else(|| "Added articles".into());
        let added = parts.iter().map(|p| p.articles.len()).sum::<usize>();
        self.add_collection(id, name, parts, added).await;
    }

    /// Articles from an earlier version's localStorage, into the archive.
    pub(super) async fn migrate(self: &Rc<Self>, files: Vec<AddedFile>) {
        let parts: Vec<Loaded> = files.iter().flat_map(|f| read_file(&f.name, f.text.as_bytes())).collect();
        let count = parts.iter().map(|p| p.articles.len()).sum::<usize>();
        let stored = self.store_collection("Added earlier".into(), parts).await;
        if stored.is_none() && count > 0 {
            self.post(Response::Migrated);
        }
    }

    /// Stores a collection made of `parts`; `Some(trouble)` when it could not be kept
    /// (it is then held in memory for this session).
    async fn store_collection(&self, name: String, parts: Vec<Loaded>) -> Option<StoreTrouble> {
        let collection = Collection { id: new_id("c"), name, enabled: true, created: now() };
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for part in parts {
            problems.extend(part.problems);
            if part.articles.is_empty() {
                continue;
            }
            let articles = part.articles.len();
            let text = serde_json::to_string(&Corpus::new(part.articles)).unwrap_or_default();
            let mut name = if part.file.is_empty() { "articles".to_string() } else { part.file };
            // Two files of one name in a zip's folders stay apart.
            while files.iter().any(|f: &StoredFile| f.name == name) {
                name.push('\u{2032}');
            }
            files.push(StoredFile::new(&collection.id, name, text, articles));
        }
        let archive = self.state.borrow().desk.archive();
        let trouble = match archive {
            Some(a) => a.put_collection(&collection, &files).await.err(),
            None => self.state.borrow().desk.trouble.clone().or(Some(StoreTrouble::Unavailable { message: String::new() })),
        };
        let mut s = self.state.borrow_mut();
        s.desk.collections.push(collection);
        s.desk.files.extend(files);
        s.desk.import_problems.extend(problems);
        trouble
    }

    async fn add_collection(self: &Rc<Self>, id: u64, name: String, parts: Vec<Loaded>, read: usize) {
        let files = parts.len();
        let before = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
        self.post(Response::Importing { id, progress: ImportProgress::Storing { articles: read } });
        let not_kept = self.store_collection(name.clone(), parts).await;
        // Every id must be known to leave out what the corpus already has.
        if let Err(f) = self.load_all_titles().await {
            return self.post(f.response(id));
        }
        self.post(Response::Importing { id, progress: ImportProgress::Indexing { articles: read } });
        // Let the page hear it before the worker is busy tagging.
        super::sleep_ms(0).await;
        self.apply_added();
        let summary = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
        let articles = summary.articles.saturating_sub(before.articles);
        let duplicates = summary.duplicates.saturating_sub(before.duplicates);
        // Problems in the files, and those found when merging (an id repeated across the
        // files, or one the corpus already has).
        let problems = summary.problems_total.saturating_sub(before.problems_total);
        let warnings = summary.warnings.saturating_sub(before.warnings);
        let errors = problems.saturating_sub(warnings);
        let report = ImportReport { collection: name, files, articles, errors, warnings, duplicates, not_kept };
        self.post(Response::Imported { id, report, summary });
        self.post_desk(true).await;
    }

    /// After a change to the collections: the library again, and the page told.
    async fn collections_changed(self: &Rc<Self>, id: u64) {
        if let Err(f) = self.load_all_titles().await {
            return self.post(f.response(id));
        }
        self.apply_added();
        let summary = self.state.borrow().library.as_ref().map(Library::summary).unwrap_or_default();
        let report = ImportReport { collection: String::new(), files: 0, articles: 0, errors: 0, warnings: 0, duplicates: 0, not_kept: None };
        self.post(Response::Imported { id, report, summary });
        self.post_desk(true).await;
    }

    pub(super) async fn update_collection(self: &Rc<Self>, id: u64, collection: String, name: Option<String>, enabled: Option<bool>) {
        let Some(mut c) = self.state.borrow().desk.collections.iter().find(|c| c.id == collection).cloned() else { return };
        if let Some(n) = name.as_deref().and_then(clean_name) {
            c.name = n;
        }
        if let Some(e) = enabled {
            c.enabled = e;
        }
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            if let Err(trouble) = a.put_collection(&c, &[]).await {
                return self.post(Response::NotStored { id, trouble });
            }
        }
        let toggled = {
            let mut s = self.state.borrow_mut();
            let slot = s.desk.collections.iter_mut().find(|x| x.id == c.id);
            let toggled = slot.as_ref().is_some_and(|x| x.enabled != c.enabled);
            if let Some(slot) = slot {
                *slot = c;
            }
            toggled
        };
        if toggled {
            self.collections_changed(id).await;
        } else {
            self.post_desk(false).await;
        }
    }

    pub(super) async fn delete_collections(self: &Rc<Self>, id: u64, which: Option<Vec<String>>) {
        let targets: Vec<String> = {
            let s = self.state.borrow();
            s.desk.collections.iter().map(|c| c.id.clone()).filter(|c| which.as_ref().is_none_or(|w| w.contains(c))).collect()
        };
        let archive = self.state.borrow().desk.archive();
        for c in &targets {
            let names: Vec<String> = self.state.borrow().desk.files.iter().filter(|f| &f.collection == c).map(|f| f.name.clone()).collect();
            if let Some(a) = &archive {
                if let Err(trouble) = a.delete_collection(c, &names).await {
                    self.post(Response::NotStored { id, trouble });
                    break;
                }
            }
            let mut s = self.state.borrow_mut();
            s.desk.collections.retain(|x| &x.id != c);
            s.desk.files.retain(|f| &f.collection != c);
        }
        let mut s = self.state.borrow_mut();
        if s.desk.collections.is_empty() {
            s.desk.import_problems.clear();
        }
        drop(s);
        self.collections_changed(id).await;
    }

    pub(super) async fn mark(self: &Rc<Self>, id: u64, article: String, change: MarkChange) {
        let mut marks = self.state.borrow().desk.marks_of(&article);
        marks.apply(&change, now());
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            if let Err(trouble) = a.put_marks(&article, &marks).await {
                return self.post(Response::NotStored { id, trouble });
            }
        }
        {
            let mut s = self.state.borrow_mut();
            if marks.is_empty() {
                s.desk.marks.remove(&article);
            } else {
                s.desk.marks.insert(article.clone(), marks.clone());
            }
        }
        self.post(Response::Marked { id, article, marks });
    }

    pub(super) async fn save_search(self: &Rc<Self>, id: u64, name: String, query: String) {
        let q = Query::from_query_string(&query);
        let mut clean = q.clone();
        clean.article = None;
        let seen = self.matching_ids(&clean).await.unwrap_or_default();
        let search = SavedSearch { id: new_id("s"), name: clean_name(&name).unwrap_or_else(|| "Saved search".into()), query: clean.to_query_string(), created: now(), seen };
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            if let Err(trouble) = a.put_search(&search).await {
                return self.post(Response::NotStored { id, trouble });
            }
        }
        self.state.borrow_mut().desk.searches.push(search);
        self.post_desk(true).await;
    }

    pub(super) async fn delete_search(self: &Rc<Self>, id: u64, search: String) {
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            if let Err(trouble) = a.delete_search(&search).await {
                return self.post(Response::NotStored { id, trouble });
            }
        }
        self.state.borrow_mut().desk.searches.retain(|s| s.id != search);
        self.post_desk(true).await;
    }

    pub(super) async fn seen_search(self: &Rc<Self>, search: String) {
        let Some(mut saved) = self.state.borrow().desk.searches.iter().find(|s| s.id == search).cloned() else { return };
        let Some(seen) = self.matching_ids(&Query::from_query_string(&saved.query)).await else { return };
        saved.seen = seen;
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            // Best effort: "new" stays counted if this cannot be stored.
            if a.put_search(&saved).await.is_err() {
                return;
            }
        }
        if let Some(slot) = self.state.borrow_mut().desk.searches.iter_mut().find(|s| s.id == search) {
            *slot = saved;
        }
        self.post_desk(true).await;
    }

    /// The ids of every article a query matches (all titles loaded first).
    async fn matching_ids(&self, q: &Query) -> Option<Vec<String>> {
        self.load_all_titles().await.ok()?;
        if !self.prepare(u64::MAX, q).await {
            return None;
        }
        let docs = self.run_marked(q)?;
        let s = self.state.borrow();
        let lib = s.library.as_ref()?;
        Some(docs.into_iter().filter_map(|d| lib.card(d).map(|c| c.id)).collect())
    }

    /// Runs a query, marks included (titles must be loaded for marks to count).
    pub(super) fn run_marked(&self, q: &Query) -> Option<Vec<u32>> {
        let mut s = self.state.borrow_mut();
        let s = &mut *s;
        let lib = s.library.as_ref()?;
        let within = (!q.marks.is_empty()).then(|| s.desk.docs_with(&q.marks, lib));
        Some(lib.run_within(q, within.as_deref()).docs)
    }

    /// The desk as the page shows it; with `counts`, each saved search's matches
    /// (which may need index files).
    pub(super) async fn post_desk(self: &Rc<Self>, counts: bool) {
        let searches: Vec<SavedSearch> = self.state.borrow().desk.searches.clone();
        let mut infos = Vec::new();
        for saved in &searches {
            let (total, new) = if counts {
                match self.matching_ids(&Query::from_query_string(&saved.query)).await {
                    Some(ids) => {
                        let seen: HashSet<&str> = saved.seen.iter().map(String::as_str).collect();
                        let new = ids.iter().filter(|id| !seen.contains(id.as_str())).count();
                        (ids.len(), new)
                    }
                    None => (0, 0),
                }
            } else {
                (0, 0)
            };
            infos.push(SearchInfo { id: saved.id.clone(), name: saved.name.clone(), query: saved.query.clone(), total, new });
        }
        let desk = {
            let mut s = self.state.borrow_mut();
            let d = &mut s.desk;
            // Records of earlier versions carry no count: counted once, then known.
            d.article_counts.count_missing(&d.files);
            let d = &*d;
            let collections = d
                .collections
                .iter()
                .map(|c| {
                    let files: Vec<&StoredFile> = d.files.iter().filter(|f| f.collection == c.id).collect();
                    let articles = files.iter().map(|f| d.article_counts.of(f)).sum();
                    CollectionInfo { id: c.id.clone(), name: c.name.clone(), enabled: c.enabled, files: files.len(), articles, bytes: files.iter().map(|f| f.text.len() as u64).sum() }
                })
                .collect();
            let mut marks: Vec<(String, Marks)> = d.marks.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            marks.sort_by(|a, b| a.0.cmp(&b.0));
            DeskState { trouble: d.trouble.clone(), collections, searches: infos, marks }
        };
        self.post(Response::Desk { desk });
    }

    pub(super) async fn export(self: &Rc<Self>, id: u64, mut query: Query, format: ExportFormat, permalink_base: String) {
        query.article = None;
        if let Err(f) = self.load_all_titles().await {
            return self.post(f.response(id));
        }
        if !self.prepare(id, &query).await {
            return;
        }
        let Some(mut docs) = self.run_marked(&query) else { return };
        docs.truncate(MAX_EXPORT);
        // Every article's text file (for its address and, for a corpus, its text).
        let needs = {
            let s = self.state.borrow();
            let Some(lib) = s.library.as_ref() else { return };
            let mut needs: Vec<_> = docs.iter().flat_map(|&d| lib.missing_for_article(d)).collect();
            needs.sort();
            needs.dedup();
            needs
        };
        for chunk in needs.chunks(4) {
            if let Err(f) = self.load(chunk.to_vec()).await {
                return self.post(f.response(id));
            }
        }
        let s = self.state.borrow();
        let Some(lib) = s.library.as_ref() else { return };
        let date = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let day = date.get(..10).unwrap_or("export").to_string();
        let (name, mime, text) = match format {
            ExportFormat::Corpus => {
                let articles: Vec<Article> = docs.iter().filter_map(|&d| lib.article(d)).map(|a| a.article).collect();
                let text = serde_json::to_string_pretty(&Corpus::new(articles)).unwrap_or_default();
                (format!("tumen-{day}.json"), "application/json", text)
            }
            ExportFormat::Csv | ExportFormat::Citations => {
                let rows: Vec<ExportRow> = docs
                    .iter()
                    .filter_map(|&d| {
                        let card = card_view(&lib.card(d)?, &[]);
                        let url = lib.article(d).and_then(|a| a.article.url).unwrap_or_default();
                        let link = format!("{permalink_base}?article={}", String::from(js_sys::encode_uri_component(&card.id)));
                        Some(ExportRow {
                            id: card.id,
                            date: card.date.map(|d| d.to_string()).unwrap_or_default(),
                            title: card.title,
                            source: card.source,
                            url,
                            provinces: card.provinces.into_iter().map(|l| l.label).collect(),
                            topics: card.topics.into_iter().map(|l| l.label).collect(),
                            permalink: link,
                        })
                    })
                    .collect();
                if format == ExportFormat::Csv {
                    // A byte-order mark, so spreadsheets read Hangul as UTF-8.
                    (format!("tumen-{day}.csv"), "text/csv", format!("\u{feff}{}", to_csv(&rows)))
                } else {
                    let heading = if query.text.trim().is_empty() { "Tumen: articles".to_string() } else { format!("Tumen: {}", query.text.trim()) };
                    (format!("tumen-{day}.md"), "text/markdown", to_citations(&rows, &heading))
                }
            }
        };
        let count = docs.len();
        drop(s);
        self.post(Response::Download { id, name, mime: mime.to_string(), text, count });
    }

    pub(super) async fn backup(self: &Rc<Self>, id: u64) {
        let date = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let backup = {
            let s = self.state.borrow();
            let d = &s.desk;
            Backup::new(date.clone(), d.collections.clone(), d.files.clone(), d.marks.clone(), d.searches.clone())
        };
        let count = backup.collections.len() + backup.marks.len() + backup.searches.len();
        let name = format!("tumen-backup-{}.json", date.get(..10).unwrap_or("today"));
        self.post(Response::Download { id, name, mime: "application/json".into(), text: backup.to_json(), count });
    }

    pub(super) async fn restore(self: &Rc<Self>, id: u64, files: Vec<web_sys::File>) {
        let Some(file) = files.first() else { return };
        let name = file.name();
        let text = match file_bytes(file).await {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(detail) => return self.post(Response::RestoreFailed { id, error: BackupError::Unreadable { file: name, detail } }),
        };
        let backup = match Backup::parse(&name, &text) {
            Ok(b) => b,
            Err(error) => return self.post(Response::RestoreFailed { id, error }),
        };
        let archive = self.state.borrow().desk.archive();
        if let Some(a) = archive {
            let replaced: Vec<String> = self.state.borrow().desk.files.iter()
                .filter(|f| backup.collections.iter().any(|c| c.id == f.collection))
                .map(StoredFile::key)
                .collect();
            if let Err(trouble) = a.restore(&backup.collections, &backup.files, &backup.marks, &backup.searches, replaced).await {
                return self.post(Response::NotStored { id, trouble });
            }
        }
        {
            let mut s = self.state.borrow_mut();
            let d = &mut s.desk;
            for c in &backup.collections {
                d.collections.retain(|x| x.id != c.id);
                d.files.retain(|f| f.collection != c.id);
                d.collections.push(c.clone());
            }
            d.collections.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
            d.files.extend(backup.files.iter().cloned());
            for (article, m) in &backup.marks {
                d.marks.insert(article.clone(), m.clone());
            }
            for saved in &backup.searches {
                d.searches.retain(|x| x.id != saved.id);
                d.searches.push(saved.clone());
            }
        }
        self.post(Response::Restored { id, collections: backup.collections.len(), marks: backup.marks.len(), searches: backup.searches.len() });
        self.collections_changed(id).await;
    }
}

/// The files that came with a message (an array of `File`s).
pub fn files_of(value: &wasm_bindgen::JsValue) -> Vec<web_sys::File> {
    js_sys::Array::from(value).iter().filter_map(|f| f.dyn_into::<web_sys::File>().ok()).collect()
}
