//! Scores the extraction benchmark's outputs with one scorer and prints the
//! table (run by `bench/extraction/run.sh`, which writes the outputs).
//!
//! `cargo run --release --example extraction_table -- OUT_DIR [SHARED_DATA]`
//!
//! Reads `OUT_DIR/<system>/<dataset>.jsonl` (`id`, `text`) and
//! `OUT_DIR/<system>/<dataset>.secs` (CPU seconds in the extraction calls;
//! `.secs_clean`: scour's per-record stages; `.secs_process`: the whole
//! process, JSON in and out), gold from
//! `SHARED_DATA/extraction-dev/*.jsonl.gz` and `SHARED_DATA/vn-news-dev/truth.jsonl`.
//! Per dataset: mean ROUGE-LSum F1 per page (whitespace tokens), and for
//! `trafilatura-eval` (no gold text, only snippets) the pooled `with`/`without`
//! snippet F1, which is that dataset's figure in the mean over the five.
//! `EVAL_WORST=N` lists scour's N worst pages per dataset; `EVAL_DUMP=FILE`
//! writes every system's per-page F1/P/R as TSV (dataset, system, id, f1, p, r;
//! snippet pages add their counts: tp, fn, fp, tn).
//! `extraction_table --pairs FILE` scores `{"pred","gold"}` lines (the
//! cross-check against `rouge-score` in `bench/extraction/check_scorer.py`).
//!
//! Every system's output and the gold go through scour's default normalizer
//! (NFC, ASCII quotes, one kind of space) before scoring: scour's text is
//! already normalized, and normalizing only one side would score the quote
//! policy instead of the extraction. All systems are treated alike.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use scour::boilerplate::score::{bag_prf, rouge_lsum, snippets, SnippetCounts};
use scour::normalize::{Normalize, NormalizeConfig, Normalizer};

/// The same normalization for outputs and gold (see the module docs).
fn canon(s: &str) -> String {
    static NORM: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();
    NORM.get_or_init(|| Normalizer::new(&NormalizeConfig::default()))
        .normalize(s)
        .into_owned()
}

const SYSTEMS: &[&str] = &["scour", "trafilatura", "resiliparse", "rs-trafilatura"];

enum Gold {
    Text(String),
    Snippets(Vec<String>, Vec<String>),
}

fn read_lines(path: &Path) -> Vec<serde_json::Value> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let r: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(f)))
    } else {
        Box::new(std::io::BufReader::new(f))
    };
    r.lines()
        .map(|l| l.expect("read"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("JSON line"))
        .collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(canon)).collect())
        .unwrap_or_default()
}

fn outputs(out: &Path, system: &str, ds: &str) -> Option<(HashMap<String, String>, f64)> {
    let dir = out.join(system);
    let file = dir.join(format!("{ds}.jsonl"));
    if !file.is_file() {
        return None;
    }
    let texts = read_lines(&file)
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or("").to_string(),
                canon(v["text"].as_str().unwrap_or("")),
            )
        })
        .collect();
    let secs = std::fs::read_to_string(dir.join(format!("{ds}.secs")))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(f64::NAN);
    Some((texts, secs))
}

struct Row {
    f1: BTreeMap<&'static str, f64>,
    extra: BTreeMap<&'static str, String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--pairs") {
        // Cross-check mode (bench/extraction/check_scorer.py): one
        // {"pred","gold"} object a line in, ROUGE-LSum P R F1 a line out.
        for v in read_lines(Path::new(&args[2])) {
            let s = rouge_lsum(
                v["pred"].as_str().unwrap_or(""),
                v["gold"].as_str().unwrap_or(""),
            );
            println!("{} {} {}", s.precision, s.recall, s.f1);
        }
        return;
    }
    let out = PathBuf::from(
        args.get(1)
            .expect("usage: extraction_table OUT_DIR [SHARED_DATA]"),
    );
    let data = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    let worst: usize = std::env::var("EVAL_WORST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);

    // EVAL_DUMP=FILE: every system's per-page F1, P and R as TSV, to find
    // the pages where scour loses most against another system.
    let dump = std::env::var_os("EVAL_DUMP").map(|p| {
        std::sync::Mutex::new(std::io::BufWriter::new(
            std::fs::File::create(&p).expect("create EVAL_DUMP file"),
        ))
    });

    let mut datasets: Vec<(String, Vec<(String, Gold)>)> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("extraction-dev"))
        .expect("extraction-dev folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        let ds = name.trim_end_matches(".jsonl.gz").to_string();
        let gold = read_lines(f)
            .into_iter()
            .map(|v| {
                let id = v["id"].as_str().unwrap_or("").to_string();
                let g = match v.get("gold").and_then(|g| g.as_str()) {
                    Some(g) => Gold::Text(canon(g)),
                    None => Gold::Snippets(strings(&v["with"]), strings(&v["without"])),
                };
                (id, g)
            })
            .collect();
        datasets.push((ds, gold));
    }

    let mut rows: Vec<(String, usize, Row)> = Vec::new();
    let mut secs: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (ds, gold) in &datasets {
        let mut row = Row {
            f1: BTreeMap::new(),
            extra: BTreeMap::new(),
        };
        for &sys in SYSTEMS {
            let Some((texts, s)) = outputs(&out, sys, ds) else {
                continue;
            };
            let e = secs.entry(sys).or_insert((0.0, 0));
            e.0 += s;
            e.1 += gold.len();
            let mut counts = SnippetCounts::default();
            let (mut sum, mut n) = (0.0, 0usize);
            let mut per_page = Vec::new();
            for (id, g) in gold {
                let pred = texts.get(id).map(String::as_str).unwrap_or("");
                match g {
                    Gold::Text(g) => {
                        let s = rouge_lsum(pred, g);
                        sum += s.f1;
                        n += 1;
                        per_page.push((s.f1, s.precision, s.recall, id.clone(), None));
                    }
                    Gold::Snippets(w, wo) => {
                        let c = snippets(pred, w, wo);
                        counts.add(c);
                        let p = c.prf();
                        per_page.push((p.f1, p.precision, p.recall, id.clone(), Some(c)));
                    }
                }
            }
            if n > 0 && std::env::var_os("EVAL_PR").is_some() {
                let m = per_page.len().max(1) as f64;
                let (p, r) = per_page
                    .iter()
                    .fold((0.0, 0.0), |(p, r), x| (p + x.1, r + x.2));
                eprintln!("{ds} {sys}: mean P {:.3} R {:.3}", p / m, r / m);
            }
            let f1 = if n > 0 {
                sum / n as f64
            } else {
                let p = counts.prf();
                row.extra
                    .insert(sys, format!("P{:.2} R{:.2}", p.precision, p.recall));
                p.f1
            };
            row.f1.insert(sys, f1);
            if let Some(dump) = &dump {
                use std::io::Write;
                let mut d = dump.lock().expect("dump lock");
                for (f, p, r, id, c) in &per_page {
                    write!(d, "{ds}\t{sys}\t{id}\t{f:.4}\t{p:.4}\t{r:.4}").expect("write dump");
                    if let Some(c) = c {
                        write!(d, "\t{}\t{}\t{}\t{}", c.tp, c.fn_, c.fp, c.tn).expect("write dump");
                    }
                    writeln!(d).expect("write dump");
                }
            }
            if sys == "scour" && worst > 0 {
                per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
                eprintln!("scour's worst pages on {ds}:");
                for (f, p, r, id, _) in per_page.iter().take(worst) {
                    eprintln!("  F1 {f:.3} P {p:.3} R {r:.3}  {id}");
                }
            }
        }
        rows.push((ds.clone(), gold.len(), row));
    }

    let measure = |ds: &str| {
        if ds == "trafilatura-eval" {
            "snippet F1"
        } else {
            "ROUGE-LSum F1"
        }
    };
    println!(
        "{:<18} {:>5} {:<14} {}",
        "dataset",
        "pages",
        "measure",
        SYSTEMS
            .iter()
            .map(|s| format!(" {s:>14}"))
            .collect::<String>()
    );
    let mut mean: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (ds, n, row) in &rows {
        let mut line = format!("{ds:<18} {n:>5} {:<14} ", measure(ds));
        for sys in SYSTEMS {
            match row.f1.get(sys) {
                Some(f) => {
                    line += &format!(" {f:>14.3}");
                    let m = mean.entry(sys).or_insert((0.0, 0));
                    m.0 += f;
                    m.1 += 1;
                }
                None => line += &format!(" {:>14}", "-"),
            }
        }
        println!("{line}");
        if !row.extra.is_empty() {
            let mut line = format!("{:<18} {:>5} {:<14} ", "", "", "  (snippets)");
            for sys in SYSTEMS {
                line += &format!(
                    " {:>14}",
                    row.extra.get(sys).map(String::as_str).unwrap_or("-")
                );
            }
            println!("{line}");
        }
    }
    let mut line = format!("{:<18} {:>5} {:<14} ", "mean of datasets", rows.len(), "F1");
    for sys in SYSTEMS {
        match mean.get(sys) {
            Some((s, n)) if *n == rows.len() => line += &format!(" {:>14.3}", s / *n as f64),
            _ => line += &format!(" {:>14}", "-"),
        }
    }
    println!("{line}");
    let mut line = format!(
        "{:<18} {:>5} {:<14} ",
        "pages/s, 1 core", "", "extract calls"
    );
    for sys in SYSTEMS {
        match secs.get(sys) {
            Some((s, n)) if s.is_finite() && *s > 0.0 => {
                line += &format!(" {:>14.1}", *n as f64 / s)
            }
            _ => line += &format!(" {:>14}", "-"),
        }
    }
    println!("{line}");
    // The same pages, other scopes: scour's extraction then normalization
    // (what `scour clean` does per record), and whole processes.
    for (ext, label) in [
        ("secs_clean", "+ normalize"),
        ("secs_process", "whole process"),
    ] {
        let mut line = format!("{:<18} {:>5} {:<14} ", "", "", label);
        let mut any = false;
        for sys in SYSTEMS {
            let (mut s, mut n) = (0.0, 0usize);
            for (ds, gold) in &datasets {
                let v = std::fs::read_to_string(out.join(sys).join(format!("{ds}.{ext}")))
                    .ok()
                    .and_then(|v| v.trim().parse::<f64>().ok());
                match v {
                    Some(v) => {
                        s += v;
                        n += gold.len();
                    }
                    None => {
                        n = 0;
                        break;
                    }
                }
            }
            if n > 0 && s > 0.0 {
                any = true;
                line += &format!(" {:>14.1}", n as f64 / s);
            } else {
                line += &format!(" {:>14}", "-");
            }
        }
        if any {
            println!("{line}");
        }
    }

    // scour with one and two threads on the same pages, by the wall clock.
    let (mut w1, mut w2, mut pages) = (0.0, 0.0, 0usize);
    for (ds, gold) in &datasets {
        let read = |ext: &str| {
            std::fs::read_to_string(out.join("scour").join(format!("{ds}.{ext}")))
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok())
        };
        if let (Some(a), Some(b)) = (read("wall1"), read("secs2")) {
            w1 += a;
            w2 += b;
            pages += gold.len();
        }
    }
    if pages > 0 {
        let (p1, p2) = (pages as f64 / w1, pages as f64 / w2);
        println!(
            "scour threads 1 -> 2 (wall clock): {p1:.1} -> {p2:.1} pages/s (x{:.2})",
            p2 / p1
        );
    }

    // vn-news-dev: scour clean's normalized text against the canonical gold.
    let truth_path = data.join("vn-news-dev/truth.jsonl");
    if let (true, Some((texts, s))) = (truth_path.is_file(), outputs(&out, "scour", "vn-news-dev"))
    {
        let truth = read_lines(&truth_path);
        let (mut bag, mut rouge, mut n) = (0.0, 0.0, 0usize);
        let mut per_page = Vec::new();
        for t in &truth {
            let id = t["file"].as_str().unwrap_or("");
            let gold = t["gold_text"].as_str().unwrap_or("");
            let pred = texts.get(id).map(String::as_str).unwrap_or("");
            let b = bag_prf(pred, gold);
            bag += b.f1;
            rouge += rouge_lsum(pred, gold).f1;
            n += 1;
            per_page.push((b.f1, b.precision, b.recall, id.to_string()));
        }
        let n = n.max(1) as f64;
        println!(
            "vn-news-dev (scour clean, {} pages): bag-of-tokens F1 {:.3}, ROUGE-LSum F1 {:.3}, {:.1} pages/s",
            truth.len(),
            bag / n,
            rouge / n,
            truth.len() as f64 / s
        );
        if worst > 0 {
            per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
            eprintln!("scour's worst pages on vn-news-dev:");
            for (f, p, r, id) in per_page.iter().take(worst) {
                eprintln!("  F1 {f:.3} P {p:.3} R {r:.3}  {id}");
            }
        }
    }
}
