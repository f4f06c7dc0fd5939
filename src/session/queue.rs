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
    /// Cards due now: the first is the one to ask (lowest recall, then most
    /// overdue); the rest in no particular order.
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
    /// given the cards the store had `reviewed` when the session started.
    pub fn new(cards: &'d [CardEntry], reviewed: &HashSet<CardId>, tags: &[String], limit: Option<usize>) -> Self {
        let mut positions = HashMap::new();
        let mut unseen = Vec::new();
        for (index, card) in cards.iter().enumerate() {
            if !has_any_tag(&card.tags, tags) {
                continue;
            }
            positions.insert(&card.id, index);
            if !reviewed.contains(&card.id) {
                unseen.push(index);
            }
        }
        Queue { positions, unseen, limit, asked: HashSet::new() }
    }

    /// Holds back new card `card` for the rest of the session (a sibling was studied).
    pub fn hold(&mut self, card: usize) {
        self.unseen.retain(|unseen| *unseen != card);
    }

    /// Notes that `card` was asked.
    pub fn asked(&mut self, card: usize) {
        self.asked.insert(card);
    }

    /// Whether another distinct card may still be asked.
    fn room_for_more(&self) -> bool {
        self.limit.is_none_or(|limit| self.asked.len() < limit)
    }

    /// The position in the deck of card `id`, if the session may ask it.
    pub fn position(&self, id: &CardId) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// What is waiting at `now`, given the reviewed cards (by position) the
    /// store has due by the learn-ahead horizon (`due_by`), how many new
    /// cards today still allows, and which cards have been reviewed since the
    /// session started (`reviewed`, for new cards another session may have
    /// taken). One pass over the due cards: the one to ask first is found,
    /// the rest are only counted.
    pub fn waiting<'s>(
        &self,
        due_by: impl IntoIterator<Item = (usize, &'s StoredCard)>,
        scheduler: &Scheduler,
        now: Timestamp,
        new_allowance: usize,
        reviewed: impl Fn(usize) -> bool,
    ) -> Waiting {
        let open = |card: &usize| self.room_for_more() || self.asked.contains(card);
        let horizon = now.plus(chrono::Duration::minutes(LEARN_AHEAD_MINUTES));
        let mut due: Vec<usize> = Vec::new();
        // The card to ask first: its recall, due time and position, and where it is in `due`.
        let mut first: Option<((f64, Timestamp, usize), usize)> = None;
        let mut early: Option<(Timestamp, usize)> = None;
        for (card, entry) in due_by {
            if !is_available(Some(entry), now) || !open(&card) {
                continue;
            }
            if entry.state.due <= now {
                let recall = scheduler.retrievability(&entry.state, now).unwrap_or(0.0);
                let key = (recall, entry.state.due, card);
                let before = |((recall, due, card), _): ((f64, Timestamp, usize), usize)| {
                    key.0.total_cmp(&recall).then(key.1.cmp(&due)).then(key.2.cmp(&card)).is_lt()
                };
                if first.is_none_or(before) {
                    first = Some((key, due.len()));
                }
                due.push(card);
            } else if matches!(entry.state.phase, Phase::Learning | Phase::Relearning)
                && entry.state.due <= horizon
                && early.is_none_or(|(soonest, at)| (entry.state.due, card) < (soonest, at))
            {
                early = Some((entry.state.due, card));
            }
        }
        if let Some((_, at)) = first {
            due.swap(0, at);
        }
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
