//! Property tests: the corpus parser and the raw-text ingester never panic,
//! whatever bytes arrive, and what they accept round-trips.

use proptest::prelude::*;
use tumen_core::ingest::{ingest_file, parse_raw_text};
use tumen_core::{parse_corpus, Corpus};

proptest! {
    #[test]
    fn corpus_parser_never_panics(text in ".{0,400}") {
        let _ = parse_corpus("p.json", &text);
    }

    #[test]
    fn corpus_parser_never_panics_on_jsonish(text in r#"[\{\}\[\]":,0-9a-z \n]{0,300}"#) {
        let _ = parse_corpus("p.json", &text);
        let _ = ingest_file("p.jsonl", &text);
    }

    #[test]
    fn raw_text_ingester_never_panics(text in "(?s).{0,600}") {
        let raw = parse_raw_text("p.txt", &text);
        prop_assert!(raw.body.iter().all(|b| !b.text().is_empty()));
    }

    #[test]
    fn accepted_articles_round_trip(title in "[A-Za-z가-힣 ]{1,40}", body in "[A-Za-z<>&\"' ]{1,80}") {
        prop_assume!(!title.trim().is_empty() && !body.trim().is_empty());
        let json = serde_json::json!({"version": 1, "articles": [
            {"id": "x", "title": title, "source": "S", "body": [body]}
        ]}).to_string();
        let loaded = parse_corpus("p.json", &json).unwrap();
        let again = parse_corpus("p.json", &Corpus::new(loaded.articles.clone()).to_json_pretty()).unwrap();
        prop_assert_eq!(loaded.articles, again.articles);
    }
}
