//! Properties of the tagger and highlighter on arbitrary input: no panics,
//! offsets on char boundaries and in bounds, mentions sorted and disjoint,
//! highlight segments rebuilding the text exactly.

use proptest::prelude::*;
use tumen_core::highlight::segments;
use tumen_core::normalize::{fold, fold_with_map, original_span};
use tumen_core::tagger::Tagger;

/// Text mixing gazetteer words, Hangul, emoji, apostrophes, dashes and control chars.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Hyesan".to_string()),
        Just("Hyesan's".to_string()),
        Just("P'yŏngyang".to_string()),
        Just("North and South Hamgyong".to_string()),
        Just("양강도에서".to_string()),
        Just("혜산시의".to_string()),
        Just("Kangwon".to_string()),
        Just("Chuncheon".to_string()),
        Just("smuggl".to_string()),
        Just("’s".to_string()),
        Just("—".to_string()),
        Just("🙂".to_string()),
        Just("\u{0}\u{7}\r\n\t".to_string()),
        Just("e\u{301}".to_string()),
        Just("ﬁ".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.join(" "))
}

fn check(text: &str) {
    let tags = Tagger::builtin().tag_text(text);
    let mut last = 0;
    for m in &tags.mentions {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?} in {text:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert!(m.start >= last, "sorted and disjoint: {:?}", tags.mentions);
        last = m.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tagger_never_panics_and_offsets_are_sound(text in texty()) {
        check(&text);
    }

    #[test]
    fn tagger_on_any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn fold_map_is_sound(text in texty()) {
        let (folded, map) = fold_with_map(&text);
        prop_assert_eq!(&folded, &fold(&text));
        prop_assert_eq!(map.len(), folded.len() + 1);
        prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
        for (a, b) in [(0, folded.len()), (folded.len() / 3, folded.len() / 2)] {
            let (s, e) = original_span(&text, &map, a, b);
            prop_assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
        }
    }

    #[test]
    fn segments_cover_text_exactly(
        text in texty(),
        ranges in proptest::collection::vec((0usize..400, 0usize..400), 0..8),
        raw_mentions in proptest::collection::vec((0usize..400, 0usize..400), 0..6),
    ) {
        let mut mentions = Tagger::builtin().mentions(&text);
        for (a, b) in raw_mentions {
            mentions.push(tumen_core::tags::Mention { start: a, end: b, id: "x".into(), kind: tumen_core::tags::EntityKind::Place, province: None });
        }
        let segs = segments(&text, &mentions, &ranges);
        let mut pos = 0;
        let mut rebuilt = String::new();
        for s in &segs {
            prop_assert_eq!(s.start, pos);
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(s.mention.is_none_or(|i| i < mentions.len()));
            rebuilt.push_str(&text[s.start..s.end]);
            pos = s.end;
        }
        prop_assert_eq!(rebuilt, text);
    }
}

#[test]
fn one_megabyte_text() {
    let unit = "Smugglers in Hyesan's market 혜산시의 장마당 🙂 P'yŏngyang—Sinuiju\u{0} North and South Hamgyong. ";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    assert!(text.len() >= 1_000_000);
    check(&text);
    let tags = Tagger::builtin().tag_text(&text);
    assert!(tags.provinces.contains(&"ryanggang".to_string()));
    assert!(tags.topics.iter().any(|t| t.id == "smuggling" && t.evidence.len() <= tumen_core::tagger::MAX_EVIDENCE));
}

/// Native throughput on the sample corpus, repeated to ~20 MB of text.
/// `cargo test --release -p tumen-core --test tagger_props -- --ignored --nocapture throughput`
#[test]
#[ignore]
fn throughput() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample-corpus/articles.jsonl");
    let Ok(raw) = std::fs::read_to_string(path) else {
        eprintln!("no sample corpus at {path}");
        return;
    };
    // Prose only: every string value of every JSON line.
    let mut texts: Vec<String> = Vec::new();
    for line in raw.lines() {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line) {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("title" | "summary" | "caption", serde_json::Value::String(s)) => texts.push(s),
                    ("body", serde_json::Value::Array(blocks)) => {
                        texts.extend(blocks.into_iter().filter_map(|b| b.as_str().map(str::to_string)))
                    }
                    _ => {}
                }
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    assert!(bytes > 0);
    let tagger = Tagger::builtin();
    let reps = (20_000_000 / bytes).max(1);
    let start = std::time::Instant::now();
    let mut mentions = 0usize;
    for _ in 0..reps {
        for t in &texts {
            mentions += tagger.tag_text(t).mentions.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * reps) as f64 / 1e6;
    println!("tagger throughput: {:.1} MB/s ({mb:.1} MB in {secs:.2}s, {} texts x {reps}, {mentions} mentions)", mb / secs, texts.len());
}

/// The compact (start-up) and DFA (throughput) taggers must agree exactly.
#[test]
fn compact_and_dfa_taggers_agree_on_the_sample_corpus() {
    let jsonl = include_str!("../../../data/sample-corpus/articles.jsonl");
    let loaded = tumen_core::ingest::parse_json_lines("articles.jsonl", jsonl);
    assert!(loaded.articles.len() > 50 && loaded.problems.is_empty());
    let dfa = tumen_core::tagger::Tagger::builtin();
    let compact = tumen_core::tagger::Tagger::builtin_compact();
    for article in &loaded.articles {
        assert_eq!(dfa.tag_article(article), compact.tag_article(article), "{}", article.id);
        for (_, text) in article.fields() {
            assert_eq!(dfa.mentions(text), compact.mentions(text));
        }
    }
}
