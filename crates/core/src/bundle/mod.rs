//! The compiled bundle: a corpus tagged and indexed once, natively, and cut
//! into small content-hashed files that a static host serves and a browser
//! fetches only as it needs them. `docs/bundle-format.md` is the full
//! description; in short, `manifest.json` lists segments, and each segment is
//! made of these files (all in one folder)
//!
//! | file | what | when the reader fetches it |
//! |---|---|---|
//! | `docs.H.bin` | per-article date, source, provinces, topics, entities, length, copy group | at start |
//! | `dict.H.bin` | the term dictionary (fst) and where each term's shard starts | right after the first list |
//! | `titles-K.H.json` | ids and titles of a run of articles | the newest at start, the rest in the background |
//! | `ledes-K.H.json` | the first lines shown in the list | for the cards on screen |
//! | `post-K.H.bin`, `pos-K.H.bin` | postings and positions of a term range | when a search needs those terms |
//! | `text-K.H.json` | whole articles with their tags and mention offsets, grouped by date | when an article is opened |
//!
//! `H` is the first 12 hex digits of the file's SHA-256: a file's name changes
//! exactly when its bytes do, so a cache never needs revalidating and a new
//! build replaces only what changed. Text files are corpus JSON (version 1):
//! the bundle is still a corpus anyone can read.
//!
//! [`write`] compiles; [`library`] reads.

pub mod library;
pub mod work;
pub mod write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::error::Problem;
use crate::model::Article;
use crate::tags::{EntityKind, TopicHit};

/// `manifest.json`'s `format`.
pub const FORMAT: &str = "tumen-bundle";
/// The bundle format version this build reads and writes. 2: docs tables carry each
/// article's copy group (see `docs/bundle-format.md`).
pub const VERSION: u32 = 2;
/// The manifest's file name inside the bundle folder.
pub const MANIFEST: &str = "manifest.json";
/// No file of a bundle may be larger (GitHub warns at 50 MB and refuses 100 MB;
/// a browser should never have to hold one big file to read one article).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Problems listed in the manifest (the count of all of them is kept too).
pub const MAX_PROBLEMS_SHOWN: usize = 100;

/// Why a bundle could not be built or read, in words a person can act on.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum BundleError {
    #[error("{file} is not a Tumen bundle manifest: {message}")]
    NotABundle { file: String, message: String },
    #[error("this is a bundle of version {found}, and this reader reads version {supported}: rebuild it with this version's `tumen build`")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("{file} is damaged or from another build: {message}")]
    Corrupt { file: String, message: String },
    #[error("{file} would be {size_mb:.1} MB, over the limit of {limit_mb:.0} MB per file: {hint}")]
    FileTooLarge { file: String, size_mb: f64, limit_mb: f64, hint: String },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    #[error("there are no articles to build (every input was empty or rejected)")]
    Empty,
}

/// A file of the bundle: its content hash (12 hex digits) and size in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef(pub String, pub u64);

impl FileRef {
    pub fn of(bytes: &[u8]) -> FileRef {
        FileRef(short_hash(bytes), bytes.len() as u64)
    }

    pub fn bytes(&self) -> u64 {
        self.1
    }
}

/// The manifest: what the bundle holds and every file in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// Hash of every file's name: changes whenever any file does.
    pub build: String,
    /// Hash of the gazetteer, topics and tagger that tagged the articles: a
    /// bundle tagged by another version is rebuilt, never patched.
    pub tagger: String,
    pub articles: usize,
    /// Articles that are copies of another article of the bundle (articles minus stories).
    #[serde(default)]
    pub duplicates: usize,
    /// Every file but the manifest.
    pub files: usize,
    pub bytes: u64,
    pub problems: Problems,
    pub segments: Vec<SegmentEntry>,
}

/// Problems met while building: how many, and the first of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems {
    pub total: usize,
    /// Articles rejected (an article may have several problems).
    pub rejected: usize,
    /// Problems that kept their article.
    pub warnings: usize,
    pub shown: Vec<Problem>,
}

/// One segment: a folder of files over a fixed set of articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentEntry {
    /// `s` + 10 hex digits of `digest`.
    pub id: String,
    /// Hash of the segment's articles as given and of the tagger: a build keeps
    /// the segment when the inputs still give the same digest.
    pub digest: String,
    pub articles: u32,
    pub terms: u32,
    /// Articles per titles file and per ledes file.
    pub titles_block: u32,
    pub ledes_block: u32,
    pub docs: FileRef,
    pub dict: FileRef,
    pub titles: Vec<FileRef>,
    pub ledes: Vec<FileRef>,
    pub text: Vec<FileRef>,
    /// First article of each text file.
    pub text_starts: Vec<u32>,
    pub postings: Vec<FileRef>,
    pub positions: Vec<FileRef>,
}

/// The kinds of file in a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Docs,
    Dict,
    Titles,
    Ledes,
    Text,
    Postings,
    Positions,
}

impl FileKind {
    pub const ALL: [FileKind; 7] =
        [FileKind::Docs, FileKind::Dict, FileKind::Titles, FileKind::Ledes, FileKind::Text, FileKind::Postings, FileKind::Positions];

    fn stem(self) -> &'static str {
        match self {
            FileKind::Docs => "docs",
            FileKind::Dict => "dict",
            FileKind::Titles => "titles",
            FileKind::Ledes => "ledes",
            FileKind::Text => "text",
            FileKind::Postings => "post",
            FileKind::Positions => "pos",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            FileKind::Titles | FileKind::Ledes | FileKind::Text => "json",
            _ => "bin",
        }
    }

}

/// The name of a bundle file of `kind` with content hash `hash`.
pub fn file_name(kind: FileKind, hash: &str) -> String {
    format!("{}-{hash}.{}", kind.stem(), kind.ext())
}

/// Whether a file name has the shape of a bundle file (for removing stale ones).
pub fn is_bundle_file_name(name: &str) -> bool {
    FileKind::ALL.iter().any(|k| {
        name.strip_prefix(k.stem())
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.strip_suffix(k.ext()))
            .and_then(|r| r.strip_suffix('.'))
            .is_some_and(|h| h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

impl SegmentEntry {
    /// The files of one kind, in order.
    pub fn files(&self, kind: FileKind) -> &[FileRef] {
        match kind {
            FileKind::Docs => std::slice::from_ref(&self.docs),
            FileKind::Dict => std::slice::from_ref(&self.dict),
            FileKind::Titles => &self.titles,
            FileKind::Ledes => &self.ledes,
            FileKind::Text => &self.text,
            FileKind::Postings => &self.postings,
            FileKind::Positions => &self.positions,
        }
    }

    /// A file's path relative to the bundle folder: `KIND-HASH.EXT`. Names
    /// depend on content only, so a rebuilt segment whose shard came out the
    /// same (most do, see `index::text::cut_points`) reuses the file, and
    /// browsers keep their copy.
    pub fn path(&self, kind: FileKind, number: usize) -> Option<String> {
        let file = self.files(kind).get(number)?;
        Some(file_name(kind, &file.0))
    }

    /// Every file of the segment: `(path, size)`.
    pub fn all_files(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        for kind in FileKind::ALL {
            for (i, f) in self.files(kind).iter().enumerate() {
                if let Some(p) = self.path(kind, i) {
                    out.push((p, f.1));
                }
            }
        }
        out
    }
}

impl Manifest {
    /// Reads a manifest, saying in plain words when it is not one this reader can use.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Manifest, BundleError> {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| BundleError::NotABundle { file: file.to_string(), message: "it is not UTF-8 text".into() })?;
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| BundleError::NotABundle { file: file.to_string(), message: format!("not valid JSON ({e})") })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(BundleError::NotABundle { file: file.to_string(), message: format!("its \"format\" is not \"{FORMAT}\"") });
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == VERSION as u64 => {}
            Some(v) => return Err(BundleError::UnsupportedVersion { found: u32::try_from(v).unwrap_or(u32::MAX), supported: VERSION }),
            None => return Err(BundleError::NotABundle { file: file.to_string(), message: "it has no \"version\"".into() }),
        }
        let manifest: Manifest = serde_json::from_value(value)
            .map_err(|e| BundleError::Corrupt { file: file.to_string(), message: e.to_string() })?;
        manifest.check(file)?;
        Ok(manifest)
    }

    /// Internal consistency: counts add up, names are safe to use as paths.
    fn check(&self, file: &str) -> Result<(), BundleError> {
        let bad = |message: String| Err(BundleError::Corrupt { file: file.to_string(), message });
        let mut total = 0usize;
        for s in &self.segments {
            if s.id.is_empty() || !s.id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return bad(format!("segment id {:?} is not a plain name", s.id));
            }
            for kind in FileKind::ALL {
                if s.files(kind).iter().any(|f| f.0.len() != 12 || !f.0.bytes().all(|b| b.is_ascii_hexdigit())) {
                    return bad(format!("a {kind:?} file of segment {} has a malformed hash", s.id));
                }
            }
            let n = s.articles as usize;
            if s.titles_block == 0 || s.ledes_block == 0 {
                return bad(format!("segment {} has an empty block size", s.id));
            }
            if s.titles.len() != n.div_ceil(s.titles_block as usize) || s.ledes.len() != n.div_ceil(s.ledes_block as usize) {
                return bad(format!("segment {} lists the wrong number of titles or ledes files", s.id));
            }
            if s.text.len() != s.text_starts.len()
                || s.text_starts.first().is_some_and(|&f| f != 0)
                || s.text_starts.windows(2).any(|w| w[0] >= w[1])
                || s.text_starts.last().is_some_and(|&l| l as usize >= n)
                || (n > 0 && s.text.is_empty())
            {
                return bad(format!("segment {} has inconsistent text files", s.id));
            }
            if s.postings.len() != s.positions.len() {
                return bad(format!("segment {} has {} postings and {} positions files", s.id, s.postings.len(), s.positions.len()));
            }
            total += n;
        }
        if total != self.articles {
            return bad(format!("its segments hold {total} articles, it says {}", self.articles));
        }
        Ok(())
    }

    /// Every file of the bundle but the manifest: `(path, size)`.
    pub fn all_files(&self) -> Vec<(String, u64)> {
        self.segments.iter().flat_map(SegmentEntry::all_files).collect()
    }
}

/// Binary files are stored deflated (raw DEFLATE), as Pagefind stores its
/// index: static hosts serve unknown binary types uncompressed.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 9)
}

/// Largest a binary file may inflate to: a corrupt or hostile file cannot
/// make the reader allocate more.
pub const MAX_INFLATED_BYTES: usize = 256 * 1024 * 1024;

/// Inflates a binary file of the bundle.
pub fn inflate(file: &str, bytes: &[u8]) -> Result<Vec<u8>, BundleError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, MAX_INFLATED_BYTES)
        .map_err(|e| BundleError::Corrupt { file: file.to_string(), message: format!("it does not inflate ({:?})", e.status) })
}

/// First 12 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The titles file of a run of articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitlesFile {
    /// The segment's first article in this file.
    pub first: u32,
    pub ids: Vec<String>,
    pub titles: Vec<String>,
}

/// The ledes file of a run of articles: what the list shows under each title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedesFile {
    pub first: u32,
    pub ledes: Vec<String>,
}

/// A text file: a corpus (version 1) of whole articles, each with what the
/// tagger found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextFile {
    pub version: u32,
    pub first: u32,
    pub articles: Vec<TextArticle>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextArticle {
    #[serde(flatten)]
    pub article: Article,
    pub tumen: Derived,
}

/// What the tagger found in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub provinces: Vec<String>,
    pub topics: Vec<TopicHit>,
    /// Every entity mention: which text of the article (index into
    /// `Article::fields`: title, caption, summary, then each body block),
    /// byte offsets into it, the entity and the province it gives.
    pub mentions: Vec<MentionRef>,
}

/// `[part, start, end, "entity-id", "kind", "province" or null]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRef(pub u32, pub u32, pub u32, pub String, pub EntityKind, pub Option<String>);
