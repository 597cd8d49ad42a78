//! Normalization of arbitrary bytes: no panic, output valid UTF-8 (it is a
//! `String`; checked again through `from_utf8` of its bytes), NFC when
//! `nfc` is on, and idempotent on text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::ingest::decode::decode;
use scour::normalize::{Normalize, Normalizer};

fuzz_target!(|data: &[u8]| {
    let n = Normalizer::default();
    // Raw bytes through the decoder (legacy detection included), then the
    // normalizer with its document plan.
    let decoded = decode(data, data.starts_with(b"<"));
    let out = n.normalize_noted(&decoded.text);
    assert!(std::str::from_utf8(out.text.as_bytes()).is_ok());
    assert!(unicode_normalization::is_nfc(&out.text));
    // Text as given.
    let s = String::from_utf8_lossy(data);
    let once = n.normalize(&s).into_owned();
    assert_eq!(n.normalize(&once), once);
});
