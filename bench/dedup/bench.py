#!/usr/bin/env python3
"""Near-duplicate benchmark: scour against datasketch MinHash-LSH.

Run through `bash bench/dedup/run.sh [--growth] [--sizes 10000,100000]`,
which makes the venv. Modes:

  compare   scour and datasketch (MinHashLSH, 128 permutations, threshold 0.5,
            word 5-grams) on the same corpus files, side by side: pairwise
            precision/recall of the groups against `cluster`, recall per
            transform, docs/s of each and the ratio, peak memory of each
            (/usr/bin/time -v, maximum resident set size). Each tool runs
            RUNS times (environment, default 3); its fastest run counts.
  growth    corpora of 10k/100k/1M documents generated from the dev text by
            resampling sentences and editing words (plus planted copies of
            known transform), written under bench/.work/; scour's time per
            document and peak memory at each size.
  datasketch <corpus> <labels.json>   (internal) the datasketch side.

scour runs through `dedup_bench` (bench/dedup/dedup_bench.rs): the library
pipeline exactly as `scour run` runs it, with `[events] mode = "off"` (this
measures deduplication with the boilerplate removal and normalization it
needs, not event clustering) and without writing the output folder (I/O).
It reports the whole run and the dedup stages (fingerprint + duplicate
grouping) apart; datasketch's figure is its whole process.
"""

import gzip
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "bench", ".work", "dedup")
SCOUR = os.path.join(ROOT, "target", "release", "examples", "dedup_bench")
TRANSFORMS = ["verbatim", "light_edit", "truncated", "partial", "heavy"]
# Timed runs per tool and corpus in `compare` (the fastest counts).
RUNS = int(os.environ.get("RUNS", "3"))


def read_corpus(path):
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def read_truth(path):
    """The corpus without its texts (`id`, `cluster`, `transform`): what
    scoring needs, small enough for the 1M-document growth corpus."""
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows.append({k: r.get(k) for k in ("id", "cluster", "transform")})
    return rows


def warm(path):
    """Reads `path` once, untimed, so that the run timed next reads it from
    the page cache: a run's time is the tool's, not the disk's (this machine
    evicts large idle files, and a 1.8 GB corpus read from disk costs
    seconds that vary from run to run)."""
    with open(path, "rb") as f:
        while f.read(1 << 23):
            pass


def timed(cmd, log, input_path=None):
    """Runs `cmd` under /usr/bin/time -v, after reading `input_path` into the
    page cache (`warm`); returns (wall seconds, CPU seconds, peak RSS MiB,
    stdout)."""
    if input_path is not None:
        warm(input_path)
    t0 = time.monotonic()
    with open(log, "w") as err:
        proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    wall = time.monotonic() - t0
    text = open(log).read()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}; see {log}")
    num = lambda pat: float(re.search(pat, text).group(1)) if re.search(pat, text) else float("nan")
    cpu = num(r"User time \(seconds\): ([\d.]+)") + num(r"System time \(seconds\): ([\d.]+)")
    mem = num(r"Maximum resident set size \(kbytes\): (\d+)") / 1024
    return wall, cpu, mem, proc.stdout


# --- scoring -----------------------------------------------------------------


def pairwise(labels, gold):
    """Pairwise precision and recall of predicted labels against gold labels."""
    joint = Counter(zip(labels, gold))
    c2 = lambda n: n * (n - 1) // 2
    tp = sum(c2(n) for n in joint.values())
    pred = sum(c2(n) for n in Counter(labels).values())
    true = sum(c2(n) for n in Counter(gold).values())
    return tp / pred if pred else 1.0, tp / true if true else 1.0


def by_transform(rows, labels):
    """Recall per transform: the copy is in the same group as its original."""
    orig = {r["cluster"]: i for i, r in enumerate(rows) if r.get("transform") == "original"}
    per = defaultdict(lambda: [0, 0])
    for i, r in enumerate(rows):
        t = r.get("transform")
        if t == "original" or r["cluster"] not in orig:
            continue
        per[t][1] += 1
        per[t][0] += labels[i] == labels[orig[r["cluster"]]]
    return {t: (h / n if n else float("nan"), n) for t, (h, n) in per.items()}


def biggest(labels):
    return max(Counter(labels).values()) if labels else 0


def run_scour(corpus, threads, cfg, tag):
    """Runs dedup_bench; returns (labels file, wall, CPU s, peak MiB, its JSON)."""
    labels = os.path.join(WORK, f"scour-{tag}.labels.jsonl")
    wall, cpu, mem, out = timed(
        [SCOUR, cfg, str(threads), labels, corpus], os.path.join(WORK, f"scour-{tag}.time"), corpus
    )
    return labels, wall, cpu, mem, json.loads(out.strip().splitlines()[-1])


def scour_labels(rows, path):
    """Group label per corpus row from scour's manifest (`duplicate_of`)."""
    label = {}
    status = Counter()
    with open(path) as f:
        for line in f:
            m = json.loads(line)
            status[m["status"]] += 1
            label[m["id"]] = m["group"]
    return [label.get(str(r["id"]), "\0missing" + str(r["id"])) for r in rows], status


# --- datasketch --------------------------------------------------------------


def datasketch_side(corpus, out):
    """MinHashLSH (128 perms, threshold 0.5) on word 5-grams; groups are the
    connected components of the query results (union-find)."""
    from datasketch import MinHash, MinHashLSH

    rows = read_corpus(corpus)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for i, r in enumerate(rows):
        words = re.findall(r"\w+", r["text"].lower())
        shingles = {" ".join(words[k : k + 5]) for k in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles])
        lsh.insert(i, m)
        sigs.append(m)
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    json.dump([find(i) for i in range(len(rows))], open(out, "w"))


# --- compare -----------------------------------------------------------------


def events_off_config():
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "events-off.toml")
    src = open(os.path.join(ROOT, "config", "scour.toml")).read()
    # The shipped defaults with only event clustering switched off.
    src, n = re.subn(r'(?m)^mode = "tag"$', 'mode = "off"', src)
    if n != 1:
        sys.exit("config/scour.toml: cannot find [events] mode = \"tag\" to switch off")
    open(path, "w").write(src)
    return path


def compare(corpora, threads):
    cfg = events_off_config()
    py = sys.executable
    table = []
    for corpus in corpora:
        name = os.path.basename(corpus).split(".")[0]
        rows = read_corpus(corpus)
        gold = [str(r["cluster"]) for r in rows]
        # Each tool runs RUNS times (default 3) and its fastest run counts:
        # one run's wall time swings by a fifth on a shared machine, which
        # for scour's runs of a third of a second is noise, not speed.
        lfile, s_wall, s_cpu, s_mem, info = min(
            (run_scour(corpus, threads, cfg, name) for _ in range(RUNS)), key=lambda r: r[1]
        )
        # Measured by a run of its own, outside the timed one.
        fp = subprocess.run([SCOUR, "--fingerprint-bytes", cfg, corpus], stdout=subprocess.PIPE, text=True, check=True)
        info.update(json.loads(fp.stdout.strip().splitlines()[-1]))
        s_labels, status = scour_labels(rows, lfile)
        st = info["stages"]
        dedup_s = st.get("fingerprint", 0) + st.get("cluster", 0)
        cpu_st = info.get("stages_cpu_s", {})
        dedup_cpu = cpu_st.get("fingerprint", float("nan")) + cpu_st.get("cluster", float("nan"))
        dfile = os.path.join(WORK, f"datasketch-{name}.json")
        d_wall, d_cpu, d_mem, _ = min(
            (
                timed([py, __file__, "datasketch", corpus, dfile], os.path.join(WORK, f"datasketch-{name}.time"), corpus)
                for _ in range(RUNS)
            ),
            key=lambda r: r[0],
        )
        d_labels = [str(x) for x in json.load(open(dfile))]
        for tool, labels, wall, cpu, mem in (
            ("scour", s_labels, s_wall, s_cpu, s_mem),
            ("datasketch", d_labels, d_wall, d_cpu, d_mem),
        ):
            p, r = pairwise(labels, gold)
            table.append((name, tool, p, r, by_transform(rows, labels), len(rows) / wall, len(rows) / cpu, mem, biggest(labels)))
        table[-2] += (len(rows) / dedup_s, info, len(rows) / dedup_cpu)
        print(f"{name}: scour {dict(status)}; stages {json.dumps({k: round(v, 2) for k, v in st.items()})}", file=sys.stderr)
    print(
        f"\nscour: library pipeline, {threads} threads, [events] mode = \"off\", output not written; "
        f"datasketch: one process; each the fastest of {RUNS} runs"
    )
    hdr = f"{'corpus':<14}{'tool':<11}{'P':>7}{'R':>7}" + "".join(f"{t[:9]:>10}" for t in TRANSFORMS)
    hdr += f"{'docs/s':>9}{'docs/cpu-s':>11}{'peak MiB':>10}{'biggest':>8}"
    print(hdr)
    for row in table:
        name, tool, p, r, per, dps, dpc, mem, big = row[:9]
        line = f"{name:<14}{tool:<11}{p:>7.3f}{r:>7.3f}"
        line += "".join(f"{per.get(t, (float('nan'), 0))[0]:>10.3f}" for t in TRANSFORMS)
        line += f"{dps:>9.0f}{dpc:>11.0f}{mem:>10.0f}{big:>8}"
        print(line)
    print()
    for k in range(0, len(table), 2):
        s, d = table[k], table[k + 1]
        print(
            f"{s[0]}: scour/datasketch docs/s: whole run {s[5] / d[5]:.1f}x (per CPU-second {s[6] / d[6]:.1f}x); "
            f"dedup stages alone (fingerprint + grouping, {s[9]:.0f} docs/s) {s[9] / d[5]:.1f}x "
            f"(per CPU-second: {s[11]:.0f} docs, {s[11] / d[6]:.1f}x); "
            f"fingerprint {s[10]['fingerprint_bytes_per_page']:.0f} bytes/page"
        )


# --- growth ------------------------------------------------------------------


def build_pool(rows):
    """Sentences of the dev originals (as word lists) and the word frequencies."""
    sents, vocab = [], Counter()
    for r in rows:
        if r.get("transform") != "original":
            continue
        for s in re.split(r"(?<=[.!?])\s+", r["text"]):
            w = s.split()
            if len(w) >= 4:
                sents.append(w)
                vocab.update(w)
    words = list(vocab)
    # Cumulative weights, so that each draw is a bisection, not a pass over the vocabulary.
    weights = list(itertools.accumulate(vocab[w] for w in words))
    return sents, words, weights


def generate(path, n, sents, words, weights, seed):
    """`n` documents: ~75% new articles (8-20 resampled sentences with one
    word in three replaced by a frequency-weighted vocabulary word, so that
    articles are distinct), ~25% copies of earlier ones by transform."""
    rng = random.Random(seed)
    articles = []
    copies = {"verbatim": 0, "light_edit": 0, "truncated": 0, "partial": 0}
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for i in range(n):
            if articles and rng.random() < 0.25:
                k = rng.randrange(len(articles))
                base = articles[k]
                t = rng.choice(list(copies))
                w = list(base)
                if t == "light_edit":
                    for _ in range(max(1, len(w) // 60)):
                        w[rng.randrange(len(w))] = rng.choices(words, cum_weights=weights)[0]
                elif t == "truncated":
                    w = w[: int(len(w) * rng.uniform(0.4, 0.7))]
                elif t == "partial":
                    m = int(len(w) * rng.uniform(0.4, 0.7))
                    s = rng.randrange(len(w) - m + 1)
                    w = w[s : s + m]
                copies[t] += 1
                rec = {"id": f"g{i}", "cluster": k, "transform": t, "text": fmt(w)}
            else:
                w = []
                for _ in range(rng.randint(8, 20)):
                    w.extend(rng.choice(sents))
                repl = rng.choices(words, cum_weights=weights, k=len(w))
                w = [x if rng.random() > 1 / 3 else repl[j] for j, x in enumerate(w)]
                articles.append(w)
                rec = {"id": f"g{i}", "cluster": len(articles) - 1, "transform": "original", "text": fmt(w)}
            f.write(json.dumps(rec) + "\n")
    os.replace(tmp, path)


def fmt(words):
    """Words in paragraphs of about 60 words."""
    return "\n\n".join(" ".join(words[k : k + 60]) for k in range(0, len(words), 60))


def growth(dev, sizes, threads):
    cfg = events_off_config()
    rows = read_corpus(dev)
    sents, words, weights = build_pool(rows)
    results = []
    for n in sizes:
        path = os.path.join(WORK, f"growth-{n}.jsonl")
        if not os.path.exists(path):
            t0 = time.monotonic()
            generate(path, n, sents, words, weights, seed=n)
            print(f"generated {path} in {time.monotonic() - t0:.0f} s", file=sys.stderr)
        # A run of 10k documents takes under a second, where one run's wall
        # time swings by a third on a shared machine: the smaller sizes are
        # run three times and the fastest run counts (the ratios divide by
        # the 10k figure). 1M runs take a minute and are run once.
        runs = [run_scour(path, threads, cfg, f"growth-{n}") for _ in range(3 if n <= 100_000 else 1)]
        lfile, wall, cpu, mem, info = min(runs, key=lambda r: r[1])
        st = info["stages"]
        dedup_s = st.get("fingerprint", 0) + st.get("cluster", 0)
        cpu_st = info.get("stages_cpu_s", {})
        dedup_cpu = cpu_st.get("fingerprint", float("nan")) + cpu_st.get("cluster", float("nan"))
        grows = read_truth(path)
        labels, _ = scour_labels(grows, lfile)
        gold = [str(r["cluster"]) for r in grows]
        p, r = pairwise(labels, gold)
        per = by_transform(grows, labels)
        results.append((n, wall, cpu, dedup_s, dedup_cpu, mem, p, r, per))
        del grows, labels, gold
        print(f"{n} docs: {wall:.1f} s, {mem:.0f} MiB, stages {json.dumps({k: round(v, 2) for k, v in st.items()})}", file=sys.stderr)
    print(f"\nscour: library pipeline, {threads} threads, [events] mode = \"off\", output not written; generated corpora")
    print(f"{'docs':>9}{'wall s':>8}{'us/doc':>8}{'ratio':>7}{'cpu us/doc':>11}{'ratio':>7}{'dedup us/doc':>13}{'ratio':>7}{'dedup cpu':>10}{'ratio':>7}{'peak MiB':>9}{'KiB/doc':>8}{'P':>7}{'R':>7}"
          + "".join(f"{t[:9]:>10}" for t in TRANSFORMS[:4]))
    base = results[0]
    for n, wall, cpu, dedup_s, dedup_cpu, mem, p, r, per in results:
        line = f"{n:>9}{wall:>8.1f}{wall / n * 1e6:>8.0f}{wall / n / (base[1] / base[0]):>7.2f}"
        line += f"{cpu / n * 1e6:>11.0f}{cpu / n / (base[2] / base[0]):>7.2f}"
        line += f"{dedup_s / n * 1e6:>13.1f}{dedup_s / n / (base[3] / base[0]):>7.2f}"
        line += f"{dedup_cpu / n * 1e6:>10.1f}{dedup_cpu / n / (base[4] / base[0]):>7.2f}"
        line += f"{mem:>9.0f}{mem * 1024 / n:>8.1f}{p:>7.3f}{r:>7.3f}"
        line += "".join(f"{per.get(t, (float('nan'), 0))[0]:>10.3f}" for t in TRANSFORMS[:4])
        print(line)


def main():
    args = sys.argv[1:]
    if args and args[0] == "datasketch":
        datasketch_side(args[1], args[2])
        return
    threads = int(os.environ.get("THREADS", "2"))
    shared = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
    dev = os.path.join(shared, "data", "syndication-dev")
    if args and args[0] == "growth":
        sizes = [int(x) for x in (args[1] if len(args) > 1 else "10000,100000,1000000").split(",")]
        growth(os.path.join(dev, "corpus-clean.jsonl.gz"), sizes, threads)
        return
    corpora = args[1:] if len(args) > 1 else [
        os.path.join(dev, "corpus-clean.jsonl.gz"),
        os.path.join(dev, "corpus-chrome.jsonl.gz"),
    ]
    for c in corpora:
        if not os.path.exists(c):
            sys.exit(f"{c} is absent (set SHARED to the shared data folder)")
    compare(corpora, threads)


if __name__ == "__main__":
    main()
