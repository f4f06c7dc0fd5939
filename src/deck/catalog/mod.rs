//! Decks opened through a catalog: the parsed deck kept as an indexed card
//! table, so a command that needs one card reads one card.
//!
//! Parsing a deck costs more than everything else a command does, and grows
//! with the deck: a 100,000-card file is 88 MB of TOML. A deck that loaded
//! without errors is saved under the cache folder as a small SQLite database,
//! one per deck file: the deck's header (everything but its cards), one row
//! per card in two tables (its position, id, tags and hash; apart from them,
//! its postcard-encoded body, so a walk of the entries reads a few MB, not
//! every card's text) and what the file
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

mod entry;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use entry::decode_card;
use entry::{entry_path, read_entry, write_entry, Built, Opened};

use super::{load, Card, CardId, Deck, Diagnostic, Origin};
use crate::error::{Error, Result};

/// The most entries the folder keeps.
pub const MAX_ENTRIES: usize = 32;
/// The most bytes the folder's entries take together.
pub const MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// What a command knows of a card without decoding it: enough to pick,
/// filter and count cards, and to notice an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardEntry {
    /// The card's id.
    pub id: CardId,
    /// Its tags, the first being its section.
    pub tags: Vec<String>,
    /// Its content hash.
    pub content_hash: String,
}

impl CardEntry {
    /// The entry of a decoded card.
    pub fn of(card: &Card) -> CardEntry {
        CardEntry { id: card.id.clone(), tags: card.tags.clone(), content_hash: card.content_hash.clone() }
    }
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
    /// Parsed for this command, and saved in the entry at `entry` if that worked.
    Parsed { cards: Vec<Card>, entry: Option<PathBuf> },
    /// In a cache entry; parsed from the file after all if the entry is damaged.
    /// (Behind a lock so a session can work out its lexicon on another thread.)
    Stored { connection: Mutex<Connection>, path: PathBuf, count: usize, parsed: OnceLock<Vec<Card>> },
}

impl Catalog {
    /// Opens the deck `name` (a path, or an id looked up in `user_decks`,
    /// then among the bundled decks) through the entries in `cache`, failing
    /// if the deck has errors.
    pub fn open(name: &str, user_decks: Option<&Path>, cache: Option<&Path>) -> Result<Catalog> {
        let located = super::source::locate(name, user_decks)?;
        if let Some(folder) = cache {
            let path = entry_path(folder, &located.display_name, &located.origin);
            if let Some(Opened { connection, header, count }) = read_entry(&path, &located) {
                return Ok(Catalog {
                    header,
                    name: located.display_name,
                    origin: located.origin,
                    cards: Cards::Stored { connection: Mutex::new(connection), path, count, parsed: OnceLock::new() },
                    warnings: Vec::new(),
                });
            }
        }
        let file = located.read()?;
        let read_ns = entry::now_ns();
        let loaded = load(&file);
        let errors = loaded.error_count();
        let deck = match loaded.deck {
            Some(deck) if errors == 0 => deck,
            _ => return Err(Error::InvalidDeck { path: file.display_name.clone(), count: errors }),
        };
        let mut header = deck;
        let cards = std::mem::take(&mut header.cards);
        let entry = cache.and_then(|folder| {
            let built = Built::now(&file.origin, &file.text, read_ns);
            let path = entry_path(folder, &file.display_name, &file.origin);
            write_entry(folder, &path, &header, &cards, &built).then_some(path)
        });
        Ok(Catalog {
            header,
            name: file.display_name,
            origin: file.origin,
            cards: Cards::Parsed { cards, entry },
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
            Cards::Parsed { cards, .. } => cards.len(),
            Cards::Stored { count, .. } => *count,
        }
    }

    /// Whether the deck has no cards.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The card `id`, if the deck has it.
    pub fn card(&self, id: &str) -> Option<Card> {
        self.decoded("SELECT body FROM body WHERE position = (SELECT position FROM card WHERE id = ?1)", id, |card| {
            card.id.0 == id
        })
        .unwrap_or_else(|cards| cards.iter().find(|card| card.id.0 == id).cloned())
    }

    /// The card at `position` in deck order (0 first), if there is one.
    pub fn card_at(&self, position: usize) -> Option<Card> {
        let Ok(at) = i64::try_from(position) else { return None };
        self.decoded("SELECT body FROM body WHERE position = ?1", at, |_| true)
            .unwrap_or_else(|cards| cards.get(position).cloned())
    }

    /// The position of card `id` in deck order, if the deck has it.
    pub fn position(&self, id: &str) -> Option<usize> {
        if let Some(connection) = self.connection() {
            let found: rusqlite::Result<Option<i64>> = connection
                .prepare_cached("SELECT position FROM card WHERE id = ?1")
                .and_then(|mut statement| statement.query_row([id], |row| row.get(0)).optional());
            match found {
                Ok(position) => return position.and_then(|position| usize::try_from(position).ok()),
                Err(_) => {
                    drop(connection);
                    self.fallback();
                }
            }
        }
        self.parsed().iter().position(|card| card.id.0 == id)
    }

    /// The deck with only the cards at `positions`, in that order: what a
    /// command that needs a few cards (an exam's) decodes instead of all.
    pub fn part(&self, positions: &[usize]) -> Deck {
        Deck { cards: positions.iter().filter_map(|position| self.card_at(*position)).collect(), ..self.header.clone() }
    }

    /// One card decoded from the entry (`Ok`), or the parsed cards to look in
    /// (`Err`) when they are at hand or the entry turned out damaged.
    fn decoded(
        &self,
        sql: &str,
        key: impl rusqlite::ToSql,
        expected: impl Fn(&Card) -> bool,
    ) -> std::result::Result<Option<Card>, &[Card]> {
        let Some(connection) = self.connection() else { return Err(self.parsed()) };
        let body: Option<Vec<u8>> = connection
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row([key], |row| row.get(0)).optional())
            .map_err(|_| self.fallback())?;
        let Some(body) = body else { return Ok(None) };
        match decode_card(&body, &self.header.languages).filter(|card| expected(card)) {
            Some(card) => Ok(Some(card)),
            None => Err(self.fallback()),
        }
    }

    /// Every card's entry, in deck order, without decoding a card.
    pub fn entries(&self) -> Vec<CardEntry> {
        let mut entries = Vec::with_capacity(self.len());
        self.for_each_entry(|entry| entries.push(entry));
        entries
    }

    /// Calls `visit` with each card's entry in deck order, one at a time,
    /// without decoding a card.
    pub fn for_each_entry(&self, mut visit: impl FnMut(CardEntry)) {
        if let Some(connection) = self.connection() {
            {
                let (count, mut visited) = (self.len(), 0);
                if stored_entries(&connection, count, &mut visited, &mut visit).is_some() && visited == count {
                    return;
                }
                drop(connection);
                // A damaged entry: go on from the parsed file where the entry failed.
                self.fallback();
                self.parsed().iter().skip(visited).map(CardEntry::of).for_each(visit);
                return;
            }
        }
        self.parsed().iter().map(CardEntry::of).for_each(visit);
    }

    /// Which of `ids` (sorted, no repeats) the deck does not have, in their order.
    pub fn lacking(&self, ids: &[CardId]) -> Vec<CardId> {
        if let Some(connection) = self.connection() {
            {
                if let Some(lacking) = lacking_sorted(&connection, ids) {
                    return lacking;
                }
                drop(connection);
                self.fallback();
            }
        }
        let present: std::collections::HashSet<&str> = self.parsed().iter().map(|card| card.id.0.as_str()).collect();
        ids.iter().filter(|id| !present.contains(id.0.as_str())).cloned().collect()
    }

    /// Every card id, in deck order.
    pub fn ids(&self) -> Vec<String> {
        self.entries().into_iter().map(|entry| entry.id.0).collect()
    }

    /// Calls `visit` with each card in deck order, decoding one at a time, and
    /// stops at its first error. The entry stays locked meanwhile: `visit`
    /// must not ask this catalog for anything.
    pub fn for_each_card(&self, mut visit: impl FnMut(&Card) -> Result<()>) -> Result<()> {
        let mut visited = 0;
        if let Some(connection) = self.connection() {
            {
                let streamed = (|| -> rusqlite::Result<Option<Result<()>>> {
                    let mut statement = connection.prepare("SELECT body FROM body ORDER BY position")?;
                    let mut rows = statement.query([])?;
                    while let Some(row) = rows.next()? {
                        if visited == self.len() {
                            return Ok(None); // more rows than the header counts
                        }
                        let Some(card) = decode_card(row.get_ref(0)?.as_blob()?, &self.header.languages) else {
                            return Ok(None);
                        };
                        if let Err(error) = visit(&card) {
                            return Ok(Some(Err(error)));
                        }
                        visited += 1;
                    }
                    Ok(Some(Ok(())))
                })();
                drop(connection);
                match streamed {
                    Ok(Some(result)) if visited == self.len() || result.is_err() => return result,
                    // A damaged entry: go on from the parsed file where the entry failed.
                    _ => {}
                }
                self.fallback();
            }
        }
        self.parsed().iter().skip(visited).try_for_each(visit)
    }

    /// The whole deck, every card decoded, the catalog kept.
    pub fn deck(&self) -> Deck {
        Deck { cards: self.all_cards(), ..self.header.clone() }
    }

    /// The whole deck, every card decoded.
    pub fn into_deck(self) -> Deck {
        Deck { cards: self.all_cards(), ..self.header }
    }

    fn all_cards(&self) -> Vec<Card> {
        let mut cards = Vec::with_capacity(self.len());
        // Collecting cannot fail.
        let _ = self.for_each_card(|card| {
            cards.push(card.clone());
            Ok(())
        });
        cards
    }

    /// Whether the cards come from a cache entry (not parsed for this command).
    pub fn is_cached(&self) -> bool {
        matches!(&self.cards, Cards::Stored { parsed, .. } if parsed.get().is_none())
    }

    /// A value worked out from every card (a lexicon, say), kept in the entry
    /// beside them so the next command reads it instead of working it out.
    /// `key` names it, with its format's version; a value that no longer
    /// decodes is worked out again.
    pub fn memo<T: Serialize + DeserializeOwned>(&self, key: &str, work_out: impl FnOnce() -> T) -> T {
        let key = format!("memo:{key}");
        let path = match &self.cards {
            Cards::Parsed { entry: Some(path), .. } => path,
            Cards::Parsed { entry: None, .. } => return work_out(),
            Cards::Stored { connection, path, .. } => {
                let kept: Option<Vec<u8>> =
                    lock(connection).query_row("SELECT value FROM meta WHERE key = ?1", [&key], |row| row.get(0)).ok();
                if let Some(value) = kept.and_then(|bytes| postcard::from_bytes(&bytes).ok()) {
                    return value;
                }
                path
            }
        };
        let value = work_out();
        if let Ok(bytes) = postcard::to_stdvec(&value) {
            entry::write_meta(path, &key, &bytes);
        }
        value
    }

    /// The entry's connection, while its cards are read from it (not parsed
    /// after a damaged entry was found). The lock is held until the guard drops.
    fn connection(&self) -> Option<MutexGuard<'_, Connection>> {
        match &self.cards {
            Cards::Stored { connection, parsed, .. } if parsed.get().is_none() => Some(lock(connection)),
            Cards::Stored { .. } | Cards::Parsed { .. } => None,
        }
    }

    /// The cards parsed for this command, or after a damaged entry was found.
    fn parsed(&self) -> &[Card] {
        match &self.cards {
            Cards::Parsed { cards, .. } => cards,
            Cards::Stored { parsed, .. } => parsed.get().map_or(&[], Vec::as_slice),
        }
    }

    /// The cards parsed from the deck file, after a damaged entry was found
    /// (and removed). A file that no longer parses gives no cards: the
    /// command goes on with what it has, and the next one reports the file.
    fn fallback(&self) -> &[Card] {
        let Cards::Stored { path, parsed, .. } = &self.cards else { return self.parsed() };
        parsed.get_or_init(|| {
            let _ = fs::remove_file(path);
            let file = super::source::Located { display_name: self.name.clone(), origin: self.origin.clone() };
            file.read().ok().and_then(|file| load(&file).deck).map(|deck| deck.cards).unwrap_or_default()
        })
    }
}

/// The lock on an entry's connection, even after a thread panicked holding it
/// (a read-only connection has nothing half-done to protect).
fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Visits every card's entry from the card table, in deck order.
/// At most `count`, counted in `visited`.
fn stored_entries(
    connection: &Connection,
    count: usize,
    visited: &mut usize,
    visit: &mut impl FnMut(CardEntry),
) -> Option<()> {
    let mut statement = connection.prepare_cached("SELECT id, tags, hash FROM card ORDER BY position").ok()?;
    let mut rows = statement.query([]).ok()?;
    while let Some(row) = rows.next().ok()? {
        if *visited == count {
            return None;
        }
        let id: String = row.get(0).ok()?;
        let tags: Vec<String> = postcard::from_bytes(row.get_ref(1).ok()?.as_blob().ok()?).ok()?;
        let content_hash: String = row.get(2).ok()?;
        visit(CardEntry { id: CardId(id), tags, content_hash });
        *visited += 1;
    }
    Some(())
}

/// The `ids` (sorted) missing from the card table: one walk of its id index
/// beside the list, no lookup per id.
fn lacking_sorted(connection: &Connection, ids: &[CardId]) -> Option<Vec<CardId>> {
    let mut statement = connection.prepare_cached("SELECT id FROM card ORDER BY id").ok()?;
    let mut rows = statement.query([]).ok()?;
    let mut lacking = Vec::new();
    let mut wanted = ids.iter().peekable();
    while let Some(row) = rows.next().ok()? {
        let present = row.get_ref(0).ok()?.as_str().ok()?;
        while let Some(id) = wanted.next_if(|id| id.0.as_str() < present) {
            lacking.push(id.clone());
        }
        wanted.next_if(|id| id.0 == present);
    }
    lacking.extend(wanted.cloned());
    Some(lacking)
}

#[cfg(test)]
mod tests;
