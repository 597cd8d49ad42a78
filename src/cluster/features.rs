//! Per-document features for same-event grouping, without any model.
//!
//! - **Dates**: the publication date, and dates the text mentions ("January
//!   10, 2023", "10 January", "10/01/2023", "ngày 10 tháng 1", "10 - 01 -
//!   2023"), day first for numeric dates unless impossible. A date without a
//!   year takes the publication year (the previous year when that would put
//!   it well after publication); with no publication date, the latest year
//!   the text mentions, since news is usually published in the latest year it
//!   talks about as past or present. The **weekday** the lede names ("on
//!   Tuesday", "sáng thứ Hai", "yesterday" counted from the publication
//!   date) is the day of the event, the one date most undated reports give.
//! - **Entities**: runs of capitalized words (English names, Vietnamese names
//!   of capitalized syllables, acronyms), stripped of leading words that the
//!   text also uses in lower case (sentence starts, titles), plus their
//!   suffixes of two or more words ("Prime Minister Pham Minh Chinh" gives
//!   "Pham Minh Chinh" too). They are compared by a key that drops case and
//!   diacritics and maps đ to d, so "Phạm Minh Chính" = "Pham Minh Chinh".
//! - **Numbers** with their scale or currency ("70", "$700 billion", "5 %"),
//!   leaving out dates, years and bare numbers under 10.
//! - **Terms**: case-folded words and word bigrams (syllable bigrams carry
//!   Vietnamese compound words), weighed later by TF-IDF over the run.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::fingerprint::tokenize;
use crate::model::Doc;
use crate::normalize::{match_key, Normalize, Normalizer};

/// A day as a count of days since 1970-01-01.
pub type Day = i64;

/// What event grouping knows of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Publication date, when known: the page's, else its date line.
    pub published: Option<Day>,
    /// The date the document is about: its publication date, else the first
    /// date mentioned near its start.
    pub anchor: Option<Day>,
    /// The anchor's year was guessed (no publication date, no year written):
    /// only its month and day are trusted.
    pub anchor_year_guessed: bool,
    /// The day of the week the lede says the event happened on (0 = Monday):
    /// see [`lede_weekday`].
    pub weekday: Option<u8>,
    /// Full dates mentioned in the text, resolved, sorted unique.
    pub dates: Vec<Day>,
    /// Years mentioned in the text, sorted unique.
    pub years: Vec<i32>,
    /// Entity key → display form (the first surface form met).
    pub entities: BTreeMap<String, String>,
    /// Number key → display form.
    pub numbers: BTreeMap<String, String>,
    /// Term → count (folded words and word bigrams).
    pub terms: BTreeMap<String, f64>,
    /// Entity key → mentions (a one-word key also counts the longer names
    /// it ends: "Jackson" counts "Vincent Jackson").
    pub entity_counts: BTreeMap<String, u32>,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// ISO `YYYY-MM-DD` of a day.
pub fn civil_from_days(z: Day) -> String {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses an ISO date (`YYYY-MM-DD`, anything after the day ignored).
pub fn parse_iso(s: &str) -> Option<Day> {
    let b = s.get(..10)?;
    let y: i64 = b.get(..4)?.parse().ok()?;
    let m: u32 = b.get(5..7)?.parse().ok()?;
    let d: u32 = b.get(8..10)?.parse().ok()?;
    valid(y, m, d).then(|| days_from_civil(y, m, d))
}

fn valid(y: i64, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

struct Patterns {
    month_day: Regex,
    day_month: Regex,
    numeric: Regex,
    vi: Regex,
    year: Regex,
    number: Regex,
    weekday: Regex,
}

const MONTHS: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        month_day: Regex::new(&format!(
            r"(?i)(?-u:\b){MONTHS}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:\s*,?\s+(\d{{4}})(?-u:\b))?"
        ))
        .expect("month_day"),
        day_month: Regex::new(&format!(
            r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?-u:\b)\.?(?:\s*,?\s+(\d{{4}})(?-u:\b))?"
        ))
        .expect("day_month"),
        numeric: Regex::new(r"(?-u:\b)(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?-u:\b)")
            .expect("numeric"),
        vi: Regex::new(r"(?i)(?-u:\b)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?")
            .expect("vi"),
        year: Regex::new(r"(?-u:\b)(19[5-9]\d|20\d\d)(?-u:\b)").expect("year"),
        number: Regex::new(
            r"(?i)([$€£]\s?)?(?-u:\b)(\d+(?:[.,]\d+)*)(?-u:\b)(\s*(?:%|percent|per cent|million|billion|trillion|thousand|mln|bln|dlrs|triệu|tỷ|tỉ|nghìn|ngàn|đồng|usd))?",
        )
        .expect("number"),
        // English weekday names and relative days; Vietnamese ones only after
        // a time of day or "on" ("sáng thứ Hai", "vào chủ nhật"), since
        // "thứ hai" alone is also "second".
        weekday: Regex::new(
            r"(?i)\b(?:(mon|tues|wednes|thurs|fri|satur|sun)day|(yesterday|today|tonight)|(?:sáng|chiều|tối|trưa|đêm|ngày|vào|hôm)\s+(?:thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])|(chủ\s+nhật))|(hôm\s+qua|tối\s+qua|đêm\s+qua|hôm\s+nay))\b",
        )
        .expect("weekday"),
    })
}

fn month_of(name: &str) -> u32 {
    let n = name.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| n.starts_with(m))
        .map_or(0, |p| p as u32 + 1)
}

/// A mention: byte span, day, month and year when written.
type Mention = (usize, usize, u32, u32, Option<i64>);

/// Whether a numeric date reads as another valid date month first
/// ("05/03/2013": 5 March or May 3): the text alone cannot tell which.
fn ambiguous(text: &str, m: &Mention) -> bool {
    let numeric = !text[m.0..m.1].chars().any(char::is_alphabetic);
    numeric && m.2 != m.3 && m.2 <= 12
}

fn date_mentions(text: &str) -> Vec<Mention> {
    let p = patterns();
    let mut out: Vec<Mention> = Vec::new();
    let year = |m: Option<regex::Match>| m.and_then(|y| y.as_str().parse::<i64>().ok());
    for c in p.month_day.captures_iter(text) {
        let all = c.get(0).expect("match");
        out.push((
            all.start(),
            all.end(),
            c[2].parse().unwrap_or(0),
            month_of(&c[1]),
            year(c.get(3)),
        ));
    }
    for c in p.day_month.captures_iter(text) {
        let all = c.get(0).expect("match");
        out.push((
            all.start(),
            all.end(),
            c[1].parse().unwrap_or(0),
            month_of(&c[2]),
            year(c.get(3)),
        ));
    }
    for c in p.vi.captures_iter(text) {
        let all = c.get(0).expect("match");
        out.push((
            all.start(),
            all.end(),
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            year(c.get(3)),
        ));
    }
    for c in p.numeric.captures_iter(text) {
        let all = c.get(0).expect("match");
        let y = year(c.get(4));
        // Dots and dashes are decimals and ranges unless a year follows.
        if &c[2] != "/" && y.is_none() {
            continue;
        }
        // Not part of a fraction like 2-1/4 or a longer number.
        let before = text[..all.start()].chars().next_back();
        if matches!(before, Some(ch) if ch.is_ascii_digit() || ch == '-' || ch == '/' || ch == '.' || ch == ',')
        {
            continue;
        }
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        let (d, m) = if a > 12 || b <= 12 { (a, b) } else { (b, a) };
        out.push((all.start(), all.end(), d, m, y));
    }
    out.sort();
    // Overlapping mentions: keep the first (longest at its start).
    let mut kept: Vec<Mention> = Vec::new();
    for m in out {
        if kept.last().is_some_and(|k| m.0 < k.1) {
            continue;
        }
        kept.push(m);
    }
    kept
}

/// Function words of English and Vietnamese: they say nothing about an
/// event, and in a small run their IDF cannot tell.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his",
    "how", "if", "in", "into", "is", "it", "its", "last", "many", "may", "more", "most", "much",
    "mr", "ms", "new", "no", "not", "now", "of", "on", "one", "only", "or", "other", "our", "out",
    "over", "said", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "two",
    "under", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "will", "with", "would", "year", "years", "you", "your", "bị", "bởi", "các", "cả", "cho",
    "chỉ", "có", "cùng", "của", "cũng", "đã", "đang", "đây", "để", "đó", "được", "đến", "gì",
    "hay", "hơn", "khi", "không", "là", "lại", "lên", "mà", "một", "này", "nên", "nếu", "ngày",
    "người", "nhiều", "như", "nhưng", "những", "nơi", "nữa", "ông", "ra", "rằng", "rất", "sau",
    "sẽ", "tại", "theo", "thì", "trên", "trong", "từ", "và", "vào", "về", "vẫn", "vì", "việc",
    "với", "vừa", "năm", "tháng",
];

fn is_stopword(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
}

/// Words that put the year after them in the future ("by 2030", "đến năm 2025").
const FUTURE: &[&str] = &[
    "by", "to", "until", "till", "through", "toward", "towards", "đến", "tới", "trước",
];

/// Whether a year preceded by `before` is a target or a range end rather
/// than the time the text is written in.
fn future_year(before: &str) -> bool {
    let b = before.trim_end();
    if let Some(rest) = b.strip_suffix(['-', '–', '—']) {
        let rest = rest.trim_end();
        let tail: String = rest.chars().rev().take(4).collect();
        if tail.len() == 4 && tail.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    let start = b.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    let words: Vec<String> = tokenize::words(&b[start..])
        .into_iter()
        .rev()
        .take(2)
        .map(crate::normalize::fold)
        .collect();
    match words.as_slice() {
        [w, ..] if FUTURE.contains(&w.as_str()) => true,
        [n, w] if n == "năm" && FUTURE.contains(&w.as_str()) => true,
        _ => false,
    }
}

/// Resolves a day and month without a year.
fn resolve(
    d: u32,
    m: u32,
    y: Option<i64>,
    published: Option<Day>,
    ref_year: Option<i64>,
) -> Option<Day> {
    if let Some(y) = y {
        return valid(y, m, d).then(|| days_from_civil(y, m, d));
    }
    if let Some(p) = published {
        let py: i64 = civil_from_days(p)[..4].parse().ok()?;
        if !valid(py, m, d) {
            return None;
        }
        let day = days_from_civil(py, m, d);
        if day > p + 45 && valid(py - 1, m, d) {
            return Some(days_from_civil(py - 1, m, d));
        }
        return Some(day);
    }
    let y = ref_year?;
    valid(y, m, d).then(|| days_from_civil(y, m, d))
}

/// Leading words never part of a name.
const LEADING: &[&str] = &[
    "the", "a", "an", "on", "in", "at", "of", "for", "to", "by", "and", "mr", "mrs", "ms", "dr",
    "comrade", "ông", "bà", "anh", "chị", "theo", "tại", "ngày", "sáng", "chiều", "tối", "khi",
    "this", "that", "these", "those", "when", "after", "before", "but", "as", "with", "from",
];
/// Lower-case words allowed inside a name ("Ministry of Foreign Affairs").
const CONNECTORS: &[&str] = &["of", "de", "van", "von", "du", "la"];

/// Month and weekday names: capitalized, but dates, not names.
fn is_calendar_word(w: &str) -> bool {
    const NAMES: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    // ASCII names, so an ASCII case-insensitive match needs no lowercase copy.
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(w))
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Entities of a text: key → display, and key → mentions (a one-word key
/// also counts the longer names it ends: "Jackson" counts "Vincent Jackson").
fn entities_counted(
    text: &str,
    lower_words: &HashSet<String>,
) -> (BTreeMap<String, String>, BTreeMap<String, u32>) {
    let mut out = BTreeMap::new();
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let words = tokenize::words_with_offsets(text);
    let mut i = 0;
    while i < words.len() {
        if !is_capitalized(words[i].1) || words[i].1.chars().all(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Grow a run of capitalized words separated by spaces only.
        let mut run = vec![i];
        let mut j = i + 1;
        while j < words.len() && run.len() < 8 {
            let gap = &text[words[j - 1].0 + words[j - 1].1.len()..words[j].0];
            if !gap.chars().all(|c| c == ' ' || c == '-') || gap.is_empty() {
                break;
            }
            let w = words[j].1;
            let connector =
                CONNECTORS.contains(&w) && words.get(j + 1).is_some_and(|n| is_capitalized(n.1));
            if is_capitalized(w) || connector {
                run.push(j);
                j += 1;
            } else {
                break;
            }
        }
        i = j;
        // Strip leading words: function words and words the text also writes
        // in lower case (sentence starts, titles).
        let mut s = 0;
        while s < run.len() {
            let w = words[run[s]].1.to_lowercase();
            let acronym = words[run[s]].1.chars().filter(|c| c.is_uppercase()).count() >= 2;
            if LEADING.contains(&w.as_str())
                || CONNECTORS.contains(&w.as_str())
                || (!acronym && lower_words.contains(&w))
            {
                s += 1;
            } else {
                break;
            }
        }
        let mut e = run.len();
        while e > s && CONNECTORS.contains(&words[run[e - 1]].1) {
            e -= 1;
        }
        let names: Vec<&str> = run[s..e].iter().map(|&k| words[k].1).collect();
        if names.is_empty() {
            continue;
        }
        if names.len() == 1 && (names[0].chars().count() < 2 || is_calendar_word(names[0])) {
            continue;
        }
        let full = names.join(" ");
        let key = match_key(&full);
        *counts.entry(key.clone()).or_default() += 1;
        out.entry(key).or_insert(full);
        for k in 1..names.len().saturating_sub(1) {
            if CONNECTORS.contains(&names[k]) {
                continue;
            }
            let suffix = names[k..].join(" ");
            out.entry(match_key(&suffix)).or_insert(suffix);
        }
    }
    let mut heads: BTreeMap<String, u32> = BTreeMap::new();
    for (k, &c) in &counts {
        if let Some((_, last)) = k.rsplit_once(' ') {
            if counts.contains_key(last) {
                *heads.entry(last.to_string()).or_default() += c;
            }
        }
    }
    for (k, c) in heads {
        *counts.entry(k).or_default() += c;
    }
    for k in out.keys() {
        counts.entry(k.clone()).or_insert(1);
    }
    (out, counts)
}

/// Numbers of a text (dates and years blanked out first): key → display.
fn numbers(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in patterns().number.captures_iter(text) {
        let raw = &c[2];
        let scale = c
            .get(3)
            .map(|m| match_key(m.as_str().trim()))
            .unwrap_or_default();
        let currency = c
            .get(1)
            .map(|m| m.as_str().trim().to_string())
            .unwrap_or_default();
        // 1,000,000 and 1.000.000 group thousands; one other separator is a decimal point.
        let groups: Vec<&str> = raw.split(['.', ',']).collect();
        let value = if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
            groups.concat()
        } else if groups.len() == 2 {
            format!("{}.{}", groups[0], groups[1])
        } else {
            raw.to_string()
        };
        let value = value.trim_start_matches('0').to_string();
        let n: f64 = value.parse().unwrap_or(0.0);
        if scale.is_empty()
            && currency.is_empty()
            && (n < 10.0 || (1900.0..=2100.0).contains(&n) && !value.contains('.'))
        {
            continue;
        }
        let scale = match scale.as_str() {
            "tỷ" | "ti" | "ty" | "bln" => "billion".to_string(),
            "trieu" | "mln" => "million".to_string(),
            "nghin" | "ngan" => "thousand".to_string(),
            "percent" | "per cent" => "%".to_string(),
            _ => scale,
        };
        let k = format!("{currency}{value} {scale}").trim().to_string();
        out.entry(k).or_insert_with(|| c[0].trim().to_string());
    }
    out
}

/// A paragraph this long or longer is a sentence: the lede, not a label.
const LEDE_MIN_CHARS: usize = 80;
/// Sentence-long paragraphs in the lead: the lede, or a photo caption and
/// the lede.
const LEAD_PARAGRAPHS: usize = 2;
/// The lead never reaches further than this.
const LEAD_MAX_CHARS: usize = 600;

/// Byte offset where the lead of `text` (title, then paragraphs) ends: after
/// its second paragraph of a sentence's length (the lede that news writing
/// opens with and that states when the event happened, "On January 6, in
/// Hanoi, ...", may follow a photo caption); at most [`LEAD_MAX_CHARS`] in.
/// Dates further down are background more often than not.
fn lead_end(text: &str, title: Option<&str>) -> usize {
    lead_end_after(text, title, LEAD_PARAGRAPHS)
}

/// Byte offset after the `paragraphs`-th sentence-long paragraph of `text`
/// (not counting the title), at most [`LEAD_MAX_CHARS`] in.
fn lead_end_after(text: &str, title: Option<&str>, paragraphs: usize) -> usize {
    let cap = text
        .char_indices()
        .nth(LEAD_MAX_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let skip_title = title.is_some_and(|t| !t.trim().is_empty());
    let (mut offset, mut long) = (0, 0);
    for (k, line) in text.split('\n').enumerate() {
        let end = offset + line.len();
        if !(skip_title && k == 0) && line.trim().chars().count() >= LEDE_MIN_CHARS {
            long += 1;
            if long == paragraphs {
                return end.min(cap);
            }
        }
        offset = end + 1;
    }
    cap
}

/// Days since 1970-01-01 (a Thursday) to a day of the week, 0 = Monday.
pub fn weekday_of(day: Day) -> u8 {
    (day + 3).rem_euclid(7) as u8
}

/// Whether a short line states a full date with its year: a date line
/// (when the page was published or updated), not what the text speaks of.
fn is_dateline(line: &str) -> bool {
    line.trim().chars().count() <= DATELINE_MAX_CHARS
        && date_mentions(line).iter().any(|m| m.4.is_some())
}

/// The day of the week the lede says the event happened on (0 = Monday):
/// the first weekday named in the title and the lede (up to the first
/// sentence-long paragraph), "on Tuesday", "sáng thứ Hai", or "yesterday",
/// "today", "hôm qua" counted from the publication date. Reports of one
/// happening written within days of it name its day, so two groups of
/// reports that each agree on another day are about different happenings
/// (two arrests of one team's players, two quakes on one island). A day
/// named in a date line is when the page was published, and a possessive
/// ("Sunday's game") is a plan: neither counts.
pub fn lede_weekday(text: &str, title: Option<&str>, published: Option<Day>) -> Option<u8> {
    let end = lead_end_after(text, title, 1);
    // The pattern's Unicode word boundaries make it slow on Vietnamese text:
    // most ledes hold none of its words, which a substring test tells fast.
    let lower = text[..end].to_lowercase();
    if !["day", "tonight", "thứ", "chủ", "hôm", "qua"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let p = patterns();
    for line in text[..end].split('\n') {
        if is_dateline(line) {
            continue;
        }
        for c in p.weekday.captures_iter(line) {
            let after = line[c.get(0).map_or(0, |m| m.end())..].trim_start();
            if let Some(name) = c.get(1) {
                if after.starts_with("'s") || after.starts_with("' s") {
                    continue;
                }
                let names = ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"];
                let n = name.as_str().to_lowercase();
                return names.iter().position(|x| *x == n).map(|i| i as u8);
            }
            if let Some(vi) = c.get(3) {
                let n = vi.as_str().to_lowercase();
                let names = [
                    ["hai", "2"],
                    ["ba", "3"],
                    ["tư", "4"],
                    ["năm", "5"],
                    ["sáu", "6"],
                    ["bảy", "7"],
                ];
                return names
                    .iter()
                    .position(|x| x.contains(&n.as_str()))
                    .map(|i| i as u8);
            }
            if c.get(4).is_some() {
                return Some(6);
            }
            let Some(p) = published else { continue };
            let rel = c.get(2).or(c.get(5)).map(|m| m.as_str().to_lowercase());
            let today = matches!(rel.as_deref(), Some("today" | "tonight"))
                || rel.as_deref().is_some_and(|r| r.ends_with("nay"));
            return Some(weekday_of(if today { p } else { p - 1 }));
        }
    }
    None
}

/// Paragraphs at the top of a text that may be its date line.
const DATELINE_PARAGRAPHS: usize = 3;
/// A date line is short: a date, maybe a time, a "published" label or a
/// site name, not a sentence.
const DATELINE_MAX_CHARS: usize = 60;

/// The publication date a page states in a date line at its top ("May 03 ,
/// 2013", "Published on 10 - 01 - 2023", "PUBLISHED : THURSDAY , MAY 2 ,
/// 2013 , 1 : 32 PM"): a short paragraph among the first few holding a full
/// date with its year. A date inside a sentence is what the text speaks of,
/// not when it was published. A numeric date that reads both day first and
/// month first ("05/03/2013") is no publication date: taking the wrong
/// reading would put two reports of one event months apart.
fn dateline(doc: &Doc) -> Option<Day> {
    doc.paragraphs()
        .take(DATELINE_PARAGRAPHS)
        .filter(|p| p.chars().count() <= DATELINE_MAX_CHARS)
        .find_map(|p| {
            date_mentions(p)
                .into_iter()
                .filter(|m| !ambiguous(p, m))
                .find_map(|(_, _, d, m, y)| resolve(d, m, Some(y?), None, None))
        })
}

/// Extracts the features of one document (its title and text).
pub fn extract(doc: &Doc) -> Features {
    let raw = match &doc.title {
        Some(t) if !t.trim().is_empty() => format!("{t}\n\n{}", doc.text),
        _ => doc.text.clone(),
    };
    // Normalize once (cleaned text already is; this is cheap then), so that
    // words need only lower-casing to fold.
    let text = Normalizer::default().normalize(&raw).into_owned();
    drop(raw);
    let published = doc
        .date
        .as_deref()
        .and_then(parse_iso)
        .or_else(|| dateline(doc));
    let p = patterns();
    let years: BTreeSet<i32> = p
        .year
        .captures_iter(&text)
        .filter(|c| !future_year(&text[..c.get(0).map_or(0, |m| m.start())]))
        .filter_map(|c| c[1].parse().ok())
        .collect();
    // "Last year" next to the latest year mentioned: written the year after.
    let folded = text.to_lowercase();
    let after = ["last year", "năm ngoái", "năm trước"]
        .iter()
        .any(|p| folded.contains(p));
    let ref_year = years
        .iter()
        .next_back()
        .map(|&y| i64::from(y) + i64::from(after));
    let mentions = date_mentions(&text);
    let mut dates = BTreeSet::new();
    let mut first_lead: Option<(Day, bool)> = None;
    let lead_end = lead_end(&text, doc.title.as_deref());
    for &(start, _, d, m, y) in &mentions {
        if let Some(day) = resolve(d, m, y, published, ref_year) {
            dates.insert(day);
            if start < lead_end && first_lead.is_none() {
                first_lead = Some((day, y.is_none()));
            }
        }
    }
    // Blank dates out before looking for numbers.
    let mut blanked = text.clone();
    for &(s, e, ..) in mentions.iter().rev() {
        blanked.replace_range(s..e, &" ".repeat(e - s));
    }
    let fwords = tokenize::words(&folded);
    let lower_words: HashSet<String> = tokenize::words(&text)
        .into_iter()
        .filter(|w| !is_capitalized(w))
        .map(str::to_lowercase)
        .collect();
    let terms = count_terms(&fwords);
    let (entities, entity_counts) = entities_counted(&text, &lower_words);
    let mut numbers = numbers(&blanked);
    // Years the text speaks of are weak evidence, weighed like numbers.
    for y in &years {
        numbers
            .entry(format!("year {y}"))
            .or_insert_with(|| y.to_string());
    }
    let weekday = lede_weekday(&text, doc.title.as_deref(), published);
    Features {
        published,
        weekday,
        anchor: published.or(first_lead.map(|(d, _)| d)),
        anchor_year_guessed: published.is_none() && first_lead.is_some_and(|(_, g)| g),
        dates: dates.into_iter().collect(),
        years: years.into_iter().collect(),
        entities,
        entity_counts,
        numbers,
        terms,
    }
}

/// Words (not digits or function words) and bigrams of such words, counted.
fn count_terms(fwords: &[&str]) -> BTreeMap<String, f64> {
    let mut terms: BTreeMap<String, f64> = BTreeMap::new();
    let skip = |w: &str| w.chars().all(|c| c.is_ascii_digit()) || is_stopword(w);
    for (k, w) in fwords.iter().enumerate() {
        if skip(w) {
            continue;
        }
        if w.chars().count() > 1 {
            *terms.entry((*w).to_string()).or_default() += 1.0;
        }
        if let Some(n) = fwords.get(k + 1) {
            if !skip(n) {
                *terms.entry(format!("{w} {n}")).or_default() += 1.0;
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str, date: Option<&str>) -> Doc {
        Doc {
            id: "x".into(),
            source: "x".into(),
            site: "s".into(),
            title: None,
            url: None,
            date: date.map(String::from),
            author: None,
            text: text.to_string(),
        }
    }

    fn iso(f: &Features) -> Vec<String> {
        f.dates.iter().map(|&x| civil_from_days(x)).collect()
    }

    #[test]
    fn the_lede_names_the_day_of_the_event() {
        let day = |text: &str, date: Option<&str>| {
            let mut doc = d("", date);
            doc.text = crate::model::join_paragraphs(text.split('\n'));
            extract(&doc).weekday
        };
        let lede = "San Diego receiver Vincent Jackson was arrested on suspicion of drunk driving";
        assert_eq!(day(&format!("{lede} on Tuesday morning."), None), Some(1));
        // A date line names the day the page was published, not the event.
        assert_eq!(
            day(
                &format!("Thursday , December 11 , 2008\n{lede} early Sunday."),
                None
            ),
            Some(6)
        );
        // A possessive is a plan, not when it happened.
        assert_eq!(
            day(
                &format!("{lede}; he will play in Sunday's game, police said on Friday."),
                None
            ),
            Some(4)
        );
        // Relative days count from the publication date (2023-01-10 was a Tuesday).
        assert_eq!(
            day(&format!("{lede} yesterday."), Some("2023-01-10")),
            Some(0)
        );
        assert_eq!(day(&format!("{lede} yesterday."), None), None);
        assert_eq!(weekday_of(parse_iso("2023-01-10").unwrap()), 1);
        // Vietnamese days after a time of day; "lần thứ hai" is "the second time".
        assert_eq!(
            day("Sáng thứ Hai (9/1), hội nghị ngoại giao lần thứ 32 đã khai mạc tại Hà Nội với sự tham dự của nhiều đại biểu.", None),
            Some(0)
        );
        assert_eq!(
            day("Hội nghị ngoại giao lần thứ hai đã khai mạc tại Hà Nội với sự tham dự của nhiều đại biểu và khách mời.", None),
            None
        );
        // Past the lede, a day is background.
        assert_eq!(
            day(
                &format!("{lede}, the team said.\nHe will appear in court on Friday."),
                None
            ),
            None
        );
    }

    #[test]
    fn civil_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2023-01-10", "2024-12-31"] {
            assert_eq!(civil_from_days(parse_iso(s).unwrap()), s);
        }
        assert_eq!(parse_iso("2023-02-30"), None);
    }

    #[test]
    fn dates_in_many_forms() {
        let f = extract(&d(
            "On January 10, 2023 they met. Again 29/12/2023 and ngày 10/1/2023, \
             then 10 - 01 - 2023 and ngày 5 tháng 3 năm 2022.",
            None,
        ));
        assert_eq!(iso(&f), vec!["2022-03-05", "2023-01-10", "2023-12-29"]);
        assert_eq!(f.anchor, parse_iso("2023-01-10"));
    }

    #[test]
    fn dates_without_year_use_publication_or_latest_year() {
        let f = extract(&d(
            "On January 6, the review of 2024 and tasks for 2025.",
            None,
        ));
        assert_eq!(iso(&f), vec!["2025-01-06"]);
        assert!(f.anchor_year_guessed);
        let f = extract(&d(
            "On January 10 they said 2022 was good, better than last year.",
            None,
        ));
        assert_eq!(iso(&f), vec!["2023-01-10"]);
        let f = extract(&d(
            "On December 29 the conference closed.",
            Some("2024-01-03"),
        ));
        assert_eq!(iso(&f), vec!["2023-12-29"]);
        let f = extract(&d("Prices rose 2-1/4 to 68-1/2 and 11.75 dlrs.", None));
        assert!(f.dates.is_empty());
    }

    #[test]
    fn entities_match_across_diacritics() {
        let a = extract(&d("Thủ tướng Phạm Minh Chính dự hội nghị.", None));
        let b = extract(&d(
            "Prime Minister Pham Minh Chinh attended the conference.",
            None,
        ));
        assert!(
            a.entities.contains_key("pham minh chinh"),
            "{:?}",
            a.entities
        );
        assert!(
            b.entities.contains_key("pham minh chinh"),
            "{:?}",
            b.entities
        );
        assert_eq!(match_key("Đà Nẵng"), "da nang");
    }

    #[test]
    fn numbers_with_units() {
        let f = extract(&d(
            "There were nearly 70 activities, 14 visits, $700 billion and 5 % growth in 2022 on 10/1.",
            None,
        ));
        let keys: Vec<&str> = f.numbers.keys().map(String::as_str).collect();
        assert_eq!(keys, vec!["$700 billion", "14", "5 %", "70", "year 2022"]);
    }

    #[test]
    fn date_line_at_the_top_is_the_publication_date() {
        let headline = "Lindsay Lohan checks into Betty Ford Center";
        let body = "Lohan was previously at Betty Ford from September 2010, then on June 8 , 2012 she crashed.";
        let mut doc = d("", None);
        doc.text = [headline, "May 03, 2013", body].join("\n\n");
        assert_eq!(extract(&doc).published, parse_iso("2013-05-03"));
        // A date inside a sentence is what the text speaks of.
        doc.text = [headline, body].join("\n\n");
        assert_eq!(extract(&doc).published, None);
        // A page's own date wins over its date line.
        let mut dated = doc.clone();
        dated.date = Some("2013-05-04".into());
        dated.text = ["Published on 10 - 01 - 2023", headline, body].join("\n\n");
        assert_eq!(extract(&dated).published, parse_iso("2013-05-04"));
    }

    #[test]
    fn date_lines_with_spaced_commas_and_ambiguous_numbers() {
        let page = |line: &str| {
            let mut doc = d("", None);
            doc.text = [
                "Lohan checks into rehab",
                line,
                "The actress checked into the clinic on Thursday, her lawyer said.",
            ]
            .join("\n\n");
            extract(&doc).published
        };
        // Tokenized pages put a space before the comma.
        assert_eq!(page("May 03 , 2013"), parse_iso("2013-05-03"));
        assert_eq!(
            page("Wed May 5 , 2010 7 : 12pm BST"),
            parse_iso("2010-05-05")
        );
        assert_eq!(page("Thu 6 May 2010 , 9 : 03am"), parse_iso("2010-05-06"));
        // 05/03/2013 is 5 March or May 3: no publication date.
        assert_eq!(page("UPDATED 05 / 03 / 2013 at 11 : 00 AM"), None);
        assert_eq!(page("Posted 01 / 5 / 2011"), None);
        // Only one reading is a date, or both readings are the same day.
        assert_eq!(page("Updated 25/03/2013"), parse_iso("2013-03-25"));
        assert_eq!(page("05/05/2010"), parse_iso("2010-05-05"));
    }

    #[test]
    fn entity_mentions_count_surnames_of_full_names() {
        let f = extract(&d(
            "Vincent Jackson was arrested. Police said Jackson failed a test, and Jackson left.",
            None,
        ));
        assert_eq!(
            f.entity_counts.get("jackson"),
            Some(&3),
            "{:?}",
            f.entity_counts
        );
        assert_eq!(f.entity_counts.get("vincent jackson"), Some(&1));
        assert!(f.entity_counts.keys().all(|k| f.entities.contains_key(k)));
    }

    #[test]
    fn lead_is_caption_and_lede() {
        let caption = "Mr. Tran Viet Truong, Chairman of the City People's Committee, at the meeting in the city.";
        let lede = "On the morning of January 10, 2023, the Prime Minister attended the conference of the sector.";
        let later = "Back on March 3, 2021, a similar conference had been held in the capital with many guests.";
        let f = extract(&d(&format!("{caption}\n{lede}\n{later}"), None));
        assert_eq!(f.anchor, parse_iso("2023-01-10"));
        let f = extract(&d(&format!("{caption}\n{later}\n{lede}"), None));
        assert_eq!(f.anchor, parse_iso("2021-03-03"));
    }

    #[test]
    fn empty_doc_has_no_features() {
        let f = extract(&d("", None));
        assert_eq!(f, Features::default());
    }
}
