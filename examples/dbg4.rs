use scour::cluster::dedup::{find_duplicates, DedupConfig};
use scour::fingerprint::*;
use scour::model::Doc;
use std::io::BufRead;
fn main() {
    let want: Vec<String> = std::env::args().skip(1).collect();
    let f = std::fs::File::open("/work/shared/data/syndication-dev/corpus-clean.jsonl.gz").unwrap();
    let r = std::io::BufReader::new(flate2::read::GzDecoder::new(f));
    let mut docs = vec![];
    for l in r.lines() {
        let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let base = id.split('#').next().unwrap().to_string();
        if want.iter().any(|w| *w == base) {
            let text = v["text"].as_str().unwrap();
            docs.push(Doc { id: id.clone(), source: id.clone(), site: "s".into(), title: None, url: None, date: None, author: None,
                paragraphs: text.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect() });
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let sh = Shingler::new(&FingerprintConfig::default());
    let fps: Vec<Fingerprint> = docs.iter().map(|d| sh.fingerprint(&d.text())).collect();
    for i in 0..docs.len() {
        for j in 0..docs.len() {
            if i == j { continue; }
            let si = fps[i].shingle_set(); let sj = fps[j].shingle_set();
            let inter = intersection_size(&si, &sj);
            println!("{} in {}: cov {:.3} jac {:.3} units {} {} mh {:.2}", docs[i].id, docs[j].id, covered_share(&fps[i], &sj),
                inter as f64 / (si.len() + sj.len() - inter) as f64, fps[i].units(), fps[j].units(), minhash_agreement(&fps[i].minhash, &fps[j].minhash));
        }
    }
    println!("{:#?}", find_duplicates(&docs, &fps, &DedupConfig::default()));
}
