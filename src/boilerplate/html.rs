//! HTML main-content extraction (placeholder until implemented).
use super::BoilerplateConfig;
use crate::model::Extraction;

pub fn extract(body: &str, _cfg: &BoilerplateConfig) -> Extraction {
    let _ = body;
    Extraction::default()
}
