//! `cargo xtask bench [--articles 10000,50000,100000] [--no-real] [--no-pagefind]
//! [--no-minisearch] [--no-typos] [--no-relevance] [--runs N] [--no-build] [--keep-others]`: the reader at archive sizes, on realistic
//! and real text, beside its peers, in one run.
//!
//! For each size: generate the corpus (`gen-corpus`, cached in `target/bench/`), compile it
//! with the release `tumen build` (timed, peak memory measured), put it beside the release
//! build of the reader, and measure it in headless Chromium (`bench/run.mjs`): cold open,
//! bytes before the first list, the first search for a new word, opening a result,
//! interaction latency, the longest main-thread task, memory, query time. Beside it, in the
//! same run: MiniSearch's query time on the same articles and queries (`bench/minisearch.mjs`),
//! Pagefind's bytes and requests for a first search and for opening a result
//! (`bench/pagefind.mjs`). At 50,000 articles, also what adding 100 articles changes.
//! "real" is the KCNA text of `../shared/real-corpus` (read at bench time, never shipped).
//!
//! Prints one line per size:
//!
//! ```text
//! bench articles=N cold_ms=X first_bytes=X search_cold_bytes=X search_cold_requests=X p95_ms=X longest_task_ms=X mem_mb=X build_s=X
//! ```
//!
//! and writes every figure to `target/bench/results.json` and its section of BENCHMARKS.md.
//! The bench reports; it asserts nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::gen_corpus;
use crate::util::{self, cmd, project_root, Result, Timer};

pub const BENCH_HEADING: &str = "## The compiled corpus at archive sizes (cargo xtask bench)";
const REAL_CORPUS: &str = "../shared/real-corpus/kcna_en.jsonl";
/// The word searched first (in the generated text's ordinary words, and in KCNA's).
const WORD: &str = "delegation";

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let explicit = args.iter().any(|a| a == "--articles" || a.starts_with("--articles="));
    let sizes = util::take_sizes(&mut args, &[10_000, 50_000, 100_000])?;
    let real = !util::take_flag(&mut args, "--no-real") && !(explicit && !util::take_flag(&mut args, "--real"));
    let pagefind = !util::take_flag(&mut args, "--no-pagefind");
    let minisearch = !util::take_flag(&mut args, "--no-minisearch");
    let typos = !util::take_flag(&mut args, "--no-typos");
    let relevance = !util::take_flag(&mut args, "--no-relevance");
    let no_build = util::take_flag(&mut args, "--no-build");
    let runs = util::take_opt(&mut args, "--runs")?.unwrap_or_else(|| "5".into());
    // Re-measure some sizes and keep the other columns of the last run's results.
    let keep_others = util::take_flag(&mut args, "--keep-others");
    util::no_more_args(&args)?;

    let root = project_root();
    let dist = crate::build::dist_dir();
    if !no_build {
        crate::install::ensure(crate::install::Need::Chromium)?;
        crate::build::build(None)?;
    }
    if !dist.join("index.html").is_file() {
        return Err("no release build in dist/: run `cargo xtask build`".into());
    }
    util::run(cmd("cargo").args(["build", "--release", "--quiet", "-p", "tumen-cli"]))?;
    let cli = root.join("target/release/tumen");
    let bench_dir = root.join("target/bench");
    fs::create_dir_all(&bench_dir).map_err(|e| e.to_string())?;

    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    for &n in &sizes {
        let corpus = gen_corpus::default_path(n, 42);
        if !corpus.is_file() {
            let t = Timer::start();
            let bytes = gen_corpus::write_corpus_file(n, 0, 42, &corpus)?;
            eprintln!("generated {} ({:.1} MB) in {:.0} s", corpus.display(), bytes as f64 / 1e6, t.secs());
        }
        cases.push((n.to_string(), corpus));
    }
    if real {
        let path = root.join(REAL_CORPUS);
        if path.is_file() {
            cases.push(("kcna".to_string(), path));
        } else {
            eprintln!("bench: {REAL_CORPUS} is not here; skipping the real-text run");
        }
    }

    let wasm: Vec<Value> = crate::build::wasm_sizes(&dist).into_iter().map(|(f, raw, gz)| json!({"file": f, "raw": raw, "gzip": gz})).collect();
    for w in &wasm {
        println!("wasm {}: {:.0} kB raw, {:.0} kB gzip -9", w["file"].as_str().unwrap_or(""), num(&w["raw"]).unwrap_or(0.0) / 1e3, num(&w["gzip"]).unwrap_or(0.0) / 1e3);
    }
    let mut all: Vec<Value> = Vec::new();
    let mut lines = Vec::new();
    for (name, corpus) in &cases {
        eprintln!("\n== bench: {name} ({}) ==", corpus.display());
        let r = bench_case(&root, &cli, &dist, &bench_dir, name, corpus, &runs, pagefind, minisearch)?;
        let line = summary_line(&r);
        println!("{}", details(&r));
        println!("{line}");
        lines.push(line);
        all.push(r);
    }
    let saved = bench_dir.join("results.json");
    if keep_others {
        all = merge_results(read_json(&saved), all);
        lines = all.iter().map(summary_line).collect();
    }
    let _ = fs::write(&saved, serde_json::to_string_pretty(&all).unwrap_or_default());
    write_benchmarks_md(&root, &all, &lines, &wasm)?;
    println!("\nSummary:");
    for l in &lines {
        println!("{l}");
    }
    if typos {
        // The largest generated size and the real text.
        let picked: Vec<(String, PathBuf)> = cases.iter().filter(|(n, _)| n == "kcna" || Some(n.as_str()) == sizes.iter().max().map(|m| m.to_string()).as_deref()).cloned().collect();
        crate::bench_typos::run_cases(&picked)?;
    }
    if relevance {
        crate::bench_relevance::run(&[])?;
    }
    Ok(())
}

/// The previous run's results with those measured now put in their place (or
/// added at the end), in the previous order.
fn merge_results(previous: Value, now: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = previous.as_array().cloned().unwrap_or_default();
    for r in now {
        match out.iter_mut().find(|p| p["name"] == r["name"]) {
            Some(slot) => *slot = r,
            None => out.push(r),
        }
    }
    out
}

fn read_json(path: &Path) -> Value {
    fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null)
}

fn dir_bytes(dir: &Path) -> u64 {
    util::list_files(dir).unwrap_or_default().iter().filter_map(|f| fs::metadata(dir.join(f)).ok()).map(|m| m.len()).sum()
}

/// Runs `tumen build` under `xtask rss`, returning (seconds, peak resident MB, CLI report).
fn timed_build(cli: &Path, inputs: &[&Path], out: &Path) -> Result<(f64, f64, String)> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut c = Command::new(exe);
    c.arg("rss").arg(cli).arg("build").args(inputs).arg("-o").arg(out);
    let t = Timer::start();
    let output = c.output().map_err(|e| format!("cannot run tumen build: {e}"))?;
    let secs = t.secs();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("tumen build failed:\n{stderr}"));
    }
    let rss_kb: f64 = stderr.lines().find_map(|l| l.strip_prefix("maxrss_kb=")).and_then(|v| v.trim().parse().ok()).unwrap_or(0.0);
    let report = stderr.lines().find(|l| l.starts_with("built ")).unwrap_or("").to_string();
    Ok((secs, rss_kb / 1024.0, report))
}

#[allow(clippy::too_many_arguments)]
fn bench_case(root: &Path, cli: &Path, dist: &Path, bench_dir: &Path, name: &str, corpus: &Path, runs: &str, pagefind: bool, minisearch: bool) -> Result<Value> {
    let site = bench_dir.join(format!("site-{name}"));
    if site.exists() {
        fs::remove_dir_all(&site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(dist, &site)?;
    let bundle = site.join("corpus");
    fs::remove_dir_all(&bundle).map_err(|e| e.to_string())?;
    let (build_s, build_mb, report) = timed_build(cli, &[corpus], &bundle)?;
    eprintln!("{report}");
    crate::build::stamp(&site)?;
    let manifest = read_json(&bundle.join("manifest.json"));
    let articles = manifest["articles"].as_u64().unwrap_or(0);
    // The index's dictionaries, one per segment, overlap; the corpus's own word count is the distinct figure.
    let dictionary: u64 = manifest["segments"].as_array().map(|s| s.iter().filter_map(|g| g["terms"].as_u64()).sum()).unwrap_or(0);
    let words = gen_corpus::distinct_words(corpus)?;
    let mut r = json!({
        "name": name,
        "articles": articles,
        "corpus_bytes": fs::metadata(corpus).map(|m| m.len()).unwrap_or(0),
        "distinct_words": words,
        "dictionary_entries": dictionary,
        "build_s": build_s,
        "build_peak_mb": build_mb,
        "bundle_files": manifest["files"],
        "bundle_bytes": manifest["bytes"],
        "manifest_bytes": fs::metadata(bundle.join("manifest.json")).map(|m| m.len()).unwrap_or(0),
    });

    let out = bench_dir.join(format!("browser-{name}.json"));
    let _ = fs::remove_file(&out);
    let mut node = cmd("node");
    node.current_dir(root).arg("bench/run.mjs").arg("--site").arg(&site).args(["--articles", &articles.to_string(), "--word", WORD, "--runs", runs]).arg("--out").arg(&out);
    if let Err(e) = util::run(&mut node) {
        eprintln!("bench: the browser run failed: {e}");
    }
    r["browser"] = read_json(&out);

    if minisearch {
        let out = bench_dir.join(format!("minisearch-{name}.json"));
        let mut node = cmd("node");
        node.current_dir(root).args(["--max-old-space-size=20000", "--expose-gc", "bench/minisearch.mjs", "--corpus"]).arg(corpus).arg("--out").arg(&out);
        if let Err(e) = util::run(&mut node) {
            eprintln!("bench: MiniSearch failed: {e}");
        }
        r["minisearch"] = read_json(&out);
    }
    if pagefind {
        let out = bench_dir.join(format!("pagefind-{name}.json"));
        let work = bench_dir.join(format!("pagefind-{name}"));
        let mut node = cmd("node");
        node.current_dir(root).args(["bench/pagefind.mjs", "--corpus"]).arg(corpus).arg("--work").arg(&work).args(["--word", WORD]).arg("--out").arg(&out);
        if let Err(e) = util::run(&mut node) {
            eprintln!("bench: Pagefind failed: {e}");
        }
        r["pagefind"] = read_json(&out);
        let _ = fs::remove_dir_all(&work); // hundreds of MB of HTML
    }
    if name == "50000" {
        r["add_100"] = add_100(cli, bench_dir, corpus, &bundle)?;
    }
    let _ = fs::remove_dir_all(&site);
    Ok(r)
}

/// Adds the 100 articles that follow the corpus in the generated sequence, building onto a
/// copy of its bundle as `tumen build` does in a repository: what changes?
fn add_100(cli: &Path, bench_dir: &Path, corpus: &Path, bundle: &Path) -> Result<Value> {
    let extra = bench_dir.join("corpus-50000-next-100.json");
    if !extra.is_file() {
        gen_corpus::write_corpus_file(100, 50_000, 42, &extra)?;
    }
    let copy = bench_dir.join("add-100");
    let _ = fs::remove_dir_all(&copy);
    copy_dir(bundle, &copy)?;
    let before: std::collections::HashSet<String> = util::list_files(&copy)?.into_iter().collect();
    let (secs, mb, report) = timed_build(cli, &[corpus, &extra], &copy)?;
    eprintln!("{report}");
    let after = util::list_files(&copy)?;
    let changed: Vec<&String> = after.iter().filter(|f| !before.contains(*f) || *f == "manifest.json").collect();
    let bytes: u64 = changed.iter().filter_map(|f| fs::metadata(copy.join(f)).ok()).map(|m| m.len()).sum();
    let removed = before.iter().filter(|f| !after.contains(f)).count();
    let total = dir_bytes(&copy);
    let _ = fs::remove_dir_all(&copy);
    Ok(json!({ "changed_files": changed.len(), "changed_bytes": bytes, "removed_files": removed, "bundle_bytes": total, "build_s": secs, "build_peak_mb": mb }))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for f in util::list_files(from)? {
        let dest = to.join(&f);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        fs::copy(from.join(&f), &dest).map_err(|e| format!("cannot copy {f}: {e}"))?;
    }
    Ok(())
}

fn kb(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0} kB", x / 1e3)).unwrap_or_else(|| "NA".into())
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

fn f(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}")).unwrap_or_else(|| "NA".into())
}

fn summary_line(r: &Value) -> String {
    let b = &r["browser"];
    format!(
        "bench articles={} distinct_words={} cold_ms={} first_bytes={} search_cold_bytes={} search_cold_requests={} p95_ms={} longest_task_ms={} mem_mb={} build_s={}",
        if r["name"] == "kcna" { format!("{} (KCNA)", r["articles"]) } else { r["articles"].to_string() },
        f(num(&r["distinct_words"]), 0),
        f(num(&b["cold_ms"]["median"]), 0),
        f(num(&b["first_bytes"]), 0),
        f(num(&b["search_cold"]["bytes"]), 0),
        f(num(&b["search_cold"]["requests"]), 0),
        f(num(&b["latency"]["p95"]), 1),
        f(num(&b["longest_task_ms"]), 0),
        f(num(&b["memory"]["bytes"]).map(|x| x / 1e6), 1),
        f(num(&r["build_s"]), 1),
    )
}

/// The other figures of a size, in words.
fn details(r: &Value) -> String {
    let b = &r["browser"];
    let mut s = format!(
        "{} articles, {:.1} MB of corpus JSON, {} distinct words; bundle {} files, {:.1} MB (manifest {:.0} kB); built in {:.1} s, peak {:.0} MB\n",
        r["articles"],
        num(&r["corpus_bytes"]).unwrap_or(0.0) / 1e6,
        r["distinct_words"],
        r["bundle_files"],
        num(&r["bundle_bytes"]).unwrap_or(0.0) / 1e6,
        num(&r["manifest_bytes"]).unwrap_or(0.0) / 1e3,
        num(&r["build_s"]).unwrap_or(0.0),
        num(&r["build_peak_mb"]).unwrap_or(0.0),
    );
    s.push_str(&format!(
        "  first visit in all (after the background downloads): {:.0} kB in {} requests\n",
        num(&b["first_visit_bytes"]).unwrap_or(0.0) / 1e3,
        b["first_visit_requests"]
    ));
    s.push_str(&format!(
        "  first search with the cards' first lines: {} requests, {:.1} kB; opening a result: {} request(s), {:.1} kB\n",
        b["search_cold"]["all_requests"],
        num(&b["search_cold"]["all_bytes"]).unwrap_or(0.0) / 1e3,
        b["open_result"]["requests"],
        num(&b["open_result"]["bytes"]).unwrap_or(0.0) / 1e3
    ));
    if let (Some(ours), Some(theirs)) = (num(&b["query_stats"]["median"]), num(&r["minisearch"]["median"])) {
        s.push_str(&format!("  query median: ours {ours:.3} ms, MiniSearch {theirs:.3} ms, ratio {:.3}\n", ours / theirs));
    }
    let p = &r["pagefind"];
    if !p["search"].is_null() {
        s.push_str(&format!(
            "  Pagefind: first search {} requests, {:.1} kB (index files {} requests, {:.1} kB); opening a result {} request(s), {:.1} kB; indexed in {:.1} s\n",
            p["search"]["requests"],
            num(&p["search"]["bytes"]).unwrap_or(0.0) / 1e3,
            p["search"]["index_requests"],
            num(&p["search"]["index_bytes"]).unwrap_or(0.0) / 1e3,
            p["open_result"]["requests"],
            num(&p["open_result"]["bytes"]).unwrap_or(0.0) / 1e3,
            num(&p["index_s"]).unwrap_or(0.0)
        ));
    }
    if !r["add_100"].is_null() {
        s.push_str(&format!(
            "  adding 100 articles: {} files changed, {:.2} MB, in {:.1} s\n",
            r["add_100"]["changed_files"],
            num(&r["add_100"]["changed_bytes"]).unwrap_or(0.0) / 1e6,
            num(&r["add_100"]["build_s"]).unwrap_or(0.0)
        ));
    }
    s
}

fn write_benchmarks_md(root: &Path, all: &[Value], lines: &[String], wasm: &[Value]) -> Result {
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    let mut s = format!("{BENCH_HEADING}\n\n{METHOD}\n");
    for w in wasm {
        s.push_str(&format!(
            "Release wasm `{}`: {:.0} kB raw, {:.0} kB gzip -9.\n",
            w["file"].as_str().unwrap_or(""),
            num(&w["raw"]).unwrap_or(0.0) / 1e3,
            num(&w["gzip"]).unwrap_or(0.0) / 1e3
        ));
    }
    s.push('\n');
    let cols: Vec<String> = all.iter().map(|r| if r["name"] == "kcna" { format!("KCNA ({})", r["articles"]) } else { format!("{} articles", r["articles"]) }).collect();
    s.push_str(&format!("| Measure | {} | Target |\n|---|{}---|\n", cols.join(" | "), "---:|".repeat(cols.len())));
    type Cell = fn(&Value) -> String;
    let rows: Vec<(&str, Cell, &str)> = vec![
        ("Corpus JSON", |r| format!("{:.1} MB", num(&r["corpus_bytes"]).unwrap_or(0.0) / 1e6), ""),
        ("Distinct words in the corpus", |r| r["distinct_words"].to_string(), ""),
        ("Index dictionary entries (summed over segments)", |r| r["dictionary_entries"].to_string(), ""),
        ("`tumen build`: time, peak memory", |r| format!("{:.1} s, {:.0} MB", num(&r["build_s"]).unwrap_or(0.0), num(&r["build_peak_mb"]).unwrap_or(0.0)), "≤ 90 s, ≤ 4 GB at 100k"),
        ("Bundle: files, size (manifest)", |r| format!("{}, {:.0} MB ({:.0} kB)", r["bundle_files"], num(&r["bundle_bytes"]).unwrap_or(0.0) / 1e6, num(&r["manifest_bytes"]).unwrap_or(0.0) / 1e3), "no file > 20 MB"),
        ("**Cold open** to list, counts and timeline (median of runs)", |r| format!("{} ms", f(num(&r["browser"]["cold_ms"]["median"]), 0)), "≤ 500 ms at 10k, ≤ 1.5 s at 100k"),
        ("**Bytes before the first list** (wasm included; requests)", |r| format!("{} ({})", kb(num(&r["browser"]["first_bytes"])), r["browser"]["first_requests"]), "≤ 1 MB at 10k, ≤ 4 MB at 100k"),
        ("First visit in all, background downloads done", |r| format!("{} ({})", kb(num(&r["browser"]["first_visit_bytes"])), r["browser"]["first_visit_requests"]), ""),
        ("**First search for a new word**: requests, bytes", |r| format!("{}, {}", r["browser"]["search_cold"]["requests"], kb(num(&r["browser"]["search_cold"]["bytes"]))), "≤ 2, ≤ 150 kB at 100k"),
        ("… with the result cards' first lines", |r| format!("{}, {}", r["browser"]["search_cold"]["all_requests"], kb(num(&r["browser"]["search_cold"]["all_bytes"]))), ""),
        ("Opening a result: requests, bytes", |r| format!("{}, {}", r["browser"]["open_result"]["requests"], kb(num(&r["browser"]["open_result"]["bytes"]))), ""),
        ("Pagefind, first search from a blank page: requests, bytes", |r| format!("{}, {}", r["pagefind"]["search"]["requests"], kb(num(&r["pagefind"]["search"]["bytes"]))), ""),
        ("Pagefind, its index files only: requests, bytes", |r| format!("{}, {}", r["pagefind"]["search"]["index_requests"], kb(num(&r["pagefind"]["search"]["index_bytes"]))), ""),
        ("Pagefind, opening a result: requests, bytes", |r| format!("{}, {}", r["pagefind"]["open_result"]["requests"], kb(num(&r["pagefind"]["open_result"]["bytes"]))), ""),
        ("**Interaction p95** (median), input to its answer on screen, first pass: index files downloaded on the way", |r| format!("{} ms ({} ms)", f(num(&r["browser"]["latency"]["p95"]), 1), f(num(&r["browser"]["latency"]["median"]), 1)), "≤ 16 ms at 100k"),
        ("Interaction p95 (median), second pass: the same script, files loaded", |r| format!("{} ms ({} ms)", f(num(&r["browser"]["latency_warm"]["p95"]), 1), f(num(&r["browser"]["latency_warm"]["median"]), 1)), ""),
        ("Typing a letter p95 / facet toggle p95 / date p95", |r| {
            let k = &r["browser"]["latency_by_kind"];
            format!("{} / {} / {} ms", f(num(&k["type"]["p95"]), 1), f(num(&k["facet"]["p95"]), 1), f(num(&k["date"]["p95"]), 1))
        }, ""),
        ("Typing a misspelt word, p95 per letter (typo tolerance)", |r| format!("{} ms", f(num(&r["browser"]["latency_by_kind"]["typo"]["p95"]), 1)), "≤ 16 ms at 100k"),
        ("Misspelt / right query in the worker, p95", |r| format!("{} / {} ms", f(num(&r["browser"]["query_typo_stats"]["p95"]), 3), f(num(&r["browser"]["query_right_stats"]["p95"]), 3)), ""),
        ("**Longest main-thread task** (loading, typing, filtering)", |r| format!("{} ms", f(num(&r["browser"]["longest_task_ms"]), 0)), "none over 50 ms"),
        ("**Memory**, page and worker, JS and wasm", |r| format!("{} MB", f(num(&r["browser"]["memory"]["bytes"]).map(|x| x / 1e6), 1)), "≤ 150 MB at 100k"),
        ("Query in the worker, median / p95", |r| format!("{} / {} ms", f(num(&r["browser"]["query_stats"]["median"]), 3), f(num(&r["browser"]["query_stats"]["p95"]), 3)), ""),
        ("MiniSearch (same queries, AND, prefix on the last word), median / p95", |r| format!("{} / {} ms", f(num(&r["minisearch"]["median"]), 3), f(num(&r["minisearch"]["p95"]), 3)), ""),
        ("Query ratio, ours ÷ MiniSearch (medians)", |r| f(num(&r["browser"]["query_stats"]["median"]).zip(num(&r["minisearch"]["median"])).map(|(a, b)| a / b), 3), ""),
        ("Adding 100 articles: files, bytes changed", |r| if r["add_100"].is_null() { String::new() } else { format!("{}, {:.2} MB", r["add_100"]["changed_files"], num(&r["add_100"]["changed_bytes"]).unwrap_or(0.0) / 1e6) }, "≤ 2 MB at 50k"),
    ];
    for (label, cell, target) in rows {
        s.push_str(&format!("| {label} | {} | {target} |\n", all.iter().map(cell).collect::<Vec<_>>().join(" | ")));
    }
    let notes: Vec<String> = all
        .iter()
        .flat_map(|r| {
            let name = r["name"].as_str().unwrap_or("").to_string();
            ["browser", "pagefind"].into_iter().flat_map(move |k| r[k]["notes"].as_array().cloned().unwrap_or_default()).filter_map(|x| x.as_str().map(String::from)).map(move |x| format!("- {name}: {x}"))
        })
        .collect();
    if !notes.is_empty() {
        s.push_str("\nNotes from the run:\n\n");
        s.push_str(&notes.join("\n"));
        s.push('\n');
    }
    finish_section(s, "target/bench/results.json", "every figure", lines, &path, &old, BENCH_HEADING)
}

/// Ends a section of BENCHMARKS.md with the lines a bench printed and puts it in place of the
/// old one (shared by `bench`, `bench-typos` and `bench-relevance`).
pub fn finish_section(mut s: String, results: &str, what: &str, lines: &[String], path: &Path, old: &str, heading: &str) -> Result {
    s.push_str(&format!("\nThe lines the bench prints (`{results}` has {what}):\n\n```text\n"));
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("```\n");
    util::write(path, crate::test::replace_section(old, heading, &s))?;
    eprintln!("wrote the section {heading:?} of BENCHMARKS.md");
    Ok(())
}

const METHOD: &str = "\
Command: `cargo xtask bench` (sizes 10,000, 50,000 and 100,000 generated articles and the real KCNA
text; `--articles N[,M]` for other sizes, `--no-pagefind`, `--no-minisearch`, `--runs N` cold opens,
`--keep-others` to re-measure some sizes and keep the other columns of the last run).
Corpora: `cargo xtask gen-corpus` (synthetic, seed 42, calibrated to `../shared/real-corpus`: its
vocabulary grows by Heaps' law as real news does, with curly quotes, no-break spaces, non-breaking
hyphens and datelines; 300–1,200 words of body per article), and `../shared/real-corpus/kcna_en.jsonl`
(1,728 real KCNA articles, 750 of them repeats). Each corpus is compiled by the release `tumen build`
(timed; peak resident memory from `getrusage`) beside the release build of the reader, served by
`cargo xtask serve` (gzip -9 like GitHub Pages; the bench adds cross-origin isolation headers so the
page may measure its memory) and driven in headless Chromium by `bench/run.mjs` (playwright-core).
This machine: 2 shared CPU cores, so figures move from run to run.

- **Cold open**: a fresh browser context (no cache, no service worker) navigates to the reader; the
  time is `performance.now()` when the list, its count and the timeline are all in the DOM (a
  MutationObserver). Bytes: every response finished by then, headers and bodies as sent.
- **First search**: once the background downloads are done (dictionary, titles), the search box gets
  `delegation ` (a word not searched before); requests and bytes of the index files it needed (the
  cards' first lines are counted apart), until the count updates. **Opening a result**: clicking the
  first result, until its text shows.
- **Pagefind** 1.6.0 (npm `pagefind`): the same articles as HTML pages, indexed by its binary,
  served the same way; a blank page imports `pagefind.js` and searches the same word (everything it
  downloads: script, wasm, entry, metadata, index chunks), then loads the first result's fragment.
- **Interactions**: a fixed script of 200+ interactions through the UI (typing 15 queries letter
  by letter, then 5 misspelt ones, facet checkboxes, dates), each timed from the input event to the results region
  changing in the DOM, run twice. In the first pass each new word's index files are downloaded on
  the way and count (the line's `p95_ms`); the second pass finds them loaded.
- **Longest task**: the Long Tasks API on the page's main thread during loading and the script.
- **Memory**: `performance.measureUserAgentSpecificMemory()` after the script: the page and its
  worker, JS heaps and wasm memories.
- **Query time**: the same 136 query strings (every prefix of the typed queries) inside the worker
  (`__tumenBench.count`: parse, search, facets, timeline, sort; no rendering), and through MiniSearch
  7.2.0 in Node configured to search the same way (every word required, prefix only on the word being
  typed, no typo tolerance, title weight 3); median of 3 rounds per query after fetching every shard.
- **Adding 100 articles** (at 50,000): the 100 articles that follow in the generated sequence, built
  onto a copy of the bundle as in a repository; the size of the files that are new or changed.
";

/// `xtask rss CMD ARGS...`: runs a command and prints its peak resident memory (`maxrss_kb=N`)
/// to stderr, from `getrusage(RUSAGE_CHILDREN)` of this process, whose only child it is.
pub fn rss_cmd(args: &[String]) -> Result {
    let Some((program, rest)) = args.split_first() else { return Err("usage: xtask rss CMD [ARGS...]".into()) };
    let status = Command::new(program).args(rest).status().map_err(|e| format!("cannot run {program}: {e}"))?;
    eprintln!("maxrss_kb={}", children_maxrss_kb());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed: {status}"))
    }
}

#[repr(C)]
struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

fn children_maxrss_kb() -> i64 {
    const RUSAGE_CHILDREN: i32 = -1;
    let mut usage = Rusage { utime: [0; 2], stime: [0; 2], maxrss: 0, rest: [0; 13] };
    // SAFETY: getrusage writes one `struct rusage` (on Linux x86_64 and aarch64 the layout
    // above: two timevals, then 14 longs) into the memory we own.
    let ok = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) } == 0;
    if ok {
        usage.maxrss
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_format() {
        let r = json!({"name": "10000", "articles": 10000, "distinct_words": 61234, "build_s": 12.34, "browser": {
            "cold_ms": {"median": 456.7}, "first_bytes": 812345, "search_cold": {"bytes": 40123, "requests": 1},
            "latency": {"p95": 9.25}, "longest_task_ms": 38, "memory": {"bytes": 61_000_000}}});
        assert_eq!(
            summary_line(&r),
            "bench articles=10000 distinct_words=61234 cold_ms=457 first_bytes=812345 search_cold_bytes=40123 search_cold_requests=1 p95_ms=9.2 longest_task_ms=38 mem_mb=61.0 build_s=12.3"
        );
        assert!(summary_line(&json!({"articles": 5})).ends_with("build_s=NA"));
    }

    #[test]
    fn merged_results_keep_the_other_sizes_in_order() {
        let previous = json!([{"name": "10000", "v": 1}, {"name": "50000", "v": 2}, {"name": "kcna", "v": 3}]);
        let merged = merge_results(previous, vec![json!({"name": "50000", "v": 20}), json!({"name": "2000", "v": 4})]);
        let names: Vec<_> = merged.iter().map(|r| (r["name"].as_str().unwrap(), r["v"].as_i64().unwrap())).collect();
        assert_eq!(names, [("10000", 1), ("50000", 20), ("kcna", 3), ("2000", 4)]);
    }

    #[test]
    fn rss_of_a_child_is_measured() {
        let exe = "/bin/sh";
        if Path::new(exe).exists() {
            Command::new(exe).args(["-c", "true"]).status().unwrap();
            assert!(children_maxrss_kb() > 0);
        }
    }
}
