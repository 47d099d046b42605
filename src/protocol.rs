//! What the page and the worker say to each other: one JSON message per
//! `postMessage`. The page asks ([`Request`]); the worker answers and reports
//! ([`Response`]). Requests that expect an answer carry an id the answer repeats,
//! so the page can drop answers to questions it no longer asks.

use serde::{Deserialize, Serialize};
use tumen_core::bundle::library::Summary;
use tumen_core::desk::{MarkChange, Marks};
use tumen_core::index::Query;

use crate::view_model::{ArticleView, EntityOthers, ResultsView};
use crate::worker::fetch::FetchError;

/// A file the reader added, as read in the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedFile {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// Open the library: the bundle in folder `base` (relative to the page),
    /// plus the reader's own files. With `first`, the page's URL query
    /// (`?q=…&province=…&page=2`), the worker answers that list (as query id 0)
    /// as soon as the corpus is open, without waiting to be asked.
    Open {
        base: String,
        added: Vec<AddedFile>,
        #[serde(default)]
        first: Option<String>,
    },
    /// One page of results, with facets and timeline.
    Query { id: u64, query: Query, page: usize, page_size: usize },
    /// An article by id, with `terms` highlighted.
    Article { id: u64, article: String, terms: Vec<String> },
    /// The other reports naming an entity.
    Entity { id: u64, entity: String, exclude: Option<String> },
    /// Files the reader dropped or picked, sent beside this message (the browser's
    /// `File` objects): read, kept as a new collection named `name`, and added.
    Import { id: u64, name: String },
    /// Rename a collection, or switch it on or off.
    UpdateCollection { id: u64, collection: String, name: Option<String>, enabled: Option<bool> },
    /// Delete collections and their files (all of them with `None`).
    DeleteCollections { id: u64, collections: Option<Vec<String>> },
    /// Mark an article read, saved, or write its note.
    Mark { id: u64, article: String, change: MarkChange },
    /// Name the view `query` (a URL query string) and keep it.
    SaveSearch { id: u64, name: String, query: String },
    DeleteSearch { id: u64, search: String },
    /// The reader opened a saved search: what it matches now is no longer new.
    SeenSearch { search: String },
    /// The current results, every page, as a file to download.
    Export { id: u64, query: Query, format: ExportFormat, permalink_base: String },
    /// Everything the reader made, as one file.
    Backup { id: u64 },
    /// A backup file sent beside this message: restore it.
    Restore { id: u64 },
    /// Start or stop downloading every file of the bundle for offline use.
    KeepOffline { keep: bool },
    /// How much of the bundle is kept offline.
    OfflineStatus,
    /// For the benchmark: run a search and time it, without rendering.
    Count { id: u64, text: String },
    /// The page has drawn its first list: background downloads may begin.
    Idle,
}

/// The formats the current results can be exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// A corpus file any Tumen reads back.
    Corpus,
    Csv,
    /// A numbered citation list in Markdown.
    Citations,
}

/// Why the reader's archive could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreTrouble {
    /// This browser gives the page no IndexedDB (some private windows).
    Unavailable { message: String },
    /// The browser refused to store more.
    Full,
    Failed { message: String },
}

/// One of the reader's collections, as the archive panel lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionInfo {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub files: usize,
    /// Articles in its files (switched off or not).
    pub articles: usize,
    pub bytes: u64,
}

/// A saved search, with what it matches now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchInfo {
    pub id: String,
    pub name: String,
    /// The view's URL query string, without `?`.
    pub query: String,
    pub total: usize,
    /// Matches not there when it was last opened.
    pub new: usize,
}

/// The reader's desk: collections, saved searches, marks, and whether it is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskState {
    /// Set when the archive cannot be used: additions then last only until the tab closes.
    pub trouble: Option<StoreTrouble>,
    pub collections: Vec<CollectionInfo>,
    pub searches: Vec<SearchInfo>,
    /// Every article's marks (the page shows them on cards and articles).
    pub marks: Vec<(String, Marks)>,
}

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProgress {
    /// Reading the files (a zip is one file).
    Reading { done: usize, total: usize },
    /// Writing `articles` to the archive.
    Storing { articles: usize },
    /// Tagging and indexing `articles` with the rest of the library.
    Indexing { articles: usize },
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub collection: String,
    pub files: usize,
    /// Articles the library gained.
    pub articles: usize,
    /// Problems that rejected a record or a file (details in the corpus report).
    pub errors: usize,
    /// Problems that kept their article: a guessed source or date, a skipped part.
    pub warnings: usize,
    /// Copies of articles already there, shown once.
    pub duplicates: usize,
    /// Why the files could not be kept on this device (they are shown until the tab closes).
    pub not_kept: Option<StoreTrouble>,
}

/// What loading is doing, for the progress view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Starting,
    Manifest,
    Table,
    Reading,
    Tagging,
}

/// Why the library could not be opened at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadError {
    /// The browser could not fetch (offline, blocked, DNS…).
    Network { url: String, message: String },
    /// The server answered with an error status.
    Http { url: String, status: u16 },
    /// Neither a bundle nor a corpus file is there.
    Missing { url: String },
    /// A bundle of another version.
    Version { found: u32, supported: u32 },
    /// A damaged bundle file or an unreadable corpus file.
    Corrupt { file: String, message: String },
    /// A plain corpus file that is JSON but not a corpus (no "articles" list).
    NotACorpus { file: String },
    /// A plain corpus file that is not valid JSON.
    InvalidJson { file: String, line: usize, column: usize, message: String },
    /// Every article was rejected.
    Empty { rejected: usize },
}

/// Keeping the bundle offline: how far it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineStatus {
    /// The Cache API is available (a secure context).
    pub supported: bool,
    pub files_kept: usize,
    pub files_total: usize,
    pub bytes_kept: u64,
    pub bytes_total: u64,
    pub running: bool,
    /// Why the last download stopped early (the page says it in the reader's language).
    pub error: Option<Trouble>,
}

/// Why a request could not be answered, or a download stopped: the worker says
/// what happened, the page words it in the reader's language (`i18n`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trouble {
    /// A file is not saved on this device and cannot be downloaded now.
    NotSaved,
    /// A file could not be downloaded.
    Fetch(FetchError),
    /// A bundle file is damaged or from another build: which one, and the reader's
    /// technical detail (in English, as the tools print it).
    Bundle { file: String, message: String },
    /// A request came before the corpus was open.
    NotOpen,
    /// The worker panicked (the panic's words, in English).
    WorkerStopped { message: String },
    /// This browser cannot keep files (no Cache API: not a secure context).
    CannotKeep,
    /// Keeping offline stopped: a newer corpus was published.
    KeepOutdated,
    /// Keeping offline stopped: a download failed.
    KeepStopped(FetchError),
    /// Words from outside Rust (the worker's boot script), shown as they are.
    Other { message: String },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    Progress { stage: Stage },
    /// `corpus_trouble`: the published corpus could not be shown, and the library holds
    /// only what the reader added in this browser.
    Opened { summary: Summary, corpus_trouble: Option<LoadError> },
    Failed { error: LoadError, problems: Vec<tumen_core::Problem> },
    Results { id: u64, view: ResultsView },
    /// `None`: no article with that id.
    Article { id: u64, view: Option<ArticleView> },
    Entity { id: u64, view: EntityOthers },
    /// Importing dropped files: how far.
    Importing { id: u64, progress: ImportProgress },
    Imported { id: u64, report: ImportReport, summary: Summary },
    /// The desk changed (or was read at opening).
    Desk { desk: DeskState },
    /// An answer to `Mark`: the article's marks as stored.
    Marked { id: u64, article: String, marks: Marks },
    /// A change to the desk could not be stored; nothing changed.
    NotStored { id: u64, trouble: StoreTrouble },
    /// A file to download.
    Download { id: u64, name: String, mime: String, text: String, count: usize },
    /// The backup was restored: what it held.
    Restored { id: u64, collections: usize, marks: usize, searches: usize },
    /// A backup file that cannot be restored (the core's words, in English).
    RestoreFailed { id: u64, error: tumen_core::desk::BackupError },
    /// The reader's files from an earlier version of Tumen (kept in localStorage) are
    /// now in the archive: the page may forget its copy.
    Migrated,
    Offline { status: OfflineStatus },
    Count { id: u64, total: usize, ms: f64 },
    /// A request could not be answered (a file failed to download…). `message` is in
    /// English (worker-boot.js sends only that); `trouble` says what happened, when known.
    Error {
        id: u64,
        message: String,
        #[serde(default)]
        trouble: Option<Trouble>,
    },
    /// A file the reader needs is gone from the server: a newer version was
    /// published. The page offers a reload.
    Outdated,
}

impl Request {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Response {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
