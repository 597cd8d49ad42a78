//! Bytes of any page: decoding never panics and always yields valid UTF-8.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = scour::ingest::decode::looks_binary(data);
    for html in [false, true] {
        let d = scour::ingest::decode::decode(data, html);
        assert!(std::str::from_utf8(d.text.as_bytes()).is_ok());
    }
});
