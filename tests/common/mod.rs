//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod metrics;

use std::path::{Path, PathBuf};

use scour::output::RunOutput;
use scour::pipeline::{NoProgress, Pipeline};
use scour::Config;

/// The repository root (integration tests run there too).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Run the whole pipeline with the shipped defaults.
pub fn run(inputs: &[&Path], threads: usize) -> RunOutput {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    Pipeline::new(&Config::default())
        .run(&inputs, threads, &NoProgress)
        .expect("pipeline run")
}

/// Every output of a run serialized, for whole-run comparisons.
pub fn fingerprint_run(run: &RunOutput) -> String {
    let mut s = String::new();
    for d in &run.documents {
        s += &serde_json::to_string(d).unwrap();
        s.push('\n');
    }
    for m in &run.manifest {
        s += &serde_json::to_string(m).unwrap();
        s.push('\n');
    }
    for r in &run.removed {
        s += &serde_json::to_string(r).unwrap();
        s.push('\n');
    }
    for d in &run.duplicates {
        s += &serde_json::to_string(d).unwrap();
        s.push('\n');
    }
    s += &serde_json::to_string_pretty(&run.report).unwrap();
    s
}

/// How a paragraph of the seeds is compared: put through the default
/// normalize stage (NFC, spaces collapsed, and its quote and tone policy),
/// so the fixtures can keep the text as published.
pub fn canon(s: &str) -> String {
    use scour::normalize::Normalize;
    scour::normalize::Normalizer::default()
        .normalize(&s.replace('\u{a0}', " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The run's events as sorted groups of seed numbers ("000", "001", ...):
/// the seeds' file names start with their number.
pub fn seed_events(run: &RunOutput) -> Vec<Vec<String>> {
    let mut groups: std::collections::HashMap<String, std::collections::BTreeSet<String>> =
        std::collections::HashMap::new();
    for d in &run.documents {
        let ev = d.event.clone().expect("every document has an event");
        let name = d.id.rsplit('/').next().unwrap_or(&d.id);
        groups.entry(ev).or_default().insert(name[..3].to_string());
    }
    let mut got: Vec<Vec<String>> = groups
        .into_values()
        .map(|g| g.into_iter().collect())
        .collect();
    got.sort();
    got
}

/// The five datasets of `../shared/data/extraction-dev`.
pub const EXTRACTION_DEV: [&str; 5] = [
    "cleanportaleval",
    "l3s-gn1",
    "readability",
    "scrapinghub",
    "trafilatura-eval",
];

/// One HTML page of extraction-dev: its dataset, its line in the
/// dataset's file (from 0), its id as written, and its HTML.
pub struct DevPage {
    pub dataset: &'static str,
    pub line: usize,
    pub id: String,
    pub html: String,
}

/// Every record with an `html` field in the extraction-dev files under
/// `dev`, dataset by dataset in file order.
pub fn extraction_dev_html(dev: &Path) -> Vec<DevPage> {
    use std::io::BufRead;
    let mut pages = Vec::new();
    for dataset in EXTRACTION_DEV {
        let path = dev.join(format!("{dataset}.jsonl.gz"));
        let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (line, l) in std::io::BufReader::new(flate2::read::GzDecoder::new(f))
            .lines()
            .enumerate()
        {
            let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
            if let Some(h) = v["html"].as_str() {
                pages.push(DevPage {
                    dataset,
                    line,
                    id: v["id"].to_string(),
                    html: h.to_string(),
                });
            }
        }
    }
    pages
}
