//! Precision and recall of the built-in tagger on hand-labelled passages,
//! micro-averaged per label kind, on two sets reported separately:
//!
//! * `tests/labelled/passages.json`: passages written for the tagger. Fails if
//!   province precision or recall drops below 0.95.
//! * `tests/labelled/real_passages.json`: short passages in the style of real
//!   text (KCNA English, CSIS write-ups, the Korean New Year addresses in
//!   `../shared/real-corpus`): datelines, "Pyongyang" as the government, the
//!   North's spellings, villages next to their county, real typos, no-break
//!   spaces, Korean verb forms, South Korea's Gangwon. Fails if province
//!   precision or recall drops below 0.97 or place recall below 0.95.
//!
//! Run with `--nocapture` to see the figures and every disagreement.
//!
//! Label kinds: `provinces` (the text's DPRK provinces), `places` (ids of
//! places, foreign places and regions named), `organizations`, `events`,
//! `topics` (ids of assigned topics). Labels say what an analyst would say,
//! not what the tagger happens to find.

use serde::Deserialize;
use std::collections::BTreeSet;
use tumen_core::tagger::Tagger;
use tumen_core::tags::EntityKind;

#[derive(Deserialize)]
struct File {
    passages: Vec<Passage>,
}

#[derive(Deserialize)]
struct Passage {
    id: String,
    text: String,
    provinces: Vec<String>,
    places: Vec<String>,
    organizations: Vec<String>,
    events: Vec<String>,
    topics: Vec<String>,
}

const KINDS: [&str; 5] = ["provinces", "places", "organizations", "events", "topics"];
const PROVINCES: usize = 0;
const PLACES: usize = 1;

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
}

/// Scores the built-in tagger on one labelled file, printing the figures
/// (prefixed with `set`) and every disagreement.
fn score(set: &str, json: &str) -> [Score; 5] {
    let file: File = serde_json::from_str(json).unwrap_or_else(|e| panic!("{set}: labelled file does not parse: {e}"));
    assert!(file.passages.len() >= 60, "{set}: need at least 60 labelled passages");
    let ids: BTreeSet<&str> = file.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), file.passages.len(), "{set}: passage ids must be unique");
    let tagger = Tagger::builtin();
    let mut scores = [Score::default(); 5];
    let mut disagreements = Vec::new();
    for p in &file.passages {
        let tags = tagger.tag_text(&p.text);
        let of = |kinds: &[EntityKind]| -> BTreeSet<String> {
            tags.mentions.iter().filter(|m| kinds.contains(&m.kind)).map(|m| m.id.clone()).collect()
        };
        let got: [BTreeSet<String>; 5] = [
            tags.provinces.iter().cloned().collect(),
            of(&[EntityKind::Place, EntityKind::ForeignPlace, EntityKind::Region]),
            of(&[EntityKind::Organization]),
            of(&[EntityKind::Event]),
            tags.topics.iter().map(|t| t.id.clone()).collect(),
        ];
        let want: [BTreeSet<String>; 5] = [
            p.provinces.iter().cloned().collect(),
            p.places.iter().cloned().collect(),
            p.organizations.iter().cloned().collect(),
            p.events.iter().cloned().collect(),
            p.topics.iter().cloned().collect(),
        ];
        for k in 0..5 {
            let tp = got[k].intersection(&want[k]).count();
            let extra: Vec<&String> = got[k].difference(&want[k]).collect();
            let missed: Vec<&String> = want[k].difference(&got[k]).collect();
            scores[k].tp += tp;
            scores[k].fp += extra.len();
            scores[k].fn_ += missed.len();
            if !extra.is_empty() || !missed.is_empty() {
                disagreements.push(format!("{} {}: extra {:?} missed {:?}", p.id, KINDS[k], extra, missed));
            }
        }
    }
    for d in &disagreements {
        eprintln!("  {set} {d}");
    }
    for (k, s) in KINDS.iter().zip(scores.iter()) {
        println!(
            "{set} precision/recall: {:<13} P={:.2} R={:.2} (n={}, tp={}, fp={}, fn={})",
            k,
            s.precision(),
            s.recall(),
            s.tp + s.fn_,
            s.tp,
            s.fp,
            s.fn_
        );
    }
    scores
}

#[test]
fn labelled_precision_recall() {
    let scores = score("labelled", include_str!("labelled/passages.json"));
    let prov = scores[PROVINCES];
    assert!(
        prov.precision() >= 0.95 && prov.recall() >= 0.95,
        "province precision {:.3} / recall {:.3} below 0.95",
        prov.precision(),
        prov.recall()
    );
}

#[test]
fn real_text_precision_recall() {
    let scores = score("real", include_str!("labelled/real_passages.json"));
    let (prov, place) = (scores[PROVINCES], scores[PLACES]);
    assert!(
        prov.precision() >= 0.97 && prov.recall() >= 0.97,
        "real text: province precision {:.3} / recall {:.3} below 0.97",
        prov.precision(),
        prov.recall()
    );
    assert!(place.recall() >= 0.95, "real text: place recall {:.3} below 0.95", place.recall());
}
