//! Scores for an extraction against a gold text, shared by the benchmark
//! harness (`bench/extraction/`), `examples/eval_boilerplate.rs` and the
//! tests, so that every system is judged by one scorer.
//!
//! - [`rouge_lsum`]: the metric of the Web Content Extraction Benchmark
//!   (Bevendorff et al., SIGIR 2023): summary-level ROUGE-L over lines, with
//!   whitespace tokens (no lowercasing, no stemming). For every gold line,
//!   the union of its longest common subsequences with every output line
//!   counts as hits, clipped by how often each token occurs on both sides.
//!   It follows the `rouge-score` package's `rougeLsum` step for step
//!   (including its backtracking order, which decides which of several equal
//!   LCSs enters the union), so figures can be cross-checked against it.
//! - [`snippets`]: the trafilatura evaluation set's measure: snippets that
//!   must appear (`with`) and must not (`without`), matched as substrings
//!   after collapsing whitespace.
//! - [`bag_prf`]: bag-of-token precision/recall/F1 with whitespace tokens.

use std::collections::HashMap;

/// Precision, recall and F1 of one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(hits: f64, pred: f64, gold: f64) -> Self {
        let precision = if pred > 0.0 { hits / pred } else { 0.0 };
        let recall = if gold > 0.0 { hits / gold } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Self {
            precision,
            recall,
            f1,
        }
    }

    const PERFECT: Prf = Prf {
        precision: 1.0,
        recall: 1.0,
        f1: 1.0,
    };
    const ZERO: Prf = Prf {
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
    };
}

/// Lines of whitespace tokens, each token an interned id; empty lines dropped.
fn tokenize(text: &str, ids: &mut HashMap<String, u32>) -> Vec<Vec<u32>> {
    text.lines()
        .map(|l| {
            l.split_whitespace()
                .map(|t| {
                    let n = ids.len() as u32;
                    *ids.entry(t.to_string()).or_insert(n)
                })
                .collect::<Vec<u32>>()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Indices into `r` of one LCS of `r` and `c`, chosen the way `rouge-score`
/// backtracks (from the end; on a tie, step back in `r`).
fn lcs_indices(r: &[u32], c: &[u32], out: &mut Vec<usize>, table: &mut Vec<u32>) {
    let (n, m) = (r.len(), c.len());
    let w = m + 1;
    table.clear();
    table.resize((n + 1) * w, 0);
    for i in 1..=n {
        for j in 1..=m {
            table[i * w + j] = if r[i - 1] == c[j - 1] {
                table[(i - 1) * w + j - 1] + 1
            } else {
                table[(i - 1) * w + j].max(table[i * w + j - 1])
            };
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if r[i - 1] == c[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if table[i * w + j - 1] > table[(i - 1) * w + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

/// ROUGE-LSum of `pred` against `gold`: lines are sentences, whitespace
/// separates tokens. An empty gold scores 1 when the output is empty too and
/// 0 otherwise; an empty output against a non-empty gold scores 0.
pub fn rouge_lsum(pred: &str, gold: &str) -> Prf {
    let mut ids = HashMap::new();
    let g = tokenize(gold, &mut ids);
    let p = tokenize(pred, &mut ids);
    match (g.is_empty(), p.is_empty()) {
        (true, true) => return Prf::PERFECT,
        (true, false) | (false, true) => return Prf::ZERO,
        _ => {}
    }
    let gold_len: usize = g.iter().map(Vec::len).sum();
    let pred_len: usize = p.iter().map(Vec::len).sum();
    let mut cnt_g = vec![0u32; ids.len()];
    let mut cnt_p = vec![0u32; ids.len()];
    g.iter().flatten().for_each(|&t| cnt_g[t as usize] += 1);
    p.iter().flatten().for_each(|&t| cnt_p[t as usize] += 1);
    // Lines of the output that share no token with a gold line add nothing
    // to its union; an inverted index skips them.
    let mut lines_with: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
    for (k, line) in p.iter().enumerate() {
        for &t in line {
            let v = &mut lines_with[t as usize];
            if v.last() != Some(&(k as u32)) {
                v.push(k as u32);
            }
        }
    }
    let mut hits = 0usize;
    let (mut union, mut table, mut cands) = (Vec::new(), Vec::new(), Vec::new());
    for r in &g {
        union.clear();
        cands.clear();
        for &t in r {
            cands.extend_from_slice(&lines_with[t as usize]);
        }
        cands.sort_unstable();
        cands.dedup();
        for &k in &cands {
            lcs_indices(r, &p[k as usize], &mut union, &mut table);
        }
        union.sort_unstable();
        union.dedup();
        for &i in &union {
            let t = r[i] as usize;
            if cnt_g[t] > 0 && cnt_p[t] > 0 {
                hits += 1;
                cnt_g[t] -= 1;
                cnt_p[t] -= 1;
            }
        }
    }
    Prf::new(hits as f64, pred_len as f64, gold_len as f64)
}

/// Bag-of-token precision/recall/F1 with whitespace tokens; both empty is 1.
pub fn bag_prf(pred: &str, gold: &str) -> Prf {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let mut gold_len = 0usize;
    for t in gold.split_whitespace() {
        *counts.entry(t).or_default() += 1;
        gold_len += 1;
    }
    let (mut hits, mut pred_len) = (0usize, 0usize);
    for t in pred.split_whitespace() {
        pred_len += 1;
        if let Some(c) = counts.get_mut(t) {
            if *c > 0 {
                *c -= 1;
                hits += 1;
            }
        }
    }
    if gold_len == 0 && pred_len == 0 {
        return Prf::PERFECT;
    }
    Prf::new(hits as f64, pred_len as f64, gold_len as f64)
}

/// Counts of the snippet measure over one or more pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnippetCounts {
    /// `with` snippets found.
    pub tp: usize,
    /// `with` snippets missing.
    pub fn_: usize,
    /// `without` snippets found.
    pub fp: usize,
    /// `without` snippets absent.
    pub tn: usize,
}

impl SnippetCounts {
    pub fn add(&mut self, o: SnippetCounts) {
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
        self.tn += o.tn;
    }

    /// Precision, recall and F1 from the pooled counts.
    pub fn prf(&self) -> Prf {
        let precision = ratio(self.tp, self.tp + self.fp);
        let recall = ratio(self.tp, self.tp + self.fn_);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which `with` snippets the output contains and which `without` ones it
/// does not, matching substrings after collapsing runs of whitespace (a
/// paragraph break in the output must not hide a snippet).
pub fn snippets<S: AsRef<str>>(pred: &str, with: &[S], without: &[S]) -> SnippetCounts {
    let text = squash(pred);
    let found = |s: &S| {
        let s = squash(s.as_ref());
        !s.is_empty() && text.contains(&s)
    };
    let mut c = SnippetCounts::default();
    for s in with {
        if found(s) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for s in without {
        if found(s) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn identical_texts_score_one() {
        let s = rouge_lsum("a b c\nd e", "a b c\nd e");
        assert_eq!(s, Prf::PERFECT);
    }

    #[test]
    fn empty_cases() {
        assert_eq!(rouge_lsum("", ""), Prf::PERFECT);
        assert_eq!(rouge_lsum(" \n ", ""), Prf::PERFECT);
        assert_eq!(rouge_lsum("x", ""), Prf::ZERO);
        assert_eq!(rouge_lsum("", "x"), Prf::ZERO);
    }

    #[test]
    fn single_line_is_plain_lcs() {
        // LCS("a b c d e", "a c e x") = "a c e": 3 hits; P = 3/4, R = 3/5.
        let s = rouge_lsum("a c e x", "a b c d e");
        assert!(close(s.precision, 0.75) && close(s.recall, 0.6), "{s:?}");
        assert!(close(s.f1, 2.0 * 0.75 * 0.6 / 1.35));
    }

    #[test]
    fn union_lcs_over_lines() {
        // The classic example of Lin (2004): reference "w1 w2 w3 w4 w5",
        // candidates "w1 w2 w6 w7 w8" and "w1 w3 w8 w9 w5". The union of
        // the LCSs is "w1 w2 w3 w5": 4 hits of 5 reference and 10 output tokens.
        let s = rouge_lsum("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5");
        assert!(close(s.recall, 0.8) && close(s.precision, 0.4), "{s:?}");
    }

    #[test]
    fn hits_are_clipped_by_token_counts() {
        // Two gold lines "a b" both match the one output line "a b", but
        // the output has only one "a" and one "b": 2 hits, not 4.
        let s = rouge_lsum("a b", "a b\na b");
        assert!(close(s.precision, 1.0) && close(s.recall, 0.5), "{s:?}");
    }

    #[test]
    fn order_matters_within_a_line_not_across_lines() {
        // Reversed words on one line: LCS is 1 of 3.
        let s = rouge_lsum("c b a", "a b c");
        assert!(close(s.recall, 1.0 / 3.0), "{s:?}");
        // Reordered lines: every line still found.
        let s = rouge_lsum("d e\na b c", "a b c\nd e");
        assert_eq!(s, Prf::PERFECT);
    }

    #[test]
    fn case_and_punctuation_are_part_of_tokens() {
        let s = rouge_lsum("The cat.", "the cat");
        assert_eq!(s.f1, 0.0);
    }

    #[test]
    fn tie_break_follows_rouge_score() {
        // Gold "a b a" against output lines "b a" and "a": rouge-score
        // backtracks from the end, so both LCSs use the last "a" (indices
        // {1, 2} and {2}); the union is {1, 2}: 2 hits, not 3.
        let s = rouge_lsum("b a\na", "a b a");
        assert!(close(s.recall, 2.0 / 3.0), "{s:?}");
    }

    #[test]
    fn bag_and_snippets() {
        let b = bag_prf("a a b", "a b c");
        assert!(close(b.precision, 2.0 / 3.0) && close(b.recall, 2.0 / 3.0));
        assert_eq!(bag_prf("", ""), Prf::PERFECT);
        let c = snippets(
            "Hello  world.\n\nSecond para",
            &["Hello world.", "world. Second", "missing"],
            &["Second para", "footer"],
        );
        assert_eq!(
            c,
            SnippetCounts {
                tp: 2,
                fn_: 1,
                fp: 1,
                tn: 1
            }
        );
        let p = c.prf();
        assert!(close(p.precision, 2.0 / 3.0) && close(p.recall, 2.0 / 3.0));
    }
}
