//! Scoring helpers for the tests that read `../shared`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::Hash;

use unicode_normalization::UnicodeNormalization;

/// Tokens for bag-of-words comparison: NFC, lowercase, marks dropped, đ→d,
/// split on anything that is not a letter or digit. Dropping marks keeps the
/// extraction score apart from tone-placement style (a normalization matter).
pub fn tokens(s: &str) -> Vec<String> {
    let folded: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// Precision, recall, F1 of predicted tokens against gold, as bags.
pub fn bag_prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (tokens(pred), tokens(gold));
    if p.is_empty() && g.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in &g {
        *counts.entry(t).or_default() += 1;
    }
    let mut hit = 0i64;
    for t in &p {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                hit += 1;
            }
        }
    }
    let prec = if p.is_empty() {
        0.0
    } else {
        hit as f64 / p.len() as f64
    };
    let rec = if g.is_empty() {
        0.0
    } else {
        hit as f64 / g.len() as f64
    };
    let f = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f)
}

/// Pairwise precision, recall, F1 of a predicted clustering against gold,
/// from the contingency table. `None` gold labels are singletons.
pub fn pairwise<P: Eq + Hash + Clone, G: Eq + Hash + Clone>(
    items: &[(P, Option<G>)],
) -> (f64, f64, f64) {
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut pred: HashMap<P, usize> = HashMap::new();
    let mut gold: HashMap<G, usize> = HashMap::new();
    let mut both: HashMap<(P, G), usize> = HashMap::new();
    for (p, g) in items {
        *pred.entry(p.clone()).or_default() += 1;
        if let Some(g) = g {
            *gold.entry(g.clone()).or_default() += 1;
            *both.entry((p.clone(), g.clone())).or_default() += 1;
        }
    }
    let tp: f64 = both.values().map(|&n| pairs(n)).sum();
    let pp: f64 = pred.values().map(|&n| pairs(n)).sum();
    let gp: f64 = gold.values().map(|&n| pairs(n)).sum();
    let prec = if pp == 0.0 { 1.0 } else { tp / pp };
    let rec = if gp == 0.0 { 1.0 } else { tp / gp };
    let f = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f)
}
