//! Typo tolerance: which dictionary terms and gazetteer spellings lie within
//! the edit distance a query word allows. Damerau-Levenshtein (a swap of two
//! neighbouring letters costs one), one edit from five letters and two from
//! nine, the rule Meilisearch uses; shorter words, words with digits, quoted
//! phrases and excluded words stay exact.
//!
//! The distance is computed by a Levenshtein automaton run over the `fst`
//! dictionary, so finding the candidates visits only the dictionary's paths
//! that can still match: no scan of the terms and no extra download.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};

/// How many typo spellings one word may stand for, the closest and most
/// frequent first: each may need its own postings shard.
pub(crate) const MAX_TYPO_TERMS: usize = 8;
/// How many gazetteer entities a misspelt place or organisation may name.
pub(crate) const MAX_TYPO_ENTITIES: usize = 3;

/// The longest word that is forgiven its typos. Words in any language's
/// reporting are shorter; a longer one is a pasted address, a hash or a blob,
/// and its automaton grows with it: natively about 30 ms for a 2,000-letter
/// word, 180 ms and some 57,000 states (about 59 MB of transition tables) for
/// 2,000 Hangul syllables, where UTF-8 multiplies the states; at this length,
/// under 2 ms (BENCHMARKS.md, "Fuzzing").
pub const MAX_TYPO_WORD_CHARS: usize = 24;

/// The edits a word may contain: 0 below five letters, 1 up to eight, 2 from
/// nine, and 0 again beyond [`MAX_TYPO_WORD_CHARS`].
pub fn allowed_edits(word: &str) -> u8 {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        9..=MAX_TYPO_WORD_CHARS => 2,
        _ => 0,
    }
}

/// A Levenshtein automaton for `word` with its allowed distance, if any.
pub(crate) fn automaton(word: &str) -> Option<DFA> {
    let edits = allowed_edits(word);
    (edits > 0).then(|| builder(edits).build_dfa(word))
}

/// The distance an automaton state stands for, if the term read so far matches.
pub(crate) fn distance(dfa: &DFA, state: u32) -> Option<u8> {
    match dfa.distance(state) {
        Distance::Exact(d) => Some(d),
        Distance::AtLeast(_) => None,
    }
}

/// Builds the automaton tables ahead of the first misspelt word (a few
/// milliseconds for two edits).
pub(crate) fn prepare() {
    let _ = builder(1);
    let _ = builder(2);
}

fn builder(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if edits <= 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(edits.min(2), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(query: &str, term: &str) -> Option<u8> {
        let dfa = automaton(query)?;
        let mut s = dfa.initial_state();
        for &b in term.as_bytes() {
            s = dfa.transition(s, b);
        }
        distance(&dfa, s)
    }

    #[test]
    fn edits_grow_with_the_word() {
        for (word, edits) in [("rice", 0), ("hyesn", 1), ("smugling", 1), ("pyongyang", 2), ("2019", 0), ("route66", 0), ("양강도", 0), ("원산갈마해양관광지구", 2), ("counterintelligenceagency", 0), ("counterintelligenceagenc", 2)] {
            assert_eq!(allowed_edits(word), edits, "{word}");
        }
    }

    #[test]
    fn damerau_distance_within_the_allowance() {
        // (query, term, distance or None when beyond the allowance)
        let table: &[(&str, &str, Option<u8>)] = &[
            ("hyesen", "hyesan", Some(1)),     // substitution
            ("smugling", "smuggling", Some(1)), // insertion
            ("sinuiju", "sinuju", Some(1)),     // deletion
            ("hyeasn", "hyesan", Some(1)),      // a swap is one edit
            ("ryangang", "ryanggang", Some(1)),
            ("japang", "jagang", Some(1)),
            ("hyesen", "hyesen", Some(0)),
            ("chongjin", "chongjun", Some(1)),
            ("hyesen", "haesun", None),         // two edits in a six-letter word
            ("pyongyan", "pyeongyang", None),   // eight letters allow one edit, not two
            ("delegaton", "delegation", Some(1)),
            ("delegatoin", "delegation", Some(1)),
            ("delegtaoin", "delegation", Some(2)),
        ];
        for &(q, t, want) in table {
            assert_eq!(dist(q, t), want, "{q} → {t}");
        }
    }

    #[test]
    fn a_word_past_the_limit_stays_exact_however_close() {
        let long: String = "양강도혜산시".repeat(5);
        let mut typo = long.clone();
        typo.pop();
        assert_eq!(dist(&long, &typo), None);
        let at_limit: String = long.chars().take(MAX_TYPO_WORD_CHARS).collect();
        let mut near: String = at_limit.chars().take(MAX_TYPO_WORD_CHARS - 1).collect();
        near.push('군');
        assert_eq!(dist(&at_limit, &near), Some(1));
    }

    #[test]
    fn hangul_counts_syllables() {
        assert_eq!(dist("원산갈마해앙관광지구", "원산갈마해양관광지구"), Some(1));
    }
}
