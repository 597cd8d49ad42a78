//! Types shared by the stages: a page as ingested, what boilerplate removal
//! makes of it, and a cleaned document ready for fingerprinting and clustering.
//!
//! They live apart from the stages so that every stage depends on this module
//! and never on another stage's internals.

use serde::{Deserialize, Serialize};

/// How a page's body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An HTML document.
    Html,
    /// A text dump of a rendered page (what a browser's "copy all" gives).
    Text,
}

/// One scraped page after ingest: decoded to UTF-8, not yet cleaned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Stable id: the record's `id` for JSON Lines, else the path relative to
    /// the input folder it was found under (always with `/` separators).
    pub id: String,
    /// Where it was read from, for people: a path, or `path:line` for JSON Lines.
    pub source: String,
    pub kind: PageKind,
    /// The decoded page (HTML source or text dump).
    pub body: String,
    /// Metadata given with the page (JSON Lines fields); extraction may add more.
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    /// The group whose pages share one template: the URL's host when known,
    /// else the folder the file was found in.
    pub site: String,
    /// The encoding the bytes were decoded from (`utf-8`, `windows-1252`, ...).
    pub encoding: String,
}

/// Metadata found in a page by the boilerplate stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    /// Publication date as ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`).
    pub url: Option<String>,
    pub author: Option<String>,
    pub site_name: Option<String>,
}

/// A block or line the boilerplate stage removed, and the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    pub rule: String,
}

/// What the boilerplate stage keeps of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// Main-content paragraphs in document order (headings, paragraphs, list
    /// items, quotes, table rows), each one line of text.
    pub paragraphs: Vec<String>,
    /// What was removed, in document order, with the rule for each.
    pub removed: Vec<Removed>,
    pub meta: Meta,
    /// The site-template key of each paragraph, where the extractor had the
    /// lines' folds anyway (text dumps), so that the site-template step
    /// does not fold every paragraph again. Keys rather than the folds
    /// themselves: a run holds every page's extraction until the templates
    /// are learnt, and a second copy of the text would be a third of its
    /// memory. Empty when not known, and only used while it has one entry
    /// per paragraph. Not part of any output.
    #[serde(skip)]
    pub paragraph_keys: Vec<Option<(u64, bool)>>,
    /// The site-template key of each entry of `removed`, where the
    /// extractor had the lines' folds anyway (text dumps), so that the
    /// site-template step does not fold every removed line again. Empty
    /// when not known, and only used while it has one entry per removed
    /// line. Not part of any output.
    #[serde(skip)]
    pub removed_keys: Vec<Option<(u64, bool)>>,
}

/// A cleaned, normalized page: the unit that fingerprinting and clustering see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub id: String,
    pub source: String,
    pub site: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Publication date, ISO `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    pub author: Option<String>,
    /// The normalized text: its paragraphs, each one line, separated by one
    /// blank line (`"\n\n"`). One string rather than a list of paragraphs:
    /// the output record takes it as it is, the fingerprint reads it
    /// without a join, and a million documents hold one allocation each.
    pub text: String,
}

impl Doc {
    /// A document from plain text, one paragraph per non-empty line, with
    /// no metadata: for harnesses and tests that start from text, not pages.
    pub fn from_text(id: &str, text: &str) -> Self {
        Doc {
            id: id.to_string(),
            source: id.to_string(),
            site: String::new(),
            title: None,
            url: None,
            date: None,
            author: None,
            text: join_paragraphs(text.split('\n').map(str::trim)),
        }
    }

    /// The paragraphs of the text, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.split("\n\n").filter(|p| !p.is_empty())
    }

    /// Whether the document has no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Characters of the paragraphs (the blank lines between them not
    /// counted), the measure of how complete a copy is.
    pub fn text_chars(&self) -> usize {
        // Paragraphs hold no line breaks: the characters that are no line
        // break are theirs. The standard count is vectorized; the breaks
        // are few (two per paragraph) and found by a byte search.
        self.text.chars().count() - memchr::memchr_iter(b'\n', self.text.as_bytes()).count()
    }
}

/// The non-empty `lines` as a document text: one paragraph per line,
/// separated by blank lines (see [`Doc::text`]).
pub fn join_paragraphs<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    push_paragraphs(String::new(), lines)
}

/// [`join_paragraphs`] appended to `text` (empty, with room reserved by a
/// caller that knows the size).
pub(crate) fn push_paragraphs<'a>(
    mut text: String,
    lines: impl IntoIterator<Item = &'a str>,
) -> String {
    for line in lines.into_iter().filter(|l| !l.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(line);
    }
    text
}
