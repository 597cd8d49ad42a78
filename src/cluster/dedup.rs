//! Exact and near-duplicate grouping.
//!
//! The same article reaches a corpus many times: re-scraped, syndicated with a
//! new headline, lightly edited, or cut to its first paragraphs. This step
//! finds those copies so that only one canonical page per article goes on.
//!
//! 1. **Exact copies** share the fingerprint's `exact` hash (folded text,
//!    whitespace collapsed); one representative per hash goes on.
//! 2. **Candidates** among the representatives come from two sub-quadratic
//!    sources: MinHash LSH banding (`bands` × `rows`), which finds pairs of high
//!    Jaccard, and an index of winnowed shingles (Schleimer et al., 2003: the
//!    smallest hash of every window of `winnow_window` consecutive shingles,
//!    about 2/(w+1) of them), which finds truncated copies, lead excerpts and
//!    partial copies whose Jaccard with the full text is too low for banding.
//!    Winnowing guarantees that two texts sharing a run of `winnow_window`
//!    shingles share an indexed one, so even a short excerpt is found, where
//!    sampling shingles at random could pick none of it.
//! 3. **Verification** of every candidate on the exact shingles: Jaccard of
//!    the shingle sets ≥ `jaccard_threshold` (rule `near`), or word
//!    containment of the smaller text in the larger ≥ `containment_threshold`
//!    (rule `contained`), the smaller text having at least
//!    `min_contained_shingles` shingles. Word containment is the share of the
//!    smaller text's words that sit inside a shingle the larger text also has
//!    ([`covered_share`]): a truncated copy or a lead excerpt scores 1, an
//!    excerpt with scattered word edits about 1 − its edit rate (set
//!    containment would lose `k` shingles per edit), and unrelated texts
//!    that share a few stock phrases only the length of those phrases.
//!    Containment alone also takes another outlet's version of the same
//!    wire story (shared passages, plus its own lead and paragraphs), so
//!    the copied words must also lie in the larger text as a copy's do
//!    ([`alignment`]): either the match skips little of the larger text
//!    before its end (`max_skipped`: a lead excerpt, a truncation, a whole
//!    copy with scattered edits), or the smaller text dropped whole passages
//!    but kept the order of the rest (`min_in_order`: an abridged copy).
//!    A rewrite interleaves its passages with the other text's own
//!    paragraphs and moves shared sentences around.
//! 4. **Grouping** without chains: pages are visited from the most complete
//!    one down; an unassigned page opens a group and takes every unassigned
//!    page verified against *it*. So every member matches its canonical page
//!    directly, and A~B, B~C never pulls an unrelated C under A. A page left
//!    alone because its match went to another group joins that group only if
//!    its own word containment in that group's canonical page reaches
//!    `link_containment` (a truncated copy of a lightly edited copy).
//!
//! Memory and time: beyond the fingerprints (4 bytes per word plus the
//! MinHash values), dedup holds the winnowed-shingle postings (8 bytes per
//! sampled shingle), one band's sorted keys per thread, and the sorted
//! shingle set of each page that is in a candidate pair. Indexes are sorted
//! flat lists rather than hash maps of vectors; shared winnowed shingles are
//! counted page by page in parallel, never as one list of every pair of
//! pages sharing a shingle (which grows with the square of how many pages
//! share a stock phrase).
//!
//! Canonical page: most complete text (`text_chars`), then earliest date, then
//! the earliest site in `source_priority`, then smallest id. Inputs are sorted
//! by id first and every tie is broken by id, so the result depends neither on
//! input order nor on thread count.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::fingerprint::{
    alignment_with, covered_share, intersection_size, mix64, radix_sort_by_key, sort_spread,
    Fingerprint, KeyMap, PositionIndex,
};
use crate::model::Doc;

/// Settings of near-duplicate detection (`[dedup]` in the config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    /// Find duplicates at all; when false every page is its own article.
    pub enabled: bool,
    /// Shingle Jaccard at or above which two pages are near-duplicates.
    pub jaccard_threshold: f64,
    /// Word containment of the smaller page in the larger (share of its words
    /// inside a shingle the larger page also has) at or above which the
    /// smaller page is a (truncated, excerpted or partly edited) copy.
    pub containment_threshold: f64,
    /// The smaller page needs at least this many shingles for `contained`.
    pub min_contained_shingles: usize,
    /// LSH bands over the MinHash signature.
    pub bands: usize,
    /// MinHash values per band (`bands × rows` ≤ `fingerprint.minhash_perms`;
    /// bands that do not fit are dropped).
    pub rows: usize,
    /// Winnowing window: the smallest shingle hash of every this many
    /// consecutive shingles is indexed for containment candidates.
    pub winnow_window: usize,
    /// Sampled shingles shared by more pages than this are skipped as
    /// uninformative (boilerplate, quotes).
    pub max_posting: usize,
    /// A page whose match went into another group joins that group when its
    /// containment in the group's canonical page is at least this.
    pub link_containment: f64,
    /// Word containment counts only runs of at least this many consecutive
    /// shared shingles (`min_run + span − 1` words): a lone shared shingle is
    /// a stock phrase or a name, not copied text.
    pub min_run: usize,
    /// A contained page is a copy when the match skips at most this much of
    /// the larger page before its end (units ahead of and inside the match
    /// that the smaller page lacks, per unit of the smaller page): a lead
    /// excerpt, a truncation or a whole copy with scattered edits.
    pub max_skipped: f64,
    /// Otherwise (the smaller page shares passages spread over the larger
    /// one) it is a copy only when at least this share of its copied words
    /// keep the larger page's order: an abridged copy drops passages but
    /// moves none; another outlet's rewrite of the same wire story reorders
    /// and interleaves them.
    pub min_in_order: f64,
    /// Sites preferred as canonical, best first, when completeness and date tie.
    pub source_priority: Vec<String>,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            jaccard_threshold: 0.5,
            containment_threshold: 0.75,
            min_contained_shingles: 10,
            bands: 28,
            rows: 4,
            winnow_window: 8,
            max_posting: 500,
            link_containment: 0.6,
            min_run: 2,
            max_skipped: 0.3,
            min_in_order: 1.0,
            source_priority: Vec::new(),
        }
    }
}

impl DedupConfig {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.jaccard_threshold > 0.0 && self.jaccard_threshold <= 1.0) {
            return Err(format!(
                "dedup.jaccard_threshold must be within (0, 1], got {}",
                self.jaccard_threshold
            ));
        }
        if !(self.containment_threshold > 0.0 && self.containment_threshold <= 1.0) {
            return Err(format!(
                "dedup.containment_threshold must be within (0, 1], got {}",
                self.containment_threshold
            ));
        }
        if !(self.link_containment > 0.0 && self.link_containment <= 1.0) {
            return Err(format!(
                "dedup.link_containment must be within (0, 1], got {}",
                self.link_containment
            ));
        }
        if !(self.max_skipped >= 0.0 && self.max_skipped.is_finite()) {
            return Err(format!(
                "dedup.max_skipped must be a finite number >= 0, got {}",
                self.max_skipped
            ));
        }
        if !(0.0..=1.0).contains(&self.min_in_order) {
            return Err(format!(
                "dedup.min_in_order must be within [0, 1], got {}",
                self.min_in_order
            ));
        }
        if self.min_run == 0 || self.min_run > 64 {
            return Err(format!(
                "dedup.min_run must be within 1..=64, got {}",
                self.min_run
            ));
        }
        if self.min_contained_shingles == 0 {
            return Err("dedup.min_contained_shingles must be at least 1, got 0".to_string());
        }
        if self.bands == 0 || self.rows == 0 || self.bands * self.rows > 1024 {
            return Err(format!(
                "dedup.bands × dedup.rows must be within 1..=1024, got {} × {}",
                self.bands, self.rows
            ));
        }
        if self.winnow_window == 0 || self.winnow_window > 1024 {
            return Err(format!(
                "dedup.winnow_window must be within 1..=1024, got {}",
                self.winnow_window
            ));
        }
        if self.max_posting < 2 {
            return Err(format!(
                "dedup.max_posting must be at least 2, got {}",
                self.max_posting
            ));
        }
        Ok(())
    }
}

/// A copy in a duplicate group, with its similarity to the canonical page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupMember {
    pub id: String,
    pub similarity: f64,
    /// Which rule matched it: `exact`, `near` (Jaccard) or `contained`.
    pub rule: String,
}

/// A group of copies of one article: the canonical page and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupGroup {
    pub canonical: String,
    /// Every other copy (the canonical page is not listed), sorted by id.
    pub members: Vec<DupMember>,
}

/// A page's place in canonical order, smallest first: most complete
/// (`chars`, its `text_chars`), then earliest date (a dated page before an
/// undated one), then preferred source, then smallest id, then index. All
/// numbers: the date as its rank among the run's dates, the id and index as
/// the page's rank in (id, index) order ([`id_ranks`]), so that sorting a
/// million keys follows no pointer to a string.
type CanonicalKey = (Reverse<usize>, bool, u32, usize, u32);

fn canonical_key(doc: &Doc, chars: usize, date: u32, id: u32, cfg: &DedupConfig) -> CanonicalKey {
    let prio = cfg
        .source_priority
        .iter()
        .position(|s| *s == doc.site)
        .unwrap_or(usize::MAX);
    (Reverse(chars), doc.date.is_none(), date, prio, id)
}

/// Each page's rank in (id, index) order: its index where `docs` is sorted
/// by id already (the pipeline sorts them), else from a sort.
fn id_ranks(docs: &[Doc]) -> Vec<u32> {
    if docs.windows(2).all(|w| w[0].id <= w[1].id) {
        return (0..docs.len() as u32).collect();
    }
    let mut order: Vec<(&str, u32)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i as u32))
        .collect();
    crate::pipeline::par_sort(&mut order);
    let mut rank = vec![0u32; docs.len()];
    for (r, &(_, i)) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// Each page's date as its rank among the distinct dates of `docs` (0 for
/// a page without one): the order of the date strings.
fn date_ranks(docs: &[Doc]) -> Vec<u32> {
    let mut distinct: Vec<&str> = docs.iter().filter_map(|d| d.date.as_deref()).collect();
    crate::pipeline::par_sort(&mut distinct);
    distinct.dedup();
    docs.iter()
        .map(|d| {
            d.date.as_deref().map_or(0, |date| {
                distinct.binary_search(&date).expect("every date is listed") as u32
            })
        })
        .collect()
}

/// A verified pair: `(a, b, similarity, rule)` with `a < b` (indices).
type Verified = (usize, usize, f64, &'static str);

/// Word containment of the page with fewer words in the other one, when it
/// has enough shingles to be judged (`min_contained_shingles`) and the copied
/// words lie in the larger page as a copy's do; `None` otherwise. The shape
/// is checked only when the share reaches `at_least` (the cheap share first).
///
/// Shape: the match skips little of the larger page before its end
/// (`max_skipped`: a lead excerpt, a truncation, a whole copy with edits), or
/// its runs keep the larger page's order (`min_in_order`: an abridged copy).
/// Another outlet's version of the same wire story shares long passages too,
/// but between them the larger page has its own paragraphs, and the shared
/// sentences come reordered.
fn containment(
    (fa, sa): (&Fingerprint, &[u32]),
    (fb, sb): (&Fingerprint, &[u32]),
    at_least: f64,
    cfg: &DedupConfig,
) -> Option<f64> {
    let ((small, small_set), (large, large_set)) =
        if (fa.units(), sa.len()) <= (fb.units(), sb.len()) {
            ((fa, sa), (fb, sb))
        } else {
            ((fb, sb), (fa, sa))
        };
    if small_set.len() < cfg.min_contained_shingles {
        return None;
    }
    let share = covered_share(small, large_set, cfg.min_run);
    if share < at_least {
        return None;
    }
    // The shape needs where the larger page has each shingle: a flat table
    // built for the pairs that get this far (no SipHash, no list per shingle).
    let at = PositionIndex::new(&large.shingles);
    let al = alignment_with(small, large, |h| at.positions(h), cfg.min_run);
    (al.large_skipped <= cfg.max_skipped || al.in_order >= cfg.min_in_order).then_some(share)
}

/// Checks one candidate pair: Jaccard of the shingle sets, then word
/// containment of the smaller page in the larger.
fn verify(
    a: (&Fingerprint, &[u32]),
    b: (&Fingerprint, &[u32]),
    cfg: &DedupConfig,
) -> Option<(f64, &'static str)> {
    if a.1.is_empty() || b.1.is_empty() {
        return None;
    }
    let inter = intersection_size(a.1, b.1);
    if inter == 0 {
        return None;
    }
    let union = a.1.len() + b.1.len() - inter;
    let jaccard = inter as f64 / union as f64;
    if jaccard >= cfg.jaccard_threshold {
        return Some((jaccard, "near"));
    }
    containment(a, b, cfg.containment_threshold, cfg).map(|c| (c, "contained"))
}

/// Winnowing: the smallest (mixed) hash of every window of `w` consecutive
/// shingles, each selected position once; sorted and deduplicated.
#[cfg(test)]
fn winnow(seq: &[u32], w: usize) -> Vec<u32> {
    let mut out = Vec::new();
    winnow_into(seq, w, &mut out);
    out
}

/// [`winnow`], appended to `out`.
fn winnow_into(seq: &[u32], w: usize, out: &mut Vec<u32>) {
    if seq.is_empty() {
        return;
    }
    // Each position's key once, not once per window it is in.
    let keys: Vec<u64> = seq.iter().map(|&h| mix64(h as u64 ^ 0x005A_3F1E)).collect();
    let w = w.clamp(1, seq.len());
    // About 2/(w + 1) of the positions are selected: room for them at once.
    out.reserve(2 * seq.len() / (w + 1) + 16);
    let first = out.len();
    // The rightmost minimum of a window, as in the paper.
    let rightmost_min = |window: &[u64]| {
        let (mut best, mut min) = (0, window[0]);
        for (p, &k) in window.iter().enumerate().skip(1) {
            if k <= min {
                (best, min) = (p, k);
            }
        }
        best
    };
    // Sliding by one only adds a position on the right: while the minimum
    // is still inside, the new window's minimum is it or the new position
    // (the rightmost on a tie), and either way a new minimum is a newly
    // selected position; the window is scanned again only when the
    // minimum drops out, about once per window instead of at every
    // position.
    let mut best = rightmost_min(&keys[..w]);
    out.push(seq[best]);
    for end in w..keys.len() {
        let start = end + 1 - w;
        if best < start {
            best = start + rightmost_min(&keys[start..=end]);
            out.push(seq[best]);
        } else if keys[end] <= keys[best] {
            best = end;
            out.push(seq[best]);
        }
    }
    let page = &mut out[first..];
    page.sort_unstable();
    let distinct = dedup_sorted(page);
    out.truncate(first + distinct);
}

/// Moves the distinct values of sorted `items` to its front, in order;
/// returns how many there are (as `Vec::dedup` does for a whole vector).
fn dedup_sorted(items: &mut [u32]) -> usize {
    if items.is_empty() {
        return 0;
    }
    let mut n = 1;
    for k in 1..items.len() {
        if items[k] != items[n - 1] {
            items[n] = items[k];
            n += 1;
        }
    }
    n
}

/// Pairs `(x, y)`, `x < y`, of every two members of each run of equal keys
/// in `keyed` (sorted by key then member) whose size is within
/// `2..=max_posting`: a bucket of an index, as a flat sorted list rather than
/// a hash map of vectors (one allocation, cache-friendly, no hashing).
fn bucket_pairs<K: Eq>(keyed: &[(K, u32)], max_posting: usize, pairs: &mut Vec<(u32, u32)>) {
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 || run.len() > max_posting {
            continue;
        }
        for (k, &(_, x)) in run.iter().enumerate() {
            for &(_, y) in &run[k + 1..] {
                pairs.push((x.min(y), x.max(y)));
            }
        }
    }
}

/// Candidate pairs among `reps` (indices into `fps`), as sorted unique index pairs.
fn candidates(reps: &[usize], fps: &[Fingerprint], cfg: &DedupConfig) -> Vec<(usize, usize)> {
    // Pages in index order, the order their fingerprints lie in memory: in
    // canonical order every signature read would be a cache miss on a large
    // corpus. Keys and postings are sorted afterwards, so the order in
    // which they are made changes nothing.
    let mut in_memory_order = reps.to_vec();
    in_memory_order.sort_unstable();
    // The two indexes are independent: the band index (parallel by band)
    // is built while the winnowed-shingle index takes its serial step
    // (the grouping of its lists by page), which would otherwise leave a
    // thread idle. Their pairs are merged, sorted and
    // deduplicated, so which finishes first changes nothing.
    let mut pairs = winnow_pairs(&in_memory_order, fps, cfg, || {
        band_pairs(&in_memory_order, fps, cfg)
    });

    // Lexicographic order from two stable passes: by the second page, then
    // by the first.
    radix_sort_by_key(&mut pairs, |&(_, y)| y);
    radix_sort_by_key(&mut pairs, |&(x, _)| x);
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(x, y)| (x as usize, y as usize))
        .collect()
}

/// How many pages ahead a pass over pages' fingerprints asks for the next
/// one's data ([`prefetch`]).
const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to bring the cache line at `p` in: a hint that reads
/// nothing (an address outside memory faults nowhere). On a million pages
/// the fingerprints' vectors lie all over a few gigabytes, and a pass that
/// reads one cache line of each waits on memory at every page.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is a hint that neither reads nor writes memory
    // and never faults, whatever the address; SSE, the feature it needs, is
    // part of every x86_64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// LSH bands whose keys [`band_pairs`] computes in one pass over the pages.
const BANDS_PER_PASS: usize = 4;

/// MinHash LSH banding over `pages` (ascending indices into `fps`): each
/// band is an independent index, so bands run in parallel. Pairs `(x, y)`,
/// `x < y`, unsorted, with repeats.
fn band_pairs(pages: &[usize], fps: &[Fingerprint], cfg: &DedupConfig) -> Vec<(u32, u32)> {
    let perms = pages
        .iter()
        .map(|&i| fps[i].minhash.len())
        .min()
        .unwrap_or(0);
    let bands = cfg.bands.min(perms / cfg.rows.max(1));
    // Bands in groups, each group one pass over the pages: a page's
    // signature is one allocation among a million on a large run, and four
    // bands of four rows are one cache line of it, so reading a group costs
    // what reading one band does.
    let groups: Vec<std::ops::Range<usize>> = (0..bands)
        .step_by(BANDS_PER_PASS)
        .map(|b| b..(b + BANDS_PER_PASS).min(bands))
        .collect();
    let banded = crate::pipeline::par_map(&groups, |group| {
        let mut keyed: Vec<Vec<(u64, u32)>> = group
            .clone()
            .map(|_| Vec::with_capacity(pages.len()))
            .collect();
        for (k, &i) in pages.iter().enumerate() {
            // Each signature lies somewhere in the heap: ask for the one a
            // few pages ahead, so that the wait for memory overlaps this work.
            if let Some(&ahead) = pages.get(k + PREFETCH_AHEAD) {
                prefetch(fps[ahead].minhash[group.start * cfg.rows..].as_ptr());
            }
            let minhash = &fps[i].minhash;
            for (band, out) in group.clone().zip(&mut keyed) {
                let sig = &minhash[band * cfg.rows..(band + 1) * cfg.rows];
                let mut h = mix64(band as u64 ^ 0xBA4D);
                for &v in sig {
                    h = mix64(h ^ v as u64);
                }
                out.push((h, i as u32));
            }
        }
        let mut pairs = Vec::new();
        for mut keyed in keyed {
            // Band keys are hashes: a bucket pass sorts them in linear time.
            sort_spread(&mut keyed, |&(h, _)| h);
            bucket_pairs(&keyed, cfg.max_posting, &mut pairs);
        }
        pairs
    });
    banded.concat()
}

/// Bits of a winnowed shingle's hash that pick its bucket in
/// [`winnow_postings`]: a thousand buckets, each small enough to sort in
/// cache.
const POSTING_BUCKET_BITS: u32 = 10;

/// The winnowed-shingle postings of `pages` (ascending indices into
/// `fps`): every (winnowed shingle, page), ordered by shingle then page,
/// and per page of `fps` how many shingles it has there (0 for those not
/// in `pages`).
///
/// Made without a sort buffer as large as the index: a million pages have
/// tens of millions of postings, and a large run is slowed most by the
/// memory it touches. Each chunk of pages winnows its pages into one flat
/// list and counts its postings per bucket (the shingle's top bits); the
/// buckets are laid out one after another, and within a bucket chunk after
/// chunk, so in page order; each chunk puts its postings in their places;
/// then each bucket is sorted on its own by shingle, stably, keeping the
/// page order.
fn winnow_postings(pages: &[usize], fps: &[Fingerprint], w: usize) -> (Vec<u32>, Vec<(u32, u32)>) {
    let buckets = 1usize << POSTING_BUCKET_BITS;
    let bucket = |h: u32| (h >> (32 - POSTING_BUCKET_BITS)) as usize;
    // Enough chunks to spread over the threads, few enough that their
    // per-bucket counts stay small; the result does not depend on them.
    let chunk = (pages.len() / 64).clamp(256, 8192);
    let chunks: Vec<&[usize]> = pages.chunks(chunk).collect();
    // Per chunk: its pages' winnowed shingles one page after another, how
    // many each page has, and how many fall in each bucket.
    let winnowed = crate::pipeline::par_map(&chunks, |part| {
        let mut counts = vec![0u32; buckets];
        let mut flat = Vec::new();
        let sizes: Vec<u32> = part
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                if let Some(&ahead) = part.get(k + PREFETCH_AHEAD / 4) {
                    prefetch(fps[ahead].shingles.as_ptr());
                }
                let before = flat.len();
                winnow_into(&fps[i].shingles, w, &mut flat);
                for &h in &flat[before..] {
                    counts[bucket(h)] += 1;
                }
                (flat.len() - before) as u32
            })
            .collect();
        (flat, sizes, counts)
    });
    let mut sampled = vec![0u32; fps.len()];
    for (part, (_, sizes, _)) in chunks.iter().zip(&winnowed) {
        for (&i, &n) in part.iter().zip(sizes) {
            sampled[i] = n;
        }
    }
    let bucket_len: Vec<usize> = (0..buckets)
        .map(|b| winnowed.iter().map(|(_, _, c)| c[b] as usize).sum())
        .collect();
    let mut postings = vec![(0u32, 0u32); bucket_len.iter().sum()];
    // Each chunk's place in each bucket, as disjoint slices of `postings`.
    let mut places: Vec<Vec<&mut [(u32, u32)]>> =
        chunks.iter().map(|_| Vec::with_capacity(buckets)).collect();
    let mut rest = postings.as_mut_slice();
    for b in 0..buckets {
        for (c, (_, _, counts)) in winnowed.iter().enumerate() {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(counts[b] as usize);
            places[c].push(head);
            rest = tail;
        }
    }
    let work: Vec<_> = chunks.into_iter().zip(winnowed).zip(places).collect();
    crate::pipeline::par_map_owned(work, |((part, (flat, sizes, _)), mut places)| {
        let mut at = vec![0usize; buckets];
        let mut hashes = flat.iter();
        for (&i, &n) in part.iter().zip(&sizes) {
            for &h in hashes.by_ref().take(n as usize) {
                let b = bucket(h);
                places[b][at[b]] = (h, i as u32);
                at[b] += 1;
            }
        }
    });
    let mut parts: Vec<&mut [(u32, u32)]> = Vec::with_capacity(buckets);
    let mut rest = postings.as_mut_slice();
    for &len in &bucket_len {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
        parts.push(head);
        rest = tail;
    }
    crate::pipeline::par_map_owned(parts, |part| radix_sort_by_key(part, |&(h, _)| h));
    (sampled, postings)
}

/// Pairs `(x, y)`, `x < y`, of `pages` (ascending indices into `fps`) that
/// share enough winnowed shingles to be checked as contained copies, after
/// the pairs of `alongside`, which runs beside this index's serial step.
fn winnow_pairs(
    pages: &[usize],
    fps: &[Fingerprint],
    cfg: &DedupConfig,
    alongside: impl FnOnce() -> Vec<(u32, u32)> + Send,
) -> Vec<(u32, u32)> {
    // 2. Winnowed-shingle index: a contained text shares most of its
    // winnowed shingles with the text it is in. Texts with fewer shingle
    // positions than `min_contained_shingles` cannot be contained copies
    // (verification counts distinct shingles, never more than positions).
    let eligible: Vec<usize> = pages
        .iter()
        .copied()
        .filter(|&i| fps[i].shingles.len() >= cfg.min_contained_shingles)
        .collect();
    // The postings are made in parallel; grouping their lists by page is
    // serial, and the band index (`alongside`) is built meanwhile.
    let (sampled, postings) = winnow_postings(&eligible, fps, cfg.winnow_window);
    let index = || {
        // Each page's lists that can give pairs, as (page, where the list
        // goes on after the page, where it ends, in `postings`): most
        // winnowed shingles belong to one page, and lists
        // longer than `max_posting` are stock phrases. Sorted by page, so each
        // page then walks its own lists without looking anything up.
        //
        // A counting sort by page: pages are small integers, and the lists are
        // visited in `postings` order, so each page's entries come out in list
        // order as a comparison sort would put them.
        let useful = |run: &[(u32, u32)]| (2..=cfg.max_posting).contains(&run.len());
        let mut offset = vec![0u32; fps.len() + 1];
        for run in postings.chunk_by(|a, b| a.0 == b.0).filter(|r| useful(r)) {
            for &(_, i) in run {
                offset[i as usize + 1] += 1;
            }
        }
        for k in 1..offset.len() {
            offset[k] += offset[k - 1];
        }
        let mut member_of = vec![(0u32, 0u32, 0u32); offset[fps.len()] as usize];
        let mut next = offset.clone();
        let mut start = 0u32;
        for run in postings.chunk_by(|a, b| a.0 == b.0) {
            let end = start + run.len() as u32;
            if useful(run) {
                // A list holds a page once, in page order: the page's
                // partners after it are the rest of the list.
                for (after, &(_, i)) in (start + 1..).zip(run) {
                    member_of[next[i as usize] as usize] = (i, after, end);
                    next[i as usize] += 1;
                }
            }
            start = end;
        }
        drop(next);
        (member_of, offset)
    };
    let ((member_of, offset), mut pairs) = crate::pipeline::par_join(index, alongside);
    let by_page: Vec<&[(u32, u32, u32)]> = offset
        .windows(2)
        .filter(|o| o[1] > o[0])
        .map(|o| &member_of[o[0] as usize..o[1] as usize])
        .collect();
    drop(offset);
    // Shared winnowed shingles per pair, counted page by page in parallel
    // (each page counts its partners after it in index order), so no list
    // of every co-occurrence is ever held: that list grows with the square
    // of how many pages share a stock phrase, and with the corpus.
    let found = crate::pipeline::par_map(&by_page, |lists| {
        let x = lists[0].0;
        let mut partners: Vec<u32> = Vec::new();
        for (k, &(_, after, end)) in lists.iter().enumerate() {
            // The lists lie anywhere in the postings: ask for one a few ahead.
            if let Some(&(_, ahead, _)) = lists.get(k + PREFETCH_AHEAD / 2) {
                prefetch(postings[ahead as usize..].as_ptr());
            }
            partners.extend(
                postings[after as usize..end as usize]
                    .iter()
                    .map(|&(_, y)| y),
            );
        }
        partners.sort_unstable();
        let mut out = Vec::new();
        for run in partners.chunk_by(|a, b| a == b) {
            let y = run[0];
            let small = sampled[x as usize].min(sampled[y as usize]);
            // A copy whose words are covered to `containment_threshold` keeps
            // fewer of its shingles (each scattered edit breaks `span` of them):
            // ask for a quarter of the smaller page's winnowed shingles, which
            // the copies verification accepts keep with room to spare.
            let need = ((small as f64 * 0.25).ceil() as usize).max(1);
            if run.len() >= need {
                out.push((x, y));
            }
        }
        out
    });
    drop(by_page);
    drop((member_of, postings));
    pairs.extend(found.into_iter().flatten());
    pairs
}

/// Groups of two or more copies, sorted by canonical id. `docs[i]` has
/// fingerprint `fps[i]`. Pages without text are never grouped.
pub fn find_duplicates(docs: &[Doc], fps: &[Fingerprint], cfg: &DedupConfig) -> Vec<DupGroup> {
    if !cfg.enabled || docs.is_empty() {
        return Vec::new();
    }
    let chars: Vec<usize> = crate::pipeline::par_map(docs, Doc::text_chars);
    find_duplicates_counted(docs, fps, &chars, cfg)
}

/// [`find_duplicates`], given each document's [`Doc::text_chars`] in
/// `chars`: the pipeline counts them while it fingerprints the texts, which
/// are then in cache, rather than reading every text once more.
pub fn find_duplicates_counted(
    docs: &[Doc],
    fps: &[Fingerprint],
    chars: &[usize],
    cfg: &DedupConfig,
) -> Vec<DupGroup> {
    if !cfg.enabled || docs.is_empty() {
        return Vec::new();
    }
    let n = docs.len().min(fps.len()).min(chars.len());
    // Pages in canonical order: the most complete first.
    let (ids, dates) =
        crate::pipeline::par_join(|| id_ranks(&docs[..n]), || date_ranks(&docs[..n]));
    let mut keys: Vec<(CanonicalKey, u32)> = (0..n)
        .filter(|&i| chars[i] > 0)
        .map(|i| {
            (
                canonical_key(&docs[i], chars[i], dates[i], ids[i], cfg),
                i as u32,
            )
        })
        .collect();
    drop((ids, dates));
    crate::pipeline::par_sort(&mut keys);
    let order: Vec<usize> = keys.into_iter().map(|(_, i)| i as usize).collect();
    let mut rank = vec![usize::MAX; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }

    // 1. Exact copies: the first page of each hash in canonical order represents it.
    let mut exact_rep: KeyMap<u64, usize> = KeyMap::default();
    let mut exact_members: KeyMap<usize, Vec<usize>> = KeyMap::default();
    let mut reps: Vec<usize> = Vec::new();
    for &i in &order {
        match exact_rep.get(&fps[i].exact) {
            Some(&r) => exact_members.entry(r).or_default().push(i),
            None => {
                exact_rep.insert(fps[i].exact, i);
                reps.push(i);
            }
        }
    }

    // 2–3. Candidates, verified in parallel.
    let pairs = candidates(&reps, fps, cfg);
    // Sorted shingle sets, for Jaccard and lookups, of the pages that are in
    // a candidate pair only (every page verification and step 5 look at).
    let mut paired: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    crate::pipeline::par_sort(&mut paired);
    paired.dedup();
    let mut sets: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, set) in paired
        .iter()
        .zip(crate::pipeline::par_map(&paired, |&i| fps[i].shingle_set()))
    {
        sets[*i] = set;
    }
    drop(paired);
    let verified: Vec<Verified> = crate::pipeline::par_map(&pairs, |&(a, b)| {
        verify((&fps[a], &sets[a]), (&fps[b], &sets[b]), cfg).map(|(s, r)| (a, b, s, r))
    })
    .into_iter()
    .flatten()
    .collect();
    // Each page's verified matches, in canonical order.
    let mut adj: Vec<Vec<(usize, f64, &'static str)>> = vec![Vec::new(); n];
    for &(a, b, s, r) in &verified {
        adj[a].push((b, s, r));
        adj[b].push((a, s, r));
    }
    drop(verified);
    for near in &mut adj {
        near.sort_by_key(|&(m, _, _)| rank[m]);
    }

    // 4. Greedy star grouping from the most complete page down: `canon_of`
    // maps a representative to its canonical one, with similarity and rule.
    let mut canon_of: Vec<Option<(usize, f64, &'static str)>> = vec![None; n];
    let mut size = vec![0usize; n];
    for &c in &reps {
        if canon_of[c].is_some() {
            continue;
        }
        canon_of[c] = Some((c, 1.0, "exact"));
        for &(m, s, r) in &adj[c] {
            if canon_of[m].is_none() {
                canon_of[m] = Some((c, s, r));
                size[c] += 1;
            }
        }
    }
    // Every representative has one now (it opened a group or joined one).
    let mut canon_of: Vec<(usize, f64, &'static str)> = canon_of
        .into_iter()
        .map(|c| c.unwrap_or((usize::MAX, 0.0, "")))
        .collect();
    // 5. A page left alone because its match went to another group joins that
    // group when it is also contained in the group's canonical page to at
    // least `link_containment`: direct evidence, so no chains.
    for &p in &reps {
        if canon_of[p].0 != p || size[p] > 0 {
            continue;
        }
        let mut best: Option<(usize, f64, &'static str)> = None;
        for &(m, _, _) in &adj[p] {
            let c = canon_of[m].0;
            if c == m || c == p {
                continue;
            }
            let Some(share) = containment(
                (&fps[p], &sets[p]),
                (&fps[c], &sets[c]),
                cfg.link_containment,
                cfg,
            ) else {
                continue;
            };
            if best.map_or(true, |(b, _, _)| rank[c] < rank[b]) {
                best = Some((c, share, "contained"));
            }
        }
        if let Some((c, s, r)) = best {
            canon_of[p] = (c, s, r);
            size[c] += 1;
        }
    }

    // Groups with their exact copies: every copy as (canonical, copy,
    // similarity, rule) indices first, then ordered by canonical id and
    // copy id (then index: the order is total even were ids repeated) and
    // cut into groups; no map of lists, no string until the order is known.
    let mut copies: Vec<(usize, usize, f64, &'static str)> = Vec::new();
    for &p in &reps {
        let (c, s, r) = canon_of[p];
        if p != c {
            copies.push((c, p, s, r));
        }
        for &x in exact_members.get(&p).into_iter().flatten() {
            let (s, r) = if p == c { (1.0, "exact") } else { (s, r) };
            copies.push((c, x, s, r));
        }
    }
    let mut by_id: Vec<(&str, usize, &str, usize)> = copies
        .iter()
        .enumerate()
        .map(|(k, &(c, x, _, _))| (docs[c].id.as_str(), c, docs[x].id.as_str(), k))
        .collect();
    crate::pipeline::par_sort(&mut by_id);
    let groups: Vec<DupGroup> = by_id
        .chunk_by(|a, b| a.1 == b.1)
        .map(|run| DupGroup {
            canonical: run[0].0.to_string(),
            members: run
                .iter()
                .map(|&(_, _, id, k)| DupMember {
                    id: id.to_string(),
                    similarity: copies[k].2,
                    rule: copies[k].3.to_string(),
                })
                .collect(),
        })
        .collect();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::{FingerprintConfig, Fingerprinter, Shingler};

    fn doc(id: &str, text: &str) -> Doc {
        Doc {
            id: id.into(),
            source: id.into(),
            site: format!("site-{id}"),
            title: None,
            url: None,
            date: None,
            author: None,
            text: crate::model::join_paragraphs(text.split("\n\n")),
        }
    }

    /// `n` pseudo-random words from `seed`: texts that share no shingles.
    /// The window-by-window scan that [`winnow`] must agree with.
    fn winnow_by_window(seq: &[u32], w: usize) -> Vec<u32> {
        let key = |h: u32| mix64(h as u64 ^ 0x005A_3F1E);
        let w = w.clamp(1, seq.len().max(1));
        let mut out: Vec<u32> = seq
            .windows(w)
            .map(|win| {
                let best = (0..w).rev().min_by_key(|&p| key(win[p])).unwrap();
                win[best]
            })
            .collect();
        if seq.len() < w {
            out.clear();
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn winnow_agrees_with_a_scan_of_every_window(
            seq in proptest::collection::vec(0u32..40, 0..120),
            w in 1usize..12,
        ) {
            // Small values repeat often, so ties in the minimum are tested.
            let w = w.min(seq.len().max(1));
            proptest::prop_assert_eq!(winnow(&seq, w), winnow_by_window(&seq, w));
        }

        /// The postings made in place, bucket by bucket, are every
        /// page's winnowed shingles sorted by (shingle, page).
        #[test]
        fn winnow_postings_are_every_pages_shingles_sorted(
            pages in proptest::collection::vec(proptest::collection::vec(proptest::num::u32::ANY, 0..60), 0..700),
            shared in proptest::collection::vec(proptest::num::u32::ANY, 1..20),
            w in 1usize..10,
        ) {
            // Some shingles shared across pages, so lists are longer than one.
            let fps: Vec<Fingerprint> = pages
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut shingles = s.clone();
                    shingles.extend(shared.iter().skip(i % 3));
                    Fingerprint { shingles, ..Fingerprint::default() }
                })
                .collect();
            let chosen: Vec<usize> = (0..fps.len()).filter(|i| i % 5 != 1).collect();
            let (sampled, postings) = winnow_postings(&chosen, &fps, w);
            let mut expect = Vec::new();
            let mut expect_sampled = vec![0u32; fps.len()];
            for &i in &chosen {
                let win = winnow(&fps[i].shingles, w);
                expect_sampled[i] = win.len() as u32;
                expect.extend(win.into_iter().map(|h| (h, i as u32)));
            }
            expect.sort_unstable();
            proptest::prop_assert_eq!(sampled, expect_sampled);
            proptest::prop_assert_eq!(postings, expect);
        }
    }

    fn words(seed: u64, n: usize) -> Vec<String> {
        (0..n as u64)
            .map(|i| format!("w{:x}", mix64(seed * 1_000_003 + i) % 50_000))
            .collect()
    }

    fn run(docs: &[Doc], cfg: &DedupConfig) -> Vec<DupGroup> {
        let sh = Shingler::new(&FingerprintConfig::default());
        let fps: Vec<Fingerprint> = docs.iter().map(|d| sh.fingerprint(&d.text)).collect();
        find_duplicates(docs, &fps, cfg)
    }

    fn corpus() -> Vec<Doc> {
        let a = words(1, 200);
        let mut light = a.clone();
        light[50] = "x".into();
        light[150] = "y".into();
        let b = words(2, 150);
        vec![
            doc("a", &a.join(" ")),
            doc("a-copy", &a.join(" ").to_uppercase()),
            doc("a-light", &light.join(" ")),
            doc("a-trunc", &a[..80].join(" ")),
            doc("b", &b.join(" ")),
            doc("b-lead", &b[..60].join(" ")),
            doc("c", &words(3, 100).join(" ")),
            doc("empty", ""),
            doc("empty2", ""),
        ]
    }

    #[test]
    fn finds_exact_near_and_contained_copies() {
        let groups = run(&corpus(), &DedupConfig::default());
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups[0].canonical, "a");
        let rules: Vec<(&str, &str)> = groups[0]
            .members
            .iter()
            .map(|m| (m.id.as_str(), m.rule.as_str()))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("a-copy", "exact"),
                ("a-light", "near"),
                ("a-trunc", "contained")
            ]
        );
        assert_eq!(groups[1].canonical, "b");
        assert_eq!(groups[1].members[0].id, "b-lead");
        assert!(groups[1].members[0].similarity > 0.99);
    }

    #[test]
    fn independent_of_input_order() {
        let docs = corpus();
        let expected = run(&docs, &DedupConfig::default());
        let mut shuffled = docs.clone();
        for k in 0..5u64 {
            shuffled.sort_by_key(|d| mix64(xxhash_rust::xxh3::xxh3_64(d.id.as_bytes()) ^ k));
            assert_eq!(run(&shuffled, &DedupConfig::default()), expected);
        }
    }

    #[test]
    fn chains_do_not_merge_unrelated_pages() {
        // B overlaps A's second half and C's first half; A and C share nothing.
        let a = words(10, 100);
        let c = words(11, 100);
        let b: Vec<String> = a[40..].iter().chain(&c[..60]).cloned().collect();
        let docs = vec![
            doc("a", &a.join(" ")),
            doc("b", &b.join(" ")),
            doc("c", &c.join(" ")),
        ];
        let cfg = DedupConfig {
            jaccard_threshold: 0.3,
            containment_threshold: 0.55,
            ..DedupConfig::default()
        };
        let groups = run(&docs, &cfg);
        // B is the most complete page and verifies with both A and C, so it
        // is canonical and both are its members; the chain guard is that a
        // page joins only through its own match with the canonical page.
        for g in &groups {
            for m in &g.members {
                assert!(m.similarity >= 0.3, "{g:?}");
            }
        }
        // Now make A the most complete: C must not follow B under A.
        let mut long_a = a.clone();
        long_a.extend(words(12, 100));
        let docs = vec![
            doc("a", &long_a.join(" ")),
            doc("b", &b.join(" ")),
            doc("c", &c.join(" ")),
        ];
        let cfg = DedupConfig {
            jaccard_threshold: 0.9,
            containment_threshold: 0.45,
            ..DedupConfig::default()
        };
        let groups = run(&docs, &cfg);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].canonical, "a");
        let ids: Vec<&str> = groups[0].members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["b"]);
    }

    #[test]
    fn truncated_copy_follows_its_original_into_an_edited_group() {
        // L is an edited, longer copy of A: it becomes canonical and takes A.
        // T, A's lead, matches A (already taken) and is contained in L only
        // in part, above `link_containment`: it joins L's group.
        let a = words(30, 300);
        let mut l = a.clone();
        for k in (0..120).step_by(15) {
            l[k] = format!("{}-edit", l[k]);
        }
        l.extend(words(31, 20));
        let docs = vec![
            doc("a", &a.join(" ")),
            doc("l", &l.join(" ")),
            doc("t", &a[..120].join(" ")),
        ];
        let groups = run(&docs, &DedupConfig::default());
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].canonical, "l");
        let ids: Vec<&str> = groups[0].members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "t"]);
    }

    #[test]
    fn canonical_is_most_complete_then_earliest_then_priority_then_id() {
        let text = words(20, 80).join(" ");
        let mut docs = vec![doc("z", &text), doc("y", &text), doc("x", &text)];
        // Equal texts: smallest id.
        assert_eq!(run(&docs, &DedupConfig::default())[0].canonical, "x");
        // Source priority beats id.
        let cfg = DedupConfig {
            source_priority: vec!["site-z".into()],
            ..DedupConfig::default()
        };
        assert_eq!(run(&docs, &cfg)[0].canonical, "z");
        // An earlier date beats priority.
        docs[1].date = Some("2020-01-01".into());
        assert_eq!(run(&docs, &cfg)[0].canonical, "y");
        // A more complete text beats everything.
        docs.push(doc("w", &format!("{text} and a longer ending here")));
        assert_eq!(run(&docs, &cfg)[0].canonical, "w");
    }

    #[test]
    fn empty_input_and_disabled() {
        assert!(run(&[], &DedupConfig::default()).is_empty());
        let cfg = DedupConfig {
            enabled: false,
            ..DedupConfig::default()
        };
        assert!(run(&corpus(), &cfg).is_empty());
        assert!(find_duplicates(&corpus(), &[], &DedupConfig::default()).is_empty());
    }

    #[test]
    fn validate_names_key_and_value() {
        let cfg = DedupConfig {
            jaccard_threshold: 1.5,
            ..DedupConfig::default()
        };
        let err = cfg.validate().unwrap_err();
        assert!(err.contains("dedup.jaccard_threshold") && err.contains("1.5"));
        let cfg = DedupConfig {
            min_in_order: 1.2,
            ..DedupConfig::default()
        };
        let err = cfg.validate().unwrap_err();
        assert!(err.contains("dedup.min_in_order") && err.contains("1.2"));
        let cfg = DedupConfig {
            max_skipped: -0.5,
            ..DedupConfig::default()
        };
        let err = cfg.validate().unwrap_err();
        assert!(err.contains("dedup.max_skipped") && err.contains("-0.5"));
        assert!(DedupConfig::default().validate().is_ok());
    }

    #[test]
    fn abridged_copy_is_grouped_but_a_reordered_rewrite_is_not() {
        // A wire story of five passages. The abridged copy drops passages 1
        // to 3 and keeps the rest in order: a copy. The rewrite has its own
        // lead and reuses passages 0, 2 and 4 in another order, each followed
        // by a sentence of its own; the larger "wire + extras" page has its
        // own paragraphs between the passages: another outlet's article.
        let p: Vec<Vec<String>> = (0..5).map(|k| words(10 + k, 60)).collect();
        let wire = p.concat();
        let abridged = [p[0].clone(), p[4].clone()].concat();
        let mut extras = Vec::new();
        for (k, part) in p.iter().enumerate() {
            extras.extend(part.iter().cloned());
            extras.extend(words(30 + k as u64, 40));
        }
        let mut rewrite = words(40, 8);
        for k in [2, 0, 4] {
            rewrite.extend(p[k].iter().cloned());
            rewrite.extend(words(50 + k as u64, 4));
        }
        let docs = vec![
            doc("wire", &wire.join(" ")),
            doc("wire-abridged", &abridged.join(" ")),
        ];
        let groups = run(&docs, &DedupConfig::default());
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].members[0].rule, "contained");
        let docs = vec![
            doc("extras", &extras.join(" ")),
            doc("rewrite", &rewrite.join(" ")),
        ];
        // Nearly 90% of the rewrite's words are copied, yet it is not a copy.
        let sh = Shingler::new(&FingerprintConfig::default());
        let (fr, fe) = (sh.fingerprint(&docs[1].text), sh.fingerprint(&docs[0].text));
        assert!(covered_share(&fr, &fe.shingle_set(), 2) > 0.85);
        assert!(run(&docs, &DedupConfig::default()).is_empty());
        // Without the order and skip check it would be grouped.
        let lax = DedupConfig {
            min_in_order: 0.0,
            ..DedupConfig::default()
        };
        assert_eq!(run(&docs, &lax).len(), 1);
    }
}
