//! Shared pieces of the fuzz targets: the invariants every entry point must keep
//! on any input, and a small index and bundle built once from the bundled sample
//! corpus, so the query and bundle targets run against real data.

use std::collections::HashMap;
use std::sync::OnceLock;

use tumen_core::bundle::library::{AddedGroup, Library};
use tumen_core::bundle::write::{compile, Options};
use tumen_core::bundle::MANIFEST;
use tumen_core::index::Index;
use tumen_core::model::Article;
use tumen_core::tagger::Tagger;
use tumen_core::tags::Mention;

const SAMPLE: &str = include_str!("../../data/sample-corpus/articles.jsonl");

/// The sample corpus's articles (64 real reports, summarised).
pub fn sample_articles() -> &'static [Article] {
    static ARTICLES: OnceLock<Vec<Article>> = OnceLock::new();
    ARTICLES.get_or_init(|| tumen_core::ingest::parse_json_lines("articles.jsonl", SAMPLE).articles)
}

/// The in-memory index of the sample corpus.
pub fn sample_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let articles = sample_articles();
        Index::build(articles, &Tagger::builtin().tag_corpus(articles))
    })
}

/// The sample corpus compiled with tiny files (many shards and blocks), as
/// (path, bytes as stored), sorted by path; the manifest comes first.
pub fn sample_bundle() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let opts = Options { shard_bytes: 512, text_bytes: 4_000, titles_block: 8, ledes_block: 8, threads: 1, ..Options::default() };
        let mut files: HashMap<String, Vec<u8>> = HashMap::new();
        let report = compile(sample_articles(), &[], None, &opts, &mut files).expect("the sample corpus compiles");
        let mut out: Vec<(String, Vec<u8>)> = files.into_iter().collect();
        out.sort();
        out.insert(0, (MANIFEST.to_string(), serde_json::to_vec(&report.manifest).expect("a manifest serialises")));
        out
    })
}

/// Eight sample articles added as one collection (key `k`): the work the worker would keep
/// for them, the stamp it carries, and the unfiltered list of a library built without it.
/// Eight, not 64: a refused input tags them all again, and that is most of an execution.
pub fn sample_work() -> &'static SampleWork {
    static WORK: OnceLock<SampleWork> = OnceLock::new();
    WORK.get_or_init(|| {
        let articles = sample_articles()[..8].to_vec();
        let stamp = tumen_core::bundle::work::stamp();
        let group = AddedGroup { key: "k".into(), articles: articles.clone() };
        let library = Library::from_articles(Vec::new(), Vec::new()).with_added_groups(vec![group], Vec::new(), &[]);
        let bytes = library.work_of("k", &stamp).expect("the group was added");
        let fresh = library.run(&tumen_core::index::Query::default());
        SampleWork { articles, bytes, stamp, fresh }
    })
}

/// See [`sample_work`].
pub struct SampleWork {
    pub articles: Vec<Article>,
    pub bytes: Vec<u8>,
    pub stamp: String,
    pub fresh: tumen_core::index::Results,
}

/// [`sample_bundle`] with its binary files inflated.
pub fn sample_bundle_inflated() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let inflate = |(path, bytes): &(String, Vec<u8>)| {
            let bytes = if path.ends_with(".bin") { tumen_core::bundle::inflate(path, bytes).expect("the sample bundle inflates") } else { bytes.clone() };
            (path.clone(), bytes)
        };
        sample_bundle().iter().map(inflate).collect()
    })
}

/// One damage to a file's bytes, as the `bundle` and `work` targets read it from their input:
/// `kind` 0 overwrites at `at` with `bytes`, 1 cuts there, 2 inserts `bytes` there, 3 replaces
/// the whole file with them (`at` is clamped to the file).
pub fn damage(file: &mut Vec<u8>, kind: u8, at: usize, bytes: &[u8]) {
    let at = at.min(file.len());
    match kind % 4 {
        0 => {
            let end = (at + bytes.len()).min(file.len());
            file[at..end].copy_from_slice(&bytes[..end - at]);
        }
        1 => file.truncate(at),
        2 => drop(file.splice(at..at, bytes.iter().copied())),
        _ => *file = bytes.to_vec(),
    }
}

/// Mentions must lie inside the text, on character boundaries, sorted and disjoint.
pub fn check_mentions(text: &str, mentions: &[Mention]) {
    let mut last_end = 0;
    for m in mentions {
        assert!(m.start < m.end && m.end <= text.len(), "mention {}..{} outside a text of {} bytes", m.start, m.end, text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "mention {}..{} splits a character", m.start, m.end);
        assert!(m.start >= last_end, "mentions overlap or are out of order at {}", m.start);
        last_end = m.end;
    }
}

/// Lossy text from fuzz bytes: invalid UTF-8 becomes U+FFFD, as the browser's `File.text()` does.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Tags an article with the whole article as context and checks every
/// mention against the text it marks (one tagging for facets and highlights).
pub fn check_article(article: &Article) {
    let analysis = Tagger::builtin().analyze_article(article);
    let parts: Vec<&str> = article.fields().map(|(_, t)| t).collect();
    let mut by_part: Vec<Vec<Mention>> = vec![Vec::new(); parts.len()];
    for (part, m) in analysis.mentions {
        assert!(part < parts.len(), "a mention names part {part} of {}", parts.len());
        by_part[part].push(m);
    }
    for (text, mentions) in parts.iter().zip(&by_part) {
        check_mentions(text, mentions);
        // The highlighter covers the text exactly with these mentions.
        let segs = tumen_core::highlight::segments(text, mentions, &[]);
        check_segments(text, &segs);
    }
}

/// Segments cover the text exactly, in order, on character boundaries.
pub fn check_segments(text: &str, segs: &[tumen_core::highlight::Segment]) {
    let mut at = 0;
    for s in segs {
        assert!(s.start == at && s.start < s.end, "segments leave a gap or overlap at {at}");
        assert!(text.is_char_boundary(s.end), "a segment ends inside a character");
        at = s.end;
    }
    assert_eq!(at, text.len(), "segments do not reach the end of the text");
}

/// What `ingest_bytes` gives for any input: every problem names a file and says
/// something; a problem about a whole file does not repeat its name (the report
/// shows the name beside it); every article passes [`check_article`].
pub fn check_ingested(parts: &[tumen_core::Loaded]) {
    for loaded in parts {
        assert!(!loaded.file.is_empty(), "a part with no file name");
        for p in &loaded.problems {
            assert!(!p.file.is_empty() && !p.message.is_empty(), "a problem without a file or a message: {p:?}");
            if p.field == "(file)" {
                assert!(!p.message.starts_with(&format!("{}: ", p.file)), "the message repeats the file name: {p:?}");
            }
        }
        for a in &loaded.articles {
            check_article(a);
        }
    }
}
