//! Decks opened through a catalog: the parsed deck kept as an indexed card
//! table, so a command that needs one card reads one card.
//!
//! Parsing a deck costs more than everything else a command does, and grows
//! with the deck: a 100,000-card file is 88 MB of TOML. A deck that loaded
//! without errors is saved under the cache folder as a small SQLite database,
//! one per deck file: the deck's header (everything but its cards), one row
//! per card (its position, id and postcard-encoded body) and what the file
//! looked like when it was read. The next command trusts the entry without
//! reading the deck file when the file's size, modification time and inode are
//! unchanged and the file was last modified well before it was read (a file
//! written again within the same clock tick could otherwise look unchanged,
//! the "racy" case git's index handles the same way); otherwise it reads the
//! text and compares its BLAKE3 hash. Anything else builds the entry again.
//!
//! The cache can make a command faster, never fail it or change its result:
//! every card decoded from an entry must decode completely and keep the
//! deck's invariants ([`validate_card`]); an entry that does not is removed
//! and the deck parsed from its file instead. Entries are written to a
//! temporary file and renamed into place. The folder keeps at most
//! [`MAX_ENTRIES`] entries and [`MAX_BYTES`] bytes, oldest dropped first.

use std::cell::OnceCell;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::validate::{validate, validate_card};
use super::{load, Card, Deck, Diagnostic, Origin};
use crate::error::{Error, Result};

/// The format of an entry, with the build that wrote it: a new build parses again.
const FORMAT: &str = concat!("quiz-catalog-1 ", env!("CARGO_PKG_VERSION"));
/// The most entries the folder keeps.
pub const MAX_ENTRIES: usize = 32;
/// The most bytes the folder's entries take together.
pub const MAX_BYTES: u64 = 1024 * 1024 * 1024;
/// Temporary files older than this are left over from a killed write.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);
/// A file modified less than this before it was read may have changed again
/// since without its size or time showing it: its text is hashed.
const RACY: Duration = Duration::from_secs(2);

/// What a deck file looked like on disk: enough to notice an edit without
/// reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    length: u64,
    modified_ns: i128,
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
struct Built {
    /// The file's stamp when it was read (none for a bundled deck).
    stamp: Option<Stamp>,
    /// When the file was read, in nanoseconds since the epoch.
    read_ns: i128,
    /// BLAKE3 of the text.
    text_hash: [u8; 32],
}

/// A deck opened for a command: its header at once, its cards on demand.
#[derive(Debug)]
pub struct Catalog {
    /// The deck without its cards.
    header: Deck,
    /// How messages name the file.
    pub name: String,
    /// Where the file came from.
    pub origin: Origin,
    cards: Cards,
    /// Warnings found when the deck was parsed now (none when it came from the cache).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
enum Cards {
    /// Parsed for this command.
    Parsed(Vec<Card>),
    /// In a cache entry; parsed from the file after all if the entry is damaged.
    Stored { connection: Connection, path: PathBuf, count: usize, parsed: OnceCell<Vec<Card>> },
}

impl Catalog {
    /// Opens the deck `name` (a path, or an id looked up in `user_decks`,
    /// then among the bundled decks) through the entries in `cache`, failing
    /// if the deck has errors.
    pub fn open(name: &str, user_decks: Option<&Path>, cache: Option<&Path>) -> Result<Catalog> {
        let located = super::source::locate(name, user_decks)?;
        if let Some(folder) = cache {
            let path = entry_path(folder, &located.display_name, &located.origin);
            if let Some(catalog) = read_entry(&path, &located) {
                return Ok(catalog);
            }
        }
        let file = located.read()?;
        let read_ns = nanos(SystemTime::now());
        let stamp = file.origin.path().and_then(Stamp::of);
        let loaded = load(&file);
        let errors = loaded.error_count();
        let deck = match loaded.deck {
            Some(deck) if errors == 0 => deck,
            _ => return Err(Error::InvalidDeck { path: file.display_name.clone(), count: errors }),
        };
        let mut header = deck;
        let cards = std::mem::take(&mut header.cards);
        if let Some(folder) = cache {
            let built = Built { stamp, read_ns, text_hash: text_hash(&file.text) };
            write_entry(folder, &entry_path(folder, &file.display_name, &file.origin), &header, &cards, &built);
        }
        Ok(Catalog {
            header,
            name: file.display_name,
            origin: file.origin,
            cards: Cards::Parsed(cards),
            warnings: loaded.diagnostics,
        })
    }

    /// The deck's id, title, languages, settings… without its cards.
    pub fn header(&self) -> &Deck {
        &self.header
    }

    /// How many cards the deck has.
    pub fn len(&self) -> usize {
        match &self.cards {
            Cards::Parsed(cards) => cards.len(),
            Cards::Stored { count, .. } => *count,
        }
    }

    /// Whether the deck has no cards.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The card `id`, if the deck has it.
    pub fn card(&self, id: &str) -> Option<Card> {
        match &self.cards {
            Cards::Parsed(cards) => cards.iter().find(|card| card.id.0 == id).cloned(),
            Cards::Stored { connection, parsed, .. } => {
                if let Some(cards) = parsed.get() {
                    return cards.iter().find(|card| card.id.0 == id).cloned();
                }
                let body: Option<Vec<u8>> = match connection
                    .query_row("SELECT body FROM card WHERE id = ?1", [id], |row| row.get(0))
                    .optional()
                {
                    Ok(body) => body,
                    Err(_) => return self.fallback().iter().find(|card| card.id.0 == id).cloned(),
                };
                let body = body?;
                match decode_card(&body, &self.header.languages).filter(|card| card.id.0 == id) {
                    Some(card) => Some(card),
                    None => self.fallback().iter().find(|card| card.id.0 == id).cloned(),
                }
            }
        }
    }

    /// Every card id, in deck order.
    pub fn ids(&self) -> Vec<String> {
        match &self.cards {
            Cards::Parsed(cards) => cards.iter().map(|card| card.id.0.clone()).collect(),
            Cards::Stored { connection, parsed, count, .. } => {
                if let Some(cards) = parsed.get() {
                    return cards.iter().map(|card| card.id.0.clone()).collect();
                }
                let ids =
                    connection.prepare_cached("SELECT id FROM card ORDER BY position").and_then(|mut statement| {
                        statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()
                    });
                match ids {
                    Ok(ids) if ids.len() == *count => ids,
                    Ok(_) | Err(_) => self.fallback().iter().map(|card| card.id.0.clone()).collect(),
                }
            }
        }
    }

    /// The whole deck, every card decoded.
    pub fn into_deck(self) -> Deck {
        let cards = match self.cards {
            Cards::Parsed(cards) => cards,
            Cards::Stored { ref connection, ref parsed, count, .. } => match parsed.get() {
                Some(cards) => cards.clone(),
                None => match all_cards(connection, count, &self.header) {
                    Some(cards) => cards,
                    None => self.fallback().to_vec(),
                },
            },
        };
        Deck { cards, ..self.header }
    }

    /// Whether the cards come from a cache entry (not parsed for this command).
    pub fn is_cached(&self) -> bool {
        matches!(&self.cards, Cards::Stored { parsed, .. } if parsed.get().is_none())
    }

    /// The cards parsed from the deck file, after a damaged entry was found
    /// (and removed). A file that no longer parses gives no cards: the
    /// command goes on with what it has, and the next one reports the file.
    fn fallback(&self) -> &[Card] {
        let Cards::Stored { path, parsed, .. } = &self.cards else { return &[] };
        parsed.get_or_init(|| {
            let _ = fs::remove_file(path);
            let file = super::source::Located { display_name: self.name.clone(), origin: self.origin.clone() };
            file.read().ok().and_then(|file| load(&file).deck).map(|deck| deck.cards).unwrap_or_default()
        })
    }
}

/// Every card of an entry, in order, if each decodes soundly and no id repeats.
fn all_cards(connection: &Connection, count: usize, header: &Deck) -> Option<Vec<Card>> {
    let mut statement = connection.prepare("SELECT body FROM card ORDER BY position").ok()?;
    let mut rows = statement.query([]).ok()?;
    let mut cards = Vec::with_capacity(count);
    let mut ids = std::collections::HashSet::with_capacity(count);
    while let Some(row) = rows.next().ok()? {
        let body: Vec<u8> = row.get(0).ok()?;
        let card = decode_card(&body, &header.languages)?;
        if !ids.insert(card.id.0.clone()) {
            return None;
        }
        cards.push(card);
    }
    (cards.len() == count).then_some(cards)
}

/// A card's body from an entry, if it decodes completely and keeps every
/// invariant for a deck in `languages`. Public for the fuzzer.
#[doc(hidden)]
pub fn decode_card(body: &[u8], languages: &[String]) -> Option<Card> {
    let (card, trailing): (Card, &[u8]) = postcard::take_from_bytes(body).ok()?;
    (trailing.is_empty() && validate_card(&card, languages).is_ok()).then_some(card)
}

/// The BLAKE3 hash of a deck file's text.
fn text_hash(text: &str) -> [u8; 32] {
    *blake3::hash(text.as_bytes()).as_bytes()
}

/// The entry's path for the deck file at `origin`: one per file, replaced when it changes.
fn entry_path(folder: &Path, display_name: &str, origin: &Origin) -> PathBuf {
    let place = match origin {
        Origin::Bundled => format!("bundled:{display_name}"),
        Origin::User(path) | Origin::File(path) => {
            path.canonicalize().unwrap_or_else(|_| path.clone()).display().to_string()
        }
    };
    folder.join(format!("catalog-{}.sqlite3", &blake3::hash(place.as_bytes()).to_hex()[..16]))
}

/// The catalog in the entry at `path` for `located`, if the entry is sound and
/// was built from the file as it is now.
fn read_entry(path: &Path, located: &super::source::Located) -> Option<Catalog> {
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
        if !unchanged(&built, located) {
            return None;
        }
        let header: Deck = postcard::from_bytes(&meta("header")?).ok()?;
        // Kept beside the header: counting the rows would read an index as large as the deck.
        let count: u64 = postcard::from_bytes(&meta("count")?).ok()?;
        (header.cards.is_empty() && validate(&header).is_ok()).then_some((header, usize::try_from(count).ok()?))
    })();
    let Some((header, count)) = sound else {
        drop(connection);
        let _ = fs::remove_file(path);
        return None;
    };
    Some(Catalog {
        header,
        name: located.display_name.clone(),
        origin: located.origin.clone(),
        cards: Cards::Stored { connection, path: path.to_path_buf(), count, parsed: OnceCell::new() },
        warnings: Vec::new(),
    })
}

/// Whether the deck file is still the text the entry was built from: by its
/// stamp when that is trustworthy, else by hashing its text.
fn unchanged(built: &Built, located: &super::source::Located) -> bool {
    if let (Some(then), Some(path)) = (built.stamp, located.origin.path()) {
        let settled = then.modified_ns + RACY.as_nanos() as i128 <= built.read_ns;
        if settled && Stamp::of(path) == Some(then) {
            return true;
        }
    }
    located.read().is_ok_and(|file| text_hash(&file.text) == built.text_hash)
}

/// Saves `deck` as the entry at `path`, then trims the folder. Failures are
/// ignored: the cache can make a command faster, never fail it.
fn write_entry(folder: &Path, path: &Path, header: &Deck, cards: &[Card], built: &Built) {
    if fs::create_dir_all(folder).is_err() {
        return;
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
                 CREATE TABLE card (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body BLOB NOT NULL);",
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
            let mut insert = transaction.prepare("INSERT INTO card (position, id, body) VALUES (?1, ?2, ?3)").ok()?;
            let mut body = Vec::new();
            for (position, card) in cards.iter().enumerate() {
                body.clear();
                body = postcard::to_extend(card, body).ok()?;
                insert.execute(params![position as i64, card.id.0, body]).ok()?;
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
}

/// Removes stale temporary files, entries of the old single-file format, and
/// the oldest entries beyond [`MAX_ENTRIES`] or [`MAX_BYTES`].
fn evict(folder: &Path, keep: &Path) {
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

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
