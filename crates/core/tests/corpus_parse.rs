//! Reading corpus files: every bad-input case gets a typed error or a problem
//! naming the article and field, and the good articles still load.

use tumen_core::{parse_corpus, Block, CorpusError, Date, Severity};

fn corpus(articles: &str) -> String {
    format!(r#"{{"version": 1, "articles": [{articles}]}}"#)
}

const GOOD: &str = r#"{"id": "a1", "title": "Rice prices climb in Hyesan", "date": "2024-03-01", "source": "Daily NK",
  "url": "https://example.org/a1", "source_tags": ["markets"], "summary": "Prices rose."}"#;

#[test]
fn a_minimal_valid_corpus_loads() {
    let loaded = parse_corpus("corpus.json", &corpus(GOOD)).unwrap();
    assert_eq!(loaded.articles.len(), 1);
    assert!(loaded.problems.is_empty());
    let a = &loaded.articles[0];
    assert_eq!(a.date, Some(Date { year: 2024, month: 3, day: 1 }));
    assert_eq!(a.source_tags, vec!["markets"]);
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_input_format() {
    // Windows tools write UTF-8 with a BOM (U+FEFF) at the start of the file.
    let loaded = parse_corpus("corpus.json", &format!("\u{feff}{}", corpus(GOOD))).unwrap();
    assert_eq!(loaded.articles.len(), 1);
    let line = GOOD.replace('\n', " ");
    let lines = tumen_core::ingest::ingest_file("a.jsonl", &format!("\u{feff}{line}\r\n")).unwrap();
    assert_eq!((lines.articles.len(), lines.problems.len()), (1, 0), "{:?}", lines.problems);
    // Only at the start: anywhere else it is still an error.
    assert!(parse_corpus("corpus.json", &format!("{}\u{feff}", corpus(GOOD))).is_err());
}

#[test]
fn invalid_json_reports_line_and_column() {
    let err = parse_corpus("corpus.json", "{\n  \"version\": 1,\n  \"articles\": [ oops ]\n}").unwrap_err();
    match err {
        CorpusError::InvalidJson { line, column, file, .. } => {
            assert_eq!(file, "corpus.json");
            assert_eq!(line, 3);
            assert!(column > 0);
        }
        other => panic!("expected InvalidJson, got {other:?}"),
    }
}

#[test]
fn truncated_file_is_invalid_json() {
    let text = corpus(GOOD);
    let err = parse_corpus("c.json", &text[..text.len() / 2]).unwrap_err();
    assert!(matches!(err, CorpusError::InvalidJson { .. }), "{err:?}");
}

#[test]
fn wrong_version_is_rejected_with_the_version_found() {
    let err = parse_corpus("c.json", r#"{"version": 2, "articles": []}"#).unwrap_err();
    assert_eq!(err, CorpusError::UnsupportedVersion { file: "c.json".into(), found: "2".into(), expected: 1 });
    let err = parse_corpus("c.json", r#"{"version": "1", "articles": []}"#).unwrap_err();
    assert!(matches!(err, CorpusError::UnsupportedVersion { .. }));
}

#[test]
fn structure_errors_are_typed() {
    assert!(matches!(parse_corpus("c.json", "[1, 2]").unwrap_err(), CorpusError::NotACorpus { .. }));
    assert!(matches!(parse_corpus("c.json", "\"text\"").unwrap_err(), CorpusError::NotACorpus { .. }));
    assert!(matches!(parse_corpus("c.json", r#"{"articles": []}"#).unwrap_err(), CorpusError::NotACorpus { .. }));
    assert!(matches!(parse_corpus("c.json", r#"{"version": 1, "articles": {}}"#).unwrap_err(), CorpusError::ArticlesNotAList { .. }));
    assert!(matches!(parse_corpus("c.json", "").unwrap_err(), CorpusError::EmptyFile { .. }));
    assert_eq!(parse_corpus("c.json", "\u{feff}  \n").unwrap_err().to_string(), "c.json: the file is empty: it has no articles");
}

/// Table of bad articles: (article JSON, field named in the problem, rejected?).
#[test]
fn bad_fields_are_named_and_good_articles_still_load() {
    let cases: &[(&str, &str, bool)] = &[
        (r#"{"title": "t", "source": "s", "summary": "x"}"#, "id", true),
        (r#"{"id": "", "title": "t", "source": "s", "summary": "x"}"#, "id", true),
        (r#"{"id": ["x"], "title": "t", "source": "s", "summary": "x"}"#, "id", true),
        (r#"{"id": "b", "source": "s", "summary": "x"}"#, "title", true),
        (r#"{"id": "b", "title": "  ", "source": "s", "summary": "x"}"#, "title", true),
        (r#"{"id": "b", "title": 5, "source": "s", "summary": "x"}"#, "title", true),
        (r#"{"id": "b", "title": "t", "summary": "x"}"#, "source", true),
        (r#"{"id": "b", "title": "t", "source": "s"}"#, "body", true),
        (r#"{"id": "b", "title": "t", "source": "s", "body": 7}"#, "body", true),
        (r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "date": "2024-02-30"}"#, "date", false),
        (r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "date": "March 2024"}"#, "date", false),
        (r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "date": 2024}"#, "date", false),
        (r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "url": "javascript:alert(1)"}"#, "url", false),
        (r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "source_tags": "a,b"}"#, "source_tags", false),
        (r#"{"id": "b", "title": "t", "source": "s", "body": ["ok", 3]}"#, "body[1]", false),
        (r#""just a string""#, "(article)", true),
    ];
    for (bad, field, rejected) in cases {
        let loaded = parse_corpus("c.json", &corpus(&format!("{GOOD}, {bad}"))).unwrap();
        let problem = loaded.problems.iter().find(|p| p.field == *field).unwrap_or_else(|| panic!("no problem on {field} for {bad}: {:?}", loaded.problems));
        assert_eq!(problem.severity == Severity::Error, *rejected, "{bad}");
        assert_eq!(problem.index, 1, "{bad}");
        let expected = if *rejected { 1 } else { 2 };
        assert_eq!(loaded.articles.len(), expected, "{bad}");
        assert_eq!(loaded.articles[0].id, "a1");
    }
}

#[test]
fn a_bad_date_is_dropped_never_invented() {
    let bad = r#"{"id": "b", "title": "t", "source": "s", "summary": "x", "date": "2023-13-01"}"#;
    let loaded = parse_corpus("c.json", &corpus(bad)).unwrap();
    assert_eq!(loaded.articles[0].date, None);
}

#[test]
fn duplicate_ids_are_reported_and_the_first_kept() {
    let dup = GOOD.replace("Rice prices climb in Hyesan", "Second copy");
    let loaded = parse_corpus("c.json", &corpus(&format!("{GOOD}, {dup}"))).unwrap();
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.articles[0].title, "Rice prices climb in Hyesan");
    let p = &loaded.problems[0];
    assert_eq!((p.article_id.as_deref(), p.field.as_str()), (Some("a1"), "id"));
    assert!(p.message.contains("duplicate"));
}

#[test]
fn html_in_text_is_kept_verbatim_as_data() {
    let article = r#"{"id": "x", "title": "<script>alert(1)</script>", "source": "s", "body": ["<img src=x onerror=alert(1)>"]}"#;
    let loaded = parse_corpus("c.json", &corpus(article)).unwrap();
    assert_eq!(loaded.articles[0].title, "<script>alert(1)</script>");
    assert_eq!(loaded.articles[0].body, vec![Block::Paragraph("<img src=x onerror=alert(1)>".into())]);
}

#[test]
fn body_headings_and_unknown_fields() {
    let article = r#"{"id": "x", "title": "t", "source": "s", "tags": {"derived": true}, "body": ["p1", {"heading": "Sub"}, "p2"]}"#;
    let loaded = parse_corpus("c.json", &corpus(article)).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.articles[0].body[1], Block::Heading { heading: "Sub".into() });
}

#[test]
fn problems_read_as_sentences() {
    let loaded = parse_corpus("c.json", &corpus(r#"{"id": "b", "source": "s", "summary": "x"}"#)).unwrap();
    assert_eq!(loaded.problems[0].to_string(), "c.json: article \"b\", field \"title\": is missing (rejected)");
}

#[test]
fn dates_are_checked_strictly() {
    for good in ["2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(Date::parse_iso(good).is_some(), "{good}");
    }
    for bad in ["2023-02-29", "1900-02-29", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "0000-01-01", "2024-00-10", "２０２４-01-01"] {
        assert!(Date::parse_iso(bad).is_none(), "{bad}");
    }
}
