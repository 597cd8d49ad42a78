//! End to end on `../shared/data/vn-news-dev` (646 Vietnamese pages with
//! chrome, copies and encoding damage): extraction quality, near-duplicate
//! groups against `article_id`, events against `event`. Floors, not exact
//! figures: they catch regressions; the issues' benchmark harnesses measure.
//! Skips with a message when `../shared` is absent.

mod common;

use std::collections::HashMap;

use common::metrics::{bag_prf, pairwise};

#[test]
fn vn_news_dev_end_to_end() {
    let dir = common::root().join("../shared/data/vn-news-dev");
    let truth_path = dir.join("truth.jsonl");
    if !truth_path.is_file() {
        eprintln!(
            "SKIP vn_news_dev_end_to_end: {} is absent",
            truth_path.display()
        );
        return;
    }
    let truth: Vec<serde_json::Value> = std::fs::read_to_string(&truth_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let run = common::run(&[&dir.join("pages")], 0);
    let text: HashMap<String, &str> = run
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.text.as_str()))
        .collect();
    let manifest: HashMap<&str, &scour::output::ManifestEntry> =
        run.manifest.iter().map(|m| (m.id.as_str(), m)).collect();
    assert_eq!(
        run.manifest.len(),
        truth.len(),
        "every page is in the manifest"
    );

    // Extraction, on every page that is written (canonical) or empty.
    let (mut f_sum, mut n, mut empty_ok, mut boiler) = (0.0, 0usize, 0usize, 0usize);
    let mut dup_items = Vec::new();
    let mut event_items = Vec::new();
    for t in &truth {
        let file = t["file"].as_str().unwrap();
        let id = file.strip_prefix("pages/").unwrap();
        let m = manifest.get(id).unwrap_or_else(|| panic!("{id} missing"));
        let gold = t["gold_text"].as_str().unwrap();
        if gold.is_empty() {
            boiler += 1;
            if m.status == scour::output::Status::Empty {
                empty_ok += 1;
            }
        }
        if let Some(txt) = text.get(id) {
            f_sum += bag_prf(txt, gold).2;
            n += 1;
        }
        let group = m.duplicate_of.clone().unwrap_or_else(|| id.to_string());
        dup_items.push((group, t["article_id"].as_str().map(String::from)));
        if !gold.is_empty() {
            event_items.push((
                m.event.clone().unwrap_or_else(|| id.to_string()),
                t["event"].as_i64(),
            ));
        }
    }
    let f_mean = f_sum / n as f64;
    let (dp, dr, df) = pairwise(&dup_items);
    let (ep, er, ef) = pairwise(&event_items);
    eprintln!(
        "vn-news-dev: extraction mean bag F1 {f_mean:.3} over {n} canonical pages; boilerplate pages empty {empty_ok}/{boiler}; \
         duplicates P {dp:.3} R {dr:.3} F1 {df:.3}; events P {ep:.3} R {er:.3} F1 {ef:.3}"
    );
    assert!(
        f_mean >= FLOOR_EXTRACTION,
        "extraction F1 {f_mean:.3} < {FLOOR_EXTRACTION}"
    );
    assert!(
        dp >= FLOOR_DUP_PRECISION && dr >= FLOOR_DUP_RECALL,
        "duplicates P {dp:.3} R {dr:.3}"
    );
    assert!(ef >= FLOOR_EVENT_F1, "events F1 {ef:.3}");
}

// A little under what the issue-2 version measures (extraction 0.968,
// duplicates P 0.992 R 0.946, events F1 0.941); raise them as stages improve.
const FLOOR_EXTRACTION: f64 = 0.95;
const FLOOR_DUP_PRECISION: f64 = 0.98;
const FLOOR_DUP_RECALL: f64 = 0.92;
const FLOOR_EVENT_F1: f64 = 0.90;
