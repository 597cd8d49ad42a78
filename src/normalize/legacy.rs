//! Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI-Windows, VISCII,
//! VPS and windows-1258, both as raw bytes and as text that a scraper
//! decoded as windows-1252 / Latin-1 (every character maps back to one byte).
//!
//! The tables are written from the published charts: VISCII from RFC 1456;
//! TCVN3 from TCVN 5712:1993 (the "VN3" font layout, where capitals with a
//! tone share the lowercase code and the font carries the case); VNI from the
//! VNI-Windows font chart (base letter + one diacritic byte); VPS from the VPS
//! chart (only the codes that do not collide with C0 controls). Unit tests
//! check known points of each chart.
//!
//! Detection is per document and conservative: each candidate decoding is
//! scored by how many words that contain a non-ASCII character become valid
//! Vietnamese syllables, against how many were valid before. A candidate
//! must win clearly (see [`detect`]); English, French or German text never
//! does, because its words do not parse as Vietnamese syllables either way.

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

use super::tone::is_syllable;

/// A legacy encoding this module can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
    Viscii,
    Vps,
    Cp1258,
}

impl Legacy {
    pub const ALL: [Legacy; 5] = [
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viscii,
        Legacy::Vps,
        Legacy::Cp1258,
    ];

    /// The name recorded in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "x-viet-tcvn3",
            Legacy::Vni => "x-viet-vni",
            Legacy::Viscii => "viscii",
            Legacy::Vps => "x-viet-vps",
            Legacy::Cp1258 => "windows-1258",
        }
    }
}

/// TCVN3 (ABC): bytes above 0x7F. Capitals with a tone have no code of
/// their own (the uppercase font draws the lowercase code as a capital).
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// VISCII (RFC 1456): the six capitals placed on C0 controls, then 0x80–0xFF.
const VISCII: &[(u8, char)] = &[
    (0x02, 'Ẳ'),
    (0x05, 'Ẵ'),
    (0x06, 'Ẫ'),
    (0x14, 'Ỷ'),
    (0x19, 'Ỹ'),
    (0x1E, 'Ỵ'),
    (0x80, 'Ạ'),
    (0x81, 'Ắ'),
    (0x82, 'Ằ'),
    (0x83, 'Ặ'),
    (0x84, 'Ấ'),
    (0x85, 'Ầ'),
    (0x86, 'Ẩ'),
    (0x87, 'Ậ'),
    (0x88, 'Ẽ'),
    (0x89, 'Ẹ'),
    (0x8A, 'Ế'),
    (0x8B, 'Ề'),
    (0x8C, 'Ể'),
    (0x8D, 'Ễ'),
    (0x8E, 'Ệ'),
    (0x8F, 'Ố'),
    (0x90, 'Ồ'),
    (0x91, 'Ổ'),
    (0x92, 'Ỗ'),
    (0x93, 'Ộ'),
    (0x94, 'Ợ'),
    (0x95, 'Ớ'),
    (0x96, 'Ờ'),
    (0x97, 'Ở'),
    (0x98, 'Ị'),
    (0x99, 'Ỏ'),
    (0x9A, 'Ọ'),
    (0x9B, 'Ỉ'),
    (0x9C, 'Ủ'),
    (0x9D, 'Ũ'),
    (0x9E, 'Ụ'),
    (0x9F, 'Ỳ'),
    (0xA0, 'Õ'),
    (0xA1, 'ắ'),
    (0xA2, 'ằ'),
    (0xA3, 'ặ'),
    (0xA4, 'ấ'),
    (0xA5, 'ầ'),
    (0xA6, 'ẩ'),
    (0xA7, 'ậ'),
    (0xA8, 'ẽ'),
    (0xA9, 'ẹ'),
    (0xAA, 'ế'),
    (0xAB, 'ề'),
    (0xAC, 'ể'),
    (0xAD, 'ễ'),
    (0xAE, 'ệ'),
    (0xAF, 'ố'),
    (0xB0, 'ồ'),
    (0xB1, 'ổ'),
    (0xB2, 'ỗ'),
    (0xB3, 'Ỡ'),
    (0xB4, 'Ơ'),
    (0xB5, 'ộ'),
    (0xB6, 'ờ'),
    (0xB7, 'ở'),
    (0xB8, 'ị'),
    (0xB9, 'Ự'),
    (0xBA, 'Ứ'),
    (0xBB, 'Ừ'),
    (0xBC, 'Ử'),
    (0xBD, 'ơ'),
    (0xBE, 'ớ'),
    (0xBF, 'Ư'),
    (0xC0, 'À'),
    (0xC1, 'Á'),
    (0xC2, 'Â'),
    (0xC3, 'Ã'),
    (0xC4, 'Ả'),
    (0xC5, 'Ă'),
    (0xC6, 'ẳ'),
    (0xC7, 'ẵ'),
    (0xC8, 'È'),
    (0xC9, 'É'),
    (0xCA, 'Ê'),
    (0xCB, 'Ẻ'),
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xCE, 'Ĩ'),
    (0xCF, 'ỳ'),
    (0xD0, 'Đ'),
    (0xD1, 'ứ'),
    (0xD2, 'Ò'),
    (0xD3, 'Ó'),
    (0xD4, 'Ô'),
    (0xD5, 'ạ'),
    (0xD6, 'ỷ'),
    (0xD7, 'ừ'),
    (0xD8, 'ử'),
    (0xD9, 'Ù'),
    (0xDA, 'Ú'),
    (0xDB, 'ỹ'),
    (0xDC, 'ỵ'),
    (0xDD, 'Ý'),
    (0xDE, 'ỡ'),
    (0xDF, 'ư'),
    (0xE0, 'à'),
    (0xE1, 'á'),
    (0xE2, 'â'),
    (0xE3, 'ã'),
    (0xE4, 'ả'),
    (0xE5, 'ă'),
    (0xE6, 'ữ'),
    (0xE7, 'ẫ'),
    (0xE8, 'è'),
    (0xE9, 'é'),
    (0xEA, 'ê'),
    (0xEB, 'ẻ'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xEE, 'ĩ'),
    (0xEF, 'ỉ'),
    (0xF0, 'đ'),
    (0xF1, 'ự'),
    (0xF2, 'ò'),
    (0xF3, 'ó'),
    (0xF4, 'ô'),
    (0xF5, 'õ'),
    (0xF6, 'ỏ'),
    (0xF7, 'ọ'),
    (0xF8, 'ụ'),
    (0xF9, 'ù'),
    (0xFA, 'ú'),
    (0xFB, 'ũ'),
    (0xFC, 'ủ'),
    (0xFD, 'ý'),
    (0xFE, 'ợ'),
    (0xFF, 'Ữ'),
];

/// VPS: 0x80–0xFF. Codes the chart shares between a capital and its
/// lowercase letter decode to the lowercase letter.
const VPS: &[(u8, char)] = &[
    (0x80, 'À'),
    (0x81, 'Ả'),
    (0x82, 'Ã'),
    (0x83, 'Ấ'),
    (0x84, 'Ầ'),
    (0x85, 'Ẩ'),
    (0x86, 'ọ'),
    (0x87, 'ỗ'),
    (0x88, 'Ă'),
    (0x89, 'ế'),
    (0x8A, 'ề'),
    (0x8B, 'ể'),
    (0x8C, 'ệ'),
    (0x8D, 'Ắ'),
    (0x8E, 'Ằ'),
    (0x8F, 'Ẳ'),
    (0x90, 'Ế'),
    (0x93, 'Ề'),
    (0x94, 'Ể'),
    (0x95, 'Ễ'),
    (0x96, 'Ố'),
    (0x97, 'Ồ'),
    (0x98, 'Ổ'),
    (0x99, 'Ỗ'),
    (0x9A, 'ý'),
    (0x9B, 'ỷ'),
    (0x9C, 'ỵ'),
    (0x9D, 'Ớ'),
    (0x9E, 'Ờ'),
    (0x9F, 'Ở'),
    (0xA1, 'ắ'),
    (0xA2, 'ằ'),
    (0xA3, 'ẳ'),
    (0xA4, 'ẵ'),
    (0xA5, 'ặ'),
    (0xA6, 'Ỡ'),
    (0xA7, 'ớ'),
    (0xA8, 'Ù'),
    (0xA9, 'ờ'),
    (0xAA, 'ở'),
    (0xAB, 'ỡ'),
    (0xAC, 'Ũ'),
    (0xAD, 'Ứ'),
    (0xAE, 'ợ'),
    (0xAF, 'Ừ'),
    (0xB0, 'ổ'),
    (0xB1, 'Ử'),
    (0xB2, 'Ỳ'),
    (0xB3, 'Ỹ'),
    (0xB4, 'Í'),
    (0xB5, 'Ì'),
    (0xB6, 'ộ'),
    (0xB7, 'Ỉ'),
    (0xB8, 'Ĩ'),
    (0xB9, 'Ó'),
    (0xBA, 'ử'),
    (0xBB, 'ữ'),
    (0xBC, 'Ò'),
    (0xBD, 'Ỏ'),
    (0xBE, 'Õ'),
    (0xBF, 'ự'),
    (0xC0, 'ầ'),
    (0xC1, 'Á'),
    (0xC2, 'Â'),
    (0xC3, 'ấ'),
    (0xC4, 'ẩ'),
    (0xC5, 'ẫ'),
    (0xC6, 'ậ'),
    (0xC7, 'đ'),
    (0xC8, 'ẻ'),
    (0xC9, 'É'),
    (0xCA, 'Ê'),
    (0xCB, 'ẹ'),
    (0xCC, 'ỉ'),
    (0xCD, 'ễ'),
    (0xCE, 'ị'),
    (0xCF, 'ỹ'),
    (0xD0, 'Ư'),
    (0xD1, 'Ủ'),
    (0xD2, 'ồ'),
    (0xD3, 'ố'),
    (0xD4, 'Ô'),
    (0xD5, 'ỏ'),
    (0xD6, 'ơ'),
    (0xD7, 'È'),
    (0xD8, 'ừ'),
    (0xD9, 'ứ'),
    (0xDA, 'Ú'),
    (0xDB, 'ũ'),
    (0xDC, 'ư'),
    (0xDD, 'Ý'),
    (0xDE, 'Ẻ'),
    (0xE0, 'à'),
    (0xE1, 'á'),
    (0xE2, 'â'),
    (0xE3, 'ã'),
    (0xE4, 'ả'),
    (0xE5, 'ạ'),
    (0xE6, 'ă'),
    (0xE8, 'è'),
    (0xE9, 'é'),
    (0xEA, 'ê'),
    (0xEB, 'ẽ'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xEF, 'ĩ'),
    (0xF0, 'Ẵ'),
    (0xF1, 'Đ'),
    (0xF2, 'ò'),
    (0xF3, 'ó'),
    (0xF4, 'ô'),
    (0xF5, 'õ'),
    (0xF7, 'Ơ'),
    (0xF8, 'ụ'),
    (0xF9, 'ù'),
    (0xFA, 'ú'),
    (0xFB, 'ủ'),
    (0xFD, 'Ỷ'),
    (0xFE, 'Ẽ'),
    (0xFF, 'ỳ'),
];

fn single_byte_table(t: &[(u8, char)]) -> [Option<char>; 256] {
    let mut a = [None; 256];
    for &(b, c) in t {
        a[b as usize] = Some(c);
    }
    a
}

fn tables() -> &'static [[Option<char>; 256]; 3] {
    static T: OnceLock<[[Option<char>; 256]; 3]> = OnceLock::new();
    T.get_or_init(|| {
        [
            single_byte_table(TCVN3),
            single_byte_table(VISCII),
            single_byte_table(VPS),
        ]
    })
}

/// VNI: the diacritic byte that follows a base vowel, as combining marks.
/// Capital forms (after a capital base) and lowercase forms differ by case
/// in the Latin-1 glyph, e.g. 0xD9/0xF9 = acute.
fn vni_marks(b: u8) -> Option<&'static str> {
    Some(match b | 0x20 {
        0xF8 => "\u{0300}",         // ø grave
        0xF9 => "\u{0301}",         // ù acute
        0xFB => "\u{0309}",         // û hook
        0xF5 => "\u{0303}",         // õ tilde
        0xEF => "\u{0323}",         // ï dot below
        0xE2 => "\u{0302}",         // â circumflex
        0xEA => "\u{0306}",         // ê breve
        0xE1 => "\u{0302}\u{0301}", // á circumflex + acute
        0xE0 => "\u{0302}\u{0300}", // à circumflex + grave
        0xE5 => "\u{0302}\u{0309}", // å circumflex + hook
        0xE3 => "\u{0302}\u{0303}", // ã circumflex + tilde
        0xE4 => "\u{0302}\u{0323}", // ä circumflex + dot
        0xE9 => "\u{0306}\u{0301}", // é breve + acute
        0xE8 => "\u{0306}\u{0300}", // è breve + grave
        0xFA => "\u{0306}\u{0309}", // ú breve + hook
        0xFC => "\u{0306}\u{0303}", // ü breve + tilde
        0xEB => "\u{0306}\u{0323}", // ë breve + dot
        _ => return None,
    })
}

/// VNI bytes that are letters on their own.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
        0xD1 => 'Đ',
        0xF1 => 'đ',
        0xD4 => 'Ơ',
        0xF4 => 'ơ',
        0xD6 => 'Ư',
        0xF6 => 'ư',
        0xD3 => 'Ĩ',
        0xF3 => 'ĩ',
        0xD2 => 'Ị',
        0xF2 => 'ị',
        0xC6 => 'Ỉ',
        0xE6 => 'ỉ',
        0xCE => 'Ỵ',
        0xEE => 'ỵ',
        0xCC => 'Ì',
        0xEC => 'ì',
        0xCD => 'Í',
        0xED => 'í',
        _ => return None,
    })
}

fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut prev_base: Option<char> = None;
    for &b in bytes {
        if b < 0x80 {
            out.push(b as char);
            prev_base = Some(b as char).filter(|c| c.is_ascii_alphabetic());
            continue;
        }
        if let (Some(base), Some(m)) = (prev_base, vni_marks(b)) {
            let lower = base.to_ascii_lowercase();
            let fits = matches!(lower, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ơ' | 'ư')
                && (m.starts_with('\u{0302}') && matches!(lower, 'a' | 'e' | 'o')
                    || m.starts_with('\u{0306}') && lower == 'a'
                    || !m.starts_with(['\u{0302}', '\u{0306}']));
            if fits {
                out.push_str(m);
                prev_base = None;
                continue;
            }
        }
        if let Some(c) = vni_letter(b) {
            out.push(c);
            prev_base =
                matches!(c, 'Ơ' | 'ơ' | 'Ư' | 'ư').then(|| c.to_lowercase().next().unwrap_or(c));
            continue;
        }
        out.push(latin1(b));
        prev_base = None;
    }
    out.nfc().collect()
}

fn latin1(b: u8) -> char {
    char::from(b)
}

/// Decode bytes in a legacy encoding; the result is NFC.
pub fn decode_bytes(bytes: &[u8], enc: Legacy) -> String {
    match enc {
        Legacy::Vni => decode_vni(bytes),
        Legacy::Cp1258 => WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .nfc()
            .collect(),
        Legacy::Tcvn3 | Legacy::Viscii | Legacy::Vps => {
            let t = &tables()[match enc {
                Legacy::Tcvn3 => 0,
                Legacy::Viscii => 1,
                _ => 2,
            }];
            let is_viscii = enc == Legacy::Viscii;
            let mut s: String = bytes
                .iter()
                .map(|&b| {
                    if b < 0x80 && !(is_viscii && b < 0x20) {
                        b as char
                    } else {
                        t[b as usize].unwrap_or_else(|| latin1(b))
                    }
                })
                .collect();
            if enc == Legacy::Tcvn3 {
                s = restore_capitals(&s);
            }
            s
        }
    }
}

/// TCVN3 has no codes for capitals with a tone: an all-caps word such as
/// "VIệT" (written with the uppercase font) decodes with one lowercase
/// letter. Uppercase a word whose other letters are all capitals (two or more).
fn restore_capitals(s: &str) -> String {
    super::map_words(s, char::is_alphabetic, |word, out| {
        let caps = word.chars().filter(|c| c.is_uppercase()).count();
        let lower_ascii = word.chars().any(|c| c.is_ascii_lowercase());
        if caps >= 2 && !lower_ascii {
            out.extend(word.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(word);
        }
    })
}

/// The byte each character stands for when bytes were decoded as
/// windows-1252 (or Latin-1, which gives C1 controls). `None`: the character
/// cannot come from a single byte, so the text is real Unicode.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 || (0xA0..=0xFF).contains(&cp) || (0x80..=0x9F).contains(&cp) {
        return Some(cp as u8);
    }
    // Outside these ranges neither windows-1252 nor windows-1258 has a
    // character: Vietnamese letters (U+1EA0–U+1EF9) are rejected at once.
    if !may_be_code_page(cp) {
        return None;
    }
    reverse_maps().0.get(&c).copied()
}

fn may_be_code_page(cp: u32) -> bool {
    matches!(cp, 0x0100..=0x02DC | 0x0300..=0x0323 | 0x2013..=0x2122)
}

/// Like [`cp1252_byte`] but also accepting windows-1258's letters (Ă, Ơ, Ư,
/// combining tones...), for mojibake made by a page labelled windows-1258.
pub(crate) fn any_byte(c: char) -> Option<u8> {
    if !may_be_code_page(c as u32) && c as u32 > 0xFF {
        return None;
    }
    cp1252_byte(c).or_else(|| reverse_maps().1.get(&c).copied())
}

fn reverse_maps() -> &'static (HashMap<char, u8>, HashMap<char, u8>) {
    static M: OnceLock<(HashMap<char, u8>, HashMap<char, u8>)> = OnceLock::new();
    M.get_or_init(|| {
        let mut a = HashMap::new();
        let mut b = HashMap::new();
        for byte in 0x80u8..=0xFF {
            let one = [byte];
            let c1252 = WINDOWS_1252.decode_without_bom_handling(&one).0;
            if let Some(c) = c1252.chars().next() {
                if (c as u32) > 0xFF {
                    a.insert(c, byte);
                }
            }
            let c1258 = WINDOWS_1258.decode_without_bom_handling(&one).0;
            if let Some(c) = c1258.chars().next() {
                if c as u32 != u32::from(byte) {
                    b.entry(c).or_insert(byte);
                }
            }
        }
        (a, b)
    })
}

/// Word-level score of a decoding: (words that are valid syllables after,
/// words gained that looked damaged before), given each word's
/// `(valid before, damaged)`. `None` as soon as fewer than 60% of the words
/// can be valid after: no such decoding is chosen, and in English text
/// with curly quotes (the usual case here) every candidate fails in its
/// first few words.
#[cfg(test)]
fn score_words(words: &[&[u8]], before: &[(bool, bool)], enc: Legacy) -> Option<(usize, usize)> {
    let n = words.len();
    let (mut after, mut failed, mut gained) = (0, 0, 0);
    for (bytes, &(was, damaged)) in words.iter().zip(before) {
        if syllables_valid(&decode_bytes(bytes, enc)) {
            after += 1;
            gained += usize::from(!was && damaged);
        } else {
            failed += 1;
            if (n - failed) * 10 < n * 6 {
                return None;
            }
        }
    }
    Some((after, gained))
}

/// A letter of the Vietnamese alphabet: ASCII, đ/Đ, or a vowel with only
/// Vietnamese marks (so Ö, Ñ, ª, ½ are not).
fn vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
        return true;
    }
    let mut d = std::iter::once(c).nfd();
    let Some(base) = d.next().map(|b| b.to_ascii_lowercase()) else {
        return false;
    };
    "aeiouy".contains(base)
        && d.all(|m| match m {
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => true,
            '\u{0302}' => matches!(base, 'a' | 'e' | 'o'),
            '\u{0306}' => base == 'a',
            '\u{031B}' => matches!(base, 'o' | 'u'),
            _ => false,
        })
}

/// A word that cannot be Vietnamese as it stands: a character outside the
/// alphabet, or two marked vowels (no Vietnamese word spelt with Latin-1
/// letters has two). A word that is merely not a syllable ("aá") is no
/// evidence of a legacy encoding, which keeps detection idempotent.
fn looks_damaged(w: &str) -> bool {
    let t = w.trim_matches(|c: char| c.is_ascii_punctuation());
    t.chars().any(|c| !vietnamese_letter(c))
        || t.chars()
            .filter(|c| !c.is_ascii() && *c != 'đ' && *c != 'Đ')
            .count()
            >= 2
}

/// A word (ASCII punctuation trimmed) is a valid syllable.
fn syllables_valid(w: &str) -> bool {
    let t = w.trim_matches(|c: char| c.is_ascii_punctuation());
    !t.is_empty() && is_syllable(t)
}

/// Words worth scoring: at least one ASCII letter and one byte above 0x7F
/// (a lone dash or bullet is punctuation in windows-1252 but a letter in
/// VISCII; it proves nothing).
fn scorable(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| b.is_ascii_alphabetic()) && bytes.iter().any(|&b| b >= 0x80)
}

/// Choose a legacy decoding for a document given as bytes, or `None`.
/// A candidate must turn at least 60% of the scored words into valid
/// syllables, gain at least half of them over the text as it is, and beat
/// every other candidate.
pub fn detect_bytes(bytes: &[u8]) -> Option<Legacy> {
    let words: Vec<&[u8]> = bytes
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| scorable(w))
        .take(400)
        .collect();
    choose(&words).filter(|&enc| syllable_share(&decode_bytes(bytes, enc)) >= MIN_SYLLABLE_SHARE)
}

/// Share of a decoded document's words (letters only, ASCII punctuation
/// trimmed) that are valid Vietnamese syllables. Vietnamese prose is almost
/// all syllables; English is far below (of, and, with, -ing words fail),
/// so a few dashes or quotes that decode to Vietnamese letters in an English
/// text never carry it past the threshold.
pub(crate) fn syllable_share(text: &str) -> f64 {
    let (mut n, mut ok) = (0usize, 0usize);
    for w in text.split_whitespace() {
        let t = w.trim_matches(|c: char| c.is_ascii_punctuation());
        // Markup and code are neither language.
        if t.is_empty()
            || !t.chars().any(char::is_alphabetic)
            || t.contains(['<', '>', '=', '/', '"', '{', '}', '_'])
        {
            continue;
        }
        n += 1;
        if is_syllable(t) {
            ok += 1;
        }
        if n >= 2000 {
            break;
        }
    }
    if n == 0 {
        0.0
    } else {
        ok as f64 / n as f64
    }
}

/// Minimum [`syllable_share`] of a decoded document.
const MIN_SYLLABLE_SHARE: f64 = 0.7;

/// What [`choose`] needs to know of one word, each part worked out when
/// first needed: whether the word is a valid syllable as it stands and
/// whether it looks damaged, and per candidate (in [`Legacy::ALL`]'s
/// order) whether it decodes to a valid syllable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct WordFacts {
    before: Option<(bool, bool)>,
    valid: [Option<bool>; 5],
}

impl WordFacts {
    fn before(&mut self, word: &[u8]) -> (bool, bool) {
        *self.before.get_or_insert_with(|| {
            let orig = WINDOWS_1252.decode_without_bom_handling(word).0;
            let was = syllables_valid(&orig);
            (was, !was && looks_damaged(&orig))
        })
    }

    fn valid(&mut self, word: &[u8], k: usize) -> bool {
        *self.valid[k].get_or_insert_with(|| syllables_valid(&decode_bytes(word, Legacy::ALL[k])))
    }
}

/// A candidate must turn at least 60% of the scored words into valid
/// syllables, gain at least half of them over the text as it is (and a
/// third of them that looked damaged), and beat every other candidate.
///
/// Each word's facts are pure functions of its bytes, and the same words
/// (English ones with curly quotes or dashes, mostly) come back in
/// document after document, so they are kept per thread (bounded), and
/// worked out lazily: in English text every candidate fails within its
/// first words, and the words' state before decoding is never needed.
fn choose(words: &[&[u8]]) -> Option<Legacy> {
    use std::cell::RefCell;
    type FactMap = HashMap<Box<[u8]>, WordFacts, std::hash::BuildHasherDefault<super::WordHasher>>;
    thread_local! {
        static FACTS: RefCell<FactMap> = RefCell::new(FactMap::default());
    }
    if words.is_empty() {
        return None;
    }
    FACTS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > 20_000 {
            cache.clear();
        }
        let known: Vec<WordFacts> = words
            .iter()
            .map(|w| cache.get(*w).copied().unwrap_or_default())
            .collect();
        let mut facts = known.clone();
        let chosen = choose_with(words, &mut facts);
        for ((w, f), k) in words.iter().zip(&facts).zip(&known) {
            if f != k {
                cache.insert((*w).into(), *f);
            }
        }
        chosen
    })
}

/// [`choose`] given a slot of facts per word.
fn choose_with(words: &[&[u8]], facts: &mut [WordFacts]) -> Option<Legacy> {
    let n = words.len();
    let mut before: Option<usize> = None;
    let mut best: Option<(Legacy, usize)> = None;
    for (k, enc) in Legacy::ALL.into_iter().enumerate() {
        // As `score_words` (the reference's): out as soon as fewer than 60% of the words
        // can be valid after.
        let (mut after, mut failed, mut gained) = (0, 0, 0);
        let mut out = false;
        for (w, f) in words.iter().zip(facts.iter_mut()) {
            if f.valid(w, k) {
                after += 1;
                let (was, damaged) = f.before(w);
                gained += usize::from(!was && damaged);
            } else {
                failed += 1;
                if (n - failed) * 10 < n * 6 {
                    out = true;
                    break;
                }
            }
        }
        if out {
            continue;
        }
        let before = *before.get_or_insert_with(|| {
            words
                .iter()
                .zip(facts.iter_mut())
                .map(|(w, f)| f.before(w).0)
                .filter(|&was| was)
                .count()
        });
        let ok = after * 10 >= n * 6
            && after >= before + n.div_ceil(2)
            && gained >= n.div_ceil(3).max(1);
        if ok && best.map_or(true, |(_, a)| after > a) {
            best = Some((enc, after));
        }
    }
    best.map(|(e, _)| e)
}

/// Detect a legacy encoding in text that was decoded as windows-1252 or
/// Latin-1. Words containing a character no single byte maps to are real
/// Unicode; when those are as many as the candidate words, nothing is done.
pub fn detect_text(text: &str) -> Option<Legacy> {
    detect_parts(&[text])
}

/// [`detect_text`] of the parts joined by `\n`, without joining them
/// (unless an encoding is chosen, which is rare): words split on ASCII
/// whitespace never span a line break.
pub fn detect_parts(parts: &[&str]) -> Option<Legacy> {
    let mut words: Vec<Vec<u8>> = Vec::new();
    let mut unicode_words = 0usize;
    // The words (split on ASCII whitespace) that have a non-ASCII
    // character, in order, found from those characters: ASCII runs are
    // skipped a word at a time.
    'parts: for text in parts {
        let b = text.as_bytes();
        let mut i = 0;
        loop {
            let j = super::next_non_ascii(b, i);
            if j >= b.len() {
                break;
            }
            let start = b[i..j]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(i, |p| i + p + 1);
            let end = b[j..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(b.len(), |p| j + p);
            i = end;
            let w = &text[start..end];
            let bytes: Option<Vec<u8>> = w.chars().map(cp1252_byte).collect();
            match bytes {
                Some(b) if scorable(&b) => words.push(b),
                Some(_) => {}
                None => unicode_words += 1,
            }
            // Real Unicode Vietnamese: its many words with letters no code
            // page has settle the question early.
            if words.len() >= 400 || unicode_words > 2 * words.len() + 20 {
                break 'parts;
            }
        }
    }
    if words.is_empty() || unicode_words >= words.len() {
        return None;
    }
    let refs: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
    choose(&refs).filter(|&enc| {
        let text = parts.join("\n");
        syllable_share(&convert_text(&text, enc)) >= MIN_SYLLABLE_SHARE
    })
}

/// Re-decode text that was decoded as windows-1252/Latin-1 in `enc`. Words
/// with characters outside that repertoire are kept as they are.
pub fn convert_text(text: &str, enc: Legacy) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut run: Vec<u8> = Vec::new();
    for c in text.chars() {
        match cp1252_byte(c) {
            Some(b) => run.push(b),
            None => {
                if !run.is_empty() {
                    out.push_str(&decode_bytes(&run, enc));
                    run.clear();
                }
                out.push(c);
            }
        }
    }
    if !run.is_empty() {
        out.push_str(&decode_bytes(&run, enc));
    }
    out
}

/// The first [`choose`], every fact worked out anew: the reference the
/// cached one is tested against.
#[cfg(test)]
fn choose_reference(words: &[&[u8]]) -> Option<Legacy> {
    if words.is_empty() {
        return None;
    }
    // Per word: whether it is a valid syllable as it stands, and whether
    // it looks damaged (the same for every candidate decoding).
    let before_state: Vec<(bool, bool)> = words
        .iter()
        .map(|w| {
            let orig = WINDOWS_1252.decode_without_bom_handling(w).0;
            let was = syllables_valid(&orig);
            (was, !was && looks_damaged(&orig))
        })
        .collect();
    let n = words.len();
    let before = before_state.iter().filter(|s| s.0).count();
    let mut best: Option<(Legacy, usize)> = None;
    for enc in Legacy::ALL {
        let Some((after, gained)) = score_words(words, &before_state, enc) else {
            continue;
        };
        let ok = after * 10 >= n * 6
            && after >= before + n.div_ceil(2)
            && gained >= n.div_ceil(3).max(1);
        if ok && best.map_or(true, |(_, a)| after > a) {
            best = Some((enc, after));
        }
    }
    best.map(|(e, _)| e)
}

/// The first [`detect_text`], over every word: the reference the scan
/// from non-ASCII characters is tested against.
#[cfg(test)]
fn detect_text_reference(text: &str) -> Option<Legacy> {
    let mut words: Vec<Vec<u8>> = Vec::new();
    let mut unicode_words = 0usize;
    for w in text.split_ascii_whitespace() {
        if w.is_ascii() {
            continue;
        }
        let bytes: Option<Vec<u8>> = if w.chars().all(|c| cp1252_byte(c).is_some()) {
            w.chars().map(cp1252_byte).collect()
        } else {
            None
        };
        match bytes {
            Some(b) if scorable(&b) => words.push(b),
            Some(_) => {}
            None => unicode_words += 1,
        }
        // Real Unicode Vietnamese: its many words with letters no code
        // page has settle the question early.
        if words.len() >= 400 || unicode_words > 2 * words.len() + 20 {
            break;
        }
    }
    if words.is_empty() || unicode_words >= words.len() {
        return None;
    }
    let refs: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
    choose_reference(&refs)
        .filter(|&enc| syllable_share(&convert_text(text, enc)) >= MIN_SYLLABLE_SHARE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(enc: Legacy, b: u8) -> String {
        decode_bytes(&[b], enc)
    }

    /// `text` in a single-byte legacy table (characters it lacks kept as
    /// their low byte), for words the detector should find.
    fn encode(text: &str, table: &[(u8, char)]) -> Vec<u8> {
        text.chars()
            .map(|c| {
                table
                    .iter()
                    .find(|&&(_, t)| t == c)
                    .map_or(c as u32 as u8, |&(b, _)| b)
            })
            .collect()
    }

    const SYLLABLES: [&str; 12] = [
        "Việt", "Nam", "người", "được", "thành", "phố", "hội", "nghị", "tổng", "kết", "đoạn", "hai",
    ];

    /// Words as bytes: Vietnamese syllables in TCVN3, VISCII or VPS,
    /// English words with a curly quote or dash in windows-1252, and
    /// random letters and high bytes.
    fn byte_word() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        prop_oneof![
            (0..SYLLABLES.len(), 0..3usize)
                .prop_map(|(i, t)| encode(SYLLABLES[i], [TCVN3, VISCII, VPS][t])),
            proptest::sample::select(vec![
                b"it\x92s".to_vec(),
                b"\x93The".to_vec(),
                b"said.\x94".to_vec(),
                b"pre\x96war".to_vec(),
                b"caf\xe9".to_vec(),
                b"10\xa0000".to_vec(),
            ]),
            proptest::collection::vec(prop_oneof![b'a'..=b'z', 0x80u8..=0xFF, Just(b'.')], 1..7),
        ]
    }

    proptest::proptest! {
        #[test]
        fn cached_choice_is_the_reference_choice(
            words in proptest::collection::vec(byte_word(), 1..24)
        ) {
            let refs: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
            // Twice: facts cached by the first call serve the second.
            proptest::prop_assert_eq!(choose(&refs), choose_reference(&refs));
            proptest::prop_assert_eq!(choose(&refs), choose_reference(&refs));
        }

        #[test]
        fn detection_from_non_ascii_characters_is_the_reference(
            parts in proptest::collection::vec(
                (byte_word(), proptest::sample::select(vec![" ", "  ", "\n", "\t", "\r\n", "\u{0B}", "x ", " Việt "])),
                0..24
            )
        ) {
            let mut text = String::new();
            for (w, sep) in &parts {
                text.push_str(&WINDOWS_1252.decode_without_bom_handling(w).0);
                text.push_str(sep);
            }
            proptest::prop_assert_eq!(detect_text(&text), detect_text_reference(&text));
        }
    }

    #[test]
    fn chart_points() {
        // TCVN3
        assert_eq!(one(Legacy::Tcvn3, 0xAD), "ư");
        assert_eq!(one(Legacy::Tcvn3, 0xA7), "Đ");
        assert_eq!(one(Legacy::Tcvn3, 0xD5), "ế");
        assert_eq!(one(Legacy::Tcvn3, 0xB5), "à");
        assert_eq!(one(Legacy::Tcvn3, 0xFE), "ỵ");
        // VISCII (RFC 1456)
        assert_eq!(one(Legacy::Viscii, 0x02), "Ẳ");
        assert_eq!(one(Legacy::Viscii, 0xA0), "Õ");
        assert_eq!(one(Legacy::Viscii, 0xAD), "ễ");
        assert_eq!(one(Legacy::Viscii, 0x8E), "Ệ");
        assert_eq!(one(Legacy::Viscii, 0xFF), "Ữ");
        assert_eq!(one(Legacy::Viscii, 0xF0), "đ");
        // VPS
        assert_eq!(one(Legacy::Vps, 0x89), "ế");
        assert_eq!(one(Legacy::Vps, 0x8C), "ệ");
        assert_eq!(one(Legacy::Vps, 0xAD), "Ứ");
        assert_eq!(one(Legacy::Vps, 0xC7), "đ");
        // VNI
        assert_eq!(
            decode_bytes(b"Tie\xe1ng Vie\xe4t", Legacy::Vni),
            "Tiếng Việt"
        );
        assert_eq!(decode_bytes(b"t\xf6\xf4\xf9ng", Legacy::Vni), "tướng");
        assert_eq!(decode_bytes(b"\xd1A\xdbNG", Legacy::Vni), "ĐẢNG");
        // windows-1258 (combining tones, composed)
        assert_eq!(decode_bytes(b"N\xf4\xf2i", Legacy::Cp1258), "Nội");
    }

    #[test]
    fn tcvn3_capitals() {
        assert_eq!(decode_bytes(b"VI\xd6T NAM", Legacy::Tcvn3), "VIỆT NAM");
        assert_eq!(decode_bytes(b"Vi\xd6t", Legacy::Tcvn3), "Việt");
    }

    #[test]
    fn detects_each_encoding() {
        let cases: [(&[u8], Legacy); 5] = [
            (b"Ti\xd5ng Vi\xd6t l\xb5 ng\xf4n ng\xf7", Legacy::Tcvn3),
            (b"Tie\xe1ng Vie\xe4t", Legacy::Vni),
            (b"Ti\xaang Vi\xaet", Legacy::Viscii),
            (b"Ti\x89ng Vi\x8ct", Legacy::Vps),
            (b"H\xe0 N\xf4\xf2i ng\xe0y m\xf4\xf2t", Legacy::Cp1258),
        ];
        for (b, enc) in cases {
            assert_eq!(detect_bytes(b), Some(enc), "{b:?}");
        }
    }

    #[test]
    fn english_and_european_text_is_not_legacy() {
        for t in [
            "Le café est très bon à Montréal, señor Hernández.",
            "“Quoted” – dashes — and bullets • in English text’s words…",
            "Müller aus Köln und Zürich.",
            "Hà Nội và Việt Nam",
            // Not a syllable, but every letter Vietnamese: no evidence.
            "aá a",
            "The M–1 and C–17 — a second—stage test, b— “quoted” week’s news",
        ] {
            assert_eq!(detect_text(t), None, "{t}");
        }
    }
}
