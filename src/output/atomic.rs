//! Atomic writes: a file appears whole or not at all.
//!
//! Each output is written to a temporary file in the destination folder and
//! renamed over the old one, so an interrupted run leaves either the previous
//! output or the new one, never half a file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The folder a path is in (`.` for a bare name): where its temporary
/// sibling must live for the rename to be atomic.
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Write a file atomically through `f`, which gets a buffered writer.
pub fn write_with<F>(path: &Path, f: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = parent_dir(path);
    let tmp = tempfile::Builder::new()
        .prefix(".scour-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        f(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write bytes atomically.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Replace folder `dest` with a folder filled by `fill`: the new content is
/// built beside it and swapped in, so stale files of an earlier run go.
pub fn replace_dir<F>(dest: &Path, fill: F) -> io::Result<()>
where
    F: FnOnce(&Path) -> io::Result<()>,
{
    let parent = parent_dir(dest);
    let tmp = tempfile::Builder::new()
        .prefix(".scour-docs-")
        .tempdir_in(parent)?;
    fill(tmp.path())?;
    let old = parent.join(format!(".scour-old-{}", std::process::id()));
    let had_old = dest.exists();
    if had_old {
        fs::rename(dest, &old)?;
    }
    fs::rename(tmp.keep(), dest)?;
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}
