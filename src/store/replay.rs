//! Card states as the fold of the log. A card's state is its scheduled
//! reviews folded through the scheduler in `(time, uid)` order — the order the
//! answers were given, ties broken by id bytes every device sorts alike — so
//! the state does not depend on the order the reviews reached this store.
//! Its flags are the fold of its events in the same order.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::write::{ensure_row, set_before, write_state, FirstReview, Trail};
use super::{queries, sql, Rebuilt};
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::schedule::{CardState, Rating, Scheduler};

/// A place in a card's log: a review's time and id. Replays start at one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Position {
    pub time_ms: i64,
    pub uid: Vec<u8>,
}

impl Position {
    /// Before every review.
    pub fn start() -> Position {
        Position { time_ms: i64::MIN, uid: Vec::new() }
    }

    /// Where review `id` stands in its card's log.
    pub fn of_review(connection: &Connection, id: i64) -> rusqlite::Result<Position> {
        connection.query_row("SELECT time_ms, uid FROM review WHERE id = ?1", [id], |row| {
            Ok(Position { time_ms: row.get(0)?, uid: row.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default() })
        })
    }
}

/// One scheduled review as a replay needs it.
struct Step {
    id: i64,
    time: Timestamp,
    rating: Rating,
    content_hash: String,
    before: Option<CardState>,
}

/// The card's scheduled reviews at or after `from`, in fold order.
fn steps_from(connection: &Connection, deck: &DeckId, card: &CardId, from: &Position) -> rusqlite::Result<Vec<Step>> {
    let mut statement = connection.prepare_cached(queries::CARD_STEPS)?;
    let rows = statement.query_map(params![deck, card, from.time_ms, from.uid], |row| {
        Ok(Step {
            id: row.get(0)?,
            time: row.get(1)?,
            rating: row.get(2)?,
            content_hash: row.get(3)?,
            before: sql::optional_card_state(row, 4)?,
        })
    })?;
    rows.collect()
}

/// Folds `steps` through the scheduler from `start`, updating each review's
/// stored "before" state where it changed. Returns the final state.
fn fold(
    connection: &Connection,
    card: &CardId,
    start: Option<CardState>,
    steps: &[Step],
    scheduler: &Scheduler,
) -> rusqlite::Result<Option<CardState>> {
    let mut state = start;
    for step in steps {
        if step.before != state {
            set_before(connection, step.id, state.as_ref())?;
        }
        let from = state.unwrap_or_else(|| CardState::new_card(step.time));
        state = Some(scheduler.review(&card.0, &from, step.rating, step.time));
    }
    Ok(state)
}

/// Replays a card from `start` (the state before `from`) over its scheduled
/// reviews at or after `from`, and stores the result with the newest review's
/// content hash. Returns `None`, touching nothing, when nothing is left to replay.
pub(super) fn replay_from(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    start: Option<CardState>,
    from: &Position,
    scheduler: &Scheduler,
) -> rusqlite::Result<Option<CardState>> {
    let steps = steps_from(connection, deck, card, from)?;
    let Some(newest) = steps.last() else { return Ok(None) };
    let state = fold(connection, card, start, &steps, scheduler)?;
    if let Some(state) = &state {
        // Replayed from a new card: the first review is the first one left.
        let first = match start {
            None => FirstReview::Exactly(steps.first().map(|step| step.time)),
            Some(_) => FirstReview::Kept,
        };
        write_state(connection, deck, card, state, Trail { hash: Some(&newest.content_hash), first })?;
    }
    Ok(state)
}

/// After the newest scheduled review of a card was removed: back to the exact
/// state before it, or to a new card when it was the first.
pub(super) fn reset_card(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    before: Option<&CardState>,
) -> rusqlite::Result<()> {
    match before {
        Some(state) => {
            // The log's newest remaining scheduled review of the card gives its hash and first review.
            let previous: Option<(String, Timestamp)> = connection
                .prepare_cached(queries::CARD_LATEST)?
                .query_row(params![deck, card], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            let (hash, first) = previous.map_or((None, None), |(hash, first)| (Some(hash), Some(first)));
            write_state(
                connection,
                deck,
                card,
                state,
                Trail { hash: hash.as_deref(), first: FirstReview::Exactly(first) },
            )?;
        }
        None => {
            // Back to new; keep the row only if it carries a flag.
            let trail = Trail { hash: None, first: FirstReview::Exactly(None) };
            write_state(connection, deck, card, &CardState::new_card(Timestamp::EPOCH), trail)?;
            connection.prepare_cached(queries::DROP_EMPTY_ROW)?.execute(params![deck, card])?;
        }
    }
    Ok(())
}

/// How many reviews a rebuild reads at a time: the before-states it corrects
/// are written between batches, so memory stays bounded however long the log.
const REBUILD_BATCH: i64 = 20_000;

/// A card's state part-way through a rebuild.
struct Replayed {
    state: CardState,
    first: Timestamp,
    hash: String,
}

/// Recomputes every state of `deck` in one pass over its log in fold order (a
/// streaming replay along the time index, not card by card), then writes each
/// card's state once.
pub(super) fn rebuild_deck(
    transaction: &Transaction<'_>,
    deck: &DeckId,
    scheduler: &Scheduler,
) -> rusqlite::Result<Rebuilt> {
    // States of cards without scheduled reviews go; flagged rows stay, as new cards.
    transaction.execute(
        "DELETE FROM card_state WHERE deck = ?1 AND suspended = 0 AND buried_until_ms IS NULL AND leech_ms IS NULL
             AND card NOT IN (SELECT card FROM review WHERE deck = ?1 AND scheduled = 1)",
        [deck],
    )?;
    let new = CardState::new_card(Timestamp::EPOCH);
    transaction.execute(
        "UPDATE card_state SET phase = ?2, step = 0, stability = NULL, difficulty = NULL, due_ms = ?3,
             last_review_ms = NULL, reps = 0, lapses = 0, last_hash = NULL, first_review_ms = NULL
         WHERE deck = ?1 AND card NOT IN (SELECT card FROM review WHERE deck = ?1 AND scheduled = 1)",
        params![deck, new.phase, new.due],
    )?;
    let mut cards: std::collections::HashMap<String, Replayed> = std::collections::HashMap::new();
    let mut reviews = 0;
    let mut after = Position::start();
    loop {
        let mut corrections: Vec<(i64, Option<CardState>)> = Vec::new();
        let mut read = 0;
        {
            let mut statement = transaction.prepare_cached(queries::DECK_STEPS)?;
            let mut rows = statement.query(params![deck, after.time_ms, after.uid, REBUILD_BATCH])?;
            while let Some(row) = rows.next()? {
                read += 1;
                let id: i64 = row.get(0)?;
                let uid: Vec<u8> = row.get(1)?;
                let card: String = row.get(2)?;
                let time: Timestamp = row.get(3)?;
                let rating: Rating = row.get(4)?;
                let hash: String = row.get(5)?;
                let before = sql::optional_card_state(row, 6)?;
                after = Position { time_ms: time.millis(), uid };
                let replayed = cards.get_mut(&card);
                let state = replayed.as_ref().map(|replayed| replayed.state);
                if before != state {
                    corrections.push((id, state));
                }
                let from = state.unwrap_or_else(|| CardState::new_card(time));
                let next = scheduler.review(&card, &from, rating, time);
                match replayed {
                    Some(replayed) => {
                        replayed.state = next;
                        replayed.hash = hash;
                    }
                    None => {
                        cards.insert(card, Replayed { state: next, first: time, hash });
                    }
                }
            }
        }
        reviews += read;
        for (id, before) in corrections {
            set_before(transaction, id, before.as_ref())?;
        }
        if read < REBUILD_BATCH as usize {
            break;
        }
    }
    for (card, replayed) in &cards {
        let trail = Trail { hash: Some(&replayed.hash), first: FirstReview::Exactly(Some(replayed.first)) };
        write_state(transaction, deck, &CardId(card.clone()), &replayed.state, trail)?;
    }
    Ok(Rebuilt { cards: cards.len(), reviews })
}

/// Recomputes one card from its whole log: first its reviews' standing (a
/// review an `undo` names leaves the log that counts; one a `rerate` names
/// takes the newest such rating), then its state, folded from new through
/// `scheduler`, then its flags, each the newest event that sets it. What a
/// sync runs for every card it brought events for: the result depends only on
/// which reviews and events the store holds, not on when they arrived.
pub(super) fn refold_card(
    connection: &Connection,
    deck: &DeckId,
    card: &CardId,
    scheduler: &Scheduler,
) -> rusqlite::Result<Option<CardState>> {
    for sql in queries::CARD_STANDING {
        connection.prepare_cached(sql)?.execute(params![deck, card])?;
    }
    let state = match replay_from(connection, deck, card, None, &Position::start(), scheduler)? {
        Some(state) => Some(state),
        None => {
            reset_card(connection, deck, card, None)?;
            None
        }
    };
    let flagged: bool =
        connection.prepare_cached(queries::CARD_HAS_FLAG_EVENTS)?.query_row(params![deck, card], |row| row.get(0))?;
    if flagged {
        fold_flags(connection, deck, card)?;
    }
    Ok(state)
}

/// Sets a card's flags to what its events say — the newest suspend or
/// unsuspend, the newest bury, the newest leech mark — the one way flags are
/// written, by a learner's action here or by a sync; a row left saying
/// nothing goes.
pub(super) fn fold_flags(connection: &Connection, deck: &DeckId, card: &CardId) -> rusqlite::Result<()> {
    ensure_row(connection, deck, card)?;
    connection.prepare_cached(queries::CARD_FLAGS_FROM_EVENTS)?.execute(params![deck, card])?;
    connection.prepare_cached(queries::DROP_EMPTY_ROW)?.execute(params![deck, card])?;
    Ok(())
}
