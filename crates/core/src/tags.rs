//! The tagger's output: what an article is about, derived from its text.
//! This is the contract between the tagger (which fills it), the index (which
//! counts and filters on it) and the app (which shows it).

use serde::{Deserialize, Serialize};

/// What kind of thing a gazetteer entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A DPRK first-level division (province, special or directly governed city).
    Province,
    /// A DPRK city, county, district, border crossing, mine, port, landmark...
    Place,
    /// A historic region spanning several provinces ("Hamgyong"): never assigns a province.
    Region,
    /// A place outside the DPRK (Dandong, Seoul, the Yalu river...).
    ForeignPlace,
    Organization,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Province,
        EntityKind::Place,
        EntityKind::Region,
        EntityKind::ForeignPlace,
        EntityKind::Organization,
        EntityKind::Event,
    ];

    /// Stable id used in URLs, JSON and CSS class names.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Province => "province",
            EntityKind::Place => "place",
            EntityKind::Region => "region",
            EntityKind::ForeignPlace => "foreign-place",
            EntityKind::Organization => "organization",
            EntityKind::Event => "event",
        }
    }

    pub fn from_id(id: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == id)
    }

    /// Human label for legends and facets.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Province => "Province",
            EntityKind::Place => "Place",
            EntityKind::Region => "Region",
            EntityKind::ForeignPlace => "Outside the DPRK",
            EntityKind::Organization => "Organisation",
            EntityKind::Event => "Event",
        }
    }
}

/// One mention of a gazetteer entity in a piece of text, as byte offsets into
/// that (original, unnormalized) text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Canonical entity id (gazetteer id).
    pub id: String,
    pub kind: EntityKind,
    /// The province this mention places the article in, if any.
    pub province: Option<String>,
}

/// Why a topic was assigned: the words that triggered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicHit {
    pub id: String,
    pub evidence: Vec<String>,
}

/// An entity named by an article, with how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCount {
    pub id: String,
    pub kind: EntityKind,
    pub count: u32,
}

/// Everything derived about one article. Lists are sorted by id (entities by
/// kind then id) so output is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleTags {
    /// DPRK province ids, from divisions named and from the places in them.
    pub provinces: Vec<String>,
    pub entities: Vec<EntityCount>,
    pub topics: Vec<TopicHit>,
}
