//! Reading a sync file line by line, from the start or from where an earlier
//! sync stopped. A line counts once its `\n` is there: a last line without one
//! is being written (or was cut short) and is left for the next sync.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::line::{self, FORMAT, MAX_LINE};
use crate::error::{Error, Result};
use crate::store::{FileRecord, LogEntry};

/// A sync file open for reading.
pub struct LineReader {
    path: PathBuf,
    file: BufReader<File>,
    /// Bytes of complete lines read so far.
    position: u64,
    /// The number of the next line (the header is line 1).
    line_number: u64,
    buffer: Vec<u8>,
}

impl LineReader {
    /// Opens `path`; `None` if there is no such file.
    pub fn open(path: &Path) -> Result<Option<LineReader>> {
        match File::open(path) {
            Ok(file) => Ok(Some(LineReader {
                path: path.to_path_buf(),
                file: BufReader::with_capacity(1 << 16, file),
                position: 0,
                line_number: 1,
                buffer: Vec::new(),
            })),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(Error::io("read", path, error)),
        }
    }

    /// Bytes of complete lines read so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Continues after what `record` says was read, if the file still holds it
    /// (at least that long, and a complete line where the last one read was):
    /// then returns where reading goes on. Otherwise (the file was replaced or
    /// cut) stays at the start and returns `None`.
    pub fn resume_at(&mut self, record: &FileRecord) -> Result<Option<u64>> {
        let length = self.file.get_ref().metadata().map_err(|error| Error::io("read", &self.path, error))?.len();
        if record.read_bytes == 0 || record.read_bytes > length || record.last_line >= record.read_bytes {
            return Ok(None);
        }
        let span = record.read_bytes - record.last_line;
        if span > MAX_LINE as u64 + 1 {
            return Ok(None);
        }
        self.seek(record.last_line)?;
        self.buffer.clear();
        let read = (&mut self.file).take(span).read_to_end(&mut self.buffer);
        read.map_err(|error| Error::io("read", &self.path, error))?;
        let whole = self.buffer.len() as u64 == span
            && self.buffer.last() == Some(&b'\n')
            && !self.buffer[..self.buffer.len() - 1].contains(&b'\n');
        let text = &self.buffer[..self.buffer.len().saturating_sub(1)];
        let readable = match record.last_line {
            0 => line::parse_header(text).is_ok(),
            _ => line::parse(text).is_ok(),
        };
        if whole && readable {
            self.position = record.read_bytes;
            self.line_number = record.lines + 2;
            Ok(Some(record.read_bytes))
        } else {
            self.seek(0)?;
            Ok(None)
        }
    }

    /// Reads the header of this device's own file: it must name `device`.
    pub fn read_header(&mut self, device: Uuid) -> Result<()> {
        match self.read_header_of_any()? {
            Some(found) if found == device => Ok(()),
            Some(found) => Err(self.bad_file(format!(
                "it is named for this device ({device}) but its header names device {found}; move it out of the \
                 folder and sync again (this device then writes its file afresh)"
            ))),
            // A header cut short: only a kill while the file was being created
            // could leave one, and creation is atomic — but start it afresh anyway.
            None => self.truncate_to(0),
        }
    }

    /// Reads any file's header: the device it names, or `None` when the
    /// header is not complete yet (the file is still arriving).
    pub fn read_header_of_any(&mut self) -> Result<Option<Uuid>> {
        self.seek(0)?;
        if !self.raw_line()? {
            return Ok(None);
        }
        let header = line::parse_header(self.text()).map_err(|problem| self.bad_line(problem))?;
        if header.quiz_sync > FORMAT {
            return Err(self.bad_file(format!(
                "it was written by a newer quiz (sync format {}; this one reads up to {FORMAT}); update quiz on this \
                 device, then sync again",
                header.quiz_sync
            )));
        }
        self.advance();
        Ok(Some(header.device))
    }

    /// The next entry; `None` at the end of the file, or before a last line
    /// still without its `\n` (which is left unread).
    pub fn next_line(&mut self) -> Result<Option<LogEntry>> {
        if !self.raw_line()? {
            return Ok(None);
        }
        let entry = match line::parse(self.text()) {
            Ok(entry) => entry,
            Err(_) => {
                // Read it once more before calling it damage: its device may have
                // been cutting a torn line and appending while this line was read.
                self.seek(self.position)?;
                if !self.raw_line()? {
                    return Ok(None);
                }
                line::parse(self.text()).map_err(|problem| self.bad_line(problem))?
            }
        };
        self.advance();
        Ok(Some(entry))
    }

    /// Steps over the next line without reading it: `true` if a complete one was there.
    pub fn skip_line(&mut self) -> Result<bool> {
        let complete = self.raw_line()?;
        if complete {
            self.advance();
        }
        Ok(complete)
    }

    /// Cuts the file to `end` bytes if it is longer (a torn last line of this
    /// device's own file), and syncs that to disk.
    pub fn truncate_to(&mut self, end: u64) -> Result<()> {
        let length = self.file.get_ref().metadata().map_err(|error| Error::io("read", &self.path, error))?.len();
        if length > end {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.path)
                .map_err(|error| Error::io("write", &self.path, error))?;
            file.set_len(end).and_then(|()| file.sync_all()).map_err(|error| Error::io("write", &self.path, error))?;
        }
        Ok(())
    }

    /// Reads the next line into the buffer; `true` when it is complete.
    fn raw_line(&mut self) -> Result<bool> {
        self.buffer.clear();
        let limit = MAX_LINE as u64 + 1;
        let read = (&mut self.file).take(limit).read_until(b'\n', &mut self.buffer);
        let read = read.map_err(|error| Error::io("read", &self.path, error))?;
        if self.buffer.last() == Some(&b'\n') {
            return Ok(true);
        }
        if read as u64 >= limit {
            return Err(self.bad_line(format!("the line is longer than {MAX_LINE} bytes")));
        }
        Ok(false)
    }

    /// The complete line in the buffer, without its `\n`.
    fn text(&self) -> &[u8] {
        let text = &self.buffer[..self.buffer.len() - 1];
        text.strip_suffix(b"\r").unwrap_or(text)
    }

    /// Counts the line in the buffer as read.
    fn advance(&mut self) {
        self.position += self.buffer.len() as u64;
        self.line_number += 1;
    }

    fn seek(&mut self, to: u64) -> Result<()> {
        self.file.seek(SeekFrom::Start(to)).map_err(|error| Error::io("read", &self.path, error))?;
        self.position = to;
        if to == 0 {
            self.line_number = 1;
        }
        Ok(())
    }

    fn bad_line(&self, problem: String) -> Error {
        Error::BadInput {
            path: self.path.display().to_string(),
            line: usize::try_from(self.line_number).unwrap_or(usize::MAX),
            column: 1,
            message: format!(
                "{problem}; the sync file is damaged — move it out of the folder (its device writes it afresh when \
                 it next syncs), then sync again"
            ),
        }
    }

    fn bad_file(&self, message: String) -> Error {
        Error::BadFile { path: self.path.display().to_string(), message }
    }
}
