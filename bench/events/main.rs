//! Same-event clustering harness (issue 5).
//!
//! `cargo run --release --example bench_events -- [table|sweep|speed] [args]`
//!
//! - `table` (the default): for each dev set in `../shared/data/events-dev/`,
//!   pairwise precision/recall/F1 of the events against the gold `event`
//!   (pair counts from the contingency table) and BCubed F1; for ECB+ also
//!   the share of same-topic, different-event pairs put together (the
//!   confound: each topic holds two events of the same kind). Then the seed
//!   events with their evidence.
//! - `sweep [t1,t2,..]`: the same scores for several thresholds, to show how
//!   sensitive the dev figures are to it.
//! - `speed [N] [THREADS]`: generates `N` documents (100,000 by default) by
//!   resampling both dev sets with shifted dates into
//!   `bench/.work/events/` (git-ignored), then times `find_events` on them in
//!   a pool of `THREADS` (2) threads and prints CPU time, the busiest
//!   thread's CPU time (the wall time on idle cores) and the peak memory.
//! - `labels [vmds]` (ECB+ by default): id, gold event and predicted event
//!   per document; `dump`: every ECB+ pair's components (terms, entities,
//!   numbers, time factor) with same-event and same-topic flags, for tuning;
//!   `feats [vmds]`: every document's features as one JSON line (dates,
//!   weekday, entities with mentions, numbers, terms), for error analysis.
//!
//! Settings come from `EventConfig::default()`, overridden by JSON in
//! `EVENT_CFG` (e.g. `EVENT_CFG='{"threshold":0.12}'`). Missing data is
//! reported and skipped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use scour::cluster::events::{find_events, EventConfig};
use scour::cluster::features::{civil_from_days, parse_iso};
use scour::model::Doc;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
const WORK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/.work/events");

/// One dev-set row.
struct Row {
    doc: Doc,
    event: String,
    topic: Option<String>,
}

fn field(v: &serde_json::Value, k: &str) -> Option<String> {
    match &v[k] {
        serde_json::Value::String(x) => Some(x.clone()),
        serde_json::Value::Number(x) => Some(x.to_string()),
        _ => None,
    }
}

fn make_doc(id: &str, title: Option<String>, date: Option<String>, text: &str) -> Doc {
    Doc {
        title,
        date,
        ..Doc::from_text(id, text)
    }
}

fn read_rows(path: &str) -> Option<Vec<Row>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            println!("skip: {path}: {e}");
            return None;
        }
    };
    let mut rows = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let Ok(line) = line else {
            println!("skip: {path}: unreadable line {}", n + 1);
            return None;
        };
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                println!("skip: {path}:{}: {e}", n + 1);
                return None;
            }
        };
        let (Some(id), Some(event)) = (field(&v, "id"), field(&v, "event")) else {
            println!("skip: {path}:{}: no id or event", n + 1);
            return None;
        };
        let date = field(&v, "date").map(|d| d.chars().take(10).collect());
        let text = field(&v, "text").unwrap_or_default();
        rows.push(Row {
            doc: make_doc(&id, field(&v, "title"), date, &text),
            event,
            topic: field(&v, "topic"),
        });
    }
    Some(rows)
}

fn c2(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Scores of predicted labels against gold labels.
struct Scores {
    p: f64,
    r: f64,
    f: f64,
    bcubed: f64,
    /// Same-topic, different-event pairs put together / all such pairs.
    confound: Option<f64>,
}

fn scores(pred: &[String], gold: &[String], topic: &[Option<String>]) -> Scores {
    let mut joint: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pc: HashMap<&str, usize> = HashMap::new();
    let mut gc: HashMap<&str, usize> = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *joint.entry((p, g)).or_default() += 1;
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
    }
    let tp: f64 = joint.values().map(|&n| c2(n)).sum();
    let pp: f64 = pc.values().map(|&n| c2(n)).sum();
    let gp: f64 = gc.values().map(|&n| c2(n)).sum();
    let p = if pp > 0.0 { tp / pp } else { 1.0 };
    let r = if gp > 0.0 { tp / gp } else { 1.0 };
    let n = pred.len().max(1) as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (pl, g) in pred.iter().zip(gold) {
        let j = joint[&(pl.as_str(), g.as_str())] as f64;
        bp += j / pc[pl.as_str()] as f64;
        br += j / gc[g.as_str()] as f64;
    }
    let confound = topic.iter().all(Option::is_some).then(|| {
        // Pairs within a topic: all minus same-event, then how many of those
        // share a predicted event.
        let mut by_topic: HashMap<&str, usize> = HashMap::new();
        let mut topic_event: HashMap<(&str, &str), usize> = HashMap::new();
        let mut topic_pred: HashMap<(&str, &str), usize> = HashMap::new();
        let mut topic_pred_event: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for ((pl, g), t) in pred.iter().zip(gold).zip(topic) {
            let t = t.as_deref().unwrap_or("");
            *by_topic.entry(t).or_default() += 1;
            *topic_event.entry((t, g)).or_default() += 1;
            *topic_pred.entry((t, pl)).or_default() += 1;
            *topic_pred_event.entry((t, pl, g)).or_default() += 1;
        }
        let sum = |it: &mut dyn Iterator<Item = usize>| it.map(c2).sum::<f64>();
        let cross = sum(&mut by_topic.values().copied()) - sum(&mut topic_event.values().copied());
        let merged =
            sum(&mut topic_pred.values().copied()) - sum(&mut topic_pred_event.values().copied());
        if cross > 0.0 {
            merged / cross
        } else {
            0.0
        }
    });
    Scores {
        p,
        r,
        f: f1(p, r),
        bcubed: f1(bp / n, br / n),
        confound,
    }
}

fn event_cfg() -> EventConfig {
    match std::env::var("EVENT_CFG") {
        Ok(j) => match serde_json::from_str::<EventConfig>(&j) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("EVENT_CFG: {e}");
                std::process::exit(2);
            }
        },
        Err(_) => EventConfig::default(),
    }
}

/// Event label per row.
fn labels(rows: &[Row], cfg: &EventConfig) -> (Vec<String>, f64) {
    let refs: Vec<&Doc> = rows.iter().map(|r| &r.doc).collect();
    let t = Instant::now();
    let events = find_events(&refs, cfg);
    let secs = t.elapsed().as_secs_f64();
    let mut label: HashMap<&str, &str> = HashMap::new();
    for e in &events {
        for m in &e.members {
            label.insert(&m.id, &e.id);
        }
    }
    let out = rows
        .iter()
        .map(|r| label.get(r.doc.id.as_str()).map_or("?", |s| s).to_string())
        .collect();
    (out, secs)
}

const SETS: [(&str, &str); 2] = [
    ("ecb+", "data/events-dev/ecbplus.jsonl"),
    ("vmds", "data/events-dev/vmds.jsonl"),
];

fn load(path: &str) -> Option<Vec<Row>> {
    read_rows(&format!("{SHARED}/{path}"))
}

fn print_row(name: &str, threshold: f64, s: &Scores, n: usize, secs: f64) {
    let confound = s
        .confound
        .map_or("     -".to_string(), |c| format!("{c:.4}"));
    println!(
        "{name:<6} {threshold:>5.3} {:>7.4} {:>7.4} {:>7.4} {:>9.4} {confound:>10} {n:>6} {secs:>6.2}",
        s.p, s.r, s.f, s.bcubed
    );
}

fn header() {
    println!(
        "{:<6} {:>5} {:>7} {:>7} {:>7} {:>9} {:>10} {:>6} {:>6}",
        "set", "thr", "P", "R", "F1", "BCubed-F1", "same-topic", "docs", "secs"
    );
}

fn table() {
    let cfg = event_cfg();
    header();
    for (name, path) in SETS {
        let Some(rows) = load(path) else { continue };
        let (pred, secs) = labels(&rows, &cfg);
        let gold: Vec<String> = rows.iter().map(|r| r.event.clone()).collect();
        let topic: Vec<Option<String>> = rows.iter().map(|r| r.topic.clone()).collect();
        print_row(
            name,
            cfg.threshold,
            &scores(&pred, &gold, &topic),
            rows.len(),
            secs,
        );
    }
    println!("(same-topic: share of same-topic, different-event pairs put in one event)");
    seeds(&cfg);
}

fn sweep(arg: Option<String>) {
    let base = event_cfg();
    let ts: Vec<f64> = arg
        .unwrap_or_else(|| "0.08,0.10,0.12,0.14,0.16,0.18,0.20,0.22,0.25".into())
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .collect();
    header();
    for (name, path) in SETS {
        let Some(rows) = load(path) else { continue };
        let gold: Vec<String> = rows.iter().map(|r| r.event.clone()).collect();
        let topic: Vec<Option<String>> = rows.iter().map(|r| r.topic.clone()).collect();
        for &t in &ts {
            let cfg = EventConfig {
                threshold: t,
                ..base.clone()
            };
            let (pred, secs) = labels(&rows, &cfg);
            print_row(name, t, &scores(&pred, &gold, &topic), rows.len(), secs);
        }
    }
}

/// The seed pages of `raw/seeds` through the whole pipeline (defaults, the
/// `[events]` table from `EVENT_CFG`): every candidate pair's similarity, and
/// each event with the evidence `report.json` shows.
fn seeds(cfg: &EventConfig) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("raw/seeds");
    let config = scour::Config {
        events: cfg.clone(),
        ..scour::Config::default()
    };
    let run = match scour::pipeline::Pipeline::new(&config).run(
        std::slice::from_ref(&dir),
        2,
        &scour::pipeline::NoProgress,
    ) {
        Ok(r) => r,
        Err(e) => {
            println!("skip seeds: {}: {e}", dir.display());
            return;
        }
    };
    // The cleaned documents as event clustering saw them.
    let docs: Vec<Doc> = run
        .documents
        .iter()
        .map(|d| {
            let mut doc = make_doc(&d.id, d.title.clone(), d.date.clone(), &d.text);
            doc.id = d.id.chars().take(3).collect();
            doc
        })
        .collect();
    let refs: Vec<&Doc> = docs.iter().collect();
    println!(
        "seeds (raw/seeds through the pipeline, threshold {}):",
        cfg.threshold
    );
    for (a, b, s) in scour::cluster::events::pair_scores(&refs, cfg) {
        println!("  pair {a} {b} {s:.3}");
    }
    for e in &run.report.events {
        let ids: Vec<String> = e
            .similarities
            .iter()
            .map(|m| {
                format!(
                    "{} ({:.3})",
                    m.id.chars().take(3).collect::<String>(),
                    m.similarity
                )
            })
            .collect();
        println!("  event {}: {}", e.id, ids.join(", "));
        if e.members.len() > 1 {
            println!("    dates    {:?}", e.evidence.dates);
            println!("    entities {:?}", e.evidence.entities);
            println!("    numbers  {:?}", e.evidence.numbers);
            println!("    terms    {:?}", e.evidence.terms);
        }
    }
}

/// A deterministic 64-bit mix (splitmix64).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Writes `n` documents resampled from both dev sets: round `r` of the
/// resampling shifts every date by `r` × 37 days; documents without a date
/// (ECB+) get one per gold event plus 0–2 days of jitter.
fn generate(n: usize, out: &Path) -> std::io::Result<()> {
    let mut pool: Vec<Row> = Vec::new();
    for (_, path) in SETS {
        if let Some(rows) = load(path) {
            pool.extend(rows);
        }
    }
    if pool.is_empty() {
        return Err(std::io::Error::other("no dev set to resample"));
    }
    let base = parse_iso("2010-01-01").expect("valid date");
    std::fs::create_dir_all(out.parent().expect("has a parent"))?;
    let tmp = out.with_extension("tmp");
    let mut w = BufWriter::new(std::fs::File::create(&tmp)?);
    for k in 0..n {
        let round = (k / pool.len()) as i64;
        let row = &pool[(mix(k as u64) % pool.len() as u64) as usize];
        let day = match row.doc.date.as_deref().and_then(parse_iso) {
            Some(d) => d,
            None => {
                let ev = xxhash_rust::xxh3::xxh3_64(row.event.as_bytes());
                base + (ev % 1500) as i64 + (mix(k as u64 ^ 0xD0C) % 3) as i64
            }
        } + round * 37;
        let v = serde_json::json!({
            "id": format!("{k:06}-{}", row.doc.id),
            "event": format!("{}@{round}", row.event),
            "date": civil_from_days(day),
            "title": row.doc.title,
            "text": row.doc.paragraphs().collect::<Vec<_>>().join("\n"),
        });
        writeln!(w, "{v}")?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, out)
}

/// CPU seconds (user + system, all threads) this process used so far
/// (Linux, at the usual 100 ticks a second).
fn cpu_secs() -> Option<f64> {
    stat_cpu("/proc/self/stat")
}

/// CPU seconds of each thread of this process, by thread id.
fn thread_cpu() -> HashMap<String, f64> {
    let mut out = HashMap::new();
    if let Ok(rd) = std::fs::read_dir("/proc/self/task") {
        for e in rd.flatten() {
            let tid = e.file_name().to_string_lossy().to_string();
            if let Some(c) = stat_cpu(&format!("/proc/self/task/{tid}/stat")) {
                out.insert(tid, c);
            }
        }
    }
    out
}

fn stat_cpu(path: &str) -> Option<f64> {
    let s = std::fs::read_to_string(path).ok()?;
    // Fields after the command name (which is in parentheses).
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn speed(n: Option<String>, threads: Option<String>) {
    let n: usize = n.and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let threads: usize = threads.and_then(|s| s.parse().ok()).unwrap_or(2);
    let out = Path::new(WORK).join(format!("resampled-{n}.jsonl"));
    if !out.exists() {
        let t = Instant::now();
        if let Err(e) = generate(n, &out) {
            println!("skip speed: cannot generate {}: {e}", out.display());
            return;
        }
        eprintln!(
            "generated {} in {:.1}s",
            out.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let Some(rows) = read_rows(&out.to_string_lossy()) else {
        return;
    };
    let before = peak_mib();
    let cfg = event_cfg();
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            println!("cannot start {threads} threads: {e}");
            return;
        }
    };
    let cpu0 = cpu_secs();
    let threads0 = thread_cpu();
    let (pred, secs) = pool.install(|| labels(&rows, &cfg));
    let cpu = cpu_secs().zip(cpu0).map(|(b, a)| b - a);
    // The busiest thread's CPU time: the wall time on idle cores, less any
    // waiting between steps (serial steps run on one of the pool's threads).
    let busiest = thread_cpu()
        .into_iter()
        .map(|(tid, c)| c - threads0.get(&tid).copied().unwrap_or(0.0))
        .fold(0.0f64, f64::max);
    let gold: Vec<String> = rows.iter().map(|r| r.event.clone()).collect();
    let none: Vec<Option<String>> = vec![None; rows.len()];
    let s = scores(&pred, &gold, &none);
    let events: std::collections::HashSet<&String> = pred.iter().collect();
    println!(
        "speed: {} docs, {threads} threads: find_events {secs:.2}s wall (this machine's load \
         included), {:.1} CPU-s in all, busiest thread {busiest:.1} CPU-s (the wall time on \
         {threads} idle cores), {} events; \
         peak RSS {:.0} MiB (after loading docs {:.0} MiB); P {:.4} R {:.4} F1 {:.4}",
        rows.len(),
        cpu.unwrap_or(f64::NAN),
        events.len(),
        peak_mib().unwrap_or(f64::NAN),
        before.unwrap_or(f64::NAN),
        s.p,
        s.r,
        s.f
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        None | Some("table") => table(),
        Some("sweep") => sweep(args.next()),
        Some("labels") => {
            let Some(rows) = load(SETS[args.next().map_or(0, |_| 1)].1) else {
                return;
            };
            let (pred, _) = labels(&rows, &event_cfg());
            for (r, p) in rows.iter().zip(pred) {
                println!("{}\t{}\t{p}", r.doc.id, r.event);
            }
        }
        Some("dump") => {
            let Some(rows) = load(SETS[args.next().map_or(0, |_| 1)].1) else {
                return;
            };
            let ev: HashMap<&str, (&str, Option<&String>)> = rows
                .iter()
                .map(|r| (r.doc.id.as_str(), (r.event.as_str(), r.topic.as_ref())))
                .collect();
            let refs: Vec<&Doc> = rows.iter().map(|r| &r.doc).collect();
            for (a, b, c) in scour::cluster::events::pair_components(&refs, &event_cfg()) {
                let (ea, ta) = ev[a.as_str()];
                let (eb, tb) = ev[b.as_str()];
                println!(
                    "{a}\t{b}\t{}\t{}\t{}",
                    u8::from(ea == eb),
                    u8::from(ta == tb),
                    c.iter()
                        .map(|x| format!("{x:.4}"))
                        .collect::<Vec<_>>()
                        .join("\t")
                );
            }
        }
        Some("feats") => {
            let Some(rows) = load(SETS[args.next().map_or(0, |_| 1)].1) else {
                return;
            };
            for r in &rows {
                let f = scour::cluster::features::extract(&r.doc);
                let v = serde_json::json!({
                    "id": r.doc.id, "event": r.event, "topic": r.topic,
                    "published": f.published, "anchor": f.anchor,
                    "guessed": f.anchor_year_guessed, "weekday": f.weekday, "dates": f.dates, "years": f.years,
                    "entities": f.entities, "entity_counts": f.entity_counts,
                    "numbers": f.numbers, "terms": f.terms,
                });
                println!("{v}");
            }
        }
        Some("speed") => speed(args.next(), args.next()),
        Some(other) => {
            eprintln!("unknown mode {other:?}: use table, sweep [t1,t2,..], speed [N] [THREADS], labels [vmds], dump or feats [vmds]");
            std::process::exit(2);
        }
    }
}
