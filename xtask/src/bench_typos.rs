//! `cargo xtask bench-typos [--articles 10000,100000] [--no-real]` (also the last step of
//! `cargo xtask bench`): how well search forgives typos, on generated and real text.
//!
//! For each corpus, compiled by the release `tumen build`:
//! * 1,000 queries of up to four words from an article's title, one word misspelt by a single
//!   random edit (a letter replaced, inserted, dropped, or two neighbours swapped), always
//!   leaving five letters or more (shorter words are searched exactly, by design). The share
//!   of queries that return the article in their top 10 is reported beside the same queries
//!   spelt right, which is the ceiling (generated titles repeat words).
//! * Real misspellings of place names: does the misspelling find the same articles as the name
//!   spelt right?
//!
//! Queries run through `tumen search --queries` (the reader's own search code, natively): the
//! time of each search alone, with its files read, gives the p95 with and without typos.
//! Pagefind, the peer of `cargo xtask bench`, has no typo tolerance to compare with.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::gen_corpus::{self, Rng};
use crate::util::{self, cmd, project_root, Result};

pub const HEADING: &str = "## Typo tolerance (cargo xtask bench-typos)";
const REAL_CORPUS: &str = "../shared/real-corpus/kcna_en.jsonl";
const QUERIES: usize = 1000;

/// Misspellings seen in real text or made by reporters, and the spelling they mean.
const PLACE_TYPOS: &[(&str, &str)] = &[
    ("Hyesen", "Hyesan"),
    ("Sinuju", "Sinuiju"),
    ("Ryangang", "Ryanggang"),
    ("Pyongyan", "Pyongyang"),
    ("Japang", "Jagang"),
    ("Chongjn", "Chongjin"),
    ("Kaesung", "Kaesong"),
    ("Hamhueng", "Hamhung"),
    ("Wonson", "Wonsan"),
    ("Hoeryeong", "Hoeryong"),
    ("Nampoo", "Nampo"),
    ("Hwanghe", "Hwanghae"),
];

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let sizes = util::take_sizes(&mut args, &[10_000, 100_000])?;
    let real = !util::take_flag(&mut args, "--no-real");
    util::no_more_args(&args)?;
    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    for n in sizes {
        let corpus = gen_corpus::default_path(n, 42);
        if !corpus.is_file() {
            gen_corpus::write_corpus_file(n, 0, 42, &corpus)?;
        }
        cases.push((n.to_string(), corpus));
    }
    let kcna = project_root().join(REAL_CORPUS);
    if real && kcna.is_file() {
        cases.push(("kcna".into(), kcna));
    }
    run_cases(&cases)
}

/// Measures each (name, corpus) and writes the section of BENCHMARKS.md.
pub fn run_cases(cases: &[(String, PathBuf)]) -> Result {
    let root = project_root();
    util::run(cmd("cargo").args(["build", "--release", "--quiet", "-p", "tumen-cli"]))?;
    let cli = root.join("target/release/tumen");
    let dir = root.join("target/bench/typos");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for (name, corpus) in cases {
        eprintln!("\n== typos: {name} ({}) ==", corpus.display());
        let r = measure(&cli, &dir, name, corpus)?;
        println!("{}", line(&r));
        all.push(r);
    }
    let _ = fs::write(dir.join("results.json"), serde_json::to_string_pretty(&all).unwrap_or_default());
    write_md(&root, &all)
}

fn measure(cli: &Path, dir: &Path, name: &str, corpus: &Path) -> Result<Value> {
    let bundle = dir.join(format!("bundle-{name}"));
    let _ = fs::remove_dir_all(&bundle);
    util::run(cmd(cli.to_str().unwrap_or("tumen")).arg("build").arg(corpus).arg("-o").arg(&bundle))?;
    let titles = read_titles(corpus)?;
    let (exact, typo, ids) = title_queries(&titles, QUERIES, 7);
    let exact_runs = search(cli, &bundle, dir, &format!("{name}-exact"), &exact, 10)?;
    let typo_runs = search(cli, &bundle, dir, &format!("{name}-typo"), &typo, 10)?;
    // A word-for-word repeat under another address (KCNA has hundreds) is the same article.
    let title_of: std::collections::HashMap<&str, &str> = titles.iter().map(|(id, t)| (id.as_str(), t.as_str())).collect();
    let found = |r: &Value, id: &str| {
        let want = title_of.get(id).copied();
        r["ids"].as_array().is_some_and(|a| a.iter().filter_map(Value::as_str).any(|x| x == id || (want.is_some() && title_of.get(x).copied() == want)))
    };
    let hit = |runs: &[Value]| runs.iter().zip(&ids).filter(|(r, id)| found(r, id)).count();
    let kept = exact_runs.iter().zip(&typo_runs).zip(&ids).filter(|((e, t), id)| found(e, id) && found(t, id)).count();
    let ms = |runs: &[Value]| runs.iter().filter_map(|r| r["ms"].as_f64()).collect::<Vec<_>>();

    // Place names: the misspelling's top 10 against everything the right spelling finds.
    let right: Vec<String> = PLACE_TYPOS.iter().map(|(_, r)| r.to_string()).collect();
    let wrong: Vec<String> = PLACE_TYPOS.iter().map(|(w, _)| w.to_string()).collect();
    let right_runs = search(cli, &bundle, dir, &format!("{name}-places-right"), &right, 1_000_000)?;
    let wrong_runs = search(cli, &bundle, dir, &format!("{name}-places-wrong"), &wrong, 10)?;
    let mut places = Vec::new();
    for ((w, r), (wr, rr)) in PLACE_TYPOS.iter().zip(wrong_runs.iter().zip(&right_runs)) {
        let good: HashSet<&str> = rr["ids"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let top: Vec<&str> = wr["ids"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let agree = top.iter().filter(|id| good.contains(*id)).count();
        places.push(json!({ "wrong": w, "right": r, "right_total": rr["total"], "wrong_total": wr["total"], "top10": top.len(), "top10_agree": agree }));
    }
    Ok(json!({
        "name": name,
        "articles": titles.len(),
        "queries": ids.len(),
        "exact_hits": hit(&exact_runs),
        "typo_hits": hit(&typo_runs),
        "kept_hits": kept,
        "exact_ms": stats(ms(&exact_runs)),
        "typo_ms": stats(ms(&typo_runs)),
        "places": places,
        "examples": typo.iter().take(5).collect::<Vec<_>>(),
    }))
}

/// (id, title) of every article of a corpus written one article per line.
fn read_titles(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    gen_corpus::each_article(path, |a| {
        if let (Some(id), Some(title)) = (a["id"].as_str(), a["title"].as_str()) {
            out.push((id.to_string(), title.to_string()));
        }
    })?;
    Ok(out)
}

const STOP: &[&str] = &["the", "and", "for", "with", "from", "into", "that", "this", "over", "after", "about", "their", "kcna", "dprk"];

/// Queries from `n` titles picked at random: (spelt right, one word misspelt, intended id).
pub fn title_queries(titles: &[(String, String)], n: usize, seed: u64) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut rng = Rng::new(seed);
    let (mut exact, mut typo, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    let mut tries = 0;
    while ids.len() < n && tries < n * 20 && !titles.is_empty() {
        tries += 1;
        let k = rng.below(titles.len());
        if !seen.insert(k) {
            continue;
        }
        let (id, title) = &titles[k];
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) && w.is_ascii())
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect();
        // The word to misspell: six letters or more, so that any edit leaves five.
        let long: Vec<usize> = (0..words.len()).filter(|&i| words[i].len() >= 6).collect();
        if long.is_empty() {
            continue;
        }
        let at = long[rng.below(long.len())];
        // Up to four words around it, in title order.
        let start = at.saturating_sub(rng.below(4)).min(words.len().saturating_sub(4));
        let picked: Vec<usize> = (start..words.len()).take(4).collect();
        let misspelt = misspell(&words[at], &mut rng);
        exact.push(picked.iter().map(|&i| words[i].as_str()).collect::<Vec<_>>().join(" "));
        typo.push(picked.iter().map(|&i| if i == at { misspelt.as_str() } else { words[i].as_str() }).collect::<Vec<_>>().join(" "));
        ids.push(id.clone());
    }
    (exact, typo, ids)
}

/// One random edit: replace, insert, drop, or swap two neighbours (which differ).
fn misspell(word: &str, rng: &mut Rng) -> String {
    let c: Vec<char> = word.chars().collect();
    let letter = |rng: &mut Rng| (b'a' + rng.below(26) as u8) as char;
    loop {
        let mut w = c.clone();
        match rng.below(4) {
            0 => {
                let i = rng.below(w.len());
                w[i] = letter(rng);
            }
            1 => {
                let i = rng.below(w.len() + 1);
                w.insert(i, letter(rng));
            }
            2 => {
                w.remove(rng.below(w.len()));
            }
            _ => {
                let i = rng.below(w.len() - 1);
                w.swap(i, i + 1);
            }
        }
        if w != c {
            return w.into_iter().collect();
        }
    }
}

pub fn search(cli: &Path, bundle: &Path, dir: &Path, label: &str, queries: &[String], limit: usize) -> Result<Vec<Value>> {
    let list = dir.join(format!("queries-{label}.txt"));
    fs::write(&list, queries.join("\n") + "\n").map_err(|e| e.to_string())?;
    let out = util::output(cmd(cli.to_str().unwrap_or("tumen")).arg("search").arg(bundle).arg("--queries").arg(&list).args(["--limit", &limit.to_string()]))
        .ok_or_else(|| format!("tumen search failed on {}", list.display()))?;
    let runs: Vec<Value> = out.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    if runs.len() != queries.len() {
        return Err(format!("tumen search answered {} of {} queries in {}", runs.len(), queries.len(), list.display()));
    }
    Ok(runs)
}

pub fn stats(mut v: Vec<f64>) -> Value {
    if v.is_empty() {
        return Value::Null;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    json!({ "median": at(0.5), "p95": at(0.95), "max": at(1.0) })
}

fn share(r: &Value, key: &str) -> f64 {
    r[key].as_f64().unwrap_or(0.0) / r["queries"].as_f64().unwrap_or(1.0).max(1.0)
}

/// Of the queries that find their article spelt right, the share that still do misspelt.
fn kept(r: &Value) -> f64 {
    r["kept_hits"].as_f64().unwrap_or(0.0) / r["exact_hits"].as_f64().unwrap_or(1.0).max(1.0)
}

fn line(r: &Value) -> String {
    format!(
        "typos articles={} queries={} top10_typo={:.3} top10_exact={:.3} kept={:.3} p95_ms_typo={:.3} p95_ms_exact={:.3}",
        r["articles"],
        r["queries"],
        share(r, "typo_hits"),
        share(r, "exact_hits"),
        kept(r),
        r["typo_ms"]["p95"].as_f64().unwrap_or(f64::NAN),
        r["exact_ms"]["p95"].as_f64().unwrap_or(f64::NAN)
    )
}

fn write_md(root: &Path, all: &[Value]) -> Result {
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    let mut s = format!("{HEADING}\n\n{METHOD}\n");
    let cols: Vec<String> = all.iter().map(|r| if r["name"] == "kcna" { format!("KCNA ({})", r["articles"]) } else { format!("{} articles", r["articles"]) }).collect();
    s.push_str(&format!("| Measure | {} | Target |\n|---|{}---|\n", cols.join(" | "), "---:|".repeat(cols.len())));
    let row = |label: &str, cell: &dyn Fn(&Value) -> String, target: &str| format!("| {label} | {} | {target} |\n", all.iter().map(cell).collect::<Vec<_>>().join(" | "));
    s.push_str(&row("**Misspelt queries with the article in the top 10**", &|r| format!("{:.1}%", share(r, "typo_hits") * 100.0), "≥ 95%"));
    s.push_str(&row("The same queries spelt right (the ceiling)", &|r| format!("{:.1}%", share(r, "exact_hits") * 100.0), ""));
    s.push_str(&row("**Of those found spelt right, still found misspelt**", &|r| format!("{:.1}%", kept(r) * 100.0), ""));
    s.push_str(&row("Search time, misspelt: median / p95", &|r| format!("{:.3} / {:.3} ms", r["typo_ms"]["median"].as_f64().unwrap_or(f64::NAN), r["typo_ms"]["p95"].as_f64().unwrap_or(f64::NAN)), ""));
    s.push_str(&row("Search time, spelt right: median / p95", &|r| format!("{:.3} / {:.3} ms", r["exact_ms"]["median"].as_f64().unwrap_or(f64::NAN), r["exact_ms"]["p95"].as_f64().unwrap_or(f64::NAN)), ""));
    s.push_str("\nPlace names misspelt: results found (spelt right → misspelt), and how many of the misspelling's top 10 the right spelling also finds.\n\n");
    s.push_str(&format!("| Misspelling | {} |\n|---|{}\n", cols.join(" | "), "---:|".repeat(cols.len())));
    for (i, (w, r)) in PLACE_TYPOS.iter().enumerate() {
        let cells: Vec<String> = all
            .iter()
            .map(|x| {
                let p = &x["places"][i];
                format!("{} → {} ({}/{})", p["right_total"], p["wrong_total"], p["top10_agree"], p["top10"])
            })
            .collect();
        s.push_str(&format!("| {w} ({r}) | {} |\n", cells.join(" | ")));
    }
    s.push_str("\nExamples of the misspelt queries: ");
    let ex: Vec<String> = all.iter().flat_map(|r| r["examples"].as_array().cloned().unwrap_or_default()).filter_map(|v| v.as_str().map(|q| format!("`{q}`"))).take(8).collect();
    s.push_str(&ex.join(", "));
    s.push_str(".\n");
    let lines: Vec<String> = all.iter().map(line).collect();
    crate::bench::finish_section(s, "target/bench/typos/results.json", "every figure", &lines, &path, &old, HEADING)
}

const METHOD: &str = "\
Command: `cargo xtask bench-typos` (generated corpora of 10,000 and 100,000 articles and the real KCNA
text; also the last step of `cargo xtask bench`). Each corpus is compiled by the release `tumen build`;
queries run through `tumen search --queries` (the reader's search code, natively; times are the search
alone, its files already read). Misspelt queries: 1,000 titles picked at random (seed 7), up to four of
their words, one of six letters or more misspelt by a single random edit (replace, insert, drop, swap).
A query finds its article when the article, or a word-for-word repeat of it under another address, is in
its top 10. Generated titles share words, and four words do not always single out one article: the
same queries spelt right give the ceiling.
Typos are forgiven from five letters (one edit) and nine (two), so every misspelt word here is in reach.
Pagefind has no typo tolerance to compare with. The place-name table counts results, so a misspelling
one edit from two names (Japang: Jagang and Japan; Pyongyan: Pyongyang and Pyongan) finds both.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_misspell_one_long_word_by_one_edit() {
        let titles: Vec<(String, String)> = (0..50).map(|i| (format!("a{i}"), format!("Smuggling grows along the Tumen river near Hyesan {i}"))).collect();
        let (exact, typo, ids) = title_queries(&titles, 20, 1);
        assert_eq!(exact.len(), 20);
        assert_eq!(ids.len(), 20);
        for (e, t) in exact.iter().zip(&typo) {
            let (ew, tw): (Vec<&str>, Vec<&str>) = (e.split(' ').collect(), t.split(' ').collect());
            assert_eq!(ew.len(), tw.len());
            let diff: Vec<(&&str, &&str)> = ew.iter().zip(&tw).filter(|(a, b)| a != b).collect();
            assert_eq!(diff.len(), 1, "{e} / {t}");
            let (a, b) = diff[0];
            assert!(a.len() >= 6 && b.len() >= 5, "{a} → {b}");
            assert!(a.len().abs_diff(b.len()) <= 1);
        }
    }
}
