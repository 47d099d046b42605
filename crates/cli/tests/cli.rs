//! The `tumen` binary as a user runs it: build, check and stats, with exit
//! codes and messages that name the file, article and field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// The core's test zip writer, one copy for both crates (the core's tests cover deflate and
// damage; here the archives are plain ones a user might drop on the CLI).
#[path = "../../core/tests/common/zip_writer.rs"]
mod zip_writer;
use zip_writer::ZipEntry;

fn tumen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tumen")).args(args).output().expect("the tumen binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tumen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a folder (the committed bundle) to a scratch place.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The committed bundle must be exactly what the sources under data/ build to:
/// building them onto a copy of it changes nothing.
#[test]
fn committed_bundle_matches_a_fresh_build() {
    let root = repo();
    let out = temp_dir("fresh").join("corpus");
    copy_dir(&root.join("public/corpus"), &out);
    let before = tree(&out);
    let result = tumen(&[
        "build",
        root.join("data/seeds").to_str().unwrap(),
        root.join("data/sample-corpus/articles.jsonl").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        tree(&out) == before,
        "public/corpus is stale: run `cargo run -p tumen-cli -- build data/seeds data/sample-corpus/articles.jsonl -o public/corpus`"
    );
}

#[test]
fn build_is_deterministic_and_reports_rejects() {
    let dir = temp_dir("build");
    std::fs::write(
        dir.join("in.jsonl"),
        "{\"id\": \"a\", \"title\": \"A\", \"date\": \"2024-01-02\", \"source\": \"S\", \"summary\": \"x\"}\n{\"id\": \"b\", \"source\": \"S\", \"summary\": \"no title\"}\n",
    )
    .unwrap();
    let seed = repo().join("data/seeds/000_b090cfe6db353073.txt");
    let (one, two) = (dir.join("one.json"), dir.join("two.json"));
    let a = tumen(&["build", dir.join("in.jsonl").to_str().unwrap(), seed.to_str().unwrap(), "-o", one.to_str().unwrap()]);
    let b = tumen(&["build", seed.to_str().unwrap(), dir.join("in.jsonl").to_str().unwrap(), "-o", two.to_str().unwrap()]);
    assert!(a.status.success() && b.status.success());
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    let stderr = text(&a.stderr);
    assert!(stderr.contains("article \"b\", field \"title\": is missing"), "{stderr}");
    assert!(stderr.contains("built 2 articles"), "{stderr}");
    let strict = tumen(&["build", dir.join("in.jsonl").to_str().unwrap(), "-o", one.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn build_names_a_missing_input() {
    let result = tumen(&["build", "/no/such/file.txt", "-o", "/tmp/x.json"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("/no/such/file.txt does not exist"));
}

#[test]
fn check_passes_a_clean_corpus_and_fails_a_bad_one() {
    let ok = tumen(&["check", repo().join("public/corpus").to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    let dir = temp_dir("check");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"version": 1, "articles": [
            {"id": "x", "title": "T", "source": "S", "summary": "s", "date": "2024-13-01"},
            {"id": "x", "title": "T2", "source": "S", "summary": "s"},
            {"id": "y", "title": "T", "summary": "s"}
        ]}"#,
    )
    .unwrap();
    let result = tumen(&["check", bad.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let out = text(&result.stdout);
    assert!(out.contains("article \"x\", field \"date\""), "{out}");
    assert!(out.contains("article \"x\", field \"id\": duplicate id"), "{out}");
    assert!(out.contains("article \"y\", field \"source\": is missing"), "{out}");
    assert!(out.contains("1 valid article(s), 2 rejected, 1 warning(s)"), "{out}");
}

#[test]
fn check_explains_broken_json_with_line_and_column() {
    let dir = temp_dir("json");
    let bad = dir.join("broken.json");
    std::fs::write(&bad, "{\"version\": 1,\n \"articles\": [\n  {\"id\": }\n]}").unwrap();
    let result = tumen(&["check", bad.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = text(&result.stderr);
    assert!(err.contains("not valid JSON at line 3, column"), "{err}");
}

#[test]
fn stats_counts_articles_sources_and_dates() {
    let result = tumen(&["stats", repo().join("public/corpus").to_str().unwrap()]);
    assert!(result.status.success());
    let out = text(&result.stdout);
    assert!(out.contains("articles: 64"), "{out}");
    assert!(out.contains("sources: 22"), "{out}");
    assert!(out.contains("dates: 2011-11-07 to 2025-09-26"), "{out}");
}

/// Every file of a folder, by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.insert(path.strip_prefix(base).unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn build_compiles_a_bundle_and_rebuilds_only_what_changed() {
    let dir = temp_dir("bundle");
    let root = repo();
    let sample = root.join("data/sample-corpus/articles.jsonl");
    let seeds = root.join("data/seeds");
    let out = dir.join("corpus");
    let first = tumen(&["build", sample.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let err = text(&first.stderr);
    assert!(err.contains("built 63 articles") && err.contains("1 built"), "{err}");
    let before = tree(&out);
    assert!(before.contains_key("manifest.json"));
    assert!(before.keys().any(|k| k.starts_with("post-") && k.ends_with(".bin")), "{:?}", before.keys());

    // Same inputs in another order, from scratch: byte-identical.
    let again = dir.join("again");
    let r = tumen(&["build", sample.to_str().unwrap(), "-o", again.to_str().unwrap()]);
    assert!(r.status.success());
    assert_eq!(tree(&again), before);

    // One more input: the old segment is kept as it is, one small segment is added.
    let second = tumen(&["build", sample.to_str().unwrap(), seeds.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = text(&second.stderr);
    assert!(second.status.success(), "{err}");
    assert!(err.contains("built 64 articles") && err.contains("1 kept, 1 built"), "{err}");
    let after = tree(&out);
    let kept: Vec<&String> = before.keys().filter(|k| *k != "manifest.json" && after.get(*k) == before.get(*k)).collect();
    assert_eq!(kept.len(), before.len() - 1, "every file of the first build is kept unchanged");

    // Nothing changed: nothing is written.
    let third = tumen(&["build", sample.to_str().unwrap(), seeds.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(text(&third.stderr).contains("0 file(s) written"), "{}", text(&third.stderr));
    assert_eq!(tree(&out), after);

    // Check and stats read the bundle's own text files.
    let check = tumen(&["check", out.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(text(&check.stdout).contains("64 valid article(s), 0 rejected"), "{}", text(&check.stdout));
    let stats = tumen(&["stats", out.to_str().unwrap()]);
    assert!(text(&stats.stdout).contains("articles: 64"), "{}", text(&stats.stdout));

    // Removing an input removes its articles and the files nothing refers to any more.
    let fourth = tumen(&["build", sample.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(fourth.status.success());
    assert!(text(&fourth.stderr).contains("built 63 articles"));
    let last = tree(&out);
    assert_eq!(last.keys().filter(|k| k.ends_with(".bin") || k.ends_with(".json")).count(), last.len());
    let stats = tumen(&["stats", out.to_str().unwrap()]);
    assert!(text(&stats.stdout).contains("articles: 63"), "{}", text(&stats.stdout));
}

#[test]
fn a_bundle_of_another_version_is_not_read() {
    let dir = temp_dir("version");
    std::fs::write(dir.join("manifest.json"), r#"{"format": "tumen-bundle", "version": 7}"#).unwrap();
    let r = tumen(&["check", dir.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    let err = text(&r.stderr);
    assert!(err.contains("version 7") && err.contains("reads version 2"), "{err}");
}

#[test]
fn search_reads_a_bundle_forgives_typos_and_runs_a_query_list() {
    let bundle = repo().join("public/corpus");
    let out = tumen(&["search", bundle.to_str().unwrap(), "Sinuiju flood", "--limit", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exact = text(&out.stdout);
    assert!(exact.contains("kbs-amnok-flood-2024"), "{exact}");
    // The same words misspelt find the same article first.
    let out = tumen(&["search", bundle.to_str().unwrap(), "Sinuju flood"]);
    let typo = text(&out.stdout);
    assert_eq!(typo.lines().nth(1), exact.lines().nth(1), "{typo}");

    let dir = temp_dir("search-queries");
    let list = dir.join("queries.txt");
    std::fs::write(&list, "smugling\n\nHyesen market\n").unwrap();
    let corpus = repo().join("data/sample-corpus/articles.jsonl");
    for source in [bundle, corpus] {
        let out = tumen(&["search", source.to_str().unwrap(), "--queries", list.to_str().unwrap(), "--limit", "2"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "one line per query, blank lines skipped");
        assert_eq!(lines[0]["query"], "smugling");
        assert!(lines[0]["total"].as_u64().unwrap() > 0);
        assert_eq!(lines[1]["ids"].as_array().unwrap().len(), 2);
        assert!(lines[0]["near"].as_array().is_some_and(|a| a.is_empty()), "one word has nothing to lack");
    }
    // A short list goes on with the articles that lack one word, after the others.
    let out = tumen(&["search", repo().join("public/corpus").to_str().unwrap(), "COVID lockdown"]);
    let listed = text(&out.stdout);
    let (full, near) = listed.split_once("with every word but one:").unwrap_or_else(|| panic!("{listed}"));
    assert!(full.contains("dnk-embassy-imports-via-nampo") && near.contains("donga-kaesong-lockdown-2020"), "{listed}");
    let out = tumen(&["search", dir.to_str().unwrap(), "rice"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is this a bundle folder?"), "{}", text(&out.stderr));
}

#[test]
fn copies_are_reported_by_build_stats_and_dups() {
    let dir = temp_dir("dups");
    let body = "Pyongyang, March 3 (KCNA) -- A delegation of farmers left for a study tour of orchards and greenhouses in three provinces, where they will look at new ways of growing apples and pears in cold mountain valleys.";
    let line = |id: &str, date: &str, body: &str| format!("{{\"id\": \"{id}\", \"title\": \"Farmers leave for a tour\", \"date\": \"{date}\", \"source\": \"KCNA\", \"url\": null, \"body\": \"{body}\"}}\n");
    let input = dir.join("in.jsonl");
    let copy_body = body.replace("March 3", "March 4");
    std::fs::write(&input, line("first", "2024-03-03", body) + &line("again", "2024-03-04", &copy_body) + &line("other", "2024-03-05", "Something else entirely happened.")).unwrap();
    let out = dir.join("corpus");
    let built = tumen(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(text(&built.stderr).contains("1 copies grouped into 1 stories"), "{}", text(&built.stderr));
    let stats = tumen(&["stats", out.to_str().unwrap()]);
    assert!(text(&stats.stdout).contains("duplicates: 1 (copies of 1 stories; 2 stories in all)"), "{}", text(&stats.stdout));
    let dups = tumen(&["dups", input.to_str().unwrap()]);
    assert_eq!(text(&dups.stdout).trim(), "first  also at: again");
    let json = tumen(&["dups", "--json", "--method", "exact", input.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((v["merged"].as_u64(), v["links"][0][2].as_str()), (Some(1), Some("exact")));
    assert!(!tumen(&["dups", "--method", "fuzzy", input.to_str().unwrap()]).status.success());
}

#[test]
fn build_reads_zip_archives_as_the_browser_does() {
    let dir = temp_dir("zip");
    let seed = std::fs::read(repo().join("data/seeds/000_b090cfe6db353073.txt")).unwrap();
    // Flag 1 (encrypted) in both the local and the central header.
    let encrypted = zip_writer::build(&[ZipEntry { flags: 1, ..ZipEntry::stored("secret.txt", b"x") }]);
    let zip = zip_writer::build(&[
        ZipEntry::stored("seeds/seed.txt", &seed),
        ZipEntry::stored("lines.jsonl", b"{\"id\": \"z1\", \"title\": \"Z\", \"date\": \"2024-01-02\", \"source\": \"S\", \"summary\": \"x\"}\n"),
        ZipEntry::stored("photo.jpg", b"\xff\xd8"),
        ZipEntry::stored("inner.zip", &encrypted),
    ]);
    std::fs::write(dir.join("articles.zip"), &zip).unwrap();
    std::fs::write(dir.join("broken.zip"), &zip[..zip.len() - 30]).unwrap();
    let out = dir.join("out.json");
    let result = tumen(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = text(&result.stderr);
    assert!(result.status.success(), "{err}");
    assert!(err.contains("built 2 articles from 2 input file(s)"), "{err}");
    assert!(err.contains("broken.zip: the zip archive is damaged"), "{err}");
    assert!(err.contains("1 unreadable file(s)"), "{err}");
    assert!(err.contains("articles.zip: article #1, field \"(file)\": 1 entry skipped, as not article files: 1 file of another type (photo.jpg) (warning)"), "{err}");
    assert!(err.contains("inner.zip: article #1, field \"(file)\": a zip inside the zip is not opened"), "{err}");
    let corpus = std::fs::read_to_string(&out).unwrap();
    assert!(corpus.contains("\"id\": \"z1\"") && corpus.contains("North Korea halts state smuggling"), "{corpus}");
    // --strict fails on the archive that could not be read.
    let strict = tumen(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    // check reads an archive too, listing every problem.
    let check = tumen(&["check", dir.join("articles.zip").to_str().unwrap()]);
    assert!(text(&check.stdout).contains("2 valid article(s), 0 rejected, 2 warning(s)"), "{}", text(&check.stdout));
}
