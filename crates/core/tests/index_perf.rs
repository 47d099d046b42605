//! Native timings of the index on a synthetic corpus. Ignored by default:
//!
//! ```sh
//! cargo xtask gen-corpus --articles 10000          # target/bench/corpus-10000.json
//! TUMEN_BENCH_CORPUS=target/bench/corpus-10000.json \
//!   cargo test --release -p tumen-core --test index_perf -- --ignored --nocapture
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and their peak, to measure the index build's footprint.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                // A moving realloc holds both blocks for a moment.
                PEAK.fetch_max(now + layout.size(), Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;
use tumen_core::index::{Index, Query, Sort};
use tumen_core::tagger::Tagger;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.95), *v.last().unwrap())
}

/// The typed prefixes of a few queries, as the browser bench types them.
pub fn typed_queries() -> Vec<String> {
    let words = ["smuggling", "rice prices", "hyesan", "yanggang", "border guards", "\"state smuggling\"", "electricity -china", "kim jong un", "market", "양강도"];
    let mut out = Vec::new();
    for w in words {
        let mut s = String::new();
        for c in w.chars() {
            s.push(c);
            out.push(s.clone());
        }
    }
    out
}

#[test]
#[ignore]
fn perf() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let path = std::env::var("TUMEN_BENCH_CORPUS").unwrap_or_else(|_| format!("{root}/target/bench/corpus-10000.json"));
    let path = if std::path::Path::new(&path).is_absolute() { path } else { format!("{root}/{path}") };
    let json = std::fs::read_to_string(&path).expect("generate the corpus first (cargo xtask gen-corpus)");
    let mb = |b: usize| b as f64 / 1e6;
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let loaded = tumen_core::parse_corpus("corpus.json", &json).unwrap();
    let parse_ms = ms(t);
    let articles = loaded.articles;
    println!(
        "parse: articles live +{:.1} MB (JSON text {:.1} MB), peak +{:.1} MB over the text",
        mb(LIVE.load(Ordering::Relaxed) - base),
        mb(json.len()),
        mb(PEAK.load(Ordering::Relaxed) - base)
    );
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let tags = Tagger::builtin().tag_corpus(&articles);
    let tag_ms = ms(t);
    println!(
        "tag: live +{:.1} MB after (tagger included), peak +{:.1} MB",
        mb(LIVE.load(Ordering::Relaxed) - base),
        mb(PEAK.load(Ordering::Relaxed) - base)
    );
    let live_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(live_before, Ordering::Relaxed);
    let t = Instant::now();
    let index = Index::build(&articles, &tags);
    let build_ms = ms(t);
    println!(
        "index build: live heap +{:.1} MB after, peak +{:.1} MB during",
        (LIVE.load(Ordering::Relaxed) - live_before) as f64 / 1e6,
        (PEAK.load(Ordering::Relaxed) - live_before) as f64 / 1e6
    );
    println!(
        "corpus {path}: {} articles, {:.1} MB JSON; parse {parse_ms:.0} ms, tag {tag_ms:.0} ms, index {build_ms:.0} ms; \
         index heap {:.1} MB ({:.2}x JSON), {} terms",
        articles.len(),
        json.len() as f64 / 1e6,
        index.heap_bytes() as f64 / 1e6,
        index.heap_bytes() as f64 / json.len() as f64,
        index.term_count()
    );

    let mut typed = Vec::new();
    let mut total = 0usize;
    let mut slow: Vec<(f64, String, usize)> = Vec::new();
    for q in typed_queries() {
        let t = Instant::now();
        let r = index.run(&Query::text(q.clone()));
        typed.push(ms(t));
        slow.push((ms(t), q, r.total));
        total += r.total;
    }
    slow.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    println!("slowest typed: {:?}", &slow[..5]);
    let (med, p95, max) = stats(typed.clone());
    println!("typed queries ({}): median {med:.2} ms, p95 {p95:.2} ms, max {max:.2} ms (hits {total})", typed.len());

    // Facet toggles on top of a text query and without.
    let r = index.run(&Query::default());
    let provinces: Vec<String> = r.facets.provinces.iter().map(|v| v.id.clone()).take(6).collect();
    let topics: Vec<String> = r.facets.topics.iter().map(|v| v.id.clone()).take(6).collect();
    let sources: Vec<String> = r.facets.sources.iter().map(|v| v.id.clone()).take(4).collect();
    let mut facet = Vec::new();
    for text in ["", "rice", "smugg"] {
        let mut q = Query { text: text.into(), ..Query::default() };
        for (i, p) in provinces.iter().enumerate() {
            q.provinces.push(p.clone());
            if let Some(t) = topics.get(i) {
                q.topics.push(t.clone());
            }
            let t = Instant::now();
            let _ = index.run(&q);
            facet.push(ms(t));
        }
        for s in &sources {
            q.sources.push(s.clone());
            let t = Instant::now();
            let _ = index.run(&q);
            facet.push(ms(t));
        }
        q.date_from = tumen_core::Date::parse_iso("2015-01-01");
        q.date_to = tumen_core::Date::parse_iso("2020-12-31");
        for sort in Sort::ALL {
            q.sort = sort;
            let t = Instant::now();
            let _ = index.run(&q);
            facet.push(ms(t));
        }
    }
    let (med, p95, max) = stats(facet.clone());
    println!("facet/date/sort toggles ({}): median {med:.2} ms, p95 {p95:.2} ms, max {max:.2} ms", facet.len());
    let t = Instant::now();
    let r = index.run(&Query::default());
    println!("everything, newest first: {} docs in {:.2} ms", r.total, ms(t));
    let t = Instant::now();
    let r = index.run(&Query::text("the "));
    println!("\"the \" (relevance over ~all docs): {} docs in {:.2} ms", r.total, ms(t));
    let t = Instant::now();
    let r = index.run(&Query::text("\"of the\""));
    println!("\"of the\" phrase: {} docs in {:.2} ms", r.total, ms(t));
}

#[test]
#[ignore]
fn perf_fold_only() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let json = std::fs::read_to_string(format!("{root}/target/bench/corpus-10000.json")).unwrap();
    let articles = tumen_core::parse_corpus("c", &json).unwrap().articles;
    let t = Instant::now();
    let mut n = 0usize;
    let mut bytes = 0usize;
    for a in &articles {
        for (_, text) in a.fields() {
            let f = tumen_core::normalize::fold(text);
            bytes += f.len();
            n += tumen_core::normalize::tokens(&f).count();
        }
    }
    println!("fold+tokens: {n} tokens, {bytes} bytes in {:.0} ms", ms(t));
}

/// Query-only profile target: builds once, then runs the typed queries and toggles 20 times.
#[test]
#[ignore]
fn perf_queries_loop() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let path = std::env::var("TUMEN_BENCH_CORPUS").unwrap_or_else(|_| format!("{root}/target/bench/corpus-10000.json"));
    let path = if std::path::Path::new(&path).is_absolute() { path } else { format!("{root}/{path}") };
    let json = std::fs::read_to_string(&path).unwrap();
    let articles = tumen_core::parse_corpus("c", &json).unwrap().articles;
    let tags = Tagger::builtin().tag_corpus(&articles);
    let index = Index::build(&articles, &tags);
    let t = Instant::now();
    let mut runs = 0;
    for _ in 0..10 {
        for q in typed_queries() {
            let _ = index.run(&Query::text(q));
            runs += 1;
        }
        for _ in 0..20 {
            let _ = index.run(&Query::default());
            runs += 1;
        }
    }
    println!("{runs} runs in {:.0} ms", ms(t));
}
