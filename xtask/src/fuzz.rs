//! `cargo xtask fuzz`: coverage-guided fuzzing of every entry point that takes
//! outside input (fuzz/fuzz_targets), with libFuzzer on the stable toolchain.
//!
//! cargo-fuzz wants nightly only for its sanitizer flags; the coverage itself is
//! stable rustc (`-Cpasses=sancov-module`), and libfuzzer-sys builds libFuzzer
//! with the system C++ compiler. So this builds the fuzz crate with the same
//! flags cargo-fuzz passes, minus AddressSanitizer (safe Rust needs none), seeds
//! each target from real files, runs them one after another, and prints (and
//! with `--record` writes to BENCHMARKS.md) executions, crashes and memory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, cmd, project_root, Result};

/// Each target, the dictionary it uses, and its longest input: long enough for
/// real articles and every structure, short enough to keep executions fast.
const TARGETS: &[(&str, &str, usize)] = &[
    ("corpus_json", "json.dict", 16_384),
    ("jsonl", "json.dict", 16_384),
    ("raw_text", "text.dict", 16_384),
    ("tagger", "text.dict", 8_192),
    ("query", "query.dict", 2_048),
    ("highlight", "text.dict", 4_096),
    ("bundle", "json.dict", 8_192),
    ("zip", "zip.dict", 16_384),
    ("backup", "json.dict", 16_384),
    ("work", "text.dict", 4_096),
];

const RUSTFLAGS: &str = "-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

const HEADING: &str = "## Fuzzing (cargo xtask fuzz)";

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let time: u64 = util::take_opt(&mut args, "--time")?.map_or(Ok(60), |s| s.parse().map_err(|_| format!("--time {s}: not a number of seconds")))?;
    let runs: Option<u64> = util::take_opt(&mut args, "--runs")?.map(|s| s.parse().map_err(|_| format!("--runs {s}: not a number"))).transpose()?;
    let only = util::take_opt(&mut args, "--targets")?;
    let record = util::take_flag(&mut args, "--record");
    util::no_more_args(&args)?;
    let targets: Vec<&(&str, &str, usize)> = match &only {
        Some(list) => {
            let names: Vec<&str> = list.split(',').collect();
            if let Some(bad) = names.iter().find(|n| !TARGETS.iter().any(|t| t.0 == **n)) {
                return Err(format!("no fuzz target `{bad}` (targets: {})", TARGETS.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")));
            }
            TARGETS.iter().filter(|t| names.contains(&t.0)).collect()
        }
        None => TARGETS.iter().collect(),
    };

    let root = project_root();
    let bin_dir = build(&root)?;
    let work = root.join("target/fuzz/work");
    let mut rows = Vec::new();
    for &&(name, dict, max_len) in &targets {
        let seeds = work.join("seeds").join(name);
        write_seeds(name, &seeds)?;
        let corpus = work.join("corpus").join(name);
        let artifacts = work.join("artifacts").join(name);
        fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        fs::create_dir_all(&artifacts).map_err(|e| format!("{}: {e}", artifacts.display()))?;
        let before = count_files(&artifacts);
        // Every regression kept in the repo runs first: a fixed crash stays fixed.
        let regressions = root.join("fuzz/regressions").join(name);
        if count_files(&regressions) > 0 {
            let mut c = Command::new(bin_dir.join(name));
            c.arg("-runs=1").arg(&regressions);
            util::run(&mut c).map_err(|e| format!("{name}: a kept regression fails again: {e}"))?;
        }
        let mut c = Command::new(bin_dir.join(name));
        c.current_dir(&root)
            .arg(&corpus)
            .arg(&seeds)
            .arg(format!("-dict={}", root.join("fuzz/dict").join(dict).display()))
            .arg(format!("-max_len={max_len}"))
            // A hang is any input slower than a second; memory is bounded per input and in all.
            .arg("-timeout=1")
            .arg("-rss_limit_mb=2048")
            .arg("-malloc_limit_mb=512")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-print_final_stats=1")
            .arg("-close_fd_mask=1");
        match runs {
            Some(n) => c.arg(format!("-runs={n}")),
            None => c.arg(format!("-max_total_time={time}")),
        };
        eprintln!("==> fuzz {name} ({})", runs.map_or(format!("{time} s"), |n| format!("{n} runs")));
        let timer = util::Timer::start();
        let out = c.output().map_err(|e| format!("{name}: {e}"))?;
        let secs = timer.secs();
        let log = String::from_utf8_lossy(&out.stderr);
        fs::write(work.join(format!("{name}.log")), log.as_bytes()).map_err(|e| e.to_string())?;
        let stat = |key: &str| -> u64 {
            log.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
        };
        let found = count_files(&artifacts) - before;
        let row = Row {
            name,
            executions: stat("stat::number_of_executed_units:"),
            secs,
            peak_rss_mb: stat("stat::peak_rss_mb:"),
            coverage: log.lines().rev().find_map(|l| l.split_once(" cov: ")).and_then(|(_, r)| r.split_whitespace().next()).unwrap_or("?").to_string(),
            crashes: found,
            ok: out.status.success() && found == 0,
        };
        eprintln!("{}", row.line());
        if !row.ok {
            eprintln!("{}", log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n"));
        }
        rows.push(row);
    }
    let table = table(&rows);
    println!("\n{table}");
    if record {
        let path = root.join("BENCHMARKS.md");
        let old = util::read(&path)?;
        let mut s = format!("{HEADING}\n\n");
        s.push_str(&format!(
            "Command: `cargo xtask fuzz {}--record` (libFuzzer through libfuzzer-sys on stable rustc with \
sanitizer coverage; seeds from the bundled corpus, the tests' fixtures and `../shared/real-corpus`; \
dictionaries in `fuzz/dict`; a hang is an input over 1 s; memory limited to 512 MB per input, 2 GB in all). \
Last run on {}; rows of targets not run that time keep their own date. Inputs that crash are kept in `target/fuzz/work/artifacts/<target>/` and become regression \
files in `fuzz/regressions/<target>/`, which every run replays first.\n\n",
            runs.map_or(format!("--time {time} "), |n| format!("--runs {n} ")),
            today()
        ));
        // Rows of targets not run this time are kept from the last record, each with its date.
        let kept: Vec<String> = section_rows(&old).into_iter().filter(|l| !rows.iter().any(|r| l.starts_with(&format!("| `{}` |", r.name)))).collect();
        let mut all: Vec<String> = rows.iter().map(|r| format!("{} {} |", r.line(), today())).collect();
        all.extend(kept);
        all.sort_by_key(|l| TARGETS.iter().position(|t| l.starts_with(&format!("| `{}` |", t.0))).unwrap_or(usize::MAX));
        s.push_str("| target | executions | seconds | per second | coverage (edges) | peak memory (MB) | crashes, hangs, OOMs | run on |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for l in all {
            s.push_str(&l);
            s.push('\n');
        }
        util::write(&path, crate::test::replace_section(&old, HEADING, &s))?;
        eprintln!("wrote the section {HEADING:?} of BENCHMARKS.md");
    }
    match rows.iter().filter(|r| !r.ok).map(|r| r.name).collect::<Vec<_>>() {
        bad if bad.is_empty() => Ok(()),
        bad => Err(format!(
            "fuzzing failed for {}: a crash, hang or OOM (in target/fuzz/work/artifacts/), or the fuzzer did not start (its log: target/fuzz/work/<target>.log)",
            bad.join(", ")
        )),
    }
}

struct Row {
    name: &'static str,
    executions: u64,
    secs: f64,
    peak_rss_mb: u64,
    coverage: String,
    crashes: usize,
    ok: bool,
}

impl Row {
    fn line(&self) -> String {
        format!(
            "| `{}` | {} | {:.0} | {} | {} | {} | {} |",
            self.name,
            thousands(self.executions),
            self.secs,
            thousands((self.executions as f64 / self.secs.max(0.001)) as u64),
            self.coverage,
            self.peak_rss_mb,
            self.crashes
        )
    }
}

fn table(rows: &[Row]) -> String {
    let mut s = String::from("| target | executions | seconds | per second | coverage (edges) | peak memory (MB) | crashes, hangs, OOMs |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        s.push_str(&r.line());
        s.push('\n');
    }
    s
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn today() -> String {
    util::output(Command::new("date").arg("+%Y-%m-%d")).map(|s| s.trim().to_string()).unwrap_or_else(|| "this machine".into())
}

/// Builds every fuzz target with coverage instrumentation; returns the folder
/// of the binaries. The explicit `--target` keeps the flags off build scripts
/// and proc macros, which must not be instrumented.
fn build(root: &Path) -> Result<PathBuf> {
    let host = util::output(Command::new("rustc").arg("-vV"))
        .and_then(|v| v.lines().find_map(|l| l.strip_prefix("host: ").map(str::to_string)))
        .ok_or("could not ask rustc for the host triple")?;
    if util::which("c++").is_none() && util::which("g++").is_none() && util::which("clang++").is_none() {
        return Err("libFuzzer needs a C++ compiler: install g++ (Debian: apt-get install g++)".into());
    }
    let target_dir = root.join("target/fuzz");
    let mut c = cmd("cargo");
    c.args(["build", "--release", "--manifest-path", "fuzz/Cargo.toml", "--target", &host, "--target-dir"])
        .arg(&target_dir)
        .env("RUSTFLAGS", RUSTFLAGS);
    util::run(&mut c)?;
    Ok(target_dir.join(host).join("release"))
}

/// The table rows of the fuzzing section of BENCHMARKS.md, as written last time.
fn section_rows(doc: &str) -> Vec<String> {
    let Some(start) = doc.find(HEADING) else { return Vec::new() };
    let rest = &doc[start + HEADING.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest[..end].lines().filter(|l| l.starts_with("| `")).map(str::to_string).collect()
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).filter(|e| e.path().is_file()).count()).unwrap_or(0)
}

/// Writes a target's seed inputs, from the repo's own files and, when present,
/// the real text of `../shared/real-corpus` (read here, never shipped).
fn write_seeds(target: &str, dir: &Path) -> Result {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let root = project_root();
    let real = root.join("../shared/real-corpus");
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    let articles = || -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        let mut files = vec![root.join("data/sample-corpus/articles.jsonl")];
        for f in ["kcna_en.jsonl", "csis_provocations.jsonl", "nk_newyear_ko.jsonl"] {
            files.push(real.join(f));
        }
        for f in files {
            let Ok(text) = fs::read_to_string(&f) else { continue };
            for line in text.lines().take(40) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    out.push(shorten(v));
                }
            }
        }
        out
    };
    match target {
        "corpus_json" | "jsonl" => {
            let all = articles();
            for pair in all.chunks(2) {
                seeds.push(if target == "jsonl" {
                    pair.iter().map(|a| a.to_string()).collect::<Vec<_>>().join("\n").into_bytes()
                } else {
                    serde_json::json!({"version": 1, "articles": pair}).to_string().into_bytes()
                });
            }
            seeds.push(b"\xef\xbb\xbf{\"version\": 1, \"articles\": []}".to_vec());
        }
        "raw_text" => {
            for dir in [root.join("data/seeds"), real.join("raw-txt")] {
                let Ok(entries) = fs::read_dir(&dir) else { continue };
                for e in entries.filter_map(|e| e.ok()) {
                    if let Ok(bytes) = fs::read(e.path()) {
                        seeds.push(bytes.into_iter().take(16_384).collect());
                    }
                }
            }
        }
        "tagger" | "highlight" => {
            for a in articles() {
                let mut text = a["title"].as_str().unwrap_or_default().to_string();
                for field in ["summary", "body"] {
                    match &a[field] {
                        serde_json::Value::String(s) => text.push_str(&format!("\n{s}")),
                        serde_json::Value::Array(blocks) => blocks.iter().filter_map(|b| b.as_str()).for_each(|b| text.push_str(&format!("\n{b}"))),
                        _ => {}
                    }
                }
                let text: Vec<u8> = text.into_bytes().into_iter().take(4_000).collect();
                if target == "highlight" {
                    // Three ranges that hit words, then the text.
                    let mut seed = vec![3u8];
                    for (a, b) in [(0u16, 5u16), (3, 12), (20, 400)] {
                        seed.extend(a.to_le_bytes());
                        seed.extend(b.to_le_bytes());
                    }
                    seed.extend(text);
                    seeds.push(seed);
                } else {
                    seeds.push(text);
                }
            }
        }
        "query" => {
            let judged = util::read(&root.join("bench/judged.json"))?;
            let judged: serde_json::Value = serde_json::from_str(&judged).map_err(|e| format!("bench/judged.json: {e}"))?;
            for q in judged["queries"].as_array().into_iter().flatten() {
                if let Some(text) = q["query"].as_str() {
                    seeds.push(text.as_bytes().to_vec());
                    seeds.push(format!("q={}&province=ryanggang&topic=smuggling&from=2020-01&to=2024-12-31&sort=newest", text.replace(' ', "+")).into_bytes());
                }
            }
            seeds.push(b"entity=hyesan&entity=sinuiju&kind=place&undated=0&article=abc".to_vec());
        }
        "bundle" => {
            // [file selector, edit, offset]: every file of the sample bundle, unchanged and cut in half.
            for which in 0..40u8 {
                seeds.push(vec![which, 0, 0, 0]);
                seeds.push(vec![which | 0x80, 1, 64, 0]);
                seeds.push(vec![which, 4, 16, 0, 0xff, 0xff]);
            }
        }
        "zip" => {
            // Small archives made for it (stored, deflated, folders, Mac and hidden files, a zip inside).
            let dir = root.join("fuzz/seeds/zip");
            for e in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.filter_map(|e| e.ok()) {
                seeds.push(fs::read(e.path()).map_err(|e| e.to_string())?);
            }
        }
        "backup" => {
            // A backup as the reader writes it (a collection, a file holding a small corpus,
            // marks with a note, a saved search), and the same with parts missing or damaged.
            let corpus: Vec<serde_json::Value> = articles().into_iter().take(3).collect();
            let corpus = serde_json::json!({"version": 1, "articles": corpus}).to_string();
            let full = serde_json::json!({
                "format": "tumen-backup", "version": 1, "created": "2026-12-03T10:00:00Z",
                "collections": [{"id": "c1", "name": "KCNA 2023", "enabled": true, "created": 1}],
                "files": [{"collection": "c1", "name": "kcna.json", "text": corpus, "articles": 3}],
                "marks": [["a1", {"read": true, "saved": true, "note": "check the date", "updated": 5}]],
                "searches": [{"id": "s1", "name": "Hyesan", "query": "entity=hyesan&q=rice", "created": 2, "seen": ["a1"]}]
            });
            seeds.push(serde_json::to_vec_pretty(&full).map_err(|e| e.to_string())?);
            for part in ["collections", "files", "marks", "searches", "created"] {
                let mut cut = full.clone();
                if let Some(o) = cut.as_object_mut() {
                    o.remove(part);
                }
                seeds.push(cut.to_string().into_bytes());
            }
            seeds.push(br#"{"format": "tumen-backup", "version": 1, "files": [{"collection": "c9", "name": "x", "text": ""}]}"#.to_vec());
            seeds.push(br#"{"format": "tumen-backup", "version": 2}"#.to_vec());
            seeds.push(b"\xef\xbb\xbf{\"format\": \"tumen-backup\", \"version\": 1, \"marks\": [[\"a\"]]}".to_vec());
        }
        "work" => {
            // [edit, offset lo, offset hi, bytes]: each edit kind, resealed or not, at the start,
            // inside the stamp, and further in (the target builds the bytes it edits).
            for edit in [0u8, 1, 2, 3, 0x80, 0x81, 0x82] {
                for at in [0u8, 6, 40, 200] {
                    seeds.push(vec![edit, at, 0, 0xff, 0x01, b'k']);
                }
            }
        }
        other => return Err(format!("no seeds for {other}")),
    }
    for (i, seed) in seeds.iter().enumerate() {
        fs::write(dir.join(format!("seed-{i:04}")), seed).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Cuts an article's long strings, so seeds stay short and executions fast.
fn shorten(mut v: serde_json::Value) -> serde_json::Value {
    fn cut(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.len() > 1_500 => {
                let mut end = 1_500;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.truncate(end);
            }
            serde_json::Value::Array(items) => {
                items.truncate(6);
                items.iter_mut().for_each(cut);
            }
            serde_json::Value::Object(map) => map.values_mut().for_each(cut),
            _ => {}
        }
    }
    cut(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_records_rows_are_read_from_their_section_only() {
        let doc = format!("# B\n\n{HEADING}\n\ntext\n\n| target | x |\n|---|---|\n| `jsonl` | 5 |\n| `bundle` | 7 |\n\n## Next\n\n| `other` | 1 |\n");
        assert_eq!(section_rows(&doc), ["| `jsonl` | 5 |", "| `bundle` | 7 |"]);
        assert!(section_rows("# B\n").is_empty());
        assert_eq!(thousands(10_675_125), "10,675,125");
        assert_eq!(thousands(12), "12");
    }
}
