//! JSON Lines input: one page per line.
//!
//! Reading the file (and gunzipping it) is sequential and happens during
//! discovery; parsing each line is [`load_record`], which the pipeline runs in
//! parallel. A bad line becomes a failure naming the file and line; the lines
//! around it are still read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde_json::{Map, Value};

use super::{host_of, FailStatus, Failure, Input, Loaded, RecordFile};
use crate::model::{Page, PageKind};

/// Reads a JSON Lines file (gunzipping it) a chunk of about `chunk` bytes
/// of whole lines at a time, and hands each chunk's records to `emit` as
/// soon as the chunk is read (`usize::MAX`: the whole file in one buffer,
/// sized from the gzip trailer). A line longer than a chunk makes its chunk
/// longer. A read error (a truncated or corrupt gzip) keeps the complete
/// lines read before it and ends with a failure naming where it broke.
pub(super) fn read_records(
    path: &Path,
    rel: &str,
    gz: bool,
    chunk: usize,
    emit: &mut dyn FnMut(Vec<Input>),
) {
    let source = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            emit(vec![Input::Failed(Failure {
                id: rel.into(),
                source,
                status: FailStatus::Error,
                reason: format!("cannot read JSON Lines file: {e}"),
            })]);
            return;
        }
    };
    // A gzip file ends with its size unpacked (mod 2^32; the last member's
    // only, so just a hint): a whole-file buffer is sized once instead of
    // doubling.
    let size_hint = if gz {
        gzip_size_hint(&file)
    } else {
        file.metadata().map_or(0, |m| m.len() as usize)
    };
    let reader: Box<dyn Read> = if gz {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    read_stream(reader, &source, rel, gz, size_hint, chunk, emit);
}

/// JSON Lines on standard input, a chunk at a time (see [`read_records`]);
/// gzip is told by its magic bytes. Records without an id are named
/// `stdin:LINE`.
pub(super) fn read_stdin(chunk: usize, emit: &mut dyn FnMut(Vec<Input>)) {
    let mut input = std::io::BufReader::with_capacity(1 << 16, std::io::stdin().lock());
    let gz = match std::io::BufRead::fill_buf(&mut input) {
        Ok(head) => head.starts_with(&[0x1F, 0x8B]),
        Err(_) => false,
    };
    let reader: Box<dyn Read> = if gz {
        Box::new(MultiGzDecoder::new(input))
    } else {
        Box::new(input)
    };
    read_stream(reader, "<stdin>", "stdin", gz, 0, chunk, emit);
}

/// The records of a JSON Lines stream, a chunk at a time (see
/// [`read_records`]). `size_hint` is what the whole stream unpacks to, when
/// known (0 if not).
fn read_stream(
    mut reader: Box<dyn Read + '_>,
    source: &str,
    rel: &str,
    gz: bool,
    size_hint: usize,
    chunk: usize,
    emit: &mut dyn FnMut(Vec<Input>),
) {
    let chunk = chunk.max(1);
    // Reads past a chunk's end continue in steps of this size until a line ends.
    const STEP: usize = 1 << 16;
    let mut line_no = 0usize;
    let mut any = false;
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let want = chunk.min(size_hint.max(STEP));
        let mut data = Vec::with_capacity(carry.len().saturating_add(want).saturating_add(STEP));
        data.append(&mut carry);
        let (mut eof, mut error) = (false, None);
        loop {
            let limit = chunk.saturating_sub(data.len()).max(STEP) as u64;
            match (&mut reader).take(limit).read_to_end(&mut data) {
                Ok(n) if (n as u64) < limit => {
                    eof = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
            if data.len() >= chunk && memchr::memrchr(b'\n', &data).is_some() {
                break;
            }
        }
        let complete = if eof && error.is_none() {
            data.len()
        } else {
            memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1)
        };
        if !eof && error.is_none() {
            carry = data.split_off(complete);
        }
        let mut spans = Vec::new();
        let mut start = 0usize;
        while start < complete {
            let end =
                memchr::memchr(b'\n', &data[start..complete]).map_or(complete, |i| start + i + 1);
            line_no += 1;
            if !data[start..end].iter().all(u8::is_ascii_whitespace) {
                spans.push((line_no, start..end));
            }
            start = end;
        }
        if !spans.is_empty() {
            any = true;
            data.truncate(complete);
            let file = std::sync::Arc::new(RecordFile {
                source: source.to_string(),
                rel: rel.into(),
                data,
            });
            emit(
                spans
                    .into_iter()
                    .map(|(line_no, span)| Input::Record {
                        file: file.clone(),
                        line_no,
                        span,
                    })
                    .collect(),
            );
        }
        if let Some(e) = error {
            emit(vec![Input::Failed(Failure {
                id: format!("{rel}:{}", line_no + 1),
                source: format!("{source}:{}", line_no + 1),
                status: FailStatus::Error,
                reason: format!(
                    "cannot read past line {line_no}: {e} (the lines before were read){}",
                    if gz {
                        "; truncated or corrupt gzip? `gzip -t` checks the file"
                    } else {
                        ""
                    }
                ),
            })]);
            return;
        }
        if eof {
            break;
        }
    }
    if !any {
        emit(vec![Input::Failed(Failure {
            id: rel.into(),
            source: source.to_string(),
            status: FailStatus::Empty,
            reason: "JSON Lines file holds no records".into(),
        })]);
    }
}

/// The ISIZE field of a gzip file (its last four bytes); the file's cursor
/// is put back at its start. 0 when it cannot be read.
fn gzip_size_hint(mut file: &File) -> usize {
    use std::io::{Seek, SeekFrom};
    let mut b = [0u8; 4];
    let ok = file.seek(SeekFrom::End(-4)).is_ok() && file.read_exact(&mut b).is_ok();
    if file.seek(SeekFrom::Start(0)).is_err() || !ok {
        return 0;
    }
    // A corrupt trailer must not reserve gigabytes: text packs to no less
    // than a twentieth or so of its size.
    let cap = file
        .metadata()
        .map_or(0, |m| m.len().saturating_mul(32) as usize);
    (u32::from_le_bytes(b) as usize).min(cap)
}

/// A string field taken out of the record (no copy of a page's body).
fn string_field(slot: Option<&mut Value>, key: &str) -> Result<Option<String>, String> {
    match slot {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(std::mem::take(s))),
        Some(other) => Err(format!(
            "field '{key}' must be a string, got {}",
            kind_of(other)
        )),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `id` of a record (the value of its `id` field): a string or an integer.
fn id_of(id: Option<&Value>) -> Result<Option<String>, String> {
    match id {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err("field 'id' is empty".into()),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!(
            "field 'id' must be a string or a number, got {}",
            kind_of(other)
        )),
    }
}

pub fn load_record(source: &str, fallback_id: &str, fallback_site: &str, line: &[u8]) -> Loaded {
    load_named(source, &|| fallback_id.to_string(), fallback_site, line)
}

/// The record at `line_no` of a JSON Lines file whose path is `source` and
/// whose path relative to its input is `rel`: [`load_record`] with names
/// `source:LINE` and `rel:LINE`, the second made only when it is needed
/// (a record without an id, a bad record).
pub(super) fn load_line(source: &str, rel: &str, line_no: usize, line: &[u8]) -> Loaded {
    load_named(
        &line_name(source, line_no),
        &|| line_name(rel, line_no),
        rel,
        line,
    )
}

/// `name:line_no`, without the formatting machinery (made for every record).
fn line_name(name: &str, line_no: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = line_no;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(name.len() + 1 + digits.len() - at);
    out.push_str(name);
    out.push(':');
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
    out
}

fn load_named(
    source: &str,
    fallback_id: &dyn Fn() -> String,
    fallback_site: &str,
    line: &[u8],
) -> Loaded {
    let fail = |reason: String| {
        Loaded::Failed(Failure {
            id: fallback_id(),
            source: source.into(),
            status: FailStatus::Error,
            reason,
        })
    };
    match PageFields::parse(line) {
        Ok(Parsed::Object(fields)) => page_from_fields(*fields, source, fallback_id, fallback_site),
        Ok(Parsed::Other(kind)) => fail(format!("expected a JSON object, got {kind}")),
        Err(e) => fail(format!("invalid JSON: {e}")),
    }
}

/// The values of a record's [`PAGE_FIELDS`], in that order (of a key given
/// twice, the last, as a JSON map keeps it). Parsing a line builds only
/// these: every other value is checked as a `Value` would be (same parser
/// calls, so the same errors) but nothing of it is built, where a `Value`
/// tree allocated every key and every other field of every record.
#[derive(Debug, Default)]
struct PageFields([Option<Value>; PAGE_FIELDS.len()]);

/// A parsed line: a record's page fields, or what else the JSON value is.
#[derive(Debug)]
enum Parsed {
    Object(Box<PageFields>),
    Other(&'static str),
}

impl PageFields {
    fn parse(line: &[u8]) -> Result<Parsed, serde_json::Error> {
        use serde::Deserializer;
        if let Some(fields) = super::fastjson::parse(line) {
            return Ok(Parsed::Object(Box::new(PageFields(fields))));
        }
        let mut de = serde_json::Deserializer::from_slice(line);
        let parsed = de.deserialize_any(TopVisitor)?;
        de.end()?;
        Ok(parsed)
    }

    /// The fields of an already parsed record, taken out of it.
    fn from_map(obj: &mut Map<String, Value>) -> Self {
        let mut f = Self::default();
        for (slot, key) in f.0.iter_mut().zip(PAGE_FIELDS) {
            *slot = obj.get_mut(key).map(std::mem::take);
        }
        f
    }

    fn slot(&mut self, key: &str) -> Option<&mut Value> {
        let i = PAGE_FIELDS.iter().position(|k| *k == key)?;
        self.0[i].as_mut()
    }
}

/// The top-level value of a line.
struct TopVisitor;

impl<'de> serde::de::Visitor<'de> for TopVisitor {
    type Value = Parsed;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Parsed, A::Error> {
        let mut fields = Box::<PageFields>::default();
        while let Some(key) = m.next_key::<FieldKey>()? {
            match key.0 {
                Some(i) => fields.0[i] = Some(m.next_value::<Value>()?),
                None => {
                    m.next_value::<Checked>()?;
                }
            }
        }
        Ok(Parsed::Object(fields))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Parsed, A::Error> {
        while s.next_element::<Checked>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }
    fn visit_unit<E>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }
}

/// A record's key: its place in [`PAGE_FIELDS`], if it is one of them.
struct FieldKey(Option<usize>);

impl<'de> serde::Deserialize<'de> for FieldKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = FieldKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, k: &str) -> Result<FieldKey, E> {
                Ok(FieldKey(PAGE_FIELDS.iter().position(|f| *f == k)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Any JSON value, parsed as [`Value`] parses it (through
/// `deserialize_any`: strings are checked for UTF-8 and escapes, numbers
/// for range, nesting for depth) and dropped as it is read.
struct Checked;

impl<'de> serde::Deserialize<'de> for Checked {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Checked;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Checked, A::Error> {
                while m.next_entry::<Checked, Checked>()?.is_some() {}
                Ok(Checked)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<Checked, A::Error> {
                while s.next_element::<Checked>()?.is_some() {}
                Ok(Checked)
            }
            fn visit_unit<E>(self) -> Result<Checked, E> {
                Ok(Checked)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
                Ok(Checked)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
                Ok(Checked)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
                Ok(Checked)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
                Ok(Checked)
            }
            fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
                Ok(Checked)
            }
        }
        d.deserialize_any(V)
    }
}

/// A page from an already parsed record (what `scour clean` has in hand);
/// [`load_record`] parses the line first. Reads only the keys listed in
/// `PAGE_FIELDS` (`scour clean` parses no others).
pub fn page_from_object(
    obj: &Map<String, Value>,
    source: &str,
    fallback_id: &str,
    fallback_site: &str,
) -> Loaded {
    page_from_map(obj.clone(), source, fallback_id, fallback_site)
}

/// [`page_from_object`] of a record that is not needed afterwards: the
/// page's strings are moved out of it, not copied.
pub fn page_from_map(
    mut obj: Map<String, Value>,
    source: &str,
    fallback_id: &str,
    fallback_site: &str,
) -> Loaded {
    page_from_fields(
        PageFields::from_map(&mut obj),
        source,
        &|| fallback_id.to_string(),
        fallback_site,
    )
}

/// [`page_from_map`] of a record's page fields.
fn page_from_fields(
    mut obj: PageFields,
    source: &str,
    fallback_id: &dyn Fn() -> String,
    fallback_site: &str,
) -> Loaded {
    let fail = |id: &str, status, reason: String| {
        Loaded::Failed(Failure {
            id: id.into(),
            source: source.into(),
            status,
            reason,
        })
    };
    let mut warnings = Vec::new();
    let id = match id_of(obj.slot("id").map(|v| &*v)) {
        Ok(Some(id)) => id,
        Ok(None) => {
            warnings.push("record has no 'id'; its id is the file and line".into());
            fallback_id()
        }
        Err(e) => return fail(&fallback_id(), FailStatus::Error, e),
    };
    let mut field = |key| string_field(obj.slot(key), key);
    let (html, text, url, title, date) = match (
        field("html"),
        field("text"),
        field("url"),
        field("title"),
        field("date"),
    ) {
        (Ok(h), Ok(t), Ok(u), Ok(ti), Ok(d)) => (h, t, u, ti, d),
        (h, t, u, ti, d) => {
            let err = [h.err(), t.err(), u.err(), ti.err(), d.err()]
                .into_iter()
                .flatten()
                .next()
                .unwrap_or_default();
            return fail(&id, FailStatus::Error, err);
        }
    };
    let (kind, body) = match (html, text) {
        (Some(h), _) if !h.trim().is_empty() => (PageKind::Html, h),
        (_, Some(t)) if !t.trim().is_empty() => (PageKind::Text, t),
        (None, None) => {
            return fail(
                &id,
                FailStatus::Error,
                "record has neither 'html' nor 'text'".into(),
            )
        }
        _ => {
            return fail(
                &id,
                FailStatus::Empty,
                "record's 'html'/'text' is empty".into(),
            )
        }
    };
    // The site whose template the page shares: a record's own `site` (a
    // name or a number), else its URL's host, else the file.
    let site = match obj.slot("site").map(|v| &*v) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
    .or_else(|| url.as_deref().and_then(host_of))
    .unwrap_or_else(|| fallback_site.to_string());
    Loaded::Page(
        Page {
            id,
            source: source.into(),
            kind,
            body,
            url,
            title: title.filter(|t| !t.trim().is_empty()),
            date: date.filter(|d| !d.trim().is_empty()),
            site,
            encoding: "UTF-8".into(),
        },
        warnings,
    )
}

/// The fields a page is made from: every key [`page_from_object`] reads
/// (keep the two in step); `scour clean` parses only these and carries the
/// others as written.
pub(super) const PAGE_FIELDS: [&str; 7] = ["id", "html", "text", "url", "title", "date", "site"];

/// One JSON object's fields in input order, each value kept as written, so
/// that a stage that adds fields (`scour clean`) passes every other field
/// through unchanged: a big integer or `1.0e3` is not rewritten by a round
/// trip through numbers, and nothing is escaped anew. A key given twice
/// keeps its first place and its last value, as a JSON map would.
#[derive(Debug)]
pub struct RawRecord<'a> {
    fields: Vec<(String, Field<'a>)>,
}

#[derive(Debug)]
enum Field<'a> {
    Raw(&'a serde_json::value::RawValue),
    New(Value),
}

/// Why a line is no record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Valid JSON, but not an object.
    NotObject,
    /// Not JSON.
    Syntax(String),
}

impl<'a> RawRecord<'a> {
    pub fn parse(line: &'a [u8]) -> Result<Self, RecordError> {
        use serde::de::{Deserializer, MapAccess, Visitor};
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Vec<(String, Field<'de>)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v: Vec<(String, Field<'de>)> = Vec::new();
                while let Some((k, raw)) =
                    m.next_entry::<String, &'de serde_json::value::RawValue>()?
                {
                    match v.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = Field::Raw(raw),
                        None => v.push((k, Field::Raw(raw))),
                    }
                }
                Ok(v)
            }
        }
        let mut de = serde_json::Deserializer::from_slice(line);
        let fields = de
            .deserialize_map(Fields)
            .and_then(|f| de.end().map(|()| f))
            .map_err(|e| match e.classify() {
                serde_json::error::Category::Data => RecordError::NotObject,
                _ => RecordError::Syntax(e.to_string()),
            })?;
        Ok(Self { fields })
    }

    /// The fields a page needs, parsed, as the object [`page_from_object`] reads.
    /// Fails only where a value is too deeply nested to parse.
    pub fn page_object(&self) -> Result<Map<String, Value>, String> {
        let mut obj = Map::new();
        for (k, f) in &self.fields {
            if PAGE_FIELDS.contains(&k.as_str()) {
                let v = match f {
                    Field::Raw(raw) => {
                        serde_json::from_str(raw.get()).map_err(|e| format!("field '{k}': {e}"))?
                    }
                    Field::New(v) => v.clone(),
                };
                obj.insert(k.clone(), v);
            }
        }
        Ok(obj)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == key)
    }

    /// Set a field: in its place when the record has it, else at the end.
    pub fn insert(&mut self, key: &str, value: Value) {
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = Field::New(value),
            None => self.fields.push((key.to_string(), Field::New(value))),
        }
    }

    /// The record as one line of compact JSON (no newline).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (k, f)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, k).expect("writing to memory");
            out.push(b':');
            match f {
                Field::Raw(raw) => out.extend_from_slice(raw.get().as_bytes()),
                Field::New(v) => serde_json::to_writer(&mut *out, v).expect("writing to memory"),
            }
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(line: &str) -> Loaded {
        load_record("f.jsonl:3", "f.jsonl:3", "f.jsonl", line.as_bytes())
    }

    /// The first [`load_record`], through a whole `Value` tree: the
    /// reference the field-by-field parse is tested against.
    fn load_reference(line: &[u8]) -> Loaded {
        let fail = |reason: String| {
            Loaded::Failed(Failure {
                id: "f.jsonl:3".into(),
                source: "f.jsonl:3".into(),
                status: FailStatus::Error,
                reason,
            })
        };
        match serde_json::from_slice(line) {
            Ok(Value::Object(obj)) => page_from_map(obj, "f.jsonl:3", "f.jsonl:3", "f.jsonl"),
            Ok(other) => fail(format!("expected a JSON object, got {}", kind_of(&other))),
            Err(e) => fail(format!("invalid JSON: {e}")),
        }
    }

    /// Lines made of pieces of records: page fields of every type, other
    /// fields (nested, escaped, huge numbers), keys given twice, and broken
    /// JSON (cut, trailing text, bad escapes, invalid UTF-8).
    fn record_line() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let field = proptest::sample::select(vec![
            r#""id": "a-1""#,
            r#""id": 17"#,
            r#""id": -3.5"#,
            r#""id": "  ""#,
            r#""id": [1]"#,
            r#""text": "Body \u0110o\u00e0n\nline""#,
            r#""text": """#,
            r#""text": 5"#,
            r#""html": "<p>x</p>""#,
            r#""html": null"#,
            r#""title": "T\"q\"""#,
            r#""url": "https://example.com/a""#,
            r#""url": {"x": 1}"#,
            r#""date": "2020-01-02""#,
            r#""site": 12"#,
            r#""site": " s ""#,
            r#""site": true"#,
            r#""cluster": 123456789012345678901234567890"#,
            r#""cluster": 1e999"#,
            r#""x\u0041": [1, {"a": [null, false, "\ud83d\ude00"]}, -0.0]"#,
            r#""bad": "\q""#,
            r#""deep": [[[[[[[[]]]]]]]]"#,
            "\"raw\": \"\u{e9}\"",
        ]);
        (
            proptest::collection::vec(field, 0..6),
            proptest::sample::select(vec!["", "", "", " x", "}", "\n", ","]),
            proptest::sample::select(vec![0usize, 0, 0, 1, 2]),
        )
            .prop_map(|(fields, tail, odd)| {
                let mut line = format!("{{{}}}{tail}", fields.join(", ")).into_bytes();
                match odd {
                    1 => line.truncate(line.len() / 2),
                    2 => line.insert(line.len() / 2, 0xFF),
                    _ => {}
                }
                line
            })
    }

    proptest::proptest! {
        #[test]
        fn field_parse_loads_what_a_value_tree_loads(line in record_line()) {
            let fast = load_record("f.jsonl:3", "f.jsonl:3", "f.jsonl", &line);
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{:?}", load_reference(&line)));
        }

        #[test]
        fn other_json_values_load_as_the_reference(
            line in proptest::sample::select(vec!["1", "-2.5", "\"s\"", "null", "true", "[1, {\"a\": 2}]", "[1,", "", "1 2", "[[[[1e999]]]]"])
        ) {
            let fast = load_record("f.jsonl:3", "f.jsonl:3", "f.jsonl", line.as_bytes());
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{:?}", load_reference(line.as_bytes())));
        }
    }

    #[test]
    fn deep_nesting_fails_as_a_value_tree_does() {
        let line = format!(
            "{{\"id\": 1, \"x\": {}1{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let fast = load_record("f.jsonl:3", "f.jsonl:3", "f.jsonl", line.as_bytes());
        assert!(matches!(fast, Loaded::Failed(_)), "{fast:?}");
        assert_eq!(
            format!("{fast:?}"),
            format!("{:?}", load_reference(line.as_bytes()))
        );
    }

    #[test]
    fn a_truncated_gzip_keeps_its_complete_lines_and_names_where_it_broke() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        for i in 0..200 {
            writeln!(
                gz,
                r#"{{"id": {i}, "text": "record number {i} of the file"}}"#
            )
            .unwrap();
        }
        let bytes = gz.finish().unwrap();
        let path = dir.path().join("cut.jsonl.gz");
        std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
        // Whole file, and chunks that end mid-line.
        for chunk in [usize::MAX, 100] {
            let inputs = read_all(&path, "cut.jsonl.gz", true, chunk);
            let (records, failures): (Vec<_>, Vec<_>) = inputs
                .iter()
                .partition(|i| matches!(i, Input::Record { .. }));
            truncated_file_checks(&records, &failures);
        }
    }

    /// Every input of a JSON Lines file, read in chunks of `chunk` bytes.
    fn read_all(path: &Path, rel: &str, gz: bool, chunk: usize) -> Vec<Input> {
        let mut inputs = Vec::new();
        read_records(path, rel, gz, chunk, &mut |batch| inputs.extend(batch));
        inputs
    }

    /// Each record's line number and bytes.
    fn lines_of(inputs: &[Input]) -> Vec<(usize, Vec<u8>)> {
        inputs
            .iter()
            .filter_map(|i| match i {
                Input::Record {
                    file,
                    line_no,
                    span,
                } => Some((*line_no, file.data[span.clone()].to_vec())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn chunks_give_the_records_a_whole_read_gives() {
        let dir = tempfile::tempdir().unwrap();
        let long = "x".repeat(300);
        let body = format!(
            "{{\"id\": 1, \"text\": \"a\"}}\n\n   \n{{\"id\": 2, \"text\": \"{long}\"}}\r\n{{\"id\": 3, \"text\": \"b\"}}\n{{\"id\": 4, \"text\": \"last, no newline\"}}"
        );
        let plain = dir.path().join("p.jsonl");
        std::fs::write(&plain, &body).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, body.as_bytes()).unwrap();
        let zipped = dir.path().join("p.jsonl.gz");
        std::fs::write(&zipped, gz.finish().unwrap()).unwrap();
        let whole = lines_of(&read_all(&plain, "p.jsonl", false, usize::MAX));
        assert_eq!(
            whole.iter().map(|l| l.0).collect::<Vec<_>>(),
            vec![1, 4, 5, 6]
        );
        assert!(whole[3].1.ends_with(b"no newline\"}"));
        for chunk in [1, 7, 40, 64, 65, 299, 1000, usize::MAX] {
            assert_eq!(
                lines_of(&read_all(&plain, "p.jsonl", false, chunk)),
                whole,
                "chunk {chunk}"
            );
            assert_eq!(
                lines_of(&read_all(&zipped, "p.jsonl.gz", true, chunk)),
                whole,
                "gz chunk {chunk}"
            );
        }
        // A file of blank lines has no records, however it is read.
        let blank = dir.path().join("b.jsonl");
        std::fs::write(&blank, "\n \n\n").unwrap();
        for chunk in [1, usize::MAX] {
            let inputs = read_all(&blank, "b.jsonl", false, chunk);
            let [Input::Failed(f)] = inputs.as_slice() else {
                panic!("expected one failure, got {inputs:?}")
            };
            assert_eq!(f.status, FailStatus::Empty);
        }
    }

    #[test]
    fn gzip_members_are_read_as_one_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let member = |from: usize, n: usize| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            for i in from..from + n {
                writeln!(gz, r#"{{"id": {i}, "text": "record {i}"}}"#).unwrap();
            }
            gz.finish().unwrap()
        };
        // The trailer gives the last member's size (the size hint), smaller
        // or larger than the first member's.
        for (a, b) in [(30, 5), (5, 30)] {
            let mut bytes = member(0, a);
            bytes.extend(member(a, b));
            let path = dir.path().join("m.jsonl.gz");
            std::fs::write(&path, &bytes).unwrap();
            let lines = lines_of(&read_all(&path, "m.jsonl.gz", true, usize::MAX));
            assert_eq!(lines.len(), a + b);
            assert!(lines[a + b - 1]
                .1
                .starts_with(format!("{{\"id\": {}", a + b - 1).as_bytes()));
            // Trailing bytes that are no gzip member fail, after the
            // records before them.
            bytes.extend_from_slice(b"\0\0\0\0");
            std::fs::write(&path, &bytes).unwrap();
            let inputs = read_all(&path, "m.jsonl.gz", true, usize::MAX);
            assert_eq!(lines_of(&inputs), lines);
            assert!(matches!(inputs.last(), Some(Input::Failed(_))));
        }
    }

    /// The records and failures of the first two thirds of a gzip of 200 records.
    fn truncated_file_checks(records: &[&Input], failures: &[&Input]) {
        assert!(
            !records.is_empty() && records.len() < 200,
            "{}",
            records.len()
        );
        // Every record is a whole line that parses.
        for r in records {
            assert!(matches!(super::super::load(r), Loaded::Page(..)));
        }
        let [Input::Failed(f)] = failures else {
            panic!("expected one failure, got {failures:?}")
        };
        assert_eq!(f.id, format!("cut.jsonl.gz:{}", records.len() + 1));
        assert!(
            f.reason.contains("truncated or corrupt gzip"),
            "{}",
            f.reason
        );
    }

    #[test]
    fn line_names_are_name_colon_line() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(line_name("a/b.jsonl", n), format!("a/b.jsonl:{n}"));
        }
        // A record without an id is named after its file and line.
        let Loaded::Page(p, _) = load_line("/in/f.jsonl", "f.jsonl", 12, br#"{"text": "x"}"#)
        else {
            panic!("expected a page")
        };
        assert_eq!(
            (p.id.as_str(), p.source.as_str()),
            ("f.jsonl:12", "/in/f.jsonl:12")
        );
    }

    #[test]
    fn good_record() {
        let Loaded::Page(p, w) =
            load(r#"{"id": 7, "html": "<p>x</p>", "url": "https://vov.vn/a", "title": "T"}"#)
        else {
            panic!("expected a page")
        };
        assert_eq!(
            (p.id.as_str(), p.kind, p.site.as_str()),
            ("7", PageKind::Html, "vov.vn")
        );
        assert_eq!(p.title.as_deref(), Some("T"));
        assert!(w.is_empty());
    }

    #[test]
    fn bad_records_name_the_problem() {
        let reason = |l: &str| match load(l) {
            Loaded::Failed(f) => (f.status, f.reason),
            Loaded::Page(..) => panic!("expected failure for {l}"),
        };
        assert!(reason("{not json").1.starts_with("invalid JSON"));
        assert_eq!(reason("[1,2]").1, "expected a JSON object, got an array");
        assert_eq!(
            reason(r#"{"id":"a"}"#).1,
            "record has neither 'html' nor 'text'"
        );
        assert_eq!(reason(r#"{"id":"a","text":"  "}"#).0, FailStatus::Empty);
        assert_eq!(
            reason(r#"{"id":"a","text":5}"#).1,
            "field 'text' must be a string, got a number"
        );
    }

    #[test]
    fn missing_id_falls_back_with_warning() {
        let Loaded::Page(p, w) = load(r#"{"text": "hello"}"#) else {
            panic!()
        };
        assert_eq!(p.id, "f.jsonl:3");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn site_comes_from_the_record_then_the_url_then_the_file() {
        let site = |line: &str| match load(line) {
            Loaded::Page(p, _) => p.site,
            Loaded::Failed(f) => panic!("{f:?}"),
        };
        assert_eq!(
            site(r#"{"text":"x","site":"a.vn","url":"https://b.vn/1"}"#),
            "a.vn"
        );
        assert_eq!(site(r#"{"text":"x","site":15}"#), "15");
        assert_eq!(site(r#"{"text":"x","url":"https://b.vn/1"}"#), "b.vn");
        assert_eq!(site(r#"{"text":"x","site":""}"#), "f.jsonl");
    }

    fn round_trip(line: &str) -> String {
        let r = RawRecord::parse(line.as_bytes()).unwrap();
        let mut out = Vec::new();
        r.write_to(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn raw_records_keep_values_as_written() {
        assert_eq!(
            round_trip(
                r#"{"id": 1, "big": 123456789012345678901234567890, "f": 1.0e3, "a": [1, 2]}"#
            ),
            r#"{"id":1,"big":123456789012345678901234567890,"f":1.0e3,"a":[1, 2]}"#
        );
        assert_eq!(round_trip(r#"{"s":"\u00e9\n"}"#), r#"{"s":"\u00e9\n"}"#);
        // A repeated key keeps its first place and its last value.
        assert_eq!(round_trip(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn raw_records_insert_in_place_or_at_the_end() {
        let mut r = RawRecord::parse(br#"{"text":"old","id":"x"}"#).unwrap();
        r.insert("text", Value::String("new".into()));
        r.insert("title", Value::Null);
        assert!(r.contains_key("title") && !r.contains_key("url"));
        let mut out = Vec::new();
        r.write_to(&mut out);
        assert_eq!(out, br#"{"text":"new","id":"x","title":null}"#);
        let obj = r.page_object().unwrap();
        assert_eq!(obj["text"], "new");
        assert_eq!(obj["id"], "x");
    }

    #[test]
    fn raw_record_errors() {
        assert_eq!(
            RawRecord::parse(b"[1,2]").unwrap_err(),
            RecordError::NotObject
        );
        assert_eq!(
            RawRecord::parse(b"\"s\"").unwrap_err(),
            RecordError::NotObject
        );
        assert!(matches!(
            RawRecord::parse(b"{not json").unwrap_err(),
            RecordError::Syntax(_)
        ));
        assert!(matches!(
            RawRecord::parse(b"{} {}").unwrap_err(),
            RecordError::Syntax(_)
        ));
        assert!(RawRecord::parse(b"  {}\n").is_ok());
    }
}
