//! File names for `docs/`: safe on every file system, unique, stable.
//!
//! Page ids come from the web and from users (`../../etc/passwd`, `CON`,
//! `a/b?c=1`, names differing only in case), so a name is built from the id's
//! safe characters only, and made unique with a hash of the full id when two
//! ids would meet on a case-insensitive file system or the name was cut.

use std::collections::HashSet;

const MAX_STEM: usize = 100;

/// Reserved device names on Windows, which no file may take even with an extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The safe stem for an id: ASCII letters, digits, `-`, `_` and `.` kept,
/// everything else `_`, no leading dots, a known page extension dropped.
pub fn sanitize(id: &str) -> String {
    let id = [".html", ".htm", ".txt", ".xhtml"]
        .iter()
        .find_map(|ext| id.strip_suffix(ext))
        .unwrap_or(id);
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let s = s
        .trim_start_matches(['.', '_'])
        .trim_end_matches('.')
        .to_string();
    let mut s: String = s.chars().take(MAX_STEM).collect();
    if s.is_empty() {
        s = "doc".into();
    }
    if RESERVED.contains(
        &s.split('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str(),
    ) {
        s.insert(0, '_');
    }
    s
}

/// Assigns names in the order ids are given (the pipeline gives them sorted).
#[derive(Debug, Default)]
pub struct NameAssigner {
    taken: HashSet<String>,
}

impl NameAssigner {
    /// A unique `<stem>.txt` for `id`.
    pub fn name_for(&mut self, id: &str) -> String {
        let stem = sanitize(id);
        let mut name = format!("{stem}.txt");
        if self.taken.contains(&name.to_ascii_lowercase()) || stem.chars().count() >= MAX_STEM {
            let h = xxhash_rust::xxh3::xxh3_64(id.as_bytes());
            name = format!("{stem}-{h:016x}.txt");
            let mut n = 2;
            while self.taken.contains(&name.to_ascii_lowercase()) {
                name = format!("{stem}-{h:016x}-{n}.txt");
                n += 1;
            }
        }
        self.taken.insert(name.to_ascii_lowercase());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_traversal_or_separators() {
        for id in [
            "../../etc/passwd",
            "/abs/path",
            "a\\b",
            "..",
            ".",
            "",
            "a/../../b",
            "x:y*?<>|\"",
            "\u{202e}evil",
        ] {
            let s = sanitize(id);
            assert!(
                !s.is_empty()
                    && !s.starts_with('.')
                    && !s.contains('/')
                    && !s.contains('\\')
                    && !s.contains(".."),
                "{id:?} -> {s:?}"
            );
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{s}"
            );
        }
        assert_eq!(sanitize("seeds/000_abc.txt"), "seeds_000_abc");
        assert_eq!(sanitize("CON"), "_CON");
    }

    #[test]
    fn collisions_get_distinct_names() {
        let mut a = NameAssigner::default();
        let n1 = a.name_for("a/b");
        let n2 = a.name_for("a_b");
        let n3 = a.name_for("A_B");
        assert_eq!(n1, "a_b.txt");
        assert_ne!(n1.to_lowercase(), n2.to_lowercase());
        assert_ne!(n2.to_lowercase(), n3.to_lowercase());
        let long = "x".repeat(500);
        assert!(a.name_for(&long).len() < 140);
    }
}
