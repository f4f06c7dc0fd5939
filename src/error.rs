//! The one error type. Its `Display` is what the user reads: what went wrong,
//! where, and what to do about it.

use std::path::PathBuf;

/// Everything that can stop a `quiz` command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),

    /// A deck name that is neither a file nor a known deck.
    #[error("no deck named `{name}`: {hint}")]
    DeckNotFound { name: String, hint: String },

    /// A file that could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },

    /// A path that is a folder, FIFO, device or socket where a file was expected.
    #[error("{} is {what}, not a regular file; give the path of {wanted}", path.display())]
    NotAFile { path: PathBuf, what: &'static str, wanted: &'static str },

    /// A file larger than quiz reads for its kind.
    #[error(
        "{} is {}, larger than {} MiB, the most quiz reads for {noun}; split it into smaller files",
        path.display(), size_text(*found), limit / (1024 * 1024)
    )]
    FileTooLarge { path: PathBuf, noun: &'static str, limit: u64, found: u64 },

    /// A file that is not UTF-8 text.
    #[error("{} is not UTF-8 text (an invalid byte at byte {offset}); save {noun} as UTF-8", path.display())]
    NotText { path: PathBuf, offset: usize, noun: &'static str },

    /// A deck that loaded with errors (the diagnostics were already printed).
    #[error("{path}: {count} error(s); run `quiz check {path}` to see them all")]
    InvalidDeck { path: String, count: usize },

    /// A file the user supplied (answer sheet, config) that is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    BadInput { path: String, line: usize, column: usize, message: String },

    /// A file the user supplied that is damaged, or not what it claims to be
    /// (an Anki package that is not one); the message says what to do.
    #[error("{path}: {message}")]
    BadFile { path: String, message: String },

    /// A card id that the deck does not have.
    #[error("deck `{deck}` has no card `{card}`{hint}")]
    UnknownCard { deck: String, card: String, hint: String },

    /// The interactive session needs a terminal.
    #[error("{0} needs a terminal on stdin and stdout; run it in a terminal, or use `quiz check` / `quiz review` from scripts")]
    NeedsTerminal(&'static str),

    /// The progress database cannot be used; the problem says why and what to do.
    #[error("{}", problem.describe(path))]
    Store { path: PathBuf, problem: StoreProblem },

    /// The reader of standard output went away (`quiz cards | head -1`): the
    /// command stops quietly with exit 0; whatever it committed stands.
    #[error("the reader of standard output went away")]
    StdoutClosed,

    /// A deck without a review FSRS can learn from: `quiz optimize` has nothing to fit.
    #[error(
        "deck `{deck}` has no reviews FSRS can learn from yet: it learns from reviews a day or more after the \
         card's previous one (study, `quiz review`, exams with --record; drills and other exams do not count); \
         study the deck over a few days, then run `quiz optimize` again"
    )]
    NothingToFit { deck: String },

    /// The scheduler rejected its inputs.
    #[error("scheduler error: {0}")]
    Schedule(String),
}

impl Error {
    /// The process exit code for this error: 0 when the reader of stdout went
    /// away, 2 for usage and data errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::StdoutClosed => 0,
            _ => 2,
        }
    }

    /// Why the progress database cannot be used, when that is the error.
    pub fn store_problem(&self) -> Option<&StoreProblem> {
        match self {
            Error::Store { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// A helper for I/O errors with the path they concern.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }
}

/// Why the progress database cannot be used. Each has its own remedy: only
/// a damaged file should ever be moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreProblem {
    /// The file or its folder may not be written by this user.
    PermissionDenied,
    /// The file system is mounted read-only.
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// Another program holds the write lock.
    Locked { waited_ms: u64 },
    /// Another application's file (or not an SQLite file at all).
    NotAStore(String),
    /// Written by a newer `quiz`.
    TooNew { found: i64, known: i64 },
    /// The file is damaged.
    Damaged(String),
    /// Anything else SQLite reports.
    Other(String),
}

impl StoreProblem {
    /// The message for the database at `path`.
    pub fn describe(&self, path: &std::path::Path) -> String {
        let path = path.display();
        match self {
            StoreProblem::PermissionDenied => format!(
                "cannot write {path}: permission denied (the file or its folder belongs to another user or is not writable); \
                 fix its owner or permissions (e.g. `chown` or `chmod u+w`), or use --data-dir DIR — the progress in it is intact"
            ),
            StoreProblem::ReadOnly => format!(
                "cannot write {path}: the file system is read-only; remount it writable or use --data-dir DIR on a \
                 writable disk — the progress in it is intact"
            ),
            StoreProblem::DiskFull => {
                format!("cannot write {path}: the disk is full, so nothing was recorded; free some space and try again")
            }
            StoreProblem::Locked { waited_ms } => format!(
                "{path} is locked by another program (waited {:.1} s); close the other quiz session or the program \
                 using it, then try again",
                *waited_ms as f64 / 1000.0
            ),
            StoreProblem::NotAStore(detail) => format!(
                "{path} is not a quiz progress database ({detail}); it was left untouched — move it elsewhere, or \
                 keep progress in another folder with --data-dir DIR"
            ),
            StoreProblem::TooNew { found, known } => format!(
                "{path} was written by a newer quiz (schema {found}, this build knows {known}); upgrade quiz — the \
                 file was left untouched"
            ),
            StoreProblem::Damaged(detail) => format!(
                "{path} is damaged ({detail}); it was left untouched — restore a backup, or move it aside to start \
                 afresh (which gives up the progress in it)"
            ),
            StoreProblem::Other(detail) => format!("progress database {path}: {detail}"),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A file size for a message: "300.0 MiB", "12.5 KiB", "17 bytes".
fn size_text(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
