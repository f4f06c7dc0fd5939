//! Which card a study session asks next. The queue is asked again after every
//! answer, against the clock and the store as they are then, so cards that
//! fall due during a session (answered in another session, say) are seen.
//!
//! The order: cards due now (lowest recall first, then most overdue); then new
//! cards in deck order while today's allowance lasts; then, only when nothing
//! else is left, learning cards due within [`LEARN_AHEAD_MINUTES`] (Anki's
//! "learn ahead limit"), soonest first.

use std::collections::{HashMap, HashSet};

use crate::clock::Timestamp;
use crate::deck::{CardEntry, CardId};
use crate::schedule::{Phase, Scheduler};
use crate::store::StoredCard;

/// How far ahead a learning card may be shown when nothing else is left.
pub const LEARN_AHEAD_MINUTES: i64 = 20;

/// Why a card is asked now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It is due.
    Due,
    /// It has never been reviewed.
    New,
    /// It is a learning card due within the learn-ahead window, and nothing else is left.
    Early,
}

/// The card to ask next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned {
    /// Index into the deck's cards.
    pub card: usize,
    /// Why it is asked now.
    pub reason: Reason,
}

/// What is waiting at one moment, as read from the store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waiting {
    /// Cards due now, in the order to ask them.
    pub due: Vec<usize>,
    /// New cards that may still be introduced, in deck order.
    pub new: Vec<usize>,
    /// The learning card due soonest within the learn-ahead window, if any.
    pub early: Option<usize>,
}

impl Waiting {
    /// The card to ask next, if any.
    pub fn next(&self) -> Option<Planned> {
        let first = |cards: &[usize], reason| cards.first().map(|&card| Planned { card, reason });
        first(&self.due, Reason::Due)
            .or_else(|| first(&self.new, Reason::New))
            .or_else(|| self.early.map(|card| Planned { card, reason: Reason::Early }))
    }
}

/// A study session's queue: the deck's cards that the session may ask, and
/// what it has asked so far.
#[derive(Clone, Debug)]
pub struct Queue<'d> {
    positions: HashMap<&'d CardId, usize>,
    /// Cards without a review when the session started, in deck order.
    unseen: Vec<usize>,
    /// At most this many distinct cards.
    limit: Option<usize>,
    /// The distinct cards asked so far.
    asked: HashSet<usize>,
}

impl<'d> Queue<'d> {
    /// The queue over the deck's `cards` with one of `tags` (all when empty),
    /// given what the store held when the session started.
    pub fn new(
        cards: &'d [CardEntry],
        stored: &HashMap<CardId, StoredCard>,
        tags: &[String],
        limit: Option<usize>,
    ) -> Self {
        let mut positions = HashMap::new();
        let mut unseen = Vec::new();
        for (index, card) in cards.iter().enumerate() {
            if !has_any_tag(&card.tags, tags) {
                continue;
            }
            positions.insert(&card.id, index);
            if stored.get(&card.id).is_none_or(|entry| entry.state.phase == Phase::New) {
                unseen.push(index);
            }
        }
        Queue { positions, unseen, limit, asked: HashSet::new() }
    }

    /// Notes that `card` was asked.
    pub fn asked(&mut self, card: usize) {
        self.asked.insert(card);
    }

    /// Whether another distinct card may still be asked.
    fn room_for_more(&self) -> bool {
        self.limit.is_none_or(|limit| self.asked.len() < limit)
    }

    /// What is waiting at `now`, given the reviewed cards the store has due by
    /// the learn-ahead horizon (`due_by`), how many new cards today still
    /// allows, and which cards have been reviewed since the session started
    /// (`reviewed`, for new cards another session may have taken).
    pub fn waiting(
        &self,
        due_by: &[(CardId, StoredCard)],
        scheduler: &Scheduler,
        now: Timestamp,
        new_allowance: usize,
        reviewed: impl Fn(usize) -> bool,
    ) -> Waiting {
        let open = |card: &usize| self.room_for_more() || self.asked.contains(card);
        let mut due: Vec<(f64, Timestamp, usize)> = Vec::new();
        let mut early: Option<(Timestamp, usize)> = None;
        for (id, entry) in due_by {
            let Some(&card) = self.positions.get(id) else { continue };
            if !is_available(Some(entry), now) || !open(&card) {
                continue;
            }
            if entry.state.due <= now {
                let recall = scheduler.retrievability(&entry.state, now).unwrap_or(0.0);
                due.push((recall, entry.state.due, card));
            } else if matches!(entry.state.phase, Phase::Learning | Phase::Relearning)
                && early.is_none_or(|(soonest, _)| entry.state.due < soonest)
            {
                early = Some((entry.state.due, card));
            }
        }
        due.sort_by(|left, right| left.0.total_cmp(&right.0).then(left.1.cmp(&right.1)).then(left.2.cmp(&right.2)));
        let due: Vec<usize> = due.into_iter().map(|(_, _, card)| card).collect();
        let mut room = match self.limit {
            Some(limit) => {
                limit.saturating_sub(self.asked.len() + due.iter().filter(|card| !self.asked.contains(card)).count())
            }
            None => usize::MAX,
        };
        room = room.min(new_allowance);
        let new = self
            .unseen
            .iter()
            .copied()
            .filter(|card| !self.asked.contains(card) && !reviewed(*card))
            .take(room)
            .collect();
        Waiting { due, new, early: early.map(|(_, card)| card) }
    }
}

/// Whether a stored card can be asked now: not suspended, not buried.
pub fn is_available(stored: Option<&StoredCard>, now: Timestamp) -> bool {
    stored.is_none_or(|stored| !stored.suspended && stored.buried_until.is_none_or(|until| until <= now))
}

/// When a stored card can next be asked: when it falls due, or when its burial
/// ends if that is later; never while it is suspended.
pub fn next_showing(stored: &StoredCard) -> Option<Timestamp> {
    if stored.suspended || stored.state.phase == Phase::New {
        return None;
    }
    Some(stored.buried_until.map_or(stored.state.due, |until| until.max(stored.state.due)))
}

/// Whether the card has one of `tags` (every card does when `tags` is empty).
pub fn has_any_tag(card_tags: &[String], tags: &[String]) -> bool {
    tags.is_empty() || card_tags.iter().any(|tag| tags.contains(tag))
}
