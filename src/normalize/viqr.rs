//! VIQR (RFC 1456): Vietnamese in ASCII, marks typed after the letter:
//! `^` circumflex, `(` breve, `+` horn, `'` `` ` `` `?` `~` `.` tones, `dd`
//! for đ. The same characters are ordinary English punctuation ("pizza?",
//! "I'd", "Yes."), so a document is decoded only when it is clearly VIQR:
//! - every word is converted on its own, and kept only if the result is a
//!   valid Vietnamese syllable (one tone per word; a mark that does not fit
//!   stays a literal character);
//! - the document needs a word with a mark English never puts after a vowel
//!   inside a word (`^ ( + ~` or a backquote, or an initial `dd`), and at
//!   least 80% of the words that look marked must convert to valid syllables.

use super::tone::is_syllable;

fn shape_for(base: char, m: char) -> Option<char> {
    Some(match (base, m) {
        ('a', '^') => '\u{0302}',
        ('e', '^') => '\u{0302}',
        ('o', '^') => '\u{0302}',
        ('a', '(') => '\u{0306}',
        ('o', '+') => '\u{031B}',
        ('u', '+') => '\u{031B}',
        _ => return None,
    })
}

fn tone_for(m: char) -> Option<char> {
    Some(match m {
        '\'' => '\u{0301}',
        '`' => '\u{0300}',
        '?' => '\u{0309}',
        '~' => '\u{0303}',
        '.' => '\u{0323}',
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Convert one whitespace-free token. Returns (converted, looked marked,
/// had a strong mark). The conversion is NFC.
fn convert_token(tok: &str) -> (String, bool, bool) {
    use unicode_normalization::UnicodeNormalization;
    let chars: Vec<char> = tok.chars().collect();
    let mut out = String::with_capacity(tok.len() + 4);
    let mut toned = false;
    let mut marked = false;
    let mut strong = false;
    let mut i = 0;
    let mut prev_vowel: Option<char> = None;
    let mut prev_shaped = false;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if (c == 'd' || c == 'D') && matches!(next, Some('d' | 'D')) && out.is_empty() {
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            marked = true;
            strong = true;
            i += 2;
            prev_vowel = None;
            continue;
        }
        if let Some(v) = prev_vowel {
            if !prev_shaped {
                if let Some(s) = shape_for(v.to_ascii_lowercase(), c) {
                    out.push(s);
                    marked = true;
                    strong = true;
                    prev_shaped = true;
                    i += 1;
                    continue;
                }
            }
            if !toned {
                if let Some(t) = tone_for(c) {
                    let internal = next.is_some_and(|n| n.is_ascii_alphabetic());
                    let typed = matches!(c, '`' | '~');
                    // A trailing ' ? . is punctuation unless the syllable
                    // already shows VIQR shape marks.
                    if internal || typed || prev_shaped {
                        out.push(t);
                        toned = true;
                        marked = true;
                        strong |= typed;
                        i += 1;
                        continue;
                    }
                }
            }
        }
        out.push(c);
        prev_vowel = is_vowel(c).then_some(c);
        prev_shaped = false;
        i += 1;
    }
    (out.nfc().collect(), marked, strong)
}

fn core(w: &str) -> &str {
    w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '"' | ')' | '(' | '[' | ']'))
}

fn convert_word(w: &str) -> Option<(String, bool)> {
    if w.contains("://") || w.contains('@') || w.contains('/') {
        return None;
    }
    let c = core(w);
    let (conv, marked, strong) = convert_token(c);
    if !marked {
        return None;
    }
    let letters = conv.trim_end_matches(['.', '?', '\'']);
    if !is_syllable(letters) {
        return None;
    }
    Some((w.replacen(c, &conv, 1), strong))
}

/// Whether a token looks VIQR-marked at all (a mark character after a vowel
/// or a `dd`), used as the denominator of the score.
fn looks_marked(w: &str) -> bool {
    let b = w.as_bytes();
    (b.len() > 2 && b[..2].eq_ignore_ascii_case(b"dd") && b[2].is_ascii_alphabetic())
        || b.windows(2).enumerate().any(|(i, p)| {
            is_vowel(p[0] as char)
                && (matches!(p[1], b'^' | b'(' | b'+' | b'`' | b'~')
                    || matches!(p[1], b'\'' | b'?' | b'.')
                        && b.get(i + 2).is_some_and(|n| n.is_ascii_alphabetic()))
        })
}

/// Whether the text has a place where a strong mark could be: a shape or
/// typed tone mark (`^ ( + ` ~`) after a vowel, or a `dd` that starts a
/// token. [`detect`] needs one, and this byte scan rules out most texts
/// (English prose has apostrophes and full stops after vowels, not these).
pub(crate) fn may_have_strong_mark(b: &[u8]) -> bool {
    let after_vowel = |i: usize| i > 0 && is_vowel(b[i - 1] as char);
    memchr::memchr3_iter(b'^', b'(', b'+', b).any(after_vowel)
        || memchr::memchr2_iter(b'`', b'~', b).any(after_vowel)
        || dd_finders().iter().any(|dd| {
            dd.find_iter(b)
                .any(|i| i == 0 || !b[i - 1].is_ascii_alphanumeric())
        })
}

/// Searchers for "dd" in each case, built once (a search set up at every
/// call cost more than the search on a short text).
fn dd_finders() -> &'static [memchr::memmem::Finder<'static>; 4] {
    use memchr::memmem::Finder;
    static DD: std::sync::OnceLock<[Finder<'static>; 4]> = std::sync::OnceLock::new();
    DD.get_or_init(|| ["dd", "dD", "Dd", "DD"].map(Finder::new))
}

/// Whether the whole text is clearly VIQR.
pub fn detect(text: &str) -> bool {
    if !text.is_ascii() || !may_have_strong_mark(text.as_bytes()) {
        return false;
    }
    let (mut candidates, mut valid, mut strong) = (0usize, 0usize, 0usize);
    for w in text.split_whitespace() {
        if !looks_marked(w) {
            continue;
        }
        candidates += 1;
        if let Some((_, s)) = convert_word(w) {
            valid += 1;
            strong += usize::from(s);
        }
    }
    strong >= 1
        && valid * 10 >= candidates * 8
        && super::legacy::syllable_share(&convert(text)) >= 0.7
}

/// Convert a text already detected as VIQR; words that do not convert to
/// valid syllables are kept verbatim.
pub fn convert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ws = rest.len() - rest.trim_start().len();
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let w = &rest[..end];
        match convert_word(w) {
            Some((c, _)) => out.push_str(&c),
            None => out.push_str(w),
        }
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`detect`] without the byte pre-check.
    fn detect_slow(text: &str) -> bool {
        let (mut candidates, mut valid, mut strong) = (0usize, 0usize, 0usize);
        for w in text.split_whitespace() {
            if looks_marked(w) {
                candidates += 1;
                if let Some((_, s)) = convert_word(w) {
                    valid += 1;
                    strong += usize::from(s);
                }
            }
        }
        text.is_ascii()
            && strong >= 1
            && valid * 10 >= candidates * 8
            && super::super::legacy::syllable_share(&convert(text)) >= 0.7
    }

    proptest::proptest! {
        #[test]
        fn the_pre_check_never_rules_out_viqr(s in "[adDnhtoue^(+`~'?. ,\"]{0,30}") {
            proptest::prop_assert_eq!(detect(&s), detect_slow(&s));
        }

        #[test]
        fn every_strong_mark_passes_the_pre_check(s in "[adDnhtoue^(+`~'?. ,\"]{0,30}") {
            let strong = s
                .split_whitespace()
                .any(|w| looks_marked(w) && convert_word(w).is_some_and(|(_, strong)| strong));
            proptest::prop_assert!(!strong || may_have_strong_mark(s.as_bytes()));
        }
    }

    #[test]
    fn viqr_documents() {
        for (t, want) in [
            ("Vie^.t Nam", "Việt Nam"),
            ("DDa`o ta.o", "Đào tạo"),
            ("Tu+o+ng lai", "Tương lai"),
            ("To^i ddi ho.c.", "Tôi đi học."),
        ] {
            assert!(detect(t), "{t}");
            assert_eq!(convert(t), want);
        }
    }

    #[test]
    fn english_is_not_viqr() {
        for t in [
            "Do you want pizza? Yes. I'd like it.",
            "I'm here at 5 o'clock; we're late.",
            "x = a^2 + b^2 in C++ (see arr[i+1])",
            "Visit https://example.com/a.b?c=d~e",
            "cafe' is not a word",
        ] {
            assert!(!detect(t), "{t}");
        }
    }
}
