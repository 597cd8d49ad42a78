//! Metadata from HTML pages: title, publication date, canonical URL, author
//! and site name.
//!
//! Structured sources come first because they are exact (Open Graph, JSON-LD,
//! `itemprop`, `<time datetime>`), then visible fallbacks (`<h1>`, `<title>`
//! without its " - Site" suffix). Date lines in visible text are found by the
//! HTML extractor, which knows where the body is. All functions are pure.

use markup5ever::local_name;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::html::attr_of;
use super::signals::{find_date, fold};
use crate::model::Meta;

/// A selector parsed once per process (parsing one costs more than
/// matching it on a page).
macro_rules! sel {
    ($s:expr) => {{
        static SEL: std::sync::LazyLock<Selector> =
            std::sync::LazyLock::new(|| Selector::parse($s).expect("valid selector"));
        &*SEL
    }};
}

/// The elements metadata can come from (`meta`, `link`, `base`, `script`,
/// `title`, `h1`, `time`, and any element with an `itemprop`), in the
/// order `Html::select` visits a page: one pass over the page, where a
/// `select` per selector walked all of it a dozen times. Every selector
/// below matches only such elements, so filtering this list gives what
/// `select` on the page gives, in the same order.
struct Candidates<'a>(Vec<ElementRef<'a>>);

impl<'a> Candidates<'a> {
    fn of(doc: &'a Html) -> Self {
        Self(
            doc.tree
                .nodes()
                .filter_map(ElementRef::wrap)
                .filter(|e| {
                    let v = e.value();
                    matches!(
                        v.name(),
                        "meta" | "link" | "base" | "script" | "title" | "h1" | "time"
                    ) || attr_of(v, &local_name!("itemprop")).is_some()
                })
                .collect(),
        )
    }

    fn select<'s>(&'s self, selector: &'s Selector) -> impl Iterator<Item = ElementRef<'a>> + 's {
        self.0.iter().copied().filter(|e| selector.matches(e))
    }
}

fn first_attr(doc: &Candidates, selector: &Selector, attr: &str) -> Option<String> {
    doc.select(selector)
        .filter_map(|e| e.value().attr(attr))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn element_text(e: ElementRef) -> String {
    super::html::shown_text(e)
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ISO date from a machine-readable date value ("2013-10-23T17:40:00+07:00").
pub fn iso_date(value: &str) -> Option<String> {
    find_date(&fold(value)).map(|(d, _, _)| d)
}

/// Remove a part that is exactly the site's name (og:title is usually the
/// bare headline, which may itself contain " - ").
pub fn strip_site_name(title: &str, site_name: Option<&str>) -> String {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(site) = site_name.map(fold) else {
        return t;
    };
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        let ps: Vec<&str> = t.split(sep).collect();
        if ps.len() >= 2 {
            if fold(ps[ps.len() - 1]) == site {
                return ps[..ps.len() - 1].join(sep);
            }
            if fold(ps[0]) == site {
                return ps[1..].join(sep);
            }
        }
    }
    t
}

/// Strip a " - Site name" / " | Site" suffix (or prefix) from a `<title>`:
/// the longest part is the headline.
pub fn clean_title(title: &str, site_name: Option<&str>) -> String {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if t.contains(sep) {
            let parts: Vec<&str> = t.split(sep).collect();
            let site_f = site_name.map(fold);
            // Drop parts that are the site's name, else keep the longest part.
            let kept: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| site_f.as_deref() != Some(fold(p).as_str()))
                .collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                return kept.join(sep);
            }
            let last = parts.last().copied().unwrap_or("");
            if parts.len() >= 2 && last.chars().count() * 2 < t.chars().count() {
                return parts[..parts.len() - 1].join(sep);
            }
        }
    }
    t
}

/// The parts of the `<title>` text split at site-name separators.
pub fn title_tag_parts(doc: &Html) -> Vec<String> {
    let Some(t) = Candidates::of(doc)
        .select(sel!("title"))
        .map(element_text)
        .find(|t| !t.is_empty())
    else {
        return Vec::new();
    };
    let mut parts = vec![t.clone()];
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        let ps: Vec<&str> = t.split(sep).collect();
        if ps.len() < 2 {
            continue;
        }
        // The site's name is the first or the last part; the headline may
        // itself contain the separator ("Mối quan hệ Saudi - Mỹ").
        parts.push(ps[1..].join(sep));
        parts.push(ps[..ps.len() - 1].join(sep));
        parts.extend(ps.iter().map(|p| p.trim().to_string()));
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// Values of `key` anywhere in JSON-LD (objects, arrays, `@graph`).
fn json_ld_values<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == key {
                    out.push(x);
                }
                json_ld_values(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| json_ld_values(x, key, out)),
        _ => {}
    }
}

fn json_ld(doc: &Candidates) -> Vec<Value> {
    doc.select(sel!(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| serde_json::from_str(&s.text().collect::<String>()).ok())
        .collect()
}

fn ld_string(docs: &[Value], key: &str) -> Option<String> {
    let mut vals = Vec::new();
    for d in docs {
        json_ld_values(d, key, &mut vals);
    }
    vals.into_iter().find_map(|v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(|x| match x {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => m.get("name").and_then(Value::as_str).map(String::from),
            _ => None,
        }),
        _ => None,
    })
}

/// The page's title: `og:title`, JSON-LD `headline`, `<h1>`, or `<title>`.
pub fn title(doc: &Html, site_name: Option<&str>, ld: &[Value]) -> Option<String> {
    title_in(&Candidates::of(doc), site_name, ld)
}

fn title_in(doc: &Candidates, site_name: Option<&str>, ld: &[Value]) -> Option<String> {
    first_attr(
        doc,
        sel!(r#"meta[property="og:title"], meta[name="og:title"]"#),
        "content",
    )
    .map(|t| strip_site_name(&t, site_name))
    .or_else(|| ld_string(ld, "headline"))
    .or_else(|| {
        doc.select(sel!("h1"))
            .map(element_text)
            .find(|t| !t.is_empty())
    })
    .or_else(|| {
        doc.select(sel!("title"))
            .map(element_text)
            .find(|t| !t.is_empty())
            .map(|t| clean_title(&t, site_name))
    })
}

/// The publication date from structured markup, as ISO `YYYY-MM-DD`.
pub fn date(doc: &Html, ld: &[Value]) -> Option<String> {
    date_in(&Candidates::of(doc), ld)
}

fn date_in(doc: &Candidates, ld: &[Value]) -> Option<String> {
    let metas = sel!(
        r#"meta[property="article:published_time"], meta[name="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="publishdate"], meta[name="date"], meta[name="dc.date"], meta[name="DC.date.issued"]"#
    );
    first_attr(doc, metas, "content")
        .and_then(|v| iso_date(&v))
        .or_else(|| ld_string(ld, "datePublished").and_then(|v| iso_date(&v)))
        .or_else(|| {
            doc.select(sel!(r#"[itemprop="datePublished"]"#))
                .find_map(|e| {
                    let v = e.value();
                    attr_of(v, &local_name!("content"))
                        .or(attr_of(v, &local_name!("datetime")))
                        .map(String::from)
                        .or_else(|| Some(element_text(e)))
                        .and_then(|s| iso_date(&s))
                })
        })
        .or_else(|| {
            // A <time> in the page's header, nav or footer is a clock or a
            // list item's date, not the article's.
            doc.select(sel!("time[datetime]"))
                .filter(|e| {
                    !e.ancestors().filter_map(ElementRef::wrap).any(|a| {
                        matches!(
                            a.value().name(),
                            "header" | "nav" | "footer" | "aside" | "li"
                        )
                    })
                })
                .find_map(|e| attr_of(e.value(), &local_name!("datetime")).and_then(iso_date))
        })
}

/// `href` made absolute against `base` (an absolute http(s) URL), the way
/// a browser resolves a link: protocol-relative (`//host/p`), root-relative
/// (`/p`), query or fragment only (`?q`, `#f`) and path-relative (`p`,
/// `../p`) references. An absolute `href`, or a `base` that is not an
/// absolute URL, leaves `href` as given.
pub fn resolve_url(href: &str, base: &str) -> String {
    let href = href.trim();
    let has_scheme = |s: &str| {
        s.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
    };
    if has_scheme(href) {
        return href.to_string();
    }
    let Some((scheme, rest)) = base.trim().split_once("://") else {
        return href.to_string();
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") || rest.is_empty() {
        return href.to_string();
    }
    if let Some(net) = href.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let origin = format!("{scheme}://{authority}");
    // The base's path, query and fragment.
    let no_frag = tail.split('#').next().unwrap_or("");
    let path = no_frag.split('?').next().unwrap_or("");
    if href.is_empty() {
        return format!("{origin}{no_frag}");
    }
    if href.starts_with('#') {
        return format!("{origin}{no_frag}{href}");
    }
    if href.starts_with('?') {
        return format!("{origin}{}{href}", if path.is_empty() { "/" } else { path });
    }
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{href}", if dir.is_empty() { "/" } else { dir })
    };
    // Remove dot segments in the path (not in the query or fragment).
    let split = joined.find(['?', '#']).unwrap_or(joined.len());
    let (p, suffix) = joined.split_at(split);
    let mut segs: Vec<&str> = Vec::new();
    let parts: Vec<&str> = p.split('/').skip(1).collect();
    for (i, seg) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *seg {
            "." => {
                if last {
                    segs.push("");
                }
            }
            ".." => {
                segs.pop();
                if last {
                    segs.push("");
                }
            }
            s => segs.push(s),
        }
    }
    format!("{origin}/{}{suffix}", segs.join("/"))
}

/// Everything structured markup says about the page.
pub fn extract(doc: &Html) -> Meta {
    let doc = &Candidates::of(doc);
    let ld = json_ld(doc);
    let site_name =
        first_attr(doc, sel!(r#"meta[property="og:site_name"]"#), "content").or_else(|| {
            let mut vals = Vec::new();
            for d in &ld {
                json_ld_values(d, "publisher", &mut vals);
            }
            vals.into_iter()
                .find_map(|v| v.get("name").and_then(Value::as_str).map(String::from))
        });
    let author = first_attr(doc, sel!(r#"meta[name="author"]"#), "content")
        .or_else(|| ld_string(&ld, "author"))
        .or_else(|| {
            doc.select(sel!(r#"[itemprop="author"]"#))
                .map(element_text)
                .find(|t| !t.is_empty())
        })
        // Many CMSs put the publication's name in the author field: that
        // names no person.
        .filter(|a| site_name.as_deref().map(fold) != Some(fold(a)));
    Meta {
        title: title_in(doc, site_name.as_deref(), &ld),
        date: date_in(doc, &ld),
        // A relative canonical URL is resolved against the page's
        // `<base href>` here, and against the page's own URL by the caller.
        url: first_attr(doc, sel!(r#"link[rel="canonical"]"#), "href")
            .or_else(|| first_attr(doc, sel!(r#"meta[property="og:url"]"#), "content"))
            .map(|u| match first_attr(doc, sel!("base[href]"), "href") {
                Some(base) => resolve_url(&u, &base),
                None => u,
            }),
        author,
        site_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_select_what_the_page_selects() {
        // Every selector this module uses, on pages with the candidates in
        // head and body, in foreign content, and reparented by the parser
        // (a table's stray content is moved before the table).
        let selectors = [
            "title",
            "h1",
            "time[datetime]",
            r#"[itemprop="datePublished"]"#,
            r#"[itemprop="author"]"#,
            r#"script[type="application/ld+json"]"#,
            r#"meta[property="og:title"], meta[name="og:title"]"#,
            r#"meta[property="og:site_name"]"#,
            r#"meta[name="author"]"#,
            r#"link[rel="canonical"]"#,
            r#"meta[property="og:url"]"#,
            "base[href]",
        ];
        let mut pages = vec![
            r#"<html><head><title>T - S</title><meta property="og:title" content="A"><base href="https://x.vn/"></head>
<body><svg><title>icon</title></svg><table><tr><td>x</td></tr><h1>Moved</h1><time datetime="2020-01-01">x</time></table>
<div itemprop="author"><span itemprop="datePublished" content="2021-02-03">d</span></div><h1>Second</h1>
<script type="application/ld+json">{"headline":"H"}</script><link rel="canonical" href="/a"><meta name="author" content="N"></body></html>"#
                .to_string(),
        ];
        let raw = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("raw");
        for entry in walkdir::WalkDir::new(raw).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "html") {
                pages.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        assert!(pages.len() > 5, "raw/ holds HTML pages");
        for page in &pages {
            let doc = Html::parse_document(page);
            let cands = Candidates::of(&doc);
            for s in selectors {
                let sel = Selector::parse(s).unwrap();
                let want: Vec<_> = doc.select(&sel).map(|e| e.id()).collect();
                let got: Vec<_> = cands.select(&sel).map(|e| e.id()).collect();
                assert_eq!(got, want, "{s}");
            }
        }
    }

    #[test]
    fn og_title_and_json_ld_date() {
        let html = r#"<html><head><title>Ignored - Site</title>
<meta property="og:title" content="Real headline">
<meta property="og:site_name" content="Daily Site">
<meta property="og:url" content="https://x.vn/a">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2013-10-23T17:40:00+07:00","author":{"@type":"Person","name":"Vũ Nam"}}]}</script>
</head><body><h1>Other</h1></body></html>"#;
        let m = extract(&Html::parse_document(html));
        assert_eq!(m.title.as_deref(), Some("Real headline"));
        assert_eq!(m.date.as_deref(), Some("2013-10-23"));
        assert_eq!(m.url.as_deref(), Some("https://x.vn/a"));
        assert_eq!(m.author.as_deref(), Some("Vũ Nam"));
        assert_eq!(m.site_name.as_deref(), Some("Daily Site"));
    }

    #[test]
    fn title_tag_loses_site_suffix_and_time_gives_date() {
        let html = r#"<html><head><title>Bão số 5 đổ bộ miền Trung - Báo Đồng Bằng</title>
<link rel="canonical" href="https://x.vn/b"></head>
<body><time datetime="2021-03-05T08:00">5/3</time></body></html>"#;
        let m = extract(&Html::parse_document(html));
        assert_eq!(m.title.as_deref(), Some("Bão số 5 đổ bộ miền Trung"));
        assert_eq!(m.date.as_deref(), Some("2021-03-05"));
        assert_eq!(m.url.as_deref(), Some("https://x.vn/b"));
    }

    #[test]
    fn published_time_meta_and_itemprop() {
        let html = r#"<html><head><meta property="article:published_time" content="2020-01-02T00:00:00Z"></head></html>"#;
        assert_eq!(
            extract(&Html::parse_document(html)).date.as_deref(),
            Some("2020-01-02")
        );
        let html = r#"<p><span itemprop="datePublished">Thứ hai, 10/01/2023 08:30</span></p>"#;
        assert_eq!(
            extract(&Html::parse_document(html)).date.as_deref(),
            Some("2023-01-10")
        );
    }

    #[test]
    fn header_clock_is_not_the_date() {
        let html = r#"<html><body><header><time datetime="2024-05-01">hôm nay</time></header>
<article><h1>Tin</h1><time datetime="2021-03-05T08:00">5/3/2021</time></article></body></html>"#;
        assert_eq!(
            extract(&Html::parse_document(html)).date.as_deref(),
            Some("2021-03-05")
        );
    }

    #[test]
    fn site_name_from_json_ld_publisher_and_canonical_before_og_url() {
        let html = r#"<html><head><meta property="og:url" content="https://x.vn/og">
<link rel="canonical" href=" https://x.vn/canonical ">
<script type="application/ld+json">{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Báo X"},"author":"Lan"}</script>
</head><body></body></html>"#;
        let m = extract(&Html::parse_document(html));
        assert_eq!(m.url.as_deref(), Some("https://x.vn/canonical"));
        assert_eq!(m.site_name.as_deref(), Some("Báo X"));
        // og:site_name wins over the JSON-LD publisher.
        let html = html.replace(
            "<head>",
            r#"<head><meta property="og:site_name" content="X Online">"#,
        );
        let m = extract(&Html::parse_document(&html));
        assert_eq!(m.site_name.as_deref(), Some("X Online"));
        assert_eq!(m.author.as_deref(), Some("Lan"));
        // An author field that only repeats the site's name names no one.
        let html = html.replace(r#""author":"Lan""#, r#""author":"X online""#);
        let m = extract(&Html::parse_document(&html));
        assert_eq!(m.author, None);
        // Neither: no site name, no URL.
        let m = extract(&Html::parse_document("<p>x</p>"));
        assert_eq!((m.site_name, m.url), (None, None));
    }

    #[test]
    fn relative_urls_resolve_against_the_base() {
        let base = "https://x.vn/a/b/page.html?x=1#top";
        for (href, want) in [
            ("https://y.vn/c", "https://y.vn/c"),
            ("//cdn.x.vn/c", "https://cdn.x.vn/c"),
            ("/content/story-1", "https://x.vn/content/story-1"),
            ("story-2", "https://x.vn/a/b/story-2"),
            ("../story-3?p=2", "https://x.vn/a/story-3?p=2"),
            ("./", "https://x.vn/a/b/"),
            ("?page=2", "https://x.vn/a/b/page.html?page=2"),
            ("#c", "https://x.vn/a/b/page.html?x=1#c"),
            ("../../../up", "https://x.vn/up"),
        ] {
            assert_eq!(resolve_url(href, base), want, "{href}");
        }
        assert_eq!(resolve_url("p", "https://x.vn"), "https://x.vn/p");
        // No usable base: as given.
        assert_eq!(resolve_url("/p", "not a url"), "/p");
        assert_eq!(resolve_url("//h/p", "file:///tmp/x.html"), "//h/p");
        // A <base href> in the page resolves the canonical link.
        let html = r#"<html><head><base href="https://x.vn/dir/"><link rel="canonical" href="../c/1"></head></html>"#;
        let m = extract(&Html::parse_document(html));
        assert_eq!(m.url.as_deref(), Some("https://x.vn/c/1"));
    }

    #[test]
    fn clean_title_keeps_headline() {
        assert_eq!(clean_title("Headline here | Site", None), "Headline here");
        assert_eq!(
            clean_title("Site - A long headline - with dash", Some("Site")),
            "A long headline - with dash"
        );
    }
}
