//! Per-document records of one segment: everything the list, the facets and
//! the timeline need about an article, without its text (date, source,
//! provinces, topics, entities with mention counts, and its weighted length
//! for ranking), and what grouping copies of one story needs (see [`crate::dedup`]).
//! Stored column by column so it compresses well; this is the `docs` file of a compiled
//! bundle (see `docs/bundle-format.md`).

use std::collections::HashMap;

use crate::codec::{put_str, put_varint, DecodeError, Reader};
use crate::model::Date;
use crate::tags::{ArticleTags, EntityKind};

/// `day_key` of an undated document.
pub const UNDATED: u32 = u32::MAX;

/// `month_index << 5 | day`: orders like the date and buckets by month with a shift.
pub fn day_key(d: Date) -> u32 {
    (d.month_index() << 5) | d.day as u32
}

/// The date a `day_key` stands for (None for [`UNDATED`] or nonsense).
pub fn date_of_key(key: u32) -> Option<Date> {
    if key == UNDATED {
        return None;
    }
    let month_index = key >> 5;
    let (year, month, day) = (month_index / 12, month_index % 12 + 1, key & 31);
    Date::parse_iso(&format!("{year:04}-{month:02}-{day:02}"))
}

/// A list per document, stored flat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lists<T> {
    starts: Vec<u32>,
    values: Vec<T>,
}

impl<T> Lists<T> {
    fn new() -> Self {
        Lists { starts: vec![0], values: Vec::new() }
    }

    fn end_doc(&mut self) {
        self.starts.push(self.values.len() as u32);
    }

    pub(crate) fn get(&self, doc: usize) -> &[T] {
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&a), Some(&b)) if a <= b && (b as usize) <= self.values.len() => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Interns strings into a small table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Strings {
    pub(crate) list: Vec<String>,
    lookup: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.lookup.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_string());
        self.lookup.insert(s.to_string(), i);
        i
    }

    fn from_list(list: Vec<String>) -> Self {
        let lookup = list.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
        Strings { list, lookup }
    }

    pub(crate) fn get(&self, i: u32) -> &str {
        self.list.get(i as usize).map_or("", String::as_str)
    }
}

/// The records of one segment's documents, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRecords {
    pub(crate) day_key: Vec<u32>,
    pub(crate) source: Vec<u32>,
    pub(crate) sources: Strings,
    /// Weighted length (field weights in half units), for BM25.
    pub(crate) length: Vec<u32>,
    pub(crate) provinces: Lists<u32>,
    pub(crate) province_ids: Strings,
    pub(crate) topics: Lists<u32>,
    pub(crate) topic_ids: Strings,
    /// (entity index, mention count), by entity index.
    pub(crate) entities: Lists<(u32, u32)>,
    pub(crate) entity_ids: Strings,
    pub(crate) entity_kinds: Vec<EntityKind>,
    /// 16 bits of each article's exact fingerprint ([`crate::dedup::Fingerprint::check`]): with
    /// the title, how an article added in the browser is recognised as a copy of this one.
    pub(crate) check: Vec<u16>,
    /// Per article, its copy group's key, 0 when it has no copy. Articles (of any segment)
    /// with the same key are copies of one story. Keys are content-derived (the exact
    /// fingerprint of one member), so they agree across segments built at different times.
    pub(crate) copy_key: Vec<u64>,
}

impl Default for DocRecords {
    fn default() -> Self {
        DocRecords::new()
    }
}

const MAGIC: &[u8; 4] = b"TMDR";
/// 2: the copy columns (`check`, `copy_key`) were added.
const VERSION: u32 = 2;

fn kind_code(k: EntityKind) -> u8 {
    EntityKind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8
}

impl DocRecords {
    pub fn new() -> Self {
        DocRecords {
            day_key: Vec::new(),
            source: Vec::new(),
            sources: Strings::default(),
            length: Vec::new(),
            provinces: Lists::new(),
            province_ids: Strings::default(),
            topics: Lists::new(),
            topic_ids: Strings::default(),
            entities: Lists::new(),
            entity_ids: Strings::default(),
            entity_kinds: Vec::new(),
            check: Vec::new(),
            copy_key: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.day_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.day_key.is_empty()
    }

    /// Appends one document (with no copy information: see [`DocRecords::set_copy`]).
    pub fn push(&mut self, date: Option<Date>, source: &str, tags: &ArticleTags, weighted_length: u32) {
        self.check.push(0);
        self.copy_key.push(0);
        self.day_key.push(date.map_or(UNDATED, day_key));
        let s = self.sources.id(source);
        self.source.push(s);
        self.length.push(weighted_length);
        for p in &tags.provinces {
            let id = self.province_ids.id(p);
            self.provinces.values.push(id);
        }
        self.provinces.end_doc();
        for t in &tags.topics {
            let id = self.topic_ids.id(&t.id);
            self.topics.values.push(id);
        }
        self.topics.end_doc();
        let mut ents: Vec<(u32, u32)> = Vec::with_capacity(tags.entities.len());
        for e in &tags.entities {
            let before = self.entity_ids.list.len();
            let id = self.entity_ids.id(&e.id);
            if self.entity_ids.list.len() > before {
                self.entity_kinds.push(e.kind);
            }
            match ents.iter_mut().find(|(i, _)| *i == id) {
                Some(slot) => slot.1 = slot.1.saturating_add(e.count),
                None => ents.push((id, e.count.max(1))),
            }
        }
        ents.sort_unstable();
        self.entities.values.extend(ents);
        self.entities.end_doc();
    }

    /// Sets a document's exact-text check and copy group key (0: no copy). Out of range: ignored.
    pub fn set_copy(&mut self, doc: usize, check: u16, key: u64) {
        if let (Some(c), Some(k)) = (self.check.get_mut(doc), self.copy_key.get_mut(doc)) {
            *c = check;
            *k = key;
        }
    }

    /// A document's copy group key (0: none known when the segment was built).
    pub fn copy_key(&self, doc: usize) -> u64 {
        self.copy_key.get(doc).copied().unwrap_or(0)
    }

    /// A document's exact-text check (see [`crate::dedup::Fingerprint::check`]).
    pub fn check(&self, doc: usize) -> u16 {
        self.check.get(doc).copied().unwrap_or(0)
    }

    pub(crate) fn date(&self, doc: usize) -> Option<Date> {
        self.day_key.get(doc).copied().and_then(date_of_key)
    }

    pub(crate) fn source_of(&self, doc: usize) -> &str {
        self.source.get(doc).map_or("", |&s| self.sources.get(s))
    }

    /// Encodes the records (the `docs` file of a bundle segment).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_varint(&mut out, VERSION);
        put_varint(&mut out, self.len() as u32);
        for table in [&self.sources, &self.province_ids, &self.topic_ids] {
            put_varint(&mut out, table.list.len() as u32);
            for s in &table.list {
                put_str(&mut out, s);
            }
        }
        put_varint(&mut out, self.entity_ids.list.len() as u32);
        for (s, &k) in self.entity_ids.list.iter().zip(&self.entity_kinds) {
            put_str(&mut out, s);
            out.push(kind_code(k));
        }
        // Dates as zig-zag deltas: a segment is mostly in date order, so deltas are tiny.
        let mut prev = 0i64;
        for &k in &self.day_key {
            let v = if k == UNDATED { -1 } else { k as i64 };
            let d = v - prev;
            prev = v;
            let z = ((d << 1) ^ (d >> 63)) as u64;
            put_varint(&mut out, u32::try_from(z).unwrap_or(u32::MAX));
        }
        for &s in &self.source {
            put_varint(&mut out, s);
        }
        for &l in &self.length {
            put_varint(&mut out, l);
        }
        for lists in [&self.provinces, &self.topics] {
            for doc in 0..self.len() {
                let l = lists.get(doc);
                put_varint(&mut out, l.len() as u32);
                for &v in l {
                    put_varint(&mut out, v);
                }
            }
        }
        for doc in 0..self.len() {
            let l = self.entities.get(doc);
            put_varint(&mut out, l.len() as u32);
            let mut last = 0;
            for &(e, c) in l {
                put_varint(&mut out, e - last);
                put_varint(&mut out, c);
                last = e;
            }
        }
        // Copies: the checks (2 bytes each), the segment's table of group keys (8 bytes each),
        // then per article its key's place in the table plus one, 0 without copies: an archive
        // of articles without copies pays 3 bytes an article.
        for &c in &self.check {
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut keys: Vec<u64> = self.copy_key.iter().copied().filter(|&k| k != 0).collect();
        keys.sort_unstable();
        keys.dedup();
        put_varint(&mut out, keys.len() as u32);
        for &k in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for &k in &self.copy_key {
            let slot = if k == 0 { 0 } else { keys.binary_search(&k).map_or(0, |i| i as u32 + 1) };
            put_varint(&mut out, slot);
        }
        out
    }

    /// Decodes and validates records; any inconsistency is an error.
    pub fn decode(bytes: &[u8]) -> Result<DocRecords, DecodeError> {
        let mut r = Reader::new(bytes);
        r.magic(MAGIC, "document table")?;
        let version = r.varint("document table version")?;
        if version != VERSION {
            return Err(r.error(format!("document table version {version} (this reader knows version {VERSION})")));
        }
        let n = r.count("document count", 4)?;
        let mut tables = Vec::new();
        for what in ["source names", "province ids", "topic ids"] {
            let count = r.count(what, 1)?;
            let mut list = Vec::with_capacity(count);
            for _ in 0..count {
                list.push(r.string(what)?);
            }
            tables.push(Strings::from_list(list));
        }
        let entity_count = r.count("entity ids", 2)?;
        let mut entity_list = Vec::with_capacity(entity_count);
        let mut entity_kinds = Vec::with_capacity(entity_count);
        for _ in 0..entity_count {
            entity_list.push(r.string("entity id")?);
            let code = r.u8("entity kind")? as usize;
            entity_kinds.push(*EntityKind::ALL.get(code).ok_or_else(|| r.error("entity kind (unknown code)"))?);
        }
        let mut day_key = Vec::with_capacity(n);
        let mut prev = 0i64;
        for _ in 0..n {
            let z = r.varint("date")? as i64;
            let d = (z >> 1) ^ -(z & 1);
            prev += d;
            day_key.push(if prev == -1 { UNDATED } else { u32::try_from(prev).map_err(|_| r.error("date (out of range)"))? });
        }
        let sources_len = tables[0].list.len() as u32;
        let mut source = Vec::with_capacity(n);
        for _ in 0..n {
            let s = r.varint("source")?;
            if s >= sources_len {
                return Err(r.error("source (index past the table)"));
            }
            source.push(s);
        }
        let mut length = Vec::with_capacity(n);
        for _ in 0..n {
            length.push(r.varint("document length")?);
        }
        let read_lists = |r: &mut Reader, what: &str, limit: u32| -> Result<Lists<u32>, DecodeError> {
            let mut lists = Lists::new();
            for _ in 0..n {
                let k = r.count(what, 1)?;
                for _ in 0..k {
                    let v = r.varint(what)?;
                    if v >= limit {
                        return Err(r.error(format!("{what} (index past the table)")));
                    }
                    lists.values.push(v);
                }
                lists.end_doc();
            }
            Ok(lists)
        };
        let provinces = read_lists(&mut r, "provinces", tables[1].list.len() as u32)?;
        let topics = read_lists(&mut r, "topics", tables[2].list.len() as u32)?;
        let mut entities = Lists::new();
        for _ in 0..n {
            let k = r.count("entities", 2)?;
            let mut last = 0u32;
            for _ in 0..k {
                let e = last.checked_add(r.varint("entity")?).filter(|&e| (e as usize) < entity_count);
                let e = e.ok_or_else(|| r.error("entity (index past the table)"))?;
                let c = r.varint("mention count")?;
                entities.values.push((e, c));
                last = e;
            }
            entities.end_doc();
        }
        let checks = r.bytes(n * 2, "exact-text checks")?;
        let check: Vec<u16> = checks.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let key_count = r.count("copy keys", 8)?;
        let mut keys = Vec::with_capacity(key_count);
        for _ in 0..key_count {
            let b = r.bytes(8, "copy key")?;
            let mut k = [0u8; 8];
            k.copy_from_slice(b);
            keys.push(u64::from_le_bytes(k));
        }
        let mut copy_key = Vec::with_capacity(n);
        for _ in 0..n {
            let slot = r.varint("copy group")? as usize;
            copy_key.push(match slot {
                0 => 0,
                s => *keys.get(s - 1).ok_or_else(|| r.error("copy group (index past the table)"))?,
            });
        }
        r.finish("document table")?;
        let mut t = tables.into_iter();
        let (sources, province_ids, topic_ids) = (t.next().unwrap_or_default(), t.next().unwrap_or_default(), t.next().unwrap_or_default());
        Ok(DocRecords {
            day_key,
            source,
            sources,
            length,
            provinces,
            province_ids,
            topics,
            topic_ids,
            entities,
            entity_ids: Strings::from_list(entity_list),
            entity_kinds,
            check,
            copy_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{EntityCount, TopicHit};

    fn tags(p: &[&str], t: &[&str], e: &[(&str, EntityKind, u32)]) -> ArticleTags {
        ArticleTags {
            provinces: p.iter().map(|s| s.to_string()).collect(),
            topics: t.iter().map(|s| TopicHit { id: s.to_string(), evidence: vec![] }).collect(),
            entities: e.iter().map(|(id, k, c)| EntityCount { id: id.to_string(), kind: *k, count: *c }).collect(),
        }
    }

    #[test]
    fn round_trip() {
        let mut r = DocRecords::new();
        r.push(Date::parse_iso("2024-03-05"), "Daily NK", &tags(&["ryanggang"], &["smuggling"], &[("hyesan", EntityKind::Place, 3)]), 120);
        r.push(None, "KCNA", &tags(&[], &[], &[]), 0);
        r.push(Date::parse_iso("1950-06-25"), "Daily NK", &tags(&["ryanggang", "jagang"], &["smuggling", "markets"], &[("wpk", EntityKind::Organization, 1), ("hyesan", EntityKind::Place, 1)]), 7);
        r.set_copy(0, 0xbeef, 77);
        r.set_copy(2, 0x0102, 77);
        r.set_copy(9, 1, 1);
        let bytes = r.encode();
        let back = DocRecords::decode(&bytes).unwrap();
        assert_eq!((back.copy_key(0), back.copy_key(1), back.copy_key(2)), (77, 0, 77));
        assert_eq!((back.check(0), back.check(1), back.check(2)), (0xbeef, 0, 0x0102));
        assert_eq!(back.len(), 3);
        assert_eq!(back.date(0), Date::parse_iso("2024-03-05"));
        assert_eq!(back.date(1), None);
        assert_eq!(back.source_of(2), "Daily NK");
        assert_eq!(back.entities.get(2), &[(0, 1), (1, 1)]);
        assert_eq!(back.entity_kinds, vec![EntityKind::Place, EntityKind::Organization]);
        assert_eq!(back.encode(), bytes);
        // Every truncation is an error, never a panic.
        for cut in 0..bytes.len() {
            assert!(DocRecords::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(DocRecords::decode(b"TMDR\x01").unwrap_err().what.contains("version 1"));
    }

    #[test]
    fn day_keys_round_trip() {
        for d in ["0001-01-01", "2024-02-29", "9999-12-31"] {
            let d = Date::parse_iso(d).unwrap();
            assert_eq!(date_of_key(day_key(d)), Some(d));
        }
        assert_eq!(date_of_key(UNDATED), None);
    }
}
