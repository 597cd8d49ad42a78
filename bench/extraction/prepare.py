"""Write the benchmark pages as plain JSON Lines for every runner.

usage: prepare.py SHARED_DATA OUT_DIR
OUT_DIR/pages/<dataset>.jsonl: id, url, html (extraction-dev), and
OUT_DIR/pages/vn-news-dev.jsonl: id (the file path in truth.jsonl), url,
html or text (text dumps). Gold stays in ../shared; the scorer reads it there.
"""
import gzip
import json
import os
import sys

data, out = sys.argv[1:3]
os.makedirs(os.path.join(out, "pages"), exist_ok=True)
ext = os.path.join(data, "extraction-dev")
for name in sorted(os.listdir(ext)):
    if not name.endswith(".jsonl.gz"):
        continue
    ds = name[: -len(".jsonl.gz")]
    with gzip.open(os.path.join(ext, name), "rt", encoding="utf-8") as f, open(
        os.path.join(out, "pages", ds + ".jsonl"), "w", encoding="utf-8"
    ) as w:
        for line in f:
            r = json.loads(line)
            rec = {"id": r["id"], "url": r.get("url"), "html": r["html"]}
            w.write(json.dumps(rec, ensure_ascii=False) + "\n")
vn = os.path.join(data, "vn-news-dev")
with open(os.path.join(vn, "truth.jsonl"), encoding="utf-8") as f, open(
    os.path.join(out, "pages", "vn-news-dev.jsonl"), "w", encoding="utf-8"
) as w:
    for line in f:
        t = json.loads(line)
        body = open(os.path.join(vn, t["file"]), encoding="utf-8").read()
        key = "html" if t["format"] == "html" else "text"
        w.write(json.dumps({"id": t["file"], "url": t.get("url"), key: body}, ensure_ascii=False) + "\n")
