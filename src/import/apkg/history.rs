//! Anki's review log to quiz reviews, kept by the rules Anki itself uses to
//! train FSRS: entries that were not a memory test (manual changes,
//! rescheduling, cramming in a filtered deck without rescheduling) are left
//! out, and a card's history starts at its last run of learning steps (what
//! came before a reset no longer describes the memory).

use std::collections::HashMap;

use super::collection::{Collection, RevlogEntry};
use crate::deck::CardId;
use crate::import::{Imported, PastReview, RemarkKind};

/// Revlog `type` values.
const LEARN: i64 = 0;
const FILTERED: i64 = 3;
const MANUAL: i64 = 4;
const RESCHEDULED: i64 = 5;

/// Why entries were left out, counted over the whole log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Left {
    manual: usize,
    cramming: usize,
    before_reset: usize,
    unknown_card: usize,
}

/// Adds the reviews of every kept card to `imported.history`, in time order
/// per card, and one remark per reason entries were left out.
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
            imported.remark("review log".to_string(), RemarkKind::Dropped, format!("{count} entries {why}"));
        }
    };
    remark(left.manual, "of manual changes or rescheduling (not memory tests; Anki's FSRS leaves them out too)");
    remark(left.cramming, "of cramming in a filtered deck without rescheduling (left out, as Anki's FSRS does)");
    remark(
        left.before_reset,
        "from before a card's last run of learning steps (its history restarts there, as in Anki's FSRS)",
    );
    remark(left.unknown_card, "of cards that were not imported");
}

/// One card's entries (in time order) that describe its memory.
fn for_training<'a>(entries: &'a [RevlogEntry], left: &mut Left) -> Vec<&'a RevlogEntry> {
    let mut kept: Vec<&RevlogEntry> = Vec::with_capacity(entries.len());
    for entry in entries {
        if entry.kind == MANUAL || entry.kind == RESCHEDULED || !(1..=4).contains(&entry.ease) {
            left.manual += 1;
        } else if entry.kind == FILTERED && entry.factor == 0 {
            left.cramming += 1;
        } else {
            kept.push(entry);
        }
    }
    // The start of the last run of learning entries, if there is one.
    let start = kept
        .iter()
        .enumerate()
        .rev()
        .skip_while(|(_, entry)| entry.kind != LEARN)
        .take_while(|(_, entry)| entry.kind == LEARN)
        .last()
        .map_or(0, |(index, _)| index);
    left.before_reset += start;
    kept.split_off(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, kind: i64, ease: i64, factor: i64) -> RevlogEntry {
        RevlogEntry { id, card: 1, ease, factor, time_ms: 5000, kind }
    }

    #[test]
    fn history_starts_at_the_last_learning_run_without_manual_or_cramming_entries() {
        let entries = [
            entry(1, LEARN, 3, 0),
            entry(2, 1, 3, 2500),
            entry(3, MANUAL, 0, 0),
            entry(4, LEARN, 1, 0),
            entry(5, LEARN, 3, 0),
            entry(6, FILTERED, 3, 0),
            entry(7, 1, 3, 2500),
            entry(8, 2, 1, 2300),
            entry(9, RESCHEDULED, 0, 2300),
            entry(10, FILTERED, 4, 2300),
        ];
        let mut left = Left::default();
        let kept: Vec<i64> = for_training(&entries, &mut left).iter().map(|entry| entry.id).collect();
        assert_eq!(kept, [4, 5, 7, 8, 10]);
        assert_eq!(left, Left { manual: 2, cramming: 1, before_reset: 2, unknown_card: 0 });
    }

    #[test]
    fn a_card_learned_before_the_log_began_keeps_all_its_reviews() {
        let entries = [entry(1, 1, 3, 2500), entry(2, 2, 1, 2500), entry(3, 1, 4, 2300)];
        let mut left = Left::default();
        assert_eq!(for_training(&entries, &mut left).len(), 3);
        assert_eq!(left, Left::default());
    }
}
