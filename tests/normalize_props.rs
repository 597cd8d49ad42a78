//! Invariants of normalization, over arbitrary text.

use proptest::prelude::*;
use scour::normalize::{is_invisible, is_odd_space, Normalize, Normalizer};
use unicode_normalization::is_nfc;

fn messy_text() -> impl Strategy<Value = String> {
    // Vietnamese letters, combining marks, every kind of space and invisible,
    // line breaks, plus arbitrary characters.
    let pieces = prop_oneof![
        Just("a".to_string()),
        Just("ệ".to_string()),
        Just("e\u{0302}\u{0323}".to_string()),
        Just("\u{0301}".to_string()),
        Just("Đ".to_string()),
        Just(" ".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{00AD}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{3000}".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..64).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn idempotent(s in messy_text()) {
        let n = Normalizer::default();
        let once = n.normalize(&s).into_owned();
        let twice = n.normalize(&once).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn output_is_nfc_without_odd_spaces(s in messy_text()) {
        let out = Normalizer::default().normalize(&s).into_owned();
        prop_assert!(is_nfc(&out));
        prop_assert!(!out.chars().any(|c| is_invisible(c) || is_odd_space(c) || c == '\r'));
        prop_assert!(!out.contains("  ") && !out.contains("\n\n\n"));
        prop_assert!(!out.starts_with([' ', '\n']) && !out.ends_with([' ', '\n']));
    }

    #[test]
    fn clean_ascii_english_is_unchanged(words in prop::collection::vec("[A-Za-z0-9,.;:!?'()-]{1,12}", 1..20)) {
        let s = words.join(" ");
        prop_assert_eq!(Normalizer::default().normalize(&s).into_owned(), s);
    }
}
