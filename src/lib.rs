//! scour: turn scraped news pages into clean, deduplicated, canonical documents.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`ingest`]: find pages (HTML, text dumps, JSON Lines), decode them to UTF-8;
//! 2. [`boilerplate`]: keep the main text, drop page chrome (per page, then per site);
//! 3. [`normalize`]: one Unicode form (NFC, spaces, invisibles);
//! 4. [`fingerprint`]: shingles, exact hash, simhash, MinHash;
//! 5. [`cluster`]: near-duplicate groups, then same-event groups;
//! 6. [`output`]: canonical documents, manifest, report, written atomically.
//!
//! [`pipeline`] runs them and is the only place that decides parallelism.
//! Per-page stages are pure and `Send + Sync`; the clustering steps do not
//! depend on input order or thread count.

pub mod allocator;
pub mod boilerplate;
pub mod cluster;
pub mod config;
pub mod fingerprint;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;

pub use config::Config;
pub use model::{Doc, Extraction, Page, PageKind};
