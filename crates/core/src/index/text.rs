//! Full-text storage of one segment: the term dictionary (an `fst` map from
//! term to ordinal, with document frequencies) and the postings and
//! positions, cut into shards by term range. A shard is the unit a browser
//! downloads; in memory every shard is simply loaded. Byte formats are in
//! `docs/bundle-format.md`.
//!
//! * Postings of a term: for each document containing it, `varint(doc delta)`
//!   then one byte of weighted term frequency (half units, capped at 255).
//! * Positions of a term, same document order: `varint(byte length)` then
//!   varint position deltas, so a reader skips a document's positions in O(1).
//!   Only phrase queries read them, so they live in separate shards.

use crate::codec::{put_str, put_varint, DecodeError, Reader};

pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;

/// Raw bytes of postings per shard the cutter aims at (about 30-45 kB gzipped).
pub const SHARD_TARGET_BYTES: usize = 48 * 1024;

/// The output of indexing one segment's text, before it is cut into shards.
#[derive(Debug, Default)]
pub(crate) struct TextParts {
    /// Sorted by bytes.
    pub(crate) terms: Vec<Box<str>>,
    pub(crate) df: Vec<u32>,
    pub(crate) postings: Vec<Box<[u8]>>,
    pub(crate) positions: Vec<Box<[u8]>>,
}

/// The term dictionary of one segment.
#[derive(Debug)]
pub struct Dict {
    map: fst::Map<Vec<u8>>,
    df: Vec<u32>,
    /// First ordinal of each shard (`[0, ...]`, strictly increasing).
    shard_starts: Vec<u32>,
    /// First term of each shard: shard files name their range by it, not by
    /// ordinal, so a new word elsewhere in the dictionary leaves them unchanged.
    shard_first: Vec<String>,
}

const DICT_MAGIC: &[u8; 4] = b"TMDI";
const POSTINGS_MAGIC: &[u8; 4] = b"TMPO";
const POSITIONS_MAGIC: &[u8; 4] = b"TMPS";
const VERSION: u32 = 1;

impl Dict {
    /// A dictionary with no terms (a segment whose dictionary is still on its way).
    pub fn empty() -> Dict {
        Dict::build(&[], Vec::new(), Vec::new())
    }

    pub fn len(&self) -> usize {
        self.df.len()
    }

    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    pub fn shard_count(&self) -> usize {
        self.shard_starts.len()
    }

    pub(crate) fn get(&self, term: &str) -> Option<u32> {
        self.map.get(term).and_then(|v| u32::try_from(v).ok()).filter(|&o| (o as usize) < self.df.len())
    }

    pub(crate) fn df(&self, ord: u32) -> u32 {
        self.df.get(ord as usize).copied().unwrap_or(0)
    }

    pub(crate) fn shard_of(&self, ord: u32) -> usize {
        self.shard_starts.partition_point(|&s| s <= ord).saturating_sub(1)
    }

    /// Terms starting with `prefix`, in byte order, with their ordinals.
    pub(crate) fn with_prefix(&self, prefix: &str) -> Vec<(String, u32)> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut stream = self.map.range().ge(prefix).into_stream();
        while let Some((key, ord)) = stream.next() {
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let (Ok(term), Ok(ord)) = (std::str::from_utf8(key), u32::try_from(ord)) {
                if (ord as usize) < self.df.len() {
                    out.push((term.to_string(), ord));
                }
            }
        }
        out
    }

    /// Terms the Levenshtein automaton accepts, with their ordinals and distances.
    pub(crate) fn within(&self, dfa: &levenshtein_automata::DFA) -> Vec<(String, u32, u8)> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        let mut stream = self.map.search_with_state(dfa).into_stream();
        while let Some((key, ord, state)) = stream.next() {
            let (Ok(term), Ok(ord), Some(d)) = (std::str::from_utf8(key), u32::try_from(ord), super::typos::distance(dfa, state)) else { continue };
            if (ord as usize) < self.df.len() {
                out.push((term.to_string(), ord, d));
            }
        }
        out
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len() + self.df.capacity() * 4 + self.shard_starts.capacity() * 4
    }

    fn build(terms: &[Box<str>], df: Vec<u32>, shard_starts: Vec<u32>) -> Dict {
        let shard_first = shard_starts.iter().filter_map(|&s| terms.get(s as usize)).map(|t| t.to_string()).collect();
        let mut builder = fst::MapBuilder::memory();
        for (i, t) in terms.iter().enumerate() {
            // Terms are sorted and unique, so insertion cannot fail.
            let _ = builder.insert(t.as_bytes(), i as u64);
        }
        let bytes = builder.into_inner().unwrap_or_default();
        let map = fst::Map::new(bytes).unwrap_or_default();
        Dict { map, df, shard_starts, shard_first }
    }

    /// The `dict` file of a bundle segment.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = DICT_MAGIC.to_vec();
        put_varint(&mut out, VERSION);
        put_varint(&mut out, self.df.len() as u32);
        put_varint(&mut out, self.shard_starts.len() as u32);
        let mut last = 0;
        for (&s, first) in self.shard_starts.iter().zip(&self.shard_first) {
            put_varint(&mut out, s - last);
            put_str(&mut out, first);
            last = s;
        }
        for &d in &self.df {
            put_varint(&mut out, d);
        }
        out.extend_from_slice(self.map.as_fst().as_bytes());
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Dict, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(DICT_MAGIC, "term dictionary")?;
        let version = r.varint("term dictionary version")?;
        if version != VERSION {
            return Err(r.error(format!("term dictionary version {version} (this reader knows version {VERSION})")));
        }
        let n = r.count("term count", 1)?;
        let shards = r.count("shard count", 1)?;
        let mut shard_starts = Vec::with_capacity(shards);
        let mut shard_first = Vec::with_capacity(shards);
        let mut last = 0u32;
        for i in 0..shards {
            let d = r.varint("shard start")?;
            shard_first.push(r.string("first term of a shard")?);
            let s = last.checked_add(d).ok_or_else(|| r.error("shard start (overflow)"))?;
            if (i == 0 && s != 0) || (i > 0 && s <= last) || (s as usize >= n.max(1)) {
                return Err(r.error("shard starts (not increasing from 0)"));
            }
            shard_starts.push(s);
            last = s;
        }
        if n > 0 && shard_starts.is_empty() {
            return Err(r.error("shard starts (none for a non-empty dictionary)"));
        }
        let mut df = Vec::with_capacity(n);
        for _ in 0..n {
            df.push(r.varint("document frequency")?);
        }
        let at = r.position();
        let map = fst::Map::new(r.rest().to_vec()).map_err(|e| DecodeError { what: format!("term dictionary ({e})"), at })?;
        // fst trusts its bytes: a damaged file panics inside it (found by `cargo xtask fuzz`,
        // target bundle). Its checksum catches damage before any lookup.
        map.as_fst().verify().map_err(|e| DecodeError { what: format!("term dictionary ({e})"), at })?;
        if map.len() != n {
            return Err(DecodeError { what: format!("term dictionary ({} terms, {} frequencies)", map.len(), n), at });
        }
        for (&start, first) in shard_starts.iter().zip(&shard_first) {
            if map.get(first) != Some(start as u64) {
                return Err(DecodeError { what: format!("term dictionary (shard start {start} is not the term {first:?})"), at });
            }
        }
        Ok(Dict { map, df, shard_starts, shard_first })
    }
}

/// One shard: the postings (or positions) of terms `first..first + count`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardData {
    first: u32,
    /// End offset in `bytes` of each term's data.
    ends: Vec<u32>,
    bytes: Vec<u8>,
}

/// Which of a segment's two shard series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShardKind {
    Postings,
    Positions,
}

impl ShardKind {
    fn magic(self) -> &'static [u8; 4] {
        match self {
            ShardKind::Postings => POSTINGS_MAGIC,
            ShardKind::Positions => POSITIONS_MAGIC,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ShardKind::Postings => "postings shard",
            ShardKind::Positions => "positions shard",
        }
    }
}

impl ShardData {
    fn from_terms(first: u32, data: &[Box<[u8]>]) -> ShardData {
        let mut bytes = Vec::with_capacity(data.iter().map(|d| d.len()).sum());
        let mut ends = Vec::with_capacity(data.len());
        for d in data {
            bytes.extend_from_slice(d);
            ends.push(bytes.len() as u32);
        }
        ShardData { first, ends, bytes }
    }

    pub(crate) fn term(&self, ord: u32) -> Option<&[u8]> {
        let i = ord.checked_sub(self.first)? as usize;
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.bytes.get(start..end)
    }

    pub(crate) fn byte_len(&self) -> usize {
        self.bytes.len() + self.ends.len() * 4
    }

    /// The shard file; its range is named by its first term and count.
    pub fn encode(&self, kind: ShardKind, first_term: &str) -> Vec<u8> {
        let mut out = kind.magic().to_vec();
        put_varint(&mut out, VERSION);
        put_str(&mut out, first_term);
        put_varint(&mut out, self.ends.len() as u32);
        let mut last = 0;
        for &e in &self.ends {
            put_varint(&mut out, e - last);
            last = e;
        }
        out.extend_from_slice(&self.bytes);
        out
    }

    /// Decodes a shard and checks it holds exactly the expected term range.
    pub fn decode(bytes: &[u8], kind: ShardKind, first: u32, first_term: &str, count: u32) -> Result<ShardData, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(kind.magic(), kind.name())?;
        let version = r.varint("shard version")?;
        if version != VERSION {
            return Err(r.error(format!("{} version {version} (this reader knows version {VERSION})", kind.name())));
        }
        let got_first = r.string("first term")?;
        let n = r.count("term count", 1)?;
        if got_first != first_term || n != count as usize {
            return Err(r.error(format!("term range ({got_first:?}+{n}, expected {first_term:?}+{count}): a shard from another build")));
        }
        let mut ends = Vec::with_capacity(n);
        let mut end = 0u32;
        for _ in 0..n {
            end = end.checked_add(r.varint("term length")?).ok_or_else(|| r.error("term length (overflow)"))?;
            ends.push(end);
        }
        let data = r.rest();
        if end as usize != data.len() {
            return Err(DecodeError { what: format!("{} data ({} bytes, lengths say {end})", kind.name(), data.len()), at: r.position() });
        }
        Ok(ShardData { first, ends, bytes: data.to_vec() })
    }
}

/// A segment's text: its dictionary and whichever shards are loaded.
#[derive(Debug)]
pub struct SegmentText {
    pub(crate) dict: Dict,
    postings: Vec<Option<ShardData>>,
    positions: Vec<Option<ShardData>>,
}

impl SegmentText {
    /// A segment whose shards are fetched later ([`SegmentText::insert`]).
    pub fn unloaded(dict: Dict) -> SegmentText {
        let n = dict.shard_count();
        SegmentText { dict, postings: vec![None; n], positions: vec![None; n] }
    }

    /// Cuts indexed text into shards, all loaded.
    pub(crate) fn from_parts(parts: TextParts, target: usize) -> SegmentText {
        let starts = cut_points(&parts.terms, &parts.postings, target);
        let mut postings = Vec::with_capacity(starts.len());
        let mut positions = Vec::with_capacity(starts.len());
        for (i, &s) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(parts.terms.len(), |&e| e as usize);
            postings.push(Some(ShardData::from_terms(s, &parts.postings[s as usize..end])));
            positions.push(Some(ShardData::from_terms(s, &parts.positions[s as usize..end])));
        }
        let dict = Dict::build(&parts.terms, parts.df, starts);
        SegmentText { dict, postings, positions }
    }

    pub fn dict(&self) -> &Dict {
        &self.dict
    }

    /// Terms of shard `i`: `(first ordinal, count)`.
    pub fn shard_range(&self, i: usize) -> Option<(u32, u32)> {
        let first = *self.dict.shard_starts.get(i)?;
        let end = self.dict.shard_starts.get(i + 1).copied().unwrap_or(self.dict.len() as u32);
        Some((first, end - first))
    }

    pub fn shard(&self, kind: ShardKind, i: usize) -> Option<&ShardData> {
        match kind {
            ShardKind::Postings => self.postings.get(i)?.as_ref(),
            ShardKind::Positions => self.positions.get(i)?.as_ref(),
        }
    }

    pub fn is_loaded(&self, kind: ShardKind, i: usize) -> bool {
        self.shard(kind, i).is_some()
    }

    /// The bytes of shard `i`'s file, if it is loaded.
    pub fn encode_shard(&self, kind: ShardKind, i: usize) -> Option<Vec<u8>> {
        Some(self.shard(kind, i)?.encode(kind, self.dict.shard_first.get(i)?))
    }

    /// Decodes and keeps a fetched shard.
    pub fn insert(&mut self, kind: ShardKind, i: usize, bytes: &[u8]) -> Result<(), DecodeError> {
        let (first, count) = self.shard_range(i).ok_or_else(|| DecodeError { what: format!("{} {i} (no such shard)", kind.name()), at: 0 })?;
        let first_term = self.dict.shard_first.get(i).cloned().unwrap_or_default();
        let data = ShardData::decode(bytes, kind, first, &first_term, count)?;
        let slot = match kind {
            ShardKind::Postings => &mut self.postings[i],
            ShardKind::Positions => &mut self.positions[i],
        };
        *slot = Some(data);
        Ok(())
    }

    /// Drops a loaded shard (a cache that must stay within a memory budget).
    pub fn evict(&mut self, kind: ShardKind, i: usize) {
        let slot = match kind {
            ShardKind::Postings => self.postings.get_mut(i),
            ShardKind::Positions => self.positions.get_mut(i),
        };
        if let Some(slot) = slot {
            *slot = None;
        }
    }

    pub(crate) fn postings(&self, ord: u32) -> Option<&[u8]> {
        self.postings.get(self.dict.shard_of(ord))?.as_ref()?.term(ord)
    }

    pub(crate) fn positions(&self, ord: u32) -> Option<&[u8]> {
        self.positions.get(self.dict.shard_of(ord))?.as_ref()?.term(ord)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let shards: usize = self.postings.iter().chain(&self.positions).flatten().map(ShardData::byte_len).sum();
        self.dict.heap_bytes() + shards
    }
}

/// Where shards start, as term ordinals. Boundaries are content-defined: a
/// shard ends before a term whose hash has its low bits clear once the shard
/// holds at least a quarter of the target, so adding or editing a few
/// articles moves few boundaries and leaves most shard files byte-identical.
pub(crate) fn cut_points(terms: &[Box<str>], postings: &[Box<[u8]>], target: usize) -> Vec<u32> {
    if terms.is_empty() {
        return Vec::new();
    }
    let total: usize = postings.iter().map(|p| p.len()).sum();
    let avg = (total / terms.len()).max(1);
    // A cut is possible at about one term in `target / avg`: a power of two, so
    // small changes in the average leave the mask, and the cuts, alone.
    let ratio = (target / avg).max(1) as f64;
    let bits = ratio.log2().round().clamp(0.0, 24.0) as u32;
    let mask = (1u32 << bits) - 1;
    let (min, max) = (target / 4, target * 2);
    let mut starts = vec![0u32];
    let mut size = 0usize;
    for (i, (term, p)) in terms.iter().zip(postings).enumerate() {
        if size > 0 && (size + p.len() > max || (size >= min && fnv1a(term.as_bytes()) & mask == 0)) {
            starts.push(i as u32);
            size = 0;
        }
        size += p.len();
    }
    starts
}

fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(n: usize, size: usize) -> TextParts {
        let mut terms: Vec<Box<str>> = (0..n).map(|i| format!("t{i:06}").into()).collect();
        terms.sort();
        TextParts {
            df: vec![1; n],
            postings: (0..n).map(|i| vec![(i % 251) as u8; size].into_boxed_slice()).collect(),
            positions: (0..n).map(|_| vec![1u8, 0].into_boxed_slice()).collect(),
            terms,
        }
    }

    #[test]
    fn shards_round_trip_and_cover_every_term() {
        let text = SegmentText::from_parts(parts(5000, 40), 16 * 1024);
        assert!(text.dict.shard_count() > 5, "{} shards", text.dict.shard_count());
        let dict = Dict::decode(&text.dict.encode()).unwrap();
        assert_eq!(dict.len(), 5000);
        assert_eq!(dict.get("t000123"), text.dict.get("t000123"));
        let mut reloaded = SegmentText::unloaded(dict);
        assert_eq!(reloaded.postings(10), None);
        for i in 0..text.dict.shard_count() {
            for kind in [ShardKind::Postings, ShardKind::Positions] {
                let bytes = text.encode_shard(kind, i).unwrap();
                reloaded.insert(kind, i, &bytes).unwrap();
            }
        }
        for ord in 0..5000 {
            assert_eq!(reloaded.postings(ord), text.postings(ord));
            assert_eq!(reloaded.positions(ord).unwrap(), &[1, 0]);
        }
        // A shard decoded into the wrong slot, of the wrong kind, or truncated is refused.
        let bytes = text.encode_shard(ShardKind::Postings, 1).unwrap();
        assert!(reloaded.insert(ShardKind::Postings, 0, &bytes).is_err());
        assert!(reloaded.insert(ShardKind::Positions, 1, &bytes).is_err());
        for cut in [0, 3, 7, bytes.len() - 1] {
            assert!(reloaded.insert(ShardKind::Postings, 1, &bytes[..cut]).is_err());
        }
        let dict_bytes = text.dict.encode();
        for cut in [0, 5, 9, dict_bytes.len() / 2, dict_bytes.len() - 1] {
            assert!(Dict::decode(&dict_bytes[..cut]).is_err(), "dict cut at {cut}");
        }
    }

    #[test]
    fn a_damaged_dictionary_is_refused_never_a_panic() {
        // Regression for `cargo xtask fuzz` (target bundle): overwritten bytes inside
        // the fst made a lookup underflow inside the fst crate.
        let text = SegmentText::from_parts(parts(300, 8), 1024);
        let good = text.dict.encode();
        let fst_start = good.len() - text.dict.map.as_fst().as_bytes().len();
        for at in fst_start..good.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[at] ^= flip;
                if let Ok(dict) = Dict::decode(&bad) {
                    // Whatever survives the checksum must still answer.
                    let _ = (dict.get("t000042"), dict.with_prefix("t0001").len());
                }
            }
        }
    }

    #[test]
    fn cuts_are_content_defined() {
        let p = parts(20_000, 30);
        let a = cut_points(&p.terms, &p.postings, 8 * 1024);
        // Grow one early term's postings: the boundaries resynchronise soon after it.
        let mut grown = p.postings.clone();
        grown[100] = vec![0u8; 500].into_boxed_slice();
        let b = cut_points(&p.terms, &grown, 8 * 1024);
        let same = a.iter().filter(|s| b.contains(s)).count();
        assert!(same + 3 >= a.len(), "{same} of {} boundaries kept", a.len());
        for w in a.windows(2) {
            let bytes = (w[1] - w[0]) as usize * 30;
            assert!(bytes <= 16 * 1024 + 30, "shard of {bytes} bytes");
        }
    }

    #[test]
    fn prefix_ranges() {
        let mut terms: Vec<Box<str>> = ["smuggle", "smuggler", "smuggling", "smut", "snow", "양강도", "양강도에서"].iter().map(|s| (*s).into()).collect();
        terms.sort();
        let n = terms.len();
        let text = SegmentText::from_parts(
            TextParts { df: vec![1; n], postings: vec![vec![0, 2].into_boxed_slice(); n], positions: vec![vec![1, 0].into_boxed_slice(); n], terms },
            SHARD_TARGET_BYTES,
        );
        let found: Vec<String> = text.dict.with_prefix("smugg").into_iter().map(|(t, _)| t).collect();
        assert_eq!(found, ["smuggle", "smuggler", "smuggling"]);
        assert_eq!(text.dict.with_prefix("양강").len(), 2);
        assert!(text.dict.with_prefix("zzz").is_empty());
    }
}
