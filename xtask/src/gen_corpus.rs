//! `cargo xtask gen-corpus --articles N [--first F] [--out PATH] [--seed S]`: a deterministic
//! synthetic corpus in the corpus format (`docs/corpus-format.md`), for benchmarks and tests
//! only (never shipped). Same arguments, same bytes. `--first F` skips the first F articles of
//! the same sequence, so `--first 50000 --articles 100` are the 100 articles that follow a
//! 50,000-article corpus (the benchmark's "add a day's articles").
//!
//! Articles are 300–1,200 words of body (plus title, 70% with a summary, 30% with a caption),
//! ~5% undated, dates 2010–2025, eight sources. Words come from a list of ordinary news words
//! (Zipf-distributed), the real place names, spellings and topic terms of
//! `crates/core/data/{gazetteer,topics}.json` (each article has a few "focus" places and topics
//! that recur in it), and an open vocabulary of made-up words.
//!
//! Calibrated to real reporting (`../shared/real-corpus`, KCNA and CSIS in English):
//! * the vocabulary grows with the corpus as news does (Heaps' law V = K·T^β over T tokens).
//!   Measured: KCNA alone K ≈ 11, β ≈ 0.55; KCNA and CSIS together K ≈ 28, β ≈ 0.48. The
//!   generator uses K = 20, β = 0.5: new made-up words arrive at the rate dV/dT, and a word
//!   already seen recurs in proportion to how often it was seen (so frequencies are Zipfian);
//! * its punctuation: curly quotes and apostrophes (possessive ’s), no-break spaces,
//!   non-breaking hyphens (U+2011), en dashes, and datelines ("Hyesan, May 3 (Daily NK) --").
//!
//! The default output is `target/bench/corpus-N-gV.json` (V: [`GENERATOR`], so a changed
//! generator never reuses a corpus written by an older one). It prints the distinct words of
//! what it wrote ([`distinct_words`]).

use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{self, Result};

/// Heaps' law constants of the generated text (see the module docs).
pub const HEAPS_K: f64 = 20.0;
pub const HEAPS_BETA: f64 = 0.5;
/// Bumped whenever the generated text changes: part of the default file name.
pub const GENERATOR: u32 = 2;
/// Share of tokens drawn from the open vocabulary.
const TAIL_SHARE: f64 = 0.094;

pub fn run(args: &[String]) -> Result {
    let mut args = args.to_vec();
    let n: usize = util::take_opt(&mut args, "--articles")?
        .unwrap_or_else(|| "1000".into())
        .parse()
        .map_err(|_| "--articles needs a number".to_string())?;
    let first: usize = util::take_opt(&mut args, "--first")?.unwrap_or_else(|| "0".into()).parse().map_err(|_| "--first needs a number".to_string())?;
    let seed: u64 = util::take_opt(&mut args, "--seed")?
        .unwrap_or_else(|| "42".into())
        .parse()
        .map_err(|_| "--seed needs a number".to_string())?;
    let out = util::take_opt(&mut args, "--out")?.map(PathBuf::from).unwrap_or_else(|| default_path(n, seed));
    util::no_more_args(&args)?;
    let t = util::Timer::start();
    let bytes = write_corpus_file(n, first, seed, &out)?;
    let words = distinct_words(&out)?;
    eprintln!("gen-corpus: {n} articles, {:.1} MB, {words} distinct words -> {} in {:.1} s", bytes as f64 / 1e6, out.display(), t.secs());
    Ok(())
}

/// `target/bench/corpus-N-gV.json` (with `-sS` when the seed is not 42).
pub fn default_path(n: usize, seed: u64) -> PathBuf {
    let name = if seed == 42 { format!("corpus-{n}-g{GENERATOR}.json") } else { format!("corpus-{n}-s{seed}-g{GENERATOR}.json") };
    util::project_root().join("target").join("bench").join(name)
}

/// Writes articles `first..first + n` of the sequence to `path` (creating directories);
/// returns its size in bytes.
pub fn write_corpus_file(n: usize, first: usize, seed: u64, path: &Path) -> Result<u64> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let vocab = Vocab::load()?;
    let tmp = path.with_extension("json.tmp");
    let file = fs::File::create(&tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write_corpus(&vocab, first, n, seed, &mut w).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    w.flush().map_err(|e| e.to_string())?;
    drop(w);
    fs::rename(&tmp, path).map_err(|e| format!("cannot rename to {}: {e}", path.display()))?;
    Ok(fs::metadata(path).map(|m| m.len()).unwrap_or(0))
}

/// Distinct words (lower-cased runs of letters and digits) in the text fields (title, summary,
/// caption, body, text) of a corpus file written one article per line: the generator's
/// output, or `.jsonl`. Lines that are not an article (the wrapper's first and last) are skipped.
pub fn distinct_words(path: &Path) -> Result<usize> {
    let mut words: HashSet<String> = HashSet::new();
    let mut add = |text: &str| {
        for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if !words.contains(w) {
                words.insert(w.to_lowercase());
            }
        }
    };
    each_article(path, |article| {
        for field in ["title", "summary", "caption", "body", "text"] {
            match &article[field] {
                Value::String(s) => add(s),
                Value::Array(parts) => parts.iter().filter_map(Value::as_str).for_each(&mut add),
                _ => {}
            }
        }
    })?;
    Ok(words.len())
}

/// Calls `f` with every article of a corpus file written one article per line (the generator's
/// output, or `.jsonl`, a byte-order mark allowed); other lines (a wrapper's first and last) are
/// skipped. Streams, so a 500 MB corpus is never held whole.
pub fn each_article(path: &Path, mut f: impl FnMut(&Value)) -> Result {
    use std::io::BufRead;
    let file = fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for line in std::io::BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if let Ok(article) = serde_json::from_str::<Value>(line.trim().trim_start_matches('\u{feff}').trim_end_matches(',')) {
            f(&article);
        }
    }
    Ok(())
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

/// Appends `s` as a JSON string literal.
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

/// A made-up word of two to four syllables.
fn made_up_word(rng: &mut Rng) -> String {
    const ONSETS: [&str; 18] = ["b", "ch", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z"];
    const VOWELS: [&str; 9] = ["a", "e", "i", "o", "u", "ae", "eo", "ou", "ia"];
    const CODAS: [&str; 8] = ["", "", "n", "ng", "l", "m", "k", "s"];
    let mut w = String::new();
    for _ in 0..rng.range(2, 4) {
        w.push_str(ONSETS[rng.below(ONSETS.len())]);
        w.push_str(VOWELS[rng.below(VOWELS.len())]);
        w.push_str(CODAS[rng.below(CODAS.len())]);
    }
    w
}

struct Entity {
    spellings: Vec<String>,
    section: &'static str,
}

/// The fixed vocabulary: common words, gazetteer spellings, topic terms.
pub struct Vocab {
    common: Vec<&'static str>,
    common_zipf: Zipf,
    entities: Vec<Entity>,
    places: Vec<usize>,
    others: Vec<usize>,
    topics: Vec<Vec<String>>,
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

impl Vocab {
    pub fn load() -> Result<Vocab> {
        let root = util::project_root().join("crates").join("core").join("data");
        let parse = |name: &str| -> Result<Value> {
            serde_json::from_str(&util::read(&root.join(name))?).map_err(|e| format!("{name}: {e}"))
        };
        let (gaz, top) = (parse("gazetteer.json")?, parse("topics.json")?);
        let mut entities = Vec::new();
        for section in ["provinces", "places", "regions", "foreign_places", "organizations", "events"] {
            for e in gaz.get(section).and_then(Value::as_array).into_iter().flatten() {
                let mut spellings: Vec<String> = Vec::new();
                for key in ["name", "hangul"] {
                    if let Some(s) = e.get(key).and_then(Value::as_str) {
                        spellings.push(s.to_string());
                    }
                }
                spellings.extend(strings(e.get("variants")).map(str::to_string));
                if !spellings.is_empty() {
                    entities.push(Entity { spellings, section });
                }
            }
        }
        let places = (0..entities.len()).filter(|&i| matches!(entities[i].section, "provinces" | "places")).collect();
        let others = (0..entities.len()).filter(|&i| !matches!(entities[i].section, "provinces" | "places")).collect();
        let mut topics = Vec::new();
        for t in top.get("topics").and_then(Value::as_array).into_iter().flatten() {
            let terms: Vec<String> = strings(t.get("terms")).chain(strings(t.get("weak_terms"))).map(str::to_string).collect();
            if !terms.is_empty() {
                topics.push(terms);
            }
        }
        if entities.is_empty() || topics.is_empty() {
            return Err("gen-corpus: gazetteer.json or topics.json has no entries".into());
        }
        // Ordinary words only: a topic's own terms come from the article's focus topics (and
        // rarely by chance), so articles get the two or three topics real reports get (KCNA:
        // 2.6 topics, 1.7 provinces, 3.7 entities per article with this tagger), not all of them.
        let topic_words: HashSet<String> = topics
            .iter()
            .flatten()
            .map(|t| t.trim_end_matches('*').to_lowercase())
            .filter(|t| !t.contains(' '))
            .collect();
        let stems: Vec<&String> = topics.iter().flatten().filter(|t| t.ends_with('*')).collect();
        let common: Vec<&'static str> = COMMON
            .split_whitespace()
            .filter(|w| !topic_words.contains(*w) && !stems.iter().any(|s| w.starts_with(s.trim_end_matches('*'))))
            .collect();
        Ok(Vocab { common_zipf: Zipf::new(common.len(), 1.0), common, entities, places, others, topics })
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

/// The generator's state: randomness and the open vocabulary, which grows as text is written.
struct Gen<'a> {
    v: &'a Vocab,
    rng: Rng,
    /// Tokens written so far (T in Heaps' law).
    tokens: u64,
    open: Vec<String>,
    known: HashSet<String>,
    /// Every use of an open-vocabulary word, by index: drawing from it picks a
    /// word in proportion to how often it was used (preferential attachment).
    uses: Vec<u32>,
}

impl Gen<'_> {
    /// A word of the open vocabulary: a new one at Heaps' rate, else one seen before.
    fn open_word(&mut self) -> &str {
        let t = self.tokens.max(1) as f64;
        let p_new = (HEAPS_K * HEAPS_BETA * t.powf(HEAPS_BETA - 1.0) / TAIL_SHARE).min(1.0);
        let id = if self.uses.is_empty() || self.rng.chance(p_new) {
            let mut w = made_up_word(&mut self.rng);
            while self.known.contains(&w) {
                w = made_up_word(&mut self.rng);
            }
            self.known.insert(w.clone());
            self.open.push(w);
            (self.open.len() - 1) as u32
        } else {
            self.uses[self.rng.below(self.uses.len())]
        };
        self.uses.push(id);
        &self.open[id as usize]
    }
}

struct Focus {
    entities: Vec<usize>,
    topics: Vec<usize>,
}

/// Appends a word, joined as real text joins words: mostly a space, sometimes a no-break
/// space, a non-breaking hyphen or an en dash.
fn push_word(out: &mut String, w: &str, capitalize: bool, rng: &mut Rng) {
    if !out.is_empty() && !out.ends_with([' ', '\u{a0}', '\u{2011}', '“', '"']) {
        let x = rng.unit();
        out.push_str(if x < 0.003 {
            "\u{a0}"
        } else if x < 0.007 {
            "\u{2011}"
        } else if x < 0.009 {
            " – "
        } else {
            " "
        });
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
fn sentence(g: &mut Gen, f: &Focus, out: &mut String, min: usize, max: usize) -> usize {
    let len = g.rng.range(min, max);
    let start = out.len();
    let quoted = g.rng.chance(0.08);
    if quoted {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push(if g.rng.chance(0.7) { '“' } else { '"' });
    }
    let v = g.v;
    for i in 0..len {
        let x = g.rng.unit();
        let cap = i == 0;
        if x < 0.035 && !f.entities.is_empty() {
            let mut w = v.spelling(f.entities[g.rng.below(f.entities.len())], &mut g.rng).to_string();
            if g.rng.chance(0.06) {
                w.push_str(if g.rng.chance(0.6) { "’s" } else { "'s" });
            }
            push_word(out, &w, false, &mut g.rng);
        } else if x < 0.06 && !f.topics.is_empty() {
            let w = v.topic_term(f.topics[g.rng.below(f.topics.len())], &mut g.rng);
            push_word(out, &w, cap, &mut g.rng);
        } else if x < 0.061 {
            let w = v.spelling(g.rng.below(v.entities.len()), &mut g.rng).to_string();
            push_word(out, &w, false, &mut g.rng);
        } else if x < 0.062 {
            let w = v.topic_term(g.rng.below(v.topics.len()), &mut g.rng);
            push_word(out, &w, cap, &mut g.rng);
        } else if x < 0.062 + TAIL_SHARE {
            let w = g.open_word().to_string();
            push_word(out, &w, cap, &mut g.rng);
        } else {
            let w = v.common[v.common_zipf.sample(&mut g.rng)];
            push_word(out, w, cap, &mut g.rng);
        }
        g.tokens += 1;
        if i + 1 < len && g.rng.chance(0.06) {
            out.push(',');
        }
    }
    if out.len() > start {
        out.push('.');
        if quoted {
            out.push(if out.contains('“') && g.rng.chance(0.9) { '”' } else { '"' });
        }
    }
    len
}

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
const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Generates one article into `buf` (JSON).
fn article(g: &mut Gen, i: usize, source_zipf: &Zipf, buf: &mut String) {
    let v = g.v;
    let focus = Focus {
        entities: {
            let mut e: Vec<usize> = (0..g.rng.range(1, 3)).map(|_| v.places[g.rng.below(v.places.len())]).collect();
            if g.rng.chance(0.4) {
                e.push(v.others[g.rng.below(v.others.len())]);
            }
            e
        },
        topics: (0..g.rng.range(1, 3)).map(|_| g.rng.below(v.topics.len())).collect(),
    };
    let (source, slug) = SOURCES[source_zipf.sample(&mut g.rng)];
    let id = format!("syn-{i:06}");
    buf.push_str("{\"id\": ");
    json_str(buf, &id);
    // Title: a few words around the article's main place and topic.
    let mut title = String::new();
    let topic_word = v.topic_term(focus.topics[0], &mut g.rng);
    push_word(&mut title, &topic_word, true, &mut g.rng);
    for _ in 0..g.rng.range(2, 5) {
        let w = if g.rng.chance(0.15) { g.open_word().to_string() } else { v.common[v.common_zipf.sample(&mut g.rng)].to_string() };
        push_word(&mut title, &w, false, &mut g.rng);
    }
    push_word(&mut title, "in", false, &mut g.rng);
    let place = v.spelling(focus.entities[0], &mut g.rng).to_string();
    push_word(&mut title, &place, false, &mut g.rng);
    buf.push_str(", \"title\": ");
    json_str(buf, &title);
    buf.push_str(", \"date\": ");
    let (month, day) = (g.rng.range(1, 12), g.rng.range(1, 28));
    if g.rng.chance(0.05) {
        buf.push_str("null");
    } else {
        buf.push_str(&format!("\"{:04}-{month:02}-{day:02}\"", g.rng.range(2010, 2025)));
    }
    buf.push_str(", \"source\": ");
    json_str(buf, source);
    buf.push_str(&format!(", \"url\": \"https://example.org/{slug}/{id}\", \"source_tags\": ["));
    for t in 0..g.rng.below(3) {
        if t > 0 {
            buf.push_str(", ");
        }
        json_str(buf, TAGS[g.rng.below(TAGS.len())]);
    }
    buf.push(']');
    let mut s = String::new();
    if g.rng.chance(0.3) {
        sentence(g, &focus, &mut s, 8, 18);
        buf.push_str(", \"caption\": ");
        json_str(buf, &s);
    }
    if g.rng.chance(0.7) {
        s.clear();
        for _ in 0..g.rng.range(1, 2) {
            sentence(g, &focus, &mut s, 12, 28);
        }
        buf.push_str(", \"summary\": ");
        json_str(buf, &s);
    }
    buf.push_str(", \"body\": [");
    let target = g.rng.range(300, 1200);
    let mut words = 0;
    let mut first = true;
    while words < target {
        s.clear();
        if first && g.rng.chance(0.25) {
            // A dateline, as wire copy and state media open their stories.
            s.push_str(&format!("{}, {} {day} ({source}) --", v.spelling(focus.entities[0], &mut g.rng), MONTHS[month - 1]));
        }
        let para_len = g.rng.range(40, 120).min(target - words).max(12);
        let mut pw = 0;
        while pw < para_len {
            pw += sentence(g, &focus, &mut s, 8, 24);
        }
        words += pw;
        if !first {
            buf.push_str(", ");
        }
        first = false;
        json_str(buf, &s);
    }
    buf.push_str("]}");
}

fn write_corpus(v: &Vocab, first: usize, n: usize, seed: u64, w: &mut impl Write) -> std::io::Result<()> {
    let source_zipf = Zipf::new(SOURCES.len(), 0.8);
    let mut g = Gen { v, rng: Rng::new(seed), tokens: 0, open: Vec::new(), known: HashSet::new(), uses: Vec::new() };
    w.write_all(b"{\"version\": 1, \"articles\": [\n")?;
    let mut buf = String::with_capacity(16 << 10);
    for i in 0..first + n {
        buf.clear();
        article(&mut g, i, &source_zipf, &mut buf);
        if i < first {
            continue; // generated for the state it leaves, not written
        }
        if i + 1 < first + n {
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

    fn generate(first: usize, n: usize, seed: u64) -> Value {
        let v = Vocab::load().unwrap();
        let mut out = Vec::new();
        write_corpus(&v, first, n, seed, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn deterministic_valid_and_sliceable() {
        let a = generate(0, 20, 1);
        assert_eq!(a, generate(0, 20, 1));
        let articles = a["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 20);
        for art in articles {
            let words: usize = art["body"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().split_whitespace().count()).sum();
            assert!((290..=1500).contains(&words), "{words}");
        }
        // Articles 15..20 on their own are the same as in the whole sequence.
        let tail = generate(15, 5, 1);
        assert_eq!(tail["articles"].as_array().unwrap()[..], articles[15..]);
    }

    #[test]
    fn vocabulary_grows_like_real_text_and_punctuation_is_real() {
        let c = generate(0, 400, 3);
        let mut words = HashSet::new();
        let mut tokens = 0usize;
        let mut text = String::new();
        for a in c["articles"].as_array().unwrap() {
            for p in a["body"].as_array().unwrap() {
                let p = p.as_str().unwrap();
                text.push_str(p);
                for w in p.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()) {
                    tokens += 1;
                    words.insert(w.to_lowercase());
                }
            }
        }
        // Heaps' law with the calibrated constants, give or take the fixed vocabulary.
        let expected = HEAPS_K * (tokens as f64).powf(HEAPS_BETA);
        let got = words.len() as f64;
        assert!(got > expected * 0.6 && got < expected * 1.6, "{got} distinct words in {tokens} tokens, Heaps says {expected:.0}");
        for ch in ['“', '”', '’', '\u{a0}', '\u{2011}', '–'] {
            assert!(text.contains(ch), "no {ch:?} in the generated text");
        }
        assert!(text.contains(") --"), "no dateline");
    }

    #[test]
    fn distinct_words_reads_the_text_fields_of_each_line() {
        let dir = std::env::temp_dir().join(format!("tumen-distinct-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.json");
        let text = "{\"version\": 1, \"articles\": [\n\
            {\"id\": \"a\", \"title\": \"Rice prices\", \"body\": [\"Rice fell in Hyesan\u{a0}market.\"], \"url\": \"https://x.example/zzz\"},\n\
            {\"id\": \"b\", \"title\": \"RICE\", \"text\": \"혜산 market\"}\n]}\n";
        fs::write(&path, text).unwrap();
        // rice, prices, fell, in, hyesan, market, 혜산: ids and URLs do not count.
        assert_eq!(distinct_words(&path).unwrap(), 7);
        fs::remove_dir_all(&dir).unwrap();
    }
}
