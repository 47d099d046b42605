//! Where search terms occur in a text, for highlighting. Terms come folded
//! (from [`crate::index::Results::matched_terms`]); a term matches at the start
//! of a word (prefix search) and the highlight runs to the end of that word.

use crate::normalize::{fold_with_map, is_word_char, original_span};

/// Byte spans in `text` (original, unfolded) where any term starts a word,
/// sorted and non-overlapping. Never panics; empty terms are ignored.
///
/// ```
/// let spans = tumen_core::matches::find_terms("Smugglers in Hyesan's market", &["smuggl".into(), "hyesan".into()]);
/// // Whole words are marked, a possessive included: "Smugglers", "Hyesan's".
/// assert_eq!(spans, vec![(0, 9), (13, 21)]);
/// ```
pub fn find_terms(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let terms: Vec<&str> = terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).take(64).collect();
    if terms.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(text);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        let mut from = 0;
        while let Some(pos) = folded.get(from..).and_then(|rest| rest.find(term)) {
            let start = from + pos;
            let mut end = start + term.len();
            from = start + term.len().max(1);
            let at_word_start = folded[..start].chars().next_back().is_none_or(|c| !is_word_char(c));
            if !at_word_start {
                continue;
            }
            // Extend a prefix match to the end of its word ("smuggl" -> "smugglers").
            end += folded[end..].find(|c: char| !is_word_char(c)).unwrap_or(folded.len() - end);
            spans.push(original_span(text, &map, start, end));
            if from >= folded.len() {
                break;
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::find_terms;

    #[test]
    fn matches_fold_case_and_diacritics() {
        let text = "In P'yŏngyang and PYONGYANG";
        assert_eq!(find_terms(text, &["pyongyang".into()]).len(), 2);
    }

    #[test]
    fn only_word_starts_match() {
        assert!(find_terms("Kimusan", &["musan".into()]).is_empty());
    }

    #[test]
    fn phrases_and_hangul() {
        let text = "state smuggling in 양강도에서";
        let spans = find_terms(text, &["state smuggling".into(), "양강도".into()]);
        assert_eq!(&text[spans[0].0..spans[0].1], "state smuggling");
        assert_eq!(&text[spans[1].0..spans[1].1], "양강도에서");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "’’’", "ŏ", "a\u{0}b", "🙂🙂"] {
            let _ = find_terms(text, &["".into(), "o".into(), "’".into(), "🙂".into()]);
        }
    }
}
