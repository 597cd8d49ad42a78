//! Issue 2 acceptance on the bundled sample pages (`raw/`): the seeds come out
//! clean (no chrome line, every content paragraph), the events of the seeds
//! are exactly {000, 001, 004}, {002}, {003}, and the HTML copies in
//! `raw/vn-news` are grouped.

mod common;

use std::collections::{BTreeSet, HashMap};

use scour::output::Status;

fn seed_id(n: &str) -> String {
    let dir = common::root().join("raw/seeds");
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|f| f.starts_with(n))
        .unwrap_or_else(|| panic!("no seed {n} in {}", dir.display()));
    format!("seeds/{name}")
}

fn lines(path: &str) -> Vec<String> {
    let p = common::root().join("tests/fixtures/seeds").join(path);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(common::canon)
        .collect()
}

#[test]
fn seeds_keep_every_content_paragraph_and_no_chrome() {
    let run = common::run(&[&common::root().join("raw")], 2);
    let docs: HashMap<&str, &scour::output::DocumentRecord> =
        run.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut failures = Vec::new();
    for n in ["000", "001", "002", "003", "004"] {
        let id = seed_id(n);
        let doc = docs
            .get(id.as_str())
            .unwrap_or_else(|| panic!("seed {id} is not a canonical document"));
        let paras: BTreeSet<String> = doc.text.split("\n\n").map(common::canon).collect();
        for c in lines(&format!("{n}.content.txt")) {
            if !paras.contains(&c) {
                failures.push(format!("{n}: content paragraph lost: {c}"));
            }
        }
        for c in lines(&format!("{n}.chrome.txt")) {
            if paras.contains(&c) {
                failures.push(format!("{n}: chrome line kept: {c}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn seed_events_are_exactly_the_january_2023_conference() {
    let run = common::run(&[&common::root().join("raw/seeds")], 2);
    assert_eq!(run.documents.len(), 5, "no seed is a duplicate of another");
    assert!(run.report.duplicates.is_empty());
    let got = common::seed_events(&run);
    assert_eq!(
        got,
        vec![vec!["000", "001", "004"], vec!["002"], vec!["003"]]
    );
}

#[test]
fn sample_html_copies_are_grouped_and_listing_page_is_empty() {
    let run = common::run(&[&common::root().join("raw")], 2);
    let status: HashMap<&str, (Status, Option<&str>)> = run
        .manifest
        .iter()
        .map(|m| (m.id.as_str(), (m.status, m.duplicate_of.as_deref())))
        .collect();
    assert_eq!(
        run.manifest.len(),
        14,
        "every page of raw/ is in the manifest"
    );
    // A truncated copy of the Milan-Barcelona report on another site: its
    // canonical page is the complete original.
    let milan = "vn-news/baomiennui.vn/ac-milan-va-barca-cam-chan-nhau-tai-san-siro-216947.html";
    assert_eq!(
        status[milan],
        (Status::Duplicate, Some("vn-news/moitre.vn/ac-milan-va-barca-cam-chan-nhau-tai-san-siro-20131023085400338.html"))
    );
    // A verbatim copy saved in decomposed Unicode (NFD).
    let pair = [
        "vn-news/datvietonline.com.vn/abbott-trao-tang-san-pham-ho-tro-tre-em-vung-bao-7712870.html",
        "vn-news/moitre.vn/abbott-trao-tang-san-pham-ho-tro-tre-em-vung-bao-20131022125100461.html",
    ];
    let statuses: BTreeSet<_> = pair.iter().map(|p| status[p].0).collect();
    assert_eq!(
        statuses,
        BTreeSet::from([Status::Canonical, Status::Duplicate])
    );
    // A category listing has no article.
    assert_eq!(
        status["vn-news/baodongbang.vn/the-gioi-trang-37.html"].0,
        Status::Empty
    );
    // Two different articles on one event (pupils and e-bike helmets) share an event.
    let ev = |id: &str| {
        run.manifest
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| m.event.clone())
    };
    let a = ev("vn-news/datvietonline.com.vn/hinh-anh-hoc-sinh-dau-tran-vi-vu-tren-xe-dap-dien-8842104.html");
    let b = ev("vn-news/xahoi24.net/hoc-sinh-lo-quy-dinh-doi-mu-bao-hiem-khi-di-xe-dap-dien-20131102000500118.html");
    assert!(a.is_some() && a == b, "{a:?} vs {b:?}");
}
