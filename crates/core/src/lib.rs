//! # tumen-core
//!
//! The pure logic of Tumen, a reader for field reporting on North Korea. It has
//! no web dependencies and compiles to native code and to wasm32 alike, so the
//! command-line tool and the browser app share one implementation.
//!
//! Data flows one way:
//!
//! 1. [`ingest`] turns collected files (raw `.txt`, `.jsonl`, corpus `.json`) into articles;
//! 2. [`parse`] reads a corpus file and validates every article, keeping the good ones
//!    and reporting the rest as [`error::Problem`]s;
//!
//! ```
//! let json = r#"{"version": 1, "articles": [
//!   {"id": "a1", "title": "Rice prices rise in Hyesan", "date": "2024-03-01",
//!    "source": "Daily NK", "url": null, "source_tags": [], "summary": "Prices rose."},
//!   {"id": "a2", "title": "", "source": "Daily NK", "summary": "No title."}
//! ]}"#;
//! let loaded = tumen_core::parse::parse_corpus("corpus.json", json).unwrap();
//! assert_eq!(loaded.articles.len(), 1);
//! assert_eq!(loaded.problems[0].field, "title");
//! ```
//!
//! 3. [`tagger`] finds places, organisations, events and topics in the text
//!    (byte offsets into the original), using the [`gazetteer`] and [`topics`] data;
//!    [`highlight`] turns mentions and search matches into display segments.
//!
//! ```
//! use tumen_core::tagger::Tagger;
//! let text = "Smugglers in Hyesan's market said 양강도에서 prices rose.";
//! let tags = Tagger::builtin().tag_text(text);
//! assert_eq!(tags.provinces, ["ryanggang"]);
//! let first = &tags.mentions[0];
//! assert_eq!((first.id.as_str(), &text[first.start..first.end]), ("hyesan", "Hyesan"));
//! assert!(tags.topics.iter().any(|t| t.id == "smuggling"));
//! ```

pub mod bundle;
pub mod codec;
pub mod dedup;
pub mod desk;
pub mod error;
pub mod gazetteer;
pub mod geo;
pub mod highlight;
pub mod index;
pub mod ingest;
pub mod limits;
pub mod matches;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod tagger;
pub mod tags;
pub mod topics;
pub mod zip;

pub use error::{CorpusError, Issue, Problem, Severity};
pub use model::{Article, Block, Corpus, Date, Field};
pub use parse::{parse_corpus, Loaded};
