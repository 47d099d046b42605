//! The search index: full text (BM25 with prefix, phrase, exclusion and
//! gazetteer expansion), facets (province, topic, source, entity kind,
//! entity), a date range and a month timeline, all in one [`Index::run`].
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
//!   the word being typed. A word or run of words that is a spelling of a
//!   gazetteer entity also matches every other spelling of it ("Yanggang"
//!   finds "Ryanggang" and "양강도"): one-word spellings as words, and every
//!   article the tagger tagged with the entity (which covers multi-word
//!   spellings without scanning phrases); mentions score like body words.
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
//!   dates ascending/descending with undated articles last; ties keep input
//!   order (relevance ties: newest first).

pub mod query;

mod bitset;
mod facets;
mod search;

use crate::gazetteer::Gazetteer;
use crate::model::{Article, Date, Field};
use crate::tags::{ArticleTags, EntityKind};
use crate::topics::Taxonomy;
use bitset::Bitset;
use facets::{EntityTable, FacetTable};
pub use query::{parse_text, parse_url_date, Clause, Query, Sort, MAX_QUERY_BYTES, MAX_QUERY_TOKENS};
use search::{Expansions, TextBuilder, TextIndex};

/// How many entities the entity facet lists (selected ones come in addition).
pub const ENTITY_FACET_SIZE: usize = 15;

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

/// The index over one corpus. Build once, run many queries.
#[derive(Debug)]
pub struct Index {
    n: usize,
    text: TextIndex,
    expansions: Expansions,
    provinces: FacetTable,
    topics: FacetTable,
    sources: FacetTable,
    kinds: FacetTable,
    entities: EntityTable,
    /// Per doc: `month_index << 5 | day`, `u32::MAX` when undated.
    day_key: Vec<u32>,
    /// Dated docs by (date desc, doc asc), then undated docs ascending.
    newest: Vec<u32>,
    /// Dated docs by (date asc, doc asc).
    oldest_dated: Vec<u32>,
    /// Position of each doc in `newest`.
    newest_rank: Vec<u32>,
    undated: Bitset,
    month_span: Option<(u32, u32)>,
}

const UNDATED: u32 = u32::MAX;

fn day_key(d: Date) -> u32 {
    (d.month_index() << 5) | d.day as u32
}

impl Index {
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
        let n = articles.len();

        // Full text.
        let mut tb = TextBuilder::new();
        for a in articles {
            for (field, text) in a.fields() {
                let w = match field {
                    Field::Title => search::W_TITLE,
                    Field::Caption => search::W_CAPTION,
                    Field::Summary => search::W_SUMMARY,
                    Field::Body(_) => search::W_BODY,
                };
                tb.add_field(text, w);
            }
            tb.end_doc();
        }
        let text = tb.finish();

        // Facets.
        let province_ids: Vec<String> = gazetteer.provinces().iter().map(|e| e.id.clone()).collect();
        let mut provinces = FacetTable::new(n, province_ids, false);
        let topic_ids: Vec<String> = taxonomy.topics().iter().map(|t| t.id.clone()).collect();
        let mut topics = FacetTable::new(n, topic_ids, false);
        let mut sources = FacetTable::new(n, Vec::new(), true);
        let mut kinds = FacetTable::new(n, EntityKind::ALL.iter().map(|k| k.as_str().to_string()).collect(), false);
        let mut entities = EntityTable::default();
        for (i, a) in articles.iter().enumerate() {
            let d = i as u32;
            let t = &tag_of(i, a);
            for p in &t.provinces {
                provinces.add(d, p);
            }
            for topic in &t.topics {
                topics.add(d, &topic.id);
            }
            sources.add(d, &a.source);
            for e in &t.entities {
                kinds.add(d, e.kind.as_str());
                entities.add(d, &e.id, e.kind, e.count);
            }
            entities.end_doc();
        }
        provinces.finish();
        topics.finish();
        sources.finish();
        kinds.finish();
        entities.finish();

        // Dates.
        let day_key: Vec<u32> = articles.iter().map(|a| a.date.map(day_key).unwrap_or(UNDATED)).collect();
        let mut oldest_dated: Vec<u32> = (0..n as u32).filter(|&d| day_key[d as usize] != UNDATED).collect();
        oldest_dated.sort_by_key(|&d| (day_key[d as usize], d));
        let mut newest: Vec<u32> = oldest_dated.clone();
        newest.sort_by_key(|&d| (std::cmp::Reverse(day_key[d as usize]), d));
        let mut undated = Bitset::empty(n);
        for d in 0..n as u32 {
            if day_key[d as usize] == UNDATED {
                newest.push(d);
                undated.insert(d);
            }
        }
        let mut newest_rank = vec![0u32; n];
        for (r, &d) in newest.iter().enumerate() {
            newest_rank[d as usize] = r as u32;
        }
        let month_span = match (oldest_dated.first(), oldest_dated.last()) {
            (Some(&a), Some(&b)) => Some((day_key[a as usize] >> 5, day_key[b as usize] >> 5)),
            _ => None,
        };

        Index {
            n,
            text,
            expansions: build_expansions(gazetteer),
            provinces,
            topics,
            sources,
            kinds,
            entities,
            day_key,
            newest,
            oldest_dated,
            newest_rank,
            undated,
            month_span,
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of distinct indexed words.
    pub fn term_count(&self) -> usize {
        self.text.terms.len()
    }

    /// Known source names, sorted.
    pub fn sources(&self) -> &[String] {
        &self.sources.ids
    }

    /// The kind of an entity seen in the corpus' tags.
    pub fn entity_kind(&self, id: &str) -> Option<EntityKind> {
        self.entities.kind_of(id)
    }

    /// Approximate heap bytes held by the index (not counting the articles).
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.provinces.heap_bytes()
            + self.topics.heap_bytes()
            + self.sources.heap_bytes()
            + self.kinds.heap_bytes()
            + self.entities.heap_bytes()
            + self.undated.heap_bytes()
            + (self.day_key.capacity() + self.newest.capacity() + self.oldest_dated.capacity() + self.newest_rank.capacity()) * 4
            + self.expansions.by_variant.iter().map(|(k, _)| k.len() + 24).sum::<usize>()
            + self.expansions.variants.iter().flatten().flatten().map(|t| t.len() + 24).sum::<usize>()
    }

    /// Runs a query: text, filters, facets, timeline and sort.
    pub fn run(&self, q: &Query) -> Results {
        let n = self.n;
        let clauses = parse_text(&q.text);
        let mut matched_terms = Vec::new();
        let groups = self.text.plan(&clauses, &self.expansions, &mut matched_terms);
        let has_text = groups.iter().any(|g| !g.negated);
        let sort = match q.sort {
            Sort::Relevance if has_text => Sort::Relevance,
            Sort::Relevance => Sort::Newest,
            s => s,
        };

        // Text.
        let mut scores: Vec<f32> = if sort == Sort::Relevance { vec![0.0; n] } else { Vec::new() };
        let mut text_set: Option<Bitset> = None;
        for g in groups.iter().filter(|g| !g.negated) {
            let s = self.text.eval_group(g, n, if scores.is_empty() { None } else { Some(&mut scores) }, &self.entities);
            match text_set.as_mut() {
                Some(t) => t.and_with(&s),
                None => text_set = Some(s),
            }
        }
        for g in groups.iter().filter(|g| g.negated) {
            let s = self.text.eval_group(g, n, None, &self.entities);
            text_set.get_or_insert_with(|| Bitset::full(n)).and_not_with(&s);
        }

        // Filters. Order: province, topic, source, kind, entity.
        let filters: [Option<Bitset>; 5] = [
            self.provinces.filter(&q.provinces),
            self.topics.filter(&q.topics),
            self.sources.filter(&q.sources),
            self.kinds.filter(&q.kinds.iter().map(|k| k.as_str().to_string()).collect::<Vec<_>>()),
            self.entities.filter(n, &q.entities),
        ];
        let date = self.date_filter(q);

        // base = text ∧ date; results = base ∧ every filter.
        let mut base = text_set.unwrap_or_else(|| Bitset::full(n));
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
        let sets: Vec<Option<Bitset>> = (0..5).map(all_but).collect();
        let set_for = |i: usize| sets[i].as_ref().unwrap_or(&results);

        let kinds_selected: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
        let facets = Facets {
            provinces: self.provinces.counts(set_for(0), &q.provinces),
            topics: self.topics.counts(set_for(1), &q.topics),
            sources: self.sources.counts(set_for(2), &q.sources),
            kinds: self.kinds.counts(set_for(3), &kinds_selected),
            entities: self.entities.counts(set_for(4), &q.entities, ENTITY_FACET_SIZE),
        };

        // Timeline.
        let timeline = match self.month_span {
            Some((lo, hi)) => {
                let mut counts = vec![0u32; (hi - lo + 1) as usize];
                for d in timeline_set.iter() {
                    let k = self.day_key[d as usize];
                    if k != UNDATED {
                        counts[((k >> 5) - lo) as usize] += 1;
                    }
                }
                counts.into_iter().enumerate().map(|(i, c)| (lo + i as u32, c)).collect()
            }
            None => Vec::new(),
        };

        let undated = results.count_and(&self.undated);
        let docs = self.sorted(&results, sort, &scores);
        Results { total: docs.len(), docs, facets, timeline, undated, matched_terms }
    }

    /// Dated docs in range (plus undated ones if wanted); None when it keeps everything.
    fn date_filter(&self, q: &Query) -> Option<Bitset> {
        if q.date_from.is_none() && q.date_to.is_none() && q.undated {
            return None;
        }
        let from = q.date_from.map(day_key).unwrap_or(0);
        let to = q.date_to.map(day_key).unwrap_or(UNDATED - 1);
        let mut set = Bitset::empty(self.n);
        if from <= to {
            let lo = self.oldest_dated.partition_point(|&d| self.day_key[d as usize] < from);
            let hi = self.oldest_dated.partition_point(|&d| self.day_key[d as usize] <= to);
            for &d in &self.oldest_dated[lo..hi] {
                set.insert(d);
            }
        }
        if q.undated {
            set.or_with(&self.undated);
        }
        Some(set)
    }

    fn sorted(&self, results: &Bitset, sort: Sort, scores: &[f32]) -> Vec<u32> {
        match sort {
            Sort::Newest => self.newest.iter().copied().filter(|&d| results.contains(d)).collect(),
            Sort::Oldest => {
                let mut out: Vec<u32> = self.oldest_dated.iter().copied().filter(|&d| results.contains(d)).collect();
                out.extend(results.iter().filter(|&d| self.day_key[d as usize] == UNDATED));
                out
            }
            Sort::Relevance => {
                // Scores are ≥ 0, so their bit patterns order like the floats.
                let mut keys: Vec<u64> = results
                    .iter()
                    .map(|d| {
                        let s = scores.get(d as usize).copied().unwrap_or(0.0).max(0.0);
                        ((!s.to_bits() as u64) << 32) | self.newest_rank[d as usize] as u64
                    })
                    .collect();
                keys.sort_unstable();
                keys.into_iter().map(|k| self.newest[(k & 0xffff_ffff) as usize]).collect()
            }
        }
    }
}

/// Every spelling of every gazetteer entity, as folded tokens joined by one
/// space → entity; and per entity its spellings as token lists.
fn build_expansions(g: &Gazetteer) -> Expansions {
    let mut by_variant: Vec<(Box<str>, u32)> = Vec::new();
    let mut variants: Vec<Vec<Vec<String>>> = Vec::new();
    let mut ids = Vec::new();
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
    }
    by_variant.sort();
    by_variant.dedup();
    Expansions { by_variant, variants, ids, max_tokens: max_tokens.min(8) }
}

#[cfg(test)]
mod tests;
