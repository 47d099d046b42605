//! `cargo xtask bench-hostile [--articles N]`: does hostile input cost more than
//! normal input of the same size? (issue 12: "no interaction on a hostile corpus or
//! link takes longer than on a normal one of the same size"; timed, so a bench and
//! not a test.)
//!
//! Two corpora of N generated articles (default 10,000), compiled by the release
//! `tumen build`: the normal one, and the same articles made hostile (dates at
//! 0001-01-01 and 9999-12-31, megabyte titles, bidirectional and zero-width
//! characters, script payloads, hundreds of site tags). The same searches and
//! links run on both, and hostile links (100,000 `entity=` values, a 100 kB
//! query, absurd dates) run beside normal links on the normal corpus, through
//! `tumen search --queries`: the reader's own query code, timed alone.

use std::fs;
use std::io::Write;

use serde_json::Value;

use crate::bench_typos::{search, stats};
use crate::gen_corpus;
use crate::util::{self, cmd, project_root, Result};

const HEADING: &str = "## Hostile input (cargo xtask bench-hostile)";
const REPEATS: usize = 7;

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let n: usize = util::take_opt(&mut args, "--articles")?.map_or(Ok(10_000), |s| s.replace('_', "").parse().map_err(|_| format!("--articles {s}: not a number")))?;
    util::no_more_args(&args)?;
    let root = project_root();
    let dir = root.join("target/bench/hostile");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let normal = gen_corpus::default_path(n, 42);
    if !normal.is_file() {
        gen_corpus::write_corpus_file(n, 0, 42, &normal)?;
    }
    let hostile = dir.join(format!("hostile-{n}.jsonl"));
    write_hostile(&normal, &hostile)?;
    util::run(cmd("cargo").args(["build", "--release", "--quiet", "-p", "tumen-cli"]))?;
    let cli = root.join("target/release/tumen");
    let mut bundles = Vec::new();
    for (name, corpus) in [("normal", &normal), ("hostile", &hostile)] {
        let bundle = dir.join(format!("bundle-{name}-{n}"));
        let _ = fs::remove_dir_all(&bundle);
        util::run(cmd(cli.to_str().unwrap_or("tumen")).arg("build").arg(corpus).arg("-o").arg(&bundle))?;
        bundles.push(bundle);
    }

    let searches: Vec<String> = ["rice prices", "smuggling border", "hyesan", "party congress", "?", "?province=ryanggang", "?topic=smuggling&from=2020-01", "?entity=hyesan", "?sort=newest&undated=0"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Each hostile link beside the normal link it imitates.
    let hostile_links: Vec<(String, String, String)> = vec![
        ("100,000 `entity=` values".into(), format!("?{}", (0..100_000).map(|i| format!("entity=e{i}&")).collect::<String>()), "?entity=hyesan".into()),
        ("100,000 copies of one `province=`".into(), format!("?{}", "province=ryanggang&".repeat(100_000)), "?province=ryanggang".into()),
        ("a 100 kB search".into(), format!("?q={}", "smuggling+".repeat(10_000)), "?q=smuggling".into()),
        ("dates from year 1 to 9999".into(), "?from=0001-01&to=9999-12".into(), "?from=2020-01&to=2024-12".into()),
        (
            "script in every parameter".into(),
            "?q=%3Cscript%3E&province=%3Cimg+onerror%3Dx%3E&topic=javascript:x&entity=%E2%80%AE&sort=%00".into(),
            "?q=rice&province=ryanggang&topic=smuggling&entity=hyesan&sort=newest".into(),
        ),
    ];

    let runs = |bundle: &std::path::Path, label: &str, lines: &[String]| -> Result<Vec<f64>> {
        // Each query REPEATS times, median of its times (one timing is noise on this machine).
        let repeated: Vec<String> = lines.iter().flat_map(|l| std::iter::repeat_n(l.clone(), REPEATS)).collect();
        let out = search(&cli, bundle, &dir, label, &repeated, 10)?;
        Ok(out.chunks(REPEATS).map(|c| median(c.iter().filter_map(|r| r["ms"].as_f64()).collect())).collect())
    };
    let on_normal = runs(&bundles[0], "normal", &searches)?;
    let on_hostile = runs(&bundles[1], "hostile", &searches)?;
    let links_normal = runs(&bundles[0], "links-normal", &hostile_links.iter().map(|(_, _, l)| l.clone()).collect::<Vec<_>>())?;
    let links_hostile = runs(&bundles[0], "links-hostile", &hostile_links.iter().map(|(_, l, _)| l.clone()).collect::<Vec<_>>())?;

    let mut lines = Vec::new();
    lines.push(format!("{n} articles; each figure the median of {REPEATS} runs of the search alone (ms)."));
    lines.push(String::new());
    lines.push("| search or link | normal corpus | hostile corpus | ratio |".into());
    lines.push("|---|---:|---:|---:|".into());
    let mut worst: f64 = 0.0;
    for ((q, a), b) in searches.iter().zip(&on_normal).zip(&on_hostile) {
        let ratio = b / a.max(0.001);
        worst = worst.max(ratio);
        let shown = if q == "?" { "(everything)".to_string() } else { format!("`{q}`") };
        lines.push(format!("| {shown} | {a:.2} | {b:.2} | {ratio:.2} |"));
    }
    lines.push(String::new());
    lines.push("| hostile link, on the normal corpus | ms | the normal link it imitates | ms | ratio |".into());
    lines.push("|---|---:|---|---:|---:|".into());
    let mut worst_link: f64 = 0.0;
    for (((name, _, normal), ms), base) in hostile_links.iter().zip(&links_hostile).zip(&links_normal) {
        let ratio = ms / base.max(0.001);
        worst_link = worst_link.max(ratio);
        lines.push(format!("| {name} | {ms:.2} | `{normal}` | {base:.2} | {ratio:.2} |"));
    }
    lines.push(String::new());
    lines.push(format!(
        "Worst ratio: {worst:.2} for the hostile corpus, {worst_link:.2} for hostile links (1.0 = no dearer than normal; timings under 1 ms move by ±0.2 ms from run to run here)."
    ));
    for l in &lines {
        println!("{l}");
    }
    let _ = fs::write(dir.join("results.json"), serde_json::to_string_pretty(&serde_json::json!({
        "articles": n, "searches": searches, "normal": on_normal, "hostile": on_hostile,
        "links_normal": links_normal, "links_hostile": links_hostile, "stats_hostile_links": stats(links_hostile.clone()),
    })).unwrap_or_default());
    let path = root.join("BENCHMARKS.md");
    let old = util::read(&path)?;
    let mut s = format!("{HEADING}\n\nCommand: `cargo xtask bench-hostile --articles {n}` (xtask/src/bench_hostile.rs). ");
    s.push_str("The same generated articles, normal and made hostile (dates at 0001-01-01 and 9999-12-31, 1 MB titles, bidirectional-override and zero-width characters, script payloads, 300 site tags), compiled by the release `tumen build`; searches and links run by `tumen search --queries`, the reader's own query code (search, facet counts and timeline), timed alone.\n\n");
    for l in &lines {
        s.push_str(l);
        s.push('\n');
    }
    util::write(&path, crate::test::replace_section(&old, HEADING, &s))?;
    eprintln!("wrote the section {HEADING:?} of BENCHMARKS.md");
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The normal corpus's articles, made hostile without changing their number.
fn write_hostile(normal: &std::path::Path, out: &std::path::Path) -> Result {
    let mut file = std::io::BufWriter::new(fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?);
    let mut i = 0usize;
    let mut failed = None;
    gen_corpus::each_article(normal, |a| {
        let mut a: Value = a.clone();
        match i {
            0 => a["date"] = "0001-01-01".into(),
            1 => a["date"] = "9999-12-31".into(),
            _ => {}
        }
        if i % 10 == 2 {
            let title = a["title"].as_str().unwrap_or_default();
            a["title"] = format!("\u{202e}{}\u{202c}", title.chars().flat_map(|c| [c, '\u{200b}']).collect::<String>()).into();
        }
        if i % 10 == 3 {
            a["summary"] = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\"> javascript:alert(1)".into();
            a["url"] = "javascript:alert(1)".into();
        }
        if i % 100 == 4 {
            a["title"] = "Hyesan ".repeat(150_000).into();
        }
        if i % 100 == 5 {
            a["source_tags"] = (0..300).map(|k| Value::String(format!("tag{k}"))).collect();
        }
        i += 1;
        if let Err(e) = writeln!(file, "{a}") {
            failed = Some(e.to_string());
        }
    })?;
    file.flush().map_err(|e| e.to_string())?;
    failed.map_or(Ok(()), Err)
}
