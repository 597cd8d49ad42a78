//! Fingerprint stage: what near-duplicate detection compares.
//!
//! From a document's normalized text it takes case-folded word shingles
//! (character shingles for short texts), and computes an exact hash of the
//! text, a 64-bit simhash and a MinHash signature over the shingles.
//! Hashes are xxh3 with fixed seeds, so fingerprints are stable across runs,
//! machines and thread counts.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

pub mod tokenize;

/// Seed of the exact-text hash.
const SEED_EXACT: u64 = 0x5C0_0000_0001;
/// Seed of the shingle hash.
const SEED_SHINGLE: u64 = 0x5C0_0000_0002;
/// Seed from which the per-permutation MinHash salts are derived.
const SEED_PERMS: u64 = 0x5C0_0000_0003;

/// Settings of the fingerprint stage (`[fingerprint]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FingerprintConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Texts with fewer words than this use character shingles instead.
    pub min_words: usize,
    /// Characters per shingle for short texts.
    pub shingle_chars: usize,
    /// MinHash permutations (bands × rows of the dedup index).
    pub minhash_perms: usize,
}

impl Default for FingerprintConfig {
    fn default() -> Self {
        Self {
            shingle_words: 5,
            min_words: 30,
            shingle_chars: 5,
            minhash_perms: 112,
        }
    }
}

impl FingerprintConfig {
    pub fn validate(&self) -> Result<(), String> {
        if self.shingle_words == 0 || self.shingle_words > 16 {
            return Err(format!(
                "fingerprint.shingle_words must be within 1..=16, got {}",
                self.shingle_words
            ));
        }
        if self.shingle_chars == 0 || self.shingle_chars > 32 {
            return Err(format!(
                "fingerprint.shingle_chars must be within 1..=32, got {}",
                self.shingle_chars
            ));
        }
        if self.minhash_perms == 0 || self.minhash_perms > 1024 {
            return Err(format!(
                "fingerprint.minhash_perms must be within 1..=1024, got {}",
                self.minhash_perms
            ));
        }
        Ok(())
    }
}

/// A document's fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Hash of the whole normalized, case-folded text: equal texts, equal hash.
    pub exact: u64,
    /// 64-bit simhash over the shingles.
    pub simhash: u64,
    /// MinHash signature, `minhash_perms` values.
    pub minhash: Vec<u64>,
    /// Distinct shingle hashes, sorted: what verification compares.
    pub shingles: Vec<u64>,
}

/// One small trait per stage: text in, fingerprint out. Pure and thread-safe.
pub trait Fingerprinter: Send + Sync {
    fn fingerprint(&self, text: &str) -> Fingerprint;
}

/// The default fingerprinter: word shingles (character shingles for short
/// texts) of the case-folded text.
#[derive(Debug, Clone, Default)]
pub struct Shingler {
    cfg: FingerprintConfig,
    /// One salt per MinHash permutation, fixed by `SEED_PERMS`.
    salts: Vec<u64>,
}

impl Shingler {
    pub fn new(cfg: &FingerprintConfig) -> Self {
        let salts = (0..cfg.minhash_perms as u64)
            .map(|i| mix64(SEED_PERMS ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
            .collect();
        Self {
            cfg: cfg.clone(),
            salts,
        }
    }

    /// Distinct shingle hashes of `text`, sorted.
    pub fn shingles(&self, text: &str) -> Vec<u64> {
        let folded = crate::normalize::fold(text);
        let words = tokenize::words(&folded);
        shingle_words(&words, &self.cfg)
    }
}

/// The finalizer of SplitMix64: a cheap, well-mixing bijection on u64.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Shingle hashes of a folded word sequence, sorted and deduplicated.
fn shingle_words(words: &[&str], cfg: &FingerprintConfig) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    if words.is_empty() {
        return out;
    }
    if words.len() >= cfg.min_words.max(cfg.shingle_words) {
        let mut buf = String::new();
        for w in words.windows(cfg.shingle_words) {
            buf.clear();
            for (i, x) in w.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(x);
            }
            out.push(xxh3_64_with_seed(buf.as_bytes(), SEED_SHINGLE));
        }
    } else {
        // Short text: character shingles over the words joined by spaces,
        // marked apart from word shingles by a different seed.
        let joined = words.join(" ");
        let chars: Vec<(usize, char)> = joined.char_indices().collect();
        let k = cfg.shingle_chars;
        if chars.len() <= k {
            out.push(xxh3_64_with_seed(joined.as_bytes(), SEED_SHINGLE ^ 1));
        } else {
            for i in 0..=chars.len() - k {
                let start = chars[i].0;
                let end = chars.get(i + k).map_or(joined.len(), |c| c.0);
                out.push(xxh3_64_with_seed(
                    &joined.as_bytes()[start..end],
                    SEED_SHINGLE ^ 1,
                ));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// 64-bit simhash: each bit is the majority vote of the shingles' bits.
fn simhash(shingles: &[u64]) -> u64 {
    if shingles.is_empty() {
        return 0;
    }
    let mut votes = [0i64; 64];
    for &h in shingles {
        let h = mix64(h);
        for (b, v) in votes.iter_mut().enumerate() {
            if h >> b & 1 == 1 {
                *v += 1;
            } else {
                *v -= 1;
            }
        }
    }
    votes
        .iter()
        .enumerate()
        .fold(0u64, |acc, (b, &v)| if v > 0 { acc | 1 << b } else { acc })
}

/// Hamming distance between two simhashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Share of equal MinHash values: an estimate of the shingles' Jaccard.
pub fn minhash_agreement(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f64 / n as f64
}

/// Size of the intersection of two sorted, deduplicated hash lists.
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl Fingerprinter for Shingler {
    fn fingerprint(&self, text: &str) -> Fingerprint {
        let folded = crate::normalize::fold(text);
        let words = tokenize::words(&folded);
        // Exact hash: the folded text with all whitespace runs collapsed.
        let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        let exact = xxh3_64_with_seed(collapsed.as_bytes(), SEED_EXACT);
        let shingles = shingle_words(&words, &self.cfg);
        let mut minhash = vec![u64::MAX; self.salts.len()];
        for &h in &shingles {
            for (m, &salt) in minhash.iter_mut().zip(&self.salts) {
                let v = mix64(h ^ salt);
                if v < *m {
                    *m = v;
                }
            }
        }
        Fingerprint {
            exact,
            simhash: simhash(&shingles),
            minhash,
            shingles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(text: &str) -> Fingerprint {
        Shingler::new(&FingerprintConfig::default()).fingerprint(text)
    }

    fn long_text() -> String {
        "Prime Minister Pham Minh Chinh attended the conference reviewing the work of the \
         diplomatic sector in 2022 and setting out tasks for 2023 in Hanoi on January 10. \
         There were nearly 70 diplomatic activities of key leaders both in person and online, \
         including 14 business trips and 19 visiting delegations, and many cooperation \
         documents were signed on these occasions across the region and the world."
            .to_string()
    }

    #[test]
    fn hashes_are_stable() {
        // Fixed expected values: a change here changes every stored fingerprint.
        let f = fp("Hello   World\n\nagain");
        assert_eq!(f.exact, fp("hello world again").exact);
        assert_eq!(mix64(0), 0);
        assert_eq!(mix64(1), 0x5692_161D_100B_05E5);
        assert_eq!(xxh3_64_with_seed(b"hello world again", SEED_EXACT), f.exact);
        let again = fp(&long_text());
        assert_eq!(again, fp(&long_text()));
        assert_eq!(again.minhash.len(), 112);
    }

    #[test]
    fn exact_hash_ignores_case_and_whitespace_only() {
        assert_eq!(fp("A  b\nC").exact, fp("a b c").exact);
        assert_ne!(fp("a b c").exact, fp("a b d").exact);
    }

    #[test]
    fn near_duplicates_are_close() {
        let a = long_text();
        let b = a.replace("nearly 70", "almost 70");
        let (fa, fb) = (fp(&a), fp(&b));
        assert!(
            hamming(fa.simhash, fb.simhash) <= 12,
            "{}",
            hamming(fa.simhash, fb.simhash)
        );
        assert!(minhash_agreement(&fa.minhash, &fb.minhash) >= 0.6);
        let other = fp(
            "A completely different story about football results, the league table \
            and the coach who resigned after a long season of defeats and injuries to key \
            players, with fans protesting outside the stadium for several hours on Sunday.",
        );
        assert!(minhash_agreement(&fa.minhash, &other.minhash) < 0.1);
        assert!(hamming(fa.simhash, other.simhash) > 12);
    }

    #[test]
    fn short_texts_use_character_shingles() {
        let a = fp("Breaking news tonight");
        assert!(a.shingles.len() > 5);
        let b = fp("Breaking news tonight!");
        assert_eq!(a.shingles, b.shingles);
    }

    #[test]
    fn empty_text_does_not_panic() {
        let f = fp("");
        assert!(f.shingles.is_empty());
        assert_eq!(f.simhash, 0);
        assert!(f.minhash.iter().all(|&m| m == u64::MAX));
        assert_eq!(minhash_agreement(&[], &[]), 0.0);
    }
}
