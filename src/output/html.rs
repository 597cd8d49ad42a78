//! `report.html`: the run for people, in one self-contained file.
//!
//! People read the report to trust a run before they delete anything, so it
//! shows every decision: the totals, each duplicate group and event with its
//! members, similarities and evidence, a side-by-side view of a member
//! against its canonical page, and per page the text kept and every block
//! removed with its rule.
//!
//! Layout of the file, chosen so that a run of 50,000 pages opens at once:
//! - inline CSS and one inline script (`report.js`, `report.css`): no
//!   network, no CDN; it works from `file://`;
//! - an *index* (`<script type="application/json" id="scour-index">`): the
//!   totals and, per page, only what lists and filters need (id, title,
//!   status, site, ...), in columns; the script renders from it alone;
//! - the per-page details (kept text, removed blocks) in *chunks* of
//!   [`CHUNK`] pages placed after the script, each its own JSON block,
//!   parsed only when a page is opened. Removed blocks repeat across the
//!   pages of a site (its template), so each chunk stores every distinct
//!   string and rule once and refers to them by number.
//!
//! Everything a scraped page supplies is data, never markup: the JSON
//! escapes `<`, `>`, `&`, U+2028 and U+2029 (so no `</script>` or `<!--`
//! can end a block early), and the script renders with `textContent` only,
//! shows Unicode bidi controls as visible `<U+202E>` marks inside
//! `unicode-bidi: isolate` elements, and links a page's URL only when it is
//! `http:` or `https:`. The file holds no times, so it is as reproducible as
//! the rest of the output folder.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{atomic, RunOutput, Status};

/// The report's name in the output folder.
pub const FILE_NAME: &str = "report.html";

/// Pages per detail chunk: small enough that opening a page parses little,
/// large enough that a site's repeated template lines share a string table.
pub const CHUNK: usize = 256;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Write `report.html` for `run` at `path`, atomically.
pub fn write(path: &Path, run: &RunOutput) -> io::Result<()> {
    atomic::write_with(path, |w| render_to(w, run))
}

/// The whole report as a string (tests, small runs).
pub fn render(run: &RunOutput) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = render_to(&mut buf, run);
    String::from_utf8(buf).unwrap_or_default()
}

/// JSON that is safe inside a `<script>` element: the characters that could
/// end the element or open a comment, and the two line separators that old
/// JavaScript parsers reject, as `\u` escapes (which JSON reads back as the
/// same characters).
pub fn script_json(v: &Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::Canonical => 0,
        Status::Duplicate => 1,
        Status::Empty => 2,
        Status::Error => 3,
    }
}

/// What the script needs to list, filter and sort; details stay in chunks.
fn index(run: &RunOutput) -> Value {
    let pages = &run.manifest;
    let pos: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let idx = |id: &str| pos.get(id).map_or(-1, |&i| i as i64);
    // Title, date and URL per page id.
    type Meta<'a> = (&'a Option<String>, &'a Option<String>, &'a Option<String>);
    let mut meta: HashMap<&str, Meta> = HashMap::new();
    for d in &run.documents {
        meta.insert(d.id.as_str(), (&d.title, &d.date, &d.url));
    }
    for d in &run.duplicates {
        meta.insert(d.id.as_str(), (&d.title, &d.date, &d.url));
    }
    let none = None;
    let get = |id: &str| meta.get(id).copied().unwrap_or((&none, &none, &none));

    let events: Vec<Value> = run
        .report
        .events
        .iter()
        .map(|e| {
            let members: Vec<Value> = e
                .similarities
                .iter()
                .filter(|m| pos.contains_key(m.id.as_str()))
                .map(|m| json!([idx(&m.id), round4(m.similarity)]))
                .collect();
            json!({
                "id": e.id,
                "canonical": idx(&e.canonical),
                "members": members,
                "evidence": e.evidence,
            })
        })
        .collect();
    let event_pos: HashMap<&str, usize> = run
        .report
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let groups: Vec<Value> = run
        .report
        .duplicates
        .iter()
        .map(|g| {
            let members: Vec<Value> = g
                .members
                .iter()
                .filter(|m| pos.contains_key(m.id.as_str()))
                .map(|m| json!([idx(&m.id), round4(m.similarity), m.rule]))
                .collect();
            json!({"canonical": idx(&g.canonical), "members": members})
        })
        .collect();

    let removed_count: HashMap<&str, usize> = run
        .removed
        .iter()
        .map(|r| (r.id.as_str(), r.removed.len()))
        .collect();
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &run.removed {
        for b in &r.removed {
            *rules.entry(b.rule.as_str()).or_default() += 1;
        }
    }
    let mut rules: Vec<(&str, usize)> = rules.into_iter().collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));

    let col = |f: &dyn Fn(&super::ManifestEntry) -> Value| -> Value {
        Value::Array(pages.iter().map(f).collect())
    };
    json!({
        "totals": run.report.totals,
        "skipped": run.report.skipped,
        "rules": rules,
        "removedAudit": !run.removed.is_empty() || run.report.totals.removed_blocks == 0,
        "chunk": CHUNK,
        "pages": {
            "id": col(&|m| json!(m.id)),
            "title": col(&|m| json!(get(&m.id).0)),
            "date": col(&|m| json!(get(&m.id).1)),
            "url": col(&|m| json!(get(&m.id).2)),
            "status": col(&|m| json!(status_code(m.status))),
            "site": col(&|m| json!(m.site)),
            "source": col(&|m| json!(m.source)),
            "reason": col(&|m| json!(m.reason)),
            "chars": col(&|m| json!(m.chars)),
            "encoding": col(&|m| json!(m.encoding)),
            "event": col(&|m| json!(m.event.as_deref().and_then(|e| event_pos.get(e)).map_or(-1, |&i| i as i64))),
            "dup": col(&|m| json!(m.duplicate_of.as_deref().map_or(-1, idx))),
            "removed": col(&|m| json!(removed_count.get(m.id.as_str()).copied().unwrap_or(0))),
        },
        "events": events,
        "groups": groups,
    })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Per-page details for pages `range` of the manifest: kept text and
/// removed blocks as `[string, rule, string, rule, ...]` numbers into the
/// chunk's tables.
fn chunk(
    run: &RunOutput,
    range: std::ops::Range<usize>,
    texts: &HashMap<&str, &str>,
    removed: &HashMap<&str, &[crate::model::Removed]>,
) -> Value {
    let mut strings: Vec<&str> = Vec::new();
    let mut string_pos: HashMap<&str, usize> = HashMap::new();
    let mut rules: Vec<&str> = Vec::new();
    let mut rule_pos: HashMap<&str, usize> = HashMap::new();
    let mut pages = Vec::with_capacity(range.len());
    for m in &run.manifest[range] {
        let mut refs = Vec::new();
        for b in removed.get(m.id.as_str()).copied().unwrap_or(&[]) {
            let s = *string_pos.entry(b.text.as_str()).or_insert_with(|| {
                strings.push(b.text.as_str());
                strings.len() - 1
            });
            let r = *rule_pos.entry(b.rule.as_str()).or_insert_with(|| {
                rules.push(b.rule.as_str());
                rules.len() - 1
            });
            refs.push(s);
            refs.push(r);
        }
        pages.push(json!([
            texts.get(m.id.as_str()).copied().unwrap_or(""),
            refs
        ]));
    }
    json!({"s": strings, "r": rules, "p": pages})
}

fn render_to(w: &mut dyn Write, run: &RunOutput) -> io::Result<()> {
    let t = &run.report.totals;
    w.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
          <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    )?;
    // No page data goes into attributes or markup: only these numbers.
    writeln!(
        w,
        "<title>scour report: {} pages, {} documents</title>",
        t.pages, t.canonical
    )?;
    // A policy that forbids every network request and any script but the
    // report's own inline one: a second line of defence under the escaping.
    w.write_all(
        b"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
          script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n<style>\n",
    )?;
    w.write_all(CSS.as_bytes())?;
    w.write_all(b"</style>\n</head>\n<body>\n<noscript>This report needs JavaScript; the same data is in report.json, manifest.jsonl, removed.jsonl and documents.jsonl.</noscript>\n")?;
    w.write_all(b"<script type=\"application/json\" id=\"scour-index\">")?;
    w.write_all(script_json(&index(run)).as_bytes())?;
    w.write_all(b"</script>\n<script>\n")?;
    w.write_all(JS.as_bytes())?;
    w.write_all(b"</script>\n")?;

    let mut texts: HashMap<&str, &str> = HashMap::new();
    for d in &run.documents {
        texts.insert(d.id.as_str(), d.text.as_str());
    }
    for d in &run.duplicates {
        texts.insert(d.id.as_str(), d.text.as_str());
    }
    let removed: HashMap<&str, &[crate::model::Removed]> = run
        .removed
        .iter()
        .map(|r| (r.id.as_str(), r.removed.as_slice()))
        .collect();
    let n = run.manifest.len();
    for (k, start) in (0..n).step_by(CHUNK).enumerate() {
        let v = chunk(run, start..(start + CHUNK).min(n), &texts, &removed);
        write!(
            w,
            "<script type=\"application/json\" id=\"scour-chunk-{k}\">"
        )?;
        w.write_all(script_json(&v).as_bytes())?;
        w.write_all(b"</script>\n")?;
    }
    w.write_all(b"</body>\n</html>\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Removed;
    use crate::output::{DocumentRecord, ManifestEntry, RemovedRecord};

    fn hostile_run() -> RunOutput {
        let evil = "</script><script>window.__pwned=1</script><!-- \"><img src=x onerror=alert(1)> \u{202E}abc \u{2028}&amp;";
        RunOutput {
            documents: vec![DocumentRecord {
                id: "a".into(),
                title: Some(evil.into()),
                url: Some("javascript:alert(1)".into()),
                date: None,
                author: None,
                site: None,
                canonical_url: None,
                text: evil.into(),
                sources: vec!["a".into()],
                event: None,
            }],
            manifest: vec![ManifestEntry {
                id: "a".into(),
                source: evil.into(),
                status: Status::Canonical,
                duplicate_of: None,
                event: None,
                reason: Some(evil.into()),
                site: Some(evil.into()),
                encoding: None,
                chars: 3,
            }],
            removed: vec![RemovedRecord {
                id: "a".into(),
                removed: vec![Removed {
                    text: evil.into(),
                    rule: evil.into(),
                }],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn page_data_cannot_leave_its_json_block() {
        let html = render(&hostile_run());
        // The only elements are the report's own: scraped text never adds one.
        // The index, the report's script, one chunk.
        assert_eq!(html.matches("<script").count(), 3, "{html}");
        assert_eq!(html.matches("</script>").count(), 3);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<!--"));
        assert!(!html.contains('\u{2028}'));
        // ... and reads back as the same text.
        let start = html.find("id=\"scour-chunk-0\">").unwrap() + "id=\"scour-chunk-0\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let v: Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(v["p"][0][0], json!(hostile_run().documents[0].text));
    }

    #[test]
    fn repeated_removed_lines_are_stored_once_per_chunk() {
        let mut run = RunOutput::default();
        for i in 0..3 {
            let id = format!("p{i}");
            run.manifest.push(ManifestEntry {
                id: id.clone(),
                source: id.clone(),
                status: Status::Empty,
                duplicate_of: None,
                event: None,
                reason: None,
                site: None,
                encoding: None,
                chars: 0,
            });
            run.removed.push(RemovedRecord {
                id,
                removed: vec![
                    Removed {
                        text: "Home | News | Sport".into(),
                        rule: "template".into(),
                    },
                    Removed {
                        text: format!("unique {i}"),
                        rule: "link-density".into(),
                    },
                ],
            });
        }
        let texts = HashMap::new();
        let removed: HashMap<&str, &[Removed]> = run
            .removed
            .iter()
            .map(|r| (r.id.as_str(), r.removed.as_slice()))
            .collect();
        let v = chunk(&run, 0..3, &texts, &removed);
        assert_eq!(v["s"].as_array().unwrap().len(), 4);
        assert_eq!(v["r"], json!(["template", "link-density"]));
        assert_eq!(v["p"][2], json!(["", [0, 0, 3, 1]]));
    }

    #[test]
    fn empty_run_renders() {
        let html = render(&RunOutput::default());
        assert!(html.contains("id=\"scour-index\""));
        assert!(!html.contains("scour-chunk-0"));
    }
}
