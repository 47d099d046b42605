use super::*;
use crate::model::Block;

const GAZ: &str = r#"{"version": 1,
  "provinces": [{"id": "ryanggang", "name": "Ryanggang", "hangul": "양강도", "kind": "province", "variants": ["Yanggang", "Ryanggang-do"]}],
  "places": [{"id": "hyesan", "name": "Hyesan", "kind": "city", "province": "ryanggang", "variants": ["Hyesan City"]}],
  "regions": [], "foreign_places": [], "organizations": [
    {"id": "wpk", "name": "Workers' Party of Korea", "variants": ["WPK", "Korean Workers' Party"]}],
  "events": [], "ambiguous": []}"#;

const TAX: &str = r#"{"version": 1, "topics": [{"id": "smuggling", "name": "Smuggling", "terms": ["smuggling"]}]}"#;

fn doc(title: &str, body: &str) -> Article {
    Article {
        id: title.into(),
        title: title.into(),
        date: None,
        source: "S".into(),
        url: None,
        source_tags: vec![],
        caption: None,
        summary: None,
        body: vec![Block::Paragraph(body.into())],
    }
}

fn build(docs: &[Article]) -> Index {
    let g = Gazetteer::from_json(GAZ).unwrap();
    let t = Taxonomy::from_json(TAX).unwrap();
    let tags = crate::tagger::Tagger::new(&g, &t).tag_corpus(docs);
    Index::build_with(docs, &tags, &g, &t)
}

fn hits(ix: &Index, text: &str) -> Vec<u32> {
    let mut d = ix.run(&Query::text(text)).docs;
    d.sort();
    d
}

#[test]
fn expansion_single_and_multi_word_spellings() {
    let ix = build(&[
        doc("Ryanggang-do news", ""),
        doc("x", "the workers party of korea met"),
        doc("x", "WPK cadres"),
        doc("x", "korean workers party"),
        doc("x", "workers of korea"),
    ]);
    assert_eq!(hits(&ix, "yanggang "), vec![0]);
    // "WPK" expands to every spelling; multi-word ones through the tagger's entities.
    assert_eq!(hits(&ix, "wpk "), vec![1, 2, 3]);
    // A multi-word spelling typed without quotes is recognised as the entity.
    assert_eq!(hits(&ix, "korean workers party "), vec![1, 2, 3]);
    assert_eq!(hits(&ix, "\"Workers' Party of Korea\""), vec![1, 2, 3]);
    // Words that are not a spelling stay plain AND (the WPK-only article 2 is not found);
    // "korean" is one edit from "korea", so article 3 comes too, after the exact matches.
    assert_eq!(hits(&ix, "workers korea "), vec![1, 3, 4]);
    assert_eq!(ix.run(&Query::text("workers korea ")).docs.last(), Some(&3));
    assert_eq!(hits(&ix, "\"workers\" \"korea\""), vec![1, 4]);
    // A negated entity name excludes its spelling only as written.
    assert_eq!(hits(&ix, "-wpk"), vec![0, 1, 3, 4]);
    // Highlighting lists every spelling, multi-word ones included.
    let r = ix.run(&Query::text("wpk "));
    for t in ["wpk", "korean workers party", "workers party of korea"] {
        assert!(r.matched_terms.contains(&t.to_string()), "{t}: {:?}", r.matched_terms);
    }
    // Without tags only one-word spellings match.
    let g = Gazetteer::from_json(GAZ).unwrap();
    let t = Taxonomy::from_json(TAX).unwrap();
    let bare = Index::build_with(&[doc("x", "korean workers party"), doc("x", "WPK")], &[], &g, &t);
    assert_eq!(hits(&bare, "wpk "), vec![1]);
}

#[test]
fn prefix_expansions_are_capped() {
    // 300 words sharing "abc", 100 of them "abc0…": the most frequent win.
    let docs: Vec<Article> = (0..300).map(|i| doc(&format!("abc{i:03}x"), "common")).collect();
    let ix = build(&docs);
    // One or two letters match only the word itself (none here).
    assert_eq!(ix.run(&Query::text("a")).total, 0);
    assert_eq!(ix.run(&Query::text("ab")).total, 0);
    // Three letters: up to 16 expansions; four or more: up to 48.
    assert_eq!(ix.run(&Query::text("abc")).total, 16);
    assert_eq!(ix.run(&Query::text("abc0")).total, 48);
    assert_eq!(ix.run(&Query::text("abc00")).total, 10);
    assert_eq!(ix.run(&Query::text("common abc00")).total, 10);
    // Ties in frequency go to the first words in byte order, the same on every build.
    let r = ix.run(&Query::text("abc"));
    let mut expected: Vec<u32> = (0..16).collect();
    let mut got = r.docs.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn repeated_words_and_long_tokens() {
    let long = "x".repeat(100);
    let ix = build(&[doc("rice rice rice", &format!("{long} rice")), doc("rice", "")]);
    assert_eq!(hits(&ix, "\"rice rice\""), vec![0]);
    assert_eq!(hits(&ix, &format!("{long} ")), Vec::<u32>::new());
    // The over-long token still takes a position: "rice" after it is not adjacent to the title.
    assert_eq!(ix.run(&Query::text("rice ")).docs[0], 0, "tf 3 in the title ranks first");
}

#[test]
fn relevance_ties_break_newest_first() {
    let mut a = doc("rice", "");
    let mut b = doc("rice", "");
    a.date = Date::parse_iso("2020-01-01");
    b.date = Date::parse_iso("2021-01-01");
    let ix = build(&[a, b, doc("rice", "")]);
    // The same text three times is one story; every copy is asked for to see the ties.
    assert_eq!(ix.run(&Query { duplicates: true, ..Query::text("rice ") }).docs, vec![1, 0, 2]);
    assert_eq!(ix.run(&Query::text("rice ")).docs, vec![1], "collapsed: the best-ranked copy");
}

#[test]
fn heap_bytes_is_reported() {
    let ix = build(&[doc("a b c", "d e f")]);
    assert!(ix.heap_bytes() > 0);
    assert_eq!(ix.len(), 1);
    assert_eq!(ix.term_count(), 6);
}


#[test]
fn misspelt_words_match_within_their_edit_distance_and_rank_last() {
    let ix = build(&[
        doc("Smuggling across the river", "smuggling smuggling"),
        doc("Border news", "a smugling ring in the county"),
        doc("x", "양강도에서 밀수"),
        doc("Ryanggang traders", "rice"),
        doc("x", "rics and rice"),
    ]);
    // One edit from five letters (an insertion, a swap), exact matches first.
    assert_eq!(ix.run(&Query::text("smuggling ")).docs, vec![0, 1]);
    assert_eq!(ix.run(&Query::text("smugling ")).docs, vec![1, 0]);
    // Nine letters allow two edits: a swap away from "smuggling", two from "smugling".
    assert_eq!(ix.run(&Query::text("smugglnig ")).docs, vec![0, 1]);
    // A misspelt place name finds the entity, so the Hangul-only article too.
    assert_eq!(hits(&ix, "ryangang "), vec![2, 3]);
    assert_eq!(hits(&ix, "yangang "), vec![2, 3]);
    // Under five letters, quoted or excluded, a word stays exact.
    assert_eq!(hits(&ix, "rics "), vec![4]);
    assert_eq!(hits(&ix, "\"smugling\""), vec![1]);
    assert_eq!(hits(&ix, "-smugling"), vec![0, 2, 3, 4]);
    // While a word is typed its prefix expansions are not typos, and a typo needs the whole word.
    assert_eq!(hits(&ix, "smugg"), vec![0]);
    // What matched through a typo is highlighted, and said.
    let r = ix.run(&Query::text("smugling "));
    assert!(r.matched_terms.contains(&"smuggling".to_string()));
    assert_eq!(r.corrections, vec![("smugling".to_string(), vec!["smuggling".to_string()])]);
    assert_eq!(ix.run(&Query::text("ryangang ")).corrections, vec![("ryangang".to_string(), vec!["Ryanggang".to_string()])]);
    // A misspelling never finds less than the word spelt right: the correction's other
    // forms come with it, and the correction is said once.
    let forms = build(&[
        doc("Smuggling on the river", "Traders smuggling copper."),
        doc("Two held", "They smuggled copper across."),
        doc("Quiet", "Nothing to report."),
    ]);
    assert_eq!(hits(&forms, "smuggling "), vec![0, 1]);
    assert_eq!(hits(&forms, "smugling "), vec![0, 1]);
    assert_eq!(forms.run(&Query::text("smugling ")).corrections, vec![("smugling".to_string(), vec!["smuggling".to_string()])]);
    // Nothing to say when no result came through a typo.
    assert!(ix.run(&Query::text("smuggling river ")).corrections.is_empty());
}

#[test]
fn korean_words_match_with_particles_and_in_either_spelling() {
    let ix = build(&[
        doc("혜산시의 장마당", "혜산에서 쌀값이 올랐다"),
        doc("로동신문 사설", "조선로동당 중앙위원회"),
        doc("노동신문", "노동자"),
        doc("ＨＹＥＳＡＮ　２０２４", "full-width letters and an ideographic space"),
        doc("x", "떨쳐나선 사람들"),
    ]);
    // A Hangul word finds the words it begins, also when it is not the last word typed.
    assert_eq!(hits(&ix, "혜산 장마당 "), vec![0]);
    assert_eq!(hits(&ix, "혜산 "), vec![0]);
    // North and South spellings are one (initial-sound rule), in the query and in the text.
    assert_eq!(hits(&ix, "노동신문 "), vec![1, 2]);
    assert_eq!(hits(&ix, "로동신문 "), vec![1, 2]);
    // Full-width forms and U+3000 fold to plain ones.
    assert_eq!(hits(&ix, "hyesan 2024 "), vec![3]);
    assert_eq!(hits(&ix, "ＨＹＥＳＡＮ "), vec![3]);
    // A word is not found inside another one.
    assert_eq!(hits(&ix, "나선 "), Vec::<u32>::new());
    // A place's part of a compound of place names finds it; a word inside a verb does not.
    // (This test's gazetteer knows 양강도, so 양강도 is the place part here.)
    let places = build(&[doc("양강도세관 검열 강화", "국경에서"), doc("x", "모두가 떨쳐나선 인민"), doc("y", "검열세관")]);
    assert_eq!(hits(&places, "세관 "), vec![0], "in a compound after a place name, not after any word");
    assert_eq!(hits(&places, "나선 "), Vec::<u32>::new());
    // Inside a compound too, either side's spelling finds the other.
    assert_eq!(hits(&ix, "조선노동당 "), vec![1]);
    assert_eq!(hits(&ix, "조선로동당 "), vec![1]);
}

#[test]
fn when_no_article_has_every_word_the_ones_with_most_of_them_come_back() {
    let ix = build(&[doc("Rice prices in Hyesan", "traders"), doc("Rice harvest", "farms"), doc("Market news", "Hyesan traders")]);
    // No article has all four words; two have three of them ("rice", "hyesan", "traders").
    let r = ix.run(&Query::text("rice hyesan traders tractors "));
    assert_eq!(r.relaxed, Some((3, 4)));
    assert_eq!(r.docs, vec![0]);
    let r = ix.run(&Query::text("rice tractors "));
    assert_eq!(r.relaxed, Some((1, 2)));
    assert_eq!(hits(&ix, "rice tractors "), vec![0, 1]);
    // Every word found somewhere together: plain AND, nothing relaxed.
    let r = ix.run(&Query::text("rice hyesan "));
    assert_eq!((r.relaxed, r.docs.clone()), (None, vec![0]));
    // A word found nowhere at all, alone, still finds nothing.
    assert_eq!(ix.run(&Query::text("tractors ")).total, 0);
    // Excluded words stay excluded.
    assert_eq!(hits(&ix, "rice tractors -harvest "), vec![0]);
}

#[test]
fn an_article_dated_year_one_or_9999_leaves_the_timeline_its_real_span() {
    let dated = |title: &str, date: &str| {
        let mut a = doc(title, "rice");
        a.date = crate::model::Date::parse_iso(date);
        a
    };
    // Distinct titles: the same text twice would be one story.
    let mut docs: Vec<Article> = (0..300).map(|i| dated(&format!("x{i}"), &format!("{}-01-15", 2000 + i % 25))).collect();
    docs.push(dated("ancient", "0001-01-01"));
    docs.push(dated("future", "9999-12-31"));
    let ix = build(&docs);
    let r = ix.run(&Query::default());
    assert!(r.timeline.len() <= 1200, "{} months", r.timeline.len());
    assert_eq!(r.timeline.iter().map(|&(_, c)| c).sum::<u32>(), 300, "the stragglers are left out of the chart");
    // They are still articles: found, counted and filterable.
    assert_eq!(r.total, 302);
    assert_eq!(ix.run(&Query::text("ancient ")).total, 1);
}

#[test]
fn a_province_searched_finds_the_articles_placed_in_it_by_a_city() {
    let ix = build(&[doc("Smugglers in Hyesan", "border guards paid"), doc("Yanggang border guards", "a report"), doc("Rice in Sinuiju", "border")]);
    // The Hyesan report never writes the province's name; it is placed there by its city.
    assert_eq!(ix.run(&Query::text("Yanggang ")).docs, vec![1, 0], "the article naming it first");
    assert_eq!(hits(&ix, "Yanggang border "), vec![0, 1]);
    // An excluded word stays exact (the word, not the province).
    assert_eq!(hits(&ix, "border -Hyesan "), vec![1, 2]);
}

#[test]
fn a_query_within_a_set_counts_only_that_set() {
    let docs = [doc("a", "smuggling in Hyesan"), doc("b", "smuggling again"), doc("c", "rice")];
    let ix = build(&docs);
    let all = ix.run(&Query::text("smuggling"));
    assert_eq!(all.total, 2);
    let within = ix.run_within(&Query::text("smuggling"), Some(&[1, 2, 99]));
    assert_eq!(within.docs, vec![1], "only the allowed document that matches; out-of-range numbers ignored");
    let topic = within.facets.topics.iter().find(|f| f.id == "smuggling").map(|f| f.count);
    assert_eq!(topic, Some(1), "facets count within the set");
    assert_eq!(ix.run_within(&Query::default(), Some(&[])).total, 0);
    assert_eq!(ix.run_within(&Query::default(), None).total, 3);
}

/// Articles with the given date, provinces and topics, tagged by hand.
fn tagged(specs: &[(&str, &[&str], &[&str])]) -> Index {
    let articles: Vec<Article> = specs
        .iter()
        .enumerate()
        .map(|(i, (date, _, _))| Article { date: Date::parse_iso(date), ..doc(&format!("a{i}"), &format!("body{i}")) })
        .collect();
    let tags: Vec<ArticleTags> = specs
        .iter()
        .map(|(_, provinces, topics)| ArticleTags {
            provinces: provinces.iter().map(|p| p.to_string()).collect(),
            entities: vec![],
            topics: topics.iter().map(|t| crate::tags::TopicHit { id: t.to_string(), evidence: vec![] }).collect(),
        })
        .collect();
    Index::build(&articles, &tags)
}

#[test]
fn the_province_topic_matrix_counts_what_filtering_to_the_pair_gives() {
    let ix = tagged(&[
        ("2024-01-05", &["ryanggang"], &["smuggling"]),
        ("2024-01-09", &["ryanggang"], &["smuggling", "markets"]),
        ("2024-02-01", &["ryanggang", "north-hamgyong"], &["markets"]),
        ("2024-03-01", &["north-hamgyong"], &["smuggling"]),
        ("2024-03-02", &[], &["smuggling"]),
        ("2024-03-03", &["pyongyang"], &[]),
    ]);
    let rt = |p: &str, t: &str| (p.to_string(), t.to_string());
    type Cells = Vec<((String, String), u32)>;
    // (query, expected non-zero cells)
    let cases: Vec<(Query, Cells)> = vec![
        (
            Query::default(),
            vec![(rt("ryanggang", "smuggling"), 2), (rt("ryanggang", "markets"), 2), (rt("north-hamgyong", "smuggling"), 1), (rt("north-hamgyong", "markets"), 1)],
        ),
        // The date range narrows the matrix like the list.
        (Query { date_from: Date::parse_iso("2024-02-01"), ..Query::default() }, vec![(rt("ryanggang", "markets"), 1), (rt("north-hamgyong", "smuggling"), 1), (rt("north-hamgyong", "markets"), 1)]),
        // A selected province or topic does not: the matrix says what each pair gives.
        (
            Query { provinces: vec!["north-hamgyong".into()], ..Query::default() },
            vec![(rt("ryanggang", "smuggling"), 2), (rt("ryanggang", "markets"), 2), (rt("north-hamgyong", "smuggling"), 1), (rt("north-hamgyong", "markets"), 1)],
        ),
    ];
    for (q, want) in cases {
        let r = ix.run(&q);
        let got: Vec<((String, String), u32)> = r.province_topics.iter().map(|(p, t, n)| ((p.clone(), t.clone()), *n)).collect();
        let mut sorted_got = got.clone();
        sorted_got.sort();
        let mut sorted_want = want.clone();
        sorted_want.sort();
        assert_eq!(sorted_got, sorted_want, "{q:?}");
        // Every cell is what filtering to exactly that pair gives.
        for ((p, t), n) in &got {
            let pair = Query { provinces: vec![p.clone()], topics: vec![t.clone()], ..q.clone() };
            assert_eq!(ix.run(&pair).total as u32, *n, "{p} × {t} in {q:?}");
        }
    }
    // Rows come in the Province facet's order (Ryanggang before North Hamgyong there).
    let r = ix.run(&Query::default());
    let order: Vec<&str> = r.facets.provinces.iter().map(|v| v.id.as_str()).collect();
    let rows: Vec<usize> = r.province_topics.iter().map(|(p, _, _)| order.iter().position(|o| o == p).unwrap()).collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{:?}", r.province_topics);
}

#[test]
fn the_top_topics_and_provinces_are_counted_per_month_of_the_timeline() {
    let ix = tagged(&[
        ("2024-01-05", &["ryanggang"], &["smuggling"]),
        ("2024-01-09", &["ryanggang"], &["smuggling", "markets"]),
        ("2024-03-01", &["north-hamgyong"], &["smuggling"]),
        ("2024-03-02", &[], &["markets"]),
        ("", &["ryanggang"], &["markets"]),
    ]);
    let r = ix.run(&Query::default());
    assert_eq!(r.timeline.len(), 3, "January to March");
    let series = |list: &[Series]| list.iter().map(|s| (s.id.clone(), s.total, s.months.clone())).collect::<Vec<_>>();
    assert_eq!(series(&r.topic_series), vec![("smuggling".into(), 3, vec![2, 0, 1]), ("markets".into(), 2, vec![1, 0, 1])]);
    assert_eq!(series(&r.province_series), vec![("ryanggang".into(), 2, vec![2, 0, 0]), ("north-hamgyong".into(), 1, vec![0, 0, 1])]);
    // The date range does not narrow them (as it does not narrow the timeline); a facet does.
    let dated = ix.run(&Query { date_to: Date::parse_iso("2024-01-31"), ..Query::default() });
    assert_eq!(dated.topic_series, r.topic_series);
    let in_ryanggang = ix.run(&Query { provinces: vec!["ryanggang".into()], ..Query::default() });
    assert_eq!(series(&in_ryanggang.topic_series), vec![("smuggling".into(), 2, vec![2, 0, 0]), ("markets".into(), 1, vec![1, 0, 0])]);
    // At most TREND_SERIES of each.
    let many: Vec<(&str, &[&str], &[&str])> = vec![
        ("2024-01-01", &["ryanggang", "north-hamgyong", "pyongyang", "chagang", "kangwon"], &["smuggling", "markets", "food", "health", "education"]),
    ];
    let r = tagged(&many).run(&Query::default());
    assert_eq!(r.province_series.len(), TREND_SERIES);
    assert!(r.topic_series.len() <= TREND_SERIES);
}

#[test]
fn a_word_finds_its_other_english_forms_but_stays_exact_when_quoted_or_excluded() {
    let ix = build(&[
        doc("Broker arrested in Onsong", "a remittance broker"),
        doc("Brokers and factories", "smuggled goods"),
        doc("Factory output", "nothing else"),
        doc("News of the day", "new arms"),
    ]);
    // (search, the articles it finds)
    let table: &[(&str, &[u32])] = &[
        ("brokers ", &[0, 1]),
        ("broker ", &[0, 1]),
        ("factories ", &[1, 2]),
        ("factory ", &[1, 2]),
        ("smuggling ", &[1]),
        ("arrests ", &[0]),
        ("remittances broker ", &[0]),
        // Quoted and excluded words stay exact.
        ("\"brokers\"", &[1]),
        ("-brokers ", &[0, 2, 3]),
        // Plurals that are words of their own, and short words, are only themselves.
        ("new ", &[3]),
        ("arm ", &[]),
        ("good ", &[]),
    ];
    for (text, want) in table {
        assert_eq!(hits(&ix, text), want.to_vec(), "{text:?}");
    }
    // Another form is not a misspelling: nothing to correct, and no typo ranking.
    let r = ix.run(&Query::text("broker "));
    assert!(r.corrections.is_empty(), "{:?}", r.corrections);
    assert!(r.matched_terms.contains(&"brokers".to_string()));
}

#[test]
fn the_forms_of_one_word_count_once_toward_the_score() {
    // The second article names the launch in its title, once; the first mentions the word in
    // passing, in three forms. Scored apart, the forms added up to more than the title.
    let ix = build(&[
        doc("Rocket engine test", "near the satellite launch pad, after launches, before launching"),
        doc("Satellite launch", "a satellite went up"),
        doc("x", "launched"),
        doc("y", "launch"),
    ]);
    assert_eq!(ix.run(&Query::text("satellite launch ")).docs, vec![1, 0]);
}

#[test]
fn a_short_list_goes_on_with_the_articles_that_lack_one_word() {
    let mut dated = doc("COVID lockdown in Hyesan", "the city was sealed");
    dated.date = crate::model::Date::parse_iso("2020-11-02");
    let ix = build(&[
        dated,
        doc("Kaesong locked down", "a defector suspected of carrying COVID-19"),
        doc("Lockdown lifted", "trains run again"),
        doc("Rice prices", "nothing about it"),
        doc("Kaesong COVID checks", "and a lockdown of the port"),
        doc("COVID in the army", "rations smuggled"),
    ]);
    let r = ix.run(&Query::text("COVID lockdown "));
    // The list itself, its count, facets and timeline: the articles with every word.
    assert_eq!((hits(&ix, "COVID lockdown "), r.total, r.relaxed), (vec![0, 4], 2, None));
    // After them, the articles with one word of the two, best first; never one listed already.
    assert_eq!(r.near, vec![2, 5, 1], "a word in the title first");
    // (search, near matches in order)
    let table: &[(&str, &[u32])] = &[
        // Excluded words, and the filters, still apply.
        ("COVID lockdown -army ", &[2, 1]),
        // Lacking one word and having another only through a typo is too far: "Lockdown lifted"
        // matches "lockdwn" as a misspelling and lacks "COVID", so it is not listed.
        ("COVID lockdwn ", &[5, 1]),
        // A single word has nothing to lack; a word found nowhere leaves the rest to `relaxed`.
        ("lockdown ", &[]),
        ("COVID tractors ", &[]),
        // Enough articles with every word: nothing more.
        ("rice ", &[]),
    ];
    for (text, want) in table {
        assert_eq!(ix.run(&Query::text(*text)).near, want.to_vec(), "{text:?}");
    }
    // Sorted by date, the list is only the articles with every word.
    assert!(ix.run(&Query { sort: Sort::Newest, ..Query::text("COVID lockdown ") }).near.is_empty());
    // Dates apply: with undated articles left out, only dated ones could follow, and none lacks one word.
    let dated_only = Query { date_from: crate::model::Date::parse_iso("2020-01-01"), undated: false, ..Query::text("COVID lockdown ") };
    let r = ix.run(&dated_only);
    assert_eq!((r.docs, r.near), (vec![0], Vec::<u32>::new()));
}
