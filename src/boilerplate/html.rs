//! HTML main-content extraction.
//!
//! The page is parsed with `scraper` and walked once, iteratively (deeply
//! nested or broken HTML must not overflow the stack), into text blocks: one
//! per paragraph, heading, list item, quote or table cell, with `<br><br>`
//! splitting a block. While walking, elements that are never content (script,
//! style, nav, header, footer, aside, iframe, svg, small forms, hidden
//! elements) and elements whose class/id names a chrome widget (menu, sidebar,
//! related, comment, share, tag, breadcrumb, banner, ads, cookie...) are
//! dropped whole, each with its rule.
//!
//! Each block gets a weight from its own text (length, sentence punctuation,
//! link density) and its ancestors' hints (`<article>`, `itemprop=articleBody`,
//! class names like content/article/post/detail); the main body is the run of
//! blocks with the largest total weight. Structure decides what the body is,
//! so the same rules hold for layouts never seen. Inside the body, link-dense
//! blocks, "related"/"read more" lists, captions, date and source lines and
//! the title are dropped block by block.
//!
//! Structural refinements, all independent of wording:
//! - teaser lists (headline link + short sapo, repeated) are not prose;
//! - a chrome section is the element around its header: its blocks go with
//!   it, until a block outside it or a paragraph that is not a sapo;
//! - a short line above three headline links is a list header;
//! - a related box inside the article must not cut it in two: the span is
//!   widened back over the article's container;
//! - pages with no article (404, tag, search, category listings) come out
//!   empty: too little prose, or only sapos and links with never two
//!   paragraphs in a row.

use markup5ever::{local_name, namespace_url, ns, LocalName};
use scraper::node::Node;
use scraper::{ElementRef, Html};

use super::signals::{self, fold, TextStats};
use super::{meta, prescan, BoilerplateConfig};
use crate::model::{Extraction, Removed};

/// The value of the element's attribute `name` (no namespace), as
/// `Element::attr` gives it. That interns its `&str` argument and hashes a
/// whole qualified name into the attribute map on every call; the walk asks
/// several attributes of every element, and after the pre-scan an element
/// has only a few, so comparing interned names in a scan costs far less.
pub(super) fn attr_of<'a>(el: &'a scraper::node::Element, name: &LocalName) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(q, _)| q.local == *name && q.ns == ns!() && q.prefix.is_none())
        .map(|(_, v)| &**v)
}

/// Elements that never hold article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "iframe",
    "svg",
    "button",
    "select",
    "option",
    "template",
    "object",
    "embed",
    "canvas",
    "input",
    "textarea",
    "label",
    "title",
    "meta",
    "link",
    "figcaption",
    "menu",
    "dialog",
    "video",
    "audio",
    "map",
];

/// Whether `name` is one of [`DROP_TAGS`]: interned names compare as
/// integers, where the walks over every element would compare strings.
fn is_drop_tag(name: &LocalName) -> bool {
    static ATOMS: std::sync::LazyLock<Vec<LocalName>> =
        std::sync::LazyLock::new(|| DROP_TAGS.iter().map(|&t| LocalName::from(t)).collect());
    ATOMS.contains(name)
}

/// Elements that start and end a text block.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "td",
    "th",
    "tr",
    "table",
    "pre",
    "dd",
    "dt",
    "dl",
    "section",
    "article",
    "main",
    "figure",
    "caption",
    "address",
    "center",
    "body",
    "html",
    "form",
    "hr",
    "tbody",
    "thead",
];

/// Class/id words of chrome widgets (matched on token boundaries, see
/// [`hint_match`]).
const NEGATIVE: &[&str] = &[
    "nav",
    "navi",
    "navigation",
    "menu",
    "footer",
    "foot",
    "sidebar",
    "rail",
    "related",
    "relate",
    "comment",
    "share",
    "sharing",
    "social",
    "breadcrumb",
    "banner",
    "ad",
    "ads",
    "adv",
    "adzone",
    "adbox",
    "adsense",
    "adsbygoogle",
    "advert",
    "advertisement",
    "advertising",
    "advertorial",
    "cookie",
    "tag",
    "hashtag",
    "popular",
    "hot",
    "latest",
    "mostread",
    "othernews",
    "other",
    "readmore",
    "print",
    "tools",
    "toolbar",
    "rating",
    "subscribe",
    "newsletter",
    "login",
    "search",
    "pagination",
    "pager",
    "topbar",
    "hotline",
    "clock",
    "today",
    "path",
    "crumb",
    "promo",
    "promoted",
    "promotion",
    "sponsor",
    "sponsored",
    "noibat",
    "lienquan",
    "tinkhac",
    "counter",
    "stat",
    "copyright",
    "logo",
    "header",
    "masthead",
    "modal",
    "popup",
];

/// Class/id words of the article container.
const POSITIVE: &[&str] = &[
    "article", "content", "post", "entry", "body", "story", "detail", "main", "text", "fck",
    "sapo", "lead", "maincol", "chitiet", "noidung",
];

/// Class/id words that mark a caption or a date/source line.
const CAPTION: &[&str] = &["caption", "figcaption", "imagedesc", "photodesc", "imgdesc"];

/// Class/id words that make an element its own block (a headline, a date,
/// a byline or a sapo set apart only by its class).
const TITLEISH: &[&str] = &[
    "title", "date", "time", "sapo", "author", "source", "byline",
];

/// Generic parts of a widget's name that may follow a chrome word in one
/// token ("navbar", "commentlist", "copyrightline").
const WIDGET_PARTS: &[&str] = &[
    "area",
    "bar",
    "block",
    "body",
    "bottom",
    "box",
    "btn",
    "button",
    "col",
    "column",
    "container",
    "content",
    "cloud",
    "form",
    "holder",
    "icon",
    "inner",
    "item",
    "left",
    "line",
    "link",
    "list",
    "module",
    "outer",
    "panel",
    "right",
    "section",
    "table",
    "text",
    "title",
    "top",
    "wrap",
    "wrapper",
    "zone",
];

/// Parts of a container's name that may follow an article word in one
/// token ("articlebody", "storytext", "maincol"); not "link" or "title",
/// which name a teaser's parts.
const CONTAINER_PARTS: &[&str] = &[
    "area",
    "block",
    "body",
    "col",
    "column",
    "container",
    "content",
    "holder",
    "inner",
    "section",
    "text",
    "wrap",
    "wrapper",
];

/// Modifiers that may precede a hint word in one token ("mainmenu",
/// "topnav", "postcomment", "maincontent").
const NAME_MODIFIERS: &[&str] = &[
    "article",
    "bottom",
    "date",
    "entry",
    "footer",
    "global",
    "header",
    "home",
    "left",
    "main",
    "mobile",
    "most",
    "news",
    "page",
    "post",
    "primary",
    "pub",
    "publish",
    "right",
    "secondary",
    "side",
    "site",
    "story",
    "sub",
    "top",
    "user",
    "web",
];

/// Tokens of an element's class and id: split at spaces, punctuation,
/// digits and camelCase humps, lowercased ("relatedPosts_2" gives
/// "related", "posts"). Adjacent tokens are also offered joined
/// ("image-desc" gives "imagedesc" too), for names written either way.
///
/// The tokens of one class name sit side by side in one buffer, so a pair
/// is a span too: one allocation per element, not one per token.
#[cfg(test)]
fn name_tokens(el: &scraper::node::Element) -> NameTokens {
    let mut t = NameTokens::default();
    for attr in [
        attr_of(el, &local_name!("class")),
        attr_of(el, &local_name!("id")),
    ]
    .into_iter()
    .flatten()
    {
        t.push_name(attr);
    }
    t
}

/// See [`name_tokens`].
#[derive(Default)]
struct NameTokens {
    buf: String,
    spans: Vec<(usize, usize)>,
}

impl NameTokens {
    /// Adds the tokens of one attribute value (see [`name_tokens`]).
    fn push_name(&mut self, attr: &str) {
        // Tokens of the current class name: their first index in `spans`.
        let mut first = self.spans.len();
        let mut start = self.buf.len();
        let mut prev_lower = false;
        for c in attr.chars() {
            if c.is_alphabetic() {
                if c.is_uppercase() && prev_lower {
                    self.end_token(start);
                    start = self.buf.len();
                }
                prev_lower = c.is_lowercase();
                self.buf.extend(c.to_lowercase());
            } else {
                prev_lower = false;
                self.end_token(start);
                start = self.buf.len();
                if c.is_whitespace() {
                    // A new class name: no joining across it.
                    self.join_pairs(first);
                    first = self.spans.len();
                }
            }
        }
        self.end_token(start);
        self.join_pairs(first);
    }

    fn end_token(&mut self, start: usize) {
        if self.buf.len() > start {
            self.spans.push((start, self.buf.len()));
        }
    }

    /// Adds each pair of adjacent tokens from `spans[first..]` joined.
    fn join_pairs(&mut self, first: usize) {
        let n = self.spans.len();
        for i in first..n.saturating_sub(1) {
            self.spans.push((self.spans[i].0, self.spans[i + 1].1));
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(a, b)| &self.buf[a..b])
    }
}

/// A class/id token names `word`: it is the word, its plural, or the word
/// joined with a generic part or modifier ("navbar", "mainmenu",
/// "relatedposts"). Prefixes alone are not enough: "hot" is not "hotel",
/// "stat" not "status", "view" not "viewport".
fn hint_match(token: &str, list: &[&str], parts: &[&str]) -> bool {
    if in_list(token, list) {
        return true;
    }
    // A word and a part: "navbar", "commentlists", "articlebody".
    let stems = [
        Some(token),
        token.strip_suffix('s'),
        token.strip_suffix("es"),
    ];
    for stem in stems.into_iter().flatten() {
        let last = stem.as_bytes().last();
        for p in parts {
            // The last byte first: most tokens end with no part at all.
            if p.as_bytes().last() != last || stem.len() <= p.len() {
                continue;
            }
            if let Some(head) = stem.strip_suffix(p) {
                if list.contains(&head) {
                    return true;
                }
            }
        }
    }
    // "related" + "posts", "latest" + "news": a widget and what it lists.
    if parts == WIDGET_PARTS && token.ends_with('s') {
        for x in [
            "posts", "articles", "stories", "news", "links", "items", "videos",
        ] {
            if let Some(head) = token.strip_suffix(x) {
                if !head.is_empty() && list.contains(&head) {
                    return true;
                }
            }
        }
    }
    // A modifier and a word: "mainmenu", "topnav", "postcomments".
    let first = token.as_bytes().first();
    NAME_MODIFIERS.iter().any(|m| {
        m.as_bytes().first() == first
            && token
                .strip_prefix(m)
                .is_some_and(|r| !r.is_empty() && in_list(r, list))
    })
}

/// `s` is a word of `list` or its plural.
fn in_list(s: &str, list: &[&str]) -> bool {
    let first = s.as_bytes().first();
    list.iter().any(|w| {
        w.as_bytes().first() == first
            && (w.len()..=w.len() + 2).contains(&s.len())
            && s.strip_prefix(w)
                .is_some_and(|r| r.is_empty() || r == "s" || r == "es")
    })
}

#[cfg(test)]
fn tokens_hit(tokens: &NameTokens, list: &[&str], parts: &[&str]) -> bool {
    tokens.iter().any(|t| hint_match(t, list, parts))
}

/// Hints from class and id: (negative, positive, caption).
#[cfg(test)]
fn hints(el: &scraper::node::Element) -> (bool, bool, bool) {
    let h = NameHints::of(el);
    (h.negative, h.positive, h.caption)
}

/// What an element's class and id say: their [`AttrHints`] joined.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct NameHints {
    negative: bool,
    positive: bool,
    caption: bool,
    strong_negative: bool,
    always_chrome: bool,
    titleish: bool,
}

impl NameHints {
    fn of(el: &scraper::node::Element) -> Self {
        let class = attr_of(el, &local_name!("class")).map(|v| attr_hints(v, false));
        let id = attr_of(el, &local_name!("id")).map(|v| attr_hints(v, true));
        let (c, i) = (class.unwrap_or_default(), id.unwrap_or_default());
        let any = c.any | i.any;
        let negative = any & hint_bits::NEGATIVE != 0;
        NameHints {
            negative,
            positive: c.positive || i.positive,
            caption: any & hint_bits::CAPTION != 0,
            strong_negative: negative && any & hint_bits::STRONG_NEGATIVE != 0,
            always_chrome: negative && any & hint_bits::ALWAYS_CHROME != 0,
            titleish: class.is_some() && any & hint_bits::TITLEISH != 0,
        }
    }

    /// [`NameHints::of`] straight from [`hint_match`], list by list: the
    /// reference the per-token table is tested against.
    #[cfg(test)]
    fn of_direct(el: &scraper::node::Element) -> Self {
        let t = name_tokens(el);
        let negative = tokens_hit(&t, NEGATIVE, WIDGET_PARTS);
        let positive = {
            let names = el
                .attr("class")
                .into_iter()
                .flat_map(str::split_whitespace)
                .chain(attr_of(el, &local_name!("id")));
            let mut found = false;
            for name in names {
                let mut t = NameTokens::default();
                t.push_name(name);
                if tokens_hit(&t, POSITIVE, CONTAINER_PARTS)
                    && !t.iter().any(|w| {
                        !w.ends_with("header")
                            && !w.ends_with("headers")
                            && hint_match(w, NEGATIVE, WIDGET_PARTS)
                    })
                {
                    found = true;
                    break;
                }
            }
            found
        };
        NameHints {
            negative,
            positive,
            caption: tokens_hit(&t, CAPTION, WIDGET_PARTS),
            strong_negative: negative && tokens_hit(&t, STRONG_NEGATIVE, WIDGET_PARTS),
            always_chrome: negative && tokens_hit(&t, ALWAYS_CHROME, WIDGET_PARTS),
            titleish: attr_of(el, &local_name!("class")).is_some()
                && tokens_hit(&t, TITLEISH, WIDGET_PARTS),
        }
    }
}

/// Which hint lists a class/id token matches, one bit per list.
mod hint_bits {
    pub const NEGATIVE: u8 = 1;
    pub const CAPTION: u8 = 2;
    pub const STRONG_NEGATIVE: u8 = 4;
    pub const ALWAYS_CHROME: u8 = 8;
    pub const TITLEISH: u8 = 16;
    pub const POSITIVE: u8 = 32;
    /// An article word joined with a container part ("articlebody"), not
    /// the bare word ([`super::body_container`]).
    pub const ARTICLE_CONTAINER: u8 = 64;
}

/// [`hint_match`] of one token against every hint list, as [`hint_bits`].
/// Pages and the pages of a site repeat the same few hundred tokens on
/// thousands of elements, so the answers are kept per thread (a pure
/// function of the token: the cache changes no result, and is emptied when
/// it grows large).
fn token_hints(token: &str) -> u8 {
    use std::cell::RefCell;
    use std::collections::HashMap;
    // A fast string hash: the cache is looked up for every class token.
    use xxhash_rust::xxh3::Xxh3Builder;
    thread_local! {
        static SEEN: RefCell<HashMap<Box<str>, u8, Xxh3Builder>> = RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(&b) = seen.borrow().get(token) {
            return b;
        }
        let lists: [(&[&str], &[&str], u8); 6] = [
            (NEGATIVE, WIDGET_PARTS, hint_bits::NEGATIVE),
            (CAPTION, WIDGET_PARTS, hint_bits::CAPTION),
            (STRONG_NEGATIVE, WIDGET_PARTS, hint_bits::STRONG_NEGATIVE),
            (ALWAYS_CHROME, WIDGET_PARTS, hint_bits::ALWAYS_CHROME),
            (TITLEISH, WIDGET_PARTS, hint_bits::TITLEISH),
            (POSITIVE, CONTAINER_PARTS, hint_bits::POSITIVE),
        ];
        let mut b = lists
            .iter()
            .filter(|(list, parts, _)| hint_match(token, list, parts))
            .fold(0u8, |a, (_, _, bit)| a | bit);
        if !in_list(token, ARTICLE_WORDS) && hint_match(token, ARTICLE_WORDS, CONTAINER_PARTS) {
            b |= hint_bits::ARTICLE_CONTAINER;
        }
        let mut seen = seen.borrow_mut();
        if seen.len() >= 1 << 16 {
            seen.clear();
        }
        seen.insert(token.into(), b);
        b
    })
}

/// What one class or id attribute value says.
#[derive(Clone, Copy, Default)]
struct AttrHints {
    /// [`hint_bits`] of any of its tokens.
    any: u8,
    /// One of its names (the whole value for an id) names the article
    /// container ([`name_positive`]).
    positive: bool,
}

/// [`AttrHints`] of a class (`is_id` false) or id value. Pages and the
/// pages of a site repeat the same values on thousands of elements, so the
/// answers are kept per thread (a pure function of the value: the cache
/// changes no result, and is emptied when it grows large).
fn attr_hints(value: &str, is_id: bool) -> AttrHints {
    use std::cell::RefCell;
    use std::collections::HashMap;
    // A fast string hash: the cache is looked up for every class and id.
    use xxhash_rust::xxh3::Xxh3Builder;
    thread_local! {
        static SEEN: RefCell<[HashMap<Box<str>, AttrHints, Xxh3Builder>; 2]> = RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(&h) = seen.borrow()[usize::from(is_id)].get(value) {
            return h;
        }
        let mut t = NameTokens::default();
        t.push_name(value);
        let h = AttrHints {
            any: t.iter().fold(0u8, |a, w| a | token_hints(w)),
            positive: if is_id {
                name_positive(value)
            } else {
                value.split_whitespace().any(name_positive)
            },
        };
        let map = &mut seen.borrow_mut()[usize::from(is_id)];
        if map.len() >= 1 << 16 {
            map.clear();
        }
        map.insert(value.into(), h);
        h
    })
}

/// A class name or an id names the article container. A container word
/// inside a widget's own name is the widget's part: "comments-body",
/// "sidebar-content", "related-posts" name no article, while
/// "post comments-open" still does (by its other name).
fn name_positive(name: &str) -> bool {
    let mut t = NameTokens::default();
    t.push_name(name);
    if !t.iter().any(|w| token_hints(w) & hint_bits::POSITIVE != 0) {
        return false;
    }
    // An article's header ("article-header") is the article's part.
    let widget = t.iter().any(|w| {
        !w.ends_with("header")
            && !w.ends_with("headers")
            && token_hints(w) & hint_bits::NEGATIVE != 0
    });
    !widget
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    attr_of(el, &local_name!("hidden")).is_some()
        || attr_of(el, &local_name!("aria-hidden")) == Some("true")
        || attr_of(el, &local_name!("style")).is_some_and(display_none)
}

/// The style, without its whitespace and in ASCII lowercase, contains
/// "display:none"; read in one pass without building that string. The
/// pattern has no prefix that is also its suffix, so on a mismatch the
/// match can only restart at the current character.
fn display_none(style: &str) -> bool {
    const PAT: &[u8] = b"display:none";
    let mut k = 0usize;
    for c in style.chars().filter(|c| !c.is_whitespace()) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii() && c as u8 == PAT[k] {
            k += 1;
            if k == PAT.len() {
                return true;
            }
        } else {
            k = usize::from(c == 'd');
        }
    }
    false
}

/// One block of text and what its ancestors say about it.
#[derive(Debug, Clone, Default)]
struct Block {
    text: String,
    link_chars: usize,
    heading: bool,
    list_item: bool,
    /// Inside `<article>`, `itemprop=articleBody` or a positive class name.
    in_article: bool,
    /// Inside `<article>` or `itemprop=articleBody` (markup, not a class name).
    strong_article: bool,
    /// Inside an element with a chrome class name that was not dropped
    /// (because it also had a positive hint).
    in_negative: bool,
    caption: bool,
    /// Ids of the block elements around this block, outermost first.
    path: Vec<usize>,
    /// The block is the whole text of its innermost block element (so a
    /// header in it names that element's parent as its section).
    whole: bool,
    /// `fold(text)` and its statistics, computed once after the walk.
    folded: String,
    st: TextStats,
}

#[derive(Default, Clone, Copy)]
struct Frame {
    /// Unique per element, for block paths.
    id: usize,
    /// A block was already cut from this element's text.
    emitted: bool,
    block: bool,
    link: bool,
    heading: bool,
    list_item: bool,
    article: bool,
    strong_article: bool,
    negative: bool,
    caption: bool,
}

struct Walker {
    next_id: usize,
    /// The page has exactly one `<article>`: it is the story. Several are
    /// teaser cards of a list, and say nothing about the body.
    single_article: bool,
    /// Walk into comment sections instead of dropping them (see [`extract`]).
    keep_discussion: bool,
    /// A comment section was dropped whole.
    discussion_dropped: bool,
    /// Visible text of the whole page outside links, for [`is_layout_wrapper`].
    page_chars: usize,
    blocks: Vec<Block>,
    /// Whole-element drops, each with the number of blocks made before it
    /// (its place in document order).
    removed: Vec<(usize, Removed)>,
    cur: String,
    cur_link: usize,
    br_pending: bool,
    stack: Vec<Frame>,
}

impl Walker {
    fn name_hints(&mut self, el: &scraper::node::Element) -> NameHints {
        NameHints::of(el)
    }

    fn ctx(&self, f: impl Fn(&Frame) -> bool) -> bool {
        self.stack.iter().any(f)
    }

    fn flush(&mut self) {
        self.flush_at(false);
    }

    /// Cut the text gathered so far into a block; `closing` when the
    /// innermost block element ends right after it.
    fn flush_at(&mut self, closing: bool) {
        let text = collapse(&self.cur);
        self.cur.clear();
        let link = std::mem::take(&mut self.cur_link);
        self.br_pending = false;
        if text.is_empty() {
            return;
        }
        let inner = self.stack.iter().rposition(|f| f.block);
        let whole = closing && inner.is_some_and(|i| !self.stack[i].emitted);
        if let Some(i) = inner {
            self.stack[i].emitted = true;
        }
        self.blocks.push(Block {
            link_chars: link.min(text.chars().count()),
            heading: self.ctx(|f| f.heading),
            list_item: self.ctx(|f| f.list_item),
            in_article: self.ctx(|f| f.article),
            strong_article: self.ctx(|f| f.strong_article),
            in_negative: self.ctx(|f| f.negative),
            caption: self.ctx(|f| f.caption),
            path: self
                .stack
                .iter()
                .filter(|f| f.block)
                .map(|f| f.id)
                .collect(),
            whole,
            text,
            ..Default::default()
        });
    }
}

/// The text nodes under `er` in document order, without the code inside
/// `<script>` and `<style>` elements (the root included): code is not page
/// text, and the pre-parse pass ([`super::prescan`]) empties those elements
/// before parsing, so every count of an element's text must leave them out
/// to come out the same with and without it.
pub(super) fn shown_text<'a>(er: ElementRef<'a>) -> impl Iterator<Item = &'a str> + 'a {
    // Explicit stack, children pushed in reverse: document order without
    // recursion.
    let mut stack = vec![*er];
    std::iter::from_fn(move || {
        while let Some(n) = stack.pop() {
            match n.value() {
                Node::Text(t) => return Some(&**t),
                Node::Element(e)
                    if e.name.local == local_name!("script")
                        || e.name.local == local_name!("style") => {}
                _ => stack.extend(n.children().rev()),
            }
        }
        None
    })
}

/// Characters of `t` once whitespace runs are one space (what a link adds
/// to its block's collapsed text), without building the string.
fn collapsed_len(t: &str) -> usize {
    let mut n = 0usize;
    for w in t.split_whitespace() {
        n += w.chars().count() + 1;
    }
    n.saturating_sub(1)
}

/// The text of an element dropped whole, for its removal record: its text
/// nodes in order, without the code of scripts and styles inside it (an ad
/// slot's `var _adz = window._adz …` is not text the page showed).
fn removed_text(er: ElementRef) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut stack = vec![*er];
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Element(e)
                if n.id() != er.id()
                    && matches!(e.name(), "script" | "style" | "template" | "noscript") => {}
            Node::Text(t) => parts.push(t),
            _ => stack.extend(n.children().rev()),
        }
    }
    collapse(&parts.join(" "))
}

/// Whitespace runs (NBSP included) become one space; tokens made only of
/// invisible characters go. Other characters are kept as they are: the
/// normalize stage owns NFC, invisibles inside words and the like.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(char::is_whitespace) {
        if w.chars().all(signals::is_invisible) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Bytes of text under an element that could be article text (inside
/// elements that are always dropped, like scripts, selects, navs, footers
/// and hidden elements, it cannot) and how many of them sit inside links.
fn visible_text(er: ElementRef) -> (usize, usize) {
    let (mut chars, mut links) = (0usize, 0usize);
    // Explicit stack (deep pages must not overflow): node, inside a link.
    let root = er.id();
    let mut stack = vec![(*er, false)];
    while let Some((n, in_link)) = stack.pop() {
        match n.value() {
            Node::Element(e) => {
                if n.id() != root && (is_drop_tag(&e.name.local) || is_hidden(e)) {
                    continue;
                }
                let in_link = in_link || e.name.local == local_name!("a");
                stack.extend(n.children().map(|c| (c, in_link)));
            }
            Node::Text(t) => {
                let k = t.trim().len();
                chars += k;
                if in_link {
                    links += k;
                }
            }
            Node::Document | Node::Fragment => stack.extend(n.children().map(|c| (c, in_link))),
            _ => {}
        }
    }
    (chars, links)
}

/// An element holding most of the page's text outside links is the page's
/// layout, not a widget: class names like "navigation-container",
/// "wrapper header-style-3" or "modal-open" on a wrapper say nothing about
/// the story inside it. Widgets are small parts of the page, and a menu's
/// text is its links. `page_text` is the page's visible text outside links.
fn is_layout_wrapper(er: ElementRef, page_text: usize) -> bool {
    let (chars, links) = visible_text(er);
    page_text > 0 && (chars - links) * 2 >= page_text
}

/// The rule for an element dropped whole, or None to keep walking into it.
/// `page_chars` is the page's visible text outside links.
/// `h` is what the element's class and id say.
fn drop_rule(
    er: ElementRef,
    h: &NameHints,
    page_chars: usize,
    single_article: bool,
    keep_discussion: bool,
) -> Option<String> {
    let el = er.value();
    let name = el.name();
    if matches!(name, "html" | "body") {
        return None;
    }
    if matches!(name, "header" | "aside") && is_layout_wrapper(er, page_chars) {
        return None;
    }
    if name == "header" && (in_article_markup(er, single_article) || headline_and_lead(er)) {
        // An article's own <header> holds its headline, byline and lead
        // paragraph; the page's masthead sits outside the article. The
        // headline and byline still go, block by block.
        return None;
    }
    if name == "header" && story_inside(er) {
        // HTML5 pages put a <header> in each section of the story: one
        // holding paragraphs of prose is walked into (its title and
        // navigation still go, block by block).
        return None;
    }
    if DROP_TAGS.contains(&name) {
        return Some(format!("html:{name}"));
    }
    if name == "form" {
        // ASP.NET pages wrap the whole page in one form; only small forms
        // (search boxes, comment boxes) are chrome.
        let chars: usize = shown_text(er).map(str::len).sum();
        return (chars < 400).then(|| "html:form".to_string());
    }
    if is_hidden(el) {
        return Some("html:hidden".to_string());
    }
    if INLINE_TAGS.contains(&name) || name == "p" {
        // A class on a link or a span inside a sentence ("popup" notes,
        // "tooltip" terms) names a behaviour, not a widget: dropping it
        // would cut words out of the paragraph. Chrome made of inline
        // elements is link-dense and goes block by block. A paragraph is
        // one block already, and generated style names ("tagStyle_z4kq")
        // say nothing about it: its own text is judged instead.
        return None;
    }
    let (neg, pos) = (h.negative, h.positive);
    let article = name == "article"
        || name == "main"
        || attr_of(el, &local_name!("itemprop")) == Some("articleBody");
    if neg && !pos && !article {
        // Widget-ish names are everywhere in CMS markup ("elementor-widget",
        // "post-meta-wrapper"): only the unambiguous ones drop an element
        // that holds a lot of plain prose. Even those are layout words on
        // some pages ("panel-two-col-sidebar-right", "header-full-bleed"
        // around the whole story): an element holding several paragraphs
        // of prose is walked into, and its chrome is dropped piece by
        // piece. Comment sections are prose by nature and always go
        // (unless the page has nothing else, see [`extract`]).
        if h.always_chrome && keep_discussion {
            return None;
        }
        if h.always_chrome && h.strong_negative {
            return Some("html:chrome-class".to_string());
        }
        // One walk over the element for all the checks below.
        let f = SubtreeFacts::of(er);
        if !h.strong_negative && f.prose_heavy() {
            return None;
        }
        if !h.always_chrome && (f.story_inside() || f.layout_wrapper(page_chars)) {
            return None;
        }
        if !h.strong_negative && f.body_container {
            // A "print-ready" or "tools" wrapper around the article's own
            // body container: the story is inside, the chrome around it
            // goes block by block.
            return None;
        }
        return Some("html:chrome-class".to_string());
    }
    None
}

/// Inside an `itemprop=articleBody` element or the page's only `<article>`
/// (several are the cards of a list). Not `<main>`: it holds the whole
/// content column, section headers and all.
fn in_article_markup(er: ElementRef, single_article: bool) -> bool {
    er.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let e = a.value();
        (e.name() == "article" && single_article)
            || attr_of(e, &local_name!("itemprop")) == Some("articleBody")
    })
}

/// A `<header>` with the page's `<h1>` and a paragraph of prose under it
/// is the story's header (headline and lead), not the site's masthead.
fn headline_and_lead(er: ElementRef) -> bool {
    let mut h1 = false;
    let mut lead = false;
    for e in er.descendants().filter_map(ElementRef::wrap) {
        match e.value().name() {
            "h1" | "h2" => h1 = true,
            "p" if !lead => {
                let t: String = shown_text(e).collect();
                lead = TextStats::of(&t).is_sentence() && t.trim().len() >= 100;
            }
            _ => {}
        }
        if h1 && lead {
            return true;
        }
    }
    false
}

/// Elements that sit inside a line of text.
const INLINE_TAGS: &[&str] = &[
    "a", "span", "b", "i", "em", "strong", "font", "sup", "sub", "small", "abbr", "cite", "code",
    "u", "mark", "q", "time", "var", "kbd", "s", "big", "tt",
];

/// Class/id words that always name chrome, however much text is inside.
const STRONG_NEGATIVE: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "comment",
    "share",
    "social",
    "breadcrumb",
    "cookie",
    "related",
    "banner",
    "ads",
    "advert",
    "adzone",
    "hashtag",
    "tags",
    "sidebar",
];

/// Class/id words of widgets that are chrome even when full of prose.
const ALWAYS_CHROME: &[&str] = &["comment", "cookie", "disqus", "reply", "respond"];

/// An element with the page's story in it: several long paragraphs of
/// sentences, few of them links.
fn story_inside(er: ElementRef) -> bool {
    let mut long_paras = 0usize;
    for p in er
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "p")
    {
        let chars: usize = shown_text(p).map(|t| t.trim().len()).sum();
        if chars >= 150 {
            long_paras += 1;
            if long_paras >= 3 {
                break;
            }
        }
    }
    long_paras >= 3 && prose_heavy(er)
}

/// What [`prose_heavy`], [`story_inside`], [`is_layout_wrapper`] and
/// [`body_container`] (on any element inside) need to know of an element, from one walk over it
/// (a chrome-named element would otherwise be walked four times, and
/// nested ones again and again).
#[derive(Debug, Default, PartialEq)]
struct SubtreeFacts {
    /// Bytes of trimmed text, as [`prose_heavy`] counts them.
    text: usize,
    /// Of those, inside links (once per enclosing link).
    link_text: usize,
    /// Paragraphs of 150 bytes or more.
    long_paras: usize,
    /// [`visible_text`]: visible bytes and those inside links.
    visible: usize,
    visible_links: usize,
    /// The article's body container is inside.
    body_container: bool,
}

impl SubtreeFacts {
    fn of(er: ElementRef) -> Self {
        let mut f = SubtreeFacts::default();
        let root = er.id();
        // Open <p> sums, links and hidden/dropped elements above the node.
        let mut paras: Vec<usize> = Vec::new();
        let (mut links, mut hidden) = (0usize, 0usize);
        // (node, exiting, whether it hid its subtree when entered)
        let mut stack = vec![(*er, false, false)];
        while let Some((n, exiting, drops)) = stack.pop() {
            match n.value() {
                Node::Element(e) => {
                    let is_p = e.name.local == local_name!("p");
                    let is_a = e.name.local == local_name!("a");
                    if exiting {
                        if is_p && paras.pop().is_some_and(|c| c >= 150) {
                            f.long_paras += 1;
                        }
                        links -= usize::from(is_a);
                        hidden -= usize::from(drops);
                        continue;
                    }
                    // Code is not text (see [`shown_text`]).
                    if e.name.local == local_name!("script") || e.name.local == local_name!("style")
                    {
                        continue;
                    }
                    if !f.body_container && body_container(e) {
                        f.body_container = true;
                    }
                    if is_p {
                        paras.push(0);
                    }
                    // Inside a hidden element, whether this one hides too
                    // changes nothing.
                    let drops = hidden == 0
                        && n.id() != root
                        && (is_drop_tag(&e.name.local) || is_hidden(e));
                    links += usize::from(is_a);
                    hidden += usize::from(drops);
                    stack.push((n, true, drops));
                    stack.extend(n.children().rev().map(|c| (c, false, false)));
                }
                Node::Text(t) => {
                    let k = t.trim().len();
                    f.text += k;
                    f.link_text += k * links;
                    for p in &mut paras {
                        *p += k;
                    }
                    if hidden == 0 {
                        f.visible += k;
                        if links > 0 {
                            f.visible_links += k;
                        }
                    }
                }
                _ => {}
            }
        }
        f
    }

    fn prose_heavy(&self) -> bool {
        self.text >= 1500 && (self.link_text as f64) < 0.25 * self.text as f64
    }

    fn story_inside(&self) -> bool {
        self.long_paras >= 3 && self.prose_heavy()
    }

    fn layout_wrapper(&self, page_text: usize) -> bool {
        page_text > 0 && (self.visible - self.visible_links) * 2 >= page_text
    }
}

/// The article's body container: `itemprop=articleBody` or a class/id that
/// joins an article word with a container part ("articleBody",
/// "story-text", "post-content"); a bare "post" or "article" is the class
/// of every teaser card.
fn body_container(el: &scraper::node::Element) -> bool {
    match body_container_by_markup(el) {
        Some(answer) => answer,
        None => {
            let any = attr_of(el, &local_name!("class")).map_or(0, |v| attr_hints(v, false).any)
                | attr_of(el, &local_name!("id")).map_or(0, |v| attr_hints(v, true).any);
            any & hint_bits::ARTICLE_CONTAINER != 0 && any & hint_bits::NEGATIVE == 0
        }
    }
}

/// What [`body_container`] knows before looking at class and id tokens:
/// yes for `itemprop=articleBody`, no when neither name holds an article
/// word (most elements), `None` when the tokens decide.
fn body_container_by_markup(el: &scraper::node::Element) -> Option<bool> {
    if attr_of(el, &local_name!("itemprop")) == Some("articleBody") {
        return Some(true);
    }
    let named = has_article_word(attr_of(el, &local_name!("class")))
        || has_article_word(attr_of(el, &local_name!("id")));
    (!named).then_some(false)
}

/// Words that, joined with a container part, name the article's body.
const ARTICLE_WORDS: &[&str] = &["article", "story", "post", "entry"];

/// Most names hold none of the [`ARTICLE_WORDS`] at all: a cheap look
/// before the tokens.
fn has_article_word(a: Option<&str>) -> bool {
    a.is_some_and(|a| {
        let b = a.as_bytes();
        ARTICLE_WORDS.iter().any(|w| {
            b.windows(w.len())
                .any(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        })
    })
}

/// [`body_container`] straight from the lists: the reference for tests.
#[cfg(test)]
fn body_container_direct(el: &scraper::node::Element) -> bool {
    if let Some(answer) = body_container_by_markup(el) {
        return answer;
    }
    let t = name_tokens(el);
    let hit = t
        .iter()
        .any(|w| !in_list(w, ARTICLE_WORDS) && hint_match(w, ARTICLE_WORDS, CONTAINER_PARTS));
    hit && !tokens_hit(&t, NEGATIVE, WIDGET_PARTS)
}

/// Much text, few links: an article body, whatever its class says.
fn prose_heavy(er: ElementRef) -> bool {
    let chars: usize = shown_text(er).map(|t| t.trim().len()).sum();
    if chars < 1500 {
        return false;
    }
    let link_chars: usize = er
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "a")
        .map(|e| shown_text(e).map(|t| t.trim().len()).sum::<usize>())
        .sum();
    (link_chars as f64) < 0.25 * chars as f64
}

impl Walker {
    /// Enter a node; returns whether to walk into its children (a frame is
    /// then pushed, and popped by [`Walker::close`]).
    fn open(&mut self, node: &Node, er: Option<ElementRef>) -> bool {
        match node {
            Node::Text(t) => {
                if let Some(first) = t.chars().find(|c| !c.is_whitespace()) {
                    // After a <br> inside a long line, text that does not
                    // go on in lowercase starts a new paragraph (a date, a
                    // new sentence); lowercase is the same sentence wrapped.
                    if self.br_pending && !first.is_lowercase() {
                        self.flush();
                    }
                    self.br_pending = false;
                }
                self.cur.push_str(t);
                if self.ctx(|f| f.link) {
                    self.cur_link += collapsed_len(t);
                }
                false
            }
            Node::Element(el) => {
                let Some(er) = er else { return false };
                let h = self.name_hints(el);
                if let Some(rule) = drop_rule(
                    er,
                    &h,
                    self.page_chars,
                    self.single_article,
                    self.keep_discussion,
                ) {
                    self.flush();
                    if h.always_chrome && rule == "html:chrome-class" {
                        self.discussion_dropped = true;
                    }
                    // Code is not page text: scripts and styles are dropped
                    // without a removal record (it would only be noise).
                    let invisible = matches!(el.name(), "script" | "style" | "template");
                    let text = if invisible {
                        String::new()
                    } else {
                        removed_text(er)
                    };
                    if !text.is_empty() {
                        self.removed
                            .push((self.blocks.len(), Removed { text, rule }));
                    }
                    return false;
                }
                let name = el.name();
                if name == "br" {
                    // Two <br> in a row end a paragraph; so does one after a
                    // sentence or after a short line (a headline, a date). Only
                    // a long line cut mid-sentence is joined to the next.
                    let st = TextStats::of(&self.cur);
                    if self.br_pending || st.sentence_end || st.words < 12 {
                        self.flush();
                    } else {
                        self.cur.push(' ');
                        self.br_pending = true;
                    }
                    return false;
                }
                let (neg, pos, cap) = (h.negative, h.positive, h.caption);
                // A caption is short: a container named after its figure
                // captions ("caption-container") may hold the whole story.
                let cap = cap && shown_text(er).map(str::len).sum::<usize>() < 600;
                let titleish = h.titleish;
                let block = BLOCK_TAGS.contains(&name) || titleish;
                if block {
                    self.flush();
                }
                self.next_id += 1;
                self.stack.push(Frame {
                    id: self.next_id,
                    emitted: false,
                    block,
                    // A heading's anchor to itself ("#section") is not a
                    // way off the page.
                    link: name == "a"
                        && !(attr_of(el, &local_name!("href")).is_some_and(|h| h.starts_with('#'))
                            && self.ctx(|f| f.heading)),
                    heading: matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
                    list_item: name == "li",
                    article: (name == "article" && self.single_article)
                        || attr_of(el, &local_name!("itemprop")) == Some("articleBody")
                        || pos,
                    strong_article: (name == "article" && self.single_article)
                        || attr_of(el, &local_name!("itemprop")) == Some("articleBody"),
                    negative: neg,
                    caption: cap,
                });
                true
            }
            Node::Document | Node::Fragment => {
                self.stack.push(Frame::default());
                true
            }
            _ => false,
        }
    }

    fn close(&mut self) {
        if self.stack.last().is_some_and(|f| f.block) {
            self.flush_at(true);
        }
        self.stack.pop();
    }
}

/// Walk the tree in document order without recursion (deep nesting must
/// not overflow the stack), making blocks and dropping chrome elements.
fn walk(doc: &Html, keep_discussion: bool) -> (Vec<Block>, Vec<(usize, Removed)>, bool) {
    let articles = doc
        .tree
        .nodes()
        .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "article"))
        .take(2)
        .count();
    let mut w = Walker {
        single_article: articles == 1,
        keep_discussion,
        discussion_dropped: false,
        page_chars: {
            let (chars, links) = visible_text(doc.root_element());
            chars - links
        },
        blocks: Vec::new(),
        removed: Vec::new(),
        cur: String::new(),
        cur_link: 0,
        br_pending: false,
        stack: Vec::new(),
        next_id: 1,
    };
    let root = doc.tree.root();
    let root_id = root.id();
    let mut node = root;
    'outer: loop {
        if w.open(node.value(), ElementRef::wrap(node)) {
            if let Some(c) = node.first_child() {
                node = c;
                continue;
            }
            w.close();
        }
        loop {
            if node.id() == root_id {
                break 'outer;
            }
            if let Some(s) = node.next_sibling() {
                node = s;
                continue 'outer;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    w.close();
                }
                None => break 'outer,
            }
        }
    }
    w.flush();
    (w.blocks, w.removed, w.discussion_dropped)
}

/// What a block is, for weighting and for the in-body filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prose,
    /// Prose right after a headline link: the sapo of a teaser in a
    /// related/latest list.
    Teaser,
    Short,
    Heading,
    /// A chrome section header ("Tin liên quan", "Đọc thêm:").
    Header,
    LinkDense,
    Caption,
    Date,
    Source,
    Chrome,
}

fn classify(b: &Block, cfg: &BoilerplateConfig) -> Kind {
    let folded = &b.folded;
    let st = &b.st;
    let chars = st.chars.max(1);
    let link_density = b.link_chars as f64 / chars as f64;
    let starts_read_more = {
        let f = folded.trim_start_matches(['(', '[', '*', '-', ' ', '>', '»']);
        [
            "doc them",
            "xem them",
            "tin lien quan",
            "bai lien quan",
            "read more",
            "see also",
            "related",
        ]
        .iter()
        .any(|p| f.starts_with(p))
    };
    if b.caption {
        return Kind::Caption;
    }
    if starts_read_more && (link_density > 0.2 || st.words <= 6) {
        return Kind::Header;
    }
    if st.words <= 8
        && (signals::all_chrome_words(folded)
            || (folded.ends_with(':') && signals::has_chrome_phrase(folded)))
    {
        return Kind::Header;
    }
    if link_density > cfg.max_link_density {
        return Kind::LinkDense;
    }
    if signals::is_url(&b.text) {
        return Kind::Chrome;
    }
    if st.words <= 12 && signals::date_line(&b.text).is_some() {
        return Kind::Date;
    }
    let f = folded.trim_start_matches(['(', '[', '-', ' ']);
    if ["theo ", "nguon:", "nguon ", "source:", "according to "]
        .iter()
        .any(|p| f.starts_with(p))
        && st.words <= 8
    {
        return Kind::Source;
    }
    if signals::is_caption(&b.text) || credit_line(folded, st) {
        return Kind::Caption;
    }
    if b.heading && !(st.is_sentence() && st.words >= 15 && st.sentence_end) {
        // A "heading" of whole sentences is a lead set in a heading
        // element (a sapo in an <h2>): prose.
        return Kind::Heading;
    }
    if st.is_sentence() {
        return Kind::Prose;
    }
    if st.words <= 6 && signals::has_chrome_phrase(folded) {
        return Kind::Chrome;
    }
    Kind::Short
}

/// A copyright notice ("© 2008 Site. All rights reserved."): the page's
/// footer, in any layout. Short, and with the mark or a year: prose about
/// copyright is not a notice.
fn copyright_line(folded: &str, st: &TextStats) -> bool {
    if st.words > 25 {
        return false;
    }
    let head = folded.trim_start_matches(['(', '[', ' ', '-']);
    let marked = folded.contains('©') || folded.contains("copyright");
    let year = folded
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    // Not a bare "©" first: that is how picture credits start.
    head.starts_with("copyright")
        || (folded.contains("all rights reserved") && (marked || year))
        || folded.contains("© copyright")
        || folded.contains("content ©")
}

/// Picture credits in the languages [`signals::is_caption`] does not
/// cover ("Foto: Getty", "Bild: dpa", "(Crédit photo : AFP)"): a short line
/// that is one, or a caption whose tail is one.
fn credit_line(folded: &str, st: &TextStats) -> bool {
    const MARKS: &[&str] = &[
        "foto:",
        "foto :",
        "fotos:",
        "bild:",
        "bild :",
        "abbildung:",
        "credit:",
        "credits:",
        "credit photo",
        "photo credit",
        "fot.",
        "imagen:",
    ];
    if st.words > 30 {
        return false;
    }
    let head = folded.trim_start_matches(['(', '[', ' ', '©']);
    if st.words <= 10 && MARKS.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    let tail_start = folded.rfind(['(', '.', '|']).map_or(0, |i| i + 1);
    let tail = folded[tail_start..].trim_start_matches([' ', '©']);
    MARKS.iter().any(|m| tail.starts_with(m)) && tail.split_whitespace().count() <= 8
}

/// Teaser lists pair a headline link with a short sapo (and often a date),
/// again and again: prose right after a link-dense block (dates and
/// captions skipped), with another such pair next to it, is a teaser.
/// Inside an explicit article container the markup is trusted instead,
/// since "related" boxes sit between its paragraphs.
fn mark_teasers(blocks: &[Block], kinds: &mut [Kind]) {
    let idx: Vec<usize> = (0..kinds.len())
        .filter(|&i| !matches!(kinds[i], Kind::Date | Kind::Caption))
        .collect();
    let mut teasers = Vec::new();
    for (n, &i) in idx.iter().enumerate() {
        if kinds[i] != Kind::Prose
            || blocks[i].strong_article
            || n == 0
            || blocks[i].st.chars >= 400
        {
            continue;
        }
        if kinds[idx[n - 1]] == Kind::LinkDense {
            teasers.push(n);
        }
    }
    // A list has several teasers: keep candidates with another one two
    // blocks away (link, sapo, link, sapo), or three with two links between
    // them, one of them a name (headline, sapo, author, headline, sapo).
    let pair = |n: usize, m: usize| {
        teasers.contains(&n)
            && teasers.contains(&m)
            && (m == n + 2
                || (m == n + 3
                    && (n + 1..m).all(|k| kinds[idx[k]] == Kind::LinkDense)
                    && (n + 1..m).any(|k| blocks[idx[k]].st.words <= 3)))
    };
    let found: Vec<usize> = teasers
        .iter()
        .copied()
        .filter(|&n| {
            pair(n, n + 2)
                || pair(n, n + 3)
                || (n >= 2 && pair(n - 2, n))
                || (n >= 3 && pair(n - 3, n))
        })
        .collect();
    for n in found {
        kinds[idx[n]] = Kind::Teaser;
    }
}

/// Cards that carry their headline in a `<header>` of their own (dropped
/// whole, as every `<header>` outside an article is) leave their sapos as
/// blocks in a row, each right after a dropped header: three or more such
/// short paragraphs in a row, outside a marked article, are a teaser list.
fn mark_card_sapos(blocks: &[Block], kinds: &mut [Kind], after_header: &[bool]) {
    let cards: Vec<bool> = (0..kinds.len())
        .map(|i| {
            after_header[i]
                && kinds[i] == Kind::Prose
                && !blocks[i].strong_article
                && blocks[i].st.chars < 400
        })
        .collect();
    let card = |i: usize| cards[i];
    let mut i = 0;
    while i < kinds.len() {
        if !card(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < kinds.len() && card(j) {
            j += 1;
        }
        if j - i >= 3 {
            for k in &mut kinds[i..j] {
                *k = Kind::Teaser;
            }
        }
        i = j;
    }
}

/// A related box in the middle of an article can outweigh the paragraphs
/// on one side of it, and the best span then covers only the other side.
/// The article's paragraphs share a container, though: find the element
/// holding most of the span's prose, and widen the span back over that
/// element's earlier blocks, up to its first paragraph; the boxes in between
/// are then filtered block by block. Only backwards: what follows an article
/// inside its container is mostly teasers and comments. Not done when the
/// element has more prose outside the span than inside (it is the page).
fn widen_to_container(
    blocks: &[Block],
    kinds: &[Kind],
    after_drop: &[bool],
    (start, end): (usize, usize),
) -> (usize, usize) {
    let chars = |i: usize| blocks[i].text.chars().count();
    let is_paragraph = |i: usize| kinds[i] == Kind::Prose && chars(i) >= 60 && !blocks[i].list_item;
    let prose: Vec<usize> = (start..end).filter(|&i| kinds[i] == Kind::Prose).collect();
    let Some(&first) = prose.first() else {
        return (start, end);
    };
    let total: usize = prose.iter().map(|&i| chars(i)).sum();
    let mut container = None;
    for (d, id) in blocks[first].path.iter().enumerate() {
        let inside: usize = prose
            .iter()
            .filter(|&&i| blocks[i].path.get(d) == Some(id))
            .map(|&i| chars(i))
            .sum();
        if inside * 5 >= total * 4 {
            container = Some((d, *id));
        }
    }
    let Some((d, c)) = container else {
        return (start, end);
    };
    let under = |i: usize| blocks[i].path.get(d) == Some(&c);
    let outside_prose: usize = (0..start)
        .chain(end..blocks.len())
        .filter(|&i| under(i) && is_paragraph(i))
        .map(chars)
        .sum();
    if d < 2 || outside_prose > total {
        return (start, end);
    }
    let mut new_start = start;
    let mut j = start;
    while j > 0 && under(j - 1) {
        j -= 1;
        if is_paragraph(j) {
            new_start = j;
        }
    }
    // The span may run on past the container, over a side rail's "about
    // this blog" prose or a popup's messages: those sit in another column
    // of the layout, outside the container's parent. The story's later
    // sections and notes are the container's siblings, and stay.
    // A container of one or two paragraphs says little about the layout.
    let parent = blocks[first].path[d - 1];
    let mut new_end = if prose.iter().filter(|&&i| under(i)).count() >= 3 {
        (start..end)
            .rev()
            .find(|&i| blocks[i].path.get(d - 1) == Some(&parent))
            .map_or(end, |i| i + 1)
    } else {
        end
    };
    // Forwards only over paragraphs of prose that are not sapos (teasers
    // are marked) and lines of text without links (a list the story ends
    // with), and only while the chrome between them is small: a "related"
    // line or an ad between two paragraphs, not a list of links.
    let is_line = |i: usize| {
        kinds[i] == Kind::Short
            && blocks[i].link_chars * 3 <= blocks[i].st.chars
            && blocks[i].st.words >= 2
            && !signals::looks_like_byline(&blocks[i].text)
            && !blocks[i]
                .folded
                .trim_start_matches(['(', '[', '-', ' '])
                .starts_with("theo ")
    };
    // A link that is one word or a URL names no story (the shop link after
    // a list item); headline links are titles.
    let bare_link = |i: usize| blocks[i].st.words <= 1 || signals::is_url(&blocks[i].text);
    // A line right above two headline links heads a list ("You may also
    // like"): the story is over.
    let heads_list = |i: usize| {
        (i + 1..kinds.len())
            .filter(|&k| !matches!(kinds[k], Kind::Date | Kind::Caption))
            .take(3)
            .filter(|&k| kinds[k] == Kind::LinkDense && !bare_link(k))
            .count()
            >= 2
    };
    let mut j = end;
    // Chrome blocks and dropped widgets since the last paragraph or line
    // kept; a lone bare link (a URL after a list item) does not count.
    let mut gap = 0usize;
    while j < blocks.len() && under(j) {
        if after_drop[j] {
            gap += 1;
        }
        if is_paragraph(j) || (gap == 0 && is_line(j) && !heads_list(j)) {
            new_end = j + 1;
            gap = 0;
        } else if kinds[j] == Kind::Teaser || (is_line(j) && heads_list(j)) {
            break;
        } else if matches!(kinds[j], Kind::LinkDense | Kind::Header | Kind::Chrome) {
            // Short lines (a numbered list, a byline) do not end the
            // article; links and chrome headers in a row do.
            if !(kinds[j] == Kind::LinkDense && bare_link(j)) {
                gap += 1;
            }
            if gap > 3 {
                // A "related" box in the middle of the story: the story
                // goes on right after it, two paragraphs in a row in the
                // same container. A list of sapos after the story does not.
                let mut k = j + 1;
                while k < blocks.len()
                    && under(k)
                    && matches!(
                        kinds[k],
                        Kind::LinkDense | Kind::Header | Kind::Chrome | Kind::Date | Kind::Caption
                    )
                {
                    k += 1;
                }
                let resumes = k + 1 < blocks.len()
                    && under(k)
                    && under(k + 1)
                    && is_paragraph(k)
                    && is_paragraph(k + 1);
                if !resumes {
                    break;
                }
                gap = 0;
                j = k;
                continue;
            }
        }
        j += 1;
    }
    (new_start, new_end)
}

/// A span that runs on out of the marked article (`itemprop=articleBody`,
/// the page's only `<article>`) into prose below it (a "more from" list of
/// sapos, a bio rail) ends with the article, when the markup holds most of
/// the span's prose: two signals agree on where the story is.
fn end_with_marked_article(
    blocks: &[Block],
    kinds: &[Kind],
    (start, end): (usize, usize),
) -> (usize, usize) {
    let Some(last) = (start..end).rev().find(|&i| blocks[i].strong_article) else {
        return (start, end);
    };
    let prose = |i: &usize| kinds[*i] == Kind::Prose;
    let chars = |i: usize| blocks[i].st.chars;
    let inside: usize = (start..=last)
        .filter(prose)
        .filter(|&i| blocks[i].strong_article)
        .map(chars)
        .sum();
    let after: Vec<usize> = (last + 1..end).filter(prose).collect();
    let after_chars: usize = after.iter().map(|&i| chars(i)).sum();
    if after.len() >= 2 && inside >= 2 * after_chars {
        (start, last + 1)
    } else {
        (start, end)
    }
}

/// A line with a link between two paragraphs of the body, with words of
/// its own around the link ("Get it on <Amazon> for $67"): part of the
/// story. A list of links is several such lines in a row, and a "read
/// more" headline has no words of its own beyond its header.
fn inline_link_line(
    blocks: &[Block],
    kinds: &[Kind],
    i: usize,
    (start, end): (usize, usize),
) -> bool {
    let b = &blocks[i];
    let chars = b.text.chars().count();
    if chars.saturating_sub(b.link_chars) < 15 || chars > 300 {
        return false;
    }
    let skip = |k: &Kind| matches!(k, Kind::Date | Kind::Caption);
    let prev = (start..i).rev().find(|&j| !skip(&kinds[j]));
    let next = (i + 1..end).find(|&j| !skip(&kinds[j]));
    matches!((prev, next), (Some(p), Some(n)) if kinds[p] == Kind::Prose && kinds[n] == Kind::Prose)
}

/// Text written line by line (a poem, a blog post broken with `<br>`, a
/// schedule, a numbered list) has no sentence ends, yet many such lines in
/// a row under one element, none of them links, are the page's text:
/// menus and link lists are links, bylines and dates come alone.
fn mark_line_runs(blocks: &[Block], kinds: &mut [Kind]) {
    const MIN_RUN: usize = 5;
    let lines: Vec<bool> = (0..kinds.len())
        .map(|i| kinds[i] == Kind::Short && blocks[i].link_chars == 0 && blocks[i].st.words >= 5)
        .collect();
    let line = |i: usize| lines[i];
    let parent = |i: usize| {
        blocks[i]
            .path
            .iter()
            .rev()
            .nth(usize::from(blocks[i].whole))
    };
    let mut i = 0;
    while i < kinds.len() {
        if !line(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < kinds.len() && line(j) && parent(j) == parent(i) {
            j += 1;
        }
        if j - i >= MIN_RUN {
            for k in &mut kinds[i..j] {
                *k = Kind::Prose;
            }
        }
        i = j;
    }
}

/// A short line right above three or more headline links is the header of
/// a link list ("All the coverage"), whatever its wording.
fn mark_list_headers(kinds: &mut [Kind]) {
    for i in 0..kinds.len() {
        if !matches!(kinds[i], Kind::Short | Kind::Heading) {
            continue;
        }
        let links = kinds[i + 1..]
            .iter()
            .filter(|k| !matches!(k, Kind::Date | Kind::Caption))
            .take(3)
            .filter(|k| **k == Kind::LinkDense)
            .count();
        if links == 3 {
            kinds[i] = Kind::Header;
        }
    }
}

fn weight(b: &Block, kind: Kind) -> f64 {
    let chars = b.st.chars as f64;
    let mut w = match kind {
        Kind::Prose => (chars / 12.0).max(2.0),
        Kind::Teaser => -1.0,
        Kind::Short => -2.0,
        Kind::Heading => -1.0,
        Kind::Header => -6.0,
        Kind::LinkDense => -(chars / 12.0).clamp(2.0, 10.0),
        Kind::Chrome => -6.0,
        Kind::Caption | Kind::Date | Kind::Source => -1.0,
    };
    if w < 0.0 && b.in_article && !b.strong_article && matches!(kind, Kind::Short | Kind::Heading) {
        // Lists, table cells and subheadings of a story sit in its
        // content container: they weigh less against it than chrome does.
        w *= 0.5;
    }
    if w < 0.0 && b.strong_article {
        // Related boxes and share bars inside a marked article container
        // should not cut the article in two.
        w *= 0.5;
    }
    if w > 0.0 {
        if b.in_article {
            w *= 1.5;
        }
        if b.list_item && !b.in_article {
            w *= 0.5;
        }
        if b.in_negative {
            w *= 0.3;
        }
    }
    w
}

/// What an element dropped whole between two blocks weighs against a span
/// joining them.
/// Only widgets and page furniture separate: a hidden span (a formula's
/// source, a tooltip) or an embedded object sits inside the text.
fn drop_penalty(r: &Removed) -> f64 {
    let separates = matches!(
        r.rule.as_str(),
        "html:chrome-class"
            | "html:nav"
            | "html:footer"
            | "html:aside"
            | "html:header"
            | "html:menu"
            | "html:form"
    );
    if separates {
        (r.text.chars().count() as f64 / GAP_DIV).min(GAP_MAX)
    } else {
        0.0
    }
}
const GAP_DIV: f64 = 30.0;
const GAP_MAX: f64 = 10.0;

fn rule(kind: Kind) -> &'static str {
    match kind {
        Kind::Prose | Kind::Short | Kind::Heading => "html:outside-body",
        Kind::Teaser => "html:teaser",
        Kind::Header => "html:related-header",
        Kind::LinkDense => "html:link-density",
        Kind::Caption => "html:caption",
        Kind::Date => "html:date",
        Kind::Source => "html:source",
        Kind::Chrome => "html:chrome",
    }
}

/// The page's main text and metadata. Script and style bodies and comment
/// texts are cut before parsing ([`prescan::strip`]): the result is the
/// same as [`extract_without_prescan`]'s, for a fraction of the parse.
pub fn extract(body: &str, cfg: &BoilerplateConfig) -> Extraction {
    extract_without_prescan(&prescan::strip(body), cfg)
}

/// [`extract`] on the page as it is; the reference the pre-parse pass is
/// tested and fuzzed against.
pub fn extract_without_prescan(body: &str, cfg: &BoilerplateConfig) -> Extraction {
    let doc = super::tokenize_html::parse_document(body);
    let (ex, discussion_dropped) = extract_doc(&doc, cfg, false);
    if ex.paragraphs.is_empty() && discussion_dropped {
        // A forum thread or a guest book has no article: its posts are
        // the page's content, and they sit in "comment" containers. When
        // dropping those leaves nothing, they are read like any other text.
        let again = extract_doc(&doc, cfg, true).0;
        if !again.paragraphs.is_empty() {
            return again;
        }
    }
    ex
}

/// [`extract`] on a parsed page; also says whether a comment section was
/// dropped whole.
fn extract_doc(doc: &Html, cfg: &BoilerplateConfig, keep_discussion: bool) -> (Extraction, bool) {
    let mut ex = Extraction {
        meta: meta::extract(doc),
        ..Default::default()
    };
    let (mut blocks, removed_whole, discussion_dropped) = walk(doc, keep_discussion);
    for b in &mut blocks {
        b.folded = fold(&b.text);
        b.st = TextStats::with_fold(&b.text, &b.folded);
    }
    let mut kinds: Vec<Kind> = blocks.iter().map(|b| classify(b, cfg)).collect();
    mark_teasers(&blocks, &mut kinds);
    let mut after_header = vec![false; blocks.len() + 1];
    for (i, r) in &removed_whole {
        if r.rule == "html:header" {
            after_header[*i] = true;
        }
    }
    mark_card_sapos(&blocks, &mut kinds, &after_header);
    mark_list_headers(&mut kinds);
    mark_line_runs(&blocks, &mut kinds);
    let weights: Vec<f64> = blocks
        .iter()
        .zip(&kinds)
        .map(|(b, k)| weight(b, *k))
        .collect();
    // Blocks right after an element dropped whole (a widget between them
    // and what came before).
    let mut after_drop = vec![false; blocks.len() + 1];
    for (i, _) in &removed_whole {
        after_drop[*i] = true;
    }
    // An element dropped whole stands between the blocks around it: its
    // text counts against a span running through it, as a link list's
    // would (a span may still start or end right beside it).
    let mut gaps = vec![0.0f64; blocks.len() + 1];
    for (i, r) in &removed_whole {
        gaps[*i] = (gaps[*i] + drop_penalty(r)).min(GAP_MAX);
    }
    let mut span = signals::max_span_with_gaps(&weights, &gaps)
        .map(|sp| widen_to_container(&blocks, &kinds, &after_drop, sp))
        .map(|sp| end_with_marked_article(&blocks, &kinds, sp))
        .map(|(s, e)| {
            // Nothing after the page's copyright notice is the story (the
            // notice itself is judged like any other line).
            let footer = (s..e).find(|&i| {
                copyright_line(&blocks[i].folded, &blocks[i].st)
                    && (s..i).any(|j| kinds[j] == Kind::Prose)
            });
            (s, footer.map_or(e, |i| i + 1))
        });
    // A byline right after the body belongs to it.
    if let Some((s, e)) = span {
        if e < blocks.len()
            && matches!(kinds[e], Kind::Short | Kind::Source)
            && signals::looks_like_byline(&blocks[e].text)
        {
            kinds[e] = Kind::Short;
            span = Some((s, e + 1));
        }
    }
    // Without og:title or <h1>, the <title> may carry the site's name on
    // either side; the part that is also a block of the page is the headline.
    let block_folds: std::collections::HashSet<&str> =
        blocks.iter().map(|b| b.folded.as_str()).collect();
    let title_visible = ex
        .meta
        .title
        .as_deref()
        .is_some_and(|t| block_folds.contains(fold(t).as_str()));
    if !title_visible {
        if let Some(part) = meta::title_tag_parts(doc)
            .into_iter()
            .find(|p| block_folds.contains(fold(p).as_str()))
        {
            ex.meta.title = Some(part);
        }
    }
    let title_f = ex.meta.title.as_deref().map(fold);

    // Date fallback: the date block nearest the body's start.
    if ex.meta.date.is_none() {
        let anchor = span.map_or(0, |s| s.0);
        ex.meta.date = kinds
            .iter()
            .enumerate()
            .filter(|(i, k)| **k == Kind::Date && !signals::is_today_line(&blocks[*i].folded))
            .min_by_key(|(i, _)| (i.abs_diff(anchor), *i < anchor))
            .and_then(|(i, _)| signals::date_line(&blocks[i].text));
    }

    // Block removals, each with its block's index (merged with the element
    // drops into document order at the end).
    let mut removed: Vec<(usize, Removed)> = Vec::new();
    let mut kept_idx: Vec<usize> = Vec::new();
    let (start, end) = span.unwrap_or((0, 0));
    // A chrome section ("Tin liên quan", "Same category") is the element
    // around its header: the blocks inside it are its list, whatever they
    // look like; the first block outside it ends it. A paragraph that is not
    // a sapo under a headline link also ends it.
    let mut section: Option<usize> = None;
    let mut prev_in_section: Option<Kind> = None;
    for (i, (b, &k)) in blocks.iter().zip(&kinds).enumerate() {
        let push = |removed: &mut Vec<(usize, Removed)>, r: &str| {
            removed.push((
                i,
                Removed {
                    text: b.text.clone(),
                    rule: r.to_string(),
                },
            ))
        };
        if title_f.as_deref() == Some(b.folded.as_str()) {
            push(&mut removed, "html:title");
            continue;
        }
        if i < start || i >= end {
            push(&mut removed, rule(k));
            continue;
        }
        if let Some(c) = section {
            // A paragraph that is not a link's sapo is article text: the
            // header sat loose in the article's container.
            let article_text = k == Kind::Prose && prev_in_section != Some(Kind::LinkDense);
            if b.path.contains(&c) && !article_text {
                if !matches!(k, Kind::Date | Kind::Caption) {
                    prev_in_section = Some(k);
                }
                push(&mut removed, "html:related-list");
                continue;
            }
            section = None;
        }
        match k {
            Kind::Prose | Kind::Heading | Kind::Short => {
                kept_idx.push(i);
                ex.paragraphs.push(b.text.clone())
            }
            Kind::LinkDense if inline_link_line(&blocks, &kinds, i, (start, end)) => {
                kept_idx.push(i);
                ex.paragraphs.push(b.text.clone())
            }
            Kind::Header => {
                // "Đọc thêm: <headline>" carries its own item; a bare header
                // opens a section.
                if b.st.words <= 6 {
                    let n = b.path.len();
                    prev_in_section = None;
                    if n >= 1 {
                        let up = if b.whole && n >= 2 { 2 } else { 1 };
                        section = Some(b.path[n - up]);
                    }
                }
                push(&mut removed, rule(k));
            }
            _ => push(&mut removed, rule(k)),
        }
    }
    // A short line or a heading that ends the body heads what comes after
    // it ("More on this topic", "Filed under"), and that is chrome: the
    // article ends with its last paragraph. A byline stays.
    while let (Some(&i), Some(_)) = (kept_idx.last(), ex.paragraphs.last()) {
        let b = &blocks[i];
        // A headline link, a header or a teaser next; a bare URL or a
        // one-word link (a list item's shop link) says nothing.
        let next_is_chrome = after_drop[i + 1]
            || kinds.get(i + 1).is_some_and(|k| match k {
                Kind::Header | Kind::Teaser => true,
                Kind::LinkDense => {
                    blocks[i + 1].st.words >= 3 && !signals::is_url(&blocks[i + 1].text)
                }
                _ => false,
            });
        let dangling = match kinds[i] {
            Kind::Heading => true,
            Kind::Short => {
                b.st.words <= 8
                    && !signals::looks_like_byline(&b.text)
                    && (next_is_chrome || b.text.ends_with([':', '!', '?']))
            }
            _ => false,
        };
        if !dangling || kept_idx.len() == 1 {
            break;
        }
        kept_idx.pop();
        let text = ex.paragraphs.pop().unwrap_or_default();
        removed.push((
            i,
            Removed {
                text,
                rule: "html:trailing-header".to_string(),
            },
        ));
    }
    // A page with no chrome at all (no element dropped, no links, no
    // widget header) is a bare document: all its text is its content,
    // sentences or not.
    if ex.paragraphs.is_empty()
        && removed_whole.is_empty()
        && !blocks.is_empty()
        && kinds
            .iter()
            .all(|k| matches!(k, Kind::Prose | Kind::Short | Kind::Heading))
    {
        removed.retain(|(i, r)| {
            let keep = r.rule == "html:title";
            if !keep {
                kept_idx.push(*i);
                ex.paragraphs.push(blocks[*i].text.clone());
            }
            keep
        });
    }
    // Listing, search, tag and 404 pages have no article: too little text,
    // or in the body as many headline links and teasers as prose blocks.
    let (mut listy, mut listy_chars, mut prose_chars) = (0usize, 0usize, 0usize);
    for (b, k) in blocks[start..end].iter().zip(&kinds[start..end]) {
        let n = b.text.chars().count();
        match k {
            Kind::LinkDense | Kind::Teaser => {
                listy += 1;
                listy_chars += n;
            }
            Kind::Prose => prose_chars += n,
            _ => {}
        }
    }
    // Kept prose that sits right under a headline link is a sapo; a page of
    // mostly sapos is a listing.
    let kept_set: std::collections::HashSet<usize> = kept_idx.iter().copied().collect();
    let (mut kept_prose, mut sapos) = (0usize, 0usize);
    let mut prev: Option<Kind> = None;
    for (i, (b, &k)) in blocks.iter().zip(&kinds).enumerate() {
        if i >= end {
            break;
        }
        if i >= start && k == Kind::Prose && kept_set.contains(&i) {
            kept_prose += 1;
            if prev == Some(Kind::LinkDense)
                && (60..500).contains(&b.text.chars().count())
                && !b.strong_article
            {
                sapos += 1;
            }
        }
        if !matches!(k, Kind::Date | Kind::Caption) {
            prev = Some(k);
        }
    }
    // Articles have paragraphs in a row; listings alternate link and sapo.
    let prose: Vec<bool> = blocks[start..end]
        .iter()
        .zip(&kinds[start..end])
        .filter(|(_, k)| !matches!(k, Kind::Date | Kind::Caption))
        .map(|(b, k)| *k == Kind::Prose && b.text.chars().count() >= 60)
        .collect();
    let prose_run = prose.windows(2).any(|w| w[0] && w[1]);
    // What a listing leaves when its headlines sit in widgets dropped whole:
    // a few short pieces, each alone right after a widget or a headline
    // link, never two in a row. An article's paragraphs follow each other.
    let detached = |i: usize| {
        after_drop[i]
            || (0..i)
                .rev()
                .find(|&j| !matches!(kinds[j], Kind::Date | Kind::Caption))
                .is_some_and(|j| matches!(kinds[j], Kind::LinkDense | Kind::Teaser))
    };
    let kept_chars_total: usize = kept_idx.iter().map(|&i| blocks[i].st.chars).sum();
    let leftovers = kept_idx.len() >= 2
        && kept_chars_total < 1000
        && kept_idx
            .iter()
            .all(|&i| detached(i) && blocks[i].st.chars < 300);
    let listing = leftovers
        || (!prose_run
            && ((listy >= 4 && listy_chars >= 2 * prose_chars)
                || (sapos >= 2 && (sapos >= 3 || sapos == kept_prose) && sapos * 2 >= kept_prose)));
    // A page that is nothing but a short text (a note, a bare document)
    // is that text: "too short" means short next to the page's chrome.
    let kept_chars: usize = ex.paragraphs.iter().map(|p| p.chars().count()).sum();
    let chrome_chars: usize = removed_whole
        .iter()
        .map(|(_, r)| &r.text)
        .chain(removed.iter().map(|(_, r)| &r.text))
        .map(|t| t.chars().count())
        .sum();
    let bare = kept_chars > 0 && chrome_chars < kept_chars / 2;
    // A blog note or a brief of one paragraph is an article when that
    // paragraph is prose of several sentences and not a sapo under a
    // headline link (what a listing page leaves).
    let brief = ex.paragraphs.len() == 1 && kept_idx.len() == 1 && {
        let i = kept_idx[0];
        let st = &blocks[i].st;
        let after_link = (0..i)
            .rev()
            .find(|&j| !matches!(kinds[j], Kind::Date | Kind::Caption))
            .is_some_and(|j| {
                // A headline link, not a byline's linked name.
                kinds[j] == Kind::Teaser || (kinds[j] == Kind::LinkDense && blocks[j].st.words >= 4)
            });
        st.chars >= 150 && st.words >= 25 && st.sentence_end && st.inner_sentence_end && !after_link
    };
    if (super::too_short_for_article(&ex.paragraphs, cfg.min_body_chars) && !bare && !brief)
        || listing
    {
        for (p, i) in ex.paragraphs.drain(..).zip(&kept_idx) {
            removed.push((
                *i,
                Removed {
                    text: p,
                    rule: "html:no-article".to_string(),
                },
            ));
        }
    }
    // A post of short lines (a photo series' notes, a link log) has no
    // prose for the span to find. When nothing was kept and the page marks
    // its one article, that article's own lines of text are the post.
    if ex.paragraphs.is_empty() && !listing {
        let lines: Vec<usize> = (0..blocks.len())
            .filter(|&i| {
                blocks[i].strong_article
                    && matches!(kinds[i], Kind::Prose | Kind::Short | Kind::Heading)
                    && title_f.as_deref() != Some(blocks[i].folded.as_str())
            })
            .collect();
        let chars: usize = lines.iter().map(|&i| blocks[i].st.chars).sum();
        if lines.len() >= 3 && chars >= 100 {
            removed.retain(|(i, _)| lines.binary_search(i).is_err());
            for &i in &lines {
                ex.paragraphs.push(blocks[i].text.clone());
            }
        }
    }
    // Document order: an element dropped before block i comes before
    // block i's own removal; the sort is stable within each key.
    let mut all: Vec<(usize, u8, Removed)> = removed_whole
        .into_iter()
        .map(|(i, r)| (i, 0, r))
        .chain(removed.into_iter().map(|(i, r)| (i, 1, r)))
        .collect();
    all.sort_by_key(|(i, k, _)| (*i, *k));
    ex.removed = all.into_iter().map(|(_, _, r)| r).collect();
    (ex, discussion_dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_records_leave_out_script_code() {
        let html = Html::parse_document(
            "<div id=x>Quảng cáo <script>var _adz = window._adz || [];</script><span>Tin <b>hay</b></span><style>.a{}</style></div>",
        );
        let sel = scraper::Selector::parse("#x").unwrap();
        let er = html.select(&sel).next().unwrap();
        assert_eq!(removed_text(er), "Quảng cáo Tin hay");
    }

    fn run(s: &str) -> Extraction {
        extract(s, &BoilerplateConfig::default())
    }

    const PAGE: &str = r##"<!doctype html><html><head><title>Bridge opens downtown - Daily Site</title>
<meta property="og:site_name" content="Daily Site"></head><body>
<div class="top-menu"><a href="/">Home</a> | <a href="/w">World</a> | <a href="/s">Sports</a></div>
<nav><ul><li><a href="/a">News</a></li><li><a href="/b">Business</a></li></ul></nav>
<div class="container"><div class="col-main">
<h1>Bridge opens downtown</h1>
<div class="meta">Thứ hai, 10/01/2023 08:30</div>
<div class="article-content">
<p>The city opened a new bridge across the river on Friday, cutting the commute for thousands of residents who used to take the ferry every morning.</p>
<p>Officials said the bridge cost about 40 million dollars and took three years to build, slightly longer than planned at the start.<br><br>The mayor thanked the workers and the residents for their patience during the long construction.</p>
<div class="box"><b>Tin liên quan:</b><ul><li><a href="/x">Mayor inspects road works in the north</a></li><li><a href="/y">Ferry service to end next month</a></li></ul></div>
<p>Residents welcomed the change, and many of them said they had waited for the bridge for over a decade.</p>
<p><a href="/1">Link one here</a> <a href="/2">Link two here</a> <a href="/3">Another link here</a></p>
<p>Theo VnExpress</p>
</div>
<div class="comments"><p>Great news, I have waited for years for this and I am very happy today.</p></div>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Zalo</a></div>
</div>
<aside><div>Most read: stories that everybody is reading on this website today, do not miss them.</div></aside>
</div>
<footer><p>Copyright 2023 Daily Site. All rights reserved. Address: 1 Main Street, Hanoi.</p></footer>
</body></html>"##;

    #[test]
    fn keeps_body_drops_chrome() {
        let ex = run(PAGE);
        let joined = ex.paragraphs.join("\n");
        assert!(joined.contains("opened a new bridge"), "{joined}");
        assert!(joined.contains("40 million dollars"));
        assert!(joined.contains("The mayor thanked"));
        assert!(joined.contains("Residents welcomed"));
        for chrome in [
            "Home",
            "Business",
            "Tin liên quan",
            "Mayor inspects",
            "Ferry service",
            "Link one",
            "Theo VnExpress",
            "Great news",
            "Facebook",
            "Most read",
            "Copyright",
            "Bridge opens",
            "10/01/2023",
        ] {
            assert!(!joined.contains(chrome), "{chrome} survived: {joined}");
        }
        // <br><br> splits paragraphs.
        assert!(ex
            .paragraphs
            .iter()
            .any(|p| p.starts_with("The mayor thanked")));
        assert_eq!(ex.meta.title.as_deref(), Some("Bridge opens downtown"));
        assert_eq!(ex.meta.date.as_deref(), Some("2023-01-10"));
        let rules: Vec<&str> = ex.removed.iter().map(|r| r.rule.as_str()).collect();
        assert!(rules.contains(&"html:nav"));
        assert!(rules.contains(&"html:footer"));
        assert!(rules.contains(&"html:link-density"), "{rules:?}");
    }

    #[test]
    fn asp_net_form_wrapper_is_not_dropped() {
        let para = "Người dân địa phương cho biết con đường mới giúp việc đi lại thuận tiện hơn rất nhiều so với trước đây.";
        let html = format!(
            "<html><body><form id=\"aspnetForm\"><table><tr><td class=\"maincol\">{para}<br>{para}<br>{para}<br>{para}</td></tr></table></form></body></html>"
        );
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 4, "{:?}", ex.paragraphs);
    }

    #[test]
    fn related_box_does_not_cut_the_article() {
        let para = |i: usize| {
            format!("<p>Paragraph {i} tells part of the story, and it is long enough to read like prose from a real article.</p>")
        };
        let mut html = String::from("<html><body><div class=\"wrap\"><div class=\"story\">");
        html.push_str(&para(1));
        html.push_str(&para(2));
        html.push_str("<div><b>All the coverage</b><ul>");
        for i in 0..12 {
            html.push_str(&format!(
                "<li><a href=\"/{i}\">Earlier story number {i} about the same topic</a></li>"
            ));
        }
        html.push_str("</ul></div>");
        for i in 3..8 {
            html.push_str(&para(i));
        }
        html.push_str("</div></div></body></html>");
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 7, "{:?}", ex.paragraphs);
        assert!(ex.paragraphs[0].starts_with("Paragraph 1"));
    }

    #[test]
    fn large_page_is_linear_enough() {
        let mut html = String::from("<html><body><div class=\"content\">");
        for i in 0..3000 {
            html.push_str(&format!(
                "<p>Paragraph {i} of a long article, with enough words to be prose in every way.</p>"
            ));
            if i % 10 == 0 {
                html.push_str(&format!("<div><a href=\"/{i}\">Link {i}</a></div>"));
            }
        }
        html.push_str("</div></body></html>");
        let t = std::time::Instant::now();
        let ex = run(&html);
        assert!(
            ex.paragraphs.len() >= 2900,
            "{} {:?}",
            ex.paragraphs.len(),
            &ex.removed[..5.min(ex.removed.len())]
        );
        assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    }

    const P: &str = "A paragraph of the story that reads like prose, long enough to count as one, with a full stop.";

    #[test]
    fn chrome_named_wrapper_around_the_page_is_walked_into() {
        // The wrapper's id names navigation and its class a header style,
        // but it holds the story; the menu inside is still dropped.
        let html = format!(
            "<html><body><div id=\"navigation-container\" class=\"header-style-3\">\
             <div class=\"menu-wrap\"><ul><li><a href=\"/a\">News</a></li><li><a href=\"/b\">Sport</a></li></ul></div>\
             <div class=\"col\"><p>{P}</p><p>{P}</p><p>{P}</p></div></div>\
             <div class=\"sidebar\"><p>Sidebar text that is not the story at all, but reads like a sentence.</p></div></body></html>"
        );
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex.paragraphs);
        assert!(ex.paragraphs.iter().all(|p| p == P));
        // A small widget with the same names is still chrome.
        let html = format!(
            "<html><body><div class=\"content\"><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div id=\"navigation-box\"><p>Short widget text that reads like a sentence, but sits in a widget.</p></div></body></html>"
        );
        let ex = run(&html);
        assert!(
            !ex.paragraphs.iter().any(|p| p.contains("widget")),
            "{:?}",
            ex.paragraphs
        );
    }

    #[test]
    fn lines_without_sentence_ends_in_a_row_are_text() {
        let mut html = String::from("<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav><div class=\"post\">");
        for i in 1..=8 {
            html.push_str(&format!(
                "Stage {i} of the season: the race in the northern city<br>"
            ));
        }
        html.push_str("</div><div class=\"links\"><a href=\"/1\">Another story here</a><br><a href=\"/2\">And one more story</a></div></body></html>");
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 8, "{:?}", ex.paragraphs);
        // Two or three such lines are not enough to be a page's text.
        let html = "<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav><div>Stage one of the season: the race in the city<br>Stage two of the season: the race in the north</div></body></html>";
        assert!(run(html).paragraphs.is_empty());
    }

    #[test]
    fn body_runs_on_over_a_closing_list_but_stops_at_a_list_header() {
        let mut html = format!(
            "<html><body><div class=\"wrap\"><div class=\"entry\"><p>{P}</p><p>{P}</p><p>{P}</p>"
        );
        for i in 1..=3 {
            html.push_str(&format!("<p>{i}) Item number {i} of the list</p><p><a href=\"http://x.to/{i}\">http://x.to/{i}</a></p>"));
        }
        html.push_str("<p>You might want these too</p><p><a href=\"/a\">A headline of another story</a></p><p><a href=\"/b\">Yet another headline of a story</a></p>");
        html.push_str("</div></div></body></html>");
        let ex = run(&html);
        let joined = ex.paragraphs.join("\n");
        assert!(
            joined.contains("1) Item number 1") && joined.contains("3) Item number 3"),
            "{joined}"
        );
        assert!(
            !joined.contains("You might want") && !joined.contains("headline"),
            "{joined}"
        );
    }

    #[test]
    fn bare_document_is_its_text() {
        let ex = run("<html><head><meta name=x content=y></head><body>Test</body></html>");
        assert_eq!(ex.paragraphs, vec!["Test".to_string()]);
        // With chrome around it, a lone short line is no article.
        let ex = run("<html><body><nav><a href=\"/\">Home</a></nav><div>Test</div><footer>(c) Site</footer></body></html>");
        assert!(ex.paragraphs.is_empty(), "{:?}", ex.paragraphs);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The per-token table gives what the hint lists give one by one,
        /// on names made of hint words, parts, modifiers and noise joined
        /// the ways pages join them.
        #[test]
        fn token_table_matches_the_lists(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    3 => proptest::sample::select(
                        [NEGATIVE, POSITIVE, CAPTION, TITLEISH, STRONG_NEGATIVE, ALWAYS_CHROME,
                         WIDGET_PARTS, CONTAINER_PARTS, NAME_MODIFIERS, ARTICLE_WORDS]
                            .concat()
                            .into_iter()
                            .flat_map(|w| [w.to_string(), format!("{w}s"), w.to_uppercase()])
                            .collect::<Vec<_>>()
                    ),
                    1 => "[a-zA-Z0-9]{1,6}",
                ],
                1..7,
            ),
            seps in proptest::collection::vec("[-_ 0-9]|", 7),
            id_from in 0usize..8,
        ) {
            let mut class = String::new();
            let mut id = String::new();
            for (i, w) in words.iter().enumerate() {
                let out = if i >= id_from { &mut id } else { &mut class };
                out.push_str(w);
                out.push_str(&seps[i]);
            }
            let attrs = format!("class=\"{class}\" id=\"{id}\"");
            let doc = Html::parse_fragment(&format!("<div {attrs}>x</div>"));
            let div = doc
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "div")
                .unwrap();
            proptest::prop_assert_eq!(NameHints::of(div.value()), NameHints::of_direct(div.value()), "{}", attrs);
            proptest::prop_assert_eq!(body_container(div.value()), body_container_direct(div.value()), "{}", attrs);
        }
    }

    fn el_hints(attrs: &str) -> (bool, bool, bool) {
        let doc = Html::parse_fragment(&format!("<div {attrs}>x</div>"));
        let div = doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "div")
            .unwrap();
        hints(div.value())
    }

    #[test]
    fn class_hints_match_on_token_boundaries() {
        // Whole tokens, plurals, camelCase humps, digits and generic parts.
        for attrs in [
            r#"class="hot""#,
            r#"class="main-nav""#,
            r#"class="mainMenu""#,
            r#"id="relatedPosts_2""#,
            r#"class="comments""#,
            r#"class="sharebar""#,
            r#"class="sidebar1""#,
            r#"class="copyrightline""#,
            r#"class="stats""#,
            r#"class="right-rail""#,
        ] {
            assert!(el_hints(attrs).0, "{attrs} is chrome");
        }
        // Prefixes of other words are not hints.
        for attrs in [
            r#"class="hotel-review""#,
            r#"class="status""#,
            r#"class="viewport""#,
            r#"class="station-list""#,
            r#"class="leaderboard""#,
            r#"class="advice""#,
            r#"class="view-mode-full""#,
        ] {
            let (neg, pos, _) = el_hints(attrs);
            assert!(!neg && !pos, "{attrs}: {neg} {pos}");
        }
        assert!(el_hints(r#"class="articleBody""#).1);
        assert!(el_hints(r#"class="main-content""#).1);
        // A teaser's link is no article container.
        assert!(!el_hints(r#"class="storylink""#).1);
        assert!(el_hints(r#"class="pictureCaption""#).2);
        assert!(el_hints(r#"class="image-desc""#).2);
    }

    #[test]
    fn lead_in_a_heading_and_in_the_story_header_is_kept() {
        let html = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav>\
             <header class=\"story-head\"><h1>Bridge opens</h1><p>The city opened a new bridge across the river on Friday, and thousands of commuters used it on the first day.</p></header>\
             <h2 class=\"sub\">Officials said the bridge cost about forty million dollars and took three years to build, longer than planned.</h2>\
             <div class=\"body\"><p>{P}</p><p>{P}</p><p>{P}</p></div></body></html>"
        );
        let ex = run(&html);
        let joined = ex.paragraphs.join("\n");
        assert!(joined.contains("The city opened"), "{joined}");
        assert!(joined.contains("forty million"), "{joined}");
        assert!(!joined.contains("Bridge opens"), "{joined}");
    }

    #[test]
    fn gaps_cost_a_span_running_through_them() {
        let w = [5.0, -1.0, 5.0];
        assert_eq!(signals::max_span_with_gaps(&w, &[0.0; 4]), Some((0, 3)));
        // A widget between the last two blocks costs more than joining wins.
        assert_eq!(
            signals::max_span_with_gaps(&w, &[0.0, 0.0, 6.0, 0.0]),
            Some((0, 1))
        );
        // A span may start right after a gap without paying it.
        assert_eq!(
            signals::max_span_with_gaps(&[1.0, 9.0], &[0.0, 6.0, 0.0]),
            Some((1, 2))
        );
        assert_eq!(signals::max_span_with_gaps(&[-1.0], &[0.0, 0.0]), None);
    }

    #[test]
    fn header_line_ending_the_body_goes() {
        let html = format!(
            "<html><body><div class=\"story\"><p>{P}</p><p>{P}</p><p>{P}</p><p>More on this topic</p>\
             <p><a href=\"/a\">A headline of another story here</a></p><p><a href=\"/b\">Yet another headline of a story</a></p></div></body></html>"
        );
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex.paragraphs);
    }

    #[test]
    fn container_word_inside_a_widget_name_is_the_widget_part() {
        // "comments-body" is a comment list, not an article body.
        let (neg, pos, _) = el_hints(r#"class="comments-body""#);
        assert!(neg && !pos);
        // Another class name still makes the element a container.
        let (neg, pos, _) = el_hints(r#"class="post comments-open""#);
        assert!(neg && pos);
        // An article's own header is the article's.
        assert!(el_hints(r#"class="article-header""#).1);
        assert!(el_hints(r#"id="blq-foot""#).0);
        let html = format!(
            "<html><body><div class=\"blog\"><div class=\"blogbody\"><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div class=\"comments-body\"><p>I always love reading these posts, they make my morning every single week.</p>\
             <p>Another comment that reads like a sentence of prose, with a full stop at its end.</p></div></div></body></html>"
        );
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex.paragraphs);
    }

    #[test]
    fn chrome_wrapper_around_the_article_body_is_walked_into() {
        let html = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav>\
             <div id=\"printReady\"><div id=\"articleBody\"><p>{P}</p><p>{P}</p></div></div></body></html>"
        );
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex.paragraphs);
        // Without the body container inside, the same wrapper is chrome.
        let html = format!(
            "<html><body><div class=\"content\"><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div id=\"printReady\"><div><p>Print this page to read it later, the printer icon is above.</p></div></div></body></html>"
        );
        let ex = run(&html);
        assert!(
            !ex.paragraphs.iter().any(|p| p.contains("printer")),
            "{:?}",
            ex.paragraphs
        );
    }

    #[test]
    fn sapos_left_alone_by_dropped_headlines_are_a_listing() {
        // Each headline sits in a widget dropped whole; only its sapo is left.
        let mut html = String::from(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav><div>",
        );
        for i in 0..4 {
            html.push_str(&format!(
                "<div class=\"promo\"><a href=\"/{i}\">Headline number {i}</a></div>\
                 <p>Short summary {i} of a story that the page links to, with a full stop.</p>"
            ));
        }
        html.push_str("</div></body></html>");
        assert!(
            run(&html).paragraphs.is_empty(),
            "{:?}",
            run(&html).paragraphs
        );
    }

    #[test]
    fn teasers_with_author_links_are_teasers() {
        let mut html = format!(
            "<html><body><div class=\"content\"><article><p>{P}</p><p>{P}</p><p>{P}</p></article></div><div class=\"below\"><ul>"
        );
        for i in 0..5 {
            html.push_str(&format!(
                "<li><a href=\"/s{i}\">Headline of another opinion piece number {i}</a>\
                 <p>The sapo of that piece, a sentence that reads like the start of a story.</p>\
                 <a href=\"/a{i}\">Jane Doe</a></li>"
            ));
        }
        html.push_str("</ul></div></body></html>");
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex.paragraphs);
    }

    #[test]
    fn forum_thread_in_comment_containers_is_the_text() {
        let html = "<html><body><nav><a href=\"/\">Home</a> <a href=\"/f\">Forum</a></nav>\
            <div class=\"comment\"><p>Since the update my phone cannot reach the store over mobile data, only over wifi. Has anyone seen this?</p></div>\
            <div class=\"comment\"><p>Same here on two devices. Turning LTE off and on again fixed it for a while, then it came back.</p></div>\
            </body></html>";
        let ex = run(html);
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex.paragraphs);
        // With an article on the page, comments still go.
        let html = format!(
            "<html><body><div class=\"content\"><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div class=\"comment\"><p>Great story, I have waited for years for this and I am very happy today.</p></div></body></html>"
        );
        let ex = run(&html);
        assert!(
            !ex.paragraphs.iter().any(|p| p.contains("Great story")),
            "{:?}",
            ex.paragraphs
        );
    }

    #[test]
    fn nothing_after_the_copyright_notice_is_the_story() {
        let html = format!(
            "<html><body><div><p>{P}</p><p>{P}</p><p>{P}</p>\
             <p>Copyright 2008 Daily Site and its partners. All rights reserved.</p>\
             <p>This material may not be published, broadcast or rewritten without our permission.</p>\
             <p>For more information on this site, please read our privacy policy and our terms.</p></div></body></html>"
        );
        let ex = run(&html);
        assert!(
            !ex.paragraphs
                .iter()
                .any(|p| p.contains("material") || p.contains("privacy")),
            "{:?}",
            ex.paragraphs
        );
        // Prose about copyright is no notice.
        let st = |s: &str| TextStats::of(s);
        let long = "Under the motto some rights reserved, the licences sit as a concept between the traditional copyright (all rights reserved) and the public domain, where the author gives up every right to the work and anyone may use it.";
        assert!(!copyright_line(&fold(long), &st(long)));
        let notice = "© 2008 Daily Site. All rights reserved.";
        assert!(copyright_line(&fold(notice), &st(notice)));
        // A picture credit is no notice either.
        let credit = "© Reuters";
        assert!(!copyright_line(&fold(credit), &st(credit)));
    }

    #[test]
    fn subtree_facts_agree_with_the_separate_walks() {
        let para = "A long paragraph of prose that goes on and on, long enough to count as one of the story's paragraphs, and then some more words about the city and its new bridge, with a full stop at the end of it all.";
        let html = format!(
            "<html><body><div id=\"t\" class=\"sidebar\"><p>{para}</p><p>{para} <a href=\"/x\">a link <a href=\"/y\">nested</a></a></p>\
             <script>var x = 1;</script><div style=\"display:none\">hidden text here</div>\
             <p>{para}</p><ul><li><a href=\"/z\">Menu item</a></li></ul><div class=\"post-content\"><p>{para}</p></div>\
             <p>{para}{para}{para}{para}</p></div><p>Outside.</p></body></html>"
        );
        let doc = Html::parse_document(&html);
        for sel in ["#t", "ul", "body", "p"] {
            let sel = scraper::Selector::parse(sel).unwrap();
            let er = doc.select(&sel).next().unwrap();
            let f = SubtreeFacts::of(er);
            let (vis, links) = visible_text(er);
            assert_eq!((f.visible, f.visible_links), (vis, links));
            assert_eq!(f.prose_heavy(), prose_heavy(er));
            assert_eq!(f.story_inside(), story_inside(er));
            for page in [100, 1000, 5000] {
                assert_eq!(f.layout_wrapper(page), is_layout_wrapper(er, page));
            }
            let holds = er
                .descendants()
                .filter_map(ElementRef::wrap)
                .any(|e| body_container(e.value()));
            assert_eq!(f.body_container, holds);
        }
        let sel = scraper::Selector::parse("#t").unwrap();
        let f = SubtreeFacts::of(doc.select(&sel).next().unwrap());
        assert!(f.story_inside() && f.body_container, "{f:?}");
    }

    #[test]
    fn post_of_short_lines_in_the_page_article_is_kept() {
        let html = "<html><body><nav><a href=\"/\">Home</a> <a href=\"/x\">Photos</a></nav>\
            <article><h1>Swap April</h1><p>Locations</p><p>Shuji: Japan</p><p>Walter: Germany</p>\
            <p>Film stock</p><p>Fuji X-TRA 400 pushed one stop</p><p>Cameras</p><p>Shuji: Widelux</p><p>Walter: Pentax Z-1</p></article>\
            <footer>(c) Site</footer></body></html>";
        let ex = run(html);
        let joined = ex.paragraphs.join("\n");
        assert!(
            joined.contains("Fuji X-TRA 400") && joined.contains("Widelux"),
            "{joined}"
        );
        // Without an article element the short lines are not a post.
        let html = html
            .replace("<article>", "<div>")
            .replace("</article>", "</div>");
        let ex = run(&html);
        assert!(ex.paragraphs.is_empty(), "{:?}", ex.paragraphs);
    }

    #[test]
    fn sapos_of_cards_with_their_own_header_are_teasers() {
        let mut html = format!(
            "<html><body><div class=\"story\"><p>{P}</p><p>{P}</p><p>{P}</p></div><section>"
        );
        for i in 0..6 {
            html.push_str(&format!(
                "<div class=\"card\"><header><a href=\"/{i}\">Card headline {i}</a></header>\
                 <p>The card's sapo number {i}, a sentence that reads like the start of a story.</p></div>"
            ));
        }
        html.push_str("</section></body></html>");
        let ex = run(&html);
        assert_eq!(ex.paragraphs.len(), 3, "{:?}", ex.paragraphs);
    }

    #[test]
    fn display_none_is_read_like_the_compacted_style() {
        let slow = |s: &str| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        };
        for s in [
            "display:none",
            "DISPLAY : None;",
            "color:red; display: none",
            "ddisplay:none",
            "display:nonE",
            "display:block",
            "display:non e",
            "dis play :no\tne",
            "displaydisplay:none",
            "display:nodisplay:none",
            "Ädisplay:none",
            "display:nonę",
            "",
        ] {
            assert_eq!(display_none(s), slow(s), "{s}");
        }
    }

    #[test]
    fn no_panic_on_bad_input() {
        assert!(run("").paragraphs.is_empty());
        let _ = run("<div><p>unclosed <b>bold <i>it");
        let _ = run("\u{0}\u{1}\u{2}<<<>>>&&&;;");
        let deep = "<div>".repeat(5_000) + "text" + &"</div>".repeat(5_000);
        let _ = run(&deep);
    }
}
