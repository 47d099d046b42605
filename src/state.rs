//! Reactive state and the loading pipeline: fetch `corpus.json` -> parse and
//! validate (core) -> tag (core) -> index (core). Components read the result
//! through [`Library`]; they never parse, tag or search themselves.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use tumen_core::index::{Index, Query, Results};
use tumen_core::ingest::{ingest_file, merge};
use tumen_core::tagger::Tagger;
use tumen_core::{Article, CorpusError, Loaded, Problem, Severity};

/// The corpus file, fetched relative to the page so any sub-path works.
pub const CORPUS_URL: &str = "corpus.json";

/// Everything derived from the loaded articles. Immutable once built: adding
/// files builds a new one, so readers never see a half-updated library.
pub struct Library {
    /// The tagger sized for this corpus; the article view highlights with the same one.
    pub tagger: &'static Tagger,
    pub articles: Vec<Article>,
    /// Per article, what list cards show (provinces, topic ids); full tags
    /// with evidence are recomputed for the one article being read.
    pub tags: Vec<CardTags>,
    pub index: Index,
    pub problems: Vec<Problem>,
    pub by_id: HashMap<String, u32>,
    /// Articles the reader added from their own files this session.
    pub added: usize,
}

impl Library {
    pub fn build(loaded: Loaded, added: usize) -> Library {
        let text_bytes: usize = loaded.articles.iter().map(|a| a.fields().map(|(_, t)| t.len()).sum::<usize>()).sum();
        let tagger = Tagger::builtin_for(text_bytes);
        mark("tumen:tagger-ready");
        // Tag while indexing: each article's full tags live only until the index
        // has counted them, so a large corpus never holds them all at once.
        let mut cards = Vec::with_capacity(loaded.articles.len());
        let mut tag_ms = 0.0;
        let started = now_ms();
        let index = Index::build_streaming(
            &loaded.articles,
            |_, article| {
                let t0 = now_ms();
                let tags = tagger.tag_article(article);
                tag_ms += now_ms() - t0;
                cards.push(CardTags {
                    provinces: tags.provinces.clone(),
                    topics: tags.topics.iter().map(|t| t.id.clone()).collect(),
                });
                tags
            },
            Gazetteer::builtin(),
            Taxonomy::builtin(),
        );
        let total_ms = now_ms() - started;
        mark("tumen:indexed");
        publish_load_timings(tag_ms, total_ms - tag_ms);
        let by_id = loaded.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
        Library { tagger, articles: loaded.articles, tags: cards, index, problems: loaded.problems, by_id, added }
    }

    pub fn doc(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub fn rejected(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn run(&self, query: &Query) -> Results {
        self.index.run(query)
    }
}

/// The part of an article's tags the result list shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardTags {
    pub provinces: Vec<String>,
    pub topics: Vec<String>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Tagging and indexing run interleaved, so their split is published as
/// `window.__tumenLoad = {tag_ms, index_ms}` for the benchmark and dev tools.
fn publish_load_timings(tag_ms: f64, index_ms: f64) {
    let Some(window) = web_sys::window() else { return };
    let timings = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&timings, &"tag_ms".into(), &tag_ms.into());
    let _ = js_sys::Reflect::set(&timings, &"index_ms".into(), &index_ms.into());
    let _ = js_sys::Reflect::set(&window, &"__tumenLoad".into(), &timings);
}

/// Shared, cheaply clonable handle whose equality is identity, so memos over it
/// only fire when a new library or result set is actually built.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why the corpus could not be shown at all, in terms a reader can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    Network(String),
    Http { status: u16, status_text: String },
    Corpus(CorpusError),
    Empty { rejected: usize },
}

impl LoadError {
    pub fn headline(&self) -> &'static str {
        match self {
            LoadError::Network(_) => "The corpus could not be downloaded",
            LoadError::Http { status: 404, .. } => "The corpus file is missing",
            LoadError::Http { .. } => "The server refused the corpus file",
            LoadError::Corpus(CorpusError::InvalidJson { .. }) => "The corpus file is not valid JSON",
            LoadError::Corpus(CorpusError::UnsupportedVersion { .. }) => "The corpus file is from another version",
            LoadError::Corpus(_) => "The corpus file is not in the expected format",
            LoadError::Empty { .. } => "The corpus has no readable articles",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            LoadError::Network(message) => format!("The browser reported: {message}. Check your connection, or open the reader once online so it can keep a copy for offline use."),
            LoadError::Http { status, status_text } => format!("Asking for {CORPUS_URL} returned HTTP {status} {status_text}. The site may have been published without its corpus: rebuild it with `cargo xtask build`."),
            LoadError::Corpus(CorpusError::InvalidJson { line, column, message, .. }) => format!("{CORPUS_URL} breaks off at line {line}, column {column}: {message}. Rebuild it with `tumen build`, or fix it by hand and check it with `tumen check`."),
            LoadError::Corpus(error) => format!("{error}. See docs/corpus-format.md for the expected shape."),
            LoadError::Empty { rejected } => format!("All {rejected} article(s) in {CORPUS_URL} were rejected. The corpus report below says why."),
        }
    }
}

/// Where loading stands; drives the progress view.
#[derive(Clone, PartialEq)]
pub enum LoadState {
    Loading(&'static str),
    Ready(Shared<Library>),
    Failed(LoadError, Vec<Problem>),
}

thread_local! {
    /// The current library, for the benchmark's wasm exports (outside the reactive graph).
    static CURRENT: RefCell<Option<Arc<Library>>> = const { RefCell::new(None) };
}

pub fn set_current(library: &Arc<Library>) {
    CURRENT.with(|c| *c.borrow_mut() = Some(library.clone()));
}

pub fn with_current<R>(f: impl FnOnce(&Library) -> R) -> Option<R> {
    CURRENT.with(|c| c.borrow().as_ref().map(|l| f(l)))
}

/// Records a performance mark (visible in dev tools and read by the benchmark),
/// and the wasm memory size at that moment in `window.__tumenMemory[name]`.
pub fn mark(name: &str) {
    let Some(window) = web_sys::window() else { return };
    if let Some(performance) = window.performance() {
        let _ = performance.mark(name);
    }
    let memory = js_sys::Reflect::get(&window, &"__tumenMemory".into())
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&memory, &name.into(), &crate::tumen_wasm_memory_bytes().into());
    let _ = js_sys::Reflect::set(&window, &"__tumenMemory".into(), &memory);
}

/// Lets the browser paint (progress text) before the next long step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Fetches and reads the bundled corpus, reporting each stage into `state`.
pub async fn load_bundled(state: RwSignal<LoadState>) {
    mark("tumen:fetch-start");
    state.set(LoadState::Loading("Downloading the corpus…"));
    let text = match fetch_text(CORPUS_URL).await {
        Ok(text) => text,
        Err(error) => {
            state.set(LoadState::Failed(error, Vec::new()));
            return;
        }
    };
    mark("tumen:fetched");
    state.set(LoadState::Loading("Reading articles…"));
    yield_to_browser().await;
    let loaded = match tumen_core::parse_corpus(CORPUS_URL, &text) {
        Ok(loaded) => loaded,
        Err(error) => {
            state.set(LoadState::Failed(LoadError::Corpus(error), Vec::new()));
            return;
        }
    };
    drop(text);
    mark("tumen:parsed");
    if loaded.articles.is_empty() {
        let rejected = loaded.rejected();
        state.set(LoadState::Failed(LoadError::Empty { rejected }, loaded.problems));
        return;
    }
    state.set(LoadState::Loading("Finding places, organisations and topics…"));
    yield_to_browser().await;
    let remembered = remembered_files();
    let mut library = Library::build(loaded, 0);
    if !remembered.is_empty() {
        library = add_files(&library, remembered);
    }
    let library = Arc::new(library);
    set_current(&library);
    mark("tumen:ready");
    state.set(LoadState::Ready(Shared(library)));
}

async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Http { status: response.status(), status_text: response.status_text() });
    }
    // Bytes, not text: passing a JS string into wasm reserves up to three bytes
    // per character for its UTF-8 form, which for a large corpus was the
    // biggest allocation of the whole load. Bytes copy at their exact size.
    let bytes = response.binary().await.map_err(|e| LoadError::Network(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        LoadError::Corpus(CorpusError::Io {
            file: CORPUS_URL.to_string(),
            message: format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        })
    })
}

/// Adds the reader's own files (.json, .jsonl, .txt) to the current library.
/// Files that cannot be read become problems in the corpus report; the
/// articles already loaded are never dropped.
pub fn add_files(current: &Library, files: Vec<(String, String)>) -> Library {
    let mut parts = vec![Loaded { articles: current.articles.clone(), problems: current.problems.clone() }];
    let before = current.articles.len();
    for (name, contents) in files {
        match ingest_file(&name, &contents) {
            Ok(loaded) => parts.push(loaded),
            Err(error) => parts.push(Loaded {
                articles: Vec::new(),
                problems: vec![Problem {
                    file: name.clone(),
                    index: 0,
                    article_id: None,
                    field: "(file)".to_string(),
                    message: error.to_string(),
                    severity: Severity::Error,
                }],
            }),
        }
    }
    let (corpus, problems) = merge(parts);
    let added = corpus.articles.len().saturating_sub(before) + current.added;
    Library::build(Loaded { articles: corpus.articles, problems }, added)
}

// ---- View models: plain data the components render ----

use tumen_core::gazetteer::Gazetteer;
use tumen_core::highlight::segments;
use tumen_core::index::Facets;
use tumen_core::tags::{EntityKind, Mention};
use tumen_core::topics::Taxonomy;
use tumen_core::Date;

/// The facets the sidebar shows, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetKind {
    Province,
    Topic,
    Source,
    Kind,
    Entity,
}

impl FacetKind {
    pub fn title(self) -> &'static str {
        match self {
            FacetKind::Province => "Province",
            FacetKind::Topic => "Topic",
            FacetKind::Source => "Source",
            FacetKind::Kind => "Kind",
            FacetKind::Entity => "Entity",
        }
    }

    pub fn selected(self, query: &Query) -> Vec<String> {
        match self {
            FacetKind::Province => query.provinces.clone(),
            FacetKind::Topic => query.topics.clone(),
            FacetKind::Source => query.sources.clone(),
            FacetKind::Kind => query.kinds.iter().map(|k| k.as_str().to_string()).collect(),
            FacetKind::Entity => query.entities.clone(),
        }
    }

    pub fn toggle(self, query: &mut Query, value: &str) {
        fn flip(list: &mut Vec<String>, value: &str) {
            match list.iter().position(|v| v == value) {
                Some(pos) => {
                    list.remove(pos);
                }
                None => list.push(value.to_string()),
            }
        }
        match self {
            FacetKind::Province => flip(&mut query.provinces, value),
            FacetKind::Topic => flip(&mut query.topics, value),
            FacetKind::Source => flip(&mut query.sources, value),
            FacetKind::Entity => flip(&mut query.entities, value),
            FacetKind::Kind => {
                if let Some(kind) = EntityKind::from_id(value) {
                    match query.kinds.iter().position(|k| *k == kind) {
                        Some(pos) => {
                            query.kinds.remove(pos);
                        }
                        None => query.kinds.push(kind),
                    }
                }
            }
        }
    }

    pub fn counts(self, facets: &Facets) -> Vec<(String, u32)> {
        let list = match self {
            FacetKind::Province => &facets.provinces,
            FacetKind::Topic => &facets.topics,
            FacetKind::Source => &facets.sources,
            FacetKind::Kind => &facets.kinds,
            FacetKind::Entity => return facets.entities.iter().map(|f| (f.id.clone(), f.count)).collect(),
        };
        list.iter().map(|f| (f.id.clone(), f.count)).collect()
    }
}

/// Display name of a facet value (province, topic, kind or entity id).
pub fn facet_label(kind: FacetKind, value: &str) -> String {
    match kind {
        FacetKind::Province | FacetKind::Entity => entity_name(value),
        FacetKind::Topic => topic_name(value),
        FacetKind::Kind => EntityKind::from_id(value).map_or_else(|| value.to_string(), |k| k.label().to_string()),
        FacetKind::Source => value.to_string(),
    }
}

pub fn entity_name(id: &str) -> String {
    Gazetteer::builtin().entity(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

pub fn topic_name(id: &str) -> String {
    Taxonomy::builtin().topic(id).map_or_else(|| id.to_string(), |t| t.name.clone())
}

/// One removable chip in the active-filters bar.
#[derive(Clone)]
pub struct FilterChip {
    pub facet: &'static str,
    pub label: String,
    pub remove: Arc<dyn Fn(&mut Query) + Send + Sync>,
}

impl PartialEq for FilterChip {
    fn eq(&self, other: &Self) -> bool {
        self.facet == other.facet && self.label == other.label
    }
}

pub fn active_filters(query: &Query) -> Vec<FilterChip> {
    let mut chips = Vec::new();
    if !query.text.trim().is_empty() {
        chips.push(FilterChip { facet: "Search", label: format!("“{}”", query.text.trim()), remove: Arc::new(|q: &mut Query| q.text.clear()) });
    }
    for kind in [FacetKind::Province, FacetKind::Topic, FacetKind::Source, FacetKind::Kind, FacetKind::Entity] {
        for value in kind.selected(query) {
            let label = facet_label(kind, &value);
            chips.push(FilterChip { facet: kind.title(), label, remove: Arc::new(move |q: &mut Query| kind.toggle(q, &value)) });
        }
    }
    if query.date_from.is_some() || query.date_to.is_some() {
        let label = match (query.date_from, query.date_to) {
            (Some(f), Some(t)) => format!("{} – {}", format_date(f), format_date(t)),
            (Some(f), None) => format!("from {}", format_date(f)),
            (None, Some(t)) => format!("until {}", format_date(t)),
            (None, None) => String::new(),
        };
        chips.push(FilterChip { facet: "Date", label, remove: Arc::new(|q: &mut Query| { q.date_from = None; q.date_to = None; }) });
    }
    if !query.undated {
        chips.push(FilterChip { facet: "Date", label: "dated articles only".to_string(), remove: Arc::new(|q: &mut Query| q.undated = true) });
    }
    chips
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub fn format_date(date: Date) -> String {
    format!("{} {} {}", date.day, MONTHS[(date.month as usize).clamp(1, 12) - 1], date.year)
}

/// 12345 -> "12,345".
pub fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A run of plain text, possibly a search match.
#[derive(Clone, Debug, PartialEq)]
pub struct TextPiece {
    pub text: String,
    pub is_match: bool,
}

/// A highlighted entity as shown to the reader.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRef {
    pub id: String,
    pub kind: EntityKind,
    /// "Hyesan — place in Ryanggang"; also carries the kind in words, so colour is never the only cue.
    pub title: String,
}

/// A run of article text: plain, an entity, a match, or both.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub text: String,
    pub entity: Option<EntityRef>,
    pub is_match: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResultCard {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub source: String,
    pub snippet: Vec<TextPiece>,
    pub provinces: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
}

pub fn result_card(library: &Library, doc: u32, terms: &[String]) -> ResultCard {
    let article = &library.articles[doc as usize];
    let tags = &library.tags[doc as usize];
    let snippet_text = article.snippet(260);
    ResultCard {
        id: article.id.clone(),
        title: article.title.clone(),
        date: article.date,
        source: article.source.clone(),
        snippet: match_pieces(&snippet_text, terms),
        provinces: tags.provinces.iter().map(|p| (p.clone(), entity_name(p))).collect(),
        topics: tags.topics.iter().take(4).map(|t| (t.clone(), topic_name(t))).collect(),
    }
}

/// Splits text into plain and matching pieces for the given folded terms.
pub fn match_pieces(text: &str, terms: &[String]) -> Vec<TextPiece> {
    let matches = tumen_core::matches::find_terms(text, terms);
    segments(text, &[], &matches)
        .into_iter()
        .map(|s| TextPiece { text: text[s.start..s.end].to_string(), is_match: s.is_match })
        .collect()
}

fn entity_pieces(tagger: &Tagger, text: &str, terms: &[String]) -> Vec<Piece> {
    let mentions: Vec<Mention> = tagger.mentions(text);
    let matches = tumen_core::matches::find_terms(text, terms);
    segments(text, &mentions, &matches)
        .into_iter()
        .map(|s| Piece {
            text: text[s.start..s.end].to_string(),
            entity: s.mention.and_then(|i| mentions.get(i)).map(entity_ref),
            is_match: s.is_match,
        })
        .collect()
}

fn entity_ref(mention: &Mention) -> EntityRef {
    let gazetteer = Gazetteer::builtin();
    let entity = gazetteer.entity(&mention.id);
    let name = entity.map_or_else(|| mention.id.clone(), |e| e.name.clone());
    let kind_words = match mention.kind {
        EntityKind::Province => "province".to_string(),
        EntityKind::Place => entity.and_then(|e| e.detail.clone()).unwrap_or_else(|| "place".to_string()).replace('-', " "),
        EntityKind::Region => "historic region (no single province)".to_string(),
        EntityKind::ForeignPlace => format!("place outside the DPRK{}", entity.and_then(|e| e.country.clone()).map(|c| format!(", {c}")).unwrap_or_default()),
        EntityKind::Organization => "organisation".to_string(),
        EntityKind::Event => "event".to_string(),
    };
    let province = match (mention.kind, &mention.province) {
        (EntityKind::Place, Some(p)) => format!(" in {}", entity_name(p)),
        _ => String::new(),
    };
    EntityRef { id: mention.id.clone(), kind: mention.kind, title: format!("{name} — {kind_words}{province}") }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlockView {
    pub heading: bool,
    pub pieces: Vec<Piece>,
}

/// Everything the article view shows, prepared outside the component.
pub struct ArticlePage {
    pub title: String,
    pub title_pieces: Vec<TextPiece>,
    pub date: Option<Date>,
    pub source: String,
    pub url: Option<String>,
    pub source_tags: Vec<String>,
    pub caption: Option<Vec<Piece>>,
    pub blocks: Vec<BlockView>,
    pub provinces: Vec<(String, String)>,
    pub topics: Vec<(String, String, Vec<String>)>,
}

pub fn article_page(library: &Library, doc: u32, terms: &[String]) -> ArticlePage {
    let article = &library.articles[doc as usize];
    let tags = library.tagger.tag_article(article);
    let mut blocks: Vec<BlockView> = Vec::new();
    if let Some(summary) = &article.summary {
        if article.body.is_empty() {
            blocks.push(BlockView { heading: false, pieces: entity_pieces(library.tagger, summary, terms) });
        }
    }
    for block in &article.body {
        blocks.push(BlockView { heading: block.is_heading(), pieces: entity_pieces(library.tagger, block.text(), terms) });
    }
    ArticlePage {
        title: article.title.clone(),
        title_pieces: match_pieces(&article.title, terms),
        date: article.date,
        source: article.source.clone(),
        url: article.url.clone(),
        source_tags: article.source_tags.clone(),
        caption: article.caption.as_deref().map(|c| entity_pieces(library.tagger, c, terms)),
        blocks,
        provinces: tags.provinces.iter().map(|p| (p.clone(), entity_name(p))).collect(),
        topics: tags.topics.iter().map(|t| (t.id.clone(), topic_name(&t.id), t.evidence.clone())).collect(),
    }
}

/// The other reports naming an entity, for the entity panel.
pub struct EntityOthers {
    pub name: String,
    pub detail: String,
    pub total: usize,
    pub articles: Vec<(String, String)>,
}

pub fn entity_others(library: &Library, id: &str, doc: u32) -> EntityOthers {
    let query = Query { entities: vec![id.to_string()], sort: tumen_core::index::Sort::Newest, ..Query::default() };
    let results = library.run(&query);
    let others: Vec<u32> = results.docs.iter().copied().filter(|d| *d != doc).collect();
    let entity = Gazetteer::builtin().entity(id);
    let name = entity.map_or_else(|| id.to_string(), |e| e.name.clone());
    let mut detail = EntityKind::label(entity.map_or(EntityKind::Place, |e| e.kind)).to_string();
    if let Some(e) = entity {
        if let (EntityKind::Place, Some(p)) = (e.kind, &e.province) {
            detail = format!("{} in {}", e.detail.clone().unwrap_or_else(|| "Place".into()), entity_name(p));
        }
        if let Some(h) = &e.hangul {
            detail = format!("{detail} · {h}");
        }
    }
    EntityOthers {
        name,
        detail,
        total: others.len(),
        articles: others.iter().take(12).map(|&d| {
            let a = &library.articles[d as usize];
            (a.id.clone(), a.title.clone())
        }).collect(),
    }
}

/// One timeline bar: a month, or a year when the span is long.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub label: String,
    pub first: Date,
    pub last: Date,
    pub count: u32,
}

/// Turns per-month counts into contiguous bars (empty months included), per
/// year when the results span more than ten years.
pub fn timeline_buckets(months: &[(u32, u32)]) -> Vec<Bucket> {
    let (Some(min), Some(max)) = (months.iter().map(|m| m.0).min(), months.iter().map(|m| m.0).max()) else {
        return Vec::new();
    };
    let count_in = |from: u32, to: u32| months.iter().filter(|(m, _)| (from..=to).contains(m)).map(|(_, c)| c).sum::<u32>();
    let date = |year: u32, month: u32, day: u8| Date { year: year as u16, month: month as u8, day };
    let last_day = |year: u32, month: u32| {
        (28..=31u8).rev().find(|d| Date::parse_iso(&format!("{year:04}-{month:02}-{d:02}")).is_some()).unwrap_or(28)
    };
    if max - min >= 120 {
        (min / 12..=max / 12)
            .map(|year| Bucket {
                label: year.to_string(),
                first: date(year, 1, 1),
                last: date(year, 12, 31),
                count: count_in(year * 12, year * 12 + 11),
            })
            .collect()
    } else {
        (min..=max)
            .map(|m| {
                let (year, month) = (m / 12, m % 12 + 1);
                Bucket {
                    label: format!("{} {year}", MONTHS[month as usize - 1]),
                    first: date(year, month, 1),
                    last: date(year, month, last_day(year, month)),
                    count: count_in(m, m),
                }
            })
            .collect()
    }
}

// ---- Keeping the reader's own files on this device ----

const ADDED_FILES_KEY: &str = "tumen:added-files";

/// Remembers added files in localStorage (best effort: a full quota only
/// means they are not restored next time, which the reader is told).
pub fn remember_added_files(files: &[(String, String)]) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return false };
    let mut all: Vec<(String, String)> = storage
        .get_item(ADDED_FILES_KEY)
        .ok()
        .flatten()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    for file in files {
        all.retain(|(name, _)| name != &file.0);
        all.push(file.clone());
    }
    serde_json::to_string(&all).ok().is_some_and(|json| storage.set_item(ADDED_FILES_KEY, &json).is_ok())
}

/// Files added in earlier visits.
pub fn remembered_files() -> Vec<(String, String)> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(ADDED_FILES_KEY).ok().flatten())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

pub fn forget_added_files() {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(ADDED_FILES_KEY);
    }
}
