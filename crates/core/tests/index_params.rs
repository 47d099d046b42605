//! Property tests for the URL form of a query and for the search-text parser.

use proptest::prelude::*;
use tumen_core::index::{parse_text, Index, MarkFilter, Query, Sort, MAX_QUERY_TOKENS};
use tumen_core::model::{Article, Date};
use tumen_core::tags::{ArticleTags, EntityKind};

fn value() -> impl Strategy<Value = String> {
    // Ids and source names: anything non-empty, including spaces, commas, '&', '=', '%', Hangul.
    proptest::string::string_regex("[a-zA-Z0-9 ,&=%+?#/양강도é-]{1,12}").unwrap()
}

fn unique(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in list {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn date() -> impl Strategy<Value = Option<Date>> {
    proptest::option::of((1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date { year: y, month: m, day: d }))
}

fn query() -> impl Strategy<Value = Query> {
    (
        ".{0,40}",
        proptest::collection::vec(value(), 0..4),
        proptest::collection::vec(value(), 0..4),
        proptest::collection::vec(value(), 0..3),
        proptest::collection::vec(0usize..6, 0..4),
        proptest::collection::vec(value(), 0..3),
        (date(), date(), any::<bool>(), 0usize..3, proptest::option::of(value()), proptest::collection::vec(0usize..3, 0..3), any::<bool>()),
    )
        .prop_map(|(text, provinces, topics, sources, kinds, entities, (date_from, date_to, undated, sort, article, mark_ids, duplicates))| {
            let mut marks: Vec<MarkFilter> = Vec::new();
            for i in mark_ids {
                if !marks.contains(&MarkFilter::ALL[i]) {
                    marks.push(MarkFilter::ALL[i]);
                }
            }
            let mut k: Vec<EntityKind> = Vec::new();
            for i in kinds {
                if !k.contains(&EntityKind::ALL[i]) {
                    k.push(EntityKind::ALL[i]);
                }
            }
            Query {
                text,
                provinces: unique(provinces),
                topics: unique(topics),
                sources: unique(sources),
                kinds: k,
                entities: unique(entities),
                date_from,
                date_to,
                undated,
                sort: Sort::ALL[sort],
                marks,
                duplicates,
                article,
            }
        })
}

fn tiny_index() -> Index {
    let a = Article {
        id: "a".into(),
        title: "Smuggling in Hyesan, Ryanggang".into(),
        date: Date::parse_iso("2024-01-02"),
        source: "S".into(),
        url: None,
        source_tags: vec![],
        caption: None,
        summary: Some("state smuggling of copper".into()),
        body: vec![],
    };
    Index::build(&[a], &[ArticleTags::default()])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn params_round_trip(q in query()) {
        prop_assert_eq!(Query::from_params(&q.to_params()), q.clone());
        prop_assert_eq!(Query::from_query_string(&q.to_query_string()), q);
    }

    #[test]
    fn to_params_is_stable(q in query()) {
        let once = Query::from_params(&q.to_params()).to_params();
        prop_assert_eq!(once, q.to_params());
    }

    #[test]
    fn from_params_never_panics(pairs in proptest::collection::vec(
        (prop_oneof![Just("q".to_string()), Just("province".to_string()), Just("from".to_string()),
                     Just("to".to_string()), Just("kind".to_string()), Just("sort".to_string()),
                     Just("undated".to_string()), Just("article".to_string()), ".{0,8}"],
         ".{0,16}"), 0..12)) {
        let q = Query::from_params(&pairs);
        // Whatever came in, the result re-reads to itself.
        prop_assert_eq!(Query::from_params(&q.to_params()), q);
    }

    #[test]
    fn from_query_string_never_panics(s in ".{0,80}") {
        let _ = Query::from_query_string(&s);
    }

    #[test]
    fn parse_text_is_capped(s in ".{0,300}") {
        let clauses = parse_text(&s);
        prop_assert!(clauses.iter().map(|c| c.tokens.len()).sum::<usize>() <= MAX_QUERY_TOKENS);
        prop_assert!(clauses.iter().all(|c| !c.tokens.is_empty()));
    }

    #[test]
    fn filters_keep_the_one_article_exactly_when_it_passes_them(q in query(), text in "[a-z \"\\-*()\\[\\].|양é]{0,60}") {
        let ix = tiny_index();
        // The one article: source "S", dated 2024-01-02, no provinces, topics or entities.
        let day = Date { year: 2024, month: 1, day: 2 };
        let expected = q.provinces.is_empty()
            && q.topics.is_empty()
            && q.kinds.is_empty()
            && q.entities.is_empty()
            && (q.sources.is_empty() || q.sources.iter().any(|s| s == "S"))
            && q.date_from.is_none_or(|f| f <= day)
            && q.date_to.is_none_or(|t| day <= t);
        let r = ix.run(&Query { text: String::new(), ..q.clone() });
        prop_assert_eq!(r.total, usize::from(expected), "{:?}", q);
        prop_assert_eq!(r.docs.clone(), if expected { vec![0] } else { vec![] });
        // Any search text: no panic, and answers that hold together.
        let r = ix.run(&Query { text, ..q });
        prop_assert_eq!(r.total, r.docs.len());
        prop_assert!(r.docs.iter().all(|&d| d == 0));
    }
}

#[test]
fn a_link_with_a_hundred_thousand_values_keeps_the_first_64_of_each() {
    use tumen_core::index::query::MAX_VALUES_PER_PARAM;
    let mut pairs: Vec<(String, String)> = (0..100_000).map(|i| ("entity".to_string(), format!("e{i}"))).collect();
    pairs.push(("province".into(), "ryanggang".into()));
    pairs.push(("province".into(), "ryanggang".into()));
    let q = Query::from_params(&pairs);
    assert_eq!(q.entities.len(), MAX_VALUES_PER_PARAM);
    assert_eq!(q.entities[0], "e0");
    assert_eq!(q.entities[MAX_VALUES_PER_PARAM - 1], format!("e{}", MAX_VALUES_PER_PARAM - 1));
    assert_eq!(q.provinces, vec!["ryanggang".to_string()], "duplicates still collapse");
}
