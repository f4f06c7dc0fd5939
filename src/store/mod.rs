//! The progress store: SQLite in WAL mode with `synchronous=FULL`. An
//! append-only review log is the source of truth; card states are a cache of it.
//! Nothing else in the crate talks SQL.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::{Error, Result};
use crate::schedule::{CardState, Phase, Rating};

/// The schema this build writes. Older databases are migrated forward.
pub const SCHEMA_VERSION: i64 = 1;

/// Migrations, in order: entry `n` takes a database from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[include_str!("schema.sql")];

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
}

impl SessionKind {
    /// The name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Study => "study",
            SessionKind::Drill => "drill",
            SessionKind::Exam => "exam",
            SessionKind::Review => "review",
        }
    }

    fn from_name(name: &str) -> SessionKind {
        match name {
            "drill" => SessionKind::Drill,
            "exam" => SessionKind::Exam,
            "review" => SessionKind::Review,
            _ => SessionKind::Study,
        }
    }

    /// Whether reviews of this kind are memory reviews that FSRS learns from
    /// (drills are not: they repeat cards regardless of the schedule).
    pub fn counts_for_memory(self) -> bool {
        self != SessionKind::Drill
    }
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
    /// When.
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
    /// The card's state before it (None for a new card).
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
}

/// A finished exam.
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
    /// The per-question results, as JSON.
    pub answers_json: String,
}

/// The progress database.
#[derive(Debug)]
pub struct Store {
    connection: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens `<dir>/progress.sqlite3`, creating the folder and the database if
    /// needed and migrating an older schema. A file that is not a quiz database,
    /// is damaged, or comes from a newer quiz is reported and left untouched.
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir).map_err(|error| Error::io("create", dir, error))?;
        let path = dir.join(FILE_NAME);
        let header_version = inspect_existing(&path)?;
        let connection = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| damaged(&path, error))?;
        connection.busy_timeout(StdDuration::from_secs(10)).map_err(|error| damaged(&path, error))?;
        // Reading the schema touches the pages a damaged or truncated file breaks,
        // without the full scan of `quick_check` on every start; it runs before
        // anything that could write.
        connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
            .map_err(|error| damaged(&path, error))?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(|error| damaged(&path, error))?;
        let mut store = Store { connection, path };
        // The header can lag behind a WAL that was never checkpointed; `migrate`
        // reads the real version inside its transaction.
        if header_version != Some(SCHEMA_VERSION) {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Opens the database only if it exists: read-only commands must not create one.
    pub fn open_existing(dir: &Path) -> Result<Option<Store>> {
        if dir.join(FILE_NAME).is_file() {
            Store::open(dir).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = transaction
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| damaged(&path, error))?;
        if version > SCHEMA_VERSION {
            return Err(Error::DatabaseTooNew { path, found: version, known: SCHEMA_VERSION });
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Appends a review and, for a scheduled review, stores the card's new state —
    /// in one transaction, committed (and synced) before this returns.
    pub fn record(&mut self, review: &NewReview<'_>, state_after: Option<&CardState>) -> Result<i64> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<CardState> = match state_after {
            Some(_) => read_card(&transaction, review.deck, review.card)?
                .map(|stored| stored.state)
                .filter(|state| state.phase != Phase::New),
            None => None,
        };
        let before_json = before
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|error| Error::Database(error.to_string()))?;
        transaction.execute(
            "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled, state_before)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                review.deck.0,
                review.card.0,
                review.content_hash,
                review.time.millis(),
                review.rating as i64,
                review.response,
                review.correct,
                review.duration_ms.min(i64::MAX as u64) as i64,
                review.kind.name(),
                state_after.is_some(),
                before_json,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        if let Some(state) = state_after {
            write_state(&transaction, review.deck, review.card, state, Some(review.content_hash), Some(review.time))?;
        }
        transaction.commit()?;
        Ok(id)
    }

    /// Changes the rating of review `id` (the learner overrode the default) and
    /// stores the state that rating gives, in one transaction.
    pub fn amend_rating(&mut self, id: i64, rating: Rating, state_after: &CardState) -> Result<()> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (deck, card): (String, String) =
            transaction
                .query_row("SELECT deck, card FROM review WHERE id = ?1", [id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        transaction.execute("UPDATE review SET rating = ?1 WHERE id = ?2", params![rating as i64, id])?;
        write_state(&transaction, &DeckId(deck), &CardId(card), state_after, None, None)?;
        transaction.commit()?;
        Ok(())
    }

    /// The cached state of every card of `deck` that has one.
    pub fn cards(&self, deck: &DeckId) -> Result<HashMap<CardId, StoredCard>> {
        let mut statement =
            self.connection.prepare_cached(&format!("SELECT card, {STATE_COLUMNS} FROM card_state WHERE deck = ?1"))?;
        let rows = statement.query_map([&deck.0], |row| Ok((CardId(row.get(0)?), stored_card(row, 1)?)))?;
        let mut cards = HashMap::new();
        for row in rows {
            let (card, stored) = row?;
            cards.insert(card, stored);
        }
        Ok(cards)
    }

    /// One card's cached state.
    pub fn card(&self, deck: &DeckId, card: &CardId) -> Result<Option<StoredCard>> {
        read_card(&self.connection, deck, card)
    }

    /// Removes the newest review (of `deck`, if given) and restores its card's
    /// previous state exactly. Returns the removed review.
    pub fn undo_last(&mut self, deck: Option<&DeckId>) -> Result<Option<LoggedReview>> {
        let newest: Option<i64> = match deck {
            Some(deck) => {
                self.connection.query_row("SELECT max(id) FROM review WHERE deck = ?1", [&deck.0], |row| row.get(0))?
            }
            None => self.connection.query_row("SELECT max(id) FROM review", [], |row| row.get(0))?,
        };
        match newest {
            Some(id) => self.undo_review(id).map(Some),
            None => Ok(None),
        }
    }

    /// Removes review `id` and restores its card's previous state. Only the newest
    /// review of a card can be taken back (an older one would leave later states wrong).
    pub fn undo_review(&mut self, id: i64) -> Result<LoggedReview> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let review = transaction
            .query_row(&format!("SELECT {REVIEW_COLUMNS} FROM review WHERE id = ?1"), [id], logged_review)
            .optional()?
            .ok_or_else(|| Error::Usage(format!("there is no review {id} to take back")))?;
        let newer: i64 = transaction.query_row(
            "SELECT count(*) FROM review WHERE deck = ?1 AND card = ?2 AND id > ?3 AND scheduled = 1",
            params![review.deck.0, review.card.0, id],
            |row| row.get(0),
        )?;
        if review.scheduled && newer > 0 {
            return Err(Error::Usage(format!("card `{}` has newer reviews; take those back first", review.card)));
        }
        transaction.execute("DELETE FROM review WHERE id = ?1", [id])?;
        if review.scheduled {
            let previous_hash: Option<String> = transaction
                .query_row(
                    "SELECT content_hash FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1 ORDER BY id DESC LIMIT 1",
                    params![review.deck.0, review.card.0],
                    |row| row.get(0),
                )
                .optional()?;
            match &review.state_before {
                Some(state) => {
                    write_state(&transaction, &review.deck, &review.card, state, None, None)?;
                    transaction.execute(
                        "UPDATE card_state SET last_hash = ?3 WHERE deck = ?1 AND card = ?2",
                        params![review.deck.0, review.card.0, previous_hash],
                    )?;
                }
                None => {
                    // Back to new; keep the row only if it carries a flag.
                    let new = CardState::new_card(review.time);
                    write_state(&transaction, &review.deck, &review.card, &new, None, None)?;
                    transaction.execute(
                        "UPDATE card_state SET last_hash = NULL, first_review_ms = NULL WHERE deck = ?1 AND card = ?2",
                        params![review.deck.0, review.card.0],
                    )?;
                    transaction.execute(
                        "DELETE FROM card_state WHERE deck = ?1 AND card = ?2 AND suspended = 0 AND buried_until_ms IS NULL",
                        params![review.deck.0, review.card.0],
                    )?;
                }
            }
        }
        transaction.commit()?;
        Ok(review)
    }

    /// Suspends or unsuspends a card.
    pub fn set_suspended(&mut self, deck: &DeckId, card: &CardId, suspended: bool) -> Result<()> {
        self.ensure_row(deck, card)?;
        self.connection.execute(
            "UPDATE card_state SET suspended = ?3 WHERE deck = ?1 AND card = ?2",
            params![deck.0, card.0, suspended],
        )?;
        Ok(())
    }

    /// Hides a card until `until`.
    pub fn bury(&mut self, deck: &DeckId, card: &CardId, until: Timestamp) -> Result<()> {
        self.ensure_row(deck, card)?;
        self.connection.execute(
            "UPDATE card_state SET buried_until_ms = ?3 WHERE deck = ?1 AND card = ?2",
            params![deck.0, card.0, until.millis()],
        )?;
        Ok(())
    }

    fn ensure_row(&mut self, deck: &DeckId, card: &CardId) -> Result<()> {
        let new = CardState::new_card(Timestamp::from_millis(0).unwrap_or_else(Timestamp::now));
        self.connection.execute(
            "INSERT OR IGNORE INTO card_state (deck, card, phase, step, due_ms, reps, lapses) VALUES (?1, ?2, ?3, 0, ?4, 0, 0)",
            params![deck.0, card.0, new.phase.name(), new.due.millis()],
        )?;
        Ok(())
    }

    /// Every review (of `deck`, if given), oldest first.
    pub fn reviews(&self, deck: Option<&DeckId>) -> Result<Vec<LoggedReview>> {
        let sql = format!(
            "SELECT {REVIEW_COLUMNS} FROM review {} ORDER BY time_ms, id",
            if deck.is_some() { "WHERE deck = ?1" } else { "" }
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = match deck {
            Some(deck) => statement.query_map([&deck.0], logged_review)?.collect::<rusqlite::Result<Vec<_>>>()?,
            None => statement.query_map([], logged_review)?.collect::<rusqlite::Result<Vec<_>>>()?,
        };
        Ok(rows)
    }

    /// Replaces the cached states of `deck` with `states` (after replaying the log),
    /// keeping suspension and burial flags.
    pub fn replace_states(&mut self, deck: &DeckId, states: &[(CardId, CardState)]) -> Result<()> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "DELETE FROM card_state WHERE deck = ?1 AND suspended = 0 AND buried_until_ms IS NULL",
            [&deck.0],
        )?;
        for (card, state) in states {
            let (hash, first): (Option<String>, Option<i64>) = transaction.query_row(
                "SELECT (SELECT content_hash FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1 ORDER BY id DESC LIMIT 1),
                        (SELECT min(time_ms) FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1)",
                params![deck.0, card.0],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            write_state(&transaction, deck, card, state, hash.as_deref(), first.and_then(Timestamp::from_millis))?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Cards of `deck` whose first scheduled review falls in `[from, to)`: the new
    /// cards started in that span, for the daily limit across sessions.
    pub fn new_cards_started(&self, deck: &DeckId, from: Timestamp, to: Timestamp) -> Result<u32> {
        Ok(self.connection.query_row(
            "SELECT count(*) FROM card_state WHERE deck = ?1 AND first_review_ms >= ?2 AND first_review_ms < ?3",
            params![deck.0, from.millis(), to.millis()],
            |row| row.get(0),
        )?)
    }

    /// Card ids of `deck` that have reviews or state, for listing orphans.
    pub fn card_ids_with_history(&self, deck: &DeckId) -> Result<Vec<CardId>> {
        let mut statement = self.connection.prepare(
            "SELECT card FROM card_state WHERE deck = ?1 UNION SELECT DISTINCT card FROM review WHERE deck = ?1 ORDER BY 1",
        )?;
        let ids =
            statement.query_map([&deck.0], |row| Ok(CardId(row.get(0)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Stores a finished exam.
    pub fn record_exam(&mut self, attempt: &ExamAttempt) -> Result<i64> {
        self.connection.execute(
            "INSERT INTO exam (deck, seed, started_ms, finished_ms, score, correct, total, passed, answers)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                attempt.deck.0,
                attempt.seed.to_string(),
                attempt.started.millis(),
                attempt.finished.millis(),
                attempt.score,
                attempt.correct,
                attempt.total,
                attempt.passed,
                attempt.answers_json,
            ],
        )?;
        Ok(self.connection.last_insert_rowid())
    }

    /// Past exams (of `deck`, if given), oldest first.
    pub fn exams(&self, deck: Option<&DeckId>) -> Result<Vec<ExamAttempt>> {
        let sql = format!(
            "SELECT deck, seed, started_ms, finished_ms, score, correct, total, passed, answers FROM exam {} ORDER BY finished_ms, id",
            if deck.is_some() { "WHERE deck = ?1" } else { "" }
        );
        let mut statement = self.connection.prepare(&sql)?;
        let map = |row: &rusqlite::Row<'_>| -> rusqlite::Result<ExamAttempt> {
            let seed: String = row.get(1)?;
            Ok(ExamAttempt {
                deck: DeckId(row.get(0)?),
                seed: seed.parse().unwrap_or(0),
                started: timestamp(row.get(2)?),
                finished: timestamp(row.get(3)?),
                score: row.get(4)?,
                correct: row.get(5)?,
                total: row.get(6)?,
                passed: row.get(7)?,
                answers_json: row.get(8)?,
            })
        };
        let rows = match deck {
            Some(deck) => statement.query_map([&deck.0], map)?.collect::<rusqlite::Result<Vec<_>>>()?,
            None => statement.query_map([], map)?.collect::<rusqlite::Result<Vec<_>>>()?,
        };
        Ok(rows)
    }

    /// `PRAGMA integrity_check`: `ok`, or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.connection.query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }
}

const STATE_COLUMNS: &str =
    "phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, suspended, buried_until_ms, last_hash";
const REVIEW_COLUMNS: &str =
    "id, deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled, state_before";

fn timestamp(millis: i64) -> Timestamp {
    Timestamp::from_millis(millis).unwrap_or_else(|| Timestamp::from_millis(0).unwrap_or_else(Timestamp::now))
}

fn stored_card(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoredCard> {
    let phase: String = row.get(first)?;
    let last_review: Option<i64> = row.get(first + 5)?;
    let buried: Option<i64> = row.get(first + 9)?;
    Ok(StoredCard {
        state: CardState {
            phase: Phase::from_name(&phase).unwrap_or(Phase::New),
            step: row.get(first + 1)?,
            stability: row.get(first + 2)?,
            difficulty: row.get(first + 3)?,
            due: timestamp(row.get(first + 4)?),
            last_review: last_review.map(timestamp),
            reps: row.get(first + 6)?,
            lapses: row.get(first + 7)?,
        },
        suspended: row.get(first + 8)?,
        buried_until: buried.map(timestamp),
        last_hash: row.get(first + 10)?,
    })
}

fn logged_review(row: &rusqlite::Row<'_>) -> rusqlite::Result<LoggedReview> {
    let rating: u8 = row.get(5)?;
    let kind: String = row.get(9)?;
    let state_before: Option<String> = row.get(11)?;
    Ok(LoggedReview {
        id: row.get(0)?,
        deck: DeckId(row.get(1)?),
        card: CardId(row.get(2)?),
        content_hash: row.get(3)?,
        time: timestamp(row.get(4)?),
        rating: Rating::from_number(u32::from(rating)).unwrap_or(Rating::Again),
        response: row.get(6)?,
        correct: row.get(7)?,
        duration_ms: row.get::<_, i64>(8)?.max(0) as u64,
        kind: SessionKind::from_name(&kind),
        scheduled: row.get(10)?,
        state_before: state_before.and_then(|json| serde_json::from_str(&json).ok()),
    })
}

fn read_card(connection: &Connection, deck: &DeckId, card: &CardId) -> Result<Option<StoredCard>> {
    let mut statement =
        connection.prepare_cached(&format!("SELECT {STATE_COLUMNS} FROM card_state WHERE deck = ?1 AND card = ?2"))?;
    Ok(statement.query_row([&deck.0, &card.0], |row| stored_card(row, 0)).optional()?)
}

/// Upserts a card's state; `hash` and `reviewed_at` also set the last hash and, once, the first review.
fn write_state(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    state: &CardState,
    hash: Option<&str>,
    reviewed_at: Option<Timestamp>,
) -> Result<()> {
    let mut statement = connection.prepare_cached(
        "INSERT INTO card_state (deck, card, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, last_hash, first_review_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (deck, card) DO UPDATE SET
             phase = excluded.phase, step = excluded.step, stability = excluded.stability,
             difficulty = excluded.difficulty, due_ms = excluded.due_ms, last_review_ms = excluded.last_review_ms,
             reps = excluded.reps, lapses = excluded.lapses,
             last_hash = coalesce(excluded.last_hash, card_state.last_hash),
             first_review_ms = coalesce(card_state.first_review_ms, excluded.first_review_ms)",
    )?;
    statement.execute(params![
        deck.0,
        card.0,
        state.phase.name(),
        state.step,
        state.stability,
        state.difficulty,
        state.due.millis(),
        state.last_review.map(Timestamp::millis),
        state.reps,
        state.lapses,
        hash,
        reviewed_at.map(Timestamp::millis),
    ])?;
    Ok(())
}

fn damaged(path: &Path, error: impl std::fmt::Display) -> Error {
    Error::DatabaseDamaged { path: path.to_path_buf(), detail: error.to_string() }
}

/// Looks at an existing database's header without opening it with SQLite, so
/// nothing can switch its journal mode or migrate it before it is known to be
/// ours: the file must start with SQLite's magic string, and its schema version
/// (the `user_version` field at byte 60) must not be newer than ours. Returns
/// that version, or `None` for a new (missing or empty) file.
fn inspect_existing(path: &Path) -> Result<Option<i64>> {
    let Ok(metadata) = fs::metadata(path) else {
        return Ok(None);
    };
    if metadata.len() == 0 {
        return Ok(None);
    }
    let mut header = [0u8; 100];
    let mut file = fs::File::open(path).map_err(|error| Error::io("read", path, error))?;
    if file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(damaged(path, "the file does not start with the SQLite header"));
    }
    let version = i64::from(i32::from_be_bytes([header[60], header[61], header[62], header[63]]));
    if version > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
    }
    Ok(Some(version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Scheduler, SchedulerConfig};

    fn ids() -> (DeckId, CardId) {
        (DeckId("deck".into()), CardId("card".into()))
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn review<'a>(
        deck: &'a DeckId,
        card: &'a CardId,
        time: Timestamp,
        rating: Rating,
        kind: SessionKind,
    ) -> NewReview<'a> {
        NewReview {
            deck,
            card,
            content_hash: "h1",
            time,
            rating,
            response: "r",
            correct: true,
            duration_ms: 1200,
            kind,
        }
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig { enable_fuzz: false, ..SchedulerConfig::default() }).unwrap()
    }

    #[test]
    fn records_survive_reopening_and_undo_is_exact() {
        let dir = tempfile::tempdir().unwrap();
        let (deck, card) = ids();
        let scheduler = scheduler();
        let first_time = at("2026-01-01T09:00:00Z");
        let first = scheduler.review(&CardState::new_card(first_time), Rating::Good, first_time, 0);
        let second_time = at("2026-01-01T09:10:00Z");
        let second = scheduler.review(&first, Rating::Good, second_time, 0);
        {
            let mut store = Store::open(dir.path()).unwrap();
            store.record(&review(&deck, &card, first_time, Rating::Good, SessionKind::Study), Some(&first)).unwrap();
            store.record(&review(&deck, &card, second_time, Rating::Good, SessionKind::Study), Some(&second)).unwrap();
        }
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, second);
        let undone = store.undo_last(Some(&deck)).unwrap().unwrap();
        assert_eq!(undone.state_before, Some(first));
        assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, first);
        store.undo_last(None).unwrap();
        assert_eq!(store.card(&deck, &card).unwrap(), None, "back to a new card, with no row left");
        assert_eq!(store.undo_last(None).unwrap(), None);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn drills_log_without_scheduling_and_flags_keep_their_rows() {
        let dir = tempfile::tempdir().unwrap();
        let (deck, card) = ids();
        let mut store = Store::open(dir.path()).unwrap();
        store
            .record(&review(&deck, &card, at("2026-01-01T09:00:00Z"), Rating::Again, SessionKind::Drill), None)
            .unwrap();
        assert!(store.cards(&deck).unwrap().is_empty());
        assert_eq!(store.reviews(Some(&deck)).unwrap().len(), 1);
        store.set_suspended(&deck, &card, true).unwrap();
        store.bury(&deck, &card, at("2026-01-02T00:00:00Z")).unwrap();
        let flagged = store.card(&deck, &card).unwrap().unwrap();
        assert!(flagged.suspended);
        assert_eq!(flagged.buried_until, Some(at("2026-01-02T00:00:00Z")));
        assert_eq!(flagged.state.phase, Phase::New);
        assert_eq!(store.card_ids_with_history(&deck).unwrap(), [card]);
    }

    #[test]
    fn amending_a_rating_and_counting_new_cards_per_day() {
        let dir = tempfile::tempdir().unwrap();
        let (deck, card) = ids();
        let other = CardId("other".into());
        let scheduler = scheduler();
        let mut store = Store::open(dir.path()).unwrap();
        let monday = at("2026-03-02T09:00:00Z");
        let good = scheduler.review(&CardState::new_card(monday), Rating::Good, monday, 0);
        let id = store.record(&review(&deck, &card, monday, Rating::Good, SessionKind::Study), Some(&good)).unwrap();
        let easy = scheduler.review(&CardState::new_card(monday), Rating::Easy, monday, 0);
        store.amend_rating(id, Rating::Easy, &easy).unwrap();
        assert_eq!(store.reviews(None).unwrap()[0].rating, Rating::Easy);
        assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, easy);
        let tuesday = at("2026-03-03T09:00:00Z");
        let state = scheduler.review(&CardState::new_card(tuesday), Rating::Good, tuesday, 0);
        store.record(&review(&deck, &other, tuesday, Rating::Good, SessionKind::Study), Some(&state)).unwrap();
        // A second review of the first card on Tuesday does not make it new on Tuesday.
        store.record(&review(&deck, &card, tuesday, Rating::Good, SessionKind::Study), Some(&state)).unwrap();
        assert_eq!(store.new_cards_started(&deck, monday, tuesday).unwrap(), 1);
        assert_eq!(store.new_cards_started(&deck, tuesday, at("2026-03-04T00:00:00Z")).unwrap(), 1);
    }

    #[test]
    fn only_the_newest_review_of_a_card_can_be_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let (deck, card) = ids();
        let scheduler = scheduler();
        let mut store = Store::open(dir.path()).unwrap();
        let time = at("2026-03-02T09:00:00Z");
        let state = scheduler.review(&CardState::new_card(time), Rating::Good, time, 0);
        let first = store.record(&review(&deck, &card, time, Rating::Good, SessionKind::Study), Some(&state)).unwrap();
        store.record(&review(&deck, &card, time, Rating::Good, SessionKind::Study), Some(&state)).unwrap();
        assert!(store.undo_review(first).is_err());
        assert_eq!(store.reviews(None).unwrap().len(), 2);
    }

    #[test]
    fn exams_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let attempt = ExamAttempt {
            deck: DeckId("deck".into()),
            seed: u64::MAX,
            started: at("2026-03-02T09:00:00Z"),
            finished: at("2026-03-02T09:15:00Z"),
            score: 0.75,
            correct: 3,
            total: 4,
            passed: true,
            answers_json: "{}".into(),
        };
        store.record_exam(&attempt).unwrap();
        assert_eq!(store.exams(Some(&attempt.deck)).unwrap(), [attempt]);
    }

    #[test]
    fn two_connections_writing_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path()).unwrap();
        let writers: Vec<_> = (0..2)
            .map(|writer| {
                let path = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    let deck = DeckId("deck".into());
                    let card = CardId(format!("card-{writer}"));
                    for index in 0..100 {
                        let time = Timestamp::from_millis(1_700_000_000_000 + index).unwrap();
                        store.record(&review(&deck, &card, time, Rating::Good, SessionKind::Drill), None).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.reviews(None).unwrap().len(), 200);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}
