//! HTML character references left in extracted text: `&#7879;`, `&#x1EC7;`,
//! `&agrave;`, and double-escaped `&amp;#7879;` (an entity whose `&` was
//! escaped again by a second encoder). Only complete references ending in
//! `;` are decoded, with the WHATWG table of names; "AT&T" or "R&D;" style
//! text that is not a known reference stays as it is.

use markup5ever::data::NAMED_ENTITIES;

/// Whether `text` may hold a character reference: some `&` with a `;`
/// within 40 bytes after it (every `&`, not only the first: "AT&T" before
/// an `&#7879;` must not hide it).
pub(crate) fn suspect(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'&', b).any(|i| b[i + 1..].iter().take(40).any(|&c| c == b';'))
}

fn reference_at(s: &str) -> Option<(String, usize)> {
    // s starts with '&'
    let rest = &s[1..];
    let end = rest.find(';')?;
    if end == 0 || end > 32 {
        return None;
    }
    let body = &rest[..end];
    let len = end + 2;
    if let Some(num) = body.strip_prefix('#') {
        let cp = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if !num.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(cp).filter(|&c| c != '\0')?;
        return Some((c.to_string(), len));
    }
    if !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let key = &s[1..len];
    let &(a, b) = NAMED_ENTITIES.get(key)?;
    let mut out = String::new();
    out.push(char::from_u32(a)?);
    if b != 0 {
        out.push(char::from_u32(b)?);
    }
    Some((out, len))
}

/// Decode character references; `None` when there were none.
pub fn decode(text: &str) -> Option<String> {
    let mut cur: Option<String> = None;
    // Two rounds: "&amp;#7879;" -> "&#7879;" -> "ệ".
    for _ in 0..2 {
        let src = cur.as_deref().unwrap_or(text);
        if !suspect(src) {
            break;
        }
        let mut out = String::with_capacity(src.len());
        let mut changed = false;
        let mut i = 0;
        while let Some(off) = src[i..].find('&') {
            let at = i + off;
            out.push_str(&src[i..at]);
            match reference_at(&src[at..]) {
                Some((rep, len)) => {
                    out.push_str(&rep);
                    i = at + len;
                    changed = true;
                }
                None => {
                    out.push('&');
                    i = at + 1;
                }
            }
        }
        out.push_str(&src[i..]);
        if !changed {
            break;
        }
        // Only a second round for double escaping: "&amp;" that produced a new reference.
        let again = src.contains("&amp;");
        cur = Some(out);
        if !again {
            break;
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_reference_is_seen_after_a_bare_ampersand() {
        assert!(suspect("AT&T said Vi&#7879;t"));
        assert_eq!(decode("AT&T: Vi&#7879;t").as_deref(), Some("AT&T: Việt"));
        assert!(!suspect("AT&T and R&D"));
    }

    #[test]
    fn numeric_named_and_double() {
        assert_eq!(decode("Vi&#7879;t Nam").as_deref(), Some("Việt Nam"));
        assert_eq!(decode("Vi&#x1EC7;t").as_deref(), Some("Việt"));
        assert_eq!(
            decode("Th&agrave;nh ph&#7889;").as_deref(),
            Some("Thành phố")
        );
        assert_eq!(decode("Vi&amp;#7879;t").as_deref(), Some("Việt"));
        assert_eq!(decode("a &amp; b").as_deref(), Some("a & b"));
    }

    #[test]
    fn not_references() {
        assert_eq!(decode("AT&T and R&D"), None);
        assert_eq!(decode("x &foo; y"), None);
        assert_eq!(decode("&#0;"), None);
    }
}
