//! The highlighter with garbage ranges: any mentions and matches (out of range,
//! inside a character, overlapping, reversed) give segments that cover the text
//! exactly. Input: a count byte, then that many 4-byte ranges, then the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::tags::{EntityKind, Mention};

fuzz_target!(|data: &[u8]| {
    let Some((&count, rest)) = data.split_first() else { return };
    let count = (count as usize).min(rest.len() / 4);
    let (ranges, text) = rest.split_at(count * 4);
    let text = tumen_fuzz::text(text);
    let mut mentions = Vec::new();
    let mut matches = Vec::new();
    for (i, r) in ranges.chunks_exact(4).enumerate() {
        let (a, b) = (u16::from_le_bytes([r[0], r[1]]) as usize, u16::from_le_bytes([r[2], r[3]]) as usize);
        if i % 2 == 0 {
            mentions.push(Mention { start: a, end: b, id: "x".into(), kind: EntityKind::Place, province: None });
        } else {
            matches.push((a, b));
        }
    }
    let segs = tumen_core::highlight::segments(&text, &mentions, &matches);
    tumen_fuzz::check_segments(&text, &segs);
    for s in &segs {
        assert!(s.mention.is_none_or(|i| i < mentions.len()));
    }
});
