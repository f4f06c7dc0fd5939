//! The log as devices exchange it: every review (taken back or not) and every
//! event, each named by its UUID and the device that made it. A sync or a
//! merge reads another log's entries, adds the ones this store lacks, and
//! refolds the cards they touch, all in one write transaction.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use uuid::Uuid;

use super::parameters::read_fitted;
use super::replay::refold_card;
use super::write::insert_review_as;
use super::{open, DeckPlace, FittedParameters, Located, NewReview, SessionKind, Store};
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::{Result, StoreProblem};
use crate::schedule::{Rating, Scheduler};

/// One entry of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Its globally unique id.
    pub uid: Uuid,
    /// The device that made it.
    pub device: Uuid,
    /// When.
    pub time: Timestamp,
    /// The deck of the card it is about.
    pub deck: DeckId,
    /// The card.
    pub card: CardId,
    /// What happened.
    pub change: Change,
}

/// What a log entry records.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The card was answered.
    Review(ReviewRecord),
    /// The review `target` was taken back.
    Undo {
        /// The review's uid.
        target: Uuid,
    },
    /// The review `target` was given `rating` instead of `previous`.
    Rerate {
        /// The review's uid.
        target: Uuid,
        /// The new rating.
        rating: Rating,
        /// The one it replaced.
        previous: Rating,
    },
    /// The card was suspended.
    Suspend,
    /// The card was unsuspended.
    Unsuspend,
    /// The card was hidden until then.
    Bury {
        /// When it shows again.
        until: Timestamp,
    },
    /// The card was marked a leech.
    Leech,
}

/// What a review records besides its id, time and card.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRecord {
    /// The card's content hash when it was answered.
    pub content_hash: String,
    /// The rating it was given (a later `Rerate` overrides it).
    pub rating: Rating,
    /// What the learner answered.
    pub response: String,
    /// Whether it was graded correct.
    pub correct: bool,
    /// Time spent answering.
    pub duration_ms: u64,
    /// Which session produced it (drills leave the schedule alone).
    pub kind: SessionKind,
}

/// How far a store's log has gone out to a sync folder: every review (kept
/// or taken back) and every event with an id up to these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogMark {
    /// The highest review id sent.
    pub review: i64,
    /// The highest event id sent.
    pub event: i64,
}

/// What this store knows about one sync folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FolderRecord {
    /// How far this store's log has been written to the folder.
    pub sent: LogMark,
    /// When this store last synced with it.
    pub synced: Option<Timestamp>,
    /// How far each of the folder's files has been read.
    pub files: Vec<FileRecord>,
}

/// How far one file of a sync folder has been read.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRecord {
    /// The file's name in the folder.
    pub name: String,
    /// The device its header names.
    pub device: Uuid,
    /// Bytes of complete lines read (or, for this device's own file, written).
    pub read_bytes: u64,
    /// Where the last of those lines starts.
    pub last_line: u64,
    /// Entries read from it.
    pub lines: u64,
    /// The newest entry read from it.
    pub newest: Option<Timestamp>,
}

/// What a store knows about a deck besides its log: what a scheduler for it
/// is made from when its file is not at hand.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeckFacts {
    /// The FSRS parameters `quiz optimize` fitted to it here.
    pub fitted: Option<FittedParameters>,
    /// Where its file was last used from here.
    pub place: Option<DeckPlace>,
}

/// What an exchange added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Entries this store did not have.
    pub added: usize,
    /// Cards whose state and flags were refolded.
    pub cards: usize,
}

/// A write transaction for exchanging log entries: read what to send, add what
/// arrived, then [`Exchange::finish`] refolds the touched cards and commits.
/// Dropped unfinished, it rolls back whole.
pub struct Exchange<'s> {
    transaction: Transaction<'s>,
    path: &'s Path,
    devices: HashMap<Uuid, i64>,
    touched: BTreeSet<(DeckId, CardId)>,
    added: usize,
}

impl Store {
    /// Starts an exchange: takes the write lock until it finishes.
    pub fn exchange(&mut self) -> Result<Exchange<'_>> {
        let Store { connection, path } = self;
        // A sync may touch most of a million-entry log: with 64 MiB of page
        // cache instead of 2, SQLite rewrites far fewer pages (import 20 → 15 s).
        connection.execute_batch("PRAGMA cache_size = -65536").at(path)?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        Ok(Exchange { transaction, path, devices: HashMap::new(), touched: BTreeSet::new(), added: 0 })
    }

    /// Calls `visit` with every entry of the log, oldest id first: what a
    /// merge of this store into another reads.
    pub fn for_each_entry(&self, visit: impl FnMut(LogEntry) -> Result<()>) -> Result<()> {
        entries_since(&self.connection, &self.path, LogMark::default(), visit)
    }

    /// What this store knows about the sync folder `folder`.
    pub fn folder_record(&self, folder: &str) -> Result<FolderRecord> {
        read_folder(&self.connection, folder).at(&self.path)
    }

    /// The sync folder this store synced with last, if any.
    pub fn last_sync_folder(&self) -> Result<Option<String>> {
        self.connection
            .query_row("SELECT folder FROM sync_folder ORDER BY synced_ms DESC LIMIT 1", [], |row| row.get(0))
            .optional()
            .at(&self.path)
    }

    /// How many entries of the log lie beyond `mark`: what a sync would send.
    pub fn entries_after(&self, mark: LogMark) -> Result<u64> {
        self.connection
            .query_row(
                "SELECT (SELECT count(*) FROM review WHERE id > ?1) + (SELECT count(*) FROM undone_review WHERE id > ?1)
                      + (SELECT count(*) FROM event WHERE id > ?2)",
                params![mark.review, mark.event],
                |row| row.get(0),
            )
            .at(&self.path)
    }
}

impl Exchange<'_> {
    /// This store's device id.
    pub fn device(&self) -> Result<Uuid> {
        this_device(&self.transaction, self.path)
    }

    /// Gives this store a new device id (it turned out to be a copy of
    /// another store, sharing its id); its entries keep the old one.
    pub fn rekey(&mut self) -> Result<Uuid> {
        let fresh = Uuid::now_v7();
        self.transaction.execute("UPDATE device SET this = 0 WHERE this = 1", []).at(self.path)?;
        self.transaction
            .execute("INSERT INTO device (uuid, this) VALUES (?1, 1)", [fresh.as_bytes().as_slice()])
            .at(self.path)?;
        self.devices.clear();
        Ok(fresh)
    }

    /// Whether the log holds an entry with this id.
    pub fn knows(&self, uid: &Uuid) -> Result<bool> {
        self.transaction
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM review WHERE uid = ?1) OR EXISTS (SELECT 1 FROM undone_review WHERE uid = ?1)
                     OR EXISTS (SELECT 1 FROM event WHERE uid = ?1)",
            )
            .and_then(|mut statement| statement.query_row([uid.as_bytes().as_slice()], |row| row.get(0)))
            .at(self.path)
    }

    /// Where the log ends now.
    pub fn end(&self) -> Result<LogMark> {
        self.transaction
            .query_row(
                "SELECT max(coalesce((SELECT max(id) FROM review), 0), coalesce((SELECT max(id) FROM undone_review), 0)),
                        coalesce((SELECT max(id) FROM event), 0)",
                [],
                |row| Ok(LogMark { review: row.get(0)?, event: row.get(1)? }),
            )
            .at(self.path)
    }

    /// Calls `visit` with every entry beyond `mark`.
    pub fn for_each_since(&self, mark: LogMark, visit: impl FnMut(LogEntry) -> Result<()>) -> Result<()> {
        entries_since(&self.transaction, self.path, mark, visit)
    }

    /// Adds `entry` unless the log holds it already; returns whether it was new.
    pub fn add(&mut self, entry: &LogEntry) -> Result<bool> {
        let device = self.device_row(entry.device)?;
        let uid = entry.uid.as_bytes().as_slice();
        let added = match &entry.change {
            Change::Review(review) => {
                let known: bool = self
                    .transaction
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM review WHERE uid = ?1)
                             OR EXISTS (SELECT 1 FROM undone_review WHERE uid = ?1)",
                    )
                    .and_then(|mut statement| statement.query_row([uid], |row| row.get(0)))
                    .at(self.path)?;
                if !known {
                    let new = NewReview {
                        deck: &entry.deck,
                        card: &entry.card,
                        content_hash: &review.content_hash,
                        time: entry.time,
                        rating: review.rating,
                        response: &review.response,
                        correct: review.correct,
                        duration_ms: review.duration_ms,
                        kind: review.kind,
                    };
                    insert_review_as(&self.transaction, &new, entry.uid.as_bytes(), Some(device)).at(self.path)?;
                }
                !known
            }
            change => {
                let (kind, target, rating, previous, until) = event_columns(change);
                self.transaction
                    .prepare_cached(
                        "INSERT OR IGNORE INTO event (uid, device, time_ms, deck, card, kind, target, rating, previous, until_ms)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![
                            uid,
                            device,
                            entry.time,
                            entry.deck,
                            entry.card,
                            kind,
                            target.as_ref().map(|target| target.as_bytes().as_slice()),
                            rating,
                            previous,
                            until,
                        ])
                    })
                    .at(self.path)?
                    == 1
            }
        };
        if added {
            self.added += 1;
            self.touched.insert((entry.deck.clone(), entry.card.clone()));
        }
        Ok(added)
    }

    /// What this store knows about the sync folder `folder`.
    pub fn folder_record(&self, folder: &str) -> Result<FolderRecord> {
        read_folder(&self.transaction, folder).at(self.path)
    }

    /// Stores what this store now knows about the sync folder `folder`.
    pub fn save_folder_record(&self, folder: &str, record: &FolderRecord) -> Result<()> {
        let transaction = &self.transaction;
        let save = || -> rusqlite::Result<()> {
            transaction.execute(
                "INSERT INTO sync_folder (folder, sent_review, sent_event, synced_ms) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (folder) DO UPDATE SET sent_review = excluded.sent_review,
                     sent_event = excluded.sent_event, synced_ms = excluded.synced_ms",
                params![folder, record.sent.review, record.sent.event, record.synced],
            )?;
            transaction.execute("DELETE FROM sync_file WHERE folder = ?1", [folder])?;
            let mut insert = transaction.prepare_cached(
                "INSERT INTO sync_file (folder, name, device, read_bytes, last_line, lines, newest_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for file in &record.files {
                insert.execute(params![
                    folder,
                    file.name,
                    file.device.as_bytes().as_slice(),
                    i64::try_from(file.read_bytes).unwrap_or(i64::MAX),
                    i64::try_from(file.last_line).unwrap_or(i64::MAX),
                    i64::try_from(file.lines).unwrap_or(i64::MAX),
                    file.newest,
                ])?;
            }
            Ok(())
        };
        save().at(self.path)
    }

    /// Refolds every card an added entry touched — its reviews' standing,
    /// state and flags, with the scheduler `scheduler_for` makes for its deck
    /// from what this store knows of it — and commits.
    pub fn finish(mut self, mut scheduler_for: impl FnMut(&DeckId, DeckFacts) -> Result<Scheduler>) -> Result<Merged> {
        let touched = std::mem::take(&mut self.touched);
        let Exchange { transaction, path, added, .. } = self;
        let mut schedulers: HashMap<DeckId, Scheduler> = HashMap::new();
        for (deck, card) in &touched {
            if !schedulers.contains_key(deck) {
                let facts = DeckFacts {
                    fitted: read_fitted(&transaction, deck).at(path)?,
                    place: super::read_deck_place(&transaction, deck).at(path)?,
                };
                schedulers.insert(deck.clone(), scheduler_for(deck, facts)?);
            }
            refold_card(&transaction, deck, card, &schedulers[deck]).at(path)?;
        }
        transaction.commit().at(path)?;
        Ok(Merged { added, cards: touched.len() })
    }

    /// The row of `device` in the device table, added if new.
    fn device_row(&mut self, device: Uuid) -> Result<i64> {
        if let Some(row) = self.devices.get(&device) {
            return Ok(*row);
        }
        let bytes = device.as_bytes().as_slice();
        self.transaction.execute("INSERT OR IGNORE INTO device (uuid) VALUES (?1)", [bytes]).at(self.path)?;
        let row = self.transaction.query_row("SELECT id FROM device WHERE uuid = ?1", [bytes], |row| row.get(0));
        let row = row.at(self.path)?;
        self.devices.insert(device, row);
        Ok(row)
    }
}

/// An event's kind and the columns it fills.
type EventColumns = (&'static str, Option<Uuid>, Option<Rating>, Option<Rating>, Option<Timestamp>);

fn event_columns(change: &Change) -> EventColumns {
    match change {
        Change::Review(_) => ("review", None, None, None, None),
        Change::Undo { target } => ("undo", Some(*target), None, None, None),
        Change::Rerate { target, rating, previous } => ("rerate", Some(*target), Some(*rating), Some(*previous), None),
        Change::Suspend => ("suspend", None, None, None, None),
        Change::Unsuspend => ("unsuspend", None, None, None, None),
        Change::Bury { until } => ("bury", None, None, None, Some(*until)),
        Change::Leech => ("leech", None, None, None, None),
    }
}

fn this_device(connection: &Connection, path: &Path) -> Result<Uuid> {
    let damaged = |detail: &str| open::failure(path, StoreProblem::Damaged(detail.to_string()));
    let bytes: Vec<u8> = connection
        .query_row("SELECT uuid FROM device WHERE this = 1", [], |row| row.get(0))
        .optional()
        .at(path)?
        .ok_or_else(|| damaged("it has no device id"))?;
    Uuid::from_slice(&bytes).map_err(|_| damaged("its device id is not a UUID"))
}

pub(super) fn device_of(store: &Store) -> Result<Uuid> {
    this_device(&store.connection, &store.path)
}

/// A uid column: 16 bytes.
fn uid_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let bytes: Vec<u8> = row.get(index)?;
    Uuid::from_slice(&bytes)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Blob, Box::new(error)))
}

/// An entry from a row whose first five columns are its uid, device, time, deck and card.
fn entry_of(row: &Row<'_>, change: Change) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        uid: uid_column(row, 0)?,
        device: uid_column(row, 1)?,
        time: row.get(2)?,
        deck: row.get(3)?,
        card: row.get(4)?,
        change,
    })
}

/// Reviews that count, then reviews taken back, past a review id. (A row
/// without a device, written by a tool outside quiz, is this device's.)
const REVIEW_ENTRIES: [&str; 2] = [
    "SELECT r.uid, coalesce(d.uuid, (SELECT uuid FROM device WHERE this = 1)), r.time_ms, r.deck, r.card,
            r.content_hash, r.rating, r.response, r.correct, r.duration_ms, r.kind
     FROM review r LEFT JOIN device d ON d.id = r.device WHERE r.id > ?1 ORDER BY r.id",
    "SELECT r.uid, coalesce(d.uuid, (SELECT uuid FROM device WHERE this = 1)), r.time_ms, r.deck, r.card,
            r.content_hash, r.rating, r.response, r.correct, r.duration_ms, r.kind
     FROM undone_review r LEFT JOIN device d ON d.id = r.device WHERE r.id > ?1",
];

/// Every entry beyond `mark`: reviews that count, reviews taken back, events.
fn entries_since(
    connection: &Connection,
    path: &Path,
    mark: LogMark,
    mut visit: impl FnMut(LogEntry) -> Result<()>,
) -> Result<()> {
    for sql in REVIEW_ENTRIES {
        let mut statement = connection.prepare(sql).at(path)?;
        let mut rows = statement.query([mark.review]).at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let entry = (|| {
                let duration: i64 = row.get(9)?;
                let review = ReviewRecord {
                    content_hash: row.get(5)?,
                    rating: row.get(6)?,
                    response: row.get(7)?,
                    correct: row.get(8)?,
                    duration_ms: u64::try_from(duration).unwrap_or(0),
                    kind: row.get(10)?,
                };
                entry_of(row, Change::Review(review))
            })()
            .at(path)?;
            visit(entry)?;
        }
    }
    let mut statement = connection
        .prepare(
            "SELECT e.uid, d.uuid, e.time_ms, e.deck, e.card, e.kind, e.target, e.rating, e.previous, e.until_ms
             FROM event e JOIN device d ON d.id = e.device WHERE e.id > ?1 ORDER BY e.id",
        )
        .at(path)?;
    let mut rows = statement.query([mark.event]).at(path)?;
    while let Some(row) = rows.next().at(path)? {
        let entry = (|| {
            let kind: String = row.get(5)?;
            let target = || uid_column(row, 6);
            let change = match kind.as_str() {
                "undo" => Change::Undo { target: target()? },
                "rerate" => Change::Rerate { target: target()?, rating: row.get(7)?, previous: row.get(8)? },
                "suspend" => Change::Suspend,
                "unsuspend" => Change::Unsuspend,
                "bury" => Change::Bury { until: row.get(9)? },
                "leech" => Change::Leech,
                other => {
                    return Err(rusqlite::Error::FromSqlConversionFailure(
                        5,
                        rusqlite::types::Type::Text,
                        format!("unknown event kind `{other}`").into(),
                    ))
                }
            };
            entry_of(row, change)
        })()
        .at(path)?;
        visit(entry)?;
    }
    Ok(())
}

fn read_folder(connection: &Connection, folder: &str) -> rusqlite::Result<FolderRecord> {
    let head = connection
        .query_row("SELECT sent_review, sent_event, synced_ms FROM sync_folder WHERE folder = ?1", [folder], |row| {
            Ok((LogMark { review: row.get(0)?, event: row.get(1)? }, row.get(2)?))
        })
        .optional()?;
    let Some((sent, synced)) = head else { return Ok(FolderRecord::default()) };
    let mut statement = connection.prepare(
        "SELECT name, device, read_bytes, last_line, lines, newest_ms FROM sync_file WHERE folder = ?1 ORDER BY name",
    )?;
    let files = statement
        .query_map([folder], |row| {
            let count = |index: usize| row.get::<_, i64>(index).map(|value| u64::try_from(value).unwrap_or(0));
            Ok(FileRecord {
                name: row.get(0)?,
                device: uid_column(row, 1)?,
                read_bytes: count(2)?,
                last_line: count(3)?,
                lines: count(4)?,
                newest: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(FolderRecord { sent, synced, files })
}
