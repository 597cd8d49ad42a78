//! Boilerplate removal on arbitrary input, HTML or text dump (the first byte
//! chooses): no panic, and site templates learned from the result apply
//! cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scour::boilerplate::{Boilerplate, BoilerplateConfig, Extractor, SiteTemplates};
use scour::model::{Page, PageKind};

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let kind = if choice & 1 == 0 { PageKind::Html } else { PageKind::Text };
    let page = Page {
        id: "fuzz".into(),
        source: "fuzz".into(),
        kind,
        body: String::from_utf8_lossy(rest).into_owned(),
        url: None,
        title: None,
        date: None,
        site: "fuzz".into(),
        encoding: "UTF-8".into(),
    };
    let cfg = BoilerplateConfig::default();
    let ex = Boilerplate::new(&cfg).extract(&page);
    let t = SiteTemplates::learn([("fuzz", &ex), ("fuzz", &ex), ("fuzz", &ex)], &cfg);
    let _ = t.apply("fuzz", ex);
});
