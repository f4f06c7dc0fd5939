//! A catalog entry on disk: a small SQLite database per deck file, written
//! once to a temporary file and renamed into place, trusted only while the
//! deck file is unchanged.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::super::source::Located;
use super::super::validate::{validate, validate_card};
use super::super::{Card, Deck, Origin};
use super::{MAX_BYTES, MAX_ENTRIES};

/// The format of an entry, with the build that wrote it: a new build parses again.
const FORMAT: &str = concat!("quiz-catalog-5 ", env!("CARGO_PKG_VERSION"));
/// Temporary files older than this are left over from a killed write.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);
/// A file modified less than this before it was read may have changed again
/// since without its size or time showing it: its text is hashed.
const RACY: Duration = Duration::from_secs(2);

/// What a deck file looked like on disk: enough to notice an edit without
/// reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    length: u64,
    pub modified_ns: i128,
    /// The inode (Unix) or 0.
    inode: u64,
    /// The inode's change time (Unix) or 0.
    changed_ns: i128,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = fs::metadata(path).ok()?;
        let modified_ns = nanos(metadata.modified().ok()?);
        #[cfg(unix)]
        let (inode, changed_ns) = {
            use std::os::unix::fs::MetadataExt;
            (metadata.ino(), i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed_ns) = (0, 0);
        Some(Stamp { length: metadata.len(), modified_ns, inode, changed_ns })
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// What an entry says about the file it was built from.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Built {
    /// The file's stamp when it was read (none for a bundled deck).
    pub stamp: Option<Stamp>,
    /// When the file was read, in nanoseconds since the epoch.
    pub read_ns: i128,
    /// BLAKE3 of the text.
    text_hash: [u8; 32],
}

impl Built {
    /// What an entry records of `text`, read just now from `origin`.
    pub(super) fn now(origin: &Origin, text: &str, read_ns: i128) -> Built {
        Built { stamp: origin.path().and_then(Stamp::of), read_ns, text_hash: text_hash(text) }
    }
}

/// What `path` looks like on disk now.
#[cfg(test)]
pub(super) fn stamp_of(path: &Path) -> Option<Stamp> {
    Stamp::of(path)
}

/// The clock now, in nanoseconds since the epoch.
pub(super) fn now_ns() -> i128 {
    nanos(SystemTime::now())
}

/// An entry opened for reading: its connection, the deck's header and its card count.
pub(super) struct Opened {
    pub connection: Connection,
    pub header: Deck,
    pub count: usize,
}

/// A card's body from an entry, if it decodes completely and keeps every
/// invariant for a deck in `languages`. Public for the fuzzer.
#[doc(hidden)]
pub fn decode_card(body: &[u8], languages: &[String]) -> Option<Card> {
    let (card, trailing): (Card, &[u8]) = postcard::take_from_bytes(body).ok()?;
    (trailing.is_empty() && validate_card(&card, languages).is_ok()).then_some(card)
}

/// The BLAKE3 hash of a deck file's text.
pub(super) fn text_hash(text: &str) -> [u8; 32] {
    *blake3::hash(text.as_bytes()).as_bytes()
}

/// The entry's path for the deck file at `origin`: one per file, replaced when it changes.
pub(super) fn entry_path(folder: &Path, display_name: &str, origin: &Origin) -> PathBuf {
    let place = match origin {
        Origin::Bundled => format!("bundled:{display_name}"),
        Origin::User(path) | Origin::File(path) => {
            path.canonicalize().unwrap_or_else(|_| path.clone()).display().to_string()
        }
    };
    folder.join(format!("catalog-{}.sqlite3", &blake3::hash(place.as_bytes()).to_hex()[..16]))
}

/// The entry at `path` for `located`, if it is sound and was built from the
/// file as it is now. An entry that is not is removed.
pub(super) fn read_entry(path: &Path, located: &Located) -> Option<Opened> {
    let metadata = fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let meta = |key: &str| -> Option<Vec<u8>> {
        connection.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0)).ok()
    };
    let sound = (|| {
        if meta("format")? != FORMAT.as_bytes() {
            return None;
        }
        let built: Built = postcard::from_bytes(&meta("built")?).ok()?;
        let mut refreshed = None;
        if !unchanged(&built, located, &mut refreshed) {
            return None;
        }
        if let Some(bytes) = refreshed.and_then(|built| postcard::to_stdvec(&built).ok()) {
            write_meta(path, "built", &bytes);
        }
        let header: Deck = postcard::from_bytes(&meta("header")?).ok()?;
        // Kept beside the header: counting the rows would read an index as large as the deck.
        let count: u64 = postcard::from_bytes(&meta("count")?).ok()?;
        (header.cards.is_empty() && validate(&header).is_ok()).then_some((header, usize::try_from(count).ok()?))
    })();
    match sound {
        Some((header, count)) => Some(Opened { connection, header, count }),
        None => {
            drop(connection);
            let _ = fs::remove_file(path);
            None
        }
    }
}

/// Whether the deck file is still the text the entry was built from: by its
/// stamp when that is trustworthy, else by hashing its text.
///
/// An entry built from a file written just before it was read must hash the
/// text every time; once the file has settled, the hash that proves it
/// unchanged also gives the entry a stamp to trust (`refreshed`), so the next
/// command reads nothing.
fn unchanged(built: &Built, located: &Located, refreshed: &mut Option<Built>) -> bool {
    let path = located.origin.path();
    if let (Some(then), Some(path)) = (built.stamp, path) {
        let settled = then.modified_ns + RACY.as_nanos() as i128 <= built.read_ns;
        if settled && Stamp::of(path) == Some(then) {
            return true;
        }
    }
    // The stamp is taken before the text is read: an edit after it changes the stamp.
    let stamp = path.and_then(Stamp::of);
    let read_ns = now_ns();
    let same = located.read().is_ok_and(|file| text_hash(&file.text) == built.text_hash);
    if same && stamp.is_some_and(|stamp| stamp.modified_ns + RACY.as_nanos() as i128 <= read_ns) {
        *refreshed = Some(Built { stamp, read_ns, text_hash: built.text_hash });
    }
    same
}

/// Sets `key` in the entry's meta table (a memo, see [`super::Catalog::memo`];
/// a refreshed stamp). Failures are ignored, as for the entry itself.
pub(super) fn write_meta(path: &Path, key: &str, value: &[u8]) {
    let Ok(connection) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE) else { return };
    let _ = connection.busy_timeout(Duration::from_millis(200));
    let _ = connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![key, value]);
}

/// Saves `deck` as the entry at `path`, then trims the folder. Failures are
/// ignored: the cache can make a command faster, never fail it.
/// Returns whether the entry was written.
pub(super) fn write_entry(folder: &Path, path: &Path, header: &Deck, cards: &[Card], built: &Built) -> bool {
    if fs::create_dir_all(folder).is_err() {
        return false;
    }
    let written = (|| -> Option<()> {
        // Removed when dropped, so a failed write leaves nothing behind.
        let temporary = tempfile::Builder::new().prefix(".quiz-").suffix(".tmp").tempfile_in(folder).ok()?;
        let mut connection = Connection::open(temporary.path()).ok()?;
        connection.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;").ok()?;
        let transaction = connection.transaction().ok()?;
        transaction
            .execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                 CREATE TABLE card (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, \
                                    tags BLOB NOT NULL, hash TEXT NOT NULL);
                 CREATE TABLE body (position INTEGER PRIMARY KEY, body BLOB NOT NULL);",
            )
            .ok()?;
        for (key, value) in [
            ("format", FORMAT.as_bytes().to_vec()),
            ("built", postcard::to_stdvec(built).ok()?),
            ("header", postcard::to_stdvec(header).ok()?),
            ("count", postcard::to_stdvec(&(cards.len() as u64)).ok()?),
        ] {
            transaction.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![key, value]).ok()?;
        }
        {
            let mut insert_entry =
                transaction.prepare("INSERT INTO card (position, id, tags, hash) VALUES (?1, ?2, ?3, ?4)").ok()?;
            let mut insert_body = transaction.prepare("INSERT INTO body (position, body) VALUES (?1, ?2)").ok()?;
            let (mut tags, mut body) = (Vec::new(), Vec::new());
            for (position, card) in cards.iter().enumerate() {
                tags.clear();
                tags = postcard::to_extend(&card.tags, tags).ok()?;
                body.clear();
                body = postcard::to_extend(card, body).ok()?;
                insert_entry.execute(params![position as i64, card.id.0, tags, card.content_hash]).ok()?;
                insert_body.execute(params![position as i64, body]).ok()?;
            }
        }
        transaction.commit().ok()?;
        connection.close().ok()?;
        temporary.persist(path).ok()?;
        Some(())
    })();
    if written.is_some() {
        evict(folder, path);
    }
    written.is_some()
}

/// Removes stale temporary files, entries of the old single-file format, and
/// the oldest entries beyond [`MAX_ENTRIES`] or [`MAX_BYTES`].
pub(super) fn evict(folder: &Path, keep: &Path) {
    let Ok(listing) = fs::read_dir(folder) else { return };
    let now = SystemTime::now();
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        let Ok(metadata) = item.metadata() else { continue };
        let modified = metadata.modified().unwrap_or(now);
        let old_format = name.starts_with("deck-") && name.ends_with(".bin");
        let stale = name.starts_with(".quiz-")
            && name.ends_with(".tmp")
            && now.duration_since(modified).unwrap_or_default() > STALE_TEMPORARY;
        if old_format || stale {
            let _ = fs::remove_file(&path);
            continue;
        }
        if name.starts_with("catalog-") && name.ends_with(".sqlite3") && path != keep {
            entries.push((modified, metadata.len(), path));
        }
    }
    // Newest first; the entry just written counts first of all.
    entries.sort_by_key(|(modified, _, _)| std::cmp::Reverse(*modified));
    let mut count = 1;
    let mut bytes = fs::metadata(keep).map(|metadata| metadata.len()).unwrap_or(0);
    for (_, size, path) in entries {
        count += 1;
        bytes = bytes.saturating_add(size);
        if count > MAX_ENTRIES || bytes > MAX_BYTES {
            let _ = fs::remove_file(&path);
        }
    }
}
