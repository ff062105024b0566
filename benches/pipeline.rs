//! Throughput, scaling, start-up and peak memory of newsfacts on a corpus of real text.
//!
//! ```text
//! cargo bench --bench pipeline                          # a few MB, about a minute on 2 cores
//! NEWSFACTS_BENCH_MB=50 cargo bench --bench pipeline    # the full measurement
//! NEWSFACTS_BENCH_MEMORY=10,50 cargo bench --bench pipeline   # also peak RSS of the CLI
//! NEWSFACTS_BENCH_ROUNDS=5 cargo bench --bench pipeline        # rounds of the throughput rows (3)
//! cargo bench --bench pipeline -- --write-pages DIR     # only write the pages, for other tools
//! ```
//!
//! Pages are built from `../shared/corpus/*.jsonl` (field `content`, override the folder
//! with `NEWSFACTS_CORPUS`): paragraphs taken in order and packed into pages of about
//! 6,000 characters, cut at paragraph boundaries, paragraphs separated by a blank line
//! as on a newspaper page; the corpus is repeated until the batch has the size asked for.
//! The texts are read at run time, never copied into the repository.
//!
//! Rows of the table (MB = 10^6 bytes of UTF-8 page text):
//! - jieba-rs tag: `Jieba::new()` once, then `tag(page, true)` on every page, one thread;
//!   built as jieba-rs's users get it, and once more with the huge-page hint the binary
//!   gives large allocations (`newsfacts::hugepages`).
//! - pipeline: `Pipeline::process_group` over groups of `GROUP_PAGES` pages, then
//!   `PageDoc::new` + `to_json_pretty` per page (what the CLI does, less the file
//!   writes), one thread; the ratio is to jieba-rs tag.
//! - pipeline/jieba-rs on N threads: the same work spread over a rayon pool of N threads.
//! - start-up: `Pipeline::new()` + `warm_up()` in this (fresh) process, and the wall time
//!   of the release binary run on one page, which includes every lazy table.
//!
//! Wall-clock and CPU time (of the measuring thread, from /proc/thread-self/schedstat) are
//! both given for one thread. The throughput rows are measured in rounds (3, or
//! `NEWSFACTS_BENCH_ROUNDS`); a ratio is taken within a round, and the table gives the
//! median over the rounds and the range. Within a round the three one-thread rows are
//! interleaved: each group of `GROUP_PAGES` pages goes through jieba-rs, jieba-rs with the
//! hint and the pipeline in turn, the order rotating from group to group, and each row
//! sums its times over the groups. A change of the machine's load or clock during the
//! round (the machine may be shared) then weighs on the three alike, where whole passes
//! one after the other gave ratios that moved by a third from run to run.
//! Cargo builds the `newsfacts` binary before running a bench, so the start-up and memory
//! rows use the binary of the same build (`CARGO_BIN_EXE_newsfacts`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The allocator the `newsfacts` binary uses (huge pages for large blocks), so that the
/// in-process rows measure what the binary does. The jieba-rs reference is built with
/// the hint off, as jieba-rs's users get it, and once more with it on.
#[global_allocator]
static ALLOC: newsfacts::hugepages::HugePageHint = newsfacts::hugepages::HugePageHint;

const PAGE_CHARS: usize = 6000;
const DEFAULT_MB: f64 = 4.0;

fn corpus_dir() -> PathBuf {
    match std::env::var_os("NEWSFACTS_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// The non-empty paragraphs of every `content` field, files in sorted order.
fn paragraphs(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set NEWSFACTS_CORPUS)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            let content = v.get("content").and_then(|c| c.as_str()).unwrap_or("");
            out.extend(content.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from));
        }
    }
    assert!(!out.is_empty(), "no text in {}/*.jsonl", dir.display());
    out
}

/// Pages of about `PAGE_CHARS` characters, cut at paragraph boundaries, until `bytes`.
fn pages(paras: &[String], bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut page = String::new();
    let mut chars = 0;
    for p in paras.iter().cycle() {
        if !page.is_empty() {
            page.push_str("\n\n");
        }
        page.push_str(p);
        chars += p.chars().count();
        if chars >= PAGE_CHARS {
            total += page.len();
            out.push(std::mem::take(&mut page));
            chars = 0;
            if total >= bytes {
                break;
            }
        }
    }
    out
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Wall and thread-CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (c0, t0) = (thread_cpu(), Instant::now());
    let r = f();
    (r, t0.elapsed().as_secs_f64(), (thread_cpu() - c0).as_secs_f64())
}

/// Pages `k * GROUP_PAGES ..` (the `k`-th group) through the pipeline as the CLI takes
/// them, each to its JSON document; the JSON bytes.
fn process_group(pipeline: &newsfacts::Pipeline, k: usize, group: &[String]) -> usize {
    let input: Vec<(&str, Option<newsfacts::Ymd>)> = group.iter().map(|p| (p.as_str(), None)).collect();
    let first = k * newsfacts::pipeline::GROUP_PAGES;
    let pages = pipeline.process_group(&input);
    pages
        .into_iter()
        .enumerate()
        .map(|(i, out)| {
            let id = format!("page-{:05}", first + i);
            newsfacts::output::PageDoc::new(&id, &id, out).to_json_pretty().len()
        })
        .sum()
}

fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("rayon pool")
}

fn write_pages(dir: &Path, pages: &[String]) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for (i, p) in pages.iter().enumerate() {
        let path = dir.join(format!("page-{:05}.txt", i + 1));
        std::fs::write(&path, p).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsfacts"))
}

/// Wall seconds of the CLI on one page (start-up + one page + writing its output).
fn cli_one_page(page: &str, runs: usize) -> Vec<f64> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("page.txt");
    std::fs::write(&input, page).expect("write page");
    (0..runs)
        .map(|_| {
            let out = tmp.path().join("out");
            let t0 = Instant::now();
            let st = Command::new(bin())
                .args(["extract", "-q", "-j", "1", "-o"])
                .arg(&out)
                .arg(&input)
                .output()
                .expect("run newsfacts");
            let secs = t0.elapsed().as_secs_f64();
            assert!(st.status.success(), "newsfacts failed: {}", String::from_utf8_lossy(&st.stderr));
            secs
        })
        .collect()
}

/// Peak RSS (kB) and the summary line of the CLI on `dir`, under /usr/bin/time -v.
fn cli_peak_rss(dir: &Path, out: &Path, threads: usize) -> Option<(u64, String)> {
    let st = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin())
        // Not -q: the summary line is wanted (the progress bar stays off, stderr is a pipe).
        .args(["extract", "-j", &threads.to_string(), "-o"])
        .arg(out)
        .arg(dir)
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&st.stderr);
    let rss = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())?;
    let summary = err.lines().find(|l| l.starts_with("newsfacts:")).unwrap_or("").to_string();
    Some((rss, summary))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// One round of the throughput rows: wall and CPU seconds of jieba-rs (plain and with the
/// huge-page hint) and of the pipeline on one thread, and (jieba-rs, pipeline) wall seconds
/// for each pool of several threads.
struct Round {
    j_wall: f64,
    j_cpu: f64,
    jh_wall: f64,
    jh_cpu: f64,
    p_wall: f64,
    p_cpu: f64,
    multi: Vec<(f64, f64)>,
}

fn env_rounds() -> usize {
    std::env::var("NEWSFACTS_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).filter(|&n| n > 0).unwrap_or(3)
}

fn env_mb() -> f64 {
    std::env::var("NEWSFACTS_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_MB)
}

fn main() {
    // Start-up first, while this process has built nothing yet.
    let ((), startup_wall, _) = timed(|| {
        let p = newsfacts::Pipeline::new();
        p.warm_up();
    });

    let args: Vec<String> = std::env::args().collect();
    let size_mb = env_mb();
    let paras = paragraphs(&corpus_dir());
    let pages = pages(&paras, (size_mb * 1e6) as usize);
    let bytes: usize = pages.iter().map(String::len).sum();

    if let Some(i) = args.iter().position(|a| a == "--write-pages") {
        let dir = PathBuf::from(args.get(i + 1).expect("--write-pages DIR"));
        write_pages(&dir, &pages);
        println!("wrote {} pages, {:.1} MB, to {}", pages.len(), mb(bytes), dir.display());
        return;
    }

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "newsfacts bench: {} pages, {:.2} MB ({} chars/page avg), {} cores, load avg {}",
        pages.len(),
        mb(bytes),
        pages.iter().map(|p| p.chars().count()).sum::<usize>() / pages.len().max(1),
        threads,
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );

    // (a) jieba-rs tagging alone: as its users get it (system allocator, 4 KiB pages),
    // and with the huge-page hint the newsfacts binary gives its allocations; (b) the
    // pipeline; (c) both on N threads. On a shared machine the load drifts within a
    // run, so these are measured in rounds, (a) and (b) interleaved group by group,
    // and a ratio is taken within each round; the table gives the medians.
    newsfacts::hugepages::set_enabled(false);
    let (jieba, jieba_build, _) = timed(jieba_rs::Jieba::new);
    newsfacts::hugepages::set_enabled(true);
    let (jieba_huge, jieba_huge_build, _) = timed(jieba_rs::Jieba::new);
    let pipeline = newsfacts::Pipeline::new();
    pipeline.warm_up();
    for p in pages.iter().take(3) {
        black_box(jieba.tag(p, true));
        black_box(jieba_huge.tag(p, true));
    }
    black_box(process_group(&pipeline, 0, &pages[..3.min(pages.len())]));
    let groups = || pages.chunks(newsfacts::pipeline::GROUP_PAGES).enumerate();
    let tag_group = |jieba: &jieba_rs::Jieba, group: &[String]| {
        group.iter().map(|p| black_box(jieba.tag(p, true).len())).sum::<usize>()
    };
    let mut counts = Vec::new();
    let mut n = 2;
    while n <= threads {
        counts.push(n);
        n = if n * 2 > threads && n < threads { threads } else { n * 2 };
    }
    let pools: Vec<rayon::ThreadPool> = counts.iter().map(|&n| pool(n)).collect();
    let mut rounds: Vec<Round> = Vec::new();
    let mut json_bytes = 0;
    for _ in 0..env_rounds() {
        // One thread, interleaved: each group of pages goes through jieba-rs, jieba-rs
        // with the hint and the pipeline in turn (the order rotating from group to
        // group), and each row sums its times over the groups.
        let mut sums = [(0.0, 0.0); 3];
        json_bytes = 0;
        for (k, g) in groups() {
            for step in 0..3 {
                let row = (k + step) % 3;
                let (n, wall, cpu) = match row {
                    0 => timed(|| tag_group(&jieba, g)),
                    1 => timed(|| tag_group(&jieba_huge, g)),
                    _ => timed(|| black_box(process_group(&pipeline, k, g))),
                };
                if row == 2 {
                    json_bytes += n;
                }
                sums[row].0 += wall;
                sums[row].1 += cpu;
            }
        }
        let [(j_wall, j_cpu), (jh_wall, jh_cpu), (p_wall, p_cpu)] = sums;
        let mut multi = Vec::new();
        for pool in &pools {
            let (_, jw, _) =
                timed(|| pool.install(|| pages.par_iter().map(|p| black_box(jieba.tag(p, true).len())).sum::<usize>()));
            let (_, pw, _) = timed(|| {
                pool.install(|| {
                    let groups: Vec<(usize, &[String])> = groups().collect();
                    groups.into_par_iter().map(|(k, g)| process_group(&pipeline, k, g)).sum::<usize>()
                })
            });
            multi.push((jw, pw));
        }
        rounds.push(Round { j_wall, j_cpu, jh_wall, jh_cpu, p_wall, p_cpu, multi });
    }
    drop(jieba_huge);

    // (d) start-up of the binary on one page.
    let mut cli = cli_one_page(&pages[0], 5);
    let cli_min = cli.iter().copied().fold(f64::INFINITY, f64::min);
    let cli_med = median(&mut cli);

    let rate = |secs: f64| mb(bytes) / secs.max(1e-9);
    // The median over the rounds of `f`, and its range.
    let med = |f: &dyn Fn(&Round) -> f64| {
        let mut v: Vec<f64> = rounds.iter().map(f).collect();
        let m = median(&mut v);
        (m, v[0], v[v.len() - 1])
    };
    let ratio = |f: &dyn Fn(&Round) -> f64| {
        let (m, lo, hi) = med(f);
        format!("{m:.2} ({lo:.2}–{hi:.2})")
    };
    println!();
    println!(
        "{} rounds; MB/s are medians over the rounds, ratios are taken within each round: median (range).",
        rounds.len()
    );
    println!();
    println!("| measurement | MB/s (wall) | MB/s (CPU) | vs jieba-rs tag (1 thread) | vs 1 thread |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| jieba-rs `tag(page, true)`, 1 thread | {:.2} | {:.2} | 1.00 | 1.00 |",
        rate(med(&|r| r.j_wall).0),
        rate(med(&|r| r.j_cpu).0)
    );
    println!(
        "| same, with newsfacts's huge-page hint | {:.2} | {:.2} | {} | |",
        rate(med(&|r| r.jh_wall).0),
        rate(med(&|r| r.jh_cpu).0),
        ratio(&|r| r.j_wall / r.jh_wall)
    );
    println!(
        "| pipeline + PageDoc + JSON, 1 thread | {:.2} | {:.2} | {} (CPU {}) | 1.00 |",
        rate(med(&|r| r.p_wall).0),
        rate(med(&|r| r.p_cpu).0),
        ratio(&|r| r.j_wall / r.p_wall),
        ratio(&|r| r.j_cpu / r.p_cpu)
    );
    for (k, n) in counts.iter().enumerate() {
        println!(
            "| jieba-rs `tag(page, true)`, {n} threads | {:.2} | | {} | {} |",
            rate(med(&|r| r.multi[k].0).0),
            ratio(&|r| r.j_wall / r.multi[k].0),
            ratio(&|r| r.j_wall / r.multi[k].0)
        );
        println!(
            "| pipeline + PageDoc + JSON, {n} threads | {:.2} | | {} | {} |",
            rate(med(&|r| r.multi[k].1).0),
            ratio(&|r| r.j_wall / r.multi[k].1),
            ratio(&|r| r.p_wall / r.multi[k].1)
        );
    }
    println!();
    println!(
        "pipeline, 1 thread, against jieba-rs with the same huge-page hint: {} (CPU {})",
        ratio(&|r| r.jh_wall / r.p_wall),
        ratio(&|r| r.jh_cpu / r.p_cpu)
    );
    println!();
    println!("| start-up | seconds |");
    println!("|---|---:|");
    println!("| `Pipeline::new()` + `warm_up()`, fresh process | {startup_wall:.3} |");
    println!("| `Jieba::new()` (jieba-rs alone, for reference) | {jieba_build:.3} |");
    println!("| `Jieba::new()` with the huge-page hint | {jieba_huge_build:.3} |");
    println!("| `newsfacts extract -j 1` on one page, whole process (median of 5) | {cli_med:.3} |");
    println!("| same, fastest of 5 | {cli_min:.3} |");
    println!();
    println!("JSON written: {:.2} MB for {:.2} MB of pages", mb(json_bytes), mb(bytes));

    // Peak memory of the CLI on batches of the given sizes.
    if let Ok(list) = std::env::var("NEWSFACTS_BENCH_MEMORY") {
        println!();
        println!("| batch | pages | threads | peak RSS (MB) | CLI summary |");
        println!("|---:|---:|---:|---:|---|");
        for size in list.split(',').filter_map(|s| s.trim().parse::<f64>().ok()) {
            let batch = self::pages(&paras, (size * 1e6) as usize);
            let tmp = tempfile::tempdir().expect("temp dir");
            let dir = tmp.path().join("pages");
            write_pages(&dir, &batch);
            let out = tmp.path().join("out");
            match cli_peak_rss(&dir, &out, threads) {
                Some((kb, summary)) => println!(
                    "| {:.1} MB | {} | {} | {:.0} | {} |",
                    mb(batch.iter().map(String::len).sum()),
                    batch.len(),
                    threads,
                    kb as f64 / 1024.0,
                    summary
                ),
                None => println!("| {size} MB | | | (no /usr/bin/time: apt-get install time) | |"),
            }
        }
    }
}
