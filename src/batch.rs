//! A whole run: inputs in, output files (or JSON Lines on stdout) out.
//!
//! Jobs are taken from the input stream in chunks; each chunk is processed in parallel
//! with rayon (reading, decoding, the pipeline and the per-page JSON file happen in the
//! workers), then its results are appended to the CSV tables in input order. Memory is
//! bounded by the chunk size, and the output is byte-identical for any thread count.
//! A bad input is reported (`path: reason`, `path:line: reason` for JSONL) and listed in
//! errors.csv; the rest of the batch goes on.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::basedate::{self, Ymd};
use crate::error::{Error, InputError};
use crate::input::{self, decode, ids, Job, Jobs, Payload};
use crate::output::atomic;
use crate::output::tables::Tables;
use crate::output::PageDoc;
use crate::pipeline::{Page, Pipeline, GROUP_PAGES};

/// Where the output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Dir(PathBuf),
    /// JSON Lines on stdout, one page per line, and nothing else.
    Stdout,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    pub bom: bool,
    /// Worker threads; 0 = all cores.
    pub threads: usize,
    /// The base date for every page (`--date`).
    pub date: Option<Ymd>,
    pub progress: bool,
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Pages per parallel chunk.
    pub chunk: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Dir(PathBuf::from("output")),
            bom: true,
            threads: 0,
            date: None,
            progress: true,
            max_bytes: 256 * 1024 * 1024,
            chunk: 64,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub pages: usize,
    pub mentions: usize,
    pub errors: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "newsfacts: {} pages, {} mentions, {} errors, {:.2} MB in {:.2} s ({:.2} MB/s)",
            self.pages,
            self.mentions,
            self.errors,
            self.bytes as f64 / 1e6,
            secs,
            self.bytes as f64 / 1e6 / secs
        )
    }
}

/// One reported problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub source: String,
    pub line: Option<usize>,
    pub error: InputError,
}

impl Report {
    /// `path: reason` or `path:line: reason`.
    pub fn message(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{}: {}", self.source, l, self.error),
            None => format!("{}: {}", self.source, self.error),
        }
    }
}

struct Outcome {
    doc: Option<PageDoc>,
    json: Option<String>,
    reports: Vec<Report>,
    bytes: u64,
}

/// Check that the output directory can be written, before any work.
pub fn prepare_output(dir: &Path) -> Result<(), Error> {
    let fail = |reason: String| Error::Output { path: dir.to_path_buf(), reason };
    if dir.exists() && !dir.is_dir() {
        return Err(fail("exists and is not a directory".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create output directory: {e}")))?;
    let probe = dir.join(format!(".newsfacts-probe-{}.{}", std::process::id(), atomic::PARTIAL));
    std::fs::write(&probe, b"").map_err(|e| fail(format!("cannot write in output directory: {e}")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// A job read and decoded.
struct Loaded {
    text: String,
    base: Option<Ymd>,
    /// Problems that did not stop the page.
    reports: Vec<Report>,
}

/// Read and decode a job's page; for a job that cannot be read, its reports.
fn load(job: &Job, opts: &Options) -> Result<Loaded, Vec<Report>> {
    let mut reports: Vec<Report> = job
        .warnings
        .iter()
        .map(|error| Report { source: job.source.clone(), line: job.line, error: error.clone() })
        .collect();
    let fail = |error: &InputError, reports: &mut Vec<Report>| {
        reports.push(Report { source: job.source.clone(), line: job.line, error: error.clone() });
        std::mem::take(reports)
    };
    let (text, record_date) = match &job.payload {
        Payload::Failed(e) => return Err(fail(e, &mut reports)),
        Payload::Text { text, date } => (text.clone(), *date),
        Payload::File(path) => {
            match input::read_file(path, opts.max_bytes).and_then(|b| decode::decode(&b).map(|(s, _)| s)) {
                Ok(t) => (t, None),
                Err(e) => return Err(fail(&e, &mut reports)),
            }
        }
    };
    let base = opts.date.or(record_date).or(job.name_date);
    Ok(Loaded { text, base, reports })
}

/// A processed page's JSON document, written (or kept for stdout).
fn finish(job: &Job, mut reports: Vec<Report>, page: Page, opts: &Options) -> Outcome {
    let doc = PageDoc::new(&job.id, &job.source, page);
    let json = match &opts.target {
        Target::Stdout => Some(doc.to_json_line()),
        Target::Dir(dir) => {
            let mut path = dir.join("json").join(ids::safe_path(&job.id));
            let name =
                format!("{}.json", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            path.set_file_name(name);
            if let Err(e) = atomic::write_file(&path, doc.to_json_pretty().as_bytes()) {
                reports.push(Report {
                    source: job.source.clone(),
                    line: job.line,
                    error: InputError::Io(format!("cannot write {}: {e}", path.display())),
                });
            }
            None
        }
    };
    Outcome { doc: Some(doc), json, reports, bytes: job.bytes }
}

fn process_job(pipeline: &Pipeline, job: &Job, opts: &Options) -> Outcome {
    match load(job, opts) {
        Err(reports) => Outcome { doc: None, json: None, reports, bytes: job.bytes },
        Ok(l) => {
            let page = pipeline.process(&l.text, l.base);
            finish(job, l.reports, page, opts)
        }
    }
}

/// Several jobs through [`Pipeline::process_group`] (all read first, then segmented
/// together, then extracted), with the outcomes in job order.
fn process_jobs(pipeline: &Pipeline, jobs: &[Job], opts: &Options) -> Vec<Outcome> {
    let loaded: Vec<Result<Loaded, Vec<Report>>> = jobs.iter().map(|j| load(j, opts)).collect();
    let group: Vec<(&str, Option<Ymd>)> = loaded.iter().flatten().map(|l| (l.text.as_str(), l.base)).collect();
    let mut pages = pipeline.process_group(&group).into_iter();
    jobs.iter()
        .zip(loaded)
        .map(|(job, l)| match l {
            Err(reports) => Outcome { doc: None, json: None, reports, bytes: job.bytes },
            Ok(l) => {
                let page = pages.next().unwrap_or_else(|| pipeline.process(&l.text, l.base));
                finish(job, l.reports, page, opts)
            }
        })
        .collect()
}

/// [`process_jobs`], with a panic turned into a report on the page that caused it: the
/// group is done again a page at a time, each page guarded, so that one bad page never
/// takes down a batch of 100,000 (a panic inside a rayon job would otherwise end the
/// whole run, and leave no tables).
fn guarded(pipeline: &Pipeline, jobs: &[Job], opts: &Options) -> Vec<Outcome> {
    catch(|| process_jobs(pipeline, jobs, opts)).unwrap_or_else(|_| {
        jobs.iter()
            .map(|job| {
                catch(|| process_job(pipeline, job, opts)).unwrap_or_else(|panic| Outcome {
                    doc: None,
                    json: None,
                    reports: vec![Report {
                        source: job.source.clone(),
                        line: job.line,
                        error: InputError::Internal(panic_message(&*panic)),
                    }],
                    bytes: job.bytes,
                })
            })
            .collect()
    })
}

fn catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Run a batch. Errors in single inputs are in the summary (and on stderr); an `Err` is a
/// failure of the whole run (output not writable).
pub fn run(inputs: &[String], opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let mut tables = match &opts.target {
        Target::Dir(dir) => {
            prepare_output(dir)?;
            Some(Tables::create(dir, opts.bom)?)
        }
        Target::Stdout => None,
    };
    let threads =
        if opts.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { opts.threads };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let pipeline = Pipeline::new();
    pipeline.warm_up();

    let mut jobs = Jobs::new(inputs, opts.max_bytes);
    let bar = if opts.progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs.total_bytes);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let mut summary = Summary::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let chunk_size = opts.chunk.max(1) * threads;
    let mut broken_pipe = false;
    loop {
        let chunk: Vec<Job> = jobs.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = pool
            .install(|| chunk.par_chunks(GROUP_PAGES).flat_map_iter(|group| guarded(&pipeline, group, opts)).collect());
        for o in outcomes {
            summary.bytes += o.bytes;
            for r in &o.reports {
                summary.errors += 1;
                let msg = r.message();
                match &bar {
                    Some(b) => b.println(&msg),
                    None => eprintln!("{msg}"),
                }
                if let Some(t) = tables.as_mut() {
                    t.add_error(&r.source, r.line, &r.error.to_string())?;
                }
            }
            if let Some(doc) = &o.doc {
                summary.pages += 1;
                summary.mentions += doc.mentions.len();
                if let Some(t) = tables.as_mut() {
                    t.add_page(doc)?;
                }
            }
            if let (Some(line), false) = (&o.json, broken_pipe) {
                if writeln!(out, "{line}").is_err() {
                    broken_pipe = true;
                }
            }
            if let Some(b) = &bar {
                b.inc(o.bytes);
                b.set_message(format!("{} pages", summary.pages));
            }
        }
        if broken_pipe {
            break;
        }
    }
    let _ = out.flush();
    if let Some(t) = tables {
        t.finish()?;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// The date in a file name, for callers that want it.
pub fn date_from_name(name: &str) -> Option<Ymd> {
    basedate::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages_are_kept() {
        let p = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(panic_message(&*p), "boom 1");
        let p = std::panic::catch_unwind(|| panic!("static")).unwrap_err();
        assert_eq!(panic_message(&*p), "static");
    }
}
