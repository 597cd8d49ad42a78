//! Configuration (placeholder).
#[derive(Debug, Clone, Default)]
pub struct Config {}
