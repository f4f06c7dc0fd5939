//! The zip around an Anki collection: which collection file it holds, and
//! that file unpacked (bounded) into a temporary SQLite database.
//!
//! Anki writes three layouts. The current one (`collection.anki21b`) is a
//! zstd-compressed SQLite file next to a protobuf `meta` entry; for older
//! Anki it adds a `collection.anki2` placeholder whose one note asks the user
//! to update. Legacy packages hold `collection.anki21` (Anki 2.1.28 and
//! later, with `legacy support`) or `collection.anki2` (older), uncompressed.

use std::io::{Cursor, Read, Write};

use zip::result::ZipError;
use zip::ZipArchive;

use super::protobuf;
use crate::error::{Error, Result};

/// The most a collection may unpack to: far beyond any real collection, and
/// a bound on the disk a zip bomb can fill.
pub const COLLECTION_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// Which collection file a package holds, newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `collection.anki21b`: zstd-compressed, schema 18.
    Current,
    /// `collection.anki21`: schema 11, Anki 2.1.
    Legacy21,
    /// `collection.anki2`: schema 11, Anki 2.0 (or the placeholder of a current package).
    Legacy2,
}

impl Layout {
    const ALL: [Layout; 3] = [Layout::Current, Layout::Legacy21, Layout::Legacy2];

    /// The zip entry holding the collection.
    pub fn entry(self) -> &'static str {
        match self {
            Layout::Current => "collection.anki21b",
            Layout::Legacy21 => "collection.anki21",
            Layout::Legacy2 => "collection.anki2",
        }
    }
}

/// A package's collection, unpacked into a temporary file.
#[derive(Debug)]
pub struct Unpacked {
    /// The layout it came in.
    pub layout: Layout,
    /// The SQLite file (removed when dropped).
    pub file: tempfile::NamedTempFile,
    /// How many media files the package carries (none are imported).
    pub media: usize,
}

/// Finds the newest collection in the package `bytes` and unpacks it.
pub fn unpack(name: &str, bytes: &[u8]) -> Result<Unpacked> {
    unpack_within(name, bytes, COLLECTION_LIMIT)
}

/// [`unpack`], stopping past `limit` bytes of collection.
fn unpack_within(name: &str, bytes: &[u8], limit: u64) -> Result<Unpacked> {
    let bad = |message: String| Error::BadFile { path: name.to_string(), message };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| match error {
        ZipError::InvalidArchive(_) | ZipError::UnsupportedArchive(_) if !bytes.starts_with(b"PK") => {
            bad("not an Anki package (not a zip file); export it from Anki with File > Export > Anki Deck Package"
                .into())
        }
        other => bad(format!("the package is damaged or cut short ({other}); export it from Anki again")),
    })?;
    let names: Vec<String> = archive.file_names().filter_map(|name| name.ok().map(|name| name.into_owned())).collect();
    let Some(layout) = Layout::ALL.into_iter().find(|layout| names.iter().any(|entry| entry == layout.entry())) else {
        return Err(bad(format!(
            "a zip file, but not an Anki package: it holds no collection.anki21b, collection.anki21 or collection.anki2 (it holds {})",
            preview(&names)
        )));
    };
    if layout != Layout::Current {
        if let Some(version) = meta_version(&mut archive) {
            if version >= 3 {
                return Err(bad(
                    "the package says it holds a current collection (collection.anki21b), but that entry is missing; export it from Anki again".into(),
                ));
            }
        }
    }
    let media =
        names.iter().filter(|entry| !entry.is_empty() && entry.bytes().all(|byte| byte.is_ascii_digit())).count();
    let entry = archive.by_name(layout.entry()).map_err(|error| {
        bad(format!("cannot read {} from the package ({error}); export it from Anki again", layout.entry()))
    })?;
    let file = tempfile::Builder::new()
        .prefix("quiz-import-")
        .suffix(".sqlite3")
        .tempfile()
        .map_err(|error| Error::io("create a temporary file for", std::env::temp_dir(), error))?;
    let written = match layout {
        Layout::Current => {
            let decoder = zstd::stream::read::Decoder::new(entry)
                .map_err(|error| bad(format!("cannot unpack {}: {error}", layout.entry())))?;
            copy_bounded(decoder, file.as_file(), limit)
        }
        Layout::Legacy21 | Layout::Legacy2 => copy_bounded(entry, file.as_file(), limit),
    };
    match written {
        Ok(_) => Ok(Unpacked { layout, file, media }),
        Err(Copy::TooLarge) => Err(bad(format!(
            "{} unpacks to more than {} MiB; quiz stops there (a damaged or hostile package?)",
            layout.entry(),
            limit >> 20
        ))),
        Err(Copy::Read(error)) => {
            Err(bad(format!("{} is damaged or cut short ({error}); export it from Anki again", layout.entry())))
        }
        Err(Copy::Write(error)) => Err(Error::io("write", file.path(), error)),
    }
}

/// The `version` field of the package's `meta` entry (1: anki2, 2: anki21, 3: anki21b).
fn meta_version(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Option<u64> {
    let mut entry = archive.by_name("meta").ok()?;
    let mut bytes = Vec::new();
    entry.by_ref().take(4096).read_to_end(&mut bytes).ok()?;
    protobuf::Message::new(&bytes).varint(1)
}

/// Why copying a collection out of the zip stopped.
enum Copy {
    TooLarge,
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Copies at most `limit` bytes from `from` into `to`.
fn copy_bounded(mut from: impl Read, mut to: &std::fs::File, limit: u64) -> std::result::Result<u64, Copy> {
    let mut buffer = vec![0; 64 * 1024];
    let mut total = 0u64;
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(Copy::Read(error)),
        };
        total += read as u64;
        if total > limit {
            return Err(Copy::TooLarge);
        }
        to.write_all(&buffer[..read]).map_err(Copy::Write)?;
    }
    to.flush().map_err(Copy::Write)?;
    Ok(total)
}

/// The first few entry names, for a message.
fn preview(names: &[String]) -> String {
    let shown: Vec<String> =
        names.iter().take(5).map(|name| format!("`{}`", crate::text::sanitize::terminal_line(name))).collect();
    match names.len() {
        0 => "nothing".to_string(),
        count if count > shown.len() => format!("{} and {} more", shown.join(", "), count - shown.len()),
        _ => shown.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            writer.start_file(*name, SimpleFileOptions::default()).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn message(result: Result<Unpacked>) -> String {
        result.map(|unpacked| format!("{:?}", unpacked.layout)).unwrap_or_else(|error| error.to_string())
    }

    #[test]
    fn a_collection_that_unpacks_past_the_limit_stops_there() {
        // 8 MiB of zeros compress to a few hundred bytes: a small zip bomb.
        let bomb = zstd::encode_all(std::io::repeat(0).take(8 << 20), 19).unwrap();
        assert!(bomb.len() < 4096);
        let package = zip(&[("collection.anki21b", &bomb), ("meta", &[0x08, 0x03])]);
        let error = message(unpack_within("bomb.apkg", &package, 1 << 20));
        assert!(error.contains("unpacks to more than 1 MiB"), "{error}");
        assert_eq!(message(unpack_within("bomb.apkg", &package, 16 << 20)), "Current");
    }

    #[test]
    fn damaged_and_foreign_packages_say_what_they_are() {
        let cut = zstd::encode_all(&b"SQLite format 3\0 and more"[..], 3).unwrap();
        let package = zip(&[("collection.anki21b", &cut[..cut.len() / 2])]);
        assert!(message(unpack("cut.apkg", &package)).contains("damaged or cut short"));
        let foreign = zip(&[("readme.txt", b"hello")]);
        assert!(message(unpack("other.apkg", &foreign)).contains("not an Anki package: it holds no collection"));
        assert!(message(unpack("text.apkg", b"front,back\n")).contains("not a zip file"));
        let missing = zip(&[("collection.anki2", b"x"), ("meta", &[0x08, 0x03])]);
        assert!(message(unpack("old.apkg", &missing)).contains("collection.anki21b), but that entry is missing"));
        let legacy = zip(&[("collection.anki21", b"x"), ("collection.anki2", b"y")]);
        assert_eq!(message(unpack("legacy.apkg", &legacy)), "Legacy21");
    }
}
