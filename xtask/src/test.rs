//! `cargo xtask test`: every check the project has, in order, with a summary. Fails if any fails.
//!
//! Stages (select with `--only a,b` or `--skip a,b`):
//!   native     cargo test: core, cli, xtask's own tests, the app's library natively; fuzz targets checked
//!   wasm       wasm-bindgen browser tests (tests/web.rs) in headless Chromium
//!   build      the release build (trunk + stamp), sizes printed
//!   corpus     public/corpus/ (the compiled bundle) is what tumen-cli builds from data/
//!   e2e        node --test tests/e2e/ (Playwright, Chromium) against dist/ under /tumen/
//!   webdriver  tests/webdriver/smoke.mjs in Chromium, Firefox ESR and WebKitGTK

use std::path::{Path, PathBuf};

use crate::build;
use crate::install::{self, Need};
use crate::util::{self, cmd, project_root, run, Result, Timer};

const STAGES: [&str; 6] = ["native", "wasm", "build", "corpus", "e2e", "webdriver"];

/// Inputs of the committed corpus, relative to the project root (seeds are globbed, sorted).
pub const CORPUS_SEEDS_DIR: &str = "data/seeds";
pub const CORPUS_JSONL: &str = "data/sample-corpus/articles.jsonl";
/// The compiled bundle the reader ships (Trunk copies it to dist/corpus/).
pub const BUNDLE_DIR: &str = "public/corpus";

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

/// Native tests of every crate, and of the web app's library (its view models and
/// protocol are plain Rust). The app's binaries and browser tests run in the `wasm`
/// stage and in the release build.
fn native() -> Result {
    run(cmd("cargo").args(["test", "--workspace", "--exclude", "tumen"]))?;
    run(cmd("cargo").args(["test", "-p", "tumen", "--lib"]))?;
    // The fuzz targets live outside the workspace (they build only with coverage flags,
    // `cargo xtask fuzz`); checking them here keeps them in step with core's API.
    run(cmd("cargo").args(["check", "--manifest-path", "fuzz/Cargo.toml", "--bins", "--target-dir", "target/fuzz-check"]))
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

/// The committed bundle is fresh when building data/ onto a copy of it changes nothing.
fn corpus_freshness() -> Result {
    let root = project_root();
    let committed = root.join(BUNDLE_DIR);
    let copy = root.join("target/xtask/corpus-fresh");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).map_err(|e| format!("cannot create {}: {e}", copy.display()))?;
    for f in util::list_files(&committed)? {
        std::fs::copy(committed.join(&f), copy.join(&f)).map_err(|e| format!("cannot copy {f}: {e}"))?;
    }
    let mut c = cmd("cargo");
    c.args(["run", "--quiet", "-p", "tumen-cli", "--", "build"]).args(corpus_inputs()?).arg("-o").arg(&copy);
    run(&mut c)?;
    let before = util::list_files(&committed)?;
    let after = util::list_files(&copy)?;
    let same = before == after
        && before.iter().all(|f| std::fs::read(committed.join(f)).ok() == std::fs::read(copy.join(f)).ok());
    if same {
        eprintln!("{BUNDLE_DIR}/ is fresh ({} files)", before.len());
        return Ok(());
    }
    Err(format!(
        "{BUNDLE_DIR}/ is stale: `cargo run -p tumen-cli -- build {} -o {BUNDLE_DIR}` changes it",
        corpus_inputs()?.join(" ")
    ))
}

/// Environment the Node test suites read.
fn node_env(c: &mut std::process::Command) -> Result {
    let root = project_root();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    // The e2e tests compile their own corpora with the CLI.
    run(cmd("cargo").args(["build", "--quiet", "-p", "tumen-cli"]))?;
    c.env("TUMEN_DIST", build::dist_dir())
        .env("TUMEN_XTASK", exe)
        .env("TUMEN_CLI", root.join("target/debug/tumen"))
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
    let mut c = cmd("node");
    c.args(["--test", "--test-concurrency=1", "--test-reporter=spec"]).args(&files);
    node_env(&mut c)?;
    let result = run(&mut c);
    // Figures the tests measured along the way are printed, never written into tracked files
    // (BENCHMARKS.md is written by `cargo xtask bench`).
    let work = root.join("target/e2e");
    for f in util::list_files(&work).unwrap_or_default().iter().filter(|f| f.ends_with(".md") && !f.contains('/')) {
        if let Ok(body) = std::fs::read_to_string(work.join(f)) {
            eprintln!("\n{f} (target/e2e/{f}):\n{body}");
        }
    }
    result
}

fn webdriver() -> Result {
    let mut c = cmd("node");
    c.arg("tests/webdriver/smoke.mjs");
    node_env(&mut c)?;
    run(&mut c)
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
        const BENCH_HEADING: &str = "## Offline and first visit (cargo xtask test, e2e)";
        let doc = "# B\n\n## Index\nfast\n\n## Offline and first visit (cargo xtask test, e2e)\nold\n\n## Other\nkeep\n";
        let new = replace_section(doc, BENCH_HEADING, &format!("{BENCH_HEADING}\nnew\n"));
        assert_eq!(new, "# B\n\n## Index\nfast\n\n## Offline and first visit (cargo xtask test, e2e)\nnew\n\n## Other\nkeep\n");
        let appended = replace_section("# B\n", BENCH_HEADING, &format!("{BENCH_HEADING}\nx\n"));
        assert_eq!(appended, format!("# B\n\n{BENCH_HEADING}\nx\n"));
    }
}
