//! Reading an output folder back: what `scour report` rebuilds the HTML
//! report from and `scour explain` looks pages up in, without rerunning.
//!
//! `report.json`, `manifest.jsonl` and `documents.jsonl` are required (every
//! run writes them); `removed.jsonl` (off with `[output] removed = false`)
//! and `duplicates.jsonl` (absent in folders written before it existed) are
//! optional. Errors name the file, and the line for JSON Lines.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use thiserror::Error;

use super::{Report, RunOutput};

/// An output folder that cannot be read back.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("'{}' is not a folder", .0.display())]
    NotADir(PathBuf),
    #[error("'{}' is missing: is '{}' a scour output folder?", .path.display(), .dir.display())]
    Missing { path: PathBuf, dir: PathBuf },
    #[error("cannot read '{}': {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("'{}' line {line} is not a valid record: {message}", .path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("'{}' is not a valid report: {message}", .path.display())]
    BadReport { path: PathBuf, message: String },
}

/// Which optional files were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Found {
    pub removed: bool,
    pub duplicates: bool,
}

fn read(path: &Path, dir: &Path, required: bool) -> Result<Option<String>, ReadError> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| ReadError::BadReport {
                path: path.to_path_buf(),
                message: format!("not UTF-8 ({e})"),
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !required => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(ReadError::Missing {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        }),
        Err(source) => Err(ReadError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn jsonl<T: DeserializeOwned>(path: &Path, text: &str) -> Result<Vec<T>, ReadError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| ReadError::BadLine {
            path: path.to_path_buf(),
            line: n + 1,
            message: e.to_string(),
        })?);
    }
    Ok(out)
}

/// Only `report.json` of `dir`: what `scour report` summarizes.
pub fn read_report(dir: &Path) -> Result<Report, ReadError> {
    if !dir.is_dir() {
        return Err(ReadError::NotADir(dir.to_path_buf()));
    }
    let path = dir.join("report.json");
    let text = read(&path, dir, true)?.unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| ReadError::BadReport {
        path,
        message: e.to_string(),
    })
}

/// Everything a run wrote into `dir`, back in memory.
pub fn read_run(dir: &Path) -> Result<(RunOutput, Found), ReadError> {
    let report = read_report(dir)?;
    let file = |name: &str, required: bool| -> Result<(PathBuf, Option<String>), ReadError> {
        let path = dir.join(name);
        let text = read(&path, dir, required)?;
        Ok((path, text))
    };
    let (p, t) = file("manifest.jsonl", true)?;
    let manifest = jsonl(&p, &t.unwrap_or_default())?;
    let (p, t) = file("documents.jsonl", true)?;
    let documents = jsonl(&p, &t.unwrap_or_default())?;
    let (p, t) = file("removed.jsonl", false)?;
    let found_removed = t.is_some();
    let removed = jsonl(&p, &t.unwrap_or_default())?;
    let (p, t) = file("duplicates.jsonl", false)?;
    let found_dups = t.is_some();
    let duplicates = jsonl(&p, &t.unwrap_or_default())?;
    Ok((
        RunOutput {
            documents,
            manifest,
            removed,
            duplicates,
            report,
        },
        Found {
            removed: found_removed,
            duplicates: found_dups,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{write_run, WriteOptions};

    #[test]
    fn round_trip_and_named_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let run = RunOutput::default();
        write_run(
            &dir,
            &run,
            WriteOptions {
                docs: false,
                removed: true,
                html: false,
            },
        )
        .unwrap();
        let (back, found) = read_run(&dir).unwrap();
        assert_eq!(back.report, run.report);
        assert!(found.removed && found.duplicates);

        fs::write(dir.join("manifest.jsonl"), "{\"id\": 1}\n").unwrap();
        let err = read_run(&dir).unwrap_err().to_string();
        assert!(
            err.contains("manifest.jsonl") && err.contains("line 1"),
            "{err}"
        );
        fs::remove_file(dir.join("report.json")).unwrap();
        let err = read_run(&dir).unwrap_err().to_string();
        assert!(
            err.contains("report.json") && err.contains("missing"),
            "{err}"
        );
        let err = read_run(&dir.join("nope")).unwrap_err().to_string();
        assert!(err.contains("not a folder"), "{err}");
    }
}
