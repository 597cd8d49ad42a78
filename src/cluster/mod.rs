//! Cluster stage: group pages after the per-page stages.
//!
//! Two steps, each map-then-merge and independent of input order and thread
//! count (inputs are sorted by id first, ties broken by id):
//! - [`dedup`]: exact copies by hash, then near-duplicates (the same article
//!   re-scraped or republished) from candidate pairs verified by shingle
//!   similarity; one canonical copy per group.
//! - [`events`]: canonical documents that cover the same event, by what they
//!   share (dates, names, numbers, distinctive words).

pub mod dedup;
pub mod events;
pub mod features;

pub use dedup::{DedupConfig, DupGroup, DupMember};
pub use events::{Event, EventConfig, EventMember, Evidence};
