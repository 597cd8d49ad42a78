//! Parse speed of the byte tokenizer (`boilerplate::tokenize_html`) against
//! `scraper::Html::parse_document`, on the pages `scour clean` parses (the
//! `html` field of JSON Lines records, after the pre-parse pass), one thread.
//!
//! `cargo run --release --example parse_speed -- [--only ours|scraper] [--rounds N] FILE.jsonl...`
//! prints pages, seconds and pages per second for each parser; with `--only`
//! it runs just one, for `perf` or `/usr/bin/time` (CPU seconds).

use scour::boilerplate::{prescan, tokenize_html};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut only = None;
    let mut rounds = 3usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--only" => only = args.next(),
            "--rounds" => rounds = args.next().unwrap_or_default().parse()?,
            _ => files.push(a),
        }
    }
    let mut pages = Vec::new();
    for f in &files {
        for line in std::fs::read_to_string(f)?.lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(h) = v.get("html").and_then(|h| h.as_str()) {
                pages.push(prescan::strip(h).into_owned());
            }
        }
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    eprintln!(
        "{} pages, {:.1} MB after the pre-parse pass",
        pages.len(),
        bytes as f64 / 1e6
    );
    type Parse = fn(&str) -> scraper::Html;
    let parsers: [(&str, Parse); 2] = [
        ("scraper", scraper::Html::parse_document),
        ("ours", tokenize_html::parse_document),
    ];
    for (name, parse) in parsers {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut best = f64::MAX;
        let mut nodes = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            nodes = pages
                .iter()
                .map(|p| parse(p).tree.values().count())
                .sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name:8} {} pages {nodes} nodes best of {rounds}: {best:.3} s, {:.0} pages/s",
            pages.len(),
            pages.len() as f64 / best
        );
    }
    Ok(())
}
