//! The raw-article ingester on the seed document and on JSON lines: the text
//! is kept, the boilerplate dropped, the caption kept apart, the publisher
//! taken as the source, no date invented, and output deterministic.

use tumen_core::ingest::{ingest_file, merge, parse_json_lines, parse_raw_text};
use tumen_core::{Block, Severity};

const SEED: &str = include_str!("fixtures/seed_article.txt");

#[test]
fn the_seed_article_parses_into_the_expected_fields() {
    let loaded = ingest_file("data/seeds/000_b090cfe6db353073.txt", SEED).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let a = &loaded.articles[0];
    // The file's stem and eight hex digits of the text's hash.
    let (stem, hash) = a.id.rsplit_once('-').unwrap();
    assert_eq!(stem, "000_b090cfe6db353073");
    assert!(hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{}", a.id);
    assert_eq!(a.title, "North Korea halts state smuggling ahead of party congress");
    assert_eq!(a.source, "Daily NK");
    assert_eq!(a.date, None, "the seed has no date and none may be invented");
    assert_eq!(a.url, None);
    assert_eq!(a.source_tags, vec!["border", "china", "north korea", "dprk", "defectors", "defections. remittance"]);
    assert_eq!(a.caption.as_deref(), Some("A marker delineating the border between China and North Korea (Wikimedia Commons)"));
    assert!(a.body[0].text().starts_with("North Korean authorities suspended state smuggling"));
    assert_eq!(a.body.iter().filter(|b| b.is_heading()).count(), 1);
    assert!(a.body.contains(&Block::Heading { heading: "Markets brace for shortages as imports dry up".into() }));
    let last = a.body.last().unwrap().text();
    assert!(last.contains("The key is how markets will endure without smuggling"), "{last}");
    assert_eq!(a.body.len(), 10, "nine paragraphs and one sub-heading");
}

#[test]
fn boilerplate_never_reaches_the_text() {
    let raw = parse_raw_text("x.txt", SEED);
    let all: String = raw.body.iter().map(Block::text).collect::<Vec<_>>().join("\n");
    for boilerplate in ["Read in Korean", "A Note to Readers", "Disclaimer", "DOWNTHENEWS", "Publisher", "bridge between North Koreans"] {
        assert!(!all.contains(boilerplate), "{boilerplate} leaked into the body");
    }
    assert!(!raw.caption.unwrap().contains("North Korean authorities"));
    assert!(raw.body.iter().all(|b| !b.text().trim().is_empty()));
}

#[test]
fn counters_and_tag_line_are_not_text() {
    let raw = parse_raw_text("x.txt", SEED);
    assert!(raw.body.iter().all(|b| b.text() != "0" && b.text() != "2"));
    assert!(raw.body.iter().all(|b| !b.text().starts_with("border, china")));
}

#[test]
fn windows_line_endings_and_bom_give_the_same_article() {
    let crlf = format!("\u{feff}{}", SEED.replace('\n', "\r\n"));
    assert_eq!(parse_raw_text("x.txt", &crlf), parse_raw_text("x.txt", SEED));
}

#[test]
fn a_raw_file_without_a_title_is_rejected_by_name() {
    let loaded = ingest_file("empty.txt", "\n\n  \n").unwrap();
    assert!(loaded.articles.is_empty());
    assert!(loaded.problems.iter().any(|p| p.field == "title" && p.severity == Severity::Error));
    assert!(loaded.problems.iter().all(|p| p.file == "empty.txt"));
}

#[test]
fn a_raw_file_without_publisher_names_the_missing_source() {
    let loaded = ingest_file("nopub.txt", "A title\n\nSome paragraph text.\n").unwrap();
    assert!(loaded.problems.iter().any(|p| p.field == "source"), "{:?}", loaded.problems);
}

#[test]
fn json_lines_keep_good_lines_and_name_bad_ones() {
    let text = concat!(
        r#"{"id": "a", "title": "A", "date": null, "source": "S", "url": null, "summary": "x", "source_tags": []}"#, "\n",
        "\n",
        "{not json}\n",
        r#"{"id": "b", "title": "B", "date": "2020-01-02", "source": "S", "url": "https://e.org", "summary": "y", "source_tags": []}"#, "\n",
    );
    let loaded = parse_json_lines("in.jsonl", text);
    assert_eq!(loaded.articles.len(), 2);
    let bad = loaded.problems.iter().find(|p| p.field == "(line)").unwrap();
    assert!(bad.message.contains("line 3"), "{}", bad.message);
}

#[test]
fn unsupported_extensions_are_a_typed_error() {
    assert!(ingest_file("notes.docx", "x").is_err());
}

#[test]
fn merging_is_deterministic_whatever_the_input_order() {
    let seed = ingest_file("seed.txt", SEED).unwrap();
    let lines = parse_json_lines(
        "in.jsonl",
        concat!(
            r#"{"id": "b", "title": "B", "date": "2020-01-02", "source": "S", "summary": "y"}"#, "\n",
            r#"{"id": "a", "title": "A", "date": "2021-05-06", "source": "S", "summary": "x"}"#, "\n",
        ),
    );
    let (one, _) = merge(vec![seed.clone(), lines.clone()]);
    let (two, _) = merge(vec![lines, seed]);
    assert_eq!(one.to_json_pretty(), two.to_json_pretty());
    let ids: Vec<_> = one.articles.iter().map(|a| a.id.as_str()).collect();
    let seed_id = tumen_core::ingest::text_id("seed.txt", SEED);
    assert_eq!(ids, vec!["a", "b", seed_id.as_str()], "newest first, undated last");
}

#[test]
fn duplicates_across_inputs_are_reported() {
    let line = r#"{"id": "a1", "title": "Rice in Hyesan", "source": "Daily NK", "summary": "Prices rose."}"#;
    let first = ingest_file("mine.jsonl", line).unwrap();
    let again = ingest_file("copy.jsonl", line).unwrap();
    let (corpus, problems) = merge(vec![first, again]);
    assert_eq!(corpus.articles.len(), 1);
    // The repeat is named by the file it is in, the one to fix.
    assert!(problems.iter().any(|p| p.field == "id" && p.message.contains("duplicate") && p.file == "copy.jsonl"), "{problems:?}");
}

#[test]
fn collections_merge_apart_and_a_later_collection_does_not_repeat_an_earlier_one() {
    let line = |id: &str, date: &str| format!(r#"{{"id": "{id}", "title": "Rice in Hyesan", "source": "Daily NK", "date": "{date}", "summary": "Prices rose."}}"#);
    let first = ingest_file("a.jsonl", &[line("a1", "2026-01-01"), line("a2", "2026-02-01")].join("\n")).unwrap();
    let second = ingest_file("b.jsonl", &[line("b1", "2026-01-15"), line("a1", "2026-01-01")].join("\n")).unwrap();
    let (groups, problems) = tumen_core::ingest::merge_groups(vec![("c1".into(), vec![first]), ("c2".into(), vec![second])]);
    let ids: Vec<(&str, Vec<&str>)> = groups.iter().map(|(k, a)| (k.as_str(), a.iter().map(|a| a.id.as_str()).collect())).collect();
    assert_eq!(ids, vec![("c1", vec!["a2", "a1"]), ("c2", vec!["b1"])], "each collection newest first, the repeat left out");
    assert!(problems.iter().any(|p| p.field == "id" && p.file == "b.jsonl" && p.article_id.as_deref() == Some("a1")), "{problems:?}");
}

#[test]
fn a_plain_text_file_without_a_source_line_is_still_an_article() {
    // A title line, then text, CRLF line ends and a BOM, as two Korean files a user tried.
    let text = "\u{feff}신년사\r\n\r\n올해에도 인민경제의 모든 부문에서\u{3000}새로운 앙양을 일으키자.\r\n";
    let loaded = tumen_core::ingest::ingest_file("folder/nkny-2019.txt", text).unwrap();
    assert_eq!(loaded.articles.len(), 1, "{:?}", loaded.problems);
    let a = &loaded.articles[0];
    assert_eq!(a.title, "신년사");
    assert_eq!(a.source, "nkny-2019.txt");
    assert_eq!(loaded.rejected(), 0);
    let warning = loaded.problems.iter().find(|p| p.field == "source").expect("a warning about the source");
    assert_eq!(warning.severity, tumen_core::Severity::Warning);
    assert!(warning.message.contains("taken from the file name"), "{}", warning.message);
}
