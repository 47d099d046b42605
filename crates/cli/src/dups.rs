//! The `dups` subcommand: which articles of a corpus are copies of one story, as the reader
//! groups them (or word for word only, or as a textbook MinHash would), with timings. The
//! benchmark `cargo xtask bench-dedup` reads its JSON.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;
use tumen_core::dedup::{group_with_links, Fingerprint, Link, Params, BANDS, BINS, ROWS};

use crate::commands::load;

/// The grouping methods `--method` names.
pub fn params(method: &str) -> Option<Params> {
    match method {
        "reader" => Some(Params::default()),
        "exact" => Some(Params::exact()),
        "textbook" => Some(Params::textbook()),
        _ => None,
    }
}

pub fn run(inputs: &[PathBuf], method: &str, json_out: bool, candidates: Option<f32>) -> ExitCode {
    let Some(params) = params(method) else {
        eprintln!("error: unknown method `{method}` (reader, exact or textbook)");
        return ExitCode::FAILURE;
    };
    let mut articles = Vec::new();
    for input in inputs {
        let Some(loaded) = load(input) else { return ExitCode::FAILURE };
        articles.extend(loaded.articles);
    }
    let started = Instant::now();
    let fingerprints: Vec<Fingerprint> = articles.iter().map(Fingerprint::of).collect();
    let fingerprint_ms = started.elapsed().as_secs_f64() * 1e3;
    let dates: Vec<_> = articles.iter().map(|a| a.date).collect();
    let started = Instant::now();
    let mut links = Vec::new();
    let groups = group_with_links(&fingerprints, &dates, &params, |a, b, how| links.push((a, b, how)));
    let group_ms = started.elapsed().as_secs_f64() * 1e3;
    let id = |i: u32| articles.get(i as usize).map_or("", |a| a.id.as_str());

    if let Some(min) = candidates {
        // Every pair of distinct texts sharing an LSH band whose estimated similarity is at least
        // `min`, for labelling: one JSON line each.
        let mut seen = std::collections::HashSet::new();
        let mut buckets: std::collections::HashMap<(usize, Vec<u32>), Vec<u32>> = std::collections::HashMap::new();
        for (i, f) in fingerprints.iter().enumerate() {
            if f.sketch.len() != BINS {
                continue;
            }
            for band in 0..BANDS {
                buckets.entry((band, f.sketch[band * ROWS..(band + 1) * ROWS].to_vec())).or_default().push(i as u32);
            }
        }
        for members in buckets.values() {
            for (k, &a) in members.iter().enumerate() {
                for &b in members.iter().skip(k + 1).take(64) {
                    let (fa, fb) = (&fingerprints[a as usize], &fingerprints[b as usize]);
                    if fa.exact == fb.exact || !seen.insert((a.min(b), a.max(b))) {
                        continue;
                    }
                    let s = fa.similarity(fb);
                    if s >= min {
                        println!(
                            "{}",
                            json!({"a": id(a.min(b)), "b": id(a.max(b)), "similarity": s,
                                "shingles": [fa.shingles.min(fb.shingles), fa.shingles.max(fb.shingles)],
                                "grouped": groups.rep(a) == groups.rep(b)})
                        );
                    }
                }
            }
        }
        return ExitCode::SUCCESS;
    }

    if json_out {
        let pairs: Vec<_> = links
            .iter()
            .map(|&(a, b, how)| {
                let s = fingerprints[a as usize].similarity(&fingerprints[b as usize]);
                json!([id(a), id(b), if how == Link::Exact { "exact" } else { "near" }, s])
            })
            .collect();
        let out = json!({
            "method": method,
            "articles": articles.len(),
            "stories": groups.group_count(),
            "merged": groups.merged(),
            "groups": groups.groups().iter().map(|g| g.iter().map(|&i| id(i)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "links": pairs,
            "fingerprint_ms": fingerprint_ms,
            "group_ms": group_ms,
        });
        println!("{out}");
    } else {
        for g in groups.groups() {
            let rep = groups.rep(g[0]);
            let others: Vec<&str> = g.iter().filter(|&&i| i != rep).map(|&i| id(i)).collect();
            println!("{}  also at: {}", id(rep), others.join(", "));
        }
        eprintln!(
            "{} articles, {} stories: {} copies grouped ({method}); fingerprints {:.0} ms, grouping {:.0} ms",
            articles.len(),
            groups.group_count(),
            groups.merged(),
            fingerprint_ms,
            group_ms
        );
    }
    ExitCode::SUCCESS
}
