//! The progress store: SQLite in WAL mode with `synchronous=FULL`. An
//! append-only review log is the source of truth; each card's state is a cache
//! of it: the fold of the card's scheduled reviews, in the order they were
//! recorded, through the scheduler. Every write computes the new state inside
//! its own write transaction from the state read there, so writers in several
//! processes compose. Nothing else in the crate talks SQL.

mod exchange;
mod history;
mod import;
mod open;
mod parameters;
mod queries;
mod replay;
mod sql;
mod write;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::{Error, Result};
use crate::schedule::{CardState, Phase, Rating};

pub use exchange::{Change, DeckFacts, Exchange, FileRecord, FolderRecord, LogEntry, LogMark, Merged, ReviewRecord};
pub use history::AnswerPoint;
pub use import::HistoryAdded;
pub use open::{APPLICATION_ID, SCHEMA_VERSION};
pub use parameters::{FittedParameters, MemoryReview, Parameters, PARAMETER_COUNT};
pub use write::{Pending, Rebuilt};

/// The database file's name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// What kind of session produced a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// The study session.
    Study,
    /// Drill (cram) mode: logged, but the schedule is left alone.
    Drill,
    /// An exam answer recorded with `--record`.
    Exam,
    /// `quiz review` from a script.
    Review,
    /// A review from Anki's log, brought along by `quiz import --with-history`.
    Anki,
}

impl SessionKind {
    /// Every kind.
    pub const ALL: [SessionKind; 5] =
        [SessionKind::Study, SessionKind::Drill, SessionKind::Exam, SessionKind::Review, SessionKind::Anki];

    /// The name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Study => "study",
            SessionKind::Drill => "drill",
            SessionKind::Exam => "exam",
            SessionKind::Review => "review",
            SessionKind::Anki => "anki",
        }
    }

    /// The kind with this stored name.
    pub fn from_name(name: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Whether reviews of this kind move the card's schedule (drills repeat
    /// cards regardless of it, so FSRS does not learn from them).
    pub fn moves_schedule(self) -> bool {
        match self {
            SessionKind::Study | SessionKind::Exam | SessionKind::Review | SessionKind::Anki => true,
            SessionKind::Drill => false,
        }
    }
}

/// Counts of a deck's reviews over a span, for `quiz stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewTally {
    /// Reviews that moved a schedule (drills left out).
    pub memory: usize,
    /// Of those, reviews of a graduated card (in the review phase before it).
    pub mature: usize,
    /// Of those, the ones recalled (not rated Again).
    pub recalled: usize,
}

/// One review to append to the log.
#[derive(Clone, Debug)]
pub struct NewReview<'a> {
    /// The deck.
    pub deck: &'a DeckId,
    /// The card.
    pub card: &'a CardId,
    /// The card's content hash when it was reviewed.
    pub content_hash: &'a str,
    /// When it was answered.
    pub time: Timestamp,
    /// The rating given (or assigned).
    pub rating: Rating,
    /// What the learner answered, as text.
    pub response: &'a str,
    /// Whether the answer was graded correct.
    pub correct: bool,
    /// Time spent answering.
    pub duration_ms: u64,
    /// Which session produced it.
    pub kind: SessionKind,
}

/// A review as stored in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedReview {
    /// The log's id for it.
    pub id: i64,
    /// The deck.
    pub deck: DeckId,
    /// The card.
    pub card: CardId,
    /// The card's content hash when it was reviewed.
    pub content_hash: String,
    /// When.
    pub time: Timestamp,
    /// The rating.
    pub rating: Rating,
    /// What the learner answered.
    pub response: String,
    /// Whether it was graded correct.
    pub correct: bool,
    /// Time spent, in milliseconds.
    pub duration_ms: u64,
    /// Which session produced it.
    pub kind: SessionKind,
    /// Whether it moved the card's schedule.
    pub scheduled: bool,
    /// The card's state before it (None for a new card, or a drill).
    pub state_before: Option<CardState>,
}

/// A card's cached state and flags.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCard {
    /// The scheduling state.
    pub state: CardState,
    /// Whether the learner suspended it.
    pub suspended: bool,
    /// Hidden until this moment, if buried.
    pub buried_until: Option<Timestamp>,
    /// The content hash at its last review.
    pub last_hash: Option<String>,
    /// When it became a leech (forgotten too often), if it is one.
    pub leech_since: Option<Timestamp>,
}

/// An exam attempt: finished, or abandoned before its last question.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamAttempt {
    /// The deck.
    pub deck: DeckId,
    /// The seed that replays it.
    pub seed: u64,
    /// When it started.
    pub started: Timestamp,
    /// When it finished.
    pub finished: Timestamp,
    /// Correct ÷ total.
    pub score: f64,
    /// Correct answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// Whether it reached the pass mark.
    pub passed: bool,
    /// Whether the learner ended it before its last question.
    pub abandoned: bool,
    /// The per-question results, as JSON.
    pub answers_json: String,
}

/// Where a deck id's file was last used from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckPlace {
    /// `bundled`, `user` or `file`.
    pub origin: String,
    /// The file (a canonical path, or the bundled deck's name).
    pub place: String,
}

/// Maps SQLite errors to the store's errors, located at the database.
trait Located<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> Located<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|error| open::failure(path, open::classify(path, &error)))
    }
}

/// The progress database.
#[derive(Debug)]
pub struct Store {
    connection: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens `<dir>/progress.sqlite3`, creating the folder and the database if
    /// needed and migrating an older schema. A file that is not a quiz
    /// database, is damaged, or comes from a newer quiz is reported and left
    /// untouched; a folder that cannot be written, a full disk and a lock held
    /// by another program are each reported as what they are.
    pub fn open(dir: &Path) -> Result<Store> {
        let path = dir.join(FILE_NAME);
        fs::create_dir_all(dir).map_err(|error| open::failure(&path, open::io_problem(dir, &error)))?;
        let connection = open::open(&path)?;
        Ok(Store { connection, path })
    }

    /// Opens the database only if it exists: read-only commands must not create one.
    pub fn open_existing(dir: &Path) -> Result<Option<Store>> {
        if dir.join(FILE_NAME).exists() {
            Store::open(dir).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A scratch copy of the store in `dir` (empty if there is none), for a
    /// preview that must record nothing: answers go to the copy, which is
    /// deleted with the returned folder.
    pub fn open_preview(dir: &Path) -> Result<(tempfile::TempDir, Store)> {
        let scratch = tempfile::tempdir().map_err(|source| crate::Error::Io {
            action: "create a scratch folder for the preview in",
            path: std::env::temp_dir(),
            source,
        })?;
        let copy = scratch.path().join(FILE_NAME);
        if let Some(existing) = Store::open_existing(dir)? {
            let target = copy.to_string_lossy().into_owned();
            existing.connection.execute("VACUUM INTO ?1", [target]).at(&copy)?;
        }
        let store = Store::open(scratch.path())?;
        Ok((scratch, store))
    }

    /// A scratch copy of the store file `file` (another device's, a backup),
    /// migrated to this build's schema, for reading its log: `file` itself is
    /// only read. Keep the returned folder alive while the copy is used.
    pub fn open_snapshot(file: &Path) -> Result<(tempfile::TempDir, Store)> {
        let scratch = tempfile::tempdir().map_err(|source| crate::Error::Io {
            action: "create a scratch folder for a copy of the store in",
            path: std::env::temp_dir(),
            source,
        })?;
        open::snapshot(file, &scratch.path().join(FILE_NAME))?;
        let store = Store::open(scratch.path())?;
        Ok((scratch, store))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cached state of every card of `deck` that has one.
    pub fn cards(&self, deck: &DeckId) -> Result<HashMap<CardId, StoredCard>> {
        let mut statement = self.connection.prepare_cached(queries::DECK_CARDS).at(&self.path)?;
        let rows = statement.query_map([deck], |row| Ok((row.get(0)?, sql::stored_card(row, 1)?))).at(&self.path)?;
        rows.collect::<rusqlite::Result<HashMap<_, _>>>().at(&self.path)
    }

    /// The cards of `deck` that are no longer new (reviewed, in a scheduled way).
    pub fn reviewed_cards(&self, deck: &DeckId) -> Result<HashSet<CardId>> {
        let mut statement = self.connection.prepare_cached(queries::REVIEWED_CARDS).at(&self.path)?;
        let rows = statement.query_map([deck], |row| row.get(0).map(CardId)).at(&self.path)?;
        rows.collect::<rusqlite::Result<HashSet<_>>>().at(&self.path)
    }

    /// This store's device id (a UUID made with the store), which every
    /// review it writes carries.
    pub fn device(&self) -> Result<uuid::Uuid> {
        exchange::device_of(self)
    }

    /// The new cards of `deck` held back at `now`: suspended, or buried.
    pub fn held_new_cards(&self, deck: &DeckId, now: Timestamp) -> Result<HashSet<CardId>> {
        let mut statement = self.connection.prepare_cached(queries::HELD_NEW).at(&self.path)?;
        let rows = statement.query_map(params![deck, now], |row| row.get(0).map(CardId)).at(&self.path)?;
        rows.collect::<rusqlite::Result<HashSet<_>>>().at(&self.path)
    }

    /// The cards of `deck` that have been reviewed and fall due by `until`
    /// (suspended and buried ones included: the caller decides), soonest first.
    pub fn cards_due_by(&self, deck: &DeckId, until: Timestamp) -> Result<Vec<(CardId, StoredCard)>> {
        let mut statement = self.connection.prepare_cached(queries::DUE_BY).at(&self.path)?;
        let rows = statement
            .query_map(params![deck, until], |row| Ok((row.get(0)?, sql::stored_card(row, 1)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// The reviewed cards of `deck` that fall due in `(after, until]`,
    /// soonest first: what a session's queue adds as its horizon moves on.
    pub fn cards_due_between(
        &self,
        deck: &DeckId,
        after: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<(CardId, StoredCard)>> {
        let mut statement = self.connection.prepare_cached(queries::DUE_BETWEEN).at(&self.path)?;
        let rows = statement
            .query_map(params![deck, after, until], |row| Ok((row.get(0)?, sql::stored_card(row, 1)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// A number that changes whenever another connection (another session, a
    /// `quiz review`) commits to the store, and only then: a session reads
    /// the store whole again only when it changed.
    pub fn data_version(&self) -> Result<i64> {
        self.connection.query_row("PRAGMA data_version", [], |row| row.get(0)).at(&self.path)
    }

    /// One card's cached state.
    pub fn card(&self, deck: &DeckId, card: &CardId) -> Result<Option<StoredCard>> {
        write::read_card(&self.connection, deck, card).at(&self.path)
    }

    /// Every review (of `deck`, if given), oldest first.
    pub fn reviews(&self, deck: Option<&DeckId>) -> Result<Vec<LoggedReview>> {
        let sql = format!(
            "SELECT {} FROM review {} ORDER BY time_ms, id",
            sql::REVIEW_COLUMNS,
            if deck.is_some() { "WHERE deck = ?1" } else { "" }
        );
        let mut statement = self.connection.prepare(&sql).at(&self.path)?;
        let rows: rusqlite::Result<Vec<LoggedReview>> = match deck {
            Some(deck) => statement.query_map([deck], sql::logged_review).at(&self.path)?.collect(),
            None => statement.query_map([], sql::logged_review).at(&self.path)?.collect(),
        };
        rows.at(&self.path)
    }

    /// Calls `visit` with each review of `deck`, oldest first, one row at a
    /// time (the log may hold millions), stopping at its first error (`visit`
    /// may fail in its own way: writing what it is given, say).
    pub fn for_each_review<E: From<Error>>(
        &self,
        deck: &DeckId,
        mut visit: impl FnMut(&LoggedReview) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut statement = self.connection.prepare_cached(queries::DECK_LOG).at(&self.path)?;
        let mut rows = statement.query([deck]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            visit(&sql::logged_review(row).at(&self.path)?)?;
        }
        Ok(())
    }

    /// Counts the reviews of `deck` in `[from, to]` that `quiz stats` reports.
    pub fn tally_reviews(&self, deck: &DeckId, from: Timestamp, to: Timestamp) -> Result<ReviewTally> {
        let mut statement = self.connection.prepare_cached(queries::REVIEWS_BETWEEN).at(&self.path)?;
        let mut rows = statement.query(params![deck, from, to]).at(&self.path)?;
        let mut tally = ReviewTally::default();
        while let Some(row) = rows.next().at(&self.path)? {
            let kind: SessionKind = row.get(0).at(&self.path)?;
            if !kind.moves_schedule() {
                continue;
            }
            tally.memory += 1;
            let before: Option<Phase> = row.get(2).at(&self.path)?;
            if before == Some(Phase::Review) {
                tally.mature += 1;
                let rating: Rating = row.get(1).at(&self.path)?;
                tally.recalled += usize::from(rating != Rating::Again);
            }
        }
        Ok(tally)
    }

    /// Whether `deck` has any review (of any kind) in `[from, to)`.
    pub fn any_review_between(&self, deck: &DeckId, from: Timestamp, to: Timestamp) -> Result<bool> {
        self.connection.query_row(queries::ANY_REVIEW_BETWEEN, params![deck, from, to], |row| row.get(0)).at(&self.path)
    }

    /// The review with log id `id`, if it exists.
    pub fn review(&self, id: i64) -> Result<Option<LoggedReview>> {
        let sql = format!("SELECT {} FROM review WHERE id = ?1", sql::REVIEW_COLUMNS);
        self.connection.query_row(&sql, [id], sql::logged_review).optional().at(&self.path)
    }

    /// The newest review this device made (of `deck`, if given).
    pub fn newest_review(&self, deck: Option<&DeckId>) -> Result<Option<LoggedReview>> {
        let this: i64 =
            self.connection.query_row("SELECT id FROM device WHERE this = 1", [], |row| row.get(0)).at(&self.path)?;
        let newest: Option<i64> = match deck {
            Some(deck) => self.connection.query_row(queries::NEWEST_OF_DECK, params![deck, this], |row| row.get(0)),
            None => self.connection.query_row(
                "SELECT id FROM review WHERE device = ?1 ORDER BY id DESC LIMIT 1",
                [this],
                |row| row.get(0),
            ),
        }
        .optional()
        .at(&self.path)?;
        match newest {
            Some(id) => self.review(id),
            None => Ok(None),
        }
    }

    /// Cards of `deck` whose first scheduled review falls in `[from, to)`: the new
    /// cards started in that span, for the daily limit across sessions.
    pub fn new_cards_started(&self, deck: &DeckId, from: Timestamp, to: Timestamp) -> Result<u32> {
        self.connection.query_row(queries::NEW_STARTED, params![deck, from, to], |row| row.get(0)).at(&self.path)
    }

    /// Card ids of `deck` that have reviews or state, for listing orphans, in order.
    pub fn card_ids_with_history(&self, deck: &DeckId) -> Result<Vec<CardId>> {
        // A scheduled review leaves a card state; only drills do not. Two
        // index walks, merged here (SQLite's UNION would sort them again).
        let mut ids = std::collections::BTreeSet::new();
        for sql in [queries::CARDS_WITH_STATE, queries::CARDS_DRILLED] {
            let mut statement = self.connection.prepare_cached(sql).at(&self.path)?;
            let mut rows = statement.query([deck]).at(&self.path)?;
            while let Some(row) = rows.next().at(&self.path)? {
                ids.insert(row.get::<_, String>(0).at(&self.path)?);
            }
        }
        Ok(ids.into_iter().map(CardId).collect())
    }

    /// Past exams (of `deck`, if given), oldest first.
    pub fn exams(&self, deck: Option<&DeckId>) -> Result<Vec<ExamAttempt>> {
        let sql = format!(
            "SELECT {} FROM exam {} ORDER BY finished_ms, id",
            sql::EXAM_COLUMNS,
            if deck.is_some() { "WHERE deck = ?1" } else { "" }
        );
        let mut statement = self.connection.prepare(&sql).at(&self.path)?;
        let rows: rusqlite::Result<Vec<ExamAttempt>> = match deck {
            Some(deck) => statement.query_map([deck], sql::exam_attempt).at(&self.path)?.collect(),
            None => statement.query_map([], sql::exam_attempt).at(&self.path)?.collect(),
        };
        rows.at(&self.path)
    }

    /// Where `deck` was last used from, if it was.
    pub fn deck_place(&self, deck: &DeckId) -> Result<Option<DeckPlace>> {
        read_deck_place(&self.connection, deck).at(&self.path)
    }

    /// What this store knows about `deck` besides its log.
    pub fn deck_facts(&self, deck: &DeckId) -> Result<DeckFacts> {
        Ok(DeckFacts { fitted: self.fitted_parameters(deck)?, place: self.deck_place(deck)? })
    }

    /// `PRAGMA integrity_check`: `ok`, or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String> {
        self.connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)).at(&self.path)
    }

    /// A usage error for a review id that is not in the log.
    fn no_such_review(id: i64) -> Error {
        Error::Usage(format!("there is no review {id} to take back"))
    }
}

/// Where `deck` was last used from, if it was.
fn read_deck_place(connection: &Connection, deck: &DeckId) -> rusqlite::Result<Option<DeckPlace>> {
    connection
        .query_row("SELECT origin, place FROM deck_file WHERE deck = ?1", [deck], |row| {
            Ok(DeckPlace { origin: row.get(0)?, place: row.get(1)? })
        })
        .optional()
}

#[cfg(test)]
mod tests;
