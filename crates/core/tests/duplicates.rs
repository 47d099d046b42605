//! Copies of one story: grouping is an equivalence whose representative is a member, the
//! earliest dated; a query shows each story once (or every copy when asked), counting stories
//! in the facets and the timeline; groups hold across a bundle's segments, across rebuilds,
//! and between a bundle and the articles a reader adds; on real KCNA text, every word-for-word
//! repeat is found (skipped when `../shared/real-corpus` is absent).

use std::collections::HashMap;

use proptest::prelude::*;
use tumen_core::bundle::library::{Library, Need};
use tumen_core::bundle::write::{compile, Options, Previous};
use tumen_core::bundle::{Manifest, MANIFEST};
use tumen_core::dedup::{group, Fingerprint, Params};
use tumen_core::index::{Index, Query};
use tumen_core::model::{Article, Block, Date};

type Files = HashMap<String, Vec<u8>>;

fn article(id: &str, date: &str, title: &str, body: &[&str]) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        date: Date::parse_iso(date),
        source: format!("Source {}", id.len() % 3),
        url: None,
        source_tags: vec![],
        caption: None,
        summary: None,
        body: body.iter().map(|b| Block::Paragraph(b.to_string())).collect(),
    }
}

/// A story of `sentences` sentences that shares nothing with another story number.
fn story(n: usize, sentences: usize) -> Vec<String> {
    (0..sentences)
        .map(|s| format!("In report {n} the delegation number {n} visited farm {s} of county {n}x{s} and spoke of harvest {s} with workers of brigade {n}{s} near the river."))
        .collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Six stories; story 0 three times (a copy, a lightly edited copy), story 1 twice.
fn corpus() -> Vec<Article> {
    let s0 = story(0, 10);
    let s1 = story(1, 10);
    let mut edited = s0.clone();
    edited[4] = "A changed sentence about something else entirely, said a spokesman for the ministry.".into();
    let mut out = vec![
        article("s0-late", "2024-03-05", "Delegation visits farms", &refs(&s0)),
        article("s0-first", "2024-03-03", "Delegation visits farms", &refs(&s0)),
        article("s0-edit", "2024-03-04", "Delegation visits farms", &refs(&edited)),
        article("s1-a", "2024-04-01", "Another story", &refs(&s1)),
        article("s1-b", "2024-04-01", "Another story", &refs(&s1)),
    ];
    for n in 2..6 {
        out.push(article(&format!("alone-{n}"), &format!("2024-0{n}-10"), &format!("Story {n}"), &refs(&story(n, 10))));
    }
    out
}

fn build(articles: &[Article], previous: Option<&Previous>, opts: &Options) -> (Manifest, Files, usize) {
    let mut files = Files::new();
    let report = compile(articles, &[], previous, opts, &mut files).expect("the corpus compiles");
    files.insert(MANIFEST.to_string(), serde_json::to_vec(&report.manifest).unwrap());
    (report.manifest, files, report.duplicates)
}

fn open(files: &Files) -> Library {
    let manifest = Manifest::parse(MANIFEST, &files[MANIFEST]).unwrap();
    let docs = Library::opening_needs(&manifest).iter().map(|n| files[&manifest.segments[n.segment].path(n.kind, n.number).unwrap()].clone()).collect();
    Library::open(manifest, docs).unwrap()
}

fn fetch(library: &mut Library, files: &Files, needs: Vec<Need>) {
    for need in needs {
        let path = library.path(need).unwrap();
        library.insert(need, &files[&path]).unwrap();
    }
}

fn ids(library: &Library, docs: &[u32]) -> Vec<String> {
    let mut out: Vec<String> = docs.iter().map(|&d| library.card(d).expect("card").id).collect();
    out.sort();
    out
}

#[test]
fn a_bundle_of_several_segments_shows_each_story_once_with_its_copies() {
    // Segments of two articles: the copies of a story land in different segments.
    let opts = Options { max_segment_articles: 2, titles_block: 2, ledes_block: 2, threads: 1, ..Options::default() };
    let articles = corpus();
    let (manifest, files, merged) = build(&articles, None, &opts);
    assert!(manifest.segments.len() >= 4, "{} segments", manifest.segments.len());
    assert_eq!((merged, manifest.duplicates), (3, 3), "s0 has two copies, s1 one");
    let mut library = open(&files);
    let titles = library.missing_titles();
    fetch(&mut library, &files, titles);
    assert_eq!(library.summary().duplicates, 3);

    let all = library.run(&Query::default());
    assert_eq!(all.total, 6, "six stories");
    assert_eq!(all.docs.len(), 6);
    let every = library.run(&Query { duplicates: true, ..Query::default() });
    assert_eq!(every.total, 9, "every copy");
    // Facets and the timeline count stories.
    let sum = |r: &tumen_core::index::Results| r.timeline.iter().map(|&(_, c)| c).sum::<u32>();
    assert_eq!((sum(&all), sum(&every)), (6, 9));
    let sources = |r: &tumen_core::index::Results| r.facets.sources.iter().map(|v| v.count).sum::<u32>();
    assert_eq!((sources(&all), sources(&every)), (6, 9));

    // The card of story 0 names its two other copies, the earliest first.
    let first = library.find("s0-first").unwrap().unwrap();
    let shown = *all.docs.iter().find(|&&d| library.index().representative(d) == first).expect("story 0 is shown");
    let card = library.card(shown).unwrap();
    let copy_ids: Vec<&str> = card.copies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(card.copies.len(), 2, "{copy_ids:?}");
    assert_eq!(all.copies[&shown].len(), 2);
    let mut expected = vec!["s0-first", "s0-late", "s0-edit"];
    expected.retain(|id| *id != card.id);
    let mut got = copy_ids.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert!(card.copies.iter().all(|c| c.date.is_some() && !c.source.is_empty()));
    // The list shows the best-ranked copy that matches (newest first: the latest); the
    // representative stays the earliest.
    assert_eq!(card.id, "s0-late");
    assert_eq!(library.card(library.index().representative(shown)).unwrap().id, "s0-first");

    // A search that only one copy matches shows that copy.
    let q = Query::text("spokesman");
    loop {
        let needs = library.missing_for_query(&q);
        if needs.is_empty() {
            break;
        }
        fetch(&mut library, &files, needs);
    }
    let edit = library.run(&q);
    assert_eq!(ids(&library, &edit.docs), ["s0-edit"]);
}

#[test]
fn a_new_copy_of_an_article_in_a_kept_segment_rebuilds_that_segment() {
    let opts = Options { titles_block: 2, ledes_block: 2, threads: 1, ..Options::default() };
    let articles = corpus();
    let (manifest, files, _) = build(&articles, None, &opts);
    let previous = Previous::read(manifest.clone(), |p| files.get(p).cloned().ok_or_else(|| tumen_core::bundle::BundleError::Io { file: p.into(), message: "missing".into() })).unwrap();
    // A copy of a story that had none, far later, under another address.
    let mut more = articles.clone();
    let mut copy = articles.iter().find(|a| a.id == "alone-3").unwrap().clone();
    copy.id = "alone-3-again".into();
    more.push(copy);
    let (after, written, merged) = build(&more, Some(&previous), &opts);
    assert_eq!(merged, 4);
    let mut all = files.clone();
    all.extend(written);
    let library = open(&all);
    assert_eq!(library.summary().duplicates, 4, "the old segment learned its article has a copy");
    assert_eq!(library.run(&Query::default()).total, 6);
    assert!(after.segments.iter().all(|s| !manifest.segments.contains(s)) || after.segments.len() > 1);
}

#[test]
fn added_articles_group_with_bundle_articles_they_repeat_and_with_each_other() {
    let opts = Options { titles_block: 3, ledes_block: 3, threads: 1, ..Options::default() };
    let articles = corpus();
    let (_, files, _) = build(&articles, None, &opts);
    let mut library = open(&files);
    let titles = library.missing_titles();
    fetch(&mut library, &files, titles);
    let mut copy_of_bundle = articles.iter().find(|a| a.id == "alone-4").unwrap().clone();
    copy_of_bundle.id = "mine-1".into();
    // Lightly edited copy of a bundle article: its text is not in memory, so not grouped.
    let mut edit_of_bundle = articles.iter().find(|a| a.id == "alone-5").unwrap().clone();
    edit_of_bundle.id = "mine-2".into();
    if let Some(Block::Paragraph(p)) = edit_of_bundle.body.get_mut(3) {
        *p = "A sentence the reader's copy has instead.".into();
    }
    let s9 = story(9, 10);
    let mine = article("mine-3", "2024-09-01", "Reader's own", &refs(&s9));
    let mut mine_trimmed = mine.clone();
    mine_trimmed.id = "mine-4".into();
    mine_trimmed.body.truncate(8);
    let library = library.with_added(vec![copy_of_bundle, edit_of_bundle, mine, mine_trimmed], vec![]);
    let summary = library.summary();
    assert_eq!(summary.added, 4);
    assert_eq!((summary.duplicates, summary.added_duplicates), (3 + 1 + 1, 2));
    let r = library.run(&Query::default());
    assert_eq!(r.total, 6 + 2, "two new stories: the reader's own and the edited bundle article");
    let mine1 = library.find("mine-1").unwrap().unwrap();
    let alone4 = library.find("alone-4").unwrap().unwrap();
    assert_eq!(library.index().representative(mine1), library.index().representative(alone4));
}

#[test]
fn an_index_built_in_memory_groups_the_same_way() {
    let articles = corpus();
    let index = Index::build(&articles, &[]);
    assert_eq!(index.duplicates(), 3);
    let r = index.run(&Query::default());
    assert_eq!(r.total, 6);
    let first = articles.iter().position(|a| a.id == "s0-first").unwrap() as u32;
    let late = articles.iter().position(|a| a.id == "s0-late").unwrap() as u32;
    assert_eq!(index.representative(late), first);
    assert_eq!(index.copies_of(first).len(), 2);
    let library = Library::from_articles(articles, vec![]);
    assert_eq!(library.summary().duplicates, 3);
    assert_eq!(library.summary().added_duplicates, 0);
}

// ---------------------------------------------------------------------------
// Properties

fn text_strategy() -> impl Strategy<Value = Vec<String>> {
    // Few words, so copies and near copies happen often.
    let word = prop::sample::select(vec!["rice", "farm", "border", "guards", "market", "hyesan", "양강도", "혜산시에서", "price", "report", "--", "(KCNA)", "Pyongyang,"]);
    prop::collection::vec(prop::collection::vec(word, 0..30).prop_map(|w| w.join(" ")), 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn grouping_is_an_equivalence_whose_representative_is_its_earliest_member(
        texts in prop::collection::vec(text_strategy(), 1..24),
        picks in prop::collection::vec((0usize..24, prop::option::of(0u8..40)), 1..40),
        near in any::<bool>(),
    ) {
        // Items: texts picked (repeats make exact copies), each with a date or none.
        let items: Vec<(Vec<String>, Option<Date>)> = picks
            .iter()
            .map(|&(t, d)| (texts[t % texts.len()].clone(), d.and_then(|d| Date::parse_iso(&format!("2024-01-{:02}", d % 28 + 1)))))
            .collect();
        let fps: Vec<Fingerprint> = items.iter().map(|(t, _)| Fingerprint::of_parts(&refs(t))).collect();
        let dates: Vec<Option<Date>> = items.iter().map(|(_, d)| *d).collect();
        let params = if near { Params { min_shingles: 0, ..Params::default() } } else { Params::exact() };
        let g = group(&fps, &dates, &params);
        let n = items.len() as u32;
        let key = |i: u32| (dates[i as usize].is_none(), dates[i as usize], i);
        for i in 0..n {
            let r = g.rep(i);
            prop_assert!(r < n);
            // The representative is a member of its own group: a fixed point.
            prop_assert_eq!(g.rep(r), r);
            // It is the earliest dated member (undated last), then the first.
            for j in 0..n {
                if g.rep(j) == r {
                    prop_assert!(key(r) <= key(j));
                }
            }
            // Exact copies are always in one group.
            for j in 0..n {
                if fps[i as usize].exact == fps[j as usize].exact {
                    prop_assert_eq!(g.rep(i), g.rep(j));
                }
            }
        }
        // Groups partition the items; pairs stay inside groups; counts agree.
        let groups = g.groups();
        let mut seen = vec![false; n as usize];
        for members in &groups {
            for &m in members {
                prop_assert!(!seen[m as usize]);
                seen[m as usize] = true;
                prop_assert_eq!(g.rep(m), g.rep(members[0]));
            }
        }
        for (a, b) in g.pairs() {
            prop_assert_eq!(g.rep(a), g.rep(b));
        }
        prop_assert_eq!(g.merged(), groups.iter().map(|m| m.len() - 1).sum::<usize>());
        prop_assert_eq!(g.group_count() + g.merged(), n as usize);
    }

    #[test]
    fn fingerprints_never_panic(parts in prop::collection::vec(".{0,200}", 0..4)) {
        let fp = Fingerprint::of_parts(&refs(&parts));
        prop_assert!(fp.sketch.is_empty() || fp.sketch.len() == tumen_core::dedup::BINS);
        prop_assert!(fp.similarity(&fp) == 1.0 || fp.shingles == 0);
        let _ = tumen_core::dedup::strip_dateline(parts.first().map_or("", String::as_str));
    }
}

// ---------------------------------------------------------------------------
// Real text

/// `../shared/real-corpus/NAME` beside the workspace, if this machine has it (never bundled).
fn real_corpus(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-corpus").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipped: {} is not on this machine", path.display());
            None
        }
    }
}

#[test]
fn every_word_for_word_repeat_in_real_kcna_text_is_grouped() {
    let Some(text) = real_corpus("kcna_en.jsonl") else { return };
    let loaded = tumen_core::ingest::parse_json_lines("kcna_en.jsonl", &text);
    let articles = loaded.articles;
    assert_eq!(articles.len(), 1728);
    let fps: Vec<Fingerprint> = articles.iter().map(Fingerprint::of).collect();
    let dates: Vec<Option<Date>> = articles.iter().map(|a| a.date).collect();
    // Ground truth: the same body.
    let mut by_body: HashMap<String, u32> = HashMap::new();
    let truth: Vec<u32> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| *by_body.entry(a.body.iter().map(|b| b.text()).collect::<Vec<_>>().join("\n")).or_insert(i as u32))
        .collect();
    let exact = group(&fps, &dates, &Params::exact());
    assert_eq!(exact.merged(), 750, "750 repeats");
    for i in 0..articles.len() as u32 {
        for j in (i + 1)..articles.len() as u32 {
            if truth[i as usize] == truth[j as usize] {
                assert_eq!(exact.rep(i), exact.rep(j), "{} and {}", articles[i as usize].id, articles[j as usize].id);
            }
        }
    }
    // The reader's grouping adds no near-duplicate among KCNA's distinct stories (there is none:
    // see tests/labelled/duplicates.json).
    let near = group(&fps, &dates, &Params::default());
    assert_eq!(near.merged(), 750);
}
