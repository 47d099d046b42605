//! The corpus model: what an article is once it has been parsed and validated.
//! Everything downstream (tagger, index, app) works on these types; the on-disk
//! shape is described in `docs/corpus-format.md`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The only corpus format version this build reads and writes.
pub const CORPUS_VERSION: u32 = 1;

/// A calendar date. Reports either carry a real day or no date at all: we never
/// invent one, so a missing date is `None` on the article, not a placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses a strict ISO `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = digits(0..4)?;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || year == 0 {
            return None;
        }
        Some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }

    /// Months since year 0, handy as a timeline bucket key.
    pub fn month_index(self) -> u32 {
        self.year as u32 * 12 + (self.month as u32 - 1)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an ISO date (YYYY-MM-DD)")))
    }
}

/// One block of an article's body: a paragraph, or a sub-heading the site put
/// between paragraphs. On disk a paragraph is a bare string and a heading is
/// `{"heading": "..."}`, so the common case stays readable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Block {
    Paragraph(String),
    Heading { heading: String },
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) => text,
            Block::Heading { heading } => heading,
        }
    }
    pub fn is_heading(&self) -> bool {
        matches!(self, Block::Heading { .. })
    }
}

/// A validated article. Derived fields (places, topics...) are not stored here:
/// the tagger derives them from the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub source: String,
    pub url: Option<String>,
    #[serde(default)]
    pub source_tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Block>,
}

impl Article {
    /// Every piece of prose in reading order, labelled, for the tagger and the index.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &str)> {
        std::iter::once((Field::Title, self.title.as_str()))
            .chain(self.caption.as_deref().map(|c| (Field::Caption, c)))
            .chain(self.summary.as_deref().map(|s| (Field::Summary, s)))
            .chain(self.body.iter().enumerate().map(|(i, b)| (Field::Body(i), b.text())))
    }

    /// A short plain-text teaser for list views: the summary, else the first paragraph.
    pub fn snippet(&self, max_chars: usize) -> String {
        let source = self
            .summary
            .as_deref()
            .or_else(|| self.body.iter().find(|b| !b.is_heading()).map(Block::text))
            .unwrap_or("");
        truncate_chars(source, max_chars)
    }
}

/// Cuts at a word boundary near `max_chars` characters and adds an ellipsis.
pub fn truncate_chars(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(pos) if pos > cut.len() / 2 => &cut[..pos],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';'))
}

/// Which part of an article a piece of text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Caption,
    Summary,
    Body(usize),
}

/// The corpus file: `{"version": 1, "articles": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corpus {
    pub version: u32,
    pub articles: Vec<Article>,
}

impl Corpus {
    pub fn new(articles: Vec<Article>) -> Self {
        Corpus { version: CORPUS_VERSION, articles }
    }

    /// Deterministic pretty JSON with a trailing newline: same corpus, same bytes.
    pub fn to_json_pretty(&self) -> String {
        // Serializing owned, validated data with string keys cannot fail.
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}
