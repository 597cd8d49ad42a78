//! Normalize stage: one canonical Unicode form for every text scour writes.
//!
//! Steps, in this order, and why:
//! 1. zero-width characters, BOMs and soft hyphens out: they are invisible,
//!    break word matching, and would survive NFC;
//! 2. no-break and other odd spaces (U+00A0, U+2000–U+200A, U+202F, U+205F,
//!    U+3000, tabs) to plain spaces, so step 3 can collapse them;
//! 3. whitespace collapsed within lines and trimmed; paragraphs are kept,
//!    runs of blank lines become one blank line;
//! 4. NFC last, since the earlier steps never create combining sequences but
//!    decomposed (NFD) input must come out composed.
//!
//! A fast path returns the input unchanged (borrowed) when it is already
//! clean, which is the common case for well-formed pages.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Settings of the normalize stage (`[normalize]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Compose to NFC.
    pub nfc: bool,
    /// Remove zero-width characters, BOMs and soft hyphens.
    pub strip_invisible: bool,
    /// Turn no-break and other odd spaces into plain spaces.
    pub unify_spaces: bool,
    /// Collapse runs of spaces within a line and trim lines.
    pub collapse_whitespace: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        Self {
            nfc: true,
            strip_invisible: true,
            unify_spaces: true,
            collapse_whitespace: true,
        }
    }
}

impl NormalizeConfig {
    pub fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

/// One small trait per stage: text in, normalized text out. Pure.
pub trait Normalize: Send + Sync {
    fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str>;
}

/// The default normalizer.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    cfg: NormalizeConfig,
}

/// Invisible characters dropped by step 1.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' // zero width space
            | '\u{200C}' // zero width non-joiner
            | '\u{200D}' // zero width joiner
            | '\u{2060}' // word joiner
            | '\u{FEFF}' // BOM / zero width no-break space
            | '\u{00AD}' // soft hyphen
            | '\u{180E}' // mongolian vowel separator
    )
}

/// Spaces that become a plain space in step 2 (line breaks excluded).
pub fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{000B}' | '\u{000C}' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

impl Normalizer {
    pub fn new(cfg: &NormalizeConfig) -> Self {
        Self { cfg: cfg.clone() }
    }

    /// True when no step would change `text`: the fast path for clean input.
    fn is_clean(&self, text: &str) -> bool {
        if text.contains('\r') {
            return false;
        }
        if self.cfg.strip_invisible && text.chars().any(is_invisible) {
            return false;
        }
        if self.cfg.unify_spaces && text.chars().any(is_odd_space) {
            return false;
        }
        if self.cfg.collapse_whitespace
            && (text.starts_with([' ', '\n'])
                || text.ends_with([' ', '\n'])
                || text.contains("  ")
                || text.contains(" \n")
                || text.contains("\n ")
                || text.contains("\n\n\n"))
        {
            return false;
        }
        !(self.cfg.nfc && is_nfc_quick(text.chars()) != IsNormalized::Yes)
    }

    fn rewrite(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut s: String = text
            .chars()
            .filter(|&c| !(self.cfg.strip_invisible && is_invisible(c)))
            .map(|c| {
                if self.cfg.unify_spaces && is_odd_space(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        if self.cfg.collapse_whitespace {
            let mut out = String::with_capacity(s.len());
            let mut blank_run = 0usize;
            for line in s.split('\n') {
                let collapsed = line
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                if collapsed.is_empty() {
                    blank_run += 1;
                    continue;
                }
                if !out.is_empty() {
                    out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
                }
                blank_run = 0;
                out.push_str(&collapsed);
            }
            s = out;
        }
        if self.cfg.nfc {
            s = s.nfc().collect();
        }
        s
    }
}

impl Normalize for Normalizer {
    fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_clean(text) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(self.rewrite(text))
        }
    }
}

/// Case-folded matching form of a text: normalized and lowercased. Used by
/// fingerprints and clustering, never for the canonical text.
pub fn fold(text: &str) -> String {
    Normalizer::default().normalize(text).to_lowercase()
}

/// The matching key of a text: marks dropped (NFD), `đ`/`Đ` → `d`,
/// lowercase, invisibles removed, any whitespace (NBSP included) collapsed
/// to one space and trimmed. "Phạm Minh Chính", "PHẠM MINH CHÍNH" and
/// "Pham Minh Chinh" share one key, and so do NFD text and old/new tone
/// placement. Boilerplate rules and entity matching compare on it; the
/// canonical text never uses it.
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        Normalizer::default().normalize(s).into_owned()
    }

    #[test]
    fn composes_nfd() {
        let nfd = "Vie\u{0302}\u{0323}t Nam";
        assert_eq!(n(nfd), "Việt Nam");
    }

    #[test]
    fn spaces_and_invisibles() {
        assert_eq!(n("a\u{00A0}\u{00A0}b\u{200B}c  d\t e"), "a bc d e");
        assert_eq!(n("ng\u{00AD}ười"), "người");
        assert_eq!(n("\u{FEFF}Xin chào"), "Xin chào");
    }

    #[test]
    fn keeps_paragraphs_collapses_blank_runs() {
        assert_eq!(n("  one  \n\n\n\n two\nthree \r\n"), "one\n\ntwo\nthree");
        assert_eq!(n(" \u{00A0} \n para"), "para");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let s = "Hội nghị tổng kết.\n\nĐoạn hai.";
        assert!(matches!(
            Normalizer::default().normalize(s),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn switches_off() {
        let cfg = NormalizeConfig {
            nfc: false,
            ..Default::default()
        };
        let nfd = "e\u{0301}";
        assert_eq!(Normalizer::new(&cfg).normalize(nfd), nfd);
    }

    #[test]
    fn match_key_drops_marks_case_and_spacing() {
        let k = match_key("Phạm\u{00A0} Minh  Chính");
        assert_eq!(k, "pham minh chinh");
        assert_eq!(match_key("PHẠM MINH CHÍNH"), k);
        assert_eq!(match_key("Pha\u{0323}m Minh Chi\u{0301}nh"), k);
        assert_eq!(match_key("Đà Nẵng\u{200B}"), "da nang");
    }

    #[test]
    fn fold_lowercases() {
        assert_eq!(fold("PHẠM  Minh"), "phạm minh");
    }
}
