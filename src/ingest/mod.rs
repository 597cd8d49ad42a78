//! Ingest stage (placeholder).
