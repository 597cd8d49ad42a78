//! Ingest stage: find pages and decode them.
//!
//! Inputs are any mix of files and folders (walked recursively, in name
//! order so that runs are reproducible):
//! - `.html`, `.htm`, `.xhtml`, `.shtml`: HTML pages;
//! - `.txt`: text dumps of rendered pages;
//! - `.jsonl`, `.ndjson` (optionally `.gz`): one page per line, with `id`,
//!   `html` or `text`, and optional `url`, `title`, `date`;
//! - `-`: JSON Lines (gzipped or not) on standard input.
//!
//! A page's id is the record's `id` for JSON Lines, else its path relative to
//! the input folder it was found under, with `/` separators, so ids are stable
//! across runs and machines. A file that cannot be a page (unreadable, binary,
//! empty, a bad JSON line) becomes a [`Failure`] that the manifest lists with
//! its reason; it never stops the run. Only a missing input path is fatal.
//!
//! [`find`] walks the file system (cheap, sequential); [`read_batches`]
//! turns what it found into inputs, reading JSON Lines files (and gunzipping
//! them) a chunk at a time, so that the pipeline can load and extract the
//! records of one chunk while the next is being read; [`load`] reads and
//! decodes one input and is pure given the files, so the pipeline runs it in
//! parallel. [`discover`] is `find` and `read_batches` in one call.

pub mod decode;
mod fastjson;
pub mod jsonl;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Page, PageKind};

/// Fatal ingest errors: the run cannot start.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("input path '{}' does not exist (give a file or a folder of pages)", .0.display())]
    Missing(PathBuf),
    #[error("cannot read input path '{}': {source} (check its permissions)", .path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read input folder '{}': {source}", .path.display())]
    Walk {
        path: PathBuf,
        source: walkdir::Error,
    },
}

/// Why an input did not become a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailStatus {
    /// Nothing to read: an empty file or record.
    Empty,
    /// Unreadable, binary, or malformed.
    Error,
}

/// An input that did not become a page, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub id: String,
    pub source: String,
    pub status: FailStatus,
    pub reason: String,
}

/// A file skipped during discovery because it is not a page file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// One unit of work for [`load`].
#[derive(Debug, Clone)]
pub enum Input {
    /// An HTML page or a text dump.
    File {
        path: PathBuf,
        id: String,
        site: String,
        kind: Option<PageKind>,
    },
    /// One line of a JSON Lines file. The file's names and content are
    /// shared by its records, and the per-line names are made by [`load`],
    /// in parallel: discovery reads large files alone, so it only finds
    /// where the lines are.
    Record {
        file: std::sync::Arc<RecordFile>,
        line_no: usize,
        /// The line's bytes in `file.data`.
        span: std::ops::Range<usize>,
    },
    /// Something discovery already knows is not a page (an unreadable JSON Lines file).
    Failed(Failure),
}

/// The names of a JSON Lines file that its records' names are made from.
#[derive(Debug, Clone)]
pub struct RecordFile {
    /// The path as given (a record's source is `source:line`).
    pub source: String,
    /// The path relative to its input (a record's fallback id is
    /// `rel:line`, its fallback site `rel`).
    pub rel: String,
    /// The file's content (gunzipped), read once; records are spans of it.
    pub data: Vec<u8>,
}

/// What discovery found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// A place pages come from, in discovery order.
#[derive(Debug, Clone)]
pub enum Source {
    /// An input ready to load.
    Ready(Input),
    /// A JSON Lines file (gzipped when `gz`); [`read_batches`] reads its
    /// records. `rel` is its path relative to its input.
    Jsonl {
        path: PathBuf,
        rel: String,
        gz: bool,
    },
    /// JSON Lines on standard input (the input `-`), gzipped or not (told
    /// by its first bytes).
    Stdin,
}

/// What [`find`] found: the sources of pages, and the files skipped.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub sources: Vec<Source>,
    pub skipped: Vec<Skipped>,
}

impl Found {
    /// How many inputs the sources make, when that is known before reading
    /// them (no JSON Lines file among them).
    pub fn inputs_known(&self) -> Option<usize> {
        self.sources
            .iter()
            .all(|s| matches!(s, Source::Ready(_)))
            .then_some(self.sources.len())
    }
}

/// A loaded input: a page (with any warnings about it) or a failure.
#[derive(Debug, Clone)]
pub enum Loaded {
    Page(Page, Vec<String>),
    Failed(Failure),
}

enum FileType {
    Page(PageKind),
    Jsonl { gz: bool },
    Other,
}

fn file_type(path: &Path) -> FileType {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match (ext, gz) {
        ("jsonl" | "ndjson", gz) => FileType::Jsonl { gz },
        ("html" | "htm" | "xhtml" | "shtml", false) => FileType::Page(PageKind::Html),
        ("txt" | "text", false) => FileType::Page(PageKind::Text),
        _ => FileType::Other,
    }
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walk the inputs and read every JSON Lines file: [`find`], then
/// [`read_batches`] with whole files.
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, IngestError> {
    let found = find(paths)?;
    let mut inputs = Vec::new();
    read_batches(found.sources, usize::MAX, |batch| inputs.extend(batch));
    Ok(Discovery {
        inputs,
        skipped: found.skipped,
    })
}

/// The inputs the sources make, in order, handed to `emit` in batches: the
/// inputs ready to load as they come, and each JSON Lines file's records a
/// chunk of about `chunk` bytes of lines at a time (`usize::MAX`: the whole
/// file in one buffer), each chunk as soon as it is read.
pub fn read_batches(sources: Vec<Source>, chunk: usize, mut emit: impl FnMut(Vec<Input>)) {
    let mut ready = Vec::new();
    for s in sources {
        match s {
            Source::Ready(input) => ready.push(input),
            Source::Jsonl { path, rel, gz } => {
                if !ready.is_empty() {
                    emit(std::mem::take(&mut ready));
                }
                jsonl::read_records(&path, &rel, gz, chunk, &mut emit);
            }
            Source::Stdin => {
                if !ready.is_empty() {
                    emit(std::mem::take(&mut ready));
                }
                jsonl::read_stdin(chunk, &mut emit);
            }
        }
    }
    if !ready.is_empty() {
        emit(ready);
    }
}

/// Walk the inputs. Files named directly are taken whatever their extension
/// (sniffed as HTML or text); inside folders only page files are taken and
/// the rest are listed as skipped. JSON Lines files are not read yet.
pub fn find(paths: &[PathBuf]) -> Result<Found, IngestError> {
    let mut out = Found::default();
    let mut seen = std::collections::HashSet::new();
    for root in paths {
        if root.as_os_str() == "-" {
            if seen.insert(root.clone()) {
                out.sources.push(Source::Stdin);
            }
            continue;
        }
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => IngestError::Missing(root.clone()),
            _ => IngestError::Unreadable {
                path: root.clone(),
                source: e,
            },
        })?;
        if meta.is_file() {
            let parent = root.parent().unwrap_or(Path::new(""));
            let site = site_of_folder(parent);
            if seen.insert(fs::canonicalize(root).unwrap_or_else(|_| root.clone())) {
                add_file(&mut out, root, parent, site, true);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) if e.depth() == 0 => {
                    return Err(IngestError::Walk {
                        path: root.clone(),
                        source: e,
                    });
                }
                Err(e) => {
                    // An unreadable subfolder or broken link: report it, go on.
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    out.sources.push(Source::Ready(Input::Failed(Failure {
                        id: e
                            .path()
                            .and_then(|p| p.strip_prefix(root).ok())
                            .map(slash_path)
                            .unwrap_or_else(|| path.clone()),
                        source: path,
                        status: FailStatus::Error,
                        reason: format!("cannot read: {e}"),
                    })));
                    continue;
                }
            };
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path();
            if hidden {
                out.skipped.push(Skipped {
                    path: path.display().to_string(),
                    reason: "hidden file".into(),
                });
                continue;
            }
            let rel_dir = path
                .parent()
                .and_then(|p| p.strip_prefix(root).ok())
                .unwrap_or(Path::new(""));
            let site = if rel_dir.as_os_str().is_empty() {
                site_of_folder(root)
            } else {
                slash_path(rel_dir)
            };
            if seen.insert(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())) {
                add_file(&mut out, path, root, site, false);
            }
        }
    }
    Ok(out)
}

fn site_of_folder(folder: &Path) -> String {
    let name = fs::canonicalize(folder)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    if name.is_empty() {
        ".".into()
    } else {
        name
    }
}

fn add_file(out: &mut Found, path: &Path, root: &Path, site: String, named: bool) {
    let id = path
        .strip_prefix(root)
        .map(slash_path)
        .unwrap_or_else(|_| slash_path(path));
    match file_type(path) {
        FileType::Page(kind) => out.sources.push(Source::Ready(Input::File {
            path: path.to_path_buf(),
            id,
            site,
            kind: Some(kind),
        })),
        FileType::Jsonl { gz } => out.sources.push(Source::Jsonl {
            path: path.to_path_buf(),
            rel: id,
            gz,
        }),
        FileType::Other if named => out.sources.push(Source::Ready(Input::File {
            path: path.to_path_buf(),
            id,
            site,
            kind: None,
        })),
        FileType::Other => out.skipped.push(Skipped {
            path: path.display().to_string(),
            reason: "not a page file (.html, .htm, .txt, .jsonl, .jsonl.gz)".into(),
        }),
    }
}

/// Read and decode one input. Never panics, never fails the run.
pub fn load(input: &Input) -> Loaded {
    match input {
        Input::Failed(f) => Loaded::Failed(f.clone()),
        Input::Record {
            file,
            line_no,
            span,
        } => jsonl::load_line(&file.source, &file.rel, *line_no, &file.data[span.clone()]),
        Input::File {
            path,
            id,
            site,
            kind,
        } => load_file(path, id, site, *kind),
    }
}

fn load_file(path: &Path, id: &str, site: &str, kind: Option<PageKind>) -> Loaded {
    let source = path.display().to_string();
    let fail = |status, reason: String| {
        Loaded::Failed(Failure {
            id: id.into(),
            source: source.clone(),
            status,
            reason,
        })
    };
    let mut bytes = Vec::new();
    if let Err(e) = fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        return fail(FailStatus::Error, format!("cannot read file: {e}"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(FailStatus::Empty, "file is empty".into());
    }
    if decode::looks_binary(&bytes) {
        return fail(
            FailStatus::Error,
            "binary file (control bytes in its first 8 KiB), not a page".into(),
        );
    }
    let kind = kind.unwrap_or_else(|| sniff_kind(&bytes));
    let decoded = decode::decode(&bytes, kind == PageKind::Html);
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!(
            "bytes invalid in {} were replaced by U+FFFD",
            decoded.encoding
        ));
    }
    if decoded.text.trim().is_empty() {
        return fail(FailStatus::Empty, "file holds only whitespace".into());
    }
    Loaded::Page(
        Page {
            id: id.into(),
            source,
            kind,
            body: decoded.text,
            url: None,
            title: None,
            date: None,
            site: site.into(),
            encoding: decoded.encoding.into(),
        },
        warnings,
    )
}

/// HTML if the first non-blank bytes open a tag, else text.
pub fn sniff_kind(bytes: &[u8]) -> PageKind {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head: Vec<u8> = bytes[start..bytes.len().min(start + 256)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    if head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || head.starts_with(b"<?xml")
        || head.starts_with(b"<head")
        || head.starts_with(b"<body")
    {
        PageKind::Html
    } else {
        PageKind::Text
    }
}

/// The host of a URL, lowercased, without `www.` or a port: the site key.
pub fn host_of(url: &str) -> Option<String> {
    let rest = match url.split_once("://") {
        Some((_, r)) => r,
        None => url.strip_prefix("//")?,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.VOV.vn/a/b?x=1").as_deref(),
            Some("vov.vn")
        );
        assert_eq!(
            host_of("http://user@en.haidong.gov.vn:8080/x").as_deref(),
            Some("en.haidong.gov.vn")
        );
        assert_eq!(
            host_of("//cdn.example.com/x").as_deref(),
            Some("cdn.example.com")
        );
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn file_types() {
        assert!(matches!(
            file_type(Path::new("a/b.HTML")),
            FileType::Page(PageKind::Html)
        ));
        assert!(matches!(
            file_type(Path::new("b.txt")),
            FileType::Page(PageKind::Text)
        ));
        assert!(matches!(
            file_type(Path::new("b.jsonl.gz")),
            FileType::Jsonl { gz: true }
        ));
        assert!(matches!(file_type(Path::new("b.txt.gz")), FileType::Other));
        assert!(matches!(file_type(Path::new("b.png")), FileType::Other));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_kind(b"  <!DOCTYPE html><p>x"), PageKind::Html);
        assert_eq!(sniff_kind(b"Hello <b>world</b>"), PageKind::Text);
    }
}
