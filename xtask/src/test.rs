//! `cargo xtask test`: every check the project has, in order, with a summary. Fails if any fails.
//!
//! Stages (select with `--only a,b` or `--skip a,b`):
//!   native     cargo test --workspace --exclude tumen (core, cli, xtask's own tests)
//!   wasm       wasm-bindgen browser tests (tests/web.rs) in headless Chromium
//!   build      the release build (trunk + stamp), sizes printed
//!   corpus     public/corpus.json is what tumen-cli builds from data/
//!   e2e        node --test tests/e2e/ (Playwright, Chromium) against dist/ under /tumen/
//!   webdriver  tests/webdriver/smoke.mjs in Chromium, Firefox ESR and WebKitGTK

use std::path::{Path, PathBuf};

use crate::build;
use crate::install::{self, Need};
use crate::util::{self, cmd, kb, project_root, run, Result, Timer};

const STAGES: [&str; 6] = ["native", "wasm", "build", "corpus", "e2e", "webdriver"];

/// Inputs of the committed corpus, relative to the project root (seeds are globbed, sorted).
pub const CORPUS_SEEDS_DIR: &str = "data/seeds";
pub const CORPUS_JSONL: &str = "data/sample-corpus/articles.jsonl";
pub const BENCH_HEADING: &str = "## Offline and first visit (cargo xtask test, e2e)";

struct Outcome {
    name: &'static str,
    secs: f64,
    result: Result,
}

pub fn run_cmd(mut args: Vec<String>) -> Result {
    let only = util::take_opt(&mut args, "--only")?;
    let skip = util::take_opt(&mut args, "--skip")?;
    util::no_more_args(&args)?;
    let parse = |s: Option<String>| -> Result<Vec<String>> {
        let list: Vec<String> =
            s.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        for s in &list {
            if !STAGES.contains(&s.as_str()) {
                return Err(format!("unknown stage `{s}`; stages are {}", STAGES.join(", ")));
            }
        }
        Ok(list)
    };
    let only = parse(only)?;
    let skip = parse(skip)?;
    let selected: Vec<&'static str> = STAGES
        .iter()
        .copied()
        .filter(|s| (only.is_empty() || only.iter().any(|o| o == s)) && !skip.iter().any(|k| k == s))
        .collect();

    let total = Timer::start();
    let mut outcomes = Vec::new();

    let need = if selected.contains(&"webdriver") {
        Need::AllEngines
    } else if selected.iter().any(|s| ["wasm", "e2e"].contains(s)) {
        Need::Chromium
    } else {
        Need::Build
    };
    let t = Timer::start();
    let installed = install::ensure(need);
    let install_ok = installed.is_ok();
    outcomes.push(Outcome { name: "install", secs: t.secs(), result: installed });

    let mut build_ok = build::dist_dir().join("sw.js").is_file() && !selected.contains(&"build");
    for &stage in &selected {
        eprintln!("\n==> {stage}");
        let t = Timer::start();
        let result = if !install_ok {
            Err("not run: the install step failed".to_string())
        } else {
            match stage {
                "native" => native(),
                "wasm" => wasm(),
                "build" => {
                    let r = build::build(None).map(|_| ());
                    build_ok = r.is_ok();
                    r
                }
                "corpus" => corpus_freshness(),
                "e2e" if build_ok => e2e(),
                "webdriver" if build_ok => webdriver(),
                _ => Err("not run: no release build in dist/".to_string()),
            }
        };
        if let Err(e) = &result {
            eprintln!("==> {stage} FAILED: {e}");
        }
        outcomes.push(Outcome { name: stage, secs: t.secs(), result });
    }

    eprintln!("\nSummary of cargo xtask test ({:.0} s):", total.secs());
    let mut passed = 0;
    let mut failed = 0;
    for o in &outcomes {
        match &o.result {
            Ok(()) => {
                passed += 1;
                eprintln!("  ok      {:<10} {:>7.1} s", o.name, o.secs);
            }
            Err(e) => {
                failed += 1;
                let first = e.lines().next().unwrap_or("");
                eprintln!("  FAILED  {:<10} {:>7.1} s  {first}", o.name, o.secs);
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} stage(s) failed"))
    }
}

/// Native tests of every crate but the web app: the app (root package `tumen`) is wasm-only
/// and its tests run in the `wasm` stage. Building it natively would also put a second
/// binary named `tumen` next to tumen-cli's (cargo: "output filename collision").
fn native() -> Result {
    run(cmd("cargo").args(["test", "--workspace", "--exclude", "tumen"]))
}

fn wasm() -> Result {
    let mut c = cmd("cargo");
    c.args(["test", "-p", "tumen", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner");
    if Path::new("/usr/bin/chromedriver").is_file() {
        c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    }
    run(&mut c)
}

pub fn corpus_inputs() -> Result<Vec<String>> {
    let root = project_root();
    let mut inputs: Vec<String> = util::list_files(&root.join(CORPUS_SEEDS_DIR))?
        .into_iter()
        .filter(|f| f.ends_with(".txt") && !f.contains('/'))
        .map(|f| format!("{CORPUS_SEEDS_DIR}/{f}"))
        .collect();
    inputs.push(CORPUS_JSONL.to_string());
    Ok(inputs)
}

fn corpus_freshness() -> Result {
    let root = project_root();
    let committed = root.join("public/corpus.json");
    let fresh = root.join("target/xtask/corpus-fresh.json");
    let _ = std::fs::remove_file(&fresh);
    let mut c = cmd("cargo");
    c.args(["run", "--quiet", "-p", "tumen-cli", "--", "build"]).args(corpus_inputs()?).arg("-o").arg(&fresh);
    run(&mut c)?;
    let want = std::fs::read(&fresh).map_err(|e| format!("tumen-cli wrote no {}: {e}", fresh.display()))?;
    let have = std::fs::read(&committed).map_err(|e| format!("cannot read public/corpus.json: {e}"))?;
    if want == have {
        eprintln!("public/corpus.json is fresh ({})", kb(have.len() as u64));
        return Ok(());
    }
    let (w, h) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(&have));
    let line = w.lines().zip(h.lines()).position(|(a, b)| a != b).map(|i| i + 1);
    Err(format!(
        "public/corpus.json is stale: `cargo run -p tumen-cli -- build {} -o public/corpus.json` gives different bytes{}",
        corpus_inputs()?.join(" "),
        line.map(|l| format!(" (first difference at line {l})")).unwrap_or_default()
    ))
}

/// Environment the Node test suites read.
fn node_env(c: &mut std::process::Command) -> Result {
    let root = project_root();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    c.env("TUMEN_DIST", build::dist_dir())
        .env("TUMEN_XTASK", exe)
        .env("TUMEN_ARTIFACTS", root.join("tests/e2e/artifacts"))
        .env("TUMEN_WORK", root.join("target/e2e"))
        .env("SE_MANAGER_PATH", "/nonexistent/selenium-manager");
    Ok(())
}

fn e2e() -> Result {
    let root = project_root();
    let dir = root.join("tests/e2e");
    let files: Vec<PathBuf> = util::list_files(&dir)?
        .into_iter()
        .filter(|f| f.ends_with(".test.mjs") && !f.contains('/'))
        .map(|f| dir.join(f))
        .collect();
    if files.is_empty() {
        return Err("no tests/e2e/*.test.mjs files".into());
    }
    let bench = root.join("target/e2e/bench.md");
    let _ = std::fs::remove_file(&bench);
    let mut c = cmd("node");
    c.args(["--test", "--test-concurrency=1", "--test-reporter=spec"]).args(&files);
    node_env(&mut c)?;
    let result = run(&mut c);
    if let Ok(body) = std::fs::read_to_string(&bench) {
        write_benchmarks(&body)?;
    }
    result
}

fn webdriver() -> Result {
    let mut c = cmd("node");
    c.arg("tests/webdriver/smoke.mjs");
    node_env(&mut c)?;
    run(&mut c)
}

/// Replaces this pipeline's section of BENCHMARKS.md (other sections are left alone).
fn write_benchmarks(body: &str) -> Result {
    let path = project_root().join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    let mut section = format!("{BENCH_HEADING}\n\nCommand: `cargo xtask test` (stage `e2e`; alone: `cargo xtask test --only build,e2e`).\n");
    if let Some((file, raw, gz)) = build::wasm_sizes(&build::dist_dir()) {
        section.push_str(&format!("\nRelease wasm `{file}`: {} raw, {} gzip -9.\n", kb(raw), kb(gz)));
    }
    section.push('\n');
    section.push_str(body.trim_end());
    section.push('\n');
    let new = replace_section(&old, BENCH_HEADING, &section);
    util::write(&path, new)?;
    eprintln!("wrote the e2e figures to BENCHMARKS.md");
    Ok(())
}

pub fn replace_section(doc: &str, heading: &str, section: &str) -> String {
    match doc.find(&format!("{heading}\n")) {
        Some(start) => {
            let after = start + heading.len();
            let end = doc[after..].find("\n## ").map(|i| after + i + 1).unwrap_or(doc.len());
            let sep = if end < doc.len() { "\n" } else { "" };
            format!("{}{}{}{}", &doc[..start], section, sep, &doc[end..])
        }
        None => {
            let sep = if doc.ends_with("\n\n") { "" } else if doc.ends_with('\n') { "\n" } else { "\n\n" };
            format!("{doc}{sep}{section}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_section() {
        let doc = "# B\n\n## Index\nfast\n\n## Offline and first visit (cargo xtask test, e2e)\nold\n\n## Other\nkeep\n";
        let new = replace_section(doc, BENCH_HEADING, &format!("{BENCH_HEADING}\nnew\n"));
        assert_eq!(new, "# B\n\n## Index\nfast\n\n## Offline and first visit (cargo xtask test, e2e)\nnew\n\n## Other\nkeep\n");
        let appended = replace_section("# B\n", BENCH_HEADING, &format!("{BENCH_HEADING}\nx\n"));
        assert_eq!(appended, format!("# B\n\n{BENCH_HEADING}\nx\n"));
    }
}
