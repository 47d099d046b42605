//! Turning what users collect into corpus articles: raw aggregated `.txt`
//! articles (the seed format), JSON lines (one article per line) and corpus
//! `.json`. Pure functions over (file name, contents): the CLI does the I/O.

use crate::error::{CorpusError, Problem, Severity};
use crate::model::{Article, Block, Corpus};
use crate::parse::{collapse_space, parse_corpus, raw_from_value, validate_all, Loaded, Validator};
use std::collections::HashSet;

/// Reads one input by its extension (`.txt`, `.jsonl`, `.json`). Text that was
/// not valid UTF-8 (the browser and the CLI read it with U+FFFD in place of each
/// bad byte) is read anyway, with a warning naming the file.
pub fn ingest_file(name: &str, contents: &str) -> Result<Loaded, CorpusError> {
    let mut loaded = ingest_by_kind(name, contents)?;
    let unreadable = contents.chars().filter(|&c| c == '\u{FFFD}').count();
    if unreadable > 0 {
        loaded.problems.insert(0, file_problem(
            name,
            &format!("{unreadable} character{} could not be read as UTF-8 and show as \u{FFFD}: save the file as UTF-8 and add it again", if unreadable == 1 { "" } else { "s" }),
        ));
    }
    Ok(loaded)
}

/// A warning about a whole file rather than one article (field `(file)`).
fn file_problem(name: &str, message: &str) -> Problem {
    Problem { file: name.to_string(), index: 0, article_id: None, field: "(file)".into(), message: message.to_string(), severity: Severity::Warning }
}

fn ingest_by_kind(name: &str, contents: &str) -> Result<Loaded, CorpusError> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".txt") {
        let mut raw = parse_raw_text(name, contents);
        // A plain text file is an article even without the aggregator's lines: a source it
        // does not name is taken from the file name, and the reader is told.
        let guessed = raw.source.is_none().then(|| {
            let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
            raw.source = Some(base.clone());
            base
        });
        let id = raw.id.clone();
        let mut loaded = validate_all(name, vec![raw_from_article(raw)]);
        if let (Some(base), false) = (guessed, loaded.articles.is_empty()) {
            loaded.problems.push(Problem {
                file: name.to_string(),
                index: 0,
                article_id: Some(id),
                field: "source".into(),
                message: format!("not named in the file; taken from the file name \"{base}\""),
                severity: Severity::Warning,
            });
        }
        Ok(loaded)
    } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        Ok(parse_json_lines(name, contents))
    } else if lower.ends_with(".json") {
        parse_corpus(name, contents)
    } else {
        Err(CorpusError::UnsupportedInput { file: name.to_string() })
    }
}

/// Merges several inputs into one corpus: later duplicates of an id are
/// rejected, and articles are ordered newest first (undated last), then by id,
/// so the same inputs always give the same bytes whatever their order.
pub fn merge(loaded: Vec<Loaded>) -> (Corpus, Vec<Problem>) {
    let mut seen = HashSet::new();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for part in loaded {
        problems.extend(part.problems);
        // The later file is named: that is where the repeat is, and what the reader can fix.
        let file = if part.file.is_empty() { "(merge)".to_string() } else { part.file };
        for article in part.articles {
            if seen.insert(article.id.clone()) {
                articles.push(article);
            } else {
                problems.push(Problem {
                    file: file.clone(),
                    index: 0,
                    article_id: Some(article.id.clone()),
                    field: "id".to_string(),
                    message: "duplicate id: another input already has an article with this id".to_string(),
                    severity: Severity::Error,
                });
            }
        }
    }
    articles.sort_by(|a, b| b.date.is_some().cmp(&a.date.is_some()).then(b.date.cmp(&a.date)).then(a.id.cmp(&b.id)));
    (Corpus::new(articles), problems)
}

/// JSON lines: each non-blank line is one article object, validated as it is
/// read (a large import never holds every line's JSON at once). Problems come
/// in line order.
pub fn parse_json_lines(name: &str, contents: &str) -> Loaded {
    let contents = contents.strip_prefix('\u{feff}').unwrap_or(contents);
    if contents.trim().is_empty() {
        return Loaded { articles: Vec::new(), problems: vec![file_problem(name, "the file is empty: it has no articles")], file: name.to_string() };
    }
    let mut validator = Validator::new(name);
    for (number, line) in contents.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // Read straight into a raw article: unknown fields are skipped at any depth and
        // known ones are depth-limited, exactly as in a corpus .json.
        match serde_json::from_str::<crate::parse::RawArticle>(line) {
            Ok(raw) => validator.push(raw),
            Err(e) => validator.skip(Problem {
                file: name.to_string(),
                index: number,
                article_id: None,
                field: "(line)".to_string(),
                message: format!("line {} is not valid JSON (column {}): {}", number + 1, e.column(), line_error(&e)),
                severity: Severity::Error,
            }),
        }
    }
    validator.finish()
}

fn line_error(e: &serde_json::Error) -> String {
    let message = strip_position(&e.to_string()).to_string();
    if message == "recursion limit exceeded" {
        format!("lists or objects are nested too deeply (at most {} levels)", crate::limits::MAX_JSON_DEPTH)
    } else {
        message
    }
}

fn strip_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |pos| &message[..pos])
}

/// The parts of a raw aggregated article, as found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawText {
    pub id: String,
    pub title: String,
    pub source_tags: Vec<String>,
    pub caption: Option<String>,
    pub body: Vec<Block>,
    pub source: Option<String>,
}

/// Lines after which everything is the site's or the aggregator's boilerplate.
const FOOTER_MARKERS: &[&str] = &["read in korean", "a note to readers", "disclaimer :", "disclaimer:"];

/// Parses the seed's raw format: a title line; a header of counter lines, the
/// site's tag line and an image caption; paragraphs and sub-headings; then the
/// footer ("Read in Korean", "A Note to Readers", the aggregator's disclaimer
/// naming the publisher), which is dropped except for the publisher.
pub fn parse_raw_text(name: &str, contents: &str) -> RawText {
    let text = contents.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    let mut raw = RawText { id: id_from_file_name(name), ..RawText::default() };
    raw.source = lines.iter().rev().find_map(|l| publisher(l));

    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if i < lines.len() {
        raw.title = collapse_space(lines[i]);
        i += 1;
    }
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    // The header block runs to the first blank line. Only treat it as a header
    // when it has the counters or a tag line; otherwise it is the first paragraph.
    let header_end = (i..lines.len()).find(|&j| lines[j].trim().is_empty()).unwrap_or(lines.len());
    let header = &lines[i..header_end];
    if header.iter().any(|l| is_counter(l)) || header.first().is_some_and(|l| is_tag_line(l)) {
        let mut caption = Vec::new();
        for line in header {
            let line = line.trim();
            if is_counter(line) {
                continue;
            }
            if raw.source_tags.is_empty() && caption.is_empty() && is_tag_line(line) {
                raw.source_tags = line.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
            } else {
                caption.push(line);
            }
        }
        if !caption.is_empty() {
            raw.caption = Some(collapse_space(&caption.join(" ")));
        }
        i = header_end;
    }
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, body: &mut Vec<Block>| {
        if paragraph.is_empty() {
            return;
        }
        let joined = collapse_space(&paragraph.join(" "));
        paragraph.clear();
        if joined.is_empty() {
            return;
        }
        body.push(if looks_like_heading(&joined) { Block::Heading { heading: joined } } else { Block::Paragraph(joined) });
    };
    while i < lines.len() {
        let line = lines[i].trim();
        let lower = line.to_ascii_lowercase();
        if FOOTER_MARKERS.iter().any(|m| lower.starts_with(m)) {
            break;
        }
        if line.is_empty() {
            flush(&mut paragraph, &mut raw.body);
        } else {
            paragraph.push(line);
        }
        i += 1;
    }
    flush(&mut paragraph, &mut raw.body);
    // A heading cannot end the article: a trailing short line is a paragraph.
    if let Some(Block::Heading { heading }) = raw.body.last().cloned() {
        raw.body.pop();
        raw.body.push(Block::Paragraph(heading));
    }
    raw
}

fn raw_from_article(raw: RawText) -> crate::parse::RawArticle {
    use serde_json::Value;
    let article = Article {
        id: raw.id,
        title: raw.title,
        date: None,
        source: raw.source.unwrap_or_default(),
        url: None,
        source_tags: raw.source_tags,
        caption: raw.caption,
        summary: None,
        body: raw.body,
    };
    let mut value = serde_json::to_value(&article).unwrap_or(Value::Null);
    // Empty strings must reach validation as missing, so the message says so.
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| v.as_str() != Some(""));
    }
    raw_from_value(value)
}

fn id_from_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    stem.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

fn is_counter(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit())
}

/// The site's tag line: comma-separated, lower-case keywords, no sentence.
fn is_tag_line(line: &str) -> bool {
    let t = line.trim();
    t.contains(',') && t.len() < 400 && !t.chars().any(|c| c.is_uppercase()) && !t.ends_with('.')
}

/// Sub-headings are short single lines without sentence punctuation.
fn looks_like_heading(text: &str) -> bool {
    let count = text.chars().count();
    (3..=90).contains(&count)
        && !text.ends_with(['.', '?', '!', ':', ';', ',', '"', '”', '’', '\''])
        && !text.starts_with(['“', '"', '‘', '\'', '('])
        && text.chars().next().is_some_and(|c| c.is_uppercase())
}

/// "Disclaimer : ... Publisher: dailynk.com" names who published the story.
fn publisher(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let pos = lower.rfind("publisher:")?;
    let value = line[pos + "publisher:".len()..].trim().trim_end_matches('.').trim();
    if value.is_empty() {
        return None;
    }
    Some(publisher_name(value))
}

/// Known publishers' domains get their masthead name; anything else is kept as written.
pub fn publisher_name(domain: &str) -> String {
    let d = domain.trim().trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.").trim_end_matches('/').to_ascii_lowercase();
    let known = [
        ("dailynk.com", "Daily NK"),
        ("nknews.org", "NK News"),
        ("rfa.org", "Radio Free Asia"),
        ("asiapress.org", "ASIAPRESS"),
        ("38north.org", "38 North"),
        ("yna.co.kr", "Yonhap"),
        ("en.yna.co.kr", "Yonhap"),
        ("koreaherald.com", "The Korea Herald"),
        ("koreatimes.co.kr", "The Korea Times"),
        ("kcnawatch.org", "KCNA (via KCNA Watch)"),
    ];
    known.iter().find(|(k, _)| *k == d).map_or_else(|| domain.trim().to_string(), |(_, n)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_unpunctuated_lines() {
        assert!(looks_like_heading("Markets brace for shortages as imports dry up"));
        assert!(!looks_like_heading("The suspension has created problems."));
        assert!(!looks_like_heading("“This means they can’t smuggle”"));
    }

    #[test]
    fn publisher_domains_map_to_mastheads() {
        assert_eq!(publisher("Disclaimer : blah. Publisher: dailynk.com").as_deref(), Some("Daily NK"));
        assert_eq!(publisher("Publisher: example.org").as_deref(), Some("example.org"));
        assert_eq!(publisher("no publisher here"), None);
    }

    #[test]
    fn ids_come_from_file_names() {
        assert_eq!(id_from_file_name("data/raw/000_b090.txt"), "000_b090");
        assert_eq!(id_from_file_name("a b.txt"), "a-b");
    }

    #[test]
    fn text_without_header_keeps_its_first_paragraph() {
        let raw = parse_raw_text("x.txt", "Title\n\nFirst paragraph here.\n\nSecond one.\n");
        assert_eq!(raw.title, "Title");
        assert_eq!(raw.caption, None);
        assert_eq!(raw.body.len(), 2);
    }
}
