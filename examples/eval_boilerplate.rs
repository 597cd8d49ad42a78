//! Evaluate the boilerplate stage on `vn-news-dev`: per-page extraction,
//! then site templates, against `truth.jsonl`.
//!
//! `cargo run --release --example eval_boilerplate [DATA_DIR]`
//! (default `../shared/data/vn-news-dev`); `-- --extraction-dev` scores the
//! general HTML benchmark in `../shared/data/extraction-dev` instead. Set `EVAL_WORST=N` to list the N
//! worst pages with their precision and recall, `EVAL_SHOW=substring` to
//! print what was kept and dropped for matching files,
//! `EVAL_REPAIR_MOJIBAKE=1` to undo cp1252 mojibake before scoring,
//! `EVAL_PERTURB=1|2` to score a perturbed copy (see [`perturb`]).
//!
//! Scores are token precision/recall/F1 on bags of folded tokens (marks
//! stripped, so tone placement and NFD do not count), averaged per page.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;
use scour::boilerplate::signals::{fold, words};
use scour::boilerplate::{Boilerplate, BoilerplateConfig, Extractor, SiteTemplates};
use scour::model::{Extraction, Page, PageKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct Truth {
    file: String,
    site: String,
    family: String,
    format: String,
    title: Option<String>,
    date: Option<String>,
    gold_text: String,
    #[serde(default)]
    transforms: Vec<String>,
}

/// Undo UTF-8-read-as-cp1252 damage per paragraph, for scoring only (the
/// normalize stage owns the real repair): re-encode as cp1252 and decode as
/// UTF-8; keep the paragraph when that fails or changes nothing.
fn unmojibake(p: &str) -> String {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(p);
    if unmappable {
        return p.to_string();
    }
    match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_string(),
        Err(_) => p.to_string(),
    }
}

/// A stand-in for the held-out twin (other templates, other chrome
/// wording): `EVAL_PERTURB=1` rewrites chrome phrases to unseen synonyms,
/// `EVAL_PERTURB=2` also scrambles every class and id, so that only
/// structure is left.
fn perturb(body: &str, level: u32) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("Tin mới nhất", "Cập nhật gần đây"),
        ("Quảng cáo", "Nhà tài trợ"),
        ("Tin cùng chuyên mục", "Bài viết cùng mục"),
        ("Other news", "More stories"),
        ("Latest new", "Recent posts"),
        ("Photos", "Gallery"),
        ("Hit Counter", "Site traffic"),
        ("Online", "Now browsing"),
        ("Total", "All time"),
        ("Ads", "Partners"),
        ("Link", "Websites"),
        ("Useful information", "Handy tools"),
        ("Các tin khác:", "Bài đã đăng:"),
        ("TIN NỔI BẬT", "TIÊU ĐIỂM"),
        ("Đọc thêm:", "Mời đọc:"),
        ("Tin liên quan", "Có thể bạn quan tâm"),
        ("Chia sẻ:", "Gửi bài:"),
        ("Lượt xem:", "Số lần đọc:"),
        ("lượt xem", "lần đọc"),
        ("Đang truy cập", "Hiện có"),
        ("Lượt truy cập", "Tổng số"),
        ("Bình luận", "Ý kiến"),
        ("online users", "people here"),
    ];
    let mut out = body.to_string();
    for (a, b) in SWAPS {
        out = out.replace(a, b);
    }
    if level >= 2 {
        let re = regex::Regex::new(r#"\b(class|id)="([^"]*)""#).unwrap();
        out = re
            .replace_all(&out, |c: &regex::Captures| {
                let h = xxhash_rust::xxh3::xxh3_64(c[2].as_bytes());
                format!("{}=\"k{:x}\"", &c[1], h & 0xffff)
            })
            .into_owned();
    }
    out
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in words(&fold(text)) {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

fn prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (bag(pred), bag(gold));
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    let inter: usize = p
        .iter()
        .map(|(w, c)| (*c).min(*g.get(w).unwrap_or(&0)))
        .sum();
    let prec = if np == 0 {
        1.0
    } else {
        inter as f64 / np as f64
    };
    let rec = if ng == 0 {
        1.0
    } else {
        inter as f64 / ng as f64
    };
    let f = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f)
}

#[derive(Default)]
struct Acc {
    n: usize,
    p: f64,
    r: f64,
    f: f64,
    title_ok: usize,
    date_ok: usize,
    boiler: usize,
    boiler_nonempty: usize,
}

impl Acc {
    fn line(&self, name: &str) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "{name:<12} pages {:>4}  P {:.3}  R {:.3}  F1 {:.3}  title {:.3}  date {:.3}  boilerplate non-empty {}/{}",
            self.n,
            self.p / n,
            self.r / n,
            self.f / n,
            self.title_ok as f64 / n,
            self.date_ok as f64 / n,
            self.boiler_nonempty,
            self.boiler
        )
    }
}

#[derive(Deserialize)]
struct BenchPage {
    dataset: String,
    html: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    gold: String,
    /// trafilatura-eval: snippets that must be kept / must be gone.
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// `--extraction-dev`: token P/R/F1 on the general (mostly English) HTML
/// benchmark pages, per dataset, with no site templates.
fn extraction_dev() {
    use std::io::BufRead;
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/extraction-dev"
    ));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("extraction-dev folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    let cfg = BoilerplateConfig::default();
    let bp = Boilerplate::new(&cfg);
    for f in files {
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(
            std::fs::File::open(&f).expect("open"),
        ));
        let pages: Vec<BenchPage> = reader
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str(&l).ok())
            .collect();
        let scored: Vec<&BenchPage> = pages
            .iter()
            .filter(|p| !p.gold.trim().is_empty() || !p.with.is_empty())
            .collect();
        let scores: Vec<(f64, f64, f64)> = scored
            .par_iter()
            .map(|p| {
                let page = Page {
                    id: String::new(),
                    source: String::new(),
                    kind: PageKind::Html,
                    body: p.html.clone(),
                    url: None,
                    title: None,
                    date: None,
                    site: String::new(),
                    encoding: "utf-8".into(),
                };
                let ex = bp.extract(&page);
                if std::env::var("EVAL_SHOW")
                    .is_ok_and(|v| p.url.as_deref().unwrap_or("").contains(&v))
                {
                    for k in &ex.paragraphs {
                        let t: String = k.chars().take(120).collect();
                        eprintln!("KEEP {t}");
                    }
                    for r in &ex.removed {
                        let t: String = r.text.chars().take(120).collect();
                        eprintln!("DROP [{}] {t}", r.rule);
                    }
                }
                let out = ex.paragraphs.join("\n");
                if p.gold.trim().is_empty() {
                    // Snippet mode: recall = kept "with", precision = gone "without".
                    let out_f = fold(&out);
                    let found = |s: &String| out_f.contains(&fold(s));
                    let r = p.with.iter().filter(|s| found(s)).count() as f64
                        / p.with.len().max(1) as f64;
                    let pr = p.without.iter().filter(|s| !found(s)).count() as f64
                        / p.without.len().max(1) as f64;
                    let f = if pr + r > 0.0 {
                        2.0 * pr * r / (pr + r)
                    } else {
                        0.0
                    };
                    (pr, r, f)
                } else {
                    prf(&out, &p.gold)
                }
            })
            .collect();
        if let Some(k) = std::env::var("EVAL_WORST")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            let mut order: Vec<usize> = (0..scores.len()).collect();
            order.sort_by(|&a, &b| scores[a].1.total_cmp(&scores[b].1));
            for &i in order.iter().take(k) {
                let (p, r, f) = scores[i];
                println!(
                    "worst R {r:.3} P {p:.3} F1 {f:.3}  {} {}",
                    &scored[i].id[..scored[i].id.len().min(12)],
                    scored[i].url.as_deref().unwrap_or("")
                );
            }
        }
        let n = scores.len().max(1) as f64;
        let sum = scores
            .iter()
            .fold((0.0, 0.0, 0.0), |a, s| (a.0 + s.0, a.1 + s.1, a.2 + s.2));
        println!(
            "{:<18} pages {:>4}  P {:.3}  R {:.3}  F1 {:.3}",
            pages.first().map_or("?", |p| p.dataset.as_str()),
            scores.len(),
            sum.0 / n,
            sum.1 / n,
            sum.2 / n
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--extraction-dev") {
        extraction_dev();
        return;
    }
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/vn-news-dev").to_string()
    }));
    let truth_text = std::fs::read_to_string(dir.join("truth.jsonl")).expect("truth.jsonl");
    let truth: Vec<Truth> = truth_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("truth row"))
        .collect();
    let cfg = BoilerplateConfig::default();
    let bp = Boilerplate::new(&cfg);
    let perturb_level: u32 = std::env::var("EVAL_PERTURB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let t0 = std::time::Instant::now();
    let extractions: Vec<Extraction> = truth
        .par_iter()
        .map(|t| {
            let body = std::fs::read_to_string(dir.join(&t.file)).unwrap_or_default();
            let body = match perturb_level {
                0 => body,
                l => perturb(&body, l),
            };
            let page = Page {
                id: t.file.clone(),
                source: t.file.clone(),
                kind: if t.format == "html" {
                    PageKind::Html
                } else {
                    PageKind::Text
                },
                body,
                url: None,
                title: None,
                date: None,
                site: t.site.clone(),
                encoding: "utf-8".into(),
            };
            bp.extract(&page)
        })
        .collect();
    // The site is the folder name, as the pipeline does without URLs.
    let site_of = |t: &Truth| t.file.split('/').nth(1).unwrap_or("").to_string();
    let sites: Vec<String> = truth.iter().map(site_of).collect();
    let templates = SiteTemplates::learn(
        sites.iter().map(String::as_str).zip(extractions.iter()),
        &cfg,
    );
    let extractions: Vec<Extraction> = sites
        .iter()
        .zip(extractions)
        .map(|(s, e)| templates.apply(s, e))
        .collect();
    let elapsed = t0.elapsed();

    let repair = std::env::var("EVAL_REPAIR_MOJIBAKE").is_ok();
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    let mut worst = Vec::new();
    for (t, ex) in truth.iter().zip(&extractions) {
        let pred = if repair {
            ex.paragraphs
                .iter()
                .map(|p| unmojibake(p))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            ex.paragraphs.join("\n")
        };
        let keys = [
            "ALL".to_string(),
            format!("family {}", t.family),
            format!("format {}", t.format),
            format!("{}/{}", t.family, t.format),
            // Mojibake pages cannot match the gold's tokens before the
            // normalize stage repairs them; report the rest apart.
            if t.transforms.iter().any(|x| x == "mojibake") {
                "mojibake".to_string()
            } else {
                "no-mojibake".to_string()
            },
        ];
        if t.gold_text.is_empty() {
            for k in &keys {
                let a = groups.entry(k.clone()).or_default();
                a.boiler += 1;
                if !pred.trim().is_empty() {
                    a.boiler_nonempty += 1;
                }
            }
            if !pred.trim().is_empty() {
                worst.push((0.0, 0.0, 0.0, t.file.clone()));
            }
            continue;
        }
        let (p, r, f) = prf(&pred, &t.gold_text);
        worst.push((f, p, r, t.file.clone()));
        let title_ok = match (&ex.meta.title, &t.title) {
            (Some(a), Some(b)) => fold(a) == fold(b),
            _ => false,
        };
        let date_ok = ex.meta.date.is_some() && ex.meta.date == t.date;
        if std::env::var("EVAL_MISSES").is_ok() && (!title_ok || !date_ok) {
            println!(
                "miss {}  title {:?} vs {:?}  date {:?} vs {:?}",
                t.file, ex.meta.title, t.title, ex.meta.date, t.date
            );
        }
        for k in &keys {
            let a = groups.entry(k.clone()).or_default();
            a.n += 1;
            a.p += p;
            a.r += r;
            a.f += f;
            a.title_ok += title_ok as usize;
            a.date_ok += date_ok as usize;
        }
    }
    println!(
        "vn-news-dev: {} pages in {:.2?} (extract + templates)",
        truth.len(),
        elapsed
    );
    for (k, a) in &groups {
        println!("{}", a.line(k));
    }
    if let Ok(show) = std::env::var("EVAL_SHOW") {
        for (t, ex) in truth.iter().zip(&extractions) {
            if t.file.contains(&show) {
                println!(
                    "== {}  title {:?} date {:?}",
                    t.file, ex.meta.title, ex.meta.date
                );
                for p in &ex.paragraphs {
                    println!("KEEP {p}");
                }
                for r in &ex.removed {
                    let short: String = r.text.chars().take(100).collect();
                    println!("DROP [{}] {short}", r.rule);
                }
                println!("GOLD title {:?} date {:?}", t.title, t.date);
                for g in t.gold_text.lines() {
                    println!("GOLD {g}");
                }
            }
        }
    }
    let n_worst: usize = std::env::var("EVAL_WORST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if n_worst > 0 {
        worst.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, file) in worst.iter().take(n_worst) {
            println!("worst F1 {f:.3} P {p:.3} R {r:.3}  {file}");
        }
    }
}
