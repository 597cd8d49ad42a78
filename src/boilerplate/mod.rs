//! Boilerplate stage: keep a page's main text, drop its chrome.
//!
//! Two per-page extractors share one interface ([`Extractor`]):
//! - [`html`]: parses with `scraper`, drops non-content elements and
//!   link-dense blocks, and keeps the main text as paragraphs; before
//!   parsing, [`prescan`] cuts what it never reads (script and style code,
//!   comment texts, unread attributes), which changes no result;
//! - [`text`]: classifies the lines of a text dump of a rendered page
//!   (menus, counters, "related"/"latest" lists, share and comment widgets).
//!
//! A third step, [`template`], works across the pages of one site: lines that
//! repeat on many pages of a site are its template, even when they read like
//! prose. It is a map-then-merge step (count block hashes per site, then
//! remove), so its result does not depend on page order or thread count.
//!
//! Every removal carries the rule that made it, for the reports.
//!
//! Both per-page extractors share [`signals`]: a folded comparison view of
//! text (robust to NBSP, NFD, zero-width characters, soft hyphens and tone
//! placement), word and sentence statistics, a small generic chrome
//! vocabulary, date parsing, and the maximum-sum span that locates the main
//! body. The rules are structural (position, length, punctuation, links,
//! markup) so that they hold for templates never seen; the vocabulary only
//! names generic widgets ("related", "comment", "tin liên quan", ...).

pub mod html;
pub mod meta;
pub mod prescan;
pub mod score;
pub mod signals;
pub mod template;
pub mod text;
pub mod tokenize_html;

use serde::{Deserialize, Serialize};

use crate::model::{Extraction, Page, PageKind};

pub use template::{PageLines, SiteLines, SiteTemplates};

/// Settings of the boilerplate stage (`[boilerplate]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// A block whose share of characters inside links exceeds this is chrome.
    pub max_link_density: f64,
    /// Learn each site's template from lines repeated across its pages.
    pub site_templates: bool,
    /// A line is template only if it appears on at least this many pages of a site.
    pub template_min_pages: usize,
    /// ... and on at least this share of the site's pages.
    pub template_min_share: f64,
    /// A page whose kept text is shorter than this (in characters) and is a
    /// single paragraph, or shorter than a quarter of this, has no article
    /// (404, listing and search pages): nothing is kept.
    pub min_body_chars: usize,
    /// Template removal never takes more than this share of a page's kept
    /// characters; beyond it only short template lines go (re-scrapes of one
    /// article repeat its own paragraphs).
    pub template_max_page_share: f64,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        Self {
            max_link_density: 0.5,
            site_templates: true,
            template_min_pages: 3,
            template_min_share: 0.3,
            min_body_chars: 250,
            template_max_page_share: 0.5,
        }
    }
}

impl BoilerplateConfig {
    /// Checks ranges; the message names the key and the bad value.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.max_link_density) {
            return Err(format!(
                "boilerplate.max_link_density must be within 0..=1, got {}",
                self.max_link_density
            ));
        }
        if self.template_min_pages < 2 {
            return Err(format!(
                "boilerplate.template_min_pages must be at least 2, got {}",
                self.template_min_pages
            ));
        }
        if !(0.0..=1.0).contains(&self.template_min_share) {
            return Err(format!(
                "boilerplate.template_min_share must be within 0..=1, got {}",
                self.template_min_share
            ));
        }
        if !(0.0..=1.0).contains(&self.template_max_page_share) {
            return Err(format!(
                "boilerplate.template_max_page_share must be within 0..=1, got {}",
                self.template_max_page_share
            ));
        }
        if self.min_body_chars > 100_000 {
            return Err(format!(
                "boilerplate.min_body_chars must be at most 100000, got {}",
                self.min_body_chars
            ));
        }
        Ok(())
    }
}

/// Whether what is left of a page is too little to be an article: a 404
/// notice, or the one teaser a listing page leaves. Short news briefs are
/// articles, so shortness alone does not decide: under `min_chars` the text
/// must also be a single paragraph, or under a quarter of `min_chars`.
pub(crate) fn too_short_for_article<S: AsRef<str>>(paragraphs: &[S], min_chars: usize) -> bool {
    let chars: usize = paragraphs.iter().map(|p| p.as_ref().chars().count()).sum();
    chars < min_chars / 4 || (chars < min_chars && paragraphs.len() < 2)
}

/// One per-page extraction step. Implementations are pure: the same page
/// always gives the same extraction.
pub trait Extractor: Send + Sync {
    fn extract(&self, page: &Page) -> Extraction;
}

/// The stage's per-page extractor: HTML or text dump by the page's kind.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    cfg: BoilerplateConfig,
}

impl Boilerplate {
    pub fn new(cfg: &BoilerplateConfig) -> Self {
        Self { cfg: cfg.clone() }
    }
}

impl Extractor for Boilerplate {
    fn extract(&self, page: &Page) -> Extraction {
        let mut ex = match page.kind {
            PageKind::Html => html::extract(&page.body, &self.cfg),
            PageKind::Text => text::extract(&page.body, &self.cfg),
        };
        // Metadata given with the page (JSON Lines fields) fills what the
        // page itself does not say.
        let m = &mut ex.meta;
        match (&m.url, &page.url) {
            (None, _) => m.url.clone_from(&page.url),
            (Some(u), Some(base)) => m.url = Some(meta::resolve_url(u, base)),
            _ => {}
        }
        if m.title.is_none() {
            m.title.clone_from(&page.title);
        }
        if m.date.is_none() {
            m.date = page.date.as_deref().and_then(meta::iso_date);
        }
        ex
    }
}

/// Random lines for the fast-path proptests of the text checks: up to
/// `max` tokens, each followed by one of `seps`.
#[cfg(test)]
pub(crate) fn token_lines(
    tokens: &'static [&'static str],
    seps: &'static [&'static str],
    max: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop::collection::vec(
        (prop::sample::select(tokens), prop::sample::select(seps)),
        0..max,
    )
    .prop_map(|parts| parts.into_iter().flat_map(|(t, sep)| [t, sep]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn page(kind: PageKind, body: &str) -> Page {
        Page {
            id: "p".into(),
            source: "p".into(),
            kind,
            body: body.into(),
            url: Some("https://x.vn/a".into()),
            title: None,
            date: Some("2021-03-05T10:00:00+07:00".into()),
            site: "x.vn".into(),
            encoding: "utf-8".into(),
        }
    }

    #[test]
    fn config_defaults_validate_and_errors_name_the_key() {
        assert!(BoilerplateConfig::default().validate().is_ok());
        let bad = BoilerplateConfig {
            template_max_page_share: 1.5,
            ..Default::default()
        };
        let err = bad.validate().unwrap_err();
        assert!(
            err.contains("template_max_page_share") && err.contains("1.5"),
            "{err}"
        );
        let bad = BoilerplateConfig {
            template_min_pages: 1,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().contains("template_min_pages"));
    }

    #[test]
    fn page_metadata_fills_gaps() {
        let ex = Boilerplate::default().extract(&page(PageKind::Text, ""));
        assert_eq!(ex.meta.url.as_deref(), Some("https://x.vn/a"));
        assert_eq!(ex.meta.date.as_deref(), Some("2021-03-05"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn never_panics(body in "(?s).{0,400}", tags in proptest::collection::vec("<(/?)(div|p|a|li|ul|br|script|h1|table|td|nav)( class=\"[a-z -]{0,12}\")?>", 0..40)) {
            let bp = Boilerplate::default();
            let html = format!("{}{}", tags.concat(), body);
            let _ = bp.extract(&page(PageKind::Html, &html));
            let _ = bp.extract(&page(PageKind::Text, &body));
            let _ = bp.extract(&page(PageKind::Text, &html));
        }

        #[test]
        fn extraction_is_deterministic(body in "(?s).{0,300}") {
            let bp = Boilerplate::default();
            let p = page(PageKind::Text, &body);
            prop_assert_eq!(bp.extract(&p), bp.extract(&p));
        }
    }

    proptest! {
        // Each case is one page parsed twice: cheap enough for many cases.
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The pre-parse pass changes nothing that is extracted, on tag soup
        /// made of what it has to get right: raw-text and RCDATA elements,
        /// comments with abrupt ends, script escapes, quoted attribute values
        /// holding markup, SVG/MathML, selects, JSON-LD, uppercase tags.
        #[test]
        fn prescan_keeps_the_extraction(parts in proptest::collection::vec(prop_oneof![
            4 => "<(/?)(div|p|a|li|br|script|style|h1|table|td|nav|textarea|title|noscript|xmp|iframe|svg|math|desc|mi|select|option|template|article|SCRIPT|Style|b)( class=\"[a-z <>!/-]{0,10}\"| title='[<>a-z/!-]{0,8}'| x=[a-z/]{0,3}| type=\"application/ld\\+json\"| style=\"display: none\"| hidden| data-x=\"[<>a-z]{0,5}\"){0,2}( ?/)?>",
            2 => "<!--|-->|--!>|<!-->|<!--->|<!\\[CDATA\\[|\\]\\]>|<!DOCTYPE html>|<\\?x>|</ |</script|</style|<script>|<!-- <script>",
            2 => "[a-zA-Zàếở .,:;'\"{}<>/!=-]{0,24}",
            3 => "[A-Z][a-z]{2,8}( [a-z]{2,8}){6,14}\\. ",
        ], 0..80)) {
            let html = parts.concat();
            let cfg = BoilerplateConfig::default();
            let with = html::extract(&html, &cfg);
            let without = html::extract_without_prescan(&html, &cfg);
            prop_assert_eq!(with, without, "page: {:?} stripped: {:?}", html, prescan::strip(&html));
        }

    }
}
