//! Same-event grouping (placeholder until implemented).
use serde::{Deserialize, Serialize};

use crate::model::Doc;

/// What to do with events (`[events]` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventMode {
    /// No event grouping.
    Off,
    /// Tag every document with its event; all documents stay.
    Tag,
    /// Keep only each event's canonical document; the others become its sources.
    Collapse,
}

/// Settings of same-event grouping (`[events]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventConfig {
    pub mode: EventMode,
}

impl Default for EventConfig {
    fn default() -> Self {
        Self {
            mode: EventMode::Tag,
        }
    }
}

impl EventConfig {
    pub fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// A member of an event with its similarity to the event's canonical document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMember {
    pub id: String,
    pub similarity: f64,
}

/// What an event's members share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub entities: Vec<String>,
    pub dates: Vec<String>,
    pub numbers: Vec<String>,
    pub terms: Vec<String>,
}

/// One event: documents covering it, the canonical (most complete) one first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the canonical document's id.
    pub id: String,
    pub canonical: String,
    /// Every member, the canonical one included (similarity 1), sorted by id.
    pub members: Vec<EventMember>,
    pub evidence: Evidence,
}

/// Every document ends up in exactly one event (singletons included).
/// Events are sorted by id.
pub fn find_events(docs: &[&Doc], cfg: &EventConfig) -> Vec<Event> {
    let _ = cfg;
    docs.iter()
        .map(|d| Event {
            id: format!(
                "ev-{:08x}",
                xxhash_rust::xxh3::xxh3_64(d.id.as_bytes()) as u32
            ),
            canonical: d.id.clone(),
            members: vec![EventMember {
                id: d.id.clone(),
                similarity: 1.0,
            }],
            evidence: Evidence::default(),
        })
        .collect()
}
