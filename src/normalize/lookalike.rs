//! Look-alike characters that break matching and display:
//! - fullwidth Latin letters and digits (Ｈà) → ASCII;
//! - Cyrillic letters inside a word that also has Latin letters ("Nаm" with
//!   Cyrillic а) → the Latin letter they imitate; all-Cyrillic words stay;
//! - ð Ð Ɖ ɖ used for đ Đ: mapped in a word that then is a valid Vietnamese
//!   syllable ("ðại"), or, in a document detected as Vietnamese, in a word
//!   with no vowel (acronyms such as "ÐQP"). Icelandic or Faroese names
//!   ("Guðmundsson") are neither, and keep their eth.
//!
//! This runs before NFC: a Cyrillic о followed by combining circumflex and
//! grave only composes to ồ once the base is Latin.

use super::tone::is_syllable;

/// The Latin letter a Cyrillic letter imitates, if it is a common homoglyph.
fn cyrillic_to_latin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        _ => return None,
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

fn is_eth(c: char) -> bool {
    matches!(c, 'ð' | 'Ð' | 'Ɖ' | 'ɖ')
}

fn eth_to_d(c: char) -> char {
    match c {
        'ð' | 'ɖ' => 'đ',
        'Ð' | 'Ɖ' => 'Đ',
        _ => c,
    }
}

/// Fullwidth ASCII letters and digits to ASCII.
fn unwiden(c: char) -> char {
    match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Whether the text has anything this module may change.
pub(crate) fn suspect(text: &str) -> bool {
    // Every look-alike is non-ASCII.
    super::non_ascii_chars(text).any(|(_, c)| is_suspect_char(c))
}

/// A character this module may change.
pub(crate) fn is_suspect_char(c: char) -> bool {
    is_eth(c) || is_cyrillic(c) || matches!(c as u32, 0xFF10..=0xFF5A)
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// Map look-alikes; `vietnamese` says the document is Vietnamese.
pub fn fix(text: &str, vietnamese: bool) -> String {
    let is_word = |c: char| is_word_char(c) || matches!(c as u32, 0xFF10..=0xFF19);
    super::map_words(text, is_word, |word, out| {
        let mut w: String = word.chars().map(unwiden).collect();
        let latin = w
            .chars()
            .any(|c| c.is_ascii_alphabetic() || matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF));
        if latin && w.chars().any(is_cyrillic) {
            w = w
                .chars()
                .map(|c| cyrillic_to_latin(c).unwrap_or(c))
                .collect();
        }
        if w.chars().any(is_eth) {
            let mapped: String = w.chars().map(eth_to_d).collect();
            let no_vowel = !mapped
                .chars()
                .any(|c| "aeiouyAEIOUY".contains(c) || c as u32 >= 0xC0 && c != 'Đ' && c != 'đ');
            if is_syllable(&mapped) || (vietnamese && no_vowel) {
                w = mapped;
            }
        }
        out.push_str(&w);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes() {
        assert_eq!(fix("ðại học", false), "đại học");
        assert_eq!(fix("Ɖà Nẵng", false), "Đà Nẵng");
        assert_eq!(fix("Việt Nаm", false), "Việt Nam");
        assert_eq!(fix("Ｈà Ｎội", false), "Hà Nội");
        assert_eq!(fix("ÐQP", true), "ĐQP");
        assert_eq!(fix("ÐQP", false), "ÐQP");
        assert_eq!(fix("Guðmundsson", true), "Guðmundsson");
        assert_eq!(fix("Москва", true), "Москва");
    }
}
