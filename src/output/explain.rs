//! `scour explain A B`: why two pages were, or were not, grouped.
//!
//! Both decisions a run makes about a pair are laid out with the numbers
//! that made them and the thresholds in force:
//! - **duplicates**: exact hash, shingle Jaccard against
//!   `dedup.jaccard_threshold`, word containment against
//!   `dedup.containment_threshold` (runs of `dedup.min_run` shingles, at
//!   least `dedup.min_contained_shingles`) with the copy's layout
//!   (`dedup.max_skipped`, `dedup.min_in_order`), and the rule that matched
//!   (the dedup stage itself is run on the pair);
//! - **events**: the pair score clustering saw, split into its components
//!   (TF-IDF cosine of terms, entity overlap, number overlap, each with its
//!   weight, and the time factor from the anchor dates), against
//!   `events.threshold`, with the features the two share.
//!
//! A page is a page id of an output folder (its text as the run left it) or
//! a file, which goes through the per-page stages here. With an output
//! folder the run's canonical documents are the background for the IDF
//! weights, so the pair score is the one the run computed, and the folder's
//! manifest says what the run actually did (average linkage can join two
//! documents through others, or keep apart a pair that scores high alone).
//!
//! This module is the one place that calls into the cluster stage for
//! explanations ([`events::pair_scores`], [`dedup::find_duplicates`],
//! [`features::extract`], the fingerprinter): when those change, only the
//! calls here need to follow.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use super::read::{read_run, ReadError};
use super::{RunOutput, Status};
use crate::cluster::events::{self, EventConfig, EventMode};
use crate::cluster::features::{self, civil_from_days, Features};
use crate::cluster::{dedup, DedupConfig};
use crate::config::Config;
use crate::fingerprint::{alignment, covered_share, intersection_size, Fingerprinter, Shingler};
use crate::ingest::{self, Loaded};
use crate::model::Doc;
use crate::pipeline::Pipeline;

/// A pair that cannot be explained.
#[derive(Debug, Error)]
pub enum ExplainError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("'{arg}' is neither a page id in {where_} nor a file")]
    Unknown { arg: String, where_: String },
    #[error("page '{id}' has status {status}: no text to compare ({reason})")]
    NoText {
        id: String,
        status: String,
        reason: String,
    },
    #[error("cannot read '{}': {message}", .path.display())]
    File { path: PathBuf, message: String },
    #[error("'{}' holds {count} pages; explain takes one page per argument (run it and use page ids with --output)", .path.display())]
    ManyPages { path: PathBuf, count: usize },
    #[error("A and B are the same page '{0}'")]
    Same(String),
}

/// One side of the pair.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    pub id: String,
    pub source: String,
    /// `output folder` or `file` (per-page stages run here, no site templates).
    pub from: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub chars: usize,
    /// What the run made of it, when it comes from an output folder.
    pub status: Option<Status>,
    pub duplicate_of: Option<String>,
    pub event: Option<String>,
}

/// The duplicate decision.
#[derive(Debug, Clone, Serialize)]
pub struct DedupExplain {
    pub enabled: bool,
    pub exact_same_text: bool,
    pub shingles_a: usize,
    pub shingles_b: usize,
    pub shared_shingles: usize,
    pub jaccard: f64,
    /// Word containment: the share of the smaller page's words inside runs
    /// of at least `min_run` shingles the other page also has.
    pub containment: f64,
    /// Words of the larger page the match skips before its end, over the
    /// smaller page's words (an excerpt or a whole copy skips little).
    pub large_skipped: f64,
    /// Share of the copied words in the longest in-order chain of runs.
    pub in_order: f64,
    pub jaccard_threshold: f64,
    pub containment_threshold: f64,
    pub min_contained_shingles: usize,
    pub min_run: usize,
    pub max_skipped: f64,
    pub min_in_order: f64,
    /// What the dedup stage decides on these two pages alone: `exact`,
    /// `near`, `contained`, or `None`.
    pub rule: Option<String>,
    pub similarity: Option<f64>,
    /// What the run did, when known: `B is a duplicate of A (rule near, 0.99)`.
    pub in_run: Option<String>,
    pub why: String,
}

/// The event decision.
#[derive(Debug, Clone, Serialize)]
pub struct EventExplain {
    pub mode: String,
    /// The ids compared (a duplicate is replaced by its canonical page, as
    /// events are found among canonical pages).
    pub compared: (String, String),
    /// Documents whose statistics weigh the features (the IDF background).
    pub corpus_docs: usize,
    /// The pair shares an indexed distinctive feature, so clustering scored it.
    pub candidate: bool,
    /// The pair score clustering sees (0 when not a candidate).
    pub score: f64,
    pub threshold: f64,
    pub terms_cosine: f64,
    pub entity_overlap: f64,
    pub number_overlap: f64,
    pub weights: (f64, f64, f64),
    /// Weighted sum of the components before the time factor.
    pub base: f64,
    /// What dates did to the score: 1 when they do not matter, below 1 when
    /// they are apart, above 1 (`date_match_boost`) when published together.
    pub time_factor: Option<f64>,
    /// `actor_conflict_factor` when neither page mentions the other's most
    /// salient entity, else 1.
    pub actor_factor: Option<f64>,
    pub actor_conflict_factor: f64,
    pub anchor_a: Option<String>,
    pub anchor_b: Option<String>,
    pub anchor_gap_days: Option<i64>,
    /// An anchor's year was guessed (no publication date, no year written):
    /// only month and day are compared, and a gap over half a year costs
    /// `year_conflict_factor`.
    pub anchor_year_guessed: bool,
    pub date_window_days: f64,
    pub date_half_life_days: f64,
    pub year_conflict_factor: f64,
    pub same_event: Option<bool>,
    pub event_a: Option<String>,
    pub event_b: Option<String>,
    /// Scores of A and B to the other members of their event(s) when
    /// linkage, not the pair itself, decided.
    pub linked_through: Vec<(String, String, f64)>,
    /// The rule that decided, in a few words.
    pub rule: String,
    pub why: String,
}

/// Features both pages have.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Shared {
    pub entities: Vec<String>,
    pub dates: Vec<String>,
    pub numbers: Vec<String>,
    /// Shared terms, most distinctive (IDF over the corpus × count) first.
    pub terms: Vec<String>,
    pub only_a_entities: Vec<String>,
    pub only_b_entities: Vec<String>,
}

/// The whole explanation (`--json` prints this).
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub a: PageInfo,
    pub b: PageInfo,
    pub verdict: String,
    pub dedup: DedupExplain,
    pub events: EventExplain,
    pub shared: Shared,
    /// The output folder used, if any.
    pub output: Option<String>,
}

fn doc_from(id: &str, run: &RunOutput) -> Option<Doc> {
    let m = run.manifest.iter().find(|m| m.id == id)?;
    let (title, url, date, text) = if let Some(d) = run.documents.iter().find(|d| d.id == id) {
        (
            d.title.clone(),
            d.url.clone(),
            d.date.clone(),
            d.text.clone(),
        )
    } else if let Some(d) = run.duplicates.iter().find(|d| d.id == id) {
        (
            d.title.clone(),
            d.url.clone(),
            d.date.clone(),
            d.text.clone(),
        )
    } else {
        return None;
    };
    Some(Doc {
        id: id.to_string(),
        source: m.source.clone(),
        site: m.site.clone().unwrap_or_default(),
        title,
        url,
        date,
        author: None,
        text: paragraphs(&text),
    })
}

/// A document text as written (paragraphs joined by blank lines), with any
/// empty paragraph dropped.
fn paragraphs(text: &str) -> String {
    crate::model::join_paragraphs(text.split("\n\n"))
}

fn load_file(path: &Path, pipeline: &Pipeline) -> Result<Doc, ExplainError> {
    let disc = ingest::discover(&[path.to_path_buf()]).map_err(|e| ExplainError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if disc.inputs.len() != 1 {
        return Err(ExplainError::ManyPages {
            path: path.to_path_buf(),
            count: disc.inputs.len(),
        });
    }
    match ingest::load(&disc.inputs[0]) {
        Loaded::Page(page, _) => {
            let doc = pipeline.clean_page(&page);
            if doc.is_empty() {
                return Err(ExplainError::NoText {
                    id: doc.id,
                    status: "empty".into(),
                    reason: "no main text after boilerplate removal".into(),
                });
            }
            Ok(doc)
        }
        Loaded::Failed(f) => Err(ExplainError::File {
            path: path.to_path_buf(),
            message: f.reason,
        }),
    }
}

fn same_path(source: &str, arg: &str) -> bool {
    let clean = |s: &str| s.trim_start_matches("./").replace('\\', "/");
    clean(source) == clean(arg)
}

/// Resolve one argument: a page id of the run, a file the run read, or a file.
fn resolve(
    arg: &str,
    run: Option<&RunOutput>,
    dir: Option<&Path>,
    pipeline: &Pipeline,
) -> Result<(Doc, PageInfo), ExplainError> {
    if let Some(run) = run {
        let entry = run
            .manifest
            .iter()
            .find(|m| m.id == arg)
            .or_else(|| run.manifest.iter().find(|m| same_path(&m.source, arg)));
        if let Some(m) = entry {
            if matches!(m.status, Status::Empty | Status::Error) {
                return Err(ExplainError::NoText {
                    id: m.id.clone(),
                    status: format!("{:?}", m.status).to_lowercase(),
                    reason: m.reason.clone().unwrap_or_default(),
                });
            }
            if let Some(doc) = doc_from(&m.id, run) {
                let info = PageInfo {
                    id: doc.id.clone(),
                    source: doc.source.clone(),
                    from: "output folder".into(),
                    title: doc.title.clone(),
                    date: doc.date.clone(),
                    chars: doc.text_chars(),
                    status: Some(m.status),
                    duplicate_of: m.duplicate_of.clone(),
                    event: m.event.clone(),
                };
                return Ok((doc, info));
            }
            if !Path::new(arg).is_file() {
                return Err(ExplainError::NoText {
                    id: m.id.clone(),
                    status: format!("{:?}", m.status).to_lowercase(),
                    reason: "its text is in neither documents.jsonl nor duplicates.jsonl".into(),
                });
            }
        }
    }
    let path = Path::new(arg);
    if !path.exists() {
        return Err(ExplainError::Unknown {
            arg: arg.to_string(),
            where_: dir.map_or("no output folder (none given or found)".into(), |d| {
                format!("'{}'", d.join("manifest.jsonl").display())
            }),
        });
    }
    let doc = load_file(path, pipeline)?;
    let info = PageInfo {
        id: doc.id.clone(),
        source: doc.source.clone(),
        from: "file".into(),
        title: doc.title.clone(),
        date: doc.date.clone(),
        chars: doc.text_chars(),
        status: None,
        duplicate_of: None,
        event: None,
    };
    Ok((doc, info))
}

fn dedup_explain(a: &Doc, b: &Doc, cfg: &Config, run: Option<&RunOutput>) -> DedupExplain {
    let d: &DedupConfig = &cfg.dedup;
    let shingler = Shingler::new(&cfg.fingerprint);
    let (fa, fb) = (shingler.fingerprint(&a.text), shingler.fingerprint(&b.text));
    let (sa, sb) = (fa.shingle_set(), fb.shingle_set());
    let shared = intersection_size(&sa, &sb);
    let union = sa.len() + sb.len() - shared;
    let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
    let jaccard = ratio(shared, union);
    // The smaller page as the dedup stage picks it: fewer words, then fewer shingles.
    let ((small, small_set), (large, large_set)) =
        if (fa.units(), sa.len()) <= (fb.units(), sb.len()) {
            ((&fa, &sa), (&fb, &sb))
        } else {
            ((&fb, &sb), (&fa, &sa))
        };
    let small_n = small_set.len();
    let containment = covered_share(small, large_set, d.min_run);
    let al = alignment(small, large, d.min_run);
    // The stage itself decides on the pair alone.
    let mut on = d.clone();
    on.enabled = true;
    let groups = dedup::find_duplicates(&[a.clone(), b.clone()], &[fa.clone(), fb.clone()], &on);
    let member = groups.first().and_then(|g| g.members.first());
    let rule = member.map(|m| m.rule.clone());
    let similarity = member.map(|m| m.similarity);
    let in_run = run.map(|run| {
        let dup_of: HashMap<&str, &str> = run
            .manifest
            .iter()
            .filter_map(|m| Some((m.id.as_str(), m.duplicate_of.as_deref()?)))
            .collect();
        let how = |copy: &str| {
            run.report
                .duplicates
                .iter()
                .flat_map(|g| &g.members)
                .find(|m| m.id == copy)
                .map(|m| format!(" (rule {}, similarity {:.3})", m.rule, m.similarity))
                .unwrap_or_default()
        };
        let (ia, ib) = (a.id.as_str(), b.id.as_str());
        match (dup_of.get(ia), dup_of.get(ib)) {
            (Some(&c), _) if c == ib => format!("A is a duplicate of B in the run{}", how(ia)),
            (_, Some(&c)) if c == ia => format!("B is a duplicate of A in the run{}", how(ib)),
            (Some(&x), Some(&y)) if x == y => {
                format!("A and B are both duplicates of {x} in the run")
            }
            _ => "not in one duplicate group in the run".to_string(),
        }
    });
    let why = if !d.enabled {
        "duplicate detection is off (dedup.enabled = false)".to_string()
    } else if fa.exact == fb.exact && !fa.shingles.is_empty() {
        "same text after folding case and whitespace: exact copies".to_string()
    } else if let (Some(r), Some(s)) = (&rule, similarity) {
        match r.as_str() {
            "near" => format!("rule near: Jaccard {s:.3} ≥ dedup.jaccard_threshold {}", d.jaccard_threshold),
            "contained" => format!(
                "rule contained: {s:.3} of the smaller page's words are copied from the other ≥ dedup.containment_threshold {}, laid out as a copy (skipped {:.2} ≤ dedup.max_skipped {} or in order {:.3} ≥ dedup.min_in_order {})",
                d.containment_threshold, al.large_skipped, d.max_skipped, al.in_order, d.min_in_order
            ),
            r => format!("rule {r}: similarity {s:.3}"),
        }
    } else {
        let mut why = format!(
            "no rule matched: Jaccard {jaccard:.3} < dedup.jaccard_threshold {}",
            d.jaccard_threshold
        );
        if small_n < d.min_contained_shingles {
            why.push_str(&format!(
                "; the smaller page has {small_n} shingles < dedup.min_contained_shingles {}, too short to judge by containment",
                d.min_contained_shingles
            ));
        } else if containment < d.containment_threshold {
            why.push_str(&format!(
                "; containment {containment:.3} < dedup.containment_threshold {}",
                d.containment_threshold
            ));
        } else {
            why.push_str(&format!(
                "; containment {containment:.3} ≥ {} but the copied words are not laid out as a copy's: the match skips {:.2} of the larger page (> dedup.max_skipped {}) and only {:.3} of them keep its order (< dedup.min_in_order {}), as in another outlet's rewrite",
                d.containment_threshold, al.large_skipped, d.max_skipped, al.in_order, d.min_in_order
            ));
        }
        why
    };
    DedupExplain {
        enabled: d.enabled,
        exact_same_text: fa.exact == fb.exact,
        shingles_a: sa.len(),
        shingles_b: sb.len(),
        shared_shingles: shared,
        jaccard,
        containment,
        large_skipped: al.large_skipped,
        in_order: al.in_order,
        jaccard_threshold: d.jaccard_threshold,
        containment_threshold: d.containment_threshold,
        min_contained_shingles: d.min_contained_shingles,
        min_run: d.min_run,
        max_skipped: d.max_skipped,
        min_in_order: d.min_in_order,
        rule,
        similarity,
        in_run,
        why,
    }
}

/// The score of pair (a, b) under `cfg`, and whether it was a candidate.
fn score_of(corpus: &[&Doc], cfg: &EventConfig, a: &str, b: &str) -> Option<f64> {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    events::pair_scores(corpus, cfg)
        .into_iter()
        .find(|(p, q, _)| p == x && q == y)
        .map(|(_, _, s)| s)
}

fn shared_features(fa: &Features, fb: &Features, corpus: &[Features]) -> Shared {
    let n = corpus.len().max(1) as f64;
    let mut df: HashMap<&str, usize> = HashMap::new();
    for f in corpus {
        for t in f.terms.keys() {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut terms: Vec<(f64, &String)> = fa
        .terms
        .iter()
        .filter_map(|(t, ca)| {
            let cb = fb.terms.get(t)?;
            let idf = (n / df.get(t.as_str()).copied().unwrap_or(1).max(1) as f64).ln() + 1.0;
            Some((ca.min(*cb) * idf, t))
        })
        .collect();
    terms.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    let keys = |m: &BTreeMap<String, String>, o: &BTreeMap<String, String>, both: bool| {
        m.iter()
            .filter(|(k, _)| o.contains_key(*k) == both)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    let dates =
        |f: &Features| -> BTreeSet<i64> { f.dates.iter().copied().chain(f.anchor).collect() };
    Shared {
        entities: keys(&fa.entities, &fb.entities, true),
        dates: dates(fa)
            .intersection(&dates(fb))
            .map(|&d| civil_from_days(d))
            .collect(),
        numbers: keys(&fa.numbers, &fb.numbers, true),
        terms: terms.into_iter().take(20).map(|(_, t)| t.clone()).collect(),
        only_a_entities: keys(&fa.entities, &fb.entities, false),
        only_b_entities: keys(&fb.entities, &fa.entities, false),
    }
}

#[allow(clippy::too_many_arguments)]
fn events_explain(
    a: &Doc,
    b: &Doc,
    corpus: &[&Doc],
    cfg: &EventConfig,
    run: Option<&RunOutput>,
    fa: &Features,
    fb: &Features,
) -> EventExplain {
    let mode = format!("{:?}", cfg.mode).to_lowercase();
    let score = score_of(corpus, cfg, &a.id, &b.id);
    // Components through the same public scoring: one weight at a time, with
    // the time factor neutralized.
    let flat = EventConfig {
        date_window_days: 1e12,
        date_match_boost: 1.0,
        year_conflict_factor: 1.0,
        actor_conflict_factor: 1.0,
        ..cfg.clone()
    };
    let only = |wt: f64, we: f64, wn: f64| {
        let c = EventConfig {
            w_terms: wt,
            w_entities: we,
            w_numbers: wn,
            ..flat.clone()
        };
        score_of(corpus, &c, &a.id, &b.id).unwrap_or(0.0)
    };
    let (cos, ent, num) = if score.is_some() {
        (
            only(1.0, 0.0, 0.0),
            only(0.0, 1.0, 0.0),
            only(0.0, 0.0, 1.0),
        )
    } else {
        (0.0, 0.0, 0.0)
    };
    let wsum = cfg.w_terms + cfg.w_entities + cfg.w_numbers;
    let base = if wsum > 0.0 {
        (cfg.w_terms * cos + cfg.w_entities * ent + cfg.w_numbers * num) / wsum
    } else {
        0.0
    };
    let s = score.unwrap_or(0.0);
    // The score without the actor check: the time factor is what is left.
    let no_actor = EventConfig {
        actor_conflict_factor: 1.0,
        ..cfg.clone()
    };
    let dated = if score.is_some() {
        score_of(corpus, &no_actor, &a.id, &b.id)
    } else {
        None
    };
    let actor_factor = score
        .zip(dated)
        .map(|(s, d)| if d > 1e-12 { s / d } else { 1.0 });
    let time_factor = dated.filter(|_| base > 1e-12).map(|d| d / base);
    let anchor_gap_days = match (fa.anchor, fb.anchor) {
        (Some(x), Some(y)) => Some((x - y).abs()),
        _ => None,
    };

    // What happened: from the run's manifest, else clustering these documents.
    let (event_a, event_b, members): (Option<String>, Option<String>, Vec<String>) = match run {
        Some(run) => {
            let ev = |id: &str| {
                run.manifest
                    .iter()
                    .find(|m| m.id == id)
                    .and_then(|m| m.event.clone())
            };
            let (ea, eb) = (ev(&a.id), ev(&b.id));
            let members = run
                .report
                .events
                .iter()
                .filter(|e| Some(&e.id) == ea.as_ref() || Some(&e.id) == eb.as_ref())
                .flat_map(|e| e.members.clone())
                .collect();
            (ea, eb, members)
        }
        None => {
            let evs = if cfg.mode == EventMode::Off {
                Vec::new()
            } else {
                events::find_events(corpus, cfg)
            };
            let of = |id: &str| evs.iter().find(|e| e.members.iter().any(|m| m.id == id));
            let (xa, xb) = (of(&a.id), of(&b.id));
            let members = [xa, xb]
                .into_iter()
                .flatten()
                .flat_map(|e| e.members.iter().map(|m| m.id.clone()))
                .collect();
            (xa.map(|e| e.id.clone()), xb.map(|e| e.id.clone()), members)
        }
    };
    let same_event = match (&event_a, &event_b) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    let t = cfg.threshold;
    let linked_through: Vec<(String, String, f64)> = if same_event == Some(true) && s < t {
        let others: BTreeSet<&str> = members
            .iter()
            .map(String::as_str)
            .filter(|m| *m != a.id && *m != b.id)
            .collect();
        let scores = events::pair_scores(corpus, cfg);
        scores
            .into_iter()
            .filter(|(p, q, _)| {
                (p == &a.id || p == &b.id || q == &a.id || q == &b.id)
                    && (others.contains(p.as_str()) || others.contains(q.as_str()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let date_note = match (time_factor, anchor_gap_days) {
        (Some(f), Some(g)) if f < 0.999 => format!(
            "; their anchor dates are {g} days apart{} (window {} days, half-life {} days): the score was multiplied by {f:.3}",
            if fa.anchor_year_guessed || fb.anchor_year_guessed {
                format!(
                    ", a year guessed so only month and day count and differing years cost events.year_conflict_factor {}",
                    cfg.year_conflict_factor
                )
            } else {
                String::new()
            },
            cfg.date_window_days,
            cfg.date_half_life_days
        ),
        (Some(f), None) if f < 0.999 => format!(
            "; the years they speak of differ: the score was multiplied by {f:.3} (events.year_conflict_factor)"
        ),
        _ => String::new(),
    };
    let date_note = match actor_factor {
        Some(f) if f < 0.999 => format!(
            "{date_note}; neither names the other's main actor (its most salient entity): the score was multiplied by {f:.3} (events.actor_conflict_factor)"
        ),
        _ => date_note,
    };
    let parts = format!(
        "terms cosine {cos:.3} × {}, entities {ent:.3} × {}, numbers {num:.3} × {}",
        cfg.w_terms, cfg.w_entities, cfg.w_numbers
    );
    let (rule, why) = if cfg.mode == EventMode::Off {
        (
            "events off".to_string(),
            "event grouping is off (events.mode = \"off\"): every document is its own event"
                .to_string(),
        )
    } else if score.is_none() {
        let verdict = if same_event == Some(true) {
            "yet one event: average linkage joined them through other members"
        } else {
            "so they stay in different events unless others link them"
        };
        (
            "not a candidate pair".to_string(),
            format!(
                "they share no indexed distinctive term or entity, so clustering never scored the pair (it counts 0 < events.threshold {t}); {verdict}"
            ),
        )
    } else if s >= t {
        if same_event == Some(false) {
            (
                "average linkage".to_string(),
                format!("pair score {s:.3} ≥ events.threshold {t}, but average linkage kept their clusters apart: the average over all member pairs stayed below {t}{} ({parts}){date_note}", if cfg.weekday_veto {
                    ", or the ledes of each group agree on another day of the week (events.weekday_veto)"
                } else {
                    ""
                }),
            )
        } else {
            (
                "pair score ≥ threshold".to_string(),
                format!("pair score {s:.3} ≥ events.threshold {t}: one event ({parts}){date_note}"),
            )
        }
    } else if same_event == Some(true) {
        (
            "average linkage".to_string(),
            format!("pair score {s:.3} < events.threshold {t}, yet one event: joined through other members (average linkage, or a fragment of up to events.attach_max_size pages joining the larger event it averages events.attach_share × threshold with) ({parts}){date_note}"),
        )
    } else {
        (
            "pair score < threshold".to_string(),
            format!(
                "pair score {s:.3} < events.threshold {t}: different events ({parts}){date_note}"
            ),
        )
    };
    EventExplain {
        mode,
        compared: (a.id.clone(), b.id.clone()),
        corpus_docs: corpus.len(),
        candidate: score.is_some(),
        score: s,
        threshold: t,
        terms_cosine: cos,
        entity_overlap: ent,
        number_overlap: num,
        weights: (cfg.w_terms, cfg.w_entities, cfg.w_numbers),
        base,
        time_factor,
        actor_factor,
        actor_conflict_factor: cfg.actor_conflict_factor,
        anchor_a: fa.anchor.map(civil_from_days),
        anchor_b: fb.anchor.map(civil_from_days),
        anchor_gap_days,
        anchor_year_guessed: fa.anchor_year_guessed || fb.anchor_year_guessed,
        date_window_days: cfg.date_window_days,
        date_half_life_days: cfg.date_half_life_days,
        year_conflict_factor: cfg.year_conflict_factor,
        same_event,
        event_a,
        event_b,
        linked_through,
        rule,
        why,
    }
}

/// Explain pages `a` and `b` (page ids of `dir`, or files).
pub fn explain(
    cfg: &Config,
    a: &str,
    b: &str,
    dir: Option<&Path>,
) -> Result<Explanation, ExplainError> {
    let run = match dir {
        Some(d) => Some(read_run(d)?.0),
        None => None,
    };
    let pipeline = Pipeline::new(cfg);
    let (da, ia) = resolve(a, run.as_ref(), dir, &pipeline)?;
    let (db, ib) = resolve(b, run.as_ref(), dir, &pipeline)?;
    if da.id == db.id && ia.from == ib.from {
        return Err(ExplainError::Same(da.id));
    }
    let dedup = dedup_explain(&da, &db, cfg, run.as_ref());

    // Events are found among canonical pages: a duplicate stands for its canonical page.
    let canonical_of = |doc: &Doc, info: &PageInfo| -> Doc {
        match (&run, &info.duplicate_of) {
            (Some(r), Some(c)) => doc_from(c, r).unwrap_or_else(|| doc.clone()),
            _ => doc.clone(),
        }
    };
    let (ea, eb) = (canonical_of(&da, &ia), canonical_of(&db, &ib));
    // The run's canonical documents, as clustering saw them (one pass: a
    // folder can hold many thousands).
    let mut background: Vec<Doc> = Vec::new();
    if let Some(r) = &run {
        let entry: HashMap<&str, &super::ManifestEntry> =
            r.manifest.iter().map(|m| (m.id.as_str(), m)).collect();
        for d in &r.documents {
            if d.id == ea.id || d.id == eb.id {
                continue;
            }
            let m = entry.get(d.id.as_str());
            background.push(Doc {
                id: d.id.clone(),
                source: m.map(|m| m.source.clone()).unwrap_or_default(),
                site: m.and_then(|m| m.site.clone()).unwrap_or_default(),
                title: d.title.clone(),
                url: d.url.clone(),
                date: d.date.clone(),
                author: None,
                text: paragraphs(&d.text),
            });
        }
    }
    let mut corpus: Vec<&Doc> = background.iter().collect();
    corpus.push(&ea);
    if eb.id != ea.id {
        corpus.push(&eb);
    }
    let feats: Vec<Features> = crate::pipeline::par_map(&corpus, |d| features::extract(d));
    let (fa, fb) = (features::extract(&ea), features::extract(&eb));
    let events = if ea.id == eb.id {
        EventExplain {
            mode: format!("{:?}", cfg.events.mode).to_lowercase(),
            compared: (ea.id.clone(), eb.id.clone()),
            corpus_docs: corpus.len(),
            candidate: false,
            score: 1.0,
            threshold: cfg.events.threshold,
            terms_cosine: 1.0,
            entity_overlap: 1.0,
            number_overlap: 1.0,
            weights: (
                cfg.events.w_terms,
                cfg.events.w_entities,
                cfg.events.w_numbers,
            ),
            base: 1.0,
            time_factor: None,
            actor_factor: None,
            actor_conflict_factor: cfg.events.actor_conflict_factor,
            anchor_a: fa.anchor.map(civil_from_days),
            anchor_b: fb.anchor.map(civil_from_days),
            anchor_gap_days: None,
            anchor_year_guessed: false,
            date_window_days: cfg.events.date_window_days,
            date_half_life_days: cfg.events.date_half_life_days,
            year_conflict_factor: cfg.events.year_conflict_factor,
            same_event: Some(true),
            event_a: ia.event.clone(),
            event_b: ib.event.clone(),
            linked_through: Vec::new(),
            rule: "same canonical page".into(),
            why: format!(
                "both stand for canonical page {} (duplicates share their canonical page's event)",
                ea.id
            ),
        }
    } else {
        events_explain(&ea, &eb, &corpus, &cfg.events, run.as_ref(), &fa, &fb)
    };
    let shared = shared_features(&fa, &fb, &feats);

    // The run's grouping when known (linking and candidates matter), else
    // the stage's decision on the pair alone.
    let dup = match &dedup.in_run {
        Some(r) => !r.starts_with("not"),
        None => dedup.rule.is_some(),
    };
    let verdict = if dup {
        format!(
            "DUPLICATES: {}",
            dedup.in_run.clone().unwrap_or_else(|| dedup.why.clone())
        )
    } else {
        match events.same_event {
            Some(true) => format!(
                "NOT DUPLICATES; SAME EVENT {} ({})",
                events.event_a.clone().unwrap_or_default(),
                events.rule
            ),
            Some(false) => format!("NOT DUPLICATES; DIFFERENT EVENTS ({})", events.rule),
            None => format!("NOT DUPLICATES; events: {}", events.rule),
        }
    };
    Ok(Explanation {
        a: ia,
        b: ib,
        verdict,
        dedup,
        events,
        shared,
        output: dir.map(|d| d.display().to_string()),
    })
}

fn list(v: &[String]) -> String {
    const SHOW: usize = 20;
    if v.is_empty() {
        "none".into()
    } else if v.len() > SHOW {
        format!(
            "{} … and {} more (--json lists all)",
            v[..SHOW].join(", "),
            v.len() - SHOW
        )
    } else {
        v.join(", ")
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, p) in [("A", &self.a), ("B", &self.b)] {
            writeln!(f, "{name}: {} ({}; from {})", p.id, p.source, p.from)?;
            writeln!(
                f,
                "   title: {}; date: {}; {} characters{}",
                p.title.as_deref().unwrap_or("-"),
                p.date.as_deref().unwrap_or("-"),
                p.chars,
                match (&p.status, &p.event) {
                    (Some(s), ev) => format!(
                        "; in the run: {}{}",
                        format!("{s:?}").to_lowercase(),
                        ev.as_deref()
                            .map(|e| format!(", event {e}"))
                            .unwrap_or_default()
                    ),
                    _ => String::new(),
                }
            )?;
        }
        writeln!(f)?;
        writeln!(f, "verdict: {}", self.verdict)?;
        writeln!(f)?;
        let d = &self.dedup;
        writeln!(f, "duplicates: {}", d.why)?;
        writeln!(
            f,
            "   shingles: A {}, B {}, shared {}; Jaccard {:.3} (threshold {}); word containment {:.3} (threshold {}, runs of ≥ {} shingles, smaller page needs ≥ {} shingles), skipped {:.2} (max {}), in order {:.3} (min {}); same text: {}",
            d.shingles_a, d.shingles_b, d.shared_shingles, d.jaccard, d.jaccard_threshold, d.containment, d.containment_threshold, d.min_run, d.min_contained_shingles, d.large_skipped, d.max_skipped, d.in_order, d.min_in_order, if d.exact_same_text { "yes" } else { "no" }
        )?;
        if let Some(r) = &d.in_run {
            writeln!(f, "   in the run: {r}")?;
        }
        writeln!(f)?;
        let e = &self.events;
        writeln!(f, "events ({}): {}", e.rule, e.why)?;
        if e.compared.0 != self.a.id || e.compared.1 != self.b.id {
            writeln!(
                f,
                "   compared as canonical pages: {} and {}",
                e.compared.0, e.compared.1
            )?;
        }
        writeln!(
            f,
            "   pair score {:.3} = ({:.3} × terms cosine {:.3} + {:.3} × entities {:.3} + {:.3} × numbers {:.3}) / {:.3} = {:.3}, × time factor {}, × actor factor {}; threshold {}",
            e.score,
            e.weights.0,
            e.terms_cosine,
            e.weights.1,
            e.entity_overlap,
            e.weights.2,
            e.number_overlap,
            e.weights.0 + e.weights.1 + e.weights.2,
            e.base,
            e.time_factor.map_or("n/a".into(), |t| format!("{t:.3}")),
            e.actor_factor.map_or("n/a".into(), |t| format!("{t:.3}")),
            e.threshold
        )?;
        writeln!(
            f,
            "   anchor dates: A {}, B {}{}{}; window {} days, half-life {} days, year conflict factor {}",
            e.anchor_a.as_deref().unwrap_or("none"),
            e.anchor_b.as_deref().unwrap_or("none"),
            e.anchor_gap_days.map(|g| format!(" ({g} days apart)")).unwrap_or_default(),
            if e.anchor_year_guessed { " (a year guessed)" } else { "" },
            e.date_window_days,
            e.date_half_life_days,
            e.year_conflict_factor
        )?;
        writeln!(
            f,
            "   events: A {}, B {}; IDF over {} documents{}",
            e.event_a.as_deref().unwrap_or("-"),
            e.event_b.as_deref().unwrap_or("-"),
            e.corpus_docs,
            if e.candidate {
                ""
            } else {
                "; not a candidate pair"
            }
        )?;
        if self.output.is_none() {
            writeln!(f, "   note: no output folder: weights come from these two pages alone, and a run's statistics give other scores (--output DIR)")?;
        }
        for (p, q, s) in &e.linked_through {
            writeln!(f, "   linked through: {p} ~ {q}: {s:.3}")?;
        }
        writeln!(f)?;
        let s = &self.shared;
        writeln!(f, "shared evidence:")?;
        writeln!(f, "   entities: {}", list(&s.entities))?;
        writeln!(f, "   dates:    {}", list(&s.dates))?;
        writeln!(f, "   numbers:  {}", list(&s.numbers))?;
        writeln!(f, "   terms:    {}", list(&s.terms))?;
        writeln!(f, "   entities only in A: {}", list(&s.only_a_entities))?;
        writeln!(f, "   entities only in B: {}", list(&s.only_b_entities))?;
        Ok(())
    }
}
