//! A byte-oriented HTML tokenizer that feeds html5ever's tree builder.
//!
//! `scraper::Html::parse_document` spends most of its time in html5ever's
//! tokenizer, a character-at-a-time state machine that pushes every
//! character into a tendril through a buffer queue. Markup is ASCII, so the
//! same token stream can be produced by scanning bytes (`memchr` for the next
//! `<`, the next quote, the next `&` or CR) and slicing the page at ASCII
//! bytes, never inside a UTF-8 sequence. The tokens go to html5ever's own
//! tree builder with the sink and options `scraper` uses, so the tree is the
//! one `scraper` builds: same elements, attributes, texts, comments, doctype
//! and quirks mode.
//!
//! What must match html5ever's tokenizer, and why it can be done on slices:
//! - preprocessing: a leading BOM is dropped (and one right after a
//!   script's end tag, where html5ever's driver feeds the tokenizer again);
//!   CR LF and lone CR read as LF;
//! - tags: names and attribute names lowercase ASCII letters only; the first
//!   of duplicate attributes wins; `/>` sets self-closing; a tag cut by the
//!   end of the page is dropped;
//! - character references follow html5ever's rules exactly (longest named
//!   match, the legacy names without `;`, the attribute-value exception,
//!   the numeric replacement table). A reference never reaches past the
//!   end of the run it sits in (a `<`, a quote, whitespace or `>` cannot be
//!   part of one), so runs are decoded on their own;
//! - the tree builder switches the tokenizer to RCDATA, RAWTEXT, script data
//!   or PLAINTEXT through its return value; those runs end at the
//!   appropriate end tag (case-insensitive, followed by whitespace, `/` or
//!   `>`); in script data the escape states (`<!--`, and `<script>` inside
//!   an escape) decide which end tag counts, while the text is the same
//!   characters whatever the state;
//! - parse errors only reach the sink's error list, except that an error
//!   token between `<pre>`/`<textarea>`/`<listing>` and a leading newline
//!   keeps that newline; the errors that can come right before text (from
//!   character references, `</>`) are emitted where html5ever emits them.
//!
//! How text is split into character tokens does not matter: the tree builder
//! splits whitespace itself and the sink merges adjacent text. Texts,
//! attribute values and comments that need no decoding are shared slices of
//! one tendril of the page, not copies.
//!
//! Wherever the page holds something this tokenizer does not reproduce
//! (a NUL byte, CDATA in foreign content, a comment or a doctype cut by the
//! end of the page), it
//! gives up before returning anything and [`parse_document`] parses the page
//! with html5ever's tokenizer from the start: the two are never mixed.

use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{namespace_url, ns, Attribute, LocalName, QualName};
use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use memchr::{memchr, memchr2, memmem};
use scraper::Html;

/// The tree `scraper::Html::parse_document(html)` returns, built with the
/// byte tokenizer when the page allows it (see the module docs).
pub fn parse_document(html: &str) -> Html {
    try_parse_document(html).unwrap_or_else(|_| Html::parse_document(html))
}

/// Why the byte tokenizer left a page to html5ever's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub &'static str);

/// The tree, or what the page holds that the byte tokenizer leaves to
/// html5ever's (the caller then parses it with `scraper`).
pub fn try_parse_document(html: &str) -> Result<Html, Refused> {
    if memchr(0, html.as_bytes()).is_some() {
        return Err(Refused("NUL"));
    }
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    if u32::try_from(html.len()).is_err() {
        return Err(Refused("page over 4 GiB"));
    }
    let mut t = Tok {
        s: html,
        b: html.as_bytes(),
        src: StrTendril::from_slice(html),
        pos: 0,
        tb: TreeBuilder::new(Html::new_document(), TreeBuilderOpts::default()),
        text: String::new(),
        span: None,
        last_start: None,
        mode: Mode::Data,
    };
    t.run()?;
    let mut tb = t.tb;
    tb.end();
    Ok(tb.sink.finish())
}

type Builder = TreeBuilder<<Html as TreeSink>::Handle, Html>;

/// The tokenizer state between tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Data,
    Raw(RawKind),
    Plaintext,
}

struct Tok<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// The page as one tendril: texts, values and comments that need no
    /// decoding are shared slices of it instead of copies.
    src: StrTendril,
    tb: Builder,
    /// Character data not yet handed to the tree builder: `text`, or,
    /// while `span` is set (and `text` empty), that span of the page.
    text: String,
    span: Option<(usize, usize)>,
    /// For the "appropriate end tag" of raw text.
    last_start: Option<LocalName>,
    mode: Mode,
}

/// html5ever's whitespace in tags, with CR (read as LF).
fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The result of one character reference.
struct CharRef {
    chars: [char; 2],
    /// 0: not a reference, `&` stands for itself.
    n: u8,
    /// Where reading goes on.
    end: usize,
    /// html5ever emits a parse error for it.
    error: bool,
}

/// Reads the character reference after an `&` at `start` (the index after
/// the `&`) in `s`, whose end counts as the end of input (see the module
/// docs for why that is exact).
fn char_ref(s: &str, start: usize, in_attr: bool) -> CharRef {
    let b = s.as_bytes();
    let none = |error| CharRef {
        chars: ['&', '\0'],
        n: 0,
        end: start,
        error,
    };
    match b.get(start) {
        Some(b'#') => numeric_ref(b, start),
        Some(c) if c.is_ascii_alphanumeric() => named_ref(s, start, in_attr),
        _ => return none(false),
    }
    .unwrap_or_else(|| none(true))
}

/// `&#...`: `None` when no digit follows (an error, `&` stands for itself).
fn numeric_ref(b: &[u8], start: usize) -> Option<CharRef> {
    let mut i = start + 1;
    let base = match b.get(i) {
        Some(b'x' | b'X') => {
            i += 1;
            16
        }
        _ => 10,
    };
    let (mut num, mut too_big, digits_start) = (0u32, false, i);
    while let Some(d) = b.get(i).and_then(|&c| (c as char).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    let mut error = true;
    if b.get(i) == Some(&b';') {
        i += 1;
        error = false;
    }
    let conv = |n: u32| char::from_u32(n).unwrap_or('\u{fffd}');
    let (c, bad) = match num {
        n if n > 0x10FFFF || too_big => ('\u{fffd}', true),
        0x00 | 0xD800..=0xDFFF => ('\u{fffd}', true),
        0x80..=0x9F => (
            C1_REPLACEMENTS[(num - 0x80) as usize].unwrap_or_else(|| conv(num)),
            true,
        ),
        0x01..=0x08 | 0x0B | 0x0D..=0x1F | 0x7F | 0xFDD0..=0xFDEF => (conv(num), true),
        n if (n & 0xFFFE) == 0xFFFE => (conv(n), true),
        n => (conv(n), false),
    };
    Some(CharRef {
        chars: [c, '\0'],
        n: 1,
        end: i,
        error: error || bad,
    })
}

/// `&name`: the longest entity the name buffer matched, with html5ever's
/// handling of a missing `;` (legacy names) and of attribute values.
fn named_ref(s: &str, start: usize, in_attr: bool) -> Option<CharRef> {
    let b = s.as_bytes();
    let mut i = start;
    let mut matched: Option<((u32, u32), usize)> = None;
    let end_char = loop {
        let Some(c) = s[i..].chars().next() else {
            break None;
        };
        i += c.len_utf8();
        match NAMED_ENTITIES.get(&s[start..i]) {
            Some(&m) => {
                if m.0 != 0 {
                    matched = Some((m, i));
                }
            }
            None => break Some(c),
        }
    };
    let not_ref = |error| CharRef {
        chars: ['&', '\0'],
        n: 0,
        end: start,
        error,
    };
    let Some(((c1, c2), mend)) = matched else {
        let error = match end_char {
            Some(c) if c.is_ascii_alphanumeric() => {
                // A bogus name: alphanumerics up to the first other
                // character, an error when that is `;`.
                let rest = &b[i..];
                let k = rest
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                rest.get(k) == Some(&b';')
            }
            Some(';') => i - start > 1,
            _ => false,
        };
        return Some(not_ref(error));
    };
    let last = b[mend - 1];
    let next = if mend == i {
        None
    } else {
        s[mend..].chars().next()
    };
    let error = match (in_attr, last, next) {
        (_, b';', _) => false,
        (true, _, Some('=')) => return Some(not_ref(false)),
        (true, _, Some(c)) if c.is_ascii_alphanumeric() => return Some(not_ref(false)),
        _ => true,
    };
    let ch = |n| char::from_u32(n).unwrap_or('\u{fffd}');
    Some(CharRef {
        chars: [ch(c1), if c2 == 0 { '\0' } else { ch(c2) }],
        n: if c2 == 0 { 1 } else { 2 },
        end: mend,
        error,
    })
}

/// Appends `raw` with CR LF and CR read as LF.
fn push_newlines(out: &mut String, raw: &str) {
    let b = raw.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr(b'\r', &b[from..]) {
        let at = from + k;
        out.push_str(&raw[from..at]);
        out.push('\n');
        from = at + 1;
        if b.get(from) == Some(&b'\n') {
            from += 1;
        }
    }
    out.push_str(&raw[from..]);
}

/// An attribute value: newlines normalized, character references decoded
/// (attribute rules).
fn attr_value(src: &StrTendril, from: usize, to: usize) -> StrTendril {
    let raw = &src[from..to];
    if memchr2(b'&', b'\r', raw.as_bytes()).is_none() {
        return shared(src, from, to);
    }
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut from = 0;
    while let Some(k) = memchr(b'&', &b[from..]) {
        let at = from + k;
        push_newlines(&mut out, &raw[from..at]);
        let r = char_ref(raw, at + 1, true);
        push_ref(&mut out, &r);
        from = r.end;
    }
    push_newlines(&mut out, &raw[from..]);
    StrTendril::from(out)
}

fn push_ref(out: &mut String, r: &CharRef) {
    if r.n == 0 {
        out.push('&');
    } else {
        out.extend(&r.chars[..r.n as usize]);
    }
}

/// `src[from..to]` sharing `src`'s buffer (the page is under 4 GiB and
/// the bounds are next to ASCII bytes).
fn shared(src: &StrTendril, from: usize, to: usize) -> StrTendril {
    src.subtendril(from as u32, (to - from) as u32)
}

/// A tag or attribute name: ASCII letters lowercased.
fn lower(raw: &str) -> Cow<'_, str> {
    if raw.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    }
}

/// Comment data: newlines normalized.
fn comment_text(src: &StrTendril, from: usize, to: usize) -> StrTendril {
    let raw = &src[from..to];
    if memchr(b'\r', raw.as_bytes()).is_none() {
        return shared(src, from, to);
    }
    let mut out = String::with_capacity(raw.len());
    push_newlines(&mut out, raw);
    StrTendril::from(out)
}

impl Tok<'_> {
    fn run(&mut self) -> Result<(), Refused> {
        loop {
            let done = match self.mode {
                Mode::Data => self.data()?,
                Mode::Raw(kind) => self.raw(kind)?,
                Mode::Plaintext => {
                    self.text_run(self.pos, self.b.len(), false);
                    self.pos = self.b.len();
                    true
                }
            };
            if done {
                self.flush();
                self.put(Token::EOFToken);
                return Ok(());
            }
        }
    }

    fn token(&mut self, t: Token) -> TokenSinkResult<<Html as TreeSink>::Handle> {
        self.tb.process_token(t, 1)
    }

    /// A token other than a tag: html5ever's tree builder answers those
    /// with `Continue` (its tokenizer asserts it).
    fn put(&mut self, t: Token) {
        let _ = self.token(t);
    }

    fn error(&mut self, msg: &'static str) {
        self.flush();
        self.put(Token::ParseError(Cow::Borrowed(msg)));
    }

    /// Adds the page's `[from, to)` to the pending text, as a span of the
    /// page while nothing else is pending.
    fn push_span(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        if self.text.is_empty() {
            match self.span {
                None => return self.span = Some((from, to)),
                Some((a, b)) if b == from => return self.span = Some((a, to)),
                Some(_) => {}
            }
        }
        let s = self.s;
        self.own_text().push_str(&s[from..to]);
    }

    /// The pending text as a string to append to.
    fn own_text(&mut self) -> &mut String {
        if let Some((a, b)) = self.span.take() {
            self.text.push_str(&self.s[a..b]);
        }
        &mut self.text
    }

    fn flush(&mut self) {
        if let Some((a, b)) = self.span.take() {
            let t = shared(&self.src, a, b);
            self.put(Token::CharacterTokens(t));
        } else if !self.text.is_empty() {
            let t = StrTendril::from_slice(&self.text);
            self.text.clear();
            self.put(Token::CharacterTokens(t));
        }
    }

    /// Text of `[from, to)`: newlines normalized, character references
    /// decoded when `refs` (data and RCDATA).
    fn text_run(&mut self, from: usize, to: usize, refs: bool) {
        let s = &self.s[..to];
        let b = s.as_bytes();
        let mut i = from;
        loop {
            let next = if refs {
                memchr2(b'&', b'\r', &b[i..])
            } else {
                memchr(b'\r', &b[i..])
            };
            let Some(k) = next else {
                self.push_span(i, to);
                return;
            };
            let at = i + k;
            self.push_span(i, at);
            if b[at] == b'\r' {
                self.own_text().push('\n');
                i = at + 1;
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            } else {
                let r = char_ref(s, at + 1, false);
                if r.error {
                    self.error("character reference");
                }
                push_ref(self.own_text(), &r);
                i = r.end;
            }
        }
    }

    /// The data state up to the next tag or the end; `true` at the end.
    fn data(&mut self) -> Result<bool, Refused> {
        loop {
            let Some(k) = memchr(b'<', &self.b[self.pos..]) else {
                self.text_run(self.pos, self.b.len(), true);
                self.pos = self.b.len();
                return Ok(true);
            };
            let lt = self.pos + k;
            self.text_run(self.pos, lt, true);
            self.pos = lt;
            match self.b.get(lt + 1).copied() {
                None => {
                    self.error("EOF after <");
                    self.own_text().push('<');
                    self.pos = lt + 1;
                }
                Some(b'!') => self.markup_declaration(lt + 2)?,
                Some(b'/') => match self.b.get(lt + 2).copied() {
                    None => {
                        self.error("EOF after </");
                        self.own_text().push_str("</");
                        self.pos = lt + 2;
                    }
                    Some(b'>') => {
                        self.error("empty end tag");
                        self.pos = lt + 3;
                    }
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.flush();
                        self.tag(TagKind::EndTag, lt + 2);
                    }
                    Some(_) => {
                        self.error("bad end tag");
                        self.bogus_comment(lt + 2);
                    }
                },
                Some(b'?') => {
                    self.error("processing instruction");
                    self.bogus_comment(lt + 1);
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    self.flush();
                    self.tag(TagKind::StartTag, lt + 1);
                }
                Some(_) => {
                    self.error("bad tag open");
                    self.own_text().push('<');
                    self.pos = lt + 1;
                }
            }
            if self.mode != Mode::Data {
                return Ok(false);
            }
        }
    }

    /// After `<!`, at `p`.
    fn markup_declaration(&mut self, p: usize) -> Result<(), Refused> {
        let rest = &self.b[p..];
        if rest.starts_with(b"--") {
            self.flush();
            return self.comment(p + 2);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            self.flush();
            return self.doctype(p + 7);
        }
        if rest.starts_with(b"[CDATA[")
            && self
                .tb
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            return Err(Refused("CDATA in foreign content"));
        }
        self.error("bogus comment");
        self.bogus_comment(p);
        Ok(())
    }

    /// A bogus comment whose data starts at `p` and ends at the next `>`.
    fn bogus_comment(&mut self, p: usize) {
        let end = memchr(b'>', &self.b[p..]).map_or(self.b.len(), |k| p + k);
        let data = comment_text(&self.src, p, end);
        self.put(Token::CommentToken(data));
        self.pos = (end + 1).min(self.b.len());
    }

    /// A comment after `<!--`, at `p`.
    fn comment(&mut self, p: usize) -> Result<(), Refused> {
        let rest = &self.b[p..];
        let (data_end, next) = if rest.starts_with(b">") {
            self.error("abrupt comment");
            (p, p + 1)
        } else if rest.starts_with(b"->") {
            self.error("abrupt comment");
            (p, p + 2)
        } else {
            // The comment ends at the first `-->` or `--!>`; the states in
            // between only decide which characters are data, and every `--`
            // they reach puts them in the comment-end state.
            let close = memmem::find(rest, b"-->").map(|k| (k, 3));
            let bang = memmem::find(&rest[..close.map_or(rest.len(), |c| c.0)], b"--!>");
            match (close, bang) {
                (_, Some(k)) => (p + k, p + k + 4),
                (Some((k, n)), None) => (p + k, p + k + n),
                // Cut by the end of the page: html5ever's end-of-file rules
                // for comments are left to it.
                (None, None) => return Err(Refused("comment cut by the end")),
            }
        };
        let data = comment_text(&self.src, p, data_end);
        self.put(Token::CommentToken(data));
        self.pos = next;
        Ok(())
    }

    /// A doctype after `<!DOCTYPE`, at `p`: every doctype state ends the
    /// token at the first `>`, so the states run on that span.
    fn doctype(&mut self, p: usize) -> Result<(), Refused> {
        let gt = p + memchr(b'>', &self.b[p..]).ok_or(Refused("doctype cut by the end"))?;
        let mut span = String::new();
        push_newlines(&mut span, &self.s[p..=gt]);
        let dt = doctype_token(&span);
        self.put(Token::DoctypeToken(dt));
        self.pos = gt + 1;
        Ok(())
    }

    /// A tag whose name starts at `p` (an ASCII letter); consumes it.
    fn tag(&mut self, kind: TagKind, p: usize) {
        let b = self.b;
        let end = b[p..]
            .iter()
            .position(|&c| is_ws(c) || c == b'/' || c == b'>')
            .map_or(b.len(), |k| p + k);
        if end == b.len() {
            self.eof_in_tag();
            return;
        }
        let name = LocalName::from(&*lower(&self.s[p..end]));
        self.tag_attrs(kind, name, end);
    }

    fn eof_in_tag(&mut self) {
        self.error("EOF in tag");
        self.pos = self.b.len();
    }

    /// The rest of a tag from its name's end at `i`: attributes, `/`, `>`.
    fn tag_attrs(&mut self, kind: TagKind, name: LocalName, mut i: usize) {
        let s = self.s;
        let b = self.b;
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut self_closing = false;
        #[derive(Clone, Copy)]
        enum St {
            TagNameEnd,
            BeforeName,
            AfterName,
            BeforeValue,
            AfterQuoted,
            SelfClosing,
        }
        let mut st = St::TagNameEnd;
        // The attribute being read: its name, and its value once read.
        let mut cur: Option<(LocalName, StrTendril)> = None;
        let finish = |cur: &mut Option<(LocalName, StrTendril)>, attrs: &mut Vec<Attribute>| {
            if let Some((n, v)) = cur.take() {
                if !attrs.iter().any(|a| a.name.local == n) {
                    attrs.push(Attribute {
                        name: QualName::new(None, ns!(), n),
                        value: v,
                    });
                }
            }
        };
        loop {
            let Some(&c) = b.get(i) else {
                self.eof_in_tag();
                return;
            };
            match st {
                St::TagNameEnd => {
                    i += 1;
                    st = match c {
                        b'/' => St::SelfClosing,
                        b'>' => break,
                        _ => St::BeforeName,
                    };
                }
                St::BeforeName | St::AfterName => {
                    if is_ws(c) {
                        i += 1;
                        continue;
                    }
                    match (c, st) {
                        (b'/', _) => {
                            i += 1;
                            st = St::SelfClosing;
                        }
                        (b'>', _) => {
                            i += 1;
                            break;
                        }
                        (b'=', St::AfterName) => {
                            i += 1;
                            st = St::BeforeValue;
                        }
                        _ => {
                            // A new attribute; its first character is part
                            // of the name whatever it is (even `=`).
                            finish(&mut cur, &mut attrs);
                            let start = i;
                            i += s[i..].chars().next().map_or(1, char::len_utf8);
                            let end = b[i..]
                                .iter()
                                .position(|&c| is_ws(c) || matches!(c, b'/' | b'=' | b'>'))
                                .map_or(b.len(), |k| i + k);
                            cur =
                                Some((LocalName::from(&*lower(&s[start..end])), StrTendril::new()));
                            i = end;
                            let Some(&d) = b.get(i) else {
                                self.eof_in_tag();
                                return;
                            };
                            i += 1;
                            st = match d {
                                b'/' => St::SelfClosing,
                                b'=' => St::BeforeValue,
                                b'>' => break,
                                _ => St::AfterName,
                            };
                        }
                    }
                }
                St::BeforeValue => {
                    if is_ws(c) {
                        i += 1;
                        continue;
                    }
                    match c {
                        b'"' | b'\'' => {
                            let Some(k) = memchr(c, &b[i + 1..]) else {
                                self.eof_in_tag();
                                return;
                            };
                            let v = attr_value(&self.src, i + 1, i + 1 + k);
                            if let Some(cur) = cur.as_mut() {
                                cur.1 = v;
                            }
                            i = i + 2 + k;
                            st = St::AfterQuoted;
                        }
                        b'>' => {
                            i += 1;
                            break;
                        }
                        _ => {
                            let end = b[i..]
                                .iter()
                                .position(|&c| is_ws(c) || c == b'>')
                                .map_or(b.len(), |k| i + k);
                            if end == b.len() {
                                self.eof_in_tag();
                                return;
                            }
                            let v = attr_value(&self.src, i, end);
                            if let Some(cur) = cur.as_mut() {
                                cur.1 = v;
                            }
                            i = end + 1;
                            if b[end] == b'>' {
                                break;
                            }
                            st = St::BeforeName;
                        }
                    }
                }
                St::AfterQuoted => match c {
                    b'/' => {
                        i += 1;
                        st = St::SelfClosing;
                    }
                    b'>' => {
                        i += 1;
                        break;
                    }
                    c if is_ws(c) => {
                        i += 1;
                        st = St::BeforeName;
                    }
                    _ => st = St::BeforeName,
                },
                St::SelfClosing => {
                    if c == b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    st = St::BeforeName;
                }
            }
        }
        finish(&mut cur, &mut attrs);
        self.pos = i;
        if kind == TagKind::StartTag {
            self.last_start = Some(name.clone());
        }
        let r = self.token(Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
        }));
        if let TokenSinkResult::Script(_) = r {
            // html5ever's driver feeds the tokenizer again after a script
            // ends, and its feed drops a BOM at the start of the input
            // every time, not only at the start of the page.
            if self.s[self.pos..].starts_with('\u{feff}') {
                self.pos += '\u{feff}'.len_utf8();
            }
        }
        self.mode = match r {
            TokenSinkResult::Continue | TokenSinkResult::Script(_) => Mode::Data,
            TokenSinkResult::Plaintext => Mode::Plaintext,
            TokenSinkResult::RawData(k) => Mode::Raw(k),
        };
    }

    /// RCDATA, RAWTEXT or script data up to the appropriate end tag (which
    /// it consumes) or the end; `true` at the end.
    fn raw(&mut self, kind: RawKind) -> Result<bool, Refused> {
        let refs = matches!(kind, RawKind::Rcdata);
        let name = self.last_start.clone().unwrap_or_default();
        let b = self.b;
        let mut end = end_tag_at(b, self.pos, &name);
        if kind == RawKind::ScriptData
            && memmem::find(&b[self.pos..end.unwrap_or(b.len())], b"<!--").is_some()
        {
            // The script data escape states decide which end tag counts;
            // the text is the same characters either way.
            end = script_end(b, self.pos, &name);
        }
        let Some(lt) = end else {
            self.text_run(self.pos, b.len(), refs);
            self.pos = b.len();
            return Ok(true);
        };
        self.text_run(self.pos, lt, refs);
        self.flush();
        self.mode = Mode::Data;
        let name_end = lt + 2 + name.len();
        self.tag_attrs(TagKind::EndTag, name, name_end);
        Ok(false)
    }
}

/// Whether an appropriate end tag for `name` starts at `lt` (`</`, the name
/// in any case, then whitespace, `/` or `>`).
fn appropriate_end_tag(b: &[u8], lt: usize, name: &str) -> bool {
    let name_end = lt + 2 + name.len();
    !name.is_empty()
        && b.len() > name_end
        && b[lt..lt + 2] == *b"</"
        && b[lt + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
        && (is_ws(b[name_end]) || matches!(b[name_end], b'/' | b'>'))
}

/// The first appropriate end tag for `name` at or after `from`: where
/// RCDATA, RAWTEXT and script data without escapes end.
fn end_tag_at(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut search = from;
    loop {
        let lt = search + memmem::find(&b[search..], b"</")?;
        if appropriate_end_tag(b, lt, name) {
            return Some(lt);
        }
        search = lt + 2;
    }
}

/// Where script data from `from` ends, following html5ever's script data
/// states with their escapes (`<!--` ... `-->`, and `<script>` inside an
/// escape, which hides `</script>` until the escape's own `</script>`).
fn script_end(b: &[u8], from: usize, name: &str) -> Option<usize> {
    /// Script data, an escape (`<!--` ... `-->`), or a `<script>` inside
    /// an escape. The spec's dash states of the two escapes are `dashes`.
    #[derive(Clone, Copy, PartialEq)]
    enum Level {
        Data,
        Escaped,
        Double,
    }
    let letters = |i: usize| {
        b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |k| i + k)
    };
    // A tag name from `start`: where reading goes on, and whether it is
    // "script" when it ended the name (whitespace, `/` or `>`, which the
    // escape states take as text); `None` when something else follows the
    // letters, which are then read again in the escape.
    let tag_name = |start: usize| {
        let end = letters(start);
        match b.get(end) {
            Some(&d) if is_ws(d) || matches!(d, b'/' | b'>') => {
                (end + 1, Some(b[start..end].eq_ignore_ascii_case(b"script")))
            }
            _ => (end, None),
        }
    };
    let mut level = Level::Data;
    // Dashes read in a row inside an escape, up to two: `>` after two
    // ends the escape.
    let mut dashes = 0u8;
    let mut i = from;
    while i < b.len() {
        if level == Level::Data {
            i += memchr(b'<', &b[i..])?;
            if b.get(i + 1) == Some(&b'/') {
                if appropriate_end_tag(b, i, name) {
                    return Some(i);
                }
                // `</` and the letters are text; the next character is
                // read again in script data.
                i = letters(i + 2);
            } else if b[i + 1..].starts_with(b"!--") {
                i += 4;
                level = Level::Escaped;
                dashes = 2;
            } else {
                i += 1;
            }
            continue;
        }
        match b[i] {
            b'-' => {
                i += 1;
                dashes = (dashes + 1).min(2);
            }
            b'>' if dashes == 2 => {
                i += 1;
                level = Level::Data;
            }
            b'<' => {
                dashes = 0;
                match (level, b.get(i + 1)) {
                    (Level::Escaped, Some(b'/')) => {
                        if appropriate_end_tag(b, i, name) {
                            return Some(i);
                        }
                        i = letters(i + 2);
                    }
                    (Level::Escaped, Some(l)) if l.is_ascii_alphabetic() => {
                        let (next, script) = tag_name(i + 1);
                        if script == Some(true) {
                            level = Level::Double;
                        }
                        i = next;
                    }
                    (Level::Double, Some(b'/')) => {
                        let (next, script) = tag_name(i + 2);
                        if script == Some(true) {
                            level = Level::Escaped;
                        }
                        i = next;
                    }
                    _ => i += 1,
                }
            }
            _ => {
                i += 1;
                dashes = 0;
            }
        }
    }
    None
}

/// The doctype token of `span` (after `<!DOCTYPE`, newlines normalized,
/// ending with its `>`), following html5ever's doctype states.
fn doctype_token(span: &str) -> Doctype {
    #[derive(Clone, Copy, PartialEq)]
    enum Id {
        Public,
        System,
    }
    #[derive(Clone, Copy)]
    enum St {
        Doctype,
        BeforeName,
        Name,
        AfterName,
        AfterKeyword(Id),
        BeforeId(Id),
        Quoted(Id, char),
        AfterId(Id),
        Between,
        Bogus,
    }
    let ws = |c: char| matches!(c, '\t' | '\n' | '\x0C' | ' ');
    let mut dt = Doctype::default();
    let mut name = String::new();
    let (mut public, mut system) = (None::<String>, None::<String>);
    let mut st = St::Doctype;
    let chars: Vec<char> = span.chars().collect();
    let mut i = 0;
    let eat = |i: usize, pat: &str| {
        pat.chars()
            .enumerate()
            .all(|(k, p)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&p)))
    };
    while let Some(&c) = chars.get(i) {
        i += 1;
        match st {
            St::Doctype => {
                if !ws(c) {
                    i -= 1;
                }
                st = St::BeforeName;
            }
            St::BeforeName => {
                if ws(c) {
                } else if c == '>' {
                    dt.force_quirks = true;
                    break;
                } else {
                    dt.name = Some(StrTendril::new());
                    name.push(c.to_ascii_lowercase());
                    st = St::Name;
                }
            }
            St::Name => {
                if ws(c) {
                    st = St::AfterName;
                } else if c == '>' {
                    break;
                } else {
                    name.push(c.to_ascii_lowercase());
                }
            }
            St::AfterName => {
                i -= 1;
                if eat(i, "public") {
                    i += 6;
                    st = St::AfterKeyword(Id::Public);
                } else if eat(i, "system") {
                    i += 6;
                    st = St::AfterKeyword(Id::System);
                } else {
                    i += 1;
                    if ws(c) {
                    } else if c == '>' {
                        break;
                    } else {
                        dt.force_quirks = true;
                        st = St::Bogus;
                    }
                }
            }
            St::AfterKeyword(id) | St::BeforeId(id) => {
                let after_keyword = matches!(st, St::AfterKeyword(_));
                match c {
                    c if ws(c) => {
                        if after_keyword {
                            st = St::BeforeId(id);
                        }
                    }
                    '"' | '\'' => {
                        let v = if id == Id::Public {
                            &mut public
                        } else {
                            &mut system
                        };
                        *v = Some(String::new());
                        st = St::Quoted(id, c);
                    }
                    '>' => {
                        dt.force_quirks = true;
                        break;
                    }
                    _ => {
                        dt.force_quirks = true;
                        st = St::Bogus;
                    }
                }
            }
            St::Quoted(id, q) => {
                if c == q {
                    st = St::AfterId(id);
                } else if c == '>' {
                    dt.force_quirks = true;
                    break;
                } else {
                    let v = if id == Id::Public {
                        &mut public
                    } else {
                        &mut system
                    };
                    v.get_or_insert_with(String::new).push(c);
                }
            }
            St::AfterId(Id::Public) => match c {
                c if ws(c) => st = St::Between,
                '>' => break,
                '"' | '\'' => {
                    system = Some(String::new());
                    st = St::Quoted(Id::System, c);
                }
                _ => {
                    dt.force_quirks = true;
                    st = St::Bogus;
                }
            },
            St::AfterId(Id::System) => match c {
                c if ws(c) => {}
                '>' => break,
                _ => st = St::Bogus,
            },
            St::Between => match c {
                c if ws(c) => {}
                '>' => break,
                '"' | '\'' => {
                    system = Some(String::new());
                    st = St::Quoted(Id::System, c);
                }
                _ => {
                    dt.force_quirks = true;
                    st = St::Bogus;
                }
            },
            St::Bogus => {
                if c == '>' {
                    break;
                }
            }
        }
    }
    if dt.name.is_some() {
        dt.name = Some(StrTendril::from(name));
    }
    dt.public_id = public.map(StrTendril::from);
    dt.system_id = system.map(StrTendril::from);
    dt
}

/// The first difference between two parsed documents (node kinds, element
/// names, attributes, texts, comments, doctypes, the quirks mode), or `None`
/// when they are the same tree. Parse errors are not compared. Attribute
/// order is not compared because `scraper` keeps attributes in a hash map.
#[doc(hidden)]
pub fn tree_difference(a: &Html, b: &Html) -> Option<String> {
    if a.quirks_mode != b.quirks_mode {
        return Some(format!(
            "quirks mode {:?} vs {:?}",
            a.quirks_mode, b.quirks_mode
        ));
    }
    // Pre-order with each node's child count pins the shape of the tree.
    let mut xa = a.tree.root().descendants();
    let mut xb = b.tree.root().descendants();
    for n in 0usize.. {
        let (x, y) = match (xa.next(), xb.next()) {
            (None, None) => return None,
            (Some(x), Some(y)) => (x, y),
            (x, y) => {
                return Some(format!(
                    "node {n}: {:?} vs {:?}",
                    x.map(|x| x.value().clone()),
                    y.map(|y| y.value().clone())
                ))
            }
        };
        if let Some(d) = node_difference(x.value(), y.value()) {
            return Some(format!("node {n}: {d}"));
        }
        let (cx, cy) = (x.children().count(), y.children().count());
        if cx != cy {
            return Some(format!("node {n} ({:?}): {cx} vs {cy} children", x.value()));
        }
    }
    None
}

fn node_difference(x: &scraper::Node, y: &scraper::Node) -> Option<String> {
    use scraper::Node;
    let same = match (x, y) {
        (Node::Document, Node::Document) | (Node::Fragment, Node::Fragment) => true,
        (Node::Doctype(p), Node::Doctype(q)) => {
            p.name() == q.name() && p.public_id() == q.public_id() && p.system_id() == q.system_id()
        }
        (Node::Comment(p), Node::Comment(q)) => *p.comment == *q.comment,
        (Node::Text(p), Node::Text(q)) => *p.text == *q.text,
        (Node::Element(p), Node::Element(q)) => {
            let attrs = |e: &scraper::node::Element| {
                let mut v: Vec<(QualName, String)> = e
                    .attrs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect();
                v.sort();
                v
            };
            p.name == q.name && attrs(p) == attrs(q)
        }
        (Node::ProcessingInstruction(p), Node::ProcessingInstruction(q)) => p == q,
        _ => false,
    };
    (!same).then(|| format!("{x:?} vs {y:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// The byte tokenizer takes the page (no fallback) and builds scraper's tree.
    fn same(html: &str) {
        let ours =
            try_parse_document(html).unwrap_or_else(|r| panic!("refused ({}) on {html:?}", r.0));
        let reference = Html::parse_document(html);
        if let Some(d) = tree_difference(&reference, &ours) {
            panic!("{html:?}: {d}");
        }
    }

    #[test]
    fn data_and_tags() {
        same("");
        same("plain text");
        same("<p>a<b>b</b>c</p><br/><img src=x.png alt='y'>");
        same("<DIV ID=Main CLASS=\"A b\">x</DIV><P Class=x class=y data-Z=1>dup</p>");
        same("<p a b=c d = 'e' f=\"g\"h>x</p>");
        same("<a href=x?y=1&z=2>t</a><p =x>y</p><p x/y>z</p>");
        same("<p \"x\" 'y' <z>t</p><p x=a\"b'c`d=e<f>g</p>");
        same("<br/ ><br / x><p/>x</p ></p x=1/>");
        same("a\r\nb\rc\n\r<p\r\nclass\r=\r'x\r\ny'\r>d\r</p>");
        same("\u{feff}<p>bom</p>");
        same("<p>cut at the end <a href='x");
        same("<p>cut <a href=x");
        same("<p>cut <a");
        same("<p>cut </a");
        same("x <");
        same("x </");
        same("1 < 2 <= 3 <3 <. <\u{e9}");
        same("<p>\u{e0}\u{1ea1}<\u{e9}t\u{e9}>x</\u{e9}t\u{e9}>");
    }

    #[test]
    fn end_tag_open_and_bogus_comments() {
        same("a</>b</ x>c</1>d<?php echo 1 ?>e<!x>f<!>g<!-x>h<!");
        same("<pre></>\nx</pre>");
        same("<p>x</p foo=\"bar\">y</p/>z");
        same("<?xml version=\"1.0\"?><html><body>x</body></html>");
        same("a<?cut at the end");
    }

    #[test]
    fn comments() {
        for c in [
            "<!---->",
            "<!-->x",
            "<!--->x",
            "<!-- a -- b -->",
            "<!-- a --!>x",
            "<!-- a --!-->x",
            "<!-- a ---->x",
            "<!--a<!-->x",
            "<!--a<!--->x",
            "<!--a<!--b-->x",
            "<!--<!-->x",
            "<!-----!>x",
            "<!----!>x",
            "<!-- \r\n x \r -->y",
            "<!---x-->y",
        ] {
            same(&format!("<p>1{c}2</p>"));
            same(c);
        }
        assert!(try_parse_document("<p>x<!-- cut").is_err());
    }

    #[test]
    fn doctypes_and_quirks() {
        for d in [
            "<!DOCTYPE html>",
            "<!doctype HTML>",
            "<!DOCTYPE>",
            "<!DOCTYPE >",
            "<!DOCTYPEhtml>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\r\n \"http://www.w3.org/TR/html4/strict.dtd\">",
            "<!DOCTYPE html SYSTEM \"about:legacy-compat\">",
            "<!DOCTYPE html SYSTEM 'about:legacy-compat' junk>",
            "<!DOCTYPE html PUBLIC'x''y'>",
            "<!DOCTYPE html PUBLIC \"x>",
            "<!DOCTYPE html PUBLIC>",
            "<!DOCTYPE html PUBLIC x>",
            "<!DOCTYPE html SYSTEM>",
            "<!DOCTYPE html junk>",
            "<!DOCTYPE html public \"a\"\"b\">",
            "<!DOCTYPE html PUBLIC \"a\" x>",
            "<!DOCTYPE html PUBLIC \"-//W3O//DTD W3 HTML Strict 3.0//EN//\">",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\">",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Frameset//EN\" \"\">",
            "<!DOCTYPE Html Public \"\" \"\">",
            "<!DOCTYPE \u{e9}>",
        ] {
            same(&format!("{d}<html><body><p>x</p><table><tr><td>y</table></body></html>"));
        }
        same("<p>x</p><!DOCTYPE html><p>y</p>");
        assert!(try_parse_document("<!DOCTYPE html").is_err());
    }

    #[test]
    fn character_references() {
        for r in [
            "&amp;",
            "&amp",
            "&AMP;",
            "&notin;",
            "&notit;",
            "&not",
            "&noti",
            "&#x80;",
            "&#0;",
            "&#x0;",
            "&#65",
            "&#x41;",
            "&#X41",
            "&#;",
            "&#x;",
            "&#",
            "&#x",
            "&",
            "& ",
            "&;",
            "&xyz;",
            "&xyz",
            "&x;",
            "&#1114112;",
            "&#99999999999;",
            "&#xD800;",
            "&#x8D;",
            "&#x9F;",
            "&#xB;",
            "&#x7F;",
            "&#xFDD0;",
            "&#xFFFE;",
            "&#x10FFFF;",
            "&#13;",
            "&#10",
            "&NotNestedGreaterGreater;",
            "&acE;",
            "&lt&gt",
            "&ampx",
            "&amp=",
            "&copy2020",
        ] {
            same(&format!(
                "<p>a{r}b</p><a title=\"a{r}b\" x='{r}' y={r}>c</a><a z={r}>"
            ));
            same(&format!("<textarea>a{r}b</textarea><title>{r}</title>"));
            same(r);
        }
    }

    #[test]
    fn leading_newline_after_pre_textarea_listing() {
        for t in ["pre", "textarea", "listing"] {
            for body in [
                "\nx",
                "\r\nx",
                "\rx",
                "\n\nx",
                "&#10;x",
                "&#10x",
                "&#xa",
                "</>\nx",
                "<!---->\nx",
                "x",
            ] {
                same(&format!("<{t}>{body}</{t}>"));
            }
        }
    }

    #[test]
    fn raw_text_elements() {
        same("<title>a <b> &amp; </title ></TITLE>x");
        same("<textarea>a</textare</textarea x=1>b");
        same("<style>p > a { x: '</sty' } </STYLE>x");
        same("<script>if (a < b && c > d) {} </scriptx> </script>y");
        same("<script>x</script/>y<script>z</script\r\n>w");
        same("<noscript><p>a</p></noscript><xmp><b></xmp><iframe><p></iframe>");
        same("<noembed>a</noembed><noframes>b</noframes>");
        same("<plaintext>a</plaintext><p>b\r\nc");
        same("<script>unterminated </scr");
        same("<title>unterminated");
        same("<svg><title><p>a</p></title><style>x</style></svg><p>y</p>");
        same("<select><script>a</script><style>b</style><textarea>c</textarea></select>");
        same("\u{feff}<script>x</script>\u{feff}y\u{feff}<script>z</script> \u{feff}");
        same("<p>\u{feff}<style>x</style>\u{feff}<title>t</title>\u{feff}");
        same("<svg><script>x</script>\u{feff}y</svg>");
    }

    #[test]
    fn script_data_escapes() {
        for body in [
            "<!-- x </script>y",
            "<!-- x --> </script>y",
            "<!-- <script> x </script> y --> </script>z",
            "<!-- <script> x </script> y </script>z",
            "<!-- <SCRIPT>x</Script >y--></script>z",
            "<!-- <scripts> x </script>y",
            "<!-- <script/> --> </script>z",
            "<!--> </script>x",
            "<!---> </script>x",
            "<!-x</script>y",
            "<!<!-- a -- > </script>y",
            "<!-- a --- > b ---> </script>y",
            "<!-- <script>a<!-- b --></script>c</script>d",
            "<!-- <script>a</scriptx> b</script>c--></script>d",
            "<!-- <script>a</script1 b</script>c--></script>d",
            "<!-- <script>a<-- ->--></script>b",
            "<!-- <s1 </script>a",
            "<!-- </scr <script",
            "<!-- <script",
            "<!-- <script> </script",
            "if (a<!--b) {}</script>x",
            "<!--\r\n<script>\r</script\r\n>--></script>x",
        ] {
            same(&format!("<p>a<script>{body}</p>"));
            same(&format!("<script type=x>{body}"));
        }
    }

    #[test]
    fn foreign_content_and_cdata() {
        same("<p><![CDATA[x]]></p>");
        same("<svg viewBox='0 0 1 1' xlink:href=x><path D='M0'/><foreignObject><p>x</p></foreignObject></svg>");
        same("<math><mi>x</mi><annotation-xml encoding=text/html><p>y</p></annotation-xml></math>");
        assert!(try_parse_document("<svg><![CDATA[x]]></svg>").is_err());
    }

    #[test]
    fn table_and_paragraph_nesting() {
        same("<table>x<tr>y<td>z<p>a<table><td>b</table></td> \n</tr></table>");
        same("<p><div>a</div><p>b<p>c<table><p>d</table>");
        same("<table><tbody><tr><td>1</td></tr>text<tr><td>2</table>");
        same("<b><i>a</b>b</i><a><p>c<a>d</a></p></a>");
        same("<frameset><frame></frameset> x");
        same("<head><title>t</title></head> a <body>b</body></html> <!-- c --> d");
    }

    #[test]
    fn nul_falls_back_and_still_matches() {
        let page = "<p>a\0b</p>";
        assert!(try_parse_document(page).is_err());
        assert!(tree_difference(&Html::parse_document(page), &parse_document(page)).is_none());
    }

    #[test]
    fn tree_difference_finds_differences() {
        let a = Html::parse_document("<p class=x>a</p>");
        for other in [
            "<p class=y>a</p>",
            "<p class=x>b</p>",
            "<div class=x>a</div>",
            "<p class=x>a</p><p></p>",
            "<!DOCTYPE html><p class=x>a</p>",
            "<p class=x><!--a--></p>",
        ] {
            assert!(
                tree_difference(&a, &Html::parse_document(other)).is_some(),
                "{other}"
            );
        }
        assert!(tree_difference(&a, &Html::parse_document("<p class=x>a</p>")).is_none());
    }

    fn soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                6 => "<(/?)(p|P|div|a|b|i|table|tr|td|th|tbody|li|ul|pre|listing|textarea|title|TITLE|noscript|plaintext|script|style|xmp|svg|math|mi|desc|select|option|frameset|head|body|html|br|img|form|template|h1)( [a-zA-Z:-]{1,6}(=([a-z&;#0-9 ]{0,6}|\"[a-z<>&;#'= ]{0,8}\"|'[a-z<>\"& ]{0,6}'))?){0,3}( ?/)?>",
                2 => "&(amp|amp;|AMP|notin;|notit;|not|#x80;|#0;|#65|#x41;|#;|lt|gt;|copy2|#x110000;|xyz;)",
                2 => "(\r\n|\r|\n|\t| |\u{feff})",
                2 => "<!(DOCTYPE|doctype) ?(html)?( PUBLIC| SYSTEM| public)?( \"[-/A-Za-z0-9. ]{0,12}\"| '[a-z]{0,4}'){0,2}( x)?>",
                3 => "<!--|-->|--!>|<!-->|<!--->|<!\\[CDATA\\[|\\]\\]>|<\\?x ?>|</ |</>|</1|<!x>|<!|</|<",
                4 => "[a-zA-Z\u{e0}\u{1ea1} .,;'\"=>/-]{0,12}",
            ],
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    /// Tag soup, one page in sixteen with a NUL somewhere (those pages take
    /// the fallback).
    fn soup_with_nul() -> impl Strategy<Value = String> {
        (soup(), 0usize..16, any::<prop::sample::Index>()).prop_map(|(mut page, k, at)| {
            if k == 0 {
                let at = page
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(at.index(page.chars().count() + 1))
                    .unwrap_or(page.len());
                page.insert(at, '\0');
            }
            page
        })
    }

    /// Most soup pages take the byte tokenizer, so the proptest below tests
    /// it rather than the fallback.
    #[test]
    fn soup_mostly_takes_the_fast_path() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = soup_with_nul();
        let (mut fast, mut n) = (0, 0);
        for _ in 0..500 {
            let page = strategy.new_tree(&mut runner).unwrap().current();
            n += 1;
            fast += usize::from(try_parse_document(&page).is_ok());
        }
        assert!(fast * 10 >= n * 7, "{fast} of {n} pages took the fast path");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2500))]

        /// On tag soup the tree is scraper's, fallback or not.
        #[test]
        fn same_tree_as_scraper_on_tag_soup(page in soup_with_nul()) {
            let reference = Html::parse_document(&page);
            let ours = parse_document(&page);
            let d = tree_difference(&reference, &ours);
            prop_assert!(d.is_none(), "{:?}: {:?}", page, d);
        }

        /// Arbitrary text never panics and gives scraper's tree.
        #[test]
        fn same_tree_as_scraper_on_any_text(page in "(?s).{0,200}") {
            let d = tree_difference(&Html::parse_document(&page), &parse_document(&page));
            prop_assert!(d.is_none(), "{:?}: {:?}", page, d);
        }
    }
}
