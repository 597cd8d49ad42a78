//! Issue 6: reports people can inspect. `report.html` (opened in headless
//! Chromium over the sample `raw/` plus a hostile page), `scour report DIR`,
//! `scour explain A B`, and the audit of what boilerplate removal cut.

mod common;

#[path = "../bench/report/cdp.rs"]
mod cdp;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use serde_json::Value;

const SEED_000: &str = "seeds/000_d279e29619edf669.txt";
const SEED_001: &str = "seeds/001_bd80733e4ddf82e0.txt";
const SEED_003: &str = "seeds/003_f538a11474f7dc63.txt";

fn scour() -> Command {
    let mut c = Command::cargo_bin("scour").unwrap();
    c.current_dir(common::root());
    c
}

/// `scour run raw/ tests/fixtures/hostile -o DIR` with the shipped config.
fn run_sample(dir: &Path) {
    let out = scour()
        .args(["run", "raw", "tests/fixtures/hostile", "--quiet", "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    run_sample(&dir);
    (tmp, dir)
}

fn jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_removal_names_its_rule_and_duplicates_keep_their_text() {
    let (_tmp, dir) = sample();
    let removed = jsonl(&dir.join("removed.jsonl"));
    let manifest = jsonl(&dir.join("manifest.jsonl"));
    // One record per page that was read, every block with a rule.
    let readable = manifest.iter().filter(|m| m["status"] != "error").count();
    assert_eq!(removed.len(), readable);
    let mut blocks = 0;
    for r in &removed {
        for b in r["removed"].as_array().unwrap() {
            blocks += 1;
            assert!(
                b["rule"].as_str().is_some_and(|s| !s.trim().is_empty()),
                "{r}"
            );
        }
    }
    assert!(blocks > 100, "{blocks} removed blocks");
    // Every duplicate's text is kept for the audit and the side-by-side view.
    let dups = jsonl(&dir.join("duplicates.jsonl"));
    let want: Vec<&Value> = manifest
        .iter()
        .filter(|m| m["status"] == "duplicate")
        .collect();
    assert_eq!(dups.len(), want.len());
    assert!(!dups.is_empty());
    for (d, m) in dups.iter().zip(want) {
        assert_eq!(d["id"], m["id"]);
        assert_eq!(d["duplicate_of"], m["duplicate_of"]);
        assert!(d["text"].as_str().unwrap().len() > 200);
    }
}

#[test]
fn report_command_summarizes_and_rebuilds_the_html() {
    let (_tmp, dir) = sample();
    let html = dir.join("report.html");
    let written = fs::read(&html).unwrap();
    fs::remove_file(&html).unwrap();
    let out = scour().arg("report").arg(&dir).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("pages read:            15"), "{text}");
    assert!(
        text.contains("duplicates:            2 in 2 groups"),
        "{text}"
    );
    assert!(
        text.contains("empty: no main text left after boilerplate removal"),
        "{text}"
    );
    // Rebuilt from the files alone: the same bytes the run wrote.
    assert_eq!(fs::read(&html).unwrap(), written);

    let out = scour()
        .args(["report", "--json", "--no-html"])
        .arg(&dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["totals"]["pages"], 15);
    assert_eq!(v["totals"]["multi_document_events"], 2);
    assert_eq!(v["html"], Value::Null);

    // Missing and broken files are named; exit 2.
    fs::write(dir.join("documents.jsonl"), "{\"id\": \"x\"}\nnot json\n").unwrap();
    let out = scour().arg("report").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("documents.jsonl") && err.contains("line 1"),
        "{err}"
    );
    fs::remove_file(dir.join("report.json")).unwrap();
    let out = scour().arg("report").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("report.json") && err.contains("missing"),
        "{err}"
    );
    let out = scour()
        .arg("report")
        .arg(dir.join("nothing-here"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn html_can_be_turned_off() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("c.toml");
    fs::write(&cfg, "[output]\nhtml = false\ndocs = false\n").unwrap();
    let dir = tmp.path().join("out");
    scour()
        .args(["run", "raw/seeds", "--quiet", "--config"])
        .arg(&cfg)
        .arg("-o")
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("report.json").is_file());
    assert!(!dir.join("report.html").exists());
}

fn explain(a: &str, b: &str, dir: &Path) -> (String, Value) {
    let out = scour()
        .args(["explain", a, b, "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let out = scour()
        .args(["explain", a, b, "--json", "-o"])
        .arg(dir)
        .output()
        .unwrap();
    (text, serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn explain_shows_why_seeds_000_and_001_are_one_event() {
    let (_tmp, dir) = sample();
    let (text, v) = explain(SEED_000, SEED_001, &dir);
    assert!(text.contains("SAME EVENT"), "{text}");
    let e = &v["events"];
    assert_eq!(e["same_event"], true);
    assert_eq!(e["candidate"], true);
    let score = e["score"].as_f64().unwrap();
    assert!(score >= e["threshold"].as_f64().unwrap(), "{e}");
    // The components add up to the score the run clustered on.
    let base = (0.6 * e["terms_cosine"].as_f64().unwrap()
        + 0.3 * e["entity_overlap"].as_f64().unwrap()
        + 0.1 * e["number_overlap"].as_f64().unwrap())
        * e["time_factor"].as_f64().unwrap()
        * e["actor_factor"].as_f64().unwrap();
    assert!((base - score).abs() < 1e-9, "{base} vs {score}");
    // The shared evidence: the same people and bodies, the same day.
    let shared = &v["shared"];
    let has = |k: &str, x: &str| shared[k].as_array().unwrap().iter().any(|s| s == x);
    assert!(has("entities", "Pham Minh Chinh"), "{shared}");
    assert!(has("dates", "2023-01-10"), "{shared}");
    assert!(has("terms", "foreign affairs"), "{shared}");
    assert!(text.contains("entities: ") && text.contains("Pham Minh Chinh"));
    assert_eq!(v["dedup"]["rule"], Value::Null);
    assert!(text.contains("no rule matched: Jaccard"), "{text}");
}

#[test]
fn explain_shows_why_seeds_000_and_003_are_different_events() {
    let (_tmp, dir) = sample();
    let (text, v) = explain(SEED_000, SEED_003, &dir);
    assert!(text.contains("DIFFERENT EVENTS"), "{text}");
    let e = &v["events"];
    assert_eq!(e["same_event"], false);
    assert!(e["score"].as_f64().unwrap() < e["threshold"].as_f64().unwrap());
    // Their dates are apart: the time factor cut a score that was above the threshold.
    assert!(e["time_factor"].as_f64().unwrap() < 1.0, "{e}");
    assert!(e["base"].as_f64().unwrap() >= e["threshold"].as_f64().unwrap());
    assert!(text.contains("anchor dates are"), "{text}");
    assert!(
        text.contains(&format!("events.threshold {}", e["threshold"])),
        "{text}"
    );
}

#[test]
fn explain_duplicates_and_errors() {
    let (_tmp, dir) = sample();
    let report: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    let g = &report["duplicates"][0];
    let (canon, copy) = (
        g["canonical"].as_str().unwrap(),
        g["members"][0]["id"].as_str().unwrap(),
    );
    let (text, v) = explain(copy, canon, &dir);
    assert!(text.starts_with("A: "), "{text}");
    assert!(v["verdict"].as_str().unwrap().starts_with("DUPLICATES"));
    assert_eq!(v["dedup"]["rule"], g["members"][0]["rule"]);
    assert!(v["dedup"]["in_run"]
        .as_str()
        .unwrap()
        .contains("A is a duplicate of B"));
    // Files are run through the per-page stages.
    let out = scour()
        .args([
            "explain",
            "raw/seeds/000_d279e29619edf669.txt",
            "raw/seeds/002_987ce509ee56badb.txt",
            "--json",
            "-o",
        ])
        .arg(dir.join("missing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let out = scour()
        .current_dir(tmp.path())
        .args(["explain", "--json"])
        .arg(common::root().join("raw/seeds/000_d279e29619edf669.txt"))
        .arg(common::root().join("raw/seeds/002_987ce509ee56badb.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["a"]["from"], "file");
    assert_eq!(v["events"]["corpus_docs"], 2);
    let out = scour()
        .args(["explain", "no/such/page", SEED_000, "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/page"));
}

/// Evaluate `js` (an expression) and expect a value.
fn js(b: &mut cdp::Browser, expr: &str) -> Value {
    b.eval(expr).unwrap_or_else(|e| panic!("{e}"))
}

fn settle(b: &mut cdp::Browser) {
    // Filters are debounced (120 ms); wait for the redraw.
    std::thread::sleep(Duration::from_millis(350));
    js(b, "1");
}

/// Type `text` into the pages filter (as a user would) and wait for the redraw.
fn filter_pages(b: &mut cdp::Browser, text: &str) {
    js(
        b,
        &format!(
            "(() => {{ const q = document.getElementById('page-filter'); q.value = {}; q.dispatchEvent(new Event('input')); }})()",
            Value::from(text)
        ),
    );
    settle(b);
}

/// Open the first row of the pages list and wait for its detail view.
fn open_first_page(b: &mut cdp::Browser) {
    js(
        b,
        "document.querySelector('#pages tbody tr button.linkish').click()",
    );
    b.wait_for(
        "!!document.querySelector('#detail .kept')",
        Duration::from_secs(10),
    )
    .unwrap();
}

#[test]
fn browser_shows_events_groups_filters_and_runs_no_page_script() {
    let Some(chromium) = cdp::find_chromium() else {
        eprintln!(
            "SKIPPED browser_shows_events_groups_filters_and_runs_no_page_script: no Chromium found \
             (install the Debian package `chromium`, or set SCOUR_CHROMIUM); .ci/run installs it"
        );
        return;
    };
    let (tmp, dir) = sample();
    let html = dir.join("report.html");
    let size = fs::metadata(&html).unwrap().len();
    let mut b = cdp::Browser::launch(&chromium).unwrap();
    b.open_page().unwrap();
    let start = Instant::now();
    b.call(
        "Page.navigate",
        serde_json::json!({"url": cdp::file_url(&html)}),
    )
    .unwrap();
    b.wait_for(
        "document.documentElement.getAttribute('data-ready') === '1'",
        Duration::from_secs(30),
    )
    .unwrap();
    let seen = start.elapsed();
    let shown = js(&mut b, "window.__scourReady").as_f64().unwrap();
    eprintln!(
        "report.html of raw/ + hostile page: {size} bytes; first render {shown:.0} ms after navigation start (test saw it after {} ms)",
        seen.as_millis()
    );

    // Summary.
    assert_eq!(
        js(
            &mut b,
            "document.querySelector('#totals [data-key=pages] b').textContent"
        ),
        "15"
    );
    assert_eq!(
        js(
            &mut b,
            "document.querySelectorAll('#reasons tbody tr').length"
        ),
        1
    );
    assert_eq!(
        js(
            &mut b,
            "[...document.querySelectorAll('#bad-pages tbody tr')].map(r => r.textContent.includes('no main text left')).join()"
        ),
        "true"
    );
    assert!(
        js(
            &mut b,
            "document.querySelectorAll('#rules tbody tr').length"
        )
        .as_u64()
        .unwrap()
            > 3
    );

    // Events: the two multi-document events, seeds 000 and 001 in one.
    js(&mut b, "document.getElementById('tab-events').click()");
    assert_eq!(
        js(&mut b, "document.querySelectorAll('.entry.event').length"),
        2
    );
    let seeds_event = js(
        &mut b,
        "(() => { const e = [...document.querySelectorAll('.entry.event')].find(e => e.textContent.includes('Pham Minh Chinh')); \
         e.querySelector('.head').click(); return [...e.querySelectorAll('.members tbody tr')].map(r => r.querySelector('.id').textContent); })()",
    );
    let ids: Vec<&str> = seeds_event
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        ids.contains(&SEED_000) && ids.contains(&SEED_001),
        "{ids:?}"
    );
    // The filter: by page id, then off.
    js(
        &mut b,
        "(() => { const q = document.getElementById('ev-filter'); q.value = 'xe-dap-dien'; q.dispatchEvent(new Event('input')); })()",
    );
    settle(&mut b);
    assert_eq!(
        js(
            &mut b,
            "[...document.querySelectorAll('.entry.event')].map(e => e.dataset.event)"
        ),
        serde_json::json!(["ev-deddce89"])
    );
    // Singletons appear when "only events with two or more documents" is off.
    js(
        &mut b,
        "(() => { const q = document.getElementById('ev-filter'); q.value = 'ac-milan'; q.dispatchEvent(new Event('input')); \
         const m = document.getElementById('ev-multi'); m.checked = false; m.dispatchEvent(new Event('change')); })()",
    );
    settle(&mut b);
    assert_eq!(
        js(&mut b, "document.querySelectorAll('.entry.event').length"),
        1
    );

    // Duplicate groups, and the side-by-side view of a copy.
    js(&mut b, "document.getElementById('tab-dups').click()");
    assert_eq!(
        js(&mut b, "document.querySelectorAll('.entry.group').length"),
        2
    );
    // Each group's side-by-side view: two texts; where the copy differs
    // from its canonical page (one group here is an edited copy, the other
    // an exact one), the differences are marked.
    let mut marked = Vec::new();
    for i in 0..2 {
        js(&mut b, "document.getElementById('detail').innerHTML = ''");
        js(
            &mut b,
            &format!("document.querySelectorAll('.entry.group button.cmp')[{i}].click()"),
        );
        b.wait_for(
            "!!document.querySelector('#detail .sbs')",
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(
            js(
                &mut b,
                "document.querySelectorAll('#detail .sbs .text').length"
            ),
            2
        );
        marked.push(
            js(
                &mut b,
                "document.querySelectorAll('#detail .del, #detail .ins').length",
            )
            .as_u64()
            .unwrap(),
        );
    }
    assert!(
        marked.iter().any(|&n| n > 0),
        "no differences marked: {marked:?}"
    );
    js(&mut b, "document.querySelector('#detail .close').click()");

    // Pages: filter by text and by status, sort.
    js(&mut b, "document.getElementById('tab-pages').click()");
    let rows = "document.querySelectorAll('#pages tbody tr').length";
    assert_eq!(js(&mut b, rows), 15);
    filter_pages(&mut b, "seeds/00");
    assert_eq!(js(&mut b, rows), 5);
    js(
        &mut b,
        "(() => { const q = document.getElementById('page-filter'); q.value = ''; q.dispatchEvent(new Event('input')); \
         const s = document.getElementById('status-filter'); s.value = 'duplicate'; s.dispatchEvent(new Event('change')); })()",
    );
    settle(&mut b);
    assert_eq!(js(&mut b, rows), 2);
    assert_eq!(
        js(
            &mut b,
            "[...document.querySelectorAll('#pages tbody tr')].every(r => r.dataset.status === 'duplicate')"
        ),
        true
    );
    js(
        &mut b,
        "(() => { const s = document.getElementById('status-filter'); s.value = ''; s.dispatchEvent(new Event('change')); \
         document.querySelector('#pages th[data-col=chars]').click(); })()",
    );
    settle(&mut b);
    let chars = js(
        &mut b,
        "[...document.querySelectorAll('#pages tbody tr td.num:nth-child(6)')].map(t => +t.textContent)",
    );
    let chars: Vec<u64> = chars
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(
        chars.windows(2).all(|w| w[0] >= w[1]) && chars.len() == 15,
        "{chars:?}"
    );

    // A page with a web address links to it.
    filter_pages(&mut b, "ac-milan");
    open_first_page(&mut b);
    assert_eq!(
        js(
            &mut b,
            "(() => { const a = document.querySelector('#detail a.link'); return !!a && (a.protocol === 'http:' || a.protocol === 'https:'); })()"
        ),
        true
    );
    js(&mut b, "document.querySelector('#detail .close').click()");

    // The hostile page: shown as text, its script never ran.
    filter_pages(&mut b, "hostile");
    assert_eq!(js(&mut b, rows), 1);
    open_first_page(&mut b);
    let kept = js(
        &mut b,
        "document.querySelector('#detail .kept').textContent",
    );
    assert!(
        kept.as_str().unwrap().contains(
            "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
        ),
        "{kept}"
    );
    assert!(kept.as_str().unwrap().contains("onerror="));
    let removed_rules = js(
        &mut b,
        "[...document.querySelectorAll('#detail .removed td.rule')].map(t => t.textContent)",
    );
    assert!(
        removed_rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "html:nav"),
        "{removed_rules}"
    );
    let url_row = js(
        &mut b,
        "[...document.querySelectorAll('#detail dt')].find(d => d.textContent === 'url').nextElementSibling.textContent",
    );
    assert!(
        url_row.as_str().unwrap().contains("not linked"),
        "{url_row}"
    );
    // Bidi controls are visible marks inside isolated spans: none reaches the layout.
    assert_eq!(
        js(
            &mut b,
            "document.querySelectorAll('#detail .bidi').length > 0 && [...document.querySelectorAll('#detail .bidi')].some(m => m.textContent === '<U+202E>')"
        ),
        true
    );
    assert_eq!(
        js(
            &mut b,
            "/[\\u202A-\\u202E\\u2066-\\u2069]/.test(document.body.innerText)"
        ),
        false
    );
    assert_eq!(
        js(
            &mut b,
            "getComputedStyle(document.querySelector('#pages tbody tr td:nth-child(2) .u')).unicodeBidi"
        ),
        "isolate"
    );
    // The row still reads left to right: title cell before status cell.
    assert_eq!(
        js(
            &mut b,
            "(() => { const c = document.querySelector('#pages tbody tr').children; return c[1].getBoundingClientRect().left < c[2].getBoundingClientRect().left; })()"
        ),
        true
    );
    let screenshot = b.screenshot().unwrap();
    assert_eq!(&screenshot[..8], b"\x89PNG\r\n\x1a\n");
    let shot = tmp.path().join("report.png");
    fs::write(&shot, &screenshot).unwrap();
    eprintln!(
        "screenshot: {} ({} bytes)",
        shot.display(),
        screenshot.len()
    );
    if let Some(d) = std::env::var_os("SCOUR_SCREENSHOT_DIR") {
        fs::copy(&shot, Path::new(&d).join("issue6-report.png")).unwrap();
    }

    // Nothing from a page ran: no marker, no injected element, no dialog,
    // no link that is not http(s), no script but the report's own.
    assert_eq!(
        js(
            &mut b,
            "document.documentElement.hasAttribute('data-pwned') || !!document.querySelector('[data-pwned]')"
        ),
        false
    );
    assert_eq!(
        js(
            &mut b,
            "document.querySelectorAll('img, svg, iframe, object, embed, template, textarea').length"
        ),
        0
    );
    assert_eq!(
        js(
            &mut b,
            "[...document.querySelectorAll('a')].every(a => /^https?:/.test(a.href))"
        ),
        true
    );
    assert_eq!(
        js(
            &mut b,
            "[...document.scripts].filter(s => s.type !== 'application/json').length"
        ),
        1
    );
    assert!(b.dialogs().is_empty(), "{:?}", b.dialogs());
}
