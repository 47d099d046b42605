//! Facet tables: one bitset per value for the small facets (province, topic,
//! source, kind), posting lists plus per-document lists for entities.

use super::bitset::Bitset;
use super::{EntityFacetValue, FacetValue};
use crate::tags::EntityKind;
use std::collections::HashMap;

#[derive(Debug)]
pub(crate) struct FacetTable {
    pub(crate) ids: Vec<String>,
    sets: Vec<Bitset>,
    lookup: HashMap<String, usize>,
    n: usize,
    sort_by_name: bool,
}

impl FacetTable {
    /// `known` values are always listed, in this order; values first seen in
    /// the data are appended sorted (or everything is sorted by name when `sort_by_name`).
    pub(crate) fn new(n: usize, known: Vec<String>, sort_by_name: bool) -> Self {
        let mut t = FacetTable { ids: Vec::new(), sets: Vec::new(), lookup: HashMap::new(), n, sort_by_name };
        for id in known {
            t.value(&id);
        }
        t
    }

    /// The slot of a value, created on first sight.
    pub(crate) fn slot(&mut self, id: &str) -> usize {
        self.value(id)
    }

    pub(crate) fn insert(&mut self, doc: u32, slot: usize) {
        if let Some(set) = self.sets.get_mut(slot) {
            set.insert(doc);
        }
    }

    fn value(&mut self, id: &str) -> usize {
        if let Some(&i) = self.lookup.get(id) {
            return i;
        }
        let i = self.ids.len();
        self.ids.push(id.to_string());
        self.sets.push(Bitset::empty(self.n));
        self.lookup.insert(id.to_string(), i);
        i
    }

    pub(crate) fn finish(&mut self) {
        if self.sort_by_name {
            let mut order: Vec<usize> = (0..self.ids.len()).collect();
            order.sort_by(|&a, &b| {
                self.ids[a].to_lowercase().cmp(&self.ids[b].to_lowercase()).then_with(|| self.ids[a].cmp(&self.ids[b]))
            });
            let ids: Vec<String> = order.iter().map(|&i| std::mem::take(&mut self.ids[i])).collect();
            let sets: Vec<Bitset> = order.iter().map(|&i| std::mem::replace(&mut self.sets[i], Bitset::empty(0))).collect();
            self.ids = ids;
            self.sets = sets;
            self.lookup = self.ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        }
    }

    /// Docs having any of `selected`; None when nothing is selected.
    pub(crate) fn filter(&self, selected: &[String]) -> Option<Bitset> {
        if selected.is_empty() {
            return None;
        }
        let mut out = Bitset::empty(self.n);
        for id in selected {
            if let Some(&i) = self.lookup.get(id) {
                out.or_with(&self.sets[i]);
            }
        }
        Some(out)
    }

    pub(crate) fn counts(&self, set: &Bitset, selected: &[String]) -> Vec<FacetValue> {
        let mut out: Vec<FacetValue> = self
            .ids
            .iter()
            .zip(&self.sets)
            .map(|(id, s)| FacetValue { id: id.clone(), count: set.count_and(s), selected: selected.contains(id) })
            .collect();
        for id in selected {
            if !self.lookup.contains_key(id) && !out.iter().any(|v| &v.id == id) {
                out.push(FacetValue { id: id.clone(), count: 0, selected: true });
            }
        }
        out
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.sets.iter().map(|s| s.heap_bytes() + 24).sum::<usize>() + self.ids.iter().map(|s| s.len() * 2 + 64).sum::<usize>()
    }

    /// Values with their documents, in the table's order.
    pub(crate) fn values(&self) -> impl Iterator<Item = (&str, &Bitset)> {
        self.ids.iter().map(String::as_str).zip(&self.sets)
    }
}

/// For every pair of a value of `rows` and a value of `columns`, how many documents of `set`
/// have both: `(row, column, count)`, non-zero counts only, in the tables' orders. One
/// intersection per row with documents in `set`, then one count per column.
pub(crate) fn cross_counts(rows: &FacetTable, columns: &FacetTable, set: &Bitset) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    for (row, row_set) in rows.values() {
        let mut both = set.clone();
        both.and_with(row_set);
        if both.count() == 0 {
            continue;
        }
        for (column, column_set) in columns.values() {
            let n = both.count_and(column_set);
            if n > 0 {
                out.push((row.to_string(), column.to_string(), n));
            }
        }
    }
    out
}

#[derive(Debug, Default)]
pub(crate) struct EntityTable {
    ids: Vec<String>,
    kinds: Vec<EntityKind>,
    lookup: HashMap<String, u32>,
    postings: Vec<Vec<u32>>,
    /// Mention counts, parallel to `postings`.
    counts: Vec<Vec<u16>>,
    doc_start: Vec<u32>,
    doc_ents: Vec<u32>,
}

impl EntityTable {
    /// The slot of an entity, created on first sight (the first kind seen wins).
    pub(crate) fn slot(&mut self, id: &str, kind: EntityKind) -> u32 {
        match self.lookup.get(id) {
            Some(&e) => e,
            None => {
                let e = self.ids.len() as u32;
                self.ids.push(id.to_string());
                self.kinds.push(kind);
                self.postings.push(Vec::new());
                self.counts.push(Vec::new());
                self.lookup.insert(id.to_string(), e);
                e
            }
        }
    }

    /// Records that `doc` names entity slot `e` `count` times. Docs come in increasing order.
    pub(crate) fn add_slot(&mut self, doc: u32, e: u32, count: u32) {
        if self.doc_start.is_empty() {
            self.doc_start.push(0);
        }
        let (Some(p), Some(c)) = (self.postings.get_mut(e as usize), self.counts.get_mut(e as usize)) else { return };
        if p.last() != Some(&doc) {
            p.push(doc);
            c.push(count.clamp(1, u16::MAX as u32) as u16);
            self.doc_ents.push(e);
        } else if let Some(last) = c.last_mut() {
            *last = last.saturating_add(count.min(u16::MAX as u32) as u16);
        }
    }

    pub(crate) fn end_doc(&mut self) {
        if self.doc_start.is_empty() {
            self.doc_start.push(0);
        }
        self.doc_start.push(self.doc_ents.len() as u32);
    }

    pub(crate) fn finish(&mut self) {
        for p in &mut self.postings {
            p.shrink_to_fit();
        }
        for c in &mut self.counts {
            c.shrink_to_fit();
        }
        self.doc_ents.shrink_to_fit();
    }

    /// Documents tagged with an entity, and the mention counts.
    pub(crate) fn postings_of(&self, id: &str) -> Option<(&[u32], &[u16])> {
        let &e = self.lookup.get(id)?;
        Some((&self.postings[e as usize], &self.counts[e as usize]))
    }

    pub(crate) fn kind_of(&self, id: &str) -> Option<EntityKind> {
        self.lookup.get(id).map(|&e| self.kinds[e as usize])
    }

    pub(crate) fn filter(&self, n: usize, selected: &[String]) -> Option<Bitset> {
        if selected.is_empty() {
            return None;
        }
        let mut out = Bitset::empty(n);
        for id in selected {
            if let Some(&e) = self.lookup.get(id) {
                for &d in &self.postings[e as usize] {
                    out.insert(d);
                }
            }
        }
        Some(out)
    }

    pub(crate) fn counts(&self, set: &Bitset, selected: &[String], top: usize) -> Vec<EntityFacetValue> {
        let mut counts = vec![0u32; self.ids.len()];
        for d in set.iter() {
            let d = d as usize;
            if d + 1 < self.doc_start.len() {
                for &e in &self.doc_ents[self.doc_start[d] as usize..self.doc_start[d + 1] as usize] {
                    counts[e as usize] += 1;
                }
            }
        }
        let order = |a: &u32, b: &u32| counts[*b as usize].cmp(&counts[*a as usize]).then_with(|| self.ids[*a as usize].cmp(&self.ids[*b as usize]));
        let mut best: Vec<u32> = (0..self.ids.len() as u32).filter(|&e| counts[e as usize] > 0).collect();
        if best.len() > top {
            best.select_nth_unstable_by(top, order);
            best.truncate(top);
        }
        best.sort_unstable_by(order);
        let mut out: Vec<EntityFacetValue> = best
            .iter()
            .map(|&e| EntityFacetValue {
                id: self.ids[e as usize].clone(),
                kind: Some(self.kinds[e as usize]),
                count: counts[e as usize],
                selected: selected.contains(&self.ids[e as usize]),
            })
            .collect();
        for id in selected {
            if !out.iter().any(|v| &v.id == id) {
                let e = self.lookup.get(id).copied();
                out.push(EntityFacetValue {
                    id: id.clone(),
                    kind: e.map(|e| self.kinds[e as usize]),
                    count: e.map(|e| counts[e as usize]).unwrap_or(0),
                    selected: true,
                });
            }
        }
        out
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.postings.iter().map(|p| p.capacity() * 6 + 48).sum::<usize>()
            + (self.doc_start.capacity() + self.doc_ents.capacity()) * 4
            + self.ids.iter().map(|s| s.len() * 2 + 64).sum::<usize>()
    }
}
