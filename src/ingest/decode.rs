//! Bytes to text: never drop a page for its encoding.
//!
//! Order of evidence, strongest first:
//! 1. a byte-order mark (UTF-8, UTF-16LE/BE);
//! 2. valid UTF-8 (by far the common case; checked before any label, since a
//!    page that is valid UTF-8 but labelled windows-1252 was mislabelled);
//! 3. legacy Vietnamese 8-bit encodings (TCVN3, VNI, VISCII, VPS,
//!    windows-1258), scored on the bytes themselves
//!    ([`crate::normalize::legacy::detect_bytes`]): such pages are usually
//!    labelled windows-1252 or ISO-8859-1, or not at all, and chardetng calls
//!    them windows-1252; the score only accepts a decoding that turns most
//!    words into valid Vietnamese syllables, so French or German pages are
//!    never taken for Vietnamese;
//! 4. for HTML, a `<meta charset>` or `http-equiv` label in the first 4 KiB;
//! 5. otherwise `chardetng`, Firefox's detector, which is built for
//!    `encoding_rs` and knows windows-1258 among the legacy encodings.
//!
//! Decoding replaces malformed sequences with U+FFFD rather than failing; the
//! count is returned so that the manifest can say a page was damaged.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::normalize::legacy;

/// A decoded page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used, e.g. `UTF-8`, `windows-1258`.
    pub encoding: &'static str,
    /// Whether some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
}

/// Decode `bytes`; `is_html` allows a `<meta charset>` label to be honoured.
pub fn decode(bytes: &[u8], is_html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            had_errors,
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
            had_errors: false,
        };
    }
    if let Some(leg) = legacy::detect_bytes(bytes) {
        return Decoded {
            text: legacy::decode_bytes(bytes, leg),
            encoding: leg.name(),
            had_errors: false,
        };
    }
    let enc = is_html
        .then(|| meta_charset(bytes))
        .flatten()
        // A page that declares UTF-8 but is not valid UTF-8 was saved by a
        // tool that re-encoded it; the label no longer describes the bytes.
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
        .unwrap_or_else(|| {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        });
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        had_errors,
    }
}

/// The charset an HTML page declares in its first 4 KiB, if any.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len()
            && (lower[i].is_ascii_whitespace() || lower[i] == b'"' || lower[i] == b'\'')
        {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || b"-_:.".contains(&lower[i])) {
            i += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..i]) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether bytes look like a binary file rather than a page: NUL bytes or
/// many C0 control characters in the first 8 KiB (after any UTF-16 BOM,
/// whose text is full of NULs).
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some_and(|(e, _)| e == UTF_16LE || e == UTF_16BE) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Việt Nam".as_bytes(), false);
        assert_eq!(d.text, "Việt Nam");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.had_errors);
    }

    #[test]
    fn bom_is_honoured_and_stripped() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("Hà Nội".as_bytes());
        assert_eq!(decode(&b, false).text, "Hà Nội");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Huế".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode(&utf16, false);
        assert_eq!((d.text.as_str(), d.encoding), ("Huế", "UTF-16LE"));
        assert!(!looks_binary(&utf16));
    }

    #[test]
    fn meta_charset_is_honoured() {
        // windows-1258 spells ệ as ê (0xEA) + combining dot below (0xF2).
        let d = decode(
            b"<meta charset=\"windows-1258\"><p>Vi\xea\xf2t Nam \xf0e\xf2p</p>",
            true,
        );
        assert_eq!(d.encoding, "windows-1258");
        // windows-1258 stores tones as combining marks; NFC is the normalize stage's job.
        use unicode_normalization::UnicodeNormalization;
        assert!(d.text.nfc().collect::<String>().contains("Việt Nam đẹp"));
        let http_equiv =
            b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'><p>caf\xe9</p>";
        assert!(decode(http_equiv, true).text.contains("café"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected_not_dropped() {
        let d = decode(
            b"Le caf\xe9 est tr\xe8s bon, n'est-ce pas? Oui, tr\xe8s.",
            false,
        );
        assert!(d.text.contains("café"), "{}", d.text);
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn legacy_vietnamese_bytes_are_detected() {
        let tcvn3 = b"<p>Ti\xd5ng Vi\xd6t l\xb5 ng\xabn ng\xf7 c\xf1a ng\xad\xeai Vi\xd6t.</p>";
        let d = decode(tcvn3, true);
        assert_eq!(d.encoding, "x-viet-tcvn3");
        assert!(
            d.text.contains("Tiếng Việt là ngôn ngữ của người Việt"),
            "{}",
            d.text
        );
        let vni = b"Tie\xe1ng Vie\xe4t la\xf8 ngo\xe2n ng\xf6\xf5 cu\xfba ng\xf6\xf4\xf8i Vie\xe4t";
        let d = decode(vni, false);
        assert_eq!(d.encoding, "x-viet-vni");
        assert!(
            d.text.contains("Tiếng Việt là ngôn ngữ của người Việt"),
            "{}",
            d.text
        );
        // A French page in windows-1252 stays French.
        let fr = b"<p>Le caf\xe9 est tr\xe8s bon \xe0 Montr\xe9al.</p>";
        assert!(decode(fr, true)
            .text
            .contains("café est très bon à Montréal"));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"plain text\nwith lines\n"));
        assert!(!looks_binary(b""));
    }
}
