#!/usr/bin/env python3
"""Synthetic news pages for the report load harness (bench/report/run.sh).

Writes N HTML pages under OUT/<site>/<n>.html: 100 sites, each with its own
template (menu, footer, "latest news" list: what site-template removal
cuts), articles of 150-500 words from a fixed vocabulary, with about 8% of
pages being copies of another site's article (near-duplicates: a sentence
changed, a line cut) and stories told by several sites (events: shared
names, a shared date and figures). Deterministic for a given seed.

usage: gen.py OUT [N] [SEED]
"""

import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 6)

WORDS = (
    "the a of to in and for on with at by from about after before during over under between "
    "council ministry province city district market school hospital bridge road river farm "
    "factory project budget plan report meeting conference festival storm flood harvest price "
    "export import trade investment policy reform election vote court police fire accident "
    "students teachers farmers workers officials residents visitors experts leaders companies "
    "announced said reported approved rejected opened closed visited launched completed delayed "
    "increased decreased reached expected planned discussed agreed signed warned confirmed "
    "new old large small local national regional public private annual major first final "
    "rice coffee tea fish timber steel cement water power energy transport housing health"
).split()
NAMES = (
    "Nguyen Van An|Tran Thi Binh|Le Hoang Cuong|Pham Minh Duc|Hoang Thu Ha|Vo Quoc Hung|"
    "Dang Thi Lan|Bui Van Long|Do Thanh Mai|Ngo Quang Nam|Duong Thi Oanh|Ly Van Phuc|"
    "Hanoi|Da Nang|Can Tho|Hue|Hai Phong|Nha Trang|Vinh|Quy Nhon|Dak Lak|Lao Cai|"
    "Red River|Mekong Delta|Central Highlands|Ministry of Finance|Ministry of Health|"
    "People's Committee|Chamber of Commerce|Youth Union|Red Cross|Women's Union"
).split("|")


def sentence(extra=()):
    k = rng.randint(8, 22)
    w = [rng.choice(WORDS) for _ in range(k)]
    for e in extra:
        w.insert(rng.randint(0, len(w)), e)
    s = " ".join(w)
    return s[0].upper() + s[1:] + "."


def article(story=None):
    paras = []
    for _ in range(rng.randint(4, 9)):
        extra = []
        if story and rng.random() < 0.7:
            extra = [rng.choice(story["names"]), rng.choice(story["facts"])]
        elif rng.random() < 0.3:
            extra = [rng.choice(NAMES)]
        paras.append(" ".join(sentence(extra) for _ in range(rng.randint(2, 4))))
    return paras


sites = []
for s in range(100):
    name = f"site{s:03d}.example.vn"
    menu = " | ".join(rng.choice(WORDS).title() for _ in range(8))
    latest = [sentence() for _ in range(6)]
    sites.append((name, menu, latest))

stories = []
for _ in range(max(1, n // 40)):
    day = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2023"
    stories.append({
        "names": rng.sample(NAMES, 3),
        "facts": [day, f"{rng.randint(2, 900)} billion dong", f"{rng.randint(2, 99)} percent"],
        "date": day,
    })

made = []  # (title, paragraphs, date)
for i in range(n):
    site, menu, latest = sites[i % len(sites)]
    r = rng.random()
    if made and r < 0.08:
        # A copy of an earlier article, lightly edited.
        title, paras, date = rng.choice(made[-2000:])
        paras = list(paras)
        j = rng.randrange(len(paras))
        paras[j] = sentence()
        if len(paras) > 4 and rng.random() < 0.5:
            paras.pop()
    else:
        story = rng.choice(stories) if r < 0.35 else None
        paras = article(story)
        title = sentence()[:-1]
        date = story["date"] if story else f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2023"
        made.append((title, paras, date))
    d, m, y = date.split("/")
    iso = f"{y}-{int(m):02d}-{int(d):02d}"
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    latest_html = "\n".join(f'<li><a href="/a/{k}.html">{t}</a></li>' for k, t in enumerate(latest))
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="article:published_time" content="{iso}T08:00:00+07:00">
<link rel="canonical" href="https://{site}/news/{i}.html"></head>
<body>
<nav>{menu}</nav>
<div class="share">Share | Tweet | Email | Print</div>
<article><h1>{title}</h1>
{body}
</article>
<aside><h3>Latest news</h3><ul>{latest_html}</ul></aside>
<footer>Copyright 2023 {site}. All rights reserved. Contact | About | Advertise</footer>
</body></html>
"""
    d = os.path.join(out, site)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{i:06d}.html"), "w", encoding="utf-8") as f:
        f.write(html)
print(f"wrote {n} pages under {out}", file=sys.stderr)
