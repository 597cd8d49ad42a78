//! Issue 4: near-duplicate detection with verification.
//!
//! Floors on `../shared/data/syndication-dev` (the whole pipeline at the
//! default settings, events off: boilerplate removal, normalization,
//! fingerprints, duplicate groups), pairwise against `cluster` and recall per
//! transform; and the five seeds, none of which is a copy of another. Floors
//! sit a little under what `bash bench/dedup/run.sh` measures, to catch
//! regressions; the harness measures. Skips with a message when `../shared`
//! is absent.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use common::metrics::pairwise;
use scour::cluster::events::EventMode;
use scour::config::Config;
use scour::output::{RunOutput, Status};
use scour::pipeline::{NoProgress, Pipeline};

fn run_without_events(input: &Path) -> RunOutput {
    let mut cfg = Config::default();
    cfg.events.mode = EventMode::Off;
    Pipeline::new(&cfg)
        .run(&[input.to_path_buf()], 0, &NoProgress)
        .expect("pipeline run")
}

/// `(id, cluster, transform)` of every record of a corpus file.
fn truth(path: &Path) -> Vec<(String, String, String)> {
    let file = std::fs::File::open(path).unwrap();
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
            let s = |k: &str| match &v[k] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (s("id"), s("cluster"), s("transform"))
        })
        .collect()
}

struct Scores {
    precision: f64,
    recall: HashMap<String, f64>,
    lost: usize,
}

fn score(corpus: &Path) -> Scores {
    let run = run_without_events(corpus);
    let group: HashMap<&str, &str> = run
        .manifest
        .iter()
        .map(|m| (m.id.as_str(), m.duplicate_of.as_deref().unwrap_or(&m.id)))
        .collect();
    let truth = truth(corpus);
    assert_eq!(
        run.manifest.len(),
        truth.len(),
        "every record is in the manifest"
    );
    let items: Vec<(&str, Option<&str>)> = truth
        .iter()
        .map(|(id, c, _)| (group[id.as_str()], Some(c.as_str())))
        .collect();
    let (precision, _, _) = pairwise(&items);
    // Recall per transform: the copy is in its original's group.
    let original: HashMap<&str, &str> = truth
        .iter()
        .filter(|(_, _, t)| t == "original")
        .map(|(id, c, _)| (c.as_str(), id.as_str()))
        .collect();
    let mut hits: HashMap<String, (usize, usize)> = HashMap::new();
    for (id, c, t) in &truth {
        let Some(o) = original.get(c.as_str()) else {
            continue;
        };
        if t == "original" {
            continue;
        }
        let e = hits.entry(t.clone()).or_default();
        e.1 += 1;
        if group[id.as_str()] == group[o] {
            e.0 += 1;
        }
    }
    let recall = hits
        .into_iter()
        .map(|(t, (h, n))| (t, h as f64 / n.max(1) as f64))
        .collect();
    let lost = run
        .manifest
        .iter()
        .filter(|m| m.status == Status::Empty)
        .count();
    Scores {
        precision,
        recall,
        lost,
    }
}

fn syndication(name: &str) -> Option<PathBuf> {
    let path = common::root().join(format!("../shared/data/syndication-dev/{name}"));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("SKIP: {} is absent", path.display());
        None
    }
}

#[test]
fn syndication_clean_floors() {
    let Some(path) = syndication("corpus-clean.jsonl.gz") else {
        return;
    };
    let s = score(&path);
    eprintln!(
        "syndication clean: P {:.4}, recall {:?}, empty {}",
        s.precision, s.recall, s.lost
    );
    assert!(s.precision >= 0.99, "precision {:.4}", s.precision);
    assert!(s.recall["verbatim"] >= 0.98, "{:?}", s.recall);
    assert!(s.recall["light_edit"] >= 0.98, "{:?}", s.recall);
    assert!(s.recall["truncated"] >= 0.92, "{:?}", s.recall);
    assert!(s.recall["partial"] >= 0.92, "{:?}", s.recall);
}

#[test]
fn syndication_chrome_floors() {
    let Some(path) = syndication("corpus-chrome.jsonl.gz") else {
        return;
    };
    let s = score(&path);
    eprintln!(
        "syndication chrome: P {:.4}, recall {:?}, empty {}",
        s.precision, s.recall, s.lost
    );
    // Site chrome must not glue unrelated pages together.
    assert!(s.precision >= 0.99, "precision {:.4}", s.precision);
    assert!(s.recall["light_edit"] >= 0.985, "{:?}", s.recall);
    assert!(s.recall["truncated"] >= 0.95, "{:?}", s.recall);
    assert!(s.recall["partial"] >= 0.92, "{:?}", s.recall);
}

#[test]
fn seeds_are_not_duplicates_of_each_other() {
    let dir = common::root().join("../shared/seeds");
    if !dir.is_dir() {
        eprintln!("SKIP: {} is absent", dir.display());
        return;
    }
    let run = run_without_events(&dir);
    assert_eq!(run.manifest.len(), 5, "{:?}", run.manifest);
    let dups: Vec<_> = run
        .manifest
        .iter()
        .filter(|m| m.status == Status::Duplicate)
        .map(|m| (&m.id, &m.duplicate_of))
        .collect();
    assert!(dups.is_empty(), "{dups:?}");
    assert!(run.report.duplicates.is_empty());
    assert_eq!(
        run.manifest
            .iter()
            .filter(|m| m.status == Status::Canonical)
            .count(),
        5
    );
}
