//! The `build`, `check` and `stats` subcommands: file I/O around the core's
//! ingest and validation, with messages a person can act on.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tumen_core::ingest::{ingest_file, merge};
use tumen_core::{parse_corpus, CorpusError, Loaded, Severity};

pub fn build(inputs: &[PathBuf], output: &Path, strict: bool) -> ExitCode {
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
        match read(file).and_then(|text| ingest_file(&name, &text)) {
            Ok(loaded) => parts.push(loaded),
            Err(error) => {
                failed_files += 1;
                eprintln!("error: {error}");
            }
        }
    }
    let (corpus, problems) = merge(parts);
    for problem in &problems {
        eprintln!("{problem}");
    }
    let rejected = problems.iter().filter(|p| p.severity == Severity::Error).count();
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = fs::write(output, corpus.to_json_pretty()) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "built {} articles from {} input file(s) into {}; {} rejected, {} unreadable file(s)",
        corpus.articles.len(),
        files.len(),
        output.display(),
        rejected,
        failed_files
    );
    if corpus.articles.is_empty() || (strict && (rejected > 0 || failed_files > 0)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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

/// Reads and parses a corpus file, printing a fatal error if it cannot.
pub fn load(path: &Path) -> Option<Loaded> {
    let name = display_path(path);
    match read(path).and_then(|text| parse_corpus(&name, &text)) {
        Ok(loaded) => Some(loaded),
        Err(error) => {
            eprintln!("error: {error}");
            None
        }
    }
}

fn read(path: &Path) -> Result<String, CorpusError> {
    let bytes = fs::read(path).map_err(|e| CorpusError::Io { file: display_path(path), message: e.to_string() })?;
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
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "json" | "jsonl" | "ndjson")) {
            out.push(path);
        }
    }
    Ok(())
}

/// Paths in messages and in generated data use forward slashes, whatever the OS.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
