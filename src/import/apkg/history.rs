//! Anki's review log to quiz reviews, chosen by the rules Anki itself uses
//! to pick the rows it trains FSRS on (rslib's `reviews_for_fsrs`, described
//! in tests/fixtures/import/apkg/README.md): a card's history starts at its
//! last run of learning rows (what came before a reset no longer describes the
//! memory); rows that rate nothing (set due date, reset, rescheduling) and
//! cramming in a filtered deck without rescheduling are left out; a card with
//! no learning run in the log (its history began elsewhere) brings nothing.
//! One difference: a card whose only rows are one learning step keeps it,
//! though Anki's training has no item to make of it; it is a real review.

use std::collections::HashMap;

use super::collection::{Collection, RevlogEntry};
use crate::deck::CardId;
use crate::import::{Imported, PastReview, RemarkKind};

/// Revlog `type` values (anything else is read as learning, as Anki does).
const LEARN: i64 = 0;
const FILTERED: i64 = 3;
const MANUAL: i64 = 4;
const RESCHEDULED: i64 = 5;

impl RevlogEntry {
    fn review_kind(&self) -> i64 {
        if (0..=5).contains(&self.kind) {
            self.kind
        } else {
            LEARN
        }
    }

    /// Forget / reset to new.
    fn is_reset(&self) -> bool {
        self.review_kind() == MANUAL && self.factor == 0
    }

    /// Answered in a filtered deck that does not reschedule.
    fn is_cramming(&self) -> bool {
        self.review_kind() == FILTERED && self.factor == 0
    }

    fn is_rated_learning(&self) -> bool {
        self.review_kind() == LEARN && self.ease > 0
    }

    /// A rating that tested the memory.
    fn is_memory_test(&self) -> bool {
        (1..=4).contains(&self.ease) && !self.is_cramming() && !matches!(self.review_kind(), MANUAL | RESCHEDULED)
    }
}

/// Why rows were left out, counted over the whole log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Left {
    /// Set due date, reset, rescheduling: no rating.
    unrated: usize,
    /// Cramming without rescheduling.
    cramming: usize,
    /// Before the card's last learning run.
    before_start: usize,
    /// Of cards with no learning run in the log.
    no_start: usize,
    /// Of cards that were not imported.
    unknown_card: usize,
}

/// Adds the reviews of every kept card to `imported.history`, in time order
/// per card, and one remark per reason rows were left out.
pub fn convert(collection: &Collection, kept: &HashMap<i64, CardId>, imported: &mut Imported) {
    let mut left = Left::default();
    for entries in collection.revlog.chunk_by(|first, second| first.card == second.card) {
        let Some(card) = entries.first().and_then(|entry| kept.get(&entry.card)) else {
            left.unknown_card += entries.len();
            continue;
        };
        for entry in for_training(entries, &mut left) {
            imported.history.push(PastReview {
                card: card.clone(),
                time_ms: entry.id,
                rating: u8::try_from(entry.ease).unwrap_or(1),
                duration_ms: u64::try_from(entry.time_ms).unwrap_or(0),
            });
        }
    }
    let mut remark = |count: usize, why: &str| {
        if count > 0 {
            imported.remark("review log".to_string(), RemarkKind::Dropped, format!("{count} rows {why}"));
        }
    };
    remark(left.unrated, "rate nothing (set due date, reset, rescheduling): not memory tests");
    remark(left.cramming, "are cramming in a filtered deck that did not reschedule");
    remark(left.before_start, "come before their card's last run of learning steps, where its history restarts");
    remark(
        left.no_start,
        "belong to cards with no learning steps in the log (their history began elsewhere); those cards start as new",
    );
    remark(left.unknown_card, "are of cards that were not imported");
}

/// One card's rows (in time order) that describe its memory, by Anki's training rules.
fn for_training<'a>(entries: &'a [RevlogEntry], left: &mut Left) -> Vec<&'a RevlogEntry> {
    // Walk back from the newest row to the first of the last run of learning rows.
    let mut start = None;
    for (index, entry) in entries.iter().enumerate().rev() {
        if entry.is_cramming() {
            continue;
        }
        if entry.is_rated_learning() {
            start = Some(index);
        } else if start.is_some() || entry.is_reset() {
            break;
        }
    }
    let Some(start) = start else {
        left.no_start += entries.len();
        return Vec::new();
    };
    left.before_start += start;
    let mut kept = Vec::with_capacity(entries.len() - start);
    for entry in &entries[start..] {
        if entry.is_memory_test() {
            kept.push(entry);
        } else if entry.is_cramming() {
            left.cramming += 1;
        } else {
            left.unrated += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, kind: i64, ease: i64, factor: i64) -> RevlogEntry {
        RevlogEntry { id, card: 1, ease, factor, time_ms: 5000, kind }
    }

    fn kept(entries: &[RevlogEntry]) -> (Vec<i64>, Left) {
        let mut left = Left::default();
        let ids = for_training(entries, &mut left).iter().map(|entry| entry.id).collect();
        (ids, left)
    }

    #[test]
    fn set_due_date_rescheduling_and_cramming_rows_are_left_out() {
        let entries = [
            entry(1, LEARN, 3, 0),
            entry(2, LEARN, 3, 2500),
            entry(3, 1, 3, 2500),
            entry(4, MANUAL, 0, 2500),
            entry(5, FILTERED, 3, 0),
            entry(6, RESCHEDULED, 0, 2500),
            entry(7, 1, 2, 2350),
            entry(8, FILTERED, 3, 2350),
        ];
        let (ids, left) = kept(&entries);
        assert_eq!(ids, [1, 2, 3, 7, 8]);
        assert_eq!(left, Left { unrated: 2, cramming: 1, ..Left::default() });
    }

    #[test]
    fn a_reset_drops_the_history_before_the_next_learning_run() {
        let entries = [
            entry(1, LEARN, 3, 0),
            entry(2, 1, 3, 2500),
            entry(3, MANUAL, 0, 0),
            entry(4, LEARN, 2, 0),
            entry(5, LEARN, 3, 2500),
            entry(6, 1, 3, 2500),
        ];
        assert_eq!(kept(&entries), (vec![4, 5, 6], Left { before_start: 3, ..Left::default() }));
        // Reset and never learned again: nothing describes the memory now.
        let entries = [entry(1, LEARN, 3, 0), entry(2, LEARN, 3, 2500), entry(3, MANUAL, 0, 0)];
        assert_eq!(kept(&entries), (vec![], Left { no_start: 3, ..Left::default() }));
    }

    #[test]
    fn a_history_without_learning_rows_brings_nothing_but_one_learning_step_is_kept() {
        let entries = [entry(1, 1, 3, 2500), entry(2, 1, 3, 2500)];
        assert_eq!(kept(&entries), (vec![], Left { no_start: 2, ..Left::default() }));
        assert_eq!(kept(&[entry(7, LEARN, 3, 0)]).0, [7]);
        // An unknown type is read as learning, as Anki does.
        assert_eq!(kept(&[entry(1, 9, 3, 0), entry(2, 1, 3, 2500)]).0, [1, 2]);
    }
}
