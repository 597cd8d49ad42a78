//! Issue 3: Vietnamese normalization, table-driven over the shared dev cases.
//!
//! `cases-dev.tsv`: category, input, expected (NFC, new style), note. Rows
//! are split on `\n` only and fields on `\t` (inputs hold `\r`, quotes and
//! control characters, so no CSV reader is used). The writer quoted a field
//! the CSV way only when it contained a `"`: such a field starts and ends
//! with `"` and doubles the quotes inside (`""`), and is unquoted here. A
//! field like `"doi moi"` in fold-cases.tsv has no doubled quote inside, so
//! a CSV writer would not have quoted it: its quotes are literal.
//! `fold-cases.tsv`: input, expected match key.
//! Both skip with a message when ../shared is absent.

use std::path::{Path, PathBuf};

use scour::normalize::{match_key, NormalizeConfig, Normalizer, ToneStyleConfig};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/vi-normalize")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: {} not found (../shared is absent)", p.display());
        None
    }
}

fn unquote(f: &str) -> String {
    let inner = f.get(1..f.len().saturating_sub(1)).unwrap_or("");
    if f.len() >= 2
        && f.starts_with('"')
        && f.ends_with('"')
        && inner.contains("\"\"")
        && !inner.replace("\"\"", "").contains('"')
    {
        inner.replace("\"\"", "\"")
    } else {
        f.to_string()
    }
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("read cases");
    text.split('\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(unquote).collect())
        .collect()
}

#[test]
fn cases_dev_all_pass() {
    let Some(p) = shared("cases-dev.tsv") else {
        return;
    };
    let n = Normalizer::default();
    let rows = rows(&p);
    assert!(
        rows.len() >= 80,
        "expected the 82 dev cases, got {}",
        rows.len()
    );
    let mut failures = Vec::new();
    for r in &rows {
        let (cat, input, expected) = (&r[0], &r[1], &r[2]);
        let got = n.normalize_noted(input).text.into_owned();
        if &got != expected {
            failures.push(format!(
                "[{cat}] {input:?}\n   got      {got:?}\n   expected {expected:?}"
            ));
        }
    }
    eprintln!(
        "cases-dev: {}/{} pass",
        rows.len() - failures.len(),
        rows.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fold_cases_all_pass() {
    let Some(p) = shared("fold-cases.tsv") else {
        return;
    };
    let rows = rows(&p);
    let mut failures = Vec::new();
    for r in &rows {
        let got = match_key(&r[0]);
        if got != r[1] {
            failures.push(format!("{:?}: got {got:?} expected {:?}", r[0], r[1]));
        }
    }
    eprintln!(
        "fold-cases: {}/{} pass",
        rows.len() - failures.len(),
        rows.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lossy_text_is_flagged_not_guessed() {
    let n = Normalizer::default();
    let out = n.normalize_noted("Vi?t Nam \u{FFFD}");
    assert_eq!(out.text, "Vi?t Nam \u{FFFD}");
    assert_eq!(out.notes.len(), 2, "{:?}", out.notes);
    assert!(n
        .normalize_noted("Is it? Yes. https://x.vn/a?b=c")
        .notes
        .is_empty());
}

#[test]
fn tone_style_is_configurable() {
    let old = Normalizer::new(&NormalizeConfig {
        tone_style: ToneStyleConfig::Old,
        ..Default::default()
    });
    assert_eq!(
        old.normalize_noted("hoà bình, khoẻ, thuỷ điện, quý hoá, toàn")
            .text,
        "hòa bình, khỏe, thủy điện, quý hóa, toàn"
    );
    let keep = Normalizer::new(&NormalizeConfig {
        tone_style: ToneStyleConfig::Keep,
        ..Default::default()
    });
    assert_eq!(keep.normalize_noted("hòa hoà tòan").text, "hòa hoà toàn");
    let off = Normalizer::new(&NormalizeConfig {
        repair_tones: false,
        ..Default::default()
    });
    assert_eq!(off.normalize_noted("hòa tòan").text, "hòa tòan");
}

#[test]
fn each_repair_switches_off() {
    let cfg = |f: fn(&mut NormalizeConfig)| {
        let mut c = NormalizeConfig::default();
        f(&mut c);
        Normalizer::new(&c)
    };
    assert_eq!(
        cfg(|c| c.entities = false)
            .normalize_noted("Vi&#7879;t")
            .text,
        "Vi&#7879;t"
    );
    assert_eq!(
        cfg(|c| {
            c.mojibake = false;
            c.repair_tones = false;
            c.quotes = scour::normalize::Quotes::Keep
        })
        .normalize_noted("Viá»‡t Nam")
        .text,
        "Viá»‡t Nam"
    );
    assert_eq!(
        cfg(|c| c.legacy_encodings = false)
            .normalize_noted("Ti\u{00D5}ng Vi\u{00D6}t")
            .text,
        "Ti\u{00D5}ng Vi\u{00D6}t"
    );
    assert_eq!(
        cfg(|c| c.viqr = false).normalize_noted("Vie^.t Nam").text,
        "Vie^.t Nam"
    );
    assert_eq!(
        cfg(|c| c.quotes = scour::normalize::Quotes::Keep)
            .normalize_noted("“a”")
            .text,
        "“a”"
    );
    assert_eq!(
        cfg(|c| c.lookalikes = false).normalize_noted("ðại").text,
        "ðại"
    );
    assert_eq!(
        cfg(|c| c.repair_horn = false).normalize_noted("đuợc").text,
        "đuợc"
    );
}

#[test]
fn english_and_code_never_change() {
    let n = Normalizer::default();
    for t in [
        "Do you want pizza? Yes. I'd like it.",
        "cafe' au lait",
        "See https://example.com/path?q=a.b&x=1 for details.",
        "fn main() { let x = a^2 + b[i+1]; }",
        "Señor Hernández visited Montréal and Zürich.",
        "The Icelandic striker Guðmundsson scored.",
    ] {
        assert_eq!(n.normalize_noted(t).text, t);
    }
}

/// English documents of the shared corpora: no document may change except by
/// the invisibles, spaces and quotes policy. Prints the count changed.
#[test]
fn english_corpora_false_positives() {
    use std::io::Read;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let synd = root.join("syndication-dev/corpus-clean.jsonl.gz");
    let ecb = root.join("events-dev/ecbplus.jsonl");
    if !synd.exists() || !ecb.exists() {
        eprintln!("SKIP: ../shared English corpora not found");
        return;
    }
    let mut texts: Vec<String> = Vec::new();
    let mut gz = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&synd).unwrap())
        .read_to_string(&mut gz)
        .unwrap();
    let ecb_text = std::fs::read_to_string(&ecb).unwrap();
    for line in gz.lines().chain(ecb_text.lines()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for key in ["text", "body", "content", "title"] {
            if let Some(s) = v.get(key).and_then(|x| x.as_str()) {
                texts.push(s.to_string());
            }
        }
    }
    assert!(!texts.is_empty());
    // The reference: the invisibles/spaces/quotes/whitespace policy, plus
    // the repairs of real damage that English text has too (HTML entities
    // such as `&deg;`, mojibake, C1 controls; the counts they change are
    // printed). What must never fire on English: legacy decoding, VIQR,
    // tone placement, look-alikes.
    let policy_only = Normalizer::new(&NormalizeConfig {
        repair_tones: false,
        repair_horn: false,
        legacy_encodings: false,
        viqr: false,
        lookalikes: false,
        ..Default::default()
    });
    let full = Normalizer::default();
    let no_entities = Normalizer::new(&NormalizeConfig {
        entities: false,
        ..Default::default()
    });
    let no_mojibake = Normalizer::new(&NormalizeConfig {
        mojibake: false,
        c1_controls: false,
        ..Default::default()
    });
    let mut changed = Vec::new();
    let (mut by_entities, mut by_mojibake) = (0, 0);
    for t in &texts {
        let f = full.normalize_noted(t).text;
        by_entities += usize::from(no_entities.normalize_noted(t).text != f);
        by_mojibake += usize::from(no_mojibake.normalize_noted(t).text != f);
        let a = full.normalize_noted(t).text;
        let b = policy_only.normalize_noted(t).text;
        if a != b {
            changed.push((b.into_owned(), a.into_owned()));
        }
    }
    eprintln!(
        "English corpora: {} of {} texts changed by legacy/VIQR/tone/look-alike repairs \
         ({by_entities} changed by HTML entity decoding, {by_mojibake} by mojibake/C1 repair)",
        changed.len(),
        texts.len()
    );
    for (b, a) in changed.iter().take(5) {
        let diff: Vec<_> = b
            .split(' ')
            .zip(a.split(' '))
            .filter(|(x, y)| x != y)
            .take(5)
            .collect();
        eprintln!("  {diff:?}");
    }
    assert!(changed.is_empty());
}
