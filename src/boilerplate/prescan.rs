//! Pre-parse pass: cut what the HTML extractor never reads before html5ever
//! has to tokenize it.
//!
//! News pages carry most of their bytes in inline scripts, style sheets and
//! HTML comments; the parser would build text nodes for all of them only for
//! the extractor to drop them. [`strip`] empties `<script>` elements (except
//! JSON-LD, which [`super::meta`] reads), `<style>` elements and the text of
//! comments, keeping the tags themselves (an empty `<!---->` keeps the text
//! on either side from merging), so that the parsed tree differs only in the
//! text of those elements and comments, which every reader in [`super::html`]
//! and [`super::meta`] leaves out.
//!
//! Cutting real content would be far worse than saving nothing, so the pass
//! follows the tokenizer's states (tags with quoted attribute values,
//! comments with their abrupt ends, bogus comments, raw-text and RCDATA
//! elements, script data escapes, foreign content) and, wherever it cannot be
//! sure what html5ever will do, copies the rest of the page unchanged:
//! a script whose body opens a `<!--` escape and then holds `<script`, SVG or
//! MathML content that breaks out or embeds HTML, raw-text elements inside a
//! `<select>` (which ignores them), `<frameset>`, `<plaintext>` and CDATA.
//! All markup is ASCII, so the pass works on bytes and only ever cuts next to
//! an ASCII byte, never inside a UTF-8 sequence. A page with nothing to cut is
//! returned borrowed, without allocating.

use std::borrow::Cow;

/// The page with script and style bodies and comment texts removed (see the
/// module docs); borrowed when there is nothing to remove.
pub fn strip(html: &str) -> Cow<'_, str> {
    let mut s = Scan {
        b: html.as_bytes(),
        out: None,
        copied: 0,
    };
    s.run();
    match s.out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.extend_from_slice(&s.b[s.copied..]);
            // Every cut is next to ASCII markup, so this cannot fail; if it
            // did, the page is used as it is.
            String::from_utf8(out).map_or(Cow::Borrowed(html), Cow::Owned)
        }
    }
}

struct Scan<'a> {
    b: &'a [u8],
    /// The output so far, made on the first cut.
    out: Option<Vec<u8>>,
    /// Input before this index is in `out` (or was cut).
    copied: usize,
}

/// The tokenizer's whitespace (CR is read as LF).
fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// A byte that ends a tag name.
fn ends_name(c: u8) -> bool {
    is_ws(c) || c == b'/' || c == b'>'
}

/// Elements whose content the tokenizer reads as raw text or RCDATA (no
/// tags, no comments) until their own end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"style",
];

/// Start tags that end SVG/MathML content (the HTML parser's breakout list).
const BREAKOUT: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"font",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
];

/// SVG and MathML elements whose children are parsed as HTML.
const INTEGRATION: &[&[u8]] = &[
    b"foreignobject",
    b"desc",
    b"title",
    b"mi",
    b"mo",
    b"mn",
    b"ms",
    b"mtext",
    b"annotation-xml",
];

/// The attributes anything reads: the extractor and the metadata reader
/// ([`super::html`], [`super::meta`]: class and id hints, hidden elements,
/// links, microdata, `<meta>`, `<link>`, `<time>`, JSON-LD's `type`) and
/// html5ever's tree builder (`type` of `<input>` in tables; `color`,
/// `face`, `size` of `<font>` and `encoding` of `<annotation-xml>` in
/// foreign content; `form` for form owners). Every other attribute (`src`, `srcset`, `data-*`,
/// `onclick`, ...) is cut before parsing. A test checks that every
/// attribute named in those two files is here.
pub const READ_ATTRIBUTES: &[&[u8]] = &[
    b"class",
    b"id",
    b"style",
    b"hidden",
    b"aria-hidden",
    b"href",
    b"itemprop",
    b"content",
    b"datetime",
    b"property",
    b"name",
    b"rel",
    b"type",
    b"color",
    b"face",
    b"size",
    b"encoding",
    b"form",
];

/// The HTML parser's formatting elements.
const FORMATTING: &[&[u8]] = &[
    b"a", b"b", b"big", b"code", b"em", b"font", b"i", b"nobr", b"s", b"small", b"strike",
    b"strong", b"tt", b"u",
];

fn is_one_of(name: &[u8], list: &[&[u8]]) -> bool {
    list.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Whether `b[i..]` starts with `pat` (ASCII, any case).
fn starts_ci(b: &[u8], i: usize, pat: &[u8]) -> bool {
    b.get(i..i + pat.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(pat))
}

/// Whether `b[i..]` is `</name` followed by whitespace, `/` or `>`: the end
/// tag that closes a raw-text element (at the end of input it does not).
fn end_tag_at(b: &[u8], i: usize, name: &[u8]) -> bool {
    b.get(i) == Some(&b'<')
        && b.get(i + 1) == Some(&b'/')
        && starts_ci(b, i + 2, name)
        && b.get(i + 2 + name.len()).is_some_and(|&c| ends_name(c))
}

/// The index of the end tag `</name` that closes raw text starting at `from`.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        let at = i + k;
        if end_tag_at(b, at, name) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Where a script's data ends.
enum ScriptEnd {
    /// At the `</script` starting here.
    At(usize),
    /// It runs to the end of the input.
    Eof,
    /// It opens a `<!--` escape and then holds `<script`: html5ever's
    /// double-escape states decide, and the pass does not guess.
    Doubtful,
}

fn script_end(b: &[u8], from: usize) -> ScriptEnd {
    let end = raw_text_end(b, from, b"script");
    let body = &b[from..end.unwrap_or(b.len())];
    if let Some(esc) = memchr::memmem::find(body, b"<!--") {
        // Without a `<script` after the escape opens there is no double
        // escape, and the first `</script` ends the script either way.
        let rest = &body[esc..];
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'<', &rest[i..]) {
            let at = i + k;
            if starts_ci(rest, at + 1, b"script") && rest.get(at + 7).is_some_and(|&c| ends_name(c))
            {
                return ScriptEnd::Doubtful;
            }
            i = at + 1;
        }
    }
    match end {
        Some(k) => ScriptEnd::At(k),
        None => ScriptEnd::Eof,
    }
}

/// What a tag looks like once read.
struct Tag {
    /// Index just past its `>`.
    end: usize,
    /// Ends with `/>` outside an attribute value.
    self_closing: bool,
}

/// One attribute of a tag: its name `b[name.0..name.1]`, and where it ends
/// (past its value, or its name when it has none).
#[derive(Clone, Copy)]
struct Attr {
    name: (usize, usize),
    end: usize,
}

/// Reads the rest of a tag from `i` (just past its name) the way the
/// tokenizer's attribute states do, so that a `>` inside a quoted value does
/// not end it; its attributes go to `attrs`. None: the input ends inside
/// the tag (the tokenizer drops it).
fn read_tag(b: &[u8], mut i: usize, attrs: &mut Vec<Attr>) -> Option<Tag> {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        AfterQuoted,
        Unquoted,
        SelfClosing,
    }
    attrs.clear();
    let mut st = St::BeforeName;
    // The attribute being read.
    let mut cur: Option<Attr> = None;
    loop {
        let c = *b.get(i)?;
        i += 1;
        if st == St::Name && (is_ws(c) || c == b'/' || c == b'>' || c == b'=') {
            if let Some(a) = cur.as_mut() {
                a.name.1 = i - 1;
            }
        }
        st = match st {
            St::BeforeName | St::AfterName if is_ws(c) => st,
            St::BeforeName | St::AfterName | St::AfterQuoted if c == b'/' => St::SelfClosing,
            St::BeforeName | St::AfterName | St::AfterQuoted | St::Unquoted | St::Name
                if c == b'>' =>
            {
                attrs.extend(cur);
                return Some(Tag {
                    end: i,
                    self_closing: false,
                });
            }
            // A new attribute (a missing space after a quoted value too).
            St::BeforeName | St::AfterName | St::AfterQuoted
                if (st != St::AfterName || c != b'=') && (st != St::AfterQuoted || !is_ws(c)) =>
            {
                attrs.extend(cur);
                cur = Some(Attr {
                    name: (i - 1, i),
                    end: i,
                });
                St::Name
            }
            St::Name if is_ws(c) => St::AfterName,
            St::Name if c == b'/' => St::SelfClosing,
            St::Name | St::AfterName if c == b'=' => {
                if let Some(a) = cur.as_mut() {
                    a.end = i;
                }
                St::BeforeValue
            }
            St::Name => {
                if let Some(a) = cur.as_mut() {
                    a.end = i;
                }
                St::Name
            }
            St::BeforeValue if is_ws(c) => st,
            St::BeforeValue if c == b'"' || c == b'\'' => {
                // Most of a tag's bytes are quoted values (URLs, class
                // lists): jump to the closing quote.
                i += memchr::memchr(c, b.get(i..)?)? + 1;
                if let Some(a) = cur.as_mut() {
                    a.end = i;
                }
                St::AfterQuoted
            }
            St::BeforeValue if c == b'>' => {
                attrs.extend(cur);
                return Some(Tag {
                    end: i,
                    self_closing: false,
                });
            }
            St::AfterQuoted | St::Unquoted if is_ws(c) => St::BeforeName,
            St::BeforeValue | St::Unquoted => {
                if let Some(a) = cur.as_mut() {
                    a.end = i;
                }
                St::Unquoted
            }
            St::SelfClosing if c == b'>' => {
                attrs.extend(cur);
                return Some(Tag {
                    end: i,
                    self_closing: true,
                });
            }
            St::SelfClosing => {
                // Reconsumed in the before-attribute-name state.
                i -= 1;
                St::BeforeName
            }
            // Not reached: every byte in these states is matched above.
            St::BeforeName | St::AfterName | St::AfterQuoted => st,
        };
    }
}

impl Scan<'_> {
    /// Drop input `from..to` from the output.
    fn cut(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let out = self
            .out
            .get_or_insert_with(|| Vec::with_capacity(self.b.len()));
        out.extend_from_slice(&self.b[self.copied..from]);
        self.copied = to;
    }

    /// Index just past the first `>` at or after `i`, or the end of input.
    fn past_gt(&self, i: usize) -> usize {
        memchr::memchr(b'>', self.b.get(i..).unwrap_or_default())
            .map_or(self.b.len(), |k| i + k + 1)
    }

    /// The comment opened by `<!--` at `at`; returns the index past it.
    fn comment(&mut self, at: usize) -> usize {
        let b = self.b;
        let q = at + 4;
        // `<!-->` and `<!--->` end at once (abrupt closing).
        if b.get(q) == Some(&b'>') {
            return q + 1;
        }
        if b.get(q) == Some(&b'-') && b.get(q + 1) == Some(&b'>') {
            return q + 2;
        }
        let mut i = q;
        while let Some(k) = memchr::memchr(b'-', &b[i..]) {
            let j = i + k;
            if b.get(j + 1) == Some(&b'-') {
                let close = match (b.get(j + 2), b.get(j + 3)) {
                    (Some(b'>'), _) => Some(j + 3),
                    (Some(b'!'), Some(b'>')) => Some(j + 4),
                    _ => None,
                };
                if let Some(end) = close {
                    self.cut(q, j);
                    return end;
                }
            }
            i = j + 1;
        }
        // Unterminated: the comment runs to the end of input; an empty one
        // stands in for it.
        if q < b.len() {
            self.cut(q, b.len());
            if let Some(out) = self.out.as_mut() {
                out.extend_from_slice(b"-->");
            }
        }
        b.len()
    }

    fn run(&mut self) {
        let b = self.b;
        // Open SVG/MathML elements, as name ranges of the input: while any
        // is open the tokenizer is in foreign content.
        let mut foreign: Vec<(usize, usize)> = Vec::new();
        // A `<select>` may be open: it ignores raw-text start tags (other
        // than script), which then are not raw text at all.
        let mut select_open = false;
        let mut attrs: Vec<Attr> = Vec::new();
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'<', &b[i..]) {
            let at = i + k;
            let Some(&next) = b.get(at + 1) else { return };
            if next == b'!' {
                if starts_ci(b, at + 2, b"--") {
                    i = self.comment(at);
                } else if !foreign.is_empty() && b.get(at + 2) == Some(&b'[') {
                    // CDATA section (or a bogus comment): not worth it.
                    return;
                } else {
                    // DOCTYPE or bogus comment: up to the first `>`.
                    i = self.past_gt(at + 2);
                }
                continue;
            }
            if next == b'?' {
                i = self.past_gt(at + 2);
                continue;
            }
            let end_tag = next == b'/';
            let name_at = at + 1 + usize::from(end_tag);
            match b.get(name_at) {
                Some(c) if c.is_ascii_alphabetic() => {}
                Some(b'>') if end_tag => {
                    i = name_at + 1;
                    continue;
                }
                Some(_) if end_tag => {
                    i = self.past_gt(name_at);
                    continue;
                }
                // `</` at the end, or `<` not opening a tag: text.
                _ => {
                    i = at + 1;
                    continue;
                }
            }
            let name_end = b[name_at..]
                .iter()
                .position(|&c| ends_name(c))
                .map_or(b.len(), |p| name_at + p);
            let name = &b[name_at..name_end];
            let Some(tag) = read_tag(b, name_end, &mut attrs) else {
                return;
            };
            i = tag.end;
            // The tag's extent is known, so dropping attributes nothing
            // reads changes nothing else, except on formatting elements:
            // the tree builder compares their attributes (at most three
            // alike stay active, the "Noah's Ark" clause). End tags'
            // attributes are dropped by the tokenizer itself.
            if !end_tag && !is_one_of(name, FORMATTING) {
                for a in &attrs {
                    if !is_one_of(&b[a.name.0..a.name.1], READ_ATTRIBUTES) {
                        self.cut(a.name.0, a.end);
                    }
                }
            }
            if !foreign.is_empty() {
                if end_tag {
                    if is_one_of(name, &[b"br", b"p"]) {
                        return;
                    }
                    // The end tag closes the nearest open element of its name;
                    // one of no open foreign element is for the HTML parser,
                    // which may close the SVG around it: give up.
                    match foreign
                        .iter()
                        .rposition(|&(s, e)| b[s..e].eq_ignore_ascii_case(name))
                    {
                        Some(p) => foreign.truncate(p),
                        None => return,
                    }
                    continue;
                }
                let inside_integration = foreign
                    .last()
                    .is_some_and(|&(s, e)| is_one_of(&b[s..e], INTEGRATION));
                // SVG's <style> and <title> are ordinary elements there;
                // the other raw-text names are too, but rare enough that
                // the pass does not follow them.
                let raw = is_one_of(name, RAW_TEXT) && !is_one_of(name, &[b"style", b"title"]);
                if inside_integration
                    || raw
                    || is_one_of(name, BREAKOUT)
                    || is_one_of(name, &[b"script", b"plaintext"])
                {
                    return;
                }
                if !tag.self_closing {
                    foreign.push((name_at, name_end));
                }
                continue;
            }
            if end_tag {
                if name.eq_ignore_ascii_case(b"select") {
                    select_open = false;
                }
                continue;
            }
            if name.eq_ignore_ascii_case(b"script") {
                let head = &b[at..tag.end];
                let json_ld = head.contains(&b'&')
                    || head.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"));
                match script_end(b, tag.end) {
                    ScriptEnd::Doubtful => return,
                    ScriptEnd::At(k) => {
                        if !json_ld {
                            self.cut(tag.end, k);
                        }
                        i = k;
                    }
                    ScriptEnd::Eof => {
                        if !json_ld {
                            self.cut(tag.end, b.len());
                        }
                        return;
                    }
                }
            } else if is_one_of(name, RAW_TEXT) {
                if select_open {
                    return;
                }
                let raw_end = raw_text_end(b, tag.end, name);
                if name.eq_ignore_ascii_case(b"style") {
                    self.cut(tag.end, raw_end.unwrap_or(b.len()));
                }
                match raw_end {
                    Some(k) => i = k,
                    None => return,
                }
            } else if is_one_of(name, &[b"plaintext", b"frameset"])
                || (select_open && name.eq_ignore_ascii_case(b"template"))
            {
                return;
            } else if name.eq_ignore_ascii_case(b"select") {
                select_open = true;
            } else if is_one_of(name, &[b"svg", b"math"]) && !tag.self_closing {
                foreign.push((name_at, name_end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(html: &str) -> String {
        strip(html).into_owned()
    }

    #[test]
    fn nothing_to_strip_borrows() {
        let page = "<p class=\"a>b\">Xin chào <b>bạn</b></p><!----><script></script>";
        assert!(matches!(strip(page), Cow::Borrowed(_)));
        assert!(matches!(strip(""), Cow::Borrowed(_)));
        assert!(matches!(strip("<"), Cow::Borrowed(_)));
    }

    #[test]
    fn script_and_style_bodies_go_tags_stay() {
        assert_eq!(
            s("<p>a</p><script type=\"text/javascript\">var x = '<p>no</p>';</script ><p>b</p>"),
            "<p>a</p><script type=\"text/javascript\"></script ><p>b</p>"
        );
        assert_eq!(
            s("<STYLE type=text/css>p { color: red }</Style><p>Đây</p>"),
            "<STYLE type=text/css></Style><p>Đây</p>"
        );
        // `</scripts>` and `</script` at the very end do not end a script.
        assert_eq!(s("<script>a</scripts>b</script>c"), "<script></script>c");
        assert_eq!(s("<script>a</script"), "<script>");
    }

    #[test]
    fn attributes_nothing_reads_are_cut() {
        assert_eq!(
            s(r#"<img src="a.jpg" srcset="x 1x, y 2x" data-x='{"a":">"}' class=c alt=t>"#),
            "<img    class=c >"
        );
        assert_eq!(s("<P CLASS=x DATA-Y=1 Hidden>a"), "<P CLASS=x  Hidden>a");
        // A missing space after a quoted value starts the next attribute.
        assert_eq!(s(r#"<div x="1"y="2" class=h>"#), "<div  class=h>");
        // Valueless, spaced `=`, empty value, and a slash that is no value.
        assert_eq!(s("<div x y = 'v' z=>"), "<div   >");
        assert_eq!(s("<br x/>"), "<br />");
        // Formatting elements keep theirs: four alike in a row are not
        // four elements to the tree builder.
        let page = "<p><b data-x=1>a<b data-x=2>b<b data-x=3>c<b data-x=4>d<p>e";
        assert_eq!(s(page), page);
        let count_b = |h: &str| {
            scraper::Html::parse_document(h)
                .select(&scraper::Selector::parse("b").unwrap())
                .count()
        };
        assert_ne!(
            count_b(page),
            count_b("<p><b>a<b>b<b>c<b>d<p>e"),
            "attributes of formatting elements change the tree"
        );
        // End tags keep theirs (the tokenizer drops them itself).
        let page = "</div data-x=1>";
        assert_eq!(s(page), page);
    }

    /// Every attribute that html.rs and meta.rs read (by `attr("...")` or
    /// `attr_of(.., &local_name!("..."))`, in a selector, or as
    /// `first_attr`'s attribute) survives the pass.
    #[test]
    fn every_attribute_read_is_kept() {
        let mut named: Vec<String> = Vec::new();
        for src in [include_str!("html.rs"), include_str!("meta.rs")] {
            for (i, _) in src.match_indices("attr(\"") {
                let rest = &src[i + 6..];
                named.push(rest[..rest.find('"').unwrap()].to_string());
            }
            // `attr_of(el, &local_name!("class"))`
            for (i, _) in src.match_indices("attr_of(") {
                let call = &src[i..src[i..].find(')').map_or(src.len(), |e| i + e)];
                if let Some(j) = call.find("local_name!(\"") {
                    let rest = &call[j + 13..];
                    named.push(rest[..rest.find('"').unwrap()].to_string());
                }
            }
            for line in src.lines().filter(|l| l.contains("sel!(")) {
                for (i, _) in line.match_indices('[') {
                    let w: String = line[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                        .collect();
                    if !w.is_empty() {
                        named.push(w);
                    }
                }
            }
            for (i, _) in src.match_indices("first_attr(") {
                if src[..i].ends_with("fn ") {
                    continue;
                }
                let mut depth = 0usize;
                let call: String = src[i + 10..]
                    .chars()
                    .take_while(|&c| {
                        depth = match c {
                            '(' => depth + 1,
                            ')' => depth - 1,
                            _ => depth,
                        };
                        depth > 0
                    })
                    .collect();
                let last = call.rsplit('"').nth(1).unwrap();
                named.push(last.to_string());
            }
        }
        assert!(named.len() > 20, "{named:?}");
        for n in &named {
            assert!(
                is_one_of(n.as_bytes(), READ_ATTRIBUTES),
                "{n} is read but cut before parsing ({named:?})"
            );
        }
    }

    #[test]
    fn json_ld_is_kept() {
        let page = r#"<script type="application/LD+JSON">{"headline":"<b>x</b>"}</script>"#;
        assert_eq!(s(page), page);
        let page = r#"<script type="application/ld&#43;json">{"a":1}</script>"#;
        assert_eq!(s(page), page);
    }

    #[test]
    fn comment_text_goes_empty_comment_stays() {
        assert_eq!(s("a<!-- x <p>y</p> -->b"), "a<!---->b");
        assert_eq!(s("a<!-- x --!>b"), "a<!----!>b");
        // Abrupt ends: the comment is empty already.
        assert_eq!(s("a<!-->b<!--->c"), "a<!-->b<!--->c");
        // A nested opener does not change where the comment ends.
        assert_eq!(s("a<!-- <!-- x -->b"), "a<!---->b");
        // Unterminated: the rest of the page is the comment.
        assert_eq!(s("a<!-- <p>never shown</p>"), "a<!---->");
    }

    #[test]
    fn script_inside_attribute_value_is_not_markup() {
        let page = r#"<a class='<script>' href="x>y">t</a><div id="<!--">u</div>"#;
        assert_eq!(s(page), page);
        // An unquoted value ending in "/" is not a self-closing tag.
        assert_eq!(
            s("<div class=b/><script>x</script>"),
            "<div class=b/><script></script>"
        );
    }

    #[test]
    fn script_inside_comment_or_textarea_is_text() {
        assert_eq!(s("<!-- <script> -->a"), "<!---->a");
        let page = "<textarea><script>x</script><!-- y --></textarea>";
        assert_eq!(s(page), page);
        let page = "<TITLE>a <!-- b --> </title >";
        assert_eq!(s(page), page);
        // Raw text ends only at its own end tag.
        let page = "<noscript><style>x</style></noscript><style>y</style>";
        assert_eq!(
            s(page),
            "<noscript><style>x</style></noscript><style></style>"
        );
        assert_eq!(
            s("<xmp></xmpx><!-- a --></xmp>"),
            "<xmp></xmpx><!-- a --></xmp>"
        );
    }

    #[test]
    fn unterminated_raw_text_and_tags_copy_the_rest() {
        let page = "<textarea><!-- a -->";
        assert_eq!(s(page), page);
        let page = "<p title=\"<!-- a -->";
        assert_eq!(s(page), page);
        let page = "<style>a";
        assert_eq!(s(page), "<style>");
    }

    #[test]
    fn bogus_comments_and_doctype_end_at_first_gt() {
        assert_eq!(
            s("<!DOCTYPE html><?xml a><!x-->a<!-- b -->"),
            "<!DOCTYPE html><?xml a><!x-->a<!---->"
        );
        assert_eq!(s("</ x <!-- >a<!--b-->"), "</ x <!-- >a<!---->");
        // An end tag reads its attributes like a start tag.
        assert_eq!(s("</p a='>'><!--x-->"), "</p a='>'><!---->");
    }

    #[test]
    fn script_escapes() {
        // An escape without `<script` inside: the first end tag ends it.
        assert_eq!(s("<script><!-- a </script>b"), "<script></script>b");
        // With `<script` after the escape, html5ever's end is its own:
        // the page is left alone.
        let page = "<script><!-- <script></script> x --></script><!--c-->";
        assert_eq!(s(page), page);
        assert!(matches!(strip(page), Cow::Borrowed(_)));
    }

    #[test]
    fn foreign_content_is_copied_and_doubt_stops_the_pass() {
        // Inside SVG nothing is cut, but the pass goes on after it.
        assert_eq!(
            s("<svg><style>a</style><title>t</title><path/></svg><style>b</style>"),
            "<svg><style>a</style><title>t</title><path/></svg><style></style>"
        );
        // A breakout tag, or HTML inside an integration point: the rest is
        // left as it is.
        let page = "<svg><p>a</p><style>b</style>";
        assert_eq!(s(page), page);
        let page = "<svg><desc><b>x</b></desc></svg><style>b</style>";
        assert_eq!(s(page), page);
        let page = "<math><![CDATA[x]]></math><style>b</style>";
        assert_eq!(s(page), page);
    }

    #[test]
    fn select_ignores_raw_text_tags() {
        let page = "<select><style></select><p>shown</p></style><style>x</style>";
        assert_eq!(s(page), page);
        // Scripts in a select are still scripts; after it, styles are styles.
        assert_eq!(
            s("<select><script>x</script></select><style>y</style>"),
            "<select><script></script></select><style></style>"
        );
        let page = "<frameset><script>x</script>";
        assert_eq!(s(page), page);
    }

    #[test]
    fn uppercase_and_multibyte_text_are_safe() {
        assert_eq!(
            s("<SCRIPT>é</SCRIPT>Tiếng Việt<!--ể-->ở"),
            "<SCRIPT></SCRIPT>Tiếng Việt<!---->ở"
        );
        assert_eq!(s("<sCrIpT\n>x</ScRiPt\t>"), "<sCrIpT\n></ScRiPt\t>");
    }
}
