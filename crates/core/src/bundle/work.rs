//! What tagging and fingerprinting found in a collection's articles, as bytes the reader
//! keeps beside the collection: reopening a large archive then looks each article up by
//! the hash of its content instead of tagging it again. A pure cache: bytes from another
//! build of the reader, cut short or edited are refused whole, and the work is redone.
//!
//! Layout (varints from [`crate::codec`]): magic `TWK1`, the stamp (a string), the count,
//! then per article: its content hash (8 bytes), the fingerprint's exact hash (8 bytes),
//! shingle count, sketch length and values, and the tags as JSON (a string).

use std::collections::HashMap;

use crate::codec::{put_str, put_varint, DecodeError, Reader};
use crate::dedup::{mix64, Fingerprint, Fnv, BINS};
use crate::model::Article;
use crate::tagger::Tagger;
use crate::tags::{ArticleTags, EntityCount, EntityKind, TopicHit};

const MAGIC: &[u8; 4] = b"TWK1";

/// Tags and fingerprint of one article read in the browser, the costly part of adding it:
/// the library keeps it so that adding the archive again (or a few files to it) reuses it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Worked {
    pub(crate) tags: ArticleTags,
    pub(crate) fingerprint: Fingerprint,
}

impl Worked {
    pub(crate) fn of(tagger: &Tagger, article: &Article) -> Worked {
        Worked { tags: tagger.tag_article(article), fingerprint: Fingerprint::of(article) }
    }
}

/// The stamp kept work must carry to be used: this format and version of the core, its
/// gazetteer and topics (which decide the tags), and what this build's tagger and
/// fingerprint make of a fixed report naming places, bodies and topics in both scripts, so
/// that a reader whose tagging changed never reuses another build's work.
pub fn stamp() -> String {
    let mut h = Fnv::new();
    h.write(crate::gazetteer::BUILTIN_JSON.as_bytes());
    h.write(crate::topics::BUILTIN_JSON.as_bytes());
    let canary = crate::ingest::ingest_file("canary.txt", CANARY).map(|loaded| loaded.articles).unwrap_or_default();
    let tagger = Tagger::builtin_compact();
    for a in &canary {
        let w = Worked::of(tagger, a);
        let mut tags = Vec::new();
        put_tags(&mut tags, &w.tags);
        h.write(&tags);
        h.write(&w.fingerprint.exact.to_le_bytes());
        for v in &w.fingerprint.sketch {
            h.write(&v.to_le_bytes());
        }
    }
    format!("{}/{}/{:016x}", std::str::from_utf8(MAGIC).unwrap_or("TWK1"), env!("CARGO_PKG_VERSION"), mix64(h.finish()))
}

const CANARY: &str = "Smuggling and rice prices on the Yalu\n\n\
Traders in Hyesan, Ryanggang Province, and in Sinuiju say border guards of the Ministry of \
State Security seized Chinese mobile phones at the market, while rice prices rose in \
Pyongyang and Chongjin. The Workers' Party of Korea held a plenary meeting on food.\n\n\
양강도 혜산시와 평안북도 신의주시에서 밀수 단속이 강화되고, 국가보위성은 장마당의 쌀값을 조사했다.\n";

/// A hash of everything in an article (every field, as its JSON): an article edited in any
/// way is worked out again.
pub(crate) fn content_hash(article: &Article) -> u64 {
    // Into a Vec, not straight into the hasher: the worker already has serde_json's
    // serialiser for a Vec, and another writer type would compile it all again.
    let bytes = serde_json::to_vec(article).unwrap_or_default();
    let mut h = Fnv::new();
    h.write(&bytes);
    mix64(h.finish())
}

/// Encodes the work done on `articles` (parallel slices).
pub(crate) fn encode(stamp: &str, articles: &[Article], worked: &[Worked]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + articles.len().min(worked.len()) * (BINS * 4 + 200));
    out.extend_from_slice(MAGIC);
    put_str(&mut out, stamp);
    let n = articles.len().min(worked.len());
    put_varint(&mut out, n as u32);
    for (a, w) in articles.iter().zip(worked).take(n) {
        out.extend_from_slice(&content_hash(a).to_le_bytes());
        out.extend_from_slice(&w.fingerprint.exact.to_le_bytes());
        put_varint(&mut out, w.fingerprint.shingles);
        put_varint(&mut out, w.fingerprint.sketch.len() as u32);
        for v in &w.fingerprint.sketch {
            out.extend_from_slice(&v.to_le_bytes());
        }
        put_tags(&mut out, &w.tags);
    }
    seal(&mut out);
    out
}

/// Appends the checksum [`KeptWork::decode`] checks: bytes damaged on the disk that would still
/// parse are refused too, so work that is used is always the work that was kept.
pub fn seal(bytes: &mut Vec<u8>) {
    let sum = checksum(bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(bytes);
    mix64(h.finish())
}

/// Work read back, by article content hash.
#[derive(Debug, Default)]
pub(crate) struct KeptWork {
    by_hash: HashMap<u64, Worked>,
}

impl KeptWork {
    /// Reads bytes written by [`encode`] with the same `stamp`.
    pub(crate) fn decode(bytes: &[u8], stamp: &str) -> Result<KeptWork, DecodeError> {
        let Some((body, sum)) = bytes.split_last_chunk::<8>() else {
            return Err(Reader::new(bytes).error("kept work shorter than its checksum"));
        };
        if checksum(body) != u64::from_le_bytes(*sum) {
            return Err(Reader::new(bytes).error("kept work damaged (its checksum differs)"));
        }
        let mut r = Reader::new(body);
        r.magic(MAGIC, "kept work")?;
        let found = r.string("stamp")?;
        if found != stamp {
            return Err(r.error(format!("work kept by another build ({found})")));
        }
        // An entry is at least its two hashes and four one-byte lengths.
        let n = r.count("articles", 20)?;
        let mut by_hash = HashMap::with_capacity(n);
        for _ in 0..n {
            let hash = u64_le(&mut r, "content hash")?;
            let exact = u64_le(&mut r, "exact hash")?;
            let shingles = r.varint("shingles")?;
            let len = r.varint("sketch length")? as usize;
            if len != 0 && len != BINS {
                return Err(r.error(format!("a sketch of {len} values")));
            }
            let raw = r.bytes(len * 4, "sketch")?;
            let sketch = raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            let tags = get_tags(&mut r)?;
            by_hash.insert(hash, Worked { tags, fingerprint: Fingerprint { exact, shingles, sketch } });
        }
        r.finish("kept work")?;
        Ok(KeptWork { by_hash })
    }

    /// The work kept for an article with this content, taken out (each is used once).
    pub(crate) fn take(&mut self, article: &Article) -> Option<Worked> {
        if self.by_hash.is_empty() {
            return None;
        }
        self.by_hash.remove(&content_hash(article))
    }

    pub(crate) fn len(&self) -> usize {
        self.by_hash.len()
    }
}

fn put_tags(out: &mut Vec<u8>, tags: &ArticleTags) {
    put_varint(out, tags.provinces.len() as u32);
    for p in &tags.provinces {
        put_str(out, p);
    }
    put_varint(out, tags.entities.len() as u32);
    for e in &tags.entities {
        put_str(out, &e.id);
        put_str(out, e.kind.as_str());
        put_varint(out, e.count);
    }
    put_varint(out, tags.topics.len() as u32);
    for t in &tags.topics {
        put_str(out, &t.id);
        put_varint(out, t.evidence.len() as u32);
        for e in &t.evidence {
            put_str(out, e);
        }
    }
}

fn get_tags(r: &mut Reader<'_>) -> Result<ArticleTags, DecodeError> {
    let mut tags = ArticleTags::default();
    for _ in 0..r.count("provinces", 1)? {
        tags.provinces.push(r.string("province")?);
    }
    for _ in 0..r.count("entities", 3)? {
        let id = r.string("entity")?;
        let kind = r.string("entity kind")?;
        let kind = EntityKind::from_id(&kind).ok_or_else(|| r.error(format!("an entity kind {kind:?}")))?;
        tags.entities.push(EntityCount { id, kind, count: r.varint("entity count")? });
    }
    for _ in 0..r.count("topics", 2)? {
        let id = r.string("topic")?;
        let mut evidence = Vec::new();
        for _ in 0..r.count("evidence", 1)? {
            evidence.push(r.string("evidence")?);
        }
        tags.topics.push(TopicHit { id, evidence });
    }
    Ok(tags)
}

fn u64_le(r: &mut Reader<'_>, what: &str) -> Result<u64, DecodeError> {
    let b = r.bytes(8, what)?;
    Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canary_is_a_report_the_tagger_finds_places_bodies_and_topics_in() {
        let articles = crate::ingest::ingest_file("canary.txt", CANARY).expect("the canary reads").articles;
        assert_eq!(articles.len(), 1);
        let w = Worked::of(Tagger::builtin_compact(), &articles[0]);
        assert!(w.tags.provinces.len() >= 3, "{:?}", w.tags.provinces);
        assert!(w.tags.entities.len() >= 6, "{:?}", w.tags.entities);
        assert!(w.tags.topics.len() >= 2, "{:?}", w.tags.topics);
        assert_eq!(w.fingerprint.sketch.len(), BINS);
        assert_eq!(stamp(), stamp(), "the same build, the same stamp");
    }

    #[test]
    fn work_reads_back_as_it_was_written_and_only_for_the_same_articles() {
        let articles = crate::ingest::ingest_file("canary.txt", CANARY).expect("the canary reads").articles;
        let tagger = Tagger::builtin_compact();
        let worked: Vec<Worked> = articles.iter().map(|a| Worked::of(tagger, a)).collect();
        let bytes = encode("s", &articles, &worked);
        let mut kept = KeptWork::decode(&bytes, "s").expect("it reads back");
        let mut edited = articles[0].clone();
        edited.title.push('!');
        assert_eq!(kept.take(&edited), None, "an edited article is worked out again");
        assert_eq!(kept.take(&articles[0]).as_ref(), Some(&worked[0]));
        assert_eq!(kept.take(&articles[0]), None, "each is used once");
        for cut in [0, 4, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(KeptWork::decode(&bytes[..cut], "s").is_err(), "cut at {cut}");
        }
        assert!(KeptWork::decode(&bytes, "t").is_err(), "another stamp");
    }
}
