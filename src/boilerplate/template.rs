//! Site templates learned across the pages of one run.
//!
//! Some chrome reads like prose (a footer address, a slogan, a "follow us"
//! sentence) and survives the per-page rules, but it repeats on the pages of
//! its site. Learning is map-then-merge: each page contributes the set of
//! hashes of its kept paragraphs (folded, digits blanked so counters match),
//! and the counts are summed per site. Counting distinct pages, not
//! occurrences, and sorting nothing by arrival, the result does not depend on
//! page order or thread count, and it costs one hash per paragraph instead
//! of pairwise page comparisons.
//!
//! A paragraph is template when it is on at least `template_min_pages` pages
//! of its site and on at least `template_min_share` of them. Lines count
//! wherever they were seen on a page, kept or removed (a footer line removed
//! by position on most pages is still the site's footer where it was kept,
//! however long it is); a page left with less than `min_body_chars` after
//! template removal has no article. Re-scrapes and
//! syndicated copies of one article repeat that article's own paragraphs on
//! one site, so removal is capped: when it would take more than
//! `template_max_page_share` of a page's kept characters, only short template
//! lines go, and lines the per-page rules removed on at least
//! `template_min_pages` other pages of the site (confirmed chrome: an
//! article's own paragraphs are not removed where they are repeated).
//!
//! Stock lines ("Editor's note: this article was updated", "With wire
//! services") recur on a small share of every site's pages, below
//! `template_min_share`. A short line without digits that is on at least
//! `template_min_pages` pages of each of [`STOCK_MIN_SITES`] sites is
//! template everywhere: an article syndicated to several sites repeats its
//! lines about once per site, and data lines ("Net 4,092,000 vs 3,145,000")
//! differ by their digits.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use super::signals::fold;
use super::BoilerplateConfig;
use crate::fingerprint::{KeyMap, KeySet};
use crate::model::{Extraction, Removed};

/// A paragraph shorter than this (folded characters) may always be removed
/// as template, even past the page-share cap.
const SHORT_LINE_CHARS: usize = 80;

/// Sites on each of which a short digit-free line must repeat to be a stock line.
pub const STOCK_MIN_SITES: usize = 3;

/// Lines learned to be template, per site.
#[derive(Debug, Clone, Default)]
pub struct SiteTemplates {
    /// Per site: template line hashes, each with whether it is confirmed
    /// chrome (removed by the per-page rules on enough pages).
    templates: HashMap<String, KeyMap<u64, bool>>,
    /// Stock lines: template on every site, confirmed.
    stock: KeySet<u64>,
    max_page_share: f64,
    min_body_chars: usize,
}

/// A paragraph's comparison key: the hash of its folded form with digits as
/// `0`, and whether it is a short line without digits (a stock-line
/// candidate). One fold per line.
fn key_of(paragraph: &str) -> Option<(u64, bool)> {
    key_of_folded(fold(paragraph))
}

/// [`key_of`] of a paragraph's `fold`. Digits are blanked in one
/// branch-free pass (which the compiler vectorizes), and characters are
/// counted only where the byte length leaves the answer open: a line has
/// no more characters than bytes and at least a quarter as many.
fn key_of_folded(folded: String) -> Option<(u64, bool)> {
    if folded.is_empty() {
        return None;
    }
    let mut f = folded.into_bytes();
    let mut digits = 0u8;
    for b in &mut f {
        let d = b.wrapping_sub(b'0') < 10;
        digits |= u8::from(d);
        *b = if d { b'0' } else { *b };
    }
    let short = digits == 0
        && (f.len() < SHORT_LINE_CHARS
            || (f.len() < 4 * SHORT_LINE_CHARS && char_count(&f) < SHORT_LINE_CHARS));
    Some((xxh3_64(&f), short))
}

/// A UTF-8 continuation byte: the characters of valid UTF-8 are its other bytes.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The characters of UTF-8 bytes: its bytes that are no continuation,
/// counted on byte lanes over chunks of at most 255 bytes, so that the
/// loop is vectorized.
fn char_count(b: &[u8]) -> usize {
    b.chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |n, &c| n + u8::from(!is_continuation(c))),
            )
        })
        .sum()
}

/// The first [`key_of_folded`], one character count and a branch per
/// byte: the reference the faster one is tested against.
#[cfg(test)]
fn key_of_folded_reference(folded: String) -> Option<(u64, bool)> {
    if folded.is_empty() {
        return None;
    }
    let chars = folded.chars().count();
    let mut f = folded.into_bytes();
    let mut digits = false;
    for b in &mut f {
        if b.is_ascii_digit() {
            *b = b'0';
            digits = true;
        }
    }
    Some((xxh3_64(&f), !digits && chars < SHORT_LINE_CHARS))
}

/// [`key_of`] of a line whose `fold` is at hand; without it, of the line
/// `text` itself.
pub(crate) fn line_key(text: &str, fold: Option<&str>) -> Option<(u64, bool)> {
    match fold {
        Some(f) => key_of_fold(f),
        None => key_of(text),
    }
}

/// [`key_of_folded`] of a borrowed fold: a line without digits (most) is
/// hashed where it lies, one with digits is copied to blank them.
fn key_of_fold(folded: &str) -> Option<(u64, bool)> {
    let b = folded.as_bytes();
    // Without an early exit, so that the loop is vectorized: most lines
    // are looked at to their end either way.
    let digits = b
        .iter()
        .fold(0u8, |acc, &c| acc | u8::from(c.wrapping_sub(b'0') < 10));
    if digits != 0 {
        return key_of_folded(folded.to_string());
    }
    if b.is_empty() {
        return None;
    }
    let short = b.len() < SHORT_LINE_CHARS
        || (b.len() < 4 * SHORT_LINE_CHARS && char_count(b) < SHORT_LINE_CHARS);
    Some((xxh3_64(b), short))
}

/// The key alone.
fn key(paragraph: &str) -> Option<u64> {
    key_of(paragraph).map(|(k, _)| k)
}

/// One page's line keys, what learning needs of it: computed page by page
/// (the map step, parallel in the pipeline), then merged per site.
#[derive(Debug, Clone, Default)]
pub struct PageLines {
    /// Kept paragraphs, sorted, each once.
    kept: Vec<u64>,
    /// Removed lines, sorted, each once.
    removed: Vec<u64>,
    /// Short lines without digits, kept or removed.
    plain: Vec<u64>,
    /// Each kept paragraph's key, in order: what [`SiteTemplates::apply_keyed`]
    /// looks up, so that applying hashes no line twice.
    paragraph_keys: Vec<Option<u64>>,
}

impl PageLines {
    pub fn of(ex: &Extraction) -> Self {
        Self::keyed(ex)
    }

    /// [`PageLines::of`], taking the keys the extractor left in `ex`,
    /// which nothing after this step needs.
    pub fn take_from(ex: &mut Extraction) -> Self {
        let lines = Self::keyed(ex);
        ex.paragraph_keys = Vec::new();
        ex.removed_keys = Vec::new();
        lines
    }

    /// Keys of `ex`: those the extractor left in it where they line up
    /// with its paragraphs and removed lines, else computed here.
    fn keyed(ex: &Extraction) -> Self {
        let mut plain = Vec::new();
        let mut note = |key: Option<(u64, bool)>| {
            key.map(|(k, short)| {
                if short {
                    plain.push(k);
                }
                k
            })
        };
        let paragraph_keys: Vec<Option<u64>> = if ex.paragraph_keys.len() == ex.paragraphs.len() {
            ex.paragraph_keys.iter().map(|&k| note(k)).collect()
        } else {
            ex.paragraphs.iter().map(|p| note(key_of(p))).collect()
        };
        let removed_keys: Vec<Option<u64>> = if ex.removed_keys.len() == ex.removed.len() {
            ex.removed_keys.iter().map(|&k| note(k)).collect()
        } else {
            ex.removed.iter().map(|r| note(key_of(&r.text))).collect()
        };
        let set = |keys: &[Option<u64>]| {
            let mut v: Vec<u64> = keys.iter().flatten().copied().collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let removed = set(&removed_keys);
        Self {
            kept: set(&paragraph_keys),
            removed,
            plain,
            paragraph_keys,
        }
    }

    /// The kept paragraphs' keys in order, for [`SiteTemplates::apply_keyed`].
    pub fn into_paragraph_keys(self) -> Vec<Option<u64>> {
        self.paragraph_keys
    }
}

impl SiteTemplates {
    /// Learn from every page's extraction, given with its site.
    pub fn learn<'a>(
        pages: impl IntoIterator<Item = (&'a str, &'a Extraction)>,
        cfg: &BoilerplateConfig,
    ) -> Self {
        let lines: Vec<(&str, PageLines)> = pages
            .into_iter()
            .map(|(site, ex)| (site, PageLines::of(ex)))
            .collect();
        Self::learn_lines(lines.iter().map(|(s, l)| (*s, l)), cfg)
    }

    /// Learn from every page's line keys ([`PageLines::of`]), given with
    /// its site: the pages grouped by site, each site counted
    /// ([`SiteLines::count`]), then merged ([`SiteTemplates::from_sites`]).
    pub fn learn_lines<'a>(
        pages: impl IntoIterator<Item = (&'a str, &'a PageLines)>,
        cfg: &BoilerplateConfig,
    ) -> Self {
        let mut by_site: HashMap<&str, Vec<&PageLines>> = HashMap::new();
        for (site, pl) in pages {
            by_site.entry(site).or_default().push(pl);
        }
        Self::from_sites(
            by_site
                .into_iter()
                .map(|(site, pls)| (site, SiteLines::count(pls, cfg.template_min_pages))),
            cfg,
        )
    }

    /// The merge step: templates from every site's counts, each site given
    /// once. The result does not depend on the order of the sites.
    pub fn from_sites<'a>(
        sites: impl IntoIterator<Item = (&'a str, SiteLines)>,
        cfg: &BoilerplateConfig,
    ) -> Self {
        let sites: Vec<(&str, SiteLines)> = sites.into_iter().collect();
        // Short lines without digits on any site: the stock line candidates.
        let mut plain: KeySet<u64> = KeySet::default();
        for (_, sl) in &sites {
            plain.extend(sl.plain.iter().copied());
        }
        let counts: Vec<(&str, SiteCounts)> = sites
            .into_iter()
            .map(|(site, sl)| (site, sl.counts))
            .collect();
        let often = |c: usize, n: usize| {
            c >= cfg.template_min_pages && c as f64 >= cfg.template_min_share * n as f64
        };
        let mut sites_of: KeyMap<u64, usize> = KeyMap::default();
        for (_, sc) in &counts {
            for &(k, c) in &sc.seen {
                if c >= cfg.template_min_pages && plain.contains(&k) {
                    *sites_of.entry(k).or_insert(0) += 1;
                }
            }
        }
        let stock: KeySet<u64> = sites_of
            .into_iter()
            .filter(|&(_, n)| n >= STOCK_MIN_SITES)
            .map(|(k, _)| k)
            .collect();
        let templates = counts
            .into_iter()
            .filter_map(|(site, sc)| {
                let n = sc.pages;
                let removed = sc.removed;
                let set: KeyMap<u64, bool> = sc
                    .kept
                    .into_iter()
                    .chain(sc.seen)
                    .filter(|&(_, c)| often(c, n))
                    .map(|(k, _)| {
                        let confirmed = removed
                            .binary_search_by_key(&k, |&(key, _)| key)
                            .is_ok_and(|at| removed[at].1 >= cfg.template_min_pages);
                        (k, confirmed)
                    })
                    .collect();
                (!set.is_empty()).then(|| (site.to_string(), set))
            })
            .collect();
        Self {
            templates,
            stock,
            max_page_share: cfg.template_max_page_share,
            min_body_chars: cfg.min_body_chars,
        }
    }

    /// Number of template lines learned for a site.
    pub fn len(&self, site: &str) -> usize {
        self.templates.get(site).map_or(0, KeyMap::len) + self.stock.len()
    }

    /// Remove the site's template lines from one page's extraction.
    pub fn apply(&self, site: &str, ex: Extraction) -> Extraction {
        // No keys given: apply_keyed computes them when the site has templates.
        self.apply_keyed(site, ex, Vec::new())
    }

    /// [`SiteTemplates::apply`] with the paragraphs' keys already computed
    /// ([`PageLines::into_paragraph_keys`] of the same extraction); keys of
    /// another length are computed anew.
    pub fn apply_keyed(
        &self,
        site: &str,
        mut ex: Extraction,
        keys: Vec<Option<u64>>,
    ) -> Extraction {
        let set = self.templates.get(site);
        if set.is_none() && self.stock.is_empty() {
            return ex;
        }
        // Keys of another extraction would pair the wrong lines: recompute.
        let keys = if keys.len() == ex.paragraphs.len() {
            keys
        } else {
            ex.paragraphs.iter().map(|p| key(p)).collect()
        };
        // None: not template; Some(confirmed).
        let tpl_kind: Vec<Option<bool>> = keys
            .iter()
            .map(|k| {
                let k = (*k)?;
                set.and_then(|s| s.get(&k).copied())
                    .or_else(|| self.stock.contains(&k).then_some(true))
            })
            .collect();
        // Most pages hold no template line: nothing to remove or recount.
        if tpl_kind.iter().all(Option::is_none) {
            return ex;
        }
        // The paragraphs change below: keys handed over by the extractor
        // would no longer line up with them.
        ex.paragraph_keys = Vec::new();
        let total: usize = ex.paragraphs.iter().map(|p| p.chars().count()).sum();
        let tpl: usize = ex
            .paragraphs
            .iter()
            .zip(&tpl_kind)
            .filter(|(_, t)| t.is_some())
            .map(|(p, _)| p.chars().count())
            .sum();
        let capped = total > 0 && tpl as f64 > self.max_page_share * total as f64;
        let mut kept = Vec::with_capacity(ex.paragraphs.len());
        // Only the site's own template makes a page "mostly template": a
        // stock line under a one-sentence brief leaves the brief an article.
        let mut removed_any = false;
        for ((p, t), k) in ex.paragraphs.into_iter().zip(tpl_kind).zip(keys) {
            let site_line = k.is_some_and(|k| set.is_some_and(|s| s.contains_key(&k)));
            let remove = match t {
                None => false,
                Some(confirmed) => {
                    !capped || confirmed || fold(&p).chars().count() < SHORT_LINE_CHARS
                }
            };
            if remove {
                removed_any |= site_line;
                ex.removed.push(Removed {
                    text: p,
                    rule: "site-template".to_string(),
                });
            } else {
                kept.push(p);
            }
        }
        // What is left of a page that was mostly template is no article,
        // unless it is prose (a brief: sentences with function words), which
        // a listing's leftover headlines and labels are not.
        let prose = |p: &String| super::text::is_brief_prose(&super::signals::TextStats::of(p));
        if removed_any
            && super::too_short_for_article(&kept, self.min_body_chars)
            && !kept.iter().any(prose)
        {
            for p in kept.drain(..) {
                ex.removed.push(Removed {
                    text: p,
                    rule: "site-template:no-article".to_string(),
                });
            }
        }
        ex.paragraphs = kept;
        ex
    }
}

/// One site's line counts, the map step of learning: sites are
/// independent, so the pipeline counts them in parallel.
#[derive(Debug, Default)]
pub struct SiteLines {
    counts: SiteCounts,
    /// Short lines without digits on the site's pages, sorted, each once.
    plain: Vec<u64>,
}

impl SiteLines {
    /// Counts of one site's pages: each line hash counted once per page;
    /// only hashes on at least `min_pages` pages are kept (what
    /// [`SiteTemplates::from_sites`] can use with that `template_min_pages`).
    ///
    /// By sorting every page's hashes rather than by a map: a site of a
    /// million pages has millions of distinct lines, which a map would
    /// count one random memory access at a time, on one thread.
    pub fn count<'a>(pages: impl IntoIterator<Item = &'a PageLines>, min_pages: usize) -> Self {
        let (mut n, mut kept, mut seen, mut removed, mut plain) =
            (0, Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for pl in pages {
            n += 1;
            plain.extend_from_slice(&pl.plain);
            kept.extend_from_slice(&pl.kept);
            // Lines seen anywhere on the page, kept or removed: a footer
            // line is usually removed by position, but where the body
            // span reaches it (or the page has no article) it is kept.
            seen.extend_from_slice(&pl.kept);
            seen.extend(
                pl.removed
                    .iter()
                    .filter(|k| pl.kept.binary_search(k).is_err()),
            );
            removed.extend_from_slice(&pl.removed);
        }
        let frequent = |mut keys: Vec<u64>| -> Vec<(u64, usize)> {
            crate::pipeline::par_sort(&mut keys);
            keys.chunk_by(|a, b| a == b)
                .filter(|run| run.len() >= min_pages)
                .map(|run| (run[0], run.len()))
                .collect()
        };
        plain.sort_unstable();
        plain.dedup();
        Self {
            counts: SiteCounts {
                pages: n,
                kept: frequent(kept),
                seen: frequent(seen),
                removed: frequent(removed),
            },
            plain,
        }
    }
}

/// Per-site counts of paragraph hashes, each counted once per page.
#[derive(Debug, Default)]
struct SiteCounts {
    pages: usize,
    /// Kept paragraphs, sorted by hash.
    kept: Vec<(u64, usize)>,
    /// Lines kept or removed, sorted by hash.
    seen: Vec<(u64, usize)>,
    /// Lines removed by the per-page rules, sorted by hash.
    removed: Vec<(u64, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn line_keys_are_the_reference_keys(s in "[a-z0-9 .\u{E0}-\u{E9}\u{1EA0}-\u{1EF9}\u{2013}\u{4E00}\u{1F600}]{0,400}") {
            proptest::prop_assert_eq!(key_of_folded(s.clone()), key_of_folded_reference(s));
        }

        #[test]
        fn a_borrowed_fold_keys_as_the_line_does(s in "[a-zA-Z0-9 .\u{A0}\u{C0}-\u{E9}\u{1EA0}-\u{1EF9}\u{2013}\u{4E00}]{0,400}") {
            proptest::prop_assert_eq!(line_key(&s, Some(&fold(&s))), key_of(&s));
            proptest::prop_assert_eq!(line_key(&s, None), key_of(&s));
        }
    }

    #[test]
    fn keyed_apply_equals_apply_and_survives_wrong_keys() {
        let cfg = BoilerplateConfig::default();
        let pages: Vec<Extraction> = (0..6)
            .map(|i| {
                page(&[
                    "Mời quý độc giả theo dõi chúng tôi trên mạng xã hội",
                    &format!("Bài viết số {i} nói về một chủ đề riêng, với đủ chữ để là một đoạn văn thật sự."),
                ])
            })
            .collect();
        let t = SiteTemplates::learn(pages.iter().map(|e| ("s", e)), &cfg);
        for ex in &pages {
            let keys = PageLines::of(ex).into_paragraph_keys();
            let a = t.apply("s", ex.clone());
            let b = t.apply_keyed("s", ex.clone(), keys);
            let c = t.apply_keyed("s", ex.clone(), vec![None]);
            let rules = |e: &Extraction| -> Vec<String> {
                e.removed
                    .iter()
                    .map(|r| format!("{}: {}", r.rule, r.text))
                    .collect()
            };
            assert_eq!((&a.paragraphs, rules(&a)), (&b.paragraphs, rules(&b)));
            assert_eq!((&a.paragraphs, rules(&a)), (&c.paragraphs, rules(&c)));
            assert!(
                rules(&a)
                    .iter()
                    .any(|r| r.starts_with("site-template: Mời")),
                "{:?}",
                rules(&a)
            );
        }
    }

    fn page(lines: &[&str]) -> Extraction {
        Extraction {
            paragraphs: lines.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Fixtures are short pages: no minimum article length here.
    fn cfg() -> BoilerplateConfig {
        BoilerplateConfig {
            min_body_chars: 0,
            ..Default::default()
        }
    }

    #[test]
    fn footer_removed_elsewhere_is_still_template() {
        // The footer line is kept on one page (no article there) and was
        // removed by position on the others.
        let footer = "Địa chỉ: Số 1 Đường Chính, Hà Nội";
        let mut ps: Vec<Extraction> = (0..4)
            .map(|i| {
                let mut e = page(&[&format!(
                    "Article {i} has a long paragraph of its own that is never repeated anywhere else on the site at all."
                )]);
                e.removed.push(Removed {
                    text: footer.to_string(),
                    rule: "html:outside-body".to_string(),
                });
                e
            })
            .collect();
        ps.push(page(&[footer, "Xin lỗi, trang bạn tìm không tồn tại."]));
        let t = SiteTemplates::learn(
            ps.iter().map(|p| ("a.vn", p)),
            &BoilerplateConfig::default(),
        );
        let out = t.apply("a.vn", ps[4].clone());
        // The footer goes, and what is left is too short to be an article.
        assert!(out.paragraphs.is_empty(), "{:?}", out.paragraphs);
        assert_eq!(out.removed.last().unwrap().rule, "site-template:no-article");
    }

    const FOOTER: &str = "Mời bạn đọc gửi ý kiến về tòa soạn qua thư điện tử của báo.";

    fn pages() -> Vec<Extraction> {
        (0..5)
            .map(|i| {
                let body = format!(
                    "Article number {i} tells a different story about the city and its people, with enough words to be long."
                );
                if i < 4 {
                    page(&[&body, FOOTER])
                } else {
                    page(&[&body])
                }
            })
            .collect()
    }

    #[test]
    fn line_on_four_of_five_pages_is_removed() {
        let cfg = cfg();
        let ps = pages();
        let t = SiteTemplates::learn(ps.iter().map(|p| ("a.vn", p)), &cfg);
        let out = t.apply("a.vn", ps[0].clone());
        assert_eq!(out.paragraphs.len(), 1);
        assert_eq!(out.removed[0].rule, "site-template");
        // NBSP / NFD variants of the line are the same line.
        let variant = FOOTER.replace(' ', "\u{a0}");
        let out = t.apply("a.vn", page(&[&ps[1].paragraphs[0], &variant]));
        assert_eq!(out.paragraphs.len(), 1);
        // Another site learned nothing.
        assert_eq!(t.apply("b.vn", ps[0].clone()).paragraphs.len(), 2);
    }

    #[test]
    fn line_on_two_pages_is_kept() {
        let cfg = cfg();
        let mut ps = pages();
        for p in ps.iter_mut().skip(2) {
            p.paragraphs.truncate(1);
        }
        let t = SiteTemplates::learn(ps.iter().map(|p| ("a.vn", p)), &cfg);
        assert_eq!(t.apply("a.vn", ps[0].clone()).paragraphs.len(), 2);
    }

    #[test]
    fn order_independent() {
        let cfg = cfg();
        let ps = pages();
        let a = SiteTemplates::learn(ps.iter().map(|p| ("a.vn", p)), &cfg);
        let b = SiteTemplates::learn(ps.iter().rev().map(|p| ("a.vn", p)), &cfg);
        for p in &ps {
            assert_eq!(a.apply("a.vn", p.clone()), b.apply("a.vn", p.clone()));
        }
    }

    #[test]
    fn rescrapes_keep_their_text() {
        // One article scraped four times on one site, plus one other page.
        let cfg = cfg();
        let long = "This long paragraph of the article is repeated on every re-scrape of the same page, so it looks like a template.";
        let menu = "Home page";
        let art = page(&[
            long,
            "Another long paragraph that belongs to the article and is repeated on every copy too.",
            menu,
        ]);
        let other = page(&[
            "A different article with its own text that nobody else repeats at all, long enough.",
        ]);
        let mut ps = [art.clone(), art.clone(), art.clone(), art.clone(), other];
        ps[4].paragraphs.push(menu.to_string());
        let t = SiteTemplates::learn(ps.iter().map(|p| ("a.vn", p)), &cfg);
        let out = t.apply("a.vn", art);
        assert_eq!(out.paragraphs.len(), 2, "{:?}", out.paragraphs);
        assert!(out.paragraphs[0].starts_with("This long paragraph"));
        assert_eq!(out.removed.len(), 1);
        assert_eq!(out.removed[0].text, menu);
    }
}
