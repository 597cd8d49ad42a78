//! Golden test: `cleaned/` in the repository equals a fresh run on `raw/`
//! with the default configuration. To refresh it after an intended change,
//! run `cargo run --release -- run` and review the diff of `cleaned/`.

mod common;

use std::fs;
use std::path::Path;

use scour::output::{write_run, WriteOptions};

fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = common::walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn cleaned_equals_a_fresh_run_on_raw() {
    // Relative paths, as the README's command uses, so `source` fields match.
    std::env::set_current_dir(common::root()).unwrap();
    let run = common::run(&[Path::new("raw")], 2);
    let tmp = tempfile::tempdir().unwrap();
    write_run(
        tmp.path(),
        &run,
        WriteOptions {
            docs: true,
            removed: true,
            html: true,
        },
    )
    .unwrap();
    let golden = common::root().join("cleaned");
    assert_eq!(
        files(tmp.path()),
        files(&golden),
        "cleaned/ holds other files than a fresh run writes"
    );
    for f in files(&golden) {
        let want = fs::read_to_string(golden.join(&f)).unwrap();
        let got = fs::read_to_string(tmp.path().join(&f)).unwrap();
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "cleaned/{f} differs from a fresh run at line {}:\n  committed: {}\n  fresh:     {}\nrun `cargo run --release -- run` and review the diff",
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                got.lines().nth(line).unwrap_or("")
            );
        }
    }
}
