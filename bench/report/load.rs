//! Load-time harness for `report.html` (issue 6): opens a report in
//! headless Chromium and prints its size and how long until it is on
//! screen, then how long the interactions a reader starts with take.
//!
//! ```sh
//! cargo run --release --example report_load -- OUTPUT_DIR/report.html
//! ```
//! `bench/report/run.sh` generates 50,000 pages, runs scour and calls this.
//! Times are wall-clock on this machine, in milliseconds:
//! - `first render`: navigation start to the report's first render
//!   (`window.__scourReady`, set once the summary is drawn from the index);
//! - `parsed`: navigation start to DOMContentLoaded (all detail chunks read);
//! - `seen by harness`: from sending the navigation to seeing the marker;
//! - `pages tab`, `filter`, `open last page`, `events tab`: each action
//!   until its result is in the DOM.

#[path = "cdp.rs"]
mod cdp;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

fn main() {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "bench/.work/report/out/report.html".into()),
    );
    let size = match std::fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) => {
            eprintln!("report_load: cannot read '{}': {e}", path.display());
            std::process::exit(2);
        }
    };
    let Some(chromium) = cdp::find_chromium() else {
        eprintln!(
            "report_load: no Chromium found (apt-get install chromium, or set SCOUR_CHROMIUM)"
        );
        std::process::exit(2);
    };
    let fail = |e: String| -> ! {
        eprintln!("report_load: {e}");
        std::process::exit(1)
    };
    let mut b = cdp::Browser::launch(&chromium).unwrap_or_else(|e| fail(e));
    b.open_page().unwrap_or_else(|e| fail(e));
    let start = Instant::now();
    b.call("Page.navigate", json!({"url": cdp::file_url(&path)}))
        .unwrap_or_else(|e| fail(e));
    let long = Duration::from_secs(120);
    b.wait_for(
        "document.documentElement.getAttribute('data-ready') === '1'",
        long,
    )
    .unwrap_or_else(|e| fail(e));
    let seen = start.elapsed();
    let first = b.eval("window.__scourReady").unwrap_or_else(|e| fail(e));
    b.wait_for("document.readyState !== 'loading'", long)
        .unwrap_or_else(|e| fail(e));
    let parsed = b
        .eval("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        .unwrap_or_else(|e| fail(e));
    let pages = b
        .eval("JSON.parse(document.getElementById('scour-index').textContent).pages.id.length")
        .unwrap_or_else(|e| fail(e));

    let mut time = |label: &str, action: &str, done: &str| {
        let t = Instant::now();
        b.eval(action).unwrap_or_else(|e| fail(e));
        b.wait_for(done, long).unwrap_or_else(|e| fail(e));
        println!("{label:<22} {:>8.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    };
    println!("report:                {}", path.display());
    println!("pages:                 {pages}");
    println!(
        "size:                  {size} bytes ({:.1} MiB)",
        size as f64 / 1048576.0
    );
    println!(
        "first render           {:>8.0} ms (navigation start to first render)",
        first.as_f64().unwrap_or(f64::NAN)
    );
    println!(
        "seen by harness        {:>8.0} ms",
        seen.as_secs_f64() * 1000.0
    );
    println!(
        "parsed                 {:>8.0} ms (DOMContentLoaded: every chunk read)",
        parsed.as_f64().unwrap_or(f64::NAN)
    );
    time(
        "pages tab",
        "document.getElementById('tab-pages').click()",
        "document.querySelectorAll('#pages tbody tr').length > 0",
    );
    time(
        "filter (all pages)",
        "(() => { window.__before = document.getElementById('page-count').textContent; const q = document.getElementById('page-filter'); q.value = '000'; q.dispatchEvent(new Event('input')); })()",
        "document.getElementById('page-count').textContent !== window.__before",
    );
    time(
        "sort by chars",
        "(() => { window.__first = document.querySelector('#pages tbody tr').dataset.page; document.querySelector('#pages th[data-col=chars]').click(); })()",
        "document.querySelector('#pages tbody tr').dataset.page !== window.__first",
    );
    // The last page's details sit in the last chunk, at the end of the file.
    time(
        "filter to last page",
        "(() => { const ids = JSON.parse(document.getElementById('scour-index').textContent).pages.id; window.__last = ids[ids.length - 1]; \
         const q = document.getElementById('page-filter'); q.value = window.__last; q.dispatchEvent(new Event('input')); })()",
        "[...document.querySelectorAll('#pages tbody tr .id')].some(e => e.textContent === window.__last)",
    );
    time(
        "open last page",
        "[...document.querySelectorAll('#pages tbody tr button.linkish')].find(e => e.textContent === window.__last).click()",
        "!!document.querySelector('#detail .kept')",
    );
    time(
        "events tab",
        "(() => { const c = document.querySelector('#detail .close'); if (c) c.click(); document.getElementById('tab-events').click(); })()",
        "document.querySelectorAll('.entry.event').length > 0",
    );
    time(
        "duplicate groups tab",
        "document.getElementById('tab-dups').click()",
        "document.querySelectorAll('.entry.group').length > 0",
    );
    time(
        "compare a copy",
        "document.querySelector('.entry.group button.cmp').click()",
        "!!document.querySelector('#detail .sbs')",
    );
    let heap = b
        .eval("performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : null")
        .unwrap_or_else(|e| fail(e));
    println!("JS heap used           {heap:>8} MiB");
}
