//! Typed errors and the problems found while reading a corpus. A fatal error
//! stops the whole file; a [`Problem`] rejects one article (or warns) and names
//! the article and field so a person can fix it.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

use crate::limits::megabytes;

/// Errors that stop a whole file from being read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CorpusError {
    #[error("{file}: not valid JSON at line {line}, column {column}: {message}")]
    InvalidJson { file: String, line: usize, column: usize, message: String },
    #[error("{file}: the top level must be an object with \"version\" and \"articles\"")]
    NotACorpus { file: String },
    #[error("{file}: corpus version {found} is not supported (this reader reads version {expected})")]
    UnsupportedVersion { file: String, found: String, expected: u32 },
    #[error("{file}: \"articles\" must be a list")]
    ArticlesNotAList { file: String },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    #[error("{file}: the file is empty: it has no articles")]
    EmptyFile { file: String },
    #[error("{file}: unsupported input type (expected .txt, .jsonl or .json)")]
    UnsupportedInput { file: String },
}

/// How bad a problem is: an `Error` rejects the article; a `Warning` keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with one article, named by file, article and field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    /// The article's position in its file (0-based), for articles with no usable id.
    pub index: usize,
    pub article_id: Option<String>,
    pub field: String,
    /// What is wrong in English (the CLI's words, and what bundles built before
    /// [`Problem::issue`] carry).
    pub message: String,
    pub severity: Severity,
    /// What is wrong as data, so the reader can say it in its interface's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<Issue>,
}

impl Problem {
    /// A problem whose message is `issue`'s English words.
    pub fn new(file: &str, index: usize, article_id: Option<&str>, field: &str, issue: Issue, severity: Severity) -> Problem {
        Problem {
            file: file.to_string(),
            index,
            article_id: article_id.map(str::to_string),
            field: field.to_string(),
            message: issue.to_string(),
            severity,
            issue: Some(issue),
        }
    }

    /// A problem with the whole file rather than one article (field `(file)`).
    pub fn file(file: &str, issue: Issue, severity: Severity) -> Problem {
        Problem::new(file, 0, None, FILE_FIELD, issue, severity)
    }
}

/// The field a problem with a whole file names.
pub const FILE_FIELD: &str = "(file)";

/// What is wrong with an article or a file, as data. `Display` gives the English
/// words (the CLI prints them); the reader's interface words each kind in its own
/// language. Values quoted from the input are kept as written.
#[derive(Debug, Error, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Issue {
    // One field of one article.
    #[error("is not a JSON object")]
    NotAnObject,
    #[error("is empty")]
    Empty,
    #[error("is missing")]
    Missing,
    #[error("must be a string")]
    NotAString,
    #[error("must be a string; ignored")]
    NotAStringIgnored,
    #[error("has only invisible characters (zero-width or direction marks)")]
    Invisible,
    #[error("is {chars} characters long; an id may be at most {max}")]
    IdTooLong { chars: usize, max: usize },
    #[error("is {chars} characters long; cut to the first {max}")]
    Cut { chars: usize, max: usize },
    #[error("lists or objects are nested too deeply (at most {max} levels in a field)")]
    FieldTooDeep { max: usize },
    #[error("`{value}` is not a real ISO date (YYYY-MM-DD); the article is kept without a date")]
    BadDate { value: String },
    #[error("must be an ISO date string or null; the article is kept without a date")]
    DateNotAString,
    #[error("is not an http(s) address; the link is dropped")]
    NotAWebAddress,
    #[error("must be a string or null; the link is dropped")]
    UrlNotAString,
    #[error("some entries are not strings and were dropped")]
    TagsNotStrings,
    #[error("has {count} tags; the first {max} are kept")]
    TooManyTags { count: usize, max: usize },
    #[error("must be a list of strings; ignored")]
    TagsNotAList,
    #[error("an object block needs a non-empty \"heading\" string; skipped")]
    BlockWithoutHeading,
    #[error("must be a paragraph string or {{\"heading\": ...}}; skipped")]
    BadBlock,
    #[error("must be a list of paragraphs or a string")]
    BodyNotAList,
    #[error("the article has no text: give a \"body\" or a \"summary\"")]
    NoText,
    #[error("has {count} paragraphs; an article may have at most {max} (split it into several)")]
    TooManyParagraphs { count: usize, max: usize },
    #[error("the article's text is {}; an article may be at most {} (split it into several)", megabytes(*bytes), megabytes(*max))]
    ArticleTooLarge { bytes: u64, max: u64 },
    #[error("duplicate id: an earlier article already uses it")]
    DuplicateId,
    #[error("duplicate id: another input already has an article with this id")]
    DuplicateInAnotherInput,
    #[error("the corpus already has an article with this id; the added one is left out")]
    AlreadyInCorpus,
    #[error("not named in the file; taken from the file name \"{name}\"")]
    SourceFromFileName { name: String },
    #[error("no date found near the top of the text (such as 2024-03-05, March 5, 2024 or 2024년 3월 5일); the article is kept undated")]
    NoDateFound,
    // A whole file.
    #[error("not valid JSON at line {line}, column {column}: {detail}")]
    InvalidJson { line: usize, column: usize, detail: String },
    #[error("not valid JSON at line {line}, column {column}: lists or objects are nested too deeply (at most {max} levels)")]
    JsonTooDeep { line: usize, column: usize, max: usize },
    #[error("line {line} is not valid JSON (column {column}): {detail}")]
    InvalidJsonLine { line: usize, column: usize, detail: String },
    #[error("line {line} is not valid JSON (column {column}): lists or objects are nested too deeply (at most {max} levels)")]
    JsonLineTooDeep { line: usize, column: usize, max: usize },
    #[error("the top level must be an object with \"version\" and \"articles\"")]
    NotACorpus,
    #[error("corpus version {found} is not supported (this reader reads version {expected})")]
    UnsupportedVersion { found: String, expected: u32 },
    #[error("\"articles\" must be a list")]
    ArticlesNotAList,
    #[error("the file is empty: it has no articles")]
    EmptyFile,
    #[error("not a file this reader reads: it reads .txt, .json, .jsonl, .ndjson and .zip files")]
    UnsupportedInput,
    /// The browser could not read the file; `detail` is its own words.
    #[error("the browser could not read it ({detail})")]
    Unreadable { detail: String },
    /// The system could not read the file; `detail` is its own words.
    #[error("{detail}")]
    Io { detail: String },
    #[error("{count} character{} could not be read as UTF-8 and show as \u{FFFD}: save the file as UTF-8 and add it again", if *count == 1 { "" } else { "s" })]
    NotUtf8 { count: usize },
    // A zip archive, or one entry of it.
    #[error("not a zip archive: it has no zip table of contents")]
    NotAZip,
    #[error("the zip archive is damaged: {detail}")]
    ZipDamaged { detail: String },
    #[error("a zip64 archive (the kind made for archives over 4 GB or 65,535 files), which this reader does not open: zip fewer or smaller files at a time")]
    Zip64,
    #[error("one part of a split (multi-part) zip archive: join the parts into one archive and add that")]
    ZipSplit,
    #[error("not read: it is encrypted (password-protected); unzip it and add the files themselves")]
    ZipEncrypted,
    #[error("not read: it is compressed with {name} (zip method {method}), which this reader does not unpack; zip it again with ordinary compression (deflate)")]
    ZipMethod { method: u16, name: String },
    #[error("not read: it is stored in zip64 form (for files over 4 GB), which this reader does not unpack")]
    Zip64Entry,
    #[error("not read: it is {} once unzipped, and a file may be at most {}", megabytes(*bytes), megabytes(*limit))]
    ZipEntryTooLarge { bytes: u64, limit: u64 },
    #[error("not read: the archive's files come to more than {} once unzipped, the most read from one archive; add the rest in another archive", megabytes(*limit))]
    ZipOverTotal { limit: u64 },
    #[error("not read: its bytes overlap another entry's, which only a damaged archive or a zip bomb has")]
    ZipOverlaps,
    #[error("not read: the entry is damaged ({detail})")]
    ZipEntryDamaged { detail: String },
    #[error("the archive lists {listed} entries; only the first {} were read (split it into smaller archives)", thousands(*read as u64))]
    ZipTooManyEntries { listed: usize, read: usize },
    #[error("a zip inside the zip is not opened: unzip it and add what is inside")]
    ZipInZip,
    #[error("the archive has no article files (.txt, .json, .jsonl or .ndjson) inside{}", skipped.as_ref().map_or(String::new(), |s| format!("; {s}")))]
    ZipHasNoArticles { skipped: Option<Skipped> },
    #[error("{0}")]
    ZipSkipped(Skipped),
}

/// Entries of a zip archive left unread because they are not article files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// `__MACOSX/` resource forks, `.DS_Store` and other dot-files.
    pub hidden: usize,
    /// Files of other types.
    pub other: usize,
    /// The first few of those files' names.
    pub examples: Vec<String>,
}

impl fmt::Display for Skipped {
    /// "3 entries skipped, as not article files: 2 files of other types (photo.jpg, notes.docx), 1 hidden or Mac system file".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| format!("{} {}", thousands(n as u64), if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.other > 0 {
            let more = if self.other > self.examples.len() { ", ..." } else { "" };
            parts.push(format!("{} ({}{more})", plural(self.other, "file of another type", "files of other types"), self.examples.join(", ")));
        }
        if self.hidden > 0 {
            parts.push(plural(self.hidden, "hidden or Mac system file", "hidden or Mac system files"));
        }
        write!(f, "{} skipped, as not article files: {}", plural(self.hidden + self.other, "entry", "entries"), parts.join(", "))
    }
}

impl From<&crate::zip::ZipReason> for Issue {
    fn from(reason: &crate::zip::ZipReason) -> Issue {
        use crate::zip::ZipReason as Z;
        match reason {
            Z::NotAZip => Issue::NotAZip,
            Z::Damaged(detail) => Issue::ZipDamaged { detail: detail.clone() },
            Z::Zip64 => Issue::Zip64,
            Z::Split => Issue::ZipSplit,
            Z::Encrypted => Issue::ZipEncrypted,
            Z::UnsupportedMethod { method, name } => Issue::ZipMethod { method: *method, name: name.to_string() },
            Z::Zip64Entry => Issue::Zip64Entry,
            Z::TooLarge { bytes, limit } => Issue::ZipEntryTooLarge { bytes: *bytes, limit: *limit },
            Z::OverTotal { limit } => Issue::ZipOverTotal { limit: *limit },
            Z::Overlaps => Issue::ZipOverlaps,
            Z::EntryDamaged(detail) => Issue::ZipEntryDamaged { detail: detail.clone() },
        }
    }
}

impl From<&CorpusError> for Issue {
    fn from(error: &CorpusError) -> Issue {
        match error {
            CorpusError::InvalidJson { line, column, message, .. } => match message.strip_prefix(TOO_DEEP) {
                Some(_) => Issue::JsonTooDeep { line: *line, column: *column, max: crate::limits::MAX_JSON_DEPTH },
                None => Issue::InvalidJson { line: *line, column: *column, detail: message.clone() },
            },
            CorpusError::NotACorpus { .. } => Issue::NotACorpus,
            CorpusError::UnsupportedVersion { found, expected, .. } => Issue::UnsupportedVersion { found: found.clone(), expected: *expected },
            CorpusError::ArticlesNotAList { .. } => Issue::ArticlesNotAList,
            CorpusError::Io { message, .. } => Issue::Io { detail: message.clone() },
            CorpusError::EmptyFile { .. } => Issue::EmptyFile,
            CorpusError::UnsupportedInput { .. } => Issue::UnsupportedInput,
        }
    }
}

/// How the JSON reader's message for too deep a nesting starts.
pub(crate) const TOO_DEEP: &str = "lists or objects are nested too deeply";

/// A count grouped by thousands with commas, as messages in both of the reader's
/// languages write it (the core's messages and the interface's use this one rule).
///
/// ```
/// assert_eq!(tumen_core::error::thousands(1_234_567), "1,234,567");
/// assert_eq!(tumen_core::error::thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = match &self.article_id {
            Some(id) => format!("article \"{id}\""),
            None => format!("article #{}", self.index + 1),
        };
        let level = match self.severity {
            Severity::Error => "rejected",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {who}, field \"{}\": {} ({level})", self.file, self.field, self.message)
    }
}
