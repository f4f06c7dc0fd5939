//! The store's hot queries, each named once: the code runs these constants and
//! a test asks SQLite's planner that each uses the index meant for it
//! ([`PLANNED`]), so a schema change cannot silently turn one into a scan.

/// The columns of a stored card, in the order `sql::stored_card` reads them.
macro_rules! stored_columns {
    () => {
        "phase, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, suspended, buried_until_ms, last_hash, leech_ms"
    };
}

/// The columns of a logged review, in the order `sql::logged_review` reads them.
macro_rules! review_columns {
    () => {
        "id, deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, \
         scheduled, before_phase, before_step, before_stability, before_difficulty, before_due_ms, \
         before_last_review_ms, before_reps, before_lapses"
    };
}

/// The columns of a review's before-state and what a replay needs of it.
macro_rules! step_columns {
    () => {
        "time_ms, rating, content_hash, before_phase, before_step, before_stability, before_difficulty, \
         before_due_ms, before_last_review_ms, before_reps, before_lapses"
    };
}

pub(super) use review_columns;

/// Every card state of a deck: `stats`, `cards`, the study summary.
pub const DECK_CARDS: &str = concat!("SELECT card, ", stored_columns!(), " FROM card_state WHERE deck = ?1");

/// The cards of a deck with a review that counts: the new cards a session may introduce are the rest.
pub const REVIEWED_CARDS: &str = "SELECT card FROM card_state WHERE deck = ?1 AND phase <> 'new'";

/// New cards a session may not introduce now: suspended, or buried (a
/// sibling was studied today).
pub const HELD_NEW: &str = "SELECT card FROM card_state
     WHERE deck = ?1 AND phase = 'new' AND (suspended = 1 OR buried_until_ms > ?2)";

/// The study queue, after every answer: reviewed cards due by `?2`.
pub const DUE_BY: &str = concat!(
    "SELECT card, ",
    stored_columns!(),
    " FROM card_state WHERE deck = ?1 AND due_ms <= ?2 AND phase <> 'new' ORDER BY due_ms, card"
);

/// The study queue between answers: reviewed cards that fell due in `(?2, ?3]`.
pub const DUE_BETWEEN: &str = concat!(
    "SELECT card, ",
    stored_columns!(),
    " FROM card_state WHERE deck = ?1 AND due_ms > ?2 AND due_ms <= ?3 AND phase <> 'new' ORDER BY due_ms, card"
);

/// New cards first reviewed in `[?2, ?3)`: the daily allowance across sessions.
pub const NEW_STARTED: &str =
    "SELECT count(*) FROM card_state WHERE deck = ?1 AND first_review_ms >= ?2 AND first_review_ms < ?3";

/// One card's state: every review and every answer.
pub const ONE_CARD: &str = concat!("SELECT ", stored_columns!(), " FROM card_state WHERE deck = ?1 AND card = ?2");

/// After an undo: the card's newest remaining scheduled review's hash, and its
/// first review's time. (`+time_ms` keeps the planner off `review_by_time`,
/// which would walk every review of the deck to find one card's minimum.)
pub const CARD_LATEST: &str = "SELECT content_hash, \
     (SELECT min(+time_ms) FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1) \
     FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1 ORDER BY +time_ms DESC, uid DESC LIMIT 1";

/// `quiz import --with-history`: a card's newest review time (`+time_ms`, as in [`CARD_LATEST`]).
pub const CARD_NEWEST_TIME: &str = "SELECT max(+time_ms) FROM review WHERE deck = ?1 AND card = ?2";
/// `quiz import --with-history`: how many reviews of a kind the card has at a moment.
pub const CARD_REVIEWS_AT: &str =
    "SELECT count(*) FROM review WHERE deck = ?1 AND card = ?2 AND +time_ms = ?3 AND kind = ?4";
/// `quiz undo --deck`: the deck's newest review made by device row `?2` (this one).
pub const NEWEST_OF_DECK: &str = "SELECT id FROM review WHERE deck = ?1 AND device = ?2 ORDER BY id DESC LIMIT 1";

/// A card's scheduled reviews at or after a place in its log (`?3` time,
/// `?4` uid), in fold order: replay after an amendment, undo or sync.
pub const CARD_STEPS: &str = concat!(
    "SELECT id, ",
    step_columns!(),
    " FROM review WHERE deck = ?1 AND card = ?2 AND scheduled = 1 AND (+time_ms > ?3 OR (+time_ms = ?3 AND uid >= ?4))
     ORDER BY +time_ms, uid"
);

/// `quiz rebuild`: the deck's scheduled reviews after a place in its log
/// (`?2` time, `?3` uid), in fold order, a batch at a time.
pub const DECK_STEPS: &str = concat!(
    "SELECT id, uid, card, ",
    step_columns!(),
    " FROM review WHERE deck = ?1 AND time_ms >= ?2 AND scheduled = 1 AND (time_ms > ?2 OR uid > ?3)
     ORDER BY time_ms, uid LIMIT ?4"
);

/// A card's reviews put where its events say (a sync may bring a review
/// after the undo or rerate naming it): undone ones moved out of the log that
/// counts, and each rerated one given its newest rating. The reviews are found
/// by uid from the card's few undo and rerate events (`+deck`, `+card` keep
/// SQLite off review_by_card, which would read every review row of the card to
/// test its uid: a third of a million-entry sync's time, with no event at all).
pub const CARD_STANDING: [&str; 4] = [
    "INSERT INTO undone_review SELECT * FROM review WHERE +deck = ?1 AND +card = ?2
         AND uid IN (SELECT target FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'undo')",
    "DELETE FROM review WHERE +deck = ?1 AND +card = ?2
         AND uid IN (SELECT target FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'undo')",
    "UPDATE review SET rating = (SELECT rating FROM event WHERE target = review.uid AND kind = 'rerate'
                                 ORDER BY time_ms DESC, uid DESC LIMIT 1)
     WHERE +deck = ?1 AND +card = ?2 AND uid IN (SELECT target FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'rerate')",
    "UPDATE undone_review SET rating = (SELECT rating FROM event WHERE target = undone_review.uid AND kind = 'rerate'
                                        ORDER BY time_ms DESC, uid DESC LIMIT 1)
     WHERE +deck = ?1 AND +card = ?2 AND uid IN (SELECT target FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'rerate')",
];

/// A card's row when it says nothing: a new card without a flag (a card
/// without a row is new and unflagged, so every write leaves it the same way).
pub const DROP_EMPTY_ROW: &str = "DELETE FROM card_state WHERE deck = ?1 AND card = ?2 AND phase = 'new'
     AND suspended = 0 AND buried_until_ms IS NULL AND leech_ms IS NULL";

/// The greatest uid among a card's reviews at one millisecond (`+time_ms`,
/// as in [`CARD_LATEST`]: a card has few reviews).
pub const CARD_REVIEW_UID_AT: &str = "SELECT max(uid) FROM review WHERE deck = ?1 AND card = ?2 AND +time_ms = ?3";

/// The greatest uid among a card's events at one millisecond.
pub const CARD_EVENT_UID_AT: &str = "SELECT max(uid) FROM event WHERE deck = ?1 AND card = ?2 AND time_ms = ?3";

/// Whether a card has an event that sets a flag.
pub const CARD_HAS_FLAG_EVENTS: &str = "SELECT EXISTS (SELECT 1 FROM event WHERE deck = ?1 AND card = ?2
     AND kind IN ('suspend', 'unsuspend', 'bury', 'leech'))";

/// A card's flags as its events set them: the newest suspend or unsuspend,
/// the newest bury, the newest leech mark.
pub const CARD_FLAGS_FROM_EVENTS: &str = "UPDATE card_state SET
     suspended = coalesce((SELECT kind = 'suspend' FROM event WHERE deck = ?1 AND card = ?2
                           AND kind IN ('suspend', 'unsuspend') ORDER BY time_ms DESC, uid DESC LIMIT 1), 0),
     buried_until_ms = (SELECT until_ms FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'bury'
                        ORDER BY time_ms DESC, uid DESC LIMIT 1),
     leech_ms = (SELECT max(time_ms) FROM event WHERE deck = ?1 AND card = ?2 AND kind = 'leech')
     WHERE deck = ?1 AND card = ?2";

/// A deck's log in time order: `quiz export`.
pub const DECK_LOG: &str = concat!("SELECT ", review_columns!(), " FROM review WHERE deck = ?1 ORDER BY time_ms, id");

/// `quiz stats`: reviews in `[?2, ?3]`, their kind, rating and phase before.
pub const REVIEWS_BETWEEN: &str =
    "SELECT kind, rating, before_phase FROM review WHERE deck = ?1 AND time_ms >= ?2 AND time_ms <= ?3";

/// `quiz stats`, the history charts: each answer in `[?2, ?3]`, only the
/// columns the charts count (no text but the phase name, read without a copy).
pub const HISTORY: &str = "SELECT time_ms, rating, duration_ms, scheduled, before_phase FROM review \
     WHERE deck = ?1 AND time_ms >= ?2 AND time_ms <= ?3";

/// `quiz stats`, the streak: whether any review falls in `[?2, ?3)`.
pub const ANY_REVIEW_BETWEEN: &str =
    "SELECT EXISTS (SELECT 1 FROM review WHERE deck = ?1 AND time_ms >= ?2 AND time_ms < ?3)";

/// The cards of a deck with a state: orphans in `quiz stats`.
pub const CARDS_WITH_STATE: &str = "SELECT card FROM card_state WHERE deck = ?1";

/// The cards of a deck that only drills saw have no state: orphans in `quiz stats`.
pub const CARDS_DRILLED: &str = "SELECT DISTINCT card FROM review WHERE deck = ?1 AND scheduled = 0";

/// `quiz optimize`: a deck's memory reviews in log order, with only what
/// fitting needs. In id order the rows are read from the table front to back:
/// 0.2 s for a million, against 1.4 s card by card on review_by_card, whose
/// every row is a seek elsewhere in the table.
pub const DECK_MEMORY_REVIEWS: &str =
    "SELECT card, time_ms, rating FROM review WHERE deck = ?1 AND scheduled = 1 ORDER BY id";

/// `quiz optimize --all`: the first deck id after `?1` that has reviews.
pub const NEXT_DECK: &str = "SELECT min(deck) FROM review WHERE deck > ?1";

/// `quiz optimize --all`: whether the deck has a memory review.
pub const DECK_HAS_MEMORY: &str = "SELECT EXISTS (SELECT 1 FROM review WHERE deck = ?1 AND scheduled = 1)";

/// A deck's fitted FSRS parameters.
pub const DECK_PARAMETERS: &str = "SELECT parameters, fitted_ms, review_count, log_loss, rmse_bins, \
     previous_log_loss, previous_rmse_bins FROM deck_parameters WHERE deck = ?1";

/// Each hot query with the index it must be answered from.
#[cfg(test)]
pub const PLANNED: &[(&str, &str)] = &[
    (DUE_BY, "card_state_by_due"),
    (REVIEWED_CARDS, "PRIMARY KEY"),
    (HELD_NEW, "PRIMARY KEY"),
    (DUE_BETWEEN, "card_state_by_due"),
    (NEW_STARTED, "card_state_by_first_review"),
    (ONE_CARD, "PRIMARY KEY"),
    (DECK_CARDS, "PRIMARY KEY"),
    (NEWEST_OF_DECK, "review_by_deck"),
    (CARD_LATEST, "review_by_card"),
    (CARD_STEPS, "review_by_card"),
    (CARD_NEWEST_TIME, "review_by_card"),
    (CARD_REVIEWS_AT, "review_by_card"),
    (CARD_REVIEW_UID_AT, "review_by_card"),
    (CARD_EVENT_UID_AT, "event_by_card"),
    (DECK_STEPS, "review_by_time"),
    (DECK_LOG, "review_by_time"),
    (REVIEWS_BETWEEN, "review_by_time"),
    (HISTORY, "COVERING INDEX review_by_time"),
    (CARDS_WITH_STATE, "COVERING INDEX card_state_by_due"),
    (CARDS_DRILLED, "review_unscheduled"),
    (ANY_REVIEW_BETWEEN, "review_by_time"),
    (DECK_MEMORY_REVIEWS, "review_by_deck"),
    (NEXT_DECK, "COVERING INDEX review_by_deck"),
    (DECK_HAS_MEMORY, "COVERING INDEX review_by_time"),
    (DECK_PARAMETERS, "PRIMARY KEY"),
];
