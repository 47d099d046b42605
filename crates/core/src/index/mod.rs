//! The search index: full text (BM25 with prefix, phrase, exclusion and
//! gazetteer expansion), facets (province, topic, source, entity kind,
//! entity), a date range and a month timeline, all in one [`Index::run`].
//!
//! An index is a list of [`Segment`]s laid end to end. Built in memory
//! ([`Index::build`]) it has one segment with every shard loaded; opened
//! from a compiled bundle (`crate::bundle`) it has one segment per part of
//! the bundle, and text shards arrive as queries need them:
//! [`Index::missing_shards`] says which, [`Index::insert_shard`] adds one.
//!
//! ```
//! use tumen_core::index::{Index, Query};
//! use tumen_core::{Article, tags::ArticleTags};
//! let a = Article { id: "a1".into(), title: "Rice prices rise in Hyesan".into(), date: None,
//!     source: "Daily NK".into(), url: None, source_tags: vec![], caption: None,
//!     summary: None, body: vec![] };
//! let index = Index::build(&[a], &[ArticleTags::default()]);
//! let results = index.run(&Query::text("pric"));
//! assert_eq!(results.docs, vec![0]);
//! ```
//!
//! ## Semantics
//!
//! * Documents are numbered `0..n` in the order of the articles given to
//!   [`Index::build`]; results are those numbers.
//! * Search text: every word/phrase is required (AND); see
//!   [`query::parse_text`] for quotes, `-exclusion` and prefix matching of
//!   the word being typed (from three letters, two Hangul syllables; see
//!   `search::max_expansions`). A word or run of words that is a spelling of a
//!   gazetteer entity also matches every article the tagger tagged with that
//!   entity, whatever spelling it used ("Yanggang" finds "Ryanggang" and
//!   "양강도에서"); mentions score like body words.
//!   Text is folded with
//!   [`crate::normalize::fold`] exactly as the tagger folds it.
//! * Facets: values of one facet are OR-ed, facets are AND-ed. Each facet's
//!   counts are computed over the results filtered by every *other* facet
//!   (and the text and date range) — disjunctive faceting — so each count says
//!   how many results there would be with that value added (for an unselected
//!   value of an unselected facet, how many results have it). Every known
//!   province, topic, source and kind is listed, with count 0 when it has none;
//!   selected values are always listed. The entity facet lists the top
//!   [`ENTITY_FACET_SIZE`] entities of its results plus any selected ones.
//! * Dates: `date_from..=date_to` filters dated articles; undated articles are
//!   outside any range and are governed by `undated` alone.
//! * Timeline: month counts over the results with every filter **except the
//!   date range** (text, facets and `undated` still apply), for every month
//!   from the corpus' first to its last dated month, zeros included, so the
//!   x axis is stable and the user can see (and re-drag) outside the range.
//! * Sort: `Relevance` only when there is search text, else `Newest`;
//!   dates ascending/descending with undated articles last; ties keep
//!   document order (relevance ties: newest first).

pub mod query;

mod bitset;
mod build;
mod copies;
mod docs;
mod facets;
pub mod inflect;
mod search;
mod table;
mod text;
pub mod typos;

use crate::gazetteer::Gazetteer;
use crate::model::{Article, Date};
use crate::tags::{ArticleTags, EntityKind};
use crate::topics::Taxonomy;
use bitset::Bitset;
use build::TextBuilder;
pub(crate) use build::field_weight;
pub use docs::{date_of_key, day_key, DocRecords, UNDATED};
pub use query::{parse_text, parse_url_date, Clause, MarkFilter, Query, Sort, MAX_QUERY_BYTES, MAX_QUERY_TOKENS};
pub use search::ShardKey;
use search::{Expansions, Texts};
use table::DocTable;
pub use text::{Dict, SegmentText, ShardData, ShardKind, SHARD_TARGET_BYTES};

/// Fewer articles with every word than this, and [`Results::near`] lists the best of those that
/// have every word but one, up to this many in all: the first screen of a short list.
pub const NEAR_FILL: usize = 10;

/// How many entities the entity facet lists (selected ones come in addition).
pub const ENTITY_FACET_SIZE: usize = 15;

/// How many topics, and how many provinces, [`Results::topic_series`] and
/// [`Results::province_series`] follow over time.
pub const TREND_SERIES: usize = 4;

/// One value's articles per month, on the timeline's months.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Series {
    /// A topic or province id.
    pub id: String,
    /// The sum of `months`: the value's dated articles on the timeline.
    pub total: u32,
    /// One count per entry of [`Results::timeline`], in the same order.
    pub months: Vec<u32>,
}

/// What [`Index::run`] returns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// Matching document numbers, in the query's sort order.
    pub docs: Vec<u32>,
    /// `docs.len()`.
    pub total: usize,
    pub facets: Facets,
    /// `(Date::month_index, count)` for every month of the corpus' dated span.
    pub timeline: Vec<(u32, u32)>,
    /// Undated articles among the results.
    pub undated: u32,
    /// Folded words and phrases (words joined by one space) that matched or
    /// were searched for, expansions included, for highlighting.
    pub matched_terms: Vec<String>,
    /// Words typed that some results match only through a typo, each with
    /// the spellings they were also searched as ("smugling" → "smuggling").
    pub corrections: Vec<(String, Vec<String>)>,
    /// When no article has every word searched: `(words the results have, words searched)`.
    /// The results are then the articles with the most of them.
    pub relaxed: Option<(usize, usize)>,
    /// When fewer than [`NEAR_FILL`] articles have every word: the best of those that have
    /// every word but one, enough to make up [`NEAR_FILL`], to list after `docs` ("COVID-19"
    /// and "locked down" for "COVID lockdown"). Sorted by relevance; each word as typed or in
    /// another form, never through a typo; filters, dates, marks and excluded words apply.
    /// Not counted in `total`, the facets or the timeline, which count the articles with every
    /// word. Empty otherwise (and when sorted by date).
    pub near: Vec<u32>,
    /// For each document of `docs` that has copies (the same story at another address), its
    /// other copies, the group's representative (earliest dated) first. Filled whether copies
    /// are collapsed or shown ([`Query::duplicates`]); a copy is listed whether or not it
    /// matches the query.
    pub copies: std::collections::HashMap<u32, Vec<u32>>,
    /// `(province, topic, count)` for every pair with articles, provinces in the Province
    /// facet's order, topics in the Topic facet's: counted over the results with every
    /// filter but province and topic, so a count is what filtering to exactly that pair gives.
    pub province_topics: Vec<(String, String, u32)>,
    /// The [`TREND_SERIES`] topics with most articles on the timeline (the timeline's
    /// documents: every filter but the date range), each per month.
    pub topic_series: Vec<Series>,
    /// The same for provinces.
    pub province_series: Vec<Series>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// In [`crate::gazetteer::PROVINCE_ORDER`], then other ids seen in tags.
    pub provinces: Vec<FacetValue>,
    /// In the taxonomy's order, then other ids seen in tags.
    pub topics: Vec<FacetValue>,
    /// Sorted by name (case-insensitive).
    pub sources: Vec<FacetValue>,
    /// In [`EntityKind::ALL`] order; `id` is [`EntityKind::as_str`].
    pub kinds: Vec<FacetValue>,
    /// By count (descending) then id; selected ones not in the top are appended.
    pub entities: Vec<EntityFacetValue>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    pub id: String,
    pub count: u32,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityFacetValue {
    pub id: String,
    pub kind: Option<EntityKind>,
    pub count: u32,
    pub selected: bool,
}

/// One part of an index: its documents' records and its text.
#[derive(Debug)]
pub struct Segment {
    pub records: DocRecords,
    pub text: SegmentText,
}

impl Segment {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Builds one segment from articles and their tags, one article at a time.
pub struct SegmentBuilder {
    records: DocRecords,
    text: TextBuilder,
}

impl Default for SegmentBuilder {
    fn default() -> Self {
        SegmentBuilder::new()
    }
}

impl SegmentBuilder {
    pub fn new() -> Self {
        SegmentBuilder { records: DocRecords::new(), text: TextBuilder::new() }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn push(&mut self, article: &Article, tags: &ArticleTags) {
        for (field, text) in article.fields() {
            self.text.add_field(text, field_weight(field));
        }
        let length = self.text.end_doc();
        self.records.push(article.date, &article.source, tags, length);
    }

    /// Sets the last pushed articles' copy information (see [`DocRecords::set_copy`]).
    pub fn set_copy(&mut self, doc: usize, check: u16, key: u64) {
        self.records.set_copy(doc, check, key);
    }

    /// Finishes the segment, cutting its text into shards of about `shard_bytes` of postings.
    pub fn finish(self, shard_bytes: usize) -> Segment {
        let parts = self.text.finish();
        Segment { records: self.records, text: SegmentText::from_parts(parts, shard_bytes) }
    }
}

/// The index over one corpus. Build once, run many queries.
#[derive(Debug)]
pub struct Index {
    segments: Vec<Segment>,
    /// First document number of each segment.
    bases: Vec<u32>,
    table: DocTable,
    /// The expansions of a gazetteer other than the built-in one (whose expansions are
    /// built once, on the first search with text, and shared by every index).
    own_expansions: Option<Expansions>,
    /// The last search text's plan. The worker asks what a query needs, fetches
    /// it, then runs it: the plan (prefix, compound and typo expansion over the
    /// dictionary, the costly part) depends only on the text and the
    /// dictionaries, so it is made once for both.
    last_plan: std::sync::Mutex<Option<Plan>>,
}

/// What an article placed in a searched province, without naming it, adds to its score:
/// less than any word it contains would.
const PROVINCE_MEMBER_SCORE: f32 = 0.05;

/// A search text's groups and the terms to highlight.
#[derive(Clone, Debug)]
struct Plan {
    text: String,
    groups: Vec<search::Group>,
    highlight: Vec<String>,
}

impl Index {
    /// The plan of `text`, from the cache when the text is the last one planned.
    fn plan(&self, text: &str) -> (Vec<search::Group>, Vec<String>) {
        if let Ok(cache) = self.last_plan.lock() {
            if let Some(p) = cache.as_ref().filter(|p| p.text == text) {
                return (p.groups.clone(), p.highlight.clone());
            }
        }
        let clauses = parse_text(text);
        let mut highlight = Vec::new();
        let groups = self.texts().plan(&clauses, self.expansions(), &mut highlight);
        if let Ok(mut cache) = self.last_plan.lock() {
            *cache = Some(Plan { text: text.to_string(), groups: groups.clone(), highlight: highlight.clone() });
        }
        (groups, highlight)
    }

    /// Builds the index with the built-in gazetteer and topic taxonomy.
    /// `tags[i]` belongs to `articles[i]` (missing tags count as none).
    pub fn build(articles: &[Article], tags: &[ArticleTags]) -> Index {
        Index::build_with(articles, tags, Gazetteer::builtin(), Taxonomy::builtin())
    }

    /// Builds with a given gazetteer (search expansion, known provinces) and
    /// taxonomy (known topics).
    pub fn build_with(articles: &[Article], tags: &[ArticleTags], gazetteer: &Gazetteer, taxonomy: &Taxonomy) -> Index {
        Index::build_streaming(articles, |i, _| tags.get(i).cloned().unwrap_or_default(), gazetteer, taxonomy)
    }

    /// Builds while tagging: `tag_of(i, article)` is called once per article,
    /// in order, and its tags are dropped after use. This keeps peak memory
    /// low on large corpora, where holding every article's full tags at once
    /// would cost about as much as the corpus text itself.
    pub fn build_streaming(
        articles: &[Article],
        mut tag_of: impl FnMut(usize, &Article) -> ArticleTags,
        gazetteer: &Gazetteer,
        taxonomy: &Taxonomy,
    ) -> Index {
        let mut builder = SegmentBuilder::new();
        let mut fingerprints = Vec::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            let tags = tag_of(i, a);
            builder.push(a, &tags);
            let fp = crate::dedup::Fingerprint::of(a);
            builder.records.set_copy(i, fp.check(), 0);
            fingerprints.push(fp);
        }
        let links = copy_links(&fingerprints, &articles.iter().map(|a| a.date).collect::<Vec<_>>(), 0);
        Index::from_segments_linked(vec![builder.finish(SHARD_TARGET_BYTES)], &links, gazetteer, taxonomy)
    }

    /// Lays segments end to end: the first segment's documents are numbered
    /// from 0, the next one's follow, and so on.
    pub fn from_segments(segments: Vec<Segment>, gazetteer: &Gazetteer, taxonomy: &Taxonomy) -> Index {
        Index::from_segments_linked(segments, &[], gazetteer, taxonomy)
    }

    /// [`Index::from_segments`] with more pairs of copies than the segments' copy keys say:
    /// copies found among articles held in memory, and between those and the segments'.
    pub fn from_segments_linked(segments: Vec<Segment>, links: &[(u32, u32)], gazetteer: &Gazetteer, taxonomy: &Taxonomy) -> Index {
        let mut bases = Vec::with_capacity(segments.len());
        let mut next = 0u32;
        for s in &segments {
            bases.push(next);
            next = next.saturating_add(s.len() as u32);
        }
        let table = DocTable::build(segments.iter().map(|s| &s.records), links, gazetteer, taxonomy);
        let own_expansions = (!std::ptr::eq(gazetteer, Gazetteer::builtin())).then(|| build_expansions(gazetteer));
        Index { segments, bases, table, own_expansions, last_plan: std::sync::Mutex::new(None) }
    }

    /// A document's other copies (the same story at other addresses), the group's
    /// representative first; empty when it has none.
    pub fn copies_of(&self, doc: u32) -> Vec<u32> {
        self.table.copies.members(doc).iter().copied().filter(|&d| d != doc).collect()
    }

    /// The representative of a document's copies (the earliest dated; itself when it has none).
    pub fn representative(&self, doc: u32) -> u32 {
        self.table.copies.members(doc).first().copied().unwrap_or(doc)
    }

    /// Documents that are copies of another: documents minus stories.
    pub fn duplicates(&self) -> usize {
        self.table.copies.merged()
    }

    /// The segments, to be laid out again with others (their loaded shards kept).
    pub fn into_segments(self) -> Vec<Segment> {
        self.segments
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The segment holding a document, and the document's number in it.
    pub fn locate(&self, doc: u32) -> Option<(usize, u32)> {
        if doc as usize >= self.table.n {
            return None;
        }
        let s = self.bases.partition_point(|&b| b <= doc).checked_sub(1)?;
        Some((s, doc - self.bases[s]))
    }

    /// The document number of a segment's local document.
    pub fn global(&self, segment: usize, local: u32) -> Option<u32> {
        let base = *self.bases.get(segment)?;
        (local < self.segments.get(segment)?.len() as u32).then_some(base + local)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.table.n
    }

    pub fn is_empty(&self) -> bool {
        self.table.n == 0
    }

    /// Number of distinct indexed words (summed over segments, which may share words).
    pub fn term_count(&self) -> usize {
        self.segments.iter().map(|s| s.text.dict.len()).sum()
    }

    /// Known source names, sorted.
    pub fn sources(&self) -> &[String] {
        &self.table.sources.ids
    }

    /// The kind of an entity seen in the corpus' tags.
    pub fn entity_kind(&self, id: &str) -> Option<EntityKind> {
        self.table.entities.kind_of(id)
    }

    /// What the list shows about a document without its text: date, source,
    /// provinces and topics.
    pub fn doc_info(&self, doc: u32) -> Option<DocInfo> {
        let (s, local) = self.locate(doc)?;
        let r = &self.segments[s].records;
        let l = local as usize;
        Some(DocInfo {
            date: r.date(l),
            source: r.source_of(l).to_string(),
            provinces: r.provinces.get(l).iter().map(|&p| r.province_ids.get(p).to_string()).collect(),
            topics: r.topics.get(l).iter().map(|&t| r.topic_ids.get(t).to_string()).collect(),
        })
    }

    /// Approximate heap bytes held by the index (not counting the articles).
    pub fn heap_bytes(&self) -> usize {
        self.segments.iter().map(|s| s.text.heap_bytes() + s.records.len() * 24).sum::<usize>()
            + self.table.heap_bytes()
            + self.own_expansions.as_ref().map_or(0, |e| {
                e.by_variant.iter().map(|(k, _)| k.len() + 24).sum::<usize>() + e.variants.iter().flatten().flatten().map(|t| t.len() + 24).sum::<usize>()
            })
    }

    /// Every spelling of every gazetteer entity, folded, for search.
    fn expansions(&self) -> &Expansions {
        self.own_expansions.as_ref().unwrap_or_else(|| builtin_expansions())
    }

    /// Builds what searching needs ahead of the first search (a worker calls it when idle).
    pub fn prepare_search(&self) {
        let _ = self.expansions();
        typos::prepare();
    }

    fn texts(&self) -> Texts<'_> {
        Texts { segments: &self.segments, bases: &self.bases, norm: &self.table.norm }
    }

    /// Text shards that `q` needs and that are not loaded yet. Empty for an
    /// index built in memory.
    pub fn missing_shards(&self, q: &Query) -> Vec<ShardKey> {
        let (groups, _) = self.plan(&q.text);
        self.texts().missing(&groups)
    }

    /// Adds a fetched shard. The bytes are checked against the dictionary.
    pub fn insert_shard(&mut self, key: ShardKey, bytes: &[u8]) -> Result<(), crate::codec::DecodeError> {
        let seg = self.segments.get_mut(key.segment).ok_or_else(|| crate::codec::DecodeError { what: format!("segment {} (no such segment)", key.segment), at: 0 })?;
        seg.text.insert(key.kind, key.shard, bytes)
    }

    /// A province named in the search also finds the articles placed in it through a
    /// city or county they name (the Province facet's own membership): "Yanggang border
    /// guards" finds the Hyesan report that never writes "Yanggang". They rank below
    /// the articles that name the province, as a weak match.
    fn add_province_members(&self, g: &search::Group, m: &mut search::GroupMatch, scores: Option<&mut [f32]>) {
        let provinces: Vec<String> = g.entities.iter().filter(|id| self.table.provinces.ids.contains(id)).cloned().collect();
        let Some(members) = (!provinces.is_empty()).then(|| self.table.provinces.filter(&provinces)).flatten() else { return };
        if let Some(scores) = scores {
            for d in members.iter() {
                if !m.all.contains(d) {
                    if let Some(slot) = scores.get_mut(d as usize) {
                        *slot += PROVINCE_MEMBER_SCORE;
                    }
                }
            }
        }
        m.all.or_with(&members);
    }

    /// The articles for [`Results::near`]: every word of `word_sets` but one, allowed by
    /// `allowed` and the excluded words, none through a typo, best first; one per story
    /// unless `duplicates`, and none of a story `listed` already shows.
    #[allow(clippy::too_many_arguments)]
    fn near_matches(
        &self,
        word_sets: &[Bitset],
        groups: &[search::Group],
        texts: &Texts<'_>,
        scores: &[f32],
        typo_words: &[u8],
        allowed: &Bitset,
        listed: &[u32],
        duplicates: bool,
    ) -> Vec<u32> {
        let t = &self.table;
        let n = t.n;
        let mut hits = vec![0u8; n];
        for set in word_sets {
            for d in set.iter() {
                if let Some(h) = hits.get_mut(d as usize) {
                    *h = h.saturating_add(1);
                }
            }
        }
        let mut excluded = Bitset::empty(n);
        for g in groups.iter().filter(|g| g.negated) {
            let mut m = texts.eval_group(g, None, &t.entities);
            self.add_province_members(g, &mut m, None);
            excluded.or_with(&m.all);
        }
        // Lacking a word and misspelling another is too far from what was asked.
        let want = word_sets.len() - 1;
        let mut cands: Vec<u64> = hits
            .iter()
            .enumerate()
            .filter(|&(d, &h)| {
                let d32 = d as u32;
                h as usize == want && allowed.contains(d32) && !excluded.contains(d32) && typo_words.get(d).is_none_or(|&k| k == 0)
            })
            .map(|(d, _)| {
                // As `sorted` ranks: best score, then newest. Scores are ≥ 0, so their bits order.
                let s = scores.get(d).copied().unwrap_or(0.0).max(0.0);
                ((!s.to_bits() as u64) << 32) | t.newest_rank[d] as u64
            })
            .collect();
        cands.sort_unstable();
        let mut stories: std::collections::HashSet<u32> = listed.iter().filter_map(|&d| t.copies.group(d)).collect();
        let mut near = Vec::new();
        for k in cands {
            if listed.len() + near.len() >= NEAR_FILL {
                break;
            }
            let d = t.newest[(k & 0xffff_ffff) as usize];
            if !duplicates && t.copies.group(d).is_some_and(|g| !stories.insert(g)) {
                continue;
            }
            near.push(d);
        }
        near
    }

    /// Forgets the cached plan, so the next query is planned afresh (benchmarks time
    /// a keystroke's whole cost: plan, what it needs, and the run).
    pub fn forget_plan(&self) {
        if let Ok(mut cache) = self.last_plan.lock() {
            *cache = None;
        }
    }

    /// Gives a segment its term dictionary (fetched after the segment's records);
    /// its shards are then fetched as queries need them.
    pub fn set_dictionary(&mut self, segment: usize, dict: Dict) {
        if let Some(seg) = self.segments.get_mut(segment) {
            seg.text = SegmentText::unloaded(dict);
        }
        // Plans depend on the dictionaries.
        if let Ok(mut cache) = self.last_plan.lock() {
            *cache = None;
        }
    }

    /// Drops a loaded shard to save memory; it is fetched again when needed.
    pub fn evict_shard(&mut self, key: ShardKey) {
        if let Some(seg) = self.segments.get_mut(key.segment) {
            seg.text.evict(key.kind, key.shard);
        }
    }

    /// Runs a query: text, filters, facets, timeline and sort. Shards that
    /// are not loaded count as matching nothing (see [`Index::missing_shards`]).
    pub fn run(&self, q: &Query) -> Results {
        self.run_within(q, None)
    }

    /// [`Index::run`] among `within` only (document numbers; any order, out of range
    /// ignored): what the reader's marks allow ([`Query::marks`]). Facets and the
    /// timeline count within it too.
    pub fn run_within(&self, q: &Query, within: Option<&[u32]>) -> Results {
        let t = &self.table;
        let n = t.n;
        let texts = self.texts();
        let (groups, matched_terms) = self.plan(&q.text);
        let has_text = groups.iter().any(|g| !g.negated);
        let sort = match q.sort {
            Sort::Relevance if has_text => Sort::Relevance,
            Sort::Relevance => Sort::Newest,
            s => s,
        };

        // Text.
        let mut scores: Vec<f32> = if sort == Sort::Relevance { vec![0.0; n] } else { Vec::new() };
        // Per document, how many words it matched only through a typo (ranked after exact matches).
        let mut typo_words: Vec<u8> = Vec::new();
        let mut typo_sets: Vec<(&search::Group, Bitset)> = Vec::new();
        let mut text_set: Option<Bitset> = None;
        let mut word_sets: Vec<Bitset> = Vec::new();
        for g in groups.iter().filter(|g| !g.negated) {
            let mut m = texts.eval_group(g, if scores.is_empty() { None } else { Some(&mut scores) }, &t.entities);
            self.add_province_members(g, &mut m, if scores.is_empty() { None } else { Some(&mut scores) });
            if let Some(only) = &m.typo_only {
                if sort == Sort::Relevance {
                    typo_words.resize(n, 0);
                    for d in only.iter() {
                        typo_words[d as usize] = typo_words[d as usize].saturating_add(1);
                    }
                }
                typo_sets.push((g, only.clone()));
            }
            match text_set.as_mut() {
                Some(t) => t.and_with(&m.all),
                None => text_set = Some(m.all.clone()),
            }
            word_sets.push(m.all);
        }
        // No article has every word: rather than nothing, the articles with the most of them
        // (ranked as usual), and the reader says so.
        let mut relaxed = None;
        if word_sets.len() >= 2 && text_set.as_ref().is_some_and(|t| t.count() == 0) {
            let mut hits = vec![0u8; n];
            for set in &word_sets {
                for d in set.iter() {
                    hits[d as usize] = hits[d as usize].saturating_add(1);
                }
            }
            let best = hits.iter().copied().max().unwrap_or(0);
            if best > 0 {
                let mut set = Bitset::empty(n);
                for (d, &h) in hits.iter().enumerate() {
                    if h == best {
                        set.insert(d as u32);
                    }
                }
                text_set = Some(set);
                relaxed = Some((best as usize, word_sets.len()));
            }
        }
        for g in groups.iter().filter(|g| g.negated) {
            let mut m = texts.eval_group(g, None, &t.entities);
            self.add_province_members(g, &mut m, None);
            text_set.get_or_insert_with(|| Bitset::full(n)).and_not_with(&m.all);
        }

        // Filters. Order: province, topic, source, kind, entity.
        let filters: [Option<Bitset>; 5] = [
            t.provinces.filter(&q.provinces),
            t.topics.filter(&q.topics),
            t.sources.filter(&q.sources),
            t.kinds.filter(&q.kinds.iter().map(|k| k.as_str().to_string()).collect::<Vec<_>>()),
            t.entities.filter(n, &q.entities),
        ];
        let date = self.date_filter(q);

        // base = text ∧ date; results = base ∧ every filter.
        let mut base = text_set.unwrap_or_else(|| Bitset::full(n));
        let within = within.map(|within| {
            let mut allowed = Bitset::empty(n);
            for &d in within.iter().filter(|&&d| (d as usize) < n) {
                allowed.insert(d);
            }
            allowed
        });
        if let Some(allowed) = &within {
            base.and_with(allowed);
        }
        let mut timeline_set = base.clone();
        for f in filters.iter().flatten() {
            timeline_set.and_with(f);
        }
        if let Some(d) = &date {
            base.and_with(d);
        }
        let mut results = base.clone();
        for f in filters.iter().flatten() {
            results.and_with(f);
        }
        let all_but = |skip: usize| -> Option<Bitset> {
            filters[skip].as_ref()?;
            let mut s = base.clone();
            for (i, f) in filters.iter().enumerate() {
                if i != skip {
                    if let Some(f) = f {
                        s.and_with(f);
                    }
                }
            }
            Some(s)
        };
        let mut sets: Vec<Option<Bitset>> = (0..5).map(all_but).collect();
        // One document per story unless every copy is asked for: the counts (facets, timeline,
        // undated) count a story once, under its earliest copy among the documents counted.
        let mut counted = results.clone();
        if !q.duplicates {
            for set in sets.iter_mut().flatten() {
                t.copies.collapse(set);
            }
            t.copies.collapse(&mut timeline_set);
            t.copies.collapse(&mut counted);
        }
        let set_for = |i: usize| sets[i].as_ref().unwrap_or(&counted);

        let kinds_selected: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
        let facets = Facets {
            provinces: t.provinces.counts(set_for(0), &q.provinces),
            topics: t.topics.counts(set_for(1), &q.topics),
            sources: t.sources.counts(set_for(2), &q.sources),
            kinds: t.kinds.counts(set_for(3), &kinds_selected),
            entities: t.entities.counts(set_for(4), &q.entities, ENTITY_FACET_SIZE),
        };

        // Timeline.
        let timeline = match t.month_span {
            Some((lo, hi)) => {
                let mut counts = vec![0u32; (hi - lo + 1) as usize];
                for d in timeline_set.iter() {
                    let k = t.day_key[d as usize];
                    if k != UNDATED {
                        // Months outside the span (stragglers, see `table::timeline_span`) are not drawn.
                        if let Some(c) = (k >> 5).checked_sub(lo).and_then(|m| counts.get_mut(m as usize)) {
                            *c += 1;
                        }
                    }
                }
                counts.into_iter().enumerate().map(|(i, c)| (lo + i as u32, c)).collect()
            }
            None => Vec::new(),
        };

        // Trends: the province × topic matrix, and the top values over time.
        let province_topics = {
            let mut pair_set = base.clone();
            for f in filters.iter().skip(2).flatten() {
                pair_set.and_with(f);
            }
            if !q.duplicates {
                t.copies.collapse(&mut pair_set);
            }
            facets::cross_counts(&t.provinces, &t.topics, &pair_set)
        };
        let topic_series = self.series(&t.topics, &timeline_set);
        let province_series = self.series(&t.provinces, &timeline_set);

        let undated = counted.count_and(&t.undated);
        let corrections = typo_sets.iter().filter(|(_, only)| only.count_and(&results) > 0).filter_map(|(g, _)| g.correction()).collect();
        let mut docs = self.sorted(&results, sort, &scores, &typo_words);
        if !q.duplicates {
            // The list shows the best-ranked copy of each story that matches.
            let mut seen = std::collections::HashSet::new();
            docs.retain(|&d| t.copies.group(d).is_none_or(|g| seen.insert(g)));
        }
        let near = if sort == Sort::Relevance && relaxed.is_none() && !docs.is_empty() && docs.len() < NEAR_FILL && word_sets.len() >= 2 {
            // What every listed article must pass besides the words: marks, dates, facets.
            let mut allowed = within.unwrap_or_else(|| Bitset::full(n));
            for f in filters.iter().flatten().chain(date.as_ref()) {
                allowed.and_with(f);
            }
            self.near_matches(&word_sets, &groups, &texts, &scores, &typo_words, &allowed, &docs, q.duplicates)
        } else {
            Vec::new()
        };
        let copies = docs
            .iter()
            .filter(|&&d| t.copies.group(d).is_some())
            .map(|&d| (d, t.copies.members(d).iter().copied().filter(|&m| m != d).collect()))
            .collect();
        Results {
            total: docs.len(),
            docs,
            facets,
            timeline,
            undated,
            matched_terms,
            corrections,
            relaxed,
            near,
            copies,
            province_topics,
            topic_series,
            province_series,
        }
    }

    /// The [`TREND_SERIES`] values of `table` with most documents of `set` on the timeline,
    /// each counted per month of the timeline (ties keep the table's order; values with
    /// none are left out). Work: one count per value, then one pass over the top few.
    fn series(&self, table: &facets::FacetTable, set: &Bitset) -> Vec<Series> {
        let t = &self.table;
        let Some((lo, hi)) = t.month_span else { return Vec::new() };
        let mut ranked: Vec<(u32, usize, &str, &Bitset)> =
            table.values().enumerate().map(|(i, (id, s))| (set.count_and(s), i, id, s)).filter(|v| v.0 > 0).collect();
        ranked.sort_by_key(|&(n, i, _, _)| (std::cmp::Reverse(n), i));
        ranked
            .into_iter()
            .take(TREND_SERIES)
            .map(|(_, _, id, s)| {
                let mut both = set.clone();
                both.and_with(s);
                let mut months = vec![0u32; (hi - lo + 1) as usize];
                for d in both.iter() {
                    let k = t.day_key[d as usize];
                    if k != UNDATED {
                        if let Some(c) = (k >> 5).checked_sub(lo).and_then(|m| months.get_mut(m as usize)) {
                            *c += 1;
                        }
                    }
                }
                Series { id: id.to_string(), total: months.iter().sum(), months }
            })
            .filter(|s| s.total > 0)
            .collect()
    }

    /// Dated docs in range (plus undated ones if wanted); None when it keeps everything.
    fn date_filter(&self, q: &Query) -> Option<Bitset> {
        if q.date_from.is_none() && q.date_to.is_none() && q.undated {
            return None;
        }
        let t = &self.table;
        let from = q.date_from.map(day_key).unwrap_or(0);
        let to = q.date_to.map(day_key).unwrap_or(UNDATED - 1);
        let mut set = Bitset::empty(t.n);
        if from <= to {
            let lo = t.oldest_dated.partition_point(|&d| t.day_key[d as usize] < from);
            let hi = t.oldest_dated.partition_point(|&d| t.day_key[d as usize] <= to);
            for &d in &t.oldest_dated[lo..hi] {
                set.insert(d);
            }
        }
        if q.undated {
            set.or_with(&t.undated);
        }
        Some(set)
    }

    fn sorted(&self, results: &Bitset, sort: Sort, scores: &[f32], typo_words: &[u8]) -> Vec<u32> {
        let t = &self.table;
        match sort {
            Sort::Newest => t.newest.iter().copied().filter(|&d| results.contains(d)).collect(),
            Sort::Oldest => {
                let mut out: Vec<u32> = t.oldest_dated.iter().copied().filter(|&d| results.contains(d)).collect();
                out.extend(results.iter().filter(|&d| t.day_key[d as usize] == UNDATED));
                out
            }
            Sort::Relevance => {
                // Fewest words matched through a typo first, then by score. Scores are ≥ 0,
                // so their bit patterns order like the floats.
                let mut keys: Vec<(u8, u64)> = results
                    .iter()
                    .map(|d| {
                        let s = scores.get(d as usize).copied().unwrap_or(0.0).max(0.0);
                        let typos = typo_words.get(d as usize).copied().unwrap_or(0);
                        (typos, ((!s.to_bits() as u64) << 32) | t.newest_rank[d as usize] as u64)
                    })
                    .collect();
                keys.sort_unstable();
                keys.into_iter().map(|(_, k)| t.newest[(k & 0xffff_ffff) as usize]).collect()
            }
        }
    }
}

/// Pairs `(representative, copy)` of documents `base + i` grouped as copies by
/// [`crate::dedup::group`] with the reader's parameters: the links of
/// [`Index::from_segments_linked`] for articles held in memory.
pub fn copy_links(fingerprints: &[crate::dedup::Fingerprint], dates: &[Option<Date>], base: u32) -> Vec<(u32, u32)> {
    let groups = crate::dedup::group(fingerprints, dates, &crate::dedup::Params::default());
    groups
        .reps()
        .iter()
        .enumerate()
        .filter(|&(i, &r)| i as u32 != r)
        .map(|(i, &r)| (base.saturating_add(r), base.saturating_add(i as u32)))
        .collect()
}

/// What the list shows about one document, from the index alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocInfo {
    pub date: Option<Date>,
    pub source: String,
    pub provinces: Vec<String>,
    pub topics: Vec<String>,
}

/// The built-in gazetteer's expansions, built on first use: the list, facets and timeline
/// need none of it, and folding every spelling costs more than opening a small corpus.
fn builtin_expansions() -> &'static Expansions {
    static BUILTIN: std::sync::OnceLock<Expansions> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| build_expansions(Gazetteer::builtin()))
}

/// Every spelling of every gazetteer entity, as folded tokens joined by one
/// space → entity; and per entity its spellings as token lists.
fn build_expansions(g: &Gazetteer) -> Expansions {
    let mut by_variant: Vec<(Box<str>, u32)> = Vec::new();
    let mut variants: Vec<Vec<Vec<String>>> = Vec::new();
    let mut ids = Vec::new();
    let mut names = Vec::new();
    let mut max_tokens = 0;
    for (i, e) in g.entities().iter().enumerate() {
        let mut list: Vec<Vec<String>> = Vec::new();
        for s in e.all_spellings() {
            let folded = crate::normalize::fold(s);
            let toks: Vec<String> = crate::normalize::tokens(&folded).map(|(_, t)| t.to_string()).collect();
            if toks.is_empty() || list.contains(&toks) {
                continue;
            }
            max_tokens = max_tokens.max(toks.len());
            by_variant.push((toks.join(" ").into(), i as u32));
            list.push(toks);
        }
        variants.push(list);
        ids.push(e.id.clone());
        names.push(e.name.clone());
    }
    by_variant.sort();
    by_variant.dedup();
    // Sorted and unique, so building cannot fail.
    let single = fst::Set::from_iter(by_variant.iter().map(|(k, _)| &**k).filter(|k| !k.contains(' ')).collect::<std::collections::BTreeSet<_>>()).unwrap_or_default();
    let mut hangul: Vec<String> = by_variant
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !k.is_empty() && k.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
        .collect();
    hangul.sort();
    hangul.dedup();
    Expansions { by_variant, variants, ids, names, max_tokens: max_tokens.min(8), single, hangul }
}

#[cfg(test)]
mod tests;
