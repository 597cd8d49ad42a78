//! Vietnamese syllables: parse, validate, and place the tone mark by rule.
//!
//! A syllable is `initial consonant + vowel cluster (medial, nucleus,
//! semivowel) + final consonant + tone`. The parser works on the decomposed
//! letters of one word, so precomposed, decomposed and mixed input (a
//! precomposed `ê` followed by a combining tone) are all read the same way.
//! Only words that parse as a valid Vietnamese syllable are ever rewritten:
//! foreign words (Hernández, Montréal, English) fail the parse (letters
//! outside the Vietnamese alphabet, clusters Vietnamese does not have, an
//! illegal final consonant) and are left alone.
//!
//! Tone placement (Quyết định 1989/QĐ-BGDĐT, Điều 8, "new" style):
//! - a vowel with a shape mark (â ă ê ô ơ ư) carries the tone; in ươ it is ơ;
//! - otherwise a single vowel carries it;
//! - `oa`, `oe`, `uy` with no final consonant: new style on the second vowel
//!   (hoà, khoẻ, thuỷ), old style on the first (hòa, khỏe, thủy);
//! - any other two vowels followed by a final consonant: the second (toán);
//! - three vowels: the middle one (ngoài, khuỷu);
//! - remaining open pairs (ai, ao, au, ay, eo, ia, iu, oi, ua, ui): the first
//!   (mùa, tài); `qu` and `gi` (before a vowel) are onsets, so quý, quả, giữa
//!   are read as y, a, ưa.
//!
//! i/y spelling variants (kĩ/kỹ, quí/quý) are different spellings, not
//! errors, and are never changed.

use unicode_normalization::UnicodeNormalization;

/// Where the tone goes when a syllable allows two placements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToneStyle {
    /// Quyết định 1989/QĐ-BGDĐT (2018): hoà, khoẻ, thuỷ.
    New,
    /// Traditional: hòa, khỏe, thủy.
    Old,
    /// Keep whichever of the two the text uses; misplaced tones are still fixed.
    Keep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    None,
    Circ,
    Breve,
    Horn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    None,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    fn mark(self) -> Option<char> {
        match self {
            Tone::None => None,
            Tone::Grave => Some('\u{0300}'),
            Tone::Acute => Some('\u{0301}'),
            Tone::Hook => Some('\u{0309}'),
            Tone::Tilde => Some('\u{0303}'),
            Tone::Dot => Some('\u{0323}'),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Letter {
    /// ASCII lowercase base, or 'đ'.
    base: char,
    shape: Shape,
    upper: bool,
}

impl Letter {
    fn is_vowel(&self) -> bool {
        matches!(self.base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
    /// The lowercase shaped letter without tone (e.g. 'ơ').
    fn shaped(&self) -> char {
        match (self.base, self.shape) {
            ('a', Shape::Circ) => 'â',
            ('a', Shape::Breve) => 'ă',
            ('e', Shape::Circ) => 'ê',
            ('o', Shape::Circ) => 'ô',
            ('o', Shape::Horn) => 'ơ',
            ('u', Shape::Horn) => 'ư',
            (b, _) => b,
        }
    }
}

/// What happened to one word.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct WordFix {
    /// The word carried two tone marks; the last one was kept.
    pub double_tone: bool,
}

/// Options for [`fix_word`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ToneOpts {
    pub style: ToneStyle,
    /// Restore a missing horn (đuợc → được) when only that makes the word valid.
    pub horn: bool,
    /// Read U+0311 (inverted breve) and U+030C (caron) on `a` as the breve.
    pub breve: bool,
    /// Resolve two tone marks on one word by keeping the last.
    pub double_tone: bool,
}

impl ToneOpts {
    /// A small number that identifies these options (for caches).
    pub(crate) fn key(&self) -> u8 {
        let style = match self.style {
            ToneStyle::New => 0,
            ToneStyle::Old => 1,
            ToneStyle::Keep => 2,
        };
        style
            | u8::from(self.horn) << 2
            | u8::from(self.breve) << 3
            | u8::from(self.double_tone) << 4
    }
}

/// A parsed syllable: letters, tone, and the index range of the vowel cluster.
struct Syllable {
    letters: Vec<Letter>,
    tone: Tone,
    tone_count: usize,
    /// Index of the letter that carried the tone in the input.
    tone_at: Option<usize>,
    changed_marks: bool,
}

fn decompose(word: &str, opts: &ToneOpts) -> Option<Syllable> {
    let mut letters: Vec<Letter> = Vec::with_capacity(word.len());
    let mut tone = Tone::None;
    let mut tone_count = 0;
    let mut tone_at = None;
    let mut changed_marks = false;
    for c in word.nfd() {
        let t = match c {
            '\u{0300}' | '\u{0340}' => Some(Tone::Grave),
            '\u{0301}' | '\u{0341}' => Some(Tone::Acute),
            '\u{0309}' => Some(Tone::Hook),
            '\u{0303}' => Some(Tone::Tilde),
            '\u{0323}' => Some(Tone::Dot),
            _ => None,
        };
        if let Some(t) = t {
            letters.last()?;
            tone = t;
            tone_count += 1;
            tone_at = Some(letters.len() - 1);
            continue;
        }
        let shape = match c {
            '\u{0302}' => Some(Shape::Circ),
            '\u{0306}' => Some(Shape::Breve),
            '\u{031B}' => Some(Shape::Horn),
            '\u{0311}' | '\u{030C}' if opts.breve => {
                changed_marks = true;
                Some(Shape::Breve)
            }
            _ => None,
        };
        if let Some(s) = shape {
            let l = letters.last_mut()?;
            let ok = matches!(
                (l.base, s),
                ('a', Shape::Circ)
                    | ('a', Shape::Breve)
                    | ('e', Shape::Circ)
                    | ('o', Shape::Circ)
                    | ('o', Shape::Horn)
                    | ('u', Shape::Horn)
            );
            if !ok || l.shape != Shape::None {
                return None;
            }
            l.shape = s;
            continue;
        }
        let (base, upper) = match c {
            'đ' => ('đ', false),
            'Đ' => ('đ', true),
            'a'..='z' => (c, false),
            'A'..='Z' => (c.to_ascii_lowercase(), true),
            _ => return None,
        };
        if matches!(base, 'f' | 'j' | 'w' | 'z') {
            return None;
        }
        letters.push(Letter {
            base,
            shape: Shape::None,
            upper,
        });
    }
    Some(Syllable {
        letters,
        tone,
        tone_count,
        tone_at,
        changed_marks,
    })
}

const INITIALS: [&str; 27] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 8] = ["ng", "nh", "ch", "c", "m", "n", "p", "t"];

/// Valid vowel clusters: (cluster, may end the syllable, may take a final consonant).
const CLUSTERS: &[(&str, bool, bool)] = &[
    ("a", true, true),
    ("ă", false, true),
    ("â", false, true),
    ("e", true, true),
    ("ê", true, true),
    ("i", true, true),
    ("o", true, true),
    ("ô", true, true),
    ("ơ", true, true),
    ("u", true, true),
    ("ư", true, true),
    ("y", true, true),
    ("ai", true, false),
    ("ao", true, false),
    ("au", true, false),
    ("ay", true, false),
    ("âu", true, false),
    ("ây", true, false),
    ("eo", true, false),
    ("êu", true, false),
    ("ia", true, false),
    ("iê", false, true),
    ("iu", true, false),
    ("oa", true, true),
    ("oă", false, true),
    ("oe", true, true),
    ("oi", true, false),
    ("ôi", true, false),
    ("ơi", true, false),
    ("oo", false, true),
    ("ua", true, false),
    ("uâ", false, true),
    ("uê", true, true),
    ("ui", true, false),
    ("uô", false, true),
    ("uơ", true, false),
    ("uy", true, true),
    ("ưa", true, false),
    ("ưi", true, false),
    ("ươ", false, true),
    ("ưu", true, false),
    ("yê", false, true),
    ("iêu", true, false),
    ("oai", true, false),
    ("oay", true, false),
    ("oeo", true, false),
    ("uây", true, false),
    ("uôi", true, false),
    ("uya", true, false),
    ("uyê", false, true),
    ("uyu", true, false),
    ("ươi", true, false),
    ("ươu", true, false),
    ("yêu", true, false),
];

/// Split letters into (initial length, cluster range, final length).
fn split(letters: &[Letter]) -> Option<(usize, usize, usize)> {
    let s: String = letters.iter().map(|l| l.shaped()).collect();
    let mut init = 0;
    for i in INITIALS {
        if s.starts_with(i) {
            let n = i.chars().count();
            if i == "gi" {
                // gi is the onset only before another vowel: gìn, gì read i.
                if !letters.get(2).is_some_and(Letter::is_vowel) {
                    continue;
                }
            }
            if i == "qu" && letters[1].shape != Shape::None {
                continue;
            }
            init = n;
            break;
        }
    }
    if letters.first().is_some_and(|l| l.base == 'q') && init != 2 {
        return None;
    }
    let mut end = init;
    while end < letters.len() && letters[end].is_vowel() {
        end += 1;
    }
    if end == init {
        return None;
    }
    let fin: String = s.chars().skip(end).collect();
    if !fin.is_empty() && !FINALS.contains(&fin.as_str()) {
        return None;
    }
    Some((init, end, letters.len() - end))
}

fn cluster_ok(cluster: &str, closed: bool) -> bool {
    CLUSTERS
        .iter()
        .any(|&(c, open, clo)| c == cluster && if closed { clo } else { open })
}

/// Index (within the cluster) of the vowel that carries the tone.
fn tone_index(cluster: &[char], closed: bool, style: ToneStyle, current: Option<usize>) -> usize {
    let shaped: Vec<usize> = cluster
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, 'â' | 'ă' | 'ê' | 'ô' | 'ơ' | 'ư'))
        .map(|(i, _)| i)
        .collect();
    if let Some(&last) = shaped.last() {
        // ươ: the tone goes on ơ; otherwise the (single) shaped vowel.
        return if shaped.len() > 1 { last } else { shaped[0] };
    }
    match cluster.len() {
        1 => 0,
        3 => 1,
        _ => {
            let pair: String = cluster.iter().collect();
            if closed || pair == "oo" {
                1
            } else if matches!(pair.as_str(), "oa" | "oe" | "uy") {
                match style {
                    ToneStyle::New => 1,
                    ToneStyle::Old => 0,
                    ToneStyle::Keep => current.filter(|&i| i <= 1).unwrap_or(1),
                }
            } else {
                0
            }
        }
    }
}

/// Whether a stop-final syllable carries an allowed tone (sắc or nặng).
fn tone_fits_final(fin: &str, tone: Tone) -> bool {
    !matches!(fin, "c" | "ch" | "p" | "t") || matches!(tone, Tone::Acute | Tone::Dot | Tone::None)
}

/// Parse and validate; on success return the syllable and cluster bounds.
fn analyse(word: &str, opts: &ToneOpts) -> Option<(Syllable, usize, usize)> {
    let mut syl = decompose(word, opts)?;
    if syl.letters.is_empty() {
        return None;
    }
    let (init, end, fin_len) = split(&syl.letters)?;
    let fin: String = syl.letters[end..].iter().map(|l| l.base).collect();
    let closed = fin_len > 0;
    let mut cluster: String = syl.letters[init..end].iter().map(|l| l.shaped()).collect();
    if !cluster_ok(&cluster, closed) && opts.horn {
        // Missing horn: uơ/ưo before a final or i/u is always ươ.
        let idx: Vec<usize> = (init..end).collect();
        for w in idx.windows(2) {
            let (a, b) = (syl.letters[w[0]], syl.letters[w[1]]);
            if a.base == 'u' && b.base == 'o' && (a.shape == Shape::Horn || b.shape == Shape::Horn)
            {
                let fixed: String = cluster
                    .replace("uơ", "ươ")
                    .replace("ưo", "ươ")
                    .replace("ưô", "ươ");
                if cluster_ok(&fixed, closed) {
                    syl.letters[w[0]].shape = Shape::Horn;
                    syl.letters[w[1]].shape = Shape::Horn;
                    syl.changed_marks = true;
                    cluster = fixed;
                }
                break;
            }
        }
    }
    if !cluster_ok(&cluster, closed) || !tone_fits_final(&fin, syl.tone) {
        return None;
    }
    Some((syl, init, end))
}

/// True when `word` (letters and marks only) is a valid Vietnamese syllable.
pub(crate) fn is_syllable(word: &str) -> bool {
    analyse(
        word,
        &ToneOpts {
            style: ToneStyle::Keep,
            horn: false,
            breve: false,
            double_tone: true,
        },
    )
    .is_some()
}

/// True when `word` is a valid syllable that carries some Vietnamese-only
/// mark (a tone, a shape mark or đ), i.e. evidence of Vietnamese text.
pub(crate) fn is_marked_syllable(word: &str) -> bool {
    let opts = ToneOpts {
        style: ToneStyle::Keep,
        horn: false,
        breve: false,
        double_tone: true,
    };
    analyse(word, &opts).is_some_and(|(s, _, _)| {
        s.tone != Tone::None
            || s.letters
                .iter()
                .any(|l| l.shape != Shape::None || l.base == 'đ')
    })
}

/// Re-place the tone of one word (a maximal run of letters and combining
/// marks). Returns `None` when the word is left as it is: not a valid
/// syllable, or already right. The result is NFC.
pub(crate) fn fix_word(word: &str, opts: &ToneOpts) -> Option<(String, WordFix)> {
    let (syl, init, end) = analyse(word, opts)?;
    if syl.tone_count > 1 && !opts.double_tone {
        return None;
    }
    let cluster: Vec<char> = syl.letters[init..end].iter().map(|l| l.shaped()).collect();
    let closed = end < syl.letters.len();
    let current = syl
        .tone_at
        .and_then(|t| t.checked_sub(init))
        .filter(|&t| t < cluster.len());
    let target = init + tone_index(&cluster, closed, opts.style, current);
    let moved = syl.tone != Tone::None && syl.tone_at != Some(target);
    if !moved && syl.tone_count <= 1 && !syl.changed_marks {
        return None;
    }
    let mut out = String::with_capacity(word.len() + 4);
    for (i, l) in syl.letters.iter().enumerate() {
        let base = if l.base == 'đ' {
            if l.upper {
                'Đ'
            } else {
                'đ'
            }
        } else if l.upper {
            l.base.to_ascii_uppercase()
        } else {
            l.base
        };
        let mut piece = String::new();
        piece.push(base);
        match l.shape {
            Shape::Circ => piece.push('\u{0302}'),
            Shape::Breve => piece.push('\u{0306}'),
            Shape::Horn => piece.push('\u{031B}'),
            Shape::None => {}
        }
        if i == target {
            if let Some(m) = syl.tone.mark() {
                piece.push(m);
            }
        }
        out.extend(piece.nfc());
    }
    let composed: String = out.nfc().collect();
    if composed == word {
        return None;
    }
    Some((
        composed,
        WordFix {
            double_tone: syl.tone_count > 1,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(style: ToneStyle) -> ToneOpts {
        ToneOpts {
            style,
            horn: true,
            breve: true,
            double_tone: true,
        }
    }

    fn fix(w: &str, style: ToneStyle) -> String {
        fix_word(w, &opts(style)).map_or_else(|| w.to_string(), |(s, _)| s)
    }

    #[test]
    fn new_and_old_style() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("khỏe", "khoẻ"),
            ("thủy", "thuỷ"),
            ("ủy", "uỷ"),
            ("HÒA", "HOÀ"),
            ("Hóa", "Hoá"),
        ] {
            assert_eq!(fix(old, ToneStyle::New), new);
            assert_eq!(fix(new, ToneStyle::Old), old);
            assert_eq!(fix(old, ToneStyle::Keep), old);
            assert_eq!(fix(new, ToneStyle::Keep), new);
        }
    }

    #[test]
    fn invariant_syllables() {
        for w in [
            "hoàng",
            "khuỷu",
            "quả",
            "mùa",
            "cửa",
            "tuổi",
            "huệ",
            "gìn",
            "giữ",
            "Huỳnh",
            "hoặc",
            "quý",
            "người",
            "được",
            "giường",
            "khuya",
            "ngoài",
            "kĩ",
            "kỹ",
            "quí",
            "thuở",
        ] {
            for s in [ToneStyle::New, ToneStyle::Old, ToneStyle::Keep] {
                assert_eq!(fix(w, s), w, "{w} {s:?}");
            }
        }
    }

    #[test]
    fn misplaced_tones_are_fixed() {
        for (bad, good) in [
            ("tóan", "toán"),
            ("họat", "hoạt"),
            ("qúy", "quý"),
            ("thủơ", "thuở"),
            ("cuả", "của"),
            ("ngòai", "ngoài"),
            ("hòang", "hoàng"),
            ("đuợc", "được"),
        ] {
            for s in [ToneStyle::New, ToneStyle::Old, ToneStyle::Keep] {
                assert_eq!(fix(bad, s), good, "{bad} {s:?}");
            }
        }
    }

    #[test]
    fn foreign_words_untouched() {
        for w in [
            "Hernández",
            "Montréal",
            "café",
            "José",
            "Pérez",
            "hǎo",
            "Guðmundsson",
        ] {
            assert!(fix_word(w, &opts(ToneStyle::New)).is_none(), "{w}");
            assert!(!is_syllable(w), "{w}");
        }
        assert!(is_syllable("Việt") && is_syllable("nghiêng") && is_syllable("quyển"));
        assert!(!is_syllable("pizza") && !is_syllable("Íd"));
    }

    #[test]
    fn double_tone_keeps_last_and_breve_repair() {
        let (s, f) = fix_word("Thù\u{0309}", &opts(ToneStyle::New)).unwrap();
        assert_eq!(s, "Thủ");
        assert!(f.double_tone);
        assert_eq!(fix("na\u{0311}m", ToneStyle::New), "năm");
        assert_eq!(fix("na\u{030C}m", ToneStyle::New), "năm");
    }
}
