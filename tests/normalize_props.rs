//! Invariants of normalization, over arbitrary text: idempotent, NFC out,
//! ASCII English unchanged, and valid Vietnamese text in new style
//! round-trips new → old → new.

use proptest::prelude::*;
use scour::normalize::{
    is_invisible, is_odd_space, Normalize, NormalizeConfig, Normalizer, ToneStyleConfig,
};
use unicode_normalization::is_nfc;

/// Valid Vietnamese syllables in new style, built from onsets, rhymes and
/// tones (rhymes carry where the tone goes in the new style).
fn vietnamese_syllable() -> impl Strategy<Value = String> {
    let onsets = prop::sample::select(vec![
        "", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "s", "t",
        "th", "tr", "v", "x", "Đ", "H", "Th", "NG",
    ]);
    // (rhyme with a `*` after the vowel that carries the tone in new style, stop final)
    let rhymes = prop::sample::select(vec![
        ("a*", false),
        ("o*a", false),
        ("oa*", false),
        ("oa*n", false),
        ("oe*", false),
        ("uy*", false),
        ("uy*nh", false),
        ("ươ*ng", false),
        ("ư*a", false),
        ("u*a", false),
        ("ươ*i", false),
        ("uô*i", false),
        ("ê*", false),
        ("iê*n", false),
        ("oa*i", false),
        ("a*i", false),
        ("ă*n", false),
        ("ô*t", true),
        ("a*c", true),
        ("oa*t", true),
        ("ê*ch", true),
    ]);
    let tones = prop::sample::select(vec![
        "", "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}",
    ]);
    (onsets, rhymes, tones).prop_map(|(o, (r, stop), t)| {
        let t = if stop && !matches!(t, "\u{0301}" | "\u{0323}") {
            "\u{0301}"
        } else {
            t
        };
        // "o*a" stands for the old-style form: normalize it to new first.
        let r = if r == "o*a" { "oa*" } else { r };
        let s = format!("{o}{}", r.replace('*', t));
        use unicode_normalization::UnicodeNormalization;
        let s: String = s.nfc().collect();
        if o.chars().all(|c| c.is_uppercase()) && !o.is_empty() && o.len() > 1 {
            s.to_uppercase()
        } else {
            s
        }
    })
}

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
    fn vietnamese_new_old_new_round_trip(words in prop::collection::vec(vietnamese_syllable(), 1..12)) {
        let text = words.join(" ");
        let cfg = |style| Normalizer::new(&NormalizeConfig { tone_style: style, ..Default::default() });
        let new = cfg(ToneStyleConfig::New);
        let old = cfg(ToneStyleConfig::Old);
        let n1 = new.normalize(&text).into_owned();
        prop_assert_eq!(&n1, &text, "new-style input must be a fixed point");
        let o = old.normalize(&n1).into_owned();
        prop_assert!(is_nfc(&o));
        let n2 = new.normalize(&o).into_owned();
        prop_assert_eq!(n2, text);
    }

    #[test]
    fn clean_ascii_english_is_unchanged(words in prop::collection::vec("[A-Za-z0-9,.;:!?'()-]{1,12}", 1..20)) {
        let s = words.join(" ");
        prop_assert_eq!(Normalizer::default().normalize(&s).into_owned(), s);
    }
}

proptest! {
    /// The fuzz target's property, as a test: arbitrary bytes through the
    /// decoder and the normalizer never panic and give NFC UTF-8.
    #[test]
    fn arbitrary_bytes_no_panic(data in prop::collection::vec(any::<u8>(), 0..256)) {
        let decoded = scour::ingest::decode::decode(&data, false);
        let out = Normalizer::default().normalize_noted(&decoded.text);
        prop_assert!(is_nfc(&out.text));
    }
}
