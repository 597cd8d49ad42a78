#!/usr/bin/env bash
# 50,000-page synthetic run for the HTML report (issue 6): generate pages
# (git-ignored, bench/.work/report/), run scour on them, print report.html's
# size and the time until headless Chromium shows it.
#   bench/report/run.sh [PAGES] [THREADS]     (defaults: 50000, 0 = every core)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-50000}"; threads="${2:-0}"
work="bench/.work/report/$n"
if [ ! -d "$work/pages" ]; then
  python3 bench/report/gen.py "$work/pages" "$n"
fi
cargo build --release --quiet --bin scour --example report_load
rm -rf "$work/out"
/usr/bin/time -f "scour run: %e s, max RSS %M KiB" \
  target/release/scour run "$work/pages" -o "$work/out" --threads "$threads" --quiet
start=$(date +%s.%N)
target/release/scour report "$work/out" --quiet >/dev/null
echo "scour report (rebuild report.html from the files): $(echo "$(date +%s.%N) - $start" | bc) s"
ls -l "$work/out"
target/release/examples/report_load "$work/out/report.html"
