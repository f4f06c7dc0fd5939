//! Which cards a study session asks, in which order.

use std::collections::HashMap;

use crate::clock::Timestamp;
use crate::deck::{CardId, Deck};
use crate::schedule::{Phase, Scheduler};
use crate::store::StoredCard;

/// A card planned for the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// Index into the deck's cards.
    pub card: usize,
    /// Whether the card has never been reviewed.
    pub is_new: bool,
}

/// What limits a session's queue.
#[derive(Clone, Debug, Default)]
pub struct QueueLimits {
    /// New cards still allowed today.
    pub new_allowance: usize,
    /// At most this many cards in all.
    pub limit: Option<usize>,
    /// Only cards with one of these tags (all cards when empty).
    pub tags: Vec<String>,
}

/// Whether a stored card can be asked now: not suspended, not buried.
pub fn is_available(stored: Option<&StoredCard>, now: Timestamp) -> bool {
    stored.is_none_or(|stored| !stored.suspended && stored.buried_until.is_none_or(|until| until <= now))
}

/// Whether the card has one of `tags` (every card does when `tags` is empty).
pub fn has_any_tag(card_tags: &[String], tags: &[String]) -> bool {
    tags.is_empty() || card_tags.iter().any(|tag| tags.contains(tag))
}

/// Due cards first (lowest retrievability, then most overdue), then new cards
/// in deck order up to the allowance; at most `limit` in all.
pub fn build(
    deck: &Deck,
    stored: &HashMap<CardId, StoredCard>,
    scheduler: &Scheduler,
    now: Timestamp,
    limits: &QueueLimits,
) -> Vec<Planned> {
    let mut due: Vec<(f64, Timestamp, usize)> = Vec::new();
    let mut new = Vec::new();
    for (index, card) in deck.cards.iter().enumerate() {
        if !has_any_tag(&card.tags, &limits.tags) {
            continue;
        }
        let entry = stored.get(&card.id);
        if !is_available(entry, now) {
            continue;
        }
        match entry {
            Some(entry) if entry.state.phase != Phase::New => {
                if entry.state.due <= now {
                    let recall = scheduler.retrievability(&entry.state, now).unwrap_or(0.0);
                    due.push((recall, entry.state.due, index));
                }
            }
            _ => new.push(index),
        }
    }
    due.sort_by(|left, right| left.0.total_cmp(&right.0).then(left.1.cmp(&right.1)).then(left.2.cmp(&right.2)));
    let planned = due
        .into_iter()
        .map(|(_, _, card)| Planned { card, is_new: false })
        .chain(new.into_iter().take(limits.new_allowance).map(|card| Planned { card, is_new: true }));
    match limits.limit {
        Some(limit) => planned.take(limit).collect(),
        None => planned.collect(),
    }
}
