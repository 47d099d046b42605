//! `cargo xtask gen-corpus --articles N [--out PATH] [--seed S]`: a deterministic
//! synthetic corpus in the corpus format (`docs/corpus-format.md`), for benchmarks
//! only (never shipped). Same N and seed, same bytes.
//!
//! Articles are 300–1,200 words of body (plus title, 70% with a summary, 30% with
//! a caption), ~5% undated, dates 2010–2025, eight sources. Words come from a
//! built-in list of ordinary English news words (Zipf-distributed), a long tail
//! of 40,000 made-up rare words (so the term dictionary has a realistic size),
//! and the real place names/spellings and topic terms read at run time from
//! `crates/core/data/gazetteer.json` and `crates/core/data/topics.json`. Each
//! article has a few "focus" places and topics that recur in it, so the tagger
//! and the facets see realistic distributions.
//!
//! The default output is `target/bench/corpus-N.json`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::util::{self, Result};

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let n: usize = util::take_opt(&mut args, "--articles")?
        .unwrap_or_else(|| "1000".into())
        .parse()
        .map_err(|_| "--articles needs a number".to_string())?;
    let seed: u64 = util::take_opt(&mut args, "--seed")?
        .unwrap_or_else(|| "42".into())
        .parse()
        .map_err(|_| "--seed needs a number".to_string())?;
    let out = util::take_opt(&mut args, "--out")?.map(PathBuf::from).unwrap_or_else(|| default_path(n, seed));
    util::no_more_args(&args)?;
    let t = util::Timer::start();
    let bytes = write_corpus_file(n, seed, &out)?;
    eprintln!(
        "gen-corpus: {n} articles, {:.1} MB -> {} in {:.1} s",
        bytes as f64 / 1e6,
        out.display(),
        t.secs()
    );
    Ok(())
}

/// `target/bench/corpus-N.json` (with `-sS` when the seed is not 42).
pub fn default_path(n: usize, seed: u64) -> PathBuf {
    let name = if seed == 42 { format!("corpus-{n}.json") } else { format!("corpus-{n}-s{seed}.json") };
    util::project_root().join("target").join("bench").join(name)
}

/// Writes the corpus to `path` (creating directories); returns its size in bytes.
pub fn write_corpus_file(n: usize, seed: u64, path: &Path) -> Result<u64> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let vocab = Vocab::load()?;
    let tmp = path.with_extension("json.tmp");
    let file = fs::File::create(&tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write_corpus(&vocab, n, seed, &mut w).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    w.flush().map_err(|e| e.to_string())?;
    drop(w);
    fs::rename(&tmp, path).map_err(|e| format!("cannot rename to {}: {e}", path.display()))?;
    Ok(fs::metadata(path).map(|m| m.len()).unwrap_or(0))
}

// ---------------------------------------------------------------------------
// Random numbers: SplitMix64, tiny and deterministic everywhere.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }
    pub fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Zipf sampler over `0..n`: rank r has weight 1/(r+1)^s.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                acc += 1.0 / ((r + 1) as f64).powf(s);
                acc
            })
            .collect();
        Zipf { cumulative }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.unit() * total;
        self.cumulative.partition_point(|&c| c < x).min(self.cumulative.len().saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------
// A minimal JSON reader (xtask has no dependencies): enough for the data files.

#[derive(Debug, Clone)]
#[allow(dead_code)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    pub fn parse(text: &str) -> Result<Json> {
        let mut p = Parser { b: text.as_bytes(), i: 0 };
        let v = p.value()?;
        p.ws();
        if p.i != p.b.len() {
            return Err(format!("JSON: trailing data at byte {}", p.i));
        }
        Ok(v)
    }
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => &[],
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            _ => None,
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn err<T>(&self, what: &str) -> Result<T> {
        Err(format!("JSON: {what} at byte {}", self.i))
    }
    fn value(&mut self) -> Result<Json> {
        self.ws();
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return self.err("expected ':'");
                    }
                    self.i += 1;
                    let v = self.value()?;
                    m.insert(k, v);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(m));
                        }
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(a));
                }
                loop {
                    a.push(self.value()?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(a));
                        }
                        _ => return self.err("expected ',' or ']'"),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(Json::Bool(true))
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(Json::Bool(false))
            }
            Some(b'n') if self.b[self.i..].starts_with(b"null") => {
                self.i += 4;
                Ok(Json::Null)
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.i += 1;
                }
                let s = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
                s.parse().map(Json::Num).or_else(|_| self.err("bad number"))
            }
            _ => self.err("unexpected character"),
        }
    }
    fn string(&mut self) -> Result<String> {
        if self.b.get(self.i) != Some(&b'"') {
            return self.err("expected string");
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else { return self.err("unterminated string") };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { return self.err("bad escape") };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) && self.b[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4()?;
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3ff);
                            }
                            let ch = char::from_u32(cp).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return self.err("bad escape"),
                    }
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).or_else(|_| self.err("invalid UTF-8"))
    }
    fn hex4(&mut self) -> Result<u32> {
        let s = self.b.get(self.i..self.i + 4).and_then(|h| std::str::from_utf8(h).ok());
        let v = s.and_then(|h| u32::from_str_radix(h, 16).ok());
        match v {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => self.err("bad \\u escape"),
        }
    }
}

/// JSON string literal with escapes.
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Vocabulary

const COMMON: &str = "the of and to in a that for on said is was with by as at from it has have were are be its an this had not but which their they or been who will also more one after about would than said other year new people some two over into last when there all can most could state local officials government residents north korean korea authorities source sources according told reported daily city province county market markets price prices rice corn food goods trade traders china chinese border river police security party workers worker women men children family families money cash yuan won dollars dollar week month months weeks day days time since during before while because however now recently earlier later told asked under around between through against without among several many few each every much well still even just only also again such very same another first second third high low rising falling rose fell increased decreased sharp steady stable shortage shortages supply supplies demand demand cost costs income wages salary salaries labor jobs work factory factories farm farms farmers harvest season spring summer autumn winter rain drought flood floods weather electricity power fuel coal diesel gasoline transport train trains bus trucks road roads railway station stations school schools students teachers hospital hospitals doctors medicine drugs illness patients health lecture lectures meeting meetings campaign campaigns order orders directive directives law laws rule rules crackdown inspection inspections inspectors arrest arrested arrests detained prison camp camps punishment fines fine bribes officials cadres leader leadership central committee ministry department office agency military soldiers army unit units troops guard guards patrol patrols phone phones mobile calls network information video videos radio broadcasts foreign media news outside world south americans japan russia russian exports imports goods cargo ship ships port ports truck vehicles customs house houses housing apartment apartments building buildings construction project projects site sites material materials cement steel wood tools machines equipment production output plan plans target targets quota quotas mobilization mobilized youth league union members member organization organizations group groups company companies enterprise enterprises business businesses private state-run official unofficial illegal legal secret secretly openly quickly slowly heavily largely widely strongly reportedly apparently clearly likely unlikely possible impossible difficult easy hard soft major minor small large big little long short old young early late recent current previous next final full empty open closed public private national regional international political economic social military cultural religious human rights freedom control surveillance propaganda ideology loyalty event events holiday holidays anniversary celebration celebrations ceremony ceremonies speech speeches visit visits trip trips delegation delegations talks agreement agreements sanctions pressure crisis situation conditions problems problem issue issues question questions answer answers case cases report reports story stories account accounts interview interviews survey data figures number numbers percent half quarter total rate rates level levels amount amounts area areas region regions village villages town towns district districts neighborhood neighborhoods street streets home homes house household households land fields field mountain mountains forest forests water sea coast island islands air airport flights ticket tickets permit permits travel movement movements pass passes document documents card cards registration system systems service services program programs support aid assistance help relief delivery deliveries distribution rations ration allowance allowances payment payments tax taxes fee fees loan loans debt debts bank banks savings exchange exchanged rates dealers dealer seller sellers buyer buyers customer customers shop shops store stores stall stalls vendor vendors product products item items clothes clothing shoes textiles fabric cigarettes alcohol beer soju sugar salt oil flour noodles meat pork chicken fish eggs vegetables fruit potatoes beans soybeans seeds fertilizer pesticide tractor tractors cattle pigs goats livestock grain grains crop crops yield yields storage warehouse warehouses shipment shipments smuggled copper gold silver iron zinc minerals mining mine mines worker miners";

fn tail_words(count: usize, rng: &mut Rng) -> Vec<String> {
    const ONSETS: [&str; 18] = ["b", "ch", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z"];
    const VOWELS: [&str; 9] = ["a", "e", "i", "o", "u", "ae", "eo", "ou", "ia"];
    const CODAS: [&str; 8] = ["", "", "n", "ng", "l", "m", "k", "s"];
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let syllables = rng.range(2, 4);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSETS[rng.below(ONSETS.len())]);
            w.push_str(VOWELS[rng.below(VOWELS.len())]);
            w.push_str(CODAS[rng.below(CODAS.len())]);
        }
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

struct Entity {
    spellings: Vec<String>,
    section: &'static str,
}

pub struct Vocab {
    common: Vec<&'static str>,
    common_zipf: Zipf,
    tail: Vec<String>,
    tail_zipf: Zipf,
    entities: Vec<Entity>,
    places: Vec<usize>,
    others: Vec<usize>,
    topics: Vec<Vec<String>>,
}

impl Vocab {
    pub fn load() -> Result<Vocab> {
        let root = util::project_root().join("crates").join("core").join("data");
        let gaz = Json::parse(&util::read(&root.join("gazetteer.json"))?)?;
        let top = Json::parse(&util::read(&root.join("topics.json"))?)?;
        let mut entities = Vec::new();
        for section in ["provinces", "places", "regions", "foreign_places", "organizations", "events"] {
            for e in gaz.get(section).map(Json::as_array).unwrap_or(&[]) {
                let mut spellings: Vec<String> = Vec::new();
                for s in e.get("name").and_then(Json::as_str).into_iter().chain(e.get("hangul").and_then(Json::as_str)) {
                    spellings.push(s.to_string());
                }
                for v in e.get("variants").map(Json::as_array).unwrap_or(&[]) {
                    if let Some(s) = v.as_str() {
                        spellings.push(s.to_string());
                    }
                }
                if !spellings.is_empty() {
                    entities.push(Entity { spellings, section });
                }
            }
        }
        let places = (0..entities.len()).filter(|&i| matches!(entities[i].section, "provinces" | "places")).collect();
        let others = (0..entities.len()).filter(|&i| !matches!(entities[i].section, "provinces" | "places")).collect();
        let mut topics = Vec::new();
        for t in top.get("topics").map(Json::as_array).unwrap_or(&[]) {
            let mut terms = Vec::new();
            for key in ["terms", "weak_terms"] {
                for term in t.get(key).map(Json::as_array).unwrap_or(&[]) {
                    if let Some(s) = term.as_str() {
                        terms.push(s.to_string());
                    }
                }
            }
            if !terms.is_empty() {
                topics.push(terms);
            }
        }
        if entities.is_empty() || topics.is_empty() {
            return Err("gen-corpus: gazetteer.json or topics.json has no entries".into());
        }
        let common: Vec<&'static str> = COMMON.split_whitespace().collect();
        let mut rng = Rng::new(7);
        let tail = tail_words(40_000, &mut rng);
        Ok(Vocab {
            common_zipf: Zipf::new(common.len(), 1.0),
            common,
            tail_zipf: Zipf::new(40_000, 1.1),
            tail,
            entities,
            places,
            others,
            topics,
        })
    }

    fn spelling(&self, entity: usize, rng: &mut Rng) -> &str {
        let s = &self.entities[entity].spellings;
        if rng.chance(0.7) {
            &s[0]
        } else {
            &s[rng.below(s.len())]
        }
    }

    fn topic_term(&self, topic: usize, rng: &mut Rng) -> String {
        let terms = &self.topics[topic];
        let t = &terms[rng.below(terms.len())];
        match t.strip_suffix('*') {
            Some(stem) if stem.is_ascii() => {
                let ends = ["ing", "ers", "ed", "er"];
                format!("{stem}{}", ends[rng.below(ends.len())])
            }
            Some(stem) => stem.to_string(),
            None => t.clone(),
        }
    }
}

struct Focus {
    entities: Vec<usize>,
    topics: Vec<usize>,
}

fn push_word(out: &mut String, w: &str, capitalize: bool) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    if capitalize {
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    } else {
        out.push_str(w);
    }
}

/// One sentence; returns its word count.
fn sentence(v: &Vocab, f: &Focus, rng: &mut Rng, out: &mut String, min: usize, max: usize) -> usize {
    let len = rng.range(min, max);
    let start = out.len();
    for i in 0..len {
        let x = rng.unit();
        let cap = i == 0;
        if x < 0.035 && !f.entities.is_empty() {
            let w = v.spelling(f.entities[rng.below(f.entities.len())], rng).to_string();
            push_word(out, &w, false);
        } else if x < 0.06 && !f.topics.is_empty() {
            let w = v.topic_term(f.topics[rng.below(f.topics.len())], rng);
            push_word(out, &w, cap);
        } else if x < 0.063 {
            let w = v.spelling(rng.below(v.entities.len()), rng).to_string();
            push_word(out, &w, false);
        } else if x < 0.066 {
            let w = v.topic_term(rng.below(v.topics.len()), rng);
            push_word(out, &w, cap);
        } else if x < 0.16 {
            let w = &v.tail[v.tail_zipf.sample(rng)];
            push_word(out, w, cap);
        } else {
            let w = v.common[v.common_zipf.sample(rng)];
            push_word(out, w, cap);
        }
        if i + 1 < len && rng.chance(0.06) {
            out.push(',');
        }
    }
    if out.len() > start {
        out.push('.');
    }
    len
}

fn write_corpus(v: &Vocab, n: usize, seed: u64, w: &mut impl Write) -> std::io::Result<()> {
    const SOURCES: [(&str, &str); 8] = [
        ("Daily NK", "dailynk"),
        ("Asia Press", "asiapress"),
        ("NK News", "nknews"),
        ("Radio Free Asia", "rfa"),
        ("Yonhap", "yonhap"),
        ("38 North", "38north"),
        ("Rimjin-gang", "rimjingang"),
        ("Open News", "opennews"),
    ];
    const TAGS: [&str; 8] = ["Economy", "Politics", "Society", "Border", "Analysis", "Interview", "Photo", "Breaking"];
    let source_zipf = Zipf::new(SOURCES.len(), 0.8);
    let mut rng = Rng::new(seed);
    w.write_all(b"{\"version\": 1, \"articles\": [\n")?;
    let mut buf = String::with_capacity(16 << 10);
    for i in 0..n {
        buf.clear();
        let focus = Focus {
            entities: {
                let mut e: Vec<usize> = (0..rng.range(1, 3)).map(|_| v.places[rng.below(v.places.len())]).collect();
                if rng.chance(0.4) {
                    e.push(v.others[rng.below(v.others.len())]);
                }
                e
            },
            topics: (0..rng.range(1, 3)).map(|_| rng.below(v.topics.len())).collect(),
        };
        let (source, slug) = SOURCES[source_zipf.sample(&mut rng)];
        let id = format!("syn-{i:06}");
        buf.push_str("{\"id\": ");
        json_str(&mut buf, &id);
        // Title: a few words around the article's main place and topic.
        let mut title = String::new();
        let topic_word = v.topic_term(focus.topics[0], &mut rng);
        push_word(&mut title, &topic_word, true);
        for _ in 0..rng.range(2, 5) {
            let w = v.common[v.common_zipf.sample(&mut rng)];
            push_word(&mut title, w, false);
        }
        push_word(&mut title, "in", false);
        let place = v.spelling(focus.entities[0], &mut rng).to_string();
        push_word(&mut title, &place, false);
        buf.push_str(", \"title\": ");
        json_str(&mut buf, &title);
        buf.push_str(", \"date\": ");
        if rng.chance(0.05) {
            buf.push_str("null");
        } else {
            buf.push_str(&format!("\"{:04}-{:02}-{:02}\"", rng.range(2010, 2025), rng.range(1, 12), rng.range(1, 28)));
        }
        buf.push_str(", \"source\": ");
        json_str(&mut buf, source);
        buf.push_str(&format!(", \"url\": \"https://example.org/{slug}/{id}\", \"source_tags\": ["));
        for t in 0..rng.below(3) {
            if t > 0 {
                buf.push_str(", ");
            }
            json_str(&mut buf, TAGS[rng.below(TAGS.len())]);
        }
        buf.push(']');
        let mut s = String::new();
        if rng.chance(0.3) {
            sentence(v, &focus, &mut rng, &mut s, 8, 18);
            buf.push_str(", \"caption\": ");
            json_str(&mut buf, &s);
        }
        if rng.chance(0.7) {
            s.clear();
            for _ in 0..rng.range(1, 2) {
                sentence(v, &focus, &mut rng, &mut s, 12, 28);
            }
            buf.push_str(", \"summary\": ");
            json_str(&mut buf, &s);
        }
        buf.push_str(", \"body\": [");
        let target = rng.range(300, 1200);
        let mut words = 0;
        let mut first = true;
        while words < target {
            s.clear();
            let para_len = rng.range(40, 120).min(target - words).max(12);
            let mut pw = 0;
            while pw < para_len {
                pw += sentence(v, &focus, &mut rng, &mut s, 8, 24);
            }
            words += pw;
            if !first {
                buf.push_str(", ");
            }
            first = false;
            json_str(&mut buf, &s);
        }
        buf.push_str("]}");
        if i + 1 < n {
            buf.push(',');
        }
        buf.push('\n');
        w.write_all(buf.as_bytes())?;
    }
    w.write_all(b"]}\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reader() {
        let v = Json::parse(r#"{"a": [1, -2.5e1, true, null, "x\"\u00e9\ud83d\ude00"], "b": {}}"#).unwrap();
        let a = v.get("a").unwrap().as_array();
        assert_eq!(a[1].as_f64(), Some(-25.0));
        assert_eq!(a[4].as_str(), Some("x\"é😀"));
        assert!(Json::parse("{").is_err());
        assert!(Json::parse("[1,]").is_err());
    }

    #[test]
    fn deterministic_and_valid() {
        let v = Vocab::load().unwrap();
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_corpus(&v, 20, 1, &mut a).unwrap();
        write_corpus(&v, 20, 1, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        let json = Json::parse(&text).unwrap();
        let articles = json.get("articles").unwrap().as_array();
        assert_eq!(articles.len(), 20);
        for art in articles {
            let words: usize = art
                .get("body")
                .unwrap()
                .as_array()
                .iter()
                .map(|p| p.as_str().unwrap().split_whitespace().count())
                .sum();
            assert!((290..=1400).contains(&words), "{words}");
        }
    }
}
