//! The byte tokenizer on arbitrary input: no panic, and the tree is the one
//! `scraper::Html::parse_document` builds (html5ever's tokenizer is the
//! oracle), on the page as it is and after the pre-parse pass.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::boilerplate::{prescan, tokenize_html};

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let stripped = prescan::strip(&page);
    for p in [&*page, &*stripped] {
        let reference = scraper::Html::parse_document(p);
        let ours = tokenize_html::parse_document(p);
        if let Some(d) = tokenize_html::tree_difference(&reference, &ours) {
            panic!("{p:?}: {d}");
        }
    }
});
