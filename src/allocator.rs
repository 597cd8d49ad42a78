//! Settings of mimalloc, the allocator of the `scour` binary and of the
//! benchmarks that time what it does.
//!
//! Why: by default mimalloc hands memory it has had free for 10 ms back to
//! the kernel, and a large run frees and allocates again all the time (each
//! page's body, extraction and fingerprint work come and go). On the
//! 1M-document growth corpus the kernel then spent half as much time as the
//! run itself zeroing pages given back and faulted in again (16 s of system
//! time in a 31 s run); keeping freed memory cut the run to 24 s for 4% more
//! peak memory. A batch run's footprint is its peak, so nothing is lost.

/// `mi_option_purge_delay` of the mimalloc that libmimalloc-sys builds
/// (`mimalloc.h`, the option right before `mi_option_use_numa_nodes`):
/// milliseconds before freed memory is purged, -1 for never. The Rust
/// binding has no name for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// Keep memory the process has freed for its own reuse instead of giving
/// it back to the kernel (see the module docs). Call it first thing in
/// `main`; it only matters where mimalloc is the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's integer options, which it reads when
    // it next decides to purge; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_set_to_never() {
        keep_freed_memory();
        // SAFETY: reads an integer option.
        let v = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(v, -1);
        // The option the constant is derived from is where the header puts
        // it (show_errors 0 ... purge_delay 15, use_numa_nodes 16).
        assert_eq!(libmimalloc_sys::mi_option_use_numa_nodes, 16);
    }
}
