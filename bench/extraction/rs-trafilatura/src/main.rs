//! Runs rs-trafilatura over benchmark pages: JSON Lines in (`id`, `html`,
//! `url`), `{"id","text"}` lines out; prints the CPU seconds spent in the
//! extraction calls (reading and writing excluded) on stdout, as the
//! harness measures every system.
//!
//! usage: rs-trafilatura-runner PAGES.jsonl OUT.jsonl

use std::io::{BufRead, BufReader, BufWriter, Write};

/// CPU time of the calling thread in seconds (Linux scheduler count).
fn thread_cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("read schedstat");
    let ns: u64 = s.split_whitespace().next().and_then(|n| n.parse().ok()).expect("schedstat");
    ns as f64 / 1e9
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (pages, out) = (&args[1], &args[2]);
    let reader = BufReader::new(std::fs::File::open(pages).expect("open pages"));
    let records: Vec<serde_json::Value> = reader
        .lines()
        .map(|l| l.expect("read pages"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("JSON line"))
        .collect();
    let mut w = BufWriter::new(std::fs::File::create(out).expect("create output"));
    let mut spent = 0.0f64;
    for r in &records {
        let html = r["html"].as_str().unwrap_or("");
        let mut opts = rs_trafilatura::Options::default();
        opts.url = r["url"].as_str().map(str::to_string);
        let t = thread_cpu_s();
        // A panic inside the extractor scores as an empty output, like an error.
        let res = std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(html, &opts));
        spent += thread_cpu_s() - t;
        let mut rec = serde_json::json!({"id": r["id"], "text": ""});
        match res {
            Ok(Ok(x)) => rec["text"] = serde_json::Value::String(x.content_text),
            Ok(Err(e)) => rec["error"] = serde_json::Value::String(e.to_string()),
            Err(_) => rec["error"] = serde_json::Value::String("panic".into()),
        }
        serde_json::to_writer(&mut w, &rec).expect("write");
        w.write_all(b"\n").expect("write");
    }
    w.flush().expect("flush");
    println!("{spent:.4}");
}
