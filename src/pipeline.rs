//! The pipeline: runs the stages in order, and is the only place that
//! decides parallelism.
//!
//! Per-page stages (load, extract, normalize, fingerprint) are mapped over
//! pages with rayon through [`par_map`]; the cross-page steps (site
//! templates, duplicate groups, events) are map-then-merge steps whose result
//! is independent of page order and thread count. The thread count is fixed
//! by running inside a dedicated rayon pool ([`Pipeline::run`]).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::boilerplate::{Boilerplate, Extractor, SiteTemplates};
use crate::cluster::{self, events::EventMode};
use crate::config::Config;
use crate::fingerprint::{Fingerprinter, Shingler};
use crate::ingest::{self, FailStatus, IngestError, Loaded};
use crate::model::{Doc, Extraction, Page, Removed};
use crate::normalize::Normalizer;
use crate::output::{
    DocumentRecord, DuplicateRecord, EventReport, ManifestEntry, RemovedRecord, Report, RunOutput,
    Status, Totals,
};

/// Map `f` over `items`, in parallel on the current rayon pool; the output
/// keeps the input's order. Stages call this (never rayon directly) so that
/// the pipeline alone decides how work is spread.
pub fn par_map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    items.par_iter().map(f).collect()
}

/// Progress callbacks, so that the binary can show bars and the library
/// stays quiet. Called from worker threads.
pub trait Progress: Sync {
    /// A stage starts with `total` units of work.
    fn stage(&self, _name: &'static str, _total: usize) {}
    /// One unit of the current stage is done.
    fn tick(&self) {}
    /// The current stage is finished.
    fn done(&self) {}
}

/// Progress that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// A run's fatal errors (per-page problems are never fatal).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
}

/// The per-page stages, built once from a config.
pub struct Pipeline {
    cfg: Config,
    extractor: Boilerplate,
    normalizer: Normalizer,
    fingerprinter: Shingler,
}

/// What a page says about itself beyond its [`Doc`]: the URL it declares
/// canonical (`<link rel=canonical>`, `og:url`; else the URL it came with)
/// and the publication's name (`og:site_name`, JSON-LD publisher), for
/// documents.jsonl and `scour clean`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
}

/// A page after the per-page stages. A document without paragraphs is an
/// empty page; the notes and removals go to the manifest and removed.jsonl.
struct Cleaned {
    doc: Doc,
    meta: PageMeta,
    warnings: Vec<String>,
    encoding: String,
    removed: Vec<Removed>,
}

impl Pipeline {
    pub fn new(cfg: &Config) -> Self {
        Self {
            cfg: cfg.clone(),
            extractor: Boilerplate::new(&cfg.boilerplate),
            normalizer: Normalizer::new(&cfg.normalize),
            fingerprinter: Shingler::new(&cfg.fingerprint),
        }
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Run on `inputs` with `threads` workers (0: one per core).
    pub fn run(
        &self,
        inputs: &[PathBuf],
        threads: usize,
        progress: &dyn Progress,
    ) -> Result<RunOutput, RunError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| RunError::Threads { threads, source })?;
        pool.install(|| self.run_in_pool(inputs, progress))
    }

    /// Boilerplate removal then normalization of one page: what `scour clean`
    /// does per record. No site templates (a stream has no site statistics).
    pub fn clean_page(&self, page: &Page) -> Doc {
        self.clean_page_meta(page).0
    }

    /// [`Pipeline::clean_page`] with the page's canonical URL and site name.
    pub fn clean_page_meta(&self, page: &Page) -> (Doc, PageMeta) {
        let ex = self.extractor.extract(page);
        let (doc, meta, _) = self.to_doc(page, ex);
        (doc, meta)
    }

    /// The page's document and the normalize stage's notes for its manifest
    /// entry. Document-level decisions (legacy encoding, VIQR) are made once
    /// on the body and title together, then applied to each part.
    fn to_doc(&self, page: &Page, ex: Extraction) -> (Doc, PageMeta, Vec<String>) {
        let body = ex.paragraphs.join("\n");
        let title = page.title.as_ref().or(ex.meta.title.as_ref());
        let plan = self
            .normalizer
            .plan(&format!("{}\n{body}", title.map_or("", String::as_str)));
        let mut notes = Vec::new();
        let mut norm = |s: &str| {
            let n = self.normalizer.normalize_with(s, &plan);
            for note in n.notes {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            n.text.into_owned()
        };
        // Normalization may split a paragraph at line breaks it contained.
        let paragraphs: Vec<String> = norm(&body)
            .split('\n')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let mut clean_meta = |v: Option<&String>| {
            v.map(|s| norm(s).replace('\n', " "))
                .filter(|s| !s.is_empty())
        };
        let title = clean_meta(page.title.as_ref()).or_else(|| clean_meta(ex.meta.title.as_ref()));
        let author = clean_meta(ex.meta.author.as_ref());
        let meta = PageMeta {
            canonical_url: ex
                .meta
                .url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(String::from),
            site_name: clean_meta(ex.meta.site_name.as_ref()),
        };
        let doc = Doc {
            id: page.id.clone(),
            source: page.source.clone(),
            site: page.site.clone(),
            title,
            url: page.url.clone().or(ex.meta.url),
            date: page.date.as_deref().and_then(iso_date).or(ex.meta.date),
            author,
            paragraphs,
        };
        (doc, meta, notes)
    }

    fn run_in_pool(
        &self,
        inputs: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<RunOutput, RunError> {
        let discovery = ingest::discover(inputs)?;

        // 1. ingest
        progress.stage("read", discovery.inputs.len());
        let loaded = par_map(&discovery.inputs, |input| {
            let l = ingest::load(input);
            progress.tick();
            l
        });
        progress.done();
        let (pages, failures) = unique_ids(loaded);

        // 2. boilerplate: per page, then the site templates (map, merge, apply)
        progress.stage("extract", pages.len());
        let extractions = par_map(&pages, |(page, _)| {
            let ex = self.extractor.extract(page);
            progress.tick();
            ex
        });
        progress.done();
        let extractions = if self.cfg.boilerplate.site_templates {
            let templates = SiteTemplates::learn(
                pages
                    .iter()
                    .zip(&extractions)
                    .map(|((p, _), ex)| (p.site.as_str(), ex)),
                &self.cfg.boilerplate,
            );
            let pairs: Vec<_> = pages
                .iter()
                .map(|(p, _)| p.site.as_str())
                .zip(extractions)
                .collect();
            pairs
                .into_par_iter()
                .map(|(site, ex)| templates.apply(site, ex))
                .collect()
        } else {
            extractions
        };

        // 3. normalize
        let work: Vec<_> = pages.into_iter().zip(extractions).collect();
        let cleaned: Vec<Cleaned> = work
            .into_par_iter()
            .map(|((page, mut warnings), mut ex)| {
                let removed = std::mem::take(&mut ex.removed);
                let (doc, meta, notes) = self.to_doc(&page, ex);
                warnings.extend(notes);
                Cleaned {
                    doc,
                    meta,
                    warnings,
                    encoding: page.encoding,
                    removed,
                }
            })
            .collect();

        // 4. fingerprint (documents sorted by id: clustering's input order)
        let mut manifest = Vec::new();
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for c in cleaned {
            removed.push(RemovedRecord {
                id: c.doc.id.clone(),
                removed: c.removed,
            });
            if c.doc.paragraphs.is_empty() {
                let reason = std::iter::once(
                    "no main text left after boilerplate removal (removed.jsonl lists what was cut)".to_string(),
                )
                .chain(c.warnings)
                .collect::<Vec<_>>()
                .join("; ");
                manifest.push(ManifestEntry {
                    id: c.doc.id,
                    source: c.doc.source,
                    status: Status::Empty,
                    duplicate_of: None,
                    event: None,
                    reason: Some(reason),
                    site: Some(c.doc.site),
                    encoding: Some(c.encoding),
                    chars: 0,
                });
            } else {
                kept.push((c.doc, (c.warnings, c.encoding, c.meta)));
            }
        }
        kept.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let (docs, notes): (Vec<Doc>, Vec<(Vec<String>, String, PageMeta)>) =
            kept.into_iter().unzip();
        progress.stage("fingerprint", docs.len());
        let fps = par_map(&docs, |d| {
            let fp = self.fingerprinter.fingerprint(&d.text());
            progress.tick();
            fp
        });
        progress.done();

        // 5. cluster: duplicates, then events over the canonical copies
        progress.stage("cluster", 1);
        let groups = if self.cfg.dedup.enabled {
            cluster::dedup::find_duplicates(&docs, &fps, &self.cfg.dedup)
        } else {
            Vec::new()
        };
        // Fingerprints are only for grouping: free them before the output.
        drop(fps);
        let mut dup_of: HashMap<&str, &str> = HashMap::new();
        for g in &groups {
            for m in &g.members {
                dup_of.insert(m.id.as_str(), g.canonical.as_str());
            }
        }
        let canon: Vec<&Doc> = docs
            .iter()
            .filter(|d| !dup_of.contains_key(d.id.as_str()))
            .collect();
        let events = match self.cfg.events.mode {
            EventMode::Off => Vec::new(),
            _ => cluster::events::find_events(&canon, &self.cfg.events),
        };
        progress.tick();
        progress.done();
        let mut event_of: HashMap<&str, &str> = HashMap::new();
        let mut event_canon: HashMap<&str, &str> = HashMap::new();
        for e in &events {
            for m in &e.members {
                event_of.insert(m.id.as_str(), e.id.as_str());
                event_canon.insert(m.id.as_str(), e.canonical.as_str());
            }
        }
        let collapse = self.cfg.events.mode == EventMode::Collapse;

        // 6. output records
        let mut sources: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for d in &docs {
            let mut head = dup_of.get(d.id.as_str()).copied().unwrap_or(d.id.as_str());
            if collapse {
                head = event_canon.get(head).copied().unwrap_or(head);
            }
            sources.entry(head).or_default().push(d.id.clone());
        }
        let mut documents = Vec::new();
        let mut duplicates = Vec::new();
        for (d, (warnings, encoding, meta)) in docs.iter().zip(notes) {
            let id = d.id.as_str();
            let event_id = dup_of
                .get(id)
                .copied()
                .or(Some(id))
                .and_then(|c| event_of.get(c))
                .map(|s| s.to_string());
            let (status, duplicate_of, reason) = if let Some(c) = dup_of.get(id) {
                (Status::Duplicate, Some(c.to_string()), None)
            } else if collapse && event_canon.get(id).is_some_and(|c| *c != id) {
                let c = event_canon[id];
                (
                    Status::Duplicate,
                    Some(c.to_string()),
                    Some("collapsed into its event's canonical document".into()),
                )
            } else {
                (Status::Canonical, None, None)
            };
            let reason = reason.or((!warnings.is_empty()).then(|| warnings.join("; ")));
            if status == Status::Canonical {
                let mut srcs = sources.remove(id).unwrap_or_default();
                srcs.sort_by_key(|s| (s != id, s.clone()));
                documents.push(DocumentRecord {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    url: d.url.clone(),
                    date: d.date.clone(),
                    author: d.author.clone(),
                    site: Some(meta.site_name.unwrap_or_else(|| d.site.clone())),
                    canonical_url: meta.canonical_url,
                    text: d.text(),
                    sources: srcs,
                    event: event_id.clone(),
                });
            } else if let Some(of) = &duplicate_of {
                duplicates.push(DuplicateRecord {
                    id: d.id.clone(),
                    duplicate_of: of.clone(),
                    title: d.title.clone(),
                    url: d.url.clone(),
                    date: d.date.clone(),
                    text: d.text(),
                });
            }
            manifest.push(ManifestEntry {
                id: d.id.clone(),
                source: d.source.clone(),
                status,
                duplicate_of,
                event: event_id,
                reason,
                site: Some(d.site.clone()),
                encoding: Some(encoding),
                chars: d.text_chars(),
            });
        }
        for f in failures {
            manifest.push(ManifestEntry {
                id: f.id,
                source: f.source,
                status: match f.status {
                    FailStatus::Empty => Status::Empty,
                    FailStatus::Error => Status::Error,
                },
                duplicate_of: None,
                event: None,
                reason: Some(f.reason),
                site: None,
                encoding: None,
                chars: 0,
            });
        }
        manifest.sort_by(|a, b| a.id.cmp(&b.id));
        removed.sort_by(|a, b| a.id.cmp(&b.id));

        let count = |s| manifest.iter().filter(|m| m.status == s).count();
        let totals = Totals {
            pages: manifest.len(),
            canonical: count(Status::Canonical),
            duplicates: count(Status::Duplicate),
            empty: count(Status::Empty),
            errors: count(Status::Error),
            duplicate_groups: groups.len(),
            events: events.len(),
            multi_document_events: events.iter().filter(|e| e.members.len() > 1).count(),
            skipped_files: discovery.skipped.len(),
            removed_blocks: removed.iter().map(|r| r.removed.len()).sum(),
        };
        Ok(RunOutput {
            documents,
            manifest,
            removed,
            duplicates,
            report: Report {
                totals,
                duplicates: groups,
                events: events.iter().map(EventReport::from).collect(),
                skipped: discovery.skipped,
            },
        })
    }
}

/// Split loaded inputs into pages and failures, making page ids unique:
/// a repeated id gets `#2`, `#3`, ... in input order (which is deterministic)
/// and a warning, so that no page is lost to a collision.
fn unique_ids(loaded: Vec<Loaded>) -> (Vec<(Page, Vec<String>)>, Vec<ingest::Failure>) {
    let mut pages = Vec::new();
    let mut failures = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in loaded {
        let id = match &l {
            Loaded::Page(p, _) => p.id.clone(),
            Loaded::Failed(f) => f.id.clone(),
        };
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        let new_id = (*n > 1).then(|| format!("{id}#{n}"));
        match l {
            Loaded::Page(mut p, mut w) => {
                if let Some(new_id) = new_id {
                    w.push(format!(
                        "id '{}' was already taken by another page; renamed to '{new_id}'",
                        p.id
                    ));
                    p.id = new_id;
                }
                pages.push((p, w));
            }
            Loaded::Failed(mut f) => {
                if let Some(new_id) = new_id {
                    f.id = new_id;
                }
                failures.push(f);
            }
        }
    }
    (pages, failures)
}

/// `YYYY-MM-DD` from a date given with a page (`2023-01-10T08:00:00+07:00`
/// and the like); dates in other forms are left to the extractor.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || !b[10].is_ascii_digit());
    ok.then(|| s[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(
            iso_date("2023-01-10T08:00:00+07:00").as_deref(),
            Some("2023-01-10")
        );
        assert_eq!(iso_date("2023-01-10").as_deref(), Some("2023-01-10"));
        assert_eq!(iso_date("10/01/2023"), None);
        assert_eq!(iso_date("2023-01-100"), None);
    }
}
