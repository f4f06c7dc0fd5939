//! The reviewed cards a study session may ask soon, kept in step with the
//! store between answers without reading them all again.
//!
//! The queue is asked again after every answer, against the store as it is
//! then. Reading every due card each time costs as much as the deck has due
//! cards (36,000 in a 100,000-card benchmark: 60 ms an answer). Instead the
//! due cards are read whole once, and again only when another connection
//! (another session, a `quiz review`) has written to the store, which SQLite's
//! `data_version` tells for the price of a pragma. Otherwise the session's own
//! writes all concern the card it just asked, so that card is read again, and
//! the cards that fell due since the last look are added from the due index.

use std::collections::HashMap;

use super::queue::Queue;
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::error::Result;
use crate::schedule::Phase;
use crate::store::{Store, StoredCard};

/// The reviewed cards due by a horizon, by their position in the deck.
#[derive(Clone, Debug, Default)]
pub struct DueCards {
    cards: HashMap<usize, StoredCard>,
    /// The horizon of the last look and the store's `data_version` then.
    seen: Option<(Timestamp, i64)>,
}

impl DueCards {
    /// Brings the cards up to date with the store, due by `horizon`. `asked`
    /// is the card the session asked since the last look, whose state its
    /// own answer (or undo, suspension, burial) may have changed. Returns
    /// whether the store was read whole.
    pub fn refresh(
        &mut self,
        store: &Store,
        deck: &DeckId,
        queue: &Queue<'_>,
        horizon: Timestamp,
        asked: Option<&CardId>,
    ) -> Result<bool> {
        let version = store.data_version()?;
        let Some((last_horizon, last_version)) = self.seen.filter(|(_, last)| *last == version) else {
            self.cards.clear();
            for (id, stored) in store.cards_due_by(deck, horizon)? {
                self.keep(queue, &id, stored, horizon);
            }
            self.seen = Some((horizon, version));
            return Ok(true);
        };
        if let Some(id) = asked {
            if let Some(position) = queue.position(id) {
                self.cards.remove(&position);
            }
            if let Some(stored) = store.card(deck, id)? {
                self.keep(queue, id, stored, last_horizon.max(horizon));
            }
        }
        if horizon > last_horizon {
            for (id, stored) in store.cards_due_between(deck, last_horizon, horizon)? {
                self.keep(queue, &id, stored, horizon);
            }
            self.seen = Some((horizon, last_version));
        }
        Ok(false)
    }

    /// Keeps `stored` if it is a reviewed card of the queue due by `horizon`.
    fn keep(&mut self, queue: &Queue<'_>, id: &CardId, stored: StoredCard, horizon: Timestamp) {
        if stored.state.phase == Phase::New || stored.state.due > horizon {
            return;
        }
        if let Some(position) = queue.position(id) {
            self.cards.insert(position, stored);
        }
    }

    /// The cards, by position, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &StoredCard)> {
        self.cards.iter().map(|(position, stored)| (*position, stored))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::deck::{CardEntry, Deck};
    use crate::schedule::Rating;
    use crate::session::testing::{kinds_deck, monday, store};
    use crate::store::SessionKind;

    fn review(store: &mut Store, deck: &Deck, card: &str, time: Timestamp, rating: Rating) {
        crate::session::testing::record(store, deck, card, time, rating, SessionKind::Study);
    }

    fn ids(due: &DueCards, entries: &[CardEntry]) -> Vec<String> {
        let mut ids: Vec<String> = due.iter().map(|(position, _)| entries[position].id.0.clone()).collect();
        ids.sort();
        ids
    }

    #[test]
    fn read_whole_only_when_another_connection_wrote_and_kept_in_step_otherwise() {
        let deck = kinds_deck();
        let entries: Vec<CardEntry> = deck.cards.iter().map(CardEntry::of).collect();
        let (guard, mut own) = store();
        let mut other = Store::open(guard.path()).unwrap();
        let queue = Queue::new(&entries, &Default::default(), &[], None);
        let horizon = |minutes| monday().plus(Duration::minutes(minutes));
        let mut due = DueCards::default();

        // Wrong at 9:00: due again at 9:01, within the 20-minute horizon.
        review(&mut own, &deck, "stdlib-version", monday(), Rating::Again);
        assert!(due.refresh(&own, &deck.id, &queue, horizon(20), None).unwrap(), "the first look reads the store");
        assert_eq!(ids(&due, &entries), ["stdlib-version"]);
        assert!(!due.refresh(&own, &deck.id, &queue, horizon(20), None).unwrap(), "nothing changed");

        // The session's own answer moves its card past the horizon: read again, dropped.
        review(&mut own, &deck, "stdlib-version", horizon(1), Rating::Easy);
        assert!(!due.refresh(&own, &deck.id, &queue, horizon(21), Some(&deck.cards[0].id)).unwrap());
        assert!(ids(&due, &entries).is_empty(), "an easy answer is not due within the horizon");

        // Another process's answer is seen: the store is read whole.
        review(&mut other, &deck, "loop-library", horizon(2), Rating::Again);
        assert!(due.refresh(&own, &deck.id, &queue, horizon(22), None).unwrap());
        assert_eq!(ids(&due, &entries), ["loop-library"]);

        // A card due beyond the horizon joins once the horizon reaches it, without a whole read.
        let third = deck.cards[2].id.clone();
        review(&mut own, &deck, &third.0, horizon(15), Rating::Good);
        let step = own.card(&deck.id, &third).unwrap().unwrap().state.due;
        assert_eq!(step, horizon(25), "on its 10-minute learning step");
        assert!(!due.refresh(&own, &deck.id, &queue, horizon(22), None).unwrap());
        assert_eq!(ids(&due, &entries), ["loop-library"], "not yet due by the horizon");
        assert!(!due.refresh(&own, &deck.id, &queue, horizon(30), None).unwrap());
        assert_eq!(ids(&due, &entries), ["loop-library".to_string(), third.0]);
    }
}
