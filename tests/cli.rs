//! The `scour` command on temp folders: exit codes, messages, filters.
//! Snapshots mask paths and times.

mod common;

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

fn scour() -> Command {
    let mut c = Command::cargo_bin("scour").unwrap();
    c.current_dir(common::root());
    c
}

fn masked(s: &str, tmp: &std::path::Path) -> String {
    let s = s.replace(&tmp.display().to_string(), "[TMP]");
    regex::Regex::new(r#""seconds":[0-9.]+"#)
        .unwrap()
        .replace_all(&s, r#""seconds":"[SECONDS]""#)
        .into_owned()
}

#[test]
fn run_json_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = scour()
        .args(["run", "raw", "-o"])
        .arg(&out)
        .args(["--json", "--quiet", "--threads", "2"])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        assert.get_output().stderr.is_empty(),
        "--quiet writes nothing to stderr"
    );
    insta::assert_snapshot!(masked(&stdout, tmp.path()));
    for f in [
        "documents.jsonl",
        "manifest.jsonl",
        "report.json",
        "removed.jsonl",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    assert!(out.join("docs").read_dir().unwrap().count() > 0);
}

#[test]
fn missing_input_is_fatal_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let assert = scour()
        .args(["run", "no/such/folder", "-o"])
        .arg(tmp.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_config_key_is_fatal_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("my.toml");
    fs::write(&cfg, "[dedup]\nenabled = true\nthreshhold = 0.5\n").unwrap();
    let assert = scour()
        .args(["run", "raw", "--config"])
        .arg(&cfg)
        .assert()
        .code(2);
    let stderr = masked(
        &String::from_utf8(assert.get_output().stderr.clone()).unwrap(),
        tmp.path(),
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_pages_give_exit_code_1_and_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("bin.html"), b"\0\0\0\x01\x02binary").unwrap();
    fs::write(
        pages.join("ok.txt"),
        "Một đoạn văn bản đủ dài để được giữ lại sau khi loại bỏ phần thừa của trang web.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    scour()
        .args(["run"])
        .arg(&pages)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("1 errors").and(predicate::str::contains("manifest.jsonl")),
        );
    let manifest = fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), 2);
    assert!(manifest.contains(r#""status":"error""#));
}

#[test]
fn clean_is_a_jsonl_filter_that_keeps_fields_and_order() {
    let input = concat!(
        r#"{"id":"a","url":"https://www.example.vn/tin/1","html":"<html><head><title>Bão số 5 đổ bộ - Example</title></head><body><nav><a href='/'>Trang chủ</a> <a href='/x'>Thời sự</a></nav><article><h1>Bão số 5 đổ bộ</h1><p>Chiều nay, bão số 5 đã đổ bộ vào các tỉnh miền Trung, gây mưa lớn trên diện rộng và gió giật mạnh.</p><p>Chính quyền địa phương đã sơ tán hàng nghìn hộ dân đến nơi an toàn trước khi bão vào.</p><p>Theo cơ quan khí tượng, mưa lớn sẽ còn kéo dài đến hết ngày mai, người dân cần theo dõi thông tin và không ra khơi.</p></article><footer>© 2024 Example</footer></body></html>","lang":"vi","n":3}"#,
        "\n",
        "{not json}\n",
        r#"{"id":"c","other":true}"#,
        "\n",
        r#"{"id":"d","text":"Hà Nội mưa to suốt đêm qua khiến nhiều tuyến phố bị ngập sâu và giao thông ùn tắc kéo dài.\n\nNhiều người phải dắt xe qua những đoạn đường ngập, trong khi lực lượng chức năng được điều động để phân luồng giao thông tại các nút giao lớn của thành phố.\n\n793 online users"}"#,
        "\n"
    );
    let assert = scour()
        .args(["clean", "--quiet"])
        .write_stdin(input)
        .assert()
        .code(1);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4, "one output line per input line");
    assert_eq!(rows[0]["lang"], "vi");
    assert_eq!(rows[0]["n"], 3);
    assert_eq!(rows[0]["site"], "example.vn");
    let text = rows[0]["text"].as_str().unwrap();
    assert!(
        text.contains("bão số 5 đã đổ bộ")
            && !text.contains("Trang chủ")
            && !text.contains("2024 Example"),
        "{text}"
    );
    assert!(rows[1]["error"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(rows[2]["error"], "record has neither 'html' nor 'text'");
    assert_eq!(rows[2]["other"], true);
    assert!(!rows[3]["text"].as_str().unwrap().contains("online users"));
}

#[test]
fn clean_passes_other_fields_through_as_written() {
    // Numbers a round trip through f64 would change, and nested values with
    // their spacing: "every other field of the record unchanged".
    let input = concat!(
        r#"{"id":"n1","big":123456789012345678901234567890,"f":1.0e3,"meta":{"tags": ["a", "b"]},"text":"Hà Nội mưa to suốt đêm qua khiến nhiều tuyến phố bị ngập sâu và giao thông ùn tắc kéo dài trong nhiều giờ."}"#,
        "\n"
    );
    let assert = scour()
        .args(["clean", "--quiet"])
        .write_stdin(input)
        .assert()
        .code(0);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with(
            r#"{"id":"n1","big":123456789012345678901234567890,"f":1.0e3,"meta":{"tags": ["a", "b"]},"text":"Hà Nội mưa to"#
        ),
        "{stdout}"
    );
    let row: serde_json::Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert!(row.get("title").is_some() && row.get("site").is_some());
}

#[test]
fn normalize_is_a_line_filter() {
    let input = "Vie\u{0302}\u{0323}t\u{00A0}Nam  \u{200B}\n\nng\u{00AD}ười\n";
    scour()
        .args(["normalize", "--quiet"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("Việt Nam\n\nngười\n");
}

#[test]
fn help_lists_the_commands() {
    scour().arg("--help").assert().success().stdout(
        predicate::str::contains("run")
            .and(predicate::str::contains("clean"))
            .and(predicate::str::contains("normalize")),
    );
}

#[test]
fn run_reads_json_lines_from_stdin_plain_or_gzipped() {
    use std::io::Write;
    let story = "Heavy rain flooded the lower districts of the city overnight, and the river rose above its banks near the old bridge. \
                 Emergency crews moved hundreds of families to schools on higher ground before dawn, officials said on Tuesday.";
    let lines = format!(
        "{}\n{}\n{{not json}}\n{}\n",
        serde_json::json!({"id": "a", "text": story}),
        serde_json::json!({"id": "b", "text": format!("{story} Roads stay closed.")}),
        serde_json::json!({"id": "c", "text": "A different story about a football match that ended in a draw after extra time, with both coaches pleased."}),
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).unwrap();
    for input in [lines.into_bytes(), gz.finish().unwrap()] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // The bad line is a per-document failure: exit code 1, not fatal.
        scour()
            .args(["run", "-", "--quiet", "-o"])
            .arg(&out)
            .write_stdin(input)
            .assert()
            .code(1);
        let manifest = fs::read_to_string(out.join("manifest.jsonl")).unwrap();
        let rows: Vec<serde_json::Value> = manifest
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(rows.len(), 4, "{manifest}");
        assert_eq!(by_id("a")["source"], "<stdin>:1");
        assert_eq!(by_id("a")["status"], "duplicate", "{manifest}");
        assert_eq!(by_id("a")["duplicate_of"], "b");
        assert_eq!(by_id("c")["status"], "canonical");
        assert_eq!(by_id("stdin:3")["status"], "error");
    }
}

/// A gzipped input cut short: the records before the break are cleaned and
/// written, then the run stops with exit code 2 naming the file and the
/// last line read (no record read before the break is lost).
#[test]
fn clean_writes_the_records_before_a_broken_gzip_then_fails() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let mut plain = String::new();
    for i in 0..40 {
        // Incompressible-ish text so that the cut lands after a few lines.
        let words: Vec<String> = (0..300)
            .map(|k| format!("w{:x}", (i * 7919 + k * 104_729) % 1_000_003))
            .collect();
        plain.push_str(
            &serde_json::json!({"id": format!("r{i}"), "text": words.join(" ")}).to_string(),
        );
        plain.push('\n');
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(plain.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let path = tmp.path().join("cut.jsonl.gz");
    fs::write(&path, &gz[..gz.len() / 2]).unwrap();
    let assert = scour()
        .args(["clean", "--quiet", "--threads", "2"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("cut.jsonl.gz").and(predicate::str::contains("after line")),
        );
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let last: usize = regex::Regex::new(r"after line (\d+)")
        .unwrap()
        .captures(&stderr)
        .unwrap()[1]
        .parse()
        .unwrap();
    assert!(last > 0 && last < 40, "{stderr}");
    let expected: Vec<String> = (0..last).map(|i| format!("r{i}")).collect();
    assert_eq!(
        ids, expected,
        "every record read before the break, in order"
    );
}
