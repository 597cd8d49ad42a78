//! Fingerprint stage: what near-duplicate detection compares.
//!
//! From a document's normalized text it takes case-folded word shingles
//! (character shingles for short texts), and computes an exact hash of the
//! text and a MinHash signature over the shingles (what the LSH index of the
//! dedup step bands).
//!
//! The signature is a **one-permutation MinHash with optimal densification**
//! (Li, Owen & Zhang 2012; Shrivastava 2017): each shingle is hashed once,
//! the hash picks one of `minhash_perms` bins and the bin keeps the smallest
//! value that falls in it; an empty bin borrows the value of the first
//! non-empty bin along a probe sequence fixed by the bin's index alone, so
//! two texts with equal shingle sets get equal signatures and the share of
//! equal values still estimates the Jaccard of the sets. A classic MinHash
//! with `k` permutations costs `k` hashes per shingle (112 multiply-adds per
//! word at the default setting, most of the stage's time); this costs one.
//! A shingle is the mix of its words' hashes, each word hashed once.
//! Hashes are xxh3 with fixed seeds, so fingerprints are stable across runs,
//! machines and thread counts.
//!
//! The shingles are kept as 32-bit hashes **in text order** (one per
//! position), not as a set: verification measures how many of the smaller
//! text's *words* sit in a shingle the larger text also has, which survives
//! scattered word edits far better than set containment (one edited word
//! breaks `k` shingles but uncovers only itself). The sorted set that Jaccard
//! needs is derived from the sequence when dedup runs. 32-bit hashes halve
//! the memory of 64-bit ones; a chance collision between two texts of a few
//! hundred shingles each has a probability of about 10⁻⁵ and moves a
//! similarity by one shingle at most. A page costs about 4 bytes per word
//! plus `4 × minhash_perms` bytes ([`Fingerprint::heap_bytes`]).

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

pub mod tokenize;

/// Seed of the exact-text hash.
const SEED_EXACT: u64 = 0x5C0_0000_0001;
/// Seed of the shingle hash.
const SEED_SHINGLE: u64 = 0x5C0_0000_0002;
/// Seed of the one-permutation MinHash (bin and value of a shingle).
const SEED_OPH: u64 = 0x5C0_0000_0003;
/// Seed of the densification probe sequences.
const SEED_DENSIFY: u64 = 0x5C0_0000_0004;

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
    /// MinHash values (bins of the one-permutation MinHash): at least
    /// bands × rows of the dedup index.
    pub minhash_perms: usize,
}

impl Default for FingerprintConfig {
    fn default() -> Self {
        Self {
            shingle_words: 5,
            min_words: 5,
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

/// Hasher for maps keyed by hashes this crate computed (line keys, text
/// hashes) or by page indices: such keys are already spread over 64 bits,
/// so one multiply stands in for SipHash, which was most of the cost of
/// counting a site's lines. Not resistant to chosen keys, which only costs
/// speed: the keys are our own hashes of the input, and results never
/// depend on a map's order.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        // Odd multiplier: a bijection, so distinct keys stay distinct in
        // the low bits the table indexes by, and the top bits mix all of x.
        self.0 = (self.0.rotate_left(26) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by our own hashes or by indices (see [`KeyHasher`]).
pub type KeyMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;
/// A set of our own hashes (see [`KeyHasher`]).
pub type KeySet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<KeyHasher>>;

/// A document's fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Hash of the whole normalized, case-folded text: equal texts, equal hash.
    pub exact: u64,
    /// MinHash signature, `minhash_perms` values (32-bit: what LSH banding
    /// needs); all `u32::MAX` for a text without shingles.
    pub minhash: Vec<u32>,
    /// Shingle hashes in text order, one per position (repeats kept).
    pub shingles: Vec<u32>,
    /// Units (words, or characters for short texts) each shingle spans:
    /// shingle `i` covers units `i..i + span`.
    pub span: u32,
}

impl Fingerprint {
    /// Units (words or characters) of the text the shingles cover.
    pub fn units(&self) -> usize {
        if self.shingles.is_empty() {
            0
        } else {
            self.shingles.len() + self.span.max(1) as usize - 1
        }
    }

    /// Distinct shingle hashes, sorted: the set Jaccard compares.
    pub fn shingle_set(&self) -> Vec<u32> {
        let src = &self.shingles;
        let n = src.len();
        if n < 32 {
            let mut set = src.clone();
            set.sort_unstable();
            set.dedup();
            return set;
        }
        // `sort_spread` on a copy, scattering straight from the shingles
        // into the set's own vector: hashes are uniform, so buckets by their
        // top bits hold about one each; each bucket is then sorted. No copy
        // of the list and back, one table of bucket ends instead of two.
        let bits = n.next_power_of_two().trailing_zeros().min(20);
        let bucket = |h: u32| (h >> (32 - bits)) as usize;
        let mut end = vec![0u32; (1 << bits) + 2];
        for &h in src {
            end[bucket(h) + 1] += 1;
        }
        for k in 1..end.len() {
            end[k] += end[k - 1];
        }
        // `end[k + 1]` is where bucket `k` ends; filled from its end down,
        // it ends where bucket `k` starts, so bucket `k` is then
        // `end[k + 1]..end[k + 2]` (the last entry stays `n`).
        let mut set = vec![0u32; n];
        for &h in src {
            let k = bucket(h) + 1;
            end[k] -= 1;
            set[end[k] as usize] = h;
        }
        for w in end[1..].windows(2) {
            if w[1] - w[0] > 1 {
                set[w[0] as usize..w[1] as usize].sort_unstable();
            }
        }
        set.dedup();
        set
    }

    /// Heap bytes this fingerprint holds (what a page costs dedup).
    pub fn heap_bytes(&self) -> usize {
        4 * (self.shingles.capacity() + self.minhash.capacity())
    }
}

/// Sorts `items` by a 32-bit key, stably: equal keys keep their order.
///
/// An LSD radix sort, one byte of the key per pass (passes where every key
/// has the same byte are skipped), for the large lists of random hashes
/// dedup sorts (the winnowed-shingle postings of a corpus): a few
/// instructions per item and pass where a comparison sort needs about
/// `log₂ n` comparisons, each a hard-to-predict branch. Short lists use the
/// standard stable sort, whose result is the same.
pub(crate) fn radix_sort_by_key<T: Copy>(items: &mut [T], key: impl Fn(&T) -> u32) {
    if items.len() < 128 {
        items.sort_by_key(|x| key(x));
        return;
    }
    let mut counts = [[0usize; 256]; 4];
    for x in items.iter() {
        let k = key(x);
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * d)) & 0xFF) as usize] += 1;
        }
    }
    let mut buf: Vec<T> = items.to_vec();
    // `in_items`: whether the latest pass left its output in `items`.
    let mut in_items = true;
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&items.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (o, &n) in next.iter_mut().zip(c) {
            *o = sum;
            sum += n;
        }
        let (src, dst): (&[T], &mut [T]) = if in_items {
            (&*items, &mut buf)
        } else {
            (&buf, &mut *items)
        };
        for x in src {
            let b = ((key(x) >> (8 * d)) & 0xFF) as usize;
            dst[next[b]] = *x;
            next[b] += 1;
        }
        in_items = !in_items;
    }
    if !in_items {
        items.copy_from_slice(&buf);
    }
}

/// Sorts `items` whose key `top` spreads them evenly over the `u64`
/// range (hashes) and follows their order (`x <= y` gives
/// `top(x) <= top(y)`): the same result as `sort_unstable`.
///
/// One counting pass puts each item in one of about `items.len()` buckets
/// by the high bits of its key, in order of the buckets; each bucket,
/// one item on average, is then sorted on its own. Linear on hashes, where
/// a comparison sort spends `log₂ n` unpredictable branches per item; keys
/// that do not spread only make buckets larger, each still sorted.
pub(crate) fn sort_spread<T: Ord + Copy>(items: &mut [T], top: impl Fn(&T) -> u64) {
    let n = items.len();
    if n < 32 {
        items.sort_unstable();
        return;
    }
    let bits = n.next_power_of_two().trailing_zeros().min(20);
    let bucket = |x: &T| (top(x) >> (64 - bits)) as usize;
    let mut start = vec![0u32; (1 << bits) + 1];
    for x in items.iter() {
        start[bucket(x) + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut fill = start.clone();
    let mut out = items.to_vec();
    for x in items.iter() {
        let k = bucket(x);
        out[fill[k] as usize] = *x;
        fill[k] += 1;
    }
    for w in start.windows(2) {
        if w[1] - w[0] > 1 {
            out[w[0] as usize..w[1] as usize].sort_unstable();
        }
    }
    items.copy_from_slice(&out);
}

/// One small trait per stage: text in, fingerprint out. Pure and thread-safe.
pub trait Fingerprinter: Send + Sync {
    fn fingerprint(&self, text: &str) -> Fingerprint;
}

/// The default fingerprinter: word shingles (character shingles for short
/// texts) of the case-folded text.
#[derive(Debug, Clone)]
pub struct Shingler {
    cfg: FingerprintConfig,
    probes: ProbeTable,
}

impl Default for Shingler {
    fn default() -> Self {
        Self::new(&FingerprintConfig::default())
    }
}

/// Densification's probe sequences for `k` bins, `PROBES` per bin: the same
/// for every text, so computed once per fingerprinter, not once per text.
#[derive(Clone)]
struct ProbeTable {
    k: usize,
    bins: Vec<u16>,
}

impl std::fmt::Debug for ProbeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProbeTable {{ k: {} }}", self.k)
    }
}

/// Probes per empty bin before densification takes the next filled bin.
const PROBES: usize = 64;

impl ProbeTable {
    fn new(k: usize) -> Self {
        // Bins beyond u16 (never: `minhash_perms` is at most 1024) get no
        // table and are probed as they go.
        let bins = if k <= usize::from(u16::MAX) {
            (0..k)
                .flat_map(|i| (1..=PROBES as u64).map(move |attempt| probe(k, i, attempt) as u16))
                .collect()
        } else {
            Vec::new()
        };
        Self { k, bins }
    }
}

/// Bin `attempt` of empty bin `i`'s probe sequence among `k` bins.
fn probe(k: usize, i: usize, attempt: u64) -> usize {
    let h = mix64(SEED_DENSIFY ^ ((i as u64) << 8) ^ attempt);
    (((h >> 32) * k as u64) >> 32) as usize
}

impl Shingler {
    pub fn new(cfg: &FingerprintConfig) -> Self {
        Self {
            cfg: cfg.clone(),
            probes: ProbeTable::new(cfg.minhash_perms),
        }
    }

    /// Shingle hashes of `text` in text order, and the units each spans.
    pub fn shingles(&self, text: &str) -> (Vec<u32>, u32) {
        let folded = crate::normalize::fold(text);
        shingle_text(&folded, &self.cfg)
    }
}

/// The finalizer of SplitMix64: a cheap, well-mixing bijection on u64.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The high half of a 64-bit hash (xxh3's high bits mix best).
fn hash32(h: u64) -> u32 {
    (h >> 32) as u32
}

/// A word's hash: xxh3 of its bytes. Words of up to 16 bytes (nearly all)
/// take xxh3's short-input code inline, which the tokenizer's loop then
/// holds whole; longer ones call the general function.
#[inline(always)]
fn word_hash(word: &[u8]) -> u64 {
    #[cold]
    #[inline(never)]
    fn long(word: &[u8]) -> u64 {
        xxh3_64_with_seed(word, SEED_SHINGLE)
    }
    if word.len() <= 16 {
        xxh3_64_with_seed(word, SEED_SHINGLE)
    } else {
        long(word)
    }
}

/// Shingle hashes of a folded text's words in order, and the units (words,
/// or characters for short texts) each spans.
fn shingle_text(folded: &str, cfg: &FingerprintConfig) -> (Vec<u32>, u32) {
    let hashes = word_hashes(folded.as_bytes());
    if is_short(hashes.len(), cfg) {
        return char_shingles(&tokenize::words(folded), cfg);
    }
    (
        shingle_hashes(&hashes, cfg.shingle_words, |_| {}),
        cfg.shingle_words as u32,
    )
}

/// Whether a text of `words` words takes character shingles.
fn is_short(words: usize, cfg: &FingerprintConfig) -> bool {
    words > 0 && words < cfg.min_words.max(cfg.shingle_words)
}

/// The hashes of a folded (UTF-8) text's words, in order: each word is
/// hashed as the tokenizer finds it.
fn word_hashes(folded: &[u8]) -> Vec<u64> {
    // Every word but the last is followed by a byte that is not in a
    // word, so this holds every word's hash without growing.
    let mut hashes: Vec<u64> = Vec::with_capacity(folded.len() / 2 + 1);
    tokenize::for_each_word_span_utf8(folded, |s, e| hashes.push(word_hash(&folded[s..e])));
    hashes
}

/// Word shingles (`k` words each) from the words' hashes, in text order,
/// each also handed to `each` as it is made.
#[inline(always)]
fn shingle_hashes(hashes: &[u64], k: usize, mut each: impl FnMut(u32)) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    if k == 0 || hashes.len() < k {
        return out;
    }
    out.reserve_exact(hashes.len() + 1 - k);
    // Each word is hashed once. A shingle is a rolling cyclic-polynomial
    // hash (Buzhash) of its words' hashes: the word `j` places from the
    // end is rotated by `j` bits, so word order matters, and the next
    // shingle costs one rotation and two XORs whatever the shingle
    // length (k ≤ 16, so equal words never cancel). A final mix spreads
    // the XOR over every bit.
    let mut h = hashes[..k]
        .iter()
        .fold(0u64, |acc, &x| acc.rotate_left(1) ^ x);
    let first = hash32(mix64(h ^ SEED_SHINGLE));
    out.push(first);
    each(first);
    // Zipped slices: the extension knows its length, so it writes each
    // shingle without a capacity check.
    out.extend(hashes[k..].iter().zip(hashes).map(|(&new, &old)| {
        h = h.rotate_left(1) ^ old.rotate_left(k as u32) ^ new;
        let shingle = hash32(mix64(h ^ SEED_SHINGLE));
        each(shingle);
        shingle
    }));
    out
}

/// Short text: character shingles over the words joined by spaces, marked
/// apart from word shingles by a different seed.
fn char_shingles(words: &[&str], cfg: &FingerprintConfig) -> (Vec<u32>, u32) {
    let joined = words.join(" ");
    let chars: Vec<(usize, char)> = joined.char_indices().collect();
    let k = cfg.shingle_chars;
    if chars.len() <= k {
        let h = hash32(xxh3_64_with_seed(joined.as_bytes(), SEED_SHINGLE ^ 1));
        return (vec![h], chars.len().max(1) as u32);
    }
    let out = (0..=chars.len() - k)
        .map(|i| {
            let start = chars[i].0;
            let end = chars.get(i + k).map_or(joined.len(), |c| c.0);
            hash32(xxh3_64_with_seed(
                &joined.as_bytes()[start..end],
                SEED_SHINGLE ^ 1,
            ))
        })
        .collect();
    (out, k as u32)
}

/// Share of equal MinHash values: an estimate of the shingles' Jaccard.
pub fn minhash_agreement(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f64 / n as f64
}

/// Size of the intersection of two sorted, deduplicated hash lists.
pub fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    // Branch-free steps: which side advances is a coin flip for hashes, a
    // branch on it mispredicts about every other element.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Word containment of `small` in `large`: the share of `small`'s units
/// (words, or characters for short texts) that lie inside a run of at least
/// `min_run` consecutive shingles `large` also has. `large_set` is `large`'s
/// sorted shingle set.
///
/// Unlike set containment (shared shingles / shingles), one edited word
/// costs one unit here, not `span` shingles, so an excerpt with scattered
/// edits still scores near `1 − edit rate`; unrelated texts that share a few
/// stock phrases score only the length of those phrases.
pub fn covered_share(small: &Fingerprint, large_set: &[u32], min_run: usize) -> f64 {
    covered_share_with(small, min_run, |h| large_set.binary_search(&h).is_ok())
}

/// [`covered_share`] with the larger text's shingles behind `has`.
pub(crate) fn covered_share_with(
    small: &Fingerprint,
    min_run: usize,
    has: impl Fn(u32) -> bool,
) -> f64 {
    let units = small.units();
    if units == 0 {
        return 0.0;
    }
    let span = small.span.max(1) as usize;
    let min_run = min_run.max(1);
    // Runs of consecutive shared shingles: the run of shingles `s..e`
    // covers units `s..e - 1 + span`. Runs shorter than `min_run` are stock
    // phrases, not copied text, and cover nothing.
    let (mut covered, mut covered_end) = (0usize, 0usize);
    let mut close = |s: usize, e: usize| {
        if e - s >= min_run {
            let end = e - 1 + span;
            covered += end - s.max(covered_end).min(end);
            covered_end = end;
        }
    };
    let mut start: Option<usize> = None;
    for (p, &h) in small.shingles.iter().enumerate() {
        match (has(h), start) {
            (true, None) => start = Some(p),
            (false, Some(s)) => {
                close(s, p);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        close(s, small.shingles.len());
    }
    covered.min(units) as f64 / units as f64
}

/// Where each shingle hash of a text occurs: an open-addressing table of
/// the distinct hashes (they are well mixed already, so a multiply picks
/// the slot) with each one's positions, ascending, in one flat list. It
/// answers what a map from hash to a list of positions would, with three
/// allocations per text instead of one per distinct shingle, and no
/// SipHash: most of what comparing two texts' alignment cost.
pub(crate) struct PositionIndex {
    bits: u32,
    /// Hash held by each slot (meaningful where `ids[slot]` is not `EMPTY`).
    keys: Vec<u32>,
    /// Each slot's distinct-hash number, `EMPTY` for a free slot.
    ids: Vec<u32>,
    /// Positions of hash number `d`: `pos[start[d]..start[d + 1]]`.
    start: Vec<u32>,
    pos: Vec<u32>,
}

/// A free slot of a [`PositionIndex`].
const EMPTY: u32 = u32::MAX;

impl PositionIndex {
    pub(crate) fn new(seq: &[u32]) -> Self {
        // At most half full, so probe runs stay short.
        let bits = (2 * seq.len()).max(16).next_power_of_two().trailing_zeros();
        let cap = 1usize << bits;
        let mut keys = vec![0u32; cap];
        let mut ids = vec![EMPTY; cap];
        // Positions per distinct hash, counted at `start[d + 1]`.
        let mut start: Vec<u32> = vec![0];
        let mut id_of: Vec<u32> = Vec::with_capacity(seq.len());
        for &h in seq {
            let mut s = Self::home(bits, h);
            while ids[s] != EMPTY && keys[s] != h {
                s = (s + 1) & (cap - 1);
            }
            if ids[s] == EMPTY {
                ids[s] = (start.len() - 1) as u32;
                keys[s] = h;
                start.push(0);
            }
            start[ids[s] as usize + 1] += 1;
            id_of.push(ids[s]);
        }
        for d in 1..start.len() {
            start[d] += start[d - 1];
        }
        // Filled in text order, so each hash's positions come out ascending.
        let mut fill = start.clone();
        let mut pos = vec![0u32; seq.len()];
        for (p, &d) in id_of.iter().enumerate() {
            pos[fill[d as usize] as usize] = p as u32;
            fill[d as usize] += 1;
        }
        Self {
            bits,
            keys,
            ids,
            start,
            pos,
        }
    }

    fn home(bits: u32, h: u32) -> usize {
        (h.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
    }

    /// Positions of `h` in the text, ascending (empty when it has none).
    pub(crate) fn positions(&self, h: u32) -> &[u32] {
        let mask = (1usize << self.bits) - 1;
        let mut s = Self::home(self.bits, h);
        loop {
            let d = self.ids[s];
            if d == EMPTY {
                return &[];
            }
            if self.keys[s] == h {
                let d = d as usize;
                return &self.pos[self.start[d] as usize..self.start[d + 1] as usize];
            }
            s = (s + 1) & mask;
        }
    }
}

/// How the smaller text's copied words lie in the larger text (see [`alignment`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Alignment {
    /// Share of the smaller text's units inside runs of at least `min_run`
    /// consecutive shingles the larger text also has ([`covered_share`]).
    pub small_covered: f64,
    /// Share of the larger text's units those runs cover.
    pub large_covered: f64,
    /// Units of the larger text that the match leaves out *before its end*:
    /// the units ahead of the first matched one plus the unmatched units
    /// between the first and the last, as a share of the smaller text's
    /// units. A lead excerpt or a copy with scattered edits leaves out
    /// little (its edits only); a text that shares passages with a longer
    /// one which has its own paragraphs between them leaves out a lot.
    pub large_skipped: f64,
    /// Share of the smaller text's covered units whose runs come in the
    /// larger text's order (the heaviest in-order chain of runs): a copy
    /// keeps the order, a rewrite that reuses sentences often moves them.
    pub in_order: f64,
}

/// Where the smaller text's copied runs land in the larger text: what
/// [`covered_share`] measures, plus how much of the larger text they cover,
/// how much of it they skip before the end of the match, and whether they
/// keep its order. `large` is the text with more units.
pub fn alignment(small: &Fingerprint, large: &Fingerprint, min_run: usize) -> Alignment {
    let at = PositionIndex::new(&large.shingles);
    alignment_with(small, large, |h| at.positions(h), min_run)
}

/// [`alignment`] with `large`'s shingle positions at hand: `positions(h)`
/// lists where hash `h` occurs in `large`, ascending (a [`PositionIndex`]).
pub(crate) fn alignment_with<'p>(
    small: &Fingerprint,
    large: &Fingerprint,
    positions: impl Fn(u32) -> &'p [u32],
    min_run: usize,
) -> Alignment {
    let (su, lu) = (small.units(), large.units());
    if su == 0 || lu == 0 {
        return Alignment::default();
    }
    let span = small.span.max(1) as usize;
    let min_run = min_run.max(1);
    // Maximal runs `s..e` of the smaller text's shingles the larger one has.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (p, &h) in small.shingles.iter().enumerate() {
        match (!positions(h).is_empty(), start) {
            (true, None) => start = Some(p),
            (false, Some(s)) => {
                runs.push((s, p));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, small.shingles.len()));
    }
    runs.retain(|&(s, e)| e - s >= min_run);

    // Smaller side: covered units.
    let (mut covered, mut covered_end) = (0usize, 0usize);
    // Larger side: each matched shingle goes to its first occurrence at or
    // after the previous one's (the copy continues in order), else to its
    // first occurrence.
    let mut hit = vec![false; large.shingles.len()];
    let mut next = 0usize;
    // (position in the larger text, units) of each run, for the order.
    let mut placed: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for &(s, e) in &runs {
        let end = e - 1 + span;
        let units = end - s.max(covered_end).min(end);
        covered += units;
        covered_end = end;
        let mut first = None;
        for &h in &small.shingles[s..e] {
            let ps = positions(h);
            let p = ps
                .get(ps.partition_point(|&q| (q as usize) < next))
                .copied()
                .unwrap_or(ps[0]) as usize;
            hit[p] = true;
            next = p + 1;
            first.get_or_insert(p);
        }
        placed.push((first.unwrap_or(0), units));
    }

    let (mut large_cov, mut end) = (0usize, 0usize);
    let (mut first_unit, mut last_unit) = (None, 0usize);
    for (p, _) in hit.iter().enumerate().filter(|(_, &h)| h) {
        let e = p + span;
        large_cov += e - p.max(end).min(e);
        end = e;
        first_unit.get_or_insert(p);
        last_unit = e;
    }
    let skipped = match first_unit {
        Some(f) => f + (last_unit - f).saturating_sub(large_cov),
        None => lu,
    };

    // Heaviest chain of runs increasing in the larger text (quadratic in
    // runs, which are few: one per edit or dropped passage).
    let mut best = vec![0usize; placed.len()];
    for i in 0..placed.len() {
        best[i] = placed[i].1
            + (0..i)
                .filter(|&j| placed[j].0 < placed[i].0)
                .map(|j| best[j])
                .max()
                .unwrap_or(0);
    }
    let chain = best.iter().copied().max().unwrap_or(0);
    Alignment {
        small_covered: covered.min(su) as f64 / su as f64,
        large_covered: large_cov.min(lu) as f64 / lu as f64,
        large_skipped: skipped as f64 / su as f64,
        in_order: if covered == 0 {
            0.0
        } else {
            chain as f64 / covered as f64
        },
    }
}

/// One-permutation MinHash of a shingle sequence (repeats change nothing),
/// with `k` bins, densified (see the module docs).
pub fn one_permutation_minhash(shingles: &[u32], k: usize) -> Vec<u32> {
    minhash_with(
        shingles,
        &ProbeTable {
            k,
            bins: Vec::new(),
        },
    )
}

/// [`one_permutation_minhash`] with `probes.k` bins and their probe table.
fn minhash_with(shingles: &[u32], probes: &ProbeTable) -> Vec<u32> {
    let mut bins = OphBins::new(probes.k);
    for &s in shingles {
        bins.insert(s);
    }
    bins.finish(probes)
}

/// The bins of a one-permutation MinHash being filled, shingle by shingle.
struct OphBins {
    sig: Vec<u32>,
    filled: Vec<bool>,
}

impl OphBins {
    fn new(k: usize) -> Self {
        Self {
            sig: vec![u32::MAX; k],
            filled: vec![false; k],
        }
    }

    #[inline(always)]
    fn insert(&mut self, s: u32) {
        let h = mix64(s as u64 ^ SEED_OPH);
        // Bin from the high half (multiply-shift range reduction), value
        // from the low half: independent bits of one well-mixed hash.
        let bin = (((h >> 32) * self.sig.len() as u64) >> 32) as usize;
        if let (Some(v), Some(f)) = (self.sig.get_mut(bin), self.filled.get_mut(bin)) {
            *v = (*v).min(h as u32);
            *f = true;
        }
    }

    /// The densified signature (all `u32::MAX` when nothing was inserted).
    /// `probes` is the table of `OphBins::new(probes.k)`.
    fn finish(mut self, probes: &ProbeTable) -> Vec<u32> {
        densify(&mut self.sig, &self.filled, &probes.bins);
        self.sig
    }
}

/// Optimal densification: every empty bin takes the value of the first
/// non-empty bin on its own probe sequence (a function of the bin index
/// only, the same for every text). After 64 misses (a text with very few
/// shingles) it takes the next non-empty bin after itself, also a function
/// of the bin and the filled bins alone.
///
/// `table` holds the probe sequences of every bin, `PROBES` each (see
/// [`ProbeTable`]); when it does not (empty), they are computed here.
fn densify(sig: &mut [u32], filled: &[bool], table: &[u16]) {
    let k = sig.len();
    // A count the compiler vectorizes, where `all` and `any` stop at the
    // first miss one bin at a time.
    let n_filled = filled.iter().filter(|&&f| f).count();
    if n_filled == k || n_filled == 0 {
        return;
    }
    // Only empty bins change, and only filled ones are read: the empty
    // bins are found 64 at a time from a mask, in any order.
    for (c, chunk) in filled.chunks(64).enumerate() {
        let mut empty = !bool_mask(chunk) & (u64::MAX >> (64 - chunk.len()));
        while empty != 0 {
            let i = 64 * c + empty.trailing_zeros() as usize;
            empty &= empty - 1;
            let src = match table.get(i * PROBES..(i + 1) * PROBES) {
                Some(seq) => seq.iter().map(|&j| usize::from(j)).find(|&j| filled[j]),
                None => (1..=PROBES as u64)
                    .map(|attempt| probe(k, i, attempt))
                    .find(|&j| filled[j]),
            };
            let j = src.unwrap_or_else(|| {
                (1..k)
                    .map(|d| (i + d) % k)
                    .find(|&j| filled[j])
                    .unwrap_or(i)
            });
            sig[i] = sig[j];
        }
    }
}

/// Bit `j` set where `flags[j]` is true (at most 64 flags).
fn bool_mask(flags: &[bool]) -> u64 {
    let mut mask = 0u64;
    for (j, eight) in flags.chunks(8).enumerate() {
        let mut bytes = [0u8; 8];
        for (b, &f) in bytes.iter_mut().zip(eight) {
            *b = u8::from(f);
        }
        // Byte `i` of the product's top byte collects flag `i` times 2^i.
        mask |= (u64::from_le_bytes(bytes).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * j);
    }
    mask
}

/// `text` with every run of whitespace (`char::is_whitespace`) made one
/// space and none at either end: what `split_whitespace().join(" ")` gives,
/// in one pass that decodes only non-ASCII characters.
fn collapse_whitespace(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace.
        while i < bytes.len() {
            let b = bytes[i];
            if b > b' ' && b < 0x80 {
                break;
            }
            match whitespace_len(text, i) {
                Some(len) => i += len,
                None => break,
            }
        }
        if i == bytes.len() {
            break;
        }
        // A run of other characters, copied whole. Printable ASCII (most
        // of any text) needs one comparison per byte.
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b > b' ' && b < 0x80 {
                i += 1;
            } else if whitespace_len(text, i).is_some() {
                break;
            } else {
                i += utf8_len(b);
            }
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(&bytes[start..i]);
    }
    out
}

/// Bytes of the whitespace character (`char::is_whitespace`) at byte `i`
/// of `text`, or `None` when the character there is no whitespace.
fn whitespace_len(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r').then_some(1);
    }
    let c = text[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// Length of the UTF-8 sequence a lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// `collapse_whitespace(&crate::normalize::fold(text))`: the text the exact
/// hash covers and the shingles are taken from (collapsing whitespace
/// changes no word).
///
/// One pass lowercases and collapses the normalized text, where folding
/// (a lowercased copy) and then collapsing (a second copy) read and wrote
/// every byte twice. `str::to_lowercase` maps each character on its own
/// except `Σ` (final or not by its neighbours): a text with one takes the
/// two steps.
///
/// The bytes are UTF-8 (whole characters are copied, others encoded) and
/// are used as bytes, so they are not validated again as a `String`.
fn fold_collapsed(text: &str) -> Vec<u8> {
    let normalized = crate::normalize::fold_normalized(text);
    lower_collapsed(&normalized).unwrap_or_else(|| {
        // Lowercasing never makes or removes whitespace (a test checks
        // every character), so fold-then-collapse is the definition.
        let folded = if normalized.is_ascii() {
            normalized.to_ascii_lowercase()
        } else {
            normalized.to_lowercase()
        };
        collapse_whitespace(&folded)
    })
}

/// `text.to_lowercase()` with whitespace collapsed as [`collapse_whitespace`]
/// does, in one pass; `None` when the text has a `Σ` (see [`fold_collapsed`]).
///
/// 64 bytes at a time while they are ASCII: a loop the compiler vectorizes
/// lowercases the block and turns its whitespace into spaces, and gives a
/// mask of the whitespace bytes; a whitespace byte after whitespace (or at
/// the start) is dropped, so the block is copied whole, or in the few runs
/// between dropped bytes. A block with other bytes goes character by
/// character up to the next block boundary (or just past it).
fn lower_collapsed(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut out: Vec<u8> = Vec::with_capacity(n + 64);
    // Whether the last byte read is whitespace, or none is read yet:
    // whitespace then adds nothing.
    let mut after_space = true;
    let mut i = 0;
    while i < n {
        let len = (n - i).min(64);
        // The last block is padded with spaces, which are then not copied.
        let padded;
        let block: &[u8; 64] = match bytes.get(i..i + 64).and_then(|b| b.try_into().ok()) {
            Some(block) => block,
            None => {
                let mut pad = [b' '; 64];
                pad[..len].copy_from_slice(&bytes[i..]);
                padded = pad;
                &padded
            }
        };
        if let Some((lowered, space)) = lower_ascii_block(block) {
            let drop = space & ((space << 1) | u64::from(after_space));
            if drop == 0 && len == 64 {
                // Most blocks: a copy of known size, done inline.
                out.extend_from_slice(&lowered);
            } else {
                copy_runs(&mut out, &lowered, !drop & (u64::MAX >> (64 - len)));
            }
            after_space = space >> (len - 1) & 1 != 0;
            i += len;
            continue;
        }
        let stop = (i + 64).min(n);
        while i < stop {
            let b = bytes[i];
            if b < 0x80 {
                if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                    if !after_space {
                        out.push(b' ');
                        after_space = true;
                    }
                } else {
                    out.push(b.to_ascii_lowercase());
                    after_space = false;
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next()?;
            let len = c.len_utf8();
            if c == 'Σ' {
                return None;
            }
            if c.is_whitespace() {
                if !after_space {
                    out.push(b' ');
                    after_space = true;
                }
            } else {
                match lower_char(c) {
                    Some(l) if l == c => out.extend_from_slice(&bytes[i..i + len]),
                    Some(l) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                    None => {
                        let mut buf = [0u8; 4];
                        for l in c.to_lowercase() {
                            out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                }
                after_space = false;
            }
            i += len;
        }
    }
    if after_space && !out.is_empty() {
        out.pop();
    }
    Some(out)
}

/// An ASCII block lowercased with its whitespace (`char::is_whitespace`:
/// space, tab, line feed, vertical tab, form feed, carriage return) made
/// spaces, and the mask of those whitespace bytes; `None` when the block
/// has a non-ASCII byte.
#[inline]
fn lower_ascii_block(block: &[u8; 64]) -> Option<([u8; 64], u64)> {
    let mut lowered = [0u8; 64];
    let mut flags = [0u8; 64];
    let mut high = 0u8;
    for ((l, f), &b) in lowered.iter_mut().zip(flags.iter_mut()).zip(block) {
        high |= b;
        let space = b == b' ' || b.wrapping_sub(b'\t') < 5;
        let upper = b.wrapping_sub(b'A') < 26;
        *l = if space {
            b' '
        } else {
            b | (u8::from(upper) << 5)
        };
        *f = u8::from(space);
    }
    if high >= 0x80 {
        return None;
    }
    Some((lowered, tokenize::flags_to_mask(&flags)))
}

/// Appends the bytes of `block` whose bit is set in `keep`, a run of
/// consecutive ones at a time.
#[inline]
fn copy_runs(out: &mut Vec<u8>, block: &[u8; 64], mut keep: u64) {
    while keep != 0 {
        let start = keep.trailing_zeros() as usize;
        let run = (!(keep >> start)).trailing_zeros() as usize;
        let end = start + run;
        out.extend_from_slice(&block[start..end]);
        // `end` is 64 when the run reaches the block's end.
        keep &= u64::MAX.checked_shl(end as u32).unwrap_or(0);
    }
}

/// Code points below this have their lowercase form in a table.
const LOWER_TABLE_END: u32 = 0x2000;

/// `c.to_lowercase()` when it is one character, from a table built from it
/// for the code points below [`LOWER_TABLE_END`] (Latin, Greek, Cyrillic and
/// Vietnamese letters: the standard library's lookup is a binary search
/// over every cased character); `None` above those or for the few
/// characters that lowercase to two.
fn lower_char(c: char) -> Option<char> {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..LOWER_TABLE_END)
            .map(|cp| {
                let c = char::from_u32(cp).unwrap_or('\0');
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(one), None) => one,
                    // Marks "look it up": no character lowercases to NUL
                    // but NUL itself, which is below 0x80 and never read.
                    _ => '\0',
                }
            })
            .collect()
    });
    table.get(c as usize).copied().filter(|&l| l != '\0')
}

impl Fingerprinter for Shingler {
    fn fingerprint(&self, text: &str) -> Fingerprint {
        let folded = fold_collapsed(text);
        let exact = xxh3_64_with_seed(&folded, SEED_EXACT);
        let hashes = word_hashes(&folded);
        let (shingles, span, minhash) = if is_short(hashes.len(), &self.cfg) {
            let folded = std::str::from_utf8(&folded).unwrap_or_default();
            let (shingles, span) = char_shingles(&tokenize::words(folded), &self.cfg);
            let minhash = minhash_with(&shingles, &self.probes);
            (shingles, span, minhash)
        } else {
            // The MinHash bins are filled as the shingles are made.
            let mut bins = OphBins::new(self.probes.k);
            let k = self.cfg.shingle_words;
            let shingles = shingle_hashes(&hashes, k, |s| bins.insert(s));
            (shingles, k as u32, bins.finish(&self.probes))
        };
        Fingerprint {
            exact,
            minhash,
            shingles,
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`covered_share`] by its definition: mark every unit inside a run of
    /// at least `min_run` shared shingles, then count the marks.
    fn covered_share_reference(small: &Fingerprint, large_set: &[u32], min_run: usize) -> f64 {
        let units = small.units();
        if units == 0 {
            return 0.0;
        }
        let span = small.span.max(1) as usize;
        let shared: Vec<bool> = small
            .shingles
            .iter()
            .map(|h| large_set.binary_search(h).is_ok())
            .collect();
        let mut marked = vec![false; units + span];
        let mut s = 0;
        while s < shared.len() {
            let e = (s..shared.len())
                .find(|&e| !shared[e])
                .unwrap_or(shared.len());
            if e - s >= min_run.max(1) {
                marked[s..e - 1 + span].fill(true);
            }
            s = e + 1;
        }
        marked.iter().filter(|&&m| m).count().min(units) as f64 / units as f64
    }

    /// [`alignment`] with the larger text's positions in a hash map of
    /// lists, as it was before [`PositionIndex`].
    fn alignment_reference(small: &Fingerprint, large: &Fingerprint, min_run: usize) -> Alignment {
        let mut at: std::collections::HashMap<u32, Vec<u32>> = std::collections::HashMap::new();
        for (p, &h) in large.shingles.iter().enumerate() {
            at.entry(h).or_default().push(p as u32);
        }
        alignment_with(
            small,
            large,
            |h| at.get(&h).map_or(&[][..], Vec::as_slice),
            min_run,
        )
    }

    /// The definition [`shingle_text`] is checked against: shingles of a
    /// folded word list, hashing each word of a long text.
    fn shingle_words(words: &[&str], cfg: &FingerprintConfig) -> (Vec<u32>, u32) {
        if !words.is_empty() && words.len() < cfg.min_words.max(cfg.shingle_words) {
            return char_shingles(words, cfg);
        }
        // The definition: each window of `k` word hashes folded in order.
        let hashes: Vec<u64> = words
            .iter()
            .map(|w| xxh3_64_with_seed(w.as_bytes(), SEED_SHINGLE))
            .collect();
        let shingles = hashes
            .windows(cfg.shingle_words)
            .map(|w| {
                let h = w.iter().fold(0u64, |acc, &x| acc.rotate_left(1) ^ x);
                hash32(mix64(h ^ SEED_SHINGLE))
            })
            .collect();
        (shingles, cfg.shingle_words as u32)
    }

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
    fn rolling_shingle_hash_equals_the_direct_one_and_keeps_order() {
        let text = "one two three four five six seven eight one two three four five \
                    nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen";
        let words = tokenize::words(text);
        // Every shingle length: the ring of word hashes wraps at 16.
        for k in 1..=16 {
            let cfg = FingerprintConfig {
                shingle_words: k,
                min_words: 1,
                ..FingerprintConfig::default()
            };
            let (rolled, span) = shingle_text(text, &cfg);
            assert_eq!(span, k as u32);
            assert_eq!(rolled.len(), words.len() + 1 - k, "{k}");
            assert_eq!((rolled, span), shingle_words(&words, &cfg), "{k}");
        }
        let cfg = FingerprintConfig::default();
        let (rolled, _) = shingle_text(text, &cfg);
        // A repeated passage gives the same shingles; swapped words do not.
        assert_eq!(rolled[0], rolled[8]);
        let swapped = tokenize::words("two one three four five");
        assert_ne!(shingle_words(&swapped, &cfg).0[0], rolled[0]);
        // Repeated words do not cancel out.
        let same = tokenize::words("a a a a a");
        let other = tokenize::words("b b b b b");
        assert_ne!(shingle_words(&same, &cfg).0, shingle_words(&other, &cfg).0);
    }

    /// A fingerprint of the given shingle sequence (no MinHash needed here).
    fn seq_fp(shingles: Vec<u32>, span: u32) -> Fingerprint {
        Fingerprint {
            exact: 0,
            minhash: Vec::new(),
            shingles,
            span,
        }
    }

    /// What [`fold_collapsed`] replaced: fold, then collapse whitespace.
    fn fold_collapsed_reference(text: &str) -> Vec<u8> {
        collapse_whitespace(&crate::normalize::fold(text))
    }

    #[test]
    fn lowercasing_keeps_whitespace_and_the_table_is_char_to_lowercase() {
        // Why collapsing after lowercasing equals collapsing the lowercase
        // text, and words stay words: over every character.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let lower: Vec<char> = c.to_lowercase().collect();
            if c.is_whitespace() {
                assert_eq!(lower, vec![c]);
            } else {
                assert!(!lower.iter().any(|l| l.is_whitespace()), "{c:?}");
            }
            let word = tokenize::is_word_char(c);
            assert!(
                lower.iter().all(|&l| tokenize::is_word_char(l) == word),
                "{c:?}"
            );
            if let Some(l) = lower_char(c) {
                assert_eq!(lower, vec![l], "{c:?}");
            }
        }
    }

    #[test]
    fn fold_collapsed_equals_fold_then_collapse() {
        for t in [
            "",
            "   ",
            "Hello   World\n\nagain ",
            " ABCDEFGH  IJKLMNOP QRSTUVWX\tYZ@[`{ ",
            "THỦ TƯỚNG Phạm Minh Chính\u{a0}\u{2003}đi  HÀ NỘI",
            "İSTANBUL ΣΟΦΟΣ. ΟΔΟΣ ΣΑΣ Σ",
            "ǅ ǈ ǋ Ǳ ẞ Ω K Å \u{1c}\u{7f}x\u{85}y",
            "e\u{301}  E\u{301}\u{300} ﬁ ＡＢＣ",
            "word1 word2  word3   word4 12345678 ABCDEFG  H",
        ] {
            assert_eq!(fold_collapsed(t), fold_collapsed_reference(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_collapsed_agrees_with_fold_then_collapse(
            s in "([a-zA-Z0-9 .,@\\[`{\t\n\r\u{b}\u{c}\u{1c}\u{7f}]{0,40}|[a-zA-Zà-ỹÀ-Ỹ\u{300}\u{301}\u{a0}\u{85}\u{2003}ΣσςİßẞǅＡ ]{0,40}){0,6}"
        ) {
            proptest::prop_assert_eq!(fold_collapsed(&s), fold_collapsed_reference(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn sort_spread_equals_sort_unstable(
            v in proptest::collection::vec((proptest::num::u64::ANY, 0u32..4), 0..600),
            mask in proptest::sample::select(vec![u64::MAX, 0xFFFF, 0xFFFF_0000_0000_0000, 0]),
        ) {
            // Spread keys, keys that share their high bits (one big bucket)
            // and repeated keys, with a second field to order ties.
            let mut got: Vec<(u64, u32)> = v.iter().map(|&(k, i)| (k & mask, i)).collect();
            let mut want = got.clone();
            want.sort_unstable();
            sort_spread(&mut got, |&(k, _)| k);
            proptest::prop_assert_eq!(&got, &want);
            let mut hashes: Vec<u32> = v.iter().map(|&(k, _)| (k & mask) as u32).collect();
            let mut want: Vec<u32> = hashes.clone();
            want.sort_unstable();
            sort_spread(&mut hashes, |&h| u64::from(h) << 32);
            proptest::prop_assert_eq!(hashes, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn shingle_set_is_the_sorted_distinct_shingles(
            v in proptest::collection::vec(proptest::num::u32::ANY, 0..900),
            mask in proptest::sample::select(vec![u32::MAX, 0xFF, 0xFFFF_0000, 0x8000_0001, 0]),
            repeat in 1usize..4,
        ) {
            // Spread hashes, hashes that share their top bits (one big
            // bucket), few distinct values and repeats; every list size
            // below and above the short-list cut-off.
            let shingles: Vec<u32> = v.iter().flat_map(|&h| vec![h & mask; repeat]).collect();
            let mut want = shingles.clone();
            want.sort_unstable();
            want.dedup();
            let fp = Fingerprint { shingles, ..Fingerprint::default() };
            proptest::prop_assert_eq!(fp.shingle_set(), want);
        }

        #[test]
        fn intersection_size_counts_common_values(
            a in proptest::collection::btree_set(0u32..400, 0..200),
            b in proptest::collection::btree_set(0u32..400, 0..200),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            let want = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
            proptest::prop_assert_eq!(intersection_size(&a, &b), want);
            proptest::prop_assert_eq!(intersection_size(&b, &a), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn radix_sort_is_a_stable_sort(
            v in proptest::collection::vec((0u32..6, 0u32..300, proptest::num::u32::ANY, 0u32..9), 0..700),
            mask in proptest::sample::select(vec![u32::MAX, 0xFF, 0xFF00_0000, 0x00FF_FF00, 0]),
        ) {
            // Keys with few distinct bytes (skipped passes) and full-width
            // random ones; the payload tells a stable order apart.
            let items: Vec<(u32, usize)> = v
                .iter()
                .enumerate()
                .map(|(i, &(a, b, c, d))| ((a << 28 | b << 12 | d) ^ (c & mask), i))
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| x.0);
            let mut got = items;
            radix_sort_by_key(&mut got, |x| x.0);
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        // Small alphabets: repeated shingles, shared runs, runs out of order.
        #[test]
        fn position_index_agrees_with_the_hash_map_version(
            a in proptest::collection::vec(0u32..24, 0..160),
            b in proptest::collection::vec(0u32..24, 0..160),
            span in 1u32..6,
            min_run in 1usize..4,
        ) {
            let (fa, fb) = (seq_fp(a, span), seq_fp(b, span));
            let set = fb.shingle_set();
            let at = PositionIndex::new(&fb.shingles);
            for h in 0..30u32 {
                let want: Vec<u32> = fb.shingles.iter().enumerate()
                    .filter(|(_, &x)| x == h).map(|(p, _)| p as u32).collect();
                proptest::prop_assert_eq!(at.positions(h), &want[..]);
            }
            let cov = covered_share(&fa, &set, min_run);
            proptest::prop_assert_eq!(cov.to_bits(), covered_share_reference(&fa, &set, min_run).to_bits());
            proptest::prop_assert_eq!(
                covered_share_with(&fa, min_run, |h| !at.positions(h).is_empty()).to_bits(), cov.to_bits());
            proptest::prop_assert_eq!(alignment(&fa, &fb, min_run), alignment_reference(&fa, &fb, min_run));
        }
    }

    proptest::proptest! {
        // The fused path (words hashed as they are found) gives what the
        // word list gives, for long and short texts alike.
        #[test]
        fn collapse_equals_split_whitespace_joined(s in "[a-z0-9 .,à-ỹ\u{300}\t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{2003}\u{2028}\u{3000}]{0,200}") {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&s), want.into_bytes());
        }

        #[test]
        fn shingle_text_equals_shingle_words(s in "[a-zA-Z0-9 .,à-ỹ\u{300}\u{301}\n]{0,400}") {
            let cfg = FingerprintConfig::default();
            proptest::prop_assert_eq!(shingle_text(&s, &cfg), shingle_words(&tokenize::words(&s), &cfg));
        }
    }

    proptest::proptest! {
        // The signature filled while the shingles are made (or from a
        // short text's character shingles) is the MinHash of the shingles.
        #[test]
        fn fingerprint_minhash_is_the_minhash_of_its_shingles(s in "[a-zA-Z0-9 .,à-ỹ\n]{0,300}") {
            let f = fp(&s);
            proptest::prop_assert_eq!(&f.minhash, &one_permutation_minhash(&f.shingles, 112));
        }
    }

    #[test]
    fn collapse_is_split_whitespace_joined() {
        for t in [
            "",
            "  ",
            " a\t\tb\n\nc ",
            "x\u{a0}y\u{2003}z\u{85}w",
            "Hà  Nội\r\n\u{3000}đi",
            "a\u{1c}b",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(t), want.as_bytes(), "{t:?}");
        }
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
        assert!(minhash_agreement(&fa.minhash, &fb.minhash) >= 0.6);
        let other = fp(
            "A completely different story about football results, the league table \
            and the coach who resigned after a long season of defeats and injuries to key \
            players, with fans protesting outside the stadium for several hours on Sunday.",
        );
        assert!(minhash_agreement(&fa.minhash, &other.minhash) < 0.1);
    }

    #[test]
    fn one_permutation_minhash_estimates_jaccard() {
        // Sets of 400 with 0..=400 shared members: the share of equal values
        // follows the true Jaccard (112 values: standard error about 0.05).
        let set = |lo: u32, n: u32| {
            (lo..lo + n)
                .map(|x| mix64(x as u64) as u32)
                .collect::<Vec<_>>()
        };
        for shared in [0u32, 100, 200, 300, 400] {
            let a = set(0, 400);
            let b = set(400 - shared, 400);
            let j = shared as f64 / (800 - shared) as f64;
            let est = minhash_agreement(
                &one_permutation_minhash(&a, 112),
                &one_permutation_minhash(&b, 112),
            );
            assert!((est - j).abs() < 0.15, "shared {shared}: {est} vs {j}");
        }
        // Order and repeats do not matter; equal sets, equal signatures.
        let a = set(0, 50);
        let mut b = a.clone();
        b.reverse();
        b.extend_from_slice(&a[..10]);
        assert_eq!(
            one_permutation_minhash(&a, 112),
            one_permutation_minhash(&b, 112)
        );
    }

    #[test]
    fn probe_table_gives_the_computed_probes() {
        // Few shingles (most bins empty, long probe runs, some past the
        // 64 probes) and many, with the table and without.
        for k in [1usize, 7, 112, 300] {
            let table = ProbeTable::new(k);
            for n in [1u32, 2, 3, 10, 50, 400] {
                let shingles: Vec<u32> = (0..n).map(|x| mix64(x as u64 + 99) as u32).collect();
                assert_eq!(
                    minhash_with(&shingles, &table),
                    one_permutation_minhash(&shingles, k),
                    "k {k} n {n}"
                );
            }
        }
    }

    #[test]
    fn densification_fills_every_bin_from_the_text() {
        // Three shingles, 112 bins: every bin holds one of the three values.
        let few = [7u32, 8, 9];
        let sig = one_permutation_minhash(&few, 112);
        let own: Vec<u32> = few
            .iter()
            .map(|&s| mix64(s as u64 ^ SEED_OPH) as u32)
            .collect();
        assert!(sig.iter().all(|v| own.contains(v)), "{sig:?}");
        // Two texts sharing two of three shingles agree on many bins, not
        // none (without densification most bins would be empty in both).
        let other = one_permutation_minhash(&[7, 8, 10], 112);
        let agree = minhash_agreement(&sig, &other);
        assert!(agree > 0.3 && agree < 1.0, "{agree}");
        assert!(one_permutation_minhash(&[], 16)
            .iter()
            .all(|&v| v == u32::MAX));
    }

    #[test]
    fn short_texts_use_character_shingles() {
        let a = fp("Breaking news tonight");
        assert!(a.shingles.len() > 5);
        assert_eq!(a.span, 5);
        assert_eq!(a.units(), "breaking news tonight".len());
        let b = fp("Breaking news tonight!");
        assert_eq!(a.shingles, b.shingles);
    }

    #[test]
    fn empty_text_does_not_panic() {
        let f = fp("");
        assert!(f.shingles.is_empty());
        assert!(f.minhash.iter().all(|&m| m == u32::MAX));
        assert_eq!(f.units(), 0);
        assert_eq!(minhash_agreement(&[], &[]), 0.0);
    }

    #[test]
    fn covered_share_counts_words_not_shingles() {
        let a = long_text();
        let fa = fp(&a);
        assert_eq!(fa.span, 5);
        assert_eq!(fa.units(), tokenize::words(&a).len());
        // An excerpt of the text is wholly covered.
        let half: Vec<&str> = a.split(' ').take(40).collect();
        let fe = fp(&half.join(" "));
        assert_eq!(covered_share(&fe, &fa.shingle_set(), 1), 1.0);
        // Three scattered one-word edits break 15 of the shingles but
        // uncover only the three edited words.
        let mut w: Vec<&str> = a.split(' ').collect();
        let n = w.len();
        for k in [10, 30, 50] {
            w[k] = "zzz";
        }
        let fd = fp(&w.join(" "));
        let cov = covered_share(&fd, &fa.shingle_set(), 1);
        let set = fd.shingle_set();
        let contain = intersection_size(&set, &fa.shingle_set()) as f64 / set.len() as f64;
        assert!((cov - (n - 3) as f64 / n as f64).abs() < 1e-9, "{cov} {n}");
        assert!(contain < cov - 0.15, "{contain} {cov}");
        // Unrelated text: nothing covered.
        let other = fp(
            "A completely different story about football results, the league table \
            and the coach who resigned after a long season of defeats and injuries to key \
            players, with fans protesting outside the stadium for several hours on Sunday.",
        );
        assert_eq!(covered_share(&other, &fa.shingle_set(), 1), 0.0);
        assert!(fa.heap_bytes() >= 4 * (fa.shingles.len() + 112));
    }

    /// `n` distinct words from `seed`.
    fn distinct(seed: usize, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("s{seed}w{i}")).collect()
    }

    #[test]
    fn alignment_tells_excerpts_abridged_copies_and_rewrites_apart() {
        let parts: Vec<Vec<String>> = (0..4).map(|k| distinct(k, 50)).collect();
        let full = fp(&parts.concat().join(" "));
        // Lead excerpt: nothing skipped, all in order, half the larger covered.
        let lead = fp(&parts[..2].concat().join(" "));
        let al = alignment(&lead, &full, 2);
        assert_eq!(al.small_covered, 1.0);
        assert_eq!(al.large_skipped, 0.0);
        assert_eq!(al.in_order, 1.0);
        assert!((al.large_covered - 0.5).abs() < 1e-9, "{al:?}");
        // Abridged copy (passage 1 dropped): 50 of its 150 units skipped, in order.
        let abridged = fp(&[parts[0].clone(), parts[2].clone(), parts[3].clone()]
            .concat()
            .join(" "));
        let al = alignment(&abridged, &full, 2);
        assert_eq!(al.small_covered, 1.0);
        assert!((al.large_skipped - 50.0 / 150.0).abs() < 1e-9, "{al:?}");
        assert_eq!(al.in_order, 1.0);
        // Passages moved: the heaviest in-order chain holds two of three.
        let moved = fp(&[parts[2].clone(), parts[0].clone(), parts[1].clone()]
            .concat()
            .join(" "));
        let al = alignment(&moved, &full, 2);
        assert_eq!(al.small_covered, 1.0);
        assert!(al.in_order < 0.7 && al.in_order > 0.6, "{al:?}");
        // A repeated phrase maps to its occurrence that continues the match.
        let mut rep = parts[0].clone();
        rep.extend(parts[0][..10].iter().cloned());
        rep.extend(parts[1].iter().cloned());
        let rep_full = fp(&rep.join(" "));
        let al = alignment(&rep_full, &fp(&rep.join(" ")), 2);
        assert_eq!(
            (al.in_order, al.large_skipped, al.large_covered),
            (1.0, 0.0, 1.0)
        );
        // Nothing shared.
        let other = fp(&distinct(9, 40).join(" "));
        let al = alignment(&other, &full, 2);
        assert_eq!(
            (al.small_covered, al.large_covered, al.in_order),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(al.large_skipped, 200.0 / 40.0);
        assert_eq!(alignment(&fp(""), &full, 2), Alignment::default());
    }
}
