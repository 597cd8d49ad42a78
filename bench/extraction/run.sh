#!/usr/bin/env bash
# Extraction benchmark: scour against trafilatura, resiliparse and
# rs-trafilatura on ../shared/data/extraction-dev (and scour on vn-news-dev),
# one scorer for all (examples/extraction_table.rs), one table.
#
#   bash bench/extraction/run.sh            # everything
#   SYSTEMS="scour" bash bench/extraction/run.sh   # only some systems
#
# Creates bench/.venv (pip: trafilatura, resiliparse, rouge-score) and builds
# the rs-trafilatura runner in its own workspace under bench/.work; outputs go
# to bench/out/extraction. Every system runs on one core (taskset when
# available). Speed is CPU time, so that other work on a shared machine
# does not count, and every system is timed on the same work: the
# extraction calls, HTML in and main text out, with reading and writing
# JSON excluded (time.process_time around each call for the Python
# extractors, thread CPU time around the calls for scour's
# examples/extraction_speed and the rs-trafilatura runner). The table also
# prints scour's per-record stages (extraction then normalization) and the
# whole process (user + system of `scour clean --threads 1` and of the
# rs-trafilatura runner, JSON in and out included). The 1 -> 2 thread
# scaling of scour compares wall clocks (CPU time would not show it); it is
# only meaningful when two cores are free.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
data="${SHARED_DATA:-$root/../shared/data}"
out="$root/bench/out/extraction"
systems="${SYSTEMS:-scour trafilatura resiliparse rs-trafilatura}"
if [ ! -d "$data/extraction-dev" ]; then
  echo "extraction-dev is absent ($data/extraction-dev)" >&2
  exit 2
fi
pin=""
if command -v taskset >/dev/null; then pin="taskset -c 0"; fi

venv="$root/bench/.venv"
if [[ " $systems " == *" trafilatura "* || " $systems " == *" resiliparse "* ]]; then
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trafilatura, resiliparse" 2>/dev/null; then
    echo "== creating $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q trafilatura resiliparse rouge-score lxml_html_clean >&2
  fi
fi
py="${venv}/bin/python"
[ -x "$py" ] || py=python3

echo "== building scour" >&2
cargo build --release -q --bin scour --example extraction_table --example extraction_speed
scour="$root/target/release/scour"
if [[ " $systems " == *" rs-trafilatura "* ]]; then
  echo "== building rs-trafilatura runner" >&2
  (cd bench/extraction/rs-trafilatura &&
    CARGO_TARGET_DIR="$root/bench/.work/target" cargo build --release -q)
fi
rst="$root/bench/.work/target/release/rs-trafilatura-runner"

mkdir -p "$out"
"$py" bench/extraction/prepare.py "$data" "$out"
for f in "$out"/pages/*.jsonl; do
  ds="$(basename "$f" .jsonl)"
  for sys in $systems; do
    mkdir -p "$out/$sys"
    case "$sys" in
      scour)
        for t in 1 2; do
          pin_t="$pin"
          [ "$t" = 2 ] && pin_t="${pin:+taskset -c 0,1}"
          rc=0
          /usr/bin/time -f "%e %U %S" -o "$out/time.tmp" \
            $pin_t "$scour" clean --threads "$t" --quiet "$f" -o "$out/scour/$ds.jsonl" || rc=$?
          # exit 1 means some records got an `error` field; they score as empty.
          [ "$rc" -le 1 ] || { echo "scour clean failed on $ds ($rc)" >&2; exit 2; }
          secs=$(awk -v t="$t" '{ if (t == 1) print $2 + $3; else print $1 }' "$out/time.tmp")
          if [ "$t" = 1 ]; then
            echo "$secs" > "$out/scour/$ds.secs_process"
            awk '{ print $1 }' "$out/time.tmp" > "$out/scour/$ds.wall1"
          else
            echo "$secs" > "$out/scour/$ds.secs2"
          fi
        done
        speed="$($pin "$root/target/release/examples/extraction_speed" config/scour.toml "$f")"
        python3 -c 'import json,sys; d=json.loads(sys.argv[1]); [open(f, "w").write(f"{d[k]}\n") for f, k in ((sys.argv[2], "extract_s"), (sys.argv[3], "clean_s"))]' \
          "$speed" "$out/scour/$ds.secs" "$out/scour/$ds.secs_clean" ;;
      trafilatura|resiliparse)
        [ "$ds" = vn-news-dev ] && continue
        $pin "$py" bench/extraction/run_python.py "$sys" "$f" "$out/$sys/$ds.jsonl" > "$out/$sys/$ds.secs" ;;
      rs-trafilatura)
        [ "$ds" = vn-news-dev ] && continue
        /usr/bin/time -f "%U %S" -o "$out/time.tmp" $pin "$rst" "$f" "$out/$sys/$ds.jsonl" > "$out/$sys/$ds.secs"
        awk '{ print $1 + $2 }' "$out/time.tmp" > "$out/$sys/$ds.secs_process" ;;
    esac
    echo "   $sys on $ds: $(cat "$out/$sys/$ds.secs") s" >&2
  done
done
"$root/target/release/examples/extraction_table" "$out" "$data"
# The scorer against the rouge-score package (random cases and scour's own
# outputs on one dataset), when the venv has it.
if "$py" -c "import rouge_score" 2>/dev/null && [ -f "$out/scour/scrapinghub.jsonl" ]; then
  "$py" bench/extraction/check_scorer.py "$root/target/release/examples/extraction_table" \
    "$out/scour/scrapinghub.jsonl" "$data/extraction-dev/scrapinghub.jsonl.gz"
fi
