//! Indexing text: turns each document's fields into tokens (folded exactly
//! as the tagger folds them) and accumulates, per term, its postings (weighted
//! term frequency) and positions. [`TextBuilder::finish`] sorts the terms and
//! hands the result to [`super::text`] to be cut into shards.

use super::text::TextParts;
use crate::codec::put_varint;

/// Field weights in half units (so they fit integers): title 3, caption 1.5, summary 1.5, body 1.
pub(crate) const W_TITLE: u32 = 6;
pub(crate) const W_CAPTION: u32 = 3;
pub(crate) const W_SUMMARY: u32 = 3;
pub(crate) const W_BODY: u32 = 2;
/// Tokens longer than this (bytes) are not indexed (they still take a position).
pub(crate) const MAX_TOKEN_BYTES: usize = 64;

/// The weight of a field of an article.
pub(crate) fn field_weight(field: crate::model::Field) -> u32 {
    match field {
        crate::model::Field::Title => W_TITLE,
        crate::model::Field::Caption => W_CAPTION,
        crate::model::Field::Summary => W_SUMMARY,
        crate::model::Field::Body(_) => W_BODY,
    }
}

/// Builds a segment's text index one document at a time.
pub(crate) struct TextBuilder {
    dict: std::collections::HashMap<Box<str>, u32, FxBuild>,
    df: Vec<u32>,
    postings: Vec<Vec<u8>>,
    positions: Vec<Vec<u8>>,
    last_doc: Vec<u32>,
    epoch: Vec<u32>,
    slot_of: Vec<u32>,
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

    /// Finishes the current document and starts the next; returns the
    /// document's weighted length (for BM25).
    pub(crate) fn end_doc(&mut self) -> u32 {
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
        let length = self.wlen;
        self.toks.clear();
        self.slots.clear();
        self.doc += 1;
        self.pos = 0;
        self.wlen = 0;
        length
    }

    /// The sorted terms with their postings and positions.
    pub(crate) fn finish(self) -> TextParts {
        let TextBuilder { dict, df, postings, positions, .. } = self;
        let mut entries: Vec<(Box<str>, u32)> = dict.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings: Vec<Option<Vec<u8>>> = postings.into_iter().map(Some).collect();
        let mut positions: Vec<Option<Vec<u8>>> = positions.into_iter().map(Some).collect();
        let mut out = TextParts {
            terms: Vec::with_capacity(entries.len()),
            df: Vec::with_capacity(entries.len()),
            postings: Vec::with_capacity(entries.len()),
            positions: Vec::with_capacity(entries.len()),
        };
        for (term, id) in entries {
            let id = id as usize;
            out.terms.push(term);
            out.df.push(df[id]);
            out.postings.push(postings[id].take().unwrap_or_default().into_boxed_slice());
            out.positions.push(positions[id].take().unwrap_or_default().into_boxed_slice());
        }
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
    use crate::codec::get_varint;

    fn tokens_of(text: &str) -> Vec<String> {
        let mut b = TextBuilder::new();
        b.add_field(text, W_BODY);
        b.end_doc();
        let t = b.finish();
        let mut out: Vec<(u32, String)> = Vec::new();
        for (i, term) in t.terms.iter().enumerate() {
            // Positions: per document, varint(byte length) then varint deltas.
            let pos = &t.positions[i];
            let mut at = 0;
            while at < pos.len() {
                let len = get_varint(pos, &mut at) as usize;
                let end = at + len;
                let mut p = 0;
                let mut first = true;
                while at < end {
                    let d = get_varint(pos, &mut at);
                    p = if first { d } else { p + d };
                    first = false;
                    out.push((p, term.to_string()));
                }
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
}
