//! CPU time of scour's extraction calls, measured the way the harness
//! measures the Python extractors (`run_python.py`: `time.process_time()`
//! around each extraction call, reading and writing JSON excluded) and the
//! rs-trafilatura runner, so that the speed line of the table compares the
//! same work: HTML in, main text out.
//!
//! usage: extraction_speed CONFIG PAGES.jsonl
//!
//! Loads every record first (as `scour clean` does: `RawRecord` →
//! page fields), then on one thread times, as thread CPU time:
//! 1. `Extractor::extract` on every page (boilerplate removal and metadata:
//!    what trafilatura's `extract` and resiliparse's `extract_plain_text`
//!    do), and
//! 2. `Pipeline::clean_page_meta` on every page (extraction, then the
//!    normalize stage: everything `scour clean` does per record).
//!
//! Prints one JSON object: `{"pages", "extract_s", "clean_s"}`.

use scour::boilerplate::{Boilerplate, Extractor};
use scour::config::Config;
use scour::ingest::jsonl::{page_from_map, RawRecord};
use scour::ingest::Loaded;
use scour::pipeline::Pipeline;
use std::io::BufRead;
use std::path::Path;

// The allocator the scour binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of the calling thread, in seconds (Linux: the scheduler's own
/// count in nanoseconds). `None` where /proc is not there.
fn thread_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<u64>().ok()? as f64 / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        return Err("usage: extraction_speed CONFIG PAGES.jsonl".into());
    }
    let cfg = Config::load(Path::new(&args[1]))?;
    let path = &args[2];
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut pages = Vec::new();
    for (n, line) in file.split(b'\n').enumerate() {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let source = format!("{name}:{}", n + 1);
        let record = RawRecord::parse(&line).map_err(|e| format!("{source}: {e:?}"))?;
        let obj = record.page_object().map_err(|e| format!("{source}: {e}"))?;
        match page_from_map(obj, &source, &source, &name) {
            Loaded::Page(page, _) => pages.push(page),
            // `scour clean` writes an `error` field for these; the peers
            // score them as empty too. They are not timed.
            Loaded::Failed(f) => eprintln!("{source}: not a page: {}", f.reason),
        }
    }
    let cpu = || thread_cpu_s().ok_or("cannot read /proc/thread-self/schedstat");

    let extractor = Boilerplate::new(&cfg.boilerplate);
    let t = cpu()?;
    for p in &pages {
        // Each result is dropped at once, as the Python runner keeps none.
        std::hint::black_box(extractor.extract(p));
    }
    let extract_s = cpu()? - t;

    let pipeline = Pipeline::new(&cfg);
    let t = cpu()?;
    for p in &pages {
        std::hint::black_box(pipeline.clean_page_meta(p));
    }
    let clean_s = cpu()? - t;

    println!(
        "{}",
        serde_json::json!({"pages": pages.len(), "extract_s": extract_s, "clean_s": clean_s})
    );
    Ok(())
}
