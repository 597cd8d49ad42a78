//! Fingerprint stage: what near-duplicate detection compares.
//!
//! From a document's normalized text it takes case-folded word shingles
//! (character shingles for short texts), and computes an exact hash of the
//! text, a 64-bit simhash and a MinHash signature over the shingles.
//! Hashes are xxh3 with fixed seeds, so fingerprints are stable across runs,
//! machines and thread counts.

use serde::{Deserialize, Serialize};

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

/// The default fingerprinter (placeholder until implemented).
#[derive(Debug, Clone, Default)]
pub struct Shingler {
    cfg: FingerprintConfig,
}

impl Shingler {
    pub fn new(cfg: &FingerprintConfig) -> Self {
        Self { cfg: cfg.clone() }
    }
}

impl Fingerprinter for Shingler {
    fn fingerprint(&self, text: &str) -> Fingerprint {
        let _ = &self.cfg;
        Fingerprint {
            exact: xxhash_rust::xxh3::xxh3_64(text.to_lowercase().as_bytes()),
            ..Default::default()
        }
    }
}
