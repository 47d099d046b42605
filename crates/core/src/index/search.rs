//! Full-text part of the index: term dictionary, compressed postings with
//! positions, BM25F-style scoring, and evaluation of parsed search text.
//!
//! ## Layout
//!
//! * Dictionary: terms sorted by bytes (`Vec<Box<str>>`), so exact lookup and
//!   prefix ranges are binary searches; `df` beside it.
//! * Postings per term: for each document containing it, `varint(doc delta)`
//!   then one byte of weighted term frequency (in half units, capped at 255).
//! * Positions per term, in a separate stream in the same document order:
//!   `varint(byte length)` then varint position deltas (skippable in O(1)). Only phrase queries
//!   read it, so plain term queries never pay for decoding positions.
//!
//! ## Scoring
//!
//! One BM25 over the fields combined (a "BM25F"-lite): a term's frequency in
//! a document is Σ weight(field)·tf(field), with weights title 3, caption 1.5,
//! summary 1.5, body 1; the document length is Σ weight(field)·len(field);
//! k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5)/(df + 0.5)). A phrase
//! scores as the sum of its words. Prefix expansions of the word being typed
//! weigh 0.8 each (the exact word 1).

use super::bitset::Bitset;
use super::query::Clause;

pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;
/// Field weights in half units (so they fit integers): title 3, caption 1.5, summary 1.5, body 1.
pub(crate) const W_TITLE: u32 = 6;
pub(crate) const W_CAPTION: u32 = 3;
pub(crate) const W_SUMMARY: u32 = 3;
pub(crate) const W_BODY: u32 = 2;
/// Prefix expansions allowed for the word being typed, by prefix length in chars.
fn max_expansions(prefix_chars: usize) -> usize {
    match prefix_chars {
        0 => 0,
        1 => 8,
        2 => 16,
        _ => 48,
    }
}
const PREFIX_WEIGHT: f32 = 0.8;
/// Tokens longer than this (bytes) are not indexed (they still take a position).
pub(crate) const MAX_TOKEN_BYTES: usize = 64;

#[inline]
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[inline]
fn get_varint(buf: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = buf.get(*at) {
        *at += 1;
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
        if shift > 28 {
            break;
        }
    }
    v
}

/// The text index proper.
#[derive(Debug, Default)]
pub(crate) struct TextIndex {
    pub(crate) terms: Vec<Box<str>>,
    pub(crate) df: Vec<u32>,
    pub(crate) postings: Vec<Box<[u8]>>,
    pub(crate) positions: Vec<Box<[u8]>>,
    /// Per document: k1·(1 − b + b·len/avg_len), precomputed for BM25.
    pub(crate) norm: Vec<f32>,
}

/// Walks one term's postings (and, on demand, positions) in document order.
struct Cursor<'a> {
    post: &'a [u8],
    pos: &'a [u8],
    at: usize,
    pos_at: usize,
    doc: u32,
    started: bool,
    wtf: u8,
    /// Whether the positions of the current posting have been consumed.
    pos_pending: bool,
}

impl<'a> Cursor<'a> {
    fn new(post: &'a [u8], pos: &'a [u8]) -> Self {
        Cursor { post, pos, at: 0, pos_at: 0, doc: 0, started: false, wtf: 0, pos_pending: false }
    }

    /// Moves to the next posting; false at the end.
    #[inline]
    fn next(&mut self) -> bool {
        if self.at >= self.post.len() {
            return false;
        }
        if self.pos_pending {
            let len = get_varint(self.pos, &mut self.pos_at) as usize;
            self.pos_at += len;
        }
        let delta = get_varint(self.post, &mut self.at);
        self.doc = if self.started { self.doc + delta } else { delta };
        self.started = true;
        self.wtf = self.post.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        self.pos_pending = true;
        true
    }

    /// Advances until the current doc is ≥ `doc`; false when exhausted.
    fn advance_to(&mut self, doc: u32) -> bool {
        if self.started && self.doc >= doc {
            return true;
        }
        while self.next() {
            if self.doc >= doc {
                return true;
            }
        }
        false
    }

    fn read_positions(&mut self, out: &mut Vec<u32>) {
        out.clear();
        if !self.pos_pending {
            return;
        }
        self.pos_pending = false;
        let len = get_varint(self.pos, &mut self.pos_at) as usize;
        let end = (self.pos_at + len).min(self.pos.len());
        let mut p = 0u32;
        let mut first = true;
        while self.pos_at < end {
            let d = get_varint(self.pos, &mut self.pos_at);
            p = if first { d } else { p + d };
            first = false;
            out.push(p);
        }
        self.pos_at = end;
    }
}

/// One way to satisfy a group.
#[derive(Clone, Debug)]
pub(crate) enum Alt {
    Term { term: u32, weight: f32 },
    Phrase { terms: Vec<u32> },
}

/// A required or excluded unit of the search: a set of alternatives (the
/// word, its prefix expansions, its gazetteer variants), any of which matches.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) alts: Vec<Alt>,
    pub(crate) negated: bool,
    /// Gazetteer ids whose tagged documents also match (multi-word spellings
    /// are found through the tagger's entities rather than phrase scans).
    pub(crate) entities: Vec<String>,
}

/// Gazetteer expansion table: folded variant (tokens joined by one space) → variants.
#[derive(Debug, Default)]
pub(crate) struct Expansions {
    /// Sorted by key for binary search.
    pub(crate) by_variant: Vec<(Box<str>, u32)>,
    /// Per entity: its folded variants as token lists.
    pub(crate) variants: Vec<Vec<Vec<String>>>,
    /// Per entity: its gazetteer id.
    pub(crate) ids: Vec<String>,
    pub(crate) max_tokens: usize,
}

impl Expansions {
    fn lookup<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u32> + 'a {
        let lo = self.by_variant.partition_point(|(k, _)| &**k < key);
        self.by_variant[lo..].iter().take_while(move |(k, _)| &**k == key).map(|(_, e)| *e)
    }
}

impl TextIndex {
    pub(crate) fn term_id(&self, term: &str) -> Option<u32> {
        self.terms.binary_search_by(|t| (**t).cmp(term)).ok().map(|i| i as u32)
    }

    fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.terms.partition_point(|t| &**t < prefix);
        let len = self.terms[lo..].partition_point(|t| t.starts_with(prefix));
        lo..lo + len
    }

    fn idf(&self, term: u32) -> f32 {
        let n = self.norm.len() as f32;
        let df = self.df[term as usize] as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    #[inline]
    fn bm25(&self, idf: f32, wtf: u8, doc: u32) -> f32 {
        let tf = wtf as f32 * 0.5;
        let norm = self.norm.get(doc as usize).copied().unwrap_or(K1);
        idf * tf * (K1 + 1.0) / (tf + norm)
    }

    /// Turns parsed clauses into groups, expanding prefixes and gazetteer
    /// variants; also collects the folded terms/phrases to highlight.
    pub(crate) fn plan(&self, clauses: &[Clause], exp: &Expansions, highlight: &mut Vec<String>) -> Vec<Group> {
        let mut groups = Vec::new();
        let mut i = 0;
        while i < clauses.len() {
            let c = &clauses[i];
            // Longest run of bare single words starting here that names a gazetteer entity.
            let mut entity_match: Option<(usize, Vec<u32>)> = None;
            if !c.negated && !c.quoted && c.tokens.len() == 1 && exp.max_tokens > 0 {
                let mut end = i;
                while end < clauses.len()
                    && end - i < exp.max_tokens
                    && !clauses[end].negated
                    && !clauses[end].quoted
                    && clauses[end].tokens.len() == 1
                {
                    end += 1;
                }
                for j in (i + 1..=end).rev() {
                    let key = clauses[i..j].iter().map(|c| c.tokens[0].as_str()).collect::<Vec<_>>().join(" ");
                    let ents: Vec<u32> = exp.lookup(&key).collect();
                    if !ents.is_empty() {
                        entity_match = Some((j, ents));
                        break;
                    }
                }
            } else if !c.negated || c.quoted || c.tokens.len() > 1 {
                let ents: Vec<u32> = exp.lookup(&c.tokens.join(" ")).collect();
                if !ents.is_empty() {
                    entity_match = Some((i + 1, ents));
                }
            }
            let mut alts = Vec::new();
            let mut entities = Vec::new();
            let next = match entity_match {
                Some((end, ents)) => {
                    // Single-word spellings are cheap term alternatives; multi-word
                    // ones come from the tagger's entities (see `Group::entities`)
                    // and are only listed for highlighting.
                    let mut seen: Vec<&[String]> = Vec::new();
                    for &e in &ents {
                        for v in exp.variants.get(e as usize).map(|v| v.as_slice()).unwrap_or(&[]) {
                            if !seen.contains(&v.as_slice()) {
                                seen.push(v);
                                if v.len() == 1 {
                                    self.push_tokens(v, 1.0, &mut alts, highlight);
                                } else {
                                    highlight.push(v.join(" "));
                                }
                            }
                        }
                        if let Some(id) = exp.ids.get(e as usize) {
                            entities.push(id.clone());
                        }
                    }
                    // The words as typed, in case the variant list lacks this exact form.
                    let typed: Vec<String> = clauses[i..end].iter().flat_map(|c| c.tokens.iter().cloned()).collect();
                    if !seen.contains(&typed.as_slice()) {
                        self.push_tokens(&typed, 1.0, &mut alts, highlight);
                    }
                    if end == i + 1 && c.prefix {
                        self.push_prefix(&c.tokens[0], &mut alts, highlight);
                    }
                    end
                }
                None => {
                    self.push_tokens(&c.tokens, 1.0, &mut alts, highlight);
                    if c.prefix {
                        self.push_prefix(&c.tokens[0], &mut alts, highlight);
                    }
                    i + 1
                }
            };
            groups.push(Group { alts, negated: c.negated, entities });
            i = next;
        }
        highlight.sort();
        highlight.dedup();
        groups
    }

    fn push_tokens(&self, tokens: &[String], weight: f32, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        let ids: Option<Vec<u32>> = tokens.iter().map(|t| self.term_id(t)).collect();
        let Some(ids) = ids else { return };
        match ids.len() {
            0 => {}
            1 => alts.push(Alt::Term { term: ids[0], weight }),
            _ => alts.push(Alt::Phrase { terms: ids }),
        }
        highlight.push(tokens.join(" "));
    }

    fn push_prefix(&self, prefix: &str, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        let cap = max_expansions(prefix.chars().count());
        let range = self.prefix_range(prefix);
        let mut cands: Vec<u32> = range.map(|t| t as u32).filter(|&t| &*self.terms[t as usize] != prefix).collect();
        if cands.len() > cap {
            cands.select_nth_unstable_by(cap, |a, b| self.df[*b as usize].cmp(&self.df[*a as usize]));
            cands.truncate(cap);
        }
        for t in cands {
            alts.push(Alt::Term { term: t, weight: PREFIX_WEIGHT });
            highlight.push(self.terms[t as usize].to_string());
        }
    }

    /// Documents matching a group; adds BM25 scores to `scores` when given.
    pub(crate) fn eval_group(
        &self,
        group: &Group,
        ndocs: usize,
        mut scores: Option<&mut [f32]>,
        entities: &super::facets::EntityTable,
    ) -> Bitset {
        let mut set = Bitset::empty(ndocs);
        for id in &group.entities {
            let Some((docs, counts)) = entities.postings_of(id) else { continue };
            // Mentions counted by the tagger score like a body term.
            let df = docs.len() as f32;
            let idf = (1.0 + (ndocs as f32 - df + 0.5) / (df + 0.5)).ln();
            for (&d, &c) in docs.iter().zip(counts) {
                set.insert(d);
                if let Some(s) = scores.as_deref_mut() {
                    if let Some(slot) = s.get_mut(d as usize) {
                        *slot += self.bm25(idf, c.min(127) as u8 * 2, d);
                    }
                }
            }
        }
        for alt in &group.alts {
            match alt {
                Alt::Term { term, weight } => {
                    let t = *term as usize;
                    let idf = self.idf(*term) * weight;
                    let mut cur = Cursor::new(&self.postings[t], &[]);
                    // Plain postings walk: positions are never touched.
                    cur.pos_pending = false;
                    while cur.at < cur.post.len() {
                        let delta = get_varint(cur.post, &mut cur.at);
                        cur.doc = if cur.started { cur.doc + delta } else { delta };
                        cur.started = true;
                        let wtf = cur.post.get(cur.at).copied().unwrap_or(0);
                        cur.at += 1;
                        set.insert(cur.doc);
                        if let Some(s) = scores.as_deref_mut() {
                            if let Some(slot) = s.get_mut(cur.doc as usize) {
                                *slot += self.bm25(idf, wtf, cur.doc);
                            }
                        }
                    }
                }
                Alt::Phrase { terms } => self.eval_phrase(terms, &mut set, scores.as_deref_mut()),
            }
        }
        set
    }

    fn eval_phrase(&self, terms: &[u32], set: &mut Bitset, mut scores: Option<&mut [f32]>) {
        if terms.is_empty() {
            return;
        }
        let idfs: Vec<f32> = terms.iter().map(|&t| self.idf(t)).collect();
        let mut cursors: Vec<Cursor> =
            terms.iter().map(|&t| Cursor::new(&self.postings[t as usize], &self.positions[t as usize])).collect();
        // Drive by the rarest word.
        let lead = (0..terms.len()).min_by_key(|&k| self.df[terms[k] as usize]).unwrap_or(0);
        let mut pos_lists: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
        let mut target = 0u32;
        'docs: loop {
            if !cursors[lead].advance_to(target) {
                break;
            }
            let mut doc = cursors[lead].doc;
            // Align every cursor on one document.
            loop {
                let mut moved = false;
                for c in cursors.iter_mut() {
                    if !c.advance_to(doc) {
                        break 'docs;
                    }
                    if c.doc > doc {
                        doc = c.doc;
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
            for (c, list) in cursors.iter_mut().zip(pos_lists.iter_mut()) {
                c.read_positions(list);
            }
            let hit = pos_lists[0].iter().any(|&p| {
                pos_lists.iter().enumerate().skip(1).all(|(k, l)| l.binary_search(&(p + k as u32)).is_ok())
            });
            if hit {
                set.insert(doc);
                if let Some(s) = scores.as_deref_mut() {
                    let mut add = 0.0;
                    for (c, idf) in cursors.iter().zip(&idfs) {
                        add += self.bm25(*idf, c.wtf, doc);
                    }
                    if let Some(slot) = s.get_mut(doc as usize) {
                        *slot += add;
                    }
                }
            }
            target = doc + 1;
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let terms: usize = self.terms.iter().map(|t| t.len() + 16).sum();
        let post: usize = self.postings.iter().map(|p| p.len() + 8).sum();
        let pos: usize = self.positions.iter().map(|p| p.len() + 8).sum();
        terms + post + pos + self.df.capacity() * 4 + self.norm.capacity() * 4 + self.terms.capacity() * 16
    }
}

/// Builds a [`TextIndex`] one document at a time.
pub(crate) struct TextBuilder {
    dict: std::collections::HashMap<Box<str>, u32, FxBuild>,
    df: Vec<u32>,
    postings: Vec<Vec<u8>>,
    positions: Vec<Vec<u8>>,
    last_doc: Vec<u32>,
    epoch: Vec<u32>,
    slot_of: Vec<u32>,
    lengths: Vec<u32>,
    // Per-document scratch.
    toks: Vec<(u32, u32)>,
    slots: Vec<(u32, u32, u32)>, // (term, weighted tf, count)
    scatter: Vec<u32>,
    fill: Vec<u32>,
    posbuf: Vec<u8>,
    tok: String,
    doc: u32,
    pos: u32,
    wlen: u32,
}

impl TextBuilder {
    pub(crate) fn new() -> Self {
        TextBuilder {
            dict: Default::default(),
            df: Vec::new(),
            postings: Vec::new(),
            positions: Vec::new(),
            last_doc: Vec::new(),
            epoch: Vec::new(),
            slot_of: Vec::new(),
            lengths: Vec::new(),
            toks: Vec::new(),
            slots: Vec::new(),
            scatter: Vec::new(),
            fill: Vec::new(),
            posbuf: Vec::new(),
            tok: String::new(),
            doc: 0,
            pos: 0,
            wlen: 0,
        }
    }

    /// Adds one field of the current document with weight `w` (half units).
    pub(crate) fn add_field(&mut self, text: &str, w: u32) {
        if text.is_ascii() {
            // Fast path, identical to `fold` + `tokens` on ASCII: words are runs of
            // ASCII letters and digits, lowercased; apostrophes are dropped inside
            // them; everything else separates words.
            let bytes = text.as_bytes();
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b == b'`';
            let mut tok = std::mem::take(&mut self.tok);
            let mut i = 0;
            while i < bytes.len() {
                while i < bytes.len() && !word(bytes[i]) {
                    i += 1;
                }
                let start = i;
                let mut clean = true;
                while i < bytes.len() && word(bytes[i]) {
                    clean &= bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit();
                    i += 1;
                }
                if start == i {
                    continue;
                }
                if clean {
                    self.add_token(&text[start..i], w);
                } else {
                    tok.clear();
                    for &b in &bytes[start..i] {
                        if b.is_ascii_alphanumeric() {
                            tok.push(b.to_ascii_lowercase() as char);
                        }
                    }
                    if !tok.is_empty() {
                        self.add_token(&tok, w);
                    }
                }
            }
            self.tok = tok;
        } else {
            let folded = crate::normalize::fold(text);
            for (_, tok) in crate::normalize::tokens(&folded) {
                self.add_token(tok, w);
            }
        }
        // A gap keeps phrases from spanning two fields or paragraphs.
        self.pos += 1;
    }

    #[inline]
    fn add_token(&mut self, tok: &str, w: u32) {
        let pos = self.pos;
        self.pos += 1;
        self.wlen += w;
        if tok.len() > MAX_TOKEN_BYTES {
            return;
        }
        let id = match self.dict.get(tok) {
            Some(&id) => id,
            None => {
                let id = self.df.len() as u32;
                self.dict.insert(tok.into(), id);
                self.df.push(0);
                self.postings.push(Vec::new());
                self.positions.push(Vec::new());
                self.last_doc.push(0);
                self.epoch.push(u32::MAX);
                self.slot_of.push(0);
                id
            }
        };
        let slot = if self.epoch[id as usize] == self.doc {
            self.slot_of[id as usize]
        } else {
            self.epoch[id as usize] = self.doc;
            let s = self.slots.len() as u32;
            self.slot_of[id as usize] = s;
            self.slots.push((id, 0, 0));
            s
        };
        let entry = &mut self.slots[slot as usize];
        entry.1 += w;
        entry.2 += 1;
        self.toks.push((slot, pos));
    }

    /// Finishes the current document and starts the next.
    pub(crate) fn end_doc(&mut self) {
        let doc = self.doc;
        // Counting sort of positions by slot (positions stay ascending per slot).
        self.fill.clear();
        let mut start = 0u32;
        for &(_, _, count) in &self.slots {
            self.fill.push(start);
            start += count;
        }
        self.scatter.clear();
        self.scatter.resize(start as usize, 0);
        for &(slot, pos) in &self.toks {
            let at = &mut self.fill[slot as usize];
            self.scatter[*at as usize] = pos;
            *at += 1;
        }
        let mut begin = 0usize;
        for &(term, wtf, count) in &self.slots {
            let t = term as usize;
            let post = &mut self.postings[t];
            let delta = if self.df[t] == 0 { doc } else { doc - self.last_doc[t] };
            put_varint(post, delta);
            post.push(wtf.min(255) as u8);
            // Positions: varint(byte length) then varint deltas, so a cursor
            // skips a document's positions in O(1).
            self.posbuf.clear();
            let mut prev = 0;
            for (k, &p) in self.scatter[begin..begin + count as usize].iter().enumerate() {
                put_varint(&mut self.posbuf, if k == 0 { p } else { p - prev });
                prev = p;
            }
            let pos = &mut self.positions[t];
            put_varint(pos, self.posbuf.len() as u32);
            pos.extend_from_slice(&self.posbuf);
            begin += count as usize;
            self.df[t] += 1;
            self.last_doc[t] = doc;
        }
        self.lengths.push(self.wlen);
        self.toks.clear();
        self.slots.clear();
        self.doc += 1;
        self.pos = 0;
        self.wlen = 0;
    }

    pub(crate) fn finish(self) -> TextIndex {
        let TextBuilder { dict, df, postings, positions, lengths, .. } = self;
        let mut entries: Vec<(Box<str>, u32)> = dict.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings: Vec<Option<Vec<u8>>> = postings.into_iter().map(Some).collect();
        let mut positions: Vec<Option<Vec<u8>>> = positions.into_iter().map(Some).collect();
        let mut out = TextIndex {
            terms: Vec::with_capacity(entries.len()),
            df: Vec::with_capacity(entries.len()),
            postings: Vec::with_capacity(entries.len()),
            positions: Vec::with_capacity(entries.len()),
            norm: Vec::with_capacity(lengths.len()),
        };
        for (term, id) in entries {
            let id = id as usize;
            out.terms.push(term);
            out.df.push(df[id]);
            out.postings.push(postings[id].take().unwrap_or_default().into_boxed_slice());
            out.positions.push(positions[id].take().unwrap_or_default().into_boxed_slice());
        }
        let avg = if lengths.is_empty() { 1.0 } else { lengths.iter().map(|&l| l as f64).sum::<f64>() / lengths.len() as f64 };
        let avg = if avg > 0.0 { avg } else { 1.0 };
        out.norm = lengths.iter().map(|&l| (K1 as f64 * (1.0 - B as f64 + B as f64 * l as f64 / avg)) as f32).collect();
        out
    }
}

/// FxHash (rustc's hasher): much faster than SipHash for short string keys,
/// and the keys here are not attacker-chosen in a way that matters.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxBuild;

impl std::hash::BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let mut buf = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            put_varint(&mut buf, v);
        }
        let mut at = 0;
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            assert_eq!(get_varint(&buf, &mut at), v);
        }
        assert_eq!(at, buf.len());
        // Truncated input ends quietly.
        let mut at = 0;
        let _ = get_varint(&[0xff, 0xff], &mut at);
    }

    fn tokens_of(text: &str) -> Vec<String> {
        let mut b = TextBuilder::new();
        b.add_field(text, W_BODY);
        b.end_doc();
        let t = b.finish();
        let mut out: Vec<(u32, String)> = Vec::new();
        for (i, term) in t.terms.iter().enumerate() {
            let mut cur = Cursor::new(&t.postings[i], &t.positions[i]);
            let mut list = Vec::new();
            while cur.next() {
                cur.read_positions(&mut list);
                out.extend(list.iter().map(|&p| (p, term.to_string())));
            }
        }
        out.sort();
        out.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn ascii_fast_path_matches_fold() {
        for text in ["Kim Jong Un's  visit-to Hyesan.", "a''b `c` -- d_e 1,000.5 x\ty\u{b}z", "'''", "", "ABC123def", "U.S.-China"] {
            let folded = crate::normalize::fold(text);
            let slow: Vec<String> = crate::normalize::tokens(&folded).map(|(_, t)| t.to_string()).collect();
            assert_eq!(tokens_of(text), slow, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_matches_fold_prop(text in "[a-zA-Z0-9 '`.,:;!?()\\-_\t\n\"/]{0,60}") {
            let folded = crate::normalize::fold(&text);
            let slow: Vec<String> = crate::normalize::tokens(&folded).map(|(_, t)| t.to_string()).collect();
            proptest::prop_assert_eq!(tokens_of(&text), slow);
        }
    }

    #[test]
    fn positions_and_phrases() {
        let mut b = TextBuilder::new();
        b.add_field("state smuggling of copper", W_TITLE);
        b.add_field("the state. Smuggling continues", W_BODY);
        b.end_doc();
        b.add_field("smuggling by the state", W_TITLE);
        b.end_doc();
        b.add_field("state", W_TITLE);
        b.add_field("smuggling", W_BODY);
        b.end_doc();
        let t = b.finish();
        let ids: Vec<u32> = ["state", "smuggling"].iter().map(|w| t.term_id(w).unwrap()).collect();
        let mut set = Bitset::empty(3);
        t.eval_phrase(&ids, &mut set, None);
        // Doc 0 only (doc 2 has them in separate fields, doc 1 in the other order).
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0]);
        assert_eq!(t.df[t.term_id("state").unwrap() as usize], 3);
        assert_eq!(t.prefix_range("smu").len(), 1);
    }
}
