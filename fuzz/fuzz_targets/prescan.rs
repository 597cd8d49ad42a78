//! The pre-parse pass on arbitrary input: no panic, never longer than the
//! page, borrowed when nothing is cut, and the extraction is the same with
//! and without it (html5ever is the oracle).
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::boilerplate::{html, prescan, BoilerplateConfig};
use std::borrow::Cow;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let stripped = prescan::strip(&page);
    assert!(stripped.len() <= page.len());
    if let Cow::Owned(s) = &stripped {
        assert_ne!(s.as_str(), &*page, "copied without cutting anything");
    }
    let cfg = BoilerplateConfig::default();
    assert_eq!(
        html::extract(&page, &cfg),
        html::extract_without_prescan(&page, &cfg)
    );
});
