//! Limits on outside input: past each one the reader keeps what is valid and
//! says, in plain words, what it left out (issue 12). One test per limit.

use serde_json::json;
use tumen_core::bundle::library::Library;
use tumen_core::bundle::MAX_PROBLEMS_SHOWN;
use tumen_core::ingest::{ingest_file, parse_json_lines};
use tumen_core::limits::*;
use tumen_core::{parse_corpus, CorpusError, Severity};

fn good(id: &str) -> serde_json::Value {
    json!({"id": id, "title": "Rice prices in Hyesan", "date": "2024-03-01", "source": "Daily NK", "summary": "Rice rose."})
}

fn corpus(articles: Vec<serde_json::Value>) -> String {
    json!({"version": 1, "articles": articles}).to_string()
}

#[test]
fn a_megabyte_title_is_kept_cut_with_a_warning() {
    let mut long = good("long");
    long["title"] = json!("X".repeat(1_048_576));
    let loaded = parse_corpus("c.json", &corpus(vec![long, good("ok")])).unwrap();
    assert_eq!(loaded.articles.len(), 2);
    let title = &loaded.articles.iter().find(|a| a.id == "long").unwrap().title;
    assert_eq!(title.chars().count(), MAX_TITLE_CHARS + 1, "cut, with an ellipsis");
    assert!(title.ends_with('…'));
    let p = loaded.problems.iter().find(|p| p.field == "title").unwrap();
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.message, "is 1048576 characters long; cut to the first 500");
}

#[test]
fn a_long_source_is_cut_and_a_long_id_refused() {
    let mut source = good("s");
    source["source"] = json!("S".repeat(MAX_SOURCE_CHARS + 1));
    let mut id = good("i");
    id["id"] = json!("i".repeat(MAX_ID_CHARS + 1));
    let loaded = parse_corpus("c.json", &corpus(vec![source, id, good("ok")])).unwrap();
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["s", "ok"]);
    assert!(loaded.problems.iter().any(|p| p.field == "source" && p.severity == Severity::Warning));
    let refused = loaded.problems.iter().find(|p| p.field == "id").unwrap();
    assert_eq!(refused.severity, Severity::Error);
    assert_eq!(refused.message, format!("is {} characters long; an id may be at most {MAX_ID_CHARS}", MAX_ID_CHARS + 1));
}

#[test]
fn an_article_over_the_text_limit_is_refused_and_the_rest_kept() {
    let mut huge = good("huge");
    huge["body"] = json!(["word ".repeat(MAX_ARTICLE_TEXT_BYTES / 5 + 10)]);
    let loaded = parse_corpus("c.json", &corpus(vec![huge, good("ok")])).unwrap();
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["ok"]);
    let p = loaded.problems.iter().find(|p| p.article_id.as_deref() == Some("huge")).unwrap();
    assert_eq!(p.severity, Severity::Error);
    assert!(p.message.starts_with("the article's text is 2.0 MB; an article may be at most 2.0 MB"), "{}", p.message);
}

#[test]
fn an_article_with_too_many_paragraphs_is_refused() {
    let mut many = good("many");
    many["body"] = json!(vec!["a"; MAX_BODY_BLOCKS + 1]);
    let mut enough = good("enough");
    enough["body"] = json!(vec!["a"; MAX_BODY_BLOCKS]);
    let loaded = parse_corpus("c.json", &corpus(vec![many, enough])).unwrap();
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["enough"]);
    assert!(loaded.problems.iter().any(|p| p.article_id.as_deref() == Some("many") && p.message.contains("at most 5000")));
}

#[test]
fn only_fifty_site_tags_are_kept() {
    let mut tagged = good("t");
    tagged["source_tags"] = json!((0..80).map(|i| format!("tag{i}")).collect::<Vec<_>>());
    let loaded = parse_corpus("c.json", &corpus(vec![tagged])).unwrap();
    assert_eq!(loaded.articles[0].source_tags.len(), MAX_SOURCE_TAGS);
    assert!(loaded.problems.iter().any(|p| p.field == "source_tags" && p.message == "has 80 tags; the first 50 are kept"));
}

#[test]
fn deep_nesting_costs_the_article_it_is_in_not_the_file() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut nested = good("nested").to_string();
    nested.insert_str(nested.len() - 1, &format!(r#", "body": {deep}"#));
    let expect = format!("lists or objects are nested too deeply (at most {MAX_FIELD_DEPTH} levels in a field)");
    let loaded = parse_corpus("deep.json", &corpus_text(&[&nested, &good("ok").to_string()])).unwrap();
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["ok"]);
    let p = &loaded.problems[0];
    assert_eq!((p.article_id.as_deref(), p.field.as_str(), p.message.as_str(), p.severity), (Some("nested"), "body", expect.as_str(), Severity::Error));
    // A body as deep as a real one (a list of strings and headings) is fine.
    let mut real = good("real");
    real["body"] = json!(["One.", {"heading": "Two"}, "Three."]);
    assert_eq!(parse_corpus("c.json", &corpus(vec![real])).unwrap().articles.len(), 1);
    // Where nothing is kept (a field the reader does not know), the depth costs nothing.
    let ignored = parse_corpus("junk.json", &format!(r#"{{"version": 1, "junk": {deep}, "articles": [{}]}}"#, good("ok"))).unwrap();
    assert_eq!(ignored.articles.len(), 1);
    // JSON lines read articles the same way.
    let loaded = parse_json_lines("deep.jsonl", &format!("{}\n{nested}\n{{\"junk\": {deep}, \"id\": \"j\", \"title\": \"t\", \"source\": \"s\", \"summary\": \"x\"}}\n", good("ok")));
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["ok", "j"]);
    assert_eq!(loaded.problems[0].message, expect);
    // The file's own structure nested past serde_json's limit is named in plain words.
    match parse_corpus("deep.json", &format!(r#"{{"version": {deep}, "articles": []}}"#)) {
        Err(CorpusError::InvalidJson { file, message, .. }) => {
            assert_eq!(file, "deep.json");
            assert_eq!(message, format!("lists or objects are nested too deeply (at most {MAX_JSON_DEPTH} levels)"));
        }
        other => panic!("expected a nesting error, got {other:?}"),
    }
}

fn corpus_text(articles: &[&str]) -> String {
    format!(r#"{{"version": 1, "articles": [{}]}}"#, articles.join(","))
}

#[test]
fn json_lines_report_problems_in_line_order() {
    let lines = format!("not json\n{}\n{{\"id\": \"x\"}}\n", good("ok"));
    let loaded = parse_json_lines("mixed.jsonl", &lines);
    assert_eq!(loaded.articles.len(), 1);
    let lines_named: Vec<&str> = loaded.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(lines_named.first(), Some(&"(line)"), "line 1's problem comes first: {lines_named:?}");
}

#[test]
fn the_report_lists_at_most_the_limit_and_counts_the_rest() {
    let bad: String = (0..1_000).map(|i| format!("{{\"id\": \"b{i}\"}}\n")).collect();
    let loaded = ingest_file("bad.jsonl", &format!("{}\n{bad}", good("ok"))).unwrap();
    let total = loaded.problems.len();
    assert!(total >= 1_000);
    let library = Library::from_articles(Vec::new(), Vec::new()).with_added(loaded.articles, loaded.problems);
    let summary = library.summary();
    assert_eq!(summary.problems.len(), MAX_PROBLEMS_SHOWN);
    assert_eq!(summary.problems_total, total);
    assert_eq!(summary.articles, 1);
}

#[test]
fn a_title_of_invisible_characters_is_empty() {
    let mut ghost = good("ghost");
    ghost["title"] = json!("\u{200b}\u{feff}\u{2060}\u{200d} \u{202e}");
    let loaded = parse_corpus("c.json", &corpus(vec![ghost, good("ok")])).unwrap();
    assert_eq!(loaded.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["ok"]);
    let p = loaded.problems.iter().find(|p| p.field == "title").unwrap();
    assert_eq!((p.severity, p.message.as_str()), (Severity::Error, "has only invisible characters (zero-width or direction marks)"));
    // A visible title with a zero-width space inside is a title.
    let mut fine = good("fine");
    fine["title"] = json!("Hye\u{200b}san");
    assert_eq!(parse_corpus("c.json", &corpus(vec![fine])).unwrap().articles.len(), 1);
}

#[test]
fn an_empty_file_says_so() {
    for name in ["empty.jsonl", "empty.json"] {
        let said = match ingest_file(name, "\u{feff}\r\n  \n") {
            Ok(loaded) => {
                assert!(loaded.articles.is_empty());
                loaded.problems[0].message.clone()
            }
            Err(e) => e.to_string(),
        };
        assert!(said.contains("the file is empty: it has no articles"), "{name}: {said}");
    }
}

#[test]
fn bytes_that_were_not_utf8_are_read_with_a_warning() {
    // What File.text() gives for Latin-1 "Sinŭiju" and a broken UTF-8 sequence.
    let text = format!("{}\n{}\n", good("a"), json!({"id": "b", "title": "Rice in Sin\u{FFFD}iju", "source": "x", "summary": "\u{FFFD}\u{FFFD}"}));
    let loaded = ingest_file("latin1.jsonl", &text).unwrap();
    assert_eq!(loaded.articles.len(), 2, "the articles are kept");
    let p = &loaded.problems[0];
    assert_eq!((p.file.as_str(), p.field.as_str(), p.severity), ("latin1.jsonl", "(file)", Severity::Warning));
    assert!(p.message.starts_with("3 characters could not be read as UTF-8"), "{}", p.message);
    assert!(ingest_file("clean.jsonl", &good("c").to_string()).unwrap().problems.is_empty());
}
