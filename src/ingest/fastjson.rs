//! A JSON Lines record parser for the common case, in one pass over the
//! line with no `Value` machinery: the page's long `text` or `html` string
//! is unescaped straight into a `String` of the right size (serde_json
//! first copies an escaped string into a scratch buffer that grows by
//! doubling, then copies it again into the `Value`).
//!
//! It accepts a subset of JSON on which it is sure to agree with
//! `serde_json` exactly: an object whose keys have no escapes, whose string
//! values have no surrogate escapes, and whose numbers are integers of at
//! most 18 digits (negative ones only outside the page fields); nesting
//! only outside the page fields, and far from serde_json's depth limit; a
//! line that is valid UTF-8 with no control byte but its trailing
//! whitespace. Anything else, and every malformed line, gives `None`, and
//! the caller parses the line with serde_json, which then builds the same
//! fields or names the same error it always did.

use serde_json::{Number, Value};

use super::jsonl::PAGE_FIELDS;

/// Deeper than this, the line is left to serde_json (whose limit is 128).
const MAX_DEPTH: usize = 64;

/// The page fields of `line` (in [`PAGE_FIELDS`] order, the last of a key
/// given twice), or `None` when the line is outside the subset.
pub(super) fn parse(line: &[u8]) -> Option<[Option<Value>; PAGE_FIELDS.len()]> {
    // JSON whitespace only (`trim_ascii_end` would take a form feed too).
    let end = line
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        .map_or(0, |p| p + 1);
    let body = &line[..end];
    // Whitespace between tokens is the only place a control byte may stand
    // in JSON; records have none but the line's end, and without them no
    // string can hold a raw control character either.
    if has_control(body) {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let mut p = Parser {
        s: text,
        b: body,
        i: 0,
    };
    p.ws();
    p.eat(b'{')?;
    let mut fields: [Option<Value>; PAGE_FIELDS.len()] = Default::default();
    p.items(b'}', |p| {
        let key = p.key()?;
        p.ws();
        p.eat(b':')?;
        p.ws();
        match PAGE_FIELDS.iter().position(|f| *f == key) {
            Some(k) => fields[k] = Some(p.page_value()?),
            None => p.skip_value(1)?,
        }
        Some(())
    })?;
    p.ws();
    (p.i == p.b.len()).then_some(fields)
}

/// Whether `b` has a byte below 0x20; a pass without early exit, so that
/// it is vectorized.
fn has_control(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(64);
    for c in &mut chunks {
        if c.iter().fold(false, |a, &x| a | (x < 0x20)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&x| x < 0x20)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// JSON whitespace (the line has no control byte but these).
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// A key without escapes.
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let rest = &self.b[self.i..];
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] != b'"' {
            return None;
        }
        let k = &self.s[self.i..self.i + end];
        self.i += end + 1;
        Some(k)
    }

    /// Where the next quote or backslash is, from the cursor on, inside a
    /// string. Escapes often come in runs ("\n\n" between paragraphs):
    /// one right at the cursor is taken without a search.
    fn next_quote_or_escape(&self) -> Option<usize> {
        if self.b.get(self.i) == Some(&b'\\') {
            Some(self.i)
        } else {
            memchr::memchr2(b'"', b'\\', &self.b[self.i..]).map(|p| self.i + p)
        }
    }

    /// A string value, unescaped; the cursor is on its opening quote.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.i;
        let mut out: Option<String> = None;
        loop {
            let at = self.next_quote_or_escape()?;
            if self.b[at] == b'"' {
                let s = match out {
                    None => self.s[start..at].to_string(),
                    Some(mut o) => {
                        o.push_str(&self.s[self.i..at]);
                        // A short string before a long one was given room
                        // for the whole line.
                        if o.capacity() > 2 * o.len() + 64 {
                            o.shrink_to_fit();
                        }
                        o
                    }
                };
                self.i = at + 1;
                return Some(s);
            }
            // What is left of the string is at most the rest of the line.
            let o = out.get_or_insert_with(|| String::with_capacity(self.b.len() - start));
            o.push_str(&self.s[self.i..at]);
            let c = match *self.b.get(at + 1)? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hex = self.b.get(at + 2..at + 6)?;
                    let mut v = 0u32;
                    for &h in hex {
                        v = v * 16 + char::from(h).to_digit(16)?;
                    }
                    // Surrogates (pairs or lone) are left to serde_json.
                    let c = char::from_u32(v)?;
                    o.push(c);
                    self.i = at + 6;
                    continue;
                }
                _ => return None,
            };
            o.push(c);
            self.i = at + 2;
        }
    }

    /// Digits of an integer (no sign); at most 18, no leading zero.
    fn digits(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let d = &self.s[start..self.i];
        let plain = matches!(d.len(), 1..=18) && !(d.len() > 1 && d.starts_with('0'));
        // A fraction or exponent makes a float: left to serde_json.
        let float = matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        (plain && !float).then_some(d)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }

    /// The value of a page field: a string, a non-negative integer, a
    /// boolean or null (an array, an object or a negative number is left to
    /// serde_json).
    fn page_value(&mut self) -> Option<Value> {
        Some(match self.peek()? {
            b'"' => Value::String(self.string()?),
            b'0'..=b'9' => {
                let n: u64 = self.digits()?.parse().ok()?;
                Value::Number(Number::from(n))
            }
            b'n' => {
                self.literal(b"null")?;
                Value::Null
            }
            b't' => {
                self.literal(b"true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Value::Bool(false)
            }
            _ => return None,
        })
    }

    /// The items of an array or object whose opening bracket is behind,
    /// each read by `item`, separated by commas, up to and past `close`.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.ws();
        if self.peek()? == close {
            self.i += 1;
            return Some(());
        }
        loop {
            self.ws();
            item(self)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                c if c == close => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Checks any value and drops it; `depth` counts the enclosing arrays
    /// and objects.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'-' => {
                self.i += 1;
                self.digits().map(drop)
            }
            b'0'..=b'9' => self.digits().map(drop),
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'[' if depth < MAX_DEPTH => {
                self.i += 1;
                self.items(b']', |p| p.skip_value(depth + 1))
            }
            b'{' if depth < MAX_DEPTH => {
                self.i += 1;
                self.items(b'}', |p| {
                    p.key()?;
                    p.ws();
                    p.eat(b':')?;
                    p.ws();
                    p.skip_value(depth + 1)
                })
            }
            _ => None,
        }
    }

    /// A string checked as [`Self::string`] reads it, without building it.
    fn skip_string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        loop {
            let at = self.next_quote_or_escape()?;
            if self.b[at] == b'"' {
                self.i = at + 1;
                return Some(());
            }
            match *self.b.get(at + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i = at + 2,
                b'u' => {
                    let hex = self.b.get(at + 2..at + 6)?;
                    let mut v = 0u32;
                    for &h in hex {
                        v = v * 16 + char::from(h).to_digit(16)?;
                    }
                    char::from_u32(v)?;
                    self.i = at + 6;
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page fields serde_json finds in a line (through a `Value` tree),
    /// or `None` when it does not parse to an object.
    fn by_serde(line: &[u8]) -> Option<Vec<Option<Value>>> {
        match serde_json::from_slice::<Value>(line) {
            Ok(Value::Object(obj)) => {
                Some(PAGE_FIELDS.iter().map(|k| obj.get(*k).cloned()).collect())
            }
            _ => None,
        }
    }

    /// Lines near the subset's edges: every piece the fast parser takes or
    /// leaves to serde_json, and broken JSON.
    fn line() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let field = proptest::sample::select(vec![
            r#""id": "a-1""#,
            r#""id": 17"#,
            r#""id": 017"#,
            r#""id": -3"#,
            r#""id": 1.5"#,
            r#""id": 123456789012345678901"#,
            r#""site": 0"#,
            r#""site": true"#,
            r#""site": null"#,
            r#""site": [1]"#,
            r#""text": "a\nb\t\"c\" \\ \/ \b\f\r \u00e9\u1EA1 \u0000""#,
            r#""text": "\ud83d\ude00 pair""#,
            r#""text": "\ud800 lone""#,
            r#""text": "bad \x escape""#,
            r#""text": "short \u12""#,
            "\"text\": \"raw \u{1ea1} and \u{7f}\"",
            "\"text\": \"tab\tinside\"",
            r#""title": "T""#,
            r#""ti\u0074le": "escaped key""#,
            r#""cluster": -0"#,
            r#""cluster": 1e999"#,
            r#""cluster": -"#,
            r#""x": [1, {"a": [null, false, "s\n"]}, -2, {}, []]"#,
            r#""x": {"k": tru}"#,
            r#""x": [1,]"#,
        ]);
        let sep = proptest::sample::select(vec![",", ", ", " ,\n", ",,", ""]);
        (
            proptest::collection::vec((field, sep), 0..6),
            proptest::sample::select(vec!["", " ", "\n", "\r\n", "\u{c}\n", " x", "}"]),
            proptest::sample::select(vec!["{", " {", "[", "\t{"]),
        )
            .prop_map(|(fields, tail, open)| {
                let mut s = open.to_string();
                for (i, (f, sep)) in fields.iter().enumerate() {
                    if i > 0 {
                        s.push_str(sep);
                    }
                    s.push_str(f);
                }
                s.push('}');
                s.push_str(tail);
                s.into_bytes()
            })
    }

    proptest::proptest! {
        #[test]
        fn what_it_parses_serde_json_parses_the_same(line in line()) {
            if let Some(fields) = parse(&line) {
                proptest::prop_assert_eq!(Some(fields.to_vec()), by_serde(&line));
            }
        }
    }

    #[test]
    fn a_plain_record_takes_the_fast_path() {
        let line = "{\"id\": \"r-1\", \"cluster\": 7638, \"site\": 0, \"text\": \"Title\\n\\nBody \u{1ea1} \\\"q\\\" \\u00e9.\", \"tags\": [\"a\", {\"b\": null}]}\n";
        let fields = parse(line.as_bytes()).expect("in the subset");
        assert_eq!(fields.to_vec(), by_serde(line.as_bytes()).unwrap());
        assert_eq!(
            fields[2],
            Some(Value::String("Title\n\nBody \u{1ea1} \"q\" \u{e9}.".into()))
        );
    }

    #[test]
    fn lines_outside_the_subset_are_left_to_serde_json() {
        for line in [
            "{\"id\": 1}\u{c}\n",
            "{\"id\": -1}",
            "{\"id\": 1.0}",
            "{\"t\\u0065xt\": \"x\"}",
            "{\"text\": \"\\ud83d\\ude00\"}",
            "{\"text\": \"a\tb\"}",
            "{\"id\": 1,}",
            "{\"id\": 1} {}",
        ] {
            assert!(parse(line.as_bytes()).is_none(), "{line:?}");
        }
    }
}
