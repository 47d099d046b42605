//! What the page and the worker say to each other: one JSON message per
//! `postMessage`. The page asks ([`Request`]); the worker answers and reports
//! ([`Response`]). Requests that expect an answer carry an id the answer repeats,
//! so the page can drop answers to questions it no longer asks.

use serde::{Deserialize, Serialize};
use tumen_core::bundle::library::Summary;
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
    /// The reader's own files: the whole set (the worker re-reads them all).
    SetAdded { id: u64, files: Vec<AddedFile> },
    /// Start or stop downloading every file of the bundle for offline use.
    KeepOffline { keep: bool },
    /// How much of the bundle is kept offline.
    OfflineStatus,
    /// For the benchmark: run a search and time it, without rendering.
    Count { id: u64, text: String },
    /// The page has drawn its first list: background downloads may begin.
    Idle,
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
    /// A bundle file is damaged (the core's words for it, in English).
    Bundle { message: String },
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
    Opened { summary: Summary },
    Failed { error: LoadError, problems: Vec<tumen_core::Problem> },
    Results { id: u64, view: ResultsView },
    /// `None`: no article with that id.
    Article { id: u64, view: Option<ArticleView> },
    Entity { id: u64, view: EntityOthers },
    Added { id: u64, summary: Summary },
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
