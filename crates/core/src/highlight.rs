//! Display segments for an article's text: entity mentions and search matches
//! merged into contiguous, non-overlapping pieces that cover the text exactly,
//! so the app can render each piece as plain text, an entity link, a match
//! highlight, or both. Garbage ranges are clamped or skipped, never a panic.

use crate::tags::Mention;

/// One piece of text to render: `text[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Index into the `mentions` slice given to [`segments`], if this piece is part of one.
    pub mention: Option<usize>,
    /// Part of a search match.
    pub is_match: bool,
}

/// Splits `text` into segments at every mention and match boundary.
///
/// Mentions are expected sorted and non-overlapping (as the tagger gives them);
/// if they overlap anyway, the earlier-starting one wins the overlap. Matches
/// may overlap each other and mentions. Ranges past the end are clamped, empty
/// ones ignored, and offsets inside a character are moved to its start.
///
/// ```
/// use tumen_core::highlight::segments;
/// let s = segments("rice in Hyesan", &[], &[(8, 14)]);
/// assert_eq!(s.len(), 2);
/// assert!(s[1].is_match && s[1].start == 8 && s[1].end == 14);
/// ```
pub fn segments(text: &str, mentions: &[Mention], matches: &[(usize, usize)]) -> Vec<Segment> {
    let len = text.len();
    if len == 0 {
        return Vec::new();
    }
    let clamp = |(a, b): (usize, usize)| -> Option<(usize, usize)> {
        let a = floor_boundary(text, a.min(len));
        let b = floor_boundary(text, b.min(len));
        (a < b).then_some((a, b))
    };
    // Mention ranges, made disjoint in input order of start.
    let mut ms: Vec<(usize, usize, usize)> =
        mentions.iter().enumerate().filter_map(|(i, m)| clamp((m.start, m.end)).map(|(a, b)| (a, b, i))).collect();
    ms.sort_by_key(|&(a, b, i)| (a, std::cmp::Reverse(b), i));
    let mut disjoint: Vec<(usize, usize, usize)> = Vec::with_capacity(ms.len());
    for (a, b, i) in ms {
        let a = disjoint.last().map_or(a, |&(_, pe, _)| a.max(pe));
        if a < b {
            disjoint.push((a, b, i));
        }
    }
    // Match ranges, merged into a sorted union.
    let mut mt: Vec<(usize, usize)> = matches.iter().filter_map(|&r| clamp(r)).collect();
    mt.sort_unstable();
    let mut union: Vec<(usize, usize)> = Vec::with_capacity(mt.len());
    for (a, b) in mt {
        match union.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => union.push((a, b)),
        }
    }
    // Every boundary, then one segment per gap, labelled by what covers it.
    let mut cuts: Vec<usize> = Vec::with_capacity(2 + 2 * (disjoint.len() + union.len()));
    cuts.push(0);
    cuts.push(len);
    for &(a, b, _) in &disjoint {
        cuts.push(a);
        cuts.push(b);
    }
    for &(a, b) in &union {
        cuts.push(a);
        cuts.push(b);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let (mut mi, mut ui) = (0usize, 0usize);
    let mut out: Vec<Segment> = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while mi < disjoint.len() && disjoint[mi].1 <= a {
            mi += 1;
        }
        while ui < union.len() && union[ui].1 <= a {
            ui += 1;
        }
        let mention = disjoint.get(mi).filter(|m| m.0 <= a).map(|m| m.2);
        let is_match = union.get(ui).is_some_and(|u| u.0 <= a);
        // Adjacent pieces with the same labels render alike: merge them.
        match out.last_mut() {
            Some(last) if last.mention == mention && last.is_match == is_match => last.end = b,
            _ => out.push(Segment { start: a, end: b, mention, is_match }),
        }
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::EntityKind;

    fn m(start: usize, end: usize) -> Mention {
        Mention { start, end, id: "x".into(), kind: EntityKind::Place, province: None }
    }

    #[test]
    fn merges_mentions_and_matches() {
        let text = "rice in Hyesan today";
        let s = segments(text, &[m(8, 14)], &[(5, 10), (9, 12)]);
        let got: Vec<(&str, Option<usize>, bool)> = s.iter().map(|s| (&text[s.start..s.end], s.mention, s.is_match)).collect();
        assert_eq!(
            got,
            vec![("rice ", None, false), ("in ", None, true), ("Hyes", Some(0), true), ("an", Some(0), false), (" today", None, false)]
        );
        // Nothing to mark: one plain segment.
        let s = segments(text, &[], &[]);
        assert_eq!(s, vec![Segment { start: 0, end: text.len(), mention: None, is_match: false }]);
    }

    #[test]
    fn garbage_is_safe() {
        let text = "혜산 x";
        let s = segments(text, &[m(1, 2), m(0, 100)], &[(2, 1), (usize::MAX, usize::MAX), (1, 4)]);
        let joined: String = s.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(joined, text);
        assert!(segments("", &[m(0, 3)], &[(0, 1)]).is_empty());
    }
}
