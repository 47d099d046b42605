//! Hand-made articles for the integration tests: a title, an optional ISO date,
//! a source and plain paragraphs, nothing else.

use tumen_core::model::{Article, Block, Date};

/// An article with one paragraph per `body` entry. A date that is not ISO is a
/// mistake in the test, so it panics rather than leave the article undated.
pub fn article(id: &str, title: &str, date: Option<&str>, source: &str, body: &[&str]) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        date: date.map(|d| Date::parse_iso(d).unwrap_or_else(|| panic!("test date {d:?} is not YYYY-MM-DD"))),
        source: source.into(),
        url: None,
        source_tags: vec![],
        caption: None,
        summary: None,
        body: body.iter().map(|p| Block::Paragraph(p.to_string())).collect(),
    }
}
