//! Copies of one story across every segment of an index: documents sharing a copy key (stored
//! per segment, see [`super::DocRecords::copy_key`]) or joined by a link (found in memory, see
//! [`super::Index::from_segments_linked`]) form a group. A query shows one document per group
//! unless it asks for every copy ([`super::Query::duplicates`]).

use std::collections::HashMap;

use super::bitset::Bitset;
use super::docs::UNDATED;
use crate::dedup::UnionFind;

/// No group: the document has no copy.
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Copies {
    /// Per document, its group (an index into `groups`), or [`NONE`].
    group_of: Vec<u32>,
    /// Groups of two or more documents: the representative (earliest dated, undated last,
    /// then the first document) first, the others in the same order.
    groups: Vec<Vec<u32>>,
}

impl Copies {
    /// `keys[d]`: document `d`'s copy key (0: none); `links`: pairs of documents that are
    /// copies; `day_key[d]`: its date key ([`UNDATED`] when undated).
    pub(crate) fn build(keys: &[u64], links: &[(u32, u32)], day_key: &[u32]) -> Copies {
        let n = keys.len();
        if links.is_empty() && keys.iter().all(|&k| k == 0) {
            return Copies { group_of: Vec::new(), groups: Vec::new() };
        }
        let mut uf = UnionFind::new(n);
        let mut first: HashMap<u64, u32> = HashMap::new();
        for (d, &k) in keys.iter().enumerate() {
            if k != 0 {
                let f = *first.entry(k).or_insert(d as u32);
                uf.union(f, d as u32);
            }
        }
        for &(a, b) in links {
            uf.union(a, b);
        }
        let mut by_root: HashMap<u32, Vec<u32>> = HashMap::new();
        for d in 0..n as u32 {
            let root = uf.find(d);
            by_root.entry(root).or_default().push(d);
        }
        let order = |d: &u32| {
            let k = day_key.get(*d as usize).copied().unwrap_or(UNDATED);
            (k == UNDATED, k, *d)
        };
        let mut groups: Vec<Vec<u32>> = by_root.into_values().filter(|g| g.len() > 1).collect();
        for g in &mut groups {
            g.sort_by_key(order);
        }
        groups.sort_unstable();
        let mut group_of = vec![NONE; n];
        for (i, g) in groups.iter().enumerate() {
            for &d in g {
                group_of[d as usize] = i as u32;
            }
        }
        Copies { group_of, groups }
    }

    /// Every member of a document's group, the representative first (empty without copies).
    pub(crate) fn members(&self, doc: u32) -> &[u32] {
        match self.group_of.get(doc as usize) {
            Some(&g) if g != NONE => self.groups.get(g as usize).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    /// The group a document belongs to, if it has copies.
    pub(crate) fn group(&self, doc: u32) -> Option<u32> {
        self.group_of.get(doc as usize).copied().filter(|&g| g != NONE)
    }

    /// Documents merged away: documents minus groups.
    pub(crate) fn merged(&self) -> usize {
        self.groups.iter().map(|g| g.len() - 1).sum()
    }

    /// Keeps one document per group in `set`: the first member (in representative order) that
    /// is in it. Linear in the number of documents that have copies.
    pub(crate) fn collapse(&self, set: &mut Bitset) {
        for g in &self.groups {
            let mut kept = false;
            for &d in g {
                if set.contains(d) {
                    if kept {
                        set.remove(d);
                    }
                    kept = true;
                }
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.group_of.capacity() * 4 + self.groups.iter().map(|g| g.capacity() * 4 + 24).sum::<usize>()
    }
}
