//! Reading a corpus file: strict about structure, lenient about articles.
//! A broken file (bad JSON, wrong version) is a [`CorpusError`]; a broken
//! article is rejected with a [`Problem`] and every other article still loads.

use crate::error::{CorpusError, Issue, Problem, Severity, TOO_DEEP};
use crate::limits::{MAX_ARTICLE_TEXT_BYTES, MAX_BODY_BLOCKS, MAX_FIELD_DEPTH, MAX_ID_CHARS, MAX_JSON_DEPTH, MAX_SOURCE_CHARS, MAX_SOURCE_TAGS, MAX_TITLE_CHARS};
use crate::model::{Article, Block, Date, CORPUS_VERSION};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// What reading a corpus produced: the articles that passed, and every problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    /// The file they came from, as messages name it (empty when not from one file).
    pub file: String,
}

impl Loaded {
    pub fn rejected(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }
}

/// Parses corpus JSON (`{"version": 1, "articles": [...]}`), validating each article.
/// `file` names the input in messages.
pub fn parse_corpus(file: &str, json: &str) -> Result<Loaded, CorpusError> {
    // Windows tools save UTF-8 with a byte-order mark; JSON has no place for it.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(CorpusError::EmptyFile { file: file.to_string() });
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let raw = CorpusSeed { file }.deserialize(&mut deserializer).map_err(|e| json_error(file, &e))?;
    deserializer.end().map_err(|e| json_error(file, &e))?;
    if !raw.is_object {
        return Err(CorpusError::NotACorpus { file: file.to_string() });
    }
    match raw.version {
        Some(Value::Number(n)) if n.as_u64() == Some(CORPUS_VERSION as u64) => {}
        Some(other) => {
            return Err(CorpusError::UnsupportedVersion {
                file: file.to_string(),
                found: other.to_string(),
                expected: CORPUS_VERSION,
            })
        }
        None => return Err(CorpusError::NotACorpus { file: file.to_string() }),
    }
    match raw.articles {
        Some(RawArticles::List(loaded)) => Ok(loaded),
        Some(RawArticles::NotAList) => Err(CorpusError::ArticlesNotAList { file: file.to_string() }),
        None => Err(CorpusError::NotACorpus { file: file.to_string() }),
    }
}

/// Validates articles one at a time, keeping the good ones and every problem.
/// Used while reading a corpus, so raw articles never pile up in memory.
pub(crate) struct Validator<'a> {
    file: &'a str,
    index: usize,
    seen: HashSet<String>,
    loaded: Loaded,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(file: &'a str) -> Self {
        Validator { file, index: 0, seen: HashSet::new(), loaded: Loaded { file: file.to_string(), ..Loaded::default() } }
    }

    pub(crate) fn push(&mut self, raw: RawArticle) {
        let (file, index) = (self.file, self.index);
        self.index += 1;
        let mut problems = Vec::new();
        let article = validate(file, index, raw, &mut problems);
        if let Some(article) = &article {
            if !self.seen.insert(article.id.clone()) {
                problems.push(Problem::new(file, index, Some(&article.id), "id", Issue::DuplicateId, Severity::Error));
            }
        }
        let rejected = problems.iter().any(|p| p.severity == Severity::Error);
        self.loaded.problems.extend(problems);
        if let (Some(article), false) = (article, rejected) {
            self.loaded.articles.push(article);
        }
    }

    /// Counts an entry that could not even be read as an article (a bad JSON line).
    pub(crate) fn skip(&mut self, problem: Problem) {
        self.index += 1;
        self.loaded.problems.push(problem);
    }

    pub(crate) fn finish(self) -> Loaded {
        self.loaded
    }
}

/// Validates raw articles in order, rejecting bad ones and later duplicates of an id.
pub fn validate_all(file: &str, raw: Vec<RawArticle>) -> Loaded {
    let mut validator = Validator::new(file);
    for article in raw {
        validator.push(article);
    }
    validator.loaded
}

fn json_error(file: &str, error: &serde_json::Error) -> CorpusError {
    let message = error.to_string();
    // serde_json appends " at line L column C"; we report those as fields.
    let message = match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message,
    };
    let message = if message == "recursion limit exceeded" {
        format!("{TOO_DEEP} (at most {MAX_JSON_DEPTH} levels)")
    } else {
        message
    };
    CorpusError::InvalidJson { file: file.to_string(), line: error.line(), column: error.column(), message }
}


/// One article as found in the file, before validation: every known field kept
/// as raw JSON so a wrong type becomes a message, not a parse failure.
#[derive(Debug, Default, Clone)]
pub struct RawArticle {
    pub is_object: bool,
    pub id: Option<Value>,
    pub title: Option<Value>,
    pub date: Option<Value>,
    pub source: Option<Value>,
    pub url: Option<Value>,
    pub source_tags: Option<Value>,
    pub caption: Option<Value>,
    pub summary: Option<Value>,
    pub body: Option<Value>,
    /// Known fields whose value nests lists or objects deeper than
    /// [`MAX_FIELD_DEPTH`]: skipped while reading, and the article rejected.
    pub too_deep: Vec<&'static str>,
}

fn validate(file: &str, index: usize, raw: RawArticle, problems: &mut Vec<Problem>) -> Option<Article> {
    if !raw.is_object {
        problems.push(Problem::new(file, index, None, "(article)", Issue::NotAnObject, Severity::Error));
        return None;
    }
    let mut report = |id: Option<&str>, field: &str, issue: Issue, severity| problems.push(Problem::new(file, index, id, field, issue, severity));
    let id = match raw.id {
        Some(Value::String(s)) if s.trim().chars().count() > MAX_ID_CHARS => {
            report(None, "id", Issue::IdTooLong { chars: s.trim().chars().count(), max: MAX_ID_CHARS }, Severity::Error);
            None
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(_)) => {
            report(None, "id", Issue::Empty, Severity::Error);
            None
        }
        None | Some(Value::Null) => {
            report(None, "id", Issue::Missing, Severity::Error);
            None
        }
        Some(_) => {
            report(None, "id", Issue::NotAString, Severity::Error);
            None
        }
    };
    let idr = id.as_deref();
    for field in &raw.too_deep {
        report(idr, field, Issue::FieldTooDeep { max: MAX_FIELD_DEPTH }, Severity::Error);
    }
    let title = required_text(raw.title, "title", idr, &mut report).map(|t| cut_long(t, MAX_TITLE_CHARS, "title", idr, &mut report));
    let source = required_text(raw.source, "source", idr, &mut report).map(|t| cut_long(t, MAX_SOURCE_CHARS, "source", idr, &mut report));
    let date = match raw.date {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => match Date::parse_iso(s.trim()) {
            Some(d) => Some(d),
            None => {
                report(idr, "date", Issue::BadDate { value: s }, Severity::Warning);
                None
            }
        },
        Some(_) => {
            report(idr, "date", Issue::DateNotAString, Severity::Warning);
            None
        }
    };
    let url = match raw.url {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => {
            let t = s.trim();
            let lower = t.to_ascii_lowercase();
            if (lower.starts_with("https://") || lower.starts_with("http://")) && !t.contains(char::is_whitespace) {
                Some(t.to_string())
            } else {
                report(idr, "url", Issue::NotAWebAddress, Severity::Warning);
                None
            }
        }
        Some(_) => {
            report(idr, "url", Issue::UrlNotAString, Severity::Warning);
            None
        }
    };
    let source_tags = match raw.source_tags {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let tags: Vec<String> = items
                .iter()
                .filter_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
                .collect();
            if tags.len() != items.iter().filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty())).count() || items.iter().any(|v| !v.is_string()) {
                report(idr, "source_tags", Issue::TagsNotStrings, Severity::Warning);
            }
            let mut tags = tags;
            if tags.len() > MAX_SOURCE_TAGS {
                report(idr, "source_tags", Issue::TooManyTags { count: tags.len(), max: MAX_SOURCE_TAGS }, Severity::Warning);
                tags.truncate(MAX_SOURCE_TAGS);
            }
            tags
        }
        Some(_) => {
            report(idr, "source_tags", Issue::TagsNotAList, Severity::Warning);
            Vec::new()
        }
    };
    let caption = optional_text(raw.caption, "caption", idr, &mut report);
    let summary = optional_text(raw.summary, "summary", idr, &mut report);
    let body = match raw.body {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => split_paragraphs(&s).into_iter().map(Block::Paragraph).collect(),
        Some(Value::Array(items)) => {
            let mut blocks = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::String(s) if !s.trim().is_empty() => blocks.push(Block::Paragraph(trim_owned(s))),
                    Value::String(_) => {}
                    Value::Object(map) => match map.get("heading") {
                        Some(Value::String(h)) if !h.trim().is_empty() => blocks.push(Block::Heading { heading: h.trim().to_string() }),
                        _ => report(idr, &format!("body[{i}]"), Issue::BlockWithoutHeading, Severity::Warning),
                    },
                    _ => report(idr, &format!("body[{i}]"), Issue::BadBlock, Severity::Warning),
                }
            }
            blocks
        }
        Some(_) => {
            report(idr, "body", Issue::BodyNotAList, Severity::Error);
            Vec::new()
        }
    };
    if summary.is_none() && body.is_empty() {
        report(idr, "body", Issue::NoText, Severity::Error);
    }
    if body.len() > MAX_BODY_BLOCKS {
        report(idr, "body", Issue::TooManyParagraphs { count: body.len(), max: MAX_BODY_BLOCKS }, Severity::Error);
    }
    let text_bytes = [&title, &caption, &summary].iter().filter_map(|t| t.as_ref().map(String::len)).sum::<usize>()
        + body.iter().map(|b| b.text().len()).sum::<usize>();
    if text_bytes > MAX_ARTICLE_TEXT_BYTES {
        report(idr, "body", Issue::ArticleTooLarge { bytes: text_bytes as u64, max: MAX_ARTICLE_TEXT_BYTES as u64 }, Severity::Error);
    }
    Some(Article { id: id?, title: title?, date, source: source?, url, source_tags, caption, summary, body })
}

/// Characters that show nothing: zero-width spaces and joiners, byte-order marks,
/// soft hyphens, and the bidirectional controls (Unicode's format characters
/// that turn up in scraped text).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

fn required_text(value: Option<Value>, field: &str, id: Option<&str>, report: &mut impl FnMut(Option<&str>, &str, Issue, Severity)) -> Option<String> {
    match value {
        // A title of zero-width characters alone would be a link with nothing to click.
        Some(Value::String(s)) if s.chars().all(is_invisible) && !s.trim().is_empty() => {
            report(id, field, Issue::Invisible, Severity::Error);
            None
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Some(collapse_space(&s)),
        Some(Value::String(_)) => {
            report(id, field, Issue::Empty, Severity::Error);
            None
        }
        None | Some(Value::Null) => {
            report(id, field, Issue::Missing, Severity::Error);
            None
        }
        Some(_) => {
            report(id, field, Issue::NotAString, Severity::Error);
            None
        }
    }
}

/// Cuts a one-line field that is too long to show (a 1 MB title), with a warning.
fn cut_long(text: String, max_chars: usize, field: &str, id: Option<&str>, report: &mut impl FnMut(Option<&str>, &str, Issue, Severity)) -> String {
    let chars = text.chars().count();
    if chars <= max_chars {
        return text;
    }
    report(id, field, Issue::Cut { chars, max: max_chars }, Severity::Warning);
    let mut cut: String = text.chars().take(max_chars).collect();
    cut.push('…');
    cut
}

fn optional_text(value: Option<Value>, field: &str, id: Option<&str>, report: &mut impl FnMut(Option<&str>, &str, Issue, Severity)) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(trim_owned(s)),
        Some(_) => {
            report(id, field, Issue::NotAStringIgnored, Severity::Warning);
            None
        }
    }
}

/// Trims without copying when there is nothing to trim (the usual case, and
/// body text is most of a corpus).
fn trim_owned(text: String) -> String {
    if text.len() == text.trim().len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// Folds internal whitespace (titles and sources are one line).
pub(crate) fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits text into paragraphs at blank lines.
pub(crate) fn split_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| collapse_space(p))
        .filter(|p| !p.is_empty())
        .collect()
}

// ---- Lenient deserialization: structure errors become values, not failures ----

/// Visitor methods for every JSON scalar, all answering `$value`: where an
/// object or list was expected, a string, number, boolean or null is recorded
/// as "the wrong shape" instead of failing the whole file.
macro_rules! scalars_are {
    ($ty:ty, $value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<$ty, E> { Ok($value) }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$ty, E> { Ok($value) }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$ty, E> { Ok($value) }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$ty, E> { Ok($value) }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$ty, E> { Ok($value) }
        fn visit_unit<E: de::Error>(self) -> Result<$ty, E> { Ok($value) }
    };
}

struct RawCorpus {
    is_object: bool,
    version: Option<Value>,
    articles: Option<RawArticles>,
}

enum RawArticles {
    /// Already validated, article by article, as they were read.
    List(Loaded),
    NotAList,
}

/// Reads the corpus object, validating articles as they stream past.
struct CorpusSeed<'a> {
    file: &'a str,
}

impl<'de> DeserializeSeed<'de> for CorpusSeed<'_> {
    type Value = RawCorpus;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawCorpus, D::Error> {
        struct V<'a> {
            file: &'a str,
        }
        impl<'de> Visitor<'de> for V<'_> {
            type Value = RawCorpus;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a corpus object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCorpus, A::Error> {
                let mut out = RawCorpus { is_object: true, version: None, articles: None };
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "version" => out.version = Some(map.next_value()?),
                        "articles" => out.articles = Some(map.next_value_seed(ArticlesSeed { file: self.file })?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawCorpus, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(not_object())
            }
            scalars_are!(RawCorpus, not_object());
        }
        fn not_object() -> RawCorpus {
            RawCorpus { is_object: false, version: None, articles: None }
        }
        d.deserialize_any(V { file: self.file })
    }
}

struct ArticlesSeed<'a> {
    file: &'a str,
}

impl<'de> DeserializeSeed<'de> for ArticlesSeed<'_> {
    type Value = RawArticles;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawArticles, D::Error> {
        struct V<'a> {
            file: &'a str,
        }
        impl<'de> Visitor<'de> for V<'_> {
            type Value = RawArticles;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of articles")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawArticles, A::Error> {
                let mut validator = Validator::new(self.file);
                while let Some(article) = seq.next_element::<RawArticle>()? {
                    validator.push(article);
                }
                Ok(RawArticles::List(validator.loaded))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawArticles, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(RawArticles::NotAList)
            }
            scalars_are!(RawArticles, RawArticles::NotAList);
        }
        d.deserialize_any(V { file: self.file })
    }
}

impl<'de> Deserialize<'de> for RawArticle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawArticle;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an article object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawArticle, A::Error> {
                let mut out = RawArticle { is_object: true, ..RawArticle::default() };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let (name, slot) = match key.as_ref() {
                        "id" => ("id", &mut out.id),
                        "title" => ("title", &mut out.title),
                        "date" => ("date", &mut out.date),
                        "source" => ("source", &mut out.source),
                        "url" => ("url", &mut out.url),
                        "source_tags" => ("source_tags", &mut out.source_tags),
                        "caption" => ("caption", &mut out.caption),
                        "summary" => ("summary", &mut out.summary),
                        "body" => ("body", &mut out.body),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    // Depth-limited, so one article nested 100,000 deep costs that
                    // article, not the whole file (serde_json stops at 128 levels).
                    match map.next_value_seed(Shallow { depth: 0 })? {
                        Bounded::Value(v) => *slot = Some(v),
                        Bounded::TooDeep => out.too_deep.push(name),
                    }
                }
                Ok(out)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawArticle, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(RawArticle::default())
            }
            scalars_are!(RawArticle, RawArticle::default());
        }
        d.deserialize_any(V)
    }
}

/// A field's value, or the news that it nests too deeply to keep.
enum Bounded {
    Value(Value),
    TooDeep,
}

/// Reads a JSON value at most [`MAX_FIELD_DEPTH`] levels deep; deeper, it skips
/// the rest without building anything (serde_json skips iteratively).
struct Shallow {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Shallow {
    type Value = Bounded;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Bounded, D::Error> {
        if self.depth >= MAX_FIELD_DEPTH {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Bounded::TooDeep);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Shallow {
    type Value = Bounded;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Bounded, E> {
        Ok(Bounded::Value(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::String(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Bounded, E> {
        Ok(Bounded::Value(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Bounded, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bounded, A::Error> {
        let mut items = Vec::new();
        let mut too_deep = false;
        while let Some(item) = seq.next_element_seed(Shallow { depth: self.depth + 1 })? {
            match item {
                Bounded::Value(v) if !too_deep => items.push(v),
                Bounded::Value(_) => {}
                Bounded::TooDeep => too_deep = true,
            }
        }
        Ok(if too_deep { Bounded::TooDeep } else { Bounded::Value(Value::Array(items)) })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bounded, A::Error> {
        let mut object = serde_json::Map::new();
        let mut too_deep = false;
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(Shallow { depth: self.depth + 1 })? {
                Bounded::Value(v) if !too_deep => {
                    object.insert(key, v);
                }
                Bounded::Value(_) => {}
                Bounded::TooDeep => too_deep = true,
            }
        }
        Ok(if too_deep { Bounded::TooDeep } else { Bounded::Value(Value::Object(object)) })
    }
}

/// Builds a raw article from a JSON object value (used by the JSON-lines ingester).
pub fn raw_from_value(value: Value) -> RawArticle {
    serde_json::from_value(value).unwrap_or_default()
}
