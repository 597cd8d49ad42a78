//! The `scour` command. All logic lives in the library and in `cli`.

mod cli;

// A run allocates and frees millions of small strings and vectors across
// threads; mimalloc keeps that cheap where glibc's allocator spends a
// growing share of a large run consolidating free chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    scour::allocator::keep_freed_memory();
    cli::main()
}
