//! The analyst's desk, as data: the reader's own collections of added files,
//! their marks on articles (read, saved, a note), their saved searches, and the
//! backup file that carries all of it from one browser to another. Pure: the
//! browser stores these records (IndexedDB) and this module defines and checks them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A named set of files the reader added; switched off, its articles leave the
/// list without being deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    /// When it was made (milliseconds since 1970), for ordering.
    #[serde(default)]
    pub created: u64,
}

/// One file of a collection, as text (a `.zip` is kept as the files it held).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    pub collection: String,
    pub name: String,
    pub text: String,
    /// Articles in `text`, counted when it was written, so the archive panel never
    /// parses the text to say how many. Records written by earlier versions lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
}

impl StoredFile {
    /// A file of `collection` holding `articles` articles as corpus JSON.
    pub fn new(collection: &str, name: String, text: String, articles: usize) -> StoredFile {
        StoredFile { collection: collection.to_string(), name, text, articles: Some(articles) }
    }

    /// The store's key: unique per collection and file name.
    pub fn key(&self) -> String {
        file_key(&self.collection, &self.name)
    }
}

/// The key of a collection's file in the store (the collection id first, so a
/// collection's files sort together).
pub fn file_key(collection: &str, name: &str) -> String {
    format!("{collection}\u{1f}{name}")
}

/// Articles in each stored file as counted when the files were read, by
/// [`file_key`]: two collections may each hold a file of the same name (two
/// imports of `articles.json`), and each must keep its own count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleCounts {
    by_file: HashMap<String, usize>,
}

impl ArticleCounts {
    /// Notes that the file `name` of `collection` holds `articles` articles.
    pub fn record(&mut self, collection: &str, name: &str, articles: usize) {
        self.by_file.insert(file_key(collection, name), articles);
    }

    /// The count noted for `file`, if any (its record's own first).
    pub fn get(&self, file: &StoredFile) -> Option<usize> {
        file.articles.or_else(|| self.by_file.get(&file.key()).copied())
    }

    /// Articles in `file`: as its record or this says, else counted from its text
    /// (without building them: a record of an earlier version, not yet read).
    pub fn of(&self, file: &StoredFile) -> usize {
        self.get(file).unwrap_or_else(|| count_articles(&file.text))
    }

    /// Counts, once, the files whose count is known neither from their record nor here
    /// (records of earlier versions in collections switched off), so later asks never parse.
    pub fn count_missing(&mut self, files: &[StoredFile]) {
        for f in files {
            if self.get(f).is_none() {
                self.by_file.insert(f.key(), count_articles(&f.text));
            }
        }
    }
}

/// Articles in a stored corpus file, without building them (0 when it is not a corpus file).
pub fn count_articles(text: &str) -> usize {
    #[derive(Deserialize)]
    struct Count {
        articles: Vec<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Count>(text).map_or(0, |c| c.articles.len())
}

/// What the reader marked on one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub saved: bool,
    #[serde(default)]
    pub note: String,
    /// Last change (milliseconds since 1970).
    #[serde(default)]
    pub updated: u64,
}

impl Marks {
    /// Nothing marked: the record can be deleted.
    pub fn is_empty(&self) -> bool {
        !self.read && !self.saved && self.note.trim().is_empty()
    }

    pub fn has_note(&self) -> bool {
        !self.note.trim().is_empty()
    }

    /// Applies a change; only the fields given change.
    pub fn apply(&mut self, change: &MarkChange, now: u64) {
        if let Some(read) = change.read {
            self.read = read;
        }
        if let Some(saved) = change.saved {
            self.saved = saved;
        }
        if let Some(note) = &change.note {
            self.note = cap_note(note);
        }
        self.updated = now;
    }
}

/// A change to an article's marks: `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkChange {
    pub read: Option<bool>,
    pub saved: Option<bool>,
    pub note: Option<String>,
}

/// Notes are for thoughts, not for pasting articles: 20,000 characters each.
pub const MAX_NOTE_CHARS: usize = 20_000;

fn cap_note(note: &str) -> String {
    match note.char_indices().nth(MAX_NOTE_CHARS) {
        Some((cut, _)) => note[..cut].to_string(),
        None => note.to_string(),
    }
}

/// A view the reader named, to find again in one click.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: String,
    pub name: String,
    /// The view's URL query string (`q=…&province=…`), without `?`.
    pub query: String,
    #[serde(default)]
    pub created: u64,
    /// The articles it matched when last opened: what is new since is the rest.
    #[serde(default)]
    pub seen: Vec<String>,
}

/// Saved searches are named by the reader: 200 characters at most.
pub const MAX_NAME_CHARS: usize = 200;

/// A name as kept: spaces collapsed, cut to [`MAX_NAME_CHARS`]; `None` when empty.
pub fn clean_name(name: &str) -> Option<String> {
    let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return None;
    }
    // A cut that ends on a space would be cut again next time: the name is kept as it reads.
    let cut: String = collapsed.chars().take(MAX_NAME_CHARS).collect();
    Some(cut.trim_end().to_string())
}

/// What the backup file says it is.
pub const BACKUP_FORMAT: &str = "tumen-backup";
pub const BACKUP_VERSION: u32 = 1;

/// Everything the reader made, as one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    /// When it was written (ISO 8601, for the reader's eyes).
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub collections: Vec<Collection>,
    #[serde(default)]
    pub files: Vec<StoredFile>,
    /// Article id → marks, sorted by id so equal desks give equal files.
    #[serde(default)]
    pub marks: Vec<(String, Marks)>,
    #[serde(default)]
    pub searches: Vec<SavedSearch>,
}

/// Why a backup file cannot be restored (as data: the reader words it in its
/// interface's language; `Display` gives the English).
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupError {
    /// The browser could not read the file; `detail` is its own words.
    #[error("{file}: the browser could not read it ({detail})")]
    Unreadable { file: String, detail: String },
    #[error("{file}: not a Tumen backup (it is not JSON: {message})")]
    NotJson { file: String, message: String },
    #[error("{file}: not a Tumen backup (no \"format\": \"tumen-backup\" in it)")]
    NotABackup { file: String },
    #[error("{file}: a backup of version {found}; this reader reads version {supported}")]
    Version { file: String, found: u32, supported: u32 },
    #[error("{file}: file \"{name}\" belongs to collection \"{collection}\", which the backup does not have")]
    Orphan { file: String, name: String, collection: String },
    /// JSON, a backup of this version, but one of its records is not what a backup holds
    /// (edited by hand, or cut): names the part (`"files"`) and the entry in it, from 1.
    #[error("{file}: a Tumen backup, but {} is damaged: {damage}", place(section, *entry))]
    Damaged { file: String, section: String, entry: Option<usize>, damage: Damage },
}

fn place(section: &str, entry: Option<usize>) -> String {
    match entry {
        Some(n) => format!("entry {n} of \"{section}\""),
        None => format!("\"{section}\""),
    }
}

/// What is wrong with a damaged record of a backup, sorted out of serde's message so
/// that the reader can word it in its own language.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
pub enum Damage {
    #[error("it has no \"{field}\"")]
    Missing { field: String },
    /// A value of another kind: `found` and `expected` in serde's words
    /// (`integer \`5\``, `a string`).
    #[error("{found} where {expected} belongs")]
    WrongType { found: String, expected: String },
    /// Anything else serde reports, in its words.
    #[error("{detail}")]
    Other { detail: String },
}

impl Damage {
    fn of(error: &serde_json::Error) -> Damage {
        let said = error.to_string();
        if let Some(field) = said.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
            return Damage::Missing { field: field.to_string() };
        }
        if let Some((found, expected)) = said.strip_prefix("invalid type: ").and_then(|rest| rest.split_once(", expected ")) {
            return Damage::WrongType { found: found.to_string(), expected: expected.to_string() };
        }
        Damage::Other { detail: said }
    }
}

impl Backup {
    /// The records of a backup whose format and version were checked, each part and
    /// each entry on its own, so that a damaged one is named.
    fn from_checked(file: &str, mut value: serde_json::Value) -> Result<Backup, BackupError> {
        let damaged = |section: &str, entry: Option<usize>, e: serde_json::Error| BackupError::Damaged {
            file: file.into(),
            section: section.into(),
            entry,
            damage: Damage::of(&e),
        };
        let mut part = |section: &str| value.get_mut(section).map(serde_json::Value::take);
        fn entries<T: serde::de::DeserializeOwned>(
            section: &str,
            value: Option<serde_json::Value>,
            damaged: &dyn Fn(&str, Option<usize>, serde_json::Error) -> BackupError,
        ) -> Result<Vec<T>, BackupError> {
            match value {
                None => Ok(Vec::new()),
                Some(serde_json::Value::Array(items)) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| serde_json::from_value(item).map_err(|e| damaged(section, Some(i + 1), e)))
                    .collect(),
                // Not a list: serde says what it is instead.
                Some(other) => serde_json::from_value(other).map_err(|e| damaged(section, None, e)),
            }
        }
        let created = match part("created") {
            None => String::new(),
            Some(v) => serde_json::from_value(v).map_err(|e| damaged("created", None, e))?,
        };
        let collections = entries("collections", part("collections"), &damaged)?;
        let files = entries("files", part("files"), &damaged)?;
        let marks = entries("marks", part("marks"), &damaged)?;
        let searches = entries("searches", part("searches"), &damaged)?;
        Ok(Backup { format: BACKUP_FORMAT.into(), version: BACKUP_VERSION, created, collections, files, marks, searches })
    }

    /// A backup of these records, in a stable order.
    pub fn new(created: String, mut collections: Vec<Collection>, mut files: Vec<StoredFile>, marks: HashMap<String, Marks>, mut searches: Vec<SavedSearch>) -> Backup {
        collections.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        files.sort_by_key(StoredFile::key);
        let mut marks: Vec<(String, Marks)> = marks.into_iter().filter(|(_, m)| !m.is_empty()).collect();
        marks.sort_by(|a, b| a.0.cmp(&b.0));
        searches.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        Backup { format: BACKUP_FORMAT.into(), version: BACKUP_VERSION, created, collections, files, marks, searches }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads and checks a backup file (`file` names it in errors).
    pub fn parse(file: &str, text: &str) -> Result<Backup, BackupError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| BackupError::NotJson { file: file.into(), message: e.to_string() })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(BACKUP_FORMAT) {
            return Err(BackupError::NotABackup { file: file.into() });
        }
        let found = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if found != BACKUP_VERSION {
            return Err(BackupError::Version { file: file.into(), found, supported: BACKUP_VERSION });
        }
        let mut backup = Backup::from_checked(file, value)?;
        for f in &backup.files {
            if !backup.collections.iter().any(|c| c.id == f.collection) {
                return Err(BackupError::Orphan { file: file.into(), name: f.name.clone(), collection: f.collection.clone() });
            }
        }
        for (_, m) in backup.marks.iter_mut() {
            m.note = cap_note(&m.note);
        }
        // Counted here rather than believed: the file may come from anywhere (or from a
        // version that did not count). Once, on restore; the archive keeps the count.
        for f in backup.files.iter_mut() {
            f.articles = Some(count_articles(&f.text));
        }
        for s in backup.searches.iter_mut() {
            s.name = clean_name(&s.name).unwrap_or_else(|| "Saved search".into());
        }
        Ok(backup)
    }
}

/// One row of an exported list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    pub id: String,
    /// `YYYY-MM-DD`, or empty when undated.
    pub date: String,
    pub title: String,
    pub source: String,
    pub url: String,
    /// Province names (display names, not ids).
    pub provinces: Vec<String>,
    pub topics: Vec<String>,
    /// The article in this reader.
    pub permalink: String,
}

/// The rows as CSV (RFC 4180: every field quoted when it needs it, CRLF line ends),
/// lists joined with "; ". Fields starting with `=`, `+`, `-` or `@` get a leading
/// apostrophe, so a spreadsheet never runs an article's title as a formula.
pub fn to_csv(rows: &[ExportRow]) -> String {
    let mut out = String::from("id,date,title,source,url,provinces,topics,permalink\r\n");
    for r in rows {
        let fields = [r.id.clone(), r.date.clone(), r.title.clone(), r.source.clone(), r.url.clone(), r.provinces.join("; "), r.topics.join("; "), r.permalink.clone()];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(field: &str) -> String {
    let field: String = field.chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c }).collect();
    let field = if field.starts_with(['=', '+', '-', '@']) { format!("'{field}") } else { field };
    if field.contains([',', '"', ';']) || field.starts_with(' ') || field.ends_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// The rows as a Markdown citation list: one numbered line per article,
/// "Source, "Title", date. URL (in this reader: permalink)".
pub fn to_citations(rows: &[ExportRow], heading: &str) -> String {
    let mut out = format!("# {}\n\n", md_escape(heading));
    for (i, r) in rows.iter().enumerate() {
        let date = if r.date.is_empty() { "undated".to_string() } else { r.date.clone() };
        out.push_str(&format!("{}. {}, \u{201c}{}\u{201d}, {}.", i + 1, md_escape(&r.source), md_escape(&r.title), date));
        if !r.url.is_empty() {
            out.push_str(&format!(" <{}>", r.url.replace('>', "%3E")));
        }
        out.push_str(&format!(" (in Tumen: <{}>)\n", r.permalink.replace('>', "%3E")));
    }
    out
}

fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str) -> ExportRow {
        ExportRow {
            id: "a1".into(),
            date: "2024-03-05".into(),
            title: title.into(),
            source: "Daily NK".into(),
            url: "https://example.org/a1".into(),
            provinces: vec!["Ryanggang".into(), "North Hamgyong".into()],
            topics: vec!["Smuggling".into()],
            permalink: "https://reader.example/tumen/?article=a1".into(),
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        let csv = to_csv(&[row("Rice, \"cheap\" again"), row("=HYPERLINK(\"x\")"), row("plain\nbreak")]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,date,title,source,url,provinces,topics,permalink");
        assert_eq!(lines[1], "a1,2024-03-05,\"Rice, \"\"cheap\"\" again\",Daily NK,https://example.org/a1,\"Ryanggang; North Hamgyong\",Smuggling,https://reader.example/tumen/?article=a1");
        assert!(lines[2].starts_with("a1,2024-03-05,\"'=HYPERLINK(\"\"x\"\")\""), "{}", lines[2]);
        assert!(lines[3].contains(",plain break,"), "no line break inside a record: {}", lines[3]);
        assert_eq!(lines.len(), 5, "three records, a header and the final CRLF");
    }

    #[test]
    fn citations_escape_markdown_and_number_each_article() {
        let md = to_citations(&[row("Prices *soar* in [Hyesan]"), ExportRow { date: String::new(), url: String::new(), ..row("Quiet") }], "Saved: smuggling");
        assert!(md.starts_with("# Saved: smuggling\n\n"));
        assert!(md.contains("1. Daily NK, \u{201c}Prices \\*soar\\* in \\[Hyesan\\]\u{201d}, 2024-03-05. <https://example.org/a1> (in Tumen: <https://reader.example/tumen/?article=a1>)"), "{md}");
        assert!(md.contains("2. Daily NK, \u{201c}Quiet\u{201d}, undated. (in Tumen:"), "{md}");
    }

    #[test]
    fn marks_change_only_what_is_given_and_notes_are_capped() {
        let mut m = Marks::default();
        assert!(m.is_empty());
        m.apply(&MarkChange { saved: Some(true), ..Default::default() }, 5);
        assert!(m.saved && !m.read && m.updated == 5);
        m.apply(&MarkChange { read: Some(true), ..Default::default() }, 6);
        assert!(m.saved && m.read);
        m.apply(&MarkChange { note: Some("x".repeat(MAX_NOTE_CHARS + 10)), ..Default::default() }, 7);
        assert_eq!(m.note.chars().count(), MAX_NOTE_CHARS);
        m.apply(&MarkChange { read: Some(false), saved: Some(false), note: Some("  ".into()) }, 8);
        assert!(m.is_empty(), "blank note, nothing marked: the record can go");
    }

    #[test]
    fn a_backup_round_trips_and_says_what_is_wrong_with_a_bad_one() {
        let mut marks = HashMap::new();
        marks.insert("b".to_string(), Marks { saved: true, note: "check with source".into(), ..Default::default() });
        marks.insert("a".to_string(), Marks { read: true, ..Default::default() });
        marks.insert("empty".to_string(), Marks::default());
        let backup = Backup::new(
            "2026-12-02T10:00:00Z".into(),
            vec![Collection { id: "c1".into(), name: "KCNA 2023".into(), enabled: true, created: 1 }],
            vec![StoredFile { collection: "c1".into(), name: "a.json".into(), text: corpus_of(2), articles: Some(2) }],
            marks,
            vec![SavedSearch { id: "s1".into(), name: "Hyesan".into(), query: "entity=hyesan".into(), created: 2, seen: vec!["a".into()] }],
        );
        assert_eq!(backup.marks.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["a", "b"], "sorted, empty marks left out");
        let back = Backup::parse("backup.json", &backup.to_json()).expect("reads its own backups");
        assert_eq!(back, backup);
        assert!(matches!(Backup::parse("x.json", "{"), Err(BackupError::NotJson { .. })));
        assert_eq!(Backup::parse("x.json", "{\"articles\": []}"), Err(BackupError::NotABackup { file: "x.json".into() }));
        let future = backup.to_json().replace("\"version\": 1", "\"version\": 9");
        assert_eq!(Backup::parse("x.json", &future), Err(BackupError::Version { file: "x.json".into(), found: 9, supported: 1 }));
        let orphan = backup.to_json().replace("\"collection\": \"c1\"", "\"collection\": \"c9\"");
        assert!(matches!(Backup::parse("x.json", &orphan), Err(BackupError::Orphan { .. })));
        // JSON and a backup, but one record damaged: the part and the entry are named,
        // and what is wrong is sorted out so the reader can word it.
        let damaged = |edited: String| match Backup::parse("x.json", &edited) {
            Err(BackupError::Damaged { section, entry, damage, .. }) => (section, entry, damage),
            other => panic!("{other:?} for {edited}"),
        };
        let no_text = backup.to_json().replace("\"text\": ", "\"txet\": ");
        assert_eq!(damaged(no_text), ("files".into(), Some(1), Damage::Missing { field: "text".into() }));
        let number = backup.to_json().replace("\"name\": \"Hyesan\"", "\"name\": 5");
        assert_eq!(damaged(number), ("searches".into(), Some(1), Damage::WrongType { found: "integer `5`".into(), expected: "a string".into() }));
        let not_a_list = backup.to_json().replacen("\"collections\": [", "\"collections\": null, \"x\": [", 1);
        assert_eq!(damaged(not_a_list), ("collections".into(), None, Damage::WrongType { found: "null".into(), expected: "a sequence".into() }));
        let short_pair = backup.to_json().replacen("\"a\",\n      {", "{", 1);
        let (section, entry, damage) = damaged(short_pair.clone());
        assert_eq!((section.as_str(), entry), ("marks", Some(1)), "{short_pair}");
        assert!(matches!(damage, Damage::WrongType { .. } | Damage::Other { .. }), "{damage:?}");
        let error = Backup::parse("x.json", &backup.to_json().replace("\"text\": ", "\"txet\": ")).unwrap_err();
        assert_eq!(error.to_string(), "x.json: a Tumen backup, but entry 1 of \"files\" is damaged: it has no \"text\"");
        // A count in the file is not believed, and a backup without counts (an earlier
        // version's) gets them.
        let lying = backup.to_json().replace("\"articles\": 2", "\"articles\": 900");
        assert_eq!(Backup::parse("x.json", &lying).map(|b| b.files[0].articles), Ok(Some(2)));
        let old = backup.to_json().replace(",\n      \"articles\": 2", "");
        assert!(!old.contains("\"articles\": 2"), "{old}");
        assert_eq!(Backup::parse("x.json", &old).map(|b| b.files[0].articles), Ok(Some(2)));
    }

    fn corpus_of(n: usize) -> String {
        let articles: Vec<String> = (0..n).map(|i| format!("{{\"id\": \"a{i}\", \"title\": \"T\"}}")).collect();
        format!("{{\"version\": 1, \"articles\": [{}]}}", articles.join(","))
    }

    #[test]
    fn files_of_one_name_in_two_collections_keep_their_own_counts() {
        // Records of an earlier version: no count of their own.
        let one = StoredFile { collection: "c1".into(), name: "articles.json".into(), text: corpus_of(2), articles: None };
        let two = StoredFile { collection: "c2".into(), name: "articles.json".into(), text: corpus_of(3), articles: None };
        let mut counts = ArticleCounts::default();
        counts.record(&one.collection, &one.name, 2);
        counts.record(&two.collection, &two.name, 3);
        assert_eq!((counts.of(&one), counts.of(&two)), (2, 3), "a count keyed by the name alone would give both 3");
        // Not noted yet: counted from the text.
        let three = StoredFile { collection: "c3".into(), name: "articles.json".into(), text: corpus_of(4), articles: None };
        assert_eq!(counts.get(&three), None);
        assert_eq!(counts.of(&three), 4);
        counts.count_missing(std::slice::from_ref(&three));
        assert_eq!(counts.get(&three), Some(4));
        // A record with its own count is believed without reading its text.
        let new = StoredFile::new("c4", "articles.json".into(), "not read".into(), 7);
        assert_eq!(counts.of(&new), 7);
        assert_eq!(count_articles("not json"), 0);
        assert_eq!(count_articles("{\"articles\": 5}"), 0);
    }

    #[test]
    fn names_are_collapsed_and_capped() {
        assert_eq!(clean_name("  Hyesan   smuggling \n"), Some("Hyesan smuggling".into()));
        assert_eq!(clean_name(" \t "), None);
        assert_eq!(clean_name(&"가".repeat(500)).map(|n| n.chars().count()), Some(MAX_NAME_CHARS));
        // Cleaning a clean name changes nothing, even where the cut falls on a space (found
        // by the backup fuzzer: a restored backup written again read back otherwise).
        let long = format!("{} tail", "a".repeat(MAX_NAME_CHARS - 1));
        let once = clean_name(&long).expect("a name");
        assert_eq!(once, "a".repeat(MAX_NAME_CHARS - 1));
        assert_eq!(clean_name(&once), Some(once.clone()));
    }
}
