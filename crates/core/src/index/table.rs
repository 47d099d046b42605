//! The document table of the whole index: the segments' [`DocRecords`] laid
//! end to end, turned into what queries need at once — one bitset per facet
//! value, entity postings, dates with the newest/oldest orders, and BM25
//! length norms. Built in memory when the index is assembled; never stored.

use super::bitset::Bitset;
use super::copies::Copies;
use super::docs::{DocRecords, UNDATED};
use super::facets::{EntityTable, FacetTable};
use super::text::{B, K1};
use crate::gazetteer::Gazetteer;
use crate::tags::EntityKind;
use crate::topics::Taxonomy;

#[derive(Debug)]
pub(crate) struct DocTable {
    pub(crate) n: usize,
    pub(crate) provinces: FacetTable,
    pub(crate) topics: FacetTable,
    pub(crate) sources: FacetTable,
    pub(crate) kinds: FacetTable,
    pub(crate) entities: EntityTable,
    /// Per doc: `month_index << 5 | day`, [`UNDATED`] when undated.
    pub(crate) day_key: Vec<u32>,
    /// Dated docs by (date desc, doc asc), then undated docs ascending.
    pub(crate) newest: Vec<u32>,
    /// Dated docs by (date asc, doc asc).
    pub(crate) oldest_dated: Vec<u32>,
    /// Position of each doc in `newest`.
    pub(crate) newest_rank: Vec<u32>,
    pub(crate) undated: Bitset,
    pub(crate) month_span: Option<(u32, u32)>,
    /// Per doc: k1·(1 − b + b·len/avg_len), for BM25.
    pub(crate) norm: Vec<f32>,
    /// Copies of one story, across segments.
    pub(crate) copies: Copies,
}

impl DocTable {
    /// `links`: pairs of documents known to be copies beyond the segments' copy keys.
    pub(crate) fn build<'a>(
        segments: impl Iterator<Item = &'a DocRecords> + Clone,
        links: &[(u32, u32)],
        gazetteer: &Gazetteer,
        taxonomy: &Taxonomy,
    ) -> DocTable {
        let n: usize = segments.clone().map(DocRecords::len).sum();
        let province_ids: Vec<String> = gazetteer.provinces().iter().map(|e| e.id.clone()).collect();
        let mut provinces = FacetTable::new(n, province_ids, false);
        let topic_ids: Vec<String> = taxonomy.topics().iter().map(|t| t.id.clone()).collect();
        let mut topics = FacetTable::new(n, topic_ids, false);
        let mut sources = FacetTable::new(n, Vec::new(), true);
        let mut kinds = FacetTable::new(n, EntityKind::ALL.iter().map(|k| k.as_str().to_string()).collect(), false);
        let mut entities = EntityTable::default();
        let mut day_key = Vec::with_capacity(n);
        let mut lengths = Vec::with_capacity(n);
        let mut copy_keys: Vec<u64> = Vec::with_capacity(n);
        let mut doc = 0u32;
        for seg in segments {
            // Map the segment's string tables to facet slots once, not per document.
            let province_slot: Vec<usize> = seg.province_ids.list.iter().map(|p| provinces.slot(p)).collect();
            let topic_slot: Vec<usize> = seg.topic_ids.list.iter().map(|t| topics.slot(t)).collect();
            let source_slot: Vec<usize> = seg.sources.list.iter().map(|s| sources.slot(s)).collect();
            let kind_slot: Vec<usize> = seg.entity_kinds.iter().map(|k| kinds.slot(k.as_str())).collect();
            let entity_slot: Vec<u32> =
                seg.entity_ids.list.iter().zip(&seg.entity_kinds).map(|(id, &k)| entities.slot(id, k)).collect();
            for local in 0..seg.len() {
                for &p in seg.provinces.get(local) {
                    provinces.insert(doc, province_slot[p as usize]);
                }
                for &t in seg.topics.get(local) {
                    topics.insert(doc, topic_slot[t as usize]);
                }
                if let Some(&s) = seg.source.get(local) {
                    if !seg.sources.get(s).is_empty() {
                        sources.insert(doc, source_slot[s as usize]);
                    }
                }
                for &(e, count) in seg.entities.get(local) {
                    kinds.insert(doc, kind_slot[e as usize]);
                    entities.add_slot(doc, entity_slot[e as usize], count);
                }
                entities.end_doc();
                day_key.push(seg.day_key.get(local).copied().unwrap_or(UNDATED));
                lengths.push(seg.length.get(local).copied().unwrap_or(0));
                copy_keys.push(seg.copy_key(local));
                doc += 1;
            }
        }
        provinces.finish();
        topics.finish();
        sources.finish();
        kinds.finish();
        entities.finish();

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
        let months: Vec<u32> = oldest_dated.iter().map(|&d| day_key[d as usize] >> 5).collect();
        let month_span = timeline_span(&months);
        let avg = if lengths.is_empty() { 1.0 } else { lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64 };
        let avg = if avg > 0.0 { avg } else { 1.0 };
        let norm = lengths.iter().map(|&l| (K1 as f64 * (1.0 - B as f64 + B as f64 * l as f64 / avg)) as f32).collect();
        let copies = Copies::build(&copy_keys, links, &day_key);
        DocTable {
            n,
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
            norm,
            copies,
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.provinces.heap_bytes()
            + self.topics.heap_bytes()
            + self.sources.heap_bytes()
            + self.kinds.heap_bytes()
            + self.entities.heap_bytes()
            + self.undated.heap_bytes()
            + self.copies.heap_bytes()
            + (self.day_key.capacity() + self.newest.capacity() + self.oldest_dated.capacity() + self.newest_rank.capacity() + self.norm.capacity()) * 4
    }
}

/// Months the timeline covers at most (a century): every query counts its results per month.
pub const MAX_TIMELINE_MONTHS: u32 = 1200;

/// The months the timeline spans, from sorted month indexes: all of them, unless that is more
/// than [`MAX_TIMELINE_MONTHS`] (an article dated 0001-01-01 or 9999-12-31 would make every
/// query count twenty thousand empty months). Then the stragglers are left out: the span runs
/// between the 0.5th and 99.5th percentiles, and at most a century back from the upper one.
/// Articles outside it still match searches and date filters; only the chart leaves them out.
pub(crate) fn timeline_span(sorted_months: &[u32]) -> Option<(u32, u32)> {
    let (&first, &last) = (sorted_months.first()?, sorted_months.last()?);
    if last - first < MAX_TIMELINE_MONTHS {
        return Some((first, last));
    }
    let n = sorted_months.len();
    let lo = sorted_months[n / 200];
    let hi = sorted_months[(n - 1) - n / 200];
    Some((lo.max(hi.saturating_sub(MAX_TIMELINE_MONTHS - 1)), hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_outlier_does_not_stretch_the_timeline() {
        let year = |y: u32| y * 12;
        // Ordinary: the whole span.
        assert_eq!(timeline_span(&[year(2010), year(2015), year(2024)]), Some((year(2010), year(2024))));
        assert_eq!(timeline_span(&[]), None);
        // One article in year 1 and one in 9999 among a thousand from 2000 to 2024.
        let mut months: Vec<u32> = (0..1000).map(|i| year(2000) + i * 300 / 1000).collect();
        months.push(year(1));
        months.push(year(9999));
        months.sort();
        let (lo, hi) = timeline_span(&months).unwrap();
        assert!(lo >= year(2000) && hi <= year(2025), "{} to {}", lo / 12, hi / 12);
        assert!(hi - lo < MAX_TIMELINE_MONTHS);
        // Half the corpus in year 1: still at most a century.
        let mut split: Vec<u32> = (0..500).map(|_| year(1)).chain((0..500).map(|_| year(2020))).collect();
        split.sort();
        let (lo, hi) = timeline_span(&split).unwrap();
        assert_eq!(hi, year(2020));
        assert!(hi - lo < MAX_TIMELINE_MONTHS);
    }
}
