//! Mojibake: UTF-8 bytes that were decoded as windows-1252, Latin-1 (C1
//! controls) or windows-1258, possibly twice.
//!
//! Every run of non-ASCII characters that single bytes can stand for is
//! turned back into those bytes; inside the run, each complete and strict
//! UTF-8 sequence whose character is plausible text (Latin, Vietnamese,
//! punctuation, CJK...) is decoded, everything else is kept as it was. So
//! "Viá»‡t" becomes "Việt" while "café" or "Ê–" stay: a lone Latin-1 letter
//! is never a complete UTF-8 sequence, and the few letter+symbol pairs that
//! are decode to characters outside the plausible ranges. Repair repeats (up
//! to three rounds) for double encoding.
//!
//! A no-break space lost after the "Ã" of "à" (C3 A0) cannot be told from
//! a real space in general; it is restored only in a text that had other
//! mojibake repaired, and only as "Ã" + space at the end of a word.

use super::legacy::any_byte;

/// Characters a repaired sequence may decode to.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0x00A0..=0x024F      // Latin-1 supplement, Latin Extended-A/B
        | 0x0300..=0x036F    // combining marks (windows-1258 style text)
        | 0x1E00..=0x1EFF    // Latin Extended Additional (Vietnamese)
        | 0x2000..=0x206F    // general punctuation
        | 0x20A0..=0x20BF    // currency
        | 0x2100..=0x214F    // letterlike (™, №)
        | 0x2190..=0x21FF    // arrows
        | 0x3000..=0x30FF    // CJK punctuation, kana
        | 0x4E00..=0x9FFF    // CJK ideographs
        | 0xAC00..=0xD7AF    // Hangul
        | 0xFEFF
        | 0x1F300..=0x1FAFF  // emoji
    )
}

/// Length of the strict UTF-8 sequence at the start of `b`, if any.
fn utf8_seq(b: &[u8]) -> Option<(char, usize)> {
    let n = match b.first()? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(b.get(..n)?).ok()?;
    let c = s.chars().next()?;
    Some((c, n))
}

/// One round of repair. Returns `None` when nothing changed.
fn repair_once(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut run_chars: Vec<char> = Vec::new();
    let mut run_bytes: Vec<u8> = Vec::new();
    let flush =
        |chars: &mut Vec<char>, bytes: &mut Vec<u8>, out: &mut String, changed: &mut bool| {
            let mut i = 0;
            while i < bytes.len() {
                if let Some((c, n)) = utf8_seq(&bytes[i..]) {
                    if plausible(c) {
                        out.push(c);
                        i += n;
                        *changed = true;
                        continue;
                    }
                }
                out.push(chars[i]);
                i += 1;
            }
            chars.clear();
            bytes.clear();
        };
    for c in text.chars() {
        match (!c.is_ascii()).then(|| any_byte(c)).flatten() {
            Some(b) => {
                run_chars.push(c);
                run_bytes.push(b);
            }
            None => {
                flush(&mut run_chars, &mut run_bytes, &mut out, &mut changed);
                out.push(c);
            }
        }
    }
    flush(&mut run_chars, &mut run_bytes, &mut out, &mut changed);
    changed.then_some(out)
}

/// Whether `text` may hold mojibake at all: a character that stands for a
/// UTF-8 lead byte followed by one that stands for a continuation byte.
pub(crate) fn suspect(text: &str) -> bool {
    let mut prev_lead = false;
    let mut prev_end = usize::MAX;
    // ASCII characters are skipped; one between two others resets the lead.
    for (i, c) in super::non_ascii_chars(text) {
        if i != prev_end {
            prev_lead = false;
        }
        prev_end = i + c.len_utf8();
        let b = any_byte(c);
        if prev_lead && b.is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            return true;
        }
        prev_lead = b.is_some_and(|b| (0xC2..=0xF4).contains(&b));
    }
    false
}

/// The first [`suspect`], over every character: the reference the scan
/// that skips ASCII runs is tested against.
#[cfg(test)]
pub(crate) fn suspect_reference(text: &str) -> bool {
    let mut prev_lead = false;
    for c in text.chars() {
        if c.is_ascii() {
            prev_lead = false;
            continue;
        }
        let b = any_byte(c);
        if prev_lead && b.is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            return true;
        }
        prev_lead = b.is_some_and(|b| (0xC2..=0xF4).contains(&b));
    }
    false
}

/// Repair mojibake; `None` when the text has none.
pub fn repair(text: &str) -> Option<String> {
    if !suspect(text) {
        return None;
    }
    let mut cur = repair_once(text)?;
    for _ in 0..2 {
        match repair_once(&cur) {
            Some(next) => cur = next,
            None => break,
        }
    }
    Some(restore_lost_nbsp(&cur))
}

/// "HÃ  Nội": the NBSP of à (C3 A0) became a plain space. Restore "Ã" or
/// windows-1258 "Ă" followed by a space, after a letter, as "à".
fn restore_lost_nbsp(text: &str) -> String {
    if !text.contains("Ã ") && !text.contains("Ă ") {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == 'Ã' || c == 'Ă')
            && chars.get(i + 1) == Some(&' ')
            && i > 0
            && chars[i - 1].is_alphabetic()
        {
            out.push('à');
            // "HÃ  Nội": of two spaces, one was the NBSP; of one (collapsed
            // later), the separator is kept.
            i += if chars.get(i + 2) == Some(&' ') { 2 } else { 1 };
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_double_and_cp1258() {
        assert_eq!(repair("Viá»‡t Nam").as_deref(), Some("Việt Nam"));
        assert_eq!(
            repair("Ä\u{0090}Ã\u{00A0} Náºµng").as_deref(),
            Some("Đà Nẵng")
        );
        assert_eq!(repair("ViÃ¡Â»â€¡t Nam").as_deref(), Some("Việt Nam"));
        assert_eq!(repair("HĂ\u{00A0} Ná»™i").as_deref(), Some("Hà Nội"));
        assert_eq!(
            repair("Việt Nam và Viá»‡t Nam").as_deref(),
            Some("Việt Nam và Việt Nam")
        );
    }

    #[test]
    fn lost_nbsp() {
        assert_eq!(repair("HÃ  Ná»™i").as_deref(), Some("Hà Nội"));
    }

    #[test]
    fn clean_text_untouched() {
        for t in [
            "café crème à Montréal",
            "Hà Nội, “Việt Nam”",
            "SÃO PAULO",
            "Ông nói: “Tôi đồng ý”.",
            "Đ” ê–",
        ] {
            assert_eq!(repair(t), None, "{t}");
        }
    }
}
