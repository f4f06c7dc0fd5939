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
    #[error("{} is larger than {} MiB, the most quiz reads for {noun}", path.display(), limit / (1024 * 1024))]
    FileTooLarge { path: PathBuf, noun: &'static str, limit: u64 },

    /// A file that is not UTF-8 text.
    #[error("{} is not UTF-8 text (an invalid byte at byte {offset}); save {noun} as UTF-8", path.display())]
    NotText { path: PathBuf, offset: usize, noun: &'static str },

    /// A deck that loaded with errors (the diagnostics were already printed).
    #[error("{path}: {count} error(s); run `quiz check {path}` to see them all")]
    InvalidDeck { path: String, count: usize },

    /// A file the user supplied (answer sheet, config) that is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    BadInput { path: String, line: usize, column: usize, message: String },

    /// A card id that the deck does not have.
    #[error("deck `{deck}` has no card `{card}`{hint}")]
    UnknownCard { deck: String, card: String, hint: String },

    /// The interactive session needs a terminal.
    #[error("{0} needs a terminal on stdin and stdout; run it in a terminal, or use `quiz check` / `quiz review` from scripts")]
    NeedsTerminal(&'static str),

    // -- store errors --
    /// The progress database was written by a newer `quiz`.
    #[error("{} was written by a newer quiz (schema {found}, this build knows {known}); upgrade quiz — the file was left untouched", path.display())]
    DatabaseTooNew { path: PathBuf, found: i64, known: i64 },

    /// The progress database is not a database, or is damaged.
    #[error("{} is damaged or not a quiz database ({detail}); the file was left untouched — move it aside to start afresh, or restore a backup", path.display())]
    DatabaseDamaged { path: PathBuf, detail: String },

    /// Any other SQLite failure.
    #[error("progress database error: {0}")]
    Database(String),

    /// The scheduler rejected its inputs.
    #[error("scheduler error: {0}")]
    Schedule(String),
}

impl Error {
    /// The process exit code for this error: 2 for usage and data errors.
    pub fn exit_code(&self) -> u8 {
        2
    }

    /// A helper for I/O errors with the path they concern.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Database(error.to_string())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
