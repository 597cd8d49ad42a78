"""Run a Python extractor over benchmark pages; write {"id","text"} lines.

usage: run_python.py SYSTEM PAGES.jsonl OUT.jsonl
SYSTEM is trafilatura or resiliparse. Prints the CPU seconds spent
extracting (parsing JSON and writing output excluded) on stdout.
"""
import json
import sys
import time


def extractor(system):
    if system == "trafilatura":
        import trafilatura

        def run(html, url):
            return trafilatura.extract(html, url=url, include_comments=False) or ""

        return run
    if system == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def run(html, url):
            return extract_plain_text(HTMLTree.parse(html), main_content=True) or ""

        return run
    raise SystemExit(f"unknown system {system}")


def main():
    system, pages, out = sys.argv[1:4]
    run = extractor(system)
    records = [json.loads(l) for l in open(pages, encoding="utf-8") if l.strip()]
    spent = 0.0
    with open(out, "w", encoding="utf-8") as f:
        for r in records:
            t = time.process_time()
            try:
                text = run(r.get("html", ""), r.get("url"))
                err = None
            except Exception as e:  # a failure scores as empty output
                text, err = "", f"{type(e).__name__}: {e}"
            spent += time.process_time() - t
            rec = {"id": r["id"], "text": text}
            if err:
                rec["error"] = err
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{spent:.4f}")


if __name__ == "__main__":
    main()
