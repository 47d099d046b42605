//! Text folding shared by the tagger and the search index: one canonical,
//! comparison-friendly form of a string (lowercase, no diacritics, no
//! apostrophes, dashes and whitespace runs as one space) plus a byte map back
//! to the original text, so anything found in folded text can be shown in place.
//!
//! Hangul syllables are kept precomposed: decomposing them into jamo would make
//! a search for "혜산" match parts of unrelated syllables. The first syllable of
//! a word follows the South's initial-sound rule (두음법칙), so the North's
//! spelling and the South's fold alike: 량강도 and 양강도, 로동 and 노동, 리 and 이.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Bumped whenever folding changes what a text folds to: the words indexed and the names
/// tagged change with it, so a bundle built before is rebuilt afresh (it is part of
/// [`crate::tagger::builtin_digest`]). Revision 2: a multiplication sign between digits
/// ("20×10") folds to "x".
pub const FOLD_REVISION: u32 = 2;

/// Folds `text` for matching. See the module docs for the rules.
///
/// ```
/// use tumen_core::normalize::fold;
/// assert_eq!(fold("P'yŏngyang"), "pyongyang");
/// assert_eq!(fold("Sinŭiju-based  traders"), "sinuiju based traders");
/// assert_eq!(fold("양강도에서"), "양강도에서");
/// assert_eq!(fold("량강도 로동신문"), "양강도 노동신문");
/// assert_eq!(fold("the ‘20×10’ policy"), fold("the '20x10' policy"));
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_impl(text, &mut out, &mut ());
    out
}

/// Folds `text` and returns, beside the folded string, a byte map:
/// `map[i]` is the byte offset in `text` of the original character that
/// produced folded byte `i` (every byte of a folded character, and every
/// character one original character expands to, maps to that original
/// character's start). A final entry `map[folded.len()] == text.len()`.
///
/// Use [`original_span`] to turn a folded span into an original one: it maps
/// the end to the end of the last original character, so removed characters
/// after a match (an apostrophe in "Hyesan's") are not included.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    fold_impl(text, &mut out, &mut map);
    (out, map)
}

/// Like [`fold_with_map`] but reuses the caller's buffers (cleared first), to
/// avoid two allocations per text in hot loops.
pub fn fold_into(text: &str, out: &mut String, map: &mut Vec<usize>) {
    out.clear();
    map.clear();
    out.reserve(text.len());
    map.reserve(text.len() + 1);
    fold_impl(text, out, map);
}

/// Maps a folded byte span `[start, end)` back to `text`, given the `map` from
/// [`fold_with_map`]. The result always lies on char boundaries of `text` and
/// within it; out-of-range input is clamped.
pub fn original_span(text: &str, map: &[usize], start: usize, end: usize) -> (usize, usize) {
    if map.is_empty() {
        return (0, 0);
    }
    let last = map.len() - 1;
    let start = start.min(last);
    let end = end.clamp(start, last);
    let orig_start = map[start];
    if end == start {
        return (orig_start, orig_start);
    }
    // End of the original character that produced the last folded byte.
    let p = map[end - 1];
    let orig_end = p + text.get(p..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
    (orig_start, orig_end.max(orig_start))
}

/// True for characters that make up words: letters (Latin, Hangul, Hanja...)
/// and digits. Everything else separates words.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// True for precomposed Hangul syllables and Hangul jamo.
#[inline]
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF)
}

/// Splits folded text into word tokens (runs of [`is_word_char`]), yielding
/// each token's byte offset in `folded` and the token.
///
/// ```
/// let toks: Vec<_> = tumen_core::normalize::tokens("hyesan 혜산시의 rice").collect();
/// assert_eq!(toks, vec![(0, "hyesan"), (7, "혜산시의"), (20, "rice")]);
/// ```
pub fn tokens(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = folded;
    let mut offset = 0usize;
    std::iter::from_fn(move || {
        let skip = rest.find(is_word_char)?;
        let after = &rest[skip..];
        let len = after.find(|c: char| !is_word_char(c)).unwrap_or(after.len());
        let start = offset + skip;
        let token = &after[..len];
        rest = &after[len..];
        offset = start + len;
        Some((start, token))
    })
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '`' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{00B4}' | '\u{2032}')
}

#[inline]
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{00AD}')
}

// Hangul leads (initial consonants) the initial-sound rule concerns.
const RIEUL: u32 = 5;
const NIEUN: u32 = 2;
const IEUNG: u32 = 11;

/// A precomposed syllable's (lead, vowel, tail) indices, and whether its vowel is
/// one of ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ, before which the rule gives ㅇ rather than ㄴ.
#[inline]
fn syllable(c: char) -> (u32, u32, u32, bool) {
    let idx = c as u32 - 0xAC00;
    let (lead, vowel, tail) = (idx / 588, (idx % 588) / 28, idx % 28);
    (lead, vowel, tail, matches!(vowel, 2 | 3 | 6 | 7 | 12 | 17 | 20))
}

#[inline]
fn compose(lead: u32, vowel: u32, tail: u32) -> Option<char> {
    char::from_u32(0xAC00 + lead * 588 + vowel * 28 + tail)
}

/// The South's initial-sound rule for a word's first syllable: ㄹ becomes ㅇ
/// before ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ and ㄴ before the other vowels (량→양, 로→노, 리→이);
/// ㄴ becomes ㅇ before ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ (녀→여). Same length in UTF-8, so offsets hold.
#[inline]
fn initial_sound(c: char) -> char {
    let (lead, vowel, tail, y_or_i) = syllable(c);
    let lead = match lead {
        RIEUL if y_or_i => IEUNG,
        RIEUL => NIEUN,
        NIEUN if y_or_i => IEUNG,
        other => other,
    };
    compose(lead, vowel, tail).unwrap_or(c)
}

/// Other spellings of a folded Hangul word under the initial-sound rule inside
/// it, where folding (word start only) cannot reach: in compounds the North
/// writes 조선로동당 and the South 조선노동당. Each syllable after the first
/// whose lead could be the other side's (ㄹ / ㄴ / ㅇ before the vowel that
/// rule concerns) gives a variant; at most 8, words of 3 syllables or more.
pub fn initial_sound_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|&c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        return Vec::new();
    }
    let mut out: Vec<Vec<char>> = vec![chars.clone()];
    for (i, &c) in chars.iter().enumerate().skip(1) {
        let (lead, vowel, tail, y_or_i) = syllable(c);
        let others: &[u32] = match (lead, y_or_i) {
            (RIEUL, true) => &[IEUNG],
            (RIEUL, false) => &[NIEUN],
            (NIEUN, false) => &[RIEUL],
            (IEUNG, true) => &[RIEUL],
            _ => &[],
        };
        for &other in others {
            let Some(alt) = compose(other, vowel, tail) else { continue };
            let more: Vec<Vec<char>> = out.iter().map(|v| {
                let mut v = v.clone();
                v[i] = alt;
                v
            }).collect();
            out.extend(more);
            if out.len() >= 8 {
                out.truncate(8);
                return out.into_iter().skip(1).map(|v| v.into_iter().collect()).collect();
            }
        }
    }
    out.into_iter().skip(1).map(|v| v.into_iter().collect()).collect()
}

/// Where folding records offsets: a real map, or nothing (plain [`fold`]).
/// Generic rather than `Option` so the hot loop has no per-byte branch on it.
trait MapSink {
    fn record(&mut self, orig: usize, folded_len: usize);
    fn finish(&mut self, text_len: usize);
}

impl MapSink for Vec<usize> {
    #[inline]
    fn record(&mut self, orig: usize, folded_len: usize) {
        for _ in 0..folded_len {
            self.push(orig);
        }
    }
    fn finish(&mut self, text_len: usize) {
        self.push(text_len);
    }
}

impl MapSink for () {
    #[inline]
    fn record(&mut self, _: usize, _: usize) {}
    fn finish(&mut self, _: usize) {}
}

#[inline]
fn push<M: MapSink>(out: &mut String, map: &mut M, orig: usize, c: char) {
    out.push(c);
    map.record(orig, c.len_utf8());
}

fn fold_impl<M: MapSink>(text: &str, out: &mut String, map: &mut M) {
    // `pending_space` collapses runs of whitespace and dashes into one space,
    // remembered by the offset of the run's first character.
    let mut pending_space: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII fast path: no decoding, no decomposition.
            match b {
                b'\'' | b'`' => {}
                b'-' | b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                    pending_space.get_or_insert(i);
                }
                _ => {
                    if let Some(at) = pending_space.take() {
                        push(out, map, at, ' ');
                    }
                    push(out, map, i, b.to_ascii_lowercase() as char);
                }
            }
            i += 1;
            continue;
        }
        // `i` is on a char boundary: we only ever advance by whole chars.
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        if is_apostrophe(c) {
            // Dropped: "P'yŏngyang" and "Pyongyang" must fold alike.
        } else if is_dash(c) || c.is_whitespace() {
            pending_space.get_or_insert(i);
        } else if c == '\u{00D7}' && pending_space.is_none() && out.ends_with(|p: char| p.is_ascii_digit()) && text[i + len..].starts_with(|n: char| n.is_ascii_digit()) {
            // A multiplication sign inside a number ("20×10", the policy's name) is the
            // letter people type for it: "20x10" finds it, and it stays one word.
            push(out, map, i, 'x');
        } else if (0xAC00..=0xD7A3).contains(&(c as u32)) {
            if let Some(at) = pending_space.take() {
                push(out, map, at, ' ');
            }
            let word_start = !out.chars().next_back().is_some_and(is_word_char);
            push(out, map, i, if word_start { initial_sound(c) } else { c });
        } else {
            decompose_compatible(c, |d| {
                for l in d.to_lowercase() {
                    // Lowercasing can itself produce combining marks (İ -> i + ̇).
                    if is_combining_mark(l) || is_apostrophe(l) {
                        continue;
                    }
                    // Compatibility forms may decompose to spaces or dashes (e.g. U+2474).
                    if l.is_whitespace() || is_dash(l) {
                        pending_space.get_or_insert(i);
                        continue;
                    }
                    if let Some(at) = pending_space.take() {
                        push(out, map, at, ' ');
                    }
                    push(out, map, i, l);
                }
            });
        }
        i += len;
    }
    if let Some(at) = pending_space {
        push(out, map, at, ' ');
    }
    map.finish(text.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_get_the_other_sides_spelling() {
        assert!(initial_sound_variants(&fold("조선노동당")).contains(&"조선로동당".to_string()));
        assert!(initial_sound_variants(&fold("조선로동당")).contains(&"조선노동당".to_string()));
        assert!(initial_sound_variants(&fold("원산갈마")).is_empty() || !initial_sound_variants(&fold("원산갈마")).contains(&"원산갈마".to_string()));
        assert!(initial_sound_variants("노동").is_empty(), "two syllables: folding at the start already covers them");
        assert!(initial_sound_variants("abc").is_empty());
        assert!(initial_sound_variants("이이이이이이이이이이").len() <= 7);
    }

    #[test]
    fn folding_table() {
        let cases = [
            ("Hyesan", "hyesan"),
            ("P'yŏngyang", "pyongyang"),
            ("P’yŏngyang", "pyongyang"),
            ("Sinŭiju", "sinuiju"),
            ("Hamgyŏng-bukto", "hamgyong bukto"),
            ("North\t\n Hamgyong", "north hamgyong"),
            ("Sinuiju—based", "sinuiju based"),
            ("a - b", "a b"),
            ("Café", "cafe"),
            ("양강도에서", "양강도에서"),
            // The initial-sound rule, at the start of a word only.
            ("량강도에서", "양강도에서"),
            ("로동당", "노동당"),
            ("조선로동당", "조선로동당"),
            ("리 인민위원회", "이 인민위원회"),
            ("장항리", "장항리"),
            ("녀성 래일 락원 룡천", "여성 내일 낙원 용천"),
            ("라선 Rason", "나선 rason"),
            ("혜산시의 장마당", "혜산시의 장마당"),
            ("ＨＹＥＳＡＮ", "hyesan"),
            ("Kim Jong Un's", "kim jong uns"),
            ("", ""),
            ("  ", " "),
            ("İstanbul", "istanbul"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "fold({input:?})");
        }
    }

    #[test]
    fn map_is_consistent() {
        for text in ["P'yŏngyang", "Hyesan's  market—", "양강도에서 ŏ", "ﬁne Ⅻ ⑴ x", "", "a\u{0301}b"] {
            let (folded, map) = fold_with_map(text);
            assert_eq!(map.len(), folded.len() + 1, "{text:?}");
            assert_eq!(*map.last().unwrap(), text.len());
            for (i, &m) in map.iter().enumerate() {
                assert!(text.is_char_boundary(m), "{text:?} map[{i}]={m}");
            }
            assert!(map.windows(2).all(|w| w[0] <= w[1]), "monotone: {text:?} {map:?}");
            assert_eq!(fold(text), folded);
        }
    }

    #[test]
    fn spans_map_back() {
        let text = "In P'yŏngyang's Hyesan-based market";
        let (folded, map) = fold_with_map(text);
        let s = folded.find("pyongyang").unwrap();
        let (a, b) = original_span(text, &map, s, s + "pyongyang".len());
        assert_eq!(&text[a..b], "P'yŏngyang");
        let s = folded.find("hyesan").unwrap();
        let (a, b) = original_span(text, &map, s, s + 6);
        assert_eq!(&text[a..b], "Hyesan");
        assert_eq!(original_span(text, &map, 999, 1000), (text.len(), text.len()));
    }

    #[test]
    fn tokenizer() {
        let toks: Vec<_> = tokens(" a1 b, 혜산!c ").collect();
        assert_eq!(toks, vec![(1, "a1"), (4, "b"), (7, "혜산"), (14, "c")]);
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens(" - ").count(), 0);
    }

    #[test]
    fn a_multiplication_sign_inside_a_number_reads_as_x() {
        let (folded, map) = fold_with_map("the 20×10 policy");
        assert_eq!(folded, "the 20x10 policy");
        assert_eq!(tokens(&folded).nth(1), Some((4, "20x10")), "one word, as typed");
        let (start, end) = original_span("the 20×10 policy", &map, 4, 9);
        assert_eq!(&"the 20×10 policy"[start..end], "20×10", "highlighted in place");
        // Elsewhere it is a sign between words, as before.
        for text in ["3 × 4", "×10", "20×", "a×b", "20 ×10"] {
            assert!(fold(text).contains('×'), "{text}");
        }
    }
}
