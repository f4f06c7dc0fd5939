//! Every file `quiz` reads or writes goes through here: reads are bounded by
//! what the file is for and refuse anything but a regular file (a FIFO would
//! hang, `/dev/zero` would never end); writes go to a temporary file in the
//! same folder that is renamed over the target, so no reader ever sees half a
//! file and a failure leaves nothing behind.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// What a file is read as; each kind has its own size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A deck (TOML). Large decks are allowed: 1,000,000 cards fit.
    Deck,
    /// A deck's notes document (Markdown).
    Notes,
    /// An answer sheet (TOML).
    Sheet,
    /// The user's `config.toml`.
    Config,
    /// A file to import (CSV, GIFT, an Anki package…).
    Import,
}

impl FileKind {
    /// The largest file of this kind, in bytes.
    pub fn limit(self) -> u64 {
        const MIB: u64 = 1024 * 1024;
        match self {
            FileKind::Deck => 256 * MIB,
            FileKind::Notes => 64 * MIB,
            FileKind::Sheet => 4 * MIB,
            FileKind::Config => MIB,
            FileKind::Import => 256 * MIB,
        }
    }

    /// What the file is, in messages.
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Deck => "a deck",
            FileKind::Notes => "a notes file",
            FileKind::Sheet => "an answer sheet",
            FileKind::Config => "a config file",
            FileKind::Import => "a file to import",
        }
    }
}

/// What a path that is not a regular file is, for messages.
fn describe(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Opens without blocking on a FIFO that appeared after the type check.
fn open_for_reading(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a UTF-8 text file of `kind`: a regular file no larger than
/// [`FileKind::limit`], checked before and while reading (a file that grows
/// past the limit is refused too).
pub fn read_text(path: &Path, kind: FileKind) -> Result<String> {
    String::from_utf8(read_bytes(path, kind)?).map_err(|error| Error::NotText {
        path: path.to_path_buf(),
        offset: error.utf8_error().valid_up_to(),
        noun: kind.noun(),
    })
}

/// Reads a file of `kind` as bytes, with [`read_text`]'s checks.
pub fn read_bytes(path: &Path, kind: FileKind) -> Result<Vec<u8>> {
    let metadata = fs::metadata(path).map_err(|error| Error::io("read", path, error))?;
    let not_regular = |file_type: fs::FileType| Error::NotAFile {
        path: path.to_path_buf(),
        what: describe(file_type),
        wanted: kind.noun(),
    };
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    let too_large =
        |found| Error::FileTooLarge { path: path.to_path_buf(), noun: kind.noun(), limit: kind.limit(), found };
    if metadata.len() > kind.limit() {
        return Err(too_large(metadata.len()));
    }
    let file = open_for_reading(path).map_err(|error| Error::io("read", path, error))?;
    let opened = file.metadata().map_err(|error| Error::io("read", path, error))?;
    if !opened.is_file() {
        return Err(not_regular(opened.file_type()));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(kind.limit()) as usize);
    file.take(kind.limit() + 1).read_to_end(&mut bytes).map_err(|error| Error::io("read", path, error))?;
    if bytes.len() as u64 > kind.limit() {
        // Grown while being read: at least this much.
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A temporary file in `path`'s folder, to be renamed over it: with the
/// permissions `path` has, or for a new file those any program's new file
/// gets (0666 less the umask), not the temporary file's private 0600.
fn temporary_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".quiz-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map(|metadata| metadata.permissions().mode() & 0o7777).unwrap_or(0o666);
        // The mode is given at creation, so the umask still applies to a new file.
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    builder.tempfile_in(folder).map_err(|error| Error::io("write", path, error))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. On any failure the temporary file
/// is removed and `path` is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = temporary_beside(path)?;
    temporary.write_all(bytes).map_err(|error| Error::io("write", path, error))?;
    temporary.as_file().sync_all().map_err(|error| Error::io("write", path, error))?;
    temporary.persist(path).map_err(|error| Error::io("write", path, error.error))?;
    Ok(())
}

/// Writes a file as [`write_atomic`] does, its bytes produced by `fill`
/// through a buffer as they come (for output too large to hold in memory).
/// `fill` reports its own write errors, naming `path`.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let temporary = temporary_beside(path)?;
    let mut buffered = std::io::BufWriter::new(temporary);
    fill(&mut buffered)?;
    let temporary = buffered.into_inner().map_err(|error| Error::io("write", path, error.into_error()))?;
    temporary.as_file().sync_all().map_err(|error| Error::io("write", path, error))?;
    temporary.persist(path).map_err(|error| Error::io("write", path, error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, "new_per_day = 5\n").unwrap();
        assert_eq!(read_text(&path, FileKind::Config).unwrap(), "new_per_day = 5\n");
        fs::write(&path, vec![b'#'; FileKind::Config.limit() as usize + 1]).unwrap();
        let error = read_text(&path, FileKind::Config).unwrap_err().to_string();
        assert!(error.contains("larger than"), "{error}");
        fs::write(&path, b"ok \xff\xfe").unwrap();
        let error = read_text(&path, FileKind::Config).unwrap_err().to_string();
        assert!(error.contains("not UTF-8") && error.contains("byte 3"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_ordinary_permissions_or_keep_their_own() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.csv");
        write_atomic(&path, b"a").unwrap();
        let plain = dir.path().join("plain");
        fs::write(&plain, b"a").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain), "as any program's new file, under this umask");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic_with(&path, |out| out.write_all(b"b").map_err(|error| Error::io("write", &path, error))).unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn folders_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_text(dir.path(), FileKind::Deck).unwrap_err().to_string();
        assert!(error.contains("is a folder, not a regular file"), "{error}");
        #[cfg(unix)]
        {
            let error = read_text(Path::new("/dev/zero"), FileKind::Deck).unwrap_err().to_string();
            assert!(error.contains("is a device"), "{error}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("deck.toml");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let error = read_text(&fifo, FileKind::Deck).unwrap_err().to_string();
        assert!(error.contains("named pipe (FIFO)"), "{error}");
    }

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let missing = dir.path().join("no-such-folder/report.csv");
        assert!(write_atomic(&missing, b"x").is_err());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(names, ["report.csv"], "no temporary file is left behind");
    }
}
