//! One JSON Lines record: a page or a failure with a reason, never a panic.
//! The same bytes as a raw record (`scour clean`'s pass-through): written
//! back, it is one JSON object that parses again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::ingest::{
    jsonl::{load_record, RawRecord},
    Loaded,
};

fuzz_target!(|data: &[u8]| {
    match load_record("fuzz.jsonl:1", "fuzz.jsonl:1", "fuzz.jsonl", data) {
        Loaded::Page(p, _) => assert!(!p.id.is_empty()),
        Loaded::Failed(f) => assert!(!f.reason.is_empty()),
    }
    if let Ok(mut r) = RawRecord::parse(data) {
        let _ = r.page_object();
        r.insert("text", serde_json::Value::String("x".into()));
        let mut out = Vec::new();
        r.write_to(&mut out);
        // (A value nested too deeply for serde_json's limit parses as raw
        // text but not as a Value; only inputs that parse are checked.)
        if serde_json::from_slice::<serde_json::Value>(data).is_ok() {
            let back: serde_json::Value =
                serde_json::from_slice(&out).expect("written record parses");
            assert!(back.is_object());
        }
    }
});
