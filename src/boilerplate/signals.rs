//! Shared signals for the HTML and text extractors: a folded view of text,
//! word and stop-word counts, generic chrome vocabulary, date parsing, and the
//! maximum-sum span used to find the main body.
//!
//! Why a folded view: scraped pages carry NBSP, NFD text, zero-width spaces,
//! soft hyphens and old/new Vietnamese tone placement. Classification must
//! not depend on those, so every rule compares on [`fold`] (NFD, marks
//! stripped, `đ`→`d`, lowercase, invisibles dropped, whitespace collapsed).
//! Output text is left untouched; the normalize stage owns that.

use std::sync::OnceLock;

use regex::Regex;

/// Characters that render as nothing: one set for the whole crate.
pub use crate::normalize::is_invisible;

/// The comparison view of a text ([`crate::normalize::match_key`]): marks,
/// invisibles and case dropped, spaces collapsed. Most page text is plain
/// ASCII, where that is only lowercasing and collapsing spaces: done on
/// bytes, without the NFD pass.
pub fn fold(s: &str) -> String {
    if !s.is_ascii() {
        return crate::normalize::match_key(s);
    }
    // Most lines are already single-spaced: lowercasing is all they need.
    let b = s.as_bytes();
    let spaced = b.first().is_some_and(|&c| c == b' ')
        || b.last().is_some_and(|&c| c == b' ')
        // A fold rather than `any`: without the early exit it is vectorized.
        || b.iter()
            .fold(false, |acc, &c| acc | (c.wrapping_sub(b'\t') <= b'\r' - b'\t'))
        || memchr::memmem::find(b, b"  ").is_some();
    if !spaced {
        return s.to_ascii_lowercase();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut pending_space = false;
    for &c in b {
        // The ASCII characters of `char::is_whitespace`, as match_key uses
        // (it includes U+000B).
        if matches!(c, b' ' | b'\t'..=b'\r') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(b' ');
            pending_space = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Words of a folded text (runs of letters and digits).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Appends the bytes of [`fold`]`(s)` to `out`: the text extractor folds
/// every line of a page into one buffer instead of a `String` per line,
/// and makes it a `String` once. Bytes, so that the lowercasing copy is
/// one vectorized loop rather than a copy and a pass of its own.
pub fn fold_into(s: &str, out: &mut Vec<u8>) {
    if !s.is_ascii() {
        out.extend_from_slice(crate::normalize::match_key(s).as_bytes());
        return;
    }
    let b = s.as_bytes();
    if !needs_spacing(b) {
        out.extend(
            b.iter()
                .map(|&c| c | (u8::from(c.wrapping_sub(b'A') < 26) << 5)),
        );
        return;
    }
    // As in `fold`: runs of ASCII whitespace become one space, none at
    // either end.
    let mut any = false;
    let mut pending_space = false;
    for &c in b {
        if matches!(c, b' ' | b'\t'..=b'\r') {
            pending_space = any;
            continue;
        }
        if pending_space {
            out.push(b' ');
            pending_space = false;
        }
        any = true;
        out.push(c.to_ascii_lowercase());
    }
}

/// Does an ASCII text need its spaces collapsed or trimmed (a space at
/// either end, two in a row, or other whitespace)? One pass over the
/// pairs of bytes without an early exit, so that it is vectorized; the
/// last byte, which starts no pair, is looked at on its own.
fn needs_spacing(b: &[u8]) -> bool {
    let ws = |c: u8| c.wrapping_sub(b'\t') <= b'\r' - b'\t';
    let ends =
        b.first().is_some_and(|&c| c == b' ') || b.last().is_some_and(|&c| c == b' ' || ws(c));
    ends || b
        .iter()
        .zip(&b[1.min(b.len())..])
        .fold(false, |acc, (&x, &y)| {
            acc | ws(x) | ((x == b' ') & (y == b' '))
        })
}

/// [`words`] of a folded text, appended to `out`. ASCII text (most lines,
/// Vietnamese ones too once folded) is split on bytes: its letters and
/// digits are the ASCII ones, so the runs are the same.
pub fn words_into<'f>(folded: &'f str, out: &mut Vec<&'f str>) {
    if !folded.is_ascii() {
        word_counts_into(folded, out);
        return;
    }
    ascii_words_into(folded, out, usize::MAX);
}

/// [`words_into`] of an ASCII text, keeping at most `max_kept` of the
/// words in `out` (the rest are counted, not stored): (words, stop words).
fn ascii_words_into<'f>(
    folded: &'f str,
    out: &mut Vec<&'f str>,
    max_kept: usize,
) -> (usize, usize) {
    let b = folded.as_bytes();
    let stops = stop_set();
    let (mut n, mut stop) = (0usize, 0usize);
    // A small body, so that it is inlined at each call in the scan.
    crate::fingerprint::tokenize::for_each_ascii_word_span(b, |start, end| {
        if n < max_kept {
            out.push(&folded[start..end]);
        }
        n += 1;
        stop += usize::from(stops.contains_at(b, start, end));
    });
    (n, stop)
}

/// An ASCII letter or digit, by table.
#[inline(always)]
fn is_word_byte(c: u8) -> bool {
    static TABLE: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = (c as u8).is_ascii_alphanumeric();
            c += 1;
        }
        t
    };
    TABLE[usize::from(c)]
}

/// Han, kana and hangul: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// True when the line has no visible characters (spaces, NBSP, invisibles).
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Function words of Vietnamese (folded, marks stripped) and English. Prose
/// has many of them; menus, headlines and counters have few.
const STOP_WORDS: &[&str] = &[
    // Vietnamese
    "va", "cua", "la", "co", "duoc", "trong", "cho", "cac", "nhung", "voi", "khong", "nay", "da",
    "mot", "de", "khi", "tu", "theo", "cung", "den", "ve", "tai", "nhu", "se", "ra", "do", "thi",
    "nhieu", "vao", "bi", "lai", "nen", "ma", "con", "dang", "tren", "sau", "truoc", "hon", "rat",
    "cung", "nguoi", "nam", "ngay", "cho", "neu", "vi", "boi", "hay", "hoac", "da", "van", "chi",
    // English
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "were",
    "by", "at", "from", "this", "it", "are", "be", "has", "have", "an", "which", "will", "said",
    "its", "their", "also", "not", "but", "been", "he", "she", "they", "we", "you", "there",
];

/// The longest stop word, in bytes: a longer word is none.
const MAX_STOP_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < STOP_WORDS.len() {
        if STOP_WORDS[i].len() > max {
            max = STOP_WORDS[i].len();
        }
        i += 1;
    }
    max
};

pub fn is_stop_word(w: &str) -> bool {
    is_stop_word_bytes(w.as_bytes())
}

/// A word of up to eight bytes as one number, zero-padded: the stop-word
/// check compares numbers, not strings.
fn pack_word(w: &[u8]) -> Option<u64> {
    if w.len() > 8 {
        return None;
    }
    // Byte by byte: a variable-length copy would be a memcpy call per word.
    Some(
        w.iter()
            .enumerate()
            .fold(0u64, |k, (i, &b)| k | (u64::from(b) << (8 * i))),
    )
}

fn is_stop_word_bytes(w: &[u8]) -> bool {
    stop_set().contains(w)
}

/// The stop words as an open-addressing hash table of packed words: called
/// for every word of every line, so one multiply and usually one probe.
struct StopSet {
    /// Packed words; 0 marks an empty slot (no word packs to 0).
    slots: Vec<u64>,
}

impl StopSet {
    const BITS: u32 = 9;

    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn new() -> Self {
        let mut slots = vec![0u64; 1 << Self::BITS];
        for w in STOP_WORDS {
            let key = pack_word(w.as_bytes()).expect("stop words are at most 8 bytes");
            let mut i = Self::slot(key);
            while slots[i] != 0 && slots[i] != key {
                i = (i + 1) & (slots.len() - 1);
            }
            slots[i] = key;
        }
        Self { slots }
    }

    fn contains(&self, w: &[u8]) -> bool {
        pack_word(w).is_some_and(|k| self.contains_key(k))
    }

    /// Whether the word `text[start..end]` is a stop word, packed as
    /// [`pack_word`] does by one 8-byte load where the text goes on that
    /// far (a word is looked up wherever words are counted).
    #[inline(always)]
    fn contains_at(&self, text: &[u8], start: usize, end: usize) -> bool {
        let len = end - start;
        if len > MAX_STOP_LEN {
            return false;
        }
        let key = match text.get(start..start + 8) {
            Some(eight) => {
                let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                v & ((1u64 << (8 * len)) - 1)
            }
            None => pack_word(&text[start..end]).expect("at most 8 bytes"),
        };
        self.contains_key(key)
    }

    /// Whether the packed word `key` is a stop word.
    fn contains_key(&self, key: u64) -> bool {
        if key == 0 {
            return false;
        }
        let mut i = Self::slot(key);
        loop {
            match self.slots[i] {
                0 => return false,
                v if v == key => return true,
                _ => i = (i + 1) & (self.slots.len() - 1),
            }
        }
    }
}

fn stop_set() -> &'static StopSet {
    static SET: OnceLock<StopSet> = OnceLock::new();
    SET.get_or_init(StopSet::new)
}

/// Generic words of page chrome (folded): section headers of related and
/// latest lists, widgets, counters. A short line made of these is chrome.
const CHROME_PHRASES: &[&str] = &[
    // English
    "related",
    "latest",
    "newest",
    "most read",
    "most viewed",
    "popular",
    "other news",
    "more news",
    "read more",
    "see more",
    "comment",
    "comments",
    "share",
    "tags",
    "tag",
    "same tag",
    "same category",
    "same author",
    "follow",
    "online",
    "counter",
    "visitors",
    "advertisement",
    "ads",
    "sponsored",
    "photos",
    "videos",
    "video",
    "link",
    "links",
    "no data",
    "hot",
    "highlights",
    "featured",
    "print",
    "email",
    "top",
    "login",
    "search",
    "subscribe",
    "newsletter",
    "home",
    "back",
    "next",
    "previous",
    "menu",
    // Vietnamese (folded)
    "tin lien quan",
    "bai lien quan",
    "lien quan",
    "tin moi nhat",
    "moi nhat",
    "tin moi",
    "doc them",
    "xem them",
    "xem nhieu",
    "doc nhieu",
    "tin khac",
    "cac tin khac",
    "binh luan",
    "chia se",
    "theo doi",
    "luot xem",
    "luot truy cap",
    "dang truy cap",
    "dang online",
    "thong ke truy cap",
    "quang cao",
    "tin noi bat",
    "noi bat",
    "tin cung chuyen muc",
    "cung chuyen muc",
    "tu khoa",
    "ban in",
    "gui email",
    "ve dau trang",
    "dang nhap",
    "dang ky",
    "trang chu",
    "danh muc",
    "lien ket",
    "lien ket website",
    "thu vien anh",
    "tim kiem",
    "gui binh luan",
    "y kien ban doc",
    "hot nhat",
];

/// The chrome phrases split into words, sorted by first word, and every
/// word of them, sorted: built once, looked up by binary search.
struct ChromeVocab {
    phrases: Vec<Vec<&'static str>>,
    words: Vec<&'static str>,
    /// [`WordFilter`]s of the phrases' first words, and of all their words.
    firsts: WordFilter,
    all: WordFilter,
}

/// A 256-bit Bloom filter of words (one hash): a word it has not seen is
/// ruled out in a few instructions, before any binary search.
struct WordFilter([u64; 4]);

impl WordFilter {
    fn bit(w: &str) -> usize {
        let b = w.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        let key = (b.len() as u64)
            | u64::from(first.unwrap_or(0)) << 8
            | u64::from(last.unwrap_or(0)) << 16
            | u64::from(b.get(1).copied().unwrap_or(0)) << 24;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
    }

    fn new<'w>(words: impl Iterator<Item = &'w str>) -> Self {
        let mut bits = [0u64; 4];
        for w in words {
            let i = Self::bit(w);
            bits[i / 64] |= 1 << (i % 64);
        }
        Self(bits)
    }

    /// False only for a word not among those the filter was built of.
    fn may_hold(&self, w: &str) -> bool {
        let i = Self::bit(w);
        self.0[i / 64] >> (i % 64) & 1 == 1
    }
}

fn chrome_vocab() -> &'static ChromeVocab {
    static VOCAB: OnceLock<ChromeVocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut phrases: Vec<Vec<&str>> = CHROME_PHRASES
            .iter()
            .map(|p| p.split(' ').collect())
            .collect();
        phrases.sort();
        let mut words: Vec<&str> = phrases.iter().flatten().copied().collect();
        words.sort_unstable();
        words.dedup();
        let firsts = WordFilter::new(phrases.iter().map(|p| p[0]));
        let all = WordFilter::new(words.iter().copied());
        ChromeVocab {
            phrases,
            words,
            firsts,
            all,
        }
    })
}

/// Does the folded text contain one of the chrome phrases as whole words?
pub fn has_chrome_phrase(folded: &str) -> bool {
    let ws: Vec<&str> = words(folded).collect();
    has_chrome_phrase_in(&ws)
}

/// [`has_chrome_phrase`] of a text whose [`words`] the caller has.
pub fn has_chrome_phrase_in(ws: &[&str]) -> bool {
    let vocab = chrome_vocab();
    (0..ws.len()).any(|i| {
        if !vocab.firsts.may_hold(ws[i]) {
            return false;
        }
        let first = vocab.phrases.partition_point(|p| p[0] < ws[i]);
        vocab.phrases[first..]
            .iter()
            .take_while(|p| p[0] == ws[i])
            .any(|p| ws[i..].starts_with(p))
    })
}

/// Is every word of the folded text part of some chrome phrase (or a number)?
/// "Tin liên quan", "RELATED NEWS", "Comment (0)", "Hit Counter".
pub fn all_chrome_words(folded: &str) -> bool {
    all_chrome_words_of(words(folded))
}

/// [`all_chrome_words`] of a text whose [`words`] the caller has.
pub fn all_chrome_words_in(ws: &[&str]) -> bool {
    all_chrome_words_of(ws.iter().copied())
}

fn all_chrome_words_of<'w>(ws: impl Iterator<Item = &'w str>) -> bool {
    let vocab = chrome_vocab();
    let mut any = false;
    for w in ws {
        if w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        any = true;
        let known = (vocab.all.may_hold(w) && vocab.words.binary_search(&w).is_ok())
            // Words that are chrome only when the whole line is chrome words:
            // "Thẻ"/"Ảnh" fold to "the"/"anh", which are common in prose.
            || matches!(
                w,
                "news" | "tin" | "bai" | "cac" | "cung" | "of" | "the" | "us" | "anh" | "new"
                    | "total" | "hit" | "users" | "user" | "view" | "views" | "khac"
            );
        if !known {
            return false;
        }
    }
    any
}

/// Characters, words and stop words of a folded text.
fn word_counts(folded: &str) -> (usize, usize, usize) {
    word_counts_each(folded, |_| {})
}

/// [`word_counts`] of a folded text, appending its [`words`] to `out`, in
/// one pass over the bytes: the ASCII ones (most of any line, even one
/// with an em dash or a euro sign) by table, only the other characters
/// decoded. A word is a maximal run of `char::is_alphanumeric` characters,
/// as in [`words`], so a non-ASCII letter inside a word joins it.
fn word_counts_into<'f>(folded: &'f str, out: &mut Vec<&'f str>) -> (usize, usize, usize) {
    word_counts_each(folded, |w| out.push(w))
}

/// [`word_counts_into`], handing each word to `each`.
#[inline]
fn word_counts_each<'f>(folded: &'f str, mut each: impl FnMut(&'f str)) -> (usize, usize, usize) {
    let b = folded.as_bytes();
    let len = b.len();
    let stops = stop_set();
    let (mut n, mut stop) = (0usize, 0usize);
    // The non-ASCII character at `i`, if it is a letter or digit: its
    // length and whether it is CJK.
    let word_char_at = |i: usize| {
        let c = folded[i..].chars().next().expect("a char boundary");
        c.is_alphanumeric().then(|| (c.len_utf8(), is_cjk(c)))
    };
    let mut i = 0;
    while i < len {
        let c = b[i];
        if c < 0x80 {
            if !is_word_byte(c) {
                i += 1;
                continue;
            }
        } else if word_char_at(i).is_none() {
            i += folded[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        // A word starts at `i`: its ASCII letters and digits a byte at a
        // time, its other characters decoded.
        let start = i;
        let mut cjk = 0usize;
        loop {
            while i < len && is_word_byte(b[i]) {
                i += 1;
            }
            if i < len && b[i] >= 0x80 {
                if let Some((l, is_cjk_char)) = word_char_at(i) {
                    cjk += usize::from(is_cjk_char);
                    i += l;
                    continue;
                }
            }
            break;
        }
        each(&folded[start..i]);
        // Chinese and Japanese write no spaces: about two characters make
        // a word, so a paragraph of them is not one long "word".
        n += if cjk > 0 { (cjk / 2).max(1) } else { 1 };
        stop += usize::from(stops.contains_at(b, start, i));
    }
    (utf8_chars(b), n, stop)
}

/// The characters of UTF-8 text: its bytes that do not continue a
/// sequence, counted on byte lanes (as [`ascii_letters_upper`]).
fn utf8_chars(b: &[u8]) -> usize {
    b.chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &c| n + u8::from((c as i8) >= -0x40));
            usize::from(n)
        })
        .sum()
}

/// The definition [`word_counts_into`] is tested against: [`words`] and
/// a count per word.
#[cfg(test)]
fn word_counts_reference(folded: &str) -> (usize, usize, usize) {
    let (mut n, mut stop) = (0, 0);
    for w in words(folded) {
        // Chinese and Japanese write no spaces: about two characters make
        // a word, so a paragraph of them is not one long "word".
        let cjk = w.chars().filter(|&c| is_cjk(c)).count();
        n += if cjk > 0 { (cjk / 2).max(1) } else { 1 };
        stop += usize::from(is_stop_word(w));
    }
    (folded.chars().count(), n, stop)
}

/// [`word_counts`] of an ASCII text, on bytes: most lines are ASCII. The
/// words come from the tokenizer's block scan (ASCII words are the same
/// runs of letters and digits), each packed for the stop-word lookup.
fn word_counts_ascii(folded: &str) -> (usize, usize, usize) {
    let stops = stop_set();
    let (mut n, mut stop) = (0usize, 0usize);
    crate::fingerprint::tokenize::for_each_word(folded, |_, w| {
        n += 1;
        stop += usize::from(pack_word(w.as_bytes()).is_some_and(|k| stops.contains_key(k)));
    });
    (folded.len(), n, stop)
}

/// (letters, uppercase letters) of ASCII bytes, without a branch per byte
/// so that the loop is vectorized.
fn ascii_letters_upper(b: &[u8]) -> (usize, usize) {
    let (mut letters, mut upper) = (0usize, 0usize);
    // Byte counters over chunks of at most 255 bytes: the loop runs on
    // byte lanes, without widening each flag.
    for chunk in b.chunks(255) {
        let (mut l, mut u) = (0u8, 0u8);
        for &c in chunk {
            l += u8::from((c | 0x20).wrapping_sub(b'a') < 26);
            u += u8::from(c.wrapping_sub(b'A') < 26);
        }
        letters += usize::from(l);
        upper += usize::from(u);
    }
    (letters, upper)
}

/// (letters, uppercase letters) of a text: its ASCII runs on byte lanes
/// ([`ascii_letters_upper`]), only the other characters decoded (most
/// lines that are not ASCII have a few curly quotes or dashes).
fn letters_upper(raw: &str) -> (usize, usize) {
    let b = raw.as_bytes();
    let (mut letters, mut upper) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let j = crate::normalize::next_non_ascii(b, i);
        let (l, u) = ascii_letters_upper(&b[i..j]);
        (letters, upper) = (letters + l, upper + u);
        let Some(c) = raw[j..].chars().next() else {
            break;
        };
        if c.is_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
        i = j + c.len_utf8();
    }
    (letters, upper)
}

/// ". X" after two letters or digits: a sentence ends inside the text.
fn has_inner_sentence_end(raw: &str) -> bool {
    // Only a '.', '!' or '?' followed by a space can start the pattern, so
    // look at those places, not at every character.
    let b = raw.as_bytes();
    // The three marks are ASCII: found by byte search, at char boundaries.
    memchr::memchr3_iter(b'.', b'!', b'?', b).any(|i| {
        if b.get(i + 1) != Some(&b' ') {
            return false;
        }
        let next = raw[i + 2..].chars().next();
        let mut before = raw[..i].chars().rev();
        next.is_some_and(char::is_uppercase)
            && before.next().is_some_and(char::is_alphanumeric)
            && before.next().is_some_and(char::is_alphanumeric)
    })
}

/// Counts of a line or block used by both extractors.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStats {
    pub chars: usize,
    pub words: usize,
    pub stop_words: usize,
    /// Ends like a sentence (. ! ? … : ; or a closing quote after one).
    pub sentence_end: bool,
    /// Share of letters that are uppercase.
    pub upper_ratio: f64,
    /// A sentence ends inside the text (". " before a capital letter), as
    /// in a paragraph closed by initials: "... 5.000 USD. Q.M".
    pub inner_sentence_end: bool,
}

impl TextStats {
    pub fn of(raw: &str) -> Self {
        Self::with_fold(raw, &fold(raw))
    }

    /// [`TextStats::of`] when the caller already has `fold(raw)`.
    pub fn with_fold(raw: &str, folded: &str) -> Self {
        let counts = if folded.is_ascii() {
            word_counts_ascii(folded)
        } else {
            word_counts(folded)
        };
        Self::with_counts(raw, folded, counts)
    }

    /// [`TextStats::with_fold`], appending the [`words`] of `folded` to
    /// `out` (as [`words_into`]): an ASCII text's words are counted as
    /// they are found.
    pub fn with_words_into<'f>(raw: &str, folded: &'f str, out: &mut Vec<&'f str>) -> Self {
        Self::with_some_words_into(raw, folded, out, usize::MAX)
    }

    /// [`TextStats::with_words_into`], where only the first `max_kept`
    /// words of an ASCII fold go to `out` (the text extractor's checks
    /// that read the words are for short lines).
    pub fn with_some_words_into<'f>(
        raw: &str,
        folded: &'f str,
        out: &mut Vec<&'f str>,
        max_kept: usize,
    ) -> Self {
        let counts = if folded.is_ascii() {
            let (n, stop) = ascii_words_into(folded, out, max_kept);
            (folded.len(), n, stop)
        } else {
            word_counts_into(folded, out)
        };
        Self::with_counts(raw, folded, counts)
    }

    fn with_counts(raw: &str, folded: &str, counts: (usize, usize, usize)) -> Self {
        let mut st = TextStats::default();
        (st.chars, st.words, st.stop_words) = counts;
        let (letters, upper) = letters_upper(raw);
        st.upper_ratio = if letters == 0 {
            0.0
        } else {
            upper as f64 / letters as f64
        };
        let trimmed = folded.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
        });
        st.sentence_end =
            trimmed.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '」', '：']);
        st.inner_sentence_end = has_inner_sentence_end(raw);
        st
    }

    pub fn stop_ratio(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.stop_words as f64 / self.words as f64
        }
    }

    /// Reads like prose: a sentence end with a few words, or too long for a
    /// headline. Headlines are often long but never end with a period.
    pub fn is_sentence(&self) -> bool {
        (self.sentence_end && self.words >= 4)
            || self.words >= 22
            || (self.words >= 8 && self.inner_sentence_end)
    }
}

/// A regex compiled once, on first use.
pub(crate) fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn iso(y: i64, m: i64, d: i64) -> Option<String> {
    if (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
        Some(format!("{y:04}-{m:02}-{d:02}"))
    } else {
        None
    }
}

/// A date found in a text: ISO `YYYY-MM-DD`, with the byte range it spans in
/// the folded text.
pub fn find_date(folded: &str) -> Option<(String, usize, usize)> {
    find_date_with(folded, true)
}

/// [`find_date`]. Without `shortcuts`, every form's regex runs on the whole
/// text, none ruled out by a pre-check and none matched by hand: the
/// definition the shortcuts are tested against (each pre-check is a
/// necessary condition of its regex in ASCII text).
fn find_date_with(folded: &str, shortcuts: bool) -> Option<(String, usize, usize)> {
    // Every form has a four-digit year: in ASCII text (where `\d` is
    // [0-9]) a line without four digits in a row has no date, and most
    // lines are ruled out before the regexes run.
    let ascii = shortcuts && folded.is_ascii();
    if ascii && !has_four_digits(folded.as_bytes()) {
        return None;
    }
    // Each form needs its own marks; in ASCII text each is looked for
    // before its regex runs (where a mark could be a non-ASCII look-alike,
    // every regex runs).
    let b = folded.as_bytes();
    let dash = !ascii || memchr::memchr(b'-', b).is_some();
    let separated = dash || memchr::memchr2(b'/', b'.', b).is_some();
    let thang = !ascii || memchr::memmem::find(b, b"thang").is_some();
    let month = !ascii || has_month_word(b);
    static ISO: OnceLock<Regex> = OnceLock::new();
    static DMY: OnceLock<Regex> = OnceLock::new();
    static VI: OnceLock<Regex> = OnceLock::new();
    static EN_MDY: OnceLock<Regex> = OnceLock::new();
    let num = |s: &str| s.parse::<i64>().unwrap_or(0);
    let mut best: Option<(String, usize, usize)> = None;
    let mut consider = |cand: Option<String>, s: usize, e: usize| {
        if let Some(c) = cand {
            if !matches!(&best, Some(b) if s >= b.1) {
                best = Some((c, s, e));
            }
        }
    };
    let r = re(&ISO, r"(?:^|[^\d])(\d{4})-(\d{1,2})-(\d{1,2})(?:[^\d]|$)");
    if let Some(c) = dash.then(|| r.captures(folded)).flatten() {
        let (s, e) = (c.get(1).unwrap().start(), c.get(3).unwrap().end());
        consider(iso(num(&c[1]), num(&c[2]), num(&c[3])), s, e);
    }
    let r = re(
        &DMY,
        r"(?:^|[^\d])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:[^\d]|$)",
    );
    for c in separated
        .then(|| r.captures_iter(folded))
        .into_iter()
        .flatten()
    {
        let (s, e) = (c.get(1).unwrap().start(), c.get(3).unwrap().end());
        consider(iso(num(&c[3]), num(&c[2]), num(&c[1])), s, e);
    }
    let r = re(&VI, r"(\d{1,2})\s+thang\s+(\d{1,2}),?\s+nam\s+(\d{4})");
    if let Some(c) = thang.then(|| r.captures(folded)).flatten() {
        let m = c.get(0).unwrap();
        consider(iso(num(&c[3]), num(&c[2]), num(&c[1])), m.start(), m.end());
    }
    if !month {
        return best;
    }
    let month = |s: &str| {
        MONTHS
            .iter()
            .position(|m| s.starts_with(m))
            .map(|p| p as i64 + 1)
            .unwrap_or(0)
    };
    let r = EN_MDY.get_or_init(|| {
        Regex::new(&format!(
            r"\b{MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
        ))
        .expect("valid regex")
    });
    if let Some(c) = (!ascii || mdy_possible(b))
        .then(|| r.captures(folded))
        .flatten()
    {
        let m = c.get(0).unwrap();
        consider(
            iso(num(&c[3]), month(&c[1]), num(&c[2])),
            m.start(),
            m.end(),
        );
    }
    let r = en_dmy_regex();
    // In ASCII text the day-month-year form is matched by hand (the lines
    // of a "By … | Updated 16 Mar 2024" kind match it, and the regex's
    // captures cost thousands of instructions a line); elsewhere by the
    // regex, which is the definition `en_dmy_ascii` is tested against.
    let dmy = if ascii {
        en_dmy_ascii(b)
    } else {
        r.captures(folded).map(|c| {
            let (m, day, mon, year) = (
                c.get(0).unwrap(),
                c.get(1).unwrap(),
                c.get(2).unwrap(),
                c.get(3).unwrap(),
            );
            EnDmy {
                start: m.start(),
                end: m.end(),
                day: day.range(),
                month: mon.range(),
                year: year.range(),
            }
        })
    };
    if let Some(d) = dmy {
        consider(
            iso(
                num(&folded[d.year]),
                month(&folded[d.month]),
                num(&folded[d.day]),
            ),
            d.start,
            d.end,
        );
    }
    best
}

/// The month group of the English date regexes.
const MONTH_RE: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// The English day-month-year date regex ("16 mar 2024", "5th june, 2021").
fn en_dmy_regex() -> &'static Regex {
    static EN_DMY: OnceLock<Regex> = OnceLock::new();
    EN_DMY.get_or_init(|| {
        Regex::new(&format!(
            r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_RE},?\s+(\d{{4}})\b"
        ))
        .expect("valid regex")
    })
}

/// Where the English day-month-year date form matched: the whole match and
/// its day, month and year groups, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EnDmy {
    start: usize,
    end: usize,
    day: std::ops::Range<usize>,
    month: std::ops::Range<usize>,
    year: std::ops::Range<usize>,
}

/// The month spellings of the date regexes' month group.
const MONTH_NAMES: &[&[u8]] = &[
    b"jan",
    b"january",
    b"feb",
    b"february",
    b"mar",
    b"march",
    b"apr",
    b"april",
    b"may",
    b"jun",
    b"june",
    b"jul",
    b"july",
    b"aug",
    b"august",
    b"sep",
    b"sept",
    b"september",
    b"oct",
    b"october",
    b"nov",
    b"november",
    b"dec",
    b"december",
];

/// The leftmost match of the English day-month-year regex
/// (`\b(\d{1,2})(?:st|nd|rd|th)?\s+MONTH\.?,?\s+(\d{4})\b`) in ASCII text,
/// where `\b`, `\d` and `\s` mean their ASCII classes. Each part is
/// followed by a character its neighbour cannot start with, so no
/// backtracking can find another match: the day is a whole run of one or
/// two digits, the month a whole run of letters that is one of the
/// spellings, the year a whole run of four digits.
fn en_dmy_ascii(b: &[u8]) -> Option<EnDmy> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    // The end of the run of bytes from `i` that pass `f`.
    fn run(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
        while i < b.len() && f(b[i]) {
            i += 1;
        }
        i
    }
    (0..b.len()).find_map(|p| {
        if !b[p].is_ascii_digit() || (p > 0 && word(b[p - 1])) {
            return None;
        }
        let day_end = run(b, p, |c| c.is_ascii_digit());
        if day_end - p > 2 {
            return None;
        }
        let mut i = day_end;
        if matches!(b.get(i..i + 2), Some(b"st" | b"nd" | b"rd" | b"th")) {
            i += 2;
        }
        let mon = run(b, i, space);
        if mon == i {
            return None;
        }
        let mon_end = run(b, mon, |c| c.is_ascii_alphabetic());
        if !MONTH_NAMES.contains(&&b[mon..mon_end]) {
            return None;
        }
        i = mon_end;
        if b.get(i) == Some(&b'.') {
            i += 1;
        }
        if b.get(i) == Some(&b',') {
            i += 1;
        }
        let year = run(b, i, space);
        if year == i {
            return None;
        }
        let end = run(b, year, |c| c.is_ascii_digit());
        (end - year == 4 && !b.get(end).is_some_and(|&c| word(c))).then_some(EnDmy {
            start: p,
            end,
            day: p..day_end,
            month: mon..mon_end,
            year: year..end,
        })
    })
}

/// Are there four ASCII digits in a row? One pass over the bytes without
/// an early exit, so that it is vectorized.
fn has_four_digits(b: &[u8]) -> bool {
    let d = |c: &u8| c.wrapping_sub(b'0') < 10;
    let tail = |k: usize| &b[k.min(b.len())..];
    b.iter()
        .zip(tail(1))
        .zip(tail(2))
        .zip(tail(3))
        .fold(false, |acc, (((w, x), y), z)| {
            acc | (d(w) & d(x) & d(y) & d(z))
        })
}

/// Does a word (a run of ASCII letters and digits) start with the first
/// three letters of a month? Both English date forms need one: the month
/// follows a word boundary or a space.
fn has_month_word(b: &[u8]) -> bool {
    (0..b.len()).any(|i| (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && is_month_at(b, i))
}

/// Do the bytes at `i` start with the first three letters of a month?
/// Compared as numbers, not as slices.
#[inline]
fn is_month_at(b: &[u8], i: usize) -> bool {
    const KEYS: [u32; 12] = {
        let mut k = [0u32; 12];
        let mut m = 0;
        while m < 12 {
            let w = MONTHS[m].as_bytes();
            k[m] = w[0] as u32 | (w[1] as u32) << 8 | (w[2] as u32) << 16;
            m += 1;
        }
        k
    };
    b.get(i..i + 3).is_some_and(|p| {
        let key = u32::from(p[0]) | u32::from(p[1]) << 8 | u32::from(p[2]) << 16;
        KEYS.contains(&key)
    })
}

/// Could the English month-day-year pattern match this ASCII text? Its
/// month (a word's first letters, the rest of the word's letters, an
/// optional '.') is followed by whitespace and a day of one or two digits
/// (a third digit would stop the match: the day is followed by a suffix,
/// a comma or whitespace).
fn mdy_possible(b: &[u8]) -> bool {
    let n = b.len();
    let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    (0..n).any(|p| {
        if (p > 0 && b[p - 1].is_ascii_alphanumeric()) || !is_month_at(b, p) {
            return false;
        }
        let mut j = p;
        while j < n && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j < n && b[j] == b'.' {
            j += 1;
        }
        let spaces = j;
        while j < n && space(b[j]) {
            j += 1;
        }
        let digits = j;
        while j < n && b[j].is_ascii_digit() {
            j += 1;
        }
        j > digits && digits > spaces && j - digits <= 2
    })
}

/// Words that may surround a date on a date line (folded).
const DATE_LINE_WORDS: &[&str] = &[
    "published",
    "on",
    "updated",
    "posted",
    "date",
    "at",
    "gmt",
    "am",
    "pm",
    "sa",
    "ch",
    "ngay",
    "dang",
    "cap",
    "nhat",
    "luc",
    "thu",
    "hai",
    "ba",
    "tu",
    "nam",
    "sau",
    "bay",
    "chu",
    "nhat",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "h",
    "gio",
    "today",
    "hom",
    "nay",
    "xuat",
    "ban",
    "by",
];

/// If the line is a date line (a date and little else), its ISO date.
/// "Published on 10 - 01 - 2023", "Thứ hai, 10/01/2023 08:30",
/// "Báo X29/12/2023", "(23/10/2013 23:08)".
pub fn date_line(raw: &str) -> Option<String> {
    date_line_folded(&fold(raw))
}

/// [`date_line`] for a caller that has the folded line.
pub fn date_line_folded(folded: &str) -> Option<String> {
    let chars = if folded.is_ascii() {
        folded.len()
    } else {
        folded.chars().count()
    };
    if chars > 90 {
        return None;
    }
    let (date, s, e) = find_date(folded)?;
    let rest = format!("{} {}", &folded[..s], &folded[e..]);
    let others = words(&rest)
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !DATE_LINE_WORDS.contains(w) && !w.starts_with("gmt"))
        .count();
    (others <= 5).then_some(date)
}

/// A bare URL (a "Source: http..." tail or a 404 page's address).
pub fn is_url(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

/// A caption: a short line that starts or ends with a photo credit
/// ("Ảnh: X", "(Photo: CTV)", "... bị thiêu rụi. Ảnh: Getty Images").
pub fn is_caption(text: &str) -> bool {
    let f = fold(text);
    is_caption_with(&f, &TextStats::with_fold(text, &f))
}

/// [`is_caption`] for a caller that has the folded text and its stats.
pub fn is_caption_with(f: &str, st: &TextStats) -> bool {
    let head = f.trim_start_matches(['(', '[', ' ']);
    let starts = [
        "anh:",
        "anh :",
        "photo:",
        "photo :",
        "anh minh hoa",
        "photo by",
        "nguon anh",
        "image:",
    ];
    // Every opening and credit starts with one of these letters: most
    // lines are ruled out by one byte, without the comparisons.
    let may_open = |t: &str| matches!(t.as_bytes().first(), Some(b'a' | b'p' | b'n' | b'i'));
    if st.words <= 10 && may_open(head) && starts.iter().any(|s| head.starts_with(s)) {
        return true;
    }
    if st.words > 30 {
        return false;
    }
    let tail = caption_tail(f);
    if !may_open(tail) {
        return false;
    }
    let credit = [
        "anh:",
        "anh :",
        "photo:",
        "photo :",
        "anh minh hoa",
        "nguon anh:",
        "image:",
    ];
    credit.iter().any(|c| tail.starts_with(c)) && words_at_most(tail, 8)
}

/// Where a caption's credit would be: after the last "(" or the last
/// sentence end. Both marks are ASCII: a byte search finds the same char
/// boundary.
fn caption_tail(f: &str) -> &str {
    let tail_start = memchr::memrchr2(b'(', b'.', f.as_bytes()).map_or(0, |i| i + 1);
    f[tail_start..].trim_start()
}

fn words_at_most(s: &str, n: usize) -> bool {
    words(s).count() <= n
}

/// A name line closing an article ("Thanh Truc", "An Bình Tổng hợp",
/// "HUY HÀ", "Ngọc Trinh (Theo Daily Mail)"): a few words, mostly
/// capitalized, no digits, no sentence end.
pub fn looks_like_byline(text: &str) -> bool {
    let st = TextStats::of(text);
    if st.sentence_end || text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let ws: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if !(2..=7).contains(&ws.len()) || all_chrome_words(&fold(text)) {
        return false;
    }
    let caps = ws
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    caps * 3 >= ws.len() * 2
}

/// Is this line "today's date" page chrome rather than the article's date?
pub fn is_today_line(folded: &str) -> bool {
    folded.contains("hom nay") || folded.contains("today")
}

/// The span `[start, end)` of `weights` with the largest sum (empty when all
/// are negative). Ties keep the earliest, longest span, so results are stable.
pub fn max_span(weights: &[f64]) -> Option<(usize, usize)> {
    max_span_with_gaps(weights, &[])
}

/// [`max_span`] where `gaps[i]` (0 where `gaps` is shorter) is paid by a
/// span that runs from before item `i` through it: Kadane's algorithm with
/// costs between the items, for chrome dropped between two blocks.
pub fn max_span_with_gaps(weights: &[f64], gaps: &[f64]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, f64)> = None;
    let mut cur_start = 0;
    let mut cur = 0.0;
    for (i, &w) in weights.iter().enumerate() {
        if cur > 0.0 {
            cur -= gaps.get(i).copied().unwrap_or(0.0);
        }
        if cur <= 0.0 {
            cur_start = i;
            cur = 0.0;
        }
        cur += w;
        if cur > 0.0 && !matches!(best, Some(b) if cur <= b.2) {
            best = Some((cur_start, i + 1, cur));
        }
    }
    best.map(|(s, e, _)| (s, e))
}

#[cfg(test)]
mod fast_path_tests {
    //! The byte-level and pre-checked paths against their definitions (the
    //! same functions with the shortcuts off, or plain scans), on random
    //! text built of what they look for.
    use super::*;
    use proptest::prelude::*;

    #[rustfmt::skip]
    const TOKENS: &[&str] = &[
        "16 mar 2024", "march 25,", "2024", "1987", "12345", "mar", "sept.", "december", "may",
        "5th", "1st", "10/01/2023", "2023-12-29", "2023-1-5", "29-12-2023", "1.2.2020",
        "5 thang 3 nam 2021", "thang", "nam", "08:30", "(04/03/2021 2:00 ch)", "gmt+7", "published on",
        "updated", "related", "news", "most", "read", "tin", "lien", "quan", "xem", "them",
        "lien ket website", "tin cung chuyen muc", "comment", "hit", "counter", "the", "of",
        "share", "print", "email", "photo:", "anh:", "(anh: ctv)", "nguon anh:", "image:",
        "a", "b", "x", "0", "7", "|", ".", "(", ")", "-", "/", ",", ":", "_", "²", "٣", "日本",
        "đ", "Đà", "UPPER", "\u{a0}", "\u{200b}",
    ];

    fn text() -> impl Strategy<Value = String> {
        crate::boilerplate::token_lines(TOKENS, &[" ", " ", "", "  ", "\t", ", ", "."], 12)
    }

    /// Text that is mostly ASCII words, with the non-ASCII characters
    /// English and Vietnamese lines carry (Latin-1 and Vietnamese letters,
    /// combining marks, curly quotes, dashes, signs) and some CJK.
    fn mixed_text() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "the", "of", "and", "said", "Word", "cafe", "x", "42", "5th", " ", " ", "  ", "\t",
            "\n", "\u{b}", ",", ".", "-", "'", "\"", "(", "é", "É", "ü", "ñ", "ø", "ß", "ệ", "Ư",
            "ạ", "đ", "Đ", "\u{301}", "\u{323}", "\u{308}", "日本", "語", "한", "か", "\u{2014}",
            "\u{2013}", "\u{2018}", "\u{2019}", "\u{201c}", "\u{201d}", "\u{2026}", "£", "€",
            "\u{a0}", "\u{200b}", "²", "½", "µ", "ª", "٣", "\u{ad}", "\u{3000}", "。", "ｆ", "а",
        ];
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn mixed_word_counts_match_the_reference(raw in mixed_text()) {
            // Both the raw text (CJK, marks and capitals left in) and its fold.
            for t in [raw.clone(), fold(&raw)] {
                prop_assert_eq!(word_counts(&t), word_counts_reference(&t));
                let mut ws = vec!["x"];
                let counts = word_counts_into(&t, &mut ws);
                prop_assert_eq!(counts, word_counts_reference(&t));
                let by_chars: Vec<&str> = words(&t).collect();
                prop_assert_eq!(&ws[1..], by_chars.as_slice());
                let mut ws2 = vec!["x"];
                words_into(&t, &mut ws2);
                prop_assert_eq!(ws, ws2);
            }
        }

        #[test]
        fn checks_match_their_definitions(raw in text()) {
            let folded = fold(&raw);
            prop_assert_eq!(find_date(&folded), find_date_with(&folded, false));
            prop_assert_eq!(find_date(&raw), find_date_with(&raw, false));
            // The word filters in front of the chrome vocabulary pass every
            // word of it (`every_vocabulary_word_passes_its_filter`), so these
            // agree with the plain lookups; the word-list forms agree with
            // the text forms.
            let mut ws = Vec::new();
            words_into(&folded, &mut ws);
            prop_assert_eq!(has_chrome_phrase_in(&ws), has_chrome_phrase(&folded));
            prop_assert_eq!(all_chrome_words_in(&ws), all_chrome_words(&folded));
            // The caption check found its credit with `rfind` before.
            let tail = &folded[folded.rfind(['(', '.']).map_or(0, |i| i + 1)..];
            prop_assert_eq!(caption_tail(&folded), tail.trim_start());
        }

        #[test]
        fn fold_into_and_words_into_match_fold_and_words(
            raw in "([\x00-\x7f]{0,150}|[a-zA-Zđà .,\t²_]{0,150})",
            before in "[a-z ]{0,3}",
        ) {
            let mut buf = before.clone().into_bytes();
            fold_into(&raw, &mut buf);
            let folded = fold(&raw);
            prop_assert_eq!(&buf[before.len()..], folded.as_bytes());
            let mut ws = vec!["x"];
            words_into(&folded, &mut ws);
            let by_chars: Vec<&str> = words(&folded).collect();
            prop_assert_eq!(&ws[1..], by_chars.as_slice());
            let mut ws2 = vec!["x"];
            let (a, b) = (TextStats::with_words_into(&raw, &folded, &mut ws2), TextStats::of(&raw));
            prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
            prop_assert_eq!(ws, ws2);
        }
    }

    #[test]
    fn every_vocabulary_word_passes_its_filter() {
        let vocab = chrome_vocab();
        assert!(vocab.phrases.iter().all(|p| vocab.firsts.may_hold(p[0])));
        assert!(vocab.words.iter().all(|w| vocab.all.may_hold(w)));
        // The filter rules out most words (else it saves nothing).
        let out = [
            "said", "bridge", "council", "minister", "market", "the", "of", "shares",
        ]
        .iter()
        .filter(|w| !vocab.all.may_hold(w))
        .count();
        assert!(out >= 4, "{out}");
    }

    proptest! {
        #[test]
        fn four_digits_is_a_digit_run(s in "[0-9a. ]{0,12}") {
            let by_windows = s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
            prop_assert_eq!(has_four_digits(s.as_bytes()), by_windows);
        }
    }

    /// Text shaped like the English day-month-year form, each part drawn
    /// from valid spellings and near misses (a third digit, a glued
    /// letter, a missing space, a capital), twice in a row so that the
    /// leftmost match is tested too.
    fn date_pieces() -> impl Strategy<Value = String> {
        let sel = |p: &'static [&'static str]| prop::sample::select(p);
        let one = (
            sel(&["", "x", "a_", "updated ", "(", "-", "7", "1st 2 "]),
            sel(&["1", "16", "123", "05", "", "x1"]),
            sel(&["", "st", "th", "nd", "rd", "s", "ts"]),
            sel(&[" ", "  ", "\t", "\u{b}", "", "\n "]),
            sel(&[
                "mar",
                "march",
                "marc",
                "sept",
                "september",
                "sep",
                "septem",
                "may",
                "june",
                "jun",
                "Mar",
                "dec",
                "december",
                "janx",
                "oct1",
            ]),
            sel(&["", ".", ",", ".,", ",.", ".."]),
            sel(&[" ", "  ", "", "\t"]),
            sel(&["2024", "20245", "202", "1999", "0000"]),
            sel(&["", " ", "_", "x", ".", "5", ")", " 2025"]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h, i)| [a, b, c, d, e, f, g, h, i].concat());
        (one.clone(), one).prop_map(|(a, b)| a + &b)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn en_dmy_by_hand_is_the_regex(s in date_pieces()) {
            let by_regex = en_dmy_regex().captures(&s).map(|c| EnDmy {
                start: c.get(0).unwrap().start(),
                end: c.get(0).unwrap().end(),
                day: c.get(1).unwrap().range(),
                month: c.get(2).unwrap().range(),
                year: c.get(3).unwrap().range(),
            });
            prop_assert_eq!(en_dmy_ascii(s.as_bytes()), by_regex, "{:?}", s);
        }
    }

    #[test]
    fn en_dmy_by_hand_finds_dates() {
        for s in [
            "updated 16 mar 2024",
            "on 5th june, 2021.",
            "1 sept. 1999",
            "x 12 december  2020_",
        ] {
            assert_eq!(
                en_dmy_ascii(s.as_bytes()).is_some(),
                en_dmy_regex().is_match(s),
                "{s}"
            );
        }
        assert!(en_dmy_ascii(b"updated 16 mar 2024").is_some());
    }

    #[test]
    fn words_across_block_boundaries() {
        let long = format!("{} {} end", "a".repeat(63), "b".repeat(70));
        let mut ws = Vec::new();
        words_into(&long, &mut ws);
        assert_eq!(ws, words(&long).collect::<Vec<_>>());
        assert_eq!(ws.len(), 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_matches_match_key() {
        for s in [
            "  Hello\tWORLD \n x ",
            "",
            "a",
            "Mixed  Case.\r\nLine",
            "\u{b}v\u{c}",
        ] {
            assert_eq!(fold(s), crate::normalize::match_key(s), "{s:?}");
        }
    }

    #[test]
    fn fold_ignores_marks_invisibles_and_nbsp() {
        assert_eq!(fold("Hòa\u{00A0}bình"), "hoa binh");
        assert_eq!(fold("Ho\u{0300}a"), "hoa");
        assert_eq!(fold("ch\u{00AD}ưa\u{200B} đi"), "chua di");
        assert_eq!(fold("  Đà  Nẵng "), "da nang");
    }

    #[test]
    fn dates_in_many_shapes() {
        assert_eq!(
            date_line("Published on 10 - 01 - 2023").as_deref(),
            Some("2023-01-10")
        );
        assert_eq!(
            date_line("Thứ hai, 10/01/2023 08:30").as_deref(),
            Some("2023-01-10")
        );
        assert_eq!(date_line("ngày 10/1/2023").as_deref(), Some("2023-01-10"));
        assert_eq!(
            date_line("Báo Quốc TếBáo Quốc Tế29/12/2023").as_deref(),
            Some("2023-12-29")
        );
        assert_eq!(
            date_line("Saturday, November 9, 2013 22:00").as_deref(),
            Some("2013-11-09")
        );
        assert_eq!(
            date_line("(23/10/2013 23:08)").as_deref(),
            Some("2013-10-23")
        );
        assert_eq!(
            date_line("Ngày 5 tháng 3 năm 2021").as_deref(),
            Some("2021-03-05")
        );
        assert!(date_line(
            "Hôm qua trời mưa rất to ở nhiều nơi trong thành phố lớn nhất cả nước 10/01/2023"
        )
        .is_none());
    }

    #[test]
    fn max_span_finds_dense_run() {
        assert_eq!(max_span(&[-5.0, 3.0, -1.0, 4.0, -10.0, 2.0]), Some((1, 4)));
        assert_eq!(max_span(&[-1.0, -2.0]), None);
        assert_eq!(max_span(&[]), None);
    }

    proptest::proptest! {
        #[test]
        fn ascii_fold_is_the_match_key(s in "([\x00-\x7f]{0,30}|[a-zA-Z .,\t]{0,40})") {
            proptest::prop_assert_eq!(fold(&s), crate::normalize::match_key(&s));
        }

        #[test]
        fn ascii_counts_match_the_char_path(s in "[ -~\t\n]{0,80}") {
            let folded = fold(&s);
            proptest::prop_assert_eq!(word_counts_ascii(&folded), word_counts(&folded));
            proptest::prop_assert_eq!(word_counts(&folded), word_counts_reference(&folded));
        }

        #[test]
        fn letter_counts_match_the_char_methods(s in "[a-zA-Z .\u{e0}-\u{ff}\u{c0}\u{1ea0}-\u{1ef9}\u{2019}\u{a0}\u{4e00}\u{3b1}\u{391}]{0,80}") {
            let by_chars = s.chars().filter(|c| c.is_alphabetic()).fold((0, 0), |(l, u), c| {
                (l + 1, u + usize::from(c.is_uppercase()))
            });
            proptest::prop_assert_eq!(letters_upper(&s), by_chars);
        }

        #[test]
        fn ascii_letter_counts_match_the_char_methods(s in "[\x00-\x7f]{0,80}") {
            let by_chars = (
                s.bytes().filter(u8::is_ascii_alphabetic).count(),
                s.bytes().filter(u8::is_ascii_uppercase).count(),
            );
            proptest::prop_assert_eq!(ascii_letters_upper(s.as_bytes()), by_chars);
        }
    }

    /// The definition: a five-character window slid over the text.
    fn inner_sentence_end_by_window(raw: &str) -> bool {
        let mut window = [' '; 5];
        raw.chars().any(|c| {
            window = [window[1], window[2], window[3], window[4], c];
            matches!(window[2], '.' | '!' | '?')
                && window[3] == ' '
                && window[4].is_uppercase()
                && window[1].is_alphanumeric()
                && window[0].is_alphanumeric()
        })
    }

    proptest::proptest! {
        #[test]
        fn inner_sentence_end_matches_its_definition(s in "[a-cA-CđĐ5 .!?,]{0,24}") {
            proptest::prop_assert_eq!(has_inner_sentence_end(&s), inner_sentence_end_by_window(&s));
        }
    }

    #[test]
    fn stop_set_holds_exactly_the_stop_words() {
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w}");
        }
        for w in [
            "",
            "thes",
            "th",
            "nguoiz",
            "ofthe",
            "a1",
            "nhieuu",
            "toolongword",
        ] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn inner_sentence_ends() {
        assert!(has_inner_sentence_end("It rained. Then it stopped"));
        assert!(has_inner_sentence_end("Giá tăng mạnh. Sau đó"));
        assert!(!has_inner_sentence_end("up 5%. Then"));
        assert!(!has_inner_sentence_end("U.S. Army"));
        assert!(!has_inner_sentence_end("ends here."));
        assert!(!has_inner_sentence_end("a. b"));
    }

    #[test]
    fn chrome_phrases_match_whole_words() {
        assert!(has_chrome_phrase(&fold("See the latest")));
        assert!(has_chrome_phrase(&fold("Tin liên quan hôm nay")));
        assert!(has_chrome_phrase(&fold("x most read")));
        assert!(!has_chrome_phrase(&fold("most of them read it")));
        assert!(!has_chrome_phrase(&fold("relatedness")));
    }

    #[test]
    fn chrome_words() {
        assert!(all_chrome_words(&fold("RELATED NEWS")));
        assert!(all_chrome_words(&fold("Tin liên quan")));
        assert!(all_chrome_words(&fold("Comment (0)")));
        assert!(!all_chrome_words(&fold("Thank you very much")));
    }
}
