//! View models: plain data the components render, and the pure functions that
//! build them. The worker builds results, cards, facets and articles from the
//! library; the page builds filter chips and timeline bars from the URL and
//! the results. No web APIs here, so everything is tested natively.

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tumen_core::bundle::library::{ArticleData, Card};
use tumen_core::bundle::MentionRef;
use tumen_core::gazetteer::Gazetteer;
use tumen_core::highlight::segments;
use tumen_core::index::{Facets, Query, Results};
use tumen_core::tags::{EntityKind, Mention};
use tumen_core::topics::Taxonomy;
use tumen_core::Date;

use crate::i18n::Strings;

/// The facets the sidebar shows, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FacetKind {
    Province,
    Topic,
    Source,
    Kind,
    Entity,
}

impl FacetKind {
    pub const ALL: [FacetKind; 5] = [FacetKind::Province, FacetKind::Topic, FacetKind::Source, FacetKind::Kind, FacetKind::Entity];

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
}

/// An id with the words a reader sees for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: String,
    pub label: String,
}

/// A run of plain text, possibly a search match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPiece {
    pub text: String,
    pub is_match: bool,
}

/// A highlighted entity as shown to the reader: what the page needs to say
/// "Hyesan — city in Ryanggang" in either language (`i18n`), so the title also
/// carries the kind in words and colour is never the only cue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub id: String,
    pub kind: EntityKind,
    /// The gazetteer's name (romanized), or the id of an entity it does not know.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hangul: Option<String>,
    /// The data's finer kind ("city", "county", "prison-camp"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// For a place: the province it is in (id and English name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Label>,
}

/// A run of article text: plain, an entity, a match, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub entity: Option<EntityRef>,
    pub is_match: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardView {
    /// Other copies of the same story (another address or source), earliest first.
    #[serde(default)]
    pub copies: Vec<CopyView>,
    pub id: String,
    pub title: String,
    /// None while its ledes file is on its way.
    pub lede: Option<Vec<TextPiece>>,
    pub date: Option<Date>,
    pub source: String,
    pub provinces: Vec<Label>,
    pub topics: Vec<Label>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValueView {
    pub id: String,
    pub label: String,
    pub count: u32,
    pub selected: bool,
    /// An entity's Hangul name, for the Korean interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hangul: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetGroupView {
    pub kind: FacetKind,
    pub values: Vec<FacetValueView>,
}

/// One page of results with everything the sidebar and the list show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub total: usize,
    /// The page shown (clamped to the pages there are), from 1.
    pub page: usize,
    pub page_count: usize,
    /// Position of the first card in the whole list, from 1.
    pub first_rank: usize,
    pub cards: Vec<CardView>,
    pub facets: Vec<FacetGroupView>,
    /// `(month index, count)` for every month of the corpus' dated span.
    pub timeline: Vec<(u32, u32)>,
    pub undated: u32,
    /// Folded words and phrases to highlight.
    pub matched_terms: Vec<String>,
    /// Misspelt words some results match only through a close spelling, and those spellings.
    pub corrections: Vec<(String, Vec<String>)>,
    /// No article has every word: (words the results have, words searched).
    pub relaxed: Option<(usize, usize)>,
    /// How many of the last `cards` are near matches (`Results::near`: every word but one),
    /// listed after the results on the last page.
    #[serde(default)]
    pub near: usize,
    /// Whether the query these results answer had search text or a filter: the status line
    /// reads it from here, not from the address bar, which may already ask for the next query.
    pub filtered: bool,
    /// `(unread, saved, with a note)` among the results (before any mark filter), once
    /// every article id is known.
    #[serde(default)]
    pub marks: Option<(usize, usize, usize)>,
    /// The province × topic matrix and the small multiples over time.
    #[serde(default)]
    pub trends: TrendsView,
}

/// What the trends show, from [`tumen_core::index::Results`]: see `Results::province_topics`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendsView {
    /// `(province, topic, count)`, non-zero only.
    pub pairs: Vec<(String, String, u32)>,
    pub topics: Vec<SeriesView>,
    pub provinces: Vec<SeriesView>,
    /// The worker's names of every province and topic above, so the page never needs
    /// the gazetteer (120 kB of data in its wasm) to name a value no facet lists.
    #[serde(default)]
    pub labels: Vec<Label>,
}

impl TrendsView {
    /// A province's or topic's name as the worker gave it, or its id.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.labels.iter().find(|l| l.id == id).map_or(id, |l| l.label.as_str())
    }
}

/// One value's articles per month, on the timeline's months.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesView {
    pub id: String,
    pub total: u32,
    pub months: Vec<u32>,
}

impl ResultsView {
    pub fn facet(&self, kind: FacetKind) -> &[FacetValueView] {
        self.facets.iter().find(|g| g.kind == kind).map_or(&[], |g| g.values.as_slice())
    }

    /// The label of a facet value, if the results list it.
    pub fn label(&self, kind: FacetKind, id: &str) -> Option<&str> {
        self.value(kind, id).map(|v| v.label.as_str())
    }

    pub fn value(&self, kind: FacetKind, id: &str) -> Option<&FacetValueView> {
        self.facet(kind).iter().find(|v| v.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockView {
    pub heading: bool,
    pub pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicView {
    pub id: String,
    pub label: String,
    pub evidence: Vec<String>,
}

/// Everything the article view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: String,
    pub title: String,
    pub title_pieces: Vec<TextPiece>,
    pub date: Option<Date>,
    pub source: String,
    pub url: Option<String>,
    pub source_tags: Vec<String>,
    pub caption: Option<Vec<Piece>>,
    pub blocks: Vec<BlockView>,
    pub provinces: Vec<Label>,
    pub topics: Vec<TopicView>,
}

impl ArticleView {
    /// The entities the report names, once each, in reading order (caption, then body).
    pub fn entities_named(&self) -> Vec<EntityRef> {
        let mut out: Vec<EntityRef> = Vec::new();
        let pieces = self.caption.iter().flatten().chain(self.blocks.iter().flat_map(|b| b.pieces.iter()));
        for e in pieces.filter_map(|p| p.entity.as_ref()) {
            if !out.iter().any(|o| o.id == e.id) {
                out.push(e.clone());
            }
        }
        out
    }
}

/// The other reports naming an entity, for the entity panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityOthers {
    pub id: String,
    /// Its name and kind, for the panel's heading and detail line.
    pub entity: EntityRef,
    pub total: usize,
    /// `(article id, title)` of the first few.
    pub articles: Vec<(String, String)>,
}

// ---- Built in the worker ----

pub fn entity_name(id: &str) -> String {
    Gazetteer::builtin().entity(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

pub fn topic_name(id: &str) -> String {
    Taxonomy::builtin().topic(id).map_or_else(|| id.to_string(), |t| t.name.clone())
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

fn labels(kind: FacetKind, ids: &[String]) -> Vec<Label> {
    ids.iter().map(|id| Label { id: id.clone(), label: facet_label(kind, id) }).collect()
}

/// Splits text into plain and matching pieces for the given folded terms.
pub fn match_pieces(text: &str, terms: &[String]) -> Vec<TextPiece> {
    let matches = tumen_core::matches::find_terms(text, terms);
    segments(text, &[], &matches).into_iter().map(|s| TextPiece { text: text[s.start..s.end].to_string(), is_match: s.is_match }).collect()
}

/// Another copy of a story, as a card's "Also at" names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyView {
    pub id: String,
    pub source: String,
    pub date: Option<Date>,
}

pub fn card_view(card: &Card, terms: &[String]) -> CardView {
    CardView {
        copies: card.copies.iter().map(|c| CopyView { id: c.id.clone(), source: c.source.clone(), date: c.date }).collect(),
        id: card.id.clone(),
        title: card.title.clone(),
        lede: card.lede.as_deref().map(|l| match_pieces(l, terms)),
        date: card.date,
        source: card.source.clone(),
        provinces: labels(FacetKind::Province, &card.provinces),
        topics: labels(FacetKind::Topic, &card.topics.iter().take(4).cloned().collect::<Vec<_>>()),
    }
}

pub fn facets_view(facets: &Facets) -> Vec<FacetGroupView> {
    let values = |kind: FacetKind, list: &[tumen_core::index::FacetValue]| FacetGroupView {
        kind,
        values: list
            .iter()
            .map(|v| FacetValueView { id: v.id.clone(), label: facet_label(kind, &v.id), count: v.count, selected: v.selected, hangul: None })
            .collect(),
    };
    vec![
        values(FacetKind::Province, &facets.provinces),
        values(FacetKind::Topic, &facets.topics),
        values(FacetKind::Source, &facets.sources),
        values(FacetKind::Kind, &facets.kinds),
        FacetGroupView {
            kind: FacetKind::Entity,
            values: facets
                .entities
                .iter()
                .map(|v| FacetValueView {
                    id: v.id.clone(),
                    label: entity_name(&v.id),
                    count: v.count,
                    selected: v.selected,
                    hangul: Gazetteer::builtin().entity(&v.id).and_then(|e| e.hangul.clone()),
                })
                .collect(),
        },
    ]
}

/// "Also matching close spellings: smugling → smuggling; hyesen → Hyesan", or
/// nothing when no result came through a typo.
pub fn corrections_line(t: &Strings, corrections: &[(String, Vec<String>)]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let parts: Vec<String> = corrections.iter().map(|(typed, instead)| format!("{typed} → {}", instead.iter().take(3).cloned().collect::<Vec<_>>().join(", "))).collect();
    Some((t.corrections)(&parts.join("; ")))
}

/// "No article has all 4 words searched; these have 3 of them."
pub fn relaxed_line(t: &Strings, relaxed: Option<(usize, usize)>) -> Option<String> {
    let (have, searched) = relaxed?;
    Some((t.relaxed)(have, searched))
}

/// The near matches shown on page `page` (clamped as [`page_of`] clamps it): all of them on the
/// last page, after its results, none on the others.
pub fn near_on_page(results: &Results, page: usize, page_size: usize) -> &[u32] {
    let page_count = results.total.div_ceil(page_size.max(1)).max(1);
    if page >= page_count {
        &results.near
    } else {
        &[]
    }
}

/// The documents of page `page` (from 1, clamped) and where it starts.
pub fn page_of(results: &Results, page: usize, page_size: usize) -> (usize, usize, Vec<u32>) {
    let page_size = page_size.max(1);
    let page_count = results.total.div_ceil(page_size).max(1);
    let page = page.clamp(1, page_count);
    let start = (page - 1) * page_size;
    (page, page_count, results.docs.iter().skip(start).take(page_size).copied().collect())
}

pub fn results_view(query: &Query, results: &Results, page: usize, page_count: usize, page_size: usize, cards: Vec<CardView>) -> ResultsView {
    ResultsView {
        filtered: query.has_filters() || !query.text.trim().is_empty(),
        total: results.total,
        page,
        page_count,
        first_rank: (page - 1) * page_size.max(1) + 1,
        cards,
        facets: facets_view(&results.facets),
        timeline: results.timeline.clone(),
        undated: results.undated,
        matched_terms: results.matched_terms.clone(),
        corrections: results.corrections.clone(),
        relaxed: results.relaxed,
        near: 0,
        marks: None,
        trends: trends_view(results),
    }
}

fn trends_view(results: &Results) -> TrendsView {
    let distinct = |ids: &mut dyn Iterator<Item = &String>| {
        let mut ids: Vec<String> = ids.cloned().collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let provinces = distinct(&mut results.province_topics.iter().map(|(p, _, _)| p).chain(results.province_series.iter().map(|s| &s.id)));
    let topics = distinct(&mut results.province_topics.iter().map(|(_, t, _)| t).chain(results.topic_series.iter().map(|s| &s.id)));
    let mut named = labels(FacetKind::Province, &provinces);
    named.extend(labels(FacetKind::Topic, &topics));
    TrendsView {
        pairs: results.province_topics.clone(),
        topics: results.topic_series.iter().map(series_view).collect(),
        provinces: results.province_series.iter().map(series_view).collect(),
        labels: named,
    }
}

fn series_view(s: &tumen_core::index::Series) -> SeriesView {
    SeriesView { id: s.id.clone(), total: s.total, months: s.months.clone() }
}

fn mention_of(m: &MentionRef) -> Mention {
    Mention { start: m.1 as usize, end: m.2 as usize, id: m.3.clone(), kind: m.4, province: m.5.clone() }
}

/// An entity as mentioned ("Hyesan — city in Ryanggang" once worded by `i18n`): the
/// mention's kind and province, the gazetteer's names and finer kind.
pub fn entity_ref(mention: &Mention) -> EntityRef {
    described(&mention.id, mention.kind, mention.province.as_deref())
}

fn described(id: &str, kind: EntityKind, province: Option<&str>) -> EntityRef {
    let entity = Gazetteer::builtin().entity(id);
    EntityRef {
        id: id.to_string(),
        kind,
        name: entity.map_or_else(|| id.to_string(), |e| e.name.clone()),
        hangul: entity.and_then(|e| e.hangul.clone()),
        detail: entity.and_then(|e| e.detail.clone()),
        country: entity.and_then(|e| e.country.clone()),
        province: match (kind, province) {
            (EntityKind::Place, Some(p)) => Some(Label { id: p.to_string(), label: entity_name(p) }),
            _ => None,
        },
    }
}

fn entity_pieces(text: &str, mentions: &[Mention], terms: &[String]) -> Vec<Piece> {
    let matches = tumen_core::matches::find_terms(text, terms);
    segments(text, mentions, &matches)
        .into_iter()
        .map(|s| Piece {
            text: text[s.start..s.end].to_string(),
            entity: s.mention.and_then(|i| mentions.get(i)).map(entity_ref),
            is_match: s.is_match,
        })
        .collect()
}

/// The article view: every text with its entities (as tagged once, for the
/// whole article) and the search's matches highlighted.
pub fn article_view(data: &ArticleData, terms: &[String]) -> ArticleView {
    let a = &data.article;
    let part_mentions = |part: usize| -> Vec<Mention> {
        data.derived.mentions.iter().filter(|m| m.0 as usize == part).map(mention_of).filter(|m| m.start <= m.end).collect()
    };
    let mut caption = None;
    let mut blocks = Vec::new();
    for (part, (field, text)) in a.fields().enumerate() {
        match field {
            tumen_core::Field::Title => {}
            tumen_core::Field::Caption => caption = Some(entity_pieces(text, &part_mentions(part), terms)),
            tumen_core::Field::Summary if a.body.is_empty() => {
                blocks.push(BlockView { heading: false, pieces: entity_pieces(text, &part_mentions(part), terms) })
            }
            tumen_core::Field::Summary => {}
            tumen_core::Field::Body(i) => blocks.push(BlockView {
                heading: a.body.get(i).is_some_and(|b| b.is_heading()),
                pieces: entity_pieces(text, &part_mentions(part), terms),
            }),
        }
    }
    ArticleView {
        id: a.id.clone(),
        title: a.title.clone(),
        title_pieces: match_pieces(&a.title, terms),
        date: a.date,
        source: a.source.clone(),
        url: a.url.clone(),
        source_tags: a.source_tags.clone(),
        caption,
        blocks,
        provinces: labels(FacetKind::Province, &data.derived.provinces),
        topics: data.derived.topics.iter().map(|t| TopicView { id: t.id.clone(), label: topic_name(&t.id), evidence: t.evidence.clone() }).collect(),
    }
}

/// The entity panel's subject: the entity as the gazetteer has it (an id it does not
/// know is a place with no more to say).
pub fn entity_info(id: &str) -> EntityRef {
    let entity = Gazetteer::builtin().entity(id);
    described(id, entity.map_or(EntityKind::Place, |e| e.kind), entity.and_then(|e| e.province.as_deref()))
}

// ---- Built on the page ----

/// A load failure in plain words: a headline and what to do.
pub fn load_error_text(t: &Strings, error: &crate::protocol::LoadError) -> (&'static str, String) {
    (t.load_error)(error)
}

/// What a facet value is called in the reader's language: provinces, topics and kinds
/// by id from the catalogue, entities by their Hangul name in Korean, sources as given.
pub fn value_label(t: &Strings, kind: FacetKind, id: &str, label: &str, hangul: Option<&str>) -> String {
    let named = match kind {
        FacetKind::Province => (t.province_name)(id),
        FacetKind::Topic => (t.topic_name)(id),
        FacetKind::Kind => EntityKind::from_id(id).map(t.kind_name),
        FacetKind::Entity => (t.province_name)(id).or(if t.hangul_names { hangul } else { None }),
        FacetKind::Source => None,
    };
    named.unwrap_or(label).to_string()
}

/// A card's or article's province or topic label in the reader's language.
pub fn label_in(t: &Strings, kind: FacetKind, label: &Label) -> String {
    value_label(t, kind, &label.id, &label.label, None)
}

/// The province map's colour classes for counts up to `max`: the upper bound of
/// each class, at most five, on a log scale (a capital with 400 reports must not
/// wash out a province with 3). Class 0 is "no reports".
pub fn map_bounds(max: u32) -> Vec<u32> {
    let mut bounds: Vec<u32> = Vec::new();
    if max == 0 {
        return bounds;
    }
    for k in 1..=5u32 {
        let b = (max as f64).powf(k as f64 / 5.0).round().max(1.0) as u32;
        let b = if k == 5 { max } else { b.min(max) };
        if bounds.last().is_none_or(|&last| b > last) {
            bounds.push(b);
        }
    }
    bounds
}

/// Which class a count falls in (0 for none, then 1..=bounds.len()).
pub fn map_class(count: u32, bounds: &[u32]) -> usize {
    if count == 0 {
        return 0;
    }
    bounds.iter().position(|&b| count <= b).map_or(bounds.len(), |i| i + 1)
}

/// The legend's labels, one per class from 1: "1", "2–3", "4–12"...
pub fn map_legend(bounds: &[u32]) -> Vec<String> {
    let mut low = 1;
    bounds
        .iter()
        .map(|&b| {
            let label = if b == low { format_count(b as usize) } else { format!("{}–{}", format_count(low as usize), format_count(b as usize)) };
            low = b + 1;
            label
        })
        .collect()
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

impl std::fmt::Debug for FilterChip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.facet, self.label)
    }
}

/// The active filters as chips, labelled with what the results call them
/// (a value the results do not list keeps its id).
pub fn active_filters(t: &Strings, query: &Query, results: Option<&ResultsView>) -> Vec<FilterChip> {
    let mut chips = Vec::new();
    if !query.text.trim().is_empty() {
        chips.push(FilterChip { facet: t.chip_search, label: (t.quoted)(query.text.trim()), remove: Arc::new(|q: &mut Query| q.text.clear()) });
    }
    for kind in FacetKind::ALL {
        for value in kind.selected(query) {
            let label = match results.and_then(|r| r.value(kind, &value)) {
                Some(v) => value_label(t, kind, &v.id, &v.label, v.hangul.as_deref()),
                None => value_label(t, kind, &value, &value, None),
            };
            chips.push(FilterChip { facet: (t.facet_title)(kind), label, remove: Arc::new(move |q: &mut Query| kind.toggle(q, &value)) });
        }
    }
    if query.date_from.is_some() || query.date_to.is_some() {
        let label = match (query.date_from, query.date_to) {
            (Some(f), Some(to)) => (t.date_range)(&(t.date)(f), &(t.date)(to)),
            (Some(f), None) => (t.date_from_only)(&(t.date)(f)),
            (None, Some(to)) => (t.date_until_only)(&(t.date)(to)),
            (None, None) => String::new(),
        };
        chips.push(FilterChip {
            facet: t.date_title,
            label,
            remove: Arc::new(|q: &mut Query| {
                q.date_from = None;
                q.date_to = None;
            }),
        });
    }
    if !query.undated {
        chips.push(FilterChip { facet: t.date_title, label: t.dated_only.to_string(), remove: Arc::new(|q: &mut Query| q.undated = true) });
    }
    for &mark in &query.marks {
        let label = match mark {
            tumen_core::index::MarkFilter::Unread => t.facet_unread,
            tumen_core::index::MarkFilter::Saved => t.facet_saved,
            tumen_core::index::MarkFilter::Noted => t.facet_noted,
        };
        chips.push(FilterChip { facet: t.your_marks, label: label.to_string(), remove: Arc::new(move |q: &mut Query| q.marks.retain(|&m| m != mark)) });
    }
    chips
}

/// "5 Mar 2024", "2024년 3월 5일".
pub fn format_date(t: &Strings, date: Date) -> String {
    (t.date)(date)
}

/// 12345 -> "12,345".
pub fn format_count(n: usize) -> String {
    crate::i18n::count(n as u64)
}

/// 1234567 bytes -> "1.2 MB".
pub fn format_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.0} kB", b as f64 / 1e3),
        b => format!("{b} B"),
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
pub fn timeline_buckets(t: &Strings, months: &[(u32, u32)]) -> Vec<Bucket> {
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
            .map(|year| Bucket { label: (t.year)(year), first: date(year, 1, 1), last: date(year, 12, 31), count: count_in(year * 12, year * 12 + 11) })
            .collect()
    } else {
        (min..=max)
            .map(|m| {
                let (year, month) = (m / 12, m % 12 + 1);
                Bucket {
                    label: (t.month)(year, month),
                    first: date(year, month, 1),
                    last: date(year, month, last_day(year, month)),
                    count: count_in(m, m),
                }
            })
            .collect()
    }
}

// Trends and chart export

/// Below this many reports a small multiple says "too few reports" instead of drawing bars.
pub const TOO_FEW_REPORTS: u32 = 10;

/// The province × topic matrix laid out: rows (provinces with articles, in the facet's
/// order), columns (topics with articles, in the facet's order), a count per cell, and
/// the shading classes' bounds (as the map's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    /// `(id, label in the reader's language)`.
    pub rows: Vec<(String, String)>,
    pub columns: Vec<(String, String)>,
    /// `cells[row][column]`, 0 where the pair has none.
    pub cells: Vec<Vec<u32>>,
    pub bounds: Vec<u32>,
}

pub fn matrix(t: &Strings, results: &ResultsView) -> Matrix {
    let pairs = &results.trends.pairs;
    let pick = |kind: FacetKind, used: &dyn Fn(&str) -> bool| -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = results
            .facet(kind)
            .iter()
            .filter(|v| used(&v.id))
            .map(|v| (v.id.clone(), value_label(t, kind, &v.id, &v.label, v.hangul.as_deref())))
            .collect();
        // Values the facet does not list (none expected) still get a line, after the rest.
        for (p, tp, _) in pairs {
            let id = if kind == FacetKind::Province { p } else { tp };
            if !list.iter().any(|(i, _)| i == id) {
                list.push((id.clone(), value_label(t, kind, id, results.trends.label(id), None)));
            }
        }
        list
    };
    let rows = pick(FacetKind::Province, &|id| pairs.iter().any(|(p, _, _)| p == id));
    let columns = pick(FacetKind::Topic, &|id| pairs.iter().any(|(_, tp, _)| tp == id));
    let mut cells = vec![vec![0u32; columns.len()]; rows.len()];
    for (p, tp, n) in pairs {
        if let (Some(r), Some(c)) = (rows.iter().position(|(i, _)| i == p), columns.iter().position(|(i, _)| i == tp)) {
            cells[r][c] = *n;
        }
    }
    let max = pairs.iter().map(|p| p.2).max().unwrap_or(0);
    Matrix { rows, columns, cells, bounds: map_bounds(max) }
}

/// A series' bars on the timeline's own buckets (months, or years over long spans).
pub fn series_buckets(t: &Strings, timeline: &[(u32, u32)], months: &[u32]) -> Vec<Bucket> {
    let paired: Vec<(u32, u32)> = timeline.iter().zip(months).map(|(&(m, _), &c)| (m, c)).collect();
    timeline_buckets(t, &paired)
}

/// A series' bars as one SVG path (one `M…z` rectangle per month with reports), in a box
/// `width` × `height` whose top is at `top`: one element per chart instead of one per bar,
/// which is what made redrawing the small multiples slow.
pub fn bars_path(buckets: &[Bucket], width: f64, height: f64, top: f64) -> String {
    use std::fmt::Write;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let slot = width / buckets.len().max(1) as f64;
    let bar = (slot * 0.8).max(0.5);
    let mut d = String::with_capacity(buckets.len() * 32);
    for (k, b) in buckets.iter().enumerate().filter(|(_, b)| b.count > 0) {
        let h = (b.count as f64 / max * (height - 2.0)).max(1.5);
        let _ = write!(d, "M{:.2} {:.2}h{bar:.2}v{h:.2}h-{bar:.2}z", k as f64 * slot + slot * 0.1, top + height - h);
    }
    d
}

/// Text made safe for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Concrete colours for a picture that must render on its own (no CSS, no variables).
#[derive(Clone, Debug, PartialEq)]
pub struct Palette {
    pub background: String,
    pub ink: String,
    pub muted: String,
    pub accent: String,
    pub rule: String,
    /// `--shade-0` to `--shade-5`.
    pub shades: [String; 6],
    /// Text on the two darkest shades.
    pub on_dark: String,
}

impl Default for Palette {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Palette {
            background: s("#ffffff"),
            ink: s("#1b2026"),
            muted: s("#56606b"),
            accent: s("#0d5b61"),
            rule: s("#e3dfd7"),
            shades: [s("#eef0f2"), s("#d6e6f4"), s("#a9cbe5"), s("#6aa6d2"), s("#2f72ad"), s("#103f74")],
            on_dark: s("#fbfaf7"),
        }
    }
}

const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Noto Sans KR, sans-serif";

/// A picture to save: the chart (SVG markup `width` × `height`, drawn as it is) and,
/// written under it, `lines` (the active filters, the date made). One standalone SVG
/// document: no styles, no external references. Returns the markup and its size.
pub fn export_svg(chart: &str, width: f64, height: f64, palette: &Palette, lines: &[String]) -> (String, f64, f64) {
    let pad = 12.0;
    let line_height = 18.0;
    let total_height = height + pad + lines.len() as f64 * line_height + pad;
    let total_width = width + 2.0 * pad;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\">\
<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"{bg}\"/>\
<g transform=\"translate({pad},{pad})\">{chart}</g>",
        w = total_width,
        h = total_height + pad,
        bg = xml_escape(&palette.background),
    );
    for (i, line) in lines.iter().enumerate() {
        let y = pad + height + pad + (i as f64 + 1.0) * line_height;
        out.push_str(&format!(
            "<text x=\"{pad}\" y=\"{y:.0}\" font-family=\"{FONT}\" font-size=\"13\" fill=\"{}\">{}</text>",
            xml_escape(if i == 0 { &palette.ink } else { &palette.muted }),
            xml_escape(line)
        ));
    }
    out.push_str("</svg>");
    (out, total_width, total_height + pad)
}

/// The words under a saved picture: the active filters, then the date it was made.
pub fn export_lines(t: &Strings, query: &Query, results: Option<&ResultsView>, today: Date) -> Vec<String> {
    let chips = active_filters(t, query, results);
    let filters = if chips.is_empty() {
        t.export_no_filters.to_string()
    } else {
        (t.export_filters)(&chips.iter().map(|c| format!("{}: {}", c.facet, c.label)).collect::<Vec<_>>().join("; "))
    };
    vec![filters, (t.export_made)(&(t.date)(today))]
}

/// The matrix as an SVG picture (`(markup, width, height)`): the HTML table drawn as a grid.
pub fn matrix_svg(m: &Matrix, caption: &str, palette: &Palette) -> (String, f64, f64) {
    let (head_w, cell_w, cell_h, head_h) = (150.0, 64.0, 24.0, 96.0);
    let width = head_w + cell_w * m.columns.len() as f64;
    let height = 22.0 + head_h + cell_h * m.rows.len() as f64;
    let ink = xml_escape(&palette.ink);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"{FONT}\">\
<text x=\"0\" y=\"15\" font-size=\"14\" font-weight=\"bold\" fill=\"{ink}\">{}</text>",
        xml_escape(caption)
    );
    for (c, (_, label)) in m.columns.iter().enumerate() {
        let x = head_w + cell_w * c as f64 + cell_w / 2.0;
        let y = 22.0 + head_h - 6.0;
        out.push_str(&format!(
            "<text transform=\"translate({x:.1},{y:.1}) rotate(-40)\" font-size=\"11\" fill=\"{ink}\">{}</text>",
            xml_escape(label)
        ));
    }
    for (r, (_, label)) in m.rows.iter().enumerate() {
        let y = 22.0 + head_h + cell_h * r as f64;
        out.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\" fill=\"{ink}\">{}</text>",
            y + cell_h / 2.0 + 4.0,
            xml_escape(label)
        ));
        for (c, &n) in m.cells[r].iter().enumerate() {
            let x = head_w + cell_w * c as f64;
            let shade = map_class(n, &m.bounds);
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"{}\"/>",
                x,
                y,
                cell_w,
                cell_h,
                xml_escape(&palette.shades[shade.min(5)]),
                xml_escape(&palette.background)
            ));
            if n > 0 {
                let fill = if shade >= 4 { &palette.on_dark } else { &palette.ink };
                out.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    x + cell_w / 2.0,
                    y + cell_h / 2.0 + 4.0,
                    xml_escape(fill),
                    format_count(n as usize)
                ));
            }
        }
    }
    out.push_str("</svg>");
    (out, width, height)
}

/// The small multiples as one SVG picture: per series its name and its bars (or the words
/// for too few reports), stacked.
pub fn multiples_svg(t: &Strings, series: &[(String, u32, Vec<Bucket>)], title: &str, palette: &Palette) -> (String, f64, f64) {
    let (width, chart_h, label_h, gap) = (480.0, 48.0, 18.0, 10.0);
    let height = 22.0 + series.len() as f64 * (label_h + chart_h + gap);
    let ink = xml_escape(&palette.ink);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"{FONT}\">\
<text x=\"0\" y=\"15\" font-size=\"14\" font-weight=\"bold\" fill=\"{ink}\">{}</text>",
        xml_escape(title)
    );
    for (i, (label, total, buckets)) in series.iter().enumerate() {
        let top = 22.0 + i as f64 * (label_h + chart_h + gap);
        out.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\" fill=\"{ink}\">{}</text>",
            top + 13.0,
            xml_escape(&(t.multiple_name)(label, *total))
        ));
        let base = top + label_h + chart_h;
        out.push_str(&format!(
            "<line x1=\"0\" x2=\"{width:.0}\" y1=\"{base:.1}\" y2=\"{base:.1}\" stroke=\"{}\"/>",
            xml_escape(&palette.rule)
        ));
        if *total < TOO_FEW_REPORTS {
            out.push_str(&format!(
                "<text x=\"4\" y=\"{:.1}\" font-size=\"12\" fill=\"{}\">{}</text>",
                base - chart_h / 2.0 + 4.0,
                xml_escape(&palette.muted),
                xml_escape(t.too_few_reports)
            ));
            continue;
        }
        out.push_str(&format!(
            "<path d=\"{}\" fill=\"{}\"/>",
            bars_path(buckets, width, chart_h, top + label_h),
            xml_escape(&palette.accent)
        ));
    }
    out.push_str("</svg>");
    (out, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, KO};
    use tumen_core::bundle::library::Library;
    use tumen_core::model::{Article, Block};

    fn article(id: &str, title: &str, body: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            date: Date::parse_iso("2024-05-02"),
            source: "Daily NK".into(),
            url: Some("https://example.org/1".into()),
            source_tags: vec![],
            caption: Some("Guards near Hyesan".into()),
            summary: None,
            body: body.iter().map(|b| Block::Paragraph(b.to_string())).collect(),
        }
    }

    fn library() -> Library {
        Library::from_articles(
            vec![
                article("a", "Smuggling in Hyesan", &["Traders in Hyesan, Ryanggang Province, said smuggling slowed.", "Rain in Kangwon.", "Rescuers reached Chuncheon."]),
                article("b", "Rice prices", &["Rice prices rose in Sinuiju."]),
            ],
            vec![],
        )
    }

    #[test]
    fn the_map_scale_has_at_most_five_classes_that_cover_every_count() {
        assert!(map_bounds(0).is_empty());
        assert_eq!(map_bounds(1), [1]);
        assert_eq!(map_bounds(3), [1, 2, 3]);
        let b = map_bounds(400);
        assert_eq!(b.len(), 5);
        assert_eq!(*b.last().unwrap(), 400);
        assert!(b.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(map_class(0, &b), 0);
        assert_eq!(map_class(1, &b), 1);
        assert_eq!(map_class(400, &b), 5);
        assert_eq!(b, [3, 11, 36, 121, 400]);
        assert_eq!(map_class(4, &b), 2);
        assert_eq!(map_legend(&[1, 3, 12]), ["1", "2–3", "4–12"]);
        assert_eq!(map_legend(&map_bounds(2_000)).last().unwrap(), "438–2,000");
    }

    #[test]
    fn cards_and_facets_carry_labels() {
        let lib = library();
        let results = lib.run(&Query::text("smuggling"));
        let (page, pages, docs) = page_of(&results, 7, 50);
        assert_eq!((page, pages), (1, 1), "a page past the end is clamped");
        let cards: Vec<CardView> = docs.iter().map(|&d| card_view(&lib.card(d).unwrap(), &results.matched_terms)).collect();
        let view = results_view(&Query::text("smuggling"), &results, page, pages, 50, cards);
        assert_eq!(view.total, 1);
        assert!(view.filtered, "the answer knows its query had search text");
        assert!(!results_view(&Query::default(), &results, page, pages, 50, vec![]).filtered);
        let card = &view.cards[0];
        assert_eq!(card.title, "Smuggling in Hyesan");
        assert_eq!(card.provinces, vec![Label { id: "ryanggang".into(), label: "Ryanggang".into() }]);
        let lede = card.lede.as_ref().unwrap();
        assert!(lede.iter().any(|p| p.is_match && p.text.eq_ignore_ascii_case("smuggling")), "{lede:?}");
        assert_eq!(view.label(FacetKind::Province, "ryanggang"), Some("Ryanggang"));
        assert_eq!(view.facet(FacetKind::Topic).iter().find(|v| v.id == "smuggling").map(|v| v.count), Some(1));
        let hyesan = view.value(FacetKind::Entity, "hyesan").expect("Hyesan is an entity value");
        assert_eq!((hyesan.label.as_str(), hyesan.hangul.as_deref()), ("Hyesan", Some("혜산시")), "the Korean interface names it in Hangul");
    }

    #[test]
    fn near_matches_follow_the_results_on_the_last_page_only() {
        // Without the helper's caption, which names Hyesan in every article.
        let plain = |id: &str, title: &str, body: &str| Article { caption: None, ..article(id, title, &[body]) };
        let lib = Library::from_articles(
            vec![
                plain("a", "Rice in Hyesan", "Prices rose."),
                plain("d", "Hyesan rice", "Traders said so."),
                plain("b", "Rice prices", "Rice prices rose in Sinuiju."),
                plain("c", "Hyesan market", "Traders in Hyesan."),
            ],
            vec![],
        );
        let results = lib.run(&Query::text("rice hyesan "));
        let ids = |docs: &[u32]| docs.iter().filter_map(|&d| lib.card(d)).map(|c| c.id).collect::<Vec<_>>();
        assert_eq!((results.total, results.near.len()), (2, 2), "two with both words, two with one: {:?} {:?}", ids(&results.docs), ids(&results.near));
        // (page, page size, near matches shown): on the last page only, a page past the end being the last.
        for (page, size, shown) in [(1, 25, 2), (1, 1, 0), (2, 1, 2), (9, 1, 2)] {
            assert_eq!(near_on_page(&results, page, size).len(), shown, "page {page} of size {size}");
        }
    }

    #[test]
    fn a_search_no_article_fully_matches_says_what_it_shows() {
        let lib = library();
        let results = lib.run(&Query::text("smuggling tractors "));
        assert!(results.total > 0);
        let view = results_view(&Query::text("x"), &results, 1, 1, 50, Vec::new());
        assert_eq!(relaxed_line(&EN, view.relaxed).as_deref(), Some("No article has all 2 words searched; these have one of them."));
        assert_eq!(relaxed_line(&EN, lib.run(&Query::text("smuggling ")).relaxed), None);
    }

    #[test]
    fn close_spellings_are_said() {
        let lib = library();
        let results = lib.run(&Query::text("smugling "));
        assert_eq!(results.total, 1);
        let view = results_view(&Query::text("x"), &results, 1, 1, 50, Vec::new());
        assert_eq!(corrections_line(&EN, &view.corrections).as_deref(), Some("Also matching close spellings: smugling → smuggling"));
        assert_eq!(corrections_line(&EN, &lib.run(&Query::text("smuggling ")).corrections), None);
    }

    #[test]
    fn article_view_highlights_with_whole_article_context() {
        let lib = library();
        let doc = lib.find("a").unwrap().unwrap();
        let view = article_view(&lib.article(doc).unwrap(), &["smuggling".to_string()]);
        assert_eq!(view.blocks.len(), 3);
        let entities: Vec<(&str, &str)> =
            view.blocks.iter().flat_map(|b| &b.pieces).filter_map(|p| p.entity.as_ref().map(|e| (p.text.as_str(), e.id.as_str()))).collect();
        assert!(entities.contains(&("Hyesan", "hyesan")));
        // "Chuncheon" two paragraphs later makes "Kangwon" South Korea's, as in the facets.
        assert!(entities.contains(&("Kangwon", "gangwon-south-korea")), "{entities:?}");
        assert!(view.blocks[0].pieces.iter().any(|p| p.is_match && p.text == "smuggling"));
        assert!(view.caption.as_ref().unwrap().iter().any(|p| p.entity.as_ref().is_some_and(|e| (EN.entity_title)(e).starts_with("Hyesan — city"))));
        assert_eq!(view.provinces.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["Ryanggang"]);
        // The article's map: each entity once, caption first (Hyesan is in both).
        let named: Vec<String> = view.entities_named().into_iter().map(|e| e.id).collect();
        assert_eq!(named.first().map(String::as_str), Some("hyesan"));
        assert_eq!(named.iter().filter(|id| *id == "hyesan").count(), 1, "{named:?}");
        assert!(named.iter().any(|id| id == "gangwon-south-korea"));
        // Pieces are the text, in order, nothing lost.
        let rebuilt: String = view.blocks[0].pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(rebuilt, "Traders in Hyesan, Ryanggang Province, said smuggling slowed.");
    }

    #[test]
    fn chips_use_the_results_labels() {
        let lib = library();
        let q = Query { text: "rice".into(), provinces: vec!["ryanggang".into(), "atlantis".into()], undated: false, ..Query::default() };
        let results = lib.run(&q);
        let (page, pages, _) = page_of(&results, 1, 50);
        let view = results_view(&Query::default(), &results, page, pages, 50, vec![]);
        let chips = active_filters(&EN, &q, Some(&view));
        let labels: Vec<String> = chips.iter().map(|c| format!("{}: {}", c.facet, c.label)).collect();
        assert_eq!(labels, ["Search: “rice”", "Province: Ryanggang", "Province: atlantis", "Date: dated articles only"]);
        let ko: Vec<String> = active_filters(&KO, &q, Some(&view)).iter().map(|c| format!("{}: {}", c.facet, c.label)).collect();
        assert_eq!(ko, ["검색어: “rice”", "시·도: 량강도", "시·도: atlantis", "날짜: 날짜가 있는 기사만"]);
        let dated = Query { date_from: Date::parse_iso("2024-03-01"), date_to: Date::parse_iso("2024-03-31"), ..Query::default() };
        assert_eq!(active_filters(&EN, &dated, None)[0].label, "1 Mar 2024 – 31 Mar 2024");
        assert_eq!(active_filters(&KO, &dated, None)[0].label, "2024년 3월 1일 – 2024년 3월 31일");
        let mut q2 = q.clone();
        (chips[1].remove)(&mut q2);
        assert_eq!(q2.provinces, vec!["atlantis".to_string()]);
        assert_eq!(active_filters(&EN, &Query::default(), None).len(), 0);
    }

    #[test]
    fn load_errors_say_what_to_do() {
        use crate::protocol::LoadError;
        let (head, detail) = load_error_text(&EN, &LoadError::Version { found: 999, supported: 1 });
        assert!(head.contains("another version") && detail.contains("999") && detail.contains("tumen build"));
        let (_, detail) = load_error_text(&EN, &LoadError::InvalidJson { file: "corpus.json".into(), line: 4, column: 12, message: "expected `,`".into() });
        assert!(detail.contains("line 4, column 12"));
        let (head, detail) = load_error_text(&EN, &LoadError::Missing { url: "corpus/manifest.json".into() });
        assert!(head.contains("missing") && detail.contains("404"));
        assert!(load_error_text(&EN, &LoadError::Empty { rejected: 1 }).1.contains("All 1 article in"));
    }

    #[test]
    fn formats() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(12_345), "12,345");
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(format_bytes(999), "999 B");
        assert_eq!(format_bytes(51_234), "51 kB");
        assert_eq!(format_bytes(312_400_000), "312.4 MB");
        assert_eq!(format_date(&EN, Date::parse_iso("2024-03-05").unwrap()), "5 Mar 2024");
        assert_eq!(format_date(&KO, Date::parse_iso("2024-03-05").unwrap()), "2024년 3월 5일");
    }

    #[test]
    fn timeline_bars_fill_gaps_and_switch_to_years() {
        let jan = Date::parse_iso("2024-01-01").unwrap().month_index();
        let bars = timeline_buckets(&EN, &[(jan, 2), (jan + 2, 5)]);
        assert_eq!(bars.iter().map(|b| (b.label.as_str(), b.count)).collect::<Vec<_>>(), [("Jan 2024", 2), ("Feb 2024", 0), ("Mar 2024", 5)]);
        assert_eq!(bars[1].last, Date::parse_iso("2024-02-29").unwrap());
        let years = timeline_buckets(&EN, &[(jan, 1), (jan + 130, 1)]);
        assert_eq!(years.first().map(|b| b.label.as_str()), Some("2024"));
        assert_eq!(years.len(), 11);
        assert!(timeline_buckets(&EN, &[]).is_empty());
        let ko: Vec<String> = timeline_buckets(&KO, &[(jan, 2), (jan + 2, 5)]).into_iter().map(|b| b.label).collect();
        assert_eq!(ko, ["2024년 1월", "2024년 2월", "2024년 3월"]);
        assert_eq!(timeline_buckets(&KO, &[(jan, 1), (jan + 130, 1)])[0].label, "2024년");
    }

    #[test]
    fn trends_name_their_values_so_the_page_needs_no_gazetteer() {
        let lib = library();
        let results = lib.run(&Query::text("smuggling"));
        let view = results_view(&Query::default(), &results, 1, 1, 20, Vec::new());
        assert!(!view.trends.pairs.is_empty(), "the article has a province and a topic");
        assert_eq!(view.trends.label("ryanggang"), "Ryanggang");
        assert_eq!(view.trends.label("smuggling"), "Smuggling");
        assert_eq!(view.trends.label("atlantis"), "atlantis", "an unnamed id reads as itself");
        // A pair whose values no facet lists (facets cut short) still gets the worker's names.
        let bare = ResultsView { trends: view.trends.clone(), ..ResultsView::default() };
        let m = matrix(&EN, &bare);
        assert!(m.rows.contains(&("ryanggang".to_string(), "Ryanggang".to_string())), "{:?}", m.rows);
        assert_eq!(m.columns.iter().find(|c| c.0 == "smuggling").map(|c| c.1.as_str()), Some("Smuggling"));
    }

    #[test]
    fn the_matrix_lays_out_provinces_and_topics_with_results_in_facet_order() {
        let value = |id: &str, label: &str| FacetValueView { id: id.into(), label: label.into(), count: 1, selected: false, hangul: None };
        let view = ResultsView {
            facets: vec![
                FacetGroupView { kind: FacetKind::Province, values: vec![value("pyongyang", "Pyongyang"), value("ryanggang", "Ryanggang"), value("kangwon", "Kangwon")] },
                FacetGroupView { kind: FacetKind::Topic, values: vec![value("smuggling", "Smuggling"), value("food", "Food"), value("trade", "Trade")] },
            ],
            trends: TrendsView {
                pairs: vec![("pyongyang".into(), "trade".into(), 3), ("ryanggang".into(), "smuggling".into(), 12), ("ryanggang".into(), "trade".into(), 1)],
                ..TrendsView::default()
            },
            ..ResultsView::default()
        };
        let m = matrix(&EN, &view);
        assert_eq!(m.rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["pyongyang", "ryanggang"], "only provinces with results");
        assert_eq!(m.columns.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), ["Smuggling", "Trade"]);
        assert_eq!(m.cells, vec![vec![0, 3], vec![12, 1]]);
        assert_eq!(*m.bounds.last().unwrap(), 12);
        assert_eq!(matrix(&KO, &view).rows[1].1, "량강도");
        // The picture of it: every non-empty cell's number, no zero, escaped text.
        let (svg, w, h) = matrix_svg(&m, "Reports <by> province", &Palette::default());
        assert!(svg.starts_with("<svg") && svg.contains(">12<") && svg.contains(">3<") && !svg.contains(">0<"));
        assert!(svg.contains("Reports &lt;by&gt; province"));
        assert!(w > 0.0 && h > 0.0);
        assert_eq!((EN.matrix_cell)("ryanggang", "Ryanggang", "량강도", "Smuggling", 12), "Ryanggang (량강도), Smuggling: 12 reports");
        assert_eq!((KO.matrix_cell)("ryanggang", "Ryanggang", "량강도", "밀수", 12), "량강도 (Ryanggang), 밀수: 기사 12건");
    }

    #[test]
    fn a_saved_picture_carries_the_filters_and_the_date() {
        let query = Query { provinces: vec!["ryanggang".into()], ..Query::text("rice") };
        let date = Date::parse_iso("2026-12-02").unwrap();
        let lines = export_lines(&EN, &query, None, date);
        assert_eq!(lines[1], "Made with Tumen on 2 Dec 2026");
        assert!(lines[0].starts_with("Filters: ") && lines[0].contains("rice") && lines[0].contains("Province: "), "{}", lines[0]);
        assert_eq!(export_lines(&EN, &Query::default(), None, date)[0], "No filters: every article");
        let (svg, w, h) = export_svg("<svg></svg>", 100.0, 50.0, &Palette::default(), &lines);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("Made with Tumen on 2 Dec 2026") && !svg.contains("var(--"));
        assert!(w > 100.0 && h > 50.0 + 2.0 * 18.0);
        // Small multiples: too few reports is said, not drawn.
        let buckets = series_buckets(&EN, &[(24_288, 5), (24_289, 7)], &[2, 3]);
        assert_eq!(buckets.iter().map(|b| b.count).collect::<Vec<_>>(), [2, 3]);
        let (few, _, _) = multiples_svg(&EN, &[("Smuggling".into(), 5, buckets.clone())], "Over time", &Palette::default());
        assert!(few.contains("too few reports") && !few.contains("<path"));
        let (many, _, _) = multiples_svg(&EN, &[("Smuggling".into(), 12, buckets)], "Over time", &Palette::default());
        assert!(!many.contains("too few reports") && many.matches("<path").count() == 1);
        let d = many.split("<path d=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default();
        assert_eq!(d.matches('M').count(), 2, "one rectangle per month with reports: {d}");
    }

    #[test]
    fn bars_are_one_rectangle_per_month_with_reports_inside_their_box() {
        let day = Date { year: 2020, month: 1, day: 1 };
        let bucket = |count| Bucket { label: String::new(), first: day, last: day, count };
        let buckets = [bucket(4), bucket(0), bucket(2), bucket(1)];
        let d = bars_path(&buckets, 400.0, 42.0, 100.0);
        let rects: Vec<Vec<f64>> = d
            .split('z')
            .filter(|r| !r.is_empty())
            .map(|r| r.trim_start_matches('M').split(['h', 'v', ' ']).map(|n| n.parse().expect("a number")).collect())
            .collect();
        assert_eq!(rects.len(), 3, "the empty month draws nothing: {d}");
        // [x, y, width, height, -width]: bars in their slots, standing on the box's floor.
        assert_eq!(rects.iter().map(|r| r[0]).collect::<Vec<_>>(), [10.0, 210.0, 310.0]);
        for r in &rects {
            assert!((r[1] + r[3] - 142.0).abs() < 0.01 && r[1] >= 100.0 && r[2] == 80.0 && r[4] == -80.0, "{r:?}");
        }
        assert!((rects[0][3] - 40.0).abs() < 0.01, "the busiest month fills the box less a margin");
        assert!((rects[1][3] - 20.0).abs() < 0.01 && rects[2][3] >= 1.5);
        assert_eq!(bars_path(&[], 400.0, 42.0, 0.0), "");
    }
}
