//! The compiled bundle: built from articles, read back file by file as the
//! browser reads it, it answers every query exactly as an index built in
//! memory from the same articles does; rebuilds reuse what did not change;
//! broken or foreign files are refused in plain words.

use std::collections::HashMap;

use proptest::prelude::*;
use tumen_core::bundle::library::{AddedGroup, Library, Need};
use tumen_core::bundle::write::{compile, Options, Previous};
use tumen_core::bundle::{BundleError, FileKind, Manifest, MANIFEST};
use tumen_core::index::{Index, Query, Sort};
use tumen_core::model::{Article, Block, Date};
use tumen_core::tagger::Tagger;

#[path = "common/articles.rs"]
mod articles;
use articles::article;

type Files = HashMap<String, Vec<u8>>;

/// Tiny files, so a few dozen articles make many shards, blocks and text files.
fn small() -> Options {
    Options { shard_bytes: 256, text_bytes: 2_000, titles_block: 5, ledes_block: 3, threads: 2, ..Options::default() }
}

/// Builds into a fresh folder; returns the manifest and every file written.
fn build(articles: &[Article], previous: Option<&Previous>, opts: &Options) -> (Manifest, Files) {
    let mut files = Files::new();
    let report = compile(articles, &[], previous, opts, &mut files).expect("the corpus compiles");
    files.insert(MANIFEST.to_string(), serde_json::to_vec(&report.manifest).unwrap());
    (report.manifest, files)
}

/// Builds onto the bundle in `folder`, as `tumen build` does in its output folder:
/// returns the manifest, the files written, and the folder afterwards.
fn rebuild(articles: &[Article], folder: &Files, opts: &Options) -> (Manifest, Files, Files) {
    let (manifest, written) = build(articles, Some(&previous(folder)), opts);
    let mut after = folder.clone();
    after.extend(written.clone());
    let live: std::collections::HashSet<String> = manifest.all_files().into_iter().map(|(p, _)| p).collect();
    after.retain(|p, _| p == MANIFEST || live.contains(p));
    (manifest, written, after)
}

fn open(files: &Files) -> Library {
    let manifest = Manifest::parse(MANIFEST, &files[MANIFEST]).unwrap();
    let docs = Library::opening_needs(&manifest).iter().map(|n| files[&manifest.segments[n.segment].path(n.kind, n.number).unwrap()].clone()).collect();
    Library::open(manifest, docs).unwrap()
}

/// Fetches what `needs` asks for, as the browser's worker does; returns how many files.
fn fetch(library: &mut Library, files: &Files, needs: Vec<Need>) -> usize {
    let n = needs.len();
    for need in needs {
        let path = library.path(need).unwrap();
        library.insert(need, &files[&path]).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    n
}

fn run(library: &mut Library, files: &Files, q: &Query) -> tumen_core::index::Results {
    loop {
        let needs = library.missing_for_query(q);
        if needs.is_empty() {
            return library.run(q);
        }
        fetch(library, files, needs);
    }
}

fn previous(files: &Files) -> Previous {
    let manifest = Manifest::parse(MANIFEST, &files[MANIFEST]).unwrap();
    Previous::read(manifest, |p| files.get(p).cloned().ok_or(BundleError::Io { file: p.into(), message: "missing".into() })).unwrap()
}

/// Every article of the library in document order (fetching all titles).
fn ids_in_order(library: &mut Library, files: &Files) -> Vec<String> {
    let needs = library.missing_titles();
    fetch(library, files, needs);
    (0..library.len() as u32).map(|d| library.card(d).unwrap().id).collect()
}

/// The in-memory index over the same articles in the library's order.
fn reference(library: &mut Library, files: &Files, articles: &[Article]) -> Index {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let ordered: Vec<Article> = ids_in_order(library, files).iter().map(|id| by_id[id.as_str()].clone()).collect();
    let tags = Tagger::builtin().tag_corpus(&ordered);
    Index::build(&ordered, &tags)
}

fn sample() -> Vec<Article> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample-corpus/articles.jsonl")).unwrap();
    tumen_core::ingest::parse_json_lines("articles.jsonl", &text).articles
}

#[test]
fn the_sample_corpus_reads_back_as_built() {
    let articles = sample();
    let (manifest, files) = build(&articles, None, &Options::default());
    assert_eq!(manifest.articles, articles.len());
    assert_eq!(manifest.segments.len(), 1);
    assert_eq!(manifest.files, files.len() - 1);
    assert_eq!(manifest.bytes, files.iter().filter(|(p, _)| *p != MANIFEST).map(|(_, b)| b.len() as u64).sum::<u64>());
    // Names carry their content hash.
    for (path, bytes) in &files {
        if path != MANIFEST {
            assert!(path.contains(&tumen_core::bundle::short_hash(bytes)), "{path}");
        }
    }
    let mut library = open(&files);
    // The list, facets and timeline need no other file.
    let all = library.run(&Query::default());
    assert_eq!(all.total, articles.len());
    assert!(all.facets.provinces.iter().any(|p| p.count > 0));
    // A search needs the dictionary, then the shards of its words.
    let q = Query::text("smuggling");
    assert_eq!(library.missing_for_query(&q).iter().map(|n| n.kind).collect::<Vec<_>>(), vec![FileKind::Dict]);
    let r = run(&mut library, &files, &q);
    assert!(r.total > 0);
    assert!(library.missing_for_query(&q).is_empty());
    // Cards need titles (and ledes to fill in); articles need their text file.
    let doc = r.docs[0];
    assert!(library.card(doc).is_none());
    let needs = library.missing_titles_for(&[doc]);
    fetch(&mut library, &files, needs);
    let card = library.card(doc).unwrap();
    assert!(card.lede.is_none());
    let needs = library.missing_ledes_for(&[doc]);
    fetch(&mut library, &files, needs);
    assert!(library.card(doc).unwrap().lede.is_some());
    assert!(library.article(doc).is_none());
    let needs = library.missing_for_article(doc);
    fetch(&mut library, &files, needs);
    let data = library.article(doc).unwrap();
    assert_eq!(data.article.id, card.id);
    let original = articles.iter().find(|a| a.id == card.id).unwrap();
    assert_eq!(&data.article, original);
    // Mentions point at the entity's text in the part they name.
    let parts: Vec<&str> = data.article.fields().map(|(_, t)| t).collect();
    for m in &data.derived.mentions {
        assert!(parts[m.0 as usize].get(m.1 as usize..m.2 as usize).is_some_and(|s| !s.is_empty()));
    }
    assert_eq!(library.find(&card.id), Ok(Some(doc)));
    assert_eq!(library.find("no-such-article").map_err(|_| ()), Ok(None));
}

#[test]
fn an_id_is_known_once_its_titles_file_is_in_without_building_a_card() {
    let articles = sample();
    let (_, files) = build(&articles, None, &small());
    let mut library = open(&files);
    assert_eq!(library.id_of(0), None, "no titles file yet");
    let needs = library.missing_titles();
    fetch(&mut library, &files, needs);
    for d in 0..library.len() as u32 {
        let card = library.card(d).expect("every titles file is in");
        assert_eq!(library.id_of(d), Some(card.id.as_str()));
    }
    assert_eq!(library.id_of(library.len() as u32), None);
    // The reader's own articles too.
    let mine = article("mine-id-of", "A reader's own note on Hyesan", Some("2026-01-02"), "My notes", &["Traders in Hyesan."]);
    let library = library.with_added(vec![mine], vec![]);
    let doc = library.find("mine-id-of").unwrap().unwrap();
    assert_eq!(library.id_of(doc), Some("mine-id-of"));
}

/// Everything a reader sees of a library: the summary, the list, every card, a search.
fn everything(library: &mut Library, files: &Files) -> (tumen_core::bundle::library::Summary, Vec<u32>, Vec<tumen_core::bundle::library::Card>, Vec<u32>) {
    let list = library.run(&Query::default()).docs;
    let cards = (0..library.len() as u32).map(|d| library.card(d).expect("titles are in")).collect();
    let searched = run(library, files, &Query::text("Hyesan rice")).docs;
    (library.summary(), list, cards, searched)
}

/// A bundle opened with every titles file in, as the worker has it before adding the archive.
fn opened_with_titles(files: &Files) -> Library {
    let mut library = open(files);
    let needs = library.missing_titles();
    fetch(&mut library, files, needs);
    library
}

/// `n` of the reader's own reports, ids `mine-{from}` on.
fn mine(n: usize, from: usize) -> Vec<Article> {
    (from..from + n)
        .map(|i| article(&format!("mine-{i}"), &format!("Rice in Hyesan, report {i}"), Some("2026-03-01"), "My notes", &["Rice prices in Hyesan rose again, traders say.", "Border guards in Ryanggang searched the market."]))
        .collect()
}

#[test]
fn adding_the_archive_again_tags_only_what_is_new_and_gives_the_same_library() {
    let articles = sample();
    let (_, files) = build(&articles, None, &small());
    let opened = || opened_with_titles(&files);
    // A copy of a bundle article among them: it groups with it, reused or not.
    let mut copy = articles[3].clone();
    copy.id = "mine-copy".into();
    let mut first = mine(5, 0);
    first.push(copy);
    let fresh = |list: &[Article]| {
        let mut l = opened().with_added(list.to_vec(), vec![]);
        assert_eq!(l.added_tagged(), list.len(), "a fresh library tags everything");
        let seen = everything(&mut l, &files);
        (l, seen)
    };

    let (library, expected) = fresh(&first);
    // The same archive again (as after the first list, once every titles file is in).
    let mut library = library.with_added(first.clone(), vec![]);
    assert_eq!(library.added_tagged(), 0, "nothing new: nothing tagged");
    assert_eq!(everything(&mut library, &files), expected);

    // Three more: three tagged.
    let mut more = first.clone();
    more.extend(mine(3, 100));
    let mut library = library.with_added(more.clone(), vec![]);
    assert_eq!(library.added_tagged(), 3);
    assert_eq!(everything(&mut library, &files), fresh(&more).1);

    // One edited under the same id, one gone: only the edited one is tagged again.
    let mut edited = more.clone();
    edited[1].title = "Rice in Hyesan, corrected".into();
    edited.remove(0);
    let mut library = library.with_added(edited.clone(), vec![]);
    assert_eq!(library.added_tagged(), 1);
    assert_eq!(everything(&mut library, &files), fresh(&edited).1);

    // Nothing added any more, then the first set again.
    let library = library.with_added(Vec::new(), vec![]);
    assert_eq!((library.added_tagged(), library.summary().added), (0, 0));
    let mut library = library.with_added(first.clone(), vec![]);
    assert_eq!(library.added_tagged(), first.len(), "nothing kept from before");
    assert_eq!(everything(&mut library, &files), expected);
}

#[test]
fn a_collection_added_or_switched_off_indexes_no_other() {
    let articles = sample();
    let (_, files) = build(&articles, None, &small());
    let opened = || opened_with_titles(&files);
    let group = |key: &str, articles: &[Article]| AddedGroup { key: key.into(), articles: articles.to_vec() };
    let (a, mut b) = (mine(6, 0), mine(4, 100));
    // The same story in two collections is still grouped as one.
    let mut copy = a[2].clone();
    copy.id = "mine-copy-in-b".into();
    b.push(copy);
    let fresh = |groups: Vec<AddedGroup>| {
        let mut l = opened().with_added_groups(groups, vec![], &[]);
        let seen = everything(&mut l, &files);
        (l, seen)
    };
    let off = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<String>>();

    let library = opened().with_added_groups(vec![group("a", &a)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (a.len(), a.len()));
    // A second collection: only its articles are tagged and indexed.
    let mut library = library.with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (b.len(), b.len()));
    let (_, both) = fresh(vec![group("a", &a), group("b", &b)]);
    assert_eq!(everything(&mut library, &files), both);
    assert_eq!(library.summary().added, a.len() + b.len());
    assert_eq!(library.summary().added_duplicates, 1, "the copy in b is grouped with its story in a");
    // The first switched off: nothing is indexed again.
    let mut library = library.with_added_groups(vec![group("b", &b)], vec![], &off(&["a"]));
    assert_eq!((library.added_tagged(), library.added_indexed()), (0, 0));
    assert_eq!(everything(&mut library, &files), fresh(vec![group("b", &b)]).1);
    assert_eq!(library.summary().added_duplicates, 0);
    assert_eq!(library.summary().added, b.len(), "a switched-off collection's articles are not listed");
    // Back on: its work was kept, so nothing is tagged or indexed.
    let mut library = library.with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (0, 0));
    assert_eq!(everything(&mut library, &files), both);
    // One article more in b: b alone is indexed again, and one article tagged.
    let mut more = b.clone();
    more.extend(mine(1, 200));
    let mut library = library.with_added_groups(vec![group("a", &a), group("b", &more)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (1, more.len()));
    assert_eq!(everything(&mut library, &files), fresh(vec![group("a", &a), group("b", &more)]).1);
    // Deleted (neither given nor switched off): its work goes, and the same articles
    // added again are tagged afresh.
    let library = library.with_added_groups(vec![group("b", &more)], vec![], &[]);
    let mut library = library.with_added_groups(vec![group("a", &a), group("b", &more)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (a.len(), a.len()));
    assert_eq!(everything(&mut library, &files), fresh(vec![group("a", &a), group("b", &more)]).1);
    // Switched off while b changed: back on, a is as it was and b as it is now.
    let library = library.with_added_groups(vec![group("b", &b)], vec![], &off(&["a"]));
    let mut library = library.with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!((library.added_tagged(), library.added_indexed()), (0, 0));
    assert_eq!(everything(&mut library, &files), both);
}

#[test]
fn work_kept_from_a_visit_spares_the_next_one_tagging_and_is_refused_when_it_does_not_fit() {
    let articles = sample();
    let (_, files) = build(&articles, None, &small());
    let opened = || opened_with_titles(&files);
    let group = |key: &str, articles: &[Article]| AddedGroup { key: key.into(), articles: articles.to_vec() };
    let off = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<String>>();
    let (a, b) = (mine(6, 0), mine(4, 100));
    let stamp = tumen_core::bundle::work::stamp();

    // The first visit tags everything and says which groups' work to keep.
    let first = opened().with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!(first.reworked(), ["a", "b"]);
    let (kept_a, kept_b) = (first.work_of("a", &stamp).unwrap(), first.work_of("b", &stamp).unwrap());
    assert_eq!(first.work_of("c", &stamp), None, "no such group");
    let (fresh, mut fresh_seen) = {
        let mut l = opened().with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
        let seen = everything(&mut l, &files);
        (l, seen)
    };
    drop(fresh);

    // The next visit, given that work: nothing tagged, the same library.
    let mut next = opened();
    assert_eq!(next.keep_work("a", &kept_a, &stamp), Ok(a.len()));
    assert_eq!(next.keep_work("b", &kept_b, &stamp), Ok(b.len()));
    let mut next = next.with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!((next.added_tagged(), next.added_indexed()), (0, a.len() + b.len()));
    assert!(next.reworked().is_empty(), "nothing new to keep");
    assert_eq!(everything(&mut next, &files), fresh_seen);

    // One article edited since the work was kept: that one alone is tagged, and its group's
    // work is to be kept again.
    let mut edited = a.clone();
    edited[2].body[0] = Block::Paragraph("Smuggling at the Sinuiju customs house, traders say.".into());
    let mut next = opened();
    next.keep_work("a", &kept_a, &stamp).unwrap();
    let mut next = next.with_added_groups(vec![group("a", &edited)], vec![], &[]);
    assert_eq!(next.added_tagged(), 1);
    assert_eq!(next.reworked(), ["a"]);
    let mut fresh_edited = opened().with_added_groups(vec![group("a", &edited)], vec![], &[]);
    fresh_seen = everything(&mut fresh_edited, &files);
    assert_eq!(everything(&mut next, &files), fresh_seen);

    // A collection switched off at the start keeps its work until it is switched on.
    let mut next = opened();
    next.keep_work("b", &kept_b, &stamp).unwrap();
    let next = next.with_added_groups(vec![group("a", &a)], vec![], &off(&["b"]));
    assert_eq!(next.added_tagged(), a.len());
    let next = next.with_added_groups(vec![group("a", &a), group("b", &b)], vec![], &[]);
    assert_eq!(next.added_tagged(), 0, "b's kept work was waiting for it");

    // Work kept by another build, cut short or damaged is refused whole, and nothing breaks.
    let mut next = opened();
    assert!(next.keep_work("a", &kept_a, &stamp.replace("TWK1/", "TWK1/other-")).is_err());
    assert!(next.keep_work("a", &kept_a[..kept_a.len() - 3], &stamp).is_err());
    assert!(next.keep_work("a", b"not kept work", &stamp).is_err());
    let mut damaged = kept_a.clone();
    let at = damaged.len() - 10;
    damaged[at] ^= 0x55;
    assert!(next.keep_work("a", &damaged, &stamp).is_err(), "one changed byte is refused (checksum)");
    let next = next.with_added_groups(vec![group("a", &a)], vec![], &[]);
    assert_eq!(next.summary().added, a.len());
}

#[test]
fn text_files_are_corpus_files() {
    let articles = sample();
    let (manifest, files) = build(&articles, None, &small());
    let seg = &manifest.segments[0];
    assert!(seg.text.len() > 3, "{} text files", seg.text.len());
    let mut read = Vec::new();
    for k in 0..seg.text.len() {
        let path = seg.path(FileKind::Text, k).unwrap();
        let loaded = tumen_core::parse_corpus(&path, std::str::from_utf8(&files[&path]).unwrap()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        read.extend(loaded.articles);
    }
    let mut expected = articles.clone();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    read.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, expected);
    // Grouped by date: consecutive files never share a date unless one was full.
    let dates: Vec<Vec<Option<Date>>> = (0..seg.text.len())
        .map(|k| {
            let path = seg.path(FileKind::Text, k).unwrap();
            tumen_core::parse_corpus(&path, std::str::from_utf8(&files[&path]).unwrap()).unwrap().articles.iter().map(|a| a.date).collect()
        })
        .collect();
    for w in dates.windows(2) {
        assert!(w[0].last() <= w[1].first() || w[1].first() == Some(&None), "text files are in date order");
    }
}

#[test]
fn a_rebuild_keeps_what_did_not_change() {
    let articles = sample();
    let cut = articles.len() - 4;
    let (first, files) = build(&articles[..cut], None, &Options::default());
    // Add a few articles: the first segment is kept byte for byte, the new ones get their own.
    let (second, written, files2) = rebuild(&articles, &files, &Options::default());
    assert_eq!(second.segments.len(), 2);
    assert_eq!(second.segments[0], first.segments[0]);
    let new_segment: std::collections::HashSet<String> = second.segments[1].all_files().into_iter().map(|(p, _)| p).collect();
    assert!(written.keys().all(|p| p == MANIFEST || new_segment.contains(p)), "{:?}", written.keys());
    let new_bytes: usize = written.values().map(Vec::len).sum();
    let all_bytes: usize = files2.values().map(Vec::len).sum();
    assert!(new_bytes * 5 < all_bytes, "adding 4 articles wrote {new_bytes} of {all_bytes} bytes");
    // The same inputs again: only the manifest is written, and it is the same.
    let (third, written, _) = rebuild(&articles, &files2, &Options::default());
    assert_eq!(third, second);
    assert_eq!(written.len(), 1);
    // Edit one article of the first segment: that segment is rebuilt, the small one too
    // (it now joins the rebuilt one), and every article is still there once.
    let mut edited = articles.clone();
    let victim = edited.iter().position(|a| a.id == previous(&files2).ids[0][0]).unwrap();
    edited[victim].title.push_str(" (corrected)");
    let (fourth, _, files4) = rebuild(&edited, &files2, &Options::default());
    assert!(!fourth.segments.contains(&second.segments[0]));
    assert_eq!(fourth.articles, articles.len());
    let mut library = open(&files4);
    let mut ids = ids_in_order(&mut library, &files4);
    ids.sort();
    let mut want: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    want.sort();
    assert_eq!(ids, want);
    // A removed article disappears.
    let (fifth, _, _) = rebuild(&edited[1..], &files4, &Options::default());
    assert_eq!(fifth.articles, articles.len() - 1);
}

#[test]
fn an_edit_rewrites_few_files() {
    // Many small shards: an edit to one article must leave most of them as they were.
    let opts = Options { shard_bytes: 600, text_bytes: 8_000, ..Options::default() };
    let articles = sample();
    let (before, files) = build(&articles, None, &opts);
    let mut edited = articles.clone();
    edited[10].body.push(Block::Paragraph("A correction: the market reopened on Tuesday.".into()));
    let (after, written, _) = rebuild(&edited, &files, &opts);
    assert_ne!(after.segments, before.segments);
    // Files whose name (content) did not exist before the edit.
    let new: Vec<&String> = written.keys().filter(|p| *p != MANIFEST && !files.contains_key(*p)).collect();
    let postings = after.segments[0].postings.len();
    let new_postings = new.iter().filter(|p| p.starts_with("post-")).count();
    assert!(postings >= 10, "{postings} postings shards");
    assert!(new_postings * 3 <= postings, "{new_postings} of {postings} postings files changed");
    let new_texts = new.iter().filter(|p| p.starts_with("text-")).count();
    assert_eq!(new_texts, 1, "only the text file holding the article changes");
    let all_bytes: usize = files.values().map(Vec::len).sum();
    let new_bytes: usize = new.iter().map(|p| written[*p].len()).sum();
    assert!(new_bytes * 3 < all_bytes, "an edit wrote {new_bytes} of {all_bytes} bytes");
}

#[test]
fn broken_and_foreign_bundles_are_explained() {
    let articles = sample();
    let (manifest, files) = build(&articles, None, &Options::default());
    // Another version.
    let mut other: serde_json::Value = serde_json::from_slice(&files[MANIFEST]).unwrap();
    other["version"] = 99.into();
    let e = Manifest::parse(MANIFEST, &serde_json::to_vec(&other).unwrap()).unwrap_err();
    assert_eq!(e, BundleError::UnsupportedVersion { found: 99, supported: 2 });
    assert!(e.to_string().contains("version 99") && e.to_string().contains("rebuild"));
    // The previous version (docs tables without copy groups) is refused the same way.
    other["version"] = 1.into();
    let e = Manifest::parse(MANIFEST, &serde_json::to_vec(&other).unwrap()).unwrap_err();
    assert_eq!(e, BundleError::UnsupportedVersion { found: 1, supported: 2 });
    // Not a manifest at all, or with a byte-order mark (accepted).
    assert!(matches!(Manifest::parse(MANIFEST, b"{\"version\": 1, \"articles\": []}"), Err(BundleError::NotABundle { .. })));
    assert!(matches!(Manifest::parse(MANIFEST, b"<html>"), Err(BundleError::NotABundle { .. })));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&files[MANIFEST]);
    assert_eq!(Manifest::parse(MANIFEST, &bom).unwrap(), manifest);
    // A manifest whose segment names could escape the folder.
    let mut evil = other.clone();
    evil["version"] = 2.into();
    evil["segments"][0]["id"] = "../..".into();
    assert!(matches!(Manifest::parse(MANIFEST, &serde_json::to_vec(&evil).unwrap()), Err(BundleError::Corrupt { .. })));
    // A damaged or misplaced file is refused and the library stays usable.
    let mut library = open(&files);
    let dict = library.missing_dictionaries()[0];
    let post = Need { segment: 0, kind: FileKind::Postings, number: 0 };
    assert!(library.insert(post, b"TMPO").is_err(), "a shard before its dictionary");
    assert!(library.insert(dict, b"garbage").unwrap_err().to_string().contains("damaged"));
    let titles = Need { segment: 0, kind: FileKind::Titles, number: 0 };
    let ledes_path = library.path(Need { segment: 0, kind: FileKind::Ledes, number: 0 }).unwrap();
    assert!(library.insert(titles, &files[&ledes_path]).is_err());
    let q = Query::text("rice");
    assert!(run(&mut library, &files, &q).total > 0);
}

#[test]
fn oversized_files_are_refused_before_anything_is_written() {
    let mut articles = sample();
    articles[0].body.push(Block::Paragraph("word ".repeat(50_000)));
    let opts = Options { max_file_bytes: 100_000, ..Options::default() };
    let mut files = Files::new();
    let e = compile(&articles, &[], None, &opts, &mut files).unwrap_err();
    let message = e.to_string();
    assert!(matches!(e, BundleError::FileTooLarge { .. }), "{message}");
    assert!(message.contains("MB") && message.contains("limit"), "{message}");
}

#[test]
fn problems_travel_in_the_manifest() {
    let text = "{\"id\": \"ok\", \"title\": \"Fine\", \"source\": \"X\", \"summary\": \"x\"}\n{\"title\": \"no id\"}\n";
    let loaded = tumen_core::ingest::parse_json_lines("mine.jsonl", text);
    let mut files = Files::new();
    let report = compile(&loaded.articles, &loaded.problems, None, &Options::default(), &mut files).unwrap();
    assert_eq!(report.manifest.problems.rejected, 1, "one article rejected, whatever its number of problems");
    assert!(report.manifest.problems.total >= 1);
    assert_eq!(report.manifest.problems.shown[0].file, "mine.jsonl");
    assert!(matches!(compile(&[], &[], None, &Options::default(), &mut files), Err(BundleError::Empty)));
}

// ---- Property: the bundle and the in-memory index agree ----

const WORDS: &[&str] = &[
    "rice", "price", "prices", "market", "markets", "marketing", "smuggling", "smugglers", "smuggle", "border", "guard", "guards",
    "state", "trade", "copper", "hyesan", "yanggang", "ryanggang", "양강도에서", "혜산", "sinuiju", "china", "dandong", "kim",
    "jong", "un", "workers", "party", "korea", "the", "of", "in", "north", "pyongan", "river", "night", "arrested",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), n).prop_map(|w| w.join(" "))
}

fn corpus() -> impl Strategy<Value = Vec<Article>> {
    prop::collection::vec(
        (words(1..5), prop::collection::vec(words(0..12), 0..4), prop::option::of(0u32..60), 0usize..3),
        1..45,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (title, body, day, source))| {
                let date = day.map(|d| format!("2024-{:02}-{:02}", d / 28 + 1, d % 28 + 1));
                let body: Vec<&str> = body.iter().map(String::as_str).collect();
                article(&format!("a{i:03}"), &title, date.as_deref(), ["Daily NK", "KCNA", "RFA"][source], &body)
            })
            .collect()
    })
}

fn query() -> impl Strategy<Value = Query> {
    let text = prop_oneof![
        Just(String::new()),
        words(1..3),
        words(2..4).prop_map(|w| format!("{w} ")),
        prop::sample::select(WORDS).prop_map(|w| w.chars().take(4).collect::<String>()),
        words(2..3).prop_map(|w| format!("\"{w}\"")),
        (words(1..2), prop::sample::select(WORDS)).prop_map(|(a, b)| format!("{a} -{b}")),
    ];
    (
        text,
        prop::sample::subsequence(vec!["ryanggang", "north-pyongan"], 0..2),
        prop::sample::subsequence(vec!["smuggling", "markets-prices", "border-security"], 0..2),
        prop::sample::subsequence(vec!["Daily NK", "KCNA"], 0..2),
        prop::option::of(0u32..60),
        any::<bool>(),
        prop::sample::select(vec![Sort::Relevance, Sort::Newest, Sort::Oldest]),
    )
        .prop_map(|(text, provinces, topics, sources, from, undated, sort)| Query {
            text,
            provinces: provinces.into_iter().map(String::from).collect(),
            topics: topics.into_iter().map(String::from).collect(),
            sources: sources.into_iter().map(String::from).collect(),
            date_from: from.and_then(|d| Date::parse_iso(&format!("2024-{:02}-{:02}", d / 28 + 1, d % 28 + 1))),
            undated,
            sort,
            ..Query::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn bundle_and_memory_agree(articles in corpus(), queries in prop::collection::vec(query(), 1..8), split in 0usize..3) {
        // Sometimes two builds: most articles first, the rest added later (two segments).
        let opts = small();
        let files = if split > 0 && articles.len() > 8 {
            let cut = articles.len() * 7 / 8;
            let (_, first) = build(&articles[..cut], None, &opts);
            rebuild(&articles, &first, &opts).2
        } else {
            build(&articles, None, &opts).1
        };
        let mut library = open(&files);
        let memory = reference(&mut library, &files, &articles);
        for q in &queries {
            let got = run(&mut library, &files, q);
            let want = memory.run(q);
            prop_assert_eq!(&got.docs, &want.docs, "query {:?}", q);
            prop_assert_eq!(got.total, want.total);
            prop_assert_eq!(&got.facets, &want.facets);
            prop_assert_eq!(&got.timeline, &want.timeline);
            prop_assert_eq!(got.undated, want.undated);
            prop_assert_eq!(&got.matched_terms, &want.matched_terms);
        }
    }
}
