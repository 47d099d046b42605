//! Compiling articles into a bundle: tag each article once, index it, and
//! write the segment files through a [`Sink`] (the CLI's is a folder).
//!
//! ## Segments and what a rebuild changes
//!
//! Given the bundle already in the output folder ([`Previous`]), a build keeps
//! every segment whose articles are all still in the inputs, unchanged (same
//! digest), and puts the rest (new, edited, or from a segment that lost
//! articles) into one new segment. Segments stay roughly geometric in size: a
//! new segment at least a quarter the size of the one before it is merged into
//! it, as Lucene merges segments, so a corpus has a handful of segments and
//! adding a day's articles rewrites only a small one. Without a previous
//! bundle (or when the tagger changed) everything is built afresh.
//!
//! Within a segment, articles are ordered by date (undated first, then oldest to
//! newest), then id; text files group consecutive dates.
//!
//! ## Copies
//!
//! Copies of one story ([`crate::dedup`]) are grouped over every article of the build, whatever
//! segment it lands in, and each article's group key is stored in its segment's docs table.
//! The key is part of the segment's digest: a segment whose article gains or loses a copy
//! elsewhere is rebuilt, so every segment of a bundle agrees on the groups.

use std::collections::{HashMap, HashSet};

use super::{
    short_hash, BundleError, Derived, FileKind, FileRef, LedesFile, Manifest, MentionRef, Problems, SegmentEntry, TextArticle,
    TitlesFile, FORMAT, MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN, VERSION,
};
use crate::error::{Problem, Severity};
use crate::index::{SegmentBuilder, ShardKind, SHARD_TARGET_BYTES};
use crate::dedup::{self, Fingerprint};
use crate::model::{Article, CORPUS_VERSION};
use crate::tagger::{builtin_digest, ArticleAnalysis, Tagger};

/// Knobs of the layout. The defaults are what the reader is tuned for; tests
/// shrink them to get many files from few articles.
#[derive(Clone, Debug)]
pub struct Options {
    /// Raw bytes of postings per shard (about 30-45 kB gzipped at the default).
    pub shard_bytes: usize,
    /// Raw bytes per text file.
    pub text_bytes: usize,
    pub titles_block: u32,
    pub ledes_block: u32,
    pub max_file_bytes: u64,
    /// A segment never holds more articles than this (a build from scratch of
    /// a larger corpus makes several), which also bounds every file's size.
    pub max_segment_articles: usize,
    /// Threads for tagging.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            shard_bytes: SHARD_TARGET_BYTES,
            // About 30 kB gzipped: opening an article costs that, not a day's worth of articles.
            text_bytes: 96 * 1024,
            titles_block: 2048,
            ledes_block: 32,
            max_file_bytes: MAX_FILE_BYTES,
            max_segment_articles: 200_000,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()).min(8),
        }
    }
}

/// Where files go. Paths are relative to the bundle folder, with `/`.
pub trait Sink {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), BundleError>;
}

/// Files kept in memory (tests, and the browser's own imports).
impl Sink for HashMap<String, Vec<u8>> {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), BundleError> {
        self.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// The bundle already in the output folder: its manifest and each segment's
/// article ids, in order (read from its titles files).
#[derive(Clone, Debug)]
pub struct Previous {
    pub manifest: Manifest,
    pub ids: Vec<Vec<String>>,
}

impl Previous {
    /// Reads each segment's article ids from its titles files through `read`
    /// (a path relative to the bundle folder → its bytes).
    pub fn read(manifest: Manifest, mut read: impl FnMut(&str) -> Result<Vec<u8>, BundleError>) -> Result<Previous, BundleError> {
        let mut ids = Vec::with_capacity(manifest.segments.len());
        for entry in &manifest.segments {
            let mut list = Vec::with_capacity(entry.articles as usize);
            for k in 0..entry.titles.len() {
                let path = entry.path(FileKind::Titles, k).unwrap_or_default();
                let bytes = read(&path)?;
                let file: TitlesFile = serde_json::from_slice(&bytes)
                    .map_err(|e| BundleError::Corrupt { file: path.clone(), message: e.to_string() })?;
                list.extend(file.ids);
            }
            if list.len() != entry.articles as usize {
                return Err(BundleError::Corrupt { file: entry.id.clone(), message: "its titles files list another number of articles".into() });
            }
            ids.push(list);
        }
        Ok(Previous { manifest, ids })
    }
}

/// What a build did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Write it last (`manifest.json`): until then the old bundle stays whole.
    pub manifest: Manifest,
    pub kept_segments: Vec<String>,
    pub built_segments: Vec<String>,
    pub written_files: usize,
    pub written_bytes: u64,
    /// Articles grouped as copies of another (articles minus stories).
    pub duplicates: usize,
    /// Stories with more than one copy.
    pub copy_groups: usize,
}

enum Plan {
    Keep(SegmentEntry),
    Build(Vec<usize>),
}

impl Plan {
    fn len(&self) -> usize {
        match self {
            Plan::Keep(e) => e.articles as usize,
            Plan::Build(list) => list.len(),
        }
    }
}

/// Canonical order within a segment: undated articles, then dated ones from the oldest;
/// ties by id. The newest articles (the first list a reader sees) are then the segment's
/// last ones, in its last titles and ledes files, which the reader fetches with the table.
fn segment_order(articles: &[Article], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (x, y) = (&articles[a], &articles[b]);
        x.date.cmp(&y.date).then(x.id.cmp(&y.id))
    });
}

fn segment_digest(tagger: &str, articles: &[Article], list: &[usize], copies: &[Copy]) -> String {
    let mut data = format!("{FORMAT} {VERSION} {tagger}\n").into_bytes();
    for &i in list {
        // Serializing a validated article cannot fail; a failure would only make the digest differ.
        data.extend_from_slice(&serde_json::to_vec(&articles[i]).unwrap_or_default());
        // The copy group key is stored with the article: a new copy elsewhere changes the segment.
        let key = copies.get(i).map_or(0, |c| c.key);
        data.extend_from_slice(format!(" {key:x}").as_bytes());
        data.push(b'\n');
    }
    short_hash(&data)
}

/// An article's copy information as stored in its docs table.
#[derive(Clone, Copy, Debug, Default)]
struct Copy {
    check: u16,
    /// 0 without copies; else the exact fingerprint of the group's representative (never 0).
    key: u64,
}

/// Fingerprints every article (on `threads` threads) and groups the copies.
fn find_copies(articles: &[Article], threads: usize) -> (Vec<Copy>, dedup::Groups) {
    let threads = threads.clamp(1, 16);
    let fingerprints: Vec<Fingerprint> = if threads == 1 || articles.len() < 256 {
        articles.iter().map(Fingerprint::of).collect()
    } else {
        let chunk = articles.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = articles.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(Fingerprint::of).collect::<Vec<_>>())).collect();
            handles
                .into_iter()
                .zip(articles.chunks(chunk))
                .flat_map(|(h, part)| h.join().unwrap_or_else(|_| part.iter().map(Fingerprint::of).collect()))
                .collect()
        })
    };
    let dates: Vec<_> = articles.iter().map(|a| a.date).collect();
    let groups = dedup::group(&fingerprints, &dates, &dedup::Params::default());
    let mut in_group = vec![false; articles.len()];
    for (i, &r) in groups.reps().iter().enumerate() {
        if i as u32 != r {
            in_group[i] = true;
            if let Some(slot) = in_group.get_mut(r as usize) {
                *slot = true;
            }
        }
    }
    let copies = fingerprints
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rep = groups.rep(i as u32) as usize;
            let key = if in_group[i] { fingerprints.get(rep).map_or(f.exact, |r| r.exact).max(1) } else { 0 };
            Copy { check: f.check(), key }
        })
        .collect();
    (copies, groups)
}

/// Compiles `articles` (already validated and merged, unique ids) into a
/// bundle, reusing what `previous` already holds. `problems` are the inputs'
/// problems, recorded in the manifest for the reader's corpus report.
pub fn compile(
    articles: &[Article],
    problems: &[Problem],
    previous: Option<&Previous>,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Report, BundleError> {
    if articles.is_empty() {
        return Err(BundleError::Empty);
    }
    let tagger_digest = builtin_digest();
    let (copies, groups) = find_copies(articles, opts.threads);
    let by_id: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut used = vec![false; articles.len()];
    let mut plans: Vec<Plan> = Vec::new();
    let mut pool: Vec<usize> = Vec::new();

    let usable = previous.filter(|p| {
        p.manifest.version == VERSION && p.manifest.tagger == tagger_digest && p.ids.len() == p.manifest.segments.len()
    });
    let kept_ids: HashMap<&str, &Vec<String>> =
        usable.iter().flat_map(|p| p.manifest.segments.iter().map(|e| e.id.as_str()).zip(&p.ids)).collect();
    if let Some(prev) = usable {
        for (entry, ids) in prev.manifest.segments.iter().zip(&prev.ids) {
            let found: Vec<usize> = ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
            let unique = found.iter().all(|&i| !used[i]);
            let mut list = found.clone();
            segment_order(articles, &mut list);
            let same = found.len() == ids.len() && unique && segment_digest(&tagger_digest, articles, &list, &copies) == entry.digest;
            for &i in &found {
                used[i] = true;
            }
            if same {
                plans.push(Plan::Keep(entry.clone()));
            } else {
                pool.extend(found);
            }
        }
    }
    pool.extend((0..articles.len()).filter(|&i| !used[i]));
    let mut seen = HashSet::new();
    pool.retain(|&i| seen.insert(i));
    segment_order(articles, &mut pool);
    let max = opts.max_segment_articles.max(1);
    for chunk in pool.chunks(max) {
        plans.push(Plan::Build(chunk.to_vec()));
    }
    // Geometric merging: a segment at least a quarter the size of the one
    // before it joins it (both rebuilt), while the result stays under the cap.
    let mut merged: Vec<Plan> = Vec::new();
    for plan in plans {
        merged.push(plan);
        while merged.len() >= 2 {
            let (a, b) = (merged[merged.len() - 2].len(), merged[merged.len() - 1].len());
            if b * 4 < a || a + b > max {
                break;
            }
            let last = merged.pop().map(|p| plan_articles(p, &kept_ids, &by_id)).unwrap_or_default();
            let before = merged.pop().map(|p| plan_articles(p, &kept_ids, &by_id)).unwrap_or_default();
            let mut list = before;
            list.extend(last);
            segment_order(articles, &mut list);
            merged.push(Plan::Build(list));
        }
    }

    let tagger = Tagger::builtin();
    let mut segments = Vec::new();
    let mut report = Report {
        manifest: empty_manifest(&tagger_digest),
        kept_segments: Vec::new(),
        built_segments: Vec::new(),
        written_files: 0,
        written_bytes: 0,
        duplicates: groups.merged(),
        copy_groups: groups.groups().len(),
    };
    for plan in merged {
        match plan {
            Plan::Keep(entry) => {
                report.kept_segments.push(entry.id.clone());
                segments.push(entry);
            }
            Plan::Build(list) => {
                let entry = build_segment(articles, &list, &copies, &tagger_digest, tagger, opts, sink, &mut report)?;
                report.built_segments.push(entry.id.clone());
                segments.push(entry);
            }
        }
    }

    let mut all_paths: Vec<(String, u64)> = segments.iter().flat_map(SegmentEntry::all_files).collect();
    all_paths.sort();
    let names: String = all_paths.iter().map(|(p, _)| format!("{p}\n")).collect();
    let rejected = rejected_articles(problems);
    report.manifest = Manifest {
        format: FORMAT.to_string(),
        version: VERSION,
        build: short_hash(names.as_bytes()),
        tagger: tagger_digest,
        articles: articles.len(),
        duplicates: groups.merged(),
        files: all_paths.len(),
        bytes: all_paths.iter().map(|(_, b)| b).sum(),
        problems: Problems {
            total: problems.len(),
            rejected,
            warnings: problems.iter().filter(|p| p.severity == Severity::Warning).count(),
            shown: problems.iter().take(MAX_PROBLEMS_SHOWN).cloned().collect(),
        },
        segments,
    };
    Ok(report)
}

/// The articles of a plan (a kept segment's are all in the inputs: that is why it was kept).
fn plan_articles(plan: Plan, kept_ids: &HashMap<&str, &Vec<String>>, by_id: &HashMap<&str, usize>) -> Vec<usize> {
    match plan {
        Plan::Build(list) => list,
        Plan::Keep(entry) => kept_ids
            .get(entry.id.as_str())
            .map(|ids| ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect())
            .unwrap_or_default(),
    }
}

fn empty_manifest(tagger: &str) -> Manifest {
    Manifest {
        format: FORMAT.to_string(),
        version: VERSION,
        build: String::new(),
        tagger: tagger.to_string(),
        articles: 0,
        duplicates: 0,
        files: 0,
        bytes: 0,
        problems: Problems::default(),
        segments: Vec::new(),
    }
}

/// Tags articles on `threads` threads, keeping their order.
fn analyze_all(tagger: &Tagger, articles: &[&Article], threads: usize) -> Vec<ArticleAnalysis> {
    let threads = threads.clamp(1, 16);
    if threads == 1 || articles.len() < 64 {
        return articles.iter().map(|a| tagger.analyze_article(a)).collect();
    }
    let chunk = articles.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|a| tagger.analyze_article(a)).collect::<Vec<_>>()))
            .collect();
        // A tagging thread only panics on a bug; fall back to this thread then.
        handles
            .into_iter()
            .zip(articles.chunks(chunk))
            .flat_map(|(h, part)| h.join().unwrap_or_else(|_| part.iter().map(|a| tagger.analyze_article(a)).collect()))
            .collect()
    })
}

struct Writer<'a> {
    sink: &'a mut dyn Sink,
    report: &'a mut Report,
    limit: u64,
}

impl Writer<'_> {
    fn put(&mut self, kind: FileKind, bytes: &[u8], hint: &str) -> Result<FileRef, BundleError> {
        let deflated;
        let bytes = if kind.ext() == "bin" {
            deflated = super::deflate(bytes);
            &deflated[..]
        } else {
            bytes
        };
        let file = FileRef::of(bytes);
        let name = super::file_name(kind, &file.0);
        if file.1 > self.limit {
            return Err(BundleError::FileTooLarge {
                file: name,
                size_mb: file.1 as f64 / 1_048_576.0,
                limit_mb: self.limit as f64 / 1_048_576.0,
                hint: hint.to_string(),
            });
        }
        self.sink.put(&name, bytes)?;
        self.report.written_files += 1;
        self.report.written_bytes += file.1;
        Ok(file)
    }
}

#[allow(clippy::too_many_arguments)]
fn build_segment(
    all: &[Article],
    list: &[usize],
    copies: &[Copy],
    tagger_digest: &str,
    tagger: &Tagger,
    opts: &Options,
    sink: &mut dyn Sink,
    report: &mut Report,
) -> Result<SegmentEntry, BundleError> {
    let digest = segment_digest(tagger_digest, all, list, copies);
    let id = format!("s{}", &digest[..10]);
    let articles: Vec<&Article> = list.iter().map(|&i| &all[i]).collect();
    let analyses = analyze_all(tagger, &articles, opts.threads);

    let mut builder = SegmentBuilder::new();
    for (local, ((a, analysis), &i)) in articles.iter().zip(&analyses).zip(list).enumerate() {
        builder.push(a, &analysis.tags);
        let copy = copies.get(i).copied().unwrap_or_default();
        builder.set_copy(local, copy.check, copy.key);
    }
    let segment = builder.finish(opts.shard_bytes);
    let terms = segment.text.dict().len() as u32;
    let mut w = Writer { sink, report, limit: opts.max_file_bytes };
    let too_many = "split the inputs into smaller corpora, or lower the segment size";

    let docs = w.put(FileKind::Docs, &segment.records.encode(), too_many)?;
    let dict = w.put(FileKind::Dict, &segment.text.dict().encode(), too_many)?;
    let mut postings = Vec::new();
    let mut positions = Vec::new();
    for i in 0..segment.text.dict().shard_count() {
        for (kind, out) in [(ShardKind::Postings, &mut postings), (ShardKind::Positions, &mut positions)] {
            let bytes = segment.text.encode_shard(kind, i).unwrap_or_default();
            out.push(w.put(
                if kind == ShardKind::Postings { FileKind::Postings } else { FileKind::Positions },
                &bytes,
                "one word occurs in too many articles for one file; split the corpus into smaller ones",
            )?);
        }
    }
    drop(segment);

    let mut titles = Vec::new();
    for (k, block) in articles.chunks(opts.titles_block.max(1) as usize).enumerate() {
        let file = TitlesFile {
            first: (k * opts.titles_block.max(1) as usize) as u32,
            ids: block.iter().map(|a| a.id.clone()).collect(),
            titles: block.iter().map(|a| a.title.clone()).collect(),
        };
        titles.push(w.put(FileKind::Titles, &to_json(&file), "titles are too long")?);
    }
    let mut ledes = Vec::new();
    for (k, block) in articles.chunks(opts.ledes_block.max(1) as usize).enumerate() {
        let file = LedesFile { first: (k * opts.ledes_block.max(1) as usize) as u32, ledes: block.iter().map(|a| lede(a)).collect() };
        ledes.push(w.put(FileKind::Ledes, &to_json(&file), "ledes are too long")?);
    }

    // Text: consecutive articles, cut between two dates once a file is big enough.
    let mut text = Vec::new();
    let mut text_starts = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut first = 0usize;
    let flush = |w: &mut Writer, pending: &mut Vec<String>, first: usize, text: &mut Vec<FileRef>, starts: &mut Vec<u32>| -> Result<(), BundleError> {
        if pending.is_empty() {
            return Ok(());
        }
        let json = format!("{{\"version\":{CORPUS_VERSION},\"first\":{first},\"articles\":[{}]}}", pending.join(","));
        text.push(w.put(FileKind::Text, json.as_bytes(), "one article is too long")?);
        starts.push(first as u32);
        pending.clear();
        Ok(())
    };
    for (i, (a, analysis)) in articles.iter().zip(&analyses).enumerate() {
        let item = to_json_string(&TextArticle { article: (*a).clone(), tumen: derived(analysis) });
        if item.len() as u64 > opts.max_file_bytes {
            return Err(BundleError::FileTooLarge {
                file: format!("article \"{}\"", a.id),
                size_mb: item.len() as f64 / 1_048_576.0,
                limit_mb: opts.max_file_bytes as f64 / 1_048_576.0,
                hint: "shorten or split the article".into(),
            });
        }
        let new_date = i > 0 && articles[i - 1].date != a.date;
        if !pending.is_empty()
            && ((pending_bytes >= opts.text_bytes && new_date) || pending_bytes + item.len() > (opts.text_bytes * 2).min(opts.max_file_bytes as usize - 64))
        {
            flush(&mut w, &mut pending, first, &mut text, &mut text_starts)?;
            pending_bytes = 0;
            first = i;
        }
        pending_bytes += item.len() + 1;
        pending.push(item);
    }
    flush(&mut w, &mut pending, first, &mut text, &mut text_starts)?;

    Ok(SegmentEntry {
        id,
        digest,
        articles: articles.len() as u32,
        terms,
        titles_block: opts.titles_block.max(1),
        ledes_block: opts.ledes_block.max(1),
        docs,
        dict,
        titles,
        ledes,
        text,
        text_starts,
        postings,
        positions,
    })
}

/// How many articles the problems reject (an article may have several).
pub fn rejected_articles(problems: &[Problem]) -> usize {
    let set: HashSet<(&str, usize, Option<&str>)> =
        problems.iter().filter(|p| p.severity == Severity::Error).map(|p| (p.file.as_str(), p.index, p.article_id.as_deref())).collect();
    set.len()
}

/// What the list shows under a title: the summary, else the first paragraph.
pub fn lede(article: &Article) -> String {
    article.snippet(260)
}

fn derived(analysis: &ArticleAnalysis) -> Derived {
    Derived {
        provinces: analysis.tags.provinces.clone(),
        topics: analysis.tags.topics.clone(),
        mentions: analysis
            .mentions
            .iter()
            .map(|(part, m)| MentionRef(*part as u32, m.start as u32, m.end as u32, m.id.clone(), m.kind, m.province.clone()))
            .collect(),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn to_json_string<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
