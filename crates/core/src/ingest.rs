//! Turning what users collect into corpus articles: raw aggregated `.txt`
//! articles (the seed format) and plain text files, JSON lines (one article per
//! line), corpus `.json`, and `.zip` archives of any of them. Pure functions over
//! (file name, contents): the CLI and the browser's worker do the I/O.

use crate::error::{CorpusError, Issue, Problem, Severity, Skipped};
use crate::limits::ZipLimits;
use crate::model::{Article, Block, Corpus, Date};
use crate::parse::{collapse_space, parse_corpus, raw_from_value, validate_all, Loaded, Validator};
use std::borrow::Cow;
use std::collections::HashSet;

/// Reads one file as the reader dropped it, bytes and all: what the browser's
/// worker and `tumen build` call for every file.
///
/// * The bytes are text: UTF-8 with or without a byte-order mark (a UTF-16 file,
///   which has one, is read as UTF-16); a byte that is not UTF-8 reads as U+FFFD,
///   with a warning (see [`ingest_file`]).
/// * `.txt`, `.json`, `.jsonl` and `.ndjson` are read by [`ingest_file`], which
///   dispatches on the extension.
/// * `.zip` is opened and each `.txt`, `.json`, `.jsonl` or `.ndjson` entry read
///   the same way, in the archive's order, named by its path inside ("folder/a.txt").
///   Folders are walked; `__MACOSX/`, hidden files and other types are skipped with
///   one warning that counts them; a zip inside the zip is skipped with a warning.
///   An entry that cannot be read (encrypted, over a limit, damaged, an unsupported
///   compression) is named with the reason and every other entry still loads.
///   Limits: [`ZipLimits::DEFAULT`].
/// * A file that cannot be read at all gives a [`Loaded`] with no articles and one
///   problem on field `(file)`, severity [`Severity::Error`], whose message does not
///   repeat the file name (the report shows it beside the message).
///
/// Never panics and never fails: every outcome is in the returned list, one
/// [`Loaded`] per file read (for a zip: one for the archive's own problems, if
/// any, then one per entry).
pub fn ingest_bytes(name: &str, bytes: &[u8]) -> Vec<Loaded> {
    ingest_bytes_with(name, bytes, &ZipLimits::DEFAULT)
}

/// [`ingest_bytes`] with other limits for archives (tests use small ones).
pub fn ingest_bytes_with(name: &str, bytes: &[u8], limits: &ZipLimits) -> Vec<Loaded> {
    if extension(name) == "zip" {
        ingest_zip(name, bytes, limits)
    } else {
        vec![ingest_text_bytes(name, bytes)]
    }
}

/// Text from a file's bytes: a UTF-8 byte-order mark dropped, UTF-16 (which
/// Windows Notepad long saved as "Unicode") read when its mark says so, and any
/// byte that is not UTF-8 read as U+FFFD, as a browser's `File.text()` does.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Cow<'static, str> {
        let units = bytes.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            // An odd byte at the end cannot be a character.
            _ => 0xFFFD,
        });
        Cow::Owned(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect())
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8_lossy(bytes)
    }
}

/// One text file's bytes, read whatever they hold.
fn ingest_text_bytes(name: &str, bytes: &[u8]) -> Loaded {
    match ingest_file(name, &decode_text(bytes)) {
        Ok(loaded) => loaded,
        Err(error) => unreadable(name, Issue::from(&error), Severity::Error),
    }
}

/// A file that gave no articles, with the one reason (field `(file)`).
pub fn unreadable(name: &str, issue: Issue, severity: Severity) -> Loaded {
    Loaded { articles: Vec::new(), problems: vec![Problem::file(name, issue, severity)], file: name.to_string() }
}

/// The extension of a file name, lower case ("" without one).
fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.').map_or(String::new(), |(_, ext)| ext.to_ascii_lowercase())
}

/// What an entry of a zip archive is, by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryKind {
    Folder,
    Article,
    NestedZip,
    /// `__MACOSX/` resource forks, `.DS_Store`, `._name` and other dot-files.
    Hidden,
    Other,
}

fn classify(path: &str) -> EntryKind {
    if path.ends_with('/') {
        return EntryKind::Folder;
    }
    if path.split('/').any(|part| part == "__MACOSX" || part.starts_with('.')) {
        return EntryKind::Hidden;
    }
    match extension(path).as_str() {
        "txt" | "json" | "jsonl" | "ndjson" => EntryKind::Article,
        "zip" => EntryKind::NestedZip,
        _ => EntryKind::Other,
    }
}

/// Every article file inside a zip archive, each read as if added on its own.
fn ingest_zip(name: &str, bytes: &[u8], limits: &ZipLimits) -> Vec<Loaded> {
    let archive = match crate::zip::open(name, bytes, limits) {
        Ok(archive) => archive,
        Err(error) => return vec![unreadable(name, Issue::from(&error.reason), Severity::Error)],
    };
    let mut own = Loaded { file: name.to_string(), ..Loaded::default() };
    let mut error = |issue: Issue| own.problems.push(Problem::file(name, issue, Severity::Error));
    if let Some(damage) = &archive.damage {
        error(Issue::from(&damage.reason));
    }
    if archive.entries_left_out > 0 {
        let listed = archive.entries.len() + archive.entries_left_out;
        error(Issue::ZipTooManyEntries { listed, read: limits.entries });
    }
    let mut parts = Vec::new();
    let (mut hidden, mut other, mut readable) = (0usize, Vec::new(), 0usize);
    let mut budget = limits.total_bytes;
    for entry in &archive.entries {
        match classify(&entry.name) {
            EntryKind::Folder => {}
            EntryKind::Hidden => hidden += 1,
            EntryKind::Other => other.push(entry.name.as_str()),
            EntryKind::NestedZip => {
                readable += 1;
                parts.push(unreadable(&entry.name, Issue::ZipInZip, Severity::Warning));
            }
            EntryKind::Article => {
                readable += 1;
                // Each entry is unpacked, read and dropped before the next: only one is ever held.
                match archive.read(entry, &mut budget, limits) {
                    Ok(data) => parts.push(ingest_text_bytes(&entry.name, &data)),
                    Err(e) => parts.push(unreadable(&entry.name, Issue::from(&e.reason), Severity::Error)),
                }
            }
        }
    }
    let skipped = (hidden + other.len() > 0).then(|| Skipped {
        hidden,
        other: other.len(),
        examples: other.iter().take(3).map(|p| p.rsplit('/').next().unwrap_or(p).to_string()).collect(),
    });
    match (readable, skipped) {
        (0, skipped) if archive.damage.is_none() => own.problems.push(Problem::file(name, Issue::ZipHasNoArticles { skipped }, Severity::Error)),
        (_, Some(skipped)) => own.problems.push(Problem::file(name, Issue::ZipSkipped(skipped), Severity::Warning)),
        _ => {}
    }
    let mut out = Vec::with_capacity(parts.len() + 1);
    if !own.problems.is_empty() {
        out.push(own);
    }
    out.extend(parts);
    out
}

/// Reads one input by its extension (`.txt`, `.jsonl`, `.ndjson`, `.json`). Text that was
/// not valid UTF-8 (the browser and the CLI read it with U+FFFD in place of each
/// bad byte) is read anyway, with a warning naming the file.
pub fn ingest_file(name: &str, contents: &str) -> Result<Loaded, CorpusError> {
    let mut loaded = ingest_by_kind(name, contents)?;
    let unreadable = contents.chars().filter(|&c| c == '\u{FFFD}').count();
    if unreadable > 0 {
        loaded.problems.insert(0, Problem::file(name, Issue::NotUtf8 { count: unreadable }, Severity::Warning));
    }
    Ok(loaded)
}

fn ingest_by_kind(name: &str, contents: &str) -> Result<Loaded, CorpusError> {
    match extension(name).as_str() {
        "txt" => Ok(ingest_text(name, contents)),
        "jsonl" | "ndjson" => Ok(parse_json_lines(name, contents)),
        "json" => parse_corpus(name, contents),
        _ => Err(CorpusError::UnsupportedInput { file: name.to_string() }),
    }
}

/// A `.txt` file is one article. Plain text needs only a title line and text: what
/// it does not say is filled in and the reader told, never the article refused
/// for it. The source, if the text does not name one, is the file name; the date,
/// if the text has no clear one, is left out.
fn ingest_text(name: &str, contents: &str) -> Loaded {
    let mut raw = parse_raw_text(name, contents);
    let guessed = raw.source.is_none().then(|| {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
        raw.source = Some(base.clone());
        base
    });
    let (id, undated_plain) = (raw.id.clone(), raw.plain && raw.date.is_none());
    let mut loaded = validate_all(name, vec![raw_from_article(raw)]);
    if loaded.articles.is_empty() {
        return loaded;
    }
    let mut warn = |field: &str, issue: Issue| loaded.problems.push(Problem::new(name, 0, Some(&id), field, issue, Severity::Warning));
    if let Some(base) = guessed {
        warn("source", Issue::SourceFromFileName { name: base });
    }
    // The aggregator's format never carries a date, so only plain text is warned.
    if undated_plain {
        warn("date", Issue::NoDateFound);
    }
    loaded
}

/// Merges several inputs into one corpus: later duplicates of an id are
/// rejected, and articles are ordered newest first (undated last), then by id,
/// so the same inputs always give the same bytes whatever their order.
pub fn merge(loaded: Vec<Loaded>) -> (Corpus, Vec<Problem>) {
    let (mut groups, problems) = merge_groups(vec![(String::new(), loaded)]);
    (Corpus::new(groups.pop().map(|(_, articles)| articles).unwrap_or_default()), problems)
}

/// [`merge`] for inputs in named groups (the reader's collections), each merged on its
/// own and kept apart: an id already in an earlier group, or earlier in the same one,
/// is rejected. The groups come back in their order, with their names.
pub fn merge_groups(groups: Vec<(String, Vec<Loaded>)>) -> (Vec<(String, Vec<Article>)>, Vec<Problem>) {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    let mut merged = Vec::with_capacity(groups.len());
    for (name, loaded) in groups {
        let mut articles = Vec::new();
        for part in loaded {
            problems.extend(part.problems);
            // The later file is named: that is where the repeat is, and what the reader can fix.
            let file = if part.file.is_empty() { "(merge)".to_string() } else { part.file };
            for article in part.articles {
                if seen.insert(article.id.clone()) {
                    articles.push(article);
                } else {
                    problems.push(Problem::new(&file, 0, Some(&article.id), "id", Issue::DuplicateInAnotherInput, Severity::Error));
                }
            }
        }
        articles.sort_by(|a, b| b.date.is_some().cmp(&a.date.is_some()).then(b.date.cmp(&a.date)).then(a.id.cmp(&b.id)));
        merged.push((name, articles));
    }
    (merged, problems)
}

/// JSON lines: each non-blank line is one article object, validated as it is
/// read (a large import never holds every line's JSON at once). Problems come
/// in line order.
pub fn parse_json_lines(name: &str, contents: &str) -> Loaded {
    let contents = contents.strip_prefix('\u{feff}').unwrap_or(contents);
    if contents.trim().is_empty() {
        return unreadable(name, Issue::EmptyFile, Severity::Warning);
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
            Err(e) => validator.skip(Problem::new(name, number, None, "(line)", line_error(number + 1, &e), Severity::Error)),
        }
    }
    validator.finish()
}

fn line_error(line: usize, e: &serde_json::Error) -> Issue {
    let detail = strip_position(&e.to_string()).to_string();
    let column = e.column();
    if detail == "recursion limit exceeded" {
        Issue::JsonLineTooDeep { line, column, max: crate::limits::MAX_JSON_DEPTH }
    } else {
        Issue::InvalidJsonLine { line, column, detail }
    }
}

fn strip_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |pos| &message[..pos])
}

/// The parts of a raw text article, as found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawText {
    /// The file name's stem and a hash of the text ([`text_id`]).
    pub id: String,
    pub title: String,
    pub source_tags: Vec<String>,
    pub caption: Option<String>,
    pub body: Vec<Block>,
    /// The aggregator's publisher line, or a source the text names near its top.
    pub source: Option<String>,
    /// A clear date near the top of the text (a byline or dateline), if any.
    pub date: Option<Date>,
    /// Plain text: none of the aggregator's lines (counters, tag line, publisher) were found.
    pub plain: bool,
}

/// Lines after which everything is the site's or the aggregator's boilerplate.
const FOOTER_MARKERS: &[&str] = &["read in korean", "a note to readers", "disclaimer :", "disclaimer:"];

/// A title longer than this (characters) is a paragraph with no title line above it.
const TITLE_AS_PARAGRAPH: usize = 200;

/// Parses a `.txt` article. The seed's raw format: a title line; a header of counter
/// lines, the site's tag line and an image caption; paragraphs and sub-headings;
/// then the footer ("Read in Korean", "A Note to Readers", the aggregator's
/// disclaimer naming the publisher), dropped except for the publisher. Plain text
/// is a title line and paragraphs; its source and date are taken from a byline or
/// dateline near the top when it has one ([`text_facts`]).
pub fn parse_raw_text(name: &str, contents: &str) -> RawText {
    let text = contents.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    let mut raw = RawText { id: text_id(name, text), ..RawText::default() };
    raw.source = lines.iter().rev().find_map(|l| publisher(l));
    let has_publisher = raw.source.is_some();

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
    let has_header = header.iter().any(|l| is_counter(l)) || header.first().is_some_and(|l| is_tag_line(l));
    if has_header {
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
    raw.plain = !has_header && !has_publisher;
    // A caption's photo credit ("(KCNA)") is not the article's source: look after it.
    let (source, date) = text_facts(&lines[i..]);
    raw.source = raw.source.or(source);
    raw.date = date;
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
    // Text with no title line (one long paragraph): the paragraph is the text, and
    // its first sentence the title, rather than an article refused for having no text.
    if raw.body.is_empty() && raw.title.chars().count() > TITLE_AS_PARAGRAPH {
        let paragraph = std::mem::take(&mut raw.title);
        raw.title = first_sentence(&paragraph);
        raw.body.push(Block::Paragraph(paragraph));
    }
    raw
}

/// The first sentence of a paragraph, or its first words, as a title.
fn first_sentence(paragraph: &str) -> String {
    const MAX: usize = 150;
    let mut end = None;
    for (at, c) in paragraph.char_indices() {
        if at > MAX * 4 || paragraph[..at].chars().count() >= MAX {
            break;
        }
        if matches!(c, '.' | '!' | '?' | '。') && paragraph[at + c.len_utf8()..].starts_with(' ') && at > 0 {
            end = Some(at + c.len_utf8());
            break;
        }
    }
    if let Some(end) = end {
        return paragraph[..end].to_string();
    }
    let cut: String = paragraph.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end();
    format!("{cut}…")
}

/// A stable id for a text article: its file name's stem, then eight hex digits
/// of a SHA-256 of its text (line ends and a byte-order mark folded first), so
/// two different files both called "notes.txt" get two ids, and the same file
/// added twice, or saved again with Windows line ends, keeps its one.
pub fn text_id(name: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(text.trim_start_matches('\u{feff}').as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    // Ids travel in links and may be 200 characters at most: a long name is cut.
    let stem: String = id_from_file_name(name).chars().take(120).collect();
    if stem.is_empty() {
        hash
    } else {
        format!("{stem}-{hash}")
    }
}

/// Who published the text, by the names a byline or dateline writes. Small on
/// purpose: a name listed here is trusted as the source of any plain text that
/// names it near its top. Each is (masthead, spellings matched case-insensitively).
const KNOWN_SOURCES: &[(&str, &[&str])] = &[
    ("KCNA", &["kcna", "korean central news agency", "조선중앙통신"]),
    ("Rodong Sinmun", &["rodong sinmun", "rodong shinmun", "nodong sinmun", "로동신문", "노동신문"]),
    ("Daily NK", &["daily nk", "dailynk", "데일리nk", "데일리엔케이"]),
    ("Yonhap", &["yonhap", "연합뉴스"]),
];

/// Labels of a line that names the source or the date outright.
const SOURCE_LABELS: &[&str] = &["source:", "publisher:", "출처:", "출처 :"];

/// Lines near the top of a text that may be a byline or dateline.
const FACT_LINES: usize = 4;
/// A byline is short; a longer line is a paragraph, read only up to its dateline.
const BYLINE_CHARS: usize = 120;
/// How far into a paragraph a dateline may run.
const DATELINE_CHARS: usize = 160;

/// The source and date a text names at its top: in the first few non-empty lines,
/// a short line that is not a sentence (a byline: "<로동신문> 1999년 01월 01일",
/// "Source: Yonhap, March 5, 2024") or the dateline opening a paragraph
/// ("SEOUL, March 5, 2024 (Yonhap) --", "(서울=연합뉴스)"). A date elsewhere in the
/// text is what the story is about, not when it was published: it is not taken.
pub fn text_facts(lines: &[&str]) -> (Option<String>, Option<Date>) {
    let (mut source, mut date) = (None, None);
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take(FACT_LINES) {
        // Compared on the line's own bytes: a lower-cased copy may differ in length
        // (the Kelvin sign lower-cases to a one-byte "k"), so its offsets are not the line's.
        let labelled = SOURCE_LABELS.iter().find_map(|label| {
            line.get(..label.len()).filter(|head| head.to_lowercase() == *label).and_then(|_| line.get(label.len()..))
        });
        let part = if let Some(value) = labelled {
            if source.is_none() {
                let value = value.split([',', ';']).next().unwrap_or("").trim().trim_end_matches('.');
                if !value.is_empty() {
                    source = Some(known_source(value).map_or_else(|| publisher_name(value), str::to_string));
                }
            }
            line
        } else if is_byline(line) {
            line
        } else {
            dateline(line)
        };
        if source.is_none() {
            source = known_source(part).map(str::to_string);
        }
        if date.is_none() {
            date = find_date(part);
        }
        if source.is_some() && date.is_some() {
            break;
        }
    }
    (source, date)
}

/// A short line that is not a sentence: a byline, masthead or date line.
fn is_byline(line: &str) -> bool {
    line.chars().count() <= BYLINE_CHARS && !line.ends_with(['.', '!', '?', '。', '"', '”', '’', ':'])
}

/// The dateline opening a paragraph: up to a dash ("SEOUL, March 5 (Yonhap) --",
/// "PYONGYANG, Dec. 24 (KCNA) —") or a leading bracketed group ("(서울=연합뉴스)",
/// "【평양 3월 5일발 조선중앙통신】"); "" when it has none.
fn dateline(line: &str) -> &str {
    let head = match line.char_indices().nth(DATELINE_CHARS) {
        Some((at, _)) => &line[..at],
        None => line,
    };
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】'), ('〔', '〕')] {
        if let Some(inside) = head.strip_prefix(open).and_then(|rest| rest.find(close).map(|end| &rest[..end])) {
            return inside;
        }
    }
    [" -- ", " — ", " – ", " --"].iter().filter_map(|dash| head.find(dash)).min().map_or("", |at| &head[..at])
}

/// The first source from [`KNOWN_SOURCES`] the text names, by position.
fn known_source(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for &(masthead, spellings) in KNOWN_SOURCES {
        for spelling in spellings {
            let mut from = 0;
            while let Some(found) = lower[from..].find(spelling) {
                let at = from + found;
                let end = at + spelling.len();
                // Latin names are whole words ("kcnawatch" is not KCNA); Hangul ones may
                // take a particle (로동신문은, 연합뉴스에).
                let before_ok = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after_ok = spelling.ends_with(|c: char| !c.is_ascii()) || lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok {
                    if best.is_none_or(|(b, _)| at < b) {
                        best = Some((at, masthead));
                    }
                    break;
                }
                from = at + spelling.len();
            }
        }
    }
    best.map(|(_, masthead)| masthead)
}

const MONTH_NAMES: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// The first real date written out in `text`: `2024-03-05` (or with `.` or `/`),
/// `March 5, 2024`, `Mar. 5 2024`, `5 March 2024`, or `2024년 3월 5일`, with ASCII or
/// full-width digits, years 1900 to 2099. A date that is not a real day is not one.
pub fn find_date(text: &str) -> Option<Date> {
    // Full-width digits (２０１９) as ASCII, so one set of rules reads both.
    let text: String = text.chars().map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c }).collect();
    let text = text.to_lowercase();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_word = previous.is_none_or(|p| !p.is_alphanumeric());
        previous = Some(c);
        if !starts_word {
            continue;
        }
        let rest = &text[at..];
        let found = if c.is_ascii_digit() { numeric_date(rest).or_else(|| day_month_year(rest)) } else { month_day_year(rest) };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Leading ASCII digits: (value, how many), at most `max` of them.
fn number(text: &str, max: usize) -> Option<(u32, usize)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > max {
        return None;
    }
    Some((text[..len].parse().ok()?, len))
}

fn real_date(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1900..=2099).contains(&year) {
        return None;
    }
    Date::parse_iso(&format!("{year:04}-{month:02}-{day:02}"))
}

/// `2024-03-05`, `2024.3.5`, `2024/03/05`, `2024년 3월 5일`.
fn numeric_date(text: &str) -> Option<Date> {
    let (year, n) = number(text, 4).filter(|&(_, n)| n == 4)?;
    let rest = &text[n..];
    // 2024년 3월 5일 (spaces optional)
    if let Some(rest) = rest.trim_start().strip_prefix('년') {
        let rest = rest.trim_start();
        let (month, n) = number(rest, 2)?;
        let rest = rest[n..].trim_start().strip_prefix('월')?.trim_start();
        let (day, n) = number(rest, 2)?;
        rest[n..].trim_start().strip_prefix('일')?;
        return real_date(year, month, day);
    }
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '.' | '/'))?;
    let rest = &rest[1..];
    let (month, n) = number(rest, 2)?;
    let rest = rest[n..].strip_prefix(sep)?;
    let (day, n) = number(rest, 2)?;
    // Not the start of a longer number (2024-03-051) or a version (2024.3.5.1).
    if rest[n..].starts_with(|c: char| c.is_ascii_digit()) || rest[n..].strip_prefix(sep).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    real_date(year, month, day)
}

/// A month name or its abbreviation ("march", "mar.", "sept."), then the rest.
fn month(text: &str) -> Option<(u32, &str)> {
    let len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &text[..len];
    if len < 3 {
        return None;
    }
    let index = MONTH_NAMES.iter().position(|m| *m == word || (m.starts_with(word) && (len == 3 || word == "sept")))?;
    let rest = &text[len..];
    // An abbreviation may end with a full stop; a whole name may not be followed by letters.
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    Some((index as u32 + 1, rest))
}

/// The year that ends a written date: `, 2024` or ` 2024`, four digits that are not the start
/// of a longer word (`2024th` or `20245` is no year). Both written orders end this way.
fn year_after(text: &str) -> Option<u32> {
    let rest = text.strip_prefix(',').unwrap_or(text);
    let rest = rest.strip_prefix(' ')?.trim_start();
    let (year, n) = number(rest, 4).filter(|&(_, n)| n == 4)?;
    if rest[n..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some(year)
}

/// `March 5, 2024`, `Mar. 5 2024`, `March 5th, 2024`.
fn month_day_year(text: &str) -> Option<Date> {
    let (month, rest) = month(text)?;
    let rest = rest.strip_prefix(' ')?.trim_start();
    let (day, n) = number(rest, 2)?;
    let rest = &rest[n..];
    let rest = ["st", "nd", "rd", "th"].iter().find_map(|s| rest.strip_prefix(s)).unwrap_or(rest);
    year_after(rest).and_then(|year| real_date(year, month, day))
}

/// `5 March 2024`, `5 Mar. 2024`.
fn day_month_year(text: &str) -> Option<Date> {
    let (day, n) = number(text, 2)?;
    let rest = text[n..].strip_prefix(' ')?.trim_start();
    let (month, rest) = month(rest)?;
    year_after(rest).and_then(|year| real_date(year, month, day))
}

fn raw_from_article(raw: RawText) -> crate::parse::RawArticle {
    use serde_json::Value;
    let article = Article {
        id: raw.id,
        title: raw.title,
        date: raw.date,
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
    fn dates_are_found_in_the_usual_forms_and_only_when_real() {
        let d = |y, m, day| Some(Date { year: y, month: m, day });
        let table: &[(&str, Option<Date>)] = &[
            ("2024-03-05", d(2024, 3, 5)),
            ("Published 2024.3.5 by", d(2024, 3, 5)),
            ("1999/01/01", d(1999, 1, 1)),
            ("March 5, 2024", d(2024, 3, 5)),
            ("SEOUL, Mar. 5 2024 (Yonhap)", d(2024, 3, 5)),
            ("Sept. 30, 2023", d(2023, 9, 30)),
            ("on December 1st, 2020", d(2020, 12, 1)),
            ("5 March 2024", d(2024, 3, 5)),
            ("5 March, 2024", d(2024, 3, 5)),
            ("<로동신문> 공동사설 - 1999년 01월 01일", d(1999, 1, 1)),
            ("２０１９년 １월 １일", d(2019, 1, 1)),
            ("2024년3월5일", d(2024, 3, 5)),
            // Not a real day, not a whole date, or part of something else.
            ("2023-02-29", None),
            ("March 2024", None),
            ("Pyongyang, December 24 (KCNA)", None),
            ("새해 2016년을 맞이합니다", None),
            ("version 2024.3.5.1", None),
            ("12024-03-05", None),
            ("Marching 5, 2024", None),
            ("1850-01-01", None),
            ("May 5, 20245", None),
            ("5 May 2024th", None),
        ];
        for &(text, want) in table {
            assert_eq!(find_date(text), want, "{text:?}");
        }
    }

    #[test]
    fn sources_are_known_names_in_a_byline_or_dateline() {
        assert_eq!(known_source("<로동신문>，신문<조선인민군>"), Some("Rodong Sinmun"));
        assert_eq!(known_source("by the Korean Central News Agency"), Some("KCNA"));
        assert_eq!(known_source("(서울=연합뉴스) 기자"), Some("Yonhap"));
        assert_eq!(known_source("데일리NK 평양 소식통"), Some("Daily NK"));
        assert_eq!(known_source("KCNA Watch and Yonhap"), Some("KCNA"));
        assert_eq!(known_source("kcnawatch.org"), None);
        assert_eq!(known_source("nothing here"), None);
        assert_eq!(dateline("SEOUL, March 5 (Yonhap) -- North Korea fired"), "SEOUL, March 5 (Yonhap)");
        assert_eq!(dateline("(평양 3월 5일발 조선중앙통신) 농업근로자들은"), "평양 3월 5일발 조선중앙통신");
        assert_eq!(dateline("The Rodong Sinmun said on Tuesday that the drills were a provocation."), "");
        let lines = ["SEOUL, March 5, 2024 (Yonhap) -- North Korea fired a ballistic missile toward the East Sea, the military said."];
        assert_eq!(text_facts(&lines), (Some("Yonhap".into()), Some(Date { year: 2024, month: 3, day: 5 })));
        let labelled = ["Source: rfa.org, 2021-07-01"];
        assert_eq!(text_facts(&labelled), (Some("Radio Free Asia".into()), Some(Date { year: 2021, month: 7, day: 1 })));
        assert_eq!(text_facts(&["SOURCE: Yonhap"]).0.as_deref(), Some("Yonhap"));
        assert_eq!(text_facts(&["출처: 연합뉴스"]).0.as_deref(), Some("Yonhap"));
        // Characters whose lower case is shorter or longer than they are do not upset the label.
        assert_eq!(text_facts(&["\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}x"]).0, None);
        assert_eq!(text_facts(&["İİİİİİİ: x"]).0, None);
    }

    #[test]
    fn one_long_paragraph_is_the_text_and_its_first_sentence_the_title() {
        let paragraph = format!("Floods hit Sinuiju again. {}", "Residents moved to higher ground as the Yalu rose. ".repeat(6));
        let raw = parse_raw_text("f.txt", &paragraph);
        assert_eq!(raw.title, "Floods hit Sinuiju again.");
        assert_eq!(raw.body, vec![Block::Paragraph(paragraph.trim().to_string())]);
        assert!(first_sentence(&"word ".repeat(100)).ends_with("word…"));
    }

    #[test]
    fn text_without_header_keeps_its_first_paragraph() {
        let raw = parse_raw_text("x.txt", "Title\n\nFirst paragraph here.\n\nSecond one.\n");
        assert_eq!(raw.title, "Title");
        assert_eq!(raw.caption, None);
        assert_eq!(raw.body.len(), 2);
    }
}
