//! Atomic writes: a file appears whole or not at all.
//!
//! Each output is written to a temporary file in the destination folder and
//! renamed over the old one, so an interrupted run leaves either the previous
//! output or the new one, never half a file. Temporary files are private
//! (mode 0600) by default; outputs are asked for the mode a plain
//! `File::create` gives (0666 less the umask), so they are readable like
//! any other file the user writes.

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

/// Creation mode of output files and folders, before the umask.
fn builder(prefix: &str, _dir: bool) -> tempfile::Builder<'_, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(if _dir { 0o777 } else { 0o666 }));
    }
    b
}

/// Write a file atomically through `f`, which gets a buffered writer.
pub fn write_with<F>(path: &Path, f: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = parent_dir(path);
    let tmp = builder(".scour-", false).suffix(".tmp").tempfile_in(dir)?;
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
    let tmp = builder(".scour-docs-", true).tempdir_in(parent)?;
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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn outputs_get_the_mode_of_a_plain_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let out = dir.path().join("out.jsonl");
        super::write(&out, b"{}\n").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&plain));
        let docs = dir.path().join("docs");
        super::replace_dir(&docs, |d| std::fs::write(d.join("a.txt"), "a")).unwrap();
        std::fs::create_dir(dir.path().join("plain_dir")).unwrap();
        assert_eq!(mode(&docs), mode(&dir.path().join("plain_dir")));
    }
}
