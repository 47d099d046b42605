//! Typed errors and the problems found while reading a corpus. A fatal error
//! stops the whole file; a [`Problem`] rejects one article (or warns) and names
//! the article and field so a person can fix it.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

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
    pub message: String,
    pub severity: Severity,
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
