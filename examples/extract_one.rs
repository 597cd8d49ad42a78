//! Error analysis: run the boilerplate stage on one page of a JSON Lines
//! file and print what was kept and what was removed, by which rule.
//!
//! `cargo run --release --example extract_one -- PAGES.jsonl[.gz] ID [--removed] [--classes]`

use std::io::BufRead;

use scour::boilerplate::{Boilerplate, Extractor};
use scour::model::{Page, PageKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (file, id) = (&args[1], &args[2]);
    let f = std::fs::File::open(file).expect("open");
    let r: Box<dyn BufRead> = if file.ends_with(".gz") {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(f)))
    } else {
        Box::new(std::io::BufReader::new(f))
    };
    for line in r.lines() {
        let line = line.expect("read");
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        // A prefix of the id is enough (ids are long hashes).
        if !v["id"].as_str().is_some_and(|i| i.starts_with(id.as_str())) {
            continue;
        }
        let (kind, body) = match v["html"].as_str() {
            Some(h) => (PageKind::Html, h),
            None => (PageKind::Text, v["text"].as_str().unwrap_or("")),
        };
        let page = Page {
            id: id.clone(),
            source: id.clone(),
            kind,
            body: body.to_string(),
            url: v["url"].as_str().map(str::to_string),
            title: None,
            date: None,
            site: "x".into(),
            encoding: "utf-8".into(),
        };
        let ex = Boilerplate::default().extract(&page);
        println!("META {:?}", ex.meta);
        for p in &ex.paragraphs {
            println!("KEEP {p}");
        }
        if args.iter().any(|a| a == "--removed") {
            for r in &ex.removed {
                let t: String = r.text.chars().take(150).collect();
                println!("DROP [{}] ({} chars) {t}", r.rule, r.text.chars().count());
            }
        }
        if args.iter().any(|a| a == "--classes") {
            // The class and id of every element holding 1000+ characters
            // of text: which container names an element dropped whole had.
            let doc = scraper::Html::parse_document(body);
            for e in doc
                .root_element()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
            {
                let n: usize = e.text().map(|t| t.trim().len()).sum();
                let v = e.value();
                if n >= 1000 && (v.attr("class").is_some() || v.attr("id").is_some()) {
                    println!(
                        "ELEM {} class={:?} id={:?} ({n} bytes)",
                        v.name(),
                        v.attr("class").unwrap_or(""),
                        v.attr("id").unwrap_or("")
                    );
                }
            }
        }
        if let Some(g) = v["gold"].as_str() {
            println!("GOLD {}", g.chars().take(1500).collect::<String>());
        }
        if let Some(w) = v.get("with") {
            println!("WITH {w}\nWITHOUT {}", v["without"]);
        }
    }
}
