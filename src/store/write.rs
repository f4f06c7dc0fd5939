//! The one write path for reviews, and the other writes. Each runs in one
//! `BEGIN IMMEDIATE` transaction, so it holds the write lock from its first
//! read: a state is always computed from the state committed just before it,
//! never from one read earlier (which another process may have moved on).

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::replay::{fold_flags, rebuild_deck, refold_card, replay_from, reset_card, Position};
use super::{queries, sql, DeckPlace, ExamAttempt, Located, LoggedReview, NewReview, SessionKind, Store, StoredCard};
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::Result;
use crate::schedule::{CardState, Phase, Rating, Scheduler};

/// A review written inside an open transaction, not yet committed: the caller
/// commits once it has done what must succeed with it (print its result), or
/// drops it to roll back.
pub struct Pending<'s> {
    transaction: Transaction<'s>,
    path: &'s Path,
    /// The review's id in the log.
    pub id: i64,
    /// The card's state before the review (`None` for a new card or a drill).
    pub before: Option<CardState>,
    /// The card's state after it (`None` for a drill).
    pub after: Option<CardState>,
}

impl Pending<'_> {
    /// Commits the review (and syncs it to disk).
    pub fn commit(self) -> Result<()> {
        self.transaction.commit().at(self.path)
    }
}

/// What a rebuild did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rebuilt {
    /// Cards whose state was recomputed.
    pub cards: usize,
    /// Scheduled reviews replayed.
    pub reviews: usize,
}

impl Store {
    /// Appends a review and, for a kind that moves the schedule, the card's new
    /// state — computed by `scheduler` from the state read inside the same
    /// transaction — without committing.
    pub fn begin_review(&mut self, review: &NewReview<'_>, scheduler: &Scheduler) -> Result<Pending<'_>> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        let scheduled = review.kind.moves_schedule();
        let mut before = None;
        let mut after = None;
        if scheduled {
            before = read_state(&transaction, review.deck, review.card).at(path)?;
            let start = before.unwrap_or_else(|| CardState::new_card(review.time));
            after = Some(scheduler.review(&review.card.0, &start, review.rating, review.time));
        }
        let id = insert_review(&transaction, review).at(path)?;
        set_before(&transaction, id, before.as_ref()).at(path)?;
        if let Some(state) = &after {
            let trail = Trail { hash: Some(review.content_hash), first: FirstReview::Unless(review.time) };
            write_state(&transaction, review.deck, review.card, state, trail).at(path)?;
            // A review synced from a device whose clock runs ahead can be newer than
            // this one: then this one is folded in where its time puts it.
            let behind = before.and_then(|state| state.last_review).is_some_and(|last| last > review.time);
            if behind {
                after = refold_card(&transaction, review.deck, review.card, scheduler).at(path)?;
            }
        }
        Ok(Pending { transaction, path, id, before, after })
    }

    /// Appends a review and commits it: [`Store::begin_review`], then commit.
    /// Returns the review's id and the card's new state (`None` for a drill).
    pub fn record(&mut self, review: &NewReview<'_>, scheduler: &Scheduler) -> Result<(i64, Option<CardState>)> {
        let pending = self.begin_review(review, scheduler)?;
        let (id, after) = (pending.id, pending.after);
        pending.commit()?;
        Ok((id, after))
    }

    /// Changes the rating of review `id` (the learner overrode the default)
    /// and recomputes the card's state from it: from the state before it, and
    /// through any review of the card recorded since (by another session).
    /// Returns the card's new state (`None` for a drill).
    pub fn amend_rating(
        &mut self,
        id: i64,
        rating: Rating,
        at: Timestamp,
        scheduler: &Scheduler,
    ) -> Result<Option<CardState>> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        let review = read_review(&transaction, id).at(path)?.ok_or_else(|| Store::no_such_review(id))?;
        let rerate = Event::Rerate { review: id, rating, previous: review.rating };
        record_event(&transaction, &review.deck, &review.card, at, rerate).at(path)?;
        transaction.execute("UPDATE review SET rating = ?2 WHERE id = ?1", params![id, rating]).at(path)?;
        let state = match review.scheduled {
            true => {
                let from = Position::of_review(&transaction, id).at(path)?;
                replay_from(&transaction, &review.deck, &review.card, review.state_before, &from, scheduler).at(path)?
            }
            false => None,
        };
        transaction.commit().at(path)?;
        Ok(state)
    }

    /// Takes review `id` back at `at` and restores its card: exactly the state
    /// before it when it is the card's newest scheduled review, else the
    /// replay of the card's later reviews from that state. The review leaves
    /// the log that counts but is kept whole in `undone_review`, with an
    /// `undo` event naming it. Returns the review taken back.
    pub fn undo_review(&mut self, id: i64, at: Timestamp, scheduler: &Scheduler) -> Result<LoggedReview> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        let review = read_review(&transaction, id).at(path)?.ok_or_else(|| Store::no_such_review(id))?;
        record_event(&transaction, &review.deck, &review.card, at, Event::Undo { review: id }).at(path)?;
        let from = Position::of_review(&transaction, id).at(path)?;
        transaction.execute("INSERT INTO undone_review SELECT * FROM review WHERE id = ?1", [id]).at(path)?;
        transaction.execute("DELETE FROM review WHERE id = ?1", [id]).at(path)?;
        if review.scheduled {
            let (deck, card) = (&review.deck, &review.card);
            match replay_from(&transaction, deck, card, review.state_before, &from, scheduler).at(path)? {
                Some(_) => {}
                None => reset_card(&transaction, &review.deck, &review.card, review.state_before.as_ref()).at(path)?,
            }
        }
        transaction.commit().at(path)?;
        Ok(review)
    }

    /// Recomputes every card state of `deck` from its log, in one transaction
    /// (reviews wait for it, so none is lost or half-counted): each card's
    /// scheduled reviews are folded through `scheduler` in the order they were
    /// answered, and the state before each review is brought up to date.
    /// Suspension and burial are kept.
    pub fn rebuild(&mut self, deck: &DeckId, scheduler: &Scheduler) -> Result<Rebuilt> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        let rebuilt = rebuild_deck(&transaction, deck, scheduler).at(path)?;
        transaction.commit().at(path)?;
        Ok(rebuilt)
    }

    /// Suspends or unsuspends a card at `at`: an event, and the card's flag.
    pub fn set_suspended(&mut self, deck: &DeckId, card: &CardId, suspended: bool, at: Timestamp) -> Result<()> {
        self.flags(deck, card, at, &[Event::Suspended(suspended)])
    }

    /// Records `events` and refolds the card's flags from them, in one transaction.
    fn flags(&mut self, deck: &DeckId, card: &CardId, at: Timestamp, events: &[Event]) -> Result<()> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        set_flags(&transaction, deck, card, at, events).at(path)?;
        transaction.commit().at(path)
    }

    /// Marks a card a leech as of `at` (a mark a rebuild keeps), and
    /// suspends it too when `suspend`: an event, and the card's flags.
    pub fn mark_leech(&mut self, deck: &DeckId, card: &CardId, at: Timestamp, suspend: bool) -> Result<()> {
        match suspend {
            true => self.flags(deck, card, at, &[Event::Leech, Event::Suspended(true)]),
            false => self.flags(deck, card, at, &[Event::Leech]),
        }
    }

    /// Hides a card from `at` until `until`: an event, and the card's flag.
    pub fn bury(&mut self, deck: &DeckId, card: &CardId, at: Timestamp, until: Timestamp) -> Result<()> {
        self.flags(deck, card, at, &[Event::Buried(until)])
    }

    /// Stores an exam attempt, finished or abandoned.
    pub fn record_exam(&mut self, attempt: &ExamAttempt) -> Result<i64> {
        self.connection
            .execute(
                "INSERT INTO exam (deck, seed, started_ms, finished_ms, score, correct, total, passed, answers, abandoned)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    attempt.deck,
                    attempt.seed.to_string(),
                    attempt.started,
                    attempt.finished,
                    attempt.score,
                    attempt.correct,
                    attempt.total,
                    attempt.passed,
                    attempt.answers_json,
                    attempt.abandoned,
                ],
            )
            .at(&self.path)?;
        Ok(self.connection.last_insert_rowid())
    }

    /// Records that `deck` was used from `place` at `now` (when it was used
    /// from somewhere else before, or never); returns that other place.
    pub fn remember_deck_place(
        &mut self,
        deck: &DeckId,
        place: &DeckPlace,
        now: Timestamp,
    ) -> Result<Option<DeckPlace>> {
        let previous = self.deck_place(deck)?;
        if previous.as_ref() == Some(place) {
            // Nothing to note: no write transaction (and fsync) on every start.
            return Ok(None);
        }
        self.connection
            .execute(
                "INSERT INTO deck_file (deck, origin, place, last_used_ms) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (deck) DO UPDATE SET origin = excluded.origin, place = excluded.place,
                     last_used_ms = excluded.last_used_ms",
                params![deck, place.origin, place.place, now],
            )
            .at(&self.path)?;
        Ok(previous)
    }
}

/// A card's cached state and flags.
/// Appends `review` to the log (its schedule and state-before are the
/// caller's to write): the one INSERT every review goes through.
/// Something the learner did to a card besides answering it, as the event log records it.
#[derive(Clone, Copy)]
enum Event {
    /// Review `id` taken back.
    Undo { review: i64 },
    /// Review `id` given `rating` instead of `previous`.
    Rerate { review: i64, rating: Rating, previous: Rating },
    /// Suspended or unsuspended.
    Suspended(bool),
    /// Hidden until then.
    Buried(Timestamp),
    /// Marked a leech.
    Leech,
}

/// Records `events` about a card and refolds its flags from its events (so a
/// newer event already synced from another device keeps its say).
fn set_flags(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    at: Timestamp,
    events: &[Event],
) -> rusqlite::Result<()> {
    for event in events {
        record_event(connection, deck, card, at, *event)?;
    }
    fold_flags(connection, deck, card)
}

/// Suspends a card at `at` inside a larger write (an import): an event, and its flag.
pub(super) fn suspend(connection: &Connection, deck: &DeckId, card: &CardId, at: Timestamp) -> rusqlite::Result<()> {
    set_flags(connection, deck, card, at, &[Event::Suspended(true)])
}

/// Appends `event` about `card` of `deck`, made `at` by this device.
fn record_event(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    at: Timestamp,
    event: Event,
) -> rusqlite::Result<()> {
    let (kind, review, rating, previous, until) = match event {
        Event::Undo { review } => ("undo", Some(review), None, None, None),
        Event::Rerate { review, rating, previous } => ("rerate", Some(review), Some(rating), Some(previous), None),
        Event::Suspended(true) => ("suspend", None, None, None, None),
        Event::Suspended(false) => ("unsuspend", None, None, None, None),
        Event::Buried(until) => ("bury", None, None, None, Some(until)),
        Event::Leech => ("leech", None, None, None, None),
    };
    connection
        .prepare_cached(
            "INSERT INTO event (uid, device, time_ms, deck, card, kind, target, rating, previous, until_ms)
             VALUES (?1, (SELECT id FROM device WHERE this = 1), ?2, ?3, ?4, ?5,
                     (SELECT uid FROM review WHERE id = ?6), ?7, ?8, ?9)",
        )?
        .execute(params![
            after_the_last(connection, queries::CARD_EVENT_UID_AT, deck, card, at)?.as_slice(),
            at,
            deck,
            card,
            kind,
            review,
            rating,
            previous,
            until
        ])?;
    Ok(())
}

/// A new uid at `at` for an entry of `card` that sorts after the card's
/// entries already at that millisecond (`newest_at` finds the greatest): the
/// fold orders equal times by uid, and a script run twice at one `--now`
/// means its second action, not a coin toss. The random bits are bumped by
/// one when they would sort first.
fn after_the_last(
    connection: &Connection,
    newest_at: &str,
    deck: &DeckId,
    card: &CardId,
    at: Timestamp,
) -> rusqlite::Result<[u8; 16]> {
    let fresh = review_uid(at);
    let newest: Option<Vec<u8>> =
        connection.prepare_cached(newest_at)?.query_row(params![deck, card, at], |row| row.get(0))?;
    Ok(match newest.and_then(|newest| <[u8; 16]>::try_from(newest).ok()) {
        Some(newest) if newest >= fresh => (u128::from_be_bytes(newest).wrapping_add(1)).to_be_bytes(),
        Some(_) | None => fresh,
    })
}

/// A new review's globally unique id: a UUIDv7 whose time is the review's
/// (so ids sort as the reviews were answered) and whose other 74 bits are random.
pub(super) fn review_uid(time: Timestamp) -> [u8; 16] {
    let millis = u64::try_from(time.millis()).unwrap_or(0);
    let at = uuid::Timestamp::from_unix(uuid::NoContext, millis / 1000, (millis % 1000) as u32 * 1_000_000);
    uuid::Uuid::new_v7(at).into_bytes()
}

/// The id a new review gets. A review brought from Anki's log gets the id
/// its content gives it (as a migrated review does), so the same history
/// imported on two devices is one history once they sync.
fn new_review_uid(review: &NewReview<'_>) -> [u8; 16] {
    match review.kind {
        SessionKind::Anki => content_uid(&ReviewContent {
            deck: &review.deck.0,
            card: &review.card.0,
            kind: review.kind.name(),
            response: review.response,
            time_ms: review.time.millis(),
            rating: review.rating as i64,
            duration_ms: i64::try_from(review.duration_ms).unwrap_or(i64::MAX),
            nth: 1,
        }),
        SessionKind::Study | SessionKind::Drill | SessionKind::Exam | SessionKind::Review => review_uid(review.time),
    }
}

/// What a review's id can be derived from when it must come out the same
/// wherever it is made: everything it records, and which of a store's
/// identical reviews it is.
pub(super) struct ReviewContent<'a> {
    pub deck: &'a str,
    pub card: &'a str,
    pub kind: &'a str,
    pub response: &'a str,
    pub time_ms: i64,
    pub rating: i64,
    pub duration_ms: i64,
    pub nth: i64,
}

/// The id `content` gives a review: a UUIDv7 at its time whose other bits
/// hash the rest (BLAKE3).
pub(super) fn content_uid(content: &ReviewContent<'_>) -> [u8; 16] {
    let mut hasher = blake3::Hasher::new();
    for text in [content.deck, content.card, content.kind, content.response] {
        hasher.update(text.as_bytes()).update(&[0xff]);
    }
    for number in [content.time_ms, content.rating, content.duration_ms, content.nth] {
        hasher.update(&number.to_le_bytes());
    }
    uid_at(content.time_ms, hasher.finalize().as_bytes())
}

/// A UUIDv7 at `time_ms` (clamped to its 48 bits) whose other 74 bits are
/// taken from `bits`: RFC 9562's layout, for ids that must come out the same
/// wherever they are made (a migration's).
pub(super) fn uid_at(time_ms: i64, bits: &[u8; 32]) -> [u8; 16] {
    let time = time_ms.clamp(0, (1 << 48) - 1).to_be_bytes();
    let mut uid = [0u8; 16];
    uid[..6].copy_from_slice(&time[2..]);
    uid[6..].copy_from_slice(&bits[..10]);
    uid[6] = 0x70 | (uid[6] & 0x0f);
    uid[8] = 0x80 | (uid[8] & 0x3f);
    uid
}

pub(super) fn insert_review(connection: &Connection, review: &NewReview<'_>) -> rusqlite::Result<i64> {
    let uid = match review.kind {
        SessionKind::Anki => new_review_uid(review),
        SessionKind::Study | SessionKind::Drill | SessionKind::Exam | SessionKind::Review => {
            after_the_last(connection, queries::CARD_REVIEW_UID_AT, review.deck, review.card, review.time)?
        }
    };
    insert_review_as(connection, review, &uid, None)
}

/// Appends `review` under the id `uid`, made by the device of row `device`
/// (this one when `None`): the one INSERT every review goes through, new or synced.
pub(super) fn insert_review_as(
    connection: &Connection,
    review: &NewReview<'_>,
    uid: &[u8; 16],
    device: Option<i64>,
) -> rusqlite::Result<i64> {
    connection
        .prepare_cached(
            "INSERT INTO review
                 (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled, uid, device)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                     coalesce(?12, (SELECT id FROM device WHERE this = 1)))",
        )?
        .execute(params![
            review.deck,
            review.card,
            review.content_hash,
            review.time,
            review.rating,
            review.response,
            review.correct,
            i64::try_from(review.duration_ms).unwrap_or(i64::MAX),
            review.kind,
            review.kind.moves_schedule(),
            uid.as_slice(),
            device,
        ])?;
    Ok(connection.last_insert_rowid())
}

pub(super) fn read_card(connection: &Connection, deck: &DeckId, card: &CardId) -> rusqlite::Result<Option<StoredCard>> {
    let mut statement = connection.prepare_cached(queries::ONE_CARD)?;
    statement.query_row(params![deck, card], |row| sql::stored_card(row, 0)).optional()
}

/// A card's scheduling state, unless it is new (or has no row).
fn read_state(connection: &Connection, deck: &DeckId, card: &CardId) -> rusqlite::Result<Option<CardState>> {
    Ok(read_card(connection, deck, card)?.map(|stored| stored.state).filter(|state| state.phase != Phase::New))
}

fn read_review(connection: &Connection, id: i64) -> rusqlite::Result<Option<LoggedReview>> {
    let sql = format!("SELECT {} FROM review WHERE id = ?1", sql::REVIEW_COLUMNS);
    connection.query_row(&sql, [id], sql::logged_review).optional()
}

/// Stores the state before review `id` (NULLs for a new card).
pub(super) fn set_before(connection: &Connection, id: i64, before: Option<&CardState>) -> rusqlite::Result<()> {
    let mut statement = connection.prepare_cached(
        "UPDATE review SET before_phase = ?2, before_step = ?3, before_stability = ?4, before_difficulty = ?5,
             before_due_ms = ?6, before_last_review_ms = ?7, before_reps = ?8, before_lapses = ?9 WHERE id = ?1",
    )?;
    statement.execute(params![
        id,
        before.map(|state| state.phase),
        before.map(|state| state.step),
        before.and_then(|state| state.stability),
        before.and_then(|state| state.difficulty),
        before.map(|state| state.due),
        before.and_then(|state| state.last_review),
        before.map(|state| state.reps),
        before.map(|state| state.lapses),
    ])?;
    Ok(())
}

/// What the log behind a card's state says besides the state itself.
pub(super) struct Trail<'h> {
    /// The content hash of the card's newest scheduled review (`None`: it has none).
    pub hash: Option<&'h str>,
    /// When the card was first reviewed.
    pub first: FirstReview,
}

/// How a state write sets the card's first-review time (which counts it
/// against the day's new cards).
pub(super) enum FirstReview {
    /// A review was appended at this time: it is the first unless one is stored.
    Unless(Timestamp),
    /// Recomputed from the log: exactly this.
    Exactly(Option<Timestamp>),
    /// Unchanged (the card's first review was not replayed).
    Kept,
}

/// Upserts a card's scheduling state and its trail in one statement, keeping its flags.
pub(super) fn write_state(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    state: &CardState,
    trail: Trail<'_>,
) -> rusqlite::Result<()> {
    let mut statement = connection.prepare_cached(
        "INSERT INTO card_state
             (deck, card, phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, last_hash,
              first_review_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (deck, card) DO UPDATE SET
             phase = excluded.phase, step = excluded.step, stability = excluded.stability,
             difficulty = excluded.difficulty, due_ms = excluded.due_ms, last_review_ms = excluded.last_review_ms,
             reps = excluded.reps, lapses = excluded.lapses, last_hash = excluded.last_hash,
             first_review_ms = CASE ?13 WHEN 0 THEN excluded.first_review_ms
                 ELSE coalesce(card_state.first_review_ms, excluded.first_review_ms) END",
    )?;
    let (first, keep_stored) = match trail.first {
        FirstReview::Unless(time) => (Some(time), true),
        FirstReview::Exactly(first) => (first, false),
        FirstReview::Kept => (None, true),
    };
    statement.execute(params![
        deck,
        card,
        state.phase,
        state.step,
        state.stability,
        state.difficulty,
        state.due,
        state.last_review,
        state.reps,
        state.lapses,
        trail.hash,
        first,
        keep_stored,
    ])?;
    Ok(())
}

/// A row for a card that has none, so a flag can be set on a new card.
pub(super) fn ensure_row(connection: &Connection, deck: &DeckId, card: &CardId) -> rusqlite::Result<()> {
    let new = CardState::new_card(Timestamp::EPOCH);
    connection.execute(
        "INSERT OR IGNORE INTO card_state (deck, card, phase, step, due_ms, reps, lapses) VALUES (?1, ?2, ?3, 0, ?4, 0, 0)",
        params![deck, card, new.phase, new.due],
    )?;
    Ok(())
}
