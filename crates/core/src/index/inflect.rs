//! English inflections: a searched word also finds the other grammatical forms of
//! itself — "brokers" finds "broker", "arrested" finds "arrest" and "arrests",
//! "factories" finds "factory", "smuggling" finds "smuggle" and "smuggled".
//! Reporting writes the same fact in any of them, and an analyst who types one
//! means them all.
//!
//! The stem is Porter's first step (plurals, `-ed`, `-ing`, `y`/`i`) and his
//! final `e` (steps 5a and 5b): only inflections, never derivations, so
//! "defection" and "defector", "nation" and "national" stay apart. Two words
//! are forms of one another when their stems are equal; the stem is never shown
//! or indexed, so the bundle is unchanged and old bundles gain it too.
//!
//! Exact on purpose: words with digits or other letters than `a`–`z` (names in
//! Hangul, "20x10"), words shorter than four letters, and a few plurals whose
//! singular means something else ("news", "arms", "customs").

/// Plurals that are words of their own: stemming them would find the singular,
/// which means something else ("arms" is not "arm", "customs" not "custom").
const OWN_WORDS: &[&str] = &["arms", "customs", "goods", "means", "news", "savings", "species", "series", "earnings", "headquarters"];

/// The shortest word given a stem: "uses", "ties" and "bus" are left alone.
const MIN_LETTERS: usize = 4;

/// The stem of a folded word, or `None` when the word is searched only as typed.
///
/// ```
/// use tumen_core::index::inflect::stem;
/// assert_eq!(stem("factories"), stem("factory"));
/// assert_eq!(stem("smuggling"), stem("smuggled"));
/// assert_ne!(stem("defection"), stem("defector"));
/// ```
pub fn stem(word: &str) -> Option<String> {
    if word.len() < MIN_LETTERS || !word.bytes().all(|b| b.is_ascii_lowercase()) || OWN_WORDS.contains(&word) {
        return None;
    }
    let mut w = word.as_bytes().to_vec();
    step_1a(&mut w);
    step_1b(&mut w);
    step_1c(&mut w);
    step_5(&mut w);
    String::from_utf8(w).ok()
}

/// The prefix every form of `stem` starts with, to list them from the dictionary:
/// the stem without a final `i` or `e`, which the forms may spell `y` ("factori" →
/// "factory") or drop ("hope" → "hoping").
pub(crate) fn forms_prefix(stem: &str) -> &str {
    match stem.strip_suffix(['i', 'e']) {
        Some(shorter) if shorter.len() >= 3 => shorter,
        _ => stem,
    }
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        // A `y` after a consonant is a vowel ("spy"), at the start or after a vowel a consonant ("yard", "play").
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's m: the number of vowel-consonant runs in `w`.
fn measure(w: &[u8]) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < w.len() && is_consonant(w, i) {
        i += 1;
    }
    loop {
        while i < w.len() && !is_consonant(w, i) {
            i += 1;
        }
        if i >= w.len() {
            return m;
        }
        while i < w.len() && is_consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

/// Ends in a double consonant ("stopp").
fn double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// Ends consonant-vowel-consonant, the last not `w`, `x` or `y` ("hop", not "play").
fn cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3 && is_consonant(w, n - 3) && !is_consonant(w, n - 2) && is_consonant(w, n - 1) && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// Plurals: -sses → -ss, -ies → -i, -ss stays, -s goes.
fn step_1a(w: &mut Vec<u8>) {
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") {
        w.pop();
    }
}

/// -eed, -ed, -ing, then the spelling the ending changed: "hoping" → "hope",
/// "stopped" → "stop", "rated" → "rate".
fn step_1b(w: &mut Vec<u8>) {
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
        return;
    }
    let cut = if w.ends_with(b"ed") {
        2
    } else if w.ends_with(b"ing") {
        3
    } else {
        return;
    };
    if !has_vowel(&w[..w.len() - cut]) {
        return;
    }
    w.truncate(w.len() - cut);
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if double_consonant(w) && !matches!(w.last(), Some(b'l' | b's' | b'z')) {
        w.pop();
    } else if measure(w) == 1 && cvc(w) {
        w.push(b'e');
    }
}

/// A final `y` after a vowel in the stem becomes `i`, as `-ies` did: "factory" → "factori".
fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 2 && w[n - 1] == b'y' && has_vowel(&w[..n - 1]) {
        w[n - 1] = b'i';
    }
}

/// The final `e` ("smuggle" → "smuggl", but "rate" keeps it), and -ll after a long stem.
fn step_5(w: &mut Vec<u8>) {
    if w.last() == Some(&b'e') {
        let m = measure(&w[..w.len() - 1]);
        if m > 1 || (m == 1 && !cvc(&w[..w.len() - 1])) {
            w.pop();
        }
    }
    if measure(w) > 1 && w.ends_with(b"ll") {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_word_share_a_stem() {
        // Each row: forms that must find one another.
        let table: &[&[&str]] = &[
            &["broker", "brokers"],
            &["remittance", "remittances"],
            &["arrest", "arrests", "arrested", "arresting"],
            &["factory", "factories"],
            &["smuggle", "smuggled", "smuggling", "smuggles"],
            &["guard", "guards", "guarded"],
            &["inspect", "inspects", "inspected", "inspecting"],
            &["carry", "carries", "carried"],
            &["stop", "stopped", "stopping", "stops"],
            &["hope", "hoped", "hoping"],
            &["rate", "rates", "rated"],
            &["agree", "agreed"],
            &["flood", "floods", "flooded", "flooding"],
            &["price", "prices"],
            &["drama", "dramas"],
            &["execute", "executed", "executes"],
            &["control", "controlled", "controlling"],
        ];
        for forms in table {
            let stems: Vec<Option<String>> = forms.iter().map(|f| stem(f)).collect();
            assert!(stems[0].is_some(), "{forms:?}");
            assert!(stems.iter().all(|s| *s == stems[0]), "{forms:?} → {stems:?}");
        }
    }

    #[test]
    fn derivations_and_other_words_stay_apart() {
        let table: &[(&str, &str)] = &[
            ("defection", "defector"),
            ("smuggle", "smuggler"),
            ("nation", "national"),
            ("rate", "rat"),
            ("news", "new"),
            ("arms", "arm"),
            ("customs", "custom"),
            ("goods", "good"),
            ("speed", "sped"),
            ("harvest", "harvester"),
        ];
        // One finds the other only when both have a stem, and the same one.
        let finds = |a: &str, b: &str| stem(a).is_some() && stem(a) == stem(b);
        for &(a, b) in table {
            assert!(!finds(a, b) && !finds(b, a), "{a} / {b}");
        }
    }

    #[test]
    fn short_words_names_and_numbers_are_exact() {
        for word in ["bus", "tie", "20x10", "kcna2", "양강도", "hyesan\u{2019}s", "news", "arms", ""] {
            assert_eq!(stem(word), None, "{word}");
        }
    }

    #[test]
    fn every_form_starts_with_the_prefix_listed() {
        for forms in [&["factory", "factories"][..], &["hope", "hoping", "hoped"], &["smuggle", "smuggling"], &["rate", "rating"]] {
            let s = stem(forms[0]).unwrap_or_default();
            for f in forms {
                assert!(f.starts_with(forms_prefix(&s)), "{f} does not start with {}", forms_prefix(&s));
            }
        }
    }
}
