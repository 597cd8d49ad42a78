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
pub fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII (most of any text, even Vietnamese) without decoding a char.
        let b = bytes[i];
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_word_char(c), c.len_utf8())
        };
        if word {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(s, &text[s..i]);
        }
        i += len;
    }
    if let Some(s) = start {
        f(s, &text[s..]);
    }
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
        let slow: Vec<(usize, &str)> = {
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
        };
        assert_eq!(words_with_offsets(text), slow);
        assert_eq!(words("x_y"), vec!["x", "y"]);
    }

    #[test]
    fn combining_marks_stay_in_the_word() {
        let nfd = "to\u{0302}\u{0301}t qua\u{0301}";
        assert_eq!(words(nfd).len(), 2);
    }
}
