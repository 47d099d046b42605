//! The gazetteer: every place, organisation and event the tagger knows, with
//! the spellings reporters use for them (`data/gazetteer.json`). It is compiled
//! into the binary and validated at build time by `build.rs`, which reuses
//! [`Gazetteer::from_json`] and [`Gazetteer::validate`] from this file.

use crate::normalize::fold;
use crate::tags::EntityKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// The display order of DPRK first-level divisions: the capital, then roughly
/// north-west to south-east, then the special cities.
pub const PROVINCE_ORDER: [&str; 13] = [
    "pyongyang",
    "north-pyongan",
    "south-pyongan",
    "jagang",
    "ryanggang",
    "north-hamgyong",
    "south-hamgyong",
    "kangwon",
    "north-hwanghae",
    "south-hwanghae",
    "rason",
    "nampo",
    "kaesong",
];

/// One entry of any section of the data file, as written there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub hangul: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How to resolve one spelling that names several entities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmbiguityRule {
    pub variant: String,
    pub candidates: Vec<String>,
    /// The candidate to pick when context does not decide; `None` = no province.
    #[serde(default)]
    pub default: Option<String>,
    /// Candidate id -> words whose presence (whole word, anywhere in the text) selects it.
    #[serde(default)]
    pub context: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The data file as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteerFile {
    pub version: u32,
    #[serde(default)]
    pub provinces: Vec<RawEntry>,
    #[serde(default)]
    pub places: Vec<RawEntry>,
    #[serde(default)]
    pub regions: Vec<RawEntry>,
    #[serde(default)]
    pub foreign_places: Vec<RawEntry>,
    #[serde(default)]
    pub organizations: Vec<RawEntry>,
    #[serde(default)]
    pub events: Vec<RawEntry>,
    #[serde(default)]
    pub ambiguous: Vec<AmbiguityRule>,
}

/// A gazetteer entity, whatever section it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: String,
    /// Canonical display name.
    pub name: String,
    pub hangul: Option<String>,
    pub kind: EntityKind,
    /// The data's finer kind: "city", "county", "party", "holiday"...
    pub detail: Option<String>,
    /// The DPRK province this entity places an article in: itself for a
    /// province, its province for a place, `None` for everything else.
    pub province: Option<String>,
    pub country: Option<String>,
    /// Spellings as written in the data (not folded), excluding name and hangul.
    pub variants: Vec<String>,
    pub note: Option<String>,
}

impl Entity {
    /// Name, hangul and variants, as written.
    pub fn all_spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.hangul.as_deref()).chain(self.variants.iter().map(String::as_str))
    }
}

/// Why the data file is wrong. Every variant names the offending entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GazetteerError {
    Json(String),
    UnsupportedVersion(u32),
    DuplicateId(String),
    EmptyId { name: String },
    EmptySpelling { id: String },
    /// A place's province is missing or not a province id.
    UnknownProvince { id: String, province: Option<String> },
    /// Two entities share a (folded) spelling and no ambiguity rule covers it.
    SharedVariant { variant: String, ids: Vec<String> },
    /// An ambiguity rule is inconsistent (unknown candidate, bad default...).
    BadAmbiguityRule { variant: String, reason: String },
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GazetteerError::Json(m) => write!(f, "not a valid gazetteer: {m}"),
            GazetteerError::UnsupportedVersion(v) => write!(f, "gazetteer version {v} is not supported (expected 1)"),
            GazetteerError::DuplicateId(id) => write!(f, "duplicate id \"{id}\""),
            GazetteerError::EmptyId { name } => write!(f, "entry \"{name}\" has an empty id"),
            GazetteerError::EmptySpelling { id } => write!(f, "\"{id}\": a name or variant folds to nothing"),
            GazetteerError::UnknownProvince { id, province: Some(p) } => {
                write!(f, "place \"{id}\": province \"{p}\" is not a province id")
            }
            GazetteerError::UnknownProvince { id, province: None } => write!(f, "place \"{id}\" has no province"),
            GazetteerError::SharedVariant { variant, ids } => write!(
                f,
                "spelling \"{variant}\" names {} but no ambiguity rule covers it",
                ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
            ),
            GazetteerError::BadAmbiguityRule { variant, reason } => write!(f, "ambiguity rule \"{variant}\": {reason}"),
        }
    }
}

impl std::error::Error for GazetteerError {}

/// The built-in gazetteer data (`crates/core/data/gazetteer.json`).
pub const BUILTIN_JSON: &str = include_str!("../data/gazetteer.json");

/// The loaded gazetteer with its lookup tables.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Folded spelling -> entity indices, in file order, deduplicated.
    by_spelling: HashMap<String, Vec<usize>>,
    ambiguous: Vec<AmbiguityRule>,
}

impl Gazetteer {
    /// The gazetteer compiled into this build (validated by `build.rs`).
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Gazetteer::from_json(BUILTIN_JSON)
                .expect("data/gazetteer.json is validated by build.rs")
        })
    }

    /// Parses the data file. Structural errors only; call [`Gazetteer::validate`]
    /// for consistency checks.
    pub fn from_json(json: &str) -> Result<Gazetteer, GazetteerError> {
        let file: GazetteerFile = serde_json::from_str(json).map_err(|e| GazetteerError::Json(e.to_string()))?;
        if file.version != 1 {
            return Err(GazetteerError::UnsupportedVersion(file.version));
        }
        Ok(Gazetteer::from_file(file))
    }

    pub fn from_file(file: GazetteerFile) -> Gazetteer {
        let sections = [
            (EntityKind::Province, file.provinces),
            (EntityKind::Place, file.places),
            (EntityKind::Region, file.regions),
            (EntityKind::ForeignPlace, file.foreign_places),
            (EntityKind::Organization, file.organizations),
            (EntityKind::Event, file.events),
        ];
        let mut entities = Vec::new();
        for (kind, entries) in sections {
            for raw in entries {
                let province = match kind {
                    EntityKind::Province => Some(raw.id.clone()),
                    EntityKind::Place => raw.province,
                    _ => None,
                };
                entities.push(Entity {
                    id: raw.id,
                    name: raw.name,
                    hangul: raw.hangul,
                    kind,
                    detail: raw.kind,
                    province,
                    country: raw.country,
                    variants: raw.variants,
                    note: raw.note,
                });
            }
        }
        let mut by_id = HashMap::new();
        let mut by_spelling: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            // The first entry with an id wins; validate() reports the duplicate.
            by_id.entry(e.id.clone()).or_insert(i);
            for spelling in e.all_spellings() {
                let folded = fold_phrase(spelling);
                if folded.is_empty() {
                    continue;
                }
                let list = by_spelling.entry(folded).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        Gazetteer { entities, by_id, by_spelling, ambiguous: file.ambiguous }
    }

    /// Every entity, provinces first, then places, regions, foreign places,
    /// organisations and events, each in file order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Index of an entity in [`Gazetteer::entities`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// DPRK first-level divisions in [`PROVINCE_ORDER`], then any others in file order.
    pub fn provinces(&self) -> Vec<&Entity> {
        let mut out: Vec<&Entity> = PROVINCE_ORDER.iter().filter_map(|id| self.entity(id)).collect();
        for e in self.entities.iter().filter(|e| e.kind == EntityKind::Province) {
            if !PROVINCE_ORDER.contains(&e.id.as_str()) {
                out.push(e);
            }
        }
        out
    }

    /// Position of a province in the display order (unknown ids sort last).
    pub fn province_rank(id: &str) -> usize {
        PROVINCE_ORDER.iter().position(|p| *p == id).unwrap_or(PROVINCE_ORDER.len())
    }

    /// All entities one folded spelling names (for search expansion). The
    /// argument must already be folded with [`crate::normalize::fold`];
    /// surrounding spaces are ignored.
    pub fn lookup(&self, folded_phrase: &str) -> Vec<&Entity> {
        self.by_spelling
            .get(folded_phrase.trim())
            .map(|list| list.iter().map(|&i| &self.entities[i]).collect())
            .unwrap_or_default()
    }

    /// Every folded spelling of an entity (name, hangul, variants), deduplicated,
    /// in data order. Empty for an unknown id.
    pub fn variants_of(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some(e) = self.entity(id) {
            for s in e.all_spellings() {
                let f = fold_phrase(s);
                if !f.is_empty() && !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        out
    }

    pub fn ambiguity_rules(&self) -> &[AmbiguityRule] {
        &self.ambiguous
    }

    /// Folded spelling -> entity indices (file order).
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_spelling.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Consistency checks. Returns every problem found, in a deterministic order.
    pub fn validate(&self) -> Vec<GazetteerError> {
        let mut errors = Vec::new();
        let mut seen = HashMap::new();
        for e in &self.entities {
            if e.id.trim().is_empty() {
                errors.push(GazetteerError::EmptyId { name: e.name.clone() });
            }
            if seen.insert(e.id.as_str(), ()).is_some() {
                errors.push(GazetteerError::DuplicateId(e.id.clone()));
            }
            if e.all_spellings().any(|s| fold_phrase(s).is_empty()) {
                errors.push(GazetteerError::EmptySpelling { id: e.id.clone() });
            }
            if e.kind == EntityKind::Place {
                let ok = e
                    .province
                    .as_deref()
                    .and_then(|p| self.entity(p))
                    .is_some_and(|p| p.kind == EntityKind::Province);
                if !ok {
                    errors.push(GazetteerError::UnknownProvince { id: e.id.clone(), province: e.province.clone() });
                }
            }
        }
        let mut ruled: HashMap<String, &AmbiguityRule> = HashMap::new();
        for rule in &self.ambiguous {
            let bad = |reason: String| GazetteerError::BadAmbiguityRule { variant: rule.variant.clone(), reason };
            let folded = fold_phrase(&rule.variant);
            if folded.is_empty() {
                errors.push(bad("the variant folds to nothing".into()));
                continue;
            }
            if ruled.insert(folded.clone(), rule).is_some() {
                errors.push(bad("another rule covers the same spelling".into()));
            }
            if rule.candidates.len() < 2 {
                errors.push(bad("needs at least two candidates".into()));
            }
            for c in &rule.candidates {
                if self.entity(c).is_none() {
                    errors.push(bad(format!("candidate \"{c}\" is not an entity id")));
                }
            }
            if let Some(d) = &rule.default {
                if !rule.candidates.contains(d) {
                    errors.push(bad(format!("default \"{d}\" is not one of the candidates")));
                }
            }
            for (c, words) in &rule.context {
                if !rule.candidates.contains(c) {
                    errors.push(bad(format!("context for \"{c}\", which is not a candidate")));
                }
                if words.iter().any(|w| fold_phrase(w).is_empty()) {
                    errors.push(bad(format!("an empty context word for \"{c}\"")));
                }
            }
        }
        // Shared spellings, reported in a stable order.
        let mut shared: Vec<(&String, &Vec<usize>)> = self.by_spelling.iter().filter(|(_, v)| v.len() > 1).collect();
        shared.sort();
        for (spelling, list) in shared {
            let ids: Vec<String> = list.iter().map(|&i| self.entities[i].id.clone()).collect();
            match ruled.get(spelling) {
                None => errors.push(GazetteerError::SharedVariant { variant: spelling.clone(), ids }),
                Some(rule) => {
                    for id in &ids {
                        if !rule.candidates.contains(id) {
                            errors.push(GazetteerError::BadAmbiguityRule {
                                variant: rule.variant.clone(),
                                reason: format!("\"{id}\" also uses this spelling but is not a candidate"),
                            });
                        }
                    }
                }
            }
        }
        errors
    }
}

/// Folds a data spelling: like [`fold`], trimmed of surrounding spaces.
pub fn fold_phrase(s: &str) -> String {
    let f = fold(s);
    f.trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_is_valid() {
        let g = Gazetteer::builtin();
        let errors = g.validate();
        assert!(errors.is_empty(), "{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"));
        assert_eq!(g.provinces().len(), 13);
        assert_eq!(g.provinces()[0].id, "pyongyang");
    }

    #[test]
    fn entity_lookups() {
        let g = Gazetteer::builtin();
        let cases: &[(&str, EntityKind, Option<&str>)] = &[
            ("hyesan", EntityKind::Place, Some("ryanggang")),
            ("ryanggang", EntityKind::Province, Some("ryanggang")),
            ("hamgyong-region", EntityKind::Region, None),
            ("dandong", EntityKind::ForeignPlace, None),
            ("wpk", EntityKind::Organization, None),
        ];
        for (id, kind, province) in cases {
            let e = g.entity(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(e.kind, *kind, "{id}");
            assert_eq!(e.province.as_deref(), *province, "{id}");
        }
        assert!(g.entity("atlantis").is_none());
        assert!(g.lookup("hyesan").iter().any(|e| e.id == "hyesan"));
        assert!(g.lookup(&fold("혜산")).iter().any(|e| e.id == "hyesan"));
        assert!(g.lookup("nowhere at all").is_empty());
        let v = g.variants_of("hyesan");
        assert!(v.contains(&"hyesan".to_string()) && v.contains(&"hyesan city".to_string()));
        assert!(g.variants_of("atlantis").is_empty());
    }

    #[test]
    fn validation_catches_errors() {
        let json = r#"{"version":1,
          "provinces":[{"id":"p1","name":"Prov"}],
          "places":[{"id":"a","name":"Alpha","province":"p1"},{"id":"a","name":"Beta","province":"p1"},
                    {"id":"c","name":"Gamma","province":"nowhere"},{"id":"d","name":"Delta","province":"p1","variants":["Alpha"]}],
          "ambiguous":[{"variant":"Gamma","candidates":["c","zz"],"default":"q"}]}"#;
        let g = Gazetteer::from_json(json).unwrap();
        let errors = g.validate();
        let has = |pred: &dyn Fn(&GazetteerError) -> bool| errors.iter().any(pred);
        assert!(has(&|e| matches!(e, GazetteerError::DuplicateId(id) if id == "a")), "{errors:?}");
        assert!(has(&|e| matches!(e, GazetteerError::UnknownProvince { id, .. } if id == "c")));
        assert!(has(&|e| matches!(e, GazetteerError::SharedVariant { variant, .. } if variant == "alpha")));
        assert!(has(&|e| matches!(e, GazetteerError::BadAmbiguityRule { .. })));
        assert!(matches!(Gazetteer::from_json("{"), Err(GazetteerError::Json(_))));
        assert!(matches!(Gazetteer::from_json(r#"{"version":2}"#), Err(GazetteerError::UnsupportedVersion(2))));
    }
}
