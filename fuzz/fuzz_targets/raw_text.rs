//! Raw aggregated `.txt` articles (the seed format, BOM, CRLF, U+3000 and all):
//! any bytes give at most one article or a problem naming the file, and its
//! highlights stay inside the text they mark.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    let loaded = tumen_core::ingest::ingest_file("fuzz.txt", &text).expect(".txt is a supported input");
    assert!(loaded.articles.len() <= 1);
    for a in &loaded.articles {
        tumen_fuzz::check_article(a);
    }
});
