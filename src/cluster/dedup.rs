//! Exact and near-duplicate grouping (placeholder until implemented).
use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;
use crate::model::Doc;

/// Settings of near-duplicate detection (`[dedup]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    pub enabled: bool,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

impl DedupConfig {
    pub fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// A copy in a duplicate group, with its similarity to the canonical page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupMember {
    pub id: String,
    pub similarity: f64,
    /// Which rule matched it: `exact`, `near` (Jaccard) or `contained`.
    pub rule: String,
}

/// A group of copies of one article: the canonical page and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupGroup {
    pub canonical: String,
    /// Every other copy (the canonical page is not listed), sorted by id.
    pub members: Vec<DupMember>,
}

/// Groups of two or more copies, sorted by canonical id. `docs[i]` has
/// fingerprint `fps[i]`.
pub fn find_duplicates(docs: &[Doc], fps: &[Fingerprint], cfg: &DedupConfig) -> Vec<DupGroup> {
    let _ = (docs, fps, cfg);
    Vec::new()
}
