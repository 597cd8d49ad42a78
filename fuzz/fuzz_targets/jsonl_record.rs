//! One JSON Lines record: a page or a failure with a reason, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::ingest::{jsonl::load_record, Loaded};

fuzz_target!(|data: &[u8]| {
    match load_record("fuzz.jsonl:1", "fuzz.jsonl:1", "fuzz.jsonl", data) {
        Loaded::Page(p, _) => assert!(!p.id.is_empty()),
        Loaded::Failed(f) => assert!(!f.reason.is_empty()),
    }
});
