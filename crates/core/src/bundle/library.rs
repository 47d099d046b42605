//! The reader's library: a compiled bundle, fetched piece by piece, and the
//! articles read in the browser (a plain corpus file, or the reader's own
//! additions), tagged and indexed in memory, as one index and one list.
//!
//! Copies of one story are grouped across every part: the bundle's groups come with its docs
//! tables (computed when it was built); articles read in the browser are fingerprinted here
//! and grouped among themselves, and an added article is recognised as a word-for-word copy of
//! a bundle article by its title, exact-text check and length (the bundle's text is not in memory, so
//! an added article that only lightly edits a bundle article is not grouped with it).
//!
//! Pure: it says which files an operation needs ([`Need`]), takes their bytes
//! ([`Library::insert`]), and answers once it has them. The browser's worker
//! fetches; tests and the CLI read the files from memory or disk.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::work::{KeptWork, Worked};
use super::{BundleError, Derived, FileKind, LedesFile, Manifest, MentionRef, SegmentEntry, TextFile, TitlesFile};
use crate::error::{Issue, Problem, Severity};
use crate::gazetteer::Gazetteer;
use crate::dedup::{self, Fingerprint};
use crate::index::{parse_text, Dict, DocRecords, Index, Query, Results, Segment, SegmentBuilder, SegmentText, ShardKey, ShardKind, SHARD_TARGET_BYTES};
use crate::normalize::fold;
use crate::model::{Article, Date};
use crate::tagger::Tagger;
use crate::topics::Taxonomy;

/// A bundle file's bytes as fetched: binary files are stored deflated; a reader
/// with a native inflater (the browser's `DecompressionStream`) hands them over
/// already inflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// As stored in the bundle.
    Stored,
    /// Binary files already inflated (JSON files are never deflated).
    Inflated,
}

/// A file the library needs: segment, kind, number (0 for docs and dict).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Need {
    pub segment: usize,
    pub kind: FileKind,
    pub number: usize,
}

/// What a result card shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub doc: u32,
    pub id: String,
    pub title: String,
    /// None until its ledes file has arrived.
    pub lede: Option<String>,
    pub date: Option<Date>,
    pub source: String,
    pub provinces: Vec<String>,
    pub topics: Vec<String>,
    /// The same story at other addresses ("Also at: <source> <date>"), the earliest first.
    pub copies: Vec<CopyRef>,
}

/// Another copy of a card's story: enough to name it and link to it (by `id`, as `article=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyRef {
    pub doc: u32,
    pub id: String,
    pub source: String,
    pub date: Option<Date>,
}

/// A whole article with what the tagger found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleData {
    pub doc: u32,
    pub article: Article,
    pub derived: Derived,
}

/// What the library holds, for the corpus report and the masthead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub articles: usize,
    /// Of which the reader added in this browser.
    pub added: usize,
    /// Problems to show (the bundle's first ones, then the added files').
    pub problems: Vec<Problem>,
    /// All problems, shown or not.
    pub problems_total: usize,
    /// Articles rejected.
    pub rejected: usize,
    /// Problems that kept their article.
    pub warnings: usize,
    /// Files and bytes of the bundle (0 without one).
    pub bundle_files: usize,
    pub bundle_bytes: u64,
    /// Articles merged into another copy of their story (articles minus stories).
    pub duplicates: usize,
    /// Of which the reader added in this browser (an added copy of a bundle article, or of
    /// another added one, that is not its story's representative).
    pub added_duplicates: usize,
}

struct BundlePart {
    entry: SegmentEntry,
    dict_loaded: bool,
    titles: Vec<Option<TitlesFile>>,
    ledes: Vec<Option<LedesFile>>,
    text: Vec<Option<TextFile>>,
}

enum Part {
    Bundle(Box<BundlePart>),
    /// Articles read in the browser, tagged here. `added`: the key of the group of the
    /// reader's own additions they came in (one collection each); `None` for the corpus
    /// itself, served as plain JSON. `worked`: what was worked out for each article, in
    /// the same order.
    Memory { articles: Vec<Article>, added: Option<String>, worked: Vec<Worked> },
}


/// The index and the articles behind it.
pub struct Library {
    index: Index,
    parts: Vec<Part>,
    manifest: Option<Manifest>,
    problems: Vec<Problem>,
    problems_total: usize,
    rejected: usize,
    warnings: usize,
    added_problems: Vec<Problem>,
    /// Tags articles read in the browser; a bundle needs none until some are added
    /// (building one costs more than opening a bundle of 10,000 articles).
    tagger: Option<&'static Tagger>,
    /// Articles the last [`Library::with_added`] tagged (the others' work was reused).
    added_tagged: usize,
    /// Articles the last [`Library::with_added`] indexed (the others' segments were kept).
    added_indexed: usize,
    /// Groups switched off, by key, with what was worked out for them and their segment,
    /// out of the index: switched back on, a group comes back without tagging or indexing.
    parked: HashMap<String, Group>,
    /// Work kept from an earlier visit ([`Library::keep_work`]), by group key, used the
    /// next time that group is added.
    kept: HashMap<String, KeptWork>,
    /// Keys of the groups the last [`Library::with_added_groups`] worked out anew (some of
    /// their articles tagged): the work the worker should keep again.
    reworked: Vec<String>,
}

/// A group's articles, what was worked out for each, and its index segment.
type Group = (Vec<Article>, Vec<Worked>, Segment);

/// One group of the reader's own articles: a collection. Each is indexed as a segment of
/// its own, so adding a collection, or switching one off, indexes none of the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddedGroup {
    /// What names the group from one call to the next (the collection's id).
    pub key: String,
    pub articles: Vec<Article>,
}

fn corrupt(file: String, message: impl Into<String>) -> BundleError {
    BundleError::Corrupt { file, message: message.into() }
}

impl Library {
    /// The files [`Library::open`] needs: each segment's docs file.
    pub fn opening_needs(manifest: &Manifest) -> Vec<Need> {
        (0..manifest.segments.len()).map(|segment| Need { segment, kind: FileKind::Docs, number: 0 }).collect()
    }

    /// Files worth fetching with the docs files: the titles and ledes of the newest
    /// articles (the end of the last segment), which the first list shows.
    pub fn first_list_needs(manifest: &Manifest) -> Vec<Need> {
        let Some((segment, entry)) = manifest.segments.iter().enumerate().last() else { return Vec::new() };
        let mut needs = Vec::new();
        if let Some(last) = entry.titles.len().checked_sub(1) {
            needs.push(Need { segment, kind: FileKind::Titles, number: last });
        }
        for k in entry.ledes.len().saturating_sub(2)..entry.ledes.len() {
            needs.push(Need { segment, kind: FileKind::Ledes, number: k });
        }
        needs
    }

    /// Opens a bundle from its manifest and its segments' docs files (in
    /// segment order). Enough for the list's order, the facets and the
    /// timeline; everything else arrives through [`Library::insert`].
    pub fn open(manifest: Manifest, docs: Vec<Vec<u8>>) -> Result<Library, BundleError> {
        Library::open_with(manifest, docs, Encoding::Stored)
    }

    /// [`Library::open`] with docs files in the given encoding.
    pub fn open_with(manifest: Manifest, docs: Vec<Vec<u8>>, encoding: Encoding) -> Result<Library, BundleError> {
        if docs.len() != manifest.segments.len() {
            return Err(corrupt("manifest.json".into(), format!("{} segments, {} docs files", manifest.segments.len(), docs.len())));
        }
        let mut segments = Vec::new();
        let mut parts = Vec::new();
        for (entry, bytes) in manifest.segments.iter().zip(docs) {
            let path = entry.path(FileKind::Docs, 0).unwrap_or_default();
            let bytes = if encoding == Encoding::Stored { super::inflate(&path, &bytes)? } else { bytes };
            let records = DocRecords::decode(&bytes).map_err(|e| corrupt(path.clone(), e.to_string()))?;
            if records.len() != entry.articles as usize {
                return Err(corrupt(path, format!("{} articles, the manifest says {}", records.len(), entry.articles)));
            }
            segments.push(Segment { records, text: SegmentText::unloaded(Dict::empty()) });
            parts.push(Part::Bundle(Box::new(BundlePart {
                dict_loaded: false,
                titles: vec![None; entry.titles.len()],
                ledes: vec![None; entry.ledes.len()],
                text: vec![None; entry.text.len()],
                entry: entry.clone(),
            })));
        }
        Ok(Library {
            index: Index::from_segments(segments, Gazetteer::builtin(), Taxonomy::builtin()),
            parts,
            problems: manifest.problems.shown.clone(),
            problems_total: manifest.problems.total,
            rejected: manifest.problems.rejected,
            warnings: manifest.problems.warnings,
            manifest: Some(manifest),
            added_problems: Vec::new(),
            tagger: None,
            added_tagged: 0,
            added_indexed: 0,
            parked: HashMap::new(),
            kept: HashMap::new(),
            reworked: Vec::new(),
        })
    }

    /// A library of articles read in the browser (no bundle): a plain corpus
    /// file served instead of a bundle, or a test. Tags and indexes them.
    pub fn from_articles(articles: Vec<Article>, problems: Vec<Problem>) -> Library {
        let text_bytes: usize = articles.iter().map(|a| a.fields().map(|(_, t)| t.len()).sum::<usize>()).sum();
        let tagger = Tagger::builtin_for(text_bytes);
        let rejected = super::write::rejected_articles(&problems);
        let warnings = problems.iter().filter(|p| p.severity == Severity::Warning).count();
        let worked: Vec<Worked> = articles.iter().map(|a| Worked::of(tagger, a)).collect();
        let segment = memory_segment(&articles, &worked);
        let parts = vec![Part::Memory { articles, added: None, worked }];
        let segments = vec![segment];
        let links = copy_links(&parts, &segments);
        Library {
            index: Index::from_segments_linked(segments, &links, Gazetteer::builtin(), Taxonomy::builtin()),
            parts,
            manifest: None,
            problems_total: problems.len(),
            problems,
            rejected,
            warnings,
            added_problems: Vec::new(),
            tagger: Some(tagger),
            added_tagged: 0,
            added_indexed: 0,
            parked: HashMap::new(),
            kept: HashMap::new(),
            reworked: Vec::new(),
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn summary(&self) -> Summary {
        let added = self.parts.iter().map(|p| if let Part::Memory { articles, added: Some(_), .. } = p { articles.len() } else { 0 }).sum();
        // The report lists at most MAX_PROBLEMS_SHOWN and says how many more: an import
        // with 100,000 bad records must not send and draw 100,000 rows.
        let mut problems: Vec<Problem> = self.problems.iter().take(super::MAX_PROBLEMS_SHOWN).cloned().collect();
        let room = super::MAX_PROBLEMS_SHOWN - problems.len();
        problems.extend(self.added_problems.iter().take(room).cloned());
        Summary {
            articles: self.len(),
            added,
            problems,
            problems_total: self.problems_total + self.added_problems.len(),
            rejected: self.rejected + super::write::rejected_articles(&self.added_problems),
            warnings: self.warnings + self.added_problems.iter().filter(|p| p.severity == Severity::Warning).count(),
            bundle_files: self.manifest.as_ref().map_or(0, |m| m.files),
            bundle_bytes: self.manifest.as_ref().map_or(0, |m| m.bytes),
            duplicates: self.index.duplicates(),
            added_duplicates: self.added_duplicates(),
        }
    }

    /// Added articles that are not their story's representative.
    fn added_duplicates(&self) -> usize {
        let mut count = 0;
        for (segment, part) in self.parts.iter().enumerate() {
            if let Part::Memory { articles, added: Some(_), .. } = part {
                count += (0..articles.len() as u32)
                    .filter_map(|local| self.index.global(segment, local))
                    .filter(|&d| self.index.representative(d) != d)
                    .count();
            }
        }
        count
    }

    fn bundle(&self, segment: usize) -> Option<&BundlePart> {
        match self.parts.get(segment)? {
            Part::Bundle(b) => Some(b),
            Part::Memory { .. } => None,
        }
    }

    /// A needed file's path, relative to the bundle folder.
    pub fn path(&self, need: Need) -> Option<String> {
        self.bundle(need.segment)?.entry.path(need.kind, need.number)
    }

    /// A needed file's size in bytes, as the manifest gives it.
    pub fn size(&self, need: Need) -> u64 {
        self.bundle(need.segment).and_then(|b| b.entry.files(need.kind).get(need.number)).map_or(0, |f| f.1)
    }

    fn is_loaded(&self, need: Need) -> bool {
        let Some(b) = self.bundle(need.segment) else { return true };
        match need.kind {
            FileKind::Docs => true,
            FileKind::Dict => b.dict_loaded,
            FileKind::Titles => b.titles.get(need.number).is_none_or(Option::is_some),
            FileKind::Ledes => b.ledes.get(need.number).is_none_or(Option::is_some),
            FileKind::Text => b.text.get(need.number).is_none_or(Option::is_some),
            FileKind::Postings => self.index.segments()[need.segment].text.is_loaded(ShardKind::Postings, need.number),
            FileKind::Positions => self.index.segments()[need.segment].text.is_loaded(ShardKind::Positions, need.number),
        }
    }

    /// Takes a fetched file, checking it is the one the manifest describes.
    pub fn insert(&mut self, need: Need, bytes: &[u8]) -> Result<(), BundleError> {
        self.insert_with(need, bytes, Encoding::Stored)
    }

    /// [`Library::insert`] with the file in the given encoding.
    pub fn insert_with(&mut self, need: Need, bytes: &[u8], encoding: Encoding) -> Result<(), BundleError> {
        let path = self.path(need).ok_or_else(|| corrupt(format!("{need:?}"), "no such file in the manifest"))?;
        let bad = |message: String| corrupt(path.clone(), message);
        let Some(Part::Bundle(part)) = self.parts.get_mut(need.segment) else {
            return Err(bad("not a bundle segment".into()));
        };
        let inflated;
        let bytes = if encoding == Encoding::Stored && matches!(need.kind, FileKind::Dict | FileKind::Postings | FileKind::Positions) {
            inflated = super::inflate(&path, bytes)?;
            &inflated[..]
        } else {
            bytes
        };
        let n = part.entry.articles as usize;
        match need.kind {
            FileKind::Docs => return Err(bad("docs files are read when the bundle is opened".into())),
            FileKind::Dict => {
                let dict = Dict::decode(bytes).map_err(|e| bad(e.to_string()))?;
                if dict.len() != part.entry.terms as usize || dict.shard_count() != part.entry.postings.len() {
                    return Err(bad(format!("{} terms in {} shards; the manifest says {} in {}", dict.len(), dict.shard_count(), part.entry.terms, part.entry.postings.len())));
                }
                self.index.set_dictionary(need.segment, dict);
                part.dict_loaded = true;
            }
            FileKind::Titles => {
                let file: TitlesFile = parse_json(bytes).map_err(bad)?;
                let block = part.entry.titles_block as usize;
                let count = block.min(n.saturating_sub(need.number * block));
                if file.first as usize != need.number * block || file.ids.len() != count || file.titles.len() != count {
                    return Err(bad("it holds other articles than the manifest says".into()));
                }
                part.titles[need.number] = Some(file);
            }
            FileKind::Ledes => {
                let file: LedesFile = parse_json(bytes).map_err(bad)?;
                let block = part.entry.ledes_block as usize;
                let count = block.min(n.saturating_sub(need.number * block));
                if file.first as usize != need.number * block || file.ledes.len() != count {
                    return Err(bad("it holds other articles than the manifest says".into()));
                }
                part.ledes[need.number] = Some(file);
            }
            FileKind::Text => {
                let file: TextFile = parse_json(bytes).map_err(bad)?;
                let first = part.entry.text_starts.get(need.number).copied().unwrap_or(0) as usize;
                let end = part.entry.text_starts.get(need.number + 1).map_or(n, |&e| e as usize);
                if file.first as usize != first || file.articles.len() != end - first {
                    return Err(bad("it holds other articles than the manifest says".into()));
                }
                part.text[need.number] = Some(file);
            }
            FileKind::Postings | FileKind::Positions => {
                let kind = if need.kind == FileKind::Postings { ShardKind::Postings } else { ShardKind::Positions };
                if !part.dict_loaded {
                    return Err(bad("a shard arrived before its dictionary".into()));
                }
                self.index.insert_shard(ShardKey { segment: need.segment, kind, shard: need.number }, bytes).map_err(|e| bad(e.to_string()))?;
            }
        }
        Ok(())
    }

    /// Drops a loaded file to save memory (postings, positions, ledes and
    /// text files: the rest is needed all the time). It is fetched again when needed.
    pub fn evict(&mut self, need: Need) {
        let Some(Part::Bundle(part)) = self.parts.get_mut(need.segment) else { return };
        match need.kind {
            FileKind::Ledes => {
                if let Some(slot) = part.ledes.get_mut(need.number) {
                    *slot = None;
                }
            }
            FileKind::Text => {
                if let Some(slot) = part.text.get_mut(need.number) {
                    *slot = None;
                }
            }
            FileKind::Postings | FileKind::Positions => {
                let kind = if need.kind == FileKind::Postings { ShardKind::Postings } else { ShardKind::Positions };
                self.index.evict_shard(ShardKey { segment: need.segment, kind, shard: need.number });
            }
            FileKind::Docs | FileKind::Dict | FileKind::Titles => {}
        }
    }

    /// Dictionaries not loaded yet.
    pub fn missing_dictionaries(&self) -> Vec<Need> {
        (0..self.parts.len())
            .map(|segment| Need { segment, kind: FileKind::Dict, number: 0 })
            .filter(|&n| !self.is_loaded(n))
            .collect()
    }

    /// What running `q` needs: first the dictionaries (when there is search
    /// text), then the shards of the words searched.
    pub fn missing_for_query(&self, q: &Query) -> Vec<Need> {
        if parse_text(&q.text).is_empty() {
            return Vec::new();
        }
        let dicts = self.missing_dictionaries();
        if !dicts.is_empty() {
            return dicts;
        }
        self.index
            .missing_shards(q)
            .into_iter()
            .map(|k| Need {
                segment: k.segment,
                kind: if k.kind == ShardKind::Postings { FileKind::Postings } else { FileKind::Positions },
                number: k.shard,
            })
            .collect()
    }

    /// Runs a query (see [`Index::run`]); shards not loaded match nothing.
    pub fn run(&self, q: &Query) -> Results {
        self.index.run(q)
    }

    /// Runs a query among `within` only (see [`Index::run_within`]).
    pub fn run_within(&self, q: &Query, within: Option<&[u32]>) -> Results {
        self.index.run_within(q, within)
    }

    fn block_need(&self, doc: u32, kind: FileKind) -> Option<Need> {
        let (segment, local) = self.index.locate(doc)?;
        let b = self.bundle(segment)?;
        let number = match kind {
            FileKind::Titles => local / b.entry.titles_block,
            FileKind::Ledes => local / b.entry.ledes_block,
            FileKind::Text => (b.entry.text_starts.partition_point(|&s| s <= local).max(1) - 1) as u32,
            _ => return None,
        } as usize;
        Some(Need { segment, kind, number })
    }

    fn missing_of(&self, docs: &[u32], kind: FileKind) -> Vec<Need> {
        let mut out: Vec<Need> = docs.iter().filter_map(|&d| self.block_need(d, kind)).filter(|&n| !self.is_loaded(n)).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Titles files the cards of `docs` need (without them a card cannot show), their
    /// copies' included (a card names its copies).
    pub fn missing_titles_for(&self, docs: &[u32]) -> Vec<Need> {
        let mut all = docs.to_vec();
        for &d in docs {
            all.extend(self.index.copies_of(d));
        }
        self.missing_of(&all, FileKind::Titles)
    }

    /// Ledes files the cards of `docs` need (cards show without them, then fill in).
    pub fn missing_ledes_for(&self, docs: &[u32]) -> Vec<Need> {
        self.missing_of(docs, FileKind::Ledes)
    }

    /// Every titles file not loaded yet, the newest articles' first.
    pub fn missing_titles(&self) -> Vec<Need> {
        let mut out = Vec::new();
        for (segment, part) in self.parts.iter().enumerate().rev() {
            if let Part::Bundle(b) = part {
                out.extend((0..b.titles.len()).rev().filter(|&k| b.titles[k].is_none()).map(|number| Need { segment, kind: FileKind::Titles, number }));
            }
        }
        out
    }

    /// The text file an article needs.
    pub fn missing_for_article(&self, doc: u32) -> Vec<Need> {
        self.missing_of(&[doc], FileKind::Text)
    }

    /// A document's article id; None when its titles file is not loaded (or no such doc).
    /// Cheap (no card is built): the worker maps every id to its document with it.
    pub fn id_of(&self, doc: u32) -> Option<&str> {
        let (segment, local) = self.index.locate(doc)?;
        let l = local as usize;
        match self.parts.get(segment)? {
            Part::Memory { articles, .. } => Some(articles.get(l)?.id.as_str()),
            Part::Bundle(b) => {
                let tb = b.entry.titles_block as usize;
                b.titles.get(l / tb)?.as_ref()?.ids.get(l % tb).map(String::as_str)
            }
        }
    }

    /// A result card; None when its titles file, or a copy's, is not loaded (or no such doc).
    pub fn card(&self, doc: u32) -> Option<Card> {
        let (segment, local) = self.index.locate(doc)?;
        let info = self.index.doc_info(doc)?;
        let l = local as usize;
        let (id, title, lede) = match self.parts.get(segment)? {
            Part::Memory { articles, .. } => {
                let a = articles.get(l)?;
                (a.id.clone(), a.title.clone(), Some(super::write::lede(a)))
            }
            Part::Bundle(b) => {
                let tb = b.entry.titles_block as usize;
                let t = b.titles.get(l / tb)?.as_ref()?;
                let lb = b.entry.ledes_block as usize;
                let lede = b.ledes.get(l / lb).and_then(Option::as_ref).and_then(|f| f.ledes.get(l % lb)).cloned();
                (t.ids.get(l % tb)?.clone(), t.titles.get(l % tb)?.clone(), lede)
            }
        };
        let mut copies = Vec::new();
        for other in self.index.copies_of(doc) {
            let info = self.index.doc_info(other)?;
            copies.push(CopyRef { doc: other, id: self.id_of(other)?.to_string(), source: info.source, date: info.date });
        }
        Some(Card { doc, id, title, lede, date: info.date, source: info.source, provinces: info.provinces, topics: info.topics, copies })
    }

    /// A whole article; None when its text file is not loaded (or no such doc).
    pub fn article(&self, doc: u32) -> Option<ArticleData> {
        let (segment, local) = self.index.locate(doc)?;
        match self.parts.get(segment)? {
            Part::Memory { articles, .. } => {
                let article = articles.get(local as usize)?.clone();
                let analysis = self.tagger.unwrap_or_else(Tagger::builtin_compact).analyze_article(&article);
                let derived = Derived {
                    provinces: analysis.tags.provinces,
                    topics: analysis.tags.topics,
                    mentions: analysis
                        .mentions
                        .into_iter()
                        .map(|(part, m)| MentionRef(part as u32, m.start as u32, m.end as u32, m.id, m.kind, m.province))
                        .collect(),
                };
                Some(ArticleData { doc, article, derived })
            }
            Part::Bundle(b) => {
                let need = self.block_need(doc, FileKind::Text)?;
                let file = b.text.get(need.number)?.as_ref()?;
                let item = file.articles.get((local - file.first) as usize)?;
                Some(ArticleData { doc, article: item.article.clone(), derived: item.tumen.clone() })
            }
        }
    }

    /// The document with this article id: `Ok(None)` when there is none,
    /// `Err(needs)` when titles files must be loaded to tell.
    pub fn find(&self, id: &str) -> Result<Option<u32>, Vec<Need>> {
        let mut needs = Vec::new();
        for (segment, part) in self.parts.iter().enumerate() {
            let local = match part {
                Part::Memory { articles, .. } => articles.iter().position(|a| a.id == id),
                Part::Bundle(b) => {
                    let mut found = None;
                    for (k, t) in b.titles.iter().enumerate() {
                        match t {
                            Some(t) => {
                                if let Some(i) = t.ids.iter().position(|x| x == id) {
                                    found = Some(t.first as usize + i);
                                    break;
                                }
                            }
                            None => needs.push(Need { segment, kind: FileKind::Titles, number: k }),
                        }
                    }
                    found
                }
            };
            if let Some(local) = local {
                return Ok(self.index.global(segment, local as u32));
            }
        }
        if needs.is_empty() {
            Ok(None)
        } else {
            Err(needs)
        }
    }

    /// Articles the last [`Library::with_added`] had to tag: those it had not tagged before
    /// (an article added again unchanged keeps what was found in it).
    pub fn added_tagged(&self) -> usize {
        self.added_tagged
    }

    /// Articles the last [`Library::with_added`] indexed: those of the groups that changed
    /// (an unchanged group keeps its segment).
    pub fn added_indexed(&self) -> usize {
        self.added_indexed
    }

    /// Hands the library work kept from an earlier visit for group `key` (bytes of
    /// [`Library::work_of`] written with the same [`work::stamp`](super::work::stamp)):
    /// when that group is next added, its articles found there unchanged are not tagged or
    /// fingerprinted again. Returns how many articles the bytes hold; bytes of another
    /// build, cut short or damaged are refused whole (the work is then simply redone).
    pub fn keep_work(&mut self, key: &str, bytes: &[u8], stamp: &str) -> Result<usize, crate::codec::DecodeError> {
        let kept = KeptWork::decode(bytes, stamp)?;
        let n = kept.len();
        self.kept.insert(key.to_string(), kept);
        Ok(n)
    }

    /// The work done on group `key`'s articles, as bytes to keep for the next visit.
    pub fn work_of(&self, key: &str, stamp: &str) -> Option<Vec<u8>> {
        self.parts.iter().find_map(|p| match p {
            Part::Memory { articles, added: Some(k), worked } if k == key => Some(super::work::encode(stamp, articles, worked)),
            _ => None,
        })
    }

    /// The groups the last [`Library::with_added_groups`] tagged articles of: their work
    /// changed, so what was kept of it should be written again.
    pub fn reworked(&self) -> &[String] {
        &self.reworked
    }

    /// The reader's own articles as one group: [`Library::with_added_groups`] with one.
    pub fn with_added(self, articles: Vec<Article>, problems: Vec<Problem>) -> Library {
        self.with_added_groups(vec![AddedGroup { key: String::new(), articles }], problems, &[])
    }

    /// The reader's own articles, in groups (collections): replaces any added before,
    /// leaving out ids the corpus already has. Needs every titles file (see
    /// [`Library::missing_titles`]) to tell.
    ///
    /// The worker adds the whole archive each time (after an import, once every titles
    /// file is in, when a collection is switched), so what was done before is reused: a
    /// group given again exactly as before keeps its index segment, and in a group that
    /// changed only the articles not tagged before are tagged (an article added again
    /// unchanged keeps what was found in it). Adding a collection to a large archive thus
    /// tags and indexes that collection alone.
    ///
    /// `switched_off` names groups left out for now (collections switched off): their work
    /// is kept out of the index, so that switching one back on costs nothing more than
    /// another group left unchanged. A group neither given nor named (deleted) is dropped.
    pub fn with_added_groups(self, groups: Vec<AddedGroup>, problems: Vec<Problem>, switched_off: &[String]) -> Library {
        let Library { index, mut parts, manifest, problems: corpus_problems, problems_total, rejected, warnings, tagger, parked, kept: mut kept_work, .. } = self;
        let mut segments = index.into_segments();
        // What each group was the last time, by key (the added parts come last), or when
        // it was switched off.
        let mut before: HashMap<String, Group> = parked;
        while matches!(parts.last(), Some(Part::Memory { added: Some(_), .. })) {
            if let (Some(Part::Memory { articles, worked, added: Some(key) }), Some(segment)) = (parts.pop(), segments.pop()) {
                before.insert(key, (articles, worked, segment));
            }
        }
        let mut known: HashSet<&str> = HashSet::new();
        for part in &parts {
            match part {
                Part::Memory { articles, .. } => known.extend(articles.iter().map(|a| a.id.as_str())),
                Part::Bundle(b) => known.extend(b.titles.iter().flatten().flat_map(|t| t.ids.iter().map(String::as_str))),
            }
        }
        let mut added_problems = problems;
        let mut kept: Vec<AddedGroup> = Vec::with_capacity(groups.len());
        for group in groups {
            let mut keep = Vec::with_capacity(group.articles.len());
            for a in group.articles {
                if known.contains(a.id.as_str()) {
                    added_problems.push(Problem::new("(added)", 0, Some(&a.id), "id", Issue::AlreadyInCorpus, Severity::Error));
                } else {
                    keep.push(a);
                }
            }
            if !keep.is_empty() {
                kept.push(AddedGroup { key: group.key, articles: keep });
            }
        }
        drop(known);
        let tagger = tagger.or_else(|| (!kept.is_empty()).then(Tagger::builtin_compact));
        let (mut added_tagged, mut added_indexed) = (0, 0);
        let mut reworked = Vec::new();
        if let Some(tagger) = tagger {
            for AddedGroup { key, articles: keep } in kept {
                let (segment, worked) = match before.remove(&key) {
                    // The same articles in the same order: the same segment.
                    Some((old, worked, segment)) if old == keep && worked.len() == keep.len() => (segment, worked),
                    before => {
                        let (old, old_worked) = before.map(|(a, w, _)| (a, w)).unwrap_or_default();
                        let mut from_disk = kept_work.remove(&key).unwrap_or_default();
                        let tagged_before = added_tagged;
                        let worked = rework(tagger, &keep, old, old_worked, &mut from_disk, &mut added_tagged);
                        if added_tagged > tagged_before {
                            reworked.push(key.clone());
                        }
                        added_indexed += keep.len();
                        (memory_segment(&keep, &worked), worked)
                    }
                };
                segments.push(segment);
                parts.push(Part::Memory { articles: keep, added: Some(key), worked });
            }
        }
        before.retain(|key, _| switched_off.contains(key));
        // Kept work is for the first time a group is added in a visit; a group switched off
        // keeps its own until it is switched on.
        kept_work.retain(|key, _| switched_off.contains(key));
        let links = copy_links(&parts, &segments);
        Library {
            index: Index::from_segments_linked(segments, &links, Gazetteer::builtin(), Taxonomy::builtin()),
            parts,
            manifest,
            problems: corpus_problems,
            problems_total,
            rejected,
            warnings,
            added_problems,
            tagger,
            added_tagged,
            added_indexed,
            parked: before,
            kept: kept_work,
            reworked,
        }
    }
}

/// What was worked out for each of `articles`, reusing what was found in `old` (worked out
/// as `old_worked`) for an article that is the very same: an article edited and added again
/// under the same id is worked out afresh. Counts the articles worked out in `tagged`.
fn rework(tagger: &Tagger, articles: &[Article], old: Vec<Article>, old_worked: Vec<Worked>, kept: &mut KeptWork, tagged: &mut usize) -> Vec<Worked> {
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(old.len());
    for (i, a) in old.iter().enumerate() {
        at.entry(a.id.as_str()).or_insert(i);
    }
    let mut reused: Vec<Option<Worked>> = old_worked.into_iter().map(Some).collect();
    articles
        .iter()
        .map(|a| {
            let same = at.get(a.id.as_str()).copied().filter(|&i| old.get(i) == Some(a));
            match same.and_then(|i| reused.get_mut(i).and_then(Option::take)).or_else(|| kept.take(a)) {
                Some(w) => w,
                None => {
                    *tagged += 1;
                    Worked::of(tagger, a)
                }
            }
        })
        .collect()
}

/// The index segment of articles read in the browser, from what was worked out for each.
fn memory_segment(articles: &[Article], worked: &[Worked]) -> Segment {
    let mut builder = SegmentBuilder::new();
    for (a, w) in articles.iter().zip(worked) {
        builder.push(a, &w.tags);
    }
    builder.finish(SHARD_TARGET_BYTES)
}

/// Pairs of copies the segments' docs tables cannot know: among the articles held in memory
/// (fingerprinted here), and an article in memory that repeats a bundle article word for word:
/// the same folded title, exact-text check and weighted length (the bundle's titles files must
/// be loaded). The length costs nothing (the docs table has it) and keeps the 16-bit check from
/// joining two different reports that share a stock title ("Artillery Fire").
fn copy_links(parts: &[Part], segments: &[Segment]) -> Vec<(u32, u32)> {
    let mut bases = Vec::with_capacity(segments.len());
    let mut next = 0u32;
    for s in segments {
        bases.push(next);
        next = next.saturating_add(s.len() as u32);
    }
    let title_key = |title: &str| dedup::hash_bytes(fold(title).as_bytes());
    // Bundle articles by (title, check, length): the first of each.
    let mut bundle: std::collections::HashMap<(u64, u16, u32), u32> = std::collections::HashMap::new();
    let has_memory = parts.iter().any(|p| matches!(p, Part::Memory { articles, .. } if !articles.is_empty()));
    if has_memory {
        for (segment, part) in parts.iter().enumerate() {
            let (Part::Bundle(b), Some(seg), Some(&base)) = (part, segments.get(segment), bases.get(segment)) else { continue };
            for t in b.titles.iter().flatten() {
                for (k, title) in t.titles.iter().enumerate() {
                    let local = t.first as usize + k;
                    if local < seg.len() {
                        let length = seg.records.length.get(local).copied().unwrap_or(0);
                        bundle.entry((title_key(title), seg.records.check(local), length)).or_insert(base + local as u32);
                    }
                }
            }
        }
    }
    let mut docs: Vec<u32> = Vec::new();
    let mut fingerprints: Vec<Fingerprint> = Vec::new();
    let mut dates = Vec::new();
    let mut links = Vec::new();
    for (segment, part) in parts.iter().enumerate() {
        let (Part::Memory { articles, worked, .. }, Some(&base), Some(seg)) = (part, bases.get(segment), segments.get(segment)) else { continue };
        for (local, (a, w)) in articles.iter().zip(worked).enumerate() {
            let fp = w.fingerprint.clone();
            let doc = base + local as u32;
            let length = seg.records.length.get(local).copied().unwrap_or(0);
            if let Some(&other) = bundle.get(&(title_key(&a.title), fp.check(), length)) {
                links.push((other, doc));
            }
            docs.push(doc);
            dates.push(a.date);
            fingerprints.push(fp);
        }
    }
    for (rep, copy) in crate::index::copy_links(&fingerprints, &dates, 0) {
        if let (Some(&a), Some(&b)) = (docs.get(rep as usize), docs.get(copy as usize)) {
            links.push((a, b));
        }
    }
    links
}

fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not the expected JSON ({e})"))
}
