#!/usr/bin/env bash
# Near-duplicate benchmark, one command:
#   bash bench/dedup/run.sh                 scour vs datasketch on corpus-clean and corpus-chrome
#   bash bench/dedup/run.sh --growth [N,..] growth on generated 10k/100k/1M corpora (or the sizes given)
#   bash bench/dedup/run.sh FILE...         scour vs datasketch on other corpora of the same form
# Environment: THREADS (default 2), SHARED (default ../shared), RUNS (timed runs
# per tool and corpus in the comparison, the fastest counts; default 3).
# The venv (datasketch) and generated corpora live under bench/.venv and
# bench/.work, both git-ignored.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=bench/.venv/dedup
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet datasketch
fi
cargo build --release --quiet --example dedup_bench
if [ "${1:-}" = "--growth" ]; then
    shift
    exec "$VENV/bin/python" bench/dedup/bench.py growth "$@"
fi
exec "$VENV/bin/python" bench/dedup/bench.py compare "$@"
