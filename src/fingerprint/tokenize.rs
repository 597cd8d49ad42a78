//! Word tokenization shared by fingerprinting and event features.
//!
//! A word is a maximal run of Unicode letters, digits and combining marks
//! (so decomposed tone marks stay inside their syllable). Vietnamese
//! syllables are space-separated, so each syllable is one word; no
//! dictionary-based segmentation is attempted.

/// True for characters that belong inside a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Words of `text` in order, as slices of it (case is kept).
pub fn words(text: &str) -> Vec<&str> {
    words_with_offsets(text)
        .into_iter()
        .map(|(_, w)| w)
        .collect()
}

/// Words with their byte offsets in `text`.
pub fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    for_each_word(text, |i, w| out.push((i, w)));
    out
}

/// Calls `f` with each word of `text` and its byte offset, in order,
/// without collecting them.
///
/// Text is read 64 bytes at a time: a block of ASCII becomes a bit mask of
/// its word bytes (a loop the compiler vectorizes), and the words are found
/// from the mask's bit runs, so the cost is per word rather than a branch
/// per byte. Blocks with other bytes are read character by character.
pub fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    for_each_word_span(text, |s, e| f(s, &text[s..e]));
}

/// [`for_each_word`] giving each word as its byte range `start..end` in
/// `text` (always on character boundaries): for callers that only read the
/// word's bytes and need no `&str`, whose slicing checks the boundaries.
///
/// Each 64-byte block becomes a mask of its word bytes; a word byte after a
/// non-word byte starts a word and a non-word byte after a word byte ends
/// one, so the words are paired from the two masks' set bits, a few
/// instructions each. An ASCII block's mask is a vectorized loop; a block
/// with other characters decodes only the characters' lead bytes and gives
/// their continuation bytes the lead's bit. The last, partial block is
/// padded with spaces (a text whose last word reaches a block's end gets
/// one of spaces only), so every word ends inside a block and `f` is
/// called from one place, where the compiler inlines it.
#[inline(always)]
pub fn for_each_word_span(text: &str, f: impl FnMut(usize, usize)) {
    for_each_word_span_utf8(text.as_bytes(), f);
}

/// [`for_each_word_span`] over the bytes of a UTF-8 text: for a caller that
/// built the text itself and so need not have it validated as a `str`.
/// (Bytes of a sequence that is not UTF-8 count as outside words.)
#[inline(always)]
pub(crate) fn for_each_word_span_utf8(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let n = bytes.len();
    // Where the word running into the current block started, if one does.
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < n || open.is_some() {
        let padded;
        let block: &[u8; 64] = match bytes.get(i..i + 64).and_then(|b| b.try_into().ok()) {
            Some(block) => block,
            None => {
                let mut pad = [b' '; 64];
                let rest = bytes.get(i..).unwrap_or_default();
                pad[..rest.len()].copy_from_slice(rest);
                padded = pad;
                &padded
            }
        };
        let mask = match ascii_word_mask(block) {
            Some(mask) => mask,
            None => mixed_word_mask(bytes, i, block, open.is_some()),
        };
        let before = (mask << 1) | u64::from(open.is_some());
        let mut starts = mask & !before;
        let mut ends = !mask & before;
        // Starts and ends alternate: each end closes the open word, else
        // the next start; a start left over opens a word into the next
        // block. `s` is the start of the next word to close, `i + 64` for
        // none (the trailing-zero count of no bits is 64).
        let mut s = match open {
            Some(s) => s,
            None => {
                let s = i + starts.trailing_zeros() as usize;
                starts &= starts.wrapping_sub(1);
                s
            }
        };
        while ends != 0 {
            f(s, i + ends.trailing_zeros() as usize);
            ends &= ends - 1;
            s = i + starts.trailing_zeros() as usize;
            starts &= starts.wrapping_sub(1);
        }
        open = (s < i + 64).then_some(s);
        i += 64;
    }
}

/// Word-byte mask of a block of UTF-8 `text` at byte `at` that has
/// non-ASCII bytes (`block` is `text[at..]`, padded with spaces past the end).
/// `carry`: whether the byte before the block is a word byte, which a
/// character straddling into the block continues.
#[cold]
#[inline(never)]
fn mixed_word_mask(text: &[u8], at: usize, block: &[u8; 64], carry: bool) -> u64 {
    let mut mask = ascii_mask(block);
    let (mut leads, mut conts) = ([0u8; 64], [0u8; 64]);
    for ((l, c), &b) in leads.iter_mut().zip(conts.iter_mut()).zip(block) {
        *l = u8::from(b >= 0xC0);
        *c = u8::from(b & 0xC0 == 0x80);
    }
    let (mut lead, cont) = (flags_to_mask(&leads), flags_to_mask(&conts));
    while lead != 0 {
        let j = lead.trailing_zeros() as usize;
        lead &= lead - 1;
        let len = match block[j] {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        let word = text
            .get(at + j..at + j + len)
            .and_then(|c| std::str::from_utf8(c).ok())
            .and_then(|c| c.chars().next())
            .is_some_and(is_word_char);
        mask |= u64::from(word) << j;
    }
    // A continuation byte is a word byte when its character's lead is: at
    // most three follow a lead.
    for _ in 0..3 {
        mask |= ((mask << 1) | u64::from(carry)) & cont;
    }
    mask
}

/// The words of ASCII text (maximal runs of ASCII letters and digits, as
/// [`for_each_word_span`] finds in ASCII text), as byte spans handed to
/// `f`: 64 bytes at a time by a mask of their word bytes, the last block
/// padded with spaces, so that no byte is looked at one by one.
#[inline(always)]
pub fn for_each_ascii_word_span(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let n = bytes.len();
    // Where the word running into the current block started, if one does.
    let mut open: Option<usize> = None;
    let mut i = 0;
    // `f` is called at one place only, so that a caller's closure is
    // inlined: a word running to the end of the text is closed by one more
    // block, all padding.
    while i < n || open.is_some() {
        let mask = match bytes.get(i..i + 64) {
            Some(block) => ascii_mask(block.try_into().expect("64 bytes")),
            None => {
                let mut pad = [b' '; 64];
                let rest = &bytes[i.min(n)..];
                pad[..rest.len()].copy_from_slice(rest);
                ascii_mask(&pad)
            }
        };
        // A word byte after a non-word byte starts a word; a non-word byte
        // after a word byte ends one. Starts and ends alternate, so each
        // end pairs with the open word's start, else with the next start.
        let before = (mask << 1) | u64::from(open.is_some());
        let mut starts = mask & !before;
        let mut ends = !mask & before;
        while ends != 0 {
            let s = match open.take() {
                Some(s) => s,
                None => {
                    let s = i + starts.trailing_zeros() as usize;
                    starts &= starts - 1;
                    s
                }
            };
            f(s, i + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
        // At most one start is left: a word running into the next block.
        if starts != 0 {
            open = Some(i + starts.trailing_zeros() as usize);
        }
        i += 64;
    }
}

/// Bit `j` set where byte `j` of the block is an ASCII letter or digit.
#[inline]
fn ascii_mask(block: &[u8; 64]) -> u64 {
    let mut flags = [0u8; 64];
    for (f, &b) in flags.iter_mut().zip(block) {
        let digit = b.wrapping_sub(b'0') < 10;
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        *f = u8::from(digit | letter);
    }
    let mut mask = 0u64;
    for (j, eight) in flags.chunks_exact(8).enumerate() {
        let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        mask |= (v.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * j);
    }
    mask
}

/// Bit `j` set where byte `j` of the block is an ASCII letter or digit;
/// `None` when the block has a non-ASCII byte.
#[inline]
fn ascii_word_mask(block: &[u8; 64]) -> Option<u64> {
    // One 0/1 flag per byte: a branch-free loop the compiler vectorizes.
    let mut flags = [0u8; 64];
    let mut high = 0u8;
    for (f, &b) in flags.iter_mut().zip(block) {
        high |= b;
        let digit = b.wrapping_sub(b'0') < 10;
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        *f = u8::from(digit | letter);
    }
    if high >= 0x80 {
        return None;
    }
    Some(flags_to_mask(&flags))
}

/// Bit `j` set where flag `j` (0 or 1) is 1.
#[inline]
pub(crate) fn flags_to_mask(flags: &[u8; 64]) -> u64 {
    // Eight flags to eight bits with one multiply: byte `i` of the product's
    // top byte collects flag `i` times 2^i, and no partial sum carries.
    let mut mask = 0u64;
    for (j, eight) in flags.chunks_exact(8).enumerate() {
        let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        mask |= (v.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * j);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation_and_keeps_vietnamese_syllables() {
        assert_eq!(
            words("Thủ tướng Phạm Minh Chính, 10/1/2023!"),
            vec!["Thủ", "tướng", "Phạm", "Minh", "Chính", "10", "1", "2023"]
        );
        assert!(words("").is_empty());
        assert!(words(" ,.;").is_empty());
    }

    #[test]
    fn offsets_match_a_char_by_char_scan() {
        // The ASCII fast path agrees with char classification on mixed text.
        let text = "Hà Nội, 10/1 — e\u{301}p «ĐẠI» x_y ñ 3.5km\t\u{a0}end";
        assert_eq!(words_with_offsets(text), words_by_char(text));
        assert_eq!(words("x_y"), vec!["x", "y"]);
    }

    /// The character-by-character scan [`for_each_word`] must agree with.
    fn words_by_char(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            if is_word_char(c) {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        }
        if let Some(s) = start {
            out.push((s, &text[s..]));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_spans_agree_with_the_general_scan(s in "[a-zA-Z0-9 ,.\n_@\u{7f}~-]{0,200}") {
            let mut spans = Vec::new();
            for_each_ascii_word_span(s.as_bytes(), |a, b| spans.push((a, &s[a..b])));
            proptest::prop_assert_eq!(spans, words_by_char(&s));
        }

        #[test]
        fn blocks_agree_with_a_char_scan(s in "([a-zA-Z0-9 ,.\n_@\u{7f}]{0,150}|[a-z0-9 ,.à-ỹ\u{300}\u{301}\u{a0}—]{0,150}){1,4}") {
            // Long ASCII runs (whole blocks), mixed blocks, characters
            // straddling a block boundary, words across boundaries.
            proptest::prop_assert_eq!(words_with_offsets(&s), words_by_char(&s));
        }
    }

    #[test]
    fn words_across_block_boundaries() {
        for cut in 60..70 {
            let text = format!(
                "{}ab{}cd ế{}",
                "x".repeat(cut),
                " ".repeat(63),
                "y".repeat(70)
            );
            assert_eq!(words_with_offsets(&text), words_by_char(&text), "{cut}");
        }
    }

    #[test]
    fn ascii_words_running_to_a_block_end() {
        // A word that ends the text where a block ends is closed by the
        // padding block after it.
        for len in [1, 63, 64, 65, 127, 128, 129] {
            for text in [
                "a".repeat(len),
                format!("{} b", "a".repeat(len)),
                format!("{}b", " ".repeat(len)),
            ] {
                let mut spans = Vec::new();
                for_each_ascii_word_span(text.as_bytes(), |a, b| spans.push((a, &text[a..b])));
                assert_eq!(spans, words_by_char(&text), "{len}");
            }
        }
        let mut none = 0;
        for_each_ascii_word_span(b"", |_, _| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn combining_marks_stay_in_the_word() {
        let nfd = "to\u{0302}\u{0301}t qua\u{0301}";
        assert_eq!(words(nfd).len(), 2);
    }
}
