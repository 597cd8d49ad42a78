//! Runs the scour pipeline on corpus files exactly as `scour run` does, but
//! keeps the output in memory and times each stage, for the near-duplicate
//! benchmark (`bench/dedup/run.sh`).
//!
//! `cargo run --release --example dedup_bench -- CONFIG THREADS LABELS FILE...`
//! writes `LABELS` (one JSON object per line: `id`, `group` = the canonical
//! id of the page's duplicate group or its own id, `status`) and prints one
//! JSON line on stdout with the stage times in seconds (wall, and CPU-seconds
//! of all threads where Linux tells them), the page count and the
//! fingerprint bytes per page. Output writing is left out on purpose:
//! it is I/O, not deduplication.

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        return Err("usage: dedup_bench CONFIG THREADS LABELS FILE...".into());
    }
    let cfg = Config::load(std::path::Path::new(&args[0]))?;
    let threads: usize = args[1].parse()?;
    let inputs: Vec<PathBuf> = args[3..].iter().map(PathBuf::from).collect();
    let pipeline = Pipeline::new(&cfg);
    let times = StageTimes::default();
    let t0 = Instant::now();
    let out = pipeline.run(&inputs, threads, &times)?;
    let total = t0.elapsed().as_secs_f64();

    let mut w = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    for m in &out.manifest {
        let group = m.duplicate_of.as_deref().unwrap_or(&m.id);
        let status = serde_json::to_value(m.status)?;
        serde_json::to_writer(
            &mut w,
            &serde_json::json!({"id": m.id, "group": group, "status": status}),
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()?;

    // Fingerprint bytes per page, measured on a sample of the canonical
    // texts' fingerprints (every n-th text, about 300: this is inside the
    // timed process).
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
            "stages_cpu_s": stages_cpu, "fingerprint_bytes_per_page": fp_bytes})
    );
    Ok(())
}
