//! Boilerplate stage: keep a page's main text, drop its chrome.
//!
//! Two per-page extractors share one interface ([`Extractor`]):
//! - [`html`]: parses with `scraper`, drops non-content elements and
//!   link-dense blocks, and keeps the main text as paragraphs;
//! - [`text`]: classifies the lines of a text dump of a rendered page
//!   (menus, counters, "related"/"latest" lists, share and comment widgets).
//!
//! A third step, [`template`], works across the pages of one site: lines that
//! repeat on many pages of a site are its template, even when they read like
//! prose. It is a map-then-merge step (count block hashes per site, then
//! remove), so its result does not depend on page order or thread count.
//!
//! Every removal carries the rule that made it, for the reports.

pub mod html;
pub mod meta;
pub mod signals;
pub mod template;
pub mod text;

use serde::{Deserialize, Serialize};

use crate::model::{Extraction, Page, PageKind};

pub use template::SiteTemplates;

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
    /// A page whose kept text is shorter than this (in characters) has no
    /// article (404, listing and search pages): nothing is kept.
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
        match page.kind {
            PageKind::Html => html::extract(&page.body, &self.cfg),
            PageKind::Text => text::extract(&page.body, &self.cfg),
        }
    }
}
