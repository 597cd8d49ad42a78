//! Output stage (placeholder).
