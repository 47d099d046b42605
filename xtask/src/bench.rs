//! `cargo xtask bench [--articles N]... [--seed S] [--no-build]`: the search and
//! filtering benchmark, in a real browser.
//!
//! For each size (default 1,000, 10,000 and 50,000 articles; `--articles` may be
//! repeated or given a comma list): generate the synthetic corpus
//! (`gen_corpus`, cached in `target/bench/`), copy the release build `dist/` to
//! `target/bench/site/` with `corpus.json` replaced by it (plus MiniSearch's UMD
//! bundle as `minisearch.js`), serve that on 127.0.0.1 with a small std-only
//! server (no compression, `no-store`), and run `bench/run.mjs` (playwright-core,
//! system Chromium). It prints a table per size and then exactly one line per size:
//!
//! ```text
//! bench articles=N p95_ms=X median_ms=X query_ratio_vs_minisearch=X index_ratio_vs_minisearch=X mem_ratio=X
//! ```
//!
//! * `median_ms`/`p95_ms`: UI interactions (typing, facet toggles, dates), from
//!   dispatching the input event to the results/status region updated in the DOM.
//!   The table also shows the time to the next animation frame (when it can be
//!   painted). Interactions that changed nothing on screen are excluded (counted).
//! * `query_ratio_vs_minisearch`: median per-query time of `tumen_search_count`
//!   (parse + search + facets + sort) ÷ median of `MiniSearch.search` (prefix,
//!   fuzzy 0.2, title boost 3), over the same typed prefixes. Below 1 is faster.
//! * `index_ratio_vs_minisearch`: our tag + index time (marks `tumen:parsed` →
//!   `tumen:indexed`) ÷ MiniSearch `addAll` on the same documents. The table
//!   also shows index-only (`tumen:tagged` → `tumen:indexed`).
//! * `mem_ratio`: (wasm linear memory + JS heap above an empty page, after gc,
//!   measured before MiniSearch is loaded) ÷ corpus JSON bytes.
//!
//! A value that could not be measured prints as `NA` (with the reason above it).
//! Results are also written to `target/bench/results.json`.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::gen_corpus::{self, Json};
use crate::util::{self, Result};

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let mut sizes: Vec<usize> = Vec::new();
    while let Some(v) = util::take_opt(&mut args, "--articles")? {
        for part in v.split(',').filter(|p| !p.trim().is_empty()) {
            sizes.push(part.trim().replace('_', "").parse().map_err(|_| format!("--articles: `{part}` is not a number"))?);
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 50_000];
    }
    let seed: u64 = util::take_opt(&mut args, "--seed")?.unwrap_or_else(|| "42".into()).parse().map_err(|_| "--seed needs a number")?;
    let no_build = util::take_flag(&mut args, "--no-build");
    let headed = util::take_flag(&mut args, "--headed");
    let report_only = util::take_flag(&mut args, "--report-only");
    util::no_more_args(&args)?;

    let root = util::project_root();
    if report_only {
        return report_saved(&root);
    }
    let dist = crate::build::dist_dir();
    if !root.join("node_modules").join("playwright-core").is_dir() || !root.join("node_modules").join("minisearch").is_dir() {
        util::run(util::cmd("npm").args(["install", "--no-audit", "--no-fund"]))?;
    }
    if no_build {
        eprintln!("bench: --no-build: using the existing dist/");
    } else {
        crate::install::ensure(crate::install::Need::Build)?;
        if let Err(e) = crate::build::build(None) {
            if dist.join("index.html").is_file() {
                eprintln!("bench: warning: the build failed ({e}); benchmarking the existing dist/");
            } else {
                return Err(format!("the build failed and there is no dist/: {e}"));
            }
        }
    }
    if !dist.join("index.html").is_file() {
        return Err(format!("{} has no index.html: run `cargo xtask build`", dist.display()));
    }

    let bench_dir = root.join("target").join("bench");
    let mut lines = Vec::new();
    let mut all = Vec::new();
    let mut measured: Vec<(usize, u64, Json)> = Vec::new();
    for &n in &sizes {
        eprintln!("\n== bench: {n} articles ==");
        let corpus = gen_corpus::default_path(n, seed);
        if !corpus.is_file() {
            let t = util::Timer::start();
            let bytes = gen_corpus::write_corpus_file(n, seed, &corpus)?;
            eprintln!("generated {} ({:.1} MB) in {:.0} s", corpus.display(), bytes as f64 / 1e6, t.secs());
        }
        let corpus_bytes = fs::metadata(&corpus).map_err(|e| e.to_string())?.len();
        let site = bench_dir.join("site");
        prepare_site(&dist, &site, &corpus, &root)?;
        let port = start_server(site.clone())?;
        let url = format!("http://127.0.0.1:{port}/");
        let result = run_node(&root, &url, n, corpus_bytes, headed)?;
        let (table, line) = report(n, corpus_bytes, &result);
        println!("{table}");
        println!("{line}");
        lines.push(line);
        all.push(result_json_text(n, &result));
        measured.push((n, corpus_bytes, result));
    }
    let run_lines = lines.clone();
    // Keep saved results of sizes not run this time, so BENCHMARKS.md can show every size.
    let saved_path = bench_dir.join("results.json");
    if let Ok(saved) = fs::read_to_string(&saved_path).map_err(|e| e.to_string()).and_then(|t| Json::parse(&t)) {
        for entry in saved.as_array() {
            let n = entry.get("articles").and_then(Json::as_f64).unwrap_or(0.0) as usize;
            if let (false, Some(r)) = (sizes.contains(&n), entry.get("result")) {
                let bytes = num(r, &["corpus_bytes"]).unwrap_or(0.0) as u64;
                all.push(result_json_text(n, r));
                lines.push(report(n, bytes, r).1);
                measured.push((n, bytes, r.clone()));
            }
        }
    }
    let mut order: Vec<usize> = (0..measured.len()).collect();
    order.sort_by_key(|&i| measured[i].0);
    let measured: Vec<(usize, u64, Json)> = order.iter().map(|&i| measured[i].clone()).collect();
    let lines: Vec<String> = order.iter().map(|&i| lines[i].clone()).collect();
    let all: Vec<String> = order.iter().map(|&i| all[i].clone()).collect();
    let _ = fs::write(&saved_path, format!("[{}]\n", all.join(",\n")));
    write_benchmarks_md(&root, &measured, &lines)?;
    println!("\nSummary:");
    for l in &run_lines {
        println!("{l}");
    }
    Ok(())
}

fn prepare_site(dist: &Path, site: &Path, corpus: &Path, root: &Path) -> Result {
    if site.exists() {
        fs::remove_dir_all(site).map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(dist, site)?;
    let target = site.join("corpus.json");
    let _ = fs::remove_file(&target);
    if fs::hard_link(corpus, &target).is_err() {
        fs::copy(corpus, &target).map_err(|e| format!("cannot copy the corpus: {e}"))?;
    }
    let ms = root.join("node_modules").join("minisearch").join("dist").join("umd").join("index.js");
    fs::copy(&ms, site.join("minisearch.js")).map_err(|e| format!("cannot copy {}: {e}", ms.display()))?;
    util::write(&site.join("bench-blank.html"), "<!doctype html><meta charset=utf-8><title>blank</title>\n")?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// A minimal static server for the bench: GET/HEAD, no compression, no caching.

fn start_server(dir: PathBuf) -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            thread::spawn(move || {
                let _ = handle(&dir, stream);
            });
        }
    });
    Ok(port)
}

fn handle(dir: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = percent_decode(path.trim_start_matches('/'));
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel };
    let file = if rel.split('/').any(|s| s == ".." || s.starts_with('.')) { None } else { Some(dir.join(&rel)) };
    match file.filter(|f| f.is_file()) {
        Some(f) if method == "GET" || method == "HEAD" => {
            let len = fs::metadata(&f)?.len();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                crate::serve::mime_type(&rel)
            );
            stream.write_all(head.as_bytes())?;
            if method == "GET" {
                let mut file = fs::File::open(&f)?;
                std::io::copy(&mut file, &mut stream)?;
            }
        }
        _ => {
            let body = "not found\n";
            let head = format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            stream.write_all(head.as_bytes())?;
        }
    }
    stream.flush()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && s.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------

fn run_node(root: &Path, url: &str, n: usize, corpus_bytes: u64, headed: bool) -> Result<Json> {
    let mut cmd = Command::new("node");
    cmd.current_dir(root)
        .arg("bench/run.mjs")
        .args(["--url", url, "--articles", &n.to_string(), "--corpus-bytes", &corpus_bytes.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if headed {
        cmd.args(["--headed", "1"]);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run node: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel::<String>();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Generous: loading 50,000 articles twice (ours and MiniSearch) takes minutes.
    let limit = Duration::from_secs(600 + (n as u64 / 50_000 + 1) * 3600);
    let start = Instant::now();
    let mut result = None;
    loop {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(line) => {
                if let Some(json) = line.strip_prefix("RESULT ") {
                    result = Some(Json::parse(json)?);
                } else {
                    eprintln!("{line}");
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if start.elapsed() > limit {
                    let _ = child.kill();
                    eprintln!("bench: node timed out after {} s: killed", limit.as_secs());
                    break;
                }
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let mut drain = String::new();
    let _ = child.stdout.take().map(|mut s| s.read_to_string(&mut drain));
    result.ok_or_else(|| format!("bench/run.mjs produced no RESULT line (exit {status})"))
}

fn num(j: &Json, path: &[&str]) -> Option<f64> {
    let mut cur = j;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_f64().filter(|v| v.is_finite())
}

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}")).unwrap_or_else(|| "NA".into())
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn report(n: usize, corpus_bytes: u64, r: &Json) -> (String, String) {
    let median = num(r, &["latency", "median"]);
    let p95 = num(r, &["latency", "p95"]);
    let q_ours = num(r, &["ours", "query", "median"]);
    let q_ms = num(r, &["minisearch", "query", "median"]);
    let tag_index = num(r, &["ours", "tag_index_ms"]);
    let index_only = num(r, &["ours", "index_ms"]);
    let add_all = num(r, &["minisearch", "add_all_ms"]);
    let mem = num(r, &["ours", "mem_ratio"]);
    let mut t = String::new();
    t.push_str(&format!("\nSearch and filtering, {n} articles ({:.1} MB corpus JSON)\n", corpus_bytes as f64 / 1e6));
    for note in r.get("notes").map(Json::as_array).unwrap_or(&[]) {
        if let Some(s) = note.as_str() {
            t.push_str(&format!("  note: {s}\n"));
        }
    }
    let row = |t: &mut String, k: &str, v: String| t.push_str(&format!("  {k:<48} {v}\n"));
    row(&mut t, "load: parse (fetched -> parsed)", format!("{} ms", fmt(num(r, &["ours", "parse_ms"]), 0)));
    row(&mut t, "load: tag (parsed -> tagged)", format!("{} ms", fmt(num(r, &["ours", "tag_ms"]), 0)));
    row(&mut t, "load: index (tagged -> indexed)", format!("{} ms", fmt(index_only, 0)));
    row(&mut t, "MiniSearch addAll", format!("{} ms", fmt(add_all, 0)));
    row(&mut t, "index ratio, tag+index / addAll (the line)", fmt(ratio(tag_index, add_all), 3));
    row(&mut t, "index ratio, index only / addAll", fmt(ratio(index_only, add_all), 3));
    row(
        &mut t,
        "UI interactions measured / unchanged",
        format!("{} / {}", fmt(num(r, &["latency", "n"]), 0), fmt(num(r, &["unchanged"]), 0)),
    );
    row(&mut t, "UI latency median / p95 / max", format!("{} / {} / {} ms", fmt(median, 1), fmt(p95, 1), fmt(num(r, &["latency", "max"]), 1)));
    for kind in ["type", "clear", "facet", "date"] {
        if let Some(m) = num(r, &["latency_by_kind", kind, "median"]) {
            row(
                &mut t,
                &format!("  {kind}: n, median / p95"),
                format!("{}, {m:.1} / {} ms", fmt(num(r, &["latency_by_kind", kind, "n"]), 0), fmt(num(r, &["latency_by_kind", kind, "p95"]), 1)),
            );
        }
    }
    row(
        &mut t,
        "query: ours median / p95 (tumen_search_count)",
        format!("{} / {} ms", fmt(q_ours, 3), fmt(num(r, &["ours", "query", "p95"]), 3)),
    );
    row(&mut t, "query: MiniSearch median / p95", format!("{} / {} ms", fmt(q_ms, 3), fmt(num(r, &["minisearch", "query", "p95"]), 3)));
    row(&mut t, "query ratio (medians, ours / MiniSearch)", fmt(ratio(q_ours, q_ms), 3));
    row(&mut t, "wasm memory", format!("{} MB", fmt(num(r, &["ours", "wasm_bytes"]).map(|b| b / 1e6), 1)));
    row(&mut t, "JS heap above an empty page", format!("{} MB", fmt(num(r, &["ours", "js_heap_delta"]).map(|b| b / 1e6), 1)));
    row(&mut t, "memory ratio, ours (wasm + JS) / corpus", fmt(mem, 2));
    row(&mut t, "memory ratio, MiniSearch JS heap / corpus", fmt(num(r, &["minisearch", "mem_ratio"]), 2));
    let line = format!(
        "bench articles={n} p95_ms={} median_ms={} query_ratio_vs_minisearch={} index_ratio_vs_minisearch={} mem_ratio={}",
        fmt(p95, 2),
        fmt(median, 2),
        fmt(ratio(q_ours, q_ms), 3),
        fmt(ratio(tag_index, add_all), 3),
        fmt(mem, 2)
    );
    (t, line)
}

/// `--report-only`: re-prints the tables and lines of `target/bench/results.json` and
/// rewrites the BENCHMARKS.md section from it, without running anything.
fn report_saved(root: &Path) -> Result {
    let path = root.join("target").join("bench").join("results.json");
    let saved = Json::parse(&util::read(&path)?)?;
    let mut measured = Vec::new();
    let mut lines = Vec::new();
    for entry in saved.as_array() {
        let n = entry.get("articles").and_then(Json::as_f64).unwrap_or(0.0) as usize;
        let Some(r) = entry.get("result") else { continue };
        let bytes = num(r, &["corpus_bytes"]).unwrap_or(0.0) as u64;
        let (table, line) = report(n, bytes, r);
        println!("{table}");
        println!("{line}");
        lines.push(line);
        measured.push((n, bytes, r.clone()));
    }
    write_benchmarks_md(root, &measured, &lines)
}

pub const BENCH_HEADING: &str = "## Search and filtering (cargo xtask bench)";

/// Rewrites this benchmark's section of BENCHMARKS.md (other sections untouched).
fn write_benchmarks_md(root: &Path, measured: &[(usize, u64, Json)], lines: &[String]) -> Result {
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let mut s = String::new();
    s.push_str(BENCH_HEADING);
    s.push_str("\n\n");
    s.push_str(BENCH_METHOD);
    s.push_str("\n| Measure |");
    for (n, _, _) in measured {
        s.push_str(&format!(" {n} articles |"));
    }
    s.push_str("\n|---|");
    for _ in measured {
        s.push_str("---:|");
    }
    s.push('\n');
    type Cell = fn(u64, &Json) -> String;
    let rows: [(&str, Cell); 19] = [
        ("Corpus JSON", |b, _| format!("{:.1} MB", b as f64 / 1e6)),
        ("Parse (tumen:fetched → tumen:parsed)", |_, r| format!("{} ms", fmt(num(r, &["ours", "parse_ms"]), 0))),
        ("Tag (window.__tumenLoad.tag_ms)", |_, r| format!("{} ms", fmt(num(r, &["ours", "tag_ms"]), 0))),
        ("Index (window.__tumenLoad.index_ms)", |_, r| format!("{} ms", fmt(num(r, &["ours", "index_ms"]), 0))),
        ("MiniSearch addAll", |_, r| format!("{} ms", fmt(num(r, &["minisearch", "add_all_ms"]), 0))),
        ("**Index ratio**, tag + index ÷ addAll (the line)", |_, r| {
            fmt(ratio(num(r, &["ours", "tag_index_ms"]), num(r, &["minisearch", "add_all_ms"])), 2)
        }),
        ("Index ratio, index only ÷ addAll", |_, r| fmt(ratio(num(r, &["ours", "index_ms"]), num(r, &["minisearch", "add_all_ms"])), 2)),
        ("UI interactions timed (unchanged, excluded)", |_, r| {
            format!("{} ({})", fmt(num(r, &["latency", "n"]), 0), fmt(num(r, &["unchanged"]), 0))
        }),
        ("**UI latency median**", |_, r| format!("{} ms", fmt(num(r, &["latency", "median"]), 1))),
        ("**UI latency p95**", |_, r| format!("{} ms", fmt(num(r, &["latency", "p95"]), 1))),
        ("UI latency to the next frame, median / p95", |_, r| {
            format!("{} / {} ms", fmt(num(r, &["latency_to_paint", "median"]), 1), fmt(num(r, &["latency_to_paint", "p95"]), 1))
        }),
        ("Typing a letter, median / p95", |_, r| {
            format!("{} / {} ms", fmt(num(r, &["latency_by_kind", "type", "median"]), 1), fmt(num(r, &["latency_by_kind", "type", "p95"]), 1))
        }),
        ("Facet toggle, median / p95", |_, r| {
            format!("{} / {} ms", fmt(num(r, &["latency_by_kind", "facet", "median"]), 1), fmt(num(r, &["latency_by_kind", "facet", "p95"]), 1))
        }),
        ("Query, ours (tumen_search_count), median / p95", |_, r| {
            format!("{} / {} ms", fmt(num(r, &["ours", "query", "median"]), 3), fmt(num(r, &["ours", "query", "p95"]), 3))
        }),
        ("Query, MiniSearch.search, median / p95", |_, r| {
            format!("{} / {} ms", fmt(num(r, &["minisearch", "query", "median"]), 3), fmt(num(r, &["minisearch", "query", "p95"]), 3))
        }),
        ("**Query ratio** (medians, ours ÷ MiniSearch)", |_, r| {
            fmt(ratio(num(r, &["ours", "query", "median"]), num(r, &["minisearch", "query", "median"])), 3)
        }),
        ("Wasm memory / JS heap above a blank page", |_, r| {
            format!(
                "{} MB / {} MB",
                fmt(num(r, &["ours", "wasm_bytes"]).map(|b| b / 1e6), 1),
                fmt(num(r, &["ours", "js_heap_delta"]).map(|b| b / 1e6), 1)
            )
        }),
        ("**Memory ratio**, ours (wasm + JS) ÷ corpus", |_, r| fmt(num(r, &["ours", "mem_ratio"]), 2)),
        ("Memory ratio, MiniSearch's JS heap ÷ corpus", |_, r| fmt(num(r, &["minisearch", "mem_ratio"]), 2)),
    ];
    for (label, cell) in rows {
        s.push_str(&format!("| {label} |"));
        for (_, bytes, r) in measured {
            s.push_str(&format!(" {} |", cell(*bytes, r)));
        }
        s.push('\n');
    }
    let notes: Vec<String> = measured
        .iter()
        .flat_map(|(n, _, r)| {
            r.get("notes").map(Json::as_array).unwrap_or(&[]).iter().filter_map(|x| x.as_str()).map(move |x| format!("- {n} articles: {x}"))
        })
        .collect();
    if !notes.is_empty() {
        s.push_str("\nNotes from the run:\n\n");
        s.push_str(&notes.join("\n"));
        s.push('\n');
    }
    s.push_str("\nThe summary lines (latest run of each size; `target/bench/results.json` has every figure):\n\n```text\n");
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("```\n");
    util::write(&path, crate::test::replace_section(&old, BENCH_HEADING, &s))?;
    eprintln!("wrote the search figures to BENCHMARKS.md");
    Ok(())
}

const BENCH_METHOD: &str = "\
Command: `cargo xtask bench` (sizes 1,000, 10,000 and 50,000 articles; `--articles N[,M]`,
`--no-build` to reuse `dist/`). Corpus: `cargo xtask gen-corpus` (synthetic, seed 42:
300–1,200 words of body per article, real gazetteer spellings and topic terms, a 40,000-word
made-up long tail). The release build is served from `target/bench/site/` by a std-only
server on 127.0.0.1 (no compression); `bench/run.mjs` drives headless Chromium
(playwright-core). This machine: 2 shared CPU cores, so figures vary from run to run.

- **UI latency**: a fixed script of 200+ interactions through the real UI: typing 15 queries
  letter by letter into the searchbox \"Search\" (and clearing it), toggling checkboxes in the
  groups \"Province\", \"Topic\" and \"Source\" (with and without search text), setting the
  \"From\" and \"To\" dates. Each is timed in the page from dispatching the input event until
  the results section and its status line are updated in the DOM (a MutationObserver, which
  runs once the update is complete): the line's figures. The table also gives the time to the
  next `requestAnimationFrame` (when the browser can paint it; that adds up to one 16.7 ms
  frame of vsync alignment). Interactions after which nothing on screen changed are excluded
  and counted.
- **Tag and index**: the reader tags each article while it indexes it (so full tags never pile
  up in memory) and publishes the split as `window.__tumenLoad`.
- **Query ratio**: the same query strings (every typed prefix) through
  `window.wasmBindings.tumen_search_count` (query parsing, search, ranking, all facets, the
  timeline and sorting, no rendering) and through `MiniSearch.search` (MiniSearch 7.2.0, fields
  title, summary, body, caption; `prefix: true, fuzzy: 0.2, boost: {title: 3}`), after a
  warm-up call, median of 3 rounds per query (calls under 2 ms timed 5 at a time: Chromium's
  clock has 0.1 ms resolution); the ratio is of the two medians (below 1: we are faster).
- **Index ratio** (the line): our tagging + indexing (`tumen:parsed` → `tumen:indexed`) ÷
  MiniSearch `addAll` on the same documents, in the same page. Index only is shown too.
- **Memory ratio**: (wasm linear memory + JS heap above a blank page of the same origin, after
  two forced GCs, measured before MiniSearch is loaded) ÷ corpus JSON bytes. Wasm memory never
  shrinks, so this includes the peak of loading (the JSON text copied into wasm and parsed).
- Native timings of the index alone: `cargo test --release -p tumen-core --test index_perf --
  --ignored --nocapture` (corpus from `TUMEN_BENCH_CORPUS`).
";

fn result_json_text(n: usize, r: &Json) -> String {
    let mut out = String::new();
    write_json(&mut out, r);
    format!("{{\"articles\": {n}, \"result\": {out}}}")
}

fn write_json(out: &mut String, j: &Json) {
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) if n.is_finite() => out.push_str(&format!("{n}")),
        Json::Num(_) => out.push_str("null"),
        Json::Str(s) => gen_corpus::json_str(out, s),
        Json::Arr(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, v);
            }
            out.push(']');
        }
        Json::Obj(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                gen_corpus::json_str(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_line_format() {
        let r = Json::parse(
            r#"{"latency": {"median": 3.5, "p95": 9.25, "n": 200}, "ours": {"query": {"median": 0.5}, "tag_index_ms": 100, "index_ms": 40, "mem_ratio": 2.1},
                "minisearch": {"query": {"median": 1.0}, "add_all_ms": 400}, "notes": ["x"]}"#,
        )
        .unwrap();
        let (_, line) = report(1000, 5_000_000, &r);
        assert_eq!(line, "bench articles=1000 p95_ms=9.25 median_ms=3.50 query_ratio_vs_minisearch=0.500 index_ratio_vs_minisearch=0.250 mem_ratio=2.10");
        let (_, line) = report(5, 1, &Json::parse("{}").unwrap());
        assert!(line.ends_with("mem_ratio=NA"));
    }

    #[test]
    fn decoding_paths() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
