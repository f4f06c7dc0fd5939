//! Sessions: the loops that ask, grade, rate and record — study, drill and
//! exam. They reach the terminal only through [`Prompter`], and the store only
//! through the [`Journal`], so they are tested with a scripted prompter and a
//! temporary store.

pub mod drill;
mod due;
pub mod exam;
mod journal;
mod pose;
mod prompt;
pub mod queue;
#[cfg(test)]
pub(crate) mod scripted;
pub mod study;

pub use journal::{Answered, Journal, Leech, Recorded};
pub use pose::{ask_until_read, assess, permutation, pose, pose_in_order, response_for, Posed};
pub use prompt::{Feedback, Form, Given, Header, Notice, Prompter, Question, RatingAction, RatingPrompt, Reply};

use crate::grade::Verdict;
use crate::schedule::Rating;

/// The rating an answer gets unless the learner says otherwise: right → Good,
/// right with a typo → Hard, wrong → Again.
pub fn default_rating(verdict: Verdict) -> Rating {
    match verdict {
        Verdict::Correct => Rating::Good,
        Verdict::Typo => Rating::Hard,
        Verdict::Incorrect => Rating::Again,
    }
}

/// Shared fixtures for session tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::clock::Timestamp;
    use crate::deck::{load, Deck, DeckFile, Origin};
    use crate::schedule::{Scheduler, SchedulerConfig};
    use crate::store::Store;

    /// The every-kind fixture deck.
    pub fn kinds_deck() -> Deck {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
        let file = DeckFile {
            display_name: "kinds.toml".to_string(),
            text: std::fs::read_to_string(&path).expect("the fixture deck"),
            origin: Origin::File(path),
        };
        let loaded = load(&file);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.deck.expect("a valid deck")
    }

    /// A store in a fresh temporary folder (keep the guard alive).
    pub fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(dir.path()).expect("a new store");
        (dir, store)
    }

    /// A scheduler without fuzz, so due dates are exact.
    pub fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig { enable_fuzz: false, ..SchedulerConfig::default() }).expect("valid settings")
    }

    /// Records `rating` for `card` of `deck` at `time`, as a session of `kind` would.
    pub fn record(
        store: &mut Store,
        deck: &Deck,
        card: &str,
        time: Timestamp,
        rating: crate::schedule::Rating,
        kind: crate::store::SessionKind,
    ) {
        let card = deck.card(card).expect("a card of the deck");
        let review = crate::store::NewReview {
            deck: &deck.id,
            card: &card.id,
            content_hash: &card.content_hash,
            time,
            rating,
            response: "",
            correct: rating != crate::schedule::Rating::Again,
            duration_ms: 0,
            kind,
        };
        store.record(&review, &scheduler()).expect("the review is recorded");
    }

    /// 2026-03-02T09:00:00Z.
    pub fn monday() -> Timestamp {
        "2026-03-02T09:00:00Z".parse().expect("a valid time")
    }
}
