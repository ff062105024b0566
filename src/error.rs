//! Typed errors of the library. Every message is lowercase and carries its context;
//! the binary prints them as `path: reason` (JSONL: `path:line: reason`).

use std::fmt;
use std::path::PathBuf;

/// Why one input (a file, a JSONL record) could not be processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The file could not be opened or read.
    Io(String),
    /// The file holds no text at all (0 bytes, or only white space).
    Empty,
    /// The bytes look like a binary file (NUL runs, control bytes), not text.
    Binary,
    /// Neither UTF-8, UTF-16 with a BOM, nor GB18030.
    Undecodable(String),
    /// The file is larger than the configured limit.
    TooLarge { size: u64, limit: u64 },
    /// A JSON Lines record is not a JSON object with a string `text`.
    BadRecord(String),
    /// A record's `date` or a date in a file name is not a valid calendar date.
    BadDate(String),
    /// The id was already used by an earlier page of this run.
    DuplicateId { id: String, renamed: String },
    /// The path is neither a file nor a directory we can walk.
    NotFound,
    /// Unsupported file kind named directly on the command line.
    Unsupported(String),
    /// The pipeline failed on this input (a bug: it panicked); the batch went on.
    Internal(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "cannot read: {e}"),
            InputError::Empty => write!(f, "empty input: no text"),
            InputError::Binary => write!(f, "binary data, not text"),
            InputError::Undecodable(e) => write!(f, "cannot decode text: {e}"),
            InputError::TooLarge { size, limit } => {
                write!(f, "too large: {size} bytes (limit {limit} bytes)")
            }
            InputError::BadRecord(e) => write!(f, "bad JSON Lines record: {e}"),
            InputError::BadDate(e) => write!(f, "bad date: {e}"),
            InputError::DuplicateId { id, renamed } => {
                write!(f, "duplicate id '{id}': written as '{renamed}'")
            }
            InputError::NotFound => write!(f, "no such file or directory"),
            InputError::Unsupported(e) => write!(f, "unsupported input: {e}"),
            InputError::Internal(e) => write!(f, "internal error (please report): {e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Errors that stop a whole run (bad options, an output folder that cannot be written).
#[derive(Debug)]
pub enum Error {
    /// The output location cannot be used.
    Output { path: PathBuf, reason: String },
    /// A dictionary file (embedded or overridden) is malformed.
    Dictionary { name: String, line: usize, reason: String },
    /// A usage error found after argument parsing.
    Usage(String),
    /// Writing output failed mid-run.
    Io { path: PathBuf, source: std::io::Error },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Output { path, reason } => write!(f, "{}: {reason}", path.display()),
            Error::Dictionary { name, line, reason } => {
                write!(f, "dictionary {name}: line {line}: {reason}")
            }
            Error::Usage(e) => write!(f, "{e}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
