//! Evaluates the fingerprint and cluster stages on the shared dev sets.
//!
//! `cargo run --release --example eval_cluster -- <which>` with `<which>` one
//! of `seeds`, `vn`, `vmds`, `ecb`, `syndication` or `all` (the default).
//! Missing data files are reported and skipped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::Instant;

use scour::cluster::dedup::{find_duplicates, DedupConfig};
use scour::cluster::events::{find_events, EventConfig};
use scour::fingerprint::{FingerprintConfig, Fingerprinter, Shingler};
use scour::model::Doc;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

fn doc(id: &str, text: &str, date: Option<String>) -> Doc {
    Doc {
        date,
        ..Doc::from_text(id, text)
    }
}

fn read_jsonl(path: &str) -> Option<Vec<serde_json::Value>> {
    let full = format!("{SHARED}/{path}");
    if !Path::new(&full).exists() {
        println!("skip: {full} is absent");
        return None;
    }
    let file = std::fs::File::open(&full).ok()?;
    let reader: Box<dyn Read> = if full.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Some(
        BufReader::new(reader)
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str(&l).ok())
            .collect(),
    )
}

fn s(v: &serde_json::Value, k: &str) -> Option<String> {
    match &v[k] {
        serde_json::Value::String(x) => Some(x.clone()),
        serde_json::Value::Number(x) => Some(x.to_string()),
        _ => None,
    }
}

fn c2(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Pairwise P/R/F1 and BCubed F1 of `pred` against `gold` (labels per item;
/// `None` in gold is a singleton).
fn scores(pred: &[String], gold: &[Option<String>]) -> (f64, f64, f64, f64) {
    let gold: Vec<String> = gold
        .iter()
        .enumerate()
        .map(|(i, g)| g.clone().unwrap_or_else(|| format!("\u{0}single{i}")))
        .collect();
    let mut joint: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pc: HashMap<&str, usize> = HashMap::new();
    let mut gc: HashMap<&str, usize> = HashMap::new();
    for (p, g) in pred.iter().zip(&gold) {
        *joint.entry((p, g)).or_default() += 1;
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
    }
    let tp: f64 = joint.values().map(|&n| c2(n)).sum();
    let pp: f64 = pc.values().map(|&n| c2(n)).sum();
    let gp: f64 = gc.values().map(|&n| c2(n)).sum();
    let prec = if pp > 0.0 { tp / pp } else { 1.0 };
    let rec = if gp > 0.0 { tp / gp } else { 1.0 };
    let f1 = if prec + rec > 0.0 {
        2.0 * prec * rec / (prec + rec)
    } else {
        0.0
    };
    let n = pred.len().max(1) as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (p, g) in pred.iter().zip(&gold) {
        let j = joint[&(p.as_str(), g.as_str())] as f64;
        bp += j / pc[p.as_str()] as f64;
        br += j / gc[g.as_str()] as f64;
    }
    let (bp, br) = (bp / n, br / n);
    let bf = if bp + br > 0.0 {
        2.0 * bp * br / (bp + br)
    } else {
        0.0
    };
    (prec, rec, f1, bf)
}

/// Duplicate-group label per doc (its canonical id).
fn dedup_labels(docs: &[Doc]) -> (Vec<String>, Vec<scour::cluster::DupGroup>, f64) {
    let t = Instant::now();
    let sh = Shingler::new(&FingerprintConfig::default());
    let fps = scour::pipeline::par_map(docs, |d| sh.fingerprint(&d.text));
    let groups = find_duplicates(docs, &fps, &dedup_cfg());
    let secs = t.elapsed().as_secs_f64();
    let mut label: HashMap<&str, &str> = HashMap::new();
    for g in &groups {
        for m in &g.members {
            label.insert(&m.id, &g.canonical);
        }
    }
    let labels = docs
        .iter()
        .map(|d| {
            label
                .get(d.id.as_str())
                .unwrap_or(&d.id.as_str())
                .to_string()
        })
        .collect();
    (labels, groups, secs)
}

/// Event label per doc, over the canonical docs given.
fn event_labels(docs: &[Doc]) -> (Vec<String>, f64) {
    let t = Instant::now();
    let refs: Vec<&Doc> = docs.iter().collect();
    let events = find_events(&refs, &event_cfg());
    let secs = t.elapsed().as_secs_f64();
    let mut label: HashMap<&str, &str> = HashMap::new();
    for e in &events {
        for m in &e.members {
            label.insert(&m.id, &e.id);
        }
    }
    let labels = docs
        .iter()
        .map(|d| {
            label
                .get(d.id.as_str())
                .map_or("?".to_string(), |s| s.to_string())
        })
        .collect();
    (labels, secs)
}

/// `[dedup]` settings, overridden by JSON in `DEDUP_CFG` when set.
fn dedup_cfg() -> DedupConfig {
    std::env::var("DEDUP_CFG")
        .ok()
        .map(|j| serde_json::from_str(&j).expect("DEDUP_CFG"))
        .unwrap_or_default()
}

/// `[events]` settings, overridden by JSON in `EVENT_CFG` when set.
fn event_cfg() -> EventConfig {
    std::env::var("EVENT_CFG")
        .ok()
        .map(|j| serde_json::from_str(&j).expect("EVENT_CFG"))
        .unwrap_or_default()
}

fn print_scores(name: &str, (p, r, f, b): (f64, f64, f64, f64)) {
    println!("{name:<28} P {p:.4}  R {r:.4}  F1 {f:.4}  BCubed-F1 {b:.4}");
}

/// Recall per transform: share of copies put in the same group as their original.
fn recall_by_transform(labels: &[String], gold: &[Option<String>], transform: &[String]) {
    let mut orig: HashMap<&str, usize> = HashMap::new();
    for (i, t) in transform.iter().enumerate() {
        if t == "original" {
            if let Some(g) = &gold[i] {
                orig.insert(g, i);
            }
        }
    }
    let mut per: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (i, t) in transform.iter().enumerate() {
        if t == "original" {
            continue;
        }
        let Some(g) = &gold[i] else { continue };
        let Some(&o) = orig.get(g.as_str()) else {
            continue;
        };
        let e = per.entry(t).or_default();
        e.1 += 1;
        if labels[i] == labels[o] {
            e.0 += 1;
        }
    }
    for (t, (hit, all)) in per {
        println!(
            "  recall {t:<12} {:.4}  ({hit}/{all})",
            hit as f64 / all.max(1) as f64
        );
    }
}

fn seeds() {
    let dir = format!("{SHARED}/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("skip: {dir} is absent");
        return;
    };
    let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    for with_dates in [false, true] {
        let docs: Vec<Doc> = files
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                let text = std::fs::read_to_string(p).unwrap_or_default();
                let kept: Vec<&str> = text
                    .lines()
                    .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
                    // Approximate cleaning: body paragraphs are long and end a sentence.
                    .filter(|l| {
                        l.chars().count() >= 40 && l.ends_with(['.', '!', '?', ':', '"', '”'])
                    })
                    .collect();
                let date = match (with_dates, &name[..3]) {
                    (true, "001") => Some("2023-01-10".to_string()),
                    (true, "002") => Some("2023-12-29".to_string()),
                    _ => None,
                };
                doc(&name[..3], &kept.join("\n"), date)
            })
            .collect();
        let (_, groups, _) = dedup_labels(&docs);
        println!("seeds (dates: {with_dates}): duplicate groups {groups:?}");
        let refs: Vec<&Doc> = docs.iter().collect();
        for d in &docs {
            let f = scour::cluster::features::extract(d);
            let iso = |x: &i64| scour::cluster::features::civil_from_days(*x);
            println!(
                "  doc {} anchor {:?} dates {:?} years {:?}",
                d.id,
                f.anchor.as_ref().map(iso),
                f.dates.iter().map(iso).collect::<Vec<_>>(),
                f.years
            );
        }
        for (a, b, s) in scour::cluster::events::pair_scores(&refs, &event_cfg()) {
            println!("  pair {a} {b} {s:.3}");
        }
        for e in find_events(&refs, &event_cfg()) {
            let ids: Vec<&str> = e.members.iter().map(|m| m.id.as_str()).collect();
            println!(
                "  event {} {:?} dates {:?} entities {:?}",
                e.id, ids, e.evidence.dates, e.evidence.entities
            );
        }
    }
}

fn vn() {
    let Some(rows) = read_jsonl("data/vn-news-dev/truth.jsonl") else {
        return;
    };
    let docs: Vec<Doc> = rows
        .iter()
        .map(|r| {
            doc(
                &s(r, "file").unwrap_or_default(),
                &s(r, "gold_text").unwrap_or_default(),
                s(r, "date"),
            )
        })
        .collect();
    let gold: Vec<Option<String>> = rows.iter().map(|r| s(r, "article_id")).collect();
    let transform: Vec<String> = rows
        .iter()
        .map(|r| {
            let t = r["transforms"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(|v| v.as_str());
            t.unwrap_or("original").to_string()
        })
        .collect();
    let (labels, _, secs) = dedup_labels(&docs);
    print_scores("vn-news-dev dedup", scores(&labels, &gold));
    recall_by_transform(&labels, &gold, &transform);
    println!("  ({} docs, {secs:.2}s)", docs.len());
    // Events over canonical article pages, then spread to their copies.
    let canon: Vec<Doc> = docs
        .iter()
        .zip(&labels)
        .filter(|(d, l)| d.id == **l && d.text_chars() > 0)
        .map(|(d, _)| d.clone())
        .collect();
    let (ev, esecs) = event_labels(&canon);
    let ev_of: HashMap<&str, &str> = canon
        .iter()
        .zip(&ev)
        .map(|(d, e)| (d.id.as_str(), e.as_str()))
        .collect();
    let mut pred = Vec::new();
    let mut gold_ev = Vec::new();
    for ((r, d), l) in rows.iter().zip(&docs).zip(&labels) {
        let Some(g) = s(r, "event") else { continue };
        let _ = d;
        pred.push(
            ev_of
                .get(l.as_str())
                .map_or(format!("none:{l}"), |e| e.to_string()),
        );
        gold_ev.push(Some(g));
    }
    print_scores("vn-news-dev events", scores(&pred, &gold_ev));
    println!("  ({} canonical docs, {esecs:.2}s)", canon.len());
}

fn events(path: &str, name: &str) {
    let Some(rows) = read_jsonl(path) else { return };
    let docs: Vec<Doc> = rows
        .iter()
        .map(|r| {
            let date = s(r, "date").map(|d| d.chars().take(10).collect());
            doc(
                &s(r, "id").unwrap_or_default(),
                &s(r, "text").unwrap_or_default(),
                date,
            )
        })
        .collect();
    let gold: Vec<Option<String>> = rows.iter().map(|r| s(r, "event")).collect();
    let (labels, secs) = event_labels(&docs);
    print_scores(name, scores(&labels, &gold));
    println!("  ({} docs, {secs:.2}s)", docs.len());
}

fn syndication() {
    let Some(rows) = read_jsonl("data/syndication-dev/corpus-clean.jsonl.gz") else {
        return;
    };
    let docs: Vec<Doc> = rows
        .iter()
        .map(|r| {
            doc(
                &s(r, "id").unwrap_or_default(),
                &s(r, "text").unwrap_or_default(),
                None,
            )
        })
        .collect();
    let gold: Vec<Option<String>> = rows.iter().map(|r| s(r, "cluster")).collect();
    let transform: Vec<String> = rows
        .iter()
        .map(|r| s(r, "transform").unwrap_or_default())
        .collect();
    let (labels, _, secs) = dedup_labels(&docs);
    print_scores("syndication dedup", scores(&labels, &gold));
    // Precision without the heavy rewrites counted as misses.
    let no_heavy: Vec<usize> = (0..docs.len())
        .filter(|&i| transform[i] != "heavy")
        .collect();
    let l2: Vec<String> = no_heavy.iter().map(|&i| labels[i].clone()).collect();
    let g2: Vec<Option<String>> = no_heavy.iter().map(|&i| gold[i].clone()).collect();
    print_scores("syndication dedup (no heavy)", scores(&l2, &g2));
    recall_by_transform(&labels, &gold, &transform);
    println!("  ({} docs, {secs:.2}s)", docs.len());
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "all".to_string());
    let all = which == "all";
    if all || which == "seeds" {
        seeds();
    }
    if all || which == "vn" {
        vn();
    }
    if all || which == "vmds" {
        events("data/events-dev/vmds.jsonl", "vmds events");
    }
    if all || which == "ecb" {
        events("data/events-dev/ecbplus.jsonl", "ecb+ events");
    }
    if all || which == "syndication" {
        syndication();
    }
}
