//! The pipeline: runs the stages in order and is the only place that decides
//! parallelism (placeholder: only the parallel map helper for now).

use rayon::prelude::*;

/// Map `f` over `items`, in parallel on the current rayon pool; the output
/// keeps the input's order. Stages call this (never rayon directly) so that
/// the pipeline alone decides how work is spread.
pub fn par_map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    items.par_iter().map(f).collect()
}
