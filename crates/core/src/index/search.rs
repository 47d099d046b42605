//! Searching text across segments: turning parsed clauses into groups of
//! alternatives (the word, its prefix expansions, the gazetteer entity it
//! names), listing the shards those need, and evaluating them with BM25.
//!
//! ## Scoring
//!
//! One BM25 over the fields combined (a "BM25F"-lite): a term's frequency in
//! a document is Σ weight(field)·tf(field), with weights title 3, caption 1.5,
//! summary 1.5, body 1; the document length is Σ weight(field)·len(field);
//! k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5)/(df + 0.5)) with N and df
//! over every segment, so the split into segments never changes a score. A
//! phrase scores as the sum of its words. The frequency of a prefix expansion
//! of the word being typed weighs 0.8 (the exact word 1), other forms of an English word
//! ("brokers" for "broker", `super::inflect`) 0.9, typo spellings 0.5 (one edit) and
//! 0.3 (two); a gazetteer entity named by the words scores by the tagger's
//! mention count, like a body term. A word's alternatives are one word written
//! several ways and score as one term ([`GroupScores`]): their weighted
//! frequencies add up and saturate once, under the word's idf, taken over the
//! documents that have any of them.
//!
//! ## Typos
//!
//! A bare word also matches the dictionary terms and gazetteer spellings
//! within its allowed edit distance (`super::typos`). Results are ranked first
//! by how many words matched only through a typo (none first), then by score:
//! an exact or prefix match always comes before a typo match.

use super::bitset::Bitset;
use super::facets::EntityTable;
use super::inflect;
use super::query::Clause;
use super::text::{ShardKind, K1};
use super::typos;
use super::Segment;
use crate::codec::get_varint;

const PREFIX_WEIGHT: f32 = 0.8;
/// Another form of the word typed ("brokers" for "broker"): nearly the word itself.
const INFLECTION_WEIGHT: f32 = 0.9;
/// How many other forms one word may stand for (each may need its own postings shard).
const MAX_INFLECTIONS: usize = 8;
/// Weight of a typo spelling by its number of edits (index 1 and 2).
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.5, 0.3];

/// How many terms the word being typed may expand to, by its length. Below
/// three letters (two Hangul or CJK syllables, which carry more) a prefix
/// only matches itself: a letter or two would pull in the most common words
/// that start with it, arbitrary results that on a static host also cost a
/// download per word.
/// Compounds searched for one Hangul word (see [`Expansions::hangul`]).
const MAX_COMPOUNDS: usize = 16;

pub(crate) fn max_expansions(prefix: &str) -> usize {
    let chars = prefix.chars().count();
    let dense = prefix.chars().any(|c| crate::normalize::is_hangul(c) || ('\u{4e00}'..='\u{9fff}').contains(&c));
    let long = if dense { chars.saturating_add(1) } else { chars };
    match long {
        0..=2 => 0,
        3 => 16,
        _ => 48,
    }
}

/// One way to satisfy a group.
#[derive(Clone, Debug)]
pub(crate) enum Alt {
    /// `typos`: the edits between the word typed and this term (0 for the word and its prefix expansions).
    Term { term: String, weight: f32, typos: u8 },
    Phrase { terms: Vec<String> },
}

/// A required or excluded unit of the search: a set of alternatives (the
/// word, its prefix expansions), any of which matches.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) alts: Vec<Alt>,
    pub(crate) negated: bool,
    /// Gazetteer ids whose tagged documents also match: every spelling of the
    /// entity, in any romanization or in Hangul, with particles attached,
    /// as the tagger found it.
    pub(crate) entities: Vec<String>,
    /// Gazetteer ids a misspelt word names (within its edit distance).
    pub(crate) typo_entities: Vec<String>,
    /// The word as typed, when typos were searched for it, and the names of `typo_entities`.
    pub(crate) typed: Option<String>,
    pub(crate) typo_names: Vec<String>,
}

impl Group {
    /// What a misspelt word was also searched as: the typed word, then the terms
    /// and entity names within its distance (for "also matching" in the reader).
    pub(crate) fn correction(&self) -> Option<(String, Vec<String>)> {
        let typed = self.typed.clone()?;
        // Entity names as written ("Ryanggang"), then the other terms (folded).
        let mut instead: Vec<String> = self.typo_names.clone();
        for a in &self.alts {
            if let Alt::Term { term, typos: 1.., .. } = a {
                // One correction per word: its other forms are found, not listed.
                let stem = inflect::stem(term);
                let same = |t: &String| {
                    let t = crate::normalize::fold(t);
                    t == *term || (stem.is_some() && inflect::stem(&t) == stem)
                };
                if !instead.iter().any(same) {
                    instead.push(term.clone());
                }
            }
        }
        (!instead.is_empty()).then_some((typed, instead))
    }

    fn has_typos(&self) -> bool {
        !self.typo_entities.is_empty() || self.alts.iter().any(|a| matches!(a, Alt::Term { typos: 1.., .. }))
    }
}

/// The documents a group matches, and those it matches only through a typo.
pub(crate) struct GroupMatch {
    pub(crate) all: Bitset,
    pub(crate) typo_only: Option<Bitset>,
}

/// Gazetteer expansion table: folded variant (tokens joined by one space) → variants.
#[derive(Debug, Default)]
pub(crate) struct Expansions {
    /// Sorted by key for binary search.
    pub(crate) by_variant: Vec<(Box<str>, u32)>,
    /// Per entity: its folded variants as token lists.
    pub(crate) variants: Vec<Vec<Vec<String>>>,
    /// Per entity: its gazetteer id and display name.
    pub(crate) ids: Vec<String>,
    pub(crate) names: Vec<String>,
    pub(crate) max_tokens: usize,
    /// The one-word keys of `by_variant`, for typo matching.
    pub(crate) single: fst::Set<Vec<u8>>,
    /// The gazetteer's one-word Hangul spellings (folded, sorted): a compound that
    /// starts with one of them and goes on with the word searched contains it as a
    /// part (원산 + 갈마 in 원산갈마해양관광지구), where a word inside any other word
    /// would not be (나선 in 떨쳐나선).
    pub(crate) hangul: Vec<String>,
}

impl Expansions {
    /// Entities whose one-word spelling is within the automaton's distance
    /// (but not equal), closest first, at most [`typos::MAX_TYPO_ENTITIES`].
    fn within(&self, dfa: &levenshtein_automata::DFA) -> Vec<u32> {
        use fst::{IntoStreamer, Streamer};
        let mut found: Vec<(u8, u32)> = Vec::new();
        let mut stream = self.single.search_with_state(dfa).into_stream();
        while let Some((key, state)) = stream.next() {
            let (Ok(key), Some(d @ 1..)) = (std::str::from_utf8(key), typos::distance(dfa, state)) else { continue };
            found.extend(self.lookup(key).map(|e| (d, e)));
        }
        found.sort_unstable();
        let mut out: Vec<u32> = Vec::new();
        for (_, e) in found {
            if !out.contains(&e) && out.len() < typos::MAX_TYPO_ENTITIES {
                out.push(e);
            }
        }
        out
    }

    fn lookup<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u32> + 'a {
        let lo = self.by_variant.partition_point(|(k, _)| &**k < key);
        self.by_variant[lo..].iter().take_while(move |(k, _)| &**k == key).map(|(_, e)| *e)
    }
}

/// A shard some query needs: segment number, series, shard number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardKey {
    pub segment: usize,
    pub kind: ShardKind,
    pub shard: usize,
}

/// The segments of an index with what scoring needs about all of them.
pub(crate) struct Texts<'a> {
    pub(crate) segments: &'a [Segment],
    pub(crate) bases: &'a [u32],
    pub(crate) norm: &'a [f32],
}

impl Texts<'_> {
    fn n(&self) -> usize {
        self.norm.len()
    }

    fn exists(&self, term: &str) -> bool {
        self.segments.iter().any(|s| s.text.dict.get(term).is_some())
    }

    fn df(&self, term: &str) -> u32 {
        self.segments.iter().filter_map(|s| s.text.dict.get(term).map(|o| s.text.dict.df(o))).sum()
    }

    fn idf(&self, df: u32) -> f32 {
        let n = self.n() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    #[inline]
    fn bm25(&self, idf: f32, wtf: u8, doc: u32) -> f32 {
        self.bm25_tf(idf, wtf as f32 * 0.5, doc)
    }

    /// BM25 of a (weighted) term frequency in field-weight units.
    #[inline]
    fn bm25_tf(&self, idf: f32, tf: f32, doc: u32) -> f32 {
        let norm = self.norm.get(doc as usize).copied().unwrap_or(K1);
        idf * tf * (K1 + 1.0) / (tf + norm)
    }

    /// Turns parsed clauses into groups, expanding prefixes and gazetteer
    /// names; also collects the folded terms/phrases to highlight.
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
            // Korean attaches particles and endings to a word (혜산시의, 양강도에서): a Hangul
            // word matches the words it begins, wherever it stands in the query.
            let hangul = !c.negated && !c.quoted && c.tokens.len() == 1 && c.tokens[0].chars().next().is_some_and(crate::normalize::is_hangul);
            let expand = c.prefix || hangul;
            let next = match entity_match {
                Some((end, ents)) => {
                    // The documents come from the tagger's entities (every spelling it
                    // knows, particles included); the spellings are only highlighted.
                    for &e in &ents {
                        for v in exp.variants.get(e as usize).map(|v| v.as_slice()).unwrap_or(&[]) {
                            highlight.push(v.join(" "));
                        }
                        if let Some(id) = exp.ids.get(e as usize) {
                            if !entities.contains(id) {
                                entities.push(id.clone());
                            }
                        }
                    }
                    // The words as typed, for text the tagger did not attribute to the entity.
                    let typed: Vec<String> = clauses[i..end].iter().flat_map(|c| c.tokens.iter().cloned()).collect();
                    self.push_tokens(&typed, 1.0, &mut alts, highlight);
                    if end == i + 1 && expand {
                        self.push_prefix(&c.tokens[0], &mut alts, highlight);
                    }
                    if end == i + 1 && hangul {
                        self.push_compounds(&c.tokens[0], &exp.hangul, &mut alts, highlight);
                    }
                    end
                }
                None => {
                    self.push_tokens(&c.tokens, 1.0, &mut alts, highlight);
                    if expand {
                        self.push_prefix(&c.tokens[0], &mut alts, highlight);
                    }
                    // "brokers" finds "broker", "arrested" "arrests": the same word in another form.
                    if !c.negated && !c.quoted && c.tokens.len() == 1 {
                        self.push_inflections(&c.tokens[0], &mut alts, highlight);
                    }
                    // The North's and the South's spelling inside a compound are one word.
                    if hangul {
                        for variant in crate::normalize::initial_sound_variants(&c.tokens[0]) {
                            self.push_tokens(std::slice::from_ref(&variant), 1.0, &mut alts, highlight);
                            self.push_prefix(&variant, &mut alts, highlight);
                        }
                        self.push_compounds(&c.tokens[0], &exp.hangul, &mut alts, highlight);
                    }
                    i + 1
                }
            };
            let mut typo_entities = Vec::new();
            let mut typed = None;
            let mut typo_names = Vec::new();
            let bare_word = !c.negated && !c.quoted && c.tokens.len() == 1 && next == i + 1 && entities.is_empty();
            if let Some(dfa) = bare_word.then(|| typos::automaton(&c.tokens[0])).flatten() {
                typed = Some(c.tokens[0].clone());
                self.push_typos(&c.tokens[0], expand, &dfa, &mut alts, highlight);
                for e in exp.within(&dfa) {
                    for v in exp.variants.get(e as usize).map(|v| v.as_slice()).unwrap_or(&[]) {
                        highlight.push(v.join(" "));
                    }
                    if let Some(id) = exp.ids.get(e as usize) {
                        typo_entities.push(id.clone());
                        typo_names.push(exp.names.get(e as usize).cloned().unwrap_or_else(|| id.clone()));
                    }
                }
            }
            groups.push(Group { alts, negated: c.negated, entities, typo_entities, typed, typo_names });
            i = next;
        }
        highlight.sort();
        highlight.dedup();
        groups
    }

    fn push_tokens(&self, tokens: &[String], weight: f32, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        if tokens.is_empty() || !tokens.iter().all(|t| self.exists(t)) {
            return;
        }
        match tokens {
            [one] => alts.push(Alt::Term { term: one.clone(), weight, typos: 0 }),
            _ => alts.push(Alt::Phrase { terms: tokens.to_vec() }),
        }
        highlight.push(tokens.join(" "));
    }

    /// The most frequent terms (over all segments) that extend `prefix`, in term order.
    fn push_prefix(&self, prefix: &str, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        let cap = max_expansions(prefix);
        if cap == 0 {
            return;
        }
        let mut cands: Vec<(String, u32)> = Vec::new();
        for seg in self.segments {
            for (term, ord) in seg.text.dict.with_prefix(prefix) {
                if term == prefix {
                    continue;
                }
                let df = seg.text.dict.df(ord);
                match cands.binary_search_by(|(t, _)| t.as_str().cmp(&term)) {
                    Ok(at) => cands[at].1 += df,
                    Err(at) => cands.insert(at, (term, df)),
                }
            }
        }
        if cands.len() > cap {
            cands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            cands.truncate(cap);
            cands.sort_by(|a, b| a.0.cmp(&b.0));
        }
        for (term, _) in cands {
            highlight.push(term.clone());
            alts.push(Alt::Term { term, weight: PREFIX_WEIGHT, typos: 0 });
        }
    }

    /// The other English forms of `word` in the dictionary (`super::inflect`), the most
    /// frequent first, at most [`MAX_INFLECTIONS`]; terms already searched are skipped, so
    /// a document is not scored twice for one word.
    fn push_inflections(&self, word: &str, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        self.push_forms(word, INFLECTION_WEIGHT, 0, alts, highlight);
    }

    /// The other forms of `word`, each an alternative of the given weight and edit distance.
    fn push_forms(&self, word: &str, weight: f32, typos: u8, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        let Some(stem) = inflect::stem(word) else { return };
        let prefix = inflect::forms_prefix(&stem);
        let mut cands: Vec<(String, u32)> = Vec::new();
        for seg in self.segments {
            for (term, ord) in seg.text.dict.with_prefix(prefix) {
                if term == word || has_term(alts, &term) || inflect::stem(&term).as_deref() != Some(stem.as_str()) {
                    continue;
                }
                let df = seg.text.dict.df(ord);
                match cands.binary_search_by(|(t, _)| t.as_str().cmp(&term)) {
                    Ok(at) => cands[at].1 += df,
                    Err(at) => cands.insert(at, (term, df)),
                }
            }
        }
        cands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        cands.truncate(MAX_INFLECTIONS);
        for (term, _) in cands {
            highlight.push(term.clone());
            alts.push(Alt::Term { term, weight, typos });
        }
    }

    /// Compounds of a place name and the Hangul word searched (원산갈마해양관광지구
    /// for 갈마), and the words they begin, weighted as prefix matches.
    fn push_compounds(&self, word: &str, names: &[String], alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        if word.chars().count() < 2 {
            return;
        }
        let mut found: Vec<String> = Vec::new();
        for name in names {
            let compound = format!("{name}{word}");
            for seg in self.segments {
                if seg.text.dict.get(&compound).is_some() && !found.contains(&compound) {
                    found.push(compound.clone());
                }
                for (term, _) in seg.text.dict.with_prefix(&compound) {
                    if !found.contains(&term) && found.len() < MAX_COMPOUNDS {
                        found.push(term);
                    }
                }
            }
            if found.len() >= MAX_COMPOUNDS {
                break;
            }
        }
        for term in found {
            highlight.push(term.clone());
            alts.push(Alt::Term { term, weight: PREFIX_WEIGHT, typos: 0 });
        }
    }

    /// The terms (over all segments) within the word's edit distance, closest
    /// and most frequent first, at most [`typos::MAX_TYPO_TERMS`]. The word
    /// itself, and while it is being typed its prefix expansions, are not typos.
    fn push_typos(&self, word: &str, prefix: bool, dfa: &levenshtein_automata::DFA, alts: &mut Vec<Alt>, highlight: &mut Vec<String>) {
        let mut cands: Vec<(String, u8, u32)> = Vec::new();
        for seg in self.segments {
            for (term, ord, d) in seg.text.dict.within(dfa) {
                // The word itself, its prefix expansions and its other forms are no typos.
                if d == 0 || (prefix && term.starts_with(word)) || has_term(alts, &term) {
                    continue;
                }
                let df = seg.text.dict.df(ord);
                match cands.binary_search_by(|(t, _, _)| t.as_str().cmp(&term)) {
                    Ok(at) => cands[at].2 += df,
                    Err(at) => cands.insert(at, (term, d, df)),
                }
            }
        }
        cands.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then_with(|| a.0.cmp(&b.0)));
        cands.truncate(typos::MAX_TYPO_TERMS);
        for (term, d, _) in &cands {
            highlight.push(term.clone());
            alts.push(Alt::Term { term: term.clone(), weight: TYPO_WEIGHT[(*d).min(2) as usize], typos: *d });
        }
        // A correction finds its other forms as the word spelt right would: "smugling" finds
        // "smuggled" as "smuggling" does, so a misspelling never finds less than the word.
        for (term, d, _) in cands {
            self.push_forms(&term, TYPO_WEIGHT[d.min(2) as usize] * INFLECTION_WEIGHT, d, alts, highlight);
        }
    }

    /// Shards the groups need that are not loaded, sorted.
    pub(crate) fn missing(&self, groups: &[Group]) -> Vec<ShardKey> {
        let mut out = Vec::new();
        for g in groups {
            for alt in &g.alts {
                let (terms, phrase) = match alt {
                    Alt::Term { term, .. } => (std::slice::from_ref(term), false),
                    Alt::Phrase { terms } => (terms.as_slice(), true),
                };
                for (si, seg) in self.segments.iter().enumerate() {
                    let ords: Vec<u32> = terms.iter().filter_map(|t| seg.text.dict.get(t)).collect();
                    if phrase && ords.len() < terms.len() {
                        continue; // the phrase cannot occur in this segment
                    }
                    for ord in ords {
                        let shard = seg.text.dict.shard_of(ord);
                        let kinds: &[ShardKind] = if phrase { &[ShardKind::Postings, ShardKind::Positions] } else { &[ShardKind::Postings] };
                        for &kind in kinds {
                            if !seg.text.is_loaded(kind, shard) {
                                out.push(ShardKey { segment: si, kind, shard });
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Documents matching a group; adds BM25 scores to `scores` when given.
    pub(crate) fn eval_group(&self, group: &Group, scores: Option<&mut [f32]>, entities: &EntityTable) -> GroupMatch {
        let n = self.n();
        let mut set = Bitset::empty(n);
        let mut acc = scores.is_some().then(|| GroupScores::new(n));
        // Documents matched by the word itself (exactly or as a prefix); only kept when typos can differ.
        let mut exact = group.has_typos().then(|| Bitset::empty(n));
        let typo_ids = group.typo_entities.iter().map(|id| (id, true));
        for (id, typo) in group.entities.iter().map(|id| (id, false)).chain(typo_ids) {
            let Some((docs, counts)) = entities.postings_of(id) else { continue };
            // Mentions counted by the tagger score like a body term.
            let weight = if typo { TYPO_WEIGHT[1] } else { 1.0 };
            for (&d, &c) in docs.iter().zip(counts) {
                set.insert(d);
                if let (false, Some(e)) = (typo, exact.as_mut()) {
                    e.insert(d);
                }
                if let Some(acc) = acc.as_mut() {
                    acc.add_tf(d, weight * f32::from(c.min(127) as u8 * 2));
                }
            }
        }
        for alt in &group.alts {
            match alt {
                Alt::Term { term, weight, typos } => {
                    for (seg, &base) in self.segments.iter().zip(self.bases) {
                        let Some(post) = seg.text.dict.get(term).and_then(|o| seg.text.postings(o)) else { continue };
                        let mut cur = Cursor::new(post, &[]);
                        while cur.next_doc() {
                            let doc = base + cur.doc;
                            set.insert(doc);
                            if let (0, Some(e)) = (*typos, exact.as_mut()) {
                                e.insert(doc);
                            }
                            if let Some(acc) = acc.as_mut() {
                                acc.add_tf(doc, weight * f32::from(cur.wtf));
                            }
                        }
                    }
                }
                Alt::Phrase { terms } => {
                    let idfs: Vec<f32> = terms.iter().map(|t| self.idf(self.df(t))).collect();
                    let mut found = Bitset::empty(n);
                    for (seg, &base) in self.segments.iter().zip(self.bases) {
                        self.eval_phrase(seg, base, terms, &idfs, &mut found, acc.as_mut());
                    }
                    set.or_with(&found);
                    if let Some(e) = exact.as_mut() {
                        e.or_with(&found);
                    }
                }
            }
        }
        if let (Some(scores), Some(acc)) = (scores, acc) {
            // The word's rarity: the documents that have it in any of its ways.
            let idf = self.idf(set.count() as u32);
            acc.finish(self, idf, &set, scores);
        }
        let typo_only = exact.map(|e| {
            let mut only = set.clone();
            only.and_not_with(&e);
            only
        });
        GroupMatch { all: set, typo_only }
    }

    fn eval_phrase(&self, seg: &Segment, base: u32, terms: &[String], idfs: &[f32], set: &mut Bitset, mut acc: Option<&mut GroupScores>) {
        let mut cursors = Vec::with_capacity(terms.len());
        let mut dfs = Vec::with_capacity(terms.len());
        for t in terms {
            let Some(ord) = seg.text.dict.get(t) else { return };
            let (Some(post), Some(pos)) = (seg.text.postings(ord), seg.text.positions(ord)) else { return };
            cursors.push(Cursor::new(post, pos));
            dfs.push(seg.text.dict.df(ord));
        }
        if cursors.is_empty() {
            return;
        }
        // Drive by the rarest word.
        let lead = (0..cursors.len()).min_by_key(|&k| dfs[k]).unwrap_or(0);
        let mut pos_lists: Vec<Vec<u32>> = vec![Vec::new(); cursors.len()];
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
                pos_lists.iter().enumerate().skip(1).all(|(k, l)| p.checked_add(k as u32).is_some_and(|q| l.binary_search(&q).is_ok()))
            });
            if hit {
                let global = base + doc;
                set.insert(global);
                if let Some(acc) = acc.as_deref_mut() {
                    let mut add = 0.0;
                    for (c, idf) in cursors.iter().zip(idfs) {
                        add += self.bm25(*idf, c.wtf, global);
                    }
                    acc.add_phrase(global, add);
                }
            }
            target = doc + 1;
        }
    }
}

/// One group's scores per document. The alternatives of a group are one word written
/// several ways (its forms, the words it begins, its misspellings, the entity it names), so
/// they score as one term: their frequencies add up (each times its weight) and saturate
/// once, under the rarity of the word, taken as the share of documents that have any of
/// them. Scored apart, an article writing "launch", "launches" and "launching" had the word
/// three times over, and a rare form outweighed the common one it stands for. A phrase
/// alternative keeps its own score; the document takes the better of the two.
pub(crate) struct GroupScores {
    /// Weighted term frequency, in the half units of the postings.
    tf: Vec<f32>,
    phrase: Vec<f32>,
}

impl GroupScores {
    fn new(n: usize) -> Self {
        GroupScores { tf: vec![0.0; n], phrase: vec![0.0; n] }
    }

    fn add_tf(&mut self, doc: u32, wtf: f32) {
        if let Some(slot) = self.tf.get_mut(doc as usize) {
            *slot += wtf;
        }
    }

    fn add_phrase(&mut self, doc: u32, score: f32) {
        if let Some(slot) = self.phrase.get_mut(doc as usize) {
            *slot = slot.max(score);
        }
    }

    /// Adds the group's score of every document of `set` to `scores`; `idf` is the word's.
    fn finish(self, texts: &Texts<'_>, idf: f32, set: &Bitset, scores: &mut [f32]) {
        for d in set.iter() {
            let i = d as usize;
            let (Some(slot), Some(&tf), Some(&phrase)) = (scores.get_mut(i), self.tf.get(i), self.phrase.get(i)) else { continue };
            let word = if tf > 0.0 { texts.bm25_tf(idf, tf * 0.5, d) } else { 0.0 };
            *slot += word.max(phrase);
        }
    }
}

/// Whether `term` is already one of the alternatives.
fn has_term(alts: &[Alt], term: &str) -> bool {
    alts.iter().any(|a| matches!(a, Alt::Term { term: t, .. } if t == term))
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
    /// Whether the positions of the current posting are still unread.
    pos_pending: bool,
}

impl<'a> Cursor<'a> {
    fn new(post: &'a [u8], pos: &'a [u8]) -> Self {
        Cursor { post, pos, at: 0, pos_at: 0, doc: 0, started: false, wtf: 0, pos_pending: false }
    }

    /// Moves to the next posting without touching positions; false at the end.
    #[inline]
    fn next_doc(&mut self) -> bool {
        if self.at >= self.post.len() {
            return false;
        }
        let delta = get_varint(self.post, &mut self.at);
        self.doc = if self.started { self.doc.saturating_add(delta) } else { delta };
        self.started = true;
        self.wtf = self.post.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        true
    }

    /// Moves to the next posting, skipping the positions of the current one.
    fn next(&mut self) -> bool {
        if self.at >= self.post.len() {
            return false;
        }
        if self.pos_pending {
            let len = get_varint(self.pos, &mut self.pos_at) as usize;
            self.pos_at = self.pos_at.saturating_add(len);
        }
        self.next_doc();
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
        let end = self.pos_at.saturating_add(len).min(self.pos.len());
        let mut p = 0u32;
        let mut first = true;
        while self.pos_at < end {
            let d = get_varint(self.pos, &mut self.pos_at);
            p = if first { d } else { p.saturating_add(d) };
            first = false;
            out.push(p);
        }
        self.pos_at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_prefixes_do_not_expand() {
        assert_eq!(max_expansions("s"), 0);
        assert_eq!(max_expansions("sm"), 0);
        assert_eq!(max_expansions("smu"), 16);
        assert_eq!(max_expansions("smug"), 48);
        assert_eq!(max_expansions("양"), 0);
        assert_eq!(max_expansions("양강"), 16);
        assert_eq!(max_expansions("양강도"), 48);
    }
}
