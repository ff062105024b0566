//! Stage 0, input: the command line's INPUTs in, a stream of [`Job`]s out, one per page.
//! A `.txt` file is one page; a `.jsonl` file (or `-`, standard input) holds one record
//! per line, `{"id", "text", "date"?}`; a directory is walked recursively in sorted order
//! for both kinds, following symbolic links but never into a loop. Files are listed first
//! (cheap) and read later, by the worker that processes them, so memory stays bounded.

pub mod decode;
pub mod ids;

use std::collections::{HashSet, VecDeque};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::basedate::{self, Ymd};
use crate::error::InputError;
use ids::IdRegistry;

/// What a job carries.
#[derive(Debug)]
pub enum Payload {
    /// A page file, read by the worker.
    File(PathBuf),
    /// A JSONL record's text and date.
    Text { text: String, date: Option<Ymd> },
    /// The input could not be used.
    Failed(InputError),
}

/// One page to process (or one input that failed).
#[derive(Debug)]
pub struct Job {
    /// The path as the user gave or as found in a directory (`-` for stdin).
    pub source: String,
    /// 1-based line of a JSONL record.
    pub line: Option<usize>,
    pub id: String,
    pub payload: Payload,
    /// A date from the file name.
    pub name_date: Option<Ymd>,
    /// Problems that did not stop the page (a repeated id, a bad record date).
    pub warnings: Vec<InputError>,
    /// Bytes of input this job stands for (for progress and throughput).
    pub bytes: u64,
}

enum Source {
    /// A file, with the directory it was found under (for its id).
    File {
        path: PathBuf,
        root: Option<PathBuf>,
        size: u64,
    },
    Stdin,
    Missing(String),
}

/// Read a whole file, refusing files over `max` bytes.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let f = File::open(path).map_err(|e| InputError::Io(e.to_string()))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(InputError::TooLarge { size, limit: max });
    }
    let mut buf = Vec::with_capacity(size as usize);
    f.take(max + 1).read_to_end(&mut buf).map_err(|e| InputError::Io(e.to_string()))?;
    if buf.len() as u64 > max {
        return Err(InputError::TooLarge { size: buf.len() as u64, limit: max });
    }
    Ok(buf)
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

fn is_txt(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Walk a directory: files ending in .txt or .jsonl, sorted by path, links followed,
/// loops cut (a directory is entered once).
fn walk(root: &Path, out: &mut Vec<Source>, seen: &mut HashSet<PathBuf>, errors: &mut Vec<Source>) {
    let Ok(canon) = fs::canonicalize(root) else { return };
    if !seen.insert(canon) {
        return;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(Source::Missing(format!("{}\u{0}{e}", dir.display())));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut subdirs = Vec::new();
        for p in paths {
            let meta = match fs::metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    // A link that leads nowhere (dangling, or a loop of links) is named when
                    // it looks like an input, so that no page goes missing unreported.
                    if is_txt(&p) || is_jsonl(&p) {
                        errors.push(Source::Missing(format!("{}\u{0}{e}", p.display())));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                if let Ok(c) = fs::canonicalize(&p) {
                    if seen.insert(c) {
                        subdirs.push(p);
                    }
                }
            } else if meta.is_file() && (is_txt(&p) || is_jsonl(&p)) {
                out.push(Source::File { path: p, root: Some(root.to_path_buf()), size: meta.len() });
            }
        }
        // Depth first, in sorted order.
        for d in subdirs.into_iter().rev() {
            stack.push(d);
        }
    }
}

/// Read past the rest of a line without keeping it; the number of bytes skipped.
fn skip_line(reader: &mut dyn BufRead) -> std::io::Result<u64> {
    let mut skipped = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let n = buf.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

fn id_of(path: &Path, root: Option<&Path>) -> String {
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(path.file_name().unwrap_or_default()));
    let no_ext = rel.with_extension("");
    let parts: Vec<String> = no_ext.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let id = parts.join("/");
    if id.is_empty() {
        "page".to_string()
    } else {
        id
    }
}

/// The stream of jobs for the command line's inputs.
pub struct Jobs {
    queue: VecDeque<Source>,
    current: Option<RecordReader>,
    ids: IdRegistry,
    max_bytes: u64,
    /// Total bytes of the files listed (for a progress bar); stdin not counted.
    pub total_bytes: u64,
}

struct RecordReader {
    source: String,
    stem: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

impl Jobs {
    pub fn new(inputs: &[String], max_bytes: u64) -> Jobs {
        let mut queue = Vec::new();
        let mut seen = HashSet::new();
        let mut errors = Vec::new();
        for input in inputs {
            if input == "-" {
                queue.push(Source::Stdin);
                continue;
            }
            let path = PathBuf::from(input);
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => walk(&path, &mut queue, &mut seen, &mut errors),
                Ok(m) if m.is_file() => queue.push(Source::File { path, root: None, size: m.len() }),
                Ok(_) => queue.push(Source::Missing(format!("{input}\u{0}not a regular file or directory"))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    queue.push(Source::Missing(format!("{input}\u{0}")))
                }
                Err(e) => queue.push(Source::Missing(format!("{input}\u{0}{e}"))),
            }
        }
        queue.extend(errors);
        let total_bytes = queue.iter().map(|s| if let Source::File { size, .. } = s { *size } else { 0 }).sum();
        Jobs { queue: queue.into(), current: None, ids: IdRegistry::default(), max_bytes, total_bytes }
    }

    fn next_record(&mut self) -> Option<Job> {
        let rr = self.current.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            // A record is read up to the size limit: a file whose line ends were lost is
            // one giant line, which must not take all memory.
            match (&mut rr.reader).take(self.max_bytes.saturating_add(1)).read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.current = None;
                    return None;
                }
                Ok(_) => {
                    rr.line += 1;
                    if buf.len() as u64 > self.max_bytes && buf.last() != Some(&b'\n') {
                        let skipped = skip_line(&mut rr.reader).unwrap_or(0);
                        let size = buf.len() as u64 + skipped;
                        let job = Job {
                            source: rr.source.clone(),
                            line: Some(rr.line),
                            id: String::new(),
                            payload: Payload::Failed(InputError::TooLarge { size, limit: self.max_bytes }),
                            name_date: None,
                            warnings: Vec::new(),
                            bytes: size,
                        };
                        return Some(job);
                    }
                    if buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    let line = rr.line;
                    let source = rr.source.clone();
                    let stem = rr.stem.clone();
                    let bytes = buf.len() as u64;
                    return Some(self.record_job(&source, &stem, line, &buf, bytes));
                }
                Err(e) => {
                    let source = rr.source.clone();
                    let line = rr.line + 1;
                    self.current = None;
                    return Some(Job {
                        source,
                        line: Some(line),
                        id: String::new(),
                        payload: Payload::Failed(InputError::Io(e.to_string())),
                        name_date: None,
                        warnings: Vec::new(),
                        bytes: 0,
                    });
                }
            }
        }
    }

    fn record_job(&mut self, source: &str, stem: &str, line: usize, raw: &[u8], bytes: u64) -> Job {
        let failed = |e: InputError| Job {
            source: source.to_string(),
            line: Some(line),
            id: String::new(),
            payload: Payload::Failed(e),
            name_date: None,
            warnings: Vec::new(),
            bytes,
        };
        let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
        let Ok(s) = std::str::from_utf8(raw) else {
            return failed(InputError::BadRecord("not UTF-8".into()));
        };
        let value: serde_json::Value = match serde_json::from_str(s.trim()) {
            Ok(v) => v,
            Err(e) => return failed(InputError::BadRecord(e.to_string())),
        };
        let Some(obj) = value.as_object() else {
            return failed(InputError::BadRecord("not a JSON object".into()));
        };
        let Some(text) = obj.get("text").and_then(|t| t.as_str()) else {
            return failed(InputError::BadRecord("no string field \"text\"".into()));
        };
        if text.trim().is_empty() {
            return failed(InputError::Empty);
        }
        let mut warnings = Vec::new();
        let date = match obj.get("date") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(d)) => match Ymd::parse(d) {
                Some(d) => Some(d),
                None => {
                    warnings.push(InputError::BadDate(format!("'{d}' is not YYYY-MM-DD")));
                    None
                }
            },
            Some(other) => {
                warnings.push(InputError::BadDate(format!("{other} is not a string")));
                None
            }
        };
        let id = match obj.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{stem}-{line}"),
        };
        let (id, renamed) = self.ids.claim(&id);
        if renamed {
            let original = id.rsplit_once('~').map_or(id.as_str(), |(a, _)| a).to_string();
            warnings.push(InputError::DuplicateId { id: original, renamed: id.clone() });
        }
        Job {
            source: source.to_string(),
            line: Some(line),
            id,
            payload: Payload::Text { text: text.to_string(), date },
            name_date: None,
            warnings,
            bytes,
        }
    }
}

impl Iterator for Jobs {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if self.current.is_some() {
                if let Some(job) = self.next_record() {
                    return Some(job);
                }
                continue;
            }
            match self.queue.pop_front()? {
                Source::Missing(s) => {
                    let (path, reason) = s.split_once('\u{0}').unwrap_or((&s, ""));
                    let error =
                        if reason.is_empty() { InputError::NotFound } else { InputError::Io(reason.to_string()) };
                    return Some(Job {
                        source: path.to_string(),
                        line: None,
                        id: String::new(),
                        payload: Payload::Failed(error),
                        name_date: None,
                        warnings: Vec::new(),
                        bytes: 0,
                    });
                }
                Source::Stdin => {
                    let stdin = std::io::stdin();
                    self.current = Some(RecordReader {
                        source: "-".to_string(),
                        stem: "stdin".to_string(),
                        reader: Box::new(BufReader::new(stdin)),
                        line: 0,
                    });
                }
                Source::File { path, root, size } => {
                    let source = path.display().to_string();
                    if is_jsonl(&path) {
                        match File::open(&path) {
                            Ok(f) => {
                                if size == 0 {
                                    return Some(Job {
                                        source,
                                        line: None,
                                        id: String::new(),
                                        payload: Payload::Failed(InputError::Empty),
                                        name_date: None,
                                        warnings: Vec::new(),
                                        bytes: 0,
                                    });
                                }
                                let stem = id_of(&path, root.as_deref());
                                self.current =
                                    Some(RecordReader { source, stem, reader: Box::new(BufReader::new(f)), line: 0 });
                            }
                            Err(e) => {
                                return Some(Job {
                                    source,
                                    line: None,
                                    id: String::new(),
                                    payload: Payload::Failed(InputError::Io(e.to_string())),
                                    name_date: None,
                                    warnings: Vec::new(),
                                    bytes: 0,
                                })
                            }
                        }
                        continue;
                    }
                    let id0 = id_of(&path, root.as_deref());
                    let name_date = basedate::from_name(&id0);
                    let (id, renamed) = self.ids.claim(&id0);
                    let warnings = if renamed {
                        vec![InputError::DuplicateId { id: id0, renamed: id.clone() }]
                    } else {
                        Vec::new()
                    };
                    return Some(Job {
                        source,
                        line: None,
                        id,
                        payload: Payload::File(path),
                        name_date,
                        warnings,
                        bytes: size,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_of(Path::new("/a/b/2026/p1.txt"), Some(Path::new("/a/b"))), "2026/p1");
        assert_eq!(id_of(Path::new("x/y/p1.txt"), None), "p1");
    }

    #[test]
    fn a_record_over_the_size_limit_is_reported_and_skipped() {
        // Regression: a JSON Lines file that lost its line ends was read as one line of
        // any size, with no limit.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        let long = format!("{{\"id\": \"big\", \"text\": \"{}\"}}", "中".repeat(400));
        fs::write(&p, format!("{long}\n{{\"id\": \"ok\", \"text\": \"通辽\"}}\n{long}")).unwrap();
        let jobs: Vec<Job> = Jobs::new(&[p.display().to_string()], 1000).collect();
        assert_eq!(jobs.len(), 3);
        assert!(
            matches!(jobs[0].payload, Payload::Failed(InputError::TooLarge { size, .. }) if size == long.len() as u64 + 1)
        );
        assert_eq!((jobs[1].id.as_str(), jobs[1].line), ("ok", Some(2)));
        assert!(matches!(jobs[2].payload, Payload::Failed(InputError::TooLarge { .. })));
        assert_eq!(jobs[2].line, Some(3));
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_nowhere_are_named() {
        // Regression: a dangling link or a link to itself named .txt was skipped in silence.
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("p1.txt"), "通辽").unwrap();
        std::os::unix::fs::symlink("self.txt", dir.path().join("self.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("gone.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("gone.png")).unwrap();
        let jobs: Vec<Job> = Jobs::new(&[dir.path().display().to_string()], 1000).collect();
        let failed: Vec<&str> =
            jobs.iter().filter(|j| matches!(j.payload, Payload::Failed(_))).map(|j| j.source.as_str()).collect();
        assert_eq!(failed.len(), 2, "{failed:?}");
        assert!(failed.iter().any(|s| s.ends_with("self.txt")) && failed.iter().any(|s| s.ends_with("gone.txt")));
    }
}
