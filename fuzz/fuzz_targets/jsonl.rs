//! JSON lines: any bytes give the valid articles and a problem per bad line or
//! field, and merging them with themselves rejects every repeat.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    let loaded = tumen_core::ingest::parse_json_lines("fuzz.jsonl", &text);
    let n = loaded.articles.len();
    let (corpus, problems) = tumen_core::ingest::merge(vec![loaded.clone(), loaded]);
    assert_eq!(corpus.articles.len(), n, "merging a file with itself keeps each article once");
    let repeats = problems.iter().filter(|p| p.field == "id" && p.message.starts_with("duplicate id: another input")).count();
    assert_eq!(repeats, n, "each repeat is reported once, naming the file it is in");
    assert!(problems.iter().all(|p| p.file == "fuzz.jsonl"));
});
