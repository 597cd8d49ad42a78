//! A folder of bad pages still finishes, with every page in the manifest.

mod common;

use std::collections::HashMap;
use std::fs;

use scour::output::Status;

const LONG_VI: &str = "Hội nghị tổng kết công tác ngoại giao năm 2022 đã diễn ra tại Hà Nội với sự tham dự của nhiều đại biểu từ các bộ, ngành và địa phương trên cả nước.\n\nTại hội nghị, các đại biểu đã đánh giá kết quả đạt được trong năm qua, chỉ ra những hạn chế còn tồn tại và đề xuất nhiều giải pháp để thực hiện thắng lợi nhiệm vụ năm 2023.\n";
const LONG_EN: &str = "The city council met on Tuesday evening to review the budget for next year, and members debated the cost of repairing the old bridge across the river for more than three hours.\n\nThe mayor said that a decision would be taken at the next meeting, after engineers have presented their report on the state of the bridge and the options for its repair.\n";
static LATIN1: &[u8] = b"Le caf\xe9 de la place est tr\xe8s fr\xe9quent\xe9 par les habitants du quartier depuis des ann\xe9es, et le patron conna\xeet chacun de ses clients par son pr\xe9nom. Les jours de march\xe9, la terrasse est pleine du matin au soir, et les conversations vont bon train autour des tables install\xe9es sous les platanes.\n";

#[test]
fn bad_files_are_reported_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("good.txt"), LONG_VI).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("blank.html"), "  \n\t\n").unwrap();
    fs::write(
        d.join("image.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0",
    )
    .unwrap();
    // windows-1252 bytes, not UTF-8, no label: detected, never dropped.
    fs::write(d.join("latin.txt"), LATIN1).unwrap();
    // Declared windows-1258 HTML.
    // windows-1258 writes tones as combining marks: "Thủ tướng Phạm Minh Chính ...".
    let vn: &[u8] = b"<html><head><meta charset=\x22windows-1258\x22></head><body><p>Thu\xd2 t\xfd\xf5\xecng Pha\xf2m Minh Ch\xednh d\xfd\xf2 h\xf4\xf2i nghi\xf2 t\xf4\xd2ng k\xea\xect c\xf4ng t\xe1c ngoa\xf2i giao n\xe3m 2022 ta\xf2i H\xe0 N\xf4\xf2i.</p><p>H\xf4\xf2i nghi\xf2 \xf0a\xde \xf0\xe1nh gi\xe1 k\xea\xect qua\xd2 c\xf4ng t\xe1c cu\xd2a n\xe3m qua v\xe0 \xf0\xea\xcc ra nhi\xea\xccu nhi\xea\xf2m vu\xf2 quan tro\xf2ng cho n\xe3m 2023, trong \xf0\xf3 c\xf3 vi\xea\xf2c \xf0\xe2\xd2y ma\xf2nh ngoa\xf2i giao kinh t\xea\xec v\xe0 ba\xd2o h\xf4\xf2 c\xf4ng d\xe2n \xf5\xd2 n\xfd\xf5\xecc ngo\xe0i.</p></body></html>";
    fs::write(d.join("legacy.html"), vn).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing-target.html"), d.join("broken-link.html")).unwrap();
    fs::write(
        d.join("pages.jsonl"),
        format!(
            "{{\"id\":\"r1\",\"text\":{}}}\n{{broken json\n{{\"id\":\"r3\"}}\n",
            serde_json::to_string(LONG_EN).unwrap()
        ),
    )
    .unwrap();
    fs::write(d.join("notes.md"), "not a page").unwrap();

    let run = common::run(&[d], 2);
    let m: HashMap<&str, (Status, Option<&str>)> = run
        .manifest
        .iter()
        .map(|e| (e.id.as_str(), (e.status, e.reason.as_deref())))
        .collect();
    let status = |id: &str| {
        m.get(id)
            .unwrap_or_else(|| panic!("{id} missing from manifest: {m:?}"))
            .0
    };
    assert_eq!(status("good.txt"), Status::Canonical);
    assert_eq!(status("empty.txt"), Status::Empty);
    assert_eq!(status("blank.html"), Status::Empty);
    assert_eq!(status("image.html"), Status::Error);
    assert!(m["image.html"].1.unwrap().contains("binary"));
    assert_eq!(status("latin.txt"), Status::Canonical);
    assert_eq!(status("legacy.html"), Status::Canonical);
    #[cfg(unix)]
    assert_eq!(status("broken-link.html"), Status::Error);
    assert_eq!(status("r1"), Status::Canonical);
    assert_eq!(status("pages.jsonl:2"), Status::Error);
    assert!(m["pages.jsonl:2"].1.unwrap().starts_with("invalid JSON"));
    assert_eq!(status("r3"), Status::Error);
    assert_eq!(run.report.skipped.len(), 1, "notes.md is listed as skipped");

    let text = |id: &str| {
        run.documents
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.text.clone())
            .unwrap_or_default()
    };
    assert!(text("latin.txt").contains("café"), "{}", text("latin.txt"));
    assert!(
        text("legacy.html").contains("Thủ tướng Phạm Minh Chính dự hội nghị"),
        "{}",
        text("legacy.html")
    );
    assert_eq!(run.report.totals.pages, run.manifest.len());
}

#[test]
fn repeated_ids_are_renamed_not_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let line = |id: &str, t: &str| format!("{{\"id\":\"{id}\",\"text\":\"{t}\"}}\n");
    fs::write(
        tmp.path().join("a.jsonl"),
        line(
            "x",
            "Bài thứ nhất nói về thời tiết miền Bắc trong tuần này có mưa lớn và lạnh.",
        ) + &line(
            "x",
            "Bài thứ hai nói về giá vàng hôm nay tăng mạnh trên thị trường trong nước.",
        ),
    )
    .unwrap();
    let run = common::run(&[tmp.path()], 1);
    let ids: Vec<_> = run.manifest.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["x", "x#2"]);
    assert!(run.manifest[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("renamed"));
}
