//! Normalization of arbitrary text: no panic, idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::normalize::{Normalize, Normalizer};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let n = Normalizer::default();
    let once = n.normalize(&s).into_owned();
    assert_eq!(n.normalize(&once), once);
});
