//! `cargo xtask bench-dedup [--articles 10000,100000] [--no-real] [--no-sizes]`: how well the
//! reader groups copies of one story, beside two peers run on the same text in the same run.
//!
//! Grouping runs through `tumen dups --json` (the reader's own code, release build), with three
//! methods: `reader` (exact copies, and near-duplicates: MinHash-LSH at Jaccard ≥ 0.6 between
//! texts of 40 shingles or more dated at most 14 days apart), `exact` (the same folded text
//! only: the exact-hash peer) and `textbook` (MinHash-LSH at the textbook Jaccard 0.5, no length
//! or date guard: the plain-MinHash peer).
//!
//! * **Word-for-word copies** in `../shared/real-corpus` (KCNA English, CSIS write-ups, Korean
//!   New Year addresses; read here, never shipped): the truth is computed — two articles
//!   whose bodies are equal once lower-cased with whitespace collapsed are copies.
//! * **Near-duplicates in real text**: pairs a method groups beyond word-for-word copies are
//!   checked against the hand labels of `crates/core/tests/labelled/duplicates.json` (ids, a
//!   label and a reason; never the text).
//! * **Lightly edited copies**: real KCNA has none, so 150 of its distinct articles are edited
//!   three ways (a sentence replaced by one from another article, the dateline's day changed,
//!   the last sentences trimmed) and added under new ids; the truth is "same original".
//! * **Time and size** on generated corpora (`cargo xtask gen-corpus`): fingerprinting and
//!   grouping, and the docs tables of a bundle built by the release `tumen build`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::gen_corpus;
use crate::util::{self, cmd, project_root, Result};

const REAL: &[&str] = &["kcna_en.jsonl", "csis_provocations.jsonl", "nk_newyear_ko.jsonl"];
const METHODS: &[&str] = &["reader", "exact", "textbook"];
const LABELS: &str = "crates/core/tests/labelled/duplicates.json";
const EDITED: usize = 150;

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let sizes = util::take_sizes(&mut args, &[10_000, 100_000])?;
    let real = !util::take_flag(&mut args, "--no-real");
    let bundle_sizes = !util::take_flag(&mut args, "--no-sizes");
    util::no_more_args(&args)?;
    let root = project_root();
    util::run(cmd("cargo").args(["build", "--release", "--quiet", "-p", "tumen-cli"]))?;
    let cli = root.join("target/release/tumen");
    let dir = root.join("target/bench/dedup");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut results = json!({});

    let real_dir = root.join("../shared/real-corpus");
    if real && real_dir.is_dir() {
        let labels = read_labels(&root.join(LABELS))?;
        println!("labelled pairs: {} ({} duplicates)", labels.len(), labels.values().filter(|&&d| d).count());
        let mut rows = Vec::new();
        for name in REAL {
            let path = real_dir.join(name);
            if !path.is_file() {
                continue;
            }
            let articles = read_jsonl(&path)?;
            let truth = body_groups(&articles);
            for method in METHODS {
                let out = dups(&cli, &[&path], method)?;
                let found = pairs_of(&out);
                let r = score_real(name, method, &found, &truth, &labels);
                println!("{}", r["line"].as_str().unwrap_or(""));
                rows.push(r);
            }
        }
        results["real"] = Value::Array(rows);

        // Lightly edited copies of real KCNA articles.
        let kcna = real_dir.join("kcna_en.jsonl");
        if kcna.is_file() {
            let (edited_path, story_of) = write_edited(&kcna, &dir)?;
            let mut rows = Vec::new();
            for method in METHODS {
                let out = dups(&cli, &[&edited_path], method)?;
                let found = pairs_of(&out);
                let r = score_edits(method, &found, &story_of);
                println!("{}", r["line"].as_str().unwrap_or(""));
                rows.push(r);
            }
            results["edited"] = Value::Array(rows);
        }
    } else {
        eprintln!("note: {} is not here: only the generated corpora are measured", real_dir.display());
    }

    let mut rows = Vec::new();
    for &n in &sizes {
        let corpus = gen_corpus::default_path(n, 42);
        if !corpus.is_file() {
            gen_corpus::write_corpus_file(n, 0, 42, &corpus)?;
        }
        let mut row = json!({"articles": n});
        for method in ["reader", "textbook"] {
            let out = dups(&cli, &[&corpus], method)?;
            row[method] = json!({"fingerprint_ms": out["fingerprint_ms"], "group_ms": out["group_ms"], "merged": out["merged"]});
        }
        if bundle_sizes {
            let bundle = dir.join(format!("bundle-{n}"));
            let _ = fs::remove_dir_all(&bundle);
            let t = util::Timer::start();
            util::run(cmd(cli.to_str().unwrap_or("tumen")).arg("build").arg(&corpus).arg("-o").arg(&bundle))?;
            let secs = t.secs();
            let docs: u64 = fs::read_dir(&bundle)
                .map_err(|e| e.to_string())?
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("docs-"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum();
            row["docs_bytes"] = json!(docs);
            row["build_s"] = json!(secs);
        }
        println!(
            "dedup-time articles={n} fingerprint_ms={:.0} group_ms={:.0} textbook_group_ms={:.0} docs_bytes={} build_s={:.1}",
            row["reader"]["fingerprint_ms"].as_f64().unwrap_or(f64::NAN),
            row["reader"]["group_ms"].as_f64().unwrap_or(f64::NAN),
            row["textbook"]["group_ms"].as_f64().unwrap_or(f64::NAN),
            row["docs_bytes"],
            row["build_s"].as_f64().unwrap_or(f64::NAN)
        );
        rows.push(row);
    }
    results["generated"] = Value::Array(rows);
    util::write(&dir.join("results.json"), serde_json::to_string_pretty(&results).unwrap_or_default())?;
    eprintln!("every figure: target/bench/dedup/results.json");
    Ok(())
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>> {
    let text = util::read(path)?;
    Ok(text.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| serde_json::from_str(l).ok()).collect())
}

fn body_text(a: &Value) -> String {
    match &a["body"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

/// Ground truth of word-for-word copies: ids grouped by body, lower-cased, whitespace collapsed.
fn body_groups(articles: &[Value]) -> HashSet<(String, String)> {
    let mut by_body: HashMap<String, Vec<String>> = HashMap::new();
    for a in articles {
        let key = body_text(a).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        by_body.entry(key).or_default().push(a["id"].as_str().unwrap_or("").to_string());
    }
    let mut pairs = HashSet::new();
    for ids in by_body.values() {
        for (k, a) in ids.iter().enumerate() {
            for b in &ids[k + 1..] {
                pairs.insert(ordered(a, b));
            }
        }
    }
    pairs
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Every pair of ids in one group of `tumen dups --json`'s answer.
fn pairs_of(out: &Value) -> HashSet<(String, String)> {
    let mut pairs = HashSet::new();
    for g in out["groups"].as_array().into_iter().flatten() {
        let ids: Vec<&str> = g.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (k, a) in ids.iter().enumerate() {
            for b in &ids[k + 1..] {
                pairs.insert(ordered(a, b));
            }
        }
    }
    pairs
}

fn dups(cli: &Path, inputs: &[&Path], method: &str) -> Result<Value> {
    let mut c = cmd(cli.to_str().unwrap_or("tumen"));
    c.args(["dups", "--json", "--method", method]).args(inputs);
    let out = util::output(&mut c).ok_or_else(|| format!("`tumen dups --method {method}` failed"))?;
    serde_json::from_str(&out).map_err(|e| format!("tumen dups: {e}"))
}

/// `(a, b)` → labelled a duplicate.
fn read_labels(path: &Path) -> Result<HashMap<(String, String), bool>> {
    let v: Value = serde_json::from_str(&util::read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for p in v["pairs"].as_array().into_iter().flatten() {
        let (Some(a), Some(b), Some(label)) = (p["a"].as_str(), p["b"].as_str(), p["label"].as_str()) else {
            return Err(format!("{}: a pair without a, b or label: {p}", path.display()));
        };
        out.insert(ordered(a, b), label == "duplicate");
    }
    Ok(out)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn score_real(name: &str, method: &str, found: &HashSet<(String, String)>, truth: &HashSet<(String, String)>, labels: &HashMap<(String, String), bool>) -> Value {
    let exact_found = found.intersection(truth).count();
    let beyond: Vec<&(String, String)> = found.difference(truth).collect();
    let labelled_dup = beyond.iter().filter(|p| labels.get(**p) == Some(&true)).count();
    let labelled_not = beyond.iter().filter(|p| labels.get(**p) == Some(&false)).count();
    let unlabelled = beyond.len() - labelled_dup - labelled_not;
    // Recall of near-duplicates: labelled duplicates (beyond word-for-word) of this corpus found.
    let ids_here: HashSet<&str> = found.iter().chain(truth.iter()).flat_map(|(a, b)| [a.as_str(), b.as_str()]).collect();
    let prefix = name.split('_').next().unwrap_or("");
    let dups_here: Vec<&(String, String)> =
        labels.iter().filter(|(p, &d)| d && !truth.contains(*p) && (ids_here.contains(p.0.as_str()) || p.0.starts_with(prefix))).map(|(p, _)| p).collect();
    let near_recalled = dups_here.iter().filter(|p| found.contains(**p)).count();
    let precision_exact = ratio(exact_found + labelled_dup, found.len());
    let line = format!(
        "dedup-real corpus={name} method={method} truth_pairs={} found_pairs={} word_for_word_recall={:.3} precision={:.3} beyond_word_for_word={} labelled_duplicate={labelled_dup} labelled_different={labelled_not} unlabelled={unlabelled} labelled_near_recall={near_recalled}/{}",
        truth.len(),
        found.len(),
        ratio(exact_found, truth.len()),
        precision_exact,
        beyond.len(),
        dups_here.len()
    );
    json!({"corpus": name, "method": method, "truth_pairs": truth.len(), "found_pairs": found.len(), "word_for_word_found": exact_found,
        "beyond": beyond.len(), "labelled_duplicate": labelled_dup, "labelled_different": labelled_not, "unlabelled": unlabelled,
        "labelled_near": dups_here.len(), "labelled_near_found": near_recalled, "precision": precision_exact, "line": line,
        "unlabelled_pairs": beyond.iter().filter(|p| !labels.contains_key(**p)).take(200).map(|(a, b)| json!([a, b])).collect::<Vec<_>>()})
}

/// Splits a body into sentences (keeps the dot).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '.' | '!' | '?' | '\n') && cur.trim().len() > 1 {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// The KCNA articles with distinct bodies, plus three edited copies of every `k`-th one of
/// them (k chosen for [`EDITED`] originals). Returns the file and each id's original.
fn write_edited(kcna: &Path, dir: &Path) -> Result<(PathBuf, HashMap<String, String>)> {
    let articles = read_jsonl(kcna)?;
    let mut seen = HashSet::new();
    let distinct: Vec<&Value> = articles.iter().filter(|a| seen.insert(body_text(a))).collect();
    let step = (distinct.len() / EDITED).max(1);
    let mut out = String::new();
    let mut story_of = HashMap::new();
    let mut rng = gen_corpus::Rng::new(7);
    for (i, a) in distinct.iter().enumerate() {
        let id = a["id"].as_str().unwrap_or("").to_string();
        story_of.insert(id.clone(), id.clone());
        out.push_str(&serde_json::to_string(a).unwrap_or_default());
        out.push('\n');
        if i % step != 0 || i / step >= EDITED {
            continue;
        }
        let body = body_text(a);
        let s = sentences(&body);
        if s.len() < 3 {
            continue;
        }
        let mut edits: Vec<(&str, String, Option<String>)> = Vec::new();
        // A sentence replaced by one of another article.
        let donor = sentences(&body_text(distinct[(i + distinct.len() / 2) % distinct.len()]));
        let mut changed = s.clone();
        let at = 1 + rng.below(s.len() - 1);
        changed[at] = donor.get(1 + rng.below(donor.len().max(2) - 1)).cloned().unwrap_or_else(|| "A sentence that was not there.".into());
        edits.push(("sentence", changed.join(" "), None));
        // Another dateline: the day moved by one (and the article's date).
        let date = a["date"].as_str().unwrap_or("");
        let moved = next_day(date);
        let dateline = body.find("(KCNA)").map(|end| {
            let head = &body[..end];
            let day_start = head.trim_end().rfind(' ').map_or(0, |p| p + 1);
            let day: u32 = head[day_start..].trim().parse().unwrap_or(1);
            format!("{}{} {}", &body[..day_start], day % 28 + 1, &body[end..])
        });
        edits.push(("dateline", dateline.unwrap_or_else(|| format!("Pyongyang (KCNA) -- {body}")), moved));
        // The ending trimmed: the last fifth of the sentences (at least one).
        let keep = s.len() - (s.len() / 5).max(1);
        edits.push(("trimmed", s[..keep].join(" "), None));
        for (kind, text, new_date) in edits {
            let mut e = (*a).clone();
            let new_id = format!("{id}-{kind}");
            e["id"] = json!(new_id);
            e["url"] = json!(format!("https://example.org/{new_id}"));
            e["body"] = json!(text);
            if let Some(d) = new_date {
                e["date"] = json!(d);
            }
            story_of.insert(new_id, id.clone());
            out.push_str(&serde_json::to_string(&e).unwrap_or_default());
            out.push('\n');
        }
    }
    let path = dir.join("kcna-edited.jsonl");
    util::write(&path, out)?;
    Ok((path, story_of))
}

fn next_day(date: &str) -> Option<String> {
    let (y, rest) = date.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let (m2, d2) = if d >= 28 { (m % 12 + 1, 1) } else { (m, d + 1) };
    let y2 = if m2 == 1 && m == 12 { y + 1 } else { y };
    Some(format!("{y2:04}-{m2:02}-{d2:02}"))
}

fn score_edits(method: &str, found: &HashSet<(String, String)>, story_of: &HashMap<String, String>) -> Value {
    let mut kinds: Vec<Value> = Vec::new();
    let mut parts = Vec::new();
    for kind in ["sentence", "dateline", "trimmed"] {
        let edits: Vec<&String> = story_of.keys().filter(|id| id.ends_with(&format!("-{kind}"))).collect();
        let hit = edits.iter().filter(|id| story_of.get(**id).is_some_and(|orig| found.contains(&ordered(orig, id)))).count();
        parts.push(format!("{kind}_recall={:.3}", ratio(hit, edits.len())));
        kinds.push(json!({"kind": kind, "edits": edits.len(), "found": hit}));
    }
    let correct = found.iter().filter(|(a, b)| story_of.get(a).is_some() && story_of.get(a) == story_of.get(b)).count();
    let truth: usize = {
        let mut per: HashMap<&String, usize> = HashMap::new();
        for orig in story_of.values() {
            *per.entry(orig).or_default() += 1;
        }
        per.values().map(|&k| k * (k - 1) / 2).sum()
    };
    let line = format!(
        "dedup-edited method={method} truth_pairs={truth} found_pairs={} precision={:.3} recall={:.3} {}",
        found.len(),
        ratio(correct, found.len()),
        ratio(correct, truth),
        parts.join(" ")
    );
    json!({"method": method, "truth_pairs": truth, "found_pairs": found.len(), "correct": correct, "kinds": kinds, "line": line})
}
