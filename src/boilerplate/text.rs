//! Text-dump line classification.
//!
//! A text dump (what a browser's "copy all" gives) has lost its markup, so the
//! page's structure must be read from the lines themselves. Each line gets a
//! kind from general signals (length, sentence punctuation, function words,
//! separators, timestamps, counters, a small generic chrome vocabulary), and a
//! weight: prose is positive, chrome is negative. The main body is the span of
//! lines with the largest total weight (a maximum-sum subarray), so menus
//! above and related/latest lists below fall away by position, even when a
//! teaser in them reads like prose. Inside that span, section headers
//! ("RELATED NEWS") and the headline lines under them, date, source and
//! caption lines are dropped line by line.
//!
//! Structural refinements, all independent of wording:
//! - repeated (headline, sapo) pairs are teasers, weighted against the body;
//! - runs of chrome lines (three in a row, or two section headers) are walls
//!   the body span may not cross;
//! - a share bar, counter or source line closes the article when the prose
//!   above it outweighs the prose below;
//! - a short line above three timestamped headlines is a list header;
//! - listings (headlines with sapos, never two paragraphs in a row) and
//!   pages with too little prose come out empty.
//!
//! The headline-like line just before the body (preferably the one right
//! above a date line) becomes the title, the date line nearest it the
//! publication date; a name line right after the body is kept as a byline.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use super::signals::{self, re, TextStats};
use super::BoilerplateConfig;
use crate::model::{Extraction, Removed};

/// What one line of a dump is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    /// Prose: sentences, or a long line with function words.
    Sentence,
    /// Prose under a headline-like line, repeated (headline, sapo, headline,
    /// sapo): the sapo of a teaser in a "latest"/"same category" list.
    Teaser,
    /// A short line that is not a sentence: headline, subheading, caption, name.
    Short,
    /// A row of figures: "Net 199,037 vs 135,587", "Shr 25 cts vs 19 cts".
    /// Tables of results are the body of many briefs; headlines of other
    /// stories are words, not figures.
    Data,
    /// A header of a chrome section: "RELATED NEWS", "Tin liên quan", "DANH MỤC".
    Header,
    /// Generic chrome: share bars, follow-us lines, "No data", "Ads".
    Chrome,
    /// Menus and breadcrumbs: items joined by `|`, `»`, `>`.
    Menu,
    /// Hit and online counters.
    Counter,
    /// A headline with its timestamp, as in "latest news" lists.
    Timestamped,
    Date,
    Source,
    Caption,
}

struct Line<'a> {
    raw: &'a str,
    /// The line trimmed (a slice of `raw` unless a read-more marker was cut).
    text: Cow<'a, str>,
    /// [`fold`] of `text`, a slice of the page's one fold buffer.
    folded: &'a str,
    stats: TextStats,
    kind: Kind,
    /// The line ended in a truncation marker ("… Read more"): an excerpt
    /// of a longer article.
    excerpt: bool,
    /// A date line's date, as classifying found it.
    date: Option<String>,
}

/// What classifying a line reads: its text, fold, the fold's words and
/// its counts.
struct View<'a, 'w> {
    text: &'a str,
    folded: &'a str,
    /// [`signals::words`] of `folded`.
    words: &'w [&'a str],
    st: &'w TextStats,
    /// `folded` is ASCII: `\b` and `\d` of the regexes then mean ASCII
    /// word characters and digits, so a pattern's whole words are words
    /// of [`signals::words`], and a regex can be ruled out by them.
    ascii: bool,
    /// `words` holds every word of the line (else only the first
    /// [`WORDS_KEPT`]: the checks that read them are for short lines).
    complete: bool,
}

/// How many of a line's words classifying keeps: the checks that read
/// the words are for lines of at most 12 words ([`is_share_bar`]; the
/// counter, header and widget checks ask for fewer); [`is_timestamped`]
/// reads only whether there are four; the legal-line check and the
/// chrome-words check read on in the fold when the kept words do not
/// settle them.
const WORDS_KEPT: usize = 13;

/// The [`View`] of a line and its fold, with its words in `words`.
fn view<'t, 'a: 't, 'w>(
    text: &'t str,
    folded: &'a str,
    words: &'w mut Vec<&'a str>,
    st: &'w mut TextStats,
) -> View<'t, 'w> {
    words.clear();
    *st = TextStats::with_some_words_into(text, folded, words, WORDS_KEPT);
    let ascii = folded.is_ascii();
    View {
        text,
        folded,
        complete: !ascii || st.words <= WORDS_KEPT,
        words,
        st,
        ascii,
    }
}

/// [`str::lines`], with the line ends found by a vectorized byte search.
fn lines_of(body: &str) -> impl Iterator<Item = &str> {
    let mut rest = body;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        Some(line)
    })
}

/// The line with surrounding whitespace and invisibles removed.
fn clean(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || signals::is_invisible(c))
}

/// Words one of which every match of the counter pattern holds.
const COUNTER_WORDS: &[&str] = &[
    "online", "user", "users", "visitor", "visitors", "nguoi", "luot", "truy", "thong", "hit",
    "hits", "view", "views", "counter", "total",
];

fn is_counter(v: &View) -> bool {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    let (folded, st) = (v.folded, v.st);
    if st.words > 8 {
        return false;
    }
    // Each alternative of the pattern (and each bare word below) has one
    // of the words as a whole word.
    if v.ascii && !v.words.iter().any(|w| COUNTER_WORDS.contains(w)) {
        return false;
    }
    let r = re(
        &COUNT,
        r"^\d[\d.,]*\s+(online|users?|visitors?|nguoi|luot)\b|\b(online|truy cap|luot xem|visitors?|hits?|views?|counter|total)\b.*\d|\b(hit counter|thong ke truy cap)\b",
    );
    r.is_match(folded) || (st.words <= 2 && matches!(folded, "online" | "total" | "hits"))
}

fn is_timestamped(v: &View) -> bool {
    let folded = v.folded;
    static TS: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &TS,
        r"\w.*\(\s*\d{1,2}/\d{1,2}(/\d{2,4})?(\s+\d{1,2}[:h]\d{2}(\s*(sa|ch|am|pm))?)?\s*\)\s*$",
    );
    // The pattern ends in ")": most lines are ruled out without the regex.
    folded.trim_end().ends_with(')') && r.is_match(folded) && v.words.len() >= 4
}

fn is_menu(text: &str, st: &TextStats) -> bool {
    // Most lines have none of the separators: their bytes ('|', and the
    // lead bytes of '»' and '·', and of '•') are looked for first, by a
    // vectorized byte search, before any character is decoded; '>' and
    // '/' only where the short-line rule below can use them.
    let b = text.as_bytes();
    let wide = memchr::memchr3(b'|', 0xC2, 0xE2, b).is_some();
    if !st.is_sentence()
        && st.words <= 30
        && (wide || memchr::memchr2(b'>', b'/', b).is_some())
        && (text.contains(" | ")
            || text.contains('»')
            || text.contains(" > ")
            || text.contains(" / "))
    {
        return true;
    }
    // A footer or section menu can be long enough to pass for a sentence
    // ("Cookie settings | RSS feeds | … | About us"): many items of a few
    // words each, none of them a sentence, is a menu at any length.
    if !wide || !text.contains(['|', '»', '·', '•']) {
        return false;
    }
    let mut items = 0;
    for it in text
        .split(['|', '»', '·', '•'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if it.split_whitespace().count() > 5 || it.ends_with(['.', '!', '?', ':', ';']) {
            return false;
        }
        items += 1;
    }
    items >= 4 && items * 4 >= st.words
}

/// A short row of figures (at least two numbers, and one token in five or
/// more a number).
fn is_data_row(text: &str, st: &TextStats) -> bool {
    st.words <= 16 && is_figures(text)
}

/// Are at least two tokens, and one in five, numbers?
fn is_figures(text: &str) -> bool {
    // A number is a token with an ASCII digit.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if text.is_ascii() {
        return is_figures_ascii(text.as_bytes());
    }
    let (mut tokens, mut numbers) = (0usize, 0usize);
    for t in text.split_whitespace() {
        if !t.chars().any(char::is_alphanumeric) {
            continue;
        }
        tokens += 1;
        numbers += usize::from(t.chars().any(|c| c.is_ascii_digit()));
    }
    numbers >= 2 && numbers * 5 >= tokens
}

/// [`is_figures`] of ASCII text, a byte at a time: its whitespace, letters
/// and digits are the ASCII ones.
fn is_figures_ascii(b: &[u8]) -> bool {
    let (mut tokens, mut numbers) = (0usize, 0usize);
    // The current token has a letter or digit, and has a digit.
    let (mut alnum, mut digit) = (false, false);
    for &c in b.iter().chain([b' '].iter()) {
        if c.is_ascii_whitespace() || c == 0x0B {
            tokens += usize::from(alnum);
            numbers += usize::from(digit);
            (alnum, digit) = (false, false);
        } else {
            alnum |= c.is_ascii_alphanumeric();
            digit |= c.is_ascii_digit();
        }
    }
    numbers >= 2 && numbers * 5 >= tokens
}

/// A share bar: "Share this article: Facebook Twitter LinkedIn Email Print",
/// "Chia sẻ: Facebook Zalo". Names of two or more social networks in a
/// short line.
fn is_share_bar(v: &View) -> bool {
    if v.st.words > 12 {
        return false;
    }
    let social = v
        .words
        .iter()
        .filter(|w| {
            matches!(
                **w,
                "facebook"
                    | "twitter"
                    | "linkedin"
                    | "zalo"
                    | "whatsapp"
                    | "telegram"
                    | "pinterest"
                    | "reddit"
                    | "messenger"
                    | "viber"
                    | "tumblr"
                    | "x"
                    | "email"
                    | "print"
            )
        })
        .count();
    social >= 3 || (social >= 2 && signals::has_chrome_phrase_in(v.words))
}

/// A copyright or rights line: "(c) 2024 Daily Courier. All rights
/// reserved.", "© Bản quyền thuộc về …". It closes a page, and reads as prose.
fn is_legal(v: &View) -> bool {
    static LEGAL: OnceLock<Regex> = OnceLock::new();
    let (folded, text, st) = (v.folded, v.text, v.st);
    let r = re(
        &LEGAL,
        r"^(\(c\)|copyright\b)|\ball rights reserved\b|^ban quyen\b|\bgiu ban quyen\b|\bban quyen thuoc\b",
    );
    if st.words > 40 {
        return false;
    }
    if text.trim_start().starts_with('©') {
        return true;
    }
    // Each alternative starts the line with "(c)" or "copyright", or has
    // "rights" or "quyen" as a whole word.
    // Where only some words were kept, a substring search stands in for
    // the word search: a word is a substring.
    let rights = if v.complete {
        v.words.iter().any(|w| matches!(*w, "rights" | "quyen"))
    } else {
        folded.contains("rights") || folded.contains("quyen")
    };
    if v.ascii && !(folded.starts_with("(c)") || folded.starts_with("copyright") || rights) {
        return false;
    }
    r.is_match(folded)
}

/// A call to action at the start of a short line: "Sign up to our morning
/// newsletter…", "Subscribe to…", "Follow us on…", "Download our app…",
/// "Đăng ký nhận bản tin…". News prose is not written in the imperative
/// to the reader; widgets are.
fn is_call_to_action(folded: &str, st: &TextStats) -> bool {
    static CTA: OnceLock<Regex> = OnceLock::new();
    // The pattern is anchored: a line that starts with none of its
    // literal openings cannot match.
    const OPENINGS: &[&str] = &[
        "sign up",
        "subscribe",
        "follow us",
        "download ",
        "click here",
        "register ",
        "join us",
        "like us",
        "dang ky nhan ban tin",
    ];
    if st.words > 20 || !OPENINGS.iter().any(|o| folded.starts_with(o)) {
        return false;
    }
    let r = re(
        &CTA,
        r"^(sign up|subscribe|follow us|download (our|the) app|click here|register (now|here|for)|join us|like us|dang ky nhan ban tin)\b",
    );
    r.is_match(folded)
}

fn is_source(folded: &str, st: &TextStats) -> bool {
    let f = folded.trim_start_matches(['(', '[', '-', ' ']);
    let starts = ["theo ", "nguon:", "nguon ", "source", "according to "];
    starts.iter().any(|s| f.starts_with(s))
        && (st.words <= 6 || folded.contains("http"))
        && !(st.sentence_end && st.words > 4 && !folded.ends_with(')'))
}

/// The line's kind; for a date line, its date goes to `date`.
fn classify(v: &View, date: &mut Option<String>) -> Kind {
    let (text, folded, st) = (v.text, v.folded, v.st);
    if folded.is_empty() {
        return Kind::Blank;
    }
    if is_counter(v) {
        return Kind::Counter;
    }
    if is_timestamped(v) {
        return Kind::Timestamped;
    }
    if st.words <= 12 {
        if let Some(d) = signals::date_line_folded(folded) {
            *date = Some(d);
            return Kind::Date;
        }
    }
    if is_source(folded, st) {
        return Kind::Source;
    }
    if signals::is_caption_with(folded, st) {
        return Kind::Caption;
    }
    if signals::is_url(text) || is_legal(v) || is_call_to_action(folded, st) || is_share_bar(v) {
        return Kind::Chrome;
    }
    if is_menu(text, st) {
        return Kind::Menu;
    }
    let short = st.words <= 6;
    if (signals::all_chrome_words_in(v.words) && (v.complete || signals::all_chrome_words(folded)))
        || (short && st.upper_ratio > 0.8 && st.words >= 1 && !st.sentence_end)
        || (short && folded.ends_with(':') && signals::has_chrome_phrase_in(v.words))
    {
        return Kind::Header;
    }
    if st.is_sentence() {
        return Kind::Sentence;
    }
    if is_data_row(text, st) {
        return Kind::Data;
    }
    // Widget lines are short; a headline may well say "top" or "hot".
    if st.words <= 6 && signals::has_chrome_phrase_in(v.words) {
        return Kind::Chrome;
    }
    Kind::Short
}

/// How much a line pulls the body span towards itself.
fn weight(l: &Line) -> f64 {
    match l.kind {
        Kind::Blank => 0.0,
        Kind::Sentence => (l.stats.chars as f64 / 12.0).max(2.0),
        Kind::Teaser => -1.0,
        Kind::Short => -2.0,
        Kind::Data => 2.0,
        Kind::Header => -6.0,
        Kind::Chrome | Kind::Menu | Kind::Counter => -8.0,
        Kind::Timestamped => -5.0,
        Kind::Date | Kind::Source | Kind::Caption => -1.0,
    }
}

fn rule(kind: Kind) -> &'static str {
    match kind {
        Kind::Blank => "text:blank",
        Kind::Sentence | Kind::Short | Kind::Data => "text:outside-body",
        Kind::Teaser => "text:teaser",
        Kind::Header => "text:section-header",
        Kind::Chrome => "text:chrome",
        Kind::Menu => "text:menu",
        Kind::Counter => "text:counter",
        Kind::Timestamped => "text:latest-list",
        Kind::Date => "text:date",
        Kind::Source => "text:source",
        Kind::Caption => "text:caption",
    }
}

/// Teaser lists alternate headline and sapo: a sentence whose neighbours
/// (ignoring blank lines) are both headline-like or section ends. Article
/// prose comes in runs of sentences, so it is not affected.
fn mark_teasers(lines: &mut [Line]) {
    let idx: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind != Kind::Blank)
        .collect();
    // Headlines: short lines, section headers, timestamped items, and short
    // questions or exclamations ("... lấy từ đâu?").
    let headline_like = |l: &Line| {
        matches!(l.kind, Kind::Short | Kind::Header | Kind::Timestamped)
            || (l.kind == Kind::Sentence
                && l.stats.chars < 120
                && l.text.trim_end().ends_with(['?', '!']))
    };
    // A (headline, sapo) pair: a short prose line under a headline. Long
    // paragraphs between subheadings are article text, not sapos.
    let pair: Vec<bool> = (0..idx.len())
        .map(|n| {
            let l = &lines[idx[n]];
            n > 0
                && l.kind == Kind::Sentence
                && l.stats.chars < 300
                && !headline_like(l)
                && headline_like(&lines[idx[n - 1]])
        })
        .collect();
    // Two pairs in a row make a list.
    let teasers: Vec<usize> = (0..idx.len())
        .filter(|&n| pair[n] && ((n >= 2 && pair[n - 2]) || pair.get(n + 2) == Some(&true)))
        .map(|n| idx[n])
        .collect();
    for i in teasers {
        lines[i].kind = Kind::Teaser;
    }
}

/// Three or more chrome lines in a row (source, share bar, view counter,
/// "same category" header...), or two section headers in a row ("Photos",
/// "Other news"), mark the end of one page region and the start of
/// another: the body span may not cross them, however much prose (teaser
/// sapos) lies beyond. A single "RELATED NEWS" inside the body is no wall.
fn wall_chrome_runs(lines: &[Line], weights: &mut [f64]) {
    let chrome = |k: Kind| {
        matches!(
            k,
            Kind::Header
                | Kind::Chrome
                | Kind::Menu
                | Kind::Counter
                | Kind::Source
                | Kind::Timestamped
        )
    };
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, weights: &mut [f64]| {
        let headers = run
            .iter()
            .filter(|&&i| lines[i].kind == Kind::Header)
            .count();
        if run.len() >= 3 || headers >= 2 {
            for &i in run.iter() {
                weights[i] = -1000.0;
            }
        }
        run.clear();
    };
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Blank {
            continue;
        }
        if chrome(l.kind) {
            run.push(i);
        } else {
            flush(&mut run, weights);
        }
    }
    flush(&mut run, weights);
}

/// A name line closing an article ("Thanh Truc", "An Bình Tổng hợp",
/// "Thu Linh/VOV online"): few words, mostly capitalized, no digits.
fn is_byline(l: &Line) -> bool {
    l.kind == Kind::Short && signals::looks_like_byline(&l.text)
}

/// The headline: the line just above a date line near the body, else the
/// nearest headline-like line above the body (a longer one first: image
/// placeholders and section names are short).
fn find_title(lines: &[Line], body_start: usize) -> Option<usize> {
    let window = || {
        (0..body_start)
            .rev()
            .filter(|&i| lines[i].kind != Kind::Blank)
            .take(8)
    };
    let above_date = window()
        .filter(|&i| lines[i].kind == Kind::Date)
        .find_map(|d| {
            (0..d)
                .rev()
                .find(|&i| lines[i].kind != Kind::Blank)
                .filter(|&i| title_shape(&lines[i], 3))
        });
    above_date
        .or_else(|| window().find(|&i| title_candidate(&lines[i], 4)))
        .or_else(|| window().find(|&i| title_candidate(&lines[i], 2)))
}

/// Could this line be the page's headline?
fn title_candidate(l: &Line, min_words: usize) -> bool {
    title_shape(l, min_words) && !l.text.trim_end().ends_with('.')
}

/// Headline-shaped, whatever its last character (the line right above a
/// date line is the headline even when it ends with a period).
fn title_shape(l: &Line, min_words: usize) -> bool {
    matches!(
        l.kind,
        Kind::Short | Kind::Sentence | Kind::Teaser | Kind::Data
    ) && (min_words..=35).contains(&l.stats.words)
        && !signals::all_chrome_words(l.folded)
}

/// Splits a trailing truncation marker ("… Read more", "... Xem thêm",
/// "[…]") off a line that has real text before it: feeds and syndicated
/// copies cut an article's last paragraph this way. The text before the
/// marker is the article's; the marker is chrome.
fn split_read_more(text: &str) -> Option<(String, String)> {
    static MARK: OnceLock<Regex> = OnceLock::new();
    // Every marker holds an ellipsis: most lines are ruled out without
    // the regex.
    // A '.' starts "...", and 0xA6 ends '…' (E2 80 A6): a line has few
    // of either.
    // Both are looked for without an early exit, so that the loops are
    // vectorized: most lines have neither.
    let b = text.as_bytes();
    let dots = b
        .iter()
        .zip(&b[1.min(b.len())..])
        .zip(&b[2.min(b.len())..])
        .fold(false, |acc, ((&x, &y), &z)| {
            acc | ((x == b'.') & (y == b'.') & (z == b'.'))
        });
    if !dots && (text.is_ascii() || !text.contains('…')) {
        return None;
    }
    let m = re(
        &MARK,
        r"(?i)(?:\.\.\.|…)\s*(?:\[?\s*(?:read more|read full (?:story|article)|continue reading|more|xem thêm|đọc tiếp|xem tiếp|chi tiết)\s*\]?\s*[»›>]*|\]|)\s*$|\[\s*(?:\.\.\.|…)\s*\]\s*$",
    )
    .find(text)?;
    let head = text[..m.start()].trim_end();
    let marker = text[m.start()..].trim();
    // Only a real text before the marker, and only a marker that says more
    // than a plain trailing ellipsis.
    let words = head.split_whitespace().count();
    let plain_ellipsis = marker == "..." || marker == "…";
    (words >= 3 && !plain_ellipsis).then(|| (format!("{head} …"), marker.to_string()))
}

pub fn extract(body: &str, cfg: &BoilerplateConfig) -> Extraction {
    let mut markers: Vec<Removed> = Vec::new();
    // The folds of all lines go to one buffer (a line's fold is never
    // longer than its text unless it has non-ASCII characters), and each
    // line's words to one reused list: no allocation per line.
    let n_lines = memchr::memchr_iter(b'\n', body.as_bytes()).count() + 1;
    let mut folds = Vec::with_capacity(body.len());
    let mut texts: Vec<(&str, Cow<str>, bool, usize)> = Vec::with_capacity(n_lines);
    for raw in lines_of(body) {
        let mut text = Cow::Borrowed(clean(raw));
        let mut excerpt = false;
        if let Some((head, marker)) = split_read_more(&text) {
            markers.push(removed(&marker, "text:read-more"));
            text = Cow::Owned(head);
            excerpt = true;
        }
        signals::fold_into(&text, &mut folds);
        texts.push((raw, text, excerpt, folds.len()));
    }
    // Each line's fold is UTF-8 (an ASCII line's lowercased bytes, or
    // another's match key), so the buffer is.
    let folds = String::from_utf8(folds).expect("folds of UTF-8 lines are UTF-8");
    let mut words: Vec<&str> = Vec::new();
    let mut lines: Vec<Line> = Vec::with_capacity(texts.len());
    let mut fold_start = 0;
    for (raw, text, excerpt, fold_end) in texts {
        let folded = &folds[fold_start..fold_end];
        fold_start = fold_end;
        let mut stats = TextStats::default();
        let mut date = None;
        let kind = classify(&view(&text, folded, &mut words, &mut stats), &mut date);
        lines.push(Line {
            raw,
            text,
            folded,
            stats,
            kind,
            excerpt,
            date,
        });
    }
    mark_teasers(&mut lines);
    // A short line right above three or more timestamped headlines is the
    // header of a "latest" list, whatever its wording.
    for i in 0..lines.len() {
        if lines[i].kind != Kind::Short {
            continue;
        }
        let stamped = lines[i + 1..]
            .iter()
            .filter(|l| l.kind != Kind::Blank)
            .take(3)
            .filter(|l| l.kind == Kind::Timestamped)
            .count();
        if stamped == 3 {
            lines[i].kind = Kind::Header;
        }
    }
    // A text with no chrome at all (no menu, counter, widget, section header
    // or timestamped list, no short line in chrome words such as a follow-us
    // line) is not a dump of a rendered page but text that is
    // already clean: its short or unpunctuated lines are the article's own
    // (tables of figures, paragraphs without a final stop), not headlines of
    // other stories. Only the first line keeps its shape, as the title.
    let has_chrome = lines.iter().any(|l| {
        matches!(
            l.kind,
            Kind::Menu | Kind::Counter | Kind::Chrome | Kind::Header | Kind::Timestamped
        ) || (l.kind == Kind::Short && {
            words.clear();
            signals::words_into(l.folded, &mut words);
            signals::has_chrome_phrase_in(&words)
        })
    });
    if !has_chrome {
        let first = lines.iter().position(|l| l.kind != Kind::Blank);
        for (i, l) in lines.iter_mut().enumerate() {
            if Some(i) != first && matches!(l.kind, Kind::Short | Kind::Teaser) {
                l.kind = Kind::Sentence;
            }
        }
    }
    let mut ex = Extraction::default();
    let mut weights: Vec<f64> = lines.iter().map(weight).collect();
    wall_chrome_runs(&lines, &mut weights);
    let Some((start, mut end)) = signals::max_span(&weights) else {
        for l in &lines {
            if !l.raw.is_empty() {
                push_removed(&mut ex, &l.text, rule(l.kind), Some(l.folded));
            }
        }
        for m in markers {
            push_marker(&mut ex, m);
        }
        return ex;
    };

    // Past the last paragraph of prose (not a short or truncated teaser
    // line), a chrome line (share bar, counter, source, section header) ends
    // the article: teasers below it are not part of it even when the span
    // reached them.
    let core = |l: &Line| {
        l.kind == Kind::Sentence
            && l.stats.chars >= 80
            && !l.text.trim_end().ends_with("...")
            && !l.text.trim_end().ends_with('…')
    };
    if let Some(last) = (start..end).rev().find(|&i| core(&lines[i])) {
        let chrome = |k: Kind| {
            matches!(
                k,
                Kind::Menu | Kind::Counter | Kind::Header | Kind::Chrome | Kind::Source
            )
        };
        if let Some(cut) = (last + 1..end).find(|&i| chrome(lines[i].kind)) {
            end = cut;
        }
    }
    // A share bar, a view counter or a source line closes the article: cut
    // there when the prose above outweighs the prose below (teasers of other
    // stories).
    let prose_chars = |r: std::ops::Range<usize>| -> usize {
        r.filter(|&i| matches!(lines[i].kind, Kind::Sentence | Kind::Teaser))
            .map(|i| lines[i].stats.chars)
            .sum()
    };
    if let Some(cut) = (start..end)
        .find(|&i| matches!(lines[i].kind, Kind::Menu | Kind::Counter | Kind::Source) && i > start)
    {
        if prose_chars(start..cut) > prose_chars(cut..end) {
            end = cut;
        }
    }

    // A byline right after the body belongs to it.
    if let Some(j) = (end..lines.len()).find(|&j| lines[j].kind != Kind::Blank) {
        if is_byline(&lines[j]) {
            end = j + 1;
        }
    }

    // The first "real" body line: a sentence of some length. Title candidates
    // are the lines before it.
    let body_start = (start..end)
        .find(|&i| lines[i].kind == Kind::Sentence && lines[i].stats.chars >= 80)
        .unwrap_or(start);
    let title_idx = find_title(&lines, body_start);
    if let Some(t) = title_idx {
        ex.meta.title = Some(lines[t].text.to_string());
    }

    // Publication date: the date line nearest the title (or the body start),
    // never a "today is" clock line.
    let anchor = title_idx.unwrap_or(body_start);
    ex.meta.date = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == Kind::Date && !signals::is_today_line(l.folded))
        .min_by_key(|(i, _)| (i.abs_diff(anchor), *i < anchor))
        .and_then(|(_, l)| l.date.clone());

    let mut in_section = false;
    let mut fresh_header = false;
    // The last line removed as an item of a list under a section header
    // ("FEATURED", "Tin nổi bật"), and whether such a list is open.
    let mut last_item: Option<usize> = None;
    let mut list = false;
    let mut kept: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Blank {
            if !l.raw.is_empty() && l.raw.trim().is_empty() && l.raw.contains('\u{a0}') {
                push_removed(&mut ex, l.raw, "text:blank", None);
            }
            continue;
        }
        if Some(i) == title_idx {
            if list {
                last_item = Some(i);
            }
            push_removed(&mut ex, &l.text, "text:title", Some(l.folded));
            continue;
        }
        if i < start || i >= end {
            // The list state runs on above the body: a span that starts at
            // a sapo under a "featured news" header and its headline starts
            // inside that list.
            if i < start {
                match l.kind {
                    Kind::Header => list = true,
                    Kind::Short | Kind::Data | Kind::Timestamped if list => last_item = Some(i),
                    Kind::Sentence | Kind::Teaser => list = false,
                    _ => {}
                }
            }
            push_removed(&mut ex, &l.text, rule(l.kind), Some(l.folded));
            continue;
        }
        match l.kind {
            // A section header has at least one item: the line right under
            // it is a headline even when it ends with "!" or "?".
            Kind::Sentence | Kind::Teaser if fresh_header && l.stats.chars < 200 => {
                fresh_header = false;
                last_item = list.then_some(i);
                push_removed(&mut ex, &l.text, "text:related-list", Some(l.folded));
            }
            // Prose on the very next line under a list item (no blank line
            // between) is that item's sapo: the list goes on. Prose after a
            // paragraph break is the article again.
            Kind::Sentence | Kind::Teaser if list && i > 0 && last_item == Some(i - 1) => {
                push_removed(&mut ex, &l.text, "text:teaser", Some(l.folded));
            }
            Kind::Sentence | Kind::Teaser => {
                in_section = false;
                fresh_header = false;
                list = false;
                kept.push(i);
                push_kept(&mut ex, &l.text, l.folded);
            }
            Kind::Short | Kind::Data if !in_section => {
                kept.push(i);
                push_kept(&mut ex, &l.text, l.folded);
            }
            Kind::Short | Kind::Data | Kind::Timestamped => {
                fresh_header = false;
                if list {
                    last_item = Some(i);
                }
                push_removed(&mut ex, &l.text, "text:related-list", Some(l.folded))
            }
            Kind::Header | Kind::Chrome => {
                in_section = true;
                fresh_header = l.kind == Kind::Header;
                list |= fresh_header;
                push_removed(&mut ex, &l.text, rule(l.kind), Some(l.folded));
            }
            _ => push_removed(&mut ex, &l.text, rule(l.kind), Some(l.folded)),
        }
    }
    let kept_lines: Vec<&Line> = kept.iter().map(|&i| &lines[i]).collect();
    // Articles have paragraphs in a row; listings alternate headline and
    // sapo. Two prose lines in a row (blank, date and caption lines aside)
    // mean an article, whatever else the span holds.
    let prose: Vec<bool> = lines[start..end]
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Blank | Kind::Date | Kind::Caption))
        .map(|l| l.kind == Kind::Sentence && l.stats.chars >= 60)
        .collect();
    let prose_run = prose.windows(2).any(|w| w[0] && w[1]);
    // Listing and 404 pages are page dumps; clean text is kept as it is.
    if has_chrome {
        drop_if_not_article(&mut ex, &kept_lines, prose_run, cfg);
    }
    for m in markers {
        push_marker(&mut ex, m);
    }
    ex
}

/// A paragraph that reads as prose on its own: a finished sentence of at
/// least 20 words, one in eight of them function words. A one-paragraph
/// news brief is an article however short; what is left of a listing or a
/// 404 page (headlines, labels, a copyright line, the one-sentence "this
/// page was removed or moved" notice, which at 12 words still passed) is
/// not such prose.
pub(super) fn is_brief_prose(st: &TextStats) -> bool {
    // The last sentence may carry a wire sign-off ("… 800 mln. REUTER").
    (st.sentence_end || st.inner_sentence_end) && st.words >= 20 && st.stop_words * 8 >= st.words
}

/// Listing, search, tag and 404 pages have no article: either too little
/// kept text (and no paragraph of prose), or, with no two paragraphs in a row, as many headline-like
/// lines as sentences (a list of headlines with sapos). Their lines go, with
/// rule `text:no-article`.
fn drop_if_not_article(
    ex: &mut Extraction,
    kept: &[&Line],
    prose_run: bool,
    cfg: &BoilerplateConfig,
) {
    let shorts = kept.iter().filter(|l| l.kind == Kind::Short).count();
    let sentences = kept
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Short | Kind::Data))
        .count();
    // Sapo-like: a short prose line right under a kept headline-like line.
    let sapos = kept
        .windows(2)
        .filter(|w| {
            w[0].kind == Kind::Short
                && w[1].kind != Kind::Short
                && (60..300).contains(&w[1].stats.chars)
        })
        .count();
    let listing = !prose_run
        && ((shorts >= 4 && shorts >= sentences) || (sapos >= 3 && sapos * 2 >= sentences));
    // A table of figures (three rows or more) is a brief's body too.
    let table = kept.iter().filter(|l| l.kind == Kind::Data).count() >= 3;
    // So is one long paragraph of figures ("Shr 22 cts vs 19 cts Net 1.1 mln
    // vs 994,000 Year …"), a results table run together.
    // And so is the lead of an article cut by a "… Read more" marker, when
    // it is the page's only prose (a feed or syndication stub): the marker
    // says the sentence is the start of an article, not a label.
    let excerpt = |l: &Line| {
        l.excerpt
            && l.kind == Kind::Sentence
            && l.stats.words >= 12
            && l.stats.stop_words * 8 >= l.stats.words
    };
    let brief = table
        || (kept.iter().filter(|l| l.kind == Kind::Sentence).count() == 1
            && kept.iter().any(|l| excerpt(l)))
        || kept
            .iter()
            .any(|l| is_brief_prose(&l.stats) || (l.stats.words >= 20 && is_figures(&l.text)));
    if (super::too_short_for_article(&ex.paragraphs, cfg.min_body_chars) && !brief) || listing {
        let paragraphs = std::mem::take(&mut ex.paragraphs);
        let keys = std::mem::take(&mut ex.paragraph_keys);
        let aligned = keys.len() == paragraphs.len();
        for (i, p) in paragraphs.iter().enumerate() {
            ex.removed_keys.push(if aligned {
                keys[i]
            } else {
                super::template::line_key(p, None)
            });
            ex.removed.push(removed(p, "text:no-article"));
        }
    }
}

/// [`classify`] of one line on its own, with its date.
#[cfg(test)]
fn classify_line(text: &str) -> (Kind, Option<String>) {
    let folded = signals::fold(text);
    let mut words = Vec::new();
    let mut st = TextStats::default();
    let mut date = None;
    let kind = classify(&view(text, &folded, &mut words, &mut st), &mut date);
    (kind, date)
}

/// Records a kept paragraph with its site-template key, taken from its fold.
fn push_kept(ex: &mut Extraction, text: &str, fold: &str) {
    ex.paragraph_keys
        .push(super::template::line_key(text, Some(fold)));
    ex.paragraphs.push(text.to_string());
}

/// Records a removed line with its site-template key, taken from the
/// line's `fold` where it is at hand.
fn push_removed(ex: &mut Extraction, text: &str, rule: &str, fold: Option<&str>) {
    ex.removed_keys.push(super::template::line_key(text, fold));
    ex.removed.push(removed(text, rule));
}

/// Records a removed read-more marker (no fold at hand).
fn push_marker(ex: &mut Extraction, m: Removed) {
    ex.removed_keys
        .push(super::template::line_key(&m.text, None));
    ex.removed.push(m);
}

fn removed(text: &str, rule: &str) -> Removed {
    Removed {
        text: text.to_string(),
        rule: rule.to_string(),
    }
}

#[cfg(test)]
mod read_more_tests {
    use super::{extract, split_read_more};
    use crate::boilerplate::BoilerplateConfig;

    #[test]
    fn clean_text_without_chrome_is_kept_whole() {
        // A short brief and a table of figures: no chrome anywhere, so no line
        // of them is a headline of another story.
        let brief = "French inflation confirmed\n\nPARIS, March 30 - French retail prices rose a confirmed 0.2 pct in February, in line with provisional figures.\n\nThe rise compared with";
        let ex = extract(brief, &BoilerplateConfig::default());
        assert_eq!(ex.meta.title.as_deref(), Some("French inflation confirmed"));
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex);
        let table = "Discus Corp 4th Qtr Loss\n\nBLOOMINGTON, March 26 - Shr loss six cts vs loss seven cts\n\nNet loss 125,000 vs loss 140,000\n\nRev 2.4 mln vs 2.2 mln";
        let ex = extract(table, &BoilerplateConfig::default());
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex);
        // The same brief under a menu and over a counter is a page dump: the
        // chrome goes, the article stays.
        let dump = format!("Home | World | Business | Sport | Tech\n\n{brief}\n\n793 online users");
        let ex = extract(&dump, &BoilerplateConfig::default());
        assert!(
            ex.paragraphs
                .iter()
                .all(|p| !p.contains("online users") && !p.contains("Home |")),
            "{:?}",
            ex.paragraphs
        );
    }

    #[test]
    fn truncation_markers_split_off() {
        let (head, mark) =
            split_read_more("Plans to unite the two wool companies are on hold while the Government decides ... Read more").unwrap();
        assert_eq!(
            head,
            "Plans to unite the two wool companies are on hold while the Government decides …"
        );
        assert_eq!(mark, "... Read more");
        assert!(split_read_more(
            "Bộ trưởng cho biết kế hoạch sẽ được công bố trong tuần tới và người dân … Xem thêm"
        )
        .is_some());
        assert!(split_read_more(
            "The long sentence that simply ends with a plain ellipsis like this one ..."
        )
        .is_none());
        assert!(
            split_read_more("Teaser ... Read more").is_none(),
            "a lone word is not article text"
        );
        assert!(
            split_read_more("A normal sentence with nothing at the end of it at all.").is_none()
        );
    }
}

#[cfg(test)]
mod fast_path_tests {
    //! The classifier with its pre-checks (words shared between checks,
    //! regexes ruled out by the words or bytes they need) against the
    //! classifier as it was before them, on random lines built of the
    //! words and marks the checks look for.
    use super::*;
    use proptest::prelude::*;

    /// The classifier before the pre-checks, verbatim.
    mod reference {
        use super::super::{signals, Kind};
        use crate::boilerplate::signals::{re, TextStats};
        use regex::Regex;
        use std::sync::OnceLock;

        fn is_counter(folded: &str, st: &TextStats) -> bool {
            static COUNT: OnceLock<Regex> = OnceLock::new();
            if st.words > 8 {
                return false;
            }
            let r = re(
                &COUNT,
                r"^\d[\d.,]*\s+(online|users?|visitors?|nguoi|luot)\b|\b(online|truy cap|luot xem|visitors?|hits?|views?|counter|total)\b.*\d|\b(hit counter|thong ke truy cap)\b",
            );
            r.is_match(folded) || (st.words <= 2 && matches!(folded, "online" | "total" | "hits"))
        }

        fn is_timestamped(folded: &str) -> bool {
            static TS: OnceLock<Regex> = OnceLock::new();
            let r = re(
                &TS,
                r"\w.*\(\s*\d{1,2}/\d{1,2}(/\d{2,4})?(\s+\d{1,2}[:h]\d{2}(\s*(sa|ch|am|pm))?)?\s*\)\s*$",
            );
            // The pattern ends in ")": most lines are ruled out without the regex.
            folded.trim_end().ends_with(')')
                && r.is_match(folded)
                && signals::words(folded).count() >= 4
        }

        fn is_menu(text: &str, st: &TextStats) -> bool {
            if !st.is_sentence()
                && st.words <= 30
                && (text.contains(" | ")
                    || text.contains('»')
                    || text.contains(" > ")
                    || text.contains(" / "))
            {
                return true;
            }
            // A footer or section menu can be long enough to pass for a sentence
            // ("Cookie settings | RSS feeds | … | About us"): many items of a few
            // words each, none of them a sentence, is a menu at any length.
            // Most lines have none of the separators: their bytes ('|', and the
            // lead bytes of '»' and '·', and of '•') are looked for first, by a
            // vectorized byte search, before any character is decoded.
            let maybe = memchr::memchr3(b'|', 0xC2, 0xE2, text.as_bytes()).is_some();
            if !maybe || !text.contains(['|', '»', '·', '•']) {
                return false;
            }
            let mut items = 0;
            for it in text
                .split(['|', '»', '·', '•'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if it.split_whitespace().count() > 5 || it.ends_with(['.', '!', '?', ':', ';']) {
                    return false;
                }
                items += 1;
            }
            items >= 4 && items * 4 >= st.words
        }

        /// A short row of figures (at least two numbers, and one token in five or
        /// more a number).
        fn is_data_row(text: &str, st: &TextStats) -> bool {
            st.words <= 16 && is_figures(text)
        }

        /// Are at least two tokens, and one in five, numbers?
        fn is_figures(text: &str) -> bool {
            let (mut tokens, mut numbers) = (0usize, 0usize);
            for t in text.split_whitespace() {
                if !t.chars().any(char::is_alphanumeric) {
                    continue;
                }
                tokens += 1;
                numbers += usize::from(t.chars().any(|c| c.is_ascii_digit()));
            }
            numbers >= 2 && numbers * 5 >= tokens
        }

        /// A share bar: "Share this article: Facebook Twitter LinkedIn Email Print",
        /// "Chia sẻ: Facebook Zalo". Names of two or more social networks in a
        /// short line.
        fn is_share_bar(folded: &str, st: &TextStats) -> bool {
            if st.words > 12 {
                return false;
            }
            let social = signals::words(folded)
                .filter(|w| {
                    matches!(
                        *w,
                        "facebook"
                            | "twitter"
                            | "linkedin"
                            | "zalo"
                            | "whatsapp"
                            | "telegram"
                            | "pinterest"
                            | "reddit"
                            | "messenger"
                            | "viber"
                            | "tumblr"
                            | "x"
                            | "email"
                            | "print"
                    )
                })
                .count();
            social >= 3 || (social >= 2 && signals::has_chrome_phrase(folded))
        }

        /// A copyright or rights line: "(c) 2024 Daily Courier. All rights
        /// reserved.", "© Bản quyền thuộc về …". It closes a page, and reads as prose.
        fn is_legal(folded: &str, text: &str, st: &TextStats) -> bool {
            static LEGAL: OnceLock<Regex> = OnceLock::new();
            let r = re(
                &LEGAL,
                r"^(\(c\)|copyright\b)|\ball rights reserved\b|^ban quyen\b|\bgiu ban quyen\b|\bban quyen thuoc\b",
            );
            st.words <= 40 && (text.trim_start().starts_with('©') || r.is_match(folded))
        }

        /// A call to action at the start of a short line: "Sign up to our morning
        /// newsletter…", "Subscribe to…", "Follow us on…", "Download our app…",
        /// "Đăng ký nhận bản tin…". News prose is not written in the imperative
        /// to the reader; widgets are.
        fn is_call_to_action(folded: &str, st: &TextStats) -> bool {
            static CTA: OnceLock<Regex> = OnceLock::new();
            let r = re(
                &CTA,
                r"^(sign up|subscribe|follow us|download (our|the) app|click here|register (now|here|for)|join us|like us|dang ky nhan ban tin)\b",
            );
            st.words <= 20 && r.is_match(folded)
        }

        fn is_source(folded: &str, st: &TextStats) -> bool {
            let f = folded.trim_start_matches(['(', '[', '-', ' ']);
            let starts = ["theo ", "nguon:", "nguon ", "source", "according to "];
            starts.iter().any(|s| f.starts_with(s))
                && (st.words <= 6 || folded.contains("http"))
                && !(st.sentence_end && st.words > 4 && !folded.ends_with(')'))
        }

        pub(super) fn split_read_more(text: &str) -> Option<(String, String)> {
            static MARK: OnceLock<Regex> = OnceLock::new();
            // Every marker holds an ellipsis: most lines are ruled out without
            // the regex.
            static DOTS: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
            let dots = DOTS.get_or_init(|| memchr::memmem::Finder::new("..."));
            if dots.find(text.as_bytes()).is_none() && !text.contains('…') {
                return None;
            }
            let m = re(
                &MARK,
                r"(?i)(?:\.\.\.|…)\s*(?:\[?\s*(?:read more|read full (?:story|article)|continue reading|more|xem thêm|đọc tiếp|xem tiếp|chi tiết)\s*\]?\s*[»›>]*|\]|)\s*$|\[\s*(?:\.\.\.|…)\s*\]\s*$",
            )
            .find(text)?;
            let head = text[..m.start()].trim_end();
            let marker = text[m.start()..].trim();
            // Only a real text before the marker, and only a marker that says more
            // than a plain trailing ellipsis.
            let words = head.split_whitespace().count();
            let plain_ellipsis = marker == "..." || marker == "…";
            (words >= 3 && !plain_ellipsis).then(|| (format!("{head} …"), marker.to_string()))
        }

        pub(super) fn classify(text: &str, folded: &str, st: &TextStats) -> Kind {
            if folded.is_empty() {
                return Kind::Blank;
            }
            if is_counter(folded, st) {
                return Kind::Counter;
            }
            if is_timestamped(folded) {
                return Kind::Timestamped;
            }
            if st.words <= 12 && signals::date_line_folded(folded).is_some() {
                return Kind::Date;
            }
            if is_source(folded, st) {
                return Kind::Source;
            }
            if signals::is_caption_with(folded, st) {
                return Kind::Caption;
            }
            if signals::is_url(text)
                || is_legal(folded, text, st)
                || is_call_to_action(folded, st)
                || is_share_bar(folded, st)
            {
                return Kind::Chrome;
            }
            if is_menu(text, st) {
                return Kind::Menu;
            }
            let short = st.words <= 6;
            if signals::all_chrome_words(folded)
                || (short && st.upper_ratio > 0.8 && st.words >= 1 && !st.sentence_end)
                || (short && folded.ends_with(':') && signals::has_chrome_phrase(folded))
            {
                return Kind::Header;
            }
            if st.is_sentence() {
                return Kind::Sentence;
            }
            if is_data_row(text, st) {
                return Kind::Data;
            }
            // Widget lines are short; a headline may well say "top" or "hot".
            if st.words <= 6 && signals::has_chrome_phrase(folded) {
                return Kind::Chrome;
            }
            Kind::Short
        }
    }

    #[rustfmt::skip]
    const TOKENS: &[&str] = &[
        // chrome and counter vocabulary
        "Related", "RELATED NEWS", "news", "latest", "most", "read", "Comment", "(0)", "share",
        "Share this article:", "Facebook", "Twitter", "LinkedIn", "Email", "Print", "x", "Zalo",
        "online", "users", "user", "visitors", "Hit Counter", "hits", "views", "total", "Total",
        "lượt xem", "Lượt truy cập", "Thống kê truy cập", "người", "đang online", "truy cập",
        "Tin liên quan", "Xem thêm", "Theo dõi", "Chia sẻ", "Bình luận", "Trang chủ", "Top",
        "home", "tags", "Ảnh:", "Photo:", "(Photo: CTV)", "Nguồn:", "Theo", "Source:", "source",
        // legal and calls to action
        "(c)", "©", "Copyright", "copyright", "All rights reserved", "rights", "reserved",
        "Bản quyền thuộc", "giữ bản quyền", "bản quyền", "Sign up", "sign", "up", "Subscribe",
        "Follow us", "follow", "us", "Download our app", "download the app", "Click here",
        "Register now", "register for", "Join us", "Like us", "Đăng ký nhận bản tin",
        // dates and numbers
        "16 Mar 2024", "March 25,", "2024", "1987", "Mar", "march", "Sept.", "december", "5th",
        "10/01/2023", "2023-12-29", "29-12-2023", "ngày 5 tháng 3 năm 2021", "tháng", "năm",
        "08:30", "(04/03/2021 2:00 CH)", "(23/10/2013 23:08)", "GMT+7", "Published on",
        "Updated", "Thứ hai,", "199,037", "vs", "135,587", "mln", "cts", "12", "7", "0",
        "Net", "Shr",
        // prose, headlines, bylines
        "The", "city", "opened", "a", "new", "bridge", "said", "on", "Friday.", "It", "was",
        "of", "the", "and", "Officials", "Thank you very much, Minister!", "Bộ trưởng",
        "cho biết", "kế hoạch", "và", "của", "người dân.", "Thanh Truc", "VOV online",
        "http://example.org/a", "www.example.org", "https://x.y/z",
        // separators and odd characters
        "|", "»", ">", "/", "·", "•", ":", ".", "...", "…", "!", "?", ";", ",", "-", "(", ")",
        "[", "]", "_", "²", "\u{a0}", "\u{200b}", "Đ", "đ", "ĐÀ NẴNG", "日本語", "٣",
    ];

    fn line() -> impl Strategy<Value = String> {
        crate::boilerplate::token_lines(TOKENS, &[" ", " ", " ", "", "  ", "\t", ", "], 14)
    }

    fn check(text: &str) {
        let folded = signals::fold(text);
        let kind = reference::classify(text, &folded, &TextStats::of(text));
        let date = (kind == Kind::Date)
            .then(|| signals::date_line_folded(&folded))
            .flatten();
        assert_eq!(classify_line(text), (kind, date), "{text:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn classify_matches_the_reference(text in line()) {
            check(&text);
        }

        #[test]
        fn figures_by_bytes_are_figures_by_chars(text in "[a1 .,|\t\u{b}\u{c}\r]{0,24}") {
            // The definition: tokens between whitespace characters.
            let (mut tokens, mut numbers) = (0, 0);
            for t in text.split_whitespace() {
                if t.chars().any(char::is_alphanumeric) {
                    tokens += 1;
                    numbers += usize::from(t.chars().any(|c| c.is_ascii_digit()));
                }
            }
            prop_assert_eq!(is_figures_ascii(text.as_bytes()), numbers >= 2 && numbers * 5 >= tokens);
        }

        #[test]
        fn lines_of_is_str_lines(body in "[ab\r\n]{0,12}") {
            prop_assert_eq!(lines_of(&body).collect::<Vec<_>>(), body.lines().collect::<Vec<_>>());
        }

        #[test]
        fn read_more_check_matches_the_reference(text in "[a-z .…]{0,40}( \\.\\.\\. Read more| … Xem thêm| \\[…\\]|)") {
            prop_assert_eq!(split_read_more(&text), reference::split_read_more(&text));
        }
    }

    #[test]
    fn classify_matches_the_reference_on_the_seeds_and_fixtures() {
        let mut pages = vec![super::tests::DUMP.to_string()];
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"));
        match std::fs::read_dir(dir) {
            Ok(entries) => pages.extend(
                entries
                    .flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok()),
            ),
            Err(_) => eprintln!("skipping the seeds: ../shared/seeds not found"),
        }
        let mut n = 0;
        for page in &pages {
            for raw in page.lines() {
                check(clean(raw));
                n += 1;
            }
        }
        assert!(n > 20, "{n} lines");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Extraction {
        let ex = extract(s, &BoilerplateConfig::default());
        assert_keys_aligned(&ex);
        ex
    }

    /// Every removed line carries its own site-template key, in order:
    /// the site-template step reads the keys in place of the lines.
    pub(super) fn assert_keys_aligned(ex: &Extraction) {
        let keys: Vec<_> = ex
            .removed
            .iter()
            .map(|r| crate::boilerplate::template::line_key(&r.text, None))
            .collect();
        assert_eq!(ex.removed_keys, keys, "removed: {:?}", ex.removed);
        let keys: Vec<_> = ex
            .paragraphs
            .iter()
            .map(|p| crate::boilerplate::template::line_key(p, None))
            .collect();
        assert_eq!(ex.paragraph_keys, keys, "kept: {:?}", ex.paragraphs);
    }

    pub(super) const DUMP: &str = "Home | World | Sports | Business\n\
\n\
Provincial Portal\n\
\n\
City opens a new bridge across the river\n\
\n\
Published on 05 - 03 - 2021\n\
\n\
The city opened a new bridge across the river on Friday, cutting the commute for thousands of residents who used to take the ferry.\n\
\u{a0}\n\
Officials said the bridge cost about 40 million dollars and took three years to build, slightly longer than planned.\n\
RELATED NEWS\n\
Mayor inspects road works in the northern district\n\
\n\
Residents welcomed the change. Many of them had waited for the bridge for over a decade, according to local reports.\n\
Thank you very much, Minister!\n\
\n\
Source: https://example.org/news/bridge\n\
Comment (0)\n\
Latest news\n\
Flood warning issued for coastal areas(04/03/2021 2:00 CH)\n\
School year starts early in the highlands(03/03/2021 9:46 SA)\n\
Mời quý độc giả theo dõi tin tức trên\n\
\u{a0}\u{a0}\n\
Hit Counter\n\
512 online users\n";

    #[test]
    fn dump_keeps_body_and_drops_chrome() {
        let ex = run(DUMP);
        let joined = ex.paragraphs.join("\n");
        assert!(joined.contains("opened a new bridge"), "{joined}");
        assert!(joined.contains("40 million dollars"));
        assert!(joined.contains("Residents welcomed"));
        assert!(joined.contains("Thank you very much, Minister!"));
        for chrome in [
            "RELATED NEWS",
            "Mayor inspects",
            "Latest news",
            "Flood warning",
            "online users",
            "Hit Counter",
            "theo dõi",
            "Source",
            "Comment",
            "Home |",
            "Published on",
            "City opens",
        ] {
            assert!(!joined.contains(chrome), "{chrome} survived: {joined}");
        }
        assert_eq!(
            ex.meta.title.as_deref(),
            Some("City opens a new bridge across the river")
        );
        assert_eq!(ex.meta.date.as_deref(), Some("2021-03-05"));
        let rules: Vec<&str> = ex.removed.iter().map(|r| r.rule.as_str()).collect();
        assert!(rules.contains(&"text:counter"));
        assert!(rules.contains(&"text:latest-list"));
        assert!(rules.contains(&"text:blank"));
    }

    #[test]
    fn empty_and_garbage_do_not_panic() {
        assert!(run("").paragraphs.is_empty());
        let _ = run("\u{0}\u{1}\u{fffd}\n\n\u{a0}\n(((((");
        let _ = run(&"x".repeat(100_000));
    }
}

#[cfg(test)]
mod page_shape_tests {
    //! Chrome that reads as prose and articles that do not: footers, share
    //! bars, tables of figures and feed stubs.
    use super::*;

    fn kind(line: &str) -> Kind {
        classify_line(line).0
    }

    fn run(s: &str) -> Extraction {
        let ex = extract(s, &BoilerplateConfig::default());
        super::tests::assert_keys_aligned(&ex);
        ex
    }

    const HEAD: &str = "Politics | Markets | Tech | Sport | Culture\n\
Evening Herald - Breaking news and analysis\n\
Share this article: Facebook Twitter LinkedIn Email Print\n\
By Evening Herald staff | Updated 16 Mar 2024\n\n";
    const FOOT: &str = "\n\nMore stories\n\
Council approves new transport plan\n\
Airline adds regional routes\n\
Festival draws record crowds\n\
Sign up to our morning newsletter for the day's top stories.\n\
Cookie settings | RSS feeds | Advertise with us | Contact | Careers | Corrections | Terms of use | Help centre | Accessibility | Privacy policy\n\
(c) 2024 Evening Herald. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.\n";

    #[test]
    fn footer_lines_that_read_as_prose_are_chrome() {
        assert_eq!(
            kind("Cookie settings | RSS feeds | Advertise with us | Contact | Careers | Corrections | Terms of use | Help centre | Privacy policy"),
            Kind::Menu
        );
        assert_eq!(
            kind("(c) 2024 Evening Herald. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."),
            Kind::Chrome
        );
        assert_eq!(
            kind("© 2023 Báo Điện tử. Bản quyền thuộc về tòa soạn."),
            Kind::Chrome
        );
        assert_eq!(
            kind("Sign up to our morning newsletter for the day's top stories."),
            Kind::Chrome
        );
        assert_eq!(
            kind("Share this article: Facebook Twitter LinkedIn Email Print"),
            Kind::Chrome
        );
        // Prose that mentions the same words is still prose.
        assert_eq!(
            kind("The company said it would sign up 200 new dealers, a spokesman told reporters on Friday."),
            Kind::Sentence
        );
        assert_eq!(
            kind("He said the sale was not covered by copyright rules, and all parties had agreed to it."),
            Kind::Sentence
        );
        // Items that are sentences do not make a menu.
        assert_ne!(
            kind("Prices rose. | Output fell. | Exports held steady. | Imports grew."),
            Kind::Menu
        );
    }

    #[test]
    fn one_sentence_brief_beats_a_footer() {
        let page = format!(
            "{HEAD}Borg-Warner Examining GAF Proposal\n\nCHICAGO, March 31 - Borg-Warner Corp in a statement said it has received GAF Corp's 46 dlrs a share acquisition proposal and will have no comment until its board of directors has had a chance to examine it thoroughly.{FOOT}"
        );
        let ex = run(&page);
        assert_eq!(ex.paragraphs.len(), 1, "{:?}", ex.paragraphs);
        assert!(ex.paragraphs[0].starts_with("CHICAGO, March 31"));
        assert_eq!(
            ex.meta.title.as_deref(),
            Some("Borg-Warner Examining GAF Proposal")
        );
    }

    #[test]
    fn wire_signoff_does_not_hide_a_sentence_end() {
        let page = format!(
            "{HEAD}Money Market Shortage Forecast Revised Down\n\nLONDON, March 2 - The Bank of England said it revised its forecast of the shortage in the money market down to around 700 mln stg from its original estimate of 800 mln. REUTER{FOOT}"
        );
        let ex = run(&page);
        assert_eq!(ex.paragraphs.len(), 1, "{:?}", ex.paragraphs);
    }

    #[test]
    fn tables_of_figures_are_articles() {
        assert_eq!(kind("Net 199,037 vs 135,587"), Kind::Data);
        assert_eq!(
            kind("Group profit after tax 16 mln crowns vs 244 mln"),
            Kind::Data
        );
        assert_eq!(kind("Council approves new transport plan"), Kind::Short);
        let table = format!(
            "{HEAD}Jones Medical Industries 4th Qtr Net\n\nST. LOUIS, March 3 - Shr six cts vs five cts\n\nNet 199,037 vs 135,587\n\nSales 1,594,895 vs 1,368,959\n\nYear\n\nShr 25 cts vs 19 cts\n\nNet 695,398 vs 446,426{FOOT}"
        );
        let ex = run(&table);
        let text = ex.paragraphs.join("\n");
        assert!(
            text.contains("Net 199,037 vs 135,587"),
            "{:?}",
            ex.paragraphs
        );
        assert!(
            text.contains("Net 695,398 vs 446,426"),
            "{:?}",
            ex.paragraphs
        );
        assert!(!text.contains("All rights reserved") && !text.contains("transport plan"));
        // The same rows run together in one paragraph.
        let run_together = format!(
            "{HEAD}Acceleration Corp 4th Qtr\n\nDUBLIN, Ohio, March 12 - Shr 22 cts vs 19 cts Net 1.1 mln vs 994,000 Year Shr 83 cts vs 60 cts Net 4.3 mln vs 3.1 mln NOTE: 1985 net includes tax gain of 8,000 dlrs.{FOOT}"
        );
        assert_eq!(run(&run_together).paragraphs.len(), 1);
    }

    #[test]
    fn a_sapo_under_a_featured_item_is_no_article() {
        // A "page not found" page whose only prose is the sapo of a featured
        // story, on the line right under its headline.
        let page = "Home | News | Business | Contact\n\nFEATURED\nCity keeps the right to reclaim land for development\n(Wire) After collecting the comments, the draft amendment of the constitution keeps the rule that lets the state reclaim land for economic development.\nMarkets: S&P 500 sets another record\n\nADVERTISEMENT\nVIDEO\n";
        let ex = run(page);
        assert!(ex.paragraphs.is_empty(), "{:?}", ex.paragraphs);
        assert!(ex
            .removed
            .iter()
            .any(|r| r.rule == "text:teaser" || r.rule == "text:outside-body"));
    }

    #[test]
    fn feed_stub_with_read_more_is_kept_but_a_label_is_not() {
        let stub = format!(
            "{HEAD}Sun Cuts Heating Oil Barge Price\n\nNEW YORK, April 8 - Sun Co's refining subsidiary said it is decreasing the price of heating oil barges in the harbor ... Read more{FOOT}"
        );
        let ex = run(&stub);
        assert_eq!(ex.paragraphs.len(), 1, "{:?}", ex);
        assert!(ex.paragraphs[0].ends_with('…'));
        // Without the marker, a short line under chrome is no article.
        let notice = format!("{HEAD}Page not found{FOOT}");
        assert!(run(&notice).paragraphs.is_empty());
    }
}

#[cfg(test)]
mod seed_tests {
    //! The five real text dumps in `../shared/seeds` (when present): chrome
    //! lines must go, every content paragraph must stay.
    use super::*;
    use std::path::Path;

    fn load(prefix: &str) -> Option<Extraction> {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"));
        let entry = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
        let body = std::fs::read_to_string(entry.path()).ok()?;
        Some(extract(&body, &BoilerplateConfig::default()))
    }

    fn check(prefix: &str, keep: &[&str], gone: &[&str], title: Option<&str>) {
        let Some(ex) = load(prefix) else {
            eprintln!("skipping seed {prefix}: ../shared/seeds not found");
            return;
        };
        if std::env::var("SEED_SHOW").is_ok() {
            for p in &ex.paragraphs {
                eprintln!("KEEP {p}");
            }
            for r in &ex.removed {
                eprintln!("DROP [{}] {}", r.rule, r.text);
            }
            eprintln!("META {:?}", ex.meta);
        }
        for k in keep {
            assert!(
                ex.paragraphs.iter().any(|p| p.contains(k)),
                "seed {prefix}: lost {k:?}"
            );
        }
        for g in gone {
            assert!(
                !ex.paragraphs
                    .iter()
                    .any(|p| p.trim() == *g || p.contains(g)),
                "seed {prefix}: chrome {g:?} survived"
            );
        }
        if let Some(t) = title {
            assert_eq!(ex.meta.title.as_deref(), Some(t), "seed {prefix} title");
        }
        assert!(!ex.paragraphs.iter().any(|p| is_blank(p)));
    }

    fn is_blank(p: &str) -> bool {
        signals::is_blank(p)
    }

    #[test]
    fn seed_000() {
        check(
            "000_",
            &[
                "On the morning of January 10, 2023",
                "Also at the conference, leaders of ministries",
                "Prime Minister Pham Minh Chinh believed",
            ],
            &[
                "Link",
                "Useful information",
                "Photos",
                "Ads",
                "Hit Counter",
                "Online",
                "Total",
                "Can Tho Foreign Affairs News",
            ],
            Some("Conference of the foreign service sector"),
        );
    }

    #[test]
    fn seed_001() {
        let ex = load("001_");
        check(
            "001_",
            &[
                "The Ministry of Foreign Affairs on January 10",
                "In Hung Yen, external activities",
                "Speaking at the conference, Prime Minister Pham Minh Chinh emphasized",
            ],
            &[
                "Latest new",
                "(03/02/2023 2:00 CH)",
                "793 online users",
                "Published on",
                "Provincial leaders visit",
            ],
            Some("Summary of diplomatic work in 2022"),
        );
        if let Some(ex) = ex {
            assert_eq!(ex.meta.date.as_deref(), Some("2023-01-10"));
        }
    }

    #[test]
    fn seed_002() {
        let ex = load("002_");
        check(
            "002_",
            &[
                "The 32nd Diplomatic Conference has just ended.",
                "Firstly , the overall result",
                "Wednesday, The conference was conducted",
                "I like the following three contents:",
                "Thank you very much, Deputy Minister!",
                "Fifth , promote the training",
                "The fifth is to raise the level",
            ],
            &[
                "RELATED NEWS",
                "General Secretary Nguyen Phu Trong: The 32nd Diplomatic Conference is a very important conference!",
                "President Vo Van Thuong: The diplomatic sector will promote its pioneering role",
                "HNNG 32: 6 outstanding achievements",
                "Comment (0)",
                "No data",
                "Same tag",
                "Same category",
                "Same author",
                "Peaceful mornings on the S-shaped strip of land",
                "No videos available",
                "Political System",
                "Vietnam.vn - Nền tảng",
                "Báo Quốc Tế",
                "Source",
            ],
            Some("7 key tasks of the diplomatic sector, promoting the spirit of service, taking the locality as the center of service"),
        );
        if let Some(ex) = ex {
            assert_eq!(ex.meta.date.as_deref(), Some("2023-12-29"));
        }
    }

    #[test]
    fn seed_003() {
        check(
            "003_",
            &[
                "On January 6, in Hanoi, Prime Minister Pham Minh Chinh attended",
                "Also attending the conference were comrades",
                "Along with the synchronous implementation",
                "Speaking at the conference, Prime Minister Pham Minh Chinh acknowledged",
            ],
            &["Source: https://", "Comment (0)"],
            None,
        );
    }

    #[test]
    fn seed_004() {
        check(
            "004_",
            &[
                "The focal task of the diplomatic sector",
                "The PM also requested stronger coordination",
            ],
            &["theo dõi VOV.VN"],
            Some("PM underlines 2023 tasks for diplomatic sector"),
        );
    }
}
