//! No panic on any input: the fuzz targets' properties, checked with
//! proptest on every test run (CI has no fuzzer).

use proptest::prelude::*;
use scour::boilerplate::{Boilerplate, BoilerplateConfig, Extractor, SiteTemplates};
use scour::ingest::{decode, jsonl::load_record, Loaded};
use scour::model::{Page, PageKind};

fn page(body: String, kind: PageKind) -> Page {
    Page {
        id: "p".into(),
        source: "p".into(),
        kind,
        body,
        url: None,
        title: None,
        date: None,
        site: "s".into(),
        encoding: "UTF-8".into(),
    }
}

/// HTML-ish text: tags, entities, text, in random nesting and order.
fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div class=\"content\">".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<a href='x'>".to_string()),
        Just("</a>".to_string()),
        Just("<nav>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<br><br>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("&amp;#7879;&nbsp;".to_string()),
        Just("<meta property=\"og:title\" content=\"T\">".to_string()),
        Just("Hội nghị tổng kết công tác năm 2022. ".to_string()),
        Just("Related news ".to_string()),
        "[^<>]{0,40}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// Text-dump-ish text: lines of chrome, prose, counters, blanks.
fn dumpish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("RELATED NEWS".to_string()),
        Just("793 online users".to_string()),
        Just("\u{a0}".to_string()),
        Just("".to_string()),
        Just("Comment (0)".to_string()),
        Just("Headline of another story...(03/02/2023 2:00 CH)".to_string()),
        Just(
            "The conference reviewed the work of the sector in 2022 and set tasks for 2023."
                .to_string()
        ),
        "[^\n]{0,120}",
    ];
    prop::collection::vec(line, 0..60).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn decode_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), html in any::<bool>()) {
        let d = decode::decode(&bytes, html);
        prop_assert!(std::str::from_utf8(d.text.as_bytes()).is_ok());
        let _ = decode::looks_binary(&bytes);
    }

    #[test]
    fn jsonl_any_line(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match load_record("f:1", "f:1", "f", &bytes) {
            Loaded::Page(p, _) => prop_assert!(!p.id.is_empty()),
            Loaded::Failed(f) => prop_assert!(!f.reason.is_empty()),
        }
    }

    #[test]
    fn extract_any_html(body in htmlish()) {
        let cfg = BoilerplateConfig::default();
        let ex = Boilerplate::new(&cfg).extract(&page(body, PageKind::Html));
        prop_assert!(ex.paragraphs.iter().all(|p| !p.contains("alert(1)")), "script text kept: {:?}", ex.paragraphs);
        let t = SiteTemplates::learn([("s", &ex), ("s", &ex), ("s", &ex)], &cfg);
        let _ = t.apply("s", ex);
    }

    #[test]
    fn extract_any_text(body in dumpish()) {
        let cfg = BoilerplateConfig::default();
        let ex = Boilerplate::new(&cfg).extract(&page(body, PageKind::Text));
        let t = SiteTemplates::learn([("s", &ex)], &cfg);
        let _ = t.apply("s", ex);
    }

    #[test]
    fn extract_arbitrary_unicode(body in "\\PC{0,400}", html in any::<bool>()) {
        let kind = if html { PageKind::Html } else { PageKind::Text };
        let _ = Boilerplate::new(&BoilerplateConfig::default()).extract(&page(body, kind));
    }

    #[test]
    fn config_any_text(s in "\\PC{0,200}") {
        let _ = scour::Config::from_toml(&s, std::path::Path::new("x.toml"));
    }
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    let body = "<div>".repeat(20_000)
        + "Nội dung bài viết rất dài và đầy đủ ý nghĩa cho người đọc."
        + &"</div>".repeat(20_000);
    let _ = Boilerplate::new(&BoilerplateConfig::default()).extract(&page(body, PageKind::Html));
}
