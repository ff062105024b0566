//! Page ids and the files they name: an id is the file's path relative to the directory
//! given (without extension), the stem of a file named directly, or a record's `id`. Ids
//! are unique within a run, and the JSON path made from an id never leaves the output
//! folder (`..`, absolute paths, backslashes and odd characters are defused).

use std::collections::HashSet;
use std::path::PathBuf;

/// The relative path of the JSON file for `id` (without the `.json` ending).
pub fn safe_path(id: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for part in id.split(['/', '\\']) {
        let part: String = part
            .chars()
            .map(|c| if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
            .collect();
        let part = part.trim();
        if part.is_empty() || part == "." {
            continue;
        }
        let part = if part == ".." { "__".to_string() } else { part.to_string() };
        // Keep each component well under file-name limits (255 bytes). A long one keeps
        // its head and gets a hash of the whole, so that ids differing after the cut (or
        // only in a `~2` suffix) still name different files.
        let hashed;
        let mut cut = part.as_str();
        if cut.len() > 150 {
            let mut end = 130;
            while !cut.is_char_boundary(end) {
                end -= 1;
            }
            hashed = format!("{}~{:016x}", &cut[..end], fnv1a(cut.as_bytes()));
            cut = &hashed;
        }
        // A component ending in .partial would look like a temporary file.
        let cut = if cut.ends_with(".partial") { format!("{cut}_") } else { cut.to_string() };
        out.push(cut);
    }
    if out.as_os_str().is_empty() {
        out.push("_");
    }
    out
}

/// FNV-1a, 64 bits: a hash that is the same in every run and on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Hands out unique ids: a repeat gets `~2`, `~3`, … appended.
#[derive(Default)]
pub struct IdRegistry {
    seen: HashSet<String>,
}

impl IdRegistry {
    /// The id to use, and whether it had to be changed.
    pub fn claim(&mut self, id: &str) -> (String, bool) {
        let key = |s: &str| safe_path(s).to_string_lossy().to_lowercase();
        if self.seen.insert(key(id)) {
            return (id.to_string(), false);
        }
        let mut n = 2;
        loop {
            let cand = format!("{id}~{n}");
            if self.seen.insert(key(&cand)) {
                return (cand, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_inside() {
        assert_eq!(safe_path("../x"), PathBuf::from("__/x"));
        assert_eq!(safe_path("/etc/passwd"), PathBuf::from("etc/passwd"));
        assert_eq!(safe_path("a\\..\\..\\b"), PathBuf::from("a/__/__/b"));
        assert_eq!(safe_path(""), PathBuf::from("_"));
        assert_eq!(safe_path("2026/p1"), PathBuf::from("2026/p1"));
        assert!(safe_path(&"长".repeat(200)).to_string_lossy().len() <= 150);
    }

    #[test]
    fn long_ids_that_differ_after_the_cut_stay_apart() {
        // Regression: ids equal in their first 150 bytes made `claim` loop for ever (the
        // `~2` suffix was cut off again), and distinct ids shared one file name.
        let a = "a".repeat(200);
        let b = format!("{}b", "a".repeat(199));
        assert_ne!(safe_path(&a), safe_path(&b));
        let mut r = IdRegistry::default();
        assert_eq!(r.claim(&a), (a.clone(), false));
        assert_eq!(r.claim(&a), (format!("{a}~2"), true));
        assert_eq!(r.claim(&b), (b.clone(), false));
        assert_ne!(safe_path(&a), safe_path(&format!("{a}~2")));
        assert!(safe_path(&"长".repeat(300)).to_string_lossy().len() <= 150);
    }

    #[test]
    fn repeats_are_renamed() {
        let mut r = IdRegistry::default();
        assert_eq!(r.claim("p1"), ("p1".to_string(), false));
        assert_eq!(r.claim("p1"), ("p1~2".to_string(), true));
        assert_eq!(r.claim("../p1"), ("../p1".to_string(), false));
    }
}
