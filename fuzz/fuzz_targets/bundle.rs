//! The bundle reader on damaged files: one file of a real bundle (the sample
//! corpus) is overwritten, cut, spliced or replaced, and the reader must refuse
//! it in words or keep answering; never a panic, never an endless fetch loop.
//! Input: [file selector, edit kind, offset lo, offset hi, bytes...].
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::bundle::library::{Encoding, Library};
use tumen_core::bundle::{Manifest, MANIFEST};
use tumen_core::index::Query;

fuzz_target!(|data: &[u8]| {
    let [which, edit, lo, hi, bytes @ ..] = data else { return };
    // Binary files are fuzzed inflated (a fuzzer gets nowhere inside deflate);
    // one selector bit keeps them as stored, to fuzz the inflater too.
    let encoding = if which & 0x80 == 0 { Encoding::Inflated } else { Encoding::Stored };
    let files = if encoding == Encoding::Inflated { tumen_fuzz::sample_bundle_inflated() } else { tumen_fuzz::sample_bundle() };
    let target = (*which as usize & 0x7f) % files.len();
    let mut file = files[target].1.clone();
    tumen_fuzz::damage(&mut file, *edit, u16::from_le_bytes([*lo, *hi]) as usize, bytes);
    let damaged = files[target].0.as_str();
    let get = |path: &str| {
        if path == damaged {
            Some(file.as_slice())
        } else {
            files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
        }
    };
    let Ok(manifest) = Manifest::parse(MANIFEST, get(MANIFEST).unwrap_or_default()) else { return };
    let docs: Option<Vec<Vec<u8>>> = Library::opening_needs(&manifest)
        .iter()
        .map(|n| manifest.segments[n.segment].path(n.kind, n.number).and_then(|p| get(&p)).map(<[u8]>::to_vec))
        .collect();
    let Some(docs) = docs else { return };
    let Ok(mut library) = Library::open_with(manifest, docs, encoding) else { return };
    let fetch = |library: &mut Library, needs: Vec<tumen_core::bundle::library::Need>| {
        for need in needs {
            if let Some(bytes) = library.path(need).and_then(|p| get(&p)) {
                let _ = library.insert_with(need, bytes, encoding);
            }
        }
    };
    // One query per input (the edit byte's high bits pick it): typo search is the
    // costly part, and one query is enough to make the reader fetch and decode.
    let queries = ["\"rice\"", "\"party cell\" -border", "양강도", "hyesan smugling"];
    for text in [queries[(*edit as usize >> 2) % queries.len()]] {
        let q = Query::text(text);
        // A file refused stays missing: the worker gives up after a few rounds, so does this.
        for _ in 0..4 {
            let needs = library.missing_for_query(&q);
            if needs.is_empty() {
                break;
            }
            fetch(&mut library, needs);
        }
        let results = library.run(&q);
        assert!(results.total <= library.len());
    }
    let needs = library.missing_titles();
    fetch(&mut library, needs);
    for doc in 0..library.len().min(8) as u32 {
        let _ = library.card(doc);
        let needs = library.missing_for_article(doc);
        fetch(&mut library, needs);
        if let Some(article) = library.article(doc) {
            let _ = article;
        }
    }
    let _ = library.summary();
});
