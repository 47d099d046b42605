//! Duplicate articles: per-article fingerprints (an exact hash of the folded text, a MinHash
//! sketch of its shingles) and their grouping into stories with union-find, so the reader shows
//! each story once with links to its other copies. Linear in the number of articles (LSH banding).

use std::collections::HashMap;

use crate::model::{Article, Date};
use crate::normalize::{fold, is_hangul, tokens};

/// MinHash values per sketch (one-permutation hashing: one hash per shingle, one bin each).
pub const BINS: usize = 128;
/// LSH bands and rows per band (`BANDS * ROWS == BINS`): a pair of Jaccard similarity `J` shares a
/// band with probability `1 - (1 - J^4)^32`: 0.99 at 0.6, 0.77 at 0.4, 0.18 at 0.25. Candidates are
/// then verified against the whole sketch, so the bands only need to find them.
pub const BANDS: usize = 32;
pub const ROWS: usize = 4;
/// At most this many members of an LSH bucket are compared with a newcomer: a bucket of
/// thousands of templated texts (the same boilerplate) stays linear, not quadratic.
const BUCKET_CAP: usize = 4;

/// How articles are grouped.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Group near-duplicates too (else only exact copies).
    pub near: bool,
    /// Least estimated Jaccard similarity of the shingle sets for a near-duplicate.
    pub threshold: f32,
    /// Both texts need at least this many shingles (about as many words) to be grouped as
    /// near-duplicates: two short notes on different events ("fired 60 shells" and "fired 90
    /// shells") share most of their words. Short texts are grouped only when exact copies.
    pub min_shingles: u32,
    /// Near-duplicates must be dated at most this many days apart (undated ones always may):
    /// a copy is republished within days; the same template a year later is another event.
    pub max_days: Option<u32>,
}

impl Default for Params {
    /// The reader's settings, chosen by `cargo xtask bench-dedup` (see BENCHMARKS.md).
    fn default() -> Self {
        Params { near: true, threshold: 0.6, min_shingles: 40, max_days: Some(14) }
    }
}

impl Params {
    /// Word-for-word copies only (the same folded text).
    pub fn exact() -> Params {
        Params { near: false, ..Params::default() }
    }

    /// The textbook configuration the benchmark compares with: MinHash-LSH at Jaccard ≥ 0.5
    /// over the same shingles, with no length or date guard.
    pub fn textbook() -> Params {
        Params { near: true, threshold: 0.5, min_shingles: 0, max_days: None }
    }
}

/// What grouping needs to know about one article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the folded text (title and body, a leading dateline left out): equal for copies.
    pub exact: u64,
    /// Number of distinct shingles (0 for a text without words).
    pub shingles: u32,
    /// [`BINS`] MinHash values, or empty when the text has no words.
    pub sketch: Vec<u32>,
}

/// Words per shingle. Hangul words count each syllable as a word: Korean writes few spaces
/// (원산갈마해안관광지구 is one "word"), so syllable shingles are what a changed word changes.
const SHINGLE: usize = 3;

impl Fingerprint {
    /// The fingerprint of an article: its title, summary and body (a caption describes a
    /// picture, which a copy may swap), folded as the tagger folds text.
    pub fn of(article: &Article) -> Fingerprint {
        let mut parts: Vec<&str> = vec![article.title.as_str()];
        let mut first_prose = true;
        for text in article.summary.iter().map(String::as_str).chain(article.body.iter().map(|b| b.text())) {
            parts.push(if first_prose { strip_dateline(text) } else { text });
            first_prose = false;
        }
        Fingerprint::of_parts(&parts)
    }

    /// The fingerprint of texts read in order (no dateline handling).
    pub fn of_parts(parts: &[&str]) -> Fingerprint {
        let mut units: Vec<u64> = Vec::new();
        let mut exact = Fnv::new();
        for part in parts {
            let folded = fold(part);
            for (_, token) in tokens(&folded) {
                if token.chars().any(is_hangul) {
                    for c in token.chars() {
                        let mut buf = [0u8; 4];
                        let s = c.encode_utf8(&mut buf);
                        exact.write(s.as_bytes());
                        exact.write(&[0xff]);
                        units.push(hash_bytes(s.as_bytes()));
                    }
                } else {
                    exact.write(token.as_bytes());
                    exact.write(&[0xff]);
                    units.push(hash_bytes(token.as_bytes()));
                }
            }
        }
        let exact = mix64(exact.finish());
        if units.is_empty() {
            return Fingerprint { exact, shingles: 0, sketch: Vec::new() };
        }
        // Texts shorter than a shingle are one shingle of what they have.
        let width = SHINGLE.min(units.len());
        let mut hashes: Vec<u64> = units
            .windows(width)
            .map(|w| w.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &u| mix64(h.rotate_left(23) ^ u)))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        Fingerprint { exact, shingles: hashes.len() as u32, sketch: sketch(&hashes) }
    }

    /// 16 bits of the exact hash: stored per article in the bundle so an article added in the
    /// browser can be recognised as a copy of one whose text is not in memory (with the title).
    pub fn check(&self) -> u16 {
        (self.exact >> 48) as u16
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets (0 when either has none).
    pub fn similarity(&self, other: &Fingerprint) -> f32 {
        if self.sketch.len() != BINS || other.sketch.len() != BINS {
            return 0.0;
        }
        let same = self.sketch.iter().zip(&other.sketch).filter(|(a, b)| a == b).count();
        same as f32 / BINS as f32
    }

    /// Whether [`Fingerprint::similarity`] is at least `threshold`, stopping as soon as too
    /// many bins differ (most candidates of a large corpus fail after a few dozen bins).
    pub fn similar(&self, other: &Fingerprint, threshold: f32) -> bool {
        if self.sketch.len() != BINS || other.sketch.len() != BINS {
            return false;
        }
        let allowed = BINS - (threshold.clamp(0.0, 1.0) * BINS as f32).ceil() as usize;
        let mut differ = 0;
        for (a, b) in self.sketch.iter().zip(&other.sketch) {
            if a != b {
                differ += 1;
                if differ > allowed {
                    return false;
                }
            }
        }
        true
    }
}

/// One-permutation MinHash: each shingle's hash falls in one of [`BINS`] bins, which keeps its
/// smallest value; an empty bin borrows the next filled one's value (densification by rotation,
/// Shrivastava and Li 2014), so similar short texts still agree bin by bin.
fn sketch(hashes: &[u64]) -> Vec<u32> {
    let mut bins = [u32::MAX; BINS];
    let mut filled = [false; BINS];
    for &h in hashes {
        let bin = (h as usize) % BINS;
        let value = (h >> 32) as u32;
        if value <= bins[bin] {
            bins[bin] = value;
            filled[bin] = true;
        }
    }
    let mut out = bins.to_vec();
    if filled.iter().any(|&f| f) {
        for i in 0..BINS {
            if !filled[i] {
                // The nearest filled bin to the right, and how far it is (so two texts agree on an
                // empty bin only when they agree on the bin it borrows from and the distance).
                let mut d = 1;
                while !filled[(i + d) % BINS] {
                    d += 1;
                }
                out[i] = (mix64(bins[(i + d) % BINS] as u64 ^ ((d as u64) << 40)) >> 32) as u32;
            }
        }
    }
    out
}

/// Leaves out a leading dateline ("Pyongyang, December 24 (KCNA) --", "SEOUL, Dec. 3 (Yonhap) —"):
/// a copy filed on another day or from another desk says the same story. A dateline is a short
/// run before a dash near the start that names a day or a source in brackets.
pub fn strip_dateline(text: &str) -> &str {
    let head_end = floor_char_boundary(text, 120);
    let head = &text[..head_end];
    let dash = ["--", "\u{2014}", "\u{2015}", " \u{2013} "].iter().filter_map(|d| head.find(d).map(|at| (at, d.len()))).min();
    let Some((at, len)) = dash else { return text };
    let prefix = head[..at].trim();
    let words = prefix.split_whitespace().count();
    if prefix.is_empty() || words > 10 || !(prefix.contains('(') || prefix.chars().any(|c| c.is_ascii_digit())) {
        return text;
    }
    text[at + len..].trim_start()
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Groups of copies among items `0..n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Groups {
    /// Per item, its group's representative (itself when it has no copy).
    rep: Vec<u32>,
}

impl Groups {
    /// Every item alone.
    pub fn singletons(n: usize) -> Groups {
        Groups { rep: (0..n as u32).collect() }
    }

    pub fn len(&self) -> usize {
        self.rep.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rep.is_empty()
    }

    /// The representative of an item's group (the item itself when out of range).
    pub fn rep(&self, item: u32) -> u32 {
        self.rep.get(item as usize).copied().unwrap_or(item)
    }

    /// Per item, its representative.
    pub fn reps(&self) -> &[u32] {
        &self.rep
    }

    /// Number of groups (an item without copies is a group of one).
    pub fn group_count(&self) -> usize {
        self.rep.iter().enumerate().filter(|&(i, &r)| i as u32 == r).count()
    }

    /// Items that are copies of another (items minus groups).
    pub fn merged(&self) -> usize {
        self.rep.len() - self.group_count()
    }

    /// Groups of two or more, each in item order (the representative anywhere in it), ordered
    /// by their first item.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut by_rep: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, &r) in self.rep.iter().enumerate() {
            by_rep.entry(r).or_default().push(i as u32);
        }
        let mut out: Vec<Vec<u32>> = by_rep.into_values().filter(|g| g.len() > 1).collect();
        out.sort_unstable();
        out
    }

    /// Every pair `(a, b)`, `a < b`, of items in one group.
    pub fn pairs(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for g in self.groups() {
            for (k, &a) in g.iter().enumerate() {
                for &b in &g[k + 1..] {
                    out.push((a, b));
                }
            }
        }
        out
    }
}

/// Union-find over items, with path halving and union by size.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n as u32).collect(), size: vec![1; n] }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        if x as usize >= self.parent.len() {
            return x;
        }
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the groups of `a` and `b`; false when they were one already (or out of range).
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let n = self.parent.len() as u32;
        if a >= n || b >= n {
            return false;
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        true
    }

    /// The groups, each represented by its member first in `order` (a key per item: smaller first).
    pub fn groups_by<K: Ord>(mut self, key: impl Fn(u32) -> K) -> Groups {
        let n = self.parent.len();
        let mut best: Vec<Option<u32>> = vec![None; n];
        for i in 0..n as u32 {
            let root = self.find(i) as usize;
            match best[root] {
                Some(b) if key(b) <= key(i) => {}
                _ => best[root] = Some(i),
            }
        }
        let rep = (0..n as u32).map(|i| best[self.find(i) as usize].unwrap_or(i)).collect();
        Groups { rep }
    }
}

/// The order that picks a group's representative: the earliest dated copy, undated ones after
/// every dated one, ties by position.
pub fn representative_key(date: Option<Date>, item: u32) -> (bool, Option<Date>, u32) {
    (date.is_none(), date, item)
}

/// Whether two dates are close enough for near-duplicates.
fn close(a: Option<Date>, b: Option<Date>, max_days: Option<u32>) -> bool {
    match (a, b, max_days) {
        (Some(a), Some(b), Some(max)) => day_number(a).abs_diff(day_number(b)) <= max as i64 as u64,
        _ => true,
    }
}

/// Days since a fixed epoch (proleptic Gregorian), for date differences.
pub fn day_number(d: Date) -> i64 {
    let (y, m, day) = (d.year as i64, d.month as i64, d.day as i64);
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + day
}

/// Pairs found by grouping: `(a, b, how)`, each pair once, as first linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The same folded text.
    Exact,
    /// Estimated shingle similarity at or above the threshold.
    Near,
}

/// Groups articles by their fingerprints; `dates[i]` belongs to `fingerprints[i]` (missing dates
/// count as undated). Exact copies always group; near-duplicates when `params.near`.
pub fn group(fingerprints: &[Fingerprint], dates: &[Option<Date>], params: &Params) -> Groups {
    group_with_links(fingerprints, dates, params, |_, _, _| {})
}

/// [`group`], telling `on_link` each pair it joined (exact or near): the benchmark's view.
pub fn group_with_links(
    fingerprints: &[Fingerprint],
    dates: &[Option<Date>],
    params: &Params,
    mut on_link: impl FnMut(u32, u32, Link),
) -> Groups {
    let n = fingerprints.len();
    let date = |i: u32| dates.get(i as usize).copied().flatten();
    let mut uf = UnionFind::new(n);
    let mut first: HashMap<u64, u32> = HashMap::with_capacity(n);
    for (i, f) in fingerprints.iter().enumerate() {
        let i = i as u32;
        match first.get(&f.exact) {
            Some(&j) => {
                if uf.union(j, i) {
                    on_link(j, i, Link::Exact);
                }
            }
            None => {
                first.insert(f.exact, i);
            }
        }
    }
    if params.near {
        // One bucket map per band; a bucket keeps its last BUCKET_CAP members, which a newcomer
        // is compared with. Band keys are already mixed: no need to hash them again.
        let mut buckets: Vec<HashMap<u64, Recent, MixedKeys>> = (0..BANDS).map(|_| HashMap::default()).collect();
        let mut candidates: Vec<u32> = Vec::new();
        for (i, f) in fingerprints.iter().enumerate() {
            let i = i as u32;
            if f.sketch.len() != BINS || f.shingles < params.min_shingles.max(1) {
                continue;
            }
            // An exact copy of an earlier text has that text's links already.
            if first.get(&f.exact).is_some_and(|&j| j != i) {
                continue;
            }
            // The earlier texts sharing a band with this one, each verified once.
            candidates.clear();
            for (band, map) in buckets.iter_mut().enumerate() {
                let rows = &f.sketch[band * ROWS..(band + 1) * ROWS];
                let key = rows.iter().fold(mix64(band as u64 + 1), |h, &v| mix64(h ^ v as u64));
                let recent = map.entry(key).or_default();
                candidates.extend_from_slice(recent.members());
                recent.push(i);
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &j in &candidates {
                let Some(g) = fingerprints.get(j as usize) else { continue };
                if uf.find(i) != uf.find(j) && close(date(i), date(j), params.max_days) && f.similar(g, params.threshold) {
                    uf.union(j, i);
                    on_link(j, i, Link::Near);
                }
            }
        }
    }
    uf.groups_by(|i| representative_key(date(i), i))
}

/// The last [`BUCKET_CAP`] members of an LSH bucket.
#[derive(Default)]
struct Recent {
    items: [u32; BUCKET_CAP],
    len: usize,
    next: usize,
}

impl Recent {
    fn members(&self) -> &[u32] {
        &self.items[..self.len]
    }

    fn push(&mut self, item: u32) {
        self.items[self.next] = item;
        self.next = (self.next + 1) % BUCKET_CAP;
        self.len = (self.len + 1).min(BUCKET_CAP);
    }
}

/// A hasher for keys that are already well mixed 64-bit values.
#[derive(Default, Clone, Copy)]
struct MixedKeys;

impl std::hash::BuildHasher for MixedKeys {
    type Hasher = MixedKey;
    fn build_hasher(&self) -> MixedKey {
        MixedKey(0)
    }
}

struct MixedKey(u64);

impl std::hash::Hasher for MixedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix64(self.0 ^ b as u64);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A stable 64-bit mix (the splitmix64 finaliser): fingerprints are stored in bundles, so they
/// must not depend on the platform or on std's randomly seeded hasher.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// FNV-1a of `bytes`, mixed: stable across platforms and versions of Rust.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(bytes);
    mix64(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn article(id: &str, date: &str, title: &str, body: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            date: Date::parse_iso(date),
            source: "KCNA".into(),
            url: None,
            source_tags: vec![],
            caption: None,
            summary: None,
            body: body.iter().map(|b| Block::Paragraph(b.to_string())).collect(),
        }
    }

    const STORY: &[&str] = &[
        "Pyongyang, December 24 (KCNA) -- A delegation of the Ministry of Agriculture left here on Sunday for a visit to Laos.",
        "The delegation is led by the vice minister, who will discuss cooperation in rice farming, irrigation and the breeding of seeds with the host country.",
        "At the airport it was seen off by officials of the ministry and by the ambassador of Laos to the country, who wished it a fruitful visit.",
        "The visit follows an agreement signed last year on exchanges of experts, seed samples and machinery between the two countries' farms.",
        "During its stay the delegation is expected to tour cooperative farms near the capital and a research institute for tropical crops.",
        "Officials said the talks would also cover the supply of fertiliser and small tractors, which the host side asked for in the spring.",
        "A similar delegation from Laos visited the country in October and toured the orchards and greenhouses of several provinces.",
        "Both sides called the exchanges a good example of friendship and cooperation between the peoples of the two countries.",
    ];

    fn fp(a: &Article) -> Fingerprint {
        Fingerprint::of(a)
    }

    #[test]
    fn datelines_are_left_out_and_other_openings_kept() {
        let cases = [
            ("Pyongyang, December 24 (KCNA) -- Japan continues", "Japan continues"),
            ("SEOUL, Dec. 3 (Yonhap) \u{2014} Prices rose", "Prices rose"),
            ("Hyesan, May 3 (Daily NK) -- Smugglers", "Smugglers"),
            ("Smugglers -- the ones in Hyesan -- said", "Smugglers -- the ones in Hyesan -- said"),
            ("A long sentence with many words that goes on and on, then (KCNA) -- more", "A long sentence with many words that goes on and on, then (KCNA) -- more"),
            ("No dash at all", "No dash at all"),
            ("", ""),
            ("--", "--"),
            ("(1) --", ""),
            ("평양 12월 24일발 조선중앙통신 -- 본문", "본문"),
        ];
        for (text, want) in cases {
            assert_eq!(strip_dateline(text), want, "{text:?}");
        }
        // A dash past the first 120 bytes, or inside a multi-byte character's reach, is no dateline.
        let late = format!("{} (1) -- x", "가".repeat(50));
        assert_eq!(strip_dateline(&late), late);
    }

    #[test]
    fn fingerprints_fold_case_space_punctuation_and_datelines() {
        let a = article("a", "2023-12-24", "Delegation Leaves for Laos", STORY);
        let mut body: Vec<String> = STORY.iter().map(|s| s.to_uppercase().replace(' ', "  ").replace(',', "")).collect();
        body[0] = body[0].replace("DECEMBER 24", "DECEMBER 25");
        let b = article("b", "2023-12-25", "delegation leaves for laos!", &body.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(fp(&a).exact, fp(&b).exact);
        assert_eq!(fp(&a).similarity(&fp(&b)), 1.0);
        // The title is part of the text.
        let c = article("c", "2023-12-24", "Delegation Arrives from Laos", STORY);
        assert_ne!(fp(&a).exact, fp(&c).exact);
        // Hangul is kept as it is (and shingled by syllable).
        let k1 = Fingerprint::of_parts(&["원산갈마해안관광지구에서 관광객을 맞이하였다"]);
        let k2 = Fingerprint::of_parts(&["원산갈마해안관광지구에서 관광객을 맞이했다"]);
        assert_ne!(k1.exact, k2.exact);
        assert!(k1.similarity(&k2) > 0.6, "{}", k1.similarity(&k2));
        // Nothing to read.
        let empty = Fingerprint::of_parts(&["", "... --- !!!"]);
        assert_eq!((empty.shingles, empty.sketch.len()), (0, 0));
        assert_eq!(empty.similarity(&empty), 0.0);
    }

    /// Table: (what changed, second text, expected grouped with the original under the defaults).
    #[test]
    fn edits_that_keep_the_story_group_and_other_stories_do_not() {
        let original = article("orig", "2023-12-24", "Delegation Leaves for Laos", STORY);
        let mut changed_sentence: Vec<&str> = STORY.to_vec();
        changed_sentence[2] = "It was seen off at the airport by officials and by the ambassador, who wished the delegation success.";
        let trimmed: Vec<&str> = STORY[..6].to_vec();
        let other_dateline: Vec<String> = std::iter::once(STORY[0].replace("Pyongyang, December 24 (KCNA)", "Pyongyang, December 26 (KCNA)")).chain(STORY[1..].iter().map(|s| s.to_string())).collect();
        let other_story: Vec<&str> = vec![
            "Pyongyang, December 24 (KCNA) -- A delegation of the Ministry of Agriculture returned home on Sunday after visiting Laos.",
            "It was met at the airport by officials of the ministry and by the charge d'affaires of the embassy of Laos.",
        ];
        let cases: Vec<(&str, Article, bool)> = vec![
            ("the same text", article("copy", "2023-12-24", "Delegation Leaves for Laos", STORY), true),
            ("a changed sentence", article("edit", "2023-12-25", "Delegation Leaves for Laos", &changed_sentence), true),
            ("a trimmed ending", article("trim", "2023-12-24", "Delegation Leaves for Laos", &trimmed), true),
            ("another dateline", article("line", "2023-12-26", "Delegation Leaves for Laos", &other_dateline.iter().map(String::as_str).collect::<Vec<_>>()), true),
            ("another story", article("back", "2023-12-30", "Delegation Returns Home", &other_story), false),
            ("the same text a year later, changed", article("late", "2024-12-25", "Delegation Leaves for Laos", &changed_sentence), false),
        ];
        for (what, other, want) in cases {
            let fps = [fp(&original), fp(&other)];
            let g = group(&fps, &[original.date, other.date], &Params::default());
            assert_eq!(g.rep(1) == 0, want, "{what}: similarity {}", fps[0].similarity(&fps[1]));
        }
    }

    #[test]
    fn the_representative_is_the_earliest_dated_then_the_first() {
        let a = article("a", "2024-01-03", "Same", STORY);
        let b = article("b", "2024-01-01", "Same", STORY);
        let c = article("c", "", "Same", STORY);
        let d = article("d", "2024-01-01", "Same", STORY);
        let fps: Vec<Fingerprint> = [&a, &b, &c, &d].iter().map(|x| fp(x)).collect();
        let dates = [a.date, b.date, c.date, d.date];
        let g = group(&fps, &dates, &Params::exact());
        assert_eq!(g.reps(), &[1, 1, 1, 1]);
        assert_eq!((g.group_count(), g.merged()), (1, 3));
        assert_eq!(g.groups(), vec![vec![0, 1, 2, 3]]);
        assert_eq!(g.pairs().len(), 6);
        // All undated: the first.
        let g = group(&fps, &[], &Params::exact());
        assert_eq!(g.reps(), &[0, 0, 0, 0]);
    }

    #[test]
    fn short_texts_group_only_when_exact() {
        let a = article("a", "2024-01-06", "Artillery Fire", &["North Korea fired some 60 artillery shots into the waters off the western coast."]);
        let b = article("b", "2024-01-07", "Artillery Fire", &["North Korea fired some 90 artillery shots into the waters off the western coast."]);
        let fps = [fp(&a), fp(&b)];
        assert!(fps[0].similarity(&fps[1]) > 0.5);
        assert_eq!(group(&fps, &[a.date, b.date], &Params::default()).merged(), 0);
        assert_eq!(group(&fps, &[a.date, b.date], &Params::textbook()).merged(), 1, "the textbook peer groups them");
    }

    #[test]
    fn union_find_out_of_range_is_harmless() {
        let mut uf = UnionFind::new(3);
        assert!(!uf.union(0, 7));
        assert_eq!(uf.find(9), 9);
        assert!(uf.union(0, 2));
        assert!(!uf.union(2, 0));
        let g = uf.groups_by(|i| i);
        assert_eq!(g.reps(), &[0, 1, 0]);
        assert_eq!(g.rep(99), 99);
        assert!(Groups::singletons(0).is_empty());
    }

    #[test]
    fn day_numbers_count_days() {
        let d = |s: &str| day_number(Date::parse_iso(s).unwrap());
        assert_eq!(d("2024-03-01") - d("2024-02-28"), 2);
        assert_eq!(d("2023-03-01") - d("2023-02-28"), 1);
        assert_eq!(d("2025-01-01") - d("2024-01-01"), 366);
        assert!(close(Date::parse_iso("2024-01-01"), None, Some(0)));
        assert!(!close(Date::parse_iso("2024-01-01"), Date::parse_iso("2024-01-20"), Some(14)));
    }
}
