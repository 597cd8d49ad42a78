//! Output stage: canonical documents, the manifest, the report.
//!
//! In the output folder (schemas in README.md):
//! - `documents.jsonl`: one line per canonical document;
//! - `docs/<name>.txt`: the same texts as plain files for people;
//! - `manifest.jsonl`: one line for every input page, whatever became of it;
//! - `report.json`: duplicate groups, events, run totals, skipped files;
//! - `removed.jsonl`: per page, what boilerplate removal cut and by which rule;
//! - `duplicates.jsonl`: the clean text of every page merged into another,
//!   so that what a run folds away can be checked before anything is deleted;
//! - `report.html`: all of the above for people, self-contained ([`html`]).
//!
//! [`read`] loads an output folder back ([`read::read_run`]), so that the
//! report can be rebuilt and pages explained ([`explain`]) without rerunning.
//!
//! Everything is sorted by id and holds no times or absolute paths of its
//! own, so two runs on the same input give byte-identical output, and every
//! file is written atomically.

pub mod atomic;
pub mod explain;
pub mod html;
pub mod names;
pub mod read;

use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cluster::{DupGroup, Event, Evidence};
use crate::ingest::Skipped;
use crate::model::Removed;

/// What became of an input page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Written to `documents.jsonl`.
    Canonical,
    /// A copy of another page (`duplicate_of`), merged into its sources.
    Duplicate,
    /// Nothing to keep: an empty file, or no main text after boilerplate removal.
    Empty,
    /// Could not be read or parsed; `reason` says why.
    Error,
}

/// One line of `documents.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// The publication's name (`og:site_name`, JSON-LD publisher), else the
    /// site the run grouped the page under (host, or folder for files).
    #[serde(default)]
    pub site: Option<String>,
    /// The URL the page declares canonical, else the URL it came with.
    #[serde(default)]
    pub canonical_url: Option<String>,
    pub text: String,
    /// Ids of every page merged into this document, itself first.
    pub sources: Vec<String>,
    pub event: Option<String>,
}

/// One line of `manifest.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub id: String,
    pub source: String,
    pub status: Status,
    pub duplicate_of: Option<String>,
    pub event: Option<String>,
    pub reason: Option<String>,
    pub site: Option<String>,
    pub encoding: Option<String>,
    /// Characters of cleaned text.
    pub chars: usize,
}

/// One line of `removed.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedRecord {
    pub id: String,
    pub removed: Vec<Removed>,
}

/// One line of `duplicates.jsonl`: a page merged into another, with the
/// clean text it had (documents.jsonl keeps only the canonical copy's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateRecord {
    pub id: String,
    pub duplicate_of: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub text: String,
}

/// An event as `report.json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub id: String,
    pub canonical: String,
    /// Member ids, sorted, the canonical one included.
    pub members: Vec<String>,
    /// Each member's similarity to the canonical document.
    pub similarities: Vec<crate::cluster::EventMember>,
    pub evidence: Evidence,
}

impl From<&Event> for EventReport {
    fn from(e: &Event) -> Self {
        Self {
            id: e.id.clone(),
            canonical: e.canonical.clone(),
            members: e.members.iter().map(|m| m.id.clone()).collect(),
            similarities: e.members.clone(),
            evidence: e.evidence.clone(),
        }
    }
}

/// Run totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Every input page (each file, each JSON Lines record).
    pub pages: usize,
    pub canonical: usize,
    pub duplicates: usize,
    pub empty: usize,
    pub errors: usize,
    /// Duplicate groups (two or more copies).
    pub duplicate_groups: usize,
    /// Events, singletons included.
    pub events: usize,
    /// Events with more than one document.
    pub multi_document_events: usize,
    /// Files in input folders that are not pages.
    pub skipped_files: usize,
    /// Lines and blocks cut by boilerplate removal.
    pub removed_blocks: usize,
}

/// `report.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub totals: Totals,
    pub duplicates: Vec<DupGroup>,
    pub events: Vec<EventReport>,
    pub skipped: Vec<Skipped>,
}

/// Everything a run produces, before it is written.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    pub documents: Vec<DocumentRecord>,
    pub manifest: Vec<ManifestEntry>,
    pub removed: Vec<RemovedRecord>,
    /// Pages merged into another (status `duplicate`), with their text.
    pub duplicates: Vec<DuplicateRecord>,
    pub report: Report,
}

fn write_jsonl<T: Serialize>(path: &Path, rows: &[T]) -> io::Result<()> {
    atomic::write_with(path, |w| {
        for row in rows {
            serde_json::to_writer(&mut *w, row)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// Which files to write.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    pub docs: bool,
    pub removed: bool,
    /// `report.html`, the report for people.
    pub html: bool,
}

/// Write a run's output into `dir`, creating it if needed.
pub fn write_run(dir: &Path, run: &RunOutput, opts: WriteOptions) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    write_jsonl(&dir.join("documents.jsonl"), &run.documents)?;
    write_jsonl(&dir.join("manifest.jsonl"), &run.manifest)?;
    if opts.removed {
        write_jsonl(&dir.join("removed.jsonl"), &run.removed)?;
    }
    write_jsonl(&dir.join("duplicates.jsonl"), &run.duplicates)?;
    let mut report = serde_json::to_vec_pretty(&run.report)?;
    report.push(b'\n');
    atomic::write(&dir.join("report.json"), &report)?;
    if opts.html {
        html::write(&dir.join(html::FILE_NAME), run)?;
    }
    if opts.docs {
        atomic::replace_dir(&dir.join("docs"), |tmp| {
            let mut names = names::NameAssigner::default();
            for d in &run.documents {
                let name = names.name_for(&d.id);
                let mut text = d.text.clone();
                text.push('\n');
                fs::write(tmp.join(name), text)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
