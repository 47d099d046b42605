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
fn deep_nesting_is_named_in_a_corpus_and_costs_one_line_in_json_lines() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut nested = good("nested").to_string();
    nested.insert_str(nested.len() - 1, &format!(r#", "body": {deep}"#));
    match parse_corpus("deep.json", &format!(r#"{{"version": 1, "articles": [{nested}]}}"#)) {
        Err(CorpusError::InvalidJson { file, message, .. }) => {
            assert_eq!(file, "deep.json");
            assert_eq!(message, format!("lists or objects are nested too deeply (at most {MAX_JSON_DEPTH} levels)"));
        }
        other => panic!("expected a nesting error, got {other:?}"),
    }
    // Where nothing is kept (a field the reader does not know), the depth costs nothing.
    let ignored = parse_corpus("junk.json", &format!(r#"{{"version": 1, "junk": {deep}, "articles": [{}]}}"#, good("ok"))).unwrap();
    assert_eq!(ignored.articles.len(), 1);
    let lines = format!("{}\n{nested}\n", good("ok"));
    let loaded = parse_json_lines("deep.jsonl", &lines);
    assert_eq!(loaded.articles.len(), 1, "the good line is kept");
    assert!(loaded.problems[0].message.starts_with("line 2 is not valid JSON"), "{}", loaded.problems[0].message);
    assert!(loaded.problems[0].message.contains("nested too deeply"));
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
