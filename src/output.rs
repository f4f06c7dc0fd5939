//! Where commands write: data to stdout through [`print`], talk to stderr
//! through [`talk!`](crate::talk).
//!
//! A reader that goes away (`quiz cards | head -1`) is not an error: [`print`]
//! returns [`Error::StdoutClosed`], which ends the command with exit 0 and no
//! message, as ripgrep does. Any other write error (a full disk, `> /dev/full`)
//! is reported with exit 2. A command whose output confirms a write (`quiz
//! review`) prints before it commits, so a failed write records nothing and a
//! retry records the review once.

use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, Result};

/// Writes `text` to stdout and flushes it.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(stdout_error)
}

/// Writes `value` to stdout as pretty JSON (sanitised: see
/// [`json_pretty`](crate::text::sanitize::json_pretty)).
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    print(&crate::text::sanitize::json_pretty(value))
}

/// The error for a failed write to stdout.
pub fn stdout_error(error: io::Error) -> Error {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Error::StdoutClosed
    } else {
        Error::io("write", "standard output", error)
    }
}

/// Writes one line to stderr. Errors are ignored: talk is not data, and a
/// closed stderr must not turn a finished command into a failure.
pub fn talk_line(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.write_all(b"\n"));
}

/// Like `eprintln!`, through [`talk_line`]: never panics on a closed stderr.
#[macro_export]
macro_rules! talk {
    ($($argument:tt)*) => {
        $crate::output::talk_line(&format!($($argument)*))
    };
}
