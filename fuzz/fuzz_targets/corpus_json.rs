//! Corpus `.json` as users bring it: any bytes either load (every kept article
//! valid, ids unique) or fail with a typed error naming the file; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    match tumen_core::ingest::ingest_file("fuzz.json", &text) {
        Ok(loaded) => {
            let mut ids = HashSet::new();
            for a in &loaded.articles {
                assert!(!a.id.trim().is_empty() && ids.insert(a.id.as_str()), "a kept article has an empty or repeated id");
                assert!(!a.title.trim().is_empty(), "a kept article has no title");
            }
            assert!(loaded.problems.iter().all(|p| p.file == "fuzz.json"));
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.json")),
    }
});
