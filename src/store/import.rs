//! Reviews from another tool's log (`quiz import --with-history`), appended
//! through the one INSERT every review takes, then the deck rebuilt.

use rusqlite::{params, TransactionBehavior};

use super::replay::rebuild_deck;
use super::write::{insert_review, suspend};
use super::{queries, Located, NewReview, Store};
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::Result;
use crate::schedule::Scheduler;

/// What appending an imported history did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryAdded {
    /// Reviews added to the log.
    pub added: usize,
    /// Reviews already in the log (an earlier import of the same history).
    pub already: usize,
    /// Reviews older than the card's newest review here, left out: the log is
    /// replayed in order, and quiz's own later reviews already moved on from them.
    pub older: usize,
    /// Cards suspended.
    pub suspended: usize,
}

impl Store {
    /// Appends `reviews` (each card's in time order) and suspends `suspended` (at `now`),
    /// then recomputes the deck's states — all in one transaction, so an
    /// import is whole or absent. A review is skipped when the card already
    /// has one at or after its time: re-importing the same history adds
    /// nothing, and an updated one adds only what is new.
    pub fn import_history(
        &mut self,
        deck: &DeckId,
        reviews: &[NewReview<'_>],
        suspended: &[CardId],
        now: Timestamp,
        scheduler: &Scheduler,
    ) -> Result<HistoryAdded> {
        let Store { connection, path } = self;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).at(path)?;
        let mut added = HistoryAdded::default();
        {
            let mut newest = transaction.prepare_cached(queries::CARD_NEWEST_TIME).at(path)?;
            let mut same = transaction.prepare_cached(queries::CARD_REVIEWS_AT).at(path)?;
            let mut last_card: Option<&CardId> = None;
            let mut since = None;
            for review in reviews {
                if last_card != Some(review.card) {
                    last_card = Some(review.card);
                    since =
                        newest.query_row(params![deck, review.card], |row| row.get::<_, Option<i64>>(0)).at(path)?;
                }
                match since {
                    Some(newest) if review.time.millis() <= newest => {
                        let repeated: i64 = same
                            .query_row(params![deck, review.card, review.time, review.kind], |row| row.get(0))
                            .at(path)?;
                        match repeated {
                            0 => added.older += 1,
                            _ => added.already += 1,
                        }
                    }
                    Some(_) | None => {
                        insert_review(&transaction, review).at(path)?;
                        added.added += 1;
                    }
                }
            }
        }
        for card in suspended {
            suspend(&transaction, deck, card, now).at(path)?;
            added.suspended += 1;
        }
        rebuild_deck(&transaction, deck, scheduler).at(path)?;
        transaction.commit().at(path)?;
        Ok(added)
    }
}
