//! Per-stage benchmarks on the bundled sample pages (`raw/`): throughput of
//! boilerplate removal, normalization and fingerprinting, of the HTML parse
//! (the byte tokenizer against scraper's own parse, on the HTML pages), and
//! of a whole run on one thread. `cargo bench --bench stages`.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use scour::boilerplate::{prescan, tokenize_html, Boilerplate, Extractor};
use scour::fingerprint::{Fingerprinter, Shingler};
use scour::ingest::{self, Loaded};
use scour::normalize::{Normalize, Normalizer};
use scour::pipeline::{NoProgress, Pipeline};
use scour::Config;

fn raw() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("raw")
}

fn stages(c: &mut Criterion) {
    let cfg = Config::default();
    let found = ingest::discover(&[raw()]).expect("raw/ exists");
    let pages: Vec<_> = found
        .inputs
        .iter()
        .filter_map(|i| match ingest::load(i) {
            Loaded::Page(p, _) => Some(p),
            Loaded::Failed(_) => None,
        })
        .collect();
    let bytes: usize = pages.iter().map(|p| p.body.len()).sum();
    let extractor = Boilerplate::new(&cfg.boilerplate);
    let extracted: Vec<_> = pages.iter().map(|p| extractor.extract(p)).collect();
    let texts: Vec<String> = extracted
        .iter()
        .map(|e| e.paragraphs.join("\n\n"))
        .collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("boilerplate", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| extractor.extract(black_box(p)).paragraphs.len())
                .sum::<usize>()
        })
    });
    // The parse alone, on what the extractor parses: the HTML pages after
    // the pre-scan. Both give the same tree (tests/issue_7_extraction.rs).
    let html: Vec<String> = pages
        .iter()
        .filter(|p| p.body.trim_start().starts_with('<'))
        .map(|p| prescan::strip(&p.body).into_owned())
        .collect();
    g.throughput(Throughput::Bytes(
        html.iter().map(String::len).sum::<usize>() as u64,
    ));
    g.bench_function("html_parse/tokenize_html", |b| {
        b.iter(|| {
            html.iter()
                .map(|h| {
                    tokenize_html::parse_document(black_box(h))
                        .tree
                        .nodes()
                        .count()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("html_parse/scraper", |b| {
        b.iter(|| {
            html.iter()
                .map(|h| {
                    scraper::Html::parse_document(black_box(h))
                        .tree
                        .nodes()
                        .count()
                })
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(text_bytes as u64));
    let normalizer = Normalizer::new(&cfg.normalize);
    g.bench_function("normalize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| normalizer.normalize(black_box(t)).len())
                .sum::<usize>()
        })
    });
    let shingler = Shingler::new(&cfg.fingerprint);
    g.bench_function("fingerprint", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| shingler.fingerprint(black_box(t)).exact)
                .fold(0, u64::wrapping_add)
        })
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    let pipeline = Pipeline::new(&cfg);
    g.bench_function("run_1_thread", |b| {
        b.iter(|| {
            pipeline
                .run(&[raw()], 1, &NoProgress)
                .unwrap()
                .documents
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
