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
//! of its site and on at least `template_min_share` of them. Re-scrapes and
//! syndicated copies of one article repeat that article's own paragraphs on
//! one site, so removal is capped: when it would take more than
//! `template_max_page_share` of a page's kept characters, only short template
//! lines go.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use super::signals::fold;
use super::BoilerplateConfig;
use crate::model::{Extraction, Removed};

/// A paragraph shorter than this (folded characters) may always be removed
/// as template, even past the page-share cap.
const SHORT_LINE_CHARS: usize = 80;

/// Lines learned to be template, per site.
#[derive(Debug, Clone, Default)]
pub struct SiteTemplates {
    templates: HashMap<String, HashSet<u64>>,
    max_page_share: f64,
}

/// The hash of a paragraph's comparison form: folded, digits as `0`.
fn key(paragraph: &str) -> Option<u64> {
    let f: String = fold(paragraph)
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    (!f.is_empty()).then(|| xxh3_64(f.as_bytes()))
}

impl SiteTemplates {
    /// Learn from every page's extraction, given with its site.
    pub fn learn<'a>(
        pages: impl IntoIterator<Item = (&'a str, &'a Extraction)>,
        cfg: &BoilerplateConfig,
    ) -> Self {
        // site -> (pages, hash -> pages containing it)
        let mut counts: HashMap<&str, (usize, HashMap<u64, usize>)> = HashMap::new();
        for (site, ex) in pages {
            let page_keys: HashSet<u64> = ex.paragraphs.iter().filter_map(|p| key(p)).collect();
            let entry = counts.entry(site).or_default();
            entry.0 += 1;
            for k in page_keys {
                *entry.1.entry(k).or_insert(0) += 1;
            }
        }
        let templates = counts
            .into_iter()
            .filter_map(|(site, (n, hashes))| {
                let set: HashSet<u64> = hashes
                    .into_iter()
                    .filter(|&(_, c)| {
                        c >= cfg.template_min_pages && c as f64 >= cfg.template_min_share * n as f64
                    })
                    .map(|(k, _)| k)
                    .collect();
                (!set.is_empty()).then(|| (site.to_string(), set))
            })
            .collect();
        Self {
            templates,
            max_page_share: cfg.template_max_page_share,
        }
    }

    /// Number of template lines learned for a site.
    pub fn len(&self, site: &str) -> usize {
        self.templates.get(site).map_or(0, HashSet::len)
    }

    /// Remove the site's template lines from one page's extraction.
    pub fn apply(&self, site: &str, mut ex: Extraction) -> Extraction {
        let Some(set) = self.templates.get(site) else {
            return ex;
        };
        let is_tpl: Vec<bool> = ex
            .paragraphs
            .iter()
            .map(|p| key(p).is_some_and(|k| set.contains(&k)))
            .collect();
        let total: usize = ex.paragraphs.iter().map(|p| p.chars().count()).sum();
        let tpl: usize = ex
            .paragraphs
            .iter()
            .zip(&is_tpl)
            .filter(|(_, t)| **t)
            .map(|(p, _)| p.chars().count())
            .sum();
        let capped = total > 0 && tpl as f64 > self.max_page_share * total as f64;
        let mut kept = Vec::with_capacity(ex.paragraphs.len());
        for (p, t) in ex.paragraphs.into_iter().zip(is_tpl) {
            let remove = t && (!capped || fold(&p).chars().count() < SHORT_LINE_CHARS);
            if remove {
                ex.removed.push(Removed {
                    text: p,
                    rule: "site-template".to_string(),
                });
            } else {
                kept.push(p);
            }
        }
        ex.paragraphs = kept;
        ex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> Extraction {
        Extraction {
            paragraphs: lines.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
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
        let cfg = BoilerplateConfig::default();
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
        let cfg = BoilerplateConfig::default();
        let mut ps = pages();
        for p in ps.iter_mut().skip(2) {
            p.paragraphs.truncate(1);
        }
        let t = SiteTemplates::learn(ps.iter().map(|p| ("a.vn", p)), &cfg);
        assert_eq!(t.apply("a.vn", ps[0].clone()).paragraphs.len(), 2);
    }

    #[test]
    fn order_independent() {
        let cfg = BoilerplateConfig::default();
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
        let cfg = BoilerplateConfig::default();
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
