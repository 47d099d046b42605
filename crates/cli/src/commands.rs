//! The `build`, `check` and `stats` subcommands: file I/O around the core's
//! ingest and validation, with messages a person can act on.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tumen_core::bundle::write::{compile, rejected_articles, Options, Previous, Sink};
use tumen_core::bundle::{is_bundle_file_name, BundleError, FileKind, Manifest, MANIFEST};
use tumen_core::ingest::{ingest_bytes, ingest_file, merge};
use tumen_core::{parse_corpus, CorpusError, Loaded, Severity};

pub fn build(inputs: &[PathBuf], output: &Path, strict: bool) -> ExitCode {
    let started = Instant::now();
    let files = match expand_inputs(inputs) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut parts = Vec::new();
    let mut failed_files = 0;
    for file in &files {
        let name = display_path(file);
        let bytes = match fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                failed_files += 1;
                eprintln!("error: {name}: cannot read this file ({e})");
                continue;
            }
        };
        // The browser's own reading: text in any encoding it can decode, .zip archives
        // opened. A file (or an archive's entry) that cannot be read at all is an error
        // here, as before, and not part of the bundle's report of its articles.
        for mut loaded in ingest_bytes(&name, &bytes) {
            loaded.problems.retain(|p| {
                let unreadable = p.field == "(file)" && p.severity == Severity::Error;
                if unreadable {
                    failed_files += 1;
                    let file = if p.file == name { name.clone() } else { format!("{name}: {}", p.file) };
                    eprintln!("error: {file}: {}", p.message);
                }
                !unreadable
            });
            parts.push(loaded);
        }
    }
    let (corpus, problems) = merge(parts);
    for problem in &problems {
        eprintln!("{problem}");
    }
    let rejected = rejected_articles(&problems);
    let written = if is_json_path(output) {
        write_corpus_json(&corpus, output)
    } else {
        write_bundle(&corpus.articles, &problems, output)
    };
    let Some(what) = written else { return ExitCode::FAILURE };
    eprintln!(
        "built {} articles from {} input file(s) into {} ({what}) in {:.1} s; {} rejected, {} unreadable file(s)",
        corpus.articles.len(),
        files.len(),
        output.display(),
        started.elapsed().as_secs_f64(),
        rejected,
        failed_files
    );
    if corpus.articles.is_empty() || (strict && (rejected > 0 || failed_files > 0)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn is_json_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The plain corpus file (for merging and exchanging; the reader reads bundles).
fn write_corpus_json(corpus: &tumen_core::Corpus, output: &Path) -> Option<String> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return None;
        }
    }
    if let Err(e) = fs::write(output, corpus.to_json_pretty()) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return None;
    }
    Some("corpus JSON".to_string())
}

/// Writes files into the bundle folder, remembering which are new.
struct FolderSink<'a> {
    root: &'a Path,
    created: Vec<PathBuf>,
}

impl Sink for FolderSink<'_> {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), BundleError> {
        let target = self.root.join(path);
        if target.is_file() {
            return Ok(()); // same name, same content
        }
        fs::write(&target, bytes).map_err(|e| BundleError::Io { file: display_path(&target), message: e.to_string() })?;
        self.created.push(target);
        Ok(())
    }
}

/// Compiles the bundle into `output`, reusing the bundle already there.
fn write_bundle(articles: &[tumen_core::Article], problems: &[tumen_core::Problem], output: &Path) -> Option<String> {
    if let Err(e) = fs::create_dir_all(output) {
        eprintln!("error: cannot create {}: {e}", output.display());
        return None;
    }
    let previous = read_previous(output);
    let mut sink = FolderSink { root: output, created: Vec::new() };
    let report = match compile(articles, problems, previous.as_ref(), &Options::default(), &mut sink) {
        Ok(report) => report,
        Err(error) => {
            // Nothing refers to the new files yet: remove them, the old bundle stays whole.
            for file in &sink.created {
                let _ = fs::remove_file(file);
            }
            eprintln!("error: {error}");
            return None;
        }
    };
    let manifest_path = output.join(MANIFEST);
    let tmp = output.join(format!("{MANIFEST}.tmp"));
    // Compact: at 100,000 articles the manifest lists thousands of files.
    let json = serde_json::to_string(&report.manifest).unwrap_or_default() + "\n";
    if let Err(e) = fs::write(&tmp, json).and_then(|_| fs::rename(&tmp, &manifest_path)) {
        eprintln!("error: cannot write {}: {e}", manifest_path.display());
        return None;
    }
    remove_stale(output, &report.manifest);
    Some(format!(
        "bundle: {} copies grouped into {} stories with more than one copy; {} segment(s), {} kept, {} built; {} file(s) written, {:.1} MB; {} files, {:.1} MB in all",
        report.duplicates,
        report.copy_groups,
        report.manifest.segments.len(),
        report.kept_segments.len(),
        report.built_segments.len(),
        report.written_files,
        report.written_bytes as f64 / 1e6,
        report.manifest.files,
        report.manifest.bytes as f64 / 1e6
    ))
}

/// The bundle already in the folder, if it is one this build can reuse.
fn read_previous(output: &Path) -> Option<Previous> {
    let bytes = fs::read(output.join(MANIFEST)).ok()?;
    let manifest = match Manifest::parse(MANIFEST, &bytes) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("note: the bundle in {} is not reused: {e}", output.display());
            return None;
        }
    };
    match Previous::read(manifest, |p| fs::read(output.join(p)).map_err(|e| BundleError::Io { file: p.to_string(), message: e.to_string() })) {
        Ok(previous) => Some(previous),
        Err(e) => {
            eprintln!("note: the bundle in {} is not reused: {e}", output.display());
            None
        }
    }
}

/// Removes files of earlier builds that the new manifest no longer lists.
fn remove_stale(output: &Path, manifest: &Manifest) {
    let live: std::collections::HashSet<String> = manifest.all_files().into_iter().map(|(p, _)| p).collect();
    let Ok(entries) = fs::read_dir(output) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_bundle_file_name(&name) && !live.contains(&name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub fn check(path: &Path) -> ExitCode {
    let Some(loaded) = load(path) else { return ExitCode::FAILURE };
    for problem in &loaded.problems {
        println!("{problem}");
    }
    let rejected = loaded.rejected();
    println!(
        "{}: {} valid article(s), {} rejected, {} warning(s)",
        display_path(path),
        loaded.articles.len(),
        rejected,
        loaded.problems.len() - rejected
    );
    if loaded.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub fn stats(path: &Path) -> ExitCode {
    let Some(loaded) = load(path) else { return ExitCode::FAILURE };
    let articles = &loaded.articles;
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        *sources.entry(a.source.as_str()).or_default() += 1;
    }
    let dates: Vec<_> = articles.iter().filter_map(|a| a.date).collect();
    println!("articles: {}", articles.len());
    // Copies of one story, grouped as the reader groups them.
    let fingerprints: Vec<_> = articles.iter().map(tumen_core::dedup::Fingerprint::of).collect();
    let article_dates: Vec<_> = articles.iter().map(|a| a.date).collect();
    let groups = tumen_core::dedup::group(&fingerprints, &article_dates, &tumen_core::dedup::Params::default());
    println!("duplicates: {} (copies of {} stories; {} stories in all)", groups.merged(), groups.groups().len(), groups.group_count());
    println!("rejected: {}", loaded.rejected());
    println!("sources: {}", sources.len());
    match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) => println!("dates: {first} to {last} ({} dated, {} undated)", dates.len(), articles.len() - dates.len()),
        _ => println!("dates: none ({} undated)", articles.len()),
    }
    let mut by_count: Vec<_> = sources.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (source, count) in by_count {
        println!("  {count:>5}  {source}");
    }
    ExitCode::SUCCESS
}

/// Reads a corpus file (`.json`, `.jsonl`, `.txt`) or a bundle folder, printing a fatal error if it cannot.
pub fn load(path: &Path) -> Option<Loaded> {
    let name = display_path(path);
    if path.is_dir() {
        return match load_bundle(path) {
            Ok(loaded) => Some(loaded),
            Err(error) => {
                eprintln!("error: {error}");
                None
            }
        };
    }
    // `.txt` and `.jsonl` by their extension; anything else is read as a corpus file.
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".zip") {
        return load_zip(path, &name);
    }
    let by_extension = [".txt", ".jsonl", ".ndjson"].iter().any(|e| lower.ends_with(e));
    match read(path).and_then(|text| if by_extension { ingest_file(&name, &text) } else { parse_corpus(&name, &text) }) {
        Ok(loaded) => Some(loaded),
        Err(error) => {
            eprintln!("error: {error}");
            None
        }
    }
}

/// Every article in a `.zip` of article files, with every problem, as one input.
fn load_zip(path: &Path, name: &str) -> Option<Loaded> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {name}: cannot read this file ({e})");
            return None;
        }
    };
    let (corpus, problems) = merge(ingest_bytes(name, &bytes));
    Some(Loaded { articles: corpus.articles, problems, file: name.to_string() })
}

/// Every article of a bundle, from its text files (they are corpus files),
/// with the problems its build recorded.
fn load_bundle(dir: &Path) -> Result<Loaded, String> {
    let bytes = fs::read(dir.join(MANIFEST)).map_err(|e| format!("{}: {e} (is this a bundle folder?)", display_path(&dir.join(MANIFEST))))?;
    let manifest = Manifest::parse(&display_path(&dir.join(MANIFEST)), &bytes).map_err(|e| e.to_string())?;
    let mut loaded = Loaded { articles: Vec::new(), problems: manifest.problems.shown.clone(), file: display_path(dir) };
    for segment in &manifest.segments {
        for k in 0..segment.text.len() {
            let rel = segment.path(FileKind::Text, k).unwrap_or_default();
            let text = read(&dir.join(&rel)).map_err(|e| e.to_string())?;
            let part = parse_corpus(&rel, &text).map_err(|e| e.to_string())?;
            loaded.articles.extend(part.articles);
            loaded.problems.extend(part.problems);
        }
    }
    if loaded.articles.len() != manifest.articles {
        return Err(format!("{}: the manifest lists {} articles, its text files hold {}", display_path(dir), manifest.articles, loaded.articles.len()));
    }
    Ok(loaded)
}

fn read(path: &Path) -> Result<String, CorpusError> {
    let bytes = fs::read(path).map_err(|e| CorpusError::Io { file: display_path(path), message: format!("cannot read this file ({e})") })?;
    String::from_utf8(bytes).map_err(|e| CorpusError::Io {
        file: display_path(path),
        message: format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })
}

/// Files as given, folders expanded to the supported files inside them, in name order.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found).map_err(|e| format!("cannot read folder {}: {e}", input.display()))?;
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(format!("{} does not exist", input.display()));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| ["txt", "json", "jsonl", "ndjson", "zip"].iter().any(|x| e.eq_ignore_ascii_case(x))) {
            out.push(path);
        }
    }
    Ok(())
}

/// Paths in messages and in generated data use forward slashes, whatever the OS.
/// A path as messages and the bundle's corpus report show it: relative to the
/// working folder when it is inside it, else the file name alone (a published
/// bundle must not reveal where its builder keeps files).
pub fn display_path(path: &Path) -> String {
    let shown = match std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
        Some(inside) => inside,
        None if path.is_absolute() => path.file_name().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf()),
        None => path.to_path_buf(),
    };
    shown.to_string_lossy().replace('\\', "/")
}
