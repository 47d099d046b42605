//! The `search` subcommand: the reader's search from the command line, over a
//! bundle folder (reading only the files a query needs, as the browser does)
//! or a corpus file. With `--queries` it runs a list of queries and prints one
//! JSON line per query (the benchmark's typo, relevance and hostile-input runs use
//! it); a line starting with `?` is a link's query string.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use tumen_core::bundle::library::{Library, Need};
use tumen_core::bundle::{BundleError, Manifest, MANIFEST};
use tumen_core::index::Query;

use crate::commands::{display_path, load};

pub fn run(corpus: &Path, query: Option<&str>, queries: Option<&Path>, limit: usize) -> ExitCode {
    let mut library = match open(corpus) {
        Ok(library) => library,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    if let Some(list) = queries {
        let text = match fs::read_to_string(list) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {}: {e}", display_path(list));
                return ExitCode::FAILURE;
            }
        };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let found = match search(&mut library, corpus, line, limit) {
                Ok(found) => found,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            };
            let ids: Vec<&str> = found.ids.iter().map(|(id, _)| id.as_str()).collect();
            let near: Vec<&str> = found.near.iter().map(|(id, _)| id.as_str()).collect();
            let json = serde_json::json!({ "query": line, "total": found.total, "ids": ids, "near": near, "ms": found.ms });
            // A closed pipe (`| head`) ends the run quietly.
            if writeln!(out, "{json}").is_err() {
                return ExitCode::SUCCESS;
            }
        }
        return ExitCode::SUCCESS;
    }
    let text = query.unwrap_or_default();
    match search(&mut library, corpus, text, limit) {
        Ok(found) => {
            let _ = writeln!(out, "{} of {} articles match", found.total, library.len());
            for (rank, (id, title)) in found.ids.iter().enumerate() {
                let _ = writeln!(out, "{:>3}. {title}  [{id}]", rank + 1);
            }
            if !found.near.is_empty() {
                let _ = writeln!(out, "with every word but one:");
                for (rank, (id, title)) in found.near.iter().enumerate() {
                    let _ = writeln!(out, "{:>3}. {title}  [{id}]", found.ids.len() + rank + 1);
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A bundle folder (only its docs files read so far) or a corpus file (tagged and indexed here).
fn open(corpus: &Path) -> Result<Library, String> {
    if !corpus.is_dir() {
        let loaded = load(corpus).ok_or_else(|| format!("cannot read {}", display_path(corpus)))?;
        return Ok(Library::from_articles(loaded.articles, loaded.problems));
    }
    let manifest_path = corpus.join(MANIFEST);
    let bytes = fs::read(&manifest_path).map_err(|e| format!("{}: {e} (is this a bundle folder?)", display_path(&manifest_path)))?;
    let manifest = Manifest::parse(&display_path(&manifest_path), &bytes).map_err(|e| e.to_string())?;
    let needs = Library::opening_needs(&manifest);
    let mut docs = Vec::with_capacity(needs.len());
    for need in needs {
        let rel = manifest.segments.get(need.segment).and_then(|s| s.path(need.kind, need.number)).unwrap_or_default();
        docs.push(fs::read(corpus.join(&rel)).map_err(|e| format!("{}: {e}", display_path(&corpus.join(&rel))))?);
    }
    Library::open(manifest, docs).map_err(|e| e.to_string())
}

fn load_needs(library: &mut Library, dir: &Path, needs: Vec<Need>) -> Result<(), String> {
    for need in needs {
        let rel = library.path(need).ok_or_else(|| BundleError::Corrupt { file: MANIFEST.into(), message: format!("no file for {need:?}") }.to_string())?;
        let bytes = fs::read(dir.join(&rel)).map_err(|e| format!("{}: {e}", display_path(&dir.join(&rel))))?;
        library.insert(need, &bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// What one query found: the count, the best `limit` results and the near matches listed
/// after them (`Results::near`), as (id, title), and the time of the search alone (ms).
struct Found {
    total: usize,
    ids: Vec<(String, String)>,
    near: Vec<(String, String)>,
    ms: f64,
}

/// Runs one query: loads what it needs, then times the search alone (ms): planning,
/// the check of what it needs, and the run, as a keystroke costs in the reader.
fn search(library: &mut Library, dir: &Path, text: &str, limit: usize) -> Result<Found, String> {
    // A line starting with `?` is a shared link's query string (filters and all);
    // otherwise it is search text, complete: its last word is a word, not a prefix being typed.
    let query = match text.strip_prefix('?') {
        Some(link) => Query::from_query_string(link),
        None => Query::text(format!("{text} ")),
    };
    // Dictionaries first, then the shards of the words they resolve to.
    for _ in 0..2 {
        let needs = library.missing_for_query(&query);
        load_needs(library, dir, needs)?;
    }
    // Timed as the reader's worker does each keystroke: ask what the query needs
    // (planning it), then run it.
    library.index().forget_plan();
    let started = Instant::now();
    let _ = library.missing_for_query(&query);
    let results = library.run(&query);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let top: Vec<u32> = results.docs.iter().take(limit).copied().collect();
    let needs = library.missing_titles_for(&[top.as_slice(), results.near.as_slice()].concat());
    load_needs(library, dir, needs)?;
    let ids = top.iter().filter_map(|&d| library.card(d)).map(|c| (c.id, c.title)).collect();
    let near = results.near.iter().filter_map(|&d| library.card(d)).map(|c| (c.id, c.title)).collect();
    Ok(Found { total: results.total, ids, near, ms })
}
