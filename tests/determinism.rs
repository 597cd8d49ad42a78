//! The output never depends on thread count or on the order inputs are given.

mod common;

use std::fs;

#[test]
fn one_and_two_threads_give_identical_output() {
    let raw = common::root().join("raw");
    let one = common::fingerprint_run(&common::run(&[&raw], 1));
    let two = common::fingerprint_run(&common::run(&[&raw], 2));
    assert!(!one.is_empty());
    // raw/ has merged copies, so the comparison covers duplicates.jsonl too.
    assert!(!common::run(&[&raw], 1).duplicates.is_empty());
    assert_eq!(one, two);
}

#[test]
fn input_order_does_not_matter() {
    let root = common::root();
    let (seeds, vn) = (root.join("raw/seeds"), root.join("raw/vn-news"));
    let a = common::run(&[&seeds, &vn], 2);
    let b = common::run(&[&vn, &seeds], 2);
    assert_eq!(common::fingerprint_run(&a), common::fingerprint_run(&b));
}

#[test]
fn file_names_do_not_matter_beyond_ids() {
    // The same pages under a different folder layout and creation order:
    // clusters, canonical choices and events must be the same.
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = common::walk(&common::root().join("raw"));
    files.reverse();
    for f in &files {
        let rel = f.strip_prefix(common::root().join("raw")).unwrap();
        let dest = tmp.path().join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(f, &dest).unwrap();
    }
    let a = common::run(&[&common::root().join("raw")], 1);
    let b = common::run(&[tmp.path()], 2);
    let groups = |r: &scour::output::RunOutput| {
        r.manifest
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    m.status,
                    m.duplicate_of.clone(),
                    m.event.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(groups(&a), groups(&b));
}
