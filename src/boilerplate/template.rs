//! Site templates learned across the pages of one run (placeholder).
use super::BoilerplateConfig;
use crate::model::Extraction;

/// Lines learned to be template, per site.
#[derive(Debug, Clone, Default)]
pub struct SiteTemplates {}

impl SiteTemplates {
    /// Learn from every page's extraction, given with its site.
    pub fn learn<'a>(
        _pages: impl IntoIterator<Item = (&'a str, &'a Extraction)>,
        _cfg: &BoilerplateConfig,
    ) -> Self {
        Self {}
    }

    /// Remove the site's template lines from one page's extraction.
    pub fn apply(&self, _site: &str, ex: Extraction) -> Extraction {
        ex
    }
}
