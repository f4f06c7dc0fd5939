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

/// A JSON array written to stdout an element at a time, as [`print_json`]
/// would print the whole array: for lists too long to hold in memory.
pub struct JsonArray<W: Write> {
    out: W,
    empty: bool,
}

impl JsonArray<io::BufWriter<io::StdoutLock<'static>>> {
    /// An array on stdout.
    pub fn stdout() -> Self {
        JsonArray::new(io::BufWriter::new(io::stdout().lock()))
    }
}

impl<W: Write> JsonArray<W> {
    /// An array on `out`.
    pub fn new(out: W) -> Self {
        JsonArray { out, empty: true }
    }

    /// Writes one element.
    pub fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let opening: &[u8] = if self.empty { b"[\n" } else { b",\n" };
        self.empty = false;
        self.out.write_all(opening).map_err(stdout_error)?;
        // Pretty JSON has no raw newline inside a string: indenting line by line is exact.
        let text = crate::text::sanitize::json_pretty(value);
        for (index, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            let separator: &[u8] = if index == 0 { b"  " } else { b"\n  " };
            self.out.write_all(separator).and_then(|()| self.out.write_all(line.as_bytes())).map_err(stdout_error)?;
        }
        Ok(())
    }

    /// Closes the array, flushes it and hands back the writer.
    pub fn finish(mut self) -> Result<W> {
        let closing: &[u8] = if self.empty { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(closing).and_then(|()| self.out.flush()).map_err(stdout_error)?;
        Ok(self.out)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_written_element_by_element_reads_as_the_whole_one() {
        let values = [
            serde_json::json!({"id": "a", "tags": ["x", "y"], "nested": {"n": 1}}),
            serde_json::json!("two\nlines"),
            serde_json::json!([]),
        ];
        for count in 0..=values.len() {
            let mut array = JsonArray::new(Vec::new());
            for value in &values[..count] {
                array.push(value).unwrap();
            }
            let out = array.finish().unwrap();
            let whole = crate::text::sanitize::json_pretty(&values[..count]);
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }
}
