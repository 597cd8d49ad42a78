//! The pipeline (placeholder).
