//! Integration tests of the search index on a small hand-made corpus.
//! Gazetteer expansion uses the built-in gazetteer (crates/core/data/gazetteer.json:
//! it expects entity `ryanggang` with spellings "Ryanggang", "Yanggang", "양강도").

use tumen_core::index::{Index, Query, Results, Sort};
use tumen_core::model::{Article, Date};
use tumen_core::tags::{ArticleTags, EntityCount, EntityKind, TopicHit};

#[path = "common/articles.rs"]
mod articles;
use articles::article;

fn tags(provinces: &[&str], topics: &[&str], entities: &[(&str, EntityKind)]) -> ArticleTags {
    ArticleTags {
        provinces: provinces.iter().map(|s| s.to_string()).collect(),
        entities: entities.iter().map(|(id, kind)| EntityCount { id: id.to_string(), kind: *kind, count: 1 }).collect(),
        topics: topics.iter().map(|t| TopicHit { id: t.to_string(), evidence: vec![] }).collect(),
    }
}

fn corpus() -> (Vec<Article>, Vec<ArticleTags>) {
    use EntityKind::*;
    let articles = vec![
        article("a0", "State smuggling rises in Hyesan", Some("2024-03-05"), "Daily NK",
            &["Traders in Ryanggang Province say the border is quieter.", "Copper goes across the river at night."]),
        article("a1", "Rice prices in Sinuiju", Some("2024-01-10"), "Asia Press",
            &["Smuggling by the state trading companies continues.", "A source in Yanggang compared prices with Dandong."]),
        article("a2", "Border guards arrested", None, "Daily NK",
            &["양강도 border guards were arrested for taking bribes."]),
        article("a3", "Market report", Some("2023-12-31"), "RFA",
            &["Prices were stable this week in most markets.", "Officials mentioned smuggling only in passing, among many other ordinary words that make this body rather long."]),
        article("a4", "Electricity shortages in Pyongyang", Some("2024-02-29"), "NK News",
            &["Power cuts lasted most of the day in the capital."]),
    ];
    let tags = vec![
        tags(&["ryanggang"], &["smuggling", "border-security"], &[("hyesan", Place), ("ryanggang", Province)]),
        tags(&["north-pyongan"], &["markets-prices", "smuggling"], &[("sinuiju", Place), ("dandong", ForeignPlace), ("ryanggang", Province)]),
        tags(&["ryanggang"], &["border-security", "law-enforcement"], &[("ryanggang", Province)]),
        tags(&[], &["markets-prices"], &[]),
        tags(&["pyongyang"], &["energy"], &[("pyongyang", Province)]),
    ];
    (articles, tags)
}

fn index() -> Index {
    let (a, t) = corpus();
    Index::build(&a, &t)
}

fn set(r: &Results) -> Vec<u32> {
    let mut d = r.docs.clone();
    d.sort();
    d
}

fn count(values: &[tumen_core::index::FacetValue], id: &str) -> Option<u32> {
    values.iter().find(|v| v.id == id).map(|v| v.count)
}

fn q() -> Query {
    Query::default()
}

#[test]
fn empty_query_is_everything_newest_first() {
    let r = index().run(&q());
    assert_eq!(r.total, 5);
    assert_eq!(r.docs, vec![0, 4, 1, 3, 2]);
    assert_eq!(r.undated, 1);
    assert!(r.matched_terms.is_empty());
}

#[test]
fn facets_or_within_and_across() {
    let ix = index();
    let r = ix.run(&Query { provinces: vec!["ryanggang".into()], ..q() });
    assert_eq!(set(&r), vec![0, 2]);
    let r = ix.run(&Query { provinces: vec!["ryanggang".into(), "north-pyongan".into()], ..q() });
    assert_eq!(set(&r), vec![0, 1, 2]);
    let r = ix.run(&Query { provinces: vec!["ryanggang".into(), "north-pyongan".into()], topics: vec!["smuggling".into()], ..q() });
    assert_eq!(set(&r), vec![0, 1]);
    let r = ix.run(&Query { topics: vec!["smuggling".into(), "energy".into()], sources: vec!["Daily NK".into()], ..q() });
    assert_eq!(set(&r), vec![0]);
    let r = ix.run(&Query { kinds: vec![EntityKind::ForeignPlace], ..q() });
    assert_eq!(set(&r), vec![1]);
    let r = ix.run(&Query { entities: vec!["hyesan".into(), "pyongyang".into()], ..q() });
    assert_eq!(set(&r), vec![0, 4]);
    // Unknown values match nothing but stay listed as selected.
    let r = ix.run(&Query { provinces: vec!["atlantis".into()], ..q() });
    assert_eq!(r.total, 0);
    assert!(r.facets.provinces.iter().any(|v| v.id == "atlantis" && v.selected && v.count == 0));
}

#[test]
fn disjunctive_counts_and_zero_values_kept() {
    let ix = index();
    let r = ix.run(&Query { provinces: vec!["ryanggang".into()], topics: vec!["smuggling".into()], ..q() });
    assert_eq!(set(&r), vec![0]);
    let f = &r.facets;
    // Province counts ignore the province selection but apply the topic one.
    assert_eq!(count(&f.provinces, "ryanggang"), Some(1));
    assert_eq!(count(&f.provinces, "north-pyongan"), Some(1));
    assert_eq!(count(&f.provinces, "pyongyang"), Some(0));
    assert_eq!(count(&f.provinces, "jagang"), Some(0));
    assert_eq!(f.provinces.len(), 13, "every province listed");
    assert!(f.provinces.iter().find(|v| v.id == "ryanggang").unwrap().selected);
    // Topic counts ignore the topic selection but apply the province one.
    assert_eq!(count(&f.topics, "smuggling"), Some(1));
    assert_eq!(count(&f.topics, "border-security"), Some(2));
    assert_eq!(count(&f.topics, "law-enforcement"), Some(1));
    assert_eq!(count(&f.topics, "energy"), Some(0));
    assert_eq!(f.topics.len(), 22, "every topic listed");
    // Unselected facets count over the results.
    assert_eq!(count(&f.sources, "Daily NK"), Some(1));
    assert_eq!(count(&f.sources, "RFA"), Some(0));
    assert_eq!(f.sources.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["Asia Press", "Daily NK", "NK News", "RFA"]);
    assert_eq!(f.kinds.len(), 6);
    assert_eq!(count(&f.kinds, "place"), Some(1));
    assert_eq!(count(&f.kinds, "foreign-place"), Some(0));
    // Entities: top of the results.
    let ids: Vec<&str> = f.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["hyesan", "ryanggang"]);
    let r = ix.run(&Query { entities: vec!["dandong".into()], ..q() });
    assert_eq!(set(&r), vec![1]);
    // Entity counts ignore the entity selection: ryanggang is in 3 articles.
    let e = &r.facets.entities;
    assert_eq!(e[0].id, "ryanggang");
    assert_eq!(e[0].count, 3);
    assert!(e.iter().any(|v| v.id == "dandong" && v.selected && v.kind == Some(EntityKind::ForeignPlace)));
}

#[test]
fn date_range_and_undated() {
    let ix = index();
    let from = Date::parse_iso("2024-01-01");
    let to = Date::parse_iso("2024-02-29");
    let r = ix.run(&Query { date_from: from, date_to: to, ..q() });
    assert_eq!(r.docs, vec![4, 1, 2], "range, newest first, undated last");
    assert_eq!(r.undated, 1);
    let r = ix.run(&Query { date_from: from, date_to: to, undated: false, ..q() });
    assert_eq!(r.docs, vec![4, 1]);
    assert_eq!(r.undated, 0);
    let r = ix.run(&Query { undated: false, ..q() });
    assert_eq!(r.total, 4);
    // Open-ended ranges, and an empty one.
    let r = ix.run(&Query { date_from: Date::parse_iso("2024-03-05"), undated: false, ..q() });
    assert_eq!(r.docs, vec![0]);
    let r = ix.run(&Query { date_to: Date::parse_iso("2023-12-31"), undated: false, ..q() });
    assert_eq!(r.docs, vec![3]);
    let r = ix.run(&Query { date_from: to, date_to: from, undated: false, ..q() });
    assert_eq!(r.total, 0);
    // The timeline ignores the date range but not the other filters.
    let r = ix.run(&Query { date_from: from, date_to: to, sources: vec!["Daily NK".into(), "RFA".into()], ..q() });
    assert_eq!(r.total, 1, "only the undated Daily NK piece is in range");
    let tl = &r.timeline;
    let dec = Date::parse_iso("2023-12-01").unwrap().month_index();
    assert_eq!(tl.first().unwrap().0, dec);
    assert_eq!(tl.len(), 4, "Dec 2023 .. Mar 2024, zeros included");
    assert_eq!(tl.iter().map(|x| x.1).collect::<Vec<_>>(), vec![1, 0, 0, 1]);
}

#[test]
fn sort_orders() {
    let ix = index();
    assert_eq!(ix.run(&Query { sort: Sort::Oldest, ..q() }).docs, vec![3, 1, 4, 0, 2]);
    assert_eq!(ix.run(&Query { sort: Sort::Newest, ..q() }).docs, vec![0, 4, 1, 3, 2]);
    // Relevance without text falls back to newest.
    assert_eq!(ix.run(&Query { sort: Sort::Relevance, ..q() }).docs, vec![0, 4, 1, 3, 2]);
    // Text with an explicit date sort.
    assert_eq!(ix.run(&Query { text: "smuggling ".into(), sort: Sort::Oldest, ..q() }).docs, vec![3, 1, 0]);
}

#[test]
fn bm25_title_beats_body() {
    let ix = index();
    let r = ix.run(&Query::text("smuggling "));
    assert_eq!(set(&r), vec![0, 1, 3]);
    assert_eq!(r.docs[0], 0, "title hit first: {:?}", r.docs);
    assert_eq!(*r.docs.last().unwrap(), 3, "long body, one mention: last");
    assert!(r.matched_terms.contains(&"smuggling".to_string()));
}

#[test]
fn prefix_on_last_word() {
    let ix = index();
    let r = ix.run(&Query::text("smugg"));
    assert_eq!(set(&r), vec![0, 1, 3]);
    assert!(r.matched_terms.contains(&"smuggling".to_string()));
    // A finished word (trailing space) is not a prefix.
    assert_eq!(ix.run(&Query::text("smugg ")).total, 0);
    // Only the last word is a prefix: "smugg" before "rice" matches nothing, so no article has
    // both words and the results are those with one of them.
    assert_eq!(ix.run(&Query::text("smugg rice")).relaxed, Some((1, 2)));
    assert_eq!(set(&ix.run(&Query::text("rice smugg"))), vec![1]);
    // Case and diacritics fold.
    assert_eq!(set(&ix.run(&Query::text("SMÜGG"))), vec![0, 1, 3]);
}

#[test]
fn quoted_phrases_must_be_adjacent() {
    let ix = index();
    assert_eq!(set(&ix.run(&Query::text("\"state smuggling\""))), vec![0]);
    assert_eq!(set(&ix.run(&Query::text("\"smuggling by the state\""))), vec![1]);
    assert_eq!(set(&ix.run(&Query::text("state smuggling "))), vec![0, 1]);
    assert_eq!(ix.run(&Query::text("\"smuggling state\"")).total, 0);
    // Phrases do not run across paragraphs.
    assert_eq!(ix.run(&Query::text("\"quieter copper\"")).total, 0);
    // Unclosed quote: phrase to the end.
    assert_eq!(set(&ix.run(&Query::text("\"state smuggling"))), vec![0]);
    let r = ix.run(&Query::text("\"State Smuggling\""));
    assert!(r.matched_terms.contains(&"state smuggling".to_string()));
}

#[test]
fn exclusion() {
    let ix = index();
    assert_eq!(set(&ix.run(&Query::text("smuggling -rice"))), vec![0, 3]);
    assert_eq!(set(&ix.run(&Query::text("-smuggling"))), vec![2, 4]);
    assert_eq!(set(&ix.run(&Query::text("smuggling -\"state smuggling\""))), vec![1, 3]);
    // Excluding an unknown word excludes nothing.
    assert_eq!(ix.run(&Query::text("-zzzz")).total, 5);
    // Exclusion only: no relevance, newest order.
    assert_eq!(ix.run(&Query::text("-smuggling")).docs, vec![4, 2]);
}

#[test]
fn gazetteer_expansion_yanggang_ryanggang_hangul() {
    // Needs the real gazetteer: `ryanggang` spelled "Ryanggang", "Yanggang", "양강도".
    let ix = index();
    for text in ["Yanggang ", "ryanggang ", "양강도 ", "Yanggang", "YANGGANG province"] {
        let r = ix.run(&Query::text(text));
        let want: Vec<u32> = if text.contains("province") { vec![0] } else { vec![0, 1, 2] };
        assert_eq!(set(&r), want, "{text:?}");
    }
    let r = ix.run(&Query::text("yanggang "));
    for t in ["ryanggang", "yanggang", "양강도"] {
        assert!(r.matched_terms.contains(&t.to_string()), "{t} in {:?}", r.matched_terms);
    }
    // Multi-word spellings are matched as a phrase group.
    let r = ix.run(&Query::text("pyongyang "));
    assert_eq!(set(&r), vec![4]);
}

#[test]
fn absurd_and_huge_queries_are_safe() {
    let ix = index();
    let huge = "smuggling ".repeat(1000) + &"x".repeat(10_000);
    let inputs = [
        String::new(),
        " ".into(),
        "!!!???...".into(),
        ".*(a|b)[".into(),
        "\"".into(),
        "\"\"".into(),
        "-".into(),
        "- -- ---".into(),
        "-\"".into(),
        "\u{0}\u{1}\u{feff}".into(),
        "𝔰𝔪𝔲𝔤𝔤𝔩𝔦𝔫𝔤".into(),
        "a".repeat(10_000),
        "é".repeat(5_000),
        "양".repeat(4_000),
        huge,
        "\"a b c d e f g h i j k l m n o p q r s t u v w x y z\"".into(),
    ];
    // How long they take is the benchmark's business (a timed check here failed whenever the
    // machine was busy); here: no panic, and answers that hold together.
    for text in &inputs {
        let r = ix.run(&Query::text(text.clone()));
        let short: String = text.chars().take(20).collect();
        assert_eq!(r.total, r.docs.len(), "{short:?}");
        let mut unique = r.docs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), r.docs.len(), "{short:?}: a document listed twice");
        assert!(r.docs.iter().all(|&d| d < 5), "{short:?}");
        if !text.chars().any(char::is_alphanumeric) {
            assert_eq!(r.total, 5, "{short:?} has no words: every article");
        }
    }
    // Punctuation-only text is no text: everything.
    assert_eq!(ix.run(&Query::text("!!!")).total, 5);
}

#[test]
fn empty_index() {
    let ix = Index::build(&[], &[]);
    let r = ix.run(&Query { text: "smugg".into(), provinces: vec!["jagang".into()], date_from: Date::parse_iso("2024-01-01"), ..q() });
    assert_eq!(r.total, 0);
    assert!(r.timeline.is_empty());
    assert_eq!(r.facets.provinces.len(), 13);
}

#[test]
fn url_params_drive_the_search() {
    let ix = index();
    let query = Query::from_query_string("q=smugg&province=ryanggang&province=north-pyongan&from=2024-01&to=2024-02&undated=0&sort=oldest");
    let r = ix.run(&query);
    assert_eq!(r.docs, vec![1]);
}
