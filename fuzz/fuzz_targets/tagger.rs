//! The tagger on any text: as one piece (the CLI's `tumen tag`) and as an
//! article whose lines are title and paragraphs (the reader's article view).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = tumen_fuzz::text(data);
    let tags = tumen_core::tagger::Tagger::builtin().tag_text(&text);
    tumen_fuzz::check_mentions(&text, &tags.mentions);
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default();
    let body: Vec<serde_json::Value> = lines.map(|l| serde_json::Value::String(l.to_string())).collect();
    let json = serde_json::json!({"version": 1, "articles": [{"id": "f", "title": title, "source": "fuzz", "summary": "", "body": body}]});
    if let Ok(loaded) = tumen_core::parse::parse_corpus("fuzz.json", &json.to_string()) {
        for a in &loaded.articles {
            tumen_fuzz::check_article(a);
        }
    }
});
