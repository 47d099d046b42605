//! The topic taxonomy (`data/topics.json`): what an article can be about, and
//! the words that say so. A topic is assigned on one strong term or two
//! distinct weak terms; the tagger does the matching, this module the data.

use crate::normalize::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

/// One topic as written in the data file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Whole-word terms; a trailing `*` makes the last word a prefix.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Terms that only count when two distinct ones appear.
    #[serde(default)]
    pub weak_terms: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyFile {
    pub version: u32,
    pub topics: Vec<Topic>,
}

/// Why the topics file is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaxonomyError {
    Json(String),
    UnsupportedVersion(u32),
    DuplicateId(String),
    EmptyId { name: String },
    /// A term folds to nothing, or is only `*`.
    EmptyTerm { topic: String, term: String },
    /// A topic that can never be assigned.
    NoTerms { topic: String },
}

impl fmt::Display for TaxonomyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaxonomyError::Json(m) => write!(f, "not a valid topics file: {m}"),
            TaxonomyError::UnsupportedVersion(v) => write!(f, "topics version {v} is not supported (expected 1)"),
            TaxonomyError::DuplicateId(id) => write!(f, "duplicate topic id \"{id}\""),
            TaxonomyError::EmptyId { name } => write!(f, "topic \"{name}\" has an empty id"),
            TaxonomyError::EmptyTerm { topic, term } => write!(f, "topic \"{topic}\": term \"{term}\" matches nothing"),
            TaxonomyError::NoTerms { topic } => write!(f, "topic \"{topic}\" has no terms"),
        }
    }
}

impl std::error::Error for TaxonomyError {}

/// A term ready for matching: folded, with its prefix flag split off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoldedTerm {
    pub folded: String,
    /// Trailing `*` in the data: the last word only needs to start with it.
    pub prefix: bool,
}

/// Folds a data term: `"smuggl*"` -> `smuggl`, prefix.
pub fn fold_term(term: &str) -> FoldedTerm {
    let trimmed = term.trim();
    let (body, prefix) = match trimmed.strip_suffix('*') {
        Some(body) => (body, true),
        None => (trimmed, false),
    };
    FoldedTerm { folded: fold(body).trim_matches(' ').to_string(), prefix }
}

/// The built-in topic taxonomy (`crates/core/data/topics.json`).
pub const BUILTIN_JSON: &str = include_str!("../data/topics.json");

#[derive(Clone, Debug)]
pub struct Taxonomy {
    topics: Vec<Topic>,
}

impl Taxonomy {
    /// The taxonomy compiled into this build (validated by `build.rs`).
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Taxonomy::from_json(BUILTIN_JSON).expect("data/topics.json is validated by build.rs")
        })
    }

    pub fn from_json(json: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TaxonomyFile = serde_json::from_str(json).map_err(|e| TaxonomyError::Json(e.to_string()))?;
        if file.version != 1 {
            return Err(TaxonomyError::UnsupportedVersion(file.version));
        }
        Ok(Taxonomy { topics: file.topics })
    }

    /// Topics in file order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn validate(&self) -> Vec<TaxonomyError> {
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for t in &self.topics {
            if t.id.trim().is_empty() {
                errors.push(TaxonomyError::EmptyId { name: t.name.clone() });
            }
            if !seen.insert(t.id.as_str()) {
                errors.push(TaxonomyError::DuplicateId(t.id.clone()));
            }
            if t.terms.is_empty() && t.weak_terms.len() < 2 {
                errors.push(TaxonomyError::NoTerms { topic: t.id.clone() });
            }
            for term in t.terms.iter().chain(&t.weak_terms) {
                if fold_term(term).folded.is_empty() {
                    errors.push(TaxonomyError::EmptyTerm { topic: t.id.clone(), term: term.clone() });
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_topics_are_valid() {
        let t = Taxonomy::builtin();
        let errors = t.validate();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(t.topic("smuggling").is_some());
        assert!(t.topic("nope").is_none());
        assert!(!t.topics().is_empty());
    }

    #[test]
    fn term_folding() {
        assert_eq!(fold_term("smuggl*"), FoldedTerm { folded: "smuggl".into(), prefix: true });
        assert_eq!(fold_term("Border-crossing"), FoldedTerm { folded: "border crossing".into(), prefix: false });
        assert_eq!(fold_term("밀수*"), FoldedTerm { folded: "밀수".into(), prefix: true });
        assert!(fold_term("*").folded.is_empty());
    }

    #[test]
    fn validation_catches_errors() {
        let t = Taxonomy::from_json(r#"{"version":1,"topics":[{"id":"a","name":"A","terms":["*"]},{"id":"a","name":"B"}]}"#).unwrap();
        let e = t.validate();
        assert!(e.contains(&TaxonomyError::DuplicateId("a".into())));
        assert!(e.iter().any(|x| matches!(x, TaxonomyError::EmptyTerm { .. })));
        assert!(e.iter().any(|x| matches!(x, TaxonomyError::NoTerms { .. })));
    }
}
