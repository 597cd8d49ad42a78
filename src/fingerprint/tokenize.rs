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
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
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
    fn combining_marks_stay_in_the_word() {
        let nfd = "to\u{0302}\u{0301}t qua\u{0301}";
        assert_eq!(words(nfd).len(), 2);
    }
}
