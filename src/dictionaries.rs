//! The project's dictionaries: plain UTF-8 text files under `dictionaries/`, embedded in
//! the binary at build time and parsed once on first use. A directory given with
//! `--dict-dir` (see [`set_override_dir`]) replaces any of them by a file of the same name.
//!
//! Format of every file: `#` lines are comments (the header names the format, source and
//! licence), blank lines are skipped, fields are separated by one TAB.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex, OnceLock};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        /// Names of the embedded dictionaries, without the `.txt` ending.
        pub const NAMES: &[&str] = &[$($name),*];
        fn embedded(name: &str) -> Option<&'static str> {
            match name {
                $($name => Some(include_str!(concat!("../dictionaries/", $name, ".txt"))),)*
                _ => None,
            }
        }
    };
}

embedded!(
    "places_divisions",
    "places_short",
    "places_world",
    "places_natural",
    "surnames",
    "surnames_ambiguous",
    "titles",
    "org_abbreviations",
    "org_local_units",
    "org_suffixes",
    "not_names",
    "translit_chars",
    "units",
    "slogans",
);

static OVERRIDE_DIR: OnceLock<PathBuf> = OnceLock::new();
static LOADED: LazyLock<Mutex<HashMap<String, &'static str>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// Read dictionaries from `dir` where it has a file `<name>.txt`. Call once, before the
/// first extraction; later calls are ignored. Returns false when the directory does not exist.
pub fn set_override_dir(dir: PathBuf) -> bool {
    let ok = dir.is_dir();
    let _ = OVERRIDE_DIR.set(dir);
    ok
}

/// The text of dictionary `name` (`dictionaries/<name>.txt`): the override file when one
/// exists, else the embedded copy; "" for an unknown name.
pub fn get(name: &str) -> &'static str {
    if let Some(dir) = OVERRIDE_DIR.get() {
        let mut loaded = match LOADED.lock() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(text) = loaded.get(name) {
            return text;
        }
        let path = dir.join(format!("{name}.txt"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            let leaked: &'static str = Box::leak(text.into_boxed_str());
            loaded.insert(name.to_string(), leaked);
            return leaked;
        }
    }
    embedded(name).unwrap_or("")
}

/// The entries of a dictionary: each non-comment, non-blank line split on TAB.
pub fn entries(name: &str) -> impl Iterator<Item = Vec<&'static str>> {
    get(name)
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The first field of every entry.
pub fn words(name: &str) -> impl Iterator<Item = &'static str> {
    entries(name).filter_map(|e| e.first().copied()).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_dictionary_has_a_header_and_clean_entries() {
        for name in NAMES {
            let text = get(name);
            assert!(text.starts_with('#'), "{name}: no # header");
            let head: String =
                text.lines().take_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n").to_lowercase();
            assert!(head.contains("format"), "{name}: header names no format");
            assert!(head.contains("source"), "{name}: header names no source");
            assert!(head.contains("licen"), "{name}: header names no licence");
            let mut seen = HashSet::new();
            for (i, line) in text.lines().enumerate() {
                if line.starts_with('#') {
                    continue;
                }
                assert!(!line.trim().is_empty(), "{name}:{}: blank line", i + 1);
                assert_eq!(line, line.trim_end(), "{name}:{}: trailing space", i + 1);
                assert!(seen.insert(line), "{name}:{}: duplicate entry {line}", i + 1);
            }
            assert!(!seen.is_empty(), "{name}: no entries");
        }
    }
}
