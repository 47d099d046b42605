//! `cargo xtask bench-relevance` (also a step of `cargo xtask bench`): does the best article
//! come first? The judged queries of `bench/judged.json` (English and Korean, on the sample
//! corpus and on the real text of `../shared/real-corpus`) run through Tumen (`tumen search`,
//! the reader's own search code) and through MiniSearch in two settings
//! (`bench/relevance-minisearch.mjs`); the bench prints nDCG@10 and recall@10 for each, and
//! every judged article Tumen leaves out of its top 10 (where it ranked, or that nothing
//! matched it), to read why.
//!
//! Tumen is scored twice: its results alone (every word), and its results followed by its near
//! matches (`Results::near`: when fewer than ten articles have every word, the best of those
//! that lack one), as the reader and `tumen search` list them.
//!
//! Scoring: results are first folded onto their article (a word-for-word repeat under another
//! address, as KCNA files hundreds, counts once, as the article it repeats); gains are 2^grade − 1
//! over log2(rank + 1); recall@10 is the share of the judged articles in the top 10, out of at
//! most 10 (a query with 14 judged articles can still reach 1).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::util::{self, cmd, project_root, Result};

pub const HEADING: &str = "## Relevance (cargo xtask bench-relevance)";
const JUDGED: &str = "bench/judged.json";
const ENGINES: [(&str, &str); 4] = [
    ("tumen", "Tumen"),
    ("tumen_near", "Tumen, then its near matches"),
    ("or_fuzzy", "MiniSearch, OR with `fuzzy: 0.2`"),
    ("and_prefix", "MiniSearch, AND with prefix on the last word"),
];

pub fn run(args: &[String]) -> Result {
    util::no_more_args(args)?;
    let root = project_root();
    let judged: Value = serde_json::from_str(&util::read(&root.join(JUDGED))?).map_err(|e| format!("{JUDGED}: {e}"))?;
    util::run(cmd("cargo").args(["build", "--release", "--quiet", "-p", "tumen-cli"]))?;
    let cli = root.join("target/release/tumen");
    let dir = root.join("target/bench/relevance");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    let corpora = judged["corpora"].as_object().cloned().unwrap_or_default();
    let queries = judged["queries"].as_array().cloned().unwrap_or_default();
    let mut scored: Vec<Value> = Vec::new();
    for (name, file) in &corpora {
        let corpus = root.join(file.as_str().unwrap_or_default());
        let mine: Vec<&Value> = queries.iter().filter(|q| q["corpus"] == name.as_str()).collect();
        if mine.is_empty() {
            continue;
        }
        if !corpus.is_file() {
            eprintln!("bench-relevance: {} is not here; skipping its {} queries", corpus.display(), mine.len());
            continue;
        }
        eprintln!("\n== relevance: {name} ({} queries) ==", mine.len());
        let canon = canonical_ids(&corpus)?;
        let texts: Vec<String> = mine.iter().map(|q| q["query"].as_str().unwrap_or_default().to_string()).collect();
        let runs = engines(&cli, &dir, name, &corpus, &texts)?;
        for (q, i) in mine.iter().zip(0..) {
            let mut row = json!({ "corpus": name, "query": q["query"] });
            let judged: HashMap<String, u32> = q["relevant"].as_object().map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0) as u32)).collect()).unwrap_or_default();
            let judged = fold_judgments(&judged, &canon);
            for (engine, _) in ENGINES {
                let Some(r) = runs.get(engine).and_then(|r| r.get(i)) else { continue };
                let ranked = fold_results(&strings(&r["ids"]), &canon);
                let recall = recall10(&ranked, &judged);
                row[engine] = json!({ "ndcg": ndcg10(&ranked, &judged), "recall": recall, "total": r["total"] });
                // Where recall falls short (a query with more than ten judged articles that fills
                // its top 10 with them misses nothing).
                if engine == "tumen_near" && recall < 1.0 {
                    let near = fold_results(&strings(&r["near"]), &canon);
                    let missed = misses(&ranked, &near, &judged);
                    for m in &missed {
                        eprintln!("miss {name} {:?}: {m}", q["query"].as_str().unwrap_or_default());
                    }
                    row["misses"] = json!(missed);
                }
            }
            scored.push(row);
        }
    }
    let _ = fs::write(dir.join("results.json"), serde_json::to_string_pretty(&scored).unwrap_or_default());
    let summary = summarize(&scored);
    for line in lines(&summary) {
        println!("{line}");
    }
    write_md(&root, &scored, &summary)
}

/// Per article id, the id of the first article with the same title and text.
fn canonical_ids(path: &Path) -> Result<HashMap<String, String>> {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut out = HashMap::new();
    crate::gen_corpus::each_article(path, |a| {
        let Some(id) = a["id"].as_str() else { return };
        let key = format!("{}\u{0}{}", a["title"], a["body"]);
        let canon = first.entry(key).or_insert_with(|| id.to_string()).clone();
        out.insert(id.to_string(), canon);
    })?;
    Ok(out)
}

fn fold_judgments(judged: &HashMap<String, u32>, canon: &HashMap<String, String>) -> HashMap<String, u32> {
    let mut out: HashMap<String, u32> = HashMap::new();
    for (id, &g) in judged {
        let c = canon.get(id).cloned().unwrap_or_else(|| id.clone());
        let slot = out.entry(c).or_insert(0);
        *slot = (*slot).max(g);
    }
    out
}

fn fold_results(ids: &[String], canon: &HashMap<String, String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter().map(|id| canon.get(id).cloned().unwrap_or_else(|| id.clone())).filter(|c| seen.insert(c.clone())).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// The judged articles outside the top 10 of `ranked` (results then near matches, folded), best
/// grade first, each with where it stands: "kcna-1 (grade 2): rank 14", "… near match 12",
/// or "… not matched" (none of its words in any of their forms, or beyond the 500 listed).
pub fn misses(ranked: &[String], near: &[String], judged: &HashMap<String, u32>) -> Vec<String> {
    let mut out: Vec<(u32, String, String)> = Vec::new();
    for (id, &grade) in judged.iter().filter(|(_, &g)| g > 0) {
        let at = ranked.iter().position(|r| r == id);
        let place = match at {
            Some(k) if k < 10 => continue,
            Some(k) if near.contains(id) => format!("near match {}", k + 1),
            Some(k) => format!("rank {}", k + 1),
            None => "not matched".to_string(),
        };
        out.push((grade, id.clone(), place));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    out.into_iter().map(|(g, id, place)| format!("{id} (grade {g}): {place}")).collect()
}

pub fn ndcg10(ranked: &[String], judged: &HashMap<String, u32>) -> f64 {
    let gain = |g: u32| (2f64.powi(g as i32)) - 1.0;
    let dcg: f64 = ranked.iter().take(10).enumerate().map(|(i, id)| gain(judged.get(id).copied().unwrap_or(0)) / ((i + 2) as f64).log2()).sum();
    let mut ideal: Vec<u32> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(10).enumerate().map(|(i, &g)| gain(g) / ((i + 2) as f64).log2()).sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

pub fn recall10(ranked: &[String], judged: &HashMap<String, u32>) -> f64 {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranked.iter().take(10).filter(|id| judged.get(*id).is_some_and(|&g| g > 0)).count();
    found as f64 / relevant.min(10) as f64
}

/// Tumen's and MiniSearch's answers (total and best ids per query: Tumen's 500, to say where
/// a miss ranked, MiniSearch's 50), by engine. `tumen_near` is Tumen's list with its near
/// matches after it.
fn engines(cli: &Path, dir: &Path, name: &str, corpus: &Path, queries: &[String]) -> Result<HashMap<&'static str, Vec<Value>>> {
    let bundle = dir.join(format!("bundle-{name}"));
    let _ = fs::remove_dir_all(&bundle);
    util::output(cmd(cli.to_str().unwrap_or("tumen")).arg("build").arg(corpus).arg("-o").arg(&bundle)).ok_or("tumen build failed")?;
    let list = dir.join(format!("queries-{name}.txt"));
    fs::write(&list, queries.join("\n") + "\n").map_err(|e| e.to_string())?;
    let out = util::output(cmd(cli.to_str().unwrap_or("tumen")).arg("search").arg(&bundle).arg("--queries").arg(&list).args(["--limit", "500"])).ok_or("tumen search failed")?;
    let tumen: Vec<Value> = out.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    // The near matches follow the results (there are some only when the results are fewer than ten).
    let tumen_near: Vec<Value> = tumen
        .iter()
        .map(|r| {
            let mut ids = r["ids"].as_array().cloned().unwrap_or_default();
            ids.extend(r["near"].as_array().cloned().unwrap_or_default());
            let total = r["total"].as_u64().unwrap_or(0) + r["near"].as_array().map_or(0, |a| a.len() as u64);
            json!({ "ids": ids, "near": r["near"], "total": total })
        })
        .collect();
    if tumen.len() != queries.len() {
        return Err(format!("tumen search answered {} of {} queries", tumen.len(), queries.len()));
    }
    let qjson = dir.join(format!("queries-{name}.json"));
    fs::write(&qjson, serde_json::to_string(queries).unwrap_or_default()).map_err(|e| e.to_string())?;
    let mjson = dir.join(format!("minisearch-{name}.json"));
    let mut node = cmd("node");
    node.current_dir(project_root()).arg("bench/relevance-minisearch.mjs").arg("--corpus").arg(corpus).arg("--queries").arg(&qjson).arg("--out").arg(&mjson);
    util::run(&mut node)?;
    let mini: Value = serde_json::from_str(&util::read(&mjson)?).map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    out.insert("tumen", tumen);
    out.insert("tumen_near", tumen_near);
    // The rest are MiniSearch's settings.
    for (engine, _) in ENGINES.iter().filter(|(e, _)| !e.starts_with("tumen")) {
        out.insert(*engine, mini[*engine].as_array().cloned().unwrap_or_default());
    }
    Ok(out)
}

/// Means per corpus and over every query: (label, queries, per engine (ndcg, recall, mean hits)).
fn summarize(scored: &[Value]) -> Vec<(String, usize, Vec<(f64, f64, f64)>)> {
    let mut groups: Vec<String> = Vec::new();
    for r in scored {
        let c = r["corpus"].as_str().unwrap_or_default().to_string();
        if !groups.contains(&c) {
            groups.push(c);
        }
    }
    groups.push("all".into());
    groups
        .into_iter()
        .map(|g| {
            let rows: Vec<&Value> = scored.iter().filter(|r| g == "all" || r["corpus"] == g.as_str()).collect();
            let n = rows.len().max(1) as f64;
            let per = ENGINES
                .iter()
                .map(|(e, _)| {
                    let sum = |k: &str| rows.iter().filter_map(|r| r[*e][k].as_f64()).sum::<f64>() / n;
                    (sum("ndcg"), sum("recall"), sum("total"))
                })
                .collect();
            (g, rows.len(), per)
        })
        .collect()
}

fn lines(summary: &[(String, usize, Vec<(f64, f64, f64)>)]) -> Vec<String> {
    summary
        .iter()
        .map(|(g, n, per)| {
            let cells: Vec<String> = ENGINES.iter().zip(per).map(|((e, _), (nd, rc, _))| format!("{e}_ndcg10={nd:.3} {e}_recall10={rc:.3}")).collect();
            format!("relevance corpus={g} queries={n} {}", cells.join(" "))
        })
        .collect()
}

fn label(g: &str) -> &str {
    match g {
        "sample" => "Sample corpus (English)",
        "kcna" => "KCNA (English, real)",
        "csis" => "CSIS (English, real)",
        "ko" => "New Year addresses (Korean, real)",
        "all" => "**All queries**",
        other => other,
    }
}

fn write_md(root: &Path, scored: &[Value], summary: &[(String, usize, Vec<(f64, f64, f64)>)]) -> Result {
    let path: PathBuf = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    let mut s = format!("{HEADING}\n\n{METHOD}\n");
    s.push_str("| Queries | n | ");
    s.push_str(&ENGINES.iter().map(|(_, l)| format!("{l}: nDCG@10 / recall@10 / hits")).collect::<Vec<_>>().join(" | "));
    s.push_str(&format!(" |\n|---|---:|{}\n", "---:|".repeat(ENGINES.len())));
    for (g, n, per) in summary {
        let cells: Vec<String> = per.iter().map(|(nd, rc, hits)| format!("{nd:.3} / {rc:.3} / {hits:.0}")).collect();
        s.push_str(&format!("| {} | {n} | {} |\n", label(g), cells.join(" | ")));
    }
    // What is still missed, and why, to read.
    let missed: Vec<String> = scored
        .iter()
        .filter_map(|r| {
            let list = r["misses"].as_array().filter(|m| !m.is_empty())?;
            let items: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            Some(format!("`{}` ({}): {}", r["query"].as_str().unwrap_or_default(), r["corpus"].as_str().unwrap_or_default(), items.join("; ")))
        })
        .collect();
    if !missed.is_empty() {
        s.push_str("\nWhere Tumen's recall@10 falls short (results, then near matches), the judged articles outside its top 10:\n\n");
        for m in &missed {
            s.push_str(&format!("- {m}\n"));
        }
    }
    // The queries where Tumen does worst, to read.
    let mut worst: Vec<&Value> = scored.iter().collect();
    worst.sort_by(|a, b| a["tumen"]["ndcg"].as_f64().unwrap_or(0.0).total_cmp(&b["tumen"]["ndcg"].as_f64().unwrap_or(0.0)));
    s.push_str("\nTumen's weakest queries (nDCG@10; the best MiniSearch setting's beside it): ");
    let w: Vec<String> = worst
        .iter()
        .take(6)
        .map(|r| {
            let best = r["or_fuzzy"]["ndcg"].as_f64().unwrap_or(0.0).max(r["and_prefix"]["ndcg"].as_f64().unwrap_or(0.0));
            format!("`{}` ({}) {:.2} vs {:.2}", r["query"].as_str().unwrap_or_default(), r["corpus"].as_str().unwrap_or_default(), r["tumen"]["ndcg"].as_f64().unwrap_or(0.0), best)
        })
        .collect();
    s.push_str(&w.join("; "));
    s.push_str(".\n");
    crate::bench::finish_section(s, "target/bench/relevance/results.json", "every query", &lines(summary), &path, &old, HEADING)
}

const METHOD: &str = "\
Command: `cargo xtask bench-relevance` (also a step of `cargo xtask bench`). Judged queries:
`bench/judged.json`, 69 queries written for this project: 31 on the sample corpus (places in several
romanizations, topics, one misspelt), 14 on the real KCNA text, 10 on the real CSIS write-ups and 14 in
Korean on the real New Year addresses (DPRK spellings, the South's spelling of the same word, words
inside compounds), each with the articles an analyst would want first (grade 2) and others worth seeing
(grade 1); how they were judged is in the file. Tumen answers through `tumen search` (its search code,
natively, on the compiled bundle); MiniSearch 7.2.0 indexes the same articles (title weighted 3) and
answers in two settings: its default OR search with `fuzzy: 0.2`, and every word required with a prefix
on the last word and no fuzzy. A word-for-word repeat counts as the article it repeats; gains 2^grade − 1;
recall@10 out of at most 10 judged articles. Hits: the mean number of results per query. Tumen requires
every word, in any of its English forms (when no article has them all, it returns those with the most
and says so), so it returns few results. Scored a second time with its near matches after its results:
when fewer than ten articles have every word, the best of those that lack one word (none through a typo),
as the reader and `tumen search` list them (`Results::near`); they reach the articles that say the rest in other words
(“locked down” for lockdown, “coronavirus” for COVID), which otherwise only an OR search reaches.
";

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs.iter().map(|(k, g)| (k.to_string(), *g)).collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ideal_order_scores_one_and_misses_score_zero() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert!((ndcg10(&ids(&["a", "b", "x"]), &j) - 1.0).abs() < 1e-9);
        assert!(ndcg10(&ids(&["b", "a"]), &j) < 1.0);
        assert_eq!(ndcg10(&ids(&["x", "y"]), &j), 0.0);
        assert_eq!(recall10(&ids(&["x", "a"]), &j), 0.5);
        // Recall is out of at most ten judged articles.
        let many: HashMap<String, u32> = (0..14).map(|i| (format!("d{i}"), 1)).collect();
        let top: Vec<String> = (0..10).map(|i| format!("d{i}")).collect();
        assert_eq!(recall10(&top, &many), 1.0);
    }

    #[test]
    fn misses_say_where_each_judged_article_stands() {
        let j = judged(&[("a", 2), ("b", 1), ("c", 2), ("d", 1), ("e", 0)]);
        let mut ranked: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        ranked.insert(0, "a".into());
        ranked.extend(ids(&["b", "e"]));
        let near = ids(&["b"]);
        // `a` is in the top 10; `e` is judged not relevant; the others, best grade first.
        assert_eq!(misses(&ranked, &near, &j), ids(&["c (grade 2): not matched", "b (grade 1): near match 12", "d (grade 1): not matched"]));
        assert!(misses(&ids(&["a", "b", "c", "d"]), &[], &j).is_empty());
    }

    #[test]
    fn repeats_count_once_as_the_article_they_repeat() {
        let canon: HashMap<String, String> = [("a", "a"), ("a2", "a"), ("b", "b")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(fold_results(&ids(&["a2", "a", "b"]), &canon), ids(&["a", "b"]));
        let j = fold_judgments(&judged(&[("a2", 2), ("a", 1)]), &canon);
        assert_eq!(j, judged(&[("a", 2)]));
    }
}
