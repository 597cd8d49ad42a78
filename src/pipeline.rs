//! The pipeline: runs the stages in order, and is the only place that
//! decides parallelism.
//!
//! Per-page stages (load, extract, normalize, fingerprint) are mapped over
//! pages with rayon through [`par_map`]; the cross-page steps (site
//! templates, duplicate groups, events) are map-then-merge steps whose result
//! is independent of page order and thread count. The thread count is fixed
//! by running inside a dedicated rayon pool ([`Pipeline::run`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::boilerplate::{Boilerplate, Extractor, PageLines, SiteLines, SiteTemplates};
use crate::cluster::{self, events::EventMode};
use crate::config::Config;
use crate::fingerprint::{Fingerprinter, Shingler};
use crate::ingest::{self, FailStatus, IngestError, Loaded};
use crate::model::{Doc, Extraction, Page, Removed};
use crate::normalize::{Normalizer, Plan};
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

/// Map `f` over `items`, consuming them, in parallel on the current rayon
/// pool; the output keeps the input's order. For work on parts it owns or
/// borrows mutably, such as disjoint slices of one buffer.
pub fn par_map_owned<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    items.into_par_iter().map(f).collect()
}

/// Run `a` and `b`, in parallel when a thread is free, and return both
/// results: for two independent steps of a stage whose own parallel parts
/// leave a thread idle (a serial step of one overlaps the other).
pub fn par_join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    rayon::join(a, b)
}

/// Sort `items` in parallel on the current rayon pool (unstable: for keys
/// whose equal elements are indistinguishable, so the result is the same
/// whatever the thread count).
pub fn par_sort<T: Ord + Send>(items: &mut [T]) {
    items.par_sort_unstable();
}

/// `items` sorted by their ids (unique in a run). The ids with their
/// positions are sorted in parallel, then each item is moved once to its
/// place: the items are documents and records of hundreds of bytes, which a
/// sort would move many times.
fn sort_by_id<T: Send>(items: Vec<T>, id: impl Fn(&T) -> &str + Sync) -> Vec<T> {
    let mut order: Vec<(&str, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (id(t), i as u32))
        .collect();
    // The position breaks ties, so equal ids keep their input order.
    order.par_sort_unstable();
    let order: Vec<u32> = order.into_iter().map(|(_, i)| i).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i as usize].take().expect("each position once"))
        .collect()
}

/// Bytes of JSON Lines read before their records are handed to the workers:
/// small enough that the workers start soon after the reader, large enough
/// that a batch is worth spreading over threads.
const READ_CHUNK: usize = 1 << 20;

/// Chunks the reader may have read ahead of the workers.
const READ_AHEAD: usize = 4;

/// Progress callbacks, so that the binary can show bars and the library
/// stays quiet. Called from worker threads.
pub trait Progress: Sync {
    /// A stage starts with `total` units of work (0: not known ahead).
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

/// What the manifest and documents.jsonl need of a page beyond its
/// [`Doc`]: warnings, the encoding it was read in, its declared metadata.
type PageNotes = (Vec<String>, String, PageMeta);

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

    /// `s` normalized under the document's `plan`; new notes are added to `notes`.
    fn normalized<'s>(&self, s: &'s str, plan: &Plan, notes: &mut Vec<String>) -> Cow<'s, str> {
        let n = self.normalizer.normalize_with(s, plan);
        for note in n.notes {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        n.text
    }

    /// The page's document and the normalize stage's notes for its manifest
    /// entry. Document-level decisions (legacy encoding, VIQR) are made once
    /// on the body and title together, then applied to each part.
    fn to_doc(&self, page: &Page, ex: Extraction) -> (Doc, PageMeta, Vec<String>) {
        let body = ex.paragraphs.join("\n");
        let title = page.title.as_ref().or(ex.meta.title.as_ref());
        // The plan is taken on title and body together; words split on
        // whitespace, so a missing title changes nothing.
        let plan = match title {
            Some(t) => self.normalizer.plan_parts(&[t, &body]),
            None => self.normalizer.plan(&body),
        };
        let mut notes = Vec::new();
        // Normalization may split a paragraph at line breaks it contained.
        // The text is made anew even when nothing changed: it lives until
        // the run's end, and a copy made now lies together in memory, where
        // the extraction's own strings lie scattered among the freed ones
        // of the page (on a million pages that cost a quarter more memory).
        let text = paragraph_text(&self.normalized(&body, &plan, &mut notes));
        let mut clean_meta = |v: Option<&String>| {
            v.map(|s| self.normalized(s, &plan, &mut notes).replace('\n', " "))
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
            text,
        };
        (doc, meta, notes)
    }

    fn run_in_pool(
        &self,
        inputs: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<RunOutput, RunError> {
        progress.stage("discover", 1);
        let mut found = ingest::find(inputs)?;
        progress.tick();
        progress.done();
        let skipped = std::mem::take(&mut found.skipped);

        // 1–2. ingest and boilerplate, page by page. JSON Lines files are
        // read (and gunzipped, which cannot be split across threads) a chunk
        // at a time on one thread while the other threads load and extract
        // the records of the chunks already read. Memory: each stage
        // consumes what the one before made and frees it page by page (a
        // chunk once its records are decoded, a page's body once
        // extracted, an extraction once normalized; a document's text moves
        // into its output record), so a run holds about one
        // copy of the corpus text at any time.
        progress.stage("extract", found.inputs_known().unwrap_or(0));
        let read_extract = |input: ingest::Input| {
            let mut loaded = ingest::load(&input);
            drop(input);
            let ex = match &mut loaded {
                Loaded::Page(page, _) => {
                    let mut ex = self.extractor.extract(page);
                    page.body = String::new();
                    if !self.cfg.boilerplate.site_templates {
                        // Only the site templates read the keys.
                        ex.paragraph_keys = Vec::new();
                        ex.removed_keys = Vec::new();
                    }
                    Some(ex)
                }
                Loaded::Failed(_) => None,
            };
            progress.tick();
            (loaded, ex)
        };
        // The reader runs on a thread of its own, at most `READ_AHEAD`
        // chunks ahead of the workers, which take the chunks as they come:
        // read faster than pages are extracted (an uncompressed file from
        // the page cache), a whole corpus would otherwise sit in memory
        // before its first pages were done, and every chunk would take
        // fresh memory where a bounded reader reuses the chunks freed.
        let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let mut read: Vec<(Loaded, Option<Extraction>)> = Vec::new();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                ingest::read_batches(found.sources, READ_CHUNK, |batch| {
                    // The receiver lives until every batch is taken.
                    let _ = tx.send(batch);
                })
            });
            for batch in rx {
                let done: Vec<_> = batch.into_par_iter().map(read_extract).collect();
                read.extend(done);
            }
        });
        progress.done();
        let (pages, mut extractions, failures) = unique_ids(read);

        // Site templates (map, merge, apply). Later stages need a page's
        // metadata, not its body.
        let extractions = if self.cfg.boilerplate.site_templates {
            progress.stage("templates", 1);
            let lines: Vec<PageLines> = extractions
                .par_iter_mut()
                .map(PageLines::take_from)
                .collect();
            // Sites are counted in parallel (map), then merged.
            let mut by_site: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, (p, _)) in pages.iter().enumerate() {
                by_site.entry(p.site.as_str()).or_default().push(i);
            }
            let by_site: Vec<(&str, Vec<usize>)> = by_site.into_iter().collect();
            let counted = par_map(&by_site, |(site, pages)| {
                (
                    *site,
                    SiteLines::count(
                        pages.iter().map(|&i| &lines[i]),
                        self.cfg.boilerplate.template_min_pages,
                    ),
                )
            });
            let templates = SiteTemplates::from_sites(counted, &self.cfg.boilerplate);
            // The lists are zipped as parallel iterators, not collected into
            // one more list of a million extractions first.
            let applied = pages
                .par_iter()
                .map(|(p, _)| p.site.as_str())
                .zip(extractions)
                .zip(lines.into_par_iter().map(PageLines::into_paragraph_keys))
                .map(|((site, ex), keys)| templates.apply_keyed(site, ex, keys))
                .collect();
            progress.tick();
            progress.done();
            applied
        } else {
            extractions
        };

        // 3. normalize
        progress.stage("normalize", pages.len());
        let cleaned: Vec<Cleaned> = pages
            .into_par_iter()
            .zip(extractions)
            .map(|((page, mut warnings), mut ex)| {
                let removed = std::mem::take(&mut ex.removed);
                let (doc, meta, notes) = self.to_doc(&page, ex);
                warnings.extend(notes);
                progress.tick();
                Cleaned {
                    doc,
                    meta,
                    warnings,
                    encoding: page.encoding,
                    removed,
                }
            })
            .collect();
        progress.done();

        // 4. fingerprint (documents sorted by id: clustering's input order)
        let mut manifest = Vec::new();
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for c in cleaned {
            removed.push(RemovedRecord {
                id: c.doc.id.clone(),
                removed: c.removed,
            });
            if c.doc.is_empty() {
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
        let kept = sort_by_id(kept, |k| &k.0.id);
        let (docs, notes): (Vec<Doc>, Vec<PageNotes>) = kept.into_iter().unzip();
        progress.stage("fingerprint", docs.len());
        // Each text's characters are counted here, while the text is in
        // cache: grouping (the most complete copy is canonical) and the
        // manifest need them, and a million texts read again cost a second.
        let (fps, chars): (Vec<_>, Vec<usize>) = docs
            .par_iter()
            .map(|d| {
                let fp = self.fingerprinter.fingerprint(&d.text);
                let chars = d.text_chars();
                progress.tick();
                (fp, chars)
            })
            .unzip();
        progress.done();

        // 5. cluster: duplicates, then events over the canonical copies
        progress.stage("cluster", 1);
        let groups = if self.cfg.dedup.enabled {
            cluster::dedup::find_duplicates_counted(&docs, &fps, &chars, &self.cfg.dedup)
        } else {
            Vec::new()
        };
        // Fingerprints are only for grouping: free them before the output.
        fps.into_par_iter().for_each(drop);
        // A document's position in `docs`, which is sorted by (unique) id.
        let index = |id: &str| docs.binary_search_by(|d| d.id.as_str().cmp(id)).ok();
        // Per document (an index into `docs`): the canonical page it is a copy of.
        let mut dup_of: Vec<Option<usize>> = vec![None; docs.len()];
        for g in &groups {
            let Some(c) = index(&g.canonical) else {
                continue;
            };
            for m in &g.members {
                if let Some(i) = index(&m.id) {
                    dup_of[i] = Some(c);
                }
            }
        }
        let canon: Vec<&Doc> = docs
            .iter()
            .zip(&dup_of)
            .filter(|(_, c)| c.is_none())
            .map(|(d, _)| d)
            .collect();
        let events = match self.cfg.events.mode {
            EventMode::Off => Vec::new(),
            _ => cluster::events::find_events(&canon, &self.cfg.events),
        };
        drop(canon);
        progress.tick();
        progress.done();
        // Per document: its event (an index into `events`) and that event's
        // canonical document.
        let mut event_of: Vec<Option<usize>> = vec![None; docs.len()];
        let mut event_canon: Vec<Option<usize>> = vec![None; docs.len()];
        for (k, e) in events.iter().enumerate() {
            let c = index(&e.canonical);
            for m in &e.members {
                if let Some(i) = index(&m.id) {
                    event_of[i] = Some(k);
                    event_canon[i] = c;
                }
            }
        }
        let collapse = self.cfg.events.mode == EventMode::Collapse;

        progress.stage("records", 1);
        // 6. output records. First what each document becomes (this needs
        // other documents' ids), then the records, consuming the documents.
        let mut sources: Vec<Vec<String>> = vec![Vec::new(); docs.len()];
        for (i, d) in docs.iter().enumerate() {
            let mut head = dup_of[i].unwrap_or(i);
            if collapse {
                head = event_canon[head].unwrap_or(head);
            }
            sources[head].push(d.id.clone());
        }
        // Per document: (status, duplicate_of, reason, event id).
        let fates: Vec<Fate> = (0..docs.len())
            .map(|i| {
                let event_id = event_of[dup_of[i].unwrap_or(i)].map(|k| events[k].id.clone());
                if let Some(c) = dup_of[i] {
                    (Status::Duplicate, Some(docs[c].id.clone()), None, event_id)
                } else if let Some(c) = event_canon[i].filter(|&c| collapse && c != i) {
                    (
                        Status::Duplicate,
                        Some(docs[c].id.clone()),
                        Some("collapsed into its event's canonical document".into()),
                        event_id,
                    )
                } else {
                    (Status::Canonical, None, None, event_id)
                }
            })
            .collect();
        drop((dup_of, event_of, event_canon));
        // Each document's records in parallel (joining and counting its
        // text is most of the work), then sorted into the three lists.
        let made: Vec<(ManifestEntry, Option<Record>)> = docs
            .into_par_iter()
            .zip(notes.into_par_iter().zip(chars))
            .zip(fates.into_par_iter().zip(sources))
            .map(
                |(
                    (d, ((warnings, encoding, meta), chars)),
                    ((status, duplicate_of, reason, event_id), mut srcs),
                )| {
                    let Doc {
                        id,
                        source,
                        site,
                        title,
                        url,
                        date,
                        author,
                        text,
                    } = d;
                    let reason = reason.or((!warnings.is_empty()).then(|| warnings.join("; ")));
                    let record = if status == Status::Canonical {
                        srcs.sort_by(|a, b| (*a != id, a).cmp(&(*b != id, b)));
                        Some(Record::Document(DocumentRecord {
                            id: id.clone(),
                            title,
                            url,
                            date,
                            author,
                            site: Some(meta.site_name.unwrap_or_else(|| site.clone())),
                            canonical_url: meta.canonical_url,
                            text,
                            sources: srcs,
                            event: event_id.clone(),
                        }))
                    } else {
                        duplicate_of.as_ref().map(|of| {
                            Record::Duplicate(DuplicateRecord {
                                id: id.clone(),
                                duplicate_of: of.clone(),
                                title,
                                url,
                                date,
                                text,
                            })
                        })
                    };
                    let entry = ManifestEntry {
                        id,
                        source,
                        status,
                        duplicate_of,
                        event: event_id,
                        reason,
                        site: Some(site),
                        encoding: Some(encoding),
                        chars,
                    };
                    (entry, record)
                },
            )
            .collect();
        let mut documents = Vec::new();
        let mut duplicates = Vec::new();
        manifest.reserve(made.len() + failures.len());
        for (entry, record) in made {
            manifest.push(entry);
            match record {
                Some(Record::Document(r)) => documents.push(r),
                Some(Record::Duplicate(r)) => duplicates.push(r),
                None => {}
            }
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
        let manifest = sort_by_id(manifest, |m| &m.id);
        let removed = sort_by_id(removed, |r| &r.id);
        progress.tick();
        progress.done();

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
            skipped_files: skipped.len(),
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
                skipped,
            },
        })
    }
}

/// The pages read (with their warnings), their extractions, and the inputs
/// that are no page, with unique ids.
type Unique = (
    Vec<(Page, Vec<String>)>,
    Vec<Extraction>,
    Vec<ingest::Failure>,
);

/// A kept document's output record besides its manifest entry.
enum Record {
    Document(DocumentRecord),
    Duplicate(DuplicateRecord),
}

/// What a kept document becomes: its status, the page it is a copy of, a
/// reason, and its event's id.
type Fate = (Status, Option<String>, Option<String>, Option<String>);

/// Split loaded inputs into pages and failures, making page ids unique:
/// a repeated id gets `#2`, `#3`, ... in input order (which is deterministic)
/// and a warning, so that no page is lost to a collision.
fn unique_ids(read: Vec<(Loaded, Option<Extraction>)>) -> Unique {
    // Which inputs repeat an id seen earlier, and as which occurrence: the
    // ids are sorted with their positions (in parallel, borrowing them), so
    // repeats are runs, each in input order; no map of a million owned ids.
    fn id_of(l: &Loaded) -> &str {
        match l {
            Loaded::Page(p, _) => &p.id,
            Loaded::Failed(f) => &f.id,
        }
    }
    let mut ids: Vec<(&str, u32)> = read
        .iter()
        .enumerate()
        .map(|(k, (l, _))| (id_of(l), k as u32))
        .collect();
    par_sort(&mut ids);
    // (position, occurrence from 2 on), by position.
    let mut repeats: Vec<(u32, usize)> = Vec::new();
    for run in ids.chunk_by(|a, b| a.0 == b.0) {
        repeats.extend(
            run.iter()
                .enumerate()
                .skip(1)
                .map(|(j, &(_, k))| (k, j + 1)),
        );
    }
    drop(ids);
    repeats.sort_unstable();
    let mut repeats = repeats.into_iter().peekable();
    let mut pages = Vec::with_capacity(read.len());
    let mut extractions = Vec::with_capacity(read.len());
    let mut failures = Vec::new();
    for (k, (l, ex)) in read.into_iter().enumerate() {
        let new_id = repeats
            .next_if(|&(at, _)| at as usize == k)
            .map(|(_, n)| format!("{}#{n}", id_of(&l)));
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
                extractions.push(ex.unwrap_or_default());
            }
            Loaded::Failed(mut f) => {
                if let Some(new_id) = new_id {
                    f.id = new_id;
                }
                failures.push(f);
            }
        }
    }
    (pages, extractions, failures)
}

/// `body` (one paragraph per line, empty lines allowed) as a document
/// text: its non-empty lines separated by blank lines ([`Doc::text`]).
fn paragraph_text(body: &str) -> String {
    // Room for the text: each line break may become two.
    let breaks = memchr::memchr_iter(b'\n', body.as_bytes()).count();
    crate::model::push_paragraphs(String::with_capacity(body.len() + breaks), body.split('\n'))
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
    fn sort_by_id_sorts_and_keeps_ties_in_input_order() {
        let items = vec![("b", 0), ("a", 1), ("c", 2), ("a", 3), ("b", 4)];
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let sorted = pool.install(|| sort_by_id(items, |t| t.0));
        assert_eq!(
            sorted,
            vec![("a", 1), ("a", 3), ("b", 0), ("b", 4), ("c", 2)]
        );
        assert!(sort_by_id(Vec::<(&str, i32)>::new(), |t| t.0).is_empty());
    }

    #[test]
    fn repeated_ids_are_numbered_in_input_order() {
        let page = |id: &str| {
            let p = Page {
                id: id.into(),
                source: String::new(),
                kind: crate::model::PageKind::Text,
                body: String::new(),
                url: None,
                title: None,
                date: None,
                site: String::new(),
                encoding: String::new(),
            };
            (Loaded::Page(p, Vec::new()), None)
        };
        let failed = |id: &str| {
            let f = ingest::Failure {
                id: id.into(),
                source: String::new(),
                status: FailStatus::Error,
                reason: String::new(),
            };
            (Loaded::Failed(f), None)
        };
        let read = vec![
            page("b"),
            page("a"),
            failed("b"),
            page("a"),
            page("b"),
            page("c"),
        ];
        let (pages, extractions, failures) = unique_ids(read);
        let ids: Vec<&str> = pages.iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "a#2", "b#3", "c"]);
        assert_eq!(extractions.len(), pages.len());
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].id, "b#2");
        // A renamed page says so; the others carry no warning.
        let warned: Vec<bool> = pages.iter().map(|(_, w)| !w.is_empty()).collect();
        assert_eq!(warned, [false, false, true, true, false]);
    }

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
