//! Text-dump line classification (placeholder until implemented).
use super::BoilerplateConfig;
use crate::model::Extraction;

pub fn extract(body: &str, _cfg: &BoilerplateConfig) -> Extraction {
    Extraction {
        paragraphs: body.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
        ..Default::default()
    }
}
