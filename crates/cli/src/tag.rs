//! `tumen tag`: runs the built-in tagger and prints JSON.
//!
//! Without `--corpus`, stdin is one article's plain text and the output is one
//! object `{"provinces", "places", "entities", "topics"}` whose offsets are byte
//! offsets into stdin. With `--corpus FILE`, the output is one line per article
//! in the [`ArticleTags`] shape plus its id: `{"id", "provinces", "entities":
//! [{"id", "kind", "count"}], "topics": [{"id", "evidence"}]}`.

use serde::Serialize;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use tumen_core::gazetteer::Gazetteer;
use tumen_core::tagger::Tagger;
use tumen_core::tags::{ArticleTags, EntityKind, TopicHit};

#[derive(Serialize)]
struct TextOutput<'a> {
    provinces: Vec<String>,
    /// DPRK provinces and places only.
    places: Vec<PlaceOut<'a>>,
    /// Every mention.
    entities: Vec<EntityOut<'a>>,
    topics: Vec<TopicHit>,
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    name: &'a str,
    id: &'a str,
    province: Option<&'a str>,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    text: &'a str,
    kind: &'static str,
    id: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct ArticleOutput<'a> {
    id: &'a str,
    #[serde(flatten)]
    tags: ArticleTags,
}

/// Runs the command; see the module docs for the output shapes.
pub fn run(corpus: Option<&Path>) -> ExitCode {
    match corpus {
        None => tag_stdin(),
        Some(path) => tag_corpus(path),
    }
}

fn tag_stdin() -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("tag: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    // Invalid UTF-8 is replaced rather than rejected; offsets then refer to the
    // replaced text, which is what the caller sees printed back anyway.
    let text = String::from_utf8_lossy(&bytes);
    let json = text_json(&text);
    println!("{json}");
    ExitCode::SUCCESS
}

/// The stdin-mode JSON for one text.
pub fn text_json(text: &str) -> String {
    let gazetteer = Gazetteer::builtin();
    let tags = Tagger::builtin().tag_text(text);
    let places = tags
        .mentions
        .iter()
        .filter(|m| matches!(m.kind, EntityKind::Province | EntityKind::Place))
        .map(|m| PlaceOut {
            name: gazetteer.entity(&m.id).map_or(m.id.as_str(), |e| e.name.as_str()),
            id: &m.id,
            province: m.province.as_deref(),
            start: m.start,
            end: m.end,
        })
        .collect();
    let entities = tags
        .mentions
        .iter()
        .map(|m| EntityOut { text: text.get(m.start..m.end).unwrap_or(""), kind: m.kind.as_str(), id: &m.id, start: m.start, end: m.end })
        .collect();
    let out = TextOutput { provinces: tags.provinces.clone(), places, entities, topics: tags.topics.clone() };
    serde_json::to_string(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn tag_corpus(path: &Path) -> ExitCode {
    // A corpus file of any input format, or a bundle folder.
    let Some(loaded) = crate::commands::load(path) else { return ExitCode::FAILURE };
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    let tagger = Tagger::builtin();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for article in &loaded.articles {
        let line = ArticleOutput { id: &article.id, tags: tagger.tag_article(article) };
        let written = serde_json::to_writer(&mut stdout, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| stdout.write_all(b"\n"));
        if let Err(e) = written {
            // A closed pipe (`| head`) ends the output quietly; anything else is reported.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("tag: cannot write output: {e}");
                return ExitCode::FAILURE;
            }
            return ExitCode::SUCCESS;
        }
    }
    if let Err(e) = stdout.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("tag: cannot write output: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
