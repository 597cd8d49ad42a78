//! Normalize-stage throughput on real Vietnamese news text
//! (`../shared/data/events-dev/vmds.jsonl`), one thread, so the figures are
//! MB/s per core. `cargo bench --bench normalize`.
//!
//! - `clean`: text already in canonical form (normalized once beforehand):
//!   the fast path, which checks every repair's trigger before rewriting;
//! - `as_published`: the corpus as it is (old-style tones, so most documents
//!   take the rewrite path);
//! - `nfd`, `mojibake`: the same text decomposed, or UTF-8 read as
//!   windows-1252 (each document planned and rewritten).
//!
//! Skips with a message when ../shared is absent.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use scour::normalize::{Normalize, Normalizer};
use unicode_normalization::UnicodeNormalization;

fn texts() -> Option<Vec<String>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/events-dev/vmds.jsonl");
    let Ok(data) = std::fs::read_to_string(&p) else {
        eprintln!("SKIP: {} not found (../shared is absent)", p.display());
        return None;
    };
    Some(
        data.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(String::from))
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(raw) = texts() else {
        return;
    };
    let n = Normalizer::default();
    let clean: Vec<String> = raw.iter().map(|t| n.normalize(t).into_owned()).collect();
    let nfd: Vec<String> = clean.iter().map(|t| t.nfd().collect()).collect();
    let mojibake: Vec<String> = clean
        .iter()
        .map(|t| {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(t.as_bytes())
                .0
                .into_owned()
        })
        .collect();
    let clean_borrowed = clean
        .iter()
        .filter(|t| matches!(n.normalize(t), std::borrow::Cow::Borrowed(_)))
        .count();
    eprintln!(
        "normalize bench: {} documents, {} of them clean (fast path)",
        clean.len(),
        clean_borrowed
    );
    let mut g = c.benchmark_group("normalize");
    for (name, set) in [
        ("clean", &clean),
        ("as_published", &raw),
        ("nfd", &nfd),
        ("mojibake", &mojibake),
    ] {
        let bytes: usize = set.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for t in set.iter() {
                    black_box(n.normalize_noted(black_box(t)));
                }
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
