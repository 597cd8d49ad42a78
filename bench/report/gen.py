#!/usr/bin/env python3
"""Synthetic news pages for the report load harness (bench/report/run.sh).

Writes N HTML pages under OUT/<site>/<n>.html: 100 sites, each with its own
template (menu, footer, "latest news" list: what site-template removal
cuts), articles of 150-500 words from a Zipf-distributed made-up vocabulary, with about 8% of
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

# A Zipf-distributed vocabulary of made-up words, as in real text: a few
# words in every page, most in few (so word pairs are distinctive, as the
# event stage expects of real news, and its candidate index stays small).
SYL = "ba be bi bo bu ca co cu da de di do du ga go gu ha he hi ho hu ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo".split()
WORDS = sorted({"".join(rng.choice(SYL) for _ in range(rng.randint(1, 4))) for _ in range(30_000)})
rng.shuffle(WORDS)
CUM = []
acc = 0.0
for rank in range(len(WORDS)):
    acc += 1.0 / (rank + 1)
    CUM.append(acc)
FAMILY = "Nguyen Tran Le Pham Hoang Vo Dang Bui Do Ngo Duong Ly Phan Vu Trinh Dinh Lam Mai Ta Cao".split()
MIDDLE = "Van Thi Hoang Minh Thanh Quoc Thu Quang Duc Ngoc Huu Xuan Kim Bao Gia Anh Cong Dinh Tien Hong".split()
GIVEN = "An Binh Cuong Duc Ha Hung Lan Long Mai Nam Oanh Phuc Quan Son Tam Uyen Vinh Yen Khoa Linh Hieu Trang Tuan Dung Hai Hoa Khanh Loc Nga Phong".split()
PLACES = "Hanoi|Da Nang|Can Tho|Hue|Hai Phong|Nha Trang|Vinh|Quy Nhon|Dak Lak|Lao Cai|Ca Mau|Bac Ninh|Nam Dinh|Thai Binh|Lang Son|Ha Giang|Kon Tum|Gia Lai|Long An|Tay Ninh".split("|")


def name():
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def sentence(extra=()):
    k = rng.randint(8, 22)
    w = rng.choices(WORDS, cum_weights=CUM, k=k)
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
            extra = [name() if rng.random() < 0.8 else rng.choice(PLACES)]
        paras.append(" ".join(sentence(extra) for _ in range(rng.randint(2, 4))))
    return paras


sites = []
for s in range(100):
    host = f"site{s:03d}.example.vn"
    menu = " | ".join(rng.choice(WORDS[:300]).title() for _ in range(8))
    latest = [sentence() for _ in range(6)]
    sites.append((host, menu, latest))

stories = []
for _ in range(max(1, n // 40)):
    day = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2023"
    stories.append({
        "names": [name(), name(), rng.choice(PLACES) + " " + rng.choice(WORDS[1000:]).title()],
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
