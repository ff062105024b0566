//! The `newsfacts` command: parses arguments, runs a batch, maps the result to an exit
//! code (0 all inputs done, 1 some inputs failed, 2 usage or output errors).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

use newsfacts::batch::{self, Options, Target};
use newsfacts::{dictionaries, Ymd};

/// The system allocator, asking for huge pages for jieba's dictionary table (see
/// `newsfacts::hugepages`): start-up and tagging both touch it all over.
#[global_allocator]
static ALLOC: newsfacts::hugepages::HugePageHint = newsfacts::hugepages::HugePageHint;

#[derive(Parser, Debug)]
#[command(name = "newsfacts", version, about = "Turn Chinese newspaper pages into tables of facts.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract articles, people, places, organisations, dates, figures, slogans and documents.
    Extract(ExtractArgs),
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Inputs: .txt pages, .jsonl files ({"id","text","date"?} per line), directories, or - for JSON Lines on stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output directory, or - for JSON Lines on stdout.
    #[arg(short, long, default_value = "output")]
    out: String,
    /// Base date (YYYY-MM-DD) for resolving 3月20日, 今年…; overrides record dates and file names.
    #[arg(long)]
    date: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, default_value_t = 0)]
    threads: usize,
    /// Write CSV files without the UTF-8 byte order mark.
    #[arg(long)]
    no_bom: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Read dictionaries from this directory where it has a file of the same name.
    #[arg(long)]
    dict_dir: Option<PathBuf>,
    /// Largest input file accepted, in MB.
    #[arg(long, default_value_t = 256)]
    max_mb: u64,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let Command::Extract(args) = cli.command;
    let date = match args.date.as_deref().map(|d| (d, Ymd::parse(d))) {
        None => None,
        Some((_, Some(d))) => Some(d),
        Some((d, None)) => {
            eprintln!("newsfacts: --date {d}: not a valid date (YYYY-MM-DD)");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = args.dict_dir {
        if !dictionaries::set_override_dir(dir.clone()) {
            eprintln!("newsfacts: --dict-dir {}: not a directory", dir.display());
            return ExitCode::from(2);
        }
    }
    let target = if args.out == "-" { Target::Stdout } else { Target::Dir(PathBuf::from(&args.out)) };
    let opts = Options {
        target,
        bom: !args.no_bom,
        threads: args.threads,
        date,
        progress: !args.quiet,
        max_bytes: args.max_mb.saturating_mul(1024 * 1024),
        ..Options::default()
    };
    match batch::run(&args.inputs, &opts) {
        Ok(summary) => {
            if !args.quiet {
                eprintln!("{}", summary.line());
            }
            if summary.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("newsfacts: {e}");
            ExitCode::from(2)
        }
    }
}
