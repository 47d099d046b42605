//! What a shared link or the search box hands the reader: the URL's query
//! string and the search text. Parsing, writing back and running it on the
//! sample corpus never panic, and a parsed link reads back as itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tumen_core::index::{parse_text, Query};

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    let from_link = Query::from_query_string(&text);
    let again = Query::from_query_string(&from_link.to_query_string());
    assert_eq!(again, from_link, "a link written by the reader reads back as the same view");
    let _ = parse_text(&text);
    let index = tumen_fuzz::sample_index();
    let results = index.run(&from_link);
    assert!(results.total <= index.len());
    let typed = index.run(&Query::text(text.as_ref()));
    assert!(typed.total <= index.len());
});
