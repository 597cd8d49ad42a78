//! Runs the scour pipeline on corpus files exactly as `scour run` does, but
//! keeps the output in memory and times each stage, for the near-duplicate
//! benchmark (`bench/dedup/run.sh`).
//!
//! `cargo run --release --example dedup_bench -- CONFIG THREADS LABELS FILE...`
//! writes `LABELS` (one JSON object per line: `id`, `group` = the canonical
//! id of the page's duplicate group or its own id, `status`) and prints one
//! JSON line on stdout with the stage times in seconds (wall, and CPU-seconds
//! of all threads where Linux tells them) and the page count. Output writing
//! is left out on purpose: it is I/O, not deduplication.
//!
//! `dedup_bench --fingerprint-bytes CONFIG FILE...` runs the pipeline once
//! more, untimed, and prints the fingerprint bytes per page.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use scour::config::Config;
use scour::fingerprint::{Fingerprinter, Shingler};
use scour::pipeline::{Pipeline, Progress};

// The allocator of the `scour` binary (src/main.rs), so that the benchmark
// times what the command does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of every thread of this process so far, in seconds, from
/// `/proc/self/task/*/schedstat` (nanoseconds on the CPU); `None` off Linux.
/// The stage's worker threads live for the whole run (one rayon pool), so
/// a difference between two readings is the CPU a stage took on all
/// threads, whatever else the machine is running.
fn cpu_seconds() -> Option<f64> {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(ns as f64 / 1e9)
}

/// Wall and CPU time of each pipeline stage, from the progress callbacks.
#[derive(Default)]
struct StageTimes {
    current: Mutex<Option<(&'static str, Instant, Option<f64>)>>,
    done: Mutex<Vec<(&'static str, f64, Option<f64>)>>,
}

impl Progress for StageTimes {
    fn stage(&self, name: &'static str, _total: usize) {
        *self.current.lock().unwrap() = Some((name, Instant::now(), cpu_seconds()));
    }
    fn done(&self) {
        if let Some((name, t, cpu)) = self.current.lock().unwrap().take() {
            let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
            self.done
                .lock()
                .unwrap()
                .push((name, t.elapsed().as_secs_f64(), cpu));
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // As the `scour` binary does (src/main.rs).
    scour::allocator::keep_freed_memory();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--fingerprint-bytes") {
        return fingerprint_bytes(&args[1..]);
    }
    if args.len() < 4 {
        return Err(
            "usage: dedup_bench CONFIG THREADS LABELS FILE... | dedup_bench --fingerprint-bytes CONFIG FILE..."
                .into(),
        );
    }
    let cfg = Config::load(std::path::Path::new(&args[0]))?;
    let threads: usize = args[1].parse()?;
    let inputs: Vec<PathBuf> = args[3..].iter().map(PathBuf::from).collect();
    let pipeline = Pipeline::new(&cfg);
    let times = StageTimes::default();
    let t0 = Instant::now();
    let out = pipeline.run(&inputs, threads, &times)?;
    let total = t0.elapsed().as_secs_f64();

    // Written field by field: building a JSON value per page would time
    // the harness's own output, not the pipeline.
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[2])?);
    for m in &out.manifest {
        let group = m.duplicate_of.as_deref().unwrap_or(&m.id);
        w.write_all(b"{\"id\":")?;
        serde_json::to_writer(&mut w, &m.id)?;
        w.write_all(b",\"group\":")?;
        serde_json::to_writer(&mut w, group)?;
        w.write_all(b",\"status\":")?;
        serde_json::to_writer(&mut w, &m.status)?;
        w.write_all(b"}\n")?;
    }
    w.flush()?;

    let done = times.done.lock().unwrap();
    let stages: serde_json::Map<String, serde_json::Value> = done
        .iter()
        .map(|(n, s, _)| (n.to_string(), serde_json::json!(s)))
        .collect();
    let stages_cpu: serde_json::Map<String, serde_json::Value> = done
        .iter()
        .filter_map(|(n, _, c)| Some((n.to_string(), serde_json::json!((*c)?))))
        .collect();
    println!(
        "{}",
        serde_json::json!({"pages": out.manifest.len(), "total_s": total, "stages": stages,
            "stages_cpu_s": stages_cpu})
    );
    // As `scour run` does: the run's documents are not freed one by one
    // before the process ends (see `cli::run`).
    std::mem::forget(out);
    Ok(())
}

/// `--fingerprint-bytes CONFIG FILE...`: fingerprint bytes per page, on a
/// sample of the canonical texts' fingerprints (every n-th text, about
/// 300), as one JSON line. A run of its own, so that the timed run does
/// only what `scour run` does.
fn fingerprint_bytes(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let [config, files @ ..] = args else {
        return Err("usage: dedup_bench --fingerprint-bytes CONFIG FILE...".into());
    };
    let cfg = Config::load(std::path::Path::new(config))?;
    let inputs: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    let out = Pipeline::new(&cfg).run(&inputs, 0, &scour::pipeline::NoProgress)?;
    let shingler = Shingler::new(&cfg.fingerprint);
    let step = (out.documents.len() / 300).max(1);
    let sample: Vec<usize> = out
        .documents
        .iter()
        .step_by(step)
        .map(|d| {
            shingler.fingerprint(&d.text).heap_bytes()
                + std::mem::size_of::<scour::fingerprint::Fingerprint>()
        })
        .collect();
    let fp_bytes = sample.iter().sum::<usize>() as f64 / sample.len().max(1) as f64;
    println!(
        "{}",
        serde_json::json!({ "fingerprint_bytes_per_page": fp_bytes })
    );
    Ok(())
}
