//! What the reader asked for: the [`Query`] model, its URL form, and the
//! parser for the search box's text.
//!
//! ## URL parameters
//!
//! | param      | meaning                                   | example                 |
//! |------------|-------------------------------------------|-------------------------|
//! | `q`        | search text, verbatim                     | `q=rice "state smuggling" -china` |
//! | `province` | province id, **repeat** the param for more| `province=ryanggang&province=jagang` |
//! | `topic`    | topic id, repeatable                      | `topic=smuggling`       |
//! | `source`   | source name, repeatable                   | `source=Daily NK`       |
//! | `kind`     | entity kind id, repeatable                | `kind=foreign-place`    |
//! | `entity`   | gazetteer entity id, repeatable           | `entity=hyesan`         |
//! | `from`     | first day, `YYYY-MM-DD` or `YYYY-MM` (= the 1st) | `from=2024-03`   |
//! | `to`       | last day, `YYYY-MM-DD` or `YYYY-MM` (= the month's last day) | `to=2024-06` |
//! | `undated`  | `0` hides undated articles (default shown)| `undated=0`             |
//! | `sort`     | `relevance` (default), `newest`, `oldest` | `sort=oldest`           |
//! | `mark`     | `unread`, `saved`, `noted`: the reader's own marks, repeatable (all must hold) | `mark=saved` |
//! | `copies`   | `all` shows every copy of a story (default: each story once) | `copies=all` |
//! | `article`  | the open article's id                     | `article=dailynk-1234`  |
//!
//! Multiple values are given by repeating the parameter, never by commas:
//! source names and ids may contain commas. Unknown parameters, empty values,
//! unknown kinds/sorts and malformed dates are ignored (never an error), and a
//! repeated value is kept once. [`Query::to_params`] writes the parameters in
//! the order of the table, values in the query's order, and leaves out
//! defaults, so equal queries give equal URLs.

use crate::model::Date;
use crate::normalize::{fold, tokens};
use crate::tags::EntityKind;

/// How results are ordered. `Relevance` is the default; without search text
/// there is nothing to rank by, so it falls back to `Newest`. Undated articles
/// always come last in date orders (and break relevance ties last).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    pub fn from_id(id: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Relevance",
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
        }
    }
}

/// The reader's own marks on articles (kept in the browser, not in the corpus):
/// the index cannot evaluate them; the caller turns them into a set of
/// documents for [`crate::index::Index::run_within`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MarkFilter {
    /// Not marked read.
    Unread,
    /// Starred.
    Saved,
    /// With a note.
    Noted,
}

impl MarkFilter {
    pub const ALL: [MarkFilter; 3] = [MarkFilter::Unread, MarkFilter::Saved, MarkFilter::Noted];

    pub fn as_str(self) -> &'static str {
        match self {
            MarkFilter::Unread => "unread",
            MarkFilter::Saved => "saved",
            MarkFilter::Noted => "noted",
        }
    }

    pub fn from_id(id: &str) -> Option<MarkFilter> {
        MarkFilter::ALL.into_iter().find(|m| m.as_str() == id)
    }
}

/// Everything that selects and orders results. `Default` is "everything, newest first".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Query {
    /// Raw search-box text (see [`parse_text`] for the syntax).
    pub text: String,
    pub provinces: Vec<String>,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    pub kinds: Vec<EntityKind>,
    pub entities: Vec<String>,
    /// Inclusive. Applies to dated articles only.
    pub date_from: Option<Date>,
    /// Inclusive. Applies to dated articles only.
    pub date_to: Option<Date>,
    /// Include undated articles (they are outside any date range). Default true.
    pub undated: bool,
    pub sort: Sort,
    /// Show every copy of a story as its own result. Default false: copies (the same story
    /// at other addresses, word for word or lightly edited, see [`crate::dedup`]) are
    /// collapsed into one result, counted once by the facets and the timeline, and listed in
    /// [`crate::index::Results::copies`].
    #[serde(default)]
    pub duplicates: bool,
    /// The reader's marks the results must have (see [`MarkFilter`]); ignored by [`crate::index::Index::run`].
    #[serde(default)]
    pub marks: Vec<MarkFilter>,
    /// The open article (UI state carried in the URL; ignored by the search).
    pub article: Option<String>,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            provinces: Vec::new(),
            topics: Vec::new(),
            sources: Vec::new(),
            kinds: Vec::new(),
            entities: Vec::new(),
            date_from: None,
            date_to: None,
            undated: true,
            sort: Sort::Relevance,
            duplicates: false,
            marks: Vec::new(),
            article: None,
        }
    }
}

impl Query {
    /// A query with only search text.
    pub fn text(text: impl Into<String>) -> Query {
        Query { text: text.into(), ..Query::default() }
    }

    /// True when no filter narrows the results (text aside).
    pub fn has_filters(&self) -> bool {
        !(self.provinces.is_empty()
            && self.topics.is_empty()
            && self.sources.is_empty()
            && self.kinds.is_empty()
            && self.entities.is_empty()
            && self.date_from.is_none()
            && self.date_to.is_none()
            && self.undated
            && self.marks.is_empty())
    }

    /// Reads URL query parameters (already percent-decoded). Never fails:
    /// unknown names and malformed values are skipped. See the module docs.
    pub fn from_params(pairs: &[(String, String)]) -> Query {
        let mut q = Query::default();
        // At most MAX_VALUES_PER_PARAM values per filter: a link with 100,000 `entity=` values
        // costs no more than one with 64 (the check for duplicates stays short).
        fn push_unique(list: &mut Vec<String>, value: &str) {
            if !value.is_empty() && list.len() < MAX_VALUES_PER_PARAM && !list.iter().any(|v| v == value) {
                list.push(value.to_string());
            }
        }
        for (name, value) in pairs {
            match name.as_str() {
                "q" => q.text = value.clone(),
                "province" => push_unique(&mut q.provinces, value),
                "topic" => push_unique(&mut q.topics, value),
                "source" => push_unique(&mut q.sources, value),
                "entity" => push_unique(&mut q.entities, value),
                "kind" => {
                    if let Some(kind) = EntityKind::from_id(value) {
                        if !q.kinds.contains(&kind) {
                            q.kinds.push(kind);
                        }
                    }
                }
                "from" => {
                    if let Some(d) = parse_url_date(value, false) {
                        q.date_from = Some(d);
                    }
                }
                "to" => {
                    if let Some(d) = parse_url_date(value, true) {
                        q.date_to = Some(d);
                    }
                }
                "undated" => match value.as_str() {
                    "0" | "false" | "no" => q.undated = false,
                    "1" | "true" | "yes" => q.undated = true,
                    _ => {}
                },
                "sort" => {
                    if let Some(sort) = Sort::from_id(value) {
                        q.sort = sort;
                    }
                }
                "mark" => {
                    if let Some(mark) = MarkFilter::from_id(value) {
                        if !q.marks.contains(&mark) {
                            q.marks.push(mark);
                        }
                    }
                }
                "copies" => match value.as_str() {
                    "all" => q.duplicates = true,
                    "one" => q.duplicates = false,
                    _ => {}
                },
                "article" if !value.is_empty() => q.article = Some(value.clone()),
                _ => {}
            }
        }
        q
    }

    /// The URL parameters for this query: fixed order, defaults omitted.
    pub fn to_params(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |name: &str, value: String| out.push((name.to_string(), value));
        if !self.text.is_empty() {
            put("q", self.text.clone());
        }
        let mut seen: Vec<&str> = Vec::new();
        let lists: [(&str, &Vec<String>); 3] = [("province", &self.provinces), ("topic", &self.topics), ("source", &self.sources)];
        for (name, list) in lists {
            seen.clear();
            for v in list.iter().filter(|v| !v.is_empty()) {
                if !seen.contains(&v.as_str()) {
                    seen.push(v);
                    put(name, v.clone());
                }
            }
        }
        let mut kinds: Vec<EntityKind> = Vec::new();
        for &k in &self.kinds {
            if !kinds.contains(&k) {
                kinds.push(k);
                put("kind", k.as_str().to_string());
            }
        }
        seen.clear();
        for v in self.entities.iter().filter(|v| !v.is_empty()) {
            if !seen.contains(&v.as_str()) {
                seen.push(v);
                put("entity", v.clone());
            }
        }
        if let Some(d) = self.date_from {
            put("from", d.to_string());
        }
        if let Some(d) = self.date_to {
            put("to", d.to_string());
        }
        if !self.undated {
            put("undated", "0".to_string());
        }
        if self.sort != Sort::default() {
            put("sort", self.sort.as_str().to_string());
        }
        let mut marks: Vec<MarkFilter> = Vec::new();
        for &m in &self.marks {
            if !marks.contains(&m) {
                marks.push(m);
                put("mark", m.as_str().to_string());
            }
        }
        if self.duplicates {
            put("copies", "all".to_string());
        }
        if let Some(a) = self.article.as_ref().filter(|a| !a.is_empty()) {
            put("article", a.clone());
        }
        out
    }

    /// `to_params` as a percent-encoded query string without the leading `?`.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (name, value) in self.to_params() {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&percent_encode(&name));
            out.push('=');
            out.push_str(&percent_encode(&value));
        }
        out
    }

    /// Reads a query string (`a=b&c=d`, optional leading `?`, `+` as space).
    pub fn from_query_string(qs: &str) -> Query {
        let qs = qs.strip_prefix('?').unwrap_or(qs);
        let pairs: Vec<(String, String)> = qs
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(n), percent_decode(v))
            })
            .collect();
        Query::from_params(&pairs)
    }
}

/// `YYYY-MM-DD`, or `YYYY-MM` meaning the month's first day (or its last when `end`).
pub fn parse_url_date(text: &str, end: bool) -> Option<Date> {
    let text = text.trim();
    if text.len() == 10 {
        return Date::parse_iso(text);
    }
    if text.len() == 7 {
        if end {
            for day in [31, 30, 29, 28] {
                if let Some(d) = Date::parse_iso(&format!("{text}-{day}")) {
                    return Some(d);
                }
            }
            return None;
        }
        return Date::parse_iso(&format!("{text}-01"));
    }
    None
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// Search-box text

/// Hard limits that keep absurd input cheap: only the first `MAX_QUERY_BYTES`
/// of the text are read, and only the first `MAX_QUERY_TOKENS` words count.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Values kept per filter parameter of a URL (`province=`, `topic=`, `source=`, `entity=`).
pub const MAX_VALUES_PER_PARAM: usize = 64;
pub const MAX_QUERY_TOKENS: usize = 32;

/// One clause of the search text, already folded and tokenized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Folded tokens; more than one means "adjacent, in this order".
    pub tokens: Vec<String>,
    /// `-word` or `-"a phrase"`: results must not contain it.
    pub negated: bool,
    /// Written in double quotes.
    pub quoted: bool,
    /// The last bare word while typing (no trailing space): also matches as a prefix.
    pub prefix: bool,
}

/// Parses search text: words (all required), `"quoted phrases"` (adjacent
/// words; an unclosed quote runs to the end), `-word` / `-"phrase"`
/// (excluded). A word that folds into several tokens ("north-pyongan",
/// "U.S.") is a phrase. The last bare word is a prefix unless the text ends
/// in whitespace. Input is capped (see [`MAX_QUERY_BYTES`], [`MAX_QUERY_TOKENS`]).
pub fn parse_text(text: &str) -> Vec<Clause> {
    let mut cut = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let truncated = cut < text.len();
    let text = &text[..cut];
    let mut clauses: Vec<Clause> = Vec::new();
    let mut budget = MAX_QUERY_TOKENS;
    let mut rest = text;
    let mut last_bare_at_end = false;
    while budget > 0 {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let mut negated = false;
        if let Some(after) = rest.strip_prefix('-') {
            if after.starts_with(|c: char| !c.is_whitespace()) {
                negated = true;
                rest = after;
            }
        }
        let (chunk, quoted) = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(end) => {
                    rest = &after[end + 1..];
                    (&after[..end], true)
                }
                None => {
                    rest = "";
                    (after, true)
                }
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let chunk = &rest[..end];
            rest = &rest[end..];
            (chunk, false)
        };
        let folded = fold(chunk);
        let mut toks: Vec<String> = tokens(&folded).map(|(_, t)| t.to_string()).collect();
        if toks.is_empty() {
            continue;
        }
        toks.truncate(budget);
        budget -= toks.len();
        last_bare_at_end = !quoted && rest.is_empty();
        // A word written twice asks nothing more: "smuggling smuggling ..." from a
        // hostile link must cost one word, not 32. The later copy is kept, so the
        // last word typed stays the prefix.
        if let Some(at) = clauses.iter().position(|c| c.tokens == toks && c.negated == negated && c.quoted == quoted) {
            budget += clauses.remove(at).tokens.len();
        }
        clauses.push(Clause { tokens: toks, negated, quoted, prefix: false });
    }
    if last_bare_at_end && !truncated {
        if let Some(last) = clauses.last_mut() {
            if !last.negated && last.tokens.len() == 1 {
                last.prefix = true;
            }
        }
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_word_is_searched_once_and_the_last_stays_the_prefix() {
        let words = |text: &str| parse_text(text).into_iter().map(|c| (c.tokens.join(" "), c.negated, c.prefix)).collect::<Vec<_>>();
        assert_eq!(words(&"smuggling ".repeat(100)), [("smuggling".to_string(), false, false)]);
        assert_eq!(words("ric rice ric"), [("rice".to_string(), false, false), ("ric".to_string(), false, true)]);
        assert_eq!(words("rice -rice"), [("rice".to_string(), false, false), ("rice".to_string(), true, false)]);
        // Distinct words still fill the budget.
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(parse_text(&many).len(), MAX_QUERY_TOKENS);
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn params_round_trip_and_order() {
        let q = Query {
            text: "rice \"state smuggling\" -china".into(),
            provinces: vec!["ryanggang".into(), "jagang".into()],
            topics: vec!["smuggling".into()],
            sources: vec!["Daily NK".into()],
            kinds: vec![EntityKind::ForeignPlace],
            entities: vec!["hyesan".into()],
            date_from: Date::parse_iso("2024-03-01"),
            date_to: Date::parse_iso("2024-06-30"),
            undated: false,
            sort: Sort::Oldest,
            marks: vec![MarkFilter::Unread, MarkFilter::Saved],
            duplicates: true,
            article: Some("a1".into()),
        };
        let p = q.to_params();
        let names: Vec<&str> = p.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["q", "province", "province", "topic", "source", "kind", "entity", "from", "to", "undated", "sort", "mark", "mark", "copies", "article"]
        );
        assert_eq!(Query::from_params(&p), q);
        assert_eq!(Query::from_query_string(&q.to_query_string()), q);
        assert!(Query::default().to_params().is_empty());
    }

    #[test]
    fn copies_all_shows_every_copy_and_anything_else_collapses() {
        assert!(Query::from_query_string("copies=all").duplicates);
        assert!(!Query::from_query_string("copies=one").duplicates);
        assert!(!Query::from_query_string("copies=many").duplicates);
        assert!(!Query::default().duplicates);
        let q = Query { duplicates: true, ..Query::default() };
        assert_eq!(q.to_query_string(), "copies=all");
        // A query sent by an older page (no field) collapses copies.
        let old: Query = serde_json::from_str(&serde_json::to_string(&Query::default()).unwrap().replace(",\"duplicates\":false", "")).unwrap();
        assert!(!old.duplicates);
    }

    #[test]
    fn marks_are_read_from_links_once_each_and_unknown_ones_are_ignored() {
        let q = Query::from_query_string("mark=saved&mark=bogus&mark=saved&mark=unread");
        assert_eq!(q.marks, [MarkFilter::Saved, MarkFilter::Unread]);
        assert!(q.has_filters(), "a mark narrows the results");
        assert_eq!(q.to_query_string(), "mark=saved&mark=unread");
    }

    #[test]
    fn lenient_params() {
        let q = Query::from_params(&pairs(&[
            ("from", "2024-02"),
            ("to", "2024-02"),
            ("kind", "planet"),
            ("sort", "sideways"),
            ("undated", "maybe"),
            ("province", ""),
            ("province", "jagang"),
            ("province", "jagang"),
            ("zzz", "1"),
            ("to", "2024-13-01"),
        ]));
        assert_eq!(q.date_from, Date::parse_iso("2024-02-01"));
        assert_eq!(q.date_to, Date::parse_iso("2024-02-29"));
        assert!(q.kinds.is_empty());
        assert_eq!(q.sort, Sort::Relevance);
        assert!(q.undated);
        assert_eq!(q.provinces, vec!["jagang".to_string()]);
        assert_eq!(parse_url_date("2023-02", true), Date::parse_iso("2023-02-28"));
        assert_eq!(parse_url_date("2023", true), None);
    }

    #[test]
    fn query_string_decoding() {
        let q = Query::from_query_string("?q=rice+%22state%20smuggling%22&source=Daily%20NK&bad=%zz&q2=%");
        assert_eq!(q.text, "rice \"state smuggling\"");
        assert_eq!(q.sources, vec!["Daily NK".to_string()]);
        let q = Query { text: "양강도 50% & more=yes".into(), ..Query::default() };
        assert_eq!(Query::from_query_string(&q.to_query_string()), q);
    }

    #[test]
    fn text_syntax() {
        let c = parse_text("Rice \"State  Smuggling\" -China -\"cross border\" smugg");
        assert_eq!(c.len(), 5);
        assert_eq!(c[0].tokens, ["rice"]);
        assert!(!c[0].prefix);
        assert_eq!(c[1].tokens, ["state", "smuggling"]);
        assert!(c[1].quoted);
        assert!(c[2].negated && c[2].tokens == ["china"]);
        assert!(c[3].negated && c[3].quoted && c[3].tokens.len() == 2);
        assert!(c[4].prefix);
        assert!(!parse_text("smugg ")[0].prefix);
        assert_eq!(parse_text("north-pyongan")[0].tokens, ["north", "pyongan"]);
        assert!(parse_text("  ...  !!! -- \"\" - ").is_empty());
        assert_eq!(parse_text("\"open phrase").len(), 1);
        // Distinct words (a repeated word counts once: see the next test).
        let many: String = (0..5000).map(|i| format!("w{i} ")).collect();
        let c = parse_text(&many);
        assert_eq!(c.iter().map(|c| c.tokens.len()).sum::<usize>(), MAX_QUERY_TOKENS);
        let _ = parse_text(".*(a|b)[");
        let _ = parse_text(&"é".repeat(3000));
    }
}
