"""Cross-check scour's ROUGE-LSum (boilerplate::score::rouge_lsum) against
the rouge-score package's rougeLsum with a whitespace tokenizer.

usage: check_scorer.py EXTRACTION_TABLE_BINARY [OUTPUT_JSONL GOLD_JSONL.gz]
Random small texts (many ties and repeats), plus, when given, real pairs of
an output file and its gold. Exits 1 on any difference above 1e-9.
"""
import gzip
import json
import random
import subprocess
import sys
import tempfile

from rouge_score import rouge_scorer


class Whitespace:
    def tokenize(self, text):
        return text.split()


def main():
    binary = sys.argv[1]
    rnd = random.Random(7)
    vocab = ["a", "b", "c", "d", "e", "A", "b.", "x"]

    def text():
        return "\n".join(
            " ".join(rnd.choice(vocab) for _ in range(rnd.randint(0, 9)))
            for _ in range(rnd.randint(0, 5))
        )

    pairs = [(text(), text()) for _ in range(3000)]
    if len(sys.argv) > 3:
        out = {}
        for l in open(sys.argv[2], encoding="utf-8"):
            r = json.loads(l)
            out[r["id"]] = r.get("text") or ""
        for l in gzip.open(sys.argv[3], "rt", encoding="utf-8"):
            r = json.loads(l)
            if "gold" in r and r["id"] in out:
                pairs.append((out[r["id"]], r["gold"]))
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], tokenizer=Whitespace())
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for p, g in pairs:
            f.write(json.dumps({"pred": p, "gold": g}) + "\n")
        name = f.name
    ours = subprocess.run([binary, "--pairs", name], capture_output=True, text=True, check=True)
    bad = 0
    for (p, g), line in zip(pairs, ours.stdout.splitlines()):
        prec, rec, f1 = map(float, line.split())
        if not g.split() or not p.split():
            continue  # empty sides: the benchmark's own rule, not rouge-score's
        ref = scorer.score(g, p)["rougeLsum"]
        if max(abs(prec - ref.precision), abs(rec - ref.recall), abs(f1 - ref.fmeasure)) > 1e-9:
            bad += 1
            if bad <= 5:
                print("DIFF", repr(p[:80]), repr(g[:80]), (prec, rec, f1), ref)
    print(f"{len(pairs)} pairs, {bad} differ from rouge-score")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
