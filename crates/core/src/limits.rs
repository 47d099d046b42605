//! Every limit an input can run into, in one place, each with the words the
//! reader is given. Outside input (a colleague's corpus, a scraper's import, a
//! shared link) must never cost more than its useful part: past a limit the
//! reader keeps what is valid and says what it left out.
//!
//! Limits kept beside the code they guard: [`crate::index::MAX_QUERY_BYTES`] and
//! [`crate::index::MAX_QUERY_TOKENS`] (search text), `MAX_VALUES_PER_PARAM` (values
//! of one link parameter), `MAX_TIMELINE_MONTHS` in `index/table.rs` (the
//! timeline's span), [`crate::bundle::MAX_FILE_BYTES`] and
//! [`crate::bundle::MAX_INFLATED_BYTES`] (bundle files), [`crate::bundle::MAX_PROBLEMS_SHOWN`]
//! (problems listed; the report says how many more), and JSON nesting (128 levels,
//! serde_json's own limit, reported as "nested too deeply").

/// A file added in the browser: larger ones are not read (`tumen build` takes them).
pub const MAX_IMPORT_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// All files added in the browser at once.
pub const MAX_IMPORT_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// An article's text (title, caption, summary and body together), in bytes.
pub const MAX_ARTICLE_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Paragraphs and headings in one article's body.
pub const MAX_BODY_BLOCKS: usize = 5_000;
/// A title longer than this is cut (and the reader warned): it is a list row.
pub const MAX_TITLE_CHARS: usize = 500;
/// A source name longer than this is cut, with a warning.
pub const MAX_SOURCE_CHARS: usize = 200;
/// An id longer than this is refused: ids travel in links.
pub const MAX_ID_CHARS: usize = 200;
/// The site's own tags kept per article.
pub const MAX_SOURCE_TAGS: usize = 50;
/// Entries listed in one `.zip` archive: past this many the rest are not read
/// (20,000 article files is already a large corpus; a listing of millions is an attack).
pub const MAX_ZIP_ENTRIES: usize = 20_000;
/// Lists and objects inside one article field (a body is two levels deep): deeper
/// values reject that article only, and cost nothing to skip.
pub const MAX_FIELD_DEPTH: usize = 32;
/// JSON nesting that serde_json accepts (lists and objects inside each other).
pub const MAX_JSON_DEPTH: usize = 128;

/// What one `.zip` archive may cost: entries read, and bytes unpacked per entry and
/// in all. An entry over a limit is not read (and never inflated past it), each named;
/// the rest of the archive still is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZipLimits {
    /// Entries read from the archive's table of contents.
    pub entries: usize,
    /// One entry, unpacked: as for a file added on its own.
    pub entry_bytes: u64,
    /// Every entry together, unpacked: as for files added at once.
    pub total_bytes: u64,
}

impl ZipLimits {
    /// The limits every archive is held to; tests pass smaller ones.
    pub const DEFAULT: ZipLimits = ZipLimits { entries: MAX_ZIP_ENTRIES, entry_bytes: MAX_IMPORT_FILE_BYTES, total_bytes: MAX_IMPORT_TOTAL_BYTES };
}

/// Bytes in megabytes with one decimal, for messages ("80.0 MB").
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// Why a file added in the browser is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportRefusal {
    /// Over [`MAX_IMPORT_FILE_BYTES`]; its size in bytes.
    FileTooLarge { bytes: u64 },
    /// The files before it in the same addition already come near [`MAX_IMPORT_TOTAL_BYTES`].
    TooMuchAtOnce,
}

impl ImportRefusal {
    /// The reason in English, naming the file (the app words it in the reader's language).
    pub fn words(self, name: &str) -> String {
        match self {
            ImportRefusal::FileTooLarge { bytes } => format!(
                "{name} was not read: it is {}, and a file added here may be at most {}. Split it, or compile it into the site with `tumen build`.",
                megabytes(bytes),
                megabytes(MAX_IMPORT_FILE_BYTES)
            ),
            ImportRefusal::TooMuchAtOnce => {
                format!("{name} was not read: the files added at once may come to at most {}. Add it on its own.", megabytes(MAX_IMPORT_TOTAL_BYTES))
            }
        }
    }
}

/// Whether a file added in the browser may be read. `total_before` is what the
/// files before it in the same addition came to.
pub fn check_import(bytes: u64, total_before: u64) -> Option<ImportRefusal> {
    if bytes > MAX_IMPORT_FILE_BYTES {
        Some(ImportRefusal::FileTooLarge { bytes })
    } else if total_before.saturating_add(bytes) > MAX_IMPORT_TOTAL_BYTES {
        Some(ImportRefusal::TooMuchAtOnce)
    } else {
        None
    }
}

/// [`check_import`]'s reason in English, or `None` if the file may be read.
pub fn import_refusal(name: &str, bytes: u64, total_before: u64) -> Option<String> {
    check_import(bytes, total_before).map(|r| r.words(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_over_a_limit_are_refused_by_name_and_size() {
        assert_eq!(import_refusal("a.json", 1_000, 0), None);
        assert_eq!(import_refusal("a.json", MAX_IMPORT_FILE_BYTES, 0), None);
        let big = import_refusal("big.json", MAX_IMPORT_FILE_BYTES + 1, 0).unwrap();
        assert!(big.starts_with("big.json was not read: it is 64.0 MB") && big.contains("at most 64.0 MB"), "{big}");
        let late = import_refusal("late.jsonl", 10, MAX_IMPORT_TOTAL_BYTES - 5).unwrap();
        assert!(late.starts_with("late.jsonl was not read") && late.contains("at most 256.0 MB"), "{late}");
        assert_eq!(import_refusal("fits.jsonl", 5, MAX_IMPORT_TOTAL_BYTES - 5), None);
    }
}
